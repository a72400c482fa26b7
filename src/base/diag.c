/* diag.c -- see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const level_names[] = {"error", "warning", "note"};
static const char *const level_colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

void diag_init(Diag *diag, Sources *sources, FILE *out) {
    memset(diag, 0, sizeof *diag);
    diag->sources = sources;
    diag->out = out;
}

void diag_free(Diag *diag) {
    free(diag->last_message);
    diag->last_message = NULL;
}

bool diag_want_color(FILE *stream) {
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(stream));
}

/* A UTF-8 continuation byte takes no column of its own on screen. */
static bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

/* The line as text a terminal can show: control bytes become '?', so a NUL
 * or an escape sequence in the input cannot cut or garble the excerpt. */
static void print_line_text(FILE *out, const char *line, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        fputc((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c, out);
    }
}

/* Print the source line of `loc` with a caret under its first column and
 * tildes under the rest of it (when it stays on one line).  Columns count
 * bytes; the underline counts characters, and keeps tabs, so that the
 * caret lands under the right character. */
static void print_excerpt(Diag *diag, FILE *out, const Diagnostic *d) {
    size_t len;
    const char *line = sources_line(diag->sources, d->loc.file, d->loc.line, &len);
    if (!line)
        return;
    fprintf(out, "%5u | ", d->loc.line);
    print_line_text(out, line, len);
    fputs("\n      | ", out);
    uint32_t col = d->loc.col ? d->loc.col : 1;
    for (uint32_t i = 1; i < col && i <= len; i++)
        if (!is_continuation((unsigned char)line[i - 1]))
            fputc(line[i - 1] == '\t' ? '\t' : ' ', out);
    if (diag->color)
        fputs(GREEN, out);
    fputc('^', out);
    if (d->loc.end_line == d->loc.line && d->loc.end_col > col) {
        uint32_t last = d->loc.end_col <= len ? d->loc.end_col : (uint32_t)len;
        for (uint32_t i = col + 1; i <= last; i++)
            if (!is_continuation((unsigned char)line[i - 1]))
                fputc('~', out);
    }
    if (diag->color)
        fputs(RESET, out);
    fputc('\n', out);
}

void diag_print(Diag *diag, FILE *out, const Diagnostic *d) {
    const char *path = "routinec";
    if (d->loc.file < diag->sources->n_files)
        path = diag->sources->files[d->loc.file].path;
    if (diag->color)
        fputs(BOLD, out);
    if (d->loc.line)
        fprintf(out, "%s:%u:%u: ", path, d->loc.line, d->loc.col);
    else
        fprintf(out, "%s: ", path);
    if (diag->color)
        fprintf(out, "%s%s:" RESET BOLD, level_colors[d->level], level_names[d->level]);
    else
        fprintf(out, "%s:", level_names[d->level]);
    fprintf(out, " %s", d->message);
    if (d->tag)
        fprintf(out, " [%s]", d->tag);
    if (diag->color)
        fputs(RESET, out);
    fputc('\n', out);
    if (d->loc.line)
        print_excerpt(diag, out, d);
    if (d->hint)
        fprintf(out, "      = hint: %s\n", d->hint);
}

/* An exact repeat of the last report (same place, same words) says nothing
 * new: error recovery can otherwise produce one. */
static bool is_repeat(Diag *diag, Loc loc, const char *message) {
    if (!diag->last_message || strcmp(diag->last_message, message) != 0)
        return false;
    return memcmp(&diag->last_loc, &loc, sizeof loc) == 0;
}

void diag_vreport(Diag *diag, DiagLevel level, Loc loc, const char *hint,
                  const char *tag, const char *fmt, va_list args) {
    char small[512];
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    char *message = small;
    if (n < 0) {
        message = "(unprintable message)";
    } else if ((size_t)n >= sizeof small) {
        message = malloc((size_t)n + 1);
        if (message)
            vsnprintf(message, (size_t)n + 1, fmt, args);
        else
            message = small; /* truncated, still useful */
    }
    if (!is_repeat(diag, loc, message)) {
        free(diag->last_message);
        diag->last_message = strdup(message);
        diag->last_loc = loc;
        if (level == DIAG_ERROR)
            diag->errors++;
        else if (level == DIAG_WARNING)
            diag->warnings++;
        else
            diag->notes++;
        Diagnostic d = {level, loc, message, hint, tag};
        if (diag->sink)
            diag->sink(diag->sink_ctx, &d);
        else
            diag_print(diag, diag->out, &d);
    }
    if (message != small && n >= 0 && (size_t)n >= sizeof small)
        free(message);
}

void diag_report(Diag *diag, DiagLevel level, Loc loc, const char *hint, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    diag_vreport(diag, level, loc, hint, NULL, fmt, args);
    va_end(args);
}
