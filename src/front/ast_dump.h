/*
 * ast_dump.h -- print a syntax tree, for golden tests and debugging.
 */
#ifndef ROUTINEC_AST_DUMP_H
#define ROUTINEC_AST_DUMP_H

#include <stdio.h>

#include "ast.h"

/* Print the statement list `list` (and everything under it), one node or
 * field per line, indented by depth, each with its line:col. */
void ast_dump(const Node *list, FILE *out);

#endif
