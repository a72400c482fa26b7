/*
 * history.c -- see history.h.
 *
 * The store visits each session and then its exercises and pain stops;
 * the JSON writer keeps just enough state (which array is open) to nest
 * them without holding the history in memory.
 */
#include "history.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "duration.h"
#include "json.h"
#include "safetext.h"

typedef enum { OPEN_NONE, OPEN_EXERCISES, OPEN_PAIN } OpenArray;

/* Sessions started in each week (Monday 00:00 local time, in ms). */
typedef struct {
    int64_t *weeks;
    uint32_t *counts;
    uint32_t n, cap;
    bool oom;
} WeekTable;

typedef struct {
    FILE *out;
    Store *store;       /* for each session's answers */
    HistoryFormat format;
    unsigned sessions;
    OpenArray open;     /* JSON: the array of the current session now open */
    JsonWriter json;
    const HistoryPrescription *rx; /* NULL: no schedule to compare with */
    const HistoryTests *tests;     /* NULL: no self-tests */
    WeekTable weeks;
} Printer;

static int64_t week_start(int64_t now_ms);

const char *history_date(int64_t ms, bool utc, char *buf, size_t size) {
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    bool ok = utc ? gmtime_r(&t, &tm) != NULL : localtime_r(&t, &tm) != NULL;
    if (!ok || strftime(buf, size, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(buf, size, "?");
    return buf;
}

static const char *clock_text(int64_t ms, char *buf, size_t size) {
    /* Whole seconds: a history is read in minutes, not milliseconds. */
    return duration_format(ms > 0 ? (uint64_t)(ms + 500) / 1000 * 1000 : 0, buf, size);
}

/* ---- text ------------------------------------------------------------------ */

static const char *status_words(const StoreSessionRow *s) {
    if (strcmp(s->status, "completed") == 0) return "completed";
    if (strcmp(s->status, "quit") == 0) return "ended early";
    if (strcmp(s->status, "pain") == 0) return "stopped for pain";
    if (strcmp(s->status, "signal") == 0) return "interrupted";
    if (s->playing) return "being played now";
    if (s->journal_lost) return "unfinished (its progress could no longer be saved: was the disk full?)";
    if (s->resumable) return "unfinished (never closed; `run --resume` continues it)";
    return "unfinished (never closed; a later session took its place)";
}

/* "12", or "8 to 12" for a range, as prescribed. */
static const char *range_text(uint64_t least, uint64_t most, char *buf, size_t size) {
    if (least && least < most)
        snprintf(buf, size, "%" PRIu64 " to %" PRIu64, least, most);
    else
        snprintf(buf, size, "%" PRIu64, most);
    return buf;
}

/* "held 1m6s of 40s to 1m30s" (a range), "of up to 1min" (a ceiling) --
 * the hold time done against prescribed. */
static void text_held(FILE *out, int64_t done, int64_t least, int64_t planned) {
    char a[32], b[32], c[32];
    if (planned <= 0 && done <= 0)
        return;
    fprintf(out, "held %s", clock_text(done, a, sizeof a));
    if (planned > 0 && least > 0 && least < planned)
        fprintf(out, " of %s to %s", clock_text(least, b, sizeof b), clock_text(planned, c, sizeof c));
    else if (planned > 0)
        fprintf(out, " of %s%s", least == 0 ? "up to " : "", clock_text(planned, b, sizeof b));
}

static void text_session(Printer *p, const StoreSessionRow *s) {
    char date[64], dur[32], reps[64];
    /* The title, path, feeling and exercise come from the routine (or a
     * copied database): shown through safetext.h. */
    fprintf(p->out, "%s#%" PRId64 "  %s  ", p->sessions ? "\n" : "", s->id,
            history_date(s->started_at, false, date, sizeof date));
    safe_text_fputs(s->routine, p->out, 0);
    fputs("  (", p->out);
    safe_text_fputs(s->path, p->out, 0);
    fputs(")\n", p->out);
    fprintf(p->out, "    %s after %s; exercises: %" PRIu32 " completed, %" PRIu32
                    " skipped; reps: %" PRIu64 " of %s",
            status_words(s), clock_text(s->duration_ms, dur, sizeof dur), s->exercises_completed,
            s->exercises_skipped, s->reps_done, range_text(s->reps_least, s->reps_planned, reps, sizeof reps));
    if (s->hold_ms_planned > 0 || s->hold_ms_done > 0)
        fputs("; ", p->out);
    text_held(p->out, s->hold_ms_done, s->hold_ms_least, s->hold_ms_planned);
    if (s->resumed)
        fprintf(p->out, "; continued %" PRIu32 " time%s", s->resumed, s->resumed == 1 ? "" : "s");
    if (s->difficulty) {
        fputs("; felt ", p->out);
        safe_text_fputs(s->difficulty, p->out, 0);
    }
    fputc('\n', p->out);
    if (s->stage) {
        fputs("    stage \"", p->out);
        safe_text_fputs(s->stage, p->out, 0);
        fputs("\"\n", p->out);
    }
}

/* stages: a place in the programme: "Weeks 3-6" (a stage), step 2 (a
 * routine without stages), or "Weeks 1-2", step 2. */
static void put_place(FILE *out, const char *stage, uint32_t step) {
    if (stage && *stage) {
        fputc('"', out);
        safe_text_fputs(stage, out, 0);
        fputc('"', out);
    }
    if (step > 1 || (step == 1 && !(stage && *stage)))
        fprintf(out, "%sstep %u", stage && *stage ? ", " : "", (unsigned)step);
}

/* stages: one answer given during the session, as a line. */
static void text_answer(void *ctx, const StoreAnswerRow *a) {
    Printer *p = ctx;
    char at[32];
    if (a->t_ms < 0) /* asked before the session started */
        fputs("    at the start: ", p->out);
    else
        fprintf(p->out, "    at %s: ", clock_text(a->t_ms, at, sizeof at));
    if (strcmp(a->kind, "pain_choice") == 0)
        fprintf(p->out, "pain %d of 10, chose to ", a->value);
    else if (strcmp(a->kind, "effort") == 0)
        fprintf(p->out, "effort felt %d of 10", a->value);
    else if (strcmp(a->kind, "alternative") == 0)
        fputs("switched to ", p->out);
    else
        fprintf(p->out, "proposed %s ", strcmp(a->kind, "advance") == 0 ? "moving on to" : "stepping back to");
    bool proposal = strcmp(a->kind, "advance") == 0 || strcmp(a->kind, "step_back") == 0;
    if (proposal)
        put_place(p->out, a->detail, a->step);
    else if (strcmp(a->kind, "effort") != 0)
        safe_text_fputs(a->detail ? a->detail : "the regular version", p->out, 0);
    if (proposal)
        fputs(a->value == 1 ? ": accepted" : ": declined", p->out);
    if (a->exercise) {
        fputs(strcmp(a->kind, "alternative") == 0 ? " of \"" : " (\"", p->out);
        safe_text_fputs(a->exercise, p->out, 0);
        fputs(strcmp(a->kind, "alternative") == 0 ? "\"" : "\")", p->out);
    }
    fputc('\n', p->out);
}

/* "    Wall sit: 3 reps of 2 to 3, held 20s of 10s to 30s; completed" */
static void text_exercise(Printer *p, const StoreExerciseRow *e) {
    char reps[64];
    fputs("    ", p->out);
    safe_text_fputs(e->name, p->out, 0);
    fprintf(p->out, ": %" PRIu32 " reps of %s", e->reps_done,
            range_text(e->reps_least, e->reps_planned, reps, sizeof reps));
    if (e->has_hold_times && (e->hold_ms_planned > 0 || e->hold_ms_done > 0))
        fputs(", ", p->out);
    if (e->has_hold_times)
        text_held(p->out, e->hold_ms_done, e->hold_ms_least, e->hold_ms_planned);
    fputs("; ", p->out);
    safe_text_fputs(e->outcome, p->out, 0);
    fputc('\n', p->out);
}

static void text_pain(Printer *p, const StorePainRow *r) {
    char at[32];
    fprintf(p->out, "    pain stop at %s", clock_text(r->t_ms, at, sizeof at));
    if (r->exercise) {
        fputs(" during \"", p->out);
        safe_text_fputs(r->exercise, p->out, 0);
        fputc('"', p->out);
    }
    if (r->rating >= 0)
        fprintf(p->out, ", pain %d of 10", r->rating);
    fputc('\n', p->out);
}

/* ---- JSON ------------------------------------------------------------------ */

/* The arrays of the session being written: exercises, then pain stops. */
static void json_close_session(Printer *p) {
    if (p->open == OPEN_EXERCISES) {
        json_end(&p->json);
        json_array(&p->json, "pain_stops", JSON_COMPACT);
    }
    if (p->open != OPEN_NONE) {
        json_end(&p->json);
        json_end(&p->json);
    }
    p->open = OPEN_NONE;
}

static void json_rating(JsonWriter *w, const char *key, int rating) {
    if (rating >= 0)
        json_int(w, key, rating);
    else
        json_null(w, key);
}

/* ---- weeks: sessions a week against the schedule ------------------------- */

static uint32_t *week_slot(WeekTable *t, int64_t week) {
    for (uint32_t i = 0; i < t->n; i++)
        if (t->weeks[i] == week)
            return &t->counts[i];
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 16;
        int64_t *w = realloc(t->weeks, cap * sizeof *w);
        if (w)
            t->weeks = w;
        uint32_t *c = w ? realloc(t->counts, cap * sizeof *c) : NULL;
        if (!c) {
            t->oom = true;
            return NULL;
        }
        t->counts = c;
        t->cap = cap;
    }
    t->weeks[t->n] = week;
    t->counts[t->n] = 0;
    return &t->counts[t->n++];
}

static void count_weeks(void *ctx, const StoreSessionRow *row) {
    uint32_t *slot = week_slot(ctx, week_start(row->started_at));
    if (slot)
        (*slot)++;
}

/* "week_of" (its Monday), "week_sessions", and with a schedule
 * "week_min"/"week_max" and "week_met": was the prescribed frequency met
 * in this session's week (so far, for this week)? */
static void json_week(Printer *p, const StoreSessionRow *s) {
    char monday[64];
    int64_t week = week_start(s->started_at);
    uint32_t *n = week_slot(&p->weeks, week);
    history_date(week, false, monday, sizeof monday);
    monday[10] = '\0';
    json_str(&p->json, "week_of", monday);
    json_uint(&p->json, "week_sessions", n ? *n : 0);
    if (!p->rx)
        return;
    json_uint(&p->json, "week_min", p->rx->lo);
    json_uint(&p->json, "week_max", p->rx->hi);
    json_bool(&p->json, "week_met", n && *n >= p->rx->lo);
}

static void json_session(Printer *p, const StoreSessionRow *s) {
    char date[64];
    JsonWriter *w = &p->json;
    json_close_session(p);
    json_object(w, NULL, JSON_COMPACT);
    json_int(w, "id", s->id);
    json_str(w, "routine", s->routine);
    json_str(w, "path", s->path);
    json_str(w, "started_at", history_date(s->started_at, true, date, sizeof date));
    json_str(w, "ended_at", s->ended_at ? history_date(s->ended_at, true, date, sizeof date) : NULL);
    json_int(w, "duration_ms", s->duration_ms);
    json_str(w, "status", s->status);
    json_uint(w, "resumed", s->resumed);
    json_uint(w, "exercises_completed", s->exercises_completed);
    json_uint(w, "exercises_skipped", s->exercises_skipped);
    json_uint(w, "reps_done", s->reps_done);
    json_uint(w, "reps_planned", s->reps_planned);
    json_uint(w, "reps_min", s->reps_least);
    json_int(w, "hold_ms_done", s->hold_ms_done);
    json_int(w, "hold_ms_planned", s->hold_ms_planned);
    json_int(w, "hold_ms_min", s->hold_ms_least);
    json_week(p, s);
    json_rating(w, "pain_rating", s->pain_rating);
    json_str(w, "difficulty", s->difficulty);
    if (s->stage)
        json_str(w, "stage", s->stage);
    json_array(w, "exercises", JSON_COMPACT);
    p->open = OPEN_EXERCISES;
}

static bool is_test(const HistoryTests *tests, const char *name) {
    for (size_t i = 0; tests && i < tests->n; i++)
        if (strcmp(tests->names[i], name) == 0)
            return true;
    return false;
}

static void json_exercise(Printer *p, const StoreExerciseRow *e) {
    JsonWriter *w = &p->json;
    json_object(w, NULL, JSON_COMPACT);
    json_uint(w, "seq", e->seq);
    json_str(w, "name", e->name);
    json_str(w, "section", e->section);
    json_str(w, "outcome", e->outcome);
    json_uint(w, "reps_done", e->reps_done);
    json_uint(w, "reps_planned", e->reps_planned);
    json_uint(w, "reps_min", e->reps_least);
    if (e->has_hold_times) {
        json_int(w, "hold_ms_done", e->hold_ms_done);
        json_int(w, "hold_ms_planned", e->hold_ms_planned);
        json_int(w, "hold_ms_min", e->hold_ms_least);
    } else { /* recorded before routinec kept hold times */
        json_null(w, "hold_ms_done");
        json_null(w, "hold_ms_planned");
        json_null(w, "hold_ms_min");
    }
    if (is_test(p->tests, e->name))
        json_bool(w, "test", true);
    json_end(w);
}

static void json_pain(Printer *p, const StorePainRow *r) {
    JsonWriter *w = &p->json;
    if (p->open == OPEN_EXERCISES) {
        json_end(w);
        json_array(w, "pain_stops", JSON_COMPACT);
        p->open = OPEN_PAIN;
    }
    json_object(w, NULL, JSON_COMPACT);
    json_int(w, "t", r->t_ms);
    json_str(w, "exercise", r->exercise);
    json_rating(w, "rating", r->rating);
    json_end(w);
}

/* ---- CSV (RFC 4180): one line per session --------------------------------- */

/* A cell a spreadsheet would take for a formula ("=HYPERLINK(...)",
 * "+1+1", "-2", "@SUM"): the titles and paths come from anyone. */
static bool csv_formula_start(const char *s) {
    return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
}

/* Every text cell is quoted, quotes doubled; control characters, C1,
 * bidirectional overrides and invalid UTF-8 become '?' (safetext.h), so
 * the file is one line per session and shows nothing on a terminal; a
 * cell that would start a formula gets a leading apostrophe (OWASP). */
static void csv_field(FILE *out, const char *s, bool last) {
    char *safe = s ? safe_text_dup(s, strlen(s), 0) : NULL;
    const char *p = safe ? safe : "";
    fputc('"', out);
    if (csv_formula_start(p))
        fputc('\'', out);
    for (; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputs(last ? "\"\r\n" : "\",", out);
    free(safe);
}

static void csv_header(FILE *out) {
    fputs("id,routine,path,started_at,ended_at,duration_ms,status,resumed,exercises_completed,"
          "exercises_skipped,reps_done,reps_planned,pain_rating,difficulty\r\n", out);
}

static void csv_session(Printer *p, const StoreSessionRow *s) {
    char date[64], end[64];
    fprintf(p->out, "%" PRId64 ",", s->id);
    csv_field(p->out, s->routine, false);
    csv_field(p->out, s->path, false);
    csv_field(p->out, history_date(s->started_at, true, date, sizeof date), false);
    csv_field(p->out, s->ended_at ? history_date(s->ended_at, true, end, sizeof end) : "", false);
    fprintf(p->out, "%" PRId64 ",", s->duration_ms);
    csv_field(p->out, s->status, false);
    fprintf(p->out, "%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu64 ",", s->resumed,
            s->exercises_completed, s->exercises_skipped, s->reps_done, s->reps_planned);
    if (s->pain_rating >= 0)
        fprintf(p->out, "%d", s->pain_rating);
    fputc(',', p->out);
    csv_field(p->out, s->difficulty, true);
}

/* ---- the visitor ------------------------------------------------------------ */

static void on_session(void *ctx, const StoreSessionRow *s) {
    Printer *p = ctx;
    if (p->format == HISTORY_TEXT) {
        text_session(p, s);
        if (p->store)
            store_session_answers(p->store, s->id, text_answer, p);
    } else if (p->format == HISTORY_JSON)
        json_session(p, s);
    else
        csv_session(p, s);
    p->sessions++;
}

static void on_exercise(void *ctx, const StoreExerciseRow *e) {
    Printer *p = ctx;
    if (p->format == HISTORY_JSON)
        json_exercise(p, e);
    else if (p->format == HISTORY_TEXT)
        text_exercise(p, e);
}

static void on_pain(void *ctx, const StorePainRow *r) {
    Printer *p = ctx;
    if (p->format == HISTORY_TEXT)
        text_pain(p, r);
    else if (p->format == HISTORY_JSON)
        json_pain(p, r);
}

bool history_print(Store *store, const char *routine, HistoryFormat format, const HistoryPrescription *rx,
                   const HistoryTests *tests, FILE *out) {
    Printer p = {.out = out, .store = store, .format = format, .open = OPEN_NONE, .rx = rx, .tests = tests};
    const StoreVisitor visitor = {on_session, on_exercise, on_pain};
    const StoreVisitor weeks = {count_weeks, NULL, NULL};
    if (format == HISTORY_JSON && !store_history(store, routine, &weeks, &p.weeks)) {
        free(p.weeks.weeks);
        free(p.weeks.counts);
        return false;
    }
    json_init(&p.json, out);
    if (format == HISTORY_JSON)
        json_array(&p.json, NULL, 0); /* one session a line */
    if (format == HISTORY_CSV)
        csv_header(out);
    bool ok = store_history(store, routine, &visitor, &p);
    if (format == HISTORY_JSON) {
        json_close_session(&p);
        json_end(&p.json);
        fputc('\n', out);
    }
    if (format == HISTORY_TEXT && p.sessions == 0 && ok)
        fputs(routine ? "No sessions of this routine yet.\n" : "No sessions yet.\n", out);
    free(p.weeks.weeks);
    free(p.weeks.counts);
    return ok;
}

/* ---- lang-b: the week against the schedule ------------------------------ */

typedef struct {
    int64_t since;
    uint32_t sessions;
} WeekCount;

static void count_week(void *ctx, const StoreSessionRow *row) {
    WeekCount *w = ctx;
    w->sessions += row->started_at >= w->since;
}

/* Monday 00:00 local time of the week of `now_ms`, in ms. */
static int64_t week_start(int64_t now_ms) {
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return now_ms;
    tm.tm_mday -= (tm.tm_wday + 6) % 7;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t monday = mktime(&tm);
    return monday == (time_t)-1 ? now_ms : (int64_t)monday * 1000;
}

bool history_week(Store *store, const char *routine, int64_t now_ms, uint32_t lo, uint32_t hi,
                  const char *words, FILE *out) {
    WeekCount w = {week_start(now_ms), 0};
    const StoreVisitor visitor = {count_week, NULL, NULL};
    if (!store_history(store, routine, &visitor, &w))
        return false;
    char asked[48];
    if (hi > lo)
        snprintf(asked, sizeof asked, "%u to %u", lo, hi);
    else
        snprintf(asked, sizeof asked, "%u", lo);
    safe_text_printf(out, "This week (since Monday): %u session%s; the schedule (%s) asks for %s a week: ",
            w.sessions, w.sessions == 1 ? "" : "s", words ? words : "", asked);
    if (w.sessions >= lo)
        fputs("met.\n", out);
    else
        fprintf(out, "not met yet, %u to go.\n", lo - w.sessions);
    return true;
}

/* ---- stages: the programme over weeks ----------------------------------- */

static void text_stage(void *ctx, const StoreStageRow *row) {
    FILE *out = ctx;
    char date[64];
    fprintf(out, "  %s  ", history_date(row->started_at, false, date, sizeof date));
    fputs(strcmp(row->how, "first") == 0 ? "started at "
          : strcmp(row->how, "advanced") == 0 ? "moved on to " : "stepped back to ", out);
    put_place(out, row->stage, row->step);
    fputc('\n', out);
}

bool history_stages(Store *store, const char *path, FILE *out) {
    StoreProgramme now;
    if (!store_programme(store, path, &now))
        return false;
    bool ok = true;
    if (now.stage) {
        fputs(*now.stage ? "\nStages of this programme:\n" : "\nSteps of this programme:\n", out);
        ok = store_stages(store, path, text_stage, out);
        fputs("Now at ", out);
        put_place(out, now.stage, now.step);
    }
    for (uint32_t i = 0; i < now.n_enabled; i++) {
        fputs(i ? ", \"" : now.stage ? "; unlocked: \"" : "\nUnlocked: \"", out);
        safe_text_fputs(now.enabled[i], out, 0);
        fputc('"', out);
    }
    for (uint32_t i = 0; i < now.n_choices; i++) {
        fputs(i ? "; " : now.stage || now.n_enabled ? "; chosen: " : "\nChosen: ", out);
        safe_text_fputs(now.alternatives[i] ? now.alternatives[i] : "the regular version", out, 0);
        fputs(" for \"", out);
        safe_text_fputs(now.exercises[i], out, 0);
        fputc('"', out);
    }
    if (now.stage || now.n_enabled || now.n_choices)
        fputs(".\n", out);
    store_programme_free(&now);
    return ok;
}

/* ---- self-tests: each test's result, session by session ---------------- */

typedef struct {
    FILE *out;
    const char *name;   /* the test being listed */
    int64_t started_at; /* of the session being read */
} TestRows;

static void test_session(void *ctx, const StoreSessionRow *s) {
    ((TestRows *)ctx)->started_at = s->started_at;
}

/* "    2026-05-01 09:30  held 22s (ceiling 30s)", "... 14 reps (ceiling 20)" */
static void test_row(void *ctx, const StoreExerciseRow *e) {
    TestRows *t = ctx;
    char date[64], a[32], b[32];
    if (strcmp(e->name, t->name) != 0)
        return;
    fprintf(t->out, "    %s  ", history_date(t->started_at, false, date, sizeof date));
    if (e->has_hold_times && e->hold_ms_planned > 0)
        fprintf(t->out, "held %s (ceiling %s)", clock_text(e->hold_ms_done, a, sizeof a),
                clock_text(e->hold_ms_planned, b, sizeof b));
    else
        fprintf(t->out, "%" PRIu32 " reps (ceiling %" PRIu32 ")", e->reps_done, e->reps_planned);
    if (strcmp(e->outcome, "completed") != 0) {
        fputs("; ", t->out);
        safe_text_fputs(e->outcome, t->out, 0);
    }
    fputc('\n', t->out);
}

bool history_tests(Store *store, const char *routine, const HistoryTests *tests, FILE *out) {
    const StoreVisitor visitor = {test_session, test_row, NULL};
    if (tests->n > 0)
        fputs("\nSelf-tests\n", out);
    for (size_t i = 0; i < tests->n; i++) {
        TestRows t = {.out = out, .name = tests->names[i]};
        fputs("  ", out);
        safe_text_fputs(tests->names[i], out, 0);
        fputc('\n', out);
        if (!store_history(store, routine, &visitor, &t))
            return false;
    }
    return true;
}
