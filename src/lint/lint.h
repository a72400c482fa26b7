/*
 * lint.h -- `routinec lint`: a clinical safety linter for routines.
 *
 * Each rule has a stable id that is never reused (RT102) and a name
 * (long-isometric-hold).  The rule table in lint_rules.c says, for every
 * rule, its category, default level, thresholds, rationale, clinical
 * source and examples; --list, --explain, the SARIF rule list and the
 * policy parser all read that one table.
 *
 * The pipeline for one file:
 *
 *     compile_load + compile_check  ->  played entries  ->  rule checks
 *         -> suppressions (`allow`)  ->  findings  ->  text / JSON / SARIF
 *
 * Compiler diagnostics become findings too (RT001, RT002), so a syntax
 * error in one file is reported in the same stream and the other files
 * are still linted.
 */
#ifndef ROUTINEC_LINT_H
#define ROUTINEC_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compile.h"
#include "json.h"
#include "lint_text.h"

/* ---- entry points ------------------------------------------------------- */

/* Lint a compilation that compile_check accepted (for `build` and `run`):
 * the policy is searched next to the main file; every warning and error
 * (and notes when `notes`) is reported through c->diag with its rule tag,
 * so lint errors count in c->diag.errors.  Returns the number of lint
 * errors reported. */
unsigned lint_compilation(Compilation *c, bool notes);

/* ---- rules -------------------------------------------------------------- */

/* The rule ids, in table order.  Ids are stable and never reused: retire
 * a rule by keeping its row with level LINT_OFF. */
#define LINT_RULES(X)                                                   \
    X(RT001) X(RT002)                                                   \
    X(RT101) X(RT102) X(RT103) X(RT104) X(RT105) X(RT106) X(RT107)      \
    X(RT108) X(RT109) X(RT110) X(RT111) X(RT112) X(RT113) X(RT114)      \
    X(RT115) X(RT116) X(RT117) X(RT118) X(RT119) X(RT120)              \
    X(RT201) X(RT202) X(RT203) X(RT204) X(RT205) X(RT206) X(RT207)      \
    X(RT208) X(RT209) X(RT210) X(RT211) X(RT212) X(RT213) X(RT214)      \
    X(RT215) X(RT216) X(RT217) X(RT218)                                 \
    X(RT301) X(RT302) X(RT303) X(RT304) X(RT305) X(RT306) X(RT307)      \
    X(RT308) X(RT309)

typedef enum {
#define X(id) LINT_##id,
    LINT_RULES(X)
#undef X
    LINT__COUNT
} LintRuleId;

typedef enum { LINT_OFF, LINT_NOTE, LINT_WARNING, LINT_ERROR } LintLevel;
typedef enum { LINT_CAT_SAFETY, LINT_CAT_DOSAGE, LINT_CAT_STRUCTURE } LintCategory;
/* MASS: grams (`25kg`, `500g`, `10lb` in a policy). */
typedef enum { LINT_PARAM_MS, LINT_PARAM_COUNT, LINT_PARAM_PERCENT, LINT_PARAM_MASS } LintParamType;

#define LINT_MAX_PARAMS 2

/* A threshold: `RT102.max_hold = 20s` in a policy file. */
typedef struct {
    const char *key;     /* NULL: no parameter in this slot */
    LintParamType type;
    uint64_t def;        /* ms, a count, or a percentage */
    const char *doc;
} LintParam;

typedef struct LintCtx LintCtx;

typedef struct {
    const char *id, *name;
    LintCategory category;
    LintLevel level;          /* default */
    const char *summary;      /* one line, for --list and SARIF */
    const char *rationale;
    const char *source;       /* the clinical source */
    const char *strength;     /* guideline, trial, expert opinion, clinic convention */
    LintParam params[LINT_MAX_PARAMS];
    const char *bad, *good;   /* a routine that triggers it, and one that does not */
    void (*check_spec)(LintCtx *cx, const ExerciseSpec *spec); /* per exercise played */
    void (*check_routine)(LintCtx *cx);                        /* once per file */
} LintRule;

extern const LintRule lint_rules[LINT__COUNT];

/* The rule named by `word` (id, any case, or name), or -1. */
int lint_rule_find(const char *word);
const char *lint_level_name(LintLevel level);
const char *lint_category_name(LintCategory category);

/* ---- configuration (lint_policy.c) -------------------------------------- */

/* Where a level or threshold came from: file NULL is the built-in default. */
typedef struct {
    const char *file;    /* the policy path, or "command line" */
    uint32_t line;
} LintOrigin;

typedef struct {
    LintLevel level[LINT__COUNT];
    uint64_t param[LINT__COUNT][LINT_MAX_PARAMS];
    LintOrigin level_from[LINT__COUNT];
    LintOrigin param_from[LINT__COUNT][LINT_MAX_PARAMS];
    char *policy_path;   /* owned; NULL when no policy file applies */
} LintConfig;

void lint_config_init(LintConfig *cfg);
void lint_config_free(LintConfig *cfg);

/* Read a policy file into `cfg`.  Errors go to `err` as file:line:col.
 * Returns false on any error (the file is then not applied in part). */
bool lint_policy_load(LintConfig *cfg, const char *path, FILE *err);

/* Apply one `key = value` setting (a policy line or a -W flag).  Returns
 * NULL on success or a sentence saying what is wrong; *col is the 1-based
 * column in `key`/`value` text where the problem is (0 for the key). */
const char *lint_policy_set(LintConfig *cfg, const char *key, const char *value,
                            LintOrigin from, bool *bad_value);

/* The policy for a routine at `path`: `.routinec-policy` in its directory,
 * then in each parent directory up to the root.  malloc'd, or NULL. */
char *lint_policy_find(const char *path);

/* Grams in `thousandths` of `unit` (a Weight's amount), saturating; and
 * grams as a policy writes them ("20kg", "2.5kg", "500g"). */
uint64_t lint_grams(uint64_t thousandths, LoadUnit unit);
const char *lint_format_grams(uint64_t grams, char *buf, size_t size);

/* Parse a threshold value of `type`: "20s", "30", "50%", "20kg". */
bool lint_parse_param(LintParamType type, const char *text, uint64_t *value);

/* ---- findings (lint.c) -------------------------------------------------- */

/* One text edit: replace [start, end) -- end is exclusive, so start == end
 * inserts. */
typedef struct {
    uint32_t file, line, col, end_line, end_col;
    char *text;
} LintEdit;

typedef struct {
    char *description;
    LintEdit edits[4];
    uint32_t n_edits;
} LintFix;

typedef struct {
    LintRuleId rule;
    LintLevel level;
    uint32_t comp;       /* the compilation whose sources hold loc */
    Loc loc;
    char *message;
    char *hint;          /* or NULL */
    LintFix *fix;        /* or NULL */
    bool suppressed;     /* silenced by an `allow`: kept to count it once */
    DiagId diagnostic;   /* RT001, RT002: the compiler's id (diag.h), else DIAG_ID_NONE */
} LintFinding;

/* Every finding of one lint run, and the compilations that own the text. */
typedef struct {
    LintFinding *items;
    size_t n, cap;
    Compilation **comps;
    size_t n_comps, cap_comps;
    unsigned suppressed; /* counted by lint_run_sort, after duplicates are dropped */
    unsigned files;
    LintLexicon *lexicon; /* the phrase table, built on first use */
    /* Findings in libraries already reported by an earlier lint_run_release
     * (a hash each): a library included by many routines is reported once
     * however the files are flushed.  Grows with a library's findings,
     * never with the number of routines. */
    uint64_t *seen;
    size_t n_seen, cap_seen;      /* cap: 0 or a power of two */
} LintRun;

/* An exercise played, or a rest step, in the order of the routine. */
typedef struct {
    const ExerciseSpec *spec; /* NULL for a rest step */
    const Node *rest;         /* NODE_REST (REST_STEP) */
    const char *level;        /* the section level it is under, or NULL */
    const Node *stage;        /* the NODE_STAGE it is in, or NULL */
    uint64_t rounds;          /* times played (circuit rounds, multiplied) */
} LintEntry;

/* An `allow` and the span it covers (line 0: the whole file). */
typedef struct {
    const Node *node;
    Loc scope;
    int rule;                 /* -1 when unknown */
    unsigned used;
} LintAllow;

struct LintCtx {
    Compilation *c;
    const LintConfig *cfg;
    LintRun *run;
    uint32_t comp;
    bool library;             /* a file of definitions with no routine */
    LintEntry *entries;
    size_t n_entries;
    const ExerciseSpec **specs; /* every spec to check, variants included */
    size_t n_specs;
    LintAllow *allows;
    size_t n_allows;
    struct LintSaidCache *said; /* what each text says, read once (lint.c) */
};

/* What `text` (a string of the compilation: a text's or a name's) says;
 * read once and remembered for the rest of the compilation (a copy: the
 * cache may move). */
LintSaid lint_said(LintCtx *cx, const char *text);

/* What `text` says, not remembered: for a part of a text copied into a
 * buffer of the caller's (the cache is keyed by address). */
LintSaid lint_said_once(LintCtx *cx, const char *text);

/* What an exercise's texts say (masks of LintSays bits): by text role
 * (role[TEXT_THERAPIST] holds the therapist notes of its definition and
 * variant), and its name.  Remembered for the compilation. */
typedef struct {
    uint32_t role[8];
    uint32_t name;
} LintSpecSaid;

LintSpecSaid lint_spec_said(LintCtx *cx, const ExerciseSpec *spec);

/* Report a finding of `rule` at `loc`, unless the rule is off or an
 * `allow` covers `loc` or the exercise `spec` (may be NULL).  `fix` (may
 * be NULL) is taken over. */
void lint_emit(LintCtx *cx, LintRuleId rule, Loc loc, const ExerciseSpec *spec,
               LintFix *fix, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

uint64_t lint_param(const LintCtx *cx, LintRuleId rule, int index);

/* Lint one compilation already loaded (and checked when `checked`). */
void lint_run_compilation(LintRun *run, uint32_t comp, const LintConfig *cfg, bool checked,
                          bool library);

/* Lint text in memory as a file called `name` (tests, fuzzers); includes
 * are refused.  False when memory runs out. */
bool lint_text(LintRun *run, const LintConfig *cfg, const char *name, const char *text, size_t len);

/* How the command line configures the linter: a policy file (NULL: search
 * next to each routine) and -W values ("RT102", "no-X", "error=X"...). */
typedef struct {
    const char *policy;
    const char *const *flags;
    size_t n_flags;
    const char *const *include_dirs; /* --include-dir: where includes may also come from */
    size_t n_include_dirs;
} LintSettings;

/* Lint the file at `path` ("-": standard input) into `run`.  Returns 0,
 * 2 (a bad policy or -W value, reported on stderr) or 3 (it could not be
 * read). */
int lint_path(LintRun *run, const LintSettings *s, const char *path);

/* The config for linting `path`: the built-in defaults, the policy, then
 * the -W values in order.  Returns 0, or 2 (reported on stderr). */
int lint_config_for(const LintSettings *s, const char *path, LintConfig *cfg);

void lint_run_free(LintRun *run);
/* Sort by file, line, column, rule; drop exact duplicates, and findings
 * in libraries that an earlier release reported. */
void lint_run_sort(LintRun *run);
/* Free the findings and compilations linted so far, keeping the counts
 * (files, suppressed), the phrase table and what libraries reported: a
 * directory is linted in flat memory, one file at a time. */
void lint_run_release(LintRun *run);

/* Fix-it helpers for the rules. */
LintFix *lint_fix_new(const char *description);
bool lint_fix_add(LintFix *fix, uint32_t file, uint32_t line, uint32_t col, uint32_t end_line,
                  uint32_t end_col, const char *text);
void lint_fix_free(LintFix *fix);

/* ---- output (lint_output.c) --------------------------------------------- */

typedef enum { LINT_FORMAT_TEXT, LINT_FORMAT_JSON, LINT_FORMAT_SARIF } LintFormat;

typedef struct {
    unsigned errors, warnings, notes;
} LintCounts;

LintCounts lint_count(const LintRun *run);

/* Findings written as they come, a file at a time (begin, then add each
 * sorted run before releasing it, then end): the document is the same as
 * one written from a single run. */
typedef struct {
    LintFormat format;
    FILE *out;
    bool color;
    size_t written;      /* findings written */
    LintCounts counts;
    JsonWriter json;     /* --format json or sarif: the document being written */
} LintWriter;

void lint_writer_begin(LintWriter *w, LintFormat format, FILE *out, bool color);
void lint_writer_add(LintWriter *w, LintRun *run);
/* The summary; `run` gives the files and suppressed counts. */
void lint_writer_end(LintWriter *w, const LintRun *run);

/* One run, whole. */
void lint_write_text(LintRun *run, FILE *out, bool color);
void lint_write_json(const LintRun *run, FILE *out);
void lint_write_sarif(const LintRun *run, FILE *out);
void lint_print_list(FILE *out);
void lint_print_explain(FILE *out, const LintRule *rule);
void lint_print_policy(FILE *out, const LintConfig *cfg);
/* The path of a finding's file as SARIF wants it: relative to the CWD. */
const char *lint_finding_path(const LintRun *run, const LintFinding *f);

#endif
