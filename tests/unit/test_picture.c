/* test_picture.c -- what a handout accepts as a picture: by content, and
 * never an SVG that could run code or reach outside itself, however it is
 * spelt (case, namespace prefixes, CDATA, entities, whitespace). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "picture.h"

#define SVG_OPEN "<svg xmlns=\"http://www.w3.org/2000/svg\">"

static bool accepts(const char *text, PictureType want) {
    PictureType type = (PictureType)-1;
    char why[300] = "";
    unsigned line = 99;
    bool ok = picture_check((const uint8_t *)text, strlen(text), &type, why, sizeof why, &line);
    if (ok)
        assert_int_equal(type, want);
    return ok;
}

/* Refused, with `reason` in the sentence and the line it names. */
static void refused(const char *text, const char *reason, unsigned want_line) {
    PictureType type;
    char why[300] = "";
    unsigned line = 99;
    assert_false(picture_check((const uint8_t *)text, strlen(text), &type, why, sizeof why, &line));
    if (!strstr(why, reason))
        fail_msg("\"%s\" does not say \"%s\"", why, reason);
    assert_int_equal(line, want_line);
}

static void test_kinds_by_content(void **state) {
    (void)state;
    assert_true(accepts("\x89PNG\r\n\x1a\n....", PICTURE_PNG));
    assert_true(accepts("\xFF\xD8\xFF\xE0", PICTURE_JPEG));
    assert_true(accepts(SVG_OPEN "<circle r=\"3\"/></svg>", PICTURE_SVG));
    assert_true(accepts("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n" SVG_OPEN "</svg>", PICTURE_SVG));
    assert_true(accepts("\n  " SVG_OPEN "</svg>", PICTURE_SVG));
    refused("GIF89a....", "not a PNG, JPEG or SVG", 0);
    refused("", "not a PNG, JPEG or SVG", 0);
    refused("<svg>", "not well-formed", 1);
    refused("<svg viewBox=\"0 0 1 1\"/>", "root element", 1);
}

static void test_safe_svg_features(void **state) {
    (void)state;
    assert_true(accepts(SVG_OPEN "<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\"/>"
                        "<use href=\"#g\"/><use xmlns:x=\"http://www.w3.org/1999/xlink\" x:href=\" #g\"/></svg>",
                        PICTURE_SVG));
    assert_true(accepts(SVG_OPEN "<image href=\"data:image/png;base64,iVBO\"/><style>rect{fill:url( '#g')}</style>"
                        "<title>On one leg</title><text>onion</text></svg>", PICTURE_SVG));
}

static void test_code_is_refused(void **state) {
    (void)state;
    refused(SVG_OPEN "\n<script>alert(1)</script></svg>", "<script>", 2);
    refused(SVG_OPEN "<ScRiPt/></svg>", "<script>", 1);
    refused("<a:svg xmlns:a=\"http://www.w3.org/2000/svg\"><a:script><![CDATA[x()]]></a:script></a:svg>",
            "<script>", 1);
    refused(SVG_OPEN "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\"/></svg>", "<script>", 1);
    refused(SVG_OPEN "<g>\n<g>\n<circle ONLOAD=\"x()\"/></g></g></svg>", "event handler", 3);
    refused(SVG_OPEN "<foreignObject/></svg>", "<foreignObject>", 1);
    refused(SVG_OPEN "<set attributeName=\"onclick\" to=\"x()\"/></svg>", "animates", 1);
    refused(SVG_OPEN "<animate attributeName=\"xlink:href\" to=\"javascript:x()\"/></svg>", "animates", 1);
    refused(SVG_OPEN "<iframe/></svg>", "<iframe>", 1);
}

static void test_outside_references_are_refused(void **state) {
    (void)state;
    refused(SVG_OPEN "<image href=\"https://example.com/a.png\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<image href=\"//example.com/a.png\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<a href=\"  JavaScript:x()\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<image href=\"data:image/pngx,\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<use xmlns:q=\"http://www.w3.org/1999/xlink\" q:href=\"other.svg#a\"/></svg>", "links outside", 1);
    refused(SVG_OPEN "<rect fill=\"url(http://e.com/p#x)\"/></svg>", "url()", 1);
    refused(SVG_OPEN "<rect style=\"fill:URL(file:///x)\"/></svg>", "url()", 1);
    refused(SVG_OPEN "<style>@IMPORT 'x.css';</style></svg>", "@import", 1);
    refused(SVG_OPEN "<style><![CDATA[rect{fill:url(http://e.com/x)}]]></style></svg>", "url()", 1);
    refused(SVG_OPEN "<style>rect{fill:u\\72l(http://e.com)}</style></svg>", "CSS escape", 1);
    refused("<?xml-stylesheet href=\"https://e.com/s.css\"?>" SVG_OPEN "</svg>", "processing instruction", 1);
}

static void test_entities_are_refused(void **state) {
    (void)state;
    refused("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n" SVG_OPEN
            "<text>&b;</text></svg>", "DOCTYPE", 2);
    refused("<!DOCTYPE svg SYSTEM \"http://e.com/x.dtd\">" SVG_OPEN "</svg>", "DOCTYPE", 1);
    refused(SVG_OPEN "<text>&undefined;</text></svg>", "not well-formed", 1);
}

static void test_size_limit(void **state) {
    (void)state;
    size_t n = MAX_PICTURE_BYTES + 1;
    uint8_t *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    memcpy(big, "\x89PNG\r\n\x1a\n", 8);
    PictureType type;
    char why[200];
    unsigned line;
    assert_false(picture_check(big, n, &type, why, sizeof why, &line));
    assert_non_null(strstr(why, "larger than 2 MB"));
    assert_true(picture_check(big, n - 1, &type, why, sizeof why, &line));
    free(big);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_by_content),
        cmocka_unit_test(test_safe_svg_features),
        cmocka_unit_test(test_code_is_refused),
        cmocka_unit_test(test_outside_references_are_refused),
        cmocka_unit_test(test_entities_are_refused),
        cmocka_unit_test(test_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
