/*
 * test_events.c -- the event writers: the exact JSON a program reads and
 * the plain lines a patient reads in a log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"

typedef void (*Writer)(const VmEvent *ev, FILE *out);

/* What `write` prints for `ev`, compared with `expected`. */
static void expect_line(Writer write, const VmEvent *ev, const char *expected) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    write(ev, f);
    fclose(f);
    assert_string_equal(text, expected);
    free(text);
}

static void expect_json(const VmEvent *ev, const char *expected) {
    expect_line(events_json_line, ev, expected);
}

static void expect_text(const VmEvent *ev, const char *expected) {
    expect_line(events_text_line, ev, expected);
}

/* ---- JSON ------------------------------------------------------------- */

static void test_json_start_and_end(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_START, .t = 0, .text = "Knee rehab"},
                "{\"t\":0,\"ev\":\"start\",\"routine\":\"Knee rehab\"}\n");
    expect_json(&(VmEvent){.kind = EV_END, .t = 1475000, .completed = true},
                "{\"t\":1475000,\"ev\":\"end\",\"completed\":true}\n");
    expect_json(&(VmEvent){.kind = EV_END, .t = 5, .completed = false},
                "{\"t\":5,\"ev\":\"end\",\"completed\":false}\n");
}

static void test_json_exercise_optional_fields(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_EXERCISE, .t = 10, .text = "Bridge", .section = ""},
                "{\"t\":10,\"ev\":\"exercise\",\"name\":\"Bridge\",\"section\":\"\"}\n");
    expect_json(&(VmEvent){.kind = EV_EXERCISE, .text = "Bridge", .section = "Core",
                           .detail = "strength", .variant = "easy"},
                "{\"t\":0,\"ev\":\"exercise\",\"name\":\"Bridge\",\"section\":\"Core\","
                "\"kind\":\"strength\",\"variant\":\"easy\"}\n");
}

static void test_json_counts_and_sides(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_SET, .n = 2, .of = 3},
                "{\"t\":0,\"ev\":\"set\",\"n\":2,\"of\":3}\n");
    expect_json(&(VmEvent){.kind = EV_ROUND, .n = 1, .of = 2, .text = "Core"},
                "{\"t\":0,\"ev\":\"round\",\"n\":1,\"of\":2,\"circuit\":\"Core\"}\n");
    expect_json(&(VmEvent){.kind = EV_ROUND, .n = 1, .of = 2},
                "{\"t\":0,\"ev\":\"round\",\"n\":1,\"of\":2}\n");
    expect_json(&(VmEvent){.kind = EV_SIDE, .side = SIDE_LEFT, .detail = "left knee"},
                "{\"t\":0,\"ev\":\"side\",\"side\":\"left\",\"label\":\"left knee\"}\n");
    expect_json(&(VmEvent){.kind = EV_REP, .n = 3, .of = 10, .side = SIDE_RIGHT},
                "{\"t\":0,\"ev\":\"rep\",\"n\":3,\"of\":10,\"side\":\"right\"}\n");
    expect_json(&(VmEvent){.kind = EV_REP, .n = 1, .of = 5},
                "{\"t\":0,\"ev\":\"rep\",\"n\":1,\"of\":5}\n");
}

static void test_json_holds(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_HOLD, .ms = 5000, .hold = HOLD_FIXED},
                "{\"t\":0,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n");
    expect_json(&(VmEvent){.kind = EV_HOLD, .ms = 30000, .hold = HOLD_UP_TO},
                "{\"t\":0,\"ev\":\"hold\",\"ms\":30000,\"mode\":\"up_to\"}\n");
    expect_json(&(VmEvent){.kind = EV_HOLD, .hold = HOLD_OPEN},
                "{\"t\":0,\"ev\":\"hold\",\"mode\":\"open\"}\n");
    expect_json(&(VmEvent){.kind = EV_HELD, .t = 12000, .ms = 12000},
                "{\"t\":12000,\"ev\":\"held\",\"ms\":12000}\n");
}

static void test_json_keys(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_PAUSE, .t = 3000}, "{\"t\":3000,\"ev\":\"pause\"}\n");
    expect_json(&(VmEvent){.kind = EV_SKIP}, "{\"t\":0,\"ev\":\"skip\"}\n");
    expect_json(&(VmEvent){.kind = EV_SKIP, .text = "Bridge"},
                "{\"t\":0,\"ev\":\"skip\",\"name\":\"Bridge\"}\n");
    expect_json(&(VmEvent){.kind = EV_BACK, .text = "Bridge"},
                "{\"t\":0,\"ev\":\"back\",\"name\":\"Bridge\"}\n");
    expect_json(&(VmEvent){.kind = EV_PAIN}, "{\"t\":0,\"ev\":\"pain\"}\n");
    expect_json(&(VmEvent){.kind = EV_PAIN, .text = "Bridge"},
                "{\"t\":0,\"ev\":\"pain\",\"exercise\":\"Bridge\"}\n");
    expect_json(&(VmEvent){.kind = EV_WAIT}, "{\"t\":0,\"ev\":\"wait\"}\n");
    expect_json(&(VmEvent){.kind = EV_DONE, .ms = 4000},
                "{\"t\":0,\"ev\":\"done\",\"ms\":4000}\n");
}

static void test_json_escapes_strings(void **state) {
    (void)state;
    expect_json(&(VmEvent){.kind = EV_CUE, .text = "Say \"ah\" \\ breathe\n\x01 \xe2\x80\x9cok\xe2\x80\x9d"},
                "{\"t\":0,\"ev\":\"cue\",\"text\":\"Say \\\"ah\\\" \\\\ breathe\\n\\u0001 "
                "\xe2\x80\x9cok\xe2\x80\x9d\"}\n");
}

/* ---- plain text ------------------------------------------------------- */

static void test_text_timestamps(void **state) {
    (void)state;
    expect_text(&(VmEvent){.kind = EV_START, .t = 0, .text = "Knee rehab"},
                "[ 0:00] Routine: Knee rehab\n");
    expect_text(&(VmEvent){.kind = EV_REST, .t = 5999, .ms = 30000}, "[ 0:05] Rest 30s\n");
    expect_text(&(VmEvent){.kind = EV_END, .t = 1475000, .completed = true},
                "[24:35] Session complete.\n");
    expect_text(&(VmEvent){.kind = EV_END, .t = 3723000, .completed = false},
                "[1:02:03] Session stopped.\n");
}

static void test_text_exercise_progress(void **state) {
    (void)state;
    expect_text(&(VmEvent){.kind = EV_SECTION, .t = 0, .text = "Warm-up"},
                "[ 0:00] Section: Warm-up\n");
    expect_text(&(VmEvent){.kind = EV_EXERCISE, .text = "Bridge", .section = "",
                           .detail = "strength", .variant = "easy"},
                "[ 0:00] Exercise: Bridge (easy)\n");
    expect_text(&(VmEvent){.kind = EV_REP, .t = 5000, .n = 1, .of = 10, .side = SIDE_LEFT,
                           .detail = "left knee"},
                "[ 0:05] Rep 1 of 10, left knee\n");
    expect_text(&(VmEvent){.kind = EV_REP, .n = 2, .of = 10, .side = SIDE_RIGHT},
                "[ 0:00] Rep 2 of 10, right\n");
    expect_text(&(VmEvent){.kind = EV_HOLD, .ms = 90000, .hold = HOLD_FIXED},
                "[ 0:00] Hold 1m30s\n");
    expect_text(&(VmEvent){.kind = EV_HOLD, .ms = 30000, .hold = HOLD_UP_TO},
                "[ 0:00] Hold up to 30s\n");
    expect_text(&(VmEvent){.kind = EV_HOLD, .hold = HOLD_OPEN},
                "[ 0:00] Hold as long as you can\n");
    expect_text(&(VmEvent){.kind = EV_HELD, .ms = 12000}, "[ 0:00] Held 12s\n");
    expect_text(&(VmEvent){.kind = EV_SET, .n = 2, .of = 3}, "[ 0:00] Set 2 of 3\n");
    expect_text(&(VmEvent){.kind = EV_ROUND, .n = 1, .of = 3, .text = "Core"},
                "[ 0:00] Core: round 1 of 3\n");
    expect_text(&(VmEvent){.kind = EV_SAFETY, .text = "Stop if it hurts."},
                "[ 0:00] Safety: Stop if it hurts.\n");
    expect_text(&(VmEvent){.kind = EV_CUE, .text = "Slowly."}, "[ 0:00] Slowly.\n");
}

static void test_text_keys(void **state) {
    (void)state;
    expect_text(&(VmEvent){.kind = EV_PAUSE, .t = 61000}, "[ 1:01] Paused\n");
    expect_text(&(VmEvent){.kind = EV_SKIP, .text = "Bridge"}, "[ 0:00] Skipped Bridge\n");
    expect_text(&(VmEvent){.kind = EV_SKIP}, "[ 0:00] Skipped the rest\n");
    expect_text(&(VmEvent){.kind = EV_PAIN, .t = 190000, .text = "Bridge"},
                "[ 3:10] Stopped because of pain during Bridge\n");
    expect_text(&(VmEvent){.kind = EV_QUIT, .t = 190000}, ""); /* the end line says it */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_start_and_end),
        cmocka_unit_test(test_json_exercise_optional_fields),
        cmocka_unit_test(test_json_counts_and_sides),
        cmocka_unit_test(test_json_holds),
        cmocka_unit_test(test_json_keys),
        cmocka_unit_test(test_json_escapes_strings),
        cmocka_unit_test(test_text_timestamps),
        cmocka_unit_test(test_text_exercise_progress),
        cmocka_unit_test(test_text_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
