/*
 * format.h -- the canonical layout of a routine file (`routinec fmt`).
 *
 * A token-stream formatter over the scanner (syntax_tokens): the brace
 * depth gives the indentation (4 spaces), `;`, `{` and `}` end a line, one
 * space between tokens (none before `;` and `,`), at most one blank line
 * where the source had one or more (none at the start or end of a block),
 * texts in straight quotes ("..."), comments kept where they were (a
 * comment after a token stays at the end of that line, two spaces
 * after it).  A line break
 * before a text inside a statement (a long text split in several quoted
 * pieces) is kept, as a continuation line.  Because it reads tokens, not
 * the grammar, a new statement or construct needs no change here.
 *
 * Formatting never changes the compiled program (code and constants):
 * tests/unit/test_format.c checks it over every .rt file of the tree, and
 * the compile fuzz harness over every input that compiles.
 */
#ifndef ROUTINEC_FORMAT_H
#define ROUTINEC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Format file `file` of diag->sources into *out (malloc'd, *len bytes, NUL
 * after them).  False when the file has syntax errors (reported to diag:
 * a file that does not parse is never reformatted) or memory ran out
 * (*out is then NULL). */
bool format_file(Diag *diag, uint32_t file, char **out, size_t *len);

#endif
