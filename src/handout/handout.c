/* handout.c -- see handout.h.  The HTML writer; the PDF step is in pdf.c. */
#include "handout.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "markup.h"
#include "names.h"
#include "picture.h"

typedef struct {
    Compilation *c;
    const Timeline *tl;
    const HandoutOptions *opt;
    FILE *out;
    SpecIndex sites;
    bool pictures_ok;
} Writer;

/* ---- the model: specs and sections ------------------------------------- */

static void add_site(SpecIndex *s, const ExerciseSpec *spec) {
    if (!spec)
        return;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 32;
        const ExerciseSpec **p = realloc(s->specs, cap * sizeof *p);
        if (!p) {
            s->oom = true;
            return;
        }
        s->specs = p;
        s->cap = cap;
    }
    s->specs[s->n++] = spec;
}

/* Every place that plays an exercise, in source order. */
static void collect_sites(SpecIndex *s, const Node *body) {
    for (const Node *n = body; n; n = n->next) {
        switch (n->kind) {
        case NODE_USE: add_site(s, n->as.use.spec); break;
        case NODE_EXERCISE: add_site(s, n->as.exercise.spec); break;
        case NODE_SECTION: collect_sites(s, n->as.section.body); break;
        case NODE_CIRCUIT: collect_sites(s, n->as.circuit.body); break;
        case NODE_STAGE: collect_sites(s, n->as.stage.body); break;
        default: break;
        }
    }
}

void spec_index_build(SpecIndex *index, const Compilation *c) {
    memset(index, 0, sizeof *index);
    if (c->model.routine)
        collect_sites(index, c->model.routine->as.routine.body);
}

void spec_index_free(SpecIndex *index) {
    free(index->specs);
    memset(index, 0, sizeof *index);
}

static const char *variant_name(const ExerciseSpec *spec) {
    return spec->variant ? spec->variant->as.variant.name.s : NULL;
}

static const ExerciseSpec *with_variant(const ExerciseSpec *spec, const char *variant) {
    if (!variant)
        return spec;
    if (variant_name(spec) && names_equal(variant_name(spec), variant))
        return spec;
    for (uint32_t i = 0; i < spec->n_variants; i++)
        if (names_equal(variant_name(spec->variants[i]), variant))
            return spec->variants[i];
    return spec;
}

/* The VM plays the places in source order (skipping what the selection
 * leaves out, going round again in a circuit), so the search starts where
 * the last one matched and goes round once: the same name on the same
 * line first, else the same name.  Linear over a whole routine. */
const ExerciseSpec *spec_index_find(SpecIndex *index, const TimelineRow *row) {
    const ExerciseSpec *by_name = NULL;
    uint32_t by_name_at = 0;
    for (uint32_t k = 0; k < index->n; k++) {
        uint32_t i = (index->cursor + k) % index->n;
        const ExerciseSpec *s = index->specs[i];
        if (strcmp(s->name, row->name) != 0)
            continue;
        if (s->site && s->site->loc.line == row->line) {
            index->cursor = i;
            return with_variant(s, row->variant);
        }
        if (!by_name) {
            by_name = s;
            by_name_at = i;
        }
    }
    if (by_name)
        index->cursor = by_name_at;
    return by_name ? with_variant(by_name, row->variant) : NULL;
}

/* How deep a section of this name first appears (0: in the routine). */
static int section_depth(const Node *body, const char *name, int depth) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_STAGE) { /* a stage is a level of its own, like a section */
            int d = section_depth(n->as.stage.body, name, depth + 1);
            if (d >= 0)
                return d;
        }
        if (n->kind != NODE_SECTION)
            continue;
        if (n->as.section.name.s && strcmp(n->as.section.name.s, name) == 0)
            return depth;
        int d = section_depth(n->as.section.body, name, depth + 1);
        if (d >= 0)
            return d;
    }
    return -1;
}

/* ---- small pieces ------------------------------------------------------- */

static void text(Writer *w, const char *s) { markup_text(w->out, s); }

static void tag_text(Writer *w, const char *open, const char *s, const char *close) {
    fputs(open, w->out);
    text(w, s);
    fputs(close, w->out);
}

/* routinec's own words with the routine's in them: escaped as a whole. */
static void printf_text(Writer *w, const char *fmt, const char *arg) {
    char buf[2048];
    snprintf(buf, sizeof buf, fmt, arg);
    text(w, buf);
}

static void printf_text_tag(Writer *w, const char *open, const char *fmt, const char *arg, const char *close) {
    fputs(open, w->out);
    printf_text(w, fmt, arg);
    fputs(close, w->out);
}

/* <p class="CLASS"><strong>Label:</strong> -- the paragraph is left open. */
static void labelled(Writer *w, const char *class, const char *label) {
    fprintf(w->out, "<p class=\"%s\"><strong>", class);
    text(w, label);
    fputs("</strong>", w->out);
}

/* <section class="CLASS" aria-labelledby="ID"><h2 id="ID">Heading</h2> */
static void heading(Writer *w, const char *class, const char *id, const char *words) {
    fprintf(w->out, "<section class=\"%s\" aria-labelledby=\"%s\">\n<h2 id=\"%s\">", class, id, id);
    text(w, words);
    fputs("</h2>\n", w->out);
}

static void safety_line(Writer *w, const char *s) {
    labelled(w, "safety", _("Safety:"));
    tag_text(w, " ", s, "</p>\n");
}

static const Node *texts_with_role(const ExerciseSpec *spec, TextRole role, uint32_t *from) {
    for (uint32_t i = *from; i < spec->n_texts; i++)
        if (spec->texts[i]->as.text.role == role) {
            *from = i + 1;
            return spec->texts[i];
        }
    *from = spec->n_texts;
    return NULL;
}

/* The body whose pictures show `spec`: its variant's, else its exercise's. */
static const Node *picture_body(const ExerciseSpec *spec) {
    if (spec->variant)
        for (const Node *n = spec->variant->as.variant.body; n; n = n->next)
            if (n->kind == NODE_PICTURE)
                return spec->variant->as.variant.body;
    return spec->def->as.exercise.body;
}

/* Read and check the picture `n` names (relative to the file it is in);
 * a refusal is reported at the statement.  False when refused. */
/* The file the picture `n` names: relative to the file it is in (malloc'd). */
static char *picture_path(const Compilation *c, const Node *n) {
    const SourceFile *file = &c->sources.files[n->loc.file];
    const char *rel = n->as.picture.path.s;
    const char *slash = strrchr(file->path, '/');
    size_t dir = rel[0] == '/' || !slash ? 0 : (size_t)(slash - file->path + 1);
    char *path = malloc(dir + strlen(rel) + 1);
    if (path) {
        memcpy(path, file->path, dir);
        strcpy(path + dir, rel);
    }
    return path;
}

static bool load_picture(Compilation *c, const Node *n, Picture *pic, DiagLevel level) {
    const SourceFile *file = &c->sources.files[n->loc.file];
    const char *rel = n->as.picture.path.s;
    char *path = picture_path(c, n);
    if (!path)
        return false;
    char why[300], hint[400];
    unsigned line = 0;
    /* A routine from a stranger reads only what lives with it (as its
     * includes do): a picture is embedded in the handout. */
    bool allowed = compile_path_allowed(c, file->path, rel, path);
    if (!allowed) {
        memset(pic, 0, sizeof *pic);
        snprintf(why, sizeof why, "it is outside the directory of the file that names it; "
                 "routinec reads only files there (or below) and in the --include-dir directories");
    }
    bool ok = allowed && picture_load(path, pic, why, sizeof why, &line);
    if (!ok) {
        if (line)
            snprintf(hint, sizeof hint, "see line %u of %s", line, path);
        else
            snprintf(hint, sizeof hint, "the picture is read from %s", path);
        diag_report_id(&c->diag, DIAG_ID_PICTURE_REFUSED, level, n->as.picture.path.loc, hint, "the picture \"%s\" is refused: %s", rel, why);
    }
    free(path);
    return ok;
}

/* `picture "file" "alt";` -> <img> with the picture inside, after checking it. */
static void write_picture(Writer *w, const Node *n) {
    Picture pic;
    if (!load_picture(w->c, n, &pic, DIAG_ERROR)) {
        w->pictures_ok = false;
        return;
    }
    fprintf(w->out, "<img src=\"data:%s;base64,", picture_mime(pic.type));
    markup_base64(w->out, pic.bytes, pic.len);
    tag_text(w, "\" alt=\"", n->as.picture.alt.s, "\">");
    picture_free(&pic);
}

/* Call `visit` for every picture in `body` and the blocks in it. */
static void each_picture_in(Compilation *c, const Node *body, void (*visit)(Compilation *, const Node *, void *),
                            void *ctx) {
    for (const Node *n = body; n; n = n->next) {
        if (n->kind == NODE_PICTURE)
            visit(c, n, ctx);
        const Node *inner = n->kind == NODE_EXERCISE ? n->as.exercise.body : n->kind == NODE_VARIANT
                                ? n->as.variant.body : n->kind == NODE_ROUTINE ? n->as.routine.body
                                : n->kind == NODE_STAGE ? n->as.stage.body
                                : n->kind == NODE_SECTION ? n->as.section.body : n->kind == NODE_CIRCUIT
                                ? n->as.circuit.body : NULL;
        each_picture_in(c, inner, visit, ctx);
    }
}

static void check_picture(Compilation *c, const Node *n, void *ctx) {
    Picture pic;
    (void)ctx;
    if (load_picture(c, n, &pic, DIAG_WARNING))
        picture_free(&pic);
}

void handout_check_pictures(Compilation *c) {
    for (uint32_t i = 0; i < c->files.n_trees; i++)
        each_picture_in(c, c->files.trees[i], check_picture, NULL);
}

typedef struct {
    FileIdSet *set;
    bool ok;
} PictureIds;

static void add_picture_id(Compilation *c, const Node *n, void *ctx) {
    PictureIds *ids = ctx;
    char *path = picture_path(c, n);
    ids->ok = ids->ok && path && file_ids_add_path(ids->set, path);
    free(path);
}

bool handout_picture_ids(Compilation *c, FileIdSet *set) {
    PictureIds ids = {set, true};
    for (uint32_t i = 0; i < c->files.n_trees; i++)
        each_picture_in(c, c->files.trees[i], add_picture_id, &ids);
    return ids.ok;
}

static void write_pictures(Writer *w, const ExerciseSpec *spec) {
    const Node *body = picture_body(spec);
    bool any = false;
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_PICTURE)
            continue;
        fputs(any ? "" : "<figure class=\"pictures\">", w->out);
        any = true;
        write_picture(w, n);
    }
    if (any)
        fputs("</figure>\n", w->out);
}

/* routinec's words around one of the routine's (`fmt` has one %s), each
 * escaped, however long the routine's text is. */
static void text_around(Writer *w, const char *fmt, const char *arg) {
    const char *at = strstr(fmt, "%s");
    if (!at) {
        text(w, fmt);
        return;
    }
    char before[256]; /* routinec's words: short */
    snprintf(before, sizeof before, "%.*s", (int)(at - fmt), fmt);
    text(w, before);
    text(w, arg);
    text(w, at + 2);
}

static bool is_step_text(TextRole role) {
    return role == TEXT_CUE || role == TEXT_BREATHE || role == TEXT_STOP_IF;
}

/* One item of the numbered list: a cue, a breathing cue, a self-test's end. */
static void write_step_text(Writer *w, const Node *t) {
    if (t->as.text.role == TEXT_STOP_IF) { /* TRANSLATORS: a self-test's end, on paper: "Stop when you put your foot down" */
        fputs("<li class=\"stop\">", w->out);
        text_around(w, _("Stop when %s"), t->as.text.text.s);
        fputs("</li>\n", w->out);
        return;
    }
    if (t->as.text.role == TEXT_BREATHE)
        tag_text(w, "<li class=\"breathe\"><span class=\"label\">", _("Breathing:"), "</span> ");
    tag_text(w, t->as.text.role == TEXT_BREATHE ? "" : "<li>", t->as.text.text.s, "</li>\n");
}

/* Position first, then cues, breathing and a self-test's end as one
 * numbered list, then notes and safety. */
static void write_texts(Writer *w, const ExerciseSpec *spec) {
    uint32_t i = 0;
    const Node *position = texts_with_role(spec, TEXT_POSITION, &i);
    if (position) {
        labelled(w, "position", _("Starting position:"));
        tag_text(w, " ", position->as.text.text.s, "</p>\n");
    }
    bool open = false;
    for (i = 0; i < spec->n_texts; i++) {
        if (!is_step_text(spec->texts[i]->as.text.role))
            continue;
        fputs(open ? "" : "<ol class=\"cues\">\n", w->out);
        open = true;
        write_step_text(w, spec->texts[i]);
    }
    fputs(open ? "</ol>\n" : "", w->out);
    for (i = 0; i < spec->n_texts; i++) {
        const Node *t = spec->texts[i];
        if (t->as.text.role == TEXT_NOTE)
            tag_text(w, "<p class=\"note\">", t->as.text.text.s, "</p>\n");
        else if (t->as.text.role == TEXT_SAFETY)
            safety_line(w, t->as.text.text.s);
    }
}

static void write_dose(Writer *w, const ExerciseSpec *spec, const TimelineRow *row) {
    LayoutDose dose;
    char words[1200], build[300], t[64];
    layout_dose_of(spec, w->opt->step, &dose);
    dose.affected = w->opt->affected;
    labelled(w, "dose", _("How much:"));
    tag_text(w, " ", layout_dose_words(&dose, words, sizeof words), "");
    if (layout_build_words(&dose, build, sizeof build)[0])
        tag_text(w, " ", build, "");
    const Node *b = spec->settings.node[SET_BUILD_UP];
    if (dose.build_to && b && b->as.build_up.when.s)
        tag_text(w, " <span class=\"when\">", b->as.build_up.when.s, "</span>");
    fputs("</p>\n", w->out);
    if (!row)
        return;
    fputs("<p class=\"time\">", w->out);
    if (row->own_pace)
        text(w, _("Time: at your own pace."));
    else
        printf_text(w, _("Time: about %s."), layout_duration((uint64_t)(row->end - row->start), t, sizeof t));
    fputs("</p>\n", w->out);
}

static const char *when_of(const Node *body) {
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_WHEN)
            return n->as.text.text.s;
    return NULL;
}

/* A variant's own load ("Load: 2.5kg."), in the bytecode describer's words. */
static void write_load(Writer *w, const ExerciseSpec *v) {
    const Node *n = v->settings.node[SET_LOAD];
    if (!n || !n->as.load.lo.amount.present)
        return;
    char words[96];
    uint32_t hi = n->as.load.hi.amount.present ? (uint32_t)n->as.load.hi.amount.value : 0;
    load_describe((uint32_t)n->as.load.lo.amount.value, hi, n->as.load.lo.unit, words, sizeof words);
    labelled(w, "detail", _("Load:"));
    tag_text(w, " ", words, "");
    tag_text(w, n->as.load.what.s ? ", " : "", n->as.load.what.s ? n->as.load.what.s : "", ".</p>\n");
}

/* "Easier: With hands (level: 2)", then when to use it. */
static void write_variant_name(Writer *w, const ExerciseSpec *v) {
    static const char *const directions[] = {[ALT_VARIANT] = "", [ALT_EASIER] = N_("Easier: "),
                                             [ALT_HARDER] = N_("Harder: ")};
    const char *when = v->variant->as.variant.when.s ? v->variant->as.variant.when.s
                                                    : when_of(v->variant->as.variant.body);
    const char *direction = directions[v->variant->as.variant.dir];
    tag_text(w, "<p class=\"variant-name\"><strong>", direction[0] ? _(direction) : "", "");
    tag_text(w, "", variant_name(v), "</strong>");
    if (v->variant->as.variant.level.s)
        printf_text(w, _(" (level: %s)"), v->variant->as.variant.level.s);
    fputs("</p>\n", w->out);
    if (when) {
        labelled(w, "when", _("When:"));
        tag_text(w, " ", when, "</p>\n");
    }
}

static void write_variants(Writer *w, const ExerciseSpec *spec, int level) {
    if (!spec->n_variants)
        return;
    fprintf(w->out, "<section class=\"variants\">\n<h%d>", level);
    text(w, _("Other ways to do it"));
    fprintf(w->out, "</h%d>\n", level);
    for (uint32_t i = 0; i < spec->n_variants; i++) {
        const ExerciseSpec *v = spec->variants[i];
        fputs("<div class=\"variant\">\n", w->out);
        write_variant_name(w, v);
        if (picture_body(v) != spec->def->as.exercise.body)
            write_pictures(w, v);
        write_texts(w, v);
        write_dose(w, v, NULL);
        write_load(w, v);
        fputs("</div>\n", w->out);
    }
    fputs("</section>\n", w->out);
}

/* "Load: 5lb to 10lb, ankle weight." -- a detail in the VM's words. */
static void write_detail(Writer *w, const OutlineItem *it) {
    fputs("<p class=\"detail\"><strong>", w->out);
    printf_text(w, _("%s:"), _(it->label));
    fputs("</strong> ", w->out);
    if (it->text && it->text[0] >= 'a' && it->text[0] <= 'z') {
        char first[2] = {(char)(it->text[0] - 'a' + 'A'), '\0'};
        text(w, first);
        text(w, it->text + 1);
    } else {
        text(w, it->text);
    }
    text(w, strcmp(it->label, "Pain limit") == 0 ? _(" (above it, stop and tell your therapist)") : "");
    fputs(".</p>\n", w->out);
}

/* The details the VM gave of the exercise at `at`: those that follow it. */
static void write_exercise_details(Writer *w, const OutlineItem *at) {
    for (const OutlineItem *it = at + 1; it < w->tl->outline + w->tl->n_outline; it++) {
        if (it->kind != OUT_DETAIL && it->kind != OUT_NOTE && it->kind != OUT_SAFETY && it->kind != OUT_GATE)
            break;
        if (it->kind == OUT_DETAIL && it->scope && strcmp(it->scope, "exercise") == 0)
            write_detail(w, it);
    }
}

static void write_exercise(Writer *w, const OutlineItem *at, unsigned number, int level) {
    const TimelineRow *row = &w->tl->rows[at->row];
    const ExerciseSpec *spec = spec_index_find(&w->sites, row);
    fputs("<article class=\"exercise\">\n", w->out);
    fprintf(w->out, "<h%d>%u. ", level, number);
    text(w, row->name);
    if (row->variant)
        tag_text(w, " — ", row->variant, "");
    fprintf(w->out, "</h%d>\n", level);
    if (row->kind)
        printf_text_tag(w, "<p class=\"kind\">", _("Kind: %s"), layout_kind(row->kind), "</p>\n");
    if (spec) {
        write_pictures(w, spec);
        write_texts(w, spec);
        write_dose(w, spec, row);
    }
    write_exercise_details(w, at);
    if (spec && !row->variant)
        write_variants(w, spec, level + 1);
    fputs("</article>\n", w->out);
}

/* ---- the page ----------------------------------------------------------- */

/* Print first: black on white, greys and patterns rather than colour, no
 * exercise split across pages; the screen view is the same page, centred. */
static const char style_common[] =
    "*{box-sizing:border-box}\n"
    "html{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#000;background:#fff}\n"
    "body{margin:0 auto;max-width:50em;padding:1em;font-size:12pt;line-height:1.45}\n"
    "body.large{font-size:17pt;max-width:40em}\n"
    "h1{font-size:1.8em;margin:0 0 .4em}h2{font-size:1.4em;margin:1.2em 0 .4em;border-bottom:2px solid #000}\n"
    "h3{font-size:1.15em;margin:.9em 0 .3em}h4,h5{font-size:1em;margin:.6em 0 .2em}\n"
    ".intro p{margin:.3em 0}\n"
    ".safety-box{border:3px solid #000;padding:.5em .8em;margin:1em 0;font-weight:bold}\n"
    ".safety-box h2{border:0;margin:0 0 .2em;font-size:1.2em}\n"
    ".exercise{break-inside:avoid;page-break-inside:avoid;border-top:1px solid #777;padding:.4em 0;"
    "overflow:hidden}\n"
    ".pictures{float:right;width:38%;margin:0 0 .5em 1em}\n"
    ".pictures img{display:block;width:100%;height:auto;border:1px solid #999;margin-bottom:.3em}\n"
    ".kind{margin:0;font-style:italic}\n"
    ".cues{padding-left:1.6em}.cues li{margin:.15em 0}.breathe .label{font-weight:bold}\n"
    ".dose{border-left:4px solid #000;padding-left:.5em}\n"
    ".variants{clear:both;border:1px dashed #555;padding:.2em .6em;margin-top:.4em}\n"
    ".when{font-style:italic}\n"
    ".timeline svg{width:100%;height:auto}\n"
    ".timeline{break-inside:avoid;page-break-inside:avoid}\n"
    ".log table{width:100%;border-collapse:collapse;margin:.5em 0 1em;break-inside:avoid;"
    "page-break-inside:avoid}\n"
    ".log th,.log td{border:1px solid #000;padding:.25em .4em;text-align:left;height:1.9em}\n"
    ".log caption{text-align:left;font-weight:bold}\n"
    ".box{display:inline-block;width:1.1em;height:1.1em;border:1.5px solid #000;margin-right:.4em;"
    "vertical-align:middle}\n"
    "footer{margin-top:2em;font-size:.85em}\n"
    "@media print{body{max-width:none;padding:0}.log{break-before:page;page-break-before:always}}\n";

static void write_head(Writer *w) {
    const char *title = w->tl->title ? w->tl->title : _("Exercises");
    fputs("<!DOCTYPE html>\n<html lang=\"", w->out);
    text(w, i18n_language());
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"routinec\">\n", w->out);
    tag_text(w, "<title>", title, "</title>\n<style>\n");
    fputs(style_common, w->out);
    fprintf(w->out, "@page{size:%s;margin:15mm 14mm 18mm}\n", w->opt->paper == PAPER_LETTER ? "letter" : "A4");
    fputs("@page{@bottom-center{content:counter(page) \" / \" counter(pages);font-size:9pt}}\n", w->out);
    fputs("</style>\n</head>\n", w->out);
    fprintf(w->out, "<body class=\"%s\">\n<main>\n", w->opt->large_print ? "large" : "regular");
}

/* Where the routine's own texts end: its first section, exercise or round. */
static uint32_t intro_end(const Timeline *tl) {
    uint32_t i = 0;
    while (i < tl->n_outline && tl->outline[i].kind != OUT_SECTION && tl->outline[i].kind != OUT_EXERCISE
           && tl->outline[i].kind != OUT_ROUND && tl->outline[i].kind != OUT_STAGE
           && tl->outline[i].kind != OUT_LOCKED)
        i++;
    return i;
}

/* The routine's own notes (the introduction) and safety texts, from the
 * routine itself: a handout of one section or level still carries them. */
static void write_intro(Writer *w) {
    const Node *body = w->c->model.routine ? w->c->model.routine->as.routine.body : NULL;
    tag_text(w, "<header>\n<h1>", w->tl->title ? w->tl->title : _("Exercises"), "</h1>\n<div class=\"intro\">\n");
    for (const Node *n = body; n; n = n->next)
        if (n->kind == NODE_TEXT && n->as.text.role == TEXT_NOTE)
            tag_text(w, "<p>", n->as.text.text.s, "</p>\n");
    fputs("</div>\n</header>\n", w->out);
    bool open = false;
    for (const Node *n = body; n; n = n->next) {
        if (n->kind != NODE_TEXT || n->as.text.role != TEXT_SAFETY)
            continue;
        if (!open)
            heading(w, "safety-box", "safety", _("Safety"));
        open = true;
        tag_text(w, "<p>", n->as.text.text.s, "</p>\n");
    }
    fputs(open ? "</section>\n" : "", w->out);
}

/* The routine's own rules and pain limit, as the VM says them. */
static void write_routine_details(Writer *w) {
    for (uint32_t i = 0; i < w->tl->n_outline; i++) {
        const OutlineItem *it = &w->tl->outline[i];
        if (it->kind == OUT_DETAIL && it->scope && strcmp(it->scope, "routine") == 0
            && (strcmp(it->label, "Rule") == 0 || strcmp(it->label, "Pain limit") == 0))
            write_detail(w, it);
    }
}

/* Every piece of equipment the session uses, once each, in order. */
static void write_equipment(Writer *w) {
    bool open = false;
    for (uint32_t i = 0; i < w->tl->n_outline; i++) {
        const OutlineItem *it = &w->tl->outline[i];
        if (it->kind != OUT_DETAIL || strcmp(it->label, "You need") != 0)
            continue;
        bool seen = false;
        for (uint32_t j = 0; j < i && !seen; j++)
            seen = w->tl->outline[j].kind == OUT_DETAIL && strcmp(w->tl->outline[j].label, "You need") == 0
                   && strcmp(w->tl->outline[j].text, it->text) == 0;
        if (seen)
            continue;
        if (!open) {
            heading(w, "equipment", "eq-h", _("What you need"));
            fputs("<ul>\n", w->out);
        }
        open = true;
        tag_text(w, "<li>", it->text, "</li>\n");
    }
    fputs(open ? "</ul>\n</section>\n" : "", w->out);
}

static void write_schedule(Writer *w) {
    char words[600], t[64];
    char line[800];
    heading(w, "schedule", "when-h", _("How often"));
    if (!layout_schedule(w->c->model.schedule, words, sizeof words)[0])
        snprintf(words, sizeof words, "%s", _("As your therapist tells you."));
    tag_text(w, "<p>", words, "</p>\n");
    snprintf(line, sizeof line,
             ngettext("One session, as printed here, has %u exercise and takes about %s (not counting the "
                      "exercises you do at your own pace).",
                      "One session, as printed here, has %u exercises and takes about %s (not counting the "
                      "exercises you do at your own pace).", w->tl->n_rows),
             w->tl->n_rows, layout_duration((uint64_t)w->tl->total_ms, t, sizeof t));
    tag_text(w, "<p>", line, "</p>\n</section>\n");
}

static void write_timeline(Writer *w) {
    heading(w, "timeline", "tl-h", _("One session at a glance"));
    fputs("<figure>\n", w->out);
    timeline_svg(w->tl, w->out, false);
    tag_text(w, "<figcaption>", _("Each bar is one exercise, drawn to scale: black is holding, grey is moving, "
                                  "white is resting, striped is getting ready."), "</figcaption>\n</figure>\n</section>\n");
}

static void write_log_week(Writer *w, uint32_t week, uint32_t times) {
    static const char *const columns[] = {N_("Date"), N_("Done"), N_("Pain (0–10)"), N_("Notes")};
    char caption[64];
    snprintf(caption, sizeof caption, _("Week %u"), week);
    tag_text(w, "<table>\n<caption>", caption, "</caption>\n<thead><tr>");
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
        tag_text(w, "<th scope=\"col\">", _(columns[i]), "</th>");
    fputs("</tr></thead>\n<tbody>\n", w->out);
    for (int day = 0; day < 7; day++) {
        fputs("<tr><td></td><td>", w->out);
        for (uint32_t k = 0; k < times; k++)
            tag_text(w, "<span class=\"box\" role=\"img\" aria-label=\"", _("tick box"), "\"></span>");
        fputs("</td><td></td><td></td></tr>\n", w->out);
    }
    fputs("</tbody>\n</table>\n", w->out);
}

static void write_log(Writer *w) {
    if (!w->opt->weeks)
        return;
    uint32_t times = layout_times_a_day(w->c->model.schedule);
    char line[600];
    heading(w, "log", "log-h", _("Your log"));
    snprintf(line, sizeof line,
             _("Each day, write the date, tick a box for each session you did (up to %u a day), and rate any pain "
               "from 0 (none) to 10 (the worst you can imagine). Bring this sheet to your next appointment."),
             times);
    tag_text(w, "<p>", line, "</p>\n");
    for (uint32_t week = 1; week <= w->opt->weeks; week++)
        write_log_week(w, week, times);
    fputs("</section>\n", w->out);
}

/* ---- the exercises, in play order -------------------------------------- */

typedef struct {
    int level;               /* heading level of the current section */
    bool in_section;
    unsigned number;         /* exercise number in its section */
    const ExerciseSpec *last;/* the exercise just printed (its own notes follow it) */
    bool repeating;          /* rounds after the first of a circuit: not printed again */
    uint32_t round_first, round_rows; /* the rows of a circuit's first round */
    bool in_round_one;
} Walk;

/* Is `row` one of the circuit's (same name and line as a row of its first
 * round)?  The VM signals a circuit's rounds but not its end, so the first
 * exercise that is not one of them ends the repeating. */
static bool in_circuit(const Writer *w, const Walk *k, const TimelineRow *row) {
    for (uint32_t i = k->round_first; i < k->round_first + k->round_rows; i++) {
        const TimelineRow *r = &w->tl->rows[i];
        if (r->line == row->line && strcmp(r->name, row->name) == 0)
            return true;
    }
    return false;
}

static bool own_text(const ExerciseSpec *spec, const char *s) {
    for (uint32_t i = 0; spec && i < spec->n_texts; i++)
        if (strcmp(spec->texts[i]->as.text.text.s, s) == 0)
            return true;
    return false;
}

static void open_section(Writer *w, Walk *k, const char *name, bool stage) {
    int depth = stage || !w->c->model.routine ? 0 : section_depth(w->c->model.routine->as.routine.body, name, 0);
    fputs(k->in_section ? "</section>\n" : "", w->out);
    k->level = depth <= 0 ? 2 : 3;
    k->in_section = true;
    k->number = 0;
    k->last = NULL;
    k->repeating = false;
    fprintf(w->out, "<section class=\"part\">\n<h%d>", k->level);
    printf_text(w, stage ? _("Stage: %s") : "%s", name);
    fprintf(w->out, "</h%d>\n", k->level);
}

/* "Do the next 2 exercises in turn, 3 times (Core)." -- how many there
 * are is what the first round plays before the second begins. */
static void write_round(Writer *w, const OutlineItem *it) {
    uint32_t n = 0;
    for (const OutlineItem *p = it + 1; p < w->tl->outline + w->tl->n_outline; p++) {
        if (p->kind == OUT_ROUND)
            break;
        n += p->kind == OUT_EXERCISE;
    }
    char line[300];
    if (it->of > 1 && n > 1)
        snprintf(line, sizeof line, /* TRANSLATORS: the plural follows the second number, the times */
                 ngettext("Do the next %u exercises in turn, %u time", "Do the next %u exercises in turn, %u times",
                          it->of),
                 n, it->of);
    else if (it->of > 1)
        snprintf(line, sizeof line, ngettext("Do the next exercise %u time", "Do the next exercise %u times", it->of),
                 it->of);
    else
        snprintf(line, sizeof line, "%s", _("Do the next exercises once, in turn"));
    tag_text(w, "<p class=\"round\"><strong>", line, "");
    tag_text(w, it->text ? " (" : "", it->text ? it->text : "", it->text ? ")" : "");
    fputs(".</strong></p>\n", w->out);
}

/* A section or stage not yet unlocked: what it needs. */
static void walk_locked(Writer *w, const OutlineItem *it) {
    tag_text(w, "<p class=\"when\"><strong>", it->text, "</strong> ");
    if (it->extra)
        printf_text(w, _("is not part of the session until it is unlocked (it needs %s)."), it->extra);
    else
        text(w, _("is not part of the session until it is unlocked."));
    fputs("</p>\n", w->out);
}

/* A note, a safety note or a gate, once (not again in a circuit's later
 * rounds, nor when the exercise above says it already). */
static void walk_text(Writer *w, const Walk *k, const OutlineItem *it) {
    if (k->repeating || own_text(k->last, it->text))
        return;
    if (it->kind == OUT_SAFETY)
        safety_line(w, it->text);
    else
        tag_text(w, it->kind == OUT_GATE ? "<p class=\"when\">" : "<p class=\"note\">", it->text, "</p>\n");
}

/* A round of a circuit: written once, at its first round. */
static void walk_round(Writer *w, Walk *k, const OutlineItem *it) {
    k->repeating = it->row > 1;
    k->in_round_one = it->row == 1;
    if (it->row == 1) {
        k->round_rows = 0;
        write_round(w, it);
    }
}

static void walk_exercise(Writer *w, Walk *k, const OutlineItem *it) {
    const TimelineRow *row = &w->tl->rows[it->row];
    if (k->in_round_one && !k->round_rows++)
        k->round_first = it->row;
    if (k->repeating && in_circuit(w, k, row))
        return;
    if (k->repeating)
        k->repeating = k->in_round_one = false;
    k->last = spec_index_find(&w->sites, row);
    write_exercise(w, it, ++k->number, k->level + 1 > 5 ? 5 : k->level + 1);
}

static void walk_item(Writer *w, Walk *k, const OutlineItem *it) {
    switch (it->kind) {
    case OUT_SECTION: open_section(w, k, it->text, false); break;
    case OUT_STAGE: open_section(w, k, it->text, true); break;
    case OUT_LOCKED: walk_locked(w, it); break;
    case OUT_DETAIL: /* the routine's are in the intro; an exercise's in its article */
        if (it->scope && (strcmp(it->scope, "stage") == 0 || strcmp(it->scope, "section") == 0))
            write_detail(w, it);
        break;
    case OUT_NOTE: case OUT_SAFETY: case OUT_GATE: walk_text(w, k, it); break;
    case OUT_ROUND: walk_round(w, k, it); break;
    case OUT_EXERCISE: walk_exercise(w, k, it); break;
    }
}

bool handout_write_html(Compilation *c, const Timeline *tl, const HandoutOptions *opt, FILE *out) {
    Writer w = {c, tl, opt, out, {0}, true};
    spec_index_build(&w.sites, c);
    uint32_t first = intro_end(tl);
    write_head(&w);
    write_intro(&w);
    write_routine_details(&w);
    write_schedule(&w);
    write_equipment(&w);
    write_timeline(&w);
    Walk k = {1, false, 0, NULL, false, 0, 0, false}; /* exercises before any section: h2 */
    for (uint32_t i = first; i < tl->n_outline; i++)
        walk_item(&w, &k, &tl->outline[i]);
    fputs(k.in_section ? "</section>\n" : "", out);
    write_log(&w);
    tag_text(&w, "</main>\n<footer><p>", _("Made with routinec from the same routine your session plays."),
             "</p></footer>\n</body>\n</html>\n");
    spec_index_free(&w.sites);
    return w.pictures_ok && !w.sites.oom;
}
