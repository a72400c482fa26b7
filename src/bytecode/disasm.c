/*
 * disasm.c -- `routinec disasm`: a readable listing of a verified program.
 *
 * The output is stable (golden tests pin it): a header of facts the
 * verifier proved, then one line per instruction with its operands shown
 * by kind, interleaved with the source lines they came from, and finally a
 * legend with the synopsis of every opcode used.
 */
#include "program.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "safetext.h"

#define MAX_SHOWN_TEXT 48 /* bytes of a constant shown before "..." */
#define MNEMONIC_WIDTH 14

typedef struct {
    const Program *program;
    FILE *out;
    int width;              /* hex digits of a code offset */
    const char *source;
    size_t source_len;
    size_t *line_start;     /* line_start[n - 1]: offset of line n; NULL without source */
    uint32_t n_source_lines;
} Listing;

static const char *plural(uint64_t n) { return n == 1 ? "" : "s"; }

/* ---- source lines ------------------------------------------------------------ */

/* Index the start of every source line, so each lookup is O(1). */
static void index_source(Listing *l, const char *text, size_t len) {
    if (!text)
        return;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (lines > UINT32_MAX || !(l->line_start = malloc(lines * sizeof *l->line_start)))
        return; /* the listing is still right without source lines */
    l->source = text;
    l->source_len = len;
    l->line_start[0] = 0;
    for (size_t i = 0, n = 1; i < len; i++)
        if (text[i] == '\n')
            l->line_start[n++] = i + 1;
    l->n_source_lines = (uint32_t)lines;
}

/* "; 12 |     hold 5s;" -- control characters shown as '?' so a listing
 * cannot drive the terminal. */
static void print_source_line(const Listing *l, uint32_t line) {
    if (line == 0 || line > l->n_source_lines)
        return;
    size_t at = l->line_start[line - 1];
    fprintf(l->out, "; %" PRIu32 " | ", line);
    size_t end = at;
    while (end < l->source_len && l->source[end] != '\n')
        end++;
    if (end > at && l->source[end - 1] == '\r')
        end--;
    safe_text_write(l->out, l->source + at, end - at, SAFE_TEXT_TAB);
    fputc('\n', l->out);
}

/* ---- operands ------------------------------------------------------------------ */

/* A constant as a quoted, escaped string, cut (at a character boundary)
 * after MAX_SHOWN_TEXT bytes. */
static void print_text(FILE *out, const Constant *c) {
    uint32_t shown = c->len;
    if (shown > MAX_SHOWN_TEXT) {
        shown = MAX_SHOWN_TEXT;
        while (shown > 0 && ((unsigned char)c->bytes[shown] & 0xC0) == 0x80)
            shown--;
    }
    fputc('"', out);
    for (uint32_t i = 0; i < shown; i++) {
        unsigned char ch = (unsigned char)c->bytes[i];
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", out);
        else if (ch == '\t')
            fputs("\\t", out);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(out, "\\x%02x", ch);
        else if (ch < 0x80)
            fputc(ch, out);
        else { /* a run of non-ASCII: through the one sanitiser (C1, bidi) */
            uint32_t run = i;
            while (run < shown && (unsigned char)c->bytes[run] >= 0x80)
                run++;
            safe_text_write(out, c->bytes + i, run - i, 0);
            i = run - 1;
        }
    }
    fputs(shown < c->len ? "...\"" : "\"", out);
}

static void print_operand(const Listing *l, char kind, uint32_t x) {
    char buf[48];
    switch (kind) {
    case 'K':
        if (x == OPERAND_NONE) {
            fputc('-', l->out);
            break;
        }
        /* fall through */
    case 'k': print_text(l->out, &l->program->consts[x]); break;
    case 'j': fprintf(l->out, "->%0*" PRIx32, l->width, x); break;
    case 't':
        duration_format(x, buf, sizeof buf);
        fputs(buf, l->out);
        break;
    case 's': fputs(x == SIDE_NONE ? "none" : side_name((Side)x), l->out); break;
    default: fprintf(l->out, "%" PRIu32, x); break;
    }
}

static void print_insn(const Listing *l, uint32_t pc, const Insn *insn) {
    const OpInfo *info = &op_info[insn->op];
    if (info->n_operands == 0) {
        fprintf(l->out, "%0*" PRIx32 "  %s\n", l->width, pc, info->name);
        return;
    }
    fprintf(l->out, "%0*" PRIx32 "  %-*s", l->width, pc, MNEMONIC_WIDTH, info->name);
    for (unsigned i = 0; i < info->n_operands; i++) {
        if (i > 0)
            fputs(", ", l->out);
        print_operand(l, info->operands[i], insn->operand[i]);
    }
    if (insn->op == OP_PHASE && insn->operand[0] < TEMPO_WORD__COUNT) /* say the word */
        fprintf(l->out, "  ; %s", tempo_words[insn->operand[0]].word);
    fputc('\n', l->out);
}

/* ---- the listing ------------------------------------------------------------------ */

static void print_header(const Listing *l, uint32_t n_insns) {
    const Program *p = l->program;
    char longest[48];
    duration_format(p->max_duration_ms, longest, sizeof longest);
    fprintf(l->out, "; routinec bytecode %d.%d\n", RTB_VERSION_MAJOR, RTB_VERSION_MINOR);
    fputs("; source: ", l->out); /* a name from the file: anything, made safe */
    safe_text_fputs(p->source_name == OPERAND_NONE ? "(unknown)" : program_string(p, p->source_name),
                    l->out, 0);
    fprintf(l->out, " (hash %016" PRIx64 ")\n", p->source_hash);
    fprintf(l->out, "; %" PRIu32 " constant%s, %" PRIu32 " byte%s of code, %" PRIu32
            " instruction%s\n", p->n_consts, plural(p->n_consts), p->code_len,
            plural(p->code_len), n_insns, plural(n_insns));
    fprintf(l->out, "; longest session %s, at most %" PRIu64 " step%s\n;\n", longest,
            p->max_steps, plural(p->max_steps));
}

static void print_legend(const Listing *l, const bool used[OP__COUNT]) {
    int width = 0;
    for (int op = 0; op < OP__COUNT; op++) {
        int len = (int)strlen(op_info[op].name);
        if (used[op] && len > width)
            width = len;
    }
    fputs(";\n; opcodes used:\n", l->out);
    for (int op = 0; op < OP__COUNT; op++)
        if (used[op])
            fprintf(l->out, ";   %-*s  %s\n", width, op_info[op].name, op_info[op].synopsis);
}

static int offset_width(uint32_t code_len) {
    int width = 4;
    for (uint32_t last = code_len ? code_len - 1 : 0; last >> (4 * width); width++)
        ;
    return width;
}

static uint32_t count_insns(const Program *p) {
    uint32_t n = 0;
    Insn insn;
    for (uint32_t pc = 0; insn_decode(p->code, p->code_len, pc, &insn); pc += insn.length)
        n++;
    return n;
}

void disasm_print(const Program *program, FILE *out, const char *source_text,
                  size_t source_len) {
    Listing l = {.program = program, .out = out, .width = offset_width(program->code_len)};
    bool used[OP__COUNT] = {false};
    uint32_t last_line = 0;
    Insn insn;
    index_source(&l, source_text, source_len);
    print_header(&l, count_insns(program));
    for (uint32_t pc = 0; insn_decode(program->code, program->code_len, pc, &insn);
         pc += insn.length) {
        uint32_t line = program_line(program, pc, NULL);
        if (line != last_line && l.line_start)
            print_source_line(&l, line);
        last_line = line;
        used[insn.op] = true;
        print_insn(&l, pc, &insn);
    }
    print_legend(&l, used);
    free(l.line_start);
}
