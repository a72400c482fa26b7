/*
 * programme.h -- the programme over weeks as a patient lives it: what
 * `run` remembers of a routine between sessions, and what its stage rules
 * count.
 *
 * Per routine (its canonical path) the store keeps the current stage and
 * the date each stage started, the requirements unlocked with `--enable`
 * (until `--disable`), and the alternative chosen for each exercise.
 * programme_setup() puts them into the selection a session plays:
 *
 *   stage         the remembered one (the first stage the first time, and
 *                 that start is recorded); `--stage` plays another one for
 *                 this run only, and says so
 *   enabled       the remembered ones, plus `--enable` (remembered from
 *                 now on), less `--disable` (forgotten)
 *   choices       the remembered alternative of each exercise
 *   step          the remembered `build up to` step of the stage (1 the
 *                 first time); `--step` plays another one for this run
 *                 only, and says so
 *
 * and counts, for the stage's rules (read from a dry run of the session),
 * what the history says so far: the session core adds the session being
 * played and proposes the next or the previous stage at its end.
 */
#ifndef ROUTINEC_PROGRAMME_H
#define ROUTINEC_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "program.h"
#include "store.h"
#include "vm.h"

#define PROGRAMME_MAX_ENABLED 32
#define PROGRAMME_MAX_CHOICES 64
#define PROGRAMME_MAX_STAGES 32

/* A stage rule and what the history counts for it.  It moves the patient
 * through the `build up to` steps of the stage first, then to the next
 * (or previous) stage. */
typedef struct {
    bool present;
    uint32_t n;             /* sessions (advance) or pain stops (step back) */
    uint32_t pain_at_most;  /* advance: > 10 when the rule has no `when pain` */
    uint32_t counted;       /* so far, without the session being played */
    bool can;               /* there is somewhere to move */
    const char *to;         /* the stage it proposes (NULL in a routine without stages) */
    uint32_t to_step;       /* and its step (0: the routine has no steps) */
} ProgrammeRule;

/* A proposal a rule made at the end of an earlier session that nobody
 * answered (the patient left before the question, or pressed Enter):
 * the history still says the rule is met, so the next run asks it at the
 * start.  A step back wins over moving on. */
typedef enum { PROGRAMME_PENDING_NONE, PROGRAMME_PENDING_ADVANCE, PROGRAMME_PENDING_STEP_BACK } ProgrammePending;

typedef struct {
    StoreProgramme saved;
    const char *enabled[PROGRAMME_MAX_ENABLED];
    uint32_t n_enabled;
    VmChoice choices[PROGRAMME_MAX_CHOICES];
    uint32_t n_choices;
    const char *stage;       /* the stage played (the program's string), or NULL */
    uint32_t step, steps;    /* the `build up to` step played, of how many in the stage */
    bool stepped;            /* the rules move steps (the routine has some) */
    bool in_programme;       /* it is the remembered current stage and step (rules apply) */
    ProgrammeRule advance, step_back;
    ProgrammePending pending;
    /* The rules of the stage the pending proposal moves to, as they
     * would start there (nothing counted yet). */
    ProgrammeRule moved_advance, moved_step_back;
} Programme;

/* Fill `pg` and point `select` (whose --enable list and --stage come from
 * the command line) at what it remembers; with a store (NULL: nothing is
 * remembered, but --disable still applies) remember --enable/--disable
 * and a first stage.  `resuming`: the session continues a saved one (its
 * stage is the journal's; nothing is recorded anew).  Notes go to `err`
 * after "routinec: NAME: ".  False only when out of memory. */
bool programme_setup(Programme *pg, Store *store, const char *path, const char *name,
                     const Program *program, VmSelection *select, const char *const *disabled,
                     uint32_t n_disabled, bool resuming, FILE *err);
void programme_free(Programme *pg);

#endif
