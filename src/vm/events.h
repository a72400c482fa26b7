/*
 * events.h -- writing VM events as lines: JSON for programs, plain text for
 * people reading a log.
 *
 * Both writers are stateless: one event in, one line out (or nothing, for
 * an event that adds nothing to a plain log).  Their output is pinned by
 * golden tests, so change it only on purpose.
 */
#ifndef ROUTINEC_EVENTS_H
#define ROUTINEC_EVENTS_H

#include <stdio.h>

#include "vm.h"

/* One JSON object and a newline.  Keys come in a fixed order: "t", "ev",
 * then the fields of that kind of event (see events.c). */
void events_json_line(const VmEvent *ev, FILE *out);

/* One calm line such as "[ 0:05] Rep 1 of 10, left knee", or nothing. */
void events_text_line(const VmEvent *ev, FILE *out);

/* VmEmit adapters: `ctx` is the FILE * to write to. */
void events_emit_json(void *ctx, const VmEvent *ev);
void events_emit_text(void *ctx, const VmEvent *ev);

#endif
