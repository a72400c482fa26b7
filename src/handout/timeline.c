/* timeline.c -- see timeline.h. */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "grow.h"
#include "duration.h"
#include "events.h"
#include "i18n.h"
#include "layout.h"
#include "markup.h"

static void add_outline(Timeline *tl, OutlineKind kind, const char *text, uint32_t row, uint32_t of) {
    if (!grow_array((void **)&tl->outline, &tl->cap_outline, tl->n_outline, sizeof *tl->outline)) {
        tl->oom = true;
        return;
    }
    tl->outline[tl->n_outline++] = (OutlineItem){kind, text, row, of, NULL, NULL, NULL};
}

/* A detail in the words the VM's event describer uses ("5lb to 10lb, ankle
 * weight", "advance after 6 sessions"), so the handout says what the
 * session says. */
static void add_detail(Timeline *tl, const VmEvent *ev, const char *label) {
    char words[400];
    events_words(ev, words, sizeof words);
    const char *colon = strstr(words, ": ");
    const char *text = ev->kind == EV_EQUIPMENT ? ev->text : colon ? colon + 2 : words;
    char *copy = text ? strdup(text) : NULL;
    if (!copy || !grow_array((void **)&tl->details, &tl->cap_details, tl->n_details, sizeof *tl->details)) {
        free(copy);
        tl->oom = true;
        return;
    }
    tl->details[tl->n_details++] = copy;
    add_outline(tl, OUT_DETAIL, copy, 0, 0);
    if (!tl->oom) {
        tl->outline[tl->n_outline - 1].label = label;
        tl->outline[tl->n_outline - 1].scope = ev->scope;
    }
}

static void add_segment(Timeline *tl, SegmentKind kind, int64_t t, int64_t ms) {
    if (tl->n_rows == 0 || ms <= 0)
        return;
    if (!grow_array((void **)&tl->segs, &tl->cap_segs, tl->n_segs, sizeof *tl->segs)) {
        tl->oom = true;
        return;
    }
    tl->segs[tl->n_segs++] = (Segment){kind, t, ms};
    tl->rows[tl->n_rows - 1].n_segs++;
}

static void close_row(Timeline *tl, int64_t t) {
    if (tl->n_rows)
        tl->rows[tl->n_rows - 1].end = t;
}

static void add_row(Timeline *tl, const VmEvent *ev, uint32_t line) {
    close_row(tl, ev->t);
    if (!grow_array((void **)&tl->rows, &tl->cap_rows, tl->n_rows, sizeof *tl->rows)) {
        tl->oom = true;
        return;
    }
    TimelineRow *r = &tl->rows[tl->n_rows++];
    memset(r, 0, sizeof *r);
    r->name = ev->text;
    r->variant = ev->variant;
    r->kind = ev->detail;
    r->start = r->end = ev->t;
    r->first_seg = tl->n_segs;
    r->line = line;
    add_outline(tl, OUT_EXERCISE, NULL, tl->n_rows - 1, 0);
}

typedef struct {
    Timeline *tl;
    const Program *program;
} Builder;

/* A section or stage not yet unlocked, with what it needs. */
static void add_locked(Timeline *tl, const VmEvent *ev) {
    add_outline(tl, OUT_LOCKED, ev->text, 0, 0);
    if (!tl->oom)
        tl->outline[tl->n_outline - 1].extra = ev->detail;
}

/* The heading of a setting the outline details (lang-b), or NULL. */
static const char *detail_name(VmEventKind kind) {
    switch (kind) {
    case EV_SCHEDULE: return N_("How often");
    case EV_EQUIPMENT: return N_("You need");
    case EV_LOAD: return N_("Load");
    case EV_EFFORT: return N_("Effort");
    case EV_PAIN_LIMIT: return N_("Pain limit");
    case EV_RULE: return N_("Rule");
    default: return NULL;
    }
}

static void on_event(void *ctx, const VmEvent *ev) {
    Builder *b = ctx;
    Timeline *tl = b->tl;
    switch (ev->kind) {
    case EV_START: tl->title = ev->text; break;
    case EV_SECTION: close_row(tl, ev->t); add_outline(tl, OUT_SECTION, ev->text, 0, 0); break;
    case EV_NOTE: add_outline(tl, OUT_NOTE, ev->text, 0, 0); break;
    case EV_SAFETY: add_outline(tl, OUT_SAFETY, ev->text, 0, 0); break;
    case EV_GATE: add_outline(tl, OUT_GATE, ev->text, 0, 0); break;
    case EV_ROUND: add_outline(tl, OUT_ROUND, ev->text, ev->n, ev->of); break;
    case EV_EXERCISE: add_row(tl, ev, program_line(b->program, ev->pc, NULL)); break;
    case EV_GET_READY: add_segment(tl, SEG_GET_READY, ev->t, ev->ms); break;
    case EV_HOLD: if (ev->hold != HOLD_OPEN) add_segment(tl, SEG_HOLD, ev->t, ev->ms); break;
    case EV_TEMPO: add_segment(tl, SEG_MOVE, ev->t, ev->ms); break;
    case EV_REST: add_segment(tl, SEG_REST, ev->t, ev->ms); break;
    case EV_WAIT: case EV_HELD:
        if (tl->n_rows)
            tl->rows[tl->n_rows - 1].own_pace = true;
        break;
    case EV_END: close_row(tl, ev->t); tl->total_ms = ev->t; break;
    case EV_STAGE: close_row(tl, ev->t); add_outline(tl, OUT_STAGE, ev->text, 0, 0); break;
    case EV_LOCKED: add_locked(tl, ev); break;
    default:
        if (detail_name(ev->kind))
            add_detail(tl, ev, detail_name(ev->kind));
        break;
    }
}

bool timeline_build(const Program *program, const VmSelection *select, Timeline *tl, char *why, size_t size) {
    memset(tl, 0, sizeof *tl);
    Builder b = {tl, program};
    Vm vm;
    const char *reason = NULL;
    if (!vm_init(&vm, program, select, on_event, &b, &reason)) {
        snprintf(why, size, "%s", reason ? reason : "out of memory"); /* before vm_free: it may own it */
        vm_free(&vm);
        return false;
    }
    drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    if (tl->oom) {
        snprintf(why, size, "out of memory");
        timeline_free(tl);
        return false;
    }
    return true;
}

void timeline_free(Timeline *tl) {
    free(tl->rows);
    free(tl->segs);
    free(tl->outline);
    for (uint32_t i = 0; i < tl->n_details; i++)
        free(tl->details[i]);
    free(tl->details);
    memset(tl, 0, sizeof *tl);
}

/* ---- the picture -------------------------------------------------------- */

enum { SVG_WIDTH = 760, LABEL_W = 230, BAR_W = 500, ROW_H = 26, TOP = 58, AXIS_H = 40 };

/* Greys and patterns that survive a black-and-white printer. */
static const char *const seg_fill[SEG__COUNT] = {
    [SEG_GET_READY] = "url(#rc-ready)", [SEG_MOVE] = "#8a8a8a", [SEG_HOLD] = "#1f1f1f",
    [SEG_REST] = "#ffffff",
};
static const char *const seg_words[SEG__COUNT] = {
    [SEG_GET_READY] = N_("getting ready"), [SEG_MOVE] = N_("moving"), [SEG_HOLD] = N_("holding"),
    [SEG_REST] = N_("resting"),
};

static double x_of(int64_t t, int64_t total) {
    return LABEL_W + (total > 0 ? (double)t * BAR_W / (double)total : 0);
}

/* A tick every 1, 2, 5, 10... minutes so that there are at most 10. */
static int64_t tick_step(int64_t total) {
    static const int64_t steps[] = {10000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (total / steps[i] <= 10)
            return steps[i];
    return total / 10 + 1;
}

static void svg_defs(FILE *out) {
    fputs("<defs><pattern id=\"rc-ready\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
          "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
          "<path d=\"M0 6L6 0\" stroke=\"#555\" stroke-width=\"1.2\"/></pattern></defs>\n", out);
}

static void svg_legend(FILE *out) {
    for (int k = 0; k < SEG__COUNT; k++) {
        int x = LABEL_W + k * 110;
        fprintf(out, "<rect x=\"%d\" y=\"36\" width=\"14\" height=\"12\" fill=\"%s\" stroke=\"#000\" "
                     "stroke-width=\"0.8\"/><text x=\"%d\" y=\"46\">",
                x, seg_fill[k], x + 19);
        markup_text(out, _(seg_words[k]));
        fputs("</text>\n", out);
    }
}

static void svg_axis(FILE *out, int64_t total, int y) {
    char label[64];
    int64_t step = tick_step(total);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", LABEL_W, y,
            LABEL_W + BAR_W, y);
    for (int64_t t = 0; t <= total; t += step) {
        double x = x_of(t, total);
        char clock[32];
        fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>"
                     "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                x, y, x, y + 5, x, y + 18, duration_clock((uint64_t)t / 1000, clock, sizeof clock));
    }
    char words[128];
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">", LABEL_W + BAR_W, y + 34);
    snprintf(words, sizeof words, _("Total: %s"), layout_duration((uint64_t)total, label, sizeof label));
    markup_text(out, words);
    fputs("</text>\n", out);
}

static void svg_row(FILE *out, const Timeline *tl, const TimelineRow *r, int y) {
    fprintf(out, "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 8, y + 17);
    markup_text(out, r->name);
    if (r->variant) {
        fputs(" (", out);
        markup_text(out, r->variant);
        fputc(')', out);
    }
    fputs("</text>\n", out);
    double x0 = x_of(r->start, tl->total_ms), x1 = x_of(r->end, tl->total_ms);
    fprintf(out, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"18\" fill=\"none\" stroke=\"#000\" "
                 "stroke-width=\"0.6\"/>\n", x0, y + 4, x1 - x0 > 0.5 ? x1 - x0 : 0.5);
    for (uint32_t i = 0; i < r->n_segs; i++) {
        const Segment *s = &tl->segs[r->first_seg + i];
        double a = x_of(s->t, tl->total_ms), b = x_of(s->t + s->ms, tl->total_ms);
        fprintf(out, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"18\" fill=\"%s\"/>\n", a, y + 4, b - a,
                seg_fill[s->kind]);
    }
    fputs("</g>\n", out);
}

void timeline_svg(const Timeline *tl, FILE *out, bool standalone) {
    char total[64];
    int height = TOP + (int)tl->n_rows * ROW_H + AXIS_H;
    if (standalone)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<svg %sviewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                 "aria-labelledby=\"rc-tl-title rc-tl-desc\" font-family=\"sans-serif\" font-size=\"12\">\n",
            standalone ? "xmlns=\"http://www.w3.org/2000/svg\" " : "", SVG_WIDTH, height, SVG_WIDTH, height);
    char words[600];
    snprintf(words, sizeof words, _("One session: %s"), tl->title ? tl->title : "");
    fputs("<title id=\"rc-tl-title\">", out);
    markup_text(out, words);
    snprintf(words, sizeof words,
             ngettext("%u exercise, in order, drawn to scale; total time %s.",
                      "%u exercises, in order, drawn to scale; total time %s.", tl->n_rows),
             tl->n_rows, layout_duration((uint64_t)tl->total_ms, total, sizeof total));
    fputs("</title>\n<desc id=\"rc-tl-desc\">", out);
    markup_text(out, words);
    fputs("</desc>\n", out);
    svg_defs(out);
    fputs("<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">", out);
    markup_text(out, tl->title ? tl->title : "");
    fputs("</text>\n", out);
    svg_legend(out);
    for (uint32_t i = 0; i < tl->n_rows; i++)
        svg_row(out, tl, &tl->rows[i], TOP + (int)i * ROW_H);
    svg_axis(out, tl->total_ms, TOP + (int)tl->n_rows * ROW_H + 6);
    fputs("</svg>\n", out);
}
