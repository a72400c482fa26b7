/*
 * core.c -- see core.h.
 *
 * The VM sends its events to on_vm_event(), which keeps what the session
 * decides by (a pain stop, the end, the safety notes, what comes next) and
 * passes each event to every sink.  The core calls no clock and does no
 * I/O: hosts and sinks do.
 */
#include "core.h"

#include <string.h>

#include "exit.h"

static const char *const DIFFICULTY[] = {"too easy", "right", "too hard"};

/* ---- events ------------------------------------------------------------ */

static void dispatch(SessionCore *c, const SessionEvent *ev) {
    for (uint32_t i = 0; i < c->n_sinks; i++)
        c->sinks[i].event(c->sinks[i].ctx, ev);
}

static void remember_safety(SessionCore *c, const char *text) {
    for (uint32_t i = 0; i < c->n_safety; i++)
        if (c->safety[i] == text)
            return;
    if (text && c->n_safety < SESSION_MAX_SAFETY)
        c->safety[c->n_safety++] = text;
}

/* What the session itself decides by, before the sinks see the event. */
static void note_event(SessionCore *c, const VmEvent *ev) {
    c->ahead_stale = true; /* asked again at the next draw: cheap */
    switch (ev->kind) {
    case EV_PAIN: c->saw_pain = true; break;
    case EV_SAFETY: remember_safety(c, ev->text); break;
    case EV_END:
        c->ended = true;
        c->completed = ev->completed;
        c->end_t = ev->t;
        c->asking = c->exit_signal ? SESSION_ASK_NONE
                    : c->saw_pain  ? SESSION_ASK_PAIN
                    : c->completed ? SESSION_ASK_DIFFICULTY
                                   : SESSION_ASK_NONE;
        break;
    default: break;
    }
}

static void send_vm_event(SessionCore *c, const VmEvent *ev, const Vm *at) {
    note_event(c, ev);
    SessionEvent se = {.kind = SESSION_EV_VM, .t = ev->t, .vm = ev, .at = at};
    se.outcome = ev->kind == EV_END ? core_outcome(c) : SESSION_RUNNING;
    dispatch(c, &se);
}

static void on_vm_event(void *ctx, const VmEvent *ev) {
    SessionCore *c = ctx;
    send_vm_event(c, ev, &c->vm);
}

/* Events shown again (the scene of a resumed session): not played now. */
static void on_scene_event(void *ctx, const VmEvent *ev) {
    send_vm_event(ctx, ev, NULL);
}

static void on_safety_before(void *ctx, const VmEvent *ev) {
    remember_safety(ctx, ev->text);
}

static void send_start(SessionCore *c, int64_t t) {
    VmEvent ev = {.kind = EV_START, .t = t, .text = vm_title(c->vm.program)};
    on_scene_event(c, &ev);
}

/* ---- opening ----------------------------------------------------------- */

bool core_open(SessionCore *c, const Program *program, const VmSelection *select,
               const char **why) {
    memset(c, 0, sizeof *c);
    c->ahead_stale = true;
    c->status = VM_WAIT_TIME;
    c->vm_ready = true; /* a failed vm_init must be freed too */
    return vm_init(&c->vm, program, select, on_vm_event, c, why);
}

void core_close(SessionCore *c) {
    if (c->vm_ready)
        vm_free(&c->vm);
    c->vm_ready = false;
}

bool core_add_sink(SessionCore *c, SessionSink sink) {
    if (c->n_sinks == SESSION_MAX_SINKS)
        return false;
    c->sinks[c->n_sinks++] = sink;
    return true;
}

bool core_restore(SessionCore *c, const VmSnapshot *snap, int64_t session, uint64_t reps_done,
                  const char **why) {
    if (!vm_restore(&c->vm, snap, why))
        return false;
    c->resuming = true;
    c->now = c->vm.now_logical;
    vm_safety_before(&c->vm, on_safety_before, c);
    send_start(c, c->now);
    SessionEvent resumed = {.kind = SESSION_EV_RESUMED, .t = c->now, .session = session,
                            .reps_done = reps_done};
    dispatch(c, &resumed);
    uint32_t ms = vm_context(&c->vm, on_scene_event, c);
    c->get_ready_ms = ms ? ms : c->vm.in_exercise ? SESSION_RESUME_GET_READY_MS : 0;
    return true;
}

int64_t core_start_time(const SessionCore *c) {
    return c->now;
}

/* ---- playing ----------------------------------------------------------- */

SessionNeed core_need(const SessionCore *c) {
    switch (c->status) {
    case VM_WAIT_TIME: return (SessionNeed){SESSION_NEED_TIME, c->vm.deadline};
    case VM_WAIT_KEY: case VM_PAUSED: return (SessionNeed){SESSION_NEED_KEY, -1};
    default: return (SessionNeed){SESSION_NEED_NOTHING, -1};
    }
}

SessionNeed core_start(SessionCore *c, int64_t now) {
    c->started = true;
    c->now = now > c->now ? now : c->now;
    c->status = c->resuming ? vm_get_ready(&c->vm, c->now, c->get_ready_ms)
                            : vm_step(&c->vm, c->now, VM_KEY_NONE);
    return core_need(c);
}

SessionNeed core_step(SessionCore *c, int64_t now, VmKey key) {
    if (now > c->now)
        c->now = now;
    if (c->started && c->status != VM_FINISHED)
        c->status = vm_step(&c->vm, c->now, key);
    return core_need(c);
}

/* lang-b: a pain rated within the exercise's limit (see core.h). */
SessionNeed core_pain(SessionCore *c, int64_t now, int rating, VmPainChoice choice) {
    if (rating < 0)
        return core_step(c, now, VM_KEY_PAIN);
    if (now > c->now)
        c->now = now;
    if (c->started && c->status != VM_FINISHED)
        c->status = vm_pain(&c->vm, c->now, (uint32_t)rating, choice);
    return core_need(c);
}

bool core_pain_limit(const SessionCore *c, uint32_t *limit, uint32_t *scale) {
    return vm_pain_limit(&c->vm, limit, scale);
}

void core_leave(SessionCore *c, int64_t now) {
    if (!c->resuming) /* a resumed one has said start already */
        send_start(c, now > c->now ? now : c->now);
    c->started = true;
    core_step(c, now, VM_KEY_QUIT);
}

void core_interrupt(SessionCore *c, int64_t now, int signo) {
    if (!c->exit_signal)
        c->exit_signal = 128 + signo;
    if (!c->started)
        core_leave(c, now);
    else
        core_step(c, now, VM_KEY_QUIT);
}

void core_fail(SessionCore *c, int64_t now) {
    c->record_incomplete = true;
    if (!c->started)
        core_leave(c, now);
    else
        core_step(c, now, VM_KEY_QUIT);
    c->asking = SESSION_ASK_NONE;
}

void core_record_incomplete(SessionCore *c) {
    c->record_incomplete = true;
}

const VmLookahead *core_ahead(SessionCore *c) {
    if (c->ahead_stale) {
        vm_look_ahead(&c->vm, &c->ahead);
        c->ahead_stale = false;
    }
    return &c->ahead;
}

const Vm *core_vm(const SessionCore *c) {
    return &c->vm;
}

VmStatus core_status(const SessionCore *c) {
    return c->status;
}

SessionOutcome core_outcome(const SessionCore *c) {
    if (!c->ended)
        return SESSION_RUNNING;
    if (c->exit_signal)
        return SESSION_INTERRUPTED;
    if (c->saw_pain)
        return SESSION_PAIN;
    return c->completed ? SESSION_COMPLETED : SESSION_QUIT;
}

/* ---- after the end ----------------------------------------------------- */

SessionQuestion core_question(const SessionCore *c) {
    return c->ended ? c->asking : SESSION_ASK_NONE;
}

/* The answer `key` gives to `q`, or -1. */
static int answer_of(SessionQuestion q, int key) {
    if (q == SESSION_ASK_PAIN)
        return key >= '0' && key <= '9' ? key - '0' : key == 't' || key == 'T' ? 10 : -1;
    return key >= '1' && key <= '3' ? key - '1' : -1;
}

static void send_answer(SessionCore *c, SessionQuestion q, int choice) {
    SessionEvent ev = {.t = c->end_t};
    if (q == SESSION_ASK_PAIN) {
        ev.kind = SESSION_EV_PAIN_RATING;
        ev.rating = choice;
    } else {
        ev.kind = SESSION_EV_DIFFICULTY;
        ev.difficulty = DIFFICULTY[choice];
    }
    dispatch(c, &ev);
}

int core_answer(SessionCore *c, int key, bool strict) {
    SessionQuestion q = core_question(c);
    if (q == SESSION_ASK_NONE)
        return 0;
    bool skip = key < 0 || key == '\n' || key == '\r' || key == 27 || key == 'q';
    int choice = skip ? -1 : answer_of(q, key);
    if (choice < 0 && !skip && strict)
        return -1;
    if (choice >= 0)
        send_answer(c, q, choice);
    c->asking = SESSION_ASK_NONE;
    return choice >= 0;
}

uint32_t core_safety(const SessionCore *c, const char *const **texts) {
    *texts = c->safety;
    return c->n_safety;
}

int core_exit_status(const SessionCore *c) {
    if (c->exit_signal)
        return c->exit_signal;
    if (c->record_incomplete)
        return EXIT_IO;
    if (c->saw_pain)
        return EXIT_PAIN;
    return c->completed ? EXIT_OK : EXIT_QUIT;
}
