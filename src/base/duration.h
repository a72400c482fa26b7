/*
 * duration.h -- durations as therapists write them: `5s`, `1m30s`, `2min`,
 * `500ms`, `1h30min`, `5 seconds`.  Values are in milliseconds.
 */
#ifndef ROUTINEC_DURATION_H
#define ROUTINEC_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse `len` bytes of `text`: one or more <digits><unit> parts, summed,
 * each number possibly with a decimal fraction ("1.5s" is 1500 ms; parts of
 * a millisecond are dropped),
 * with optional blanks between a number and its unit (`5 seconds`).
 * Units: ms; s, sec, secs, second, seconds; m, min, mins, minute, minutes;
 * h, hour, hours.  On a value past 2^64-1, *overflow is set and *ms is
 * UINT64_MAX (never UB).  Returns false when a unit is unknown or missing:
 * then *bad_unit and *bad_len name it (*bad_len is 0 for a missing unit) and
 * *ms counts the unknown unit as seconds, so callers can go on. */
bool duration_parse(const char *text, size_t len, uint64_t *ms, bool *overflow,
                    const char **bad_unit, size_t *bad_len);

/* The multiplier (ms per unit) of unit word `unit`, or 0 if unknown. */
uint64_t duration_unit_ms(const char *unit, size_t len);

/* Counts written in words, as patient leaflets do (`repeat ten times`,
 * `hold for five seconds`, `three times a day`): the value of `word` (one
 * to twelve, fifteen, twenty, thirty, forty, fifty, sixty) and its digits
 * ("10"), or 0 and NULL when it is no such word. */
uint64_t number_word(const char *word, size_t len, const char **digits);

/* Write the shortest readable form of `ms` that duration_parse reads back
 * ("5s", "1m30s", "2min", "1h", "500ms", "1h5min", "0s") into `buf`,
 * truncated to `size` (at least 1) bytes.  Returns `buf`. */
char *duration_format(uint64_t ms, char *buf, size_t size);

/* `seconds` as a clock shows it: "1:05" under an hour, "1:02:05" after
 * (no padding: callers align with %*s).  Returns `buf`. */
char *duration_clock(uint64_t seconds, char *buf, size_t size);

#endif
