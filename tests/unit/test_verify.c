/*
 * test_verify.c -- the code verifier: every rule refuses what it should,
 * with the message a user would read, and accepts what is fine; the
 * duration and step bounds come out right on nested loops and branches.
 *
 * Programs are built with chunk_emit() and go through program_from_chunk(),
 * the gate every compiled routine passes.  Instructions are emitted without
 * source lines so offsets are easy to follow: ROUTINE is at 0x0000 (5
 * bytes), so an EXERCISE opened next is at 0x0005 and its body at 0x0016.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "program.h"

#define NONE OPERAND_NONE

static uint32_t text(Chunk *c, const char *s) {
    return chunk_constant(c, s, (uint32_t)strlen(s));
}

static uint32_t emit0(Chunk *c, Opcode op) { return chunk_emit(c, 0, 0, op); }
/* One operand as written; a second one (the lower end of a range) is the
 * same value, none for HOLD_UP_TO; a LOOP's exit is patched by close_loop.
 * chunk_emit reads only as many operands as the opcode has. */
static uint32_t emit1(Chunk *c, Opcode op, uint32_t a) {
    return chunk_emit(c, 0, 0, op, a, op == OP_HOLD_UP_TO ? 0u : a, 0u);
}
static uint32_t emit2(Chunk *c, Opcode op, uint32_t a, uint32_t b) {
    return chunk_emit(c, 0, 0, op, a, b);
}

/* ROUTINE "R", then EXERCISE "E" (its target patched by end_exercise). */
static uint32_t begin_exercise(Chunk *c) {
    chunk_init(c);
    emit1(c, OP_ROUTINE, text(c, "R"));
    return chunk_emit(c, 0, 0, OP_EXERCISE, text(c, "E"), NONE, NONE, 0u);
}

static void end_exercise(Chunk *c, uint32_t exercise) {
    chunk_patch(c, exercise, 3, emit0(c, OP_END_EXERCISE));
    emit0(c, OP_END);
}

static uint32_t open_loop(Chunk *c, uint32_t count) { return emit1(c, OP_LOOP, count); }

static void close_loop(Chunk *c, uint32_t loop) {
    emit1(c, OP_END_LOOP, loop + op_length(OP_LOOP));
    chunk_patch_jump(c, loop, c->code_len);
}

/* Verify and free the chunk; the Program is freed too when accepted. */
static bool verify(Chunk *c, BytecodeError *err, uint64_t *duration, uint64_t *steps) {
    Program p;
    bool ok = program_from_chunk(c, &p, err);
    if (ok) {
        if (duration)
            *duration = p.max_duration_ms;
        if (steps)
            *steps = p.max_steps;
        program_free(&p);
    }
    chunk_free(c);
    return ok;
}

static void expect_error(Chunk *c, const char *message) {
    BytecodeError err;
    assert_false(verify(c, &err, NULL, NULL));
    assert_string_equal(err.message, message);
}

static void expect_ok(Chunk *c) {
    BytecodeError err = {0};
    bool ok = verify(c, &err, NULL, NULL);
    if (!ok)
        print_error("unexpected rejection: %s\n", err.message);
    assert_true(ok);
}

/* A program with one exercise holding `ms`. */
static void hold_program(Chunk *c, uint32_t ms) {
    uint32_t ex = begin_exercise(c);
    emit1(c, OP_HOLD, ms);
    end_exercise(c, ex);
}

/* ---- accepted programs -------------------------------------------------------- */

static void test_minimal_program_is_accepted(void **state) {
    (void)state;
    Chunk c;
    uint64_t duration = 0, steps = 0;
    BytecodeError err;
    hold_program(&c, 5000);
    assert_true(verify(&c, &err, &duration, &steps));
    assert_int_equal(duration, 5000);
    assert_int_equal(steps, 5); /* ROUTINE EXERCISE HOLD END_EXERCISE END */
}

static void test_error_offset_is_the_file_offset(void **state) {
    (void)state;
    Chunk c;
    BytecodeError err;
    hold_program(&c, MAX_DURATION_MS + 1);
    uint32_t consts = 4 + 1 + 4 + 1; /* "R" and "E" */
    assert_false(verify(&c, &err, NULL, NULL));
    assert_int_equal(err.offset, RTB_HEADER_SIZE + consts + 0x16);
}

/* ---- decoding and operands ---------------------------------------------------- */

static void test_unknown_opcode(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t pc = emit1(&c, OP_HOLD, 1000);
    end_exercise(&c, ex);
    c.code[pc] = 0xEE;
    expect_error(&c, "at code offset 0x0016: byte 0xee is not an opcode");
}

static void test_truncated_operands(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_HOLD, 1000);
    c.code_len -= 2;
    expect_error(&c, "at code offset 0x0005 (HOLD): the instruction needs 5 bytes, but "
                     "the code ends after 3");
}

static void test_empty_code(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    expect_error(&c, "at code offset 0x0000: the code section is empty; a program starts "
                     "with ROUTINE");
}

static void test_constant_out_of_range(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit1(&c, OP_CUE, 7);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (CUE): operand a is constant 7, but there are "
                     "only 2 constants");
}

static void test_optional_constant_may_be_none(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit2(&c, OP_SIDE, SIDE_LEFT, NONE);
    end_exercise(&c, ex);
    expect_ok(&c);
}

static void test_required_constant_may_not_be_none(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit1(&c, OP_NOTE, NONE);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (NOTE): operand a is constant 4294967295, but "
                     "there are only 2 constants");
}

static void test_duration_too_long(void **state) {
    (void)state;
    Chunk c;
    hold_program(&c, MAX_DURATION_MS + 1);
    expect_error(&c, "at code offset 0x0016 (HOLD): operand a is 14400001 ms; the longest "
                     "allowed is 4h");
}

static void test_count_out_of_range(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t loop = open_loop(&c, 0);
    close_loop(&c, loop);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (LOOP): operand a is 0; must be between 1 "
                     "and 1000");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    loop = open_loop(&c, MAX_COUNT + 1);
    close_loop(&c, loop);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (LOOP): operand a is 1001; must be between 1 "
                     "and 1000");
}

static void test_side_out_of_range(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit2(&c, OP_SIDE, 4, NONE);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (SIDE): operand a is 4; must be 0 (none), 1 "
                     "(left), 2 (right) or 3 (both)");
}

/* `both sides together` is no side to alternate from. */
static void test_side_alt_not_both(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t loop = open_loop(&c, 2);
    chunk_emit(&c, 0, 0, OP_SIDE_ALT, SIDE_BOTH, NONE, NONE);
    close_loop(&c, loop);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0023 (SIDE_ALT): operand a is 3; the first side "
                     "must be 1 (left) or 2 (right)");
}

static void test_side_role_must_be_a_role(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit2(&c, OP_SIDE_ROLE, 3, NONE);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (SIDE_ROLE): operand a is 3; must be 1 "
                     "(affected) or 2 (unaffected)");
}

static void test_side_alt_needs_a_first_side(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t loop = open_loop(&c, 2);
    chunk_emit(&c, 0, 0, OP_SIDE_ALT, SIDE_NONE, NONE, NONE);
    close_loop(&c, loop);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0023 (SIDE_ALT): operand a is 0; the first side "
                     "must be 1 (left) or 2 (right)");
}

static void rep_program(Chunk *c, uint32_t count, uint32_t a, uint32_t b) {
    uint32_t ex = begin_exercise(c);
    uint32_t loop = open_loop(c, count);
    emit2(c, OP_REP, a, b);
    close_loop(c, loop);
    end_exercise(c, ex);
}

static void test_rep_rules(void **state) {
    (void)state;
    Chunk c;
    rep_program(&c, 6, 2, 3);
    expect_error(&c, "at code offset 0x0023 (REP): operand b is 3; must be 1 or 2");
    rep_program(&c, 6, 2, 2);
    expect_error(&c, "at code offset 0x0023 (REP): operands a*b are 4, but the innermost "
                     "LOOP (at 0x0016) repeats 6 times");
    rep_program(&c, 6, 3, 2);
    expect_ok(&c);
    rep_program(&c, 6, 6, 1);
    expect_ok(&c);
}

static void if_step_program(Chunk *c, uint32_t a, uint32_t b) {
    chunk_init(c);
    emit1(c, OP_ROUTINE, text(c, "R"));
    uint32_t pc = chunk_emit(c, 0, 0, OP_IF_STEP, a, b, 0u);
    chunk_patch(c, pc, 2, emit1(c, OP_NOTE, 0));
    emit0(c, OP_END);
}

static void test_if_step_range(void **state) {
    (void)state;
    Chunk c;
    if_step_program(&c, 3, 2);
    expect_error(&c, "at code offset 0x0005 (IF_STEP): operand b is 2; must be between "
                     "operand a (3) and 100");
    if_step_program(&c, 1, 101);
    expect_error(&c, "at code offset 0x0005 (IF_STEP): operand b is 101; must be between "
                     "operand a (1) and 100");
    if_step_program(&c, 101, 102);
    expect_error(&c, "at code offset 0x0005 (IF_STEP): operand a is 101; must be between "
                     "1 and 100");
    if_step_program(&c, 0, 2);
    expect_error(&c, "at code offset 0x0005 (IF_STEP): operand a is 0; must be between "
                     "1 and 1000");
    if_step_program(&c, 2, 2);
    expect_ok(&c);
}

/* ---- structure ------------------------------------------------------------------ */

static void test_must_start_with_routine(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_NOTE, text(&c, "N"));
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0000 (NOTE): the program must start with ROUTINE");
}

static void test_only_one_routine(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (ROUTINE): ROUTINE may only be the first "
                     "instruction");
}

static void test_must_end_with_end(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_NOTE, 0);
    expect_error(&c, "at code offset 0x0005 (NOTE): the program must end with END");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit0(&c, OP_END);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (END): END may only be the last instruction");
}

static void test_unclosed_loop(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    open_loop(&c, 2);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0012 (END): the LOOP at 0x0005 is never closed");
}

static void test_close_without_open(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit0(&c, OP_END_SECTION);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (END_SECTION): there is no open SECTION to "
                     "close");
}

static void test_crossed_constructs(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t loop = open_loop(&c, 2);
    chunk_emit(&c, 0, 0, OP_SECTION, text(&c, "S"), NONE, 0u);
    close_loop(&c, loop);
    emit0(&c, OP_END_SECTION);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x001f (END_LOOP): it would close a LOOP, but the "
                     "innermost open construct is the SECTION at 0x0012");
}

static void test_end_loop_target(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    open_loop(&c, 2);
    emit1(&c, OP_NOTE, 0);
    emit1(&c, OP_END_LOOP, 5);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0017 (END_LOOP): operand a is ->0x0005; must be "
                     "->0x0012, just past its LOOP");
}

static void test_section_target(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t s = chunk_emit(&c, 0, 0, OP_SECTION, text(&c, "S"), NONE, 0u);
    chunk_patch(&c, s, 2, emit0(&c, OP_END_SECTION)); /* at it, not past it */
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (SECTION): operand c is ->0x0012; must be "
                     "->0x0013, just past its END_SECTION");
}

static void test_exercise_target(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit0(&c, OP_END_EXERCISE);
    chunk_patch(&c, ex, 3, 0x17);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (EXERCISE): operand d is ->0x0017; must be "
                     "->0x0016, at its END_EXERCISE");
}

static void test_no_section_or_exercise_inside_exercise(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    chunk_emit(&c, 0, 0, OP_EXERCISE, 0u, NONE, NONE, 0u);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (EXERCISE): a EXERCISE may not appear inside "
                     "an EXERCISE");
    ex = begin_exercise(&c);
    chunk_emit(&c, 0, 0, OP_SECTION, 0u, NONE, 0u);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (SECTION): a SECTION may not appear inside "
                     "an EXERCISE");
}

static void test_exercise_only_instructions(void **state) {
    (void)state;
    static const Opcode ops[] = {OP_POSITION, OP_CUE, OP_BREATHE, OP_GET_READY,
                                 OP_SIDE, OP_HOLD, OP_HOLD_UP_TO, OP_HOLD_OPEN,
                                 OP_TEMPO, OP_WAIT_KEY};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        Chunk c;
        char expected[128];
        chunk_init(&c);
        emit1(&c, OP_ROUTINE, text(&c, "R"));
        /* chunk_emit reads only what it needs; HOLD_UP_TO's b is a duration */
        chunk_emit(&c, 0, 0, ops[i], 0u, ops[i] == OP_HOLD_UP_TO ? 0u : NONE);
        emit0(&c, OP_END);
        snprintf(expected, sizeof expected, "at code offset 0x0005 (%s): this instruction "
                 "may only appear inside an EXERCISE", op_info[ops[i]].name);
        expect_error(&c, expected);
    }
}

static void test_loop_only_instructions(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    emit0(&c, OP_SET);
    end_exercise(&c, ex);
    expect_error(&c, "at code offset 0x0016 (SET): this instruction may only appear "
                     "inside a LOOP");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_ROUND, NONE);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (ROUND): this instruction may only appear "
                     "inside a LOOP");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_REST_BETWEEN, 1000);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (REST_BETWEEN): this instruction may only "
                     "appear inside a LOOP");
}

static void test_set_needs_an_exercise(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t loop = open_loop(&c, 3);
    emit0(&c, OP_SET);
    close_loop(&c, loop);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0012 (SET): this instruction may only appear "
                     "inside an EXERCISE");
}

static void nested_loops(Chunk *c, unsigned depth) {
    uint32_t loops[MAX_LOOP_DEPTH + 1];
    chunk_init(c);
    emit1(c, OP_ROUTINE, text(c, "R"));
    for (unsigned i = 0; i < depth; i++)
        loops[i] = open_loop(c, 1);
    for (unsigned i = depth; i-- > 0;)
        close_loop(c, loops[i]);
    emit0(c, OP_END);
}

static void test_loop_depth_limit(void **state) {
    (void)state;
    Chunk c;
    nested_loops(&c, MAX_LOOP_DEPTH);
    expect_ok(&c);
    nested_loops(&c, MAX_LOOP_DEPTH + 1);
    expect_error(&c, "at code offset 0x00d5 (LOOP): loops are nested more than 16 deep");
}

static void nested_sections(Chunk *c, unsigned depth) {
    uint32_t sections[MAX_SECTION_DEPTH + 1];
    chunk_init(c);
    emit1(c, OP_ROUTINE, text(c, "R"));
    for (unsigned i = 0; i < depth; i++)
        sections[i] = chunk_emit(c, 0, 0, OP_SECTION, 0u, NONE, 0u);
    for (unsigned i = depth; i-- > 0;)
        chunk_patch(c, sections[i], 2, emit0(c, OP_END_SECTION) + 1);
    emit0(c, OP_END);
}

static void test_section_depth_limit(void **state) {
    (void)state;
    Chunk c;
    char expected[128];
    nested_sections(&c, MAX_SECTION_DEPTH);
    expect_ok(&c);
    nested_sections(&c, MAX_SECTION_DEPTH + 1);
    snprintf(expected, sizeof expected, "at code offset 0x%04x (SECTION): sections are "
             "nested more than %u deep", 5 + 13 * MAX_SECTION_DEPTH, MAX_SECTION_DEPTH);
    expect_error(&c, expected);
}

/* ---- jumps ------------------------------------------------------------------------ */

static void test_jump_backward(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_NOTE, 0);
    emit1(&c, OP_JUMP, 5);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x000a (JUMP): operand a jumps back to 0x0005; jumps "
                     "must go forward");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_JUMP, 5); /* to itself: a loop for ever */
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (JUMP): operand a jumps back to 0x0005; jumps "
                     "must go forward");
}

static void test_jump_between_instructions(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit2(&c, OP_IF_VARIANT, NONE, 0x0f);
    emit1(&c, OP_NOTE, 0);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (IF_VARIANT): operand b (->0x000f) is not the "
                     "start of an instruction");
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_JUMP, 0x0b); /* END is at 0x000a: past the code */
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (JUMP): operand a (->0x000b) is not the start "
                     "of an instruction");
}

static void test_jump_into_a_loop(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    emit1(&c, OP_JUMP, 0x17);
    uint32_t loop = open_loop(&c, 2);
    emit1(&c, OP_NOTE, 0);
    close_loop(&c, loop);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0005 (JUMP): operand a jumps to 0x0017, into the "
                     "LOOP at 0x000a; a jump must stay in its construct");
}

static void test_jump_out_of_a_loop(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t loop = open_loop(&c, 2);
    emit1(&c, OP_JUMP, 0x1c);
    close_loop(&c, loop);
    emit0(&c, OP_END);
    expect_error(&c, "at code offset 0x0012 (JUMP): operand a jumps to 0x001c, out of the "
                     "LOOP at 0x0005; a jump must stay in its construct");
}

static void test_jump_over_a_loop_and_to_its_end(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t skip = emit2(&c, OP_IF_VARIANT, text(&c, "easy"), 0);
    uint32_t loop = open_loop(&c, 2);
    emit1(&c, OP_JUMP, loop + 18); /* to END_LOOP: still inside the loop */
    close_loop(&c, loop);
    chunk_patch(&c, skip, 1, emit0(&c, OP_END));
    expect_ok(&c);
}

/* ---- bounds ----------------------------------------------------------------------- */

static void test_bound_of_nested_loops(void **state) {
    (void)state;
    Chunk c;
    BytecodeError err;
    uint64_t duration = 0, steps = 0;
    uint32_t ex = begin_exercise(&c);
    emit1(&c, OP_GET_READY, 5000);
    uint32_t outer = open_loop(&c, 3);
    uint32_t inner = open_loop(&c, 4);
    emit1(&c, OP_HOLD, 5000);
    emit1(&c, OP_TEMPO, 2000);
    close_loop(&c, inner);
    emit1(&c, OP_REST_BETWEEN, 10000);
    emit0(&c, OP_HOLD_OPEN);
    close_loop(&c, outer);
    end_exercise(&c, ex);
    assert_true(verify(&c, &err, &duration, &steps));
    /* 5s + 3 * (4 * (5s + 2s) + 10s); HOLD_OPEN counts 0 */
    assert_int_equal(duration, 5000 + 3 * (4 * 7000 + 10000));
    /* ROUTINE EXERCISE GET_READY + outer LOOP + END_EXERCISE END:
     * inner = 1 + 4 * (2 + 1) = 13; body = 13 + 2 = 15; outer = 1 + 3 * 16 = 49 */
    assert_int_equal(steps, 3 + 49 + 2);
}

static void test_bound_takes_the_longer_branch(void **state) {
    (void)state;
    Chunk c;
    BytecodeError err;
    uint64_t duration = 0, steps = 0;
    uint32_t ex = begin_exercise(&c);
    uint32_t branch = emit2(&c, OP_IF_VARIANT, text(&c, "hard"), 0);
    emit1(&c, OP_HOLD, 30000);
    uint32_t jump = emit1(&c, OP_JUMP, 0);
    chunk_patch(&c, branch, 1, emit1(&c, OP_HOLD, 10000));
    emit1(&c, OP_HOLD, 5000);
    chunk_patch(&c, jump, 0, emit1(&c, OP_REST, 1000));
    end_exercise(&c, ex);
    assert_true(verify(&c, &err, &duration, &steps));
    assert_int_equal(duration, 31000); /* the 30s hold, not 10s + 5s */
    /* ROUTINE EXERCISE IF_VARIANT + max(HOLD JUMP, HOLD HOLD) + REST END_EXERCISE END */
    assert_int_equal(steps, 3 + 2 + 3);
}

static void test_session_limit(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t outer = open_loop(&c, 47);
    uint32_t inner = open_loop(&c, 40);
    emit1(&c, OP_HOLD, 60000);
    close_loop(&c, inner);
    close_loop(&c, outer);
    end_exercise(&c, ex);
    expect_error(&c, "the routine could last 31h20min; the limit is 24h");
}

static void test_step_limit(void **state) {
    (void)state;
    Chunk c;
    uint32_t loops[5];
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    for (int i = 0; i < 5; i++)
        loops[i] = open_loop(&c, 1000);
    emit1(&c, OP_NOTE, 0);
    for (int i = 5; i-- > 0;)
        close_loop(&c, loops[i]);
    emit0(&c, OP_END);
    /* innermost 1 + 1000*2 = 2001; then 1 + 1000 * 2002 = 2002001; ... */
    expect_error(&c, "the routine has too many steps: it could execute 2002002002002003 "
                     "instructions, and the limit is 4194304; use fewer repetitions, sets or rounds");
}

/* Issue 13, 14: about 150 bytes of valid bytecode (LOOP 1000 { LOOP 1000
 * { SET x32 } }) was inside the old 2^26 bound and made `run` write 1.18 GB
 * of events and `plan` take 19 s.  What a program can make routinec write
 * is bounded by its worst case: steps (about one event each)... */
static void test_event_amplification_is_refused(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t outer = open_loop(&c, 1000);
    uint32_t inner = open_loop(&c, 1000);
    for (int i = 0; i < 32; i++)
        emit0(&c, OP_SET);
    close_loop(&c, inner);
    close_loop(&c, outer);
    end_exercise(&c, ex);
    expect_error(&c, "the routine has too many steps: it could execute 33002005 instructions, "
                     "and the limit is 4194304; use fewer repetitions, sets or rounds");
}

/* Issue 13, 15: the verifier's memory is per instruction (24 bytes each):
 * a program of more instructions than any routine has is refused while
 * they are counted, before that memory is committed (test_bytecode: the
 * same for constants). */
static void test_instruction_limit(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    for (uint32_t i = 0; i < MAX_CODE_INSNS; i++)
        emit0(&c, OP_END);
    BytecodeError err;
    assert_false(verify(&c, &err, NULL, NULL));
    assert_string_equal(err.message, "at code offset 0x400005: the program has more than 4194304 "
                                     "instructions, the limit");
}

/* ... and the bytes of text shown, each time it is shown. */
static void test_text_amplification_is_refused(void **state) {
    (void)state;
    Chunk c;
    char big[2049];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    uint32_t k = text(&c, big);
    uint32_t outer = open_loop(&c, 1000);
    uint32_t inner = open_loop(&c, 100);
    emit1(&c, OP_NOTE, k);
    close_loop(&c, inner);
    close_loop(&c, outer);
    emit0(&c, OP_END);
    expect_error(&c, "the routine could show 204800001 bytes of text in one session, and the "
                     "limit is 134217728; repeat shorter texts fewer times");
    /* a tenth of it is fine */
    chunk_init(&c);
    emit1(&c, OP_ROUTINE, text(&c, "R"));
    k = text(&c, big);
    outer = open_loop(&c, 100);
    inner = open_loop(&c, 100);
    emit1(&c, OP_NOTE, k);
    close_loop(&c, inner);
    close_loop(&c, outer);
    emit0(&c, OP_END);
    expect_ok(&c);
}

static void test_bound_saturates(void **state) {
    (void)state;
    Chunk c;
    BytecodeError err;
    uint32_t loops[MAX_LOOP_DEPTH];
    uint32_t ex = begin_exercise(&c);
    for (unsigned i = 0; i < MAX_LOOP_DEPTH; i++)
        loops[i] = open_loop(&c, MAX_COUNT);
    emit1(&c, OP_HOLD, MAX_DURATION_MS);
    for (unsigned i = MAX_LOOP_DEPTH; i-- > 0;)
        close_loop(&c, loops[i]);
    end_exercise(&c, ex);
    assert_false(verify(&c, &err, NULL, NULL));
    assert_non_null(strstr(err.message, "the routine could last "));
}


/* ---- tempo phases --------------------------------------------------------- */

static void expect_error_part(Chunk *c, const char *part) {
    BytecodeError err;
    assert_false(verify(c, &err, NULL, NULL));
    if (!strstr(err.message, part))
        print_error("message: %s\n", err.message);
    assert_non_null(strstr(err.message, part));
}

/* EXERCISE { LOOP reps { TEMPO_PHASES total n; PHASE word i n ms... } }:
 * `n` phases of `ms[i]`, announced as `total` in `of` phases. */
static void phase_program(Chunk *c, uint32_t reps, uint32_t total, uint32_t of, const uint32_t *ms,
                          uint32_t n) {
    uint32_t ex = begin_exercise(c);
    uint32_t loop = open_loop(c, reps);
    emit2(c, OP_TEMPO_PHASES, total, of);
    for (uint32_t i = 0; i < n; i++)
        chunk_emit(c, 0, 0, OP_PHASE, i % 2 ? (uint32_t)TEMPO_DOWN : (uint32_t)TEMPO_UP, i + 1, of, ms[i]);
    close_loop(c, loop);
    end_exercise(c, ex);
}

static void test_phases_bound_the_rep_by_their_sum(void **state) {
    (void)state;
    Chunk c;
    BytecodeError err;
    uint64_t duration = 0;
    const uint32_t ms[] = {3000, 5000};
    phase_program(&c, 10, 8000, 2, ms, 2);
    assert_true(verify(&c, &err, &duration, NULL));
    assert_int_equal(duration, 10 * 8000); /* each rep is exactly its phases */
    const uint32_t six[] = {1000, 1000, 1000, 1000, 1000, 1000};
    phase_program(&c, 1, 6000, MAX_TEMPO_PHASES, six, MAX_TEMPO_PHASES);
    expect_ok(&c);
}

static void test_phases_must_add_up(void **state) {
    (void)state;
    Chunk c;
    const uint32_t ms[] = {3000, 5000};
    phase_program(&c, 2, 9000, 2, ms, 2);
    expect_error_part(&c, "(TEMPO_PHASES): the phases take 8000 ms, but the rep 9000 ms; they must add up");
}

static void test_phases_come_in_order_and_all_of_them(void **state) {
    (void)state;
    Chunk c;
    const uint32_t ms[] = {3000, 5000, 1000};
    phase_program(&c, 2, 3000, 2, ms, 1); /* one of two */
    expect_error_part(&c, "has 1 more PHASE to come first");
    phase_program(&c, 2, 8000, 2, ms, 3); /* three of two */
    expect_error_part(&c, "(PHASE): operand b is 3; must not be above operand c (2)");
    uint32_t ex = begin_exercise(&c);
    emit2(&c, OP_TEMPO_PHASES, 8000, 2);
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_DOWN, 2u, 2u, 5000u); /* phase 2 first */
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 2u, 3000u);
    end_exercise(&c, ex);
    expect_error_part(&c, "this is phase 2 of 2, but phase 1 of 2 comes here");
    ex = begin_exercise(&c);
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 1u, 3000u); /* no TEMPO_PHASES */
    end_exercise(&c, ex);
    expect_error_part(&c, "a PHASE must follow a TEMPO_PHASES or another PHASE");
}

static void test_phase_operands(void **state) {
    (void)state;
    Chunk c;
    const uint32_t seven[] = {1000, 1000, 1000, 1000, 1000, 1000, 1000};
    phase_program(&c, 1, 7000, MAX_TEMPO_PHASES + 1, seven, MAX_TEMPO_PHASES + 1);
    expect_error_part(&c, "(TEMPO_PHASES): operand b is 7; a rep has at most 6 phases");
    const uint32_t zero[] = {0, 1000};
    phase_program(&c, 1, 1000, 2, zero, 2);
    expect_error_part(&c, "(PHASE): operand d is 0 ms; a phase takes time");
    uint32_t ex = begin_exercise(&c);
    emit2(&c, OP_TEMPO_PHASES, 1000, 1);
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_WORD__COUNT, 1u, 1u, 1000u);
    end_exercise(&c, ex);
    char not_a_word[64];
    snprintf(not_a_word, sizeof not_a_word, "(PHASE): operand a is %d, not a phase word", (int)TEMPO_WORD__COUNT);
    expect_error_part(&c, not_a_word);
    ex = begin_exercise(&c);
    emit2(&c, OP_TEMPO_PHASES, MAX_DURATION_MS + 1, 1);
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 1u, MAX_DURATION_MS + 1);
    end_exercise(&c, ex);
    expect_error_part(&c, "(TEMPO_PHASES): operand a is");
}

static void test_no_jump_into_the_phases(void **state) {
    (void)state;
    Chunk c;
    uint32_t ex = begin_exercise(&c);
    uint32_t jump = chunk_emit(&c, 0, 0, OP_IF_VARIANT, text(&c, "V"), 0u);
    emit2(&c, OP_TEMPO_PHASES, 8000, 2);
    chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 2u, 3000u);
    uint32_t second = chunk_emit(&c, 0, 0, OP_PHASE, (uint32_t)TEMPO_DOWN, 2u, 2u, 5000u);
    chunk_patch_jump(&c, jump, second);
    end_exercise(&c, ex);
    expect_error_part(&c, "(IF_VARIANT): operand b jumps into the phases of a rep");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_program_is_accepted),
        cmocka_unit_test(test_error_offset_is_the_file_offset),
        cmocka_unit_test(test_unknown_opcode),
        cmocka_unit_test(test_truncated_operands),
        cmocka_unit_test(test_empty_code),
        cmocka_unit_test(test_constant_out_of_range),
        cmocka_unit_test(test_optional_constant_may_be_none),
        cmocka_unit_test(test_required_constant_may_not_be_none),
        cmocka_unit_test(test_duration_too_long),
        cmocka_unit_test(test_count_out_of_range),
        cmocka_unit_test(test_side_out_of_range),
        cmocka_unit_test(test_side_alt_not_both),
        cmocka_unit_test(test_side_role_must_be_a_role),
        cmocka_unit_test(test_side_alt_needs_a_first_side),
        cmocka_unit_test(test_rep_rules),
        cmocka_unit_test(test_if_step_range),
        cmocka_unit_test(test_must_start_with_routine),
        cmocka_unit_test(test_only_one_routine),
        cmocka_unit_test(test_must_end_with_end),
        cmocka_unit_test(test_unclosed_loop),
        cmocka_unit_test(test_close_without_open),
        cmocka_unit_test(test_crossed_constructs),
        cmocka_unit_test(test_end_loop_target),
        cmocka_unit_test(test_section_target),
        cmocka_unit_test(test_exercise_target),
        cmocka_unit_test(test_no_section_or_exercise_inside_exercise),
        cmocka_unit_test(test_exercise_only_instructions),
        cmocka_unit_test(test_loop_only_instructions),
        cmocka_unit_test(test_set_needs_an_exercise),
        cmocka_unit_test(test_loop_depth_limit),
        cmocka_unit_test(test_section_depth_limit),
        cmocka_unit_test(test_jump_backward),
        cmocka_unit_test(test_jump_between_instructions),
        cmocka_unit_test(test_jump_into_a_loop),
        cmocka_unit_test(test_jump_out_of_a_loop),
        cmocka_unit_test(test_jump_over_a_loop_and_to_its_end),
        cmocka_unit_test(test_bound_of_nested_loops),
        cmocka_unit_test(test_bound_takes_the_longer_branch),
        cmocka_unit_test(test_session_limit),
        cmocka_unit_test(test_step_limit),
        cmocka_unit_test(test_event_amplification_is_refused),
        cmocka_unit_test(test_text_amplification_is_refused),
        cmocka_unit_test(test_instruction_limit),
        cmocka_unit_test(test_bound_saturates),
        cmocka_unit_test(test_phases_bound_the_rep_by_their_sum),
        cmocka_unit_test(test_phases_must_add_up),
        cmocka_unit_test(test_phases_come_in_order_and_all_of_them),
        cmocka_unit_test(test_phase_operands),
        cmocka_unit_test(test_no_jump_into_the_phases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
