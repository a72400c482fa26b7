/* test_lexer.c -- the scanner, seen through syntax_parse(): what each kind
 * of text becomes, where it is, and what a mistake in it says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "parse_fixture.h"

    return f->all;
}

static void test_comments(void **state) {
    Fixture *f = *state;
    parse(f, "# a comment\nhold 5s; // another\n// hold 9s;\n#hold 9s;");
    assert_string_equal(seen(f), "");
    assert_string_equal(f->dump, "hold @2:1-2:8\n"
                                 "  mode fixed\n"
                                 "  ms 5000 (5s) @2:6\n");
}

static void test_typographic_quotes(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "cue \xE2\x80\x9C" "Lift \"slowly\"\xE2\x80\x9D;\n"
                       "note \xE2\x80\x9D" "Both right quotes\xE2\x80\x9D;");
    assert_string_equal(seen(f), "");
    assert_string_equal(n->as.text.text.s, "Lift \"slowly\"");
    assert_int_equal(n->as.text.text.loc.col, 5);
    assert_int_equal(n->as.text.text.loc.end_col, 23); /* columns count bytes */
    assert_string_equal(n->next->as.text.text.s, "Both right quotes");
}

static void test_string_concatenation(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "cue \"Slowly raise your knee \"\n    \"to your chest.\";");
    assert_string_equal(seen(f), "");
    Str text = n->as.text.text;
    assert_string_equal(text.s, "Slowly raise your knee to your chest.");
    assert_int_equal(text.len, strlen(text.s));
    assert_int_equal(text.loc.line, 1);
    assert_int_equal(text.loc.col, 5);
    assert_int_equal(text.loc.end_line, 2);
    assert_int_equal(text.loc.end_col, 20);
}

static void test_escapes(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "cue \"say \\\"hi\\\"\\n\\tback\\\\slash\";");
    assert_string_equal(seen(f), "");
    assert_string_equal(n->as.text.text.s, "say \"hi\"\n\tback\\slash");
    parse(f, "cue \"a\\qb\";");
    assert_string_equal(seen(f), "1:7: unknown escape `\\q` in a text | write \\\\ for a backslash\n");
}

static void test_number_overflow(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "repeat 99999999999999999999999; repeat 18446744073709551615; "
                       "repeat 18446744073709551616;");
    assert_string_equal(seen(f), ""); /* the semantic pass words it */
    assert_true(n->as.repeat.count.overflow);
    assert_int_equal(n->as.repeat.count.value, UINT64_MAX);
    assert_false(n->next->as.repeat.count.overflow);
    assert_int_equal(n->next->as.repeat.count.value, UINT64_MAX);
    assert_true(n->next->next->as.repeat.count.overflow);
}

static void test_durations(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "hold 1m30s; hold 5 seconds; hold 2\tmin; rest 1h30min; "
                       "hold 99999999999999999999h;");
    assert_string_equal(seen(f), "");
    assert_int_equal(n->as.hold.ms.value, 90000);
    n = n->next;
    assert_int_equal(n->as.hold.ms.value, 5000);
    assert_int_equal(n->as.hold.ms.loc.col, 18);
    assert_int_equal(n->as.hold.ms.loc.end_col, 26); /* `5 seconds` is one token */
    assert_int_equal(n->next->as.hold.ms.value, 120000);
    assert_int_equal(n->next->next->as.rest.ms.value, 5400000);
    assert_true(n->next->next->next->as.hold.ms.overflow);
}

static void test_number_then_word(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "repeat 5 times each side;");
    assert_string_equal(seen(f), "");
    assert_int_equal(n->as.repeat.count.value, 5);
    assert_int_equal(n->as.repeat.count.loc.col, 8);
    assert_int_equal(n->as.repeat.count.loc.end_col, 8);
    assert_int_equal(n->as.repeat.sides, SIDES_EACH);
}

static void test_bad_unit(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "hold 5x; hold 1m30; repeat 3;");
    assert_string_equal(seen(f),
        "1:6: unknown unit `x` in `5x`: use s, min or h | if `x` is a word, put a space before it\n"
        "1:15: missing unit at the end of `1m30`: use s, min or h\n");
    /* read as a duration all the same: no second error */
    assert_int_equal(n->kind, NODE_HOLD);
    assert_int_equal(n->next->kind, NODE_HOLD);
    assert_int_equal(n->next->next->kind, NODE_REPEAT);
}

static void test_unterminated_string(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"A\" {\n  cue \"Lift slowly;\n  hold 5s;\n}\n");
    assert_string_equal(seen(f), "2:7: unterminated text | close it with \" on the same line\n");
    /* the rest of the file reads normally */
    Node *body = n->as.exercise.body;
    assert_string_equal(body->as.text.text.s, "Lift slowly;");
    assert_int_equal(body->next->kind, NODE_HOLD);
    parse(f, "cue \"ends with backslash\\");
    assert_int_equal(f->n_seen, 2);
    assert_string_equal(f->seen[1], "1:5: unterminated text | close it with \" on the same line");
}

static void test_unexpected_characters(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "hold @ 5s;\nhold \xC3\xA9 5s;\ncue 'y';\n");
    assert_string_equal(seen(f),
                        "1:6: unexpected character `@`\n"
                        "2:6: unexpected character `\xC3\xA9`\n"
                        "3:5: unexpected character `'` | put texts in double quotes: \"...\"\n"
                        "3:6: unexpected word `y`, expected a quoted text\n"
                        "3:7: unexpected character `'` | put texts in double quotes: \"...\"\n");
    assert_int_equal(n->as.hold.ms.value, 5000); /* scanning went on */
    assert_int_equal(n->next->as.hold.ms.value, 5000);
}

static void test_invalid_utf8(void **state) {
    Fixture *f = *state;
    parse(f, "cue \"ok \xFF\xFE\";\nhold 5s; \xC3\x28\n");
    assert_string_equal(seen(f),
        "1:9: text is not valid UTF-8 (save the file as UTF-8)\n"
        "2:10: unexpected character `\\xC3`: the file is not valid UTF-8 | save the file as UTF-8\n"
        "2:11: unexpected character `(`\n");
}

static void test_nul_bytes(void **state) {
    Fixture *f = *state;
    static const char text[] = "cue \"a\0b\";\nhold\0 5s;\n";
    Node *n = parse_bytes(f, text, sizeof text - 1);
    assert_string_equal(seen(f), "1:7: a text cannot contain a NUL byte | remove it (the file may be damaged)\n"
                                 "2:5: unexpected character `\\x00`\n");
    assert_int_equal(n->as.text.text.len, 3);
    assert_int_equal(n->next->as.hold.ms.value, 5000);
}

static void test_string_too_long(void **state) {
    Fixture *f = *state;
    size_t n = MAX_STRING_BYTES + 1;
    char *text = malloc(n + 16);
    assert_non_null(text);
    memcpy(text, "cue \"", 5);
    memset(text + 5, 'x', n);
    memcpy(text + 5 + n, "\";", 3);
    parse(f, text);
    char want[128];
    snprintf(want, sizeof want,
             "1:5: this text is too long (%zu bytes; at most %u) | split it into several cues or notes\n",
             n, (unsigned)MAX_STRING_BYTES);
    assert_string_equal(seen(f), want);
    text[5 + n - 1] = '"'; /* exactly the limit */
    text[5 + n] = ';';
    text[5 + n + 1] = '\0';
    f->n_seen = 0;
    parse(f, text);
    assert_string_equal(seen(f), "");
    free(text);
}

static void test_concatenation_too_long(void **state) {
    Fixture *f = *state;
    size_t half = MAX_STRING_BYTES / 2 + 1;
    char *text = malloc(2 * half + 16);
    assert_non_null(text);
    size_t at = 0;
    memcpy(text, "cue \"", 5), at = 5;
    memset(text + at, 'x', half), at += half;
    memcpy(text + at, "\" \"", 3), at += 3;
    memset(text + at, 'y', half), at += half;
    memcpy(text + at, "\";", 3);
    Node *node = parse(f, text);
    char want[128];
    snprintf(want, sizeof want,
             "1:5: this text is too long (%zu bytes; at most %u) | split it into several cues or notes\n",
             2 * half, (unsigned)MAX_STRING_BYTES);
    assert_string_equal(seen(f), want);
    assert_int_equal(node->as.text.text.len, 2 * half);
    free(text);
}

static void test_positions(void **state) {
    Fixture *f = *state;
    /* a tab is one column; CRLF ends a line; a BOM and a no-break space
     * (pasted from word processors) are blanks */
    Node *n = parse(f, "\xEF\xBB\xBFhold 5s;\r\n\trepeat\xC2\xA0" "3;\r\n");
    assert_string_equal(seen(f), "");
    assert_int_equal(n->loc.line, 1);
    assert_int_equal(n->loc.col, 4);
    Loc l = n->next->loc;
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 2);
    assert_int_equal(l.end_col, 11);
    assert_int_equal(n->next->as.repeat.count.loc.col, 10);
}

static void test_words_and_keywords(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"E\" stretch-2_b { kind hold_me; }");
    assert_string_equal(seen(f), "");
    assert_string_equal(n->as.exercise.kind.s, "stretch-2_b");
    assert_string_equal(n->as.exercise.body->as.kind.word.s, "hold_me");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typographic_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_concatenation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_overflow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_durations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_then_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unexpected_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_too_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concatenation_too_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_and_keywords, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
