/* picture.c -- see picture.h. */
#include "picture.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "source.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#define SVG_NS "http://www.w3.org/2000/svg"

/* libxml2 is loaded only when an SVG is checked (dlopen), not linked: it
 * and the ICU it pulls in are 2.2 MB of every process's resident memory,
 * and a patient's session never reads a picture (README, "Timing").  The
 * functions used, by name; a table of pointers per check, no globals. */
#define LIBXML_SONAME "libxml2.so.2"
#define XML_FUNCTIONS(X)                                                                  \
    X(long, xmlGetLineNo, (const xmlNode *))                                              \
    X(xmlChar *, xmlNodeGetContent, (const xmlNode *))                                    \
    X(xmlParserCtxtPtr, xmlNewParserCtxt, (void))                                         \
    X(xmlDocPtr, xmlCtxtReadMemory, (xmlParserCtxtPtr, const char *, int, const char *,   \
                                     const char *, int))                                  \
    X(xmlErrorPtr, xmlCtxtGetLastError, (void *))                                         \
    X(void, xmlFreeParserCtxt, (xmlParserCtxtPtr))                                        \
    X(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *))                                 \
    X(void, xmlFreeDoc, (xmlDocPtr))

typedef struct {
    void *handle;
    xmlFreeFunc *free_fn; /* the variable xmlFree: how libxml2 frees what it gives */
/* A declaration: its type and name cannot be put in parentheses. */
#define XML_POINTER(ret, name, args) ret (*name) args; // NOLINT(bugprone-macro-parentheses)
    XML_FUNCTIONS(XML_POINTER)
#undef XML_POINTER
} XmlApi;

/* Load libxml2, or say why not in `why`. */
static bool xml_open(XmlApi *x, char *why, size_t size) {
    memset(x, 0, sizeof *x);
    x->handle = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL);
    bool ok = x->handle != NULL;
    void *sym;
    /* memcpy: ISO C has no cast from an object pointer to a function pointer. */
#define XML_LOAD(ret, name, args)                                             \
    if (ok && (ok = (sym = dlsym(x->handle, #name)) != NULL))                 \
        memcpy(&x->name, &sym, sizeof x->name);
    XML_FUNCTIONS(XML_LOAD)
#undef XML_LOAD
    if (ok)
        ok = (x->free_fn = dlsym(x->handle, "xmlFree")) != NULL && *x->free_fn;
    if (!ok) {
        snprintf(why, size, "SVG pictures cannot be checked: " LIBXML_SONAME " is missing or too old "
                            "(apt-get install -y libxml2)");
        if (x->handle)
            dlclose(x->handle);
        x->handle = NULL;
    }
    return ok;
}

static void xml_free(const XmlApi *x, xmlChar *p) {
    if (p)
        (*x->free_fn)(p);
}

const char *picture_mime(PictureType type) {
    return type == PICTURE_PNG ? "image/png" : type == PICTURE_JPEG ? "image/jpeg" : "image/svg+xml";
}

/* What the walk over an SVG found: the first reason to refuse it. */
typedef struct {
    const XmlApi *xml;
    char *why;
    size_t size;
    unsigned line;
    bool refused;
} Verdict;

static void refuse(Verdict *v, const xmlNode *node, const char *fmt, ...) {
    if (v->refused)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->why, v->size, fmt, ap);
    va_end(ap);
    long line = node ? v->xml->xmlGetLineNo(node) : 0;
    v->line = line > 0 ? (unsigned)line : 0;
    v->refused = true;
}

static bool same(const xmlChar *a, const char *b) {
    return a && strcasecmp((const char *)a, b) == 0;
}

/* Does `css` (an attribute value, a style) reach outside the picture?
 * url( must be followed by a #fragment; @import, expression( and CSS
 * escapes (which could spell either) are refused outright. */
static const char *css_problem(const char *css) {
    for (const char *p = css; *p; p++) {
        if (*p == '\\')
            return "a CSS escape";
        if (strncasecmp(p, "@import", 7) == 0)
            return "a CSS @import";
        if (strncasecmp(p, "expression(", 11) == 0)
            return "a CSS expression()";
        if (strncasecmp(p, "url(", 4) == 0) {
            const char *q = p + 4;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '"' || *q == '\'')
                q++;
            if (*q != '#')
                return "a url() outside the picture";
        }
    }
    return NULL;
}

/* A link may point at a #fragment of the picture or carry an embedded
 * bitmap; anything else (http:, file:, javascript:, another SVG) is out. */
static bool href_ok(const char *value) {
    while (isspace((unsigned char)*value))
        value++;
    if (*value == '#')
        return true;
    static const char *const bitmaps[] = {"data:image/png", "data:image/jpeg", "data:image/gif"};
    for (size_t i = 0; i < sizeof bitmaps / sizeof *bitmaps; i++)
        if (strncasecmp(value, bitmaps[i], strlen(bitmaps[i])) == 0)
            return value[strlen(bitmaps[i])] == ';' || value[strlen(bitmaps[i])] == ',';
    return false;
}

static void check_attribute(Verdict *v, const xmlNode *el, const xmlAttr *a) {
    xmlChar *value = v->xml->xmlNodeGetContent((const xmlNode *)a);
    const char *text = value ? (const char *)value : "";
    const char *name = (const char *)a->name;
    const char *css;
    if (strncasecmp(name, "on", 2) == 0)
        refuse(v, el, "it has an event handler (%s=\"...\") that would run code", name);
    else if (same(a->name, "href") && !href_ok(text))
        refuse(v, el, "it links outside the picture (href=\"%.60s\")", text);
    else if (same(a->name, "attributeName") && (strncasecmp(text, "on", 2) == 0 || strstr(text, "href")))
        refuse(v, el, "it animates the attribute \"%.40s\"", text);
    else if ((css = css_problem(text)) != NULL)
        refuse(v, el, "its %s attribute has %s", name, css);
    xml_free(v->xml, value);
}

static void check_element(Verdict *v, const xmlNode *el) {
    static const char *const banned[] = {"script", "foreignObject", "iframe", "embed", "object",
                                         "handler", "listener", "include", "audio", "video"};
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (same(el->name, banned[i]))
            refuse(v, el, "it has a <%s> element", banned[i]);
    for (const xmlAttr *a = el->properties; a && !v->refused; a = a->next)
        check_attribute(v, el, a);
    if (same(el->name, "style") && !v->refused) {
        xmlChar *css = v->xml->xmlNodeGetContent(el);
        const char *problem = css ? css_problem((const char *)css) : NULL;
        if (problem)
            refuse(v, el, "its <style> has %s", problem);
        xml_free(v->xml, css);
    }
}

/* Every node, depth first, without recursion (a deep file cannot exhaust the stack). */
static void check_tree(Verdict *v, const xmlNode *root) {
    const xmlNode *n = root;
    while (n && !v->refused) {
        if (n->type == XML_ELEMENT_NODE)
            check_element(v, n);
        else if (n->type == XML_PI_NODE)
            refuse(v, n, "it has a processing instruction <?%s?>", (const char *)n->name);
        else if (n->type == XML_ENTITY_REF_NODE)
            refuse(v, n, "it uses an entity (&%s;)", (const char *)n->name);
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = (n && n != root) ? n->next : NULL;
    }
}

/* The line of the first `needle` in the text, or 0. */
static unsigned line_of(const uint8_t *bytes, size_t len, const char *needle) {
    size_t n = strlen(needle);
    unsigned line = 1;
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(bytes + i, needle, n) == 0)
            return line;
        line += bytes[i] == '\n';
    }
    return 0;
}

/* What the document as a whole says: a DOCTYPE, the root, processing
 * instructions before it; then every node. */
static void check_doc(Verdict *v, const uint8_t *bytes, size_t len, xmlDocPtr doc) {
    xmlNodePtr root = v->xml->xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        refuse(v, NULL, "it has a DOCTYPE (entities and external DTDs are not allowed)");
        v->line = line_of(bytes, len, "<!DOCTYPE");
    }
    else if (!root || !same(root->name, "svg") || !root->ns || strcmp((const char *)root->ns->href, SVG_NS) != 0)
        refuse(v, root, "its root element is not <svg xmlns=\"" SVG_NS "\">");
    for (xmlNode *n = doc->children; n && !v->refused; n = n->next)
        if (n->type == XML_PI_NODE)
            refuse(v, n, "it has a processing instruction <?%s?>", (const char *)n->name);
    if (!v->refused)
        check_tree(v, root);
}

static bool parse_and_check(const XmlApi *x, const uint8_t *bytes, size_t len, char *why, size_t size,
                            unsigned *line) {
    Verdict v = {x, why, size, 0, false};
    xmlParserCtxtPtr ctxt = x->xmlNewParserCtxt();
    if (!ctxt) {
        snprintf(why, size, "out of memory");
        return false;
    }
    /* No network, no DTD loading, no entity substitution; errors kept, not printed. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDocPtr doc = x->xmlCtxtReadMemory(ctxt, (const char *)bytes, (int)len, "picture.svg", NULL, options);
    if (!doc) {
        const xmlError *e = x->xmlCtxtGetLastError(ctxt);
        const char *msg = e && e->message ? e->message : "unreadable";
        snprintf(why, size, "it is not well-formed XML (%.*s)", (int)strcspn(msg, "\n"), msg);
        *line = e && e->line > 0 ? (unsigned)e->line : 0;
        x->xmlFreeParserCtxt(ctxt);
        return false;
    }
    check_doc(&v, bytes, len, doc);
    *line = v.line;
    x->xmlFreeDoc(doc);
    x->xmlFreeParserCtxt(ctxt);
    return !v.refused;
}

static bool check_svg(const uint8_t *bytes, size_t len, char *why, size_t size, unsigned *line) {
    XmlApi x;
    if (!xml_open(&x, why, size))
        return false;
    bool ok = parse_and_check(&x, bytes, len, why, size, line);
    dlclose(x.handle);
    return ok;
}

static bool looks_like_xml(const uint8_t *b, size_t len) {
    size_t i = len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
    while (i < len && isspace(b[i]))
        i++;
    return i < len && b[i] == '<';
}

bool picture_check(const uint8_t *bytes, size_t len, PictureType *type, char *why, size_t size,
                   unsigned *line) {
    *line = 0;
    if (len > MAX_PICTURE_BYTES) {
        snprintf(why, size, "it is larger than %u MB", MAX_PICTURE_BYTES / (1024 * 1024));
        return false;
    }
    if (len >= 8 && memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *type = PICTURE_PNG;
        return true;
    }
    if (len >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        *type = PICTURE_JPEG;
        return true;
    }
    if (looks_like_xml(bytes, len)) {
        *type = PICTURE_SVG;
        return check_svg(bytes, len, why, size, line);
    }
    snprintf(why, size, "it is not a PNG, JPEG or SVG picture");
    return false;
}

bool picture_load(const char *path, Picture *pic, char *why, size_t size, unsigned *line) {
    memset(pic, 0, sizeof *pic);
    *line = 0;
    /* source_read: a FIFO or device is refused by its type (nothing
     * blocks), a file over the limit by its size (nothing allocated). */
    char *text = NULL;
    int err_no = 0;
    SourceStatus status = source_read(path, MAX_PICTURE_BYTES, &text, &pic->len, NULL, &err_no);
    if (status == SOURCE_TOO_LARGE) {
        snprintf(why, size, "it is larger than %u MB", MAX_PICTURE_BYTES / (1024 * 1024));
        return false;
    }
    if (status != SOURCE_OK) {
        snprintf(why, size, "it cannot be read: %s", source_strerror(status, err_no));
        return false;
    }
    pic->bytes = (uint8_t *)text;
    if (!picture_check(pic->bytes, pic->len, &pic->type, why, size, line)) {
        picture_free(pic);
        return false;
    }
    return true;
}

void picture_free(Picture *pic) {
    free(pic->bytes);
    pic->bytes = NULL;
    pic->len = 0;
}
