/*
 * bytecode.c -- the .rtb file format: write it, and load it back.
 *
 * The layout is documented in program.h.  Loading trusts nothing: the
 * header, the section sizes, the checksum, every constant, the code (via
 * bytecode_verify in verify.c) and the line table are all checked, in that
 * order, before a Program exists.  A chunk fresh from the compiler goes
 * through the same gate without being serialised: its header fields,
 * constants, code and line table get the very checks a file's get (at the
 * offsets its file would have); only what a file alone has -- the magic,
 * the version and the checksum -- is skipped.
 */
#include "program.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "le.h"
#include "output.h"
#include "verify.h"

#define RTB_CRC_SIZE   4
#define LINE_ENTRY_SIZE 12

/* ---- writing ------------------------------------------------------------------- */

/* Bytes of the constant section (u32 sums may overflow; u64 cannot). */
static uint64_t consts_size(const Chunk *chunk) {
    uint64_t size = 0;
    for (uint32_t i = 0; i < chunk->n_consts; i++)
        size += 4u + (uint64_t)chunk->consts[i].len;
    return size;
}

static uint64_t image_size(const Chunk *chunk) {
    return RTB_HEADER_SIZE + consts_size(chunk) + chunk->code_len +
           (uint64_t)chunk->n_lines * LINE_ENTRY_SIZE + RTB_CRC_SIZE;
}

static void write_header(const Chunk *chunk, uint8_t *p) {
    memcpy(p, RTB_MAGIC, RTB_MAGIC_SIZE);
    le_put16(p + 8, RTB_VERSION_MAJOR);
    le_put16(p + 10, RTB_VERSION_MINOR);
    le_put32(p + 12, 0); /* flags */
    le_put64(p + 16, chunk->source_hash);
    le_put32(p + 24, chunk->n_consts);
    le_put32(p + 28, (uint32_t)consts_size(chunk));
    le_put32(p + 32, chunk->code_len);
    le_put32(p + 36, chunk->n_lines);
    le_put32(p + 40, chunk->source_name);
    le_put32(p + 44, 0); /* reserved */
}

static uint8_t *write_sections(const Chunk *chunk, uint8_t *p) {
    for (uint32_t i = 0; i < chunk->n_consts; i++) {
        le_put32(p, chunk->consts[i].len);
        if (chunk->consts[i].len)
            memcpy(p + 4, chunk->consts[i].bytes, chunk->consts[i].len);
        p += 4 + (size_t)chunk->consts[i].len;
    }
    if (chunk->code_len)
        memcpy(p, chunk->code, chunk->code_len);
    p += chunk->code_len;
    for (uint32_t i = 0; i < chunk->n_lines; i++, p += LINE_ENTRY_SIZE) {
        le_put32(p, chunk->lines[i].pc);
        le_put32(p + 4, chunk->lines[i].line);
        le_put32(p + 8, chunk->lines[i].col);
    }
    return p;
}

uint8_t *bytecode_serialize(const Chunk *chunk, size_t *size_out) {
    uint64_t size = image_size(chunk);
    /* A constant section over 4 GiB cannot be described by its u32 field. */
    if (chunk->out_of_memory || consts_size(chunk) > UINT32_MAX || size > SIZE_MAX)
        return NULL;
    uint8_t *image = malloc((size_t)size);
    if (!image)
        return NULL;
    write_header(chunk, image);
    uint8_t *end = write_sections(chunk, image + RTB_HEADER_SIZE);
    le_put32(end, crc32_ieee(image, (size_t)(end - image)));
    *size_out = (size_t)size;
    return image;
}

int bytecode_write_file(const Chunk *chunk, const char *path, const FileIdSet *inputs) {
    size_t size = 0;
    uint8_t *image = bytecode_serialize(chunk, &size);
    int error = image ? output_write_all(path, image, size, inputs) : ENOMEM;
    free(image);
    return error;
}

/* ---- loading: errors ---------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static bool refuse(BytecodeError *err, uint64_t offset, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    err->offset = offset;
    return false;
}

/* ---- the gate: the header ------------------------------------------------------------- */

/* The header's fields, read from a file or taken from a chunk, with the
 * file offsets of the sections (a chunk's errors name the offsets its
 * file would have, so a message reads the same either way). */
typedef struct {
    uint16_t major, minor;
    uint32_t flags, reserved;
    uint64_t source_hash;
    uint32_t n_consts, consts_size, code_size, n_lines, source_name;
    size_t consts_at, code_at, lines_at; /* file offsets of the sections */
} Header;

static void place_sections(Header *h) {
    h->consts_at = RTB_HEADER_SIZE;
    h->code_at = h->consts_at + h->consts_size;
    h->lines_at = h->code_at + h->code_size;
}

static void read_header(const uint8_t *b, Header *h) {
    h->major = le_get16(b + 8);
    h->minor = le_get16(b + 10);
    h->flags = le_get32(b + 12);
    h->source_hash = le_get64(b + 16);
    h->n_consts = le_get32(b + 24);
    h->consts_size = le_get32(b + 28);
    h->code_size = le_get32(b + 32);
    h->n_lines = le_get32(b + 36);
    h->source_name = le_get32(b + 40);
    h->reserved = le_get32(b + 44);
    place_sections(h);
}

/* The header bytecode_serialize would write for `chunk` (its constant
 * section is known to fit in a u32). */
static void chunk_header(const Chunk *chunk, Header *h) {
    memset(h, 0, sizeof *h);
    h->major = RTB_VERSION_MAJOR;
    h->minor = RTB_VERSION_MINOR;
    h->source_hash = chunk->source_hash;
    h->n_consts = chunk->n_consts;
    h->consts_size = (uint32_t)consts_size(chunk);
    h->code_size = chunk->code_len;
    h->n_lines = chunk->n_lines;
    h->source_name = chunk->source_name;
    place_sections(h);
}

/* What only a file needs, before trusting a single field: the magic, the
 * size and the version (a later version might checksum differently). */
static bool check_envelope(const uint8_t *b, size_t size, BytecodeError *err) {
    /* A file shorter than the magic still gets "not bytecode" if it is. */
    for (size_t i = 0; i < size && i < RTB_MAGIC_SIZE; i++)
        if (b[i] != (uint8_t)RTB_MAGIC[i])
            return refuse(err, 0, "this is not a routinec bytecode file (bad magic "
                          "number)");
    if (size < RTB_HEADER_SIZE + RTB_CRC_SIZE)
        return refuse(err, size, "the file is too short: %zu bytes, but a bytecode file "
                      "has at least %d", size, RTB_HEADER_SIZE + RTB_CRC_SIZE);
    if (size > MAX_BYTECODE_BYTES)
        return refuse(err, MAX_BYTECODE_BYTES, "the file is %zu bytes; the limit is %u",
                      size, MAX_BYTECODE_BYTES);
    uint16_t major = le_get16(b + 8), minor = le_get16(b + 10);
    if (major < RTB_VERSION_MAJOR)
        return refuse(err, 8, "the file was compiled by an older routinec (bytecode version "
                      "%u.%u; this one reads version %d): compile the routine again", major,
                      minor, RTB_VERSION_MAJOR);
    if (major != RTB_VERSION_MAJOR)
        return refuse(err, 8, "the file has bytecode version %u.%u, but this routinec "
                      "reads only version %d (compile the routine again)", major, minor,
                      RTB_VERSION_MAJOR);
    uint32_t stored = le_get32(b + size - RTB_CRC_SIZE);
    if (crc32_ieee(b, size - RTB_CRC_SIZE) != stored)
        return refuse(err, size - RTB_CRC_SIZE, "checksum mismatch: the file is damaged");
    return true;
}

static bool check_header(const Header *h, size_t size, BytecodeError *err) {
    if (h->flags != 0)
        return refuse(err, 12, "the flags field is 0x%08" PRIx32 "; it must be 0", h->flags);
    if (h->reserved != 0)
        return refuse(err, 44, "the reserved field is 0x%08" PRIx32 "; it must be 0",
                      h->reserved);
    uint64_t expected = (uint64_t)RTB_HEADER_SIZE + h->consts_size + h->code_size +
                        (uint64_t)h->n_lines * LINE_ENTRY_SIZE + RTB_CRC_SIZE;
    if (expected != size)
        return refuse(err, 28, "the section sizes add up to %" PRIu64 " bytes, but the "
                      "file has %zu", expected, size);
    if (h->n_consts > MAX_CONSTANTS)
        return refuse(err, 24, "the program has %" PRIu32 " constants; the limit is %u", h->n_consts,
                      MAX_CONSTANTS);
    if (h->n_consts > h->consts_size / 4)
        return refuse(err, 24, "%" PRIu32 " constants cannot fit in a constant section "
                      "of %" PRIu32 " bytes", h->n_consts, h->consts_size);
    if (h->source_name != OPERAND_NONE && h->source_name >= h->n_consts)
        return refuse(err, 40, "the source name is constant %" PRIu32 ", but there are "
                      "only %" PRIu32 " constants", h->source_name, h->n_consts);
    return true;
}

/* ---- the gate: constants --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..len), or 0.  Refuses overlong
 * forms, surrogates (U+D800..DFFF) and anything above U+10FFFF. */
static size_t utf8_sequence(const uint8_t *s, size_t len) {
    uint8_t c = s[0];
    size_t need = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (need == 0 || need > len)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (need == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F)))
        return 0; /* overlong, surrogate */
    if (need == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F)))
        return 0; /* overlong, beyond U+10FFFF */
    return need;
}

/* Length of the prefix of s[0..len) made of whole 8-byte groups of bytes
 * 0x01..0x7F: the common case, which needs no per-byte check.  The test
 * looks at bytes only (no byte order involved): a group passes when no
 * byte has its top bit set and no byte is zero. */
static size_t plain_ascii_prefix(const uint8_t *s, size_t len) {
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, sizeof x);
        if ((x | ((x - ones) & ~x)) & highs)
            break;
    }
    return i;
}

static bool check_text(const uint8_t *s, uint32_t len, uint32_t k, size_t at,
                       BytecodeError *err) {
    for (uint32_t i = 0; i < len;) {
        i += (uint32_t)plain_ascii_prefix(s + i, len - i);
        if (i == len)
            break;
        if (s[i] == 0)
            return refuse(err, at + i, "constant %" PRIu32 " contains a NUL byte", k);
        size_t n = utf8_sequence(s + i, len - i);
        if (n == 0)
            return refuse(err, at + i, "constant %" PRIu32 " is not valid UTF-8 "
                          "(byte 0x%02x at position %" PRIu32 ")", k, s[i], i);
        i += (uint32_t)n;
    }
    return true;
}

/* One constant's text, whose length field is at file offset `at`: within
 * the length limit, no NUL, valid UTF-8. */
static bool check_constant(const uint8_t *s, uint32_t len, uint32_t k, size_t at,
                           BytecodeError *err) {
    if (len > MAX_STRING_BYTES)
        return refuse(err, at, "constant %" PRIu32 " is %" PRIu32 " bytes long; the "
                      "limit is %u", k, len, MAX_STRING_BYTES);
    return check_text(s, len, k, at + 4, err);
}

/* Check every constant of a file; `text_bytes` gets the total of their
 * lengths. */
static bool check_file_constants(const uint8_t *b, const Header *h, uint64_t *text_bytes,
                                 BytecodeError *err) {
    size_t at = h->consts_at, end = h->code_at;
    *text_bytes = 0;
    for (uint32_t k = 0; k < h->n_consts; k++) {
        if (end - at < 4)
            return refuse(err, at, "constant %" PRIu32 " runs past the end of the "
                          "constant section", k);
        uint32_t len = le_get32(b + at);
        if (len > end - at - 4)
            return refuse(err, at, "constant %" PRIu32 " is %" PRIu32 " bytes long, which "
                          "runs past the end of the constant section", k, len);
        if (!check_constant(b + at + 4, len, k, at, err))
            return false;
        at += 4 + (size_t)len;
        *text_bytes += len;
    }
    if (at != end)
        return refuse(err, at, "the constant section has %zu bytes after its last "
                      "constant", end - at);
    return true;
}

/* The same checks on a chunk's constants, at the offsets of its file. */
static bool check_chunk_constants(const Chunk *chunk, const Header *h, uint64_t *text_bytes,
                                  BytecodeError *err) {
    size_t at = h->consts_at;
    *text_bytes = 0;
    for (uint32_t k = 0; k < chunk->n_consts; k++) {
        const Constant *c = &chunk->consts[k];
        if (!check_constant((const uint8_t *)c->bytes, c->len, k, at, err))
            return false;
        at += 4 + (size_t)c->len;
        *text_bytes += c->len;
    }
    return true;
}

/* ---- the gate: building and checking the Program -------------------------------------- */

/* The writable view of a Program's storage while it is being filled. */
typedef struct {
    Constant *consts;
    LineEntry *lines;
    uint8_t *code;
    char *text;
} Storage;

/* One allocation owns everything: [Constant[]][LineEntry[]][code][texts]. */
static bool allocate_program(const Header *h, uint64_t text_bytes, Program *p, Storage *s,
                             BytecodeError *err) {
    uint64_t size = (uint64_t)h->n_consts * sizeof(Constant) +
                    (uint64_t)h->n_lines * sizeof(LineEntry) + h->code_size + text_bytes +
                    h->n_consts;
    uint8_t *block = size <= SIZE_MAX ? malloc(size ? (size_t)size : 1) : NULL;
    if (!block) {
        refuse(err, 0, "out of memory loading a program of %" PRIu64 " bytes", size);
        return false;
    }
    p->storage = block;
    s->consts = (Constant *)(void *)block;
    block += (size_t)h->n_consts * sizeof(Constant);
    s->lines = (LineEntry *)(void *)block;
    block += (size_t)h->n_lines * sizeof(LineEntry);
    s->code = block;
    s->text = (char *)block + h->code_size;
    return true;
}

/* Store constant k as a NUL-terminated copy in the texts area. */
static void store_constant(Storage *s, uint32_t k, const uint8_t *bytes, uint32_t len) {
    if (len)
        memcpy(s->text, bytes, len);
    s->text[len] = '\0';
    s->consts[k] = (Constant){s->text, len};
    s->text += (size_t)len + 1;
}

/* Point the Program at its storage.  The line table stays empty until
 * check_lines has accepted it. */
static void set_fields(const Header *h, Program *p, const Storage *s) {
    p->code = s->code;
    p->code_len = h->code_size;
    p->consts = s->consts;
    p->n_consts = h->n_consts;
    p->lines = s->lines;
    p->n_lines = 0;
    p->source_hash = h->source_hash;
    p->source_name = h->source_name;
}

/* Copy a file's code, texts and line table into the storage. */
static void fill_from_file(const uint8_t *b, const Header *h, Storage *s) {
    if (h->code_size)
        memcpy(s->code, b + h->code_at, h->code_size);
    size_t at = h->consts_at;
    for (uint32_t k = 0; k < h->n_consts; k++) {
        uint32_t len = le_get32(b + at);
        store_constant(s, k, b + at + 4, len);
        at += 4 + (size_t)len;
    }
    for (uint32_t i = 0; i < h->n_lines; i++) {
        const uint8_t *e = b + h->lines_at + (size_t)i * LINE_ENTRY_SIZE;
        s->lines[i] = (LineEntry){le_get32(e), le_get32(e + 4), le_get32(e + 8)};
    }
}

/* The same from a chunk. */
static void fill_from_chunk(const Chunk *chunk, Storage *s) {
    if (chunk->code_len)
        memcpy(s->code, chunk->code, chunk->code_len);
    for (uint32_t k = 0; k < chunk->n_consts; k++)
        store_constant(s, k, (const uint8_t *)chunk->consts[k].bytes, chunk->consts[k].len);
    if (chunk->n_lines)
        memcpy(s->lines, chunk->lines, (size_t)chunk->n_lines * sizeof(LineEntry));
}

/* The line table: pcs strictly increasing, each on an instruction boundary
 * of the (already verified, so every opcode is valid and complete) code --
 * one walk over the code, in step with the table -- and no line 0. */
static bool check_lines(const Header *h, Program *p, const LineEntry *lines,
                        BytecodeError *err) {
    uint32_t pc = 0;
    for (uint32_t i = 0; i < h->n_lines; i++) {
        size_t at = h->lines_at + (size_t)i * LINE_ENTRY_SIZE;
        LineEntry e = lines[i];
        if (i > 0 && e.pc <= lines[i - 1].pc)
            return refuse(err, at, "line entry %" PRIu32 " has pc 0x%04" PRIx32 ", not after "
                          "the previous entry's 0x%04" PRIx32, i, e.pc, lines[i - 1].pc);
        while (pc < e.pc && pc < p->code_len)
            pc += op_length((Opcode)p->code[pc]);
        if (pc != e.pc || e.pc >= p->code_len)
            return refuse(err, at, "line entry %" PRIu32 " has pc 0x%04" PRIx32 ", which is "
                          "not the start of an instruction", i, e.pc);
        if (e.line == 0)
            return refuse(err, at + 4, "line entry %" PRIu32 " has line 0; lines start at 1",
                          i);
    }
    p->n_lines = h->n_lines;
    return true;
}

/* What every program passes, from a file or from the compiler: the code
 * (bytecode_verify), then the line table. */
static bool check_program(const Header *h, Program *p, const Storage *s, BytecodeError *err) {
    if (!bytecode_verify(p, err)) {
        err->offset += h->code_at;
        return false;
    }
    return check_lines(h, p, s->lines, err);
}

bool bytecode_load(const uint8_t *bytes, size_t size, Program *out, BytecodeError *err) {
    Header h;
    uint64_t text_bytes = 0;
    Program p = {0};
    Storage s = {0};
    if (!check_envelope(bytes, size, err))
        return false;
    read_header(bytes, &h);
    if (!check_header(&h, size, err) || !check_file_constants(bytes, &h, &text_bytes, err) ||
        !allocate_program(&h, text_bytes, &p, &s, err))
        return false;
    set_fields(&h, &p, &s);
    fill_from_file(bytes, &h, &s);
    if (!check_program(&h, &p, &s, err)) {
        program_free(&p);
        return false;
    }
    *out = p;
    return true;
}

/* A chunk has no file yet, so there is no magic, version or checksum to
 * check; everything else is checked exactly as in bytecode_load. */
bool program_from_chunk(const Chunk *chunk, Program *out, BytecodeError *err) {
    if (chunk->out_of_memory)
        return refuse(err, 0, "ran out of memory while generating the program");
    uint64_t size = image_size(chunk);
    if (size > MAX_BYTECODE_BYTES)
        return refuse(err, 0, "the program would be %" PRIu64 " bytes; the limit is %u",
                      size, MAX_BYTECODE_BYTES);
    Header h;
    uint64_t text_bytes = 0;
    Program p = {0};
    Storage s = {0};
    chunk_header(chunk, &h);
    if (!check_header(&h, (size_t)size, err) ||
        !check_chunk_constants(chunk, &h, &text_bytes, err) ||
        !allocate_program(&h, text_bytes, &p, &s, err))
        return false;
    set_fields(&h, &p, &s);
    fill_from_chunk(chunk, &s);
    if (!check_program(&h, &p, &s, err)) {
        program_free(&p);
        return false;
    }
    *out = p;
    return true;
}

void program_free(Program *program) {
    free(program->storage);
    memset(program, 0, sizeof *program);
}

/* ---- queries ---------------------------------------------------------------------------- */

uint32_t program_line(const Program *program, uint32_t pc, uint32_t *col) {
    /* The last entry whose pc is at most `pc`: binary search. */
    uint32_t lo = 0, hi = program->n_lines;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (program->lines[mid].pc <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    const LineEntry *e = lo ? &program->lines[lo - 1] : NULL;
    if (col)
        *col = e ? e->col : 0;
    return e ? e->line : 0;
}

const char *program_string(const Program *program, uint32_t k) {
    return k < program->n_consts ? program->consts[k].bytes : "";
}
