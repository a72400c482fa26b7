/*
 * json.h -- writing JSON text: one small writer for the events, the plan,
 * the history and lint's reports (nothing here parses).
 *
 * The writer tracks nesting and commas, so a caller only names members:
 *
 *     JsonWriter w;
 *     json_init(&w, out);
 *     json_object(&w, NULL, JSON_COMPACT);   {
 *     json_int(&w, "t", 5000);                 "t":5000
 *     json_str(&w, "ev", "rep");               ,"ev":"rep"
 *     json_end(&w);                          }
 *
 * Layout is chosen per container: JSON_COMPACT puts everything on one
 * line; an indent N >= 0 puts each member on its own line, indented N
 * spaces per level (and writes ": " after keys when N > 0), with the
 * closing bracket on a line of its own (an empty one stays [] or {}).  Keys are written as given (they
 * are literals of ours); string values are escaped.
 */
#ifndef ROUTINEC_JSON_H
#define ROUTINEC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_COMPACT (-1)
#define JSON_MAX_DEPTH 16

typedef struct {
    FILE *out;
    unsigned depth;
    bool has_items[JSON_MAX_DEPTH + 1];
    bool is_array[JSON_MAX_DEPTH + 1];
    short indent[JSON_MAX_DEPTH + 1];
} JsonWriter;

void json_init(JsonWriter *w, FILE *out);

/* Open an object or array: as member `key` of the enclosing object, or as
 * an element (or the top value) when `key` is NULL. */
void json_object(JsonWriter *w, const char *key, int indent);
void json_array(JsonWriter *w, const char *key, int indent);
/* Close the innermost open object or array. */
void json_end(JsonWriter *w);

/* One member (or element, with a NULL key).  A NULL string is null. */
void json_str(JsonWriter *w, const char *key, const char *value);
void json_int(JsonWriter *w, const char *key, int64_t value);
void json_uint(JsonWriter *w, const char *key, uint64_t value);
void json_bool(JsonWriter *w, const char *key, bool value);
void json_null(JsonWriter *w, const char *key);

/* `s` as a JSON string literal: quotes, backslashes and control characters
 * escaped; UTF-8 passed through (inputs are validated UTF-8). */
void json_write_string(FILE *out, const char *s);

#endif
