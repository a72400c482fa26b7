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

/* Print every session (or those of `routine`: a path or a title) in
 * `format`.  Returns false when the store could not be read (store_error
 * says why). */
bool history_print(Store *store, const char *routine, HistoryFormat format, FILE *out);

/* "2026-05-01 09:30" in local time, or "2026-05-01T07:30:00Z" (utc) for
 * `ms` since the epoch. */
const char *history_date(int64_t ms, bool utc, char *buf, size_t size);

#endif
