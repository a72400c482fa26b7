/*
 * vm.c -- the session machine: runs a verified program on a clock it is told.
 *
 * vm_step() first acts on the key it is given, then runs instructions until
 * one of them has to wait for time or for a key.  Nothing here reads a
 * clock, sleeps or allocates after vm_init(): the driver owns time, so a
 * session replays exactly on a virtual clock.
 *
 * Time bookkeeping.  `now_logical` is the session time the VM is "at".  A
 * timed step starting at logical time L with length d waits until L + d;
 * when it ends, the logical time becomes L + d (not the caller's possibly
 * late "now"), so the next deadline is L + d + d' and lateness never adds
 * up.  A key acts at the caller's time and moves the logical time there.
 */
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

const char *const vm_event_names[EV__COUNT] = {
#define X(name, json) [EV_##name] = (json),
    VM_EVENTS(X)
#undef X
};

/* ---- small helpers -------------------------------------------------- */

/* a + b, saturating: a caller may pass any time, and the VM must not
 * overflow on it. */
static int64_t time_add(int64_t a, int64_t b) {
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static const char *text_or_null(const Vm *vm, uint32_t k) {
    return k == OPERAND_NONE ? NULL : program_string(vm->program, k);
}

static VmLoop *innermost_loop(Vm *vm) {
    return vm->n_loops > 0 ? &vm->loops[vm->n_loops - 1] : NULL;
}

/* ---- ranges: the LOOP of a loop frame ------------------------------- */

/* The LOOP instruction that opened `loop` (just before its body). */
static Insn loop_insn(const Vm *vm, const VmLoop *loop) {
    Insn in = {OP_LOOP, {loop->count, loop->count, 0, 0}, 0};
    uint32_t at = loop->body - op_length(OP_LOOP);
    if (loop->body < op_length(OP_LOOP) ||
        !insn_decode(vm->program->code, vm->program->code_len, at, &in) || in.op != OP_LOOP)
        in.operand[1] = in.operand[0] = loop->count; /* cannot happen once verified */
    return in;
}

/* Whether `loop` counts a range (`repeat 8 to 12;`): its lower end is below
 * its count.  A plan's shortest run plays the lower end as the count. */
static bool loop_is_range(const Vm *vm, const VmLoop *loop) {
    return !vm->select.least && loop_insn(vm, loop).operand[1] < loop->count;
}

/* What a loop counts, from the first instructions of its body: sets,
 * rounds, or reps (`per` sides each for `each side alternating`). */
static const char *loop_unit(const Vm *vm, const VmLoop *loop, uint32_t *per) {
    const Program *p = vm->program;
    Insn in;
    *per = 1;
    for (uint32_t pc = loop->body, i = 0; i < 2 && insn_decode(p->code, p->code_len, pc, &in);
         pc += in.length, i++) {
        if (in.op == OP_SET) return "sets";
        if (in.op == OP_ROUND) return "rounds";
        if (in.op == OP_REP) {
            *per = in.operand[1] ? in.operand[1] : 1;
            return "reps";
        }
    }
    return "reps";
}

/* Whether what the current position holds is played: with a section
 * filter, only inside a selected section. */
static bool plays(const Vm *vm) {
    if (!vm->select.section)
        return true;
    return vm->n_sections > 0 && vm->sections[vm->n_sections - 1].selected;
}

/* ---- events --------------------------------------------------------- */

static VmEvent event_new(const Vm *vm, VmEventKind kind, uint32_t pc) {
    VmEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.t = vm->now_logical;
    ev.pc = pc;
    ev.is_default = vm->default_now;
    return ev;
}

static void send(Vm *vm, const VmEvent *ev) {
    if (vm->emit)
        vm->emit(vm->emit_ctx, ev);
}

/* An event whose only payload is a text (or none). */
static void emit_text(Vm *vm, VmEventKind kind, const char *text, uint32_t pc) {
    VmEvent ev = event_new(vm, kind, pc);
    ev.text = text;
    send(vm, &ev);
}

static void emit_ms(Vm *vm, VmEventKind kind, int64_t ms, uint32_t pc) {
    VmEvent ev = event_new(vm, kind, pc);
    ev.ms = ms;
    send(vm, &ev);
}

/* A text instruction (cue, note...): shown only where the session plays. */
static void say(Vm *vm, VmEventKind kind, uint32_t k, uint32_t pc) {
    if (plays(vm))
        emit_text(vm, kind, text_or_null(vm, k), pc);
}

/* SET and ROUND: which iteration of the innermost loop this is. */
static void emit_iteration(Vm *vm, VmEventKind kind, uint32_t k, uint32_t pc) {
    const VmLoop *loop = innermost_loop(vm);
    VmEvent ev = event_new(vm, kind, pc);
    ev.n = loop ? loop->index + 1 : 1;
    ev.of = loop ? loop->count : 1;
    ev.least = loop && loop_is_range(vm, loop) ? loop_insn(vm, loop).operand[1] : 0;
    ev.text = text_or_null(vm, k);
    send(vm, &ev);
}

/* REP a b: the loop runs a*b times when each rep has b sides. */
static void emit_rep(Vm *vm, uint32_t of, uint32_t per, uint32_t pc) {
    const VmLoop *loop = innermost_loop(vm);
    VmEvent ev = event_new(vm, EV_REP, pc);
    ev.n = (loop ? loop->index : 0) / (per ? per : 1) + 1;
    ev.of = of;
    if (loop && loop_is_range(vm, loop))
        ev.least = loop_insn(vm, loop).operand[1] / (per ? per : 1);
    ev.side = vm->side;
    ev.role = vm->role;
    ev.detail = text_or_null(vm, vm->side_label);
    send(vm, &ev);
}

static void emit_exercise(Vm *vm, const uint32_t *a, uint32_t pc) {
    VmEvent ev = event_new(vm, EV_EXERCISE, pc);
    ev.text = text_or_null(vm, a[0]);
    ev.section = vm->n_sections > 0
                     ? program_string(vm->program, vm->sections[vm->n_sections - 1].name)
                     : "";
    ev.detail = text_or_null(vm, a[1]);
    ev.variant = text_or_null(vm, a[2]);
    send(vm, &ev);
}

static void emit_hold(Vm *vm, HoldKind hold, int64_t ms, int64_t least_ms, uint32_t pc) {
    VmEvent ev = event_new(vm, EV_HOLD, pc);
    ev.hold = hold;
    ev.ms = ms;
    ev.least_ms = least_ms;
    send(vm, &ev);
}

/* A range of reps, sets or rounds has ended after `done` iterations
 * (`each side alternating`: `done / per` on each side, as the reps count;
 * its upper end is the LOOP's, whatever the done key left of it). */
static void emit_range(Vm *vm, const VmLoop *loop, uint32_t done, bool early, uint32_t pc) {
    uint32_t per = 1;
    VmEvent ev = event_new(vm, EV_RANGE, pc);
    Insn in = loop_insn(vm, loop);
    ev.text = loop_unit(vm, loop, &per);
    ev.n = done / per;
    ev.least = in.operand[1] / per;
    ev.of = in.operand[0] / per;
    ev.early = early;
    send(vm, &ev);
}

static VmStatus finish(Vm *vm, uint32_t pc, bool completed) {
    VmEvent ev = event_new(vm, EV_END, pc);
    ev.completed = completed;
    send(vm, &ev);
    vm->status = VM_FINISHED;
    vm->activity = ACT_NONE;
    vm->in_exercise = false;
    return VM_FINISHED;
}

/* ---- waiting -------------------------------------------------------- */

/* Start a timed step of `ms` from the logical time.  Returns true when the
 * VM must wait; false when the deadline has already come (a zero length,
 * or a caller that is late), in which case the step is over at once. */
static bool wait_time(Vm *vm, VmActivity activity, uint32_t pc, uint32_t ms, int64_t now) {
    int64_t deadline = time_add(vm->now_logical, ms);
    if (deadline <= now) {
        vm->now_logical = deadline;
        return false;
    }
    vm->activity = activity;
    vm->activity_pc = pc;
    vm->activity_start = vm->now_logical;
    vm->deadline = deadline;
    vm->status = VM_WAIT_TIME;
    return true;
}

static VmStatus wait_key(Vm *vm, VmActivity activity, uint32_t pc) {
    vm->activity = activity;
    vm->activity_pc = pc;
    vm->activity_start = vm->now_logical;
    vm->status = VM_WAIT_KEY;
    return VM_WAIT_KEY;
}

static bool timed_step(Vm *vm, VmEventKind kind, VmActivity activity, uint32_t pc,
                       uint32_t ms, int64_t now) {
    emit_ms(vm, kind, ms, pc);
    vm->least_ms = ms;
    return wait_time(vm, activity, pc, ms, now);
}

/* TEMPO_PHASES: the rep's whole time and how many phases follow. */
static void emit_tempo_phases(Vm *vm, const uint32_t *a, uint32_t pc) {
    VmEvent ev = event_new(vm, EV_TEMPO, pc);
    ev.ms = a[0];
    ev.of = a[1];
    send(vm, &ev);
}

/* PHASE word n of ms: one timed phase of the rep.  A key acts on it as on
 * a tempo (pause keeps the rest of the phase; next and back leave it). */
static bool phase_step(Vm *vm, const uint32_t *a, uint32_t pc, int64_t now) {
    VmEvent ev = event_new(vm, EV_PHASE, pc);
    ev.code = a[0];
    ev.text = a[0] < TEMPO_WORD__COUNT ? tempo_words[a[0]].word : NULL;
    ev.n = a[1];
    ev.of = a[2];
    ev.ms = a[3];
    send(vm, &ev);
    vm->least_ms = a[3];
    return wait_time(vm, ACT_TEMPO, pc, a[3], now);
}

/* A rest from `least` to `ms` (one value when they are equal): the upper
 * end, or the lower in a plan's shortest run. */
static bool rest_step(Vm *vm, uint32_t pc, uint32_t ms, uint32_t least, int64_t now) {
    VmEvent ev = event_new(vm, EV_REST, pc);
    ev.ms = ms;
    ev.least_ms = least < ms ? (int64_t)least : 0;
    send(vm, &ev);
    vm->least_ms = least;
    return wait_time(vm, ACT_REST, pc, vm->select.least ? least : ms, now);
}

/* A set at the patient's own pace: how many reps (a range: its lower end
 * in `least`), each held `ms`; the reps count like played ones. */
static void wait_set(Vm *vm, const uint32_t *a, uint32_t pc) {
    VmEvent ev = event_new(vm, EV_WAIT, pc);
    ev.of = a[0];
    ev.least = a[1] < a[0] ? a[1] : 0;
    ev.ms = a[2];
    ev.side = vm->side;
    ev.detail = text_or_null(vm, vm->side_label);
    send(vm, &ev);
}

/* `rest as needed`: no deadline; the done key (or next) ends it, and the
 * time rested is recorded as the done event's. */
static VmStatus rest_open(Vm *vm, uint32_t pc) {
    VmEvent ev = event_new(vm, EV_REST, pc);
    ev.as_needed = true;
    send(vm, &ev);
    vm->least_ms = 0;
    return wait_key(vm, ACT_REST, pc);
}

static bool hold_step(Vm *vm, HoldKind hold, uint32_t pc, uint32_t ms, uint32_t least, int64_t now) {
    emit_hold(vm, hold, ms, hold == HOLD_UP_TO ? (int64_t)least : 0, pc);
    vm->hold = hold;
    vm->least_ms = least;
    return wait_time(vm, ACT_HOLD, pc, vm->select.least ? least : ms, now);
}

/* Whether the current wait is over at `now`; ends a timed step at its
 * deadline, which becomes the logical time. */
static bool wait_is_over(Vm *vm, int64_t now) {
    if (vm->activity == ACT_NONE)
        return true;
    if (vm->status != VM_WAIT_TIME || now < vm->deadline)
        return false;
    vm->now_logical = vm->deadline;
    vm->activity = ACT_NONE;
    return true;
}

/* The instruction a key acts on, for the event's source line. */
static uint32_t key_pc(const Vm *vm) {
    return vm->activity != ACT_NONE ? vm->activity_pc : vm->pc;
}

/* ---- structure: sections, exercises, loops, sides ------------------ */

static int compare_pc(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static bool leads_to_chosen(const Vm *vm, uint32_t pc) {
    return vm->n_enter > 0 &&
           bsearch(&pc, vm->enter_pcs, vm->n_enter, sizeof pc, compare_pc) != NULL;
}

/* lang-b: a locked section is named when it is the chosen one. */
static bool leads_to_chosen_name(const Vm *vm, uint32_t k) {
    return vm->select.section && names_equal(program_string(vm->program, k), vm->select.section);
}

static bool level_excludes(const Vm *vm, uint32_t level) {
    return vm->select.level && level != OPERAND_NONE &&
           !names_equal(program_string(vm->program, level), vm->select.level);
}

/* SECTION k K j: push a frame and announce it, or return false when the
 * selection leaves it out.  A section is entered silently when it only
 * encloses the chosen one. */
static bool enter_section(Vm *vm, const uint32_t *a, uint32_t pc) {
    if (level_excludes(vm, a[1]))
        return false;
    bool selected = true;
    if (vm->select.section) {
        selected = plays(vm) ||
                   names_equal(program_string(vm->program, a[0]), vm->select.section);
        if (!selected && !leads_to_chosen(vm, pc))
            return false;
    }
    vm->sections[vm->n_sections++] = (VmSectionFrame){a[0], selected};
    if (selected)
        emit_text(vm, EV_SECTION, text_or_null(vm, a[0]), pc);
    return true;
}

/* ---- lang-b: frequency, load, stages, locks, alternatives ----------- */

/* Where the statement behind an instruction was written. */
static const char *scope_of(const Vm *vm) {
    return vm->in_exercise ? "exercise" : vm->n_sections > 0 ? "section"
         : vm->stage != OPERAND_NONE ? "stage" : "routine";
}

/* What describes the routine or a stage is shown even when a section
 * filter leaves the place it is written out. */
static bool describes_programme(const Vm *vm) {
    return plays(vm) || (!vm->in_exercise && vm->n_sections == 0);
}

static void emit_fields(Vm *vm, VmEventKind kind, uint32_t pc, const uint32_t *v, const char *text) {
    VmEvent ev = event_new(vm, kind, pc);
    ev.code = v[0];
    ev.lo = v[1];
    ev.hi = v[2];
    ev.scale = v[3];
    ev.text = text;
    ev.scope = scope_of(vm);
    ev.section = vm->n_sections > 0
                     ? program_string(vm->program, vm->sections[vm->n_sections - 1].name) : NULL;
    ev.detail = vm->stage != OPERAND_NONE ? program_string(vm->program, vm->stage) : NULL;
    ev.exercise = vm->in_exercise ? text_or_null(vm, vm->exercise_name) : NULL;
    send(vm, &ev);
}

static void run_schedule(Vm *vm, const uint32_t *a, uint32_t pc) {
    uint32_t v[4] = {a[0], a[1], a[2], 0};
    if (describes_programme(vm))
        emit_fields(vm, EV_SCHEDULE, pc, v, text_or_null(vm, a[3]));
}

static void run_load(Vm *vm, const uint32_t *a, uint32_t pc) {
    uint32_t v[4] = {a[2], a[0], a[1], 0};
    if (plays(vm))
        emit_fields(vm, EV_LOAD, pc, v, text_or_null(vm, a[3]));
}

static void run_effort(Vm *vm, const uint32_t *a, uint32_t pc) {
    uint32_t v[4] = {0, a[0], a[1], a[2]};
    if (plays(vm))
        emit_fields(vm, EV_EFFORT, pc, v, NULL);
}

static void run_pain_limit(Vm *vm, const uint32_t *a, uint32_t pc) {
    uint32_t v[4] = {0, a[0], a[0], a[1]};
    vm->pain_limit = a[0];
    vm->pain_scale = a[1];
    if (plays(vm))
        emit_fields(vm, EV_PAIN_LIMIT, pc, v, NULL);
}

static void run_rule(Vm *vm, VmRule rule, uint32_t n, uint32_t pain, uint32_t pc) {
    uint32_t v[4] = {rule, n, pain, 0};
    if (describes_programme(vm))
        emit_fields(vm, EV_RULE, pc, v, NULL);
}

static void run_equipment(Vm *vm, uint32_t k, uint32_t pc) {
    uint32_t v[4] = {0};
    if (describes_programme(vm))
        emit_fields(vm, EV_EQUIPMENT, pc, v, text_or_null(vm, k));
}

/* STAGE k j: play it when it is the chosen one. */
static bool enter_stage(Vm *vm, uint32_t k, uint32_t pc) {
    if (vm->chosen_stage == OPERAND_NONE ||
        !names_equal(program_string(vm->program, k), program_string(vm->program, vm->chosen_stage)))
        return false;
    vm->stage = k;
    emit_text(vm, EV_STAGE, text_or_null(vm, k), pc);
    return true;
}

static bool is_enabled(const Vm *vm, const char *what) {
    for (uint32_t i = 0; i < vm->select.n_enabled; i++)
        if (vm->select.enabled[i] && names_equal(vm->select.enabled[i], what))
            return true;
    return false;
}

/* LOCKED k k j: false (having said so) when the requirement is not met. */
static bool unlocked(Vm *vm, const uint32_t *a, uint32_t pc) {
    if (is_enabled(vm, program_string(vm->program, a[0])))
        return true;
    if (plays(vm) || leads_to_chosen_name(vm, a[1])) {
        VmEvent ev = event_new(vm, EV_LOCKED, pc);
        ev.text = text_or_null(vm, a[1]);
        ev.detail = text_or_null(vm, a[0]);
        send(vm, &ev);
    }
    return false;
}

static void run_offer(Vm *vm, const uint32_t *a, uint32_t pc) {
    if (!plays(vm))
        return;
    VmEvent ev = event_new(vm, EV_OFFER, pc);
    ev.code = a[0];
    ev.text = text_or_null(vm, a[1]);
    ev.detail = text_or_null(vm, a[2]);
    send(vm, &ev);
}

/* The alternative chosen for exercise `name`: a name, or NULL when the
 * patient chose none for it (then the direction of the selection). */
static const char *choice_for(const Vm *vm, const char *name, bool *found) {
    *found = false;
    for (uint32_t i = 0; i < vm->select.n_choices; i++)
        if (vm->select.choices[i].exercise && names_equal(vm->select.choices[i].exercise, name)) {
            *found = true;
            return vm->select.choices[i].alternative;
        }
    return NULL;
}

/* IF_ALT u k k j: whether this alternative is the one to play. */
static bool alt_chosen(Vm *vm, const uint32_t *a, uint32_t pc) {
    if (vm->alt_chain == OPERAND_NONE)
        vm->alt_chain = pc;
    const char *exercise = program_string(vm->program, a[1]);
    const char *alt = program_string(vm->program, a[2]);
    if (vm->easier_for != OPERAND_NONE &&
        names_equal(program_string(vm->program, vm->easier_for), exercise))
        return a[0] == VM_ALT_EASIER;
    bool found;
    const char *chosen = choice_for(vm, exercise, &found);
    if (found)
        return chosen && names_equal(chosen, alt);
    return vm->select.alternative != VM_ALT_NONE && a[0] == (uint32_t)vm->select.alternative;
}

/* An exercise that has versions (variants, alternatives) played in its
 * regular one although the selection asked for a variant or an
 * easier/harder one it lacks: say so (EV_FALLBACK). */
static void say_fallback(Vm *vm, const uint32_t *a, uint32_t pc) {
    static const char *const directions[] = {NULL, "easier", "harder"};
    const char *wanted = NULL;
    const char *name = program_string(vm->program, a[0]);
    bool found;
    const char *chosen = choice_for(vm, name, &found);
    if (a[2] != OPERAND_NONE || vm->alt_chain == OPERAND_NONE)
        return; /* a version is playing, or the exercise has none to choose */
    if (vm->easier_for == a[0])
        wanted = "easier";
    else if (found)
        wanted = chosen;
    else if (vm->select.alternative != VM_ALT_NONE)
        wanted = directions[vm->select.alternative];
    else
        wanted = vm->select.variant;
    if (!wanted)
        return;
    VmEvent ev = event_new(vm, EV_FALLBACK, pc);
    ev.text = name;
    ev.detail = wanted;
    send(vm, &ev);
}

static void begin_exercise(Vm *vm, const uint32_t *a, uint32_t pc) {
    vm->in_exercise = true;
    vm->exercise_pc = pc;
    vm->exercise_end = a[3];
    vm->exercise_loops = vm->n_loops;
    vm->exercise_sections = vm->n_sections;
    vm->exercise_name = a[0];
    vm->side = SIDE_NONE;
    vm->side_label = OPERAND_NONE;
    vm->role = ROLE_NONE;
    vm->pain_scale = 0;
    emit_exercise(vm, a, pc);
    say_fallback(vm, a, pc);
}

static void end_exercise(Vm *vm) {
    vm->in_exercise = false;
    vm->alt_chain = OPERAND_NONE;
    vm->pain_scale = 0;
    vm->side = SIDE_NONE;
    vm->side_label = OPERAND_NONE;
    vm->role = ROLE_NONE;
}

/* Forget the loops and sections opened inside the current exercise and
 * the step it is in, before `next` or `back` moves the pc. */
static void drop_exercise_state(Vm *vm) {
    if (vm->n_loops > vm->exercise_loops)
        vm->n_loops = vm->exercise_loops;
    if (vm->n_sections > vm->exercise_sections)
        vm->n_sections = vm->exercise_sections;
    vm->activity = ACT_NONE;
}

static bool loop_push(Vm *vm, uint32_t body, uint32_t count) {
    if (vm->n_loops >= MAX_LOOP_DEPTH)
        return false;
    vm->loops[vm->n_loops++] = (VmLoop){body, count, 0};
    return true;
}

/* END_LOOP j: go round again, or fall through when the count is done
 * (a range says how many were done: all of them). */
static void loop_next(Vm *vm, uint32_t body, uint32_t pc) {
    VmLoop *loop = innermost_loop(vm);
    loop->index++;
    if (loop->index < loop->count) {
        vm->pc = body;
        return;
    }
    if (loop_is_range(vm, loop) && plays(vm)) /* early: the done key shortened it (a pair's end) */
        emit_range(vm, loop, loop->count, loop->count < loop_insn(vm, loop).operand[0], pc);
    vm->n_loops--;
}

/* The done key, when the step in progress does not take it: end the
 * innermost range of the exercise whose lower end has been reached (the
 * reps of `repeat 8 to 12` from the 9th rep on, or during the rest after
 * the 8th), normally, at the instruction after its END_LOOP. */
static bool end_range(Vm *vm) {
    for (uint32_t d = vm->n_loops; vm->in_exercise && d-- > vm->exercise_loops;) {
        VmLoop *loop = &vm->loops[d];
        Insn in = loop_insn(vm, loop);
        bool resting = d + 1 == vm->n_loops && vm->activity == ACT_REST;
        uint32_t done = loop->index + (resting ? 1u : 0u);
        if (!loop_is_range(vm, loop) || done < in.operand[1])
            continue;
        uint32_t per;
        (void)loop_unit(vm, loop, &per);
        if (per > 1 && done % per) { /* alternating: the other side of this pair first */
            loop->count = done + per - done % per;
            return true;
        }
        emit_range(vm, loop, done, true, key_pc(vm));
        vm->n_loops = d;
        vm->pc = in.operand[2];
        vm->activity = ACT_NONE;
        return true;
    }
    return false;
}

static bool more_iterations(Vm *vm) {
    const VmLoop *loop = innermost_loop(vm);
    return loop && loop->index + 1 < loop->count;
}

static Side side_from(uint32_t s) {
    return s == SIDE_LEFT || s == SIDE_RIGHT || s == SIDE_BOTH ? (Side)s : SIDE_NONE;
}

static Side other_side(Side s) {
    return s == SIDE_LEFT ? SIDE_RIGHT : s == SIDE_RIGHT ? SIDE_LEFT : SIDE_NONE;
}

static void set_side(Vm *vm, uint32_t s, uint32_t label, uint32_t pc) {
    vm->side = side_from(s);
    vm->side_label = label;
    if (!plays(vm))
        return;
    VmEvent ev = event_new(vm, EV_SIDE, pc);
    ev.side = vm->side;
    ev.role = vm->role;
    ev.detail = text_or_null(vm, label);
    send(vm, &ev);
}

/* SIDE_ROLE r K: the patient's affected side, or the other one; SIDE_NONE
 * while nobody has said which it is. */
static void set_side_role(Vm *vm, uint32_t role, uint32_t label, uint32_t pc) {
    Side affected = side_from(vm->select.affected);
    if (affected == SIDE_BOTH)
        affected = SIDE_NONE;
    vm->role = role == ROLE_UNAFFECTED ? ROLE_UNAFFECTED : ROLE_AFFECTED;
    set_side(vm, vm->role == ROLE_AFFECTED ? affected : other_side(affected), label, pc);
}

/* SIDE_ALT s K1 K2: even iterations work side s, odd ones the other. */
static void alternate_side(Vm *vm, const uint32_t *a) {
    const VmLoop *loop = innermost_loop(vm);
    bool odd = loop && (loop->index & 1u);
    vm->side = odd ? other_side(side_from(a[0])) : side_from(a[0]);
    vm->side_label = odd ? a[2] : a[1];
}

static bool variant_chosen(const Vm *vm, uint32_t k) {
    const char *chosen = vm->select.variant ? vm->select.variant : "";
    return names_equal(program_string(vm->program, k), chosen);
}

static bool step_chosen(const Vm *vm, uint32_t lo, uint32_t hi) {
    uint32_t step = vm->select.step ? vm->select.step : 1;
    return lo <= step && step <= hi;
}

/* ---- keys ----------------------------------------------------------- */

static void pause_session(Vm *vm, int64_t now) {
    vm->status_before_pause = vm->status;
    vm->remaining_when_paused = 0;
    if (vm->status == VM_WAIT_TIME && vm->activity != ACT_NONE && vm->deadline > now)
        vm->remaining_when_paused = vm->deadline - now;
    vm->paused_at = now;
    vm->status = VM_PAUSED;
    emit_text(vm, EV_PAUSE, NULL, key_pc(vm));
}

/* The pause never counts: the step's start and deadline move by it. */
static void resume_session(Vm *vm, int64_t now) {
    emit_text(vm, EV_RESUME, NULL, key_pc(vm));
    vm->status = vm->status_before_pause;
    vm->activity_start += now - vm->paused_at;
    if (vm->status == VM_WAIT_TIME && vm->activity != ACT_NONE)
        vm->deadline = time_add(now, vm->remaining_when_paused);
}

static void key_next(Vm *vm) {
    if (vm->in_exercise) {
        emit_text(vm, EV_SKIP, text_or_null(vm, vm->exercise_name), key_pc(vm));
        drop_exercise_state(vm);
        vm->pc = vm->exercise_end;
    } else if (vm->activity == ACT_REST || vm->activity == ACT_GET_READY) {
        emit_text(vm, EV_SKIP, NULL, key_pc(vm));
        vm->activity = ACT_NONE;
    }
}

static void key_back(Vm *vm) {
    if (!vm->in_exercise)
        return;
    emit_text(vm, EV_BACK, text_or_null(vm, vm->exercise_name), key_pc(vm));
    drop_exercise_state(vm);
    vm->in_exercise = false;
    vm->pc = vm->exercise_pc;
}

/* DONE ends an open hold, an up-to hold (or a hold or rest range) once
 * its lower end has passed, or a wait; else it ends a range of reps or
 * sets whose lower end has been reached (end_range). */
static void key_done(Vm *vm, int64_t now) {
    VmEventKind kind;
    int64_t spent = now - vm->activity_start;
    bool timed_range = vm->status == VM_WAIT_TIME && now < vm->deadline && spent >= vm->least_ms;
    if (vm->activity == ACT_WAIT_KEY)
        kind = EV_DONE;
    else if (vm->activity == ACT_HOLD && vm->hold == HOLD_OPEN)
        kind = EV_HELD;
    else if (vm->activity == ACT_HOLD && vm->hold == HOLD_UP_TO && timed_range)
        kind = EV_HELD;
    else if (vm->activity == ACT_REST && (timed_range || vm->status == VM_WAIT_KEY))
        kind = EV_DONE; /* a rest range past its lower end, or a rest as needed */
    else {
        end_range(vm);
        return;
    }
    emit_ms(vm, kind, spent, key_pc(vm));
    vm->activity = ACT_NONE;
}

static void key_stop(Vm *vm, VmEventKind kind) {
    const char *exercise = vm->in_exercise ? text_or_null(vm, vm->exercise_name) : NULL;
    emit_text(vm, kind, kind == EV_PAIN ? exercise : NULL, key_pc(vm));
    finish(vm, key_pc(vm), false);
}

/* Act on `key` at time `now`.  A key that acts moves the logical time to
 * `now`; one that does not apply is ignored. */
static void apply_key(Vm *vm, int64_t now, VmKey key) {
    bool paused = vm->status == VM_PAUSED;
    if (key == VM_KEY_DONE && paused)
        return;
    if (key < VM_KEY_PAUSE || key > VM_KEY_DONE)
        return;
    vm->now_logical = now;
    if (paused && (key == VM_KEY_PAUSE || key == VM_KEY_NEXT || key == VM_KEY_BACK))
        resume_session(vm, now);
    switch (key) {
    case VM_KEY_PAUSE:
        if (!paused)
            pause_session(vm, now);
        break;
    case VM_KEY_NEXT: key_next(vm); break;
    case VM_KEY_BACK: key_back(vm); break;
    case VM_KEY_QUIT: key_stop(vm, EV_QUIT); break;
    case VM_KEY_PAIN: key_stop(vm, EV_PAIN); break;
    case VM_KEY_DONE: key_done(vm, now); break;
    default: break;
    }
}

static VmStatus run(Vm *vm, int64_t now);

/* ---- lang-b: a pain within the limit ---------------------------------- */

bool vm_pain_limit(const Vm *vm, uint32_t *limit, uint32_t *scale) {
    if (!vm->in_exercise || vm->pain_scale == 0)
        return false;
    if (limit)
        *limit = vm->pain_limit;
    if (scale)
        *scale = vm->pain_scale;
    return true;
}

static void emit_pain_choice(Vm *vm, uint32_t rating, VmPainChoice choice) {
    VmEvent ev = event_new(vm, EV_PAIN_CHOICE, key_pc(vm));
    ev.text = vm->in_exercise ? text_or_null(vm, vm->exercise_name) : NULL;
    ev.lo = rating;
    ev.hi = vm->pain_limit;
    ev.scale = vm->pain_scale;
    ev.code = choice;
    send(vm, &ev);
}

/* Start the exercise again from its alternatives, now the easier one. */
static void step_down(Vm *vm) {
    vm->easier_for = vm->exercise_name;
    drop_exercise_state(vm);
    vm->in_exercise = false;
    vm->pc = vm->alt_chain;
    vm->alt_chain = OPERAND_NONE;
}

/* stages: the versions of the exercise being played, from its chain of
 * IF_ALT/IF_VARIANT tests (each jumps past its version to the next). */
uint32_t vm_versions(const Vm *vm, VmVersion *out, uint32_t max, const char **playing) {
    const Program *p = vm->program;
    Insn in;
    uint32_t n = 0;
    if (playing)
        *playing = NULL;
    if (!vm->in_exercise || vm->alt_chain == OPERAND_NONE)
        return 0;
    if (playing && insn_decode(p->code, p->code_len, vm->exercise_pc, &in) && in.op == OP_EXERCISE)
        *playing = text_or_null(vm, in.operand[2]);
    for (uint32_t pc = vm->alt_chain; insn_decode(p->code, p->code_len, pc, &in);) {
        if (in.op == OP_IF_ALT && n < max)
            out[n++] = (VmVersion){(VmAlternative)in.operand[0], program_string(p, in.operand[2])};
        if (in.op == OP_IF_ALT)
            pc = in.operand[3];
        else if (in.op == OP_IF_VARIANT)
            pc = in.operand[1];
        else
            break;
    }
    return n;
}

void vm_set_choices(Vm *vm, const VmChoice *choices, uint32_t n) {
    vm->select.choices = choices;
    vm->select.n_choices = n;
}

VmStatus vm_restart_version(Vm *vm, int64_t now) {
    if (vm->status == VM_FINISHED || !vm->in_exercise || vm->alt_chain == OPERAND_NONE)
        return vm->status;
    if (now < vm->now_logical)
        now = vm->now_logical;
    vm->now_logical = now;
    uint32_t chain = vm->alt_chain;
    drop_exercise_state(vm);
    vm->in_exercise = false;
    vm->alt_chain = OPERAND_NONE;
    vm->easier_for = OPERAND_NONE; /* the choices say which version now */
    vm->pc = chain;
    vm->status = VM_WAIT_TIME;
    return run(vm, now);
}

VmStatus vm_pain(Vm *vm, int64_t now, uint32_t rating, VmPainChoice choice) {
    if (vm->status == VM_FINISHED)
        return VM_FINISHED;
    if (now < vm->now_logical)
        now = vm->now_logical;
    uint32_t limit;
    if (!vm_pain_limit(vm, &limit, NULL) || rating > limit || choice == VM_PAIN_STOP ||
        choice < VM_PAIN_GO_ON || choice > VM_PAIN_STOP) {
        if (vm_pain_limit(vm, NULL, NULL)) {
            vm->now_logical = now; /* as the pain key will: the stop is now */
            emit_pain_choice(vm, rating, VM_PAIN_STOP);
        }
        return vm_step(vm, now, VM_KEY_PAIN);
    }
    vm->now_logical = now;
    emit_pain_choice(vm, rating, choice);
    if (choice == VM_PAIN_EASIER && vm->alt_chain != OPERAND_NONE)
        step_down(vm);
    if (vm->status == VM_PAUSED)
        return vm->status;
    if (!wait_is_over(vm, now))
        return vm->status;
    return run(vm, now);
}

/* ---- the dispatch loop ---------------------------------------------- */

/* Execute instructions from vm->pc until one waits or the routine ends.
 * `now` is the caller's time: timed steps whose deadline is not after it
 * end at once, so a late caller catches up on the absolute schedule. */
static VmStatus run(Vm *vm, int64_t now) {
    const Program *p = vm->program;
    /* A verified program cannot loop for ever; the budget makes that true
     * even if the verifier were wrong, since no run executes more than
     * max_steps instructions from any point it can reach. */
    uint64_t budget = p->max_steps;
    for (;;) {
        Insn in;
        const uint32_t pc = vm->pc;
        if (!insn_decode(p->code, p->code_len, pc, &in) || (p->max_steps && budget-- == 0))
            return finish(vm, pc, false);
        const uint32_t *a = in.operand;
        vm->default_now = vm->default_next; /* DEFAULT qualifies one instruction */
        vm->default_next = false;
        vm->steps++;
        vm->pc = pc + in.length;
        switch (in.op) {
        case OP_ROUTINE:
            emit_text(vm, EV_START, text_or_null(vm, a[0]), pc);
            break;
        case OP_SECTION:
            if (vm->n_sections > MAX_SECTION_DEPTH)
                return finish(vm, pc, false);
            if (!enter_section(vm, a, pc))
                vm->pc = a[2];
            break;
        case OP_END_SECTION:
            if (vm->n_sections > 0)
                vm->n_sections--;
            break;
        case OP_EXERCISE:
            if (plays(vm))
                begin_exercise(vm, a, pc);
            else
                vm->pc = a[3];
            break;
        case OP_END_EXERCISE:
            end_exercise(vm);
            break;
        case OP_POSITION: say(vm, EV_POSITION, a[0], pc); break;
        case OP_CUE: say(vm, EV_CUE, a[0], pc); break;
        case OP_BREATHE: say(vm, EV_BREATHE, a[0], pc); break;
        case OP_NOTE: say(vm, EV_NOTE, a[0], pc); break;
        case OP_SAFETY: /* the routine's own: said whatever --section plays */
            if (vm->n_sections == 0 && !vm->in_exercise)
                emit_text(vm, EV_SAFETY, text_or_null(vm, a[0]), pc);
            else
                say(vm, EV_SAFETY, a[0], pc);
            break;
        case OP_GATE: say(vm, EV_GATE, a[0], pc); break;
        case OP_GET_READY:
            if (plays(vm) && timed_step(vm, EV_GET_READY, ACT_GET_READY, pc, a[0], now))
                return VM_WAIT_TIME;
            break;
        case OP_LOOP:
            if (!loop_push(vm, pc + in.length, vm->select.least ? a[1] : a[0]))
                return finish(vm, pc, false);
            break;
        case OP_END_LOOP:
            if (vm->n_loops == 0)
                return finish(vm, pc, false);
            loop_next(vm, a[0], pc);
            break;
        case OP_SET:
            if (plays(vm))
                emit_iteration(vm, EV_SET, OPERAND_NONE, pc);
            break;
        case OP_ROUND:
            if (plays(vm))
                emit_iteration(vm, EV_ROUND, a[0], pc);
            break;
        case OP_SIDE:
            vm->role = ROLE_NONE;
            set_side(vm, a[0], a[1], pc);
            break;
        case OP_SIDE_ROLE:
            set_side_role(vm, a[0], a[1], pc);
            break;
        case OP_SIDE_ALT:
            alternate_side(vm, a);
            break;
        case OP_REP:
            if (plays(vm))
                emit_rep(vm, a[0], a[1], pc);
            break;
        case OP_HOLD:
            if (plays(vm) && hold_step(vm, HOLD_FIXED, pc, a[0], a[0], now))
                return VM_WAIT_TIME;
            break;
        case OP_HOLD_UP_TO:
            if (plays(vm) && hold_step(vm, HOLD_UP_TO, pc, a[0], a[1], now))
                return VM_WAIT_TIME;
            break;
        case OP_HOLD_OPEN:
            if (!plays(vm))
                break;
            emit_hold(vm, HOLD_OPEN, 0, 0, pc);
            vm->hold = HOLD_OPEN;
            return wait_key(vm, ACT_HOLD, pc);
        case OP_TEMPO:
            if (plays(vm) && timed_step(vm, EV_TEMPO, ACT_TEMPO, pc, a[0], now))
                return VM_WAIT_TIME;
            break;
        case OP_TEMPO_PHASES: /* the whole rep, said; its phases are the steps */
            if (plays(vm))
                emit_tempo_phases(vm, a, pc);
            break;
        case OP_PHASE:
            if (plays(vm) && phase_step(vm, a, pc, now))
                return VM_WAIT_TIME;
            break;
        case OP_WAIT_KEY:
            if (!plays(vm))
                break;
            emit_text(vm, EV_WAIT, NULL, pc);
            return wait_key(vm, ACT_WAIT_KEY, pc);
        case OP_REST:
            if (plays(vm) && rest_step(vm, pc, a[0], a[1], now))
                return VM_WAIT_TIME;
            break;
        case OP_REST_BETWEEN:
            if (more_iterations(vm) && plays(vm) && rest_step(vm, pc, a[0], a[1], now))
                return VM_WAIT_TIME;
            break;
        case OP_DEFAULT: vm->default_next = true; break;
        case OP_WAIT_SET:
            if (!plays(vm))
                break;
            wait_set(vm, a, pc);
            return wait_key(vm, ACT_WAIT_KEY, pc);
        case OP_REST_OPEN:
            if (plays(vm))
                return rest_open(vm, pc);
            break;
        case OP_REST_BETWEEN_OPEN:
            if (more_iterations(vm) && plays(vm))
                return rest_open(vm, pc);
            break;
        case OP_IF_VARIANT:
            if (vm->alt_chain == OPERAND_NONE) /* lang-b: the exercise has versions */
                vm->alt_chain = pc;
            if (!variant_chosen(vm, a[0]))
                vm->pc = a[1];
            break;
        case OP_IF_STEP:
            if (!step_chosen(vm, a[0], a[1]))
                vm->pc = a[2];
            break;
        case OP_JUMP:
            vm->pc = a[0];
            break;
        case OP_END:
            return finish(vm, pc, true);
        /* lang-b */
        case OP_SCHEDULE: run_schedule(vm, a, pc); break;
        case OP_EQUIPMENT: run_equipment(vm, a[0], pc); break;
        case OP_LOAD: run_load(vm, a, pc); break;
        case OP_EFFORT: run_effort(vm, a, pc); break;
        case OP_PAIN_LIMIT: run_pain_limit(vm, a, pc); break;
        case OP_STAGE:
            if (!enter_stage(vm, a[0], pc))
                vm->pc = a[1];
            break;
        case OP_END_STAGE: vm->stage = OPERAND_NONE; break;
        case OP_ADVANCE_RULE: run_rule(vm, VM_RULE_ADVANCE, a[0], a[1], pc); break;
        case OP_STEP_BACK_RULE: run_rule(vm, VM_RULE_STEP_BACK, a[0], OPERAND_NONE, pc); break;
        case OP_LOCKED:
            if (!unlocked(vm, a, pc))
                vm->pc = a[2];
            break;
        case OP_OFFER: run_offer(vm, a, pc); break;
        case OP_IF_ALT:
            if (!alt_chosen(vm, a, pc))
                vm->pc = a[3];
            break;
        default:
            return finish(vm, pc, false);
        }
    }
}

VmStatus vm_step(Vm *vm, int64_t now, VmKey key) {
    if (vm->status == VM_FINISHED)
        return VM_FINISHED;
    if (now < vm->now_logical) /* time never goes back */
        now = vm->now_logical;
    if (!vm->started) {
        vm->started = true;
        vm->now_logical = now;
    }
    if (key != VM_KEY_NONE)
        apply_key(vm, now, key);
    if (vm->status == VM_FINISHED || vm->status == VM_PAUSED)
        return vm->status;
    if (!wait_is_over(vm, now))
        return vm->status;
    return run(vm, now);
}

/* ---- vm_init: checking the selection -------------------------------- */

/* What a selection option names, and where the program declares it. */
typedef struct {
    Opcode op;
    unsigned operand;
    const char *noun, *plural;
} NameSlot;

static const NameSlot SLOT_SECTION = {OP_SECTION, 0, "section", "sections"};
static const NameSlot SLOT_LEVEL = {OP_SECTION, 1, "level", "levels"};
static const NameSlot SLOT_VARIANT = {OP_IF_VARIANT, 0, "variant", "variants"};
static const NameSlot SLOT_STAGE = {OP_STAGE, 0, "stage", "stages"};

/* Names listed in an error before "and N more". */
#define MAX_LISTED_NAMES 20u

/* A growing string for the error sentence; `failed` is sticky. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} Sentence;

static void sentence_add(Sentence *out, const char *text) {
    size_t n = strlen(text);
    if (out->failed)
        return;
    if (n >= SIZE_MAX / 2 - out->len) {
        out->failed = true;
        return;
    }
    if (out->len + n + 1 > out->cap) {
        size_t cap = (out->len + n + 1) * 2;
        char *s = realloc(out->s, cap);
        if (!s) {
            out->failed = true;
            return;
        }
        out->s = s;
        out->cap = cap;
    }
    memcpy(out->s + out->len, text, n + 1);
    out->len += n;
}

/* The constant named by `slot` in `in`, or OPERAND_NONE. */
static uint32_t slot_name(const NameSlot *slot, const Insn *in) {
    return in->op == slot->op ? in->operand[slot->operand] : OPERAND_NONE;
}

static bool program_has(const Program *p, const NameSlot *slot, const char *name) {
    Insn in;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        uint32_t k = slot_name(slot, &in);
        if (k != OPERAND_NONE && names_equal(program_string(p, k), name))
            return true;
    }
    return false;
}

/* The distinct names of `slot` in program order (malloc'd; *count of
 * them), or NULL when out of memory. */
static const char **distinct_names(const Program *p, const NameSlot *slot, uint32_t *count) {
    uint8_t *seen = calloc(p->n_consts ? p->n_consts : 1, 1);
    const char **names = malloc((p->n_consts ? p->n_consts : 1) * sizeof *names);
    Insn in;
    *count = 0;
    for (uint32_t pc = 0; seen && names && insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        uint32_t k = slot_name(slot, &in);
        if (k == OPERAND_NONE || k >= p->n_consts || seen[k])
            continue;
        seen[k] = 1;
        names[(*count)++] = program_string(p, k);
    }
    free(seen);
    if (!seen) {
        free(names);
        return NULL;
    }
    return names;
}

/* Append the first MAX_LISTED_NAMES of `names`, then "and N more". */
static void list_names(const char **names, uint32_t count, Sentence *out) {
    for (uint32_t i = 0; i < count && i < MAX_LISTED_NAMES; i++) {
        sentence_add(out, i ? ", " : "");
        sentence_add(out, names[i]);
    }
    if (count > MAX_LISTED_NAMES) {
        char more[64];
        snprintf(more, sizeof more, " and %lu more", (unsigned long)(count - MAX_LISTED_NAMES));
        sentence_add(out, more);
    }
}

/* "this routine has no section called "Foo"; its sections are: A, B" */
static char *describe_missing(const Program *p, const NameSlot *slot, const char *name) {
    Sentence out = {0};
    uint32_t count = 0;
    const char **names = distinct_names(p, slot, &count);
    const char *best = names ? names_closest(name, names, count) : NULL;
    sentence_add(&out, "this routine has no ");
    sentence_add(&out, slot->noun);
    sentence_add(&out, " called \"");
    sentence_add(&out, name);
    sentence_add(&out, best ? "\" (did you mean \"" : "\"");
    sentence_add(&out, best ? best : "");
    sentence_add(&out, best ? "\"?)" : "");
    sentence_add(&out, count ? "; its " : "; it has no ");
    sentence_add(&out, slot->plural);
    sentence_add(&out, count ? " are: " : "");
    list_names(names, count, &out);
    free(names);
    if (out.failed || !names) {
        free(out.s);
        return NULL;
    }
    return out.s;
}

/* Check one option of the selection; false (with vm->why) when the
 * program has no such name. */
static bool check_name(Vm *vm, const NameSlot *slot, const char *name) {
    if (!name || program_has(vm->program, slot, name))
        return true;
    vm->why = describe_missing(vm->program, slot, name);
    return false;
}

/* ---- vm_init: the sections that lead to the chosen one ------------- */

typedef struct {
    uint32_t pc;
    bool leads; /* a section of the chosen name is inside */
} OpenSection;

static bool enter_add(Vm *vm, uint32_t *cap, uint32_t pc) {
    if (vm->n_enter == *cap) {
        if (*cap > UINT32_MAX / 2 - 8)
            return false;
        uint32_t grown = *cap * 2 + 8;
        uint32_t *pcs = realloc(vm->enter_pcs, (size_t)grown * sizeof *pcs);
        if (!pcs)
            return false;
        vm->enter_pcs = pcs;
        *cap = grown;
    }
    vm->enter_pcs[vm->n_enter++] = pc;
    return true;
}

/* One pass with a stack of open sections: a section that contains one of
 * the chosen name is recorded when it closes, and tells its parent. */
static bool collect_enter_pcs(Vm *vm) {
    const Program *p = vm->program;
    OpenSection open[MAX_SECTION_DEPTH + 1];
    uint32_t depth = 0, too_deep = 0, cap = 0;
    Insn in;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        if (in.op == OP_SECTION) {
            bool chosen = names_equal(program_string(p, in.operand[0]), vm->select.section);
            if (chosen && depth > 0)
                open[depth - 1].leads = true;
            if (depth <= MAX_SECTION_DEPTH)
                open[depth++] = (OpenSection){pc, false};
            else
                too_deep++; /* the VM refuses to run that deep anyway */
        } else if (in.op == OP_END_SECTION && too_deep > 0) {
            too_deep--;
        } else if (in.op == OP_END_SECTION && depth > 0) {
            OpenSection closed = open[--depth];
            if (closed.leads && depth > 0)
                open[depth - 1].leads = true;
            if (closed.leads && !enter_add(vm, &cap, closed.pc))
                return false;
        }
    }
    if (vm->n_enter > 1)
        qsort(vm->enter_pcs, vm->n_enter, sizeof *vm->enter_pcs, compare_pc);
    return true;
}

/* The constant naming the stage to play: `name`, or the first stage. */
static uint32_t find_stage(const Program *p, const char *name) {
    Insn in;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length)
        if (in.op == OP_STAGE && (!name || names_equal(program_string(p, in.operand[0]), name)))
            return in.operand[0];
    return OPERAND_NONE;
}

uint32_t vm_stages(const Program *p, const char **names, uint32_t max) {
    Insn in;
    uint32_t n = 0;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length)
        if (in.op == OP_STAGE && n < max)
            names[n++] = program_string(p, in.operand[0]);
    return n;
}

uint32_t vm_steps(const Program *p, const char *stage) {
    Insn in;
    uint32_t most = 1, in_stage = OPERAND_NONE;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        if (in.op == OP_STAGE || in.op == OP_END_STAGE)
            in_stage = in.op == OP_STAGE ? in.operand[0] : OPERAND_NONE;
        bool counts = in_stage == OPERAND_NONE || !stage || names_equal(program_string(p, in_stage), stage);
        /* The last step's block runs to MAX_STEPS: its own number is its lower end. */
        uint32_t last = in.op != OP_IF_STEP ? 0 : in.operand[1] < MAX_STEPS ? in.operand[1] : in.operand[0];
        most = counts && last > most ? last : most;
    }
    return most;
}

/* --step N beyond the last step of every progression (or with none) is a
 * mistake, not a silent "the last one". */
static bool check_step(Vm *vm) {
    const Program *p = vm->program;
    uint32_t most = 0;
    Insn in;
    if (vm->select.step <= 1)
        return true;
    /* The last step's block runs to MAX_STEPS ("and beyond"): its own
     * number is its lower end. */
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        if (in.op != OP_IF_STEP)
            continue;
        uint32_t last = in.operand[1] < MAX_STEPS ? in.operand[1] : in.operand[0];
        most = last > most ? last : most;
    }
    if (vm->select.step <= most)
        return true;
    char sentence[160];
    if (most)
        snprintf(sentence, sizeof sentence, "step %u is past the last: this routine's progressions "
                 "have at most %u steps", (unsigned)vm->select.step, (unsigned)most);
    else
        snprintf(sentence, sizeof sentence, "step %u cannot be played: this routine has no "
                 "progression (`build up to`)", (unsigned)vm->select.step);
    free(vm->why);
    vm->why = strdup(sentence);
    return false;
}

bool vm_init(Vm *vm, const Program *program, const VmSelection *select,
             VmEmit emit, void *emit_ctx, const char **why) {
    static const VmSelection everything = {0};
    memset(vm, 0, sizeof *vm);
    vm->program = program;
    vm->select = select ? *select : everything;
    vm->emit = emit;
    vm->emit_ctx = emit_ctx;
    vm->status = VM_WAIT_TIME; /* with no activity: ready to run */
    vm->activity = ACT_NONE;
    vm->side_label = OPERAND_NONE;
    vm->exercise_name = OPERAND_NONE;
    if (why)
        *why = NULL;
    bool ok = check_name(vm, &SLOT_SECTION, vm->select.section) &&
              check_name(vm, &SLOT_LEVEL, vm->select.level) &&
              check_name(vm, &SLOT_VARIANT, vm->select.variant);
    ok = ok && check_name(vm, &SLOT_STAGE, vm->select.stage) && check_step(vm);
    if (ok && vm->select.section && !collect_enter_pcs(vm))
        ok = false;
    vm->stage = OPERAND_NONE;
    vm->alt_chain = OPERAND_NONE;
    vm->easier_for = OPERAND_NONE;
    vm->chosen_stage = ok ? find_stage(program, vm->select.stage) : OPERAND_NONE;
    if (!ok && why)
        *why = vm->why ? vm->why : "out of memory";
    if (!ok)
        vm->status = VM_FINISHED;
    return ok;
}

void vm_free(Vm *vm) {
    free(vm->enter_pcs);
    free(vm->why);
    vm->enter_pcs = NULL;
    vm->why = NULL;
    vm->n_enter = 0;
}

/* ---- snapshots ------------------------------------------------------ */

/* Each pair has one size (and, by construction, one type). */
#define X(snap, field, enc)                                                    \
    _Static_assert(sizeof(((VmSnapshot *)0)->snap) == sizeof(((Vm *)0)->field), \
                   "snapshot field " #snap " does not match Vm field " #field);
SNAPSHOT_FIELDS(X)
#undef X

void vm_snapshot(const Vm *vm, VmSnapshot *out) {
    memset(out, 0, sizeof *out);
#define X(snap, field, enc) memcpy(&out->snap, &vm->field, sizeof out->snap);
    SNAPSHOT_FIELDS(X)
#undef X
}

bool vm_restore(Vm *vm, const VmSnapshot *snap, const char **why) {
    VmSnapshotContext context = {ROLE_NONE, OPERAND_NONE, 0, 0, OPERAND_NONE};
    const char *problem = vm->status == VM_FINISHED || vm->started
                              ? "the session has already started"
                              : vm_snapshot_match(vm->program, &vm->select, snap, &context);
    if (why)
        *why = problem;
    if (problem)
        return false;
#define X(snap_field, field, enc) memcpy(&vm->field, &snap->snap_field, sizeof vm->field);
    SNAPSHOT_FIELDS(X)
#undef X
    vm->role = context.role;
    vm->stage = context.stage;
    vm->pain_limit = context.pain_limit;
    vm->pain_scale = context.pain_scale;
    vm->alt_chain = context.alt_chain;
    vm->started = true;
    vm->status = VM_WAIT_TIME; /* with no activity: ready to run */
    vm->activity = ACT_NONE;
    return true;
}

/* ---- look-ahead: what the session shows that no event has said yet ----
 *
 * The screen and the voice say what comes next, the intro shows the
 * routine's own notes before the clock runs, and a resumed session sets the
 * scene of the exercise it continues.  All of it is read here, from the
 * code, by the same rules as run(): nothing outside the VM decodes. */

/* A walk of the code as run() would go with no keys pressed: loops as a
 * copy of the VM's, branches by the selection. */
typedef struct {
    const Vm *vm;
    uint32_t pc;
    VmLoop loops[MAX_LOOP_DEPTH];
    uint32_t n_loops;
} Walk;

#define LOOKAHEAD_LIMIT 100000u /* instructions a look-ahead may read */

static void walk_from(Walk *w, const Vm *vm, uint32_t pc, uint32_t n_loops) {
    w->vm = vm;
    w->pc = pc;
    w->n_loops = n_loops < vm->n_loops ? n_loops : vm->n_loops;
    memcpy(w->loops, vm->loops, w->n_loops * sizeof w->loops[0]);
}

/* Where the loop instructions of the walk go next. */
static uint32_t walk_loop(Walk *w, const Insn *in) {
    if (in->op == OP_LOOP) {
        if (w->n_loops >= MAX_LOOP_DEPTH)
            return OPERAND_NONE;
        w->loops[w->n_loops++] = (VmLoop){w->pc + in->length, in->operand[0], 0};
        return w->pc + in->length;
    }
    if (w->n_loops == 0)
        return OPERAND_NONE;
    VmLoop *loop = &w->loops[w->n_loops - 1];
    if (++loop->index < loop->count)
        return loop->body;
    w->n_loops--;
    return w->pc + in->length;
}

/* The pc after `in` (at w->pc), or OPERAND_NONE where the walk cannot
 * know (a section filter is the VM's own business). */
static uint32_t walk_next(Walk *w, const Insn *in) {
    const uint32_t *a = in->operand;
    const Vm *vm = w->vm;
    switch (in->op) {
    case OP_SECTION:
        if (vm->select.section)
            return OPERAND_NONE;
        return level_excludes(vm, a[1]) ? a[2] : w->pc + in->length;
    case OP_END_SECTION:
        return vm->select.section ? OPERAND_NONE : w->pc + in->length;
    case OP_LOOP: case OP_END_LOOP: return walk_loop(w, in);
    case OP_IF_VARIANT: return variant_chosen(vm, a[0]) ? w->pc + in->length : a[1];
    case OP_IF_STEP: return step_chosen(vm, a[0], a[1]) ? w->pc + in->length : a[2];
    case OP_JUMP: return a[0];
    default: return w->pc + in->length;
    }
}

/* Decode the walk's instruction; false at its end. */
static bool walk_insn(Walk *w, Insn *in, uint32_t *budget) {
    const Program *p = w->vm->program;
    return w->pc != OPERAND_NONE && (*budget)++ < LOOKAHEAD_LIMIT &&
           insn_decode(p->code, p->code_len, w->pc, in);
}

/* The exercise after the current one (or after the pc, between two). */
static void look_next_exercise(const Vm *vm, VmLookahead *out) {
    Walk w;
    Insn in;
    uint32_t budget = 0;
    walk_from(&w, vm, vm->in_exercise ? vm->exercise_end : vm->pc,
              vm->in_exercise ? vm->exercise_loops : vm->n_loops);
    for (; walk_insn(&w, &in, &budget); w.pc = walk_next(&w, &in)) {
        if (in.op == OP_EXERCISE) {
            out->next_exercise = program_string(vm->program, in.operand[0]);
            return;
        }
        if (in.op == OP_END) {
            out->next_is_end = true;
            return;
        }
    }
}

/* Whether a rep follows in the current exercise. */
static bool rep_follows(const Vm *vm) {
    Walk w;
    Insn in;
    uint32_t budget = 0;
    walk_from(&w, vm, vm->pc, vm->n_loops);
    for (; walk_insn(&w, &in, &budget) && w.pc != vm->exercise_end; w.pc = walk_next(&w, &in))
        if (in.op == OP_REP)
            return true;
    return false;
}

/* What a dry step of a copy of the VM says next: its first EV_REP, unless
 * the exercise ends first. */
typedef struct {
    VmEvent rep;
    bool found, over;
} NextRep;

static void catch_rep(void *ctx, const VmEvent *ev) {
    NextRep *n = ctx;
    if (ev->kind == EV_EXERCISE || ev->kind == EV_END)
        n->over = true;
    if (ev->kind == EV_REP && !n->found && !n->over) {
        n->rep = *ev;
        n->found = true;
    }
}

/* The rep after a rest between reps: the copy runs to its next wait
 * (a copy shares the selection tables and allocates nothing). */
static bool peek_next_rep(const Vm *vm, VmEvent *out) {
    if (vm->status != VM_WAIT_TIME || vm->activity != ACT_REST || !vm->in_exercise)
        return false;
    Vm copy = *vm;
    NextRep next = {.found = false};
    copy.emit = catch_rep;
    copy.emit_ctx = &next;
    vm_step(&copy, copy.deadline, VM_KEY_NONE);
    *out = next.rep;
    return next.found;
}

void vm_look_ahead(const Vm *vm, VmLookahead *out) {
    memset(out, 0, sizeof *out);
    if (vm->status == VM_FINISHED)
        return;
    look_next_exercise(vm, out);
    out->last_rep = vm->in_exercise && !rep_follows(vm);
    out->has_next_rep = peek_next_rep(vm, &out->next_rep);
}

const char *vm_title(const Program *p) {
    Insn in;
    if (insn_decode(p->code, p->code_len, 0, &in) && in.op == OP_ROUTINE)
        return program_string(p, in.operand[0]);
    return NULL;
}

bool vm_uses_side_roles(const Program *p) {
    Insn in;
    for (uint32_t pc = 0; pc < p->code_len && insn_decode(p->code, p->code_len, pc, &in); pc += in.length)
        if (in.op == OP_SIDE_ROLE)
            return true;
    return false;
}

static VmEventKind text_kind(Opcode op) {
    switch (op) {
    case OP_POSITION: return EV_POSITION;
    case OP_CUE: return EV_CUE;
    case OP_BREATHE: return EV_BREATHE;
    case OP_NOTE: return EV_NOTE;
    case OP_SAFETY: return EV_SAFETY;
    case OP_GATE: return EV_GATE;
    default: return EV__COUNT;
    }
}

static void send_text(VmEmit emit, void *ctx, VmEventKind kind, const char *text,
                      int64_t t, uint32_t pc) {
    VmEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.text = text;
    ev.t = t;
    ev.pc = pc;
    emit(ctx, &ev);
}

/* lang-b: what a SCHEDULE, EQUIPMENT or rule at the routine's start says,
 * as run() would send it there (scope "routine"); false for any other
 * instruction. */
static bool intro_description(const Program *p, const Insn *in, uint32_t pc, VmEmit emit,
                              void *ctx) {
    VmEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.pc = pc;
    ev.scope = "routine";
    const uint32_t *a = in->operand;
    switch (in->op) {
    case OP_SCHEDULE:
        ev.kind = EV_SCHEDULE;
        ev.code = a[0], ev.lo = a[1], ev.hi = a[2];
        ev.text = a[3] == OPERAND_NONE ? NULL : program_string(p, a[3]);
        break;
    case OP_EQUIPMENT: return true; /* listed with the exercises' (intro_equipment) */
    case OP_ADVANCE_RULE: case OP_STEP_BACK_RULE:
        ev.kind = EV_RULE;
        ev.code = in->op == OP_ADVANCE_RULE ? VM_RULE_ADVANCE : VM_RULE_STEP_BACK;
        ev.lo = a[0];
        ev.hi = in->op == OP_ADVANCE_RULE ? a[1] : OPERAND_NONE;
        break;
    default: return false;
    }
    emit(ctx, &ev);
    return true;
}

/* lang-b: everything the routine says to fetch, anywhere in it, once each. */
static void intro_equipment(const Program *p, VmEmit emit, void *ctx) {
    Insn in, seen;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        if (in.op != OP_EQUIPMENT)
            continue;
        const char *what = program_string(p, in.operand[0]);
        bool again = false;
        for (uint32_t at = 0; at < pc && !again && insn_decode(p->code, p->code_len, at, &seen);
             at += seen.length)
            again = seen.op == OP_EQUIPMENT && names_equal(program_string(p, seen.operand[0]), what);
        if (again)
            continue;
        VmEvent ev;
        memset(&ev, 0, sizeof ev);
        ev.kind = EV_EQUIPMENT;
        ev.text = what;
        ev.pc = pc;
        ev.scope = "routine";
        emit(ctx, &ev);
    }
}

void vm_intro(const Program *p, VmEmit emit, void *ctx) {
    Insn in;
    uint32_t pc = 0;
    if (insn_decode(p->code, p->code_len, 0, &in) && in.op == OP_ROUTINE)
        pc = in.length;
    for (; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        VmEventKind kind = text_kind(in.op);
        if (intro_description(p, &in, pc, emit, ctx))
            continue;
        if (kind != EV_NOTE && kind != EV_SAFETY && kind != EV_GATE)
            break;
        send_text(emit, ctx, kind, program_string(p, in.operand[0]), 0, pc);
    }
    intro_equipment(p, emit, ctx);
}

void vm_safety_before(const Vm *vm, VmEmit emit, void *ctx) {
    const Program *p = vm->program;
    Insn in;
    for (uint32_t pc = 0; pc < vm->pc && insn_decode(p->code, p->code_len, pc, &in);
         pc += in.length)
        if (in.op == OP_SAFETY)
            send_text(emit, ctx, EV_SAFETY, program_string(p, in.operand[0]), vm->now_logical, pc);
}

/* The EV_EXERCISE of the exercise the VM is in, as begin_exercise sent it. */
static void context_exercise(const Vm *vm, VmEmit emit, void *ctx) {
    Insn in;
    const Program *p = vm->program;
    if (!insn_decode(p->code, p->code_len, vm->exercise_pc, &in) || in.op != OP_EXERCISE)
        return;
    VmEvent ev = event_new(vm, EV_EXERCISE, vm->exercise_pc);
    ev.text = text_or_null(vm, in.operand[0]);
    ev.detail = text_or_null(vm, in.operand[1]);
    ev.variant = text_or_null(vm, in.operand[2]);
    ev.section = vm->exercise_sections > 0
                     ? program_string(p, vm->sections[vm->exercise_sections - 1].name)
                     : "";
    emit(ctx, &ev);
}

uint32_t vm_context(const Vm *vm, VmEmit emit, void *ctx) {
    if (!vm->in_exercise)
        return 0;
    context_exercise(vm, emit, ctx);
    Walk w;
    Insn in = {0};
    uint32_t budget = 0, get_ready = 0;
    walk_from(&w, vm, vm->exercise_pc, vm->exercise_loops);
    walk_insn(&w, &in, &budget);
    for (w.pc += in.length; walk_insn(&w, &in, &budget) && in.op != OP_REP &&
                            w.pc != vm->pc && w.pc != vm->exercise_end;
         w.pc = walk_next(&w, &in)) {
        VmEventKind kind = text_kind(in.op);
        if (kind != EV__COUNT)
            send_text(emit, ctx, kind, program_string(vm->program, in.operand[0]),
                      vm->now_logical, w.pc);
        if (in.op == OP_GET_READY)
            get_ready = in.operand[0];
    }
    return get_ready;
}

VmStatus vm_get_ready(Vm *vm, int64_t now, uint32_t ms) {
    if (vm->status == VM_FINISHED)
        return VM_FINISHED;
    vm->started = true;
    if (now > vm->now_logical)
        vm->now_logical = now;
    if (ms > 0 && timed_step(vm, EV_GET_READY, ACT_GET_READY, vm->pc, ms, now))
        return VM_WAIT_TIME;
    return run(vm, now);
}
