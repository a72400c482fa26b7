/*
 * source.h -- the source files of one compilation.
 *
 * Files are read whole into memory (with two NUL bytes after the text, so
 * the scanner can use the buffer in place) and kept until the end, so that
 * any diagnostic can quote its line.  A Loc names a file by its index here.
 */
#ifndef ROUTINEC_SOURCE_H
#define ROUTINEC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"

/* A span of source text: first and last character, 1-based, inclusive. */
typedef struct {
    uint32_t file;
    uint32_t line, col;
    uint32_t end_line, end_col;
} Loc;

typedef struct {
    char *path;        /* as given, or as resolved from an include */
    char *text;        /* len bytes, then two NULs */
    size_t len;
    Loc included_at;   /* where it was included; line 0 for a root file */
    uint32_t *line_starts; /* byte offset of each line, built on demand */
    uint32_t n_lines;
    FileId id;         /* the file read (device, inode), to never write over it */
    bool has_id;       /* false for text added from memory */
} SourceFile;

typedef struct {
    SourceFile *files;
    uint32_t n_files, cap;
} Sources;

typedef enum {
    SOURCE_OK = 0,
    SOURCE_IO,        /* errno says why */
    SOURCE_TOO_LARGE, /* over MAX_SOURCE_BYTES (or the caller's limit) */
    SOURCE_NOT_FILE,  /* a FIFO, device, directory...: never read, never waited on */
    SOURCE_TOO_MANY,  /* over MAX_FILES */
    SOURCE_NO_MEMORY,
} SourceStatus;

void sources_init(Sources *sources);
void sources_free(Sources *sources);

/* Read `path` ("-" is standard input) and add it.  On SOURCE_IO, *err_no
 * holds errno. */
SourceStatus sources_load(Sources *sources, const char *path, Loc included_at,
                          uint32_t *index, int *err_no);

/* Read one whole input file: `path` names a regular file, or is "-" for
 * standard input.  Anything else (a FIFO, a device, a directory, a
 * socket) is refused by its type before a byte is read, so no input can
 * block; a file over `max_bytes` is refused before memory is committed.
 * The text gets two NULs after it.  `id` (may be NULL) gets the file's
 * identity.  On SOURCE_IO, *err_no holds errno. */
SourceStatus source_read(const char *path, size_t max_bytes, char **text, size_t *len,
                         FileId *id, int *err_no);

/* Why a load failed, in words ("it is a FIFO, not a regular file"). */
const char *source_strerror(SourceStatus status, int err_no);

/* Add text already in memory (tests, fuzzers). */
SourceStatus sources_add(Sources *sources, const char *path, const char *text,
                         size_t len, uint32_t *index);

/* The text of line `line` (1-based) of file `file`, without its newline. */
const char *sources_line(Sources *sources, uint32_t file, uint32_t line, size_t *len);

/* Add the identity of every file read to `set` (false: out of memory). */
bool sources_file_ids(const Sources *sources, FileIdSet *set);

/* FNV-1a 64 over all loaded text, in load order. */
uint64_t sources_hash(const Sources *sources);

#endif
