/*
 * timeline.h -- one session as the VM plays it on the virtual clock: the
 * exercises in play order, each with its timed steps (get ready, moves,
 * holds, rests), and the outline the handout follows (sections, notes,
 * safety, conditions).  Because it is the VM's own playing of the program
 * with the same selection, the handout, the picture and the session can
 * never disagree about what is played, in which order, or how long it takes.
 */
#ifndef ROUTINEC_TIMELINE_H
#define ROUTINEC_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "program.h"
#include "vm.h"

typedef enum { SEG_GET_READY, SEG_MOVE, SEG_HOLD, SEG_REST, SEG__COUNT } SegmentKind;

typedef struct {
    SegmentKind kind;
    int64_t t, ms;
} Segment;

/* One exercise played. */
typedef struct {
    const char *name, *variant, *kind;
    int64_t start, end;          /* session clock, ms */
    uint32_t first_seg, n_segs;  /* its steps in Timeline.segs */
    uint32_t line;               /* source line of the place that plays it */
    bool own_pace;               /* the patient sets the pace (no fixed length) */
} TimelineRow;

/* What the handout prints, in play order. */
typedef enum {
    OUT_SECTION, OUT_NOTE, OUT_SAFETY, OUT_GATE, OUT_ROUND, OUT_EXERCISE,
    OUT_STAGE,   /* a stage of the programme: text is its name */
    OUT_LOCKED,  /* a section not played until unlocked: text, and what it needs in `extra` */
    OUT_DETAIL,  /* what the VM says of the routine, a stage or an exercise:
                  * `label` ("How often", "You need", "Load", "Effort", "Pain limit",
                  * "Rule") and its text in words; `scope` "routine", "stage"... */
} OutlineKind;

typedef struct {
    OutlineKind kind;
    const char *text;   /* section name, note text... */
    uint32_t row;       /* OUT_EXERCISE: index in rows; OUT_ROUND: round number */
    uint32_t of;        /* OUT_ROUND: rounds in all */
    const char *label, *scope, *extra; /* OUT_DETAIL, OUT_LOCKED */
} OutlineItem;

typedef struct {
    const char *title;
    TimelineRow *rows;
    uint32_t n_rows, cap_rows;
    Segment *segs;
    uint32_t n_segs, cap_segs;
    OutlineItem *outline;
    uint32_t n_outline, cap_outline;
    char **details;      /* the texts of OUT_DETAIL items (owned) */
    uint32_t n_details, cap_details;
    int64_t total_ms;
    bool oom;
} Timeline;

/* Play `program` with `select` on the virtual clock.  Returns false with a
 * sentence in `why` when the selection does not fit or memory ran out. */
bool timeline_build(const Program *program, const VmSelection *select, Timeline *tl, char *why, size_t size);
void timeline_free(Timeline *tl);

/* The timeline as an SVG picture: one row per exercise, time to scale,
 * with a time axis and the total.  `standalone` writes an XML file with its
 * namespace; otherwise an <svg> element to inline in HTML. */
void timeline_svg(const Timeline *tl, FILE *out, bool standalone);

#endif
