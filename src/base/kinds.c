/* kinds.c -- see kinds.h. */
#include "kinds.h"

#include <string.h>

const char *const kinds_words[] = {
#define KIND(word, flags) word,
    EXERCISE_KINDS(KIND)
#undef KIND
};
const size_t kinds_count = sizeof kinds_words / sizeof *kinds_words;

static const unsigned kind_flags[] = {
#define KIND(word, flags) flags,
    EXERCISE_KINDS(KIND)
#undef KIND
};

unsigned kinds_flags(const char *kind) {
    for (size_t i = 0; kind && i < kinds_count; i++)
        if (strcmp(kind, kinds_words[i]) == 0)
            return kind_flags[i];
    return 0;
}
