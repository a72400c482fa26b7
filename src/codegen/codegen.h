/*
 * codegen.h -- a checked model to bytecode.
 */
#ifndef ROUTINEC_CODEGEN_H
#define ROUTINEC_CODEGEN_H

#include <stdbool.h>

#include "chunk.h"
#include "sema.h"

/* Emit the routine of `model` into `chunk` (freshly initialised).  Returns
 * false only when out of memory. */
bool codegen_routine(const Model *model, Chunk *chunk);

#endif
