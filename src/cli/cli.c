/* cli.c -- see cli.h.  Help texts follow GNU conventions. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "duration.h"
#include "events.h"
#include "output.h"
#include "keys.h"
#include "names.h"
#include "safetext.h"
#include "store.h"

/* ---- the commands --------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *usage;   /* what follows "routinec NAME " */
    const char *summary; /* one line, for the overview */
    const char *about;   /* the full description, for `help NAME` */
    const char *notes;   /* after the options in `help NAME`, or NULL */
    int min_files, max_files; /* -1: no upper bound */
} CliCommand;

static const CliCommand commands[CMD__COUNT] = {
    [CMD_RUN] = {"run", "[OPTION]... FILE", "play a routine (.rt source or .rtb program); the default",
                 "Play FILE (a .rt routine or a .rtb program) as a timed session: the intro, then\n"
                 "every exercise with its position, cues, holds, repetitions and rests.  On a\n"
                 "terminal the session fills the screen and reads single keys; otherwise, or\n"
                 "with --plain, it prints plain lines.  A routine with a lint error is not\n"
                 "played (--force plays it).  `run` may be left out: `routinec FILE`.\n",
                 "\nNAMEs are matched without regard to case.\n", 1, 1},
    [CMD_BUILD] = {"build", "[OPTION]... FILE", "compile to a program file (.rtb)",
                   "Compile, check and lint FILE and write the verified program to FILE.rtb (or\n"
                   "-o OUT; -o - writes it to standard output).  A lint error stops the build\n"
                   "unless --force.  The .rtb holds the whole routine and plays on its own.\n",
                   NULL, 1, 1},
    [CMD_CHECK] = {"check", "[OPTION]... FILE...", "compile only and report problems",
                   "Compile and lint each FILE and report its errors and warnings; write\n"
                   "nothing.  A library (a file with only exercise definitions) is checked too.\n",
                   NULL, 1, -1},
    [CMD_PLAN] = {"plan", "[OPTION]... FILE", "print the whole timeline and its total duration",
                  "Print every step of the session with its start time, and the total, by\n"
                  "playing it on the virtual clock.\n",
                  "\nNAMEs are matched without regard to case.\n", 1, 1},
    [CMD_DISASM] = {"disasm", "[OPTION]... FILE", "print the program's instructions, with source lines",
                    "Print the instructions of FILE's program (compiled from a .rt, or loaded from\n"
                    "a .rtb), with the source line of each when the source is at hand.\n",
                    NULL, 1, 1},
    [CMD_VERIFY] = {"verify", "[OPTION]... FILE.rtb", "check a .rtb program and print what it was proved to do",
                    "Load and verify a program file completely (format, checksum, every\n"
                    "instruction, every jump); print its size, its longest possible duration and\n"
                    "its step bound.\n",
                    NULL, 1, 1},
    [CMD_HISTORY] = {"history", "[OPTION]... [FILE]", "the sessions played (of FILE's routine), with pain stops",
                     "Print the sessions played (only FILE's routine's, when given: by its path,\n"
                     "or else by its title): date, duration, exercises completed and skipped,\n"
                     "pain stops and ratings.\n",
                     NULL, 0, 1},
    [CMD_HANDOUT] = {"handout", "[OPTION]... FILE", "the printable patient handout (HTML, or PDF with --pdf)",
                     "Write the printable handout of FILE: one self-contained HTML file (styles\n"
                     "and pictures inside, nothing fetched) with the introduction, safety, the\n"
                     "schedule, a picture of one session, every exercise with its pictures, cues\n"
                     "and dose in plain words, and a log to fill in.  Without -o the HTML goes to\n"
                     "standard output; --pdf (or -o FILE.pdf) makes a PDF with WeasyPrint.\n",
                     "\nNAMEs are matched without regard to case.\n", 1, 1},
    [CMD_CALENDAR] = {"calendar", "--start=DATE [OPTION]... FILE", "the schedule as reminders in a calendar file (.ics)",
                      "Write FILE's schedule as iCalendar events with reminders: one repeating\n"
                      "event per time of day, on the days of the week the schedule asks for, for\n"
                      "--weeks weeks, each saying what to do and how long it takes.  Times of day\n"
                      "are spread over waking hours (or the part of the day the schedule names)\n"
                      "unless --times gives them.  Without -o the calendar goes to standard output.\n",
                      "\nDTSTAMP is the current time, or $SOURCE_DATE_EPOCH when set.\n", 1, 1},
    [CMD_LINT] = {"lint", "[OPTION]... FILE|DIR|-...", "check routines for clinical safety",
                  "Check routines for clinical safety and good practice: every rule has a\n"
                  "stable id (RT102) and a name (long-isometric-hold).  A directory is searched\n"
                  "for .rt files; - reads standard input.  A clinic policy file\n"
                  "(.routinec-policy, next to the routine or in a parent directory) sets levels\n"
                  "and thresholds; -W flags override it.\n",
                  "\nThe -W forms:\n"
                  "  -W RULE, -WRULE           enable RULE at its default level\n"
                  "  -Wno-RULE                 disable RULE\n"
                  "  -Werror                   warnings fail the run\n"
                  "  -Werror=RULE, -Wwarning=RULE, -Wnote=RULE   set RULE's level\n"
                  "RULE is an id (RT102) or a name (long-isometric-hold).\n",
                  0, -1},
    [CMD_FMT] = {"fmt", "[OPTION]... FILE...|-", "rewrite routines in the one canonical layout",
                 "Rewrite each FILE in the canonical layout: 4 spaces of indentation a block,\n"
                 "one statement a line, one space between words, texts in straight quotes,\n"
                 "at most one blank line in a row; comments stay where they were.  The\n"
                 "compiled program never changes.  A file with syntax errors is reported and\n"
                 "left as it is.  - formats standard input to standard output.\n",
                 "\nExit status: 0 done (or, with --check, every file is formatted), 1 syntax\n"
                 "errors or (--check) a file that is not formatted, 3 a file could not be read\n"
                 "or written.\n",
                 1, -1},
    [CMD_HELP] = {"help", "[COMMAND]", "show help (of COMMAND: all its options)",
                  "Show the overview, or everything about COMMAND: its usage and all its\n"
                  "options.\n",
                  NULL, 0, 1},
};

/* ---- the options ---------------------------------------------------------- */

#define C(id) (1u << CMD_##id)
#define ALL_COMMANDS ((1u << CMD__COUNT) - 1)
#define SELECT (C(RUN) | C(PLAN) | C(HANDOUT) | C(CALENDAR))
/* The commands that compile a routine (and so follow its includes). */
#define COMPILES (C(RUN) | C(BUILD) | C(CHECK) | C(PLAN) | C(DISASM) | C(HANDOUT) | C(CALENDAR) | C(LINT))
#define AT(field) offsetof(Options, field), NULL
#define CALL(fn) 0, fn

static CliSetter show_help_option, show_version, set_step, set_speed, set_voice_command, add_lint_flag,
    add_include_dir,
    set_max_warnings, set_weeks, add_enabled, add_disabled;

/* One row per option; a name may have several rows for disjoint commands
 * (each --format lists its own command's choices). */
static const CliOption options[] = {
    {"section", 0, "NAME", SELECT, AT(section), "only this section (and what it contains)"},
    {"level", 0, "NAME", SELECT, AT(level), "sections of this level, and those with no level"},
    {"variant", 0, "NAME", SELECT, AT(variant), "this variant, where an exercise has it"},
    {"step", 0, "N", SELECT, CALL(set_step), "progression step N (1 = where the routine starts)"},
    {"stage", 0, "NAME", SELECT, AT(stage), "this stage of a staged programme (default: the first)"},
    {"enable", 0, "NAME", SELECT, CALL(add_enabled), "unlock the sections that require NAME (repeatable)"},
    {"disable", 0, "NAME", C(RUN), CALL(add_disabled), "lock again what --enable NAME unlocked (remembered)"},
    {"easier", 0, NULL, SELECT, AT(easier), "the easier alternative of each exercise that has one"},
    {"harder", 0, NULL, SELECT, AT(harder), "the harder alternative of each exercise that has one"},
    {"affected", 0, "left|right", C(RUN) | C(PLAN) | C(HANDOUT), AT(affected),
     "the patient's affected side, for sides named by their role (run remembers it)"},
    {"clock", 0, "real|virtual", C(RUN), AT(clock), "real time (default) or instant virtual time"},
    {"speed", 0, "X", C(RUN), CALL(set_speed), "play X times faster (for demonstrations)"},
    {"events", 0, "FILE", C(RUN), AT(events), "write every event as JSON Lines (- for stdout)"},
    {"keys", 0, "SCRIPT", C(RUN), AT(keys), "with --clock virtual: keys at times, e.g. \"5s:pause, 8s:pause\""},
    {"plain", 0, NULL, C(RUN), AT(plain), "plain line output even on a terminal"},
    {"resume", 0, NULL, C(RUN), AT(resume), "continue the saved session of this routine"},
    {"voice", 0, NULL, C(RUN), AT(voice), "speak the exercise, side, count and \"relax\" (espeak-ng)"},
    {"voice-command", 0, "CMD", C(RUN), CALL(set_voice_command), "speak with CMD PHRASE instead of espeak-ng"},
    {"beep", 0, NULL, C(RUN), AT(beep), "beep in the last three seconds of each hold"},
    {"no-history", 0, NULL, C(RUN), AT(no_history), "do not record this session"},
    {"state-dir", 0, "DIR", C(RUN) | C(HISTORY), AT(state_dir),
     "keep progress and history in DIR (default $XDG_STATE_HOME/routinec)"},
    {"timing-log", 0, "FILE", C(RUN), AT(timing_log), NULL},
    {"force", 0, NULL, C(BUILD) | C(RUN) | C(HANDOUT) | C(CALENDAR), AT(force), "go on despite lint errors"},
    {"no-lint", 0, NULL, C(BUILD) | C(CHECK) | C(RUN) | C(HANDOUT) | C(CALENDAR), AT(no_lint),
     "do not run the linter"},
    {"output", 'o', "FILE", C(BUILD), AT(output), "where to write the program (default FILE.rtb; - for stdout)"},
    {"output", 'o', "FILE", C(HANDOUT), AT(output),
     "where to write the handout: FILE.html, or FILE.pdf for a PDF (default: standard output)"},
    {"pdf", 0, NULL, C(HANDOUT), AT(pdf), "write a PDF through WeasyPrint (default FILE.pdf beside the routine)"},
    {"paper", 0, "a4|letter", C(HANDOUT), AT(paper), "the paper size (default a4)"},
    {"large-print", 0, NULL, C(HANDOUT), AT(large_print), "larger type, for readers with low vision"},
    {"weeks", 0, "N", C(HANDOUT), CALL(set_weeks), "weeks of log to fill in by hand (default 4; 0: none)"},
    {"output", 'o', "FILE", C(CALENDAR), AT(output), "where to write the calendar (default: standard output)"},
    {"report", 0, NULL, C(HISTORY), AT(report),
     "a printable HTML report for the therapist, with charts (to standard output, or -o FILE)"},
    {"output", 'o', "FILE", C(HISTORY), AT(output), "with --report: where to write the report"},
    {"start", 0, "DATE", C(CALENDAR), AT(start), "the first day of the programme, YYYY-MM-DD (required)"},
    {"weeks", 0, "N", C(CALENDAR), CALL(set_weeks), "weeks of reminders, 1 to 104 (default: the programme's length, else 6)"},
    {"times", 0, "LIST", C(CALENDAR), AT(times),
     "times of day, e.g. 08:00,13:00,19:00 (default: the schedule's, spread over the day)"},
    {"format", 0, "text|json|svg", C(PLAN), AT(format),
     "output format (default text); svg: the timeline as a picture"},
    {"format", 0, "text|json|csv", C(HISTORY), AT(format), "output format (default text)"},
    {"format", 0, "text|json|sarif", C(LINT), AT(format), "output format (default text)"},
    {"policy", 0, "FILE", C(LINT), AT(policy),
     "clinic policy (default: .routinec-policy next to the routine, then in each parent directory)"},
    {"print-policy", 0, NULL, C(LINT), AT(print_policy), "show the effective levels and thresholds"},
    {"max-warnings", 0, "N", C(LINT), CALL(set_max_warnings), "fail when there are more than N warnings"},
    {"list", 0, NULL, C(LINT), AT(list), "list the rules"},
    {"explain", 0, "RULE", C(LINT), AT(explain), "explain RULE: why, thresholds, examples, source"},
    {NULL, 'W', "RULE", C(LINT), CALL(add_lint_flag), "set a rule's level (the -W forms are below)"},
    {"check", 0, NULL, C(FMT), AT(fmt_check), "write nothing; fail (exit 1) when a FILE is not formatted"},
    {"diff", 0, NULL, C(FMT), AT(fmt_diff), "write nothing; show what would change as a unified diff"},
    {"include-dir", 'I', "DIR", COMPILES, CALL(add_include_dir),
     "also allow includes from DIR (searched after the including file's directory)"},
    {"color", 0, "auto|always|never", ALL_COMMANDS, AT(color_name),
     "colour diagnostics: on a terminal (default), always, never"},
    {"help", 'h', NULL, ALL_COMMANDS, CALL(show_help_option), "show this help and exit"},
    {"version", 'V', NULL, ALL_COMMANDS, CALL(show_version), "show the version and exit"},
};
#define N_OPTIONS (sizeof options / sizeof *options)

const CliOption *cli_option_at(size_t i) {
    return i < N_OPTIONS ? &options[i] : NULL;
}

const char *cli_command_name(Command cmd) {
    return cmd < CMD__COUNT ? commands[cmd].name : NULL;
}

/* ---- help ----------------------------------------------------------------- */

#define HELP_COLUMN 28
#define HELP_WIDTH 80

/* `text` word by word, each line starting at column `indent` (the
 * first is already there) and ending by HELP_WIDTH. */
static void print_wrapped_at(FILE *out, const char *text, int indent) {
    int col = indent;
    while (*text) {
        size_t word = strcspn(text, " ");
        if (col > indent && col + 1 + (int)word > HELP_WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fwrite(text, 1, word, out);
        col += (int)word;
        text += word;
        text += strspn(text, " ");
    }
    fputc('\n', out);
}

static void print_wrapped(FILE *out, const char *text) {
    print_wrapped_at(out, text, HELP_COLUMN);
}

/* "Keys during a session: space pause, or carry on; n next exercise ...",
 * from the session's key table (keys.h), in English like the rest of the
 * help (the session itself says them in the patient's language). */
static void print_session_keys(FILE *out) {
    char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "Keys during a session:");
    for (size_t i = 0; i < SESSION_KEY__COUNT && n < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, " %s %s%s", session_keys[i].label,
                              session_keys[i].help, i + 1 < SESSION_KEY__COUNT ? ";" : ".");
    print_wrapped_at(out, text, 0);
}

/* "  -o, --output=FILE" padded to a column, then the help text. */
static void print_option(FILE *out, const CliOption *o) {
    char left[64];
    int n = o->name ? snprintf(left, sizeof left, "  %c%c%s--%s", o->short_name ? '-' : ' ',
                               o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name)
                    : snprintf(left, sizeof left, "  -%c", o->short_name);
    if (o->arg && n > 0 && (size_t)n < sizeof left)
        snprintf(left + n, sizeof left - (size_t)n, "%s%s", o->name ? "=" : " ", o->arg);
    if (strlen(left) < HELP_COLUMN)
        fprintf(out, "%-*s", HELP_COLUMN, left);
    else
        fprintf(out, "%s\n%*s", left, HELP_COLUMN, "");
    print_wrapped(out, o->help);
}

static void print_command_help(FILE *out, Command cmd) {
    const CliCommand *c = &commands[cmd];
    fprintf(out, "Usage: routinec %s %s\n%s\nOptions:\n", c->name, c->usage, c->about);
    for (size_t i = 0; i < N_OPTIONS; i++)
        if ((options[i].commands & (1u << cmd)) && options[i].help)
            print_option(out, &options[i]);
    if (c->notes)
        fputs(c->notes, out);
    if (cmd == CMD_RUN) {
        fputc('\n', out);
        print_session_keys(out);
    }
    fputc('\n', out);
    exit_print_statuses(out, "Exit status:", 78, cmd == CMD_LINT);
}

static void print_overview(FILE *out) {
    fputs("Usage: routinec [run] [OPTION]... FILE\n"
          "  or:  routinec COMMAND [OPTION]... FILE...\n"
          "Compile and play exercise routines written by physical therapists.\n\nCommands:\n",
          out);
    for (int i = 0; i < CMD__COUNT; i++) {
        char left[40];
        snprintf(left, sizeof left, "  %s", commands[i].name);
        fprintf(out, "%-12s%s\n", left, commands[i].summary);
    }
    fputs("\nOptions of every command:\n", out);
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].commands == ALL_COMMANDS)
            print_option(out, &options[i]);
    fputs("\n'routinec help COMMAND' shows all the options of COMMAND.\n\n", out);
    print_session_keys(out);
    fputc('\n', out);
    exit_print_statuses(out, "Exit status:", 78, false);
}

/* ---- errors --------------------------------------------------------------- */

int cli_usage_error(const Options *opt, const char *fmt, const char *arg) {
    fputs("routinec: ", stderr);
    if (opt && opt->command_name)
        safe_text_printf(stderr, "%s: ", opt->command_name);
    safe_text_printf(stderr, fmt, arg);
    if (opt && opt->command_name)
        safe_text_printf(stderr, "\nTry 'routinec help %s' for more information.\n", opt->command_name);
    else
        fputs("\nTry 'routinec --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* ---- setters -------------------------------------------------------------- */

static int show_help_option(Options *opt, const CliOption *o, const char *value) {
    (void)o, (void)value;
    if (opt->command_name)
        print_command_help(stdout, opt->command);
    else
        print_overview(stdout);
    return 0;
}

static int show_version(Options *opt, const CliOption *o, const char *value) {
    (void)opt, (void)o, (void)value;
    printf("routinec %s\n", ROUTINEC_VERSION);
    return 0;
}

static int set_step(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    char *end;
    errno = 0;
    unsigned long step = strtoul(value, &end, 10);
    if (errno || *end || end == value || step < 1 || step > MAX_STEPS || value[0] == '-')
        return cli_usage_error(opt, "--step takes a whole number from 1 to 100, not '%s'", value);
    if (opt->step && opt->step != step) {
        char msg[120];
        snprintf(msg, sizeof msg, "--step is given twice (%u and %lu); a session plays one step",
                 (unsigned)opt->step, step);
        return cli_usage_error(opt, "%s", msg);
    }
    opt->step = (uint32_t)step;
    return -1;
}

static int set_weeks(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    char *end;
    errno = 0;
    unsigned long weeks = strtoul(value, &end, 10);
    if (errno || *end || end == value || weeks > 104 || value[0] == '-')
        return cli_usage_error(opt, "--weeks takes a whole number from 0 to 104, not '%s'", value);
    opt->weeks = (uint32_t)weeks;
    opt->weeks_set = true;
    return -1;
}

/* lang-b: --enable NAME, repeatable. */
static int add_enabled(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    if (opt->n_enabled >= CLI_MAX_ENABLED)
        return cli_usage_error(opt, "at most 16 --enable options, not more ('%s')", value);
    opt->enabled[opt->n_enabled++] = value;
    return -1;
}

/* stages: --disable NAME, repeatable. */
static int add_disabled(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    if (opt->n_disabled >= CLI_MAX_ENABLED)
        return cli_usage_error(opt, "at most 16 --disable options, not more ('%s')", value);
    opt->disabled[opt->n_disabled++] = value;
    return -1;
}

static int set_speed(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    char *end;
    errno = 0;
    double speed = strtod(value, &end);
    if (errno || *end || end == value || !(speed >= 0.01 && speed <= 10000))
        return cli_usage_error(opt, "--speed takes a number from 0.01 to 10000, not '%s'", value);
    opt->speed = speed;
    return -1;
}

static int set_voice_command(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    opt->voice_command = value;
    opt->voice = true;
    return -1;
}

static int set_max_warnings(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno || end == value || *end || n < 0)
        return cli_usage_error(opt, "--max-warnings takes a whole number from 0, not '%s'", value);
    opt->max_warnings = n;
    return -1;
}

/* -Werror alone makes warnings fail; every other -W value is a rule's level,
 * applied in order after the policy (cli_lint.c). */
static int add_lint_flag(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    if (strcmp(value, "error") == 0)
        opt->werror = true;
    else
        opt->lint_flags[opt->n_lint_flags++] = value;
    return -1;
}

static int add_include_dir(Options *opt, const CliOption *o, const char *value) {
    (void)o;
    opt->include_dirs[opt->n_include_dirs++] = value;
    return -1;
}

/* `value` is one of the choices "a|b|c". */
static bool is_choice(const char *choices, const char *value) {
    size_t len = strlen(value);
    for (const char *p = choices; len; p = strchr(p, '|') + 1) {
        if (strncmp(p, value, len) == 0 && (p[len] == '|' || p[len] == '\0'))
            return true;
        if (!strchr(p, '|'))
            break;
    }
    return false;
}

static int apply_option(Options *opt, const CliOption *o, const char *value) {
    if (o->arg && value && strchr(o->arg, '|') && !is_choice(o->arg, value)) {
        char what[80];
        snprintf(what, sizeof what, "--%s takes one of %s, not '%%s'", o->name, o->arg);
        return cli_usage_error(opt, what, value);
    }
    if (o->set)
        return o->set(opt, o, value);
    const char **field = (const char **)(void *)((char *)opt + o->offset);
    /* A session plays one section, level, variant, stage: a second,
     * different one is a mistake, never silently the last one given. */
    if (o->arg && value && (o->commands & SELECT) == SELECT && *field && strcmp(*field, value) != 0) {
        char msg[400];
        snprintf(msg, sizeof msg, "--%s is given twice ('%.120s' and '%.120s'); a session plays one %s",
                 o->name, *field, value, o->name);
        return cli_usage_error(opt, "%s", msg);
    }
    if (o->arg)
        *field = value;
    else
        *(bool *)(void *)((char *)opt + o->offset) = true;
    return -1;
}

/* ---- finding an option ---------------------------------------------------- */

static const CliOption *find_long(Command cmd, const char *name, size_t len, bool any_command) {
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const CliOption *o = &options[i];
        if (o->name && strlen(o->name) == len && strncmp(o->name, name, len) == 0 &&
            (any_command || (o->commands & (1u << cmd))))
            return o;
    }
    return NULL;
}

static const CliOption *find_short(Command cmd, char c) {
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].short_name == c && (options[i].commands & (1u << cmd)))
            return &options[i];
    return NULL;
}

/* "unknown option", with the command that does take it or the option
 * of this command the word is closest to. */
static int unknown_option(const Options *opt, const char *arg, size_t len) {
    char msg[200];
    const CliOption *elsewhere = find_long(opt->command, arg + 2, len - 2, true);
    if (elsewhere && arg[1] == '-') {
        for (int c = 0; c < CMD__COUNT; c++)
            if (elsewhere->commands & (1u << c)) {
                snprintf(msg, sizeof msg, "%.*s is an option of '%s', not of '%s'", (int)len, arg,
                         commands[c].name, commands[opt->command].name);
                break;
            }
        return cli_usage_error(opt, "%s", msg);
    }
    const char *names[N_OPTIONS];
    size_t n = 0;
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].name && (options[i].commands & (1u << opt->command)))
            names[n++] = options[i].name;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(len > 2 ? len - 2 : 0), arg + 2);
    const char *near = arg[1] == '-' ? names_closest(word, names, n) : NULL;
    if (near)
        snprintf(msg, sizeof msg, "unknown option '%.*s'; did you mean '--%s'?", (int)len, arg, near);
    else
        snprintf(msg, sizeof msg, "unknown option '%.*s'", (int)len, arg);
    return cli_usage_error(opt, "%s", msg);
}

/* ---- parsing -------------------------------------------------------------- */

/* "--name", "--name=value" or "--name value" at argv[*i]. */
static int parse_long(Options *opt, int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const CliOption *o = find_long(opt->command, arg + 2, len - 2, false);
    if (!o)
        return unknown_option(opt, arg, len);
    if (!o->arg && eq)
        return cli_usage_error(opt, "--%s takes no value", o->name);
    const char *value = eq ? eq + 1 : NULL;
    if (o->arg && !value) {
        if (*i + 1 >= argc)
            return cli_usage_error(opt, "--%s needs a value", o->name);
        value = argv[++*i];
    }
    return apply_option(opt, o, value);
}

/* "-x", "-xy" (flags), "-oFILE" or "-o FILE" at argv[*i]. */
static int parse_short(Options *opt, int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    for (size_t j = 1; arg[j]; j++) {
        const CliOption *o = find_short(opt->command, arg[j]);
        if (!o) {
            char one[3] = {'-', arg[j], '\0'};
            return unknown_option(opt, one, 2);
        }
        if (!o->arg) {
            int status = apply_option(opt, o, NULL);
            if (status >= 0)
                return status;
            continue;
        }
        const char *value = arg[j + 1] ? &arg[j + 1] : NULL;
        if (!value) {
            if (*i + 1 >= argc) {
                char one[3] = {'-', arg[j], '\0'};
                return cli_usage_error(opt, "%s needs a value", one);
            }
            value = argv[++*i];
        }
        return apply_option(opt, o, value);
    }
    return -1;
}

/* Options may come before or after the files; "--" ends them; "-" is a
 * file (standard input or output). */
static int parse_arguments(int argc, char **argv, int first, Options *opt) {
    bool options_done = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        int status = -1;
        if (!options_done && strcmp(arg, "--") == 0)
            options_done = true;
        else if (!options_done && arg[0] == '-' && arg[1] == '-')
            status = parse_long(opt, argc, argv, &i);
        else if (!options_done && arg[0] == '-' && arg[1] != '\0')
            status = parse_short(opt, argc, argv, &i);
        else
            argv[first + opt->n_files++] = argv[i]; /* compact the files in place */
        if (status >= 0)
            return status;
    }
    opt->files = argv + first;
    return -1;
}

/* ---- the command ---------------------------------------------------------- */

static int find_command(const char *word) {
    for (int i = 0; i < CMD__COUNT; i++)
        if (strcmp(word, commands[i].name) == 0)
            return i;
    return -1;
}

/* A first word that is no command is a FILE to run when it looks like one:
 * it exists, or has a '/' or a '.' in it. */
static bool looks_like_file(const char *word) {
    struct stat st;
    return strchr(word, '/') || strchr(word, '.') || stat(word, &st) == 0;
}

static int unknown_command(const char *word) {
    const char *names[CMD__COUNT];
    for (int i = 0; i < CMD__COUNT; i++)
        names[i] = commands[i].name;
    const char *near = names_closest(word, names, CMD__COUNT);
    safe_text_printf(stderr, "routinec: '%s' is not a command", word);
    if (near)
        safe_text_printf(stderr, "; did you mean '%s'?", near);
    fputs("\nCommands:", stderr);
    for (int i = 0; i < CMD__COUNT; i++)
        safe_text_printf(stderr, " %s%s", commands[i].name, i + 1 < CMD__COUNT ? "," : ".\n");
    fputs("To play a routine file, give its name: routinec FILE.rt\n"
          "Try 'routinec --help' for more information.\n",
          stderr);
    return EXIT_USAGE;
}

static int help_command(const Options *opt) {
    if (opt->n_files == 0) {
        print_overview(stdout);
        return 0;
    }
    int cmd = find_command(opt->files[0]);
    if (cmd < 0)
        return cli_usage_error(opt, "no help for '%s': not a command", opt->files[0]);
    print_command_help(stdout, (Command)cmd);
    return 0;
}

/* --resume plays what the saved session played. */
static int check_resume(const Options *opt) {
    if (!opt->resume)
        return -1;
    if (opt->section || opt->level || opt->variant || opt->step)
        return cli_usage_error(opt, "%s", "--resume plays the sections, level, variant and step the saved "
                                          "session chose; leave those options out");
    if (opt->no_history)
        return cli_usage_error(opt, "%s", "--resume needs the history; leave out --no-history");
    return -1;
}

static int check_file_count(const Options *opt) {
    const CliCommand *c = &commands[opt->command];
    if (opt->n_files < c->min_files)
        return cli_usage_error(opt, "%s", "which routine? Give a FILE");
    if (c->max_files >= 0 && opt->n_files > c->max_files)
        return cli_usage_error(opt, "%s", c->max_files == 1 ? "give one FILE" : "give no FILE");
    if (opt->keys && !opt->virtual_clock)
        return cli_usage_error(opt, "%s", "--keys works with --clock virtual");
    if (opt->easier && opt->harder)
        return cli_usage_error(opt, "%s", "choose --easier or --harder, not both");
    return -1;
}

/* What the parsed strings mean, and whether they make sense together. */
static int finish(Options *opt) {
    opt->virtual_clock = opt->clock && strcmp(opt->clock, "virtual") == 0;
    opt->json = opt->format && strcmp(opt->format, "json") == 0;
    opt->csv = opt->format && strcmp(opt->format, "csv") == 0;
    opt->svg = opt->format && strcmp(opt->format, "svg") == 0;
    opt->color = !opt->color_name || strcmp(opt->color_name, "auto") == 0 ? COLOR_AUTO
                 : strcmp(opt->color_name, "always") == 0                 ? COLOR_ALWAYS
                                                                          : COLOR_NEVER;
    if (opt->command == CMD_HELP)
        return help_command(opt);
    int status = check_file_count(opt);
    if (status < 0)
        status = check_resume(opt);
    opt->file = opt->n_files ? opt->files[0] : NULL;
    return status;
}

int cli_parse(int argc, char **argv, Options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->speed = 1.0;
    opt->max_warnings = -1;
    opt->command = CMD_RUN;
    if (argc < 2)
        return cli_usage_error(NULL, "%s", "which routine? Give a FILE, for example: routinec routines/lowback.rt");
    int first = 1;
    int cmd = find_command(argv[1]);
    if (cmd >= 0) {
        opt->command = (Command)cmd;
        opt->command_name = argv[1];
        first = 2;
    } else if (argv[1][0] != '-' && !looks_like_file(argv[1])) {
        return unknown_command(argv[1]);
    }
    opt->lint_flags = malloc((size_t)argc * sizeof *opt->lint_flags);
    opt->include_dirs = malloc((size_t)argc * sizeof *opt->include_dirs);
    if (!opt->lint_flags || !opt->include_dirs) {
        fputs("routinec: out of memory\n", stderr);
        return EXIT_IO;
    }
    int status = parse_arguments(argc, argv, first, opt);
    if (status >= 0)
        return status;
    if (!opt->command_name)
        opt->command_name = "run";
    return finish(opt);
}

void cli_options_free(Options *opt) {
    free(opt->lint_flags);
    opt->lint_flags = NULL;
    free(opt->include_dirs);
    opt->include_dirs = NULL;
}

void cli_include_dirs(const Options *opt, Compilation *c) {
    c->include_dirs = opt->include_dirs;
    c->n_include_dirs = opt->n_include_dirs;
}

bool cli_want_color(const Options *opt, FILE *stream) {
    if (opt->color == COLOR_ALWAYS)
        return true;
    if (opt->color == COLOR_NEVER)
        return false;
    return diag_want_color(stream);
}

/* ---- small helpers of the commands ---------------------------------------- */

bool cli_protect_state(const char *state_dir, FileIdSet *set) {
    char *dir = state_dir ? NULL : store_default_dir();
    bool ok = file_ids_add_dir(set, state_dir ? state_dir : dir);
    free(dir);
    return ok;
}

char *cli_default_output(const char *source) {
    return output_default_name(source, ".rtb");
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
