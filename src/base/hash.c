/* hash.c -- see hash.h. */
#include "hash.h"

/* The hash is byte-serial by definition; eight bytes per loop turn only
 * saves the loop overhead (the result is the same as one byte at a time),
 * which matters for the source hash of a large routine. */
uint64_t hash_fnv(uint64_t h, const void *bytes, size_t len) {
    const unsigned char *p = bytes;
    size_t i = 0;
    for (; len - i >= 8; i += 8)
        for (size_t k = 0; k < 8; k++)
            h = hash_fnv_byte(h, p[i + k]);
    for (; i < len; i++)
        h = hash_fnv_byte(h, p[i]);
    return h;
}
