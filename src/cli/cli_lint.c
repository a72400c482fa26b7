/*
 * cli_lint.c -- `routinec lint`: the command around the lint engine
 * (src/lint).  Its options are rows of the one options table (cli.c);
 * this file expands directories, lints every file into one run, writes
 * the findings in the chosen format and turns them into the exit status.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "lint.h"
#include "safetext.h"

/* The files to lint, sorted; malloc'd copies. */
typedef struct {
    char **items;
    size_t n, cap;
} Paths;

static bool add_path(Paths *p, const char *path) {
    if (p->n == p->cap) {
        size_t want = p->cap ? p->cap * 2 : 16;
        char **items = want < p->cap ? NULL : realloc(p->items, want * sizeof *items);
        if (!items)
            return false;
        p->items = items;
        p->cap = want;
    }
    size_t len = strlen(path);
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, path, len + 1);
    p->items[p->n++] = copy;
    return true;
}

static void paths_free(Paths *p) {
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i]);
    free(p->items);
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_rt_suffix(const char *name) {
    size_t len = strlen(name);
    return len > 3 && strcmp(name + len - 3, ".rt") == 0;
}

static char *join_path(const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *out = malloc(a + b + 2);
    if (!out)
        return NULL;
    memcpy(out, dir, a);
    size_t at = a;
    if (a && dir[a - 1] != '/')
        out[at++] = '/';
    memcpy(out + at, name, b + 1);
    return out;
}

/* Every .rt file under `dir` (hidden entries skipped).  Depth is bounded
 * so that a symlink loop cannot recurse for ever. */
static bool walk_dir(Paths *p, const char *dir, unsigned depth) {
    DIR *d = opendir(dir);
    if (!d) {
        safe_text_printf(stderr, "routinec lint: cannot read directory \"%s\": %s\n", dir, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = join_path(dir, e->d_name);
        struct stat st;
        if (path && stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 32)
                ok &= walk_dir(p, path, depth + 1);
            else if (S_ISREG(st.st_mode) && has_rt_suffix(e->d_name))
                ok &= add_path(p, path);
        }
        free(path);
    }
    closedir(d);
    return ok;
}

/* Expand directories; all the files are sorted. */
static bool expand_paths(Paths *p, char **args, int n) {
    bool ok = true;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
            ok &= walk_dir(p, args[i], 0);
        else
            ok &= add_path(p, args[i]);
    }
    if (p->n > 1)
        qsort(p->items, p->n, sizeof *p->items, compare_strings);
    return ok;
}

static LintFormat format_of(const Options *opt) {
    if (opt->format && strcmp(opt->format, "json") == 0)
        return LINT_FORMAT_JSON;
    return opt->format && strcmp(opt->format, "sarif") == 0 ? LINT_FORMAT_SARIF : LINT_FORMAT_TEXT;
}

static int exit_status(LintCounts n, const Options *opt, int io) {
    if (io)
        return io;
    if (n.errors || (opt->werror && n.warnings))
        return EXIT_INPUT;
    if (opt->max_warnings >= 0 && n.warnings > (unsigned long)opt->max_warnings) {
        safe_text_printf(stderr, "routinec lint: %u warnings, more than --max-warnings %ld\n", n.warnings,
                opt->max_warnings);
        return EXIT_INPUT;
    }
    return 0;
}

/* Each file is linted, written and released before the next: memory
 * stays flat however many files a directory holds (a library included by
 * several is still reported once: LintRun.seen).  A bad policy is found
 * before anything is written, so that a machine format is never cut off. */
static int run_files(const Options *opt, const LintSettings *s, const Paths *p, int io) {
    for (size_t i = 0; i < p->n; i++) {
        LintConfig cfg;
        int st = lint_config_for(s, p->items[i], &cfg);
        lint_config_free(&cfg);
        if (st)
            return st;
    }
    LintRun run = {0};
    LintWriter w;
    LintFormat format = format_of(opt);
    lint_writer_begin(&w, format, stdout, format == LINT_FORMAT_TEXT && cli_want_color(opt, stdout));
    for (size_t i = 0; i < p->n; i++) {
        int st = lint_path(&run, s, p->items[i]);
        if (st)
            io = st;
        lint_run_sort(&run);
        lint_writer_add(&w, &run);
        lint_run_release(&run);
    }
    lint_writer_end(&w, &run);
    int status = exit_status(w.counts, opt, io);
    lint_run_free(&run);
    return status;
}

static int explain(const char *word) {
    int r = lint_rule_find(word);
    if (r < 0) {
        safe_text_printf(stderr, "routinec lint: no rule \"%s\" (see `routinec lint --list`)\n", word);
        return EXIT_USAGE;
    }
    lint_print_explain(stdout, &lint_rules[r]);
    return 0;
}

static int print_policy(const LintSettings *s, const Paths *p) {
    LintConfig cfg;
    int status = lint_config_for(s, p->n ? p->items[0] : NULL, &cfg);
    if (!status)
        lint_print_policy(stdout, &cfg);
    lint_config_free(&cfg);
    return status;
}

int cli_lint(const Options *opt) {
    if (opt->list) {
        lint_print_list(stdout);
        return 0;
    }
    if (opt->explain)
        return explain(opt->explain);
    LintSettings s = {opt->policy, opt->lint_flags, opt->n_lint_flags, opt->include_dirs,
                      opt->n_include_dirs};
    Paths p = {0};
    int io = expand_paths(&p, opt->files, opt->n_files) ? 0 : EXIT_IO; /* lint what could be read */
    int status;
    if (opt->print_policy)
        status = print_policy(&s, &p);
    else if (!p.n && !io)
        status = cli_usage_error(opt, "%s", "which routines? Give a FILE, a DIR or - (standard input)");
    else
        status = run_files(opt, &s, &p, io);
    paths_free(&p);
    return status;
}
