/*
 * history.h -- `routinec history`: the sessions a patient played, for the
 * patient (text) and the therapist (JSON, CSV).
 */
#ifndef ROUTINEC_HISTORY_H
#define ROUTINEC_HISTORY_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"

typedef enum { HISTORY_TEXT, HISTORY_JSON, HISTORY_CSV } HistoryFormat;

/* What the routine's schedule asks for: sessions a week, lowest and highest. */
typedef struct {
    uint32_t lo, hi;
} HistoryPrescription;

/* The routine's self-tests (`test "NAME" { ... }`), by exercise name. */
typedef struct {
    char **names;
    size_t n;
} HistoryTests;

/* Print every session (or those of `routine`: a path or a title) in
 * `format`, each with its reps and hold time done against prescribed
 * (and, in text, each exercise's).  In JSON each session also says its
 * week and how many sessions that week had, and with `rx` (a schedule to
 * compare with; NULL: none) whether they met it, and each exercise
 * that is one of `tests` (NULL: none) says `"test":true`.  Returns false when the
 * store could not be read (store_error says why). */
bool history_print(Store *store, const char *routine, HistoryFormat format, const HistoryPrescription *rx,
                   const HistoryTests *tests, FILE *out);

/* "2026-05-01 09:30" in local time, or "2026-05-01T07:30:00Z" (utc) for
 * `ms` since the epoch. */
const char *history_date(int64_t ms, bool utc, char *buf, size_t size);

/* lang-b: was the prescribed frequency met this week?  Counts the
 * sessions of `routine` started since Monday 00:00 (local time) of the
 * week of `now_ms`, and writes one line comparing them with the schedule
 * (`lo` to `hi` sessions a week, said as `words`): met, or how many are
 * still to do.  Returns false when the history could not be read. */
bool history_week(Store *store, const char *routine, int64_t now_ms, uint32_t lo, uint32_t hi,
                  const char *words, FILE *out);

/* stages: the programme over weeks of `path` (a canonical path): the
 * date each stage started and how (first, moved on, stepped back), the
 * stage it is at, what is unlocked and the alternatives chosen.  Nothing
 * when none is remembered.  False when the store could not be read. */
bool history_stages(Store *store, const char *path, FILE *out);

/* Self-tests (`test "NAME" { ... }`): under "Self-tests", each of `tests`
 * of `routine` with its result in every session, in the history's order
 * -- the time held or the reps done against the ceiling.  Nothing when
 * there is none.  False when the store could not be read. */
bool history_tests(Store *store, const char *routine, const HistoryTests *tests, FILE *out);

#endif
