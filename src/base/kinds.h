/*
 * kinds.h -- the kinds of exercise the language knows (`exercise "Bridge"
 * strength { ... }`, `kind stretch;`), listed once.
 *
 * The checker accepts these and suggests the closest for another word,
 * listing them all when none is close; the VM, lint, the handout and the
 * screen read what a kind is from its flags; the handout and the screen say
 * them in the patient's language (N_ marks them for gettext); tests/docs.sh
 * checks the README names every one (from the checker's list).  A pure
 * table in src/base, so that the libc-only core (the VM) reads it without
 * the front end.
 */
#ifndef ROUTINEC_KINDS_H
#define ROUTINEC_KINDS_H

#include <stddef.h>

#include "i18n.h"

/* What a kind is, for the checks that treat kinds alike (lint's rules,
 * the self-tests of the history and of the event stream). */
#define KIND_STRETCH   0x01u /* lengthens a muscle: held as a stretch */
#define KIND_STRENGTH  0x02u /* an effort: never a passive position */
#define KIND_WARM_UP   0x04u /* warms up: fit to start with, no volume of effort */
#define KIND_PREPARES  0x08u /* counts as preparation before strength work (RT106) */
#define KIND_POSITION  0x10u /* a passive position held (lying prone 5-15 min) */
#define KIND_CARDIO    0x20u /* continuous activity: its minutes are not a hold */
#define KIND_BALANCE   0x40u /* balance work: a fall is the risk */
#define KIND_SELF_TEST 0x80u /* a self-test (`test`): its results are charted */

/*   the word            what it is */
#define EXERCISE_KINDS(X)                                                  \
    X(N_("stretch"),     KIND_STRETCH | KIND_WARM_UP | KIND_PREPARES)      \
    X(N_("strength"),    KIND_STRENGTH)                                    \
    X(N_("isometric"),   KIND_STRENGTH)                                    \
    X(N_("mobility"),    KIND_WARM_UP | KIND_PREPARES)                     \
    X(N_("balance"),     KIND_BALANCE | KIND_PREPARES)                     \
    X(N_("warmup"),      KIND_WARM_UP | KIND_PREPARES)                     \
    X(N_("cardio"),      KIND_CARDIO | KIND_WARM_UP | KIND_PREPARES)       \
    X(N_("breathing"),   0)                                                \
    X(N_("endurance"),   KIND_STRENGTH)                                    \
    X(N_("flexibility"), KIND_STRETCH | KIND_WARM_UP | KIND_PREPARES)      \
    X(N_("relaxation"),  KIND_POSITION)                                    \
    X(N_("test"),        KIND_SELF_TEST)

/* The kinds' words, in the order above. */
extern const char *const kinds_words[];
extern const size_t kinds_count;

/* What `kind` (an exercise's kind as checked, or NULL) is: KIND_* of the
 * table, 0 for NULL or a word not in it. */
unsigned kinds_flags(const char *kind);

#endif
