/*
 * names.h -- a table of names (case-insensitive, in insertion order) and
 * "did you mean" suggestions by edit distance.
 */
#ifndef ROUTINEC_NAMES_H
#define ROUTINEC_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char **keys;  /* insertion order */
    void **values;
    uint32_t count, cap;
    uint32_t *slots;    /* open addressing: index + 1, 0 = empty */
    uint32_t n_slots;
} Names;

/* Whether `a` and `b` name the same thing: names of exercises, sections,
 * levels and variants are compared without regard to (ASCII) case, by the
 * checker, the linter and the VM alike. */
bool names_equal(const char *a, const char *b);

void names_init(Names *names);
void names_free(Names *names);
bool names_add(Names *names, const char *key, void *value); /* false: out of memory */
void *names_find(const Names *names, const char *key);
uint32_t names_count(const Names *names);
void *names_value(const Names *names, uint32_t index);

/* The candidate closest to `word` (edit distance at most a third of its
 * length, and at least 1..2), or NULL. */
const char *names_closest(const char *word, const char *const *candidates, size_t n);
const char *names_closest_key(const Names *names, const char *word);

#endif
