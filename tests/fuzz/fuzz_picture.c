/*
 * fuzz_picture.c -- libFuzzer harness: any bytes as a handout's picture.
 *
 * A handout embeds pictures a routine names, so picture_check sees files
 * from anyone: it must never crash, leak or read out of bounds, and what it
 * accepts must be what it says (a PNG or JPEG signature, or XML that
 * libxml2 parses with an <svg> root).  A refusal must say why.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    PictureType type;
    char why[300] = "";
    unsigned line = 0;
    if (picture_check(data, size, &type, why, sizeof why, &line)) {
        if (type == PICTURE_PNG && (size < 8 || memcmp(data, "\x89PNG", 4) != 0))
            abort();
        if (type == PICTURE_JPEG && (size < 3 || data[0] != 0xFF || data[1] != 0xD8))
            abort();
    } else if (why[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    return 0;
}
