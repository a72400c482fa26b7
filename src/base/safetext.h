/*
 * safetext.h -- untrusted text shown on a terminal, safely.
 *
 * A routine's texts come from anyone (a raw ESC compiles in a .rt text; a
 * crafted .rtb carries any bytes), and so do file names, history rows and
 * quoted source lines.  Everything that reaches a terminal as text goes
 * through this one function, which keeps what prints and turns into '?'
 * what a terminal would act on instead of showing:
 *
 *   - C0 control bytes (ESC, BEL, CR, backspace...) and DEL; newline and
 *     tab only when the caller keeps them (SAFE_TEXT_NEWLINE, _TAB);
 *   - C1 controls U+0080..U+009F (CSI, OSC... in their UTF-8 form);
 *   - bidirectional overrides and isolates (U+061C, U+200E, U+200F,
 *     U+202A..U+202E, U+2066..U+2069), which reorder what is shown;
 *   - bytes that are not valid UTF-8 (a lone 0x9B is CSI to some
 *     terminals), each becoming one '?'.
 *
 * Every replacement is one column wide, so a caret under a quoted line
 * stays in place.  The JSON writers escape instead (json.h).
 */
#ifndef ROUTINEC_SAFETEXT_H
#define ROUTINEC_SAFETEXT_H

#include <stddef.h>
#include <stdio.h>

enum {
    SAFE_TEXT_NEWLINE = 1, /* keep '\n' */
    SAFE_TEXT_TAB = 2,     /* keep '\t' */
};

/* Write s[0..len) to `out`, made safe. */
void safe_text_write(FILE *out, const char *s, size_t len, unsigned keep);

/* The same for a NUL-terminated string (NULL writes nothing). */
void safe_text_fputs(const char *s, FILE *out, unsigned keep);

/* fprintf, with the whole message made safe (newlines and tabs kept): for
 * every message that names a file or quotes a text.  Returns what
 * vsnprintf returns. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int safe_text_printf(FILE *out, const char *fmt, ...);

/* A malloc'd, NUL-terminated safe copy (never longer than the input), or
 * NULL when out of memory.  For writers that need a string (ncurses). */
char *safe_text_dup(const char *s, size_t len, unsigned keep);

#endif
