/*
 * fuzz_journal.c -- libFuzzer harness: any bytes as a resume journal.
 *
 * A journal is input like a .rtb file: `run --resume` reads a snapshot
 * blob back from the database and must use none of it before
 * vm_snapshot_problem() has matched it against the program it belongs to.
 * The first input byte picks one of the repository's routines and a
 * selection; the rest is the blob exactly as journal.snapshot stores it.
 * The harness aborts when
 *   - a blob decodes but does not encode back to the same bytes;
 *   - the check accepts a snapshot that vm_restore() then refuses;
 *   - or (through the sanitizers and -timeout) restoring an accepted one
 *     and playing on crashes, overflows or does not end.
 *
 * Seeds: with FUZZ_JOURNAL_SEEDS=DIR set, LLVMFuzzerInitialize writes the
 * blob of every position each program is journalled at (the start of each
 * rep and exercise, for each selection) into DIR and exits; run.sh does
 * that before fuzzing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "driver.h"
#include "vm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Programs compiled once, from the repository (run.sh runs at its top),
 * or this one when those files are not there. */
static const char *const JOURNAL_FILES[] = {"routines/lowback.rt", "routines/lowback-advanced.rt",
                                            "tests/e2e/session.rt"};
static const char JOURNAL_FALLBACK[] =
    "routine \"R\" { section \"Warm up\" { exercise \"Knee\" stretch { hold 3s;"
    " repeat 4 each side alternating; side \"knee\"; left side first; }"
    " exercise \"Both\" stretch { hold 2s; repeat 3; } } }";
#define JOURNAL_MAX_PROGRAMS 4u

static const VmSelection JOURNAL_SELECTIONS[] = {
    {.step = 0},
    {.level = "advanced"},
    {.variant = "Both arms and legs"},
    {.section = "Standing"},
};
#define JOURNAL_N_SELECTIONS (sizeof JOURNAL_SELECTIONS / sizeof *JOURNAL_SELECTIONS)

typedef struct {
    Program programs[JOURNAL_MAX_PROGRAMS];
    size_t n;
} JournalPrograms;

static bool journal_compile(Program *out, const char *path, const char *text) {
    Compilation c;
    Chunk chunk;
    FILE *sink = fopen("/dev/null", "w");
    compile_init(&c, sink, false);
    chunk_init(&chunk);
    bool ok = (path ? compile_load(&c, path) : compile_load_text(&c, "fuzz.rt", text, strlen(text))) ==
                  COMPILE_OK &&
              compile_check(&c) == COMPILE_OK && compile_program(&c, &chunk, out) == COMPILE_OK;
    chunk_free(&chunk);
    compile_free(&c);
    if (sink)
        fclose(sink);
    return ok;
}

static JournalPrograms *journal_programs(void) {
    static JournalPrograms all;
    static bool loaded;
    if (loaded)
        return &all;
    loaded = true;
    for (size_t i = 0; i < sizeof JOURNAL_FILES / sizeof *JOURNAL_FILES; i++)
        if (journal_compile(&all.programs[all.n], JOURNAL_FILES[i], NULL))
            all.n++;
    if (journal_compile(&all.programs[all.n], NULL, JOURNAL_FALLBACK))
        all.n++;
    return &all;
}

/* ---- seeds: every journalled position ------------------------------------- */

typedef struct {
    const Vm *vm;
    const char *dir;
    unsigned tag, count;
} SeedWriter;

static void journal_seed_event(void *ctx, const VmEvent *ev) {
    SeedWriter *w = ctx;
    if (ev->kind != EV_REP && ev->kind != EV_EXERCISE)
        return;
    VmSnapshot snap;
    vm_snapshot(w->vm, &snap);
    if (ev->kind == EV_REP)
        snap.pc = ev->pc;
    uint8_t blob[1 + VM_SNAPSHOT_MAX];
    size_t n = vm_snapshot_encode(&snap, blob + 1, sizeof blob - 1);
    char path[4096];
    snprintf(path, sizeof path, "%s/p%02x-%05u", w->dir, w->tag, w->count++);
    FILE *f = n ? fopen(path, "wb") : NULL;
    blob[0] = (uint8_t)w->tag;
    if (f) {
        fwrite(blob, 1, n + 1, f);
        fclose(f);
    }
}

static void journal_write_seeds(const char *dir) {
    JournalPrograms *all = journal_programs();
    for (unsigned p = 0; p < all->n; p++)
        for (unsigned s = 0; s < JOURNAL_N_SELECTIONS; s++) {
            Vm vm;
            SeedWriter w = {&vm, dir, p | s << 2, 0};
            if (vm_init(&vm, &all->programs[p], &JOURNAL_SELECTIONS[s], journal_seed_event, &w, NULL))
                (void)drive_virtual(&vm, NULL, 0);
            vm_free(&vm);
        }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *dir = getenv("FUZZ_JOURNAL_SEEDS");
    if (dir) {
        journal_write_seeds(dir);
        exit(0);
    }
    return 0;
}

/* ---- one input ------------------------------------------------------------- */

static void journal_round_trip(const uint8_t *blob, size_t size, const VmSnapshot *snap) {
    uint8_t again[VM_SNAPSHOT_MAX];
    size_t n = vm_snapshot_encode(snap, again, sizeof again);
    if (n != size || memcmp(again, blob, size) != 0)
        abort(); /* decode accepted bytes that are not the encoding of what it read */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    JournalPrograms *all = journal_programs();
    if (size < 1 || all->n == 0)
        return 0;
    const Program *program = &all->programs[data[0] % 4u % all->n];
    const VmSelection *select = &JOURNAL_SELECTIONS[(data[0] >> 2) % JOURNAL_N_SELECTIONS];
    VmSnapshot snap;
    if (!vm_snapshot_decode(data + 1, size - 1, &snap))
        return 0;
    journal_round_trip(data + 1, size - 1, &snap);
    Vm vm;
    const char *why = NULL;
    if (vm_init(&vm, program, select, NULL, NULL, NULL)) {
        bool fits = vm_snapshot_problem(program, select, &snap) == NULL;
        bool restored = vm_restore(&vm, &snap, &why);
        if (fits != restored)
            abort(); /* the check and the restore disagree */
        if (restored)
            (void)drive_virtual(&vm, NULL, 0);
    }
    vm_free(&vm);
    return 0;
}
