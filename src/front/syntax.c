/*
 * syntax.c -- see syntax.h.  Wires the flex scanner (grammar/lexer.l) to
 * the bison parser (grammar/parser.y) over one file's text, and holds the
 * helpers both share: locations and error reports.
 */
#include "syntax.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "lexer.h"

Loc syntax_loc(const ParseCtx *ctx, YYLTYPE loc) {
    Loc out = {ctx->file, loc.first_line, loc.first_column, loc.last_line, loc.last_column};
    return out;
}

/* Report an error.  flex keeps a NUL after the current token in the
 * buffer; the byte is put back meanwhile, since the report quotes the
 * line.  After SYNTAX_MAX_ERRORS the scan stops. */
void syntax_error(ParseCtx *ctx, DiagId id, YYLTYPE loc, const char *hint, const char *fmt, ...) {
    if (ctx->stopped)
        return;
    char saved = 0;
    if (ctx->held_pos) {
        saved = *ctx->held_pos;
        *ctx->held_pos = ctx->held_char;
    }
    va_list args;
    va_start(args, fmt);
    diag_vreport_id(ctx->diag, id, DIAG_ERROR, syntax_loc(ctx, loc), hint, fmt, args);
    va_end(args);
    if (++ctx->errors >= SYNTAX_MAX_ERRORS) {
        Loc none = {ctx->file, 0, 0, 0, 0};
        diag_report_id(ctx->diag, DIAG_ID_TOO_MANY, DIAG_NOTE, none, NULL, "too many errors; stopped reading here");
        ctx->stopped = true;
    }
    if (ctx->held_pos)
        *ctx->held_pos = saved;
}

/* "the block of section "Warm up" opened at line 12 is never closed". */
void syntax_describe_block(const OpenBlock *block, char *out, size_t size) {
    enum { MAX_NAME = 40 };
    size_t word_len = block->word_len > MAX_NAME ? MAX_NAME : block->word_len;
    char what[MAX_NAME * 2 + 16] = "";
    if (word_len && block->name) {
        size_t name_len = strlen(block->name);
        snprintf(what, sizeof what, " of %.*s \"%.*s%s\"", (int)word_len, block->word,
                 (int)(name_len > MAX_NAME ? MAX_NAME : name_len), block->name,
                 name_len > MAX_NAME ? "..." : "");
    } else if (word_len) {
        snprintf(what, sizeof what, " of %.*s", (int)word_len, block->word);
    }
    snprintf(out, size, "the block%s opened at line %u is never closed", what,
             (unsigned)block->loc.first_line);
}

static void init_ctx(ParseCtx *ctx, Arena *arena, Diag *diag, uint32_t file) {
    SourceFile *source = &diag->sources->files[file];
    memset(ctx, 0, sizeof *ctx);
    ctx->arena = arena;
    ctx->diag = diag;
    ctx->file = file;
    ctx->text = source->text;
    ctx->len = source->len;
    ctx->line = ctx->col = 1;
    ctx->at_stmt_start = true;
}

Node *syntax_parse(Arena *arena, Diag *diag, uint32_t file) {
    if (file >= diag->sources->n_files)
        return NULL;
    SourceFile *source = &diag->sources->files[file];
    ParseCtx ctx;
    init_ctx(&ctx, arena, diag, file);
    Loc none = {file, 0, 0, 0, 0};
    yyscan_t scanner;
    if (yylex_init_extra(&ctx, &scanner) != 0) {
        diag_report_id(diag, DIAG_ID_OUT_OF_MEMORY, DIAG_ERROR, none, NULL, "out of memory while reading this file");
        return NULL;
    }
    YY_BUFFER_STATE buffer = yy_scan_buffer(source->text, source->len + 2, scanner);
    if (!buffer) {
        diag_report_id(diag, DIAG_ID_OUT_OF_MEMORY, DIAG_ERROR, none, NULL, "out of memory while reading this file");
        yylex_destroy(scanner);
        return NULL;
    }
    int status = yyparse(scanner, &ctx);
    /* Error recovery may have run into the end of the file unreported. */
    if (ctx.depth > 0 && !ctx.reported_unclosed && !ctx.stopped) {
        syntax_report_unclosed(&ctx, ctx.tok_loc); /* the end-of-file token */
    }
    if (ctx.held_pos) /* an aborted parse leaves flex's NUL in the text */
        *ctx.held_pos = ctx.held_char;
    yy_delete_buffer(buffer, scanner);
    yylex_destroy(scanner);
    /* Too deep, or given up: later passes must not walk a partial tree. */
    if (status != 0 || ctx.stopped)
        return NULL;
    return ctx.result;
}

static SyntaxTokenKind token_kind(int kind) {
    switch (kind) {
    case STRING: return SYNTAX_TOK_TEXT;
    case SEMI: return SYNTAX_TOK_SEMI;
    case LBRACE: return SYNTAX_TOK_LBRACE;
    case RBRACE: return SYNTAX_TOK_RBRACE;
    case COMMA: return SYNTAX_TOK_COMMA;
    default: return SYNTAX_TOK_WORD;
    }
}

/* Every token of the scan into *tokens; false when memory ran out. */
static bool scan_all(ParseCtx *ctx, yyscan_t scanner, SyntaxToken **tokens, size_t *n) {
    size_t cap = 0;
    YYSTYPE value;
    YYLTYPE loc;
    for (int kind; (kind = yylex(&value, &loc, scanner)) > 0 && !ctx->stopped;) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            SyntaxToken *grown = realloc(*tokens, cap * sizeof *grown);
            if (!grown)
                return false;
            *tokens = grown;
        }
        (*tokens)[(*n)++] = (SyntaxToken){token_kind(kind), ctx->tok_start, ctx->tok_end, NULL};
    }
    return true;
}

bool syntax_tokens(Arena *arena, Diag *diag, uint32_t file, SyntaxToken **tokens, size_t *n) {
    *tokens = NULL;
    *n = 0;
    if (file >= diag->sources->n_files)
        return false;
    SourceFile *source = &diag->sources->files[file];
    ParseCtx ctx;
    init_ctx(&ctx, arena, diag, file);
    yyscan_t scanner;
    if (yylex_init_extra(&ctx, &scanner) != 0)
        return false;
    YY_BUFFER_STATE buffer = yy_scan_buffer(source->text, source->len + 2, scanner);
    bool ok = buffer && scan_all(&ctx, scanner, tokens, n) && ctx.errors == 0;
    if (ctx.held_pos)
        *ctx.held_pos = ctx.held_char;
    if (buffer)
        yy_delete_buffer(buffer, scanner);
    yylex_destroy(scanner);
    return ok;
}
