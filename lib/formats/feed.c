/* SPDX-License-Identifier: MIT */
/*
 * feed.c - RSS (2.0, 0.9x, and 1.0 RDF) and Atom (1.0, 0.3) feeds: one
 * article per <item>/<entry>, its full text from content:encoded or Atom
 * <content> (escaped HTML, inline XHTML or text), else the description or
 * summary; the channel's title and language where the item has none.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

/* Namespaces an item's own elements may be in, besides none. */
static const char *const rss_ns[] = {
    "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://backend.userland.com/rss2",
    "http://blogs.law.harvard.edu/tech/rss",
};
static const char *const atom_ns[] = {
    "http://www.w3.org/2005/Atom",
    "http://purl.org/atom/ns#",
};
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_ATOM "http://www.w3.org/2005/Atom"

/* Authors joined into one byline at most. */
#define MAX_AUTHORS 8

static int
detect_rss(const char *name, const char *head, size_t len)
{
    (void)name;
    if (ndi_root_is(head, len, "rss"))
        return 90;
    /* RSS 1.0 (and 0.90) is RDF: the namespace or its items tell. */
    if (ndi_root_is(head, len, "RDF") &&
        (ndi_memcasemem(head, len, "purl.org/rss/1.0") ||
         ndi_memcasemem(head, len, "netscape.com/rdf/simple/0.9") ||
         ndi_memcasemem(head, len, "<item")))
        return 90;
    return 0;
}

static int
detect_atom(const char *name, const char *head, size_t len)
{
    (void)name;
    if (!ndi_root_is(head, len, "feed"))
        return 0;
    return ndi_memcasemem(head, len, "www.w3.org/2005/Atom") ||
                   ndi_memcasemem(head, len, "purl.org/atom/ns")
               ? 90
               : 60;
}

typedef enum feed_kind { FEED_RSS, FEED_ATOM } feed_kind;

/* How an element's text is marked up (Atom's type attribute). */
typedef enum text_type { T_NONE, T_PLAIN, T_HTML, T_XHTML } text_type;

typedef struct feed {
    ndi_parse *p;
    feed_kind kind;
    xmlDocPtr doc;
    xmlNode *root;
    xmlNode *channel;   /* RSS <channel>, Atom <feed>; may be NULL */
    char *source;       /* the channel's title (owned), or NULL */
    char *lang;         /* the channel's language (owned), or NULL */
    char *link;         /* the channel's link (owned), or NULL */
    char *authors;      /* Atom feed authors (owned), or NULL */
    size_t items, errs; /* items seen, items reported as errors */
    nd_buf tmp, html, text;
} feed;

/* Whether a namespace URI is 'want', ignoring a trailing '/' or '#'. */
static int
ns_is(const xmlChar *href, const char *want)
{
    if (href == NULL)
        return 0;
    size_t a = strlen((const char *)href), b = strlen(want);
    while (a > 0 && (href[a - 1] == '/' || href[a - 1] == '#'))
        a--;
    while (b > 0 && (want[b - 1] == '/' || want[b - 1] == '#'))
        b--;
    return a == b && memcmp(href, want, a) == 0;
}

/* Whether 'n' is in the feed's own vocabulary (or in no namespace). */
static int
own(const feed *f, const xmlNode *n)
{
    if (n->ns == NULL || n->ns->href == NULL)
        return 1;
    const char *const *v = f->kind == FEED_RSS ? rss_ns : atom_ns;
    size_t nv =
        f->kind == FEED_RSS ? NDI_ARRAY_LEN(rss_ns) : NDI_ARRAY_LEN(atom_ns);
    for (size_t i = 0; i < nv; i++)
        if (ns_is(n->ns->href, v[i]))
            return 1;
    return 0;
}

/* The first child element of 'n' named 'name' in namespace 'ns' (NULL:
 * the feed's own). */
static xmlNode *
child(const feed *f, const xmlNode *n, const char *name, const char *ns)
{
    if (n == NULL)
        return NULL;
    for (xmlNode *c = n->children; c != NULL; c = c->next) {
        if (!ndi_node_is(c, name))
            continue;
        if (ns == NULL ? own(f, c) : (c->ns != NULL && ns_is(c->ns->href, ns)))
            return c;
    }
    return NULL;
}

static int
is_item(const feed *f, const xmlNode *n)
{
    return ndi_node_is(n, f->kind == FEED_RSS ? "item" : "entry") && own(f, n);
}

/* The next element or text below 'top' in document order, descending
 * into children unless 'skip'. Entity references are never entered.
 * Iterative: no nesting depth can exhaust the stack. */
static xmlNode *
walk_next(const xmlNode *top, xmlNode *n, int skip)
{
    if (!skip && n->type == XML_ELEMENT_NODE && n->children != NULL)
        return n->children;
    while (n != NULL && n != top) {
        if (n->next != NULL)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* The next element of the walk for items. Items are looked for under
 * every element: recovery from an unclosed tag nests the items after it
 * inside it. */
static xmlNode *
next_element(const feed *f, xmlNode *n)
{
    n = walk_next(f->root, n, 0);
    while (n != NULL && n->type != XML_ELEMENT_NODE)
        n = walk_next(f->root, n, 0);
    return n;
}

/* ---- text ------------------------------------------------------------ */

static nd_status
put_utf8(nd_buf *out, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nd_buf_append(out, u, n);
}

/* The code point of the reference "&name;" at s[0..len) (name without
 * '&' and ';'), or 0 when it is not one. */
static uint32_t
entity_value(const char *s, size_t len)
{
    char name[40];
    if (len == 0 || len >= sizeof name)
        return 0;
    if (s[0] == '#') {
        int hex = len > 1 && (s[1] == 'x' || s[1] == 'X');
        size_t i = hex ? 2 : 1;
        uint32_t v = 0;
        if (i >= len)
            return 0;
        for (; i < len; i++) {
            int d;
            if (isdigit((unsigned char)s[i]))
                d = s[i] - '0';
            else if (hex && isxdigit((unsigned char)s[i]))
                d = tolower((unsigned char)s[i]) - 'a' + 10;
            else
                return 0;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF)
                return 0;
        }
        if (v >= 0xD800 && v <= 0xDFFF)
            return 0;
        return v;
    }
    memcpy(name, s, len);
    name[len] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e != NULL ? e->value : 0;
}

/* The code point of an entity reference left in the tree when its name
 * is an HTML one (&nbsp; in an RSS 0.91 feed without its DTD), else 0.
 * Nothing else of an entity is ever read. */
static uint32_t
html_entity(const xmlNode *n)
{
    if (n->type != XML_ENTITY_REF_NODE || n->name == NULL)
        return 0;
    const htmlEntityDesc *e = htmlEntityLookup(n->name);
    return e != NULL ? e->value : 0;
}

/* The text of 'n' as one run into 'out' (cleared first), leaving out
 * items nested by recovery. */
static nd_status
plain(const feed *f, xmlNode *n, nd_buf *out)
{
    nd_status st = ND_OK;
    nd_buf_clear(out);
    if (n == NULL)
        return ND_OK;
    for (xmlNode *c = n->children; c != NULL && st == ND_OK;) {
        int skip = is_item(f, c);
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content != NULL)
            st = ndi_buf_puts(out, (const char *)c->content);
        else if (html_entity(c) != 0)
            st = put_utf8(out, html_entity(c));
        c = walk_next(n, c, skip);
    }
    return st;
}

/* Append 's' with HTML character references decoded: a title escaped
 * twice ("AT&amp;amp;T") reads "AT&T". */
static nd_status
decode_entities(const char *s, size_t len, nd_buf *out)
{
    nd_status st = ND_OK;
    size_t i = 0, run = 0;
    while (i < len && st == ND_OK) {
        if (s[i] != '&') {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < len && j - i < 40 && s[j] != ';' && s[j] != '&' &&
               !isspace((unsigned char)s[j]))
            j++;
        uint32_t cp =
            j < len && s[j] == ';' ? entity_value(s + i + 1, j - i - 1) : 0;
        if (cp == 0) {
            i++;
            continue;
        }
        st = nd_buf_append(out, s + run, i - run);
        if (st == ND_OK)
            st = put_utf8(out, cp);
        i = run = j + 1;
    }
    if (st == ND_OK)
        st = nd_buf_append(out, s + run, len - run);
    return st;
}

/* Whether 's' holds something that looks like an HTML tag. */
static int
has_tag(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '<' && (isalpha((unsigned char)s[i + 1]) ||
                            s[i + 1] == '/' || s[i + 1] == '!'))
            return 1;
    return 0;
}

/* Append 's' with the characters markup gives meaning to escaped. */
static nd_status
put_escaped(nd_buf *out, const char *s)
{
    nd_status st = ND_OK;
    for (const char *q = s; *q != '\0' && st == ND_OK; q++) {
        if (*q == '<')
            st = ndi_buf_puts(out, "&lt;");
        else if (*q == '>')
            st = ndi_buf_puts(out, "&gt;");
        else if (*q == '&')
            st = ndi_buf_puts(out, "&amp;");
        else if (*q == '"')
            st = ndi_buf_puts(out, "&quot;");
        else
            st = ndi_buf_putc(out, *q);
    }
    return st;
}

/* Append element 'n' and its content as markup (the inline HTML of a
 * description, an Atom XHTML div), leaving out items nested by recovery. */
static nd_status
put_markup(const feed *f, xmlNode *top, nd_buf *out)
{
    nd_status st = ND_OK;
    xmlNode *n = top;
    while (n != NULL && st == ND_OK) {
        int open = 0;
        if (n->type == XML_ELEMENT_NODE && !is_item(f, n)) {
            st = ndi_buf_printf(out, "<%s", (const char *)n->name);
            for (xmlAttr *a = n->properties; a != NULL && st == ND_OK;
                 a = a->next) {
                const xmlNode *v = a->children;
                st = ndi_buf_printf(out, " %s=\"", (const char *)a->name);
                if (st == ND_OK && v != NULL && v->type == XML_TEXT_NODE &&
                    v->content != NULL)
                    st = put_escaped(out, (const char *)v->content);
                if (st == ND_OK)
                    st = ndi_buf_putc(out, '"');
            }
            if (st == ND_OK)
                st = ndi_buf_putc(out, '>');
            open = n->children != NULL;
            if (!open && st == ND_OK)
                st = ndi_buf_printf(out, "</%s>", (const char *)n->name);
        } else if ((n->type == XML_TEXT_NODE ||
                    n->type == XML_CDATA_SECTION_NODE) &&
                   n->content != NULL) {
            st = put_escaped(out, (const char *)n->content);
        } else if (html_entity(n) != 0) {
            st = ndi_buf_printf(out, "&%s;", (const char *)n->name);
        }
        if (open) {
            n = n->children;
            continue;
        }
        /* n is done: close every element it was the last child of */
        while (n != top && n->next == NULL && st == ND_OK) {
            n = n->parent;
            st = ndi_buf_printf(out, "</%s>", (const char *)n->name);
        }
        n = n != top ? n->next : NULL;
    }
    return st;
}

/*
 * The HTML an element holds, in a <body> of its own (so a fragment of
 * several paragraphs parses as siblings): text is escaped HTML (CDATA or
 * entities) unless 'xhtml', child elements are inline markup.
 */
static nd_status
inner_html(const feed *f, xmlNode *n, int xhtml, nd_buf *out)
{
    nd_buf_clear(out);
    nd_status st = ndi_buf_puts(out, "<body>");
    for (xmlNode *c = n->children; c != NULL && st == ND_OK; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content == NULL)
                continue;
            st = xhtml ? put_escaped(out, (const char *)c->content)
                       : ndi_buf_puts(out, (const char *)c->content);
        } else if (html_entity(c) != 0) {
            st = ndi_buf_printf(out, "&%s;", (const char *)c->name);
        } else if (c->type == XML_ELEMENT_NODE) {
            st = put_markup(f, c, out);
        }
    }
    if (st == ND_OK)
        st = ndi_buf_puts(out, "</body>");
    return st;
}

/* Append the text of the HTML in 'html' to 'out'. HTML that cannot be
 * parsed gives no text; only ND_ENOMEM is an error. */
static nd_status
html_text(feed *f, const nd_buf *html, nd_buf *out)
{
    nd_status st =
        ndi_html_text(f->p, nd_buf_data(html), nd_buf_len(html), out);
    return st == ND_ENOMEM ? st : ND_OK;
}

/* What markup an Atom text construct holds. */
static text_type
atom_type(const xmlNode *n)
{
    const char *t = ndi_node_attr(n, "type");
    const char *mode = ndi_node_attr(n, "mode"); /* Atom 0.3 */
    if (ndi_node_attr(n, "src") != NULL)
        return T_NONE; /* out-of-line content: nothing here */
    if (mode != NULL && strcmp(mode, "base64") == 0)
        return T_NONE;
    if (mode != NULL && strcmp(mode, "escaped") == 0)
        return T_HTML;
    if (t == NULL || strcmp(t, "text") == 0 || strcmp(t, "text/plain") == 0)
        return T_PLAIN;
    if (strcmp(t, "html") == 0 || strcmp(t, "text/html") == 0)
        return T_HTML;
    size_t n2 = strlen(t);
    if (strcmp(t, "xhtml") == 0 ||
        (n2 >= 4 &&
         (strcmp(t + n2 - 4, "+xml") == 0 || strcmp(t + n2 - 4, "/xml") == 0)))
        return T_XHTML;
    if (strncmp(t, "text/", 5) == 0)
        return T_PLAIN;
    return T_NONE;
}

/* The text of 'n' into f->text (cleared first), read as 'type'. A title
 * ('line') in plain text still has HTML references decoded, and in RSS
 * it is HTML when it holds tags. */
static nd_status
text_of(feed *f, xmlNode *n, text_type type, int line)
{
    nd_buf_clear(&f->text);
    if (n == NULL || type == T_NONE)
        return ND_OK;
    if (type == T_PLAIN) {
        if (!line)
            return plain(f, n, &f->text);
        nd_status st = plain(f, n, &f->tmp);
        if (st != ND_OK)
            return st;
        if (f->kind == FEED_RSS && has_tag(f->tmp.data, f->tmp.len))
            type = T_HTML;
        else
            return decode_entities(nd_buf_data(&f->tmp), f->tmp.len, &f->text);
    }
    nd_status st = inner_html(f, n, type == T_XHTML, &f->html);
    return st == ND_OK ? html_text(f, &f->html, &f->text) : st;
}

/* The text of a title-like element: RSS titles are plain text that may
 * hold HTML, Atom ones say what they hold. */
static nd_status
line_of(feed *f, xmlNode *n)
{
    return text_of(f, n, f->kind == FEED_ATOM ? atom_type(n) : T_PLAIN, 1);
}

/* A copy of f->text trimmed, or NULL when empty ('*st' set on ENOMEM). */
static char *
take_text(feed *f, nd_status *st)
{
    const char *s = nd_buf_data(&f->text);
    size_t len = f->text.len;
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0)
        return NULL;
    char *c = ndi_strndup(s, len);
    if (c == NULL)
        *st = ND_ENOMEM;
    return c;
}

/* Set 'field' of 'a' from f->text unless that is empty. */
static nd_status
set_text(feed *f, nd_article *a, nd_field field)
{
    if (f->text.len == 0)
        return ND_OK;
    return nd_article_set(a, field, nd_buf_data(&f->text), f->text.len);
}

/* ---- fields ---------------------------------------------------------- */

/* The ISO 639-1 code of a language tag ("en-US" -> "en"), or nothing. */
static nd_status
set_lang(nd_article *a, const char *tag)
{
    return ndi_lang_set(a, tag, tag != NULL ? strlen(tag) : 0);
}

/* The plain text of 'n', trimmed, in f->tmp; NULL when empty. */
static const char *
trimmed(feed *f, xmlNode *n, nd_status *st)
{
    if (n == NULL)
        return NULL;
    *st = plain(f, n, &f->tmp);
    if (*st != ND_OK)
        return NULL;
    char *s = f->tmp.data;
    size_t len = f->tmp.len;
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    return len > 0 ? s : NULL;
}

static int
is_http(const char *u)
{
    return u != NULL && (ndi_strncaseeq(u, "http://", 7) ||
                         ndi_strncaseeq(u, "https://", 8));
}

/* Set the URL from 'href' of node 'n', resolved against xml:base (or
 * the channel's link); only http(s) URLs are kept. Returns 1 if set. */
static int
set_url(feed *f, nd_article *a, const char *href, xmlNode *n, nd_status *st)
{
    if (href == NULL || *href == '\0')
        return 0;
    if (is_http(href)) {
        *st = ndi_set_str(a, ND_F_URL, href);
        return 1;
    }
    xmlChar *base = xmlNodeGetBase(f->doc, n);
    const char *b = (const char *)base;
    if (!is_http(b))
        b = f->link;
    int set = 0;
    if (is_http(b)) {
        xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)b);
        if (u != NULL && is_http((const char *)u)) {
            *st = ndi_set_str(a, ND_F_URL, (const char *)u);
            set = 1;
        }
        xmlFree(u);
    }
    xmlFree(base);
    return set;
}

/* "jdoe@example.com (Jane Doe)" -> "Jane Doe", "Jane Doe <jd@x.org>" ->
 * "Jane Doe"; a bare address is no name (length 0). */
static const char *
author_name(const char *s, size_t *len)
{
    size_t n = *len;
    const char *at = memchr(s, '@', n);
    if (at == NULL)
        return s;
    const char *open = memchr(s, '(', n);
    const char *close = n > 0 && s[n - 1] == ')' ? s + n - 1 : NULL;
    if (open != NULL && close != NULL && open < close && at < open) {
        *len = (size_t)(close - open - 1);
        return open + 1;
    }
    const char *lt = memchr(s, '<', n);
    if (lt != NULL && lt < at) {
        *len = (size_t)(lt - s);
        while (*len > 0 &&
               (isspace((unsigned char)s[*len - 1]) || s[*len - 1] == '"'))
            (*len)--;
        while (*len > 0 && (isspace((unsigned char)*s) || *s == '"')) {
            s++;
            (*len)--;
        }
        return s;
    }
    *len = 0;
    return s;
}

/* Add one author's name to the byline being built in f->text. */
static nd_status
add_author(feed *f, const char *s, size_t len, int email_form)
{
    if (email_form)
        s = author_name(s, &len);
    s = ndi_byline_strip(s, &len);
    if (len == 0)
        return ND_OK;
    nd_status st = ND_OK;
    if (f->text.len > 0)
        st = ndi_buf_puts(&f->text, ", ");
    return st == ND_OK ? nd_buf_append(&f->text, s, len) : st;
}

/* The names of the authors among the children of 'n' into f->text: RSS
 * dc:creator then author, Atom author/name. */
static nd_status
authors_of(feed *f, xmlNode *n)
{
    nd_status st = ND_OK;
    size_t count = 0;
    nd_buf_clear(&f->text);
    if (n == NULL)
        return ND_OK;
    for (int pass = 0; pass < 2 && f->text.len == 0 && st == ND_OK; pass++) {
        for (xmlNode *c = n->children;
             c != NULL && st == ND_OK && count < MAX_AUTHORS; c = c->next) {
            xmlNode *name = NULL;
            int email = 0;
            if (f->kind == FEED_ATOM) {
                if (pass == 1)
                    break;
                if (ndi_node_is(c, "author") && own(f, c))
                    name = child(f, c, "name", NULL);
            } else if (pass == 0) {
                if (ndi_node_is(c, "creator") && c->ns != NULL &&
                    ns_is(c->ns->href, NS_DC))
                    name = c;
            } else if (ndi_node_is(c, "author") && own(f, c)) {
                name = c;
                email = 1;
            }
            const char *s = trimmed(f, name, &st);
            if (s == NULL)
                continue;
            st = add_author(f, s, strlen(s), email);
            count++;
        }
    }
    return st;
}

/* Where an item's date may be, best first: publication, then change. */
typedef struct date_tag {
    const char *name, *ns;
} date_tag;

static const date_tag rss_dates[] = {
    {"pubDate", NULL},        {"date", NS_DC},        {"issued", NS_DCTERMS},
    {"created", NS_DCTERMS},  {"published", NS_ATOM}, {"updated", NS_ATOM},
    {"modified", NS_DCTERMS},
};
static const date_tag atom_dates[] = {
    {"published", NULL}, {"issued", NULL},  {"updated", NULL},
    {"modified", NULL},  {"created", NULL}, {"date", NS_DC},
};

/* The first date of the item that parses. */
static void
set_date(feed *f, nd_article *a, xmlNode *it, nd_status *st)
{
    const date_tag *t = f->kind == FEED_RSS ? rss_dates : atom_dates;
    size_t k = f->kind == FEED_RSS ? NDI_ARRAY_LEN(rss_dates)
                                   : NDI_ARRAY_LEN(atom_dates);
    for (size_t i = 0; i < k && *st == ND_OK; i++)
        if (ndi_set_date_str(a,
                             trimmed(f, child(f, it, t[i].name, t[i].ns), st)))
            return;
}

/* The body: full text first, the summary when that gives nothing. */
static nd_status
set_body(feed *f, nd_article *a, xmlNode *it)
{
    nd_status st = ND_OK;
    if (f->kind == FEED_RSS) {
        xmlNode *full = child(f, it, "encoded", NS_CONTENT);
        st = text_of(f, full, T_HTML, 0);
        if (st == ND_OK && f->text.len == 0)
            st = text_of(f, child(f, it, "description", NULL), T_HTML, 0);
    } else {
        xmlNode *c = child(f, it, "content", NULL);
        st = text_of(f, c, c != NULL ? atom_type(c) : T_NONE, 0);
        if (st == ND_OK && f->text.len == 0) {
            xmlNode *s = child(f, it, "summary", NULL);
            st = text_of(f, s, s != NULL ? atom_type(s) : T_NONE, 0);
        }
    }
    return st == ND_OK ? set_text(f, a, ND_F_BODY) : st;
}

/* The URL of an RSS item: <link>, a permalink <guid>, an atom:link, the
 * RDF about. */
static nd_status
rss_url(feed *f, nd_article *a, xmlNode *it)
{
    nd_status st = ND_OK;
    xmlNode *link = child(f, it, "link", NULL);
    const char *s = trimmed(f, link, &st);
    if (st != ND_OK || set_url(f, a, s, link, &st))
        return st;
    xmlNode *guid = child(f, it, "guid", NULL);
    const char *perma = ndi_node_attr(guid, "isPermaLink");
    s = trimmed(f, guid, &st);
    if (st != ND_OK || ((perma == NULL || strcmp(perma, "false") != 0) &&
                        is_http(s) && set_url(f, a, s, guid, &st)))
        return st;
    for (xmlNode *c = it->children; c != NULL; c = c->next) {
        const char *rel = ndi_node_attr(c, "rel");
        if (ndi_node_is(c, "link") && c->ns != NULL &&
            ns_is(c->ns->href, NS_ATOM) &&
            (rel == NULL || strcmp(rel, "alternate") == 0) &&
            is_http(ndi_node_attr(c, "href")))
            return ndi_set_str(a, ND_F_URL, ndi_node_attr(c, "href"));
    }
    const char *about = ndi_node_attr(it, "about");
    if (is_http(about))
        st = ndi_set_str(a, ND_F_URL, about);
    return st;
}

/* The URL of an Atom entry: its alternate link, HTML preferred. */
static nd_status
atom_url(feed *f, nd_article *a, xmlNode *it)
{
    nd_status st = ND_OK;
    xmlNode *best = NULL, *html = NULL;
    for (xmlNode *c = it->children; c != NULL && html == NULL; c = c->next) {
        if (!ndi_node_is(c, "link") || !own(f, c))
            continue;
        const char *rel = ndi_node_attr(c, "rel");
        const char *type = ndi_node_attr(c, "type");
        if (rel != NULL && strcmp(rel, "alternate") != 0)
            continue;
        if (best == NULL)
            best = c;
        if (type == NULL || strstr(type, "html") != NULL)
            html = c;
    }
    if (html != NULL)
        best = html;
    if (best != NULL)
        set_url(f, a, ndi_node_attr(best, "href"), best, &st);
    return st;
}

/* Source, language and the other fields the item may leave to its feed. */
static nd_status
set_context(feed *f, nd_article *a, xmlNode *it)
{
    nd_status st = ND_OK;
    /* source: the item's own, else the channel's title */
    xmlNode *src = child(f, it, "source", NULL);
    if (src != NULL && f->kind == FEED_ATOM)
        src = child(f, src, "title", NULL);
    if (src != NULL) {
        st = line_of(f, src);
        if (st == ND_OK)
            st = set_text(f, a, ND_F_SOURCE);
    }
    if (st == ND_OK && *nd_article_get(a, ND_F_SOURCE) == '\0')
        st = ndi_set_str(a, ND_F_SOURCE, f->source);

    /* language: the item's, inherited xml:lang, the channel's */
    const char *l = trimmed(f, child(f, it, "language", NS_DC), &st);
    if (st == ND_OK && l != NULL)
        st = set_lang(a, l);
    if (st == ND_OK && *nd_article_get(a, ND_F_LANG) == '\0') {
        xmlChar *xl = xmlNodeGetLang(it);
        st = set_lang(a, (const char *)xl);
        xmlFree(xl);
    }
    if (st == ND_OK && *nd_article_get(a, ND_F_LANG) == '\0')
        st = set_lang(a, f->lang);
    return st;
}

/* One <item> or <entry> as an article ('*out' is the caller's). */
static nd_status
item_article(feed *f, xmlNode *it, nd_article **out)
{
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        return st;
    st = line_of(f, child(f, it, "title", NULL));
    if (st == ND_OK)
        st = set_text(f, a, ND_F_TITLE);
    if (st == ND_OK)
        st = set_body(f, a, it);
    if (st == ND_OK)
        st = authors_of(f, it);
    if (st == ND_OK && f->text.len == 0 && f->kind == FEED_ATOM) {
        st = authors_of(f, child(f, it, "source", NULL));
        if (st == ND_OK && f->text.len == 0 && f->authors != NULL)
            st = ndi_buf_puts(&f->text, f->authors);
    }
    if (st == ND_OK)
        st = set_text(f, a, ND_F_BYLINE);
    if (st == ND_OK) {
        const char *id = trimmed(
            f, child(f, it, f->kind == FEED_RSS ? "guid" : "id", NULL), &st);
        if (id == NULL && f->kind == FEED_RSS)
            id = ndi_node_attr(it, "about"); /* RSS 1.0 */
        if (st == ND_OK)
            st = ndi_set_str(a, ND_F_DOCNO, id);
    }
    if (st == ND_OK)
        st = f->kind == FEED_RSS ? rss_url(f, a, it) : atom_url(f, a, it);
    if (st == ND_OK)
        set_date(f, a, it, &st);
    if (st == ND_OK)
        st = set_context(f, a, it);
    if (st != ND_OK) {
        nd_article_free(a);
        return st;
    }
    *out = a;
    return ND_OK;
}

/* What the channel says for all its items: title, language, authors. */
static nd_status
feed_meta(feed *f)
{
    nd_status st = ND_OK;
    if (f->kind == FEED_RSS) {
        f->channel = child(f, f->root, "channel", NULL);
    } else {
        f->channel = f->root;
        st = authors_of(f, f->root);
        if (st == ND_OK)
            f->authors = take_text(f, &st);
    }
    if (st == ND_OK)
        st = line_of(f, child(f, f->channel, "title", NULL));
    if (st == ND_OK)
        f->source = take_text(f, &st);
    if (st == ND_OK) {
        xmlNode *l = child(f, f->channel, "link", NULL);
        const char *href =
            f->kind == FEED_RSS ? trimmed(f, l, &st) : ndi_node_attr(l, "href");
        if (is_http(href) &&
            (f->link = ndi_strndup(href, strlen(href))) == NULL)
            st = ND_ENOMEM;
    }
    if (st == ND_OK && f->kind == FEED_RSS) {
        const char *l = trimmed(f, child(f, f->channel, "language", NULL), &st);
        if (l == NULL && st == ND_OK)
            l = trimmed(f, child(f, f->channel, "language", NS_DC), &st);
        if (l != NULL) {
            f->lang = ndi_strndup(l, strlen(l));
            if (f->lang == NULL)
                st = ND_ENOMEM;
        }
    }
    return st;
}

/* Read every item in document order. Returns ND_OK when the walk ended
 * or the reader wants no more, else the error. */
static nd_status
read_items(feed *f)
{
    ndi_parse *p = f->p;
    const char *what = f->kind == FEED_RSS ? "RSS item" : "Atom entry";
    char why[64];
    snprintf(why, sizeof why, "%s without title or text", what);
    for (xmlNode *n = next_element(f, f->root); n != NULL;
         n = next_element(f, n)) {
        if (!is_item(f, n))
            continue;
        f->items++;
        nd_article *a = NULL;
        nd_status st = item_article(f, n, &a);
        if (st != ND_OK)
            return ndi_fail(p->hdr, st, "out of memory");
        if (*nd_article_title(a) == '\0' && *nd_article_body(a) == '\0') {
            nd_article_free(a);
            st = p->item_error(p, why);
            /* errors are not articles, so the reader's cap does not stop
             * a feed of empty items: this one does */
            if (st == ND_OK && ++f->errs >= p->lim->max_items)
                return p->item_error(p, "too many items without text "
                                        "(--max-items); the rest are skipped");
        } else {
            st = p->emit(p, a);
            if (st == ND_ETOOBIG)
                return ND_OK;
        }
        if (st != ND_OK)
            return st;
    }
    return ND_OK;
}

/*
 * A NUL byte ends libxml2's parse for good, losing every item after it.
 * In a feed in UTF-8 or an 8-bit charset it is noise: '*copy' gets the
 * bytes with each NUL as a space (NULL when there is none, or when the
 * feed is UTF-16, where NULs are part of the text).
 */
static nd_status
without_nuls(const char *data, size_t len, char **copy)
{
    size_t bom;
    const char *cs = ndi_bom_charset(data, len, &bom);
    *copy = NULL;
    if (memchr(data, '\0', len) == NULL ||
        (cs != NULL && strcmp(cs, "UTF-8") != 0) ||
        (len >= 2 && (data[0] == '\0' || data[1] == '\0')))
        return ND_OK;
    char *c = malloc(len + 1);
    if (c == NULL)
        return ND_ENOMEM;
    for (size_t i = 0; i < len; i++)
        c[i] = data[i] != '\0' ? data[i] : ' ';
    c[len] = '\0';
    *copy = c;
    return ND_OK;
}

static nd_status
parse(ndi_parse *p)
{
    feed f = {.p = p};
    ndi_hdr_init(&f.tmp.hdr);
    ndi_hdr_init(&f.html.hdr);
    ndi_hdr_init(&f.text.hdr);
    char *clean = NULL;
    if (without_nuls(p->data, p->len, &clean) != ND_OK)
        return ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
    f.doc = ndi_xml_parse(p, clean != NULL ? clean : p->data, p->len);
    free(clean);
    if (f.doc == NULL)
        return ND_EFORMAT;
    nd_status st = ND_OK;
    f.root = xmlDocGetRootElement(f.doc);
    if (ndi_node_is(f.root, "rss") || ndi_node_is(f.root, "RDF")) {
        f.kind = FEED_RSS;
    } else if (ndi_node_is(f.root, "feed")) {
        f.kind = FEED_ATOM;
    } else {
        st = ndi_fail(p->hdr, ND_EFORMAT,
                      "not an RSS or Atom feed: the root is <%.40s>",
                      (const char *)f.root->name);
        goto out;
    }
    st = feed_meta(&f);
    if (st != ND_OK) {
        st = ndi_fail(p->hdr, st, "out of memory");
        goto out;
    }
    st = read_items(&f);
    if (st == ND_OK && f.items == 0)
        st = ndi_fail(p->hdr, ND_EFORMAT, "no articles: the feed has no <%s>",
                      f.kind == FEED_RSS ? "item" : "entry");
out:
    free(f.source);
    free(f.lang);
    free(f.link);
    free(f.authors);
    free(f.tmp.data);
    free(f.html.data);
    free(f.text.data);
    xmlFreeDoc(f.doc);
    return st;
}

const ndi_format ndi_format_rss = {"rss", detect_rss, parse};
const ndi_format ndi_format_atom = {"atom", detect_atom, parse};
