/*
 * test_store.c -- the progress store: schema and migrations, the journal
 * that `run --resume` continues from, and failures that must only warn.
 *
 * Each test works in its own temporary state directory.  The v1 schema is
 * written here by hand, as a routinec of that version left it, so the
 * migration is tested against the real old shape, not against itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "progress.h"
#include "store.h"

/* ---- fixtures ------------------------------------------------------------ */

typedef struct {
    char dir[64];
    char db[96];
} TempDir;

static void temp_dir(TempDir *t) {
    snprintf(t->dir, sizeof t->dir, "/tmp/routinec-store-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->db, sizeof t->db, "%s/%s", t->dir, STORE_DB_NAME);
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

/* One integer from `sql` run directly on the database file. */
static long long query_int(const TempDir *t, const char *sql) {
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;
    assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void exec_sql(const TempDir *t, const char *sql) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("sql: %s", err);
    sqlite3_close(db);
}

static StoreSessionInfo info(uint64_t hash) {
    StoreSessionInfo i = {"Low back", "/r/lowback.rt", hash, {NULL, "initial", NULL, 2}, 1700000000000};
    return i;
}

/* A snapshot with every field set, as a journal would hold one. */
static VmSnapshot sample_snapshot(void) {
    VmSnapshot s;
    memset(&s, 0, sizeof s);
    s.pc = 40;
    s.now = 123456;
    s.n_loops = 2;
    s.loops[0] = (VmLoop){20, 3, 1};
    s.loops[1] = (VmLoop){30, 10, 7};
    s.n_sections = 1;
    s.sections[0] = (VmSectionFrame){4, true};
    s.in_exercise = true;
    s.exercise_pc = 10;
    s.exercise_end = 90;
    s.exercise_loops = 1;
    s.exercise_name = 5;
    s.side = SIDE_RIGHT;
    s.side_label = 6;
    s.steps = 99;
    return s;
}

/* ---- schema ------------------------------------------------------------- */

static void test_new_database_is_current_and_in_wal_mode(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    store_close(open_ok(&t));
    assert_int_equal(query_int(&t, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(t.db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
    remove_dir(&t);
}

/* Version 1 as it shipped: no journal, no selection columns. */
static const char V1_SCHEMA[] =
    "CREATE TABLE sessions(id INTEGER PRIMARY KEY, routine TEXT NOT NULL, path TEXT NOT NULL,"
    " source_hash TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER,"
    " duration_ms INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL CHECK (status IN"
    " ('running', 'completed', 'quit', 'pain', 'signal')),"
    " pain_rating INTEGER CHECK (pain_rating BETWEEN 0 AND 10),"
    " difficulty TEXT CHECK (difficulty IN ('too easy', 'right', 'too hard')));"
    "CREATE INDEX sessions_by_path ON sessions(path, id);"
    "CREATE TABLE exercise_results(session INTEGER NOT NULL REFERENCES sessions(id),"
    " seq INTEGER NOT NULL, name TEXT NOT NULL, section TEXT NOT NULL DEFAULT '',"
    " reps_done INTEGER NOT NULL DEFAULT 0, reps_planned INTEGER NOT NULL DEFAULT 0,"
    " outcome TEXT NOT NULL DEFAULT 'playing', PRIMARY KEY (session, seq));"
    "CREATE TABLE pain_stops(id INTEGER PRIMARY KEY, session INTEGER NOT NULL REFERENCES sessions(id),"
    " exercise TEXT, t_ms INTEGER NOT NULL, rating INTEGER CHECK (rating BETWEEN 0 AND 10));"
    "INSERT INTO sessions VALUES (1, 'Old routine', '/r/old.rt', '00000000000000aa', 1600000000000,"
    " 1600000900000, 900000, 'pain', 6, NULL);"
    "INSERT INTO exercise_results VALUES (1, 1, 'Bridge', '', 4, 10, 'stopped');"
    "INSERT INTO pain_stops VALUES (1, 1, 'Bridge', 300000, 6);"
    "PRAGMA user_version = 1;";

typedef struct {
    int sessions, exercises, pains;
    char routine[64], status[16];
    int rating;
} Seen;

static void seen_session(void *ctx, const StoreSessionRow *r) {
    Seen *s = ctx;
    s->sessions++;
    snprintf(s->routine, sizeof s->routine, "%s", r->routine);
    snprintf(s->status, sizeof s->status, "%s", r->status);
    s->rating = r->pain_rating;
}
static void seen_exercise(void *ctx, const StoreExerciseRow *r) { (void)r; ((Seen *)ctx)->exercises++; }
static void seen_pain(void *ctx, const StorePainRow *r) { (void)r; ((Seen *)ctx)->pains++; }
static const StoreVisitor SEEN = {seen_session, seen_exercise, seen_pain};

static void test_migration_from_v1_keeps_the_history(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    exec_sql(&t, V1_SCHEMA);
    Store *s = open_ok(&t);
    assert_int_equal(query_int(&t, "PRAGMA user_version"), 2);
    Seen seen = {0};
    assert_true(store_history(s, NULL, &SEEN, &seen));
    assert_int_equal(seen.sessions, 1);
    assert_string_equal(seen.routine, "Old routine");
    assert_string_equal(seen.status, "pain");
    assert_int_equal(seen.rating, 6);
    assert_int_equal(seen.exercises, 1);
    assert_int_equal(seen.pains, 1);
    /* And the new tables work on the migrated database. */
    StoreSessionInfo i = info(7);
    assert_true(store_session_begin(s, &i) > 1);
    assert_int_equal(query_int(&t, "SELECT count(*) FROM journal"), 1);
    store_close(s);
    remove_dir(&t);
}

static void test_newer_schema_is_refused_untouched(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    exec_sql(&t, "CREATE TABLE future(x); PRAGMA user_version = 99;");
    char why[512];
    assert_null(store_open(t.dir, why, sizeof why));
    assert_non_null(strstr(why, "newer routinec"));
    assert_int_equal(query_int(&t, "PRAGMA user_version"), 99);
    remove_dir(&t);
}

/* ---- the journal ---------------------------------------------------------- */

static void test_snapshot_encoding_round_trip(void **state) {
    (void)state;
    VmSnapshot in = sample_snapshot(), out;
    uint8_t buf[VM_SNAPSHOT_MAX];
    size_t n = vm_snapshot_encode(&in, buf, sizeof buf);
    assert_true(n > 0);
    assert_true(vm_snapshot_decode(buf, n, &out));
    assert_memory_equal(&in, &out, sizeof in);
    /* Truncated, extended or with an impossible count: refused. */
    assert_false(vm_snapshot_decode(buf, n - 1, &out));
    uint8_t longer[VM_SNAPSHOT_MAX + 1];
    memcpy(longer, buf, n);
    longer[n] = 0;
    assert_false(vm_snapshot_decode(longer, n + 1, &out));
    buf[16] = 0xff; /* n_loops */
    assert_false(vm_snapshot_decode(buf, n, &out));
    assert_false(vm_snapshot_decode(NULL, 0, &out));
}

static void test_journal_round_trip(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(0x1234);
    int64_t id = store_session_begin(s, &i);
    assert_true(id > 0);
    StoreExercise ex = {1, "Bridge", "Floor", 3, 10, "playing"};
    StorePosition pos = {true, sample_snapshot(), 1, 3, 17};
    assert_true(store_checkpoint(s, id, &ex, &pos, 123456));
    assert_true(store_session_end(s, id, STORE_QUIT, 130000, 1700000200000));
    StoreJournal j;
    char why[256];
    assert_int_equal(store_find_resumable(s, "/r/lowback.rt", &j, why, sizeof why), STORE_FOUND);
    assert_int_equal(j.session, id);
    assert_true(j.source_hash == 0x1234);
    assert_string_equal(j.level, "initial");
    assert_null(j.section);
    assert_int_equal(j.step, 2);
    assert_true(j.position.has_snapshot);
    assert_memory_equal(&j.position.snap, &pos.snap, sizeof pos.snap);
    assert_int_equal(j.position.exercise_seq, 1);
    assert_int_equal(j.position.exercise_reps, 3);
    assert_int_equal(j.position.reps_done, 17);
    store_journal_free(&j);
    store_close(s);
    remove_dir(&t);
}

static void test_completed_session_has_nothing_to_resume(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(1);
    int64_t id = store_session_begin(s, &i);
    assert_true(store_session_end(s, id, STORE_COMPLETED, 1000, 1700000001000));
    StoreJournal j;
    char why[256];
    assert_int_equal(store_find_resumable(s, "/r/lowback.rt", &j, why, sizeof why), STORE_NONE);
    assert_non_null(strstr(why, "completed"));
    assert_int_equal(store_find_resumable(s, "/r/other.rt", &j, why, sizeof why), STORE_NONE);
    assert_non_null(strstr(why, "no saved session"));
    store_close(s);
    remove_dir(&t);
}

static void test_damaged_journal_is_refused(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(1);
    int64_t id = store_session_begin(s, &i);
    assert_true(id > 0);
    exec_sql(&t, "UPDATE journal SET snapshot = x'52435331ffffffff'");
    StoreJournal j;
    char why[256];
    assert_int_equal(store_find_resumable(s, "/r/lowback.rt", &j, why, sizeof why), STORE_DAMAGED);
    assert_non_null(strstr(why, "damaged"));
    store_close(s);
    remove_dir(&t);
}

/* ---- resuming a changed routine, and a state directory that fails ------- */

static void tiny_program(Program *p, uint64_t hash) {
    Chunk c;
    BytecodeError err;
    chunk_init(&c);
    chunk_emit(&c, 0, 0, OP_ROUTINE, chunk_constant(&c, "R", 1));
    chunk_emit(&c, 0, 0, OP_END);
    c.source_hash = hash;
    assert_true(program_from_chunk(&c, p, &err));
    chunk_free(&c);
}

static void test_resume_of_a_changed_routine_is_refused(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    char routine[96];
    snprintf(routine, sizeof routine, "%s/r.rt", t.dir);
    FILE *f = fopen(routine, "w");
    assert_non_null(f);
    fclose(f);
    Program before, after;
    tiny_program(&before, 0xaaaa);
    tiny_program(&after, 0xbbbb);
    ProgressSetup setup;
    assert_int_equal(progress_setup(&setup, t.dir, true, false, routine, &before, NULL), 0);
    Progress *p = progress_open(setup.store, &before, &setup.select, setup.path, NULL);
    assert_non_null(p);
    progress_end(p, STORE_QUIT, 10);
    progress_close(p);
    progress_setup_free(&setup);
    /* The same program continues; a changed one is refused (status 1). */
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &before, NULL), 0);
    assert_true(setup.resuming);
    progress_setup_free(&setup);
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &after, NULL), 1);
    progress_setup_free(&setup);
    program_free(&before);
    program_free(&after);
    remove_dir(&t);
}

/* A journal is input: one that cannot be read back, or whose position the
 * program never reaches, is refused with status 1 (not 3) before the
 * session starts. */
static void test_damaged_journal_exits_1(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    char routine[96];
    snprintf(routine, sizeof routine, "%s/r.rt", t.dir);
    FILE *f = fopen(routine, "w");
    assert_non_null(f);
    fclose(f);
    Program p;
    tiny_program(&p, 0xaaaa);
    ProgressSetup setup;
    assert_int_equal(progress_setup(&setup, t.dir, true, false, routine, &p, NULL), 0);
    Progress *pr = progress_open(setup.store, &p, &setup.select, setup.path, NULL);
    progress_end(pr, STORE_QUIT, 10);
    progress_close(pr);
    progress_setup_free(&setup);
    exec_sql(&t, "UPDATE journal SET snapshot = x'52435331ffffffff'");
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &p, NULL), 1);
    progress_setup_free(&setup);
    /* Well formed, but the tiny program has no rep anywhere. */
    VmSnapshot snap = sample_snapshot();
    uint8_t blob[VM_SNAPSHOT_MAX];
    size_t n = vm_snapshot_encode(&snap, blob, sizeof blob);
    char sql[2 * VM_SNAPSHOT_MAX + 64];
    int at = snprintf(sql, sizeof sql, "UPDATE journal SET snapshot = x'");
    for (size_t i = 0; i < n; i++)
        at += snprintf(sql + at, sizeof sql - (size_t)at, "%02x", blob[i]);
    snprintf(sql + at, sizeof sql - (size_t)at, "'");
    exec_sql(&t, sql);
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &p, NULL), 1);
    progress_setup_free(&setup);
    program_free(&p);
    remove_dir(&t);
}

static void test_unusable_state_dir_only_warns(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    char file[96], below[128], why[512];
    snprintf(file, sizeof file, "%s/a-file", t.dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(below, sizeof below, "%s/state", file);
    assert_null(store_open(below, why, sizeof why));
    assert_non_null(strstr(why, "cannot create the state directory"));
    /* A session goes on without storage... */
    Program p;
    tiny_program(&p, 1);
    ProgressSetup setup;
    assert_int_equal(progress_setup(&setup, below, true, false, "r.rt", &p, NULL), 0);
    assert_null(setup.store);
    Progress *pr = progress_open(setup.store, &p, &setup.select, setup.path, NULL);
    assert_non_null(pr);
    progress_end(pr, STORE_COMPLETED, 5);
    assert_int_equal(progress_session(pr), -1);
    progress_close(pr);
    progress_setup_free(&setup);
    /* ...but --resume cannot (status 3). */
    assert_int_equal(progress_setup(&setup, below, true, true, "r.rt", &p, NULL), 3);
    progress_setup_free(&setup);
    program_free(&p);
    remove_dir(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_database_is_current_and_in_wal_mode),
        cmocka_unit_test(test_migration_from_v1_keeps_the_history),
        cmocka_unit_test(test_newer_schema_is_refused_untouched),
        cmocka_unit_test(test_snapshot_encoding_round_trip),
        cmocka_unit_test(test_journal_round_trip),
        cmocka_unit_test(test_completed_session_has_nothing_to_resume),
        cmocka_unit_test(test_damaged_journal_is_refused),
        cmocka_unit_test(test_resume_of_a_changed_routine_is_refused),
        cmocka_unit_test(test_damaged_journal_exits_1),
        cmocka_unit_test(test_unusable_state_dir_only_warns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
