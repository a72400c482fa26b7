/*
 * persist.c -- see persist.h.  One producer (the session), one consumer
 * (the writer thread), a ring of jobs under one mutex.
 */
#include "persist.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    JOB_EVENT, JOB_CONTINUE, JOB_END, JOB_RATING, JOB_DIFFICULTY, JOB_ANSWER, JOB_AFFECTED, JOB_STOP
} JobKind;

typedef struct {
    JobKind kind;
    VmEvent ev;
    SessionEvent answer;    /* JOB_ANSWER: strings point into the program or setup */
    VmSnapshot at;          /* JOB_EVENT: the VM at the event */
    StoreStatus status;     /* JOB_END */
    int rating;
    const char *difficulty; /* points into a static table */
    Side affected;          /* JOB_AFFECTED */
} Job;

struct Persist {
    Progress *progress;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    Job jobs[PERSIST_QUEUE];
    unsigned head, count;
};

/* ---- the writer thread --------------------------------------------------- */

/* stages: an answer given during the session or at its end. */
static void run_answer(Progress *p, const SessionEvent *ev) {
    if (ev->kind == SESSION_EV_EFFORT)
        progress_effort(p, ev->t, ev->exercise, ev->rating);
    else if (ev->kind == SESSION_EV_SWITCH)
        progress_switch(p, ev->t, ev->exercise, ev->alternative);
    else if (ev->kind == SESSION_EV_STAGE_CHOICE)
        progress_stage(p, ev->t, ev->rule, ev->to, ev->to_step, ev->accepted, ev->at_start);
}

static void run_job(Progress *p, const Job *job) {
    switch (job->kind) {
    case JOB_EVENT: progress_event_at(p, &job->at, &job->ev); break;
    case JOB_CONTINUE: progress_continue_in(p, &job->ev); break;
    case JOB_END: progress_end(p, job->status, job->ev.t); break;
    case JOB_RATING: progress_pain_rating(p, job->rating); break;
    case JOB_DIFFICULTY: progress_difficulty(p, job->difficulty); break;
    case JOB_ANSWER: run_answer(p, &job->answer); break;
    case JOB_AFFECTED: progress_remember_affected(p, job->affected); break;
    default: break;
    }
}

static void *writer(void *arg) {
    Persist *ps = arg;
    for (;;) {
        pthread_mutex_lock(&ps->lock);
        while (ps->count == 0)
            pthread_cond_wait(&ps->changed, &ps->lock);
        Job job = ps->jobs[ps->head];
        pthread_mutex_unlock(&ps->lock);
        if (job.kind == JOB_STOP)
            return NULL;
        run_job(ps->progress, &job);
        pthread_mutex_lock(&ps->lock);
        ps->head = (ps->head + 1) % PERSIST_QUEUE;
        if (--ps->count == 0)
            ps->head = 0; /* empty: the next job reuses the first slots (the rest stay untouched) */
        pthread_cond_signal(&ps->changed);
        pthread_mutex_unlock(&ps->lock);
    }
}

/* Queue a job.  The writer is woken for a job that writes (`wake`), or
 * when the queue fills up; a job it only counts waits, in order, for the
 * next one that writes, so a hold or a rest does not cost the writer's
 * thread a wake-up of its own. */
static void enqueue_woken(Persist *ps, const Job *job, bool wake) {
    pthread_mutex_lock(&ps->lock);
    while (ps->count == PERSIST_QUEUE)
        pthread_cond_wait(&ps->changed, &ps->lock);
    ps->jobs[(ps->head + ps->count) % PERSIST_QUEUE] = *job;
    ps->count++;
    if (wake || ps->count >= PERSIST_QUEUE / 2)
        pthread_cond_signal(&ps->changed);
    pthread_mutex_unlock(&ps->lock);
}

static void enqueue(Persist *ps, const Job *job) {
    enqueue_woken(ps, job, true);
}

/* ---- the sink ------------------------------------------------------------ */

static StoreStatus store_status_of(SessionOutcome outcome) {
    switch (outcome) {
    case SESSION_COMPLETED: return STORE_COMPLETED;
    case SESSION_PAIN: return STORE_PAIN;
    case SESSION_INTERRUPTED: return STORE_SIGNAL;
    case SESSION_QUIT: return STORE_QUIT;
    default: return STORE_RUNNING;
    }
}

/* Only what progress.h records is queued (holds and rests: for the hold
 * time done). */
static bool recorded(VmEventKind kind) {
    return kind == EV_EXERCISE || kind == EV_REP || kind == EV_SKIP || kind == EV_BACK ||
           kind == EV_PAIN || kind == EV_QUIT || kind == EV_END || kind == EV_PAIN_CHOICE || kind == EV_HOLD ||
           kind == EV_HELD || kind == EV_REST || kind == EV_SIDE || kind == EV_SET || kind == EV_RANGE;
}

/* Events progress.h only keeps in memory (the hold time done, the reps of
 * a range), written with the next checkpoint: nothing to write when they
 * come.  (Should one ever write, it would still be written, in order, by
 * the next event that wakes the writer, or at the end.) */
static bool counted_only(VmEventKind kind) {
    return kind == EV_HOLD || kind == EV_HELD || kind == EV_REST || kind == EV_SIDE ||
           kind == EV_SET || kind == EV_RANGE;
}

static void persist_vm_event(Persist *ps, const SessionEvent *ev) {
    Job job = {.kind = JOB_EVENT, .ev = *ev->vm};
    if (!ev->at) { /* the scene of a resumed session: its exercise goes on */
        if (ev->vm->kind != EV_EXERCISE)
            return;
        job.kind = JOB_CONTINUE;
    } else if (!recorded(ev->vm->kind)) {
        return;
    } else {
        vm_snapshot(ev->at, &job.at);
    }
    enqueue_woken(ps, &job, !counted_only(ev->vm->kind));
    if (ev->vm->kind == EV_END && ev->at)
        enqueue(ps, &(Job){.kind = JOB_END, .ev = *ev->vm, .status = store_status_of(ev->outcome)});
}

static void persist_event(void *ctx, const SessionEvent *ev) {
    Persist *ps = ctx;
    if (!ps->progress)
        return;
    if (ev->kind == SESSION_EV_VM)
        persist_vm_event(ps, ev);
    else if (ev->kind == SESSION_EV_PAIN_RATING)
        enqueue(ps, &(Job){.kind = JOB_RATING, .rating = ev->rating});
    else if (ev->kind == SESSION_EV_DIFFICULTY)
        enqueue(ps, &(Job){.kind = JOB_DIFFICULTY, .difficulty = ev->difficulty});
    else if (ev->kind == SESSION_EV_EFFORT || ev->kind == SESSION_EV_SWITCH ||
             ev->kind == SESSION_EV_STAGE_CHOICE)
        enqueue(ps, &(Job){.kind = JOB_ANSWER, .answer = *ev});
    else if (ev->kind == SESSION_EV_AFFECTED && ev->affected_from == SESSION_AFFECTED_ASKED)
        enqueue(ps, &(Job){.kind = JOB_AFFECTED, .affected = ev->affected}); /* for later runs */
}

SessionSink persist_sink(Persist *ps) {
    return (SessionSink){persist_event, ps};
}

/* ---- opening and closing ------------------------------------------------- */

/* The thread is started with every signal blocked, so that the session's
 * signals stay with its signalfd. */
static bool start_writer(Persist *ps) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool ok = pthread_create(&ps->thread, NULL, writer, ps) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

Persist *persist_open(Progress *progress) {
    Persist *ps = calloc(1, sizeof *ps);
    if (!ps)
        return NULL;
    ps->progress = progress;
    pthread_mutex_init(&ps->lock, NULL);
    pthread_cond_init(&ps->changed, NULL);
    if (progress && !start_writer(ps)) {
        pthread_cond_destroy(&ps->changed);
        pthread_mutex_destroy(&ps->lock);
        free(ps);
        return NULL;
    }
    return ps;
}

void persist_close(Persist *ps) {
    if (!ps)
        return;
    if (ps->progress) {
        enqueue(ps, &(Job){.kind = JOB_STOP});
        pthread_join(ps->thread, NULL);
    }
    pthread_cond_destroy(&ps->changed);
    pthread_mutex_destroy(&ps->lock);
    free(ps);
}
