/*
 * report.h -- `routinec history --report`: for the therapist, how the
 * programme went, as one printable, self-contained HTML page with SVG
 * charts: sessions per week against the prescribed frequency (and each
 * week: was it met?), completion (reps done against planned, and against
 * the range prescribed) per session and per exercise, hold time done
 * against prescribed, pain stops with their ratings and where they
 * happened, the difficulty and effort answers, the active days in each
 * 30-day window, and each self-test's results over time against its
 * ceiling (held or reps).  "This week" is the week of `now_ms`.
 *
 * It reads the history through the store's visitor (store_history) on a
 * store opened for reading (store_open_read), so any history the store can
 * read -- an old schema is brought up to date in memory -- is reported and
 * left as it was.
 */
#ifndef ROUTINEC_REPORT_H
#define ROUTINEC_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "history.h"
#include "store.h"

/* The prescription, from the routine's schedule: sessions a week, lowest
 * and highest (0 when the routine was not given or says nothing). */
typedef struct {
    uint32_t per_week_lo, per_week_hi;
    const char *schedule_words; /* "10 to 30 minutes a day, ..." or NULL */
    const HistoryTests *tests;  /* the routine's self-tests; NULL: no routine named */
} ReportPrescription;

/* Write the report of the sessions of `routine` (a path or a title; NULL:
 * all).  Returns false when the history could not be read (store_error
 * says why) or memory ran out. */
bool report_write(Store *store, const char *routine, const ReportPrescription *rx, int64_t now_ms, FILE *out);

#endif
