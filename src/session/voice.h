/*
 * voice.h -- cues a patient can follow without looking: speech and beeps.
 *
 * Speech goes through an external program (espeak-ng by default, or the
 * command in --voice-command / $ROUTINEC_SPEECH_CMD, so tests can record
 * what would be said), spawned with posix_spawnp: no shell, the phrase as
 * one argument, its output to /dev/null, its signal mask and dispositions
 * reset.  One phrase speaks at a time; the rest wait in a short queue
 * (the oldest is dropped when it is full: a count that is already past is
 * not worth saying).  Children are reaped without blocking, from the
 * session loop, when SIGCHLD arrives.
 */
#ifndef ROUTINEC_VOICE_H
#define ROUTINEC_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm.h"

#define VOICE_DEFAULT_COMMAND "espeak-ng"
#define VOICE_ENV "ROUTINEC_SPEECH_CMD"
#define VOICE_PHRASE_MAX 240
#define VOICE_BEEP_SECONDS 3 /* beeps in the last seconds of a hold */

typedef struct Voice Voice;

/* Prepare to speak with `command` (words separated by spaces; NULL: the
 * environment's, else espeak-ng).  Returns NULL with a sentence in `why`
 * when the program is not installed or memory runs out. */
Voice *voice_open(const char *command, char *why, size_t why_size);

/* Wait (up to a few seconds) for what is still queued, then free. */
void voice_close(Voice *voice);

/* On a simulated clock no phrase is past: instead of dropping the oldest
 * when the queue is full, wait (a few seconds at most) for the phrase
 * speaking now to end. */
void voice_keep_all(Voice *voice);

/* Queue `phrase` and start speaking it if nothing else is. */
void voice_say(Voice *voice, const char *phrase);

/* Reap finished speech without waiting and start the next phrase. */
void voice_reap(Voice *voice);

/* A spawn failed (once per session): the sentence, else NULL. */
const char *voice_problem(Voice *voice);

/* What to say for `ev` ("Knee to chest", "left knee", "3", "relax"), or
 * false for an event that says nothing.  Writes at most `size` bytes. */
bool voice_phrase(const VmEvent *ev, char *out, size_t size);

/* The session time of the next beep of a hold that runs from `start` to
 * `deadline`: the first of deadline - 3 s, - 2 s, - 1 s that is after
 * `after` and after `start` (a beep as the hold begins would only clash
 * with its announcement); -1 when none is left. */
int64_t voice_next_beep(int64_t start, int64_t deadline, int64_t after);

#endif
