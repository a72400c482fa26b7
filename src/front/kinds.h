/*
 * kinds.h -- the kinds of exercise the language knows (`exercise "Bridge"
 * strength { ... }`, `kind stretch;`), listed once.
 *
 * The checker accepts these and suggests the closest for another word,
 * listing them all when none is close; the handout and the screen say them
 * in the patient's language (N_ marks them for gettext); tests/docs.sh
 * checks the README names every one (from the checker's list).
 */
#ifndef ROUTINEC_KINDS_H
#define ROUTINEC_KINDS_H

#include <stddef.h>

#include "i18n.h"

#define EXERCISE_KINDS(X)                                                                     \
    X(N_("stretch")) X(N_("strength")) X(N_("isometric")) X(N_("mobility")) X(N_("balance")) \
    X(N_("warmup")) X(N_("cardio")) X(N_("breathing")) X(N_("endurance"))                   \
    X(N_("flexibility")) X(N_("relaxation")) X(N_("test"))

/* The kinds, in the order above. */
extern const char *const sema_kinds[];
extern const size_t sema_n_kinds;

#endif
