/* test_parser.c -- the grammar: every statement form, the exact tree and
 * positions it gives, and what each kind of syntax error says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "parser.h" /* SYNTAX_MAX_ERRORS */
#include "parse_fixture.h"

    return f->all;
}

/* Each statement form, and the tree it gives (as ast_dump prints it). */
static const struct {
    const char *source;
    const char *dump;
} forms[] = {
    {"routine \"R\" { }",
     "routine @1:1-1:15\n"
     "  title \"R\" @1:9\n"},
    {"section \"S\" level advanced { hold 5s }",
     "section @1:1-1:38\n"
     "  name \"S\" @1:9\n"
     "  level advanced @1:19\n"
     "  hold @1:30-1:36\n"
     "    mode fixed\n"
     "    ms 5000 (5s) @1:35\n"},
    {"section \"S\" { }",
     "section @1:1-1:15\n"
     "  name \"S\" @1:9\n"},
    {"exercise \"E\" stretch { hold 5s; repeat 10 each side }",
     "exercise @1:1-1:53\n"
     "  name \"E\" @1:10\n"
     "  kind stretch @1:14\n"
     "  hold @1:24-1:31\n"
     "    mode fixed\n"
     "    ms 5000 (5s) @1:29\n"
     "  repeat @1:33-1:51\n"
     "    count 10 @1:40\n"
     "    sides each side\n"},
    {"exercise \"E\" { }",
     "exercise @1:1-1:16\n"
     "  name \"E\" @1:10\n"},
    {"do \"Bridge\";",
     "do @1:1-1:12\n"
     "  name \"Bridge\" @1:4\n"},
    {"do \"Bridge\" variant \"Easy\";",
     "do @1:1-1:27\n"
     "  name \"Bridge\" @1:4\n"
     "  variant \"Easy\" @1:21\n"},
    {"do \"Bridge\" { hold 3s; }",
     "do @1:1-1:24\n"
     "  name \"Bridge\" @1:4\n"
     "  hold @1:15-1:22\n"
     "    mode fixed\n"
     "    ms 3000 (3s) @1:20\n"},
    {"circuit \"Legs\" 3 rounds { }",
     "circuit @1:1-1:27\n"
     "  name \"Legs\" @1:9\n"
     "  rounds 3 @1:16\n"},
    {"circuit 2 round { }",
     "circuit @1:1-1:19\n"
     "  rounds 2 @1:9\n"},
    {"variant \"Easy\" level beginner { }",
     "variant @1:1-1:33\n"
     "  name \"Easy\" @1:9\n"
     "  level beginner @1:22\n"},
    {"include \"lib.rt\";",
     "include @1:1-1:17\n"
     "  path \"lib.rt\" @1:9\n"},
    {"cue \"c\"; breathe \"b\"; position \"p\"; note \"n\"; safety \"s\"; when \"w\"; therapist \"t\";",
     "text @1:1-1:8\n"
     "  role cue\n"
     "  text \"c\" @1:5\n"
     "text @1:10-1:21\n"
     "  role breathe\n"
     "  text \"b\" @1:18\n"
     "text @1:23-1:35\n"
     "  role position\n"
     "  text \"p\" @1:32\n"
     "text @1:37-1:45\n"
     "  role note\n"
     "  text \"n\" @1:42\n"
     "text @1:47-1:57\n"
     "  role safety\n"
     "  text \"s\" @1:54\n"
     "text @1:59-1:67\n"
     "  role when\n"
     "  text \"w\" @1:64\n"
     "text @1:69-1:82\n"
     "  role therapist\n"
     "  text \"t\" @1:79\n"},
    {"hold 5s; hold about 5s; hold up to 10s; hold as long as you can;",
     "hold @1:1-1:8\n"
     "  mode fixed\n"
     "  ms 5000 (5s) @1:6\n"
     "hold @1:10-1:23\n"
     "  mode fixed\n"
     "  ms 5000 (5s) @1:21\n"
     "hold @1:25-1:39\n"
     "  mode up to\n"
     "  ms 10000 (10s) @1:36\n"
     "hold @1:41-1:64\n"
     "  mode open\n"},
    {"repeat 10; repeat 10 times; repeat 10 each side; repeat 10 times on each side; repeat 10 alternating; repeat 10 alternating sides; repeat 10 each side alternating; repeat 10 left only; repeat 10 right side only;",
     "repeat @1:1-1:10\n"
     "  count 10 @1:8\n"
     "  sides none\n"
     "repeat @1:12-1:27\n"
     "  count 10 @1:19\n"
     "  sides none\n"
     "repeat @1:29-1:48\n"
     "  count 10 @1:36\n"
     "  sides each side\n"
     "repeat @1:50-1:78\n"
     "  count 10 @1:57\n"
     "  sides each side\n"
     "repeat @1:80-1:101\n"
     "  count 10 @1:87\n"
     "  sides alternating\n"
     "repeat @1:103-1:130\n"
     "  count 10 @1:110\n"
     "  sides alternating\n"
     "repeat @1:132-1:163\n"
     "  count 10 @1:139\n"
     "  sides each side alternating\n"
     "repeat @1:165-1:184\n"
     "  count 10 @1:172\n"
     "  sides left only\n"
     "repeat @1:186-1:211\n"
     "  count 10 @1:193\n"
     "  sides right only\n"},
    {"sets 3;",
     "sets @1:1-1:7\n"
     "  count 3 @1:6\n"},
    {"rest 30s; rest 2s between reps; rest 5s between sides; rest 30s between sets; rest 1min between rounds; rest 10s between exercises; rest 20s after;",
     "rest @1:1-1:9\n"
     "  ms 30000 (30s) @1:6\n"
     "  scope step\n"
     "rest @1:11-1:31\n"
     "  ms 2000 (2s) @1:16\n"
     "  scope between reps\n"
     "rest @1:33-1:54\n"
     "  ms 5000 (5s) @1:38\n"
     "  scope between sides\n"
     "rest @1:56-1:77\n"
     "  ms 30000 (30s) @1:61\n"
     "  scope between sets\n"
     "rest @1:79-1:103\n"
     "  ms 60000 (1min) @1:84\n"
     "  scope between rounds\n"
     "rest @1:105-1:131\n"
     "  ms 10000 (10s) @1:110\n"
     "  scope between exercises\n"
     "rest @1:133-1:147\n"
     "  ms 20000 (20s) @1:138\n"
     "  scope after\n"},
    {"tempo 3s;",
     "tempo @1:1-1:9\n"
     "  ms 3000 (3s) @1:7\n"},
    {"at own pace; at your own pace per rep; at own pace per set;",
     "at own pace @1:1-1:12\n"
     "  per rep\n"
     "at own pace @1:14-1:38\n"
     "  per rep\n"
     "at own pace @1:40-1:59\n"
     "  per set\n"},
    {"get ready 5s;",
     "get ready @1:1-1:13\n"
     "  ms 5000 (5s) @1:11\n"},
    {"side \"knee\"; left side \"left arm\"; right side \"right leg\"; left side first; right side first;",
     "side @1:1-1:12\n"
     "  part \"knee\" @1:6\n"
     "side @1:14-1:34\n"
     "  side left\n"
     "  label \"left arm\" @1:24\n"
     "side @1:36-1:58\n"
     "  side right\n"
     "  label \"right leg\" @1:47\n"
     "first @1:60-1:75\n"
     "  side left\n"
     "first @1:77-1:93\n"
     "  side right\n"},
    {"build up to 20; build up to 20 times by 5 when \"no pain\"; build up to 10s; build up to 30s holds by 5s when \"easy\";",
     "build up @1:1-1:15\n"
     "  target reps\n"
     "  to 20 @1:13\n"
     "build up @1:17-1:57\n"
     "  target reps\n"
     "  to 20 @1:29\n"
     "  by 5 @1:41\n"
     "  when \"no pain\" @1:48\n"
     "build up @1:59-1:74\n"
     "  target hold\n"
     "  to 10000 (10s) @1:71\n"
     "build up @1:76-1:115\n"
     "  target hold\n"
     "  to 30000 (30s) @1:88\n"
     "  by 5000 (5s) @1:101\n"
     "  when \"easy\" @1:109\n"},
    {"schedule 10min a day, 10min to 30min per day, 2 times a day, 1 to 3 times per day, 3 days a week, 3 to 5 days per week, 1 day a week, in the morning;",
     "schedule @1:1-1:149\n"
     "  item daily time @1:10-1:20\n"
     "    lo 600000 (10min) @1:10\n"
     "  item daily time @1:23-1:44\n"
     "    lo 600000 (10min) @1:23\n"
     "    hi 1800000 (30min) @1:32\n"
     "  item times a day @1:47-1:59\n"
     "    lo 2 @1:47\n"
     "  item times a day @1:62-1:81\n"
     "    lo 1 @1:62\n"
     "    hi 3 @1:67\n"
     "  item days a week @1:84-1:96\n"
     "    lo 3 @1:84\n"
     "  item days a week @1:99-1:118\n"
     "    lo 3 @1:99\n"
     "    hi 5 @1:104\n"
     "  item days a week @1:121-1:132\n"
     "    lo 1 @1:121\n"
     "  item time of day @1:135-1:148\n"
     "    word morning @1:142\n"},
    {"allow RT102 \"reason\";",
     "allow @1:1-1:21\n"
     "  rule RT102 @1:7\n"
     "  reason \"reason\" @1:13\n"},
    {"kind strength;",
     "kind @1:1-1:14\n"
     "  word strength @1:6\n"},
};

static void test_every_statement_form(void **state) {
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        /* a fresh compilation each time: tests may shrink MAX_FILES */
        teardown(state);
        assert_int_equal(setup(state), 0);
        Fixture *f = *state;
        parse(f, forms[i].source);
        assert_string_equal(seen(f), "");
        assert_string_equal(f->dump, forms[i].dump);
    }
}

static void test_hold_and_repeat_in_exercise(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"Knee to chest\" {\n    hold 5s; repeat 10 each side\n}\n");
    assert_string_equal(seen(f), "");
    assert_string_equal(f->dump, "exercise @1:1-3:1\n"
                                 "  name \"Knee to chest\" @1:10\n"
                                 "  hold @2:5-2:12\n"
                                 "    mode fixed\n"
                                 "    ms 5000 (5s) @2:10\n"
                                 "  repeat @2:14-2:32\n"
                                 "    count 10 @2:21\n"
                                 "    sides each side\n");
    assert_null(n->next);
}

static void test_optional_final_semicolon(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "section \"S\" { hold 5s }\nsets 3");
    assert_string_equal(seen(f), "");
    assert_int_equal(n->as.section.body->kind, NODE_HOLD);
    assert_int_equal(n->next->kind, NODE_SETS);
    /* stray semicolons harm nobody */
    n = parse(f, ";; exercise \"E\" { ; hold 5s;; };");
    assert_string_equal(seen(f), "");
    assert_int_equal(n->as.exercise.body->kind, NODE_HOLD);
    assert_null(n->next);
}

static void test_empty_file(void **state) {
    Fixture *f = *state;
    assert_null(parse(f, ""));
    assert_null(parse(f, "  \n\t# only a comment\n// and another\n"));
    assert_string_equal(seen(f), "");
    assert_string_equal(f->dump, "");
}

static void test_several_errors_all_reported(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"A\" {\n"
                       "  hodl 5s;\n"
                       "  repeat lots;\n"
                       "  hold 5;\n"
                       "}\n"
                       "section \"B\" {\n"
                       "  cue \"ok\";\n"
                       "  rest 5s betwen sets;\n"
                       "}\n");
    assert_string_equal(seen(f),
        "2:3: unexpected word `hodl`, expected a statement such as `hold`, `repeat`, `cue` | did you mean `hold`?\n"
        "3:10: unexpected word `lots`, expected a number, `up` or `as`\n"
        "4:8: `hold` needs a duration, and this number has no unit | give a unit, as in `hold 5s;` (s, min or h)\n"
        "8:11: unexpected word `betwen`, expected `to`, `between`, `after` or `;` | did you mean `between`?\n");
    /* what could be read is kept */
    assert_int_equal(n->kind, NODE_EXERCISE);
    assert_int_equal(n->next->as.section.body->kind, NODE_TEXT);
}

static void test_errors_inside_a_broken_block(void **state) {
    Fixture *f = *state;
    parse(f, "exercise \"A\" stretch extra { hodl 3s; }\nHold 5s;\n");
    assert_string_equal(seen(f),
        "1:22: unexpected word `extra`, expected `{`\n"
        "1:30: unexpected word `hodl`, expected a statement such as `hold`, `repeat`, `cue` | did you mean `hold`?\n"
        "2:1: unexpected word `Hold`, expected a statement such as `hold`, `repeat`, `cue` | write `hold` in lower case\n");
}

static void test_unclosed_block_at_eof(void **state) {
    Fixture *f = *state;
    parse(f, "section \"Initial exercises\" {\n"
             "  exercise \"Knee\" {\n"
             "    hold 5s;\n"
             "  }\n"
             "  repeat 3\n");
    assert_string_equal(seen(f),
        "5:11: expected `}` before the end of the file | the block of section \"Initial exercises\" "
        "opened at line 1 is never closed\n");
    /* also after an error that recovery skipped to the end */
    f->n_seen = 0;
    parse(f, "circuit 3 rounds {\n  hodl");
    assert_string_equal(seen(f),
        "2:3: unexpected word `hodl`, expected a statement such as `hold`, `repeat`, `cue` | did you mean `hold`?\n"
        "2:7: expected `}` before the end of the file | the block of circuit opened at line 1 is never closed\n");
}

static void test_missing_semicolon(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"A\" {\n  hold 5s\n  repeat 10 each side;\n  sets 3 rest 5s;\n}\n");
    assert_string_equal(seen(f), "2:10: expected `;` after `hold 5s`\n"
                                 "4:9: expected `;` after `sets 3`\n");
    /* read as if the `;` were there */
    Node *body = n->as.exercise.body;
    assert_int_equal(body->kind, NODE_HOLD);
    assert_int_equal(body->next->kind, NODE_REPEAT);
    assert_int_equal(body->next->next->kind, NODE_SETS);
    assert_int_equal(body->next->next->next->kind, NODE_REST);
    f->n_seen = 0;
    parse(f, "cue \"a long text that does not fit in a message\"\nhold 5s;");
    assert_string_equal(seen(f), "1:49: expected `;` after this `cue` statement\n");
}

static void test_did_you_mean(void **state) {
    Fixture *f = *state;
    parse(f, "exercise \"A\" { repaet 10; }\n"
             "section \"S\" levle hard { }\n"
             "repeat 10 each sides;\n"
             "set 3;\n"
             "frobnicate 3;\n");
    assert_string_equal(seen(f),
        "1:16: unexpected word `repaet`, expected a statement such as `hold`, `repeat`, `cue` | did you mean `repeat`?\n"
        "2:13: unexpected word `levle`, expected a quoted text, `{`, `level` or `requires` | did you mean `level`?\n"
        "3:16: unexpected `sides`, expected `side`, `leg`, `arm`, `foot` or `hand` | did you mean `side`?\n"
        "4:1: unexpected `set`, expected a statement such as `hold`, `repeat`, `cue` | did you mean `sets`?\n"
        "5:1: unexpected word `frobnicate`, expected a statement such as `hold`, `repeat`, `cue`\n");
}

static void test_count_with_unit(void **state) {
    Fixture *f = *state;
    parse(f, "repeat 10s;");
    assert_string_equal(seen(f), "1:8: unexpected duration `10s`, expected a number, `up` or `as` | "
                                 "a count has no unit: write just the number\n");
}

static void test_stray_closing_brace(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "hold 5s; }\nsets 3;\n");
    assert_string_equal(seen(f), "1:10: this `}` closes no block | remove it, or look for a missing `{` above\n");
    assert_int_equal(n->next->kind, NODE_SETS);
}

/* `{` nested `depth` deep, each inside a section. */
static char *nested(unsigned depth) {
    char *text = malloc(depth * 16 + 1);
    assert_non_null(text);
    char *p = text;
    for (unsigned i = 0; i < depth; i++)
        p += sprintf(p, "section \"s\" {\n");
    for (unsigned i = 0; i < depth; i++)
        *p++ = '}';
    *p = '\0';
    return text;
}

static void test_nesting_limit(void **state) {
    Fixture *f = *state;
    char *ok = nested(MAX_NESTING);
    assert_non_null(parse(f, ok));
    assert_string_equal(seen(f), "");
    free(ok);
    char *deep = nested(MAX_NESTING + 1);
    assert_null(parse(f, deep)); /* no tree deeper than later passes may walk */
    char want[160];
    snprintf(want, sizeof want,
             "%u:13: blocks are nested too deeply (more than %u levels) | "
             "move some exercises into a section of their own\n",
             (unsigned)MAX_NESTING + 1, (unsigned)MAX_NESTING);
    assert_string_equal(seen(f), want);
    free(deep);
}

static void test_too_many_errors(void **state) {
    Fixture *f = *state;
    char text[4 * (SYNTAX_MAX_ERRORS + 50) + 1];
    size_t at = 0;
    for (unsigned i = 0; i < SYNTAX_MAX_ERRORS + 50; i++)
        at += (size_t)sprintf(text + at, "@ ;\n");
    assert_null(parse(f, text));
    assert_int_equal(f->n_seen, SYNTAX_MAX_ERRORS + 1);
    assert_string_equal(f->seen[SYNTAX_MAX_ERRORS], "0:0: too many errors; stopped reading here");
}

static void test_long_flat_file(void **state) {
    /* left recursion: a long list neither grows the parser stack nor
     * takes quadratic time */
    Fixture *f = *state;
    const size_t N = MAX_SOURCE_BYTES / 9 < 200000 ? MAX_SOURCE_BYTES / 9 : 200000;
    char *text = malloc(N * 9 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < N; i++)
        memcpy(text + i * 9, "hold 5s;\n", 9);
    text[N * 9] = '\0';
    Node *n = parse(f, text);
    assert_string_equal(seen(f), "");
    size_t count = 0;
    for (; n; n = n->next)
        count++;
    assert_int_equal(count, N);
    free(text);
}

static void test_statement_and_number_locations(void **state) {
    Fixture *f = *state;
    Node *n = parse(f, "exercise \"E\" {\n  repeat 0\n    each side;\n}");
    Node *repeat = n->as.exercise.body;
    assert_int_equal(repeat->loc.line, 2);
    assert_int_equal(repeat->loc.col, 3);
    assert_int_equal(repeat->loc.end_line, 3);
    assert_int_equal(repeat->loc.end_col, 14); /* up to and with the `;` */
    assert_int_equal(repeat->as.repeat.count.loc.line, 2);
    assert_int_equal(repeat->as.repeat.count.loc.col, 10);
    assert_int_equal(n->loc.end_line, 4);
    assert_int_equal(n->loc.end_col, 1);
}

static void test_node_words(void **state) {
    (void)state;
    assert_string_equal(node_words[NODE_USE], "do");
    assert_string_equal(node_words[NODE_OWN_PACE], "at own pace");
    assert_string_equal(node_words[NODE_KIND], "kind");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_statement_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hold_and_repeat_in_exercise, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optional_final_semicolon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_errors_all_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_inside_a_broken_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_block_at_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_semicolon, setup, teardown),
        cmocka_unit_test_setup_teardown(test_did_you_mean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_with_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stray_closing_brace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_many_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_flat_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_and_number_locations, setup, teardown),
        cmocka_unit_test(test_node_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
