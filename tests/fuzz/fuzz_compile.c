/*
 * fuzz_compile.c -- libFuzzer harness: any bytes as a routine's source.
 *
 * Runs the pipeline the CLI runs (load text, semantic checks, code
 * generation and verification), printing every diagnostic to /dev/null so
 * that the quoting of source lines runs too.  A routine that compiles is
 * then listed (disasm) and played on the virtual clock, so the programs
 * the compiler really produces reach the VM.
 *
 * Built and run by tests/fuzz/run.sh; a crash, leak or sanitizer report is
 * a bug in the core.  tests/unit/test_hostile.c includes this file (with
 * LLVMFuzzerTestOneInput renamed) to replay tests/fuzz/regressions/, so
 * its static names are unique across the harnesses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compile.h"
#include "driver.h"
#include "events.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return 0;
    Compilation c;
    compile_init(&c, sink, false);
    Chunk chunk;
    chunk_init(&chunk);
    Program program = {0};
    if (compile_load_text(&c, "fuzz.rt", (const char *)data, size) == COMPILE_OK &&
        compile_check(&c) == COMPILE_OK &&
        compile_program(&c, &chunk, &program) == COMPILE_OK)
        compile_play(&program, sink);
    program_free(&program);
    chunk_free(&chunk);
    compile_free(&c);
    fclose(sink);
    return 0;
}
