/*
 * fuzz_bytecode.c -- libFuzzer harness: any bytes as a .rtb program.
 *
 * The checksum at the end of a .rtb would stop almost every mutation at
 * the door, so the harness writes the right CRC-32 over its copy of the
 * input first: the fuzzer then spends its time on the header, constant,
 * code and line-table checks and on the verifier.  (Refusing a bad
 * checksum is covered by test_hostile's byte flips.)
 *
 * A program that loads is listed (disasm) and played on the virtual clock
 * twice: with no keys and everything selected, then with a selection and
 * a few keys taken from the input's last bytes.
 *
 * Static names are unique across the harnesses: test_hostile.c includes
 * all three to replay tests/fuzz/regressions/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "events.h"
#include "program.h"

/* See fuzz_compile.c: a verified program may run ~2^40 instructions. */
#ifndef FUZZ_MAX_PLAYED_STEPS
#define FUZZ_MAX_PLAYED_STEPS (1u << 20)
#endif
#define FUZZ_MAX_KEYS 8u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void bytecode_play(const Program *program, const VmSelection *select, const ScriptedKey *keys,
                 size_t n_keys, FILE *sink) {
    Vm vm;
    const char *why = NULL;
    if (vm_init(&vm, program, select, events_emit_json, sink, &why))
        (void)drive_virtual(&vm, keys, n_keys);
    vm_free(&vm);
}

/* Keys at increasing times, each byte giving the key and the gap. */
static size_t bytecode_keys_from(const uint8_t *data, size_t size, ScriptedKey *keys) {
    size_t n = size < FUZZ_MAX_KEYS ? size : FUZZ_MAX_KEYS;
    int64_t t = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = data[size - n + i];
        t += (int64_t)(b / 6) * 500;
        keys[i].t = t;
        keys[i].key = (VmKey)(VM_KEY_PAUSE + b % 6);
    }
    return n;
}

/* A selection naming constants of the program (which may or may not be
 * sections, levels or variants: vm_init must say so, not crash). */
static VmSelection bytecode_selection_from(const Program *program, const uint8_t *data, size_t size) {
    VmSelection select = {0};
    if (size < 2 || program->n_consts == 0)
        return select;
    uint8_t pick = data[size - 1], what = data[size - 2];
    const char *name = program_string(program, pick % program->n_consts);
    if (what & 1)
        select.section = name;
    if (what & 2)
        select.level = name;
    if (what & 4)
        select.variant = name;
    select.step = (uint32_t)(what >> 3) % 8;
    select.least = (pick & 0x80) != 0; /* ranges at their lower ends, as the plan's shortest */
    return select;
}

static void bytecode_exercise(const Program *program, const uint8_t *data, size_t size, FILE *sink) {
    disasm_print(program, sink, NULL, 0);
    if (program->max_steps > FUZZ_MAX_PLAYED_STEPS)
        return;
    bytecode_play(program, NULL, NULL, 0, sink);
    ScriptedKey keys[FUZZ_MAX_KEYS];
    size_t n_keys = bytecode_keys_from(data, size, keys);
    VmSelection select = bytecode_selection_from(program, data, size);
    bytecode_play(program, &select, keys, n_keys, sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *copy = malloc(size ? size : 1);
    FILE *sink = fopen("/dev/null", "w");
    if (!copy || !sink) {
        free(copy);
        if (sink)
            fclose(sink);
        return 0;
    }
    memcpy(copy, data, size);
    if (size >= 4) {
        uint32_t crc = crc32_ieee(copy, size - 4);
        for (unsigned i = 0; i < 4; i++)
            copy[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    }
    Program program = {0};
    BytecodeError err;
    if (bytecode_load(copy, size, &program, &err))
        bytecode_exercise(&program, data, size, sink);
    program_free(&program);
    free(copy);
    fclose(sink);
    return 0;
}
