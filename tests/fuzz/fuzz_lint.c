/*
 * fuzz_lint.c -- libFuzzer harness: any bytes as a routine for the linter.
 *
 * A clinic lints routines it did not write, so the rules and the three
 * writers (text, JSON, SARIF) see untrusted input too.  Output goes to
 * /dev/null; what matters is that nothing crashes, leaks or reads out of
 * bounds, and that the findings come out sorted.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return 0;
    LintConfig cfg;
    lint_config_init(&cfg);
    LintRun run = {0};
    lint_text(&run, &cfg, "fuzz.rt", (const char *)data, size);
    lint_run_sort(&run);
    lint_write_text(&run, sink, false);
    lint_write_json(&run, sink);
    lint_write_sarif(&run, sink);
    lint_run_free(&run);
    lint_config_free(&cfg);
    fclose(sink);
    return 0;
}
