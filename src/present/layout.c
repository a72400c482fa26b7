/* layout.c -- see layout.h. */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

static const char *plural(uint64_t n, const char *one, const char *many) {
    return n == 1 ? one : many;
}

/* ---- durations ---------------------------------------------------------- */

static void add_seconds(Out *o, uint64_t ms) {
    if (ms % 1000 == 0)
        out_add(o, "%llu %s", (unsigned long long)(ms / 1000), plural(ms / 1000, "second", "seconds"));
    else if (ms % 100 == 0)
        out_add(o, "%llu.%llu seconds", (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000 / 100));
    else
        out_add(o, "%llu milliseconds", (unsigned long long)ms);
}

char *layout_duration(uint64_t ms, char *buf, size_t size) {
    Out o = out_start(buf, size);
    uint64_t h = ms / 3600000, m = ms / 60000 % 60, rest = ms % 60000;
    if (h)
        out_add(&o, "%llu %s", (unsigned long long)h, plural(h, "hour", "hours"));
    if (m)
        out_add(&o, "%s%llu %s", h ? " " : "", (unsigned long long)m, plural(m, "minute", "minutes"));
    if (rest || (!h && !m)) {
        if (h || m)
            out_add(&o, " ");
        add_seconds(&o, rest);
    }
    return buf;
}

/* ---- the dose ----------------------------------------------------------- */

void layout_dose_of(const ExerciseSpec *spec, uint32_t step, LayoutDose *d) {
    memset(d, 0, sizeof *d);
    d->reps = spec_reps(spec);
    d->sets = spec_sets(spec);
    d->sides = spec_sides(spec);
    const Node *part = spec->settings.node[SET_SIDE_PART];
    d->part = part ? part->as.side_part.part.s : NULL;
    const Node *left = spec->settings.node[SET_LEFT_LABEL], *right = spec->settings.node[SET_RIGHT_LABEL];
    d->labels[SIDE_LEFT] = left ? left->as.side_label.label.s : NULL;
    d->labels[SIDE_RIGHT] = right ? right->as.side_label.label.s : NULL;
    d->first = spec_first_side(spec);
    d->has_hold = spec_has_hold(spec);
    d->hold = spec_hold_mode(spec);
    d->hold_ms = spec_hold_ms(spec);
    d->tempo_ms = spec_tempo_ms(spec);
    d->own_pace = spec_own_pace(spec, &d->pace_per);
    const Node *b = spec->settings.node[SET_BUILD_UP];
    uint32_t steps = spec_steps(spec);
    if (!b || steps < 2)
        return;
    d->build_hold = b->as.build_up.target == BUILD_HOLD;
    d->build_to = (uint32_t)b->as.build_up.to.value;
    d->build_by = spec_step_value(spec, 1) - spec_step_value(spec, 0);
    uint32_t at = step > 1 ? step - 1 : 0;
    uint32_t value = spec_step_value(spec, at < steps ? at : steps - 1);
    if (d->build_hold)
        d->hold_ms = value;
    else
        d->reps = value;
}

char *layout_side(const LayoutDose *d, Side side, char *buf, size_t size) {
    Out o = out_start(buf, size);
    if (side != SIDE_LEFT && side != SIDE_RIGHT)
        return buf;
    if (d->labels[side])
        out_add(&o, "%s", d->labels[side]);
    else
        out_add(&o, "%s %s", side_name(side), d->part ? d->part : "side");
    return buf;
}

static void add_hold(Out *o, const LayoutDose *d) {
    char t[64];
    if (!d->has_hold) {
        if (d->own_pace)
            out_add(o, "Go at your own pace. ");
        else if (d->tempo_ms)
            out_add(o, "Take about %s for each one. ", layout_duration(d->tempo_ms, t, sizeof t));
        return;
    }
    if (d->hold == HOLD_MODE_OPEN)
        out_add(o, "Hold as long as you can. ");
    else
        out_add(o, "Hold for %s%s. ", d->hold == HOLD_MODE_UP_TO ? "up to " : "",
                layout_duration(d->hold_ms, t, sizeof t));
    if (d->own_pace)
        out_add(o, "Go at your own pace. ");
}

/* "Repeat 10 times" (the paper handout's words), "Do this once" */
static void add_times(Out *o, uint32_t n) {
    if (n == 1)
        out_add(o, "Do this once");
    else
        out_add(o, "Repeat %u times", n);
}

static void add_alternating(Out *o, const LayoutDose *d, bool each) {
    char a[200], b[200];
    Side other = d->first == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
    add_times(o, d->reps);
    out_add(o, each ? " on each side, alternating sides: " : " in all, alternating sides: ");
    out_add(o, "%s, then %s.", layout_side(d, d->first, a, sizeof a), layout_side(d, other, b, sizeof b));
}

static void add_reps(Out *o, const LayoutDose *d) {
    char a[200], b[200];
    switch (d->sides) {
    case SIDES_EACH:
        add_times(o, d->reps);
        out_add(o, " on each side, with the %s first, then the %s.", layout_side(d, d->first, a, sizeof a),
                layout_side(d, d->first == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT, b, sizeof b));
        break;
    case SIDES_ALTERNATING: add_alternating(o, d, false); break;
    case SIDES_EACH_ALTERNATING: add_alternating(o, d, true); break;
    case SIDES_LEFT_ONLY: case SIDES_RIGHT_ONLY:
        add_times(o, d->reps);
        out_add(o, ", with the %s only.",
                layout_side(d, d->sides == SIDES_LEFT_ONLY ? SIDE_LEFT : SIDE_RIGHT, a, sizeof a));
        break;
    default:
        add_times(o, d->reps);
        out_add(o, ".");
        break;
    }
}

char *layout_dose_words(const LayoutDose *d, char *buf, size_t size) {
    Out o = out_start(buf, size);
    add_hold(&o, d);
    add_reps(&o, d);
    if (d->sets > 1)
        out_add(&o, " Do all of that %u times (%u sets), with a rest between.", d->sets, d->sets);
    return buf;
}

char *layout_build_words(const LayoutDose *d, char *buf, size_t size) {
    Out o = out_start(buf, size);
    char t[64], by[64];
    if (!d->build_to)
        return buf;
    if (d->build_hold)
        out_add(&o, "Build up to holds of %s, %s longer at a time.", layout_duration(d->build_to, t, sizeof t),
                layout_duration(d->build_by, by, sizeof by));
    else
        out_add(&o, "Build up to %u times, %u more at a time.", d->build_to, d->build_by);
    return buf;
}

/* ---- the schedule ------------------------------------------------------- */

/* "10 to 30 minutes" when both are whole minutes, else each in words. */
static void add_range_ms(Out *o, const ScheduleItem *it) {
    char a[64], b[64];
    uint64_t lo = it->lo.value, hi = it->hi.present ? it->hi.value : lo;
    if (lo == hi)
        out_add(o, "%s", layout_duration(lo, a, sizeof a));
    else if (lo % 60000 == 0 && hi % 60000 == 0 && hi < 3600000)
        out_add(o, "%llu to %llu minutes", (unsigned long long)(lo / 60000), (unsigned long long)(hi / 60000));
    else
        out_add(o, "%s to %s", layout_duration(lo, a, sizeof a), layout_duration(hi, b, sizeof b));
}

static void add_range_n(Out *o, const ScheduleItem *it, const char *one, const char *many) {
    if (it->hi.present && it->hi.value != it->lo.value)
        out_add(o, "%llu to %llu %s", (unsigned long long)it->lo.value, (unsigned long long)it->hi.value, many);
    else
        out_add(o, "%llu %s", (unsigned long long)it->lo.value, plural(it->lo.value, one, many));
}

char *layout_schedule(const Node *schedule, char *buf, size_t size) {
    Out o = out_start(buf, size);
    if (!schedule || schedule->kind != NODE_SCHEDULE)
        return buf;
    for (const ScheduleItem *it = schedule->as.schedule.items; it; it = it->next) {
        if (it != schedule->as.schedule.items)
            out_add(&o, ", ");
        /* "at least", "twice", "daily" (lang-b): as the bytecode's describer says them */
        ScheduleKind kind = it->bound != SCHED_EXACTLY || it->said != SCHED_SAID_NUMBER
                                ? SCHED_KIND__COUNT : it->kind;
        switch ((int)kind) {
        case SCHED_DAILY_TIME: add_range_ms(&o, it); out_add(&o, " a day"); break;
        case SCHED_TIMES_A_DAY: add_range_n(&o, it, "time", "times"); out_add(&o, " a day"); break;
        case SCHED_DAYS_A_WEEK: add_range_n(&o, it, "day", "days"); out_add(&o, " a week"); break;
        case SCHED_TIME_OF_DAY: out_add(&o, "in the %s", it->word.s ? it->word.s : ""); break;
        default: { /* lang-b's items: in the words the bytecode's describer uses */
            char words[96];
            uint32_t lo = it->lo.present ? (uint32_t)it->lo.value : 0;
            uint32_t hi = it->hi.present ? (uint32_t)it->hi.value : 0;
            out_add(&o, "%s", schedule_describe(SCHED_CODE(it->kind, it->bound, it->said), lo, hi,
                                                it->word.s, words, sizeof words));
            break;
        }
        }
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
