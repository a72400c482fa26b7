/*
 * session.h -- playing a routine on the real clock, at the patient's
 * terminal.
 *
 * session_run() is the driver the VM was designed for: it reads the
 * monotonic clock and the keyboard, tells the VM the time and the keys, and
 * shows what the VM says (the full screen on a terminal, plain lines
 * otherwise).  It never sleeps blindly: one poll() waits for a key, the
 * VM's next deadline (an absolute timer) or a signal, whichever comes first.
 */
#ifndef ROUTINEC_SESSION_H
#define ROUTINEC_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"
#include "vm.h"

typedef struct {
    double speed;             /* 1.0 = real time; --speed X makes the session X times faster */
    bool plain;               /* line-oriented output even on a terminal */
    FILE *events;             /* JSON Lines sink (--events), or NULL */
    const char *routine_path; /* for messages, and the history */

    /* Progress and history (progress.h): recorded unless no_history. */
    bool no_history;
    const char *state_dir;    /* NULL: $XDG_STATE_HOME/routinec */
    bool resume;              /* continue the saved session of this routine */

    /* Cues without looking (voice.h). */
    bool voice;               /* speak the exercise, side, count, "relax", what is next */
    const char *voice_command;/* NULL: $ROUTINEC_SPEECH_CMD, else espeak-ng */
    bool beep;                /* beep in the last seconds of a hold (implied by voice) */

    /* Diagnostics for `make bench`: one line per timed wake-up, planned and
     * actual monotonic time (see README, "Timing"). */
    const char *timing_log;
} SessionOptions;

/* Play `program` on the real clock.  Returns the exit status: 0 completed,
 * 4 quit, 5 pain stop, 128+N for a terminating signal N, 3 for an I/O
 * error on the terminal (or when the session cannot be set up), 2 when the
 * selection names something the program does not have, 1 when --resume
 * finds nothing to continue or a journal this program did not write. */
int session_run(const Program *program, const VmSelection *select,
                const SessionOptions *options);

#endif
