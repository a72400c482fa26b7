/*
 * opcodes.c -- the opcode table and the one instruction decoder.
 *
 * op_info[] is generated from RT_OPCODES (opcodes.h), so the operand count
 * is the length of the layout string, computed by the compiler.
 */
#include "opcodes.h"

#include "le.h"

const OpInfo op_info[OP__COUNT] = {
#define X(name, operands, synopsis) \
    [OP_##name] = {#name, operands, synopsis, (uint8_t)(sizeof(operands) - 1)},
    RT_OPCODES(X)
#undef X
};

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
