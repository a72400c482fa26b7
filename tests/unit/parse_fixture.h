/*
 * parse_fixture.h -- shared by the lexer and parser suites: parse a text
 * and capture what a user would see.  Included by one test file each (the
 * functions are static), never by project code.
 */
#ifndef ROUTINEC_PARSE_FIXTURE_H
#define ROUTINEC_PARSE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ast_dump.h"
#include "syntax.h"

/* Parse a text and capture what a user would see: the diagnostics (as
 * "line:col: message | hint") and the tree (as ast_dump prints it). */
enum { MAX_SEEN = 128, SEEN_LEN = 512 };

typedef struct {
    Sources sources;
    Diag diag;
    Arena arena;
    char seen[MAX_SEEN][SEEN_LEN];
    int n_seen;
    char all[MAX_SEEN * SEEN_LEN];
    char *dump;
} Fixture;

static void capture(void *ctx, const Diagnostic *d) {
    Fixture *f = ctx;
    if (f->n_seen < MAX_SEEN)
        snprintf(f->seen[f->n_seen++], SEEN_LEN, "%u:%u: %s%s%s", d->loc.line, d->loc.col,
                 d->message, d->hint ? " | " : "", d->hint ? d->hint : "");
}

static int setup(void **state) {
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    sources_init(&f->sources);
    diag_init(&f->diag, &f->sources, stderr);
    f->diag.sink = capture;
    f->diag.sink_ctx = f;
    arena_init(&f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fixture *f = *state;
    free(f->dump);
    arena_free(&f->arena);
    diag_free(&f->diag);
    sources_free(&f->sources);
    free(f);
    return 0;
}

/* Parse `len` bytes (which may hold NULs) and keep the dump. */
static Node *parse_bytes(Fixture *f, const char *text, size_t len) {
    uint32_t file;
    assert_int_equal(sources_add(&f->sources, "t.rt", text, len, &file), SOURCE_OK);
    Node *list = syntax_parse(&f->arena, &f->diag, file);
    size_t size;
    free(f->dump);
    FILE *out = open_memstream(&f->dump, &size);
    assert_non_null(out);
    ast_dump(list, out);
    fclose(out);
    /* The text is left as it was (flex NUL-terminates tokens in place). */
    assert_memory_equal(f->sources.files[file].text, text, len);
    return list;
}

static Node *parse(Fixture *f, const char *text) {
    return parse_bytes(f, text, strlen(text));
}

/* The diagnostics, one per line. */
static const char *seen(Fixture *f) {
    f->all[0] = '\0';
    for (int i = 0; i < f->n_seen; i++) {
        strcat(f->all, f->seen[i]);
        strcat(f->all, "\n");
    }

#endif
