/*
 * cli_complete.c -- `routinec __complete WORD...`, the one helper behind
 * the bash, zsh and fish completions (share/completion/): it reads the
 * same tables as the parser, so a new command or option completes with no
 * change to the shell scripts.
 *
 * Given the words after "routinec" (the last one is being typed), it
 * prints the candidates that start with it, one a line: commands, the
 * options of the command, an option's choices ("text|json"), rule ids and
 * names (lint -W, --explain, help topics), and the section, level, stage,
 * variant and requirement names of the routine named on the command line
 * (inside stage blocks too; read, not
 * compiled: a routine with errors still completes).  A line ":files" asks
 * the shell to complete file names as well.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "compile.h"
#include "lint.h"

enum { MAX_OFFERED = 512 };

typedef struct {
    const char *prefix; /* the word being typed, after any "--opt=" */
    char lead[64];      /* "--opt=" to put back in front, or "" */
    char *offered[MAX_OFFERED]; /* copies of what was printed (a level is named by many sections) */
    size_t n_offered;
} Want;

static void offer(Want *w, const char *candidate) {
    if (!candidate || strncmp(candidate, w->prefix, strlen(w->prefix)) != 0)
        return;
    for (size_t i = 0; i < w->n_offered; i++)
        if (strcmp(w->offered[i], candidate) == 0)
            return;
    size_t len = strlen(candidate);
    if (w->n_offered < MAX_OFFERED && (w->offered[w->n_offered] = malloc(len + 1)) != NULL)
        memcpy(w->offered[w->n_offered++], candidate, len + 1);
    printf("%s%s\n", w->lead, candidate);
}

static int find_command(const char *word) {
    for (int i = 0; i < CMD__COUNT; i++)
        if (strcmp(word, cli_command_name((Command)i)) == 0)
            return i;
    return -1;
}

static const CliOption *find_option(Command cmd, const char *word, size_t len) {
    for (size_t i = 0; cli_option_at(i); i++) {
        const CliOption *o = cli_option_at(i);
        if (!(o->commands & (1u << cmd)))
            continue;
        if (word[1] == '-' && o->name && strlen(o->name) == len - 2 && strncmp(word + 2, o->name, len - 2) == 0)
            return o;
        if (word[1] != '-' && len == 2 && o->short_name == word[1])
            return o;
    }
    return NULL;
}

static void offer_options(Want *w, Command cmd) {
    char word[64];
    for (size_t i = 0; cli_option_at(i); i++) {
        const CliOption *o = cli_option_at(i);
        if (!(o->commands & (1u << cmd)) || !o->help)
            continue;
        if (o->name) {
            snprintf(word, sizeof word, "--%s", o->name);
            offer(w, word);
        }
        if (o->short_name) {
            snprintf(word, sizeof word, "-%c", o->short_name);
            offer(w, word);
        }
    }
}

static void offer_choices(Want *w, const char *choices) {
    char word[64];
    for (const char *p = choices; *p;) {
        size_t len = strcspn(p, "|");
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        offer(w, word);
        p += len + (p[len] == '|');
    }
}

static void offer_rules(Want *w) {
    for (int i = 0; i < LINT__COUNT; i++) {
        offer(w, lint_rules[i].id);
        offer(w, lint_rules[i].name);
    }
}

/* The requirement a section names (`requires "x"`), for --enable and --disable. */
static const char *requirement_of(const Node *section, const char *kind) {
    return strcmp(kind, "enable") == 0 || strcmp(kind, "disable") == 0 ? section->as.section.requires.s : NULL;
}

/* Section, level, stage, variant and requirement names of the statements
 * in `n` and below (inside stages too). */
static void offer_names(Want *w, const Node *n, const char *kind) {
    for (; n; n = n->next) {
        const Node *body = NULL;
        if (n->kind == NODE_SECTION) {
            offer(w, strcmp(kind, "section") == 0 ? n->as.section.name.s : NULL);
            offer(w, strcmp(kind, "level") == 0 ? n->as.section.level.s : NULL);
            offer(w, requirement_of(n, kind));
            body = n->as.section.body;
        } else if (n->kind == NODE_STAGE) {
            offer(w, strcmp(kind, "stage") == 0 ? n->as.stage.name.s : NULL);
            body = n->as.stage.body;
        } else if (n->kind == NODE_VARIANT) {
            offer(w, strcmp(kind, "variant") == 0 ? n->as.variant.name.s : NULL);
            offer(w, strcmp(kind, "level") == 0 ? n->as.variant.level.s : NULL);
            body = n->as.variant.body;
        } else if (n->kind == NODE_ROUTINE) {
            body = n->as.routine.body;
        } else if (n->kind == NODE_EXERCISE) {
            body = n->as.exercise.body;
        } else if (n->kind == NODE_USE) {
            offer(w, strcmp(kind, "variant") == 0 ? n->as.use.variant.s : NULL);
            body = n->as.use.body;
        } else if (n->kind == NODE_CIRCUIT) {
            body = n->as.circuit.body;
        }
        offer_names(w, body, kind);
    }
}

/* The names of `kind` in the routine file among `words` (the first word
 * that names a readable file).  Names are printed once each: the shell
 * sorts and merges, but a duplicate would still show in fish. */
static void offer_file_names(Want *w, char **words, int n, const char *kind) {
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (words[i][0] == '-' || stat(words[i], &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        FILE *devnull = fopen("/dev/null", "w");
        Compilation c;
        compile_init(&c, devnull ? devnull : stderr, false);
        compile_load(&c, words[i]);
        for (uint32_t f = 0; f < c.files.n_trees; f++)
            offer_names(w, c.files.trees[f], kind);
        compile_free(&c);
        if (devnull)
            fclose(devnull);
        return;
    }
}

/* The value of option `o` of `cmd`, being typed. */
static void offer_value(Want *w, const CliOption *o, char **words, int n) {
    if (strchr(o->arg, '|'))
        offer_choices(w, o->arg);
    else if (strcmp(o->arg, "RULE") == 0)
        offer_rules(w);
    else if (strcmp(o->arg, "NAME") == 0 && o->name)
        offer_file_names(w, words, n, o->name);
    else if (strcmp(o->arg, "FILE") == 0 || strcmp(o->arg, "DIR") == 0)
        puts(":files");
}

static void complete_word(Want *w, int argc, char **argv) {
    const char *cur = argv[argc - 1];
    int first = argc > 1 ? find_command(argv[0]) : -1;
    Command cmd = first >= 0 ? (Command)first : CMD_RUN;
    const CliOption *prev = argc >= 2 && argv[argc - 2][0] == '-'
                                ? find_option(cmd, argv[argc - 2], strlen(argv[argc - 2])) : NULL;
    const char *eq = strncmp(cur, "--", 2) == 0 ? strchr(cur, '=') : NULL;
    if (eq) { /* --opt=VALUE */
        const CliOption *o = find_option(cmd, cur, (size_t)(eq - cur));
        snprintf(w->lead, sizeof w->lead, "%.*s", (int)(eq - cur + 1), cur);
        w->prefix = eq + 1;
        if (o && o->arg)
            offer_value(w, o, argv, argc - 1);
    } else if (prev && prev->arg && !strchr(argv[argc - 2], '=')) {
        offer_value(w, prev, argv, argc - 1);
    } else if (cur[0] == '-') {
        offer_options(w, cmd);
    } else if (argc == 1 || cmd == CMD_HELP) {
        for (int i = 0; i < CMD__COUNT; i++)
            offer(w, cli_command_name((Command)i));
        if (argc == 1)
            puts(":files");
    } else {
        puts(":files");
    }
}

int cli_complete(int argc, char **argv) {
    if (argc < 1)
        return 0;
    Want *w = calloc(1, sizeof *w);
    if (!w)
        return EXIT_IO;
    w->prefix = argv[argc - 1];
    complete_word(w, argc, argv);
    for (size_t i = 0; i < w->n_offered; i++)
        free(w->offered[i]);
    free(w);
    return 0;
}
