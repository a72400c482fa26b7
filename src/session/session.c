/*
 * session.c -- the real-clock driver: monotonic time, keys, signals.
 *
 * One loop, one poll() on three descriptors:
 *
 *     signalfd   SIGINT SIGTERM SIGHUP (end), SIGTSTP (suspend), SIGCONT,
 *                SIGWINCH (redraw), SIGCHLD (speech finished: reap it).  The signals are blocked and read as
 *                data, so no handler runs and no global flag is needed.
 *     timerfd    armed with an absolute CLOCK_MONOTONIC time: the VM's
 *                deadline, or the next second the countdown shows.
 *     stdin      the keys (while it lasts).
 *
 * Time.  The session starts at monotonic T0.  Session time (what the VM
 * calls `now`, in ms) is (T - T0) * speed; a VM deadline d is woken at
 * T0 + d / speed.  Both are computed from T0 every time, never added up,
 * so a late wake-up never delays the next one.  While the VM is paused
 * nothing is armed; the VM moves its own deadlines on resume.
 *
 * A calm start.  On the full screen the session first shows the routine's
 * title, notes and safety notes and waits for Enter: the clock (T0) starts
 * then, so the patient can read without the get-ready running.  q (or a
 * signal that ends) leaves from there with a start, quit and end event.
 * Plain lines start at once: pipes and tests rely on it.
 *
 * Every way out (end, quit, signal, error) goes through session_close(),
 * which gives the terminal back as it was.
 *
 * Around the VM: every event also goes to the progress record (the history
 * and the journal for --resume, progress.h) and to the voice; with beeps,
 * the timer also wakes at the last three seconds of a hold.  At a pain stop
 * (and at the end of a completed session) the patient is asked one single
 * key question, on the terminal given back by the screen.  The answer is an
 * event too, and the stream must still finish with EV_END: so EV_END's JSON
 * line is held back (Session.end) until the questions are over.
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
#include <sys/timerfd.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "json.h"
#include "progress.h"
#include "screen.h"
#include "voice.h"

#define NS_PER_MS 1000000.0
#define KEYS_PER_WAKE 64    /* a burst of keys is read in slices */
#define IDLE_READS_EOF 3    /* "readable" with no key this often: input gone */
#define LOOKAHEAD_LIMIT 100000u
#define MAX_SAFETY_TEXTS 16  /* shown again after a pain stop */
#define ANSWER_WAIT_MS 60000 /* a question on a terminal waits this long */
#define ANSWER_PIPE_WAIT_MS 2000 /* and on a pipe still open (a test, a helper) */

enum { EXIT_DONE = 0, EXIT_IO = 3, EXIT_QUIT = 4, EXIT_PAIN = 5, EXIT_USAGE = 2 };

static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH, SIGCHLD};
#define N_SIGNALS (sizeof handled_signals / sizeof handled_signals[0])

typedef struct {
    Vm vm;
    bool vm_ready;
    bool clock_started; /* the intro is over: T0 is set and the VM runs */
    VmStatus status;
    double speed;
    int64_t t0_ns, last_now;

    Screen *screen;   /* NULL: plain lines (or JSON only) */
    bool text_lines;  /* plain mode prints events_text_line to stdout */
    FILE *events;

    int sig_fd, timer_fd;
    bool mask_saved;
    sigset_t old_mask;
    struct sigaction old_actions[N_SIGNALS];

    bool stdin_open, stdin_tty, termios_saved;
    struct termios old_termios;
    int idle_reads;

    bool stop;        /* leave the loop (after a signal or an input loss) */
    int exit_signal;  /* 128+N, or 0 */
    bool io_error, saw_pain, completed;

    bool next_stale;  /* recompute what comes after this exercise */
    const char *next_name;
    bool next_is_end;

    ProgressSetup setup;  /* the store, and the journal when resuming */
    Progress *progress;
    Voice *voice;
    bool beep;
    int bell_fd;          /* where a beep goes (a terminal), or -1 */
    int64_t last_beep;    /* session ms of the last beep */
    FILE *timing;         /* --timing-log */
    bool had_screen;
    int64_t end_t;        /* session time of EV_END */
    VmEvent end;          /* EV_END, written last (after the answers) */
    bool end_held;
    const char *safety[MAX_SAFETY_TEXTS];
    uint32_t n_safety;
    /* Piped keys read after the end: they answer the questions. */
    unsigned char pending[KEYS_PER_WAKE];
    size_t n_pending, pending_at;
} Session;

/* ---- time ------------------------------------------------------------ */

static int64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Monotonic time at which session time `ms` begins (rounded up, so that
 * at that instant the session clock has reached `ms`). */
static int64_t wake_ns(const Session *s, int64_t ms) {
    double ns = (double)ms * NS_PER_MS / s->speed;
    if (ns > (double)(INT64_MAX / 4))
        return INT64_MAX / 4;
    int64_t whole = (int64_t)ns;
    return s->t0_ns + whole + ((double)whole < ns);
}

/* Session time now, in ms: never earlier than the last call, and at least
 * the VM's deadline once the deadline's wake time has passed (so rounding
 * can never make a due step look early). */
static int64_t session_now(Session *s) {
    int64_t t = mono_ns();
    double ms = (double)(t - s->t0_ns) * s->speed / NS_PER_MS;
    int64_t now = ms < (double)(INT64_MAX / 4) ? (int64_t)ms : INT64_MAX / 4;
    if (s->status == VM_WAIT_TIME && now < s->vm.deadline && t >= wake_ns(s, s->vm.deadline))
        now = s->vm.deadline;
    if (now < s->last_now)
        now = s->last_now;
    s->last_now = now;
    return now;
}

/* Before the clock starts (the intro) the VM does not run: what would
 * step it there (a signal, the input gone) only makes the intro leave. */
static void step(Session *s, VmKey key) {
    if (s->status == VM_FINISHED || !s->clock_started)
        return;
    s->status = vm_step(&s->vm, session_now(s), key);
}

/* ---- events ---------------------------------------------------------- */

static void find_next_exercise(Session *s);

static void remember_safety(Session *s, const char *text) {
    for (uint32_t i = 0; i < s->n_safety; i++)
        if (s->safety[i] == text)
            return;
    if (text && s->n_safety < MAX_SAFETY_TEXTS)
        s->safety[s->n_safety++] = text;
}

/* The voice says the event, and at the last rep of an exercise, what
 * comes next. */
static void speak(Session *s, const VmEvent *ev) {
    char phrase[VOICE_PHRASE_MAX], with_next[VOICE_PHRASE_MAX + 64];
    if (!s->voice || !voice_phrase(ev, phrase, sizeof phrase))
        return;
    if (ev->kind == EV_REP && progress_last_rep(s->progress)) {
        if (s->next_stale)
            find_next_exercise(s);
        if (s->next_name)
            snprintf(with_next, sizeof with_next, "%s, last one. Next: %s", phrase, s->next_name);
        else
            snprintf(with_next, sizeof with_next, "%s, last one", phrase);
        voice_say(s->voice, with_next);
        return;
    }
    voice_say(s->voice, phrase);
}

static void write_json(Session *s, const VmEvent *ev) {
    if (!s->events)
        return;
    events_json_line(ev, s->events);
    fflush(s->events);
}

/* Everything that shows an event (also the ones a resume shows again).
 * EV_END's JSON line waits for the answers to the questions (write_end). */
static void show_event(Session *s, const VmEvent *ev) {
    if (ev->kind == EV_END) {
        s->end = *ev;
        s->end_held = true;
    } else {
        write_json(s, ev);
    }
    if (s->screen)
        screen_event(s->screen, ev);
    if (s->text_lines) {
        events_text_line(ev, stdout);
        if (fflush(stdout) != 0 || ferror(stdout))
            s->io_error = true;
    }
    speak(s, ev);
}

static void on_event(void *ctx, const VmEvent *ev) {
    Session *s = ctx;
    if (ev->kind == EV_PAIN)
        s->saw_pain = true;
    if (ev->kind == EV_END) {
        s->completed = ev->completed;
        s->end_t = ev->t;
    }
    if (ev->kind == EV_SAFETY)
        remember_safety(s, ev->text);
    if (ev->kind == EV_EXERCISE || ev->kind == EV_SKIP || ev->kind == EV_BACK)
        s->next_stale = true;
    progress_event(s->progress, &s->vm, ev);
    show_event(s, ev);
}

/* An event the VM has no kind for (pain_rating, difficulty, resumed):
 * one JSON line in the same shape, at the session time `t`. */
static void extra_event(Session *s, int64_t t, const char *name, const char *key,
                        const char *text, long long number) {
    if (!s->events)
        return;
    fprintf(s->events, "{\"t\":%lld,\"ev\":\"%s\",\"%s\":", (long long)t, name, key);
    if (text)
        json_write_string(s->events, text);
    else
        fprintf(s->events, "%lld", number);
    fputs("}\n", s->events);
    fflush(s->events);
}

/* ---- what comes next ------------------------------------------------- */

static bool level_excludes(const Vm *vm, uint32_t level) {
    return vm->select.level && level != OPERAND_NONE &&
           strcmp(program_string(vm->program, level), vm->select.level) != 0;
}

/* Follow one instruction of the look-ahead walk the way the VM would with
 * no keys pressed.  Returns the next pc, or OPERAND_NONE to stop. */
static uint32_t walk_insn(const Vm *vm, const Insn *in, uint32_t pc, VmLoop *loops,
                          uint32_t *n) {
    const uint32_t *a = in->operand;
    uint32_t step = vm->select.step ? vm->select.step : 1;
    switch (in->op) {
    case OP_SECTION:
        if (vm->select.section)
            return OPERAND_NONE; /* the section filter is the VM's business */
        return level_excludes(vm, a[1]) ? a[2] : pc + in->length;
    case OP_END_SECTION:
        return vm->select.section ? OPERAND_NONE : pc + in->length;
    case OP_LOOP:
        if (*n >= MAX_LOOP_DEPTH)
            return OPERAND_NONE;
        loops[(*n)++] = (VmLoop){pc + in->length, a[0], 0};
        return pc + in->length;
    case OP_END_LOOP:
        if (*n == 0)
            return OPERAND_NONE;
        if (++loops[*n - 1].index < loops[*n - 1].count)
            return loops[*n - 1].body;
        (*n)--;
        return pc + in->length;
    case OP_IF_VARIANT: {
        const char *chosen = vm->select.variant ? vm->select.variant : "";
        return strcmp(program_string(vm->program, a[0]), chosen) == 0 ? pc + in->length : a[1];
    }
    case OP_IF_STEP:
        return a[0] <= step && step <= a[1] ? pc + in->length : a[2];
    case OP_JUMP:
        return a[0];
    default:
        return pc + in->length;
    }
}

/* The exercise that plays after the current one, found by walking the
 * code from the end of this exercise. */
static void find_next_exercise(Session *s) {
    const Vm *vm = &s->vm;
    const Program *p = vm->program;
    VmLoop loops[MAX_LOOP_DEPTH];
    uint32_t n = vm->in_exercise ? vm->exercise_loops : vm->n_loops;
    if (n > vm->n_loops)
        n = vm->n_loops;
    memcpy(loops, vm->loops, n * sizeof loops[0]);
    uint32_t pc = vm->in_exercise ? vm->exercise_end : vm->pc;
    s->next_name = NULL;
    s->next_is_end = false;
    s->next_stale = false;
    for (uint32_t budget = 0; budget < LOOKAHEAD_LIMIT && pc != OPERAND_NONE; budget++) {
        Insn in;
        if (!insn_decode(p->code, p->code_len, pc, &in))
            return;
        if (in.op == OP_EXERCISE) {
            s->next_name = program_string(p, in.operand[0]);
            return;
        }
        if (in.op == OP_END) {
            s->next_is_end = true;
            return;
        }
        pc = walk_insn(vm, &in, pc, loops, &n);
    }
}

/* ---- drawing and the timer ------------------------------------------- */

static ScreenClock clock_now(Session *s) {
    const Vm *vm = &s->vm;
    if (s->next_stale && s->status != VM_FINISHED)
        find_next_exercise(s);
    return (ScreenClock){
        .now = session_now(s),
        .status = s->status,
        .activity = vm->activity,
        .hold = vm->hold,
        .deadline = vm->deadline,
        .activity_start = vm->activity_start,
        .remaining_when_paused = vm->remaining_when_paused,
        .paused_at = vm->paused_at,
        .paused = s->status == VM_PAUSED,
        .next_exercise = s->status == VM_FINISHED ? NULL : s->next_name,
        .next_is_end = s->status != VM_FINISHED && s->next_is_end,
    };
}

/* Bring the screen up to date; returns when it next needs a redraw
 * (session ms), or -1. */
static int64_t redraw(Session *s) {
    if (!s->screen)
        return -1;
    ScreenClock c = clock_now(s);
    screen_draw(s->screen, &c);
    return screen_next_tick(&c);
}

/* Arm the timer for the earlier of the VM's deadline and `tick`; disarm
 * it when neither exists (paused, or waiting for a key). */
static bool arm_timer(Session *s, int64_t tick) {
    int64_t wake = s->status == VM_WAIT_TIME ? s->vm.deadline : -1;
    if (tick >= 0 && (wake < 0 || tick < wake))
        wake = tick;
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    if (wake >= 0) {
        int64_t ns = wake_ns(s, wake);
        its.it_value.tv_sec = (time_t)(ns / 1000000000);
        its.it_value.tv_nsec = (long)(ns % 1000000000);
        if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
            its.it_value.tv_nsec = 1; /* zero would disarm */
    }
    return timerfd_settime(s->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) == 0;
}

/* ---- the terminal in plain mode -------------------------------------- */

/* Keys one at a time without echo, but ^C and ^Z still signal. */
static void plain_keys_raw(Session *s) {
    if (!s->stdin_tty || tcgetattr(STDIN_FILENO, &s->old_termios) != 0)
        return;
    s->termios_saved = true;
    struct termios raw = s->old_termios;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

static void plain_keys_restore(Session *s) {
    if (s->termios_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &s->old_termios);
}

static void release_terminal(Session *s) {
    if (s->screen)
        screen_suspend(s->screen);
    else
        plain_keys_restore(s);
    fflush(stdout);
}

static void take_terminal(Session *s) {
    if (s->screen)
        screen_resume(s->screen);
    else if (s->termios_saved)
        plain_keys_raw(s);
}

/* ---- signals --------------------------------------------------------- */

static void end_by_signal(Session *s, int signo) {
    if (!s->exit_signal)
        s->exit_signal = 128 + signo;
    step(s, VM_KEY_QUIT);
    s->stop = true;
}

/* Ctrl-Z: pause the session, give the terminal back, stop; on SIGCONT take
 * the terminal again and carry on where the patient was. */
static void suspend(Session *s) {
    bool was_running = s->clock_started &&
                       (s->status == VM_WAIT_TIME || s->status == VM_WAIT_KEY);
    if (was_running)
        step(s, VM_KEY_PAUSE);
    release_terminal(s);
    raise(SIGSTOP);
    take_terminal(s);
    if (was_running && s->status == VM_PAUSED)
        step(s, VM_KEY_PAUSE);
}

static void handle_signals(Session *s) {
    struct signalfd_siginfo info;
    while (read(s->sig_fd, &info, sizeof info) == (ssize_t)sizeof info) {
        int signo = (int)info.ssi_signo;
        if (signo == SIGINT || signo == SIGTERM || signo == SIGHUP)
            end_by_signal(s, signo);
        else if (signo == SIGTSTP && !s->stop)
            suspend(s);
        else if (signo == SIGWINCH || signo == SIGCONT)
            screen_resize(s->screen);
        else if (signo == SIGCHLD)
            voice_reap(s->voice);
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
static bool signals_open(Session *s) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_SIGNALS; i++) {
        sigaddset(&set, handled_signals[i]);
        sigaction(handled_signals[i], NULL, &s->old_actions[i]);
    }
    if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) != 0)
        return false;
    struct sigaction tstp;
    memset(&tstp, 0, sizeof tstp);
    tstp.sa_handler = tstp_not_for_ncurses;
    sigemptyset(&tstp.sa_mask);
    sigaction(SIGTSTP, &tstp, NULL);
    s->mask_saved = true;
    s->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    return s->sig_fd >= 0;
}

/* Consume what is pending (so unblocking delivers nothing stale), put the
 * handlers and the mask back. */
static void signals_close(Session *s) {
    if (!s->mask_saved)
        return;
    for (size_t i = 0; i < N_SIGNALS; i++)
        sigaction(handled_signals[i], &s->old_actions[i], NULL);
    if (s->sig_fd >= 0) {
        struct signalfd_siginfo info;
        while (read(s->sig_fd, &info, sizeof info) == (ssize_t)sizeof info)
            ;
        close(s->sig_fd);
    }
    sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
}

/* ---- keys ------------------------------------------------------------ */

static VmKey key_for(int ch) {
    switch (ch) {
    case ' ': return VM_KEY_PAUSE;
    case 'n': return VM_KEY_NEXT;
    case 'b': return VM_KEY_BACK;
    case 'q': return VM_KEY_QUIT;
    case 'p': return VM_KEY_PAIN;
    case '\n': case '\r': return VM_KEY_DONE;
    default: return VM_KEY_NONE;
    }
}

static void show_help_line(void) {
    fputs("keys: space pause, n next, b back, q quit, p pain, Enter done, ? help\n", stdout);
    fflush(stdout);
}

static void press(Session *s, int ch) {
    if (ch == '?') {
        if (s->screen)
            screen_toggle_help(s->screen);
        else if (s->text_lines)
            show_help_line();
        return;
    }
    /* On the full screen arrows are decoded, so capitals are safe there
     * (Caps Lock); raw bytes could be the tail of an escape sequence. */
    if (s->screen && ch >= 'A' && ch <= 'Z')
        ch += 'a' - 'A';
    VmKey key = key_for(ch);
    if (key != VM_KEY_NONE)
        step(s, key);
}

/* The input is gone: a terminal means the patient is gone (a quit); a pipe
 * or file just has no more keys. */
static void input_lost(Session *s, bool error) {
    s->stdin_open = false;
    if (!s->stdin_tty)
        return;
    if (error)
        s->io_error = true;
    step(s, VM_KEY_QUIT);
    s->stop = true;
}

static void read_screen_keys(Session *s, short revents) {
    int got = 0;
    for (int ch; got < KEYS_PER_WAKE && s->status != VM_FINISHED &&
                 (ch = screen_read_key(s->screen)) != SCREEN_KEY_NONE;
         got++)
        press(s, ch);
    if (got > 0)
        s->idle_reads = 0;
    else if ((revents & (POLLHUP | POLLERR | POLLNVAL)) || ++s->idle_reads >= IDLE_READS_EOF)
        input_lost(s, (revents & (POLLERR | POLLNVAL)) != 0);
}

static void read_plain_keys(Session *s) {
    unsigned char buf[KEYS_PER_WAKE];
    ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        input_lost(s, got < 0);
        return;
    }
    ssize_t i = 0;
    while (i < got && s->status != VM_FINISHED)
        press(s, buf[i++]);
    /* Keys after the end answer the questions (a piped "p7": pain, 7). */
    s->n_pending = (size_t)(got - i);
    memcpy(s->pending, buf + i, s->n_pending);
}

/* ---- setting up and tearing down ------------------------------------- */

/* Full screen only when both ends are a terminal, the output is not
 * already taken by JSON (--events -), and TERM is usable. */
static void choose_output(Session *s, const SessionOptions *o) {
    bool tty = s->stdin_tty && isatty(STDOUT_FILENO);
    bool json_on_stdout = o->events == stdout;
    if (tty && !o->plain && !json_on_stdout) {
        s->screen = screen_open(stdin, stdout);
        if (!s->screen)
            fprintf(stderr, "routinec: %s: this terminal cannot show the full screen "
                            "(check TERM); showing plain lines\n",
                    o->routine_path ? o->routine_path : "session");
    }
    s->text_lines = !s->screen && !json_on_stdout;
    if (!s->screen)
        plain_keys_raw(s);
}

/* ---- resuming ------------------------------------------------------- */

/* The safety notes of the part already played: shown again at a pain stop
 * even though this process never saw their events. */
static void safety_before(Session *s, uint32_t end_pc) {
    const Program *p = s->vm.program;
    Insn in;
    for (uint32_t pc = 0; pc < end_pc && insn_decode(p->code, p->code_len, pc, &in); pc += in.length)
        if (in.op == OP_SAFETY)
            remember_safety(s, program_string(p, in.operand[0]));
}

/* The EV_START the VM sends first, made by the session where the VM does
 * not send it (a resumed session, one left before it began). */
static void show_start(Session *s, int64_t t) {
    const Program *p = s->vm.program;
    Insn in;
    VmEvent ev = {.kind = EV_START, .t = t, .pc = 0};
    if (insn_decode(p->code, p->code_len, 0, &in) && in.op == OP_ROUTINE)
        ev.text = program_string(p, in.operand[0]);
    show_event(s, &ev);
}

/* The "resumed" JSON line, and the same in words on plain lines. */
static void show_resumed(Session *s, int64_t t) {
    if (s->events) {
        fprintf(s->events, "{\"t\":%lld,\"ev\":\"resumed\",\"session\":%lld,\"reps_done\":%llu}\n",
                (long long)t, (long long)progress_session(s->progress),
                (unsigned long long)progress_reps_done(s->progress));
        fflush(s->events);
    }
    if (s->text_lines) {
        VmEvent said = {.kind = EV_NOTE, .t = t, .text = "Continuing where you left off."};
        events_text_line(&said, stdout);
    }
}

/* What the screen and the event stream need to pick up the thread: the
 * routine's title, a "resumed" line and the exercise the session is in. */
static void show_context(Session *s) {
    const Vm *vm = &s->vm;
    const Program *p = vm->program;
    Insn in;
    show_start(s, vm->now_logical);
    show_resumed(s, vm->now_logical);
    if (!vm->in_exercise || !insn_decode(p->code, p->code_len, vm->exercise_pc, &in))
        return;
    VmEvent ev = {.kind = EV_EXERCISE, .t = vm->now_logical, .pc = vm->exercise_pc};
    ev.text = program_string(p, in.operand[0]);
    ev.detail = in.operand[1] == OPERAND_NONE ? NULL : program_string(p, in.operand[1]);
    ev.variant = in.operand[2] == OPERAND_NONE ? NULL : program_string(p, in.operand[2]);
    ev.section = vm->exercise_sections > 0
                     ? program_string(p, vm->sections[vm->exercise_sections - 1].name)
                     : "";
    progress_continue_in(s->progress, &ev);
    s->next_stale = true;
    show_event(s, &ev);
}

/* Put the VM where the journal says; a snapshot that does not fit the
 * program is refused (the hash matched, so the journal is damaged). */
static bool restore(Session *s, const SessionOptions *o, int *status) {
    const StorePosition *pos = &s->setup.journal.position;
    const char *why = NULL;
    if (!pos->has_snapshot)
        return true; /* saved before the first rep: start from the top */
    if (!vm_restore(&s->vm, &pos->snap, &why)) {
        fprintf(stderr, "routinec: %s: the saved session cannot be continued: %s; "
                        "start it again without --resume\n",
                o->routine_path ? o->routine_path : "session", why);
        *status = 1;
        return false;
    }
    s->last_now = pos->snap.now;
    safety_before(s, pos->snap.pc);
    return true;
}

/* ---- setting up and tearing down ------------------------------------- */

static void open_cues(Session *s, const SessionOptions *o) {
    char why[300];
    if (o->voice || o->voice_command) {
        s->voice = voice_open(o->voice_command, why, sizeof why);
        if (!s->voice)
            fprintf(stderr, "routinec: --voice: %s\n", why);
    }
    s->beep = o->beep || o->voice;
    s->bell_fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
    s->last_beep = -1;
}

static bool open_timing_log(Session *s, const SessionOptions *o) {
    if (!o->timing_log)
        return true;
    s->timing = fopen(o->timing_log, "w");
    if (!s->timing)
        fprintf(stderr, "routinec: cannot write the timing log \"%s\": %s\n", o->timing_log,
                strerror(errno));
    return s->timing != NULL;
}

static bool session_open(Session *s, const Program *program, const VmSelection *select,
                         const SessionOptions *o, int *status) {
    const char *why = NULL;
    *status = progress_setup(&s->setup, o->state_dir, !o->no_history, o->resume,
                             o->routine_path ? o->routine_path : "session", program, select);
    if (*status)
        return false;
    select = &s->setup.select;
    if (!vm_init(&s->vm, program, select, on_event, s, &why)) {
        fprintf(stderr, "routinec: %s: %s\n", o->routine_path ? o->routine_path : "session",
                why ? why : "out of memory");
        *status = why ? EXIT_USAGE : EXIT_IO;
        vm_free(&s->vm); /* a failed vm_init still owns `why` */
        return false;
    }
    s->vm_ready = true;
    if (s->setup.resuming && !restore(s, o, status))
        return false;
    *status = EXIT_IO;
    s->progress = progress_open(s->setup.store, program, select, s->setup.path,
                                s->setup.resuming ? &s->setup.journal : NULL);
    if (!s->progress || !open_timing_log(s, o) || !signals_open(s))
        return false;
    s->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (s->timer_fd < 0)
        return false;
    open_cues(s, o);
    choose_output(s, o);
    s->had_screen = s->screen != NULL;
    if (s->setup.resuming)
        show_context(s);
    return true;
}

static void session_close(Session *s) {
    if (s->screen)
        screen_close(s->screen);
    plain_keys_restore(s);
    if (s->timer_fd >= 0)
        close(s->timer_fd);
    voice_close(s->voice);
    signals_close(s);
    if (s->vm_ready)
        vm_free(&s->vm);
    if (s->timing)
        fclose(s->timing);
    const char *warning = progress_warning(s->progress);
    if (warning)
        fprintf(stderr, "routinec: %s\n", warning);
    progress_close(s->progress);
    progress_setup_free(&s->setup);
}

static int exit_status(const Session *s) {
    if (s->exit_signal)
        return s->exit_signal;
    if (s->io_error)
        return EXIT_IO;
    if (s->saw_pain)
        return EXIT_PAIN;
    return s->completed ? EXIT_DONE : EXIT_QUIT;
}

/* ---- beeps and the timing log ----------------------------------------- */

/* Session time of the next beep of the hold in progress, or -1. */
static int64_t next_beep(const Session *s) {
    if (!s->beep || s->status != VM_WAIT_TIME || s->vm.activity != ACT_HOLD)
        return -1;
    return voice_next_beep(s->vm.activity_start, s->vm.deadline, s->last_beep);
}

static int64_t earliest(int64_t a, int64_t b) {
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* --timing-log: what a wake-up for session time `ms` was planned at and
 * when it happened, in ns since T0. */
static void log_timing(Session *s, const char *what, int64_t ms) {
    if (s->timing)
        fprintf(s->timing, "%s %lld %lld %lld\n", what, (long long)ms,
                (long long)(wake_ns(s, ms) - s->t0_ns), (long long)(mono_ns() - s->t0_ns));
}

static void ring_if_due(Session *s) {
    int64_t beep = next_beep(s);
    if (beep < 0 || session_now(s) < beep)
        return;
    log_timing(s, "beep", beep);
    s->last_beep = beep;
    if (s->bell_fd >= 0) {
        ssize_t ignored = write(s->bell_fd, "\a", 1);
        (void)ignored; /* a bell that cannot ring is no reason to stop */
    }
}

/* ---- the calm start ---------------------------------------------------- */

/* The screen's intro: the title and the routine's own notes, safety notes
 * and gates (those before its first section, exercise or step). */
static void intro_texts(Session *s) {
    const Program *p = s->vm.program;
    Insn in;
    const char *title = NULL;
    uint32_t pc = 0;
    if (insn_decode(p->code, p->code_len, 0, &in) && in.op == OP_ROUTINE) {
        title = program_string(p, in.operand[0]);
        pc = in.length;
    }
    screen_intro_begin(s->screen, title, s->setup.resuming);
    for (; insn_decode(p->code, p->code_len, pc, &in); pc += in.length) {
        VmEventKind kind = in.op == OP_NOTE ? EV_NOTE : in.op == OP_SAFETY ? EV_SAFETY
                         : in.op == OP_GATE ? EV_GATE : EV__COUNT;
        if (kind == EV__COUNT)
            break;
        screen_intro_text(s->screen, kind, program_string(p, in.operand[0]));
    }
}

/* Keys at the intro: true once one of them decided (Enter or q). */
static bool intro_keys(Session *s, short revents, bool *go) {
    int got = 0;
    for (int ch; (ch = screen_read_key(s->screen)) != SCREEN_KEY_NONE; got++) {
        if (ch == '\n' || ch == '\r' || ch == 'q' || ch == 'Q') {
            *go = ch == '\n' || ch == '\r';
            return true;
        }
        if (ch == '?')
            screen_toggle_help(s->screen);
    }
    if (got > 0)
        s->idle_reads = 0;
    else if ((revents & (POLLHUP | POLLERR | POLLNVAL)) || ++s->idle_reads >= IDLE_READS_EOF)
        input_lost(s, (revents & (POLLERR | POLLNVAL)) != 0);
    return false;
}

/* Show the intro and wait: true when the patient pressed Enter, false
 * when they leave (q, a signal that ends, the terminal gone).  Ctrl-Z and
 * resizing work as in the session. */
static bool wait_for_start(Session *s) {
    const ScreenClock idle = {.status = VM_WAIT_KEY, .activity = ACT_NONE};
    bool go = false;
    intro_texts(s);
    while (!s->stop) {
        screen_draw(s->screen, &idle);
        struct pollfd fds[2] = {{.fd = s->sig_fd, .events = POLLIN},
                                {.fd = STDIN_FILENO, .events = POLLIN}};
        if (poll(fds, 2, -1) < 0) {
            if (errno != EINTR)
                s->io_error = s->stop = true;
            continue;
        }
        if (fds[0].revents)
            handle_signals(s);
        if (fds[1].revents && !s->stop && intro_keys(s, fds[1].revents, &go))
            break;
    }
    screen_intro_end(s->screen);
    return go && !s->stop;
}

/* Session time starts now (a resumed session's goes on from the saved time). */
static void start_clock(Session *s) {
    s->t0_ns = mono_ns() - (int64_t)((double)s->last_now * NS_PER_MS / s->speed);
    s->clock_started = true;
}

/* Left at the intro: the stream still says start, quit and end. */
static void leave_before_start(Session *s) {
    if (!s->setup.resuming) /* a resumed one has said start already */
        show_start(s, s->last_now);
    start_clock(s);
    step(s, VM_KEY_QUIT);
}

/* Plain lines on a terminal: the keys, once, before the first line. */
static void plain_intro(Session *s) {
    if (s->text_lines && s->stdin_tty)
        show_help_line();
}

/* The calm start; false when the patient left before starting. */
static bool begin(Session *s) {
    if (s->screen && !wait_for_start(s)) {
        leave_before_start(s);
        return false;
    }
    if (!s->screen)
        plain_intro(s);
    start_clock(s);
    return true;
}

/* ---- the loop -------------------------------------------------------- */

/* A wait that can never end without input: with no input left, the
 * session cannot go on, so it ends as a quit rather than hang. */
static bool stuck(const Session *s) {
    return !s->stdin_open && (s->status == VM_WAIT_KEY || s->status == VM_PAUSED);
}

static void wake(Session *s) {
    if (!arm_timer(s, earliest(redraw(s), next_beep(s)))) {
        s->io_error = true;
        s->stop = true;
        return;
    }
    struct pollfd fds[3] = {
        {.fd = s->sig_fd, .events = POLLIN},
        {.fd = s->timer_fd, .events = POLLIN},
        {.fd = s->stdin_open ? STDIN_FILENO : -1, .events = POLLIN},
    };
    if (poll(fds, 3, -1) < 0) {
        if (errno != EINTR)
            s->io_error = s->stop = true;
        return;
    }
    if (fds[0].revents)
        handle_signals(s);
    if (fds[1].revents) {
        /* Only clears the readiness; EAGAIN (re-armed meanwhile) is fine. */
        uint64_t expirations;
        ssize_t ignored = read(s->timer_fd, &expirations, sizeof expirations);
        (void)ignored;
    }
    if (!fds[2].revents || s->stop)
        return;
    if (s->screen)
        read_screen_keys(s, fds[2].revents);
    else
        read_plain_keys(s);
}

static void run_loop(Session *s) {
    if (!begin(s))
        return;
    s->status = vm_step(&s->vm, s->last_now, VM_KEY_NONE);
    while (s->status != VM_FINISHED && !s->stop && !s->io_error) {
        wake(s);
        ring_if_due(s);
        if (s->status == VM_WAIT_TIME && session_now(s) >= s->vm.deadline) {
            log_timing(s, "step", s->vm.deadline);
            step(s, VM_KEY_NONE);
        }
        if (stuck(s) && !s->stop)
            step(s, VM_KEY_QUIT);
    }
    if (s->status != VM_FINISHED)
        step(s, VM_KEY_QUIT); /* an I/O error: still end the event stream */
}

/* ---- after the end: the questions --------------------------------- */

static StoreStatus store_status(const Session *s) {
    if (s->exit_signal)
        return STORE_SIGNAL;
    if (s->saw_pain)
        return STORE_PAIN;
    return s->completed ? STORE_COMPLETED : STORE_QUIT;
}

/* Where the questions and the safety notes are written: the terminal's
 * lines, unless standard output carries the JSON events. */
static FILE *talk_out(const Session *s) {
    return s->text_lines || s->had_screen ? stdout : stderr;
}

/* One answer key: what was piped after the end, else from standard input
 * (a terminal is waited for; a pipe that is still open, briefly).
 * -1: no answer (end of input, a signal, the wait ran out). */
static int answer_key(Session *s) {
    if (s->pending_at < s->n_pending)
        return s->pending[s->pending_at++];
    if (!s->stdin_open)
        return -1;
    struct pollfd fds[2] = {{.fd = s->sig_fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
    unsigned char c;
    if (poll(fds, 2, s->stdin_tty ? ANSWER_WAIT_MS : ANSWER_PIPE_WAIT_MS) <= 0 || fds[0].revents ||
        read(STDIN_FILENO, &c, 1) != 1)
        return -1;
    return c;
}

/* Ask `question` and wait for one of the keys `choose` maps (to >= 0);
 * Enter, Escape or q skip.  On a terminal other keys are ignored; from a
 * pipe, any other key skips.  Returns the choice or -1. */
static int ask(Session *s, const char *question, int (*choose)(int key)) {
    FILE *out = talk_out(s);
    if (s->stdin_tty) {
        if (!s->termios_saved)
            plain_keys_raw(s);
        fprintf(out, "%s ", question);
        fflush(out);
    }
    int choice = -1;
    for (;;) {
        int key = answer_key(s);
        if (key < 0 || key == '\n' || key == '\r' || key == 27 || key == 'q')
            break;
        choice = choose(key);
        if (choice >= 0 || !s->stdin_tty)
            break;
    }
    if (s->stdin_tty)
        fputs(choice >= 0 ? "thank you\n" : "skipped\n", out);
    return choice;
}

static int pain_key(int key) {
    return key >= '0' && key <= '9' ? key - '0' : key == 't' || key == 'T' ? 10 : -1;
}

static const char *const DIFFICULTY[] = {"too easy", "right", "too hard"};

static int difficulty_key(int key) {
    return key >= '1' && key <= '3' ? key - '1' : -1;
}

/* Said first at a pain stop, before the question: what the routine's
 * safety notes say to do now. */
static void show_safety(Session *s) {
    FILE *out = talk_out(s);
    fputs("The session was stopped because of pain.\n", out);
    for (uint32_t i = 0; i < s->n_safety; i++)
        fprintf(out, "Safety: %s\n", s->safety[i]);
    if (s->n_safety == 0)
        fputs("Stop exercising and tell your therapist.\n", out);
    fflush(out);
}

/* The questions after the end; the screen is gone by now, so they use
 * plain lines. */
static void ask_questions(Session *s) {
    if (s->exit_signal || s->io_error)
        return;
    if (s->saw_pain) {
        show_safety(s);
        int rating = ask(s, "How bad is the pain, 0 to 10? (0-9, t for 10, Enter to skip)", pain_key);
        if (rating >= 0) {
            extra_event(s, s->end_t, "pain_rating", "rating", NULL, rating);
            progress_pain_rating(s->progress, rating);
        }
    } else if (s->completed) {
        int d = ask(s, "How did it feel? 1 too easy \u00b7 2 right \u00b7 3 too hard \u00b7 Enter skip",
                    difficulty_key);
        if (d >= 0) {
            extra_event(s, s->end_t, "difficulty", "value", DIFFICULTY[d], 0);
            progress_difficulty(s->progress, DIFFICULTY[d]);
        }
    }
}

static void conclude(Session *s) {
    progress_end(s->progress, store_status(s), s->end_t);
    if (s->screen) {
        screen_close(s->screen);
        s->screen = NULL;
    }
    ask_questions(s);
    if (s->end_held)
        write_json(s, &s->end); /* the last line of every stream */
}

int session_run(const Program *program, const VmSelection *select,
                const SessionOptions *options) {
    Session *s = calloc(1, sizeof *s);
    if (!s)
        return EXIT_IO;
    s->sig_fd = s->timer_fd = s->bell_fd = -1;
    s->speed = options->speed > 0 && options->speed < 1e9 ? options->speed : 1.0;
    s->events = options->events;
    s->stdin_tty = isatty(STDIN_FILENO);
    s->stdin_open = true;
    int status;
    if (session_open(s, program, select, options, &status)) {
        run_loop(s);
        status = exit_status(s);
        conclude(s);
    }
    session_close(s);
    free(s);
    return status;
}
