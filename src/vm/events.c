/*
 * events.c -- VM events as JSON lines and as plain progress lines.
 *
 * JSON, per kind, after "t" and "ev" ("?" = left out when absent):
 *
 *   start {routine}              section {name}
 *   exercise {name, section, kind?, variant?, test? (true: a self-test)}
 *   position/cue/breathe/note/safety/gate {text}; cue also {stop_if?}: a
 *     self-test's `stop if "TEXT"` (its text says "Press Enter when TEXT")
 *   get_ready/tempo/rest/held/done {ms}  (tempo: phases? when phase events follow)
 *   phase {phase, motion: go|back|still, n, of, ms}  one timed phase of a rep
 *   set {n, of, min?}            round {n, of, circuit?}
 *   side {side: left|right|both|none|unknown, label?, role?}
 *   rep {n, of, min?, side?, label?, role?}
 * `role` (affected|unaffected) for a side named by its role; its `side` is
 * the patient's side of that role, "unknown" (side) or absent (rep) while
 * nobody has said which it is.
 *   hold {ms (not when open), min_ms?, mode: fixed|up_to|range|open}
 *   rest {ms, min_ms?}
 *   range {of: reps|sets|rounds, done, min, max, early}
 * `min`/`min_ms` are the lower end of a range (`of`/`ms` the upper); they
 * are left out when the value is one number.
 *   wait, pause, resume, quit {} skip {name?}   back {name}
 *   pain {exercise?}             end {completed}
 *
 * lang-b (every one with scope: routine|stage|section|exercise, and stage?,
 * section? naming where):
 *   schedule {text, kind, bound, min, max (min_ms, max_ms for every and
 *             time_a_day), at?}
 *   equipment {text}             load {text, what?, min?, max?, unit?}
 *   effort {min, max, of}        pain_limit {limit, of}
 *   stage {name}                 rule {rule: advance|step_back, text,
 *                                      sessions?, pain_at_most?, pain_stops?}
 *   locked {name, requires}      alternative {direction, name, when?}
 *   fallback {exercise, wanted, playing: "regular"}
 *   pain_choice {exercise?, rating, limit, of, choice: go_on|easier|stop}
 */
#include "events.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "json.h"
#include "kinds.h"
#include "safetext.h"

/* ---- JSON ----------------------------------------------------------- */

/* A string member that is always there ("" when the VM has none). */
static void str(JsonWriter *w, const char *key, const char *value) {
    json_str(w, key, value ? value : "");
}

/* A string member that is left out when there is no value. */
static void opt(JsonWriter *w, const char *key, const char *value) {
    if (value)
        json_str(w, key, value);
}

static const char *hold_mode(const VmEvent *ev) {
    if (ev->hold == HOLD_UP_TO && ev->least_ms > 0)
        return "range";
    return ev->hold == HOLD_OPEN ? "open" : ev->hold == HOLD_UP_TO ? "up_to" : "fixed";
}

static void json_hold(JsonWriter *w, const VmEvent *ev) {
    if (ev->hold != HOLD_OPEN)
        json_int(w, "ms", ev->ms);
    if (ev->least_ms > 0)
        json_int(w, "min_ms", ev->least_ms);
    str(w, "mode", hold_mode(ev));
}

/* n of `of`, and the lower end `min` of a range. */
static void json_counted(JsonWriter *w, const VmEvent *ev) {
    json_int(w, "n", ev->n);
    json_int(w, "of", ev->of);
    if (ev->least && ev->kind != EV_ROUND)
        json_int(w, "min", ev->least);
}

static void json_range(JsonWriter *w, const VmEvent *ev) {
    str(w, "of", ev->text ? ev->text : "reps");
    json_int(w, "done", ev->n);
    json_int(w, "min", ev->least);
    json_int(w, "max", ev->of);
    json_bool(w, "early", ev->early);
}

static void json_phase(JsonWriter *w, const VmEvent *ev) {
    static const char *const motions[] = {"go", "back", "still"};
    str(w, "phase", ev->text);
    if (ev->code < TEMPO_WORD__COUNT)
        str(w, "motion", motions[tempo_words[ev->code].motion]);
    json_int(w, "n", ev->n);
    json_int(w, "of", ev->of);
    json_int(w, "ms", ev->ms);
}

static void json_exercise(JsonWriter *w, const VmEvent *ev) {
    str(w, "name", ev->text);
    str(w, "section", ev->section);
    opt(w, "kind", ev->detail);
    opt(w, "variant", ev->variant);
    if (kinds_flags(ev->detail) & KIND_SELF_TEST)
        json_bool(w, "test", true); /* a self-test: its result is recorded */
}

/* A text shown (position, cue, note...). */
static void json_shown(JsonWriter *w, const VmEvent *ev) {
    str(w, "text", ev->text);
    if (ev->kind == EV_CUE) /* a self-test's `stop if`: the therapist's words */
        opt(w, "stop_if", stop_if_text(ev->text));
}

/* A timed stretch (get ready, held, tempo, done, rest): how long. */
static void json_timed(JsonWriter *w, const VmEvent *ev) {
    if (ev->as_needed) { /* rest as needed: no number; `done` says how long */
        json_bool(w, "as_needed", true);
        return;
    }
    json_int(w, "ms", ev->ms);
    if (ev->kind == EV_REST && ev->least_ms > 0)
        json_int(w, "min_ms", ev->least_ms);
    if (ev->kind == EV_TEMPO && ev->of) /* `tempo 3s up, 5s down;` */
        json_int(w, "phases", ev->of);
}

static void json_side(JsonWriter *w, const VmEvent *ev) {
    /* a side by its role that nobody has resolved: "unknown" */
    str(w, "side", side_name(ev->side) ? side_name(ev->side) : ev->role ? "unknown" : "none");
    opt(w, "label", ev->detail);
    opt(w, "role", side_role_name(ev->role));
}

static void json_rep(JsonWriter *w, const VmEvent *ev) {
    json_counted(w, ev);
    opt(w, "side", side_name(ev->side));
    opt(w, "label", ev->detail);
    opt(w, "role", side_role_name(ev->role));
}

/* A set at the patient's own pace: its reps. */
static void json_wait(JsonWriter *w, const VmEvent *ev) {
    if (!ev->of)
        return;
    json_int(w, "reps", ev->of);
    if (ev->least)
        json_int(w, "min", ev->least);
    if (ev->ms)
        json_int(w, "hold_ms", ev->ms);
    opt(w, "side", side_name(ev->side));
    opt(w, "label", ev->detail);
}

static void json_fields(const VmEvent *ev, JsonWriter *w) {
    switch (ev->kind) {
    case EV_START: str(w, "routine", ev->text); break;
    case EV_SECTION: str(w, "name", ev->text); break;
    case EV_EXERCISE: json_exercise(w, ev); break;
    case EV_POSITION: case EV_CUE: case EV_BREATHE:
    case EV_NOTE: case EV_SAFETY: case EV_GATE: json_shown(w, ev); break;
    case EV_GET_READY: case EV_HELD: case EV_TEMPO: case EV_DONE: case EV_REST: json_timed(w, ev); break;
    case EV_PHASE: json_phase(w, ev); break;
    case EV_RANGE: json_range(w, ev); break;
    case EV_SET: json_counted(w, ev); break;
    case EV_ROUND: json_counted(w, ev); opt(w, "circuit", ev->text); break;
    case EV_SIDE: json_side(w, ev); break;
    case EV_REP: json_rep(w, ev); break;
    case EV_WAIT: json_wait(w, ev); break;
    case EV_HOLD: json_hold(w, ev); break;
    case EV_SKIP: opt(w, "name", ev->text); break;
    case EV_BACK: str(w, "name", ev->text); break;
    case EV_PAIN: opt(w, "exercise", ev->text); break;
    case EV_END: json_bool(w, "completed", ev->completed); break;
    default: break; /* wait, pause, resume, quit: nothing more */
    }
}

/* ---- lang-b ----------------------------------------------------------- */

static const char *const schedule_kinds[] = {
    [SCHED_DAILY_TIME] = "time_a_day",    [SCHED_TIMES_A_DAY] = "times_a_day",
    [SCHED_DAYS_A_WEEK] = "days_a_week",  [SCHED_TIME_OF_DAY] = "time_of_day",
    [SCHED_TIMES_A_WEEK] = "times_a_week", [SCHED_EVERY] = "every",
    [SCHED_MOST_DAYS] = "most_days",      [SCHED_FOR_WEEKS] = "for_weeks",
    [SCHED_FOR_DAYS] = "for_days",
};

const char *events_schedule_kind(uint32_t code) {
    ScheduleKind kind = SCHED_CODE_KIND(code);
    return kind < SCHED_KIND__COUNT ? schedule_kinds[kind] : "unknown";
}

/* An amount in thousandths of its unit: a whole number when it is one,
 * else the exact decimal as a string ("2.5"), since the writer has no
 * decimals. */
static void json_thousandths(JsonWriter *w, const char *key, uint32_t value) {
    char buf[32];
    if (value % 1000 == 0) {
        json_uint(w, key, value / 1000);
        return;
    }
    snprintf(buf, sizeof buf, "%" PRIu32 ".%03" PRIu32, value / 1000, value % 1000);
    for (size_t n = strlen(buf); buf[n - 1] == '0'; n--)
        buf[n - 1] = '\0';
    json_str(w, key, buf);
}

static void json_schedule(JsonWriter *w, const VmEvent *ev) {
    static const char *const bounds[] = {"exactly", "at_least", "up_to"};
    ScheduleKind kind = SCHED_CODE_KIND(ev->code);
    bool ms = kind == SCHED_EVERY || kind == SCHED_DAILY_TIME;
    str(w, "kind", events_schedule_kind(ev->code));
    str(w, "bound", bounds[SCHED_CODE_BOUND(ev->code) % SCHED_BOUND__COUNT]);
    if (kind == SCHED_TIME_OF_DAY) {
        opt(w, "at", ev->text);
    } else if (kind != SCHED_MOST_DAYS) {
        json_uint(w, ms ? "min_ms" : "min", ev->lo);
        json_uint(w, ms ? "max_ms" : "max", ev->hi ? ev->hi : ev->lo);
    }
}

static void json_load(JsonWriter *w, const VmEvent *ev) {
    static const char *const units[] = {"", "lb", "kg", "g", "oz"};
    opt(w, "what", ev->text);
    if (ev->code != LOAD_NONE && ev->code < LOAD_UNIT__COUNT) {
        json_thousandths(w, "min", ev->lo);
        json_thousandths(w, "max", ev->hi);
        str(w, "unit", units[ev->code]);
    }
}

static void json_rule(JsonWriter *w, const VmEvent *ev) {
    str(w, "rule", ev->code == VM_RULE_ADVANCE ? "advance" : "step_back");
    if (ev->code == VM_RULE_ADVANCE) {
        json_uint(w, "sessions", ev->lo);
        if (ev->hi != OPERAND_NONE)
            json_uint(w, "pain_at_most", ev->hi);
    } else {
        json_uint(w, "pain_stops", ev->lo);
    }
}

/* Where the statement was written: scope, and the stage, section, exercise. */
static void json_scope(JsonWriter *w, const VmEvent *ev) {
    str(w, "scope", ev->scope ? ev->scope : "routine");
    opt(w, "stage", ev->detail);
    opt(w, "section", ev->section);
    opt(w, "exercise", ev->exercise);
}

static bool describes_where(VmEventKind kind) {
    return kind == EV_SCHEDULE || kind == EV_EQUIPMENT || kind == EV_LOAD || kind == EV_EFFORT ||
           kind == EV_PAIN_LIMIT || kind == EV_RULE;
}

static void json_choice(JsonWriter *w, const VmEvent *ev) {
    static const char *const choices[] = {"", "go_on", "easier", "stop"};
    opt(w, "exercise", ev->text);
    json_uint(w, "rating", ev->lo);
    json_uint(w, "limit", ev->hi);
    json_uint(w, "of", ev->scale);
    str(w, "choice", choices[ev->code % 4]);
}

/* Where a setting applies, and what it says (the words after the colon
 * of "Load: 2 kg"; equipment: its own text). */
static void json_where(JsonWriter *w, const VmEvent *ev) {
    char text[400];
    const char *words = events_describe(ev, text, sizeof text);
    json_scope(w, ev);
    const char *colon = words ? strchr(words, ':') : NULL;
    str(w, "text", ev->kind == EV_EQUIPMENT ? ev->text : colon ? colon + 2 : words);
}

/* An effort range (min..max) or a pain limit, on its scale. */
static void json_scale(JsonWriter *w, const VmEvent *ev) {
    if (ev->kind == EV_EFFORT) {
        json_uint(w, "min", ev->lo);
        json_uint(w, "max", ev->hi);
    } else {
        json_uint(w, "limit", ev->lo);
    }
    json_uint(w, "of", ev->scale);
}

static void json_offer(JsonWriter *w, const VmEvent *ev) {
    static const char *const directions[] = {"", "easier", "harder"};
    str(w, "direction", directions[ev->code % 3]);
    str(w, "name", ev->text);
    opt(w, "when", ev->detail);
}

static void json_fallback(JsonWriter *w, const VmEvent *ev) {
    str(w, "exercise", ev->text);
    str(w, "wanted", ev->detail);
    str(w, "playing", "regular");
}

void events_json_lang_b(const VmEvent *ev, JsonWriter *w) {
    if (describes_where(ev->kind))
        json_where(w, ev);
    switch (ev->kind) {
    case EV_SCHEDULE: json_schedule(w, ev); break;
    case EV_LOAD: json_load(w, ev); break;
    case EV_EFFORT: case EV_PAIN_LIMIT: json_scale(w, ev); break;
    case EV_RULE: json_rule(w, ev); break;
    case EV_STAGE: str(w, "name", ev->text); break;
    case EV_LOCKED:
        str(w, "name", ev->text);
        str(w, "requires", ev->detail);
        break;
    case EV_OFFER: json_offer(w, ev); break;
    case EV_FALLBACK: json_fallback(w, ev); break;
    case EV_PAIN_CHOICE: json_choice(w, ev); break;
    default: break;
    }
}

/* The describer speaks English for programs (the JSON stream's "text",
 * the plan) and the patient's language for people (events_words): `local`
 * chooses.  LOCAL and LOCALN are xgettext keywords (make pot). */
#define LOCAL(text) (local ? _(text) : (text))
#define LOCALN(one, many, n) (local ? ngettext(one, many, n) : (n) == 1 ? (one) : (many))

static void describe_rule(const VmEvent *ev, bool local, char *buf, size_t size) {
    if (ev->code == VM_RULE_STEP_BACK && ev->lo == 1)
        snprintf(buf, size, "%s", LOCAL("Rule: step back after a pain stop"));
    else if (ev->code == VM_RULE_STEP_BACK)
        snprintf(buf, size,
                 LOCALN("Rule: step back after %" PRIu32 " pain stop", "Rule: step back after %" PRIu32 " pain stops",
                        ev->lo),
                 ev->lo);
    else if (ev->hi != OPERAND_NONE)
        snprintf(buf, size,
                 LOCALN("Rule: advance after %" PRIu32 " session when pain at most %" PRIu32,
                        "Rule: advance after %" PRIu32 " sessions when pain at most %" PRIu32, ev->lo),
                 ev->lo, ev->hi);
    else
        snprintf(buf, size, LOCALN("Rule: advance after %" PRIu32 " session", "Rule: advance after %" PRIu32 " sessions",
                                   ev->lo), ev->lo);
}

static void describe_load(const VmEvent *ev, bool local, char *buf, size_t size) {
    char amount[64], what[200];
    load_describe(ev->lo, ev->hi, ev->code, amount, sizeof amount);
    snprintf(what, sizeof what, "%s%s%s", amount, amount[0] && ev->text ? ", " : "", ev->text ? ev->text : "");
    snprintf(buf, size, LOCAL("Load: %s"), what);
}

static void describe_effort(const VmEvent *ev, bool local, char *buf, size_t size) {
    if (ev->lo == ev->hi)
        snprintf(buf, size, LOCAL("Effort: %" PRIu32 " of %" PRIu32), ev->lo, ev->scale);
    else
        snprintf(buf, size, LOCAL("Effort: %" PRIu32 " to %" PRIu32 " of %" PRIu32), ev->lo, ev->hi, ev->scale);
}

static void describe_offer(const VmEvent *ev, bool local, char *buf, size_t size) {
    const char *name = ev->text ? ev->text : "";
    if (ev->detail) /* TRANSLATORS: an easier version of the exercise, and when to use it */
        snprintf(buf, size, ev->code % 3 == 2 ? LOCAL("Harder: %s -- %s") : LOCAL("Easier: %s -- %s"), name,
                 ev->detail);
    else
        snprintf(buf, size, ev->code % 3 == 2 ? LOCAL("Harder: %s") : LOCAL("Easier: %s"), name);
}

static void describe_choice(const VmEvent *ev, bool local, char *buf, size_t size) {
    static const char *const choices[] = {"", N_("go on"), N_("step down to an easier version"), N_("stop")};
    const char *choice = choices[ev->code % 4];
    snprintf(buf, size, LOCAL("Pain %" PRIu32 " of %" PRIu32 " (limit %" PRIu32 "): %s"), ev->lo, ev->scale, ev->hi,
             local && choice[0] ? _(choice) : choice);
}

/* "3", "3 to 5": a count or a range of counts. */
static const char *count_words(uint32_t lo, uint32_t hi, char *buf, size_t size) {
    if (hi)
        snprintf(buf, size, _("%u to %u"), (unsigned)lo, (unsigned)hi);
    else
        snprintf(buf, size, "%u", (unsigned)lo);
    return buf;
}

/* "30min", "10min to 30min": a length or a range of lengths. */
static const char *length_words(uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char a[32], b[32];
    duration_format(lo, a, sizeof a);
    if (hi)
        snprintf(buf, size, _("%s to %s"), a, duration_format(hi, b, sizeof b));
    else
        snprintf(buf, size, "%s", a);
    return buf;
}

/* "in the morning": the known parts of the day whole, for translators. */
static void time_of_day_words(const char *word, char *buf, size_t size) {
    static const struct { const char *word, *words; } parts[] = {
        {"morning", N_("in the morning")}, {"afternoon", N_("in the afternoon")},
        {"evening", N_("in the evening")}, {"night", N_("at night")},
    };
    for (size_t i = 0; word && i < sizeof parts / sizeof *parts; i++)
        if (strcmp(word, parts[i].word) == 0) {
            snprintf(buf, size, "%s", _(parts[i].words));
            return;
        }
    snprintf(buf, size, _("in the %s"), word ? word : "");
}

/* "every 2 hours", "every 30 minutes", "hourly", "every 1m30s". */
static void every_words(ScheduleSaid said, uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char n[80];
    bool hours = lo % 3600000 == 0 && hi % 3600000 == 0;
    uint32_t unit = hours ? 3600000 : 60000, most = hi ? hi / unit : lo / unit;
    if (said == SCHED_SAID_HOURLY)
        snprintf(buf, size, "%s", _("hourly"));
    else if (lo % unit || hi % unit)
        snprintf(buf, size, _("every %s"), length_words(lo, hi, n, sizeof n));
    else if (lo == unit && !hi)
        snprintf(buf, size, "%s", hours ? _("every hour") : _("every minute"));
    else if (hours)
        snprintf(buf, size, ngettext("every %s hour", "every %s hours", most), count_words(lo / unit, hi / unit, n, sizeof n));
    else
        snprintf(buf, size, ngettext("every %s minute", "every %s minutes", most),
                 count_words(lo / unit, hi / unit, n, sizeof n));
}

/* "once a day", "3 times a week", "2 to 3 times a day". */
static void times_words(ScheduleKind kind, ScheduleSaid said, uint32_t lo, uint32_t hi, char *buf, size_t size) {
    char n[80];
    bool day = kind == SCHED_TIMES_A_DAY;
    uint32_t most = hi ? hi : lo;
    count_words(lo, hi, n, sizeof n);
    if (said == SCHED_SAID_ONCE)
        snprintf(buf, size, "%s", day ? _("once a day") : _("once a week"));
    else if (said == SCHED_SAID_TWICE)
        snprintf(buf, size, "%s", day ? _("twice a day") : _("twice a week"));
    else if (day)
        snprintf(buf, size, ngettext("%s time a day", "%s times a day", most), n);
    else
        snprintf(buf, size, ngettext("%s time a week", "%s times a week", most), n);
}

/* The item without its bound ("at least"). */
static void schedule_item_words(ScheduleKind kind, ScheduleSaid said, uint32_t lo, uint32_t hi, const char *word,
                                char *buf, size_t size) {
    char n[80];
    uint32_t most = hi ? hi : lo;
    switch (kind) {
    case SCHED_TIMES_A_DAY: case SCHED_TIMES_A_WEEK: times_words(kind, said, lo, hi, buf, size); break;
    case SCHED_DAYS_A_WEEK:
        if (said == SCHED_SAID_EVERY_OTHER_DAY) /* 3 to 4 days a week */
            snprintf(buf, size, "%s", _("every other day"));
        else if (said == SCHED_SAID_DAILY || said == SCHED_SAID_EVERY_DAY)
            snprintf(buf, size, "%s", said == SCHED_SAID_DAILY ? _("daily") : _("every day"));
        else
            snprintf(buf, size, ngettext("%s day a week", "%s days a week", most), count_words(lo, hi, n, sizeof n));
        break;
    case SCHED_TIME_OF_DAY: time_of_day_words(word, buf, size); break;
    case SCHED_EVERY: every_words(said, lo, hi, buf, size); break;
    case SCHED_MOST_DAYS: snprintf(buf, size, "%s", _("most days")); break;
    case SCHED_FOR_WEEKS:
        snprintf(buf, size, ngettext("for %s week", "for %s weeks", most), count_words(lo, hi, n, sizeof n));
        break;
    case SCHED_FOR_DAYS:
        snprintf(buf, size, ngettext("for %s day", "for %s days", most), count_words(lo, hi, n, sizeof n));
        break;
    default: snprintf(buf, size, _("%s a day"), length_words(lo, hi, n, sizeof n)); break; /* SCHED_DAILY_TIME */
    }
}

const char *events_schedule_words(uint32_t code, uint32_t lo, uint32_t hi, const char *word, char *buf,
                                  size_t size) {
    char what[160];
    ScheduleKind kind = SCHED_CODE_KIND(code);
    if (size == 0)
        return buf;
    if (kind >= SCHED_KIND__COUNT) {
        snprintf(buf, size, "?");
        return buf;
    }
    schedule_item_words(kind, SCHED_CODE_SAID(code), lo, hi, word, what, sizeof what);
    ScheduleBound bound = SCHED_CODE_BOUND(code);
    if (bound == SCHED_AT_LEAST) /* TRANSLATORS: a schedule: "at least 3 times a day" */
        snprintf(buf, size, _("at least %s"), what);
    else if (bound == SCHED_UP_TO) /* TRANSLATORS: a schedule: "up to 3 times a day" */
        snprintf(buf, size, _("up to %s"), what);
    else
        snprintf(buf, size, "%s", what);
    return buf;
}

static const char *describe(const VmEvent *ev, bool local, char *buf, size_t size) {
    char what[160];
    const char *text = ev->text ? ev->text : "", *detail = ev->detail ? ev->detail : "";
    switch (ev->kind) {
    case EV_SCHEDULE:
        snprintf(buf, size, LOCAL("Schedule: %s"),
                 local ? events_schedule_words(ev->code, ev->lo, ev->hi, ev->text, what, sizeof what)
                       : schedule_describe(ev->code, ev->lo, ev->hi, ev->text, what, sizeof what));
        break;
    case EV_EQUIPMENT: snprintf(buf, size, LOCAL("Bring: %s"), text); break;
    case EV_LOAD: describe_load(ev, local, buf, size); break;
    case EV_EFFORT: describe_effort(ev, local, buf, size); break;
    case EV_PAIN_LIMIT: snprintf(buf, size, LOCAL("Pain limit: %" PRIu32 " of %" PRIu32), ev->lo, ev->scale); break;
    case EV_RULE: describe_rule(ev, local, buf, size); break;
    case EV_STAGE: snprintf(buf, size, LOCAL("Stage: %s"), text); break;
    case EV_LOCKED: snprintf(buf, size, LOCAL("Locked: %s (needs %s)"), text, detail); break;
    case EV_OFFER: describe_offer(ev, local, buf, size); break;
    case EV_FALLBACK: snprintf(buf, size, LOCAL("%s has no %s version: playing the regular one"), text, detail); break;
    case EV_PAIN_CHOICE: describe_choice(ev, local, buf, size); break;
    default: return NULL;
    }
    return buf;
}

const char *events_describe(const VmEvent *ev, char *buf, size_t size) {
    return describe(ev, false, buf, size);
}

const char *events_words(const VmEvent *ev, char *buf, size_t size) {
    return describe(ev, true, buf, size);
}

void events_json_line(const VmEvent *ev, FILE *out) {
    const char *name = (unsigned)ev->kind < EV__COUNT ? vm_event_names[ev->kind] : "unknown";
    JsonWriter w;
    json_init(&w, out);
    json_object(&w, NULL, JSON_COMPACT);
    json_int(&w, "t", ev->t);
    json_str(&w, "ev", name);
    json_fields(ev, &w);
    events_json_lang_b(ev, &w);
    json_end(&w);
    fputc('\n', out);
}

/* ---- plain text ----------------------------------------------------- */

/* A length as the routine would write it: "5s", "1m30s", "2min". */
static const char *text_duration(int64_t ms, char *buf, size_t size);

const char *events_wait_words(const VmEvent *ev, char *buf, size_t size) {
    char d[32], n[48];
    if (!ev->of) {
        snprintf(buf, size, "%s", _("At your own pace: press Enter when you have done it"));
        return buf;
    }
    if (ev->least)
        snprintf(n, sizeof n, _("%u to %u"), (unsigned)ev->least, (unsigned)ev->of);
    else
        snprintf(n, sizeof n, "%u", (unsigned)ev->of);
    if (ev->ms)
        snprintf(buf, size, _("Do %s at your own pace, holding each for %s, then press Enter"), n,
                 text_duration(ev->ms, d, sizeof d));
    else
        snprintf(buf, size, _("Do %s at your own pace, then press Enter"), n);
    return buf;
}

static const char *text_duration(int64_t ms, char *buf, size_t size) {
    return duration_format(ms < 0 ? 0 : (uint64_t)ms, buf, size);
}

/* "[ 0:05] " under an hour, "[1:02:03] " after. */
static void text_stamp(FILE *out, int64_t t) {
    char clock[32];
    fprintf(out, "[%5s] ", duration_clock(t < 0 ? 0 : (uint64_t)t / 1000, clock, sizeof clock));
}

/* A side in the patient's language (the JSON stream keeps "left"). */
static const char *text_side(Side side) {
    static const char *const names[] = {N_("left"), N_("right"), N_("both")};
    const char *name = side_name(side);
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return _(names[i]);
    return name;
}

/* The ends of a range and, once the lower end is behind, what the done
 * key does: " · 8 to 12 · Enter when you have had enough". */
const char *events_range_ends(const VmEvent *ev, bool enter, char *buf, size_t size) {
    int n = ev->least <= 1 ? snprintf(buf, size, _(" · up to %" PRIu32), ev->of)
                           : snprintf(buf, size, _(" · %" PRIu32 " to %" PRIu32), ev->least, ev->of);
    if (enter && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "%s", _(" · Enter when you have had enough"));
    return buf;
}

const char *events_count_words(const VmEvent *ev, char *buf, size_t size) {
    bool rep = ev->kind == EV_REP;
    char ends[160];
    if (!ev->least) {
        snprintf(buf, size, rep ? _("Rep %" PRIu32 " of %" PRIu32) : _("Set %" PRIu32 " of %" PRIu32),
                 ev->n, ev->of);
        return buf;
    }
    int n = snprintf(buf, size, rep ? _("Rep %" PRIu32) : _("Set %" PRIu32), ev->n);
    if (n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "%s", events_range_ends(ev, ev->n > ev->least, ends, sizeof ends));
    return buf;
}

/* What a side is called: the label, or else the side's name; a side by
 * its role with the patient's side after it: "operated leg (left)". */
static const char *text_side_of(const VmEvent *ev, char *buf, size_t size);

const char *events_side_words(const VmEvent *ev, char *buf, size_t size) {
    return text_side_of(ev, buf, size);
}

const char *events_side_label(const char *label, Side side, char *buf, size_t size) {
    const char *phrase = side_phrase_find(label);
    const char *part = phrase ? NULL : side_label_part(label, side);
    if (phrase)
        return _(phrase);
    if (!part || size == 0)
        return label;
    /* TRANSLATORS: %s is the therapist's body part ("knee"), in their words */
    snprintf(buf, size, side == SIDE_LEFT ? _("left %s") : _("right %s"), part);
    return buf;
}

const char *events_cue_words(const char *cue, char *buf, size_t size) {
    const char *text = stop_if_text(cue);
    if (!text || size == 0)
        return cue;
    /* TRANSLATORS: a self-test's end; %s is the therapist's words ("you put your foot down") */
    snprintf(buf, size, _("Press Enter when %s"), text);
    return buf;
}

static const char *text_side_of(const VmEvent *ev, char *buf, size_t size) {
    const char *side = ev->detail ? events_side_label(ev->detail, ev->side, buf, size) : text_side(ev->side);
    if (!ev->role || !side || (ev->side != SIDE_LEFT && ev->side != SIDE_RIGHT) || side == buf)
        return side;
    /* TRANSLATORS: a side named by its role ("operated leg"), then the patient's side */
    snprintf(buf, size, ev->side == SIDE_LEFT ? _("%s (left)") : _("%s (right)"), side);
    return buf;
}

/* "Rep 3 of 10, left knee" -- the label, or else the side's name. */
static void text_rep(FILE *out, const VmEvent *ev) {
    char buf[MAX_STRING_BYTES + 32], count[240];
    const char *side = text_side_of(ev, buf, sizeof buf);
    fputs(events_count_words(ev, count, sizeof count), out);
    if (side)
        fprintf(out, ", %s", side);
}

/* "Done: 9 reps (8 to 12)" when a range of reps, sets or rounds ends. */
static void text_range(FILE *out, const VmEvent *ev) {
    const char *counted = ev->text ? ev->text : "reps"; /* what the range counted: reps, sets, rounds */
    const char *done = strcmp(counted, "sets") == 0
                           ? ngettext("Done: %" PRIu32 " set (", "Done: %" PRIu32 " sets (", ev->n)
                       : strcmp(counted, "rounds") == 0
                           ? ngettext("Done: %" PRIu32 " round (", "Done: %" PRIu32 " rounds (", ev->n)
                           : ngettext("Done: %" PRIu32 " rep (", "Done: %" PRIu32 " reps (", ev->n);
    fprintf(out, done, ev->n);
    if (ev->least <= 1)
        fprintf(out, _("up to %" PRIu32 ")"), ev->of);
    else
        fprintf(out, _("%" PRIu32 " to %" PRIu32 ")"), ev->least, ev->of);
}

/* "Rest 30s" or "Rest 30s to 1min" */
static void text_rest(FILE *out, const VmEvent *ev) {
    char d[32], d2[32];
    if (ev->as_needed)
        fputs(_("Rest as long as you need: press Enter when you are ready"), out);
    else if (ev->least_ms > 0)
        fprintf(out, _("Rest %s to %s"), text_duration(ev->least_ms, d, sizeof d),
                text_duration(ev->ms, d2, sizeof d2));
    else
        fprintf(out, _("Rest %s"), text_duration(ev->ms, d, sizeof d));
}

/* "Set 2 of 3", or for a range "Set 2 · 2 to 3". */
static void text_set(FILE *out, const VmEvent *ev) {
    char count[240];
    fputs(events_count_words(ev, count, sizeof count), out);
}

static void text_exercise(FILE *out, const VmEvent *ev) {
    fprintf(out, _("Exercise: %s"), ev->text ? ev->text : "");
    if (ev->variant)
        fprintf(out, " (%s)", ev->variant);
}

static void text_hold(FILE *out, const VmEvent *ev) {
    char d[32], d2[32];
    if (ev->hold == HOLD_OPEN)
        fputs(_("Hold as long as you can"), out);
    else if (ev->hold == HOLD_UP_TO && ev->least_ms > 0)
        fprintf(out, _("Hold %s to %s"), text_duration(ev->least_ms, d, sizeof d),
                text_duration(ev->ms, d2, sizeof d2));
    else if (ev->hold == HOLD_UP_TO)
        fprintf(out, _("Hold up to %s"), text_duration(ev->ms, d, sizeof d));
    else
        fprintf(out, _("Hold %s"), text_duration(ev->ms, d, sizeof d));
}

static void text_round(FILE *out, const VmEvent *ev) {
    if (ev->text)
        fprintf(out, _("%s: round %" PRIu32 " of %" PRIu32), ev->text, ev->n, ev->of);
    else
        fprintf(out, _("Round %" PRIu32 " of %" PRIu32), ev->n, ev->of);
}

/* "Label: text" for the text events; the cue is said as it is. */
static const char *text_label(VmEventKind kind) {
    switch (kind) {
    case EV_START: return _("Routine: ");
    case EV_SECTION: return _("Section: ");
    case EV_POSITION: return _("Position: ");
    case EV_BREATHE: return _("Breathing: ");
    case EV_NOTE: return _("Note: ");
    case EV_SAFETY: return _("Safety: ");
    case EV_GATE: return _("Before you start: ");
    default: return "";
    }
}

/* `without` when there is no name, else `with` followed by it. */
static void text_maybe(FILE *out, const char *without, const char *with, const char *name) {
    if (name)
        fprintf(out, "%s%s", with, name);
    else
        fputs(without, out);
}

/* The words after the timestamp. */
static void text_cue(FILE *out, const VmEvent *ev) {
    char buf[MAX_STRING_BYTES + 64];
    fputs(ev->text ? events_cue_words(ev->text, buf, sizeof buf) : "", out);
}

static void text_side_line(FILE *out, const VmEvent *ev) {
    char buf[MAX_STRING_BYTES + 32];
    const char *side = text_side_of(ev, buf, sizeof buf);
    fprintf(out, _("Side: %s"), side ? side : _("both"));
}

static void text_wait(FILE *out, const VmEvent *ev) {
    char words[160];
    fputs(events_wait_words(ev, words, sizeof words), out);
}

/* An event said by events_words (lang-b's), if it says anything. */
static void text_words(FILE *out, const VmEvent *ev) {
    char words[400];
    const char *said = events_words(ev, words, sizeof words);
    if (said)
        fputs(said, out);
}

/* A stretch of time said with its length: "Get ready: 5s", "Held 10s". */
static void text_timed(FILE *out, const VmEvent *ev) {
    char d[32];
    const char *len = text_duration(ev->ms, d, sizeof d);
    switch (ev->kind) {
    case EV_GET_READY: fprintf(out, _("Get ready: %s"), len); break;
    case EV_HELD: fprintf(out, _("Held %s"), len); break;
    case EV_TEMPO: fprintf(out, _("Move through it in %s"), len); break;
    /* TRANSLATORS: a phase of a rep and its time: "Up for 3s" */
    case EV_PHASE: fprintf(out, _("%s for %s"), events_phase_label(ev), len); break;
    default: fprintf(out, _("Done after %s"), len); break;
    }
}

static void text_body(FILE *out, const VmEvent *ev) {
    switch (ev->kind) {
    case EV_CUE: text_cue(out, ev); break;
    case EV_START: case EV_SECTION: case EV_POSITION:
    case EV_BREATHE: case EV_NOTE: case EV_SAFETY: case EV_GATE:
        fprintf(out, "%s%s", text_label(ev->kind), ev->text ? ev->text : "");
        break;
    case EV_EXERCISE: text_exercise(out, ev); break;
    case EV_GET_READY: case EV_HELD: case EV_TEMPO: case EV_PHASE: case EV_DONE: text_timed(out, ev); break;
    case EV_SET: text_set(out, ev); break;
    case EV_RANGE: text_range(out, ev); break;
    case EV_ROUND: text_round(out, ev); break;
    case EV_SIDE: text_side_line(out, ev); break;
    case EV_REP: text_rep(out, ev); break;
    case EV_HOLD: text_hold(out, ev); break;
    case EV_WAIT: text_wait(out, ev); break;
    case EV_REST: text_rest(out, ev); break;
    case EV_PAUSE: fputs(_("Paused"), out); break;
    case EV_RESUME: fputs(_("Resumed"), out); break;
    case EV_SKIP: text_maybe(out, _("Skipped the rest"), _("Skipped "), ev->text); break;
    case EV_BACK: text_maybe(out, _("Starting the exercise again"), _("Starting again: "), ev->text); break;
    case EV_PAIN:
        text_maybe(out, _("Stopped because of pain"), _("Stopped because of pain during "), ev->text);
        break;
    case EV_END: fputs(ev->completed ? _("Session complete.") : _("Session stopped."), out); break;
    default: text_words(out, ev); break;
    }
}

const char *events_phase_label(const VmEvent *ev) {
    return ev->code < TEMPO_WORD__COUNT ? _(tempo_words[ev->code].label) : "";
}

/* Quit adds nothing to a log read by a person: the end line says it. */
void events_text_line(const VmEvent *ev, FILE *out) {
    if (ev->kind == EV_QUIT || (unsigned)ev->kind >= EV__COUNT)
        return;
    text_stamp(out, ev->t);
    /* The words carry the routine's texts: made safe for a terminal as a
     * whole (safetext.h), so no text can send it a control sequence. */
    char *body = NULL;
    size_t len = 0;
    FILE *words = open_memstream(&body, &len);
    if (words) {
        text_body(words, ev);
        if (fclose(words) == 0)
            safe_text_write(out, body, len, SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
        free(body);
    }
    fputc('\n', out);
}

void events_emit_json(void *ctx, const VmEvent *ev) {
    events_json_line(ev, ctx);
}

void events_emit_text(void *ctx, const VmEvent *ev) {
    events_text_line(ev, ctx);
}
