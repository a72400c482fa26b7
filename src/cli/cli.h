/*
 * cli.h -- the command line: commands, options, help, exit statuses.
 *
 * One parser serves every command.  Two tables drive it (cli.c): the
 * commands (name, usage, what it does, how many FILEs) and the options
 * (long and short name, argument, the commands that take it, where the
 * value goes, help).  Adding an option is one row of the options table
 * (plus its field in Options); the parser, `routinec help COMMAND`, the
 * "did you mean" of a misspelt option and the shell completion all read
 * the rows.  Conventions: `--opt=value` and `--opt value`, `-o FILE` and
 * `-oFILE`, clustered short flags, `--` ends the options, options may
 * follow the FILEs.
 */
#ifndef ROUTINEC_CLI_H
#define ROUTINEC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compile.h"
#include "exit.h"
#include "output.h"
#include "vm.h"


/* The commands, in the order `routinec --help` lists them. */
#define CLI_COMMANDS(X) \
    X(RUN, run) X(BUILD, build) X(CHECK, check) X(PLAN, plan) X(DISASM, disasm) \
    X(VERIFY, verify) X(HISTORY, history) X(HANDOUT, handout) X(CALENDAR, calendar) X(LINT, lint) \
    X(FMT, fmt) X(HELP, help)

typedef enum {
#define X(id, name) CMD_##id,
    CLI_COMMANDS(X)
#undef X
    CMD__COUNT
} Command;

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } ColorChoice;

/* lang-b: how many `--enable NAME` one command line may give. */
#define CLI_MAX_ENABLED 16u

typedef struct {
    Command command;
    const char *command_name;
    const char *file;      /* the first FILE */
    char **files;          /* every FILE */
    int n_files;
    const char *output;    /* -o FILE; "-" is standard output */
    const char *section, *level, *variant;
    uint32_t step;
    const char *clock;     /* --clock real|virtual */
    bool virtual_clock;
    double speed;
    const char *events;    /* --events FILE or "-" */
    const char *keys;      /* --keys SCRIPT */
    bool plain;
    const char *format;    /* --format, checked against the command's choices */
    bool json;             /* --format json */
    bool csv;              /* history --format csv */
    bool resume;           /* run --resume */
    bool voice, beep;      /* run --voice, --beep */
    const char *voice_command; /* --voice-command CMD */
    bool no_history;       /* run --no-history */
    const char *state_dir; /* --state-dir DIR */
    const char *timing_log;/* --timing-log FILE (diagnostic, for make bench) */
    bool force;            /* build/run despite lint errors */
    bool no_lint;          /* build/check/run without the linter */
    const char *color_name;/* --color auto|always|never */
    ColorChoice color;
    /* handout, calendar, plan --format svg (src/handout) */
    bool svg;              /* plan --format svg */
    bool pdf;              /* handout --pdf */
    const char *paper;     /* handout --paper a4|letter */
    bool large_print;      /* handout --large-print */
    uint32_t weeks;        /* handout, calendar --weeks N */
    bool weeks_set;
    const char *start;     /* calendar --start DATE */
    const char *times;     /* calendar --times 08:00,13:00 */
    bool report;           /* history --report */
    /* lint */
    const char *policy;    /* --policy FILE */
    long max_warnings;     /* --max-warnings N; -1: no limit */
    bool werror;           /* -Werror */
    bool print_policy, list;
    const char *explain;   /* --explain RULE */
    const char **lint_flags; /* -W values ("RT102", "no-RT102", "error=RT102"), in order */
    size_t n_lint_flags;
    const char **include_dirs; /* --include-dir DIR, in order */
    size_t n_include_dirs;
    /* fmt */
    bool fmt_check, fmt_diff;
    /* lang-b */
    const char *stage;     /* --stage NAME */
    const char *enabled[CLI_MAX_ENABLED]; /* --enable NAME, repeatable */
    uint32_t n_enabled;
    const char *disabled[CLI_MAX_ENABLED]; /* run --disable NAME, repeatable */
    uint32_t n_disabled;
    bool easier, harder;   /* --easier, --harder */
    const char *affected;  /* --affected left|right */
} Options;

/* One row of the options table (cli.c). */
typedef struct CliOption CliOption;
/* Returns -1 to go on, or the exit status to stop with at once. */
typedef int CliSetter(Options *opt, const CliOption *o, const char *value);
struct CliOption {
    const char *name;   /* long name, without "--"; NULL: a short option only */
    char short_name;    /* 0: none */
    const char *arg;    /* its argument ("FILE"; "a|b" lists the choices), NULL: a flag */
    unsigned commands;  /* bit mask of the commands that take it (1u << CMD_x) */
    size_t offset;      /* a flag's bool, or an argument's const char *, in Options */
    CliSetter *set;     /* NULL: store at `offset` */
    const char *help;   /* NULL: not shown (diagnostic options) */
};

/* The tables, for the completion helper: NULL past the end. */
const CliOption *cli_option_at(size_t i);
const char *cli_command_name(Command cmd);

/* `routinec __complete WORD...` (cli_complete.c, hidden): the words of a
 * command line after "routinec", the last one being completed; prints the
 * candidates, one a line, and ":files" when file names fit there too. */
int cli_complete(int argc, char **argv);

/* Parse the command line.  Returns -1 when a command should run, or the
 * exit status to return at once (after --help, --version, a usage error).
 * cli_options_free releases what it allocated, in either case. */
int cli_parse(int argc, char **argv, Options *opt);
void cli_options_free(Options *opt);

/* Report a usage error of the command in `opt` (printf-style, one %s);
 * returns EXIT_USAGE. */
int cli_usage_error(const Options *opt, const char *fmt, const char *arg);

/* Whether to colour what is written to `stream`, by --color. */
/* Give the compilation the --include-dir directories. */
void cli_include_dirs(const Options *opt, Compilation *c);

bool cli_want_color(const Options *opt, FILE *stream);

/* What no output of any command may write over, besides its inputs:
 * routinec's state directory (`state_dir`, the --state-dir given, or NULL
 * for the default), its history and resume journal (output.h,
 * file_ids_add_dir).  False when out of memory. */
bool cli_protect_state(const char *state_dir, FileIdSet *set);

/* `routinec lint` (cli_lint.c) and `routinec fmt` (cli_fmt.c). */
int cli_lint(const Options *opt);
int cli_fmt(const Options *opt);

/* "routines/lowback.rt" -> "routines/lowback.rtb" (malloc'd). */
char *cli_default_output(const char *source);

const char *cli_format_ms(uint64_t ms, char *buf, size_t size);

/* Where the events of a virtual run go, and how the run ended. */
typedef struct {
    FILE *json; /* JSON Lines, or NULL */
    FILE *text; /* plain log, or NULL */
    bool pain, quit;
} CliSinks;

void cli_emit(void *ctx, const VmEvent *ev); /* ctx: CliSinks * */

#endif
