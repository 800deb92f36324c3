/* SPDX-License-Identifier: MIT */
/* check_render.c - hits, statistics and run reports as text and JSON. */
#include <config.h>

#include <check.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "article.h"
#include "fixture.h"

static char dir[1024];
static char coll[1100];
static nd_search *srch;

/* A title with everything JSON must escape; stored raw (the indexer keeps
 * what it is given), so the data lines hold it byte for byte. */
static const char raw_title[] = "Say \"hi\" to C:\\dir\tnow\x01\x1f end";
static const char body0[] =
    "Quarterly profits <b>rose</b> & fell \"sharply\", analysts said.";
/* A path with an invalid byte and a newline, as a file system allows. */
static const char bad_path[] = "arch/bad\xffname\nx.txt";

#define T0 INT64_C(1680512564) /* 2023-04-03T09:02:44Z */

static void
set(nd_article *a, nd_field f, const char *s)
{
    ck_assert_int_eq(nd_article_set(a, f, s, strlen(s)), ND_OK);
}

static void
add(nd_indexer *ix, const char *path, uint32_t item, const char *title,
    const char *body, const char *source, const char *url, const char *docno,
    int64_t date)
{
    char abspath[256];
    snprintf(abspath, sizeof abspath, "/%s", path);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, abspath);
    set(a, ND_F_PATH, path);
    nd_article_set_item(a, item);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    ck_assert_int_eq(ndi_article_set_raw(a, ND_F_TITLE, title, strlen(title)),
                     ND_OK);
    set(a, ND_F_BODY, body);
    set(a, ND_F_SOURCE, source);
    set(a, ND_F_URL, url);
    set(a, ND_F_DOCNO, docno);
    if (date != 0)
        nd_article_set_date(a, date, ND_DATE_DOCUMENT);
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
    add(ix, bad_path, 3, raw_title, body0, "Reuters",
        "https://news.example/a?b=1&c=2", "7", T0);
    add(ix, "arch/plain.txt", 0, "Harbour strike ends",
        "Dock workers went back to work.", "", "", "", 0);
    add(ix, "arch/other.txt", 0, "Strike at the harbour",
        "The harbour strike began today.", "Northern Press", "", "",
        T0 - 86400);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ck_assert_int_eq(nd_search_new(&srch), ND_OK);
    ck_assert_int_eq(nd_search_open(srch, coll), ND_OK);
}

static void
teardown(void)
{
    nd_search_free(srch);
    srch = NULL;
    fx_rmtree(dir);
}

/* ---- helpers ---------------------------------------------------------- */

typedef struct mem {
    char *data;
    size_t len;
    FILE *f;
} mem;

static void
mem_open(mem *m)
{
    memset(m, 0, sizeof *m);
    m->f = open_memstream(&m->data, &m->len);
    ck_assert_ptr_nonnull(m->f);
}

static const char *
mem_close(mem *m)
{
    ck_assert_int_eq(fclose(m->f), 0);
    m->f = NULL;
    return m->data;
}

static nd_hits *
run(const char *query, unsigned offset, unsigned snippet_len)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.offset = offset;
    o.snippet_len = snippet_len;
    nd_hits *h = NULL;
    ck_assert_msg(nd_search_run(srch, query, &o, &h) == ND_OK, "%s",
                  nd_errmsg(srch));
    return h;
}

/* Render 'query' as JSON and parse it back. */
static json_object *
json_of(const char *query, unsigned offset, unsigned snippet_len,
        char **text_out)
{
    nd_hits *h = run(query, offset, snippet_len);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_hits(h, query, ND_RENDER_JSON, 0, m.f), ND_OK);
    const char *txt = mem_close(&m);
    json_object *o = json_tokener_parse(txt);
    ck_assert_msg(o != NULL, "not JSON: %s", txt);
    ck_assert_msg(json_object_is_type(o, json_type_object), "%s", txt);
    nd_hits_free(h);
    if (text_out != NULL)
        *text_out = m.data;
    else
        free(m.data);
    return o;
}

static json_object *
get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "no key %s", key);
    return v;
}

static const char *
get_str(json_object *o, const char *key)
{
    json_object *v = get(o, key);
    ck_assert_msg(json_object_is_type(v, json_type_string),
                  "%s is not a string", key);
    return json_object_get_string(v);
}

static int64_t
get_int(json_object *o, const char *key)
{
    json_object *v = get(o, key);
    ck_assert_msg(json_object_is_type(v, json_type_int), "%s is not an integer",
                  key);
    return json_object_get_int64(v);
}

static int
is_null(json_object *o, const char *key)
{
    return get(o, key) == NULL;
}

/* ---- hits as JSON ----------------------------------------------------- */

START_TEST(test_render_json_hits)
{
    json_object *o = json_of("quarterly profits", 0, 200, NULL);
    ck_assert_str_eq(get_str(o, "schema"), "newsdex-hits/2");
    ck_assert_str_eq(get_str(o, "query"), "quarterly profits");
    ck_assert_int_eq(get_int(o, "total"), 1);
    ck_assert_int_eq(get_int(o, "offset"), 0);
    ck_assert_int_eq(get_int(o, "count"), 1);
    json_object *hits = get(o, "hits");
    ck_assert(json_object_is_type(hits, json_type_array));
    ck_assert_uint_eq(json_object_array_length(hits), 1);
    json_object *h = json_object_array_get_idx(hits, 0);
    ck_assert_uint_eq(strlen(get_str(h, "id")), 16);
    ck_assert_int_eq(get_int(h, "rank"), 1);
    ck_assert(json_object_is_type(get(h, "score"), json_type_double));
    ck_assert(json_object_get_double(get(h, "score")) > 0.0);
    ck_assert_str_eq(get_str(h, "date"), "2023-04-03T09:02:44Z");
    ck_assert_str_eq(get_str(h, "source"), "Reuters");
    ck_assert_str_eq(get_str(h, "url"), "https://news.example/a?b=1&c=2");
    ck_assert(is_null(h, "cluster")); /* no near-duplicates */
    ck_assert_int_eq(get_int(h, "duplicates"), 0);
    ck_assert(!json_object_object_get_ex(h, "duplicate_ids", NULL));
    ck_assert_str_eq(get_str(h, "path"),
                     "arch/bad\xEF\xBF\xBDname\xEF\xBF\xBDx.txt");
    ck_assert_int_eq(get_int(h, "item"), 3);
    ck_assert_str_eq(get_str(h, "docno"), "7");
    const char *sn = get_str(h, "snippet");
    ck_assert_msg(
        strstr(sn, "Quarterly profits <b>rose</b> & fell \"sharply\"") != NULL,
        "%s", sn);
    ck_assert_ptr_null(strchr(sn, '\x01'));
    ck_assert_ptr_null(strchr(sn, '\x02'));
    const char *html = get_str(h, "snippet_html");
    ck_assert_msg(
        strstr(html, "<mark>profits</mark> &lt;b&gt;rose&lt;/b&gt; &amp; fell "
                     "&quot;sharply&quot;") != NULL,
        "%s", html);
    ck_assert_ptr_nonnull(strstr(html, "<mark>Quarterly</mark>"));
    ck_assert_ptr_null(strchr(html, '\x01'));
    json_object_put(o);
}
END_TEST

START_TEST(test_render_json_absent)
{
    /* no url, date or source: null; the paths of url-less hits stay */
    json_object *o = json_of("\"went back\"", 0, 200, NULL);
    json_object *h = json_object_array_get_idx(get(o, "hits"), 0);
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(get_str(h, "title"), "Harbour strike ends");
    ck_assert(is_null(h, "url"));
    ck_assert(is_null(h, "date"));
    ck_assert(is_null(h, "source"));
    ck_assert(is_null(h, "docno"));
    ck_assert_str_eq(get_str(h, "path"), "arch/plain.txt");
    ck_assert_int_eq(get_int(h, "item"), 0);
    json_object_put(o);
    /* no snippet asked: empty strings */
    o = json_of("\"went back\"", 0, 0, NULL);
    h = json_object_array_get_idx(get(o, "hits"), 0);
    ck_assert_str_eq(get_str(h, "snippet"), "");
    ck_assert_str_eq(get_str(h, "snippet_html"), "");
    json_object_put(o);
}
END_TEST

START_TEST(test_render_json_escapes)
{
    /* from the data lines (no snippet): quotes and backslashes survive,
     * control characters become U+FFFD (the output has none at all) */
    char *txt = NULL;
    json_object *o = json_of("quarterly", 0, 0, &txt);
    json_object *h = json_object_array_get_idx(get(o, "hits"), 0);
    ck_assert_str_eq(get_str(h, "title"), "Say \"hi\" to C:\\dir\xEF\xBF\xBDnow"
                                          "\xEF\xBF\xBD\xEF\xBF\xBD end");
    ck_assert_ptr_nonnull(strstr(txt, "\\\"hi\\\""));
    ck_assert_ptr_nonnull(strstr(txt, "C:\\\\dir"));
    /* one line, no raw control characters */
    for (const char *p = txt; *p != '\0'; p++)
        ck_assert_msg((unsigned char)*p >= 0x20 || (*p == '\n' && p[1] == '\0'),
                      "raw control 0x%02x at %td", (unsigned)(unsigned char)*p,
                      p - txt);
    ck_assert_str_eq(get_str(h, "path"),
                     "arch/bad\xEF\xBF\xBDname\xEF\xBF\xBDx.txt");
    json_object_put(o);
    free(txt);
    /* a query with a control character is echoed safely */
    o = json_of("quarterly\x01", 0, 0, &txt);
    ck_assert_str_eq(get_str(o, "query"), "quarterly\xEF\xBF\xBD");
    json_object_put(o);
    free(txt);
}
END_TEST

START_TEST(test_render_json_paging)
{
    json_object *o = json_of("harbour strike", 1, 0, NULL);
    ck_assert_int_eq(get_int(o, "total"), 2);
    ck_assert_int_eq(get_int(o, "offset"), 1);
    ck_assert_int_eq(get_int(o, "count"), 1);
    json_object *h = json_object_array_get_idx(get(o, "hits"), 0);
    ck_assert_int_eq(get_int(h, "rank"), 2);
    json_object_put(o);
}
END_TEST

START_TEST(test_render_json_none)
{
    json_object *o = json_of("zeppelin", 0, 200, NULL);
    ck_assert_int_eq(get_int(o, "total"), 0);
    ck_assert_int_eq(get_int(o, "count"), 0);
    ck_assert_uint_eq(json_object_array_length(get(o, "hits")), 0);
    json_object_put(o);
}
END_TEST

/* ---- hits as text ----------------------------------------------------- */

static char *
text_of(const char *query, int tty)
{
    nd_hits *h = run(query, 0, 200);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_hits(h, query, ND_RENDER_TEXT, tty, m.f), ND_OK);
    mem_close(&m);
    nd_hits_free(h);
    return m.data;
}

START_TEST(test_render_text_plain)
{
    char *t = text_of("harbour strike", 0);
    ck_assert_ptr_null(strchr(t, '\033'));
    ck_assert_ptr_null(strchr(t, '\x01'));
    ck_assert_ptr_null(strchr(t, '\x02'));
    ck_assert_msg(strstr(t, "1. ") == t, "%s", t);
    ck_assert_ptr_nonnull(strstr(t, "2. "));
    ck_assert_ptr_nonnull(strstr(t, "Harbour strike ends"));
    ck_assert_ptr_nonnull(strstr(t, "Strike at the harbour"));
    ck_assert_ptr_nonnull(strstr(t, "2023-04-02 09:02 UTC | Northern Press"));
    ck_assert_ptr_nonnull(strstr(t, "The harbour strike began today."));
    ck_assert_ptr_nonnull(strstr(t, "arch/plain.txt"));
    ck_assert_ptr_nonnull(strstr(t, "About 2 matches; showing 1-2.\n"));
    free(t);
    /* a url is shown instead of the path; a hostile path never prints
     * its control characters */
    t = text_of("quarterly", 0);
    ck_assert_ptr_nonnull(strstr(t, "https://news.example/a?b=1&c=2"));
    free(t);
    nd_hits *h = run("quarterly", 0, 0);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_hits(h, "quarterly", ND_RENDER_TEXT, 0, m.f),
                     ND_OK);
    mem_close(&m);
    ck_assert_ptr_null(strstr(m.data, "name\nx.txt"));
    free(m.data);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_render_text_tty)
{
    char *t = text_of("harbour", 1);
    ck_assert_ptr_nonnull(strstr(t, "\033[1mStrike at the harbour\033[0m"));
    ck_assert_msg(strstr(t, "The \033[1mharbour\033[0m strike") != NULL, "%s",
                  t);
    ck_assert_ptr_null(strchr(t, '\x01'));
    free(t);
}
END_TEST

START_TEST(test_render_text_none)
{
    char *t = text_of("zeppelin", _i);
    ck_assert_str_eq(t, "No matches.\n");
    free(t);
}
END_TEST

/* ---- statistics ------------------------------------------------------- */

static nd_collection_stats
sample_stats(void)
{
    nd_collection_stats s;
    memset(&s, 0, sizeof s);
    s.articles = 6;
    s.sources = 3;
    s.files = 2;
    s.has_dates = 1;
    s.first_date = INT64_C(1679564700);
    s.last_date = T0;
    s.disk_bytes = 3u << 20;
    s.schema = 1;
    return s;
}

START_TEST(test_render_stats_json)
{
    nd_collection_stats s = sample_stats();
    mem m;
    mem_open(&m);
    ck_assert_int_eq(
        nd_render_stats(&s, "/data/coll\n\xff", ND_RENDER_JSON, m.f), ND_OK);
    json_object *o = json_tokener_parse(mem_close(&m));
    ck_assert_msg(o != NULL, "%s", m.data);
    ck_assert_str_eq(get_str(o, "schema"), "newsdex-stats/1");
    ck_assert_str_eq(get_str(o, "collection"),
                     "/data/coll\xEF\xBF\xBD\xEF\xBF\xBD");
    ck_assert_int_eq(get_int(o, "articles"), 6);
    ck_assert_int_eq(get_int(o, "sources"), 3);
    ck_assert_int_eq(get_int(o, "files"), 2);
    ck_assert_str_eq(get_str(o, "first_date"), "2023-03-23T09:45:00Z");
    ck_assert_str_eq(get_str(o, "last_date"), "2023-04-03T09:02:44Z");
    ck_assert_int_eq(get_int(o, "disk_bytes"), 3 << 20);
    ck_assert_int_eq(get_int(o, "schema_version"), 1);
    json_object_put(o);
    free(m.data);
    /* an empty collection has no dates */
    memset(&s, 0, sizeof s);
    mem_open(&m);
    ck_assert_int_eq(nd_render_stats(&s, "c", ND_RENDER_JSON, m.f), ND_OK);
    o = json_tokener_parse(mem_close(&m));
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(get_int(o, "articles"), 0);
    ck_assert(is_null(o, "first_date"));
    ck_assert(is_null(o, "last_date"));
    json_object_put(o);
    free(m.data);
    /* articles, none of them dated: still no dates (not 1970) */
    s = sample_stats();
    s.has_dates = 0;
    s.first_date = s.last_date = 0;
    mem_open(&m);
    ck_assert_int_eq(nd_render_stats(&s, "c", ND_RENDER_JSON, m.f), ND_OK);
    o = json_tokener_parse(mem_close(&m));
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(get_int(o, "articles"), 6);
    ck_assert(is_null(o, "first_date"));
    json_object_put(o);
    free(m.data);
}
END_TEST

START_TEST(test_render_stats_text)
{
    nd_collection_stats s = sample_stats();
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_stats(&s, "/data/coll", ND_RENDER_TEXT, m.f),
                     ND_OK);
    const char *t = mem_close(&m);
    ck_assert_ptr_nonnull(strstr(t, "collection:  /data/coll\n"));
    ck_assert_ptr_nonnull(strstr(t, "articles:    6\n"));
    ck_assert_ptr_nonnull(strstr(t, "sources:     3\n"));
    ck_assert_ptr_nonnull(strstr(
        t, "dates:       2023-03-23T09:45:00Z .. 2023-04-03T09:02:44Z\n"));
    ck_assert_ptr_nonnull(strstr(t, "size:        3.0 MiB\n"));
    free(m.data);
    memset(&s, 0, sizeof s);
    mem_open(&m);
    ck_assert_int_eq(
        nd_render_stats(&s, "/data/\033[2Jcoll", ND_RENDER_TEXT, m.f), ND_OK);
    t = mem_close(&m);
    ck_assert_ptr_nonnull(strstr(t, "dates:       -\n"));
    ck_assert_ptr_null(strchr(t, '\033'));
    free(m.data);
}
END_TEST

/* ---- run reports ------------------------------------------------------ */

START_TEST(test_render_report)
{
    char arch[1100];
    snprintf(arch, sizeof arch, "%s/arch", dir);
    fx_write_str(dir, "arch/good.txt", "A good story\n\nIt has a body.\n");
    fx_write_str(dir, "arch/junk.xml",
                 "<?xml version=\"1.0\"?>\n<LEWIS></LEWIS>\n");
    /* the second story has no text: an item error */
    fx_write_str(dir, "arch/r.sgm",
                 "<LEWIS>\n"
                 "<REUTERS NEWID=\"1\"><TEXT><TITLE>ONE</TITLE>"
                 "<BODY>Body one.</BODY></TEXT></REUTERS>\n"
                 "<REUTERS NEWID=\"2\"><TEXT><TITLE></TITLE>"
                 "<BODY></BODY></TEXT></REUTERS>\n"
                 "</LEWIS>\n");
    fx_write_str(dir, "arch/manifest.tsv", "a\tb\n");
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    o.threads = 2;
    const char *paths[] = {arch};
    nd_run_stats st;
    ck_assert_int_eq(nd_run_paths(run, &o, paths, 1, &st), ND_DONE);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_report(run, &st, m.f), ND_OK);
    json_object *r = json_tokener_parse(mem_close(&m));
    ck_assert_msg(r != NULL, "%s", m.data);
    ck_assert_str_eq(get_str(r, "schema"), "newsdex-report/1");
    ck_assert_int_eq(get_int(r, "files_seen"), 3);
    ck_assert_int_eq(get_int(r, "files_skipped"), 1);
    ck_assert_int_eq(get_int(r, "files_ignored"), 1);
    ck_assert_int_eq(get_int(r, "articles_added"), 2);
    ck_assert_int_eq(get_int(r, "articles_updated"), 0);
    ck_assert_int_eq(get_int(r, "articles_unchanged"), 0);
    ck_assert_int_eq(get_int(r, "articles_removed"), 0);
    ck_assert_int_eq(get_int(r, "items_skipped"), 1);
    json_object *errs = get(r, "errors");
    ck_assert_uint_eq(json_object_array_length(errs), 2);
    int file_err = 0, item_err = 0;
    for (size_t i = 0; i < 2; i++) {
        json_object *e = json_object_array_get_idx(errs, i);
        const char *path = get_str(e, "path");
        ck_assert_str_ne(get_str(e, "reason"), "");
        json_object *item = NULL;
        if (strstr(path, "junk.xml") != NULL) {
            file_err++;
            ck_assert(!json_object_object_get_ex(e, "item", &item));
            ck_assert_ptr_nonnull(strstr(get_str(e, "reason"), "REUTERS"));
        } else if (strstr(path, "r.sgm") != NULL) {
            item_err++;
            ck_assert_int_eq(get_int(e, "item"), 1);
        }
    }
    ck_assert_int_eq(file_err, 1);
    ck_assert_int_eq(item_err, 1);
    json_object_put(r);
    free(m.data);
    nd_run_free(run);
}
END_TEST

/* ---- issue 4: TREC runs, parts, facets -------------------------------- */

START_TEST(test_render_trec)
{
    nd_hits *h = run("harbour strike quarterly", 0, 0);
    ck_assert_uint_eq(nd_hits_count(h), 3);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_trec(h, "301", "myrun", m.f), ND_OK);
    const char *txt = mem_close(&m);
    /* one line per hit: qid Q0 docno rank score tag; the docno is the
     * format's own id, else the article id */
    const char *line = txt;
    for (size_t i = 0; i < 3; i++) {
        char qid[16], q0[8], docno[32], tag[16];
        unsigned rank;
        double score;
        ck_assert_int_eq(sscanf(line, "%15s %7s %31s %u %lf %15s", qid, q0,
                                docno, &rank, &score, tag),
                         6);
        ck_assert_str_eq(qid, "301");
        ck_assert_str_eq(q0, "Q0");
        ck_assert_uint_eq(rank, i + 1);
        ck_assert_str_eq(tag, "myrun");
        const nd_article *a = nd_hits_article(h, i);
        const char *want = *nd_article_get(a, ND_F_DOCNO)
                               ? nd_article_get(a, ND_F_DOCNO)
                               : nd_article_get(a, ND_F_ID);
        ck_assert_str_eq(docno, want);
        line = strchr(line, '\n');
        ck_assert_ptr_nonnull(line);
        line++;
    }
    ck_assert_str_eq(line, "");
    ck_assert_ptr_nonnull(strstr(txt, " Q0 7 "));
    free(m.data);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_render_json_parts)
{
    /* the three hits one page at a time make the same object */
    char *whole = NULL;
    json_object *a = json_of("harbour strike quarterly", 0, 200, &whole);
    mem m;
    mem_open(&m);
    for (unsigned i = 0; i < 3; i++) {
        nd_search_opts o = ND_SEARCH_OPTS_INIT;
        o.offset = i;
        o.count = 1;
        nd_hits *h = NULL;
        ck_assert_int_eq(
            nd_search_run(srch, "harbour strike quarterly", &o, &h), ND_OK);
        unsigned part =
            (i == 0 ? ND_RENDER_FIRST : 0u) | (i == 2 ? ND_RENDER_LAST : 0u);
        ck_assert_int_eq(nd_render_hits_part(h, "harbour strike quarterly",
                                             ND_RENDER_JSON, 0, part, i, m.f),
                         ND_OK);
        nd_hits_free(h);
    }
    const char *txt = mem_close(&m);
    json_object *b = json_tokener_parse(txt);
    ck_assert_msg(b != NULL, "not JSON: %s", txt);
    /* the offset is the first page's; everything else is equal */
    ck_assert_int_eq(get_int(b, "count"), 3);
    ck_assert_msg(json_object_equal(a, b), "%s\n%s", whole, txt);
    json_object_put(a);
    json_object_put(b);
    free(whole);
    free(m.data);
}
END_TEST

START_TEST(test_render_json_facets)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.count = 1;
    o.facets = 1;
    o.histogram = ND_PERIOD_DAY;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_run(srch, "harbour strike quarterly", &o, &h),
                     ND_OK);
    mem m;
    mem_open(&m);
    ck_assert_int_eq(nd_render_hits(h, "q", ND_RENDER_JSON, 0, m.f), ND_OK);
    const char *txt = mem_close(&m);
    json_object *j = json_tokener_parse(txt);
    ck_assert_msg(j != NULL, "not JSON: %s", txt);
    json_object *f = get(j, "facets");
    json_object *src = get(f, "source");
    ck_assert_uint_eq(json_object_array_length(src), 2);
    ck_assert_str_eq(get_str(json_object_array_get_idx(src, 0), "name"),
                     "Northern Press");
    ck_assert_int_eq(get_int(json_object_array_get_idx(src, 0), "count"), 1);
    ck_assert_uint_eq(json_object_array_length(get(f, "person")), 0);
    ck_assert_uint_eq(json_object_array_length(get(f, "month")), 1);
    ck_assert(json_object_is_type(get(f, "related"), json_type_array));
    /* the histogram counts the two dated hits of three, by day */
    json_object *hist = get(j, "histogram");
    ck_assert_uint_eq(json_object_array_length(hist), 2);
    ck_assert_str_eq(get_str(json_object_array_get_idx(hist, 0), "period"),
                     "2023-04-02");
    ck_assert_int_eq(get_int(json_object_array_get_idx(hist, 1), "count"), 1);
    /* every hit has its entities, empty lists when none */
    json_object *hit = json_object_array_get_idx(get(j, "hits"), 0);
    json_object *ent = get(hit, "entities");
    ck_assert_uint_eq(json_object_array_length(get(ent, "person")), 0);
    ck_assert_uint_eq(json_object_array_length(get(ent, "place")), 0);
    ck_assert_uint_eq(json_object_array_length(get(ent, "org")), 0);
    ck_assert_int_eq(json_object_object_get_ex(j, "suggestion", NULL), 0);
    json_object_put(j);
    free(m.data);
    nd_hits_free(h);
    /* without --facets: no such keys */
    json_object *plain = json_of("harbour", 0, 0, NULL);
    ck_assert_int_eq(json_object_object_get_ex(plain, "facets", NULL), 0);
    ck_assert_int_eq(json_object_object_get_ex(plain, "histogram", NULL), 0);
    json_object_put(plain);
}
END_TEST

static Suite *
render_suite(void)
{
    Suite *s = suite_create("render");
    struct {
        const char *name;
        const TTest *test;
        int loop;
    } cases[] = {
        {"json_hits", test_render_json_hits, 0},
        {"json_absent", test_render_json_absent, 0},
        {"json_escapes", test_render_json_escapes, 0},
        {"json_paging", test_render_json_paging, 0},
        {"json_none", test_render_json_none, 0},
        {"text_plain", test_render_text_plain, 0},
        {"text_tty", test_render_text_tty, 0},
        {"text_none", test_render_text_none, 2},
        {"stats_json", test_render_stats_json, 0},
        {"stats_text", test_render_stats_text, 0},
        {"report", test_render_report, 0},
        {"trec", test_render_trec, 0},
        {"json_parts", test_render_json_parts, 0},
        {"json_facets", test_render_json_facets, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        if (cases[i].loop > 0)
            tcase_add_loop_test(tc, cases[i].test, 0, cases[i].loop);
        else
            tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(render_suite());
}
