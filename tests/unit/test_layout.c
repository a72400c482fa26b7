/* test_layout.c -- the words the handout, the calendar and the timeline
 * share: durations, the dose of each kind of exercise, the schedule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "layout.h"

static void test_durations(void **state) {
    (void)state;
    char b[64];
    assert_string_equal(layout_duration(5000, b, sizeof b), "5 seconds");
    assert_string_equal(layout_duration(1000, b, sizeof b), "1 second");
    assert_string_equal(layout_duration(0, b, sizeof b), "0 seconds");
    assert_string_equal(layout_duration(1500, b, sizeof b), "1.5 seconds");
    assert_string_equal(layout_duration(250, b, sizeof b), "250 milliseconds");
    assert_string_equal(layout_duration(60000, b, sizeof b), "1 minute");
    assert_string_equal(layout_duration(90000, b, sizeof b), "1 minute 30 seconds");
    assert_string_equal(layout_duration(908000, b, sizeof b), "15 minutes 8 seconds");
    assert_string_equal(layout_duration(3900000, b, sizeof b), "1 hour 5 minutes");
    assert_string_equal(layout_duration(7200000, b, sizeof b), "2 hours");
    char tiny[8];
    assert_string_equal(layout_duration(90000, tiny, sizeof tiny), "1 minut"); /* truncated, terminated */
}

/* The dose of the first exercise played by `text`'s routine. */
static const char *dose_of(const char *text, uint32_t step, char *buf, size_t size) {
    Compilation c;
    compile_init(&c, stderr, false);
    assert_int_equal(compile_load_text(&c, "t.rt", text, strlen(text)), COMPILE_OK);
    assert_int_equal(compile_check(&c), COMPILE_OK);
    const Node *use = c.model.routine->as.routine.body;
    while (use && use->kind != NODE_USE)
        use = use->next;
    assert_non_null(use);
    LayoutDose dose;
    layout_dose_of(use->as.use.spec, step, &dose);
    char words[800], build[300];
    snprintf(buf, size, "%s|%s", layout_dose_words(&dose, words, sizeof words),
             layout_build_words(&dose, build, sizeof build));
    compile_free(&c);
    return buf;
}

#define EXERCISE(body) "exercise \"E\" { cue \"Go.\"; " body " }\nroutine \"R\" { do \"E\"; }\n"

static void test_doses(void **state) {
    (void)state;
    char b[1200];
    assert_string_equal(dose_of(EXERCISE("hold 5s; repeat 10 each side; side \"knee\";"), 0, b, sizeof b),
                        "Hold for 5 seconds. Repeat 10 times on each side, with the left knee first, then the right "
                        "knee.|");
    assert_string_equal(dose_of(EXERCISE("hold up to 5s; repeat 10;"), 0, b, sizeof b),
                        "Hold for up to 5 seconds. Repeat 10 times.|");
    assert_string_equal(dose_of(EXERCISE("hold as long as you can; repeat 1;"), 0, b, sizeof b),
                        "Hold as long as you can. Do this once.|");
    assert_string_equal(dose_of(EXERCISE("repeat 8; tempo 2s;"), 0, b, sizeof b),
                        "Take about 2 seconds for each one. Repeat 8 times.|");
    assert_string_equal(dose_of(EXERCISE("repeat 8; at own pace;"), 0, b, sizeof b),
                        "Go at your own pace. Repeat 8 times.|");
    assert_string_equal(dose_of(EXERCISE("hold 2s; repeat 10 alternating; right side \"right arm\"; "
                                         "left side \"left arm\"; right side first;"), 0, b, sizeof b),
                        "Hold for 2 seconds. Repeat 10 times in all, alternating sides: right arm, then left arm.|");
    assert_string_equal(dose_of(EXERCISE("hold 3s; repeat 6 each side alternating;"), 0, b, sizeof b),
                        "Hold for 3 seconds. Repeat 6 times on each side, alternating sides: left side, then right "
                        "side.|");
    assert_string_equal(dose_of(EXERCISE("hold 3s; repeat 5 left only; side \"leg\";"), 0, b, sizeof b),
                        "Hold for 3 seconds. Repeat 5 times, with the left leg only.|");
    assert_string_equal(dose_of(EXERCISE("hold 3s; repeat 5; sets 3;"), 0, b, sizeof b),
                        "Hold for 3 seconds. Repeat 5 times. Do all of that 3 times (3 sets). Rest 30 seconds "
                        "between sets.|");
}

/* Tempo phases in words: moving phases as "take ... to lift and ... to
 * lower", a phase that holds on its own, "then" between the parts. */
static void test_tempo_phases(void **state) {
    (void)state;
    char b[1200];
    assert_string_equal(dose_of(EXERCISE("tempo 3s up, 5s down; repeat 10;"), 0, b, sizeof b),
                        "Take 3 seconds to lift and 5 seconds to lower. Repeat 10 times.|");
    assert_string_equal(dose_of(EXERCISE("tempo 1s up, hold 2s, 3 seconds down; repeat 8 to 12;"), 0, b,
                                sizeof b),
                        "Take 1 second to lift, then hold for 2 seconds, then take 3 seconds to lower. Repeat 8 "
                        "to 12 times.|");
    assert_string_equal(dose_of(EXERCISE("tempo hold 2s, 2s push, 1s pull, 2s return; repeat 5 each side;"), 0, b,
                                sizeof b),
                        "Hold for 2 seconds, then take 2 seconds to push, 1 second to pull and 2 seconds to "
                        "return. Repeat 5 times on each side, with the left side first, then the right side.|");
    assert_string_equal(dose_of(EXERCISE("tempo 2s raise, 2s lower; hold 3s; repeat 5;"), 0, b, sizeof b),
                        "Take 2 seconds to raise and 2 seconds to lower. Hold for 3 seconds. Repeat 5 times.|");
    assert_string_equal(dose_of(EXERCISE("tempo 2s up, 2s down; at own pace; repeat 5;"), 0, b, sizeof b),
                        "Go at your own pace. Repeat 5 times.|");
}

/* Ranges and ceilings: the lower end is the target, the upper the ceiling. */
static void test_ranges(void **state) {
    (void)state;
    char b[1200];
    assert_string_equal(dose_of(EXERCISE("hold 5s to 10s; repeat 8 to 12;"), 0, b, sizeof b),
                        "Hold for 5 to 10 seconds. Repeat 8 to 12 times.|");
    assert_string_equal(dose_of(EXERCISE("hold 30s to 1min; repeat 2 each side;"), 0, b, sizeof b),
                        "Hold for 30 seconds to 1 minute. Repeat 2 times on each side, with the left side first, "
                        "then the right side.|");
    assert_string_equal(dose_of(EXERCISE("hold 2min to 3min; repeat 1;"), 0, b, sizeof b),
                        "Hold for 2 to 3 minutes. Do this once.|");
    assert_string_equal(dose_of(EXERCISE("repeat as many as you can, up to 10; tempo 2s;"), 0, b, sizeof b),
                        "Take about 2 seconds for each one. Repeat as many times as you can, up to 10.|");
    assert_string_equal(dose_of(EXERCISE("hold as long as you can, up to 30s;"), 0, b, sizeof b),
                        "Hold for up to 30 seconds. Do this once.|");
    assert_string_equal(dose_of(EXERCISE("hold 2s; repeat 8 to 12 left only; side \"knee\"; sets 2 to 3; "
                                         "rest 30s to 1min between sets;"), 0, b, sizeof b),
                        "Hold for 2 seconds. Repeat 8 to 12 times, with the left knee only. Do all of that 2 to 3 "
                        "times (2 to 3 sets). Rest 30 seconds to 1 minute between sets.|");
    assert_string_equal(dose_of(EXERCISE("hold 5s; repeat 6; sets 2; rest 0s between sets;"), 0, b, sizeof b),
                        "Hold for 5 seconds. Repeat 6 times. Do all of that 2 times (2 sets).|");
    assert_string_equal(layout_duration_range(5000, 5000, b, sizeof b), "5 seconds");
    assert_string_equal(layout_duration_range(0, 90000, b, sizeof b), "1 minute 30 seconds");
    assert_string_equal(layout_duration_range(45000, 90000, b, sizeof b), "45 seconds to 1 minute 30 seconds");
}

static void test_progressions(void **state) {
    (void)state;
    char b[1200];
    const char *reps = EXERCISE("hold 5s; repeat 10; build up to 20 times by 5;");
    assert_string_equal(dose_of(reps, 0, b, sizeof b),
                        "Hold for 5 seconds. Repeat 10 times.|Build up to 20 times, 5 more at a time.");
    assert_string_equal(dose_of(reps, 2, b, sizeof b),
                        "Hold for 5 seconds. Repeat 15 times.|Build up to 20 times, 5 more at a time.");
    assert_string_equal(dose_of(reps, 99, b, sizeof b), /* past the last step: the last */
                        "Hold for 5 seconds. Repeat 20 times.|Build up to 20 times, 5 more at a time.");
    assert_string_equal(dose_of(EXERCISE("hold 10s; repeat 3; build up to 30s holds by 10s;"), 3, b, sizeof b),
                        "Hold for 30 seconds. Repeat 3 times.|Build up to holds of 30 seconds, 10 seconds longer at "
                        "a time.");
}

static const char *schedule_of(const char *schedule, char *buf, size_t size, uint32_t *lo, uint32_t *hi) {
    char text[300];
    snprintf(text, sizeof text, "exercise \"E\" { cue \"Go.\"; repeat 1; }\nroutine \"R\" { schedule %s; do \"E\"; }\n",
             schedule);
    Compilation c;
    compile_init(&c, stderr, false);
    assert_int_equal(compile_load_text(&c, "t.rt", text, strlen(text)), COMPILE_OK);
    assert_int_equal(compile_check(&c), COMPILE_OK);
    layout_schedule(c.model.schedule, buf, size);
    layout_sessions_per_week(c.model.schedule, lo, hi);
    compile_free(&c);
    return buf;
}

static void test_schedules(void **state) {
    (void)state;
    char b[300];
    uint32_t lo, hi;
    assert_string_equal(schedule_of("10min to 30min a day, 1 to 3 times a day", b, sizeof b, &lo, &hi),
                        "10 to 30 minutes a day, 1 to 3 times a day.");
    assert_int_equal(lo, 7);
    assert_int_equal(hi, 21);
    assert_string_equal(schedule_of("2 times a day, 3 to 5 days a week, in the morning", b, sizeof b, &lo, &hi),
                        "2 times a day, 3 to 5 days a week, in the morning.");
    assert_int_equal(lo, 6);
    assert_int_equal(hi, 10);
    assert_string_equal(schedule_of("1 times a day, 1 day a week", b, sizeof b, &lo, &hi),
                        "1 time a day, 1 day a week.");
    assert_string_equal(schedule_of("90s a day", b, sizeof b, &lo, &hi), "1 minute 30 seconds a day.");
    assert_string_equal(layout_schedule(NULL, b, sizeof b), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_doses),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_tempo_phases),
        cmocka_unit_test(test_progressions),
        cmocka_unit_test(test_schedules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
