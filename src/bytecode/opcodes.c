/*
 * opcodes.c -- the opcode table and the one instruction decoder.
 *
 * op_info[] is generated from RT_OPCODES (opcodes.h), so the operand count
 * is the length of the layout string, computed by the compiler.
 */
#include "opcodes.h"

#include "le.h"

/* The column values that spell "none" and the flags without their prefix,
 * only while the table is expanded. */
#define NO            OPND_NO
#define OPENS         OPF_OPENS
#define CLOSES        OPF_CLOSES
#define IN_EXERCISE   OPF_IN_EXERCISE
#define IN_LOOP       OPF_IN_LOOP
#define NOT_EXERCISE  OPF_NOT_EXERCISE
#define BRANCH        OPF_BRANCH
#define NO_FALL       OPF_NO_FALL
#define PAST_PAIR     OPF_PAST_PAIR

const OpInfo op_info[OP__COUNT] = {
#define X(name, operands, flags, pair, dur, jump, synopsis)                    \
    [OP_##name] = {#name, operands, synopsis, (uint8_t)(sizeof(operands) - 1), \
                   (uint8_t)(flags), (uint8_t)OP_##pair, (uint8_t)(dur),       \
                   (uint8_t)(jump)},
    RT_OPCODES(X)
#undef X
};

#undef NO
#undef OPENS
#undef CLOSES
#undef IN_EXERCISE
#undef IN_LOOP
#undef NOT_EXERCISE
#undef BRANCH
#undef NO_FALL
#undef PAST_PAIR

int insn_decode(const uint8_t *code, uint32_t code_len, uint32_t pc, Insn *out) {
    if (pc >= code_len || code[pc] >= OP__COUNT)
        return 0;
    Opcode op = (Opcode)code[pc];
    uint32_t length = op_length(op);
    if (length > code_len - pc)
        return 0;
    out->op = op;
    out->length = length;
    for (unsigned i = 0; i < MAX_OPERANDS; i++)
        out->operand[i] = i < op_info[op].n_operands
                              ? le_get32(code + pc + 1 + 4 * i)
                              : 0;
    return 1;
}

const char *side_name(Side side) {
    switch (side) {
    case SIDE_LEFT: return "left";
    case SIDE_RIGHT: return "right";
    default: return NULL;
    }
}
