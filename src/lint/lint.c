/*
 * lint.c -- the lint engine: findings, suppressions, the played entries of
 * a routine, linting a file.  The `routinec lint` command line is in
 * src/cli/cli_lint.c, beside the other commands.
 *
 * One Compilation per input file; all of them stay alive until the end so
 * that the text writer can quote any line.  A library included by several
 * routines gives the same finding several times: sorting and dropping exact
 * duplicates reports it once.
 */
#include "lint.h"

#include "hash.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "exit.h"
#include "safetext.h"
#include "vformat.h"

/* ---- small helpers ------------------------------------------------------ */

static char *dup_string(const char *s) {
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, s, len + 1);
    return copy;
}

/* Grow `*items` (of `size` bytes each) to hold one more than `*cap` when
 * full; false when memory runs out or the count would overflow. */
static bool grow(void **items, size_t *cap, size_t n, size_t size) {
    if (n < *cap)
        return true;
    size_t want = *cap ? *cap * 2 : 16;
    if (want < *cap || want > SIZE_MAX / size)
        return false;
    void *p = realloc(*items, want * size);
    if (!p)
        return false;
    *items = p;
    *cap = want;
    return true;
}

uint64_t lint_param(const LintCtx *cx, LintRuleId rule, int index) {
    return cx->cfg->param[rule][index];
}

/* ---- fix-its ------------------------------------------------------------ */

LintFix *lint_fix_new(const char *description) {
    LintFix *fix = calloc(1, sizeof *fix);
    if (fix && !(fix->description = dup_string(description))) {
        free(fix);
        return NULL;
    }
    return fix;
}

bool lint_fix_add(LintFix *fix, uint32_t file, uint32_t line, uint32_t col, uint32_t end_line,
                  uint32_t end_col, const char *text) {
    if (!fix || fix->n_edits >= sizeof fix->edits / sizeof *fix->edits)
        return false;
    LintEdit *e = &fix->edits[fix->n_edits];
    *e = (LintEdit){file, line, col, end_line, end_col, dup_string(text)};
    if (!e->text)
        return false;
    fix->n_edits++;
    return true;
}

void lint_fix_free(LintFix *fix) {
    if (!fix)
        return;
    for (uint32_t i = 0; i < fix->n_edits; i++)
        free(fix->edits[i].text);
    free(fix->description);
    free(fix);
}

/* ---- findings ----------------------------------------------------------- */

static DiagLevel diag_level(LintLevel level) {
    return level == LINT_ERROR ? DIAG_ERROR : level == LINT_WARNING ? DIAG_WARNING : DIAG_NOTE;
}

static bool add_finding(LintRun *run, const LintFinding *f) {
    if (!grow((void **)&run->items, &run->cap, run->n, sizeof *run->items))
        return false;
    run->items[run->n++] = *f;
    return true;
}

static bool loc_within(Loc loc, Loc scope) {
    if (loc.file != scope.file)
        return false;
    if (scope.line == 0)
        return true;
    if (loc.line < scope.line || loc.line > scope.end_line)
        return false;
    if (loc.line == scope.line && loc.col < scope.col)
        return false;
    return !(loc.line == scope.end_line && loc.col > scope.end_col);
}

static bool covers(const LintAllow *a, Loc loc, const ExerciseSpec *spec) {
    if (loc_within(loc, a->scope))
        return true;
    if (!spec)
        return false;
    return (spec->def && loc_within(spec->def->loc, a->scope))
        || (spec->site && loc_within(spec->site->loc, a->scope))
        || (spec->variant && loc_within(spec->variant->loc, a->scope));
}

/* The allow that silences `rule` here, or NULL. */
static LintAllow *find_allow(LintCtx *cx, LintRuleId rule, Loc loc, const ExerciseSpec *spec) {
    for (size_t i = 0; i < cx->n_allows; i++)
        if (cx->allows[i].rule == (int)rule && covers(&cx->allows[i], loc, spec))
            return &cx->allows[i];
    return NULL;
}

/* The message, in a string of its own. */
static char *message_of(const char *fmt, va_list args) {
    char small[256], *owned;
    const char *text = vformat(small, sizeof small, &owned, NULL, fmt, args);
    return owned ? owned : dup_string(text ? text : "(unprintable message)");
}

void lint_emit(LintCtx *cx, LintRuleId rule, Loc loc, const ExerciseSpec *spec, LintFix *fix,
               const char *hint, const char *fmt, ...) {
    LintLevel level = cx->cfg->level[rule];
    LintAllow *allow = level == LINT_OFF ? NULL : find_allow(cx, rule, loc, spec);
    if (level == LINT_OFF) {
        lint_fix_free(fix);
        return;
    }
    if (allow)
        allow->used++;
    va_list args;
    va_start(args, fmt);
    LintFinding f = {rule, level, cx->comp, loc, message_of(fmt, args), dup_string(hint), fix, allow != NULL,
                     DIAG_ID_NONE};
    va_end(args);
    if (!f.message || !add_finding(cx->run, &f)) {
        free(f.message);
        free(f.hint);
        lint_fix_free(fix);
    }
}

void lint_run_release(LintRun *run) {
    for (size_t i = 0; i < run->n; i++) {
        free(run->items[i].message);
        free(run->items[i].hint);
        lint_fix_free(run->items[i].fix);
    }
    run->n = 0;
    for (size_t i = 0; i < run->n_comps; i++) {
        compile_free(run->comps[i]);
        free(run->comps[i]);
    }
    run->n_comps = 0;
}

void lint_run_free(LintRun *run) {
    lint_run_release(run);
    free(run->items);
    free(run->comps);
    free(run->seen);
    lint_lexicon_free(run->lexicon);
    memset(run, 0, sizeof *run);
}

/* ---- ordering ----------------------------------------------------------- */

const char *lint_finding_path(const LintRun *run, const LintFinding *f) {
    const Sources *s = &run->comps[f->comp]->sources;
    return f->loc.file < s->n_files ? s->files[f->loc.file].path : "-";
}

/* qsort has no context argument: sort (run, finding) pairs, the finding
 * by address (a finding is large; moving pointers is cheap). */
typedef struct {
    const LintRun *run;
    const LintFinding *f;
} Keyed;

static int cmp_u32(uint32_t a, uint32_t b) {
    return a < b ? -1 : a > b;
}

static int compare_findings(const LintRun *run, const LintFinding *a, const LintFinding *b) {
    bool same_file = a->comp == b->comp && a->loc.file == b->loc.file;
    int c = same_file ? 0 : strcmp(lint_finding_path(run, a), lint_finding_path(run, b));
    if (!c) c = cmp_u32(a->loc.line, b->loc.line);
    if (!c) c = cmp_u32(a->loc.col, b->loc.col);
    if (!c) c = cmp_u32((uint32_t)a->rule, (uint32_t)b->rule);
    if (!c) c = strcmp(a->message, b->message);
    if (!c) c = cmp_u32(a->suppressed, b->suppressed);
    if (!c) c = cmp_u32(a->comp, b->comp); /* stable: the first file's copy first */
    return c;
}

static int compare_keyed(const void *pa, const void *pb) {
    const Keyed *a = pa, *b = pb;
    return compare_findings(a->run, a->f, b->f);
}

static bool same_finding(const LintRun *run, const LintFinding *a, const LintFinding *b) {
    return a->rule == b->rule && a->suppressed == b->suppressed && a->loc.line == b->loc.line && a->loc.col == b->loc.col
        && strcmp(a->message, b->message) == 0
        && strcmp(lint_finding_path(run, a), lint_finding_path(run, b)) == 0;
}

/* ---- library findings reported once across releases --------------------- */

static uint64_t identity(const LintRun *run, const LintFinding *f) {
    const char *path = lint_finding_path(run, f);
    uint32_t where[5] = {(uint32_t)f->rule, f->loc.line, f->loc.col, f->suppressed, 0};
    uint64_t h = hash_fnv(HASH_FNV_OFFSET, path, strlen(path) + 1);
    h = hash_fnv(h, where, sizeof where);
    h = hash_fnv(h, f->message, strlen(f->message));
    return h ? h : 1;
}

/* Whether `h` was seen; remembers it.  Out of memory: reported again. */
static bool seen_insert(LintRun *run, uint64_t h) {
    if ((run->n_seen + 1) * 2 > run->cap_seen) {
        size_t cap = run->cap_seen ? run->cap_seen * 2 : 64;
        uint64_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < run->cap_seen; i++)
            for (size_t j = run->seen[i] & (cap - 1); run->seen[i]; j = (j + 1) & (cap - 1))
                if (!slots[j]) {
                    slots[j] = run->seen[i];
                    break;
                }
        free(run->seen);
        run->seen = slots;
        run->cap_seen = cap;
    }
    size_t j = h & (run->cap_seen - 1);
    for (; run->seen[j]; j = (j + 1) & (run->cap_seen - 1))
        if (run->seen[j] == h)
            return true;
    run->seen[j] = h;
    run->n_seen++;
    return false;
}

/* Drop findings in a library (a file other than the compilation's main
 * one, or a main file without a routine, linted on its own) that were
 * kept before. */
static void drop_seen(LintRun *run) {
    size_t kept = 0;
    for (size_t i = 0; i < run->n; i++) {
        LintFinding *f = &run->items[i];
        const Compilation *c = run->comps[f->comp];
        bool routine_file = f->loc.file == c->main_file && c->model.routine;
        if (routine_file || !seen_insert(run, identity(run, f))) {
            run->items[kept++] = *f;
            continue;
        }
        free(f->message);
        free(f->hint);
        lint_fix_free(f->fix);
    }
    run->n = kept;
}

/* Move the suppressed findings out: they are only counted. */
static void drop_suppressed(LintRun *run) {
    size_t kept = 0;
    for (size_t i = 0; i < run->n; i++) {
        LintFinding *f = &run->items[i];
        if (!f->suppressed) {
            run->items[kept++] = *f;
            continue;
        }
        run->suppressed++;
        free(f->message);
        free(f->hint);
        lint_fix_free(f->fix);
    }
    run->n = kept;
}

/* `keyed` in order into `sorted`, each finding once (the repeats freed);
 * returns how many were kept. */
static size_t keep_distinct(LintRun *run, const Keyed *keyed, LintFinding *sorted) {
    size_t kept = 0;
    for (size_t i = 0; i < run->n; i++) {
        const LintFinding *f = keyed[i].f;
        if (kept && same_finding(run, &sorted[kept - 1], f)) {
            free(f->message);
            free(f->hint);
            lint_fix_free(f->fix);
            continue;
        }
        sorted[kept++] = *f;
    }
    return kept;
}

/* Sorted by place, each finding once. */
static void sort_findings(LintRun *run) {
    Keyed *keyed = malloc(run->n * sizeof *keyed);
    LintFinding *sorted = malloc(run->n * sizeof *sorted);
    if (!keyed || !sorted) {
        free(keyed);
        free(sorted);
        return; /* unsorted but complete */
    }
    for (size_t i = 0; i < run->n; i++)
        keyed[i] = (Keyed){run, &run->items[i]};
    qsort(keyed, run->n, sizeof *keyed, compare_keyed);
    size_t kept = keep_distinct(run, keyed, sorted);
    free(run->items);
    run->items = sorted;
    run->cap = run->n;
    run->n = kept;
    free(keyed);
}

void lint_run_sort(LintRun *run) {
    if (run->n >= 2)
        sort_findings(run);
    drop_seen(run);
    drop_suppressed(run);
}

/* ---- compiler diagnostics as findings ----------------------------------- */

typedef struct {
    LintRun *run;
    uint32_t comp;
    uint32_t main_file;
    bool io_error;
    unsigned kept;        /* compiler diagnostics kept (at most DIAG_MAX_SHOWN) */
} CompileSink;

static void compile_sink(void *ctx, const Diagnostic *d) {
    CompileSink *s = ctx;
    /* A broken file of a megabyte can give a diagnostic every few bytes:
     * keep the first DIAG_MAX_SHOWN, as the compiler's own output does. */
    if (s->kept >= DIAG_MAX_SHOWN + 1)
        return;
    Diagnostic last = {DIAG_ERROR, {0}, "too many errors and warnings; stopping after the first "
                       DIAG_MAX_SHOWN_TEXT, NULL, NULL, DIAG_ID_TOO_MANY};
    last.loc.file = s->main_file;
    if (s->kept++ == DIAG_MAX_SHOWN)
        d = &last;
    LintRuleId rule = d->level == DIAG_ERROR ? LINT_RT001 : LINT_RT002;
    LintLevel level = d->level == DIAG_ERROR ? LINT_ERROR : d->level == DIAG_WARNING ? LINT_WARNING : LINT_NOTE;
    LintFinding f = {rule, level, s->comp, d->loc, dup_string(d->message), dup_string(d->hint), NULL, false,
                     d->id};
    if (!f.message || !add_finding(s->run, &f)) {
        free(f.message);
        free(f.hint);
    }
}

/* ---- the played entries ------------------------------------------------- */

typedef struct {
    LintEntry *items;
    size_t n, cap;
    const ExerciseSpec **specs;
    size_t n_specs, cap_specs;
    const Node *stage;        /* the stage being collected, or NULL */
} Collect;

static void add_spec(Collect *co, const ExerciseSpec *spec) {
    if (grow((void **)&co->specs, &co->cap_specs, co->n_specs, sizeof *co->specs))
        co->specs[co->n_specs++] = spec;
    for (uint32_t i = 0; i < spec->n_variants; i++)
        if (grow((void **)&co->specs, &co->cap_specs, co->n_specs, sizeof *co->specs))
            co->specs[co->n_specs++] = spec->variants[i];
}

static void add_entry(Collect *co, const ExerciseSpec *spec, const Node *rest, const char *level,
                      uint64_t rounds) {
    if (!grow((void **)&co->items, &co->cap, co->n, sizeof *co->items))
        return;
    co->items[co->n++] = (LintEntry){spec, rest, level, co->stage, rounds};
    if (spec)
        add_spec(co, spec);
}

static uint64_t mul_sat(uint64_t a, uint64_t b) {
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

static void collect_block(Collect *co, const Node *body, const char *level, uint64_t rounds);

/* A block inside the block being collected: a section (its level), a
 * circuit (its rounds) or a stage (a session of its own, with what is
 * outside stages). */
static void collect_nested(Collect *co, const Node *n, const char *level, uint64_t rounds) {
    if (n->kind == NODE_SECTION) {
        collect_block(co, n->as.section.body, n->as.section.level.s ? n->as.section.level.s : level,
                      rounds);
    } else if (n->kind == NODE_CIRCUIT) {
        collect_block(co, n->as.circuit.body, level, mul_sat(rounds, n->as.circuit.rounds.value));
    } else if (n->kind == NODE_STAGE) {
        co->stage = n;
        collect_block(co, n->as.stage.body, level, rounds);
        co->stage = NULL;
    }
}

/* Nesting is bounded by the parser (MAX_NESTING), so recursion is too. */
static void collect_block(Collect *co, const Node *body, const char *level, uint64_t rounds) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_EXERCISE && n->as.exercise.spec)
            add_entry(co, n->as.exercise.spec, NULL, level, rounds);
        else if (n->kind == NODE_USE && n->as.use.spec)
            add_entry(co, n->as.use.spec, NULL, level, rounds);
        else if (n->kind == NODE_REST && n->as.rest.scope == REST_STEP)
            add_entry(co, NULL, n, level, rounds);
        else
            collect_nested(co, n, level, rounds);
    }
}

/* ---- a library's definitions, as if each were played alone ------------- */

/* sema's library mode resolved them (Model.library). */
static void collect_library(Collect *co, const Model *model) {
    for (uint32_t i = 0; i < model->n_library; i++)
        add_spec(co, model->library[i]);
}

/* ---- suppressions ------------------------------------------------------- */

typedef struct {
    LintAllow *items;
    size_t n, cap;
} Allows;

static void add_allow(Allows *al, const Node *n, Loc scope) {
    if (!grow((void **)&al->items, &al->cap, al->n, sizeof *al->items))
        return;
    const char *word = n->as.allow.rule.s;
    al->items[al->n++] = (LintAllow){n, scope, word ? lint_rule_find(word) : -1, 0};
}

/* `scope` is the span an allow directly in `body` covers. */
static void collect_allows(Allows *al, const Node *body, Loc scope) {
    for (const Node *n = body; n; n = n->next) {
        switch (n->kind) {
        case NODE_ALLOW: add_allow(al, n, scope); break;
        case NODE_ROUTINE: collect_allows(al, n->as.routine.body, scope); break; /* the file */
        case NODE_SECTION: collect_allows(al, n->as.section.body, n->loc); break;
        case NODE_CIRCUIT: collect_allows(al, n->as.circuit.body, n->loc); break;
        case NODE_STAGE: collect_allows(al, n->as.stage.body, n->loc); break; /* lang-b */
        case NODE_EXERCISE: collect_allows(al, n->as.exercise.body, n->loc); break;
        case NODE_VARIANT: collect_allows(al, n->as.variant.body, n->loc); break;
        case NODE_USE: collect_allows(al, n->as.use.body, n->loc); break;
        default: break;
        }
    }
}

static bool blank(const char *s) {
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* Problems with the allows themselves; unused ones only in the main file
 * (a library's allow may be for a routine that plays more of it). */
static void check_allows(LintCtx *cx) {
    for (size_t i = 0; i < cx->n_allows; i++) {
        LintAllow *a = &cx->allows[i];
        const Str *rule = &a->node->as.allow.rule;
        if (a->rule < 0)
            lint_emit(cx, LINT_RT309, rule->loc, NULL, NULL, "`routinec lint --list` shows every rule",
                      "`allow %s` names no lint rule", rule->s ? rule->s : "");
        if (blank(a->node->as.allow.reason.s))
            lint_emit(cx, LINT_RT308, a->node->loc, NULL, NULL,
                      "say why, for the next reader: allow RT102 \"post-op protocol\";",
                      "this `allow` gives no reason");
        if (a->rule >= 0 && !a->used && a->node->loc.file == cx->c->main_file
            && cx->cfg->level[a->rule] != LINT_OFF)
            lint_emit(cx, LINT_RT307, a->node->loc, NULL, NULL, "remove the line",
                      "`allow %s` suppresses nothing here", rule->s);
    }
}

/* ---- what the texts say ------------------------------------------------- */

/* Texts are keyed by their words: a cue repeated across a library ("Keep
 * breathing.") is read once, however often it is written or played.  An
 * exercise's summary (what its texts say, by role) is keyed by the spec's
 * address in the same table: most questions a rule asks are answered by
 * one mask. */
typedef enum { KEY_SPEC, KEY_TEXT_AT, KEY_TEXT } KeyKind;

typedef struct {
    const void *key;     /* a spec, a text's address, or a text by content */
    uint64_t hash;
    KeyKind kind;
    union {
        LintSaid text;
        LintSpecSaid spec;
    } v;
} SaidEntry;

struct LintSaidCache {
    SaidEntry *slots;
    size_t n, cap;       /* cap: 0 or a power of two */
};

static bool same_key(const SaidEntry *e, const void *key, uint64_t hash, KeyKind kind) {
    if (e->hash != hash || e->kind != kind)
        return false;
    return kind == KEY_TEXT ? strcmp(e->key, key) == 0 : e->key == key;
}

static size_t said_slot(const SaidEntry *slots, size_t cap, const void *key, uint64_t hash, KeyKind kind) {
    size_t i = (size_t)(hash * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
    while (slots[i].key && !same_key(&slots[i], key, hash, kind))
        i = (i + 1) & (cap - 1);
    return i;
}

static bool said_grow(struct LintSaidCache *c) {
    size_t cap = c->cap ? c->cap * 2 : 256;
    SaidEntry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < c->cap; i++) {
        const SaidEntry *e = &c->slots[i];
        if (e->key)
            slots[said_slot(slots, cap, e->key, e->hash, e->kind)] = *e;
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
    return true;
}

/* The entry for `key`: new (key NULL) or known; NULL without memory. */
static SaidEntry *said_entry(LintCtx *cx, const void *key, uint64_t hash, KeyKind kind) {
    struct LintSaidCache *c = cx->said;
    if (!cx->run->lexicon)
        cx->run->lexicon = lint_lexicon_new();
    if (!key || !c || !cx->run->lexicon || ((c->n + 1) * 2 > c->cap && !said_grow(c)))
        return NULL;
    return &c->slots[said_slot(c->slots, c->cap, key, hash, kind)];
}

/* By content: read the text when these words were never read. */
static LintSaid said_by_content(LintCtx *cx, const char *text) {
    LintSaid said = {0, {{0, 0}}};
    size_t len = strlen(text); /* the ends and the length pick the bucket; strcmp decides */
    uint64_t hash = hash_fnv(HASH_FNV_OFFSET, text, len < 24 ? len : 24);
    hash = hash_fnv(hash ^ len, text + (len > 8 ? len - 8 : 0), len < 8 ? len : 8);
    SaidEntry *e = said_entry(cx, text, hash, KEY_TEXT);
    if (e && e->key)
        return e->v.text;
    lint_text_scan(cx->run->lexicon, text, &said);
    if (e) {
        *e = (SaidEntry){text, hash, KEY_TEXT, {.text = said}};
        cx->said->n++;
    }
    return said;
}

LintSaid lint_said_once(LintCtx *cx, const char *text) {
    LintSaid said = {0, {{0, 0}}};
    if (!cx->run->lexicon)
        cx->run->lexicon = lint_lexicon_new();
    lint_text_scan(cx->run->lexicon, text, &said); /* no lexicon (no memory): says nothing */
    return said;
}

/* By address first: the same text asked again costs no hashing. */
LintSaid lint_said(LintCtx *cx, const char *text) {
    LintSaid nothing = {0, {{0, 0}}};
    uint64_t hash = (uint64_t)(uintptr_t)text >> 3;
    SaidEntry *e = said_entry(cx, text, hash, KEY_TEXT_AT);
    if (!e)
        return text && cx->run->lexicon ? said_by_content(cx, text) : nothing;
    if (e->key)
        return e->v.text;
    LintSaid said = said_by_content(cx, text);
    e = said_entry(cx, text, hash, KEY_TEXT_AT); /* the table may have grown */
    if (e && !e->key) {
        *e = (SaidEntry){text, hash, KEY_TEXT_AT, {.text = said}};
        cx->said->n++;
    }
    return said;
}

static uint32_t therapist_mask(LintCtx *cx, const Node *body) {
    uint32_t mask = 0;
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_THERAPIST)
            mask |= lint_said(cx, n->as.text.text.s).mask;
    return mask;
}

static LintSpecSaid spec_said_now(LintCtx *cx, const ExerciseSpec *spec) {
    LintSpecSaid s;
    memset(&s, 0, sizeof s);
    s.name = lint_said(cx, spec->name).mask;
    for (uint32_t i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        if ((unsigned)t->as.text.role < sizeof s.role / sizeof *s.role)
            s.role[t->as.text.role] |= lint_said(cx, t->as.text.text.s).mask;
    }
    s.role[TEXT_THERAPIST] = therapist_mask(cx, spec->def->as.exercise.body)
                           | (spec->variant ? therapist_mask(cx, spec->variant->as.variant.body) : 0);
    return s;
}

LintSpecSaid lint_spec_said(LintCtx *cx, const ExerciseSpec *spec) {
    uint64_t hash = (uint64_t)(uintptr_t)spec >> 3;
    SaidEntry *e = said_entry(cx, spec, hash, KEY_SPEC);
    if (!e)
        return spec_said_now(cx, spec);
    if (!e->key) {
        LintSpecSaid s = spec_said_now(cx, spec); /* may grow the table: look again */
        e = said_entry(cx, spec, hash, KEY_SPEC);
        if (!e)
            return s;
        e->key = spec;
        e->hash = hash;
        e->kind = KEY_SPEC;
        e->v.spec = s;
        cx->said->n++;
    }
    return e->v.spec;
}

/* ---- one compilation ---------------------------------------------------- */

static void run_rules(LintCtx *cx) {
    for (int r = 0; r < LINT__COUNT; r++) {
        const LintRule *rule = &lint_rules[r];
        if (cx->cfg->level[r] == LINT_OFF)
            continue;
        for (size_t i = 0; rule->check_spec && i < cx->n_specs; i++)
            rule->check_spec(cx, cx->specs[i]);
        if (rule->check_routine)
            rule->check_routine(cx);
    }
}

void lint_run_compilation(LintRun *run, uint32_t comp, const LintConfig *cfg, bool checked,
                          bool library) {
    Compilation *c = run->comps[comp];
    struct LintSaidCache said = {NULL, 0, 0};
    LintCtx cx = {c, cfg, run, comp, library, NULL, 0, NULL, 0, NULL, 0, &said};
    Allows al = {0};
    for (uint32_t f = 0; f < c->files.n_trees; f++) {
        Loc whole = {0};
        whole.file = f;
        collect_allows(&al, c->files.trees[f], whole);
    }
    cx.allows = al.items;
    cx.n_allows = al.n;
    Collect co = {0};
    if (checked && library)
        collect_library(&co, &c->model);
    else if (checked && c->model.routine)
        collect_block(&co, c->model.routine->as.routine.body, NULL, 1);
    cx.entries = co.items;
    cx.n_entries = co.n;
    cx.specs = co.specs;
    cx.n_specs = co.n_specs;
    if (checked)
        run_rules(&cx);
    check_allows(&cx);
    free(co.items);
    free(co.specs);
    free(al.items);
    free(said.slots);
}

/* ---- linting files ------------------------------------------------------- */

/* A -W value: `RT102` (on at its default level), `no-X`, `error=X`,
 * `warning=X`, `note=X`. */
static bool apply_flag(LintConfig *cfg, const char *flag) {
    static const char *const levels[] = {"error=", "warning=", "note="};
    static const char *const values[] = {"error", "warning", "note"};
    const char *body = flag;
    const char *value = "on";
    if (strncmp(body, "no-", 3) == 0) {
        body += 3;
        value = "off";
    }
    for (int i = 0; i < 3; i++)
        if (strncmp(body, levels[i], strlen(levels[i])) == 0) {
            body += strlen(levels[i]);
            value = values[i];
        }
    LintOrigin from = {"command line", 0};
    bool bad_value = false;
    const char *why = lint_policy_set(cfg, body, value, from, &bad_value);
    if (why)
        safe_text_printf(stderr, "routinec lint: -W%s: %s\n", flag, why);
    return why == NULL;
}

int lint_config_for(const LintSettings *s, const char *path, LintConfig *cfg) {
    lint_config_init(cfg);
    char *policy = s->policy ? dup_string(s->policy)
                 : path && strcmp(path, "-") != 0 ? lint_policy_find(path) : lint_policy_find("./x");
    if (policy) {
        bool ok = lint_policy_load(cfg, policy, stderr);
        free(policy);
        if (!ok)
            return EXIT_USAGE;
    }
    for (size_t i = 0; i < s->n_flags; i++)
        if (!apply_flag(cfg, s->flags[i]))
            return EXIT_USAGE;
    return 0;
}

static bool main_has_routine(const Compilation *c) {
    if (c->main_file >= c->files.n_trees)
        return false;
    for (const Node *n = c->files.trees[c->main_file]; n; n = n->next)
        if (n->kind == NODE_ROUTINE)
            return true;
    return false;
}

static bool add_comp(LintRun *run, Compilation *c) {
    if (!grow((void **)&run->comps, &run->cap_comps, run->n_comps, sizeof *run->comps))
        return false;
    run->comps[run->n_comps++] = c;
    return true;
}

/* A new Compilation in `run`, with compiler diagnostics going to `sink`. */
static Compilation *new_comp(LintRun *run, CompileSink *sink) {
    Compilation *c = malloc(sizeof *c);
    if (!c || !add_comp(run, c)) {
        free(c);
        return NULL;
    }
    compile_init(c, stderr, false);
    *sink = (CompileSink){run, (uint32_t)(run->n_comps - 1), 0, false, 0};
    c->diag.sink = compile_sink;
    c->diag.sink_ctx = sink;
    run->files++;
    return c;
}

/* Check and lint a compilation that loaded (`st` is compile_load's). */
static void lint_loaded(LintRun *run, Compilation *c, CompileSink *sink, CompileStatus st,
                        const LintConfig *cfg) {
    bool library = !main_has_routine(c);
    sink->main_file = c->main_file;
    c->library_ok = library; /* sema's library mode: each definition resolved alone */
    bool checked = false;
    if (st == COMPILE_OK) {
        size_t at = run->n;
        compile_check(c);
        checked = true;
        for (size_t i = at; i < run->n; i++)
            checked &= run->items[i].rule != LINT_RT001;
    }
    lint_run_compilation(run, sink->comp, cfg, checked, library);
    c->diag.sink = NULL;
}

bool lint_text(LintRun *run, const LintConfig *cfg, const char *name, const char *text, size_t len) {
    CompileSink sink;
    Compilation *c = new_comp(run, &sink);
    if (!c)
        return false;
    lint_loaded(run, c, &sink, compile_load_text(c, name, text, len), cfg);
    return true;
}

int lint_path(LintRun *run, const LintSettings *s, const char *path) {
    LintConfig cfg;
    int status = lint_config_for(s, path, &cfg);
    CompileSink sink;
    Compilation *c = status ? NULL : new_comp(run, &sink);
    if (!c) {
        lint_config_free(&cfg);
        return status ? status : EXIT_IO;
    }
    size_t before = run->n;
    c->include_dirs = s->include_dirs;
    c->n_include_dirs = s->n_include_dirs;
    CompileStatus st = compile_load(c, path);
    if (st == COMPILE_IO) {
        for (size_t i = before; i < run->n; i++) { /* the "cannot read" error: not a finding */
            safe_text_printf(stderr, "routinec lint: %s\n", run->items[i].message);
            free(run->items[i].message);
            free(run->items[i].hint);
        }
        run->n = before;
        run->files--;
        c->diag.sink = NULL;
    } else {
        lint_loaded(run, c, &sink, st, &cfg);
    }
    lint_config_free(&cfg);
    return st == COMPILE_IO ? EXIT_IO : EXIT_OK;
}

/* ---- for `build` and `run` ---------------------------------------------- */

static void report_tagged(Diag *diag, DiagLevel level, Loc loc, const char *hint, const char *tag,
                          const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    diag_vreport(diag, level, loc, hint, tag, fmt, args);
    va_end(args);
}

unsigned lint_compilation(Compilation *c, bool notes) {
    LintConfig cfg;
    lint_config_init(&cfg);
    char *policy = lint_policy_find(c->sources.files[c->main_file].path);
    if (policy && !lint_policy_load(&cfg, policy, c->diag.out)) {
        Loc none = {0};
        diag_report_id(&c->diag, DIAG_ID_LINT_POLICY, DIAG_ERROR, none, NULL, "the lint policy \"%s\" has errors", policy);
    }
    free(policy);
    LintRun run = {0};
    unsigned errors = 0;
    if (add_comp(&run, c)) {
        lint_run_compilation(&run, 0, &cfg, true, c->model.routine == NULL);
        lint_run_sort(&run);
        for (size_t i = 0; i < run.n; i++) {
            LintFinding *f = &run.items[i];
            if (f->level == LINT_NOTE && !notes)
                continue;
            char tag[96];
            snprintf(tag, sizeof tag, "%s %s", lint_rules[f->rule].id, lint_rules[f->rule].name);
            errors += f->level == LINT_ERROR;
            report_tagged(&c->diag, diag_level(f->level), f->loc, f->hint, tag, "%s", f->message);
        }
        run.n_comps = 0; /* the caller owns c */
    }
    lint_run_free(&run);
    lint_config_free(&cfg);
    return errors;
}
