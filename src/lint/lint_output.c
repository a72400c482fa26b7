/*
 * lint_output.c -- lint findings as text (the compiler's format), as JSON
 * (schema "routinec-lint/1", docs/lint.md) and as SARIF 2.1.0 for code
 * scanning; and the rule list, a rule's explanation and the effective
 * policy.
 *
 * Machine formats own stdout: everything else goes to stderr.
 */
#include "lint.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "duration.h"
#include "hash.h"
#include "json.h"
#include "safetext.h"

#ifndef ROUTINEC_VERSION
#define ROUTINEC_VERSION "0.1.0"
#endif

#define INFO_URI "https://github.com/routinec/routinec#linting"

LintCounts lint_count(const LintRun *run) {
    LintCounts n = {0, 0, 0};
    for (size_t i = 0; i < run->n; i++) {
        LintLevel level = run->items[i].level;
        n.errors += level == LINT_ERROR;
        n.warnings += level == LINT_WARNING;
        n.notes += level == LINT_NOTE;
    }
    return n;
}

static const char *plural(unsigned n) {
    return n == 1 ? "" : "s";
}

/* ---- text --------------------------------------------------------------- */

static void text_findings(LintRun *run, FILE *out, bool color) {
    for (size_t i = 0; i < run->n; i++) {
        const LintFinding *f = &run->items[i];
        Diag *diag = &run->comps[f->comp]->diag;
        char tag[96];
        snprintf(tag, sizeof tag, "%s %s", lint_rules[f->rule].id, lint_rules[f->rule].name);
        DiagLevel level = f->level == LINT_ERROR ? DIAG_ERROR
                        : f->level == LINT_WARNING ? DIAG_WARNING : DIAG_NOTE;
        Diagnostic d = {level, f->loc, f->message, f->hint, tag, DIAG_ID_NONE};
        diag->color = color;
        diag_print(diag, out, &d);
        if (f->fix) {
            fputs("      = fix: ", out);
            safe_text_fputs(f->fix->description, out, 0);
            fputc('\n', out);
        }
    }
}

static void text_summary(FILE *out, const LintRun *run, LintCounts n) {
    fprintf(out, "%u file%s linted: %u error%s, %u warning%s, %u note%s", run->files, plural(run->files),
            n.errors, plural(n.errors), n.warnings, plural(n.warnings), n.notes, plural(n.notes));
    if (run->suppressed)
        fprintf(out, " (%u suppressed)", run->suppressed);
    fputc('\n', out);
}

/* ---- JSON --------------------------------------------------------------- */


static void json_position(JsonWriter *w, const char *key, uint32_t line, uint32_t col) {
    json_object(w, key, JSON_COMPACT);
    json_uint(w, "line", line);
    json_uint(w, "column", col);
    json_end(w);
}

static void json_fix(JsonWriter *w, const LintRun *run, const LintFinding *f) {
    const Sources *s = &run->comps[f->comp]->sources;
    json_object(w, "fix", JSON_COMPACT);
    json_str(w, "description", f->fix->description);
    json_array(w, "edits", JSON_COMPACT);
    for (uint32_t i = 0; i < f->fix->n_edits; i++) {
        const LintEdit *e = &f->fix->edits[i];
        json_object(w, NULL, JSON_COMPACT);
        json_str(w, "file", e->file < s->n_files ? s->files[e->file].path : "-");
        json_position(w, "start", e->line, e->col);
        json_position(w, "end", e->end_line, e->end_col);
        json_str(w, "text", e->text);
        json_end(w);
    }
    json_end(w);
    json_end(w);
}

static void json_finding(JsonWriter *w, const LintRun *run, const LintFinding *f) {
    const LintRule *rule = &lint_rules[f->rule];
    json_object(w, NULL, JSON_COMPACT);
    json_str(w, "rule", rule->id);
    json_str(w, "name", rule->name);
    json_str(w, "category", lint_category_name(rule->category));
    json_str(w, "level", lint_level_name(f->level));
    json_str(w, "file", lint_finding_path(run, f));
    json_position(w, "start", f->loc.line, f->loc.col);
    json_position(w, "end", f->loc.end_line, f->loc.end_col);
    json_str(w, "message", f->message);
    if (f->diagnostic != DIAG_ID_NONE)
        json_str(w, "diagnostic", diag_id_name(f->diagnostic));
    if (f->hint)
        json_str(w, "hint", f->hint);
    if (f->fix)
        json_fix(w, run, f);
    json_end(w);
}

/* One object; its findings one a line. */
static void json_begin(JsonWriter *w, FILE *out) {
    json_init(w, out);
    json_object(w, NULL, JSON_COMPACT);
    json_str(w, "schema", "routinec-lint/1");
    json_object(w, "tool", JSON_COMPACT);
    json_str(w, "name", "routinec");
    json_str(w, "version", ROUTINEC_VERSION);
    json_end(w);
    json_array(w, "findings", 0);
}

static void json_finish(JsonWriter *w, const LintRun *run, LintCounts n) {
    json_end(w);
    json_object(w, "summary", JSON_COMPACT);
    json_uint(w, "files", run->files);
    json_uint(w, "errors", n.errors);
    json_uint(w, "warnings", n.warnings);
    json_uint(w, "notes", n.notes);
    json_uint(w, "suppressed", run->suppressed);
    json_end(w);
    json_end(w);
    fputc('\n', w->out);
}

/* ---- SARIF -------------------------------------------------------------- */

static const char *sarif_level(LintLevel level) {
    return level == LINT_ERROR ? "error" : level == LINT_WARNING ? "warning"
         : level == LINT_NOTE ? "note" : "none";
}

/* {"text": TEXT} as member `key`. */
static void sarif_message(JsonWriter *w, const char *key, const char *text) {
    json_object(w, key, JSON_COMPACT);
    json_str(w, "text", text);
    json_end(w);
}

static void sarif_rule_config(JsonWriter *w, const LintRule *rule) {
    json_object(w, "defaultConfiguration", JSON_COMPACT);
    json_str(w, "level", sarif_level(rule->level));
    json_bool(w, "enabled", rule->level != LINT_OFF);
    json_end(w);
    json_object(w, "properties", JSON_COMPACT);
    json_str(w, "category", lint_category_name(rule->category));
    json_str(w, "evidence", rule->strength);
    json_array(w, "tags", JSON_COMPACT);
    json_str(w, NULL, lint_category_name(rule->category));
    json_end(w);
    json_end(w);
}

static void sarif_rule(JsonWriter *w, const LintRule *rule) {
    json_object(w, NULL, JSON_COMPACT);
    json_str(w, "id", rule->id);
    json_str(w, "name", rule->name);
    sarif_message(w, "shortDescription", rule->summary);
    sarif_message(w, "fullDescription", rule->rationale);
    char help[1024];
    snprintf(help, sizeof help, "%s Source: %s (%s). Run `routinec lint --explain %s` for the "
             "thresholds and examples.", rule->rationale, rule->source, rule->strength, rule->id);
    sarif_message(w, "help", help);
    json_str(w, "helpUri", INFO_URI);
    sarif_rule_config(w, rule);
    json_end(w);
}

/* The URI of a path relative to the CWD (paths are given relative, or
 * resolved relative to a relative including file), the bytes a URI may
 * not hold "%"-escaped, as member "uri" -- and, for a relative path,
 * "uriBaseId" SRCROOT, the directory routinec ran in (originalUriBaseIds);
 * an absolute one is a file:// URI. */
static void sarif_uri(JsonWriter *w, const char *path) {
    static const char *const ok = "-._~/!$&'()*+,;=@"; /* ':' escaped: never read as a scheme */
    if (strcmp(path, "-") == 0)
        path = "stdin";
    if (path[0] == '.' && path[1] == '/')
        path += 2;
    bool absolute = path[0] == '/';
    size_t len = strlen(path);
    char *uri = malloc(len * 3 + sizeof "file://");
    if (!uri) {
        json_str(w, "uri", "file:///");
        return;
    }
    size_t n = (size_t)sprintf(uri, "%s", absolute ? "file://" : "");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
            || strchr(ok, *p))
            uri[n++] = (char)*p;
        else
            n += (size_t)sprintf(uri + n, "%%%02X", *p);
    }
    uri[n] = '\0';
    json_str(w, "uri", uri);
    if (!absolute)
        json_str(w, "uriBaseId", "SRCROOT");
    free(uri);
}

/* SRCROOT: the working directory as a file:// URI ending in '/'. */
static void sarif_base_ids(JsonWriter *w) {
    char *cwd = getcwd(NULL, 0);
    if (!cwd || cwd[0] != '/') {
        free(cwd);
        return;
    }
    json_object(w, "originalUriBaseIds", JSON_COMPACT);
    json_object(w, "SRCROOT", JSON_COMPACT);
    size_t len = strlen(cwd);
    char *dir = malloc(len + 2);
    if (dir) {
        memcpy(dir, cwd, len);
        memcpy(dir + len, len > 1 ? "/" : "", len > 1 ? 2 : 1);
        sarif_uri(w, dir);
    } else {
        json_str(w, "uri", "file:///");
    }
    json_end(w);
    json_end(w);
    free(dir);
    free(cwd);
}

/* Where the last column was counted: findings come sorted by line and
 * column, so counting on from there keeps many findings on one long line
 * linear (counting from the start each time was quadratic). */
typedef struct {
    const char *text; /* the line counted in, or NULL */
    size_t at;        /* bytes counted */
    uint32_t cp;      /* code points before text[at], plus 1 */
} ColCache;

/* Column `col` (bytes, 1-based) of a line as Unicode code points. */
static uint32_t code_point_col(ColCache *cache, Sources *s, uint32_t file, uint32_t line,
                               uint32_t col) {
    size_t len;
    const char *text = sources_line(s, file, line, &len);
    if (!text || col == 0)
        return col ? col : 1;
    if (cache->text != text || cache->at > (size_t)col - 1)
        *cache = (ColCache){text, 0, 1};
    uint32_t cp = cache->cp;
    size_t i = cache->at;
    for (; i + 1 < col && i < len; i++)
        cp += ((unsigned char)text[i] & 0xC0) != 0x80;
    cache->at = i;
    cache->cp = cp;
    if (col - 1 > len)
        cp += (uint32_t)(col - 1 - len); /* past the end: one per byte */
    return cp;
}

/* The four members of a region, columns in code points. */
static void sarif_span(JsonWriter *w, ColCache cache[2], Sources *s, uint32_t file, uint32_t line,
                       uint32_t col, uint32_t end_line, uint32_t end_col) {
    json_uint(w, "startLine", line);
    json_uint(w, "startColumn", code_point_col(&cache[0], s, file, line, col));
    json_uint(w, "endLine", end_line);
    json_uint(w, "endColumn", code_point_col(&cache[1], s, file, end_line, end_col));
}

static void sarif_region(JsonWriter *w, ColCache cache[2], Sources *s, uint32_t file, uint32_t line,
                         uint32_t col, uint32_t end_line, uint32_t end_col) {
    if (end_line < line || (end_line == line && end_col < col)) {
        end_line = line;
        end_col = col;
    }
    json_object(w, "region", JSON_COMPACT);
    sarif_span(w, cache, s, file, line, col, end_line, end_col);
    json_end(w);
}

/* The finding's source line with blanks squeezed: moving a line or
 * re-indenting it keeps the fingerprint. */
static uint64_t line_hash(uint64_t h, Sources *s, const LintFinding *f) {
    size_t len;
    const char *text = f->loc.line ? sources_line(s, f->loc.file, f->loc.line, &len) : NULL;
    bool blank = true;
    for (size_t i = 0; text && i < len; i++) {
        bool space = text[i] == ' ' || text[i] == '\t' || text[i] == '\r';
        if (space && !blank)
            h = hash_fnv_byte(h, ' ');
        else if (!space)
            h = hash_fnv_byte(h, (unsigned char)text[i]);
        blank = space;
    }
    return h;
}

static uint64_t finding_hash(const LintRun *run, const LintFinding *f) {
    const char *id = lint_rules[f->rule].id, *path = lint_finding_path(run, f);
    uint64_t h = hash_fnv(HASH_FNV_OFFSET, id, strlen(id) + 1);
    h = hash_fnv(h, path, strlen(path) + 1);
    return line_hash(h, &run->comps[f->comp]->sources, f);
}

static void sarif_edit(JsonWriter *w, Sources *s, const LintEdit *e, ColCache cache[2]) {
    json_object(w, NULL, JSON_COMPACT);
    json_object(w, "artifactLocation", JSON_COMPACT);
    sarif_uri(w, e->file < s->n_files ? s->files[e->file].path : "-");
    json_end(w);
    json_array(w, "replacements", JSON_COMPACT);
    json_object(w, NULL, JSON_COMPACT);
    json_object(w, "deletedRegion", JSON_COMPACT);
    sarif_span(w, cache, s, e->file, e->line, e->col, e->end_line, e->end_col);
    json_end(w);
    sarif_message(w, "insertedContent", e->text);
    json_end(w);
    json_end(w);
    json_end(w);
}

static void sarif_fix(JsonWriter *w, const LintRun *run, const LintFinding *f, ColCache cache[2]) {
    Sources *s = &run->comps[f->comp]->sources;
    json_array(w, "fixes", JSON_COMPACT);
    json_object(w, NULL, JSON_COMPACT);
    sarif_message(w, "description", f->fix->description);
    json_array(w, "artifactChanges", JSON_COMPACT);
    for (uint32_t i = 0; i < f->fix->n_edits; i++)
        sarif_edit(w, s, &f->fix->edits[i], cache);
    json_end(w);
    json_end(w);
    json_end(w);
}

static void sarif_location(JsonWriter *w, const LintRun *run, const LintFinding *f, ColCache cache[2]) {
    json_array(w, "locations", JSON_COMPACT);
    json_object(w, NULL, JSON_COMPACT);
    json_object(w, "physicalLocation", JSON_COMPACT);
    json_object(w, "artifactLocation", JSON_COMPACT);
    sarif_uri(w, lint_finding_path(run, f));
    json_end(w);
    if (f->loc.line) {
        uint32_t end_line = f->loc.end_line ? f->loc.end_line : f->loc.line;
        uint32_t end_col = f->loc.end_line ? f->loc.end_col + 1 : f->loc.col + 1;
        sarif_region(w, cache, &run->comps[f->comp]->sources, f->loc.file, f->loc.line,
                     f->loc.col ? f->loc.col : 1, end_line, end_col);
    }
    json_end(w);
    json_end(w);
    json_end(w);
}

static void sarif_result(JsonWriter *w, const LintRun *run, const LintFinding *f, uint64_t hash,
                         unsigned occurrence, ColCache cache[2]) {
    json_object(w, NULL, JSON_COMPACT);
    json_str(w, "ruleId", lint_rules[f->rule].id);
    json_int(w, "ruleIndex", (int)f->rule);
    json_str(w, "level", sarif_level(f->level));
    sarif_message(w, "message", f->message);
    sarif_location(w, run, f, cache);
    char print[40];
    snprintf(print, sizeof print, "%016llx:%u", (unsigned long long)hash, occurrence);
    json_object(w, "partialFingerprints", JSON_COMPACT);
    json_str(w, "routinecFindingHash/v1", print);
    json_end(w);
    if (f->diagnostic != DIAG_ID_NONE) { /* the compiler's id of an RT001/RT002 */
        json_object(w, "properties", JSON_COMPACT);
        json_str(w, "diagnostic", diag_id_name(f->diagnostic));
        json_end(w);
    }
    if (f->fix)
        sarif_fix(w, run, f, cache);
    json_end(w);
}

/* Every finding's hash, each (rule, line) hashed once: findings come
 * sorted by line, so the memo is the current line's. */
static uint64_t *finding_hashes(const LintRun *run) {
    uint64_t *hashes = malloc((run->n ? run->n : 1) * sizeof *hashes);
    uint64_t memo[LINT__COUNT];
    bool known[LINT__COUNT] = {false};
    for (size_t i = 0; hashes && i < run->n; i++) {
        const LintFinding *f = &run->items[i], *prev = i ? &run->items[i - 1] : NULL;
        if (!prev || prev->comp != f->comp || prev->loc.file != f->loc.file ||
            prev->loc.line != f->loc.line)
            memset(known, 0, sizeof known);
        if (!known[f->rule]) {
            memo[f->rule] = finding_hash(run, f);
            known[f->rule] = true;
        }
        hashes[i] = memo[f->rule];
    }
    return hashes;
}

typedef struct {
    uint64_t hash;
    size_t index;
    int rule;
} Occurrence;

static int by_rule_hash_index(const void *a, const void *b) {
    const Occurrence *x = a, *y = b;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* How many earlier findings share each one's rule and hash: the occurrence
 * index keeps two findings on identical lines apart.  Sorted, not compared
 * pairwise. */
static unsigned *occurrences(const LintRun *run, const uint64_t *hashes) {
    unsigned *count = malloc((run->n ? run->n : 1) * sizeof *count);
    Occurrence *o = malloc((run->n ? run->n : 1) * sizeof *o);
    for (size_t i = 0; count && o && i < run->n; i++)
        o[i] = (Occurrence){hashes[i], i, (int)run->items[i].rule};
    if (count && o)
        qsort(o, run->n, sizeof *o, by_rule_hash_index);
    for (size_t i = 0; count && o && i < run->n; i++)
        count[o[i].index] = i && o[i - 1].rule == o[i].rule && o[i - 1].hash == o[i].hash
                                ? count[o[i - 1].index] + 1 : 0;
    bool sorted = o != NULL;
    free(o);
    if (!sorted) {
        free(count);
        return NULL;
    }
    return count;
}

static void sarif_driver(JsonWriter *w) {
    json_object(w, "tool", JSON_COMPACT);
    json_object(w, "driver", JSON_COMPACT);
    json_str(w, "name", "routinec");
    json_str(w, "version", ROUTINEC_VERSION);
    json_str(w, "semanticVersion", ROUTINEC_VERSION);
    json_str(w, "informationUri", INFO_URI);
    json_array(w, "rules", 0); /* one rule a line */
    for (int r = 0; r < LINT__COUNT; r++)
        sarif_rule(w, &lint_rules[r]);
    json_end(w);
    json_end(w);
    json_end(w);
}

/* Everything before the first result; the results array is left open
 * for sarif_results, run after run. */
static void sarif_begin(JsonWriter *w, FILE *out) {
    json_init(w, out);
    json_object(w, NULL, JSON_COMPACT);
    json_str(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    json_str(w, "version", "2.1.0");
    json_array(w, "runs", JSON_COMPACT);
    json_object(w, NULL, JSON_COMPACT);
    sarif_driver(w);
    sarif_base_ids(w);
    json_str(w, "columnKind", "unicodeCodePoints");
    json_array(w, "results", 0); /* one finding a line */
}

static void sarif_results(JsonWriter *w, const LintRun *run) {
    uint64_t *hashes = finding_hashes(run);
    unsigned *occurrence = hashes ? occurrences(run, hashes) : NULL;
    ColCache cache[2] = {{NULL, 0, 1}, {NULL, 0, 1}};
    for (size_t i = 0; i < run->n; i++) {
        const LintFinding *f = &run->items[i];
        sarif_result(w, run, f, hashes ? hashes[i] : finding_hash(run, f), occurrence ? occurrence[i] : 0,
                     cache);
    }
    free(hashes);
    free(occurrence);
}

/* The results, the run, the runs, the log. */
static void sarif_finish(JsonWriter *w, FILE *out) {
    for (int i = 0; i < 4; i++)
        json_end(w);
    fputc('\n', out);
}

/* ---- streaming: begin, a run at a time, end ----------------------------- */

void lint_writer_begin(LintWriter *w, LintFormat format, FILE *out, bool color) {
    memset(w, 0, sizeof *w);
    w->format = format;
    w->out = out;
    w->color = color;
    if (format == LINT_FORMAT_JSON)
        json_begin(&w->json, out);
    else if (format == LINT_FORMAT_SARIF)
        sarif_begin(&w->json, out);
}

void lint_writer_add(LintWriter *w, LintRun *run) {
    if (w->format == LINT_FORMAT_JSON)
        for (size_t i = 0; i < run->n; i++)
            json_finding(&w->json, run, &run->items[i]);
    else if (w->format == LINT_FORMAT_SARIF)
        sarif_results(&w->json, run);
    else
        text_findings(run, w->out, w->color);
    LintCounts n = lint_count(run);
    w->counts.errors += n.errors;
    w->counts.warnings += n.warnings;
    w->counts.notes += n.notes;
    w->written += run->n;
}

void lint_writer_end(LintWriter *w, const LintRun *run) {
    if (w->format == LINT_FORMAT_JSON)
        json_finish(&w->json, run, w->counts);
    else if (w->format == LINT_FORMAT_SARIF)
        sarif_finish(&w->json, w->out);
    else
        text_summary(w->out, run, w->counts);
}

static void write_whole(LintRun *run, LintFormat format, FILE *out, bool color) {
    LintWriter w;
    lint_writer_begin(&w, format, out, color);
    lint_writer_add(&w, run);
    lint_writer_end(&w, run);
}

void lint_write_text(LintRun *run, FILE *out, bool color) {
    write_whole(run, LINT_FORMAT_TEXT, out, color);
}

void lint_write_json(const LintRun *run, FILE *out) {
    write_whole((LintRun *)run, LINT_FORMAT_JSON, out, false); /* json and sarif only read it */
}

void lint_write_sarif(const LintRun *run, FILE *out) {
    write_whole((LintRun *)run, LINT_FORMAT_SARIF, out, false);
}

/* ---- rule list, explanations, policy ------------------------------------ */

void lint_print_list(FILE *out) {
    for (int r = 0; r < LINT__COUNT; r++) {
        const LintRule *rule = &lint_rules[r];
        fprintf(out, "%s  %-31s %-9s %-7s %s\n", rule->id, rule->name, lint_category_name(rule->category),
                lint_level_name(rule->level), rule->summary);
    }
}

static const char *param_text(LintParamType type, uint64_t value, char *buf, size_t size) {
    if (type == LINT_PARAM_MS)
        return duration_format(value, buf, size);
    if (type == LINT_PARAM_MASS)
        return lint_format_grams(value, buf, size);
    snprintf(buf, size, type == LINT_PARAM_PERCENT ? "%llu%%" : "%llu", (unsigned long long)value);
    return buf;
}

static void print_indented(FILE *out, const char *text) {
    fputs("    ", out);
    for (const char *p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n' && p[1])
            fputs("    ", out);
    }
}

void lint_print_explain(FILE *out, const LintRule *rule) {
    fprintf(out, "%s %s (%s, %s by default)\n\n%s.\n\n%s\n\nSource: %s\nEvidence: %s\n", rule->id,
            rule->name, lint_category_name(rule->category), lint_level_name(rule->level), rule->summary,
            rule->rationale, rule->source, rule->strength);
    for (int p = 0; p < LINT_MAX_PARAMS; p++) {
        const LintParam *param = &rule->params[p];
        char buf[32];
        if (param->key)
            fprintf(out, "Threshold: %s.%s = %s (%s)\n", rule->id, param->key,
                    param_text(param->type, param->def, buf, sizeof buf), param->doc);
    }
    fputs("\nThis triggers it:\n\n", out);
    print_indented(out, rule->bad);
    fputs("\nThis does not:\n\n", out);
    print_indented(out, rule->good);
    fprintf(out, "\nSilence it in a routine with: allow %s \"the reason\";\n", rule->id);
}

static void print_origin(FILE *out, LintOrigin from) {
    if (!from.file)
        fputs("default\n", out);
    else if (from.line)
        safe_text_printf(out, "%s:%u\n", from.file, from.line);
    else
        safe_text_printf(out, "%s\n", from.file);
}

void lint_print_policy(FILE *out, const LintConfig *cfg) {
    safe_text_printf(out, "# policy file: %s\n", cfg->policy_path ? cfg->policy_path : "(none)");
    for (int r = 0; r < LINT__COUNT; r++) {
        const LintRule *rule = &lint_rules[r];
        fprintf(out, "%-24s = %-8s # %s, from ", rule->id, lint_level_name(cfg->level[r]), rule->name);
        print_origin(out, cfg->level_from[r]);
        for (int p = 0; p < LINT_MAX_PARAMS; p++) {
            char key[64], buf[32];
            if (!rule->params[p].key)
                continue;
            snprintf(key, sizeof key, "%s.%s", rule->id, rule->params[p].key);
            fprintf(out, "%-24s = %-8s # from ", key,
                    param_text(rule->params[p].type, cfg->param[r][p], buf, sizeof buf));
            print_origin(out, cfg->param_from[r][p]);
        }
    }
}
