/*
 * words.h -- what the session says to the patient in sentences, in one
 * place (the screen's own labels live in screen.c, the plain lines in
 * src/vm/events.c).  Calm, short, and the same on every host; in the
 * patient's language (i18n.h).
 */
#ifndef ROUTINEC_WORDS_H
#define ROUTINEC_WORDS_H

#include "i18n.h"

#define WORDS_ASK_PAIN _("How bad is the pain, 0 to 10? (0-9, t for 10, Enter to skip)")
#define WORDS_ASK_DIFFICULTY \
    _("How did it feel? 1 too easy \u00b7 2 right \u00b7 3 too hard \u00b7 Enter skip")
/* stages: questions during the session and the stage rules' proposals. */
#define WORDS_ASK_PAIN_LIMIT _("Pain: how bad, 0 to 9 (t for 10)? Enter stops the session.")
#define WORDS_ASK_PAIN_CHOICE _("g go on \u00b7 e easier version \u00b7 s stop")
/* TRANSLATORS: %s is the exercise's name, as the routine writes it. */
#define WORDS_ASK_EFFORT _("How hard did \"%s\" feel, 0 to 10? (t for 10; or just go on)")
/* TRANSLATORS: %s is the name of the next stage, as the routine writes it. */
#define WORDS_ASK_ADVANCE _("Your programme says you are ready for \"%s\". Move on now? y yes \u00b7 n not yet")
/* TRANSLATORS: %s is the name of the stage before, as the routine writes it. */
/* TRANSLATORS: %u is the number of a `build up to` step (1, 2, 3...). */
#define WORDS_ASK_ADVANCE_STEP _("Your programme says you are ready for step %u. Move on now? y yes \u00b7 n not yet")
#define WORDS_ASK_STEP_BACK_STEP _("After the pain, your programme suggests going back to step %u. Go back? y yes \u00b7 n no")
#define WORDS_MOVING_ON_STEP _("Moving on to step %u now.")
#define WORDS_GOING_BACK_STEP _("Going back to step %u now.")
#define WORDS_STAYING_STEP _("Staying at step %u for now.")
#define WORDS_ASK_STEP_BACK _("After the pain, your programme suggests going back to \"%s\". Go back? y yes \u00b7 n no")
/* TRANSLATORS: the answer to a stage proposal at the start; %s is a stage's name. */
#define WORDS_MOVING_ON _("Moving on to \"%s\" now.")
#define WORDS_GOING_BACK _("Going back to \"%s\" now.")
#define WORDS_STAYING _("Staying at \"%s\" for now.")
#define WORDS_SWITCHED _("Switched to: ")
#define WORDS_REGULAR_VERSION _("the regular version")
#define WORDS_THANKS _("thank you")
#define WORDS_SKIPPED _("skipped")
#define WORDS_PAIN_STOPPED _("The session was stopped because of pain.")
#define WORDS_SAFETY _("Safety: ")
#define WORDS_PAIN_DEFAULT _("Stop exercising and tell your therapist.")
#define WORDS_CONTINUING _("Continuing where you left off.")
#define WORDS_KEYS _("keys: ")
/* Sides named by their role (`affected side only`): which side is it? */
#define WORDS_ASK_SIDE _("Which side is affected? l left \u00b7 r right \u00b7 Enter not now")
#define WORDS_AFFECTED_SIDE _("Affected side: %s")
#define WORDS_AFFECTED_UNKNOWN \
    _("Affected side: not known -- the exercises for it say only \"affected side\"")
#define WORDS_NO_FULL_SCREEN _("this terminal cannot show the full screen (check TERM); showing plain lines")

#endif
