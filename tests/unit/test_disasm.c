/*
 * test_disasm.c -- `routinec disasm` output, pinned: the header, operands
 * shown by kind, source lines where the line changes, and the legend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "program.h"

#define NONE OPERAND_NONE

static uint32_t text(Chunk *c, const char *s) {
    return chunk_constant(c, s, (uint32_t)strlen(s));
}

static const char source[] =
    "routine \"Back\" {\n"
    "  exercise \"Bridge\" strength {\n"
    "    cue \"Lift \\\"slowly\\\"\";\r\n"
    "    repeat 3 { hold 5s }\n"
    "  }\n"
    "}\n";

/* One of each operand kind: k, K (text and none), j, n, s, t. */
static void sample_chunk(Chunk *c) {
    chunk_init(c);
    c->source_name = text(c, "routines/back.rt");
    c->source_hash = 0x0123456789abcdefull;
    chunk_emit(c, 1, 1, OP_ROUTINE, text(c, "Back"));
    uint32_t s = chunk_emit(c, 2, 3, OP_SECTION,
                            text(c, "A very long section name that goes on and on and "
                                    "on, past 48 bytes"), NONE, 0u);
    uint32_t ex = chunk_emit(c, 2, 3, OP_EXERCISE, text(c, "Bridge"), text(c, "strength"),
                             NONE, 0u);
    chunk_emit(c, 3, 5, OP_CUE, text(c, "Lift \"slowly\"\n"));
    uint32_t loop = chunk_emit(c, 4, 5, OP_LOOP, 3u, 3u, 0u);
    chunk_emit(c, 4, 5, OP_SIDE_ALT, (uint32_t)SIDE_LEFT, NONE, NONE);
    chunk_emit(c, 4, 16, OP_HOLD, 5000u);
    chunk_emit(c, 4, 5, OP_END_LOOP, loop + op_length(OP_LOOP));
    chunk_patch_jump(c, loop, c->code_len);
    chunk_patch(c, ex, 3, chunk_emit(c, 5, 3, OP_END_EXERCISE));
    chunk_patch(c, s, 2, chunk_emit(c, 5, 3, OP_END_SECTION) + 1);
    chunk_emit(c, 6, 1, OP_END);
}

/* The listing of `c` as a malloc'd string. */
static char *listing(Chunk *c, const char *src, size_t src_len) {
    Program p;
    BytecodeError err;
    char *out = NULL;
    size_t out_len = 0;
    assert_true(program_from_chunk(c, &p, &err));
    FILE *f = open_memstream(&out, &out_len);
    assert_non_null(f);
    disasm_print(&p, f, src, src_len);
    fclose(f);
    program_free(&p);
    chunk_free(c);
    return out;
}

static void test_listing_with_source(void **state) {
    (void)state;
    Chunk c;
    sample_chunk(&c);
    char *out = listing(&c, source, sizeof source - 1);
    assert_string_equal(out,
        "; routinec bytecode 3.0\n"
        "; source: routines/back.rt (hash 0123456789abcdef)\n"
        "; 6 constants, 79 bytes of code, 11 instructions\n"
        "; longest session 15s, at most 17 steps\n"
        ";\n"
        "; 1 | routine \"Back\" {\n"
        "0000  ROUTINE       \"Back\"\n"
        "; 2 |   exercise \"Bridge\" strength {\n"
        "0005  SECTION       \"A very long section name that goes on and on and...\", -, ->004e\n"
        "0012  EXERCISE      \"Bridge\", \"strength\", -, ->004c\n"
        "; 3 |     cue \"Lift \\\"slowly\\\"\";\n"
        "0023  CUE           \"Lift \\\"slowly\\\"\\n\"\n"
        "; 4 |     repeat 3 { hold 5s }\n"
        "0028  LOOP          3, 3, ->004c\n"
        "0035  SIDE_ALT      left, -, -\n"
        "0042  HOLD          5s\n"
        "0047  END_LOOP      ->0035\n"
        "; 5 |   }\n"
        "004c  END_EXERCISE\n"
        "004d  END_SECTION\n"
        "; 6 | }\n"
        "004e  END\n"
        ";\n"
        "; opcodes used:\n"
        ";   ROUTINE       start the routine titled K(a)\n"
        ";   SECTION       enter section K(a) of level K(b); when it is not selected, jump "
        "to J(c), just past its END_SECTION\n"
        ";   END_SECTION   leave the innermost section\n"
        ";   EXERCISE      begin exercise K(a) of kind K(b), variant K(c); J(d) is its "
        "END_EXERCISE, where `next` goes\n"
        ";   END_EXERCISE  finish the current exercise\n"
        ";   CUE           show and say the instruction K(a)\n"
        ";   LOOP          repeat the body up to the matching END_LOOP N(a) times; once N(b) are "
        "done, the done key ends it normally at J(c), just past END_LOOP\n"
        ";   END_LOOP      go back to J(a), just past the LOOP, while iterations remain\n"
        ";   SIDE_ALT      alternate sides by iteration: S(a) called K(b) on even "
        "iterations, the other called K(c) on odd\n"
        ";   HOLD          hold for T(a)\n"
        ";   END           end of the routine\n");
    free(out);
}

static void test_listing_without_source(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    chunk_emit(&c, 1, 1, OP_ROUTINE, text(&c, "R"));
    chunk_emit(&c, 2, 1, OP_REST, 90000u, 90000u);
    chunk_emit(&c, 3, 1, OP_END);
    char *out = listing(&c, NULL, 0);
    assert_string_equal(out,
        "; routinec bytecode 3.0\n"
        "; source: (unknown) (hash cbf29ce484222325)\n"
        "; 1 constant, 15 bytes of code, 3 instructions\n"
        "; longest session 1m30s, at most 3 steps\n"
        ";\n"
        "0000  ROUTINE       \"R\"\n"
        "0005  REST          1m30s, 1m30s\n"
        "000e  END\n"
        ";\n"
        "; opcodes used:\n"
        ";   ROUTINE  start the routine titled K(a)\n"
        ";   REST     rest for T(a); after T(b) the patient may end it\n"
        ";   END      end of the routine\n");
    free(out);
}

/* Lines past the end of the source, and control characters in it, are
 * handled without harm. */
static void test_source_lines_out_of_range_and_control_chars(void **state) {
    (void)state;
    Chunk c;
    static const char src[] = "routine \"R\" {\x1b[2J}";
    chunk_init(&c);
    chunk_emit(&c, 1, 1, OP_ROUTINE, text(&c, "R"));
    chunk_emit(&c, 9, 1, OP_END);
    char *out = listing(&c, src, sizeof src - 1);
    assert_non_null(strstr(out, "; 1 | routine \"R\" {?[2J}\n0000  ROUTINE"));
    assert_non_null(strstr(out, "\"R\"\n0005  END\n")); /* no line 9 to show */
    free(out);
}

/* Offsets get wider than four digits when the code needs it, all alike. */
static void test_wide_offsets(void **state) {
    (void)state;
    Chunk c;
    if (MAX_BYTECODE_BYTES < 0x20000)
        skip(); /* RT_SMALL_LIMITS: such a program is too large */
    chunk_init(&c);
    chunk_emit(&c, 0, 0, OP_ROUTINE, text(&c, "R"));
    uint32_t jump = chunk_emit(&c, 0, 0, OP_JUMP, 0u);
    for (int i = 0; i < 14000; i++)
        chunk_emit(&c, 0, 0, OP_NOTE, 0u);
    chunk_patch(&c, jump, 0, chunk_emit(&c, 0, 0, OP_END));
    char *out = listing(&c, NULL, 0);
    assert_non_null(strstr(out, "\n00000  ROUTINE       \"R\"\n"
                                "00005  JUMP          ->1117a\n"));
    assert_non_null(strstr(out, "\n1117a  END\n"));
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing_with_source),
        cmocka_unit_test(test_listing_without_source),
        cmocka_unit_test(test_source_lines_out_of_range_and_control_chars),
        cmocka_unit_test(test_wide_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
