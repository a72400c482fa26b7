/*
 * parser.y -- the grammar of routine files (.rt).  See syntax.h.
 *
 * A pure LALR(1) parser: no globals, all state in ParseCtx.  Every list is
 * LEFT recursive with a {head, tail} value, so the bison stack stays flat
 * and appending is O(1) whatever the file size.  Only `{ }` nest, and the
 * scanner stops at MAX_NESTING, so the stack is bounded too.
 *
 * Error recovery: a broken statement is skipped up to its `;`, or up to a
 * block `{ ... }` whose body is still parsed, or up to the `}` that closes
 * the enclosing block -- so one run reports every syntax error.
 */

%define api.pure full
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%lex-param   {yyscan_t scanner}
%parse-param {yyscan_t scanner} {ParseCtx *ctx}

%code requires {
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "bounds.h"
#include "diag.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Token positions: 1-based lines, byte columns, last column inclusive. */
typedef struct YYLTYPE {
    uint32_t first_line, first_column;
    uint32_t last_line, last_column;
} YYLTYPE;
#define YYLTYPE_IS_DECLARED 1
#define YYLTYPE_IS_TRIVIAL 1

/* Statements of one block, in order; `tail` makes appending O(1). */
typedef struct { Node *head, *tail; } NodeList;

/* The texts after the first of adjacent quoted texts, joined when the last
 * one has been read.  A text alone -- by far the most common case -- needs
 * no list and no copy (see `text`). */
typedef struct StrPiece { Str str; struct StrPiece *next; } StrPiece;
typedef struct { StrPiece *head, *tail; size_t len; } StrPieces;

typedef struct { ScheduleItem *head, *tail; } ScheduleList;

/* lang-b: `3 times`, `3 to 5 times`, `once`, `twice` in a schedule. */
typedef struct { Num lo, hi; int said; } SchedCount;
/* lang-b: `equipment "chair", "towel"` */
typedef struct { TextItem *head, *tail; } TextItemList;
/* lang-b: `5lb`, `5lb to 10lb`, `5 to 10lb` */
typedef struct { Weight lo, hi; } WeightRange;
/* `8 to 12`, `5s to 10s`, `up to 10`: `least` is absent for one value,
 * and for a ceiling (`ceiling` set). */
typedef struct { Num least, most; bool ceiling; } NumRange;
/* tempo 3s up, 5s down */
typedef struct { TempoPhase *head, *tail; uint32_t n; } PhaseList;

/* A `{` not yet closed, for "the block of section "X" opened at line 12
 * is never closed". */
typedef struct {
    const char *word;  /* the statement's first token, in the source */
    size_t word_len;
    const char *name;  /* its first quoted text (NUL-terminated), or NULL */
    YYLTYPE loc;       /* the `{` */
} OpenBlock;

/* After this many errors in one file the rest is noise: stop. */
#define SYNTAX_MAX_ERRORS 100u

/* Everything the scanner and the parser share; one per syntax_parse(). */
typedef struct ParseCtx {
    Arena *arena;
    Diag *diag;
    uint32_t file;
    const char *text;      /* the file's text, scanned in place */
    size_t len;
    uint32_t line, col;    /* position of the next byte */
    /* flex NUL-terminates yytext in the buffer; diagnostics quote the
     * source line, so the byte is put back while reporting. */
    char *held_pos;
    char held_char;
    /* The last token read (the parser's lookahead on an error), and the
     * end of the one before it. */
    size_t tok_start, tok_end;
    int tok_kind;          /* its token kind */
    YYLTYPE tok_loc;
    YYLTYPE prev_loc;
    size_t prev_end;
    bool have_prev;
    /* The statement being read: where it starts and its first quoted text. */
    size_t stmt_start;
    bool at_stmt_start;
    const char *stmt_name;
    OpenBlock open[MAX_NESTING];
    uint32_t depth;
    bool semi_after_text;  /* an unterminated text took the `;`: give one */
    bool missing_semi;     /* the last error was a missing `;` */
    size_t semi_reported;  /* 1 + tok_start of the token a missing `;` was
                              reported before (0: none), so it is said once */
    bool reported_unclosed;
    unsigned errors;
    bool stopped;          /* too deep or too many errors: no more tokens */
    Node *result;
} ParseCtx;
}

%code provides {
#define YY_DECL int yylex(YYSTYPE *yylval_param, YYLTYPE *yylloc_param, yyscan_t yyscanner)
YY_DECL;

/* syntax.c: shared by the scanner and the parser. */
Loc syntax_loc(const ParseCtx *ctx, YYLTYPE loc);
void syntax_error(ParseCtx *ctx, DiagId id, YYLTYPE loc, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void syntax_describe_block(const OpenBlock *block, char *out, size_t size);
/* parser.y: "expected `}` before the end of the file", naming the block. */
void syntax_report_unclosed(ParseCtx *ctx, YYLTYPE where);
}

%code {
#include <stdio.h>
#include <string.h>

#include "duration.h"

static void yyerror(YYLTYPE *loc, yyscan_t scanner, ParseCtx *ctx, const char *msg);

/* Allocate a zeroed node or give up the parse (bison reports "memory
 * exhausted", which yyerror words for the user). */
#define NEW(var, node_kind, where)                         \
    do {                                                   \
        (var) = node_new(ctx, (node_kind), (where));       \
        if (!(var))                                        \
            YYNOMEM;                                       \
    } while (0)

static Node *node_new(ParseCtx *ctx, NodeKind kind, YYLTYPE where) {
    return ast_node(ctx->arena, kind, syntax_loc(ctx, where));
}

static YYLTYPE span(YYLTYPE first, YYLTYPE last) {
    first.last_line = last.last_line;
    first.last_column = last.last_column;
    return first;
}

static NodeList list_append(NodeList list, Node *node) {
    node->next = NULL;
    if (list.tail)
        list.tail->next = node;
    else
        list.head = node;
    list.tail = node;
    return list;
}

static NodeList list_concat(NodeList a, NodeList b) {
    if (!a.head)
        return b;
    if (b.head) {
        a.tail->next = b.head;
        a.tail = b.tail;
    }
    return a;
}

/* Append item and the items chained after it (`every morning` is two). */
static ScheduleList sched_append(ScheduleList list, ScheduleItem *item) {
    if (list.tail)
        list.tail->next = item;
    else
        list.head = item;
    list.tail = item;
    while (list.tail->next)
        list.tail = list.tail->next;
    return list;
}

static StrPiece *piece_new(ParseCtx *ctx, Str str) {
    StrPiece *piece = arena_alloc(ctx->arena, sizeof *piece);
    if (piece)
        piece->str = str;
    return piece;
}

static StrPieces pieces_append(StrPieces list, StrPiece *piece) {
    if (list.tail)
        list.tail->next = piece;
    else
        list.head = piece;
    list.tail = piece;
    list.len += piece->str.len;
    return list;
}

/* Join `first` and the adjacent texts after it into one ("a " "b" ->
 * "a b"); false when out of memory. */
static bool pieces_join(ParseCtx *ctx, Str first, StrPieces rest, Str *out) {
    size_t len = first.len + rest.len;
    *out = first;
    out->loc.end_line = rest.tail->str.loc.end_line;
    out->loc.end_col = rest.tail->str.loc.end_col;
    if (len > MAX_STRING_BYTES) {
        YYLTYPE where = {out->loc.line, out->loc.col, out->loc.end_line, out->loc.end_col};
        syntax_error(ctx, DIAG_ID_TEXT_TOO_LONG, where, "split it into several cues or notes",
                     "this text is too long (%zu bytes; at most %u)", len,
                     (unsigned)MAX_STRING_BYTES);
    }
    char *joined = arena_alloc_text(ctx->arena, len + 1);
    if (!joined)
        return false;
    memcpy(joined, first.s, first.len);
    size_t at = first.len;
    for (const StrPiece *p = rest.head; p; p = p->next) {
        memcpy(joined + at, p->str.s, p->str.len);
        at += p->str.len;
    }
    joined[at] = '\0';
    out->s = joined;
    out->len = (uint32_t)len;
    return true;
}

static Num num_none(void) {
    Num none = {0};
    return none;
}

/* The number 1, written where `n` was (the lower end of `up to n`). */
static Num num_one(Num n) {
    n.value = 1;
    n.overflow = false;
    return n;
}

/* The number `n` as a word ("1"), for `level 1`; false when out of memory. */
static bool str_of_number(ParseCtx *ctx, Num n, Str *out) {
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n.value);
    char *copy = arena_alloc_text(ctx->arena, (size_t)len + 1);
    if (!copy)
        return false;
    memcpy(copy, digits, (size_t)len + 1);
    out->s = copy;
    out->len = (uint32_t)len;
    out->loc = n.loc;
    return true;
}

static Str str_none(void) {
    Str none = {0};
    return none;
}

/* `hold 5;`: a duration without its unit.  Reported with the form to
 * write; the number is then read as seconds so the statement is checked on. */
static void unit_missing(ParseCtx *ctx, YYLTYPE where, const char *word, Num *num) {
    char hint[96];
    /* `tempo 3 up`: the example is the phase, `tempo 3s up;` */
    const char *space = strchr(word, ' ');
    snprintf(hint, sizeof hint, "give a unit, as in `%.*s %llus%s;` (s, min or h)",
             (int)(space ? space - word : (ptrdiff_t)strlen(word)), word,
             (unsigned long long)(num->overflow ? 5 : num->value), space ? space : "");
    syntax_error(ctx, DIAG_ID_MISSING_UNIT, where, hint, "`%.*s` needs a duration, and this number has no unit",
                 (int)(space ? space - word : (ptrdiff_t)strlen(word)), word);
    num->value = num->value > UINT64_MAX / 1000 ? UINT64_MAX : num->value * 1000;
}

static NumRange range_of(Num least, Num most, bool ceiling) {
    NumRange r = {least, most, ceiling};
    return r;
}

/* `5 to 10s`: the bare lower end takes the unit of the upper one. */
static Num with_unit_of(Num number, Num duration) {
    uint64_t unit = duration.unit_ms ? duration.unit_ms : 1000;
    if (number.value > UINT64_MAX / unit)
        number.overflow = true;
    else
        number.value *= unit;
    number.unit_ms = (uint32_t)unit;
    return number;
}

static ScheduleItem *sched_new(ParseCtx *ctx, ScheduleKind kind, Num lo, Num hi, YYLTYPE where) {
    ScheduleItem *item = arena_alloc(ctx->arena, sizeof *item);
    if (item) {
        item->kind = kind;
        item->lo = lo;
        item->hi = hi;
        item->loc = syntax_loc(ctx, where);
    }
    return item;
}

#define SCHED(var, kind, lo, hi, where)                    \
    do {                                                   \
        (var) = sched_new(ctx, (kind), (lo), (hi), (where)); \
        if (!(var))                                        \
            YYNOMEM;                                       \
    } while (0)

/* ---- lang-b helpers ---------------------------------------------------- */

static SchedCount sched_count(Num lo, Num hi, ScheduleSaid said) {
    SchedCount c = {lo, hi, (int)said};
    return c;
}

/* A number that was not written but is implied by a word (`twice`). */
static Num num_implied(ParseCtx *ctx, uint64_t value, YYLTYPE where) {
    Num n = {value, false, true, syntax_loc(ctx, where)};
    return n;
}

/* A schedule item counting times a day or a week. */
static ScheduleItem *sched_times(ParseCtx *ctx, ScheduleKind kind, SchedCount c,
                                 ScheduleBound bound, YYLTYPE where) {
    ScheduleItem *item = sched_new(ctx, kind, c.lo, c.hi, where);
    if (item) {
        item->bound = bound;
        item->said = (ScheduleSaid)c.said;
    }
    return item;
}

#define SCHED_TIMES(var, kind, count, bound, where)                 \
    do {                                                           \
        (var) = sched_times(ctx, (kind), (count), (bound), (where)); \
        if (!(var))                                                \
            YYNOMEM;                                               \
    } while (0)

static TextItemList text_items_append(ParseCtx *ctx, TextItemList list, Str text, bool *ok) {
    TextItem *item = arena_alloc(ctx->arena, sizeof *item);
    *ok = item != NULL;
    if (!item)
        return list;
    item->text = text;
    if (list.tail)
        list.tail->next = item;
    else
        list.head = item;
    list.tail = item;
    return list;
}

/* `every second day`, `on alternate days`: the one word they take. */
static void other_day_word(ParseCtx *ctx, Str word, YYLTYPE where, const char *want) {
    if (word.len == strlen(want) && memcmp(word.s, want, word.len) == 0)
        return;
    syntax_error(ctx, DIAG_ID_BAD_SCHEDULE, where, "write `every other day` (3 to 4 days a week), or `every 2 hours`",
                 "`%.*s` here is not a frequency routinec knows", (int)(word.len < 40 ? word.len : 40), word.s);
}

/* `once or twice`, `2 or 3 times`: the word between the counts is `or`. */
static void or_word(ParseCtx *ctx, Str word, YYLTYPE where) {
    if (word.len == 2 && memcmp(word.s, "or", 2) == 0)
        return;
    syntax_error(ctx, DIAG_ID_BAD_SCHEDULE, where, "write a range with `to` or `or`: `2 to 3 times a day`",
                 "unexpected word `%.*s` between two counts", (int)(word.len < 40 ? word.len : 40), word.s);
}

/* `every hour`, or `every morning` (`afternoon`, `evening`, `night`): the
 * items they mean -- every 1h; every day, then in the morning.  Another
 * word gets the forms to write, and means every hour so checking goes on. */
static ScheduleItem *every_word(ParseCtx *ctx, Str word, YYLTYPE where) {
    static const char *const times[] = {"morning", "afternoon", "evening", "night"};
    ScheduleItem *hour = sched_new(ctx, SCHED_EVERY, num_implied(ctx, 3600000, where), num_none(), where);
    for (size_t i = 0; hour && i < sizeof times / sizeof *times; i++) {
        if (strlen(times[i]) != word.len || memcmp(times[i], word.s, word.len) != 0)
            continue;
        ScheduleItem *day = sched_times(ctx, SCHED_DAYS_A_WEEK,
                                        sched_count(num_implied(ctx, 7, where), num_none(), SCHED_SAID_EVERY_DAY),
                                        SCHED_EXACTLY, where);
        if (day) { /* the time of day follows the day, as `every day, in the morning` */
            hour->kind = SCHED_TIME_OF_DAY;
            hour->lo = num_none();
            hour->word = word;
            day->next = hour;
        }
        return day;
    }
    if (hour && !(word.len == 4 && memcmp(word.s, "hour", 4) == 0))
        syntax_error(ctx, DIAG_ID_BAD_SCHEDULE, where, "write `every hour`, `every 2 hours`, `every day`, `every other day`, "
                     "or `every morning` (`afternoon`, `evening`, `night`)",
                     "`every %.*s` is not a frequency routinec knows", (int)(word.len < 40 ? word.len : 40), word.s);
    return hour;
}

static WeightRange weight_range(Weight lo, Weight hi) {
    WeightRange r = {lo, hi};
    return r;
}

/* ---- tempo phases --------------------------------------------------------- */

/* One phase, `3s up` or `hold 2s`: the word (`word.s` NULL when none was
 * written) looked up here, so that the checker only has to report. */
static TempoPhase *phase_new(ParseCtx *ctx, Str word, Num ms, YYLTYPE where) {
    TempoPhase *phase = arena_alloc(ctx->arena, sizeof *phase);
    if (!phase)
        return NULL;
    memset(phase, 0, sizeof *phase);
    phase->word = word;
    phase->code = word.s ? tempo_word_of(word.s, word.len) : TEMPO_WORD__COUNT;
    phase->ms = ms;
    phase->loc = syntax_loc(ctx, where);
    if (phase->code == TEMPO_SLOWLY && !ms.present) { /* `tempo slow;`: the time is a default */
        phase->ms = (Num){TEMPO_SLOW_MS, false, true, phase->loc, 1000};
        phase->implied = true;
    }
    return phase;
}

#define PHASE(var, word, ms, where)                            \
    do {                                                       \
        (var) = phase_new(ctx, (word), (ms), (where));         \
        if (!(var))                                            \
            YYNOMEM;                                           \
    } while (0)

static PhaseList phase_append(PhaseList list, TempoPhase *phase) {
    if (list.tail)
        list.tail->next = phase;
    else
        list.head = phase;
    list.tail = phase;
    list.n++;
    return list;
}

/* `hold 3s to 5s` inside a tempo: a phase is played for one time, so a
 * range there is refused with the form to write (the upper end is kept so
 * the rest is checked on). */
static void phase_range(ParseCtx *ctx, YYLTYPE from, YYLTYPE to, Str word) {
    YYLTYPE where = from;
    char hint[160];
    where.last_line = to.last_line;
    where.last_column = to.last_column;
    snprintf(hint, sizeof hint, "give the phase one time, as in `%.24s 5s`; a range belongs to the "
             "repetitions (`repeat 8 to 12;`) or a hold of its own (`hold 3s to 5s;`)", word.s ? word.s : "hold");
    syntax_error(ctx, DIAG_ID_TEMPO, where, hint, "a tempo's phase takes one time, not a range");
}

/* A keyword that is a phase word (`up`, `in`, `hold`, `relax`), as a Str. */
static Str keyword_str(ParseCtx *ctx, const char *word, YYLTYPE where) {
    Str str = {word, (uint32_t)strlen(word), syntax_loc(ctx, where)};
    return str;
}

/* `tempo 3s up, 5s down;`: the node, its phases and their sum (saturated
 * past MAX_DURATION_MS: the checker says it is too long). */
static void tempo_set_phases(Node *tempo, PhaseList list) {
    uint64_t sum = 0;
    bool overflow = false;
    for (const TempoPhase *p = list.head; p; p = p->next) {
        overflow |= p->ms.overflow || p->ms.value > MAX_DURATION_MS;
        sum += p->ms.overflow || p->ms.value > MAX_DURATION_MS ? 0 : p->ms.value;
    }
    tempo->as.tempo.phases = list.head;
    tempo->as.tempo.n_phases = list.n;
    tempo->as.tempo.ms.value = sum;
    tempo->as.tempo.ms.overflow = overflow;
    tempo->as.tempo.ms.present = true;
    tempo->as.tempo.ms.loc = tempo->loc;
}

/* side_mode's value: the SideMode, and for SIDES_ROLE and SIDES_BOTH the
 * words written (RoleWord, Limb), one byte each. */
#define SIDE_MODE(mode, word, limb) ((int)(mode) | (int)(word) << 8 | (int)(limb) << 16)

static void set_side_mode(Node *repeat, int mode) {
    repeat->as.repeat.sides = (SideMode)(mode & 0xFF);
    repeat->as.repeat.role_word = (uint8_t)(mode >> 8 & 0xFF);
    repeat->as.repeat.limb = (uint8_t)(mode >> 16 & 0xFF);
}

/* `hold 30s each leg`: the sides, for the checker to give to `repeat`. */
static void set_hold_sides(Node *hold, int mode) {
    hold->as.hold.sides = (SideMode)(mode & 0xFF);
    hold->as.hold.role_word = (uint8_t)(mode >> 8 & 0xFF);
    hold->as.hold.limb = (uint8_t)(mode >> 16 & 0xFF);
}

/* A hold of one time (`5s`) or a range (`5 to 10s`: HOLD_MODE_UP_TO). */
static void hold_set(Node *hold, NumRange time) {
    hold->as.hold.mode = time.least.present ? HOLD_MODE_UP_TO : HOLD_MODE_FIXED;
    hold->as.hold.ms = time.most;
    hold->as.hold.least = time.least;
}

static bool word_is(Str w, const char *const *words) {
    for (; *words; words++)
        if (w.s && strlen(*words) == w.len && memcmp(*words, w.s, w.len) == 0)
            return true;
    return false;
}

/* `pain no more than 3/10`: the words of an upper bound, or an error. */
static void bound_words(ParseCtx *ctx, Str a, Str b, Str c, YYLTYPE where) {
    static const char *const nots[] = {"no", "not", NULL};
    static const char *const mores[] = {"more", "higher", "greater", "worse", NULL};
    static const char *const aboves[] = {"above", "over", "beyond", "exceeding", NULL};
    static const char *const thans[] = {"than", NULL};
    static const char *const shoulds[] = {"should", "must", NULL};
    static const char *const exceeds[] = {"exceed", "pass", NULL};
    bool ok = c.s ? (word_is(a, nots) && word_is(b, mores) && word_is(c, thans))
                        || (word_is(a, shoulds) && word_is(b, nots) && word_is(c, exceeds))
                  : word_is(a, nots) && word_is(b, aboves);
    if (!ok)
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the most pain the patient may work through: "
                     "`pain limit 3 of 10;` (also `pain up to 3/10;`, `pain no more than 3/10;`)",
                     "`pain` is followed by the most pain allowed");
}

/* `hold it for 5s`, `hold this stretch 30s`: a word that points at what
 * is held (`it`, `this`, `that`), or an error naming the form to write. */
static void held_word(ParseCtx *ctx, Str word, YYLTYPE where, bool object_follows) {
    static const char *const alone[] = {"it", "this", "that", "them", NULL};
    static const char *const before[] = {"this", "that", "your", NULL};
    if (!word_is(word, object_follows ? before : alone))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the time after `hold`: `hold 5s;` (or `hold it for 5s;`)",
                     "unexpected word `%.*s` after `hold`", (int)(word.len < 40 ? word.len : 40), word.s);
}

/* `every hour while awake`: accepted after an `every` (a frequency over
 * the waking day anyway); other words are an error. */
static void while_awake(ParseCtx *ctx, ScheduleList items, Str a, Str b, YYLTYPE where) {
    static const char *const whiles[] = {"while", "when", NULL};
    static const char *const awakes[] = {"awake", "up", NULL};
    bool after_every = items.tail && items.tail->kind == SCHED_EVERY;
    if (!(after_every && word_is(a, whiles) && word_is(b, awakes)))
        syntax_error(ctx, DIAG_ID_BAD_SCHEDULE, where, "`while awake` goes with `every hour` or `every 2 hours` "
                     "(they count over the waking day); leave it out here",
                     "`%.*s %.*s` is not part of a frequency routinec knows",
                     (int)(a.len < 40 ? a.len : 40), a.s, (int)(b.len < 40 ? b.len : 40), b.s);
}

/* `3 sets of 10 each leg` in any of its spellings: append the `repeat`
 * and the `sets` it means, as if both were written.  False: no memory. */
static bool sets_range_of(ParseCtx *ctx, NodeList *list, NumRange count, YYLTYPE sets_at, NumRange reps,
                          YYLTYPE reps_at, int sides) {
    Node *sets = node_new(ctx, NODE_SETS, sets_at);
    Node *repeat = node_new(ctx, NODE_REPEAT, reps_at);
    if (!sets || !repeat)
        return false;
    sets->as.sets.count = count.most;
    /* 2 to 3 sets of 10, as `sets 2 to 3;`; up to 3 sets: from 1 */
    sets->as.sets.least = count.ceiling ? num_one(count.most) : count.least;
    repeat->as.repeat.count = reps.most;
    repeat->as.repeat.least = reps.least;
    repeat->as.repeat.ceiling = reps.ceiling;
    set_side_mode(repeat, sides);
    *list = list_append(list_append(*list, repeat), sets);
    return true;
}

static bool sets_of(ParseCtx *ctx, NodeList *list, Num count, YYLTYPE sets_at, NumRange reps,
                    YYLTYPE reps_at, int sides) {
    return sets_range_of(ctx, list, range_of(num_none(), count, false), sets_at, reps, reps_at, sides);
}

/* `hold for 3 breaths`: a breath is no time the session can count; say
 * so with the form to write, and check on with a hold of 4 s a breath. */
static void hold_breaths(ParseCtx *ctx, Node *hold, YYLTYPE where, Num breaths) {
    syntax_error(ctx, DIAG_ID_MISSING_UNIT, where, "write the time, `hold 15s;`, and the breaths in a cue: "
                 "`breathe \"Hold for 3 slow breaths.\";`", "a hold is a time, not a number of breaths");
    hold->as.hold.mode = HOLD_MODE_FIXED;
    hold->as.hold.ms = breaths;
    hold->as.hold.ms.value = breaths.value > UINT64_MAX / 4000 ? UINT64_MAX : breaths.value * 4000;
}

/* `hold for a count of 5`: the word is `count`. */
static void count_word(ParseCtx *ctx, Str word, YYLTYPE where) {
    static const char *const counts[] = {"count", NULL};
    if (!word_is(word, counts))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the time: `hold 5s;` (or `hold for a count of 5;`)",
                     "unexpected word `%.*s` after `hold for a`", (int)(word.len < 40 ? word.len : 40), word.s);
}

/* `hold 5s, relax 5s`: the hold and the rest between the reps it means,
 * appended to *list.  False: no memory. */
static bool hold_relax(ParseCtx *ctx, NodeList *list, NumRange hold_time, YYLTYPE hold_at, Num rest_ms, YYLTYPE rest_at) {
    Node *hold = node_new(ctx, NODE_HOLD, hold_at);
    Node *rest = node_new(ctx, NODE_REST, rest_at);
    if (!hold || !rest)
        return false;
    hold_set(hold, hold_time);
    rest->as.rest.ms = rest_ms;
    rest->as.rest.scope = REST_BETWEEN_REPS;
    *list = list_append(list_append(*list, hold), rest);
    return true;
}

/* `effort RPE 6-7`, `effort Borg 13`: the scale its name and top number
 * mean when no `of` says it -- RPE up to 10 is the 0-10 scale (CR10), a
 * number past 10 (or Borg) the 6-20 scale.  Another word is an error. */
static Num effort_scale(ParseCtx *ctx, Str word, YYLTYPE where, Num top, Num of) {
    static const char *const rpes[] = {"RPE", "rpe", NULL};
    static const char *const borgs[] = {"Borg", "borg", NULL};
    bool borg = word_is(word, borgs);
    if (!borg && !word_is(word, rpes))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the number on its scale: `effort 6 of 10;` (RPE 6), "
                     "`effort 12 to 14 of 20;` (Borg); words such as \"moderate\" go in a `note`",
                     "unexpected word `%.*s` after `effort`", (int)(word.len < 40 ? word.len : 40), word.s);
    if (of.present)
        return of;
    return num_implied(ctx, borg || top.value > 10 ? 20 : 10, where);
}

/* `pain up to 3/10 is ok`: `is` and ok, okay, fine, acceptable, allowed. */
static void ok_words(ParseCtx *ctx, Str is, Str ok, YYLTYPE where) {
    static const char *const iss[] = {"is", NULL};
    static const char *const oks[] = {"ok", "OK", "okay", "fine", "acceptable", "allowed", NULL};
    if (!word_is(is, iss) || !word_is(ok, oks))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the most pain the patient may work through: "
                     "`pain limit 3 of 10;` (also `pain up to 3/10 is ok;`)",
                     "unexpected words after the pain limit");
}

/* `pain should not go above 3/10`: should/must, not, go/get/rise, above/over/beyond. */
static void go_above_words(ParseCtx *ctx, Str a, Str b, Str c, Str d, YYLTYPE where) {
    static const char *const shoulds[] = {"should", "must", NULL};
    static const char *const nots[] = {"not", NULL};
    static const char *const gos[] = {"go", "get", "rise", NULL};
    static const char *const aboves[] = {"above", "over", "beyond", "past", NULL};
    if (!(word_is(a, shoulds) && word_is(b, nots) && word_is(c, gos) && word_is(d, aboves)))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the most pain the patient may work through: "
                     "`pain limit 3 of 10;` (also `pain up to 3/10;`, `pain should not go above 3/10;`)",
                     "`pain` is followed by the most pain allowed");
}

/* `pain should be no more than 3/10`: `should` or `must` first. */
static void go_should(ParseCtx *ctx, Str word, YYLTYPE where) {
    static const char *const shoulds[] = {"should", "must", NULL};
    if (!word_is(word, shoulds))
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the most pain the patient may work through: "
                     "`pain limit 3 of 10;` (also `pain should be no more than 3/10;`)",
                     "`pain` is followed by the most pain allowed");
}

/* `advance ... when pain at most 2/10`: the rules read pain out of 10. */
static void rule_scale(ParseCtx *ctx, Num of, YYLTYPE where) {
    if (of.present && of.value != 10)
        syntax_error(ctx, DIAG_ID_SYNTAX, where, "write the pain out of 10: `when pain at most 2;`",
                     "the stage rules read pain on the 0 to 10 scale");
}

/* `perform 2 times a day`: the `schedule 2 times a day` it means (a week
 * when `week`), appended to *list.  False: no memory. */
static bool verb_schedule(ParseCtx *ctx, NodeList *list, SchedCount count, int week, YYLTYPE where) {
    Node *schedule = node_new(ctx, NODE_SCHEDULE, where);
    ScheduleItem *item = sched_times(ctx, week ? SCHED_TIMES_A_WEEK : SCHED_TIMES_A_DAY, count, SCHED_EXACTLY, where);
    if (!schedule || !item)
        return false;
    schedule->as.schedule.items = item;
    *list = list_append(*list, schedule);
    return true;
}

/* `3 x 10`: by the convention of strength training the sets come first,
 * and handouts write the smaller number there.  `10 x 3` with no `reps`
 * after it is read both ways by clinics (10 sets of 3, or 10 reps done 3
 * times): say so, and the two forms to write. */
static void times_of(ParseCtx *ctx, Num sets, YYLTYPE sets_at, NumRange reps, YYLTYPE reps_at) {
    Num low = reps.least.present ? reps.least : reps.most;
    if (reps.ceiling || !sets.present || !low.present || sets.value <= low.value)
        return;
    char hint[160];
    snprintf(hint, sizeof hint, "write `%llu sets of %llu;` (or `%llu sets of %llu;`)",
             (unsigned long long)low.value, (unsigned long long)sets.value,
             (unsigned long long)sets.value, (unsigned long long)low.value);
    syntax_error(ctx, DIAG_ID_SETS_WORDING, span(sets_at, reps_at), hint,
                 "`%llu x %llu` may mean %llu sets of %llu or %llu reps done %llu times",
                 (unsigned long long)sets.value, (unsigned long long)low.value,
                 (unsigned long long)sets.value, (unsigned long long)low.value,
                 (unsigned long long)sets.value, (unsigned long long)low.value);
}
}

%union {
    Str str;
    Num num;
    Node *node;
    NodeList list;
    StrPieces pieces;
    ScheduleItem *item;
    ScheduleList sched;
    int mode;
    /* lang-b */
    Weight weight;
    WeightRange weights;
    SchedCount count;
    TextItemList texts;
    NumRange range;
    TempoPhase *phase;
    PhaseList phases;
}

%token <str> STRING "a quoted text"
%token <str> WORD "a word"
%token <num> NUMBER "a number"
%token <num> DURATION "a duration like 5s"
%token SEMI "`;`" LBRACE "`{`" RBRACE "`}`" COMMA "`,`"

%token KW_ROUTINE "`routine`" KW_SECTION "`section`" KW_EXERCISE "`exercise`"
%token KW_EXERCISES "`exercises`" KW_DO "`do`" KW_CIRCUIT "`circuit`"
%token KW_ROUND "`round`" KW_ROUNDS "`rounds`" KW_VARIANT "`variant`"
%token KW_INCLUDE "`include`" KW_LEVEL "`level`"
%token KW_CUE "`cue`" KW_BREATHE "`breathe`" KW_POSITION "`position`"
%token KW_NOTE "`note`" KW_SAFETY "`safety`" KW_WHEN "`when`"
%token KW_THERAPIST "`therapist`"
%token KW_HOLD "`hold`" KW_HOLDS "`holds`" KW_UP "`up`" KW_TO "`to`"
%token KW_ABOUT "`about`" KW_AS "`as`" KW_LONG "`long`" KW_YOU "`you`"
%token KW_CAN "`can`"
%token KW_REPEAT "`repeat`" KW_TIMES "`times`" KW_EACH "`each`"
%token KW_SIDE "`side`" KW_SIDES "`sides`" KW_ALTERNATING "`alternating`"
%token KW_LEFT "`left`" KW_RIGHT "`right`" KW_ONLY "`only`" KW_FIRST "`first`"
%token KW_ON "`on`"
%token KW_SETS "`sets`" KW_SET "`set`" KW_REST "`rest`" KW_BETWEEN "`between`"
%token KW_REPS "`reps`" KW_REP "`rep`" KW_AFTER "`after`"
%token KW_TEMPO "`tempo`" KW_AT "`at`" KW_OWN "`own`" KW_YOUR "`your`"
%token KW_PACE "`pace`" KW_PER "`per`" KW_GET "`get`" KW_READY "`ready`"
%token KW_BUILD "`build`" KW_BY "`by`"
%token KW_SCHEDULE "`schedule`" KW_A "`a`" KW_DAY "`day`" KW_DAYS "`days`"
%token KW_WEEK "`week`" KW_IN "`in`" KW_THE "`the`"
%token KW_ALLOW "`allow`" KW_KIND "`kind`"
%token KW_PICTURE "`picture`"
/* lang-b: frequency, load and effort, stages and their rules */
%token <weight> WEIGHT "a weight like 5lb"
%token KW_ONCE "`once`" KW_TWICE "`twice`" KW_TIME "`time`" KW_EVERY "`every`"
%token KW_DAILY "`daily`" KW_HOURLY "`hourly`" KW_LEAST "`least`" KW_MOST "`most`"
%token KW_FOR "`for`" KW_WEEKS "`weeks`"
%token KW_LOAD "`load`" KW_WEIGHT "`weight`" KW_EQUIPMENT "`equipment`"
%token KW_EFFORT "`effort`" KW_OF "`of`" KW_PAIN "`pain`" KW_LIMIT "`limit`"
%token KW_STAGE "`stage`" KW_ADVANCE "`advance`" KW_SESSIONS "`sessions`"
%token KW_SESSION "`session`" KW_STEP "`step`" KW_BACK "`back`" KW_STOP "`stop`"
%token KW_STOPS "`stops`" KW_EASIER "`easier`" KW_HARDER "`harder`"
%token KW_REQUIRES "`requires`"
/* self-tests: `test "Balance" { ... stop if "..."; }` */
%token KW_TEST "`test`" KW_IF "`if`"
%token KW_MANY "`many`" KW_RELAX "`relax`"
%token KW_NEEDED "`needed`"
/* sides: both together, a side by its role, one side at a time */
%token KW_BOTH "`both`" KW_TOGETHER "`together`" KW_LEGS "`legs`" KW_ARMS "`arms`"
%token KW_LEG "`leg`" KW_ARM "`arm`" KW_AFFECTED "`affected`" KW_UNAFFECTED "`unaffected`"
%token KW_OPERATED "`operated`" KW_WEAKER "`weaker`" KW_INJURED "`injured`"
%token KW_STRONGER "`stronger`" KW_OTHER "`other`" KW_ONE "`one`"
/* coverage: `10 each leg`, `both feet`, `injured hand` */
%token KW_FOOT "`foot`" KW_FEET "`feet`" KW_HAND "`hand`" KW_HANDS "`hands`"
%token KW_X "`x`"
%token KW_PAINFUL "`painful`" KW_SORE "`sore`" KW_INVOLVED "`involved`" KW_GOOD "`good`"
%token KW_UNINJURED "`uninjured`"
/* wording9: `10 breaths`, `10 steps`, `15 repetitions`; `bad leg`, `weak side` */
%token KW_BREATHS "`breaths`" KW_STEPS "`steps`" KW_REPETITIONS "`repetitions`" KW_REPETITION "`repetition`"
%token KW_BAD "`bad`" KW_WEAK "`weak`" KW_WITH "`with`" KW_OVER "`over`"
/* lang11: `perform 10 times;`, `complete 3 sets;` (MedBridge's words) */
%token KW_PERFORM "`perform`" KW_COMPLETE "`complete`"
%token KW_ALTERNATE "`alternate`" KW_UNINVOLVED "`uninvolved`" KW_STRONG "`strong`"
%token KW_PROGRESS "`progress`" KW_INCREASE "`increase`" KW_AND "`and`"

/* After a value that may start a range (`hold 5s` `to`...), an error is
 * taken by the statement itself (`hold DURATION error`), which keeps it,
 * rather than after reducing it: with LAC the error is found before the
 * reduction, so only the statement's own error rule can see it. */
%precedence VALUE_ALONE
%precedence error

%type <list> items stmts top
%type <node> simple compound block block_body
%type <pieces> strings
%type <str> text opt_level opt_kind opt_when
%type <num> opt_by_number opt_by_duration relax_time
%type <range> count_range duration_range hold_time
%type <mode> text_role side_mode rest_scope pace_per side_word
%type <mode> role_side role_word limb both_what each_limb scope_unit hold_sides limb_only
%type <item> schedule_item
%type <sched> schedule_items
/* lang-b */
%type <count> sched_count verb_count
%type <mode> verb_period
%type <weights> weights
%type <texts> text_items
%type <str> opt_requires
%type <num> opt_of opt_pain_at_most
%type <mode> alt_word
%type <phase> tempo_phase
%type <phases> tempo_phases
%type <str> phase_word

%%

file
    : top                           { ctx->result = $1.head; }
    ;

/* A `}` with no open block splits the top level; say so and go on. */
top
    : stmts
    | top RBRACE                    { syntax_error(ctx, DIAG_ID_STRAY_BRACE, @2, "remove it, or look for a missing `{` above",
                                                   "this `}` closes no block"); }
      stmts                         { $$ = list_concat($1, $4); }
    ;

/* A statement list; the last simple statement may omit its `;`. */
stmts
    : items
    | items simple                  { $$ = list_append($1, $2); }
    ;

items
    : %empty                        { $$.head = $$.tail = NULL; }
    | items simple SEMI             { $2->loc = syntax_loc(ctx, span(@2, @3));
                                      $$ = list_append($1, $2); }
    | items compound                { $$ = list_append($1, $2); }
    | items SEMI                    { $$ = $1; /* a stray `;` harms nobody */ }
    | items simple error            { /* a missing `;`: keep the statement and go on
                                       * with the next one as if it were there */
                                      $$ = list_append($1, $2);
                                      if (ctx->missing_semi)
                                          yyerrok;
                                      ctx->missing_semi = false; }
    /* 3 sets of 10 each leg;  3 sets x 15;  -- the handout's words for
     * `repeat 10 each leg; sets 3;` (fmt writes `3 sets of 10 each leg;`) */
    | items count_range KW_SETS sets_of count_range opt_times side_mode SEMI
                                    { if (!sets_range_of(ctx, &$1, $2, @2, $5, span(@5, @7), $7)) YYNOMEM;
                                      $$ = $1; }
    /* hold 5 seconds, relax 5 seconds;  -- `hold 5s; relax 5s;` (fmt writes them so) */
    | items KW_HOLD hold_time COMMA relax_word relax_time SEMI
                                    { if (!hold_relax(ctx, &$1, $3, span(@2, @3), $6, span(@5, @6))) YYNOMEM;
                                      $$ = $1; }
    /* hold 5 seconds and repeat 10 times;  hold 30s x 3 each side;  hold 30
     * seconds, repeat 3 times;  -- `hold 5s; repeat 10 times;` (fmt writes them so) */
    | items KW_HOLD hold_time hold_then count_range opt_times side_mode SEMI
                                    { Node *hold, *repeat;
                                      NEW(hold, NODE_HOLD, span(@2, @3));
                                      hold_set(hold, $3);
                                      NEW(repeat, NODE_REPEAT, span(@5, @7));
                                      repeat->as.repeat.count = $5.most;
                                      repeat->as.repeat.least = $5.least;
                                      repeat->as.repeat.ceiling = $5.ceiling;
                                      set_side_mode(repeat, $7);
                                      $$ = list_append(list_append($1, hold), repeat); }
    /* sets 3 reps 10;  -- the comma left out */
    | items KW_SETS NUMBER KW_REPS count_range opt_times side_mode SEMI
                                    { if (!sets_of(ctx, &$1, $3, span(@2, @3), $5, span(@4, @7), $7)) YYNOMEM;
                                      $$ = $1; }
    /* do 2 sets of 10 repetitions;  perform 3 sets of 10;  complete 2 to 3
     * sets of 8 to 12;  -- a verb before the dose, as MedBridge and
     * Physitrack print it (`fmt` leaves the verb out) */
    | items dose_verb count_range KW_SETS sets_of count_range opt_times side_mode SEMI
                                    { if (!sets_range_of(ctx, &$1, $3, @3, $6, span(@6, @8), $8)) YYNOMEM;
                                      $$ = $1; }
    /* complete 3 sets;  -- `sets 3;` */
    | items dose_verb count_range KW_SETS SEMI
                                    { Node *sets;
                                      NEW(sets, NODE_SETS, span(@2, @4));
                                      sets->as.sets.count = $3.most;
                                      sets->as.sets.least = $3.ceiling ? num_one($3.most) : $3.least;
                                      $$ = list_append($1, sets); }
    /* perform 10 times;  do 10 repetitions;  perform 8 to 12 reps each leg; */
    | items dose_verb count_range verb_noun side_mode SEMI
                                    { Node *repeat;
                                      NEW(repeat, NODE_REPEAT, span(@2, @5));
                                      repeat->as.repeat.count = $3.most;
                                      repeat->as.repeat.least = $3.least;
                                      repeat->as.repeat.ceiling = $3.ceiling;
                                      set_side_mode(repeat, $5);
                                      $$ = list_append($1, repeat); }
    | items dose_verb NUMBER KW_TIMES side_mode SEMI
                                    { Node *repeat;
                                      NEW(repeat, NODE_REPEAT, span(@2, @5));
                                      repeat->as.repeat.count = $3;
                                      set_side_mode(repeat, $5);
                                      $$ = list_append($1, repeat); }
    | items dose_verb NUMBER KW_TO NUMBER KW_TIMES side_mode SEMI
                                    { Node *repeat;
                                      NEW(repeat, NODE_REPEAT, span(@2, @7));
                                      repeat->as.repeat.count = $5;
                                      repeat->as.repeat.least = $3;
                                      set_side_mode(repeat, $7);
                                      $$ = list_append($1, repeat); }
    /* perform 2 times a day;  perform twice daily;  -- how often: `schedule` */
    | items dose_verb verb_count verb_period SEMI
                                    { if (!verb_schedule(ctx, &$1, $3, $4, span(@2, @4))) YYNOMEM;
                                      $$ = $1; }
    | items dose_verb NUMBER KW_TIMES verb_period SEMI
                                    { if (!verb_schedule(ctx, &$1, sched_count($3, num_none(), SCHED_SAID_NUMBER), $5,
                                                         span(@2, @5))) YYNOMEM;
                                      $$ = $1; }
    | items dose_verb NUMBER KW_TIME verb_period SEMI
                                    { if (!verb_schedule(ctx, &$1, sched_count($3, num_none(), SCHED_SAID_NUMBER), $5,
                                                         span(@2, @5))) YYNOMEM;
                                      $$ = $1; }
    | items dose_verb NUMBER KW_TO NUMBER KW_TIMES verb_period SEMI
                                    { if (!verb_schedule(ctx, &$1, sched_count($3, $5, SCHED_SAID_NUMBER), $7,
                                                         span(@2, @7))) YYNOMEM;
                                      $$ = $1; }
    /* sets 3 x 15;  sets 3 of 10;  -- the sets first, as in `sets 3;` */
    | items KW_SETS NUMBER sets_of count_range opt_times side_mode SEMI
                                    { if (!sets_of(ctx, &$1, $3, span(@2, @3), $5, span(@5, @7), $7)) YYNOMEM;
                                      $$ = $1; }
    /* 3 x 10 reps;  3x15 each leg;  -- sets x reps, the convention of
     * strength training; `10 x 3` alone is refused (which is the sets?) */
    | items NUMBER KW_X count_range side_mode SEMI
                                    { times_of(ctx, $2, @2, $4, @4);
                                      if (!sets_of(ctx, &$1, $2, @2, $4, span(@4, @5), $5)) YYNOMEM;
                                      $$ = $1; }
    | items NUMBER KW_X count_range count_noun side_mode SEMI
                                    { if (!sets_of(ctx, &$1, $2, @2, $4, span(@4, @6), $6)) YYNOMEM;
                                      $$ = $1; }
    /* 10 reps x 3;  15 reps x 3 sets;  10 reps, 3 sets;  -- the reps first */
    | items count_range rep_noun side_mode then_sets NUMBER opt_sets side_mode SEMI
                                    { int sides = $4 != SIDES_NONE ? $4 : $8;
                                      if ($4 != SIDES_NONE && $8 != SIDES_NONE)
                                          syntax_error(ctx, DIAG_ID_SIDES_WORDING, @8, "say the sides once: `3 sets of 10 each leg;`",
                                                       "the sides are given twice in this statement");
                                      if (!sets_of(ctx, &$1, $6, span(@6, @7), $2, span(@2, @4), sides)) YYNOMEM;
                                      $$ = $1; }
    /* repeat 10 slowly;  -- a slow pace, no time given (`tempo slow;`) */
    | items KW_REPEAT count_range opt_times side_mode WORD SEMI
                                    { Node *repeat, *tempo;
                                      TempoPhase *slow;
                                      NEW(repeat, NODE_REPEAT, span(@2, @5));
                                      repeat->as.repeat.count = $3.most;
                                      repeat->as.repeat.least = $3.least;
                                      repeat->as.repeat.ceiling = $3.ceiling;
                                      set_side_mode(repeat, $5);
                                      NEW(tempo, NODE_TEMPO, @6);
                                      PHASE(slow, $6, num_none(), @6);
                                      if (slow->code != TEMPO_SLOWLY)
                                          syntax_error(ctx, DIAG_ID_SYNTAX, @6, "a pace in words is `slowly`: "
                                                       "`repeat 10 slowly;`; a time is a `tempo`: `tempo 4s;`",
                                                       "unexpected word `%.*s` after the repetitions",
                                                       (int)($6.len < 40 ? $6.len : 40), $6.s);
                                      PhaseList one = {NULL, NULL, 0};
                                      tempo_set_phases(tempo, phase_append(one, slow));
                                      $$ = list_append(list_append($1, repeat), tempo); }
    /* repeat 10, 3 sets;  repeat 25 times, 3 sets; */
    | items KW_REPEAT count_range opt_times side_mode COMMA NUMBER KW_SETS SEMI
                                    { if (!sets_of(ctx, &$1, $7, span(@7, @8), $3, span(@2, @5), $5)) YYNOMEM;
                                      $$ = $1; }
    /* sets 3, reps 15;  sets 3, repeat 15 each leg; */
    | items KW_SETS NUMBER COMMA reps_word count_range opt_times side_mode SEMI
                                    { if (!sets_of(ctx, &$1, $3, span(@2, @3), $6, span(@5, @8), $8)) YYNOMEM;
                                      $$ = $1; }
    /* 10 reps;  8 to 12 repetitions each leg;  -- `repeat` left out, the count first */
    | items count_range rep_noun side_mode SEMI
                                    { Node *repeat;
                                      NEW(repeat, NODE_REPEAT, span(@2, @5));
                                      repeat->as.repeat.count = $2.most;
                                      repeat->as.repeat.least = $2.least;
                                      repeat->as.repeat.ceiling = $2.ceiling;
                                      set_side_mode(repeat, $4);
                                      $$ = list_append($1, repeat); }
    | items error SEMI              { $$ = $1; yyerrok; }
    | items error LBRACE            { yyerrok; /* report mistakes in the body too */ }
      block_body                    { $$ = $1; }
    ;

/* The statements of a block; NULL when empty (the node is only a carrier). */
block
    : LBRACE block_body             { $$ = $2; }
    ;

block_body
    : stmts RBRACE                  { $$ = $1.head; }
    | items error RBRACE            { $$ = $1.head; yyerrok; }
    ;

compound
    : KW_ROUTINE text block         { NEW($$, NODE_ROUTINE, @$);
                                      $$->as.routine.title = $2;
                                      $$->as.routine.body = $3; }
    | KW_SECTION text opt_level opt_requires block
                                    { NEW($$, NODE_SECTION, @$);
                                      $$->as.section.name = $2;
                                      $$->as.section.level = $3;
                                      $$->as.section.requires = $4;
                                      $$->as.section.body = $5; }
    | KW_EXERCISE text opt_kind block
                                    { NEW($$, NODE_EXERCISE, @$);
                                      $$->as.exercise.name = $2;
                                      $$->as.exercise.kind = $3;
                                      $$->as.exercise.body = $4; }
    /* test "Balance" { ... }: an exercise whose kind is `test` */
    | KW_TEST text block            { NEW($$, NODE_EXERCISE, @$);
                                      $$->as.exercise.name = $2;
                                      $$->as.exercise.kind = (Str){"test", 4, $2.loc};
                                      $$->as.exercise.body = $3; }
    | KW_DO text block              { NEW($$, NODE_USE, @$);
                                      $$->as.use.name = $2;
                                      $$->as.use.body = $3; }
    | KW_CIRCUIT text NUMBER round_word block
                                    { NEW($$, NODE_CIRCUIT, @$);
                                      $$->as.circuit.name = $2;
                                      $$->as.circuit.rounds = $3;
                                      $$->as.circuit.body = $5; }
    | KW_CIRCUIT NUMBER round_word block
                                    { NEW($$, NODE_CIRCUIT, @$);
                                      $$->as.circuit.rounds = $2;
                                      $$->as.circuit.body = $4; }
    | KW_VARIANT text opt_level block
                                    { NEW($$, NODE_VARIANT, @$);
                                      $$->as.variant.name = $2;
                                      $$->as.variant.level = $3;
                                      $$->as.variant.body = $4; }
    /* lang-b: stages and alternatives */
    | KW_STAGE text block           { NEW($$, NODE_STAGE, @$);
                                      $$->as.stage.name = $2;
                                      $$->as.stage.body = $3; }
    | alt_word text opt_when block  { NEW($$, NODE_VARIANT, @$);
                                      $$->as.variant.dir = (AltDirection)$1;
                                      $$->as.variant.name = $2;
                                      $$->as.variant.when = $3;
                                      $$->as.variant.body = $4; }
    ;

/* The phases of one repetition, in order.  A phase with its word or its
 * duration missing is kept: the checker says what to write. */
tempo_phases
    : tempo_phase                   { $$.head = $$.tail = NULL; $$.n = 0; $$ = phase_append($$, $1); }
    | DURATION COMMA tempo_phase    { TempoPhase *first;
                                      PHASE(first, str_none(), $1, @1);
                                      $$.head = $$.tail = NULL; $$.n = 0;
                                      $$ = phase_append(phase_append($$, first), $3); }
    | tempo_phases COMMA tempo_phase
                                    { $$ = phase_append($1, $3); }
    /* 4 seconds up and 4 seconds down: `and` as the comma (fmt writes `,`) */
    | tempo_phases KW_AND tempo_phase
                                    { $$ = phase_append($1, $3); }
    ;

/* 3s up;  3 seconds up;  up 3s;  hold 2s;  hold for 2s;  up (no duration) */
tempo_phase
    : DURATION phase_word           { PHASE($$, $2, $1, @$); }
    | NUMBER phase_word             { char form[48];
                                      snprintf(form, sizeof form, "tempo %.24s", $2.s ? $2.s : "");
                                      unit_missing(ctx, @1, form, &$1); PHASE($$, $2, $1, @$); }
    | phase_word DURATION           { PHASE($$, $1, $2, @$); }
    | phase_word KW_FOR DURATION    { PHASE($$, $1, $3, @$); }
    /* lower over 3 seconds */
    | phase_word KW_OVER DURATION   { PHASE($$, $1, $3, @$); }
    | phase_word DURATION KW_TO DURATION
                                    { phase_range(ctx, @2, @4, $1); PHASE($$, $1, $4, @$); }
    | DURATION KW_TO DURATION phase_word
                                    { phase_range(ctx, @1, @3, $4); PHASE($$, $4, $3, @$); }
    | phase_word NUMBER             { char form[48];
                                      snprintf(form, sizeof form, "tempo %.24s", $1.s ? $1.s : "");
                                      unit_missing(ctx, @2, form, &$2); PHASE($$, $1, $2, @$); }
    | phase_word                    { PHASE($$, $1, num_none(), @$); }
    ;

/* Any word: the checker knows the phase words (opcodes.h, TEMPO_WORDS). */
phase_word
    : WORD
    | KW_UP                         { $$ = keyword_str(ctx, "up", @1); }
    | KW_IN                         { $$ = keyword_str(ctx, "in", @1); }
    | KW_HOLD                       { $$ = keyword_str(ctx, "hold", @1); }
    | KW_RELAX                      { $$ = keyword_str(ctx, "relax", @1); }
    ;

alt_word : KW_EASIER { $$ = ALT_EASIER; } | KW_HARDER { $$ = ALT_HARDER; } ;

opt_requires
    : %empty                        { $$ = str_none(); }
    | KW_REQUIRES text              { $$ = $2; }
    ;

round_word : KW_ROUNDS | KW_ROUND | KW_TIMES ;

opt_level
    : %empty                        { $$ = str_none(); }
    | KW_LEVEL WORD                 { $$ = $2; }
    /* level 1: handouts number their levels; the number is its name */
    | KW_LEVEL NUMBER               { if ($2.overflow)
                                          syntax_error(ctx, DIAG_ID_OUT_OF_RANGE, @2, "number levels from 1, as in `level 1`",
                                                       "this level number is far too large");
                                      if (!str_of_number(ctx, $2, &$$)) YYNOMEM; }
    ;

opt_kind
    : %empty                        { $$ = str_none(); }
    | WORD
    ;

simple
    : KW_DO text                    { NEW($$, NODE_USE, @$); $$->as.use.name = $2; }
    | KW_DO text KW_VARIANT text    { NEW($$, NODE_USE, @$);
                                      $$->as.use.name = $2;
                                      $$->as.use.variant = $4; }
    | KW_INCLUDE text               { NEW($$, NODE_INCLUDE, @$); $$->as.include.path = $2; }
    /* stop if "you put your foot down";  -- ends a self-test's hold or reps */
    | KW_STOP KW_IF text            { NEW($$, NODE_TEXT, @$);
                                      $$->as.text.role = TEXT_STOP_IF;
                                      $$->as.text.text = $3; }
    | text_role text                { NEW($$, NODE_TEXT, @$);
                                      $$->as.text.role = (TextRole)$1;
                                      $$->as.text.text = $2; }
    | KW_HOLD DURATION %prec VALUE_ALONE
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $2; }
    | KW_HOLD DURATION KW_EACH opt_time
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $2; }
    | KW_HOLD KW_FOR DURATION KW_EACH opt_time
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $3; }
    | KW_HOLD KW_ABOUT DURATION     { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $3; }
    | KW_HOLD KW_UP KW_TO DURATION  { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $4; }
    | KW_HOLD KW_AS KW_LONG KW_AS KW_YOU KW_CAN
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_OPEN;
                                      $$->as.hold.ms = num_none(); }
    /* A missing `;` after a value that could start a range (`hold 5s` then
     * a new line): keep the statement, as `items simple error` does. */
    | KW_HOLD DURATION error        { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $2;
                                      if (ctx->missing_semi)
                                          yyerrok; }
    | KW_REST DURATION error        { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $2;
                                      $$->as.rest.scope = REST_STEP;
                                      if (ctx->missing_semi)
                                          yyerrok; }
    /* hold for 30 seconds;  hold for 5 to 10s;  hold for up to 10s; */
    | KW_HOLD KW_FOR DURATION %prec VALUE_ALONE
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $3; }
    | KW_HOLD KW_FOR DURATION error { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $3;
                                      if (ctx->missing_semi)
                                          yyerrok; }
    | KW_HOLD KW_FOR duration_range { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $3.most;
                                      $$->as.hold.least = $3.least; }
    | KW_HOLD KW_FOR KW_UP KW_TO DURATION
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $5; }
    /* hold it for 5s;  hold the stretch for 30 seconds;  hold this position 10s;
     * -- what is held, said as handouts say it (`fmt` leaves it out) */
    | KW_HOLD hold_what hold_time   { NEW($$, NODE_HOLD, @$); hold_set($$, $3); }
    | KW_HOLD hold_what hold_time hold_sides
                                    { NEW($$, NODE_HOLD, @$); hold_set($$, $3); set_hold_sides($$, $4); }
    /* hold 30s each leg;  hold 20 to 30 seconds on each side;  -- the sides
     * of the repetitions (the checker gives them to `repeat`) */
    | KW_HOLD DURATION hold_sides   { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $2;
                                      set_hold_sides($$, $3); }
    | KW_HOLD KW_FOR duration_range hold_sides
                                    { NEW($$, NODE_HOLD, @$); hold_set($$, $3); set_hold_sides($$, $4); }
    | KW_HOLD KW_FOR DURATION hold_sides
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $3;
                                      set_hold_sides($$, $4); }
    | KW_HOLD duration_range hold_sides
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $2.most;
                                      $$->as.hold.least = $2.least;
                                      set_hold_sides($$, $3); }
    /* hold for a count of 5;  -- a count of seconds, as leaflets say it */
    | KW_HOLD KW_FOR KW_A WORD KW_OF NUMBER
                                    { count_word(ctx, $4, @4);
                                      NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = with_unit_of($6, num_none()); }
    /* hold for 3 breaths;  -- no time the session can count: the form to write */
    | KW_HOLD NUMBER KW_BREATHS     { NEW($$, NODE_HOLD, @$); hold_breaths(ctx, $$, span(@2, @3), $2); }
    | KW_HOLD KW_FOR NUMBER KW_BREATHS
                                    { NEW($$, NODE_HOLD, @$); hold_breaths(ctx, $$, span(@3, @4), $3); }
    | KW_HOLD NUMBER KW_TO NUMBER KW_BREATHS
                                    { NEW($$, NODE_HOLD, @$); hold_breaths(ctx, $$, span(@2, @5), $4); }
    | KW_HOLD KW_FOR NUMBER KW_TO NUMBER KW_BREATHS
                                    { NEW($$, NODE_HOLD, @$); hold_breaths(ctx, $$, span(@3, @6), $5); }
    /* 5 second hold;  10 second holds;  -- the time first */
    | DURATION hold_noun            { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $1; }
    /* hold 5;  -- a number with no unit: say the form to write */
    | KW_HOLD NUMBER                { unit_missing(ctx, @2, "hold", &$2);
                                      NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_FIXED;
                                      $$->as.hold.ms = $2; }
    /* hold 5s to 10s;  hold 5-10s;  hold 5 to 10 seconds; */
    | KW_HOLD duration_range        { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $2.most;
                                      $$->as.hold.least = $2.least; }
    /* hold as long as you can, up to 30s; */
    | KW_HOLD KW_AS KW_LONG KW_AS KW_YOU KW_CAN opt_comma KW_UP KW_TO DURATION
                                    { NEW($$, NODE_HOLD, @$);
                                      $$->as.hold.mode = HOLD_MODE_UP_TO;
                                      $$->as.hold.ms = $10; }
    | KW_REPEAT count_range opt_times side_mode
                                    { NEW($$, NODE_REPEAT, @$);
                                      $$->as.repeat.count = $2.most;
                                      $$->as.repeat.least = $2.least;
                                      $$->as.repeat.ceiling = $2.ceiling;
                                      set_side_mode($$, $4); }
    /* reps 10;  -- as a table's column says it */
    | KW_REPS count_range side_mode { NEW($$, NODE_REPEAT, @$);
                                      $$->as.repeat.count = $2.most;
                                      $$->as.repeat.least = $2.least;
                                      $$->as.repeat.ceiling = $2.ceiling;
                                      set_side_mode($$, $3); }
    /* repeat x10; */
    | KW_REPEAT KW_X count_range opt_times side_mode
                                    { NEW($$, NODE_REPEAT, @$);
                                      $$->as.repeat.count = $3.most;
                                      $$->as.repeat.least = $3.least;
                                      $$->as.repeat.ceiling = $3.ceiling;
                                      set_side_mode($$, $5); }
    /* repeat as many as you can, up to 10; */
    | KW_REPEAT KW_AS KW_MANY KW_AS KW_YOU KW_CAN opt_comma KW_UP KW_TO NUMBER opt_times side_mode
                                    { NEW($$, NODE_REPEAT, @$);
                                      $$->as.repeat.count = $10;
                                      $$->as.repeat.ceiling = true;
                                      set_side_mode($$, $12); }
    | KW_SETS count_range           { NEW($$, NODE_SETS, @$);
                                      $$->as.sets.count = $2.most;
                                      /* sets up to 3: from 1 */
                                      $$->as.sets.least = $2.ceiling ? num_one($2.most) : $2.least; }
    | KW_REST DURATION rest_scope   { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $2;
                                      $$->as.rest.scope = (RestScope)$3; }
    | KW_REST duration_range rest_scope
                                    { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $2.most;
                                      $$->as.rest.least = $2.least;
                                      $$->as.rest.scope = (RestScope)$3; }
    /* rest for 1 minute between sets; */
    | KW_REST KW_FOR DURATION rest_scope
                                    { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $3;
                                      $$->as.rest.scope = (RestScope)$4; }
    | KW_REST KW_FOR duration_range rest_scope
                                    { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $3.most;
                                      $$->as.rest.least = $3.least;
                                      $$->as.rest.scope = (RestScope)$4; }
    | KW_REST NUMBER rest_scope     { unit_missing(ctx, @2, "rest", &$2);
                                      NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $2;
                                      $$->as.rest.scope = (RestScope)$3; }
    /* rest as needed between sets;  -- the patient says when (no invented number) */
    | KW_REST KW_AS KW_NEEDED rest_scope
                                    { NEW($$, NODE_REST, @$);
                                      $$->as.rest.as_needed = true;
                                      $$->as.rest.scope = (RestScope)$4; }
    | KW_RELAX KW_AS KW_NEEDED      { NEW($$, NODE_REST, @$);
                                      $$->as.rest.as_needed = true;
                                      $$->as.rest.scope = REST_BETWEEN_REPS; }
    /* relax 5s;  -- between the reps, as handouts say after a hold */
    | KW_RELAX DURATION             { NEW($$, NODE_REST, @$);
                                      $$->as.rest.ms = $2;
                                      $$->as.rest.scope = REST_BETWEEN_REPS; }
    | KW_TEMPO DURATION             { NEW($$, NODE_TEMPO, @$); $$->as.tempo.ms = $2; }
    /* tempo 3s up, 5s down;  tempo 1s up, hold 2s, 3s down; */
    | KW_TEMPO tempo_phases         { NEW($$, NODE_TEMPO, @$); tempo_set_phases($$, $2); }
    | KW_AT opt_your KW_OWN KW_PACE pace_per
                                    { NEW($$, NODE_OWN_PACE, @$);
                                      $$->as.own_pace.per = (PaceScope)$5; }
    | KW_GET KW_READY DURATION      { NEW($$, NODE_GET_READY, @$); $$->as.get_ready.ms = $3; }
    | KW_SIDE text                  { NEW($$, NODE_SIDE_PART, @$); $$->as.side_part.part = $2; }
    | side_word KW_SIDE text        { NEW($$, NODE_SIDE_LABEL, @$);
                                      $$->as.side_label.side = (Side)$1;
                                      $$->as.side_label.label = $3; }
    | side_word KW_SIDE KW_FIRST    { NEW($$, NODE_SIDE_FIRST, @$);
                                      $$->as.side_first.side = (Side)$1; }
    /* one side at a time;  -- all sets on one side, then on the other */
    | KW_ONE KW_SIDE KW_AT KW_A KW_TIME
                                    { NEW($$, NODE_SIDE_ORDER, @$);
                                      $$->as.side_order.one_at_a_time = true; }
    | build_to NUMBER opt_times opt_by_number opt_when
                                    { NEW($$, NODE_BUILD_UP, @$);
                                      $$->as.build_up.target = BUILD_REPS;
                                      $$->as.build_up.to = $2;
                                      $$->as.build_up.by = $4;
                                      $$->as.build_up.when = $5; }
    /* build up to 3 sets;  -- a progression over sets */
    | build_to NUMBER KW_SETS opt_by_number opt_when
                                    { NEW($$, NODE_BUILD_UP, @$);
                                      $$->as.build_up.target = BUILD_SETS;
                                      $$->as.build_up.to = $2;
                                      $$->as.build_up.by = $4;
                                      $$->as.build_up.when = $5; }
    | build_to DURATION opt_holds opt_by_duration opt_when
                                    { NEW($$, NODE_BUILD_UP, @$);
                                      $$->as.build_up.target = BUILD_HOLD;
                                      $$->as.build_up.to = $2;
                                      $$->as.build_up.by = $4;
                                      $$->as.build_up.when = $5; }
    | KW_SCHEDULE schedule_items    { NEW($$, NODE_SCHEDULE, @$);
                                      $$->as.schedule.items = $2.head; }
    | KW_ALLOW WORD text            { NEW($$, NODE_ALLOW, @$);
                                      $$->as.allow.rule = $2;
                                      $$->as.allow.reason = $3; }
    | KW_KIND WORD                  { NEW($$, NODE_KIND, @$); $$->as.kind.word = $2; }
    /* The path is one quoted text; the description may run on ("a" "b"). */
    | KW_PICTURE STRING text        { NEW($$, NODE_PICTURE, @$);
                                      $$->as.picture.path = $2;
                                      $$->as.picture.alt = $3; }
    /* lang-b: load, equipment, effort, pain limit, stage rules */
    | load_word weights             { NEW($$, NODE_LOAD, @$);
                                      $$->as.load.lo = $2.lo;
                                      $$->as.load.hi = $2.hi; }
    | load_word weights text        { NEW($$, NODE_LOAD, @$);
                                      $$->as.load.lo = $2.lo;
                                      $$->as.load.hi = $2.hi;
                                      $$->as.load.what = $3; }
    | load_word text                { NEW($$, NODE_LOAD, @$); $$->as.load.what = $2; }
    | KW_EQUIPMENT text_items       { NEW($$, NODE_EQUIPMENT, @$);
                                      $$->as.equipment.items = $2.head; }
    | KW_EFFORT NUMBER opt_of       { NEW($$, NODE_EFFORT, @$);
                                      $$->as.effort.lo = $2;
                                      $$->as.effort.scale = $3; }
    | KW_EFFORT NUMBER KW_TO NUMBER opt_of
                                    { NEW($$, NODE_EFFORT, @$);
                                      $$->as.effort.lo = $2;
                                      $$->as.effort.hi = $4;
                                      $$->as.effort.scale = $5; }
    /* effort moderate;  -- words: the form to write (the node is not kept) */
    | KW_EFFORT WORD                { syntax_error(ctx, DIAG_ID_SYNTAX, @2, "write the number on its scale: `effort 6 of 10;` "
                                                   "(RPE 6), `effort 12 to 14 of 20;` (Borg); words such as \"moderate\" go in a `note`",
                                                   "`effort` is a number on a scale, not `%.*s`",
                                                   (int)($2.len < 40 ? $2.len : 40), $2.s);
                                      NEW($$, NODE_EFFORT, @$);
                                      $$->as.effort.lo = num_implied(ctx, 5, @2); }
    /* effort RPE 6;  effort RPE 6-7;  effort Borg 13;  -- the scale named first */
    | KW_EFFORT WORD NUMBER opt_of  { NEW($$, NODE_EFFORT, @$);
                                      $$->as.effort.lo = $3;
                                      $$->as.effort.scale = effort_scale(ctx, $2, @2, $3, $4); }
    | KW_EFFORT WORD NUMBER KW_TO NUMBER opt_of
                                    { NEW($$, NODE_EFFORT, @$);
                                      $$->as.effort.lo = $3;
                                      $$->as.effort.hi = $5;
                                      $$->as.effort.scale = effort_scale(ctx, $2, @2, $5, $6); }
    | KW_PAIN KW_LIMIT NUMBER opt_of
                                    { NEW($$, NODE_PAIN_LIMIT, @$);
                                      $$->as.pain_limit.limit = $3;
                                      $$->as.pain_limit.scale = $4; }
    /* pain up to 5/10;  pain at most 3 of 10;  pain no more than 3/10;
     * pain limit no more than 3;  -- the same limit, in the handout's words */
    | KW_PAIN opt_limit pain_bound NUMBER opt_of
                                    { NEW($$, NODE_PAIN_LIMIT, @$);
                                      $$->as.pain_limit.limit = $4;
                                      $$->as.pain_limit.scale = $5; }
    /* pain up to 3/10 is ok;  -- is fine, is acceptable */
    | KW_PAIN opt_limit pain_bound NUMBER opt_of WORD WORD
                                    { ok_words(ctx, $6, $7, span(@6, @7));
                                      NEW($$, NODE_PAIN_LIMIT, @$);
                                      $$->as.pain_limit.limit = $4;
                                      $$->as.pain_limit.scale = $5; }
    | KW_ADVANCE KW_AFTER NUMBER session_word opt_pain_at_most
                                    { NEW($$, NODE_ADVANCE, @$);
                                      $$->as.advance.sessions = $3;
                                      $$->as.advance.pain = $5; }
    | KW_STEP KW_BACK KW_AFTER KW_A KW_PAIN KW_STOP
                                    { NEW($$, NODE_STEP_BACK, @$);
                                      $$->as.step_back.stops = num_implied(ctx, 1, @4); }
    | KW_STEP KW_BACK KW_AFTER NUMBER KW_PAIN stop_word
                                    { NEW($$, NODE_STEP_BACK, @$);
                                      $$->as.step_back.stops = $4; }
    ;

load_word : KW_LOAD | KW_WEIGHT ;
opt_limit : %empty | KW_LIMIT ;
pain_bound
    : KW_UP KW_TO
    | KW_AT KW_MOST
    /* no more than, not more than, no higher than, not above */
    | WORD WORD WORD                { bound_words(ctx, $1, $2, $3, span(@1, @3)); }
    | WORD WORD                     { bound_words(ctx, $1, $2, str_none(), span(@1, @2)); }
    /* should not go above */
    | WORD WORD WORD WORD           { go_above_words(ctx, $1, $2, $3, $4, span(@1, @4)); }
    /* should be no more than */
    | WORD WORD WORD WORD WORD      { static const char *const bes[] = {"be", "stay", NULL};
                                      if (!word_is($2, bes))
                                          bound_words(ctx, $2, $3, $4, span(@1, @5));
                                      else
                                          bound_words(ctx, $3, $4, $5, span(@3, @5));
                                      go_should(ctx, $1, @1); }
    ;

/* 5s;  for 5s;  5 to 10s;  for 5 to 10 seconds: after what is held */
hold_time
    : DURATION                      { $$ = range_of(num_none(), $1, false); }
    | KW_FOR DURATION               { $$ = range_of(num_none(), $2, false); }
    | duration_range
    | KW_FOR duration_range         { $$ = $2; }
    ;

/* it;  this;  the stretch;  this position;  the squeeze: what is held */
hold_what
    : WORD                          { held_word(ctx, $1, @1, false); }
    | WORD WORD                     { held_word(ctx, $1, @1, true); }
    | WORD KW_POSITION              { held_word(ctx, $1, @1, true); }
    | KW_THE WORD
    | KW_THE KW_POSITION
    | KW_EACH WORD
    | KW_EACH KW_POSITION
    ;

/* each leg;  on each side;  per arm;  on the affected side: a hold's sides */
hold_sides
    : each_limb                     { $$ = SIDE_MODE(SIDES_EACH, 0, $1); }
    | role_side
    | KW_ON role_side               { $$ = $2; }
    | KW_ON KW_THE role_side        { $$ = $3; }
    | KW_WITH role_side             { $$ = $2; }
    | KW_WITH KW_THE role_side      { $$ = $3; }
    | KW_BOTH both_what             { $$ = SIDE_MODE(SIDES_BOTH, 0, $2); }
    ;
session_word : KW_SESSIONS | KW_SESSION ;
stop_word : KW_STOPS | KW_STOP ;

weights
    : WEIGHT                        { $$ = weight_range($1, $1); $$.hi.amount.present = false; }
    | WEIGHT KW_TO WEIGHT           { $$ = weight_range($1, $3); }
    | NUMBER KW_TO WEIGHT           { Weight lo = {$1, $3.unit};
                                      lo.amount.overflow |= lo.amount.value > UINT32_MAX;
                                      lo.amount.value *= 1000;
                                      $$ = weight_range(lo, $3); }
    ;

text_items
    : text                          { bool ok; $$.head = $$.tail = NULL;
                                      $$ = text_items_append(ctx, $$, $1, &ok);
                                      if (!ok) YYNOMEM; }
    | text_items COMMA text         { bool ok; $$ = text_items_append(ctx, $1, $3, &ok);
                                      if (!ok) YYNOMEM; }
    ;

opt_of
    : %empty                        { $$ = num_none(); }
    | KW_OF NUMBER                  { $$ = $2; }
    ;

opt_pain_at_most
    : %empty                        { $$ = num_none(); }
    | KW_WHEN KW_PAIN KW_AT KW_MOST NUMBER opt_of
                                    { $$ = $5; rule_scale(ctx, $6, @6); }
    /* if pain at most 2: `when` */
    | KW_IF KW_PAIN KW_AT KW_MOST NUMBER opt_of
                                    { $$ = $5; rule_scale(ctx, $6, @6); }
    ;

text_role
    : KW_CUE        { $$ = TEXT_CUE; }
    | KW_BREATHE    { $$ = TEXT_BREATHE; }
    | KW_POSITION   { $$ = TEXT_POSITION; }
    | KW_NOTE       { $$ = TEXT_NOTE; }
    | KW_SAFETY     { $$ = TEXT_SAFETY; }
    | KW_WHEN       { $$ = TEXT_WHEN; }
    | KW_THERAPIST  { $$ = TEXT_THERAPIST; }
    ;

/* repeat 10 times;  1 time;  10 reps;  1 rep */
opt_times : %empty | count_noun ;
count_noun : KW_TIMES | KW_TIME | KW_REPS | KW_REP | KW_X
          /* 10 breaths, 10 steps, 15 repetitions: what is counted, said as handouts say it */
          | KW_BREATHS | KW_STEPS | KW_REPETITIONS | KW_REPETITION ;
opt_comma : %empty | COMMA ;
/* 3 sets of 10;  3 sets x 10 */
sets_of : KW_OF | KW_X ;
/* build up to 20;  progress to 20 reps;  increase to 15 reps */
build_to : KW_BUILD KW_UP KW_TO | KW_PROGRESS KW_TO | KW_INCREASE KW_TO ;
/* do, perform, complete: a verb before a dose (`perform 10 times;`) */
dose_verb : KW_DO | KW_PERFORM | KW_COMPLETE ;
/* what a verb's count counts: `times` is apart, as it may be how often */
verb_noun : KW_REPS | KW_REPETITIONS | KW_REP | KW_REPETITION | KW_BREATHS | KW_STEPS ;
/* perform 2 times a day: the count of `schedule 2 times a day` */
verb_count
    : KW_ONCE                       { $$ = sched_count(num_implied(ctx, 1, @1), num_none(), SCHED_SAID_ONCE); }
    | KW_TWICE                      { $$ = sched_count(num_implied(ctx, 2, @1), num_none(), SCHED_SAID_TWICE); }
    ;
/* a day (0) or a week (1) */
verb_period : per_day { $$ = 0; } | KW_DAILY { $$ = 0; } | per_week { $$ = 1; } ;
/* 10 reps x 3;  10 reps, 3 sets */
then_sets : KW_X | COMMA ;
opt_sets : %empty | KW_SETS ;
reps_word : KW_REPS | KW_REPEAT ;
rep_noun : KW_REPS | KW_REPETITIONS | KW_TIMES ;
/* hold 10s each time: `time` after `each` (a hold is for each repetition anyway) */
/* hold 10s each time, each rep, each position: a hold is for each repetition anyway */
opt_time : %empty | KW_TIME | KW_REP | KW_REPETITION | KW_POSITION ;

/* 10;  8 to 12;  8-12;  up to 10 */
count_range
    : NUMBER %prec VALUE_ALONE      { $$ = range_of(num_none(), $1, false); }
    | NUMBER KW_TO NUMBER           { $$ = range_of($1, $3, false); }
    | KW_UP KW_TO NUMBER            { $$ = range_of(num_none(), $3, true); }
    | NUMBER error                  { $$ = range_of(num_none(), $1, false); /* see `hold` */
                                      if (ctx->missing_semi)
                                          yyerrok; }
    ;

/* 5s to 10s;  5-10s;  5 to 10 seconds (one value is `hold 5s;` etc.) */
duration_range
    : DURATION KW_TO DURATION       { $$ = range_of($1, $3, false); }
    | NUMBER KW_TO DURATION         { $$ = range_of(with_unit_of($1, $3), $3, false); }
    ;
opt_your  : %empty | KW_YOUR ;
opt_holds : %empty | KW_HOLDS | KW_HOLD ;
hold_noun : KW_HOLD | KW_HOLDS ;
/* what joins a hold and its count: `and repeat`, `, repeat`, `x`, `,` */
hold_then : KW_AND KW_REPEAT | COMMA KW_REPEAT | KW_X | COMMA ;
relax_word : KW_RELAX | KW_REST ;
relax_time : DURATION | KW_FOR DURATION { $$ = $2; } ;

/* repeat 10 [times] ... */
side_mode
    : %empty                                    { $$ = SIDES_NONE; }
    /* each side;  each leg;  on each arm;  per side: the limb names the sides */
    | each_limb                                 { $$ = SIDE_MODE(SIDES_EACH, 0, $1); }
    | each_limb KW_ALTERNATING                  { $$ = SIDE_MODE(SIDES_EACH_ALTERNATING, 0, $1); }
    | KW_ALTERNATING                            { $$ = SIDES_ALTERNATING; }
    | KW_LEFT KW_ONLY                           { $$ = SIDES_LEFT_ONLY; }
    | KW_LEFT KW_SIDE KW_ONLY                   { $$ = SIDES_LEFT_ONLY; }
    | KW_RIGHT KW_ONLY                          { $$ = SIDES_RIGHT_ONLY; }
    | KW_RIGHT KW_SIDE KW_ONLY                  { $$ = SIDES_RIGHT_ONLY; }
    /* right leg only;  left arm only: one side, named by its limb */
    | KW_LEFT limb_only KW_ONLY                 { $$ = SIDE_MODE(SIDES_LEFT_ONLY, 0, $2); }
    | KW_RIGHT limb_only KW_ONLY                { $$ = SIDE_MODE(SIDES_RIGHT_ONLY, 0, $2); }
    /* alternating legs;  alternate arms: the sides take turns */
    | KW_ALTERNATING limbs                      { $$ = SIDES_ALTERNATING; }
    | KW_ALTERNATE limbs                        { $$ = SIDES_ALTERNATING; }
    /* both sides together;  both legs;  both arms [together] */
    | KW_BOTH both_what                         { $$ = SIDE_MODE(SIDES_BOTH, 0, $2); }
    | KW_ON KW_BOTH both_what                   { $$ = SIDE_MODE(SIDES_BOTH, 0, $3); }
    | KW_ON KW_BOTH KW_SIDES                    { syntax_error(ctx, DIAG_ID_SIDES_WORDING, @$,
                                                      "write `on each side` for one side and then the other, "
                                                      "or `both sides together` for both at once",
                                                      "`on both sides` could mean either side in turn or both at once");
                                                  $$ = SIDE_MODE(SIDES_BOTH, 0, LIMB_SIDE); }
    /* both sides;  -- each in turn, or both at once? */
    | KW_BOTH KW_SIDES                          { syntax_error(ctx, DIAG_ID_SIDES_WORDING, @$,
                                                      "write `each side` for one side and then the other, "
                                                      "or `both sides together` for both at once",
                                                      "`both sides` could mean either side in turn or both at once");
                                                  $$ = SIDE_MODE(SIDES_BOTH, 0, LIMB_SIDE); }
    /* affected side only;  on the operated leg;  weaker side */
    | role_side
    | KW_ON role_side                           { $$ = $2; }
    | KW_ON KW_THE role_side                    { $$ = $3; }
    /* on your affected side;  with the operated leg;  with your bad leg */
    | KW_ON KW_YOUR role_side                   { $$ = $3; }
    | KW_WITH role_side                         { $$ = $2; }
    | KW_WITH KW_THE role_side                  { $$ = $3; }
    | KW_WITH KW_YOUR role_side                 { $$ = $3; }
    ;

both_what
    : KW_SIDES KW_TOGETHER                      { $$ = LIMB_SIDE; }
    | KW_LEGS opt_together                      { $$ = LIMB_LEG; }
    | KW_ARMS opt_together                      { $$ = LIMB_ARM; }
    | KW_FEET opt_together                      { $$ = LIMB_FOOT; }
    | KW_HANDS opt_together                     { $$ = LIMB_HAND; }
    ;
opt_together : %empty | KW_TOGETHER ;
limbs : KW_SIDES | KW_LEGS | KW_ARMS | KW_FEET | KW_HANDS ;
limb_only : KW_LEG { $$ = LIMB_LEG; } | KW_ARM { $$ = LIMB_ARM; } | KW_FOOT { $$ = LIMB_FOOT; }
          | KW_HAND { $$ = LIMB_HAND; } ;

role_side : role_word limb opt_only             { $$ = SIDE_MODE(SIDES_ROLE, $1, $2); } ;
opt_only  : %empty | KW_ONLY ;

role_word
    : KW_AFFECTED                               { $$ = ROLE_WORD_AFFECTED; }
    | KW_OPERATED                               { $$ = ROLE_WORD_OPERATED; }
    | KW_WEAKER                                 { $$ = ROLE_WORD_WEAKER; }
    | KW_INJURED                                { $$ = ROLE_WORD_INJURED; }
    | KW_UNAFFECTED                             { $$ = ROLE_WORD_UNAFFECTED; }
    | KW_STRONGER                               { $$ = ROLE_WORD_STRONGER; }
    | KW_OTHER                                  { $$ = ROLE_WORD_OTHER; }
    /* coverage: the words other clinics use for the two sides */
    | KW_PAINFUL                                { $$ = ROLE_WORD_PAINFUL; }
    | KW_SORE                                   { $$ = ROLE_WORD_SORE; }
    | KW_INVOLVED                               { $$ = ROLE_WORD_INVOLVED; }
    | KW_GOOD                                   { $$ = ROLE_WORD_GOOD; }
    | KW_UNINJURED                              { $$ = ROLE_WORD_UNINJURED; }
    /* `bad leg` is the affected one, `weak side` the weaker: shown as such */
    | KW_BAD                                    { $$ = ROLE_WORD_AFFECTED; }
    | KW_WEAK                                   { $$ = ROLE_WORD_WEAKER; }
    /* `uninvolved side`, `strong leg`: shown (and written by fmt) as the
     * unaffected side, the stronger leg */
    | KW_UNINVOLVED                             { $$ = ROLE_WORD_UNAFFECTED; }
    | KW_STRONG                                 { $$ = ROLE_WORD_STRONGER; }
    ;

limb : KW_SIDE { $$ = LIMB_SIDE; } | KW_LEG { $$ = LIMB_LEG; } | KW_ARM { $$ = LIMB_ARM; }
     | KW_FOOT { $$ = LIMB_FOOT; } | KW_HAND { $$ = LIMB_HAND; } ;

each_limb : KW_EACH limb { $$ = $2; } | KW_ON KW_EACH limb { $$ = $3; } | KW_PER limb { $$ = $2; }
          /* with each leg */
          | KW_WITH KW_EACH limb { $$ = $3; } ;

side_word : KW_LEFT { $$ = SIDE_LEFT; } | KW_RIGHT { $$ = SIDE_RIGHT; } ;

rest_scope
    : %empty %prec VALUE_ALONE      { $$ = REST_STEP; }
    | KW_BETWEEN KW_REPS            { $$ = REST_BETWEEN_REPS; }
    | KW_BETWEEN KW_REP             { $$ = REST_BETWEEN_REPS; }
    | KW_BETWEEN KW_REPETITIONS     { $$ = REST_BETWEEN_REPS; }
    | KW_BETWEEN KW_SIDES           { $$ = REST_BETWEEN_SIDES; }
    | KW_BETWEEN KW_SIDE            { $$ = REST_BETWEEN_SIDES; }
    | KW_BETWEEN KW_SETS            { $$ = REST_BETWEEN_SETS; }
    | KW_BETWEEN KW_SET             { $$ = REST_BETWEEN_SETS; }
    | KW_BETWEEN KW_ROUNDS          { $$ = REST_BETWEEN_ROUNDS; }
    | KW_BETWEEN KW_ROUND           { $$ = REST_BETWEEN_ROUNDS; }
    | KW_BETWEEN KW_EXERCISES       { $$ = REST_BETWEEN_EXERCISES; }
    | KW_BETWEEN KW_EXERCISE        { $$ = REST_BETWEEN_EXERCISES; }
    | KW_AFTER                      { $$ = REST_AFTER; }
    /* rest 1min after each rep;  between each set;  -- what handouts write for "between" */
    | KW_AFTER KW_EACH scope_unit   { $$ = $3; }
    | KW_BETWEEN KW_EACH scope_unit { $$ = $3; }
    ;

scope_unit
    : KW_REP                        { $$ = REST_BETWEEN_REPS; }
    | KW_REPETITION                 { $$ = REST_BETWEEN_REPS; }
    | KW_SET                        { $$ = REST_BETWEEN_SETS; }
    | KW_SIDE                       { $$ = REST_BETWEEN_SIDES; }
    | KW_ROUND                      { $$ = REST_BETWEEN_ROUNDS; }
    | KW_EXERCISE                   { $$ = REST_BETWEEN_EXERCISES; }
    ;

pace_per
    : %empty                        { $$ = PACE_PER_REP; }
    | KW_PER KW_REP                 { $$ = PACE_PER_REP; }
    | KW_PER KW_SET                 { $$ = PACE_PER_SET; }
    ;

opt_by_number
    : %empty                        { $$ = num_none(); }
    | KW_BY NUMBER                  { $$ = $2; }
    ;

opt_by_duration
    : %empty                        { $$ = num_none(); }
    | KW_BY DURATION                { $$ = $2; }
    ;

opt_when
    : %empty                        { $$ = str_none(); }
    | KW_WHEN text                  { $$ = $2; }
    ;

/* schedule 2 times a day, 3 to 5 days a week, in the morning; */
schedule_items
    : schedule_item                 { $$.head = $$.tail = NULL; $$ = sched_append($$, $1); }
    | schedule_items COMMA schedule_item
                                    { $$ = sched_append($1, $3); }
    /* twice a day for 12 weeks;  daily for 4 weeks: the comma left out
     * (`fmt` puts it in) */
    | schedule_items schedule_item  { $$ = sched_append($1, $2); }
    /* every hour while awake: what `every hour` means already */
    | schedule_items WORD WORD      { while_awake(ctx, $1, $2, $3, span(@2, @3)); $$ = $1; }
    | schedule_items KW_WHEN WORD   { while_awake(ctx, $1, keyword_str(ctx, "when", @2), $3, span(@2, @3)); $$ = $1; }
    ;

schedule_item
    : DURATION per_day              { SCHED($$, SCHED_DAILY_TIME, $1, num_none(), @$); }
    | DURATION KW_TO DURATION per_day
                                    { SCHED($$, SCHED_DAILY_TIME, $1, $3, @$); }
    /* lang-b: once a day, 3 times a week, at least / up to 3 times a day */
    | sched_count per_day           { SCHED_TIMES($$, SCHED_TIMES_A_DAY, $1, SCHED_EXACTLY, @$); }
    | sched_count KW_DAILY          { SCHED_TIMES($$, SCHED_TIMES_A_DAY, $1, SCHED_EXACTLY, @$); }
    | sched_count per_week          { SCHED_TIMES($$, SCHED_TIMES_A_WEEK, $1, SCHED_EXACTLY, @$); }
    | KW_AT KW_LEAST sched_count per_day
                                    { SCHED_TIMES($$, SCHED_TIMES_A_DAY, $3, SCHED_AT_LEAST, @$); }
    | KW_AT KW_LEAST sched_count per_week
                                    { SCHED_TIMES($$, SCHED_TIMES_A_WEEK, $3, SCHED_AT_LEAST, @$); }
    | KW_UP KW_TO sched_count per_day
                                    { SCHED_TIMES($$, SCHED_TIMES_A_DAY, $3, SCHED_UP_TO, @$); }
    | KW_UP KW_TO sched_count per_week
                                    { SCHED_TIMES($$, SCHED_TIMES_A_WEEK, $3, SCHED_UP_TO, @$); }
    | KW_EVERY KW_DAY               { SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 7, @$), num_none(),
                                                              SCHED_SAID_EVERY_DAY),
                                                  SCHED_EXACTLY, @$); }
    | KW_DAILY                      { SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 7, @$), num_none(),
                                                              SCHED_SAID_DAILY),
                                                  SCHED_EXACTLY, @$); }
    | KW_EVERY DURATION             { SCHED($$, SCHED_EVERY, $2, num_none(), @$); }
    /* every hour: the hour of `every 2 hours` */
    /* every hour;  every morning: every day, in the morning */
    | KW_EVERY WORD                 { $$ = every_word(ctx, $2, @$);
                                      if (!$$) YYNOMEM; }
    /* every 1-2 hours: a range of the time between sessions */
    | KW_EVERY duration_range       { SCHED($$, SCHED_EVERY, $2.least, $2.most, @$); }
    /* every second day, on alternate days: every other day */
    | KW_EVERY WORD KW_DAY          { other_day_word(ctx, $2, @2, "second");
                                      SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 3, @$), num_implied(ctx, 4, @$),
                                                              SCHED_SAID_EVERY_OTHER_DAY),
                                                  SCHED_EXACTLY, @$); }
    | KW_ON KW_ALTERNATE KW_DAYS    { SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 3, @$), num_implied(ctx, 4, @$),
                                                              SCHED_SAID_EVERY_OTHER_DAY),
                                                  SCHED_EXACTLY, @$); }
    | KW_ON WORD KW_DAYS            { other_day_word(ctx, $2, @2, "alternate");
                                      SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 3, @$), num_implied(ctx, 4, @$),
                                                              SCHED_SAID_EVERY_OTHER_DAY),
                                                  SCHED_EXACTLY, @$); }
    /* every other day: 3 to 4 days a week, said so */
    | KW_EVERY KW_OTHER KW_DAY      { SCHED_TIMES($$, SCHED_DAYS_A_WEEK,
                                                  sched_count(num_implied(ctx, 3, @$), num_implied(ctx, 4, @$),
                                                              SCHED_SAID_EVERY_OTHER_DAY),
                                                  SCHED_EXACTLY, @$); }
    | KW_HOURLY                     { SCHED($$, SCHED_EVERY, num_implied(ctx, 3600000, @$), num_none(), @$);
                                      $$->said = SCHED_SAID_HOURLY; }
    | KW_MOST KW_DAYS               { SCHED($$, SCHED_MOST_DAYS, num_none(), num_none(), @$); }
    | KW_FOR NUMBER week_word       { SCHED($$, SCHED_FOR_WEEKS, $2, num_none(), @$); }
    | KW_FOR NUMBER KW_TO NUMBER week_word
                                    { SCHED($$, SCHED_FOR_WEEKS, $2, $4, @$); }
    | KW_FOR NUMBER day_word        { SCHED($$, SCHED_FOR_DAYS, $2, num_none(), @$); }
    /* for at least 6 weeks: the programme's shortest length */
    | KW_FOR KW_AT KW_LEAST NUMBER week_word
                                    { SCHED($$, SCHED_FOR_WEEKS, $4, num_none(), @$);
                                      $$->bound = SCHED_AT_LEAST; }
    | NUMBER day_word per_week      { SCHED($$, SCHED_DAYS_A_WEEK, $1, num_none(), @$); }
    /* at least 5 days a week */
    | KW_AT KW_LEAST NUMBER day_word per_week
                                    { SCHED($$, SCHED_DAYS_A_WEEK, $3, num_none(), @$);
                                      $$->bound = SCHED_AT_LEAST; }
    | NUMBER KW_TO NUMBER day_word per_week
                                    { SCHED($$, SCHED_DAYS_A_WEEK, $1, $3, @$); }
    | KW_IN KW_THE WORD             { SCHED($$, SCHED_TIME_OF_DAY, num_none(), num_none(), @$);
                                      $$->word = $3; }
    ;

per_day  : KW_A KW_DAY | KW_PER KW_DAY ;
week_word : KW_WEEKS | KW_WEEK ;
/* 3 times a day;  3x a day;  2 sessions a day */
time_word : KW_TIMES | KW_TIME | KW_X | KW_SESSIONS | KW_SESSION ;

/* lang-b: how many times, in a schedule */
sched_count
    : NUMBER time_word              { $$ = sched_count($1, num_none(), SCHED_SAID_NUMBER); }
    | NUMBER KW_TO NUMBER time_word { $$ = sched_count($1, $3, SCHED_SAID_NUMBER); }
    | KW_ONCE                       { $$ = sched_count(num_implied(ctx, 1, @1), num_none(), SCHED_SAID_ONCE); }
    /* once or twice a day;  2 or 3 times a day: a range */
    | KW_ONCE WORD KW_TWICE         { or_word(ctx, $2, @2);
                                      $$ = sched_count(num_implied(ctx, 1, @1), num_implied(ctx, 2, @3),
                                                       SCHED_SAID_NUMBER); }
    | NUMBER WORD NUMBER time_word  { or_word(ctx, $2, @2);
                                      $$ = sched_count($1, $3, SCHED_SAID_NUMBER); }
    | KW_TWICE                      { $$ = sched_count(num_implied(ctx, 2, @1), num_none(), SCHED_SAID_TWICE); }
    ;
per_week : KW_A KW_WEEK | KW_PER KW_WEEK ;
day_word : KW_DAYS | KW_DAY ;

/* "Slowly raise your knee " "to your chest." */
text
    : STRING                        { $$ = $1; }
    | STRING strings                { if (!pieces_join(ctx, $1, $2, &$$)) YYNOMEM; }
    ;

/* The texts after the first. */
strings
    : STRING                        { StrPiece *p = piece_new(ctx, $1);
                                      if (!p) YYNOMEM;
                                      $$.head = $$.tail = NULL; $$.len = 0;
                                      $$ = pieces_append($$, p); }
    | strings STRING                { StrPiece *p = piece_new(ctx, $2);
                                      if (!p) YYNOMEM;
                                      $$ = pieces_append($1, p); }
    ;

%%

static void yyerror(YYLTYPE *loc, yyscan_t scanner, ParseCtx *ctx, const char *msg) {
    (void)scanner;
    if (strcmp(msg, "memory exhausted") == 0)
        msg = "out of memory while reading this file";
    syntax_error(ctx, DIAG_ID_SYNTAX, *loc, NULL, "%s", msg);
}

/* ---- syntax error messages ------------------------------------------- */

enum { MAX_SHOWN_TOKEN = 40, MAX_EXPECTED_LISTED = 6, MAX_SUGGEST_LEN = 32 };

/* A keyword's alias is "`word`" (punctuation's is "`;`"): no list to keep. */
static bool is_keyword(yysymbol_kind_t sym) {
    const char *name = yysymbol_name(sym);
    return name[0] == '`' && name[1] >= 'a' && name[1] <= 'z';
}

/* Keywords that begin a statement. */
static bool starts_statement(yysymbol_kind_t sym) {
    switch (sym) {
    case YYSYMBOL_KW_ROUTINE: case YYSYMBOL_KW_SECTION: case YYSYMBOL_KW_EXERCISE:
    case YYSYMBOL_KW_DO: case YYSYMBOL_KW_CIRCUIT: case YYSYMBOL_KW_VARIANT:
    case YYSYMBOL_KW_INCLUDE: case YYSYMBOL_KW_CUE: case YYSYMBOL_KW_BREATHE:
    case YYSYMBOL_KW_POSITION: case YYSYMBOL_KW_NOTE: case YYSYMBOL_KW_SAFETY:
    case YYSYMBOL_KW_WHEN: case YYSYMBOL_KW_THERAPIST: case YYSYMBOL_KW_HOLD:
    case YYSYMBOL_KW_REPEAT: case YYSYMBOL_KW_SETS: case YYSYMBOL_KW_REST:
    case YYSYMBOL_KW_TEMPO: case YYSYMBOL_KW_AT: case YYSYMBOL_KW_GET:
    case YYSYMBOL_KW_SIDE: case YYSYMBOL_KW_LEFT: case YYSYMBOL_KW_RIGHT:
    case YYSYMBOL_KW_BUILD: case YYSYMBOL_KW_SCHEDULE: case YYSYMBOL_KW_ALLOW:
    case YYSYMBOL_KW_KIND: case YYSYMBOL_KW_PICTURE: case YYSYMBOL_KW_TEST:
    /* lang-b */
    case YYSYMBOL_KW_LOAD: case YYSYMBOL_KW_WEIGHT: case YYSYMBOL_KW_EQUIPMENT:
    case YYSYMBOL_KW_EFFORT: case YYSYMBOL_KW_PAIN: case YYSYMBOL_KW_STAGE:
    case YYSYMBOL_KW_ADVANCE: case YYSYMBOL_KW_STEP: case YYSYMBOL_KW_EASIER:
    case YYSYMBOL_KW_HARDER:
    case YYSYMBOL_KW_ONE: /* one side at a time */
        return true;
    default:
        return false;
    }
}

/* A keyword's spelling: its alias without the backquotes. */
static const char *keyword_text(yysymbol_kind_t sym, size_t *len) {
    const char *name = yysymbol_name(sym);
    *len = strlen(name) - 2;
    return name + 1;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Optimal string alignment distance (Levenshtein plus swaps), so `hodl`
 * is 1 away from `hold`.  Both lengths are at most MAX_SUGGEST_LEN. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m) {
    size_t rows[3][MAX_SUGGEST_LEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[m];
}

static bool same_ignoring_case(const char *a, size_t n, const char *b, size_t m) {
    if (n != m)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* "did you mean `hold`?" for a word close to an expected keyword, written
 * into hint (size MAX_SUGGEST_LEN * 2); false when nothing is close. */
static bool suggest_keyword(const char *word, size_t len, const yysymbol_kind_t *expected,
                            int n_expected, char *hint, size_t size) {
    size_t best = 3;
    const char *best_text = NULL;
    size_t best_len = 0;
    if (len > MAX_SUGGEST_LEN)
        return false;
    for (int i = 0; i < n_expected; i++) {
        if (!is_keyword(expected[i]))
            continue;
        size_t klen;
        const char *k = keyword_text(expected[i], &klen);
        if (same_ignoring_case(word, len, k, klen)) {
            snprintf(hint, size, "write `%.*s` in lower case", (int)klen, k);
            return true;
        }
        size_t d = edit_distance(word, len, k, klen);
        if (d < best && d < len && d < klen) {
            best = d;
            best_text = k;
            best_len = klen;
        }
    }
    if (!best_text)
        return false;
    snprintf(hint, size, "did you mean `%.*s`?", (int)best_len, best_text);
    return true;
}

/* "word `hodl`", "number `5`", "`hold`", "end of file". */
static void describe_token(const ParseCtx *ctx, yysymbol_kind_t sym, char *out, size_t size) {
    const char *src = ctx->text + ctx->tok_start;
    size_t len = ctx->tok_end - ctx->tok_start;
    const char *what = NULL;
    switch (sym) {
    case YYSYMBOL_WORD: what = "word"; break;
    case YYSYMBOL_NUMBER: what = "number"; break;
    case YYSYMBOL_DURATION: what = "duration"; break;
    case YYSYMBOL_STRING: what = "text"; break;
    default:
        snprintf(out, size, "%s", yysymbol_name(sym));
        return;
    }
    const char *dots = len > MAX_SHOWN_TOKEN ? "..." : "";
    if (len > MAX_SHOWN_TOKEN)
        len = MAX_SHOWN_TOKEN;
    if (sym == YYSYMBOL_STRING)
        snprintf(out, size, "%s %.*s%s", what, (int)len, src, dots);
    else
        snprintf(out, size, "%s `%.*s%s`", what, (int)len, src, dots);
}

/* The forms to write for what therapists type first and the grammar does
 * not take (README "Language reference"): the statement's first word
 * ("*number" when it starts with a number), the unexpected token as
 * written ("*word", "*text", "*number" for any word, text or number),
 * and the hint.  The first match wins. */
static const struct { const char *stmt, *token, *hint; } FIRST_FORMS[] = {
#define SCALE_HINT "write the number on its scale: `effort 6 of 10;` (RPE 6), `effort 12 to 14 of 20;` " \
                   "(Borg); words such as \"moderate\" go in a `note`"
#define LOAD_HINT "put what it is in quotes: `load 1kg \"dumbbell\";`, `load \"light resistance band\";`"
#define SETS_HINT "write `3 sets of 15;`, or `repeat 15; sets 3;`"
#define RULE_HINT "the rules count sessions: `advance after 14 sessions;` (two weeks of daily sessions)"
#define LENGTH_HINT "write the length of the programme in weeks or days: `for 12 weeks`, `for 6 to 8 weeks`"
#define HOLD_SIDES_HINT "a hold is for each repetition; the sides belong to `repeat`: `hold 30s; repeat 3 times each leg;`"
#define PACE_HINT "a pace is a time: `tempo 4s;` (or `tempo 2s up, 2s down;`), or `at own pace;`; put \"slowly\" in the `cue`"
#define PHASES_HINT "put a comma between the phases: `tempo 3s up, 5s down;`, `tempo 1s up, hold 2s, 3s down;`"
    {"effort", "*text", "effort is a number on a scale, `effort 2 of 10;`; put the words in a `note`"},
    {"effort", "*word", SCALE_HINT},
    {"pain", "*word", "write the most pain the patient may work through: `pain limit 3 of 10;`"},
    {"pain", "*number", "write the most pain the patient may work through: `pain limit 3 of 10;`"},
    {"load", "*word", LOAD_HINT},
    {"weight", "*word", LOAD_HINT},
    {"equipment", "*word", "put each thing in quotes: `equipment \"chair\", \"towel\";`"},
    {"repeat", "tolerated", "write the ceiling: `repeat as many as you can, up to 10;`"},
    {"hold", "tolerated", "write the ceiling: `hold as long as you can, up to 30s;`"},
    {"hold", "each", "`hold 10s;` holds each repetition: leave out `each`"},
    {"hold", "leg", HOLD_SIDES_HINT}, {"hold", "arm", HOLD_SIDES_HINT}, {"hold", "side", HOLD_SIDES_HINT},
    {"hold", "foot", HOLD_SIDES_HINT}, {"hold", "hand", HOLD_SIDES_HINT},
    {"repeat", "slowly", PACE_HINT}, {"repeat", "slow", PACE_HINT}, {"repeat", "quickly", PACE_HINT},
    {"repeat", ",", "one statement for each: `repeat 10; sets 3;`, and how often in `schedule 3 times a day;`"},
    /* `repeat 10 times, twice a day`: after the comma only the sets may come */
    {"repeat", "twice", "how often goes in its own statement: `repeat 10; schedule twice a day;`"},
    {"repeat", "once", "how often goes in its own statement: `repeat 10; schedule once a day;`"},
    {"repeat", "every", "how often goes in its own statement: `repeat 10; schedule every day;`"},
    {"repeat", "daily", "how often goes in its own statement: `repeat 10; schedule daily;`"},
    {"repeat", "times", "how often goes in its own statement: `repeat 10; schedule 3 times a day;`; "
                        "the sets are `3 sets of 10;`"},
    {"hold", ",", "end each statement with `;`: `hold 30s; repeat 3 times each leg;`"},
    {"hold", "repeat", "end each statement with `;`: `hold 30s; repeat 3 times each leg;`"},
    {"hold", "sets", "end each statement with `;`: `hold 30s; sets 3;`"},
    {"rest", ",", "end each statement with `;`: `rest 30s between sets; sets 3;`"},
    {"sets", ",", "end each statement with `;`: `sets 3; repeat 10;`"},
    {"repeat", "x", SETS_HINT},
    {"sets", "x", SETS_HINT},
    {"sets", "of", SETS_HINT},
    {"repeat", "*number", SETS_HINT},
    {"*number", "*", "a statement starts with its word: `repeat 10;`, or `3 sets of 10;`"},
    {"advance", "weeks", RULE_HINT},
    {"advance", "week", RULE_HINT},
    {"advance", "days", RULE_HINT},
    {"schedule", "months", LENGTH_HINT},
    {"schedule", "month", LENGTH_HINT},
    {"schedule", "at", LENGTH_HINT},
    {"schedule", "sets", "sets and repetitions belong in the exercise: `3 sets of 10;`"},
    {"pain", "*", "write the most pain the patient may work through: `pain limit 5 of 10;`"},
    {"hold", "it", "write the time after `hold`: `hold 5s;` (or `hold for 5s;`)"},
    {"schedule", "while", "`every hour` counts over the waking day already: write `schedule every hour;`"},
    {"build", "*weight", "`build up to` grows repetitions, holds or sets; a heavier load is a `harder` "
                         "alternative (`harder \"With 10 kg\" when \"When it is pain-free\" { load 10kg; }`) "
                         "or a later `stage`"},
    {"*count", "x", SETS_HINT}, /* 3 sets x 15 */
    /* `tempo 3s up 5s down`, `tempo up 3s down 5s`: the comma is missing */
    {"tempo", "*duration", PHASES_HINT},
    {"tempo", "*word", PHASES_HINT},
    {"tempo", "up", PHASES_HINT},
    {"tempo", "in", PHASES_HINT},
    {"tempo", "hold", PHASES_HINT " (or end the tempo with `;` before a `hold` statement)"},
    {"tempo", "relax", PHASES_HINT},
    /* lang11: other clinics' words, refused with the form to write */
#define TIMED_HINT "a time alone does not say what to do for it: `hold 2min;` for a position (in a `cardio` " \
                   "exercise, the time to keep going), or `repeat 10;` with `tempo 3s;` for a movement"
#define ROUNDS_HINT "one exercise's rounds are its sets: `sets 3;`; exercises done in turn are a " \
                    "`circuit \"Name\" 3 rounds { ... }`"
#define DIRECTION_HINT "name the two directions as sides: `repeat 10 each side; left side \"clockwise\"; " \
                       "right side \"anticlockwise\";` (plain `each side` is left, then right)"
#define ONE_SIDE_HINT "one side only is `right only` (or `right leg only`); one side and then the other is `each side`"
#define WHEN_HINT "write how often, then when: `schedule twice a day, in the morning, in the evening;`"
    {"*time", "on", "work and rest in turn is a hold and the rest between the reps: "
                    "`hold 30s; rest 30s between reps; repeat 5;`"},
    {"*time", "*", TIMED_HINT},
    {"walk", "walk", TIMED_HINT}, {"jog", "jog", TIMED_HINT}, {"cycle", "cycle", TIMED_HINT},
    {"use", "use", "say what to work with: `load 2kg \"dumbbell\";`, `load \"light resistance band\";`"},
    {"load", "weight", LOAD_HINT},
    {"build", "of", "one progression at a time: `build up to 3 sets;` (a later `stage` can raise the repetitions)"},
    {"do", "rounds", ROUNDS_HINT}, {"perform", "rounds", ROUNDS_HINT}, {"complete", "rounds", ROUNDS_HINT},
    {"repeat", "direction", DIRECTION_HINT}, {"repeat", "directions", DIRECTION_HINT},
    {"repeat", "way", DIRECTION_HINT},
    {"*count", "direction", DIRECTION_HINT},
    {"repeat", "right", ONE_SIDE_HINT}, {"repeat", "left", ONE_SIDE_HINT},
    {"schedule", "morning", WHEN_HINT}, {"schedule", "evening", WHEN_HINT}, {"schedule", "night", WHEN_HINT},
#define TEMPO_CODE_HINT "write each phase with its time and its movement: `tempo 3s down, pause 1s, 1s up;` " \
                        "(clinics read `3-1-1` in different orders)"
    {"tempo", "to", TEMPO_CODE_HINT}, {"tempo", "-", TEMPO_CODE_HINT},
#undef TEMPO_CODE_HINT
#undef TIMED_HINT
#undef ROUNDS_HINT
#undef DIRECTION_HINT
#undef ONE_SIDE_HINT
#undef WHEN_HINT
#undef SCALE_HINT
#undef LOAD_HINT
#undef SETS_HINT
#undef RULE_HINT
#undef LENGTH_HINT
#undef PHASES_HINT
#undef HOLD_SIDES_HINT
#undef PACE_HINT
};

static bool first_form_token(const ParseCtx *ctx, yysymbol_kind_t sym, const char *want) {
    const char *src = ctx->text + ctx->tok_start;
    size_t len = ctx->tok_end - ctx->tok_start;
    if (want[0] == '*')
        return want[1] == '\0' || (strcmp(want, "*word") == 0 && sym == YYSYMBOL_WORD)
               || (strcmp(want, "*text") == 0 && sym == YYSYMBOL_STRING)
               || (strcmp(want, "*number") == 0 && sym == YYSYMBOL_NUMBER)
               || (strcmp(want, "*duration") == 0 && sym == YYSYMBOL_DURATION)
               || (strcmp(want, "*weight") == 0 && sym == YYSYMBOL_WEIGHT);
    return (sym == YYSYMBOL_WORD || is_keyword(sym) || sym == YYSYMBOL_COMMA)
           && same_ignoring_case(src, len, want, strlen(want));
}

/* The hint of FIRST_FORMS for this token in this statement, or NULL. */
static const char *first_form_hint(const ParseCtx *ctx, yysymbol_kind_t sym) {
    const char *stmt = ctx->text + ctx->stmt_start;
    size_t len = strspn(stmt, "abcdefghijklmnopqrstuvwxyz");
    /* `3 x`: the word right after the number that starts the statement */
    bool digit = stmt[0] >= '0' && stmt[0] <= '9';
    bool number = digit && strspn(stmt, "0123456789 \t") >= ctx->tok_start - ctx->stmt_start;
    /* `2 minutes;`, `30s on`: a statement that starts with a time */
    size_t digits = strspn(stmt, "0123456789"), blank = digits + strspn(stmt + digits, " \t");
    bool time = digit && duration_unit_ms(stmt + blank, strspn(stmt + blank, "abcdefghijklmnopqrstuvwxyz")) > 0;
    /* `3 sets x 15`: later in a statement that starts with a number */
    const char *key = time ? "*time" : number ? "*number" : digit ? "*count" : NULL;
    for (size_t i = 0; i < sizeof FIRST_FORMS / sizeof *FIRST_FORMS; i++) {
        const char *want = FIRST_FORMS[i].stmt;
        bool stmt_ok = key ? strcmp(want, key) == 0 : strlen(want) == len && memcmp(want, stmt, len) == 0;
        if (stmt_ok && first_form_token(ctx, sym, FIRST_FORMS[i].token))
            return FIRST_FORMS[i].hint;
    }
    return NULL;
}

/* Append s to out (size bytes, NUL-terminated), truncating. */
static void append(char *out, size_t size, const char *s) {
    size_t used = strlen(out);
    if (used + 1 < size)
        snprintf(out + used, size - used, "%s", s);
}

/* "`;` or `}`", "a number", "a statement such as `hold`, `repeat`, `cue`".
 * Mid-statement, `;` stands for every way to end it (`}`, end of file). */
static void describe_expected(const yysymbol_kind_t *all, int n_all, bool mid_statement,
                              char *out, size_t size) {
    yysymbol_kind_t expected[YYNTOKENS];
    int n = 0, statements = 0;
    bool semi = false;
    for (int i = 0; i < n_all; i++) {
        yysymbol_kind_t sym = all[i];
        if (sym == YYSYMBOL_KW_X || sym == YYSYMBOL_KW_AND) /* `10x`, `3s up and 3s down`: accepted, never suggested */
            continue;
        statements += starts_statement(sym);
        if (mid_statement && (sym == YYSYMBOL_SEMI || sym == YYSYMBOL_RBRACE || sym == YYSYMBOL_YYEOF))
            semi |= sym == YYSYMBOL_SEMI;
        else
            expected[n++] = sym;
    }
    if (semi)
        expected[n++] = YYSYMBOL_SEMI;
    out[0] = '\0';
    if (statements >= 5) {
        append(out, size, "a statement such as `hold`, `repeat`, `cue`");
        return;
    }
    int shown = n < MAX_EXPECTED_LISTED ? n : MAX_EXPECTED_LISTED;
    for (int i = 0; i < shown; i++) {
        if (i > 0)
            append(out, size, i == n - 1 ? " or " : ", ");
        append(out, size, yysymbol_name(expected[i]));
    }
    if (shown < n)
        append(out, size, ", ...");
}

static bool expects(const yysymbol_kind_t *expected, int n, yysymbol_kind_t sym) {
    for (int i = 0; i < n; i++)
        if (expected[i] == sym)
            return true;
    return false;
}

/* End of file inside a block: name the block that is still open. */
void syntax_report_unclosed(ParseCtx *ctx, YYLTYPE where) {
    char hint[MAX_SHOWN_TOKEN * 2 + 96];
    syntax_describe_block(&ctx->open[ctx->depth - 1], hint, sizeof hint);
    syntax_error(ctx, DIAG_ID_UNCLOSED_BLOCK, where, hint, "expected `}` before the end of the file");
    ctx->reported_unclosed = true;
}

/* A statement ends on one line and the next begins on a later one without
 * a `;` between: point just after the statement, where the `;` belongs. */
static void report_missing_semi(ParseCtx *ctx) {
    YYLTYPE after = ctx->prev_loc;
    after.first_line = after.last_line;
    after.first_column = after.last_column + 1;
    after.last_column = after.first_column;
    const char *src = ctx->text + ctx->stmt_start;
    size_t len = ctx->prev_end - ctx->stmt_start;
    bool short_enough = len <= MAX_SHOWN_TOKEN && !memchr(src, '\n', len);
    if (short_enough) {
        syntax_error(ctx, DIAG_ID_MISSING_SEMICOLON, after, NULL, "expected `;` after `%.*s`", (int)len, src);
        return;
    }
    size_t word = 0;
    while (word < len && (unsigned char)src[word] > ' ')
        word++;
    if (word > MAX_SHOWN_TOKEN)
        word = MAX_SHOWN_TOKEN;
    syntax_error(ctx, DIAG_ID_MISSING_SEMICOLON, after, NULL, "expected `;` after this `%.*s` statement", (int)word, src);
}

static int yyreport_syntax_error(const yypcontext_t *pctx, yyscan_t scanner, ParseCtx *ctx) {
    (void)scanner;
    if (ctx->stopped)
        return 0;
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(pctx, expected, YYNTOKENS);
    if (n < 0)
        return n;
    yysymbol_kind_t sym = yypcontext_token(pctx);
    YYLTYPE where = *yypcontext_location(pctx);
    if (sym == YYSYMBOL_YYEOF && ctx->depth > 0) {
        syntax_report_unclosed(ctx, where);
        return 0;
    }
    /* A complete statement, then the next one on a later line or starting
     * with its keyword: the `;` between them is missing.  (Only
     * mid-statement: a `;` is also "expected", and harmless, at the start
     * of one.) */
    bool mid_statement = ctx->have_prev && ctx->stmt_start < ctx->tok_start;
    /* `tempo 1s up hold 2s, 3s down`: a phase without its comma, not a
     * `hold` statement (the hint says both) */
    bool tempo_hold = sym == YYSYMBOL_KW_HOLD && where.first_line == ctx->prev_loc.last_line
                      && strncmp(ctx->text + ctx->stmt_start, "tempo", 5) == 0;
    /* `load 2kg weight`: a word that starts statements, but a form is known */
    bool same_line_form = where.first_line == ctx->prev_loc.last_line && first_form_hint(ctx, sym);
    if (mid_statement && expects(expected, n, YYSYMBOL_SEMI) && sym != YYSYMBOL_YYEOF && !tempo_hold
        && !same_line_form && (where.first_line > ctx->prev_loc.last_line || starts_statement(sym))) {
        /* A range's first value is followed by a look at the next token
         * (`to`?), so the same missing `;` can be found twice: say it once. */
        if (ctx->semi_reported != ctx->tok_start + 1)
            report_missing_semi(ctx);
        ctx->semi_reported = ctx->tok_start + 1;
        ctx->missing_semi = true;
        return 0;
    }
    ctx->missing_semi = false;
    char token[MAX_SHOWN_TOKEN + 32], wanted[256], hint[MAX_SUGGEST_LEN * 2 + 32];
    const char *hint_text = NULL;
    describe_token(ctx, sym, token, sizeof token);
    describe_expected(expected, n, mid_statement, wanted, sizeof wanted);
    size_t len = ctx->tok_end - ctx->tok_start;
    /* mid-statement, or an unknown first word (`walk for 10 minutes`) */
    const char *form = mid_statement || sym == YYSYMBOL_WORD ? first_form_hint(ctx, sym) : NULL;
    if (form)
        hint_text = form;
    else if ((sym == YYSYMBOL_WORD || is_keyword(sym))
        && suggest_keyword(ctx->text + ctx->tok_start, len, expected, n, hint, sizeof hint))
        hint_text = hint;
    else if (sym == YYSYMBOL_NUMBER && expects(expected, n, YYSYMBOL_DURATION))
        hint_text = "give a unit, like 5s, 2min or 1h";
    else if (sym == YYSYMBOL_DURATION && expects(expected, n, YYSYMBOL_NUMBER))
        hint_text = "a count has no unit: write just the number";
    if (n > 0)
        syntax_error(ctx, DIAG_ID_SYNTAX, where, hint_text, "unexpected %s, expected %s", token, wanted);
    else
        syntax_error(ctx, DIAG_ID_SYNTAX, where, hint_text, "unexpected %s", token);
    return 0;
}
