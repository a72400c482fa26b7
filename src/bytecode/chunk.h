/*
 * chunk.h -- a program being built: code, constant pool and line table.
 *
 * The code generator appends instructions with chunk_emit(); strings go
 * into the constant pool once each (chunk_constant() deduplicates); every
 * instruction records the source position it came from, so `disasm` and
 * runtime events can point back at the routine.
 */
#ifndef ROUTINEC_CHUNK_H
#define ROUTINEC_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opcodes.h"

typedef struct {
    const char *bytes; /* UTF-8, not NUL-terminated in files; NUL-terminated in memory */
    uint32_t len;
} Constant;

/* Source position of the instructions from `pc` up to the next entry. */
typedef struct {
    uint32_t pc;
    uint32_t line;
    uint32_t col;
} LineEntry;

typedef struct {
    uint8_t *code;
    uint32_t code_len, code_cap;

    Constant *consts;
    uint32_t n_consts, consts_cap;
    uint32_t *const_index; /* open-addressing hash: slot -> const + 1, 0 empty */
    uint32_t index_cap;

    LineEntry *lines;
    uint32_t n_lines, lines_cap;

    uint64_t source_hash;  /* FNV-1a of every source byte compiled */
    uint32_t source_name;  /* constant: path of the main source, or OPERAND_NONE */
    bool out_of_memory;    /* sticky: set when any append failed */
} Chunk;

void chunk_init(Chunk *chunk);
void chunk_free(Chunk *chunk);

/* Index of `len` bytes of text in the pool, adding it if new. */
uint32_t chunk_constant(Chunk *chunk, const char *bytes, uint32_t len);

/* Append `op` with its operands (as many uint32_t as op_info says) and
 * return the instruction's offset.  `line`/`col` locate it in the source
 * (0 when it has no source). */
uint32_t chunk_emit(Chunk *chunk, uint32_t line, uint32_t col, Opcode op, ...);

/* Overwrite operand `index` of the instruction at `pc` (to back-patch a
 * forward jump once its target is known). */
void chunk_patch(Chunk *chunk, uint32_t pc, unsigned index, uint32_t value);

/* Set the jump target (the operand its JUMP column names) of the
 * instruction at `pc` to `target`: how a forward jump is back-patched. */
void chunk_patch_jump(Chunk *chunk, uint32_t pc, uint32_t target);

#endif
