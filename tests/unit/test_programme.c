/*
 * test_programme.c -- issue 9's programme constructs (lang-b) in the VM:
 * schedule items in words, loads, the intro's schedule and equipment,
 * stages chosen by name, locked sections, easier/harder alternatives with
 * their fallback, and a pain within the exercise's limit.
 */
#include "compile_fixture.h"
#include "events.h"
#include "vm.h"

/* ---- the words ---------------------------------------------------------- */

static const char *said(uint32_t code, uint32_t lo, uint32_t hi, const char *word) {
    static char buf[96];
    return schedule_describe(code, lo, hi, word, buf, sizeof buf);
}

static void test_schedule_words(void **state) {
    (void)state;
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_DAY, SCHED_EXACTLY, SCHED_SAID_ONCE), 1, 0, NULL),
                        "once a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_DAY, SCHED_EXACTLY, SCHED_SAID_TWICE), 2, 0, NULL),
                        "twice a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_DAY, SCHED_EXACTLY, 0), 1, 0, NULL), "1 time a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_DAY, SCHED_AT_LEAST, 0), 3, 0, NULL),
                        "at least 3 times a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_DAY, SCHED_UP_TO, 0), 3, 0, NULL),
                        "up to 3 times a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIMES_A_WEEK, SCHED_EXACTLY, 0), 3, 0, NULL), "3 times a week");
    assert_string_equal(said(SCHED_CODE(SCHED_DAYS_A_WEEK, SCHED_EXACTLY, SCHED_SAID_EVERY_DAY), 7, 0, NULL),
                        "every day");
    assert_string_equal(said(SCHED_CODE(SCHED_DAYS_A_WEEK, SCHED_EXACTLY, SCHED_SAID_DAILY), 7, 0, NULL),
                        "daily");
    assert_string_equal(said(SCHED_CODE(SCHED_DAYS_A_WEEK, SCHED_EXACTLY, 0), 4, 5, NULL), "4 to 5 days a week");
    assert_string_equal(said(SCHED_CODE(SCHED_EVERY, SCHED_EXACTLY, 0), 7200000, 0, NULL), "every 2 hours");
    assert_string_equal(said(SCHED_CODE(SCHED_EVERY, SCHED_EXACTLY, SCHED_SAID_HOURLY), 3600000, 0, NULL),
                        "hourly");
    assert_string_equal(said(SCHED_CODE(SCHED_MOST_DAYS, SCHED_EXACTLY, 0), 0, 0, NULL), "most days");
    assert_string_equal(said(SCHED_CODE(SCHED_FOR_WEEKS, SCHED_EXACTLY, 0), 8, 0, NULL), "for 8 weeks");
    assert_string_equal(said(SCHED_CODE(SCHED_DAILY_TIME, SCHED_EXACTLY, 0), 1800000, 0, NULL), "30min a day");
    assert_string_equal(said(SCHED_CODE(SCHED_TIME_OF_DAY, SCHED_EXACTLY, 0), 0, 0, "morning"),
                        "in the morning");
}

static void test_load_words(void **state) {
    (void)state;
    char buf[64];
    assert_string_equal(load_describe(5000, 10000, LOAD_LB, buf, sizeof buf), "5lb to 10lb");
    assert_string_equal(load_describe(2500, 2500, LOAD_KG, buf, sizeof buf), "2.5kg");
    assert_string_equal(load_describe(0, 0, LOAD_NONE, buf, sizeof buf), "");
}

/* ---- playing -------------------------------------------------------------- */

static unsigned count(const char *log, const char *what) {
    unsigned n = 0;
    for (const char *p = strstr(log, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* Events as "kind:words" lines (events_describe, or the text). */
typedef struct {
    char log[4096];
} Log;

static void record(void *ctx, const VmEvent *ev) {
    Log *l = ctx;
    char words[256];
    const char *text = events_describe(ev, words, sizeof words);
    if (!text)
        text = ev->text ? ev->text : "";
    size_t n = strlen(l->log);
    snprintf(l->log + n, sizeof l->log - n, "%s:%s\n", vm_event_names[ev->kind], text);
}

static const char PROGRAMME[] =
    "routine \"P\" {\n"
    "  schedule twice a day, for 8 weeks;\n"
    "  equipment \"chair\";\n"
    "  step back after a pain stop;\n"
    "  note \"Go gently.\";\n"
    "  stage \"One\" {\n"
    "    exercise \"Squat\" {\n"
    "      repeat 1; pain limit 4;\n"
    "      equipment \"chair\", \"towel\";\n"
    "      easier \"Sitting\" when \"If standing is too hard\" { repeat 2; }\n"
    "      harder \"Weighted\" { load 2kg; }\n"
    "    }\n"
    "  }\n"
    "  stage \"Two\" {\n"
    "    exercise \"Bridge\" { repeat 1; harder \"One leg\" { } }\n"
    "    section \"Standing\" requires \"physio approval\" { exercise \"Lunge\" { repeat 1; } }\n"
    "  }\n"
    "}\n";

static Fixture *programme(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, PROGRAMME), COMPILE_OK);
    return f;
}

static void test_intro_lists_schedule_rules_and_everything_to_fetch(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    vm_intro(&f->program, record, &l);
    assert_string_equal(l.log, "schedule:Schedule: twice a day\n"
                               "schedule:Schedule: for 8 weeks\n"
                               "rule:Rule: step back after a pain stop\n"
                               "note:Go gently.\n"
                               "equipment:Bring: chair\n"
                               "equipment:Bring: towel\n");
}

/* Play with `select` to the end, the events' names only, joined by ' '. */
static void play(Fixture *f, const VmSelection *select, Log *l) {
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, &f->program, select, record, l, &why));
    int64_t t = 0;
    while (vm_step(&vm, t, VM_KEY_NONE) != VM_FINISHED)
        t = vm.deadline;
    vm_free(&vm);
}

static void test_first_stage_by_default(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    play(f, NULL, &l);
    assert_non_null(strstr(l.log, "stage:Stage: One\n"));
    assert_null(strstr(l.log, "Bridge"));
    assert_non_null(strstr(l.log, "alternative:Easier: Sitting -- If standing is too hard\n"));
}

static void test_stage_by_name_and_a_locked_section(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    VmSelection select = {.stage = "two"};
    play(f, &select, &l);
    assert_null(strstr(l.log, "Squat"));
    assert_non_null(strstr(l.log, "locked:Locked: Standing (needs physio approval)\n"));
    assert_null(strstr(l.log, "exercise:Lunge"));
    const char *const enabled[] = {"Physio approval"};
    VmSelection open = {.stage = "Two", .enabled = enabled, .n_enabled = 1};
    Log m = {{0}};
    play(f, &open, &m);
    assert_null(strstr(m.log, "locked:"));
    assert_non_null(strstr(m.log, "exercise:Lunge\n"));
}

static void test_easier_plays_the_alternative_or_says_there_is_none(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    VmSelection select = {.alternative = VM_ALT_EASIER};
    play(f, &select, &l);
    assert_int_equal(count(l.log, "rep:"), 2); /* Sitting: 2 reps */
    assert_non_null(strstr(l.log, "exercise:Squat\n")); /* its own name, as a variant's */
    Log m = {{0}};
    VmSelection two = {.stage = "Two", .alternative = VM_ALT_EASIER};
    play(f, &two, &m);
    assert_non_null(strstr(m.log, "fallback:Bridge has no easier version: playing the regular one\n"));
}

static void test_a_choice_per_exercise_wins(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    const VmChoice choices[] = {{"squat", "Weighted"}};
    VmSelection select = {.alternative = VM_ALT_EASIER, .choices = choices, .n_choices = 1};
    play(f, &select, &l);
    assert_non_null(strstr(l.log, "load:Load: 2kg\n"));
}

/* A pain within the limit: go on, or step down to the easier version. */
static void test_pain_within_the_limit(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, &f->program, NULL, record, &l, &why));
    assert_int_equal(vm_step(&vm, 0, VM_KEY_NONE), VM_WAIT_TIME); /* get ready */
    uint32_t limit = 0, scale = 0;
    assert_true(vm_pain_limit(&vm, &limit, &scale));
    assert_int_equal(limit, 4);
    assert_int_equal(scale, 10);
    assert_int_equal(vm_pain(&vm, 1000, 3, VM_PAIN_GO_ON), VM_WAIT_TIME);
    assert_non_null(strstr(l.log, "pain_choice:Pain 3 of 10 (limit 4): go on\n"));
    assert_int_equal(vm_pain(&vm, 2000, 4, VM_PAIN_EASIER), VM_WAIT_TIME);
    assert_non_null(strstr(l.log, "pain_choice:Pain 4 of 10 (limit 4): step down to an easier version\n"
                                  "exercise:Squat\n"));
    int64_t t = 2000;
    while (vm_step(&vm, t, VM_KEY_NONE) != VM_FINISHED)
        t = vm.deadline;
    assert_int_equal(count(l.log, "rep:"), 2); /* still in its get-ready: only the easier one's 2 */
    assert_non_null(strstr(l.log, "end:"));
    vm_free(&vm);
}

static void test_pain_above_the_limit_stops(void **state) {
    Fixture *f = programme(state);
    Log l = {{0}};
    Vm vm;
    const char *why = NULL;
    assert_true(vm_init(&vm, &f->program, NULL, record, &l, &why));
    vm_step(&vm, 0, VM_KEY_NONE);
    assert_int_equal(vm_pain(&vm, 1000, 5, VM_PAIN_GO_ON), VM_FINISHED);
    assert_non_null(strstr(l.log, "pain_choice:Pain 5 of 10 (limit 4): stop\npain:Squat\nend:"));
    vm_free(&vm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_words),
        cmocka_unit_test(test_load_words),
        cmocka_unit_test_setup_teardown(test_intro_lists_schedule_rules_and_everything_to_fetch, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_first_stage_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stage_by_name_and_a_locked_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_easier_plays_the_alternative_or_says_there_is_none, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_choice_per_exercise_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pain_within_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pain_above_the_limit_stops, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
