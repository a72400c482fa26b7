/*
 * progress.c -- see progress.h.
 *
 * Rows are written from the state kept here (upserts), so after a crash
 * and a resume the rows are rebuilt from the journal's counts and end up
 * right even if the crash fell between two writes.  Only the journal and
 * the current exercise's row need to change together, and they do, in
 * store_checkpoint()'s one transaction.
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver.h"
#include "exit.h"
#include "history.h"
#include "safetext.h"

/* What one exercise prescribes, from the dry runs: reps and hold time at
 * the upper ends of ranges, and at their lower ends. */
typedef struct {
    uint32_t reps, reps_least;
    int64_t hold_ms, hold_least_ms;
} Planned;

struct Progress {
    Store *store;          /* NULL: not recording (or storage failed) */
    const char *path;      /* the routine file (the setup's) */
    const Program *program;
    VmSelection select;    /* as played (strings: the setup's or the program's) */
    int64_t started_at;    /* wall clock, ms */
    int64_t session;
    Planned *planned;      /* per exercise, by seq - 1 */
    uint32_t n_planned, cap;
    bool least_run;        /* the dry run at the lower ends is counting */
    uint32_t least_seq;    /* ...and the exercise it is in */
    bool hold_open;        /* a hold is being played: since hold_t, for hold_ms (0: open) */
    int64_t hold_t, hold_ms;
    uint32_t next_seq;
    bool in_exercise, back_pending, rep_open, last_rep;
    uint32_t rep_n;        /* the open rep's number in its range of reps */
    StoreExercise row;     /* the exercise being played */
    uint64_t reps_total;
    char warning[600];
    bool warned;
    bool journal_lost; /* a write failed: no more checkpoints */
};

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A write failed: say so once, and stop writing the journal (the store
 * has marked it: it no longer says where the session is).  The end and
 * the answers are still written when there is room: what is saved stays
 * true. */
static void check(Progress *p, bool ok) {
    if (ok || !p->store || p->warning[0])
        return;
    snprintf(p->warning, sizeof p->warning,
             "warning: progress is no longer being saved: %s", store_error(p->store));
    p->journal_lost = true;
    if (p->session >= 0)
        store_journal_lost(p->store, p->session);
    else
        p->store = NULL; /* no session row: nothing to keep true */
}

/* ---- the plan: reps per exercise, by playing the program dry ---------- */

static void plan_upper(Progress *p, const VmEvent *ev) {
    if (ev->kind == EV_EXERCISE && p->n_planned == p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 64;
        Planned *grown = cap > p->cap ? realloc(p->planned, (size_t)cap * sizeof *grown) : NULL;
        if (!grown)
            return; /* the counts are only for display; stop counting */
        p->planned = grown;
        p->cap = cap;
    }
    Planned *e = p->n_planned > 0 ? &p->planned[p->n_planned - 1] : NULL;
    if (ev->kind == EV_EXERCISE && p->n_planned < p->cap)
        p->planned[p->n_planned++] = (Planned){0, 0, 0, 0};
    else if (ev->kind == EV_REP && e)
        e->reps++;
    else if (ev->kind == EV_HOLD && e)
        e->hold_ms += ev->ms;
}

/* The same program with every range at its lower end: the same exercises
 * (unless a range of rounds leaves some out: then no lower ends). */
static void plan_least(Progress *p, const VmEvent *ev) {
    Planned *e = p->least_seq >= 1 && p->least_seq <= p->n_planned ? &p->planned[p->least_seq - 1] : NULL;
    if (ev->kind == EV_EXERCISE)
        p->least_seq++;
    else if (ev->kind == EV_REP && e)
        e->reps_least++;
    else if (ev->kind == EV_HOLD && e && ev->hold == HOLD_FIXED) /* a ceiling asks for no least */
        e->hold_least_ms += ev->ms;
    else if (ev->kind == EV_HOLD && e && ev->hold == HOLD_UP_TO)
        e->hold_least_ms += ev->least_ms > 0 && ev->least_ms < ev->ms ? ev->least_ms : 0;
}

static void plan_event(void *ctx, const VmEvent *ev) {
    Progress *p = ctx;
    if (p->least_run)
        plan_least(p, ev);
    else
        plan_upper(p, ev);
}

static void count_planned(Progress *p, const Program *program, const VmSelection *select) {
    Vm vm;
    if (vm_init(&vm, program, select, plan_event, p, NULL))
        drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    VmSelection least = select ? *select : (VmSelection){0};
    least.least = true;
    p->least_run = true;
    if (vm_init(&vm, program, &least, plan_event, p, NULL))
        drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    p->least_run = false;
    for (uint32_t i = 0; i < p->n_planned; i++)
        if (p->least_seq != p->n_planned || p->planned[i].reps_least > p->planned[i].reps) {
            p->planned[i].reps_least = p->planned[i].reps;
            p->planned[i].hold_least_ms = p->planned[i].hold_ms;
        }
}

static uint32_t planned_for(const Progress *p, uint32_t seq) {
    return seq >= 1 && seq <= p->n_planned ? p->planned[seq - 1].reps : 0;
}

/* The row's prescription for exercise `seq` of the plan. */
static void prescribe(Progress *p, uint32_t seq) {
    Planned none = {0, 0, 0, 0};
    const Planned *e = seq >= 1 && seq <= p->n_planned ? &p->planned[seq - 1] : &none;
    p->row.reps_planned = e->reps;
    p->row.reps_least = e->reps_least;
    p->row.hold_ms_planned = e->hold_ms;
    p->row.hold_ms_least = e->hold_least_ms;
}

/* ---- opening ------------------------------------------------------------- */

static const char *program_title(const Program *program) {
    const char *title = vm_title(program);
    return title ? title : "";
}

static void begin_new(Progress *p, const Program *program, const VmSelection *select,
                      const char *path) {
    p->started_at = wall_ms();
    StoreSessionInfo info = {program_title(program), path, program->source_hash,
                             select ? *select : (VmSelection){0}, p->started_at};
    p->session = store_session_begin(p->store, &info);
    check(p, p->session >= 0);
}

static void begin_resumed(Progress *p, const StoreJournal *j) {
    p->session = j->session;
    p->next_seq = j->position.exercise_seq;
    p->row.seq = j->position.exercise_seq;
    p->row.reps_done = j->position.exercise_reps;
    p->reps_total = j->position.reps_done;
    check(p, store_session_resume(p->store, p->session));
}

Progress *progress_open(Store *store, const Program *program, const VmSelection *select,
                        const char *path, const StoreJournal *resume) {
    Progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->store = store;
    p->path = path;
    p->program = program;
    p->select = select ? *select : (VmSelection){0};
    p->session = -1;
    count_planned(p, program, select);
    if (!store)
        return p;
    if (resume)
        begin_resumed(p, resume);
    else
        begin_new(p, program, select, path);
    return p;
}

void progress_close(Progress *p) {
    if (!p)
        return;
    free(p->planned);
    free(p);
}

/* ---- events -------------------------------------------------------------- */

static void checkpoint(Progress *p, const VmSnapshot *snap, int64_t t) {
    if (!p->store || p->journal_lost)
        return;
    StorePosition pos = {true, *snap, p->row.seq, p->row.reps_done, p->reps_total};
    check(p, store_checkpoint(p->store, p->session, &p->row, &pos, t));
}

static void write_row(Progress *p) {
    if (p->store && p->row.seq > 0)
        check(p, store_exercise(p->store, p->session, &p->row));
}

static void complete_open_rep(Progress *p) {
    if (!p->rep_open)
        return;
    p->rep_open = false;
    p->row.reps_done++;
    p->reps_total++;
}

/* The exercise before a new one is done, unless it was left by a key. */
static void finish_exercise(Progress *p) {
    if (!p->in_exercise || p->back_pending)
        return;
    complete_open_rep(p);
    p->row.outcome = "completed";
    write_row(p);
    p->in_exercise = false;
}

static void exercise_started(Progress *p, const VmSnapshot *at, const VmEvent *ev) {
    finish_exercise(p);
    if (!p->back_pending)
        p->row.seq = ++p->next_seq;
    p->back_pending = false;
    p->rep_open = false;
    p->in_exercise = true;
    p->row.name = ev->text;
    p->row.section = ev->section;
    p->row.reps_done = 0;
    p->row.hold_ms_done = 0;
    prescribe(p, p->row.seq);
    p->row.outcome = "playing";
    /* EXERCISE sends its event last: the VM is already past it. */
    checkpoint(p, at, ev->t);
}

static void rep_started(Progress *p, const VmSnapshot *at, const VmEvent *ev) {
    complete_open_rep(p);
    p->rep_open = true;
    p->rep_n = ev->n;
    uint32_t planned = p->row.reps_planned;
    p->last_rep = planned > 0 && p->row.reps_done + 1 >= planned;
    /* REP changes nothing but the pc: back at it, the rep plays again. */
    VmSnapshot snap = *at;
    snap.pc = ev->pc;
    checkpoint(p, &snap, ev->t);
}

static void exercise_left(Progress *p, const char *outcome) {
    p->rep_open = false;
    if (!p->in_exercise)
        return;
    p->row.outcome = outcome;
    write_row(p);
    if (strcmp(outcome, "skipped") == 0)
        p->in_exercise = false;
}

/* A range of reps ended (`repeat 8 to 12`, `as many as you can, up to
 * 20`): the VM says how many were done.  A rep still open is done when
 * the VM counted it (Enter in the rest after it), not when Enter ended
 * it while it played -- so the history agrees with the range event. */
static void reps_range_ended(Progress *p, const VmEvent *ev) {
    if (!p->rep_open || (ev->text && strcmp(ev->text, "reps") != 0))
        return;
    if (p->rep_n > ev->n)
        p->rep_open = false;
    else
        complete_open_rep(p);
}

/* stages: every answer to a pain within the limit is kept. */
static void pain_choice(Progress *p, const VmEvent *ev) {
    static const char *const choices[] = {"", "go on", "easier", "stop"};
    StoreAnswer a = {"pain_choice", ev->t, ev->text, (int)ev->lo, choices[ev->code % 4], 0};
    if (p->store)
        check(p, store_answer(p->store, p->session, &a));
}

void progress_event(Progress *p, const Vm *vm, const VmEvent *ev) {
    VmSnapshot at;
    vm_snapshot(vm, &at);
    progress_event_at(p, &at, ev);
}

/* Hold time: a hold counts until the patient ends it (HELD says how long)
 * or until the next step starts, at most its own length; after `back`
 * the exercise counts again from 0, as its reps do. */
static void close_hold(Progress *p, int64_t t) {
    if (p->hold_open && p->in_exercise && p->hold_ms > 0 && t > p->hold_t)
        p->row.hold_ms_done += t - p->hold_t < p->hold_ms ? t - p->hold_t : p->hold_ms;
    p->hold_open = false;
}

static void hold_event(Progress *p, const VmEvent *ev) {
    if (ev->kind == EV_HELD) {
        if (p->hold_open && p->in_exercise)
            p->row.hold_ms_done += ev->ms;
        p->hold_open = false;
        return;
    }
    close_hold(p, ev->t);
    if (ev->kind == EV_HOLD) {
        p->hold_open = true;
        p->hold_t = ev->t;
        p->hold_ms = ev->ms;
    }
}

void progress_event_at(Progress *p, const VmSnapshot *at, const VmEvent *ev) {
    if (!p)
        return;
    hold_event(p, ev);
    switch (ev->kind) {
    case EV_EXERCISE: exercise_started(p, at, ev); break;
    case EV_REP: rep_started(p, at, ev); break;
    case EV_SKIP:
        if (ev->text)
            exercise_left(p, "skipped");
        break;
    case EV_BACK:
        p->rep_open = false;
        p->back_pending = p->in_exercise;
        break;
    case EV_PAIN:
        if (p->store)
            check(p, store_pain(p->store, p->session, ev->text, ev->t));
        exercise_left(p, "stopped");
        break;
    case EV_QUIT: exercise_left(p, "stopped"); break;
    case EV_PAIN_CHOICE: pain_choice(p, ev); break;
    case EV_RANGE: reps_range_ended(p, ev); break;
    case EV_END:
        if (ev->completed)
            finish_exercise(p);
        break;
    default: break;
    }
}

void progress_continue_in(Progress *p, const VmEvent *ev) {
    if (!p)
        return;
    p->in_exercise = true;
    p->row.name = ev->text;
    p->row.section = ev->section;
    prescribe(p, p->row.seq);
    p->row.outcome = "playing";
}

/* ---- the end and the answers -------------------------------------------- */

void progress_end(Progress *p, StoreStatus status, int64_t duration_ms) {
    if (p && p->store)
        check(p, store_session_end(p->store, p->session, status, duration_ms, wall_ms()));
}

void progress_pain_rating(Progress *p, int rating) {
    if (p && p->store)
        check(p, store_pain_rating(p->store, p->session, rating));
}

void progress_effort(Progress *p, int64_t t_ms, const char *exercise, int rating) {
    StoreAnswer a = {"effort", t_ms, exercise, rating, NULL, 0};
    if (p && p->store)
        check(p, store_answer(p->store, p->session, &a));
}

void progress_switch(Progress *p, int64_t t_ms, const char *exercise, const char *alternative) {
    StoreAnswer a = {"alternative", t_ms, exercise, -1, alternative, 0};
    if (p && p->store && p->path && exercise)
        check(p, store_choose(p->store, p->path, exercise, alternative) &&
                     store_answer(p->store, p->session, &a));
}

/* Moved at the start: this session plays `stage` at `step` -- its row
 * says so, it counts from their start, and its prescriptions are theirs. */
static void moved_at_start(Progress *p, const char *stage, uint32_t step) {
    check(p, store_session_stage(p->store, p->session, stage, step));
    p->select.stage = stage;
    p->select.step = step ? step : p->select.step;
    p->n_planned = 0;
    p->least_seq = 0;
    count_planned(p, p->program, &p->select);
}

void progress_stage(Progress *p, int64_t t_ms, const char *rule, const char *to, uint32_t to_step,
                    bool accepted, bool at_start) {
    StoreAnswer a = {rule, at_start ? -1 : t_ms, NULL, accepted ? 1 : 0, to, to_step};
    const char *how = strcmp(rule, "advance") == 0 ? "advanced" : "stepped back";
    if (!p || !p->store || !p->path || (!to && !to_step))
        return;
    check(p, store_answer(p->store, p->session, &a));
    if (accepted && p->store)
        check(p, store_stage_start(p->store, p->path, to ? to : "", to_step, how, p->session,
                                   at_start && p->started_at ? p->started_at : wall_ms()));
    if (accepted && at_start && p->store)
        moved_at_start(p, to, to_step);
}

void progress_remember_affected(Progress *p, Side side) {
    if (p && p->store && p->path && side_name(side) && side != SIDE_BOTH)
        check(p, store_state_set(p->store, p->path, STORE_STATE_AFFECTED_SIDE, side_name(side), wall_ms()));
}

void progress_difficulty(Progress *p, const char *difficulty) {
    if (p && p->store)
        check(p, store_difficulty(p->store, p->session, difficulty));
}

bool progress_last_rep(const Progress *p) {
    return p && p->last_rep;
}

uint64_t progress_reps_done(const Progress *p) {
    return p ? p->reps_total : 0;
}

int64_t progress_session(const Progress *p) {
    return p ? p->session : -1;
}

const char *progress_warning(Progress *p) {
    if (!p || !p->warning[0] || p->warned)
        return NULL;
    p->warned = true;
    return p->warning;
}

/* ---- setting up ------------------------------------------------------------ */

static char *canonical(const char *path) {
    char *real = realpath(path, NULL);
    return real ? real : strdup(path);
}

static Store *open_store(const char *state_dir, const char *routine_path, bool resume) {
    char *dir = state_dir ? strdup(state_dir) : store_default_dir();
    char why[700];
    Store *store = NULL;
    if (!dir)
        snprintf(why, sizeof why, "neither XDG_STATE_HOME nor HOME is set");
    else
        store = store_open(dir, why, sizeof why);
    if (!store)
        safe_text_printf(stderr, "routinec: %s: %s: %s\n", routine_path,
                resume ? "cannot continue the saved session" : "warning: progress will not be saved",
                why);
    free(dir);
    return store;
}

/* The journal's counts must fit the plan too: the exercise it is in is
 * one the session plays (numbered as a dry run numbers them), with fewer
 * reps done than it has. */
static const char *counts_problem(const StorePosition *pos, const Program *program,
                                  const VmSelection *select) {
    Progress plan;
    memset(&plan, 0, sizeof plan);
    count_planned(&plan, program, select);
    const char *problem = NULL;
    if (pos->has_snapshot && (pos->exercise_seq == 0 || pos->exercise_seq > plan.n_planned))
        problem = "the saved exercise number does not fit this program";
    else if (pos->exercise_reps > planned_for(&plan, pos->exercise_seq))
        problem = "the saved count of repetitions does not fit this program";
    free(plan.planned);
    return problem;
}

/* The journal must come from this very program: a changed routine would
 * put the saved position on the wrong instruction.  And it is input: its
 * position must be one the program reaches, before any of it is used. */
static int check_journal(const ProgressSetup *s, const char *routine_path, const Program *program) {
    char date[64];
    const StorePosition *pos = &s->journal.position;
    const char *problem = NULL;
    if (s->journal.source_hash != program->source_hash) {
        safe_text_printf(stderr,
                "routinec: %s: this routine was changed since the session was saved "
                "(session %lld, started %s); start it again without --resume\n",
                routine_path, (long long)s->journal.session,
                history_date(s->journal.started_at, false, date, sizeof date));
        return EXIT_INPUT;
    }
    if (pos->has_snapshot)
        problem = vm_snapshot_problem(program, &s->select, &pos->snap);
    if (!problem)
        problem = counts_problem(pos, program, &s->select);
    if (!problem)
        return 0;
    safe_text_printf(stderr, "routinec: %s: the saved session (number %lld) cannot be continued: %s; "
                    "start it again without --resume\n",
            routine_path, (long long)s->journal.session, problem);
    return EXIT_INPUT;
}

static int find_journal(ProgressSetup *s, const char *routine_path, const Program *program) {
    char why[300];
    StoreFind found = store_find_resumable(s->store, s->path, &s->journal, why, sizeof why);
    if (found != STORE_FOUND) {
        safe_text_printf(stderr, "routinec: %s: cannot continue: %s\n", routine_path, why);
        return found == STORE_FAILED ? EXIT_IO : EXIT_INPUT;
    }
    s->resuming = true;
    VmSelection asked = s->select;
    s->select = (VmSelection){.section = s->journal.section, .level = s->journal.level,
                              .variant = s->journal.variant, .step = s->journal.step,
                              .stage = s->journal.stage, .least = asked.least,
                              .affected = asked.affected};
    /* What is remembered (unlocks, alternatives) was in force when the
     * journal was written: the position is checked with it. */
    if (!programme_setup(&s->programme, s->store, s->path, routine_path, program, &s->select, NULL, 0,
                         true, stderr))
        return EXIT_IO;
    return check_journal(s, routine_path, program);
}

/* Sides named by their role: the affected side given now is remembered
 * for the routine; none given, the one remembered plays. */
static void affected_side(ProgressSetup *s, const Program *program) {
    if (!s->store || !vm_uses_side_roles(program))
        return;
    if (s->select.affected == SIDE_LEFT || s->select.affected == SIDE_RIGHT) {
        if (!store_state_set(s->store, s->path, STORE_STATE_AFFECTED_SIDE, side_name(s->select.affected),
                             wall_ms()))
            fprintf(stderr, "routinec: warning: the affected side will not be remembered: %s\n",
                    store_error(s->store));
        return;
    }
    char *said = store_state_get(s->store, s->path, STORE_STATE_AFFECTED_SIDE);
    Side side = !said ? SIDE_NONE : strcmp(said, "left") == 0 ? SIDE_LEFT
                : strcmp(said, "right") == 0 ? SIDE_RIGHT : SIDE_NONE;
    free(said);
    s->select.affected = side;
    s->affected_remembered = side != SIDE_NONE;
}

int progress_setup(ProgressSetup *s, const char *state_dir, bool record, bool resume,
                   const char *routine_path, const Program *program, const VmSelection *select) {
    memset(s, 0, sizeof *s);
    s->select = select ? *select : (VmSelection){0};
    if (!record && !resume)
        return 0;
    s->path = canonical(routine_path);
    if (!s->path)
        return EXIT_IO;
    s->store = open_store(state_dir, routine_path, resume);
    affected_side(s, program);
    if (!resume)
        return 0;
    if (!s->store)
        return EXIT_IO;
    return find_journal(s, routine_path, program);
}

int progress_programme(ProgressSetup *s, const Program *program, const char *routine_path,
                       const char *const *disabled, uint32_t n_disabled) {
    if (s->resuming)
        return 0; /* done by progress_setup, as the journal was written */
    bool ok = programme_setup(&s->programme, s->store, s->path, routine_path, program, &s->select,
                              disabled, n_disabled, s->resuming, stderr);
    return ok ? 0 : EXIT_IO;
}

void progress_setup_free(ProgressSetup *s) {
    programme_free(&s->programme);
    store_journal_free(&s->journal);
    store_close(s->store);
    free(s->path);
    memset(s, 0, sizeof *s);
}
