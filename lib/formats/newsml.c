/* SPDX-License-Identifier: MIT */
/*
 * newsml.c - IPTC NewsML-G2 <newsItem> documents, alone or several in a
 * <newsMessage> or <packageItem> (each newsItem is one item), and version
 * 1 <NewsML><NewsItem> documents. Text comes from contentSet/inlineXML
 * (XHTML, NITF or elements of any vocabulary) or contentSet/inlineData
 * (plain text or HTML). Picture, video, audio and graphic items are not
 * articles and take no item number; an item with neither headline nor
 * text is an item error.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

/* The NewsML-G2 namespace: http://iptc.org/std/nar/2006-10-01/ */
#define NAR_NS "iptc.org/std/nar/"
/* Creators joined into the byline. */
#define MAX_CREATORS 16

static int
detect(const char *name, const char *head, size_t len)
{
    char root[64];
    (void)name;
    if (ndi_root_name(head, len, root, sizeof root) == 0)
        return 0;
    const char *local = strrchr(root, ':');
    local = local != NULL ? local + 1 : root;
    int nar = ndi_memcasemem(head, len, NAR_NS);
    /* RCV1's root is <newsitem> too (90): only the G2 spelling or the G2
     * namespace claims it, and then above RCV1. */
    if (strcmp(local, "newsItem") == 0 || strcmp(local, "newsMessage") == 0 ||
        strcmp(local, "packageItem") == 0)
        return nar ? 95 : 91;
    if (nar && ndi_strncaseeq(local, "newsitem", 9))
        return 95;
    if (strcmp(local, "NewsML") == 0)
        return 90;
    return 0;
}

/* The next node after 'n' in document order below 'top', not entering
 * the children of 'n' when 'skip_children'. Iterative: no input depth can
 * exhaust the stack. */
static xmlNode *
walk_next(xmlNode *n, const xmlNode *top, int skip_children)
{
    if (!skip_children && n->type == XML_ELEMENT_NODE && n->children != NULL)
        return n->children;
    while (n != NULL && n != top) {
        if (n->next != NULL)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* The part of a QCode after its scheme: "hld:main" -> "main". */
static const char *
qcode_code(const char *q)
{
    if (q == NULL)
        return NULL;
    const char *c = strchr(q, ':');
    return c != NULL ? c + 1 : q;
}

static int
skip_markup(const xmlNode *n, void *ctx)
{
    (void)ctx;
    /* an XHTML body's <h1> repeats the headline */
    return ndi_node_is(n, "script") || ndi_node_is(n, "style") ||
           ndi_node_is(n, "head") || ndi_node_is(n, "h1");
}

/* The text of 'n' in 'b' (cleared first). */
static nd_status
node_str(const xmlNode *n, nd_buf *b)
{
    nd_buf_clear(b);
    return ndi_node_text(n, b, NULL, NULL);
}

/* Set the date from the text of 'n'; '*done' says whether it parsed. */
static nd_status
set_date_node(nd_article *a, const xmlNode *n, nd_buf *b, int *done)
{
    if (*done || n == NULL)
        return ND_OK;
    nd_status st = node_str(n, b);
    if (st == ND_OK)
        *done = ndi_set_date_str(a, nd_buf_data(b));
    return st;
}

/* "en-GB" -> "en": ND_F_LANG holds ISO 639-1 codes. */
static nd_status
set_lang(nd_article *a, const char *tag)
{
    return ndi_lang_set(a, tag, tag != NULL ? strlen(tag) : 0);
}

/* The dateline without the dash that ends it: "PORT VEYRA, Nov 9 -". */
static nd_status
set_dateline(nd_article *a, const xmlNode *n, nd_buf *b)
{
    nd_status st = node_str(n, b);
    size_t len = b->len;
    for (;;) {
        while (len > 0 && (isspace((unsigned char)b->data[len - 1]) ||
                           b->data[len - 1] == '-'))
            len--;
        if (len >= 3 && memcmp(b->data + len - 3, "\xE2\x80\x94", 3) == 0)
            len -= 3; /* an em dash */
        else
            break;
    }
    if (st == ND_OK && len > 0)
        st = nd_article_set(a, ND_F_DATELINE, b->data, len);
    return st;
}

/* The main headline: no role or role "hld:main", else the first one. */
static xmlNode *
main_headline(xmlNode *cm)
{
    xmlNode *first = NULL;
    for (xmlNode *c = cm != NULL ? cm->children : NULL; c != NULL;
         c = c->next) {
        if (!ndi_node_is(c, "headline"))
            continue;
        const char *role = qcode_code(ndi_node_attr(c, "role"));
        if (role == NULL || strcmp(role, "main") == 0)
            return c;
        if (first == NULL)
            first = c;
    }
    return first;
}

/* The name of a party (creator, provider, ...): its <name>, or its
 * literal; with 'qcode', the code of its QCode as a last resort. */
static nd_status
party_name(xmlNode *party, int qcode, nd_buf *b)
{
    nd_buf_clear(b);
    if (party == NULL)
        return ND_OK;
    nd_status st = ndi_node_text(ndi_node_child(party, "name"), b, NULL, NULL);
    size_t k = 0;
    while (k < b->len && isspace((unsigned char)b->data[k]))
        k++;
    if (k < b->len || st != ND_OK)
        return st;
    nd_buf_clear(b);
    const char *lit = ndi_node_attr(party, "literal");
    if (lit == NULL && qcode)
        lit = qcode_code(ndi_node_attr(party, "qcode"));
    return lit != NULL ? ndi_buf_puts(b, lit) : ND_OK;
}

/* The creators as the byline; else the <by> line; else contributors. */
static nd_status
set_byline(nd_article *a, xmlNode *cm, nd_buf *b)
{
    static const char *const kinds[] = {"creator", "contributor"};
    nd_buf all = {0};
    ndi_hdr_init(&all.hdr);
    nd_status st = ND_OK;
    xmlNode *by = ndi_node_child(cm, "by");
    for (size_t k = 0; k < NDI_ARRAY_LEN(kinds) && all.len == 0; k++) {
        if (k == 1 && by != NULL)
            break; /* the byline says it better than contributors */
        size_t used = 0;
        for (xmlNode *c = cm != NULL ? cm->children : NULL;
             c != NULL && used < MAX_CREATORS && st == ND_OK; c = c->next) {
            if (!ndi_node_is(c, kinds[k]))
                continue;
            st = party_name(c, 0, b);
            size_t len = b->len;
            const char *s = ndi_byline_strip(nd_buf_data(b), &len);
            if (st != ND_OK || len == 0)
                continue;
            if (used++ > 0)
                st = ndi_buf_puts(&all, ", ");
            if (st == ND_OK)
                st = nd_buf_append(&all, s, len);
        }
    }
    if (st == ND_OK && all.len == 0 && by != NULL)
        st = node_str(by, &all);
    if (st == ND_OK && all.len > 0) {
        size_t len = all.len;
        const char *s = ndi_byline_strip(all.data, &len);
        st = nd_article_set(a, ND_F_BYLINE, s, len);
    }
    free(all.data);
    return st;
}

static nd_status
set_source(nd_article *a, xmlNode *im, xmlNode *cm, xmlNode *it, nd_buf *b)
{
    nd_status st = ND_OK;
    nd_buf_clear(b);
    for (xmlNode *c = cm != NULL ? cm->children : NULL;
         c != NULL && b->len == 0 && st == ND_OK; c = c->next)
        if (ndi_node_is(c, "infoSource"))
            st = party_name(c, 0, b);
    if (st == ND_OK && b->len == 0)
        st = party_name(ndi_node_child(im, "provider"), 0, b);
    if (st == ND_OK && b->len == 0)
        st = party_name(
            ndi_node_child(ndi_node_child(it, "rightsInfo"), "copyrightHolder"),
            0, b);
    if (st == ND_OK && b->len == 0)
        st = party_name(ndi_node_child(im, "provider"), 1, b);
    if (st == ND_OK && b->len > 0)
        st = nd_article_set(a, ND_F_SOURCE, b->data, b->len);
    return st;
}

static int
is_http(const char *s)
{
    return s != NULL && (ndi_strncaseeq(s, "http://", 7) ||
                         ndi_strncaseeq(s, "https://", 8));
}

/* The item's web page: an itemMeta <link> that is not about another
 * item (no rel, or rel irel:seeAlso / canonical / self). */
static const char *
item_url(xmlNode *im)
{
    for (xmlNode *c = im != NULL ? im->children : NULL; c != NULL;
         c = c->next) {
        if (!ndi_node_is(c, "link"))
            continue;
        const char *href = ndi_node_attr(c, "href");
        const char *rel = qcode_code(ndi_node_attr(c, "rel"));
        if (is_http(href) &&
            (rel == NULL || strcmp(rel, "seeAlso") == 0 ||
             strcmp(rel, "canonical") == 0 || strcmp(rel, "self") == 0))
            return href;
    }
    return NULL;
}

/* Inline elements of XHTML and NITF; any other element of a vocabulary
 * newsdex does not know is taken to hold a paragraph of its own. */
static int
is_inline(const xmlNode *n)
{
    static const char *const tags[] = {
        "a",     "abbr", "b",     "cite",    "code",     "em",
        "i",     "q",    "small", "span",    "strong",   "sub",
        "sup",   "u",    "chron", "person",  "location", "org",
        "money", "num",  "city",  "country",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(tags); i++)
        if (ndi_node_is(n, tags[i]))
            return 1;
    return 0;
}

/* The text of XML of any vocabulary, with paragraph breaks between all
 * but inline elements. Iterative, like ndi_node_text. */
static nd_status
any_xml_text(const xmlNode *top, nd_buf *out)
{
    nd_status st = ND_OK;
    const xmlNode *n = top->children;
    while (n != NULL && st == ND_OK) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content != NULL)
                st = ndi_buf_puts(out, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !skip_markup(n, NULL)) {
            if (!is_inline(n))
                st = ndi_buf_puts(out, "\n\n");
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* n is finished: close it and every ancestor it was the last of */
        while (n != NULL && n != top && st == ND_OK) {
            if (n->type == XML_ELEMENT_NODE && !is_inline(n))
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

/* The text of an inline XML content: XHTML's body, NITF's body.content,
 * or all the text; a headline found there goes to '*title'. */
static nd_status
inline_xml_text(xmlNode *ix, nd_buf *out, xmlNode **title)
{
    xmlNode *e = ix->children;
    while (e != NULL && e->type != XML_ELEMENT_NODE)
        e = e->next;
    xmlNode *from = ix;
    if (ndi_node_is(e, "html")) {
        xmlNode *body = ndi_node_child(e, "body");
        *title = ndi_node_child(ndi_node_child(e, "head"), "title");
        from = body != NULL ? body : e;
    } else if (ndi_node_is(e, "nitf")) {
        xmlNode *content = ndi_node_find(e, "body.content");
        *title = ndi_node_find(e, "hl1");
        from = content != NULL ? content : e;
    } else {
        return any_xml_text(ix, out);
    }
    return ndi_node_text(from, out, skip_markup, NULL);
}

static int
has_text(const nd_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!isspace((unsigned char)b->data[i]))
            return 1;
    return 0;
}

/* The body from the contentSet: the first inline XML with text, else
 * the first inline data (plain text or HTML; base64 is not text). */
static nd_status
content_text(ndi_parse *p, xmlNode *cs, nd_buf *out, xmlNode **title)
{
    nd_status st = ND_OK;
    nd_buf_clear(out);
    for (xmlNode *c = cs != NULL ? cs->children : NULL;
         c != NULL && st == ND_OK && !has_text(out); c = c->next)
        if (ndi_node_is(c, "inlineXML")) {
            nd_buf_clear(out);
            st = inline_xml_text(c, out, title);
        }
    nd_buf raw = {0};
    ndi_hdr_init(&raw.hdr);
    for (xmlNode *c = cs != NULL ? cs->children : NULL;
         c != NULL && st == ND_OK && !has_text(out); c = c->next) {
        if (!ndi_node_is(c, "inlineData"))
            continue;
        const char *enc = ndi_node_attr(c, "encoding");
        const char *type = ndi_node_attr(c, "contenttype");
        if (enc != NULL && ndi_strncaseeq(enc, "base64", 7))
            continue;
        nd_buf_clear(out);
        st = node_str(c, &raw);
        if (st == ND_OK && type != NULL &&
            ndi_memcasemem(type, strlen(type), "html")) {
            st = ndi_html_text(p, nd_buf_data(&raw), raw.len, out);
            if (st == ND_EFORMAT) /* not parseable: keep it as text */
                st = ND_OK;
            else
                continue;
        }
        if (st == ND_OK)
            st = nd_buf_append(out, raw.data, raw.len);
    }
    free(raw.data);
    return st;
}

/* Picture, video, audio and graphic items are not articles. */
static int
is_media_item(xmlNode *im)
{
    static const char *const media[] = {"picture", "video", "audio", "graphic",
                                        "animation"};
    const char *cls =
        qcode_code(ndi_node_attr(ndi_node_child(im, "itemClass"), "qcode"));
    for (size_t i = 0; cls != NULL && i < NDI_ARRAY_LEN(media); i++)
        if (strcmp(cls, media[i]) == 0)
            return 1;
    return 0;
}

/* One NewsML-G2 newsItem: an article, an item error, or nothing (media). */
static nd_status
g2_item(ndi_parse *p, xmlNode *it, nd_article *a, nd_buf *b, int *media)
{
    xmlNode *im = ndi_node_child(it, "itemMeta");
    xmlNode *cm = ndi_node_child(it, "contentMeta");
    xmlNode *cs = ndi_node_child(it, "contentSet");
    xmlNode *alt_title = NULL;
    int dated = 0;
    *media = is_media_item(im);
    if (*media)
        return ND_OK;
    nd_status st = content_text(p, cs, b, &alt_title);
    if (st == ND_OK && !has_text(b))
        st = ndi_node_text(ndi_node_child(cm, "description"), b, NULL, NULL);
    if (st == ND_OK)
        st = nd_article_set(a, ND_F_BODY, nd_buf_data(b), b->len);
    xmlNode *hl = main_headline(cm);
    if (hl == NULL)
        hl = alt_title != NULL ? alt_title : ndi_node_child(cm, "slugline");
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_TITLE, hl);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(cm, "contentCreated"), b, &dated);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(im, "firstCreated"), b, &dated);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(im, "versionCreated"), b, &dated);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(cm, "contentModified"), b, &dated);
    xmlNode *loc = ndi_node_child(ndi_node_child(cm, "located"), "name");
    if (st == ND_OK && loc != NULL)
        st = ndi_set_from_node(a, ND_F_DATELINE, loc);
    else if (st == ND_OK && ndi_node_child(cm, "dateline") != NULL)
        st = set_dateline(a, ndi_node_child(cm, "dateline"), b);
    if (st == ND_OK)
        st = set_byline(a, cm, b);
    if (st == ND_OK) {
        const char *lang = ndi_node_attr(ndi_node_child(cm, "language"), "tag");
        st = set_lang(a, lang != NULL ? lang : ndi_node_attr(it, "lang"));
    }
    if (st == ND_OK)
        st = set_source(a, im, cm, it, b);
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_DOCNO, ndi_node_attr(it, "guid"));
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_URL, item_url(im));
    return st;
}

/* One NewsML 1 NewsItem: NewsLines, NewsManagement dates, and the first
 * ContentItem with text (NITF, XHTML or plain). */
static nd_status
v1_item(xmlNode *it, nd_article *a, nd_buf *b)
{
    xmlNode *lines = ndi_node_find(it, "NewsLines");
    xmlNode *mgmt = ndi_node_find(it, "NewsManagement");
    xmlNode *alt_title = NULL;
    int dated = 0;
    nd_status st = ND_OK;
    nd_buf_clear(b);
    for (xmlNode *n = it; n != NULL && st == ND_OK && !has_text(b);
         n = walk_next(n, it, 0)) {
        if (!ndi_node_is(n, "DataContent"))
            continue;
        nd_buf_clear(b);
        st = inline_xml_text(n, b, &alt_title);
    }
    if (st == ND_OK)
        st = nd_article_set(a, ND_F_BODY, nd_buf_data(b), b->len);
    xmlNode *hl = ndi_node_child(lines, "HeadLine");
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_TITLE, hl != NULL ? hl : alt_title);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(mgmt, "FirstCreated"), b, &dated);
    if (st == ND_OK)
        st = set_date_node(a, ndi_node_child(mgmt, "ThisRevisionCreated"), b,
                           &dated);
    xmlNode *by = ndi_node_child(lines, "ByLine");
    if (st == ND_OK && by != NULL) {
        st = node_str(by, b);
        size_t len = b->len;
        const char *s = ndi_byline_strip(nd_buf_data(b), &len);
        if (st == ND_OK)
            st = nd_article_set(a, ND_F_BYLINE, s, len);
    }
    if (st == ND_OK && ndi_node_child(lines, "DateLine") != NULL)
        st = set_dateline(a, ndi_node_child(lines, "DateLine"), b);
    if (st == ND_OK)
        st = set_lang(
            a, ndi_node_attr(ndi_node_find(it, "Language"), "FormalName"));
    if (st == ND_OK)
        st = ndi_set_str(
            a, ND_F_SOURCE,
            ndi_node_attr(ndi_node_find(ndi_node_find(it, "Provider"), "Party"),
                          "FormalName"));
    if (st == ND_OK) {
        xmlNode *id = ndi_node_find(it, "PublicIdentifier");
        if (id != NULL)
            st = ndi_set_from_node(a, ND_F_DOCNO, id);
    }
    return st;
}

static nd_status
parse_item(ndi_parse *p, xmlNode *it)
{
    nd_article *a = NULL;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    int media = 0;
    nd_status st = nd_article_new(&a);
    if (st == ND_OK) {
        if (ndi_node_child(it, "NewsComponent") != NULL ||
            ndi_node_child(it, "Identification") != NULL)
            st = v1_item(it, a, &b);
        else
            st = g2_item(p, it, a, &b, &media);
    }
    free(b.data);
    if (st != ND_OK || media) {
        nd_article_free(a);
        return st != ND_OK ? ndi_fail(p->hdr, st, "out of memory") : ND_OK;
    }
    if (*nd_article_title(a) == '\0' && *nd_article_body(a) == '\0') {
        nd_article_free(a);
        return p->item_error(p, "NewsML item without headline or text");
    }
    return p->emit(p, a);
}

static nd_status
parse(ndi_parse *p)
{
    xmlDocPtr doc = ndi_xml_parse(p, p->data, p->len);
    if (doc == NULL)
        return ND_EFORMAT;
    xmlNode *root = xmlDocGetRootElement(doc);
    nd_status st = ND_OK;
    size_t found = 0;
    for (xmlNode *n = root; n != NULL && st == ND_OK;) {
        int item = ndi_node_is(n, "newsItem"); /* NewsML 1: NewsItem */
        if (item) {
            found++;
            st = parse_item(p, n);
        }
        n = walk_next(n, root, item);
    }
    xmlFreeDoc(doc);
    if (st == ND_ETOOBIG)
        st = ND_OK;
    if (st == ND_OK && found == 0)
        return ndi_fail(p->hdr, ND_EFORMAT, "no newsItem in the NewsML file");
    return st;
}

const ndi_format ndi_format_newsml = {"newsml", detect, parse};
