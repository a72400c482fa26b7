/*
 * lint_rules.c -- the lint rules: one check function per rule, and the one
 * table (at the end) that gives each rule its id, name, category, level,
 * thresholds, rationale, source and examples.  --list, --explain, SARIF
 * and the policy parser all read that table; nothing repeats it.
 *
 * Exercise kinds: a *stretch* is kind stretch or flexibility; a
 * *strengthening* exercise is kind strength, isometric or endurance; a
 * *warm-up* is a stretch, or kind warmup, mobility or cardio.  An exercise
 * with no kind is none of these, so rules about kinds leave it alone.
 */
#include "lint.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "duration.h"
#include "names.h"

/* ---- helpers ------------------------------------------------------------ */

static bool kind_in(const ExerciseSpec *spec, const char *const *kinds) {
    for (; spec->kind && *kinds; kinds++)
        if (strcmp(spec->kind, *kinds) == 0)
            return true;
    return false;
}

static bool is_stretch(const ExerciseSpec *spec) {
    static const char *const kinds[] = {"stretch", "flexibility", NULL};
    return kind_in(spec, kinds);
}

static bool is_strength(const ExerciseSpec *spec) {
    static const char *const kinds[] = {"strength", "isometric", "endurance", NULL};
    return kind_in(spec, kinds);
}

static bool is_warm_up(const ExerciseSpec *spec) {
    static const char *const kinds[] = {"warmup", "mobility", "cardio", NULL};
    return is_stretch(spec) || kind_in(spec, kinds);
}

static const char *fmt_ms(uint64_t ms, char *buf, size_t size) {
    return duration_format(ms, buf, size);
}

/* The timed hold of `spec` (fixed or up to), or NULL. */
static const Node *timed_hold(const ExerciseSpec *spec) {
    const Node *h = spec->settings.node[SET_HOLD];
    return h && h->as.hold.mode != HOLD_MODE_OPEN ? h : NULL;
}

static uint32_t sides_factor(SideMode mode) {
    return mode == SIDES_EACH || mode == SIDES_EACH_ALTERNATING ? 2 : 1;
}

/* Repetitions one side does in one set. */
static uint32_t reps_per_side(const ExerciseSpec *spec) {
    uint32_t reps = spec_reps(spec);
    return spec_sides(spec) == SIDES_ALTERNATING ? (reps + 1) / 2 : reps;
}

/* Where to point for the repetitions: the count, or the exercise. */
static Loc reps_loc(const ExerciseSpec *spec) {
    const Node *r = spec->settings.node[SET_REPEAT];
    return r ? r->as.repeat.count.loc : spec->def->as.exercise.name.loc;
}

static Loc name_loc(const ExerciseSpec *spec) {
    return spec->variant ? spec->variant->as.variant.name.loc : spec->def->as.exercise.name.loc;
}

/* `needle` (lower case) in `hay`, ignoring case; NULL when absent. */
static const char *find_ci(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = hay; p && *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

static bool has_any(const char *text, const char *const *words) {
    for (; text && *words; words++)
        if (find_ci(text, *words))
            return true;
    return false;
}

static bool spec_has_role(const ExerciseSpec *spec, TextRole role) {
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role == role)
            return true;
    return false;
}

static bool body_has_when(const Node *body) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_WHEN)
            return true;
    return false;
}

static uint64_t add_sat(uint64_t a, uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t mul_sat(uint64_t a, uint64_t b) {
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* ---- fix-its ------------------------------------------------------------ */

/* Whether statement `n` ends with a `;` we can write after. */
static bool ends_with_semicolon(LintCtx *cx, const Node *n, const char **line, size_t *len) {
    *line = sources_line(&cx->c->sources, n->loc.file, n->loc.end_line, len);
    return *line && n->loc.end_col >= 1 && n->loc.end_col <= *len && (*line)[n->loc.end_col - 1] == ';';
}

/* Insert a new statement `text` on the line after statement `n`, indented
 * like the line `n` starts on. */
static LintFix *fix_insert_after(LintCtx *cx, const Node *n, const char *what, const char *text) {
    const char *end_line;
    size_t end_len, len;
    if (!ends_with_semicolon(cx, n, &end_line, &end_len))
        return NULL;
    const char *first = sources_line(&cx->c->sources, n->loc.file, n->loc.line, &len);
    size_t indent = 0;
    while (first && indent < len && (first[indent] == ' ' || first[indent] == '\t'))
        indent++;
    size_t size = indent + strlen(text) + 2;
    char *buf = malloc(size);
    LintFix *fix = buf ? lint_fix_new(what) : NULL;
    if (fix) {
        snprintf(buf, size, "\n%.*s%s", (int)indent, first ? first : "", text);
        uint32_t at = n->loc.end_col + 1;
        if (!lint_fix_add(fix, n->loc.file, n->loc.end_line, at, n->loc.end_line, at, buf)) {
            lint_fix_free(fix);
            fix = NULL;
        }
    }
    free(buf);
    return fix;
}

static bool fix_replace(LintFix *fix, Loc at, const char *text) {
    return lint_fix_add(fix, at.file, at.line, at.col, at.end_line, at.end_col + 1, text);
}

/* Split a long hold into holds of `max_ms`, with more repetitions:
 * `hold 30s; repeat 3;` -> `hold 10s; repeat 9;`. */
static LintFix *fix_split_hold(LintCtx *cx, const ExerciseSpec *spec, uint64_t max_ms) {
    const Node *hold = timed_hold(spec);
    const Node *repeat = spec->settings.node[SET_REPEAT];
    if (!hold || !max_ms || (repeat && repeat->loc.file != hold->loc.file))
        return NULL;
    uint64_t parts = (hold->as.hold.ms.value + max_ms - 1) / max_ms;
    uint64_t reps = (uint64_t)spec_reps(spec) * parts;
    char dur[32], count[48];
    fmt_ms(max_ms, dur, sizeof dur);
    if (reps > MAX_COUNT)
        return NULL;
    LintFix *fix = lint_fix_new("split the hold into shorter holds with more repetitions");
    bool ok = fix && fix_replace(fix, hold->as.hold.ms.loc, dur);
    if (ok && repeat) {
        snprintf(count, sizeof count, "%llu", (unsigned long long)reps);
        ok = fix_replace(fix, repeat->as.repeat.count.loc, count);
    } else if (ok) {
        const char *line;
        size_t len;
        snprintf(count, sizeof count, " repeat %llu;", (unsigned long long)reps);
        uint32_t at = hold->loc.end_col + 1;
        ok = ends_with_semicolon(cx, hold, &line, &len)
          && lint_fix_add(fix, hold->loc.file, hold->loc.end_line, at, hold->loc.end_line, at, count);
    }
    if (!ok) {
        lint_fix_free(fix);
        return NULL;
    }
    return fix;
}

/* ---- safety ------------------------------------------------------------- */

static void check_long_hold(LintCtx *cx, const ExerciseSpec *spec, LintRuleId rule, const char *what) {
    const Node *hold = timed_hold(spec);
    uint64_t max = lint_param(cx, rule, 0);
    if (!hold || hold->as.hold.ms.value <= max)
        return;
    char a[32], b[32], hint[160];
    snprintf(hint, sizeof hint, "hold %s at most and repeat it instead; the policy key is %s.max_hold",
             fmt_ms(max, b, sizeof b), lint_rules[rule].id);
    lint_emit(cx, rule, hold->as.hold.ms.loc, spec, fix_split_hold(cx, spec, max), hint,
              "hold of %s is long for %s", fmt_ms(hold->as.hold.ms.value, a, sizeof a), what);
}

static void rt101(LintCtx *cx, const ExerciseSpec *spec) {
    if (is_stretch(spec))
        check_long_hold(cx, spec, LINT_RT101, "a static stretch");
}

static void rt102(LintCtx *cx, const ExerciseSpec *spec) {
    if (is_strength(spec))
        check_long_hold(cx, spec, LINT_RT102, "an isometric exercise");
}

static void rt103(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = timed_hold(spec);
    char a[32];
    if (hold && hold->as.hold.ms.value > lint_param(cx, LINT_RT103, 0))
        lint_emit(cx, LINT_RT103, hold->as.hold.ms.loc, spec, NULL,
                  "check the unit: did you mean seconds?",
                  "a hold of %s is far too long for a home programme",
                  fmt_ms(hold->as.hold.ms.value, a, sizeof a));
}

static void rt104(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = spec->settings.node[SET_HOLD];
    if (!hold || spec_has_role(spec, TEXT_BREATHE))
        return;
    bool open = hold->as.hold.mode == HOLD_MODE_OPEN;
    if (!open && hold->as.hold.ms.value < lint_param(cx, LINT_RT104, 0))
        return;
    char a[32];
    LintFix *fix = fix_insert_after(cx, hold, "add a breathing cue",
                                    "breathe \"Keep breathing normally during the hold.\";");
    lint_emit(cx, LINT_RT104, hold->loc, spec, fix,
              "add `breathe \"Keep breathing normally during the hold.\";`",
              "%s%s with no breathing cue: patients tend to hold their breath",
              open ? "an open-ended hold" : "a hold of ", open ? "" : fmt_ms(hold->as.hold.ms.value, a, sizeof a));
}

/* A text that tells the patient to hold their breath, and does not say
 * "don't" just before it. */
static bool tells_breath_hold(const char *text) {
    static const char *const phrases[] = {
        "hold your breath", "hold the breath", "hold breath", "holding your breath",
        "holding the breath", "holding breath", "stop breathing", "valsalva", "bear down",
    };
    static const char *const negations[] = {"not ", "n't ", "never ", "without ", "avoid ", "no "};
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
        for (const char *at = find_ci(text, phrases[i]); at; at = find_ci(at + 1, phrases[i])) {
            bool negated = false;
            for (size_t j = 0; j < sizeof negations / sizeof *negations; j++) {
                size_t n = strlen(negations[j]);
                negated |= (size_t)(at - text) >= n && strncasecmp(at - n, negations[j], n) == 0;
            }
            if (!negated)
                return true;
        }
    }
    return false;
}

static void rt105(LintCtx *cx, const ExerciseSpec *spec) {
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (tells_breath_hold(spec->texts[i]->as.text.text.s))
            lint_emit(cx, LINT_RT105, spec->texts[i]->loc, spec, NULL,
                      "say \"breathe out as you lift, in as you lower\", or \"keep breathing\"",
                      "this text tells the patient to hold their breath");
}

static void rt106(LintCtx *cx) {
    bool warmed = false;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const ExerciseSpec *spec = cx->entries[i].spec;
        if (!spec)
            continue;
        if (is_warm_up(spec))
            warmed = true;
        if (is_strength(spec) && !warmed) {
            lint_emit(cx, LINT_RT106, spec->site->loc, spec, NULL,
                      "start with a stretch or a warm-up (kind stretch, warmup or mobility)",
                      "\"%s\" is the first strengthening exercise, and nothing warms up before it",
                      spec->name);
            return;
        }
    }
}

static bool mentions_pain(const Node *n) {
    static const char *const words[] = {"pain", "hurt", NULL};
    return n->kind == NODE_TEXT && n->as.text.role == TEXT_SAFETY && has_any(n->as.text.text.s, words);
}

/* Whether a block (or anything under it) has a safety text about pain.
 * Nesting is bounded by the parser. */
static bool block_has_pain_note(const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        if (mentions_pain(n))
            return true;
        const Node *inner = n->kind == NODE_SECTION ? n->as.section.body
                          : n->kind == NODE_CIRCUIT ? n->as.circuit.body
                          : n->kind == NODE_EXERCISE ? n->as.exercise.body : NULL;
        if (inner && block_has_pain_note(inner))
            return true;
    }
    return false;
}

static void rt107(LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    if (cx->library || !routine || block_has_pain_note(routine->as.routine.body))
        return;
    for (size_t i = 0; i < cx->n_specs; i++)
        for (uint32_t t = 0; t < cx->specs[i]->n_texts; t++)
            if (mentions_pain(cx->specs[i]->texts[t]))
                return;
    lint_emit(cx, LINT_RT107, routine->as.routine.title.loc, NULL, NULL,
              "add `safety \"Stop if you feel pain, and tell your therapist.\";` to the routine",
              "no safety note tells the patient what to do if it hurts");
}

/* The lumbar flexion heuristic (docs/lint.md): words in the exercise's
 * name, patient texts or therapist texts. */
static bool is_lumbar_flexion(const ExerciseSpec *spec) {
    static const char *const words[] = {
        "knee to chest", "knees to chest", "crunch", "sit-up", "sit up", "curl-up", "curl up",
        "toe touch", "touch your toes", "bend forward", "forward bend", "lumbar flexion",
        "spinal flexion", "flexion stretch", "child's pose", NULL,
    };
    if (has_any(spec->name, words))
        return true;
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role != TEXT_SAFETY && has_any(spec->texts[i]->as.text.text.s, words))
            return true;
    for (const Node *n = spec->def->as.exercise.body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_THERAPIST && has_any(n->as.text.text.s, words))
            return true;
    return false;
}

static bool scheduled_in_morning(const Model *model) {
    if (!model->schedule)
        return false;
    for (const ScheduleItem *it = model->schedule->as.schedule.items; it; it = it->next)
        if (it->kind == SCHED_TIME_OF_DAY && it->word.s
            && (strcmp(it->word.s, "morning") == 0 || strcmp(it->word.s, "waking") == 0))
            return true;
    return false;
}

static void rt108(LintCtx *cx) {
    if (cx->library || !scheduled_in_morning(&cx->c->model))
        return;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const ExerciseSpec *spec = cx->entries[i].spec;
        if (spec && is_lumbar_flexion(spec))
            lint_emit(cx, LINT_RT108, spec->site->loc, spec, NULL,
                      "schedule it later in the day, or replace it in the morning routine",
                      "\"%s\" flexes the lower back, and the routine is scheduled in the morning",
                      spec->name);
    }
}

/* The first level a routine names, in source order: its starting level. */
static const char *first_level(const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_SECTION)
            continue;
        if (n->as.section.level.s)
            return n->as.section.level.s;
        const char *inner = first_level(n->as.section.body);
        if (inner)
            return inner;
    }
    return NULL;
}

static void ungated_sections(LintCtx *cx, const Node *body, const char *entry) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_SECTION)
            continue;
        const Str *level = &n->as.section.level;
        if (level->s && !names_equal(level->s, entry) && !body_has_when(n->as.section.body))
            lint_emit(cx, LINT_RT109, level->loc, NULL, NULL,
                      "say when to move on: when \"When the initial exercises are easy.\";",
                      "section \"%s\" of level %s has no `when` saying when the patient is ready",
                      n->as.section.name.s, level->s);
        ungated_sections(cx, n->as.section.body, entry);
    }
}

static void rt109_routine(LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    if (cx->library || !routine)
        return;
    const char *entry = first_level(routine->as.routine.body);
    if (entry)
        ungated_sections(cx, routine->as.routine.body, entry);
}

static void rt109_variant(LintCtx *cx, const ExerciseSpec *spec) {
    if (spec->variant && !body_has_when(spec->variant->as.variant.body))
        lint_emit(cx, LINT_RT109, spec->variant->as.variant.name.loc, spec, NULL,
                  "say when to use it: when \"When the basic form is easy.\";",
                  "variant \"%s\" has no `when` saying when the patient is ready",
                  spec->variant->as.variant.name.s);
}

static void rt110(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    if (b && !b->as.build_up.when.s)
        lint_emit(cx, LINT_RT110, b->loc, spec, NULL,
                  "add the condition: build up to 20 times by 5 when \"it no longer hurts\";",
                  "this progression does not say when to move to the next step");
}

static void rt111(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    uint32_t steps = b ? spec_steps(spec) : 0;
    uint64_t limit = lint_param(cx, LINT_RT111, 0);
    for (uint32_t i = 1; i < steps && i <= MAX_STEPS; i++) {
        uint64_t prev = spec_step_value(spec, i - 1), cur = spec_step_value(spec, i);
        if (prev == 0 || cur <= prev || (cur - prev) * 100 <= prev * limit)
            continue;
        char a[32], c[32];
        bool hold = b->as.build_up.target == BUILD_HOLD;
        if (!hold) {
            snprintf(a, sizeof a, "%llu", (unsigned long long)prev);
            snprintf(c, sizeof c, "%llu", (unsigned long long)cur);
        }
        lint_emit(cx, LINT_RT111, b->loc, spec, NULL,
                  "use a smaller `by` step; ACSM advises raising the load about 2-10% at a time",
                  "this progression jumps from %s to %s (+%llu%%) in one step",
                  hold ? fmt_ms(prev, a, sizeof a) : a, hold ? fmt_ms(cur, c, sizeof c) : c,
                  (unsigned long long)((cur - prev) * 100 / prev));
        return;
    }
}

/* ---- dosage ------------------------------------------------------------- */

static void rt201(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = timed_hold(spec);
    uint64_t min = lint_param(cx, LINT_RT201, 0);
    char a[32], b[32];
    if (is_stretch(spec) && hold && hold->as.hold.ms.value < min)
        lint_emit(cx, LINT_RT201, hold->as.hold.ms.loc, spec, NULL,
                  "ACSM advises holding a static stretch 10-30 s",
                  "a stretch hold of %s is shorter than the %s the guidance advises",
                  fmt_ms(hold->as.hold.ms.value, a, sizeof a), fmt_ms(min, b, sizeof b));
}

static void rt202(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = timed_hold(spec);
    if (!is_stretch(spec) || !hold)
        return;
    uint64_t total = (uint64_t)hold->as.hold.ms.value * reps_per_side(spec) * spec_sets(spec);
    uint64_t min = lint_param(cx, LINT_RT202, 0);
    char a[32], b[32];
    if (total < min)
        lint_emit(cx, LINT_RT202, reps_loc(spec), spec, NULL,
                  "ACSM advises about 60 s of stretching in all for each stretch",
                  "this stretch adds up to %s%s, less than %s",
                  fmt_ms(total, a, sizeof a), sides_factor(spec_sides(spec)) == 2 ? " per side" : "",
                  fmt_ms(min, b, sizeof b));
}

static void rt203(LintCtx *cx, const ExerciseSpec *spec) {
    uint32_t reps = reps_per_side(spec);
    uint64_t max = lint_param(cx, LINT_RT203, 0);
    if (reps > max)
        lint_emit(cx, LINT_RT203, reps_loc(spec), spec, NULL,
                  "use more sets of fewer repetitions, or a harder variant",
                  "%u repetitions %sin one set is a lot (more than %llu)", reps,
                  spec_sides(spec) == SIDES_NONE ? "" : "per side ", (unsigned long long)max);
}

static void rt204(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *sets = spec->settings.node[SET_SETS];
    uint64_t max = lint_param(cx, LINT_RT204, 0);
    if (sets && sets->as.sets.count.value > max)
        lint_emit(cx, LINT_RT204, sets->as.sets.count.loc, spec, NULL,
                  "2-4 sets are usual for a home programme",
                  "%llu sets is a lot (more than %llu)",
                  (unsigned long long)sets->as.sets.count.value, (unsigned long long)max);
}

/* ---- the planned session ------------------------------------------------ */

typedef struct {
    uint64_t ms, reps;
} Totals;

/* One repetition's time: the hold, or the tempo (own pace: 3 s, a guess;
 * an open hold: 10 s, a guess). */
static uint64_t rep_ms(const ExerciseSpec *spec) {
    const Node *hold = spec->settings.node[SET_HOLD];
    if (hold)
        return hold->as.hold.mode == HOLD_MODE_OPEN ? 10000 : hold->as.hold.ms.value;
    if (spec_own_pace(spec, NULL))
        return DEFAULT_TEMPO_MS;
    return spec_tempo_ms(spec);
}

/* An estimate of one exercise: get ready, sets of repetitions with their
 * rests, and the rests after it.  Every factor is bounded (MAX_COUNT,
 * MAX_DURATION_MS), so this cannot overflow 64 bits. */
static Totals spec_totals(const ExerciseSpec *spec) {
    uint64_t reps = (uint64_t)spec_reps(spec) * sides_factor(spec_sides(spec));
    uint64_t set = reps * rep_ms(spec) + (reps - 1) * spec_ms(spec, SET_REST_REPS);
    if (spec_sides(spec) == SIDES_EACH)
        set += spec_ms(spec, SET_REST_SIDES);
    uint64_t sets = spec_sets(spec);
    Totals t = {spec_ms(spec, SET_GET_READY) + sets * set + (sets - 1) * spec_ms(spec, SET_REST_SETS)
                    + spec_ms(spec, SET_REST_AFTER) + spec_ms(spec, SET_REST_EXERCISES),
                reps * sets};
    return t;
}

static uint64_t rounds_rest(const Node *circuit) {
    for (const Node *n = circuit->as.circuit.body; n; n = n->next)
        if (n->kind == NODE_REST && n->as.rest.scope == REST_BETWEEN_ROUNDS)
            return n->as.rest.ms.value;
    return DEFAULT_REST_ROUNDS_MS;
}

static void add_totals(Totals *t, Totals more) {
    t->ms = add_sat(t->ms, more.ms);
    t->reps = add_sat(t->reps, more.reps);
}

/* The session as played at `level` (NULL: everything).  Nesting is
 * bounded by the parser; sums saturate. */
static Totals block_totals(const Node *body, const char *level) {
    Totals t = {0, 0};
    for (const Node *n = body; n; n = n->next) {
        const ExerciseSpec *spec = n->kind == NODE_EXERCISE ? n->as.exercise.spec
                                 : n->kind == NODE_USE ? n->as.use.spec : NULL;
        if (spec)
            add_totals(&t, spec_totals(spec));
        else if (n->kind == NODE_REST && n->as.rest.scope == REST_STEP)
            t.ms = add_sat(t.ms, n->as.rest.ms.value);
        else if (n->kind == NODE_SECTION && (!level || !n->as.section.level.s
                                             || names_equal(level, n->as.section.level.s)))
            add_totals(&t, block_totals(n->as.section.body, level));
        else if (n->kind == NODE_CIRCUIT) {
            Totals inner = block_totals(n->as.circuit.body, level);
            uint64_t rounds = n->as.circuit.rounds.value;
            Totals all = {add_sat(mul_sat(inner.ms, rounds), mul_sat(rounds - 1, rounds_rest(n))),
                          mul_sat(inner.reps, rounds)};
            add_totals(&t, all);
        }
    }
    return t;
}

/* Call `fn` with the totals of each level's session (or of the whole
 * routine when it has no levels). */
static void for_each_session(LintCtx *cx, void (*fn)(LintCtx *, const char *, Totals)) {
    const Node *routine = cx->c->model.routine;
    if (cx->library || !routine)
        return;
    const char *levels[16];
    size_t n = 0;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const char *l = cx->entries[i].level;
        bool seen = !l;
        for (size_t j = 0; j < n && !seen; j++)
            seen = names_equal(levels[j], l);
        if (!seen && n < sizeof levels / sizeof *levels)
            levels[n++] = l;
    }
    if (!n)
        fn(cx, NULL, block_totals(routine->as.routine.body, NULL));
    for (size_t i = 0; i < n; i++)
        fn(cx, levels[i], block_totals(routine->as.routine.body, levels[i]));
}

static void session_volume(LintCtx *cx, const char *level, Totals t) {
    uint64_t max = lint_param(cx, LINT_RT205, 0);
    if (t.reps > max)
        lint_emit(cx, LINT_RT205, cx->c->model.routine->as.routine.title.loc, NULL, NULL,
                  "split it into two routines, or lower the repetitions",
                  "a session%s%s has %llu repetitions in all, more than %llu", level ? " at level " : "",
                  level ? level : "", (unsigned long long)t.reps, (unsigned long long)max);
}

static void rt205(LintCtx *cx) {
    for_each_session(cx, session_volume);
}

typedef struct {
    const ScheduleItem *daily, *times;
} Schedule;

static Schedule schedule_of(const Model *model) {
    Schedule s = {NULL, NULL};
    for (const ScheduleItem *it = model->schedule ? model->schedule->as.schedule.items : NULL; it;
         it = it->next) {
        if (it->kind == SCHED_DAILY_TIME)
            s.daily = it;
        else if (it->kind == SCHED_TIMES_A_DAY)
            s.times = it;
    }
    return s;
}

static uint64_t hi_of(const ScheduleItem *it) {
    return it->hi.present ? it->hi.value : it->lo.value;
}

/* The shortest and longest session the schedule allows: the time a day
 * divided by the sessions a day.  False when it says no time a day. */
static bool session_bounds(const Model *model, uint64_t *least, uint64_t *most) {
    Schedule s = schedule_of(model);
    if (!s.daily || !s.daily->lo.value || s.daily->lo.overflow || s.daily->hi.overflow)
        return false;
    uint64_t times_lo = s.times && s.times->lo.value ? s.times->lo.value : 1;
    uint64_t times_hi = s.times && hi_of(s.times) ? hi_of(s.times) : 1;
    *most = hi_of(s.daily) / times_lo;
    *least = s.daily->lo.value / times_hi;
    return true;
}

static Loc schedule_loc(const Model *model) {
    const ScheduleItem *daily = schedule_of(model).daily;
    return daily ? daily->loc : model->schedule->loc;
}

static void session_too_long(LintCtx *cx, const char *level, Totals t) {
    uint64_t least, most;
    char a[32], b[32];
    if (session_bounds(&cx->c->model, &least, &most) && t.ms > most)
        lint_emit(cx, LINT_RT206, schedule_loc(&cx->c->model), NULL, NULL,
                  "shorten the routine, or change the schedule",
                  "a session%s%s takes about %s, more than the %s the schedule allows",
                  level ? " at level " : "", level ? level : "", fmt_ms(t.ms / 1000 * 1000, a, sizeof a),
                  fmt_ms(most, b, sizeof b));
}

static void session_too_short(LintCtx *cx, const char *level, Totals t) {
    uint64_t least, most;
    char a[32], b[32];
    if (session_bounds(&cx->c->model, &least, &most) && t.ms < least)
        lint_emit(cx, LINT_RT207, schedule_loc(&cx->c->model), NULL, NULL,
                  "add exercises or sets, or change the schedule",
                  "a session%s%s takes about %s, less than the %s the schedule asks for",
                  level ? " at level " : "", level ? level : "", fmt_ms(t.ms / 1000 * 1000, a, sizeof a),
                  fmt_ms(least, b, sizeof b));
}

static void rt206(LintCtx *cx) {
    for_each_session(cx, session_too_long);
}

static void rt207(LintCtx *cx) {
    for_each_session(cx, session_too_short);
}

static void rt208(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *sets = spec->settings.node[SET_SETS];
    const Node *rest = spec->settings.node[SET_REST_SETS];
    uint64_t min = lint_param(cx, LINT_RT208, 0), have = spec_ms(spec, SET_REST_SETS);
    char a[32], b[32];
    if (sets && spec_sets(spec) > 1 && have < min)
        lint_emit(cx, LINT_RT208, rest ? rest->as.rest.ms.loc : sets->loc, spec, NULL,
                  "write `rest 30s between sets;`",
                  "%s of rest between sets is too short (at least %s)", fmt_ms(have, a, sizeof a),
                  fmt_ms(min, b, sizeof b));
}

/* Hard: a strengthening exercise with at least `hard_work` of work. */
static bool is_hard(LintCtx *cx, const ExerciseSpec *spec) {
    uint64_t work = rep_ms(spec) * reps_per_side(spec) * spec_sets(spec);
    return is_strength(spec) && work >= lint_param(cx, LINT_RT209, 1);
}

static void rt209(LintCtx *cx) {
    const LintEntry *prev = NULL;
    uint64_t rest = 0;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const LintEntry *e = &cx->entries[i];
        if (!e->spec) {
            rest = add_sat(rest, e->rest->as.rest.ms.value);
            continue;
        }
        uint64_t gap = add_sat(rest, e->spec ? spec_ms(e->spec, SET_REST_EXERCISES) : 0);
        if (prev && is_hard(cx, prev->spec) && is_hard(cx, e->spec) && prev->level == e->level
            && add_sat(gap, spec_ms(prev->spec, SET_REST_AFTER)) < lint_param(cx, LINT_RT209, 0))
            lint_emit(cx, LINT_RT209, e->spec->site->loc, e->spec, NULL,
                      "add `rest 30s;` before it, or `rest 30s after;` to the exercise before",
                      "\"%s\" follows the hard exercise \"%s\" with almost no rest", e->spec->name,
                      prev->spec->name);
        prev = e;
        rest = 0;
    }
}

/* ---- structure ---------------------------------------------------------- */

static const ExerciseSpec *other_side(const LintCtx *cx, const ExerciseSpec *spec, SideMode want) {
    for (size_t i = 0; i < cx->n_specs; i++)
        if (cx->specs[i]->def == spec->def && spec_sides(cx->specs[i]) == want)
            return cx->specs[i];
    return NULL;
}

static void rt301(LintCtx *cx, const ExerciseSpec *spec) {
    SideMode mode = spec_sides(spec);
    if (mode != SIDES_LEFT_ONLY && mode != SIDES_RIGHT_ONLY)
        return;
    bool left = mode == SIDES_LEFT_ONLY;
    const ExerciseSpec *other = other_side(cx, spec, left ? SIDES_RIGHT_ONLY : SIDES_LEFT_ONLY);
    if (!other)
        lint_emit(cx, LINT_RT301, reps_loc(spec), spec, NULL,
                  "if it is meant (after an injury, say), write allow RT301 \"the reason\";",
                  "only the %s side of \"%s\" is exercised", left ? "left" : "right", spec->name);
    else if (left && spec_reps(other) != spec_reps(spec)) /* once per pair */
        lint_emit(cx, LINT_RT301, reps_loc(spec), spec, NULL,
                  "if it is meant, write allow RT301 \"the reason\";",
                  "the two sides of \"%s\" get different counts (%u %s, %u %s)", spec->name,
                  spec_reps(spec), left ? "left" : "right", spec_reps(other), left ? "right" : "left");
}

/* Rests of 0 that can only be a slip (between reps or sides, 0 is a
 * reasonable way to turn a default off). */
static void zero_rests(LintCtx *cx, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        RestScope scope = n->kind == NODE_REST ? n->as.rest.scope : REST_BETWEEN_REPS;
        if (n->kind == NODE_REST && n->as.rest.ms.value == 0
            && (scope == REST_STEP || scope == REST_AFTER || scope == REST_BETWEEN_SETS
                || scope == REST_BETWEEN_ROUNDS))
            lint_emit(cx, LINT_RT302, n->loc, NULL, NULL, "give a real rest, or remove the line",
                      "a rest of 0 does nothing");
        const Node *inner = n->kind == NODE_ROUTINE ? n->as.routine.body
                          : n->kind == NODE_SECTION ? n->as.section.body
                          : n->kind == NODE_CIRCUIT ? n->as.circuit.body
                          : n->kind == NODE_EXERCISE ? n->as.exercise.body
                          : n->kind == NODE_VARIANT ? n->as.variant.body
                          : n->kind == NODE_USE ? n->as.use.body : NULL;
        if (inner)
            zero_rests(cx, inner);
    }
}

static void rt302(LintCtx *cx) {
    for (uint32_t f = 0; f < cx->c->files.n_trees; f++)
        zero_rests(cx, cx->c->files.trees[f]);
}

static void rt303(LintCtx *cx, const ExerciseSpec *spec) {
    if (!spec_has_role(spec, TEXT_CUE) && !spec_has_role(spec, TEXT_BREATHE))
        lint_emit(cx, LINT_RT303, name_loc(spec), spec, NULL,
                  "add `cue \"...\";` saying what to do",
                  "\"%s\" has no cue: the patient is not told what to do", spec->name);
}

static int compare_text_nodes(const void *pa, const void *pb) {
    const Node *a = *(const Node *const *)pa, *b = *(const Node *const *)pb;
    int c = strcasecmp(a->as.text.text.s, b->as.text.text.s);
    if (c)
        return c;
    return a->loc.file != b->loc.file ? (a->loc.file < b->loc.file ? -1 : 1)
         : a->loc.line != b->loc.line ? (a->loc.line < b->loc.line ? -1 : 1)
         : (a->loc.col > b->loc.col) - (a->loc.col < b->loc.col);
}

static void rt304(LintCtx *cx, const ExerciseSpec *spec) {
    if (spec->n_texts < 2)
        return;
    const Node **cues = malloc(spec->n_texts * sizeof *cues);
    if (!cues)
        return;
    uint32_t n = 0;
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role == TEXT_CUE || spec->texts[i]->as.text.role == TEXT_BREATHE)
            cues[n++] = spec->texts[i];
    qsort(cues, n, sizeof *cues, compare_text_nodes);
    for (uint32_t i = 1; i < n; i++)
        if (strcasecmp(cues[i]->as.text.text.s, cues[i - 1]->as.text.text.s) == 0)
            lint_emit(cx, LINT_RT304, cues[i]->loc, spec, NULL, "remove one of them",
                      "this cue repeats the one on line %u", cues[i - 1]->loc.line);
    free(cues);
}

typedef struct {
    const char **names;
    size_t n, cap;
} UseNames;

static void collect_uses(UseNames *u, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_USE && n->as.use.name.s && u->n < u->cap)
            u->names[u->n++] = n->as.use.name.s;
        const Node *inner = n->kind == NODE_SECTION ? n->as.section.body
                          : n->kind == NODE_CIRCUIT ? n->as.circuit.body : NULL;
        if (inner)
            collect_uses(u, inner);
    }
}

static size_t count_uses(const Node *body) {
    size_t n = 0;
    for (const Node *it = body; it; it = it->next) {
        n += it->kind == NODE_USE;
        if (it->kind == NODE_SECTION)
            n += count_uses(it->as.section.body);
        else if (it->kind == NODE_CIRCUIT)
            n += count_uses(it->as.circuit.body);
    }
    return n;
}

static int compare_names(const void *a, const void *b) {
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static void rt305(LintCtx *cx) {
    const Model *m = &cx->c->model;
    if (cx->library || !m->routine)
        return;
    UseNames u = {NULL, 0, count_uses(m->routine->as.routine.body)};
    u.names = u.cap ? malloc(u.cap * sizeof *u.names) : NULL;
    if (u.cap && !u.names)
        return;
    collect_uses(&u, m->routine->as.routine.body);
    if (u.n)
        qsort(u.names, u.n, sizeof *u.names, compare_names);
    for (uint32_t i = 0; i < m->n_exercises; i++) {
        const Node *def = m->exercises[i];
        const char *name = def->as.exercise.name.s;
        if (def->loc.file != cx->c->main_file || def->as.exercise.spec
            || (u.n && bsearch(&name, u.names, u.n, sizeof *u.names, compare_names)))
            continue;
        lint_emit(cx, LINT_RT305, def->as.exercise.name.loc, NULL, NULL,
                  "play it with `do \"Name\";`, or remove it",
                  "exercise \"%s\" is defined but never played", name);
    }
    free(u.names);
}

static void rt306(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = timed_hold(spec), *tempo = spec->settings.node[SET_TEMPO];
    char a[32], b[32];
    if (hold && tempo && hold->as.hold.ms.value > tempo->as.tempo.ms.value)
        lint_emit(cx, LINT_RT306, hold->loc, spec, NULL, "make the tempo at least as long as the hold",
                  "the hold (%s) is longer than the repetition it belongs to (tempo %s)",
                  fmt_ms(hold->as.hold.ms.value, a, sizeof a), fmt_ms(tempo->as.tempo.ms.value, b, sizeof b));
}

static void rt109_all(LintCtx *cx) {
    rt109_routine(cx);
}

/* ---- the table ---------------------------------------------------------- */

#define SEC 1000u
#define P(key, type, def, doc) {key, type, def, doc}
#define NO_PARAM {NULL, LINT_PARAM_COUNT, 0, NULL}

/* Examples are whole routines, so that the unit tests can lint them. */
#define SAFE "    safety \"Stop if it hurts.\";\n"

const LintRule lint_rules[LINT__COUNT] = {
    [LINT_RT001] = {
        "RT001", "compile-error", LINT_CAT_STRUCTURE, LINT_ERROR,
        "the routine does not compile",
        "A routine with a syntax or semantic error cannot be played; every other rule needs a "
        "routine that compiles.", "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n    hodl 5s;\n}\n", "routine \"R\" {\n    exercise \"E\" { cue \"Go.\"; }\n}\n",
        NULL, NULL},
    [LINT_RT002] = {
        "RT002", "compile-warning", LINT_CAT_STRUCTURE, LINT_WARNING,
        "the compiler warns about the routine",
        "The compiler's own warnings (e.g. sides named on an exercise done without sides).",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n    exercise \"E\" { cue \"Go.\"; side \"knee\"; repeat 5; }\n}\n",
        "routine \"R\" {\n    exercise \"E\" { cue \"Go.\"; side \"knee\"; repeat 5 each side; }\n}\n",
        NULL, NULL},
    [LINT_RT101] = {
        "RT101", "long-stretch-hold", LINT_CAT_SAFETY, LINT_WARNING,
        "a static stretch is held longer than the guidance advises",
        "Static stretches are held 10-30 s for most adults (30-60 s for older adults); holding "
        "longer adds no flexibility and makes the patient likely to push into pain. Repeat the "
        "stretch instead.",
        "ACSM's Guidelines for Exercise Testing and Prescription, flexibility", "guideline",
        {P("max_hold", LINT_PARAM_MS, 60 * SEC, "longest static stretch hold"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Hamstring stretch\" stretch {\n"
        "        cue \"Reach for your toes.\"; breathe \"Breathe slowly.\";\n"
        "        hold 90s; repeat 2;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Hamstring stretch\" stretch {\n"
        "        cue \"Reach for your toes.\"; breathe \"Breathe slowly.\";\n"
        "        hold 30s; repeat 2;\n    }\n}\n",
        rt101, NULL},
    [LINT_RT102] = {
        "RT102", "long-isometric-hold", LINT_CAT_SAFETY, LINT_WARNING,
        "a strengthening hold is longer than about 10 s",
        "For low-back endurance, isometric holds of about 7-10 s are advised, progressing by "
        "repetitions rather than by hold time; long holds reduce oxygen to the muscle and invite "
        "breath-holding.",
        "McGill, Low Back Disorders (isometric holds ~7-10 s)", "expert opinion",
        {P("max_hold", LINT_PARAM_MS, 10 * SEC, "longest isometric hold"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Side bridge\" strength {\n"
        "        cue \"Lift your hips.\"; breathe \"Keep breathing.\";\n"
        "        hold 30s; repeat 3;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Side bridge\" strength {\n"
        "        cue \"Lift your hips.\"; breathe \"Keep breathing.\";\n"
        "        hold 10s; repeat 9;\n    }\n}\n",
        rt102, NULL},
    [LINT_RT103] = {
        "RT103", "absurd-hold", LINT_CAT_SAFETY, LINT_ERROR,
        "a hold longer than any home exercise needs",
        "No home exercise is held for minutes; a hold this long is almost always a wrong unit "
        "(min for s).", "routinec", "clinic convention",
        {P("max_hold", LINT_PARAM_MS, 300 * SEC, "longest hold of any kind"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch {\n"
        "        cue \"Lean on the wall.\"; breathe \"Breathe.\";\n        hold 10min;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch {\n"
        "        cue \"Lean on the wall.\"; breathe \"Breathe.\";\n        hold 30s;\n    }\n}\n",
        rt103, NULL},
    [LINT_RT104] = {
        "RT104", "hold-without-breathing-cue", LINT_CAT_SAFETY, LINT_WARNING,
        "a long hold has no breathing cue",
        "Patients tend to hold their breath during a sustained effort; breath-holding under load "
        "raises blood pressure. Normal breathing should be cued on every long hold.",
        "ACSM (keep breathing normally); Phys Ther 1989 (training patients out of the Valsalva "
        "manoeuvre lowered blood pressure)", "guideline",
        {P("min_hold", LINT_PARAM_MS, 10 * SEC, "shortest hold that needs a breathing cue"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Plank\" strength {\n"
        "        cue \"Keep a straight line.\";\n        hold 10s; repeat 3;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Plank\" strength {\n"
        "        cue \"Keep a straight line.\";\n        hold 10s; repeat 3;\n"
        "        breathe \"Keep breathing normally during the hold.\";\n    }\n}\n",
        rt104, NULL},
    [LINT_RT105] = {
        "RT105", "breath-holding-cue", LINT_CAT_SAFETY, LINT_ERROR,
        "a text tells the patient to hold their breath",
        "Breath-holding under load (the Valsalva manoeuvre) raises blood pressure sharply; a home "
        "programme should never ask for it. Texts that say not to hold the breath are fine.",
        "ACSM (breathing during exercise); Phys Ther 1989 Valsalva study", "guideline",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" strength {\n"
        "        cue \"Lift your hips and hold your breath.\";\n        hold 5s; repeat 5;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" strength {\n"
        "        cue \"Lift your hips; don't hold your breath.\";\n        hold 5s; repeat 5;\n    }\n}\n",
        rt105, NULL},
    [LINT_RT106] = {
        "RT106", "no-warm-up", LINT_CAT_SAFETY, LINT_WARNING,
        "no stretch or warm-up before the first strengthening exercise",
        "A routine should start with a stretch or a gentle warm-up (kind stretch, flexibility, "
        "warmup, mobility or cardio) before loading (kind strength, isometric, endurance).",
        "ACSM exercise session structure (warm-up before conditioning)", "guideline",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Squat\" strength { cue \"Sit back.\"; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"March\" warmup { cue \"March on the spot.\"; repeat 20; }\n"
        "    exercise \"Squat\" strength { cue \"Sit back.\"; repeat 10; }\n}\n",
        NULL, rt106},
    [LINT_RT107] = {
        "RT107", "no-pain-safety-note", LINT_CAT_SAFETY, LINT_WARNING,
        "no safety note says what to do on pain",
        "A home programme must tell the patient what to do if an exercise hurts; routinec shows "
        "`safety` texts at the start and when the patient stops for pain.",
        "routinec; clinic practice", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n    exercise \"Walk\" { cue \"Walk.\"; }\n}\n",
        "routine \"R\" {\n    safety \"Stop if you feel pain.\";\n    exercise \"Walk\" { cue \"Walk.\"; }\n}\n",
        NULL, rt107},
    [LINT_RT108] = {
        "RT108", "morning-lumbar-flexion", LINT_CAT_SAFETY, LINT_WARNING,
        "lumbar flexion in a routine scheduled in the morning",
        "Avoiding lumbar flexion in the first hours after rising reduced low back pain: the discs "
        "are fully hydrated then. An exercise is lumbar flexion when its name, patient texts or "
        "therapist texts contain one of: knee(s) to chest, crunch, sit-up, curl-up, toe touch, "
        "touch your toes, bend forward, forward bend, lumbar flexion, spinal flexion, flexion "
        "stretch, child's pose.",
        "Snook et al., Spine 1998", "trial", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule in the morning;\n"
        "    exercise \"Knee to chest\" stretch { cue \"Hug your knee.\"; hold 20s; repeat 3 each side; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule in the evening;\n"
        "    exercise \"Knee to chest\" stretch { cue \"Hug your knee.\"; hold 20s; repeat 3 each side; }\n}\n",
        NULL, rt108},
    [LINT_RT109] = {
        "RT109", "ungated-level", LINT_CAT_SAFETY, LINT_WARNING,
        "a later level or a variant does not say when the patient is ready",
        "A harder level or variant needs a gate (`when \"...\"`) so the patient knows when to move "
        "on. The first level a routine names is its starting level and needs none.",
        "ACSM progression principles", "guideline", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    section \"Easy\" level initial { exercise \"A\" { cue \"Go.\"; } }\n"
        "    section \"Hard\" level advanced { exercise \"B\" { cue \"Go.\"; } }\n}\n",
        "routine \"R\" {\n" SAFE "    section \"Easy\" level initial { exercise \"A\" { cue \"Go.\"; } }\n"
        "    section \"Hard\" level advanced {\n        when \"When the easy ones are easy.\";\n"
        "        exercise \"B\" { cue \"Go.\"; }\n    }\n}\n",
        rt109_variant, rt109_all},
    [LINT_RT110] = {
        "RT110", "ungated-progression", LINT_CAT_SAFETY, LINT_WARNING,
        "a progression does not say when to take the next step",
        "Progressing a patient on a calendar alone ignores how they respond; each `build up` "
        "should state its condition with `when`.",
        "ACSM progression principles", "guideline", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; build up to 15 by 5; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10;\n"
        "        build up to 15 by 5 when \"10 feel easy\"; }\n}\n",
        rt110, NULL},
    [LINT_RT111] = {
        "RT111", "steep-progression", LINT_CAT_SAFETY, LINT_WARNING,
        "a progression step raises the load too much at once",
        "Load should rise in small steps (about 2-10% at a time); a step that more than doubles "
        "the work is a jump, not a progression.",
        "ACSM position stand on progression models in resistance training", "guideline",
        {P("max_increase", LINT_PARAM_PERCENT, 100, "largest rise of one step, in percent"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 5;\n"
        "        build up to 20 when \"easy\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 5;\n"
        "        build up to 20 by 5 when \"easy\"; }\n}\n",
        rt111, NULL},
    [LINT_RT201] = {
        "RT201", "short-stretch-hold", LINT_CAT_DOSAGE, LINT_NOTE,
        "a static stretch hold is shorter than the guidance advises",
        "Static stretches are most effective held 10-30 s; shorter holds can still be a clinical "
        "choice (a handout's own numbers), so this is a note.",
        "ACSM flexibility guidance", "guideline",
        {P("min_hold", LINT_PARAM_MS, 10 * SEC, "shortest static stretch hold"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 5s; repeat 12; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 3; }\n}\n",
        rt201, NULL},
    [LINT_RT202] = {
        "RT202", "short-stretch-total", LINT_CAT_DOSAGE, LINT_NOTE,
        "a stretch adds up to less than about 60 s",
        "About 60 s of stretching in all per stretch (per side) is advised, e.g. 2 x 30 s or "
        "4 x 15 s.", "ACSM flexibility guidance", "guideline",
        {P("min_total", LINT_PARAM_MS, 60 * SEC, "least stretching time per stretch and side"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 2; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 3; }\n}\n",
        rt202, NULL},
    [LINT_RT203] = {
        "RT203", "too-many-reps", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions in one set",
        "Beyond about 30 repetitions a set trains endurance at the cost of form; split the work "
        "into sets.", "ACSM resistance training guidance (8-15 reps, up to 20-30 for endurance)",
        "guideline",
        {P("max_reps", LINT_PARAM_COUNT, 30, "most repetitions per side in one set"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 50; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 15; sets 3; }\n}\n",
        rt203, NULL},
    [LINT_RT204] = {
        "RT204", "too-many-sets", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many sets of one exercise",
        "2-4 sets are usual; more sets of one exercise in a home programme tire the patient "
        "and lower adherence.", "ACSM resistance training guidance", "guideline",
        {P("max_sets", LINT_PARAM_COUNT, 5, "most sets of one exercise"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 8; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3; }\n}\n",
        rt204, NULL},
    [LINT_RT205] = {
        "RT205", "session-volume", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions in one session",
        "The whole session's volume (repetitions x sides x sets x rounds) should stay within what "
        "a patient can do with good form.", "clinic practice", "clinic convention",
        {P("max_reps", LINT_PARAM_COUNT, 300, "most repetitions in one session"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 25; sets 5;\n"
        "        rest 30s between sets; }\n"
        "    exercise \"Toe raise\" { cue \"Rise.\"; repeat 25; sets 5; rest 30s between sets; }\n"
        "    exercise \"Squat\" { cue \"Sit.\"; repeat 25; sets 5; rest 30s between sets; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 25; sets 2; }\n}\n",
        NULL, rt205},
    [LINT_RT206] = {
        "RT206", "session-too-long", LINT_CAT_DOSAGE, LINT_WARNING,
        "the planned session is longer than the schedule allows",
        "The planned session (an estimate from the holds, tempos, repetitions and rests) should fit "
        "the time a day the schedule gives, divided by the sessions a day.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule 5min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule 5min to 15min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        NULL, rt206},
    [LINT_RT207] = {
        "RT207", "session-too-short", LINT_CAT_DOSAGE, LINT_WARNING,
        "the planned session is shorter than the schedule asks for",
        "A routine much shorter than its schedule asks for leaves the patient unsure what to do "
        "with the rest of the time.", "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule 30min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule 10min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        NULL, rt207},
    [LINT_RT208] = {
        "RT208", "short-rest-between-sets", LINT_CAT_DOSAGE, LINT_WARNING,
        "the rest between sets is missing or too short",
        "Muscles need time to recover between sets; without it, form and safety suffer in the "
        "later sets.", "ACSM resistance training guidance (rest between sets)", "guideline",
        {P("min_rest", LINT_PARAM_MS, 20 * SEC, "shortest rest between sets"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3;\n"
        "        rest 5s between sets; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3;\n"
        "        rest 30s between sets; }\n}\n",
        rt208, NULL},
    [LINT_RT209] = {
        "RT209", "no-rest-between-hard-exercises", LINT_CAT_DOSAGE, LINT_WARNING,
        "two hard exercises follow each other with almost no rest",
        "A hard exercise is a strengthening exercise with at least hard_work of work per side "
        "(hold or tempo x repetitions x sets). Two in a row need a rest between them.",
        "ACSM resistance training guidance", "guideline",
        {P("min_rest", LINT_PARAM_MS, 15 * SEC, "shortest rest between two hard exercises"),
         P("hard_work", LINT_PARAM_MS, 60 * SEC, "work that makes an exercise hard")},
        "routine \"R\" {\n" SAFE "    exercise \"Warm\" warmup { cue \"March.\"; repeat 10; }\n"
        "    exercise \"Plank\" strength { cue \"Hold.\"; breathe \"Breathe.\"; hold 10s; repeat 6; }\n"
        "    exercise \"Bridge\" strength { cue \"Hold.\"; breathe \"Breathe.\"; hold 10s; repeat 6; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Warm\" warmup { cue \"March.\"; repeat 10; }\n"
        "    exercise \"Plank\" strength { cue \"Hold.\"; breathe \"Breathe.\"; hold 10s; repeat 6; }\n"
        "    rest 30s;\n"
        "    exercise \"Bridge\" strength { cue \"Hold.\"; breathe \"Breathe.\"; hold 10s; repeat 6; }\n}\n",
        NULL, rt209},
    [LINT_RT301] = {
        "RT301", "one-sided", LINT_CAT_STRUCTURE, LINT_WARNING,
        "one side only, or the two sides get different counts, with no stated reason",
        "Training one side only is sometimes meant (after an injury); say so with `allow RT301 "
        "\"reason\";` so the next reader knows it is not a slip.",
        "clinic practice", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Lunge\" { cue \"Step.\"; repeat 10 left only; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Lunge\" { cue \"Step.\"; repeat 10 left only;\n"
        "        allow RT301 \"right knee operated last week\"; }\n}\n",
        rt301, NULL},
    [LINT_RT302] = {
        "RT302", "zero-rest", LINT_CAT_STRUCTURE, LINT_WARNING,
        "a rest of 0",
        "`rest 0s` (as a step, after an exercise, between sets or between rounds) does nothing and "
        "is almost always a slip. Between reps or sides, 0 turns a default off and is fine.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"A\" { cue \"Go.\"; }\n    rest 0s;\n"
        "    exercise \"B\" { cue \"Go.\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"A\" { cue \"Go.\"; }\n    rest 20s;\n"
        "    exercise \"B\" { cue \"Go.\"; }\n}\n",
        NULL, rt302},
    [LINT_RT303] = {
        "RT303", "no-cue", LINT_CAT_STRUCTURE, LINT_WARNING,
        "an exercise has no cue",
        "Without a `cue` (or `breathe`) the patient sees only the name and the timer.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift your hips.\"; repeat 10; }\n}\n",
        rt303, NULL},
    [LINT_RT304] = {
        "RT304", "duplicate-cue", LINT_CAT_STRUCTURE, LINT_WARNING,
        "the same cue twice in one exercise",
        "A repeated cue is almost always a copy-and-paste slip.", "routinec", "clinic convention",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; cue \"Lift.\"; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; cue \"Lower.\"; repeat 10; }\n}\n",
        rt304, NULL},
    [LINT_RT305] = {
        "RT305", "unused-exercise", LINT_CAT_STRUCTURE, LINT_WARNING,
        "an exercise defined in the routine's file is never played",
        "An exercise defined next to a routine but never played with `do` is usually one the "
        "therapist meant to include. (Exercises in included libraries are not checked.)",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "exercise \"Bridge\" { cue \"Lift.\"; }\nroutine \"R\" {\n" SAFE
        "    exercise \"Walk\" { cue \"Walk.\"; }\n}\n",
        "exercise \"Bridge\" { cue \"Lift.\"; }\nroutine \"R\" {\n" SAFE "    do \"Bridge\";\n}\n",
        NULL, rt305},
    [LINT_RT306] = {
        "RT306", "hold-longer-than-tempo", LINT_CAT_STRUCTURE, LINT_WARNING,
        "a hold is longer than the repetition it belongs to",
        "With both `hold` and `tempo`, the tempo is the time of one repetition; a hold longer than "
        "it cannot fit.", "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; hold 8s; tempo 3s; repeat 5; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; hold 3s; tempo 6s; repeat 5; }\n}\n",
        rt306, NULL},
    [LINT_RT307] = {
        "RT307", "unused-suppression", LINT_CAT_STRUCTURE, LINT_WARNING,
        "an `allow` that suppresses nothing",
        "An `allow` that no longer silences anything is stale and hides the next real finding.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10;\n"
        "        allow RT102 \"long holds are fine here\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; }\n}\n",
        NULL, NULL},
    [LINT_RT308] = {
        "RT308", "suppression-without-reason", LINT_CAT_STRUCTURE, LINT_ERROR,
        "an `allow` with no reason",
        "The reason documents a clinical decision for the next reader; an empty one defeats it.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Lunge\" { cue \"Step.\"; repeat 10 left only;\n"
        "        allow RT301 \"\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Lunge\" { cue \"Step.\"; repeat 10 left only;\n"
        "        allow RT301 \"right knee operated\"; }\n}\n",
        NULL, NULL},
    [LINT_RT309] = {
        "RT309", "unknown-rule", LINT_CAT_STRUCTURE, LINT_ERROR,
        "an `allow` names no rule",
        "A misspelt rule in `allow` silences nothing.", "routinec", "clinic convention",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    allow RT999 \"typo\";\n    exercise \"A\" { cue \"Go.\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"A\" { cue \"Go.\"; }\n}\n",
        NULL, NULL},
};

int lint_rule_find(const char *word) {
    for (int i = 0; word && i < LINT__COUNT; i++)
        if (strcasecmp(word, lint_rules[i].id) == 0 || strcmp(word, lint_rules[i].name) == 0)
            return i;
    return -1;
}

const char *lint_level_name(LintLevel level) {
    static const char *const names[] = {"off", "note", "warning", "error"};
    return names[level];
}

const char *lint_category_name(LintCategory category) {
    static const char *const names[] = {"safety", "dosage", "structure"};
    return names[category];
}
