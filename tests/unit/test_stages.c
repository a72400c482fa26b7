/*
 * test_stages.c -- the programme over weeks as a patient lives it: what
 * the store remembers of a routine between sessions (the current stage
 * and when it started, unlocks, the alternative chosen per exercise), and
 * what a stage's rules count.
 */
#include "compile_fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "programme.h"
#include "store.h"

static const char PROGRAMME[] =
    "routine \"Knee\" {\n"
    "    step back after a pain stop;\n"
    "    stage \"Weeks 1-2\" {\n"
    "        advance after 2 sessions when pain at most 2;\n"
    "        exercise \"Quad sets\" strength { hold 2s; repeat 2; }\n"
    "    }\n"
    "    stage \"Weeks 3-6\" {\n"
    "        exercise \"Sit to stand\" strength {\n"
    "            repeat 2;\n"
    "            easier \"With hands\" { cue \"Push up from the armrests.\"; }\n"
    "        }\n"
    "        section \"Standing\" requires \"physio approval\" {\n"
    "            exercise \"Mini squats\" strength { repeat 1; }\n"
    "        }\n"
    "    }\n"
    "}\n";

#define PATH "/r/knee.rt"

typedef struct {
    char dir[64];
} TempDir;

static void temp_dir(TempDir *t) {
    snprintf(t->dir, sizeof t->dir, "/tmp/routinec-stages-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
}

static void remove_dir(TempDir *t) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    assert_int_equal(system(cmd), 0);
}

static Store *open_ok(const TempDir *t) {
    char why[512];
    Store *s = store_open(t->dir, why, sizeof why);
    if (!s)
        fail_msg("store_open: %s", why);
    return s;
}

static Fixture *compiled(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, PROGRAMME), COMPILE_OK);
    return f;
}

/* programme_setup with `select`, notes into `notes`. */
static void setup_programme(Programme *pg, Store *s, const Program *p, VmSelection *select,
                            const char *const *disabled, uint32_t n_disabled, char *notes,
                            size_t size) {
    FILE *err = fmemopen(notes, size, "w");
    assert_non_null(err);
    assert_true(programme_setup(pg, s, PATH, "knee.rt", p, select, disabled, n_disabled, false, err));
    fclose(err);
}

static void test_the_first_stage_is_remembered_with_its_date(void **state) {
    Fixture *f = compiled(state);
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    Programme pg;
    VmSelection select = {0};
    char notes[512] = "";
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_string_equal(select.stage, "Weeks 1-2");
    assert_true(pg.in_programme);
    assert_string_equal(pg.advance.to, "Weeks 3-6");
    assert_int_equal(pg.advance.n, 2);
    assert_int_equal(pg.advance.pain_at_most, 2);
    assert_true(pg.step_back.present);
    assert_null(pg.step_back.to); /* nothing before the first stage */
    programme_free(&pg);
    StoreProgramme saved;
    assert_true(store_programme(s, PATH, &saved));
    assert_string_equal(saved.stage, "Weeks 1-2");
    assert_true(saved.stage_since > 0);
    store_programme_free(&saved);
    /* Moved on: the next run plays it, and --stage plays another for
     * this run only, saying so. */
    assert_true(store_stage_start(s, PATH, "Weeks 3-6", "advanced", -1, 1800000000000));
    select = (VmSelection){0};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_string_equal(select.stage, "Weeks 3-6");
    assert_string_equal(pg.step_back.to, "Weeks 1-2");
    assert_null(pg.advance.to);
    programme_free(&pg);
    select = (VmSelection){.stage = "weeks 1-2"};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_string_equal(select.stage, "Weeks 1-2");
    assert_false(pg.in_programme);
    assert_non_null(strstr(notes, "playing the stage \"Weeks 1-2\" as asked; your programme stays at \"Weeks 3-6\""));
    programme_free(&pg);
    assert_true(store_programme(s, PATH, &saved));
    assert_string_equal(saved.stage, "Weeks 3-6");
    store_programme_free(&saved);
    store_close(s);
    remove_dir(&t);
}

static void test_enable_is_remembered_until_disable(void **state) {
    Fixture *f = compiled(state);
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    Programme pg;
    char notes[512];
    const char *enable[] = {"physio approval"};
    VmSelection select = {.enabled = enable, .n_enabled = 1};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    programme_free(&pg);
    select = (VmSelection){0};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_int_equal(select.n_enabled, 1);
    assert_string_equal(select.enabled[0], "physio approval");
    programme_free(&pg);
    const char *disable[] = {"Physio Approval"};
    select = (VmSelection){0};
    setup_programme(&pg, s, &f->program, &select, disable, 1, notes, sizeof notes);
    assert_int_equal(select.n_enabled, 0);
    programme_free(&pg);
    select = (VmSelection){0};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_int_equal(select.n_enabled, 0);
    programme_free(&pg);
    /* Without a store nothing is remembered, but --disable still wins. */
    select = (VmSelection){.enabled = enable, .n_enabled = 1};
    setup_programme(&pg, NULL, &f->program, &select, disable, 1, notes, sizeof notes);
    assert_int_equal(select.n_enabled, 0);
    programme_free(&pg);
    store_close(s);
    remove_dir(&t);
}

static void test_a_chosen_alternative_is_played_next_time(void **state) {
    Fixture *f = compiled(state);
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    assert_true(store_choose(s, PATH, "Sit to stand", "With hands"));
    Programme pg;
    char notes[512];
    VmSelection select = {0};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_int_equal(select.n_choices, 1);
    assert_string_equal(select.choices[0].exercise, "Sit to stand");
    assert_string_equal(select.choices[0].alternative, "With hands");
    programme_free(&pg);
    assert_true(store_choose(s, PATH, "Sit to stand", NULL)); /* back to the regular one */
    select = (VmSelection){0};
    setup_programme(&pg, s, &f->program, &select, NULL, 0, notes, sizeof notes);
    assert_int_equal(select.n_choices, 1);
    assert_null(select.choices[0].alternative);
    programme_free(&pg);
    store_close(s);
    remove_dir(&t);
}

/* A session of the stage, ended with `status`, with a pain rating (-1: none). */
static int64_t played(Store *s, const char *stage, int64_t at, StoreStatus status, int pain) {
    StoreSessionInfo info = {"Knee", PATH, 1, {.stage = stage}, at};
    int64_t id = store_session_begin(s, &info);
    assert_true(id > 0);
    if (status == STORE_PAIN)
        assert_true(store_pain(s, id, "Quad sets", 1000));
    if (pain >= 0)
        assert_true(store_pain_rating(s, id, pain));
    assert_true(store_session_end(s, id, status, 1000, at + 1000));
    return id;
}

static void test_the_rules_count_from_the_stage_start(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreStageCounts c;
    played(s, "Weeks 1-2", 1000, STORE_COMPLETED, -1); /* before the stage started */
    played(s, "Weeks 1-2", 5000, STORE_COMPLETED, -1);
    played(s, "Weeks 1-2", 6000, STORE_PAIN, 3);       /* pain above 2: counting starts again */
    played(s, "Weeks 1-2", 7000, STORE_COMPLETED, -1);
    played(s, "Weeks 1-2", 8000, STORE_QUIT, -1);      /* not completed: not counted */
    played(s, "Weeks 1-2", 9000, STORE_COMPLETED, 1);
    played(s, "Weeks 3-6", 9500, STORE_COMPLETED, -1); /* another stage */
    assert_true(store_stage_counts(s, PATH, "Weeks 1-2", 4000, 2, &c));
    assert_int_equal(c.completed, 2);
    assert_int_equal(c.pain_stops, 1);
    assert_true(store_stage_counts(s, PATH, "Weeks 1-2", 4000, 11, &c));
    assert_int_equal(c.completed, 3);
    /* A declined proposal: counted again from the session after it. */
    int64_t id = played(s, "Weeks 1-2", 10000, STORE_COMPLETED, -1);
    StoreAnswer no = {"advance", 0, NULL, 0, "Weeks 3-6"};
    assert_true(store_answer(s, id, &no));
    assert_int_equal(store_declined_at(s, PATH, "Weeks 1-2", "advance"), 10000);
    assert_int_equal(store_declined_at(s, PATH, "Weeks 1-2", "step_back"), 0);
    store_close(s);
    remove_dir(&t);
}

static void test_history_shows_the_stages_and_answers(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    assert_true(store_stage_start(s, PATH, "Weeks 1-2", "first", -1, 1000));
    int64_t id = played(s, "Weeks 1-2", 2000, STORE_COMPLETED, -1);
    StoreAnswer yes = {"advance", 30000, NULL, 1, "Weeks 3-6"};
    StoreAnswer effort = {"effort", 20000, "Quad sets", 5, NULL};
    assert_true(store_answer(s, id, &effort));
    assert_true(store_answer(s, id, &yes));
    assert_true(store_stage_start(s, PATH, "Weeks 3-6", "advanced", id, 3000));
    assert_true(store_unlock(s, PATH, "physio approval", true));
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_true(history_print(s, PATH, HISTORY_TEXT, out));
    assert_true(history_stages(s, PATH, out));
    fclose(out);
    assert_non_null(strstr(text, "    stage \"Weeks 1-2\"\n"));
    assert_non_null(strstr(text, "at 20s: effort felt 5 of 10 (\"Quad sets\")\n"));
    assert_non_null(strstr(text, "at 30s: proposed moving on to \"Weeks 3-6\": accepted\n"));
    assert_non_null(strstr(text, "started at \"Weeks 1-2\"\n"));
    assert_non_null(strstr(text, "moved on to \"Weeks 3-6\"\n"));
    assert_non_null(strstr(text, "Now at \"Weeks 3-6\"; unlocked: \"physio approval\".\n"));
    free(text);
    store_close(s);
    remove_dir(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_first_stage_is_remembered_with_its_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_is_remembered_until_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_chosen_alternative_is_played_next_time, setup, teardown),
        cmocka_unit_test(test_the_rules_count_from_the_stage_start),
        cmocka_unit_test(test_history_shows_the_stages_and_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
