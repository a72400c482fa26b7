/*
 * history.c -- see history.h.
 *
 * The store visits each session and then its exercises and pain stops;
 * the JSON writer keeps just enough state (which array is open) to nest
 * them without holding the history in memory.
 */
#include "history.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "duration.h"
#include "json.h"

typedef enum { OPEN_NONE, OPEN_EXERCISES, OPEN_PAIN } OpenArray;

typedef struct {
    FILE *out;
    HistoryFormat format;
    unsigned sessions;
    OpenArray open;     /* JSON: the array of the current session now open */
    bool first_item;    /* JSON: nothing written in that array yet */
} Printer;

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
    return "unfinished (never closed; `run --resume` continues it)";
}

static void text_session(Printer *p, const StoreSessionRow *s) {
    char date[64], dur[32];
    fprintf(p->out, "%s#%" PRId64 "  %s  %s  (%s)\n", p->sessions ? "\n" : "", s->id,
            history_date(s->started_at, false, date, sizeof date), s->routine, s->path);
    fprintf(p->out, "    %s after %s; exercises: %" PRIu32 " completed, %" PRIu32
                    " skipped; reps: %" PRIu64 " of %" PRIu64,
            status_words(s), clock_text(s->duration_ms, dur, sizeof dur), s->exercises_completed,
            s->exercises_skipped, s->reps_done, s->reps_planned);
    if (s->resumed)
        fprintf(p->out, "; continued %" PRIu32 " time%s", s->resumed, s->resumed == 1 ? "" : "s");
    if (s->difficulty)
        fprintf(p->out, "; felt %s", s->difficulty);
    fputc('\n', p->out);
}

static void text_pain(Printer *p, const StorePainRow *r) {
    char at[32];
    fprintf(p->out, "    pain stop at %s", clock_text(r->t_ms, at, sizeof at));
    if (r->exercise)
        fprintf(p->out, " during \"%s\"", r->exercise);
    if (r->rating >= 0)
        fprintf(p->out, ", pain %d of 10", r->rating);
    fputc('\n', p->out);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_key(FILE *out, const char *key, const char *value) {
    fprintf(out, ",\"%s\":", key);
    if (value)
        json_write_string(out, value);
    else
        fputs("null", out);
}

static void json_close_session(Printer *p) {
    if (p->open == OPEN_EXERCISES)
        fputs("],\"pain_stops\":[", p->out);
    if (p->open != OPEN_NONE)
        fputs("]}", p->out);
    p->open = OPEN_NONE;
}

static void json_session(Printer *p, const StoreSessionRow *s) {
    char date[64];
    json_close_session(p);
    fprintf(p->out, "%s\n{\"id\":%" PRId64, p->sessions ? "," : "", s->id);
    json_key(p->out, "routine", s->routine);
    json_key(p->out, "path", s->path);
    json_key(p->out, "started_at", history_date(s->started_at, true, date, sizeof date));
    json_key(p->out, "ended_at", s->ended_at ? history_date(s->ended_at, true, date, sizeof date) : NULL);
    fprintf(p->out, ",\"duration_ms\":%" PRId64, s->duration_ms);
    json_key(p->out, "status", s->status);
    fprintf(p->out, ",\"resumed\":%" PRIu32 ",\"exercises_completed\":%" PRIu32
                    ",\"exercises_skipped\":%" PRIu32 ",\"reps_done\":%" PRIu64 ",\"reps_planned\":%" PRIu64,
            s->resumed, s->exercises_completed, s->exercises_skipped, s->reps_done, s->reps_planned);
    if (s->pain_rating >= 0)
        fprintf(p->out, ",\"pain_rating\":%d", s->pain_rating);
    else
        fputs(",\"pain_rating\":null", p->out);
    json_key(p->out, "difficulty", s->difficulty);
    fputs(",\"exercises\":[", p->out);
    p->open = OPEN_EXERCISES;
    p->first_item = true;
}

static void json_exercise(Printer *p, const StoreExerciseRow *e) {
    fprintf(p->out, "%s{\"seq\":%" PRIu32, p->first_item ? "" : ",", e->seq);
    json_key(p->out, "name", e->name);
    json_key(p->out, "section", e->section);
    json_key(p->out, "outcome", e->outcome);
    fprintf(p->out, ",\"reps_done\":%" PRIu32 ",\"reps_planned\":%" PRIu32 "}", e->reps_done, e->reps_planned);
    p->first_item = false;
}

static void json_pain(Printer *p, const StorePainRow *r) {
    if (p->open == OPEN_EXERCISES) {
        fputs("],\"pain_stops\":[", p->out);
        p->open = OPEN_PAIN;
        p->first_item = true;
    }
    fprintf(p->out, "%s{\"t\":%" PRId64, p->first_item ? "" : ",", r->t_ms);
    json_key(p->out, "exercise", r->exercise);
    if (r->rating >= 0)
        fprintf(p->out, ",\"rating\":%d}", r->rating);
    else
        fputs(",\"rating\":null}", p->out);
    p->first_item = false;
}

/* ---- CSV (RFC 4180): one line per session --------------------------------- */

static void csv_field(FILE *out, const char *s, bool last) {
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputs(last ? "\"\r\n" : "\",", out);
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
    if (p->format == HISTORY_TEXT)
        text_session(p, s);
    else if (p->format == HISTORY_JSON)
        json_session(p, s);
    else
        csv_session(p, s);
    p->sessions++;
}

static void on_exercise(void *ctx, const StoreExerciseRow *e) {
    Printer *p = ctx;
    if (p->format == HISTORY_JSON)
        json_exercise(p, e);
}

static void on_pain(void *ctx, const StorePainRow *r) {
    Printer *p = ctx;
    if (p->format == HISTORY_TEXT)
        text_pain(p, r);
    else if (p->format == HISTORY_JSON)
        json_pain(p, r);
}

bool history_print(Store *store, const char *routine, HistoryFormat format, FILE *out) {
    Printer p = {out, format, 0, OPEN_NONE, true};
    const StoreVisitor visitor = {on_session, on_exercise, on_pain};
    if (format == HISTORY_JSON)
        fputc('[', out);
    if (format == HISTORY_CSV)
        csv_header(out);
    bool ok = store_history(store, routine, &visitor, &p);
    if (format == HISTORY_JSON) {
        json_close_session(&p);
        fputs(p.sessions ? "\n]\n" : "]\n", out);
    }
    if (format == HISTORY_TEXT && p.sessions == 0 && ok)
        fputs(routine ? "No sessions of this routine yet.\n" : "No sessions yet.\n", out);
    return ok;
}
