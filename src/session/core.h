/*
 * core.h -- the session's logic, with no clock, terminal or disk of its own.
 *
 * A session is the VM plus what a patient needs around it: the start (or
 * where a resumed session goes on, with a get-ready first), what comes
 * next, the end of every stream with EV_END, the question after the end
 * (the pain rating after a pain stop, the difficulty after a completed
 * session) and the exit status.  The core owns that logic and nothing
 * else.  Its host tells it the time and the keys and asks it what it needs
 * next (core_need: a deadline, a key, or nothing); what happens reaches
 * the sinks.  Two hosts drive it:
 *
 *   session.c  the terminal: monotonic clock, timerfd, signalfd, poll,
 *              ncurses, terminal modes, job control;
 *   virtual.c  simulated time and scripted keys (`--clock virtual`, the
 *              unit tests).
 *
 * Sinks.  Every event goes to each sink, in the order they were added
 * (hosts add the ones that show first -- screen, plain lines, the JSON
 * stream, the voice -- and the one that persists last, and persisting
 * runs on its own thread: the screen never waits for the disk).  outputs.h
 * has the sinks both hosts share; the screen's is in session.c.
 *
 * How a new event reaches the patient.  A new VM event kind (a line in
 * VM_EVENTS) comes through here unchanged, as a SessionEvent of kind
 * SESSION_EV_VM.  To show it: its JSON fields and plain line in
 * src/vm/events.c, its place on the screen in screen_event() (screen.c),
 * what the voice says in voice_phrase() (voice.c).  Nothing here changes,
 * unless the event changes what the session itself decides (like EV_PAIN).
 * An event the VM cannot send (an answer, a resume) is a new
 * SessionEventKind: add it below and to the sinks of outputs.c.
 */
#ifndef ROUTINEC_CORE_H
#define ROUTINEC_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h"
#include "vm.h"

#define SESSION_MAX_SINKS 8
#define SESSION_MAX_SAFETY 16       /* safety notes said again at a pain stop */
#define SESSION_RESUME_GET_READY_MS 5000 /* when the resumed exercise has none */

typedef enum {
    SESSION_EV_VM,          /* an event of the VM (vm below) */
    SESSION_EV_RESUMED,     /* a saved session goes on (session, reps_done) */
    SESSION_EV_PAIN_RATING, /* the answer after a pain stop (rating) */
    SESSION_EV_DIFFICULTY,  /* the answer after a completed session (difficulty) */
} SessionEventKind;

/* How a session ended, once EV_END has come. */
typedef enum {
    SESSION_RUNNING, SESSION_COMPLETED, SESSION_QUIT, SESSION_PAIN, SESSION_INTERRUPTED,
} SessionOutcome;

typedef struct {
    SessionEventKind kind;
    int64_t t;                /* session time, ms */
    const VmEvent *vm;        /* SESSION_EV_VM */
    const Vm *at;             /* SESSION_EV_VM: the VM inside the instruction
                               * that sent it (vm_snapshot works), or NULL for
                               * an event shown again to set the scene of a
                               * resumed session (not played now) */
    SessionOutcome outcome;   /* at EV_END: how the session ended */
    int rating;               /* SESSION_EV_PAIN_RATING: 0..10 */
    const char *difficulty;   /* SESSION_EV_DIFFICULTY: "too easy", "right", "too hard" */
    int64_t session;          /* SESSION_EV_RESUMED: its id in the history */
    uint64_t reps_done;       /* SESSION_EV_RESUMED: reps done before */
} SessionEvent;

typedef struct {
    void (*event)(void *ctx, const SessionEvent *ev);
    void *ctx;
} SessionSink;

typedef enum { SESSION_NEED_TIME, SESSION_NEED_KEY, SESSION_NEED_NOTHING } SessionNeedKind;

/* What the core waits for: step again at `deadline` (session ms) or with a
 * key (SESSION_NEED_TIME), only with a key (a wait at the patient's pace,
 * or a pause), or nothing: the session is over. */
typedef struct {
    SessionNeedKind kind;
    int64_t deadline;
} SessionNeed;

typedef enum { SESSION_ASK_NONE, SESSION_ASK_PAIN, SESSION_ASK_DIFFICULTY } SessionQuestion;

/* The fields are the core's; hosts read them through the functions below
 * (and the VM's timing, through core_vm, for the screen). */
typedef struct {
    Vm vm;
    bool vm_ready, resuming, started;
    VmStatus status;
    int64_t now;
    SessionSink sinks[SESSION_MAX_SINKS];
    uint32_t n_sinks;
    const char *safety[SESSION_MAX_SAFETY];
    uint32_t n_safety;
    VmLookahead ahead;
    bool ahead_stale;
    bool saw_pain, completed, ended, record_incomplete;
    int exit_signal;
    int64_t end_t;
    uint32_t get_ready_ms; /* a resumed session's, before it goes on */
    SessionQuestion asking;
} SessionCore;

/* Prepare to play `program` with `select` (whose strings must outlive the
 * core).  False when out of memory (*why NULL) or when the selection names
 * what the program does not have (*why says so); core_close() after
 * either. */
bool core_open(SessionCore *core, const Program *program, const VmSelection *select,
               const char **why);
void core_close(SessionCore *core);

/* Add a sink (before core_restore and core_start); false when full. */
bool core_add_sink(SessionCore *core, SessionSink sink);

/* Continue a saved session from `snap`: the sinks see the scene again at
 * once (EV_START, a SESSION_EV_RESUMED with `session` and `reps_done`, the
 * exercise with its position and cues), so an intro can name it.  False
 * with a sentence in *why when the snapshot does not fit the program. */
bool core_restore(SessionCore *core, const VmSnapshot *snap, int64_t session,
                  uint64_t reps_done, const char **why);

/* The session time a host starts its clock at: 0, or a resumed session's. */
int64_t core_start_time(const SessionCore *core);

/* The clock runs from `now`: play (a resumed session: its get-ready
 * first). */
SessionNeed core_start(SessionCore *core, int64_t now);

/* Time has come to `now` (never earlier than before); act on `key` first. */
SessionNeed core_step(SessionCore *core, int64_t now, VmKey key);

/* lang-b: the pain key during an exercise with a `pain limit`: the host
 * asks the rating (0-10) and, at or under the limit, what the patient
 * chooses -- go on, step down to the easier version, or stop -- and gives
 * both here (vm_pain).  Above the limit, or with no answer (rating < 0),
 * it is a pain stop as VM_KEY_PAIN.  core_pain_limit() says whether to
 * ask: true, with the limit and scale, when the exercise has one. */
SessionNeed core_pain(SessionCore *core, int64_t now, int rating, VmPainChoice choice);
bool core_pain_limit(const SessionCore *core, uint32_t *limit, uint32_t *scale);

SessionNeed core_need(const SessionCore *core);

/* The patient left before the clock started (q at the intro): the stream
 * still says start, quit and end. */
void core_leave(SessionCore *core, int64_t now);

/* A signal ends the session (SIGTERM, SIGHUP, and a terminal that is gone,
 * which is a hang-up): exit status 128 + signo, outcome interrupted. */
void core_interrupt(SessionCore *core, int64_t now, int signo);

/* What was shown could not be shown (the terminal failed): the session
 * ends as a quit, exit status 3. */
void core_fail(SessionCore *core, int64_t now);

/* A sink could not keep the record (the events file, the history): the
 * session goes on, and the exit status says the record is incomplete. */
void core_record_incomplete(SessionCore *core);

/* What comes after the current exercise (cached until it changes). */
const VmLookahead *core_ahead(SessionCore *core);

const Vm *core_vm(const SessionCore *core);
VmStatus core_status(const SessionCore *core);
SessionOutcome core_outcome(const SessionCore *core);

/* ---- after the end ----------------------------------------------------- */

/* The question to ask now, or none (asked once; none after a signal). */
SessionQuestion core_question(const SessionCore *core);

/* An answer key (-1: none will come).  Enter, Escape and q skip; a key
 * that answers is sent to the sinks.  Another key is ignored when
 * `strict` (a terminal: the patient may try again), else it skips.
 * Returns 1 when answered, 0 when skipped, -1 when still asking. */
int core_answer(SessionCore *core, int key, bool strict);

/* The safety notes met so far (to say again after a pain stop). */
uint32_t core_safety(const SessionCore *core, const char *const **texts);

/* 0 completed, 4 quit, 5 pain stop, 128+N signal N, 3 when the terminal
 * failed or the record is incomplete. */
int core_exit_status(const SessionCore *core);

#endif
