/* diag.c -- see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "safetext.h"
#include "vformat.h"

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

/* The part of a long line that is quoted: about EXCERPT_BEFORE bytes
 * before the column and EXCERPT_WIDTH in all, so that an error on a line of
 * a megabyte costs what one on a short line does. */
#define EXCERPT_BEFORE 40u
#define EXCERPT_WIDTH 120u

typedef struct {
    size_t from, to;   /* the bytes of the line shown */
    bool cut_before, cut_after;
} Window;

/* Move `at` back to the start of the UTF-8 character it is in. */
static size_t char_start(const char *line, size_t at) {
    while (at > 0 && is_continuation((unsigned char)line[at]))
        at--;
    return at;
}

static Window excerpt_window(const char *line, size_t len, uint32_t col) {
    Window w = {0, len, false, false};
    if (len <= EXCERPT_WIDTH)
        return w;
    size_t at = col ? col - 1 : 0;
    if (at > len)
        at = len;
    if (at > EXCERPT_BEFORE)
        w.from = char_start(line, at - EXCERPT_BEFORE);
    if (len - w.from > EXCERPT_WIDTH)
        w.to = char_start(line, w.from + EXCERPT_WIDTH);
    w.cut_before = w.from > 0;
    w.cut_after = w.to < len;
    return w;
}

/* The caret line: blanks (tabs kept) up to the column, '^', then '~' to
 * the end of the span -- counted in characters of the window. */
static void print_marks(Diag *diag, FILE *out, const char *line, Window w, const Diagnostic *d) {
    size_t col = d->loc.col ? d->loc.col - 1 : 0;
    fputs(w.cut_before ? "      |    " : "      | ", out);
    for (size_t i = w.from; i < col && i < w.to; i++)
        if (!is_continuation((unsigned char)line[i]))
            fputc(line[i] == '\t' ? '\t' : ' ', out);
    if (diag->color)
        fputs(GREEN, out);
    fputc('^', out);
    if (d->loc.end_line == d->loc.line && d->loc.end_col > col + 1) {
        size_t last = d->loc.end_col < w.to ? d->loc.end_col : w.to;
        for (size_t i = col + 1; i < last; i++)
            if (!is_continuation((unsigned char)line[i]))
                fputc('~', out);
    }
    if (diag->color)
        fputs(RESET, out);
    fputc('\n', out);
}

/* Print (a window of) the source line of `loc` with a caret under its
 * first column and tildes under the rest of it.  The text is made safe
 * for a terminal (safetext.h), each replacement one column wide, so the
 * caret lands under the right character. */
static void print_excerpt(Diag *diag, FILE *out, const Diagnostic *d) {
    size_t len;
    const char *line = sources_line(diag->sources, d->loc.file, d->loc.line, &len);
    if (!line)
        return;
    Window w = excerpt_window(line, len, d->loc.col);
    fprintf(out, "%5u | %s", d->loc.line, w.cut_before ? "..." : "");
    safe_text_write(out, line + w.from, w.to - w.from, SAFE_TEXT_TAB);
    fputs(w.cut_after ? "...\n" : "\n", out);
    print_marks(diag, out, line, w, d);
}

/* "path:line:col: level: message [tag]", coloured when asked. */
static void print_header(const Diag *diag, FILE *out, const Diagnostic *d) {
    const char *path = "routinec";
    if (d->loc.file < diag->sources->n_files)
        path = diag->sources->files[d->loc.file].path;
    if (diag->color)
        fputs(BOLD, out);
    safe_text_fputs(path, out, 0);
    if (d->loc.line)
        fprintf(out, ":%u:%u: ", d->loc.line, d->loc.col);
    else
        fputs(": ", out);
    if (diag->color)
        fprintf(out, "%s%s:" RESET BOLD, level_colors[d->level], level_names[d->level]);
    else
        fprintf(out, "%s:", level_names[d->level]);
    fputc(' ', out);
    safe_text_fputs(d->message, out, 0);
    if (d->tag) {
        fputs(" [", out);
        safe_text_fputs(d->tag, out, 0);
        fputc(']', out);
    }
    if (diag->color)
        fputs(RESET, out);
    fputc('\n', out);
}

void diag_print(Diag *diag, FILE *out, const Diagnostic *d) {
    print_header(diag, out, d);
    if (d->loc.line)
        print_excerpt(diag, out, d);
    if (d->hint) {
        fputs("      = hint: ", out);
        safe_text_fputs(d->hint, out, 0);
        fputc('\n', out);
    }
}

/* The default sink: each diagnostic formatted whole, then written with one
 * call (not one write per byte to an unbuffered stderr); after
 * DIAG_MAX_SHOWN of them, one line says the rest are not shown. */
static void print_default(Diag *diag, const Diagnostic *d) {
    if (diag->shown >= DIAG_MAX_SHOWN) {
        if (diag->shown++ == DIAG_MAX_SHOWN)
            fputs("routinec: too many errors and warnings; stopping after the first "
                  DIAG_MAX_SHOWN_TEXT "\n", diag->out);
        return;
    }
    diag->shown++;
    char *text = NULL;
    size_t len = 0;
    FILE *buffer = open_memstream(&text, &len);
    if (!buffer) {
        diag_print(diag, diag->out, d);
        return;
    }
    diag_print(diag, buffer, d);
    if (fclose(buffer) == 0)
        fwrite(text, 1, len, diag->out);
    free(text);
    fflush(diag->out);
}

/* An exact repeat of the last report (same place, same words) says nothing
 * new: error recovery can otherwise produce one. */
static bool is_repeat(Diag *diag, Loc loc, const char *message) {
    if (!diag->last_message || strcmp(diag->last_message, message) != 0)
        return false;
    return memcmp(&diag->last_loc, &loc, sizeof loc) == 0;
}

/* The message of a report: `fmt` formatted into `small`, or into `*owned`
 * when it is long.  A plain "%s" (a linter finding, already formatted) is
 * taken as it is. */
static const char *format_message(char *small, size_t size, char **owned, const char *fmt, va_list args) {
    va_list copy;
    va_copy(copy, args);
    if (fmt[0] == '%' && fmt[1] == 's' && !fmt[2]) {
        const char *given = va_arg(copy, const char *);
        va_end(copy);
        return given ? given : "";
    }
    va_end(copy);
    const char *text = vformat(small, size, owned, NULL, fmt, args);
    return text ? text : "(unprintable message)";
}

const char *diag_id_name(DiagId id) {
    static const char *const names[] = {
#define X(id, name) name,
        DIAG_IDS(X)
#undef X
    };
    return id < DIAG_ID__COUNT ? names[id] : "";
}

static void report(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                   const char *tag, const char *fmt, va_list args) {
    char small[512], *owned = NULL;
    const char *message = format_message(small, sizeof small, &owned, fmt, args);
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
        Diagnostic d = {level, loc, message, hint, tag, id};
        if (diag->sink)
            diag->sink(diag->sink_ctx, &d);
        else
            print_default(diag, &d);
    }
    free(owned);
}

void diag_vreport(Diag *diag, DiagLevel level, Loc loc, const char *hint,
                  const char *tag, const char *fmt, va_list args) {
    report(diag, DIAG_ID_NONE, level, loc, hint, tag, fmt, args);
}

void diag_vreport_id(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                     const char *fmt, va_list args) {
    report(diag, id, level, loc, hint, NULL, fmt, args);
}

void diag_report_id(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                    const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    report(diag, id, level, loc, hint, NULL, fmt, args);
    va_end(args);
}

void diag_report(Diag *diag, DiagLevel level, Loc loc, const char *hint, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    diag_vreport(diag, level, loc, hint, NULL, fmt, args);
    va_end(args);
}
