/* calendar.c -- see calendar.h. */
#include "calendar.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "handout.h"
#include "i18n.h"
#include "layout.h"

/* ---- dates ---------------------------------------------------------------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static int64_t day_number(CalDate d) {
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static CalDate date_of(int64_t z) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    CalDate d = {(int)(yoe + era * 400), (int)(mp < 10 ? mp + 3 : mp - 9), (int)(doy - (153 * mp + 2) / 5 + 1)};
    d.year += d.month <= 2;
    return d;
}

/* 0 = Monday ... 6 = Sunday */
static int weekday(int64_t day) {
    int64_t w = (day + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

bool calendar_parse_date(const char *text, CalDate *date) {
    int y, m, d, n = 0;
    if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    if (text[4] != '-' || text[7] != '-' || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1
        || d > days_in_month(y, m))
        return false;
    *date = (CalDate){y, m, d};
    return true;
}

static int compare_minutes(const void *a, const void *b) {
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

bool calendar_parse_times(const char *text, CalendarOptions *opt, char *why, size_t size) {
    opt->n_times = 0;
    for (const char *p = text;;) {
        int h, m, n = 0;
        if (sscanf(p, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || h > 23 || m > 59 || h < 0 || m < 0
            || (p[5] != ',' && p[5] != '\0')) {
            snprintf(why, size, "--times takes times like 08:00,13:00,19:00, not '%s'", text);
            return false;
        }
        if (opt->n_times == CALENDAR_MAX_TIMES) {
            snprintf(why, size, "--times takes at most %d times a day", CALENDAR_MAX_TIMES);
            return false;
        }
        opt->minutes[opt->n_times++] = (uint16_t)(h * 60 + m);
        if (p[5] == '\0')
            break;
        p += 6;
    }
    qsort(opt->minutes, opt->n_times, sizeof *opt->minutes, compare_minutes);
    for (uint32_t i = 1; i < opt->n_times; i++)
        if (opt->minutes[i] == opt->minutes[i - 1]) {
            snprintf(why, size, "--times names %02d:%02d twice", opt->minutes[i] / 60, opt->minutes[i] % 60);
            return false;
        }
    return true;
}

/* ---- when: times of day and days of the week ------------------------------ */

/* The part of the day a schedule names, in minutes: [from, to]. */
static void day_window(const char *word, int *from, int *to) {
    static const struct { const char *word; int from, to; } windows[] = {
        {"morning", 7 * 60 + 30, 11 * 60 + 30}, {"afternoon", 13 * 60, 17 * 60}, {"evening", 18 * 60, 21 * 60},
    };
    *from = 8 * 60, *to = 20 * 60; /* waking hours */
    for (size_t i = 0; word && i < sizeof windows / sizeof *windows; i++)
        if (strcmp(word, windows[i].word) == 0)
            *from = windows[i].from, *to = windows[i].to;
}

/* The schedule's times a day (its lower bound: start low, as the paper
 * handouts say), spread evenly over the window, on 5-minute marks. */
static uint32_t times_of_day(const Node *schedule, uint16_t *minutes) {
    uint64_t n = 1;
    int from, to;
    day_window(layout_time_of_day(schedule), &from, &to);
    for (const ScheduleItem *it = schedule ? schedule->as.schedule.items : NULL; it; it = it->next)
        if (it->kind == SCHED_TIMES_A_DAY)
            n = it->lo.value;
        else if (it->kind == SCHED_EVERY && it->lo.value >= 60000) /* every 2 hours: over the window */
            n = (uint64_t)(to - from) * 60000 / it->lo.value + 1;
    n = n < 1 ? 1 : n > CALENDAR_MAX_TIMES ? CALENDAR_MAX_TIMES : n;
    for (uint32_t i = 0; i < n; i++) {
        int m = n == 1 ? from : from + (int)((to - from) * (int64_t)i / (int64_t)(n - 1));
        minutes[i] = (uint16_t)(m / 5 * 5);
    }
    return (uint32_t)n;
}

/* Days of the week for N days a week (the lower bound), spread out: Monday = bit 0. */
static unsigned days_of_week(const Node *schedule) {
    static const unsigned spread[8] = {0x7f, 0x01, 0x12, 0x15, 0x1b, 0x1f, 0x3f, 0x7f};
    for (const ScheduleItem *it = schedule ? schedule->as.schedule.items : NULL; it; it = it->next) {
        if (it->kind == SCHED_DAYS_A_WEEK || it->kind == SCHED_TIMES_A_WEEK)
            return spread[it->lo.value >= 1 && it->lo.value <= 7 ? it->lo.value : 7];
        if (it->kind == SCHED_MOST_DAYS) /* at least 4 of 7 */
            return spread[4];
    }
    return 0x7f;
}

/* ---- content lines: escaping and folding ---------------------------------- */

/* A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped. */
static void ics_escape(FILE *line, const char *text) {
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',')
            fprintf(line, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", line);
        else if ((unsigned char)*p >= 0x20 || *p == '\t')
            fputc(*p, line);
    }
}

/* Write one content line folded at 75 octets (3.1): a continuation starts
 * with a space, and a UTF-8 character is never split. */
static void ics_fold(FILE *out, const char *line, size_t len) {
    size_t width = 0;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        while (i + n < len && ((unsigned char)line[i + n] & 0xC0) == 0x80)
            n++;
        if (width + n > 75) {
            fputs("\r\n ", out);
            width = 1;
        }
        fwrite(line + i, 1, n, out);
        width += n;
        i += n;
    }
    fputs("\r\n", out);
}

typedef struct {
    FILE *out;
    char *buf;
    size_t size;
    FILE *line; /* the content line being built */
} Ics;

static bool ics_begin(Ics *ics) {
    ics->line = open_memstream(&ics->buf, &ics->size);
    return ics->line != NULL;
}

static void ics_end(Ics *ics) {
    fclose(ics->line);
    ics_fold(ics->out, ics->buf, ics->size);
    free(ics->buf);
    ics->buf = NULL;
}

/* NAME:value, the value written as it is (no escaping). */
static void ics_raw(Ics *ics, const char *fmt, ...) {
    if (!ics_begin(ics))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(ics->line, fmt, ap);
    va_end(ap);
    ics_end(ics);
}

/* NAME:text, escaped. */
static void ics_text(Ics *ics, const char *name, const char *text) {
    if (!ics_begin(ics))
        return;
    fprintf(ics->line, "%s:", name);
    ics_escape(ics->line, text);
    ics_end(ics);
}

/* ---- the events ----------------------------------------------------------- */

/* What to do, in the handout's words: the exercises in order with their dose. */
static void describe(FILE *d, const Compilation *c, const Timeline *tl, uint32_t step) {
    char t[64], words[1200];
    SpecIndex index;
    spec_index_build(&index, c);
    if (layout_schedule(c->model.schedule, words, sizeof words)[0])
        {
        fprintf(d, _("How often: %s"), words);
        fputc('\n', d);
    }
    fprintf(d, _("One session: about %s."), layout_duration((uint64_t)tl->total_ms, t, sizeof t));
    fputc('\n', d);
    for (uint32_t i = 0; i < tl->n_rows; i++) {
        const TimelineRow *r = &tl->rows[i];
        fprintf(d, "\n%u. %s%s%s", i + 1, r->name, r->variant ? " - " : "", r->variant ? r->variant : "");
        const ExerciseSpec *spec = spec_index_find(&index, r);
        if (spec) {
            LayoutDose dose;
            layout_dose_of(spec, step, &dose);
            fprintf(d, ": %s", layout_dose_words(&dose, words, sizeof words));
        }
        if (!r->own_pace)
            fprintf(d, _(" (about %s)"), layout_duration((uint64_t)(r->end - r->start), t, sizeof t));
    }
    const Node *body = c->model.routine ? c->model.routine->as.routine.body : NULL;
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_SAFETY)
            {
            fputs("\n\n", d);
            fprintf(d, _("Safety: %s"), n->as.text.text.s);
        }
    spec_index_free(&index);
}

static void ics_date_time(char *buf, size_t size, int64_t day, int minutes, int seconds) {
    CalDate d = date_of(day);
    snprintf(buf, size, "%04d%02d%02dT%02d%02d%02d", d.year, d.month, d.day, minutes / 60, minutes % 60, seconds);
}

static void ics_byday(FILE *f, unsigned days) {
    static const char *const names[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    bool first = true;
    for (int i = 0; i < 7; i++)
        if (days & (1u << i)) {
            fprintf(f, "%s%s", first ? "" : ",", names[i]);
            first = false;
        }
}

typedef struct {
    const CalendarOptions *opt;
    uint64_t id;     /* what makes the UIDs of this calendar its own */
    char stamp[20];  /* DTSTAMP, UTC */
    const char *title;
} Plan;

/* One series of reminders: the whole session, or one exercise with a
 * schedule of its own. */
typedef struct {
    unsigned days;           /* Monday = bit 0 */
    uint32_t weeks;
    int64_t ms;              /* how long it takes */
    uint32_t tag;            /* 0: the session; else 1 + the exercise's number */
    const char *name;        /* the exercise, or NULL for the session */
    const char *description;
} Series;

static void write_rrule(Ics *ics, const Series *se, int64_t last) {
    char until[20];
    ics_date_time(until, sizeof until, last, 23 * 60 + 59, 59);
    if (!ics_begin(ics))
        return;
    fprintf(ics->line, "RRULE:FREQ=%s;UNTIL=%s", se->days == 0x7f ? "DAILY" : "WEEKLY", until);
    if (se->days != 0x7f) {
        fputs(";BYDAY=", ics->line);
        ics_byday(ics->line, se->days);
    }
    ics_end(ics);
}

static void summary_of(const Plan *p, const Series *se, uint32_t k, uint32_t n_times, char *buf, size_t size) {
    const char *what = se->name;
    if (what && n_times > 1) /* TRANSLATORS: an exercise, its reminder of the day, the routine's title */
        snprintf(buf, size, _("%s (%u of %u today): %s"), what, k + 1, n_times, p->title);
    else if (what)
        snprintf(buf, size, _("%s: %s"), what, p->title);
    else if (n_times > 1)
        snprintf(buf, size, _("Exercises (%u of %u today): %s"), k + 1, n_times, p->title);
    else
        snprintf(buf, size, _("Exercises: %s"), p->title);
}

static void write_event(Ics *ics, const Plan *p, const Series *se, uint32_t k, int minutes, uint32_t n_times) {
    int64_t first = day_number(p->opt->start);
    while (!(se->days & (1u << weekday(first)))) /* DTSTART must be one of the days */
        first++;
    int64_t last = day_number(p->opt->start) + (int64_t)se->weeks * 7 - 1;
    char start[20];
    ics_date_time(start, sizeof start, first, minutes, 0);
    int64_t secs = (se->ms + 999) / 1000;
    ics_raw(ics, "BEGIN:VEVENT");
    if (se->tag)
        ics_raw(ics, "UID:routinec-%016llx-x%u-%u-%02d%02d@routinec", (unsigned long long)p->id, se->tag, k,
                minutes / 60, minutes % 60);
    else
        ics_raw(ics, "UID:routinec-%016llx-%u-%02d%02d@routinec", (unsigned long long)p->id, k, minutes / 60,
                minutes % 60);
    ics_raw(ics, "DTSTAMP:%s", p->stamp);
    ics_raw(ics, "DTSTART:%s", start);
    ics_raw(ics, "DURATION:PT%lldH%lldM%lldS", (long long)(secs / 3600), (long long)(secs / 60 % 60),
            (long long)(secs % 60));
    write_rrule(ics, se, last);
    char summary[600];
    summary_of(p, se, k, n_times, summary, sizeof summary);
    ics_text(ics, "SUMMARY", summary);
    ics_text(ics, "DESCRIPTION", se->description);
    ics_raw(ics, "TRANSP:TRANSPARENT");
    ics_raw(ics, "BEGIN:VALARM");
    ics_raw(ics, "ACTION:DISPLAY");
    ics_raw(ics, "TRIGGER:-PT5M");
    ics_text(ics, "DESCRIPTION", summary);
    ics_raw(ics, "END:VALARM");
    ics_raw(ics, "END:VEVENT");
}

/* Every reminder of one series: one repeating event per time of day. */
static void write_series(Ics *ics, const Plan *p, const Series *se, const Node *schedule) {
    uint16_t minutes[CALENDAR_MAX_TIMES];
    uint32_t n = p->opt->n_times && !se->tag ? p->opt->n_times : times_of_day(schedule, minutes);
    if (p->opt->n_times && !se->tag)
        memcpy(minutes, p->opt->minutes, n * sizeof *minutes);
    for (uint32_t k = 0; k < n; k++)
        write_event(ics, p, se, k, minutes[k], n);
}

/* ---- exercises with a schedule of their own ------------------------------ */

static const Node *schedule_in(const Node *body) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_SCHEDULE)
            return n;
    return NULL;
}

/* The schedule written in the exercise (its variant's first), or NULL. */
static const Node *exercise_schedule(const ExerciseSpec *spec) {
    const Node *s = spec->variant ? schedule_in(spec->variant->as.variant.body) : NULL;
    return s ? s : schedule_in(spec->def->as.exercise.body);
}

/* "How often: 3 times a day." then the exercise with its dose. */
static char *describe_exercise(const ExerciseSpec *spec, const Node *schedule, const TimelineRow *r,
                               uint32_t step) {
    char words[1200], t[64];
    size_t size = 0;
    char *text = NULL;
    FILE *d = open_memstream(&text, &size);
    if (!d)
        return NULL;
    fprintf(d, _("How often: %s"), layout_schedule(schedule, words, sizeof words));
    LayoutDose dose;
    layout_dose_of(spec, step, &dose);
    fprintf(d, "\n%s: %s", r->name, layout_dose_words(&dose, words, sizeof words));
    if (!r->own_pace)
        fprintf(d, _(" (about %s)"), layout_duration((uint64_t)(r->end - r->start), t, sizeof t));
    fclose(d);
    return text;
}

/* Has an earlier row played the same exercise (one series each)? */
static bool played_before(SpecIndex *index, const Timeline *tl, uint32_t row, const ExerciseSpec *spec) {
    for (uint32_t i = 0; i < row; i++) {
        const ExerciseSpec *other = spec_index_find(index, &tl->rows[i]);
        if (other && other->def == spec->def)
            return true;
    }
    return false;
}

static void write_exercise_series(Ics *ics, const Plan *p, const Compilation *c, const Timeline *tl) {
    SpecIndex index, seen;
    spec_index_build(&index, c);
    spec_index_build(&seen, c);
    for (uint32_t i = 0; i < tl->n_rows; i++) {
        const ExerciseSpec *spec = spec_index_find(&index, &tl->rows[i]);
        const Node *schedule = spec ? exercise_schedule(spec) : NULL;
        if (!schedule || played_before(&seen, tl, i, spec))
            continue;
        uint32_t weeks = layout_programme_weeks(schedule);
        Series se = {days_of_week(schedule), weeks && weeks < p->opt->weeks ? weeks : p->opt->weeks,
                     tl->rows[i].end - tl->rows[i].start, i + 1, tl->rows[i].name,
                     describe_exercise(spec, schedule, &tl->rows[i], p->opt->step)};
        if (se.description)
            write_series(ics, p, &se, schedule);
        free((char *)se.description);
    }
    spec_index_free(&seen);
    spec_index_free(&index);
}

bool calendar_write(const Compilation *c, const Timeline *tl, const CalendarOptions *opt, FILE *out) {
    Ics ics = {out, NULL, 0, NULL};
    Plan p = {opt, 0, "", tl->title ? tl->title : ""};
    time_t stamp = (time_t)opt->stamp;
    struct tm utc;
    gmtime_r(&stamp, &utc);
    strftime(p.stamp, sizeof p.stamp, "%Y%m%dT%H%M%SZ", &utc);
    p.id = hash_fnv(hash_fnv(HASH_FNV_OFFSET, p.title, strlen(p.title)), &opt->start, sizeof opt->start);
    size_t size = 0;
    char *description = NULL;
    FILE *d = open_memstream(&description, &size);
    if (!d)
        return false;
    describe(d, c, tl, opt->step);
    fclose(d);
    ics_raw(&ics, "BEGIN:VCALENDAR");
    ics_raw(&ics, "VERSION:2.0");
    ics_raw(&ics, "PRODID:-//routinec//routinec " ROUTINEC_VERSION "//EN");
    ics_raw(&ics, "CALSCALE:GREGORIAN");
    ics_raw(&ics, "METHOD:PUBLISH");
    ics_text(&ics, "X-WR-CALNAME", p.title);
    Series session = {days_of_week(c->model.schedule), opt->weeks, tl->total_ms, 0, NULL, description};
    write_series(&ics, &p, &session, c->model.schedule);
    write_exercise_series(&ics, &p, c, tl);
    ics_raw(&ics, "END:VCALENDAR");
    free(description);
    return true;
}
