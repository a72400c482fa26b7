/*
 * ast.h -- the syntax tree of a routine file.
 *
 * The grammar is deliberately uniform: a file is a list of statements, and
 * a block `{ ... }` is a list of statements.  The parser accepts any
 * statement in any block; the semantic pass (sema.c) decides what belongs
 * where and says so kindly ("`hold` belongs inside an exercise").  That
 * keeps syntax errors for real typos and gives better messages for the
 * rest.
 *
 * Every node carries its Loc.  Nodes and strings live in the compilation's
 * arena.
 */
#ifndef ROUTINEC_AST_H
#define ROUTINEC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "opcodes.h" /* Side */
#include "source.h"

/* A quoted text or a word, NUL-terminated, with where it was written. */
typedef struct {
    const char *s; /* NULL when absent */
    uint32_t len;
    Loc loc;
} Str;

/* A number or a duration as written.  Durations are in milliseconds.
 * `overflow` is set when the literal does not fit in 64 bits; the semantic
 * pass reports it with the context ("repeat count is far too large"). */
typedef struct {
    uint64_t value;
    bool overflow;
    bool present;
    Loc loc;
    uint32_t unit_ms; /* a duration: the ms of its last unit ("10s": 1000) */
} Num;

typedef enum {
    TEXT_CUE,       /* cue "...";        shown and spoken during the exercise */
    TEXT_BREATHE,   /* breathe "...";    a breathing cue, shown and spoken */
    TEXT_POSITION,  /* position "...";   the starting position */
    TEXT_NOTE,      /* note "...";       shown to the patient */
    TEXT_SAFETY,    /* safety "...";     shown at the start and on a pain stop */
    TEXT_WHEN,      /* when "...";       the condition for a level or variant */
    TEXT_THERAPIST, /* therapist "...";  for the therapist only, never shown */
    TEXT_STOP_IF,   /* stop if "...";    when to end a self-test (`test`), shown as a cue */
} TextRole;

typedef enum {
    SIDES_NONE,           /* repeat 10;                         */
    SIDES_EACH,           /* repeat 10 each side;   all of one side, then the other */
    SIDES_ALTERNATING,    /* repeat 10 alternating; 10 in all, sides taking turns */
    SIDES_EACH_ALTERNATING, /* repeat 10 each side alternating; 10 per side, taking turns */
    SIDES_LEFT_ONLY,      /* repeat 10 left only; */
    SIDES_RIGHT_ONLY,     /* repeat 10 right only; */
    SIDES_BOTH,           /* repeat 10 both sides together; (both legs, both arms) once */
    SIDES_ROLE,           /* repeat 10 affected side only; the patient's side of that role */
} SideMode;

/* The words of `repeat 10 operated leg only;` and `both arms`: the role
 * word says which side (ast_role_of), the limb what it is called. */
typedef enum {
    ROLE_WORD_AFFECTED, ROLE_WORD_OPERATED, ROLE_WORD_WEAKER, ROLE_WORD_INJURED,
    ROLE_WORD_PAINFUL, ROLE_WORD_SORE, ROLE_WORD_INVOLVED,
    /* from here on, the unaffected side (ast_role_of) */
    ROLE_WORD_UNAFFECTED, ROLE_WORD_STRONGER, ROLE_WORD_OTHER, ROLE_WORD_GOOD, ROLE_WORD_UNINJURED,
    ROLE_WORD__COUNT
} RoleWord;
typedef enum { LIMB_SIDE, LIMB_LEG, LIMB_ARM, LIMB_FOOT, LIMB_HAND, LIMB__COUNT } Limb;

/* The role a role word names: ROLE_AFFECTED or ROLE_UNAFFECTED. */
SideRole ast_role_of(RoleWord word);

/* What the patient sees for SIDES_BOTH and SIDES_ROLE: "both sides
 * together", "both legs", "operated leg", "weaker side"; NULL for the
 * other modes. */
const char *ast_side_words(SideMode mode, RoleWord word, Limb limb, char *buf, size_t size);
/* The limb a side is counted by ("leg" of `10 each leg`); NULL for `side`. */
const char *ast_limb_word(Limb limb);

typedef enum {
    REST_STEP,          /* rest 30s;                   a break in the sequence */
    REST_BETWEEN_REPS,  /* rest 2s between reps;       */
    REST_BETWEEN_SIDES, /* rest 5s between sides;      */
    REST_BETWEEN_SETS,  /* rest 30s between sets;      */
    REST_BETWEEN_ROUNDS,/* rest 1min between rounds;   */
    REST_BETWEEN_EXERCISES, /* rest 10s between exercises; */
    REST_AFTER,         /* rest 20s after;             after this exercise */
} RestScope;

typedef enum {
    HOLD_MODE_FIXED,   /* hold 5s;  hold about 5s;           */
    HOLD_MODE_UP_TO,   /* hold up to 5s;   the patient may stop early */
    HOLD_MODE_OPEN,    /* hold as long as you can;   a key ends it */
} HoldMode;

typedef enum { PACE_PER_REP, PACE_PER_SET } PaceScope;

typedef enum { BUILD_REPS, BUILD_HOLD, BUILD_SETS } BuildTarget;

/* ScheduleKind, ScheduleBound, ScheduleSaid: opcodes.h (the bytecode carries them). */

/* LoadUnit: opcodes.h. */
/* A weight as written: `5lb`, `2.5kg`; amount in thousandths of the unit. */
typedef struct {
    Num amount;
    LoadUnit unit;
} Weight;

/* equipment "chair", "towel"; */
typedef struct TextItem TextItem;
struct TextItem {
    Str text;
    TextItem *next;
};

/* variant (any name), or the alternatives `easier` and `harder`. */
typedef enum { ALT_VARIANT, ALT_EASIER, ALT_HARDER } AltDirection;

typedef struct ScheduleItem ScheduleItem;
struct ScheduleItem {
    ScheduleKind kind;
    Num lo, hi;        /* hi.present is false for a single value */
    Str word;          /* SCHED_TIME_OF_DAY */
    ScheduleBound bound;
    ScheduleSaid said;
    Loc loc;
    ScheduleItem *next;
};

/* One phase of `tempo 3s up, 5s down;`: the word as written and what it
 * is (TEMPO_WORD__COUNT: not a phase word, or none was written), and its
 * duration (absent when none was written; sema reports both). */
typedef struct TempoPhase TempoPhase;
struct TempoPhase {
    Str word;
    TempoWord code;
    Num ms;
    bool implied;      /* `slowly` with no time: TEMPO_SLOW_MS, a default */
    Loc loc;
    TempoPhase *next;
};

/* Every kind: its NODE_ name, its member of Node.as, its keyword. */
#define AST_NODES(X)                                                          \
    X(ROUTINE, routine, "routine")       X(SECTION, section, "section")       \
    X(EXERCISE, exercise, "exercise")    X(USE, use, "do")                    \
    X(CIRCUIT, circuit, "circuit")       X(VARIANT, variant, "variant")       \
    X(INCLUDE, include, "include")       X(TEXT, text, "text")                \
    X(HOLD, hold, "hold")                X(REPEAT, repeat, "repeat")          \
    X(SETS, sets, "sets")                X(REST, rest, "rest")                \
    X(TEMPO, tempo, "tempo")             X(OWN_PACE, own_pace, "at own pace") \
    X(GET_READY, get_ready, "get ready") X(SIDE_PART, side_part, "side")      \
    X(SIDE_LABEL, side_label, "side")    X(SIDE_FIRST, side_first, "first")   \
    X(BUILD_UP, build_up, "build up")    X(SCHEDULE, schedule, "schedule")    \
    X(ALLOW, allow, "allow")             X(KIND, kind, "kind")                \
    X(PICTURE, picture, "picture")                                           \
    /* lang-b: load, effort, pain limit, stages, rules */                      \
    X(LOAD, load, "load")                X(EQUIPMENT, equipment, "equipment") \
    X(EFFORT, effort, "effort")          X(PAIN_LIMIT, pain_limit, "pain limit") \
    X(STAGE, stage, "stage")             X(ADVANCE, advance, "advance")       \
    X(STEP_BACK, step_back, "step back")                                      \
    /* sides: all sets on one side, then all on the other */                   \
    X(SIDE_ORDER, side_order, "one side at a time")

typedef enum {
#define X(name, member, word) NODE_##name,
    AST_NODES(X)
#undef X
    NODE__COUNT
} NodeKind;

/* The statement's keyword, for messages: "hold", "do", "at own pace". */
extern const char *const node_words[NODE__COUNT];

typedef struct ExerciseSpec ExerciseSpec; /* sema.h: the resolved exercise */

/*
 * A statement.  A node only has storage for its own kind's member of `as`:
 * ast_node() allocates offsetof(Node, as) plus the size of that member, so
 * a `hold` takes 72 bytes, not the 136 of the largest kind (the idea of
 * SQLite's reduced-size Expr).  Hence:
 *   - read or write only n->as.<member of n->kind>, after checking the kind;
 *   - never copy a whole Node (`*a = *b`), declare one, or take sizeof to
 *     allocate one: always ast_node().
 */
typedef struct Node Node;
struct Node {
    NodeKind kind;
    Loc loc;      /* the whole statement */
    Node *next;   /* next statement in the same block */
    union {
        struct { Str title; Node *body; } routine;          /* routine "T" { } */
        /* section "N" [level W] [requires "unlock"] { } */
        struct { Str name; Str level; Node *body; Str requires; } section;
        /* exercise "N" [KIND] { }  -- a definition; inside a section or
         * circuit it is also played there. */
        struct { Str name; Str kind; Node *body; ExerciseSpec *spec; } exercise;
        /* do "N" [variant "V"] ;  or  do "N" { overrides } */
        struct { Str name; Str variant; Node *body; ExerciseSpec *spec; } use;
        struct { Str name; Num rounds; Node *body; } circuit; /* circuit ["N"] 3 rounds { } */
        /* variant "N" [level W] { }   easier|harder "N" [when "..."] { } */
        struct { Str name; Str level; Node *body; AltDirection dir; Str when; } variant;
        struct { Str path; } include;                        /* include "lib.rt"; */
        struct { TextRole role; Str text; } text;
        /* ms absent for HOLD_MODE_OPEN.  A range or a ceiling (`hold 5s to
         * 10s;` `hold up to 10s;`) is HOLD_MODE_UP_TO, `least` its lower end
         * (absent for a ceiling): ms is what the session counts on to. */
        struct { HoldMode mode; Num ms; Num least;
                 /* hold 30s each leg: the sides, given to `repeat` by the checker */
                 SideMode sides; uint8_t role_word, limb; } hold;
        /* repeat 10 [times] [each side]; repeat 8 to 12 (`least` 8);
         * repeat up to 10 (`ceiling`: `least` 1, as written nowhere) */
        struct { Num count; SideMode sides; Num least; bool ceiling;
                 uint8_t role_word, limb; /* SIDES_ROLE, SIDES_BOTH: RoleWord, Limb */
                 bool implied; /* no `repeat` written: made for `hold 30s each leg;` */ } repeat;
        struct { Num count; Num least; } sets;               /* sets 3; sets 2 to 3; */
        /* rest 30s to 1min ...;  rest as needed ...; (`as_needed`: no ms, the
         * patient ends it) */
        struct { Num ms; RestScope scope; Num least; bool as_needed; } rest;
        /* tempo 3s;  tempo 3s up, hold 2s, 3s down; (`phases`: NULL for one
         * duration; `ms` is then their sum, as the parser added it up) */
        struct { Num ms; TempoPhase *phases; uint32_t n_phases; } tempo;
        struct { PaceScope per; } own_pace;                  /* at [your] own pace [per rep|per set]; */
        struct { Num ms; } get_ready;                        /* get ready 5s; */
        struct { Str part; } side_part;                      /* side "knee"; */
        struct { Side side; Str label; } side_label;         /* left side "left arm and right leg"; */
        struct { Side side; } side_first;                    /* right side first; */
        /* build up to 20 [times] [by 5] [when "..."];
         * build up to 10s [holds] [by 2s] [when "..."];
         * build up to 3 sets [by 1] [when "..."]; */
        struct { BuildTarget target; Num to; Num by; Str when; } build_up;
        struct { ScheduleItem *items; } schedule;            /* schedule A, B, C; */
        struct { Str rule; Str reason; } allow;              /* allow RT102 "reason"; */
        struct { Str word; } kind;                           /* kind stretch; */
        struct { Str path; Str alt; } picture;               /* picture "a.svg" "alt text"; */
        /* lang-b */
        struct { Weight lo, hi; Str what; } load;  /* load 5lb to 10lb "ankle weight"; */
        struct { TextItem *items; } equipment;     /* equipment "chair", "towel"; */
        struct { Num lo, hi, scale; } effort;      /* effort 5 to 6 of 10; */
        struct { Num limit, scale; } pain_limit;   /* pain limit 4 of 10; */
        struct { Str name; Node *body; } stage;    /* stage "Weeks 1-2" { } */
        /* advance after 6 sessions [when pain at most 2]; */
        struct { Num sessions; Num pain; } advance;
        struct { Num stops; } step_back;           /* step back after a pain stop; */
        struct { bool one_at_a_time; } side_order; /* one side at a time; */
    } as;
};

/* A zeroed node of `kind` at `loc` with storage for n->as.<its member>
 * only (see Node), in `arena`; NULL when out of memory. */
Node *ast_node(Arena *arena, NodeKind kind, Loc loc);

#endif
