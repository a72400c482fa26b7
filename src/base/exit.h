/*
 * exit.h -- routinec's exit statuses, one table (README, "Exit status").
 *
 * Every command returns one of these; a session ended by signal N exits
 * 128+N (EXIT_SIGNAL_BASE + N).  Columns: the enum name, the number, what it
 * means for the compiler and the session, and what it means for `lint`
 * (the same numbers, said in lint's terms).  Help texts print from here.
 */
#ifndef ROUTINEC_EXIT_H
#define ROUTINEC_EXIT_H

#include <stdbool.h>
#include <stdio.h>

#define RT_EXIT_STATUSES(X)                                                          \
    X(EXIT_OK, 0, "success", "clean")                                                \
    X(EXIT_INPUT, 1, "errors in the routine or program", "findings that fail")       \
    X(EXIT_USAGE, 2, "usage error", "usage or policy error")                         \
    X(EXIT_IO, 3, "input/output error", "I/O error")                                 \
    X(EXIT_QUIT, 4, "session ended early", NULL)                                     \
    X(EXIT_PAIN, 5, "session stopped for pain", NULL)

typedef enum {
#define X(name, code, meaning, lint_meaning) name = (code),
    RT_EXIT_STATUSES(X)
#undef X
} ExitStatus;

#define EXIT_SIGNAL_BASE 128

/* "Exit status: 0 success, 1 ..., 128+N ended by signal N." wrapped to
 * `width` columns; with `lint`, lint's statuses in lint's words. */
void exit_print_statuses(FILE *out, const char *lead, int width, bool lint);

#endif
