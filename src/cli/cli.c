/* cli.c -- see cli.h.  Help texts follow GNU conventions. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "events.h"

static const char usage_text[] =
    "Usage: routinec [run] [OPTION]... FILE\n"
    "  or:  routinec COMMAND [OPTION]... FILE...\n"
    "Compile and play exercise routines written by physical therapists.\n"
    "\n"
    "Commands:\n"
    "  run FILE        play a routine (.rt source or .rtb program); the default\n"
    "  build FILE      compile to a program file (.rtb)\n"
    "  check FILE...   compile only and report problems\n"
    "  plan FILE       print the whole timeline and its total duration\n"
    "  disasm FILE     print the program's instructions, with source lines\n"
    "  verify FILE     check a .rtb program and print what it was proved to do\n"
    "  history [FILE]  the sessions played (of FILE's routine), with pain stops\n"
    "  lint FILE|DIR...  check routines for clinical safety ('routinec help lint')\n"
    "  help [COMMAND]  show help\n"
    "\n"
    "Choosing what to play (run, plan):\n"
    "      --section NAME   only this section (and what it contains)\n"
    "      --level NAME     sections of this level, and those with no level\n"
    "      --variant NAME   this variant, where an exercise has it\n"
    "      --step N         progression step N (1 = where the routine starts)\n"
    "\n"
    "Playing (run):\n"
    "      --clock real|virtual  real time (default) or instant virtual time\n"
    "      --speed X        play X times faster (for demonstrations)\n"
    "      --events FILE    write every event as JSON Lines (- for stdout)\n"
    "      --keys SCRIPT    with --clock virtual: keys at times, e.g. \"5s:pause, 8s:pause\"\n"
    "      --plain          plain line output even on a terminal\n"
    "      --resume         continue the saved session of this routine\n"
    "      --voice          speak the exercise, side, count and \"relax\" (espeak-ng)\n"
    "      --voice-command CMD  speak with CMD PHRASE instead of espeak-ng\n"
    "      --beep           beep in the last three seconds of each hold\n"
    "      --no-history     do not record this session\n"
    "      --state-dir DIR  keep progress and history in DIR\n"
    "                       (default $XDG_STATE_HOME/routinec)\n"
    "      --force          (build, run) go on despite lint errors\n"
    "      --no-lint        (build, check, run) do not run the linter\n"
    "\n"
    "Other options:\n"
    "  -o, --output FILE    (build) where to write the program; default FILE.rtb\n"
    "      --format text|json|csv  (plan, history) output format; csv: history only\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Keys during a session: space pause/resume, n next exercise, b back (repeat\n"
    "the exercise), q quit, p stop because of pain, Enter done, ? help.\n"
    "\n"; /* then the exit statuses, from exit.h */

static const struct {
    const char *name;
    Command command;
    const char *help;
} commands[] = {
    {"run", CMD_RUN, "Usage: routinec run [OPTION]... FILE\nPlay FILE (.rt or .rtb) as a timed session.\n"},
    {"build", CMD_BUILD, "Usage: routinec build [-o OUT] FILE\nCompile FILE to a program (.rtb).\n"},
    {"check", CMD_CHECK, "Usage: routinec check FILE...\nCompile each FILE and report problems; write nothing.\n"},
    {"plan", CMD_PLAN, "Usage: routinec plan [--format text|json] [--section NAME] [--level NAME]\n"
                       "                     [--variant NAME] [--step N] FILE\n"
                       "Print every step of the session with its start time, and the total.\n"},
    {"disasm", CMD_DISASM, "Usage: routinec disasm FILE\nPrint the program's instructions with source lines.\n"},
    {"verify", CMD_VERIFY, "Usage: routinec verify FILE.rtb\nCheck a program file completely; print its "
                           "longest duration and step bound.\n"},
    {"history", CMD_HISTORY, "Usage: routinec history [--format text|json|csv] [--state-dir DIR] [FILE]\n"
                             "Print the sessions played (only FILE's, when given): date, duration,\n"
                             "exercises completed and skipped, pain stops and ratings.\n"},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static int usage_error(const char *fmt, const char *arg) {
    fputs("routinec: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'routinec --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int show_help(const char *topic) {
    for (size_t i = 0; topic && i < N_COMMANDS; i++) {
        if (strcmp(topic, commands[i].name) == 0) {
            fputs(commands[i].help, stdout);
            fputs("See 'routinec --help' for the options.\n", stdout);
            return 0;
        }
    }
    if (topic)
        return usage_error("no help for '%s': not a command", topic);
    fputs(usage_text, stdout);
    exit_print_statuses(stdout, "Exit status:", 78, false);
    return 0;
}

static int find_command(const char *word, Command *command) {
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(word, commands[i].name) == 0) {
            *command = commands[i].command;
            return 1;
        }
    }
    return 0;
}

static bool parse_step(const char *text, uint32_t *step) {
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno || *end || end == text || value < 1 || value > MAX_STEPS || text[0] == '-')
        return false;
    *step = (uint32_t)value;
    return true;
}

static bool parse_speed(const char *text, double *speed) {
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || *end || end == text || !(value >= 0.01 && value <= 10000))
        return false;
    *speed = value;
    return true;
}

/* The value of option `name`: "--name=V" or "--name V". */
static const char *option_value(int argc, char **argv, int *i, const char *arg, const char *eq) {
    if (eq)
        return eq + 1;
    if (*i + 1 >= argc)
        return NULL;
    (void)arg;
    return argv[++*i];
}

static int parse_valued(Options *opt, const char *name, const char *value) {
    if (strcmp(name, "--section") == 0) opt->section = value;
    else if (strcmp(name, "--level") == 0) opt->level = value;
    else if (strcmp(name, "--variant") == 0) opt->variant = value;
    else if (strcmp(name, "--events") == 0) opt->events = value;
    else if (strcmp(name, "--keys") == 0) opt->keys = value;
    else if (strcmp(name, "--output") == 0 || strcmp(name, "-o") == 0) opt->output = value;
    else if (strcmp(name, "--step") == 0) {
        if (!parse_step(value, &opt->step))
            return usage_error("--step takes a whole number from 1 to 100, not '%s'", value);
    } else if (strcmp(name, "--speed") == 0) {
        if (!parse_speed(value, &opt->speed))
            return usage_error("--speed takes a number from 0.01 to 10000, not '%s'", value);
    } else if (strcmp(name, "--clock") == 0) {
        if (strcmp(value, "real") != 0 && strcmp(value, "virtual") != 0)
            return usage_error("--clock is 'real' or 'virtual', not '%s'", value);
        opt->virtual_clock = strcmp(value, "virtual") == 0;
    } else if (strcmp(name, "--format") == 0) {
        if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0 && strcmp(value, "csv") != 0)
            return usage_error("--format is 'text', 'json' or 'csv', not '%s'", value);
        opt->json = strcmp(value, "json") == 0;
        opt->csv = strcmp(value, "csv") == 0;
    } else if (strcmp(name, "--voice-command") == 0) {
        opt->voice_command = value;
        opt->voice = true;
    } else if (strcmp(name, "--state-dir") == 0) {
        opt->state_dir = value;
    } else if (strcmp(name, "--timing-log") == 0) {
        opt->timing_log = value;
    } else {
        return usage_error("unknown option '%s'", name);
    }
    return -1;
}

static bool takes_value(const char *name) {
    static const char *const valued[] = {"--section", "--level", "--variant", "--events", "--keys",
                                         "--output", "-o", "--step", "--speed", "--clock", "--format",
                                         "--voice-command", "--state-dir", "--timing-log"};
    for (size_t i = 0; i < sizeof valued / sizeof *valued; i++)
        if (strcmp(name, valued[i]) == 0)
            return true;
    return false;
}

static int parse_option(int argc, char **argv, int *i, Options *opt) {
    char *arg = argv[*i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
        return show_help(NULL);
    if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
        printf("routinec %s\n", ROUTINEC_VERSION);
        return 0;
    }
    bool *flag = strcmp(arg, "--resume") == 0       ? &opt->resume
                 : strcmp(arg, "--plain") == 0      ? &opt->plain
                 : strcmp(arg, "--force") == 0      ? &opt->force
                 : strcmp(arg, "--no-lint") == 0    ? &opt->no_lint
                 : strcmp(arg, "--voice") == 0      ? &opt->voice
                 : strcmp(arg, "--beep") == 0       ? &opt->beep
                 : strcmp(arg, "--no-history") == 0 ? &opt->no_history
                                                    : NULL;
    if (flag) {
        *flag = true;
        return -1;
    }
    char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    char name[32];
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len >= sizeof name)
        return usage_error("unknown option '%s'", arg);
    memcpy(name, arg, len);
    name[len] = '\0';
    if (!takes_value(name))
        return usage_error("unknown option '%s'", arg);
    const char *value = option_value(argc, argv, i, arg, eq);
    if (!value)
        return usage_error("option '%s' needs a value", name);
    return parse_valued(opt, name, value);
}

/* Options may come before or after the files; "--" ends them. */
static int parse_arguments(int argc, char **argv, int first, Options *opt) {
    bool options_done = false;
    for (int i = first; i < argc; i++) {
        if (!options_done && strcmp(argv[i], "--") == 0) {
            options_done = true;
        } else if (!options_done && argv[i][0] == '-' && argv[i][1] != '\0') {
            int status = parse_option(argc, argv, &i, opt);
            if (status >= 0)
                return status;
        } else {
            argv[first + opt->n_files++] = argv[i]; /* compact the files in place */
        }
    }
    opt->files = argv + first;
    return -1;
}

/* --resume plays what the saved session played, on the real clock. */
static int check_resume(const Options *opt, const char *command) {
    if (!opt->resume)
        return -1;
    if (opt->virtual_clock)
        return usage_error("%s: --resume continues a session on the real clock, not with --clock virtual",
                           command);
    if (opt->section || opt->level || opt->variant || opt->step)
        return usage_error("%s: --resume plays the sections, level, variant and step the saved "
                           "session chose; leave those options out",
                           command);
    if (opt->no_history)
        return usage_error("%s: --resume needs the history; leave out --no-history", command);
    return -1;
}

static int check_file_count(const Options *opt, const char *command) {
    if (opt->command == CMD_HISTORY && opt->n_files <= 1)
        return -1;
    if (opt->csv && opt->command != CMD_HISTORY)
        return usage_error("%s: --format csv is for history", command);
    if (opt->n_files == 0)
        return usage_error("%s: which routine? Give a FILE", command);
    if (opt->n_files > 1 && opt->command != CMD_CHECK)
        return usage_error("%s: give one FILE", command);
    if (opt->keys && !opt->virtual_clock)
        return usage_error("%s: --keys works with --clock virtual", command);
    return -1;
}

int cli_parse(int argc, char **argv, Options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->command = CMD_RUN;
    opt->speed = 1.0;
    if (argc < 2)
        return usage_error("%s", "which routine? Give a FILE, for example: routinec routines/lowback.rt");
    int first = 1;
    const char *command_name = "run";
    if (strcmp(argv[1], "help") == 0)
        return show_help(argc > 2 ? argv[2] : NULL);
    if (find_command(argv[1], &opt->command)) {
        command_name = argv[1];
        first = 2;
    }
    int status = parse_arguments(argc, argv, first, opt);
    if (status >= 0)
        return status;
    status = check_file_count(opt, command_name);
    if (status < 0)
        status = check_resume(opt, command_name);
    if (status >= 0)
        return status;
    opt->file = opt->n_files ? opt->files[0] : NULL;
    return -1;
}

char *cli_default_output(const char *source) {
    size_t len = strlen(source);
    if (len >= 3 && strcmp(source + len - 3, ".rt") == 0)
        len -= 3;
    char *out = malloc(len + 5);
    if (out) {
        memcpy(out, source, len);
        memcpy(out + len, ".rtb", 5);
    }
    return out;
}

const char *cli_format_ms(uint64_t ms, char *buf, size_t size) {
    return duration_format(ms, buf, size);
}

void cli_emit(void *ctx, const VmEvent *ev) {
    CliSinks *sinks = ctx;
    if (sinks->json)
        events_json_line(ev, sinks->json);
    if (sinks->text)
        events_text_line(ev, sinks->text);
    sinks->pain |= ev->kind == EV_PAIN;
    sinks->quit |= ev->kind == EV_QUIT;
}
