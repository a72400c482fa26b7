/* ast.c -- node names, the node constructor and the tree dump (see ast.h,
 * ast_dump.h). */
#include "ast.h"

#include <stddef.h>
#include <stdio.h>

#include "ast_dump.h"
#include "bounds.h"
#include "duration.h"

const char *const node_words[NODE__COUNT] = {
#define X(name, member, word) [NODE_##name] = (word),
    AST_NODES(X)
#undef X
};

/* The bytes a node of each kind needs: the common fields and its own
 * member of `as` (arena_alloc aligns the next object itself). */
#define NODE_SIZE(member) (offsetof(Node, as) + sizeof(((Node *)0)->as.member))
static const uint8_t node_sizes[NODE__COUNT] = {
#define X(name, member, word) [NODE_##name] = NODE_SIZE(member),
    AST_NODES(X)
#undef X
};
_Static_assert(sizeof(Node) <= UINT8_MAX, "node_sizes holds sizes in a byte");

Node *ast_node(Arena *arena, NodeKind kind, Loc loc) {
    if ((unsigned)kind >= NODE__COUNT)
        return NULL;
    Node *node = arena_alloc(arena, node_sizes[kind]);
    if (node) {
        node->kind = kind;
        node->loc = loc;
    }
    return node;
}

static const char *const text_roles[] = {
    [TEXT_CUE] = "cue",         [TEXT_BREATHE] = "breathe", [TEXT_POSITION] = "position",
    [TEXT_NOTE] = "note",       [TEXT_SAFETY] = "safety",   [TEXT_WHEN] = "when",
    [TEXT_THERAPIST] = "therapist", [TEXT_STOP_IF] = "stop if",
};
static const char *const side_modes[] = {
    [SIDES_NONE] = "none",           [SIDES_EACH] = "each side",
    [SIDES_ALTERNATING] = "alternating", [SIDES_EACH_ALTERNATING] = "each side alternating",
    [SIDES_LEFT_ONLY] = "left only", [SIDES_RIGHT_ONLY] = "right only",
    [SIDES_BOTH] = "both together",  [SIDES_ROLE] = "role",
};

/* The limb a side is counted by, as written after `each` (`10 each leg`). */
static const char *const limbs[LIMB__COUNT] = {
    [LIMB_SIDE] = "side", [LIMB_LEG] = "leg", [LIMB_ARM] = "arm", [LIMB_FOOT] = "foot", [LIMB_HAND] = "hand",
};
/* The phrases of a side by its role or both at once are the bytecode's
 * (side_phrase, opcodes.c): the hosts read them back to say them in the
 * patient's language. */
_Static_assert(SIDE_PHRASE_ROWS == 1 + ROLE_WORD__COUNT && SIDE_PHRASE_LIMBS == LIMB__COUNT,
               "side_phrases has a row per role word and a column per limb");

const char *ast_limb_word(Limb limb) {
    return (unsigned)limb < LIMB__COUNT && limb != LIMB_SIDE ? limbs[limb] : NULL;
}

SideRole ast_role_of(RoleWord word) {
    return word >= ROLE_WORD_UNAFFECTED ? ROLE_UNAFFECTED : ROLE_AFFECTED;
}

const char *ast_side_words(SideMode mode, RoleWord word, Limb limb, char *buf, size_t size) {
    if ((unsigned)limb >= LIMB__COUNT || (unsigned)word >= ROLE_WORD__COUNT)
        return NULL;
    if (mode != SIDES_BOTH && mode != SIDES_ROLE)
        return NULL;
    snprintf(buf, size, "%s", side_phrase(mode == SIDES_BOTH ? 0u : 1u + (unsigned)word, (unsigned)limb));
    return buf;
}
static const char *const rest_scopes[] = {
    [REST_STEP] = "step",                 [REST_BETWEEN_REPS] = "between reps",
    [REST_BETWEEN_SIDES] = "between sides", [REST_BETWEEN_SETS] = "between sets",
    [REST_BETWEEN_ROUNDS] = "between rounds", [REST_BETWEEN_EXERCISES] = "between exercises",
    [REST_AFTER] = "after",
};
static const char *const hold_modes[] = {
    [HOLD_MODE_FIXED] = "fixed", [HOLD_MODE_UP_TO] = "up to", [HOLD_MODE_OPEN] = "open",
};
static const char *const schedule_kinds[] = {
    [SCHED_DAILY_TIME] = "daily time", [SCHED_TIMES_A_DAY] = "times a day",
    [SCHED_DAYS_A_WEEK] = "days a week", [SCHED_TIME_OF_DAY] = "time of day",
    [SCHED_TIMES_A_WEEK] = "times a week", [SCHED_EVERY] = "every",
    [SCHED_MOST_DAYS] = "most days", [SCHED_FOR_WEEKS] = "for weeks",
    [SCHED_FOR_DAYS] = "for days",
};
static const char *const schedule_bounds[] = {
    [SCHED_EXACTLY] = "exactly", [SCHED_AT_LEAST] = "at least", [SCHED_UP_TO] = "up to",
};

/* Deeper than the parser allows: a tree built by hand, not by us. */
enum { DUMP_MAX_DEPTH = MAX_NESTING + 4 };

static void indent(FILE *out, int depth) {
    for (int i = 0; i < depth; i++)
        fputs("  ", out);
}

/* A text in C-like quotes: control bytes escaped, UTF-8 kept. */
static void put_quoted(FILE *out, const char *s, uint32_t len) {
    fputc('"', out);
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < ' ' || c == 0x7F)
            fprintf(out, "\\x%02X", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void put_pos(FILE *out, Loc loc) {
    fprintf(out, " @%u:%u\n", loc.line, loc.col);
}

/* `name "Warm up" @2:11`; nothing when absent. */
static void dump_str(FILE *out, int depth, const char *field, Str str, bool quoted) {
    if (!str.s)
        return;
    indent(out, depth);
    fprintf(out, "%s ", field);
    if (quoted)
        put_quoted(out, str.s, str.len);
    else
        fprintf(out, "%s", str.s);
    put_pos(out, str.loc);
}

/* `count 10 @3:12`, `ms 5000 (5s) @3:10`, `count overflow @3:12`. */
static void dump_num(FILE *out, int depth, const char *field, Num num, bool is_ms) {
    if (!num.present)
        return;
    indent(out, depth);
    if (num.overflow) {
        fprintf(out, "%s overflow", field);
    } else if (is_ms) {
        char buf[64];
        fprintf(out, "%s %llu (%s)", field, (unsigned long long)num.value,
                duration_format(num.value, buf, sizeof buf));
    } else {
        fprintf(out, "%s %llu", field, (unsigned long long)num.value);
    }
    put_pos(out, num.loc);
}

static void dump_word(FILE *out, int depth, const char *field, const char *value) {
    indent(out, depth);
    fprintf(out, "%s %s\n", field, value);
}

static void dump_list(const Node *list, FILE *out, int depth);

static void dump_schedule(const ScheduleItem *item, FILE *out, int depth) {
    for (; item; item = item->next) {
        indent(out, depth);
        fprintf(out, "item %s @%u:%u-%u:%u\n", schedule_kinds[item->kind], item->loc.line,
                item->loc.col, item->loc.end_line, item->loc.end_col);
        if (item->bound != SCHED_EXACTLY)
            dump_word(out, depth + 1, "bound", schedule_bounds[item->bound]);
        bool ms = item->kind == SCHED_DAILY_TIME || item->kind == SCHED_EVERY;
        dump_num(out, depth + 1, "lo", item->lo, ms);
        dump_num(out, depth + 1, "hi", item->hi, ms);
        dump_str(out, depth + 1, "word", item->word, false);
    }
}

static void dump_section(const Node *n, FILE *out, int depth) {
    dump_str(out, depth, "name", n->as.section.name, true);
    dump_str(out, depth, "level", n->as.section.level, false);
    dump_str(out, depth, "requires", n->as.section.requires, true);
    dump_list(n->as.section.body, out, depth);
}

static void dump_variant(const Node *n, FILE *out, int depth) {
    if (n->as.variant.dir != ALT_VARIANT)
        dump_word(out, depth, "alternative", n->as.variant.dir == ALT_EASIER ? "easier" : "harder");
    dump_str(out, depth, "name", n->as.variant.name, true);
    dump_str(out, depth, "when", n->as.variant.when, true);
    dump_str(out, depth, "level", n->as.variant.level, false);
    dump_list(n->as.variant.body, out, depth);
}

/* The fields of a block statement, then its body. */
static void dump_block(const Node *n, FILE *out, int depth) {
    switch (n->kind) {
    case NODE_ROUTINE:
        dump_str(out, depth, "title", n->as.routine.title, true);
        dump_list(n->as.routine.body, out, depth);
        break;
    case NODE_SECTION: dump_section(n, out, depth); break;
    case NODE_EXERCISE:
        dump_str(out, depth, "name", n->as.exercise.name, true);
        dump_str(out, depth, "kind", n->as.exercise.kind, false);
        dump_list(n->as.exercise.body, out, depth);
        break;
    case NODE_USE:
        dump_str(out, depth, "name", n->as.use.name, true);
        dump_str(out, depth, "variant", n->as.use.variant, true);
        dump_list(n->as.use.body, out, depth);
        break;
    case NODE_CIRCUIT:
        dump_str(out, depth, "name", n->as.circuit.name, true);
        dump_num(out, depth, "rounds", n->as.circuit.rounds, false);
        dump_list(n->as.circuit.body, out, depth);
        break;
    case NODE_STAGE:
        dump_str(out, depth, "name", n->as.stage.name, true);
        dump_list(n->as.stage.body, out, depth);
        break;
    default: dump_variant(n, out, depth); break;
    }
}

static void dump_build_up(const Node *n, FILE *out, int depth) {
    bool ms = n->as.build_up.target == BUILD_HOLD;
    dump_word(out, depth, "target", ms ? "hold" : "reps");
    dump_num(out, depth, "to", n->as.build_up.to, ms);
    dump_num(out, depth, "by", n->as.build_up.by, ms);
    dump_str(out, depth, "when", n->as.build_up.when, true);
}

/* ---- lang-b: load, equipment, effort, pain limit, stage rules ---------- */

static void dump_weight(FILE *out, int depth, const char *field, Weight w) {
    static const char *const units[] = {"", "lb", "kg", "g", "oz"};
    if (!w.amount.present)
        return;
    indent(out, depth);
    fprintf(out, "%s %llu/1000 %s", field, (unsigned long long)w.amount.value, units[w.unit]);
    put_pos(out, w.amount.loc);
}

static void dump_lang_b(const Node *n, FILE *out, int depth) {
    switch (n->kind) {
    case NODE_LOAD:
        dump_weight(out, depth, "lo", n->as.load.lo);
        dump_weight(out, depth, "hi", n->as.load.hi);
        dump_str(out, depth, "what", n->as.load.what, true);
        break;
    case NODE_EQUIPMENT:
        for (const TextItem *it = n->as.equipment.items; it; it = it->next)
            dump_str(out, depth, "item", it->text, true);
        break;
    case NODE_EFFORT:
        dump_num(out, depth, "lo", n->as.effort.lo, false);
        dump_num(out, depth, "hi", n->as.effort.hi, false);
        dump_num(out, depth, "scale", n->as.effort.scale, false);
        break;
    case NODE_PAIN_LIMIT:
        dump_num(out, depth, "limit", n->as.pain_limit.limit, false);
        dump_num(out, depth, "scale", n->as.pain_limit.scale, false);
        break;
    case NODE_ADVANCE:
        dump_num(out, depth, "sessions", n->as.advance.sessions, false);
        dump_num(out, depth, "pain", n->as.advance.pain, false);
        break;
    default: /* NODE_STEP_BACK */
        dump_num(out, depth, "stops", n->as.step_back.stops, false);
        break;
    }
}

/* A hold, a rest, a tempo, a get ready, an own pace: how long, how. */
static void dump_timing(const Node *n, FILE *out, int depth) {
    switch (n->kind) {
    case NODE_HOLD:
        dump_word(out, depth, "mode", hold_modes[n->as.hold.mode]);
        dump_num(out, depth, "ms", n->as.hold.ms, true);
        break;
    case NODE_REST:
        dump_num(out, depth, "ms", n->as.rest.ms, true);
        dump_word(out, depth, "scope", rest_scopes[n->as.rest.scope]);
        break;
    case NODE_TEMPO: dump_num(out, depth, "ms", n->as.tempo.ms, true); break;
    case NODE_OWN_PACE:
        dump_word(out, depth, "per", n->as.own_pace.per == PACE_PER_SET ? "set" : "rep");
        break;
    default: dump_num(out, depth, "ms", n->as.get_ready.ms, true); break; /* NODE_GET_READY */
    }
}

static void dump_repeat(const Node *n, FILE *out, int depth) {
    dump_num(out, depth, "count", n->as.repeat.count, false);
    dump_word(out, depth, "sides", side_modes[n->as.repeat.sides]);
    if (n->as.repeat.sides == SIDES_BOTH || n->as.repeat.sides == SIDES_ROLE) {
        char words[40];
        dump_word(out, depth, "words", ast_side_words(n->as.repeat.sides, n->as.repeat.role_word,
                                                      n->as.repeat.limb, words, sizeof words));
    }
}

/* `side "knee";`, `left side "operated leg";`, `left first;` */
static void dump_side(const Node *n, FILE *out, int depth) {
    if (n->kind == NODE_SIDE_PART) {
        dump_str(out, depth, "part", n->as.side_part.part, true);
    } else if (n->kind == NODE_SIDE_LABEL) {
        dump_word(out, depth, "side", n->as.side_label.side == SIDE_LEFT ? "left" : "right");
        dump_str(out, depth, "label", n->as.side_label.label, true);
    } else {
        dump_word(out, depth, "side", n->as.side_first.side == SIDE_LEFT ? "left" : "right");
    }
}

/* The fields of a simple statement. */
static void dump_fields(const Node *n, FILE *out, int depth) {
    switch (n->kind) {
    case NODE_INCLUDE: dump_str(out, depth, "path", n->as.include.path, true); break;
    case NODE_TEXT:
        dump_word(out, depth, "role", text_roles[n->as.text.role]);
        dump_str(out, depth, "text", n->as.text.text, true);
        break;
    case NODE_HOLD: case NODE_REST: case NODE_TEMPO: case NODE_OWN_PACE: case NODE_GET_READY:
        dump_timing(n, out, depth);
        break;
    case NODE_REPEAT: dump_repeat(n, out, depth); break;
    case NODE_SETS: dump_num(out, depth, "count", n->as.sets.count, false); break;
    case NODE_SIDE_PART: case NODE_SIDE_LABEL: case NODE_SIDE_FIRST: dump_side(n, out, depth); break;
    case NODE_BUILD_UP: dump_build_up(n, out, depth); break;
    case NODE_SCHEDULE: dump_schedule(n->as.schedule.items, out, depth); break;
    case NODE_ALLOW:
        dump_str(out, depth, "rule", n->as.allow.rule, false);
        dump_str(out, depth, "reason", n->as.allow.reason, true);
        break;
    case NODE_KIND: dump_str(out, depth, "word", n->as.kind.word, false); break;
    case NODE_PICTURE:
        dump_str(out, depth, "path", n->as.picture.path, true);
        dump_str(out, depth, "alt", n->as.picture.alt, true);
        break;
    case NODE_LOAD: case NODE_EQUIPMENT: case NODE_EFFORT: case NODE_PAIN_LIMIT:
    case NODE_ADVANCE: case NODE_STEP_BACK:
        dump_lang_b(n, out, depth);
        break;
    case NODE_SIDE_ORDER: break; /* the words are all it says */
    default: dump_block(n, out, depth); break;
    }
}

static void dump_node(const Node *n, FILE *out, int depth) {
    indent(out, depth);
    if (depth > DUMP_MAX_DEPTH || (unsigned)n->kind >= NODE__COUNT) {
        fputs("...\n", out);
        return;
    }
    fprintf(out, "%s @%u:%u-%u:%u\n", node_words[n->kind], n->loc.line, n->loc.col,
            n->loc.end_line, n->loc.end_col);
    dump_fields(n, out, depth + 1);
}

static void dump_list(const Node *list, FILE *out, int depth) {
    for (const Node *n = list; n; n = n->next)
        dump_node(n, out, depth);
}

void ast_dump(const Node *list, FILE *out) {
    dump_list(list, out, 0);
}
