/* SPDX-License-Identifier: MIT */
/*
 * markup.c - libxml2 on untrusted input, and text out of its trees.
 *
 * Every document is converted to UTF-8 by normalize.c first and then
 * parsed with its encoding forced to UTF-8, so broken or lying charset
 * declarations cannot make libxml2 stop half-way.
 */
#include <config.h>

#include "markup.h"

#include <ctype.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "../normalize.h"

int
ndi_node_is(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
           ndi_strncaseeq((const char *)n->name, name, strlen(name) + 1);
}

xmlNode *
ndi_node_child(xmlNode *n, const char *name)
{
    if (n == NULL)
        return NULL;
    for (xmlNode *c = n->children; c != NULL; c = c->next)
        if (ndi_node_is(c, name))
            return c;
    return NULL;
}

/* The next node in document order below 'top', descending into children
 * unless 'skip_children'. Iterative, so no depth can exhaust the stack. */
static xmlNode *
next_node(xmlNode *n, const xmlNode *top, int skip_children)
{
    if (!skip_children && n->children != NULL && n->type != XML_ENTITY_REF_NODE)
        return n->children;
    while (n != NULL && n != top) {
        if (n->next != NULL)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

xmlNode *
ndi_node_find(xmlNode *n, const char *name)
{
    if (n == NULL || n->children == NULL)
        return NULL;
    for (xmlNode *c = n->children; c != NULL; c = next_node(c, n, 0))
        if (ndi_node_is(c, name))
            return c;
    return NULL;
}

const char *
ndi_node_attr(const xmlNode *n, const char *name)
{
    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (a->name == NULL ||
            !ndi_strncaseeq((const char *)a->name, name, strlen(name) + 1))
            continue;
        const xmlNode *t = a->children;
        if (t != NULL && (t->type == XML_TEXT_NODE) && t->content != NULL)
            return (const char *)t->content;
        return "";
    }
    return NULL;
}

static int
is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",          "div",     "br",      "li",     "ul",       "ol",
        "h1",         "h2",      "h3",      "h4",     "h5",       "h6",
        "blockquote", "pre",     "table",   "tr",     "section",  "article",
        "header",     "footer",  "dd",      "dt",     "dl",       "figcaption",
        "figure",     "hr",      "address", "main",   "aside",    "nav",
        "form",       "td",      "th",      "body",   "hl1",      "hl2",
        "headline",   "title",   "text",    "byline", "dateline", "block",
        "tagline",    "caption", "item",    "entry",
    };
    if (n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    for (size_t i = 0; i < NDI_ARRAY_LEN(blocks); i++)
        if (ndi_node_is(n, blocks[i]))
            return 1;
    return 0;
}

nd_status
ndi_node_text(const xmlNode *top, nd_buf *out,
              int (*skip)(const xmlNode *n, void *ctx), void *ctx)
{
    nd_status st = ND_OK;
    if (top == NULL)
        return ND_OK;
    if (top->type == XML_TEXT_NODE || top->type == XML_CDATA_SECTION_NODE)
        return top->content != NULL
                   ? ndi_buf_puts(out, (const char *)top->content)
                   : ND_OK;
    /* Iterative depth-first walk: no nesting depth can exhaust the stack. */
    const xmlNode *n = top->children;
    while (n != NULL && st == ND_OK) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != NULL)
                st = ndi_buf_puts(out, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE &&
                   !(skip != NULL && skip(n, ctx))) {
            if (is_block(n))
                st = ndi_buf_puts(out, "\n\n");
            descend = n->children != NULL;
        }
        /* comments, PIs and entity references are left out */
        if (descend) {
            n = n->children;
            continue;
        }
        /* n is finished: close it and every ancestor it was the last of */
        while (n != NULL && n != top && st == ND_OK) {
            if (n->type == XML_ELEMENT_NODE && is_block(n))
                st = ndi_buf_puts(out, "\n\n");
            if (n->next != NULL) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
        if (n == top)
            break;
    }
    return st;
}

nd_status
ndi_set_str(nd_article *a, nd_field f, const char *s)
{
    if (s == NULL)
        return ND_OK;
    return nd_article_set(a, f, s, strlen(s));
}

nd_status
ndi_set_from_node(nd_article *a, nd_field f, const xmlNode *n)
{
    if (n == NULL)
        return ND_OK;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_node_text(n, &b, NULL, NULL);
    if (st == ND_OK && b.len > 0)
        st = nd_article_set(a, f, b.data, b.len);
    free(b.data);
    return st;
}

int
ndi_set_date_str(nd_article *a, const char *s)
{
    int64_t t;
    if (s == NULL || !ndi_date_parse(s, strlen(s), &t))
        return 0;
    nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    return 1;
}

/* The value of 'key' (encoding or charset) in the first bytes, copied into
 * 'out'; "" when absent. */
static void
sniff_charset(const char *data, size_t len, const char *key, char out[48])
{
    size_t klen = strlen(key);
    out[0] = '\0';
    if (len > 4096)
        len = 4096;
    for (size_t i = 0; i + klen < len; i++) {
        if (!ndi_strncaseeq(data + i, key, klen))
            continue;
        size_t j = i + klen;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (j >= len || data[j] != '=')
            continue;
        j++;
        while (j < len && (data[j] == ' ' || data[j] == '"' || data[j] == '\''))
            j++;
        size_t k = 0;
        while (j < len && k < 47 &&
               (isalnum((unsigned char)data[j]) || data[j] == '-' ||
                data[j] == '_' || data[j] == '.' || data[j] == ':'))
            out[k++] = data[j++];
        out[k] = '\0';
        if (k > 0)
            return;
    }
}

/* More attributes than this on one element is not news markup, and
 * libxml2 2.9 checks duplicate attributes in quadratic time. */
#define MAX_ATTRIBUTES 1000

/* Whether some tag of 'u' holds more than MAX_ATTRIBUTES attributes
 * (counted as runs of name characters after whitespace, quotes skipped).
 * One linear pass. */
static int
too_many_attributes(const nd_buf *u)
{
    const char *s = u->data, *end = u->data + u->len;
    while (s < end) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        if (lt == NULL)
            return 0;
        s = lt + 1;
        if (s >= end || !(isalpha((unsigned char)*s) || *s == '_' || *s == ':'))
            continue;
        unsigned count = 0;
        int space = 0;
        while (s < end && *s != '>') {
            if (*s == '"' || *s == '\'') {
                const char *q = memchr(s + 1, *s, (size_t)(end - s - 1));
                if (q == NULL)
                    return 0;
                s = q + 1;
                space = 0;
                continue;
            }
            if (isspace((unsigned char)*s)) {
                space = 1;
            } else if (space) {
                space = 0;
                if (*s != '/' && *s != '=' && ++count > MAX_ATTRIBUTES)
                    return 1;
            }
            s++;
        }
    }
    return 0;
}

/*
 * Make converted text safe for libxml2: a NUL would end the document early
 * (it becomes a space, a word separator as everywhere else), and the XML
 * declaration's encoding is blanked out, since the bytes are UTF-8 now
 * whatever it said (an unknown name would otherwise stop the parse).
 */
static void
xml_sanitize(nd_buf *u)
{
    for (size_t i = 0; i < u->len; i++)
        if (u->data[i] == '\0')
            u->data[i] = ' ';
    size_t off = u->len >= 3 && memcmp(u->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (u->len - off < 5 || memcmp(u->data + off, "<?xml", 5) != 0)
        return;
    char *end = memchr(u->data + off, '>', u->len - off);
    if (end == NULL)
        return;
    for (char *q = u->data + off; q + 8 < end; q++) {
        if (memcmp(q, "encoding", 8) != 0)
            continue;
        char *v = q + 8;
        while (v < end && (*v == ' ' || *v == '=' || *v == '\t'))
            v++;
        if (v >= end || (*v != '"' && *v != '\''))
            return;
        char quote = *v;
        char *close = memchr(v + 1, quote, (size_t)(end - v - 1));
        if (close == NULL)
            return;
        memset(q, ' ', (size_t)(close + 1 - q));
        return;
    }
}

xmlDocPtr
ndi_xml_parse(ndi_parse *p, const char *data, size_t len)
{
    char cs[48] = "";
    /* Only the XML declaration can name the encoding. */
    size_t off = ndi_skip_ws_bom(data, len);
    if (len - off > 5 && memcmp(data + off, "<?xml", 5) == 0) {
        const char *end = memchr(data + off, '>', len - off);
        size_t dlen = end != NULL ? (size_t)(end - (data + off)) : 0;
        sniff_charset(data + off, dlen, "encoding", cs);
    }
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    if (ndi_to_utf8(data, len, cs, &u) != ND_OK) {
        ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
        return NULL;
    }
    if (u.len > (size_t)INT32_MAX) {
        free(u.data);
        ndi_fail(p->hdr, ND_ETOOBIG, "document too large for the XML parser");
        return NULL;
    }
    xml_sanitize(&u);
    if (too_many_attributes(&u)) {
        free(u.data);
        ndi_fail(p->hdr, ND_EFORMAT,
                 "an element with more than %d attributes: not news markup",
                 MAX_ATTRIBUTES);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        free(u.data);
        ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
        return NULL;
    }
    /* Deliberately absent: XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID,
     * XINCLUDE and HUGE. RECOVER reads half-broken archives. */
    int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
               XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, u.data != NULL ? u.data : "",
                                      (int)u.len, p->name, "UTF-8", opts);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        ndi_fail(p->hdr, ND_EFORMAT, "not well-formed XML%s%s",
                 e != NULL && e->message != NULL ? ": " : "",
                 e != NULL && e->message != NULL ? e->message : "");
        /* libxml2 messages end in a newline */
        size_t n = strlen(p->hdr->errmsg);
        while (n > 0 && (p->hdr->errmsg[n - 1] == '\n'))
            p->hdr->errmsg[--n] = '\0';
        if (doc != NULL)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    free(u.data);
    return doc;
}

xmlDocPtr
ndi_html_parse(ndi_parse *p, const char *data, size_t len, const char *charset)
{
    char cs[48] = "";
    size_t bom;
    if (ndi_bom_charset(data, len, &bom) != NULL) {
        /* the BOM decides */
    } else if (charset != NULL && *charset != '\0') {
        snprintf(cs, sizeof cs, "%s", charset);
    } else {
        sniff_charset(data, len, "charset", cs);
    }
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    if (ndi_to_utf8(data, len, cs, &u) != ND_OK) {
        ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
        return NULL;
    }
    if (u.len > (size_t)INT32_MAX) {
        free(u.data);
        ndi_fail(p->hdr, ND_ETOOBIG, "document too large for the HTML parser");
        return NULL;
    }
    /* a NUL would end the page early: it separates words like a space */
    for (size_t i = 0; i < u.len; i++)
        if (u.data[i] == '\0')
            u.data[i] = ' ';
    if (too_many_attributes(&u)) {
        free(u.data);
        ndi_fail(p->hdr, ND_EFORMAT,
                 "an element with more than %d attributes: not news markup",
                 MAX_ATTRIBUTES);
        return NULL;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt == NULL) {
        free(u.data);
        ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
        return NULL;
    }
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
               HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
               HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, u.data != NULL ? u.data : "",
                                        (int)u.len, p->name, "UTF-8", opts);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        ndi_fail(p->hdr, ND_EFORMAT, "not parseable as HTML");
        if (doc != NULL)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    htmlFreeParserCtxt(ctxt);
    free(u.data);
    return doc;
}
