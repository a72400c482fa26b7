/*
 * session.c -- the terminal host: the real clock, keys, signals, the full
 * screen (the session's logic is the core's, core.h).
 *
 * One loop, one poll() on three descriptors:
 *
 *     signalfd   SIGINT SIGTERM SIGHUP (end), SIGTSTP (suspend), SIGCONT,
 *                SIGWINCH (redraw), SIGCHLD (speech finished: reap it).
 *                The signals are blocked and read as data, so no handler
 *                runs and no global flag is needed.
 *     timerfd    armed with an absolute CLOCK_MONOTONIC time: the core's
 *                deadline, the next second the countdown shows, a beep.
 *     stdin      the keys (while it lasts).
 *
 * Time.  The session starts at monotonic T0.  Session time (what the core
 * is told, in ms) is (T - T0) * speed; a deadline d is woken at
 * T0 + d / speed.  Both are computed from T0 every time, never added up,
 * so a late wake-up never delays the next one.  T0 is put just before a
 * scheduler tick (before_a_tick), where a wake-up that has to wait for
 * its CPU waits least.
 *
 * A calm start.  On the full screen the session first shows the routine's
 * title, notes and safety notes and waits for Enter: the clock (T0) starts
 * then.  Plain lines start at once: pipes and tests rely on it.
 *
 * Every way out (end, quit, signal, error) goes through term_close(),
 * which gives the terminal back as it was.  A terminal that goes away is
 * a hang-up (SIGHUP), not a decision of the patient.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* signalfd(), timerfd_create() */
#endif

#include "session.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/sched.h>       /* SCHED_NORMAL, SCHED_FLAG_RESET_ON_FORK */
#include <linux/sched/types.h> /* struct sched_attr (glibc 2.36 has no wrapper) */

#include "exit.h"
#include "keys.h"
#include "rig.h"
#include "safetext.h"
#include "screen.h"
#include "words.h"

#define NS_PER_MS 1000000.0
#define KEYS_PER_WAKE 64    /* a burst of keys is read in slices */
#define IDLE_READS_EOF 3    /* "readable" with no key this often: input gone */
#define ANSWER_WAIT_MS 60000 /* a question on a terminal waits this long */
#define ANSWER_PIPE_WAIT_MS 2000 /* and on a pipe still open (a test, a helper) */
#define WELL_DONE_MS 3000   /* the last screen stays this long, or until a key */
#define SLICE_NS 100000     /* the session thread's turns on the CPU: the shortest Linux allows */
#define TICK_GRID_NS 20000000 /* a whole number of scheduler ticks at HZ 100, 250 and 1000 */
#define TICK_LEAD_NS 600000 /* whole seconds are woken this long before a tick */

static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH, SIGCHLD};
#define N_SIGNALS (sizeof handled_signals / sizeof handled_signals[0])

typedef struct {
    Rig rig;
    SessionCore *core;
    double speed;
    int64_t t0_ns, last_now;
    bool clock_started;

    Screen *screen;   /* NULL: plain lines (or JSON only) */
    bool had_screen;

    int sig_fd, timer_fd;
    bool mask_saved;
    sigset_t old_mask;
    struct sigaction old_actions[N_SIGNALS];

    bool stdin_open, stdin_tty, termios_saved;
    struct termios old_termios;
    int idle_reads;
    bool stop;        /* leave the loop (a signal, the input gone, an error) */
    /* stages: the question the core asks during the session, as shown. */
    SessionQuestion shown_question;
    char prompt[512];

    bool beep;
    int bell_fd;      /* where a beep goes (a terminal), or -1 */
    int64_t last_beep;
    FILE *timing;     /* --timing-log (SessionOptions.timing_log) */
    int64_t unshown;  /* a timed wake-up (session ms) not yet on the screen, or -1 */
    /* Piped keys read after the end: they answer the question. */
    unsigned char pending[KEYS_PER_WAKE];
    char side_said[80];    /* the intro's answer: "Affected side: left" */
    char start_prompt[768]; /* the intro's prompt line */
    size_t n_pending, pending_at;
} Term;

/* ---- time ------------------------------------------------------------ */

static int64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Monotonic time at which session time `ms` begins (rounded up, so that
 * at that instant the session clock has reached `ms`). */
static int64_t wake_ns(const Term *t, int64_t ms) {
    double ns = (double)ms * NS_PER_MS / t->speed;
    if (ns > (double)(INT64_MAX / 4))
        return INT64_MAX / 4;
    int64_t whole = (int64_t)ns;
    return t->t0_ns + whole + ((double)whole < ns);
}

/* Session time now, in ms: never earlier than the last call, and at least
 * the core's deadline once its wake time has passed (so rounding can
 * never make a due step look early). */
static int64_t session_now(Term *t) {
    if (!t->clock_started)
        return t->last_now;
    int64_t ns = mono_ns();
    double ms = (double)(ns - t->t0_ns) * t->speed / NS_PER_MS;
    int64_t now = ms < (double)(INT64_MAX / 4) ? (int64_t)ms : INT64_MAX / 4;
    SessionNeed need = core_need(t->core);
    if (need.kind == SESSION_NEED_TIME && now < need.deadline && ns >= wake_ns(t, need.deadline))
        now = need.deadline;
    if (now < t->last_now)
        now = t->last_now;
    t->last_now = now;
    return now;
}

/* A monotonic time at most TICK_GRID_NS before `ns` that is TICK_LEAD_NS
 * before a multiple of TICK_GRID_NS.
 *
 * Why.  Linux's scheduler tick comes at whole multiples of its period on
 * the monotonic clock (the kernel aligns it so), and TICK_GRID_NS is a
 * multiple of the period.  A wake-up that finds another task on its CPU
 * and is not run at once (that task's turn is nearly over) runs at the
 * next tick: from a random point of the period that was up to 4 ms later
 * (HZ 250), most often the run's one late wake-up.  With T0 put just
 * before a tick, so is every whole second of the session (at speed 1), and
 * such a wake-up is TICK_LEAD_NS late at most; the lead is longer than a
 * wake-up's work (0.1-0.45 ms), so the tick does not cut the drawing short
 * either (measured: make bench, README "Timing").  No CPU is spent; where
 * the tick is elsewhere, the start merely moves by less than 20 ms. */
static int64_t before_a_tick(int64_t ns) {
    int64_t phase = (ns + TICK_LEAD_NS) % TICK_GRID_NS;
    return ns - phase;
}

/* Session time starts now (a resumed session's goes on from the saved
 * time), give or take the alignment with the scheduler's tick. */
static void start_clock(Term *t) {
    t->last_now = core_start_time(t->core);
    t->t0_ns = before_a_tick(mono_ns() - (int64_t)((double)t->last_now * NS_PER_MS / t->speed));
    t->clock_started = true;
}

/* Ask the scheduler for short turns for the session's thread (Linux 6.12
 * and later: EEVDF's custom slice, no privilege needed).  A wake-up then
 * takes the CPU from a busy neighbour (a compiler, a process writing to
 * the disk) at once, instead of after the rest of the neighbour's turn,
 * which made the countdown's seconds up to 2 ms late.  The thread needs
 * far less than a turn per wake-up, so it is never cut short.  Only this
 * thread (the history's writer keeps the usual turns), not inherited by
 * the speech program; elsewhere, or refused, nothing changes. */
static void ask_short_slices(void) {
#ifdef SYS_sched_setattr
    struct sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_NORMAL;
    attr.sched_flags = SCHED_FLAG_RESET_ON_FORK;
    attr.sched_runtime = SLICE_NS;
    (void)syscall(SYS_sched_setattr, 0, &attr, 0);
#endif
}

static void step(Term *t, VmKey key) {
    core_step(t->core, session_now(t), key);
}

/* ---- the screen -------------------------------------------------------- */

static void screen_sink_event(void *ctx, const SessionEvent *ev) {
    if (ev->kind == SESSION_EV_VM)
        screen_event(ctx, ev->vm);
}

static ScreenClock clock_now(Term *t) {
    const Vm *vm = core_vm(t->core);
    VmStatus status = core_status(t->core);
    const VmLookahead *ahead = core_ahead(t->core);
    bool over = status == VM_FINISHED;
    return (ScreenClock){
        .now = session_now(t), .status = status, .activity = vm->activity, .hold = vm->hold,
        .deadline = vm->deadline, .activity_start = vm->activity_start,
        .remaining_when_paused = vm->remaining_when_paused, .paused_at = vm->paused_at,
        .paused = status == VM_PAUSED,
        .next_exercise = over ? NULL : ahead->next_exercise,
        .next_is_end = !over && ahead->next_is_end,
        .next_rep = !over && ahead->has_next_rep ? &ahead->next_rep : NULL,
    };
}

static void log_timing(Term *t, const char *what, int64_t ms);

/* Bring the screen up to date; returns when it next needs a redraw
 * (session ms), or -1.  The timing log says when what a timed wake-up
 * brought was shown ("shown": what the patient sees, after the VM's
 * step, the sinks and the drawing). */
static int64_t redraw(Term *t) {
    int64_t next = -1;
    if (t->screen) {
        ScreenClock c = clock_now(t);
        screen_draw(t->screen, &c);
        next = screen_next_tick(&c);
    }
    if (t->unshown >= 0)
        log_timing(t, "shown", t->unshown);
    t->unshown = -1;
    return next;
}

/* ---- the terminal in plain mode -------------------------------------- */

/* Keys one at a time without echo, but ^C and ^Z still signal. */
static void plain_keys_raw(Term *t) {
    if (!t->stdin_tty || tcgetattr(STDIN_FILENO, &t->old_termios) != 0)
        return;
    t->termios_saved = true;
    struct termios raw = t->old_termios;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

static void plain_keys_restore(Term *t) {
    if (t->termios_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &t->old_termios);
}

static void show_help_line(void) {
    char keys[256];
    keys_help_line(keys, sizeof keys, ", ", false);
    printf("%s%s\n", WORDS_KEYS, keys);
    fflush(stdout);
}

/* ---- signals --------------------------------------------------------- */

/* Ctrl-Z: pause the session, give the terminal back, stop; on SIGCONT take
 * the terminal again and carry on where the patient was.
 *
 * Started through a wrapper (sh -c), the shell sees the job stop as soon
 * as the wrapper does and takes the terminal back, maybe before we gave it
 * up: giving it up is then a background write, which stops us (SIGTTOU)
 * until `fg` continues us.  That SIGCONT is pending (blocked) when we get
 * here, and means we were stopped and continued already: stopping again
 * would wait for a SIGCONT nobody sends. */
static void suspend(Term *t) {
    bool was_running = t->clock_started && (core_status(t->core) == VM_WAIT_TIME ||
                                            core_status(t->core) == VM_WAIT_KEY);
    if (was_running)
        step(t, VM_KEY_PAUSE);
    if (t->screen)
        screen_suspend(t->screen);
    else
        plain_keys_restore(t);
    fflush(stdout);
    sigset_t cont;
    sigemptyset(&cont);
    sigaddset(&cont, SIGCONT);
    const struct timespec zero = {0, 0};
    if (sigtimedwait(&cont, NULL, &zero) != SIGCONT)
        raise(SIGSTOP);
    if (t->screen)
        screen_resume(t->screen);
    else if (t->termios_saved)
        plain_keys_raw(t);
    if (was_running && core_status(t->core) == VM_PAUSED)
        step(t, VM_KEY_PAUSE);
}

/* SIGINT, SIGTERM, SIGHUP: the session ends, exit status 128 + signo. */
static void end_by_signal(Term *t, int signo) {
    core_interrupt(t->core, session_now(t), signo);
    t->stop = true;
}

static void handle_signals(Term *t) {
    struct signalfd_siginfo info;
    while (read(t->sig_fd, &info, sizeof info) == (ssize_t)sizeof info) {
        int signo = (int)info.ssi_signo;
        if (signo == SIGINT || signo == SIGTERM || signo == SIGHUP)
            end_by_signal(t, signo);
        else if (signo == SIGTSTP && !t->stop)
            suspend(t);
        else if (signo == SIGWINCH || signo == SIGCONT)
            screen_resize(t->screen);
        else if (signo == SIGCHLD)
            voice_reap(t->rig.voice);
    }
}

/* Never runs (SIGTSTP stays blocked); see signals_open. */
static void tstp_not_for_ncurses(int signo) {
    (void)signo;
}

/* Save what ncurses may change (it installs handlers where the disposition
 * is the default), then block our signals and read them from a signalfd.
 *
 * SIGTSTP gets a handler of ours first.  Finding SIG_DFL, ncurses would take
 * SIGTSTP over and set it to SIG_IGN during every refresh(), and setting
 * SIG_IGN discards a pending signal even when it is blocked (POSIX): a
 * Ctrl-Z that came while the screen was being drawn was lost.  Finding a
 * handler, ncurses leaves SIGTSTP alone.  (A handler, not SIG_IGN: an
 * ignored SIGTSTP would be inherited by the speech program.) */
static bool signals_open(Term *t) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_SIGNALS; i++) {
        sigaddset(&set, handled_signals[i]);
        sigaction(handled_signals[i], NULL, &t->old_actions[i]);
    }
    if (sigprocmask(SIG_BLOCK, &set, &t->old_mask) != 0)
        return false;
    struct sigaction tstp;
    memset(&tstp, 0, sizeof tstp);
    tstp.sa_handler = tstp_not_for_ncurses;
    sigemptyset(&tstp.sa_mask);
    sigaction(SIGTSTP, &tstp, NULL);
    t->mask_saved = true;
    t->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    return t->sig_fd >= 0;
}

/* Consume what is pending (so unblocking delivers nothing stale), put the
 * handlers and the mask back. */
static void signals_close(Term *t) {
    if (!t->mask_saved)
        return;
    for (size_t i = 0; i < N_SIGNALS; i++)
        sigaction(handled_signals[i], &t->old_actions[i], NULL);
    if (t->sig_fd >= 0) {
        struct signalfd_siginfo info;
        while (read(t->sig_fd, &info, sizeof info) == (ssize_t)sizeof info)
            ;
        close(t->sig_fd);
    }
    sigprocmask(SIG_SETMASK, &t->old_mask, NULL);
}

/* ---- keys ------------------------------------------------------------ */

/* ---- stages: the question asked during the session ------------------ */

/* Show the core's question when it changes (the screen's prompt line, or
 * a plain line). */
static void sync_prompt(Term *t) {
    SessionQuestion q = core_asking(t->core);
    if (q == t->shown_question)
        return;
    t->shown_question = q;
    const char *text = q == SESSION_ASK_NONE ? NULL
                                             : core_prompt(t->core, q, t->prompt, sizeof t->prompt);
    if (t->screen)
        screen_prompt(t->screen, text);
    else if (t->rig.text_lines && text)
        printf("%s\n", text), fflush(stdout);
}

static void press(Term *t, int ch) {
    /* On the full screen arrows are decoded, so capitals are safe there
     * (Caps Lock); raw bytes could be the tail of an escape sequence. */
    const SessionKey *key = keys_for_char(ch, t->screen != NULL);
    if (key == &session_keys[SESSION_KEY_HELP] && !core_asking_holds(t->core)) {
        if (t->screen)
            screen_toggle_help(t->screen);
        else if (t->rig.text_lines)
            show_help_line();
    } else {
        int typed = key && t->screen ? key->ch : ch;
        core_key(t->core, session_now(t), typed, true);
    }
    sync_prompt(t);
}

/* The input is gone: a terminal that goes away is a hang-up (the patient
 * did not decide to stop); a pipe or file just has no more keys. */
static void input_lost(Term *t) {
    t->stdin_open = false;
    if (t->stdin_tty)
        end_by_signal(t, SIGHUP);
}

/* The intro's prompt line: the question asked now (which side, then a
 * proposal left from an earlier session), after what was answered. */
static void intro_prompt(Term *t) {
    char asked[512], said[256];
    SessionQuestion q = core_start_question(t->core);
    const char *question = core_side_question(t->core) ? WORDS_ASK_SIDE
                           : q != SESSION_ASK_NONE ? core_prompt(t->core, q, asked, sizeof asked)
                                                   : core_start_said(t->core, said, sizeof said);
    snprintf(t->start_prompt, sizeof t->start_prompt, "%s%s%s", t->side_said,
             t->side_said[0] && question[0] ? " \u00b7 " : "", question);
    screen_prompt(t->screen, t->start_prompt[0] ? t->start_prompt : NULL);
}

/* The intro's answers (keys.h): which side is affected, then yes or no to
 * a proposal (the answers stay in the prompt's place).  True when the key
 * was such an answer. */
static bool intro_answer(Term *t, int ch) {
    SessionAnswer a = keys_answer(ch, true);
    if ((a == SESSION_ANSWER_LEFT || a == SESSION_ANSWER_RIGHT) && core_side_question(t->core)) {
        core_answer_side(t->core, ch, true);
        snprintf(t->side_said, sizeof t->side_said, WORDS_AFFECTED_SIDE,
                 keys_side_word(core_vm(t->core)->select.affected));
    } else if ((a == SESSION_ANSWER_YES || a == SESSION_ANSWER_NO) && core_start_question(t->core) != SESSION_ASK_NONE) {
        core_answer_start(t->core, ch, true);
    } else {
        return false;
    }
    intro_prompt(t);
    return true;
}

/* Keys on the full screen.  At the intro only Enter (*go) and q decide,
 * l and r answer which side is affected, y and n a proposal, and ?
 * helps: returns true once one decided. */
static bool read_screen_keys(Term *t, short revents, bool intro, bool *go) {
    int got = 0;
    for (int ch; got < KEYS_PER_WAKE && core_status(t->core) != VM_FINISHED &&
                 (ch = screen_read_key(t->screen)) != SCREEN_KEY_NONE; got++) {
        if (intro && intro_answer(t, ch))
            continue;
        const SessionKey *key = keys_for_char(ch, true);
        if (intro && key && (key->action == VM_KEY_DONE || key->action == VM_KEY_QUIT)) {
            *go = key->action == VM_KEY_DONE;
            return true;
        }
        if (!intro || key == &session_keys[SESSION_KEY_HELP])
            press(t, ch);
    }
    if (got > 0)
        t->idle_reads = 0;
    else if ((revents & (POLLHUP | POLLERR | POLLNVAL)) || ++t->idle_reads >= IDLE_READS_EOF)
        input_lost(t);
    return false;
}

static void read_plain_keys(Term *t) {
    unsigned char buf[KEYS_PER_WAKE];
    ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        input_lost(t);
        return;
    }
    ssize_t i = 0;
    while (i < got && core_status(t->core) != VM_FINISHED)
        press(t, buf[i++]);
    /* Keys after the end answer the question (a piped "p7": pain, 7). */
    t->n_pending = (size_t)(got - i);
    memcpy(t->pending, buf + i, t->n_pending);
}

/* ---- beeps and the timing log ----------------------------------------- */

/* Session time of the next beep of the hold in progress, or -1. */
static int64_t next_beep(const Term *t) {
    const Vm *vm = core_vm(t->core);
    if (!t->beep || core_status(t->core) != VM_WAIT_TIME || vm->activity != ACT_HOLD)
        return -1;
    return voice_next_beep(vm->activity_start, vm->deadline, t->last_beep);
}

static int64_t earliest(int64_t a, int64_t b) {
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* --timing-log: what a wake-up for session time `ms` was planned at and
 * when it happened, in ns since T0, and on a step the CPU time the process
 * (all its threads) has used so far, in ns (make bench: CPU per session
 * minute without the start and the end), else "-": reading that clock is
 * a system call, and the log should not cost the CPU it measures.
 * `what`: step, tick (a second of the countdown), beep, or shown (the
 * screen drawn after the last of them). */
static void log_timing(Term *t, const char *what, int64_t ms) {
    if (!t->timing || ferror(t->timing)) /* a failed log is said by its owner */
        return;
    if (strcmp(what, "shown") != 0)
        t->unshown = ms;
    long long planned = wake_ns(t, ms) - t->t0_ns, woken = mono_ns() - t->t0_ns;
    if (strcmp(what, "step") != 0) {
        fprintf(t->timing, "%s %lld %lld %lld -\n", what, (long long)ms, planned, woken);
        return;
    }
    struct timespec cpu;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    fprintf(t->timing, "%s %lld %lld %lld %lld\n", what, (long long)ms, planned, woken,
            (long long)cpu.tv_sec * 1000000000 + cpu.tv_nsec);
}

static void ring_if_due(Term *t) {
    int64_t beep = next_beep(t);
    if (beep < 0 || session_now(t) < beep)
        return;
    log_timing(t, "beep", beep);
    t->last_beep = beep;
    if (t->bell_fd >= 0) {
        ssize_t ignored = write(t->bell_fd, "\a", 1);
        (void)ignored; /* a bell that cannot ring is no reason to stop */
    }
}

/* ---- the loop -------------------------------------------------------- */

/* Arm the timer for the earlier of the core's deadline and `tick`; disarm
 * it when neither exists (paused, or waiting for a key). */
static bool arm_timer(Term *t, int64_t tick) {
    SessionNeed need = core_need(t->core);
    int64_t wake = earliest(need.kind == SESSION_NEED_TIME ? need.deadline : -1, tick);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    if (wake >= 0) {
        int64_t ns = wake_ns(t, wake);
        its.it_value.tv_sec = (time_t)(ns / 1000000000);
        its.it_value.tv_nsec = (long)(ns % 1000000000);
        if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
            its.it_value.tv_nsec = 1; /* zero would disarm */
    }
    return timerfd_settime(t->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) == 0;
}

/* Wait for a signal, the timer or a key; false on an error of poll. */
static bool wait_events(Term *t, struct pollfd fds[3]) {
    fds[0] = (struct pollfd){.fd = t->sig_fd, .events = POLLIN};
    fds[1] = (struct pollfd){.fd = t->clock_started ? t->timer_fd : -1, .events = POLLIN};
    fds[2] = (struct pollfd){.fd = t->stdin_open ? STDIN_FILENO : -1, .events = POLLIN};
    if (poll(fds, 3, -1) < 0)
        return errno == EINTR;
    if (fds[0].revents)
        handle_signals(t);
    /* The timer is not read: arm_timer() sets it before every poll(), and
     * setting a timerfd clears its expirations (a system call less a
     * second). */
    return true;
}

static void fail(Term *t) {
    core_fail(t->core, session_now(t));
    t->stop = true;
}

static void wake(Term *t) {
    struct pollfd fds[3];
    int64_t tick = earliest(redraw(t), next_beep(t));
    if (!arm_timer(t, tick) || !wait_events(t, fds)) {
        fail(t);
        return;
    }
    if (fds[1].revents && tick >= 0 && session_now(t) >= tick)
        log_timing(t, "tick", tick); /* the countdown's second, or a beep */
    if (!fds[2].revents || t->stop)
        return;
    bool go;
    if (t->screen)
        read_screen_keys(t, fds[2].revents, false, &go);
    else
        read_plain_keys(t);
}

/* A wait that can never end without input: with no input left, the
 * session cannot go on, so it ends as a quit rather than hang. */
static bool stuck(const Term *t) {
    return !t->stdin_open && core_need(t->core).kind == SESSION_NEED_KEY;
}

/* The last screen says how it ended ("Well done"): it stays until a key
 * (left for the question) or a few seconds, so that it is seen. */
static void show_the_end(Term *t) {
    redraw(t);
    if (!t->screen || t->stop || core_outcome(t->core) != SESSION_COMPLETED || !t->stdin_open)
        return;
    struct pollfd fds[2] = {{.fd = t->sig_fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
    if (poll(fds, 2, WELL_DONE_MS) > 0 && fds[0].revents)
        handle_signals(t);
}

static void run_loop(Term *t) {
    core_start(t->core, t->last_now);
    while (core_status(t->core) != VM_FINISHED && !t->stop) {
        wake(t);
        ring_if_due(t);
        SessionNeed need = core_need(t->core);
        if (need.kind == SESSION_NEED_TIME && session_now(t) >= need.deadline) {
            log_timing(t, "step", need.deadline);
            step(t, VM_KEY_NONE);
        }
        sync_prompt(t);
        if (stuck(t) && !t->stop)
            step(t, VM_KEY_QUIT);
        if (t->rig.lines.failed && !t->stop)
            fail(t);
    }
    show_the_end(t);
}

/* ---- the calm start ---------------------------------------------------- */

static void intro_text(void *ctx, const VmEvent *ev) {
    screen_intro_event(ctx, ev);
}

/* Show the intro and wait: true when the patient pressed Enter, false
 * when they leave (q, a signal that ends, the terminal gone).  Ctrl-Z and
 * resizing work as in the session. */
static bool wait_for_start(Term *t) {
    const ScreenClock idle = {.status = VM_WAIT_KEY, .activity = ACT_NONE};
    const Program *p = core_vm(t->core)->program;
    bool go = false;
    screen_intro_begin(t->screen, vm_title(p), t->core->resuming);
    vm_intro(p, intro_text, t->screen);
    intro_prompt(t);
    while (!t->stop) {
        struct pollfd fds[3];
        screen_draw(t->screen, &idle);
        if (!wait_events(t, fds))
            fail(t);
        else if (fds[2].revents && !t->stop && read_screen_keys(t, fds[2].revents, true, &go))
            break;
    }
    screen_intro_end(t->screen);
    screen_prompt(t->screen, NULL);
    core_answer_side(t->core, -1, false); /* Enter without l or r: not now */
    core_answer_start(t->core, -1, false); /* nor y or n: asked again at the end */
    return go && !t->stop;
}

static int answer_key(void *ctx);

/* Plain lines: which side is affected, asked once before the start (a
 * key from the terminal, or the first one piped). */
static void ask_side_plain(Term *t) {
    if (!core_side_question(t->core))
        return;
    FILE *out = rig_talk(&t->rig);
    fprintf(out, "%s ", WORDS_ASK_SIDE);
    fflush(out);
    int answered;
    while ((answered = core_answer_side(t->core, answer_key(t), t->stdin_tty)) < 0)
        ;
    Side side = core_vm(t->core)->select.affected;
    fprintf(out, "%s\n", answered ? keys_side_word(side) : WORDS_SKIPPED);
    fflush(out);
}

/* Plain lines: a proposal left from an earlier session, asked once
 * before the start (after which side is affected). */
static void ask_start_plain(Term *t) {
    SessionQuestion q = core_start_question(t->core);
    if (q == SESSION_ASK_NONE)
        return;
    FILE *out = rig_talk(&t->rig);
    char words[512];
    fprintf(out, "%s ", core_prompt(t->core, q, words, sizeof words));
    fflush(out);
    int answered;
    while ((answered = core_answer_start(t->core, answer_key(t), t->stdin_tty)) < 0)
        ;
    fprintf(out, "%s\n", answered ? core_start_said(t->core, words, sizeof words) : WORDS_SKIPPED);
    fflush(out);
}

/* The calm start; false when the patient left before starting. */
static bool begin(Term *t) {
    if (t->screen && !wait_for_start(t)) {
        if (core_status(t->core) != VM_FINISHED)
            core_leave(t->core, t->last_now);
        return false;
    }
    if (!t->screen) {
        ask_side_plain(t);
        ask_start_plain(t);
    }
    if (!t->screen && t->rig.text_lines && t->stdin_tty)
        show_help_line(); /* plain lines on a terminal: the keys, once */
    ask_short_slices();
    start_clock(t);
    return true;
}

/* ---- after the end: the question ----------------------------------- */

/* One answer key: what was piped after the end, else from standard input
 * (a terminal is waited for; a pipe that is still open, briefly).
 * -1: no answer (end of input, a signal, the wait ran out). */
static int answer_key(void *ctx) {
    Term *t = ctx;
    if (t->pending_at < t->n_pending)
        return t->pending[t->pending_at++];
    if (!t->stdin_open)
        return -1;
    struct pollfd fds[2] = {{.fd = t->sig_fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
    unsigned char c;
    if (poll(fds, 2, t->stdin_tty ? ANSWER_WAIT_MS : ANSWER_PIPE_WAIT_MS) <= 0 || fds[0].revents ||
        read(STDIN_FILENO, &c, 1) != 1)
        return -1;
    return c;
}

/* The screen is gone by now: the question uses plain lines. */
static void conclude(Term *t) {
    if (t->screen) {
        screen_close(t->screen);
        t->screen = NULL;
    }
    if (t->stdin_tty && !t->termios_saved && core_question(t->core) != SESSION_ASK_NONE)
        plain_keys_raw(t);
    rig_ask(&t->rig, answer_key, t, t->stdin_tty);
}

/* ---- setting up and tearing down ------------------------------------- */

/* Full screen only when both ends are a terminal, the output is not
 * already taken by JSON (--events -), and TERM is usable. */
static void choose_output(Term *t, const SessionOptions *o) {
    bool tty = t->stdin_tty && isatty(STDOUT_FILENO);
    bool json_on_stdout = o->events == stdout;
    if (tty && !o->plain && !json_on_stdout) {
        t->screen = screen_open(stdin, stdout);
        if (!t->screen)
            safe_text_printf(stderr, "routinec: %s: %s\n", o->routine_path ? o->routine_path : "session",
                    WORDS_NO_FULL_SCREEN);
    }
    t->had_screen = t->screen != NULL;
    if (!t->screen)
        plain_keys_raw(t);
    if (t->screen)
        core_add_sink(t->core, (SessionSink){screen_sink_event, t->screen});
}

static int term_open(Term *t, const Program *program, const VmSelection *select,
                     const SessionOptions *o) {
    int status = rig_open(&t->rig, program, select, o);
    t->core = &t->rig.core;
    if (status)
        return status;
    t->timing = o->timing_log;
    if (!signals_open(t))
        return EXIT_IO;
    t->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (t->timer_fd < 0)
        return EXIT_IO;
    t->beep = o->beep || o->voice;
    t->bell_fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
    t->last_beep = -1;
    choose_output(t, o);
    t->last_now = 0;
    status = rig_attach(&t->rig, !t->screen && o->events != stdout);
    t->last_now = core_start_time(t->core);
    return status;
}

/* The terminal first, so that what rig_close says is seen. */
static int term_close(Term *t) {
    if (t->screen)
        screen_close(t->screen);
    plain_keys_restore(t);
    if (t->timer_fd >= 0)
        close(t->timer_fd);
    int status = rig_close(&t->rig); /* stops the writer thread, then... */
    signals_close(t);                /* ...signals may be unblocked */
    return status;
}

int session_run(const Program *program, const VmSelection *select,
                const SessionOptions *options) {
    Term *t = calloc(1, sizeof *t);
    if (!t)
        return EXIT_IO;
    t->sig_fd = t->timer_fd = t->bell_fd = -1;
    t->unshown = -1;
    t->speed = options->speed > 0 && options->speed < 1e9 ? options->speed : 1.0;
    t->stdin_tty = isatty(STDIN_FILENO);
    t->stdin_open = true;
    int status = term_open(t, program, select, options);
    if (!status && begin(t)) {
        run_loop(t);
        conclude(t);
    }
    int result = term_close(t);
    free(t);
    return status ? status : result;
}
