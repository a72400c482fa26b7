/*
 * verify.h -- the code verifier, run by the loader on every program.
 *
 * It proves what the VM relies on: every instruction decodes, every operand
 * is in range, constructs nest properly, every jump goes forward to an
 * instruction in the same construct, and the session ends within the
 * limits of bounds.h.  Internal to the bytecode module (bytecode.c).
 */
#ifndef ROUTINEC_VERIFY_H
#define ROUTINEC_VERIFY_H

#include <stdbool.h>

#include "program.h"

/* Check program->code (code_len bytes, constants 0..n_consts-1) and set
 * program->max_duration_ms and max_steps.  On failure returns false and
 * fills `err` with a message and the code offset of the culprit. */
bool bytecode_verify(Program *program, BytecodeError *err);

#endif
