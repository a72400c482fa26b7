/*
 * sema.h -- the semantic pass: checks a parsed routine and resolves every
 * exercise that is played into an ExerciseSpec.
 *
 * Settings (hold, repeat, rests...) come in layers, later ones winning:
 *
 *     built-in defaults < routine < section(s) < exercise definition
 *                       < variant < `do "Name" { overrides }`
 *
 * A Settings records, for each setting, the statement that set it, so that
 * every resolved number keeps the place it was written (for diagnostics and
 * for the linter).
 */
#ifndef ROUTINEC_SEMA_H
#define ROUTINEC_SEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"

typedef enum {
    SET_HOLD,           /* NODE_HOLD */
    SET_REPEAT,         /* NODE_REPEAT */
    SET_SETS,           /* NODE_SETS */
    SET_TEMPO,          /* NODE_TEMPO */
    SET_OWN_PACE,       /* NODE_OWN_PACE */
    SET_GET_READY,      /* NODE_GET_READY */
    SET_REST_REPS,      /* NODE_REST, REST_BETWEEN_REPS ... */
    SET_REST_SIDES,
    SET_REST_SETS,
    SET_REST_ROUNDS,
    SET_REST_EXERCISES,
    SET_REST_AFTER,
    SET_SIDE_PART,      /* NODE_SIDE_PART */
    SET_LEFT_LABEL,     /* NODE_SIDE_LABEL, left */
    SET_RIGHT_LABEL,    /* NODE_SIDE_LABEL, right */
    SET_FIRST_SIDE,     /* NODE_SIDE_FIRST */
    SET_BUILD_UP,       /* NODE_BUILD_UP */
    SET_KIND,           /* NODE_KIND */
    /* lang-b */
    SET_LOAD,           /* NODE_LOAD */
    SET_EFFORT,         /* NODE_EFFORT */
    SET_PAIN_LIMIT,     /* NODE_PAIN_LIMIT */
    SET_SIDE_ORDER,     /* NODE_SIDE_ORDER: one side at a time */
    SET__COUNT
} SettingId;

typedef struct {
    const Node *node[SET__COUNT]; /* the statement that set it, or NULL */
} Settings;

/* The setting a statement sets, or SET__COUNT when it sets none. */
SettingId sema_setting_of(const Node *n);

/* Built-in defaults, in milliseconds (documented in the README). */
#define DEFAULT_GET_READY_MS   5000u
#define DEFAULT_REST_REPS_MS   2000u /* when the exercise holds; else 0 */
#define DEFAULT_REST_SIDES_MS  5000u
#define DEFAULT_REST_SETS_MS  30000u
#define DEFAULT_REST_ROUNDS_MS 30000u
#define DEFAULT_TEMPO_MS       3000u

/* One exercise as it is played at one place in the routine. */
struct ExerciseSpec {
    const Node *def;      /* the NODE_EXERCISE that defines it */
    const Node *variant;  /* NODE_VARIANT this spec plays, or NULL */
    const Node *site;     /* the NODE_USE or inline NODE_EXERCISE that plays it */
    const char *name;     /* exercise name */
    const char *kind;     /* "stretch"... or NULL */
    Settings settings;    /* fully layered */
    const Node **texts;   /* position, cues, breathing, notes, safety, in order */
    ExerciseSpec **variants; /* the variants that can replace it here */
    uint32_t n_texts;     /* (the counts together: no padding, one spec per play) */
    uint32_t n_variants;
};

/* Resolved values, defaults applied. */
uint32_t spec_reps(const ExerciseSpec *spec);        /* the upper end of a range */
uint32_t spec_reps_least(const ExerciseSpec *spec);  /* its lower end, or spec_reps */
uint32_t spec_sets_least(const ExerciseSpec *spec);  /* likewise for sets */
uint32_t spec_hold_least_ms(const ExerciseSpec *spec); /* 0 for a ceiling */
uint32_t spec_least_ms(const ExerciseSpec *spec, SettingId id); /* lower end of a rest */
SideMode spec_sides(const ExerciseSpec *spec);
uint32_t spec_sets(const ExerciseSpec *spec);
bool     spec_has_hold(const ExerciseSpec *spec);
HoldMode spec_hold_mode(const ExerciseSpec *spec);
uint32_t spec_hold_ms(const ExerciseSpec *spec);
uint32_t spec_tempo_ms(const ExerciseSpec *spec);       /* 0 when it holds and no tempo was set */
bool     spec_own_pace(const ExerciseSpec *spec, PaceScope *per);
/* `tempo 3s up, 5s down;`: its phases in order (NULL for a tempo of one
 * duration, or none), how many in *n (may be NULL). */
const TempoPhase *spec_tempo_phases(const ExerciseSpec *spec, uint32_t *n);
uint32_t spec_ms(const ExerciseSpec *spec, SettingId id); /* get ready and rests */
/* `rest as needed ...;`: the rest `id` waits for the patient (spec_ms is 0). */
bool     spec_rest_as_needed(const ExerciseSpec *spec, SettingId id);
Side     spec_first_side(const ExerciseSpec *spec);
bool     spec_one_side_at_a_time(const ExerciseSpec *spec); /* all sets on one side first */

/* The progression steps of `spec`: n_steps >= 1; value of step i (0-based)
 * in reps (BUILD_REPS), sets (BUILD_SETS) or hold ms (BUILD_HOLD). */
uint32_t spec_steps(const ExerciseSpec *spec);
uint32_t spec_step_value(const ExerciseSpec *spec, uint32_t step);

/* A checked routine. */
typedef struct {
    const Node *routine;       /* NODE_ROUTINE */
    uint32_t routine_file;     /* file it is in */
    Settings defaults;         /* routine-level settings */
    const Node **exercises;    /* every definition, in source order */
    uint32_t n_exercises;
    uint32_t n_played;         /* exercise uses in the routine */
    const Node *schedule;      /* the routine's NODE_SCHEDULE, or NULL */
    /* A library (library mode: no routine): each definition of the main
     * file resolved alone, in source order, its variants in ->variants. */
    ExerciseSpec **library;
    uint32_t n_library;
} Model;

/* lang-b: the scale of `effort` and `pain limit` when none is written. */
#define DEFAULT_SCALE 10u

/* The parsed files: tree[i] is the statement list of sources file i. */
typedef struct {
    Node **trees;
    uint32_t n_trees;
} ParsedFiles;

/* Check everything and fill `model`.  Returns false if any error was
 * reported (the model may then be partial).  With `library_ok` (library
 * mode), a main file without a routine (a library of exercises) is checked
 * without complaint: model->routine is then NULL and model->library holds
 * its definitions, each resolved as if played alone. */
bool sema_check(Arena *arena, Diag *diag, const ParsedFiles *files, bool library_ok, Model *model);

#endif
