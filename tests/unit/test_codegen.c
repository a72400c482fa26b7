/* test_codegen.c -- the code each construct compiles to, and the timeline
 * it then plays (the virtual clock makes timestamps exact). */
#include "compile_fixture.h"
#include "driver.h"
#include "events.h"

/* Compile an exercise body inside a one-exercise routine and compare the
 * opcodes of the exercise (between EXERCISE and END_EXERCISE). */
static void expect_body(void **state, const char *body, const char *want) {
    Fixture *f = *state;
    char text[2048];
    snprintf(text, sizeof text, "routine \"R\" { exercise \"E\" { %s } }", body);
    assert_int_equal(compile_text(f, text), COMPILE_OK);
    char *ops = opcodes(&f->program);
    size_t start = strlen("ROUTINE ");
    char got[2048];
    snprintf(got, sizeof got, "%s", ops + start);
    char *end = strstr(got, " END_EXERCISE");
    if (end)
        end[strlen(" END_EXERCISE")] = '\0';
    free(ops);
    assert_string_equal(got, want);
}

/* Compile a routine and play it on the virtual clock: the JSON lines. */
static char *play(Fixture *f, const char *text, const VmSelection *select) {
    assert_int_equal(compile_text(f, text), COMPILE_OK);
    char *out = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&out, &size);
    Vm vm;
    const char *why = NULL;
    VmSelection none = {0};
    assert_true(vm_init(&vm, &f->program, select ? select : &none, events_emit_json, stream, &why));
    assert_int_equal(drive_virtual(&vm, NULL, 0), VM_FINISHED);
    vm_free(&vm);
    fclose(stream);
    return out;
}

static void test_design_card_each_side(void **state) {
    expect_body(state, "hold 5s; repeat 10 each side",
                "EXERCISE GET_READY(5000) SIDE(left) LOOP(10) REP(10,1) HOLD(5000) REST_BETWEEN(2000) END_LOOP "
                "REST(5000) SIDE(right) LOOP(10) REP(10,1) HOLD(5000) REST_BETWEEN(2000) END_LOOP END_EXERCISE");
}

static void test_alternating_sides(void **state) {
    expect_body(state, "right side first; hold 2s; repeat 10 alternating;",
                "EXERCISE GET_READY(5000) LOOP(10) SIDE_ALT(right) REP(10,1) HOLD(2000) REST_BETWEEN(2000) END_LOOP "
                "END_EXERCISE");
}

static void test_each_side_alternating_counts_per_side(void **state) {
    expect_body(state, "tempo 2s; repeat 5 each side alternating;",
                "EXERCISE GET_READY(5000) LOOP(10) SIDE_ALT(left) REP(5,2) TEMPO(2000) END_LOOP END_EXERCISE");
}

static void test_one_side_only(void **state) {
    expect_body(state, "hold 3s; repeat 4 right only; rest 1s between reps;",
                "EXERCISE GET_READY(5000) SIDE(right) LOOP(4) REP(4,1) HOLD(3000) REST_BETWEEN(1000) END_LOOP "
                "END_EXERCISE");
}

static void test_sets_wrap_the_reps(void **state) {
    expect_body(state, "sets 3; repeat 8; tempo 2s; rest 45s between sets; get ready 0s;",
                "EXERCISE LOOP(3) SET LOOP(8) REP(8,1) TEMPO(2000) END_LOOP REST_BETWEEN(45000) END_LOOP END_EXERCISE");
}

static void test_reps_without_timing_get_the_default_tempo(void **state) {
    expect_body(state, "repeat 2; get ready 0s;", "EXERCISE LOOP(2) REP(2,1) TEMPO(3000) END_LOOP END_EXERCISE");
}

static void test_own_pace(void **state) {
    expect_body(state, "repeat 3; at own pace; get ready 0s;",
                "EXERCISE LOOP(3) REP(3,1) WAIT_KEY END_LOOP END_EXERCISE");
}

static void test_own_pace_per_set(void **state) {
    expect_body(state, "repeat 10; at own pace per set; get ready 0s;", "EXERCISE WAIT_SET END_EXERCISE");
}

/* At the patient's own pace a hold is kept: played, then the wait. */
static void test_own_pace_keeps_hold(void **state) {
    expect_body(state, "repeat 3; hold 5s; at own pace; get ready 0s; rest 0s between reps;",
                "EXERCISE LOOP(3) REP(3,1) HOLD(5000) WAIT_KEY END_LOOP END_EXERCISE");
}

/* DEFAULT before each value the routine never wrote: the one set (before
 * EXERCISE), the one rep, the tempo; not before the get-ready it wrote. */
static void test_defaults_are_marked(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "routine \"R\" { exercise \"E\" { get ready 3s; } }"), COMPILE_OK);
    char *ops = opcodes_of(&f->program, true);
    assert_string_equal(ops, "ROUTINE DEFAULT EXERCISE GET_READY(3000) LOOP(1) DEFAULT REP(1,1) DEFAULT "
                             "TEMPO(3000) END_LOOP END_EXERCISE END");
    free(ops);
}

/* `rest as needed` has no number: REST_OPEN, REST_BETWEEN_OPEN. */
static void test_rest_as_needed(void **state) {
    expect_body(state, "repeat 2; sets 2; get ready 0s; rest as needed between sets;",
                "EXERCISE LOOP(2) SET LOOP(2) REP(2,1) TEMPO(3000) END_LOOP REST_BETWEEN_OPEN END_LOOP "
                "END_EXERCISE");
}

static void test_hold_kinds(void **state) {
    expect_body(state, "hold up to 5s; get ready 0s;",
                "EXERCISE LOOP(1) REP(1,1) HOLD_UP_TO END_LOOP END_EXERCISE");
}

static void test_texts_position_first_therapist_never(void **state) {
    expect_body(state, "cue \"c\"; therapist \"t\"; breathe \"b\"; position \"p\"; hold as long as you can; get ready 0s;",
                "EXERCISE POSITION CUE BREATHE LOOP(1) REP(1,1) HOLD_OPEN END_LOOP END_EXERCISE");
}

static void test_variants_and_steps_branch(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "routine \"R\" { exercise \"E\" { get ready 0s; hold 2s; repeat 10;\n"
                                     "  build up to 20 by 5 when \"easy\";\n"
                                     "  variant \"V\" { hold 5s; } } }"),
                     COMPILE_OK);
    char *ops = opcodes(&f->program);
    /* the variant (itself with the progression), then the plain exercise */
    assert_non_null(strstr(ops, "ROUTINE IF_VARIANT IF_STEP(1,1) EXERCISE GATE LOOP(10)"));
    assert_non_null(strstr(ops, "IF_STEP(2,2) EXERCISE GATE LOOP(15)"));
    assert_non_null(strstr(ops, "IF_STEP(3,100) EXERCISE LOOP(20)"));
    free(ops);
}

static void test_routine_defaults_and_overrides(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "exercise \"E\" { hold 2s; repeat 10; }\n"
                                     "routine \"R\" { get ready 10s; rest 3s between reps; rest 20s between exercises;\n"
                                     "  do \"E\"; do \"E\" { repeat 4; } }"),
                     COMPILE_OK);
    char *ops = opcodes(&f->program);
    assert_string_equal(ops, "ROUTINE EXERCISE GET_READY(10000) LOOP(10) REP(10,1) HOLD(2000) REST_BETWEEN(3000) "
                             "END_LOOP END_EXERCISE REST(20000) EXERCISE GET_READY(10000) LOOP(4) REP(4,1) "
                             "HOLD(2000) REST_BETWEEN(3000) END_LOOP END_EXERCISE END");
    free(ops);
}

static void test_circuit_and_sections(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, "routine \"R\" { section \"S\" level advanced {\n"
                                     "  circuit \"C\" 3 rounds { rest 1min between rounds;\n"
                                     "    exercise \"E\" { tempo 1s; repeat 2; get ready 0s; } } } }"),
                     COMPILE_OK);
    char *ops = opcodes(&f->program);
    assert_string_equal(ops, "ROUTINE SECTION LOOP(3) ROUND EXERCISE LOOP(2) REP(2,1) TEMPO(1000) END_LOOP "
                             "END_EXERCISE REST_BETWEEN(60000) END_LOOP END_SECTION END");
    free(ops);
}

static void test_design_card_timeline(void **state) {
    Fixture *f = *state;
    char *events = play(f, "routine \"R\" { exercise \"Knee to chest\" stretch { side \"knee\"; "
                           "hold 5s; repeat 2 each side } }", NULL);
    assert_string_equal(events,
        "{\"t\":0,\"ev\":\"start\",\"routine\":\"R\"}\n"
        "{\"t\":0,\"ev\":\"exercise\",\"name\":\"Knee to chest\",\"section\":\"\",\"kind\":\"stretch\"}\n"
        "{\"t\":0,\"ev\":\"get_ready\",\"ms\":5000}\n"
        "{\"t\":5000,\"ev\":\"side\",\"side\":\"left\",\"label\":\"left knee\"}\n"
        "{\"t\":5000,\"ev\":\"rep\",\"n\":1,\"of\":2,\"side\":\"left\",\"label\":\"left knee\"}\n"
        "{\"t\":5000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
        "{\"t\":10000,\"ev\":\"rest\",\"ms\":2000}\n"
        "{\"t\":12000,\"ev\":\"rep\",\"n\":2,\"of\":2,\"side\":\"left\",\"label\":\"left knee\"}\n"
        "{\"t\":12000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
        "{\"t\":17000,\"ev\":\"rest\",\"ms\":5000}\n"
        "{\"t\":22000,\"ev\":\"side\",\"side\":\"right\",\"label\":\"right knee\"}\n"
        "{\"t\":22000,\"ev\":\"rep\",\"n\":1,\"of\":2,\"side\":\"right\",\"label\":\"right knee\"}\n"
        "{\"t\":22000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
        "{\"t\":27000,\"ev\":\"rest\",\"ms\":2000}\n"
        "{\"t\":29000,\"ev\":\"rep\",\"n\":2,\"of\":2,\"side\":\"right\",\"label\":\"right knee\"}\n"
        "{\"t\":29000,\"ev\":\"hold\",\"ms\":5000,\"mode\":\"fixed\"}\n"
        "{\"t\":34000,\"ev\":\"end\",\"completed\":true}\n");
    free(events);
}

static void test_level_selection_keeps_unlevelled_sections(void **state) {
    Fixture *f = *state;
    VmSelection select = {.level = "initial"};
    char *events = play(f, "routine \"R\" {\n"
                           " section \"Stretch\" { exercise \"A\" { hold 1s; get ready 0s; } }\n"
                           " section \"Initial\" level initial { exercise \"B\" { hold 1s; get ready 0s; } }\n"
                           " section \"Advanced\" level advanced { exercise \"C\" { hold 1s; get ready 0s; } } }",
                        &select);
    assert_non_null(strstr(events, "\"name\":\"A\""));
    assert_non_null(strstr(events, "\"name\":\"B\""));
    assert_null(strstr(events, "\"name\":\"C\""));
    free(events);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_design_card_each_side), T(test_alternating_sides), T(test_each_side_alternating_counts_per_side),
        T(test_one_side_only), T(test_sets_wrap_the_reps), T(test_reps_without_timing_get_the_default_tempo),
        T(test_own_pace), T(test_own_pace_per_set), T(test_own_pace_keeps_hold),
        T(test_rest_as_needed), T(test_defaults_are_marked), T(test_hold_kinds),
        T(test_texts_position_first_therapist_never), T(test_variants_and_steps_branch),
        T(test_routine_defaults_and_overrides), T(test_circuit_and_sections), T(test_design_card_timeline),
        T(test_level_selection_keeps_unlevelled_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
