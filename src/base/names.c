/* names.c -- see names.h. */
#include "names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"

bool names_equal(const char *a, const char *b) {
    return strcasecmp(a, b) == 0;
}

void names_init(Names *names) {
    memset(names, 0, sizeof *names);
}

void names_free(Names *names) {
    free(names->keys);
    free(names->values);
    free(names->slots);
    names_init(names);
}

/* Case-folded, so every spelling of a name lands in one slot. */
static uint32_t hash_folded(const char *key) {
    uint64_t h = HASH_FNV_OFFSET;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = hash_fnv_byte(h, (unsigned char)tolower(*p));
    return (uint32_t)(h ^ h >> 32);
}

/* Slot holding `key`, or the empty slot where it would go. */
static uint32_t find_slot(const Names *names, const char *key) {
    uint32_t mask = names->n_slots - 1;
    uint32_t i = hash_folded(key) & mask;
    while (names->slots[i] && !names_equal(names->keys[names->slots[i] - 1], key))
        i = (i + 1) & mask;
    return i;
}

static bool rehash(Names *names, uint32_t n_slots) {
    uint32_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return false;
    free(names->slots);
    names->slots = slots;
    names->n_slots = n_slots;
    for (uint32_t k = 0; k < names->count; k++)
        names->slots[find_slot(names, names->keys[k])] = k + 1;
    return true;
}

static bool grow(Names *names) {
    if (names->count == names->cap) {
        if (names->cap > UINT32_MAX / 4)
            return false;
        uint32_t cap = names->cap ? names->cap * 2 : 16;
        const char **keys = realloc(names->keys, cap * sizeof *keys);
        if (!keys)
            return false;
        names->keys = keys;
        void **values = realloc(names->values, cap * sizeof *values);
        if (!values)
            return false;
        names->values = values;
        names->cap = cap;
    }
    if ((names->count + 1) * 2 > names->n_slots)
        return rehash(names, names->n_slots ? names->n_slots * 2 : 32);
    return true;
}

bool names_add(Names *names, const char *key, void *value) {
    if (!grow(names))
        return false;
    names->keys[names->count] = key;
    names->values[names->count] = value;
    names->count++;
    names->slots[find_slot(names, key)] = names->count;
    return true;
}

void *names_find(const Names *names, const char *key) {
    if (!names->n_slots || !key)
        return NULL;
    uint32_t slot = names->slots[find_slot(names, key)];
    return slot ? names->values[slot - 1] : NULL;
}

uint32_t names_count(const Names *names) {
    return names->count;
}

void *names_value(const Names *names, uint32_t index) {
    return index < names->count ? names->values[index] : NULL;
}

/* Levenshtein distance, case-insensitive, giving up above `limit`. */
static size_t edit_distance(const char *a, const char *b, size_t limit) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diagonal + cost;
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

static size_t allowed_distance(const char *word) {
    size_t len = strlen(word);
    size_t limit = len / 3;
    return limit < 1 ? 1 : limit > 3 ? 3 : limit;
}

const char *names_closest(const char *word, const char *const *candidates, size_t n) {
    size_t limit = allowed_distance(word), best_distance = limit + 1;
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i], limit);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    return best;
}

const char *names_closest_key(const Names *names, const char *word) {
    return names_closest(word, names->keys, names->count);
}
