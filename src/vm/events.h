/*
 * events.h -- writing VM events as lines: JSON for programs, plain text for
 * people reading a log.
 *
 * Both writers are stateless: one event in, one line out (or nothing, for
 * an event that adds nothing to a plain log).  Their output is pinned by
 * golden tests, so change it only on purpose.
 */
#ifndef ROUTINEC_EVENTS_H
#define ROUTINEC_EVENTS_H

#include <stdio.h>

#include "json.h"

#include "vm.h"

/* One JSON object and a newline.  Keys come in a fixed order: "t", "ev",
 * then the fields of that kind of event (see events.c). */
void events_json_line(const VmEvent *ev, FILE *out);

/* One calm line such as "[ 0:05] Rep 1 of 10, left knee", or nothing. */
void events_text_line(const VmEvent *ev, FILE *out);

/* lang-b: the words for a schedule, equipment, load, effort, pain limit,
 * stage, rule, locked section, alternative, fallback or pain choice event
 * ("Schedule: twice a day", "Bring: a chair"), as the plain log, the plan,
 * the screen and the voice say them; NULL for any other event. */
const char *events_describe(const VmEvent *ev, char *buf, size_t size);

/* The same in the patient's language (gettext), for the screen, the voice,
 * the plain lines and the handout; events_describe stays English for
 * programs (the JSON stream's "text", the plan). */
const char *events_words(const VmEvent *ev, char *buf, size_t size);

/* EV_WAIT in the patient's words: "Do 10 at your own pace, then press
 * Enter" for a set at their own pace, else the per-rep wait.  Returns buf. */
const char *events_wait_words(const VmEvent *ev, char *buf, size_t size);

/* What the side of an EV_SIDE or EV_REP is called, in the patient's
 * language: its label ("left knee", "both legs") or its name ("left"), a
 * side named by its role with the patient's side after it ("operated leg
 * (left)", written into buf), or NULL when it has none. */
const char *events_side_words(const VmEvent *ev, char *buf, size_t size);

/* A side's label in the patient's language: one the compiler built
 * ("left knee", "both legs", "operated leg": English in the bytecode and
 * the JSON stream) composed anew ("Knie links", "beide Beine"); the
 * therapist's own label (`left label "..."`) as written.  `side` is the
 * side it names; a composed label is written into buf. */
const char *events_side_label(const char *label, Side side, char *buf, size_t size);

/* A cue in the patient's language: a self-test's `stop if "TEXT"`
 * ("Press Enter when TEXT" in the bytecode) composed anew into buf; any
 * other cue (the therapist's) as written. */
const char *events_cue_words(const char *cue, char *buf, size_t size);

/* A schedule item (SCHEDULE's code, from, to, time-of-day word) in the
 * patient's language, every kind, bound and wording: "twice a day", "at
 * least 3 times a day", "every 2 hours", "4 to 5 days a week", "for 8
 * weeks", "30min a day".  Into buf, which it returns. */
const char *events_schedule_words(uint32_t code, uint32_t lo, uint32_t hi, const char *word, char *buf,
                                  size_t size);

/* An EV_REP or EV_SET in the patient's language, with both ends of a
 * range: "Rep 3 of 10", "Rep 9 · 8 to 12 · Enter when you have had
 * enough" (the done key ends it from there), "Set 2 · up to 3".  Into buf,
 * which it returns. */
const char *events_count_words(const VmEvent *ev, char *buf, size_t size);

/* The ends of a range alone, " · 8 to 12" (" · up to 10" for a ceiling),
 * with " · Enter when you have had enough" when `enter`. */
const char *events_range_ends(const VmEvent *ev, bool enter, char *buf, size_t size);

/* EV_PHASE: what the screen shows and the voice says, "Up", "Hold", in
 * the patient's language ("" for a word the table does not have). */
const char *events_phase_label(const VmEvent *ev);

/* lang-b: the JSON fields of those events (",\"key\":value..."), as in
 * events_json_line; nothing for any other event. */
void events_json_lang_b(const VmEvent *ev, JsonWriter *w);

/* lang-b: the JSON name of a schedule item's kind ("times_a_day"). */
const char *events_schedule_kind(uint32_t code);

/* VmEmit adapters: `ctx` is the FILE * to write to. */
void events_emit_json(void *ctx, const VmEvent *ev);
void events_emit_text(void *ctx, const VmEvent *ev);

#endif
