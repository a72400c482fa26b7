/*
 * core.c -- see core.h.
 *
 * The VM sends its events to on_vm_event(), which keeps what the session
 * decides by (a pain stop, the end, the safety notes, what comes next) and
 * passes each event to every sink.  The core calls no clock and does no
 * I/O: hosts and sinks do.
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

#include "exit.h"
#include "keys.h"
#include "names.h"
#include "words.h"

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

static void send_switch(SessionCore *c, const char *alternative, int direction, bool pain);
static void send_start_answer(SessionCore *c, int64_t t);
static int yes_or_no(int ch);
static bool is_quit(int ch, bool fold_case);

/* ---- stages: the exercise playing, its effort, the stage rules -------- */

/* A new exercise starts: the one before, done with an `effort`, gets
 * its question (it rides along the get-ready of this one). */
static void exercise_begins(SessionCore *c, const VmEvent *ev) {
    if (c->exercise && c->exercise_effort && !c->exercise_left && !c->saw_pain) {
        c->effort_of = c->exercise;
        c->asking = SESSION_ASK_EFFORT;
    } else if (c->asking == SESSION_ASK_EFFORT) {
        c->asking = SESSION_ASK_NONE;
    }
    c->exercise = ev->text;
    c->exercise_left = false;
    c->exercise_effort = false;
}

static void ask_after(SessionCore *c, SessionQuestion q) {
    if (c->n_asked < SESSION_MAX_ASKED)
        c->asked[c->n_asked++] = q;
}

static bool advance_due(const SessionCore *c) {
    const SessionProgramme *p = &c->programme;
    if (!p->advance || !c->completed || c->saw_pain)
        return false;
    bool calm = c->max_pain < 0 || (uint32_t)c->max_pain <= p->advance_pain;
    return calm && p->advance_counted + 1 >= p->advance_after;
}

static bool step_back_due(const SessionCore *c) {
    const SessionProgramme *p = &c->programme;
    return p->step_back && c->saw_pain && p->step_back_counted + 1 >= p->step_back_after;
}

/* The questions after the end, in the order they are asked. */
static void plan_questions(SessionCore *c) {
    c->n_asked = c->next_asked = 0;
    c->asking = SESSION_ASK_NONE;
    if (c->exit_signal)
        return;
    if (c->saw_pain && c->pain_rating < 0)
        ask_after(c, SESSION_ASK_PAIN);
    if (!c->saw_pain && c->completed && c->exercise && c->exercise_effort && !c->exercise_left) {
        c->effort_of = c->exercise;
        ask_after(c, SESSION_ASK_EFFORT);
    }
    if (!c->saw_pain && c->completed)
        ask_after(c, SESSION_ASK_DIFFICULTY);
    if (advance_due(c))
        ask_after(c, SESSION_ASK_ADVANCE);
    if (step_back_due(c))
        ask_after(c, SESSION_ASK_STEP_BACK);
}

/* What the session itself decides by, before the sinks see the event. */
static void note_event(SessionCore *c, const VmEvent *ev) {
    c->ahead_stale = true; /* asked again at the next draw: cheap */
    switch (ev->kind) {
    case EV_PAIN: c->saw_pain = true; c->exercise_left = true; break;
    case EV_SAFETY: remember_safety(c, ev->text); break;
    case EV_EXERCISE: exercise_begins(c, ev); break;
    case EV_EFFORT: c->exercise_effort = true; c->effort_scale = ev->scale; break;
    case EV_REP: case EV_HOLD:
        if (c->asking == SESSION_ASK_EFFORT) /* the work began: not answered */
            c->asking = SESSION_ASK_NONE;
        break;
    case EV_SKIP: c->exercise_left = c->exercise_left || ev->text != NULL; break;
    case EV_BACK: c->exercise_left = true; break;
    case EV_PAIN_CHOICE:
        c->max_pain = (int)ev->lo > c->max_pain ? (int)ev->lo : c->max_pain;
        c->exercise_left = c->exercise_left || ev->code == VM_PAIN_EASIER;
        break;
    case EV_END:
        c->ended = true;
        c->completed = ev->completed;
        c->end_t = ev->t;
        plan_questions(c);
        break;
    default: break;
    }
}

/* After the end went to the sinks: a rating given during the session
 * (then it is not asked again), and the stage rules' proposal. */
static void after_end(SessionCore *c) {
    if (c->exit_signal)
        return;
    if (c->saw_pain && c->pain_rating >= 0)
        dispatch(c, &(SessionEvent){.kind = SESSION_EV_PAIN_RATING, .t = c->end_t,
                                    .rating = c->pain_rating});
    for (uint32_t i = 0; i < c->n_asked; i++) {
        bool advance = c->asked[i] == SESSION_ASK_ADVANCE;
        if (!advance && c->asked[i] != SESSION_ASK_STEP_BACK)
            continue;
        const SessionProgramme *p = &c->programme;
        SessionEvent ev = {.kind = SESSION_EV_PROPOSAL, .t = c->end_t,
                           .rule = advance ? "advance" : "step_back", .from = p->stage,
                           .to = advance ? p->advance_to : p->step_back_to, .from_step = p->step,
                           .to_step = advance ? p->advance_step : p->step_back_step};
        dispatch(c, &ev);
    }
}

/* Right after EV_START: which side is affected, when it matters. */
static void send_affected(SessionCore *c, int64_t t) {
    if (!c->side_roles)
        return;
    SessionEvent se = {.kind = SESSION_EV_AFFECTED, .t = t, .affected = c->vm.select.affected,
                       .affected_from = c->affected_from};
    dispatch(c, &se);
}

static void send_vm_event(SessionCore *c, const VmEvent *ev, const Vm *at) {
    note_event(c, ev);
    SessionEvent se = {.kind = SESSION_EV_VM, .t = ev->t, .vm = ev, .at = at};
    se.outcome = ev->kind == EV_END ? core_outcome(c) : SESSION_RUNNING;
    dispatch(c, &se);
    if (ev->kind == EV_END && at)
        after_end(c);
    if (ev->kind == EV_PAIN_CHOICE && c->stepped_down) {
        send_switch(c, c->stepped_down, -1, true);
        c->stepped_down = NULL;
    }
    if (ev->kind == EV_START) {
        send_affected(c, ev->t);
        send_start_answer(c, ev->t);
    }
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
    c->pain_rating = c->max_pain = c->start_choice = -1;
    c->vm_ready = true; /* a failed vm_init must be freed too */
    c->side_roles = vm_uses_side_roles(program);
    c->affected_from = select && (select->affected == SIDE_LEFT || select->affected == SIDE_RIGHT)
                           ? SESSION_AFFECTED_OPTION : SESSION_AFFECTED_UNKNOWN;
    /* The choices per exercise are the core's own: a switch changes them. */
    VmSelection mine = select ? *select : (VmSelection){0};
    for (uint32_t i = 0; mine.choices && i < mine.n_choices && i < SESSION_MAX_CHOICES; i++)
        c->choices[c->n_choices++] = mine.choices[i];
    mine.choices = c->choices;
    mine.n_choices = c->n_choices;
    return vm_init(&c->vm, program, &mine, on_vm_event, c, why);
}

void core_set_programme(SessionCore *c, const SessionProgramme *programme,
                        const SessionProgramme *moved) {
    c->programme = *programme;
    if (moved)
        c->moved = *moved;
    else
        c->programme.pending = SESSION_ASK_NONE;
}

/* ---- stages: the proposal left from an earlier session --------------- */

SessionQuestion core_start_question(const SessionCore *c) {
    if (c->start_asked || c->started || c->resuming || core_side_question(c))
        return SESSION_ASK_NONE;
    return c->programme.pending;
}

/* Yes: the VM starts again in the stage proposed (nothing has played). */
static void move_now(SessionCore *c) {
    VmSelection select = c->vm.select;
    const Program *program = c->vm.program;
    select.stage = c->pending_to;
    select.step = c->pending_to_step ? c->pending_to_step : select.step;
    vm_free(&c->vm);
    if (!vm_init(&c->vm, program, &select, on_vm_event, c, NULL))
        c->status = VM_FINISHED; /* out of memory: the session ends at once */
    c->programme = c->moved;
}

int core_answer_start(SessionCore *c, int key, bool strict) {
    SessionQuestion q = core_start_question(c);
    if (q == SESSION_ASK_NONE)
        return 0;
    int choice = yes_or_no(key);
    bool skip = keys_skips(key) || is_quit(key, false);
    if (choice < 0 && !skip && strict)
        return -1;
    c->start_asked = true;
    c->start_choice = choice;
    const SessionProgramme *p = &c->programme;
    c->pending_rule = q;
    c->pending_from = p->stage;
    c->pending_from_step = p->step;
    c->pending_to = q == SESSION_ASK_ADVANCE ? p->advance_to : p->step_back_to;
    c->pending_to_step = q == SESSION_ASK_ADVANCE ? p->advance_step : p->step_back_step;
    if (choice == 1)
        move_now(c);
    else if (choice == 0 && q == SESSION_ASK_ADVANCE) /* the count starts again */
        c->programme.advance = false;
    else if (choice == 0)
        c->programme.step_back = false;
    return choice >= 0;
}

/* A move within the stage played: said as its step. */
static bool within_stage(const char *from, const char *to, uint32_t to_step) {
    return to_step > 0 && (from == to || (from && to && names_equal(from, to)));
}

const char *core_start_said(const SessionCore *c, char *out, size_t size) {
    bool step = within_stage(c->pending_from, c->pending_to, c->pending_to_step);
    bool advance = c->pending_rule == SESSION_ASK_ADVANCE;
    if (!c->start_asked || c->start_choice < 0)
        snprintf(out, size, "%s", "");
    else if (c->start_choice == 0 && step)
        snprintf(out, size, WORDS_STAYING_STEP, (unsigned)c->pending_from_step);
    else if (c->start_choice == 0)
        snprintf(out, size, WORDS_STAYING, c->pending_from ? c->pending_from : "");
    else if (step)
        snprintf(out, size, advance ? WORDS_MOVING_ON_STEP : WORDS_GOING_BACK_STEP, (unsigned)c->pending_to_step);
    else
        snprintf(out, size, advance ? WORDS_MOVING_ON : WORDS_GOING_BACK, c->pending_to ? c->pending_to : "");
    return out;
}

/* Right after EV_START: the proposal answered before it, for the record. */
static void send_start_answer(SessionCore *c, int64_t t) {
    if (!c->start_asked || c->start_choice < 0)
        return;
    bool advance = c->pending_rule == SESSION_ASK_ADVANCE;
    SessionEvent ev = {.kind = SESSION_EV_PROPOSAL, .t = t, .rule = advance ? "advance" : "step_back",
                       .from = c->pending_from, .to = c->pending_to, .at_start = true,
                       .from_step = c->pending_from_step, .to_step = c->pending_to_step};
    dispatch(c, &ev);
    ev.kind = SESSION_EV_STAGE_CHOICE;
    ev.accepted = c->start_choice == 1;
    dispatch(c, &ev);
}

/* ---- which side is affected ------------------------------------------ */

void core_affected_remembered(SessionCore *c) {
    if (c->affected_from == SESSION_AFFECTED_OPTION)
        c->affected_from = SESSION_AFFECTED_REMEMBERED;
}

bool core_side_question(const SessionCore *c) {
    return c->side_roles && !c->side_asked && !c->started && !c->resuming &&
           c->affected_from == SESSION_AFFECTED_UNKNOWN;
}

int core_answer_side(SessionCore *c, int key, bool strict) {
    if (!core_side_question(c))
        return 0;
    SessionAnswer a = keys_answer(key, true);
    bool side = a == SESSION_ANSWER_LEFT || a == SESSION_ANSWER_RIGHT;
    bool skip = keys_skips(key) || is_quit(key, false);
    if (!side && !skip && strict)
        return -1;
    c->side_asked = true;
    if (!side)
        return 0;
    c->vm.select.affected = a == SESSION_ANSWER_LEFT ? SIDE_LEFT : SIDE_RIGHT;
    c->affected_from = SESSION_AFFECTED_ASKED;
    return 1;
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

/* ---- stages: keys, switching versions, the pain within its limit ------- */

/* Remember `alternative` (NULL: the regular one) for `exercise`. */
static void set_choice(SessionCore *c, const char *exercise, const char *alternative) {
    uint32_t i = 0;
    while (i < c->n_choices && !(c->choices[i].exercise && names_equal(c->choices[i].exercise, exercise)))
        i++;
    if (i == SESSION_MAX_CHOICES)
        return;
    c->choices[i] = (VmChoice){exercise, alternative};
    c->n_choices += i == c->n_choices;
    vm_set_choices(&c->vm, c->choices, c->n_choices);
}

static void send_switch(SessionCore *c, const char *alternative, int direction, bool pain) {
    SessionEvent ev = {.kind = SESSION_EV_SWITCH, .t = c->now, .exercise = c->exercise,
                       .alternative = alternative, .direction = direction, .pain = pain};
    dispatch(c, &ev);
}

/* The version one step easier (dir -1) or harder (+1) than the one
 * playing: *to its name (NULL: the regular one); false when there is none. */
static bool version_beside(const SessionCore *c, int dir, const char **to) {
    VmVersion v[16];
    const char *playing = NULL;
    uint32_t n = vm_versions(&c->vm, v, 16, &playing);
    int level = 0;
    for (uint32_t i = 0; playing && i < n; i++)
        if (names_equal(v[i].name, playing))
            level = v[i].direction == VM_ALT_EASIER ? -1 : 1;
    int target = level + dir;
    *to = NULL;
    for (uint32_t i = 0; target != 0 && i < n && !*to; i++)
        if ((target < 0 && v[i].direction == VM_ALT_EASIER) || (target > 0 && v[i].direction == VM_ALT_HARDER))
            *to = v[i].name;
    return n > 0 && target >= -1 && target <= 1 && (target == 0 || *to);
}

/* The easier or harder key: the exercise starts again in that version. */
static void switch_version(SessionCore *c, int dir) {
    const char *to;
    if (c->status == VM_PAUSED || c->status == VM_FINISHED || !c->vm.in_exercise || !c->exercise ||
        !version_beside(c, dir, &to))
        return;
    set_choice(c, c->exercise, to);
    c->exercise_left = true;
    send_switch(c, to, dir, false);
    c->status = vm_restart_version(&c->vm, c->now);
}

/* 1 for yes, 0 for no, -1 for neither. */
static int yes_or_no(int ch) {
    SessionAnswer a = keys_answer(ch, true);
    return a == SESSION_ANSWER_YES ? 1 : a == SESSION_ANSWER_NO ? 0 : -1;
}

/* What to do after a pain within its limit: go on, the easier version
 * (the easier key), stop; 0 for none of them. */
static VmPainChoice pain_choice_of(int ch) {
    SessionAnswer a = keys_answer(ch, false);
    const SessionKey *k = keys_for_char(ch, false);
    return a == SESSION_ANSWER_GO_ON ? VM_PAIN_GO_ON
         : k == &session_keys[SESSION_KEY_EASIER] ? VM_PAIN_EASIER
         : a == SESSION_ANSWER_STOP ? VM_PAIN_STOP : 0;
}

/* The quit key of the table (keys.h); with `fold_case`, Caps Lock too. */
static bool is_quit(int ch, bool fold_case) {
    const SessionKey *k = keys_for_char(ch, fold_case);
    return k && k->action == VM_KEY_QUIT;
}

/* The clock goes on after the question (if the core stopped it). */
static void resume_clock(SessionCore *c) {
    c->asking = SESSION_ASK_NONE;
    if (c->pain_paused && c->status == VM_PAUSED)
        c->status = vm_step(&c->vm, c->now, VM_KEY_PAUSE);
    c->pain_paused = false;
}

static void ask_pain(SessionCore *c) {
    if (c->status != VM_PAUSED) {
        c->status = vm_step(&c->vm, c->now, VM_KEY_PAUSE);
        c->pain_paused = true;
    }
    c->asking = SESSION_ASK_PAIN_LIMIT;
}

/* The rating: within the limit the choice is asked next; above it, or
 * with none (Enter), the session stops for pain. */
static void answer_pain_rating(SessionCore *c, int rating) {
    uint32_t limit = 0;
    core_pain_limit(c, &limit, NULL);
    if (rating >= 0 && (uint32_t)rating <= limit) {
        c->pain_rating = rating; /* kept for the choice */
        c->asking = SESSION_ASK_PAIN_CHOICE;
        return;
    }
    resume_clock(c);
    c->pain_rating = rating;
    c->max_pain = rating > c->max_pain ? rating : c->max_pain;
    c->status = rating >= 0 ? vm_pain(&c->vm, c->now, (uint32_t)rating, VM_PAIN_STOP)
                            : vm_step(&c->vm, c->now, VM_KEY_PAIN);
}

static void answer_pain_choice(SessionCore *c, VmPainChoice choice) {
    int rating = c->pain_rating;
    const char *easier = NULL;
    resume_clock(c);
    if (choice != VM_PAIN_STOP)
        c->pain_rating = -1; /* went on: the session is not stopped by it */
    if (choice == VM_PAIN_EASIER && c->exercise && version_beside(c, -1, &easier) && easier) {
        set_choice(c, c->exercise, easier);
        c->stepped_down = easier; /* said after the VM's pain_choice */
    }
    c->status = vm_pain(&c->vm, c->now, (uint32_t)rating, choice);
}

static void answer_pain(SessionCore *c, int ch, bool strict) {
    if (is_quit(ch, true)) {
        resume_clock(c);
        c->pain_rating = -1;
        c->status = vm_step(&c->vm, c->now, VM_KEY_QUIT);
        return;
    }
    if (c->asking == SESSION_ASK_PAIN_LIMIT) {
        int rating = keys_rating(ch);
        if (rating >= 0 || keys_skips(ch) || !strict)
            answer_pain_rating(c, rating);
        return;
    }
    VmPainChoice choice = pain_choice_of(ch);
    if (!choice && (keys_skips(ch) || !strict))
        choice = VM_PAIN_STOP;
    if (choice)
        answer_pain_choice(c, choice);
}

static void answer_effort(SessionCore *c, int rating) {
    SessionEvent ev = {.kind = SESSION_EV_EFFORT, .t = c->now, .exercise = c->effort_of,
                       .rating = rating};
    c->asking = SESSION_ASK_NONE;
    dispatch(c, &ev);
}

SessionNeed core_key(SessionCore *c, int64_t now, int ch, bool strict) {
    if (now > c->now)
        c->now = now;
    if (!c->started || c->status == VM_FINISHED)
        return core_need(c);
    int rating = keys_rating(ch);
    const SessionKey *k = ch >= 0 ? keys_for_char(ch, false) : NULL;
    VmKey action = VM_KEY_NONE;
    if (core_asking_holds(c))
        answer_pain(c, ch, strict);
    else if (c->asking == SESSION_ASK_EFFORT && rating >= 0 &&
             (c->effort_scale == 0 || (uint32_t)rating <= c->effort_scale))
        answer_effort(c, rating);
    else if (k == &session_keys[SESSION_KEY_EASIER] || k == &session_keys[SESSION_KEY_HARDER])
        switch_version(c, k == &session_keys[SESSION_KEY_EASIER] ? -1 : 1);
    else if (k && k->action == VM_KEY_PAIN && core_pain_limit(c, NULL, NULL))
        ask_pain(c);
    else if (k)
        action = k->action;
    /* The VM catches up with `now` (a paused one stays paused). */
    return core_step(c, now, action);
}

SessionQuestion core_asking(const SessionCore *c) {
    return c->ended ? SESSION_ASK_NONE : c->asking;
}

bool core_asking_holds(const SessionCore *c) {
    SessionQuestion q = core_asking(c);
    return q == SESSION_ASK_PAIN_LIMIT || q == SESSION_ASK_PAIN_CHOICE;
}

/* "ready for "Weeks 3-6"", or for step 2 of the stage played. */
static void proposal_words(const SessionCore *c, SessionQuestion q, char *out, size_t size) {
    const SessionProgramme *p = &c->programme;
    bool advance = q == SESSION_ASK_ADVANCE;
    const char *to = advance ? p->advance_to : p->step_back_to;
    uint32_t step = advance ? p->advance_step : p->step_back_step;
    if (within_stage(p->stage, to, step))
        snprintf(out, size, advance ? WORDS_ASK_ADVANCE_STEP : WORDS_ASK_STEP_BACK_STEP, (unsigned)step);
    else
        snprintf(out, size, advance ? WORDS_ASK_ADVANCE : WORDS_ASK_STEP_BACK, to ? to : "");
}

const char *core_prompt(const SessionCore *c, SessionQuestion q, char *out, size_t size) {
    switch (q) {
    case SESSION_ASK_PAIN: snprintf(out, size, "%s", WORDS_ASK_PAIN); break;
    case SESSION_ASK_DIFFICULTY: snprintf(out, size, "%s", WORDS_ASK_DIFFICULTY); break;
    case SESSION_ASK_PAIN_LIMIT: snprintf(out, size, "%s", WORDS_ASK_PAIN_LIMIT); break;
    case SESSION_ASK_PAIN_CHOICE: snprintf(out, size, "%s", WORDS_ASK_PAIN_CHOICE); break;
    case SESSION_ASK_EFFORT:
        snprintf(out, size, WORDS_ASK_EFFORT, c->effort_of ? c->effort_of : "");
        break;
    case SESSION_ASK_ADVANCE: case SESSION_ASK_STEP_BACK: proposal_words(c, q, out, size); break;
    default: snprintf(out, size, "%s", ""); break;
    }
    return out;
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
    c->n_asked = c->next_asked = 0;
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
    return c->ended && c->next_asked < c->n_asked ? c->asked[c->next_asked] : SESSION_ASK_NONE;
}

/* The answer `key` gives to `q`, or -1. */
static int answer_of(const SessionCore *c, SessionQuestion q, int key) {
    if (q == SESSION_ASK_PAIN)
        return keys_rating(key);
    if (q == SESSION_ASK_EFFORT) {
        int r = keys_rating(key);
        return c->effort_scale && r > (int)c->effort_scale ? -1 : r;
    }
    if (q == SESSION_ASK_ADVANCE || q == SESSION_ASK_STEP_BACK)
        return yes_or_no(key);
    int r = keys_rating(key); /* 1 too easy, 2 right, 3 too hard */
    return r >= 1 && r <= 3 ? r - 1 : -1;
}

static void send_answer(SessionCore *c, SessionQuestion q, int choice) {
    SessionEvent ev = {.t = c->end_t};
    if (q == SESSION_ASK_PAIN) {
        ev.kind = SESSION_EV_PAIN_RATING;
        ev.rating = choice;
    } else if (q == SESSION_ASK_EFFORT) {
        ev.kind = SESSION_EV_EFFORT;
        ev.exercise = c->effort_of;
        ev.rating = choice;
    } else if (q == SESSION_ASK_ADVANCE || q == SESSION_ASK_STEP_BACK) {
        bool advance = q == SESSION_ASK_ADVANCE;
        ev.kind = SESSION_EV_STAGE_CHOICE;
        ev.rule = advance ? "advance" : "step_back";
        ev.from = c->programme.stage;
        ev.to = advance ? c->programme.advance_to : c->programme.step_back_to;
        ev.from_step = c->programme.step;
        ev.to_step = advance ? c->programme.advance_step : c->programme.step_back_step;
        ev.accepted = choice == 1;
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
    bool skip = keys_skips(key) || is_quit(key, false);
    int choice = skip ? -1 : answer_of(c, q, key);
    if (choice < 0 && !skip && strict)
        return -1;
    if (choice >= 0)
        send_answer(c, q, choice);
    c->next_asked++;
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
