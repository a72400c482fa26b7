/*
 * progress.h -- what a session did, kept in the store as it happens.
 *
 * The session feeds every VM event to progress_event(); progress turns
 * them into the history (one row per exercise played, pain stops, the
 * session's status) and into the journal: at each rep boundary (an EV_REP
 * or an EV_EXERCISE) one transaction records what was completed and the
 * VM snapshot to continue from, so `run --resume` replays at most the rep
 * that was in progress.
 *
 * A rep counts as completed when the next rep, the next exercise or the
 * end of a completed session comes; one interrupted by `next`, `back`,
 * quit, pain or a signal does not.  After `back` the exercise's count
 * starts again at 0 (its row shows the last attempt).
 *
 * Storage failures never stop a session: the first one is kept as a
 * warning (progress_warning) and storage is switched off.
 */
#ifndef ROUTINEC_PROGRESS_H
#define ROUTINEC_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"
#include "programme.h"
#include "store.h"
#include "vm.h"

typedef struct Progress Progress;

/* Start recording a session of `program` (played with `select`, from
 * `path`) in `store` (not owned; NULL records nothing).  With `resume`,
 * continue that saved session instead of starting a new one.  Returns NULL
 * only when out of memory. */
Progress *progress_open(Store *store, const Program *program, const VmSelection *select,
                        const char *path, const StoreJournal *resume);
void progress_close(Progress *progress); /* NULL allowed */

/* An event from the VM, `vm` still inside the instruction that sent it. */
void progress_event(Progress *progress, const Vm *vm, const VmEvent *event);

/* The same, from a snapshot of the VM taken inside that instruction
 * (vm_snapshot in the emit callback): the session records on a thread of
 * its own, after the VM has moved on. */
void progress_event_at(Progress *progress, const VmSnapshot *at, const VmEvent *event);

/* After a resume: the exercise the session continues in (the EV_EXERCISE
 * the session shows again), without counting it as a new one. */
void progress_continue_in(Progress *progress, const VmEvent *exercise);

/* The session ended with `status` after `duration_ms` of session time. */
void progress_end(Progress *progress, StoreStatus status, int64_t duration_ms);

void progress_pain_rating(Progress *progress, int rating);

/* stages: how hard `exercise` felt; a switch to `alternative` (NULL: the
 * regular version), remembered for the routine; the answer to a stage
 * rule's proposal ("advance", "step_back") of stage `to` (NULL without
 * stages) at `build up to` step `to_step` (0 without steps), which starts
 * when accepted (`at_start`: answered before this session started, which
 * then plays and counts in that stage).  `t_ms` is the session time. */
void progress_effort(Progress *progress, int64_t t_ms, const char *exercise, int rating);
void progress_switch(Progress *progress, int64_t t_ms, const char *exercise, const char *alternative);
void progress_stage(Progress *progress, int64_t t_ms, const char *rule, const char *to, uint32_t to_step,
                    bool accepted, bool at_start);
void progress_difficulty(Progress *progress, const char *difficulty);

/* The patient said which side is affected (asked at the start): remember
 * it for the routine, so later runs need not ask. */
void progress_remember_affected(Progress *progress, Side side);

/* Whether the rep just announced is the exercise's last (from a dry run
 * of the same program and selection). */
bool progress_last_rep(const Progress *progress);

/* Reps completed so far in the whole session, and the session's id (-1
 * when nothing is recorded). */
uint64_t progress_reps_done(const Progress *progress);
int64_t progress_session(const Progress *progress);

/* The first storage failure, once ("" / NULL when none). */
const char *progress_warning(Progress *progress);

/* ---- setting up: the store, and what --resume continues ---------------- */

typedef struct {
    Store *store;          /* owned; NULL: nothing is recorded */
    char *path;            /* the routine file, canonical (malloc'd) */
    StoreJournal journal;  /* when resuming */
    bool resuming;
    VmSelection select;    /* what to play: the journal's when resuming */
    Programme programme;   /* what is remembered between sessions */
    bool affected_remembered; /* select.affected is the side remembered for
                                 the routine (sides named by their role) */
} ProgressSetup;

/* Open the store in `state_dir` (NULL: the default) unless `record` is
 * false, and with `resume` find the saved session of `routine_path` and
 * check it was made by this very program.  Problems with the store are a
 * warning on stderr and the session runs unrecorded; with `resume` they
 * end it.  Returns 0, or the exit status to return (having said why). */
int progress_setup(ProgressSetup *setup, const char *state_dir, bool record, bool resume,
                   const char *routine_path, const Program *program, const VmSelection *select);
void progress_setup_free(ProgressSetup *setup);

/* stages: after progress_setup, the programme over weeks (programme.h):
 * the remembered stage, unlocks and alternatives join the selection,
 * --enable is remembered and `disabled` (--disable) forgotten.  Notes go
 * to stderr.  Returns 0, or the exit status (out of memory). */
int progress_programme(ProgressSetup *setup, const Program *program, const char *routine_path,
                       const char *const *disabled, uint32_t n_disabled);

#endif
