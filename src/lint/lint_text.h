/*
 * lint_text.h -- what the words of a routine say, read once.
 *
 * A text is normalised in one pass: case folded, typographic apostrophes
 * and quotes read as ASCII ones, contractions split ("don't" -> "do not",
 * "can’t" -> "can not"), hyphens and punctuation split words, and
 * punctuation remembered as clause breaks.  The words are then matched
 * against one table of phrases (lint_text.c), each phrase naming the class
 * of thing it says (a breath hold, pushing into pain, a support nearby...).
 * A phrase in the scope of a negation is not counted, unless the phrase
 * itself starts with one ("not breathe ~ until").  A negation ("not",
 * "never", "no", "without", "avoid", "instead of", "let go of") reaches
 * over the words after it in its clause, up to a word that opens another
 * clause ("but", "then", "until", "if", "and push"...); two negations
 * cancel ("don't forget to", "without letting go of").
 *
 * Rules ask what a text says (lint_text_scan) and quote the words that
 * decided it.
 */
#ifndef ROUTINEC_LINT_TEXT_H
#define ROUTINEC_LINT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The classes of things a text can say: name, and what it means. */
#define LINT_SAYS(X)                                                        \
    X(BREATH_HOLD)   /* hold your breath, bear down, strain as hard as... */ \
    X(PAIN_PUSH)     /* push through the pain, no pain no gain */            \
    X(PAIN_STOP)     /* stop if it hurts: what to do on pain */              \
    X(PAIN_FREE)     /* stop at any pain, it should not hurt: no pain at all */ \
    X(BALLISTIC)     /* bounce, jerk, use momentum */                        \
    X(BOB)           /* bob, pulse: ballistic when stretching */             \
    X(NECK_PULL)     /* pull on your neck / head */                          \
    X(HANDS_HEAD)    /* hands behind your head */                            \
    X(NECK_CARE)     /* support your head, do not pull on your neck */       \
    X(SIT_UP)        /* a full sit-up */                                     \
    X(AVOID_SIT_UP)  /* avoid sit-ups: the author's own advice */            \
    X(EYES_CLOSED)   /* close your eyes */                                   \
    X(ONE_LEG)       /* stand on one leg, tandem stance */                   \
    X(UNSTABLE)      /* stand on a cushion, a wobble board */                \
    X(STANDING)      /* stand, standing */                                   \
    X(SUPPORT)       /* hold on to a chair, near a counter */                \
    X(MAXIMAL)       /* as hard as you can, until failure */                 \
    X(FLEXION)       /* knees to chest, sit-ups, touch your toes */          \
    X(PASSIVE)       /* traction, let gravity, relax completely */           \
    X(TRUNK)         /* plank, bird dog, side bridge, curl-up: low back */   \
    X(STRETCH)       /* the word stretch, the end of the range */            \
    X(NO_GATE)       /* "whenever you like": a `when` that asks for nothing */ \
    X(CALENDAR)      /* days, weeks, sessions: a date, not a condition */    \
    X(CONDITION)     /* can, easy, pain, steady: what a patient can check */ \
    X(EFFORT_WORD)   /* effort, exertion, RPE: a scale that is not pain */

typedef enum {
#define X(name) LINT_SAYS_##name,
    LINT_SAYS(X)
#undef X
    LINT_SAYS__COUNT
} LintSays;

/* Where in the text a phrase was found: bytes [start, end). */
typedef struct {
    uint32_t start, end;
} LintSpan;

/* What one text says: a bit per class, and the first place of each. */
typedef struct {
    uint32_t mask;
    LintSpan at[LINT_SAYS__COUNT];
} LintSaid;

/* The compiled phrase table; built once per lint run. */
typedef struct LintLexicon LintLexicon;

LintLexicon *lint_lexicon_new(void);
void lint_lexicon_free(LintLexicon *lex);

/* Read `text` (NUL-terminated) once and say what it says.  Never fails:
 * a text too long for the scratch space is read in its first part. */
void lint_text_scan(const LintLexicon *lex, const char *text, LintSaid *said);

static inline bool lint_says(const LintSaid *said, LintSays what) {
    return (said->mask >> what) & 1u;
}

#endif
