/*
 * vm.h -- the session machine.
 *
 * The VM is a pure state machine.  It never sleeps, reads a clock or a
 * terminal: the driver (session.c) tells it the time and the key, and the
 * VM answers with events and with what it is waiting for (a deadline, a
 * key, or nothing because it has finished).  That makes a whole session
 * reproducible on a virtual clock with scripted keys, and resumable.
 *
 * Time is the session clock in milliseconds since the start.  Deadlines are
 * absolute: each timed step ends at the previous deadline plus its length,
 * never at "now" plus its length, so lateness never accumulates.
 */
#ifndef ROUTINEC_VM_H
#define ROUTINEC_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "program.h"

typedef enum {
    VM_KEY_NONE = 0,
    VM_KEY_PAUSE, /* toggles pause and resume */
    VM_KEY_NEXT,  /* skip to the next exercise (or the end of a rest) */
    VM_KEY_BACK,  /* start the current exercise again */
    VM_KEY_QUIT,
    VM_KEY_PAIN,  /* stop because of pain */
    VM_KEY_DONE,  /* the patient ends an open or up-to hold, or a self-paced rep */
} VmKey;

#define VM_EVENTS(X)                                                           \
    X(START, "start")       X(SECTION, "section")   X(EXERCISE, "exercise")    \
    X(POSITION, "position") X(CUE, "cue")           X(BREATHE, "breathe")      \
    X(NOTE, "note")         X(SAFETY, "safety")     X(GATE, "gate")            \
    X(GET_READY, "get_ready") X(SET, "set")         X(ROUND, "round")          \
    X(SIDE, "side")         X(REP, "rep")           X(HOLD, "hold")            \
    X(HELD, "held")         X(TEMPO, "tempo")       X(WAIT, "wait")            \
    X(DONE, "done")         X(REST, "rest")         X(PAUSE, "pause")          \
    X(RESUME, "resume")     X(SKIP, "skip")         X(BACK, "back")            \
    X(PAIN, "pain")         X(QUIT, "quit")         X(END, "end")          \
    /* lang-b */                                                               \
    X(SCHEDULE, "schedule") X(EQUIPMENT, "equipment") X(LOAD, "load")          \
    X(EFFORT, "effort")     X(PAIN_LIMIT, "pain_limit") X(STAGE, "stage")      \
    X(RULE, "rule")         X(LOCKED, "locked")     X(OFFER, "alternative")    \
    X(FALLBACK, "fallback") X(PAIN_CHOICE, "pain_choice")                   \
    /* lang-a */                                                               \
    X(RANGE, "range")                                                          \
    /* tempo: one phase of a rep (`tempo 3s up, 5s down;`) */                  \
    X(PHASE, "phase")

typedef enum {
#define X(name, json) EV_##name,
    VM_EVENTS(X)
#undef X
    EV__COUNT
} VmEventKind;

extern const char *const vm_event_names[EV__COUNT];

typedef enum { HOLD_FIXED, HOLD_UP_TO, HOLD_OPEN } HoldKind;

/* One thing that happened.  Text pointers point into the program and stay
 * valid as long as it does.  Fields not meaningful for `kind` are 0/NULL. */
typedef struct {
    VmEventKind kind;
    int64_t t;            /* session clock, ms */
    const char *text;     /* routine, section, exercise name, cue text... */
    const char *section;  /* EV_EXERCISE: its section ("" at top level) */
    const char *detail;   /* EV_EXERCISE: kind; EV_SIDE/EV_REP: side label */
    const char *variant;  /* EV_EXERCISE: variant name or NULL */
    uint32_t n, of;       /* EV_SET, EV_ROUND, EV_REP */
    Side side;            /* EV_SIDE, EV_REP (SIDE_BOTH: both sides together) */
    SideRole role;        /* EV_SIDE, EV_REP: a side named by its role
                           * (`affected side only`); `side` is then the
                           * patient's side of that role, SIDE_NONE when
                           * it is unknown */
    int64_t ms;           /* EV_HOLD, EV_HELD, EV_TEMPO, EV_PHASE, EV_REST, EV_GET_READY */
    /* EV_PHASE: `code` is its TempoWord, `text` its word ("up"), `n` of
     * `of` which phase it is.  EV_TEMPO: `of` is the number of phases
     * that follow (0: a tempo of one duration, itself the timed step). */
    HoldKind hold;        /* EV_HOLD */
    /* Ranges.  EV_REP, EV_SET: `least` is the lower end of the count (`of`
     * the upper), 0 when it is one value.  EV_HOLD, EV_REST: `least_ms` is
     * the lower end (`ms` the upper), 0 when there is none.  EV_RANGE
     * (a range of reps, sets or rounds has ended): `text` says which, `n`
     * how many were done, `least`..`of` the range, `early` whether the
     * patient ended it with the done key. */
    uint32_t least;
    int64_t least_ms;
    bool early;
    bool as_needed;       /* EV_REST: `rest as needed`, no ms: the patient ends it */
    /* EV_GET_READY, EV_TEMPO, EV_REST, EV_REP: its value (EV_EXERCISE: its one
     * set) is a built-in default the routine never wrote.  For `plan`; the
     * event stream leaves it out. */
    bool is_default;
    bool completed;       /* EV_END */
    /* lang-b: EV_SCHEDULE code (SCHED_CODE) and range; EV_LOAD lo, hi
     * (thousandths) and code (LoadUnit); EV_EFFORT lo, hi, scale;
     * EV_PAIN_LIMIT lo (the limit), scale; EV_RULE code (VmRule), lo
     * (sessions or stops), hi (pain at most, or OPERAND_NONE); EV_OFFER
     * code (1 easier, 2 harder); EV_PAIN_CHOICE lo (rating), hi (limit),
     * code (VmPainChoice).  `scope` says where the statement was written:
     * "routine", "stage", "section" or "exercise". */
    uint32_t lo, hi, scale, code;
    const char *scope;
    const char *exercise; /* the exercise, when scope is "exercise" */
    uint32_t pc;          /* instruction that caused it (for source lines) */
} VmEvent;

typedef void (*VmEmit)(void *ctx, const VmEvent *event);

/* lang-b: stage rules, alternatives, the answer to a pain within limits. */
typedef enum { VM_RULE_ADVANCE = 1, VM_RULE_STEP_BACK = 2 } VmRule;
typedef enum { VM_ALT_NONE = 0, VM_ALT_EASIER = 1, VM_ALT_HARDER = 2 } VmAlternative;
typedef enum { VM_PAIN_GO_ON = 1, VM_PAIN_EASIER = 2, VM_PAIN_STOP = 3 } VmPainChoice;

/* The alternative the patient chose for one exercise (remembered). */
typedef struct {
    const char *exercise;
    const char *alternative; /* an `easier`/`harder` name; NULL: the regular one */
} VmChoice;

/* What to play: NULL/0 fields mean "everything as written". */
typedef struct {
    const char *section; /* play only this section (and what it contains) */
    const char *level;   /* play sections of this level and those with none */
    const char *variant; /* play this variant where an exercise has it */
    uint32_t step;       /* progression step, 1-based; 0 = 1 */
    /* Stages, unlocks and easier/harder alternatives: */
    const char *stage;   /* the stage to play; NULL: the first */
    const char *const *enabled; /* unlocked requirements (`requires "X"`) */
    uint32_t n_enabled;
    VmAlternative alternative; /* easier or harder everywhere it exists */
    const VmChoice *choices;   /* per exercise; wins over `alternative` */
    uint32_t n_choices;
    bool least;          /* play every range at its lower end (the plan's
                            shortest session) instead of its upper end */
    Side affected;       /* the patient's affected side (SIDE_LEFT or
                            SIDE_RIGHT); SIDE_NONE: unknown, and a side
                            named by its role plays unresolved */
} VmSelection;

typedef enum {
    VM_WAIT_TIME, /* call again at vm->deadline (or with a key before) */
    VM_WAIT_KEY,  /* call again with a key (VM_KEY_DONE continues) */
    VM_PAUSED,    /* call again with VM_KEY_PAUSE (or QUIT/PAIN) */
    VM_FINISHED,
} VmStatus;

typedef enum {
    ACT_NONE, ACT_GET_READY, ACT_HOLD, ACT_TEMPO, ACT_REST, ACT_WAIT_KEY
} VmActivity;

typedef struct {
    uint32_t body;  /* pc just past the LOOP */
    uint32_t count;
    uint32_t index; /* 0-based iteration */
} VmLoop;

typedef struct {
    uint32_t name;   /* constant */
    bool selected;   /* plays (selection matched here or above) */
} VmSectionFrame;

typedef struct {
    const Program *program;
    VmSelection select;
    /* With a section filter: the SECTION instructions that enclose a section
     * of the chosen name (sorted pcs), entered silently on the way to it. */
    uint32_t *enter_pcs;
    uint32_t n_enter;
    char *why; /* vm_init's error sentence (owned) */

    uint32_t pc;
    VmStatus status;
    bool started;
    int64_t now_logical; /* session time of the instruction being executed */
    /* DEFAULT: the next instruction's value is a built-in default
     * (default_next), and so is the one executing now (default_now). */
    bool default_next, default_now;

    VmLoop loops[MAX_LOOP_DEPTH];
    uint32_t n_loops;
    VmSectionFrame sections[MAX_SECTION_DEPTH + 1];
    uint32_t n_sections;

    /* Current exercise, for `next` and `back`. */
    bool in_exercise;
    uint32_t exercise_pc, exercise_end, exercise_loops, exercise_sections;
    uint32_t exercise_name; /* constant */

    /* Current step that waits (for time or a key); ACT_NONE while running. */
    VmActivity activity;
    HoldKind hold;
    uint32_t activity_pc;
    uint32_t least_ms;   /* a hold or rest range: the done key ends it from here */
    /* activity_start moves forward by every pause, so that "now minus
     * activity_start" is the time actually spent in the step. */
    int64_t activity_start, deadline, remaining_when_paused, paused_at;
    VmStatus status_before_pause;

    Side side;
    uint32_t side_label; /* constant or OPERAND_NONE */
    SideRole role;       /* the side's role, or ROLE_NONE (not in snapshots:
                            vm_restore reads it from the matching position) */

    uint64_t steps; /* instructions executed (`back` may repeat some) */

    /* Stages, unlocks and easier/harder alternatives: */
    uint32_t stage;        /* constant of the stage playing, or OPERAND_NONE */
    uint32_t chosen_stage; /* constant of the stage to play, or OPERAND_NONE */
    uint32_t pain_limit, pain_scale; /* of the current exercise; scale 0: none */
    uint32_t alt_chain;    /* pc of the first IF_ALT/IF_VARIANT before the
                            * current exercise, or OPERAND_NONE */
    uint32_t easier_for;   /* exercise (constant) stepped down after a pain */

    VmEmit emit;
    void *emit_ctx;
} Vm;

/* Prepare to run `program` (verified) with `select`.  Returns false when
 * out of memory or when the selection names a section, level or variant the
 * program does not have (`why` then says which, in a sentence that lists
 * the names the program does have).  `why` stays valid until vm_free(),
 * which must be called after a failed vm_init too.  `select`'s strings are
 * not copied: they must outlive the Vm. */
bool vm_init(Vm *vm, const Program *program, const VmSelection *select,
             VmEmit emit, void *emit_ctx, const char **why);
void vm_free(Vm *vm);

/* Advance the session to time `now` (never earlier than the last call),
 * acting on `key` first.  Runs until the VM must wait, and returns why. */
VmStatus vm_step(Vm *vm, int64_t now, VmKey key);

/* lang-b: a pain the patient rated `rating` (0-10) during the exercise.
 * Above the exercise's `pain limit` (or with none) it is a pain stop, as
 * VM_KEY_PAIN.  At or under it `choice` says what the patient chose: go
 * on where the session was, start the exercise again in its easier
 * alternative (chosen for the rest of the session), or stop.  Every
 * choice is an EV_PAIN_CHOICE event.  Returns the status, as vm_step. */
VmStatus vm_pain(Vm *vm, int64_t now, uint32_t rating, VmPainChoice choice);

/* The current exercise's pain limit, or false when it has none. */
bool vm_pain_limit(const Vm *vm, uint32_t *limit, uint32_t *scale);

/* stages: the easier and harder versions of the exercise being played
 * (up to `max`, in program order) and, in *playing, the name of the
 * version playing now (NULL: the regular one). */
typedef struct {
    VmAlternative direction;
    const char *name;
} VmVersion;
uint32_t vm_versions(const Vm *vm, VmVersion *out, uint32_t max, const char **playing);

/* stages: the per-exercise choices changed (the patient switched); the
 * array must outlive the VM, as the selection's. */
void vm_set_choices(Vm *vm, const VmChoice *choices, uint32_t n);

/* stages: start the exercise being played again from its versions, in the
 * one the choices now name (a pain step-down is forgotten).  A pause is
 * left: the exercise starts at once.  Returns the status, as vm_step. */
VmStatus vm_restart_version(Vm *vm, int64_t now);

/* stages: the names of the program's stages, in order (up to `max`);
 * returns how many it wrote. */
uint32_t vm_stages(const Program *program, const char **names, uint32_t max);

/* How many `build up to` steps the progressions played in `stage` have
 * (those outside every stage and those in it; NULL: in the whole
 * routine): 1 when none has more than one. */
uint32_t vm_steps(const Program *program, const char *stage);

/* ---- snapshots: resuming a session ---------------------------------- */

/* Where a session is, as plain data: enough to continue it in another
 * process (routinec run --resume).  Everything the VM needs to go on from
 * a point where it runs (no step in progress); the selection is not part
 * of it, the caller restores with the same selection.
 *
 * Inside the emit callback the VM is in the middle of an instruction and
 * vm->pc is already past it.  REP changes nothing but the pc, so a
 * snapshot taken at an EV_REP event with `pc` set to the event's pc is the
 * state just before that rep: restoring it plays the rep again, from its
 * EV_REP.  That is how session.c journals a session at each rep. */
typedef struct {
    uint32_t pc;
    int64_t now;        /* logical session time, ms */
    uint32_t n_loops;
    VmLoop loops[MAX_LOOP_DEPTH];
    uint32_t n_sections;
    VmSectionFrame sections[MAX_SECTION_DEPTH + 1];
    bool in_exercise;
    uint32_t exercise_pc, exercise_end, exercise_loops, exercise_sections;
    uint32_t exercise_name;
    Side side;
    uint32_t side_label;
    uint64_t steps;
} VmSnapshot;

/* The fields a snapshot carries: (snapshot field, Vm field, encoding).  One
 * list drives vm_snapshot, vm_restore, the byte encoding of the journal
 * and the comparison with the states the program reaches (snapshot.c),
 * so a field added to one cannot be missed by the others.  Encodings:
 * U32; BOOL and SIDE (a u32 of 0/1, of a Side); LOOPS and SECTIONS (the
 * first n_loops / n_sections frames, which therefore come after their
 * count); CLOCK (the session time, i64) and COUNT (u64) -- these two say
 * how long the session has run, not where it is. */
#define SNAPSHOT_FIELDS(X)                                                             \
    X(pc, pc, U32) X(now, now_logical, CLOCK) X(n_loops, n_loops, U32)                 \
    X(loops, loops, LOOPS) X(n_sections, n_sections, U32) X(sections, sections, SECTIONS) \
    X(in_exercise, in_exercise, BOOL) X(exercise_pc, exercise_pc, U32)                 \
    X(exercise_end, exercise_end, U32) X(exercise_loops, exercise_loops, U32)          \
    X(exercise_sections, exercise_sections, U32) X(exercise_name, exercise_name, U32)  \
    X(side, side, SIDE) X(side_label, side_label, U32) X(steps, steps, COUNT)

/* Copy the position of `vm` into `out` (see above for use at EV_REP). */
void vm_snapshot(const Vm *vm, VmSnapshot *out);

/* Put a VM fresh from vm_init() at the position `snap` describes, ready to
 * run from snap->now.  The snapshot may come from a damaged file, so it is
 * checked completely first (vm_snapshot_problem).  Returns false, leaving
 * the VM untouched, with a sentence in *why (static text) when it does not
 * fit. */
bool vm_restore(Vm *vm, const VmSnapshot *snap, const char **why);

/* Why `snap` cannot be a position of `program` played with `select`, or
 * NULL when it is one.  As thorough as the verifier: the position must be
 * one the program itself reaches at the start of a rep or just past an
 * EXERCISE (where sessions are journalled), with the same loop counters,
 * sections, exercise and side; only the session time and the step count
 * may differ (pauses, `next` and `back` change those), and the time must
 * stay within MAX_SAVED_CLOCK_MS.  Costs one dry run of the program. */
const char *vm_snapshot_problem(const Program *program, const VmSelection *select,
                                const VmSnapshot *snap);

/* What a position implies but a snapshot does not carry: the same for
 * every session that reaches it, so it is read from the dry run that
 * matched the snapshot (the side's role, the stage playing, the
 * exercise's pain limit and its alternatives), and a resumed session has
 * them from its first event on. */
typedef struct {
    SideRole role;
    uint32_t stage, pain_limit, pain_scale, alt_chain;
} VmSnapshotContext;

/* vm_snapshot_problem, and on a match (NULL returned) the context of the
 * position in *context (when not NULL). */
const char *vm_snapshot_match(const Program *program, const VmSelection *select,
                              const VmSnapshot *snap, VmSnapshotContext *context);

/* The journal's byte form of a snapshot: "RCS1", then the fields in
 * SNAPSHOT_FIELDS order, little-endian.  Encode returns the length (0 when
 * `size` is too small; VM_SNAPSHOT_MAX always suffices); decode checks the
 * shape only (lengths, counts, flags), vm_snapshot_problem the meaning. */
#define VM_SNAPSHOT_MAX (4 + 4 + 8 + 4 + 12 * MAX_LOOP_DEPTH + 4 + \
                         8 * (MAX_SECTION_DEPTH + 1) + 4 * 8 + 8)
size_t vm_snapshot_encode(const VmSnapshot *snap, uint8_t *out, size_t size);
bool vm_snapshot_decode(const uint8_t *bytes, size_t size, VmSnapshot *out);

/* ---- look-ahead: what the session shows that no event has said yet ----
 *
 * The session never decodes instructions: what it shows besides the events
 * (what comes next, the intro, the scene of a resumed exercise) it asks the
 * VM, which reads the code by the same rules it runs it. */

typedef struct {
    const char *next_exercise; /* the exercise after the current one, or NULL */
    bool next_is_end;          /* nothing but the end follows the current exercise */
    bool last_rep;             /* in an exercise, and no rep of it follows */
    bool has_next_rep;         /* resting between reps: the rep that follows... */
    VmEvent next_rep;          /* ...as its EV_REP will say it */
} VmLookahead;

/* What comes after where `vm` is (inside an emit callback too: at an
 * EV_REP, last_rep says whether that rep is the exercise's last). */
void vm_look_ahead(const Vm *vm, VmLookahead *out);

/* The routine's title, or NULL. */
const char *vm_title(const Program *program);

/* Whether the program names a side by its role (`affected side only`):
 * then the patient's affected side is wanted (VmSelection.affected). */
bool vm_uses_side_roles(const Program *program);

/* The routine's own notes, safety notes and gates, those before its first
 * section, exercise or step (what the calm start shows): sent to `emit`
 * as EV_NOTE, EV_SAFETY and EV_GATE events at time 0, in program order.
 * lang-b: with them the routine's schedule and stage rules (EV_SCHEDULE,
 * EV_RULE), then everything the routine says to fetch, wherever it is
 * written, once each (EV_EQUIPMENT). */
void vm_intro(const Program *program, VmEmit emit, void *ctx);

/* The safety notes before the VM's pc (a resumed session passed them in
 * an earlier process): EV_SAFETY events at the VM's time. */
void vm_safety_before(const Vm *vm, VmEmit emit, void *ctx);

/* After vm_restore(): the scene of the exercise the VM is in, as events at
 * the VM's time -- its EV_EXERCISE, then its position, cues and other texts
 * up to its first rep.  Returns the exercise's get-ready length (ms; 0 for
 * none, or when the VM is not in an exercise, which sends nothing). */
uint32_t vm_context(const Vm *vm, VmEmit emit, void *ctx);

/* Before a restored VM runs on at `now`: a get-ready of `ms` first (an
 * EV_GET_READY and a timed wait that keys act on as on any get-ready),
 * then on as vm_step() would.  With ms 0, just vm_step(vm, now, none). */
VmStatus vm_get_ready(Vm *vm, int64_t now, uint32_t ms);

#endif
