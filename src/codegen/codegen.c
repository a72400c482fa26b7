/*
 * codegen.c -- a checked model to bytecode (see opcodes.h for the
 * instructions).
 *
 * The shape of one played exercise:
 *
 *     IF_VARIANT "V" ->next        one block per variant, each ending in
 *       <exercise as V> JUMP ->end   a JUMP past the plain exercise
 *     next:
 *     IF_STEP 1 1 ->s2             one block per progression step
 *       <exercise at step 1> JUMP ->end
 *     s2: ...
 *     end:
 *
 * and <exercise> is EXERCISE, its texts, GET_READY, then (inside a LOOP
 * when there are sets) the reps of each side, then END_EXERCISE.
 */
#include "codegen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"

typedef struct {
    Chunk *chunk;
    const Model *model;
    const Node *site; /* the `do` (or inline exercise) being emitted */
} Gen;

/* ---- emitting ----------------------------------------------------------- */

static uint32_t text_constant(Gen *g, const char *text) {
    if (!text)
        return OPERAND_NONE;
    return chunk_constant(g->chunk, text, (uint32_t)strlen(text));
}

/* The line table has lines of the routine's own file only: a statement
 * from an included library is located at the `do` that plays it. */
static Loc loc_in_routine(const Gen *g, const Node *node) {
    if (node && (node->loc.file == g->model->routine_file || !g->site))
        return node->loc;
    return g->site ? g->site->loc : (Loc){0};
}

#define EMIT(g, node, op, ...)                                                  \
    chunk_emit((g)->chunk, loc_in_routine((g), (node)).line,                    \
               loc_in_routine((g), (node)).col, (op), __VA_ARGS__)
#define EMIT0(g, node, op)                                                      \
    chunk_emit((g)->chunk, loc_in_routine((g), (node)).line,                    \
               loc_in_routine((g), (node)).col, (op))

/* Close the block opened at `open_pc` with its pair (the table's PAIR
 * column), and point the jump operands of both ends where their rows say.
 * Returns the closer's offset. */
static uint32_t emit_close(Gen *g, const Node *node, uint32_t open_pc) {
    Opcode opener = (Opcode)g->chunk->code[open_pc];
    Opcode closer = (Opcode)op_info[opener].pair;
    /* A closer without operands ignores the extra argument. */
    uint32_t end = EMIT(g, node, closer, op_pair_target(closer, open_pc));
    if (op_info[opener].jump != OPND_NO)
        chunk_patch_jump(g->chunk, open_pc, op_pair_target(opener, end));
    return end;
}

/* The node to blame for a setting: the statement, or the exercise. */
static const Node *where(const ExerciseSpec *spec, SettingId id) {
    return spec->settings.node[id] ? spec->settings.node[id] : spec->site;
}

/* DEFAULT before an instruction whose value the routine never wrote
 * (setting `id` has no statement), when `emitted`: plan marks it. */
static void emit_default(Gen *g, const ExerciseSpec *spec, SettingId id, bool emitted) {
    const Node *n = spec->settings.node[id];
    bool implied = n && n->kind == NODE_REPEAT && n->as.repeat.implied; /* `hold 30s each leg;` */
    if (emitted && (!n || implied))
        EMIT0(g, spec->site, OP_DEFAULT);
}

/* `rest as needed ...;`: the patient ends it (a rest with no number). */
static bool rest_as_needed(const Node *node) {
    return node && node->kind == NODE_REST && node->as.rest.as_needed;
}

/* A rest of no time is no rest: emit nothing rather than an empty step.
 * `least` is the lower end of `rest 30s to 1min` (ms when it is one value). */
static void emit_rest(Gen *g, const Node *node, Opcode op, uint32_t ms, uint32_t least) {
    if (rest_as_needed(node))
        EMIT0(g, node, op == OP_REST_BETWEEN ? OP_REST_BETWEEN_OPEN : OP_REST_OPEN);
    else if (ms)
        EMIT(g, node, op, ms, least < ms ? least : ms);
}

/* A rest the exercise's settings give (a default when none). */
static void emit_spec_rest(Gen *g, const ExerciseSpec *spec, SettingId id, Opcode op) {
    emit_default(g, spec, id, spec_ms(spec, id) > 0);
    emit_rest(g, where(spec, id), op, spec_ms(spec, id), spec_least_ms(spec, id));
}

/* A rest written in a block: `rest 1min;` `rest 10s to 30s between exercises;` */
static void emit_node_rest(Gen *g, const Node *n, uint32_t ms) {
    uint32_t least = n && n->kind == NODE_REST && n->as.rest.least.present
                         ? (uint32_t)n->as.rest.least.value : ms;
    emit_rest(g, n, OP_REST, ms, least);
}

/* The lower end of the reps when `reps` are played: the range's, or reps
 * itself (`build up` steps never come with a range: sema refuses it). */
static uint32_t reps_least(const ExerciseSpec *spec, uint32_t reps) {
    uint32_t least = spec_reps_least(spec);
    return least < spec_reps(spec) && least < reps ? least : reps;
}

/* ---- one exercise ------------------------------------------------------- */

/* What a side is called: an explicit label, or "left knee" from `side
 * "knee"`, or "left leg" from `10 each leg`, or nothing (the screen then
 * says "left"). */
static uint32_t side_label(Gen *g, const ExerciseSpec *spec, Side side) {
    const Node *label = spec->settings.node[side == SIDE_LEFT ? SET_LEFT_LABEL : SET_RIGHT_LABEL];
    if (label)
        return text_constant(g, label->as.side_label.label.s);
    const Node *part = spec->settings.node[SET_SIDE_PART];
    const Node *r = spec->settings.node[SET_REPEAT];
    const char *limb = r ? ast_limb_word((Limb)r->as.repeat.limb) : NULL;
    if (!part && !limb)
        return OPERAND_NONE;
    char buf[MAX_STRING_BYTES + 8];
    return text_constant(g, side_part_label(side, part ? part->as.side_part.part.s : limb, buf, sizeof buf));
}

static Side other_side(Side side) {
    return side == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
}

static void emit_hold(Gen *g, const ExerciseSpec *spec, uint32_t hold_ms);

/* `tempo 3s up, 5s down;`: TEMPO_PHASES with the whole rep, then each
 * phase as a timed step (sema proved 1..MAX_TEMPO_PHASES known words). */
static void emit_phases(Gen *g, const ExerciseSpec *spec) {
    uint32_t n = 0, i = 0;
    const TempoPhase *p = spec_tempo_phases(spec, &n);
    const Node *tempo = where(spec, SET_TEMPO);
    for (const TempoPhase *q = p; q; q = q->next)
        if (q->implied) { /* `tempo slow;`: plan marks the time as a default */
            EMIT0(g, spec->site, OP_DEFAULT);
            break;
        }
    EMIT(g, tempo, OP_TEMPO_PHASES, spec_tempo_ms(spec), n);
    for (; p; p = p->next)
        EMIT(g, tempo, OP_PHASE, (uint32_t)p->code, ++i, n, (uint32_t)p->ms.value);
}

/* What one repetition does, once announced.  At the patient's own pace a
 * hold is still played (timed), and then the patient says when to go on. */
static void emit_rep_action(Gen *g, const ExerciseSpec *spec, uint32_t hold_ms) {
    PaceScope per = PACE_PER_REP;
    if (spec_own_pace(spec, &per)) {
        if (spec_has_hold(spec))
            emit_hold(g, spec, hold_ms);
        if (per == PACE_PER_REP)
            EMIT0(g, where(spec, SET_OWN_PACE), OP_WAIT_KEY);
        return;
    }
    if (spec_tempo_phases(spec, NULL))
        emit_phases(g, spec);
    else if (spec->settings.node[SET_TEMPO] || !spec_has_hold(spec)) {
        emit_default(g, spec, SET_TEMPO, true);
        EMIT(g, where(spec, SET_TEMPO), OP_TEMPO, spec_tempo_ms(spec));
    }
    if (spec_has_hold(spec))
        emit_hold(g, spec, hold_ms);
}

/* HOLD, HOLD_UP_TO or HOLD_OPEN, as the exercise says. */
static void emit_hold(Gen *g, const ExerciseSpec *spec, uint32_t hold_ms) {
    const Node *hold = where(spec, SET_HOLD);
    switch (spec_hold_mode(spec)) {
    case HOLD_MODE_FIXED: EMIT(g, hold, OP_HOLD, hold_ms); break;
    case HOLD_MODE_UP_TO: {
        uint32_t least = spec_hold_least_ms(spec);
        EMIT(g, hold, OP_HOLD_UP_TO, hold_ms, least < hold_ms ? least : hold_ms);
        break;
    }
    case HOLD_MODE_OPEN: EMIT0(g, hold, OP_HOLD_OPEN); break;
    }
}

/* LOOP count least { [SIDE_ALT] REP; action; REST_BETWEEN } */
static void emit_rep_loop(Gen *g, const ExerciseSpec *spec, uint32_t loop_count, uint32_t of,
                          uint32_t per, bool alternate, uint32_t hold_ms) {
    const Node *repeat = where(spec, SET_REPEAT);
    uint32_t least = reps_least(spec, of) * per;
    uint32_t loop = EMIT(g, repeat, OP_LOOP, loop_count, least, 0u);
    if (alternate) {
        Side first = spec_first_side(spec);
        EMIT(g, repeat, OP_SIDE_ALT, first, side_label(g, spec, first),
             side_label(g, spec, other_side(first)));
    }
    emit_default(g, spec, SET_REPEAT, true);
    EMIT(g, repeat, OP_REP, of, per);
    emit_rep_action(g, spec, hold_ms);
    if (loop_count > 1)
        emit_spec_rest(g, spec, SET_REST_REPS, OP_REST_BETWEEN);
    emit_close(g, repeat, loop);
}

/* A self-paced set: WAIT_SET says how many (and how long each is held),
 * then waits for the patient; the reps count in the events and the plan. */
static void emit_paced_set(Gen *g, const ExerciseSpec *spec, uint32_t reps, uint32_t hold_ms) {
    uint32_t least = reps_least(spec, reps);
    bool timed = spec_has_hold(spec) && spec_hold_mode(spec) != HOLD_MODE_OPEN;
    EMIT(g, where(spec, SET_OWN_PACE), OP_WAIT_SET, reps, least, timed ? hold_ms : 0u);
}

/* `both sides together` or a side by its role: the words written
 * ("both legs", "operated leg"). */
static uint32_t side_words(Gen *g, const ExerciseSpec *spec) {
    const Node *r = spec->settings.node[SET_REPEAT];
    char buf[48];
    if (!r)
        return OPERAND_NONE;
    return text_constant(g, ast_side_words(r->as.repeat.sides, (RoleWord)r->as.repeat.role_word,
                                           (Limb)r->as.repeat.limb, buf, sizeof buf));
}

/* Say which side works now: SIDE (left, right, both together) or
 * SIDE_ROLE (the patient's affected side, or the other). */
static void emit_side_op(Gen *g, const ExerciseSpec *spec, Side side) {
    const Node *repeat = where(spec, SET_REPEAT);
    const Node *r = spec->settings.node[SET_REPEAT];
    if (spec_sides(spec) == SIDES_ROLE && r)
        EMIT(g, repeat, OP_SIDE_ROLE, (uint32_t)ast_role_of((RoleWord)r->as.repeat.role_word),
             side_words(g, spec));
    else if (side == SIDE_BOTH)
        EMIT(g, repeat, OP_SIDE, side, side_words(g, spec));
    else if (side != SIDE_NONE)
        EMIT(g, repeat, OP_SIDE, side, side_label(g, spec, side));
}

/* The reps of one side (or of no side), once it is announced. */
static void emit_side_reps(Gen *g, const ExerciseSpec *spec, uint32_t reps, uint32_t hold_ms) {
    PaceScope per = PACE_PER_REP;
    if (spec_own_pace(spec, &per) && per == PACE_PER_SET)
        emit_paced_set(g, spec, reps, hold_ms);
    else
        emit_rep_loop(g, spec, reps, reps, 1, false, hold_ms);
}

static void emit_one_side(Gen *g, const ExerciseSpec *spec, Side side, uint32_t reps, uint32_t hold_ms) {
    emit_side_op(g, spec, side);
    emit_side_reps(g, spec, reps, hold_ms);
}

static void emit_sides(Gen *g, const ExerciseSpec *spec, uint32_t reps, uint32_t hold_ms) {
    Side first = spec_first_side(spec);
    switch (spec_sides(spec)) {
    case SIDES_NONE:
        emit_one_side(g, spec, SIDE_NONE, reps, hold_ms);
        break;
    case SIDES_LEFT_ONLY: case SIDES_RIGHT_ONLY:
        emit_one_side(g, spec, first, reps, hold_ms);
        break;
    case SIDES_BOTH: case SIDES_ROLE: /* played once, as written */
        emit_one_side(g, spec, SIDE_BOTH, reps, hold_ms);
        break;
    case SIDES_EACH:
        emit_one_side(g, spec, first, reps, hold_ms);
        emit_spec_rest(g, spec, SET_REST_SIDES, OP_REST);
        emit_one_side(g, spec, other_side(first), reps, hold_ms);
        break;
    case SIDES_ALTERNATING:
        emit_rep_loop(g, spec, reps, reps, 1, true, hold_ms);
        break;
    case SIDES_EACH_ALTERNATING:
        emit_rep_loop(g, spec, reps * 2, reps, 2, true, hold_ms);
        break;
    }
}

/* LOOP sets { SET; <body>; REST_BETWEEN } -- `side` SIDE_NONE: the body
 * is every side (sets of both sides); else the reps of that side alone
 * (one side at a time, announced before the loop). */
static void emit_set_loop(Gen *g, const ExerciseSpec *spec, Side side, uint32_t sets, uint32_t reps,
                          uint32_t hold_ms) {
    /* a range's lower end, unless `build up` steps the sets (no range then) */
    uint32_t least = spec_sets_least(spec) < spec_sets(spec) ? spec_sets_least(spec) : sets;
    uint32_t loop = EMIT(g, where(spec, SET_SETS), OP_LOOP, sets, least, 0u);
    EMIT0(g, where(spec, SET_SETS), OP_SET);
    if (side == SIDE_NONE)
        emit_sides(g, spec, reps, hold_ms);
    else
        emit_side_reps(g, spec, reps, hold_ms);
    emit_spec_rest(g, spec, SET_REST_SETS, OP_REST_BETWEEN);
    emit_close(g, where(spec, SET_SETS), loop);
}

/* one side at a time: every set on the first side, then on the other. */
static void emit_sets_side_by_side(Gen *g, const ExerciseSpec *spec, uint32_t sets, uint32_t reps,
                                   uint32_t hold_ms) {
    Side first = spec_first_side(spec);
    emit_side_op(g, spec, first);
    emit_set_loop(g, spec, first, sets, reps, hold_ms);
    emit_spec_rest(g, spec, SET_REST_SIDES, OP_REST);
    emit_side_op(g, spec, other_side(first));
    emit_set_loop(g, spec, other_side(first), sets, reps, hold_ms);
}

/* A self-test's `stop if "you put your foot down"` plays as a cue that
 * says the key ending the hold or the reps (the done key, Enter), so the
 * VM, the verifier and every host need nothing new. */
static uint32_t stop_if_constant(Gen *g, const Node *t) {
    static const char lead[] = STOP_IF_LEAD; /* the hosts take it off again */
    size_t n = strlen(t->as.text.text.s);
    char *text = malloc(sizeof lead + n);
    if (!text)
        return text_constant(g, t->as.text.text.s); /* still says when */
    memcpy(text, lead, sizeof lead - 1);
    memcpy(text + sizeof lead - 1, t->as.text.text.s, n + 1);
    uint32_t k = text_constant(g, text);
    free(text);
    return k;
}

static void emit_texts(Gen *g, const ExerciseSpec *spec) {
    static const Opcode ops[] = {
        [TEXT_CUE] = OP_CUE, [TEXT_BREATHE] = OP_BREATHE, [TEXT_POSITION] = OP_POSITION,
        [TEXT_NOTE] = OP_NOTE, [TEXT_SAFETY] = OP_SAFETY, [TEXT_STOP_IF] = OP_CUE,
    };
    for (uint32_t i = 0; i < spec->n_texts; i++)  /* the position comes first */
        if (spec->texts[i]->as.text.role == TEXT_POSITION)
            EMIT(g, spec->texts[i], OP_POSITION, text_constant(g, spec->texts[i]->as.text.text.s));
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        if (t->as.text.role == TEXT_STOP_IF)
            EMIT(g, t, OP_CUE, stop_if_constant(g, t));
        else if (t->as.text.role != TEXT_POSITION)
            EMIT(g, t, ops[t->as.text.role], text_constant(g, t->as.text.text.s));
    }
}

/* A variant's `when "..."`: when the patient is ready for it, shown with
 * it (as a section's or a level's is). */
static void emit_variant_when(Gen *g, const Node *variant) {
    if (!variant || variant->as.variant.dir != ALT_VARIANT)
        return; /* an alternative's condition comes with its offer */
    for (const Node *n = variant->as.variant.body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_WHEN)
            EMIT(g, n, OP_GATE, text_constant(g, n->as.text.text.s));
}

/* ---- lang-b: frequency, load, effort, pain limit, alternatives ----------- */

static void emit_schedule(Gen *g, const Node *n) {
    for (const ScheduleItem *it = n->as.schedule.items; it; it = it->next) {
        uint32_t code = SCHED_CODE(it->kind, it->bound, it->said);
        uint32_t lo = it->lo.present ? (uint32_t)it->lo.value : 0;
        uint32_t hi = it->hi.present ? (uint32_t)it->hi.value : 0;
        EMIT(g, n, OP_SCHEDULE, code, lo, hi, text_constant(g, it->word.s));
    }
}

static void emit_equipment(Gen *g, const Node *n) {
    for (const TextItem *it = n->as.equipment.items; it; it = it->next)
        EMIT(g, n, OP_EQUIPMENT, text_constant(g, it->text.s));
}

/* Schedule and equipment written in a body of statements. */
static void emit_descriptions(Gen *g, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_SCHEDULE)
            emit_schedule(g, n);
        else if (n->kind == NODE_EQUIPMENT)
            emit_equipment(g, n);
    }
}

static void emit_load_effort(Gen *g, const ExerciseSpec *spec) {
    const Node *load = spec->settings.node[SET_LOAD];
    const Node *effort = spec->settings.node[SET_EFFORT];
    const Node *pain = spec->settings.node[SET_PAIN_LIMIT];
    if (load) {
        const Weight *lo = &load->as.load.lo, *hi = &load->as.load.hi;
        uint32_t a = lo->amount.present ? (uint32_t)lo->amount.value : 0;
        uint32_t b = hi->amount.present ? (uint32_t)hi->amount.value : a;
        EMIT(g, load, OP_LOAD, a, b, (uint32_t)(lo->amount.present ? lo->unit : LOAD_NONE),
             text_constant(g, load->as.load.what.s));
    }
    if (effort) {
        uint32_t lo = (uint32_t)effort->as.effort.lo.value;
        uint32_t hi = effort->as.effort.hi.present ? (uint32_t)effort->as.effort.hi.value : lo;
        uint32_t scale = effort->as.effort.scale.present ? (uint32_t)effort->as.effort.scale.value
                                                         : DEFAULT_SCALE;
        EMIT(g, effort, OP_EFFORT, lo, hi, scale);
    }
    if (pain) {
        uint32_t scale = pain->as.pain_limit.scale.present
                             ? (uint32_t)pain->as.pain_limit.scale.value : DEFAULT_SCALE;
        EMIT(g, pain, OP_PAIN_LIMIT, (uint32_t)pain->as.pain_limit.limit.value, scale);
    }
}

/* The regular version names its easier and harder alternatives. */
static void emit_offers(Gen *g, const ExerciseSpec *spec) {
    for (uint32_t i = 0; i < spec->n_variants; i++) {
        const Node *v = spec->variants[i]->variant;
        if (v->as.variant.dir != ALT_VARIANT)
            EMIT(g, v, OP_OFFER, (uint32_t)v->as.variant.dir, text_constant(g, v->as.variant.name.s),
                 text_constant(g, v->as.variant.when.s));
    }
}

/* What one progression step plays: the reps, the sets and the hold. */
typedef struct {
    uint32_t reps, sets, hold_ms;
} Dose;

/* `gate`: the condition for moving up to the next progression step, or NULL. */
static void emit_exercise(Gen *g, const ExerciseSpec *spec, Dose dose, const Node *gate) {
    uint32_t reps = dose.reps, hold_ms = dose.hold_ms;
    const Node *site = spec->site;
    const char *variant = spec->variant ? spec->variant->as.variant.name.s : NULL;
    emit_default(g, spec, SET_SETS, dose.sets == 1); /* one set: nobody wrote `sets` */
    uint32_t start = EMIT(g, site, OP_EXERCISE, text_constant(g, spec->name),
                          text_constant(g, spec->kind), text_constant(g, variant), 0u);
    emit_texts(g, spec);
    emit_variant_when(g, spec->variant);
    emit_descriptions(g, spec->def->as.exercise.body); /* lang-b */
    if (spec->variant)
        emit_descriptions(g, spec->variant->as.variant.body);
    emit_load_effort(g, spec);
    emit_offers(g, spec);
    if (gate && gate->as.build_up.when.s)
        EMIT(g, gate, OP_GATE, text_constant(g, gate->as.build_up.when.s));
    uint32_t ready = spec_ms(spec, SET_GET_READY);
    emit_default(g, spec, SET_GET_READY, ready > 0);
    if (ready)
        EMIT(g, where(spec, SET_GET_READY), OP_GET_READY, ready);
    uint32_t sets = dose.sets;
    if (sets > 1 && spec_one_side_at_a_time(spec))
        emit_sets_side_by_side(g, spec, sets, reps, hold_ms);
    else if (sets > 1)
        emit_set_loop(g, spec, SIDE_NONE, sets, reps, hold_ms);
    else
        emit_sides(g, spec, reps, hold_ms);
    emit_close(g, site, start);
    emit_spec_rest(g, spec, SET_REST_AFTER, OP_REST);
}

/* One block per progression step: IF_STEP s s ->next; exercise; JUMP ->end. */
static void emit_steps(Gen *g, const ExerciseSpec *spec) {
    uint32_t steps = spec_steps(spec);
    const Node *build = spec->settings.node[SET_BUILD_UP];
    Dose dose = {spec_reps(spec), spec_sets(spec), spec_hold_ms(spec)};
    if (steps <= 1 || !build) {
        emit_exercise(g, spec, dose, NULL);
        return;
    }
    uint32_t jumps[MAX_STEPS + 1];
    for (uint32_t s = 0; s < steps; s++) {
        uint32_t hi = s + 1 == steps ? MAX_STEPS : s + 1;
        uint32_t test = EMIT(g, build, OP_IF_STEP, s + 1, hi, 0u);
        Dose at = dose;
        uint32_t value = spec_step_value(spec, s);
        switch (build->as.build_up.target) {
        case BUILD_REPS: at.reps = value; break;
        case BUILD_SETS: at.sets = value; break;
        case BUILD_HOLD: at.hold_ms = value; break;
        }
        emit_exercise(g, spec, at, s + 1 < steps ? build : NULL);
        jumps[s] = EMIT(g, build, OP_JUMP, 0u);
        chunk_patch_jump(g->chunk, test, g->chunk->code_len);
    }
    for (uint32_t s = 0; s < steps; s++)
        chunk_patch_jump(g->chunk, jumps[s], g->chunk->code_len);
}

static void emit_played(Gen *g, const ExerciseSpec *spec) {
    if (!spec)
        return;
    g->site = spec->site;
    uint32_t n = spec->n_variants;
    uint32_t *jumps = n ? malloc(n * sizeof *jumps) : NULL;
    if (n && !jumps) {
        g->chunk->out_of_memory = true;
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        const ExerciseSpec *v = spec->variants[i];
        AltDirection dir = v->variant->as.variant.dir;
        uint32_t name = text_constant(g, v->variant->as.variant.name.s);
        uint32_t test = dir == ALT_VARIANT
                            ? EMIT(g, v->variant, OP_IF_VARIANT, name, 0u)
                            : EMIT(g, v->variant, OP_IF_ALT, (uint32_t)dir,
                                   text_constant(g, spec->name), name, 0u);
        emit_steps(g, v);
        jumps[i] = EMIT(g, v->variant, OP_JUMP, 0u);
        chunk_patch_jump(g->chunk, test, g->chunk->code_len);
    }
    emit_steps(g, spec);
    for (uint32_t i = 0; i < n; i++)
        chunk_patch_jump(g->chunk, jumps[i], g->chunk->code_len);
    free(jumps);
    g->site = NULL;
}

/* ---- routine, sections, circuits ---------------------------------------- */

static void emit_block(Gen *g, const Node *body, const Settings *context);

static bool plays_something(const Node *n) {
    return n->kind == NODE_EXERCISE || n->kind == NODE_USE || n->kind == NODE_SECTION
        || n->kind == NODE_CIRCUIT;
}

static void emit_block_text(Gen *g, const Node *n) {
    switch (n->as.text.role) {
    case TEXT_NOTE: EMIT(g, n, OP_NOTE, text_constant(g, n->as.text.text.s)); break;
    case TEXT_SAFETY: EMIT(g, n, OP_SAFETY, text_constant(g, n->as.text.text.s)); break;
    case TEXT_WHEN: EMIT(g, n, OP_GATE, text_constant(g, n->as.text.text.s)); break;
    default: break; /* therapist text is never shown */
    }
}

static void emit_section(Gen *g, const Node *n, const Settings *context) {
    uint32_t lock = 0;
    if (n->as.section.requires.s) /* lang-b: LOCKED jumps past the section */
        lock = EMIT(g, n, OP_LOCKED, text_constant(g, n->as.section.requires.s),
                    text_constant(g, n->as.section.name.s), 0u);
    uint32_t start = EMIT(g, n, OP_SECTION, text_constant(g, n->as.section.name.s),
                          text_constant(g, n->as.section.level.s), 0u);
    emit_block(g, n->as.section.body, context);
    emit_close(g, n, start);
    if (n->as.section.requires.s)
        chunk_patch_jump(g->chunk, lock, g->chunk->code_len);
}

/* lang-b: STAGE "name" ->past; its body; END_STAGE. */
static void emit_stage(Gen *g, const Node *n, const Settings *context) {
    uint32_t start = EMIT(g, n, OP_STAGE, text_constant(g, n->as.stage.name.s), 0u);
    emit_block(g, n->as.stage.body, context);
    emit_close(g, n, start);
}

/* lang-b: the rules that move a patient between stages. */
static void emit_rule(Gen *g, const Node *n) {
    if (n->kind == NODE_ADVANCE)
        EMIT(g, n, OP_ADVANCE_RULE, (uint32_t)n->as.advance.sessions.value,
             n->as.advance.pain.present ? (uint32_t)n->as.advance.pain.value : OPERAND_NONE);
    else
        EMIT(g, n, OP_STEP_BACK_RULE, (uint32_t)n->as.step_back.stops.value);
}

static uint32_t block_ms(const Settings *s, SettingId id, uint32_t fallback) {
    return s->node[id] ? (uint32_t)s->node[id]->as.rest.ms.value : fallback;
}

static void emit_circuit(Gen *g, const Node *n, const Settings *context) {
    uint32_t rounds = (uint32_t)n->as.circuit.rounds.value;
    uint32_t loop = EMIT(g, n, OP_LOOP, rounds, rounds, 0u);
    EMIT(g, n, OP_ROUND, text_constant(g, n->as.circuit.name.s));
    Settings own = *context;
    for (const Node *it = n->as.circuit.body; it; it = it->next)
        if (it->kind == NODE_REST && it->as.rest.scope == REST_BETWEEN_ROUNDS)
            own.node[SET_REST_ROUNDS] = it;
    emit_block(g, n->as.circuit.body, context);
    const Node *rest = own.node[SET_REST_ROUNDS];
    uint32_t ms = block_ms(&own, SET_REST_ROUNDS, DEFAULT_REST_ROUNDS_MS);
    if (!rest && ms && rounds > 1)
        EMIT0(g, n, OP_DEFAULT);
    emit_rest(g, rest ? rest : n, OP_REST_BETWEEN, ms,
              rest && rest->as.rest.least.present ? (uint32_t)rest->as.rest.least.value : ms);
    emit_close(g, n, loop);
}

static void emit_statement(Gen *g, const Node *n, const Settings *context) {
    switch (n->kind) {
    case NODE_TEXT: emit_block_text(g, n); break;
    case NODE_SECTION: emit_section(g, n, context); break;
    case NODE_CIRCUIT: emit_circuit(g, n, context); break;
    case NODE_EXERCISE: emit_played(g, n->as.exercise.spec); break;
    case NODE_USE: emit_played(g, n->as.use.spec); break;
    /* lang-b */
    case NODE_STAGE: emit_stage(g, n, context); break;
    /* schedule, equipment and rules: first in their block (emit_block) */
    case NODE_REST:
        if (n->as.rest.scope == REST_STEP)
            emit_node_rest(g, n, (uint32_t)n->as.rest.ms.value);
        break;
    default: break;
    }
}

/* Emit a block's statements; `rest N between exercises` (from this block
 * or an outer one) goes between consecutive things it plays. */
static void emit_block(Gen *g, const Node *body, const Settings *outer) {
    Settings context = *outer;
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_REST && n->as.rest.scope == REST_BETWEEN_EXERCISES)
            context.node[SET_REST_EXERCISES] = n;
        if (n->kind == NODE_REST && n->as.rest.scope == REST_BETWEEN_ROUNDS)
            context.node[SET_REST_ROUNDS] = n;
    }
    uint32_t between = block_ms(&context, SET_REST_EXERCISES, 0);
    const Node *previous = NULL;
    /* lang-b: what describes the block comes first, wherever written */
    emit_descriptions(g, body);
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_ADVANCE || n->kind == NODE_STEP_BACK)
            emit_rule(g, n);
    for (const Node *n = body; n; n = n->next) {
        if (plays_something(n)) {
            bool rests = between || rest_as_needed(context.node[SET_REST_EXERCISES]);
            if (previous && rests && n->kind != NODE_SECTION)
                emit_node_rest(g, context.node[SET_REST_EXERCISES], between);
            previous = n;
        }
        emit_statement(g, n, &context);
    }
}

bool codegen_routine(const Model *model, Chunk *chunk) {
    Gen g = {chunk, model, NULL};
    const Node *routine = model->routine;
    EMIT(&g, routine, OP_ROUTINE, text_constant(&g, routine->as.routine.title.s));
    Settings none = {{0}};
    emit_block(&g, routine->as.routine.body, &none);
    EMIT0(&g, routine, OP_END);
    return !chunk->out_of_memory;
}
