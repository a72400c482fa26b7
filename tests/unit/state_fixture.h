/*
 * state_fixture.h -- shared by the suites that keep a history (store,
 * stages, session): a temporary state directory per test, the store
 * opened in it, and a session played there on the virtual clock with
 * scripted keys.  Included by one test file each, never by project code;
 * the functions are static inline so that a suite uses what it needs.
 */
#ifndef ROUTINEC_STATE_FIXTURE_H
#define ROUTINEC_STATE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"

typedef struct {
    char dir[64];
    char db[96]; /* the database file in it */
} TempDir;

/* A new empty directory /tmp/routinec-SUITE-XXXXXX. */
static inline void temp_dir_named(TempDir *t, const char *suite) {
    snprintf(t->dir, sizeof t->dir, "/tmp/routinec-%s-XXXXXX", suite);
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->db, sizeof t->db, "%s/%s", t->dir, STORE_DB_NAME);
}

static inline void remove_tree(const char *dir) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static inline void remove_dir(TempDir *t) {
    remove_tree(t->dir);
}

static inline Store *open_ok(const TempDir *t) {
    char why[512];
    Store *s = store_open(t->dir, why, sizeof why);
    if (!s)
        fail_msg("store_open: %s", why);
    return s;
}

#ifdef ROUTINEC_COMPILE_FIXTURE_H /* the session suites: a compiled Fixture */
#include "driver.h"
#include "session.h"

/* Sessions played one after the other in one state directory. */
typedef struct {
    char dir[64];
    const char *routine; /* the name it is run as (its history's key) */
    char *out, *events;  /* the last session's lines and events */
    size_t out_size, events_size;
} Run;

static inline void run_begin(Run *run, const char *suite, const char *routine) {
    memset(run, 0, sizeof *run);
    snprintf(run->dir, sizeof run->dir, "/tmp/routinec-%s-XXXXXX", suite);
    assert_non_null(mkdtemp(run->dir));
    run->routine = routine;
}

static inline void run_end(Run *run) {
    free(run->out);
    free(run->events);
    remove_tree(run->dir);
}

/* Play f's program with `script` (driver.h's keys) on the virtual clock,
 * `stage` selected (NULL: the one the history says); the exit status. */
static inline int run_play(Fixture *f, Run *run, bool resume, const char *stage, const char *script) {
    ScriptedKey *keys = NULL;
    size_t n = 0;
    char err[200];
    assert_true(keys_parse(script, &keys, &n, err, sizeof err));
    free(run->out);
    free(run->events);
    run->out = run->events = NULL;
    FILE *out = open_memstream(&run->out, &run->out_size);
    FILE *events = open_memstream(&run->events, &run->events_size);
    SessionOptions o = {.speed = 1, .events = events, .events_name = "mem", .out = out,
                        .routine_path = run->routine, .state_dir = run->dir, .resume = resume};
    VmSelection select = {.stage = stage};
    int status = session_run_virtual(&f->program, &select, &o, keys, n);
    fclose(out);
    fclose(events);
    free(keys);
    return status;
}
#endif

#endif
