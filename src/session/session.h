/*
 * session.h -- playing a routine: at the patient's terminal on the real
 * clock, or on a virtual clock with scripted keys.
 *
 * Both are thin hosts of one session core (core.h): they tell it the time
 * and the keys and show what it says; the core decides.  Both record
 * progress and resume (progress.h), speak (voice.h), write the JSON
 * stream, and ask the pain or difficulty question after the end.
 *
 * session_run() reads the monotonic clock and the keyboard and shows the
 * full screen on a terminal, plain lines otherwise.  It never sleeps
 * blindly: one poll() waits for a key, the next deadline (an absolute
 * timer) or a signal, whichever comes first.
 *
 * session_run_virtual() plays the whole session at once: time jumps from
 * one deadline to the next and keys come at the times the script gives
 * (driver.h); the keys left after the end answer the question.
 */
#ifndef ROUTINEC_SESSION_H
#define ROUTINEC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "driver.h"
#include "program.h"
#include "vm.h"

typedef struct {
    double speed;             /* 1.0 = real time; --speed X makes the session X times faster */
    bool plain;               /* line-oriented output even on a terminal */
    FILE *events;             /* JSON Lines sink (--events), or NULL */
    const char *events_name;  /* its name, for messages */
    const char *routine_path; /* for messages, and the history */
    FILE *out;                /* plain lines and the question on the virtual
                               * clock (NULL: stdout; tests give a file) */

    /* Progress and history (progress.h): recorded unless no_history. */
    bool no_history;
    const char *state_dir;    /* NULL: $XDG_STATE_HOME/routinec */
    bool resume;              /* continue the saved session of this routine */
    const char *const *disabled; /* stages: --disable NAME: unlocks forgotten */
    uint32_t n_disabled;

    /* Cues without looking (voice.h). */
    bool voice;               /* speak the exercise, side, count, "relax", what is next */
    const char *voice_command;/* NULL: $ROUTINEC_SPEECH_CMD, else espeak-ng */
    bool beep;                /* beep in the last seconds of a hold (implied by voice) */

    /* Diagnostics for `make bench`: one line per timed wake-up, planned and
     * actual monotonic time (see README, "Timing"), into a stream the
     * caller opened through output.h (and checks at the end), or NULL. */
    FILE *timing_log;
} SessionOptions;

/* Play `program` on the real clock.  Returns the exit status: 0 completed,
 * 4 quit, 5 pain stop, 128+N for a terminating signal N (a terminal that
 * goes away is a hang-up: 129), 3 for an I/O error on the terminal, an
 * incomplete record (the events file could not be written) or a session
 * that cannot be set up, 2 when the selection names something the program
 * does not have, 1 when --resume finds nothing to continue or a journal
 * this program did not write. */
int session_run(const Program *program, const VmSelection *select,
                const SessionOptions *options);

/* The same session on the virtual clock, with `keys` (driver.h). */
int session_run_virtual(const Program *program, const VmSelection *select,
                        const SessionOptions *options, const ScriptedKey *keys,
                        size_t n_keys);

#endif
