/*
 * test_driver.c -- key scripts and the virtual clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "driver.h"
#include "events.h"
#include "program.h"

#define NONE OPERAND_NONE

/* ---- keys_parse ------------------------------------------------------- */

static void test_parse_durations_and_milliseconds(void **state) {
    (void)state;
    ScriptedKey *keys = NULL;
    size_t n = 0;
    char err[200];
    assert_true(keys_parse(" 5s:pause,8s : pause, 12000:next,1m30s:back , 2min:quit,"
                           "2min:pain,3h:done",
                           &keys, &n, err, sizeof err));
    assert_int_equal(n, 7);
    const ScriptedKey expected[] = {
        {5000, VM_KEY_PAUSE, 0}, {8000, VM_KEY_PAUSE, 0}, {12000, VM_KEY_NEXT, 0}, {90000, VM_KEY_BACK, 0},
        {120000, VM_KEY_QUIT, 0}, {120000, VM_KEY_PAIN, 0}, {10800000, VM_KEY_DONE, 0},
    };
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(keys[i].t, expected[i].t);
        assert_int_equal(keys[i].key, expected[i].key);
    }
    free(keys);
}

static void test_parse_empty_script(void **state) {
    (void)state;
    ScriptedKey *keys = (ScriptedKey *)&keys;
    size_t n = 99;
    char err[200];
    assert_true(keys_parse("  ", &keys, &n, err, sizeof err));
    assert_null(keys);
    assert_int_equal(n, 0);
    assert_true(keys_parse(NULL, &keys, &n, err, sizeof err));
    assert_int_equal(n, 0);
}

static void expect_error(const char *script, const char *message) {
    ScriptedKey *keys = NULL;
    size_t n = 0;
    char err[200];
    assert_false(keys_parse(script, &keys, &n, err, sizeof err));
    assert_null(keys);
    assert_string_equal(err, message);
}

static void test_parse_errors(void **state) {
    (void)state;
    expect_error("5s pause", "key `5s pause`: expected TIME:KEY, like 5s:pause");
    expect_error("5s:paws", "key `5s:paws`: unknown key `paws`; the keys are pause, next, "
                            "back, quit, pain, done, easier and harder, or one character as typed");
    expect_error("1s:next, 5x:pause", "key `5x:pause`: unknown unit `x`; use ms, s, min or h");
    expect_error("soon:pause", "key `soon:pause`: `soon` is not a time; write it like 5s, "
                               "1m30s or 5000 (ms)");
    expect_error(":pause", "key `:pause`: the time is missing; write it like 5s:pause");
    expect_error("5s:pause, 3s:pause", "key `3s:pause`: comes before the key ahead of it; "
                                       "list keys in time order");
    expect_error("99999999999999999999:quit", "key `99999999999999999999:quit`: the time "
                                              "is too large");
}

static void test_parse_error_is_cut_to_the_buffer(void **state) {
    (void)state;
    ScriptedKey *keys = NULL;
    size_t n = 0;
    char err[16];
    assert_false(keys_parse("5s:a-very-long-unknown-key", &keys, &n, err, sizeof err));
    assert_string_equal(err, "key `5s:a-very-"); /* cut, and terminated */
}

/* ---- drive_virtual ---------------------------------------------------- */

static uint32_t K(Chunk *c, const char *s) {
    return chunk_constant(c, s, (uint32_t)strlen(s));
}

/* ROUTINE; EXERCISE "E" { GET_READY 2s; HOLD_OPEN; HOLD 5s; WAIT_KEY }; END */
static void build(Program *p) {
    Chunk c;
    BytecodeError err;
    chunk_init(&c);
    chunk_emit(&c, 0, 0, OP_ROUTINE, K(&c, "R"));
    uint32_t ex = chunk_emit(&c, 0, 0, OP_EXERCISE, K(&c, "E"), NONE, NONE, 0u);
    chunk_emit(&c, 0, 0, OP_GET_READY, 2000u);
    chunk_emit(&c, 0, 0, OP_HOLD_OPEN);
    chunk_emit(&c, 0, 0, OP_HOLD, 5000u);
    chunk_emit(&c, 0, 0, OP_WAIT_KEY);
    chunk_patch(&c, ex, 3, chunk_emit(&c, 0, 0, OP_END_EXERCISE));
    chunk_emit(&c, 0, 0, OP_END);
    if (!program_from_chunk(&c, p, &err))
        fail_msg("%s", err.message);
    chunk_free(&c);
}

/* The JSON lines of a whole virtual run with `script`. */
static void expect_run(const char *script, const char *expected) {
    Program p;
    Vm vm;
    const char *why;
    ScriptedKey *keys = NULL;
    size_t n = 0, len = 0;
    char err[200], *text = NULL;
    FILE *f = open_memstream(&text, &len);
    build(&p);
    assert_true(keys_parse(script, &keys, &n, err, sizeof err));
    assert_true(vm_init(&vm, &p, NULL, events_emit_json, f, &why));
    assert_int_equal(drive_virtual(&vm, keys, n), VM_FINISHED);
    fclose(f);
    assert_string_equal(text, expected);
    free(text);
    free(keys);
    vm_free(&vm);
    program_free(&p);
}

#define HEAD "{\"t\":0,\"ev\":\"start\",\"routine\":\"R\"}\n" \
             "{\"t\":0,\"ev\":\"exercise\",\"name\":\"E\",\"section\":\"\"}\n" \
             "{\"t\":0,\"ev\":\"get_ready\",\"ms\":2000}\n"

static void test_waits_get_done_at_once(void **state) {
    (void)state;
    expect_run("", HEAD
               "{\"t\":2000,\"ev\":\"hold\",\"mode\":\"open\"}\n"
               "{\"t\":2000,\"ev\":\"held\",\"ms\":0}\n"
               "{\"t\":2000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
               "{\"t\":7000,\"ev\":\"wait\"}\n"
               "{\"t\":7000,\"ev\":\"done\",\"ms\":0}\n"
               "{\"t\":7000,\"ev\":\"end\",\"completed\":true}\n");
}

/* A key at a deadline goes to the step that starts there. */
static void test_key_at_a_deadline_acts_on_the_next_step(void **state) {
    (void)state;
    expect_run("2s:pause", HEAD
               "{\"t\":2000,\"ev\":\"hold\",\"mode\":\"open\"}\n"
               "{\"t\":2000,\"ev\":\"pause\"}\n"
               "{\"t\":2000,\"ev\":\"resume\"}\n"
               "{\"t\":2000,\"ev\":\"held\",\"ms\":0}\n"
               "{\"t\":2000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
               "{\"t\":7000,\"ev\":\"wait\"}\n"
               "{\"t\":7000,\"ev\":\"done\",\"ms\":0}\n"
               "{\"t\":7000,\"ev\":\"end\",\"completed\":true}\n");
}

static void test_scripted_done_times_the_open_hold(void **state) {
    (void)state;
    expect_run("1s:done, 10s:done, 12s:pause, 13s:pause, 20s:done", HEAD
               "{\"t\":2000,\"ev\":\"hold\",\"mode\":\"open\"}\n"
               "{\"t\":10000,\"ev\":\"held\",\"ms\":8000}\n"
               "{\"t\":10000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
               "{\"t\":12000,\"ev\":\"pause\"}\n"
               "{\"t\":13000,\"ev\":\"resume\"}\n"
               "{\"t\":16000,\"ev\":\"wait\"}\n"
               "{\"t\":20000,\"ev\":\"done\",\"ms\":4000}\n"
               "{\"t\":20000,\"ev\":\"end\",\"completed\":true}\n");
}

static void test_keys_past_the_end_are_left(void **state) {
    (void)state;
    expect_run("1s:quit, 5s:pause, 1h:next", HEAD
               "{\"t\":1000,\"ev\":\"quit\"}\n"
               "{\"t\":1000,\"ev\":\"end\",\"completed\":false}\n");
}

/* Keys that never apply (back in a rest between exercises, pause pressed
 * over and over) still end. */
static void test_every_script_ends(void **state) {
    (void)state;
    expect_run("0:back, 0:back, 1s:pause, 1s:pause, 1s:pause", HEAD
               "{\"t\":0,\"ev\":\"back\",\"name\":\"E\"}\n"
               "{\"t\":0,\"ev\":\"exercise\",\"name\":\"E\",\"section\":\"\"}\n"
               "{\"t\":0,\"ev\":\"get_ready\",\"ms\":2000}\n"
               "{\"t\":0,\"ev\":\"back\",\"name\":\"E\"}\n"
               "{\"t\":0,\"ev\":\"exercise\",\"name\":\"E\",\"section\":\"\"}\n"
               "{\"t\":0,\"ev\":\"get_ready\",\"ms\":2000}\n"
               "{\"t\":1000,\"ev\":\"pause\"}\n"
               "{\"t\":1000,\"ev\":\"resume\"}\n"
               "{\"t\":1000,\"ev\":\"pause\"}\n"
               "{\"t\":1000,\"ev\":\"resume\"}\n"
               "{\"t\":2000,\"ev\":\"hold\",\"mode\":\"open\"}\n"
               "{\"t\":2000,\"ev\":\"held\",\"ms\":0}\n"
               "{\"t\":2000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
               "{\"t\":7000,\"ev\":\"wait\"}\n"
               "{\"t\":7000,\"ev\":\"done\",\"ms\":0}\n"
               "{\"t\":7000,\"ev\":\"end\",\"completed\":true}\n");
}

static void test_key_names(void **state) {
    (void)state;
    assert_string_equal(key_name(VM_KEY_PAUSE), "pause");
    assert_string_equal(key_name(VM_KEY_DONE), "done");
    assert_null(key_name(VM_KEY_NONE));
    assert_null(key_name((VmKey)99));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_durations_and_milliseconds),
        cmocka_unit_test(test_parse_empty_script),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_error_is_cut_to_the_buffer),
        cmocka_unit_test(test_waits_get_done_at_once),
        cmocka_unit_test(test_key_at_a_deadline_acts_on_the_next_step),
        cmocka_unit_test(test_scripted_done_times_the_open_hold),
        cmocka_unit_test(test_keys_past_the_end_are_left),
        cmocka_unit_test(test_every_script_ends),
        cmocka_unit_test(test_key_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
