/*
 * snapshot.c -- a VM position as bytes (the resume journal), and the check
 * that a position read back is one the program really reaches.
 *
 * Both are driven by SNAPSHOT_FIELDS (vm.h): each field's encoding names
 * the PUT_, GET_ and SAME_ macro that handles it.  The journal is input
 * like a .rtb file -- a damaged disk, a hand-edited database -- so nothing
 * read here is used before vm_snapshot_problem() has matched it against
 * the program it belongs to.
 */
#include "vm.h"

#include <string.h>

#include "le.h"

#define SNAPSHOT_MAGIC "RCS1"

/* ---- writing ------------------------------------------------------------ */

typedef struct {
    uint8_t *out;
    size_t size, len; /* len may pass size: then the encoding fails */
} Writer;

static void put32(Writer *w, uint32_t v) {
    if (w->len <= w->size && w->size - w->len >= 4)
        le_put32(w->out + w->len, v);
    w->len += 4;
}

static void put64(Writer *w, uint64_t v) {
    put32(w, (uint32_t)v);
    put32(w, (uint32_t)(v >> 32));
}

static void put_loops(Writer *w, const VmLoop *loops, uint32_t n) {
    for (uint32_t i = 0; i < n && i < MAX_LOOP_DEPTH; i++) {
        put32(w, loops[i].body);
        put32(w, loops[i].count);
        put32(w, loops[i].index);
    }
}

static void put_sections(Writer *w, const VmSectionFrame *sections, uint32_t n) {
    for (uint32_t i = 0; i < n && i < MAX_SECTION_DEPTH + 1; i++) {
        put32(w, sections[i].name);
        put32(w, sections[i].selected ? 1u : 0u);
    }
}

#define PUT_U32(w, s, f) put32(w, (s)->f)
#define PUT_BOOL(w, s, f) put32(w, (s)->f ? 1u : 0u)
#define PUT_SIDE(w, s, f) put32(w, (uint32_t)(s)->f)
#define PUT_CLOCK(w, s, f) put64(w, (uint64_t)(s)->f)
#define PUT_COUNT(w, s, f) put64(w, (s)->f)
#define PUT_LOOPS(w, s, f) put_loops(w, (s)->f, (s)->n_loops)
#define PUT_SECTIONS(w, s, f) put_sections(w, (s)->f, (s)->n_sections)

size_t vm_snapshot_encode(const VmSnapshot *s, uint8_t *out, size_t size) {
    Writer w = {out, size, 4};
    if (size < 4 || s->n_loops > MAX_LOOP_DEPTH || s->n_sections > MAX_SECTION_DEPTH + 1)
        return 0;
    memcpy(out, SNAPSHOT_MAGIC, 4);
#define X(snap, field, enc) PUT_##enc(&w, s, snap);
    SNAPSHOT_FIELDS(X)
#undef X
    return w.len <= size ? w.len : 0;
}

/* ---- reading -------------------------------------------------------------- */

typedef struct {
    const uint8_t *in;
    size_t size, pos;
    bool bad; /* sticky: ran out of bytes */
} Reader;

static uint32_t get32(Reader *r) {
    if (r->size - r->pos < 4) {
        r->bad = true;
        return 0;
    }
    r->pos += 4;
    return le_get32(r->in + r->pos - 4);
}

static uint64_t get64(Reader *r) {
    uint64_t lo = get32(r);
    return lo | (uint64_t)get32(r) << 32;
}

static bool get_bool(Reader *r, bool *out) {
    uint32_t v = get32(r);
    *out = v == 1;
    return v <= 1;
}

static bool get_side(Reader *r, Side *out) {
    uint32_t v = get32(r);
    *out = v <= SIDE_BOTH ? (Side)v : SIDE_NONE;
    return v <= SIDE_BOTH;
}

/* Counts are checked before they index anything. */
static bool get_loops(Reader *r, VmLoop *loops, uint32_t n) {
    if (n > MAX_LOOP_DEPTH)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        loops[i].body = get32(r);
        loops[i].count = get32(r);
        loops[i].index = get32(r);
    }
    return true;
}

static bool get_sections(Reader *r, VmSectionFrame *sections, uint32_t n) {
    if (n > MAX_SECTION_DEPTH + 1)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        sections[i].name = get32(r);
        if (!get_bool(r, &sections[i].selected))
            return false;
    }
    return true;
}

#define GET_U32(r, s, f) ((s)->f = get32(r), true)
#define GET_BOOL(r, s, f) get_bool(r, &(s)->f)
#define GET_SIDE(r, s, f) get_side(r, &(s)->f)
#define GET_CLOCK(r, s, f) ((s)->f = (int64_t)get64(r), true)
#define GET_COUNT(r, s, f) ((s)->f = get64(r), true)
#define GET_LOOPS(r, s, f) get_loops(r, (s)->f, (s)->n_loops)
#define GET_SECTIONS(r, s, f) get_sections(r, (s)->f, (s)->n_sections)

bool vm_snapshot_decode(const uint8_t *bytes, size_t size, VmSnapshot *s) {
    Reader r = {bytes, size, 4, false};
    bool ok = bytes && size >= 4 && memcmp(bytes, SNAPSHOT_MAGIC, 4) == 0;
    memset(s, 0, sizeof *s);
#define X(snap, field, enc) ok = ok && GET_##enc(&r, s, snap);
    SNAPSHOT_FIELDS(X)
#undef X
    return ok && !r.bad && r.pos == size;
}

/* ---- checking ------------------------------------------------------------- */

static bool same_loops(const VmLoop *a, const VmLoop *b, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (a[i].body != b[i].body || a[i].count != b[i].count || a[i].index != b[i].index)
            return false;
    return true;
}

static bool same_sections(const VmSectionFrame *a, const VmSectionFrame *b, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (a[i].name != b[i].name || a[i].selected != b[i].selected)
            return false;
    return true;
}

/* Counts come before their frames in SNAPSHOT_FIELDS, so by the time the
 * frames are compared both counts are equal (and in range). */
#define SAME_U32(a, b, f) ((a)->f == (b)->f)
#define SAME_BOOL(a, b, f) ((a)->f == (b)->f)
#define SAME_SIDE(a, b, f) ((a)->f == (b)->f)
#define SAME_CLOCK(a, b, f) true /* how long, not where */
#define SAME_COUNT(a, b, f) true
#define SAME_LOOPS(a, b, f) same_loops((a)->f, (b)->f, (a)->n_loops)
#define SAME_SECTIONS(a, b, f) same_sections((a)->f, (b)->f, (a)->n_sections)

/* How many fields, in SNAPSHOT_FIELDS order, `a` and `b` agree on before
 * the first that differs (all of them: the same position). */
static unsigned agreeing_fields(const VmSnapshot *a, const VmSnapshot *b) {
    unsigned n = 0;
    bool same = true;
#define X(snap, field, enc) same = same && SAME_##enc(a, b, snap), n += same;
    SNAPSHOT_FIELDS(X)
#undef X
    return n;
}

static const char *const FIELD_NAMES[] = {
#define X(snap, field, enc) #snap,
    SNAPSHOT_FIELDS(X)
#undef X
};
#define N_FIELDS (sizeof FIELD_NAMES / sizeof *FIELD_NAMES)

static const char BAD_LOOPS[] = "the saved repetition counters do not fit this program";
static const char BAD_SECTIONS[] = "the saved sections do not fit this program";

/* The sentence for a position that differs first in field `i`. */
static const char *field_problem(unsigned i) {
    static const struct {
        const char *field, *problem;
    } problems[] = {
        {"n_loops", BAD_LOOPS},       {"loops", BAD_LOOPS},
        {"n_sections", BAD_SECTIONS}, {"sections", BAD_SECTIONS},
        {"side", "the saved side does not fit this program"},
        {"side_label", "the saved side name does not fit this program"},
    };
    for (size_t k = 0; i < N_FIELDS && k < sizeof problems / sizeof *problems; k++)
        if (strcmp(FIELD_NAMES[i], problems[k].field) == 0)
            return problems[k].problem;
    return "the saved exercise does not fit this program";
}

/* A dry run of the program, watching for the saved position at every
 * point a session is journalled (see progress.c). */
typedef struct {
    const VmSnapshot *want;
    const Vm *vm;
    VmSnapshotContext context; /* of the position found */
    bool pc_seen, found;
    unsigned best; /* most fields a position at the saved pc agreed on */
} Matcher;

static void match_event(void *ctx, const VmEvent *ev) {
    Matcher *m = ctx;
    if (m->found || (ev->kind != EV_REP && ev->kind != EV_EXERCISE))
        return;
    VmSnapshot here;
    vm_snapshot(m->vm, &here);
    if (ev->kind == EV_REP)
        here.pc = ev->pc; /* the state just before the rep (vm.h) */
    if (here.pc != m->want->pc)
        return;
    unsigned agree = agreeing_fields(&here, m->want);
    m->pc_seen = true;
    m->found = agree == N_FIELDS;
    if (m->found)
        m->context = (VmSnapshotContext){m->vm->role, m->vm->stage, m->vm->pain_limit,
                                         m->vm->pain_scale, m->vm->alt_chain};
    if (agree > m->best)
        m->best = agree;
}

/* Play `program` with no keys until the end or a match. */
static void dry_run(const Program *program, const VmSelection *select, Matcher *m) {
    Vm vm;
    if (vm_init(&vm, program, select, match_event, m, NULL)) {
        /* The matcher reads this VM only during the run; reset below. */
        // cppcheck-suppress autoVariables
        m->vm = &vm;
        VmStatus status = vm_step(&vm, 0, VM_KEY_NONE);
        while (!m->found && (status == VM_WAIT_TIME || status == VM_WAIT_KEY))
            status = status == VM_WAIT_TIME ? vm_step(&vm, vm.deadline, VM_KEY_NONE)
                                            : vm_step(&vm, vm.now_logical, VM_KEY_DONE);
    }
    vm_free(&vm);
    m->vm = NULL;
}

const char *vm_snapshot_problem(const Program *program, const VmSelection *select,
                                const VmSnapshot *snap) {
    return vm_snapshot_match(program, select, snap, NULL);
}

const char *vm_snapshot_match(const Program *program, const VmSelection *select,
                              const VmSnapshot *snap, VmSnapshotContext *context) {
    if (snap->now < 0 || (uint64_t)snap->now > MAX_SAVED_CLOCK_MS)
        return "the saved session time is out of range";
    if (snap->n_loops > MAX_LOOP_DEPTH)
        return BAD_LOOPS;
    if (snap->n_sections > MAX_SECTION_DEPTH + 1)
        return BAD_SECTIONS;
    if ((unsigned)snap->side > SIDE_BOTH)
        return "the saved side is not left, right or both";
    Matcher m = {.want = snap};
    dry_run(program, select, &m);
    if (m.found && context)
        *context = m.context;
    if (m.found)
        return NULL;
    return m.pc_seen ? field_problem(m.best)
                     : "the saved position is not an instruction where this program starts a rep "
                       "or an exercise";
}
