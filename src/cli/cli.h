/*
 * cli.h -- the command line: commands, options, help, exit statuses.
 */
#ifndef ROUTINEC_CLI_H
#define ROUTINEC_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exit.h"
#include "vm.h"


typedef enum { CMD_RUN, CMD_BUILD, CMD_CHECK, CMD_PLAN, CMD_DISASM, CMD_VERIFY, CMD_HISTORY } Command;

typedef struct {
    Command command;
    const char *file;      /* the one FILE */
    char **files;          /* every FILE (check) */
    int n_files;
    const char *output;    /* build -o */
    const char *section, *level, *variant;
    uint32_t step;
    bool virtual_clock;
    double speed;
    const char *events;    /* --events FILE or "-" */
    const char *keys;      /* --keys SCRIPT */
    bool plain;
    bool json;             /* plan --format json */
    bool csv;              /* history --format csv */
    bool resume;           /* run --resume */
    bool voice, beep;      /* run --voice, --beep */
    const char *voice_command; /* --voice-command CMD */
    bool no_history;       /* run --no-history */
    const char *state_dir; /* --state-dir DIR */
    const char *timing_log;/* --timing-log FILE (diagnostic, for make bench) */
    bool force;            /* build/run despite lint errors */
    bool no_lint;          /* build/check/run without the linter */
} Options;

/* Parse the command line.  Returns -1 when a command should run, or the
 * exit status to return at once (after --help, --version, a usage error). */
int cli_parse(int argc, char **argv, Options *opt);

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
