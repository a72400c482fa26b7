/* layout.c -- see layout.h. */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "i18n.h"
#include "kinds.h"

/* A cursor over a caller's buffer: appends never overflow it. */
typedef struct {
    char *buf;
    size_t size, len;
} Out;

static void out_add(Out *o, const char *fmt, ...) {
    if (o->len + 1 >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < o->size - o->len ? (size_t)n : o->size - o->len - 1;
}

static Out out_start(char *buf, size_t size) {
    Out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    return o;
}

/* ---- durations ---------------------------------------------------------- */

static void add_seconds(Out *o, uint64_t ms) {
    unsigned long long s = ms / 1000;
    if (ms % 1000 == 0)
        out_add(o, ngettext("%llu second", "%llu seconds", (unsigned long)s), s);
    else if (ms % 100 == 0)
        out_add(o, _("%llu.%llu seconds"), s, (unsigned long long)(ms % 1000 / 100));
    else
        out_add(o, ngettext("%llu millisecond", "%llu milliseconds", (unsigned long)ms), (unsigned long long)ms);
}

char *layout_duration(uint64_t ms, char *buf, size_t size) {
    Out o = out_start(buf, size);
    unsigned long long h = ms / 3600000, m = ms / 60000 % 60;
    uint64_t rest = ms % 60000;
    if (h)
        out_add(&o, ngettext("%llu hour", "%llu hours", (unsigned long)h), h);
    if (m) {
        out_add(&o, h ? " " : "");
        out_add(&o, ngettext("%llu minute", "%llu minutes", (unsigned long)m), m);
    }
    if (rest || (!h && !m)) {
        if (h || m)
            out_add(&o, " ");
        add_seconds(&o, rest);
    }
    return buf;
}

/* "5 to 10 seconds", "2 to 3 minutes", "30 seconds to 1 minute"; one
 * duration when `least` is 0 or not below `ms`.  A range's noun agrees
 * with its upper end (ngettext), as gettext's manual has it. */
char *layout_duration_range(uint64_t least, uint64_t ms, char *buf, size_t size) {
    Out o = out_start(buf, size);
    char a[64], b[64];
    unsigned long long lo = least, hi = ms;
    if (!least || least >= ms)
        return layout_duration(ms, buf, size);
    if (lo % 1000 == 0 && hi % 1000 == 0 && hi < 60000)
        out_add(&o, ngettext("%llu to %llu second", "%llu to %llu seconds", (unsigned long)(hi / 1000)), lo / 1000,
                hi / 1000);
    else if (lo % 60000 == 0 && hi % 60000 == 0 && hi < 3600000)
        out_add(&o, ngettext("%llu to %llu minute", "%llu to %llu minutes", (unsigned long)(hi / 60000)), lo / 60000,
                hi / 60000);
    else /* TRANSLATORS: a range of two durations, "30 seconds to 1 minute" */
        out_add(&o, _("%s to %s"), layout_duration(least, a, sizeof a), layout_duration(ms, b, sizeof b));
    return buf;
}

/* ---- the dose ----------------------------------------------------------- */

/* What a range or a ceiling of reps, sets and holds resolves to. */
static void dose_ranges(const ExerciseSpec *spec, LayoutDose *d) {
    const Node *rep = spec->settings.node[SET_REPEAT];
    d->reps_ceiling = rep && rep->as.repeat.ceiling;
    d->reps_least = d->reps_ceiling ? 0 : spec_reps_least(spec);
    d->sets_least = spec_sets_least(spec);
    d->hold_least_ms = d->hold == HOLD_MODE_UP_TO ? spec_hold_least_ms(spec) : 0;
    d->rest_sets_ms = spec_ms(spec, SET_REST_SETS);
    d->rest_sets_least_ms = spec_least_ms(spec, SET_REST_SETS);
    d->reps_rest_as_needed = spec_rest_as_needed(spec, SET_REST_REPS);
    d->sides_rest_as_needed = spec_rest_as_needed(spec, SET_REST_SIDES);
    d->sets_rest_as_needed = spec_rest_as_needed(spec, SET_REST_SETS);
}

/* Which sides, in what words: "left knee", "both legs", "operated leg". */
static void dose_sides(const ExerciseSpec *spec, LayoutDose *d) {
    d->sides = spec_sides(spec);
    const Node *part = spec->settings.node[SET_SIDE_PART];
    d->part = part ? part->as.side_part.part.s : NULL;
    const Node *left = spec->settings.node[SET_LEFT_LABEL], *right = spec->settings.node[SET_RIGHT_LABEL];
    d->labels[SIDE_LEFT] = left ? left->as.side_label.label.s : NULL;
    d->labels[SIDE_RIGHT] = right ? right->as.side_label.label.s : NULL;
    d->first = spec_first_side(spec);
    d->one_side_at_a_time = spec_one_side_at_a_time(spec);
    const Node *r = spec->settings.node[SET_REPEAT];
    char words[sizeof d->side_words]; /* "both legs": in the patient's words */
    if (r && ast_side_words(r->as.repeat.sides, (RoleWord)r->as.repeat.role_word, (Limb)r->as.repeat.limb,
                            words, sizeof words))
        snprintf(d->side_words, sizeof d->side_words, "%s", events_side_label(words, SIDE_BOTH, NULL, 0));
    if (r && d->sides == SIDES_ROLE) {
        d->role = ast_role_of((RoleWord)r->as.repeat.role_word);
        d->limb = r->as.repeat.limb < LIMB__COUNT ? (Limb)r->as.repeat.limb : LIMB_SIDE;
    }
}

/* The hold, the tempo and its phases, the own pace. */
static void dose_timing(const ExerciseSpec *spec, LayoutDose *d) {
    d->has_hold = spec_has_hold(spec);
    d->hold = spec_hold_mode(spec);
    d->hold_ms = spec_hold_ms(spec);
    d->tempo_ms = spec_tempo_ms(spec);
    for (const TempoPhase *p = spec_tempo_phases(spec, NULL); p && d->n_phases < MAX_TEMPO_PHASES; p = p->next) {
        d->phase_word[d->n_phases] = (uint8_t)p->code;
        d->phase_ms[d->n_phases++] = (uint32_t)p->ms.value;
    }
    d->own_pace = spec_own_pace(spec, &d->pace_per);
}

/* `build up`: the value of step `step` (1, 2...) replaces what it builds. */
static void dose_build_up(const ExerciseSpec *spec, uint32_t step, LayoutDose *d) {
    const Node *b = spec->settings.node[SET_BUILD_UP];
    uint32_t steps = spec_steps(spec);
    if (!b || steps < 2)
        return;
    d->build_hold = b->as.build_up.target == BUILD_HOLD;
    d->build_sets = b->as.build_up.target == BUILD_SETS;
    d->build_to = (uint32_t)b->as.build_up.to.value;
    d->build_by = spec_step_value(spec, 1) - spec_step_value(spec, 0);
    uint32_t at = step > 1 ? step - 1 : 0;
    uint32_t value = spec_step_value(spec, at < steps ? at : steps - 1);
    if (d->build_hold)
        d->hold_ms = value, d->hold_least_ms = 0;
    else if (d->build_sets)
        d->sets = value, d->sets_least = value;
    else
        d->reps = value, d->reps_least = 0; /* build up starts from one value, never a range */
}

void layout_dose_of(const ExerciseSpec *spec, uint32_t step, LayoutDose *d) {
    memset(d, 0, sizeof *d);
    d->reps = spec_reps(spec);
    d->sets = spec_sets(spec);
    dose_sides(spec, d);
    dose_timing(spec, d);
    dose_ranges(spec, d); /* after the hold's mode */
    dose_build_up(spec, step, d);
}

char *layout_side(const LayoutDose *d, Side side, char *buf, size_t size) {
    Out o = out_start(buf, size);
    if (side != SIDE_LEFT && side != SIDE_RIGHT)
        return buf;
    if (d->labels[side])
        out_add(&o, "%s", d->labels[side]);
    else if (d->part) /* TRANSLATORS: %s is the therapist's body part ("knee"), in their words */
        out_add(&o, side == SIDE_LEFT ? _("left %s") : _("right %s"), d->part);
    else
        out_add(&o, "%s", side == SIDE_LEFT ? _("left side") : _("right side"));
    return buf;
}

/* One sentence of the dose, a blank between sentences. */
static void add_sentence(Out *o, const char *fmt, ...) {
    char s[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    out_add(o, "%s%s", o->len ? " " : "", s);
}

/* ---- tempo phases --------------------------------------------------------- */

static bool phase_moves(const LayoutDose *d, uint32_t i) {
    return d->phase_word[i] < TEMPO_WORD__COUNT && tempo_words[d->phase_word[i]].motion != TEMPO_STILL;
}

/* "3 seconds to lift" or "hold for 2 seconds". */
static void add_phrase(Out *o, const LayoutDose *d, uint32_t i) {
    char t[96];
    const char *phrase = d->phase_word[i] < TEMPO_WORD__COUNT ? tempo_words[d->phase_word[i]].phrase : "%s";
    out_add(o, _(phrase), layout_duration(d->phase_ms[i], t, sizeof t));
}

/* Phases that move, from `i`, as "take 1 second to lift and 3 seconds to
 * lower"; returns the index after them. */
static uint32_t add_moves(Out *o, const LayoutDose *d, uint32_t i) {
    char list[400];
    Out l = out_start(list, sizeof list);
    uint32_t start = i;
    for (; i < d->n_phases && phase_moves(d, i); i++) {
        if (i > start) /* TRANSLATORS: between the last two phases of a list */
            out_add(&l, "%s", i + 1 < d->n_phases && phase_moves(d, i + 1) ? ", " : _(" and "));
        add_phrase(&l, d, i);
    }
    /* TRANSLATORS: %s is a list of phases, "3 seconds to lift and 5 seconds to lower" */
    out_add(o, _("Take %s"), list);
    return i;
}

char *layout_phase_words(const LayoutDose *d, char *buf, size_t size) {
    Out o = out_start(buf, size);
    for (uint32_t i = 0; i < d->n_phases;) {
        size_t at = o.len;
        if (i > 0) /* TRANSLATORS: between the parts of a repetition */
            out_add(&o, "%s", _(", then "));
        size_t word = o.len;
        if (phase_moves(d, i))
            i = add_moves(&o, d, i);
        else
            add_phrase(&o, d, i++);
        char *c = buf + word; /* "Take" starts the sentence, "take" goes on with it */
        if (word < o.len && *c >= 'A' && *c <= 'Z' && at > 0)
            *c = (char)(*c - 'A' + 'a');
        else if (word < o.len && *c >= 'a' && *c <= 'z' && at == 0)
            *c = (char)(*c - 'a' + 'A');
    }
    if (o.len)
        out_add(&o, ".");
    return buf;
}

static void add_hold(Out *o, const LayoutDose *d) {
    char t[128], phases[600];
    if (d->n_phases && !d->own_pace) /* at own pace, the patient sets the speed */
        add_sentence(o, "%s", layout_phase_words(d, phases, sizeof phases));
    if (!d->has_hold) {
        if (d->own_pace)
            add_sentence(o, "%s", _("Go at your own pace."));
        else if (d->tempo_ms && !d->n_phases)
            add_sentence(o, _("Take about %s for each one."), layout_duration(d->tempo_ms, t, sizeof t));
        return;
    }
    if (d->hold == HOLD_MODE_OPEN)
        add_sentence(o, "%s", _("Hold as long as you can."));
    else if (d->hold == HOLD_MODE_UP_TO && !d->hold_least_ms)
        add_sentence(o, _("Hold for up to %s."), layout_duration(d->hold_ms, t, sizeof t));
    else
        add_sentence(o, _("Hold for %s."), layout_duration_range(d->hold_least_ms, d->hold_ms, t, sizeof t));
    if (d->own_pace)
        add_sentence(o, "%s", _("Go at your own pace."));
}

/* "Repeat 10 times", "Repeat 8 to 12 times", "Repeat as many times as you
 * can, up to 10", "Do this once" -- the start of the sentence on reps. */
static const char *times_words(const LayoutDose *d, char *buf, size_t size) {
    if (d->reps_ceiling)
        snprintf(buf, size, _("Repeat as many times as you can, up to %u"), d->reps);
    else if (d->reps_least && d->reps_least < d->reps)
        snprintf(buf, size, ngettext("Repeat %u to %u time", "Repeat %u to %u times", d->reps), d->reps_least, d->reps);
    else if (d->reps == 1)
        snprintf(buf, size, "%s", _("Do this once"));
    else
        snprintf(buf, size, ngettext("Repeat %u time", "Repeat %u times", d->reps), d->reps);
    return buf;
}

/* A side named by its role: the patient's side when it is known ("with
 * your left leg only"), else the role as written ("with your operated leg
 * only"). */
static const char *const ROLE_SIDE_WORDS[2][LIMB__COUNT] = {
    {[LIMB_SIDE] = N_("%s, with your left side only."), [LIMB_LEG] = N_("%s, with your left leg only."),
     [LIMB_ARM] = N_("%s, with your left arm only.")},
    {[LIMB_SIDE] = N_("%s, with your right side only."), [LIMB_LEG] = N_("%s, with your right leg only."),
     [LIMB_ARM] = N_("%s, with your right arm only.")},
};

static void add_role(Out *o, const LayoutDose *d, const char *times) {
    Side side = d->affected;
    if (side == SIDE_LEFT || side == SIDE_RIGHT) {
        if (d->role == ROLE_UNAFFECTED)
            side = side == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
        add_sentence(o, _(ROLE_SIDE_WORDS[side == SIDE_RIGHT][d->limb]), times);
    } else {
        add_sentence(o, _("%s, with your %s only."), times, d->side_words);
    }
}

static void add_reps(Out *o, const LayoutDose *d) {
    char n[160], a[200], b[200];
    Side other = d->first == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
    times_words(d, n, sizeof n);
    layout_side(d, d->first, a, sizeof a);
    layout_side(d, other, b, sizeof b);
    switch (d->sides) {
    case SIDES_EACH:
        add_sentence(o, d->one_side_at_a_time && d->sets > 1
                            ? _("%s on each side: every set with the %s first, then every set with the %s.")
                            : _("%s on each side, with the %s first, then the %s."),
                     n, a, b);
        break;
    case SIDES_BOTH: add_sentence(o, "%s, %s.", n, d->side_words); break;
    case SIDES_ROLE: add_role(o, d, n); break;
    case SIDES_ALTERNATING: add_sentence(o, _("%s in all, alternating sides: %s, then %s."), n, a, b); break;
    case SIDES_EACH_ALTERNATING:
        add_sentence(o, _("%s on each side, alternating sides: %s, then %s."), n, a, b);
        break;
    case SIDES_LEFT_ONLY: case SIDES_RIGHT_ONLY:
        add_sentence(o, _("%s, with the %s only."), n,
                     layout_side(d, d->sides == SIDES_LEFT_ONLY ? SIDE_LEFT : SIDE_RIGHT, a, sizeof a));
        break;
    default: add_sentence(o, "%s.", n); break;
    }
}

static void add_sets(Out *o, const LayoutDose *d) {
    char t[128];
    if (d->sets < 2)
        return;
    if (d->one_side_at_a_time && d->sides == SIDES_EACH) /* one side at a time */
        add_sentence(o, ngettext("That is %u set on each side.", "That is %u sets on each side.", d->sets),
                     d->sets);
    else if (d->sets_least && d->sets_least < d->sets)
        add_sentence(o,
                     ngettext("Do all of that %u to %u time (%u to %u set).",
                              "Do all of that %u to %u times (%u to %u sets).", d->sets),
                     d->sets_least, d->sets, d->sets_least, d->sets);
    else
        add_sentence(o, ngettext("Do all of that %u time (%u set).", "Do all of that %u times (%u sets).", d->sets),
                     d->sets, d->sets);
    if (d->sets_rest_as_needed)
        add_sentence(o, "%s", _("Rest as long as you need between sets."));
    else if (d->rest_sets_ms)
        add_sentence(o, _("Rest %s between sets."),
                     layout_duration_range(d->rest_sets_least_ms, d->rest_sets_ms, t, sizeof t));
}

char *layout_dose_words(const LayoutDose *d, char *buf, size_t size) {
    Out o = out_start(buf, size);
    add_hold(&o, d);
    add_reps(&o, d);
    if (d->reps_rest_as_needed && d->reps > 1)
        add_sentence(&o, "%s", _("Rest as long as you need between repetitions."));
    if (d->sides_rest_as_needed && d->sides == SIDES_EACH)
        add_sentence(&o, "%s", _("Rest as long as you need between sides."));
    add_sets(&o, d);
    return buf;
}

char *layout_build_words(const LayoutDose *d, char *buf, size_t size) {
    Out o = out_start(buf, size);
    char t[64], by[64];
    if (!d->build_to)
        return buf;
    if (d->build_hold)
        out_add(&o, _("Build up to holds of %s, %s longer at a time."), layout_duration(d->build_to, t, sizeof t),
                layout_duration(d->build_by, by, sizeof by));
    else if (d->build_sets)
        out_add(&o, ngettext("Build up to %u set, %u more at a time.", "Build up to %u sets, %u more at a time.",
                             d->build_to),
                d->build_to, d->build_by);
    else
        out_add(&o, ngettext("Build up to %u time, %u more at a time.", "Build up to %u times, %u more at a time.",
                             d->build_to),
                d->build_to, d->build_by);
    return buf;
}

/* ---- the schedule ------------------------------------------------------- */

/* "10 to 30 minutes", "90 seconds" */
static void add_range_ms(Out *o, const ScheduleItem *it) {
    char a[128];
    uint64_t lo = it->lo.value, hi = it->hi.present ? it->hi.value : lo;
    out_add(o, "%s", layout_duration_range(lo, hi, a, sizeof a));
}

/* "1 to 3 times a day" (or `days`: "1 day a week") */
static void add_range_n(Out *o, const ScheduleItem *it, bool days) {
    unsigned long long lo = it->lo.value, hi = it->hi.present ? it->hi.value : lo;
    if (hi != lo)
        out_add(o, days ? ngettext("%llu to %llu day a week", "%llu to %llu days a week", (unsigned long)hi)
                        : ngettext("%llu to %llu time a day", "%llu to %llu times a day", (unsigned long)hi),
                lo, hi);
    else if (days)
        out_add(o, ngettext("%llu day a week", "%llu days a week", (unsigned long)lo), lo);
    else
        out_add(o, ngettext("%llu time a day", "%llu times a day", (unsigned long)lo), lo);
}

/* One item of a schedule: "10 to 30 minutes a day", "3 days a week";
 * "at least", "twice", "daily" (lang-b) as the bytecode's describer says
 * them, in the words the session says them. */
static void add_schedule_item(Out *o, const ScheduleItem *it) {
    ScheduleKind kind = it->bound != SCHED_EXACTLY || it->said != SCHED_SAID_NUMBER ? SCHED_KIND__COUNT : it->kind;
    char words[200];
    if (kind == SCHED_DAILY_TIME) {
        Out r = out_start(words, sizeof words);
        add_range_ms(&r, it);
        out_add(o, _("%s a day"), words);
    } else if (kind == SCHED_TIMES_A_DAY || kind == SCHED_DAYS_A_WEEK) {
        add_range_n(o, it, kind == SCHED_DAYS_A_WEEK);
    } else {
        uint32_t lo = it->lo.present ? (uint32_t)it->lo.value : 0;
        uint32_t hi = it->hi.present ? (uint32_t)it->hi.value : 0;
        out_add(o, "%s", events_schedule_words(SCHED_CODE(it->kind, it->bound, it->said), lo, hi, it->word.s,
                                                words, sizeof words));
    }
}

char *layout_schedule(const Node *schedule, char *buf, size_t size) {
    Out o = out_start(buf, size);
    if (!schedule || schedule->kind != NODE_SCHEDULE)
        return buf;
    for (const ScheduleItem *it = schedule->as.schedule.items; it; it = it->next) {
        if (it != schedule->as.schedule.items)
            out_add(&o, ", ");
        add_schedule_item(&o, it);
    }
    out_add(&o, ".");
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

static const ScheduleItem *schedule_item(const Node *schedule, ScheduleKind kind) {
    if (!schedule || schedule->kind != NODE_SCHEDULE)
        return NULL;
    for (const ScheduleItem *it = schedule->as.schedule.items; it; it = it->next)
        if (it->kind == kind)
            return it;
    return NULL;
}

static uint32_t item_max(const ScheduleItem *it, uint32_t fallback, uint32_t cap) {
    if (!it)
        return fallback;
    uint64_t v = it->hi.present ? it->hi.value : it->lo.value;
    return v < 1 ? 1 : v > cap ? cap : (uint32_t)v;
}

uint32_t layout_times_a_day(const Node *schedule) {
    return item_max(schedule_item(schedule, SCHED_TIMES_A_DAY), 1, 12);
}

uint32_t layout_days_a_week(const Node *schedule) {
    return item_max(schedule_item(schedule, SCHED_DAYS_A_WEEK), 7, 7);
}

const char *layout_time_of_day(const Node *schedule) {
    const ScheduleItem *it = schedule_item(schedule, SCHED_TIME_OF_DAY);
    return it ? it->word.s : NULL;
}

static void item_range(const ScheduleItem *it, uint32_t fallback, uint32_t cap, uint32_t *lo, uint32_t *hi) {
    *lo = *hi = fallback;
    if (!it)
        return;
    uint64_t a = it->lo.value, b = it->hi.present ? it->hi.value : a;
    *lo = a < 1 ? 1 : a > cap ? cap : (uint32_t)a;
    *hi = b < *lo ? *lo : b > cap ? cap : (uint32_t)b;
}

/* lang-b: "up to 3 times a day" asks for at least one. */
static void bound_range(const ScheduleItem *it, uint32_t *lo) {
    if (it && it->bound == SCHED_UP_TO)
        *lo = 1;
}

void layout_sessions_per_week(const Node *schedule, uint32_t *lo, uint32_t *hi) {
    *lo = *hi = 0;
    if (!schedule || schedule->kind != NODE_SCHEDULE)
        return;
    uint32_t t_lo, t_hi, d_lo, d_hi;
    const ScheduleItem *times = schedule_item(schedule, SCHED_TIMES_A_DAY);
    const ScheduleItem *every = schedule_item(schedule, SCHED_EVERY);
    item_range(times, 1, 12, &t_lo, &t_hi);
    bound_range(times, &t_lo);
    if (!times && every && every->lo.value > 0) { /* every 2 hours: over 16 waking hours */
        uint64_t n = 16ull * 3600000 / every->lo.value;
        t_lo = t_hi = n < 1 ? 1 : n > 16 ? 16 : (uint32_t)n;
    }
    item_range(schedule_item(schedule, SCHED_DAYS_A_WEEK), 7, 7, &d_lo, &d_hi);
    if (schedule_item(schedule, SCHED_MOST_DAYS) && !schedule_item(schedule, SCHED_DAYS_A_WEEK))
        d_lo = 4, d_hi = 7;
    *lo = t_lo * d_lo;
    *hi = t_hi * d_hi;
    const ScheduleItem *weekly = schedule_item(schedule, SCHED_TIMES_A_WEEK);
    if (weekly) { /* 3 times a week: the week's own count */
        item_range(weekly, 1, 7 * 24, lo, hi);
        bound_range(weekly, lo);
    }
}

uint32_t layout_programme_weeks(const Node *schedule) {
    const ScheduleItem *weeks = schedule_item(schedule, SCHED_FOR_WEEKS);
    const ScheduleItem *days = schedule_item(schedule, SCHED_FOR_DAYS);
    uint64_t n = weeks ? weeks->lo.value : days ? (days->lo.value + 6) / 7 : 0;
    return n > 104 ? 104 : (uint32_t)n;
}

/* ---- kinds -------------------------------------------------------------- */

const char *layout_kind(const char *word) {
    /* The language's own kinds (kinds.h); another word is the therapist's. */
    for (size_t i = 0; word && i < kinds_count; i++)
        if (strcmp(word, kinds_words[i]) == 0)
            return _(kinds_words[i]);
    return word;
}
