/*
 * main.c -- the `routinec` command: parses the command line and wires the
 * stages together.  Every command returns one of the documented exit
 * statuses (see README, "Exit status").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "cli.h"
#include "compile.h"
#include "driver.h"
#include "events.h"
#include "output.h"
#include "handout.h"
#include "kinds.h"
#include "handout_cli.h"
#include "history.h"
#include "i18n.h"
#include "layout.h"
#include "lint.h"
#include "plan.h"
#include "safetext.h"
#include "session.h"
#include "store.h"
#include "vm.h"

/* ---- getting a program -------------------------------------------------- */

static bool looks_like_bytecode(const char *path) {
    size_t len = strlen(path);
    if (len >= 4 && strcmp(path + len - 4, ".rtb") == 0)
        return true;
    /* Peek without blocking: a FIFO or device is refused later, when it
     * is read (source_read says why). */
    int fd = strcmp(path, "-") == 0 ? -1 : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return false;
    struct stat st;
    char magic[RTB_MAGIC_SIZE];
    bool is = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
              read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
              memcmp(magic, RTB_MAGIC, sizeof magic) == 0;
    close(fd);
    return is;
}

static int read_file(const char *path, uint8_t **bytes, size_t *size, FileIdSet *inputs) {
    char *text = NULL;
    int err = 0;
    FileId id;
    SourceStatus status = source_read(path, MAX_BYTECODE_BYTES, &text, size, &id, &err);
    if (status != SOURCE_OK) {
        safe_text_printf(stderr, "routinec: cannot read \"%s\": %s\n", path, source_strerror(status, err));
        return EXIT_IO;
    }
    *bytes = (uint8_t *)text;
    if (inputs && !file_ids_add(inputs, id)) {
        free(text);
        safe_text_printf(stderr, "routinec: out of memory\n");
        return EXIT_IO;
    }
    return 0;
}

/* Load and verify a .rtb file; its identity joins `inputs` (or NULL). */
static int load_bytecode(const char *path, Program *program, FileIdSet *inputs) {
    uint8_t *bytes;
    size_t size;
    int status = read_file(path, &bytes, &size, inputs);
    if (status)
        return status;
    BytecodeError err;
    bool ok = bytecode_load(bytes, size, program, &err);
    free(bytes);
    if (!ok) {
        safe_text_printf(stderr, "%s: error: not a valid routine program (at byte %llu): %s\n", path,
                (unsigned long long)err.offset, err.message);
        return EXIT_INPUT;
    }
    return 0;
}

/* Why a routine with a lint error does not start, in a patient's words. */
static void explain_refusal(const Options *opt) {
    if (opt->command == CMD_RUN)
        safe_text_printf(stderr,
                "routinec: %s has a safety problem, so it will not start.\n"
                "Ask your therapist to look at it ('routinec lint %s' shows it).\n"
                "To start it anyway, add --force.\n", opt->file, opt->file);
    else
        safe_text_printf(stderr,
                "routinec: %s has a safety problem (shown above), so it will not be built.\n"
                "Ask your therapist to look at it. To build it anyway, add --force.\n",
                opt->file);
}

/* The linter's findings are for the therapist: a patient's terminal
 * (`run`) never shows them. */
static void drop_finding(void *ctx, const Diagnostic *d) {
    (void)ctx;
    (void)d;
}

static unsigned lint_for(const Options *opt, Compilation *c) {
    if (opt->command != CMD_RUN)
        return lint_compilation(c, false);
    DiagSink sink = c->diag.sink;
    c->diag.sink = drop_finding;
    unsigned errors = lint_compilation(c, false);
    c->diag.sink = sink;
    return errors;
}

/* Compile `path` like a compiler that also lints: the compiler's and the
 * linter's errors and warnings are shown; a lint error stops `build` and
 * `run` unless --force.  `chunk` (initialised by the caller) gets the code. */
static int compile_and_lint(const Options *opt, Compilation *c, const char *path, Chunk *chunk,
                            Program *program) {
    CompileStatus status = compile_load(c, path);
    if (status == COMPILE_IO)
        return EXIT_IO;
    if (status != COMPILE_OK || compile_check(c) != COMPILE_OK)
        return EXIT_INPUT;
    if (opt->command == CMD_CHECK) /* warns of what a handout would refuse */
        handout_check_pictures(c);
    bool lint = opt->command != CMD_PLAN && !opt->no_lint;
    if (lint && lint_for(opt, c) > 0 && !opt->force) {
        if (opt->command != CMD_CHECK)
            explain_refusal(opt);
        return EXIT_INPUT;
    }
    if (!c->model.routine) { /* a library (check): nothing to generate */
        memset(program, 0, sizeof *program);
        return 0;
    }
    return compile_program(c, chunk, program) == COMPILE_OK ? 0 : EXIT_INPUT;
}

/* A program from source or bytecode; `c` keeps the sources for disasm.
 * Every file read joins `inputs` (or NULL), which outputs must spare. */
static int get_program(const Options *opt, const char *path, Compilation *c, Program *program,
                       FileIdSet *inputs) {
    if (looks_like_bytecode(path))
        return load_bytecode(path, program, inputs);
    Chunk chunk;
    chunk_init(&chunk);
    int status = opt->command == CMD_DISASM ? (compile_file(c, path, &chunk, program) == COMPILE_OK
                                                   ? 0 : EXIT_INPUT)
                                            : compile_and_lint(opt, c, path, &chunk, program);
    chunk_free(&chunk);
    if (inputs && !sources_file_ids(&c->sources, inputs) && !status)
        status = EXIT_IO;
    if (status == EXIT_INPUT && c->diag.errors == 0 && c->sources.n_files == 0)
        return EXIT_IO;
    return status;
}

/* A program from `path`, when nothing else of the compilation is needed. */
static int program_for(const Options *opt, const char *path, Program *program,
                       FileIdSet *inputs) {
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    int status = get_program(opt, path, &c, program, inputs);
    compile_free(&c);
    return status;
}

/* ---- commands ----------------------------------------------------------- */

static VmSelection selection_of(const Options *opt) {
    VmSelection select = {.section = opt->section, .level = opt->level, .variant = opt->variant,
                          .step = opt->step, .stage = opt->stage, .enabled = opt->enabled,
                          .n_enabled = opt->n_enabled,
                          .alternative = opt->easier   ? VM_ALT_EASIER
                                         : opt->harder ? VM_ALT_HARDER : VM_ALT_NONE};
    if (opt->affected)
        select.affected = strcmp(opt->affected, "left") == 0 ? SIDE_LEFT : SIDE_RIGHT;
    return select;
}

/* Counts what a dry run plays: exercises, and locked sections it names. */
static void count_played(void *ctx, const VmEvent *ev) {
    if (ev->kind == EV_EXERCISE || ev->kind == EV_LOCKED)
        ++*(unsigned *)ctx;
}

/* A selection (--section, --level, --stage...) that leaves nothing to play
 * is a usage error, not a silent empty session: 0 when something plays (or
 * the names are wrong: vm_init says that where the session starts). */
static int check_selection_plays(const Options *opt, const Program *program, const VmSelection *select) {
    if (!select->section && !select->level && !select->stage && !select->variant)
        return 0;
    unsigned played = 0;
    Vm vm;
    bool ok = vm_init(&vm, program, select, count_played, &played, NULL);
    if (ok)
        drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    if (!ok || played)
        return 0;
    safe_text_printf(stderr, "routinec: %s: the selection plays no exercise (%s%s%s%s%s%s); "
                    "choose a section or level that has exercises\n", opt->file,
            select->section ? "--section " : "", select->section ? select->section : "",
            select->level ? (select->section ? ", --level " : "--level ") : "",
            select->level ? select->level : "",
            select->stage ? (select->section || select->level ? ", --stage " : "--stage ") : "",
            select->stage ? select->stage : "");
    return EXIT_USAGE;
}

/* The session's options from the command line.  On the virtual clock the
 * history is recorded only into a --state-dir given (or to --resume): a
 * simulated session is not one the patient played. */
static SessionOptions session_options(const Options *opt, FILE *events) {
    SessionOptions so = {.speed = opt->speed, .plain = opt->plain || (events == stdout),
                         .events = events, .events_name = opt->events, .routine_path = opt->file};
    so.no_history = opt->no_history || (opt->virtual_clock && !opt->state_dir && !opt->resume);
    so.state_dir = opt->state_dir;
    so.resume = opt->resume;
    so.disabled = opt->disabled;
    so.n_disabled = opt->n_disabled;
    so.voice = opt->voice;
    so.voice_command = opt->voice_command;
    so.beep = opt->beep;
    return so;
}

static int run_virtual(const Options *opt, const Program *program, const SessionOptions *so) {
    VmSelection select = selection_of(opt);
    ScriptedKey *keys = NULL;
    size_t n_keys = 0;
    char err[200];
    if (opt->keys && !keys_parse(opt->keys, &keys, &n_keys, err, sizeof err)) {
        safe_text_printf(stderr, "routinec: --keys: %s\n", err);
        return EXIT_USAGE;
    }
    int status = session_run_virtual(program, &select, so, keys, n_keys);
    free(keys);
    return status;
}

/* Open the --events file through output.h: streamed (on disk as it
 * grows), never over an input or a state file of the run (`protect`, which
 * the file then joins); "-" is standard output.  The session caps it. */
static int open_events(const Options *opt, FileIdSet *protect, OutputFile *out, FILE **events) {
    memset(out, 0, sizeof *out);
    *events = NULL;
    if (!opt->events)
        return 0;
    if (strcmp(opt->events, "-") == 0) {
        *events = stdout;
        return 0;
    }
    int err = output_open(out, opt->events, OUTPUT_STREAM, protect);
    if (!err && !file_ids_add_stream(protect, out->stream)) {
        output_abort(out);
        err = ENOMEM;
    }
    if (err) {
        safe_text_printf(stderr, "routinec: cannot write events to \"%s\": %s\n", opt->events,
                output_strerror(err));
        return EXIT_IO;
    }
    *events = out->stream;
    return 0;
}

/* --timing-log: the same writer and policy as the events, capped here. */
typedef struct {
    OutputFile file;
    OutputCap cap;
    FILE *stream; /* what the session writes, or NULL */
} TimingLog;

static int open_timing_log(const Options *opt, FileIdSet *protect, TimingLog *log) {
    memset(log, 0, sizeof *log);
    if (!opt->timing_log)
        return 0;
    int err = output_open(&log->file, opt->timing_log, OUTPUT_STREAM, protect);
    if (err) {
        safe_text_printf(stderr, "routinec: cannot write the timing log \"%s\": %s\n", opt->timing_log,
                output_strerror(err));
        return EXIT_IO;
    }
    log->stream = output_cap_open(&log->cap, log->file.stream, MAX_RUN_OUTPUT_BYTES);
    if (!log->stream)
        log->stream = log->file.stream;
    return 0;
}

/* Close the log; a failed write (the disk, the cap) is said once and
 * makes the status 3 if nothing more specific: the record is incomplete. */
static int close_timing_log(const Options *opt, TimingLog *log, int status) {
    if (!log->file.stream)
        return status;
    int first = 0;
    if (log->stream != log->file.stream) {
        fclose(log->stream); /* the cap: flushed into the file */
        first = log->cap.error;
    }
    int err = output_commit(&log->file);
    if (first || err) {
        safe_text_printf(stderr, "routinec: writing the timing log \"%s\" failed: %s; the log is incomplete\n",
                opt->timing_log, output_strerror(first ? first : err));
        return status ? status : EXIT_IO;
    }
    return status;
}

static int run_session(const Options *opt, const Program *program, FILE *events, FILE *timing) {
    VmSelection chosen = selection_of(opt);
    int empty = check_selection_plays(opt, program, &chosen);
    if (empty)
        return empty;
    SessionOptions so = session_options(opt, events);
    so.timing_log = timing;
    if (opt->virtual_clock)
        return run_virtual(opt, program, &so);
    VmSelection select = selection_of(opt);
    return session_run(program, &select, &so);
}

/* The events file at the end: a failure the session has not said already
 * (it says every failed write as it happens) is said here. */
static int close_events(const Options *opt, OutputFile *out, int status) {
    if (!out->stream)
        return status;
    bool said = ferror(out->stream);
    int err = output_commit(out);
    if (err && !said)
        safe_text_printf(stderr, "routinec: writing events to \"%s\" failed: %s\n", opt->events,
                output_strerror(err));
    return err && !status ? EXIT_IO : status;
}

static int cmd_run(const Options *opt) {
    Program program = {0};
    FileIdSet protect;
    file_ids_init(&protect);
    int status = program_for(opt, opt->file, &program, &protect);
    if (!status && !cli_protect_state(opt->state_dir, &protect))
        status = EXIT_IO;
    OutputFile out = {0};
    TimingLog timing = {0};
    FILE *events = NULL;
    if (!status)
        status = open_events(opt, &protect, &out, &events);
    if (!status && (status = open_timing_log(opt, &protect, &timing)) != 0)
        output_abort(&out);
    file_ids_free(&protect);
    if (status) {
        program_free(&program);
        return status;
    }
    status = run_session(opt, &program, events, timing.stream);
    status = close_timing_log(opt, &timing, close_events(opt, &out, status));
    program_free(&program);
    return status;
}

/* `build -o -`: the program to standard output (0 or an errno). */
static int write_stdout(const Chunk *chunk) {
    size_t size = 0;
    uint8_t *image = bytecode_serialize(chunk, &size);
    if (!image)
        return ENOMEM;
    int err = fwrite(image, 1, size, stdout) == size && fflush(stdout) == 0 ? 0 : errno ? errno : EIO;
    free(image);
    return err;
}

/* Write the built program to -o FILE (- for stdout) or next to the source. */
static int write_program(const Options *opt, const Compilation *c, const Chunk *chunk) {
    FileIdSet inputs;
    file_ids_init(&inputs);
    char *out = opt->output ? NULL : cli_default_output(opt->file);
    const char *path = opt->output ? opt->output : out;
    int err = !path ? ENOMEM
              : strcmp(path, "-") == 0 ? write_stdout(chunk)
              : sources_file_ids(&c->sources, &inputs) && cli_protect_state(opt->state_dir, &inputs)
                  ? bytecode_write_file(chunk, path, &inputs)
                  : ENOMEM;
    if (err)
        safe_text_printf(stderr, "routinec: cannot write \"%s\": %s\n", path ? path : "output",
                output_strerror(err));
    free(out);
    file_ids_free(&inputs);
    return err ? EXIT_IO : 0;
}

static int cmd_build(const Options *opt) {
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    Chunk chunk;
    chunk_init(&chunk);
    Program program = {0};
    int result = compile_and_lint(opt, &c, opt->file, &chunk, &program);
    if (result == 0) {
        result = write_program(opt, &c, &chunk);
        program_free(&program);
    }
    chunk_free(&chunk);
    compile_free(&c);
    return result;
}

static int cmd_check(const Options *opt) {
    int worst = 0;
    for (int i = 0; i < opt->n_files; i++) {
        Compilation c;
        compile_init(&c, stderr, cli_want_color(opt, stderr));
        cli_include_dirs(opt, &c);
        c.library_ok = true;
        Chunk chunk;
        chunk_init(&chunk);
        Program program = {0};
        int code = compile_and_lint(opt, &c, opt->files[i], &chunk, &program);
        if (code == 0)
            program_free(&program);
        chunk_free(&chunk);
        if (code > worst)
            worst = code;
        compile_free(&c);
    }
    return worst;
}

static int cmd_plan(const Options *opt) {
    if (opt->svg)
        return plan_svg_command(opt);
    Program program = {0};
    int status = program_for(opt, opt->file, &program, NULL);
    if (status)
        return status;
    VmSelection select = selection_of(opt);
    OutputCap cap;
    FILE *out = output_cap_open(&cap, stdout, MAX_RUN_OUTPUT_BYTES);
    status = check_selection_plays(opt, &program, &select);
    if (!status && !plan_print(&program, &select, opt->json ? PLAN_JSON : PLAN_TEXT, out ? out : stdout, stderr))
        status = EXIT_USAGE;
    if (out)
        fclose(out); /* into stdout; a failed stdout is said at the end */
    if (out && cap.over && !status) {
        safe_text_printf(stderr, "routinec: writing the plan failed: %s\n", output_strerror(OUTPUT_ELIMIT));
        status = EXIT_IO;
    }
    program_free(&program);
    return status;
}

static int cmd_disasm(const Options *opt) {
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    Program program = {0};
    int status = get_program(opt, opt->file, &c, &program, NULL);
    if (status == 0) {
        const SourceFile *main_file = c.sources.n_files ? &c.sources.files[c.main_file] : NULL;
        disasm_print(&program, stdout, main_file ? main_file->text : NULL, main_file ? main_file->len : 0);
        program_free(&program);
    }
    compile_free(&c);
    return status;
}

static void quiet(void *ctx, const Diagnostic *d) {
    (void)ctx, (void)d;
}

static int64_t now_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What FILE's schedule asks for, when FILE is a routine that compiles and
 * has one: sessions a week (`rx`) and the schedule in words. */
static bool history_schedule_of(const char *file, HistoryPrescription *rx, char *words, size_t size) {
    Compilation c;
    compile_init(&c, stderr, false);
    c.diag.sink = quiet;
    bool found = false;
    if (file && access(file, R_OK) == 0 && compile_load(&c, file) == COMPILE_OK &&
        compile_check(&c) == COMPILE_OK && c.model.schedule) {
        layout_sessions_per_week(c.model.schedule, &rx->lo, &rx->hi);
        layout_schedule(c.model.schedule, words, size);
        size_t n = strlen(words);
        if (n && words[n - 1] == '.')
            words[n - 1] = '\0';
        found = rx->lo > 0;
    }
    compile_free(&c);
    return found;
}

/* FILE's self-tests (exercises of kind `test`), their names copied, when
 * FILE is a routine that compiles; none otherwise.  False: out of memory. */
static bool history_tests_of(const char *file, HistoryTests *tests) {
    Compilation c;
    compile_init(&c, stderr, false);
    c.diag.sink = quiet;
    bool ok = true;
    *tests = (HistoryTests){0};
    if (file && access(file, R_OK) == 0 && compile_load(&c, file) == COMPILE_OK &&
        compile_check(&c) == COMPILE_OK) {
        tests->names = calloc(c.model.n_exercises + 1u, sizeof *tests->names);
        ok = tests->names != NULL;
        for (uint32_t i = 0; ok && i < c.model.n_exercises; i++) {
            const Node *e = c.model.exercises[i];
            if (kinds_flags(e->as.exercise.kind.s) & KIND_SELF_TEST)
                ok = (tests->names[tests->n++] = strdup(e->as.exercise.name.s)) != NULL;
        }
    }
    compile_free(&c);
    return ok;
}

static void history_tests_free(HistoryTests *tests) {
    for (size_t i = 0; i < tests->n; i++)
        free(tests->names[i]);
    free(tests->names);
}

/* `routinec history [FILE]`: FILE selects by its canonical path (as the
 * session recorded it) or, when it is no file, by the routine's title. */
/* The history of `routine` (a canonical path or a title, NULL: all) in
 * `format`; as text, a routine's week against its schedule, its stages
 * and its self-tests after it.  False when the store failed. */
static bool print_history(Store *store, const Options *opt, const char *routine, HistoryFormat format,
                          const HistoryTests *tests) {
    HistoryPrescription rx;
    char words[600];
    bool scheduled = format != HISTORY_CSV && history_schedule_of(opt->file, &rx, words, sizeof words);
    bool ok = history_print(store, routine, format, scheduled ? &rx : NULL, tests, stdout);
    bool text = ok && format == HISTORY_TEXT;
    /* lang-b: after a routine's history, this week against its schedule */
    if (text && scheduled)
        ok = history_week(store, routine, now_wall_ms(), rx.lo, rx.hi, words, stdout);
    if (ok && text && opt->file)
        ok = history_stages(store, routine, stdout);
    if (ok && text && opt->file)
        ok = history_tests(store, routine, tests, stdout);
    return ok;
}

static int cmd_history(const Options *opt) {
    if (opt->report && opt->format)
        return cli_usage_error(opt, "%s", "--report writes HTML; leave out --format");
    if (opt->report)
        return report_command(opt);
    if (opt->output)
        return cli_usage_error(opt, "%s", "-o is for --report; the history itself goes to standard output");
    char *dir = opt->state_dir ? NULL : store_default_dir();
    char why[700];
    Store *store = store_open_read(opt->state_dir ? opt->state_dir : dir, why, sizeof why);
    free(dir);
    if (!store) {
        safe_text_printf(stderr, "routinec: history: %s\n", why);
        return EXIT_IO;
    }
    char *path = opt->file ? realpath(opt->file, NULL) : NULL;
    HistoryFormat format = opt->csv ? HISTORY_CSV : opt->json ? HISTORY_JSON : HISTORY_TEXT;
    HistoryTests tests;
    bool ok = history_tests_of(opt->file, &tests);
    if (!ok)
        fputs("routinec: history: out of memory\n", stderr);
    else if (!(ok = print_history(store, opt, path ? path : opt->file, format, &tests)))
        safe_text_printf(stderr, "routinec: history: %s\n", store_error(store));
    history_tests_free(&tests);
    free(path);
    store_close(store);
    return ok ? 0 : EXIT_IO;
}

static int cmd_verify(const Options *opt) {
    Program program = {0};
    int status = load_bytecode(opt->file, &program, NULL);
    if (status)
        return status;
    char total[32];
    safe_text_printf(stdout, "%s: ok: %u bytes of code, %u constants; longest session %s, at most %llu steps\n", opt->file,
           program.code_len, program.n_consts, cli_format_ms(program.max_duration_ms, total, sizeof total),
           (unsigned long long)program.max_steps);
    program_free(&program);
    return 0;
}

static int run_command(const Options *opt) {
    switch (opt->command) {
    case CMD_RUN: return cmd_run(opt);
    case CMD_BUILD: return cmd_build(opt);
    case CMD_CHECK: return cmd_check(opt);
    case CMD_PLAN: return cmd_plan(opt);
    case CMD_DISASM: return cmd_disasm(opt);
    case CMD_VERIFY: return cmd_verify(opt);
    case CMD_HISTORY: return cmd_history(opt);
    case CMD_HANDOUT: return handout_command(opt);
    case CMD_CALENDAR: return calendar_command(opt);
    case CMD_LINT: return cli_lint(opt);
    case CMD_FMT: return cli_fmt(opt);
    default: return EXIT_USAGE; /* help is answered by cli_parse */
    }
}

/* Every command, --help included, ends by checking that its output
 * reached standard output (exit 3 and a message if not). */
int main(int argc, char **argv) {
    store_init();
    i18n_init();
    if (argc >= 2 && strcmp(argv[1], "__complete") == 0)
        return output_finish_stdout(cli_complete(argc - 2, argv + 2), EXIT_IO);
    Options opt;
    int result = cli_parse(argc, argv, &opt);
    if (result < 0)
        result = run_command(&opt);
    cli_options_free(&opt);
    return output_finish_stdout(result, EXIT_IO);
}
