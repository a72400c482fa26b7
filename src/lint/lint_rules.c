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
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "duration.h"
#include "kinds.h"
#include "names.h"

/* ---- helpers ------------------------------------------------------------ */

/* What the spec's kind is (kinds.h): KIND_* flags. */
static bool kind_is(const ExerciseSpec *spec, unsigned flags) {
    return (kinds_flags(spec->kind) & flags) != 0;
}

static bool is_stretch(const ExerciseSpec *spec) {
    return kind_is(spec, KIND_STRETCH);
}

static bool is_strength(const ExerciseSpec *spec) {
    return kind_is(spec, KIND_STRENGTH);
}

static bool is_warm_up(const ExerciseSpec *spec) {
    return kind_is(spec, KIND_WARM_UP);
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

static bool spec_has_role(const ExerciseSpec *spec, TextRole role) {
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role == role)
            return true;
    return false;
}

static const Node *body_when(const Node *body) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_WHEN)
            return n;
    return NULL;
}


static uint64_t add_sat(uint64_t a, uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t mul_sat(uint64_t a, uint64_t b) {
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* ---- what the words say ------------------------------------------------- */

/* Roles, as a mask for the texts a rule reads. */
#define ROLE(r) (1u << (r))
#define SHOWN (ROLE(TEXT_CUE) | ROLE(TEXT_BREATHE) | ROLE(TEXT_POSITION) | ROLE(TEXT_NOTE))
#define INSTRUCTIONS (ROLE(TEXT_CUE) | ROLE(TEXT_BREATHE) | ROLE(TEXT_POSITION))

/* Where a text said something: the text statement and the words. */
typedef struct {
    const Node *text;   /* NULL: nothing said it; the name said it when name is set */
    const char *name;
    LintSpan at;
} Said;

/* The therapist's texts sit in the definition (and variant) body, not in
 * the spec's shown texts. */
static Said therapist_saying(LintCtx *cx, const Node *body, LintSays what) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_THERAPIST) {
            LintSaid s = lint_said(cx, n->as.text.text.s);
            if (lint_says(&s, what))
                return (Said){n, NULL, s.at[what]};
        }
    return (Said){NULL, NULL, {0, 0}};
}

/* The first of the spec's texts in `roles` that says `what`; with
 * `name`, the exercise's name and the therapist's texts too. */
static Said spec_saying(LintCtx *cx, const ExerciseSpec *spec, LintSays what, unsigned roles, bool name) {
    LintSpecSaid all = lint_spec_said(cx, spec);
    uint32_t any = name ? all.name : 0, bit = 1u << what;
    for (unsigned r = 0; r < sizeof all.role / sizeof *all.role; r++)
        if (roles & ROLE(r))
            any |= all.role[r];
    if (!(any & bit))
        return (Said){NULL, NULL, {0, 0}};
    if (name) {
        LintSaid s = lint_said(cx, spec->name);
        if (lint_says(&s, what))
            return (Said){NULL, spec->name, s.at[what]};
    }
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        if (!(roles & ROLE(t->as.text.role)))
            continue;
        LintSaid s = lint_said(cx, t->as.text.text.s);
        if (lint_says(&s, what))
            return (Said){t, NULL, s.at[what]};
    }
    if (name && roles & ROLE(TEXT_THERAPIST)) {
        Said s = therapist_saying(cx, spec->def->as.exercise.body, what);
        if (!s.text && spec->variant)
            s = therapist_saying(cx, spec->variant->as.variant.body, what);
        return s;
    }
    return (Said){NULL, NULL, {0, 0}};
}

static bool said(Said s) {
    return s.text || s.name;
}

/* The words that decided, quoted (shortened when long). */
static const char *quote_span(const char *text, LintSpan at, char *buf, size_t size) {
    uint32_t len = at.end > at.start ? at.end - at.start : 0;
    if (len > 60)
        snprintf(buf, size, "\"%.57s...\"", text + at.start);
    else
        snprintf(buf, size, "\"%.*s\"", (int)len, text + at.start);
    return buf;
}

static const char *quote(Said s, char *buf, size_t size) {
    return quote_span(s.name ? s.name : s.text ? s.text->as.text.text.s : "", s.at, buf, size);
}

/* The routine's own texts of `role` (outside exercises): the first that
 * says `what`, or NULL. */
static const Node *block_saying(LintCtx *cx, const Node *body, TextRole role, LintSays what) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_TEXT && n->as.text.role == role) {
            LintSaid s = lint_said(cx, n->as.text.text.s);
            if (lint_says(&s, what))
                return n;
        }
        const Node *inner = n->kind == NODE_SECTION ? n->as.section.body
                          : n->kind == NODE_STAGE ? n->as.stage.body
                          : n->kind == NODE_CIRCUIT ? n->as.circuit.body : NULL;
        const Node *found = inner ? block_saying(cx, inner, role, what) : NULL;
        if (found)
            return found;
    }
    return NULL;
}

static const Node *routine_saying(LintCtx *cx, TextRole role, LintSays what) {
    const Node *routine = cx->c->model.routine;
    return routine ? block_saying(cx, routine->as.routine.body, role, what) : NULL;
}

/* A passive, unloaded position (a traction hang, lying prone): not a
 * stretch hold nor an effort.  Never a strengthening exercise. */
static bool is_passive(LintCtx *cx, const ExerciseSpec *spec) {
    if (is_strength(spec))
        return false;
    if (kind_is(spec, KIND_POSITION)) /* lying prone 5-15min: a position by its kind */
        return true;
    LintSpecSaid all = lint_spec_said(cx, spec);
    uint32_t any = all.name | all.role[TEXT_THERAPIST];
    for (unsigned r = 0; r < sizeof all.role / sizeof *all.role; r++)
        any |= SHOWN & ROLE(r) ? all.role[r] : 0;
    return (any >> LINT_SAYS_PASSIVE) & 1u;
}

/* A maximal effort: an open hold, or words like "as hard as you can". */
static bool is_maximal(LintCtx *cx, const ExerciseSpec *spec, Said *why) {
    *why = spec_saying(cx, spec, LINT_SAYS_MAXIMAL, INSTRUCTIONS, false);
    const Node *hold = spec->settings.node[SET_HOLD];
    return said(*why) || (hold && hold->as.hold.mode == HOLD_MODE_OPEN);
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

/* Whether `parts` times the repetitions stay within RT203 and RT211. */
static bool split_fits(LintCtx *cx, const ExerciseSpec *spec, uint64_t parts) {
    uint64_t per_set = (uint64_t)reps_per_side(spec) * parts;
    return per_set <= lint_param(cx, LINT_RT203, 0) && per_set <= MAX_COUNT
        && per_set * spec_sets(spec) <= lint_param(cx, LINT_RT211, 0);
}

/* The edits of a split: the hold, the count, and a rest between reps at
 * least as long as the new hold. */
static bool split_edits(LintCtx *cx, LintFix *fix, const ExerciseSpec *spec, uint64_t max_ms, uint64_t parts) {
    const Node *hold = timed_hold(spec), *repeat = spec->settings.node[SET_REPEAT];
    const Node *rest = spec->settings.node[SET_REST_REPS];
    char dur[32], rest_dur[32], text[96];
    fmt_ms(max_ms, dur, sizeof dur);
    bool ok = fix_replace(fix, hold->as.hold.ms.loc, dur);
    if (ok && repeat) {
        snprintf(text, sizeof text, "%llu", (unsigned long long)spec_reps(spec) * parts);
        ok = fix_replace(fix, repeat->as.repeat.count.loc, text);
    }
    Said why; /* a maximal effort keeps RT116's rest: at least the effort */
    uint64_t least = lint_param(cx, LINT_RT116, 0) > max_ms ? lint_param(cx, LINT_RT116, 0) : max_ms;
    bool short_rest = is_maximal(cx, spec, &why) && spec_ms(spec, SET_REST_REPS) < least;
    fmt_ms(least, rest_dur, sizeof rest_dur);
    if (ok && short_rest && rest)
        ok = fix_replace(fix, rest->as.rest.ms.loc, rest_dur);
    if (ok && (!repeat || (short_rest && !rest))) {
        const char *line;
        size_t len;
        int n = repeat ? 0 : snprintf(text, sizeof text, " repeat %llu;", (unsigned long long)spec_reps(spec) * parts);
        if (short_rest && !rest)
            snprintf(text + n, sizeof text - (size_t)n, " rest %s between reps;", rest_dur);
        uint32_t at = hold->loc.end_col + 1;
        ok = ends_with_semicolon(cx, hold, &line, &len)
          && lint_fix_add(fix, hold->loc.file, hold->loc.end_line, at, hold->loc.end_line, at, text);
    }
    return ok;
}

/* Split a long hold into holds of `max_ms`, with more repetitions:
 * `hold 30s; repeat 3;` -> `hold 10s; repeat 9;`, resting at least the
 * new hold between them.  A fix never leaves or creates a hazard: none is
 * offered when the repetitions would break RT203 or RT211, or when the
 * settings live in another file. */
static LintFix *fix_split_hold(LintCtx *cx, const ExerciseSpec *spec, uint64_t max_ms) {
    const Node *hold = timed_hold(spec), *repeat = spec->settings.node[SET_REPEAT];
    const Node *rest = spec->settings.node[SET_REST_REPS];
    if (!hold || !max_ms || (repeat && repeat->loc.file != hold->loc.file)
        || (rest && rest->loc.file != hold->loc.file))
        return NULL;
    uint64_t parts = (hold->as.hold.ms.value + max_ms - 1) / max_ms;
    if (!split_fits(cx, spec, parts))
        return NULL;
    Said why;
    LintFix *fix = lint_fix_new(is_maximal(cx, spec, &why)
                                    ? "split the hold into shorter holds with more repetitions, resting between them"
                                    : "split the hold into shorter holds with more repetitions");
    if (fix && !split_edits(cx, fix, spec, max_ms, parts)) {
        lint_fix_free(fix);
        return NULL;
    }
    return fix;
}

/* ---- safety ------------------------------------------------------------- */

/* A progression's last step, when it builds up `target`: else 0. */
static uint64_t build_target(const ExerciseSpec *spec, BuildTarget target) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    return b && b->as.build_up.target == target && !b->as.build_up.to.overflow ? b->as.build_up.to.value : 0;
}

/* A hold over `max`, and a progression that ends over it. */
static void check_long_hold(LintCtx *cx, const ExerciseSpec *spec, LintRuleId rule, uint64_t max,
                            const char *what, const char *key) {
    const Node *hold = timed_hold(spec);
    char a[32], b[32], hint[200];
    snprintf(hint, sizeof hint, "hold %s at most and repeat it instead; the policy key is %s.%s",
             fmt_ms(max, b, sizeof b), lint_rules[rule].id, key);
    if (hold && hold->as.hold.ms.value > max)
        lint_emit(cx, rule, hold->as.hold.ms.loc, spec, fix_split_hold(cx, spec, max), hint,
                  "hold of %s is long for %s", fmt_ms(hold->as.hold.ms.value, a, sizeof a), what);
    uint64_t to = build_target(spec, BUILD_HOLD);
    if (to > max && (!hold || hold->as.hold.ms.value <= max))
        lint_emit(cx, rule, spec->settings.node[SET_BUILD_UP]->loc, spec, NULL, hint,
                  "this progression ends at holds of %s, long for %s", fmt_ms(to, a, sizeof a), what);
}

static void rt101(LintCtx *cx, const ExerciseSpec *spec) {
    if (is_stretch(spec) && !is_passive(cx, spec))
        check_long_hold(cx, spec, LINT_RT101, lint_param(cx, LINT_RT101, 0), "a static stretch", "max_hold");
}

/* McGill's 10 s comes from low-back (trunk) endurance work: it applies
 * there; other isometric holds get the general limit. */
static void rt102(LintCtx *cx, const ExerciseSpec *spec) {
    if (!is_strength(spec) || is_passive(cx, spec))
        return;
    if (said(spec_saying(cx, spec, LINT_SAYS_TRUNK, ROLE(TEXT_THERAPIST), true)))
        check_long_hold(cx, spec, LINT_RT102, lint_param(cx, LINT_RT102, 0),
                        "a low-back (trunk) endurance hold", "max_hold");
    else
        check_long_hold(cx, spec, LINT_RT102, lint_param(cx, LINT_RT102, 1), "an isometric hold",
                        "max_hold_other");
}

/* A stretch held for a range of minutes (`hold 5min to 15min;`) is a
 * prolonged low-load stretch written on purpose, not a slip of the unit: RT101
 * speaks for its length, and here it meets the passive ceiling. */
static bool is_prolonged_stretch(const ExerciseSpec *spec, const Node *hold) {
    return is_stretch(spec) && hold && hold->as.hold.least.present && hold->as.hold.least.value > 0;
}

/* Continuous activity (a walk, a bike ride): minutes of it are not a hold. */
static bool is_cardio(const ExerciseSpec *spec) {
    return kind_is(spec, KIND_CARDIO);
}

static void rt103(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = is_cardio(spec) ? NULL : timed_hold(spec);
    bool passive = is_passive(cx, spec) || is_prolonged_stretch(spec, hold);
    uint64_t max = lint_param(cx, LINT_RT103, passive ? 1 : 0), to = build_target(spec, BUILD_HOLD);
    char a[32];
    if (hold && hold->as.hold.ms.value > max)
        lint_emit(cx, LINT_RT103, hold->as.hold.ms.loc, spec, NULL,
                  passive ? "a passive position longer than this is a rest, not an exercise: check the unit"
                          : "check the unit: did you mean seconds?",
                  "a hold of %s is far too long for a home programme",
                  fmt_ms(hold->as.hold.ms.value, a, sizeof a));
    else if (to > max)
        lint_emit(cx, LINT_RT103, spec->settings.node[SET_BUILD_UP]->loc, spec, NULL,
                  "check the unit: did you mean seconds?",
                  "this progression ends at holds of %s, far too long for a home programme",
                  fmt_ms(to, a, sizeof a));
}

static void rt104(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = spec->settings.node[SET_HOLD];
    if (!hold || spec_has_role(spec, TEXT_BREATHE) || is_passive(cx, spec) || is_cardio(spec))
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

/* Each text (any role the patient sees) that says `what`. */
static void each_text_saying(LintCtx *cx, const ExerciseSpec *spec, LintSays what,
                             void (*fn)(LintCtx *, const ExerciseSpec *, Said)) {
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        LintSaid s = lint_said(cx, t->as.text.text.s);
        if (lint_says(&s, what))
            fn(cx, spec, (Said){t, NULL, s.at[what]});
    }
}

static void breath_hold_text(LintCtx *cx, const ExerciseSpec *spec, Said s) {
    char q[80];
    lint_emit(cx, LINT_RT105, s.text->loc, spec, NULL,
              "say \"breathe out as you lift, in as you lower\", or \"keep breathing\"",
              "this text tells the patient to hold their breath (%s)", quote(s, q, sizeof q));
}

static void rt105(LintCtx *cx, const ExerciseSpec *spec) {
    each_text_saying(cx, spec, LINT_SAYS_BREATH_HOLD, breath_hold_text);
}

/* Balance work warms up too: a strengthening exercise after it is not
 * the first load of a cold body. */
static void rt106(LintCtx *cx) {
    bool warmed = false;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const ExerciseSpec *spec = cx->entries[i].spec;
        if (!spec)
            continue;
        if (kind_is(spec, KIND_PREPARES)) /* a warm-up, or balance work */
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

/* The safety note that says what to do on pain: the routine's, or one of
 * an exercise played. */
static const Node *pain_note(LintCtx *cx) {
    static const LintSays says[] = {LINT_SAYS_PAIN_STOP, LINT_SAYS_PAIN_FREE}; /* "it must not hurt" */
    const Node *n = NULL;
    for (size_t k = 0; !n && k < 2; k++) {
        n = routine_saying(cx, TEXT_SAFETY, says[k]);
        for (size_t i = 0; !n && i < cx->n_specs; i++)
            n = spec_saying(cx, cx->specs[i], says[k], ROLE(TEXT_SAFETY), false).text;
    }
    return n;
}

static void rt107(LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    if (cx->library || !routine || pain_note(cx))
        return;
    lint_emit(cx, LINT_RT107, routine->as.routine.title.loc, NULL, NULL,
              "add `safety \"Stop if you feel pain, and tell your therapist.\";` to the routine",
              "no safety note tells the patient what to do if it hurts");
}

/* Lumbar flexion, decided from what the exercise is (its name, the
 * therapist's notes) and does (its position and cues), not from notes or
 * safety texts that may only mention it. */
static Said lumbar_flexion(LintCtx *cx, const ExerciseSpec *spec) {
    return spec_saying(cx, spec, LINT_SAYS_FLEXION, INSTRUCTIONS | ROLE(TEXT_THERAPIST), true);
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
        Said s = spec ? lumbar_flexion(cx, spec) : (Said){NULL, NULL, {0, 0}};
        char q[80];
        if (said(s))
            lint_emit(cx, LINT_RT108, spec->site->loc, spec, NULL,
                      "schedule it later in the day, or replace it in the morning routine",
                      "\"%s\" flexes the lower back (%s%s), and the routine is scheduled in the morning",
                      spec->name, s.name ? "its name: " : "", quote(s, q, sizeof q));
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

/* A `when` that asks for nothing: no words, or "whenever you like". */
/* A `when` that asks for nothing: no words, "whenever you like", or only
 * a date ("after two weeks": the calendar alone, RT110's rationale). */
static bool gate_says_nothing(LintCtx *cx, const char *text, LintSpan *at) {
    LintSaid s = lint_said(cx, text);
    bool dated = lint_says(&s, LINT_SAYS_CALENDAR) && !lint_says(&s, LINT_SAYS_CONDITION);
    *at = s.at[lint_says(&s, LINT_SAYS_NO_GATE) ? LINT_SAYS_NO_GATE : LINT_SAYS_CALENDAR];
    for (const char *p = text; *p; p++)
        if (isalnum((unsigned char)*p))
            return lint_says(&s, LINT_SAYS_NO_GATE) || dated;
    *at = (LintSpan){0, 0};
    return true;
}

/* The gate `text` (at `loc`) of `what`, when it asks for nothing. */
static void empty_gate(LintCtx *cx, LintRuleId rule, const ExerciseSpec *spec, Loc loc, const char *text,
                       const char *what, const char *hint) {
    LintSpan at;
    char q[80];
    if (!gate_says_nothing(cx, text, &at))
        return;
    lint_emit(cx, rule, loc, spec, NULL, hint, "%s: its `when` (%s) asks for nothing the patient can check", what,
              quote_span(text, at, q, sizeof q));
}

static void ungated_sections(LintCtx *cx, const Node *body, const char *entry) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_SECTION)
            continue;
        const Str *level = &n->as.section.level;
        const Node *when = body_when(n->as.section.body);
        char what[160];
        snprintf(what, sizeof what, "section \"%s\" of level %s", n->as.section.name.s, level->s ? level->s : "");
        if (level->s && !names_equal(level->s, entry) && !when)
            lint_emit(cx, LINT_RT109, level->loc, NULL, NULL,
                      "say when to move on: when \"When the initial exercises are easy.\";",
                      "%s has no `when` saying when the patient is ready", what);
        else if (level->s && !names_equal(level->s, entry))
            empty_gate(cx, LINT_RT109, NULL, when->loc, when->as.text.text.s, what,
                       "say what the patient can check: when \"When you can do 3 sets of 10 without pain.\";");
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
    if (!spec->variant)
        return;
    const Str *inline_when = &spec->variant->as.variant.when; /* easier "X" when "..." */
    const Node *when = body_when(spec->variant->as.variant.body);
    char what[160];
    snprintf(what, sizeof what, "variant \"%s\"", spec->variant->as.variant.name.s);
    if (!inline_when->s && !when)
        lint_emit(cx, LINT_RT109, spec->variant->as.variant.name.loc, spec, NULL,
                  "say when to use it: when \"When the basic form is easy.\";",
                  "%s has no `when` saying when the patient is ready", what);
    else
        empty_gate(cx, LINT_RT109, spec, inline_when->s ? inline_when->loc : when->loc,
                   inline_when->s ? inline_when->s : when->as.text.text.s, what,
                   "say what the patient can check: when \"When the basic form is easy.\";");
}

static void rt110(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    if (b && !b->as.build_up.when.s)
        lint_emit(cx, LINT_RT110, b->loc, spec, NULL,
                  "add the condition: build up to 20 times by 5 when \"it no longer hurts\";",
                  "this progression does not say when to move to the next step");
    else if (b)
        empty_gate(cx, LINT_RT110, spec, b->loc, b->as.build_up.when.s, "this progression",
                   "say what the patient can check: when \"When the last set is easy and nothing hurts.\";");
}

static void rt111(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    /* one set more is the smallest step there is: no percentage applies */
    uint32_t steps = b && b->as.build_up.target != BUILD_SETS ? spec_steps(spec) : 0;
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

/* Volume rules (RT203, RT205, RT211) come from resistance training:
 * warm-ups, mobility, cardio and stretches (marching 60 steps, ankle
 * pumps) are not sets. */
static void rt203(LintCtx *cx, const ExerciseSpec *spec) {
    if (is_warm_up(spec))
        return;
    uint32_t reps = reps_per_side(spec);
    uint64_t max = lint_param(cx, LINT_RT203, 0);
    uint64_t to = build_target(spec, BUILD_REPS);
    if (reps > max)
        lint_emit(cx, LINT_RT203, reps_loc(spec), spec, NULL,
                  "use more sets of fewer repetitions, or a harder variant",
                  "%u repetitions %sin one set is a lot (more than %llu)", reps,
                  spec_sides(spec) == SIDES_NONE ? "" : "per side ", (unsigned long long)max);
    else if (to > max)
        lint_emit(cx, LINT_RT203, spec->settings.node[SET_BUILD_UP]->loc, spec, NULL,
                  "stop the progression lower and add a set instead",
                  "this progression ends at %llu repetitions in one set, a lot (more than %llu)",
                  (unsigned long long)to, (unsigned long long)max);
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
    uint64_t passive_ms; /* of ms: passive positions (icing, prone lying), no exercise */
} Totals;

/* One repetition's time: the hold, or the tempo (own pace: 3 s, a guess;
 * an open hold: 10 s, a guess). */
static uint64_t rep_ms(const ExerciseSpec *spec) {
    const Node *hold = spec->settings.node[SET_HOLD];
    if (spec_tempo_phases(spec, NULL) && !spec_own_pace(spec, NULL)) /* the phases, then a hold */
        return spec_tempo_ms(spec) + (hold && hold->as.hold.mode != HOLD_MODE_OPEN ? hold->as.hold.ms.value : 0);
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
                is_warm_up(spec) ? 0 : reps * sets, 0}; /* volume: see rt203 */
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
    t->passive_ms = add_sat(t->passive_ms, more.passive_ms);
}

/* One session a routine can play: at a level (NULL: every section) and in
 * a stage (NULL: a routine without stages), with what is outside stages. */
typedef struct {
    const char *level;
    const Node *stage;
} Session;

/* " at level 2", " in stage \"Weeks 1-2\"", both, or "". */
static const char *session_words(const Session *s, char *buf, size_t size) {
    int n = snprintf(buf, size, "%s%s", s->level ? " at level " : "", s->level ? s->level : "");
    if (s->stage && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " in stage \"%s\"", s->stage->as.stage.name.s);
    return buf;
}

static bool in_session(const Node *n, const Session *s) {
    if (n->kind == NODE_STAGE)
        return n == s->stage;
    return n->kind == NODE_SECTION && (!s->level || !n->as.section.level.s
                                       || names_equal(s->level, n->as.section.level.s));
}

static const Node *inner_body(const Node *n) {
    return n->kind == NODE_STAGE ? n->as.stage.body : n->as.section.body;
}

/* One exercise in a session: a passive position (ice and elevate, prone
 * lying: its kind or its words) counts as time, not as exercise. */
static Totals entry_totals(LintCtx *cx, const ExerciseSpec *spec) {
    Totals t = spec_totals(spec);
    if (is_passive(cx, spec))
        t.passive_ms = t.ms;
    return t;
}

/* The session `s` as played.  Nesting is bounded by the parser; sums
 * saturate. */
static Totals block_totals(LintCtx *cx, const Node *body, const Session *s) {
    Totals t = {0, 0, 0};
    for (const Node *n = body; n; n = n->next) {
        const ExerciseSpec *spec = n->kind == NODE_EXERCISE ? n->as.exercise.spec
                                 : n->kind == NODE_USE ? n->as.use.spec : NULL;
        if (spec)
            add_totals(&t, entry_totals(cx, spec));
        else if (n->kind == NODE_REST && n->as.rest.scope == REST_STEP)
            t.ms = add_sat(t.ms, n->as.rest.ms.value);
        else if (in_session(n, s))
            add_totals(&t, block_totals(cx, inner_body(n), s));
        else if (n->kind == NODE_CIRCUIT) {
            Totals inner = block_totals(cx, n->as.circuit.body, s);
            uint64_t rounds = n->as.circuit.rounds.value;
            Totals all = {add_sat(mul_sat(inner.ms, rounds), mul_sat(rounds - 1, rounds_rest(n))),
                          mul_sat(inner.reps, rounds), mul_sat(inner.passive_ms, rounds)};
            add_totals(&t, all);
        }
    }
    return t;
}

typedef void SessionFn(LintCtx *cx, const Session *s, Totals t);

/* The distinct levels (or stages) of the entries, in order. */
static size_t distinct(const LintCtx *cx, const void **out, size_t cap, bool stages) {
    size_t n = 0;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const void *v = stages ? (const void *)cx->entries[i].stage : (const void *)cx->entries[i].level;
        bool seen = !v;
        for (size_t j = 0; j < n && !seen; j++)
            seen = stages ? out[j] == v : names_equal(out[j], v);
        if (!seen && n < cap)
            out[n++] = v;
    }
    return n;
}

/* Call `fn` with the totals of each session: each stage (or the routine
 * when it has none) at each level (or with every section). */
static void for_each_session_as(LintCtx *cx, SessionFn *fn, bool totals) {
    const Node *routine = cx->c->model.routine;
    if (cx->library || !routine)
        return;
    const void *levels[16], *stages[32];
    size_t n_levels = distinct(cx, levels, 16, false), n_stages = distinct(cx, stages, 32, true);
    Totals none = {0, 0, 0};
    for (size_t st = 0; st < (n_stages ? n_stages : 1); st++)
        for (size_t l = 0; l < (n_levels ? n_levels : 1); l++) {
            Session s = {n_levels ? levels[l] : NULL, n_stages ? stages[st] : NULL};
            fn(cx, &s, totals ? block_totals(cx, routine->as.routine.body, &s) : none);
        }
}

static void for_each_session(LintCtx *cx, SessionFn *fn) {
    for_each_session_as(cx, fn, true);
}

static Loc session_loc(LintCtx *cx, const Session *s) {
    return s->stage ? s->stage->as.stage.name.loc : cx->c->model.routine->as.routine.title.loc;
}

static void session_volume(LintCtx *cx, const Session *s, Totals t) {
    uint64_t max = lint_param(cx, LINT_RT205, 0);
    char w[160];
    if (t.reps > max)
        lint_emit(cx, LINT_RT205, session_loc(cx, s), NULL, NULL,
                  "lower the day's volume: fewer sets or repetitions per exercise",
                  "a session%s has %llu repetitions in all, more than %llu", session_words(s, w, sizeof w),
                  (unsigned long long)t.reps, (unsigned long long)max);
}

static void rt205(LintCtx *cx) {
    for_each_session(cx, session_volume);
}

typedef struct {
    const ScheduleItem *daily, *times;
} Schedule;

/* The NODE_SCHEDULE directly in `body`, or NULL. */
static const Node *schedule_in(const Node *body) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_SCHEDULE)
            return n;
    return NULL;
}

/* The schedule a session follows: its stage's own, else the routine's. */
static const Node *session_schedule(LintCtx *cx, const Node *stage) {
    const Node *own = stage ? schedule_in(stage->as.stage.body) : NULL;
    return own ? own : cx->c->model.schedule;
}

static Schedule schedule_of(const Node *schedule) {
    Schedule s = {NULL, NULL};
    for (const ScheduleItem *it = schedule ? schedule->as.schedule.items : NULL; it; it = it->next) {
        if (it->kind == SCHED_DAILY_TIME)
            s.daily = it;
        else if (it->kind == SCHED_TIMES_A_DAY || (it->kind == SCHED_EVERY && !s.times))
            s.times = it;
    }
    return s;
}

/* The waking day `every 2 hours` is spread over. */
#define WAKING_MS (16u * 3600u * 1000u)

/* The most (hi) of an item; for `every 2 hours`, the sessions a waking
 * day holds (at least 1). */
static uint64_t hi_of(const ScheduleItem *it) {
    if (it->kind == SCHED_EVERY)
        return it->lo.value ? (WAKING_MS / it->lo.value ? WAKING_MS / it->lo.value : 1) : 1;
    return it->hi.present ? it->hi.value : it->lo.value;
}

static uint64_t lo_of(const ScheduleItem *it) {
    return it->kind == SCHED_EVERY ? hi_of(it) : it->lo.value;
}

/* The shortest and longest session the schedule allows: the time a day
 * divided by the sessions a day.  False when it says no time a day. */
static bool session_bounds(const Node *schedule, uint64_t *least, uint64_t *most) {
    Schedule s = schedule_of(schedule);
    if (!s.daily || !s.daily->lo.value || s.daily->lo.overflow || s.daily->hi.overflow)
        return false;
    uint64_t times_lo = s.times && lo_of(s.times) ? lo_of(s.times) : 1;
    uint64_t times_hi = s.times && hi_of(s.times) ? hi_of(s.times) : 1;
    *most = hi_of(s.daily) / times_lo;
    *least = s.daily->lo.value / times_hi;
    return true;
}

static Loc schedule_loc(const Node *schedule) {
    const ScheduleItem *daily = schedule_of(schedule).daily;
    return daily ? daily->loc : schedule->loc;
}

static void session_too_long(LintCtx *cx, const Session *s, Totals t) {
    uint64_t least, most;
    const Node *sched = session_schedule(cx, s->stage);
    char a[32], b[32], w[160];
    if (session_bounds(sched, &least, &most) && t.ms > most)
        lint_emit(cx, LINT_RT206, schedule_loc(sched), NULL, NULL,
                  "shorten the routine, or change the schedule",
                  "a session%s takes about %s, more than the %s the schedule allows",
                  session_words(s, w, sizeof w), fmt_ms(t.ms / 1000 * 1000, a, sizeof a),
                  fmt_ms(most, b, sizeof b));
}

static void session_too_short(LintCtx *cx, const Session *s, Totals t) {
    uint64_t least, most;
    const Node *sched = session_schedule(cx, s->stage);
    char a[32], b[32], w[160];
    if (session_bounds(sched, &least, &most) && t.ms < least)
        lint_emit(cx, LINT_RT207, schedule_loc(sched), NULL, NULL,
                  "add exercises or sets, or change the schedule",
                  "a session%s takes about %s, less than the %s the schedule asks for",
                  session_words(s, w, sizeof w), fmt_ms(t.ms / 1000 * 1000, a, sizeof a),
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
    uint64_t min = lint_param(cx, LINT_RT208, 0), have = spec_least_ms(spec, SET_REST_SETS);
    char a[32], b[32];
    if (sets && spec_sets(spec) > 1 && have < min && !spec_rest_as_needed(spec, SET_REST_SETS))
        lint_emit(cx, LINT_RT208, rest ? rest->as.rest.ms.loc : sets->loc, spec, NULL,
                  "write `rest 30s between sets;`",
                  "%s of rest between sets is too short (at least %s)", fmt_ms(have, a, sizeof a),
                  fmt_ms(min, b, sizeof b));
}

/* Hard: a strengthening exercise that is a maximal effort, or holds for
 * at least `hard_work` in one set.  Light movements at a tempo are not
 * hard however many there are (RT205 and RT211 watch the volume). */
static const Node *high_effort(const LintCtx *cx, const ExerciseSpec *spec);

/* A rest step's shortest time: the lower end of a range. */
static uint64_t rest_least(const Node *rest) {
    return rest->as.rest.least.present ? rest->as.rest.least.value : rest->as.rest.ms.value;
}

static bool is_hard(LintCtx *cx, const ExerciseSpec *spec) {
    Said why;
    const Node *hold = timed_hold(spec);
    if (!is_strength(spec) || is_passive(cx, spec))
        return false;
    uint64_t work = hold ? (uint64_t)hold->as.hold.ms.value * reps_per_side(spec) : 0;
    return is_maximal(cx, spec, &why) || high_effort(cx, spec) || work >= lint_param(cx, LINT_RT209, 1);
}

static void rt209(LintCtx *cx) {
    const LintEntry *prev = NULL;
    uint64_t rest = 0;
    for (size_t i = 0; i < cx->n_entries; i++) {
        const LintEntry *e = &cx->entries[i];
        if (!e->spec) {
            rest = add_sat(rest, rest_least(e->rest));
            continue;
        }
        uint64_t gap = add_sat(rest, spec_least_ms(e->spec, SET_REST_EXERCISES));
        if (prev && is_hard(cx, prev->spec) && is_hard(cx, e->spec) && prev->level == e->level
            && prev->stage == e->stage
            && add_sat(gap, spec_least_ms(prev->spec, SET_REST_AFTER)) < lint_param(cx, LINT_RT209, 0))
            lint_emit(cx, LINT_RT209, e->spec->site->loc, e->spec, NULL,
                      "add `rest 30s;` before it, or `rest 30s after;` to the exercise before",
                      "\"%s\" follows the hard exercise \"%s\" with almost no rest", e->spec->name,
                      prev->spec->name);
        prev = e;
        rest = 0;
    }
}

/* ---- dose over a day, over an exercise, over time ----------------------- */

/* Sessions a day times the session: a day's exercise; or the time a day
 * the schedule itself asks for. */
static void daily_dose(LintCtx *cx, const Session *ses, Totals t) {
    Schedule s = schedule_of(session_schedule(cx, ses->stage));
    uint64_t times = s.times ? hi_of(s.times) : 1, max = lint_param(cx, LINT_RT210, 0);
    uint64_t work = t.ms - (t.passive_ms < t.ms ? t.passive_ms : t.ms); /* icing is not exercise */
    uint64_t day = mul_sat(times, work / 1000 * 1000);
    char a[32], b[32], c[32], w[160];
    if (s.daily && !s.daily->lo.overflow && !s.daily->hi.overflow && hi_of(s.daily) > max)
        lint_emit(cx, LINT_RT210, s.daily->loc, NULL, NULL, "ask for less time a day",
                  "the schedule asks for %s of exercise a day, more than %s",
                  fmt_ms(hi_of(s.daily), a, sizeof a), fmt_ms(max, b, sizeof b));
    else if (s.times && day > max)
        lint_emit(cx, LINT_RT210, s.times->loc, NULL, NULL,
                  "fewer sessions a day, or a shorter session",
                  "%llu sessions a day of about %s%s make %s of exercise a day, more than %s",
                  (unsigned long long)times, fmt_ms(work / 1000 * 1000, a, sizeof a),
                  session_words(ses, w, sizeof w), fmt_ms(day, b, sizeof b), fmt_ms(max, c, sizeof c));
}

static void rt210(LintCtx *cx) {
    for_each_session(cx, daily_dose);
}

/* The repetitions one side does in a session: per set x sets x rounds. */
static void exercise_volume(LintCtx *cx, const ExerciseSpec *spec, uint64_t rounds) {
    if (is_warm_up(spec))
        return;
    uint64_t per_set = reps_per_side(spec), sets = spec_sets(spec), max = lint_param(cx, LINT_RT211, 0);
    uint64_t to = build_target(spec, BUILD_REPS);
    bool side = spec_sides(spec) != SIDES_NONE;
    char times[80] = "";
    int n = sets > 1 ? snprintf(times, sizeof times, " x %llu sets", (unsigned long long)sets) : 0;
    if (rounds > 1)
        snprintf(times + n, sizeof times - (size_t)n, " x %llu rounds", (unsigned long long)rounds);
    if (per_set * sets * rounds > max)
        lint_emit(cx, LINT_RT211, reps_loc(spec), spec, NULL,
                  "fewer sets or repetitions: about 2-4 sets of 8-15 is usual",
                  "%llu repetitions%s%s = %llu%s in a session, more than %llu",
                  (unsigned long long)per_set, side ? " a side" : "", times,
                  (unsigned long long)per_set * sets * rounds, side ? " a side" : "", (unsigned long long)max);
    else if (to && to * sets * rounds > max)
        lint_emit(cx, LINT_RT211, spec->settings.node[SET_BUILD_UP]->loc, spec, NULL,
                  "stop the progression lower, or use fewer sets",
                  "this progression ends at %llu repetitions x %llu sets = %llu%s in a session, more than %llu",
                  (unsigned long long)to, (unsigned long long)sets, (unsigned long long)to * sets * rounds,
                  side ? " a side" : "", (unsigned long long)max);
}

static void rt211(LintCtx *cx) {
    for (size_t i = 0; cx->library && i < cx->n_specs; i++)
        exercise_volume(cx, cx->specs[i], 1);
    for (size_t i = 0; !cx->library && i < cx->n_entries; i++)
        if (cx->entries[i].spec)
            exercise_volume(cx, cx->entries[i].spec, cx->entries[i].rounds);
}

/* The longest piece of one exercise done without a rest of at least
 * `min` inside it: a repetition, a set, or the whole exercise. */
static uint64_t piece_ms(const ExerciseSpec *spec, uint64_t min, bool *breaks) {
    Totals all = spec_totals(spec);
    uint64_t reps = (uint64_t)spec_reps(spec) * sides_factor(spec_sides(spec));
    *breaks = true;
    if (reps > 1 && spec_least_ms(spec, SET_REST_REPS) >= min)
        return rep_ms(spec);
    if (spec_sets(spec) > 1 && spec_least_ms(spec, SET_REST_SETS) >= min)
        return reps * rep_ms(spec) + (reps - 1) * spec_ms(spec, SET_REST_REPS);
    *breaks = false;
    return all.ms;
}

/* A walk through the session in the order it is played, adding up work
 * done with no rest of at least min_rest.  Warm-ups, stretches and passive
 * positions are gentle: they neither add nor rest. */
typedef struct {
    uint64_t run, min, max;
    unsigned resets;
    bool emitted;
} Walk;

static void walk_add(LintCtx *cx, Walk *w, const ExerciseSpec *spec) {
    bool breaks;
    char a[32], b[32], c[32];
    if (w->emitted || is_warm_up(spec) || is_passive(cx, spec))
        return;
    uint64_t piece = piece_ms(spec, w->min, &breaks);
    if (add_sat(w->run, piece) > w->max) {
        w->emitted = true;
        lint_emit(cx, LINT_RT212, spec->site->loc, spec, NULL,
                  "add `rest 1min;` before it, or rests between sets",
                  "by \"%s\" the patient has worked about %s with no rest of %s or more (at most %s)",
                  spec->name, fmt_ms(add_sat(w->run, piece) / 1000 * 1000, a, sizeof a),
                  fmt_ms(w->min, b, sizeof b), fmt_ms(w->max, c, sizeof c));
    }
    w->run = breaks ? piece : add_sat(w->run, piece);
    w->resets += breaks;
    if (spec_least_ms(spec, SET_REST_AFTER) + spec_least_ms(spec, SET_REST_EXERCISES) >= w->min) {
        w->run = 0;
        w->resets++;
    }
}

static void walk_rest(Walk *w, uint64_t ms) {
    if (ms >= w->min) {
        w->run = 0;
        w->resets++;
    } else {
        w->run = add_sat(w->run, ms);
    }
}

static void walk_block(LintCtx *cx, Walk *w, const Node *body, const Session *s);

/* Rounds are walked until one rests inside (every later round is then the
 * same) or adds nothing, so a large count costs no more than two rounds. */
static void walk_circuit(LintCtx *cx, Walk *w, const Node *n, const Session *s) {
    uint64_t rounds = n->as.circuit.rounds.value;
    for (uint64_t r = 0; r < rounds && !w->emitted; r++) {
        unsigned resets = w->resets;
        uint64_t before = w->run;
        walk_block(cx, w, n->as.circuit.body, s);
        if ((r && w->resets != resets) || (w->resets == resets && w->run == before))
            break;
        if (r + 1 < rounds)
            walk_rest(w, rounds_rest(n));
    }
}

static void walk_block(LintCtx *cx, Walk *w, const Node *body, const Session *s) {
    for (const Node *n = body; n && !w->emitted; n = n->next) {
        const ExerciseSpec *spec = n->kind == NODE_EXERCISE ? n->as.exercise.spec
                                 : n->kind == NODE_USE ? n->as.use.spec : NULL;
        if (spec)
            walk_add(cx, w, spec);
        else if (n->kind == NODE_REST && n->as.rest.scope == REST_STEP)
            walk_rest(w, rest_least(n));
        else if (in_session(n, s))
            walk_block(cx, w, inner_body(n), s);
        else if (n->kind == NODE_CIRCUIT)
            walk_circuit(cx, w, n, s);
    }
}

static void continuous_work(LintCtx *cx, const Session *s, Totals t) {
    (void)t;
    Walk w = {0, lint_param(cx, LINT_RT212, 1), lint_param(cx, LINT_RT212, 0), 0, false};
    walk_block(cx, &w, cx->c->model.routine->as.routine.body, s);
}

static void rt212(LintCtx *cx) {
    for_each_session_as(cx, continuous_work, false); /* it walks the session itself */
}

/* ---- safety: what the words ask for ------------------------------------- */

static void pain_push_text(LintCtx *cx, const ExerciseSpec *spec, Said s) {
    const Node *note = pain_note(cx);
    char q[80], against[64] = "";
    if (note)
        snprintf(against, sizeof against, ", against the safety note on line %u", note->loc.line);
    lint_emit(cx, LINT_RT112, s.text->loc, spec, NULL,
              "say how far to go instead: \"work up to mild discomfort, never pain\"",
              "this text tells the patient to push into pain (%s)%s", quote(s, q, sizeof q), against);
}

static void rt112(LintCtx *cx, const ExerciseSpec *spec) {
    each_text_saying(cx, spec, LINT_SAYS_PAIN_PUSH, pain_push_text);
}

/* Bouncing, jerking or momentum anywhere; bobbing or pulsing when it is
 * a stretch. */
static void rt113(LintCtx *cx, const ExerciseSpec *spec) {
    Said s = spec_saying(cx, spec, LINT_SAYS_BALLISTIC, INSTRUCTIONS, false);
    if (!said(s) && (is_stretch(spec) || said(spec_saying(cx, spec, LINT_SAYS_STRETCH, INSTRUCTIONS, true))))
        s = spec_saying(cx, spec, LINT_SAYS_BOB, INSTRUCTIONS, false);
    char q[80];
    if (said(s))
        lint_emit(cx, LINT_RT113, s.text->loc, spec, NULL,
                  "move slowly and under control; hold a stretch still: \"no bouncing\"",
                  "this text asks for a ballistic movement (%s)", quote(s, q, sizeof q));
}

/* A full sit-up in a routine whose own texts say to avoid them. */
static const Node *own_advice_against(LintCtx *cx, const ExerciseSpec *spec) {
    static const TextRole roles[] = {TEXT_NOTE, TEXT_SAFETY, TEXT_THERAPIST};
    Said mine = spec_saying(cx, spec, LINT_SAYS_AVOID_SIT_UP, ROLE(TEXT_NOTE) | ROLE(TEXT_SAFETY), false);
    const Node *n = mine.text;
    for (size_t i = 0; !n && i < sizeof roles / sizeof *roles; i++)
        n = routine_saying(cx, roles[i], LINT_SAYS_AVOID_SIT_UP);
    return n;
}

/* Pulling on the neck: said in words, or invited by hands behind the head
 * in a curl-up or sit-up that says nothing of supporting the head; and a
 * full sit-up that the handout's own advice rules out. */
static void rt114(LintCtx *cx, const ExerciseSpec *spec) {
    Said s = spec_saying(cx, spec, LINT_SAYS_NECK_PULL, INSTRUCTIONS, false);
    char q[80];
    if (said(s)) {
        lint_emit(cx, LINT_RT114, s.text->loc, spec, NULL,
                  "say \"support your head lightly with your hands; do not pull on your neck\"",
                  "this text tells the patient to pull on their head or neck (%s)", quote(s, q, sizeof q));
        return;
    }
    Said situp = spec_saying(cx, spec, LINT_SAYS_SIT_UP, INSTRUCTIONS, true);
    bool curl = said(situp) || said(spec_saying(cx, spec, LINT_SAYS_FLEXION, INSTRUCTIONS, true));
    Said hands = spec_saying(cx, spec, LINT_SAYS_HANDS_HEAD, INSTRUCTIONS, false);
    const Node *against = said(situp) ? own_advice_against(cx, spec) : NULL;
    if (against)
        lint_emit(cx, LINT_RT114, situp.text ? situp.text->loc : name_loc(spec), spec, NULL,
                  "use a curl-up (head and shoulders only, hands under the low back) instead",
                  "\"%s\" is a full sit-up (%s), which the routine's own text on line %u says to avoid",
                  spec->name, quote(situp, q, sizeof q), against->loc.line);
    else if (curl && said(hands) && !said(spec_saying(cx, spec, LINT_SAYS_NECK_CARE, SHOWN, false)))
        lint_emit(cx, LINT_RT114, hands.text->loc, spec, NULL,
                  "add \"support your head lightly; do not pull on your neck\", or cross the arms on the chest",
                  "hands behind the head in a curl-up (%s) invite pulling on the neck, and nothing says not to",
                  quote(hands, q, sizeof q));
}

/* Balance work that can end in a fall: eyes closed or one leg, standing,
 * with no support named (here or in the routine's own texts) or no time
 * to get into position. */
static void rt115(LintCtx *cx, const ExerciseSpec *spec) {
    bool balance = kind_is(spec, KIND_BALANCE);
    static const LintSays hard_ones[] = {LINT_SAYS_EYES_CLOSED, LINT_SAYS_ONE_LEG, LINT_SAYS_UNSTABLE};
    Said hard = {NULL, NULL, {0, 0}};
    for (size_t i = 0; i < sizeof hard_ones / sizeof *hard_ones && !said(hard); i++)
        hard = spec_saying(cx, spec, hard_ones[i], SHOWN, true);
    if (!said(hard) || !(balance || said(spec_saying(cx, spec, LINT_SAYS_STANDING, SHOWN, true))))
        return;
    bool support = said(spec_saying(cx, spec, LINT_SAYS_SUPPORT, SHOWN | ROLE(TEXT_SAFETY), false))
                || routine_saying(cx, TEXT_SAFETY, LINT_SAYS_SUPPORT) || routine_saying(cx, TEXT_NOTE, LINT_SAYS_SUPPORT);
    bool ready = spec_ms(spec, SET_GET_READY) > 0;
    char q[80];
    if (!support || !ready)
        lint_emit(cx, LINT_RT115, name_loc(spec), spec, NULL,
                  !support ? "add `position \"Stand next to a sturdy chair or counter and hold on if you need to.\";`"
                           : "give time to get into position and take hold: `get ready 5s;`",
                  "\"%s\" is balance work (%s) with %s", spec->name, quote(hard, q, sizeof q),
                  !support ? "no support nearby (no chair, counter or wall named)" : "no time to get ready");
}

/* Maximal or open-ended efforts: a ceiling at the starting level, and a
 * rest between repetitions at least as long as the effort. */
static void unbounded(LintCtx *cx, const ExerciseSpec *spec, bool starting) {
    Said why;
    if (is_passive(cx, spec) || !is_maximal(cx, spec, &why))
        return;
    const Node *hold = spec->settings.node[SET_HOLD], *rest = spec->settings.node[SET_REST_REPS];
    char q[80], a[32], b[32];
    if (hold && hold->as.hold.mode == HOLD_MODE_OPEN && starting)
        lint_emit(cx, LINT_RT116, hold->loc, spec, NULL, "give a ceiling: `hold up to 30s;`",
                  "an open-ended hold with no ceiling at the starting level");
    uint64_t effort = hold && hold->as.hold.mode != HOLD_MODE_OPEN ? hold->as.hold.ms.value
                    : hold ? 10000 : rep_ms(spec);
    uint64_t least = effort > lint_param(cx, LINT_RT116, 0) ? effort : lint_param(cx, LINT_RT116, 0);
    uint64_t have = spec_least_ms(spec, SET_REST_REPS); /* a range of rests: its shortest */
    if (spec_rest_as_needed(spec, SET_REST_REPS)) /* the patient rests as long as needed */
        return;
    if (spec_reps(spec) * sides_factor(spec_sides(spec)) > 1 && have < least)
        lint_emit(cx, LINT_RT116, rest ? rest->loc : reps_loc(spec), spec, NULL,
                  "rest at least as long as each effort between repetitions",
                  "a maximal effort (%s) with %s of rest between repetitions (at least %s)",
                  said(why) ? quote(why, q, sizeof q) : "\"as long as you can\"", fmt_ms(have, a, sizeof a),
                  fmt_ms(least, b, sizeof b));
}

static bool entry_starting(const LintCtx *cx, const LintEntry *e);

static void rt116(LintCtx *cx) {
    if (cx->library)
        for (size_t i = 0; i < cx->n_specs; i++)
            unbounded(cx, cx->specs[i], !cx->specs[i]->variant);
    for (size_t i = 0; !cx->library && i < cx->n_entries; i++) {
        const LintEntry *e = &cx->entries[i];
        if (e->spec)
            unbounded(cx, e->spec, entry_starting(cx, e));
    }
}

/* `tempo 0.5s up, hold 2s, 0.5s down;`: the phases that move take
 * min_tempo at least, and none of them less than half of it (a lift of
 * 0.3 s is a throw, whatever the hold after it).  Returns true when it
 * reported. */
static bool rt117_phases(LintCtx *cx, const ExerciseSpec *spec, uint64_t min) {
    char a[32], b[32];
    uint64_t moving = 0;
    const TempoPhase *first = spec_tempo_phases(spec, NULL), *fast = NULL;
    for (const TempoPhase *p = first; p; p = p->next)
        if (p->code < TEMPO_WORD__COUNT && tempo_words[p->code].motion != TEMPO_STILL) {
            moving += p->ms.value;
            fast = fast ? fast : p->ms.value < min / 2 ? p : NULL;
        }
    if (fast)
        lint_emit(cx, LINT_RT117, fast->loc, spec, NULL,
                  "take about 1-2 s to lift and 1-2 s to lower: `tempo 2s up, 2s down;`",
                  "the phase `%s` of a strengthening repetition takes %s, too fast to control "
                  "(at least %s)", fast->word.s, fmt_ms(fast->ms.value, a, sizeof a),
                  fmt_ms(min / 2, b, sizeof b));
    else if (first && moving < min) /* no phases: nothing to time */
        lint_emit(cx, LINT_RT117, first->loc, spec, NULL,
                  "take about 1-2 s to lift and 1-2 s to lower: `tempo 2s up, 2s down;`",
                  "a strengthening repetition that moves for %s is too fast to control (at least %s)",
                  fmt_ms(moving, a, sizeof a), fmt_ms(min, b, sizeof b));
    return fast || moving < min;
}

static void rt117(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *tempo = spec->settings.node[SET_TEMPO];
    uint64_t min = lint_param(cx, LINT_RT117, 0);
    char a[32], b[32];
    if (is_strength(spec) && tempo && tempo->as.tempo.phases) {
        rt117_phases(cx, spec, min);
        return;
    }
    if (is_strength(spec) && tempo && tempo->as.tempo.ms.value < min)
        lint_emit(cx, LINT_RT117, tempo->as.tempo.ms.loc, spec, NULL,
                  "take about 1-2 s to lift and 1-2 s to lower: `tempo 3s;`",
                  "a strengthening repetition in %s is too fast to control (at least %s)",
                  fmt_ms(tempo->as.tempo.ms.value, a, sizeof a), fmt_ms(min, b, sizeof b));
}

/* ---- structure ---------------------------------------------------------- */

static const ExerciseSpec *other_side(const LintCtx *cx, const ExerciseSpec *spec, SideMode want) {
    for (size_t i = 0; i < cx->n_specs; i++)
        if (cx->specs[i]->def == spec->def && spec_sides(cx->specs[i]) == want)
            return cx->specs[i];
    return NULL;
}

/* Say what differs between the left (`l`) and right (`r`) side: the
 * repetitions, the sets, the hold. */
static void uneven_sides(LintCtx *cx, const ExerciseSpec *l, const ExerciseSpec *r) {
    char what[200] = "", a[32], b[32];
    size_t n = 0;
    if (spec_reps(l) != spec_reps(r))
        n += (size_t)snprintf(what + n, sizeof what - n, "%s%u repetitions on the left, %u on the right",
                              n ? "; " : "", spec_reps(l), spec_reps(r));
    if (n < sizeof what && spec_sets(l) != spec_sets(r))
        n += (size_t)snprintf(what + n, sizeof what - n, "%s%u sets on the left, %u on the right",
                              n ? "; " : "", spec_sets(l), spec_sets(r));
    if (n < sizeof what && spec_has_hold(l) && spec_has_hold(r) && spec_hold_ms(l) != spec_hold_ms(r))
        n += (size_t)snprintf(what + n, sizeof what - n, "%sholds of %s on the left, %s on the right",
                              n ? "; " : "", fmt_ms(spec_hold_ms(l), a, sizeof a), fmt_ms(spec_hold_ms(r), b, sizeof b));
    if (n)
        lint_emit(cx, LINT_RT301, reps_loc(l), l, NULL,
                  "if it is meant, write allow RT301 \"the reason\";",
                  "the two sides of \"%s\" are uneven: %s", l->name, what);
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
    else if (left) /* once per pair */
        uneven_sides(cx, spec, other);
}

/* Rests of 0 that can only be a slip (between reps or sides, 0 is a
 * reasonable way to turn a default off). */
static void zero_rests(LintCtx *cx, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        RestScope scope = n->kind == NODE_REST ? n->as.rest.scope : REST_BETWEEN_REPS;
        if (n->kind == NODE_REST && n->as.rest.ms.value == 0 && !n->as.rest.as_needed
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
                          : n->kind == NODE_CIRCUIT ? n->as.circuit.body
                          : n->kind == NODE_STAGE ? n->as.stage.body : NULL; /* a `do` in a stage plays it too */
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
        else if (it->kind == NODE_STAGE)
            n += count_uses(it->as.stage.body);
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

/* A `hold` with a tempo in phases that go and come back plays after the
 * whole repetition, at its start position: most likely it was meant
 * between them (`tempo 3s up, hold 5s, 3s down;`).  Returns true when the
 * tempo has phases (they, not the length, are what is checked). */
static bool rt306_phases(LintCtx *cx, const ExerciseSpec *spec, const Node *hold, const Node *tempo) {
    bool go = false, back = false;
    char d[32], last[64] = "";
    for (const TempoPhase *p = tempo->as.tempo.phases; p; p = p->next)
        if (p->code < TEMPO_WORD__COUNT) {
            go |= tempo_words[p->code].motion == TEMPO_GO;
            back |= go && tempo_words[p->code].motion == TEMPO_BACK;
            snprintf(last, sizeof last, "%s %s", fmt_ms(p->ms.value, d, sizeof d), p->word.s);
        }
    if (go && back)
        lint_emit(cx, LINT_RT306, hold->loc, spec, NULL,
                  "write the hold where it comes in the repetition, as in `tempo 3s up, hold 5s, 3s down;`",
                  "this hold comes after the whole repetition (after `%s`), back where it started", last);
    return true;
}

static void rt306(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *hold = timed_hold(spec), *tempo = spec->settings.node[SET_TEMPO];
    char a[32], b[32];
    if (hold && tempo && tempo->as.tempo.phases && rt306_phases(cx, spec, hold, tempo))
        return;
    if (hold && tempo && hold->as.hold.ms.value > tempo->as.tempo.ms.value)
        lint_emit(cx, LINT_RT306, hold->loc, spec, NULL, "make the tempo at least as long as the hold",
                  "the hold (%s) is longer than the repetition it belongs to (tempo %s)",
                  fmt_ms(hold->as.hold.ms.value, a, sizeof a), fmt_ms(tempo->as.tempo.ms.value, b, sizeof b));
}

/* ---- the prescription's settings: effort, pain limit, load, stages ------ */

/* `v` on `scale` (default of 10), in percent. */
static uint64_t percent_of(uint64_t v, const Num *scale) {
    uint64_t top = scale->present && scale->value ? scale->value : DEFAULT_SCALE;
    return v * 100 / top;
}

static uint64_t scale_of(const Num *scale) {
    return scale->present && scale->value ? scale->value : DEFAULT_SCALE;
}

/* The upper end of an effort (a range's or the one value). */
static uint64_t effort_top(const Node *e) {
    return e->as.effort.hi.present ? e->as.effort.hi.value : e->as.effort.lo.value;
}

/* "9 to 10 of 10". */
static const char *effort_words(const Node *e, char *buf, size_t size) {
    if (e->as.effort.hi.present)
        snprintf(buf, size, "%llu to %llu of %llu", (unsigned long long)e->as.effort.lo.value,
                 (unsigned long long)e->as.effort.hi.value, (unsigned long long)scale_of(&e->as.effort.scale));
    else
        snprintf(buf, size, "%llu of %llu", (unsigned long long)e->as.effort.lo.value,
                 (unsigned long long)scale_of(&e->as.effort.scale));
    return buf;
}

/* An effort above RT118's max_effort: near-maximal. */
static const Node *high_effort(const LintCtx *cx, const ExerciseSpec *spec) {
    const Node *e = spec->settings.node[SET_EFFORT];
    return e && percent_of(effort_top(e), &e->as.effort.scale) > lint_param(cx, LINT_RT118, 0) ? e : NULL;
}

/* The first stage of the routine, in source order, or NULL. */
static const Node *first_stage(const LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    for (const Node *n = routine ? routine->as.routine.body : NULL; n; n = n->next)
        if (n->kind == NODE_STAGE)
            return n;
    return NULL;
}

/* Whether entry `e` is played at the start: the starting level (or none)
 * of the first stage (or none). */
static bool entry_starting(const LintCtx *cx, const LintEntry *e) {
    const Node *routine = cx->c->model.routine;
    const char *entry = routine ? first_level(routine->as.routine.body) : NULL;
    bool level = !e->level || !entry || names_equal(e->level, entry);
    return level && (!e->stage || e->stage == first_stage(cx));
}

/* Near-maximal efforts: not at the start of a programme, and never
 * without rest between sets (or between repeated holds). */
static int score_in_words(LintCtx *cx, const char *t, LintSays about, LintSays other, bool bare);

/* At the start, a text that asks for a near-maximal effort in words:
 * "work at 9 out of 10 effort", "RPE 9". */
static void effort_in_words(LintCtx *cx, const ExerciseSpec *spec) {
    uint64_t max = lint_param(cx, LINT_RT118, 0);
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        /* only a score with its scale: "hard" is too common a word for a bare number */
        int c = score_in_words(cx, spec->texts[i]->as.text.text.s, LINT_SAYS_EFFORT_WORD, LINT_SAYS_PAIN_STOP, false);
        if (c >= 0 && (uint64_t)c > max)
            lint_emit(cx, LINT_RT118, spec->texts[i]->loc, spec, NULL,
                      "start at a moderate effort (\"about 5 to 7 out of 10\") and raise it in a later stage",
                      "this text asks for a near-maximal effort (%d%% of the scale) at the start of the programme", c);
    }
}

static void effort_check(LintCtx *cx, const ExerciseSpec *spec, bool starting) {
    const Node *e = high_effort(cx, spec), *rest = spec->settings.node[SET_REST_SETS];
    if (starting && !is_passive(cx, spec))
        effort_in_words(cx, spec);
    if (!e || is_passive(cx, spec))
        return;
    char w[48], a[32], b[32];
    uint64_t min = lint_param(cx, LINT_RT118, 1), have = spec_least_ms(spec, SET_REST_SETS);
    const Node *hold = timed_hold(spec);
    uint64_t between = spec_least_ms(spec, SET_REST_REPS);
    if (starting)
        lint_emit(cx, LINT_RT118, e->loc, spec, NULL,
                  "start at a moderate effort (`effort 5 to 7 of 10;`) and raise it in a later stage",
                  "a near-maximal effort (%s) at the start of the programme", effort_words(e, w, sizeof w));
    else if (spec_sets(spec) > 1 && have < min)
        lint_emit(cx, LINT_RT118, rest ? rest->loc : e->loc, spec, NULL,
                  "rest 1-2 min between sets of near-maximal effort",
                  "a near-maximal effort (%s) with %s of rest between sets (at least %s)",
                  effort_words(e, w, sizeof w), fmt_ms(have, a, sizeof a), fmt_ms(min, b, sizeof b));
    else if (hold && spec_reps(spec) > 1 && between < hold->as.hold.ms.value)
        lint_emit(cx, LINT_RT118, e->loc, spec, NULL, "rest at least as long as each hold between them",
                  "near-maximal holds (%s) with %s of rest between them (at least %s)",
                  effort_words(e, w, sizeof w), fmt_ms(between, a, sizeof a),
                  fmt_ms(hold->as.hold.ms.value, b, sizeof b));
}

static void rt118(LintCtx *cx) {
    for (size_t i = 0; cx->library && i < cx->n_specs; i++)
        effort_check(cx, cx->specs[i], !cx->specs[i]->variant);
    for (size_t i = 0; !cx->library && i < cx->n_entries; i++)
        if (cx->entries[i].spec)
            effort_check(cx, cx->entries[i].spec, entry_starting(cx, &cx->entries[i]));
}

/* A pain limit above the pain-monitoring model's ceiling. */
static void pain_words(LintCtx *cx, const Node *t, const ExerciseSpec *spec);

static void rt119_spec(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *p = spec->settings.node[SET_PAIN_LIMIT];
    uint64_t max = lint_param(cx, LINT_RT119, 0);
    for (uint32_t i = 0; i < spec->n_texts; i++)
        pain_words(cx, spec->texts[i], spec);
    if (!p || percent_of(p->as.pain_limit.limit.value, &p->as.pain_limit.scale) <= max)
        return;
    char hint[120];
    snprintf(hint, sizeof hint, "lower it: `pain limit 3 of 10;` (at most %llu%% of the scale; the policy key is RT119.max_limit)",
             (unsigned long long)max);
    lint_emit(cx, LINT_RT119, p->loc, NULL, NULL, hint,
              "a pain limit of %llu of %llu lets the patient work through more pain than is safe at home",
              (unsigned long long)p->as.pain_limit.limit.value,
              (unsigned long long)scale_of(&p->as.pain_limit.scale));
}

/* A stage that moves on while the pain is above the same ceiling. */
static void advance_pain(LintCtx *cx, const Node *body) {
    uint64_t max = lint_param(cx, LINT_RT119, 0);
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_STAGE)
            advance_pain(cx, n->as.stage.body);
        if (n->kind == NODE_SECTION)
            advance_pain(cx, n->as.section.body);
        if (n->kind == NODE_TEXT && (n->as.text.role == TEXT_SAFETY || n->as.text.role == TEXT_NOTE))
            pain_words(cx, n, NULL); /* the routine's own notes: "pain up to 7/10 is fine" */
        if (n->kind != NODE_ADVANCE || !n->as.advance.pain.present
            || n->as.advance.pain.value * 100 / DEFAULT_SCALE <= max)
            continue;
        lint_emit(cx, LINT_RT119, n->as.advance.pain.loc, NULL, NULL,
                  "move on only when the pain is low: `when pain at most 2`",
                  "this stage moves on with pain up to %llu of 10",
                  (unsigned long long)n->as.advance.pain.value);
    }
}

static void rt119_routine(LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    if (routine)
        advance_pain(cx, routine->as.routine.body);
}

/* A number at `p`: digits, or a word from "zero" to "twenty" ("seven
 * out of ten"), not inside another word.  Returns its end, or NULL. */
static const char *read_score_number(const char *p, const char *start, unsigned long *n) {
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
                                        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    if (p > start && isalnum((unsigned char)p[-1]))
        return NULL;
    if (isdigit((unsigned char)*p)) {
        char *end;
        *n = strtoul(p, &end, 10);
        return end;
    }
    for (size_t i = sizeof words / sizeof *words; i-- > 0;) {
        size_t len = strlen(words[i]);
        if (strncasecmp(p, words[i], len) == 0 && !isalnum((unsigned char)p[len])) {
            *n = i;
            return p + len;
        }
    }
    return NULL;
}

/* The pain ceiling [t, stop) states ("3/10", "3 out of 10", "3 of 10",
 * "three out of ten"), in percent of its scale; the highest it states, or
 * -1. */
static int stated_ceiling_in(const char *t, const char *stop) {
    int best = -1;
    for (const char *p = t; p < stop && *p; p++) {
        unsigned long n, scale;
        const char *q = read_score_number(p, t, &n);
        if (!q)
            continue;
        while (*q == ' ')
            q++;
        if (*q == '/')
            q++;
        else if (strncasecmp(q, "out of ", 7) == 0)
            q += 7;
        else if (strncasecmp(q, "of ", 3) == 0)
            q += 3;
        else
            continue;
        while (*q == ' ')
            q++;
        const char *end = read_score_number(q, t, &scale);
        if (end && end <= stop && scale >= 1 && scale <= 100 && n <= scale && (int)(n * 100 / scale) > best)
            best = (int)(n * 100 / scale);
    }
    return best;
}

static int stated_ceiling(const char *t) {
    return stated_ceiling_in(t, t + strlen(t));
}

/* A bare score after a pain word, on the 0-10 scale: "pain up to 8",
 * "a pain level of 6 or 7" -- a number up to 10 not followed by a unit
 * ("2 hours", "10 reps").  In percent; the highest, or -1. */
static int bare_score_in(const char *t, const char *stop) {
    static const char *const units[] = {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute",
                                        "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "week",
                                        "weeks", "month", "months", "time", "times", "rep", "reps",
                                        "repetition", "repetitions", "set", "sets", "kg", "lb", "lbs", "g",
                                        "cm", "mm", "degrees", "percent", "x", "am", "pm", "o"};
    int best = -1;
    for (const char *p = t; p < stop && *p; p++) {
        unsigned long n;
        const char *q = read_score_number(p, t, &n);
        if (!q || q > stop || n > 10 || *q == '.' || *q == '%' || *q == '/')
            continue;
        while (*q == ' ')
            q++;
        size_t len = 0;
        while (q + len < stop && isalpha((unsigned char)q[len]))
            len++;
        bool unit = false;
        for (size_t i = 0; i < sizeof units / sizeof *units && !unit; i++)
            unit = len && strlen(units[i]) == len && strncasecmp(q, units[i], len) == 0;
        if (!unit && (int)n * 10 > best)
            best = (int)n * 10;
    }
    return best;
}

/* Whether [from, to) says `what`, read as a text of its own. */
static bool part_says(LintCtx *cx, const char *from, const char *to, LintSays what) {
    char buf[512];
    size_t n = (size_t)(to - from) < sizeof buf - 1 ? (size_t)(to - from) : sizeof buf - 1;
    memcpy(buf, from, n);
    buf[n] = '\0';
    LintSaid s = lint_said_once(cx, buf);
    return lint_says(&s, what);
}

/* The highest pain score a text allows, in percent: a score in a sentence
 * that speaks of pain, in a part of it (between commas) that does not
 * speak of effort ("work at 7/10 effort, with pain under 2/10" allows 2).
 * -1: none. */
static int score_in_words(LintCtx *cx, const char *t, LintSays about, LintSays other, bool bare);

static int pain_ceiling(LintCtx *cx, const char *t) {
    return score_in_words(cx, t, LINT_SAYS_PAIN_STOP, LINT_SAYS_EFFORT_WORD, true);
}

/* The highest score a text gives `about` (pain, effort): a score in a
 * sentence that speaks of it, in a part (between commas) that does not
 * speak of `other`; with `bare`, a number with no scale counts out of 10.
 * -1: none. */
static int score_in_words(LintCtx *cx, const char *t, LintSays about, LintSays other, bool bare) {
    int best = -1;
    for (const char *sent = t; *sent;) {
        const char *end = sent + strcspn(sent, ".;:!?\n"); /* "(6/10)" belongs to its sentence */
        if (end > sent && part_says(cx, sent, end, about))
            for (const char *part = sent; part < end;) {
                const char *stop = part + strcspn(part, ",");
                stop = stop < end ? stop : end;
                int c = stated_ceiling_in(part, stop);
                if (c < 0 && bare && part_says(cx, part, stop, about))
                    c = bare_score_in(part, stop);
                if (c > best && !part_says(cx, part, stop, other))
                    best = c;
                part = stop + (stop < end);
            }
        sent = end + (*end != '\0');
    }
    return best;
}

/* A text that lets the patient go on with more pain than max_limit:
 * "pain up to 7/10 is fine". */
static void pain_words(LintCtx *cx, const Node *t, const ExerciseSpec *spec) {
    int c = pain_ceiling(cx, t->as.text.text.s);
    uint64_t max = lint_param(cx, LINT_RT119, 0);
    if (c < 0 || (uint64_t)c <= max)
        return;
    char hint[120];
    snprintf(hint, sizeof hint, "say a lower ceiling: \"pain up to 3 out of 10 is fine\" (at most %llu%% of the scale)",
             (unsigned long long)max);
    lint_emit(cx, LINT_RT119, t->loc, spec, NULL, hint,
              "this text lets the patient work with pain up to %d%% of the scale, more than is safe at home", c);
}

/* The safety texts that apply to `spec`: its own, then the routine's
 * (and its stages' and sections'): the first that says the patient
 * must stop at any pain, or states a lower ceiling than `pct`. */
static const Node *safety_against(LintCtx *cx, const ExerciseSpec *spec, uint64_t pct, bool *pain_free) {
    Said s = spec_saying(cx, spec, LINT_SAYS_PAIN_FREE, ROLE(TEXT_SAFETY) | ROLE(TEXT_NOTE), false);
    const Node *n = s.text ? s.text : routine_saying(cx, TEXT_SAFETY, LINT_SAYS_PAIN_FREE);
    *pain_free = n != NULL;
    if (n)
        return n;
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        LintSaid said = lint_said(cx, t->as.text.text.s);
        if (t->as.text.role == TEXT_SAFETY && lint_says(&said, LINT_SAYS_PAIN_STOP)) {
            int c = stated_ceiling(t->as.text.text.s);
            if (c >= 0 && (uint64_t)c < pct)
                return t;
        }
    }
    return NULL;
}

/* A safety text of the routine (its stages and sections too) that states
 * a pain ceiling below `pct`, or NULL. */
static const Node *ceiling_below(LintCtx *cx, const Node *body, uint64_t pct) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_SAFETY) {
            LintSaid said = lint_said(cx, n->as.text.text.s);
            int c = lint_says(&said, LINT_SAYS_PAIN_STOP) ? stated_ceiling(n->as.text.text.s) : -1;
            if (c >= 0 && (uint64_t)c < pct)
                return n;
        }
        const Node *inner = n->kind == NODE_SECTION ? n->as.section.body
                          : n->kind == NODE_STAGE ? n->as.stage.body : NULL;
        const Node *found = inner ? ceiling_below(cx, inner, pct) : NULL;
        if (found)
            return found;
    }
    return NULL;
}

static const Node *routine_ceiling_below(LintCtx *cx, uint64_t pct) {
    const Node *routine = cx->c->model.routine;
    return routine ? ceiling_below(cx, routine->as.routine.body, pct) : NULL;
}

static void rt120(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *p = spec->settings.node[SET_PAIN_LIMIT];
    if (!p || p->as.pain_limit.limit.value == 0)
        return;
    bool pain_free;
    const Node *note = safety_against(cx, spec, percent_of(p->as.pain_limit.limit.value, &p->as.pain_limit.scale),
                                      &pain_free);
    if (!note)
        note = routine_ceiling_below(cx, percent_of(p->as.pain_limit.limit.value, &p->as.pain_limit.scale));
    if (note)
        lint_emit(cx, LINT_RT120, p->loc, NULL, NULL,
                  "make them agree: lower the limit, or say the same ceiling in the note",
                  "a pain limit of %llu of %llu contradicts the safety note on line %u, which %s",
                  (unsigned long long)p->as.pain_limit.limit.value,
                  (unsigned long long)scale_of(&p->as.pain_limit.scale), note->loc.line,
                  pain_free ? "says to stop at any pain" : "sets a lower ceiling");
}

/* A load's heaviest end in grams (0: no weight, only words). */
static uint64_t load_top(const Node *load) {
    const Weight *w = load->as.load.hi.amount.present ? &load->as.load.hi : &load->as.load.lo;
    return w->amount.present ? lint_grams(w->amount.value, w->unit) : 0;
}

static uint64_t load_bottom(const Node *load) {
    const Weight *w = &load->as.load.lo;
    return w->amount.present ? lint_grams(w->amount.value, w->unit) : 0;
}

/* A load's end as written ("3lb", "2.5kg"); grams when `other` (the end
 * it is compared with) is in another unit. */
static const char *weight_words(const Weight *w, const Weight *other, char *buf, size_t size) {
    static const char *const units[LOAD_UNIT__COUNT] = {"", "lb", "kg", "g", "oz"};
    uint64_t v = w->amount.value;
    if ((other && other->unit != w->unit) || (unsigned)w->unit >= LOAD_UNIT__COUNT || w->unit == LOAD_NONE)
        return lint_format_grams(lint_grams(v, w->unit), buf, size);
    char frac[8] = "";
    unsigned f = (unsigned)(v % 1000), digits = 3;
    for (; f && f % 10 == 0; f /= 10)
        digits--;
    if (f)
        snprintf(frac, sizeof frac, ".%0*u", (int)digits, f);
    snprintf(buf, size, "%llu%s%s", (unsigned long long)(v / 1000), frac, units[w->unit]);
    return buf;
}

static const Weight *top_weight(const Node *load) {
    return load->as.load.hi.amount.present ? &load->as.load.hi : &load->as.load.lo;
}

/* A rise from `a` to `b` grams over RT213's max_increase. */
static bool steep(const LintCtx *cx, uint64_t a, uint64_t b) {
    return a && b > a && (b - a) * 100 > a * lint_param(cx, LINT_RT213, 0);
}

static void load_jump(LintCtx *cx, const Node *load, const ExerciseSpec *spec, const Weight *from_w,
                      uint64_t from, const char *where) {
    char a[32], b[32];
    uint64_t to = load_top(load);
    const Weight *to_w = top_weight(load);
    if (to_w->unit == from_w->unit && from_w->amount.value) { /* exact, not rounded to grams */
        to = to_w->amount.value;
        from = from_w->amount.value;
    }
    lint_emit(cx, LINT_RT213, load->loc, spec, NULL,
              "raise the load in smaller steps (about 10% at a time), over more stages",
              "the load jumps from %s to %s (+%llu%%)%s", weight_words(from_w, top_weight(load), a, sizeof a),
              weight_words(top_weight(load), from_w, b, sizeof b), (unsigned long long)((to - from) * 100 / from),
              where);
}

/* From an exercise to its harder alternative. */
static void rt213_spec(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *load = spec->settings.node[SET_LOAD]; /* a range is a choice by feel: not a jump */
    for (uint32_t i = 0; load && i < spec->n_variants; i++) {
        const ExerciseSpec *v = spec->variants[i];
        const Node *vl = v->settings.node[SET_LOAD];
        if (v->variant && v->variant->as.variant.dir == ALT_HARDER && vl && vl != load
            && steep(cx, load_top(load), load_top(vl)))
            load_jump(cx, vl, v, top_weight(load), load_top(load), " to the harder alternative");
    }
}

/* From one stage to the next: the same exercise, heavier. */
static void rt213(LintCtx *cx) {
    for (size_t i = 0; i < cx->n_entries; i++) {
        const LintEntry *e = &cx->entries[i];
        const Node *load = e->spec && e->stage ? e->spec->settings.node[SET_LOAD] : NULL;
        for (size_t j = i; load && j-- > 0;) {
            const LintEntry *p = &cx->entries[j];
            const Node *pl = p->spec && p->stage && p->stage != e->stage ? p->spec->settings.node[SET_LOAD] : NULL;
            if (!pl || !names_equal(p->spec->name, e->spec->name))
                continue;
            if (pl != load && steep(cx, load_top(pl), load_top(load))) {
                char where[160];
                snprintf(where, sizeof where, " from stage \"%s\" to stage \"%s\"", p->stage->as.stage.name.s,
                         e->stage->as.stage.name.s);
                load_jump(cx, load, e->spec, top_weight(pl), load_top(pl), where);
            }
            break;
        }
    }
}

static void rt214(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *load = spec->settings.node[SET_LOAD];
    char a[32];
    if (load && load_top(load) && !spec->settings.node[SET_EFFORT])
        lint_emit(cx, LINT_RT214, load->loc, spec, NULL,
                  "say how hard it should feel: `effort 5 to 6 of 10;`",
                  "a load of %s with no `effort`: nothing tells the patient when it is too heavy",
                  weight_words(top_weight(load), NULL, a, sizeof a));
}

static void rt215(LintCtx *cx, const ExerciseSpec *spec) {
    const Node *load = spec->settings.node[SET_LOAD];
    uint64_t top = load ? load_top(load) : 0, bottom = load ? load_bottom(load) : 0;
    uint64_t max = lint_param(cx, LINT_RT215, 0), min = lint_param(cx, LINT_RT215, 1);
    char a[32], b[32];
    if (top > max)
        lint_emit(cx, LINT_RT215, load->loc, spec, NULL, "check the unit (kg, lb or g) and the number",
                  "a load of %s is more than a home exercise uses (at most %s)",
                  weight_words(top_weight(load), NULL, a, sizeof a), lint_format_grams(max, b, sizeof b));
    else if (bottom && bottom < min)
        lint_emit(cx, LINT_RT215, load->loc, spec, NULL, "check the unit: did you mean kg or lb?",
                  "a load of %s is too light to be meant (less than %s)",
                  weight_words(&load->as.load.lo, NULL, a, sizeof a), lint_format_grams(min, b, sizeof b));
}

/* ---- per-exercise frequency --------------------------------------------- */

/* The schedule of one exercise: its own (in the definition, the variant or
 * the `do`), else its stage's, else the routine's.  *own says which. */
static const Node *spec_schedule(LintCtx *cx, const LintEntry *e, bool *own) {
    const ExerciseSpec *spec = e->spec;
    const Node *n = spec->site && spec->site->kind == NODE_USE ? schedule_in(spec->site->as.use.body) : NULL;
    if (!n && spec->variant)
        n = schedule_in(spec->variant->as.variant.body);
    if (!n)
        n = schedule_in(spec->def->as.exercise.body);
    *own = n != NULL;
    return n ? n : session_schedule(cx, e->stage);
}

/* The repetitions of one exercise a day (a side): a set x sets x rounds x
 * times a day; and, with its own schedule, its time a day (RT210). */
static void exercise_day(LintCtx *cx, const LintEntry *e) {
    bool own;
    const Node *sched = spec_schedule(cx, e, &own);
    const ExerciseSpec *spec = e->spec;
    Schedule s = schedule_of(sched);
    if (!s.times || is_warm_up(spec) || is_passive(cx, spec))
        return;
    uint64_t times = hi_of(s.times), per_set = reps_per_side(spec), sets = spec_sets(spec);
    uint64_t day = mul_sat(mul_sat(mul_sat(per_set, sets), e->rounds), times);
    uint64_t max = lint_param(cx, LINT_RT216, 0), ms = mul_sat(spec_totals(spec).ms / 1000 * 1000, times);
    char a[32], b[32];
    if (day > max)
        lint_emit(cx, LINT_RT216, own ? s.times->loc : reps_loc(spec), spec, NULL,
                  "fewer times a day, or fewer repetitions each time",
                  "\"%s\": %llu repetitions%s x %llu sets x %llu times a day = %llu a day, more than %llu",
                  spec->name, (unsigned long long)per_set, spec_sides(spec) == SIDES_NONE ? "" : " a side",
                  (unsigned long long)mul_sat(sets, e->rounds), (unsigned long long)times,
                  (unsigned long long)day, (unsigned long long)max);
    else if (own && ms > lint_param(cx, LINT_RT210, 0))
        lint_emit(cx, LINT_RT210, s.times->loc, spec, NULL, "fewer times a day, or a shorter exercise",
                  "\"%s\" %llu times a day takes %s a day, more than %s", spec->name,
                  (unsigned long long)times, fmt_ms(ms, a, sizeof a), fmt_ms(lint_param(cx, LINT_RT210, 0), b, sizeof b));
}

static void rt216(LintCtx *cx) {
    for (size_t i = 0; !cx->library && i < cx->n_entries; i++)
        if (cx->entries[i].spec)
            exercise_day(cx, &cx->entries[i]);
}

/* ---- stages: when the patient moves on ---------------------------------- */

/* Sessions a week and the programme's length in days (0: not said) that a
 * schedule (and, for the length, the routine's) gives. */
static void week_of(const Node *sched, uint64_t *per_week, uint64_t *days) {
    uint64_t per_day = 1, days_a_week = 7, times_a_week = 0;
    for (const ScheduleItem *it = sched ? sched->as.schedule.items : NULL; it; it = it->next) {
        if (it->kind == SCHED_TIMES_A_DAY || it->kind == SCHED_EVERY)
            per_day = hi_of(it);
        else if (it->kind == SCHED_DAYS_A_WEEK)
            days_a_week = hi_of(it);
        else if (it->kind == SCHED_TIMES_A_WEEK)
            times_a_week = hi_of(it);
        else if (it->kind == SCHED_FOR_WEEKS)
            *days = hi_of(it) * 7;
        else if (it->kind == SCHED_FOR_DAYS)
            *days = hi_of(it);
    }
    *per_week = times_a_week ? times_a_week : per_day * days_a_week;
}

/* The advance rule that applies to `stage`: its own, else the routine's. */
static const Node *advance_of(const Node *routine, const Node *stage) {
    for (int pass = 0; pass < 2; pass++)
        for (const Node *n = pass ? routine->as.routine.body : stage->as.stage.body; n; n = n->next)
            if (n->kind == NODE_ADVANCE)
                return n;
    return NULL;
}

static void stage_advance(LintCtx *cx, const Node *stage, const Node *next) {
    const Node *adv = advance_of(cx->c->model.routine, stage);
    if (!adv || adv->as.advance.sessions.overflow)
        return;
    uint64_t per_week = 7, days = 0, whole = 0, n = adv->as.advance.sessions.value;
    week_of(cx->c->model.schedule, &per_week, &whole);
    week_of(session_schedule(cx, stage), &per_week, &days);
    days = days ? days : whole;
    uint64_t min_n = lint_param(cx, LINT_RT217, 0), min_days = lint_param(cx, LINT_RT217, 1);
    uint64_t reach_days = per_week ? n * 7 / per_week : n;
    uint64_t most = per_week && days ? days * per_week / 7 : 0;
    if (n < min_n || reach_days < min_days)
        lint_emit(cx, LINT_RT217, adv->as.advance.sessions.loc, NULL, NULL,
                  "stay at least two days (and two sessions) at a stage: the 2-for-2 rule",
                  "stage \"%s\" moves on after %llu session%s (about %llu day%s at %llu sessions a week): too soon to tell it is tolerated",
                  stage->as.stage.name.s, (unsigned long long)n, n == 1 ? "" : "s",
                  (unsigned long long)reach_days, reach_days == 1 ? "" : "s", (unsigned long long)per_week);
    else if (next && most && n > most)
        lint_emit(cx, LINT_RT218, adv->as.advance.sessions.loc, NULL, NULL,
                  "ask for fewer sessions, or give the stage more time",
                  "stage \"%s\" can never be reached: \"%s\" moves on after %llu sessions, but its schedule gives at most %llu",
                  next->as.stage.name.s, stage->as.stage.name.s, (unsigned long long)n, (unsigned long long)most);
}

static void rt217_218(LintCtx *cx) {
    const Node *routine = cx->c->model.routine;
    const Node *prev = NULL;
    for (const Node *n = routine && !cx->library ? routine->as.routine.body : NULL; n; n = n->next) {
        if (n->kind != NODE_STAGE)
            continue;
        if (prev)
            stage_advance(cx, prev, n);
        prev = n;
    }
    if (prev)
        stage_advance(cx, prev, NULL);
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
        "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (flexibility: holds of 10-30 s, 60 s in all per stretch)", "guideline",
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
        "an isometric hold is longer than its body region's guidance",
        "For low-back (trunk) endurance work -- an exercise whose name or therapist note says "
        "plank, bridge, bird dog, curl-up, back extension, trunk, core, lumbar -- holds of about "
        "7-10 s are advised, progressing by repetitions rather than by hold time (McGill). That "
        "figure comes from the low back and applies only there: other isometric holds (a stage-1 "
        "shoulder programme's 30 s, a tendon's 45 s) get the general limit max_hold_other. "
        "A passive, unloaded position is not an effort and is left alone.",
        "McGill SM, Low Back Disorders, 3rd ed., Human Kinetics 2016, ch. 13 (endurance holds of "
        "7-10 s); Rio E et al., Br J Sports Med 2015;49(19):1277-1283 (isometric holds of 45 s)",
        "expert opinion",
        {P("max_hold", LINT_PARAM_MS, 10 * SEC, "longest low-back (trunk) endurance hold"),
         P("max_hold_other", LINT_PARAM_MS, 60 * SEC, "longest isometric hold elsewhere")},
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
        "(min for s). A passive, unloaded position (a traction hang, lying prone: words such as "
        "traction, let gravity, relax completely) is a position, not an effort, and may last up "
        "to max_passive.",
        "Page P, Current concepts in muscle stretching, Int J Sports Phys Ther 2012;7(1):109-119 "
        "(no benefit from holds beyond 60 s); McKenzie R, The Lumbar Spine, 2nd ed. 2003 (prone "
        "lying of 5-10 min)", "expert opinion",
        {P("max_hold", LINT_PARAM_MS, 300 * SEC, "longest hold of any kind"),
         P("max_passive", LINT_PARAM_MS, 30 * 60 * SEC, "longest passive position")},
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
        "Williams MA et al., Resistance exercise in individuals with and without cardiovascular "
        "disease: 2007 update, AHA scientific statement, Circulation 2007;116(5):572-584 (breathe, "
        "avoid the Valsalva manoeuvre)", "guideline",
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
        "programme should never ask for it, in any words: hold your breath, don't breathe out "
        "until you lower, keep it in, bear down, strain as hard as you can. Texts that say not "
        "to (\"Don't hold your breath\", with any apostrophe) are fine.",
        "Williams MA et al., AHA scientific statement, Circulation 2007;116(5):572-584 (avoid the "
        "Valsalva manoeuvre)", "guideline",
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
        "warmup, mobility or cardio; balance work counts too) before loading (kind strength, "
        "isometric, endurance).",
        "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (flexibility: holds of 10-30 s, 60 s in all per stretch) (warm-up before conditioning)", "guideline",
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
        "Silbernagel KG et al., Am J Sports Med 2007;35(6):897-906 (the pain-monitoring model: "
        "the patient is told how much pain is acceptable and what to do beyond it)", "trial",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n    exercise \"Walk\" { cue \"Walk.\"; }\n}\n",
        "routine \"R\" {\n    safety \"Stop if you feel pain.\";\n    exercise \"Walk\" { cue \"Walk.\"; }\n}\n",
        NULL, rt107},
    [LINT_RT108] = {
        "RT108", "morning-lumbar-flexion", LINT_CAT_SAFETY, LINT_WARNING,
        "lumbar flexion in a routine scheduled in the morning",
        "Avoiding lumbar flexion in the first hours after rising reduced low back pain: the discs "
        "are fully hydrated then. An exercise is lumbar flexion when what it is (its name, the "
        "therapist's notes) or what it does (its position and cues) says so: knees (up) towards "
        "the chest, hugging the knees, curl-ups, crunches, a sit-up (not \"sit up tall\"), "
        "touching or reaching for the toes, bending forward, child's pose, lumbar flexion. The "
        "finding quotes the words that decided it.",
        "Snook SH et al., The reduction of chronic nonspecific low back pain through the control "
        "of early morning lumbar flexion, Spine 1998;23(23):2601-2607", "trial", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule in the morning;\n"
        "    exercise \"Knee to chest\" stretch { cue \"Hug your knee.\"; hold 20s; repeat 3 each side; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule in the evening;\n"
        "    exercise \"Knee to chest\" stretch { cue \"Hug your knee.\"; hold 20s; repeat 3 each side; }\n}\n",
        NULL, rt108},
    [LINT_RT109] = {
        "RT109", "ungated-level", LINT_CAT_SAFETY, LINT_WARNING,
        "a later level or a variant does not say when the patient is ready (no `when`, or one that asks for nothing)",
        "A harder level or variant needs a gate (`when \"...\"`) so the patient knows when to move "
        "on; a gate that asks for nothing the patient can check (\"whenever you like\", \"at any "
        "time\", an empty text) is no gate. The first level a routine names is its starting level "
        "and needs none.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708", "guideline", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    section \"Easy\" level initial { exercise \"A\" { cue \"Go.\"; } }\n"
        "    section \"Hard\" level advanced { exercise \"B\" { cue \"Go.\"; } }\n}\n",
        "routine \"R\" {\n" SAFE "    section \"Easy\" level initial { exercise \"A\" { cue \"Go.\"; } }\n"
        "    section \"Hard\" level advanced {\n        when \"When the easy ones are easy.\";\n"
        "        exercise \"B\" { cue \"Go.\"; }\n    }\n}\n",
        rt109_variant, rt109_all},
    [LINT_RT110] = {
        "RT110", "ungated-progression", LINT_CAT_SAFETY, LINT_WARNING,
        "a progression does not say when to take the next step (no `when`, or one that asks for nothing)",
        "Progressing a patient on a calendar alone ignores how they respond; each `build up` "
        "should state its condition with `when`, one the patient can check (not \"whenever you "
        "like\" or \"at any time\").",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708", "guideline", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; build up to 15 by 5; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10;\n"
        "        build up to 15 by 5 when \"10 feel easy\"; }\n}\n",
        rt110, NULL},
    [LINT_RT111] = {
        "RT111", "steep-progression", LINT_CAT_SAFETY, LINT_WARNING,
        "a progression step raises the load too much at once",
        "Load should rise in small steps (about 2-10% at a time); a step that more than doubles "
        "the work is a jump, not a progression.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708", "guideline",
        {P("max_increase", LINT_PARAM_PERCENT, 100, "largest rise of one step, in percent"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 5;\n"
        "        build up to 20 when \"easy\"; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 5;\n"
        "        build up to 20 by 5 when \"easy\"; }\n}\n",
        rt111, NULL},
    [LINT_RT112] = {
        "RT112", "push-into-pain", LINT_CAT_SAFETY, LINT_ERROR,
        "a text tells the patient to push into pain",
        "A home programme says how much discomfort is acceptable and to stop beyond it; a cue that "
        "says \"push through the pain\", \"no pain, no gain\", \"work into the pain\" or \"keep "
        "going even if it hurts\" contradicts that (and the routine's own safety note, which the "
        "finding names). Texts that say not to are fine.",
        "Silbernagel KG et al., Am J Sports Med 2007;35(6):897-906 (pain-monitoring model: pain "
        "kept under an agreed ceiling, never pushed through)", "trial", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Squat\" strength {\n"
        "        cue \"Push through the pain, no pain no gain.\"; repeat 10;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Squat\" strength {\n"
        "        cue \"Mild discomfort is fine; don't push into pain.\"; repeat 10;\n    }\n}\n",
        rt112, NULL},
    [LINT_RT113] = {
        "RT113", "ballistic-movement", LINT_CAT_SAFETY, LINT_WARNING,
        "a text asks for bouncing, jerking or momentum",
        "Ballistic stretching (bouncing, bobbing, pulsing) and swinging with momentum load tissue "
        "faster than it can be controlled; home programmes use slow, held stretches and controlled "
        "movement. Bobbing and pulsing count when the exercise is a stretch; \"no bouncing\" is fine.",
        "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (static stretching for home programmes); Page P, Int J Sports Phys Ther "
        "2012;7(1):109-119", "guideline", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Hamstring stretch\" stretch {\n"
        "        cue \"Reach for your shin and bounce gently.\"; breathe \"Breathe.\"; hold 20s; repeat 3;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Hamstring stretch\" stretch {\n"
        "        cue \"Reach for your shin and hold still, no bouncing.\"; breathe \"Breathe.\"; hold 20s; repeat 3;\n    }\n}\n",
        rt113, NULL},
    [LINT_RT114] = {
        "RT114", "neck-pull", LINT_CAT_SAFETY, LINT_WARNING,
        "a text tells the patient to pull on their head or neck",
        "In a curl-up or sit-up the hands support the head lightly; pulling on the head or neck "
        "flexes and loads the cervical spine.",
        "McGill SM, Low Back Disorders, 3rd ed., Human Kinetics 2016, ch. 13 (the curl-up: head "
        "and neck held still, not pulled)", "expert opinion", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Curl-up\" strength {\n"
        "        cue \"Hands behind your head and pull your head up.\"; repeat 8;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Curl-up\" strength {\n"
        "        cue \"Hands under your low back; lift your head without pulling on your neck.\"; repeat 8;\n    }\n}\n",
        rt114, NULL},
    [LINT_RT115] = {
        "RT115", "balance-fall-risk", LINT_CAT_SAFETY, LINT_WARNING,
        "standing balance work with no support nearby or no time to get ready",
        "Standing on one leg, heel to toe, or with the eyes closed is where patients fall at home: "
        "the exercise (or the routine's safety note) should name a support within reach (a "
        "sturdy chair, a counter, a wall) and give time to get into position (get ready > 0).",
        "Sherrington C et al., Exercise for preventing falls in older people living in the "
        "community, Cochrane Database Syst Rev 2019;1:CD012424; Otago Exercise Programme "
        "(Campbell AJ, Robertson MC, ACC 2003: hold on to a sturdy support)", "guideline",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Single leg stand\" balance {\n"
        "        cue \"Stand on one leg and close your eyes.\"; hold 10s; repeat 3 each side;\n"
        "        breathe \"Breathe.\";\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Single leg stand\" balance {\n"
        "        position \"Stand at a kitchen counter, hands resting on it.\";\n"
        "        cue \"Stand on one leg; hold on to the counter if you need to.\"; hold 10s; repeat 3 each side;\n"
        "        breathe \"Breathe.\";\n    }\n}\n",
        rt115, NULL},
    [LINT_RT116] = {
        "RT116", "unbounded-effort", LINT_CAT_SAFETY, LINT_WARNING,
        "a maximal or open-ended effort with no ceiling or no recovery",
        "An open-ended hold (`hold as long as you can`) at the starting level gives a beginner no "
        "ceiling; a maximal effort (an open hold, or \"as hard as you can\", \"until failure\") "
        "needs a rest between repetitions at least as long as the effort (and at least min_rest): "
        "`rest 0s between reps` is not a harmless slip there.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (work-to-rest for high-intensity efforts; rest 1-2 min)", "guideline",
        {P("min_rest", LINT_PARAM_MS, 10 * SEC, "shortest rest between maximal efforts"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Wall sit\" strength {\n"
        "        cue \"Squeeze as hard as you can.\"; breathe \"Breathe.\";\n"
        "        hold 10s; repeat 5; rest 0s between reps;\n    }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Wall sit\" strength {\n"
        "        cue \"Squeeze gently.\"; breathe \"Breathe.\";\n"
        "        hold 10s; repeat 5; rest 10s between reps;\n    }\n}\n",
        NULL, rt116},
    [LINT_RT117] = {
        "RT117", "fast-tempo", LINT_CAT_SAFETY, LINT_WARNING,
        "a strengthening repetition is too fast to control",
        "Strengthening repetitions are done at a slow to moderate speed (about 1-2 s to lift and "
        "1-2 s to lower); a repetition faster than min_tempo is a throw, not a controlled movement.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (slow and moderate velocities for novice and intermediate training)", "guideline",
        {P("min_tempo", LINT_PARAM_MS, 2 * SEC, "shortest strengthening repetition"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" strength { cue \"Rise.\"; tempo 0.3s; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" strength { cue \"Rise.\"; tempo 3s; repeat 10; }\n}\n",
        rt117, NULL},
    [LINT_RT118] = {
        "RT118", "high-effort", LINT_CAT_SAFETY, LINT_WARNING,
        "a near-maximal `effort` at the start of a programme, or without recovery",
        "An `effort` above max_effort of its scale (9 or 10 of 10) is near-maximal. Novices and "
        "patients starting a programme train at a moderate effort (about 5-7 of 10) and build up; "
        "a near-maximal effort later on needs min_rest between sets, and holds need a rest between "
        "them at least as long as each hold. The starting point is the first stage and the "
        "starting level (or a routine with neither).",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci "
        "Sports Exerc 2009;41(3):687-708 (novices: moderate loads, rest 1-2 min; heavier loads with "
        "rest 2-3 min); Borg G, Med Sci Sports Exerc 1982;14(5):377-381 (ratings of perceived exertion)",
        "guideline",
        {P("max_effort", LINT_PARAM_PERCENT, 80, "highest effort at the start, in percent of the scale"),
         P("min_rest", LINT_PARAM_MS, 60 * SEC, "shortest rest between sets of near-maximal effort")},
        "routine \"R\" {\n" SAFE "    exercise \"March\" warmup { cue \"March.\"; repeat 20; }\n"
        "    exercise \"Squat\" strength { cue \"Sit back, stand up.\"; repeat 8; effort 9 to 10 of 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"March\" warmup { cue \"March.\"; repeat 20; }\n"
        "    exercise \"Squat\" strength { cue \"Sit back, stand up.\"; repeat 8; effort 5 to 6 of 10; }\n}\n",
        NULL, rt118},
    [LINT_RT119] = {
        "RT119", "high-pain-limit", LINT_CAT_SAFETY, LINT_WARNING,
        "a `pain limit` (or a stage's pain gate, or a text's pain score) above what is safe at home",
        "In the pain-monitoring model the patient may work with pain up to about 5 of 10 that "
        "settles by the next morning; a higher `pain limit` (in percent of its scale, above "
        "max_limit) lets an unsupervised patient work through real pain, and `advance ... when "
        "pain at most P` above it moves on while it hurts. A text that allows the same in words "
        "(\"pain up to 7/10 is fine\", \"seven out of ten\") says it too; a score next to an "
        "effort word (\"7/10 effort\") is not a pain score.",
        "Silbernagel KG et al., Am J Sports Med 2007;35(6):897-906 (pain allowed up to 5 on a "
        "0-10 scale, settling by the next morning)", "trial",
        {P("max_limit", LINT_PARAM_PERCENT, 50, "highest pain limit, in percent of its scale"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    pain limit 7 of 10;\n    exercise \"A\" { cue \"Go.\"; repeat 5; }\n}\n",
        "routine \"R\" {\n" SAFE "    pain limit 3 of 10;\n    exercise \"A\" { cue \"Go.\"; repeat 5; }\n}\n",
        rt119_spec, rt119_routine},
    [LINT_RT120] = {
        "RT120", "pain-limit-against-safety", LINT_CAT_SAFETY, LINT_WARNING,
        "a `pain limit` that contradicts the routine's own safety note",
        "The session lets the patient go on with pain up to the `pain limit`; a safety note that "
        "says to stop at any pain (\"stop if it hurts at all\", \"it should not hurt\"), or states a "
        "lower ceiling (\"stop above 2/10\"), tells the patient the opposite. Both are read by the "
        "patient: make them say the same.",
        "Silbernagel KG et al., Am J Sports Med 2007;35(6):897-906 (the patient is told one "
        "agreed pain ceiling)", "trial", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n    safety \"Stop at the first sign of pain.\";\n    pain limit 4 of 10;\n"
        "    exercise \"A\" { cue \"Go.\"; repeat 5; }\n}\n",
        "routine \"R\" {\n    safety \"Some pain is fine, up to 4/10; stop if it goes above that.\";\n"
        "    pain limit 4 of 10;\n    exercise \"A\" { cue \"Go.\"; repeat 5; }\n}\n",
        rt120, NULL},
    [LINT_RT201] = {
        "RT201", "short-stretch-hold", LINT_CAT_DOSAGE, LINT_NOTE,
        "a static stretch hold is shorter than the guidance advises",
        "Static stretches are most effective held 10-30 s; shorter holds can still be a clinical "
        "choice (a handout's own numbers), so this is a note.",
        "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (flexibility: holds of 10-30 s, 60 s in all per stretch)", "guideline",
        {P("min_hold", LINT_PARAM_MS, 10 * SEC, "shortest static stretch hold"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 5s; repeat 12; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 3; }\n}\n",
        rt201, NULL},
    [LINT_RT202] = {
        "RT202", "short-stretch-total", LINT_CAT_DOSAGE, LINT_NOTE,
        "a stretch adds up to less than about 60 s",
        "About 60 s of stretching in all per stretch (per side) is advised, e.g. 2 x 30 s or "
        "4 x 15 s.", "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (flexibility: holds of 10-30 s, 60 s in all per stretch)", "guideline",
        {P("min_total", LINT_PARAM_MS, 60 * SEC, "least stretching time per stretch and side"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 2; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Calf stretch\" stretch { cue \"Lean.\"; hold 20s; repeat 3; }\n}\n",
        rt202, NULL},
    [LINT_RT203] = {
        "RT203", "too-many-reps", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions in one set",
        "Beyond about 30 repetitions a set trains endurance at the cost of form; split the work "
        "into sets.", "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (8-12 repetitions, 10-25 for endurance)",
        "guideline",
        {P("max_reps", LINT_PARAM_COUNT, 30, "most repetitions per side in one set"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 50; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Heel raise\" { cue \"Rise.\"; repeat 15; sets 3; }\n}\n",
        rt203, NULL},
    [LINT_RT204] = {
        "RT204", "too-many-sets", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many sets of one exercise",
        "2-4 sets are usual; more sets of one exercise in a home programme tire the patient "
        "and lower adherence.", "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (1-3 sets, 2-4 for endurance)", "guideline",
        {P("max_sets", LINT_PARAM_COUNT, 5, "most sets of one exercise"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 8; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3; }\n}\n",
        rt204, NULL},
    [LINT_RT205] = {
        "RT205", "session-volume", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions in one session",
        "The whole session's volume (repetitions x sides x sets x rounds) should stay within what "
        "a patient can do with good form.", "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (volume: sets x repetitions)", "guideline",
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
        "routinec (the estimate is documented in README.md)", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule 5min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule 5min to 15min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        NULL, rt206},
    [LINT_RT207] = {
        "RT207", "session-too-short", LINT_CAT_DOSAGE, LINT_OFF,
        "the planned session is shorter than the schedule asks for (off by default)",
        "A schedule's time a day is usually a goal the patient works towards (walk 30 min a day), "
        "not the length of this routine, so comparing the two raised false alarms on real "
        "handouts; turn it on (-WRT207) for a clinic whose schedules give the routine's length.",
        "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule 30min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule 10min a day;\n"
        "    exercise \"Walk\" { cue \"Walk.\"; tempo 1min; repeat 10; }\n}\n",
        NULL, rt207},
    [LINT_RT208] = {
        "RT208", "short-rest-between-sets", LINT_CAT_DOSAGE, LINT_WARNING,
        "the rest between sets is missing or too short",
        "Muscles need time to recover between sets; without it, form and safety suffer in the "
        "later sets.", "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (rest 1-2 min between sets)", "guideline",
        {P("min_rest", LINT_PARAM_MS, 20 * SEC, "shortest rest between sets"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3;\n"
        "        rest 5s between sets; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Bridge\" { cue \"Lift.\"; repeat 10; sets 3;\n"
        "        rest 30s between sets; }\n}\n",
        rt208, NULL},
    [LINT_RT209] = {
        "RT209", "no-rest-between-hard-exercises", LINT_CAT_DOSAGE, LINT_WARNING,
        "two hard exercises follow each other with almost no rest",
        "A hard exercise is a strengthening exercise that is a maximal effort (as hard or as long "
        "as you can) or holds at least hard_work in one set (hold x repetitions per side). Light "
        "movements at a tempo are not hard. Two hard ones in a row need a rest between them.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (rest between exercises)", "guideline",
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
    [LINT_RT210] = {
        "RT210", "daily-dose", LINT_CAT_DOSAGE, LINT_WARNING,
        "the exercise a day (sessions x session length) is too much",
        "Each session may be fine and the day still too much: the planned session times the "
        "sessions a day the schedule asks for (or the schedule's own time a day) should stay "
        "within max_daily. Passive positions (ice and elevation, prone lying) are not exercise "
        "and are left out.",
        "Garber CE et al., ACSM Position Stand: quantity and quality of exercise, Med Sci Sports Exerc 2011;43(7):1334-1359 (volume of exercise a day)", "guideline",
        {P("max_daily", LINT_PARAM_MS, 120 * 60 * SEC, "most exercise a day"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    schedule 8 times a day;\n"
        "    exercise \"Walk\" cardio { cue \"Walk.\"; tempo 1min; repeat 20; }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule 2 times a day;\n"
        "    exercise \"Walk\" cardio { cue \"Walk.\"; tempo 1min; repeat 20; }\n}\n",
        NULL, rt210},
    [LINT_RT211] = {
        "RT211", "exercise-volume", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions of one exercise in a session",
        "Each limit can hold alone and the exercise still be too much: the repetitions a side "
        "in a set times the sets (times the rounds of a circuit) should stay within max_reps "
        "(ACSM: 2-4 sets of 10-25 for endurance, at most 100). A progression is checked where "
        "it ends.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708", "guideline",
        {P("max_reps", LINT_PARAM_COUNT, 100, "most repetitions a side of one exercise in a session"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Step up\" { cue \"Step up.\"; repeat 25 each side; sets 5;\n"
        "        rest 1min between sets; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Step up\" { cue \"Step up.\"; repeat 12 each side; sets 3;\n"
        "        rest 1min between sets; }\n}\n",
        NULL, rt211},
    [LINT_RT212] = {
        "RT212", "no-rest-for-long", LINT_CAT_DOSAGE, LINT_WARNING,
        "a long stretch of work with no rest",
        "Work with no rest anywhere (no rest of at least min_rest between repetitions, sets or "
        "exercises; getting ready is not a rest) for longer than max_work tires the patient and "
        "spoils form. Cardio, stretches, mobility, warm-ups and passive positions are gentle and "
        "left out.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci Sports Exerc 2009;41(3):687-708 (rest between sets and exercises)", "guideline",
        {P("max_work", LINT_PARAM_MS, 10 * 60 * SEC, "longest work without a rest"),
         P("min_rest", LINT_PARAM_MS, 2 * SEC, "shortest rest that counts")},
        "routine \"R\" {\n" SAFE "    exercise \"Squat\" { cue \"Sit back.\"; tempo 4s; repeat 30; sets 3;\n"
        "        rest 0s between sets; }\n"
        "    exercise \"Lunge\" { cue \"Step.\"; tempo 4s; repeat 30; sets 3; rest 0s between sets; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Squat\" { cue \"Sit back.\"; tempo 4s; repeat 30; sets 3;\n"
        "        rest 1min between sets; }\n"
        "    exercise \"Lunge\" { cue \"Step.\"; tempo 4s; repeat 30; sets 3; rest 1min between sets; }\n}\n",
        NULL, rt212},
    [LINT_RT213] = {
        "RT213", "load-jump", LINT_CAT_DOSAGE, LINT_WARNING,
        "the load rises too much at once: to the harder alternative, or from one stage to the next",
        "A load is raised a little at a time (about 2-10%, or the next weight up); a rise of more "
        "than max_increase percent -- from an exercise to its `harder` alternative, or for the "
        "same exercise from one stage to the next (its heaviest ends compared) -- is a jump the "
        "tissue has not been prepared for. A range (`load 2lb to 5lb`) is a choice by feel, not a "
        "jump.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci "
        "Sports Exerc 2009;41(3):687-708 (raise the load 2-10% when the current one is easy)", "guideline",
        {P("max_increase", LINT_PARAM_PERCENT, 100, "largest rise of a load in one step, in percent"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 1kg; effort 5 of 10;\n"
        "        harder \"Heavy\" when \"When 10 are easy.\" { load 4kg; } }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 1kg; effort 5 of 10;\n"
        "        harder \"Heavier\" when \"When 10 are easy.\" { load 1.5kg; } }\n}\n",
        rt213_spec, rt213},
    [LINT_RT214] = {
        "RT214", "load-without-effort", LINT_CAT_DOSAGE, LINT_NOTE,
        "a weight with no `effort` saying how hard it should feel",
        "The same weight is light for one patient and heavy for another; an `effort` (\"5 to 6 of "
        "10\") tells the patient when the weight is too heavy or can go up. A note: handouts often "
        "give the weight alone.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci "
        "Sports Exerc 2009;41(3):687-708 (load prescribed with the effort it should take)", "guideline",
        {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 2kg; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 2kg; effort 5 of 10; }\n}\n",
        rt214, NULL},
    [LINT_RT215] = {
        "RT215", "implausible-load", LINT_CAT_DOSAGE, LINT_WARNING,
        "a load no home exercise uses: too heavy, or too light to be meant (a wrong unit)",
        "Home programmes use light weights, ankle weights and bands; a load above max_load is "
        "almost always a slip of the unit (kg for lb) or of a digit, and one below min_load (5g) "
        "is a unit slip the other way.",
        "routinec (clinic convention: home-exercise loads)", "clinic convention",
        {P("max_load", LINT_PARAM_MASS, 25000, "heaviest load of a home exercise"),
         P("min_load", LINT_PARAM_MASS, 100, "lightest load that can be meant")},
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 200kg; effort 5 of 10; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"Curl\" { cue \"Lift.\"; repeat 10; load 2kg; effort 5 of 10; }\n}\n",
        rt215, NULL},
    [LINT_RT216] = {
        "RT216", "exercise-daily-volume", LINT_CAT_DOSAGE, LINT_WARNING,
        "too many repetitions of one exercise a day (its own schedule, or the routine's, times its sets)",
        "An exercise given several times a day (its own `schedule`, its stage's or the "
        "routine's) adds up: repetitions a side x sets x rounds x times a day. Above max_reps a "
        "day a strengthening exercise overloads the tissue however small each set is. Warm-ups, "
        "mobility, stretches and passive positions are left alone (ankle pumps every hour are "
        "usual). With its own schedule, its time a day counts towards RT210 too.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci "
        "Sports Exerc 2009;41(3):687-708 (volume: sets x repetitions, with 48 h between sessions "
        "for the same muscles)", "guideline",
        {P("max_reps", LINT_PARAM_COUNT, 200, "most repetitions a side of one exercise a day"), NO_PARAM},
        "routine \"R\" {\n" SAFE "    exercise \"March\" warmup { cue \"March.\"; repeat 20; }\n"
        "    exercise \"Squat\" strength { cue \"Squat.\"; repeat 15; sets 3; schedule 6 times a day; }\n}\n",
        "routine \"R\" {\n" SAFE "    exercise \"March\" warmup { cue \"March.\"; repeat 20; }\n"
        "    exercise \"Squat\" strength { cue \"Squat.\"; repeat 15; sets 3; schedule twice a day; }\n}\n",
        NULL, rt216},
    [LINT_RT217] = {
        "RT217", "early-advance", LINT_CAT_DOSAGE, LINT_WARNING,
        "a stage moves on after too few sessions, or too few days, to tell it is tolerated",
        "`advance after N sessions` moves the patient on; the 2-for-2 rule advances only after "
        "the dose has been done comfortably at least twice, and the response (soreness, swelling) "
        "shows over a day or two. Fewer than min_sessions, or fewer than min_days at the stage's "
        "schedule (sessions a day x days a week), is too soon.",
        "ACSM Position Stand: progression models in resistance training for healthy adults, Med Sci "
        "Sports Exerc 2009;41(3):687-708 (the 2-for-2 rule)", "guideline",
        {P("min_sessions", LINT_PARAM_COUNT, 2, "fewest sessions before moving on"),
         P("min_days", LINT_PARAM_COUNT, 2, "fewest days before moving on")},
        "routine \"R\" {\n" SAFE "    schedule once a day;\n"
        "    stage \"One\" { advance after 1 sessions; exercise \"A\" { cue \"Go.\"; repeat 5; } }\n"
        "    stage \"Two\" { exercise \"B\" { cue \"Go.\"; repeat 8; } }\n}\n",
        "routine \"R\" {\n" SAFE "    schedule once a day;\n"
        "    stage \"One\" { advance after 6 sessions; exercise \"A\" { cue \"Go.\"; repeat 5; } }\n"
        "    stage \"Two\" { exercise \"B\" { cue \"Go.\"; repeat 8; } }\n}\n",
        NULL, rt217_218},
    [LINT_RT218] = {
        "RT218", "unreachable-stage", LINT_CAT_STRUCTURE, LINT_WARNING,
        "a stage can never be reached: the stage before asks for more sessions than its schedule gives",
        "`advance after N sessions` in a stage whose schedule has a length (`for 2 weeks`, or the "
        "routine's `for 6 weeks`) can only be met when the length holds N sessions (sessions a "
        "day x days a week); otherwise the next stage is never reached.",
        "routinec (clinic convention)", "clinic convention", {NO_PARAM, NO_PARAM},
        "routine \"R\" {\n" SAFE "    stage \"One\" { schedule once a day, for 2 weeks; advance after 30 sessions;\n"
        "        exercise \"A\" { cue \"Go.\"; repeat 5; } }\n"
        "    stage \"Two\" { exercise \"B\" { cue \"Go.\"; repeat 8; } }\n}\n",
        "routine \"R\" {\n" SAFE "    stage \"One\" { schedule once a day, for 2 weeks; advance after 10 sessions;\n"
        "        exercise \"A\" { cue \"Go.\"; repeat 5; } }\n"
        "    stage \"Two\" { exercise \"B\" { cue \"Go.\"; repeat 8; } }\n}\n",
        NULL, NULL},
    [LINT_RT301] = {
        "RT301", "one-sided", LINT_CAT_STRUCTURE, LINT_WARNING,
        "one side only, or the two sides get different counts, with no stated reason",
        "Training one side only, or the sides unevenly (repetitions, sets, holds), is sometimes "
        "meant (after an injury); say so with `allow RT301 \"reason\";` so the next reader knows "
        "it is not a slip. The finding says what is uneven.",
        "Kisner C, Colby LA, Therapeutic Exercise, 7th ed., F.A. Davis 2017, ch. 1 (both sides "
        "are exercised unless one is the target)", "expert opinion", {NO_PARAM, NO_PARAM},
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
        "it cannot fit.  With a tempo in phases that go and come back (`tempo 3s up, 3s down;`), "
        "a `hold` plays after the whole repetition: write it as a phase where it belongs.", "routinec", "clinic convention", {NO_PARAM, NO_PARAM},
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
