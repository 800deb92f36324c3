/* SPDX-License-Identifier: MIT */
/*
 * check_page.c - the pages of newsdex.cgi: structure (form labels, hits,
 * highlights, pagination, filters), the article view, Atom and OpenSearch
 * well-formed, and an attack list: hostile values in every parameter and
 * in stored articles, each page parsed with libxml2's HTML parser to find
 * any element or attribute that was injected. Prints tried/escaped/crashes.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "article.h"
#include "cgi.h"
#include "escape.h"
#include "fixture.h"
#include "normalize.h"
#include "page.h"

static char dir[1024];
static char coll[1100];
static nd_search *srch;

#define T0 INT64_C(1680512564) /* 2023-04-03T09:02:44Z */

/* Stored text as hostile as a request: the page must escape both. */
static const char evil_title[] =
    "Harbour <script>alert('t')</script> \"><img src=x onerror=alert(1)>";
static const char evil_body[] =
    "The harbour strike <b onclick=alert(2)>ended</b> & \"workers\" "
    "returned.\n\n</p><iframe src=javascript:alert(3)></iframe> harbour";

static void
set_raw(nd_article *a, nd_field f, const char *s)
{
    ck_assert_int_eq(ndi_article_set_raw(a, f, s, strlen(s)), ND_OK);
}

static void
add(nd_indexer *ix, int i, const char *title, const char *body,
    const char *source, const char *url, int evil)
{
    char path[64];
    snprintf(path, sizeof path, "/arch/%d.txt", i);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set_raw(a, ND_F_ABSPATH, path);
    set_raw(a, ND_F_PATH, path + 1);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set_raw(a, ND_F_TITLE, title);
    set_raw(a, ND_F_BODY, body);
    set_raw(a, ND_F_SOURCE, source);
    set_raw(a, ND_F_URL, url);
    set_raw(a, ND_F_BYLINE, evil ? "By <u>Mallory</u>' onmouseover='x" : "");
    nd_article_set_date(a, T0 - i * 3600, ND_DATE_DOCUMENT);
    const char *p = evil ? "Mal\"lory <script>" : "Jan Harbour";
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, p, strlen(p)),
                     ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, "Rotterdam", 9),
                     ND_OK);
    const char *o =
        evil ? "Acme' onmouseover='x\" <svg onload=alert(5)>" : "Dock Union";
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, o, strlen(o)), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    nd_article_free(a);
}

/* An article with no entities (near-duplicate fixtures). */
static void
add_plain(nd_indexer *ix, int i, const char *title, const char *body)
{
    char path[64];
    snprintf(path, sizeof path, "/arch/p%d.txt", i);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set_raw(a, ND_F_ABSPATH, path);
    set_raw(a, ND_F_PATH, path + 1);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set_raw(a, ND_F_TITLE, title);
    set_raw(a, ND_F_BODY, body);
    set_raw(a, ND_F_SOURCE, "Ferry Gazette");
    nd_article_set_date(a, T0 - 86400 * 40 - i, ND_DATE_DOCUMENT);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    nd_article_free(a);
}

static void
setup(void)
{
    const char *t = fx_tmpdir();
    ck_assert_uint_lt(strlen(t), sizeof dir - 16);
    memcpy(dir, t, strlen(t) + 1);
    snprintf(coll, sizeof coll, "%s/coll", dir);
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    add(ix, 0, evil_title, evil_body, "Wire\"><script>x</script>",
        "javascript:alert(4)", 1);
    /* 24 different stories: the same text would be one cluster of exact
     * duplicates, and bodies under 8 words get no near-duplicate
     * fingerprint, so each is a hit of its own */
    for (int i = 1; i < 25; i++) {
        char body[64];
        snprintf(body, sizeof body, "Harbour dock workers idle, day %d.", i);
        add(ix, i, "Harbour strike day", body, "Northern Press",
            "https://news.example/a?b=1&c=2", 0);
    }
    /* two near-duplicates: one hit "+1 similar" for "ferry" */
    add_plain(ix, 1, "Ferry timetable changes",
              "The island ferry timetable changes on Monday with two extra "
              "crossings in the morning and a later last boat from the "
              "mainland pier, the operator said in a statement.");
    add_plain(ix, 2, "UPDATE 1-Ferry timetable changes",
              "The island ferry timetable changes on Monday with two extra "
              "crossings in the morning and a later last boat from the "
              "mainland pier, the operator said in a statement on Friday.");
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ck_assert_int_eq(nd_search_new(&srch), ND_OK);
    ck_assert_int_eq(nd_search_open(srch, coll), ND_OK);
    xmlInitParser();
}

static void
teardown(void)
{
    nd_search_free(srch);
    srch = NULL;
    fx_rmtree(dir);
}

static nd_hits *
run(const char *query, unsigned offset)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.offset = offset;
    o.facets = 1; /* as the page asks: the sidebar shows them */
    nd_hits *h = NULL;
    ck_assert_msg(nd_search_run(srch, query, &o, &h) == ND_OK, "%s",
                  nd_errmsg(srch));
    return h;
}

static ndi_view
view(void)
{
    ndi_view v = {0};
    v.title = "newsdex";
    v.base_url = "http://127.0.0.1/cgi-bin/newsdex.cgi";
    v.q = "harbour";
    v.page = 1;
    v.per_page = 10;
    v.max_page = 100;
    v.sort = "relevance";
    v.from = v.to = "";
    v.now = T0;
    return v;
}

/* ---- what an HTML parser sees ---------------------------------------- */

typedef struct dom {
    htmlDocPtr doc;
    int injected; /* elements or attributes the page never writes */
    char why[256];
    int marks, forms, inputs, labels_ok, links, hits, scripts;
} dom;

static const char *const allowed_elems[] = {
    "html",    "head", "meta", "title", "link",   "body",   "header",
    "a",       "form", "div",  "label", "input",  "select", "option",
    "button",  "main", "p",    "ol",    "li",     "h1",     "h2",
    "h3",      "time", "mark", "span",  "aside",  "ul",     "nav",
    "article", "dl",   "dt",   "dd",    "footer",
};
static const char *const allowed_attrs[] = {
    "href",     "class",       "id",           "name",     "type",    "value",
    "for",      "placeholder", "maxlength",    "selected", "method",  "role",
    "rel",      "title",       "lang",         "charset",  "content", "start",
    "datetime", "aria-label",  "aria-current",
};

static int
in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static void
walk(dom *d, xmlNodePtr n)
{
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (strcmp(name, "script") == 0)
            d->scripts++;
        if (!in(name, allowed_elems, NDI_ARRAY_LEN(allowed_elems)) &&
            !d->injected) {
            d->injected = 1;
            snprintf(d->why, sizeof d->why, "element <%s>", name);
        }
        d->marks += strcmp(name, "mark") == 0;
        d->forms += strcmp(name, "form") == 0;
        d->inputs += strcmp(name, "input") == 0;
        d->links += strcmp(name, "a") == 0;
        for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
            const char *an = (const char *)a->name;
            xmlChar *val = xmlGetProp(n, a->name);
            const char *v = val != NULL ? (const char *)val : "";
            int bad =
                !in(an, allowed_attrs, NDI_ARRAY_LEN(allowed_attrs)) ||
                strncmp(an, "on", 2) == 0 ||
                ((strcmp(an, "href") == 0) &&
                 (ndi_strncaseeq(v, "javascript:", 11) ||
                  ndi_strncaseeq(v, "data:", 5) || strncmp(v, "//", 2) == 0));
            if (strcmp(name, "li") == 0 && strcmp(an, "class") == 0 &&
                strcmp(v, "hit") == 0)
                d->hits++;
            if (bad && !d->injected) {
                d->injected = 1;
                snprintf(d->why, sizeof d->why,
                         "attribute %s=\"%.40s\" on <%s>", an, v, name);
            }
            xmlFree(val);
        }
        walk(d, n->children);
    }
}

/* Whether every <input> and <select> has a <label for> naming its id. */
static int
labels_ok(htmlDocPtr doc)
{
    xmlNodePtr stack[256];
    int sp = 0, ok = 1;
    char ids[32][32], fors[32][32];
    int nid = 0, nfor = 0;
    stack[sp++] = xmlDocGetRootElement(doc);
    while (sp > 0) {
        xmlNodePtr n = stack[--sp];
        for (; n != NULL; n = n->next) {
            if (n->type != XML_ELEMENT_NODE)
                continue;
            xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
            int hidden = type != NULL && strcmp((char *)type, "hidden") == 0;
            xmlFree(type);
            if ((strcmp((char *)n->name, "input") == 0 && !hidden) ||
                strcmp((char *)n->name, "select") == 0) {
                xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
                if (id == NULL)
                    ok = 0;
                else if (nid < 32)
                    snprintf(ids[nid++], 32, "%s", (char *)id);
                xmlFree(id);
            }
            if (strcmp((char *)n->name, "label") == 0) {
                xmlChar *f = xmlGetProp(n, (const xmlChar *)"for");
                if (f != NULL && nfor < 32)
                    snprintf(fors[nfor++], 32, "%s", (char *)f);
                xmlFree(f);
            }
            if (n->children != NULL && sp < 256)
                stack[sp++] = n->children;
        }
    }
    for (int i = 0; i < nid; i++) {
        int found = 0;
        for (int k = 0; k < nfor; k++)
            found |= strcmp(ids[i], fors[k]) == 0;
        ok &= found;
    }
    return ok && nid > 0;
}

static dom
parse_html(const nd_buf *b)
{
    dom d = {0};
    d.doc = htmlReadMemory(
        nd_buf_data(b), (int)nd_buf_len(b), "page.html", "utf-8",
        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    ck_assert_ptr_nonnull(d.doc);
    walk(&d, xmlDocGetRootElement(d.doc));
    d.labels_ok = labels_ok(d.doc);
    xmlFreeDoc(d.doc);
    d.doc = NULL;
    return d;
}

static int
xml_ok(const nd_buf *b, const char *root)
{
    xmlDocPtr doc = xmlReadMemory(
        nd_buf_data(b), (int)nd_buf_len(b), "doc.xml", NULL,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL)
        return 0;
    xmlNodePtr r = xmlDocGetRootElement(doc);
    int ok = r != NULL && strcmp((const char *)r->name, root) == 0;
    xmlFreeDoc(doc);
    return ok;
}

/* ---- pages ------------------------------------------------------------ */

START_TEST(test_page_results)
{
    nd_hits *h = run("harbour", 0);
    ndi_view v = view();
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    dom d = parse_html(b);
    ck_assert_msg(!d.injected, "%s", d.why);
    ck_assert_int_eq(d.scripts, 0);
    ck_assert_int_eq(d.forms, 1);
    ck_assert_int_ge(d.inputs, 3);
    ck_assert(d.labels_ok);
    ck_assert_int_eq(d.hits, 10);
    ck_assert_int_gt(d.marks, 0);
    const char *s = nd_buf_data(b);
    ck_assert_ptr_nonnull(strstr(s, "25 articles"));
    ck_assert_ptr_nonnull(
        strstr(s, "rel=\"next\" href=\"?q=harbour&amp;page=2\""));
    ck_assert_ptr_nonnull(strstr(s, "f=person%3AJan+Harbour"));
    /* the facet sidebar counts all 25 matches, not the 10 on the page */
    ck_assert_ptr_nonnull(strstr(s, "<h2>Refine</h2>"));
    ck_assert_ptr_nonnull(
        strstr(s, "<li><a class=\"facet\" href=\"?q=harbour&amp;f=place%"
                  "3ARotterdam\">Rotterdam</a> <span class=\"n\">25</span>"));
    ck_assert_ptr_nonnull(strstr(s, "<h3>Organisations</h3>"));
    ck_assert_ptr_nonnull(strstr(s, "<h3>Sources</h3>"));
    ck_assert_ptr_nonnull(
        strstr(s, "href=\"?q=harbour&amp;from=2023-04&amp;to=2023-04\">"
                  "2023-04</a> <span class=\"n\">25</span>"));
    /* the hostile entity names are text in the sidebar */
    ck_assert_ptr_nonnull(strstr(s, "Mal&quot;lory &lt;script&gt;</a>"));
    ck_assert_ptr_nonnull(strstr(s, "&lt;svg onload=alert(5)&gt;</a>"));
    ck_assert_ptr_nonnull(strstr(s, "<mark>"));
    ck_assert_ptr_null(strstr(s, "<script"));
    ck_assert_ptr_null(strstr(s, "style="));
    nd_hits_free(h);
    /* page 3 of 3: a previous link, no next */
    h = run("harbour", 20);
    v.page = 3;
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), "rel=\"prev\""));
    ck_assert_ptr_null(strstr(nd_buf_data(b), "rel=\"next\""));
    ck_assert_ptr_nonnull(
        strstr(nd_buf_data(b), "<ol class=\"hits\" start=\"21\">"));
    nd_hits_free(h);
    /* the front page: a form, no results */
    nd_buf_clear(b);
    v.q = "";
    ck_assert_int_eq(ndi_page_results(b, &v, NULL), ND_OK);
    d = parse_html(b);
    ck_assert_int_eq(d.forms, 1);
    ck_assert_int_eq(d.hits, 0);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_page_filters)
{
    const char *filters[] = {"person:Jan Harbour", "place:Rotterdam"};
    ndi_view v = view();
    v.filters = filters;
    v.nfilters = 2;
    v.from = "2023";
    v.sort = "date";
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_page_query(&v, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b),
                     "harbour person:\"jan harbour\" place:\"rotterdam\"");
    nd_hits *h = run(nd_buf_data(b), 0);
    ck_assert_uint_eq(nd_hits_total(h), 24);
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    const char *s = nd_buf_data(b);
    /* each active filter is a link that removes it, keeping the rest */
    ck_assert_ptr_nonnull(strstr(s, "href=\"?q=harbour&amp;sort=date&amp;from="
                                    "2023&amp;f=place%3ARotterdam\">"
                                    "person:Jan Harbour"));
    ck_assert_ptr_nonnull(strstr(s, "<input type=\"hidden\" name=\"f\" "
                                    "value=\"person:Jan Harbour\">"));
    ck_assert_ptr_nonnull(strstr(s, "<option value=\"date\" selected>"));
    ck_assert_ptr_null(strstr(s,
                              "class=\"facet\" href=\"?q=harbour&amp;"
                              "sort=date&amp;from=2023&amp;f=person%3AJan+"
                              "Harbour&amp;f=place%3ARotterdam&amp;f=place"));
    ck_assert_ptr_null(strstr(s, ">Rotterdam</a> <span class=\"n\">"));
    nd_hits_free(h);
    /* the month in force is not offered again, nor an empty list */
    v.from = v.to = "2023-04";
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_query(&v, b), ND_OK);
    h = run(nd_buf_data(b), 0);
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), "<h2>Refine</h2>"));
    ck_assert_ptr_null(strstr(nd_buf_data(b), "<h3>Months</h3>"));
    nd_hits_free(h);
    /* bad filters */
    static const char *const bad[] = {"", "person:", "nofield", "path:/etc",
                                      "id:0123"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(bad); i++) {
        v.filters = &bad[i];
        v.nfilters = 1;
        nd_buf_clear(b);
        ck_assert_int_eq(ndi_page_query(&v, b), ND_EINVAL);
    }
    /* quotes cannot end the filter's phrase */
    const char *q[] = {"source:a\" OR \"b"};
    v.filters = q;
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_query(&v, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "harbour source:\"a or b\"");
    nd_buf_free(b);
}
END_TEST

START_TEST(test_page_article)
{
    nd_hits *h = run("strike", 0);
    ndi_view v = view();
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        nd_buf_clear(b);
        ck_assert_int_eq(ndi_page_article(b, &v, nd_hits_article(h, i)), ND_OK);
        dom d = parse_html(b);
        ck_assert_msg(!d.injected, "%s", d.why);
        ck_assert_int_eq(d.scripts, 0);
    }
    nd_hits_free(h);
    h = run("script", 0);
    /* the hostile article: its javascript: URL is text, not a link */
    const nd_article *a = NULL;
    for (size_t i = 0; i < nd_hits_count(h); i++)
        if (strstr(nd_article_title(nd_hits_article(h, i)), "script"))
            a = nd_hits_article(h, i);
    ck_assert_ptr_nonnull(a);
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_article(b, &v, a), ND_OK);
    const char *s = nd_buf_data(b);
    ck_assert_ptr_nonnull(strstr(s, "<dd>javascript:alert(4)</dd>"));
    ck_assert_ptr_nonnull(strstr(s, "&lt;iframe src=javascript:alert(3)&gt;"));
    ck_assert_ptr_nonnull(strstr(s, "<dt>People</dt>"));
    dom d = parse_html(b);
    ck_assert_msg(!d.injected, "%s", d.why);
    nd_hits_free(h);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_page_feeds)
{
    nd_hits *h = run("harbour", 0);
    ndi_view v = view();
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_page_atom(b, &v, h), ND_OK);
    ck_assert(xml_ok(b, "feed"));
    const char *s = nd_buf_data(b);
    ck_assert_ptr_nonnull(strstr(s,
                                 "<id>http://127.0.0.1/cgi-bin/"
                                 "newsdex.cgi?q=harbour&amp;format=atom</id>"));
    ck_assert_ptr_nonnull(strstr(s, "<updated>2023-04-03T"));
    ck_assert_ptr_null(strstr(s, "href=\"javascript:"));
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_opensearch(b, &v), ND_OK);
    ck_assert(xml_ok(b, "OpenSearchDescription"));
    ck_assert_ptr_nonnull(
        strstr(nd_buf_data(b), "template=\"http://127.0.0.1/cgi-bin/newsdex.cgi"
                               "?q={searchTerms}"));
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_error(b, &v, 503, "down <now>"), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), "down &lt;now&gt;"));
    ck_assert_ptr_nonnull(strstr(ndi_page_css(), "@media"));
    nd_hits_free(h);
    nd_buf_free(b);
}
END_TEST

/* "+N similar", "did you mean", the like link of the article view. */
START_TEST(test_page_semantics)
{
    ndi_view v = view();
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    nd_hits *h = run("ferry", 0);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_uint_eq(nd_hits_duplicates(h, 0), 1);
    v.q = "ferry";
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), "<p class=\"similar\"><a "
                                                 "href=\"?q=ferry&amp;"
                                                 "collapse=0\""));
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), ">+1 similar</a>"));
    /* the article view links to articles like it */
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_article(b, &v, nd_hits_article(h, 0)), ND_OK);
    char want[80];
    snprintf(want, sizeof want, "id=\"like\" href=\"?like=%s\"",
             nd_article_get(nd_hits_article(h, 0), ND_F_ID));
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), want));
    nd_hits_free(h);
    /* collapse=0 is kept in the links */
    v.no_collapse = 1;
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_search_link(b, &v, 2, NULL, -1, NULL), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "?q=ferry&amp;collapse=0&amp;page=2");
    v.no_collapse = 0;

    /* did you mean: the typed part corrected, the filters kept */
    h = run("harbuor", 0);
    ck_assert_str_eq(nd_hits_suggestion(h), "harbour");
    v.q = "harbuor";
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b),
                                 "id=\"suggest\">Did you mean <a "
                                 "href=\"?q=harbour\">harbour</a>?"));
    nd_hits_free(h);
    const char *f[] = {"place:Rotterdam"};
    v.filters = f;
    v.nfilters = 1;
    v.query = "harbuor place:\"rotterdam\"";
    h = run(v.query, 0);
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b),
                                 "Did you mean <a href=\"?q=harbour&amp;"
                                 "f=place%3ARotterdam\">harbour</a>"));
    nd_hits_free(h);
    /* a hostile query comes back in the suggestion: escaped */
    v.nfilters = 0;
    v.q = v.query = "harbuor \"><script>alert(1)</script>";
    h = run(v.q, 0);
    ck_assert_str_ne(nd_hits_suggestion(h), "");
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_page_results(b, &v, h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(b), "Did you mean"));
    ck_assert_ptr_null(strstr(nd_buf_data(b), "<script"));
    dom d = parse_html(b);
    ck_assert_msg(!d.injected, "%s", d.why);
    ck_assert_int_eq(d.scripts, 0);
    nd_hits_free(h);
    nd_buf_free(b);
}
END_TEST

/* The checker itself finds what it must. */
START_TEST(test_page_detector)
{
    static const char *const bad[] = {
        "<p><img src=x onerror=alert(1)></p>",
        "<p><script>alert(1)</script></p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<p title=\"\" onmouseover=\"x\">t</p>",
        "<p style=\"color:red\">t</p>",
        "<svg onload=alert(1)>",
    };
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    for (size_t i = 0; i < NDI_ARRAY_LEN(bad); i++) {
        nd_buf_clear(b);
        ndi_buf_puts(b, bad[i]);
        dom d = parse_html(b);
        ck_assert_msg(d.injected || d.scripts, "not caught: %s", bad[i]);
    }
    nd_buf_free(b);
}
END_TEST

/* ---- the attack list --------------------------------------------------- */

static const char *const payloads[] = {
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    " autofocus onfocus=alert(1) ",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)//",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "</textarea></title><svg onload=alert(1)>",
    "<!--<script>x</script>-->",
    "]]><x>&lt;",
    "<![CDATA[<script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\r\nSet-Cookie: pwn=1",
    "\r\n\r\n<html><body onload=alert(1)>",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "/etc/passwd\x00.html",
    "\xff\xfe<script>",
    "\xC0\xBCscript\xC0\xBE",
    "\xE2\x80\xA8<style>body{display:none}</style>",
    "<a href=javascript:alert(1)>x</a>",
    "\" style=\"background:url(javascript:alert(1))",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "\x01<b>\x02</mark><script>",
    "${7*7}{{7*7}}<%= 7*7 %>",
    "person:\"x\" OR <script>",
    "-1",
    "99999999999999999999",
    NULL, /* a huge value, made at run time */
};

static const char *const params[] = {
    "q",  "page",   "n",     "sort",     "from", "to",     "f", "c",
    "id", "format", "asset", "collapse", "like", "facets", "zz"};

static unsigned tried, escaped, crashes, rejected, suggested;

/* Percent-encode every byte but letters and digits. */
static void
encode(nd_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            ndi_buf_putc(out, (char)ch);
        else
            ndi_buf_printf(out, "%%%02X", ch);
    }
}

/* Render every page for one request; 0 when nothing was injected. */
static int
attack(const char *qs, size_t qslen, nd_hits *h, const nd_article *evil)
{
    ndi_cgi *c = NULL;
    ck_assert_int_eq(ndi_cgi_new(&c), ND_OK);
    nd_status st = ndi_cgi_parse(c, qs, qslen);
    ndi_view v = view();
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    int bad = 0;
    char why[300] = "";
    if (st != ND_OK) {
        /* the CGI shows the decoder's message on a 400 page */
        rejected++;
        ck_assert_int_eq(ndi_page_error(b, &v, 400, nd_errmsg(c)), ND_OK);
        dom d = parse_html(b);
        bad = d.injected || d.scripts;
        snprintf(why, sizeof why, "%s", d.why);
    } else {
        /* every value lands on the page, checked or not */
        const char *hostile = c->nfilters > 0 ? c->filters[0] : "";
        const char *q = ndi_cgi_get(c, NDI_Q_Q);
        v.q = q != NULL ? q : "";
        for (int k = NDI_Q_PAGE; k < NDI_Q_COUNT; k++) {
            const char *val = ndi_cgi_get(c, (ndi_cgi_key)k);
            if (val == NULL)
                continue;
            hostile = val;
            switch (k) {
            case NDI_Q_SORT:
                v.sort = val;
                break;
            case NDI_Q_FROM:
                v.from = val;
                break;
            case NDI_Q_TO:
                v.to = val;
                break;
            case NDI_Q_C:
                v.coll = val;
                break;
            case NDI_Q_LIKE:
                v.like = val;
                break;
            case NDI_Q_COLLAPSE:
                v.no_collapse = 1;
                v.query = val; /* as if it were the query that ran */
                break;
            default:
                v.notice = val;
                v.title = val;
            }
        }
        v.filters = (const char *const *)c->filters;
        v.nfilters = c->nfilters;
        nd_buf *qb = NULL;
        ck_assert_int_eq(nd_buf_new(&qb), ND_OK);
        ndi_page_query(&v, qb);
        nd_buf_free(qb);
        for (int page = 0; page < 3 && !bad; page++) {
            nd_buf_clear(b);
            st = page == 0   ? ndi_page_results(b, &v, h)
                 : page == 1 ? ndi_page_article(b, &v, evil)
                             : ndi_page_error(b, &v, 400, v.q);
            ck_assert_int_eq(st, ND_OK);
            dom d = parse_html(b);
            bad = d.injected || d.scripts;
            snprintf(why, sizeof why, "page %d: %s", page, d.why);
        }
        /* the value in a query that gets a spelling suggestion: it comes
         * back in "did you mean" */
        nd_buf *sq = NULL;
        ck_assert_int_eq(nd_buf_new(&sq), ND_OK);
        ndi_buf_printf(sq, "harbuor %s", hostile);
        nd_search_opts so = ND_SEARCH_OPTS_INIT;
        so.facets = 1;
        nd_hits *sh = NULL;
        if (!bad && nd_search_run(srch, nd_buf_data(sq), &so, &sh) == ND_OK) {
            ndi_view sv = v;
            sv.q = sv.query = nd_buf_data(sq);
            nd_buf_clear(b);
            ck_assert_int_eq(ndi_page_results(b, &sv, sh), ND_OK);
            if (*nd_hits_suggestion(sh) != '\0')
                suggested++;
            dom d = parse_html(b);
            bad = d.injected || d.scripts;
            snprintf(why, sizeof why, "suggestion: %s", d.why);
        }
        nd_hits_free(sh);
        nd_buf_free(sq);
        nd_buf_clear(b);
        if (!bad && (ndi_page_atom(b, &v, h) != ND_OK || !xml_ok(b, "feed"))) {
            bad = 1;
            snprintf(why, sizeof why, "Atom not well-formed");
        }
        nd_buf_clear(b);
        if (!bad && (ndi_page_opensearch(b, &v) != ND_OK ||
                     !xml_ok(b, "OpenSearchDescription"))) {
            bad = 1;
            snprintf(why, sizeof why, "OpenSearch not well-formed");
        }
    }
    if (bad)
        fprintf(stderr, "INJECTED by '%.80s': %s\n", qs, why);
    nd_buf_free(b);
    ndi_cgi_free(c);
    return bad;
}

START_TEST(test_page_attacks)
{
    nd_hits *h = run("harbour script", 0);
    const nd_article *evil = NULL;
    for (size_t i = 0; i < nd_hits_count(h); i++)
        if (strstr(nd_article_title(nd_hits_article(h, i)), "script"))
            evil = nd_hits_article(h, i);
    ck_assert_ptr_nonnull(evil);
    char *huge = malloc(5001);
    ck_assert_ptr_nonnull(huge);
    for (int i = 0; i < 5000; i++)
        huge[i] = "<\"'>&"[i % 5];
    huge[5000] = '\0';
    nd_buf *qs = NULL;
    ck_assert_int_eq(nd_buf_new(&qs), ND_OK);
    tried = escaped = crashes = rejected = suggested = 0;
    for (size_t p = 0; p < NDI_ARRAY_LEN(payloads); p++) {
        const char *pl = payloads[p] != NULL ? payloads[p] : huge;
        size_t len = strlen(pl);
        if (p == 19) /* the one with a NUL inside */
            len = 17;
        for (size_t k = 0; k < NDI_ARRAY_LEN(params); k++) {
            for (int raw = 0; raw < 2; raw++) {
                nd_buf_clear(qs);
                ndi_buf_printf(qs, "q=harbour&%s=", params[k]);
                if (raw)
                    nd_buf_append(qs, pl, len); /* as a client might send */
                else
                    encode(qs, pl, len);
                tried++;
                fflush(NULL);
                pid_t pid = fork();
                ck_assert_int_ge(pid, 0);
                if (pid == 0)
                    _exit(attack(nd_buf_data(qs), nd_buf_len(qs), h, evil) ? 1
                          : suggested                                      ? 2
                                                                           : 0);
                int ws = 0;
                ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
                if (WIFSIGNALED(ws))
                    crashes++;
                else if (WIFEXITED(ws) && WEXITSTATUS(ws) != 1) {
                    escaped++;
                    suggested += WEXITSTATUS(ws) == 2;
                }
            }
        }
    }
    printf("attack list: %u tried, %u escaped, %u crashes (%u with a "
           "\"did you mean\" of the value)\n",
           tried, escaped, crashes, suggested);
    fflush(stdout);
    ck_assert_uint_eq(crashes, 0);
    ck_assert_uint_eq(escaped, tried);
    ck_assert_uint_gt(tried, 1000);
    ck_assert_uint_gt(suggested, 100);
    nd_buf_free(qs);
    free(huge);
    nd_hits_free(h);
}
END_TEST

static Suite *
page_suite(void)
{
    Suite *s = suite_create("page");
    struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"results", test_page_results},     {"filters", test_page_filters},
        {"article", test_page_article},     {"feeds", test_page_feeds},
        {"detector", test_page_detector},   {"attacks", test_page_attacks},
        {"semantics", test_page_semantics},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(page_suite());
}
