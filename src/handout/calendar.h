/*
 * calendar.h -- `routinec calendar`: the schedule as iCalendar (RFC 5545)
 * events with reminders, for the patient's calendar app.
 *
 * One recurring event per time of day: on the days of the week the
 * schedule asks for, for the programme's weeks, each lasting one session
 * (the VM's own timing, as in the handout) and describing what to do in
 * the layout module's words.  Times of day come from --times, else are
 * spread over waking hours (or over the part of the day the schedule
 * names: `in the morning`).  An exercise with a schedule of its own gets
 * its own series of events the same way.  Times are floating local times, so a
 * session at 08:00 stays at 08:00 wherever the patient is.
 */
#ifndef ROUTINEC_CALENDAR_H
#define ROUTINEC_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compile.h"
#include "timeline.h"

#define CALENDAR_MAX_TIMES 12

typedef struct {
    int year, month, day;
} CalDate;

typedef struct {
    CalDate start;
    uint32_t weeks;
    uint32_t n_times;                    /* 0: from the schedule */
    uint16_t minutes[CALENDAR_MAX_TIMES];/* minutes after midnight, ascending */
    int64_t stamp;                       /* DTSTAMP, seconds since the epoch (UTC) */
    uint32_t step;                       /* --step, for the dose words */
} CalendarOptions;

/* "2026-01-05" -> a real calendar date. */
bool calendar_parse_date(const char *text, CalDate *date);

/* "08:00,13:00,19:00" -> ascending minutes; false with a sentence in `why`. */
bool calendar_parse_times(const char *text, CalendarOptions *opt, char *why, size_t size);

/* Write the calendar of `c` (checked) as played in `tl`. */
bool calendar_write(const Compilation *c, const Timeline *tl, const CalendarOptions *opt, FILE *out);

#endif
