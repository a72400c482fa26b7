/*
 * test_vm.c -- the session machine, on the virtual clock.
 *
 * Each test builds a small program with chunk_emit(), passes it through
 * program_from_chunk() (the verifier every routine passes), plays it with
 * scripted keys and compares the events, one line each:
 *
 *     <t ms> <event> [text] [in section] [n/of] [side] [(label)] [ms] ...
 *
 * so a wrong timestamp, a missing rest or a rep announced on the wrong
 * side shows up as a one-line difference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "driver.h"
#include "program.h"
#include "vm.h"

#define NONE OPERAND_NONE

/* ---- building programs ---------------------------------------------- */

static uint32_t K(Chunk *c, const char *s) {
    return s ? chunk_constant(c, s, (uint32_t)strlen(s)) : NONE;
}

static uint32_t op0(Chunk *c, Opcode op) { return chunk_emit(c, 0, 0, op); }
/* One operand as written; a second one (the lower end of a range) is the
 * same value, none for HOLD_UP_TO; a LOOP's exit is patched by end_loop.
 * chunk_emit reads only as many operands as the opcode has. */
static uint32_t op1(Chunk *c, Opcode op, uint32_t a) {
    return chunk_emit(c, 0, 0, op, a, op == OP_HOLD_UP_TO ? 0u : a, 0u);
}
static uint32_t op2(Chunk *c, Opcode op, uint32_t a, uint32_t b) {
    return chunk_emit(c, 0, 0, op, a, b);
}
static void say(Chunk *c, Opcode op, const char *text) { op1(c, op, K(c, text)); }

static void routine(Chunk *c, const char *title) {
    chunk_init(c);
    op1(c, OP_ROUTINE, K(c, title));
}

static uint32_t exercise(Chunk *c, const char *name, const char *kind, const char *variant) {
    return chunk_emit(c, 0, 0, OP_EXERCISE, K(c, name), K(c, kind), K(c, variant), 0u);
}

static void end_exercise(Chunk *c, uint32_t ex) {
    chunk_patch(c, ex, 3, op0(c, OP_END_EXERCISE));
}

static uint32_t section(Chunk *c, const char *name, const char *level) {
    return chunk_emit(c, 0, 0, OP_SECTION, K(c, name), K(c, level), 0u);
}

static void end_section(Chunk *c, uint32_t s) {
    op0(c, OP_END_SECTION);
    chunk_patch(c, s, 2, c->code_len);
}

/* Returns the body's pc, which END_LOOP jumps back to. */
static uint32_t loop(Chunk *c, uint32_t n) {
    op1(c, OP_LOOP, n);
    return c->code_len;
}

static void end_loop(Chunk *c, uint32_t body) {
    op1(c, OP_END_LOOP, body);
    chunk_patch_jump(c, body - op_length(OP_LOOP), c->code_len);
}

/* An exercise named `name` holding `ms` once. */
static void hold_once(Chunk *c, const char *name, uint32_t ms) {
    uint32_t ex = exercise(c, name, NULL, NULL);
    op1(c, OP_HOLD, ms);
    end_exercise(c, ex);
}

/* ---- playing them ---------------------------------------------------- */

static bool has_ms(VmEventKind kind) {
    return kind == EV_GET_READY || kind == EV_HELD || kind == EV_TEMPO ||
           kind == EV_DONE || kind == EV_REST || kind == EV_PHASE;
}

static void log_event(void *ctx, const VmEvent *ev) {
    FILE *f = ctx;
    fprintf(f, "%" PRId64 " %s", ev->t, vm_event_names[ev->kind]);
    if (ev->text)
        fprintf(f, " %s", ev->text);
    if (ev->kind == EV_EXERCISE && ev->section[0])
        fprintf(f, " in %s", ev->section);
    if (ev->variant)
        fprintf(f, " variant %s", ev->variant);
    if (ev->of)
        fprintf(f, " %" PRIu32 "/%" PRIu32, ev->n, ev->of);
    if (ev->side)
        fprintf(f, " %s", side_name(ev->side));
    if (ev->detail)
        fprintf(f, " (%s)", ev->detail);
    if (has_ms(ev->kind) || (ev->kind == EV_HOLD && ev->hold != HOLD_OPEN))
        fprintf(f, " %" PRId64 "ms", ev->ms);
    if (ev->kind == EV_HOLD && ev->hold != HOLD_FIXED)
        fprintf(f, ev->hold == HOLD_OPEN ? " open" : " up_to");
    if (ev->kind == EV_END)
        fprintf(f, ev->completed ? " completed" : " stopped");
    fputc('\n', f);
}

typedef struct {
    Program program;
    Vm vm;
    char *text;
    size_t len;
    FILE *log;
} Session;

/* Finish the chunk with END, verify it and set up a VM writing to a log. */
static void open_session(Session *s, Chunk *c, const VmSelection *select) {
    BytecodeError err;
    const char *why = NULL;
    op0(c, OP_END);
    if (!program_from_chunk(c, &s->program, &err))
        fail_msg("verifier refused the test program: %s", err.message);
    chunk_free(c);
    s->text = NULL;
    s->log = open_memstream(&s->text, &s->len);
    assert_non_null(s->log);
    if (!vm_init(&s->vm, &s->program, select, log_event, s->log, &why))
        fail_msg("vm_init refused: %s", why);
}

/* The events so far, as text (owned by the session). */
static const char *session_log(Session *s) {
    fflush(s->log);
    return s->text;
}

static void close_session(Session *s) {
    fclose(s->log);
    free(s->text);
    vm_free(&s->vm);
    program_free(&s->program);
}

/* Play the chunk to the end with `script` and check the log. */
static void expect_play(Chunk *c, const VmSelection *select, const char *script,
                        const char *expected) {
    Session s;
    ScriptedKey *keys = NULL;
    size_t n = 0;
    char err[200];
    open_session(&s, c, select);
    if (!keys_parse(script, &keys, &n, err, sizeof err))
        fail_msg("bad test script: %s", err);
    assert_int_equal(drive_virtual(&s.vm, keys, n), VM_FINISHED);
    assert_string_equal(session_log(&s), expected);
    free(keys);
    close_session(&s);
}

/* ---- playing as written ---------------------------------------------- */

static void test_reps_with_holds_and_rests(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "Knee");
    uint32_t ex = exercise(&c, "Knee to chest", "stretch", NULL);
    say(&c, OP_POSITION, "Lie on your back.");
    op1(&c, OP_GET_READY, 5000);
    uint32_t body = loop(&c, 3);
    op2(&c, OP_REP, 3, 1);
    op1(&c, OP_HOLD, 5000);
    op1(&c, OP_REST_BETWEEN, 2000);
    end_loop(&c, body);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "",
                "0 start Knee\n"
                "0 exercise Knee to chest (stretch)\n"
                "0 position Lie on your back.\n"
                "0 get_ready 5000ms\n"
                "5000 rep 1/3\n"
                "5000 hold 5000ms\n"
                "10000 rest 2000ms\n"
                "12000 rep 2/3\n"
                "12000 hold 5000ms\n"
                "17000 rest 2000ms\n"
                "19000 rep 3/3\n"
                "19000 hold 5000ms\n"
                "24000 end completed\n");
}

static void test_each_side(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Lunge", NULL, NULL);
    chunk_emit(&c, 0, 0, OP_SIDE, (uint32_t)SIDE_LEFT, K(&c, "left leg"));
    uint32_t body = loop(&c, 2);
    op2(&c, OP_REP, 2, 1);
    op1(&c, OP_TEMPO, 3000);
    end_loop(&c, body);
    op1(&c, OP_REST, 5000);
    chunk_emit(&c, 0, 0, OP_SIDE, (uint32_t)SIDE_RIGHT, NONE);
    body = loop(&c, 2);
    op2(&c, OP_REP, 2, 1);
    op1(&c, OP_TEMPO, 3000);
    end_loop(&c, body);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise Lunge\n"
                "0 side left (left leg)\n"
                "0 rep 1/2 left (left leg)\n"
                "0 tempo 3000ms\n"
                "3000 rep 2/2 left (left leg)\n"
                "3000 tempo 3000ms\n"
                "6000 rest 5000ms\n"
                "11000 side right\n"
                "11000 rep 1/2 right\n"
                "11000 tempo 3000ms\n"
                "14000 rep 2/2 right\n"
                "14000 tempo 3000ms\n"
                "17000 end completed\n");
}

static void test_alternating_sides(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "March", NULL, NULL);
    uint32_t body = loop(&c, 4);
    chunk_emit(&c, 0, 0, OP_SIDE_ALT, (uint32_t)SIDE_RIGHT, K(&c, "right knee"),
               K(&c, "left knee"));
    op2(&c, OP_REP, 2, 2);
    op1(&c, OP_HOLD, 1000);
    end_loop(&c, body);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise March\n"
                "0 rep 1/2 right (right knee)\n"
                "0 hold 1000ms\n"
                "1000 rep 1/2 left (left knee)\n"
                "1000 hold 1000ms\n"
                "2000 rep 2/2 right (right knee)\n"
                "2000 hold 1000ms\n"
                "3000 rep 2/2 left (left knee)\n"
                "3000 hold 1000ms\n"
                "4000 end completed\n");
}

/* `repeat 2 to 4 each side alternating`: the done key in the first rep of
 * a pair ends the range at once (that rep is not counted); in the second
 * it lets the pair finish, so both sides do the same number and the range
 * counts what each side did -- as the reps and the history count them. */
static void alternating_range(Chunk *c) {
    routine(c, "R");
    uint32_t ex = exercise(c, "March", NULL, NULL);
    uint32_t body = (chunk_emit(c, 0, 0, OP_LOOP, 8u, 4u, 0u), c->code_len);
    chunk_emit(c, 0, 0, OP_SIDE_ALT, (uint32_t)SIDE_RIGHT, K(c, "right"), K(c, "left"));
    op2(c, OP_REP, 4, 2);
    op1(c, OP_HOLD, 1000);
    end_loop(c, body);
    end_exercise(c, ex);
}

static void test_alternating_range_ends_at_a_pair(void **state) {
    (void)state;
    Chunk c;
    const char *pairs = "0 start R\n"
                        "0 exercise March\n"
                        "0 rep 1/4 right (right)\n"
                        "0 hold 1000ms\n"
                        "1000 rep 1/4 left (left)\n"
                        "1000 hold 1000ms\n"
                        "2000 rep 2/4 right (right)\n"
                        "2000 hold 1000ms\n"
                        "3000 rep 2/4 left (left)\n"
                        "3000 hold 1000ms\n"
                        "4000 rep 3/4 right (right)\n"
                        "4000 hold 1000ms\n";
    char want[1024];
    alternating_range(&c);
    snprintf(want, sizeof want, "%s%s", pairs, "4500 range reps 2/4\n4500 end completed\n");
    expect_play(&c, NULL, "4500ms:done", want);
    alternating_range(&c);
    snprintf(want, sizeof want, "%s%s", pairs,
             "5000 rep 3/4 left (left)\n5000 hold 1000ms\n6000 range reps 3/4\n6000 end completed\n");
    expect_play(&c, NULL, "5500ms:done", want);
}

static void test_sets_rest_between_sets_only(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Squat", "strength", NULL);
    uint32_t sets = loop(&c, 2);
    op0(&c, OP_SET);
    uint32_t reps = loop(&c, 2);
    op2(&c, OP_REP, 2, 1);
    op1(&c, OP_TEMPO, 3000);
    end_loop(&c, reps);
    op1(&c, OP_REST_BETWEEN, 30000);
    end_loop(&c, sets);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise Squat (strength)\n"
                "0 set 1/2\n"
                "0 rep 1/2\n"
                "0 tempo 3000ms\n"
                "3000 rep 2/2\n"
                "3000 tempo 3000ms\n"
                "6000 rest 30000ms\n"
                "36000 set 2/2\n"
                "36000 rep 1/2\n"
                "36000 tempo 3000ms\n"
                "39000 rep 2/2\n"
                "39000 tempo 3000ms\n"
                "42000 end completed\n");
}

static void test_circuit_rounds(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t rounds = loop(&c, 2);
    op1(&c, OP_ROUND, K(&c, "Core"));
    hold_once(&c, "Plank", 2000);
    hold_once(&c, "Side plank", 1000);
    op1(&c, OP_REST_BETWEEN, 10000);
    end_loop(&c, rounds);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 round Core 1/2\n"
                "0 exercise Plank\n"
                "0 hold 2000ms\n"
                "2000 exercise Side plank\n"
                "2000 hold 1000ms\n"
                "3000 rest 10000ms\n"
                "13000 round Core 2/2\n"
                "13000 exercise Plank\n"
                "13000 hold 2000ms\n"
                "15000 exercise Side plank\n"
                "15000 hold 1000ms\n"
                "16000 end completed\n");
}

static void test_zero_length_steps_do_not_wait(void **state) {
    (void)state;
    Chunk c;
    Session s;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "E", NULL, NULL);
    op1(&c, OP_GET_READY, 0);
    op1(&c, OP_HOLD, 0);
    end_exercise(&c, ex);
    open_session(&s, &c, NULL);
    assert_int_equal(vm_step(&s.vm, 0, VM_KEY_NONE), VM_FINISHED);
    assert_string_equal(session_log(&s), "0 start R\n"
                                         "0 exercise E\n"
                                         "0 get_ready 0ms\n"
                                         "0 hold 0ms\n"
                                         "0 end completed\n");
    assert_int_equal(s.vm.steps, 6); /* ROUTINE .. END */
    close_session(&s);
}

/* ---- the clock -------------------------------------------------------- */

/* Two 5 s holds; the caller wakes 300 ms late for the first deadline. */
static void test_deadlines_are_absolute(void **state) {
    (void)state;
    Chunk c;
    Session s;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "E", NULL, NULL);
    op1(&c, OP_HOLD, 5000);
    op1(&c, OP_HOLD, 5000);
    end_exercise(&c, ex);
    open_session(&s, &c, NULL);
    assert_int_equal(vm_step(&s.vm, 0, VM_KEY_NONE), VM_WAIT_TIME);
    assert_int_equal(s.vm.deadline, 5000);
    assert_int_equal(vm_step(&s.vm, 4000, VM_KEY_NONE), VM_WAIT_TIME); /* early: nothing */
    assert_int_equal(vm_step(&s.vm, 5300, VM_KEY_NONE), VM_WAIT_TIME);
    assert_int_equal(s.vm.deadline, 10000);
    assert_int_equal(vm_step(&s.vm, 10001, VM_KEY_NONE), VM_FINISHED);
    assert_string_equal(session_log(&s), "0 start R\n"
                                         "0 exercise E\n"
                                         "0 hold 5000ms\n"
                                         "5000 hold 5000ms\n"
                                         "10000 end completed\n");
    close_session(&s);
}

/* A caller that wakes long after several deadlines catches up at once. */
static void test_late_caller_catches_up(void **state) {
    (void)state;
    Chunk c;
    Session s;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "E", NULL, NULL);
    op1(&c, OP_HOLD, 5000);
    op1(&c, OP_REST, 5000);
    op1(&c, OP_HOLD, 5000);
    end_exercise(&c, ex);
    open_session(&s, &c, NULL);
    assert_int_equal(vm_step(&s.vm, 0, VM_KEY_NONE), VM_WAIT_TIME);
    assert_int_equal(vm_step(&s.vm, 12000, VM_KEY_NONE), VM_WAIT_TIME);
    assert_int_equal(s.vm.deadline, 15000);
    assert_string_equal(session_log(&s), "0 start R\n"
                                         "0 exercise E\n"
                                         "0 hold 5000ms\n"
                                         "5000 rest 5000ms\n"
                                         "10000 hold 5000ms\n");
    close_session(&s);
}

static void test_keys_after_the_end_are_ignored(void **state) {
    (void)state;
    Chunk c;
    Session s;
    routine(&c, "R");
    open_session(&s, &c, NULL);
    assert_int_equal(vm_step(&s.vm, 0, VM_KEY_NONE), VM_FINISHED);
    assert_int_equal(vm_step(&s.vm, 10, VM_KEY_QUIT), VM_FINISHED);
    assert_int_equal(vm_step(&s.vm, 20, VM_KEY_PAUSE), VM_FINISHED);
    assert_string_equal(session_log(&s), "0 start R\n0 end completed\n");
    close_session(&s);
}

/* ---- keys ------------------------------------------------------------- */

static void test_pause_does_not_count(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    hold_once(&c, "E", 10000);
    expect_play(&c, NULL, "3s:pause, 8s:pause",
                "0 start R\n"
                "0 exercise E\n"
                "0 hold 10000ms\n"
                "3000 pause\n"
                "8000 resume\n"
                "15000 end completed\n");
}

/* The driver only waits for a scripted `done` in an open hold, so this
 * one is driven by hand. */
static void test_pause_during_open_hold(void **state) {
    (void)state;
    Chunk c;
    Session s;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Balance", NULL, NULL);
    op0(&c, OP_HOLD_OPEN);
    op1(&c, OP_REST, 1000);
    end_exercise(&c, ex);
    open_session(&s, &c, NULL);
    assert_int_equal(vm_step(&s.vm, 0, VM_KEY_NONE), VM_WAIT_KEY);
    assert_int_equal(vm_step(&s.vm, 2000, VM_KEY_PAUSE), VM_PAUSED);
    assert_int_equal(vm_step(&s.vm, 3000, VM_KEY_DONE), VM_PAUSED); /* ignored */
    assert_int_equal(vm_step(&s.vm, 7000, VM_KEY_PAUSE), VM_WAIT_KEY);
    assert_int_equal(vm_step(&s.vm, 10000, VM_KEY_DONE), VM_WAIT_TIME);
    assert_int_equal(s.vm.deadline, 11000);
    assert_string_equal(session_log(&s), "0 start R\n"
                                         "0 exercise Balance\n"
                                         "0 hold open\n"
                                         "2000 pause\n"
                                         "7000 resume\n"
                                         "10000 held 5000ms\n"
                                         "10000 rest 1000ms\n");
    close_session(&s);
}

static void test_open_hold_ends_at_a_scripted_done(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Balance", NULL, NULL);
    op0(&c, OP_HOLD_OPEN);
    op0(&c, OP_HOLD_OPEN);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "25s:done",
                "0 start R\n"
                "0 exercise Balance\n"
                "0 hold open\n"
                "25000 held 25000ms\n"
                "25000 hold open\n"
                "25000 held 0ms\n"
                "25000 end completed\n");
}

static void test_pause_with_no_resume_key_resumes(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    hold_once(&c, "E", 4000);
    expect_play(&c, NULL, "1s:pause",
                "0 start R\n"
                "0 exercise E\n"
                "0 hold 4000ms\n"
                "1000 pause\n"
                "1000 resume\n"
                "4000 end completed\n");
}

static void build_two_exercises(Chunk *c) {
    routine(c, "R");
    uint32_t ex = exercise(c, "A", NULL, NULL);
    uint32_t body = loop(c, 3);
    op2(c, OP_REP, 3, 1);
    op1(c, OP_HOLD, 5000);
    end_loop(c, body);
    end_exercise(c, ex);
    hold_once(c, "B", 5000);
}

static void test_next_mid_hold_skips_the_exercise(void **state) {
    (void)state;
    Chunk c;
    build_two_exercises(&c);
    expect_play(&c, NULL, "7s:next",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 hold 5000ms\n"
                "5000 rep 2/3\n"
                "5000 hold 5000ms\n"
                "7000 skip A\n"
                "7000 exercise B\n"
                "7000 hold 5000ms\n"
                "12000 end completed\n");
}

static void test_back_mid_hold_restarts_the_exercise(void **state) {
    (void)state;
    Chunk c;
    build_two_exercises(&c);
    expect_play(&c, NULL, "7s:back",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 hold 5000ms\n"
                "5000 rep 2/3\n"
                "5000 hold 5000ms\n"
                "7000 back A\n"
                "7000 exercise A\n"
                "7000 rep 1/3\n"
                "7000 hold 5000ms\n"
                "12000 rep 2/3\n"
                "12000 hold 5000ms\n"
                "17000 rep 3/3\n"
                "17000 hold 5000ms\n"
                "22000 exercise B\n"
                "22000 hold 5000ms\n"
                "27000 end completed\n");
}

static void test_next_while_paused_resumes_first(void **state) {
    (void)state;
    Chunk c;
    build_two_exercises(&c);
    expect_play(&c, NULL, "2s:pause, 4s:next",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 hold 5000ms\n"
                "2000 pause\n"
                "4000 resume\n"
                "4000 skip A\n"
                "4000 exercise B\n"
                "4000 hold 5000ms\n"
                "9000 end completed\n");
}

/* Inside a circuit, `next` leaves the exercise but keeps the rounds. */
static void test_next_keeps_enclosing_loops(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t rounds = loop(&c, 2);
    op1(&c, OP_ROUND, NONE);
    uint32_t ex = exercise(&c, "A", NULL, NULL);
    uint32_t body = loop(&c, 2);
    op2(&c, OP_REP, 2, 1);
    op1(&c, OP_HOLD, 1000);
    end_loop(&c, body);
    end_exercise(&c, ex);
    end_loop(&c, rounds);
    expect_play(&c, NULL, "500:next",
                "0 start R\n"
                "0 round 1/2\n"
                "0 exercise A\n"
                "0 rep 1/2\n"
                "0 hold 1000ms\n"
                "500 skip A\n"
                "500 round 2/2\n"
                "500 exercise A\n"
                "500 rep 1/2\n"
                "500 hold 1000ms\n"
                "1500 rep 2/2\n"
                "1500 hold 1000ms\n"
                "2500 end completed\n");
}

static void test_next_ends_a_rest_between_exercises(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    hold_once(&c, "A", 1000);
    op1(&c, OP_REST, 60000);
    hold_once(&c, "B", 1000);
    expect_play(&c, NULL, "10s:next, 10s:back",
                "0 start R\n"
                "0 exercise A\n"
                "0 hold 1000ms\n"
                "1000 rest 60000ms\n"
                "10000 skip\n"
                "10000 exercise B\n"
                "10000 hold 1000ms\n"
                "10000 back B\n"
                "10000 exercise B\n"
                "10000 hold 1000ms\n"
                "11000 end completed\n");
}

static void test_quit(void **state) {
    (void)state;
    Chunk c;
    build_two_exercises(&c);
    expect_play(&c, NULL, "3s:quit, 4s:next",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 hold 5000ms\n"
                "3000 quit\n"
                "3000 end stopped\n");
}

static void test_pain_names_the_exercise(void **state) {
    (void)state;
    Chunk c;
    build_two_exercises(&c);
    expect_play(&c, NULL, "3s:pause, 4s:pain",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 hold 5000ms\n"
                "3000 pause\n"
                "4000 pain A\n"
                "4000 end stopped\n");
}

static void test_pain_outside_an_exercise(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    op1(&c, OP_REST, 5000);
    expect_play(&c, NULL, "1s:pain",
                "0 start R\n"
                "0 rest 5000ms\n"
                "1000 pain\n"
                "1000 end stopped\n");
}

static void test_up_to_hold_ended_early(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Plank", NULL, NULL);
    op1(&c, OP_HOLD_UP_TO, 30000);
    op1(&c, OP_REST, 5000);
    op1(&c, OP_HOLD_UP_TO, 30000);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "12s:done",
                "0 start R\n"
                "0 exercise Plank\n"
                "0 hold 30000ms up_to\n"
                "12000 held 12000ms\n"
                "12000 rest 5000ms\n"
                "17000 hold 30000ms up_to\n"
                "47000 end completed\n");
}

static void test_done_is_ignored_during_a_fixed_hold(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    hold_once(&c, "E", 5000);
    expect_play(&c, NULL, "2s:done",
                "0 start R\n"
                "0 exercise E\n"
                "0 hold 5000ms\n"
                "5000 end completed\n");
}

static void test_own_pace_wait(void **state) {
    (void)state;
    Chunk c;
    routine(&c, "R");
    uint32_t ex = exercise(&c, "Curl", NULL, NULL);
    uint32_t body = loop(&c, 2);
    op2(&c, OP_REP, 2, 1);
    op0(&c, OP_WAIT_KEY);
    end_loop(&c, body);
    end_exercise(&c, ex);
    expect_play(&c, NULL, "4s:done",
                "0 start R\n"
                "0 exercise Curl\n"
                "0 rep 1/2\n"
                "0 wait\n"
                "4000 done 4000ms\n"
                "4000 rep 2/2\n"
                "4000 wait\n"
                "4000 done 0ms\n"
                "4000 end completed\n");
}

/* ---- selection -------------------------------------------------------- */

static void build_variants_and_steps(Chunk *c) {
    routine(c, "R");
    uint32_t ex = exercise(c, "Bridge", NULL, NULL);
    uint32_t skip = chunk_emit(c, 0, 0, OP_IF_VARIANT, K(c, "easy"), 0u);
    say(c, OP_CUE, "Lift halfway.");
    uint32_t jump = op1(c, OP_JUMP, 0);
    chunk_patch(c, skip, 1, c->code_len);
    say(c, OP_CUE, "Lift all the way.");
    chunk_patch(c, jump, 0, c->code_len);
    uint32_t early = chunk_emit(c, 0, 0, OP_IF_STEP, 1u, 2u, 0u);
    op1(c, OP_HOLD, 3000);
    chunk_patch(c, early, 2, c->code_len);
    uint32_t late = chunk_emit(c, 0, 0, OP_IF_STEP, 3u, 5u, 0u);
    op1(c, OP_HOLD, 8000);
    chunk_patch(c, late, 2, c->code_len);
    end_exercise(c, ex);
}

static void test_default_variant_and_step(void **state) {
    (void)state;
    Chunk c;
    build_variants_and_steps(&c);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise Bridge\n"
                "0 cue Lift all the way.\n"
                "0 hold 3000ms\n"
                "3000 end completed\n");
}

static void test_chosen_variant_and_step(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.variant = "easy", .step = 4};
    build_variants_and_steps(&c);
    expect_play(&c, &select, "",
                "0 start R\n"
                "0 exercise Bridge\n"
                "0 cue Lift halfway.\n"
                "0 hold 8000ms\n"
                "8000 end completed\n");
}

/* Names are compared without regard to case, as the checker compares
 * them: --variant "EASY" plays the variant written "easy". */
static void test_chosen_variant_any_case(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.variant = "EASY", .step = 4};
    build_variants_and_steps(&c);
    expect_play(&c, &select, "",
                "0 start R\n"
                "0 exercise Bridge\n"
                "0 cue Lift halfway.\n"
                "0 hold 8000ms\n"
                "8000 end completed\n");
}

/* Warm-up (no level) { A }  Strength (advanced) { B }  Basic (basic) { C } */
static void build_levels(Chunk *c) {
    routine(c, "R");
    uint32_t s = section(c, "Warm-up", NULL);
    hold_once(c, "A", 1000);
    end_section(c, s);
    s = section(c, "Strength", "advanced");
    hold_once(c, "B", 1000);
    end_section(c, s);
    s = section(c, "Basic", "basic");
    hold_once(c, "C", 1000);
    end_section(c, s);
}

static void test_level_filter(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.level = "basic"};
    build_levels(&c);
    expect_play(&c, &select, "",
                "0 start R\n"
                "0 section Warm-up\n"
                "0 exercise A in Warm-up\n"
                "0 hold 1000ms\n"
                "1000 section Basic\n"
                "1000 exercise C in Basic\n"
                "1000 hold 1000ms\n"
                "2000 end completed\n");
}

static void test_level_and_section_any_case(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.level = "BASIC", .section = "basic"};
    build_levels(&c);
    expect_play(&c, &select, "",
                "0 start R\n"
                "0 section Basic\n"
                "0 exercise C in Basic\n"
                "0 hold 1000ms\n"
                "1000 end completed\n");
}

/* T;  Outer { X; Inner { Y; Deep { Z } }; Other { W } } */
static void build_nested_sections(Chunk *c) {
    routine(c, "R");
    hold_once(c, "T", 1000);
    op1(c, OP_REST, 1000);
    uint32_t outer = section(c, "Outer", NULL);
    hold_once(c, "X", 1000);
    uint32_t inner = section(c, "Inner", NULL);
    hold_once(c, "Y", 1000);
    uint32_t deep = section(c, "Deep", NULL);
    hold_once(c, "Z", 1000);
    end_section(c, deep);
    end_section(c, inner);
    op1(c, OP_REST, 1000);
    uint32_t other = section(c, "Other", NULL);
    hold_once(c, "W", 1000);
    end_section(c, other);
    end_section(c, outer);
}

static void test_section_filter_plays_only_that_section(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.section = "Inner"};
    build_nested_sections(&c);
    expect_play(&c, &select, "",
                "0 start R\n"
                "0 section Inner\n"
                "0 exercise Y in Inner\n"
                "0 hold 1000ms\n"
                "1000 section Deep\n"
                "1000 exercise Z in Deep\n"
                "1000 hold 1000ms\n"
                "2000 end completed\n");
}

static void test_everything_plays_without_a_filter(void **state) {
    (void)state;
    Chunk c;
    build_nested_sections(&c);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise T\n"
                "0 hold 1000ms\n"
                "1000 rest 1000ms\n"
                "2000 section Outer\n"
                "2000 exercise X in Outer\n"
                "2000 hold 1000ms\n"
                "3000 section Inner\n"
                "3000 exercise Y in Inner\n"
                "3000 hold 1000ms\n"
                "4000 section Deep\n"
                "4000 exercise Z in Deep\n"
                "4000 hold 1000ms\n"
                "5000 rest 1000ms\n"
                "6000 section Other\n"
                "6000 exercise W in Other\n"
                "6000 hold 1000ms\n"
                "7000 end completed\n");
}

static void expect_refused(Chunk *c, const VmSelection *select, const char *why_expected) {
    Program p;
    BytecodeError err;
    Vm vm;
    const char *why = NULL;
    op0(c, OP_END);
    assert_true(program_from_chunk(c, &p, &err));
    chunk_free(c);
    assert_false(vm_init(&vm, &p, select, log_event, NULL, &why));
    assert_non_null(why);
    assert_string_equal(why, why_expected);
    assert_int_equal(vm_step(&vm, 0, VM_KEY_NONE), VM_FINISHED); /* harmless */
    vm_free(&vm);
    program_free(&p);
}

static void test_unknown_section_lists_the_sections(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.section = "Cool-down"};
    build_levels(&c);
    expect_refused(&c, &select,
                   "this routine has no section called \"Cool-down\"; "
                   "its sections are: Warm-up, Strength, Basic");
}

static void test_unknown_section_suggests_the_closest(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.section = "strenght"};
    build_levels(&c);
    expect_refused(&c, &select,
                   "this routine has no section called \"strenght\" (did you mean \"Strength\"?); "
                   "its sections are: Warm-up, Strength, Basic");
}

static void test_unknown_level_lists_each_level_once(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.level = "expert"};
    build_levels(&c);
    uint32_t s = section(&c, "More", "basic");
    hold_once(&c, "D", 1000);
    end_section(&c, s);
    expect_refused(&c, &select,
                   "this routine has no level called \"expert\"; "
                   "its levels are: advanced, basic");
}

static void test_unknown_variant_when_there_are_none(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.variant = "hard"};
    build_levels(&c);
    expect_refused(&c, &select,
                   "this routine has no variant called \"hard\"; it has no variants");
}

static void test_long_name_lists_are_cut(void **state) {
    (void)state;
    Chunk c;
    VmSelection select = {.section = "x"};
    char name[16];
    routine(&c, "R");
    for (unsigned i = 0; i < 25; i++) {
        snprintf(name, sizeof name, "s%u", i);
        end_section(&c, section(&c, name, NULL));
    }
    expect_refused(&c, &select,
                   "this routine has no section called \"x\"; its sections are: "
                   "s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, "
                   "s15, s16, s17, s18, s19 and 5 more");
}


/* ---- tempo phases ------------------------------------------------------ */

/* "A": `reps` reps (at least `least`) of `tempo 3s up, 5s down;` with
 * 1s between them, then "B": one rep of `tempo 1s up;`. */
static void phased_program(Chunk *c, uint32_t reps, uint32_t least) {
    routine(c, "R");
    uint32_t ex = exercise(c, "A", NULL, NULL);
    chunk_emit(c, 0, 0, OP_LOOP, reps, least, 0u);
    uint32_t body = c->code_len;
    op2(c, OP_REP, reps, 1);
    op2(c, OP_TEMPO_PHASES, 8000, 2);
    chunk_emit(c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 2u, 3000u);
    chunk_emit(c, 0, 0, OP_PHASE, (uint32_t)TEMPO_DOWN, 2u, 2u, 5000u);
    op2(c, OP_REST_BETWEEN, 1000, 1000);
    end_loop(c, body);
    end_exercise(c, ex);
    ex = exercise(c, "B", NULL, NULL);
    op2(c, OP_TEMPO_PHASES, 1000, 1);
    chunk_emit(c, 0, 0, OP_PHASE, (uint32_t)TEMPO_UP, 1u, 1u, 1000u);
    end_exercise(c, ex);
}

/* Each phase is a timed step; the rep ends when the last one does, so the
 * rep takes exactly the sum of its phases. */
static void test_phases_play_in_order_and_add_up(void **state) {
    (void)state;
    Chunk c;
    phased_program(&c, 2, 2);
    expect_play(&c, NULL, "",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/2\n"
                "0 tempo 0/2 8000ms\n"
                "0 phase up 1/2 3000ms\n"
                "3000 phase down 2/2 5000ms\n"
                "8000 rest 1000ms\n"
                "9000 rep 2/2\n"
                "9000 tempo 0/2 8000ms\n"
                "9000 phase up 1/2 3000ms\n"
                "12000 phase down 2/2 5000ms\n"
                "17000 exercise B\n"
                "17000 tempo 0/1 1000ms\n"
                "17000 phase up 1/1 1000ms\n"
                "18000 end completed\n");
}

/* A pause inside a phase keeps the rest of that phase: 1s of `down` has
 * gone at 4s, the other 4s come after the resume at 10s. */
static void test_pause_mid_phase_resumes_that_phase(void **state) {
    (void)state;
    Chunk c;
    phased_program(&c, 1, 1);
    expect_play(&c, NULL, "4s:pause, 10s:pause",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/1\n"
                "0 tempo 0/2 8000ms\n"
                "0 phase up 1/2 3000ms\n"
                "3000 phase down 2/2 5000ms\n"
                "4000 pause\n"
                "10000 resume\n"
                "14000 exercise B\n"
                "14000 tempo 0/1 1000ms\n"
                "14000 phase up 1/1 1000ms\n"
                "15000 end completed\n");
}

/* Done in a phase ends a range of reps whose lower end is reached (the rep
 * in progress is not counted); next leaves the exercise; back starts it
 * again from its first rep and phase. */
static void test_keys_mid_phase(void **state) {
    (void)state;
    Chunk c;
    phased_program(&c, 3, 1);
    expect_play(&c, NULL, "10s:done",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/3\n"
                "0 tempo 0/2 8000ms\n"
                "0 phase up 1/2 3000ms\n"
                "3000 phase down 2/2 5000ms\n"
                "8000 rest 1000ms\n"
                "9000 rep 2/3\n"
                "9000 tempo 0/2 8000ms\n"
                "9000 phase up 1/2 3000ms\n"
                "10000 range reps 1/3\n"
                "10000 exercise B\n"
                "10000 tempo 0/1 1000ms\n"
                "10000 phase up 1/1 1000ms\n"
                "11000 end completed\n");
    phased_program(&c, 1, 1);
    expect_play(&c, NULL, "4s:next",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/1\n"
                "0 tempo 0/2 8000ms\n"
                "0 phase up 1/2 3000ms\n"
                "3000 phase down 2/2 5000ms\n"
                "4000 skip A\n"
                "4000 exercise B\n"
                "4000 tempo 0/1 1000ms\n"
                "4000 phase up 1/1 1000ms\n"
                "5000 end completed\n");
    phased_program(&c, 1, 1);
    expect_play(&c, NULL, "4s:back",
                "0 start R\n"
                "0 exercise A\n"
                "0 rep 1/1\n"
                "0 tempo 0/2 8000ms\n"
                "0 phase up 1/2 3000ms\n"
                "3000 phase down 2/2 5000ms\n"
                "4000 back A\n"
                "4000 exercise A\n"
                "4000 rep 1/1\n"
                "4000 tempo 0/2 8000ms\n"
                "4000 phase up 1/2 3000ms\n"
                "7000 phase down 2/2 5000ms\n"
                "12000 exercise B\n"
                "12000 tempo 0/1 1000ms\n"
                "12000 phase up 1/1 1000ms\n"
                "13000 end completed\n");
}

/* ---- snapshots and resuming ------------------------------------------- */

/* Logs like log_event and, at the `at`-th REP (1-based), snapshots the VM
 * the way session.c journals it: pc set back to the REP. */
typedef struct {
    FILE *log;
    Vm *vm;
    unsigned reps, at;
    VmSnapshot snap;
    bool taken;
} Snapper;

static void snap_event(void *ctx, const VmEvent *ev) {
    Snapper *sn = ctx;
    log_event(sn->log, ev);
    if (ev->kind == EV_REP && ++sn->reps == sn->at) {
        vm_snapshot(sn->vm, &sn->snap);
        sn->snap.pc = ev->pc;
        sn->taken = true;
    }
}

/* Two sides of 3 alternating reps inside a section: loops, sections, a
 * side and an exercise frame all in the snapshot. */
static void sided_program(Program *p) {
    Chunk c;
    BytecodeError err;
    routine(&c, "R");
    uint32_t sec = section(&c, "Floor", NULL);
    uint32_t ex = exercise(&c, "Bridge", NULL, NULL);
    uint32_t body = loop(&c, 6);
    chunk_emit(&c, 0, 0, OP_SIDE_ALT, (uint32_t)SIDE_LEFT, K(&c, "left leg"), K(&c, "right leg"));
    op2(&c, OP_REP, 3, 2);
    op1(&c, OP_HOLD, 1000);
    op1(&c, OP_REST_BETWEEN, 500);
    end_loop(&c, body);
    end_exercise(&c, ex);
    end_section(&c, sec);
    op0(&c, OP_END);
    if (!program_from_chunk(&c, p, &err))
        fail_msg("verifier refused the test program: %s", err.message);
    chunk_free(&c);
}

/* Play `p` to the end, snapshotting at rep `at`; returns the log. */
static char *play_and_snap(const Program *p, unsigned at, VmSnapshot *snap) {
    char *text = NULL;
    size_t len = 0;
    Vm vm;
    Snapper sn = {open_memstream(&text, &len), &vm, 0, at, {0}, false};
    assert_non_null(sn.log);
    assert_true(vm_init(&vm, p, NULL, snap_event, &sn, NULL));
    drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    fclose(sn.log);
    assert_true(sn.taken);
    *snap = sn.snap;
    return text;
}

static char *play_restored(const Program *p, const VmSnapshot *snap) {
    char *text = NULL;
    size_t len = 0;
    FILE *log = open_memstream(&text, &len);
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, p, NULL, log_event, log, NULL));
    if (!vm_restore(&vm, snap, &why))
        fail_msg("vm_restore refused: %s", why);
    drive_virtual(&vm, NULL, 0);
    vm_free(&vm);
    fclose(log);
    return text;
}

static void test_restore_replays_the_rest_from_the_rep(void **state) {
    (void)state;
    Program p;
    VmSnapshot snap;
    sided_program(&p);
    char *whole = play_and_snap(&p, 4, &snap);
    char *rest = play_restored(&p, &snap);
    /* Rep 4 is rep 2 of 3 on the right leg, at 3 * 1500 ms. */
    const char *from = strstr(whole, "4500 rep 2/3 right (right leg)");
    assert_non_null(from);
    assert_string_equal(rest, from);
    free(whole);
    free(rest);
    program_free(&p);
}

/* A session killed inside a phase resumes at the rep it was in: the
 * journal's position is its REP, so the rep plays again from its first
 * phase, and what follows is what the whole session played. */
static void test_restore_replays_a_rep_in_phases(void **state) {
    (void)state;
    Chunk c;
    Program p;
    BytecodeError err;
    VmSnapshot snap;
    phased_program(&c, 3, 3);
    op0(&c, OP_END);
    if (!program_from_chunk(&c, &p, &err))
        fail_msg("verifier refused the test program: %s", err.message);
    chunk_free(&c);
    char *whole = play_and_snap(&p, 2, &snap);
    char *rest = play_restored(&p, &snap);
    const char *from = strstr(whole, "9000 rep 2/3\n9000 tempo 0/2 8000ms\n9000 phase up 1/2 3000ms\n");
    assert_non_null(from);
    assert_string_equal(rest, from);
    free(whole);
    free(rest);
    program_free(&p);
}

/* A damaged snapshot is refused with a sentence and the VM is untouched. */
static void expect_restore_refused(const Program *p, const VmSnapshot *snap, const char *words) {
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, p, NULL, NULL, NULL, NULL));
    assert_false(vm_restore(&vm, snap, &why));
    assert_non_null(why);
    if (!strstr(why, words))
        fail_msg("expected \"%s\" in \"%s\"", words, why);
    assert_false(vm.started);
    assert_int_equal(vm.pc, 0);
    vm_free(&vm);
}

static void test_restore_refuses_damaged_snapshots(void **state) {
    (void)state;
    Program p;
    VmSnapshot good, bad;
    sided_program(&p);
    free(play_and_snap(&p, 2, &good));
    bad = good, bad.pc += 1;
    expect_restore_refused(&p, &bad, "not an instruction");
    bad = good, bad.pc = p.code_len + 100;
    expect_restore_refused(&p, &bad, "not an instruction");
    bad = good, bad.loops[0].index = bad.loops[0].count;
    expect_restore_refused(&p, &bad, "repetition counters");
    bad = good, bad.loops[0].count = 7;
    expect_restore_refused(&p, &bad, "repetition counters");
    bad = good, bad.loops[0].body = good.exercise_pc;
    expect_restore_refused(&p, &bad, "repetition counters");
    bad = good, bad.n_loops = MAX_LOOP_DEPTH + 1;
    expect_restore_refused(&p, &bad, "repetition counters");
    bad = good, bad.exercise_name = bad.sections[0].name;
    expect_restore_refused(&p, &bad, "exercise");
    bad = good, bad.n_sections = MAX_SECTION_DEPTH + 2;
    expect_restore_refused(&p, &bad, "sections");
    bad = good, bad.sections[0].name = p.n_consts;
    expect_restore_refused(&p, &bad, "sections");
    bad = good, bad.side = (Side)7;
    expect_restore_refused(&p, &bad, "side");
    bad = good, bad.side_label = p.n_consts + 3;
    expect_restore_refused(&p, &bad, "side name");
    bad = good, bad.now = -1;
    expect_restore_refused(&p, &bad, "time");
    program_free(&p);
}

/* Issue 13, 7 and 8: a saved time near INT64_MAX overflowed the session's
 * clock; positions the program never reaches passed the range checks
 * (no loop frames inside a loop; other sections) and ended the session
 * early.  Each is refused before any of it is used. */
static void test_restore_refuses_positions_the_program_never_reaches(void **state) {
    (void)state;
    Program p;
    VmSnapshot good, bad;
    sided_program(&p);
    free(play_and_snap(&p, 2, &good));
    bad = good, bad.now = INT64_MAX - 5;
    expect_restore_refused(&p, &bad, "time");
    bad = good, bad.now = (int64_t)MAX_SAVED_CLOCK_MS + 1;
    expect_restore_refused(&p, &bad, "time");
    bad = good, bad.n_loops = 0; /* inside the loop, with no frame */
    expect_restore_refused(&p, &bad, "repetition counters");
    bad = good, bad.n_sections = 0; /* inside "Floor", with no frame */
    expect_restore_refused(&p, &bad, "sections");
    bad = good, bad.n_sections = 2, bad.sections[1] = bad.sections[0];
    expect_restore_refused(&p, &bad, "sections");
    bad = good, bad.sections[0].selected = false;
    expect_restore_refused(&p, &bad, "sections");
    bad = good, bad.in_exercise = false;
    expect_restore_refused(&p, &bad, "exercise");
    bad = good, bad.exercise_loops = 1;
    expect_restore_refused(&p, &bad, "exercise");
    bad = good, bad.side = good.side == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT;
    expect_restore_refused(&p, &bad, "side");
    bad = good, bad.side_label = OPERAND_NONE;
    expect_restore_refused(&p, &bad, "side name");
    /* Rep 4 (index 3) is on the same side as rep 2: a position the
     * program reaches. */
    bad = good, bad.loops[0].index = 3;
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, &p, NULL, NULL, NULL, NULL));
    if (!vm_restore(&vm, &bad, &why)) /* the position of rep 4: one the program reaches */
        fail_msg("refused a reachable position: %s", why);
    vm_free(&vm);
    program_free(&p);
}

/* Every position a session is journalled at, with any time and step
 * count (pauses, next and back change those), restores. */
static void test_every_journalled_position_restores(void **state) {
    (void)state;
    Program p;
    sided_program(&p);
    for (unsigned at = 1; at <= 6; at++) {
        VmSnapshot snap;
        free(play_and_snap(&p, at, &snap));
        snap.now += 3600 * 1000;
        snap.steps *= 3;
        Vm vm;
        const char *why = NULL;
        assert_true(vm_init(&vm, &p, NULL, NULL, NULL, NULL));
        if (!vm_restore(&vm, &snap, &why))
            fail_msg("rep %u refused: %s", at, why);
        vm_free(&vm);
    }
    program_free(&p);
}

static void test_restore_after_the_start_is_refused(void **state) {
    (void)state;
    Program p;
    VmSnapshot snap;
    Vm vm;
    const char *why = NULL;
    sided_program(&p);
    free(play_and_snap(&p, 2, &snap));
    assert_true(vm_init(&vm, &p, NULL, NULL, NULL, NULL));
    vm_step(&vm, 0, VM_KEY_NONE);
    assert_false(vm_restore(&vm, &snap, &why));
    assert_string_equal(why, "the session has already started");
    vm_free(&vm);
    program_free(&p);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reps_with_holds_and_rests),
        cmocka_unit_test(test_each_side),
        cmocka_unit_test(test_alternating_sides),
        cmocka_unit_test(test_alternating_range_ends_at_a_pair),
        cmocka_unit_test(test_sets_rest_between_sets_only),
        cmocka_unit_test(test_circuit_rounds),
        cmocka_unit_test(test_zero_length_steps_do_not_wait),
        cmocka_unit_test(test_deadlines_are_absolute),
        cmocka_unit_test(test_late_caller_catches_up),
        cmocka_unit_test(test_keys_after_the_end_are_ignored),
        cmocka_unit_test(test_pause_does_not_count),
        cmocka_unit_test(test_pause_during_open_hold),
        cmocka_unit_test(test_open_hold_ends_at_a_scripted_done),
        cmocka_unit_test(test_pause_with_no_resume_key_resumes),
        cmocka_unit_test(test_next_mid_hold_skips_the_exercise),
        cmocka_unit_test(test_back_mid_hold_restarts_the_exercise),
        cmocka_unit_test(test_next_while_paused_resumes_first),
        cmocka_unit_test(test_next_keeps_enclosing_loops),
        cmocka_unit_test(test_next_ends_a_rest_between_exercises),
        cmocka_unit_test(test_quit),
        cmocka_unit_test(test_pain_names_the_exercise),
        cmocka_unit_test(test_pain_outside_an_exercise),
        cmocka_unit_test(test_up_to_hold_ended_early),
        cmocka_unit_test(test_done_is_ignored_during_a_fixed_hold),
        cmocka_unit_test(test_own_pace_wait),
        cmocka_unit_test(test_default_variant_and_step),
        cmocka_unit_test(test_chosen_variant_and_step),
        cmocka_unit_test(test_chosen_variant_any_case),
        cmocka_unit_test(test_level_and_section_any_case),
        cmocka_unit_test(test_unknown_section_suggests_the_closest),
        cmocka_unit_test(test_level_filter),
        cmocka_unit_test(test_section_filter_plays_only_that_section),
        cmocka_unit_test(test_everything_plays_without_a_filter),
        cmocka_unit_test(test_unknown_section_lists_the_sections),
        cmocka_unit_test(test_unknown_level_lists_each_level_once),
        cmocka_unit_test(test_unknown_variant_when_there_are_none),
        cmocka_unit_test(test_long_name_lists_are_cut),
        cmocka_unit_test(test_restore_replays_the_rest_from_the_rep),
        cmocka_unit_test(test_restore_replays_a_rep_in_phases),
        cmocka_unit_test(test_phases_play_in_order_and_add_up),
        cmocka_unit_test(test_pause_mid_phase_resumes_that_phase),
        cmocka_unit_test(test_keys_mid_phase),
        cmocka_unit_test(test_restore_refuses_damaged_snapshots),
        cmocka_unit_test(test_restore_refuses_positions_the_program_never_reaches),
        cmocka_unit_test(test_every_journalled_position_restores),
        cmocka_unit_test(test_restore_after_the_start_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
