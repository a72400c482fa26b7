/* voice.c -- see voice.h. */
#include "voice.h"

#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "events.h"

#define MAX_WORDS 16
#define QUEUE_LEN 8
#define CLOSE_WAIT_MS 3000
#define CLOSE_POLL_MS 10

extern char **environ;

struct Voice {
    char *words;                 /* the command, cut into argv in place */
    char *argv[MAX_WORDS + 2];   /* words, the phrase, NULL */
    int n_words;
    char queue[QUEUE_LEN][VOICE_PHRASE_MAX];
    unsigned head, count;
    pid_t child;                 /* speaking now, or 0 */
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    bool actions_ready, attr_ready;
    char problem[256];
    bool problem_told;
    bool keep_all;               /* voice_keep_all: wait rather than drop */
};

/* ---- finding the program ------------------------------------------------ */

static bool executable_in(const char *dir, size_t dir_len, const char *name) {
    size_t n = dir_len + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return false;
    snprintf(path, n, "%.*s/%s", (int)dir_len, dir_len ? dir : ".", name);
    bool ok = access(path, X_OK) == 0;
    free(path);
    return ok;
}

/* Where posix_spawnp will look: the name itself when it has a slash, else
 * each directory of $PATH. */
static bool installed(const char *name) {
    if (strchr(name, '/'))
        return access(name, X_OK) == 0;
    const char *path = getenv("PATH");
    for (const char *dir = path ? path : "/usr/bin:/bin"; dir; ) {
        const char *colon = strchr(dir, ':');
        size_t len = colon ? (size_t)(colon - dir) : strlen(dir);
        if (executable_in(dir, len, name))
            return true;
        dir = colon ? colon + 1 : NULL;
    }
    return false;
}

/* ---- setting up ---------------------------------------------------------- */

static bool split_words(Voice *v) {
    for (char *save = NULL, *w = strtok_r(v->words, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (v->n_words == MAX_WORDS)
            return false;
        v->argv[v->n_words++] = w;
    }
    return v->n_words > 0;
}

/* The child starts clean: default signals, nothing blocked, no terminal
 * output (stdin, stdout and stderr on /dev/null). */
static bool spawn_setup(Voice *v) {
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig = 1; sig < 32; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaddset(&defaults, sig);
    v->attr_ready = posix_spawnattr_init(&v->attr) == 0;
    v->actions_ready = posix_spawn_file_actions_init(&v->actions) == 0;
    return v->attr_ready && v->actions_ready &&
           posix_spawnattr_setflags(&v->attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) == 0 &&
           posix_spawnattr_setsigmask(&v->attr, &none) == 0 &&
           posix_spawnattr_setsigdefault(&v->attr, &defaults) == 0 &&
           posix_spawn_file_actions_addopen(&v->actions, 0, "/dev/null", O_RDONLY, 0) == 0 &&
           posix_spawn_file_actions_addopen(&v->actions, 1, "/dev/null", O_WRONLY, 0) == 0 &&
           posix_spawn_file_actions_addopen(&v->actions, 2, "/dev/null", O_WRONLY, 0) == 0;
}

static void voice_free(Voice *v) {
    if (v->actions_ready)
        posix_spawn_file_actions_destroy(&v->actions);
    if (v->attr_ready)
        posix_spawnattr_destroy(&v->attr);
    free(v->words);
    free(v);
}

Voice *voice_open(const char *command, char *why, size_t why_size) {
    const char *env = getenv(VOICE_ENV);
    char spoken[64];
    if (!command && !(env && env[0]) && strcmp(i18n_voice(), "en") != 0) {
        /* espeak-ng speaks the language of the messages */
        snprintf(spoken, sizeof spoken, "%s -v %s", VOICE_DEFAULT_COMMAND, i18n_voice());
        command = spoken;
    }
    if (!command)
        command = env && env[0] ? env : VOICE_DEFAULT_COMMAND;
    Voice *v = calloc(1, sizeof *v);
    if (!v || !(v->words = strdup(command)) || !spawn_setup(v)) {
        snprintf(why, why_size, "out of memory");
    } else if (!split_words(v)) {
        snprintf(why, why_size, "the speech command \"%s\" is empty or has more than %d words",
                 command, MAX_WORDS);
    } else if (!installed(v->argv[0])) {
        if (strcmp(v->argv[0], VOICE_DEFAULT_COMMAND) == 0)
            snprintf(why, why_size, "espeak-ng is not installed, so nothing will be spoken "
                                    "(on Debian or Ubuntu: sudo apt install espeak-ng)");
        else
            snprintf(why, why_size, "the speech command \"%s\" was not found", v->argv[0]);
    } else {
        return v;
    }
    if (v)
        voice_free(v);
    return NULL;
}

/* ---- speaking ------------------------------------------------------------ */

static void start_next(Voice *v) {
    while (v->child == 0 && v->count > 0) {
        char *phrase = v->queue[v->head];
        v->head = (v->head + 1) % QUEUE_LEN;
        v->count--;
        v->argv[v->n_words] = phrase;
        v->argv[v->n_words + 1] = NULL;
        pid_t pid;
        int err = posix_spawnp(&pid, v->argv[0], &v->actions, &v->attr, v->argv, environ);
        if (err == 0) {
            v->child = pid;
        } else if (!v->problem[0]) {
            snprintf(v->problem, sizeof v->problem, "cannot start \"%s\": %s", v->argv[0], strerror(err));
        }
    }
}

/* The phrase comes from the routine: each control character (C0, DEL, C1
 * in its UTF-8 form) becomes a space, so no speech program (nor a script
 * given as --voice-command that echoes it) is handed a terminal control. */
static void speakable(char *s) {
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            *p = ' ';
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            p[0] = p[1] = ' ';
            p++;
        }
    }
}

/* Speech runs or phrases wait (`all`), or the queue is full. */
static bool busy(const Voice *v, bool all) {
    return all ? v->child || v->count : v->count == QUEUE_LEN;
}

/* Wait, a few seconds at most, until not busy(all): each child reaped
 * starts the next phrase.  False when the speech never ended. */
static bool settle(Voice *v, bool all) {
    const struct timespec tick = {0, CLOSE_POLL_MS * 1000000L};
    for (int waited = 0; busy(v, all) && waited < CLOSE_WAIT_MS; waited += CLOSE_POLL_MS) {
        voice_reap(v);
        if (busy(v, all))
            nanosleep(&tick, NULL);
    }
    return !busy(v, all);
}

void voice_keep_all(Voice *v) {
    if (v)
        v->keep_all = true;
}

void voice_say(Voice *v, const char *phrase) {
    if (!v || !phrase || !phrase[0])
        return;
    if (v->count == QUEUE_LEN && v->keep_all && !settle(v, false))
        v->keep_all = false; /* a speech program that hangs: drop, as in real time */
    if (v->count == QUEUE_LEN) { /* drop the oldest */
        v->head = (v->head + 1) % QUEUE_LEN;
        v->count--;
    }
    char *slot = v->queue[(v->head + v->count) % QUEUE_LEN];
    /* A leading '-' would read as an option of the speech program. */
    snprintf(slot, VOICE_PHRASE_MAX, "%s%s", phrase[0] == '-' ? " " : "", phrase);
    speakable(slot);
    v->count++;
    start_next(v);
}

void voice_reap(Voice *v) {
    if (!v || v->child == 0)
        return;
    int status;
    pid_t got = waitpid(v->child, &status, WNOHANG);
    if (got == v->child || (got < 0 && errno == ECHILD))
        v->child = 0;
    start_next(v);
}

const char *voice_problem(Voice *v) {
    if (!v || !v->problem[0] || v->problem_told)
        return NULL;
    v->problem_told = true;
    return v->problem;
}

void voice_close(Voice *v) {
    if (!v)
        return;
    settle(v, true);
    voice_free(v);
}

/* ---- what to say ---------------------------------------------------------- */

static const char *side_words(Side side) {
    return side == SIDE_LEFT ? _("left side") : side == SIDE_RIGHT ? _("right side") : NULL;
}

/* The count; a range says both ends at its first rep ("1 · 8 to 12")
 * and, at the first rep past its lower end, that the done key may end it
 * ("9 · 8 to 12 · Enter when you have had enough"). */
static bool rep_phrase(const VmEvent *ev, char *out, size_t size) {
    char ends[160];
    uint32_t target = ev->least > 1 ? ev->least : 1;
    bool first = ev->n == 1, enough = ev->n == target + 1;
    if (size == 0)
        return false;
    if (ev->least && (first || enough))
        snprintf(out, size, "%lu%s", (unsigned long)ev->n, events_range_ends(ev, enough, ends, sizeof ends));
    else
        snprintf(out, size, "%lu", (unsigned long)ev->n);
    for (char *dot; (dot = strstr(out, " \u00b7 ")) != NULL;) { /* said as a pause, not "dot" */
        dot[0] = ',';
        dot[1] = ' ';
        memmove(dot + 2, dot + 4, strlen(dot + 4) + 1);
    }
    return true;
}

/* A side as the patient names it: "left knee", "operated leg, left side". */
static bool side_said(const VmEvent *ev, char *out, size_t size) {
    char label[512]; /* in the patient's words */
    const char *said = ev->detail ? events_side_label(ev->detail, ev->side, label, sizeof label) : NULL;
    if (ev->role && said && side_words(ev->side)) {
        snprintf(out, size, "%s, %s", said, side_words(ev->side));
        return size > 0;
    }
    if (!said)
        said = side_words(ev->side);
    if (!said || size == 0)
        return false;
    snprintf(out, size, "%s", said);
    return true;
}

bool voice_phrase(const VmEvent *ev, char *out, size_t size) {
    const char *text = NULL;
    switch (ev->kind) {
    case EV_EXERCISE: text = ev->text; break;
    case EV_SIDE: return side_said(ev, out, size);
    case EV_REST: text = ev->as_needed ? _("rest as long as you need, then press Enter") : _("relax"); break;
    case EV_HOLD: text = _("hold"); break;
    case EV_PHASE: text = events_phase_label(ev); break; /* "Up", "Down", "Hold" */
    case EV_PAUSE: text = _("paused"); break;
    case EV_RESUME: text = _("go on"); break;
    case EV_END: text = ev->completed ? _("well done, the session is complete") : NULL; break;
    case EV_REP: return rep_phrase(ev, out, size);
    /* lang-b: what to work with and how hard, said as written ("Load: 2kg") */
    case EV_LOAD: case EV_EFFORT: case EV_PAIN_LIMIT: case EV_STAGE: case EV_FALLBACK:
        return size > 0 && events_words(ev, out, size) != NULL;
    default: break;
    }
    if (!text || size == 0)
        return false;
    snprintf(out, size, "%s", text);
    return true;
}

int64_t voice_next_beep(int64_t start, int64_t deadline, int64_t after) {
    for (int s = VOICE_BEEP_SECONDS; s >= 1; s--) {
        int64_t t = deadline - 1000 * (int64_t)s;
        if (t > after && t > start)
            return t;
    }
    return -1;
}
