/*
 * test_format.c -- `routinec fmt`'s layout (src/front/format.c).
 *
 * The cases pin the canonical layout; every case is also formatted twice
 * (idempotence).  The property test formats every .rt file of the tree
 * (routines/ and tests/, run from the top directory) into a temporary
 * copy of its directory -- so includes find formatted libraries -- and
 * checks that each file that compiled compiles to the same code and
 * constants (not the line table) after formatting, and that formatting
 * the result changes nothing.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "compile.h"
#include "format.h"

/* Format `text` (as file "t.rt"); NULL when it does not parse. */
static char *format_text(const char *text) {
    Sources sources;
    sources_init(&sources);
    Diag diag;
    FILE *devnull = fopen("/dev/null", "w");
    diag_init(&diag, &sources, devnull);
    uint32_t index;
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(sources_add(&sources, "t.rt", text, strlen(text), &index), SOURCE_OK);
    if (!format_file(&diag, index, &out, &len))
        out = NULL;
    else
        assert_int_equal(strlen(out), len);
    diag_free(&diag);
    sources_free(&sources);
    fclose(devnull);
    return out;
}

/* `in` formats to `want`, and `want` formats to itself. */
static void expect_format(const char *in, const char *want) {
    char *got = format_text(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    char *again = format_text(got);
    assert_non_null(again);
    assert_string_equal(again, want);
    free(got);
    free(again);
}

static void test_indentation_and_one_statement_a_line(void **state) {
    (void)state;
    expect_format("routine \"R\"{exercise \"A\" strength{hold 5s;repeat 10;}\n"
                  "        section   \"S\"   level initial {do \"A\";}}",
                  "routine \"R\" {\n"
                  "    exercise \"A\" strength {\n"
                  "        hold 5s;\n"
                  "        repeat 10;\n"
                  "    }\n"
                  "    section \"S\" level initial {\n"
                  "        do \"A\";\n"
                  "    }\n"
                  "}\n");
}

static void test_spacing_commas_and_durations(void **state) {
    (void)state;
    expect_format("routine \"R\" {\n\tschedule  10min to 30min a day ,1 to 3 times a day ;\n"
                  "  exercise \"A\" { hold 5   seconds; repeat 3 ; }\n}\n",
                  "routine \"R\" {\n"
                  "    schedule 10min to 30min a day, 1 to 3 times a day;\n"
                  "    exercise \"A\" {\n"
                  "        hold 5 seconds;\n"
                  "        repeat 3;\n"
                  "    }\n"
                  "}\n");
}

static void test_curly_quotes_become_straight(void **state) {
    (void)state;
    expect_format("routine \xE2\x80\x9CR\xE2\x80\x9D { note \xE2\x80\x9CSay \"hi\" \\n now\xE2\x80\x9D; }",
                  "routine \"R\" {\n"
                  "    note \"Say \\\"hi\\\" \\n now\";\n"
                  "}\n");
}

static void test_comments_stay_where_they_were(void **state) {
    (void)state;
    expect_format("# head\n\n\n# second\nroutine \"R\" { # opens\n"
                  "  // own line\n  note \"n\";    # trailing   \n"
                  "  # before the end\n}  # after\n# tail\n",
                  "# head\n"
                  "\n"
                  "# second\n"
                  "routine \"R\" {  # opens\n"
                  "    // own line\n"
                  "    note \"n\";  # trailing\n"
                  "    # before the end\n"
                  "}  # after\n"
                  "# tail\n");
}

static void test_comment_inside_a_statement(void **state) {
    (void)state;
    expect_format("routine \"R\" { hold # why\n 5s; }",
                  "routine \"R\" {\n"
                  "    hold  # why\n"
                  "        5s;\n"
                  "}\n");
}

static void test_a_closing_brace_gets_its_own_line(void **state) {
    (void)state;
    expect_format("routine \"R\" { exercise \"A\" { hold 5s } }",
                  "routine \"R\" {\n"
                  "    exercise \"A\" {\n"
                  "        hold 5s\n"
                  "    }\n"
                  "}\n");
}

static void test_blank_lines(void **state) {
    (void)state;
    expect_format("\n\nroutine \"R\" {\n\n\n    note \"a\";\n\n\n\n    note \"b\";\n    note \"c\";\n\n}\n\n\n",
                  "routine \"R\" {\n"
                  "    note \"a\";\n"
                  "\n"
                  "    note \"b\";\n"
                  "    note \"c\";\n"
                  "}\n");
}

static void test_split_texts_stay_split(void **state) {
    (void)state;
    expect_format("routine \"R\" {\n  note \"one \"\n \"two\" \"three\";\n}\n",
                  "routine \"R\" {\n"
                  "    note \"one \"\n"
                  "        \"two\" \"three\";\n"
                  "}\n");
}

static void test_crlf_nbsp_and_bom(void **state) {
    (void)state;
    expect_format("\xEF\xBB\xBFroutine \"R\" {\r\n\xC2\xA0note \"a\";\r\n}\r\n",
                  "routine \"R\" {\n"
                  "    note \"a\";\n"
                  "}\n");
}

static void test_empty_and_comment_only_files(void **state) {
    (void)state;
    expect_format("", "");
    expect_format("\n\n  \n", "");
    expect_format("  # only a comment  \n\n", "# only a comment\n");
}

static void test_syntax_errors_are_not_formatted(void **state) {
    (void)state;
    assert_null(format_text("routine \"R\" { hold 5s; repeat }"));
    assert_null(format_text("routine \"R\" { note \"unterminated; }"));
    assert_null(format_text("routine \"R\" { hold 5x; }"));
}

/* ---- the property: formatting never changes the program ------------------- */

typedef struct {
    unsigned compared, formatted;
} Tally;

static bool has_rt_suffix(const char *name) {
    size_t len = strlen(name);
    return len > 3 && strcmp(name + len - 3, ".rt") == 0;
}

static char *read_all(const char *path, size_t *len) {
    char *text = NULL;
    int err = 0;
    if (source_read(path, 1u << 26, &text, len, NULL, &err) != SOURCE_OK)
        return NULL;
    return text;
}

static bool write_all(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(text, 1, len, f) == len;
    return f && fclose(f) == 0 && ok;
}

/* Compile `path`; false when it has errors. */
static bool compile_to(const char *path, Chunk *chunk) {
    FILE *devnull = getenv("FMT_DEBUG") ? stderr : fopen("/dev/null", "w");
    Compilation c;
    compile_init(&c, devnull, false);
    Program program = {0};
    chunk_init(chunk);
    bool ok = compile_file(&c, path, chunk, &program) == COMPILE_OK;
    if (ok)
        program_free(&program);
    compile_free(&c);
    if (devnull != stderr)
        fclose(devnull);
    return ok;
}

/* The same code, and the same constants but the source name (a path). */
static void assert_same_program(const Chunk *a, const Chunk *b, const char *path) {
    if (a->code_len != b->code_len || memcmp(a->code, b->code, a->code_len) != 0 ||
        a->n_consts != b->n_consts || a->source_name != b->source_name)
        fail_msg("%s: formatting changed the program's code", path);
    for (uint32_t i = 0; i < a->n_consts; i++) {
        if (i == a->source_name)
            continue;
        if (a->consts[i].len != b->consts[i].len ||
            memcmp(a->consts[i].bytes, b->consts[i].bytes, a->consts[i].len) != 0)
            fail_msg("%s: formatting changed constant %u", path, i);
    }
}

/* Format `src` into `dst` (a copy as is when it does not parse). */
static bool format_into(const char *src, const char *dst, Tally *t) {
    size_t len;
    char *text = read_all(src, &len);
    if (!text)
        return false;
    char *out = format_text(text);
    bool ok = out ? write_all(dst, out, strlen(out)) : write_all(dst, text, len);
    if (out) {
        char *again = format_text(out);
        assert_non_null(again);
        if (strcmp(again, out) != 0)
            fail_msg("%s: formatting is not idempotent", src);
        free(again);
        t->formatted++;
    }
    free(out);
    free(text);
    return ok;
}

static void compare_file(const char *src, const char *dst, Tally *t) {
    Chunk a, b;
    if (compile_to(src, &a)) {
        if (!compile_to(dst, &b))
            fail_msg("%s compiles, but not after formatting", src);
        assert_same_program(&a, &b, src);
        chunk_free(&b);
        t->compared++;
    }
    chunk_free(&a);
}

/* Every .rt file of `dir`, formatted into a fresh temporary directory,
 * then compared; then the subdirectories. */
static void check_dir(const char *dir, Tally *t);

static void check_files(const char *dir, Tally *t) {
    char tmp[] = "/tmp/routinec-fmt-test.XXXXXX";
    assert_non_null(mkdtemp(tmp));
    DIR *d = opendir(dir);
    assert_non_null(d);
    char src[4096], dst[4096];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        snprintf(src, sizeof src, "%s/%s", dir, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", tmp, e->d_name);
        if (has_rt_suffix(e->d_name))
            assert_true(format_into(src, dst, t));
    }
    rewinddir(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        snprintf(src, sizeof src, "%s/%s", dir, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", tmp, e->d_name);
        if (has_rt_suffix(e->d_name))
            compare_file(src, dst, t);
    }
    rewinddir(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        snprintf(dst, sizeof dst, "%s/%s", tmp, e->d_name);
        if (has_rt_suffix(e->d_name))
            unlink(dst);
    }
    closedir(d);
    rmdir(tmp);
}

static void check_dir(const char *dir, Tally *t) {
    check_files(dir, t);
    DIR *d = opendir(dir);
    assert_non_null(d);
    char sub[4096];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        struct stat st;
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && strcmp(e->d_name, "node_modules") != 0 && stat(sub, &st) == 0 &&
            S_ISDIR(st.st_mode))
            check_dir(sub, t);
    }
    closedir(d);
}

static void test_formatting_never_changes_the_program(void **state) {
    (void)state;
    Tally t = {0, 0};
    check_dir("routines", &t);
    check_dir("tests", &t);
    print_message("formatted %u files, compared the programs of %u\n", t.formatted, t.compared);
    assert_true(t.formatted >= 40);
    assert_true(t.compared >= 15);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indentation_and_one_statement_a_line),
        cmocka_unit_test(test_spacing_commas_and_durations),
        cmocka_unit_test(test_curly_quotes_become_straight),
        cmocka_unit_test(test_comments_stay_where_they_were),
        cmocka_unit_test(test_comment_inside_a_statement),
        cmocka_unit_test(test_a_closing_brace_gets_its_own_line),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_split_texts_stay_split),
        cmocka_unit_test(test_crlf_nbsp_and_bom),
        cmocka_unit_test(test_empty_and_comment_only_files),
        cmocka_unit_test(test_syntax_errors_are_not_formatted),
        cmocka_unit_test(test_formatting_never_changes_the_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
