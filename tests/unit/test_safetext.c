/* test_safetext.c -- the one sanitiser for text that reaches a terminal:
 * what a terminal would act on becomes '?', what prints is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "safetext.h"

static void expect_safe(const char *in, unsigned keep, const char *want) {
    char *got = safe_text_dup(in, strlen(in), keep);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    safe_text_write(out, in, strlen(in), keep);
    fclose(out);
    assert_string_equal(text, want);
    free(text);
}

static void test_printable_text_is_kept(void **state) {
    (void)state;
    expect_safe("Knee to chest, 5 s", 0, "Knee to chest, 5 s");
    expect_safe("genou \xc3\xa0 la poitrine \xe2\x80\x94 \xf0\x9f\x98\x80", 0,
                "genou \xc3\xa0 la poitrine \xe2\x80\x94 \xf0\x9f\x98\x80");
    expect_safe("", 0, "");
}

static void test_c0_and_del_become_question_marks(void **state) {
    (void)state;
    expect_safe("a\033[2Jb", 0, "a?[2Jb");
    expect_safe("\033]0;title\007", 0, "?]0;title?");
    expect_safe("x\177\010\r", 0, "x???");
    expect_safe("l1\nl2\tx", 0, "l1?l2?x");
    expect_safe("l1\nl2\tx", SAFE_TEXT_NEWLINE | SAFE_TEXT_TAB, "l1\nl2\tx");
    expect_safe("l1\nl2\tx", SAFE_TEXT_TAB, "l1?l2\tx");
}

static void test_c1_and_bidi_become_question_marks(void **state) {
    (void)state;
    expect_safe("a\xc2\x9b" "31mb", 0, "a?31mb");          /* U+009B CSI */
    expect_safe("a\xc2\x80\xc2\x9f", 0, "a??");
    expect_safe("abc\xe2\x80\xae" "def", 0, "abc?def");   /* U+202E RLO */
    expect_safe("\xe2\x81\xa6x\xe2\x81\xa9", 0, "?x?");    /* U+2066, U+2069 */
    expect_safe("\xd8\x9c\xe2\x80\x8f", 0, "??");          /* U+061C, U+200F */
    expect_safe("\xc2\xa0ok", 0, "\xc2\xa0ok");            /* U+00A0 prints */
}

static void test_invalid_utf8_becomes_one_mark_per_byte(void **state) {
    (void)state;
    expect_safe("a\x9b" "b", 0, "a?b");                   /* a lone 0x9B */
    expect_safe("\xc0\xaf", 0, "??");                     /* overlong */
    expect_safe("\xed\xa0\x80", 0, "???");                /* surrogate */
    expect_safe("\xe2\x80", 0, "??");                     /* cut short */
    expect_safe("\xf4\x90\x80\x80", 0, "????");           /* above U+10FFFF */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printable_text_is_kept),
        cmocka_unit_test(test_c0_and_del_become_question_marks),
        cmocka_unit_test(test_c1_and_bidi_become_question_marks),
        cmocka_unit_test(test_invalid_utf8_becomes_one_mark_per_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
