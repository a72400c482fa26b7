/* vformat.c -- see vformat.h. */
#include "vformat.h"

#include <stdio.h>
#include <stdlib.h>

const char *vformat(char *small, size_t size, char **owned, size_t *len, const char *fmt,
                    va_list args) {
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(small, size, fmt, copy);
    va_end(copy);
    *owned = NULL;
    if (n < 0)
        return NULL;
    size_t want = (size_t)n;
    if (want >= size && (*owned = malloc(want + 1)) != NULL)
        vsnprintf(*owned, want + 1, fmt, args);
    else if (want >= size)
        want = size ? size - 1 : 0; /* cut short, still useful */
    if (len)
        *len = want;
    return *owned ? *owned : small;
}
