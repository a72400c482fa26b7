/*
 * store.h -- the patient's progress and session history, in SQLite.
 *
 * One database, $XDG_STATE_HOME/routinec/routinec.db (default
 * ~/.local/state/routinec/), in WAL mode.  The session writes one
 * transaction at each rep boundary (the journal: where the session is, so
 * `run --resume` can continue it), so a kill -9 or a crash loses at most
 * the rep in progress, and two sessions at once only wait for each other's
 * short transactions.  Reps are committed with synchronous=NORMAL (no
 * fsync each: a committed transaction survives the process, whatever kills
 * it); the session's end with synchronous=FULL, which syncs the WAL and
 * every rep before it.  A power cut during a session can lose that
 * session's reps since SQLite last synced the WAL (README, "Progress and
 * history").
 *
 * This file is the only one that includes <sqlite3.h>: the compiler, the
 * loader and the VM know nothing of it.  Every failure is reported as a
 * sentence (store_error()) and the caller goes on without storage: a full
 * disk must never stop a patient's session.
 *
 * Schema (PRAGMA user_version; store.c applies the migrations in order):
 *   v1  sessions, exercise_results, pain_stops
 *   v2  journal (resume), the selection and resume count on sessions
 *   v3  journal.updated_at and journal.lost (journals that stay true)
 *   v4  the programme over weeks: sessions.stage, programme_stages,
 *       programme_unlocks, programme_choices, session_answers
 *   v5  exercise_results: done against prescribed (reps_least, hold times)
 *   v6  patient_state (what the patient said about a routine: the
 *       affected side)
 *   v7  the programme's `build up to` step: programme_stages.step,
 *       session_answers.step
 *
 * A session being played holds a lock on its id (an fcntl lock on one
 * byte of LOCK_NAME in the state directory, released by the kernel when
 * the process ends, however it ends), so `--resume` never continues a
 * session another window is playing and the history can say which one
 * `--resume` continues.
 */
#ifndef ROUTINEC_STORE_H
#define ROUTINEC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm.h"

#define STORE_SCHEMA_VERSION 7
#define STORE_DB_NAME "routinec.db"

typedef struct Store Store;

typedef enum {
    STORE_RUNNING, /* playing now, or killed before it could say */
    STORE_COMPLETED,
    STORE_QUIT,
    STORE_PAIN,
    STORE_SIGNAL,
} StoreStatus;

/* "running", "completed", "quit", "pain", "signal". */
const char *store_status_name(StoreStatus status);

/* $XDG_STATE_HOME/routinec, or $HOME/.local/state/routinec (malloc'd), or
 * NULL when neither variable is set (or out of memory). */
char *store_default_dir(void);

/* SQLite's settings for the whole process: call once at the start of
 * main, before any thread and any store_open (SQLite takes them only
 * before its first use).  Without it every store still works, with
 * SQLite's default memory use. */
void store_init(void);

/* Open `dir`/routinec.db for reading only (the history): never created,
 * changed or switched to WAL, so a backup or a read-only mount can be
 * read; an older schema is brought up to date in a copy in memory, a
 * missing database reads as an empty history. */
Store *store_open_read(const char *dir, char *why, size_t why_size);

/* Open `dir`/routinec.db, creating the directory (0700) and the database
 * and bringing its schema up to date.  NULL on failure, with a sentence in
 * `why` (a database made by a newer routinec is refused, not touched). */
Store *store_open(const char *dir, char *why, size_t why_size);
void store_close(Store *store); /* NULL allowed */

/* The last failure, as a sentence ("" when none). */
const char *store_error(const Store *store);

/* ---- one session -------------------------------------------------------- */

typedef struct {
    const char *routine;     /* the title */
    const char *path;        /* the routine file, as given or canonical */
    uint64_t source_hash;    /* Program.source_hash */
    VmSelection select;      /* strings may be NULL */
    int64_t started_at;      /* ms since the epoch */
} StoreSessionInfo;

/* One exercise as played, identified in its session by `seq`: the
 * exercise's place in the session (`back` keeps it, `next` moves on). */
typedef struct {
    uint32_t seq;
    const char *name, *section;
    uint32_t reps_done, reps_planned;
    const char *outcome; /* "playing", "completed", "skipped", "stopped" */
    /* v5: what was prescribed and done.  reps_least is the lower end of a
     * range of reps (reps_planned when it is one count); hold times are
     * the sums over the exercise's holds: done, and planned at the upper
     * and lower ends of ranges (0 and 0: no timed hold). */
    uint32_t reps_least;
    int64_t hold_ms_done, hold_ms_planned, hold_ms_least;
} StoreExercise;

/* Where a session is: the VM's position at the start of the rep in
 * progress, and what was completed before it. */
typedef struct {
    bool has_snapshot;   /* false before the first rep: resume starts over */
    VmSnapshot snap;
    uint32_t exercise_seq;
    uint32_t exercise_reps; /* reps completed of that exercise */
    uint64_t reps_done;     /* reps completed in the whole session */
} StorePosition;

/* Record a new session (status running) and an empty journal, claim it
 * for this process and keep some room on the disk for its end.  Returns
 * its id, or -1. */
int64_t store_session_begin(Store *store, const StoreSessionInfo *info);

/* Insert or update one exercise's row. */
bool store_exercise(Store *store, int64_t session, const StoreExercise *exercise);

/* A rep boundary, in one transaction: the exercise row, the journal and
 * the session's duration so far. */
bool store_checkpoint(Store *store, int64_t session, const StoreExercise *exercise,
                      const StorePosition *position, int64_t duration_ms);

/* A write of `session` failed (a full disk, most likely): from now on the
 * journal does not say where the session is.  Frees the room kept for the
 * session's end and marks the journal, so that --resume never replays
 * what was done after it.  The first error stays the one store_error()
 * reports. */
void store_journal_lost(Store *store, int64_t session);

/* A pain stop during `exercise` (NULL outside one) at session time t_ms. */
bool store_pain(Store *store, int64_t session, const char *exercise, int64_t t_ms);

/* The patient's answers (rating 0-10 goes to the session and its last pain
 * stop; difficulty is "too easy", "right" or "too hard"). */
bool store_pain_rating(Store *store, int64_t session, int rating);
bool store_difficulty(Store *store, int64_t session, const char *difficulty);

/* The session ended: its status, duration and end time.  A completed
 * session's journal is dropped; any other keeps it for --resume.  When
 * the disk is full, the room kept since the session began is given up to
 * record the end. */
bool store_session_end(Store *store, int64_t session, StoreStatus status,
                       int64_t duration_ms, int64_t ended_at);

/* ---- what the patient said, per routine --------------------------------- */

/* Remember `value` under `name` for the routine file `path` (canonical),
 * so later runs need not ask again: "affected_side" is "left" or "right". */
#define STORE_STATE_AFFECTED_SIDE "affected_side"
bool store_state_set(Store *store, const char *path, const char *name, const char *value,
                     int64_t now_ms);

/* The value remembered, malloc'd, or NULL (none, or a failure). */
char *store_state_get(Store *store, const char *path, const char *name);

/* ---- resuming ----------------------------------------------------------- */

typedef struct {
    int64_t session;
    uint64_t source_hash;
    char *routine, *section, *level, *variant, *stage; /* malloc'd; NULL when unset */
    uint32_t step;
    int64_t started_at;
    StorePosition position;
} StoreJournal;

typedef enum { STORE_FOUND, STORE_NONE, STORE_DAMAGED, STORE_FAILED } StoreFind;

/* The session of `path` that can be continued, claimed for this process:
 * the newest one with a journal that no later session superseded (none
 * started after it was last played) and that no other routinec plays now.
 * STORE_NONE (with a sentence in `why`) when its last session was
 * completed, there is none, the one to continue is being played, or its
 * journal was marked when progress could no longer be saved (a full
 * disk: it is never replayed); STORE_DAMAGED when its journal cannot be read back (input: the
 * patient starts the routine again); STORE_FAILED when the database
 * cannot be read.  The snapshot's shape is checked here, its fit to the
 * program by vm_snapshot_problem(). */
StoreFind store_find_resumable(Store *store, const char *path, StoreJournal *out,
                               char *why, size_t why_size);
void store_journal_free(StoreJournal *journal);

/* The session `--resume` would continue for `path` (without claiming it),
 * or -1. */
int64_t store_resumable(Store *store, const char *path);

/* Whether a routinec process is playing `session` now (this one or
 * another: the lock of store.h's header). */
bool store_session_playing(Store *store, int64_t session);

/* Mark `session` as playing again (status running, resumed + 1). */
bool store_session_resume(Store *store, int64_t session);

/* ---- the programme over weeks (v4) --------------------------------------- */

/* What is remembered of one routine (by its canonical path) between
 * sessions: the current stage and since when, the requirements unlocked
 * (`--enable`), the alternative chosen per exercise.  All malloc'd. */
typedef struct {
    char *stage;           /* the current stage ("" in a routine without
                            * stages that moves by steps), or NULL: none yet */
    uint32_t step;         /* its `build up to` step (1: the first) */
    int64_t stage_since;   /* when it (or its step) started, ms since the epoch */
    char **enabled;
    uint32_t n_enabled;
    char **exercises, **alternatives; /* alternatives[i] NULL: the regular one */
    uint32_t n_choices;
} StoreProgramme;

bool store_programme(Store *store, const char *path, StoreProgramme *out);
void store_programme_free(StoreProgramme *programme);

/* The routine moves into `stage` ("" without stages) at its `build up
 * to` step `step` (1 without steps) at `at` (ms since the epoch): `how`
 * is "first", "advanced" or "stepped back"; `session` the one that
 * proposed it (-1: none). */
bool store_stage_start(Store *store, const char *path, const char *stage, uint32_t step,
                       const char *how, int64_t session, int64_t at);

/* `session` plays `stage` (NULL: none) at `step` (0: unchanged) after all:
 * the patient moved there at its start. */
bool store_session_stage(Store *store, int64_t session, const char *stage, uint32_t step);

/* Remember (`enable`) or forget an unlocked requirement. */
bool store_unlock(Store *store, const char *path, const char *requirement, bool enable);

/* Remember the alternative chosen for `exercise` (NULL: the regular one). */
bool store_choose(Store *store, const char *path, const char *exercise, const char *alternative);

/* One answer given during (or at the end of) a session. */
typedef struct {
    const char *kind;     /* "pain_choice", "effort", "alternative", "advance", "step_back" */
    int64_t t_ms;         /* session time; -1: before the session started
                           * (a proposal left from an earlier session) */
    const char *exercise; /* NULL when none */
    int value;            /* pain or effort rating; for a proposal 1 yes, 0 no; -1: none */
    const char *detail;   /* the choice ("go on", "easier", "stop"), the alternative, the stage */
    uint32_t step;        /* a proposal's `build up to` step (0: none) */
} StoreAnswer;

bool store_answer(Store *store, int64_t session, const StoreAnswer *answer);

/* What a stage's rules count (of the sessions of `path` that played
 * `stage` ("" without stages) at `build up to` step `step` (1 without
 * steps) and started at or after `since`): sessions completed since the
 * last one that recorded a pain above `pain_at_most` (any pain rating,
 * pain stop or pain choice; > 10: none counts), and pain stops. */
typedef struct {
    uint32_t completed;
    uint32_t pain_stops;
} StoreStageCounts;

bool store_stage_counts(Store *store, const char *path, const char *stage, uint32_t step, int64_t since,
                        uint32_t pain_at_most, StoreStageCounts *out);

/* When the last proposal of `kind` ("advance", "step_back") made in
 * `stage` of `path` was declined (the session's start), or 0. */
int64_t store_declined_at(Store *store, const char *path, const char *stage, const char *kind);

/* Every stage `path` was moved into, oldest first. */
typedef struct {
    const char *stage, *how;
    int64_t started_at;
    uint32_t step;
} StoreStageRow;

bool store_stages(Store *store, const char *path, void (*visit)(void *ctx, const StoreStageRow *row),
                  void *ctx);

/* ---- history ------------------------------------------------------------ */

typedef struct {
    int64_t id;
    const char *routine, *path, *status, *difficulty; /* difficulty may be NULL */
    int64_t started_at, ended_at, duration_ms;        /* ended_at 0: not ended */
    int pain_rating;                                  /* -1: none given */
    uint32_t resumed;
    const char *stage;                                /* NULL: none */
    uint32_t exercises_completed, exercises_skipped;
    uint64_t reps_done, reps_planned;
    uint64_t reps_least;           /* v5: the sum of the lower ends (reps_planned before v5) */
    int64_t hold_ms_done, hold_ms_planned, hold_ms_least; /* v5: sums; 0 before v5 */
    bool playing;      /* a routinec plays it now */
    bool resumable;    /* the one `run --resume` continues */
    bool journal_lost; /* progress stopped being saved before it ended */
} StoreSessionRow;

typedef struct {
    int64_t session;
    uint32_t seq;
    const char *name, *section, *outcome;
    uint32_t reps_done, reps_planned;
    uint32_t reps_least;   /* v5; reps_planned for an older row */
    bool has_hold_times;   /* v5: the hold times below were recorded */
    int64_t hold_ms_done, hold_ms_planned, hold_ms_least;
} StoreExerciseRow;

typedef struct {
    int64_t session;
    const char *exercise; /* NULL outside an exercise */
    int64_t t_ms;
    int rating;           /* -1: none given */
} StorePainRow;

/* An answer of the session (StoreAnswer, as stored). */
typedef struct {
    int64_t session;
    const char *kind, *exercise, *detail; /* exercise, detail may be NULL */
    int64_t t_ms;
    int value;                            /* -1: none */
    uint32_t step;                        /* a proposal's step (0: none) */
} StoreAnswerRow;

/* Called for each session, oldest first; after each session, its
 * exercises in order and its pain stops.  The strings live until the
 * callback returns. */
typedef struct {
    void (*session)(void *ctx, const StoreSessionRow *row);
    void (*exercise)(void *ctx, const StoreExerciseRow *row);
    void (*pain)(void *ctx, const StorePainRow *row);
} StoreVisitor;

/* The answers of `session`, in the order given (a visitor may call it). */
bool store_session_answers(Store *store, int64_t session,
                           void (*visit)(void *ctx, const StoreAnswerRow *row), void *ctx);

/* Every session (or those whose path or title is `routine`, when not NULL). */
bool store_history(Store *store, const char *routine, const StoreVisitor *visitor, void *ctx);

#endif
