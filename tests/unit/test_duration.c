/* test_duration.c -- durations as written and as printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "duration.h"

static uint64_t parse_ok(const char *text) {
    uint64_t ms = 7;
    bool overflow = true;
    const char *bad = text;
    size_t bad_len = 99;
    assert_true(duration_parse(text, strlen(text), &ms, &overflow, &bad, &bad_len));
    assert_false(overflow);
    assert_null(bad);
    return ms;
}

static void test_simple_units(void **state) {
    (void)state;
    assert_int_equal(parse_ok("5s"), 5000);
    assert_int_equal(parse_ok("90s"), 90000);
    assert_int_equal(parse_ok("500ms"), 500);
    assert_int_equal(parse_ok("2min"), 120000);
    assert_int_equal(parse_ok("2mins"), 120000);
    assert_int_equal(parse_ok("3m"), 180000);
    assert_int_equal(parse_ok("1h"), 3600000);
    assert_int_equal(parse_ok("5sec"), 5000);
    assert_int_equal(parse_ok("5secs"), 5000);
    assert_int_equal(parse_ok("0s"), 0);
}

static void test_compound(void **state) {
    (void)state;
    assert_int_equal(parse_ok("1m30s"), 90000);
    assert_int_equal(parse_ok("1h30min"), 5400000);
    assert_int_equal(parse_ok("1h5m30s"), 3930000);
    assert_int_equal(parse_ok("1s500ms"), 1500);
}

static void test_decimal_fractions(void **state) {
    (void)state;
    assert_int_equal(parse_ok("1.5s"), 1500);
    assert_int_equal(parse_ok("0.5min"), 30000);
    assert_int_equal(parse_ok("2.25h"), 8100000);
    assert_int_equal(parse_ok("1.0005s"), 1000); /* below a millisecond: dropped */
    assert_int_equal(parse_ok("1.5m30s"), 120000);
}

static void test_spaced_words(void **state) {
    (void)state;
    assert_int_equal(parse_ok("5 seconds"), 5000);
    assert_int_equal(parse_ok("1 second"), 1000);
    assert_int_equal(parse_ok("2 minutes"), 120000);
    assert_int_equal(parse_ok("1 minute"), 60000);
    assert_int_equal(parse_ok("10 min"), 600000);
    assert_int_equal(parse_ok("10\tmins"), 600000);
    assert_int_equal(parse_ok("1 hour"), 3600000);
    assert_int_equal(parse_ok("2 hours"), 7200000);
}

static void test_unknown_unit(void **state) {
    (void)state;
    uint64_t ms;
    bool overflow;
    const char *bad;
    size_t bad_len;
    const char *text = "5x";
    assert_false(duration_parse(text, 2, &ms, &overflow, &bad, &bad_len));
    assert_ptr_equal(bad, text + 1);
    assert_int_equal(bad_len, 1);
    assert_int_equal(ms, 5000); /* counted as seconds so callers go on */
    text = "1m30parsecs";
    assert_false(duration_parse(text, strlen(text), &ms, &overflow, &bad, &bad_len));
    assert_int_equal(bad_len, 7);
    assert_memory_equal(bad, "parsecs", 7);
    assert_false(duration_parse("5S", 2, &ms, &overflow, &bad, &bad_len)); /* units are lower case */
}

static void test_missing_unit(void **state) {
    (void)state;
    uint64_t ms;
    bool overflow;
    const char *bad;
    size_t bad_len;
    const char *text = "1h30";
    assert_false(duration_parse(text, 4, &ms, &overflow, &bad, &bad_len));
    assert_ptr_equal(bad, text + 4);
    assert_int_equal(bad_len, 0);
}

static void test_overflow_saturates(void **state) {
    (void)state;
    uint64_t ms = 0;
    bool overflow = false;
    const char *bad;
    size_t bad_len;
    const char *huge = "99999999999999999999999h";
    assert_true(duration_parse(huge, strlen(huge), &ms, &overflow, &bad, &bad_len));
    assert_true(overflow);
    assert_int_equal(ms, UINT64_MAX);
    const char *big = "5124095576030431h"; /* fits as a number, not in ms */
    assert_true(duration_parse(big, strlen(big), &ms, &overflow, &bad, &bad_len));
    assert_true(overflow);
    const char *sum = "18446744073709551615ms1ms"; /* each part fits; the sum does not */
    assert_true(duration_parse(sum, strlen(sum), &ms, &overflow, &bad, &bad_len));
    assert_true(overflow);
}

static void expect_format(uint64_t ms, const char *want) {
    char buf[64];
    assert_string_equal(duration_format(ms, buf, sizeof buf), want);
    /* and it reads back */
    uint64_t back;
    bool overflow;
    const char *bad;
    size_t bad_len;
    assert_true(duration_parse(buf, strlen(buf), &back, &overflow, &bad, &bad_len));
    assert_int_equal(back, ms);
}

static void test_format(void **state) {
    (void)state;
    expect_format(0, "0s");
    expect_format(5000, "5s");
    expect_format(90000, "1m30s");
    expect_format(120000, "2min");
    expect_format(3600000, "1h");
    expect_format(500, "500ms");
    expect_format(3900000, "1h5min");
    expect_format(5400000, "1h30min");
    expect_format(3630000, "1h30s");
    expect_format(1500, "1s500ms");
    expect_format(UINT64_MAX, "5124095576030h25m51s615ms");
}

static void test_format_truncates(void **state) {
    (void)state;
    char buf[4];
    assert_string_equal(duration_format(90000, buf, sizeof buf), "1m3");
    char one[1] = {'x'};
    assert_string_equal(duration_format(90000, one, 1), "");
}

/* The one m:ss formatter the plan, the text events and the screen share. */
static void test_clock(void **state) {
    (void)state;
    char buf[32];
    assert_string_equal(duration_clock(0, buf, sizeof buf), "0:00");
    assert_string_equal(duration_clock(65, buf, sizeof buf), "1:05");
    assert_string_equal(duration_clock(3599, buf, sizeof buf), "59:59");
    assert_string_equal(duration_clock(3600 + 125, buf, sizeof buf), "1:02:05");
    assert_string_equal(duration_clock(UINT64_MAX, buf, sizeof buf), "5124095576030431:00:15");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_units),    cmocka_unit_test(test_compound),
        cmocka_unit_test(test_decimal_fractions), cmocka_unit_test(test_spaced_words),    cmocka_unit_test(test_unknown_unit),
        cmocka_unit_test(test_missing_unit),    cmocka_unit_test(test_overflow_saturates),
        cmocka_unit_test(test_format),          cmocka_unit_test(test_format_truncates),
        cmocka_unit_test(test_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
