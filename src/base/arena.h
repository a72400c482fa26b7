/*
 * arena.h -- a bump allocator for everything that lives as long as one
 * compilation (AST nodes, strings).  Freed all at once; no node is ever
 * freed alone, so the parser needs no destructors for the happy path.
 */
#ifndef ROUTINEC_ARENA_H
#define ROUTINEC_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct {
    ArenaBlock *head;
    size_t total; /* bytes obtained from malloc, for `make bench` */
} Arena;

void arena_init(Arena *arena);
void arena_free(Arena *arena);

/* `size` zeroed bytes aligned for pointers, 64-bit integers and doubles
 * (not for long double or over-aligned types), or NULL when out of
 * memory. */
void *arena_alloc(Arena *arena, size_t size);

/* `size` bytes for characters: not aligned (texts pack tightly) and not
 * zeroed; NULL when out of memory. */
char *arena_alloc_text(Arena *arena, size_t size);

/* A NUL-terminated copy of `len` bytes, or NULL when out of memory. */
char *arena_strndup(Arena *arena, const char *bytes, size_t len);

#endif
