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

/* The tokens of a file, for `routinec fmt` and the editor tests: each
 * token's class and its bytes [start, end) in the file's text.  What lies
 * between two tokens is blanks and comments only (in a file without
 * syntax errors).  The classes are the ones a layout needs; every keyword,
 * word, number and duration is a SYNTAX_TOK_WORD, so new statements need
 * no change here. */
typedef enum {
    SYNTAX_TOK_WORD,
    SYNTAX_TOK_TEXT,
    SYNTAX_TOK_SEMI,
    SYNTAX_TOK_LBRACE,
    SYNTAX_TOK_RBRACE,
    SYNTAX_TOK_COMMA,
} SyntaxTokenKind;

typedef struct {
    SyntaxTokenKind kind;
    size_t start, end;
    const char *word; /* a word `fmt` puts in or writes instead (NULL: the bytes) */
} SyntaxToken;

/* Scan file `file` of diag->sources into a malloc'd array (*n tokens).
 * False when memory ran out or the scan reported an error. */
bool syntax_tokens(Arena *arena, Diag *diag, uint32_t file, SyntaxToken **tokens, size_t *n);

#endif
