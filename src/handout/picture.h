/*
 * picture.h -- the pictures a routine names (`picture "file" "description";`),
 * read and checked before they go into a handout.
 *
 * A picture is recognised by its content, never by its name: PNG and JPEG
 * by their signatures, SVG by parsing it as XML (libxml2) with an <svg>
 * root in the SVG namespace.  A handout must be safe to open, so an SVG is
 * refused when anything in it could run or reach outside the file:
 * scripts, <foreignObject>, event handler attributes (on...), links other
 * than to a #fragment of the picture or to an embedded PNG/JPEG/GIF
 * (href, xlink:href, CSS url(), @import), a DOCTYPE (entities), processing
 * instructions, and animations that would set such attributes.  Names are
 * compared without regard to case and to namespace prefixes.
 */
#ifndef ROUTINEC_PICTURE_H
#define ROUTINEC_PICTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_PICTURE_BYTES (2u * 1024 * 1024)

typedef enum { PICTURE_PNG, PICTURE_JPEG, PICTURE_SVG } PictureType;

typedef struct {
    PictureType type;
    uint8_t *bytes; /* malloc'd */
    size_t len;
} Picture;

/* The MIME type of `type`: "image/png"... */
const char *picture_mime(PictureType type);

/* Check `len` bytes.  On refusal returns false, with a sentence in `why`
 * and the line of the picture it is about in *line (0 when none). */
bool picture_check(const uint8_t *bytes, size_t len, PictureType *type, char *why, size_t size,
                   unsigned *line);

/* Read `path` (at most MAX_PICTURE_BYTES) and check it. */
bool picture_load(const char *path, Picture *pic, char *why, size_t size, unsigned *line);

void picture_free(Picture *pic);

#endif
