/* programme.c -- see programme.h. */
#include "programme.h"

#include <string.h>
#include <time.h>

#include "driver.h"
#include "history.h"
#include "names.h"
#include "safetext.h"

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool listed(const char *name, const char *const *list, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (list[i] && names_equal(list[i], name))
            return true;
    return false;
}

static void add_enabled(Programme *pg, const char *name, const char *const *disabled, uint32_t n_disabled) {
    if (name && !listed(name, disabled, n_disabled) && !listed(name, pg->enabled, pg->n_enabled) &&
        pg->n_enabled < PROGRAMME_MAX_ENABLED)
        pg->enabled[pg->n_enabled++] = name;
}

/* --enable is remembered, --disable forgotten; the selection gets both
 * with what was remembered before. */
static void apply_enabled(Programme *pg, Store *store, const char *path, VmSelection *select,
                          const char *const *disabled, uint32_t n_disabled, bool record) {
    for (uint32_t i = 0; record && i < select->n_enabled; i++)
        if (!listed(select->enabled[i], disabled, n_disabled))
            store_unlock(store, path, select->enabled[i], true);
    for (uint32_t i = 0; record && i < pg->saved.n_enabled; i++) /* as spelt when enabled */
        if (listed(pg->saved.enabled[i], disabled, n_disabled))
            store_unlock(store, path, pg->saved.enabled[i], false);
    for (uint32_t i = 0; i < select->n_enabled; i++)
        add_enabled(pg, select->enabled[i], disabled, n_disabled);
    for (uint32_t i = 0; i < pg->saved.n_enabled; i++)
        add_enabled(pg, pg->saved.enabled[i], disabled, n_disabled);
    select->enabled = pg->enabled;
    select->n_enabled = pg->n_enabled;
}

static void apply_choices(Programme *pg, VmSelection *select) {
    for (uint32_t i = 0; i < pg->saved.n_choices && pg->n_choices < PROGRAMME_MAX_CHOICES; i++)
        pg->choices[pg->n_choices++] = (VmChoice){pg->saved.exercises[i], pg->saved.alternatives[i]};
    select->choices = pg->choices;
    select->n_choices = pg->n_choices;
}

/* The program's spelling of stage `name`, or NULL. */
static const char *stage_named(const char *const *stages, uint32_t n, const char *name) {
    for (uint32_t i = 0; name && i < n; i++)
        if (names_equal(stages[i], name))
            return stages[i];
    return NULL;
}

static void note(FILE *err, const char *name, const char *fmt, const char *a, const char *b,
                 const char *c) {
    if (err) {
        char said[600]; /* the routine's and its stages' names: through safetext.h */
        snprintf(said, sizeof said, fmt, a, b, c);
        safe_text_printf(err, "routinec: %s: %s\n", name, said);
    }
}

/* Which stage to play, and whether it is the programme's current one. */
static void choose_stage(Programme *pg, Store *store, const char *path, const char *name,
                         const char *const *stages, uint32_t n, VmSelection *select, bool record,
                         FILE *err) {
    char date[64];
    const char *saved = stage_named(stages, n, pg->saved.stage);
    const char *asked = stage_named(stages, n, select->stage);
    if (pg->saved.stage && !saved && !select->stage)
        note(err, name, "the stage \"%s\" you were at is not in this routine any more; "
                        "starting again at \"%s\"%s", pg->saved.stage, stages[0], "");
    if (select->stage && !asked)
        return; /* the VM says that no such stage exists */
    pg->stage = asked ? asked : saved ? saved : stages[0];
    if (asked && saved && asked != saved)
        note(err, name, "playing the stage \"%s\" as asked; your programme stays at \"%s\" "
                        "(since %s)", asked, saved,
             history_date(pg->saved.stage_since, false, date, sizeof date));
    pg->in_programme = !saved || pg->stage == saved;
    if (!saved && record && store_stage_start(store, path, pg->stage, 1, "first", -1, wall_ms())) {
        pg->saved.stage_since = wall_ms();
        pg->saved.step = 1;
    }
    else if (!saved)
        pg->in_programme = false;
    select->stage = pg->stage;
}

static void on_rule(void *ctx, const VmEvent *ev) {
    Programme *pg = ctx;
    if (ev->kind != EV_RULE)
        return;
    ProgrammeRule *r = ev->code == VM_RULE_ADVANCE ? &pg->advance : &pg->step_back;
    r->present = true;
    r->n = ev->lo;
    r->pain_at_most = ev->code == VM_RULE_ADVANCE && ev->hi <= 10 ? ev->hi : 11;
}

static uint32_t index_of(const char *const *stages, uint32_t n, const char *stage) {
    for (uint32_t i = 0; i < n; i++)
        if (stages[i] == stage)
            return i;
    return n;
}

/* Where the rules move from (`stage`, `step`): through the stage's
 * steps first, then to the stage after (its first step) or before (its
 * last step). */
static void set_targets(Programme *pg, const Program *program, const char *const *stages, uint32_t n,
                        const char *stage, uint32_t step) {
    uint32_t at = index_of(stages, n, stage), steps = vm_steps(program, stage);
    bool stepped = steps > 1 || (n > 0 ? vm_steps(program, NULL) > 1 : false);
    ProgrammeRule *a = &pg->advance, *b = &pg->step_back;
    if (step < steps)
        a->can = true, a->to = stage, a->to_step = step + 1;
    else if (at + 1 < n)
        a->can = true, a->to = stages[at + 1], a->to_step = stepped ? 1 : 0;
    if (step > 1)
        b->can = true, b->to = stage, b->to_step = step - 1;
    else if (at > 0 && at < n)
        b->can = true, b->to = stages[at - 1], b->to_step = stepped ? vm_steps(program, stages[at - 1]) : 0;
}

/* The rules (`stage`, `step`) plays by (from a dry run: the routine's,
 * then the stage's own, which win), and where they move to. */
static void read_rules(Programme *pg, const Program *program, const char *const *stages, uint32_t n,
                       const VmSelection *select, const char *stage, uint32_t step) {
    Vm dry;
    VmSelection in_stage = *select;
    in_stage.stage = stage;
    in_stage.step = step;
    pg->advance = pg->step_back = (ProgrammeRule){0};
    if (vm_init(&dry, program, &in_stage, on_rule, pg, NULL))
        drive_virtual(&dry, NULL, 0);
    vm_free(&dry);
    set_targets(pg, program, stages, n, stage, step);
}

static bool rule_met(const ProgrammeRule *r) {
    return r->present && r->can && r->n > 0 && r->counted >= r->n;
}

/* A proposal met before this run and not answered; and the rules of the
 * place it moves to, for when the patient says yes at the start. */
static void find_pending(Programme *pg, const Program *program, const char *const *stages, uint32_t n,
                         const VmSelection *select) {
    pg->pending = rule_met(&pg->step_back) ? PROGRAMME_PENDING_STEP_BACK
                  : rule_met(&pg->advance) ? PROGRAMME_PENDING_ADVANCE : PROGRAMME_PENDING_NONE;
    if (pg->pending == PROGRAMME_PENDING_NONE)
        return;
    ProgrammeRule advance = pg->advance, step_back = pg->step_back;
    const ProgrammeRule *to = pg->pending == PROGRAMME_PENDING_ADVANCE ? &advance : &step_back;
    read_rules(pg, program, stages, n, select, to->to, to->to_step);
    pg->moved_advance = pg->advance;
    pg->moved_step_back = pg->step_back;
    pg->advance = advance;
    pg->step_back = step_back;
}

/* The stage as the store keeps it: "" in a routine without stages. */
static const char *stage_key(const Programme *pg) {
    return pg->stage ? pg->stage : "";
}

/* The rules of the stage and step played and what the history counts for
 * them since the step (or stage) started or a proposal was last declined. */
static void count_rules(Programme *pg, Store *store, const char *path, const Program *program,
                        const char *const *stages, uint32_t n, const VmSelection *select) {
    read_rules(pg, program, stages, n, select, pg->stage, pg->step);
    if (!store || !pg->in_programme)
        return;
    StoreStageCounts counts;
    int64_t since = pg->saved.stage_since;
    int64_t declined = store_declined_at(store, path, stage_key(pg), "advance");
    if (pg->advance.present &&
        store_stage_counts(store, path, stage_key(pg), pg->step, declined >= since ? declined + 1 : since,
                           pg->advance.pain_at_most, &counts))
        pg->advance.counted = counts.completed;
    declined = store_declined_at(store, path, stage_key(pg), "step_back");
    if (pg->step_back.present &&
        store_stage_counts(store, path, stage_key(pg), pg->step, declined >= since ? declined + 1 : since, 11,
                           &counts))
        pg->step_back.counted = counts.pain_stops;
    find_pending(pg, program, stages, n, select);
}

/* A routine without stages whose progressions have steps: its programme
 * is the step alone, kept under the stage "". */
static void choose_no_stage(Programme *pg, Store *store, const char *path, bool record) {
    pg->stage = NULL;
    pg->in_programme = pg->saved.stage != NULL;
    if (!pg->saved.stage && record && store_stage_start(store, path, "", 1, "first", -1, wall_ms())) {
        pg->saved.stage_since = wall_ms();
        pg->saved.step = 1;
        pg->in_programme = true;
    }
}

/* Which step to play: the remembered one of the stage (1 in a stage the
 * programme is not at), or the one --step asks for this run. */
static void choose_step(Programme *pg, const Program *program, const char *name, VmSelection *select,
                        FILE *err) {
    char a[16], b[16];
    pg->steps = vm_steps(program, pg->stage);
    uint32_t saved = pg->in_programme && pg->saved.step ? pg->saved.step : 1;
    pg->stepped = vm_steps(program, NULL) > 1;
    if (!pg->stepped) {
        pg->step = select->step ? select->step : 1;
        return;
    }
    if (saved > pg->steps) {
        snprintf(a, sizeof a, "%u", (unsigned)saved);
        snprintf(b, sizeof b, "%u", (unsigned)pg->steps);
        note(err, name, "the step %s you were at is not in this routine any more; playing step %s%s",
             a, b, "");
        saved = pg->steps;
    }
    if (select->step && select->step != saved && pg->in_programme) {
        snprintf(a, sizeof a, "%u", (unsigned)select->step);
        snprintf(b, sizeof b, "%u", (unsigned)saved);
        note(err, name, "playing step %s as asked; your programme stays at step %s%s", a, b, "");
        pg->in_programme = false;
    }
    pg->step = select->step ? select->step : saved;
    select->step = pg->step;
}

bool programme_setup(Programme *pg, Store *store, const char *path, const char *name,
                     const Program *program, VmSelection *select, const char *const *disabled,
                     uint32_t n_disabled, bool resuming, FILE *err) {
    memset(pg, 0, sizeof *pg);
    if (store && path && !store_programme(store, path, &pg->saved))
        store = NULL; /* unreadable: played as if nothing were remembered */
    bool record = store && path && !resuming;
    apply_enabled(pg, store, path, select, disabled, n_disabled, record);
    apply_choices(pg, select);
    const char *stages[PROGRAMME_MAX_STAGES];
    uint32_t n = vm_stages(program, stages, PROGRAMME_MAX_STAGES);
    if (n == 0 && vm_steps(program, NULL) < 2)
        return true; /* nothing moves: no stages, no steps */
    if (resuming) { /* the journal's stage and step: counted as the programme's if they are */
        pg->stage = stage_named(stages, n, select->stage);
        pg->step = select->step ? select->step : 1;
        pg->steps = vm_steps(program, pg->stage);
        pg->stepped = vm_steps(program, NULL) > 1;
        pg->in_programme = pg->saved.stage && (n == 0 || (pg->stage && names_equal(pg->stage, pg->saved.stage))) &&
                           (pg->saved.step ? pg->saved.step : 1) == pg->step;
    } else {
        if (n > 0)
            choose_stage(pg, store, path, name, stages, n, select, record, err);
        else
            choose_no_stage(pg, store, path, record);
        if (n == 0 || pg->stage)
            choose_step(pg, program, name, select, err);
    }
    if (n == 0 || pg->stage)
        count_rules(pg, store, path, program, stages, n, select);
    return true;
}

void programme_free(Programme *pg) {
    store_programme_free(&pg->saved);
    memset(pg, 0, sizeof *pg);
}
