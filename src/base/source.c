/* source.c -- see source.h. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Double the buffer (to at most `max` + 3 bytes); on failure it is
 * freed: too large, or out of memory. */
static SourceStatus grow_text(char **text, size_t *cap, size_t max) {
    size_t bigger = *cap > max / 2 ? max + 3 : *cap * 2;
    char *grown = *cap >= max + 3 ? NULL : realloc(*text, bigger);
    if (!grown) {
        free(*text);
        return *cap >= max + 3 ? SOURCE_TOO_LARGE : SOURCE_NO_MEMORY;
    }
    *text = grown;
    *cap = bigger;
    return SOURCE_OK;
}

/* Read fd to its end into a buffer with two NULs after the text (the
 * scanner scans it in place).  `size_hint` (a regular file's size, or 0)
 * sizes the buffer exactly, so a large file is not held in a buffer
 * grown by doubling; a pipe grows by doubling up to `max`. */
static SourceStatus read_all(int fd, size_t size_hint, size_t max, char **text_out,
                             size_t *len_out, int *err_no) {
    size_t cap = size_hint ? size_hint + 3 : 4096, len = 0;
    char *text = malloc(cap);
    if (!text)
        return SOURCE_NO_MEMORY;
    for (;;) {
        SourceStatus room = cap - len <= 2 ? grow_text(&text, &cap, max) : SOURCE_OK;
        if (room != SOURCE_OK)
            return room;
        ssize_t got = read(fd, text + len, cap - len - 2);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err_no = errno;
            free(text);
            return SOURCE_IO;
        }
        len += (size_t)got;
        if (len > max) {
            free(text);
            return SOURCE_TOO_LARGE;
        }
        if (got == 0)
            break;
    }
    text[len] = text[len + 1] = '\0';
    *text_out = text;
    *len_out = len;
    return SOURCE_OK;
}

/* Refuse what is not a regular file by its type, with a reason in
 * *err_no: EISDIR, ESPIPE (FIFO, socket) or ENODEV (a device). */
static SourceStatus check_type(const struct stat *st, int *err_no) {
    if (S_ISREG(st->st_mode))
        return SOURCE_OK;
    *err_no = S_ISDIR(st->st_mode) ? EISDIR
            : S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode) ? ESPIPE : ENODEV;
    return SOURCE_NOT_FILE;
}

SourceStatus source_read(const char *path, size_t max_bytes, char **text, size_t *len,
                         FileId *id, int *err_no) {
    bool is_stdin = strcmp(path, "-") == 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *err_no = errno;
        return SOURCE_IO;
    }
    struct stat st;
    SourceStatus status = SOURCE_OK;
    if (fstat(fd, &st) != 0) {
        *err_no = errno;
        status = SOURCE_IO;
    } else if (!is_stdin) {
        status = check_type(&st, err_no);
    }
    bool regular = status == SOURCE_OK && S_ISREG(st.st_mode);
    if (regular && (uint64_t)st.st_size > max_bytes)
        status = SOURCE_TOO_LARGE; /* before a byte of memory is committed */
    if (status == SOURCE_OK && !is_stdin && fcntl(fd, F_SETFL, 0) != 0) {
        *err_no = errno;
        status = SOURCE_IO;
    }
    if (status == SOURCE_OK)
        status = read_all(fd, regular ? (size_t)st.st_size : 0, max_bytes, text, len, err_no);
    if (status == SOURCE_OK && id)
        *id = (FileId){(unsigned long long)st.st_dev, (unsigned long long)st.st_ino};
    if (!is_stdin)
        close(fd);
    return status;
}

const char *source_strerror(SourceStatus status, int err_no) {
    switch (status) {
    case SOURCE_IO:
        return strerror(err_no);
    case SOURCE_TOO_LARGE:
        return "the file is larger than routinec accepts";
    case SOURCE_TOO_MANY:
        return "too many files are included";
    case SOURCE_NOT_FILE:
        return err_no == EISDIR ? "it is a directory, not a file"
             : err_no == ESPIPE ? "it is a FIFO or a socket, not a regular file"
                                : "it is a device, not a regular file";
    case SOURCE_NO_MEMORY:
        return "out of memory";
    default:
        return "no error";
    }
}

SourceStatus sources_load(Sources *sources, const char *path, Loc included_at,
                          uint32_t *index, int *err_no) {
    char *text = NULL;
    size_t len = 0;
    FileId id;
    SourceStatus status = source_read(path, MAX_SOURCE_BYTES, &text, &len, &id, err_no);
    if (status != SOURCE_OK)
        return status;
    status = sources_push(sources, strcmp(path, "-") == 0 ? "<stdin>" : path, text, len,
                          included_at, index);
    if (status != SOURCE_OK) {
        free(text);
        return status;
    }
    sources->files[*index].id = id;
    sources->files[*index].has_id = true;
    return SOURCE_OK;
}

bool sources_file_ids(const Sources *sources, FileIdSet *set) {
    for (uint32_t i = 0; i < sources->n_files; i++)
        if (sources->files[i].has_id && !file_ids_add(set, sources->files[i].id))
            return false;
    return true;
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

/* memchr finds the newlines a word at a time: indexing a 10 MB file for
 * its first excerpt costs a fraction of reading it. */
static bool index_lines(SourceFile *file) {
    uint32_t n = 1;
    const char *end = file->text + file->len;
    for (const char *p = file->text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    file->line_starts = malloc(n * sizeof *file->line_starts);
    if (!file->line_starts)
        return false;
    uint32_t line = 0;
    file->line_starts[line++] = 0;
    for (const char *p = file->text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        file->line_starts[line++] = (uint32_t)(p - file->text + 1);
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
    const char *newline = memchr(file->text + start, '\n', file->len - start);
    size_t end = newline ? (size_t)(newline - file->text) : file->len;
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
