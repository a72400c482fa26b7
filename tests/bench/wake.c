/*
 * wake.c -- what waking once a second costs on this machine, for
 * tests/bench/session.sh.
 *
 *   wake SECONDS
 *
 * Waits like the session's terminal host and does nothing else: a timerfd
 * set to the next whole second (absolute), then poll() on it, a signalfd
 * and an input that never has anything to read (the host's keyboard), and
 * again, SECONDS times.  Prints one line, "CPU_NS WAKES": the CPU time
 * (user + system) of the wake-ups after the first, and how many there
 * were.  Run beside the session, it gives the floor of the session's CPU
 * per minute on this machine: the kernel's side of a wake-up (on a virtual
 * machine, tens of microseconds each), which no work of the session's
 * can remove.
 */
#define _GNU_SOURCE /* signalfd */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int arm(int timer_fd, int64_t at_ns) {
    struct itimerspec its = {.it_value = {.tv_sec = at_ns / 1000000000, .tv_nsec = at_ns % 1000000000}};
    return timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

int main(int argc, char **argv) {
    long seconds = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
    if (seconds < 2) {
        fprintf(stderr, "usage: wake SECONDS (2 or more)\n");
        return 2;
    }
    sigset_t winch;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch, NULL);
    int keys[2];
    int timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    int sig_fd = signalfd(-1, &winch, SFD_CLOEXEC | SFD_NONBLOCK);
    if (timer_fd < 0 || sig_fd < 0 || pipe(keys) != 0) {
        perror("wake");
        return 1;
    }
    int64_t start = clock_ns(CLOCK_MONOTONIC), cpu_first = 0;
    for (long i = 1; i <= seconds; i++) {
        struct pollfd fds[3] = {{sig_fd, POLLIN, 0}, {timer_fd, POLLIN, 0}, {keys[0], POLLIN, 0}};
        if (arm(timer_fd, start + i * 1000000000) != 0 || poll(fds, 3, -1) < 0) {
            perror("wake");
            return 1;
        }
        if (i == 1)
            cpu_first = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    }
    printf("%lld %ld\n", (long long)(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu_first), seconds - 1);
    return 0;
}
