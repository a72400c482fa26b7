/*
 * test_json.c -- the one JSON writer: commas, nesting, the two layouts,
 * escaping and null.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "json.h"

typedef struct {
    char *text;
    size_t len;
    FILE *out;
    JsonWriter w;
} Buffer;

static void open_buffer(Buffer *b) {
    b->text = NULL;
    b->out = open_memstream(&b->text, &b->len);
    assert_non_null(b->out);
    json_init(&b->w, b->out);
}

static void expect_text(Buffer *b, const char *want) {
    fclose(b->out);
    assert_string_equal(b->text, want);
    free(b->text);
}

static void test_compact_object(void **state) {
    (void)state;
    Buffer b;
    open_buffer(&b);
    json_object(&b.w, NULL, JSON_COMPACT);
    json_int(&b.w, "t", -5);
    json_str(&b.w, "ev", "rep");
    json_uint(&b.w, "n", UINT64_MAX);
    json_bool(&b.w, "done", false);
    json_str(&b.w, "label", NULL);
    json_null(&b.w, "x");
    json_object(&b.w, "at", JSON_COMPACT);
    json_uint(&b.w, "line", 3);
    json_end(&b.w);
    json_array(&b.w, "empty", JSON_COMPACT);
    json_end(&b.w);
    json_end(&b.w);
    expect_text(&b, "{\"t\":-5,\"ev\":\"rep\",\"n\":18446744073709551615,\"done\":false,"
                    "\"label\":null,\"x\":null,\"at\":{\"line\":3},\"empty\":[]}");
}

/* The plan's layout: members a line, indented; steps compact, one a line. */
static void test_lines_and_indent(void **state) {
    (void)state;
    Buffer b;
    open_buffer(&b);
    json_object(&b.w, NULL, 2);
    json_str(&b.w, "routine", "R");
    json_array(&b.w, "steps", 2);
    for (int i = 0; i < 2; i++) {
        json_object(&b.w, NULL, JSON_COMPACT);
        json_int(&b.w, "t", i);
        json_end(&b.w);
    }
    json_end(&b.w);
    json_uint(&b.w, "reps", 3);
    json_end(&b.w);
    expect_text(&b, "{\n  \"routine\": \"R\",\n  \"steps\": [\n    {\"t\":0},\n    {\"t\":1}\n  ],\n"
                    "  \"reps\": 3\n}");
}

/* Indent 0: one element a line, no indentation (history, lint findings);
 * an empty array stays []. */
static void test_one_a_line(void **state) {
    (void)state;
    Buffer b;
    open_buffer(&b);
    json_array(&b.w, NULL, 0);
    json_str(&b.w, NULL, "a");
    json_str(&b.w, NULL, "b");
    json_end(&b.w);
    expect_text(&b, "[\n\"a\",\n\"b\"\n]");
    open_buffer(&b);
    json_array(&b.w, NULL, 0);
    json_end(&b.w);
    expect_text(&b, "[]");
}

static void test_strings_are_escaped(void **state) {
    (void)state;
    Buffer b;
    open_buffer(&b);
    json_object(&b.w, NULL, JSON_COMPACT);
    json_str(&b.w, "s", "q\"b\\n\n\t\r\x1b[2J\x7f é");
    json_end(&b.w);
    expect_text(&b, "{\"s\":\"q\\\"b\\\\n\\n\\t\\r\\u001b[2J\\u007f é\"}");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_object),
        cmocka_unit_test(test_lines_and_indent),
        cmocka_unit_test(test_one_a_line),
        cmocka_unit_test(test_strings_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
