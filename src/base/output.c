/* output.c -- see output.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fopencookie(): the capped stream */
#endif
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"

/* MAX_RUN_OUTPUT_BYTES in words, for the message. */
#define LIMIT_TEXT "64 MiB"
_Static_assert(MAX_RUN_OUTPUT_BYTES == 64ull * 1024 * 1024, "LIMIT_TEXT says the limit");

/* ---- file identities ---------------------------------------------------- */

void file_ids_init(FileIdSet *set) {
    memset(set, 0, sizeof *set);
}

void file_ids_free(FileIdSet *set) {
    free(set->ids);
    file_ids_init(set);
}

static FileId id_of(const struct stat *st) {
    FileId id = {(unsigned long long)st->st_dev, (unsigned long long)st->st_ino};
    return id;
}

bool file_ids_add(FileIdSet *set, FileId id) {
    if (file_ids_contains(set, id))
        return true;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        FileId *ids = realloc(set->ids, cap * sizeof *ids);
        if (!ids)
            return false;
        set->ids = ids;
        set->cap = cap;
    }
    set->ids[set->n++] = id;
    return true;
}

bool file_ids_add_path(FileIdSet *set, const char *path) {
    struct stat st;
    if (!path || stat(path, &st) != 0)
        return true;
    return file_ids_add(set, id_of(&st));
}

/* The directory, and every file now in it (a hard link elsewhere to one
 * of them is the same file); output_open refuses new names in it too. */
bool file_ids_add_dir(FileIdSet *set, const char *dir) {
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return true;
    if (!file_ids_add(set, id_of(&st)))
        return false;
    DIR *d = opendir(dir);
    bool ok = true;
    for (struct dirent *e; ok && d && (e = readdir(d));) {
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (path)
            snprintf(path, len, "%s/%s", dir, e->d_name);
        ok = path && (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || file_ids_add(set, id_of(&st)));
        free(path);
    }
    if (d)
        closedir(d);
    return ok;
}

bool file_ids_add_stream(FileIdSet *set, FILE *stream) {
    struct stat st;
    if (!stream || fstat(fileno(stream), &st) != 0 || !S_ISREG(st.st_mode))
        return true;
    return file_ids_add(set, id_of(&st));
}

bool file_ids_contains(const FileIdSet *set, FileId id) {
    for (size_t i = 0; set && i < set->n; i++)
        if (set->ids[i].dev == id.dev && set->ids[i].ino == id.ino)
            return true;
    return false;
}

/* ---- opening ------------------------------------------------------------ */

const char *output_strerror(int error) {
    switch (error) {
    case OUTPUT_EINPUT:
        return "it is an input of this run (or routinec's history); routinec never writes over "
               "what it reads or keeps";
    case OUTPUT_EKIND:
        return "it is not a regular file, a character device or a FIFO";
    case OUTPUT_EDANGLING:
        return "it is a symbolic link to a file that does not exist";
    case OUTPUT_EPROTECTED:
        return "it is in the directory of routinec's own records (the history and the resume "
               "journal); routinec writes nothing else there";
    case OUTPUT_ELIMIT:
        return "it reached the limit of " LIMIT_TEXT " that one run may write to it (see README, "
               "\"Limits\")";
    case ENXIO:
        return "it is a FIFO that no process is reading";
    default:
        return strerror(error);
    }
}

/* Where a non-regular target is written through: open it in place (no
 * create, no truncate), without blocking on a FIFO nobody reads. */
static int open_through(OutputFile *out, const char *path) {
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return errno;
    struct stat st;
    int flags = fcntl(fd, F_GETFL);
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode) || flags < 0 ||
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        close(fd);
        return OUTPUT_EKIND;
    }
    out->through = true;
    out->stream = fdopen(fd, "wb");
    if (!out->stream) {
        close(fd);
        return errno;
    }
    return 0;
}

/* A fresh, unguessable-enough name next to the target; O_EXCL makes any
 * clash (or a planted link) fail instead of being followed. */
static int create_temp(OutputFile *out, mode_t keep_mode, bool keep) {
    size_t len = strlen(out->target);
    out->temp = malloc(len + 40);
    if (!out->temp)
        return ENOMEM;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        snprintf(out->temp, len + 40, "%s.tmp-%ld-%lx", out->target, (long)getpid(),
                 (unsigned long)now.tv_nsec * 2654435761u + attempt);
        int fd = open(out->temp, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0)
            break;
        if ((keep && fchmod(fd, keep_mode) != 0) || !(out->stream = fdopen(fd, "wb"))) {
            int err = errno;
            close(fd);
            unlink(out->temp);
            return err;
        }
        return 0;
    }
    int err = errno;
    free(out->temp);
    out->temp = NULL;
    return err ? err : EEXIST;
}

/* A regular file, or a name to create. */
static int open_regular(OutputFile *out, OutputMode mode, const struct stat *st, bool exists) {
    if (mode == OUTPUT_REPLACE)
        return create_temp(out, st->st_mode & 07777, exists);
    int fd = open(out->target, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOCTTY, 0666);
    if (fd < 0)
        return errno;
    struct stat now;
    if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode)) {
        close(fd); /* swapped for something else since the stat */
        return OUTPUT_EKIND;
    }
    out->stream = fdopen(fd, "wb");
    if (!out->stream) {
        close(fd);
        return errno;
    }
    return 0;
}

/* What `path` names, following links; *exists false for a new name. */
static int inspect(const char *path, struct stat *st, bool *exists) {
    *exists = stat(path, st) == 0;
    if (*exists)
        return 0;
    if (errno != ENOENT)
        return errno;
    struct stat link;
    if (lstat(path, &link) == 0 && S_ISLNK(link.st_mode))
        return OUTPUT_EDANGLING;
    memset(st, 0, sizeof *st);
    return 0;
}

/* Whether the directory `path` is (or would be) in, links followed, is
 * one of `inputs` (a protected directory: file_ids_add_dir). */
static bool in_protected_dir(const char *path, bool exists, const FileIdSet *inputs) {
    char *full = exists ? realpath(path, NULL) : strdup(path);
    char *slash = full ? strrchr(full, '/') : NULL;
    struct stat st;
    bool in = false;
    if (full) {
        if (slash)
            slash[slash == full ? 1 : 0] = '\0';
        in = stat(slash ? full : ".", &st) == 0 && file_ids_contains(inputs, id_of(&st));
    }
    free(full);
    return in;
}

int output_open(OutputFile *out, const char *path, OutputMode mode, const FileIdSet *inputs) {
    memset(out, 0, sizeof *out);
    struct stat st;
    bool exists;
    int err = inspect(path, &st, &exists);
    if (err)
        return err;
    if (exists && file_ids_contains(inputs, id_of(&st)))
        return OUTPUT_EINPUT;
    if (inputs && inputs->n && in_protected_dir(path, exists, inputs))
        return OUTPUT_EPROTECTED;
    if (exists && S_ISDIR(st.st_mode))
        return EISDIR;
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        return open_through(out, path);
    if (exists && !S_ISREG(st.st_mode))
        return OUTPUT_EKIND;
    out->target = exists ? realpath(path, NULL) : strdup(path);
    if (!out->target)
        return errno ? errno : ENOMEM;
    err = open_regular(out, mode, &st, exists);
    if (err) {
        free(out->target);
        free(out->temp);
        memset(out, 0, sizeof *out);
    }
    return err;
}

/* ---- closing ------------------------------------------------------------ */

/* Make the rename itself durable.  Best effort: some file systems refuse
 * to fsync a directory, and the file's data is already safe. */
static void sync_directory(const char *path) {
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_NONBLOCK) : -1;
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Flush, sync (a regular file) and close; the first error or 0.  A write
 * that failed before (ferror) is an error even if this flush succeeds. */
static int close_stream(OutputFile *out) {
    int err = 0;
    if (fflush(out->stream) != 0)
        err = errno ? errno : EIO;
    else if (ferror(out->stream))
        err = EIO;
    if (!err && !out->through && fsync(fileno(out->stream)) != 0)
        err = errno;
    if (fclose(out->stream) != 0 && !err)
        err = errno;
    out->stream = NULL;
    return err;
}

static void release(OutputFile *out) {
    free(out->target);
    free(out->temp);
    memset(out, 0, sizeof *out);
}

int output_commit(OutputFile *out) {
    if (!out->stream) {
        release(out);
        return EBADF;
    }
    int err = close_stream(out);
    if (out->temp) {
        if (!err && rename(out->temp, out->target) != 0)
            err = errno;
        if (err)
            unlink(out->temp); /* never leave a partial file behind */
        else
            sync_directory(out->target);
    }
    release(out);
    return err;
}

void output_abort(OutputFile *out) {
    if (out->stream)
        fclose(out->stream);
    if (out->temp)
        unlink(out->temp);
    release(out);
}

int output_write_all(const char *path, const void *bytes, size_t size, const FileIdSet *inputs) {
    OutputFile out;
    int err = output_open(&out, path, OUTPUT_REPLACE, inputs);
    if (err)
        return err;
    if (size && fwrite(bytes, 1, size, out.stream) != size) {
        err = errno ? errno : EIO;
        output_abort(&out);
        return err;
    }
    return output_commit(&out);
}

/* ---- standard output ---------------------------------------------------- */

/* Why an earlier write to stdout failed: stdio keeps only the error flag,
 * and the errno of the failing write is long gone when the output was
 * flushed part-way (output longer than the buffer).  The output is already
 * incomplete, so one more byte written straight to the descriptor costs
 * nothing and asks the device again (ENOSPC, EPIPE, EIO). */
static int stdout_failure(void) {
    errno = 0;
    if (write(fileno(stdout), "\n", 1) < 0 && errno)
        return errno;
    return EIO;
}

int output_finish_stdout(int status, int io_status) {
    errno = 0;
    int err = 0;
    if (fflush(stdout) != 0)
        err = errno ? errno : EIO;
    else if (ferror(stdout))
        err = stdout_failure();
    /* Closing catches what only close reports (NFS); a stdout that was
     * never open (`>&-`) and got nothing is not a failure. */
    if (fclose(stdout) != 0 && !err && errno != EBADF)
        err = errno;
    if (!err)
        return status;
    fprintf(stderr, "routinec: writing the output failed: %s\n", strerror(err));
    return status ? status : io_status;
}

/* ---- a capped stream ---------------------------------------------------- */

/* stdio hands over what it buffered (an event, as the writers flush after
 * each): all of it goes through, or none once the limit would be passed,
 * so the output ends at a whole write. */
static ssize_t cap_write(void *cookie, const char *buf, size_t size) {
    OutputCap *cap = cookie;
    if (cap->over || size > cap->limit - cap->written) {
        cap->over = true;
        errno = cap->error = OUTPUT_ELIMIT;
        return 0;
    }
    errno = 0;
    if (fwrite(buf, 1, size, cap->under) != size || fflush(cap->under) != 0) {
        if (!cap->error)
            cap->error = errno ? errno : EIO;
        errno = cap->error;
        return 0;
    }
    cap->written += size;
    return (ssize_t)size;
}

static int cap_close(void *cookie) {
    (void)cookie; /* the stream underneath belongs to the caller */
    return 0;
}

FILE *output_cap_open(OutputCap *cap, FILE *under, uint64_t limit) {
    *cap = (OutputCap){.under = under, .limit = limit};
    cookie_io_functions_t io = {.write = cap_write, .close = cap_close};
    return fopencookie(cap, "w", io);
}

char *output_default_name(const char *source, const char *ext) {
    size_t len = strlen(source), n = strlen(ext);
    if (len >= 3 && strcmp(source + len - 3, ".rt") == 0)
        len -= 3;
    char *out = malloc(len + n + 1);
    if (out) {
        memcpy(out, source, len);
        memcpy(out + len, ext, n + 1);
    }
    return out;
}
