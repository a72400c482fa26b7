/*
 * layout.h -- the words a patient reads or hears about a routine, in one
 * place: durations ("1 minute 30 seconds"), the dose of an exercise ("Hold
 * for 5 seconds. Do this 10 times with each knee."), side names and the
 * schedule ("10 to 30 minutes a day, 1 to 3 times a day.").  The handout,
 * the calendar, the timeline picture (and, as they adopt it, the screen and
 * the voice) say the same thing in the same words because they all ask
 * this module.
 *
 * The words are routinec's own, so they follow the patient's language
 * (gettext, base/i18n.h); the therapist's texts inside them (a body part,
 * a side's name) are kept as written.
 *
 * Every function writes into a caller's buffer, truncating safely, and
 * returns it; nothing here allocates or keeps state.
 */
#ifndef ROUTINEC_LAYOUT_H
#define ROUTINEC_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "bounds.h"
#include "sema.h"

/* How much of an exercise to do, resolved: what the VM plays. */
typedef struct {
    uint32_t reps, sets;
    SideMode sides;
    const char *part;        /* side "knee" -> "knee", or NULL */
    const char *labels[3];   /* by Side: full side names, or NULL */
    Side first;
    bool has_hold;
    HoldMode hold;
    uint32_t hold_ms;
    uint32_t tempo_ms;       /* 0: no tempo (a hold paces it) */
    /* `tempo 3s up, 5s down;`: each phase's word (TempoWord) and time */
    uint8_t phase_word[MAX_TEMPO_PHASES];
    uint32_t phase_ms[MAX_TEMPO_PHASES];
    uint32_t n_phases;
    bool own_pace;
    PaceScope pace_per;
    uint32_t build_to;       /* build up target (reps, or hold ms), 0 if none */
    uint32_t build_by;
    bool build_hold;         /* the build up is of the hold time */
    bool build_sets;         /* the build up is of the number of sets */
    /* Ranges and ceilings: the lower ends (0, or equal to the upper end,
     * when it is one value); reps_ceiling for `repeat up to 10`. */
    uint32_t reps_least, sets_least, hold_least_ms;
    bool reps_ceiling;
    uint32_t rest_sets_ms, rest_sets_least_ms; /* rest between sets */
    bool one_side_at_a_time; /* each side: all sets on one side first */
    char side_words[48];     /* SIDES_BOTH, SIDES_ROLE: "both legs", "operated leg" */
    SideRole role;           /* SIDES_ROLE: which side the words name */
    Limb limb;               /* SIDES_ROLE: side, leg or arm */
    Side affected;           /* the patient's affected side, when the caller
                              * knows it (handout --affected); SIDE_NONE */
    /* `rest as needed between reps|sides|sets;` (`relax as needed;`) */
    bool reps_rest_as_needed, sides_rest_as_needed, sets_rest_as_needed;
} LayoutDose;

/* The dose of `spec` at progression step `step` (1-based; 0 = 1; past the
 * last step, the last), as code generation resolves it. */
void layout_dose_of(const ExerciseSpec *spec, uint32_t step, LayoutDose *dose);

/* "Hold for 5 seconds. Repeat 10 times on each side, with the left knee
 * first, then the right knee." -- the paper handout's own way of saying it. */
char *layout_dose_words(const LayoutDose *dose, char *buf, size_t size);

/* "Build up to 20 times, 5 more at a time." or "" */
char *layout_build_words(const LayoutDose *dose, char *buf, size_t size);

/* "Take 3 seconds to lift and 5 seconds to lower." -- the phases of one
 * repetition (`tempo 3s up, 5s down;`); "" when it has none. */
char *layout_phase_words(const LayoutDose *dose, char *buf, size_t size);

/* "5 seconds", "1 minute 30 seconds", "2 minutes", "1.5 seconds", "1 hour 5 minutes" */
char *layout_duration(uint64_t ms, char *buf, size_t size);

/* "5 to 10 seconds", "30 seconds to 1 minute"; one duration when `least`
 * is 0 or not below `ms`. */
char *layout_duration_range(uint64_t least, uint64_t ms, char *buf, size_t size);

/* The name of one side: "right arm and left leg", "left knee", "left side". */
char *layout_side(const LayoutDose *dose, Side side, char *buf, size_t size);

/* "10 to 30 minutes a day, 1 to 3 times a day." or "" without a schedule. */
char *layout_schedule(const Node *schedule, char *buf, size_t size);

/* How many sessions a day the schedule asks for at most (1 if it does not say). */
uint32_t layout_times_a_day(const Node *schedule);

/* Days a week the schedule asks for at most (7 if it does not say). */
uint32_t layout_days_a_week(const Node *schedule);

/* Sessions a week the schedule prescribes, lowest and highest (times a
 * day times days a week; 0 and 0 without a schedule). */
void layout_sessions_per_week(const Node *schedule, uint32_t *lo, uint32_t *hi);

/* The programme's length in weeks (`for 8 weeks`; `for 10 days` rounds
 * up), or 0 when the schedule does not say. */
uint32_t layout_programme_weeks(const Node *schedule);

/* The time of day the schedule names ("morning"...), or NULL. */
const char *layout_time_of_day(const Node *schedule);

/* An exercise's kind in the patient's language ("strength" -> "Kräftigung"). */
const char *layout_kind(const char *word);

#endif
