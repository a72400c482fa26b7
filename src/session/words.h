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
#define WORDS_THANKS _("thank you")
#define WORDS_SKIPPED _("skipped")
#define WORDS_PAIN_STOPPED _("The session was stopped because of pain.")
#define WORDS_SAFETY _("Safety: ")
#define WORDS_PAIN_DEFAULT _("Stop exercising and tell your therapist.")
#define WORDS_CONTINUING _("Continuing where you left off.")
#define WORDS_KEYS _("keys: ")
#define WORDS_NO_FULL_SCREEN _("this terminal cannot show the full screen (check TERM); showing plain lines")

#endif
