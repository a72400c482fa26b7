/* report.c -- see report.h. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "history.h"
#include "layout.h"
#include "markup.h"

/* ---- what the history holds, gathered ------------------------------------- */

typedef struct {
    int64_t started_at, duration_ms;
    int64_t day;                 /* local day number */
    char status[12];
    int pain_rating;             /* -1: none */
    int difficulty;              /* -1 none, 0 too easy, 1 right, 2 too hard */
    uint64_t reps_done, reps_planned, reps_least;
    int64_t hold_done, hold_planned, hold_least; /* 0, 0: no hold recorded */
    uint32_t completed, skipped;
} Session;

/* An effort answer ("how hard did it feel", 0-10) given in a session. */
typedef struct {
    uint32_t session;            /* index into sessions */
    char *exercise;              /* malloc'd, or NULL */
    int value;
} Effort;

typedef struct {
    int64_t at;                  /* when the session started */
    char *exercise;              /* malloc'd, or NULL */
    int64_t t_ms;
    int rating;
} PainStop;

typedef struct {
    char *name;                  /* malloc'd */
    uint64_t reps_done, reps_planned, reps_least;
    int64_t hold_done, hold_planned, hold_least;
    uint32_t played, completed, skipped, stopped;
    uint32_t unrecorded;         /* plays from before hold times were kept */
} ExerciseTotal;

/* One result of a self-test: what was held (ms) or done (reps) against
 * its ceiling, in one session. */
typedef struct {
    uint32_t test;               /* index into the routine's tests */
    uint32_t session;            /* index into sessions */
    bool held;                   /* a hold (ms) or reps */
    int64_t done, ceiling;
    char outcome[12];
} TestResult;

typedef struct {
    Session *sessions;
    uint32_t n_sessions, cap_sessions;
    PainStop *pains;
    uint32_t n_pains, cap_pains;
    ExerciseTotal *exercises;
    uint32_t n_exercises, cap_exercises;
    Effort *efforts;
    uint32_t n_efforts, cap_efforts;
    TestResult *results;         /* the self-tests', oldest first */
    uint32_t n_results, cap_results;
    const HistoryTests *tests;   /* the routine's self-tests; NULL: no routine named */
    Store *store;                /* for each session's answers */
    int64_t now_ms;              /* "this week" is the week of this time */
    char *title;                 /* the routine's title, from the newest session */
    bool oom;
} Report;

static char *copy(const char *s) {
    return s ? strdup(s) : NULL;
}

/* The local calendar day of `ms` since the epoch, as a day number. */
static int64_t local_day(int64_t ms) {
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return ms / 86400000;
    int64_t y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int difficulty_index(const char *d) {
    return !d ? -1 : strcmp(d, "too easy") == 0 ? 0 : strcmp(d, "right") == 0 ? 1 : 2;
}

static void on_answer(void *ctx, const StoreAnswerRow *a) {
    Report *r = ctx;
    if (strcmp(a->kind, "effort") != 0 || a->value < 0 || !r->n_sessions)
        return;
    if (!grow_array((void **)&r->efforts, &r->cap_efforts, r->n_efforts, sizeof *r->efforts)) {
        r->oom = true;
        return;
    }
    Effort *e = &r->efforts[r->n_efforts++];
    e->session = r->n_sessions - 1;
    e->exercise = copy(a->exercise);
    e->value = a->value > 10 ? 10 : a->value;
}

static void on_session(void *ctx, const StoreSessionRow *s) {
    Report *r = ctx;
    if (!grow_array((void **)&r->sessions, &r->cap_sessions, r->n_sessions, sizeof *r->sessions)) {
        r->oom = true;
        return;
    }
    Session *x = &r->sessions[r->n_sessions++];
    memset(x, 0, sizeof *x);
    x->started_at = s->started_at;
    x->duration_ms = s->duration_ms;
    x->day = local_day(s->started_at);
    snprintf(x->status, sizeof x->status, "%s", s->status ? s->status : "");
    x->pain_rating = s->pain_rating;
    x->difficulty = difficulty_index(s->difficulty);
    x->reps_done = s->reps_done;
    x->reps_planned = s->reps_planned;
    x->reps_least = s->reps_least ? s->reps_least : s->reps_planned;
    x->hold_done = s->hold_ms_done;
    x->hold_planned = s->hold_ms_planned;
    x->hold_least = s->hold_ms_least;
    x->completed = s->exercises_completed;
    x->skipped = s->exercises_skipped;
    free(r->title);
    r->title = copy(s->routine);
    if (r->store)
        store_session_answers(r->store, s->id, on_answer, r);
}

static ExerciseTotal *exercise_total(Report *r, const char *name) {
    for (uint32_t i = 0; i < r->n_exercises; i++)
        if (strcmp(r->exercises[i].name, name) == 0)
            return &r->exercises[i];
    if (!grow_array((void **)&r->exercises, &r->cap_exercises, r->n_exercises, sizeof *r->exercises))
        return NULL;
    ExerciseTotal *e = &r->exercises[r->n_exercises];
    memset(e, 0, sizeof *e);
    e->name = copy(name);
    if (!e->name)
        return NULL;
    r->n_exercises++;
    return e;
}

/* The index of the self-test called `name`, or -1 when it is none. */
static int test_index(const Report *r, const char *name) {
    for (size_t i = 0; r->tests && name && i < r->tests->n; i++)
        if (strcmp(r->tests->names[i], name) == 0)
            return (int)i;
    return -1;
}

/* A self-test's result: the time held when the test is a timed hold, else
 * the reps done, each against its ceiling (the most it could be). */
static void on_test(Report *r, int test, const StoreExerciseRow *x) {
    if (test < 0 || !r->n_sessions)
        return;
    if (!grow_array((void **)&r->results, &r->cap_results, r->n_results, sizeof *r->results)) {
        r->oom = true;
        return;
    }
    TestResult *t = &r->results[r->n_results++];
    t->test = (uint32_t)test;
    t->session = r->n_sessions - 1;
    t->held = x->has_hold_times && x->hold_ms_planned > 0;
    t->done = t->held ? x->hold_ms_done : (int64_t)x->reps_done;
    t->ceiling = t->held ? x->hold_ms_planned : (int64_t)x->reps_planned;
    snprintf(t->outcome, sizeof t->outcome, "%s", x->outcome ? x->outcome : "");
}

static void on_exercise(void *ctx, const StoreExerciseRow *x) {
    Report *r = ctx;
    ExerciseTotal *e = exercise_total(r, x->name ? x->name : "");
    if (!e) {
        r->oom = true;
        return;
    }
    on_test(r, test_index(r, x->name), x);
    e->reps_done += x->reps_done;
    e->reps_planned += x->reps_planned;
    e->reps_least += x->reps_least;
    e->hold_done += x->hold_ms_done;
    e->hold_planned += x->hold_ms_planned;
    e->hold_least += x->hold_ms_least;
    e->unrecorded += !x->has_hold_times;
    e->played++;
    const char *o = x->outcome ? x->outcome : "";
    e->completed += strcmp(o, "completed") == 0;
    e->skipped += strcmp(o, "skipped") == 0;
    e->stopped += strcmp(o, "stopped") == 0;
}

static void on_pain(void *ctx, const StorePainRow *p) {
    Report *r = ctx;
    if (!grow_array((void **)&r->pains, &r->cap_pains, r->n_pains, sizeof *r->pains)) {
        r->oom = true;
        return;
    }
    PainStop *x = &r->pains[r->n_pains++];
    x->at = r->n_sessions ? r->sessions[r->n_sessions - 1].started_at : 0;
    x->exercise = copy(p->exercise);
    x->t_ms = p->t_ms;
    x->rating = p->rating;
}

static void report_free(Report *r) {
    for (uint32_t i = 0; i < r->n_pains; i++)
        free(r->pains[i].exercise);
    for (uint32_t i = 0; i < r->n_exercises; i++)
        free(r->exercises[i].name);
    for (uint32_t i = 0; i < r->n_efforts; i++)
        free(r->efforts[i].exercise);
    free(r->efforts);
    free(r->results);
    free(r->sessions);
    free(r->pains);
    free(r->exercises);
    free(r->title);
}

/* ---- charts ----------------------------------------------------------------- */

enum { CH_W = 720, CH_H = 220, CH_LEFT = 48, CH_RIGHT = 12, CH_TOP = 14, CH_BOTTOM = 40 };

typedef struct {
    FILE *out;
    double max;          /* value at the top of the y axis */
    uint32_t n;          /* slots along x */
} Chart;

static double cx(const Chart *c, double slot) {
    return CH_LEFT + (slot + 0.5) * (CH_W - CH_LEFT - CH_RIGHT) / (c->n ? c->n : 1);
}

static double cy(const Chart *c, double v) {
    return CH_TOP + (CH_H - CH_TOP - CH_BOTTOM) * (1 - (c->max > 0 ? v / c->max : 0));
}

static void chart_begin(Chart *c, const char *id, const char *title, const char *desc) {
    fprintf(c->out, "<figure class=\"chart\">\n<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t %s-d\" "
                    "font-family=\"sans-serif\" font-size=\"11\">\n<title id=\"%s-t\">", CH_W, CH_H, id, id, id);
    markup_text(c->out, title);
    fprintf(c->out, "</title>\n<desc id=\"%s-d\">", id);
    markup_text(c->out, desc);
    fputs("</desc>\n", c->out);
    int ticks = c->max <= 10 ? (int)c->max : 5;
    for (int i = 0; i <= ticks && ticks > 0; i++) {
        double v = c->max * i / ticks;
        fprintf(c->out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n",
                CH_LEFT, CH_W - CH_RIGHT, cy(c, v), cy(c, v), CH_LEFT - 6, cy(c, v) + 4, v);
    }
    fprintf(c->out, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", CH_LEFT, CH_W - CH_RIGHT,
            CH_H - CH_BOTTOM, CH_H - CH_BOTTOM);
}

static void chart_label(const Chart *c, double slot, const char *text) {
    fprintf(c->out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", cx(c, slot), CH_H - CH_BOTTOM + 16);
    markup_text(c->out, text);
    fputs("</text>\n", c->out);
}

static void chart_end(const Chart *c, const char *caption) {
    fputs("</svg>\n<figcaption>", c->out);
    markup_text(c->out, caption);
    fputs("</figcaption>\n</figure>\n", c->out);
}

static void bar(const Chart *c, uint32_t slot, double v, const char *fill) {
    double w = (CH_W - CH_LEFT - CH_RIGHT) / (double)(c->n ? c->n : 1) * 0.7;
    fprintf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"#000\" "
                    "stroke-width=\"0.5\"/>\n", cx(c, slot) - w / 2, cy(c, v), w, cy(c, 0) - cy(c, v), fill);
}

static const char *day_text(int64_t ms, char *buf, size_t size) {
    history_date(ms, false, buf, size);
    buf[size > 10 ? 10 : size - 1] = '\0'; /* the date, without the time */
    return buf;
}

/* Labels under a few slots only, so that they never overlap. */
static bool labelled(uint32_t i, uint32_t n) {
    uint32_t every = n / 8 + 1;
    return i % every == 0 || (i + 1 == n && (n - 1) % every > every / 2);
}

/* Sessions in each week (weeks start on Monday) against the prescription. */
static void chart_weeks(FILE *out, const Report *r, const ReportPrescription *rx) {
    int64_t first = r->sessions[0].day, last = r->sessions[r->n_sessions - 1].day;
    int64_t monday = first - ((first + 3) % 7 + 7) % 7;
    uint32_t n = (uint32_t)((last - monday) / 7 + 1);
    uint32_t *count = calloc(n, sizeof *count), most = 0;
    if (!count)
        return;
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        uint32_t w = (uint32_t)((r->sessions[i].day - monday) / 7);
        most = ++count[w] > most ? count[w] : most;
    }
    uint32_t top = most > rx->per_week_hi ? most : rx->per_week_hi;
    Chart c = {out, top < 1 ? 1 : top, n};
    chart_begin(&c, "weeks", "Sessions per week", "Bars: sessions started in each week. Dashed lines: prescribed.");
    char label[32];
    for (uint32_t w = 0; w < n; w++) {
        bar(&c, w, count[w], "#777");
        snprintf(label, sizeof label, "week %u", w + 1);
        if (labelled(w, n))
            chart_label(&c, w, label);
    }
    uint32_t lines[2] = {rx->per_week_lo, rx->per_week_hi};
    for (int i = 0; i < 2 && lines[0]; i++)
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\" "
                     "stroke-dasharray=\"6 4\"/>\n", CH_LEFT, CH_W - CH_RIGHT, cy(&c, lines[i]), cy(&c, lines[i]));
    chart_end(&c, "Sessions per week; the dashed lines are the prescribed range.");
    free(count);
}

/* Reps done against planned, for each session, in per cent. */
static void chart_completion(FILE *out, const Report *r) {
    Chart c = {out, 100, r->n_sessions};
    chart_begin(&c, "completion", "Completion of each session",
                "Bars: repetitions done as a percentage of those planned, session by session.");
    char label[32];
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        const Session *s = &r->sessions[i];
        double pct = s->reps_planned ? 100.0 * (double)s->reps_done / (double)s->reps_planned : 0;
        bar(&c, i, pct > 100 ? 100 : pct, strcmp(s->status, "completed") == 0 ? "#444" : "#bbb");
        if (labelled(i, r->n_sessions))
            chart_label(&c, i, day_text(s->started_at, label, sizeof label));
    }
    chart_end(&c, "Repetitions done against planned (%); dark: completed sessions, light: ended early.");
}

/* Pain ratings (0-10) at each session's end, and pain stops, over time. */
static void chart_pain(FILE *out, const Report *r) {
    Chart c = {out, 10, r->n_sessions};
    chart_begin(&c, "pain", "Pain ratings", "Circles: the pain rating given after a session. "
                "Triangles: sessions stopped for pain.");
    char label[32];
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        const Session *s = &r->sessions[i];
        if (s->pain_rating >= 0 && strcmp(s->status, "pain") != 0)
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"/>\n",
                    cx(&c, i), cy(&c, s->pain_rating));
        if (strcmp(s->status, "pain") == 0) {
            double x = cx(&c, i), y = cy(&c, s->pain_rating >= 0 ? s->pain_rating : 0);
            fprintf(out, "<path d=\"M%.1f %.1fl5 9h-10z\" fill=\"#000\"/>\n", x, y - 6);
        }
        if (labelled(i, r->n_sessions))
            chart_label(&c, i, day_text(s->started_at, label, sizeof label));
    }
    chart_end(&c, "Pain from 0 (none) to 10; black triangles are pain stops (at their rating, or at 0 when none "
                  "was given).");
}

/* The answers to "how was it?": too easy, right, too hard, session by session. */
static void chart_difficulty(FILE *out, const Report *r) {
    static const char *const words[] = {"too easy", "right", "too hard"};
    Chart c = {out, 2, r->n_sessions};
    chart_begin(&c, "difficulty", "Difficulty answers", "One mark per answered session: too easy (0), right (1), "
                "too hard (2).");
    for (int k = 0; k < 3; k++)
        fprintf(out, "<text x=\"%d\" y=\"%.1f\">%s</text>\n", CH_LEFT + 4, cy(&c, k) - 4, words[k]);
    char label[32];
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        const Session *s = &r->sessions[i];
        if (s->difficulty >= 0)
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#000\"/>\n", cx(&c, i) - 4,
                    cy(&c, s->difficulty) - 4);
        if (labelled(i, r->n_sessions))
            chart_label(&c, i, day_text(s->started_at, label, sizeof label));
    }
    chart_end(&c, "The patient's answer after each session (the axis reads 0 too easy, 1 right, 2 too hard).");
}

/* Days with at least one session in each 30-day window from the first
 * session's day.  Sessions are oldest first, so a day repeats only next to
 * itself. */
static void active_days(FILE *out, const Report *r) {
    int64_t first = r->sessions[0].day, last = r->sessions[r->n_sessions - 1].day;
    uint32_t n = (uint32_t)((last - first) / 30 + 1);
    uint32_t *days = calloc(n, sizeof *days);
    if (!days)
        return;
    for (uint32_t i = 0; i < r->n_sessions; i++)
        if (i == 0 || r->sessions[i].day != r->sessions[i - 1].day)
            days[(r->sessions[i].day - first) / 30]++;
    Chart c = {out, 30, n};
    chart_begin(&c, "active", "Active days in each 30-day window", "Bars: days with at least one session.");
    char label[32];
    for (uint32_t w = 0; w < n; w++) {
        bar(&c, w, days[w], "#777");
        snprintf(label, sizeof label, "days %u-%u", w * 30 + 1, w * 30 + 30);
        if (labelled(w, n))
            chart_label(&c, w, label);
    }
    chart_end(&c, "Days with at least one session, in each 30 days from the first session.");
    fputs("<table><caption>Active days</caption><thead><tr><th scope=\"col\">Window</th>"
          "<th scope=\"col\">From</th><th scope=\"col\">Active days (of 30)</th></tr></thead><tbody>\n", out);
    for (uint32_t w = 0; w < n; w++) {
        char from[32];
        day_text(r->sessions[0].started_at + (int64_t)w * 30 * 86400000, from, sizeof from);
        fprintf(out, "<tr><td>%u</td><td>%s</td><td>%u</td></tr>\n", w + 1, from, days[w]);
    }
    fputs("</tbody></table>\n", out);
    free(days);
}

/* Hold time done against prescribed (its upper end), session by session. */
static void chart_holds(FILE *out, const Report *r) {
    bool any = false;
    for (uint32_t i = 0; i < r->n_sessions && !any; i++)
        any = r->sessions[i].hold_planned > 0;
    if (!any) {
        fputs("<p>No hold time was recorded: the sessions have no timed holds, or were played before "
              "routinec kept hold times.</p>\n", out);
        return;
    }
    Chart c = {out, 100, r->n_sessions};
    chart_begin(&c, "holds", "Hold time of each session",
                "Bars: the time held as a percentage of the hold time prescribed, session by session.");
    char label[32];
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        const Session *s = &r->sessions[i];
        double pct = s->hold_planned > 0 ? 100.0 * (double)s->hold_done / (double)s->hold_planned : 0;
        bar(&c, i, pct > 100 ? 100 : pct, strcmp(s->status, "completed") == 0 ? "#444" : "#bbb");
        if (labelled(i, r->n_sessions))
            chart_label(&c, i, day_text(s->started_at, label, sizeof label));
    }
    chart_end(&c, "Time held against the hold time prescribed (%, of the upper end of a range); dark: completed "
                  "sessions, light: ended early.");
}

/* The effort answers (how hard it felt, 0-10), session by session. */
static void chart_effort(FILE *out, const Report *r) {
    if (!r->n_efforts) {
        fputs("<p>No effort answers have been recorded.</p>\n", out);
        return;
    }
    Chart c = {out, 10, r->n_sessions};
    chart_begin(&c, "effort", "Effort answers", "One mark per answer: how hard the exercise felt, 0 to 10.");
    for (uint32_t i = 0; i < r->n_efforts; i++)
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#000\"/>\n",
                cx(&c, r->efforts[i].session) - 4, cy(&c, r->efforts[i].value) - 4);
    char label[32];
    for (uint32_t i = 0; i < r->n_sessions; i++)
        if (labelled(i, r->n_sessions))
            chart_label(&c, i, day_text(r->sessions[i].started_at, label, sizeof label));
    chart_end(&c, "How hard each exercise felt, as the patient answered (0 to 10).");
    fputs("<table><caption>Effort answers</caption><thead><tr><th scope=\"col\">Session</th>"
          "<th scope=\"col\">Exercise</th><th scope=\"col\">Effort (0–10)</th></tr></thead><tbody>\n", out);
    for (uint32_t i = 0; i < r->n_efforts; i++) {
        char date[40];
        fprintf(out, "<tr><td>%s</td><td>",
                history_date(r->sessions[r->efforts[i].session].started_at, false, date, sizeof date));
        markup_text(out, r->efforts[i].exercise ? r->efforts[i].exercise : "");
        fprintf(out, "</td><td>%d</td></tr>\n", r->efforts[i].value);
    }
    fputs("</tbody></table>\n", out);
}

/* ---- self-tests --------------------------------------------------------------- */

/* A result in its unit: seconds held, or reps. */
static double test_value(const TestResult *t, int64_t v) {
    return t->held ? (double)v / 1000.0 : (double)v;
}

/* "22 seconds", "14 repetitions" */
static void test_amount(FILE *out, const TestResult *t, int64_t v) {
    char d[64];
    if (t->held)
        markup_text(out, layout_duration((uint64_t)(v > 0 ? v : 0), d, sizeof d));
    else
        fprintf(out, "%lld repetition%s", (long long)v, v == 1 ? "" : "s");
}

/* "Self-test: NAME" and the like, into a buffer the name fits in. */
static char *titled(const char *lead, const char *name) {
    size_t n = strlen(lead) + strlen(name) + 1;
    char *text = malloc(n);
    if (text)
        snprintf(text, n, "%s%s", lead, name);
    return text;
}

/* One self-test over time: a bar per result in the unit of its latest one
 * (a routine changed from a hold to reps keeps its older results in the
 * table only), the ceiling as a dashed mark over each bar. */
/* The results of self-test `test` measured as `last` is (held or counted). */
static bool same_test(const TestResult *t, uint32_t test, const TestResult *last) {
    return t->test == test && t->held == last->held;
}

/* How many results the chart has (*n), and the top of its scale. */
static double test_chart_top(const Report *r, uint32_t test, const TestResult *last, uint32_t *n) {
    double top = 1;
    *n = 0;
    for (uint32_t i = 0; i < r->n_results; i++) {
        const TestResult *t = &r->results[i];
        if (!same_test(t, test, last))
            continue;
        (*n)++;
        top = test_value(t, t->done) > top ? test_value(t, t->done) : top;
        top = test_value(t, t->ceiling) > top ? test_value(t, t->ceiling) : top;
    }
    return top;
}

/* A bar for each result (dark: completed), its ceiling dashed across it. */
static void test_bars(Chart *c, const Report *r, uint32_t test, const TestResult *last) {
    char label[32];
    double w = (CH_W - CH_LEFT - CH_RIGHT) / (double)(c->n ? c->n : 1) * 0.7;
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->n_results; i++) {
        const TestResult *t = &r->results[i];
        if (!same_test(t, test, last))
            continue;
        bar(c, k, test_value(t, t->done), strcmp(t->outcome, "completed") == 0 ? "#444" : "#bbb");
        fprintf(c->out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\" "
                        "stroke-dasharray=\"4 3\"/>\n", cx(c, k) - w / 2 - 3, cx(c, k) + w / 2 + 3,
                cy(c, test_value(t, t->ceiling)), cy(c, test_value(t, t->ceiling)));
        if (labelled(k, c->n))
            chart_label(c, k, day_text(r->sessions[t->session].started_at, label, sizeof label));
        k++;
    }
}

static void chart_test(FILE *out, const Report *r, uint32_t test, const TestResult *last) {
    uint32_t n;
    double top = test_chart_top(r, test, last, &n);
    char id[32];
    snprintf(id, sizeof id, "test%u", test + 1);
    char *title = titled("Self-test: ", r->tests->names[test]);
    Chart c = {out, top, n};
    chart_begin(&c, id, title ? title : "Self-test",
                last->held ? "Bars: seconds held in each session. Dashed marks: the ceiling, the most the test "
                             "holds." : "Bars: repetitions done in each session. Dashed marks: the ceiling, the "
                             "most the test counts.");
    free(title);
    test_bars(&c, r, test, last);
    chart_end(&c, last->held ? "Seconds held in each session against the ceiling (dashed); dark: the test was "
                               "completed, light: skipped or stopped."
                             : "Repetitions done in each session against the ceiling (dashed); dark: the test "
                               "was completed, light: skipped or stopped.");
}

/* First, latest and best, in words. */
static void test_summary(FILE *out, const Report *r, uint32_t test, const TestResult *first, const TestResult *last) {
    const TestResult *best = last;
    for (uint32_t i = 0; i < r->n_results; i++)
        if (r->results[i].test == test && r->results[i].held == last->held && r->results[i].done > best->done)
            best = &r->results[i];
    fputs("<p>First: ", out);
    test_amount(out, first, first->done);
    fputs("; latest: ", out);
    test_amount(out, last, last->done);
    fputs(" of ", out);
    test_amount(out, last, last->ceiling);
    fputs("; best: ", out);
    test_amount(out, best, best->done);
    fputs(".</p>\n", out);
}

static void table_test(FILE *out, const Report *r, uint32_t test) {
    char *caption = titled("Results of ", r->tests->names[test]);
    fputs("<table><caption>", out);
    markup_text(out, caption ? caption : "Results");
    free(caption);
    fputs("</caption><thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Result</th>"
          "<th scope=\"col\">Ceiling</th><th scope=\"col\">Of the ceiling</th>"
          "<th scope=\"col\">How it ended</th></tr></thead><tbody>\n", out);
    for (uint32_t i = 0; i < r->n_results; i++) {
        const TestResult *t = &r->results[i];
        char date[40];
        if (t->test != test)
            continue;
        fprintf(out, "<tr><td>%s</td><td>", history_date(r->sessions[t->session].started_at, false, date, sizeof date));
        test_amount(out, t, t->done);
        fputs("</td><td>", out);
        test_amount(out, t, t->ceiling);
        fprintf(out, "</td><td>%.0f%%</td><td>", t->ceiling > 0 ? 100.0 * (double)t->done / (double)t->ceiling : 0.0);
        markup_text(out, t->outcome);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* Each self-test of the routine (`test "NAME" { ... }`): its results over
 * time as a chart, in words and as a table. */
static void self_tests(FILE *out, const Report *r) {
    if (!r->tests) {
        fputs("<p>Name the routine's file (<code>routinec history --report FILE.rt</code>) to see its "
              "self-tests.</p>\n", out);
        return;
    }
    if (!r->tests->n) {
        fputs("<p>The routine has no self-tests.</p>\n", out);
        return;
    }
    for (uint32_t test = 0; test < r->tests->n; test++) {
        const TestResult *first = NULL, *last = NULL;
        for (uint32_t i = 0; i < r->n_results; i++)
            if (r->results[i].test == test) {
                first = first ? first : &r->results[i];
                last = &r->results[i];
            }
        fputs("<h3>", out);
        markup_text(out, r->tests->names[test]);
        fputs("</h3>\n", out);
        if (!last) {
            fputs("<p>No results yet.</p>\n", out);
            continue;
        }
        test_summary(out, r, test, first, last);
        chart_test(out, r, test, last);
        table_test(out, r, test);
    }
}

/* ---- tables ----------------------------------------------------------------- */

/* "12", "8 to 12" */
static void count_range(FILE *out, uint64_t least, uint64_t most) {
    if (least && least < most)
        fprintf(out, "%llu to %llu", (unsigned long long)least, (unsigned long long)most);
    else
        fprintf(out, "%llu", (unsigned long long)most);
}

/* "1 minute of 40 seconds to 1 minute 30 seconds", "46 seconds of up to 1 minute" */
static void hold_range(FILE *out, int64_t done, int64_t least, int64_t planned) {
    char a[64], b[64];
    markup_text(out, layout_duration((uint64_t)(done > 0 ? done : 0), a, sizeof a));
    fputs(" of ", out);
    if (least <= 0)
        fputs("up to ", out);
    if (least > 0 && least < planned)
        markup_text(out, layout_duration_range((uint64_t)least, (uint64_t)planned, b, sizeof b));
    else
        markup_text(out, layout_duration((uint64_t)planned, b, sizeof b));
}

/* Sessions in each week against the prescription: was it met? */
static void table_weeks(FILE *out, const Report *r, const ReportPrescription *rx) {
    int64_t first = r->sessions[0].day, last = r->sessions[r->n_sessions - 1].day, today = local_day(r->now_ms);
    int64_t monday = first - ((first + 3) % 7 + 7) % 7;
    /* Up to this week while the programme goes on (a session in the last 4 weeks). */
    int64_t until = today > last && today - last <= 28 ? today : last;
    uint32_t n = (uint32_t)((until - monday) / 7 + 1);
    uint32_t *count = calloc(n, sizeof *count);
    if (!count)
        return;
    for (uint32_t i = 0; i < r->n_sessions; i++)
        count[(r->sessions[i].day - monday) / 7]++;
    fputs("<table><caption>Was the prescribed frequency met?</caption><thead><tr><th scope=\"col\">Week</th>"
          "<th scope=\"col\">From</th><th scope=\"col\">Sessions</th><th scope=\"col\">Prescribed</th>"
          "<th scope=\"col\">Met</th></tr></thead><tbody>\n", out);
    for (uint32_t w = 0; w < n; w++) {
        char from[32];
        int64_t days = monday + (int64_t)w * 7 - first; /* from the first session's day */
        day_text(r->sessions[0].started_at + days * 86400000, from, sizeof from);
        fprintf(out, "<tr><td>%u</td><td>%s</td><td>%u</td><td>", w + 1, from, count[w]);
        count_range(out, rx->per_week_lo, rx->per_week_hi);
        bool current = today >= monday + (int64_t)w * 7 && today < monday + (int64_t)w * 7 + 7;
        if (count[w] >= rx->per_week_lo)
            fputs("</td><td>yes", out);
        else if (current)
            fprintf(out, "</td><td>not yet: %u to go", rx->per_week_lo - count[w]);
        else
            fprintf(out, "</td><td>no: %u short", rx->per_week_lo - count[w]);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    free(count);
}


static void table_sessions(FILE *out, const Report *r) {
    fputs("<table><caption>Sessions</caption><thead><tr><th scope=\"col\">Started</th><th scope=\"col\">Time</th>"
          "<th scope=\"col\">How it ended</th><th scope=\"col\">Repetitions done / planned</th>"
          "<th scope=\"col\">Exercises completed / skipped</th><th scope=\"col\">Pain (0–10)</th>"
          "<th scope=\"col\">Difficulty</th></tr></thead><tbody>\n", out);
    static const char *const words[] = {"too easy", "right", "too hard"};
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        const Session *s = &r->sessions[i];
        char date[40], t[64];
        fprintf(out, "<tr><td>%s</td><td>", history_date(s->started_at, false, date, sizeof date));
        markup_text(out, layout_duration((uint64_t)(s->duration_ms > 0 ? s->duration_ms : 0), t, sizeof t));
        fputs("</td><td>", out);
        markup_text(out, s->status);
        fprintf(out, "</td><td>%llu / %llu</td><td>%u / %u</td><td>", (unsigned long long)s->reps_done,
                (unsigned long long)s->reps_planned, s->completed, s->skipped);
        if (s->pain_rating >= 0)
            fprintf(out, "%d", s->pain_rating);
        fprintf(out, "</td><td>%s</td></tr>\n", s->difficulty >= 0 ? words[s->difficulty] : "");
    }
    fputs("</tbody></table>\n", out);
}

static void table_pains(FILE *out, const Report *r) {
    if (!r->n_pains) {
        fputs("<p>No session was stopped for pain.</p>\n", out);
        return;
    }
    fputs("<table><caption>Pain stops</caption><thead><tr><th scope=\"col\">Session</th>"
          "<th scope=\"col\">Exercise</th><th scope=\"col\">Into the session</th>"
          "<th scope=\"col\">Rating (0–10)</th></tr></thead><tbody>\n", out);
    for (uint32_t i = 0; i < r->n_pains; i++) {
        const PainStop *p = &r->pains[i];
        char date[40], t[64];
        fprintf(out, "<tr><td>%s</td><td>", history_date(p->at, false, date, sizeof date));
        markup_text(out, p->exercise ? p->exercise : "(between exercises)");
        fputs("</td><td>", out);
        markup_text(out, layout_duration((uint64_t)(p->t_ms > 0 ? p->t_ms : 0), t, sizeof t));
        fputs("</td><td>", out);
        if (p->rating >= 0)
            fprintf(out, "%d", p->rating);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

static void table_exercises(FILE *out, const Report *r) {
    fputs("<table><caption>Each exercise over all sessions</caption><thead><tr><th scope=\"col\">Exercise</th>"
          "<th scope=\"col\">Played</th><th scope=\"col\">Completed</th><th scope=\"col\">Skipped</th>"
          "<th scope=\"col\">Stopped</th><th scope=\"col\">Repetitions done / planned</th>"
          "<th scope=\"col\">Repetitions prescribed</th><th scope=\"col\">Hold time done / prescribed</th>"
          "</tr></thead><tbody>\n", out);
    for (uint32_t i = 0; i < r->n_exercises; i++) {
        const ExerciseTotal *e = &r->exercises[i];
        fputs("<tr><td>", out);
        markup_text(out, e->name);
        fprintf(out, "</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%llu / %llu (%.0f%%)</td><td>",
                e->played, e->completed, e->skipped, e->stopped, (unsigned long long)e->reps_done,
                (unsigned long long)e->reps_planned,
                e->reps_planned ? 100.0 * (double)e->reps_done / (double)e->reps_planned : 0.0);
        count_range(out, e->reps_least, e->reps_planned);
        fputs("</td><td>", out);
        if (e->hold_planned > 0)
            hold_range(out, e->hold_done, e->hold_least, e->hold_planned);
        else
            fputs(e->unrecorded == e->played ? "not recorded" : "no timed hold", out);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* ---- the page --------------------------------------------------------------- */

static const char report_style[] =
    "html{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#000;background:#fff}\n"
    "body{margin:0 auto;max-width:52em;padding:1em;font-size:11pt;line-height:1.4}\n"
    "h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #000;margin-top:1.4em}\n"
    "figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}svg{width:100%;height:auto}\n"
    "table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}\n"
    "th,td{border:1px solid #000;padding:.2em .4em;text-align:left}caption{text-align:left;font-weight:bold}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "@page{size:A4;margin:14mm}\n@media print{body{max-width:none;padding:0}}\n";

static void summary(FILE *out, const Report *r, const ReportPrescription *rx) {
    uint64_t done = 0, planned = 0;
    uint32_t completed = 0;
    for (uint32_t i = 0; i < r->n_sessions; i++) {
        done += r->sessions[i].reps_done;
        planned += r->sessions[i].reps_planned;
        completed += strcmp(r->sessions[i].status, "completed") == 0;
    }
    char a[40], b[40];
    fprintf(out, "<p>%u sessions from %s to %s; %u completed; %u stopped for pain. Repetitions: %llu of %llu "
                 "planned (%.0f%%).</p>\n", r->n_sessions, day_text(r->sessions[0].started_at, a, sizeof a),
            day_text(r->sessions[r->n_sessions - 1].started_at, b, sizeof b), completed, r->n_pains,
            (unsigned long long)done, (unsigned long long)planned, planned ? 100.0 * (double)done / (double)planned : 0.0);
    int64_t held = 0, held_planned = 0;
    for (uint32_t i = 0; i < r->n_sessions; i++)
        held += r->sessions[i].hold_done, held_planned += r->sessions[i].hold_planned;
    if (held_planned > 0) {
        fprintf(out, "<p>Hold time: ");
        markup_text(out, layout_duration((uint64_t)held, a, sizeof a));
        fputs(" held of ", out);
        markup_text(out, layout_duration((uint64_t)held_planned, b, sizeof b));
        fprintf(out, " prescribed (%.0f%%).</p>\n", 100.0 * (double)held / (double)held_planned);
    }
    if (rx->schedule_words) {
        fputs("<p>Prescribed: ", out);
        markup_text(out, rx->schedule_words);
        if (rx->per_week_lo)
            fprintf(out, " That is %u to %u sessions a week.", rx->per_week_lo, rx->per_week_hi);
        fputs("</p>\n", out);
    }
}

/* The charts and tables, each under its heading. */
static void write_sections(FILE *out, const Report *r, const ReportPrescription *rx) {
    fputs("<h2>Sessions per week</h2>\n", out);
    chart_weeks(out, r, rx);
    if (rx->per_week_lo)
        table_weeks(out, r, rx);
    active_days(out, r);
    fputs("<h2>Completion</h2>\n", out);
    chart_completion(out, r);
    table_exercises(out, r);
    fputs("<h2>Hold time</h2>\n", out);
    chart_holds(out, r);
    fputs("<h2>Pain</h2>\n", out);
    chart_pain(out, r);
    table_pains(out, r);
    fputs("<h2>Difficulty and effort</h2>\n", out);
    chart_difficulty(out, r);
    chart_effort(out, r);
    fputs("<h2>Self-tests</h2>\n", out);
    self_tests(out, r);
    fputs("<h2>Every session</h2>\n", out);
    table_sessions(out, r);
}

static void write_page(FILE *out, const Report *r, const ReportPrescription *rx) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Report: ", out);
    markup_text(out, r->title ? r->title : "all routines");
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>How the programme went: ", report_style);
    markup_text(out, r->title ? r->title : "all routines");
    fputs("</h1>\n", out);
    if (!r->n_sessions) {
        fputs("<p>No sessions have been recorded yet.</p>\n", out);
    } else {
        summary(out, r, rx);
        write_sections(out, r, rx);
    }
    fputs("</main>\n</body>\n</html>\n", out);
}

bool report_write(Store *store, const char *routine, const ReportPrescription *rx, int64_t now_ms, FILE *out) {
    Report r;
    memset(&r, 0, sizeof r);
    r.store = store;
    r.now_ms = now_ms;
    r.tests = rx->tests;
    const StoreVisitor visitor = {on_session, on_exercise, on_pain};
    bool ok = store_history(store, routine, &visitor, &r);
    if (ok && !r.oom)
        write_page(out, &r, rx);
    bool result = ok && !r.oom;
    report_free(&r);
    return result;
}
