/*
 * rig.h -- what both hosts set up around the core: the progress record and
 * resume, the shared sinks (plain lines, the JSON stream, the voice, the
 * persisting thread), the questions after the end, and the exit status.
 *
 *   rig_open     the store (and the journal with --resume), the core
 *   (the host adds the sinks only it has: the screen)
 *   rig_attach   the shared sinks; a resumed session's scene is shown
 *   ... the host plays ...
 *   rig_ask      the question after the end, with the host's keys
 *   rig_close    everything, and the exit status
 */
#ifndef ROUTINEC_RIG_H
#define ROUTINEC_RIG_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"
#include "output.h"
#include "outputs.h"
#include "persist.h"
#include "progress.h"
#include "session.h"

typedef struct {
    SessionCore core;
    const SessionOptions *options;
    ProgressSetup setup;
    Progress *progress;
    Persist *persist;
    EventLog log;
    TextLines lines;
    /* Both written through a cap (MAX_RUN_OUTPUT_BYTES), one cap when the
     * JSON stream shares standard output with the lines. */
    OutputCap log_cap, lines_cap;
    bool text_lines;   /* plain lines on standard output */
    Voice *voice;
    bool core_open;
} Rig;

/* Open the store and the core; 0, or the exit status (having said why). */
int rig_open(Rig *rig, const Program *program, const VmSelection *select,
             const SessionOptions *options);

/* Add the shared sinks after the host's own (with `text_lines`, plain
 * lines on stdout) and restore a resumed session.  0, or the exit status. */
int rig_attach(Rig *rig, bool text_lines);

/* Where the questions and the safety notes go: stdout unless it carries
 * the JSON stream. */
FILE *rig_talk(const Rig *rig);

/* Ask the question after the end, if any: the safety notes first after a
 * pain stop; keys come from `read_key` (-1: none will come).  `prompt`:
 * a terminal is there to read the question (and a key it does not expect
 * is ignored, not a skip). */
void rig_ask(Rig *rig, int (*read_key)(void *ctx), void *ctx, bool prompt);

/* Close everything, say what went wrong with the record, and return the
 * session's exit status. */
int rig_close(Rig *rig);

#endif
