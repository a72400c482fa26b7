/*
 * opcodes.c -- the opcode table and the one instruction decoder.
 *
 * op_info[] is generated from RT_OPCODES (opcodes.h), so the operand count
 * is the length of the layout string, computed by the compiler.
 */
#include "opcodes.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "le.h"

/* The column values that spell "none" and the flags without their prefix,
 * only while the table is expanded. */
#define NO            OPND_NO
#define OPENS         OPF_OPENS
#define CLOSES        OPF_CLOSES
#define IN_EXERCISE   OPF_IN_EXERCISE
#define IN_LOOP       OPF_IN_LOOP
#define NOT_EXERCISE  OPF_NOT_EXERCISE
#define BRANCH        OPF_BRANCH
#define NO_FALL       OPF_NO_FALL
#define PAST_PAIR     OPF_PAST_PAIR

const OpInfo op_info[OP__COUNT] = {
#define X(name, operands, flags, pair, dur, jump, synopsis)                    \
    [OP_##name] = {#name, operands, synopsis, (uint8_t)(sizeof(operands) - 1), \
                   (uint8_t)(flags), (uint8_t)OP_##pair, (uint8_t)(dur),       \
                   (uint8_t)(jump)},
    RT_OPCODES(X)
#undef X
};

#undef NO
#undef OPENS
#undef CLOSES
#undef IN_EXERCISE
#undef IN_LOOP
#undef NOT_EXERCISE
#undef BRANCH
#undef NO_FALL
#undef PAST_PAIR

int insn_decode(const uint8_t *code, uint32_t code_len, uint32_t pc, Insn *out) {
    if (pc >= code_len || code[pc] >= OP__COUNT)
        return 0;
    Opcode op = (Opcode)code[pc];
    uint32_t length = op_length(op);
    if (length > code_len - pc)
        return 0;
    out->op = op;
    out->length = length;
    for (unsigned i = 0; i < MAX_OPERANDS; i++)
        out->operand[i] = i < op_info[op].n_operands
                              ? le_get32(code + pc + 1 + 4 * i)
                              : 0;
    return 1;
}

const char *side_name(Side side) {
    switch (side) {
    case SIDE_LEFT: return "left";
    case SIDE_RIGHT: return "right";
    case SIDE_BOTH: return "both";
    default: return NULL;
    }
}

const char *side_role_name(SideRole role) {
    switch (role) {
    case ROLE_AFFECTED: return "affected";
    case ROLE_UNAFFECTED: return "unaffected";
    default: return NULL;
    }
}

/* ---- the words the compiler writes (see opcodes.h) -------------------- */

/* Marked for translation here, said translated by the hosts. */
static const char *const side_phrases[SIDE_PHRASE_ROWS][SIDE_PHRASE_LIMBS] = {
    {N_("both sides together"), N_("both legs"), N_("both arms"), N_("both feet"), N_("both hands")},
    {N_("affected side"), N_("affected leg"), N_("affected arm"), N_("affected foot"), N_("affected hand")},
    {N_("operated side"), N_("operated leg"), N_("operated arm"), N_("operated foot"), N_("operated hand")},
    {N_("weaker side"), N_("weaker leg"), N_("weaker arm"), N_("weaker foot"), N_("weaker hand")},
    {N_("injured side"), N_("injured leg"), N_("injured arm"), N_("injured foot"), N_("injured hand")},
    {N_("painful side"), N_("painful leg"), N_("painful arm"), N_("painful foot"), N_("painful hand")},
    {N_("sore side"), N_("sore leg"), N_("sore arm"), N_("sore foot"), N_("sore hand")},
    {N_("involved side"), N_("involved leg"), N_("involved arm"), N_("involved foot"), N_("involved hand")},
    {N_("unaffected side"), N_("unaffected leg"), N_("unaffected arm"), N_("unaffected foot"),
     N_("unaffected hand")},
    {N_("stronger side"), N_("stronger leg"), N_("stronger arm"), N_("stronger foot"), N_("stronger hand")},
    {N_("other side"), N_("other leg"), N_("other arm"), N_("other foot"), N_("other hand")},
    {N_("good side"), N_("good leg"), N_("good arm"), N_("good foot"), N_("good hand")},
    {N_("uninjured side"), N_("uninjured leg"), N_("uninjured arm"), N_("uninjured foot"),
     N_("uninjured hand")},
};

/* A side counted by a limb (`10 each leg`): "left leg" is routinec's own
 * words, translated whole (a therapist's `side "leg"` says the same). */
static const char *const limb_sides[2][SIDE_PHRASE_LIMBS - 1] = {
    {N_("left leg"), N_("left arm"), N_("left foot"), N_("left hand")},
    {N_("right leg"), N_("right arm"), N_("right foot"), N_("right hand")},
};

const char *side_phrase(unsigned row, unsigned limb) {
    return row < SIDE_PHRASE_ROWS && limb < SIDE_PHRASE_LIMBS ? side_phrases[row][limb] : NULL;
}

static const char *find_in(const char *label, const char *const *table, size_t n) {
    for (size_t i = 0; label && i < n; i++)
        if (strcmp(label, table[i]) == 0)
            return table[i];
    return NULL;
}

const char *side_phrase_find(const char *label) {
    const char *found = find_in(label, &side_phrases[0][0], sizeof side_phrases / sizeof side_phrases[0][0]);
    return found ? found : find_in(label, &limb_sides[0][0], sizeof limb_sides / sizeof limb_sides[0][0]);
}

char *side_part_label(Side side, const char *part, char *buf, size_t size) {
    snprintf(buf, size, "%s %s", side_name(side) ? side_name(side) : "", part ? part : "");
    return buf;
}

const char *side_label_part(const char *label, Side side) {
    const char *name = side == SIDE_LEFT || side == SIDE_RIGHT ? side_name(side) : NULL;
    size_t n = name ? strlen(name) : 0;
    if (!label || !name || strncmp(label, name, n) != 0 || label[n] != ' ' || !label[n + 1])
        return NULL;
    return label + n + 1;
}

const char *stop_if_text(const char *cue) {
    size_t n = sizeof STOP_IF_LEAD - 1;
    return cue && strncmp(cue, STOP_IF_LEAD, n) == 0 && cue[n] ? cue + n : NULL;
}


/* ---- tempo phases -------------------------------------------------------- */

const TempoWordInfo tempo_words[TEMPO_WORD__COUNT] = {
#define X(name, word, motion, label, phrase) [TEMPO_##name] = {word, TEMPO_##motion, label, phrase},
    TEMPO_WORDS(X)
#undef X
};

TempoWord tempo_word_of(const char *word, size_t len) {
    /* the words as handouts also write them: `slow`, `3s lowering` */
    static const struct { const char *word; TempoWord is; } also[] = {
        {"slow", TEMPO_SLOWLY}, {"lifting", TEMPO_LIFT}, {"raising", TEMPO_RAISE},
        {"lowering", TEMPO_LOWER}, {"pushing", TEMPO_PUSH}, {"pulling", TEMPO_PULL},
        {"returning", TEMPO_RETURN}, {"squeezing", TEMPO_SQUEEZE}, {"relaxing", TEMPO_RELAX},
        {"holding", TEMPO_HOLD}, {"opening", TEMPO_OPEN}, {"closing", TEMPO_CLOSE},
    };
    for (size_t i = 0; i < sizeof also / sizeof *also; i++)
        if (strlen(also[i].word) == len && memcmp(also[i].word, word, len) == 0)
            return also[i].is;
    for (int i = 0; i < TEMPO_WORD__COUNT; i++)
        if (strlen(tempo_words[i].word) == len && memcmp(tempo_words[i].word, word, len) == 0)
            return (TempoWord)i;
    return TEMPO_WORD__COUNT;
}

char *tempo_word_list(char *buf, size_t size) {
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (int i = 0; i < TEMPO_WORD__COUNT && n < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", tempo_words[i].word);
        n += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

/* ---- lang-b: schedule items and loads in words ------------------------ */

static const char *const sched_units[] = {
    [SCHED_DAILY_TIME] = "a day",  [SCHED_TIMES_A_DAY] = "a day",
    [SCHED_DAYS_A_WEEK] = "a week", [SCHED_TIME_OF_DAY] = "",
    [SCHED_TIMES_A_WEEK] = "a week", [SCHED_EVERY] = "",
    [SCHED_MOST_DAYS] = "",        [SCHED_FOR_WEEKS] = "weeks",
    [SCHED_FOR_DAYS] = "days",
};

/* "3", "3 to 5", or for durations "30min", "10min to 20min". */
static void describe_range(uint32_t lo, uint32_t hi, int is_ms, char *buf, size_t size) {
    char a[32], b[32];
    if (is_ms) {
        duration_format(lo, a, sizeof a);
        duration_format(hi, b, sizeof b);
    } else {
        snprintf(a, sizeof a, "%u", lo);
        snprintf(b, sizeof b, "%u", hi);
    }
    if (hi)
        snprintf(buf, size, "%s to %s", a, b);
    else
        snprintf(buf, size, "%s", a);
}

/* "2 hours", "hour", "90 minutes", "2 to 3 hours": as handouts say it. */
static void describe_interval(uint32_t lo, uint32_t hi, char *buf, size_t size) {
    uint32_t unit = lo % 3600000 == 0 && hi % 3600000 == 0 ? 3600000 : 60000;
    const char *word = unit == 3600000 ? "hour" : "minute";
    if (lo % unit || hi % unit) {
        describe_range(lo, hi, 1, buf, size);
        return;
    }
    if (hi)
        snprintf(buf, size, "%u to %u %ss", lo / unit, hi / unit, word);
    else if (lo == unit)
        snprintf(buf, size, "%s", word);
    else
        snprintf(buf, size, "%u %ss", lo / unit, word);
}

/* "once", "twice", "3 times", "1 time", "2 to 3 times". */
static void describe_times(ScheduleSaid said, uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char n[80];
    if (said == SCHED_SAID_ONCE || said == SCHED_SAID_TWICE) {
        snprintf(buf, size, "%s", said == SCHED_SAID_ONCE ? "once" : "twice");
        return;
    }
    describe_range(lo, hi, 0, n, sizeof n);
    snprintf(buf, size, "%s %s", n, lo == 1 && !hi ? "time" : "times");
}

/* "hourly", "every 2 hours". */
static void describe_every(ScheduleSaid said, uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char what[96];
    if (said == SCHED_SAID_HOURLY) {
        snprintf(buf, size, "hourly");
        return;
    }
    describe_interval(lo, hi, what, sizeof what);
    snprintf(buf, size, "every %s", what);
}

/* "every other day" (3 to 4 days a week), "daily", "at least 5 days a week". */
static void describe_days_a_week(ScheduleSaid said, const char *bound, uint32_t lo, uint32_t hi, char *buf,
                                 size_t size) {
    char what[96];
    if (said == SCHED_SAID_EVERY_OTHER_DAY)
        snprintf(buf, size, "every other day");
    else if (said == SCHED_SAID_DAILY || said == SCHED_SAID_EVERY_DAY)
        snprintf(buf, size, "%s", said == SCHED_SAID_DAILY ? "daily" : "every day");
    else {
        describe_range(lo, hi, 0, what, sizeof what);
        snprintf(buf, size, "%s%s %s a week", bound, what, lo == 1 && !hi ? "day" : "days");
    }
}

/* "for 6 weeks", "for 1 day", "for up to 10 days". */
static void describe_for(ScheduleKind kind, const char *bound, uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char what[96];
    const char *one = kind == SCHED_FOR_WEEKS ? "week" : "day";
    describe_range(lo, hi, 0, what, sizeof what);
    snprintf(buf, size, "for %s%s %s", bound, what, lo == 1 && !hi ? one : sched_units[kind]);
}

char *schedule_describe(uint32_t code, uint32_t lo, uint32_t hi, const char *word, char *buf,
                        size_t size) {
    ScheduleKind kind = SCHED_CODE_KIND(code);
    ScheduleSaid said = SCHED_CODE_SAID(code);
    static const char *const bounds[] = {"", "at least ", "up to "};
    const char *bound = bounds[SCHED_CODE_BOUND(code) % SCHED_BOUND__COUNT];
    char what[96];
    switch (kind) {
    case SCHED_TIME_OF_DAY: snprintf(buf, size, "in the %s", word ? word : ""); break;
    case SCHED_MOST_DAYS: snprintf(buf, size, "most days"); break;
    case SCHED_EVERY: describe_every(said, lo, hi, buf, size); break;
    case SCHED_DAYS_A_WEEK: describe_days_a_week(said, bound, lo, hi, buf, size); break;
    case SCHED_TIMES_A_DAY: case SCHED_TIMES_A_WEEK:
        describe_times(said, lo, hi, what, sizeof what);
        snprintf(buf, size, "%s%s %s", bound, what, sched_units[kind]);
        break;
    case SCHED_FOR_WEEKS: case SCHED_FOR_DAYS: describe_for(kind, bound, lo, hi, buf, size); break;
    case SCHED_DAILY_TIME:
        describe_range(lo, hi, 1, what, sizeof what);
        snprintf(buf, size, "%s%s a day", bound, what);
        break;
    default: snprintf(buf, size, "?"); break; /* not a kind: SCHED_KIND__COUNT or more */
    }
    return buf;
}

/* 2500 -> "2.5" */
static void describe_amount(uint32_t thousandths, char *buf, size_t size) {
    uint32_t whole = thousandths / 1000, frac = thousandths % 1000;
    if (!frac)
        snprintf(buf, size, "%u", whole);
    else if (frac % 100 == 0)
        snprintf(buf, size, "%u.%u", whole, frac / 100);
    else if (frac % 10 == 0)
        snprintf(buf, size, "%u.%02u", whole, frac / 10);
    else
        snprintf(buf, size, "%u.%03u", whole, frac);
}

char *load_describe(uint32_t lo, uint32_t hi, uint32_t unit, char *buf, size_t size) {
    static const char *const units[] = {"", "lb", "kg", "g", "oz"};
    char a[24], b[24];
    if (unit == LOAD_NONE || unit >= LOAD_UNIT__COUNT) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    describe_amount(lo, a, sizeof a);
    describe_amount(hi, b, sizeof b);
    if (hi && hi != lo)
        snprintf(buf, size, "%s%s to %s%s", a, units[unit], b, units[unit]);
    else
        snprintf(buf, size, "%s%s", a, units[unit]);
    return buf;
}
