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
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#define BUSY_TIMEOUT_MS 2000
#define LOCK_NAME "routinec.lock"
/* Room kept free for the end of a session: a file of this size, written
 * at its start and deleted when the disk fills, so that the journal can
 * still be marked and the end recorded (a few pages of WAL each). */
#define RESERVE_BYTES (256 * 1024)
/* The wall clock in ms since the epoch, in SQL (SQLite 3.40: no unixepoch). */
#define NOW_MS_SQL "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"

/* The writes of a session, each prepared once (see `statement`). */
#define STORE_PREPARED 16

typedef struct {
    char *sql;         /* malloc'd copy: the key */
    sqlite3_stmt *st;
} Prepared;

struct Store {
    sqlite3 *db;
    Prepared prepared[STORE_PREPARED];
    char *dir;         /* the state directory (malloc'd; NULL in memory) */
    int lock_fd;       /* LOCK_NAME, once a session is claimed; -1 */
    int64_t claimed;   /* the session this process plays; -1 */
    int64_t reserved;  /* the session whose reserve file exists; -1 */
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
    /* v3: journals that stay true -- when each was last written (a later
     * session that started after it supersedes it) and whether progress
     * stopped being saved before the session ended (then it is never
     * replayed). */
    "ALTER TABLE journal ADD COLUMN updated_at INTEGER;"
    "ALTER TABLE journal ADD COLUMN lost INTEGER NOT NULL DEFAULT 0;",
    /* v4: the programme over weeks, per routine (path) -- the stage each
     * session played, every stage the routine was moved into (the last
     * one is the current stage), the requirements unlocked, the
     * alternative chosen per exercise -- and the answers given during a
     * session (pain choices, effort, alternatives, stage proposals). */
    "ALTER TABLE sessions ADD COLUMN stage TEXT;"
    "CREATE TABLE programme_stages("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  how TEXT NOT NULL CHECK (how IN ('first', 'advanced', 'stepped back')),"
    "  session INTEGER REFERENCES sessions(id));"
    "CREATE INDEX programme_stages_by_path ON programme_stages(path, id);"
    "CREATE TABLE programme_unlocks("
    "  path TEXT NOT NULL,"
    "  requirement TEXT NOT NULL,"
    "  enabled_at INTEGER NOT NULL,"
    "  PRIMARY KEY (path, requirement));"
    "CREATE TABLE programme_choices("
    "  path TEXT NOT NULL,"
    "  exercise TEXT NOT NULL,"
    "  alternative TEXT,"
    "  chosen_at INTEGER NOT NULL,"
    "  PRIMARY KEY (path, exercise));"
    "CREATE TABLE session_answers("
    "  id INTEGER PRIMARY KEY,"
    "  session INTEGER NOT NULL REFERENCES sessions(id),"
    "  t_ms INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN"
    "    ('pain_choice', 'effort', 'alternative', 'advance', 'step_back')),"
    "  exercise TEXT,"
    "  value INTEGER,"
    "  detail TEXT);"
    "CREATE INDEX session_answers_by_session ON session_answers(session, id);",
    /* v5: done against prescribed -- the lower end of a range of reps and
     * the hold time done and planned (upper and lower ends); NULL in the
     * rows of older sessions, which did not record them. */
    "ALTER TABLE exercise_results ADD COLUMN reps_least INTEGER;"
    "ALTER TABLE exercise_results ADD COLUMN hold_ms_done INTEGER;"
    "ALTER TABLE exercise_results ADD COLUMN hold_ms_planned INTEGER;"
    "ALTER TABLE exercise_results ADD COLUMN hold_ms_least INTEGER;",
    /* v6: what the patient said about a routine, remembered for later
     * runs (the affected side). */
    "CREATE TABLE patient_state("
    "  path TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (path, name));",
    /* v7: the programme's `build up to` step, moved by the same rules as
     * its stages: the step each stage row started at (a routine without
     * stages keeps its steps under the stage ''), and the step a proposal
     * named. */
    "ALTER TABLE programme_stages ADD COLUMN step INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE session_answers ADD COLUMN step INTEGER;",
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

/* The statement for `sql`, prepared once per store: a session writes the
 * same few statements at every rep, and parsing them again each time was
 * most of a session's CPU time (README, "Timing").  *cached false: the
 * cache is full, and the caller finalizes the statement itself. */
static sqlite3_stmt *statement(Store *store, const char *sql, bool *cached) {
    Prepared *slot = NULL;
    for (size_t i = 0; i < STORE_PREPARED; i++) {
        Prepared *p = &store->prepared[i];
        if (p->sql && strcmp(p->sql, sql) == 0) {
            *cached = true;
            return p->st;
        }
        if (!p->sql && !slot)
            slot = p;
    }
    char *key = slot ? strdup(sql) : NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(store->db, sql, -1, key ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL) != SQLITE_OK) {
        free(key);
        sqlite3_finalize(st);
        return NULL;
    }
    *cached = key != NULL;
    if (key)
        *slot = (Prepared){key, st};
    return st;
}

/* Done with a statement from `statement`: ready for its next use. */
static void done_with(sqlite3_stmt *st, bool cached) {
    if (!cached) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void forget_statements(Store *store) {
    for (size_t i = 0; i < STORE_PREPARED; i++) {
        sqlite3_finalize(store->prepared[i].st);
        free(store->prepared[i].sql);
        store->prepared[i] = (Prepared){NULL, NULL};
    }
}

/* Run one statement that returns no rows; `what` names it in an error. */
static bool vrun(Store *store, const char *what, const char *sql, const char *types, va_list ap) {
    bool cached = false;
    sqlite3_stmt *st = statement(store, sql, &cached);
    if (!st)
        return fail(store, "preparing a statement");
    bool ok = bind_all(st, types, ap);
    int rc = ok ? sqlite3_step(st) : SQLITE_MISUSE;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        fail(store, what); /* before the reset, which may change the message */
    done_with(st, cached);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

static bool run(Store *store, const char *sql, const char *types, ...) {
    va_list ap;
    va_start(ap, types);
    bool ok = vrun(store, "writing", sql, types, ap);
    va_end(ap);
    return ok;
}

static bool run_named(Store *store, const char *what, const char *sql, ...) {
    va_list ap;
    va_start(ap, sql);
    bool ok = vrun(store, what, sql, "", ap);
    va_end(ap);
    return ok;
}

/* Statements in one string (the schema, the settings), run once. */
static bool exec(Store *store, const char *sql, const char *what) {
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(store, what);
    return true;
}

static bool begin(Store *store) {
    return run_named(store, "starting a transaction", "BEGIN IMMEDIATE");
}

/* Commit when everything before went well, else roll back; returns ok. */
static bool end(Store *store, bool ok) {
    if (ok && run_named(store, "committing", "COMMIT"))
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

/* A connection by default writes 50 KB of lookaside buffers at open
 * (before SQLITE_DBCONFIG_LOOKASIDE could turn them off) and its first
 * read allocates and writes 20 pages of cache at once (87 KB, before
 * PRAGMA cache_size, which reads the schema, takes effect; and again for
 * a temporary table).  The history is small: no lookaside, and the cache's
 * pages allocated one at a time up to cache_size (README, "Timing"). */
void store_init(void) {
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
}

static bool configure(Store *store) {
    sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
    /* The database is small: a small page cache and no lookaside keep the
     * player's memory low (README, "Timing").  The cache's size is set
     * first: the first statement reads the schema and allocates the cache
     * (up to 20 pages at once, when the size allows it). */
    sqlite3_db_config(store->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0);
    if (!exec(store, "PRAGMA cache_size = -32", "configuring the history"))
        return false;
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
    return exec(store, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
                "configuring the history");
}

/* dir/name (malloc'd), or NULL. */
static char *path_in(const char *dir, const char *name) {
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static Store *store_new(const char *dir) {
    Store *store = calloc(1, sizeof *store);
    if (store) {
        store->lock_fd = -1;
        store->claimed = -1;
        store->reserved = -1;
        store->dir = dir ? strdup(dir) : NULL;
    }
    if (store && dir && !store->dir) {
        free(store);
        return NULL;
    }
    return store;
}

/* Say why `store` could not be opened, and close it. */
static Store *open_failed(Store *store, const char *where, char *why, size_t why_size) {
    snprintf(why, why_size, "cannot use the history in \"%s\": %s", where,
             store->error[0] ? store->error : store->db ? sqlite3_errmsg(store->db) : "out of memory");
    store_close(store);
    return NULL;
}

Store *store_open(const char *dir, char *why, size_t why_size) {
    int err = dir ? make_dirs(dir) : ENOENT;
    Store *store = err ? NULL : store_new(dir);
    if (!store) {
        snprintf(why, why_size, "cannot create the state directory \"%s\": %s", dir ? dir : "(none)",
                 strerror(err ? err : ENOMEM));
        return NULL;
    }
    char *path = path_in(dir, STORE_DB_NAME);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    bool ok = path && sqlite3_open_v2(path, &store->db, flags, NULL) == SQLITE_OK &&
              configure(store) && migrate(store);
    if (!ok)
        store = open_failed(store, path ? path : dir, why, why_size);
    free(path);
    return store;
}

/* "file:PATH?QUERY" with the bytes a URI path may not hold escaped. */
static char *file_uri(const char *path, const char *query) {
    size_t n = strlen(path) * 3 + strlen(query) + 16;
    char *uri = malloc(n);
    if (!uri)
        return NULL;
    size_t at = (size_t)snprintf(uri, n, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        at += (size_t)(*p == '%' || *p == '?' || *p == '#' ? snprintf(uri + at, n - at, "%%%02X", *p)
                                                          : snprintf(uri + at, n - at, "%c", *p));
    snprintf(uri + at, n - at, "?%s", query);
    return uri;
}

/* Open `path` for reading only with URI `query`; true when its schema
 * version can be read. */
static bool open_read(Store *store, const char *path, const char *query) {
    char *uri = file_uri(path, query);
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    forget_statements(store);
    sqlite3_close(store->db);
    store->db = NULL;
    bool ok = uri && sqlite3_open_v2(uri, &store->db, flags, NULL) == SQLITE_OK &&
              schema_version(store) >= 0;
    free(uri);
    if (store->db)
        sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
    return ok;
}

/* An older schema is brought up to date in a copy in memory: reading
 * never changes the file. */
static bool migrate_in_memory(Store *store) {
    sqlite3 *copy = NULL;
    if (sqlite3_open(":memory:", &copy) != SQLITE_OK) {
        sqlite3_close(copy);
        return fail(store, "reading the history");
    }
    sqlite3_backup *b = sqlite3_backup_init(copy, "main", store->db, "main");
    bool ok = b && sqlite3_backup_step(b, -1) == SQLITE_DONE;
    sqlite3_backup_finish(b);
    forget_statements(store);
    sqlite3_close(store->db);
    store->db = copy;
    return ok ? migrate(store) : fail(store, "reading the history");
}

Store *store_open_read(const char *dir, char *why, size_t why_size) {
    Store *store = store_new(dir); /* the directory, to see who plays what */
    char *path = dir ? path_in(dir, STORE_DB_NAME) : NULL;
    struct stat st;
    bool ok = store && path;
    int missing = ok && stat(path, &st) != 0 ? errno : 0;
    if (missing && missing != ENOENT) { /* not "no history": one it cannot see */
        snprintf(store->error, sizeof store->error, "%s", strerror(missing));
        ok = false;
    } else if (missing) /* no history yet: an empty one */
        ok = sqlite3_open(":memory:", &store->db) == SQLITE_OK && migrate(store);
    else if (ok && !open_read(store, path, "mode=ro")) /* a WAL file it cannot create: a copy */
        ok = open_read(store, path, "immutable=1");
    int version = ok ? schema_version(store) : -1;
    if (ok && version > STORE_SCHEMA_VERSION)
        ok = migrate(store); /* says "newer routinec" */
    else if (ok && version < STORE_SCHEMA_VERSION)
        ok = migrate_in_memory(store);
    if (!ok && store)
        store = open_failed(store, path ? path : "(none)", why, why_size);
    else if (!store)
        snprintf(why, why_size, "out of memory");
    free(path);
    return store;
}

static void release_reserve(Store *store);
static void remove_stale_reserves(Store *store);

void store_close(Store *store) {
    if (!store)
        return;
    release_reserve(store);
    forget_statements(store);
    sqlite3_close(store->db);
    if (store->lock_fd >= 0)
        close(store->lock_fd); /* releases the session's lock */
    free(store->dir);
    free(store);
}

/* ---- claiming a session, and room kept for its end ---------------------- */

/* Lock (or, with F_GETLK, test) the byte of LOCK_NAME at offset `session`. */
static bool lock_byte(int fd, int cmd, int64_t session, bool *held_by_other) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = (off_t)session, .l_len = 1};
    if (fcntl(fd, cmd, &fl) != 0)
        return false;
    if (held_by_other)
        *held_by_other = cmd == F_GETLK && fl.l_type != F_UNLCK;
    return true;
}

static bool claim(Store *store, int64_t session) {
    if (!store->dir || session < 0)
        return false;
    if (store->lock_fd < 0) {
        char *path = path_in(store->dir, LOCK_NAME);
        store->lock_fd = path ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
        free(path);
    }
    if (store->lock_fd < 0 || !lock_byte(store->lock_fd, F_SETLK, session, NULL))
        return false;
    store->claimed = session;
    return true;
}

bool store_session_playing(Store *store, int64_t session) {
    char *path = store->dir ? path_in(store->dir, LOCK_NAME) : NULL;
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    bool held = false;
    /* Our own locks do not show through F_GETLK: this process plays it. */
    if (fd >= 0 && !lock_byte(fd, F_GETLK, session, &held))
        held = false;
    if (fd >= 0)
        close(fd);
    free(path);
    return held || store->claimed == session;
}

static char *reserve_path(const Store *store, int64_t session) {
    char name[64];
    snprintf(name, sizeof name, "%s-reserve-%lld", STORE_DB_NAME, (long long)session);
    return store->dir ? path_in(store->dir, name) : NULL;
}

/* Write RESERVE_BYTES of zeros for `session` (real blocks, not a hole).
 * Without room for it the session plays on without. */
static void make_reserve(Store *store, int64_t session) {
    static const char zeros[8192];
    release_reserve(store);
    char *path = reserve_path(store, session);
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    bool ok = fd >= 0;
    for (size_t done = 0; ok && done < RESERVE_BYTES; done += sizeof zeros)
        ok = write(fd, zeros, sizeof zeros) == (ssize_t)sizeof zeros;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok)
        store->reserved = session;
    else if (path)
        unlink(path);
    free(path);
    remove_stale_reserves(store);
}

/* The reserves of sessions no process plays any more (killed before they
 * could delete theirs): a kill -9 must not leave them piling up. */
static void remove_stale_reserves(Store *store) {
    char prefix[64];
    int len = snprintf(prefix, sizeof prefix, "%s-reserve-", STORE_DB_NAME);
    DIR *d = store->dir ? opendir(store->dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char *end = NULL;
        if (strncmp(e->d_name, prefix, (size_t)len) != 0)
            continue;
        long long id = strtoll(e->d_name + len, &end, 10);
        if (end && *end == '\0' && id >= 0 && id != store->reserved && !store_session_playing(store, id)) {
            char *path = path_in(store->dir, e->d_name);
            if (path)
                unlink(path);
            free(path);
        }
    }
    if (d)
        closedir(d);
}

static void release_reserve(Store *store) {
    char *path = store->reserved >= 0 ? reserve_path(store, store->reserved) : NULL;
    if (path)
        unlink(path);
    free(path);
    store->reserved = -1;
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
                  " section, level, variant, step, stage) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)",
                  "tttitttit", info->routine, info->path, hash,
                  info->started_at, info->select.section, info->select.level, info->select.variant,
                  (int64_t)info->select.step, info->select.stage);
    int64_t id = ok ? sqlite3_last_insert_rowid(store->db) : -1;
    ok = ok && run(store, "INSERT INTO journal(session, updated_at) VALUES (?, ?)", "ii", id,
                   info->started_at);
    if (!end(store, ok))
        return -1;
    claim(store, id); /* a fresh id: no one else can hold it */
    make_reserve(store, id);
    return id;
}

static bool put_exercise(Store *store, int64_t session, const StoreExercise *e) {
    return run(store,
               "INSERT INTO exercise_results(session, seq, name, section, reps_done, reps_planned,"
               " outcome, reps_least, hold_ms_done, hold_ms_planned, hold_ms_least)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(session, seq) DO UPDATE SET"
               " reps_done = excluded.reps_done, reps_planned = excluded.reps_planned,"
               " outcome = excluded.outcome, reps_least = excluded.reps_least,"
               " hold_ms_done = excluded.hold_ms_done, hold_ms_planned = excluded.hold_ms_planned,"
               " hold_ms_least = excluded.hold_ms_least",
               "iittiitiiii", session, (int64_t)e->seq, e->name ? e->name : "",
               e->section ? e->section : "", (int64_t)e->reps_done, (int64_t)e->reps_planned,
               e->outcome ? e->outcome : "playing", (int64_t)e->reps_least, e->hold_ms_done,
               e->hold_ms_planned, e->hold_ms_least);
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
               " reps_done = ?, updated_at = " NOW_MS_SQL " WHERE session = ?",
               "biiii", n ? (const void *)blob : NULL, n, (int64_t)p->exercise_seq,
               (int64_t)p->exercise_reps, (int64_t)p->reps_done, session);
}

void store_journal_lost(Store *store, int64_t session) {
    char error[sizeof store->error];
    memcpy(error, store->error, sizeof error); /* the first failure is the one to report */
    release_reserve(store);
    if (begin(store))
        end(store, run(store, "UPDATE journal SET lost = 1 WHERE session = ?", "i", session));
    memcpy(store->error, error, sizeof error);
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

/* ---- what the patient said, per routine ------------------------------ */

bool store_state_set(Store *store, const char *path, const char *name, const char *value,
                     int64_t now_ms) {
    return begin(store) &&
           end(store, run(store,
                          "INSERT INTO patient_state(path, name, value, updated_at) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT(path, name) DO UPDATE SET value = excluded.value,"
                          " updated_at = excluded.updated_at",
                          "ttti", path, name, value, now_ms));
}

char *store_state_get(Store *store, const char *path, const char *name) {
    sqlite3_stmt *st = NULL;
    char *value = NULL;
    if (sqlite3_prepare_v2(store->db, "SELECT value FROM patient_state WHERE path = ? AND name = ?", -1,
                           &st, NULL) != SQLITE_OK) {
        fail(store, "preparing a statement");
        return NULL;
    }
    if (sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        value = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
}

bool store_difficulty(Store *store, int64_t session, const char *difficulty) {
    return begin(store) &&
           end(store, run(store, "UPDATE sessions SET difficulty = ? WHERE id = ?", "ti", difficulty, session));
}

bool store_session_end(Store *store, int64_t session, StoreStatus status, int64_t duration_ms,
                       int64_t ended_at) {
    /* The session's end is committed with synchronous=FULL: it syncs the
     * WAL, and with it every rep before (store.h). */
    if (!run_named(store, "syncing the history", "PRAGMA synchronous = FULL") || !begin(store))
        return false;
    bool ok = run(store, "UPDATE sessions SET status = ?, duration_ms = ?, ended_at = ? WHERE id = ?",
                  "tiii", store_status_name(status), duration_ms, ended_at, session);
    if (ok && status == STORE_COMPLETED)
        ok = run(store, "DELETE FROM journal WHERE session = ?", "i", session);
    if (end(store, ok)) {
        release_reserve(store);
        return true;
    }
    if (store->reserved < 0)
        return false;
    release_reserve(store); /* the disk may be full: room for the end, once */
    return store_session_end(store, session, status, duration_ms, ended_at);
}

bool store_session_resume(Store *store, int64_t session) {
    bool ok = begin(store) &&
              end(store, run(store,
                             "UPDATE sessions SET status = 'running', ended_at = NULL,"
                             " resumed = resumed + 1 WHERE id = ?",
                             "i", session) &&
                             run(store, "UPDATE journal SET updated_at = " NOW_MS_SQL " WHERE session = ?",
                                 "i", session));
    if (ok)
        make_reserve(store, session);
    return ok;
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
    out->stage = column_dup(st, 13);
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

/* The journals of `path` that no later session superseded (none of them
 * started after the journal's session was last played), newest first. */
static const char FIND_SQL[] =
    "SELECT s.id, s.source_hash, s.routine, s.section, s.level, s.variant, s.step, s.started_at,"
    " j.snapshot, j.exercise_seq, j.exercise_reps, j.reps_done, j.lost, s.stage"
    " FROM sessions s JOIN journal j ON j.session = s.id"
    " WHERE s.path = ?1 AND NOT EXISTS (SELECT 1 FROM sessions t WHERE t.path = s.path"
    "   AND t.id <> s.id AND t.started_at > coalesce(s.ended_at, j.updated_at, s.started_at))"
    " ORDER BY s.id DESC";

typedef struct {
    int64_t candidate; /* the newest journal not being played, or -1 */
    int64_t playing;   /* a newer one being played now, or -1 */
    bool lost;         /* the candidate's progress stopped being saved */
} Candidate;

/* The first candidate of FIND_SQL's rows that nobody else plays; with
 * `take`, claimed for this process (a lock taken, not tested: two
 * windows resuming at once cannot both get it). */
static int next_candidate(Store *store, sqlite3_stmt *st, bool take, Candidate *c) {
    int rc;
    c->candidate = c->playing = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        bool mine = store->claimed == id;
        bool free_now = mine || (take ? claim(store, id) : !store_session_playing(store, id));
        if (free_now) {
            c->candidate = id;
            c->lost = sqlite3_column_int(st, 12) != 0;
            break;
        }
        if (c->playing < 0)
            c->playing = id;
    }
    return rc;
}

/* Why there is nothing to continue. */
static void nothing_to_continue(Store *store, const char *path, const Candidate *c, char *why,
                                size_t why_size) {
    sqlite3_stmt *st = NULL;
    bool any = sqlite3_prepare_v2(store->db, "SELECT 1 FROM sessions WHERE path = ?", -1, &st, NULL) ==
                   SQLITE_OK &&
               sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
               sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (c->playing >= 0)
        snprintf(why, why_size, "the saved session (number %lld) is being played now, in another window",
                 (long long)c->playing);
    else if (any)
        snprintf(why, why_size, "the last session of this routine was completed; there is nothing to continue");
    else
        snprintf(why, why_size, "there is no saved session of this routine to continue");
}

static StoreFind find_journal(Store *store, const char *path, bool take, StoreJournal *out, char *why,
                              size_t why_size) {
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    Candidate c = {-1, -1, false};
    int rc = sqlite3_prepare_v2(store->db, FIND_SQL, -1, &st, NULL) == SQLITE_OK &&
                     sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK
                 ? next_candidate(store, st, take, &c)
                 : SQLITE_ERROR;
    StoreFind found = STORE_NONE;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        snprintf(why, why_size, "cannot read the history: %s", sqlite3_errmsg(store->db));
        found = STORE_FAILED;
    } else if (c.candidate < 0) {
        nothing_to_continue(store, path, &c, why, why_size);
    } else if (c.lost) {
        snprintf(why, why_size, "the saved session (number %lld) went on after its progress could no longer "
                 "be saved (was the disk full?), so where it stopped is not known", (long long)c.candidate);
    } else if (!read_journal(st, out)) {
        snprintf(why, why_size, "the saved session (number %lld) is damaged and cannot be continued",
                 (long long)c.candidate);
        found = STORE_DAMAGED;
    } else {
        found = STORE_FOUND;
    }
    sqlite3_finalize(st);
    if (found != STORE_FOUND)
        store_journal_free(out);
    return found;
}

StoreFind store_find_resumable(Store *store, const char *path, StoreJournal *out, char *why,
                               size_t why_size) {
    return find_journal(store, path, true, out, why, why_size);
}

int64_t store_resumable(Store *store, const char *path) {
    StoreJournal j;
    char why[8];
    int64_t id = find_journal(store, path, false, &j, why, sizeof why) == STORE_FOUND ? j.session : -1;
    store_journal_free(&j);
    return id;
}

void store_journal_free(StoreJournal *j) {
    free(j->routine);
    free(j->section);
    free(j->level);
    free(j->variant);
    free(j->stage);
    j->routine = j->section = j->level = j->variant = j->stage = NULL;
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
    " (SELECT coalesce(sum(reps_planned), 0) FROM exercise_results e WHERE e.session = s.id),"
    " (SELECT lost FROM journal j WHERE j.session = s.id), s.stage,"
    " (SELECT coalesce(sum(coalesce(reps_least, reps_planned)), 0) FROM exercise_results e"
    "   WHERE e.session = s.id),"
    " (SELECT coalesce(sum(hold_ms_done), 0) FROM exercise_results e WHERE e.session = s.id),"
    " (SELECT coalesce(sum(hold_ms_planned), 0) FROM exercise_results e WHERE e.session = s.id),"
    " (SELECT coalesce(sum(hold_ms_least), 0) FROM exercise_results e WHERE e.session = s.id)"
    " FROM sessions s WHERE ?1 IS NULL OR s.path = ?1 OR s.routine = ?1 ORDER BY s.id";

/* What --resume would do with the session of row `st`: `*resumable_of`
 * caches the answer for the last path asked. */
static void resume_state(Store *store, sqlite3_stmt *st, StoreSessionRow *row, char **last_path,
                         int64_t *resumable_of) {
    bool journal = sqlite3_column_type(st, 14) != SQLITE_NULL;
    row->journal_lost = journal && sqlite3_column_int(st, 14) != 0;
    row->playing = strcmp(row->status, "running") == 0 && store_session_playing(store, row->id);
    if (!journal || row->journal_lost || row->playing)
        return;
    if (!*last_path || strcmp(*last_path, row->path) != 0) {
        free(*last_path);
        *last_path = strdup(row->path);
        *resumable_of = store_resumable(store, row->path);
    }
    row->resumable = *resumable_of == row->id;
}

static void visit_session(Store *store, sqlite3_stmt *st, const StoreVisitor *v, void *ctx,
                          char **last_path, int64_t *resumable_of) {
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
        .stage = column_text(st, 15),
        .exercises_completed = column_u32(st, 10),
        .exercises_skipped = column_u32(st, 11),
        .reps_done = (uint64_t)sqlite3_column_int64(st, 12),
        .reps_planned = (uint64_t)sqlite3_column_int64(st, 13),
        .reps_least = (uint64_t)sqlite3_column_int64(st, 16),
        .hold_ms_done = sqlite3_column_int64(st, 17),
        .hold_ms_planned = sqlite3_column_int64(st, 18),
        .hold_ms_least = sqlite3_column_int64(st, 19),
    };
    if (row.path && row.status)
        resume_state(store, st, &row, last_path, resumable_of);
    if (v->session)
        v->session(ctx, &row);
}

bool store_session_answers(Store *store, int64_t session,
                           void (*visit)(void *ctx, const StoreAnswerRow *row), void *ctx) {
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT kind, exercise, detail, t_ms, value, step FROM session_answers"
                      " WHERE session = ? ORDER BY id";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the history");
    sqlite3_bind_int64(st, 1, session);
    while (sqlite3_step(st) == SQLITE_ROW) {
        StoreAnswerRow row = {session, column_text(st, 0), column_text(st, 1), column_text(st, 2),
                              sqlite3_column_int64(st, 3), column_rating(st, 4), column_u32(st, 5)};
        if (row.kind)
            visit(ctx, &row);
    }
    sqlite3_finalize(st);
    return true;
}

static bool visit_details(Store *store, int64_t session, const StoreVisitor *v, void *ctx) {
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT seq, name, section, outcome, reps_done, reps_planned,"
                      " coalesce(reps_least, reps_planned), hold_ms_done, hold_ms_planned, hold_ms_least"
                      " FROM exercise_results WHERE session = ? ORDER BY seq";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the history");
    sqlite3_bind_int64(st, 1, session);
    while (sqlite3_step(st) == SQLITE_ROW && v->exercise) {
        StoreExerciseRow row = {session, column_u32(st, 0), column_text(st, 1), column_text(st, 2),
                                column_text(st, 3), column_u32(st, 4), column_u32(st, 5), column_u32(st, 6),
                                sqlite3_column_type(st, 7) != SQLITE_NULL, sqlite3_column_int64(st, 7),
                                sqlite3_column_int64(st, 8), sqlite3_column_int64(st, 9)};
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
    char *last_path = NULL;
    int64_t resumable_of = -1;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        visit_session(store, st, v, ctx, &last_path, &resumable_of);
        ok = visit_details(store, sqlite3_column_int64(st, 0), v, ctx);
    }
    free(last_path);
    if (ok && rc != SQLITE_DONE)
        ok = fail(store, "reading the history");
    sqlite3_finalize(st);
    sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
    return ok;
}

/* ---- the programme over weeks ------------------------------------------- */

/* Append column 0 of every row of `sql` (bound to `path`) to *list. */
static bool read_list(Store *store, const char *sql, const char *path, char ***list, uint32_t *n,
                      char ***second) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the programme");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        char **grown = realloc(*list, (*n + 1) * sizeof *grown);
        char **grown2 = grown && second ? realloc(*second, (*n + 1) * sizeof *grown2) : NULL;
        if (grown)
            *list = grown;
        if (grown2)
            *second = grown2;
        ok = grown && (!second || grown2);
        if (ok) {
            (*list)[*n] = column_dup(st, 0);
            if (second)
                (*second)[*n] = column_dup(st, 1);
            ok = (*list)[*n] != NULL;
            *n += 1;
        }
    }
    sqlite3_finalize(st);
    if (!ok)
        snprintf(store->error, sizeof store->error, "reading the programme: out of memory");
    return ok;
}

bool store_programme(Store *store, const char *path, StoreProgramme *out) {
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db,
                           "SELECT stage, started_at, step FROM programme_stages WHERE path = ?"
                           " ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the programme");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->stage = column_dup(st, 0);
        out->stage_since = sqlite3_column_int64(st, 1);
        out->step = column_u32(st, 2) ? column_u32(st, 2) : 1;
    }
    sqlite3_finalize(st);
    bool ok = read_list(store, "SELECT requirement FROM programme_unlocks WHERE path = ?"
                               " ORDER BY enabled_at, requirement",
                        path, &out->enabled, &out->n_enabled, NULL) &&
              read_list(store, "SELECT exercise, alternative FROM programme_choices WHERE path = ?"
                               " ORDER BY exercise",
                        path, &out->exercises, &out->n_choices, &out->alternatives);
    if (!ok)
        store_programme_free(out);
    return ok;
}

void store_programme_free(StoreProgramme *p) {
    for (uint32_t i = 0; i < p->n_enabled; i++)
        free(p->enabled[i]);
    for (uint32_t i = 0; i < p->n_choices; i++) {
        free(p->exercises[i]);
        free(p->alternatives ? p->alternatives[i] : NULL);
    }
    free(p->stage);
    free(p->enabled);
    free(p->exercises);
    free(p->alternatives);
    memset(p, 0, sizeof *p);
}

bool store_stage_start(Store *store, const char *path, const char *stage, uint32_t step,
                       const char *how, int64_t session, int64_t at) {
    return begin(store) &&
           end(store, run(store,
                          "INSERT INTO programme_stages(path, stage, started_at, how, session, step)"
                          " VALUES (?, ?, ?, ?, nullif(?, -1), ?)",
                          "ttitii", path, stage, at, how, session, (int64_t)(step ? step : 1)));
}

bool store_session_stage(Store *store, int64_t session, const char *stage, uint32_t step) {
    return begin(store) &&
           end(store, run(store, "UPDATE sessions SET stage = ?, step = coalesce(nullif(?, 0), step)"
                                 " WHERE id = ?", "tii", stage, (int64_t)step, session));
}

bool store_unlock(Store *store, const char *path, const char *requirement, bool enable) {
    const char *sql = enable ? "INSERT OR IGNORE INTO programme_unlocks(path, requirement, enabled_at)"
                               " VALUES (?, ?, " NOW_MS_SQL ")"
                             : "DELETE FROM programme_unlocks WHERE path = ? AND requirement = ?";
    return begin(store) && end(store, run(store, sql, "tt", path, requirement));
}

bool store_choose(Store *store, const char *path, const char *exercise, const char *alternative) {
    return begin(store) &&
           end(store, run(store,
                          "INSERT INTO programme_choices(path, exercise, alternative, chosen_at)"
                          " VALUES (?, ?, ?, " NOW_MS_SQL ") ON CONFLICT(path, exercise) DO UPDATE SET"
                          " alternative = excluded.alternative, chosen_at = excluded.chosen_at",
                          "ttt", path, exercise, alternative));
}

bool store_answer(Store *store, int64_t session, const StoreAnswer *a) {
    return begin(store) &&
           end(store, run(store,
                          "INSERT INTO session_answers(session, t_ms, kind, exercise, value, detail, step)"
                          " VALUES (?, ?, ?, ?, nullif(?, -1), ?, nullif(?, 0))",
                          "iittiti", session, a->t_ms, a->kind, a->exercise, (int64_t)a->value,
                          a->detail, (int64_t)a->step));
}

/* The highest pain session `t` recorded: its rating, its pain stops', its
 * pain choices' (-1: none). */
#define SESSION_PAIN_SQL(t)                                                                   \
    "max(coalesce(" t ".pain_rating, -1),"                                                      \
    " coalesce((SELECT max(rating) FROM pain_stops p WHERE p.session = " t ".id), -1),"       \
    " coalesce((SELECT max(value) FROM session_answers a WHERE a.session = " t ".id"          \
    "   AND a.kind = 'pain_choice'), -1))"

static const char STAGE_COUNTS_SQL[] =
    "SELECT"
    " (SELECT count(*) FROM sessions s WHERE s.path = ?1 AND coalesce(s.stage, '') = ?2"
    "   AND max(s.step, 1) = ?5 AND s.started_at >= ?3"
    "   AND s.status = 'completed' AND s.id > coalesce((SELECT max(t.id) FROM sessions t"
    "     WHERE t.path = ?1 AND coalesce(t.stage, '') = ?2 AND max(t.step, 1) = ?5"
    "     AND t.started_at >= ?3 AND " SESSION_PAIN_SQL("t") "     > ?4), 0)),"
    " (SELECT count(*) FROM pain_stops p JOIN sessions s ON p.session = s.id"
    "   WHERE s.path = ?1 AND coalesce(s.stage, '') = ?2 AND max(s.step, 1) = ?5"
    "   AND s.started_at >= ?3)";

bool store_stage_counts(Store *store, const char *path, const char *stage, uint32_t step, int64_t since,
                        uint32_t pain_at_most, StoreStageCounts *out) {
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(store->db, STAGE_COUNTS_SQL, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the programme");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, stage, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, since);
    sqlite3_bind_int64(st, 4, pain_at_most > 10 ? 10 : (int64_t)pain_at_most);
    sqlite3_bind_int64(st, 5, step > 1 ? (int64_t)step : 1);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        out->completed = column_u32(st, 0);
        out->pain_stops = column_u32(st, 1);
    }
    sqlite3_finalize(st);
    return ok || fail(store, "reading the programme");
}

int64_t store_declined_at(Store *store, const char *path, const char *stage, const char *kind) {
    sqlite3_stmt *st = NULL;
    int64_t at = 0;
    const char *sql = "SELECT coalesce(max(s.started_at), 0) FROM session_answers a"
                      " JOIN sessions s ON a.session = s.id"
                      " WHERE s.path = ? AND coalesce(s.stage, '') = ? AND a.kind = ? AND a.value = 0";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
        sqlite3_bind_text(st, 2, stage, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
        sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        at = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return at;
}

bool store_stages(Store *store, const char *path, void (*visit)(void *ctx, const StoreStageRow *row),
                  void *ctx) {
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT stage, how, started_at, step FROM programme_stages WHERE path = ? ORDER BY id";
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(store, "reading the programme");
    sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        StoreStageRow row = {column_text(st, 0), column_text(st, 1), sqlite3_column_int64(st, 2),
                             column_u32(st, 3)};
        if (row.stage && row.how)
            visit(ctx, &row);
    }
    sqlite3_finalize(st);
    return true;
}
