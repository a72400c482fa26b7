/*
 * events.c -- VM events as JSON lines and as plain progress lines.
 *
 * JSON, per kind, after "t" and "ev" ("?" = left out when absent):
 *
 *   start {routine}              section {name}
 *   exercise {name, section, kind?, variant?}
 *   position/cue/breathe/note/safety/gate {text}
 *   get_ready/tempo/rest/held/done {ms}
 *   set {n, of}                  round {n, of, circuit?}
 *   side {side, label?}          rep {n, of, side?, label?}
 *   hold {ms (not when open), mode: fixed|up_to|open}
 *   wait, pause, resume, quit {} skip {name?}   back {name}
 *   pain {exercise?}             end {completed}
 */
#include "events.h"

#include <inttypes.h>
#include <stdlib.h>

#include "duration.h"
#include "json.h"
#include "safetext.h"

/* ---- JSON ----------------------------------------------------------- */

/* A string member that is always there ("" when the VM has none). */
static void str(JsonWriter *w, const char *key, const char *value) {
    json_str(w, key, value ? value : "");
}

/* A string member that is left out when there is no value. */
static void opt(JsonWriter *w, const char *key, const char *value) {
    if (value)
        json_str(w, key, value);
}

static const char *hold_mode(HoldKind hold) {
    return hold == HOLD_OPEN ? "open" : hold == HOLD_UP_TO ? "up_to" : "fixed";
}

static void json_hold(JsonWriter *w, const VmEvent *ev) {
    if (ev->hold != HOLD_OPEN)
        json_int(w, "ms", ev->ms);
    str(w, "mode", hold_mode(ev->hold));
}

static void json_counted(JsonWriter *w, const VmEvent *ev) {
    json_int(w, "n", ev->n);
    json_int(w, "of", ev->of);
}

static void json_fields(const VmEvent *ev, JsonWriter *w) {
    switch (ev->kind) {
    case EV_START: str(w, "routine", ev->text); break;
    case EV_SECTION: str(w, "name", ev->text); break;
    case EV_EXERCISE:
        str(w, "name", ev->text);
        str(w, "section", ev->section);
        opt(w, "kind", ev->detail);
        opt(w, "variant", ev->variant);
        break;
    case EV_POSITION: case EV_CUE: case EV_BREATHE:
    case EV_NOTE: case EV_SAFETY: case EV_GATE:
        str(w, "text", ev->text);
        break;
    case EV_GET_READY: case EV_HELD: case EV_TEMPO: case EV_DONE: case EV_REST:
        json_int(w, "ms", ev->ms);
        break;
    case EV_SET: case EV_ROUND:
        json_counted(w, ev);
        if (ev->kind == EV_ROUND)
            opt(w, "circuit", ev->text);
        break;
    case EV_SIDE:
        str(w, "side", side_name(ev->side) ? side_name(ev->side) : "none");
        opt(w, "label", ev->detail);
        break;
    case EV_REP:
        json_counted(w, ev);
        opt(w, "side", side_name(ev->side));
        opt(w, "label", ev->detail);
        break;
    case EV_HOLD: json_hold(w, ev); break;
    case EV_SKIP: opt(w, "name", ev->text); break;
    case EV_BACK: str(w, "name", ev->text); break;
    case EV_PAIN: opt(w, "exercise", ev->text); break;
    case EV_END: json_bool(w, "completed", ev->completed); break;
    default: break; /* wait, pause, resume, quit: nothing more */
    }
}

void events_json_line(const VmEvent *ev, FILE *out) {
    const char *name = (unsigned)ev->kind < EV__COUNT ? vm_event_names[ev->kind] : "unknown";
    JsonWriter w;
    json_init(&w, out);
    json_object(&w, NULL, JSON_COMPACT);
    json_int(&w, "t", ev->t);
    json_str(&w, "ev", name);
    json_fields(ev, &w);
    json_end(&w);
    fputc('\n', out);
}

/* ---- plain text ----------------------------------------------------- */

/* A length as the routine would write it: "5s", "1m30s", "2min". */
static const char *text_duration(int64_t ms, char *buf, size_t size) {
    return duration_format(ms < 0 ? 0 : (uint64_t)ms, buf, size);
}

/* "[ 0:05] " under an hour, "[1:02:03] " after. */
static void text_stamp(FILE *out, int64_t t) {
    char clock[32];
    fprintf(out, "[%5s] ", duration_clock(t < 0 ? 0 : (uint64_t)t / 1000, clock, sizeof clock));
}

/* "Rep 3 of 10, left knee" -- the label, or else the side's name. */
static void text_rep(FILE *out, const VmEvent *ev) {
    const char *side = ev->detail ? ev->detail : side_name(ev->side);
    fprintf(out, "Rep %" PRIu32 " of %" PRIu32, ev->n, ev->of);
    if (side)
        fprintf(out, ", %s", side);
}

static void text_exercise(FILE *out, const VmEvent *ev) {
    fprintf(out, "Exercise: %s", ev->text ? ev->text : "");
    if (ev->variant)
        fprintf(out, " (%s)", ev->variant);
}

static void text_hold(FILE *out, const VmEvent *ev) {
    char d[32];
    if (ev->hold == HOLD_OPEN)
        fputs("Hold as long as you can", out);
    else if (ev->hold == HOLD_UP_TO)
        fprintf(out, "Hold up to %s", text_duration(ev->ms, d, sizeof d));
    else
        fprintf(out, "Hold %s", text_duration(ev->ms, d, sizeof d));
}

static void text_round(FILE *out, const VmEvent *ev) {
    if (ev->text)
        fprintf(out, "%s: round %" PRIu32 " of %" PRIu32, ev->text, ev->n, ev->of);
    else
        fprintf(out, "Round %" PRIu32 " of %" PRIu32, ev->n, ev->of);
}

/* "Label: text" for the text events; the cue is said as it is. */
static const char *text_label(VmEventKind kind) {
    switch (kind) {
    case EV_START: return "Routine: ";
    case EV_SECTION: return "Section: ";
    case EV_POSITION: return "Position: ";
    case EV_BREATHE: return "Breathing: ";
    case EV_NOTE: return "Note: ";
    case EV_SAFETY: return "Safety: ";
    case EV_GATE: return "Before you start: ";
    default: return "";
    }
}

/* `without` when there is no name, else `with` followed by it. */
static void text_maybe(FILE *out, const char *without, const char *with, const char *name) {
    if (name)
        fprintf(out, "%s%s", with, name);
    else
        fputs(without, out);
}

/* The words after the timestamp. */
static void text_body(FILE *out, const VmEvent *ev) {
    char d[32];
    const char *len = text_duration(ev->ms, d, sizeof d);
    switch (ev->kind) {
    case EV_START: case EV_SECTION: case EV_POSITION: case EV_CUE:
    case EV_BREATHE: case EV_NOTE: case EV_SAFETY: case EV_GATE:
        fprintf(out, "%s%s", text_label(ev->kind), ev->text ? ev->text : "");
        break;
    case EV_EXERCISE: text_exercise(out, ev); break;
    case EV_GET_READY: fprintf(out, "Get ready: %s", len); break;
    case EV_SET: fprintf(out, "Set %" PRIu32 " of %" PRIu32, ev->n, ev->of); break;
    case EV_ROUND: text_round(out, ev); break;
    case EV_SIDE:
        fprintf(out, "Side: %s", ev->detail ? ev->detail
                                 : side_name(ev->side) ? side_name(ev->side) : "both");
        break;
    case EV_REP: text_rep(out, ev); break;
    case EV_HOLD: text_hold(out, ev); break;
    case EV_HELD: fprintf(out, "Held %s", len); break;
    case EV_TEMPO: fprintf(out, "Move through it in %s", len); break;
    case EV_WAIT: fputs("At your own pace: press Enter when you have done it", out); break;
    case EV_DONE: fprintf(out, "Done after %s", len); break;
    case EV_REST: fprintf(out, "Rest %s", len); break;
    case EV_PAUSE: fputs("Paused", out); break;
    case EV_RESUME: fputs("Resumed", out); break;
    case EV_SKIP: text_maybe(out, "Skipped the rest", "Skipped ", ev->text); break;
    case EV_BACK: text_maybe(out, "Starting the exercise again", "Starting again: ", ev->text); break;
    case EV_PAIN:
        text_maybe(out, "Stopped because of pain", "Stopped because of pain during ", ev->text);
        break;
    case EV_END: fputs(ev->completed ? "Session complete." : "Session stopped.", out); break;
    default: break;
    }
}

/* Quit adds nothing to a log read by a person: the end line says it. */
void events_text_line(const VmEvent *ev, FILE *out) {
    if (ev->kind == EV_QUIT || (unsigned)ev->kind >= EV__COUNT)
        return;
    text_stamp(out, ev->t);
    /* The words carry the routine's texts: made safe for a terminal as a
     * whole (safetext.h), so no text can send it a control sequence. */
    char *body = NULL;
    size_t len = 0;
    FILE *words = open_memstream(&body, &len);
    if (words) {
        text_body(words, ev);
        if (fclose(words) == 0)
            safe_text_write(out, body, len, SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
        free(body);
    }
    fputc('\n', out);
}

void events_emit_json(void *ctx, const VmEvent *ev) {
    events_json_line(ev, ctx);
}

void events_emit_text(void *ctx, const VmEvent *ev) {
    events_text_line(ev, ctx);
}
