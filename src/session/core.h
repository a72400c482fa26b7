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
    /* stages: */
    SESSION_EV_EFFORT,      /* how hard an exercise felt (exercise, rating) */
    SESSION_EV_SWITCH,      /* the patient switched version (exercise, alternative, direction) */
    SESSION_EV_PROPOSAL,    /* a stage rule is met (rule, from, to) */
    SESSION_EV_STAGE_CHOICE,/* the answer to it (rule, from, to, accepted) */
    SESSION_EV_AFFECTED,    /* after EV_START, when the routine names sides by
                             * their role: the patient's affected side
                             * (affected, SIDE_NONE: unknown) and where it
                             * came from (affected_from) */
} SessionEventKind;

/* Where the patient's affected side came from. */
typedef enum {
    SESSION_AFFECTED_UNKNOWN,    /* nobody said: sides by their role play unresolved */
    SESSION_AFFECTED_OPTION,     /* run --affected */
    SESSION_AFFECTED_REMEMBERED, /* said in an earlier run of the routine */
    SESSION_AFFECTED_ASKED,      /* the patient answered at the start */
} SessionAffectedFrom;

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
    /* stages: SESSION_EV_EFFORT exercise, rating (0..scale); SESSION_EV_SWITCH
     * exercise, alternative (NULL: the regular version), direction (-1
     * easier, +1 harder; `pain`: stepped down after a pain within the
     * limit); SESSION_EV_PROPOSAL/STAGE_CHOICE rule ("advance",
     * "step_back"), from, to, accepted. */
    const char *exercise, *alternative, *rule, *from, *to;
    int direction;
    bool pain, accepted;
    bool at_start;            /* PROPOSAL/STAGE_CHOICE: asked before the start */
    uint32_t from_step, to_step; /* PROPOSAL/STAGE_CHOICE: `build up to` steps (0: none) */
    Side affected;            /* SESSION_EV_AFFECTED */
    SessionAffectedFrom affected_from;
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

typedef enum {
    SESSION_ASK_NONE, SESSION_ASK_PAIN, SESSION_ASK_DIFFICULTY,
    /* stages: during the session (the first two with the clock paused) */
    SESSION_ASK_PAIN_LIMIT,  /* how bad, 0-10, within the exercise's pain limit */
    SESSION_ASK_PAIN_CHOICE, /* g go on, e easier version, s stop */
    SESSION_ASK_EFFORT,      /* how hard did it feel, 0-10 (also after the end) */
    /* after the end */
    SESSION_ASK_ADVANCE, SESSION_ASK_STEP_BACK,
} SessionQuestion;

#define SESSION_MAX_CHOICES 64
#define SESSION_MAX_ASKED 4

/* stages: what the history says of the programme (programme.h), for the
 * stage rules: the core adds the session being played. */
typedef struct {
    const char *stage;         /* the stage played, when it is the programme's current one */
    uint32_t step;             /* its `build up to` step (0: steps are not moved) */
    bool advance;              /* an advance rule, with somewhere to move */
    const char *advance_to;    /* the stage it proposes (NULL without stages)... */
    uint32_t advance_step;     /* ...at this step (0: steps are not moved) */
    uint32_t advance_after, advance_pain, advance_counted;
    bool step_back;            /* a step-back rule, with somewhere to move */
    const char *step_back_to;
    uint32_t step_back_step;
    uint32_t step_back_after, step_back_counted;
    /* A proposal met in an earlier session and never answered: asked at
     * the start (SESSION_ASK_ADVANCE or SESSION_ASK_STEP_BACK; NONE). */
    SessionQuestion pending;
} SessionProgramme;

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
    /* After the end: the questions still to ask, in order. */
    SessionQuestion asked[SESSION_MAX_ASKED];
    uint32_t n_asked, next_asked;
    /* stages: */
    SessionQuestion asking;     /* during the session, or NONE */
    int pain_rating;            /* given during the session (-1: none) */
    int max_pain;               /* the highest pain rated in this session (-1) */
    bool pain_paused;           /* the core paused the VM to ask */
    const char *exercise;       /* the exercise playing (program text) */
    bool exercise_left;         /* by next, back, a switch or a step-down */
    bool exercise_effort;       /* it has an `effort` */
    const char *effort_of;      /* the exercise the effort question is about */
    const char *stepped_down;   /* the easier version a pain choice asked for */
    uint32_t effort_scale;
    VmChoice choices[SESSION_MAX_CHOICES];
    uint32_t n_choices;
    SessionProgramme programme;
    SessionProgramme moved;     /* the programme once the pending proposal is accepted */
    bool start_asked;           /* the pending proposal was asked at the start */
    int start_choice;           /* its answer: 1 yes, 0 no, -1 none */
    SessionQuestion pending_rule;        /* what was asked at the start... */
    const char *pending_from, *pending_to; /* ...and the stages it was between */
    uint32_t pending_from_step, pending_to_step;
    bool side_roles;       /* the program names sides by their role */
    bool side_asked;       /* the start asked which side is affected */
    SessionAffectedFrom affected_from;
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

/* ---- before the start: which side is affected --------------------------- */

/* The affected side in the selection came from an earlier run of the
 * routine (the default: from the command line). */
void core_affected_remembered(SessionCore *core);

/* Whether to ask which side is affected, before core_start: the routine
 * names sides by their role (`affected side only`), nobody has said
 * which, and it was not asked yet.  Asked once. */
bool core_side_question(const SessionCore *core);

/* The answer to it: l (left) or r (right), either case.  Enter, Escape,
 * q or -1 (no answer will come) leave it unknown: the sides by their role
 * then play unresolved.  Another key: -1 when `strict` (a terminal: ask
 * again), else unknown.  Returns 1 when answered, 0 when left unknown, -1
 * when still asking. */
int core_answer_side(SessionCore *core, int key, bool strict);

/* The session time a host starts its clock at: 0, or a resumed session's. */
int64_t core_start_time(const SessionCore *core);

/* The clock runs from `now`: play (a resumed session: its get-ready
 * first). */
SessionNeed core_start(SessionCore *core, int64_t now);

/* Time has come to `now` (never earlier than before); act on `key` first. */
SessionNeed core_step(SessionCore *core, int64_t now, VmKey key);

/* lang-b: the current exercise's pain limit (true, with the limit and
 * scale) when it has one. */
bool core_pain_limit(const SessionCore *core, uint32_t *limit, uint32_t *scale);

SessionNeed core_need(const SessionCore *core);

/* stages: a character the patient typed during the session ('\n' for
 * Enter; -1: no answer will come to the question asked).  It answers the
 * question being asked (core_asking), or is the session key of the table
 * in keys.h: the pain key in an exercise with a `pain limit` asks the
 * rating (the clock paused), then go on / easier / stop; the easier and
 * harder keys start the exercise again in its easier or harder version
 * (remembered: SESSION_EV_SWITCH); the others as core_step.  The help key
 * is the host's.  `strict`: a key that does not answer a question that
 * holds the clock is ignored (a terminal), else it skips it. */
SessionNeed core_key(SessionCore *core, int64_t now, int ch, bool strict);

/* The question asked during the session now, or NONE; and its words in
 * the patient's language (`out`, always terminated). */
SessionQuestion core_asking(const SessionCore *core);
const char *core_prompt(const SessionCore *core, SessionQuestion q, char *out, size_t size);

/* Whether the question holds the clock (pain) -- the host must answer it
 * before anything else -- or rides along (effort: during the next get-ready). */
bool core_asking_holds(const SessionCore *core);

/* stages: the programme's state for the stage rules (before core_start);
 * `moved` (NULL when nothing is pending) what it becomes when the patient
 * accepts the pending proposal at the start. */
void core_set_programme(SessionCore *core, const SessionProgramme *programme,
                        const SessionProgramme *moved);

/* The proposal to ask before the start, or NONE: one a rule made in an
 * earlier session that was never answered (asked once, after the
 * affected side; not in a resumed session). */
SessionQuestion core_start_question(const SessionCore *core);

/* Its answer: y or n (either case).  y moves the programme now: this
 * session plays the stage proposed.  Enter, Escape, q or -1 leave it
 * unanswered (asked again at the end when the rule still holds); another
 * key: -1 when `strict`, else unanswered.  The answer reaches the sinks
 * right after EV_START, as a proposal and a stage_choice with at_start.
 * Returns 1 answered, 0 left, -1 still asking. */
int core_answer_start(SessionCore *core, int key, bool strict);

/* What the start's answer did, in words ("Moving on to ... now."), or
 * "" when it was not answered. */
const char *core_start_said(const SessionCore *core, char *out, size_t size);

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

/* The question to ask now, or none (each asked once; none after a
 * signal): after a pain stop the rating (unless given during the session)
 * and a step back the rules propose; after a completed session how hard
 * the last exercise felt (when it has an `effort`), the difficulty, and
 * moving on when the rules say so.  y or n answer a proposal. */
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
