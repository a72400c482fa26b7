/*
 * plan.c -- see plan.h.
 *
 * The writer watches the event stream of a virtual run.  Consecutive reps
 * of one side form a block ("left knee: 10 reps, hold 5s, rest 2s"); a
 * rest seen inside a block is held back until the next event shows
 * whether it was a rest between reps (part of the block) or a step of its
 * own.  Memory stays constant whatever the routine's length.
 */
#include "plan.h"

#include <string.h>

#include "driver.h"
#include "events.h"
#include "duration.h"
#include "json.h"
#include "kinds.h"
#include "safetext.h"

typedef struct {
    bool open;
    int64_t start;
    uint32_t reps, last_n, of;
    Side side;
    SideRole role;                  /* a side named by its role, or ROLE_NONE */
    const char *label;
    HoldKind hold;
    int64_t hold_ms, tempo_ms, rest_ms;
    uint32_t least;                 /* reps: the lower end of a range, or 0 */
    int64_t hold_least, rest_least; /* the lower end of a range, or 0 */
    bool has_hold, paced, alternating;
    bool rest_open;                 /* rest as needed between the reps */
    /* built-in defaults the routine never wrote, marked "(default)" */
    bool reps_default, tempo_default, rest_default;
    /* `tempo 3s up, 5s down;`: the phases of a rep (n_phases 0: none) */
    struct { uint32_t code; int64_t ms; } phases[MAX_TEMPO_PHASES];
    uint32_t n_phases;
} Block;

typedef struct {
    PlanFormat format;
    FILE *out;
    JsonWriter json;
    Block block;
    bool rest_pending, rest_open, rest_default;
    bool any_default; /* a "(default)" was printed: say what it means */
    int64_t rest_t, rest_ms, rest_least;
    unsigned open_rests; /* rests as needed: 0s in the totals, said so */
    unsigned exercises;
    uint64_t reps;
    /* The session with every range at its lower end (a first, silent run). */
    int64_t shortest_ms;
    uint64_t shortest_reps;
} PlanWriter;

static const char *fmt_ms(int64_t ms, char *buf, size_t size) {
    return duration_format(ms < 0 ? 0 : (uint64_t)ms, buf, size);
}

/* "1:05" or "1:02:05" */
static void print_clock(FILE *out, int64_t ms) {
    char clock[32];
    fprintf(out, "%8s", duration_clock(ms < 0 ? 0 : (uint64_t)ms / 1000, clock, sizeof clock));
}

/* ---- one line per step -------------------------------------------------- */

/* A step: one line of the "steps" array, {"t":..., "type":..., ...}. */
static void json_begin(PlanWriter *w, int64_t t, const char *type) {
    json_object(&w->json, NULL, JSON_COMPACT);
    json_int(&w->json, "t", t);
    json_str(&w->json, "type", type);
}

/* A text member, left out when there is none. */
static void json_text(PlanWriter *w, const char *key, const char *value) {
    if (value)
        json_str(&w->json, key, value);
}

static void text_line(PlanWriter *w, int64_t t, int indent, const char *text) {
    print_clock(w->out, t);
    fprintf(w->out, "  %*s", indent * 2, "");
    safe_text_fputs(text, w->out, SAFE_TEXT_TAB); /* the routine's words: no control sequence */
    fputc('\n', w->out);
}

static void plan_step(PlanWriter *w, int64_t t, const char *type, int indent, const char *text) {
    if (w->format == PLAN_JSON) {
        json_begin(w, t, type);
        json_text(w, "name", text);
        json_end(&w->json);
    } else {
        text_line(w, t, indent, text);
    }
}

/* "5s", or "30s to 1min" for a range (`least` > 0). */
static const char *fmt_range(int64_t least, int64_t ms, char *buf, size_t size) {
    char a[32], b[32];
    if (least <= 0 || least >= ms)
        return fmt_ms(ms, buf, size);
    snprintf(buf, size, "%s to %s", fmt_ms(least, a, sizeof a), fmt_ms(ms, b, sizeof b));
    return buf;
}

/* " (default)" after a value the routine never wrote (and remember to
 * say what that means below the total); "" otherwise. */
static const char *mark_default(PlanWriter *w, bool is_default) {
    w->any_default |= is_default;
    return is_default ? " (default)" : "";
}

/* A rest of its own (not between reps): "rest 30s to 1min", "rest as needed". */
static void plan_rest(PlanWriter *w, int64_t t, int64_t ms, int64_t least, bool open, bool dflt) {
    char d[80], line[96];
    if (open) {
        if (w->format == PLAN_JSON) {
            json_begin(w, t, "rest");
            json_bool(&w->json, "as_needed", true);
            json_end(&w->json);
        } else {
            text_line(w, t, 3, "rest as needed (counted as 0s)");
        }
        return;
    }
    if (w->format == PLAN_JSON) {
        json_begin(w, t, "rest");
        json_int(&w->json, "ms", ms);
        if (least > 0 && least < ms)
            json_int(&w->json, "min_ms", least);
        if (dflt)
            json_bool(&w->json, "default", true);
        json_end(&w->json);
        return;
    }
    snprintf(line, sizeof line, "rest %s%s", fmt_range(least, ms, d, sizeof d), mark_default(w, dflt));
    text_line(w, t, 3, line);
}

static void plan_timed(PlanWriter *w, int64_t t, const char *type, int64_t ms, bool dflt) {
    char d[32], line[80];
    if (w->format == PLAN_JSON) {
        json_begin(w, t, type);
        json_int(&w->json, "ms", ms);
        if (dflt)
            json_bool(&w->json, "default", true);
        json_end(&w->json);
        return;
    }
    snprintf(line, sizeof line, "%s %s%s", strcmp(type, "get_ready") == 0 ? "get ready" : type,
             fmt_ms(ms, d, sizeof d), mark_default(w, dflt));
    text_line(w, t, 3, line);
}

/* A set at the patient's own pace: "left: 10 reps, hold 5s, at own pace,
 * until Enter" (0s in the timeline: the patient takes the time). */
static void plan_paced_set(PlanWriter *w, const VmEvent *ev) {
    char line[600], hold[48] = "", count[48];
    const char *side = ev->detail ? ev->detail : side_name(ev->side);
    if (w->format == PLAN_JSON) {
        json_begin(w, ev->t, "own_pace");
        if (ev->side != SIDE_NONE)
            json_text(w, "side", side_name(ev->side));
        json_text(w, "label", ev->detail);
        json_uint(&w->json, "reps", ev->of);
        if (ev->least)
            json_uint(&w->json, "reps_min", ev->least);
        if (ev->ms)
            json_int(&w->json, "hold_ms", ev->ms);
        json_end(&w->json);
        return;
    }
    if (ev->least)
        snprintf(count, sizeof count, "%u to %u", (unsigned)ev->least, (unsigned)ev->of);
    else
        snprintf(count, sizeof count, "%u", (unsigned)ev->of);
    if (ev->ms)
        snprintf(hold, sizeof hold, ", hold %s", fmt_ms(ev->ms, line, sizeof line));
    snprintf(line, sizeof line, "%s%s%s reps%s, at own pace, until Enter", side ? side : "",
             side ? ": " : "", count, hold);
    text_line(w, ev->t, 3, line);
}

/* ---- blocks of reps ----------------------------------------------------- */

/* "left knee: 10 reps", "operated leg (left): 8 to 12 reps",
 * "alternating, left first: 10 reps". */
static void block_reps_said(PlanWriter *w, const Block *b, char *buf, size_t size) {
    char count[48], role[300];
    const char *side = b->label ? b->label : side_name(b->side);
    if (b->role && side && side_name(b->side)) { /* "operated leg (left)" */
        snprintf(role, sizeof role, "%s (%s)", side, side_name(b->side));
        side = role;
    }
    if (b->least > 1)
        snprintf(count, sizeof count, "%u to %u", b->least, b->reps);
    else
        snprintf(count, sizeof count, "%s%u", b->least ? "up to " : "", b->reps);
    if (b->alternating)
        snprintf(buf, size, "alternating, %s first: %s reps", side ? side : "", count);
    else
        snprintf(buf, size, "%s%s%s %s%s", side ? side : "", side ? ": " : "", count,
                 b->reps == 1 && !b->least ? "rep" : "reps", mark_default(w, b->reps_default));
}

/* ", hold 5s", ", hold 5s to 10s", ", hold as long as you can", or "". */
static void block_hold_said(const Block *b, char *buf, size_t size) {
    static const char *const mode_words[] = {"hold ", "hold up to ", "hold as long as you can"};
    char hold[80];
    bool hold_range = b->hold == HOLD_UP_TO && b->hold_least > 0;
    buf[0] = '\0';
    if (b->has_hold)
        snprintf(buf, size, ", %s%s", hold_range ? "hold " : mode_words[b->hold],
                 b->hold == HOLD_OPEN ? "" : fmt_range(hold_range ? b->hold_least : 0, b->hold_ms, hold, sizeof hold));
}

/* ", 5s each (3s up, hold 2s)", or "". */
static void block_tempo_said(PlanWriter *w, const Block *b, char *buf, size_t size) {
    char tempo[32];
    int n = 0;
    buf[0] = '\0';
    if (b->tempo_ms)
        n = snprintf(buf, size, ", %s each%s", fmt_ms(b->tempo_ms, tempo, sizeof tempo),
                     mark_default(w, b->tempo_default));
    for (uint32_t i = 0; i < b->n_phases && n >= 0 && (size_t)n < size; i++) {
        const TempoWordInfo *p = &tempo_words[b->phases[i].code];
        bool still = p->motion == TEMPO_STILL;
        fmt_ms(b->phases[i].ms, tempo, sizeof tempo);
        n += snprintf(buf + n, size - (size_t)n, "%s%s %s%s", i ? ", " : " (", still ? p->word : tempo,
                      still ? tempo : p->word, i + 1 == b->n_phases ? ")" : "");
    }
}

/* ", rest as needed", ", rest 2s", or "". */
static void block_rest_said(PlanWriter *w, const Block *b, char *buf, size_t size) {
    char rest[80];
    buf[0] = '\0';
    if (b->rest_open)
        snprintf(buf, size, ", rest as needed");
    else if (b->rest_ms)
        snprintf(buf, size, ", rest %s%s", fmt_range(b->rest_least, b->rest_ms, rest, sizeof rest),
                 mark_default(w, b->rest_default));
}

static void block_text(PlanWriter *w, const Block *b, int64_t ms) {
    char reps[600], hold[120], tempo[300], rest[120], total[32];
    char line[sizeof reps + sizeof hold + sizeof tempo + sizeof rest + sizeof total + 32];
    block_reps_said(w, b, reps, sizeof reps);
    block_hold_said(b, hold, sizeof hold);
    block_tempo_said(w, b, tempo, sizeof tempo);
    block_rest_said(w, b, rest, sizeof rest);
    snprintf(line, sizeof line, "%s%s%s%s%s  (%s)", reps, hold, tempo, b->paced ? ", at own pace" : "", rest,
             fmt_ms(ms, total, sizeof total));
    text_line(w, b->start, 3, line);
}

/* "phases": [{"phase": "up", "ms": 3000}, ...] */
static void json_phases(PlanWriter *w, const Block *b) {
    json_array(&w->json, "phases", JSON_COMPACT);
    for (uint32_t i = 0; i < b->n_phases; i++) {
        json_object(&w->json, NULL, JSON_COMPACT);
        json_str(&w->json, "phase", tempo_words[b->phases[i].code].word);
        json_int(&w->json, "ms", b->phases[i].ms);
        json_end(&w->json);
    }
    json_end(&w->json);
}

static void json_block_hold(PlanWriter *w, const Block *b) {
    static const char *const modes[] = {"fixed", "up_to", "open"};
    bool hold_range = b->hold == HOLD_UP_TO && b->hold_least > 0;
    if (!b->has_hold)
        return;
    json_text(w, "hold", hold_range ? "range" : modes[b->hold]);
    if (b->hold != HOLD_OPEN)
        json_int(&w->json, "hold_ms", b->hold_ms);
    if (hold_range)
        json_int(&w->json, "hold_min_ms", b->hold_least);
}

static void json_block_rest(PlanWriter *w, const Block *b) {
    if (b->rest_open)
        json_bool(&w->json, "rest_as_needed", true);
    if (b->rest_ms)
        json_int(&w->json, "rest_ms", b->rest_ms);
    if (b->rest_ms && b->rest_least > 0 && b->rest_least < b->rest_ms)
        json_int(&w->json, "rest_min_ms", b->rest_least);
}

/* The values routinec chose because the routine does not say them. */
static void json_block_defaults(PlanWriter *w, const Block *b) {
    if (b->reps_default)
        json_bool(&w->json, "reps_default", true);
    if (b->tempo_ms && b->tempo_default)
        json_bool(&w->json, "tempo_default", true);
    if (b->rest_ms && b->rest_default)
        json_bool(&w->json, "rest_default", true);
}

static void block_json(PlanWriter *w, const Block *b, int64_t ms) {
    json_begin(w, b->start, "reps");
    if (b->side != SIDE_NONE)
        json_text(w, "side", side_name(b->side));
    if (b->alternating)
        json_bool(&w->json, "alternating", true);
    json_text(w, "label", b->label);
    json_text(w, "role", side_role_name(b->role));
    json_uint(&w->json, "reps", b->reps);
    if (b->least)
        json_uint(&w->json, "reps_min", b->least);
    json_block_hold(w, b);
    if (b->tempo_ms)
        json_int(&w->json, "tempo_ms", b->tempo_ms);
    if (b->n_phases)
        json_phases(w, b);
    if (b->paced)
        json_bool(&w->json, "own_pace", true);
    json_block_rest(w, b);
    json_block_defaults(w, b);
    json_int(&w->json, "ms", ms);
    json_end(&w->json);
}

static void block_flush(PlanWriter *w, int64_t end) {
    if (!w->block.open)
        return;
    if (w->format == PLAN_JSON)
        block_json(w, &w->block, end - w->block.start);
    else
        block_text(w, &w->block, end - w->block.start);
    w->block.open = false;
}

/* Everything pending ends at `t`: the block, then a rest held back. */
static void settle(PlanWriter *w, int64_t t) {
    if (w->rest_pending) {
        block_flush(w, w->rest_t);
        plan_rest(w, w->rest_t, w->rest_ms, w->rest_least, w->rest_open, w->rest_default);
        w->rest_pending = false;
    }
    block_flush(w, t);
}

/* Reps of one block count up on one side; alternating reps change side
 * every time (a SIDE event, which starts a new block, never comes between). */
static bool continues_block(const PlanWriter *w, const VmEvent *ev) {
    const Block *b = &w->block;
    if (!b->open || ev->of != b->of)
        return false;
    if (ev->side == b->side && !b->alternating)
        return ev->n == b->last_n + 1;
    return ev->side != b->side && (ev->n == b->last_n || ev->n == b->last_n + 1);
}

static void on_rep(PlanWriter *w, const VmEvent *ev) {
    w->reps++;
    bool continues = continues_block(w, ev);
    if (continues && w->rest_pending) {
        w->block.rest_ms = w->rest_ms;
        w->block.rest_least = w->rest_least;
        w->block.rest_open = w->rest_open;
        w->block.rest_default = w->rest_default;
        w->rest_pending = false;
    } else if (!continues) {
        settle(w, ev->t);
    }
    Block *b = &w->block;
    if (b->open) {
        b->alternating |= ev->side != b->side;
        b->reps++;
        b->last_n = ev->n;
        b->side = ev->side;
        return;
    }
    memset(b, 0, sizeof *b);
    b->open = true;
    b->start = ev->t;
    b->reps = 1;
    b->last_n = ev->n;
    b->of = ev->of;
    b->side = ev->side;
    b->role = ev->role;
    b->label = ev->detail;
    b->least = ev->least;
    b->reps_default = ev->is_default;
}

static void plan_end_json(PlanWriter *w, int64_t t, bool ranges) {
    json_end(&w->json); /* the steps */
    json_uint(&w->json, "exercises", w->exercises);
    json_uint(&w->json, "reps", w->reps);
    if (ranges) {
        json_uint(&w->json, "reps_min", w->shortest_reps);
        json_int(&w->json, "shortest_ms", w->shortest_ms);
    }
    json_int(&w->json, "total_ms", t);
    if (w->open_rests)
        json_uint(&w->json, "as_needed_rests", w->open_rests);
    json_end(&w->json);
    fputc('\n', w->out);
}

/* "Total: 10:00 to 12:30 (3 exercises, 20 to 30 reps)" */
static void plan_total(PlanWriter *w, int64_t t, bool ranges) {
    char total[32], shortest[32], reps[48];
    fmt_ms(t, total, sizeof total);
    if (w->shortest_reps < w->reps)
        snprintf(reps, sizeof reps, "%llu to %llu", (unsigned long long)w->shortest_reps,
                 (unsigned long long)w->reps);
    else
        snprintf(reps, sizeof reps, "%llu", (unsigned long long)w->reps);
    /* "1 exercise, 1 rep", but "1 to 3 reps" */
    const char *exercises = w->exercises == 1 ? "exercise" : "exercises";
    const char *rep_word = w->reps == 1 ? "rep" : "reps";
    if (ranges && w->shortest_ms < t)
        fprintf(w->out, "\nTotal: %s to %s (%u %s, %s %s)\n", fmt_ms(w->shortest_ms, shortest, sizeof shortest),
                total, w->exercises, exercises, reps, rep_word);
    else
        fprintf(w->out, "\nTotal: %s (%u %s, %s %s)\n", total, w->exercises, exercises, reps, rep_word);
}

/* The totals; with ranges, from the shortest session (every range at its
 * lower end) to the longest (the upper ends, the timeline shown). */
static void plan_end(PlanWriter *w, int64_t t) {
    bool ranges = w->shortest_ms < t || w->shortest_reps < w->reps;
    if (w->format == PLAN_JSON) {
        plan_end_json(w, t, ranges);
        return;
    }
    text_line(w, t, 0, "end");
    plan_total(w, t, ranges);
    if (w->any_default)
        fputs("(default): a value routinec chose because the routine does not say it; write it to "
              "make it the routine's.\n", w->out);
    if (w->open_rests)
        fprintf(w->out, "Note: %u %s as needed count%s as 0s in the total; the patient takes as "
                        "long as they need.\n", w->open_rests, w->open_rests == 1 ? "rest" : "rests",
                w->open_rests == 1 ? "s" : "");
}

/* lang-b: schedule, equipment, load, effort, pain limit, stage, rules,
 * locks, alternatives: one line each, where they come.  False for any
 * other event. */
static bool plan_lang_b(PlanWriter *w, const VmEvent *ev) {
    char words[400], line[440];
    const char *said = events_describe(ev, words, sizeof words);
    if (!said || ev->kind == EV_PAIN_CHOICE)
        return false;
    settle(w, ev->t);
    if (w->format == PLAN_JSON) {
        json_begin(w, ev->t, vm_event_names[ev->kind]);
        events_json_lang_b(ev, &w->json);
        json_end(&w->json);
        return true;
    }
    bool top = ev->kind == EV_STAGE || ev->kind == EV_LOCKED ||
               (ev->scope && strcmp(ev->scope, "exercise") != 0);
    snprintf(line, sizeof line, "%s", said);
    if (ev->kind != EV_FALLBACK) /* "schedule: ...", as the other steps */
        line[0] = (char)(line[0] >= 'A' && line[0] <= 'Z' ? line[0] - 'A' + 'a' : line[0]);
    text_line(w, ev->t, top ? (ev->kind == EV_STAGE ? 0 : 1) : 2, line);
    return true;
}

/* What a block of reps is made of: its hold, its tempo and the tempo's
 * phases.  False for another event. */
static bool on_block_event(PlanWriter *w, const VmEvent *ev) {
    switch (ev->kind) {
    case EV_HOLD:
        w->block.has_hold = true;
        w->block.hold = ev->hold;
        w->block.hold_ms = ev->ms;
        w->block.hold_least = ev->least_ms;
        return true;
    case EV_TEMPO:
        w->block.tempo_ms = ev->ms;
        w->block.tempo_default = ev->is_default;
        w->block.n_phases = 0;
        return true;
    case EV_PHASE: /* a part of the rep its EV_TEMPO counted whole */
        if (ev->n >= 1 && ev->n <= MAX_TEMPO_PHASES && ev->code < TEMPO_WORD__COUNT) {
            w->block.phases[ev->n - 1].code = ev->code;
            w->block.phases[ev->n - 1].ms = ev->ms;
            w->block.n_phases = ev->n;
        }
        return true;
    default:
        return false;
    }
}

static void on_wait(PlanWriter *w, const VmEvent *ev) {
    if (ev->of) { /* a set at the patient's own pace: its reps count */
        w->reps += ev->of;
        settle(w, ev->t);
        plan_paced_set(w, ev);
    } else if (w->block.open) {
        w->block.paced = true;
    } else {
        plan_step(w, ev->t, "own_pace", 3, "at own pace, until Enter");
    }
}

/* A rest inside a block is kept for the block's line; another is a step. */
static void on_rest(PlanWriter *w, const VmEvent *ev) {
    w->open_rests += ev->as_needed;
    if (w->block.open && !w->rest_pending) {
        w->rest_pending = true;
        w->rest_t = ev->t;
        w->rest_ms = ev->ms;
        w->rest_least = ev->least_ms;
        w->rest_open = ev->as_needed;
        w->rest_default = ev->is_default;
        return;
    }
    settle(w, ev->t);
    plan_rest(w, ev->t, ev->ms, ev->least_ms, ev->as_needed, ev->is_default);
}

static bool is_step(VmEventKind kind) {
    return !(kind == EV_CUE || kind == EV_BREATHE || kind == EV_POSITION || kind == EV_NOTE
             || kind == EV_SAFETY || kind == EV_GATE || kind == EV_HELD
             || kind == EV_DONE || kind == EV_RANGE);
}

static void plan_start(PlanWriter *w, const VmEvent *ev) {
    if (w->format == PLAN_JSON) {
        json_object(&w->json, NULL, 2);
        json_str(&w->json, "routine", ev->text ? ev->text : "");
        json_array(&w->json, "steps", 2);
    } else {
        safe_text_fputs(ev->text, w->out, SAFE_TEXT_TAB);
        fputs("\n\n   time  step\n", w->out);
    }
}

static void plan_exercise(PlanWriter *w, const VmEvent *ev) {
    w->exercises++;
    if (w->format == PLAN_JSON) {
        json_begin(w, ev->t, "exercise");
        json_text(w, "name", ev->text);
        json_text(w, "section", ev->section);
        json_text(w, "kind", ev->detail);
        json_text(w, "variant", ev->variant);
        if (ev->is_default) /* one set: nobody wrote `sets` */
            json_bool(&w->json, "sets_default", true);
        if (kinds_flags(ev->detail) & KIND_SELF_TEST) /* a self-test */
            json_bool(&w->json, "test", true);
        json_end(&w->json);
        return;
    }
    char line[600];
    snprintf(line, sizeof line, "%s%s%s%s%s%s%s", ev->text, ev->variant ? " — " : "",
             ev->variant ? ev->variant : "", ev->detail ? " (" : "", ev->detail ? ev->detail : "",
             ev->detail ? ")" : "", ev->is_default ? ", 1 set (default)" : "");
    w->any_default |= ev->is_default;
    text_line(w, ev->t, 1, line);
}

/* A set or a round of a circuit. */
static void plan_set(PlanWriter *w, const VmEvent *ev) {
    if (w->format == PLAN_JSON) {
        json_begin(w, ev->t, ev->kind == EV_SET ? "set" : "round");
        json_uint(&w->json, "n", ev->n);
        json_uint(&w->json, "of", ev->of);
        if (ev->least)
            json_uint(&w->json, "min", ev->least);
        json_end(&w->json);
        return;
    }
    char least[24] = "", line[600];
    if (ev->least)
        snprintf(least, sizeof least, "%u to ", ev->least);
    snprintf(line, sizeof line, "%s %u of %s%u%s%s", ev->kind == EV_SET ? "set" : "round", ev->n,
             least, ev->of, ev->text ? ": " : "", ev->text ? ev->text : "");
    text_line(w, ev->t, ev->kind == EV_SET ? 2 : 1, line);
}

static void on_event(void *ctx, const VmEvent *ev) {
    PlanWriter *w = ctx;
    if (ev->kind == EV_REP) {
        on_rep(w, ev);
        return;
    }
    if (on_block_event(w, ev))
        return;
    if (ev->kind == EV_WAIT) {
        on_wait(w, ev);
        return;
    }
    if (ev->kind == EV_REST) {
        on_rest(w, ev);
        return;
    }
    if (plan_lang_b(w, ev) || !is_step(ev->kind))
        return; /* not steps of the timeline */
    settle(w, ev->t);
    switch (ev->kind) {
    case EV_START: plan_start(w, ev); break;
    case EV_SECTION: plan_step(w, ev->t, "section", 0, ev->text); break;
    case EV_EXERCISE: plan_exercise(w, ev); break;
    case EV_GET_READY: plan_timed(w, ev->t, "get_ready", ev->ms, ev->is_default); break;
    case EV_SET: case EV_ROUND: plan_set(w, ev); break;
    case EV_END: plan_end(w, ev->t); break;
    default: break; /* EV_SIDE: the block that follows names its side */
    }
}

/* The sink of the shortest run: only its reps and its end count. */
static void count_shortest(void *ctx, const VmEvent *ev) {
    PlanWriter *w = ctx;
    if (ev->kind == EV_REP)
        w->shortest_reps++;
    else if (ev->kind == EV_WAIT && ev->of) /* a paced set: its lower end */
        w->shortest_reps += ev->least ? ev->least : ev->of;
    else if (ev->kind == EV_END)
        w->shortest_ms = ev->t;
}

bool plan_print(const Program *program, const VmSelection *select, PlanFormat format,
                FILE *out, FILE *err) {
    PlanWriter w;
    memset(&w, 0, sizeof w);
    w.format = format;
    w.out = out;
    json_init(&w.json, out);
    Vm vm;
    const char *why = NULL;
    if (!vm_init(&vm, program, select, on_event, &w, &why)) {
        safe_text_printf(err, "routinec: %s\n", why ? why : "out of memory");
        vm_free(&vm);
        return false;
    }
    /* First, silently, the shortest session: its length and reps. */
    VmSelection least = select ? *select : (VmSelection){0};
    least.least = true;
    Vm short_vm;
    if (vm_init(&short_vm, program, &least, count_shortest, &w, NULL))
        drive_virtual(&short_vm, NULL, 0);
    vm_free(&short_vm);
    drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    return true;
}
