/* test_output.c -- output.h: the one way routinec writes a file, and
 * source_read: the one way it reads one.  Device nodes are made with mknod
 * in a temporary directory when the tests run as root, so the system's own
 * devices are never a target; a user who may not mknod gets links to the
 * system's devices, which such a user cannot replace (a bug that replaced
 * the link shows as a name that is no longer a device). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"
#include "source.h"

typedef struct {
    char dir[64];
    char path[128];
} Dir;

static int setup(void **state) {
    Dir *d = calloc(1, sizeof *d);
    strcpy(d->dir, "/tmp/rt_outputXXXXXX");
    assert_non_null(mkdtemp(d->dir));
    *state = d;
    return 0;
}

static int teardown(void **state) {
    Dir *d = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->dir);
    assert_int_equal(system(cmd), 0);
    free(d);
    return 0;
}

static const char *in_dir(Dir *d, const char *name) {
    snprintf(d->path, sizeof d->path, "%s/%s", d->dir, name);
    return d->path;
}

static unsigned entries(const char *dir) {
    DIR *dp = opendir(dir);
    unsigned n = 0;
    for (struct dirent *e; (e = readdir(dp)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dp);
    return n;
}

/* make_device: a character device named NAME in D (see the file's top). */
static const char *make_device(Dir *d, const char *name, unsigned minor,
                               const char *system_device) {
    const char *path = in_dir(d, name);
    if (geteuid() == 0)
        assert_int_equal(mknod(path, S_IFCHR | 0666, makedev(1, minor)), 0);
    else
        assert_int_equal(symlink(system_device, path), 0);
    return path;
}

static mode_t kind_behind(const char *path) {
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & S_IFMT;
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static mode_t kind_of(const char *path) {
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode & S_IFMT;
}

/* A character device is written through and stays a device: the bug that
 * turned a test machine's /dev/null into a regular file. */
static void test_device_is_written_through(void **state) {
    Dir *d = *state;
    const char *null = make_device(d, "null", 3, "/dev/null");
    assert_int_equal(output_write_all(null, "abc", 3, NULL), 0);
    assert_int_equal(kind_behind(in_dir(d, "null")), S_IFCHR);
    const char *full = make_device(d, "full", 7, "/dev/full");
    assert_int_equal(output_write_all(full, "abc", 3, NULL), ENOSPC);
    assert_int_equal(kind_behind(in_dir(d, "full")), S_IFCHR);
    assert_int_equal(entries(d->dir), 2);
}

static void test_fifo_without_reader_is_refused_at_once(void **state) {
    Dir *d = *state;
    assert_int_equal(mkfifo(in_dir(d, "fifo"), 0600), 0);
    assert_int_equal(output_write_all(in_dir(d, "fifo"), "x", 1, NULL), ENXIO);
    assert_int_equal(kind_of(in_dir(d, "fifo")), S_IFIFO);
}

static void test_directory_and_dangling_link_are_refused(void **state) {
    Dir *d = *state;
    assert_int_equal(mkdir(in_dir(d, "sub"), 0700), 0);
    assert_int_equal(output_write_all(in_dir(d, "sub"), "x", 1, NULL), EISDIR);
    assert_int_equal(symlink("nowhere", in_dir(d, "dangling")), 0);
    assert_int_equal(output_write_all(in_dir(d, "dangling"), "x", 1, NULL), OUTPUT_EDANGLING);
    assert_int_equal(entries(d->dir), 2); /* nothing created, no temporary left */
}

/* An input is refused under any name: itself, a link, a hard link. */
static void test_inputs_are_never_overwritten(void **state) {
    Dir *d = *state;
    write_text(in_dir(d, "r.rt"), "source");
    FileIdSet inputs;
    file_ids_init(&inputs);
    assert_true(file_ids_add_path(&inputs, in_dir(d, "r.rt")));
    assert_int_equal(symlink("r.rt", in_dir(d, "soft")), 0);
    char src[128];
    strcpy(src, in_dir(d, "r.rt"));
    assert_int_equal(link(src, in_dir(d, "hard")), 0);
    const char *names[] = {"r.rt", "soft", "hard"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(output_write_all(in_dir(d, names[i]), "x", 1, &inputs), OUTPUT_EINPUT);
    OutputFile out;
    assert_int_equal(output_open(&out, in_dir(d, "soft"), OUTPUT_STREAM, &inputs), OUTPUT_EINPUT);
    file_ids_free(&inputs);
    char buf[16] = {0};
    FILE *f = fopen(src, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "source");
}

/* A link to a regular file: the file is replaced, the link stays; the
 * file keeps its permissions. */
static void test_link_to_file_keeps_link_and_mode(void **state) {
    Dir *d = *state;
    write_text(in_dir(d, "target"), "old");
    assert_int_equal(chmod(in_dir(d, "target"), 0604), 0);
    assert_int_equal(symlink("target", in_dir(d, "link")), 0);
    assert_int_equal(output_write_all(in_dir(d, "link"), "new", 3, NULL), 0);
    assert_int_equal(kind_of(in_dir(d, "link")), S_IFLNK);
    struct stat st;
    assert_int_equal(stat(in_dir(d, "target"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0604);
    assert_int_equal(st.st_size, 3);
    assert_int_equal(entries(d->dir), 2);
}

/* Abort leaves the old file as it was and no temporary behind. */
static void test_abort_keeps_the_old_file(void **state) {
    Dir *d = *state;
    write_text(in_dir(d, "keep"), "old");
    OutputFile out;
    assert_int_equal(output_open(&out, in_dir(d, "keep"), OUTPUT_REPLACE, NULL), 0);
    fputs("half", out.stream);
    output_abort(&out);
    struct stat st;
    assert_int_equal(stat(in_dir(d, "keep"), &st), 0);
    assert_int_equal(st.st_size, 3);
    assert_int_equal(entries(d->dir), 1);
}

/* A write that failed before commit is reported by commit. */
static void test_commit_reports_an_earlier_failure(void **state) {
    Dir *d = *state;
    const char *full = make_device(d, "full", 7, "/dev/full");
    OutputFile out;
    assert_int_equal(output_open(&out, full, OUTPUT_STREAM, NULL), 0);
    assert_true(out.through);
    for (int i = 0; i < 10000; i++)
        fputs("a line of events\n", out.stream);
    assert_int_equal(output_commit(&out), ENOSPC);
}

/* source_read refuses what is not a regular file without blocking. */
static void test_read_never_blocks(void **state) {
    Dir *d = *state;
    assert_int_equal(mkfifo(in_dir(d, "fifo"), 0600), 0);
    char *text = NULL;
    size_t len = 0;
    int err = 0;
    assert_int_equal(source_read(in_dir(d, "fifo"), 100, &text, &len, NULL, &err), SOURCE_NOT_FILE);
    assert_int_equal(err, ESPIPE);
    const char *zero = make_device(d, "zero", 5, "/dev/zero");
    assert_int_equal(source_read(zero, 100, &text, &len, NULL, &err), SOURCE_NOT_FILE);
    assert_int_equal(err, ENODEV);
    assert_int_equal(source_read(d->dir, 100, &text, &len, NULL, &err), SOURCE_NOT_FILE);
    assert_int_equal(err, EISDIR);
    assert_null(text);
}

/* The size is checked before memory is committed. */
static void test_read_refuses_oversize_before_reading(void **state) {
    Dir *d = *state;
    int fd = open(in_dir(d, "big"), O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)1 << 40), 0); /* 1 TiB, sparse */
    close(fd);
    char *text = NULL;
    size_t len = 0;
    int err = 0;
    assert_int_equal(source_read(in_dir(d, "big"), 1000, &text, &len, NULL, &err), SOURCE_TOO_LARGE);
    assert_null(text);
    write_text(in_dir(d, "small"), "12345");
    FileId id;
    assert_int_equal(source_read(in_dir(d, "small"), 5, &text, &len, &id, &err), SOURCE_OK);
    assert_int_equal(len, 5);
    assert_int_equal(text[5], '\0');
    free(text);
    assert_int_equal(source_read(in_dir(d, "small"), 4, &text, &len, NULL, &err), SOURCE_TOO_LARGE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_device_is_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_without_reader_is_refused_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory_and_dangling_link_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inputs_are_never_overwritten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_to_file_keeps_link_and_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_keeps_the_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_reports_an_earlier_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_never_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_refuses_oversize_before_reading, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
