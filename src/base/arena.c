/* arena.c -- see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The strictest alignment of anything the compiler keeps in an arena
 * (nodes, specs, pointer arrays): pointers, 64-bit integers, doubles.
 * Not max_align_t, whose 16 bytes on x86-64 would round a 136-byte Node up
 * to 144 for nothing. */
typedef union {
    void *pointer;
    void (*function)(void);
    uint64_t u64;
    double real;
} ArenaAlign;

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size;
    alignas(ArenaAlign) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void arena_init(Arena *arena) {
    arena->head = NULL;
    arena->total = 0;
}

void arena_free(Arena *arena) {
    ArenaBlock *block = arena->head;
    while (block) {
        ArenaBlock *next = block->next;
        free(block);
        block = next;
    }
    arena_init(arena);
}

static ArenaBlock *arena_grow(Arena *arena, size_t need) {
    size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    ArenaBlock *block = malloc(sizeof *block + size);
    if (!block)
        return NULL;
    block->next = arena->head;
    block->used = 0;
    block->size = size;
    arena->head = block;
    arena->total += sizeof *block + size;
    return block;
}

/* `size` bytes at a multiple of `align` (a power of two) in the current
 * block, or in a new one.  Texts ask for alignment 1, so they pack
 * tightly; objects start aligned wherever the last text ended. */
static void *arena_take(Arena *arena, size_t size, size_t align) {
    if (size > SIZE_MAX / 2)
        return NULL;
    ArenaBlock *block = arena->head;
    size_t start = block ? (block->used + align - 1) & ~(align - 1) : 0;
    if (!block || start > block->size || block->size - start < size) {
        block = arena_grow(arena, size);
        if (!block)
            return NULL;
        start = 0;
    }
    block->used = start + size;
    return block->data + start;
}

void *arena_alloc(Arena *arena, size_t size) {
    void *p = arena_take(arena, size, alignof(ArenaAlign));
    if (p)
        memset(p, 0, size);
    return p;
}

char *arena_alloc_text(Arena *arena, size_t size) {
    return arena_take(arena, size, 1);
}

char *arena_strndup(Arena *arena, const char *bytes, size_t len) {
    if (len == SIZE_MAX)
        return NULL;
    char *copy = arena_alloc_text(arena, len + 1);
    if (copy) {
        memcpy(copy, bytes, len);
        copy[len] = '\0';
    }
    return copy;
}
