/*
 * chunk.c -- building a program: code, constant pool, line table.
 *
 * Every append checks its size arithmetic; a failed allocation sets the
 * sticky `out_of_memory` flag and the append becomes a no-op, so the code
 * generator checks once, at the end, instead of after every call.
 */
#include "chunk.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "le.h"

#define HASH_SEED       0x9e3779b97f4a7c15ull
#define HASH_MULTIPLIER 0xff51afd7ed558ccdull

void chunk_init(Chunk *chunk) {
    memset(chunk, 0, sizeof *chunk);
    chunk->source_hash = HASH_FNV_OFFSET; /* the hash of no text at all */
    chunk->source_name = OPERAND_NONE;
}

void chunk_free(Chunk *chunk) {
    for (uint32_t i = 0; i < chunk->n_consts; i++)
        free((char *)chunk->consts[i].bytes);
    free(chunk->code);
    free(chunk->consts);
    free(chunk->const_index);
    free(chunk->lines);
    chunk_init(chunk);
}

/* Make room for `extra` more items of `item_size` in the array at *items,
 * which holds *len of *cap.  Doubles the capacity; false (and the sticky
 * flag) when the sizes would overflow or malloc fails. */
static bool grow(Chunk *chunk, void **items, uint32_t len, uint32_t *cap,
                 uint32_t extra, size_t item_size) {
    if (chunk->out_of_memory || extra > UINT32_MAX - len)
        goto fail;
    if (len + extra <= *cap)
        return true;
    uint32_t new_cap = *cap < 8 ? 8 : *cap;
    while (new_cap < len + extra)
        new_cap = new_cap > UINT32_MAX / 2 ? UINT32_MAX : new_cap * 2;
    if (new_cap > SIZE_MAX / item_size)
        goto fail;
    void *bigger = realloc(*items, (size_t)new_cap * item_size);
    if (!bigger)
        goto fail;
    *items = bigger;
    *cap = new_cap;
    return true;
fail:
    chunk->out_of_memory = true;
    return false;
}

/* ---- constant pool ---------------------------------------------------- */

/* Mix one 8-byte word into the hash: multiply by an odd constant (a
 * bijection), then fold the high half down so later words reach it. */
static uint64_t mix_word(uint64_t h, uint64_t word) {
    h = (h ^ word) * HASH_MULTIPLIER;
    return h ^ (h >> 32);
}

/* The index's hash of a text, 8 bytes at a time.  It only places texts in
 * the index (constants are numbered in order of first use), so it need not
 * be the same on every host; it is deterministic all the same. */
static uint32_t hash_bytes(const char *bytes, uint32_t len) {
    uint64_t h = HASH_SEED ^ len;
    uint32_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, sizeof word);
        h = mix_word(h, word);
    }
    if (i < len) {
        uint64_t word = 0;
        memcpy(&word, bytes + i, len - i);
        h = mix_word(h, word);
    }
    h = mix_word(h, 0); /* one more round, so the last word's high bits reach the low ones */
    return (uint32_t)h;
}

/* The slot holding `bytes`, or the empty slot where it would go.  The table
 * is a power of two in size and never more than half full, so the linear
 * probe always ends. */
static uint32_t index_find(const Chunk *chunk, const char *bytes, uint32_t len) {
    uint32_t mask = chunk->index_cap - 1;
    for (uint32_t slot = hash_bytes(bytes, len) & mask;; slot = (slot + 1) & mask) {
        uint32_t entry = chunk->const_index[slot];
        if (entry == 0)
            return slot;
        const Constant *c = &chunk->consts[entry - 1];
        if (c->len == len && memcmp(c->bytes, bytes, len) == 0)
            return slot;
    }
}

/* Double the hash index (or create it) and re-insert every constant. */
static bool index_grow(Chunk *chunk) {
    uint32_t new_cap = chunk->index_cap ? chunk->index_cap * 2 : 16;
    if (chunk->index_cap > UINT32_MAX / 2)
        return false;
    uint32_t *slots = calloc(new_cap, sizeof *slots); /* calloc checks the product */
    if (!slots)
        return false;
    free(chunk->const_index);
    chunk->const_index = slots;
    chunk->index_cap = new_cap;
    for (uint32_t i = 0; i < chunk->n_consts; i++) {
        const Constant *c = &chunk->consts[i];
        slots[index_find(chunk, c->bytes, c->len)] = i + 1;
    }
    return true;
}

/* Append a NUL-terminated copy of the text as constant n_consts. */
static bool pool_append(Chunk *chunk, const char *bytes, uint32_t len) {
    if (len == UINT32_MAX || chunk->n_consts >= UINT32_MAX - 1)
        return false;  /* n_consts + 1 must stay a valid index entry */
    void *consts = chunk->consts;
    if (!grow(chunk, &consts, chunk->n_consts, &chunk->consts_cap, 1, sizeof(Constant)))
        return false;
    chunk->consts = consts;
    char *copy = malloc((size_t)len + 1);
    if (!copy)
        return false;
    if (len)
        memcpy(copy, bytes, len);
    copy[len] = '\0';
    chunk->consts[chunk->n_consts].bytes = copy;
    chunk->consts[chunk->n_consts].len = len;
    chunk->n_consts++;
    return true;
}

uint32_t chunk_constant(Chunk *chunk, const char *bytes, uint32_t len) {
    if (chunk->out_of_memory)
        return 0;
    if (chunk->n_consts >= chunk->index_cap / 2 && !index_grow(chunk))
        goto fail;
    uint32_t slot = index_find(chunk, bytes, len);
    if (chunk->const_index[slot] != 0)
        return chunk->const_index[slot] - 1;
    if (!pool_append(chunk, bytes, len))
        goto fail;
    chunk->const_index[slot] = chunk->n_consts;
    return chunk->n_consts - 1;
fail:
    chunk->out_of_memory = true;
    return 0;
}

/* ---- code and lines ----------------------------------------------------- */

/* Record that the code from `pc` on comes from line:col, unless the last
 * entry already says so.  Line 0 (no source) records nothing: such an
 * instruction keeps the previous position, which is the closest we have. */
static void note_line(Chunk *chunk, uint32_t pc, uint32_t line, uint32_t col) {
    if (line == 0)
        return;
    if (chunk->n_lines > 0) {
        const LineEntry *last = &chunk->lines[chunk->n_lines - 1];
        if (last->line == line && last->col == col)
            return;
    }
    void *lines = chunk->lines;
    if (!grow(chunk, &lines, chunk->n_lines, &chunk->lines_cap, 1, sizeof(LineEntry)))
        return;
    chunk->lines = lines;
    chunk->lines[chunk->n_lines++] = (LineEntry){pc, line, col};
}

uint32_t chunk_emit(Chunk *chunk, uint32_t line, uint32_t col, Opcode op, ...) {
    uint32_t pc = chunk->code_len;
    if ((unsigned)op >= OP__COUNT) {
        chunk->out_of_memory = true; /* a generator bug: refuse to continue */
        return pc;
    }
    uint32_t length = op_length(op);
    void *code = chunk->code;
    if (!grow(chunk, &code, chunk->code_len, &chunk->code_cap, length, 1))
        return pc;
    chunk->code = code;
    uint8_t *p = chunk->code + pc;
    p[0] = (uint8_t)op;
    va_list args;
    va_start(args, op);
    for (unsigned i = 0; i < op_info[op].n_operands; i++)
        le_put32(p + 1 + 4 * i, va_arg(args, uint32_t));
    va_end(args);
    chunk->code_len += length;
    note_line(chunk, pc, line, col);
    return pc;
}

void chunk_patch(Chunk *chunk, uint32_t pc, unsigned index, uint32_t value) {
    if (pc >= chunk->code_len || chunk->code[pc] >= OP__COUNT)
        return;
    Opcode op = (Opcode)chunk->code[pc];
    if (index >= op_info[op].n_operands || op_length(op) > chunk->code_len - pc)
        return;
    le_put32(chunk->code + pc + 1 + 4 * index, value);
}

void chunk_patch_jump(Chunk *chunk, uint32_t pc, uint32_t target) {
    if (pc >= chunk->code_len || chunk->code[pc] >= OP__COUNT)
        return;
    unsigned j = op_info[chunk->code[pc]].jump;
    if (j == OPND_NO) {
        chunk->out_of_memory = true; /* a generator bug: refuse to continue */
        return;
    }
    chunk_patch(chunk, pc, j, target);
}
