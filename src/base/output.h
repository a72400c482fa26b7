/*
 * output.h -- the one way routinec writes a file.
 *
 * Every command that writes a file by name (build -o, run --events, and
 * any later writer: handouts, calendars) opens it here, so all of them
 * treat the target the same way:
 *
 *   - a regular file (or a name that does not exist yet) is written to a
 *     temporary file in the same directory, flushed to disk and renamed
 *     over the target only when everything was written (OUTPUT_REPLACE):
 *     a failed write never leaves a half file, and the old file stays;
 *     OUTPUT_STREAM truncates and writes the file in place instead, for a
 *     record that must be on disk as it grows (the event stream);
 *   - a character device, a FIFO or a socket (/dev/null, /dev/stdout, a
 *     pipe from `>(...)`) is written through, as `cc -o /dev/null` does:
 *     it is never replaced by a regular file.  A FIFO nobody reads is
 *     refused at once instead of blocking;
 *   - a symbolic link is followed: the file it names is written, the link
 *     stays a link;
 *   - a directory, a block device or a dangling link is refused;
 *   - a file that is an input of the same run (the same device and inode,
 *     whatever path or link reaches it) is refused: routinec never writes
 *     over what it reads.
 *
 * Usage:
 *     OutputFile out;
 *     int err = output_open(&out, path, OUTPUT_REPLACE, &inputs);
 *     if (!err) { fwrite(..., out.stream); err = output_commit(&out); }
 *     if (err) fprintf(stderr, "cannot write \"%s\": %s\n", path, output_strerror(err));
 *
 * output_commit (or output_abort) must follow every successful open.
 * Errors are errno values, or the OUTPUT_E* values below.
 */
#ifndef ROUTINEC_OUTPUT_H
#define ROUTINEC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A file's identity: the same file under any name or link. */
typedef struct {
    unsigned long long dev, ino;
} FileId;

/* The inputs of one run, to be protected from its outputs. */
typedef struct {
    FileId *ids;
    size_t n, cap;
} FileIdSet;

void file_ids_init(FileIdSet *set);
void file_ids_free(FileIdSet *set);
/* Add the file `path` names (following links); a name that cannot be
 * stat'ed names no file and is skipped.  False only when out of memory. */
bool file_ids_add_path(FileIdSet *set, const char *path);
bool file_ids_add(FileIdSet *set, FileId id);
/* Protect a directory (routinec's state directory): every file in it, and
 * any new name in it.  A directory that does not exist is skipped. */
bool file_ids_add_dir(FileIdSet *set, const char *dir);
/* Add the file `stream` writes, when it is a regular file (a device such
 * as /dev/null may take several outputs). */
bool file_ids_add_stream(FileIdSet *set, FILE *stream);
bool file_ids_contains(const FileIdSet *set, FileId id);

typedef enum { OUTPUT_REPLACE, OUTPUT_STREAM } OutputMode;

/* Errors of our own, above any errno. */
enum {
    OUTPUT_EINPUT = 10000, /* the target is an input of this run */
    OUTPUT_EKIND,          /* a directory, block device or other non-file */
    OUTPUT_EDANGLING,      /* a symbolic link to nothing */
    OUTPUT_EPROTECTED,     /* a name in a protected directory (the state) */
    OUTPUT_ELIMIT,         /* a capped stream reached its limit */
};

typedef struct {
    FILE *stream;  /* write here */
    char *target;  /* the file written (links resolved) */
    char *temp;    /* OUTPUT_REPLACE on a regular file: the temporary */
    bool through;  /* a device, FIFO or socket: written in place */
} OutputFile;

/* Open `path` for writing.  `inputs` may be NULL.  Returns 0 or an error;
 * on error nothing was created and `out` needs no cleanup. */
int output_open(OutputFile *out, const char *path, OutputMode mode, const FileIdSet *inputs);

/* Flush and close; for OUTPUT_REPLACE, sync and rename over the target.
 * Returns 0 or the first error of the whole life of the stream (a write
 * that failed earlier is reported here); on error the temporary is
 * removed and the target is left as it was. */
int output_commit(OutputFile *out);

/* Give up: close and remove the temporary (a streamed file stays). */
void output_abort(OutputFile *out);

/* Open, write `size` bytes, commit: the whole life of a small file. */
int output_write_all(const char *path, const void *bytes, size_t size, const FileIdSet *inputs);

/* A stream that passes at most `limit` bytes in all to `under` (flushing
 * it after each write), then fails with OUTPUT_ELIMIT as its errno: what a
 * program can make routinec write is bounded whatever the program (see
 * MAX_RUN_OUTPUT_BYTES).  fclose() the stream returned before `under`;
 * NULL when out of memory.  `cap` must outlive the stream. */
typedef struct {
    FILE *under;
    uint64_t written, limit;
    bool over; /* a write was refused: the limit */
    int error; /* the first failed write's errno (OUTPUT_ELIMIT: the limit) */
} OutputCap;
FILE *output_cap_open(OutputCap *cap, FILE *under, uint64_t limit);

/* The file a command writes for `source` by default: its name with `.rt`
 * replaced by `ext` (added when it has no `.rt`), malloc'd:
 * "routines/lowback.rt", ".pdf" -> "routines/lowback.pdf". */
char *output_default_name(const char *source, const char *ext);

/* The message for an error of output_open/output_commit. */
const char *output_strerror(int error);

/* The end of every command: flush and close standard output, and say so
 * on stderr when that failed (a full disk, a closed pipe, /dev/full).
 * Returns `status`, or `io_status` when the output failed and `status`
 * was 0 -- the I/O failure must not hide a more specific one. */
int output_finish_stdout(int status, int io_status);

#endif
