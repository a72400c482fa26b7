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

/* Every diagnostic of the compiler and the checker has an id: a stable
 * name that tools and tests match, never the words (which are reworded,
 * and may one day be translated).  `routinec lint --format json|sarif`
 * gives it with each compiler finding (RT001, RT002); README, "Diagnostic
 * ids", and routinec(1) list them.  One id may cover several messages of
 * one kind.  Columns: the id, its name, what it means. */
#define DIAG_IDS(X)                                                                        \
    X(NONE, "")                                                                            \
    /* reading the text */                                                                 \
    X(SYNTAX, "syntax")                       /* not the language's grammar */            \
    X(MISSING_SEMICOLON, "missing-semicolon") /* a statement without its `;` */           \
    X(UNCLOSED_BLOCK, "unclosed-block")       /* a `{` never closed */                    \
    X(STRAY_BRACE, "stray-brace")             /* a `}` that closes nothing */             \
    X(TOO_DEEP, "too-deep")                   /* blocks or includes nested too deeply */  \
    X(BAD_CHARACTER, "bad-character")         /* a character the language has no use for */ \
    X(BAD_ENCODING, "bad-encoding")           /* not UTF-8, or a NUL byte */              \
    X(BAD_ESCAPE, "bad-escape")               /* an unknown escape in a text */           \
    X(UNTERMINATED_TEXT, "unterminated-text") /* a text without its closing quote */      \
    X(TEXT_TOO_LONG, "text-too-long")         /* a text over the length allowed */        \
    X(NOT_WHOLE, "not-whole")                 /* a count with a fraction */               \
    X(NEGATIVE, "negative")                   /* a count or duration with a minus sign */ \
    X(MISSING_UNIT, "missing-unit")           /* a duration without s, min or h */        \
    X(UNKNOWN_UNIT, "unknown-unit")           /* a unit routinec does not know */         \
    X(BAD_SCHEDULE, "bad-schedule")           /* `every ...` not in a known form */       \
    X(SIDES_WORDING, "sides-wording")         /* `both sides`, said the way that misleads */ \
    X(SETS_WORDING, "sets-wording")           /* `10 x 3`: which number is the sets? */   \
    /* checking what it means */                                                           \
    X(MISPLACED, "misplaced")                 /* a statement where it cannot be used */   \
    X(OUT_OF_RANGE, "out-of-range")           /* a number too small, too large or 0 */    \
    X(REVERSED_RANGE, "reversed-range")       /* a range that goes down */                \
    X(MIXED_UNITS, "mixed-units")             /* a range of loads in two units */         \
    X(UNKNOWN_TIME, "unknown-time")           /* a time of day routinec does not know */  \
    X(INCOMPLETE_PICTURE, "incomplete-picture") /* a picture without file or description */ \
    X(UNKNOWN_KIND, "unknown-kind")           /* an exercise kind routinec does not know */ \
    X(DUPLICATE_SETTING, "duplicate-setting") /* a setting given twice */                 \
    X(DUPLICATE_NAME, "duplicate-name")       /* two exercises, variants or stages of one name */ \
    X(BUILD_UP, "build-up")                   /* a progression that cannot progress */    \
    X(TEMPO, "tempo")                         /* a tempo's phase without word or duration */ \
    X(SIDES, "sides")                         /* sides that do not fit the exercise */    \
    X(UNKNOWN_EXERCISE, "unknown-exercise")   /* `use` of an exercise never defined */    \
    X(UNKNOWN_VARIANT, "unknown-variant")     /* a variant the exercise does not have */  \
    X(ROUTINE_PLACEMENT, "routine-placement") /* two routines, or one in an include */    \
    X(NO_ROUTINE, "no-routine")               /* a file that needs `routine` has none */  \
    X(NO_EXERCISES, "no-exercises")           /* a routine with nothing to play */        \
    /* files and the program */                                                            \
    X(CANNOT_READ, "cannot-read")             /* a file that cannot be read */            \
    X(INCLUDE_PATH, "include-path")           /* an include outside the allowed places */ \
    X(INCLUDE_CYCLE, "include-cycle")         /* files that include each other */         \
    X(INCLUDE_NEEDS_FILE, "include-needs-file") /* `include` in a text read from no file */ \
    X(PROGRAM_LIMIT, "program-limit")         /* over a limit of the program format */    \
    X(OUT_OF_MEMORY, "out-of-memory")         /* memory ran out */                        \
    X(LINT_POLICY, "lint-policy")             /* the lint policy file has errors */       \
    X(PICTURE_REFUSED, "picture-refused")     /* a handout's picture that is refused */   \
    X(TOO_MANY, "too-many")                   /* the rest are not shown */

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
    DiagId id;         /* DIAG_IDS; DIAG_ID_NONE for a linter's finding (its rule) */
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

/* diag_report for a diagnostic with an id (DIAG_IDS); and with a va_list. */
void diag_report_id(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                    const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void diag_vreport_id(Diag *diag, DiagId id, DiagLevel level, Loc loc, const char *hint,
                     const char *fmt, va_list args);

#define diag_error(d, loc, ...)   diag_report((d), DIAG_ERROR, (loc), NULL, __VA_ARGS__)
#define diag_warning(d, loc, ...) diag_report((d), DIAG_WARNING, (loc), NULL, __VA_ARGS__)

/* Print one diagnostic as text (what the default sink does). */
void diag_print(Diag *diag, FILE *out, const Diagnostic *diagnostic);

#endif
