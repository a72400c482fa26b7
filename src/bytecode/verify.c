/*
 * verify.c -- prove a code section safe to run, and bound its length.
 *
 * Four passes, each linear in the number of instructions:
 *
 *   1. decode: every byte sequence is a complete instruction, and every
 *      operand is in range for its kind (opcodes.h);
 *   2. structure: ROUTINE first, END last, LOOP/SECTION/EXERCISE properly
 *      nested within the depth limits, each instruction in a construct
 *      where it makes sense, and the stored jump targets of END_LOOP,
 *      SECTION and EXERCISE agree with the nesting;
 *   3. jumps: JUMP, IF_VARIANT and IF_STEP go strictly forward, to the
 *      start of an instruction in the same construct as the jump;
 *   4. bound: a backward pass computes the longest possible session and
 *      the most instructions a run can execute.
 *
 * Because loops nest properly and every other jump goes forward within one
 * construct, the control flow is a tree of acyclic pieces, and one backward
 * pass over it gives the worst case exactly (a loop multiplies its body).
 *
 * Memory is proportional to the number of instructions, never to the
 * number of code bytes: 24 bytes per instruction plus a 4-byte bucket per
 * 32 code bytes to find an instruction from its offset.
 *
 * Once pass 1 has proved that every instruction is a valid opcode with all
 * its operands, the code itself is the decoded form: later passes read the
 * opcode byte, and the few operands they need, in place (opcode_at,
 * operand_at) instead of decoding whole instructions again -- most
 * instructions need nothing but their opcode after pass 1.
 */
#include "verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "bounds.h"
#include "duration.h"
#include "le.h"

#define CTX_TOP      UINT32_MAX /* "no construct open" */
#define NO_INSN      UINT32_MAX
#define BUCKET_SHIFT 5          /* a bucket covers 32 code bytes */
#define MAX_OPEN     (MAX_LOOP_DEPTH + MAX_SECTION_DEPTH + 1)

typedef struct {
    uint32_t pc;
    uint32_t ctx;      /* pc of the innermost construct open here, or CTX_TOP */
    uint64_t duration; /* worst ms from here to the end of the loop body or END */
    uint64_t steps;    /* worst instruction count over the same path */
    uint64_t text;     /* worst bytes of the program's texts shown over it */
} InsnFacts;

/* An open LOOP, SECTION or EXERCISE. */
typedef struct {
    Insn insn;
    uint32_t pc;
} OpenConstruct;

typedef struct {
    const uint8_t *code;
    uint32_t code_len, n_consts;
    const Constant *consts;
    InsnFacts *facts;
    uint32_t n_insns;
    uint32_t *bucket; /* bucket[b]: first instruction with pc >= b << BUCKET_SHIFT */
    OpenConstruct open[MAX_OPEN];
    unsigned depth, loops, sections, exercises;
    /* The phases of the TEMPO_PHASES at phases_pc still to come, and the
     * time they must add up to (pass 1). */
    uint32_t phases_left, phases_of, phases_pc;
    uint64_t phases_total, phases_sum;
    BytecodeError *err;
} Verifier;

/* ---- messages ------------------------------------------------------------ */

__attribute__((format(printf, 3, 4)))
static bool fail_at(Verifier *v, uint32_t pc, const char *fmt, ...) {
    int used = 0;
    if (pc < v->code_len && v->code[pc] < OP__COUNT)
        used = snprintf(v->err->message, sizeof v->err->message,
                        "at code offset 0x%04" PRIx32 " (%s): ", pc,
                        op_info[v->code[pc]].name);
    else
        used = snprintf(v->err->message, sizeof v->err->message,
                        "at code offset 0x%04" PRIx32 ": ", pc);
    if (used < 0 || (size_t)used >= sizeof v->err->message)
        used = 0;
    va_list args;
    va_start(args, fmt);
    vsnprintf(v->err->message + used, sizeof v->err->message - (size_t)used, fmt, args);
    va_end(args);
    v->err->offset = pc;
    return false;
}

static char operand_letter(unsigned i) { return (char)('a' + i); }

/* ---- reading proved code ------------------------------------------------------ */

/* The opcode of the instruction at `pc` (an instruction start proved by
 * pass 1). */
static Opcode opcode_at(const Verifier *v, uint32_t pc) { return (Opcode)v->code[pc]; }

/* Operand `i` of the instruction at `pc`: little-endian, as opcodes.h
 * defines it (pass 1 proved the operand is there). */
static uint32_t operand_at(const Verifier *v, uint32_t pc, unsigned i) {
    return le_get32(v->code + pc + 1 + 4 * i);
}

/* The jump target operand of `op` (its JUMP column). */
static unsigned jump_operand(Opcode op) { return op_info[op].jump; }

/* The whole instruction at `pc`, for the few that need all of it. */
static Insn insn_at_pc(const Verifier *v, uint32_t pc) {
    Insn insn = {opcode_at(v, pc), {0}, 0};
    insn.length = op_length(insn.op);
    for (unsigned i = 0; i < op_info[insn.op].n_operands; i++)
        insn.operand[i] = operand_at(v, pc, i);
    return insn;
}

/* ---- pass 1: decode -------------------------------------------------------- */

/* Count the instructions, refusing unknown opcodes and cut-off operands. */
static bool count_insns(Verifier *v) {
    uint32_t pc = 0, n = 0;
    if (v->code_len == 0)
        return fail_at(v, 0, "the code section is empty; a program starts with ROUTINE");
    while (pc < v->code_len) {
        if (v->code[pc] >= OP__COUNT)
            return fail_at(v, pc, "byte 0x%02x is not an opcode", v->code[pc]);
        uint32_t length = op_length((Opcode)v->code[pc]);
        if (length > v->code_len - pc)
            return fail_at(v, pc, "the instruction needs %" PRIu32 " bytes, but the "
                           "code ends after %" PRIu32, length, v->code_len - pc);
        pc += length;
        /* The verifier keeps facts per instruction: refuse a program of
         * more instructions than any routine has before that memory is
         * committed (a file of one-byte instructions cost 24x its size). */
        if (++n > MAX_CODE_INSNS)
            return fail_at(v, pc, "the program has more than %u instructions, the limit",
                           MAX_CODE_INSNS);
    }
    v->n_insns = n;
    return true;
}

static bool check_constant(Verifier *v, uint32_t pc, unsigned i, uint32_t k, bool may_be_none) {
    if (k < v->n_consts || (may_be_none && k == OPERAND_NONE))
        return true;
    return fail_at(v, pc, "operand %c is constant %" PRIu32 ", but there %s only %" PRIu32
                   " constant%s", operand_letter(i), k, v->n_consts == 1 ? "is" : "are",
                   v->n_consts, v->n_consts == 1 ? "" : "s");
}

static bool check_duration(Verifier *v, uint32_t pc, unsigned i, uint32_t ms) {
    if (ms <= MAX_DURATION_MS)
        return true;
    char limit[32];
    duration_format(MAX_DURATION_MS, limit, sizeof limit);
    return fail_at(v, pc, "operand %c is %" PRIu32 " ms; the longest allowed is %s",
                   operand_letter(i), ms, limit);
}

/* Check operand `i` against its kind letter (opcodes.h). */
static bool check_operand(Verifier *v, uint32_t pc, const Insn *insn, unsigned i) {
    uint32_t x = insn->operand[i];
    switch (op_info[insn->op].operands[i]) {
    case 'k': return check_constant(v, pc, i, x, false);
    case 'K': return check_constant(v, pc, i, x, true);
    case 't': return check_duration(v, pc, i, x);
    case 'n':
        if (x >= 1 && x <= MAX_COUNT)
            return true;
        return fail_at(v, pc, "operand %c is %" PRIu32 "; must be between 1 and %u",
                       operand_letter(i), x, MAX_COUNT);
    case 's':
        if (x <= SIDE_BOTH)
            return true;
        return fail_at(v, pc, "operand %c is %" PRIu32 "; must be 0 (none), 1 (left), "
                       "2 (right) or 3 (both)", operand_letter(i), x);
    default: return true; /* 'j': checked with the structure */
    }
}

/* ---- lang-b: the `u` operands of SCHEDULE, LOAD, EFFORT, PAIN_LIMIT... ---- */

static bool check_schedule_code(Verifier *v, uint32_t pc, const uint32_t *a) {
    uint32_t code = a[0];
    if ((code >> 16) != 0 || SCHED_CODE_KIND(code) >= SCHED_KIND__COUNT ||
        SCHED_CODE_BOUND(code) >= SCHED_BOUND__COUNT || SCHED_CODE_SAID(code) >= SCHED_SAID__COUNT)
        return fail_at(v, pc, "operand a is 0x%" PRIx32 ", not a schedule item", code);
    if (a[2] != 0 && a[2] < a[1])
        return fail_at(v, pc, "operand c is %" PRIu32 "; a range must not go down from %" PRIu32,
                       a[2], a[1]);
    return true;
}

/* An amount on a scale: lo <= hi <= scale, scale between 1 and 100. */
static bool check_scale(Verifier *v, uint32_t pc, uint32_t lo, uint32_t hi, uint32_t scale) {
    if (scale < 1 || scale > 100)
        return fail_at(v, pc, "the scale is %" PRIu32 "; must be between 1 and 100", scale);
    if (lo > hi || hi > scale)
        return fail_at(v, pc, "%" PRIu32 " to %" PRIu32 " does not fit on a scale of %" PRIu32,
                       lo, hi, scale);
    return true;
}

static bool check_lang_b_rules(Verifier *v, uint32_t pc, const Insn *insn) {
    const uint32_t *a = insn->operand;
    switch (insn->op) {
    case OP_SCHEDULE: return check_schedule_code(v, pc, a);
    case OP_LOAD:
        if (a[2] >= LOAD_UNIT__COUNT)
            return fail_at(v, pc, "operand c is %" PRIu32 ", not a unit of weight", a[2]);
        if (a[1] < a[0])
            return fail_at(v, pc, "operand b is %" PRIu32 "; must not be below operand a", a[1]);
        return true;
    case OP_EFFORT: return check_scale(v, pc, a[0], a[1], a[2]);
    case OP_PAIN_LIMIT: return check_scale(v, pc, a[0], a[0], a[1]);
    case OP_ADVANCE_RULE:
        if (a[1] != OPERAND_NONE && a[1] > 100)
            return fail_at(v, pc, "operand b is %" PRIu32 "; must be at most 100", a[1]);
        return true;
    case OP_OFFER: case OP_IF_ALT:
        if (a[0] < 1 || a[0] > 2)
            return fail_at(v, pc, "operand a is %" PRIu32 "; must be 1 (easier) or 2 (harder)", a[0]);
        return true;
    default: return true;
    }
}

/* TEMPO_PHASES and PHASE: a word of the table, 1..MAX_TEMPO_PHASES
 * phases, each a timed step of at least 1 ms. */
static bool check_phase_operands(Verifier *v, uint32_t pc, const Insn *insn) {
    const uint32_t *a = insn->operand;
    uint32_t of = insn->op == OP_TEMPO_PHASES ? a[1] : a[2];
    if (of > MAX_TEMPO_PHASES)
        return fail_at(v, pc, "operand %c is %" PRIu32 "; a rep has at most %u phases",
                       insn->op == OP_TEMPO_PHASES ? 'b' : 'c', of, MAX_TEMPO_PHASES);
    if (insn->op == OP_TEMPO_PHASES)
        return true;
    if (a[0] >= TEMPO_WORD__COUNT)
        return fail_at(v, pc, "operand a is %" PRIu32 ", not a phase word", a[0]);
    if (a[1] > a[2])
        return fail_at(v, pc, "operand b is %" PRIu32 "; must not be above operand c (%" PRIu32 ")",
                       a[1], a[2]);
    if (a[3] == 0)
        return fail_at(v, pc, "operand d is 0 ms; a phase takes time");
    return true;
}

/* The phases follow their TEMPO_PHASES one by one, numbered 1..N of N,
 * and add up to its time: the rep lasts exactly the sum of its phases. */
static bool check_phase_order(Verifier *v, uint32_t pc, const Insn *insn) {
    const uint32_t *a = insn->operand;
    if (insn->op != OP_PHASE) {
        if (v->phases_left)
            return fail_at(v, pc, "the TEMPO_PHASES at 0x%04" PRIx32 " has %" PRIu32 " more "
                           "PHASE%s to come first", v->phases_pc, v->phases_left,
                           v->phases_left == 1 ? "" : "s");
        if (insn->op == OP_TEMPO_PHASES) {
            v->phases_left = v->phases_of = a[1];
            v->phases_pc = pc;
            v->phases_total = a[0];
            v->phases_sum = 0;
        }
        return true;
    }
    if (!v->phases_left)
        return fail_at(v, pc, "a PHASE must follow a TEMPO_PHASES or another PHASE");
    if (a[2] != v->phases_of || a[1] != v->phases_of - v->phases_left + 1)
        return fail_at(v, pc, "this is phase %" PRIu32 " of %" PRIu32 ", but phase %" PRIu32
                       " of %" PRIu32 " comes here", a[1], a[2],
                       v->phases_of - v->phases_left + 1, v->phases_of);
    v->phases_sum += a[3];
    if (--v->phases_left == 0 && v->phases_sum != v->phases_total)
        return fail_at(v, v->phases_pc, "the phases take %" PRIu64 " ms, but the rep %" PRIu64
                       " ms; they must add up", v->phases_sum, v->phases_total);
    return true;
}

/* Rules that tie operands of one opcode together. */
static bool check_opcode_rules(Verifier *v, uint32_t pc, const Insn *insn) {
    const uint32_t *a = insn->operand;
    if (insn->op == OP_SIDE_ALT && (a[0] == SIDE_NONE || a[0] == SIDE_BOTH))
        return fail_at(v, pc, "operand a is %" PRIu32 "; the first side must be 1 (left) or "
                       "2 (right)", a[0]);
    if (insn->op == OP_SIDE_ROLE && (a[0] == ROLE_NONE || a[0] >= ROLE__COUNT))
        return fail_at(v, pc, "operand a is %" PRIu32 "; must be 1 (affected) or 2 (unaffected)",
                       a[0]);
    if ((insn->op == OP_LOOP || insn->op == OP_HOLD_UP_TO || insn->op == OP_REST ||
         insn->op == OP_REST_BETWEEN || insn->op == OP_WAIT_SET) && a[1] > a[0])
        return fail_at(v, pc, "operand b (the lower end) is %" PRIu32 ", above operand a "
                       "(the upper end, %" PRIu32 ")", a[1], a[0]);
    if ((insn->op == OP_TEMPO_PHASES || insn->op == OP_PHASE) && !check_phase_operands(v, pc, insn))
        return false;
    if (!check_phase_order(v, pc, insn))
        return false;
    if (insn->op == OP_REP && a[1] > 2)
        return fail_at(v, pc, "operand b is %" PRIu32 "; must be 1 or 2", a[1]);
    if (insn->op == OP_IF_STEP && a[0] > MAX_STEPS)
        return fail_at(v, pc, "operand a is %" PRIu32 "; must be between 1 and %u",
                       a[0], MAX_STEPS);
    if (insn->op == OP_IF_STEP && (a[1] < a[0] || a[1] > MAX_STEPS))
        return fail_at(v, pc, "operand b is %" PRIu32 "; must be between operand a (%"
                       PRIu32 ") and %u", a[1], a[0], MAX_STEPS);
    return check_lang_b_rules(v, pc, insn);
}

/* Record every instruction's offset, check its operands, and fill the
 * buckets that find an instruction from an offset. */
static bool decode_all(Verifier *v) {
    uint32_t pc = 0, next_bucket = 0;
    for (uint32_t i = 0; i < v->n_insns; i++) {
        Insn insn = insn_at_pc(v, pc); /* count_insns proved it complete */
        for (unsigned k = 0; k < op_info[insn.op].n_operands; k++)
            if (!check_operand(v, pc, &insn, k))
                return false;
        if (!check_opcode_rules(v, pc, &insn))
            return false;
        while (((uint64_t)next_bucket << BUCKET_SHIFT) <= pc)
            v->bucket[next_bucket++] = i;
        v->facts[i] = (InsnFacts){pc, CTX_TOP, 0, 0, 0};
        pc += insn.length;
    }
    while (next_bucket <= (v->code_len >> BUCKET_SHIFT))
        v->bucket[next_bucket++] = v->n_insns;
    return true;
}

/* Index of the instruction starting at `pc`, or NO_INSN.  The scan from a
 * bucket's first instruction passes at most 32 instructions. */
static uint32_t insn_at(const Verifier *v, uint32_t pc) {
    if (pc >= v->code_len)
        return NO_INSN;
    uint32_t i = v->bucket[pc >> BUCKET_SHIFT];
    while (i < v->n_insns && v->facts[i].pc < pc)
        i++;
    return i < v->n_insns && v->facts[i].pc == pc ? i : NO_INSN;
}

/* ---- pass 2: structure ---------------------------------------------------- */

static const char *open_name(const Verifier *v) {
    return v->depth ? op_info[v->open[v->depth - 1].insn.op].name : NULL;
}

static const OpenConstruct *innermost_loop(const Verifier *v) {
    for (unsigned d = v->depth; d-- > 0;)
        if (v->open[d].insn.op == OP_LOOP)
            return &v->open[d];
    return NULL;
}

static bool check_placement(Verifier *v, uint32_t pc, Opcode op) {
    if (op_has(op, OPF_IN_EXERCISE) && v->exercises == 0)
        return fail_at(v, pc, "this instruction may only appear inside an EXERCISE");
    if (op_has(op, OPF_IN_LOOP) && v->loops == 0)
        return fail_at(v, pc, "this instruction may only appear inside a LOOP");
    if (op_has(op, OPF_NOT_EXERCISE) && v->exercises > 0)
        return fail_at(v, pc, "a %s may not appear inside an EXERCISE", op_info[op].name);
    if (op == OP_REP) {
        uint64_t product = (uint64_t)operand_at(v, pc, 0) * operand_at(v, pc, 1);
        const OpenConstruct *loop = innermost_loop(v);
        if (product != loop->insn.operand[0])
            return fail_at(v, pc, "operands a*b are %" PRIu64 ", but the innermost LOOP "
                           "(at 0x%04" PRIx32 ") repeats %" PRIu32 " times", product,
                           loop->pc, loop->insn.operand[0]);
    }
    return true;
}

static bool open_construct(Verifier *v, uint32_t pc, Opcode op) {
    if (op == OP_LOOP && v->loops >= MAX_LOOP_DEPTH)
        return fail_at(v, pc, "loops are nested more than %u deep", MAX_LOOP_DEPTH);
    if ((op == OP_SECTION || op == OP_STAGE) && v->sections >= MAX_SECTION_DEPTH)
        return fail_at(v, pc, "sections are nested more than %u deep", MAX_SECTION_DEPTH);
    v->loops += op == OP_LOOP;
    v->sections += op == OP_SECTION || op == OP_STAGE;
    v->exercises += op == OP_EXERCISE;
    v->open[v->depth++] = (OpenConstruct){insn_at_pc(v, pc), pc};
    return true;
}

/* The jump operand of one end of a block (`insn` at `pc`) must point at,
 * or just past, the other end (at `pair_pc`), as its table row says. */
static bool check_pair_target(Verifier *v, const Insn *insn, uint32_t pc, uint32_t pair_pc) {
    unsigned j = jump_operand(insn->op);
    if (j == OPND_NO)
        return true;
    uint32_t want = op_pair_target(insn->op, pair_pc);
    if (insn->operand[j] == want)
        return true;
    return fail_at(v, pc, "operand %c is ->0x%04" PRIx32 "; must be ->0x%04" PRIx32
                   ", %s its %s", operand_letter(j), insn->operand[j], want,
                   op_has(insn->op, OPF_PAST_PAIR) ? "just past" : "at",
                   op_info[op_info[insn->op].pair].name);
}

static bool close_construct(Verifier *v, uint32_t pc, Opcode closer) {
    Opcode opener = (Opcode)op_info[closer].pair;
    if (v->depth == 0)
        return fail_at(v, pc, "there is no open %s to close", op_info[opener].name);
    const OpenConstruct *o = &v->open[v->depth - 1];
    if (o->insn.op != opener)
        return fail_at(v, pc, "it would close a %s, but the innermost open construct is "
                       "the %s at 0x%04" PRIx32, op_info[opener].name, open_name(v), o->pc);
    Insn close = insn_at_pc(v, pc);
    if (!check_pair_target(v, &close, pc, o->pc) ||
        !check_pair_target(v, &o->insn, o->pc, pc))
        return false;
    v->loops -= opener == OP_LOOP;
    v->sections -= opener == OP_SECTION || opener == OP_STAGE;
    v->exercises -= opener == OP_EXERCISE;
    v->depth--;
    return true;
}

/* ROUTINE exactly first, END exactly last, nothing left open at END. */
static bool check_ends(Verifier *v, uint32_t i, uint32_t pc, Opcode op) {
    if (i == 0 && op != OP_ROUTINE)
        return fail_at(v, pc, "the program must start with ROUTINE");
    if (i != 0 && op == OP_ROUTINE)
        return fail_at(v, pc, "ROUTINE may only be the first instruction");
    if (i + 1 == v->n_insns && op != OP_END)
        return fail_at(v, pc, "the program must end with END");
    if (i + 1 != v->n_insns && op == OP_END)
        return fail_at(v, pc, "END may only be the last instruction");
    if (op == OP_END && v->depth > 0)
        return fail_at(v, pc, "the %s at 0x%04" PRIx32 " is never closed", open_name(v),
                       v->open[v->depth - 1].pc);
    return true;
}

static bool check_structure(Verifier *v) {
    for (uint32_t i = 0; i < v->n_insns; i++) {
        uint32_t pc = v->facts[i].pc;
        Opcode op = opcode_at(v, pc);
        v->facts[i].ctx = v->depth ? v->open[v->depth - 1].pc : CTX_TOP;
        bool ok = check_ends(v, i, pc, op) && check_placement(v, pc, op);
        if (ok && op_has(op, OPF_OPENS))
            ok = open_construct(v, pc, op);
        else if (ok && op_has(op, OPF_CLOSES))
            ok = close_construct(v, pc, op);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- pass 3: forward jumps -------------------------------------------------- */

/* Name the construct a jump would cross into or out of. */
static bool fail_context(Verifier *v, uint32_t pc, char letter, uint32_t target,
                         uint32_t from, uint32_t to) {
    /* A construct opened between the jump and its target is one it enters. */
    bool enters = to != CTX_TOP && to > pc;
    uint32_t culprit = enters ? to : from;
    return fail_at(v, pc, "operand %c jumps to 0x%04" PRIx32 ", %s the %s at 0x%04" PRIx32
                   "; a jump must stay in its construct", letter, target,
                   enters ? "into" : "out of", op_info[v->code[culprit]].name, culprit);
}

static bool check_branch(Verifier *v, uint32_t i, Opcode op) {
    uint32_t pc = v->facts[i].pc;
    unsigned j = jump_operand(op);
    uint32_t target = operand_at(v, pc, j);
    if (target <= pc)
        return fail_at(v, pc, "operand %c jumps back to 0x%04" PRIx32 "; jumps must go "
                       "forward", operand_letter(j), target);
    uint32_t t = insn_at(v, target);
    if (t == NO_INSN)
        return fail_at(v, pc, "operand %c (->0x%04" PRIx32 ") is not the start of an "
                       "instruction", operand_letter(j), target);
    if (opcode_at(v, target) == OP_PHASE) /* past its TEMPO_PHASES: a rep cut short */
        return fail_at(v, pc, "operand %c jumps into the phases of a rep at 0x%04" PRIx32,
                       operand_letter(j), target);
    if (v->facts[t].ctx != v->facts[i].ctx)
        return fail_context(v, pc, operand_letter(j), target, v->facts[i].ctx,
                            v->facts[t].ctx);
    return true;
}

static bool check_branches(Verifier *v) {
    for (uint32_t i = 0; i < v->n_insns; i++) {
        Opcode op = opcode_at(v, v->facts[i].pc);
        if (op_has(op, OPF_BRANCH) && !check_branch(v, i, op))
            return false;
    }
    return true;
}

/* ---- pass 4: the worst case ------------------------------------------------------ */

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static uint64_t sat_mul(uint64_t a, uint64_t b) {
    return a != 0 && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* Milliseconds the instruction at `pc` itself takes at most: its DUR
 * operand.  Steps that wait for the patient (HOLD_OPEN, WAIT_KEY) have
 * none: the bound is of the clock's part of a session. */
static uint64_t own_duration(const Verifier *v, uint32_t pc, Opcode op) {
    return op_info[op].dur == OPND_NO ? 0 : operand_at(v, pc, op_info[op].dur);
}

/* Bytes of text the instruction at `pc` shows: its constant operands
 * (already checked to exist). */
static uint64_t own_text(const Verifier *v, uint32_t pc, Opcode op) {
    uint64_t bytes = 0;
    for (unsigned i = 0; i < op_info[op].n_operands; i++) {
        char kind = op_info[op].operands[i];
        uint32_t k = kind == 'k' || kind == 'K' ? operand_at(v, pc, i) : OPERAND_NONE;
        if (k < v->n_consts)
            bytes += v->consts[k].len;
    }
    return bytes;
}

/* One instruction, then the worse of two continuations. */
static InsnFacts worse_of(const InsnFacts *x, const InsnFacts *y) {
    InsnFacts w = *x;
    w.duration = x->duration > y->duration ? x->duration : y->duration;
    w.steps = x->steps > y->steps ? x->steps : y->steps;
    w.text = x->text > y->text ? x->text : y->text;
    return w;
}

/* LOOP at i repeats the body (i+1 up to its END_LOOP at `end`) and goes on
 * after END_LOOP: 1 + count * (body + END_LOOP) + rest. */
static void bound_loop(InsnFacts *f, uint32_t i, uint32_t end, uint32_t count) {
    const InsnFacts *body = &f[i + 1], *after = &f[end + 1];
    f[i].steps = sat_add(sat_add(1, sat_mul(count, sat_add(body->steps, 1))), after->steps);
    f[i].duration = sat_add(sat_mul(count, body->duration), after->duration);
    f[i].text = sat_add(sat_mul(count, body->text), after->text);
}

/* Cost from instruction i on, given the costs of everything after it.
 * `closer` is the index of the matching closer of an opener.  An
 * instruction goes on to the next one unless it never falls through, and
 * to its jump target when it has one (a branch taken, a section skipped,
 * an exercise left by `next`): the bound is the worse of the two. */
static void bound_insn(Verifier *v, uint32_t i, Opcode op, uint32_t closer) {
    InsnFacts *f = v->facts, next = {0};
    uint32_t pc = f[i].pc;
    if (op == OP_END || op == OP_END_LOOP) { /* the end of the program or a body */
        f[i].steps = op == OP_END;
        f[i].duration = 0;
        f[i].text = 0;
        return;
    }
    if (op == OP_LOOP) {
        bound_loop(f, i, closer, operand_at(v, pc, 0));
        return;
    }
    if (!op_has(op, OPF_NO_FALL))
        next = f[i + 1];
    if (jump_operand(op) != OPND_NO)
        next = worse_of(&next, &f[insn_at(v, operand_at(v, pc, jump_operand(op)))]);
    f[i].steps = sat_add(next.steps, 1);
    f[i].duration = sat_add(next.duration, own_duration(v, pc, op));
    f[i].text = sat_add(next.text, own_text(v, pc, op));
}

/* Walk backward; a stack of closers (END_LOOP, END_SECTION, END_EXERCISE)
 * pairs each opener with its end without storing partners per instruction. */
static void compute_bound(Verifier *v) {
    uint32_t closers[MAX_OPEN];
    unsigned n_closers = 0;
    for (uint32_t i = v->n_insns; i-- > 0;) {
        Opcode op = opcode_at(v, v->facts[i].pc);
        uint32_t closer = NO_INSN;
        if (op_has(op, OPF_CLOSES))
            closers[n_closers++] = i;
        else if (op_has(op, OPF_OPENS))
            closer = n_closers ? closers[--n_closers] : NO_INSN; /* the structure pass pairs them */
        bound_insn(v, i, op, closer);
    }
}

static bool check_bound(Verifier *v, Program *program) {
    compute_bound(v);
    program->max_duration_ms = v->facts[0].duration;
    program->max_steps = v->facts[0].steps;
    program->max_text_bytes = v->facts[0].text;
    if (program->max_duration_ms > MAX_SESSION_MS) {
        char longest[48], limit[48];
        duration_format(program->max_duration_ms, longest, sizeof longest);
        duration_format(MAX_SESSION_MS, limit, sizeof limit);
        v->err->offset = 0;
        snprintf(v->err->message, sizeof v->err->message,
                 "the routine could last %s; the limit is %s", longest, limit);
        return false;
    }
    if (program->max_steps > MAX_RUN_STEPS) {
        v->err->offset = 0;
        snprintf(v->err->message, sizeof v->err->message,
                 "the routine has too many steps: it could execute %" PRIu64
                 " instructions, and the limit is %llu; use fewer repetitions, sets or rounds",
                 program->max_steps, (unsigned long long)MAX_RUN_STEPS);
        return false;
    }
    if (program->max_text_bytes > MAX_RUN_TEXT_BYTES) {
        v->err->offset = 0;
        snprintf(v->err->message, sizeof v->err->message,
                 "the routine could show %" PRIu64 " bytes of text in one session, and the "
                 "limit is %u; repeat shorter texts fewer times", program->max_text_bytes,
                 MAX_RUN_TEXT_BYTES);
        return false;
    }
    return true;
}

/* ---- entry point ------------------------------------------------------------------ */

static bool allocate(Verifier *v) {
    v->facts = calloc(v->n_insns, sizeof *v->facts);
    v->bucket = calloc((size_t)(v->code_len >> BUCKET_SHIFT) + 1, sizeof *v->bucket);
    if (v->facts && v->bucket)
        return true;
    v->err->offset = 0;
    snprintf(v->err->message, sizeof v->err->message,
             "out of memory while verifying %" PRIu32 " instructions", v->n_insns);
    return false;
}

bool bytecode_verify(Program *program, BytecodeError *err) {
    Verifier v = {.code = program->code, .code_len = program->code_len,
                  .n_consts = program->n_consts, .consts = program->consts, .err = err};
    bool ok = count_insns(&v) && allocate(&v) && decode_all(&v) && check_structure(&v) &&
              check_branches(&v) && check_bound(&v, program);
    free(v.facts);
    free(v.bucket);
    return ok;
}
