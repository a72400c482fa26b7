/* format.c -- see format.h. */
#include "format.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "duration.h"
#include "opcodes.h"
#include "syntax.h"

#define INDENT 4

typedef struct {
    const char *src;
    char *out;
    size_t n, cap;
    bool oom;
    unsigned depth;
    bool open;         /* the current output line has text */
    bool brk;          /* the last token ends its line (`;`, `{`, `}`) */
    bool mid;          /* inside a statement: its continuation lines are indented */
    bool fresh_block;  /* nothing written since the last `{` */
    bool slash;        /* the last token was the `/` of `3/10`, `2x/day` */
} Fmt;

static void put(Fmt *f, const char *bytes, size_t len) {
    if (f->oom)
        return;
    if (len > SIZE_MAX / 2 - f->n) { /* no size that could wrap */
        f->oom = true;
        return;
    }
    if (f->n + len + 1 > f->cap) {
        size_t want = f->cap ? f->cap : 1024;
        while (want < f->n + len + 1)
            want *= 2;
        char *grown = realloc(f->out, want);
        if (!grown) {
            f->oom = true;
            return;
        }
        f->out = grown;
        f->cap = want;
    }
    if (len)
        memcpy(f->out + f->n, bytes, len);
    f->n += len;
}

static void put_char(Fmt *f, char c) {
    put(f, &c, 1);
}

static void end_line(Fmt *f) {
    if (f->open)
        put_char(f, '\n');
    f->open = false;
}

/* Start a line at the indentation of the block (plus one level inside a
 * statement), after a blank line when the source had one there. */
static void start_line(Fmt *f, bool blank, int level) {
    if (blank && f->n > 0 && !f->fresh_block)
        put_char(f, '\n');
    for (int i = 0; i < level * INDENT; i++)
        put_char(f, ' ');
    f->open = true;
    f->fresh_block = false;
}

static int level_of(const Fmt *f) {
    return (int)f->depth + (f->mid ? 1 : 0);
}

/* A comment: after a token on the same source line it stays at the end
 * of that line, two spaces after it; otherwise it gets a line of its own. */
static void put_comment(Fmt *f, const char *text, size_t len, bool trailing, unsigned newlines) {
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    if (trailing && f->open) {
        put(f, "  ", 2);
    } else {
        end_line(f);
        start_line(f, newlines >= 2, level_of(f));
    }
    put(f, text, len);
    f->open = true;
    end_line(f);
}

/* The blanks and comments between two tokens.  Returns how many line
 * breaks follow the last comment (or the previous token). */
static unsigned put_gap(Fmt *f, size_t from, size_t to, bool after_token) {
    unsigned newlines = 0;
    bool same_line = after_token;
    for (size_t p = from; p < to;) {
        char c = f->src[p];
        if (c == '\n') {
            newlines++;
            same_line = false;
            p++;
        } else if (c == '#' || (c == '/' && p + 1 < to && f->src[p + 1] == '/')) {
            const char *nl = memchr(f->src + p, '\n', to - p);
            size_t end = nl ? (size_t)(nl - f->src) : to;
            put_comment(f, f->src + p, end - p, same_line, newlines);
            newlines = 0;
            p = end;
        } else {
            p++; /* a blank, a no-break space or a byte-order mark */
        }
    }
    return newlines;
}

/* A text in straight quotes: “...” becomes "...", a bare " in it \". */
static void put_text(Fmt *f, const char *s, size_t len) {
    if (s[0] == '"') {
        put(f, s, len);
        return;
    }
    put_char(f, '"');
    for (size_t i = 3; i + 3 < len; i++) {
        if (s[i] == '\\' && i + 4 < len) {
            put(f, s + i, 2);
            i++;
        } else if (s[i] == '"') {
            put(f, "\\\"", 2);
        } else {
            put_char(f, s[i]);
        }
    }
    put_char(f, '"');
}

/* A word, number or duration; "5   seconds" becomes "5 seconds". */
static void put_word(Fmt *f, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t') {
            if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')
                put_char(f, ' ');
        } else {
            put_char(f, s[i]);
        }
    }
}

static const char *canonical_word(const char *s, size_t len);

/* `ten`, `five seconds`: a count in words in digits (`10`, `5 seconds`),
 * as the reference writes it; true when written so.  `one` alone is the
 * `one` of `one side at a time` and stays. */
static bool put_number_word(Fmt *f, const char *s, size_t len) {
    size_t word = strspn(s, "abcdefghijklmnopqrstuvwxyz");
    const char *digits;
    if (word > len || !number_word(s, word, &digits) || (word == len && strcmp(digits, "1") == 0)
        || (word < len && s[word] != ' ' && s[word] != '\t'))
        return false;
    put(f, digits, strlen(digits));
    size_t unit = word + strspn(s + word, " \t");
    if (unit < len) {
        put_char(f, ' ');
        put_word(f, s + unit, len - unit);
    }
    return true;
}

static void put_token(Fmt *f, const SyntaxToken *t, unsigned newlines) {
    bool closes = t->kind == SYNTAX_TOK_RBRACE;
    bool is_slash = t->kind == SYNTAX_TOK_WORD && !t->word && t->end == t->start + 1 && f->src[t->start] == '/';
    bool split_text = t->kind == SYNTAX_TOK_TEXT && f->mid && newlines > 0;
    if (f->open && (f->brk || split_text || closes))
        end_line(f);
    if (closes && f->depth > 0)
        f->depth--;
    if (!f->open)
        start_line(f, newlines >= 2 && !closes && !f->mid, closes ? (int)f->depth : level_of(f));
    else if (t->kind != SYNTAX_TOK_SEMI && t->kind != SYNTAX_TOK_COMMA && !is_slash && !f->slash)
        put_char(f, ' ');   /* `3/10` stays one word, as written */
    const char *word = t->word ? t->word
                       : t->kind == SYNTAX_TOK_WORD ? canonical_word(f->src + t->start, t->end - t->start) : NULL;
    if (t->kind == SYNTAX_TOK_TEXT)
        put_text(f, f->src + t->start, t->end - t->start);
    else if (t->kind == SYNTAX_TOK_COMMA) /* also one put in a schedule */
        put_char(f, ',');
    else if (word)
        put(f, word, strlen(word));
    else if (t->kind != SYNTAX_TOK_WORD || !put_number_word(f, f->src + t->start, t->end - t->start))
        put_word(f, f->src + t->start, t->end - t->start);
    f->brk = t->kind == SYNTAX_TOK_SEMI || t->kind == SYNTAX_TOK_LBRACE || closes;
    f->slash = is_slash;
    f->mid = !f->brk;
    if (t->kind == SYNTAX_TOK_LBRACE) {
        f->depth++;
        f->fresh_block = true;
    }
}

static void format_tokens(Fmt *f, const SyntaxToken *tokens, size_t n, size_t text_len) {
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned newlines = put_gap(f, at, tokens[i].start, i > 0);
        put_token(f, &tokens[i], newlines);
        if (tokens[i].end > at) /* a tempo phase put in order comes back */
            at = tokens[i].end;
    }
    put_gap(f, at, text_len, n > 0);
    end_line(f);
}

/* ---- tempo phases in their canonical order ---------------------------- */

static bool tok_is(const char *src, const SyntaxToken *t, const char *word) {
    size_t len = strlen(word);
    return t->kind == SYNTAX_TOK_WORD && t->end - t->start == len && memcmp(src + t->start, word, len) == 0;
}

/* A duration token (`3s`, `3 seconds`): a digit first, a letter in it. */
static bool tok_duration(const char *src, const SyntaxToken *t) {
    if (t->kind != SYNTAX_TOK_WORD || src[t->start] < '0' || src[t->start] > '9')
        return false;
    for (size_t i = t->start; i < t->end; i++)
        if ((src[i] >= 'a' && src[i] <= 'z') || (src[i] >= 'A' && src[i] <= 'Z'))
            return true;
    return false;
}

/* -1 when the token is no phase word, else whether it is a still one
 * (`hold`, `pause`). */
static int tok_phase(const char *src, const SyntaxToken *t) {
    if (t->kind != SYNTAX_TOK_WORD)
        return -1;
    TempoWord w = tempo_word_of(src + t->start, t->end - t->start);
    return w == TEMPO_WORD__COUNT ? -1 : tempo_words[w].motion == TEMPO_STILL;
}

/* One phase, tokens [a, a+n): rewritten in place to `3s up` (a motion) or
 * `hold 2s` (a still phase), as the README and `plan` write them; `for`
 * and `over` are left out.  Returns the tokens it keeps (n or n - 1).  A phase with a
 * comment inside is left as written: moving it would move the comment. */
static size_t canonical_phase(const char *src, SyntaxToken *t, size_t n) {
    for (size_t i = t[0].start; i < t[n - 1].end; i++)
        if (src[i] == '#' || (src[i] == '/' && src[i + 1] == '/'))
            return n;
    SyntaxToken word, time;
    if (n == 3 && tok_phase(src, &t[0]) >= 0 && (tok_is(src, &t[1], "for") || tok_is(src, &t[1], "over")) && tok_duration(src, &t[2])) {
        word = t[0], time = t[2];
    } else if (n == 2 && tok_phase(src, &t[0]) >= 0 && tok_duration(src, &t[1])) {
        word = t[0], time = t[1];
    } else if (n == 2 && tok_duration(src, &t[0]) && tok_phase(src, &t[1]) >= 0) {
        word = t[1], time = t[0];
    } else {
        return n;
    }
    bool still = tok_phase(src, &word) == 1;
    t[0] = still ? word : time;
    t[1] = still ? time : word;
    return 2;
}

/* ---- schedule items with their commas ---------------------------------- */

static bool tok_one_of(const char *src, const SyntaxToken *t, const char *const *words) {
    for (; *words; words++)
        if (tok_is(src, t, *words))
            return true;
    return false;
}

/* Whether a schedule item ends at t[i] (`a day`, `daily`, `every hour`,
 * `in the morning`) and another begins at t[i + 1] (`for 12 weeks`). */
static bool schedule_gap(const char *src, const SyntaxToken *t, size_t i) {
    static const char *const ends[] = {"day", "days", "week", "weeks", "daily", "hourly", NULL};
    static const char *const starts[] = {"for", "every", "daily", "hourly", "most", "once", "twice",
                                         "at", "up", "in", "on", NULL};
    bool end = tok_one_of(src, &t[i], ends) || (i > 0 && t[i].kind == SYNTAX_TOK_WORD
                                                 && (tok_is(src, &t[i - 1], "every") || tok_is(src, &t[i - 1], "the")));
    bool start = tok_one_of(src, &t[i + 1], starts)
                 || (t[i + 1].kind == SYNTAX_TOK_WORD && src[t[i + 1].start] >= '0' && src[t[i + 1].start] <= '9');
    return end && start;
}

/* Whether token i begins a statement: the first, or after `;`, `{`, `}`. */
static bool starts_statement(const SyntaxToken *t, size_t i) {
    return i == 0 || t[i - 1].kind == SYNTAX_TOK_SEMI || t[i - 1].kind == SYNTAX_TOK_LBRACE
           || t[i - 1].kind == SYNTAX_TOK_RBRACE;
}

/* `schedule twice a day for 12 weeks` -> `schedule twice a day, for 12
 * weeks`: a comma (a token of no bytes) where one item follows another.
 * *tokens grows; false when memory ran out. */
static bool canonical_schedules(const char *src, SyntaxToken **tokens, size_t *n) {
    SyntaxToken *t = *tokens, *out = malloc((*n * 2 + 1) * sizeof *out);
    if (!out)
        return false;
    size_t k = 0;
    bool in_schedule = false;
    for (size_t i = 0; i < *n; i++) {
        bool starts = starts_statement(t, i);
        if (starts)
            in_schedule = tok_is(src, &t[i], "schedule");
        out[k++] = t[i];
        if (in_schedule && !starts && i + 1 < *n && schedule_gap(src, t, i))
            out[k++] = (SyntaxToken){SYNTAX_TOK_COMMA, t[i].end, t[i].end, NULL};
    }
    free(t);
    *tokens = out;
    *n = k;
    return true;
}

/* ---- statements said the handout's way --------------------------------- */

/* A count: digits, or a count in words other than `one` (`ten`). */
static bool tok_digits(const char *src, const SyntaxToken *t) {
    if (t->kind != SYNTAX_TOK_WORD || t->word || t->start == t->end)
        return false;
    if (number_word(src + t->start, t->end - t->start, NULL) > 1)
        return true;
    for (size_t i = t->start; i < t->end; i++)
        if (src[i] < '0' || src[i] > '9')
            return false;
    return true;
}

/* The statement at t[i] (its first token) -- `10 reps each leg`, `8 to 12
 * repetitions`: a count and its noun with `repeat` left out. */
static bool count_first(const char *src, const SyntaxToken *t, size_t n, size_t i) {
    static const char *const nouns[] = {"reps", "repetitions", "times", NULL};
    if (!tok_digits(src, &t[i]))
        return false;
    size_t noun = i + 1 < n && (tok_is(src, &t[i + 1], "to") || tok_is(src, &t[i + 1], "-")) ? i + 3 : i + 1;
    return noun < n && tok_one_of(src, &t[noun], nouns);
}

/* How many words after the `hold` at t[i] name what is held (`it`, `the
 * stretch`, `this position`): `fmt` leaves them out.  0 when none. */
static size_t held_words(const char *src, const SyntaxToken *t, size_t n, size_t i) {
    static const char *const values[] = {"for", "up", "about", "as", NULL};
    size_t j = i + 1;
    while (j < n && j < i + 3 && t[j].kind == SYNTAX_TOK_WORD && !tok_one_of(src, &t[j], values)
           && !(src[t[j].start] >= '0' && src[t[j].start] <= '9'))
        j++;
    bool value = j < n && t[j].kind == SYNTAX_TOK_WORD
                 && (tok_is(src, &t[j], "for") || (src[t[j].start] >= '0' && src[t[j].start] <= '9'));
    return value ? j - i - 1 : 0;
}

/* A statement ends at t[i]: `;`, `}` or the end of the tokens. */
static bool ends_statement(const SyntaxToken *t, size_t n, size_t i) {
    return i >= n || t[i].kind == SYNTAX_TOK_SEMI || t[i].kind == SYNTAX_TOK_RBRACE;
}

/* The words at t[i] a hold's statement leaves out at its end: a last
 * `each` (1), `each time` or `each rep` (2), or none (0). */
static size_t hold_tail(const char *src, const SyntaxToken *t, size_t n, size_t i) {
    if (!tok_is(src, &t[i], "each"))
        return 0;
    if (ends_statement(t, n, i + 1))
        return 1;
    static const char *const times[] = {"time", "rep", "repetition", "position", NULL};
    return i + 2 < n && tok_one_of(src, &t[i + 1], times) && ends_statement(t, n, i + 2) ? 2 : 0;
}

/* `10 reps;` -> `repeat 10 reps;`, `hold 10s each time;` -> `hold 10s;`:
 * the statement's word put in, the words that add nothing left out.
 * *tokens grows; false when memory ran out. */
static bool canonical_statements(const char *src, SyntaxToken **tokens, size_t *n) {
    SyntaxToken *t = *tokens, *out = malloc((*n * 2 + 1) * sizeof *out);
    if (!out)
        return false;
    size_t k = 0;
    bool in_hold = false;
    for (size_t i = 0; i < *n; i++) {
        bool starts = starts_statement(t, i);
        if (starts)
            in_hold = tok_is(src, &t[i], "hold");
        if (starts && in_hold) {
            out[k++] = t[i];
            i += held_words(src, t, *n, i);
            continue;
        }
        if (starts && count_first(src, t, *n, i))
            out[k++] = (SyntaxToken){SYNTAX_TOK_WORD, t[i].start, t[i].start, "repeat"};
        size_t tail = in_hold ? hold_tail(src, t, *n, i) : 0;
        if (tail) {
            i += tail - 1; /* `each`, and its `time` */
            continue;
        }
        out[k++] = t[i];
    }
    free(t);
    *tokens = out;
    *n = k;
    return true;
}

/* ---- sets and reps in one statement: `3 sets of 15` ---------------------- */

/* `x`, `X` or the word processors' `×` */
static bool tok_times(const char *src, const SyntaxToken *t) {
    return tok_is(src, t, "x") || tok_is(src, t, "X") || tok_is(src, t, "\xC3\x97");
}

/* The end of the statement at t[i]: its `;` or `}` (or n). */
static size_t statement_end(const SyntaxToken *t, size_t n, size_t i) {
    for (; i < n; i++)
        if (t[i].kind == SYNTAX_TOK_SEMI || t[i].kind == SYNTAX_TOK_RBRACE || t[i].kind == SYNTAX_TOK_LBRACE)
            return t[i].kind == SYNTAX_TOK_LBRACE ? n : i; /* a block: no dose statement */
    return n;
}

/* Where the sets count is in the statement [i, end) written with the reps
 * first -- `10 reps x 3`, `15 reps, 3 sets each leg`, `repeat 10, 3 sets`
 * -- or 0: the number after the last `x` or `,`. */
static size_t sets_after_reps(const char *src, const SyntaxToken *t, size_t i, size_t end) {
    if (!tok_is(src, &t[i], "repeat") && !count_first(src, t, end, i))
        return 0;
    for (size_t k = end - 1; k >= i + 3; k--)
        if ((t[k - 1].kind == SYNTAX_TOK_COMMA || tok_times(src, &t[k - 1])) && tok_digits(src, &t[k]))
            return k;
    return 0;
}

/* The statement [i, end) in its canonical form, appended to out at *k:
 * `N sets of REPS`.  False when it is no sets-and-reps statement. */
static bool canonical_sets(const char *src, const SyntaxToken *t, size_t i, size_t end,
                           SyntaxToken *out, size_t *k) {
    size_t from, upto = end, sets = i, tail = end; /* the reps: t[from, upto), then t[tail, end) */
    size_t after = sets_after_reps(src, t, i, end);
    if (end >= i + 3 && tok_digits(src, &t[i]) && tok_is(src, &t[i + 1], "sets") && tok_times(src, &t[i + 2]))
        from = i + 3;                                       /* 3 sets x 15 */
    else if (end >= i + 3 && tok_digits(src, &t[i]) && tok_times(src, &t[i + 1]))
        from = i + 2;                                       /* 3 x 15, 3x15 */
    else if (end >= i + 4 && tok_is(src, &t[i], "sets") && tok_digits(src, &t[i + 1])
             && (tok_times(src, &t[i + 2]) || tok_is(src, &t[i + 2], "of")))
        sets = i + 1, from = i + 3;                         /* sets 3 x 15 */
    else if (end >= i + 5 && tok_is(src, &t[i], "sets") && tok_digits(src, &t[i + 1])
             && t[i + 2].kind == SYNTAX_TOK_COMMA)
        sets = i + 1, from = i + 4;                         /* sets 3, reps 15 */
    else if (end >= i + 4 && tok_is(src, &t[i], "sets") && tok_digits(src, &t[i + 1])
             && tok_is(src, &t[i + 2], "reps"))
        sets = i + 1, from = i + 3;                         /* sets 3 reps 15 */
    else if (after) {                                   /* 10 reps x 3 [sets] [each leg] */
        sets = after, from = i + tok_is(src, &t[i], "repeat"), upto = after - 1;
        tail = after + 1 + (after + 1 < end && tok_is(src, &t[after + 1], "sets"));
    }
    else
        return false;
    out[(*k)++] = t[sets];
    out[(*k)++] = (SyntaxToken){SYNTAX_TOK_WORD, t[sets].end, t[sets].end, "sets"};
    out[(*k)++] = (SyntaxToken){SYNTAX_TOK_WORD, t[sets].end, t[sets].end, "of"};
    for (size_t j = from; j < upto; j++)
        out[(*k)++] = t[j];
    for (size_t j = tail; j < end; j++)
        out[(*k)++] = t[j];
    return true;
}

/* Whether [t[i], t[end]) has a comment: moving its words would move it. */
static bool has_comment(const char *src, const SyntaxToken *t, size_t i, size_t end) {
    for (size_t b = t[i].start; end > i && b < t[end - 1].end; b++)
        if (src[b] == '#' || (src[b] == '/' && src[b + 1] == '/'))
            return true;
    return false;
}

/* Every sets-and-reps statement written another way -- `3 x 15;`, `3 sets
 * x 15;`, `sets 3 of 15;`, `10 reps x 3;`, `repeat 10, 3 sets;` -- as `3
 * sets of 15;`.  Run before canonical_statements (which would put a
 * `repeat` before `10 reps x 3`).  *tokens grows; false: out of memory. */
static bool canonical_sets_of(const char *src, SyntaxToken **tokens, size_t *n) {
    SyntaxToken *t = *tokens, *out = malloc((*n * 2 + 1) * sizeof *out);
    if (!out)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < *n;) {
        bool starts = i == 0 || t[i - 1].kind == SYNTAX_TOK_SEMI || t[i - 1].kind == SYNTAX_TOK_LBRACE
                      || t[i - 1].kind == SYNTAX_TOK_RBRACE;
        size_t end = starts ? statement_end(t, *n, i) : i;
        if (end > i && end < *n && !has_comment(src, t, i, end) && canonical_sets(src, t, i, end, out, &k)) {
            i = end;
            continue;
        }
        out[k++] = t[i++];
    }
    free(t);
    *tokens = out;
    *n = k;
    return true;
}

/* Words written as the reference writes them.  The words a side is named
 * by, as the session names it: `bad leg` is shown as the affected leg,
 * `weak side` as the weaker side; the dash of a range (`8-12`, `5–10s`)
 * is `to`. */
static const char *canonical_word(const char *s, size_t len) {
    static const struct { const char *written, *canonical; } words[] = {
        {"bad", "affected"}, {"weak", "weaker"},
        {"-", "to"}, {"\xE2\x80\x93", "to"}, {"\xE2\x80\x94", "to"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].written) == len && memcmp(words[i].written, s, len) == 0)
            return words[i].canonical;
    return NULL;
}

/* Every `tempo` statement's phases in canonical order (tokens dropped from
 * the array: *n shrinks). */
static void canonical_tempos(const char *src, SyntaxToken *t, size_t *n) {
    size_t out = 0;
    for (size_t i = 0; i < *n;) {
        bool starts = i == 0 || t[i - 1].kind == SYNTAX_TOK_SEMI || t[i - 1].kind == SYNTAX_TOK_LBRACE
                      || t[i - 1].kind == SYNTAX_TOK_RBRACE;
        if (!(starts && tok_is(src, &t[i], "tempo"))) {
            t[out++] = t[i++];
            continue;
        }
        t[out++] = t[i++];
        while (i < *n && t[i].kind != SYNTAX_TOK_SEMI && t[i].kind != SYNTAX_TOK_RBRACE) {
            size_t end = i;
            while (end < *n && t[end].kind == SYNTAX_TOK_WORD && !tok_is(src, &t[end], "and")
                   && !tok_is(src, &t[end], "then"))
                end++;
            if (end < *n && t[end].kind == SYNTAX_TOK_WORD) /* `3s up and 3s down`: a comma */
                t[end].kind = SYNTAX_TOK_COMMA;
            size_t kept = end > i ? canonical_phase(src, t + i, end - i) : 0;
            memmove(t + out, t + i, kept * sizeof *t);
            out += kept;
            i = end;
            if (i < *n && t[i].kind == SYNTAX_TOK_COMMA)
                t[out++] = t[i++];
        }
    }
    *n = out;
}

/* The statement [i, end) says how often (`a day`, `daily`, `a week`). */
static bool says_how_often(const char *src, const SyntaxToken *t, size_t i, size_t end) {
    static const char *const periods[] = {"day", "daily", "week", NULL};
    for (size_t k = i; k < end; k++)
        if (tok_one_of(src, &t[k], periods))
            return true;
    return false;
}

/* A verb before a dose, as MedBridge prints it: `perform 10 times;` ->
 * `repeat 10 times;` (the verb left out, canonical_statements puts
 * `repeat` in), `complete 3 sets;` -> `sets 3;`, `perform 2 times a day;`
 * -> `schedule 2 times a day;`.  Run before canonical_sets_of. */
static void canonical_verbs(const char *src, SyntaxToken *t, size_t *n) {
    static const char *const verbs[] = {"do", "perform", "complete", NULL};
    static const char *const counts[] = {"once", "twice", NULL};
    size_t out = 0;
    for (size_t i = 0; i < *n;) {
        bool verb = starts_statement(t, i) && tok_one_of(src, &t[i], verbs) && i + 1 < *n
                    && (tok_digits(src, &t[i + 1]) || tok_one_of(src, &t[i + 1], counts));
        size_t end = verb ? statement_end(t, *n, i) : i;
        if (verb && says_how_often(src, t, i, end)) {
            t[i].word = "schedule";
        } else if (verb && end == i + 3 && tok_is(src, &t[i + 2], "sets")) {
            t[i].word = "sets";
            t[out++] = t[i];
            t[out++] = t[i + 1];
            i += 3; /* `sets` said first */
            continue;
        } else if (verb) {
            i++; /* the verb adds nothing */
            continue;
        }
        t[out++] = t[i++];
    }
    *n = out;
}

/* ---- lang11: other clinics' words, in the reference's ------------------- */

/* A word written in place of t[i] in its context, or NULL: `alternate
 * legs` -> `alternating legs` (not `on alternate days`), `advance ... if
 * pain` -> `when pain`, `progress to`/`increase to` -> `build up to`,
 * `between repetitions` -> `between reps`, `uninvolved` -> `unaffected`,
 * `strong` -> `stronger`, a tempo's `lowering` -> `lower`. */
static const char *word_in_context(const char *src, const SyntaxToken *t, size_t n, size_t i, size_t stmt) {
    static const char *const grows[] = {"progress", "increase", NULL};
    if (tok_is(src, &t[i], "alternate") && !(i + 1 < n && tok_is(src, &t[i + 1], "days")))
        return "alternating";
    if (tok_is(src, &t[i], "if") && tok_is(src, &t[stmt], "advance"))
        return "when";
    if (i == stmt && tok_one_of(src, &t[i], grows) && i + 1 < n && tok_is(src, &t[i + 1], "to"))
        return "build up";
    if (i > 0 && tok_is(src, &t[i], "repetitions") && tok_is(src, &t[i - 1], "between"))
        return "reps";
    if (tok_is(src, &t[i], "uninvolved"))
        return "unaffected";
    if (tok_is(src, &t[i], "strong"))
        return "stronger";
    TempoWord w = tok_is(src, &t[stmt], "tempo") && t[i].kind == SYNTAX_TOK_WORD
                  ? tempo_word_of(src + t[i].start, t[i].end - t[i].start) : TEMPO_WORD__COUNT;
    bool ing = t[i].end - t[i].start > 3 && memcmp(src + t[i].end - 3, "ing", 3) == 0;
    return w != TEMPO_WORD__COUNT && ing ? tempo_words[w].word : NULL;
}

/* Tokens dropped in their context: the `with` of `with each leg`, the
 * `for a count of` of `hold for a count of 5` (-> `hold 5 seconds`), the
 * `RPE` of `effort RPE 6` (-> `effort 6 of 10`). */
static bool dropped_in_context(const char *src, const SyntaxToken *t, size_t n, size_t i, size_t stmt) {
    static const char *const scales[] = {"RPE", "rpe", "Borg", "borg", NULL};
    bool count = tok_is(src, &t[stmt], "hold") && stmt + 5 < n && tok_is(src, &t[stmt + 2], "a")
                 && tok_is(src, &t[stmt + 3], "count") && i > stmt && i < stmt + 5;
    return count || (tok_is(src, &t[i], "with") && i + 1 < n && tok_is(src, &t[i + 1], "each"))
           || (i == stmt + 1 && tok_is(src, &t[stmt], "effort") && tok_one_of(src, &t[i], scales));
}

/* Tokens written after t[i] in its context (at most 2): `seconds` after
 * the count of `hold for a count of 5`; `of 10` (`of 20` past 10) after
 * `effort RPE 6-7` when it names no scale. */
static size_t added_in_context(const char *src, const SyntaxToken *t, size_t n, size_t i, size_t stmt,
                               SyntaxToken *out) {
    static const char *const scales[] = {"RPE", "rpe", "Borg", "borg", NULL};
    SyntaxToken after = {SYNTAX_TOK_WORD, t[i].end, t[i].end, NULL};
    if (tok_is(src, &t[stmt], "hold") && i == stmt + 5 && tok_is(src, &t[stmt + 3], "count")) {
        after.word = "seconds";
        out[0] = after;
        return 1;
    }
    if (!(tok_is(src, &t[stmt], "effort") && tok_one_of(src, &t[stmt + 1], scales) && tok_digits(src, &t[i])
          && ends_statement(t, n, i + 1)))
        return 0;
    for (size_t k = stmt; k < i; k++) /* `of 10`, `/10`, `out of 10` written */
        if (tok_is(src, &t[k], "of") || tok_is(src, &t[k], "/") || src[t[k].start] == 'o')
            return 0;
    bool borg = src[t[stmt + 1].start] == 'B' || src[t[stmt + 1].start] == 'b';
    after.word = "of";
    out[0] = after;
    after.word = borg || strtoul(src + t[i].start, NULL, 10) > 10 ? "20" : "10";
    out[1] = after;
    return 2;
}

/* A hold's statement joined to the next at t[i]: `hold 5s, relax 5s`,
 * `hold 5s and repeat 10 times`, `hold 30s, repeat 3` (1: a `;` there),
 * `hold 30s x 3`, `hold 5s, 10 times` (2: a `;` and `repeat`), or 0. */
static size_t hold_joint(const char *src, const SyntaxToken *t, size_t n, size_t i, size_t stmt) {
    static const char *const nexts[] = {"relax", "rest", "repeat", NULL};
    if (!tok_is(src, &t[stmt], "hold") || i + 1 >= n)
        return 0;
    bool comma = t[i].kind == SYNTAX_TOK_COMMA;
    if ((comma || tok_is(src, &t[i], "and")) && tok_one_of(src, &t[i + 1], nexts))
        return 1;
    return (comma && tok_digits(src, &t[i + 1])) || tok_times(src, &t[i]) ? 2 : 0;
}

/* Token i of the statement at `stmt` as written in the reference, into
 * out (1 to 3 tokens): its word in context, `reps 10` -> `repeat 10`, a
 * hold joined to the next statement -> `;` (and `repeat`), and what its
 * context adds after it.  Returns the tokens written. */
static size_t canonical_in_context(const char *src, const SyntaxToken *t, size_t n, size_t i, size_t stmt,
                                   SyntaxToken *out) {
    size_t k = 0;
    out[k] = t[i];
    const char *word = t[i].word ? NULL : word_in_context(src, t, n, i, stmt);
    if (word)
        out[k].word = word;
    if (i == stmt && tok_is(src, &t[i], "reps"))
        out[k].word = "repeat";
    size_t joint = hold_joint(src, t, n, i, stmt);
    if (joint)
        out[k] = (SyntaxToken){SYNTAX_TOK_SEMI, t[i].start, t[i].end, ";"};
    if (joint == 2) /* `hold 30s x 3` -> `hold 30s; repeat 3` */
        out[++k] = (SyntaxToken){SYNTAX_TOK_WORD, t[i].end, t[i].end, "repeat"};
    k++;
    return k + added_in_context(src, t, n, i, stmt, out + k);
}

/* `5 second hold;` (the statement at t[i]): the time first. */
static bool time_first_hold(const char *src, const SyntaxToken *t, size_t n, size_t i) {
    return i + 2 < n && tok_duration(src, &t[i]) && ends_statement(t, n, i + 2)
           && (tok_is(src, &t[i + 1], "hold") || tok_is(src, &t[i + 1], "holds"));
}

/* The tokens of each statement in the reference's words (above), and the
 * statements said another way: `reps 10` -> `repeat 10`, `5 second hold`
 * -> `hold 5 second`, `hold 5s, relax 5s` -> `hold 5s; relax 5s`.
 * *tokens grows; false when memory ran out. */
static bool canonical_contexts(const char *src, SyntaxToken **tokens, size_t *n) {
    SyntaxToken *t = *tokens, *out = malloc((*n * 4 + 1) * sizeof *out); /* a token gives at most 3 */
    if (!out)
        return false;
    size_t k = 0, stmt = 0;
    for (size_t i = 0; i < *n; i++) {
        if (starts_statement(t, i))
            stmt = i;
        if (dropped_in_context(src, t, *n, i, stmt))
            continue;
        if (i == stmt && time_first_hold(src, t, *n, i)) {
            out[k++] = (SyntaxToken){SYNTAX_TOK_WORD, t[i + 1].start, t[i + 1].start, "hold"};
            out[k++] = t[i++]; /* the time; the `hold` written after it is left out */
            continue;
        }
        k += canonical_in_context(src, t, *n, i, stmt, out + k);
    }
    free(t);
    *tokens = out;
    *n = k;
    return true;
}

/* The file's tokens when it parses without an error, in their canonical
 * words (tempos, schedules, sets of reps, statements): false when it does not parse or
 * memory runs out.  The caller frees *tokens. */
static bool canonical_tokens(Diag *diag, uint32_t file, SyntaxToken **tokens, size_t *n) {
    Arena arena;
    arena_init(&arena);
    unsigned errors = diag->errors;
    (void)syntax_parse(&arena, diag, file);
    *tokens = NULL;
    *n = 0;
    bool ok = diag->errors == errors && syntax_tokens(&arena, diag, file, tokens, n);
    arena_free(&arena);
    if (!ok)
        return false;
    const char *text = diag->sources->files[file].text;
    canonical_tempos(text, *tokens, n);
    canonical_verbs(text, *tokens, n);
    if (!canonical_contexts(text, tokens, n))
        return false;
    return canonical_schedules(text, tokens, n) && canonical_sets_of(text, tokens, n) &&
           canonical_statements(text, tokens, n);
}

bool format_file(Diag *diag, uint32_t file, char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    SyntaxToken *tokens;
    size_t n;
    if (!canonical_tokens(diag, file, &tokens, &n)) {
        free(tokens);
        return false;
    }
    const SourceFile *source = &diag->sources->files[file];
    Fmt f = {.src = source->text};
    format_tokens(&f, tokens, n, source->len);
    free(tokens);
    put(&f, "", 0); /* room for the NUL, even for an empty file */
    if (f.oom) {
        free(f.out);
        return false;
    }
    f.out[f.n] = '\0';
    *out = f.out;
    *len = f.n;
    return true;
}
