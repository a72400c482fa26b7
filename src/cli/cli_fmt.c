/*
 * cli_fmt.c -- `routinec fmt [--check] [--diff] FILE...|-`: rewrite each
 * FILE in the canonical layout (src/front/format.c).  A file that does not
 * parse is reported and left alone.  --check writes nothing and fails when
 * a file is not formatted (for CI); --diff writes nothing and shows what
 * would change, as a unified diff from diff(1); - reads standard input and
 * writes standard output.
 */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "format.h"
#include "output.h"
#include "safetext.h"
#include "source.h"

extern char **environ;

/* A temporary file holding `text`; its name goes into `name` (XXXXXX). */
static bool temp_with(char *name, const char *text, size_t len) {
    int fd = mkstemp(name);
    if (fd < 0)
        return false;
    bool ok = true;
    for (size_t done = 0; ok && done < len;) {
        ssize_t n = write(fd, text + done, len - done);
        ok = n > 0;
        done += ok ? (size_t)n : 0;
    }
    ok &= close(fd) == 0;
    if (!ok)
        unlink(name);
    return ok;
}

/* Run `argv` with its standard output read whole into *out (malloc'd,
 * *len bytes); true when it ran and exited with 0 or 1 (diff's "same" and
 * "different"). */
static bool run_captured(char **argv, char **out, size_t *len) {
    int fds[2];
    posix_spawn_file_actions_t actions;
    if (pipe(fds) != 0)
        return false;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid;
    bool ok = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    FILE *mem = open_memstream(out, len);
    char buf[8192];
    for (size_t n; in && mem && (n = fread(buf, 1, sizeof buf, in)) > 0;)
        fwrite(buf, 1, n, mem);
    in ? fclose(in) : close(fds[0]);
    ok = mem && fclose(mem) == 0 && ok;
    int wstatus = 0;
    ok = ok && waitpid(pid, &wstatus, 0) == pid && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) <= 1;
    return ok;
}

/* `diff -u` of the file as it is and as fmt would write it, labelled with
 * its name; diff(1) (diffutils, on every Debian system) does the work.
 * What it prints quotes the routine's lines: shown through safetext.h, so
 * a text holding ESC cannot act on the terminal. */
static int show_diff(const char *path, const char *before, size_t before_len, const char *after,
                     size_t after_len) {
    const char *dir = getenv("TMPDIR");
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/routinec-fmt-a.XXXXXX", dir && *dir ? dir : "/tmp");
    snprintf(b, sizeof b, "%s/routinec-fmt-b.XXXXXX", dir && *dir ? dir : "/tmp");
    if (!temp_with(a, before, before_len))
        return EXIT_IO;
    int status = EXIT_IO;
    if (temp_with(b, after, after_len)) {
        char label_a[4200], label_b[4200];
        snprintf(label_a, sizeof label_a, "%s (as it is)", path);
        snprintf(label_b, sizeof label_b, "%s (formatted)", path);
        char *argv[] = {"diff", "-u", "--label", label_a, "--label", label_b, a, b, NULL};
        char *shown = NULL;
        size_t shown_len = 0;
        if (run_captured(argv, &shown, &shown_len)) {
            safe_text_write(stdout, shown, shown_len, SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
            status = 0;
        } else
            safe_text_printf(stderr, "routinec fmt: cannot run diff(1) (apt-get install -y diffutils)\n");
        free(shown);
        unlink(b);
    }
    unlink(a);
    return status;
}

/* Where the formatted text goes; returns the exit status for this file. */
static int deliver(const Options *opt, const char *path, const SourceFile *source, const char *text,
                   size_t len) {
    bool is_stdin = strcmp(path, "-") == 0;
    bool changed = len != source->len || memcmp(text, source->text, len) != 0;
    if (opt->fmt_diff) {
        int status = changed ? show_diff(is_stdin ? "<stdin>" : path, source->text, source->len, text, len) : 0;
        return status ? status : changed && opt->fmt_check ? EXIT_INPUT : 0;
    }
    if (opt->fmt_check) {
        if (changed)
            safe_text_printf(stderr, "routinec fmt: %s is not formatted (routinec fmt %s rewrites it)\n",
                    is_stdin ? "<stdin>" : path, is_stdin ? "-" : path);
        return changed ? EXIT_INPUT : 0;
    }
    if (is_stdin)
        return fwrite(text, 1, len, stdout) == len ? 0 : EXIT_IO;
    int err = changed ? output_write_all(path, text, len, NULL) : 0;
    if (err)
        safe_text_printf(stderr, "routinec fmt: cannot write \"%s\": %s\n", path, output_strerror(err));
    return err ? EXIT_IO : 0;
}

static int format_one(const Options *opt, const char *path) {
    Sources sources;
    sources_init(&sources);
    Diag diag;
    diag_init(&diag, &sources, stderr);
    diag.color = cli_want_color(opt, stderr);
    uint32_t index;
    int err = 0;
    Loc none = {0};
    SourceStatus st = sources_load(&sources, path, none, &index, &err);
    int status;
    char *text = NULL;
    size_t len = 0;
    if (st != SOURCE_OK) {
        safe_text_printf(stderr, "routinec fmt: cannot read \"%s\": %s\n", path, source_strerror(st, err));
        status = EXIT_IO;
    } else if (!format_file(&diag, index, &text, &len)) {
        if (!diag.errors)
            safe_text_printf(stderr, "routinec fmt: %s: out of memory\n", path);
        status = diag.errors ? EXIT_INPUT : EXIT_IO;
    } else {
        status = deliver(opt, path, &sources.files[index], text, len);
    }
    free(text);
    diag_free(&diag);
    sources_free(&sources);
    return status;
}

int cli_fmt(const Options *opt) {
    int worst = 0;
    for (int i = 0; i < opt->n_files; i++) {
        int status = format_one(opt, opt->files[i]);
        if (status > worst)
            worst = status;
    }
    return worst;
}
