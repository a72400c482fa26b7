/*
 * json.h -- writing JSON text (the only JSON routinec writes by hand is
 * flat: strings and integers; nothing here parses).
 */
#ifndef ROUTINEC_JSON_H
#define ROUTINEC_JSON_H

#include <stdio.h>

/* `s` as a JSON string literal: quotes, backslashes and control characters
 * escaped; UTF-8 passed through (inputs are validated UTF-8). */
void json_write_string(FILE *out, const char *s);

#endif
