/* safetext.c -- see safetext.h. */
#include "safetext.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vformat.h"

/* Length of the valid UTF-8 sequence at s[0..len) and its code point, or
 * 0: refuses overlong forms, surrogates and anything above U+10FFFF. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp) {
    unsigned char c = s[0];
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (c >= 0xF5 || n == 0 || n > len)
        return 0;
    uint32_t v = c & (0xFFu >> (n + 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[n] || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0;
    *cp = v;
    return n;
}

/* Code points a terminal acts on or that reorder the line. */
static bool is_unsafe(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* How many bytes at s[0..len) form the next unit, and whether it may be
 * shown as it is (else it becomes one '?'). */
static size_t next_unit(const unsigned char *s, size_t len, unsigned keep, bool *shown) {
    unsigned char c = s[0];
    if (c < 0x80) {
        *shown = (c >= 0x20 && c != 0x7F) || (c == '\n' && (keep & SAFE_TEXT_NEWLINE)) ||
                 (c == '\t' && (keep & SAFE_TEXT_TAB));
        return 1;
    }
    uint32_t cp = 0;
    size_t n = decode(s, len, &cp);
    *shown = n > 0 && !is_unsafe(cp);
    return n ? n : 1;
}

/* Write the safe form of s[0..len) with `put` (a stream or a buffer). */
typedef void (*PutFn)(void *ctx, const char *bytes, size_t n);

static void transform(const char *s, size_t len, unsigned keep, PutFn put, void *ctx) {
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0, i = 0; /* p[run..i) is shown as it is */
    while (i < len) {
        bool shown;
        size_t n = next_unit(p + i, len - i, keep, &shown);
        if (!shown) {
            put(ctx, s + run, i - run);
            put(ctx, "?", 1);
            run = i + n;
        }
        i += n;
    }
    put(ctx, s + run, len - run);
}

static void put_stream(void *ctx, const char *bytes, size_t n) {
    if (n)
        fwrite(bytes, 1, n, (FILE *)ctx);
}

void safe_text_write(FILE *out, const char *s, size_t len, unsigned keep) {
    transform(s, len, keep, put_stream, out);
}

void safe_text_fputs(const char *s, FILE *out, unsigned keep) {
    if (s)
        transform(s, strlen(s), keep, put_stream, out);
}

static void put_buffer(void *ctx, const char *bytes, size_t n) {
    char **at = ctx;
    memcpy(*at, bytes, n);
    *at += n;
}

char *safe_text_dup(const char *s, size_t len, unsigned keep) {
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    char *at = copy;
    transform(s, len, keep, put_buffer, &at);
    *at = '\0';
    return copy;
}

/* A message is formatted whole, then made safe: the file names, titles
 * and paths in its arguments come from anyone. */
int safe_text_printf(FILE *out, const char *fmt, ...) {
    char small[512], *owned;
    size_t n = 0;
    va_list ap;
    va_start(ap, fmt);
    const char *text = vformat(small, sizeof small, &owned, &n, fmt, ap);
    va_end(ap);
    if (!text)
        return -1;
    safe_text_write(out, text, n, SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
    free(owned);
    return (int)n;
}
