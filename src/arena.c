/* arena.c -- see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
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

void *arena_alloc(Arena *arena, size_t size) {
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        return NULL;
    size = (size + align - 1) & ~(align - 1);
    ArenaBlock *block = arena->head;
    if (!block || block->size - block->used < size) {
        block = arena_grow(arena, size);
        if (!block)
            return NULL;
    }
    void *p = block->data + block->used;
    block->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *arena, const char *bytes, size_t len) {
    if (len == SIZE_MAX)
        return NULL;
    char *copy = arena_alloc(arena, len + 1);
    if (copy) {
        memcpy(copy, bytes, len);
        copy[len] = '\0';
    }
    return copy;
}
