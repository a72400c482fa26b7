/*
 * test_store.c -- the progress store: schema and migrations, the journal
 * that `run --resume` continues from, and failures that must only warn.
 *
 * Each test works in its own temporary state directory.  The v1 schema is
 * written here by hand, as a routinec of that version left it, so the
 * migration is tested against the real old shape, not against itself.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "progress.h"
#include "state_fixture.h"
#include "store.h"

/* ---- fixtures ------------------------------------------------------------ */

static void temp_dir(TempDir *t) {
    temp_dir_named(t, "store");
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
    StoreSessionInfo i = {"Low back", "/r/lowback.rt", hash, {.level = "initial", .step = 2}, 1700000000000};
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

/* What the patient said about a routine: per routine file, the last word
 * wins, and another routine knows nothing of it. */
static void test_patient_state_is_per_routine(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    assert_null(store_state_get(s, "/r/knee.rt", STORE_STATE_AFFECTED_SIDE));
    assert_true(store_state_set(s, "/r/knee.rt", STORE_STATE_AFFECTED_SIDE, "left", 1));
    assert_true(store_state_set(s, "/r/knee.rt", STORE_STATE_AFFECTED_SIDE, "right", 2));
    char *v = store_state_get(s, "/r/knee.rt", STORE_STATE_AFFECTED_SIDE);
    assert_non_null(v);
    assert_string_equal(v, "right");
    free(v);
    assert_null(store_state_get(s, "/r/hip.rt", STORE_STATE_AFFECTED_SIDE));
    store_close(s);
    assert_int_equal(query_int(&t, "SELECT count(*) FROM patient_state"), 1);
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
    assert_int_equal(query_int(&t, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
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
    StoreExercise ex = {.seq = 1, .name = "Bridge", .section = "Floor", .reps_done = 3, .reps_planned = 10,
                        .outcome = "playing"};
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

/* What SQLite allocates for a session's history at its most, from the open
 * to the end (sqlite3_memory_highwater; main calls store_init first, as
 * routinec does): 105 KB.  Without store_init's settings (lookaside
 * buffers written at open, page cache allocated 20 pages, 87 KB, at a
 * time; README, "Timing"): 317 KB. */
static void test_a_session_s_history_keeps_sqlite_small(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    store_close(open_ok(&t)); /* the history exists: the schema is made */
    sqlite3_int64 before = sqlite3_memory_used();
    sqlite3_memory_highwater(1);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(0x1234);
    int64_t id = store_session_begin(s, &i);
    StoreExercise ex = {.seq = 1, .name = "Bridge", .reps_done = 3, .reps_planned = 10, .outcome = "playing"};
    StorePosition pos = {true, sample_snapshot(), 1, 3, 17};
    assert_true(store_checkpoint(s, id, &ex, &pos, 123456));
    assert_true(store_session_end(s, id, STORE_COMPLETED, 130000, 1700000200000));
    sqlite3_int64 peak = sqlite3_memory_highwater(0) - before;
    store_close(s);
    remove_dir(&t);
    if (peak >= 160 * 1024)
        fail_msg("SQLite held %lld KB at its peak (at most 160 KB)", (long long)(peak / 1024));
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

/* ---- a disk that fills ---------------------------------------------------- */

/* A VFS over the default one that refuses to let the files of one
 * directory grow past `limit` bytes in all (SQLITE_FULL, as a full disk
 * gives), counting every file there -- the reserve file too, so deleting
 * it makes room, as on a real disk. */
typedef struct {
    const char *dir;
    long long limit; /* -1: no limit */
    sqlite3_vfs *real;
} Quota;

typedef struct {
    sqlite3_file base;
    Quota *quota;
    sqlite3_file *real;
} QuotaFile;

static long long dir_usage(const char *dir) {
    long long total = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    struct stat st;
    while (d && (e = readdir(d)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            total += (long long)st.st_size;
    }
    if (d)
        closedir(d);
    return total;
}

#define REAL(f) (((QuotaFile *)(f))->real)
static int q_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int q_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o) {
    return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int q_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o) {
    Quota *q = ((QuotaFile *)f)->quota;
    sqlite3_int64 size = 0;
    REAL(f)->pMethods->xFileSize(REAL(f), &size);
    long long growth = (long long)(o + n - size);
    if (q->limit >= 0 && growth > 0 && dir_usage(q->dir) + growth > q->limit)
        return SQLITE_FULL;
    return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int q_truncate(sqlite3_file *f, sqlite3_int64 n) { return REAL(f)->pMethods->xTruncate(REAL(f), n); }
static int q_sync(sqlite3_file *f, int fl) { return REAL(f)->pMethods->xSync(REAL(f), fl); }
static int q_size(sqlite3_file *f, sqlite3_int64 *n) { return REAL(f)->pMethods->xFileSize(REAL(f), n); }
static int q_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int q_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int q_reserved(sqlite3_file *f, int *r) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r); }
static int q_control(sqlite3_file *f, int op, void *a) { return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int q_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int q_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int q_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **p) {
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, p);
}
static int q_shm_lock(sqlite3_file *f, int o, int n, int fl) { return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void q_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int q_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }

static const sqlite3_io_methods QUOTA_IO = {
    2, q_close, q_read, q_write, q_truncate, q_sync, q_size, q_lock, q_unlock, q_reserved,
    q_control, q_sector, q_device, q_shm_map, q_shm_lock, q_shm_barrier, q_shm_unmap, NULL, NULL,
};

static int q_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out) {
    Quota *q = vfs->pAppData;
    QuotaFile *f = (QuotaFile *)file;
    f->quota = q;
    f->real = (sqlite3_file *)(f + 1);
    int rc = q->real->xOpen(q->real, name, f->real, flags, out);
    f->base.pMethods = rc == SQLITE_OK ? &QUOTA_IO : NULL;
    return rc;
}

#define QVFS(v) (((Quota *)(v)->pAppData)->real)
static int q_delete(sqlite3_vfs *v, const char *n, int s) { return QVFS(v)->xDelete(QVFS(v), n, s); }
static int q_access(sqlite3_vfs *v, const char *n, int fl, int *r) { return QVFS(v)->xAccess(QVFS(v), n, fl, r); }
static int q_full(sqlite3_vfs *v, const char *n, int k, char *o) { return QVFS(v)->xFullPathname(QVFS(v), n, k, o); }
static int q_random(sqlite3_vfs *v, int n, char *o) { return QVFS(v)->xRandomness(QVFS(v), n, o); }
static int q_sleep(sqlite3_vfs *v, int us) { return QVFS(v)->xSleep(QVFS(v), us); }
static int q_time(sqlite3_vfs *v, double *t) { return QVFS(v)->xCurrentTime(QVFS(v), t); }
static int q_error(sqlite3_vfs *v, int n, char *o) { return QVFS(v)->xGetLastError(QVFS(v), n, o); }
static int q_time64(sqlite3_vfs *v, sqlite3_int64 *t) { return QVFS(v)->xCurrentTimeInt64(QVFS(v), t); }

/* Static: a failed assertion must not leave SQLite's default VFS
 * pointing into a dead stack frame (the teardown unregisters it). */
static sqlite3_vfs quota_vfs;

static int quota_uninstall(void **state) {
    (void)state;
    sqlite3_vfs_unregister(&quota_vfs);
    return 0;
}

/* Make `vfs` the default, over the real default, with quota `q`. */
static void quota_install(sqlite3_vfs *vfs, Quota *q) {
    q->real = sqlite3_vfs_find(NULL);
    *vfs = (sqlite3_vfs){2, (int)sizeof(QuotaFile) + q->real->szOsFile, q->real->mxPathname, NULL,
                         "quota", q, q_open, q_delete, q_access, q_full, NULL, NULL, NULL, NULL,
                         q_random, q_sleep, q_time, q_error, q_time64, NULL, NULL, NULL};
    assert_int_equal(sqlite3_vfs_register(vfs, 1), SQLITE_OK);
}

/* R { exercise "Bridge" { loop 20 { rep; hold 1s } } } */
static void twenty_reps(Program *p) {
    Chunk c;
    BytecodeError err;
    chunk_init(&c);
    chunk_emit(&c, 0, 0, OP_ROUTINE, chunk_constant(&c, "R", 1));
    uint32_t ex = chunk_emit(&c, 0, 0, OP_EXERCISE, chunk_constant(&c, "Bridge", 6), OPERAND_NONE,
                             OPERAND_NONE, 0u);
    uint32_t loop = chunk_emit(&c, 0, 0, OP_LOOP, 20u, 20u, 0u); /* count, lower end, exit */
    uint32_t body = c.code_len;
    chunk_emit(&c, 0, 0, OP_REP, 20u, 1u);
    chunk_emit(&c, 0, 0, OP_HOLD, 1000u);
    chunk_emit(&c, 0, 0, OP_END_LOOP, body);
    chunk_patch_jump(&c, loop, c.code_len);
    chunk_patch(&c, ex, 3, chunk_emit(&c, 0, 0, OP_END_EXERCISE));
    chunk_emit(&c, 0, 0, OP_END);
    if (!program_from_chunk(&c, p, &err))
        fail_msg("verifier refused the test program: %s", err.message);
    chunk_free(&c);
}

/* Records a session of `program` through progress, as a session does;
 * at rep `full_at` the disk fills (nothing more may grow).  `quit_at` > 0
 * quits at that rep instead of playing to the end. */
typedef struct {
    Progress *progress;
    Quota *quota;
    unsigned reps, full_at, quit_at;
    const Vm *vm;
} Recorder;

static void record_event(void *ctx, const VmEvent *ev) {
    Recorder *r = ctx;
    if (ev->kind == EV_REP && ++r->reps == r->full_at)
        r->quota->limit = dir_usage(r->quota->dir);
    progress_event(r->progress, r->vm, ev);
}

static void play_recorded(const TempDir *t, const Program *prog, Quota *q, unsigned full_at,
                          unsigned quit_at, char *routine) {
    ProgressSetup setup;
    snprintf(routine, 96, "%s/r.rt", t->dir);
    FILE *f = fopen(routine, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(progress_setup(&setup, t->dir, true, false, routine, prog, NULL), 0);
    Recorder r = {progress_open(setup.store, prog, &setup.select, setup.path, NULL), q, 0, full_at,
                  quit_at, NULL};
    Vm vm;
    assert_true(vm_init(&vm, prog, NULL, record_event, &r, NULL));
    r.vm = &vm;
    VmStatus st = vm_step(&vm, 0, VM_KEY_NONE);
    while (st == VM_WAIT_TIME && !(quit_at && r.reps >= quit_at))
        st = vm_step(&vm, vm.deadline, VM_KEY_NONE);
    if (st != VM_FINISHED)
        vm_step(&vm, vm.now_logical, VM_KEY_QUIT);
    progress_end(r.progress, quit_at ? STORE_QUIT : STORE_COMPLETED, vm.now_logical);
    if (full_at)
        assert_non_null(progress_warning(r.progress)); /* the disk did fill */
    vm_free(&vm);
    progress_close(r.progress);
    progress_setup_free(&setup);
    q->limit = -1;
}

/* Issue 13, 5: a disk that fills mid-session recorded a completed
 * session as unfinished at the rep where it filled, and --resume then
 * replayed the reps already done. */
static void test_full_disk_keeps_the_record_true(void **state) {
    (void)state;
    static TempDir t;
    static Quota q;
    temp_dir(&t);
    q = (Quota){t.dir, -1, NULL};
    quota_install(&quota_vfs, &q);
    Program prog;
    twenty_reps(&prog);
    char routine[96];
    /* Completed: the end is recorded with the room kept for it. */
    play_recorded(&t, &prog, &q, 8, 0, routine);
    assert_int_equal(query_int(&t, "SELECT count(*) FROM sessions WHERE status = 'completed'"), 1);
    ProgressSetup setup;
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &prog, NULL), 1);
    progress_setup_free(&setup);
    /* Quit after the disk filled: the journal stops at rep 7, so it is
     * marked, and --resume refuses rather than replay reps 8 to 14. */
    play_recorded(&t, &prog, &q, 8, 15, routine);
    assert_int_equal(query_int(&t, "SELECT lost FROM journal"), 1);
    Store *s = open_ok(&t);
    StoreJournal j;
    char why[300];
    assert_int_equal(store_find_resumable(s, routine, &j, why, sizeof why), STORE_NONE);
    assert_non_null(strstr(why, "could no longer be saved"));
    store_close(s);
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &prog, NULL), 1);
    progress_setup_free(&setup);
    /* No reserve file is left behind. */
    assert_int_equal(query_int(&t, "SELECT count(*) FROM sessions"), 2);
    assert_true(dir_usage(t.dir) < 256 * 1024 + 200000);
    program_free(&prog);
    remove_dir(&t);
}

/* The journal's counts are input too: an exercise number or a count of
 * reps the program does not have is refused (status 1). */
static void test_journal_counts_must_fit_the_plan(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Quota q = {t.dir, -1, NULL};
    Program prog;
    twenty_reps(&prog);
    char routine[96];
    play_recorded(&t, &prog, &q, 0, 6, routine);
    ProgressSetup setup;
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &prog, NULL), 0);
    assert_int_equal(setup.journal.position.exercise_reps, 5);
    progress_setup_free(&setup);
    exec_sql(&t, "UPDATE journal SET exercise_reps = 21");
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &prog, NULL), 1);
    progress_setup_free(&setup);
    exec_sql(&t, "UPDATE journal SET exercise_reps = 5, exercise_seq = 2");
    assert_int_equal(progress_setup(&setup, t.dir, true, true, routine, &prog, NULL), 1);
    progress_setup_free(&setup);
    program_free(&prog);
    remove_dir(&t);
}

/* ---- two sessions at once -------------------------------------------------- */

/* Issue 13, 6: two windows play the routine; the first is killed, the
 * second completes.  The history said the first could be continued and
 * --resume said the last session was completed.  Now --resume continues
 * the killed one, and the history says so of that one only. */
typedef struct {
    int64_t id[4];
    bool resumable[4], playing[4];
    int n;
} Rows;

static void row_session(void *ctx, const StoreSessionRow *r) {
    Rows *rows = ctx;
    if (rows->n < 4) {
        rows->id[rows->n] = r->id;
        rows->resumable[rows->n] = r->resumable;
        rows->playing[rows->n] = r->playing;
        rows->n++;
    }
}

static const StoreVisitor ROWS = {row_session, NULL, NULL};

static void test_two_windows_do_not_hide_each_other(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *a = open_ok(&t), *b = open_ok(&t);
    StoreSessionInfo ia = info(1), ib = info(1);
    ib.started_at = ia.started_at + 1000;
    int64_t first = store_session_begin(a, &ia);
    int64_t second = store_session_begin(b, &ib);
    StorePosition pos = {true, sample_snapshot(), 1, 3, 3};
    assert_true(store_checkpoint(a, first, NULL, &pos, 60000)); /* after the second began */
    store_close(a); /* kill -9: no end, the lock goes with the process */
    assert_true(store_session_end(b, second, STORE_COMPLETED, 90000, ib.started_at + 90000));
    Rows rows = {0};
    assert_true(store_history(b, NULL, &ROWS, &rows));
    assert_int_equal(rows.n, 2);
    assert_true(rows.resumable[0] && !rows.resumable[1]);
    StoreJournal j;
    char why[300];
    assert_int_equal(store_find_resumable(b, "/r/lowback.rt", &j, why, sizeof why), STORE_FOUND);
    assert_int_equal(j.session, first);
    store_journal_free(&j);
    store_close(b);
    remove_dir(&t);
}

/* A session another process plays is never continued (its journal would
 * be written by two), and the history says it is being played. */
static void test_a_session_being_played_is_not_resumed(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(1);
    int64_t id = store_session_begin(s, &i);
    store_close(s);
    int ready[2], done[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(done), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) { /* the other window: resumes it and plays on */
        StoreJournal j;
        char why[300], c = 0;
        Store *other = open_ok(&t);
        int found = store_find_resumable(other, "/r/lowback.rt", &j, why, sizeof why);
        /* The verdict goes back through the pipe, not the exit status:
         * under valgrind a child's exit status reports what it had not
         * freed, which includes the parent's memory. */
        char verdict = found == STORE_FOUND && j.session == id ? 'y' : 'n';
        if (write(ready[1], &verdict, 1) != 1)
            _exit(3);
        (void)!read(done[0], &c, 1);
        _exit(0);
    }
    char c = 0;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(c, 'y'); /* the other window found it to continue */
    s = open_ok(&t);
    StoreJournal j;
    char why[300];
    assert_int_equal(store_find_resumable(s, "/r/lowback.rt", &j, why, sizeof why), STORE_NONE);
    assert_non_null(strstr(why, "being played now"));
    Rows rows = {0};
    assert_true(store_history(s, NULL, &ROWS, &rows));
    assert_true(rows.n == 1 && rows.playing[0] && !rows.resumable[0]);
    assert_int_equal(write(done[1], "x", 1), 1);
    int status = -1;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    /* The other window is gone: now it can be continued here. */
    assert_int_equal(store_find_resumable(s, "/r/lowback.rt", &j, why, sizeof why), STORE_FOUND);
    store_journal_free(&j);
    store_close(s);
    remove_dir(&t);
}

/* A session killed before it could delete its reserve file: the next
 * session removes it (kills must not pile up 256 KiB files). */
static void test_killed_sessions_leave_no_reserve(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    Store *s = open_ok(&t);
    StoreSessionInfo i = info(1);
    assert_int_equal(store_session_begin(s, &i), 1);
    char reserve[160];
    snprintf(reserve, sizeof reserve, "%s-reserve-1", t.db);
    assert_int_equal(access(reserve, F_OK), 0);
    store_close(s);
    assert_int_not_equal(access(reserve, F_OK), 0);
    /* What a kill -9 leaves: the file, and no process holding session 1. */
    FILE *f = fopen(reserve, "w");
    assert_non_null(f);
    fclose(f);
    s = open_ok(&t);
    assert_int_equal(store_session_begin(s, &i), 2);
    assert_int_not_equal(access(reserve, F_OK), 0);
    snprintf(reserve, sizeof reserve, "%s-reserve-2", t.db);
    assert_int_equal(access(reserve, F_OK), 0);
    store_close(s);
    assert_int_not_equal(access(reserve, F_OK), 0);
    remove_dir(&t);
}

/* ---- reading a copy ---------------------------------------------------------- */

/* Issue 13, 9: the history of a read-only copy (a backup, a mounted image)
 * is read without writing anything: no WAL switch, no migration on disk. */
static void test_history_reads_without_writing(void **state) {
    (void)state;
    TempDir t;
    temp_dir(&t);
    exec_sql(&t, V1_SCHEMA);
    struct stat before, after;
    assert_int_equal(stat(t.db, &before), 0);
    char why[512];
    Store *s = store_open_read(t.dir, why, sizeof why);
    if (!s)
        fail_msg("store_open_read: %s", why);
    Seen seen = {0};
    assert_true(store_history(s, NULL, &SEEN, &seen));
    assert_int_equal(seen.sessions, 1);
    assert_int_equal(seen.exercises, 1);
    store_close(s);
    assert_int_equal(stat(t.db, &after), 0);
    assert_true(before.st_mtime == after.st_mtime && before.st_size == after.st_size);
    assert_int_equal(query_int(&t, "PRAGMA user_version"), 1);
    assert_int_equal(access(t.dir, F_OK), 0);
    char wal[128];
    snprintf(wal, sizeof wal, "%s-wal", t.db);
    assert_int_not_equal(access(wal, F_OK), 0);
    /* No database at all reads as an empty history, and creates none. */
    remove_dir(&t);
    temp_dir(&t);
    s = store_open_read(t.dir, why, sizeof why);
    assert_non_null(s);
    seen = (Seen){0};
    assert_true(store_history(s, NULL, &SEEN, &seen));
    assert_int_equal(seen.sessions, 0);
    store_close(s);
    assert_int_not_equal(access(t.db, F_OK), 0);
    remove_dir(&t);
}

int main(void) {
    store_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_database_is_current_and_in_wal_mode),
        cmocka_unit_test(test_a_session_s_history_keeps_sqlite_small),
        cmocka_unit_test(test_patient_state_is_per_routine),
        cmocka_unit_test(test_migration_from_v1_keeps_the_history),
        cmocka_unit_test(test_newer_schema_is_refused_untouched),
        cmocka_unit_test(test_snapshot_encoding_round_trip),
        cmocka_unit_test(test_journal_round_trip),
        cmocka_unit_test(test_completed_session_has_nothing_to_resume),
        cmocka_unit_test(test_damaged_journal_is_refused),
        cmocka_unit_test(test_resume_of_a_changed_routine_is_refused),
        cmocka_unit_test(test_damaged_journal_exits_1),
        cmocka_unit_test_teardown(test_full_disk_keeps_the_record_true, quota_uninstall),
        cmocka_unit_test(test_journal_counts_must_fit_the_plan),
        cmocka_unit_test(test_two_windows_do_not_hide_each_other),
        cmocka_unit_test(test_a_session_being_played_is_not_resumed),
        cmocka_unit_test(test_killed_sessions_leave_no_reserve),
        cmocka_unit_test(test_history_reads_without_writing),
        cmocka_unit_test(test_unusable_state_dir_only_warns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
