/*
 * handout.h -- `routinec handout`: the printable patient handout, one
 * self-contained HTML file (styles and pictures inside; nothing fetched),
 * and its PDF through WeasyPrint.
 *
 * What is played, in which order, and for how long comes from the VM
 * playing the program on the virtual clock with the session's selection
 * (timeline.h); the words for each exercise come from the same checked
 * model that generated that program (its cues, its dose, its variants and
 * pictures).  Therapist text is in neither, so it can never be printed.
 */
#ifndef ROUTINEC_HANDOUT_H
#define ROUTINEC_HANDOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compile.h"
#include "output.h"
#include "timeline.h"

typedef enum { PAPER_A4, PAPER_LETTER } Paper;

typedef struct {
    Paper paper;
    bool large_print;
    uint32_t weeks;      /* weeks of log to print (0: none) */
    uint32_t step;       /* progression step (as --step) */
    Side affected;       /* --affected: sides by their role say the patient's
                            side; SIDE_NONE: they say the role */
} HandoutOptions;

/* Where each played exercise's words come from: the specs of the places
 * that play exercises, found from the rows the VM played. */
typedef struct {
    const ExerciseSpec **specs; /* every place that plays one, in source order */
    uint32_t n, cap;
    uint32_t cursor;            /* where the last search matched */
    bool oom;
} SpecIndex;

void spec_index_build(SpecIndex *index, const Compilation *c);
void spec_index_free(SpecIndex *index);
/* The spec `row` was played from (with its variant), or NULL. */
const ExerciseSpec *spec_index_find(SpecIndex *index, const TimelineRow *row);

/* Write the handout of `c` (checked: c->model is set) as played in `tl`.
 * Pictures are read and checked here; a refused one is reported through
 * c->diag at its `picture` statement and the result is false (nothing
 * useful was written). */
bool handout_write_html(Compilation *c, const Timeline *tl, const HandoutOptions *opt, FILE *out);

/* Read and check every picture the files of `c` (checked) name, as the
 * handout would; each refusal is a warning at its `picture` statement
 * (the session shows no pictures, so the routine itself is fine; the
 * handout makes it an error).  `routinec check` calls it so that a bad
 * picture is found before a handout is printed. */
void handout_check_pictures(Compilation *c);

/* Add the files the routine's pictures name to `set`: inputs of a
 * handout, never to be written over.  False when out of memory. */
bool handout_picture_ids(Compilation *c, FileIdSet *set);

/* Turn the HTML file `html` into the PDF `pdf` with WeasyPrint (or the
 * program named by $ROUTINEC_WEASYPRINT), never writing over `inputs`.
 * Returns 0, or an exit status after saying why on `err`. */
int handout_pdf(const char *html, const char *pdf, const FileIdSet *inputs, FILE *err);

#endif
