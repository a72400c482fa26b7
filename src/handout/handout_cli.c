/* handout_cli.c -- see handout_cli.h. */
#include "handout_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compile.h"
#include "calendar.h"
#include "handout.h"
#include "kinds.h"
#include "layout.h"
#include "report.h"
#include "lint.h"
#include "output.h"
#include "safetext.h"
#include "timeline.h"

/* The second compilation's messages were already given by the first. */
static void quiet_sink(void *ctx, const Diagnostic *d) {
    (void)ctx;
    (void)d;
}

/* A routine, checked (c keeps the model) and compiled (program), linted like `run`. */
static int load_routine(const Options *opt, Compilation *c, Program *program) {
    CompileStatus status = compile_load(c, opt->file);
    if (status == COMPILE_IO)
        return EXIT_IO;
    if (status != COMPILE_OK || compile_check(c) != COMPILE_OK)
        return EXIT_INPUT;
    if (!c->model.routine) {
        safe_text_printf(stderr, "routinec: %s defines exercises but no routine to print\n", opt->file);
        return EXIT_INPUT;
    }
    if (!opt->no_lint && lint_compilation(c, false) > 0 && !opt->force) {
        safe_text_printf(stderr, "routinec: %s has a safety problem (shown above), so it is not printed.\n"
                        "Ask your therapist to look at it. To print it anyway, add --force.\n", opt->file);
        return EXIT_INPUT;
    }
    Compilation second;
    compile_init(&second, stderr, false);
    cli_include_dirs(opt, &second);
    second.diag.sink = quiet_sink;
    Chunk chunk;
    chunk_init(&chunk);
    status = compile_file(&second, opt->file, &chunk, program);
    chunk_free(&chunk);
    compile_free(&second);
    return status == COMPILE_OK ? 0 : status == COMPILE_IO ? EXIT_IO : EXIT_INPUT;
}

static int build_timeline(const Options *opt, const Program *program, Timeline *tl) {
    VmSelection select = {.section = opt->section, .level = opt->level, .variant = opt->variant,
                          .step = opt->step, .stage = opt->stage, .enabled = opt->enabled,
                          .n_enabled = opt->n_enabled};
    if (opt->affected)
        select.affected = strcmp(opt->affected, "left") == 0 ? SIDE_LEFT : SIDE_RIGHT;
    char why[300];
    if (!timeline_build(program, &select, tl, why, sizeof why)) {
        safe_text_printf(stderr, "routinec: %s\n", why);
        return EXIT_USAGE;
    }
    return 0;
}

static bool ends_with(const char *s, const char *tail) {
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcasecmp(s + a - b, tail) == 0;
}

/* What a writer of one output file is given. */
typedef bool OutputWriter(void *ctx, FILE *out);

/* Write to `out` (NULL or "-": standard output) through the one output
 * module: a temporary renamed into place, never over an input, so a
 * refused picture or a full disk leaves nothing half-written. */
static int write_output_to(const FileIdSet *inputs, const char *out, OutputWriter *write, void *ctx) {
    if (!out || strcmp(out, "-") == 0)
        return write(ctx, stdout) ? 0 : EXIT_INPUT;
    OutputFile file;
    int err = output_open(&file, out, OUTPUT_REPLACE, inputs);
    if (err) {
        safe_text_printf(stderr, "routinec: cannot write \"%s\": %s\n", out, output_strerror(err));
        return EXIT_IO;
    }
    if (!write(ctx, file.stream)) {
        output_abort(&file);
        return EXIT_INPUT;
    }
    err = output_commit(&file);
    if (err) {
        safe_text_printf(stderr, "routinec: cannot write \"%s\": %s\n", out, output_strerror(err));
        return EXIT_IO;
    }
    return 0;
}

/* The same, never over one of the routine's own files. */
static int write_output(Compilation *c, const char *out, OutputWriter *write, void *ctx) {
    FileIdSet inputs;
    file_ids_init(&inputs);
    int status = sources_file_ids(&c->sources, &inputs) && handout_picture_ids(c, &inputs) &&
                         cli_protect_state(NULL, &inputs)
                     ? write_output_to(&inputs, out, write, ctx) : EXIT_IO;
    file_ids_free(&inputs);
    return status;
}

typedef struct {
    Compilation *c;
    const Timeline *tl;
    const HandoutOptions *ho;
} HtmlJob;

static bool html_writer(void *ctx, FILE *out) {
    HtmlJob *job = ctx;
    return handout_write_html(job->c, job->tl, job->ho, out);
}

static int write_html(Compilation *c, const Timeline *tl, const HandoutOptions *ho, const char *out) {
    HtmlJob job = {c, tl, ho};
    return write_output(c, out, html_writer, &job);
}

/* The HTML in a temporary file for WeasyPrint, then the PDF to `out`. */
static int write_pdf(Compilation *c, const Timeline *tl, const HandoutOptions *ho, const char *out) {
    char html[] = "/tmp/routinec-handout-XXXXXX";
    int fd = mkstemp(html);
    if (fd < 0) {
        safe_text_printf(stderr, "routinec: cannot write a temporary file: %s\n", strerror(errno));
        return EXIT_IO;
    }
    close(fd);
    int status = write_html(c, tl, ho, html);
    FileIdSet inputs;
    file_ids_init(&inputs);
    if (!status)
        status = sources_file_ids(&c->sources, &inputs) && handout_picture_ids(c, &inputs) &&
                         cli_protect_state(NULL, &inputs)
                     ? handout_pdf(html, out, &inputs, stderr) : EXIT_IO;
    file_ids_free(&inputs);
    unlink(html);
    return status;
}

int handout_command(const Options *opt) {
    bool pdf = opt->pdf || (opt->output && ends_with(opt->output, ".pdf"));
    char *pdf_path = pdf && !opt->output ? output_default_name(opt->file, ".pdf") : NULL;
    const char *out = pdf ? (opt->output ? opt->output : pdf_path) : opt->output;
    if (pdf && (!out || strcmp(out, "-") == 0 || !ends_with(out, ".pdf"))) {
        safe_text_printf(stderr, "routinec: handout: with --pdf, -o names a .pdf file\n");
        free(pdf_path);
        return EXIT_USAGE;
    }
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    Program program = {0};
    int status = load_routine(opt, &c, &program);
    Timeline tl = {0};
    if (!status)
        status = build_timeline(opt, &program, &tl);
    HandoutOptions ho = {opt->paper && strcmp(opt->paper, "letter") == 0 ? PAPER_LETTER : PAPER_A4, opt->large_print,
                         opt->weeks_set ? opt->weeks : 4, opt->step, SIDE_NONE};
    if (opt->affected) /* said for this handout; nothing remembered is read */
        ho.affected = strcmp(opt->affected, "left") == 0 ? SIDE_LEFT : SIDE_RIGHT;
    if (!status)
        status = pdf ? write_pdf(&c, &tl, &ho, out) : write_html(&c, &tl, &ho, out);
    timeline_free(&tl);
    program_free(&program);
    compile_free(&c);
    free(pdf_path);
    return status;
}

int plan_svg_command(const Options *opt) {
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    Program program = {0};
    Options quiet = *opt;
    quiet.no_lint = true; /* like `plan`: a plan is for reading, not for playing */
    int status = load_routine(&quiet, &c, &program);
    Timeline tl = {0};
    if (!status)
        status = build_timeline(opt, &program, &tl);
    if (!status)
        timeline_svg(&tl, stdout, true);
    timeline_free(&tl);
    program_free(&program);
    compile_free(&c);
    return status;
}

/* ---- calendar ------------------------------------------------------------- */

/* Now, in seconds since the epoch, or $SOURCE_DATE_EPOCH when it is set
 * (reproducible files: the calendar's DTSTAMP, the report's "this week"). */
static int64_t source_date_epoch(void) {
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long stamp = epoch ? strtoll(epoch, &end, 10) : 0;
    return epoch && *epoch && end && !*end && stamp >= 0 ? stamp : (int64_t)time(NULL);
}

typedef struct {
    const Compilation *c;
    const Timeline *tl;
    const CalendarOptions *co;
} CalendarJob;

static bool calendar_writer(void *ctx, FILE *out) {
    CalendarJob *job = ctx;
    return calendar_write(job->c, job->tl, job->co, out);
}

/* --start, --weeks, --times and the stamp ($SOURCE_DATE_EPOCH for
 * reproducible files, else now). */
static int calendar_options(const Options *opt, CalendarOptions *co) {
    memset(co, 0, sizeof *co);
    if (!opt->start)
        return cli_usage_error(opt, "%s", "which first day? Give --start=YYYY-MM-DD");
    if (!calendar_parse_date(opt->start, &co->start))
        return cli_usage_error(opt, "--start takes a date such as 2026-01-05, not '%s'", opt->start);
    if (opt->weeks_set && opt->weeks == 0)
        return cli_usage_error(opt, "%s", "--weeks takes at least 1 week for a calendar");
    co->weeks = opt->weeks; /* 0: the programme's length, else 6 (calendar_command) */
    char why[200];
    if (opt->times && !calendar_parse_times(opt->times, co, why, sizeof why))
        return cli_usage_error(opt, "%s", why);
    co->stamp = source_date_epoch();
    co->step = opt->step;
    return -1;
}

int calendar_command(const Options *opt) {
    CalendarOptions co;
    int status = calendar_options(opt, &co);
    if (status >= 0)
        return status;
    Compilation c;
    compile_init(&c, stderr, cli_want_color(opt, stderr));
    cli_include_dirs(opt, &c);
    Program program = {0};
    status = load_routine(opt, &c, &program);
    Timeline tl = {0};
    if (!status)
        status = build_timeline(opt, &program, &tl);
    if (!co.weeks) {
        uint32_t weeks = status ? 0 : layout_programme_weeks(c.model.schedule);
        co.weeks = weeks ? weeks : 6;
    }
    CalendarJob job = {&c, &tl, &co};
    if (!status)
        status = write_output(&c, opt->output, calendar_writer, &job);
    timeline_free(&tl);
    program_free(&program);
    compile_free(&c);
    return status;
}

/* ---- history --report ----------------------------------------------------- */

typedef struct {
    Store *store;
    const char *routine;
    const ReportPrescription *rx;
    bool failed;
} ReportJob;

static bool report_writer(void *ctx, FILE *out) {
    ReportJob *job = ctx;
    job->failed = !report_write(job->store, job->routine, job->rx, source_date_epoch() * 1000, out);
    return !job->failed;
}

/* The self-tests of a compiled routine (exercises of kind `test`), their
 * names borrowed from the compilation.  False: out of memory. */
static bool self_tests_of(const Compilation *c, HistoryTests *tests) {
    tests->names = calloc(c->model.n_exercises + 1u, sizeof *tests->names);
    for (uint32_t i = 0; tests->names && i < c->model.n_exercises; i++) {
        const Node *e = c->model.exercises[i];
        if (kinds_flags(e->as.exercise.kind.s) & KIND_SELF_TEST)
            tests->names[tests->n++] = (char *)e->as.exercise.name.s;
    }
    return tests->names != NULL;
}

/* What FILE prescribes, when it is a routine that compiles (quietly: the
 * report is about the history, not the routine's problems): its schedule
 * and its self-tests (`tests`, freed with free(tests->names)). */
static void prescription_of(const char *file, Compilation *c, ReportPrescription *rx, HistoryTests *tests,
                            char *words, size_t size) {
    memset(rx, 0, sizeof *rx);
    *tests = (HistoryTests){0};
    c->diag.sink = quiet_sink;
    if (!file || access(file, R_OK) != 0 || compile_load(c, file) != COMPILE_OK || compile_check(c) != COMPILE_OK)
        return;
    if (self_tests_of(c, tests))
        rx->tests = tests;
    if (!c->model.schedule)
        return;
    layout_sessions_per_week(c->model.schedule, &rx->per_week_lo, &rx->per_week_hi);
    rx->schedule_words = layout_schedule(c->model.schedule, words, size);
}

/* The report of `store` (kept in `where`) for opt->file's routine, or for
 * every routine, written to opt->output: an exit status. */
static int write_report(const Options *opt, Store *store, const char *where) {
    Compilation c;
    compile_init(&c, stderr, false);
    ReportPrescription rx;
    HistoryTests tests;
    char words[600];
    prescription_of(opt->file, &c, &rx, &tests, words, sizeof words);
    char *path = opt->file ? realpath(opt->file, NULL) : NULL;
    ReportJob job = {store, path ? path : opt->file, &rx, false};
    FileIdSet inputs;
    file_ids_init(&inputs);
    int status = cli_protect_state(where, &inputs) && sources_file_ids(&c.sources, &inputs)
                     ? write_output_to(&inputs, opt->output, report_writer, &job) : EXIT_IO;
    if (job.failed) {
        safe_text_printf(stderr, "routinec: history: %s\n", store_error(store)[0] ? store_error(store) : "out of memory");
        status = EXIT_IO;
    }
    file_ids_free(&inputs);
    free(path);
    free(tests.names);
    compile_free(&c);
    return status;
}

int report_command(const Options *opt) {
    char *dir = opt->state_dir ? NULL : store_default_dir();
    const char *where = opt->state_dir ? opt->state_dir : dir;
    char why[700];
    Store *store = store_open_read(where, why, sizeof why);
    int status = EXIT_IO;
    if (store) {
        status = write_report(opt, store, where);
        store_close(store);
    } else {
        safe_text_printf(stderr, "routinec: history: %s\n", why);
    }
    free(dir);
    return status;
}
