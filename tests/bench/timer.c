/*
 * timer.c -- run a command once and measure it, for tests/bench.
 *
 *   timer [-f] COMMAND [ARG]...
 *
 * Prints one line: "WALL_NS PEAK_RSS_KB FIRST_NS STATUS CPU_NS", where
 * WALL_NS is the wall time from just before fork to the child's exit,
 * PEAK_RSS_KB its peak resident set (wait4's ru_maxrss, which /usr/bin/time
 * also reads), FIRST_NS (with -f) the time until the first byte the child
 * writes to stdout, else 0, STATUS its exit status (128+N if killed by
 * signal N), and CPU_NS its user + system time, which other load on the
 * machine disturbs less than the wall time.
 *
 * The child's stdout is discarded (read through a pipe with -f, so the first
 * byte can be timed); its stderr is passed through so errors show.  A shell
 * cannot do this: `date +%s%N` costs a fork of its own, and the shell's
 * `time` has no memory figure.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t tv_ns(const struct timeval *tv) {
    return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

static void die(const char *what) {
    fprintf(stderr, "timer: %s: %s\n", what, strerror(errno));
    exit(125);
}

/* In the child: stdout to the pipe (or /dev/null), then the command. */
static void child(int out_fd, char **argv) {
    if (out_fd < 0)
        out_fd = open("/dev/null", O_WRONLY);
    if (out_fd < 0 || dup2(out_fd, STDOUT_FILENO) < 0)
        _exit(126);
    execvp(argv[0], argv);
    fprintf(stderr, "timer: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Read the child's stdout to its end; return when its first byte came. */
static uint64_t drain(int fd) {
    char buf[65536];
    uint64_t first = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return first;
        if (!first)
            first = now_ns();
    }
}

int main(int argc, char **argv) {
    int timed = argc > 1 && strcmp(argv[1], "-f") == 0;
    if (argc < 2 + timed) {
        fprintf(stderr, "usage: timer [-f] COMMAND [ARG]...\n");
        return 2;
    }
    int fds[2] = {-1, -1};
    if (timed && pipe(fds) != 0)
        die("pipe");
    uint64_t start = now_ns(), first = 0;
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0)
        child(fds[1], argv + 1 + timed);
    if (timed) {
        close(fds[1]);
        first = drain(fds[0]);
        close(fds[0]);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            die("wait4");
    uint64_t end = now_ns();
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    uint64_t cpu = tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
    printf("%llu %ld %llu %d %llu\n", (unsigned long long)(end - start), ru.ru_maxrss,
           (unsigned long long)(first ? first - start : 0), code, (unsigned long long)cpu);
    return 0;
}
