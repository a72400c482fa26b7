/*
 * pdf.c -- the PDF step of the handout: WeasyPrint, a program made for
 * paged media (CSS @page sizes, page counters, break-inside), run on the
 * HTML file the handout wrote.  WeasyPrint writes a temporary file; only
 * when it succeeded is the PDF written to its destination, through the
 * output module (output.h), so a failure never leaves half a PDF behind.
 */
#include "handout.h"

#include "exit.h"
#include "output.h"
#include "safetext.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Is `name` a program on $PATH (or a path to one)? */
static bool on_path(const char *name) {
    if (strchr(name, '/'))
        return access(name, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char full[4096];
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, ":");
        if (len && len + strlen(name) + 2 <= sizeof full) {
            snprintf(full, sizeof full, "%.*s/%s", (int)len, p, name);
            if (access(full, X_OK) == 0)
                return true;
        }
        p += len + (p[len] == ':');
    }
    return false;
}

/* Run `program html pdf` with its messages in `log`; its exit status, or -1. */
static int run_weasyprint(const char *program, const char *html, const char *pdf, int log) {
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        execlp(program, program, "--quiet", html, pdf, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void show_log(int log, FILE *err) {
    char buf[2048];
    ssize_t n;
    lseek(log, 0, SEEK_SET);
    while ((n = read(log, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)n, err);
}

/* Copy the finished PDF at `from` to `out` through the output module. */
static int copy_out(const char *from, const char *out, const FileIdSet *inputs, FILE *err) {
    FILE *in = fopen(from, "rb");
    OutputFile file;
    int error = in ? output_open(&file, out, OUTPUT_REPLACE, inputs) : errno;
    if (error) {
        safe_text_printf(err, "routinec: cannot write \"%s\": %s\n", out, output_strerror(error));
        if (in)
            fclose(in);
        return EXIT_IO;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, file.stream);
    bool read_ok = !ferror(in);
    fclose(in);
    if (!read_ok) {
        output_abort(&file);
        safe_text_printf(err, "routinec: cannot read the PDF WeasyPrint wrote\n");
        return EXIT_IO;
    }
    error = output_commit(&file);
    if (error)
        safe_text_printf(err, "routinec: cannot write \"%s\": %s\n", out, output_strerror(error));
    return error ? EXIT_IO : 0;
}

int handout_pdf(const char *html, const char *pdf, const FileIdSet *inputs, FILE *err) {
    const char *program = getenv("ROUTINEC_WEASYPRINT");
    program = program && *program ? program : "weasyprint";
    if (!on_path(program)) {
        safe_text_printf(err, "routinec: making a PDF needs WeasyPrint (\"%s\" was not found).\n"
                     "Install the Debian package: apt-get install weasyprint\n"
                     "Or write the HTML (-o FILE.html) and print it from a browser.\n", program);
        return EXIT_IO;
    }
    char tmp[] = "/tmp/routinec-pdf-XXXXXX", log_path[] = "/tmp/routinec-weasyprint-XXXXXX";
    int fd = mkstemp(tmp), log = mkstemp(log_path);
    if (fd < 0 || log < 0) {
        safe_text_printf(err, "routinec: cannot write a temporary file: %s\n", strerror(errno));
        if (fd >= 0) { close(fd); unlink(tmp); }
        if (log >= 0) { close(log); unlink(log_path); }
        return EXIT_IO;
    }
    close(fd);
    unlink(log_path);
    int status = run_weasyprint(program, html, tmp, log);
    int result = 0;
    if (status != 0) {
        safe_text_printf(err, "routinec: WeasyPrint could not make the PDF (exit status %d):\n", status);
        show_log(log, err);
        result = EXIT_IO;
    } else {
        result = copy_out(tmp, pdf, inputs, err);
    }
    unlink(tmp);
    close(log);
    return result;
}
