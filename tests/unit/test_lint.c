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
#include "lint_text.h"

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


/* ---- every fix-it's result is linted ------------------------------------ */

/* The byte offset of (line, col) in `text` (both 1-based). */
static size_t offset_of(const char *text, uint32_t line, uint32_t col) {
    size_t at = 0;
    for (uint32_t l = 1; l < line && text[at]; at++)
        l += text[at] == '\n';
    return at + col - 1;
}

/* `text` with the edits of `fix` applied (last edit first); malloc'd. */
static char *apply_fix(const char *text, const LintFix *fix) {
    char *out = strdup(text);
    assert_non_null(out);
    for (uint32_t k = fix->n_edits; k-- > 0;) {
        uint32_t best = 0; /* the k-th edit from the start: edits may come in any order */
        size_t order[4], n = 0;
        for (uint32_t i = 0; i < fix->n_edits; i++)
            order[n++] = offset_of(text, fix->edits[i].line, fix->edits[i].col);
        for (uint32_t i = 0, rank; i < fix->n_edits; i++) {
            rank = 0;
            for (uint32_t j = 0; j < fix->n_edits; j++)
                rank += order[j] < order[i] || (order[j] == order[i] && j < i);
            if (rank == k)
                best = i;
        }
        const LintEdit *e = &fix->edits[best];
        assert_int_equal(e->file, 0);
        size_t start = offset_of(out, e->line, e->col), end = offset_of(out, e->end_line, e->end_col);
        size_t len = strlen(out), add = strlen(e->text);
        char *next = malloc(len - (end - start) + add + 1);
        assert_non_null(next);
        memcpy(next, out, start);
        memcpy(next + start, e->text, add);
        memcpy(next + start + add, out + end, len - end + 1);
        free(out);
        out = next;
    }
    return out;
}

/* Warnings and errors of each rule in `run`. */
static void count_rules(const LintRun *run, unsigned counts[LINT__COUNT]) {
    memset(counts, 0, LINT__COUNT * sizeof *counts);
    for (size_t i = 0; i < run->n; i++)
        if (run->items[i].level >= LINT_WARNING)
            counts[run->items[i].rule]++;
}

/* Apply each fix of `text` on its own and lint the result: the fixed rule
 * fires fewer times, and no rule fires more often than before. */
static unsigned check_fixes(const char *name, const char *text) {
    LintRun run;
    unsigned before[LINT__COUNT], after[LINT__COUNT], fixes = 0;
    lint_string(&run, NULL, text);
    count_rules(&run, before);
    for (size_t i = 0; i < run.n; i++) {
        const LintFinding *f = &run.items[i];
        if (!f->fix)
            continue;
        fixes++;
        char *fixed = apply_fix(text, f->fix);
        LintRun again;
        lint_string(&again, NULL, fixed);
        count_rules(&again, after);
        if (after[f->rule] >= before[f->rule])
            fail_msg("%s:%u: the fix of %s leaves it:\n%s", name, f->loc.line, lint_rules[f->rule].id, fixed);
        for (int r = 0; r < LINT__COUNT; r++)
            if (after[r] > before[r])
                fail_msg("%s:%u: the fix of %s creates %s:\n%s", name, f->loc.line, lint_rules[f->rule].id,
                         lint_rules[r].id, fixed);
        for (size_t j = 0; j < again.n; j++) /* nothing is left on the lines it rewrote */
            for (uint32_t e = 0; e < f->fix->n_edits; e++)
                if (again.items[j].level >= LINT_WARNING && again.items[j].loc.line == f->fix->edits[e].line
                    && f->fix->edits[e].end_col != f->fix->edits[e].col) /* a rewrite, not an insertion */
                    fail_msg("%s:%u: the fix of %s leaves %s on line %u:\n%s", name, f->loc.line,
                             lint_rules[f->rule].id, lint_rules[again.items[j].rule].id,
                             again.items[j].loc.line, fixed);
        lint_run_free(&again);
        free(fixed);
    }
    lint_run_free(&run);
    return fixes;
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* The hazards a fix-it must not leave: a maximal hold split keeps no
 * `rest 0s`; a 20 min wall sit is not split into 120 repetitions. */
static void test_fixes_leave_no_hazard(void **state) {
    (void)state;
    const char *maximal = "routine \"R\" {\n    safety \"Stop if it hurts.\";\n"
                          "    exercise \"Warm\" warmup { cue \"March.\"; repeat 10; }\n"
                          "    exercise \"Side bridge\" strength {\n"
                          "        cue \"Lift as hard as you can.\"; breathe \"Keep breathing.\";\n"
                          "        hold 45s; repeat 2; rest 0s between reps;\n    }\n}\n";
    const char *wall_sit = "routine \"R\" {\n    safety \"Stop if it hurts.\";\n"
                           "    exercise \"Warm\" warmup { cue \"March.\"; repeat 10; }\n"
                           "    exercise \"Wall sit\" strength {\n"
                           "        cue \"Slide down the wall.\"; breathe \"Keep breathing.\";\n"
                           "        hold 20min;\n    }\n}\n";
    assert_true(check_fixes("maximal", maximal) > 0);
    check_fixes("wall sit", wall_sit);
    LintRun run;
    lint_string(&run, NULL, maximal);
    const LintFinding *f = find_rule(&run, LINT_RT102);
    assert_non_null(f);
    assert_non_null(f->fix);
    bool rest = false;
    for (uint32_t i = 0; i < f->fix->n_edits; i++)
        rest |= strcmp(f->fix->edits[i].text, "10s") == 0 && f->fix->edits[i].col > 30;
    assert_true(rest); /* rest 0s between reps -> rest 10s */
    lint_run_free(&run);
    /* Every fix-it offered on the test routines. */
    static const char *const cases[] = {
        "RT101-long-stretch", "RT102-long-isometric", "RT103-absurd-hold", "RT104-no-breathing",
        "RT116-unbounded", "RT102-RT203-progression-target", "ok-clean",
    };
    unsigned total = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/lint/cases/%s.rt", cases[i]);
        char *text = read_all(path);
        if (!text)
            fail_msg("cannot read %s (run the unit tests from the top directory)", path);
        total += check_fixes(path, text);
        free(text);
    }
    assert_true(total >= 4);
}

/* The phrase table compiles (a token with too many words would leave the
 * text rules blind), and the negation scope reads as documented. */
static void test_phrase_table_compiles_and_scopes(void **state) {
    (void)state;
    LintLexicon *lex = lint_lexicon_new();
    assert_non_null(lex);
    static const struct {
        const char *text;
        LintSays what;
        bool says;
    } cases[] = {
        {"Hold your breath.", LINT_SAYS_BREATH_HOLD, true},
        {"Don't forget to hold your breath.", LINT_SAYS_BREATH_HOLD, true},
        {"Never hold your breath or bear down.", LINT_SAYS_BREATH_HOLD, false},
        {"Take a breath in, then breathe out as you lift.", LINT_SAYS_BREATH_HOLD, false},
        {"Breathe in, then hold for a count of five.", LINT_SAYS_BREATH_HOLD, true},
        {"Breathe in and hold the stretch.", LINT_SAYS_BREATH_HOLD, false},
        {"Do not jerk, kick or snap the knee straight.", LINT_SAYS_BALLISTIC, false},
        {"Don't stop, but snap the knee straight.", LINT_SAYS_BALLISTIC, true},
        {"Avoid bouncing and jerking.", LINT_SAYS_BALLISTIC, false},
        {"Don't give up and push through the pain.", LINT_SAYS_PAIN_PUSH, true},
        {"You need to feel a stretch not pain.", LINT_SAYS_PAIN_PUSH, false},
        {"Don't use a chair or the wall for support.", LINT_SAYS_SUPPORT, false},
        {"Stand on one leg without letting go of the counter.", LINT_SAYS_SUPPORT, true},
        {"Squeeze at 100% effort.", LINT_SAYS_MAXIMAL, true},
        {"Whenever you like.", LINT_SAYS_NO_GATE, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        LintSaid said;
        lint_text_scan(lex, cases[i].text, &said);
        if (lint_says(&said, cases[i].what) != cases[i].says)
            fail_msg("\"%s\": expected it %sto say class %d", cases[i].text, cases[i].says ? "" : "not ",
                     (int)cases[i].what);
    }
    lint_lexicon_free(lex);
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
        cmocka_unit_test(test_fixes_leave_no_hazard),
        cmocka_unit_test(test_phrase_table_compiles_and_scopes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
