/* test_diag.c -- what a therapist sees when something is wrong: the
 * position, the line, a caret under the right character, and the hint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"

typedef struct {
    Sources sources;
    Diag diag;
    char *text;
    size_t size;
    FILE *out;
} Fixture;

static int setup(void **state) {
    Fixture *f = calloc(1, sizeof *f);
    sources_init(&f->sources);
    f->out = open_memstream(&f->text, &f->size);
    diag_init(&f->diag, &f->sources, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fixture *f = *state;
    diag_free(&f->diag);
    sources_free(&f->sources);
    fclose(f->out);
    free(f->text);
    free(f);
    return 0;
}

static Loc at(uint32_t line, uint32_t col, uint32_t end_col) {
    Loc loc = {0, line, col, line, end_col};
    return loc;
}

static const char *printed(Fixture *f) {
    fflush(f->out);
    return f->text;
}

static void add(Fixture *f, const char *text) {
    uint32_t index;
    assert_int_equal(sources_add(&f->sources, "lowback.rt", text, strlen(text), &index), SOURCE_OK);
}

static void test_caret_and_hint(void **state) {
    Fixture *f = *state;
    add(f, "routine \"R\" {\n    repeat 0 each side;\n}\n");
    diag_report(&f->diag, DIAG_ERROR, at(2, 12, 12), "write 1 for a single one",
                "the number of repetitions must be at least %d", 1);
    assert_string_equal(printed(f),
                        "lowback.rt:2:12: error: the number of repetitions must be at least 1\n"
                        "    2 |     repeat 0 each side;\n"
                        "      |            ^\n"
                        "      = hint: write 1 for a single one\n");
    assert_int_equal(f->diag.errors, 1);
}

static void test_underline_spans_the_token(void **state) {
    Fixture *f = *state;
    add(f, "hodl 5s;\n");
    diag_report(&f->diag, DIAG_WARNING, at(1, 1, 4), NULL, "odd");
    assert_string_equal(printed(f), "lowback.rt:1:1: warning: odd\n"
                                    "    1 | hodl 5s;\n"
                                    "      | ^~~~\n");
    assert_int_equal(f->diag.warnings, 1);
}

/* Columns count bytes; the caret line counts characters and keeps tabs. */
static void test_caret_under_wide_text_and_tabs(void **state) {
    Fixture *f = *state;
    add(f, "\tcue \"don\xe2\x80\x99t\"; hodl 5s;\n");
    diag_report(&f->diag, DIAG_ERROR, at(1, 17, 20), NULL, "x");
    assert_string_equal(printed(f), "lowback.rt:1:17: error: x\n"
                                    "    1 | \tcue \"don\xe2\x80\x99t\"; hodl 5s;\n"
                                    "      | \t             ^~~~\n");
}

static void test_control_bytes_are_shown_safely(void **state) {
    Fixture *f = *state;
    const char text[] = "cue \"a\x1b[2Jb\";\n";
    add(f, text);
    diag_report(&f->diag, DIAG_ERROR, at(1, 1, 1), NULL, "x");
    assert_non_null(strstr(printed(f), "cue \"a?[2Jb\";"));
}

static void test_exact_repeat_is_reported_once(void **state) {
    Fixture *f = *state;
    add(f, "hold 5s;\n");
    diag_report(&f->diag, DIAG_ERROR, at(1, 1, 4), NULL, "same");
    diag_report(&f->diag, DIAG_ERROR, at(1, 1, 4), NULL, "same");
    diag_report(&f->diag, DIAG_ERROR, at(1, 6, 7), NULL, "same");
    assert_int_equal(f->diag.errors, 2);
}

static void test_whole_file_problem_has_no_excerpt(void **state) {
    Fixture *f = *state;
    add(f, "");
    Loc none = {0};
    diag_report(&f->diag, DIAG_ERROR, none, "add a routine", "there is no routine in this file");
    assert_string_equal(printed(f), "lowback.rt: error: there is no routine in this file\n"
                                    "      = hint: add a routine\n");
}

static void test_long_message_is_not_cut(void **state) {
    Fixture *f = *state;
    add(f, "x\n");
    char name[2000];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    diag_report(&f->diag, DIAG_ERROR, at(1, 1, 1), NULL, "no exercise called \"%s\"", name);
    assert_non_null(strstr(printed(f), name));
}

/* A long line is quoted as a window around the column, marked with
 * "...": an error on a line of a megabyte prints what one on a short
 * line does (it printed the whole megabyte per error). */
static void test_long_line_is_quoted_as_a_window(void **state) {
    Fixture *f = *state;
    size_t len = 1u << 20;
    char *line = malloc(len + 2);
    memset(line, 'x', len);
    memcpy(line + 600000, "hodl", 4);
    line[len] = '\n';
    line[len + 1] = '\0';
    add(f, line);
    free(line);
    diag_report(&f->diag, DIAG_ERROR, at(1, 600001, 600004), NULL, "odd");
    const char *out = printed(f);
    assert_true(strlen(out) < 400);
    assert_non_null(strstr(out, "| ...xxxx"));
    assert_non_null(strstr(out, "xhodlx"));
    assert_non_null(strstr(out, "xxx...\n"));
    /* the caret is under the 'h': the same column in the two lines */
    const char *text_line = strchr(out, '\n') + 1;
    const char *caret_line = strchr(text_line, '\n') + 1;
    const char *caret = strchr(caret_line, '^');
    assert_non_null(caret);
    assert_int_equal(caret - caret_line, strstr(text_line, "hodl") - text_line);
    assert_non_null(strstr(caret, "^~~~\n"));
}

/* After DIAG_MAX_SHOWN diagnostics, one line says so and the rest are
 * counted but not printed: the output is bounded whatever the input. */
static void test_output_is_capped(void **state) {
    Fixture *f = *state;
    add(f, "hodl 5s;\n");
    for (unsigned i = 0; i < 5000; i++)
        diag_report(&f->diag, DIAG_ERROR, at(1, 1, (uint32_t)(i % 4) + 1), NULL, "odd %u", i);
    const char *out = printed(f);
    assert_int_equal(f->diag.errors, 5000);
    assert_non_null(strstr(out, "odd 99\n"));
    assert_null(strstr(out, "odd 100\n"));
    const char *note = strstr(out, "too many errors and warnings; stopping after the first 100");
    assert_non_null(note);
    assert_null(strstr(note + 1, "too many errors"));
    assert_true(strlen(out) < (size_t)DIAG_MAX_SHOWN * 100 + 200);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_caret_and_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_underline_spans_the_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caret_under_wide_text_and_tabs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_bytes_are_shown_safely, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_repeat_is_reported_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_file_problem_has_no_excerpt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_message_is_not_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_line_is_quoted_as_a_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_is_capped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
