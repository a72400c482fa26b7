/*
 * sema.c -- semantic checks and resolution (see sema.h).
 *
 * Four passes over the parsed files:
 *   1. collect every exercise definition into a name table (duplicates);
 *   2. check what each block may contain, and every number in it;
 *   3. resolve each definition's own settings, texts and variants;
 *   4. walk the routine, layering settings, and give every exercise that
 *      is played an ExerciseSpec.
 * Messages speak to a therapist: what is wrong, where, and what to write.
 */
#include "sema.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "duration.h"
#include "kinds.h"
#include "names.h"

typedef enum {
    BLOCK_FILE, BLOCK_ROUTINE, BLOCK_SECTION, BLOCK_CIRCUIT,
    BLOCK_EXERCISE, BLOCK_VARIANT, BLOCK_USE, BLOCK_STAGE, BLOCK__COUNT
} BlockKind;

static const char *const block_names[BLOCK__COUNT] = {
    "at the top of a file", "in a routine", "in a section", "in a circuit",
    "in an exercise", "in a variant", "in a `do` block", "in a stage",
};

/* Per definition: what its own body says.  Its settings are kept as the
 * statements that set something (sema_setting_of() says what), not as a whole
 * Settings: a body sets a few of the SET__COUNT, and every definition has
 * a DefInfo, alive until the end of the compilation. */
typedef struct {
    const Node *def;
    const Node **own;      /* n_own statements, each setting another id */
    const Node **texts;
    const Node **variants; /* NODE_VARIANT */
    uint32_t n_own, n_texts, n_variants;
} DefInfo;

/* The routine, stage, section and circuit bodies around what is being
 * played, innermost first: their `breathe` and `note` apply to every
 * exercise in them. */
typedef struct TextFrame {
    const Node *body;
    const struct TextFrame *up;
} TextFrame;

typedef struct {
    Arena *arena;
    Diag *diag;
    Names names;        /* exercise name -> DefInfo */
    Model *model;
    const TextFrame *frames; /* the blocks being played, innermost first */
    bool out_of_memory;
} Sema;

/* ---- small helpers ------------------------------------------------------ */

/* Say once that memory ran out; the check then fails. */
static void sema_out_of_memory(Sema *s) {
    if (!s->out_of_memory) {
        s->out_of_memory = true;
        Loc none = {0};
        diag_report_id(s->diag, DIAG_ID_OUT_OF_MEMORY, DIAG_ERROR, none, NULL, "out of memory");
    }
}

static void *sema_alloc(Sema *s, size_t size) {
    void *p = arena_alloc(s->arena, size);
    if (!p)
        sema_out_of_memory(s);
    return p;
}

static Loc file_loc(uint32_t file) {
    Loc loc = {0};
    loc.file = file;
    return loc;
}

static bool is_text(const Node *n, TextRole role) {
    return n->kind == NODE_TEXT && n->as.text.role == role;
}

/* ---- where statements belong ------------------------------------------- */

#define B(kind) (1u << (kind))
#define ANY_PLAYING (B(BLOCK_ROUTINE) | B(BLOCK_SECTION) | B(BLOCK_CIRCUIT) | B(BLOCK_STAGE))
#define IN_EXERCISE (B(BLOCK_EXERCISE) | B(BLOCK_VARIANT) | B(BLOCK_USE))
#define DEFAULTABLE (ANY_PLAYING | IN_EXERCISE)

/* Where a statement may stand: the blocks that may hold it, and where to
 * say it belongs when it stands elsewhere. */
typedef struct {
    unsigned blocks;
    const char *where;
} Placement;

#define EXERCISE_OR_VARIANT (B(BLOCK_EXERCISE) | B(BLOCK_VARIANT))
#define ALL_ITS_EXERCISES "in an exercise (or in a routine or section, for all its exercises)"

/* By kind of statement; one not listed (hold, repeat, sets, own pace,
 * sides, build up) stands in an exercise.  Rests and texts: below. */
static const Placement PLACEMENTS[NODE__COUNT] = {
    [NODE_ROUTINE] = {B(BLOCK_FILE), "at the top of the file"},
    [NODE_INCLUDE] = {B(BLOCK_FILE), "at the top of the file"},
    [NODE_SECTION] = {B(BLOCK_ROUTINE) | B(BLOCK_SECTION) | B(BLOCK_STAGE), "in a routine, a stage or a section"},
    [NODE_EXERCISE] = {B(BLOCK_FILE) | ANY_PLAYING, "at the top of a file, or in a routine, section or circuit"},
    [NODE_USE] = {ANY_PLAYING, "in a routine, section or circuit"},
    [NODE_CIRCUIT] = {B(BLOCK_ROUTINE) | B(BLOCK_SECTION) | B(BLOCK_STAGE), "in a routine, a stage or a section"},
    [NODE_VARIANT] = {B(BLOCK_EXERCISE), "in an exercise"},
    /* lang-b */
    [NODE_SCHEDULE] = {ANY_PLAYING | IN_EXERCISE, "in a routine, stage, section or exercise"},
    [NODE_EQUIPMENT] = {ANY_PLAYING | IN_EXERCISE, "in a routine, stage, section or exercise"},
    [NODE_LOAD] = {DEFAULTABLE, "in an exercise (or in a routine, stage or section, for all its exercises)"},
    [NODE_EFFORT] = {DEFAULTABLE, "in an exercise (or in a routine, stage or section, for all its exercises)"},
    [NODE_PAIN_LIMIT] = {DEFAULTABLE, "in an exercise (or in a routine, stage or section, for all its exercises)"},
    [NODE_STAGE] = {B(BLOCK_ROUTINE), "in the routine"},
    [NODE_ADVANCE] = {B(BLOCK_ROUTINE) | B(BLOCK_STAGE), "in a stage (or in the routine, for every stage)"},
    [NODE_STEP_BACK] = {B(BLOCK_ROUTINE) | B(BLOCK_STAGE), "in a stage (or in the routine, for every stage)"},
    [NODE_ALLOW] = {B(BLOCK_FILE) | DEFAULTABLE, "in a routine or an exercise"},
    [NODE_GET_READY] = {DEFAULTABLE, ALL_ITS_EXERCISES},
    [NODE_TEMPO] = {DEFAULTABLE, ALL_ITS_EXERCISES},
    [NODE_KIND] = {B(BLOCK_EXERCISE), "in an exercise"},
    [NODE_PICTURE] = {EXERCISE_OR_VARIANT, "in an exercise or a variant"},
};

/* A rest by its scope; one not listed (between reps, sides, sets; after)
 * is an exercise's, or a default for all of them. */
static const Placement REST_PLACEMENTS[] = {
    [REST_STEP] = {ANY_PLAYING, "between exercises, in a routine, section or circuit"},
    [REST_BETWEEN_ROUNDS] = {ANY_PLAYING, "in a circuit (or a routine or section, for all its circuits)"},
    [REST_BETWEEN_EXERCISES] = {ANY_PLAYING, "in a routine, section or circuit"},
};

/* A text by its role; one not listed (a note, a safety note) is shown
 * wherever the routine plays. */
static const Placement TEXT_PLACEMENTS[] = {
    [TEXT_CUE] = {EXERCISE_OR_VARIANT, "in an exercise or a variant"},
    [TEXT_POSITION] = {EXERCISE_OR_VARIANT, "in an exercise or a variant"},
    [TEXT_STOP_IF] = {EXERCISE_OR_VARIANT, "in an exercise or a variant"},
    [TEXT_BREATHE] = {ANY_PLAYING | EXERCISE_OR_VARIANT,
                      "in an exercise or a variant (or a routine or section, for all its exercises)"},
    /* a stage's: "Start these when you can stand on the foot" */
    [TEXT_WHEN] = {B(BLOCK_SECTION) | B(BLOCK_STAGE) | B(BLOCK_VARIANT), "in a section, a stage or a variant"},
    [TEXT_THERAPIST] = {~0u, "anywhere"},
};

/* The entry of `table` (of `n` entries) at `i`, or `otherwise`. */
static Placement placement_in(const Placement *table, size_t n, size_t i, Placement otherwise) {
    return i < n && table[i].where ? table[i] : otherwise;
}

/* Which blocks may hold a statement, and where to say it belongs. */
static unsigned allowed_blocks(const Node *n, const char **where) {
    Placement p;
    if (n->kind == NODE_REST)
        p = placement_in(REST_PLACEMENTS, sizeof REST_PLACEMENTS / sizeof *REST_PLACEMENTS,
                         (size_t)n->as.rest.scope, (Placement){DEFAULTABLE, ALL_ITS_EXERCISES});
    else if (n->kind == NODE_TEXT)
        p = placement_in(TEXT_PLACEMENTS, sizeof TEXT_PLACEMENTS / sizeof *TEXT_PLACEMENTS,
                         (size_t)n->as.text.role,
                         (Placement){ANY_PLAYING | IN_EXERCISE, "in a routine, section, circuit or exercise"});
    else
        p = placement_in(PLACEMENTS, NODE__COUNT, (size_t)n->kind, (Placement){IN_EXERCISE, "in an exercise"});
    *where = p.where;
    return p.blocks;
}

static const char *statement_word(const Node *n) {
    static const char *const text_words[] = {
        [TEXT_CUE] = "cue",   [TEXT_BREATHE] = "breathe", [TEXT_POSITION] = "position",
        [TEXT_NOTE] = "note", [TEXT_SAFETY] = "safety",   [TEXT_WHEN] = "when",
        [TEXT_THERAPIST] = "therapist", [TEXT_STOP_IF] = "stop if",
    };
    if (n->kind == NODE_TEXT)
        return text_words[n->as.text.role];
    return node_words[n->kind];
}

static bool check_placement(Sema *s, const Node *n, BlockKind block) {
    const char *where = "";
    if (allowed_blocks(n, &where) & B(block))
        return true;
    char hint[200];
    snprintf(hint, sizeof hint, "`%s` belongs %s", statement_word(n), where);
    /* `rest 1min;` in an exercise: the handout meant a rest at some place in it */
    if (n->kind == NODE_REST && n->as.rest.scope == REST_STEP && block == BLOCK_EXERCISE)
        snprintf(hint, sizeof hint, "in an exercise, say where it rests: `rest 1min between sets;` "
                 "(or `between reps`, `between sides`, `after`)");
    diag_report_id(s->diag, DIAG_ID_MISPLACED, DIAG_ERROR, n->loc, hint, "`%s` cannot be used %s",
                statement_word(n), block_names[block]);
    return false;
}

/* ---- numbers ------------------------------------------------------------ */

static bool check_count(Sema *s, const Num *num, const char *what, uint32_t min) {
    if (num->overflow || num->value > MAX_COUNT) {
        char hint[120];
        snprintf(hint, sizeof hint, "routinec allows at most %u", MAX_COUNT);
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, num->loc, hint, "%s is far too large", what);
        return false;
    }
    if (num->value < min) {
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, num->loc,
                    min == 1 ? "write 1 for a single one, or remove the line" : NULL,
                    "%s must be at least %u", what, min);
        return false;
    }
    return true;
}

static bool check_duration(Sema *s, const Num *num, const char *what, bool zero_ok) {
    if (num->overflow || num->value > MAX_DURATION_MS) {
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, num->loc, "routinec allows at most 4h for one step",
                    "%s is far too long", what);
        return false;
    }
    if (!zero_ok && num->value == 0) {
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, num->loc, NULL, "%s cannot be 0", what);
        return false;
    }
    return true;
}

/* The largest value of a schedule item, and its unit for the message. */
static uint64_t schedule_limit(ScheduleKind kind, const char **unit) {
    *unit = "";
    switch (kind) {
    case SCHED_TIMES_A_DAY: return 24;
    case SCHED_DAYS_A_WEEK: return 7;
    case SCHED_TIMES_A_WEEK: return 7 * 24;
    case SCHED_FOR_WEEKS: return 520;
    case SCHED_FOR_DAYS: return 3650;
    case SCHED_EVERY: *unit = "h"; return 7ull * 24 * 3600 * 1000;
    default: *unit = "min"; return MAX_SESSION_MS;
    }
}

static void check_schedule(Sema *s, const Node *n) {
    for (const ScheduleItem *it = n->as.schedule.items; it; it = it->next) {
        const char *unit;
        uint64_t limit = schedule_limit(it->kind, &unit);
        if (it->kind == SCHED_MOST_DAYS)
            continue;
        if (it->kind == SCHED_TIME_OF_DAY) {
            static const char *const times[] = {"morning", "afternoon", "evening", "night", "waking"};
            bool known = false;
            for (size_t i = 0; i < sizeof times / sizeof *times; i++)
                known |= it->word.s && strcmp(it->word.s, times[i]) == 0;
            if (!known)
                diag_report_id(s->diag, DIAG_ID_UNKNOWN_TIME, DIAG_ERROR, it->word.loc,
                            "use morning, afternoon, evening, night or waking",
                            "unknown time of day `%s`", it->word.s ? it->word.s : "");
            continue;
        }
        const Num *nums[2] = {&it->lo, &it->hi};
        for (int i = 0; i < 2; i++) {
            if (!nums[i]->present)
                continue;
            uint64_t shown = unit[0] == 'h' ? limit / 3600000 : unit[0] == 'm' ? limit / 60000 : limit;
            if (nums[i]->overflow || nums[i]->value > limit || nums[i]->value == 0)
                diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, nums[i]->loc, NULL,
                            "this schedule value must be between 1 and %llu%s",
                            (unsigned long long)shown, unit);
        }
        if (it->hi.present && it->lo.value > it->hi.value)
            diag_report_id(s->diag, DIAG_ID_REVERSED_RANGE, DIAG_ERROR, it->loc, "write the smaller value first",
                        "this range goes down instead of up");
    }
}

/* A picture needs a file name and a description for those who cannot see
 * it (the handout's alternative text).  Its content is checked by the
 * handout, which is what reads the file. */
static void check_picture(Sema *s, const Node *n) {
    if (n->as.picture.path.len == 0)
        diag_report_id(s->diag, DIAG_ID_INCOMPLETE_PICTURE, DIAG_ERROR, n->as.picture.path.loc,
                    "write `picture \"knee-to-chest.svg\" \"Lying on your back, one knee hugged to the chest\";`",
                    "a picture needs a file name");
    bool blank = true;
    for (uint32_t i = 0; i < n->as.picture.alt.len; i++)
        blank &= n->as.picture.alt.s[i] == ' ' || n->as.picture.alt.s[i] == '\t';
    if (blank)
        diag_report_id(s->diag, DIAG_ID_INCOMPLETE_PICTURE, DIAG_ERROR, n->as.picture.alt.loc,
                    "describe what it shows, for a reader who cannot see it",
                    "a picture needs a description");
}

/* ---- lang-b: load, effort, pain limit, stage rules ----------------------- */

static void check_weight(Sema *s, const Weight *w) {
    if (!w->amount.present)
        return;
    if (w->amount.overflow || w->amount.value > 1000ull * 1000)
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, w->amount.loc, "routinec allows at most 1000 of a unit",
                    "this load is far too heavy");
    else if (w->amount.value == 0)
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, w->amount.loc,
                    "leave the load out, or describe it: `load \"light resistance band\";`",
                    "a load cannot be 0");
}

static void check_load(Sema *s, const Node *n) {
    const Weight *lo = &n->as.load.lo, *hi = &n->as.load.hi;
    check_weight(s, lo);
    check_weight(s, hi);
    if (!hi->amount.present)
        return;
    if (lo->unit != hi->unit)
        diag_report_id(s->diag, DIAG_ID_MIXED_UNITS, DIAG_ERROR, hi->amount.loc, "write both ends in the same unit",
                    "this range mixes units of weight");
    else if (lo->amount.value > hi->amount.value)
        diag_report_id(s->diag, DIAG_ID_REVERSED_RANGE, DIAG_ERROR, n->loc, "write the lighter load first",
                    "this range goes down instead of up");
}

/* `effort 5 to 6 of 10;` and `pain limit 4 of 10;`: on a scale of 1 to 100. */
static void check_scale(Sema *s, const Num *lo, const Num *hi, const Num *scale, const char *what,
                        uint64_t min) {
    uint64_t top = scale->present ? scale->value : DEFAULT_SCALE;
    if (scale->present && (scale->overflow || top < 1 || top > 100)) {
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, scale->loc, "most scales are `of 10`",
                    "the scale must be between 1 and 100");
        return;
    }
    const Num *ends[2] = {lo, hi};
    for (int i = 0; i < 2; i++)
        if (ends[i]->present && (ends[i]->overflow || ends[i]->value > top || ends[i]->value < min))
            diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, ends[i]->loc, NULL,
                        "%s must be between %llu and %llu", what, (unsigned long long)min,
                        (unsigned long long)top);
    if (hi->present && lo->value > hi->value)
        diag_report_id(s->diag, DIAG_ID_REVERSED_RANGE, DIAG_ERROR, hi->loc, "write the smaller value first",
                    "this range goes down instead of up");
}

static void check_lang_b_values(Sema *s, const Node *n) {
    switch (n->kind) {
    case NODE_LOAD: check_load(s, n); break;
    case NODE_EFFORT:
        check_scale(s, &n->as.effort.lo, &n->as.effort.hi, &n->as.effort.scale, "the effort", 1);
        break;
    case NODE_PAIN_LIMIT: {
        Num none = {0};
        check_scale(s, &n->as.pain_limit.limit, &none, &n->as.pain_limit.scale, "the pain limit", 0);
        break;
    }
    case NODE_ADVANCE: {
        check_count(s, &n->as.advance.sessions, "the number of sessions", 1);
        Num none = {0}, scale = {0};
        check_scale(s, &n->as.advance.pain, &none, &scale, "the pain", 0);
        break;
    }
    case NODE_STEP_BACK: check_count(s, &n->as.step_back.stops, "the number of pain stops", 1); break;
    default: break;
    }
}

/* ---- ranges: `repeat 8 to 12;` `hold 5s to 10s;` ------------------------ */

/* A range goes up: its lower end (checked like the value) is below the
 * upper.  `example` is the form to write, shown when it goes down. */
static void check_range_order(Sema *s, const Num *least, const Num *most, const char *example) {
    if (!least->present || least->overflow || most->overflow || least->value <= most->value)
        return;
    char hint[160];
    snprintf(hint, sizeof hint, "write the smaller value first, as in `%s`", example);
    Loc loc = least->loc;
    loc.end_line = most->loc.end_line;
    loc.end_col = most->loc.end_col;
    diag_report_id(s->diag, DIAG_ID_REVERSED_RANGE, DIAG_ERROR, loc, hint, "this range goes down instead of up");
}

static void check_count_range(Sema *s, const Num *least, const Num *most, const char *what,
                              const char *example) {
    char lower[96];
    snprintf(lower, sizeof lower, "the lower end of %s", what);
    bool ok = check_count(s, most, what, 1);
    if (least->present && least->value == 0 && !least->overflow) {
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, least->loc,
                    "for a ceiling write `up to`, as in `repeat up to 10;`",
                    "%s cannot be 0", lower);
        ok = false;
    } else if (least->present) {
        ok &= check_count(s, least, lower, 1);
    }
    if (ok)
        check_range_order(s, least, most, example);
}

static void check_duration_range(Sema *s, const Num *least, const Num *most, const char *what,
                                 bool zero_ok, const char *example) {
    char lower[96];
    snprintf(lower, sizeof lower, "the lower end of %s", what);
    bool ok = check_duration(s, most, what, zero_ok);
    if (least->present)
        ok &= check_duration(s, least, lower, true);
    if (ok)
        check_range_order(s, least, most, example);
}

/* ---- tempo phases ------------------------------------------------------ */

/* `3s up` as the canonical form of a phase, for hints: its duration (or
 * 3s) and its word (or `up`). */
static void phase_example(const TempoPhase *p, char *buf, size_t size) {
    char d[32];
    uint64_t ms = p->ms.present && !p->ms.overflow && p->ms.value ? p->ms.value : 3000;
    const char *word = p->code < TEMPO_WORD__COUNT ? tempo_words[p->code].word : "up";
    duration_format(ms, d, sizeof d);
    if (p->code < TEMPO_WORD__COUNT && tempo_words[p->code].motion == TEMPO_STILL)
        snprintf(buf, size, "%s %s", word, d);
    else
        snprintf(buf, size, "%s %s", d, word);
}

/* A phase: a known word and a duration that is not 0. */
static void check_phase(Sema *s, const TempoPhase *p) {
    char example[64], words[200], hint[320];
    phase_example(p, example, sizeof example);
    if (!p->word.s) {
        snprintf(hint, sizeof hint, "say which way it moves, as in `tempo %s, 5s down;`", example);
        diag_report_id(s->diag, DIAG_ID_TEMPO, DIAG_ERROR, p->loc, hint, "this phase of the tempo has no word");
    } else if (p->code == TEMPO_WORD__COUNT) {
        bool muscle = strcmp(p->word.s, "eccentric") == 0 || strcmp(p->word.s, "concentric") == 0;
        if (muscle) /* the patient sees the word: say the movement */
            snprintf(hint, sizeof hint, "say the movement the patient makes: `tempo 1s up, 3s down;` "
                     "(the eccentric phase is usually `down` or `lower`)");
        else
            snprintf(hint, sizeof hint, "the phases are %s, as in `tempo 3s up, 5s down;`",
                     tempo_word_list(words, sizeof words));
        diag_report_id(s->diag, DIAG_ID_TEMPO, DIAG_ERROR, p->word.loc, hint,
                    "`%s` is not a phase of a repetition", p->word.s);
    }
    if (!p->ms.present) {
        snprintf(hint, sizeof hint, "give it a duration, as in `tempo %s;`", example);
        diag_report_id(s->diag, DIAG_ID_TEMPO, DIAG_ERROR, p->loc, hint, "the phase `%s` has no duration",
                    p->word.s ? p->word.s : "");
    } else {
        check_duration(s, &p->ms, "a phase of a tempo", false);
    }
}

/* `tempo slow;`, `tempo slowly;`: one word that is no phase and no time
 * -- a pace in words, one error with the forms to write. */
static bool tempo_in_words(Sema *s, const Node *n) {
    const TempoPhase *p = n->as.tempo.phases;
    if (p->next || p->ms.present || !p->word.s || p->code != TEMPO_WORD__COUNT)
        return false;
    diag_report_id(s->diag, DIAG_ID_TEMPO, DIAG_ERROR, p->word.loc,
                   "write how long a repetition takes: `tempo 4s;` (or `tempo 2s up, 2s down;`), "
                   "`tempo slow;` for \"slowly\", or `at own pace;`; put other words in the `cue`",
                   "a tempo is a time, not `%s`", p->word.s);
    return true;
}

/* tempo 3s up, hold 2s, 3s down;  -- each phase, how many, their sum. */
static void check_tempo(Sema *s, const Node *n) {
    if (!n->as.tempo.phases) {
        check_duration(s, &n->as.tempo.ms, "a tempo", false);
        return;
    }
    if (tempo_in_words(s, n))
        return;
    uint32_t i = 0;
    for (const TempoPhase *p = n->as.tempo.phases; p; p = p->next, i++) {
        check_phase(s, p);
        if (i == MAX_TEMPO_PHASES)
            diag_report_id(s->diag, DIAG_ID_TEMPO, DIAG_ERROR, p->loc,
                        "a tempo paces one repetition: write its phases once, as in "
                        "`tempo 1s up, hold 2s, 3s down;`, and how many with `repeat 10;`",
                        "a tempo has at most %u phases; this is phase %u", MAX_TEMPO_PHASES, i + 1);
    }
    if (n->as.tempo.ms.value > MAX_DURATION_MS && !n->as.tempo.ms.overflow)
        diag_report_id(s->diag, DIAG_ID_OUT_OF_RANGE, DIAG_ERROR, n->loc, "routinec allows at most 4h for one step",
                    "the phases of this tempo add up to far too long");
}

/* Check the numbers a statement carries. */
/* `build up to 12 by 2;`: counts, or durations for a hold. */
static void check_build_up_values(Sema *s, const Node *n) {
    if (n->as.build_up.target != BUILD_HOLD) {
        check_count(s, &n->as.build_up.to, "the target of `build up`", 1);
        if (n->as.build_up.by.present)
            check_count(s, &n->as.build_up.by, "the step of `build up`", 1);
    } else {
        check_duration(s, &n->as.build_up.to, "the target of `build up`", false);
        if (n->as.build_up.by.present)
            check_duration(s, &n->as.build_up.by, "the step of `build up`", false);
    }
}

/* A hold, reps, sets or a rest: one value, or a range from its lower end. */
static void check_range_values(Sema *s, const Node *n) {
    if (n->kind == NODE_HOLD && n->as.hold.mode != HOLD_MODE_OPEN)
        check_duration_range(s, &n->as.hold.least, &n->as.hold.ms, "a hold", false, "hold 5s to 10s;");
    else if (n->kind == NODE_REPEAT)
        check_count_range(s, &n->as.repeat.least, &n->as.repeat.count, "the number of repetitions",
                          "repeat 8 to 12;");
    else if (n->kind == NODE_SETS)
        check_count_range(s, &n->as.sets.least, &n->as.sets.count, "the number of sets", "sets 2 to 3;");
    else if (n->kind == NODE_REST && !n->as.rest.as_needed)
        check_duration_range(s, &n->as.rest.least, &n->as.rest.ms, "a rest", true,
                             "rest 30s to 1min between sets;");
}

static void check_values(Sema *s, const Node *n) {
    switch (n->kind) {
    case NODE_HOLD: case NODE_REPEAT: case NODE_SETS: case NODE_REST: check_range_values(s, n); break;
    case NODE_CIRCUIT: check_count(s, &n->as.circuit.rounds, "the number of rounds", 1); break;
    case NODE_TEMPO: check_tempo(s, n); break;
    case NODE_GET_READY: check_duration(s, &n->as.get_ready.ms, "the time to get ready", true); break;
    case NODE_SCHEDULE: check_schedule(s, n); break;
    case NODE_PICTURE: check_picture(s, n); break;
    case NODE_LOAD: case NODE_EFFORT: case NODE_PAIN_LIMIT: case NODE_ADVANCE:
    case NODE_STEP_BACK: case NODE_EQUIPMENT:
        check_lang_b_values(s, n);
        break;
    case NODE_BUILD_UP: check_build_up_values(s, n); break;
    default:
        break;
    }
}

/* ---- exercise kinds ----------------------------------------------------- */

/* "kinds are: stretch, strength, ..." from the table. */
static void all_kinds(char *out, size_t size) {
    size_t n = (size_t)snprintf(out, size, "kinds are:");
    for (size_t i = 0; i < kinds_count && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s %s", i ? "," : "", kinds_words[i]);
}

static void check_kind(Sema *s, const Str *kind) {
    if (!kind->s)
        return;
    for (size_t i = 0; i < kinds_count; i++)
        if (strcmp(kind->s, kinds_words[i]) == 0)
            return;
    const char *best = names_closest(kind->s, kinds_words, kinds_count);
    char hint[300];
    if (best)
        snprintf(hint, sizeof hint, "did you mean `%s`?", best);
    else
        all_kinds(hint, sizeof hint);
    diag_report_id(s->diag, DIAG_ID_UNKNOWN_KIND, DIAG_ERROR, kind->loc, hint, "unknown kind of exercise `%s`", kind->s);
}

/* ---- settings ----------------------------------------------------------- */

SettingId sema_setting_of(const Node *n) {
    switch (n->kind) {
    case NODE_HOLD: return SET_HOLD;
    case NODE_REPEAT: return SET_REPEAT;
    case NODE_SETS: return SET_SETS;
    case NODE_TEMPO: return SET_TEMPO;
    case NODE_OWN_PACE: return SET_OWN_PACE;
    case NODE_GET_READY: return SET_GET_READY;
    case NODE_SIDE_PART: return SET_SIDE_PART;
    case NODE_SIDE_LABEL:
        return n->as.side_label.side == SIDE_LEFT ? SET_LEFT_LABEL : SET_RIGHT_LABEL;
    case NODE_SIDE_FIRST: return SET_FIRST_SIDE;
    case NODE_BUILD_UP: return SET_BUILD_UP;
    case NODE_KIND: return SET_KIND;
    case NODE_LOAD: return SET_LOAD;           /* lang-b */
    case NODE_EFFORT: return SET_EFFORT;
    case NODE_PAIN_LIMIT: return SET_PAIN_LIMIT;
    case NODE_SIDE_ORDER: return SET_SIDE_ORDER;
    case NODE_REST:
        switch (n->as.rest.scope) {
        case REST_BETWEEN_REPS: return SET_REST_REPS;
        case REST_BETWEEN_SIDES: return SET_REST_SIDES;
        case REST_BETWEEN_SETS: return SET_REST_SETS;
        case REST_BETWEEN_ROUNDS: return SET_REST_ROUNDS;
        case REST_BETWEEN_EXERCISES: return SET_REST_EXERCISES;
        case REST_AFTER: return SET_REST_AFTER;
        default: return SET__COUNT;
        }
    default: return SET__COUNT;
    }
}

/* Record `n` in `block` (the settings of one block); a second statement
 * setting the same thing in one block is a mistake worth naming. */
static void settings_record(Sema *s, Settings *block, const Node *n) {
    SettingId id = sema_setting_of(n);
    if (id == SET__COUNT)
        return;
    const Node *first = block->node[id];
    if (first) {
        char hint[160];
        snprintf(hint, sizeof hint, "it was already given on line %u; keep one of them",
                 first->loc.line);
        diag_report_id(s->diag, DIAG_ID_DUPLICATE_SETTING, DIAG_ERROR, n->loc, hint, "`%s` is given twice here",
                    statement_word(n));
        return;
    }
    block->node[id] = n;
}

/* `over` wins over `base` wherever it says something. */
static void settings_layer(Settings *base, const Settings *over) {
    for (int i = 0; i < SET__COUNT; i++)
        if (over->node[i])
            base->node[i] = over->node[i];
}

/* ---- pass 1: definitions ------------------------------------------------ */

static void define_exercise(Sema *s, const Node *def) {
    DefInfo *info = sema_alloc(s, sizeof *info);
    if (!info)
        return;
    info->def = def;
    const Str *name = &def->as.exercise.name;
    const DefInfo *earlier = names_find(&s->names, name->s);
    if (earlier) {
        const Loc *at = &earlier->def->loc;
        char hint[300];
        snprintf(hint, sizeof hint, "it is first defined at %s:%u; give this one another name",
                 s->diag->sources->files[at->file].path, at->line);
        diag_report_id(s->diag, DIAG_ID_DUPLICATE_NAME, DIAG_ERROR, name->loc, hint,
                    "there is already an exercise called \"%s\"", name->s);
        return;
    }
    if (!names_add(&s->names, name->s, info))
        s->out_of_memory = true;
}

/* Collect definitions in a block list and (for playing blocks) below it.
 * Nesting is bounded by the parser (MAX_NESTING), so recursion is too. */
static void collect_definitions(Sema *s, const Node *list) {
    for (const Node *n = list; n; n = n->next) {
        switch (n->kind) {
        case NODE_EXERCISE: define_exercise(s, n); break;
        case NODE_ROUTINE: collect_definitions(s, n->as.routine.body); break;
        case NODE_SECTION: collect_definitions(s, n->as.section.body); break;
        case NODE_CIRCUIT: collect_definitions(s, n->as.circuit.body); break;
        case NODE_STAGE: collect_definitions(s, n->as.stage.body); break; /* lang-b */
        default: break;
        }
    }
}

/* ---- pass 3: one definition's own settings ----------------------------- */

static void collect_texts(Sema *s, const Node *body, const Node ***texts, uint32_t *n_texts) {
    uint32_t n = 0;
    for (const Node *it = body; it; it = it->next)
        n += it->kind == NODE_TEXT && it->as.text.role != TEXT_THERAPIST && it->as.text.role != TEXT_WHEN;
    *texts = n ? sema_alloc(s, n * sizeof **texts) : NULL;
    *n_texts = 0;
    if (!*texts)
        return;
    for (const Node *it = body; it; it = it->next)
        if (it->kind == NODE_TEXT && it->as.text.role != TEXT_THERAPIST && it->as.text.role != TEXT_WHEN)
            (*texts)[(*n_texts)++] = it;
}

/* `hold 30s each leg;`: the sides are the repetitions', so they become
 * the `repeat`'s -- with no `repeat`, one repetition on each side, marked
 * as a default in `plan` (`implied`) as a missing `repeat` is.  A `repeat`
 * with other sides is an error: which ones are meant? */
static void give_hold_sides(Sema *s, Settings *settings) {
    const Node *hold = settings->node[SET_HOLD], *repeat = settings->node[SET_REPEAT];
    if (!hold || hold->as.hold.sides == SIDES_NONE)
        return;
    if (repeat && repeat->as.repeat.sides != SIDES_NONE) {
        bool same = repeat->as.repeat.sides == hold->as.hold.sides && repeat->as.repeat.limb == hold->as.hold.limb
                    && repeat->as.repeat.role_word == hold->as.hold.role_word;
        if (!same)
            diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_ERROR, hold->loc,
                           "say the sides once, on `repeat`: `hold 30s; repeat 3 times each leg;`",
                           "this hold's sides differ from those of `repeat` (line %u)", repeat->loc.line);
        return;
    }
    Node *merged = ast_node(s->arena, NODE_REPEAT, repeat ? repeat->loc : hold->loc);
    if (!merged) {
        sema_out_of_memory(s);
        return;
    }
    if (repeat) {
        merged->as.repeat.count = repeat->as.repeat.count;
        merged->as.repeat.least = repeat->as.repeat.least;
        merged->as.repeat.ceiling = repeat->as.repeat.ceiling;
    } else {
        merged->as.repeat.count = (Num){1, false, true, hold->loc, 0};
        merged->as.repeat.implied = true;
    }
    merged->as.repeat.sides = hold->as.hold.sides;
    merged->as.repeat.role_word = hold->as.hold.role_word;
    merged->as.repeat.limb = hold->as.hold.limb;
    settings->node[SET_REPEAT] = merged;
}

/* Check the statements of an exercise-like block and record its settings. */
static void check_exercise_block(Sema *s, const Node *body, BlockKind kind, Settings *settings) {
    const Node *position = NULL;
    for (const Node *n = body; n; n = n->next) {
        if (!check_placement(s, n, kind))
            continue;
        check_values(s, n);
        settings_record(s, settings, n);
        if (n->kind == NODE_KIND)
            check_kind(s, &n->as.kind.word);
        if (is_text(n, TEXT_POSITION)) {
            if (position)
                diag_report_id(s->diag, DIAG_ID_DUPLICATE_SETTING, DIAG_ERROR, n->loc, "put both sentences in one `position`",
                            "this exercise already has a starting position (line %u)",
                            position->loc.line);
            position = n;
        }
    }
    give_hold_sides(s, settings);
}

/* Keep the statements of `settings` that set something in info->own. */
static void keep_own_settings(Sema *s, DefInfo *info, const Settings *settings) {
    uint32_t n = 0;
    for (int i = 0; i < SET__COUNT; i++)
        n += settings->node[i] != NULL;
    info->own = n ? sema_alloc(s, n * sizeof *info->own) : NULL;
    info->n_own = 0;
    for (int i = 0; i < SET__COUNT && info->own; i++)
        if (settings->node[i])
            info->own[info->n_own++] = settings->node[i];
}

static void resolve_definition(Sema *s, DefInfo *info) {
    const Node *def = info->def;
    Settings settings = {{0}};
    check_kind(s, &def->as.exercise.kind);
    check_exercise_block(s, def->as.exercise.body, BLOCK_EXERCISE, &settings);
    if (def->as.exercise.kind.s && settings.node[SET_KIND])
        diag_report_id(s->diag, DIAG_ID_DUPLICATE_SETTING, DIAG_ERROR, settings.node[SET_KIND]->loc, NULL,
                    "the kind is already given after the exercise's name");
    keep_own_settings(s, info, &settings);
    collect_texts(s, def->as.exercise.body, &info->texts, &info->n_texts);
    uint32_t n = 0;
    for (const Node *it = def->as.exercise.body; it; it = it->next)
        n += it->kind == NODE_VARIANT;
    info->variants = n ? sema_alloc(s, n * sizeof *info->variants) : NULL;
    for (const Node *it = def->as.exercise.body; it && info->variants; it = it->next) {
        if (it->kind != NODE_VARIANT)
            continue;
        for (uint32_t i = 0; i < info->n_variants; i++)
            if (names_equal(info->variants[i]->as.variant.name.s, it->as.variant.name.s))
                diag_report_id(s->diag, DIAG_ID_DUPLICATE_NAME, DIAG_ERROR, it->as.variant.name.loc, NULL,
                            "this exercise already has a variant called \"%s\"",
                            it->as.variant.name.s);
        Settings ignored = {{0}};
        check_exercise_block(s, it->as.variant.body, BLOCK_VARIANT, &ignored);
        info->variants[info->n_variants++] = it;
    }
}

static void resolve_all_definitions(Sema *s, Model *model) {
    uint32_t n = names_count(&s->names);
    model->exercises = n ? sema_alloc(s, n * sizeof *model->exercises) : NULL;
    model->n_exercises = 0;
    for (uint32_t i = 0; i < n && model->exercises; i++) {
        DefInfo *info = names_value(&s->names, i);
        resolve_definition(s, info);
        model->exercises[model->n_exercises++] = info->def;
    }
}

/* ---- pass 4: resolving what is played ----------------------------------- */

static void settings_of_block(Sema *s, const Node *body, Settings *out) {
    (void)s;
    for (const Node *n = body; n; n = n->next) {
        SettingId id = sema_setting_of(n);
        if (id != SET__COUNT && !out->node[id])
            out->node[id] = n;
    }
}

/* Texts of a variant: its cues replace the exercise's when it has any; its
 * position replaces the exercise's when it has one. */
static void variant_texts(Sema *s, const DefInfo *info, const Node *variant, ExerciseSpec *spec) {
    const Node **own;
    uint32_t n_own;
    collect_texts(s, variant->as.variant.body, &own, &n_own);
    bool has_cues = false, has_position = false;
    for (uint32_t i = 0; i < n_own; i++) {
        has_cues |= is_text(own[i], TEXT_CUE) || is_text(own[i], TEXT_BREATHE);
        has_position |= is_text(own[i], TEXT_POSITION);
    }
    uint32_t cap = info->n_texts + n_own;
    spec->texts = cap ? sema_alloc(s, cap * sizeof *spec->texts) : NULL;
    spec->n_texts = 0;
    if (!spec->texts)
        return;
    for (uint32_t i = 0; i < info->n_texts; i++) {
        const Node *t = info->texts[i];
        bool replaced = (has_cues && (is_text(t, TEXT_CUE) || is_text(t, TEXT_BREATHE)))
                     || (has_position && is_text(t, TEXT_POSITION));
        if (!replaced)
            spec->texts[spec->n_texts++] = t;
    }
    for (uint32_t i = 0; i < n_own; i++)
        spec->texts[spec->n_texts++] = own[i];
}

/* `build up` starts from one value: reps, sets or a timed hold.  False
 * (said) when it starts from a range or from no timed hold. */
static bool build_up_base(Sema *s, const ExerciseSpec *spec, const Node *b, uint64_t *base) {
    bool reps = b->as.build_up.target == BUILD_REPS, sets = b->as.build_up.target == BUILD_SETS;
    if (sets ? spec_sets_least(spec) < spec_sets(spec)
        : reps ? spec_reps_least(spec) < spec_reps(spec)
               : spec_hold_least_ms(spec) > 0 && spec_hold_least_ms(spec) < spec_hold_ms(spec)) {
        diag_report_id(s->diag, DIAG_ID_BUILD_UP, DIAG_ERROR, b->loc,
                    sets ? "write one number of sets, as in `sets 1;`, and build up from it"
                    : reps ? "write one count, as in `repeat 8;`, and build up from it"
                           : "write one hold, as in `hold 5s;`, and build up from it",
                    "`build up` starts from one value, not from a range");
        return false;
    }
    if (!reps && !sets && (!spec_has_hold(spec) || spec_hold_mode(spec) == HOLD_MODE_OPEN)) {
        diag_report_id(s->diag, DIAG_ID_BUILD_UP, DIAG_ERROR, b->loc, "add `hold 5s;` (the starting hold)",
                    "`build up` to a longer hold needs a timed hold to start from");
        return false;
    }
    *base = sets ? spec_sets(spec) : reps ? spec_reps(spec) : spec_hold_ms(spec);
    return true;
}

static void check_build_up(Sema *s, const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    uint64_t base;
    if (!b || b->as.build_up.to.overflow || !build_up_base(s, spec, b, &base))
        return;
    uint64_t to = b->as.build_up.to.value;
    if (to <= base) {
        diag_report_id(s->diag, DIAG_ID_BUILD_UP, DIAG_ERROR, b->as.build_up.to.loc,
                    "the target must be more than where the exercise starts",
                    "`build up to` %llu does not go up from %llu",
                    (unsigned long long)to, (unsigned long long)base);
        return;
    }
    if (spec_steps(spec) > MAX_STEPS)
        diag_report_id(s->diag, DIAG_ID_BUILD_UP, DIAG_ERROR, b->loc, "use a larger `by` step",
                    "this progression has more than %u steps", MAX_STEPS);
}

/* one side at a time;  -- only `each side` has two sides to put in order. */
static void check_side_order(Sema *s, const ExerciseSpec *spec, SideMode mode) {
    const Node *order = spec->settings.node[SET_SIDE_ORDER];
    if (!order || mode == SIDES_EACH)
        return;
    if (mode == SIDES_ALTERNATING || mode == SIDES_EACH_ALTERNATING)
        diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_ERROR, order->loc,
                    "write `repeat N each side;` to do all of one side, then the other",
                    "`one side at a time` cannot go with sides that take turns");
    else
        diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_ERROR, order->loc,
                    "write `repeat 15 each side;` with it, or remove it",
                    "`one side at a time` needs an exercise done on each side");
}

static void check_sides(Sema *s, const ExerciseSpec *spec) {
    SideMode mode = spec_sides(spec);
    const Node *repeat = spec->settings.node[SET_REPEAT];
    static const SettingId side_settings[] = {SET_SIDE_PART, SET_LEFT_LABEL, SET_RIGHT_LABEL, SET_FIRST_SIDE};
    for (size_t i = 0; i < sizeof side_settings / sizeof *side_settings && mode == SIDES_NONE; i++) {
        const Node *n = spec->settings.node[side_settings[i]];
        if (n)
            diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_WARNING, n->loc,
                        "write `repeat N each side;` or `repeat N alternating;`",
                        "this names the sides, but the exercise is not done on sides");
    }
    if (mode == SIDES_ALTERNATING && repeat && spec_reps(spec) % 2 == 1)
        diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_WARNING, repeat->as.repeat.count.loc,
                    "use an even number, or `each side alternating` for N on each side",
                    "%u alternating repetitions give one side an extra one", spec_reps(spec));
    const Node *first = spec->settings.node[SET_FIRST_SIDE];
    if (first && (mode == SIDES_LEFT_ONLY || mode == SIDES_RIGHT_ONLY || mode == SIDES_ROLE))
        diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_WARNING, first->loc, NULL,
                    "the exercise is done on one side only, so no side comes first");
    if (first && mode == SIDES_BOTH)
        diag_report_id(s->diag, DIAG_ID_SIDES, DIAG_WARNING, first->loc, NULL,
                    "both sides work together, so no side comes first");
    check_side_order(s, spec, mode);
}

static bool spec_says(const ExerciseSpec *spec, TextRole role) {
    for (uint32_t i = 0; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role == role)
            return true;
    return false;
}

/* The outer texts that apply to an exercise, outermost first, into `out`
 * (NULL: count them): every block's notes, and the innermost block's
 * breathing cue unless the exercise has its own. */
static uint32_t outer_texts(const Sema *s, bool own_breathe, const Node **out) {
    const TextFrame *chain[MAX_NESTING + 2] = {NULL};
    uint32_t depth = 0, n = 0;
    for (const TextFrame *f = s->frames; f && depth < sizeof chain / sizeof *chain; f = f->up)
        chain[depth++] = f;
    const Node *breathe = NULL;
    for (uint32_t d = 0; d < depth && !own_breathe && !breathe; d++) /* innermost wins */
        for (const Node *t = chain[d]->body; t && !breathe; t = t->next)
            if (t->kind == NODE_TEXT && t->as.text.role == TEXT_BREATHE)
                breathe = t;
    for (uint32_t d = depth; d-- > 0;)
        for (const Node *t = chain[d]->body; t; t = t->next)
            if (t->kind == NODE_TEXT && (t->as.text.role == TEXT_NOTE || t == breathe)) {
                if (out)
                    out[n] = t;
                n++;
            }
    return n;
}

/* The routine's and sections' breathing cue and notes join the exercise's
 * texts, before its own (a breathing cue of its own replaces theirs). */
static void inherit_texts(Sema *s, ExerciseSpec *spec) {
    bool own_breathe = spec_says(spec, TEXT_BREATHE);
    uint32_t n = outer_texts(s, own_breathe, NULL);
    if (!n)
        return;
    const Node **texts = sema_alloc(s, (n + spec->n_texts) * sizeof *texts);
    if (!texts)
        return;
    outer_texts(s, own_breathe, texts);
    for (uint32_t i = 0; i < spec->n_texts; i++)
        texts[n + i] = spec->texts[i];
    spec->texts = texts;
    spec->n_texts += n;
}

static ExerciseSpec *make_spec(Sema *s, const DefInfo *info, const Node *variant,
                               const Node *site, const Settings *context, const Settings *over) {
    ExerciseSpec *spec = sema_alloc(s, sizeof *spec);
    if (!spec)
        return NULL;
    spec->def = info->def;
    spec->variant = variant;
    spec->site = site;
    spec->name = info->def->as.exercise.name.s;
    spec->settings = *context;
    for (uint32_t i = 0; i < info->n_own; i++) /* the definition's own settings win */
        spec->settings.node[sema_setting_of(info->own[i])] = info->own[i];
    if (variant) {
        Settings own = {{0}};
        settings_of_block(s, variant->as.variant.body, &own);
        settings_layer(&spec->settings, &own);
        variant_texts(s, info, variant, spec);
    } else {
        spec->texts = info->texts;
        spec->n_texts = info->n_texts;
    }
    inherit_texts(s, spec);
    if (over)
        settings_layer(&spec->settings, over);
    const Node *kind = spec->settings.node[SET_KIND];
    spec->kind = info->def->as.exercise.kind.s ? info->def->as.exercise.kind.s
               : kind ? kind->as.kind.word.s : NULL;
    return spec;
}

/* A tempo with a `hold` phase and a `hold` statement say two holds for
 * one repetition: which one is meant?  (A hold statement with a tempo
 * whose phases do not hold is played after the phases, as after a tempo
 * of one duration.) */
static void check_tempo_hold(Sema *s, const ExerciseSpec *spec) {
    const Node *tempo = spec->settings.node[SET_TEMPO], *hold = spec->settings.node[SET_HOLD];
    if (!tempo || !hold || spec_own_pace(spec, NULL))
        return;
    for (const TempoPhase *p = tempo->as.tempo.phases; p; p = p->next)
        if (p->code < TEMPO_WORD__COUNT && tempo_words[p->code].motion == TEMPO_STILL) {
            char phase[64];
            phase_example(p, phase, sizeof phase);
            diag_report_id(s->diag, DIAG_ID_DUPLICATE_SETTING, DIAG_ERROR, hold->loc,
                        "keep one: the tempo's `hold` comes where it is written in the rep; "
                        "a `hold` statement with a tempo comes after the tempo's phases",
                        "two holds in each repetition: the tempo's `%s` (line %u) and this one",
                        phase, p->loc.line);
            return;
        }
}

/* What is checked of a spec where it is played (a library's definitions,
 * resolved alone, are not played). */
static void check_played(Sema *s, const ExerciseSpec *spec) {
    if (!spec)
        return;
    check_build_up(s, spec);
    check_tempo_hold(s, spec);
    if (!spec->variant) /* a variant may drop the sides its exercise names */
        check_sides(s, spec);
    for (uint32_t i = 0; i < spec->n_variants; i++)
        check_played(s, spec->variants[i]);
}

static const Node *find_variant(const DefInfo *info, const char *name) {
    for (uint32_t i = 0; i < info->n_variants; i++)
        if (names_equal(info->variants[i]->as.variant.name.s, name))
            return info->variants[i];
    return NULL;
}

static void unknown_variant(Sema *s, const DefInfo *info, const Str *name) {
    char hint[400] = "this exercise has no variants";
    if (info->n_variants) {
        size_t used = (size_t)snprintf(hint, sizeof hint, "its variants are:");
        for (uint32_t i = 0; i < info->n_variants && used < sizeof hint; i++)
            used += (size_t)snprintf(hint + used, sizeof hint - used, "%s \"%s\"", i ? "," : "",
                                     info->variants[i]->as.variant.name.s);
    }
    diag_report_id(s->diag, DIAG_ID_UNKNOWN_VARIANT, DIAG_ERROR, name->loc, hint, "\"%s\" has no variant called \"%s\"",
                info->def->as.exercise.name.s, name->s);
}

/* The spec of `info` at `site`, with the variants that may replace it there. */
static ExerciseSpec *spec_with_variants(Sema *s, const DefInfo *info, const Node *site,
                                        const Settings *context, const Settings *over) {
    ExerciseSpec *spec = make_spec(s, info, NULL, site, context, over);
    if (!spec || !info->n_variants)
        return spec;
    spec->variants = sema_alloc(s, info->n_variants * sizeof *spec->variants);
    for (uint32_t i = 0; i < info->n_variants && spec->variants; i++) {
        ExerciseSpec *v = make_spec(s, info, info->variants[i], site, context, over);
        if (v)
            spec->variants[spec->n_variants++] = v;
    }
    return spec;
}

/* The spec for one place where an exercise is played. */
static ExerciseSpec *play(Sema *s, const DefInfo *info, const Node *site, const Str *variant_name,
                          const Settings *context, const Settings *over) {
    s->model->n_played++;
    ExerciseSpec *spec;
    if (variant_name && variant_name->s) {
        const Node *variant = find_variant(info, variant_name->s);
        if (!variant) {
            unknown_variant(s, info, variant_name);
            return NULL;
        }
        spec = make_spec(s, info, variant, site, context, over);
    } else {
        spec = spec_with_variants(s, info, site, context, over);
    }
    check_played(s, spec);
    return spec;
}

/* Library mode: each definition of the main file (file 0) as a routine of
 * its own would play it -- the built-in defaults, its own settings -- with
 * its variants, for the linter.  Nothing is played, so nothing is checked
 * that only playing checks. */
static void resolve_library(Sema *s, Model *model) {
    uint32_t n = names_count(&s->names);
    model->library = n ? sema_alloc(s, n * sizeof *model->library) : NULL;
    model->n_library = 0;
    Settings none = {{0}};
    for (uint32_t i = 0; i < n && model->library; i++) {
        const DefInfo *info = names_value(&s->names, i);
        if (info->def->loc.file != 0)
            continue;
        ExerciseSpec *spec = spec_with_variants(s, info, info->def, &none, NULL);
        if (spec)
            model->library[model->n_library++] = spec;
    }
}

static void unknown_exercise(Sema *s, const Str *name) {
    const char *best = names_closest_key(&s->names, name->s);
    char hint[300];
    if (best)
        snprintf(hint, sizeof hint, "did you mean \"%s\"?", best);
    else
        snprintf(hint, sizeof hint, "define it with `exercise \"%s\" { ... }`, or `include` "
                                    "the file that defines it", name->s);
    diag_report_id(s->diag, DIAG_ID_UNKNOWN_EXERCISE, DIAG_ERROR, name->loc, hint, "there is no exercise called \"%s\"", name->s);
}

static void play_block(Sema *s, Node *body, BlockKind kind, const Settings *outer, unsigned depth);

static void play_statement(Sema *s, Node *n, const Settings *context, unsigned depth) {
    switch (n->kind) {
    case NODE_EXERCISE: {
        DefInfo *info = names_find(&s->names, n->as.exercise.name.s);
        if (info && info->def == n)
            n->as.exercise.spec = play(s, info, n, NULL, context, NULL);
        break;
    }
    case NODE_USE: {
        DefInfo *info = names_find(&s->names, n->as.use.name.s);
        if (!info) {
            unknown_exercise(s, &n->as.use.name);
            break;
        }
        Settings over = {{0}};
        for (const Node *it = n->as.use.body; it; it = it->next) {
            if (check_placement(s, it, BLOCK_USE)) {
                check_values(s, it);
                settings_record(s, &over, it);
            }
        }
        n->as.use.spec = play(s, info, n, &n->as.use.variant, context, &over);
        break;
    }
    case NODE_SECTION: play_block(s, n->as.section.body, BLOCK_SECTION, context, depth + 1); break;
    case NODE_STAGE: play_block(s, n->as.stage.body, BLOCK_STAGE, context, depth + 1); break;
    case NODE_CIRCUIT: play_block(s, n->as.circuit.body, BLOCK_CIRCUIT, context, depth + 1); break;
    default: break;
    }
}

/* lang-b: stage names are distinct; a routine with stages plays its
 * exercises in them (what is outside a stage is played in every stage). */
static void check_stages(Sema *s, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_STAGE)
            continue;
        for (const Node *m = body; m != n; m = m->next)
            if (m->kind == NODE_STAGE && strcasecmp(m->as.stage.name.s, n->as.stage.name.s) == 0) {
                char hint[120];
                snprintf(hint, sizeof hint, "the first is on line %u; give this one another name",
                         m->loc.line);
                diag_report_id(s->diag, DIAG_ID_DUPLICATE_NAME, DIAG_ERROR, n->as.stage.name.loc, hint,
                            "there is already a stage called \"%s\"", n->as.stage.name.s);
                break;
            }
    }
}

/* Check a routine, section or circuit body and resolve what it plays.
 * Depth is bounded by the parser's nesting limit. */
static void play_block(Sema *s, Node *body, BlockKind kind, const Settings *outer, unsigned depth) {
    Settings context = *outer, own = {{0}};
    for (Node *n = body; n; n = n->next) {
        if (!check_placement(s, n, kind))
            continue;
        check_values(s, n);
        settings_record(s, &own, n);
        if (n->kind == NODE_SCHEDULE && kind == BLOCK_ROUTINE)
            s->model->schedule = n;
    }
    if (kind == BLOCK_ROUTINE)
        check_stages(s, body);
    settings_layer(&context, &own);
    if (kind == BLOCK_ROUTINE)
        s->model->defaults = own;
    TextFrame frame = {body, s->frames};
    s->frames = &frame;
    for (Node *n = body; n; n = n->next)
        play_statement(s, n, &context, depth);
    s->frames = frame.up;
}

/* ---- pass 2: the files themselves --------------------------------------- */

static void check_file(Sema *s, const Node *list, uint32_t file, bool is_main, Model *model) {
    for (const Node *n = list; n; n = n->next) {
        if (!check_placement(s, n, BLOCK_FILE))
            continue;
        if (n->kind != NODE_ROUTINE)
            continue;
        if (!is_main) {
            diag_report_id(s->diag, DIAG_ID_ROUTINE_PLACEMENT, DIAG_ERROR, n->loc,
                        "an included file can only define exercises; move the routine to its own file",
                        "a routine cannot be in an included file");
        } else if (model->routine) {
            diag_report_id(s->diag, DIAG_ID_ROUTINE_PLACEMENT, DIAG_ERROR, n->loc, "put each routine in a file of its own",
                        "this file already has a routine (line %u)", model->routine->loc.line);
        } else {
            model->routine = n;
            model->routine_file = file;
        }
    }
}

bool sema_check(Arena *arena, Diag *diag, const ParsedFiles *files, bool library_ok, Model *model) {
    Sema s = {arena, diag, {0}, model, NULL, false};
    memset(model, 0, sizeof *model);
    unsigned errors_before = diag->errors;
    names_init(&s.names);
    for (uint32_t f = 0; f < files->n_trees; f++)
        collect_definitions(&s, files->trees[f]);
    for (uint32_t f = 0; f < files->n_trees; f++)
        check_file(&s, files->trees[f], f, f == 0, model);
    resolve_all_definitions(&s, model);
    if (!model->routine) {
        if (files->n_trees && !library_ok)
            diag_report_id(diag, DIAG_ID_NO_ROUTINE, DIAG_ERROR, file_loc(0),
                           "a routine file needs `routine \"Title\" { ... }`; a file of exercises "
                           "alone is a library for `include`",
                           "there is no routine in this file");
        else if (files->n_trees)
            resolve_library(&s, model);
    } else {
        Settings none = {{0}};
        play_block(&s, model->routine->as.routine.body, BLOCK_ROUTINE, &none, 0);
        if (model->n_played == 0 && diag->errors == errors_before)
            diag_report_id(diag, DIAG_ID_NO_EXERCISES, DIAG_ERROR, model->routine->as.routine.title.loc,
                           "add `do \"Name\";` or define an exercise inside the routine",
                           "this routine has no exercises to play");
    }
    names_free(&s.names);
    return diag->errors == errors_before && !s.out_of_memory;
}

/* ---- resolved values ---------------------------------------------------- */

uint32_t spec_reps(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_REPEAT];
    return n ? (uint32_t)n->as.repeat.count.value : 1;
}

/* The lower end of `repeat 8 to 12` (1 for `repeat up to 10`), or the
 * count itself when it is one value. */
uint32_t spec_reps_least(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_REPEAT];
    if (!n)
        return 1;
    if (n->as.repeat.ceiling)
        return 1;
    return (uint32_t)(n->as.repeat.least.present ? n->as.repeat.least.value
                                                 : n->as.repeat.count.value);
}

uint32_t spec_sets_least(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_SETS];
    if (!n)
        return 1;
    return (uint32_t)(n->as.sets.least.present ? n->as.sets.least.value : n->as.sets.count.value);
}

/* The lower end of a hold range; 0 for a ceiling (`hold up to 10s`), the
 * hold itself when fixed. */
uint32_t spec_hold_least_ms(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_HOLD];
    if (!n || n->as.hold.mode == HOLD_MODE_OPEN)
        return 0;
    if (n->as.hold.mode == HOLD_MODE_FIXED)
        return (uint32_t)n->as.hold.ms.value;
    return (uint32_t)(n->as.hold.least.present ? n->as.hold.least.value : 0);
}

bool spec_rest_as_needed(const ExerciseSpec *spec, SettingId id) {
    const Node *n = spec->settings.node[id];
    return n && n->kind == NODE_REST && n->as.rest.as_needed;
}

uint32_t spec_least_ms(const ExerciseSpec *spec, SettingId id) {
    const Node *n = spec->settings.node[id];
    if (n && n->kind == NODE_REST && n->as.rest.least.present)
        return (uint32_t)n->as.rest.least.value;
    return spec_ms(spec, id);
}

SideMode spec_sides(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_REPEAT];
    return n ? n->as.repeat.sides : SIDES_NONE;
}

uint32_t spec_sets(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_SETS];
    return n ? (uint32_t)n->as.sets.count.value : 1;
}

bool spec_has_hold(const ExerciseSpec *spec) {
    return spec->settings.node[SET_HOLD] != NULL;
}

HoldMode spec_hold_mode(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_HOLD];
    return n ? n->as.hold.mode : HOLD_MODE_FIXED;
}

uint32_t spec_hold_ms(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_HOLD];
    return n && n->as.hold.mode != HOLD_MODE_OPEN ? (uint32_t)n->as.hold.ms.value : 0;
}

uint32_t spec_tempo_ms(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_TEMPO];
    if (n)
        return (uint32_t)n->as.tempo.ms.value;
    return spec_has_hold(spec) ? 0 : DEFAULT_TEMPO_MS;
}

const TempoPhase *spec_tempo_phases(const ExerciseSpec *spec, uint32_t *n) {
    const Node *t = spec->settings.node[SET_TEMPO];
    if (n)
        *n = t ? t->as.tempo.n_phases : 0;
    return t ? t->as.tempo.phases : NULL;
}

bool spec_own_pace(const ExerciseSpec *spec, PaceScope *per) {
    const Node *n = spec->settings.node[SET_OWN_PACE];
    if (n && per)
        *per = n->as.own_pace.per;
    return n != NULL;
}

uint32_t spec_ms(const ExerciseSpec *spec, SettingId id) {
    const Node *n = spec->settings.node[id];
    if (n)
        return (uint32_t)(n->kind == NODE_GET_READY ? n->as.get_ready.ms.value : n->as.rest.ms.value);
    switch (id) {
    case SET_GET_READY: return DEFAULT_GET_READY_MS;
    case SET_REST_REPS: return spec_has_hold(spec) ? DEFAULT_REST_REPS_MS : 0;
    case SET_REST_SIDES: return DEFAULT_REST_SIDES_MS;
    case SET_REST_SETS: return DEFAULT_REST_SETS_MS;
    case SET_REST_ROUNDS: return DEFAULT_REST_ROUNDS_MS;
    default: return 0;
    }
}

bool spec_one_side_at_a_time(const ExerciseSpec *spec) {
    return spec->settings.node[SET_SIDE_ORDER] != NULL && spec_sides(spec) == SIDES_EACH;
}

Side spec_first_side(const ExerciseSpec *spec) {
    const Node *n = spec->settings.node[SET_FIRST_SIDE];
    SideMode mode = spec_sides(spec);
    if (mode == SIDES_RIGHT_ONLY)
        return SIDE_RIGHT;
    if (mode == SIDES_LEFT_ONLY)
        return SIDE_LEFT;
    return n ? n->as.side_first.side : SIDE_LEFT;
}

static uint64_t build_base(const ExerciseSpec *spec, const Node *b) {
    return b->as.build_up.target == BUILD_REPS   ? spec_reps(spec)
         : b->as.build_up.target == BUILD_SETS ? spec_sets(spec)
                                               : spec_hold_ms(spec);
}

/* How much a step adds: `by`, else one set more at a time for sets, and
 * for reps and holds the whole way in one step. */
static uint64_t build_step(const Node *b, uint64_t base, uint64_t to) {
    if (b->as.build_up.by.present)
        return b->as.build_up.by.value;
    return b->as.build_up.target == BUILD_SETS ? 1 : to - base;
}

uint32_t spec_steps(const ExerciseSpec *spec) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    if (!b)
        return 1;
    uint64_t base = build_base(spec, b), to = b->as.build_up.to.value;
    if (b->as.build_up.to.overflow || to <= base)
        return 1;
    uint64_t by = build_step(b, base, to);
    if (by == 0)
        return 1;
    uint64_t steps = (to - base + by - 1) / by + 1;
    return steps > MAX_STEPS + 1 ? MAX_STEPS + 1 : (uint32_t)steps;
}

uint32_t spec_step_value(const ExerciseSpec *spec, uint32_t step) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    if (!b)
        return 0;
    uint64_t base = build_base(spec, b), to = b->as.build_up.to.value;
    uint64_t by = build_step(b, base, to);
    uint64_t value = base + (uint64_t)step * by;
    return (uint32_t)(value > to ? to : value);
}
