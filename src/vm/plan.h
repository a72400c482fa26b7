/*
 * plan.h -- `routinec plan`: the whole timeline of a session, worked out
 * by playing the program on the virtual clock (so the plan and the session
 * can never disagree), with repetitions folded into one line per block.
 */
#ifndef ROUTINEC_PLAN_H
#define ROUTINEC_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "program.h"
#include "vm.h"

typedef enum { PLAN_TEXT, PLAN_JSON } PlanFormat;

/* Print the plan of `program` as played with `select`.  Returns false
 * (having said why on `err`) when the selection does not fit the program. */
bool plan_print(const Program *program, const VmSelection *select, PlanFormat format,
                FILE *out, FILE *err);

#endif
