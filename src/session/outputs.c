/* outputs.c -- see outputs.h. */
#include "outputs.h"

#include <errno.h>
#include <string.h>

#include "events.h"
#include "json.h"
#include "keys.h"
#include "output.h"
#include "safetext.h"
#include "words.h"

/* ---- the JSON stream ----------------------------------------------------- */

/* stages: an effort rating, a switch of version, a stage proposal and
 * its answer. */
static void json_stages_members(const SessionEvent *ev, JsonWriter *w) {
    if (ev->kind == SESSION_EV_EFFORT) {
        json_str(w, "ev", "effort_rating");
        json_str(w, "exercise", ev->exercise);
        json_int(w, "rating", ev->rating);
    } else if (ev->kind == SESSION_EV_SWITCH) {
        json_str(w, "ev", "switch");
        json_str(w, "exercise", ev->exercise);
        json_str(w, "to", ev->alternative);
        json_str(w, "direction", ev->direction < 0 ? "easier" : "harder");
        if (ev->pain)
            json_bool(w, "after_pain", true);
    } else if (ev->kind == SESSION_EV_PROPOSAL || ev->kind == SESSION_EV_STAGE_CHOICE) {
        json_str(w, "ev", ev->kind == SESSION_EV_PROPOSAL ? "proposal" : "stage_choice");
        json_str(w, "rule", ev->rule);
        json_str(w, "from", ev->from);
        json_str(w, "to", ev->to);
        if (ev->kind == SESSION_EV_STAGE_CHOICE)
            json_bool(w, "accepted", ev->accepted);
        if (ev->from_step || ev->to_step) { /* `build up to` steps moved by the rules */
            json_uint(w, "from_step", ev->from_step);
            json_uint(w, "to_step", ev->to_step);
        }
        if (ev->at_start) /* left from an earlier session, asked before this one */
            json_str(w, "at", "start");
    }
}

static const char *const AFFECTED_FROM[] = {
    [SESSION_AFFECTED_UNKNOWN] = "none",         [SESSION_AFFECTED_OPTION] = "option",
    [SESSION_AFFECTED_REMEMBERED] = "remembered", [SESSION_AFFECTED_ASKED] = "asked",
};

/* The members of an event the VM has no kind for. */
static void json_session_members(const SessionEvent *ev, JsonWriter *w) {
    switch (ev->kind) {
    case SESSION_EV_RESUMED:
        json_str(w, "ev", "resumed");
        json_int(w, "session", ev->session);
        json_uint(w, "reps_done", ev->reps_done);
        break;
    case SESSION_EV_PAIN_RATING:
        json_str(w, "ev", "pain_rating");
        json_int(w, "rating", ev->rating);
        break;
    case SESSION_EV_DIFFICULTY:
        json_str(w, "ev", "difficulty");
        json_str(w, "value", ev->difficulty);
        break;
    case SESSION_EV_AFFECTED:
        json_str(w, "ev", "affected");
        json_str(w, "side", side_name(ev->affected) ? side_name(ev->affected) : "unknown");
        json_str(w, "from", AFFECTED_FROM[ev->affected_from]);
        break;
    default: json_stages_members(ev, w); break;
    }
}

/* One line of the stream, through the one JSON writer (json.h). */
static void json_session_line(const SessionEvent *ev, FILE *out) {
    JsonWriter w;
    json_init(&w, out);
    json_object(&w, NULL, JSON_COMPACT);
    json_int(&w, "t", ev->t);
    json_session_members(ev, &w);
    json_end(&w);
    fputc('\n', out);
}

static void event_log_event(void *ctx, const SessionEvent *ev) {
    EventLog *log = ctx;
    if (!log->out || log->failed)
        return;
    errno = 0;
    if (ev->kind == SESSION_EV_VM)
        events_json_line(ev->vm, log->out);
    else
        json_session_line(ev, log->out);
    if (fflush(log->out) != 0 || ferror(log->out)) {
        log->failed = true;
        log->error = errno ? errno : EIO;
    }
}

SessionSink event_log_sink(EventLog *log) {
    return (SessionSink){event_log_event, log};
}

void event_log_report(const EventLog *log, const char *name, FILE *err) {
    if (log->failed)
        safe_text_printf(err, "routinec: writing events to \"%s\" failed: %s; the record of this "
                     "session is incomplete\n", name, output_strerror(log->error));
}

/* ---- plain lines --------------------------------------------------------- */

/* "Affected side: left", or that nobody has said. */
static const char *affected_words(const SessionEvent *ev, char *buf, size_t size) {
    if (ev->affected == SIDE_LEFT || ev->affected == SIDE_RIGHT)
        snprintf(buf, size, WORDS_AFFECTED_SIDE, keys_side_word(ev->affected));
    else
        snprintf(buf, size, "%s", WORDS_AFFECTED_UNKNOWN);
    return buf;
}

static void text_lines_event(void *ctx, const SessionEvent *ev) {
    TextLines *lines = ctx;
    if (lines->failed)
        return;
    errno = 0;
    if (ev->kind == SESSION_EV_VM) {
        events_text_line(ev->vm, lines->out);
    } else if (ev->kind == SESSION_EV_RESUMED) {
        VmEvent said = {.kind = EV_NOTE, .t = ev->t, .text = WORDS_CONTINUING};
        events_text_line(&said, lines->out);
    } else if (ev->kind == SESSION_EV_SWITCH) {
        char words[300];
        snprintf(words, sizeof words, "%s%s", WORDS_SWITCHED,
                 ev->alternative ? ev->alternative : WORDS_REGULAR_VERSION);
        VmEvent said = {.kind = EV_NOTE, .t = ev->t, .text = words};
        events_text_line(&said, lines->out);
    } else if (ev->kind == SESSION_EV_AFFECTED) {
        char words[200];
        VmEvent said = {.kind = EV_NOTE, .t = ev->t, .text = affected_words(ev, words, sizeof words)};
        events_text_line(&said, lines->out);
    }
    if (fflush(lines->out) != 0 || ferror(lines->out)) {
        lines->failed = true;
        lines->error = errno ? errno : EIO;
    }
}

void text_lines_report(const TextLines *lines, FILE *err) {
    if (lines->failed)
        safe_text_printf(err, "routinec: writing the session's lines failed: %s\n", output_strerror(lines->error));
}

SessionSink text_lines_sink(TextLines *lines) {
    return (SessionSink){text_lines_event, lines};
}

/* ---- the voice ----------------------------------------------------------- */

/* The voice says the event, and at the last rep of an exercise, what
 * comes next. */
static void voice_event(void *ctx, const SessionEvent *ev) {
    char phrase[VOICE_PHRASE_MAX], with_next[VOICE_PHRASE_MAX + 64];
    if (ev->kind != SESSION_EV_VM || !voice_phrase(ev->vm, phrase, sizeof phrase))
        return;
    VmLookahead ahead = {0};
    if (ev->vm->kind == EV_REP && ev->at)
        vm_look_ahead(ev->at, &ahead);
    if (!ahead.last_rep) {
        voice_say(ctx, phrase);
        return;
    }
    if (ahead.next_exercise) /* TRANSLATORS: spoken: the rep's number, then the next exercise's name */
        snprintf(with_next, sizeof with_next, _("%s, last one. Next: %s"), phrase, ahead.next_exercise);
    else /* TRANSLATORS: spoken: the rep's number */
        snprintf(with_next, sizeof with_next, _("%s, last one"), phrase);
    voice_say(ctx, with_next);
}

SessionSink voice_cues_sink(Voice *voice) {
    return (SessionSink){voice_event, voice};
}
