/*
 * syntax.h -- the front end: text to syntax tree (grammar/lexer.l,
 * grammar/parser.y).
 */
#ifndef ROUTINEC_SYNTAX_H
#define ROUTINEC_SYNTAX_H

#include "arena.h"
#include "ast.h"
#include "diag.h"

/* Parse file `file` of diag->sources.  Every syntax error is reported to
 * `diag` (the parser recovers and goes on); the result is the list of
 * top-level statements that could be read, NULL for an empty file. */
Node *syntax_parse(Arena *arena, Diag *diag, uint32_t file);

#endif
