/* json.c -- see json.h. */
#include "json.h"

#include <inttypes.h>

void json_write_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void json_init(JsonWriter *w, FILE *out) {
    *w = (JsonWriter){.out = out};
    w->indent[0] = JSON_COMPACT;
}

/* A new line indented for `depth` levels, in a container laid out by
 * lines (nothing in a compact one). */
static void new_line(const JsonWriter *w, unsigned depth) {
    int indent = w->indent[w->depth];
    if (indent < 0)
        return;
    fputc('\n', w->out);
    for (unsigned i = 0; i < depth * (unsigned)indent; i++)
        fputc(' ', w->out);
}

/* Everything before a member's value: the comma, the line, the key. */
static void member(JsonWriter *w, const char *key) {
    if (w->has_items[w->depth])
        fputc(',', w->out);
    w->has_items[w->depth] = true;
    if (w->depth > 0)
        new_line(w, w->depth);
    if (key)
        fprintf(w->out, "\"%s\":%s", key, w->indent[w->depth] > 0 ? " " : "");
}

static void open_container(JsonWriter *w, const char *key, int indent, bool array) {
    member(w, key);
    fputc(array ? '[' : '{', w->out);
    if (w->depth < JSON_MAX_DEPTH)
        w->depth++;
    w->has_items[w->depth] = false;
    w->is_array[w->depth] = array;
    w->indent[w->depth] = (short)(indent < 0 ? JSON_COMPACT : indent > 8 ? 8 : indent);
}

void json_object(JsonWriter *w, const char *key, int indent) {
    open_container(w, key, indent, false);
}

void json_array(JsonWriter *w, const char *key, int indent) {
    open_container(w, key, indent, true);
}

void json_end(JsonWriter *w) {
    if (w->depth == 0)
        return;
    if (w->has_items[w->depth]) /* an empty one stays [] or {} */
        new_line(w, w->depth - 1);
    fputc(w->is_array[w->depth] ? ']' : '}', w->out);
    w->depth--;
}

void json_str(JsonWriter *w, const char *key, const char *value) {
    member(w, key);
    if (value)
        json_write_string(w->out, value);
    else
        fputs("null", w->out);
}

void json_int(JsonWriter *w, const char *key, int64_t value) {
    member(w, key);
    fprintf(w->out, "%" PRId64, value);
}

void json_uint(JsonWriter *w, const char *key, uint64_t value) {
    member(w, key);
    fprintf(w->out, "%" PRIu64, value);
}

void json_bool(JsonWriter *w, const char *key, bool value) {
    member(w, key);
    fputs(value ? "true" : "false", w->out);
}

void json_null(JsonWriter *w, const char *key) {
    member(w, key);
    fputs("null", w->out);
}
