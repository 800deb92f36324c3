/* SPDX-License-Identifier: MIT */
/*
 * html.c - news web pages. The article, not the page: metadata from
 * <meta> (Open Graph, article:*), JSON-LD and <time>; text from <article>
 * or <main>, without scripts, navigation, asides, footers, share bars and
 * lists of links ("Most read").
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

static int
detect(const char *name, const char *head, size_t len)
{
    char root[64];
    if (ndi_root_name(head, len, root, sizeof root) > 0) {
        if (ndi_strncaseeq(root, "html", 5))
            return 80;
        /* Fragments: a page without <html> still starts with a tag. */
        if (ndi_memcasemem(head, len, "<body") ||
            ndi_memcasemem(head, len, "<p>") ||
            ndi_memcasemem(head, len, "<article") ||
            ndi_memcasemem(head, len, "<title"))
            return ndi_has_ext(name, "html") || ndi_has_ext(name, "htm") ? 70
                                                                         : 30;
        return 0;
    }
    return 0;
}

/* What the page says about the article, before the text. */
typedef struct meta {
    const char *og_title, *og_site, *og_url, *published, *author, *lang;
    const char *appname, *canonical, *locale, *content_lang;
    xmlNode *title;
    /* from JSON-LD (owned) */
    char *ld_headline, *ld_date, *ld_author, *ld_publisher, *ld_url;
} meta;

static void
meta_free(meta *m)
{
    free(m->ld_headline);
    free(m->ld_date);
    free(m->ld_author);
    free(m->ld_publisher);
    free(m->ld_url);
}

static char *
json_str(json_object *o, const char *key)
{
    json_object *v;
    if (o == NULL || !json_object_object_get_ex(o, key, &v))
        return NULL;
    if (json_object_is_type(v, json_type_array) &&
        json_object_array_length(v) > 0)
        v = json_object_array_get_idx(v, 0);
    if (json_object_is_type(v, json_type_object)) {
        json_object *name;
        if (!json_object_object_get_ex(v, "name", &name))
            return NULL;
        v = name;
    }
    if (!json_object_is_type(v, json_type_string))
        return NULL;
    const char *s = json_object_get_string(v);
    return ndi_strndup(s, strlen(s));
}

static int
is_article_type(json_object *o)
{
    json_object *t;
    if (!json_object_object_get_ex(o, "@type", &t))
        return 0;
    if (json_object_is_type(t, json_type_array) &&
        json_object_array_length(t) > 0)
        t = json_object_array_get_idx(t, 0);
    const char *s = json_object_get_string(t);
    return s != NULL &&
           (strstr(s, "Article") != NULL || strcmp(s, "BlogPosting") == 0 ||
            strcmp(s, "Report") == 0);
}

static void
take(char **dst, char *src)
{
    if (*dst == NULL)
        *dst = src;
    else
        free(src);
}

/* Read the first NewsArticle-like object of a JSON-LD block. */
static void
jsonld(meta *m, const char *text)
{
    json_tokener *tok = json_tokener_new_ex(32);
    if (tok == NULL)
        return;
    json_object *root =
        json_tokener_parse_ex(tok, text, (int)strnlen(text, 1 << 20));
    json_tokener_free(tok);
    if (root == NULL)
        return;
    json_object *cands[64];
    size_t n = 0;
    cands[n++] = root;
    for (size_t i = 0; i < n; i++) {
        json_object *o = cands[i];
        if (json_object_is_type(o, json_type_array)) {
            size_t k = json_object_array_length(o);
            for (size_t j = 0; j < k && n < NDI_ARRAY_LEN(cands); j++)
                cands[n++] = json_object_array_get_idx(o, j);
            continue;
        }
        if (!json_object_is_type(o, json_type_object))
            continue;
        json_object *graph;
        if (json_object_object_get_ex(o, "@graph", &graph) &&
            n < NDI_ARRAY_LEN(cands))
            cands[n++] = graph;
        if (!is_article_type(o))
            continue;
        take(&m->ld_headline, json_str(o, "headline"));
        take(&m->ld_date, json_str(o, "datePublished"));
        take(&m->ld_author, json_str(o, "author"));
        take(&m->ld_publisher, json_str(o, "publisher"));
        take(&m->ld_url, json_str(o, "url"));
        break;
    }
    json_object_put(root);
}

static void
read_meta(meta *m, xmlNode *html)
{
    m->lang = ndi_node_attr(html, "lang");
    for (xmlNode *n = html->children; n != NULL;) {
        if (n->type == XML_ELEMENT_NODE) {
            if (ndi_node_is(n, "meta")) {
                const char *prop = ndi_node_attr(n, "property");
                const char *name = ndi_node_attr(n, "name");
                const char *itemprop = ndi_node_attr(n, "itemprop");
                const char *equiv = ndi_node_attr(n, "http-equiv");
                const char *content = ndi_node_attr(n, "content");
                const char *key = prop != NULL   ? prop
                                  : name != NULL ? name
                                                 : itemprop;
                if (content != NULL && key != NULL) {
                    if (strcmp(key, "og:title") == 0 && m->og_title == NULL)
                        m->og_title = content;
                    else if (strcmp(key, "og:site_name") == 0)
                        m->og_site = content;
                    else if (strcmp(key, "og:url") == 0)
                        m->og_url = content;
                    else if (strcmp(key, "og:locale") == 0)
                        m->locale = content;
                    else if (strcmp(key, "author") == 0 && m->author == NULL)
                        m->author = content;
                    else if (strcmp(key, "application-name") == 0)
                        m->appname = content;
                    else if (m->published == NULL &&
                             (strcmp(key, "article:published_time") == 0 ||
                              strcmp(key, "datePublished") == 0 ||
                              ndi_strncaseeq(key, "pubdate", 8) ||
                              ndi_strncaseeq(key, "publish-date", 13) ||
                              ndi_strncaseeq(key, "dc.date.issued", 15) ||
                              ndi_strncaseeq(key, "dc.date", 8) ||
                              ndi_strncaseeq(key, "date", 5)))
                        m->published = content;
                }
                if (equiv != NULL && content != NULL &&
                    ndi_strncaseeq(equiv, "content-language", 17))
                    m->content_lang = content;
            } else if (ndi_node_is(n, "title") && m->title == NULL) {
                m->title = n;
            } else if (ndi_node_is(n, "link")) {
                const char *rel = ndi_node_attr(n, "rel");
                if (rel != NULL && ndi_strncaseeq(rel, "canonical", 10))
                    m->canonical = ndi_node_attr(n, "href");
            } else if (ndi_node_is(n, "script")) {
                const char *type = ndi_node_attr(n, "type");
                if (type != NULL &&
                    ndi_strncaseeq(type, "application/ld+json", 20) &&
                    n->children != NULL && n->children->content != NULL)
                    jsonld(m, (const char *)n->children->content);
            }
        }
        /* depth-first over the whole page; scripts have text children */
        if (n->children != NULL && n->type == XML_ELEMENT_NODE &&
            !ndi_node_is(n, "script")) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != html && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == html)
            break;
        n = n->next;
    }
}

/* Class and id words that mark page furniture rather than story text. */
static int
is_furniture_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "byline",       "share",      "sharing",     "social",
        "related",      "newsletter", "advert",      "advertisement",
        "ad",           "ads",        "ad-slot",     "most-read",
        "mostread",     "popular",    "promo",       "comments",
        "comment",      "breadcrumb", "breadcrumbs", "tags",
        "sidebar",      "subscribe",  "paywall",     "cookie",
        "footer",       "header",     "nav",         "navigation",
        "menu",         "sponsored",  "recommended", "trending",
        "author-bio",   "skip-link",  "kicker",      "timestamp",
        "article-meta", "print",      "caption",     "credit",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(words); i++)
        if (strlen(words[i]) == n && ndi_strncaseeq(w, words[i], n))
            return 1;
    if (n > 3 && ndi_strncaseeq(w, "ad-", 3))
        return 1;
    return 0;
}

static int
has_furniture_token(const char *v)
{
    if (v == NULL)
        return 0;
    while (*v != '\0') {
        while (*v == ' ' || *v == '\t')
            v++;
        const char *s = v;
        while (*v != '\0' && *v != ' ' && *v != '\t')
            v++;
        if (v > s && is_furniture_word(s, (size_t)(v - s)))
            return 1;
    }
    return 0;
}

/* Length of the text below 'n', and how much of it is inside links. */
static void
link_density(const xmlNode *top, size_t *all, size_t *linked)
{
    *all = *linked = 0;
    const xmlNode *n = top->children;
    while (n != NULL) {
        if (n->type == XML_TEXT_NODE && n->content != NULL) {
            size_t len = 0;
            for (const xmlChar *c = n->content; *c; c++)
                len += !isspace(*c);
            *all += len;
            for (const xmlNode *up = n->parent; up != NULL && up != top;
                 up = up->parent)
                if (ndi_node_is(up, "a")) {
                    *linked += len;
                    break;
                }
        }
        if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != top && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == top)
            break;
        n = n->next;
    }
}

static int
skip_node(const xmlNode *n, void *ctx)
{
    static const char *const tags[] = {
        "script",   "style",  "noscript", "nav",      "header", "footer",
        "aside",    "form",   "iframe",   "svg",      "button", "select",
        "template", "object", "embed",    "canvas",   "audio",  "video",
        "figure",   "h1",     "input",    "textarea", "menu",   "dialog",
    };
    (void)ctx;
    for (size_t i = 0; i < NDI_ARRAY_LEN(tags); i++)
        if (ndi_node_is(n, tags[i]))
            return 1;
    if (has_furniture_token(ndi_node_attr(n, "class")) ||
        has_furniture_token(ndi_node_attr(n, "id")))
        return 1;
    const char *role = ndi_node_attr(n, "role");
    if (role != NULL &&
        (strcmp(role, "navigation") == 0 ||
         strcmp(role, "complementary") == 0 || strcmp(role, "banner") == 0 ||
         strcmp(role, "contentinfo") == 0))
        return 1;
    const char *hidden = ndi_node_attr(n, "aria-hidden");
    if (ndi_node_attr(n, "hidden") != NULL ||
        (hidden != NULL && strcmp(hidden, "true") == 0))
        return 1;
    if (ndi_node_is(n, "ul") || ndi_node_is(n, "ol")) {
        size_t all, linked;
        link_density(n, &all, &linked);
        if (all > 0 && linked * 2 >= all)
            return 1; /* a list of links: "Most read", "Related" */
    }
    if (ndi_node_is(n, "p") || ndi_node_is(n, "div")) {
        size_t all, linked;
        link_density(n, &all, &linked);
        if (all > 0 && all < 120 && linked * 10 >= all * 9)
            return 1; /* a short block that is only a link: a section label */
    }
    if (ndi_node_is(n, "time") && n->parent != NULL &&
        !ndi_node_is(n->parent, "p") && !ndi_node_is(n->parent, "span") &&
        !ndi_node_is(n->parent, "li") && !ndi_node_is(n->parent, "em"))
        return 1; /* the publication stamp; the date itself is metadata */
    return 0;
}

static size_t
text_len(const xmlNode *n)
{
    size_t all, linked;
    link_density(n, &all, &linked);
    return all - linked;
}

/* The element holding the story. */
static xmlNode *
story_root(xmlNode *html, int *is_article)
{
    xmlNode *best = NULL, *body = NULL, *main_el = NULL, *itembody = NULL;
    size_t best_len = 0;
    *is_article = 1;
    for (xmlNode *n = html; n != NULL;) {
        int descend = 1;
        if (n->type == XML_ELEMENT_NODE) {
            if (ndi_node_is(n, "article")) {
                size_t len = text_len(n);
                if (best == NULL || len > best_len) {
                    best = n;
                    best_len = len;
                }
                descend = 0; /* nested articles are teasers */
            } else if (ndi_node_is(n, "main") && main_el == NULL) {
                main_el = n;
            } else if (ndi_node_is(n, "body") && body == NULL) {
                body = n;
            } else if (itembody == NULL) {
                const char *ip = ndi_node_attr(n, "itemprop");
                if (ip != NULL && strcmp(ip, "articleBody") == 0)
                    itembody = n;
            }
            if (ndi_node_is(n, "script") || ndi_node_is(n, "style"))
                descend = 0;
        }
        if (descend && n->children != NULL && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != html && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == html)
            break;
        n = n->next;
    }
    if (best != NULL)
        return best;
    if (main_el != NULL)
        return main_el;
    if (itembody != NULL)
        return itembody;
    *is_article = 0;
    return body != NULL ? body : html;
}

/* The first element below 'top' with attribute 'attr' containing 'val'
 * as a word (class) or equal to it. */
static xmlNode *
find_attr(xmlNode *top, const char *attr, const char *val)
{
    if (top == NULL)
        return NULL;
    for (xmlNode *n = top->children; n != NULL;) {
        const char *v = ndi_node_attr(n, attr);
        if (v != NULL) {
            size_t vl = strlen(val);
            for (const char *s = v; (s = strstr(s, val)) != NULL; s++)
                if ((s == v || s[-1] == ' ') && (s[vl] == '\0' || s[vl] == ' '))
                    return n;
        }
        if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != NULL && n != top && n->next == NULL)
            n = n->parent;
        if (n == NULL || n == top)
            break;
        n = n->next;
    }
    return NULL;
}

/* "Headline | Site" -> "Headline" when the site is known or the tail is
 * short; the site in '*site_out' (owned) when none was known. */
static nd_status
set_title_from_tag(nd_article *a, xmlNode *title, const char *site,
                   char **site_out)
{
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_node_text(title, &b, NULL, NULL);
    if (st != ND_OK || b.len == 0)
        goto out;
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ",
                                       " \xE2\x80\x93 ", " :: "};
    size_t cut = b.len;
    for (size_t i = 0; i < NDI_ARRAY_LEN(seps); i++) {
        const char *last = NULL;
        for (const char *s = b.data; (s = strstr(s, seps[i])) != NULL; s++)
            last = s;
        if (last == NULL)
            continue;
        const char *tail = last + strlen(seps[i]);
        if ((site != NULL && strstr(tail, site) != NULL) ||
            strlen(tail) <= 40) {
            cut = (size_t)(last - b.data);
            if (site == NULL && site_out != NULL)
                *site_out = ndi_strndup(tail, strlen(tail));
            break;
        }
    }
    st = nd_article_set(a, ND_F_TITLE, b.data, cut);
out:
    free(b.data);
    return st;
}

/* The first of <html lang>, Content-Language and og:locale that names a
 * language ("en_US" -> "en"). */
static nd_status
set_lang(nd_article *a, const char *const tags[3])
{
    nd_status st = ND_OK;
    for (int i = 0; i < 3 && st == ND_OK; i++)
        if (*nd_article_get(a, ND_F_LANG) == '\0' && tags[i] != NULL)
            st = ndi_lang_set(a, tags[i], strlen(tags[i]));
    return st;
}

static nd_status
set_byline(nd_article *a, meta *m, xmlNode *root)
{
    xmlNode *n = find_attr(root, "itemprop", "author");
    if (n == NULL)
        n = find_attr(root, "rel", "author");
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ND_OK;
    const char *s = NULL;
    size_t len = 0;
    if (n != NULL) {
        st = ndi_node_text(n, &b, NULL, NULL);
        s = b.data;
        len = b.len;
    } else if (m->author != NULL) {
        s = m->author;
        len = strlen(s);
    } else if (m->ld_author != NULL) {
        s = m->ld_author;
        len = strlen(s);
    } else if ((n = find_attr(root, "class", "byline")) != NULL) {
        st = ndi_node_text(n, &b, NULL, NULL);
        s = b.data;
        len = b.len;
        const char *bar = s != NULL ? memchr(s, '|', len) : NULL;
        if (bar != NULL)
            len = (size_t)(bar - s);
    }
    if (st == ND_OK && s != NULL && len > 0) {
        s = ndi_byline_strip(s, &len);
        if (len > 0 && len < 200)
            st = nd_article_set(a, ND_F_BYLINE, s, len);
    }
    free(b.data);
    return st;
}

static nd_status
set_dateline(nd_article *a, xmlNode *root)
{
    xmlNode *n = find_attr(root, "class", "dateline");
    if (n == NULL)
        return ND_OK;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_node_text(n, &b, NULL, NULL);
    size_t len = b.len;
    /* "Nicosia —" -> "Nicosia" */
    while (len > 0 &&
           (isspace((unsigned char)b.data[len - 1]) || b.data[len - 1] == '-'))
        len--;
    if (len >= 3 && memcmp(b.data + len - 3, "\xE2\x80\x94", 3) == 0)
        len -= 3;
    while (len > 0 && isspace((unsigned char)b.data[len - 1]))
        len--;
    if (st == ND_OK && len > 0)
        st = nd_article_set(a, ND_F_DATELINE, b.data, len);
    free(b.data);
    return st;
}

nd_status
ndi_html_article(ndi_parse *p, const char *data, size_t len,
                 const char *charset, nd_article **out)
{
    *out = NULL;
    xmlDocPtr doc = ndi_html_parse(p, data, len, charset);
    if (doc == NULL)
        return ND_EFORMAT;
    meta m;
    memset(&m, 0, sizeof m);
    char *site_from_title = NULL;
    nd_article *a = NULL;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    xmlNode *html = xmlDocGetRootElement(doc);
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        goto out;
    read_meta(&m, html);
    int is_article;
    xmlNode *root = story_root(html, &is_article);

    xmlNode *h1 = is_article ? ndi_node_find(root, "h1") : NULL;
    if (h1 != NULL)
        st = ndi_set_from_node(a, ND_F_TITLE, h1);
    if (st == ND_OK && *nd_article_title(a) == '\0') {
        if (m.og_title != NULL)
            st = ndi_set_str(a, ND_F_TITLE, m.og_title);
        else if (m.ld_headline != NULL)
            st = ndi_set_str(a, ND_F_TITLE, m.ld_headline);
    }
    const char *site = m.og_site != NULL        ? m.og_site
                       : m.ld_publisher != NULL ? m.ld_publisher
                                                : m.appname;
    if (st == ND_OK && m.title != NULL &&
        (*nd_article_title(a) == '\0' || site == NULL)) {
        /* The <title> tag gives the headline, or at least the site. */
        nd_article *tmp = NULL;
        st = nd_article_new(&tmp);
        if (st == ND_OK)
            st = set_title_from_tag(tmp, m.title, site, &site_from_title);
        if (st == ND_OK && *nd_article_title(a) == '\0')
            st = ndi_set_str(a, ND_F_TITLE, nd_article_title(tmp));
        nd_article_free(tmp);
        if (site == NULL)
            site = site_from_title;
    }
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_SOURCE, site);
    if (st == ND_OK) {
        const char *url = m.og_url != NULL      ? m.og_url
                          : m.canonical != NULL ? m.canonical
                                                : m.ld_url;
        if (url != NULL && (ndi_strncaseeq(url, "http://", 7) ||
                            ndi_strncaseeq(url, "https://", 8)))
            st = ndi_set_str(a, ND_F_URL, url);
    }
    if (st == ND_OK) {
        const char *const tags[3] = {m.lang, m.content_lang, m.locale};
        st = set_lang(a, tags);
    }
    if (st == ND_OK)
        st = set_byline(a, &m, root);
    if (st == ND_OK)
        st = set_dateline(a, root);
    if (st == ND_OK && !ndi_set_date_str(a, m.published) &&
        !ndi_set_date_str(a, m.ld_date)) {
        xmlNode *t = ndi_node_find(root, "time");
        if (t == NULL)
            t = ndi_node_find(html, "time");
        ndi_set_date_str(a, ndi_node_attr(t, "datetime"));
    }
    if (st == ND_OK) {
        st = ndi_node_text(root, &b, skip_node, NULL);
        if (st == ND_OK)
            st = nd_article_set(a, ND_F_BODY, nd_buf_data(&b), b.len);
    }
out:
    free(b.data);
    free(site_from_title);
    meta_free(&m);
    xmlFreeDoc(doc);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    *out = a;
    return ND_OK;
}

nd_status
ndi_html_text(ndi_parse *p, const char *html, size_t len, nd_buf *out)
{
    xmlDocPtr doc = ndi_html_parse(p, html, len, "UTF-8");
    if (doc == NULL)
        return ND_EFORMAT;
    nd_status st =
        ndi_node_text(xmlDocGetRootElement(doc), out, skip_node, NULL);
    xmlFreeDoc(doc);
    return st != ND_OK ? ndi_fail(p->hdr, st, "out of memory") : ND_OK;
}

static nd_status
parse(ndi_parse *p)
{
    nd_article *a = NULL;
    nd_status st = ndi_html_article(p, p->data, p->len, NULL, &a);
    if (st != ND_OK)
        return st;
    st = p->emit(p, a);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_html = {"html", detect, parse};
