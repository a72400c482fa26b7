/*
 * screen.c -- the full-screen view of a session (ncursesw).
 *
 *   +------------------------------------------------------------+
 *   | Low back routine · Initial exercises                PAUSED |
 *   |                                                            |
 *   | Knee to chest · stretch                                    |
 *   | Position: Lie on your back with your knees bent...         |
 *   |  • Slowly raise your left knee to your chest...            |
 *   |                                                            |
 *   |              Set 1 of 2 · Rep 3 of 10 · left knee          |
 *   |                          Hold                              |
 *   |                    ███   ███                               |
 *   |                      (large countdown digits)              |
 *   |                                                            |
 *   |                Next: Both knees to chest                   |
 *   | space pause · n next · b back · q quit · p pain · ...      |
 *   +------------------------------------------------------------+
 *
 * Everything shown comes from the events (screen_event) and one snapshot
 * of the VM's timing (ScreenClock); the screen never reads a clock.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth(), nl_langinfo() */
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* ioctl(TIOCGWINSZ), ncurses' resizeterm() */
#endif

#include "screen.h"

#include "keys.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <wchar.h>

#include "duration.h"
#include "events.h"
#include "i18n.h"
#include "safetext.h"

#define SCREEN_TEXTS 12  /* cues, notes... kept for the current exercise */
#define INTRO_TEXTS 16   /* the routine's notes shown before the start */
#define SCREEN_SAID (2 * SCREEN_TEXTS + INTRO_TEXTS + 4) /* lang-b */
#define SCREEN_SAID_BYTES 512 /* also a self-test's "Press Enter when TEXT" */
#define SCREEN_SIDE_BYTES 512 /* "operated leg (left)", "left TEXT" in the patient's words */
#define BIG_MIN_COLS 60  /* large digits need this much room */
#define BIG_MIN_ROWS 20
#define GLYPH_ROWS 5

enum { PAIR_TITLE = 1, PAIR_PAUSED, PAIR_COUNT, PAIR_SAFETY };

typedef struct {
    VmEventKind kind;
    const char *text;
} ScreenText;

/* Whose texts (notes, safety notes, gates) are arriving: the routine's
 * come before its first section or exercise (the intro shows them); a
 * section's come before its first exercise and are shown with it until its
 * first rep (during the get-ready), so that they are not lost; the rest
 * belong to the exercise. */
typedef enum { TEXTS_ROUTINE, TEXTS_SECTION, TEXTS_EXERCISE } TextsOf;

/* What a ScreenClock shows besides the countdown: what the VM is doing
 * and what comes next (copied: the clock's next rep is not ours). */
typedef struct {
    VmStatus status;
    VmActivity activity;
    HoldKind hold;
    bool paused, next_is_end, has_next_rep;
    const char *next_exercise;
    uint32_t next_n, next_of;
    Side next_side;
} ScreenView;

/* Rows of the session's layout (see layout()). */
typedef struct {
    bool big;
    int help, next, digits, label, progress, exercise_last;
} Layout;

/* What the header, the exercise's block and the keys show, and where:
 * while it stays the same, an event draws only the rows below the block
 * (the rep, what to do, the countdown, what comes next), and ncurses has
 * only those rows to compare and send.  `said` counts the words written
 * into the said slots, which texts may point at. */
typedef struct {
    const char *title, *section, *exercise, *kind, *variant, *position;
    ScreenText texts[SCREEN_TEXTS], lead[SCREEN_TEXTS];
    unsigned n_texts, n_lead, said;
    int exercise_last, lines, cols;
    bool paused;
} ScreenTop;

struct Screen {
    SCREEN *term;
    FILE *out;
    bool color, utf8, help, dirty;
    cchar_t lit, unlit;     /* a pixel of the large digits, and a gap */
    int64_t shown;          /* countdown value last drawn (-1: none) */
    /* What the last whole draw showed, besides the countdown: while it
     * stays the same, a new second redraws the countdown's rows only (a
     * session minute is mostly seconds ticking). */
    ScreenView drawn;
    int digits_row;         /* the countdown's first row, or -1: not shown */
    int digits_x, digits_w; /* and its columns */
    bool digits_big;
    char help_line[256];    /* the keys as they fit in help_cols columns */
    int help_cols;

    const char *title, *section, *exercise, *kind, *variant, *position;
    ScreenText texts[SCREEN_TEXTS];
    unsigned n_texts;
    TextsOf texts_of;
    ScreenText lead[SCREEN_TEXTS]; /* the section's, shown until the first rep */
    unsigned n_lead;
    uint32_t set_n, set_of, round_n, round_of, rep_n, rep_of;
    VmEvent rep, set;       /* the last EV_REP and EV_SET: both ends of a range */
    const char *side_label;
    char side_buf[SCREEN_SIDE_BYTES]; /* a side in the patient's words: "operated leg (left)" */
    const char *message;    /* the last control event, in words */
    const char *phase;      /* the phase of the rep playing ("Up"), or NULL */

    bool intro, resuming;   /* the calm start (screen_intro_begin) */
    ScreenText intro_texts[INTRO_TEXTS];
    unsigned n_intro;
    /* lang-b: the words of schedule, load, effort... events (events_describe),
     * kept while a text may point at them: more slots than texts shown. */
    char said[SCREEN_SAID][SCREEN_SAID_BYTES];
    unsigned next_said;
    const char *prompt; /* a question shown while paused (or at the intro), or NULL */
    ScreenTop top;      /* what the top rows show, when top_drawn */
    bool top_drawn;
};

/* ---- text measuring and drawing (UTF-8) -------------------------------- */

/* Length in bytes and display width of the character at `s` (at most `n`
 * bytes).  Invalid bytes and control characters count as one column: they
 * are drawn as '?' and ' ' respectively. */
static size_t char_at(const char *s, size_t n, int *width, bool *printable) {
    if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F) { /* ASCII: what mbrtowc says, cheaply */
        *width = 1;
        *printable = true;
        return 1;
    }
    mbstate_t state;
    memset(&state, 0, sizeof state);
    wchar_t wc;
    size_t len = mbrtowc(&wc, s, n, &state);
    if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
        *width = 1;
        *printable = false;
        return 1;
    }
    int w = wcwidth(wc);
    *printable = w >= 0;
    *width = w >= 0 ? w : 1;
    return len;
}

/* Draw `n` bytes of `s` at the cursor, at most `maxw` columns.  Returns the
 * columns used. */
static int put_span(const char *text, size_t n, int maxw) {
    /* The routine's texts go through the one sanitiser (safetext.h): what
     * it keeps is drawn, so a bidi override cannot reorder the screen. */
    char *s = safe_text_dup(text, n, 0);
    if (!s)
        return 0;
    n = strlen(s);
    int used = 0;
    size_t i = 0, run = 0; /* s[run..i): printable, not drawn yet (drawn in one call) */
    while (i < n) {
        int w;
        bool printable;
        size_t len = char_at(s + i, n - i, &w, &printable);
        if (used + w > maxw)
            break;
        if (!printable) {
            addnstr(s + run, (int)(i - run));
            addch(len == 1 && (unsigned char)s[i] >= 0x80 ? '?' : ' ');
            run = i + len;
        }
        used += w;
        i += len;
    }
    addnstr(s + run, (int)(i - run));
    free(s);
    return used;
}

static int text_width(const char *s);

/* The sign that something did not fit. */
static const char *cut_sign(void) {
    return strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "\u2026" : "~";
}

/* Like put_span, but when `s` does not fit in `maxw` columns its last
 * column says so (a cut is never silent). */
static int put_span_marked(const char *s, size_t n, int maxw) {
    if (maxw < 1)
        return 0;
    char whole[1024];
    snprintf(whole, sizeof whole, "%.*s", (int)(n < sizeof whole ? n : sizeof whole - 1), s);
    if (text_width(whole) <= maxw)
        return put_span(s, n, maxw);
    int used = put_span(s, n, maxw - 1);
    addstr(cut_sign());
    return used + 1;
}

static int text_width(const char *s) {
    int total = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int w;
        bool printable;
        i += char_at(s + i, n - i, &w, &printable);
        total += w;
    }
    return total;
}

/* One wrapped line of `s` in `width` columns: its length in bytes; *next
 * is where the following line starts.  Breaks at a space when it can, at
 * a newline always. */
static size_t wrap_line(const char *s, int width, const char **next) {
    size_t n = strlen(s), i = 0, last_space = 0;
    int used = 0;
    while (i < n && s[i] != '\n') {
        int w;
        bool printable;
        size_t len = char_at(s + i, n - i, &w, &printable);
        if (used + w > width && i > 0) {
            size_t end = last_space ? last_space : i;
            *next = s + end;
            while (**next == ' ')
                (*next)++;
            return end;
        }
        if (s[i] == ' ')
            last_space = i;
        used += w;
        i += len;
    }
    *next = s + i + (s[i] == '\n');
    return i;
}

/* Draw `s` wrapped from row *y, columns x..x+width, not below `last`;
 * advances *y.  When the rows run out first, the last one ends with the
 * cut sign; returns whether all of `s` was drawn. */
static bool put_wrapped(int *y, int x, int width, int last, const char *s) {
    if (width < 2)
        return !*s;
    while (*s && *y <= last) {
        const char *next;
        size_t len = wrap_line(s, width, &next);
        bool cut = *next && *y == last;
        move(*y, x);
        put_span(s, len, cut ? width - 1 : width);
        if (cut)
            addstr(cut_sign());
        (*y)++;
        s = next;
    }
    return !*s;
}

/* The column where `width` columns start to be centred. */
static int centred_x(int width) {
    return width < COLS ? (COLS - width) / 2 : 0;
}

static void put_centred(int y, const char *s, attr_t attr) {
    int x = centred_x(text_width(s));
    attron(attr);
    move(y, x);
    put_span_marked(s, strlen(s), COLS - x);
    attroff(attr);
}

/* ---- large digits ------------------------------------------------------ */

/* 3x5 glyphs; each '#' becomes two columns so the digits look square. */
static const char *const glyphs[11][GLYPH_ROWS] = {
    {"###", "# #", "# #", "# #", "###"}, {" # ", "## ", " # ", " # ", "###"},
    {"###", "  #", "###", "#  ", "###"}, {"###", "  #", "###", "  #", "###"},
    {"# #", "# #", "###", "  #", "  #"}, {"###", "#  ", "###", "  #", "###"},
    {"###", "#  ", "###", "# #", "###"}, {"###", "  #", "  #", "  #", "  #"},
    {"###", "# #", "###", "# #", "###"}, {"###", "# #", "###", "  #", "###"},
    {" ", "#", " ", "#", " "},
};

static const char *const *glyph_for(char c) {
    return c == ':' ? glyphs[10] : glyphs[c - '0'];
}

static int big_width(const char *digits) {
    int w = 0;
    for (const char *p = digits; *p; p++)
        w += 2 * (int)strlen(glyph_for(*p)[0]) + 2;
    return w > 0 ? w - 2 : 0;
}

/* One row of the large digits: each pixel two cells, lit as a full block
 * (or, without UTF-8, a reversed space), glyphs two cells apart.  Put as
 * cells, not text: the countdown is redrawn every second, and ncurses
 * then has no multibyte text to decode. */
static void put_big_row(const Screen *s, const char *digits, int row) {
    cchar_t cells[256];
    int n = 0;
    for (const char *p = digits; *p && n + 8 < (int)(sizeof cells / sizeof cells[0]); p++) {
        for (const char *g = glyph_for(*p)[row]; *g; g++, n += 2)
            cells[n] = cells[n + 1] = *g == '#' ? s->lit : s->unlit;
        if (p[1]) {
            cells[n] = cells[n + 1] = s->unlit;
            n += 2;
        }
    }
    add_wchnstr(cells, n);
}

static void put_big(const Screen *s, int top, const char *digits) {
    int x0 = centred_x(big_width(digits));
    for (int row = 0; row < GLYPH_ROWS; row++) {
        move(top + row, x0);
        put_big_row(s, digits, row);
    }
}

/* ---- what the clock shows ---------------------------------------------- */

/* An open hold, or a rest as needed (a rest that waits for a key): the
 * clock counts up, the time spent, since nobody set a number. */
static bool is_open_hold(const ScreenClock *c) {
    return (c->activity == ACT_HOLD && c->hold == HOLD_OPEN) ||
           (c->activity == ACT_REST && c->status == VM_WAIT_KEY);
}

static bool is_timed(VmActivity a) {
    return a == ACT_GET_READY || a == ACT_HOLD || a == ACT_TEMPO || a == ACT_REST;
}

/* Whole seconds to show (counting down, or up for an open hold), or -1. */
static int64_t shown_seconds(const ScreenClock *c) {
    if (c->status == VM_FINISHED || !is_timed(c->activity))
        return -1;
    if (is_open_hold(c)) {
        int64_t up = (c->paused ? c->paused_at : c->now) - c->activity_start;
        return up > 0 ? up / 1000 : 0;
    }
    int64_t left = c->paused ? c->remaining_when_paused : c->deadline - c->now;
    return left > 0 ? (left + 999) / 1000 : 0;
}

int64_t screen_next_tick(const ScreenClock *c) {
    if (c->paused || c->status == VM_FINISHED || !is_timed(c->activity))
        return -1;
    if (is_open_hold(c)) {
        int64_t up = c->now > c->activity_start ? c->now - c->activity_start : 0;
        return c->activity_start + (up / 1000 + 1) * 1000;
    }
    if (c->status != VM_WAIT_TIME || c->deadline <= c->now)
        return -1;
    int64_t shown = (c->deadline - c->now + 999) / 1000;
    return c->deadline - (shown - 1) * 1000;
}

/* "45" under a minute (the big digits count seconds), then "1:05". */
static void format_seconds(int64_t secs, char *buf, size_t size) {
    if (secs >= 60)
        duration_clock((uint64_t)secs, buf, size);
    else
        snprintf(buf, size, "%d", secs < 0 ? 0 : (int)secs);
}

static const char *activity_label(const ScreenClock *c) {
    switch (c->activity) {
    case ACT_GET_READY: return _("Get ready");
    case ACT_REST:
        return c->status == VM_WAIT_KEY ? _("Rest as long as you need: press Enter when ready")
                                        : _("Rest");
    case ACT_TEMPO: return _("Move slowly through the rep");
    case ACT_WAIT_KEY: return _("At your own pace: press Enter when done");
    case ACT_HOLD:
        if (c->hold == HOLD_OPEN)
            return _("Hold as long as you can: press Enter to stop");
        if (c->hold == HOLD_UP_TO)
            return _("Hold (up to): press Enter to stop sooner");
        return _("Hold");
    default: return "";
    }
}

/* ---- events ------------------------------------------------------------ */

/* Keep the last SCREEN_TEXTS texts of `list`. */
static void push_text(ScreenText *list, unsigned *n, VmEventKind kind, const char *text) {
    if (*n == SCREEN_TEXTS) {
        memmove(list, list + 1, (SCREEN_TEXTS - 1) * sizeof list[0]);
        (*n)--;
    }
    list[(*n)++] = (ScreenText){kind, text};
}

static void add_text(Screen *s, const VmEvent *ev) {
    if (s->texts_of == TEXTS_SECTION)
        push_text(s->lead, &s->n_lead, ev->kind, ev->text);
    else if (s->texts_of == TEXTS_EXERCISE)
        push_text(s->texts, &s->n_texts, ev->kind, ev->text);
    /* The routine's own texts were on the intro. */
}

/* A section starts: its texts lead to its first exercise.  (The texts of
 * sections entered one inside the other add up.) */
static void begin_section(Screen *s, const VmEvent *ev) {
    s->section = ev->text;
    if (s->texts_of != TEXTS_SECTION)
        s->n_lead = 0;
    s->texts_of = TEXTS_SECTION;
}

static void begin_exercise(Screen *s, const VmEvent *ev) {
    if (s->texts_of != TEXTS_SECTION)
        s->n_lead = 0;
    s->texts_of = TEXTS_EXERCISE;
    s->exercise = ev->text;
    if (ev->section && *ev->section)
        s->section = ev->section;
    s->kind = ev->detail;
    s->variant = ev->variant;
    s->position = NULL;
    s->n_texts = 0;
    s->set_n = s->set_of = s->rep_n = s->rep_of = 0;
    s->side_label = NULL;
    s->message = NULL;
    s->phase = NULL;
}

static const char *side_words(Screen *s, const VmEvent *ev) {
    return events_side_words(ev, s->side_buf, sizeof s->side_buf);
}

/* lang-b: a schedule, load, effort, pain limit, stage, rule, lock,
 * alternative or fallback, in words, as a note of the exercise (or of the
 * intro).  The words are copied: the described text lives nowhere else. */
static void screen_said(Screen *s, const VmEvent *ev, bool intro) {
    char words[SCREEN_SAID_BYTES];
    if (!events_words(ev, words, sizeof words) || ev->kind == EV_PAIN_CHOICE)
        return;
    char *slot = s->said[s->next_said++ % SCREEN_SAID];
    memcpy(slot, words, sizeof words);
    if (intro) {
        if (s->n_intro < INTRO_TEXTS)
            s->intro_texts[s->n_intro++] = (ScreenText){ev->kind, slot};
        return;
    }
    VmEvent note = *ev; /* its own kind: no "Note:" before "Load: 2kg" */
    note.text = slot;
    add_text(s, &note);
}

void screen_prompt(Screen *s, const char *question) {
    if (!s)
        return;
    s->prompt = question;
    s->dirty = true;
}

void screen_intro_event(Screen *s, const VmEvent *ev) {
    if (!s)
        return;
    s->dirty = true;
    if (ev->kind == EV_NOTE || ev->kind == EV_SAFETY || ev->kind == EV_GATE)
        screen_intro_text(s, ev->kind, ev->text);
    else
        screen_said(s, ev, true);
}

static void begin_routine(Screen *s, const VmEvent *ev) {
    s->title = ev->text;
    s->texts_of = TEXTS_ROUTINE;
    s->n_lead = 0;
}

static void begin_rep(Screen *s, const VmEvent *ev) {
    s->n_lead = 0; /* the get-ready is over */
    s->rep_n = ev->n;
    s->rep_of = ev->of;
    s->rep = *ev;
    s->side_label = side_words(s, ev);
}

/* A cue; a self-test's `stop if` in the patient's words (copied: the
 * composed words live nowhere else). */
static void show_cue(Screen *s, const VmEvent *ev) {
    char *slot = s->said[s->next_said % SCREEN_SAID];
    VmEvent cue = *ev;
    cue.text = ev->text ? events_cue_words(ev->text, slot, SCREEN_SAID_BYTES) : NULL;
    if (cue.text == slot)
        s->next_said++;
    add_text(s, &cue);
}

/* A set at the patient's own pace: how many, shown as a cue. */
static void show_wait(Screen *s, const VmEvent *ev) {
    if (!ev->of)
        return;
    char *slot = s->said[s->next_said++ % SCREEN_SAID];
    VmEvent said = *ev;
    said.text = events_wait_words(ev, slot, SCREEN_SAID_BYTES);
    said.kind = EV_CUE;
    add_text(s, &said);
}

void screen_event(Screen *s, const VmEvent *ev) {
    if (!s)
        return;
    s->dirty = true;
    switch (ev->kind) {
    case EV_START: begin_routine(s, ev); break;
    case EV_SECTION: begin_section(s, ev); break;
    case EV_EXERCISE: begin_exercise(s, ev); break;
    case EV_POSITION: s->position = ev->text; break;
    case EV_CUE: show_cue(s, ev); break;
    case EV_BREATHE: case EV_NOTE: case EV_SAFETY: case EV_GATE:
        add_text(s, ev);
        break;
    case EV_SET: s->set_n = ev->n; s->set_of = ev->of; s->set = *ev; s->rep_n = 0; break;
    case EV_ROUND: s->round_n = ev->n; s->round_of = ev->of; break;
    case EV_SIDE: s->side_label = side_words(s, ev); break;
    case EV_REP: begin_rep(s, ev); s->phase = NULL; break;
    case EV_TEMPO: s->phase = NULL; break; /* its phases follow, if it has any */
    case EV_PHASE: s->phase = events_phase_label(ev); break;
    case EV_WAIT: show_wait(s, ev); break;
    case EV_SKIP: s->message = _("Skipped"); break;
    case EV_BACK: s->message = _("Starting this exercise again"); break;
    case EV_PAIN: s->message = _("Stopped because of pain"); break;
    case EV_QUIT: s->message = _("Stopped"); break;
    case EV_END: s->message = ev->completed ? _("Well done: routine complete") : s->message; break;
    default: screen_said(s, ev, false); break;
    }
}

/* ---- layout ------------------------------------------------------------ */

/* A colour attribute, or none: colour only ever repeats what words say. */
static attr_t colour(const Screen *s, short pair) {
    return s->color ? (attr_t)COLOR_PAIR(pair) : 0;
}

static const char *dot(const Screen *s) {
    return s->utf8 ? " \u00b7 " : " - ";
}

static void draw_header(const Screen *s, const ScreenClock *c) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s%s", s->title ? s->title : "",
             s->title && s->section && *s->section ? dot(s) : "",
             s->section ? s->section : "");
    int right = c->paused ? 8 : 0;
    attron(colour(s, PAIR_TITLE));
    move(0, 1);
    put_span_marked(buf, strlen(buf), COLS - 2 - right);
    attroff(colour(s, PAIR_TITLE));
    if (c->paused && COLS > 10) {
        attron(A_BOLD | A_REVERSE | colour(s, PAIR_PAUSED));
        mvaddstr(0, COLS - 8, _("PAUSED"));
        attroff(A_BOLD | A_REVERSE | colour(s, PAIR_PAUSED));
    }
}

static const char *text_prefix(VmEventKind kind) {
    switch (kind) {
    case EV_POSITION: return _("Position: ");
    case EV_BREATHE: return _("Breathe: ");
    case EV_NOTE: return _("Note: ");
    case EV_SAFETY: return _("Safety: ");
    case EV_GATE: return _("Only if: ");
    default: return "";
    }
}

/* The column a text of `kind` starts at, after its bullet or prefix. */
static int text_column(VmEventKind kind) {
    return kind == EV_CUE ? 4 : 2 + (int)strlen(text_prefix(kind));
}

static bool draw_prefixed(int *y, int last, VmEventKind kind, const char *text,
                          const Screen *s) {
    const char *prefix = text_prefix(kind);
    if (*y > last) { /* no room left: the row above says more follows */
        if (last >= 0)
            mvaddstr(last, COLS - 2, cut_sign());
        return false;
    }
    if (kind == EV_CUE) {
        mvaddstr(*y, 2, s->utf8 ? "\u2022" : "*");
    } else if (*prefix) {
        attron(A_BOLD | (kind == EV_SAFETY ? colour(s, PAIR_SAFETY) : 0));
        mvaddstr(*y, 2, prefix);
        attroff(A_BOLD | colour(s, PAIR_SAFETY));
    }
    int x = text_column(kind);
    return put_wrapped(y, x, COLS - x - 1, last, text);
}

/* Rows `text` takes when drawn by draw_prefixed, counted up to `limit`. */
static int text_rows(VmEventKind kind, const char *text, int limit) {
    int width = COLS - text_column(kind) - 1, rows = 0;
    if (width < 1)
        return limit;
    while (*text && rows < limit) {
        const char *next;
        wrap_line(text, width, &next);
        text = next;
        rows++;
    }
    return rows;
}

/* Rows the exercise block needs (its name, the section's texts, the
 * position and its own texts), counted up to `limit`. */
static int exercise_rows(const Screen *s, int limit) {
    if (!s->exercise)
        return 0;
    int rows = 1;
    for (unsigned i = 0; i < s->n_lead && rows < limit; i++)
        rows += text_rows(s->lead[i].kind, s->lead[i].text, limit - rows);
    if (s->position && rows < limit)
        rows += text_rows(EV_POSITION, s->position, limit - rows);
    for (unsigned i = 0; i < s->n_texts && rows < limit; i++)
        rows += text_rows(s->texts[i].kind, s->texts[i].text, limit - rows);
    return rows;
}

/* The exercise and its texts, from row 2 down to `last`: its position
 * first (what to do during the get-ready), then the section's words
 * (during the first get-ready of a section), then how to do it.  What
 * does not fit ends with the cut sign. */
static void draw_exercise(const Screen *s, int last) {
    int y = 2;
    if (!s->exercise || last < y)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s%s%s%s", s->exercise, /* the kind: a word of EXERCISE_KINDS */
             s->kind && *s->kind ? dot(s) : "", s->kind && *s->kind ? _(s->kind) : "",
             s->variant ? dot(s) : "", s->variant ? s->variant : "");
    attron(A_BOLD);
    move(y++, 1);
    put_span_marked(buf, strlen(buf), COLS - 2);
    attroff(A_BOLD);
    bool all = !s->position || draw_prefixed(&y, last, EV_POSITION, s->position, s);
    for (unsigned i = 0; i < s->n_lead && all; i++)
        all = draw_prefixed(&y, last, s->lead[i].kind, s->lead[i].text, s);
    for (unsigned i = 0; i < s->n_texts && all; i++)
        all = draw_prefixed(&y, last, s->texts[i].kind, s->texts[i].text, s);
}

/* During a rest: what comes after it, never the rep already done. */
static bool draw_up_next(const Screen *s, const ScreenClock *c, int y) {
    char buf[512], role[SCREEN_SIDE_BYTES];
    const VmEvent *r = c->next_rep;
    const char *side = r ? events_side_words(r, role, sizeof role) : NULL;
    if (c->activity != ACT_REST || c->status == VM_FINISHED)
        return false;
    char ends[160];
    if (r && r->least) /* TRANSLATORS: "Next: rep 9", then " · 8 to 12 · Enter when...", " · ", the side */
        snprintf(buf, sizeof buf, _("Next: rep %u%s%s%s"), r->n,
                 events_range_ends(r, r->n > r->least, ends, sizeof ends), side ? dot(s) : "",
                 side ? side : "");
    else if (r) /* TRANSLATORS: "Next: rep 3 of 10", then " · " and the side ("left knee") */
        snprintf(buf, sizeof buf, _("Next: rep %u of %u%s%s"), r->n, r->of, side ? dot(s) : "",
                 side ? side : "");
    else if (c->next_exercise)
        snprintf(buf, sizeof buf, _("Next: %s"), c->next_exercise);
    else
        snprintf(buf, sizeof buf, "%s", _("Next: the end of the routine"));
    put_centred(y, buf, A_BOLD);
    return true;
}

static void draw_progress(const Screen *s, const ScreenClock *c, int y) {
    char buf[512] = {0};
    size_t n = 0;
    if (draw_up_next(s, c, y))
        return;
    if (s->round_of && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, _("Round %u of %u"), s->round_n, s->round_of);
    char count[240]; /* both ends of a range: "Rep 9 · 8 to 12 · Enter when you have had enough" */
    if (s->set_of && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? dot(s) : "",
                              events_count_words(&s->set, count, sizeof count));
    VmEvent rep = s->rep;
    rep.n = s->rep_n; /* 0 between a set and its first rep */
    if (s->rep_of && n < sizeof buf)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? dot(s) : "",
                              events_count_words(&rep, count, sizeof count));
    if (s->side_label && n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "%s%s", n ? dot(s) : "", s->side_label);
    put_centred(y, buf, A_BOLD);
}

/* The countdown (or the time held so far) from row `row`, in large digits
 * or one centred line; remembered so that the next second redraws only it. */
static void draw_countdown(Screen *s, const ScreenClock *c, int row, bool big) {
    int64_t secs = shown_seconds(c);
    if (secs < 0 || row < 0)
        return;
    char digits[32];
    format_seconds(secs, digits, sizeof digits);
    attron(colour(s, PAIR_COUNT));
    if (big)
        put_big(s, row, digits);
    else
        put_centred(row, digits, A_BOLD);
    attroff(colour(s, PAIR_COUNT));
    int width = big ? big_width(digits) : text_width(digits);
    s->digits_row = row;
    s->digits_x = centred_x(width);
    s->digits_w = width < COLS - s->digits_x ? width : COLS - s->digits_x;
    s->digits_big = big;
}

static void draw_status(Screen *s, const ScreenClock *c, int label_row,
                        int digits_row, bool big) {
    if (c->paused && s->prompt) /* lang-b: a question while the clock waits */
        put_centred(label_row, s->prompt, A_BOLD | A_REVERSE | colour(s, PAIR_PAUSED));
    else if (c->paused)
        put_centred(label_row, _("PAUSED: press space to continue"),
                    A_BOLD | A_REVERSE | colour(s, PAIR_PAUSED));
    else if (c->status == VM_FINISHED || (s->message && c->activity == ACT_NONE))
        put_centred(label_row, s->message ? s->message : "", A_BOLD);
    else if (c->activity == ACT_TEMPO && s->phase) /* "Up", its countdown below */
        put_centred(label_row, s->phase, A_BOLD);
    else
        put_centred(label_row, activity_label(c), A_BOLD);
    draw_countdown(s, c, digits_row, big);
}

static void draw_next(const Screen *s, const ScreenClock *c, int y) {
    char buf[512];
    if (c->next_exercise)
        snprintf(buf, sizeof buf, _("Next: %s"), c->next_exercise);
    else if (c->next_is_end && s->exercise)
        snprintf(buf, sizeof buf, "%s", _("Next: the end of the routine"));
    else
        return;
    put_centred(y, buf, A_DIM);
}

/* The keys, shortened to what fits: `?` always leads to the rest.  Worked
 * out again only when the width changes. */
static void draw_help_line(Screen *s) {
    if (s->help_cols != COLS) {
        char full[256], mid[256];
        keys_help_line(full, sizeof full, dot(s), false);
        keys_help_line(mid, sizeof mid, dot(s), true);
        const char *line = text_width(full) <= COLS ? full : text_width(mid) <= COLS ? mid : _("? help");
        snprintf(s->help_line, sizeof s->help_line, "%s", line);
        s->help_cols = COLS;
    }
    move(LINES - 1, 0);
    put_span(s->help_line, strlen(s->help_line), COLS);
}

/* One line of the help box's frame: corners and edges that match. */
static void draw_box_row(int y, int left, int w, chtype first, chtype fill, chtype end) {
    move(y, left);
    for (int x = 0; x < w && left + x < COLS; x++)
        addch(x == 0 ? first : x == w - 1 ? end : fill);
}

/* The column of the help box's texts: past the widest key label in the
 * patient's language ("space", "Leertaste"). */
static int help_text_column(void) {
    int widest = 0;
    for (int i = 0; i < SESSION_KEY__COUNT; i++) {
        int w = text_width(_(session_keys[i].label));
        widest = w > widest ? w : widest;
    }
    return widest + 1;
}

static void draw_help_overlay(void) {
    int h = SESSION_KEY__COUNT + 4, w = 56;
    int top = (LINES - h) / 2, left = (COLS - w) / 2;
    if (top < 0 || left < 0)
        top = left = 0;
    if (w > COLS)
        w = COLS;
    draw_box_row(top, left, w, ACS_ULCORNER, ACS_HLINE, ACS_URCORNER);
    for (int i = 1; i < h - 1 && top + i < LINES; i++)
        draw_box_row(top + i, left, w, ACS_VLINE, ' ', ACS_VLINE);
    if (top + h - 1 < LINES)
        draw_box_row(top + h - 1, left, w, ACS_LLCORNER, ACS_HLINE, ACS_LRCORNER);
    mvaddstr(top + 1, left + 2, _("Keys"));
    int column = help_text_column();
    for (int i = 0; i < SESSION_KEY__COUNT && top + 3 + i < LINES - 1; i++) {
        char line[160];
        const char *label = _(session_keys[i].label);
        snprintf(line, sizeof line, "%s%*s%s", label, column - text_width(label), "", _(session_keys[i].help));
        move(top + 3 + i, left + 2);
        put_span_marked(line, strlen(line), w - 4);
    }
}

/* A terminal too small for the layout: the exercise, what to do, and the
 * countdown, on as many of three lines as there are. */
static void draw_compact(Screen *s, const ScreenClock *c) {
    int y = 0;
    if (LINES >= 3 && s->exercise) {
        attron(A_BOLD);
        move(y++, 0);
        put_span_marked(s->exercise, strlen(s->exercise), COLS);
        attroff(A_BOLD);
    }
    draw_status(s, c, y, y + 1 < LINES ? y + 1 : -1, false);
}

/* ---- the calm start ------------------------------------------------------ */

static void draw_intro_texts(const Screen *s, int *y, int last) {
    /* Safety first: if the texts do not all fit, these must. */
    for (unsigned i = 0; i < s->n_intro; i++)
        if (s->intro_texts[i].kind == EV_SAFETY)
            draw_prefixed(y, last, EV_SAFETY, s->intro_texts[i].text, s);
    for (unsigned i = 0; i < s->n_intro; i++)
        if (s->intro_texts[i].kind != EV_SAFETY)
            draw_prefixed(y, last, s->intro_texts[i].kind, s->intro_texts[i].text, s);
}

/* A small terminal: what to do first, then the texts. */
static void draw_intro_small(Screen *s, const char *start) {
    int y = 0;
    if (LINES >= 2 && s->title)
        put_centred(y++, s->title, A_BOLD);
    put_centred(y++, start, A_BOLD);
    draw_intro_texts(s, &y, LINES - 1);
}

/* Where a resumed session goes on. */
static void draw_welcome_back(const Screen *s, int *y, int last) {
    char where[512];
    snprintf(where, sizeof where, _("Welcome back: the session continues where you left it%s%s."),
             s->exercise ? _(", in ") : "", s->exercise ? s->exercise : "");
    attron(A_BOLD);
    put_wrapped(y, 1, COLS - 2, last, where);
    attroff(A_BOLD);
    (*y)++;
}

/* The question at the start (which side is affected, a proposal: asked
 * once), on one line or, when `two`, on two above how to start. */
static void draw_intro_prompt(const Screen *s, bool two) {
    if (!two) {
        put_centred(LINES - 4, s->prompt, A_BOLD);
        return;
    }
    int y = LINES - 5;
    attron(A_BOLD);
    put_wrapped(&y, 1, COLS - 2, LINES - 4, s->prompt);
    attroff(A_BOLD);
}

/* The title, where a resumed session goes on, the routine's notes, how to
 * start, and the keys. */
static void draw_intro(Screen *s) {
    char start[128];
    snprintf(start, sizeof start, _("Press Enter to start%sq to leave"), dot(s));
    if (LINES < 10 || COLS < 20) {
        draw_intro_small(s, start);
        return;
    }
    /* The question at the start takes two lines when one is too short:
     * its answers come last and must be seen. */
    bool two = s->prompt && text_width(s->prompt) > COLS - 2;
    int y = 1, last = two ? LINES - 6 : LINES - 5;
    attron(A_BOLD | colour(s, PAIR_TITLE));
    put_wrapped(&y, 1, COLS - 2, 2, s->title ? s->title : "");
    attroff(A_BOLD | colour(s, PAIR_TITLE));
    y++;
    if (s->resuming)
        draw_welcome_back(s, &y, last);
    draw_intro_texts(s, &y, last);
    if (s->prompt)
        draw_intro_prompt(s, two);
    put_centred(LINES - 3, start, A_BOLD | A_REVERSE);
    draw_help_line(s);
}

void screen_intro_begin(Screen *s, const char *title, bool resuming) {
    if (!s)
        return;
    s->intro = true;
    s->resuming = resuming;
    s->n_intro = 0;
    if (title)
        s->title = title;
    s->dirty = true;
}

void screen_intro_text(Screen *s, VmEventKind kind, const char *text) {
    if (!s || !text || s->n_intro == INTRO_TEXTS)
        return;
    s->intro_texts[s->n_intro++] = (ScreenText){kind, text};
    s->dirty = true;
}

void screen_intro_end(Screen *s) {
    if (!s)
        return;
    s->intro = false;
    s->help = false;
    s->dirty = true;
}

/* ---- the whole screen ---------------------------------------------------- */

/* Rows from the bottom up: keys, what comes next, the countdown (large
 * or not), what to do, the rep; the exercise takes the rest from row 2. */
static Layout layout(bool big) {
    Layout l = {.big = big, .help = LINES - 1};
    l.next = LINES >= 12 ? l.help - 2 : l.help;
    l.digits = l.next - 1 - (big ? GLYPH_ROWS : 1);
    l.label = l.digits - (big ? 2 : 1);
    l.progress = l.label - 1;
    l.exercise_last = big ? l.progress - 2 : l.progress - 1;
    return l;
}

/* Large digits when the terminal is big enough and the exercise's texts
 * still fit; words to read matter more than the size of the countdown. */
static Layout choose_layout(const Screen *s) {
    Layout l = layout(COLS >= BIG_MIN_COLS && LINES >= BIG_MIN_ROWS);
    int rows = l.exercise_last - 1; /* rows 2..exercise_last */
    if (l.big && exercise_rows(s, rows + 1) > rows)
        l = layout(false);
    return l;
}

static void top_of(const Screen *s, const ScreenClock *c, const Layout *l, ScreenTop *top) {
    *top = (ScreenTop){.title = s->title, .section = s->section, .exercise = s->exercise,
                       .kind = s->kind, .variant = s->variant, .position = s->position,
                       .n_texts = s->n_texts, .n_lead = s->n_lead, .said = s->next_said,
                       .exercise_last = l->exercise_last, .lines = LINES, .cols = COLS,
                       .paused = c->paused};
    memcpy(top->texts, s->texts, s->n_texts * sizeof s->texts[0]);
    memcpy(top->lead, s->lead, s->n_lead * sizeof s->lead[0]);
}

static bool same_texts(const ScreenText *a, const ScreenText *b, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        if (a[i].kind != b[i].kind || a[i].text != b[i].text)
            return false;
    return true;
}

static bool same_top(const ScreenTop *a, const ScreenTop *b) {
    return a->title == b->title && a->section == b->section && a->exercise == b->exercise &&
           a->kind == b->kind && a->variant == b->variant && a->position == b->position &&
           a->n_texts == b->n_texts && a->n_lead == b->n_lead && a->said == b->said &&
           same_texts(a->texts, b->texts, a->n_texts) && same_texts(a->lead, b->lead, a->n_lead) &&
           a->exercise_last == b->exercise_last && a->lines == b->lines && a->cols == b->cols &&
           a->paused == b->paused;
}

/* Clear the countdown's cells (from row `row`), as last drawn. */
static void clear_countdown(const Screen *s, int row, bool big) {
    for (int y = row; y < row + (big ? GLYPH_ROWS : 1) && y < LINES; y++)
        mvhline(y, s->digits_x, ' ', s->digits_w);
}

/* Clear what the last draw of this same layout wrote below the exercise:
 * the rep, what to do, the countdown's cells and what comes next (the
 * rows between them stay blank).  ncurses then compares only those cells
 * with the terminal's, not eleven whole rows. */
static void clear_below(const Screen *s, const Layout *l) {
    const int rows[] = {l->progress, l->label, l->next};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i] > 1 && rows[i] > l->exercise_last && rows[i] < l->help) {
            move(rows[i], 0);
            clrtoeol();
        }
    }
    clear_countdown(s, l->digits > 1 ? l->digits : 1, l->big);
}

/* The session's layout.  The header, the exercise and the keys are drawn
 * again only when they changed (or `whole`); then what is below the
 * exercise. */
static void draw_session(Screen *s, const ScreenClock *c, bool whole) {
    Layout l = choose_layout(s);
    ScreenTop top;
    top_of(s, c, &l, &top);
    if (!whole && s->top_drawn && same_top(&top, &s->top)) {
        clear_below(s, &l);
    } else {
        erase();
        draw_header(s, c);
        draw_exercise(s, l.exercise_last);
        draw_help_line(s);
        s->top = top;
    }
    s->top_drawn = !whole;
    if (l.progress > 1)
        draw_progress(s, c, l.progress);
    if (l.label > 1)
        draw_status(s, c, l.label, l.digits > 1 ? l.digits : 1, l.big);
    if (l.next != l.help && c->activity != ACT_REST)
        draw_next(s, c, l.next); /* a rest says what is next itself */
}

/* Everything, or (the session going on) what changed.  Whatever is drawn
 * over the layout (the intro, the help box, the compact view) makes the
 * next draw a whole one. */
static void draw_all(Screen *s, const ScreenClock *c) {
    s->digits_row = -1;
    if (s->intro || LINES < 10 || COLS < 20) {
        s->top_drawn = false;
        erase();
        if (!s->intro) {
            draw_compact(s, c);
            return;
        }
        draw_intro(s);
    } else {
        draw_session(s, c, s->help);
    }
    if (s->help)
        draw_help_overlay();
}

static ScreenView view_of(const ScreenClock *c) {
    const VmEvent *r = c->next_rep;
    return (ScreenView){.status = c->status, .activity = c->activity, .hold = c->hold,
                        .paused = c->paused, .next_is_end = c->next_is_end, .has_next_rep = r != NULL,
                        .next_exercise = c->next_exercise, .next_n = r ? r->n : 0,
                        .next_of = r ? r->of : 0, .next_side = r ? r->side : SIDE_NONE};
}

static bool same_view(const ScreenView *a, const ScreenView *b) {
    return a->status == b->status && a->activity == b->activity && a->hold == b->hold &&
           a->paused == b->paused && a->next_is_end == b->next_is_end &&
           a->has_next_rep == b->has_next_rep && a->next_exercise == b->next_exercise &&
           a->next_n == b->next_n && a->next_of == b->next_of && a->next_side == b->next_side;
}

/* Only the countdown's cells, cleared and drawn again: nothing else is
 * laid out again, and ncurses has only these cells to compare with what
 * the terminal shows (the rest of each row stays untouched), then sends
 * the few that differ. */
static void redraw_countdown(Screen *s, const ScreenClock *c) {
    clear_countdown(s, s->digits_row, s->digits_big);
    draw_countdown(s, c, s->digits_row, s->digits_big);
}

void screen_draw(Screen *s, const ScreenClock *c) {
    if (!s)
        return;
    int64_t shown = shown_seconds(c);
    ScreenView view = view_of(c);
    bool same = !s->dirty && same_view(&s->drawn, &view);
    if (same && shown == s->shown)
        return;
    s->shown = shown;
    if (same && shown >= 0 && s->digits_row >= 0 && !s->help && !s->intro) {
        redraw_countdown(s, c);
    } else {
        s->dirty = false;
        s->drawn = view;
        draw_all(s, c);
    }
    refresh();
}

/* ---- the terminal ------------------------------------------------------ */

static void start_colour(Screen *s) {
    const char *no_color = getenv("NO_COLOR");
    s->color = has_colors() && !(no_color && *no_color);
    if (!s->color)
        return;
    start_color();
    use_default_colors();
    init_pair(PAIR_TITLE, COLOR_CYAN, -1);
    init_pair(PAIR_PAUSED, COLOR_YELLOW, -1);
    init_pair(PAIR_COUNT, COLOR_GREEN, -1);
    init_pair(PAIR_SAFETY, COLOR_RED, -1);
}

/* One write(2) per refresh, not one per cursor move.  ncurses 6.4 flushes
 * its output after every cursor motion while a screen made by newterm()
 * has never been through endwin() (its "not yet in curses mode" state,
 * meant for terminfo-level programs): a countdown second cost five or
 * six writes to the terminal, a redraw after an event a dozen, each a
 * trip through the kernel's tty layer.  One endwin() and doupdate()
 * before anything is drawn put it in the running state; nothing of the
 * session is on the screen yet, so nothing is seen but the terminal's
 * own screen, as before. */
static void batch_output(void) {
    endwin();
    doupdate();
}

/* Keys one at a time, not echoed, never waited for. */
static void input_modes(void) {
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    nodelay(stdscr, TRUE); /* session.c polls; getch never waits */
    set_escdelay(25);      /* a lone Esc must not stall the loop for a second */
    typeahead(-1); /* a refresh is never cut short to look for keys: poll() does */
}

/* How ncurses updates the terminal. */
static void output_modes(void) {
    /* The cursor is hidden, so it may stay where the last change left it:
     * no cursor motion at the end of every refresh. */
    if (curs_set(0) != ERR)
        leaveok(stdscr, TRUE);
    /* A changed span is written again rather than shifted with insert and
     * delete character (which saves bytes on a slow serial line, nothing
     * in a terminal window): ncurses then does not price the shifts for
     * every changed row (5 % of the redraw when a hold starts). */
    idcok(stdscr, FALSE);
}

Screen *screen_open(FILE *in, FILE *out) {
    Screen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* The user's locale for the terminal's characters, but numbers in the
     * JSON events must stay "1.5", never "1,5". */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    s->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    setcchar(&s->lit, s->utf8 ? L"\u2588" : L" ", s->utf8 ? A_NORMAL : A_REVERSE, 0, NULL);
    setcchar(&s->unlit, L" ", A_NORMAL, 0, NULL);
    s->term = newterm(NULL, out, in);
    if (!s->term) {
        free(s);
        return NULL;
    }
    set_term(s->term);
    batch_output();
    s->out = out;
    input_modes();
    output_modes();
    start_colour(s);
    s->dirty = true;
    s->shown = -1;
    return s;
}

void screen_close(Screen *s) {
    if (!s)
        return;
    endwin();
    delscreen(s->term);
    free(s);
}

void screen_suspend(Screen *s) {
    if (!s)
        return;
    endwin();
    fflush(s->out);
}

void screen_resume(Screen *s) {
    if (!s)
        return;
    reset_prog_mode();
    screen_resize(s); /* the size may have changed while we were stopped */
}

void screen_resize(Screen *s) {
    if (!s)
        return;
    struct winsize ws;
    /* resize_term, not resizeterm: the latter also queues a KEY_RESIZE,
     * which would come back through getch as yet another resize. */
    if (ioctl(fileno(s->out), TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    s->dirty = true;
}

void screen_toggle_help(Screen *s) {
    if (!s)
        return;
    s->help = !s->help;
    s->dirty = true;
}

int screen_read_key(Screen *s) {
    int ch = getch();
    if (ch == ERR)
        return SCREEN_KEY_NONE;
    if (ch == KEY_ENTER) /* the keypad's Enter is Enter */
        return session_keys[SESSION_KEY_DONE].ch;
    if (ch == KEY_RESIZE) { /* ncurses has already taken the new size */
        s->dirty = true;
        return SCREEN_KEY_RESIZE;
    }
    return ch < KEY_MIN ? ch : SCREEN_KEY_OTHER;
}
