/*
 * grow.h -- the one way an array of ours grows: doubling, from 16.
 */
#ifndef ROUTINEC_GROW_H
#define ROUTINEC_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Room in `*items` (of `size` bytes each, `*cap` of them, `n` used) for
 * one more; false when out of memory (the array is left as it was). */
static inline bool grow_array(void **items, uint32_t *cap, uint32_t n, size_t size) {
    if (n < *cap)
        return true;
    if (*cap > UINT32_MAX / 2)
        return false;
    uint32_t new_cap = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, (size_t)new_cap * size);
    if (!p)
        return false;
    *items = p;
    *cap = new_cap;
    return true;
}

#endif
