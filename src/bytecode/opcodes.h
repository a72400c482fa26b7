/*
 * opcodes.h -- the routinec instruction set, declared once.
 *
 * Every instruction is one opcode byte followed by zero to four operands,
 * each a 32-bit little-endian unsigned integer:
 *
 *     +--------+----------+----------+-----+
 *     | opcode | operand a| operand b| ... |      1 + 4*n bytes
 *     +--------+----------+----------+-----+
 *
 * The operand layout of each opcode is a string of operand kinds:
 *
 *     k  index into the constant pool (a UTF-8 string)
 *     K  like k, or OPERAND_NONE (0xFFFFFFFF) for "no text"
 *     j  absolute code offset of an instruction (a jump target)
 *     t  a duration in milliseconds
 *     n  a count (at least 1)
 *     s  a side: 0 none, 1 left, 2 right
 *
 * The table below is the only list of opcodes.  It generates the Opcode
 * enum, the operand layouts and synopses used by the emitter, the
 * disassembler, the verifier and the VM, so they cannot disagree.  Only
 * bytecode.c and chunk.c read or write the encoding; everyone else goes
 * through insn_decode() and chunk_emit().
 *
 * The instruction set has no unbounded loop: LOOP/END_LOOP repeat a body a
 * fixed number of times, and every other jump goes forward.  That is what
 * lets the verifier prove that a program ends and bound its duration.
 */
#ifndef ROUTINEC_OPCODES_H
#define ROUTINEC_OPCODES_H

#include <stddef.h>
#include <stdint.h>

#define OPERAND_NONE 0xFFFFFFFFu
#define MAX_OPERANDS 4

/*   name          operands  synopsis (shown by `routinec disasm`) */
#define RT_OPCODES(X)                                                          \
    X(ROUTINE,      "k",    "start the routine titled K(a)")                   \
    X(SECTION,      "kKj",  "enter section K(a) of level K(b); when it is "    \
                            "not selected, jump to J(c), just past its "       \
                            "END_SECTION")                                     \
    X(END_SECTION,  "",     "leave the innermost section")                     \
    X(EXERCISE,     "kKKj", "begin exercise K(a) of kind K(b), variant K(c); " \
                            "J(d) is its END_EXERCISE, where `next` goes")     \
    X(END_EXERCISE, "",     "finish the current exercise")                     \
    X(POSITION,     "k",    "show the starting position K(a)")                 \
    X(CUE,          "k",    "show and say the instruction K(a)")               \
    X(BREATHE,      "k",    "show and say the breathing cue K(a)")             \
    X(NOTE,         "k",    "show the note K(a)")                              \
    X(SAFETY,       "k",    "show the safety note K(a)")                       \
    X(GATE,         "k",    "show the condition K(a) for going on")            \
    X(GET_READY,    "t",    "give T(a) to get into position")                  \
    X(LOOP,         "n",    "repeat the body up to the matching END_LOOP "     \
                            "N(a) times")                                      \
    X(END_LOOP,     "j",    "go back to J(a), just past the LOOP, while "      \
                            "iterations remain")                               \
    X(SET,          "",     "announce the set: iteration of the innermost "    \
                            "loop")                                            \
    X(ROUND,        "K",    "announce a round of circuit K(a): iteration of "  \
                            "the innermost loop")                              \
    X(SIDE,         "sK",   "work side S(a), called K(b)")                     \
    X(SIDE_ALT,     "sKK",  "alternate sides by iteration: S(a) called K(b) "  \
                            "on even iterations, the other called K(c) on odd")\
    X(REP,          "nn",   "announce rep (iteration / N(b)) + 1 of N(a)")     \
    X(HOLD,         "t",    "hold for T(a)")                                   \
    X(HOLD_UP_TO,   "t",    "hold for up to T(a); the patient may end it "     \
                            "early")                                           \
    X(HOLD_OPEN,    "",     "hold as long as the patient can; a key ends it")  \
    X(TEMPO,        "t",    "move through one rep in T(a)")                    \
    X(WAIT_KEY,     "",     "wait for the patient to say the rep or set is "   \
                            "done")                                            \
    X(REST,         "t",    "rest for T(a)")                                   \
    X(REST_BETWEEN, "t",    "rest for T(a) unless this is the last iteration " \
                            "of the innermost loop")                           \
    X(IF_VARIANT,   "Kj",   "unless variant K(a) was chosen, jump to J(b)")    \
    X(IF_STEP,      "nnj",  "unless the chosen progression step is within "    \
                            "N(a)..N(b), jump to J(c)")                        \
    X(JUMP,         "j",    "jump forward to J(a)")                            \
    X(END,          "",     "end of the routine")

typedef enum {
#define X(name, operands, synopsis) OP_##name,
    RT_OPCODES(X)
#undef X
    OP__COUNT
} Opcode;

typedef struct {
    const char *name;      /* "HOLD_UP_TO" */
    const char *operands;  /* operand kinds, one letter each */
    const char *synopsis;
    uint8_t n_operands;
} OpInfo;

typedef enum { SIDE_NONE = 0, SIDE_LEFT = 1, SIDE_RIGHT = 2 } Side;

/* One decoded instruction. */
typedef struct {
    Opcode op;
    uint32_t operand[MAX_OPERANDS];
    uint32_t length;  /* encoded length in bytes */
} Insn;

extern const OpInfo op_info[OP__COUNT];

/* Encoded length of an instruction with opcode `op` (which must be valid). */
static inline uint32_t op_length(Opcode op) {
    return 1u + 4u * op_info[op].n_operands;
}

/* Decode the instruction at code[pc].  Returns 0 if there is no complete,
 * valid opcode there (the verifier has already ruled that out for any
 * program the VM runs). */
int insn_decode(const uint8_t *code, uint32_t code_len, uint32_t pc, Insn *out);

const char *side_name(Side side); /* "left", "right" or NULL */

#endif
