/*
 * compile.h -- the pipeline from a routine file to a verified program:
 *
 *     text -> tokens -> AST -> checked model -> bytecode -> verified program
 *
 * A Compilation owns everything one run needs (sources, diagnostics,
 * arena) so that the CLI, the linter, tests and fuzzers drive the same
 * stages the same way.
 */
#ifndef ROUTINEC_COMPILE_H
#define ROUTINEC_COMPILE_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "chunk.h"
#include "diag.h"
#include "program.h"
#include "sema.h"
#include "source.h"

typedef enum {
    COMPILE_OK = 0,
    COMPILE_ERRORS = 1, /* the input has errors (reported) */
    COMPILE_IO = 3,     /* the main file could not be read (reported) */
} CompileStatus;

/* The real directories a compilation may read from. */
typedef struct {
    char **dirs;
    size_t n;
} PathRoots;

typedef struct {
    Sources sources;
    Diag diag;
    Arena arena;
    ParsedFiles files;
    Model model;
    uint32_t main_file;
    bool library_ok;  /* a file of exercise definitions alone is fine (check, lint) */
    /* Includes are confined to the main file's directory tree and these
     * directories (--include-dir), which are also searched, in order. */
    const char *const *include_dirs;
    size_t n_include_dirs;
    PathRoots roots;  /* the main file's directory, then the include_dirs */
} Compilation;

/* Diagnostics go to `diag_out` (colour decided by the caller). */
void compile_init(Compilation *c, FILE *diag_out, bool color);
void compile_free(Compilation *c);

/* Read and parse `path` and everything it includes. */
CompileStatus compile_load(Compilation *c, const char *path);
/* The same, from text in memory (tests, fuzzers); includes are refused. */
CompileStatus compile_load_text(Compilation *c, const char *name, const char *text, size_t len);

/* Whether a file named `rel` in `from_path` (found at `path`) may be read:
 * not absolute, and (by its real path, or its folded name when it does not
 * exist) inside the main file's directory or an include directory.  For
 * includes and anything else a routine names (pictures). */
bool compile_path_allowed(const Compilation *c, const char *from_path, const char *rel,
                          const char *path);

/* Semantic checks: fills c->model. */
CompileStatus compile_check(Compilation *c);

/* Generate and verify the program (c->model.routine must be set) into
 * `chunk`, which the caller has initialised and frees.  Once the code is
 * generated, the syntax trees and the model are freed (c->files and
 * c->model are emptied; c->sources and c->diag stay): nothing after code
 * generation reads them, and a large routine's trees would otherwise sit
 * under the verifier's memory.  The chunk and the Program own copies of
 * everything they hold. */
CompileStatus compile_program(Compilation *c, Chunk *chunk, Program *program);

/* All three stages. */
CompileStatus compile_file(Compilation *c, const char *path, Chunk *chunk, Program *program);

#endif
