/* test_sema.c -- the semantic checks: each mistake a therapist can make in
 * a routine that parses, and the exact words and place routinec gives. */
#include "compile_fixture.h"

static void expect(void **state, const char *text, const char *want) {
    Fixture *f = *state;
    compile_text(f, text);
    assert_string_equal(diagnostics(f), want);
}

static void test_valid_routine_has_no_diagnostics(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "routine \"R\" { exercise \"E\" stretch { hold 5s; repeat 10 each side; } }"),
                     COMPILE_OK);
    assert_string_equal(diagnostics(f), "");
}

static void test_unknown_exercise_suggests_the_closest(void **state) {
    expect(state, "exercise \"Knee to chest\" { hold 5s; }\nroutine \"R\" { do \"knee to chets\"; }",
           "2:18: error: there is no exercise called \"knee to chets\" [unknown-exercise]\n");
}

static void test_names_match_without_case(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "exercise \"Bridge\" { hold 5s; }\nroutine \"R\" { do \"BRIDGE\"; }"),
                     COMPILE_OK);
}

static void test_duplicate_exercise(void **state) {
    expect(state, "exercise \"Bridge\" { hold 5s; }\nexercise \"bridge\" { hold 3s; }\nroutine \"R\" { do \"Bridge\"; }",
           "2:10: error: there is already an exercise called \"bridge\" [duplicate-name]\n");
}

static void test_counts_and_durations_out_of_range(void **state) {
    expect(state,
           "routine \"R\" { exercise \"E\" {\n"
           "  hold 0s;\n"
           "  repeat 99999999999999999999999;\n"
           "  sets 0;\n"
           "  tempo 5h;\n"
           "} }",
           "2:8: error: a hold cannot be 0 [out-of-range]\n"
           "3:10: error: the number of repetitions is far too large [out-of-range]\n"
           "4:8: error: the number of sets must be at least 1 [out-of-range]\n"
           "5:9: error: a tempo is far too long [out-of-range]\n");
}

static void test_statements_in_the_wrong_block(void **state) {
    expect(state, "hold 5s;\nroutine \"R\" { repeat 3; section \"S\" { position \"p\"; } exercise \"E\" { hold 2s; } }",
           "1:1: error: `hold` cannot be used at the top of a file [misplaced]\n"
           "2:15: error: `repeat` cannot be used in a routine [misplaced]\n"
           "2:39: error: `position` cannot be used in a section [misplaced]\n");
}

static void test_setting_given_twice(void **state) {
    expect(state, "routine \"R\" { exercise \"E\" {\n hold 5s;\n hold 3s;\n} }",
           "3:2: error: `hold` is given twice here [duplicate-setting]\n");
}

static void test_no_routine_unless_a_library(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "exercise \"E\" { hold 2s; }"), COMPILE_ERRORS);
    assert_string_equal(diagnostics(f), "0:0: error: there is no routine in this file [no-routine]\n");
}

static void test_library_is_fine_for_check(void **state) {
    Fixture *f = *state;
    f->c.library_ok = true;
    assert_int_equal(compile_text(f, "exercise \"E\" { hold 2s; }"), COMPILE_OK);
    assert_null(f->c.model.routine);
}

/* Library mode: each definition of the library resolved alone, with its
 * variants, the way a routine would play it (the linter reads these). */
static void test_library_mode_resolves_each_definition(void **state) {
    Fixture *f = *state;
    f->c.library_ok = true;
    assert_int_equal(compile_text(f, "exercise \"A\" stretch { position \"Lie down.\"; cue \"Slowly.\"; hold 5s;\n"
                                     "  variant \"Seated\" { position \"Sit.\"; hold 3s; } }\n"
                                     "exercise \"B\" { repeat 10 each side; }"),
                     COMPILE_OK);
    const Model *m = &f->c.model;
    assert_int_equal(m->n_library, 2);
    const ExerciseSpec *a = m->library[0];
    assert_string_equal(a->name, "A");
    assert_string_equal(a->kind, "stretch");
    assert_int_equal(spec_hold_ms(a), 5000);
    assert_int_equal(a->n_texts, 2);
    assert_int_equal(a->n_variants, 1);
    const ExerciseSpec *seated = a->variants[0];
    assert_int_equal(spec_hold_ms(seated), 3000);
    /* the variant's position replaces the exercise's, as when it is played */
    assert_int_equal(seated->n_texts, 2);
    assert_string_equal(seated->texts[0]->as.text.text.s, "Slowly.");
    assert_string_equal(seated->texts[1]->as.text.text.s, "Sit.");
    assert_int_equal(spec_reps(m->library[1]), 10);
    assert_int_equal(spec_sides(m->library[1]), SIDES_EACH);
}

static void test_two_routines(void **state) {
    expect(state, "routine \"A\" { exercise \"E\" { hold 2s; } }\nroutine \"B\" { do \"E\"; }",
           "2:1: error: this file already has a routine (line 1) [routine-placement]\n");
}

static void test_routine_with_nothing_to_play(void **state) {
    expect(state, "routine \"Empty\" { note \"hello\"; }", "1:9: error: this routine has no exercises to play [no-exercises]\n");
}

static void test_sides_that_make_no_sense(void **state) {
    expect(state,
           "routine \"R\" {\n"
           " exercise \"A\" { side \"knee\"; hold 2s; repeat 10; }\n"
           " exercise \"B\" { tempo 2s; repeat 9 alternating; }\n"
           " exercise \"C\" { right side first; repeat 5 left only; }\n"
           "}",
           "2:17: warning: this names the sides, but the exercise is not done on sides [sides]\n"
           "3:34: warning: 9 alternating repetitions give one side an extra one [sides]\n"
           "4:17: warning: the exercise is done on one side only, so no side comes first [sides]\n");
}

static void test_unknown_variant_names_the_real_ones(void **state) {
    expect(state, "exercise \"E\" { hold 2s; variant \"Hard\" { hold 5s; } }\nroutine \"R\" { do \"E\" variant \"Easy\"; }",
           "2:30: error: \"E\" has no variant called \"Easy\" [unknown-variant]\n");
}

static void test_progression_that_does_not_go_up(void **state) {
    expect(state,
           "routine \"R\" {\n"
           " exercise \"A\" { hold 2s; repeat 10; build up to 8; }\n"
           " exercise \"B\" { repeat 10; build up to 10s holds; }\n"
           " exercise \"C\" { hold 2s; repeat 1; build up to 1000 by 1; }\n"
           "}",
           "2:49: error: `build up to` 8 does not go up from 10 [build-up]\n"
           "3:28: error: `build up` to a longer hold needs a timed hold to start from [build-up]\n"
           "4:36: error: this progression has more than 100 steps [build-up]\n");
}

static void test_unknown_kind_suggests(void **state) {
    expect(state, "routine \"R\" { exercise \"E\" strech { hold 2s; } }",
           "1:28: error: unknown kind of exercise `strech` [unknown-kind]\n");
}

static void test_include_needs_a_file(void **state) {
    expect(state, "include \"lib.rt\";\nroutine \"R\" { exercise \"E\" { hold 2s; } }",
           "1:1: error: `include` needs a routine read from a file [include-needs-file]\n");
}

static void test_schedule_values(void **state) {
    expect(state, "routine \"R\" { schedule 30min to 10min a day, 30 times a day, 9 days a week, in the dusk;\n"
                  " exercise \"E\" { hold 2s; } }",
           "1:24: error: this range goes down instead of up [reversed-range]\n"
           "1:46: error: this schedule value must be between 1 and 24 [out-of-range]\n"
           "1:62: error: this schedule value must be between 1 and 7 [out-of-range]\n"
           "1:84: error: unknown time of day `dusk` [unknown-time]\n");
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_valid_routine_has_no_diagnostics), T(test_unknown_exercise_suggests_the_closest),
        T(test_names_match_without_case), T(test_duplicate_exercise),
        T(test_counts_and_durations_out_of_range), T(test_statements_in_the_wrong_block),
        T(test_setting_given_twice), T(test_no_routine_unless_a_library), T(test_library_is_fine_for_check),
        T(test_library_mode_resolves_each_definition),
        T(test_two_routines), T(test_routine_with_nothing_to_play), T(test_sides_that_make_no_sense),
        T(test_unknown_variant_names_the_real_ones), T(test_progression_that_does_not_go_up),
        T(test_unknown_kind_suggests), T(test_include_needs_a_file), T(test_schedule_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
