/*
 * test_hostile.c -- untrusted input can never hurt.
 *
 * Everything here goes through the public entry points a user reaches
 * (compile_*, bytecode_load, vm_init/drive_virtual, keys_parse) with input
 * nobody would write on purpose: nothing, garbage, huge files, absurd
 * nesting, damaged programs.  Each must end in a clear error or a normal
 * run -- never a crash, a hang or a sanitizer report.
 *
 * Run from the top directory (as `make check` does): it reads
 * routines/lowback-stretch.rt and tests/fuzz/regressions/.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "compile.h"
#include "driver.h"
#include "events.h"
#include "program.h"

/* The fuzz harnesses themselves replay the saved crashes, so a regression
 * runs exactly the code the fuzzer ran. */
#define LLVMFuzzerTestOneInput fuzz_compile_one
#include "../fuzz/fuzz_compile.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_bytecode_one
#include "../fuzz/fuzz_bytecode.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_keys_one
#include "../fuzz/fuzz_keys.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_lint_one
#include "../fuzz/fuzz_lint.c"
#undef LLVMFuzzerTestOneInput

#define STRETCH_PATH "routines/lowback-stretch.rt"
#define REGRESSIONS_DIR "tests/fuzz/regressions"
#define MB (1024u * 1024u)

/* ---- helpers ----------------------------------------------------------- */

/* The outcome of compiling one text: status and what the user read. */
typedef struct {
    CompileStatus status;
    unsigned errors;
    char *diagnostics; /* everything printed, malloc'd */
} Outcome;

static Outcome compile_text(const char *text, size_t len) {
    Outcome o = {COMPILE_OK, 0, NULL};
    size_t diag_len = 0;
    FILE *out = open_memstream(&o.diagnostics, &diag_len);
    assert_non_null(out);
    Compilation c;
    compile_init(&c, out, false);
    Chunk chunk;
    chunk_init(&chunk);
    Program program = {0};
    o.status = compile_load_text(&c, "hostile.rt", text, len);
    if (o.status == COMPILE_OK)
        o.status = compile_check(&c);
    if (o.status == COMPILE_OK)
        o.status = compile_program(&c, &chunk, &program);
    o.errors = c.diag.errors;
    program_free(&program);
    chunk_free(&chunk);
    compile_free(&c);
    fclose(out);
    return o;
}

static void expect_error(const char *text, size_t len, const char *message) {
    Outcome o = compile_text(text, len);
    assert_int_equal(o.status, COMPILE_ERRORS);
    assert_true(o.errors >= 1);
    if (!strstr(o.diagnostics, message))
        fail_msg("expected \"%s\" in:\n%s", message, o.diagnostics);
    free(o.diagnostics);
}

/* xorshift64*: a reproducible stream for garbage and random routines. */
static uint64_t rng_next(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1Dull;
}

static uint32_t rng_below(uint64_t *state, uint32_t n) {
    return (uint32_t)(rng_next(state) >> 33) % n;
}

/* Everything a virtual run says, as JSON lines (malloc'd). */
static char *run_events(const Program *program, const char *script) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    ScriptedKey *keys = NULL;
    size_t n_keys = 0;
    char err[200];
    assert_true(keys_parse(script, &keys, &n_keys, err, sizeof err));
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, program, NULL, events_emit_json, out, &why));
    assert_int_equal(drive_virtual(&vm, keys, n_keys), VM_FINISHED);
    vm_free(&vm);
    free(keys);
    fclose(out);
    return text;
}

static char *disasm_text(const Program *program) {
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    disasm_print(program, out, NULL, 0);
    fclose(out);
    return text;
}

/* ---- sources ------------------------------------------------------------- */

static void test_empty_source_says_there_is_no_routine(void **state) {
    (void)state;
    expect_error("", 0, "there is no routine");
    expect_error("   \n\n# only a comment\n", 21, "there is no routine");
}

/* 64 KiB of random bytes, ten times over: reported, never crashing. */
static void test_binary_garbage_is_reported(void **state) {
    (void)state;
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    size_t len = 64 * 1024;
    char *text = malloc(len);
    assert_non_null(text);
    for (int round = 0; round < 10; round++) {
        for (size_t i = 0; i < len; i++)
            text[i] = (char)(rng_next(&rng) >> 56);
        Outcome o = compile_text(text, len);
        assert_int_equal(o.status, COMPILE_ERRORS);
        assert_true(o.errors >= 1);
        assert_true(strlen(o.diagnostics) > 0);
        free(o.diagnostics);
    }
    free(text);
}

static const char SMALL_ROUTINE[] =
    "routine \"Small\" {\n"
    "    exercise \"Bridge\" strength { hold 5s; repeat 3; }\n"
    "}\n";

/* A source of `size` bytes: the small routine, then `filler` (a comment
 * line or blank lines) up to the size. */
static char *huge_source(size_t size, bool one_comment) {
    char *text = malloc(size);
    assert_non_null(text);
    size_t head = sizeof SMALL_ROUTINE - 1;
    memcpy(text, SMALL_ROUTINE, head);
    memset(text + head, ' ', size - head);
    if (one_comment) {
        text[head] = '#';
    } else {
        for (size_t i = head + 999; i < size; i += 1000)
            text[i] = '\n';
    }
    text[size - 1] = '\n';
    return text;
}

/* 100 MB (under MAX_SOURCE_BYTES, 256 MiB) of blanks, then of one comment:
 * compiled, not refused.  How fast is measured by `make bench`
 * (tests/bench/compiler.sh), not here: a wall-clock limit in a unit test
 * fails on a loaded machine and under valgrind. */
static void test_100_megabyte_source_compiles(void **state) {
    (void)state;
    for (int comment = 0; comment <= 1; comment++) {
        size_t size = 100u * 1000 * 1000;
        char *text = huge_source(size, comment);
        Outcome o = compile_text(text, size);
        if (o.status != COMPILE_OK)
            fail_msg("%s", o.diagnostics);
        free(o.diagnostics);
        free(text);
    }
}

static char *repeat_text(const char *head, const char *open, unsigned times, const char *body,
                         const char *close, const char *tail, size_t *len) {
    size_t cap = strlen(head) + times * (strlen(open) + strlen(close)) + strlen(body) +
                 strlen(tail) + 1;
    char *text = malloc(cap), *p = text;
    assert_non_null(text);
    p += sprintf(p, "%s", head);
    for (unsigned i = 0; i < times; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "%s", body);
    for (unsigned i = 0; i < times; i++)
        p += sprintf(p, "%s", close);
    p += sprintf(p, "%s", tail);
    *len = (size_t)(p - text);
    return text;
}

static void test_10000_nested_sections_are_refused_clearly(void **state) {
    (void)state;
    size_t len;
    char *text = repeat_text("routine \"Deep\" {\n", "section \"S\" {\n", 10000,
                             "exercise \"E\" { hold 5s; }\n", "}\n", "}\n", &len);
    expect_error(text, len, "nested too deeply");
    free(text);
}

/* Braces alone, never closed, and blocks of every kind. */
static void test_deep_unbalanced_blocks_are_refused(void **state) {
    (void)state;
    size_t len;
    char *text = repeat_text("routine \"Deep\" {\n", "{", 10000, "", "", "", &len);
    Outcome o = compile_text(text, len);
    assert_int_equal(o.status, COMPILE_ERRORS);
    free(o.diagnostics);
    free(text);
    text = repeat_text("routine \"Deep\" {\n", "section \"S\" {", 10000, "", "", "", &len);
    expect_error(text, len, "nested too deeply");
    free(text);
    text = repeat_text("routine \"Deep\" {\n", "section \"S\" {", MAX_NESTING - 2, "", "", "",
                       &len);
    expect_error(text, len, "never closed");
    free(text);
    text = repeat_text("routine \"Deep\" {\n", "circuit 2 rounds {", 10000, "", "}", "}", &len);
    o = compile_text(text, len);
    assert_int_equal(o.status, COMPILE_ERRORS);
    free(o.diagnostics);
    free(text);
}

static void test_nul_byte_in_a_text_is_an_error(void **state) {
    (void)state;
    static const char text[] = "routine \"R\" { exercise \"E\" { cue \"a\0b\"; hold 5s; } }\n";
    expect_error(text, sizeof text - 1, "cannot contain a NUL byte");
}

static void test_invalid_utf8_in_a_text_is_an_error(void **state) {
    (void)state;
    static const char *const bad[] = {
        "\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\xE2\x80",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[200];
        int len = snprintf(text, sizeof text,
                           "routine \"R\" { exercise \"E\" { cue \"a%sb\"; hold 5s; } }\n", bad[i]);
        expect_error(text, (size_t)len, "not valid UTF-8");
    }
}

static void test_huge_numbers_are_errors(void **state) {
    (void)state;
    static const char *const bodies[] = {
        "repeat 99999999999999999999999999;",
        "hold 99999999999999999999999999s;",
        "hold 18446744073709551615h;",
        "sets 4294967297;",
        "rest 1000000h between reps; repeat 2;",
        "build up to 99999999999999999999999 by 1;",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char text[300];
        int len = snprintf(text, sizeof text, "routine \"R\" { exercise \"E\" { %s } }\n",
                           bodies[i]);
        Outcome o = compile_text(text, (size_t)len);
        if (o.status != COMPILE_ERRORS)
            fail_msg("accepted: %s", bodies[i]);
        free(o.diagnostics);
    }
}

/* Lines and tokens longer than any internal buffer (4 KiB, 16 KiB...):
 * 5 000 adjacent texts on one line, and one text of 20 000 bytes. */
static void test_long_lines_compile(void **state) {
    (void)state;
    for (int one_text = 0; one_text <= 1; one_text++) {
        size_t cap = 64 * 1024;
        char *text = malloc(cap);
        assert_non_null(text);
        size_t len = (size_t)sprintf(text, "routine \"R\" { exercise \"E\" { cue ");
        for (int i = 0; i < 5000; i++)
            len += (size_t)sprintf(text + len, one_text ? "aaaa" : "\"a\" ");
        if (one_text) {
            memmove(text + len - 20000 + 1, text + len - 20000, 20000);
            text[len - 20000] = '"';
            len += 1;
            text[len++] = '"';
        }
        len += (size_t)sprintf(text + len, "; hold 5s; } }\n");
        Outcome o = compile_text(text, len);
        if (o.status != COMPILE_OK)
            fail_msg("%.300s", o.diagnostics);
        free(o.diagnostics);
        free(text);
    }
}

/* A string at MAX_STRING_BYTES is fine, one byte more is an error. */
static void test_string_length_limit(void **state) {
    (void)state;
    for (size_t extra = 0; extra <= 1; extra++) {
        size_t n = MAX_STRING_BYTES + extra;
        size_t cap = n + 100;
        char *text = malloc(cap);
        assert_non_null(text);
        size_t len = (size_t)sprintf(text, "routine \"R\" { exercise \"E\" { cue \"");
        memset(text + len, 'a', n);
        len += n;
        len += (size_t)sprintf(text + len, "\"; hold 5s; } }\n");
        Outcome o = compile_text(text, len);
        assert_int_equal(o.status, extra ? COMPILE_ERRORS : COMPILE_OK);
        free(o.diagnostics);
        free(text);
    }
}

/* ---- programs ------------------------------------------------------------ */

/* The .rtb image of routines/lowback-stretch.rt. */
static uint8_t *stretch_image(size_t *size) {
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    Compilation c;
    compile_init(&c, sink, false);
    Chunk chunk;
    chunk_init(&chunk);
    Program program = {0};
    if (compile_file(&c, STRETCH_PATH, &chunk, &program) != COMPILE_OK)
        fail_msg("%s does not compile (run the tests from the top directory)", STRETCH_PATH);
    uint8_t *image = bytecode_serialize(&chunk, size);
    assert_non_null(image);
    program_free(&program);
    chunk_free(&chunk);
    compile_free(&c);
    fclose(sink);
    return image;
}

static void test_every_truncation_is_refused(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = stretch_image(&size);
    for (size_t len = 0; len < size; len++) {
        Program p = {0};
        BytecodeError err;
        err.message[0] = '\0';
        if (bytecode_load(image, len, &p, &err))
            fail_msg("a .rtb cut to %zu of %zu bytes was accepted", len, size);
        assert_true(strlen(err.message) > 0);
    }
    Program p;
    BytecodeError err;
    assert_true(bytecode_load(image, size, &p, &err));
    program_free(&p);
    free(image);
}

static void fix_crc(uint8_t *image, size_t size) {
    uint32_t crc = crc32_ieee(image, size - 4);
    for (unsigned i = 0; i < 4; i++)
        image[size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

/* Load `image` and, when it loads, play it to the end.  Returns whether it
 * loaded; a refusal must come with a sentence. */
static bool load_and_play(const uint8_t *image, size_t size) {
    Program p = {0};
    BytecodeError err;
    err.message[0] = '\0';
    if (!bytecode_load(image, size, &p, &err)) {
        assert_true(strlen(err.message) > 0);
        return false;
    }
    /* The stretch routine is minutes long; a flipped count can make it
     * longer, but never past what the verifier proved. */
    assert_true(p.max_duration_ms <= MAX_SESSION_MS);
    if (p.max_steps <= FUZZ_MAX_PLAYED_STEPS) {
        FILE *sink = fopen("/dev/null", "w");
        assert_non_null(sink);
        Vm vm;
        const char *why = NULL;
        assert_true(vm_init(&vm, &p, NULL, events_emit_json, sink, &why));
        assert_int_equal(drive_virtual(&vm, NULL, 0), VM_FINISHED);
        vm_free(&vm);
        fclose(sink);
    }
    program_free(&p);
    return true;
}

/* Every byte inverted and every bit flipped: as stored (the checksum
 * refuses it) and with the checksum made right again (so the damage
 * reaches the header, constant, code and line-table checks). */
static void test_every_byte_flip_is_refused_or_runs(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = stretch_image(&size);
    uint8_t *copy = malloc(size);
    assert_non_null(copy);
    unsigned loaded = 0, refused = 0;
    for (size_t at = 0; at < size; at++) {
        for (unsigned mask = 0; mask <= 8; mask++) {
            uint8_t flip = mask == 8 ? 0xFF : (uint8_t)(1u << mask);
            memcpy(copy, image, size);
            copy[at] ^= flip;
            assert_false(load_and_play(copy, size)); /* the CRC catches it */
            if (at >= size - 4)
                continue;
            fix_crc(copy, size);
            if (load_and_play(copy, size))
                loaded++;
            else
                refused++;
        }
    }
    /* Both outcomes happen: text bytes may change, structure may not. */
    assert_true(loaded > 0);
    assert_true(refused > 0);
    free(copy);
    free(image);
}

/* A header that claims huge sections over a small file. */
static void test_lying_header_is_refused(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = stretch_image(&size);
    static const size_t fields[] = {24, 28, 32, 36, 40, 44};
    static const uint32_t values[] = {0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 0x10000000u};
    for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
        for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
            uint8_t *copy = malloc(size);
            assert_non_null(copy);
            memcpy(copy, image, size);
            for (unsigned i = 0; i < 4; i++)
                copy[fields[f] + i] = (uint8_t)(values[v] >> (8 * i));
            fix_crc(copy, size);
            bool no_name = fields[f] == 40 && values[v] == OPERAND_NONE; /* valid */
            if (load_and_play(copy, size) != no_name)
                fail_msg("header field at %zu = 0x%08x", fields[f], (unsigned)values[v]);
            free(copy);
        }
    free(image);
}

/* ---- round trip ------------------------------------------------------------ */

typedef struct {
    char *text;
    size_t len, cap;
    uint64_t rng;
    unsigned next_name;
} Gen;

static void gen_put(Gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void gen_put(Gen *g, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(g->text + g->len, g->cap - g->len, fmt, args);
    va_end(args);
    assert_true(n >= 0 && (size_t)n < g->cap - g->len);
    g->len += (size_t)n;
}

static bool gen_chance(Gen *g, unsigned percent) {
    return rng_below(&g->rng, 100) < percent;
}

static const char *const DURATIONS[] = {"500ms", "1s", "2s", "3 seconds", "5s", "10 sec"};

static const char *gen_duration(Gen *g) {
    return DURATIONS[rng_below(&g->rng, sizeof DURATIONS / sizeof *DURATIONS)];
}

static void gen_hold(Gen *g) {
    switch (rng_below(&g->rng, 4)) {
    case 0: gen_put(g, "hold %s; ", gen_duration(g)); break;
    case 1: gen_put(g, "hold about %s; ", gen_duration(g)); break;
    case 2: gen_put(g, "hold up to %s; ", gen_duration(g)); break;
    default: gen_put(g, "hold as long as you can; "); break;
    }
}

static void gen_repeat(Gen *g) {
    static const char *const sides[] = {
        "", " times", " each side", " on each side", " alternating", " each side alternating",
        " left only", " right only",
    };
    unsigned which = rng_below(&g->rng, sizeof sides / sizeof *sides);
    unsigned reps = 1 + rng_below(&g->rng, 4);
    if (which == 4)
        reps *= 2; /* alternating: even, or one side gets an extra one */
    gen_put(g, "repeat %u%s; ", reps, sides[which]);
    if ((which >= 2 && which <= 5) && gen_chance(g, 40))
        gen_put(g, "side \"knee\"; ");
    if ((which >= 2 && which <= 5) && gen_chance(g, 30))
        gen_put(g, "%s side first; ", gen_chance(g, 50) ? "left" : "right");
}

/* The settings of one exercise (or variant): each at most once. */
static void gen_settings(Gen *g, bool variant) {
    bool holds = gen_chance(g, 70);
    if (holds)
        gen_hold(g);
    if (gen_chance(g, 80))
        gen_repeat(g);
    if (gen_chance(g, 30))
        gen_put(g, "sets %u; ", 1 + rng_below(&g->rng, 3));
    if (gen_chance(g, 30))
        gen_put(g, "rest %s between reps; ", gen_duration(g));
    if (gen_chance(g, 20))
        gen_put(g, "rest %s between sets; ", gen_duration(g));
    if (gen_chance(g, 20))
        gen_put(g, "rest %s between sides; ", gen_duration(g));
    if (gen_chance(g, 20))
        gen_put(g, "rest %s after; ", gen_duration(g));
    if (!holds && gen_chance(g, 30))
        gen_put(g, "tempo %s; ", gen_duration(g));
    else if (!holds && gen_chance(g, 20))
        gen_put(g, "at your own pace%s; ", gen_chance(g, 50) ? " per set" : "");
    if (gen_chance(g, 40))
        gen_put(g, "get ready %s; ", gen_duration(g));
    if (!variant && gen_chance(g, 50))
        gen_put(g, "position \"Lie on your back.\"; ");
    if (gen_chance(g, 50))
        gen_put(g, "cue \"Slowly \" \"now.\"; ");
    if (gen_chance(g, 30))
        gen_put(g, "breathe \"Breathe out as you lift.\"; ");
}

static void gen_exercise_body(Gen *g) {
    gen_settings(g, false);
    if (gen_chance(g, 20))
        gen_put(g, "note \"Stop if it hurts.\"; ");
    if (gen_chance(g, 25))
        gen_put(g, "build up to %u times by 1; ", 10 + rng_below(&g->rng, 4));
    unsigned variants = gen_chance(g, 30) ? 1 + rng_below(&g->rng, 2) : 0;
    for (unsigned v = 0; v < variants; v++) {
        gen_put(g, "variant \"V%u\"%s { ", v, gen_chance(g, 50) ? " level easy" : "");
        gen_settings(g, true);
        gen_put(g, "} ");
    }
}

static void gen_exercise(Gen *g) {
    static const char *const kinds[] = {"", " stretch", " strength"};
    gen_put(g, "exercise \"E%u\"%s { ", g->next_name++,
            kinds[rng_below(&g->rng, sizeof kinds / sizeof *kinds)]);
    gen_exercise_body(g);
    gen_put(g, "}\n");
}

/* A library exercise (defined at the top level), played with `do`. */
static void gen_use(Gen *g, unsigned library) {
    unsigned which = rng_below(&g->rng, library);
    switch (rng_below(&g->rng, 3)) {
    case 0: gen_put(g, "do \"L%u\";\n", which); break;
    case 1: gen_put(g, "do \"L%u\" { hold %s; }\n", which, gen_duration(g)); break;
    default: gen_put(g, "do \"L%u\" { repeat %u; }\n", which, 1 + rng_below(&g->rng, 3)); break;
    }
}

static void gen_item(Gen *g, unsigned library) {
    if (library && gen_chance(g, 30))
        gen_use(g, library);
    else
        gen_exercise(g);
}

static void gen_circuit(Gen *g, unsigned library) {
    gen_put(g, "circuit \"C%u\" %u %s { ", g->next_name++, 1 + rng_below(&g->rng, 3),
            gen_chance(g, 50) ? "rounds" : "round");
    if (gen_chance(g, 50))
        gen_put(g, "rest %s between rounds; ", gen_duration(g));
    unsigned n = 1 + rng_below(&g->rng, 3);
    for (unsigned i = 0; i < n; i++)
        gen_item(g, library);
    gen_put(g, "}\n");
}

static void gen_block_items(Gen *g, unsigned library, unsigned depth) {
    unsigned n = 1 + rng_below(&g->rng, 3);
    for (unsigned i = 0; i < n; i++) {
        unsigned what = rng_below(&g->rng, 10);
        if (what < 2 && depth < 2) {
            gen_put(g, "section \"S%u\"%s {\n", g->next_name++,
                    gen_chance(g, 30) ? " level hard" : "");
            if (gen_chance(g, 30)) /* a default for the exercises inside */
                gen_put(g, "rest %s between sets; ", gen_duration(g));
            gen_block_items(g, library, depth + 1);
            gen_put(g, "}\n");
        } else if (what < 3) {
            gen_circuit(g, library);
        } else {
            gen_item(g, library);
        }
    }
}

static void gen_routine(Gen *g) {
    g->len = 0;
    g->next_name = 0;
    unsigned library = rng_below(&g->rng, 3);
    for (unsigned i = 0; i < library; i++) {
        gen_put(g, "exercise \"L%u\" { ", i);
        gen_exercise_body(g);
        gen_put(g, "}\n");
    }
    gen_put(g, "routine \"Random %u\" {\n", library);
    if (gen_chance(g, 30))
        gen_put(g, "get ready %s;\n", gen_duration(g));
    if (gen_chance(g, 30))
        gen_put(g, "rest %s between exercises;\n", gen_duration(g));
    if (gen_chance(g, 20))
        gen_put(g, "safety \"Stop if you feel pain.\";\n");
    gen_block_items(g, library, 0);
    gen_put(g, "}\n");
}

/* Compile `text`; returns the chunk and its program, or fails the test
 * with the source and the diagnostics. */
static void compile_ok(const char *text, size_t len, Chunk *chunk, Program *program) {
    char *diags = NULL;
    size_t diag_len = 0;
    FILE *out = open_memstream(&diags, &diag_len);
    assert_non_null(out);
    Compilation c;
    compile_init(&c, out, false);
    chunk_init(chunk);
    CompileStatus status = compile_load_text(&c, "random.rt", text, len);
    if (status == COMPILE_OK)
        status = compile_check(&c);
    if (status == COMPILE_OK)
        status = compile_program(&c, chunk, program);
    compile_free(&c);
    fclose(out);
    if (status != COMPILE_OK) {
        fprintf(stderr, "a generated routine does not compile:\n%s\n%s", text, diags);
        fail();
    }
    free(diags);
}

/* compile -> serialize -> load gives the same listing and the same
 * session, with and without keys, for 200 random routines. */
static void test_random_routines_round_trip(void **state) {
    (void)state;
    Gen g = {malloc(64 * 1024), 0, 64 * 1024, 0x853C49E6748FEA9Bull, 0};
    assert_non_null(g.text);
    static const char *const scripts[] = {"", "1s:pause, 3s:pause, 7s:next, 9s:back, 30s:done"};
    for (int i = 0; i < 200; i++) {
        gen_routine(&g);
        Chunk chunk;
        Program compiled = {0}, loaded = {0};
        compile_ok(g.text, g.len, &chunk, &compiled);
        size_t size = 0;
        uint8_t *image = bytecode_serialize(&chunk, &size);
        assert_non_null(image);
        BytecodeError err;
        if (!bytecode_load(image, size, &loaded, &err))
            fail_msg("the program of this routine does not load: %s\n%s", err.message, g.text);
        char *a = disasm_text(&compiled), *b = disasm_text(&loaded);
        assert_string_equal(a, b);
        free(a);
        free(b);
        for (size_t s = 0; s < sizeof scripts / sizeof *scripts; s++) {
            a = run_events(&compiled, scripts[s]);
            b = run_events(&loaded, scripts[s]);
            assert_string_equal(a, b);
            assert_non_null(strstr(a, "\"ev\":\"end\""));
            free(a);
            free(b);
        }
        free(image);
        program_free(&loaded);
        program_free(&compiled);
        chunk_free(&chunk);
    }
    free(g.text);
}

/* ---- keys and saved fuzz crashes ---------------------------------------------------------- */

static void test_hostile_key_scripts_are_refused(void **state) {
    (void)state;
    static const char *const scripts[] = {
        ":", ",", ",,,", "5s:", ":5s", "5s:pause:next", "-5s:pause", "5s:pause,",
        "18446744073709551616:quit", "9223372036854775807ms:quit", "999999999999h:next",
        "5s:\xff", "5\xc3\x28s:pause",
    };
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        ScriptedKey *keys = NULL;
        size_t n = 0;
        char err[64];
        if (keys_parse(scripts[i], &keys, &n, err, sizeof err)) {
            for (size_t k = 1; k < n; k++)
                assert_true(keys[k].t >= keys[k - 1].t);
            free(keys);
        } else {
            assert_null(keys);
            assert_true(strlen(err) > 0 && strlen(err) < sizeof err);
        }
    }
}

static uint8_t *read_all(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 4096, len = 0;
    uint8_t *bytes = malloc(cap);
    assert_non_null(bytes);
    size_t got;
    while ((got = fread(bytes + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            bytes = realloc(bytes, cap);
            assert_non_null(bytes);
        }
    }
    fclose(f);
    *size = len;
    return bytes;
}

/* tests/fuzz/regressions/HARNESS-NAME: each input a fuzzer once crashed
 * on, replayed through the same harness. */
static void test_fuzz_regressions_replay(void **state) {
    (void)state;
    DIR *dir = opendir(REGRESSIONS_DIR);
    if (!dir)
        fail_msg("cannot open %s (run the tests from the top directory)", REGRESSIONS_DIR);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        int (*harness)(const uint8_t *, size_t) =
            strncmp(entry->d_name, "compile-", 8) == 0    ? fuzz_compile_one
            : strncmp(entry->d_name, "bytecode-", 9) == 0 ? fuzz_bytecode_one
            : strncmp(entry->d_name, "keys-", 5) == 0     ? fuzz_keys_one
            : strncmp(entry->d_name, "lint-", 5) == 0     ? fuzz_lint_one
                                                          : NULL;
        if (!harness)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", REGRESSIONS_DIR, entry->d_name);
        size_t size;
        uint8_t *bytes = read_all(path, &size);
        print_message("replaying %s\n", path);
        assert_int_equal(harness(bytes, size), 0);
        free(bytes);
    }
    closedir(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_source_says_there_is_no_routine),
        cmocka_unit_test(test_binary_garbage_is_reported),
        cmocka_unit_test(test_100_megabyte_source_compiles),
        cmocka_unit_test(test_10000_nested_sections_are_refused_clearly),
        cmocka_unit_test(test_deep_unbalanced_blocks_are_refused),
        cmocka_unit_test(test_nul_byte_in_a_text_is_an_error),
        cmocka_unit_test(test_invalid_utf8_in_a_text_is_an_error),
        cmocka_unit_test(test_huge_numbers_are_errors),
        cmocka_unit_test(test_long_lines_compile),
        cmocka_unit_test(test_string_length_limit),
        cmocka_unit_test(test_every_truncation_is_refused),
        cmocka_unit_test(test_every_byte_flip_is_refused_or_runs),
        cmocka_unit_test(test_lying_header_is_refused),
        cmocka_unit_test(test_random_routines_round_trip),
        cmocka_unit_test(test_hostile_key_scripts_are_refused),
        cmocka_unit_test(test_fuzz_regressions_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
