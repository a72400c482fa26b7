/* markup.c -- see markup.h. */
#include "markup.h"

void markup_text(FILE *out, const char *text) {
    for (const char *p = text ? text : ""; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        case '\t': case '\n': case '\r': putc(*p, out); break;
        default:
            if ((unsigned char)*p >= 0x20) /* XML allows no other control characters */
                putc(*p, out);
            break;
        }
    }
}

void markup_base64(FILE *out, const uint8_t *bytes, size_t len) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)bytes[i] << 16 | (uint32_t)bytes[i + 1] << 8 | bytes[i + 2];
        putc(alphabet[v >> 18], out);
        putc(alphabet[v >> 12 & 63], out);
        putc(alphabet[v >> 6 & 63], out);
        putc(alphabet[v & 63], out);
    }
    if (i < len) {
        uint32_t v = (uint32_t)bytes[i] << 16 | (i + 1 < len ? (uint32_t)bytes[i + 1] << 8 : 0);
        putc(alphabet[v >> 18], out);
        putc(alphabet[v >> 12 & 63], out);
        putc(i + 1 < len ? alphabet[v >> 6 & 63] : '=', out);
        putc('=', out);
    }
}
