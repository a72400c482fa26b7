/*
 * test_session.c -- the session's logic with scripted keys: the core, the
 * virtual host, progress and resume, the questions after the end, the
 * exit statuses, and the VM's look-ahead the session shows.  (The terminal
 * itself -- keys, resize, Ctrl-Z, restoring it -- is tests/e2e's.)
 */
#include "compile_fixture.h"
#include "state_fixture.h"

#include <signal.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "driver.h"
#include "keys.h"
#include "words.h"
#include "persist.h"
#include "progress.h"
#include "session.h"

static const char ROUTINE[] =
    "routine \"Session test\" {\n"
    "    safety \"Stop if it hurts.\";\n"
    "    exercise \"Bridge\" strength {\n"
    "        position \"Lie on your back.\";\n"
    "        cue \"Lift your hips.\";\n"
    "        hold 5s;\n"
    "        repeat 3;\n"
    "    }\n"
    "    rest 10s;\n"
    "    exercise \"Cat stretch\" stretch {\n"
    "        get ready 7s;\n"
    "        cue \"Arch your back.\";\n"
    "        hold 4s;\n"
    "        repeat 2;\n"
    "    }\n"
    "}\n";

/* ---- a recording sink on the core ----------------------------------------- */

typedef struct {
    char kinds[2048]; /* "start exercise position ..." */
    int rating;
    const char *difficulty;
    Side affected;           /* SESSION_EV_AFFECTED */
    SessionAffectedFrom from;
    Side rep_sides[8];       /* the sides of the first reps */
    SideRole rep_roles[8];
    unsigned n_reps;
} Record;

static void record_event(void *ctx, const SessionEvent *ev) {
    Record *r = ctx;
    const char *name = ev->kind == SESSION_EV_VM          ? vm_event_names[ev->vm->kind]
                       : ev->kind == SESSION_EV_RESUMED     ? "resumed"
                       : ev->kind == SESSION_EV_PAIN_RATING ? "pain_rating"
                       : ev->kind == SESSION_EV_AFFECTED    ? "affected"
                                                            : "difficulty";
    if (ev->kind == SESSION_EV_AFFECTED) {
        r->affected = ev->affected;
        r->from = ev->affected_from;
    }
    if (ev->kind == SESSION_EV_VM && ev->vm->kind == EV_REP && r->n_reps < 8) {
        r->rep_sides[r->n_reps] = ev->vm->side;
        r->rep_roles[r->n_reps++] = ev->vm->role;
    }
    size_t n = strlen(r->kinds);
    snprintf(r->kinds + n, sizeof r->kinds - n, "%s%s", n ? " " : "", name);
    if (ev->kind == SESSION_EV_PAIN_RATING)
        r->rating = ev->rating;
    if (ev->kind == SESSION_EV_DIFFICULTY)
        r->difficulty = ev->difficulty;
}

static Fixture *compiled(void **state) {
    Fixture *f = *state;
    assert_int_equal(compile_text(f, ROUTINE), COMPILE_OK);
    return f;
}

static void open_core(SessionCore *core, Fixture *f, Record *rec) {
    memset(rec, 0, sizeof *rec);
    const char *why = NULL;
    static const VmSelection all = {0};
    assert_true(core_open(core, &f->program, &all, &why));
    assert_true(core_add_sink(core, (SessionSink){record_event, rec}));
}

/* Drive the core on virtual time with `keys` (at their times). */
static void play(SessionCore *core, const ScriptedKey *keys, size_t n) {
    int64_t now = 0;
    size_t next = 0;
    SessionNeed need = core_start(core, now);
    while (need.kind != SESSION_NEED_NOTHING) {
        VirtualTurn turn = virtual_turn(core_status(core), need.deadline, now,
                                        next < n ? &keys[next] : NULL);
        next += turn.used;
        now = turn.now;
        need = core_step(core, now, turn.key);
    }
}

/* ---- the core --------------------------------------------------------------- */

static const char ROLES[] =
    "routine \"Roles\" {\n"
    "    exercise \"Leg raise\" strength { repeat 1 operated leg only; tempo 1s; }\n"
    "    exercise \"Arm swing\" mobility { repeat 1 other arm; tempo 1s; }\n"
    "    exercise \"Bridge\" strength { repeat 1 both legs; tempo 1s; }\n"
    "}\n";

static void open_roles(SessionCore *core, Fixture *f, Record *rec, Side affected) {
    memset(rec, 0, sizeof *rec);
    assert_int_equal(compile_text(f, ROLES), COMPILE_OK);
    const char *why = NULL;
    VmSelection select = {.affected = affected};
    assert_true(core_open(core, &f->program, &select, &why));
    assert_true(core_add_sink(core, (SessionSink){record_event, rec}));
}

/* Unknown: asked once; l answers; the sides by role resolve from it, the
 * answer follows `start` as an `affected` event. */
static void test_side_question_answered(void **state) {
    SessionCore core;
    Record rec;
    open_roles(&core, *state, &rec, SIDE_NONE);
    assert_true(core_side_question(&core));
    assert_int_equal(core_answer_side(&core, 'x', true), -1); /* a terminal: again */
    assert_true(core_side_question(&core));
    assert_int_equal(core_answer_side(&core, 'L', true), 1);
    assert_false(core_side_question(&core)); /* once */
    play(&core, NULL, 0);
    assert_non_null(strstr(rec.kinds, "start affected"));
    assert_int_equal(rec.affected, SIDE_LEFT);
    assert_int_equal(rec.from, SESSION_AFFECTED_ASKED);
    assert_int_equal(rec.n_reps, 3);
    assert_int_equal(rec.rep_sides[0], SIDE_LEFT);   /* operated leg */
    assert_int_equal(rec.rep_roles[0], ROLE_AFFECTED);
    assert_int_equal(rec.rep_sides[1], SIDE_RIGHT);  /* other arm */
    assert_int_equal(rec.rep_roles[1], ROLE_UNAFFECTED);
    assert_int_equal(rec.rep_sides[2], SIDE_BOTH);   /* both legs */
    assert_int_equal(rec.rep_roles[2], ROLE_NONE);
    core_close(&core);
}

/* Enter (or no answer) leaves it unknown: the roles play unresolved. */
static void test_side_question_skipped(void **state) {
    SessionCore core;
    Record rec;
    open_roles(&core, *state, &rec, SIDE_NONE);
    assert_int_equal(core_answer_side(&core, '\n', true), 0);
    assert_false(core_side_question(&core));
    play(&core, NULL, 0);
    assert_int_equal(rec.affected, SIDE_NONE);
    assert_int_equal(rec.from, SESSION_AFFECTED_UNKNOWN);
    assert_int_equal(rec.rep_sides[0], SIDE_NONE);
    assert_int_equal(rec.rep_roles[0], ROLE_AFFECTED);
    core_close(&core);
}

/* Given (--affected) or remembered: nothing is asked. */
static void test_side_given_is_not_asked(void **state) {
    SessionCore core;
    Record rec;
    open_roles(&core, *state, &rec, SIDE_RIGHT);
    assert_false(core_side_question(&core));
    core_affected_remembered(&core);
    play(&core, NULL, 0);
    assert_int_equal(rec.from, SESSION_AFFECTED_REMEMBERED);
    assert_int_equal(rec.rep_sides[0], SIDE_RIGHT);
    assert_int_equal(rec.rep_sides[1], SIDE_LEFT);
    core_close(&core);
}

/* A routine without sides by role asks nothing and says nothing. */
static void test_no_roles_no_question(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    assert_false(core_side_question(&core));
    play(&core, NULL, 0);
    assert_null(strstr(rec.kinds, "affected"));
    core_close(&core);
}

static void test_completed_then_difficulty(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    play(&core, NULL, 0);
    assert_int_equal(core_outcome(&core), SESSION_COMPLETED);
    assert_int_equal(core_question(&core), SESSION_ASK_DIFFICULTY);
    assert_int_equal(core_answer(&core, 'x', true), -1); /* a terminal: try again */
    assert_int_equal(core_answer(&core, '2', true), 1);
    assert_string_equal(rec.difficulty, "right");
    assert_int_equal(core_question(&core), SESSION_ASK_NONE);
    /* The end is written when the session ends, before the answer. */
    assert_non_null(strstr(rec.kinds, "end difficulty"));
    assert_int_equal(core_exit_status(&core), 0);
    core_close(&core);
}

static void test_pain_then_rating_and_safety(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    const ScriptedKey keys[] = {{6000, VM_KEY_PAIN, 'p'}};
    play(&core, keys, 1);
    assert_int_equal(core_outcome(&core), SESSION_PAIN);
    assert_int_equal(core_question(&core), SESSION_ASK_PAIN);
    const char *const *texts;
    assert_int_equal(core_safety(&core, &texts), 1);
    assert_string_equal(texts[0], "Stop if it hurts.");
    assert_int_equal(core_answer(&core, 't', true), 1);
    assert_int_equal(rec.rating, 10);
    assert_non_null(strstr(rec.kinds, "pain end pain_rating"));
    assert_int_equal(core_exit_status(&core), 5);
    core_close(&core);
}

static void test_a_pipe_skips_on_an_unexpected_key(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    play(&core, NULL, 0);
    assert_int_equal(core_answer(&core, 'x', false), 0);
    assert_int_equal(core_question(&core), SESSION_ASK_NONE);
    assert_null(strstr(rec.kinds, "difficulty"));
    core_close(&core);
}

static void test_quit_before_the_start(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    core_leave(&core, 0);
    assert_string_equal(rec.kinds, "start quit end");
    assert_int_equal(core_outcome(&core), SESSION_QUIT);
    assert_int_equal(core_question(&core), SESSION_ASK_NONE);
    assert_int_equal(core_exit_status(&core), 4);
    core_close(&core);
}

/* A signal, or a terminal that went away (a hang-up), is not the
 * patient's decision: no question, status 128 + N, outcome interrupted. */
static void test_signals_and_hangup_interrupt(void **state) {
    Fixture *f = compiled(state);
    const int signals[] = {SIGTERM, SIGHUP};
    for (size_t i = 0; i < 2; i++) {
        SessionCore core;
        Record rec;
        open_core(&core, f, &rec);
        core_start(&core, 0);
        core_step(&core, 2000, VM_KEY_NONE);
        core_interrupt(&core, 2500, signals[i]);
        assert_int_equal(core_status(&core), VM_FINISHED);
        assert_int_equal(core_outcome(&core), SESSION_INTERRUPTED);
        assert_int_equal(core_question(&core), SESSION_ASK_NONE);
        assert_int_equal(core_exit_status(&core), 128 + signals[i]);
        assert_non_null(strstr(rec.kinds, "quit end"));
        core_close(&core);
    }
}

static void test_incomplete_record_is_status_3(void **state) {
    Fixture *f = compiled(state);
    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    play(&core, NULL, 0);
    core_record_incomplete(&core);
    assert_int_equal(core_outcome(&core), SESSION_COMPLETED); /* the session went on */
    assert_int_equal(core_exit_status(&core), 3);
    core_close(&core);
}

/* ---- the look-ahead the screen and the voice show ----------------------- */

typedef struct {
    bool last[8];
    const char *next[8];
    int reps;
} Ahead;

static void ahead_at_reps(void *ctx, const VmEvent *ev) {
    (void)ctx;
    (void)ev;
}

static void test_look_ahead_next_and_last_rep(void **state) {
    Fixture *f = compiled(state);
    Vm vm;
    static const VmSelection all = {0};
    assert_true(vm_init(&vm, &f->program, &all, ahead_at_reps, NULL, NULL));
    Ahead a = {0};
    VmStatus status = vm_step(&vm, 0, VM_KEY_NONE);
    int64_t now = 0;
    int rests = 0;
    while (status != VM_FINISHED && a.reps < 8) {
        if (vm.activity == ACT_REST) { /* a rest says which rep follows */
            VmLookahead la;
            vm_look_ahead(&vm, &la);
            if (rests == 0) {
                assert_true(la.has_next_rep);
                assert_int_equal(la.next_rep.n, 2);
                assert_int_equal(la.next_rep.of, 3);
            }
            if (rests == 2) /* between the exercises: no rep, the next exercise */
                assert_false(la.has_next_rep);
            rests++;
        }
        if (vm.activity == ACT_HOLD) {
            VmLookahead la;
            vm_look_ahead(&vm, &la);
            a.last[a.reps] = la.last_rep;
            a.next[a.reps++] = la.next_exercise;
        }
        now = vm.deadline;
        status = vm_step(&vm, now, VM_KEY_NONE);
    }
    assert_int_equal(a.reps, 5);
    assert_false(a.last[0]);
    assert_false(a.last[1]);
    assert_true(a.last[2]);
    assert_string_equal(a.next[0], "Cat stretch");
    assert_false(a.last[3]);
    assert_true(a.last[4]);
    assert_null(a.next[4]); /* after the last exercise: the end */
    vm_free(&vm);
}

static void collect_text(void *ctx, const VmEvent *ev) {
    Record *r = ctx;
    size_t n = strlen(r->kinds);
    snprintf(r->kinds + n, sizeof r->kinds - n, "%s%s:%s", n ? " | " : "",
             vm_event_names[ev->kind], ev->text);
}

/* The intro shows the routine's own texts, those before its first
 * exercise: not the exercise's cues. */
static void test_intro_texts_and_title(void **state) {
    Fixture *f = compiled(state);
    Record rec = {0};
    assert_string_equal(vm_title(&f->program), "Session test");
    vm_intro(&f->program, collect_text, &rec);
    assert_string_equal(rec.kinds, "safety:Stop if it hurts.");
}

/* ---- the virtual host: progress and resume -------------------------------- */

static int run_virtual(Fixture *f, Run *run, bool resume, const char *script) {
    return run_play(f, run, resume, NULL, script);
}

/* `run --resume --clock virtual`: the scene of the exercise again, a
 * get-ready, and on from the rep in progress. */
static void test_virtual_resume(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "test-session", "t.rt");
    assert_int_equal(run_virtual(f, &run, false, "14s:quit"), 4);
    assert_int_equal(run_virtual(f, &run, true, "1h:2"), 0);
    const char *e = run.events;
    const char *resumed = strstr(e, "\"ev\":\"resumed\",\"session\":1,\"reps_done\":1");
    assert_non_null(resumed);
    const char *exercise = strstr(e, "\"ev\":\"exercise\",\"name\":\"Bridge\"");
    const char *position = strstr(e, "\"ev\":\"position\",\"text\":\"Lie on your back.\"");
    const char *cue = strstr(e, "\"ev\":\"cue\",\"text\":\"Lift your hips.\"");
    const char *ready = strstr(e, "{\"t\":12000,\"ev\":\"get_ready\",\"ms\":5000}");
    const char *rep = strstr(e, "{\"t\":17000,\"ev\":\"rep\",\"n\":2,\"of\":3}");
    assert_true(exercise && position && cue && ready && rep);
    assert_true(resumed < exercise && exercise < position && position < cue && cue < ready &&
                ready < rep);
    assert_null(strstr(e, "\"n\":1,\"of\":3")); /* the rep done before is not played again */
    assert_non_null(strstr(e, "\"ev\":\"end\",\"completed\":true}\n{\"t\":"));
    assert_non_null(strstr(e, "\"ev\":\"difficulty\",\"value\":\"right\"}\n"));
    assert_non_null(strstr(run.out, "Continuing where you left off."));
    /* Completed: nothing is left to continue. */
    assert_int_equal(run_virtual(f, &run, true, ""), 1);
    run_end(&run);
}

static int64_t elapsed_ms(const struct timespec *since) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* The screen never waits for the disk: while another writer holds the
 * history (a busy disk, a sync), every event still reaches the sinks at
 * once -- the whole session plays in far less than the store's busy
 * timeout (2 s a write) -- and the record follows when the disk is free:
 * the session goes on from where it was left. */
static void test_the_screen_never_waits_for_the_disk(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "test-session", "t.rt");
    char why[512];
    Store *store = store_open(run.dir, why, sizeof why);
    assert_non_null(store);
    static const VmSelection all = {0};
    Progress *progress = progress_open(store, &f->program, &all, "t.rt", NULL);
    Persist *persist = persist_open(progress);
    assert_non_null(persist);
    char db[128];
    snprintf(db, sizeof db, "%s/%s", run.dir, STORE_DB_NAME);
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

    SessionCore core;
    Record rec;
    open_core(&core, f, &rec);
    assert_true(core_add_sink(&core, persist_sink(persist)));
    ScriptedKey *keys = NULL;
    size_t n = 0;
    assert_true(keys_parse("14s:quit", &keys, &n, why, sizeof why));
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    play(&core, keys, n);
    /* Not one write waited: one that did would take the busy timeout, 2 s
     * (8 s in all with a synchronous writer).  Below that, the time is the
     * machine's (a loaded one, a sanitizer build), not the session's. */
    assert_in_range(elapsed_ms(&start), 0, 1999);
    assert_non_null(strstr(rec.kinds, "rep hold quit end"));

    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    persist_close(persist); /* the queue drains now that the disk is free */
    assert_null(progress_warning(progress));
    progress_close(progress);
    store_close(store);
    core_close(&core);
    free(keys);
    assert_int_equal(run_play(f, &run, true, NULL, "1h:2"), 0);
    assert_non_null(strstr(run.events, "\"ev\":\"resumed\",\"session\":1,\"reps_done\":1"));
    run_end(&run);
}

/* A pain stop on the virtual clock: the safety notes, then the scripted
 * answer, after the end. */
static void test_virtual_pain_stop(void **state) {
    Fixture *f = compiled(state);
    Run run;
    run_begin(&run, "test-session", "t.rt");
    assert_int_equal(run_virtual(f, &run, false, "6s:p, 6s:7"), 5);
    assert_non_null(strstr(run.out, "The session was stopped because of pain.\n"
                                    "Safety: Stop if it hurts.\n"));
    assert_non_null(strstr(run.events, "\"ev\":\"end\",\"completed\":false}\n"
                                       "{\"t\":6000,\"ev\":\"pain_rating\",\"rating\":7}\n"));
    run_end(&run);
}

/* One writer, one policy: a failed write of the events is reported, the
 * session goes on, and the status says the record is incomplete. */
static void test_virtual_events_write_fails(void **state) {
    Fixture *f = compiled(state);
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    char *out = NULL;
    size_t size = 0;
    FILE *lines = open_memstream(&out, &size);
    SessionOptions o = {.speed = 1, .events = full, .events_name = "/dev/full", .out = lines,
                        .routine_path = "t.rt", .no_history = true};
    static const VmSelection all = {0};
    assert_int_equal(session_run_virtual(&f->program, &all, &o, NULL, 0), 3);
    fclose(lines);
    assert_non_null(strstr(out, "Session complete.")); /* it went on to the end */
    free(out);
    fclose(full);
}

/* `ch` offered in `prompt` as "ch word": after a space, a bracket or at
 * the start, and followed by a space. */
static bool offers(const char *prompt, int ch) {
    for (const char *p = strchr(prompt, ch); p; p = strchr(p + 1, ch))
        if ((p == prompt || p[-1] == ' ' || p[-1] == '(') && p[1] == ' ')
            return true;
    return false;
}

/* The prompts name the keys the table answers them with (keys.h): a key
 * changed in the table but not in the words fails here. */
static void test_prompts_name_the_answer_keys(void **state) {
    (void)state;
    assert_true(offers(WORDS_ASK_SIDE, keys_answer_char(SESSION_ANSWER_LEFT)));
    assert_true(offers(WORDS_ASK_SIDE, keys_answer_char(SESSION_ANSWER_RIGHT)));
    const char *yes_no[] = {WORDS_ASK_ADVANCE, WORDS_ASK_ADVANCE_STEP, WORDS_ASK_STEP_BACK, WORDS_ASK_STEP_BACK_STEP};
    for (size_t i = 0; i < sizeof yes_no / sizeof *yes_no; i++) {
        assert_true(offers(yes_no[i], keys_answer_char(SESSION_ANSWER_YES)));
        assert_true(offers(yes_no[i], keys_answer_char(SESSION_ANSWER_NO)));
    }
    assert_true(offers(WORDS_ASK_PAIN_CHOICE, keys_answer_char(SESSION_ANSWER_GO_ON)));
    assert_true(offers(WORDS_ASK_PAIN_CHOICE, session_keys[SESSION_KEY_EASIER].ch));
    assert_true(offers(WORDS_ASK_PAIN_CHOICE, keys_answer_char(SESSION_ANSWER_STOP)));
    const char *ten[] = {WORDS_ASK_PAIN, WORDS_ASK_PAIN_LIMIT, WORDS_ASK_EFFORT};
    for (size_t i = 0; i < sizeof ten / sizeof *ten; i++)
        assert_true(offers(ten[i], keys_answer_char(SESSION_ANSWER_TEN)));
    assert_int_equal(keys_rating(keys_answer_char(SESSION_ANSWER_TEN)), 10);
    assert_int_equal(keys_answer('L', true), SESSION_ANSWER_LEFT);
    assert_int_equal(keys_answer('L', false), SESSION_ANSWER_NONE);
    assert_string_equal(keys_side_word(SIDE_RIGHT), "right");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_completed_then_difficulty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_question_answered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_question_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_given_is_not_asked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_roles_no_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pain_then_rating_and_safety, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_pipe_skips_on_an_unexpected_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quit_before_the_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signals_and_hangup_interrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incomplete_record_is_status_3, setup, teardown),
        cmocka_unit_test_setup_teardown(test_look_ahead_next_and_last_rep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intro_texts_and_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_pain_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_screen_never_waits_for_the_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_virtual_events_write_fails, setup, teardown),
        cmocka_unit_test(test_prompts_name_the_answer_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
