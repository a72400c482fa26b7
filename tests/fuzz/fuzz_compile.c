/*
 * fuzz_compile.c -- libFuzzer harness: any bytes as a routine's source.
 *
 * Runs the pipeline the CLI runs (load text, semantic checks, code
 * generation and verification), printing every diagnostic to /dev/null so
 * that the quoting of source lines runs too.  A routine that compiles is
 * then listed (disasm) and played on the virtual clock, so the programs
 * the compiler really produces reach the VM.  Its source is then formatted
 * (`routinec fmt`): the formatted text must compile to the same code and
 * constants, and formatting it again must change nothing -- otherwise the
 * harness aborts.
 *
 * Built and run by tests/fuzz/run.sh; a crash, leak or sanitizer report is
 * a bug in the core.  tests/unit/test_hostile.c includes this file (with
 * LLVMFuzzerTestOneInput renamed) to replay tests/fuzz/regressions/, so
 * its static names are unique across the harnesses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "format.h"
#include "driver.h"
#include "events.h"
#include "safetext.h"

/* A verified program may legally run ~2^40 instructions (verify.c's
 * MAX_RUN_STEPS); playing one of those would only time out the fuzzer,
 * not find a bug.  Larger programs are compiled and listed, not played. */
#ifndef FUZZ_MAX_PLAYED_STEPS
#define FUZZ_MAX_PLAYED_STEPS (1u << 20)
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void compile_play(const Program *program, FILE *sink) {
    disasm_print(program, sink, NULL, 0);
    if (program->max_steps > FUZZ_MAX_PLAYED_STEPS)
        return;
    Vm vm;
    const char *why = NULL;
    if (vm_init(&vm, program, NULL, events_emit_json, sink, &why))
        (void)drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
}

/* Compile `text` as "fuzz.rt" into `chunk`; false when it has errors. */
static bool compile_again(const char *text, size_t len, FILE *sink, Chunk *chunk) {
    Compilation c;
    compile_init(&c, sink, false);
    Program program = {0};
    bool ok = compile_load_text(&c, "fuzz.rt", text, len) == COMPILE_OK && compile_check(&c) == COMPILE_OK &&
              compile_program(&c, chunk, &program) == COMPILE_OK;
    if (ok)
        program_free(&program);
    compile_free(&c);
    return ok;
}

static bool same_program(const Chunk *a, const Chunk *b) {
    if (a->code_len != b->code_len || memcmp(a->code, b->code, a->code_len) != 0 || a->n_consts != b->n_consts)
        return false;
    for (uint32_t i = 0; i < a->n_consts; i++)
        if (a->consts[i].len != b->consts[i].len ||
            memcmp(a->consts[i].bytes, b->consts[i].bytes, a->consts[i].len) != 0)
            return false;
    return true;
}

/* The formatted source compiles to the same program; formatting is
 * idempotent. */
static void compile_format(Compilation *c, const Chunk *chunk, FILE *sink) {
    char *text = NULL, *again = NULL;
    size_t len = 0, again_len = 0;
    if (!format_file(&c->diag, c->main_file, &text, &len))
        abort(); /* it compiled, so it parses */
    Chunk formatted;
    chunk_init(&formatted);
    if (!compile_again(text, len, sink, &formatted) || !same_program(chunk, &formatted))
        abort();
    chunk_free(&formatted);
    Compilation c2;
    compile_init(&c2, sink, false);
    if (compile_load_text(&c2, "fuzz.rt", text, len) != COMPILE_OK ||
        !format_file(&c2.diag, c2.main_file, &again, &again_len) || again_len != len ||
        memcmp(again, text, len) != 0)
        abort();
    compile_free(&c2);
    free(again);
    free(text);
}

/* What reaches a terminal is safe whatever the input (safetext.h): no
 * control byte but newline and tab, no C1 control, no bidi override, only
 * valid UTF-8 -- in the sanitiser's output and in every diagnostic. */
static void check_terminal_safe(const char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c == 0xc0 || c == 0xc1 || c >= 0xf5)
            abort();
        size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (n > len - i)
            abort();
        for (size_t k = 1; k < n; k++)
            if (((unsigned char)s[i + k] & 0xc0) != 0x80)
                abort();
        if (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0) /* U+0080..U+009F */
            abort();
        if (c == 0xe2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0xaa &&
            (unsigned char)s[i + 2] <= 0xae) /* U+202A..U+202E */
            abort();
        i += n;
    }
}

static void check_sanitiser(const uint8_t *data, size_t size) {
    char *safe = safe_text_dup((const char *)data, size, SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB);
    if (safe) {
        if (strlen(safe) > size)
            abort();
        check_terminal_safe(safe, strlen(safe));
    }
    free(safe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_sanitiser(data, size);
    char *diagnostics = NULL;
    size_t diagnostics_len = 0;
    FILE *sink = open_memstream(&diagnostics, &diagnostics_len);
    FILE *null = fopen("/dev/null", "w"); /* the listing and the events */
    if (!sink || !null) {
        if (sink)
            fclose(sink);
        if (null)
            fclose(null);
        free(diagnostics);
        return 0;
    }
    Compilation c;
    compile_init(&c, sink, false);
    Chunk chunk;
    chunk_init(&chunk);
    Program program = {0};
    if (compile_load_text(&c, "fuzz.rt", (const char *)data, size) == COMPILE_OK &&
        compile_check(&c) == COMPILE_OK &&
        compile_program(&c, &chunk, &program) == COMPILE_OK) {
        compile_play(&program, null);
        compile_format(&c, &chunk, sink);
    }
    program_free(&program);
    chunk_free(&chunk);
    compile_free(&c);
    fclose(null);
    fclose(sink);
    check_terminal_safe(diagnostics, diagnostics_len);
    free(diagnostics);
    return 0;
}
