/*
 * compile_fixture.h -- shared by the sema and codegen suites: compile a
 * text in memory, capture its diagnostics as "line:col: level: message"
 * lines, and list the opcodes of the program it gives.  Included by one
 * test file each (static functions), never by project code.
 */
#ifndef ROUTINEC_COMPILE_FIXTURE_H
#define ROUTINEC_COMPILE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"

typedef struct {
    Compilation c;
    Chunk chunk;
    Program program;
    bool has_program;
    char *seen;   /* diagnostics, one per line */
    size_t seen_size;
    FILE *seen_out;
} Fixture;

static void capture(void *ctx, const Diagnostic *d) {
    static const char *const levels[] = {"error", "warning", "note"};
    Fixture *f = ctx;
    fprintf(f->seen_out, "%u:%u: %s: %s%s%s%s\n", d->loc.line, d->loc.col, levels[d->level], d->message,
            d->id ? " [" : "", diag_id_name(d->id), d->id ? "]" : "");
}

static int setup(void **state) {
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    compile_init(&f->c, stderr, false);
    f->seen_out = open_memstream(&f->seen, &f->seen_size);
    f->c.diag.sink = capture;
    f->c.diag.sink_ctx = f;
    chunk_init(&f->chunk);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fixture *f = *state;
    if (f->has_program)
        program_free(&f->program);
    chunk_free(&f->chunk);
    compile_free(&f->c);
    fclose(f->seen_out);
    free(f->seen);
    free(f);
    return 0;
}

/* Compile `text`; returns the status and keeps the program when there is one. */
static CompileStatus compile_text(Fixture *f, const char *text) {
    CompileStatus status = compile_load_text(&f->c, "t.rt", text, strlen(text));
    if (status == COMPILE_OK)
        status = compile_check(&f->c);
    if (status == COMPILE_OK && f->c.model.routine) {
        status = compile_program(&f->c, &f->chunk, &f->program);
        f->has_program = status == COMPILE_OK;
    }
    return status;
}

static inline const char *diagnostics(Fixture *f) {
    fflush(f->seen_out);
    return f->seen ? f->seen : "";
}

/* The program's opcodes as "NAME NAME ...", with operands for a few;
 * DEFAULT (a mark for plan: it plays nothing) only `with_defaults`. */
static inline char *opcodes_of(const Program *p, bool with_defaults) {
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    Insn in;
    for (uint32_t pc = 0; pc < p->code_len && insn_decode(p->code, p->code_len, pc, &in);
         pc += in.length) {
        if (in.op == OP_DEFAULT && !with_defaults)
            continue;
        fprintf(out, "%s%s", pc ? " " : "", op_info[in.op].name);
        if (in.op == OP_LOOP || in.op == OP_HOLD || in.op == OP_TEMPO || in.op == OP_REST
            || in.op == OP_REST_BETWEEN || in.op == OP_GET_READY)
            fprintf(out, "(%u)", in.operand[0]);
        else if (in.op == OP_REP || in.op == OP_IF_STEP)
            fprintf(out, "(%u,%u)", in.operand[0], in.operand[1]);
        else if (in.op == OP_SIDE || in.op == OP_SIDE_ALT)
            fprintf(out, "(%s)", side_name((Side)in.operand[0]));
    }
    fclose(out);
    return text;
}

static inline char *opcodes(const Program *p) {
    return opcodes_of(p, false);
}

#endif
