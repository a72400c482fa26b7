/* test_lint.c -- the linter: every rule's own examples, policies, -W
 * flags, suppressions, fix-its and the writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lint.h"

/* Lint `text` with `cfg` (NULL: defaults) into a fresh run. */
static void lint_string(LintRun *run, const LintConfig *cfg, const char *text) {
    LintConfig defaults;
    lint_config_init(&defaults);
    memset(run, 0, sizeof *run);
    assert_true(lint_text(run, cfg ? cfg : &defaults, "t.rt", text, strlen(text)));
    lint_run_sort(run);
    lint_config_free(&defaults);
}

static const LintFinding *find_rule(const LintRun *run, LintRuleId rule) {
    for (size_t i = 0; i < run->n; i++)
        if (run->items[i].rule == rule)
            return &run->items[i];
    return NULL;
}

static bool triggers(const char *text, LintRuleId rule, const LintConfig *cfg) {
    LintRun run;
    lint_string(&run, cfg, text);
    bool found = find_rule(&run, rule) != NULL;
    lint_run_free(&run);
    return found;
}

/* Every rule's "bad" example triggers it, and its "good" one does not:
 * the examples --explain prints are true. */
static void test_rule_examples(void **state) {
    (void)state;
    for (int r = 0; r < LINT__COUNT; r++) {
        const LintRule *rule = &lint_rules[r];
        LintConfig cfg; /* a rule off by default is turned on for its examples */
        lint_config_init(&cfg);
        if (cfg.level[r] == LINT_OFF)
            cfg.level[r] = LINT_WARNING;
        if (!triggers(rule->bad, (LintRuleId)r, &cfg))
            fail_msg("%s: its bad example does not trigger it", rule->id);
        if (triggers(rule->good, (LintRuleId)r, &cfg))
            fail_msg("%s: its good example triggers it", rule->id);
        lint_config_free(&cfg);
    }
}

static void test_rule_table_is_complete(void **state) {
    (void)state;
    for (int r = 0; r < LINT__COUNT; r++) {
        const LintRule *rule = &lint_rules[r];
        assert_non_null(rule->id);
        assert_non_null(rule->name);
        assert_non_null(rule->rationale);
        assert_non_null(rule->source);
        assert_non_null(rule->strength);
        assert_int_equal(lint_rule_find(rule->id), r);
        assert_int_equal(lint_rule_find(rule->name), r);
    }
    assert_int_equal(lint_rule_find("rt102"), LINT_RT102);
    assert_int_equal(lint_rule_find("RT999"), -1);
}

static const char *plank(void) {
    return "routine \"R\" {\n"
           "    safety \"Stop if it hurts.\";\n"
           "    exercise \"Plank\" strength {\n"
           "        cue \"Straight line.\"; breathe \"Keep breathing.\";\n"
           "        hold 15s;\n"
           "        repeat 3;\n"
           "    }\n"
           "}\n";
}

static void test_policy_threshold_allows_longer_hold(void **state) {
    (void)state;
    assert_true(triggers(plank(), LINT_RT102, NULL));
    LintConfig cfg;
    lint_config_init(&cfg);
    LintOrigin from = {"test", 1};
    bool bad = false;
    assert_null(lint_policy_set(&cfg, "RT102.max_hold", "20s", from, &bad));
    assert_int_equal(cfg.param[LINT_RT102][0], 20000);
    assert_false(triggers(plank(), LINT_RT102, &cfg));
    lint_config_free(&cfg);
}

static void test_policy_levels_by_name_and_id(void **state) {
    (void)state;
    LintConfig cfg;
    lint_config_init(&cfg);
    LintOrigin from = {"test", 1};
    bool bad = false;
    assert_null(lint_policy_set(&cfg, "long-isometric-hold", "off", from, &bad));
    assert_false(triggers(plank(), LINT_RT102, &cfg));
    assert_null(lint_policy_set(&cfg, "RT102", "error", from, &bad));
    LintRun run;
    lint_string(&run, &cfg, plank());
    const LintFinding *f = find_rule(&run, LINT_RT102);
    assert_non_null(f);
    assert_int_equal(f->level, LINT_ERROR);
    lint_run_free(&run);
    lint_config_free(&cfg);
}

static void test_policy_rejects_bad_input(void **state) {
    (void)state;
    LintConfig cfg;
    lint_config_init(&cfg);
    LintOrigin from = {"test", 1};
    bool bad = false;
    assert_non_null(lint_policy_set(&cfg, "RT999", "off", from, &bad));
    assert_false(bad);
    assert_non_null(lint_policy_set(&cfg, "RT102", "loud", from, &bad));
    assert_true(bad);
    assert_non_null(lint_policy_set(&cfg, "RT102.max_hold", "20x", from, &bad));
    assert_true(bad);
    assert_non_null(lint_policy_set(&cfg, "RT102.nonsense", "20s", from, &bad));
    assert_int_equal(cfg.param[LINT_RT102][0], 10000);
    lint_config_free(&cfg);
}

static void test_policy_file_error_has_position(void **state) {
    (void)state;
    char path[] = "/tmp/test_lint_policy_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "# clinic\nRT102.max_hold = 20s\n  RT104 = sometimes\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char err[512] = {0};
    FILE *mem = fmemopen(err, sizeof err - 1, "w");
    LintConfig cfg;
    lint_config_init(&cfg);
    assert_false(lint_policy_load(&cfg, path, mem));
    fclose(mem);
    assert_non_null(strstr(err, ":3:11: error: bad value `sometimes`"));
    assert_int_equal(cfg.param[LINT_RT102][0], 10000); /* nothing half-applied */
    lint_config_free(&cfg);
    unlink(path);
}

static void test_policy_file_applies_and_records_origin(void **state) {
    (void)state;
    char path[] = "/tmp/test_lint_policy_XXXXXX";
    int fd = mkstemp(path);
    const char *text = "RT102.max_hold = 20s   # post-op\nRT201 = off\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    LintConfig cfg;
    lint_config_init(&cfg);
    assert_true(lint_policy_load(&cfg, path, stderr));
    assert_int_equal(cfg.param[LINT_RT102][0], 20000);
    assert_int_equal(cfg.param_from[LINT_RT102][0].line, 1);
    assert_int_equal(cfg.level[LINT_RT201], LINT_OFF);
    assert_int_equal(cfg.level_from[LINT_RT201].line, 2);
    lint_config_free(&cfg);
    unlink(path);
}

static void test_allow_suppresses_and_counts(void **state) {
    (void)state;
    const char *text = "routine \"R\" {\n"
                       "    safety \"Stop if it hurts.\";\n"
                       "    exercise \"Plank\" strength {\n"
                       "        allow RT102 \"supervised endurance test\";\n"
                       "        cue \"Straight line.\"; breathe \"Keep breathing.\";\n"
                       "        hold 15s; repeat 3;\n"
                       "    }\n"
                       "}\n";
    LintRun run;
    lint_string(&run, NULL, text);
    assert_null(find_rule(&run, LINT_RT102));
    assert_null(find_rule(&run, LINT_RT307));
    assert_int_equal(run.suppressed, 1);
    lint_run_free(&run);
}

static void test_allow_is_scoped_to_its_exercise(void **state) {
    (void)state;
    const char *text = "routine \"R\" {\n"
                       "    safety \"Stop if it hurts.\";\n"
                       "    exercise \"Plank\" strength { allow RT102 \"ok\"; cue \"x\"; breathe \"b\"; hold 15s; }\n"
                       "    exercise \"Side bridge\" strength { cue \"y\"; breathe \"b\"; hold 15s; }\n"
                       "}\n";
    LintRun run;
    lint_string(&run, NULL, text);
    const LintFinding *f = find_rule(&run, LINT_RT102);
    assert_non_null(f);
    assert_int_equal(f->loc.line, 4);
    lint_run_free(&run);
}

static void test_unused_and_reasonless_allows(void **state) {
    (void)state;
    const char *text = "routine \"R\" {\n"
                       "    safety \"Stop if it hurts.\";\n"
                       "    allow RT102 \"\";\n"
                       "    exercise \"A\" { cue \"x\"; }\n"
                       "}\n";
    LintRun run;
    lint_string(&run, NULL, text);
    assert_non_null(find_rule(&run, LINT_RT307));
    const LintFinding *f = find_rule(&run, LINT_RT308);
    assert_non_null(f);
    assert_int_equal(f->level, LINT_ERROR);
    lint_run_free(&run);
}

static void test_breath_hold_negation(void **state) {
    (void)state;
    const char *bad = "routine \"R\" { safety \"pain: stop\"; exercise \"A\" { cue \"Now hold your breath.\"; } }";
    const char *good = "routine \"R\" { safety \"pain: stop\"; exercise \"A\" { cue \"Never hold your breath.\"; "
                       "breathe \"Holding the tension, take another breath.\"; } }";
    assert_true(triggers(bad, LINT_RT105, NULL));
    assert_false(triggers(good, LINT_RT105, NULL));
}

static void test_breathing_fix_inserts_after_hold(void **state) {
    (void)state;
    const char *text = "routine \"R\" {\n"
                       "    safety \"Stop if it hurts.\";\n"
                       "    exercise \"Plank\" strength {\n"
                       "        cue \"Straight line.\";\n"
                       "        hold 10s;\n"
                       "    }\n"
                       "}\n";
    LintRun run;
    lint_string(&run, NULL, text);
    const LintFinding *f = find_rule(&run, LINT_RT104);
    assert_non_null(f);
    assert_non_null(f->fix);
    assert_int_equal(f->fix->n_edits, 1);
    const LintEdit *e = &f->fix->edits[0];
    assert_int_equal(e->line, 5);
    assert_int_equal(e->col, 18); /* just after `hold 10s;` */
    assert_int_equal(e->end_col, 18);
    assert_string_equal(e->text, "\n        breathe \"Keep breathing normally during the hold.\";");
    lint_run_free(&run);
}

static void test_split_fix_for_long_hold(void **state) {
    (void)state;
    LintRun run;
    lint_string(&run, NULL, plank());
    const LintFinding *f = find_rule(&run, LINT_RT102);
    assert_non_null(f);
    assert_non_null(f->fix);
    assert_int_equal(f->fix->n_edits, 2);
    assert_string_equal(f->fix->edits[0].text, "10s");
    assert_string_equal(f->fix->edits[1].text, "6"); /* 15s x 3 -> 10s x 6 */
    assert_int_equal(f->fix->edits[1].line, 6);
    lint_run_free(&run);
}

static void test_syntax_error_is_a_finding(void **state) {
    (void)state;
    LintRun run;
    lint_string(&run, NULL, "routine \"R\" { hodl 5s; }\n");
    const LintFinding *f = find_rule(&run, LINT_RT001);
    assert_non_null(f);
    assert_int_equal(f->level, LINT_ERROR);
    assert_int_equal(f->loc.line, 1);
    lint_run_free(&run);
}

static void test_library_is_linted_without_a_routine_error(void **state) {
    (void)state;
    const char *text = "exercise \"Plank\" strength { cue \"x\"; breathe \"b\"; hold 30s; }\n";
    LintRun run;
    lint_string(&run, NULL, text);
    assert_null(find_rule(&run, LINT_RT001));
    assert_non_null(find_rule(&run, LINT_RT102));
    lint_run_free(&run);
}

static void test_one_sided_balanced_by_other_side(void **state) {
    (void)state;
    const char *pair = "exercise \"Lunge\" { cue \"Step.\"; }\n"
                       "routine \"R\" { safety \"pain: stop\";\n"
                       "  do \"Lunge\" { repeat 10 left only; }\n"
                       "  do \"Lunge\" { repeat %d right only; } }\n";
    char text[400];
    snprintf(text, sizeof text, pair, 10);
    assert_false(triggers(text, LINT_RT301, NULL));
    snprintf(text, sizeof text, pair, 5);
    assert_true(triggers(text, LINT_RT301, NULL));
}

static void test_json_output_is_versioned(void **state) {
    (void)state;
    LintRun run;
    lint_string(&run, NULL, plank());
    char buf[8192] = {0};
    FILE *mem = fmemopen(buf, sizeof buf - 1, "w");
    lint_write_json(&run, mem);
    fclose(mem);
    assert_non_null(strstr(buf, "\"schema\":\"routinec-lint/1\""));
    assert_non_null(strstr(buf, "\"rule\":\"RT102\""));
    assert_non_null(strstr(buf, "\"start\":{\"line\":5,\"column\":14}"));
    lint_run_free(&run);
}

static void test_sarif_fingerprint_survives_moving_lines(void **state) {
    (void)state;
    const char *moved = "\n\nroutine \"R\" {\n"
                        "    safety \"Stop if it hurts.\";\n"
                        "    exercise \"Plank\" strength {\n"
                        "        cue \"Straight line.\"; breathe \"Keep breathing.\";\n"
                        "            hold 15s;\n"
                        "        repeat 3;\n"
                        "    }\n"
                        "}\n";
    const char *texts[2] = {plank(), moved};
    char *bufs[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        LintRun run;
        size_t size;
        lint_string(&run, NULL, texts[i]);
        FILE *mem = open_memstream(&bufs[i], &size);
        lint_write_sarif(&run, mem);
        fclose(mem);
        lint_run_free(&run);
    }
    char *a = bufs[0], *b = bufs[1];
    const char *fa = strstr(a, "routinecFindingHash/v1"), *fb = strstr(b, "routinecFindingHash/v1");
    assert_non_null(fa);
    assert_non_null(fb);
    assert_memory_equal(fa, fb, 60);
    assert_non_null(strstr(a, "\"version\":\"2.1.0\""));
    free(a);
    free(b);
}

static void test_lint_compilation_reports_through_diag(void **state) {
    (void)state;
    const char *text = "routine \"R\" { safety \"pain: stop\"; exercise \"A\" { cue \"Hold your breath.\"; } }";
    char *out = NULL;
    size_t size;
    FILE *mem = open_memstream(&out, &size);
    Compilation c;
    compile_init(&c, mem, false);
    assert_int_equal(compile_load_text(&c, "t.rt", text, strlen(text)), COMPILE_OK);
    assert_int_equal(compile_check(&c), COMPILE_OK);
    assert_int_equal(lint_compilation(&c, false), 1);
    assert_int_equal(c.diag.errors, 1);
    compile_free(&c);
    fclose(mem);
    assert_non_null(strstr(out, "error: this text tells the patient to hold their breath (\"Hold your breath\") [RT105 breath-holding-cue]"));
    free(out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_examples),
        cmocka_unit_test(test_rule_table_is_complete),
        cmocka_unit_test(test_policy_threshold_allows_longer_hold),
        cmocka_unit_test(test_policy_levels_by_name_and_id),
        cmocka_unit_test(test_policy_rejects_bad_input),
        cmocka_unit_test(test_policy_file_error_has_position),
        cmocka_unit_test(test_policy_file_applies_and_records_origin),
        cmocka_unit_test(test_allow_suppresses_and_counts),
        cmocka_unit_test(test_allow_is_scoped_to_its_exercise),
        cmocka_unit_test(test_unused_and_reasonless_allows),
        cmocka_unit_test(test_breath_hold_negation),
        cmocka_unit_test(test_breathing_fix_inserts_after_hold),
        cmocka_unit_test(test_split_fix_for_long_hold),
        cmocka_unit_test(test_syntax_error_is_a_finding),
        cmocka_unit_test(test_library_is_linted_without_a_routine_error),
        cmocka_unit_test(test_one_sided_balanced_by_other_side),
        cmocka_unit_test(test_json_output_is_versioned),
        cmocka_unit_test(test_sarif_fingerprint_survives_moving_lines),
        cmocka_unit_test(test_lint_compilation_reports_through_diag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
