/*
 * markup.h -- escaping for the HTML, SVG and XML the handout, the timeline
 * and the report write.  Every piece of text that comes from a routine or
 * a history goes through here, so a title such as `<script>` or `A & B`
 * prints as text.
 */
#ifndef ROUTINEC_MARKUP_H
#define ROUTINEC_MARKUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Text content and attribute values: & < > " ' escaped. */
void markup_text(FILE *out, const char *text);

/* `len` bytes as base64 (RFC 4648), for data: URIs. */
void markup_base64(FILE *out, const uint8_t *bytes, size_t len);

#endif
