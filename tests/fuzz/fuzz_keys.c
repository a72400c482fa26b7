/*
 * fuzz_keys.c -- libFuzzer harness: any bytes as a `--keys` script.
 *
 * keys_parse takes a C string, so the input is cut at its first NUL (the
 * command line cannot carry one either).  The error buffer is sized from
 * the input's first byte, to exercise the truncation of long messages.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *script = malloc(size + 1);
    if (!script)
        return 0;
    memcpy(script, data, size);
    script[size] = '\0';
    size_t err_size = size ? 1 + data[0] % 200u : 200u;
    char *err = malloc(err_size);
    ScriptedKey *keys = NULL;
    size_t n = 0;
    if (err && keys_parse(script, &keys, &n, err, err_size)) {
        for (size_t i = 1; i < n; i++)
            if (keys[i].t < keys[i - 1].t)
                abort(); /* keys_parse promised times in order */
        free(keys);
    } else if (err && !memchr(err, '\0', err_size)) {
        abort(); /* the sentence must be cut and terminated */
    }
    free(err);
    free(script);
    return 0;
}
