/* outputs.c -- see outputs.h. */
#include "outputs.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "events.h"
#include "json.h"
#include "output.h"
#include "safetext.h"
#include "words.h"

/* ---- the JSON stream ----------------------------------------------------- */

static void json_field(FILE *out, const char *key, const char *value) {
    fprintf(out, ",\"%s\":", key);
    if (value)
        json_write_string(out, value);
    else
        fputs("null", out);
}

/* stages: an effort rating, a switch of version, a stage proposal and
 * its answer. */
static void json_stages_line(const SessionEvent *ev, FILE *out) {
    if (ev->kind == SESSION_EV_EFFORT) {
        fputs(",\"ev\":\"effort_rating\"", out);
        json_field(out, "exercise", ev->exercise);
        fprintf(out, ",\"rating\":%d", ev->rating);
    } else if (ev->kind == SESSION_EV_SWITCH) {
        fputs(",\"ev\":\"switch\"", out);
        json_field(out, "exercise", ev->exercise);
        json_field(out, "to", ev->alternative);
        json_field(out, "direction", ev->direction < 0 ? "easier" : "harder");
        if (ev->pain)
            fputs(",\"after_pain\":true", out);
    } else if (ev->kind == SESSION_EV_PROPOSAL || ev->kind == SESSION_EV_STAGE_CHOICE) {
        fputs(ev->kind == SESSION_EV_PROPOSAL ? ",\"ev\":\"proposal\"" : ",\"ev\":\"stage_choice\"", out);
        json_field(out, "rule", ev->rule);
        json_field(out, "from", ev->from);
        json_field(out, "to", ev->to);
        if (ev->kind == SESSION_EV_STAGE_CHOICE)
            fprintf(out, ",\"accepted\":%s", ev->accepted ? "true" : "false");
        if (ev->from_step || ev->to_step) /* `build up to` steps moved by the rules */
            fprintf(out, ",\"from_step\":%u,\"to_step\":%u", (unsigned)ev->from_step, (unsigned)ev->to_step);
        if (ev->at_start) /* left from an earlier session, asked before this one */
            fputs(",\"at\":\"start\"", out);
    }
}

static const char *const AFFECTED_FROM[] = {
    [SESSION_AFFECTED_UNKNOWN] = "none",         [SESSION_AFFECTED_OPTION] = "option",
    [SESSION_AFFECTED_REMEMBERED] = "remembered", [SESSION_AFFECTED_ASKED] = "asked",
};

/* The lines of the events the VM has no kind for. */
static void json_session_line(const SessionEvent *ev, FILE *out) {
    fprintf(out, "{\"t\":%" PRId64, ev->t);
    switch (ev->kind) {
    case SESSION_EV_RESUMED:
        fprintf(out, ",\"ev\":\"resumed\",\"session\":%" PRId64 ",\"reps_done\":%" PRIu64,
                ev->session, ev->reps_done);
        break;
    case SESSION_EV_PAIN_RATING: fprintf(out, ",\"ev\":\"pain_rating\",\"rating\":%d", ev->rating); break;
    case SESSION_EV_DIFFICULTY:
        fputs(",\"ev\":\"difficulty\",\"value\":", out);
        json_write_string(out, ev->difficulty);
        break;
    case SESSION_EV_AFFECTED:
        fprintf(out, ",\"ev\":\"affected\",\"side\":\"%s\",\"from\":\"%s\"",
                side_name(ev->affected) ? side_name(ev->affected) : "unknown",
                AFFECTED_FROM[ev->affected_from]);
        break;
    default: json_stages_line(ev, out); break;
    }
    fputs("}\n", out);
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
        snprintf(buf, size, WORDS_AFFECTED_SIDE, ev->affected == SIDE_LEFT ? _("left") : _("right"));
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
