/*
 * lint_policy.c -- the lint configuration: built-in defaults, a clinic's
 * policy file, and -W flags, applied in that order.
 *
 * A policy file is lines of `key = value`; `#` starts a comment:
 *
 *     # Our post-op protocol allows 20 second isometric holds.
 *     RT102.max_hold = 20s
 *     long-isometric-hold = error      # a rule's level: off, note, warning, error
 *     RT201 = off
 *
 * The key is a rule (id or name), optionally with `.PARAM`.  Any error
 * (file:line:col) rejects the whole file, so a policy never half-applies.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include "lint.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bounds.h"
#include "duration.h"
#include "safetext.h"
#include "source.h"

void lint_config_init(LintConfig *cfg) {
    memset(cfg, 0, sizeof *cfg);
    for (int r = 0; r < LINT__COUNT; r++) {
        cfg->level[r] = lint_rules[r].level;
        for (int p = 0; p < LINT_MAX_PARAMS; p++)
            cfg->param[r][p] = lint_rules[r].params[p].def;
    }
}

void lint_config_free(LintConfig *cfg) {
    free(cfg->policy_path);
    cfg->policy_path = NULL;
}

static bool parse_level(const char *s, int rule, LintLevel *level) {
    static const char *const names[] = {"off", "note", "warning", "error"};
    if (strcmp(s, "on") == 0) {
        *level = lint_rules[rule].level == LINT_OFF ? LINT_WARNING : lint_rules[rule].level;
        return true;
    }
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *level = (LintLevel)i;
            return true;
        }
    return false;
}

static bool parse_number(const char *text, uint64_t *value, const char **end) {
    if (*text < '0' || *text > '9')
        return false;
    errno = 0;
    char *stop;
    unsigned long long v = strtoull(text, &stop, 10);
    if (errno == ERANGE)
        return false;
    *value = v;
    *end = stop;
    return true;
}

/* Milligrams in one of each unit a load or a policy is written in (the
 * LoadUnit order: none, lb, kg, g, oz). */
static const struct {
    const char *word;
    uint64_t mg;
} mass_units[LOAD_UNIT__COUNT] = {{"", 0}, {"lb", 453592}, {"kg", 1000000}, {"g", 1000}, {"oz", 28350}};

uint64_t lint_grams(uint64_t thousandths, LoadUnit unit) {
    uint64_t mg = (unsigned)unit < LOAD_UNIT__COUNT ? mass_units[unit].mg : 0;
    if (thousandths > UINT64_MAX / (mg ? mg : 1))
        return UINT64_MAX;
    return (thousandths * mg + 500000) / 1000000;
}

const char *lint_format_grams(uint64_t grams, char *buf, size_t size) {
    unsigned long long kg = grams / 1000, tenths = grams % 1000 / 100;
    if (grams >= 1000 && grams % 1000 == 0)
        snprintf(buf, size, "%llukg", kg);
    else if (grams >= 1000 && grams % 100 == 0)
        snprintf(buf, size, "%llu.%llukg", kg, tenths);
    else
        snprintf(buf, size, "%llug", (unsigned long long)grams);
    return buf;
}

/* `25kg`, `500g`, `10lb`, `8oz`: grams. */
static bool parse_mass(const char *text, uint64_t *grams) {
    const char *end;
    uint64_t n;
    if (!parse_number(text, &n, &end) || n > UINT32_MAX)
        return false;
    for (int u = LOAD_LB; u < LOAD_UNIT__COUNT; u++)
        if (strcmp(end, mass_units[u].word) == 0) {
            *grams = lint_grams(n * 1000, (LoadUnit)u);
            return true;
        }
    return false;
}

bool lint_parse_param(LintParamType type, const char *text, uint64_t *value) {
    const char *end;
    switch (type) {
    case LINT_PARAM_MASS:
        return parse_mass(text, value);
    case LINT_PARAM_MS: {
        bool overflow = false;
        const char *bad;
        size_t bad_len;
        return *text >= '0' && *text <= '9'
            && duration_parse(text, strlen(text), value, &overflow, &bad, &bad_len) && !overflow;
    }
    case LINT_PARAM_PERCENT:
        return parse_number(text, value, &end) && (strcmp(end, "%") == 0 || *end == '\0');
    default:
        return parse_number(text, value, &end) && *end == '\0';
    }
}

static const char *type_words(LintParamType type) {
    return type == LINT_PARAM_MS ? "a duration like 20s"
         : type == LINT_PARAM_PERCENT ? "a percentage like 50%"
         : type == LINT_PARAM_MASS ? "a weight like 20kg or 500g" : "a whole number";
}

/* Set `rule`'s parameter `name` from `value`. */
static const char *set_param(LintConfig *cfg, int rule, const char *name, const char *value,
                             LintOrigin from, bool *bad_value) {
    for (int p = 0; p < LINT_MAX_PARAMS; p++) {
        const LintParam *param = &lint_rules[rule].params[p];
        if (!param->key || strcmp(param->key, name) != 0)
            continue;
        uint64_t parsed;
        if (!lint_parse_param(param->type, value, &parsed)) {
            *bad_value = true;
            return type_words(param->type);
        }
        cfg->param[rule][p] = parsed;
        cfg->param_from[rule][p] = from;
        return NULL;
    }
    return "this rule has no such threshold (`routinec lint --explain RULE` lists them)";
}

const char *lint_policy_set(LintConfig *cfg, const char *key, const char *value, LintOrigin from,
                            bool *bad_value) {
    char rule_word[64];
    const char *dot = strchr(key, '.');
    size_t len = dot ? (size_t)(dot - key) : strlen(key);
    *bad_value = false;
    if (len == 0 || len >= sizeof rule_word)
        return "unknown rule (`routinec lint --list` shows them)";
    memcpy(rule_word, key, len);
    rule_word[len] = '\0';
    int rule = lint_rule_find(rule_word);
    if (rule < 0)
        return "unknown rule (`routinec lint --list` shows them)";
    if (dot)
        return set_param(cfg, rule, dot + 1, value, from, bad_value);
    if (!parse_level(value, rule, &cfg->level[rule])) {
        *bad_value = true;
        return "a level is off, note, warning or error";
    }
    cfg->level_from[rule] = from;
    return NULL;
}

/* ---- the file ----------------------------------------------------------- */

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* One line (comment already cut).  Returns false after printing an error. */
static bool policy_line(LintConfig *cfg, const char *path, uint32_t no, char *line, FILE *err) {
    char *start = line;
    char *text = trim(line);
    if (!*text)
        return true;
    char *eq = strchr(text, '=');
    if (!eq) {
        safe_text_printf(err, "%s:%u:%u: error: expected `key = value`\n", path, no, (unsigned)(text - start) + 1);
        return false;
    }
    *eq = '\0';
    char *key = trim(text), *value = trim(eq + 1);
    LintOrigin from = {cfg->policy_path, no};
    bool bad_value = false;
    const char *why = *value ? lint_policy_set(cfg, key, value, from, &bad_value) : "a value is missing";
    if (!*value)
        bad_value = true;
    if (why) {
        char *at = bad_value ? value : key;
        safe_text_printf(err, "%s:%u:%u: error: %s `%s`: %s\n", path, no, (unsigned)(at - start) + 1,
                bad_value ? "bad value" : "bad key", at, why);
        return false;
    }
    return true;
}

static bool read_lines(LintConfig *cfg, const char *path, FILE *in, FILE *err) {
    char line[1024];
    uint32_t no = 0;
    bool ok = true;
    while (fgets(line, sizeof line, in)) {
        no++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            safe_text_printf(err, "%s:%u:1: error: line too long\n", path, no);
            return false; /* the rest of the line would be read as another line */
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        ok &= policy_line(cfg, path, no, line, err);
    }
    return ok;
}

/* The policy file's text as a stream: read through source_read, which
 * refuses a FIFO or device (nothing blocks) and anything over the limit. */
static FILE *open_policy(const char *path, char **text, FILE *err) {
    size_t len = 0;
    int err_no = 0;
    SourceStatus status = source_read(path, MAX_POLICY_BYTES, text, &len, NULL, &err_no);
    FILE *in = status == SOURCE_OK ? fmemopen(*text, len ? len : 1, "r") : NULL;
    if (!in)
        safe_text_printf(err, "%s: error: cannot read the lint policy: %s\n", path,
                status == SOURCE_OK ? strerror(errno) : source_strerror(status, err_no));
    return in;
}

bool lint_policy_load(LintConfig *cfg, const char *path, FILE *err) {
    char *text = NULL;
    FILE *in = open_policy(path, &text, err);
    if (!in) {
        free(text);
        return false;
    }
    LintConfig next = *cfg;
    size_t len = strlen(path);
    next.policy_path = malloc(len + 1);
    bool ok = next.policy_path != NULL;
    if (ok) {
        memcpy(next.policy_path, path, len + 1);
        ok = read_lines(&next, path, in, err);
    }
    if (ferror(in)) {
        safe_text_printf(err, "%s: error: cannot read the lint policy\n", path);
        ok = false;
    }
    fclose(in);
    free(text);
    if (!ok) {
        free(next.policy_path);
        return false;
    }
    free(cfg->policy_path);
    *cfg = next;
    return true;
}

/* ---- the search --------------------------------------------------------- */

#define POLICY_NAME ".routinec-policy"

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* `dir` + "/" + POLICY_NAME, when that is a file; `dir` is "" for "/". */
static char *policy_in(const char *dir, size_t len) {
    char *path = malloc(len + sizeof POLICY_NAME + 1);
    if (!path)
        return NULL;
    memcpy(path, dir, len);
    path[len] = '/';
    memcpy(path + len + 1, POLICY_NAME, sizeof POLICY_NAME);
    if (is_file(path))
        return path;
    free(path);
    return NULL;
}

/* The directory of `path`, absolute (malloc'd). */
static char *absolute_dir(const char *path) {
    const char *slash = strrchr(path, '/');
    char *dir;
    if (!slash) {
        dir = realpath(".", NULL);
    } else {
        size_t len = slash == path ? 1 : (size_t)(slash - path);
        char *copy = malloc(len + 1);
        if (!copy)
            return NULL;
        memcpy(copy, path, len);
        copy[len] = '\0';
        dir = realpath(copy, NULL);
        free(copy);
    }
    return dir;
}

char *lint_policy_find(const char *path) {
    char *dir = absolute_dir(path);
    if (!dir)
        return NULL;
    size_t len = strlen(dir);
    if (len == 1)
        len = 0; /* "/" */
    char *found = NULL;
    for (;;) {
        found = policy_in(dir, len);
        if (found || len == 0)
            break;
        while (len > 0 && dir[len - 1] != '/')
            len--;
        if (len > 0)
            len--; /* drop the slash: the parent */
    }
    free(dir);
    return found;
}
