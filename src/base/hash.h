/*
 * hash.h -- FNV-1a 64, the one hash routinec uses: the source hash a
 * program carries (and the resume journal checks), lint's SARIF
 * fingerprints and the name tables.  Not for anything an attacker must
 * not be able to collide.
 */
#ifndef ROUTINEC_HASH_H
#define ROUTINEC_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV_OFFSET 0xcbf29ce484222325ull /* the hash of no bytes at all */
#define HASH_FNV_PRIME  0x100000001b3ull

/* `h` continued by one byte. */
static inline uint64_t hash_fnv_byte(uint64_t h, unsigned char byte) {
    return (h ^ byte) * HASH_FNV_PRIME;
}

/* `h` continued by bytes[0..len); start from HASH_FNV_OFFSET. */
uint64_t hash_fnv(uint64_t h, const void *bytes, size_t len);

#endif
