/*
 * opcodes.h -- the routinec instruction set, declared once.
 *
 * Every instruction is one opcode byte followed by zero to four operands,
 * each a 32-bit little-endian unsigned integer:
 *
 *     +--------+----------+----------+-----+
 *     | opcode | operand a| operand b| ... |      1 + 4*n bytes
 *     +--------+----------+----------+-----+
 *
 * The operand layout of each opcode is a string of operand kinds:
 *
 *     k  index into the constant pool (a UTF-8 string)
 *     K  like k, or OPERAND_NONE (0xFFFFFFFF) for "no text"
 *     j  absolute code offset of an instruction (a jump target)
 *     t  a duration in milliseconds
 *     n  a count (at least 1)
 *     s  a side: 0 none, 1 left, 2 right, 3 both together
 *     u  an amount or a code, any 32-bit value; what it may be is the
 *        opcode's own rule (verify.c, check_opcode_rules)
 *
 * The table below is the only list of opcodes.  It generates the Opcode
 * enum, the operand layouts and synopses used by the emitter, the
 * disassembler, the verifier and the VM, so they cannot disagree.  Only
 * bytecode.c and chunk.c read or write the encoding; everyone else goes
 * through insn_decode() and chunk_emit().
 *
 * A range (`repeat 8 to 12;` `hold 5s to 10s;`) is one instruction with
 * both ends: the upper end is what plays when nobody presses a key, and
 * what the verifier bounds; from the lower end on, the done key ends it.
 *
 * The instruction set has no unbounded loop: LOOP/END_LOOP repeat a body at
 * most a fixed number of times, and every other jump goes forward.  That is what
 * lets the verifier prove that a program ends and bound its duration.
 */
#ifndef ROUTINEC_OPCODES_H
#define ROUTINEC_OPCODES_H

#include <stddef.h>
#include <stdint.h>

#define OPERAND_NONE 0xFFFFFFFFu
#define MAX_OPERANDS 4

/* What an opcode means to the verifier, the code generator and the VM
 * beyond its operand layout: one bit each, read from the table instead of
 * hand lists in each of them. */
#define OPF_OPENS        0x01u /* opens a block closed by its PAIR */
#define OPF_CLOSES       0x02u /* closes the block its PAIR opened */
#define OPF_IN_EXERCISE  0x04u /* only inside an EXERCISE */
#define OPF_IN_LOOP      0x08u /* refers to the innermost LOOP's iteration */
#define OPF_NOT_EXERCISE 0x10u /* never inside an EXERCISE */
#define OPF_BRANCH       0x20u /* may jump forward to its JUMP operand, within
                                  its construct */
#define OPF_NO_FALL      0x40u /* never goes on to the next instruction */
#define OPF_PAST_PAIR    0x80u /* its JUMP operand is just past its PAIR (else
                                  at the PAIR itself) */

/* "No operand" in the DUR and JUMP columns; "no opcode" in the PAIR one. */
#define OPND_NO 0xFFu

/* The columns:
 *   name      the opcode (OP_name)
 *   operands  the operand layout, one kind letter each (above)
 *   flags     OPF_* without the prefix, joined by |, or 0
 *   pair      the other end of a block (an opener's closer, a closer's
 *             opener), or NONE
 *   dur       the operand that is the step's own longest duration (a 't'),
 *             or NO: the verifier adds it up to bound the session
 *   jump      the operand that is a jump target (a 'j'), or NO: the code
 *             generator back-patches it, the verifier checks it
 *   synopsis  shown by `routinec disasm` */
#define RT_OPCODES(X)                                                          \
    X(ROUTINE,      "k",    0,                      NONE,  NO, NO,             \
      "start the routine titled K(a)")                                         \
    X(SECTION,      "kKj",  OPENS|NOT_EXERCISE|PAST_PAIR, END_SECTION, NO, 2,  \
      "enter section K(a) of level K(b); when it is not selected, jump to "    \
      "J(c), just past its END_SECTION")                                       \
    X(END_SECTION,  "",     CLOSES,                 SECTION, NO, NO,           \
      "leave the innermost section")                                           \
    X(EXERCISE,     "kKKj", OPENS|NOT_EXERCISE,     END_EXERCISE, NO, 3,       \
      "begin exercise K(a) of kind K(b), variant K(c); J(d) is its "           \
      "END_EXERCISE, where `next` goes")                                       \
    X(END_EXERCISE, "",     CLOSES,                 EXERCISE, NO, NO,          \
      "finish the current exercise")                                           \
    X(POSITION,     "k",    IN_EXERCISE,            NONE,  NO, NO,             \
      "show the starting position K(a)")                                       \
    X(CUE,          "k",    IN_EXERCISE,            NONE,  NO, NO,             \
      "show and say the instruction K(a)")                                     \
    X(BREATHE,      "k",    IN_EXERCISE,            NONE,  NO, NO,             \
      "show and say the breathing cue K(a)")                                   \
    X(NOTE,         "k",    0,                      NONE,  NO, NO,             \
      "show the note K(a)")                                                    \
    X(SAFETY,       "k",    0,                      NONE,  NO, NO,             \
      "show the safety note K(a)")                                             \
    X(GATE,         "k",    0,                      NONE,  NO, NO,             \
      "show the condition K(a) for going on")                                  \
    X(GET_READY,    "t",    IN_EXERCISE,            NONE,  0,  NO,             \
      "give T(a) to get into position")                                        \
    X(LOOP,         "nnj",  OPENS|PAST_PAIR,        END_LOOP, NO, 2,           \
      "repeat the body up to the matching END_LOOP N(a) times; once N(b) "     \
      "are done, the done key ends it normally at J(c), just past END_LOOP")   \
    X(END_LOOP,     "j",    CLOSES|PAST_PAIR,       LOOP,  NO, 0,              \
      "go back to J(a), just past the LOOP, while iterations remain")          \
    X(SET,          "",     IN_EXERCISE|IN_LOOP,    NONE,  NO, NO,             \
      "announce the set: iteration of the innermost loop")                     \
    X(ROUND,        "K",    IN_LOOP,                NONE,  NO, NO,             \
      "announce a round of circuit K(a): iteration of the innermost loop")     \
    X(SIDE,         "sK",   IN_EXERCISE,            NONE,  NO, NO,             \
      "work side S(a) (3: both sides together), called K(b)")                  \
    X(SIDE_ROLE,    "uK",   IN_EXERCISE,            NONE,  NO, NO,             \
      "work the side of role U(a) (SideRole: 1 affected, 2 unaffected), "      \
      "called K(b): the patient's affected side says which it is")             \
    X(SIDE_ALT,     "sKK",  IN_EXERCISE|IN_LOOP,    NONE,  NO, NO,             \
      "alternate sides by iteration: S(a) called K(b) on even iterations, "    \
      "the other called K(c) on odd")                                          \
    X(REP,          "nn",   IN_EXERCISE|IN_LOOP,    NONE,  NO, NO,             \
      "announce rep (iteration / N(b)) + 1 of N(a)")                           \
    X(HOLD,         "t",    IN_EXERCISE,            NONE,  0,  NO,             \
      "hold for T(a)")                                                         \
    X(HOLD_UP_TO,   "tt",   IN_EXERCISE,            NONE,  0,  NO,             \
      "hold for up to T(a); after T(b) the patient may end it")                \
    X(HOLD_OPEN,    "",     IN_EXERCISE,            NONE,  NO, NO,             \
      "hold as long as the patient can; a key ends it")                        \
    X(TEMPO,        "t",    IN_EXERCISE,            NONE,  0,  NO,             \
      "move through one rep in T(a)")                                          \
    X(WAIT_KEY,     "",     IN_EXERCISE,            NONE,  NO, NO,             \
      "wait for the patient to say the rep or set is done")                    \
    X(REST,         "tt",   0,                      NONE,  0,  NO,             \
      "rest for T(a); after T(b) the patient may end it")                      \
    X(REST_BETWEEN, "tt",   IN_LOOP,                NONE,  0,  NO,             \
      "rest for T(a) (after T(b) the patient may end it) unless this is the "  \
      "last iteration of the innermost loop")                                  \
    /* leftopen: `rest as needed`: no number, the patient ends the rest */    \
    X(REST_OPEN,    "",     0,                      NONE,  NO, NO,             \
      "rest as needed: until the patient presses the done key")               \
    X(REST_BETWEEN_OPEN, "", IN_LOOP,               NONE,  NO, NO,             \
      "rest as needed unless this is the last iteration of the innermost "    \
      "loop")                                                                  \
    /* leftopen: what the routine never said, so `plan` can mark it */      \
    X(DEFAULT,      "",     0,                      NONE,  NO, NO,             \
      "the next instruction's value is routinec's built-in default, not "     \
      "written in the routine (for EXERCISE: its one set)")                   \
    X(WAIT_SET,     "nnt",  IN_EXERCISE,            NONE,  NO, NO,             \
      "wait for the patient to do N(a) reps at their own pace (N(b) are "     \
      "enough), each held T(c) (0: no hold), and say the set is done")        \
    X(IF_VARIANT,   "Kj",   BRANCH,                 NONE,  NO, 1,              \
      "unless variant K(a) was chosen, jump to J(b)")                          \
    X(IF_STEP,      "nnj",  BRANCH,                 NONE,  NO, 2,              \
      "unless the chosen progression step is within N(a)..N(b), jump to J(c)") \
    X(JUMP,         "j",    BRANCH|NO_FALL,         NONE,  NO, 0,              \
      "jump forward to J(a)")                                                  \
    X(END,          "",     NO_FALL,                NONE,  NO, NO,             \
      "end of the routine")                                                    \
    /* lang-b: frequency, load and effort, stages, locks, alternatives */      \
    X(SCHEDULE,     "uuuK", 0,                      NONE,  NO, NO,             \
      "prescribe how often: item U(a) (SCHED_CODE: kind, bound, wording) "     \
      "from U(b) to U(c) (0: no range), time of day K(d)")                     \
    X(EQUIPMENT,    "k",    0,                      NONE,  NO, NO,             \
      "fetch K(a) before starting")                                            \
    X(LOAD,         "uuuK", IN_EXERCISE,            NONE,  NO, NO,             \
      "work with a load of U(a) to U(b) thousandths of unit U(c) "             \
      "(LoadUnit), described as K(d)")                                         \
    X(EFFORT,       "uuu",  IN_EXERCISE,            NONE,  NO, NO,             \
      "it should feel like U(a) to U(b) on a scale of U(c)")                   \
    X(PAIN_LIMIT,   "uu",   IN_EXERCISE,            NONE,  NO, NO,             \
      "pain up to U(a) on a scale of U(b) is allowed")                         \
    X(STAGE,        "kj",   OPENS|NOT_EXERCISE|PAST_PAIR, END_STAGE, NO, 1,    \
      "play stage K(a) when it is the chosen one; otherwise jump to J(b), "    \
      "just past its END_STAGE")                                               \
    X(END_STAGE,    "",     CLOSES,                 STAGE, NO, NO,             \
      "leave the stage")                                                       \
    X(ADVANCE_RULE, "nu",   NOT_EXERCISE,           NONE,  NO, NO,             \
      "propose the next stage after N(a) sessions, when pain stayed at most "  \
      "U(b) (0xFFFFFFFF: any)")                                                \
    X(STEP_BACK_RULE, "n",  NOT_EXERCISE,           NONE,  NO, NO,             \
      "propose the stage before after N(a) pain stops")                        \
    X(LOCKED,       "kkj",  BRANCH|NOT_EXERCISE,    NONE,  NO, 2,              \
      "unless K(a) is enabled, say that section K(b) is locked and jump to "   \
      "J(c), past it")                                                         \
    X(OFFER,        "uKK",  IN_EXERCISE,            NONE,  NO, NO,             \
      "offer the alternative K(b) (U(a): 1 easier, 2 harder), for when K(c)")  \
    X(IF_ALT,       "ukkj", BRANCH,                 NONE,  NO, 3,              \
      "unless alternative K(c) (U(a): 1 easier, 2 harder) of exercise K(b) "   \
      "was chosen, jump to J(d)")                                              \
    /* tempo: `tempo 3s up, hold 2s, 3s down;` -- a rep in timed phases */    \
    X(TEMPO_PHASES, "tn",   IN_EXERCISE,            NONE,  NO, NO,             \
      "move through one rep in T(a), in the N(b) PHASE steps that follow "     \
      "(their times add up to T(a))")                                          \
    X(PHASE,        "unnt", IN_EXERCISE,            NONE,  3,  NO,             \
      "phase N(b) of N(c) of the rep: U(a) (TempoWord) for T(d)")

typedef enum {
#define X(name, operands, flags, pair, dur, jump, synopsis) OP_##name,
    RT_OPCODES(X)
#undef X
    OP__COUNT,
    OP_NONE = OP__COUNT /* the PAIR of an opcode that opens or closes nothing */
} Opcode;

typedef struct {
    const char *name;      /* "HOLD_UP_TO" */
    const char *operands;  /* operand kinds, one letter each */
    const char *synopsis;
    uint8_t n_operands;
    uint8_t flags;         /* OPF_* */
    uint8_t pair;          /* an Opcode, or OP_NONE */
    uint8_t dur;           /* operand index, or OPND_NO */
    uint8_t jump;          /* operand index, or OPND_NO */
} OpInfo;

typedef enum { SIDE_NONE = 0, SIDE_LEFT = 1, SIDE_RIGHT = 2, SIDE_BOTH = 3 } Side;

/* A side named by its role (`repeat 10 affected side only;`): which side
 * it is belongs to the patient (`run --affected left`), not the routine. */
typedef enum { ROLE_NONE = 0, ROLE_AFFECTED = 1, ROLE_UNAFFECTED = 2, ROLE__COUNT } SideRole;

/* "affected", "unaffected", or NULL. */
const char *side_role_name(SideRole role);

/* ---- lang-b: the values SCHEDULE and LOAD carry --------------------- */

typedef enum {
    SCHED_DAILY_TIME,   /* 10min to 30min a day      lo, hi in ms */
    SCHED_TIMES_A_DAY,  /* 1 to 3 times a day        */
    SCHED_DAYS_A_WEEK,  /* 3 to 5 days a week        */
    SCHED_TIME_OF_DAY,  /* in the morning            word = "morning" */
    /* lang-b: frequency in the words handouts use */
    SCHED_TIMES_A_WEEK, /* 3 times a week, twice a week */
    SCHED_EVERY,        /* every 2 hours, hourly     lo = interval in ms */
    SCHED_MOST_DAYS,    /* most days                 (at least 4 of 7) */
    SCHED_FOR_WEEKS,    /* for 8 weeks               the programme's length */
    SCHED_FOR_DAYS,     /* for 10 days */
} ScheduleKind;

/* How a schedule count binds: exactly, at least, or at most. */
typedef enum { SCHED_EXACTLY, SCHED_AT_LEAST, SCHED_UP_TO } ScheduleBound;

/* The word a therapist wrote for a count (kept for showing it back). */
typedef enum {
    SCHED_SAID_NUMBER, SCHED_SAID_ONCE, SCHED_SAID_TWICE, SCHED_SAID_DAILY,
    SCHED_SAID_EVERY_DAY, SCHED_SAID_HOURLY, SCHED_SAID_EVERY_OTHER_DAY,
} ScheduleSaid;

/* SCHEDULE's operand a packs kind, bound and wording into one number:
 *     bits 0-7 kind, 8-11 bound, 12-15 said; the rest 0. */
#define SCHED_CODE(kind, bound, said) \
    ((uint32_t)(kind) | (uint32_t)(bound) << 8 | (uint32_t)(said) << 12)
#define SCHED_CODE_KIND(code)  ((ScheduleKind)((code) & 0xFFu))
#define SCHED_CODE_BOUND(code) ((ScheduleBound)((code) >> 8 & 0xFu))
#define SCHED_CODE_SAID(code)  ((ScheduleSaid)((code) >> 12 & 0xFu))
#define SCHED_KIND__COUNT  (SCHED_FOR_DAYS + 1)
#define SCHED_BOUND__COUNT (SCHED_UP_TO + 1)
#define SCHED_SAID__COUNT  (SCHED_SAID_EVERY_OTHER_DAY + 1)

/* What a load is measured in (LOAD's operand c). */
typedef enum { LOAD_NONE, LOAD_LB, LOAD_KG, LOAD_G, LOAD_OZ, LOAD_UNIT__COUNT } LoadUnit;

/* "at least 3 times a day", "twice a week", "every 2h", "for 8 weeks",
 * "in the morning": a schedule item in words, into buf (NUL-terminated);
 * `word` is the time of day (or NULL).  Returns buf. */
char *schedule_describe(uint32_t code, uint32_t lo, uint32_t hi, const char *word, char *buf,
                        size_t size);

/* "5lb", "2.5kg", "5 to 10lb" (amounts in thousandths of the unit); "" for
 * LOAD_NONE. */
char *load_describe(uint32_t lo, uint32_t hi, uint32_t unit, char *buf, size_t size);

/* ---- tempo phases -------------------------------------------------- */

#ifndef N_
#define N_(text) (text) /* marks a word for translation (i18n.h) */
#endif

/* How a phase moves: away from the start (`up`, `lift`, `push`), back to
 * it (`down`, `lower`, `return`), or not at all (`hold`, `pause`). */
typedef enum { TEMPO_GO, TEMPO_BACK, TEMPO_STILL } TempoMotion;

/* The words of a tempo's phases (`tempo 1s up, hold 2s, 3s down;`), one
 * table.  Columns: the name (TEMPO_name), the word written (what `fmt`
 * prints and the events' "phase"), how it moves, what the screen shows
 * and the voice says, and the handout's phrase for it ("3 seconds to
 * lift"; "hold for 2 seconds").  A new word is one line here, and its
 * German and Spanish in po/. */
#define TEMPO_WORDS(X)                                                        \
    X(UP,      "up",      GO,    N_("Up"),      N_("%s to lift"))             \
    X(DOWN,    "down",    BACK,  N_("Down"),    N_("%s to lower"))            \
    X(LIFT,    "lift",    GO,    N_("Lift"),    N_("%s to lift"))             \
    X(RAISE,   "raise",   GO,    N_("Raise"),   N_("%s to raise"))            \
    X(LOWER,   "lower",   BACK,  N_("Lower"),   N_("%s to lower"))            \
    X(PUSH,    "push",    GO,    N_("Push"),    N_("%s to push"))             \
    X(PULL,    "pull",    GO,    N_("Pull"),    N_("%s to pull"))             \
    X(RETURN,  "return",  BACK,  N_("Return"),  N_("%s to return"))           \
    X(IN,      "in",      GO,    N_("In"),      N_("%s to move in"))          \
    X(OUT,     "out",     BACK,  N_("Out"),     N_("%s to move out"))         \
    X(SQUEEZE, "squeeze", GO,    N_("Squeeze"), N_("%s to squeeze"))          \
    X(RELAX,   "relax",   BACK,  N_("Relax"),   N_("%s to relax"))            \
    X(HOLD,    "hold",    STILL, N_("Hold"),    N_("hold for %s"))            \
    X(PAUSE,   "pause",   STILL, N_("Pause"),   N_("pause for %s"))           \
    /* after the others: a phase's word is its index in the bytecode */    \
    X(OPEN,    "open",    GO,    N_("Open"),    N_("%s to open"))             \
    X(CLOSE,   "close",   BACK,  N_("Close"),   N_("%s to close"))           \
    /* `tempo slow;`, `repeat 10 slowly;`: the whole rep, at a slow pace */ \
    X(SLOWLY,  "slowly",  GO,    N_("Slowly"),  N_("%s for each repetition, slowly"))

typedef enum {
#define X(name, word, motion, label, phrase) TEMPO_##name,
    TEMPO_WORDS(X)
#undef X
    TEMPO_WORD__COUNT
} TempoWord;

typedef struct {
    const char *word;   /* "up" */
    TempoMotion motion;
    const char *label;  /* "Up": translate with _() where shown */
    const char *phrase; /* "%s to lift": translate with _() */
} TempoWordInfo;

extern const TempoWordInfo tempo_words[TEMPO_WORD__COUNT];

/* How long a repetition takes when the handout says only "slowly"
 * (`tempo slow;`): about 2 s each way, the usual "slow and controlled". */
#define TEMPO_SLOW_MS 4000u

/* The phase word `word` (len bytes, as written: lower case; `slow` is
 * `slowly`), or TEMPO_WORD__COUNT when it is none. */
TempoWord tempo_word_of(const char *word, size_t len);

/* The words, "up, down, lift, ..." (for a message), into buf. */
char *tempo_word_list(char *buf, size_t size);

/* One decoded instruction. */
typedef struct {
    Opcode op;
    uint32_t operand[MAX_OPERANDS];
    uint32_t length;  /* encoded length in bytes */
} Insn;

extern const OpInfo op_info[OP__COUNT];

/* Encoded length of an instruction with opcode `op` (which must be valid). */
static inline uint32_t op_length(Opcode op) {
    return 1u + 4u * op_info[op].n_operands;
}

/* Decode the instruction at code[pc].  Returns 0 if there is no complete,
 * valid opcode there (the verifier has already ruled that out for any
 * program the VM runs). */
int insn_decode(const uint8_t *code, uint32_t code_len, uint32_t pc, Insn *out);

const char *side_name(Side side); /* "left", "right", "both" or NULL */

/* ---- the words the compiler writes into a program ---------------------
 * A side named by its role or worked both at once ("operated leg", "both
 * legs"), a side with a body part ("left knee", from `side "knee"`) and a
 * self-test's `stop if "TEXT"` (the cue "Press Enter when TEXT") are
 * English in the bytecode, and so in the JSON stream, which programs read.
 * The hosts say them in the patient's language by taking them apart again
 * (events_side_label, events_cue_words): these functions are the one
 * definition of those forms for the compiler that builds them and the
 * hosts that read them. */

/* The phrases of a side by its role: row 0 both at once ("both legs"),
 * row 1 + a RoleWord (front/ast.h); column a Limb (side, leg, arm, foot,
 * hand).  NULL out of range. */
#define SIDE_PHRASE_ROWS 13u
#define SIDE_PHRASE_LIMBS 5u
const char *side_phrase(unsigned row, unsigned limb);

/* The phrase equal to `label` (the msgid to translate), or NULL: one of
 * side_phrase's, or a side counted by a limb ("left leg"). */
const char *side_phrase_find(const char *label);

/* "left knee": a side with the therapist's body part.  Returns buf. */
char *side_part_label(Side side, const char *part, char *buf, size_t size);

/* The body part of a label side_part_label built for `side`, or NULL. */
const char *side_label_part(const char *label, Side side);

/* What a `stop if` cue begins with; the therapist's TEXT follows. */
#define STOP_IF_LEAD "Press Enter when "

/* The TEXT of a cue built from `stop if "TEXT"`, or NULL for any other. */
const char *stop_if_text(const char *cue);

/* Whether `op` has every flag in `flags` (OPF_*). */
static inline int op_has(Opcode op, unsigned flags) {
    return (op_info[op].flags & flags) == flags;
}

/* Where the jump operand of an opener or closer must point, given where
 * it and its pair start: at the pair, or just past it (OPF_PAST_PAIR). */
static inline uint32_t op_pair_target(Opcode op, uint32_t pair_pc) {
    Opcode pair = (Opcode)op_info[op].pair;
    return op_has(op, OPF_PAST_PAIR) ? pair_pc + op_length(pair) : pair_pc;
}

#endif
