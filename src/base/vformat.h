/*
 * vformat.h -- a message formatted once into the caller's small buffer
 * when it fits (almost always), else measured and formatted again into
 * one the caller frees.  The one helper for every writer of messages
 * (diagnostics, lint findings, safe terminal text).
 */
#ifndef ROUTINEC_VFORMAT_H
#define ROUTINEC_VFORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* `fmt` with `args` in `small` (`size` bytes), or in a malloc'd *owned
 * (left NULL when `small` sufficed).  Returns the text; NULL when
 * vsnprintf fails; out of memory, `small` with the text cut short.
 * *len (when not NULL) is the text's length. */
const char *vformat(char *small, size_t size, char **owned, size_t *len, const char *fmt,
                    va_list args);

#endif
