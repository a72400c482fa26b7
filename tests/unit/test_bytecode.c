/*
 * test_bytecode.c -- the chunk builder and the .rtb format: a program
 * survives serialise/load unchanged; every malformed image is refused with
 * its own message before anything else sees it; no truncation or single
 * byte change can crash the loader.
 *
 * Malformed images are made by patching a good one; unless the test is
 * about the checksum, the CRC is recomputed so the later checks are reached.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bounds.h"
#include "program.h"

#define NONE OPERAND_NONE

static uint32_t text(Chunk *c, const char *s) {
    return chunk_constant(c, s, (uint32_t)strlen(s));
}

/* A small valid program with a loop, a branch and a line table:
 *
 *   0000 ROUTINE "Back"        line 1
 *   0005 EXERCISE "Bridge"...  line 2
 *   0016 CUE "Lift"            line 3
 *   001b LOOP 3 3 ->0032       line 4
 *   0028 HOLD 5s               line 4 (same position: no new entry)
 *   002d END_LOOP ->0028       line 5
 *   0032 END_EXERCISE          line 6
 *   0033 END                   line 7
 */
static void good_chunk(Chunk *c) {
    chunk_init(c);
    c->source_name = text(c, "routines/back.rt");
    c->source_hash = 0x0123456789abcdefull;
    chunk_emit(c, 1, 1, OP_ROUTINE, text(c, "Back"));
    uint32_t ex = chunk_emit(c, 2, 3, OP_EXERCISE, text(c, "Bridge"), text(c, "strength"),
                             NONE, 0u);
    chunk_emit(c, 3, 5, OP_CUE, text(c, "Lift"));
    uint32_t loop = chunk_emit(c, 4, 5, OP_LOOP, 3u, 3u, 0u);
    chunk_emit(c, 4, 5, OP_HOLD, 5000u);
    chunk_emit(c, 5, 5, OP_END_LOOP, loop + op_length(OP_LOOP));
    chunk_patch_jump(c, loop, c->code_len);
    chunk_patch(c, ex, 3, chunk_emit(c, 6, 3, OP_END_EXERCISE));
    chunk_emit(c, 7, 1, OP_END);
}

static uint8_t *good_image(size_t *size) {
    Chunk c;
    good_chunk(&c);
    uint8_t *image = bytecode_serialize(&c, size);
    chunk_free(&c);
    assert_non_null(image);
    return image;
}

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void reseal(uint8_t *image, size_t size) {
    put_u32(image + size - 4, crc32_ieee(image, size - 4));
}

/* Load; on success free the program.  Returns whether it loaded. */
static bool try_load(const uint8_t *image, size_t size, BytecodeError *err) {
    Program p;
    memset(err, 0, sizeof *err);
    if (!bytecode_load(image, size, &p, err))
        return false;
    program_free(&p);
    return true;
}

static void expect_refusal(const uint8_t *image, size_t size, uint64_t offset,
                           const char *message) {
    BytecodeError err;
    assert_false(try_load(image, size, &err));
    assert_string_equal(err.message, message);
    assert_int_equal(err.offset, offset);
}

static void expect_chunk_refusal(Chunk *c, const char *message) {
    Program p;
    BytecodeError err;
    assert_false(program_from_chunk(c, &p, &err));
    assert_string_equal(err.message, message);
    chunk_free(c);
}

/* ---- the chunk builder ------------------------------------------------------------ */

static void test_constants_are_deduplicated(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    uint32_t a = text(&c, "hold"), b = text(&c, "rest");
    assert_int_equal(text(&c, "hold"), a);
    assert_int_not_equal(a, b);
    assert_int_equal(chunk_constant(&c, "hold", 3), 2); /* "hol" is a different text */
    assert_int_equal(chunk_constant(&c, "", 0), 3);
    assert_int_equal(chunk_constant(&c, "", 0), 3);
    assert_int_equal(c.n_consts, 4);
    chunk_free(&c);
}

static void test_many_constants_stay_findable(void **state) {
    (void)state;
    Chunk c;
    char buf[32];
    chunk_init(&c);
    for (unsigned i = 0; i < 20000; i++) {
        snprintf(buf, sizeof buf, "cue %u", i);
        assert_int_equal(text(&c, buf), i);
    }
    for (unsigned i = 0; i < 20000; i += 997) {
        snprintf(buf, sizeof buf, "cue %u", i);
        assert_int_equal(text(&c, buf), i);
        assert_string_equal(c.consts[i].bytes, buf); /* NUL-terminated in memory */
    }
    assert_false(c.out_of_memory);
    chunk_free(&c);
}

static void test_emit_encodes_and_records_lines(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    assert_int_equal(c.code_len, 0x34);
    assert_int_equal(c.code[0x28], OP_HOLD);
    assert_int_equal(get_u32(c.code + 0x29), 5000);
    assert_int_equal(get_u32(c.code + 0x2e), 0x28); /* END_LOOP ->0028 */
    assert_int_equal(get_u32(c.code + 0x1c + 8), 0x32); /* LOOP's exit, past END_LOOP */
    assert_int_equal(get_u32(c.code + 0x06 + 12), 0x32); /* patched exercise end */
    assert_int_equal(c.n_lines, 7); /* HOLD shares LOOP's position */
    assert_int_equal(c.lines[4].pc, 0x2d);
    assert_int_equal(c.lines[4].line, 5);
    chunk_free(&c);
}

static void test_emit_without_source_records_no_line(void **state) {
    (void)state;
    Chunk c;
    chunk_init(&c);
    chunk_emit(&c, 0, 0, OP_ROUTINE, text(&c, "R"));
    chunk_emit(&c, 0, 0, OP_END);
    assert_int_equal(c.n_lines, 0);
    chunk_free(&c);
}

static void test_insn_decode_refuses_incomplete_code(void **state) {
    (void)state;
    Insn insn;
    const uint8_t code[] = {OP_HOLD, 0x88, 0x13, 0, 0, OP__COUNT, OP_HOLD, 1};
    assert_int_not_equal(insn_decode(code, sizeof code, 0, &insn), 0);
    assert_int_equal(insn.op, OP_HOLD);
    assert_int_equal(insn.operand[0], 5000);
    assert_int_equal(insn.length, 5);
    assert_int_equal(insn_decode(code, sizeof code, 5, &insn), 0); /* unknown opcode */
    assert_int_equal(insn_decode(code, sizeof code, 6, &insn), 0); /* cut short */
    assert_int_equal(insn_decode(code, sizeof code, 8, &insn), 0); /* past the end */
}

static void test_opcode_table(void **state) {
    (void)state;
    assert_string_equal(op_info[OP_EXERCISE].name, "EXERCISE");
    assert_int_equal(op_info[OP_EXERCISE].n_operands, 4);
    assert_int_equal(op_length(OP_END), 1);
    assert_int_equal(op_length(OP_IF_STEP), 13);
    assert_string_equal(side_name(SIDE_LEFT), "left");
    assert_null(side_name(SIDE_NONE));
}

/* The semantic columns agree with the layouts and with each other: a DUR
 * operand is a duration, a JUMP operand a jump target, every opener and
 * closer names the other, and a block's jump target needs a pair. */
static void test_opcode_columns_agree(void **state) {
    (void)state;
    for (int op = 0; op < OP__COUNT; op++) {
        const OpInfo *o = &op_info[op];
        if (o->dur != OPND_NO) {
            assert_true(o->dur < o->n_operands);
            assert_int_equal(o->operands[o->dur], 't');
        }
        if (o->jump != OPND_NO) {
            assert_true(o->jump < o->n_operands);
            assert_int_equal(o->operands[o->jump], 'j');
        }
        bool block = o->flags & (OPF_OPENS | OPF_CLOSES);
        assert_int_equal(block, o->pair != OP_NONE);
        if (block) {
            assert_int_equal(op_info[o->pair].pair, op);
            assert_int_not_equal(o->flags & OPF_OPENS, op_info[o->pair].flags & OPF_OPENS);
        }
        if (o->flags & OPF_PAST_PAIR)
            assert_true(block && o->jump != OPND_NO);
        if (o->flags & OPF_BRANCH)
            assert_int_not_equal(o->jump, OPND_NO);
    }
    assert_true(op_has(OP_REP, OPF_IN_EXERCISE | OPF_IN_LOOP));
    assert_int_equal(op_pair_target(OP_SECTION, 100), 101);
    assert_int_equal(op_pair_target(OP_EXERCISE, 100), 100);
    assert_int_equal(op_pair_target(OP_END_LOOP, 100), 113);
}

/* ---- round trip --------------------------------------------------------------------- */

static void test_round_trip(void **state) {
    (void)state;
    Chunk c;
    Program p;
    BytecodeError err;
    good_chunk(&c);
    assert_true(program_from_chunk(&c, &p, &err));
    assert_int_equal(p.code_len, c.code_len);
    assert_memory_equal(p.code, c.code, c.code_len);
    assert_int_equal(p.n_consts, c.n_consts);
    for (uint32_t k = 0; k < c.n_consts; k++) {
        assert_int_equal(p.consts[k].len, c.consts[k].len);
        assert_string_equal(p.consts[k].bytes, c.consts[k].bytes);
    }
    assert_int_equal(p.n_lines, c.n_lines);
    assert_memory_equal(p.lines, c.lines, c.n_lines * sizeof *c.lines);
    assert_int_equal(p.source_hash, 0x0123456789abcdefull);
    assert_string_equal(program_string(&p, p.source_name), "routines/back.rt");
    assert_int_equal(p.max_duration_ms, 15000);
    chunk_free(&c);
    program_free(&p);
}

static void test_program_line_and_string(void **state) {
    (void)state;
    Chunk c;
    Program p;
    BytecodeError err;
    uint32_t col = 99;
    good_chunk(&c);
    assert_true(program_from_chunk(&c, &p, &err));
    chunk_free(&c);
    assert_int_equal(program_line(&p, 0x28, &col), 4); /* HOLD: the LOOP's entry */
    assert_int_equal(col, 5);
    assert_int_equal(program_line(&p, 0x33, NULL), 7);
    assert_string_equal(program_string(&p, NONE), "");
    assert_string_equal(program_string(&p, 1), "Back");
    program_free(&p);
}

/* Issue 13, 15: a header that claims more constants than any routine has
 * is refused before the program's storage (17 bytes a constant) is
 * allocated. */
static void test_constant_count_limit(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    put_u32(image + 24, MAX_CONSTANTS + 1);
    reseal(image, size);
    expect_refusal(image, size, 24, "the program has 4194305 constants; the limit is 4194304");
    free(image);
}

static void test_write_file_then_load(void **state) {
    (void)state;
    Chunk c;
    char dir[] = "/tmp/h2_rtbXXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/back.rtb", dir);
    good_chunk(&c);
    assert_int_equal(bytecode_write_file(&c, path, NULL), 0);
    size_t expected = 0;
    uint8_t *image = bytecode_serialize(&c, &expected);
    uint8_t buf[512];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_int_equal(n, expected);
    assert_memory_equal(buf, image, n);
    BytecodeError err;
    assert_true(try_load(buf, n, &err));
    free(image);
    chunk_free(&c);
    unlink(path);
    rmdir(dir);
}

static void test_write_file_reports_errno(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    assert_int_equal(bytecode_write_file(&c, "/nonexistent-dir/x.rtb", NULL), ENOENT);
    chunk_free(&c);
}

/* A failed rename (the target is a directory) leaves no temporary file. */
static void test_failed_write_leaves_nothing(void **state) {
    (void)state;
    Chunk c;
    char dir[] = "/tmp/h2_rtbXXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.rtb", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    good_chunk(&c);
    assert_int_equal(bytecode_write_file(&c, path, NULL), EISDIR);
    chunk_free(&c);
    DIR *d = opendir(dir);
    unsigned entries = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    assert_int_equal(entries, 1); /* out.rtb itself */
    rmdir(path);
    rmdir(dir);
}

static void test_chunk_out_of_memory_is_refused(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    c.out_of_memory = true;
    expect_chunk_refusal(&c, "ran out of memory while generating the program");
}

/* ---- header ---------------------------------------------------------------------------- */

static void test_bad_magic(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    image[1] = 'X';
    expect_refusal(image, size, 0, "this is not a routinec bytecode file (bad magic number)");
    expect_refusal((const uint8_t *)"hello", 5, 0,
                   "this is not a routinec bytecode file (bad magic number)");
    free(image);
}

static void test_short_file(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    expect_refusal(image, 51, 51, "the file is too short: 51 bytes, but a bytecode file has "
                                  "at least 52");
    expect_refusal(image, 0, 0, "the file is too short: 0 bytes, but a bytecode file has "
                                "at least 52");
    free(image);
}

static void test_unsupported_version(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    image[8] = 4;
    image[10] = 3;
    reseal(image, size);
    expect_refusal(image, size, 8, "the file has bytecode version 4.3, but this routinec "
                                   "reads only version 3 (compile the routine again)");
    image[8] = 1; /* a file of version 1, before issue 9's instructions */
    image[10] = 0;
    reseal(image, size);
    expect_refusal(image, size, 8, "the file was compiled by an older routinec (bytecode "
                                   "version 1.0; this one reads version 3): compile the "
                                   "routine again");
    image[8] = 2; /* version 2, before tempo phases */
    reseal(image, size);
    expect_refusal(image, size, 8, "the file was compiled by an older routinec (bytecode "
                                   "version 2.0; this one reads version 3): compile the "
                                   "routine again");
    image[8] = 3; /* any minor version is fine */
    image[10] = 3;
    reseal(image, size);
    BytecodeError err;
    assert_true(try_load(image, size, &err));
    free(image);
}

static void test_checksum_mismatch(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    image[60] ^= 1;
    expect_refusal(image, size, size - 4, "checksum mismatch: the file is damaged");
    free(image);
}

static void test_flags_and_reserved_must_be_zero(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    image[12] = 1;
    reseal(image, size);
    expect_refusal(image, size, 12, "the flags field is 0x00000001; it must be 0");
    image[12] = 0;
    image[47] = 0x80;
    reseal(image, size);
    expect_refusal(image, size, 44, "the reserved field is 0x80000000; it must be 0");
    free(image);
}

static void test_sizes_must_add_up(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    uint8_t *longer = calloc(1, size + 1);
    memcpy(longer, image, size - 4);
    reseal(longer, size + 1); /* one trailing byte */
    char expected[128];
    snprintf(expected, sizeof expected, "the section sizes add up to %zu bytes, but the "
             "file has %zu", size, size + 1);
    expect_refusal(longer, size + 1, 28, expected);
    put_u32(image + 36, 0x40000000); /* n_lines * 12 overflows u32 */
    reseal(image, size);
    snprintf(expected, sizeof expected, "the section sizes add up to %llu bytes, but the "
             "file has %zu", (unsigned long long)size - 7 * 12 + 0x40000000ull * 12, size);
    expect_refusal(image, size, 28, expected);
    free(longer);
    free(image);
}

static void test_too_many_constants_for_section(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    uint32_t consts_size = get_u32(image + 28);
    put_u32(image + 24, consts_size / 4 + 1);
    reseal(image, size);
    char expected[128];
    snprintf(expected, sizeof expected, "%u constants cannot fit in a constant section of "
             "%u bytes", consts_size / 4 + 1, consts_size);
    expect_refusal(image, size, 24, expected);
    free(image);
}

static void test_source_name_out_of_range(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    put_u32(image + 40, 5);
    reseal(image, size);
    expect_refusal(image, size, 40, "the source name is constant 5, but there are only 5 "
                                    "constants");
    free(image);
}

static void test_file_over_the_size_limit(void **state) {
    (void)state;
    size_t size, big = (size_t)MAX_BYTECODE_BYTES + 1;
    uint8_t *image = good_image(&size);
    uint8_t *huge = malloc(big); /* untouched pages cost nothing */
    if (!huge)
        skip();
    memcpy(huge, image, 16);
    char expected[96];
    snprintf(expected, sizeof expected, "the file is %zu bytes; the limit is %u", big,
             MAX_BYTECODE_BYTES);
    expect_refusal(huge, big, MAX_BYTECODE_BYTES, expected);
    free(huge);
    free(image);
}

/* ---- constants -------------------------------------------------------------------------- */

static void test_constant_overruns_its_section(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    put_u32(image + 48, 200); /* constant 0 is 16 bytes */
    reseal(image, size);
    expect_refusal(image, size, 48, "constant 0 is 200 bytes long, which runs past the end "
                                    "of the constant section");
    free(image);
}

static void test_constant_section_leftover(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    put_u32(image + 24, 4); /* the fifth constant's bytes become leftovers */
    reseal(image, size);
    expect_refusal(image, size, 48 + 20 + 8 + 10 + 12,
                   "the constant section has 8 bytes after its last constant");
    free(image);
}

static void chunk_with_text(Chunk *c, const char *bytes, uint32_t len) {
    chunk_init(c);
    chunk_emit(c, 0, 0, OP_ROUTINE, chunk_constant(c, bytes, len));
    chunk_emit(c, 0, 0, OP_END);
}

static void test_constant_too_long(void **state) {
    (void)state;
    Chunk c;
    char *big = malloc(MAX_STRING_BYTES + 1);
    memset(big, 'a', MAX_STRING_BYTES + 1);
    chunk_with_text(&c, big, MAX_STRING_BYTES);
    Program p;
    BytecodeError err;
    assert_true(program_from_chunk(&c, &p, &err));
    program_free(&p);
    chunk_free(&c);
    chunk_with_text(&c, big, MAX_STRING_BYTES + 1);
    char expected[96];
    snprintf(expected, sizeof expected, "constant 0 is %u bytes long; the limit is %u",
             MAX_STRING_BYTES + 1, MAX_STRING_BYTES);
    expect_chunk_refusal(&c, expected);
    free(big);
}

static void test_constant_with_nul(void **state) {
    (void)state;
    Chunk c;
    chunk_with_text(&c, "ab\0c", 4);
    expect_chunk_refusal(&c, "constant 0 contains a NUL byte");
}

static void test_invalid_utf8(void **state) {
    (void)state;
    static const struct { const char *bytes; const char *message; } cases[] = {
        {"a\xc0\x80", "constant 0 is not valid UTF-8 (byte 0xc0 at position 1)"},
        {"\xe0\x80\xaf", "constant 0 is not valid UTF-8 (byte 0xe0 at position 0)"},
        {"\xed\xa0\x80", "constant 0 is not valid UTF-8 (byte 0xed at position 0)"},
        {"\xf4\x90\x80\x80", "constant 0 is not valid UTF-8 (byte 0xf4 at position 0)"},
        {"\xf0\x8f\xbf\xbf", "constant 0 is not valid UTF-8 (byte 0xf0 at position 0)"},
        {"ok \xe2\x80", "constant 0 is not valid UTF-8 (byte 0xe2 at position 3)"},
        {"\x80", "constant 0 is not valid UTF-8 (byte 0x80 at position 0)"},
        {"\xf5\x80\x80\x80", "constant 0 is not valid UTF-8 (byte 0xf5 at position 0)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Chunk c;
        chunk_with_text(&c, cases[i].bytes, (uint32_t)strlen(cases[i].bytes));
        expect_chunk_refusal(&c, cases[i].message);
    }
    Chunk c; /* the extremes that are valid */
    Program p;
    BytecodeError err;
    chunk_with_text(&c, "\xc2\x80 \xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf \xe2\x80\x9c", 19);
    assert_true(program_from_chunk(&c, &p, &err));
    program_free(&p);
    chunk_free(&c);
}

/* ---- line table ---------------------------------------------------------------------------- */

static void test_line_pc_not_increasing(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    c.lines[2].pc = c.lines[1].pc;
    expect_chunk_refusal(&c, "line entry 2 has pc 0x0005, not after the previous entry's "
                             "0x0005");
}

static void test_line_pc_not_on_boundary(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    c.lines[2].pc = 0x17;
    expect_chunk_refusal(&c, "line entry 2 has pc 0x0017, which is not the start of an "
                             "instruction");
    good_chunk(&c);
    c.lines[6].pc = 0x34; /* just past the code */
    expect_chunk_refusal(&c, "line entry 6 has pc 0x0034, which is not the start of an "
                             "instruction");
}

static void test_line_zero(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    c.lines[3].line = 0;
    expect_chunk_refusal(&c, "line entry 3 has line 0; lines start at 1");
}

/* ---- one gate ---------------------------------------------------------------------------- */

/* A chunk is checked without being serialised, but must meet exactly the
 * checks its file would: the same refusal, at the same file offset. */
static void expect_same_verdict(Chunk *c) {
    Program from_chunk, from_file;
    BytecodeError chunk_err, file_err;
    memset(&chunk_err, 0, sizeof chunk_err);
    memset(&file_err, 0, sizeof file_err);
    size_t size = 0;
    uint8_t *image = bytecode_serialize(c, &size);
    assert_non_null(image);
    bool chunk_ok = program_from_chunk(c, &from_chunk, &chunk_err);
    bool file_ok = bytecode_load(image, size, &from_file, &file_err);
    assert_int_equal(chunk_ok, file_ok);
    if (chunk_ok) {
        assert_int_equal(from_chunk.max_steps, from_file.max_steps);
        assert_int_equal(from_chunk.n_lines, from_file.n_lines);
        program_free(&from_chunk);
        program_free(&from_file);
    } else {
        assert_string_equal(chunk_err.message, file_err.message);
        assert_int_equal(chunk_err.offset, file_err.offset);
    }
    free(image);
    chunk_free(c);
}

static void test_chunk_and_file_pass_one_gate(void **state) {
    (void)state;
    Chunk c;
    good_chunk(&c);
    expect_same_verdict(&c);
    chunk_with_text(&c, "sixteen bytes ok\xc0 and more", 27); /* past the 8-byte groups */
    expect_same_verdict(&c);
    chunk_with_text(&c, "0123456789\0", 11);
    expect_same_verdict(&c);
    good_chunk(&c);
    c.code[0x1b + 1] = 0; /* LOOP 0 */
    expect_same_verdict(&c);
    good_chunk(&c);
    c.lines[2].pc = 0x17;
    expect_same_verdict(&c);
    good_chunk(&c);
    c.source_name = c.n_consts; /* only a compiler bug could do it, but it is checked */
    expect_same_verdict(&c);
}

/* The ASCII fast path still finds the first bad byte, wherever it is. */
static void test_bad_byte_found_at_every_position(void **state) {
    (void)state;
    char text[40], expected[96];
    for (uint32_t at = 0; at < sizeof text; at++) {
        memset(text, 'a', sizeof text);
        text[at] = (char)0xff;
        Chunk c;
        chunk_with_text(&c, text, sizeof text);
        snprintf(expected, sizeof expected, "constant 0 is not valid UTF-8 (byte 0xff at "
                 "position %u)", (unsigned)at);
        expect_chunk_refusal(&c, expected);
        text[at] = '\0';
        chunk_with_text(&c, text, sizeof text);
        expect_chunk_refusal(&c, "constant 0 contains a NUL byte");
    }
}

/* ---- checksum ---------------------------------------------------------------------------- */

/* CRC-32 by its definition, one bit at a time. */
static uint32_t crc_bitwise(const uint8_t *bytes, size_t len) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ ((crc & 1u) ? 0xEDB88320u : 0u);
    }
    return crc ^ 0xFFFFFFFFu;
}

static void test_crc32_matches_its_definition(void **state) {
    (void)state;
    assert_int_equal(crc32_ieee((const uint8_t *)"123456789", 9), 0xCBF43926u);
    assert_int_equal(crc32_ieee(NULL, 0), 0);
    enum { SIZE = 256 * 1024 };
    uint8_t *bytes = malloc(SIZE);
    assert_non_null(bytes);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < SIZE; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        bytes[i] = (uint8_t)(x >> 24);
    }
    for (size_t start = 0; start < 8; start++)
        for (size_t len = 0; len <= 40; len++)
            assert_int_equal(crc32_ieee(bytes + start, len), crc_bitwise(bytes + start, len));
    /* Enough data that every entry of every table is used many times. */
    assert_int_equal(crc32_ieee(bytes, SIZE), crc_bitwise(bytes, SIZE));
    assert_int_equal(crc32_ieee(bytes + 3, SIZE - 5), crc_bitwise(bytes + 3, SIZE - 5));
    free(bytes);
}

/* ---- robustness ------------------------------------------------------------------------------ */

static void test_every_truncation_is_refused(void **state) {
    (void)state;
    size_t size;
    uint8_t *image = good_image(&size);
    for (size_t len = 0; len < size; len++) {
        uint8_t *copy = malloc(len ? len : 1); /* exact size: ASan sees any overread */
        memcpy(copy, image, len);
        BytecodeError err;
        assert_false(try_load(copy, len, &err));
        assert_true(strlen(err.message) > 0);
        free(copy);
    }
    free(image);
}

/* Flip bits of every byte: with the old checksum the damage is always
 * caught; with a fresh one the image must be refused with a message or
 * load and verify fine. */
static void test_every_byte_flip_is_handled(void **state) {
    (void)state;
    static const uint8_t masks[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff};
    size_t size;
    unsigned loaded = 0;
    uint8_t *image = good_image(&size);
    uint8_t *copy = malloc(size);
    for (size_t at = 0; at < size; at++) {
        for (size_t m = 0; m < sizeof masks; m++) {
            BytecodeError err;
            memcpy(copy, image, size);
            copy[at] ^= masks[m];
            assert_false(try_load(copy, size, &err));
            if (at >= size - 4)
                continue;
            reseal(copy, size);
            if (try_load(copy, size, &err))
                loaded++;
            else
                assert_true(strlen(err.message) > 0);
        }
    }
    assert_true(loaded > 0); /* e.g. a changed hold still verifies */
    free(copy);
    free(image);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constants_are_deduplicated),
        cmocka_unit_test(test_many_constants_stay_findable),
        cmocka_unit_test(test_emit_encodes_and_records_lines),
        cmocka_unit_test(test_emit_without_source_records_no_line),
        cmocka_unit_test(test_insn_decode_refuses_incomplete_code),
        cmocka_unit_test(test_opcode_table),
        cmocka_unit_test(test_opcode_columns_agree),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_program_line_and_string),
        cmocka_unit_test(test_constant_count_limit),
        cmocka_unit_test(test_write_file_then_load),
        cmocka_unit_test(test_write_file_reports_errno),
        cmocka_unit_test(test_failed_write_leaves_nothing),
        cmocka_unit_test(test_chunk_out_of_memory_is_refused),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_short_file),
        cmocka_unit_test(test_unsupported_version),
        cmocka_unit_test(test_checksum_mismatch),
        cmocka_unit_test(test_flags_and_reserved_must_be_zero),
        cmocka_unit_test(test_sizes_must_add_up),
        cmocka_unit_test(test_too_many_constants_for_section),
        cmocka_unit_test(test_source_name_out_of_range),
        cmocka_unit_test(test_file_over_the_size_limit),
        cmocka_unit_test(test_constant_overruns_its_section),
        cmocka_unit_test(test_constant_section_leftover),
        cmocka_unit_test(test_constant_too_long),
        cmocka_unit_test(test_constant_with_nul),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_chunk_and_file_pass_one_gate),
        cmocka_unit_test(test_bad_byte_found_at_every_position),
        cmocka_unit_test(test_crc32_matches_its_definition),
        cmocka_unit_test(test_line_pc_not_increasing),
        cmocka_unit_test(test_line_pc_not_on_boundary),
        cmocka_unit_test(test_line_zero),
        cmocka_unit_test(test_every_truncation_is_refused),
        cmocka_unit_test(test_every_byte_flip_is_handled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
