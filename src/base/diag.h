/*
 * diag.h -- the one place diagnostics go.
 *
 * Every stage reports through diag_report(); a sink decides what to do with
 * each Diagnostic.  The default sink prints it the way compilers do:
 *
 *     lowback.rt:12:9: error: a repeat count must be at least 1
 *        12 |         repeat 0 each side;
 *           |                ^
 *           = hint: write `repeat 1` for a single repetition
 *
 * The linter installs its own sink to sort findings and write JSON/SARIF.
 */
#ifndef ROUTINEC_DIAG_H
#define ROUTINEC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "source.h"

/* The default sink prints at most this many diagnostics, then says so
 * once: a broken file of a megabyte must not print a gigabyte. */
#define DIAG_MAX_SHOWN 100u
#define DIAG_MAX_SHOWN_TEXT "100"

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

/* The diagnostics a program has to tell apart, by id, never by their words
 * (which are reworded, and may one day be translated).  Every other one
 * is DIAG_ID_NONE.  Columns: the id, its name (for tests and tools). */
#define DIAG_IDS(X)                                                              \
    X(NONE, "")                                                                  \
    X(NO_ROUTINE, "no-routine")     /* a file that needs `routine` has none */   \
    X(NO_EXERCISES, "no-exercises") /* a routine with nothing to play */         \
    X(TOO_MANY, "too-many")         /* the rest are not shown */

typedef enum {
#define X(id, name) DIAG_ID_##id,
    DIAG_IDS(X)
#undef X
    DIAG_ID__COUNT
} DiagId;

/* "no-routine"..., "" for DIAG_ID_NONE. */
const char *diag_id_name(DiagId id);

typedef struct {
    DiagLevel level;
    Loc loc;           /* line 0: no position (a whole-file problem) */
    const char *message;
    const char *hint;  /* NULL when there is none */
    const char *tag;   /* lint rule, "RT102 long-isometric-hold", or NULL */
    DiagId id;         /* DIAG_ID_NONE unless a program must recognise it */
} Diagnostic;

typedef void (*DiagSink)(void *ctx, const Diagnostic *diagnostic);

typedef struct {
    Sources *sources;
    FILE *out;         /* default sink's stream */
    bool color;        /* default sink: ANSI colour */
    DiagSink sink;     /* NULL: print to `out` */
    void *sink_ctx;
    unsigned errors, warnings, notes;
    unsigned shown;    /* printed by the default sink (capped) */
    Loc last_loc;      /* to drop an exact repeat of the last report */
    char *last_message;
} Diag;

void diag_init(Diag *diag, Sources *sources, FILE *out);
void diag_free(Diag *diag);

/* Whether `stream` should get colour: a terminal, and NO_COLOR unset. */
bool diag_want_color(FILE *stream);

/* Report a problem at `loc`.  `hint` may be NULL. */
void diag_report(Diag *diag, DiagLevel level, Loc loc, const char *hint,
                 const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void diag_vreport(Diag *diag, DiagLevel level, Loc loc, const char *hint,
                  const char *tag, const char *fmt, va_list args);

/* diag_report for a diagnostic with an id (DIAG_IDS). */
void diag_report_id(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                    const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#define diag_error(d, loc, ...)   diag_report((d), DIAG_ERROR, (loc), NULL, __VA_ARGS__)
#define diag_warning(d, loc, ...) diag_report((d), DIAG_WARNING, (loc), NULL, __VA_ARGS__)

/* Print one diagnostic as text (what the default sink does). */
void diag_print(Diag *diag, FILE *out, const Diagnostic *diagnostic);

#endif
