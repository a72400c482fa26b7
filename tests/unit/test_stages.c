/*
 * test_stages.c -- the programme over weeks as a patient lives it: what
 * the store remembers of a routine between sessions (the current stage
 * and when it started, unlocks, the alternative chosen per exercise), and
 * what a stage's rules count.
 */
#include "compile_fixture.h"
#include "state_fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"
#include "history.h"
#include "session.h"
#include "programme.h"
#include "store.h"

static const char PROGRAMME[] =
    "routine \"Knee\" {\n"
    "    step back after a pain stop;\n"
    "    pain limit 4 of 10;\n"
    "    stage \"Weeks 1-2\" {\n"
    "        advance after 2 sessions when pain at most 2;\n"
    "        exercise \"Quad sets\" strength { hold 2s; repeat 2; effort 3 to 4 of 10; }\n"
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

static void temp_dir(TempDir *t) {
    temp_dir_named(t, "stages");
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
    assert_true(store_stage_start(s, PATH, "Weeks 3-6", 1, "advanced", -1, 1800000000000));
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
    assert_true(store_stage_counts(s, PATH, "Weeks 1-2", 1, 4000, 2, &c));
    assert_int_equal(c.completed, 2);
    assert_int_equal(c.pain_stops, 1);
    assert_true(store_stage_counts(s, PATH, "Weeks 1-2", 1, 4000, 11, &c));
    assert_int_equal(c.completed, 3);
    /* A declined proposal: counted again from the session after it. */
    int64_t id = played(s, "Weeks 1-2", 10000, STORE_COMPLETED, -1);
    StoreAnswer no = {"advance", 0, NULL, 0, "Weeks 3-6", 0};
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
    assert_true(store_stage_start(s, PATH, "Weeks 1-2", 1, "first", -1, 1000));
    int64_t id = played(s, "Weeks 1-2", 2000, STORE_COMPLETED, -1);
    StoreAnswer yes = {"advance", 30000, NULL, 1, "Weeks 3-6", 0};
    StoreAnswer effort = {"effort", 20000, "Quad sets", 5, NULL, 0};
    assert_true(store_answer(s, id, &effort));
    assert_true(store_answer(s, id, &yes));
    assert_true(store_stage_start(s, PATH, "Weeks 3-6", 1, "advanced", id, 3000));
    assert_true(store_unlock(s, PATH, "physio approval", true));
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_true(history_print(s, PATH, HISTORY_TEXT, NULL, NULL, out));
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

/* ---- sessions over weeks, on the virtual clock ------------------------------ */

static unsigned count(const char *text, const char *what) {
    unsigned n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

/* The history of knee.rt in the run's state directory, as text. */
static char *history_text(const Run *run) {
    char why[512], *text = NULL;
    size_t size = 0;
    Store *s = store_open_read(run->dir, why, sizeof why);
    assert_non_null(s);
    FILE *out = open_memstream(&text, &size);
    assert_true(history_print(s, run->routine, HISTORY_TEXT, NULL, NULL, out));
    assert_true(history_stages(s, run->routine, out));
    fclose(out);
    store_close(s);
    return text;
}

/* advance after 2 sessions: proposed at the end of the second, accepted
 * with y; the next run plays the next stage.  Keys after the end answer
 * in order: the effort of the last exercise, the difficulty, the proposal. */
static void test_advance_is_proposed_and_accepted(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_null(strstr(run.events, "\"proposal\""));
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2, 1h:y"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"effort_rating\",\"exercise\":\"Quad sets\",\"rating\":3"));
    assert_non_null(strstr(run.events, "\"ev\":\"proposal\",\"rule\":\"advance\",\"from\":\"Weeks 1-2\",\"to\":\"Weeks 3-6\""));
    assert_non_null(strstr(run.events, "\"ev\":\"stage_choice\",\"rule\":\"advance\",\"from\":\"Weeks 1-2\",\"to\":\"Weeks 3-6\",\"accepted\":true"));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 3-6\""));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "proposed moving on to \"Weeks 3-6\": accepted"));
    assert_non_null(strstr(h, "moved on to \"Weeks 3-6\""));
    free(h);
    run_end(&run);
}

/* Declined: counted again from the session after the decline. */
static void test_a_declined_proposal_counts_again(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2, 1h:n"), 0);
    assert_non_null(strstr(run.events, "\"accepted\":false"));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_null(strstr(run.events, "\"proposal\""));
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 1-2\""));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"proposal\""));
    run_end(&run);
}

/* A pain above the limit in the second stage: the rating is asked once
 * (during the session), and the step back is proposed and taken. */
static void test_a_pain_stop_proposes_the_stage_before(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2, 1h:y"), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "6s:pain, 6s:7, 9s:y"), 5);
    assert_int_equal(count(run.events, "\"ev\":\"pain_rating\""), 1);
    assert_non_null(strstr(run.events, "\"ev\":\"pain_rating\",\"rating\":7"));
    assert_non_null(strstr(run.events, "\"rule\":\"step_back\",\"from\":\"Weeks 3-6\",\"to\":\"Weeks 1-2\",\"accepted\":true"));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 1-2\""));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "pain 7 of 10, chose to stop (\"Sit to stand\")"));
    assert_non_null(strstr(h, "pain stop at 6s during \"Sit to stand\", pain 7 of 10"));
    assert_non_null(strstr(h, "stepped back to \"Weeks 1-2\""));
    free(h);
    run_end(&run);
}

/* A proposal nobody answered (the patient left at the question) is
 * asked at the start of the next run: y there moves the programme at
 * once -- this session plays, counts and is recorded in the next stage. */
static void test_an_unanswered_proposal_is_asked_at_the_start(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"proposal\",\"rule\":\"advance\""));
    assert_null(strstr(run.events, "\"stage_choice\""));
    assert_int_equal(run_play(f, &run, false, NULL, "0:y"), 0);
    const char *asked = strstr(run.events, "{\"t\":0,\"ev\":\"proposal\",\"rule\":\"advance\",\"from\":\"Weeks 1-2\",\"to\":\"Weeks 3-6\",\"at\":\"start\"}");
    const char *chosen = strstr(run.events, "\"ev\":\"stage_choice\",\"rule\":\"advance\",\"from\":\"Weeks 1-2\",\"to\":\"Weeks 3-6\",\"accepted\":true,\"at\":\"start\"}");
    const char *stage = strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 3-6\"");
    assert_true(asked && chosen && stage && asked < chosen && chosen < stage);
    assert_null(strstr(run.events, "\"name\":\"Weeks 1-2\""));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "    stage \"Weeks 3-6\"\n    at the start: proposed moving on to \"Weeks 3-6\": accepted"));
    assert_non_null(strstr(h, "moved on to \"Weeks 3-6\""));
    assert_non_null(strstr(h, "Sit to stand: 2 reps of 2; completed"));
    free(h);
    /* The next run stays in the new stage: nothing is pending. */
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_null(strstr(run.events, "\"proposal\""));
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 3-6\""));
    run_end(&run);
}

/* n at the start declines it (the count starts again after this session,
 * which proposes nothing at its end); Enter leaves it for the end. */
static void test_a_proposal_at_the_start_declined_or_left(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2"), 0);
    /* No answer at the start: asked again at the end. */
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2"), 0);
    assert_null(strstr(run.events, "\"at\":\"start\""));
    assert_non_null(strstr(run.events, "\"ev\":\"proposal\",\"rule\":\"advance\",\"from\":\"Weeks 1-2\",\"to\":\"Weeks 3-6\"}"));
    assert_int_equal(run_play(f, &run, false, NULL, "0:N, 1h:3, 1h:2, 1h:y"), 0);
    assert_non_null(strstr(run.events, "\"accepted\":false,\"at\":\"start\""));
    assert_int_equal(count(run.events, "\"ev\":\"proposal\""), 1);
    assert_null(strstr(run.events, "\"accepted\":true"));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "at the start: proposed moving on to \"Weeks 3-6\": declined"));
    free(h);
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_null(strstr(run.events, "\"proposal\""));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"proposal\""));
    run_end(&run);
}

/* A step back left unanswered (the session ended at the question) is
 * asked at the next start, before the stage it would leave plays. */
static void test_a_step_back_left_is_asked_at_the_start(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "1h:3, 1h:2, 1h:y"), 0);
    assert_int_equal(run_play(f, &run, false, NULL, "6s:pain, 6s:7"), 5);
    assert_non_null(strstr(run.events, "\"ev\":\"proposal\",\"rule\":\"step_back\""));
    assert_int_equal(run_play(f, &run, false, NULL, "0:y"), 0);
    assert_non_null(strstr(run.events, "\"rule\":\"step_back\",\"from\":\"Weeks 3-6\",\"to\":\"Weeks 1-2\",\"accepted\":true,\"at\":\"start\""));
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"Weeks 1-2\""));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "stepped back to \"Weeks 1-2\""));
    free(h);
    run_end(&run);
}

/* A routine of its own, compiled in a fixture of its own. */
static Fixture *compiled_text(void **gs, const char *text) {
    assert_int_equal(setup(gs), 0);
    Fixture *f = *gs;
    assert_int_equal(compile_text(f, text), COMPILE_OK);
    return f;
}

/* `build up to` steps without stages: the rules move the patient through
 * them as through stages -- proposed, confirmed, remembered, recorded --
 * and `run` plays the remembered step. */
static void test_the_rules_move_build_up_steps(void **state) {
    (void)state;
    void *gs = NULL;
    Fixture *f = compiled_text(&gs, "routine \"Build\" {\n"
                                    "    advance after 1 session;\n"
                                    "    exercise \"Wall push\" strength { repeat 2; build up to 4 times by 1; tempo 1s; }\n"
                                    "}\n");
    Run run;
    run_begin(&run, "stages", "build.rt");
    assert_int_equal(run_play(f, &run, false, NULL, "1h:2, 1h:y"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"rep\",\"n\":1,\"of\":2"));
    assert_non_null(strstr(run.events, "\"ev\":\"proposal\",\"rule\":\"advance\",\"from\":null,\"to\":null,\"from_step\":1,\"to_step\":2}"));
    assert_non_null(strstr(run.events, "\"accepted\":true,\"from_step\":1,\"to_step\":2}"));
    /* The next run plays step 2 (3 reps); its proposal is left unanswered... */
    assert_int_equal(run_play(f, &run, false, NULL, "1h:2"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"rep\",\"n\":1,\"of\":3"));
    assert_non_null(strstr(run.events, "\"to_step\":3}"));
    /* ...so the next start asks it; n keeps step 2. */
    assert_int_equal(run_play(f, &run, false, NULL, "0:n"), 0);
    assert_non_null(strstr(run.events, "\"accepted\":false,\"from_step\":2,\"to_step\":3,\"at\":\"start\"}"));
    assert_non_null(strstr(run.events, "\"ev\":\"rep\",\"n\":1,\"of\":3"));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "proposed moving on to step 2: accepted"));
    assert_non_null(strstr(h, "at the start: proposed moving on to step 3: declined"));
    assert_non_null(strstr(h, "Steps of this programme:"));
    assert_non_null(strstr(h, "started at step 1\n"));
    assert_non_null(strstr(h, "moved on to step 2\n"));
    assert_non_null(strstr(h, "Now at step 2"));
    free(h);
    run_end(&run);
    teardown(&gs);
}

/* Stages and steps: the rules move through the stage's steps first, then
 * to the next stage (its first step); a step back from a stage's first
 * step goes to the stage before, at its last step. */
static void test_steps_within_stages(void **state) {
    (void)state;
    void *gs = NULL;
    Fixture *f = compiled_text(&gs, "routine \"Both\" {\n"
                                    "    advance after 1 session;\n"
                                    "    step back after a pain stop;\n"
                                    "    stage \"A\" { exercise \"Squat\" strength { repeat 2; build up to 3 times; tempo 1s; } }\n"
                                    "    stage \"B\" { exercise \"Lunge\" strength { repeat 2; tempo 1s; } }\n"
                                    "}\n");
    Run run;
    run_begin(&run, "stages", "both.rt");
    assert_int_equal(run_play(f, &run, false, NULL, "1h:2, 1h:y"), 0);
    assert_non_null(strstr(run.events, "\"rule\":\"advance\",\"from\":\"A\",\"to\":\"A\",\"accepted\":true,\"from_step\":1,\"to_step\":2}"));
    assert_int_equal(run_play(f, &run, false, NULL, "1h:2, 1h:y"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"rep\",\"n\":1,\"of\":3"));
    assert_non_null(strstr(run.events, "\"from\":\"A\",\"to\":\"B\",\"accepted\":true,\"from_step\":2,\"to_step\":1}"));
    assert_int_equal(run_play(f, &run, false, NULL, "6s:pain, 6s:7, 6s:y"), 5);
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"B\""));
    assert_non_null(strstr(run.events, "\"rule\":\"step_back\",\"from\":\"B\",\"to\":\"A\",\"accepted\":true,\"from_step\":1,\"to_step\":2}"));
    assert_int_equal(run_play(f, &run, false, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"stage\",\"name\":\"A\""));
    assert_non_null(strstr(run.events, "\"ev\":\"rep\",\"n\":1,\"of\":3"));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "moved on to \"A\", step 2\n"));
    assert_non_null(strstr(h, "moved on to \"B\"\n"));
    assert_non_null(strstr(h, "stepped back to \"A\", step 2\n"));
    assert_non_null(strstr(h, "Now at \"A\", step 2"));
    free(h);
    run_end(&run);
    teardown(&gs);
}

/* Within the limit and stopped: one rating, kept with the pain stop. */
static void test_a_stop_within_the_limit_asks_the_rating_once(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, NULL, "3s:pain, 3s:2, 3s:s, 4s:9"), 5);
    assert_int_equal(count(run.events, "\"ev\":\"pain_rating\""), 1);
    assert_non_null(strstr(run.events, "\"ev\":\"pain_rating\",\"rating\":2"));
    assert_null(strstr(run.out, "How bad is the pain"));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "pain 2 of 10, chose to stop (\"Quad sets\")"));
    assert_non_null(strstr(h, "during \"Quad sets\", pain 2 of 10"));
    free(h);
    run_end(&run);
}

/* The easier key switches the exercise and it is remembered: the next
 * session plays the easier version, and a killed one resumes in it. */
static void test_a_switch_is_remembered_and_resumed(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    assert_int_equal(run_play(f, &run, false, "Weeks 3-6", "1s:easier"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"switch\",\"exercise\":\"Sit to stand\",\"to\":\"With hands\",\"direction\":\"easier\""));
    assert_int_equal(run_play(f, &run, false, "Weeks 3-6", "7s:quit"), 4);
    assert_non_null(strstr(run.events, "\"variant\":\"With hands\""));
    assert_null(strstr(run.events, "\"ev\":\"switch\""));
    assert_int_equal(run_play(f, &run, true, NULL, ""), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"resumed\""));
    assert_non_null(strstr(run.events, "\"variant\":\"With hands\""));
    /* h goes back to the regular version, remembered too. */
    assert_int_equal(run_play(f, &run, false, "Weeks 3-6", "1s:h"), 0);
    assert_non_null(strstr(run.events, "\"to\":null,\"direction\":\"harder\""));
    assert_int_equal(run_play(f, &run, false, "Weeks 3-6", ""), 0);
    assert_null(strstr(run.events, "\"variant\":\"With hands\""));
    char *h = history_text(&run);
    assert_non_null(strstr(h, "switched to With hands of \"Sit to stand\""));
    free(h);
    run_end(&run);
}

/* The effort question rides along the next exercise's get-ready: a digit
 * then answers it; once the work begins it is gone. */
static void test_effort_is_asked_during_the_next_get_ready(void **state) {
    (void)state;
    const char *two =
        "routine \"Two\" {\n"
        "    exercise \"A\" strength { repeat 1; effort 5 to 6 of 10; }\n"
        "    exercise \"B\" strength { repeat 1; }\n"
        "}\n";
    void *gs = NULL;
    assert_int_equal(setup(&gs), 0);
    Fixture *fg = gs;
    assert_int_equal(compile_text(fg, two), COMPILE_OK);
    Run run;
    run_begin(&run, "stages", "knee.rt");
    /* A: get ready 5s, one rep of 3s; B's get-ready from 8s to 13s. */
    assert_int_equal(run_play(fg, &run, false, NULL, "9s:7"), 0);
    assert_non_null(strstr(run.events, "{\"t\":9000,\"ev\":\"effort_rating\",\"exercise\":\"A\",\"rating\":7}"));
    assert_int_equal(run_play(fg, &run, false, NULL, "14s:7"), 0);
    assert_null(strstr(run.events, "effort_rating"));
    run_end(&run);
    teardown(&gs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_first_stage_is_remembered_with_its_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enable_is_remembered_until_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_chosen_alternative_is_played_next_time, setup, teardown),
        cmocka_unit_test(test_the_rules_count_from_the_stage_start),
        cmocka_unit_test(test_history_shows_the_stages_and_answers),
        cmocka_unit_test_setup_teardown(test_advance_is_proposed_and_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_declined_proposal_counts_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_pain_stop_proposes_the_stage_before, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unanswered_proposal_is_asked_at_the_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_proposal_at_the_start_declined_or_left, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_step_back_left_is_asked_at_the_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_rules_move_build_up_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_steps_within_stages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_stop_within_the_limit_asks_the_rating_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_switch_is_remembered_and_resumed, setup, teardown),
        cmocka_unit_test(test_effort_is_asked_during_the_next_get_ready),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
