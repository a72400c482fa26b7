/*
 * pdf.c -- the PDF step of the handout: WeasyPrint, a program made for
 * paged media (CSS @page sizes, page counters, break-inside), run on the
 * HTML file the handout wrote.  The PDF goes to a temporary file beside
 * the destination and is renamed into place only when WeasyPrint
 * succeeded, so a failure never leaves half a PDF behind.
 */
#include "handout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int handout_pdf(const char *html, const char *pdf, FILE *err) {
    const char *program = getenv("ROUTINEC_WEASYPRINT");
    program = program && *program ? program : "weasyprint";
    if (!on_path(program)) {
        fprintf(err, "routinec: making a PDF needs WeasyPrint (\"%s\" was not found).\n"
                     "Install the Debian package: apt-get install weasyprint\n"
                     "Or write the HTML (-o FILE.html) and print it from a browser.\n", program);
        return 3;
    }
    size_t len = strlen(pdf);
    char *tmp = malloc(len + 16), log_path[] = "/tmp/routinec-weasyprint-XXXXXX";
    if (!tmp)
        return 3;
    snprintf(tmp, len + 16, "%s.tmp-XXXXXX", pdf);
    int fd = mkstemp(tmp), log = mkstemp(log_path);
    if (fd < 0 || log < 0) {
        fprintf(err, "routinec: cannot write \"%s\": %s\n", fd < 0 ? pdf : log_path, strerror(errno));
        if (fd >= 0) { close(fd); unlink(tmp); }
        if (log >= 0) { close(log); unlink(log_path); }
        free(tmp);
        return 3;
    }
    close(fd);
    unlink(log_path);
    int status = run_weasyprint(program, html, tmp, log);
    int result = 0;
    if (status != 0) {
        fprintf(err, "routinec: WeasyPrint could not make the PDF (exit status %d):\n", status);
        show_log(log, err);
        result = 3;
    } else if (chmod(tmp, 0644) != 0 || rename(tmp, pdf) != 0) {
        fprintf(err, "routinec: cannot write \"%s\": %s\n", pdf, strerror(errno));
        result = 3;
    }
    if (result)
        unlink(tmp);
    close(log);
    free(tmp);
    return result;
}
