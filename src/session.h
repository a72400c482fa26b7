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
    const char *routine_path; /* for messages */
} SessionOptions;

/* Play `program` on the real clock.  Returns the exit status: 0 completed,
 * 4 quit, 5 pain stop, 128+N for a terminating signal N, 3 for an I/O
 * error on the terminal (or when the session cannot be set up), 2 when the
 * selection names something the program does not have. */
int session_run(const Program *program, const VmSelection *select,
                const SessionOptions *options);

#endif
