/*
 * store.c -- see store.h.  The only file that includes <sqlite3.h>.
 *
 * Every write is one short transaction (BEGIN IMMEDIATE, so a second
 * session waits for the lock up front rather than failing half way), and
 * every statement is prepared, bound and finalised in one helper call, so
 * no statement outlives the function that made it.
 */
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#define BUSY_TIMEOUT_MS 2000

struct Store {
    sqlite3 *db;
    char error[512];
};

/* The schema, one migration per version: MIGRATIONS[v - 1] takes a
 * database from version v - 1 to v.  Never edit a released migration:
 * add the next one. */
static const char *const MIGRATIONS[] = {
    /* v1: the history. */
    "CREATE TABLE sessions("
    "  id INTEGER PRIMARY KEY,"
    "  routine TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  source_hash TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  ended_at INTEGER,"
    "  duration_ms INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL CHECK (status IN"
    "    ('running', 'completed', 'quit', 'pain', 'signal')),"
    "  pain_rating INTEGER CHECK (pain_rating BETWEEN 0 AND 10),"
    "  difficulty TEXT CHECK (difficulty IN ('too easy', 'right', 'too hard')));"
    "CREATE INDEX sessions_by_path ON sessions(path, id);"
    "CREATE TABLE exercise_results("
    "  session INTEGER NOT NULL REFERENCES sessions(id),"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  section TEXT NOT NULL DEFAULT '',"
    "  reps_done INTEGER NOT NULL DEFAULT 0,"
    "  reps_planned INTEGER NOT NULL DEFAULT 0,"
    "  outcome TEXT NOT NULL DEFAULT 'playing',"
    "  PRIMARY KEY (session, seq));"
    "CREATE TABLE pain_stops("
    "  id INTEGER PRIMARY KEY,"
    "  session INTEGER NOT NULL REFERENCES sessions(id),"
    "  exercise TEXT,"
    "  t_ms INTEGER NOT NULL,"
    "  rating INTEGER CHECK (rating BETWEEN 0 AND 10));",
    /* v2: resuming. */
    "ALTER TABLE sessions ADD COLUMN section TEXT;"
    "ALTER TABLE sessions ADD COLUMN level TEXT;"
    "ALTER TABLE sessions ADD COLUMN variant TEXT;"
    "ALTER TABLE sessions ADD COLUMN step INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE sessions ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE journal("
    "  session INTEGER PRIMARY KEY REFERENCES sessions(id),"
    "  snapshot BLOB,"
    "  exercise_seq INTEGER NOT NULL DEFAULT 0,"
    "  exercise_reps INTEGER NOT NULL DEFAULT 0,"
    "  reps_done INTEGER NOT NULL DEFAULT 0);",
};
#define N_MIGRATIONS (sizeof MIGRATIONS / sizeof MIGRATIONS[0])
_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "one migration per schema version");

static const char *const STATUS_NAMES[] = {
    [STORE_RUNNING] = "running", [STORE_COMPLETED] = "completed", [STORE_QUIT] = "quit",
    [STORE_PAIN] = "pain",       [STORE_SIGNAL] = "signal",
};

const char *store_status_name(StoreStatus status) {
    return status <= STORE_SIGNAL ? STATUS_NAMES[status] : "running";
}

/* ---- errors ------------------------------------------------------------- */

static bool fail(Store *store, const char *what) {
    snprintf(store->error, sizeof store->error, "%s: %s", what, sqlite3_errmsg(store->db));
    return false;
}

const char *store_error(const Store *store) {
    return store ? store->error : "";
}

/* ---- statements --------------------------------------------------------- */

/* Bind the arguments `types` describes: 'i' int64, 't' text (NULL binds
 * NULL), 'b' blob (pointer, then size_t length). */
static bool bind_all(sqlite3_stmt *st, const char *types, va_list ap) {
    int rc = SQLITE_OK;
    for (int i = 0; types[i] && rc == SQLITE_OK; i++) {
        if (types[i] == 'i') {
            rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        } else if (types[i] == 't') {
            const char *s = va_arg(ap, const char *);
            rc = s ? sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i + 1);
        } else {
            const void *b = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            rc = n > INT_MAX ? SQLITE_TOOBIG : sqlite3_bind_blob(st, i + 1, b, (int)n, SQLITE_TRANSIENT);
        }
    }
    return rc == SQLITE_OK;
}

/* Run one statement that returns no rows. */
static bool run(Store *store, const char *sql, const char *types, ...) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "preparing a statement");
    va_list ap;
    va_start(ap, types);
    bool ok = bind_all(st, types, ap);
    va_end(ap);
    int rc = ok ? sqlite3_step(st) : SQLITE_MISUSE;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail(store, "writing");
    return true;
}

static bool exec(Store *store, const char *sql, const char *what) {
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(store, what);
    return true;
}

static bool begin(Store *store) {
    return exec(store, "BEGIN IMMEDIATE", "starting a transaction");
}

/* Commit when everything before went well, else roll back; returns ok. */
static bool end(Store *store, bool ok) {
    if (ok && exec(store, "COMMIT", "committing"))
        return true;
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    return false;
}

/* ---- opening ------------------------------------------------------------- */

char *store_default_dir(void) {
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *base = xdg && xdg[0] == '/' ? xdg : home && home[0] ? home : NULL;
    const char *tail = base == xdg ? "/routinec" : "/.local/state/routinec";
    if (!base)
        return NULL;
    size_t n = strlen(base) + strlen(tail) + 1;
    char *dir = malloc(n);
    if (dir)
        snprintf(dir, n, "%s%s", base, tail);
    return dir;
}

/* mkdir -p with mode 0700 for what it creates. */
static int make_dirs(const char *dir) {
    char *path = strdup(dir);
    if (!path)
        return ENOMEM;
    int err = 0;
    for (char *p = path + 1; !err; p++) {
        bool last = *p == '\0';
        if (*p != '/' && !last)
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            err = errno;
        if (last)
            break;
        *p = '/';
    }
    free(path);
    return err;
}

static int schema_version(Store *store) {
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

/* Apply the migrations the database lacks, each in its own transaction
 * with its version number, so an interrupted upgrade resumes cleanly. */
static bool migrate(Store *store) {
    int version = schema_version(store);
    if (version < 0)
        return fail(store, "reading the schema version");
    if (version > STORE_SCHEMA_VERSION) {
        snprintf(store->error, sizeof store->error,
                 "the history was written by a newer routinec (schema %d, this one knows %d)",
                 version, STORE_SCHEMA_VERSION);
        return false;
    }
    for (int v = version + 1; v <= STORE_SCHEMA_VERSION; v++) {
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
        if (!begin(store))
            return false;
        bool ok = exec(store, MIGRATIONS[v - 1], "updating the history's schema") &&
                  exec(store, pragma, "updating the history's schema");
        if (!end(store, ok))
            return false;
    }
    return true;
}

static bool configure(Store *store) {
    sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
    /* The database is small: a small page cache and no lookaside keep the
     * player's memory low (README, "Timing"). */
    sqlite3_db_config(store->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0);
    sqlite3_stmt *st = NULL;
    bool wal = false;
    if (sqlite3_prepare_v2(store->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *mode = sqlite3_column_text(st, 0);
        wal = mode && strcmp((const char *)mode, "wal") == 0;
    }
    sqlite3_finalize(st);
    if (!wal)
        return fail(store, "switching the history to WAL mode");
    return exec(store, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -128",
                "configuring the history");
}

Store *store_open(const char *dir, char *why, size_t why_size) {
    Store *store = calloc(1, sizeof *store);
    int err = dir ? make_dirs(dir) : ENOENT;
    if (!store || err) {
        snprintf(why, why_size, "cannot create the state directory \"%s\": %s", dir ? dir : "(none)",
                 strerror(store ? err : ENOMEM));
        free(store);
        return NULL;
    }
    size_t n = strlen(dir) + sizeof "/" STORE_DB_NAME;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, STORE_DB_NAME);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    bool ok = path && sqlite3_open_v2(path, &store->db, flags, NULL) == SQLITE_OK &&
              configure(store) && migrate(store);
    if (!ok) {
        snprintf(why, why_size, "cannot use the history in \"%s\": %s", path ? path : dir,
                 store->db ? (store->error[0] ? store->error : sqlite3_errmsg(store->db))
                           : "out of memory");
        store_close(store);
        store = NULL;
    }
    free(path);
    return store;
}

void store_close(Store *store) {
    if (!store)
        return;
    sqlite3_close(store->db);
    free(store);
}

/* ---- one session ---------------------------------------------------------- */

static void hash_text(uint64_t hash, char out[17]) {
    snprintf(out, 17, "%016llx", (unsigned long long)hash);
}

int64_t store_session_begin(Store *store, const StoreSessionInfo *info) {
    char hash[17];
    hash_text(info->source_hash, hash);
    if (!begin(store))
        return -1;
    bool ok = run(store,
                  "INSERT INTO sessions(routine, path, source_hash, started_at, status,"
                  " section, level, variant, step) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?)",
                  "tttittti", info->routine, info->path, hash,
                  info->started_at, info->select.section, info->select.level, info->select.variant,
                  (int64_t)info->select.step);
    int64_t id = ok ? sqlite3_last_insert_rowid(store->db) : -1;
    ok = ok && run(store, "INSERT INTO journal(session) VALUES (?)", "i", id);
    return end(store, ok) ? id : -1;
}

static bool put_exercise(Store *store, int64_t session, const StoreExercise *e) {
    return run(store,
               "INSERT INTO exercise_results(session, seq, name, section, reps_done, reps_planned,"
               " outcome) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session, seq) DO UPDATE SET"
               " reps_done = excluded.reps_done, reps_planned = excluded.reps_planned,"
               " outcome = excluded.outcome",
               "iittiit", session, (int64_t)e->seq, e->name ? e->name : "",
               e->section ? e->section : "", (int64_t)e->reps_done, (int64_t)e->reps_planned,
               e->outcome ? e->outcome : "playing");
}

bool store_exercise(Store *store, int64_t session, const StoreExercise *exercise) {
    return begin(store) && end(store, put_exercise(store, session, exercise));
}

static bool put_position(Store *store, int64_t session, const StorePosition *p) {
    uint8_t blob[VM_SNAPSHOT_MAX];
    size_t n = p->has_snapshot ? vm_snapshot_encode(&p->snap, blob, sizeof blob) : 0;
    if (p->has_snapshot && n == 0)
        return false;
    return run(store,
               "UPDATE journal SET snapshot = ?, exercise_seq = ?, exercise_reps = ?,"
               " reps_done = ? WHERE session = ?",
               "biiii", n ? (const void *)blob : NULL, n, (int64_t)p->exercise_seq,
               (int64_t)p->exercise_reps, (int64_t)p->reps_done, session);
}

bool store_checkpoint(Store *store, int64_t session, const StoreExercise *exercise,
                      const StorePosition *position, int64_t duration_ms) {
    if (!begin(store))
        return false;
    bool ok = (!exercise || put_exercise(store, session, exercise)) &&
              put_position(store, session, position) &&
              run(store, "UPDATE sessions SET duration_ms = ? WHERE id = ?", "ii", duration_ms, session);
    return end(store, ok);
}

bool store_pain(Store *store, int64_t session, const char *exercise, int64_t t_ms) {
    return begin(store) &&
           end(store, run(store, "INSERT INTO pain_stops(session, exercise, t_ms) VALUES (?, ?, ?)",
                          "iti", session, exercise, t_ms));
}

bool store_pain_rating(Store *store, int64_t session, int rating) {
    if (rating < 0 || rating > 10 || !begin(store))
        return false;
    bool ok = run(store, "UPDATE sessions SET pain_rating = ? WHERE id = ?", "ii", (int64_t)rating, session) &&
              run(store,
                  "UPDATE pain_stops SET rating = ? WHERE id ="
                  " (SELECT max(id) FROM pain_stops WHERE session = ?)",
                  "ii", (int64_t)rating, session);
    return end(store, ok);
}

bool store_difficulty(Store *store, int64_t session, const char *difficulty) {
    return begin(store) &&
           end(store, run(store, "UPDATE sessions SET difficulty = ? WHERE id = ?", "ti", difficulty, session));
}

bool store_session_end(Store *store, int64_t session, StoreStatus status, int64_t duration_ms,
                       int64_t ended_at) {
    if (!begin(store))
        return false;
    bool ok = run(store, "UPDATE sessions SET status = ?, duration_ms = ?, ended_at = ? WHERE id = ?",
                  "tiii", store_status_name(status), duration_ms, ended_at, session);
    if (ok && status == STORE_COMPLETED)
        ok = run(store, "DELETE FROM journal WHERE session = ?", "i", session);
    return end(store, ok);
}

bool store_session_resume(Store *store, int64_t session) {
    return begin(store) &&
           end(store, run(store,
                          "UPDATE sessions SET status = 'running', ended_at = NULL,"
                          " resumed = resumed + 1 WHERE id = ?",
                          "i", session));
}

/* ---- resuming ------------------------------------------------------------ */

static char *column_dup(sqlite3_stmt *st, int col) {
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? strdup((const char *)s) : NULL;
}

static uint32_t column_u32(sqlite3_stmt *st, int col) {
    int64_t v = sqlite3_column_int64(st, col);
    return v < 0 || v > UINT32_MAX ? 0 : (uint32_t)v;
}

/* Fill `out` from the row; false when the journal is damaged. */
static bool read_journal(sqlite3_stmt *st, StoreJournal *out) {
    out->session = sqlite3_column_int64(st, 0);
    const unsigned char *hash = sqlite3_column_text(st, 1);
    char *end = NULL;
    out->source_hash = hash ? strtoull((const char *)hash, &end, 16) : 0;
    out->routine = column_dup(st, 2);
    out->section = column_dup(st, 3);
    out->level = column_dup(st, 4);
    out->variant = column_dup(st, 5);
    out->step = column_u32(st, 6);
    out->started_at = sqlite3_column_int64(st, 7);
    const void *blob = sqlite3_column_blob(st, 8);
    int n = sqlite3_column_bytes(st, 8);
    StorePosition *p = &out->position;
    p->has_snapshot = blob != NULL;
    p->exercise_seq = column_u32(st, 9);
    p->exercise_reps = column_u32(st, 10);
    int64_t reps = sqlite3_column_int64(st, 11);
    p->reps_done = reps < 0 ? 0 : (uint64_t)reps;
    bool hash_ok = hash && end && *end == '\0' && strlen((const char *)hash) == 16;
    return hash_ok && out->routine && (!blob || vm_snapshot_decode(blob, (size_t)n, &p->snap));
}

static const char FIND_SQL[] =
    "SELECT s.id, s.source_hash, s.routine, s.section, s.level, s.variant, s.step, s.started_at,"
    " j.snapshot, j.exercise_seq, j.exercise_reps, j.reps_done, s.status, j.session IS NOT NULL"
    " FROM sessions s LEFT JOIN journal j ON j.session = s.id"
    " WHERE s.path = ? ORDER BY s.id DESC LIMIT 1";

StoreFind store_find_resumable(Store *store, const char *path, StoreJournal *out, char *why,
                               size_t why_size) {
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, FIND_SQL, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
        sqlite3_finalize(st);
        snprintf(why, why_size, "cannot read the history: %s", sqlite3_errmsg(store->db));
        return STORE_FAILED;
    }
    StoreFind found = STORE_FAILED;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        snprintf(why, why_size, "there is no saved session of this routine to continue");
        found = STORE_NONE;
    } else if (rc != SQLITE_ROW) {
        snprintf(why, why_size, "cannot read the history: %s", sqlite3_errmsg(store->db));
    } else if (sqlite3_column_int(st, 13) == 0) {
        snprintf(why, why_size, "the last session of this routine was completed; there is nothing to continue");
        found = STORE_NONE;
    } else if (!read_journal(st, out)) {
        snprintf(why, why_size, "the saved session (number %lld) is damaged and cannot be continued",
                 (long long)sqlite3_column_int64(st, 0));
        found = STORE_DAMAGED;
    } else {
        found = STORE_FOUND;
    }
    sqlite3_finalize(st);
    if (found != STORE_FOUND)
        store_journal_free(out);
    return found;
}

void store_journal_free(StoreJournal *j) {
    free(j->routine);
    free(j->section);
    free(j->level);
    free(j->variant);
    j->routine = j->section = j->level = j->variant = NULL;
}

/* ---- history ------------------------------------------------------------ */

static const char *column_text(sqlite3_stmt *st, int col) {
    return (const char *)sqlite3_column_text(st, col);
}

static int column_rating(sqlite3_stmt *st, int col) {
    return sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : sqlite3_column_int(st, col);
}

static const char SESSIONS_SQL[] =
    "SELECT s.id, s.routine, s.path, s.status, s.difficulty, s.started_at, s.ended_at,"
    " s.duration_ms, s.pain_rating, s.resumed,"
    " (SELECT count(*) FROM exercise_results e WHERE e.session = s.id AND e.outcome = 'completed'),"
    " (SELECT count(*) FROM exercise_results e WHERE e.session = s.id AND e.outcome = 'skipped'),"
    " (SELECT coalesce(sum(reps_done), 0) FROM exercise_results e WHERE e.session = s.id),"
    " (SELECT coalesce(sum(reps_planned), 0) FROM exercise_results e WHERE e.session = s.id)"
    " FROM sessions s WHERE ?1 IS NULL OR s.path = ?1 OR s.routine = ?1 ORDER BY s.id";

static void visit_session(sqlite3_stmt *st, const StoreVisitor *v, void *ctx) {
    StoreSessionRow row = {
        .id = sqlite3_column_int64(st, 0),
        .routine = column_text(st, 1),
        .path = column_text(st, 2),
        .status = column_text(st, 3),
        .difficulty = column_text(st, 4),
        .started_at = sqlite3_column_int64(st, 5),
        .ended_at = sqlite3_column_int64(st, 6),
        .duration_ms = sqlite3_column_int64(st, 7),
        .pain_rating = column_rating(st, 8),
        .resumed = column_u32(st, 9),
        .exercises_completed = column_u32(st, 10),
        .exercises_skipped = column_u32(st, 11),
        .reps_done = (uint64_t)sqlite3_column_int64(st, 12),
        .reps_planned = (uint64_t)sqlite3_column_int64(st, 13),
    };
    if (v->session)
        v->session(ctx, &row);
}

static bool visit_details(Store *store, int64_t session, const StoreVisitor *v, void *ctx) {
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT seq, name, section, outcome, reps_done, reps_planned FROM exercise_results"
                      " WHERE session = ? ORDER BY seq";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the history");
    sqlite3_bind_int64(st, 1, session);
    while (sqlite3_step(st) == SQLITE_ROW && v->exercise) {
        StoreExerciseRow row = {session, column_u32(st, 0), column_text(st, 1), column_text(st, 2),
                                column_text(st, 3), column_u32(st, 4), column_u32(st, 5)};
        v->exercise(ctx, &row);
    }
    sqlite3_finalize(st);
    sql = "SELECT exercise, t_ms, rating FROM pain_stops WHERE session = ? ORDER BY id";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the history");
    sqlite3_bind_int64(st, 1, session);
    while (sqlite3_step(st) == SQLITE_ROW && v->pain) {
        StorePainRow row = {session, column_text(st, 0), sqlite3_column_int64(st, 1), column_rating(st, 2)};
        v->pain(ctx, &row);
    }
    sqlite3_finalize(st);
    return true;
}

bool store_history(Store *store, const char *routine, const StoreVisitor *v, void *ctx) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, SESSIONS_SQL, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the history");
    if (routine)
        sqlite3_bind_text(st, 1, routine, -1, SQLITE_TRANSIENT);
    /* A read transaction: one consistent view while a session writes. */
    bool ok = exec(store, "BEGIN", "reading the history");
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        visit_session(st, v, ctx);
        ok = visit_details(store, sqlite3_column_int64(st, 0), v, ctx);
    }
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, "reading the history");
    sqlite3_finalize(st);
    sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
    return ok;
}
