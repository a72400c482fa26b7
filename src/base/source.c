/* source.c -- see source.h. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bounds.h"
#include "hash.h"

void sources_init(Sources *sources) {
    memset(sources, 0, sizeof *sources);
}

void sources_free(Sources *sources) {
    for (uint32_t i = 0; i < sources->n_files; i++) {
        free(sources->files[i].path);
        free(sources->files[i].text);
        free(sources->files[i].line_starts);
    }
    free(sources->files);
    sources_init(sources);
}

static SourceStatus sources_push(Sources *sources, const char *path, char *text,
                                 size_t len, Loc included_at, uint32_t *index) {
    if (sources->n_files >= MAX_FILES)
        return SOURCE_TOO_MANY;
    if (sources->n_files == sources->cap) {
        uint32_t cap = sources->cap ? sources->cap * 2 : 4;
        SourceFile *files = realloc(sources->files, cap * sizeof *files);
        if (!files)
            return SOURCE_NO_MEMORY;
        sources->files = files;
        sources->cap = cap;
    }
    char *copy = malloc(strlen(path) + 1);
    if (!copy)
        return SOURCE_NO_MEMORY;
    strcpy(copy, path);
    SourceFile *file = &sources->files[sources->n_files];
    memset(file, 0, sizeof *file);
    file->path = copy;
    file->text = text;
    file->len = len;
    file->included_at = included_at;
    *index = sources->n_files++;
    return SOURCE_OK;
}

/* Read all of `stream` into a buffer with two NULs after the text (the
 * scanner scans it in place).  `size_hint` (a regular file's size, or 0)
 * sizes the buffer exactly, so a large routine is not held in a buffer
 * grown by doubling. */
static SourceStatus read_all(FILE *stream, size_t size_hint, char **text_out, size_t *len_out,
                             int *err_no) {
    if (size_hint > MAX_SOURCE_BYTES)
        return SOURCE_TOO_LARGE;
    size_t cap = size_hint ? size_hint + 3 : 4096, len = 0;
    char *text = malloc(cap);
    if (!text)
        return SOURCE_NO_MEMORY;
    for (;;) {
        if (cap - len <= 2) {
            if (cap >= (size_t)MAX_SOURCE_BYTES + 2) {
                free(text);
                return SOURCE_TOO_LARGE;
            }
            size_t bigger = cap * 2;
            char *grown = realloc(text, bigger);
            if (!grown) {
                free(text);
                return SOURCE_NO_MEMORY;
            }
            text = grown;
            cap = bigger;
        }
        size_t got = fread(text + len, 1, cap - len - 2, stream);
        len += got;
        if (len > MAX_SOURCE_BYTES) {
            free(text);
            return SOURCE_TOO_LARGE;
        }
        if (got == 0) {
            if (ferror(stream)) {
                *err_no = errno ? errno : EIO;
                free(text);
                return SOURCE_IO;
            }
            break;
        }
    }
    text[len] = text[len + 1] = '\0';
    *text_out = text;
    *len_out = len;
    return SOURCE_OK;
}

SourceStatus sources_load(Sources *sources, const char *path, Loc included_at,
                          uint32_t *index, int *err_no) {
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *stream = is_stdin ? stdin : fopen(path, "rb");
    if (!stream) {
        *err_no = errno;
        return SOURCE_IO;
    }
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    size_t hint = fstat(fileno(stream), &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    SourceStatus status = read_all(stream, hint, &text, &len, err_no);
    if (!is_stdin)
        fclose(stream);
    if (status != SOURCE_OK)
        return status;
    status = sources_push(sources, is_stdin ? "<stdin>" : path, text, len, included_at, index);
    if (status != SOURCE_OK)
        free(text);
    return status;
}

SourceStatus sources_add(Sources *sources, const char *path, const char *text,
                         size_t len, uint32_t *index) {
    if (len > MAX_SOURCE_BYTES)
        return SOURCE_TOO_LARGE;
    char *copy = malloc(len + 2);
    if (!copy)
        return SOURCE_NO_MEMORY;
    if (len)
        memcpy(copy, text, len);
    copy[len] = copy[len + 1] = '\0';
    Loc none = {0};
    SourceStatus status = sources_push(sources, path, copy, len, none, index);
    if (status != SOURCE_OK)
        free(copy);
    return status;
}

static bool index_lines(SourceFile *file) {
    uint32_t n = 1;
    for (size_t i = 0; i < file->len; i++)
        n += file->text[i] == '\n';
    file->line_starts = malloc(n * sizeof *file->line_starts);
    if (!file->line_starts)
        return false;
    uint32_t line = 0;
    file->line_starts[line++] = 0;
    for (size_t i = 0; i < file->len; i++)
        if (file->text[i] == '\n')
            file->line_starts[line++] = (uint32_t)(i + 1);
    file->n_lines = n;
    return true;
}

const char *sources_line(Sources *sources, uint32_t file_index, uint32_t line, size_t *len) {
    *len = 0;
    if (file_index >= sources->n_files || line == 0)
        return NULL;
    SourceFile *file = &sources->files[file_index];
    if (!file->line_starts && !index_lines(file))
        return NULL;
    if (line > file->n_lines)
        return NULL;
    size_t start = file->line_starts[line - 1];
    size_t end = start;
    while (end < file->len && file->text[end] != '\n')
        end++;
    if (end > start && file->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return file->text + start;
}

uint64_t sources_hash(const Sources *sources) {
    uint64_t hash = HASH_FNV_OFFSET;
    for (uint32_t f = 0; f < sources->n_files; f++)
        hash = hash_fnv(hash, sources->files[f].text, sources->files[f].len);
    return hash;
}
