/*
 * program.h -- a verified program, ready for the VM, and the .rtb format.
 *
 * The .rtb file (all integers little-endian):
 *
 *   offset size  field
 *   0      8     magic: 0x89 'R' 'T' 'B' '\r' '\n' 0x1A '\n'
 *   8      2     format major version (RTB_VERSION_MAJOR); others are refused
 *   10     2     format minor version (readers accept any minor)
 *   12     4     flags: must be 0
 *   16     8     source hash: FNV-1a 64 over the compiled source text
 *   24     4     n_consts: number of constants
 *   28     4     consts_size: bytes of the constant section
 *   32     4     code_size: bytes of the code section
 *   36     4     n_lines: entries in the line table
 *   40     4     source_name: constant index of the source path, or 0xFFFFFFFF
 *   44     4     reserved: must be 0
 *   48     ...   constant section: n_consts times { u32 len; len bytes UTF-8 }
 *          ...   code section: code_size bytes of instructions (opcodes.h)
 *          ...   line table: n_lines times { u32 pc; u32 line; u32 col },
 *                pc strictly increasing, each on an instruction boundary
 *   end-4  4     CRC-32 (IEEE 802.3) of every byte before it
 *
 * Nothing may follow the checksum.  Loading checks all of it, and then the
 * verifier checks the code itself (bytecode_verify) before a Program is
 * handed to anyone.
 */
#ifndef ROUTINEC_PROGRAM_H
#define ROUTINEC_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chunk.h"
#include "output.h"

#define RTB_MAGIC "\x89RTB\r\n\x1a\n"
#define RTB_MAGIC_SIZE 8
#define RTB_HEADER_SIZE 48
#define RTB_VERSION_MAJOR 3 /* 2: ranges, frequency, load, stages... (issue 9);
                               3: tempo phases (TEMPO_PHASES, PHASE) */
#define RTB_VERSION_MINOR 0

/* A program the verifier has accepted.  Read-only once built. */
typedef struct {
    const uint8_t *code;
    uint32_t code_len;
    const Constant *consts; /* every constant is valid UTF-8 without NUL */
    uint32_t n_consts;
    const LineEntry *lines;
    uint32_t n_lines;
    uint64_t source_hash;
    uint32_t source_name;   /* constant index or OPERAND_NONE */

    /* Proved by the verifier. */
    uint64_t max_duration_ms; /* longest possible session (no pauses) */
    uint64_t max_steps;       /* most instructions a run can execute */
    uint64_t max_text_bytes;  /* most bytes of texts a run can show */

    void *storage;            /* owns everything above */
} Program;

/* What went wrong when a file or chunk is refused. */
typedef struct {
    uint64_t offset;   /* byte offset in the file (or code offset) */
    char message[256]; /* a sentence, without the file name */
} BytecodeError;

/* Serialise `chunk` as a .rtb image.  Returns a malloc'd buffer, or NULL
 * when out of memory. */
uint8_t *bytecode_serialize(const Chunk *chunk, size_t *size_out);

/* Write `chunk` to `path` through output.h (atomic for a regular file,
 * written through for a device or FIFO, never over one of `inputs`, which
 * may be NULL).  Returns 0, or an error for output_strerror. */
int bytecode_write_file(const Chunk *chunk, const char *path, const FileIdSet *inputs);

/* Check and load a .rtb image (copied: `bytes` may be freed afterwards).
 * On failure returns false and fills `err`. */
bool bytecode_load(const uint8_t *bytes, size_t size, Program *out, BytecodeError *err);

/* Verify a freshly compiled chunk the same way, so compiled routines and
 * loaded files reach the VM through one gate. */
bool program_from_chunk(const Chunk *chunk, Program *out, BytecodeError *err);

void program_free(Program *program);

/* Source line of the instruction at `pc` (0 when unknown). */
uint32_t program_line(const Program *program, uint32_t pc, uint32_t *col);

const char *program_string(const Program *program, uint32_t k); /* "" for OPERAND_NONE */

/* Print a readable listing; `source` (may be NULL) supplies source lines. */
void disasm_print(const Program *program, FILE *out, const char *source_text, size_t source_len);

uint32_t crc32_ieee(const uint8_t *bytes, size_t len);

#endif
