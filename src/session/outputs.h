/*
 * outputs.h -- the sinks both hosts share (see core.h for sinks).
 *
 *   EventLog   the JSON Lines stream (--events): one writer, one policy.
 *              A failed write is kept (errno) and writing stops; the
 *              session goes on, and the host says so at the end and exits
 *              3, the record being incomplete.
 *   TextLines  the plain lines ("[ 0:05] Rep 1 of 10, left knee").  A
 *              failed write means the patient can no longer see the
 *              session: the host ends it.
 *   VoiceCues  what the voice says, with "last one. Next: ..." at an
 *              exercise's last rep.
 */
#ifndef ROUTINEC_OUTPUTS_H
#define ROUTINEC_OUTPUTS_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"
#include "voice.h"

typedef struct {
    FILE *out;     /* NULL: no stream */
    int error;     /* errno of the first failed write, or 0 */
    bool failed;
} EventLog;

typedef struct {
    FILE *out;
    int error;     /* errno of the failed write, or 0 */
    bool failed;
} TextLines;

SessionSink event_log_sink(EventLog *log);
SessionSink text_lines_sink(TextLines *lines);
SessionSink voice_cues_sink(Voice *voice);

/* Once, after the session: "writing events to "NAME" failed: ...", and
 * the same for the plain lines. */
void event_log_report(const EventLog *log, const char *name, FILE *err);
void text_lines_report(const TextLines *lines, FILE *err);

#endif
