/* SPDX-License-Identifier: MIT */
/* check_search.c - queries against a small hand-made collection. */
#include <config.h>

#include <check.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "index.h"
#include "normalize.h"
#include "schema.h"
#include "search.h"
#include "xdb.h"

static char dir[1024];
static char coll[1100];

/* The collection: six articles on different topics. Every body says
 * "reported", so one query matches them all. */
static const struct story {
    const char *path, *title, *body, *source, *url, *docno, *person;
    uint32_t item;
    int64_t date; /* 0: none */
} stories[] = {
    {"arch/reut.xml", "Oil prices jump after OPEC cut",
     "Oil prices jumped more than six percent on Monday after the OPEC group "
     "announced production cuts, traders reported.",
     "Reuters", "https://news.example/oil-prices", "2", "Xi Jinping", 1,
     INT64_C(1680512564)}, /* 2023-04-03T09:02:44Z */
    {"arch/daily news/100%.html", "Central bank raises interest rates",
     "The central bank lifted its policy rate by half a point, days after the "
     "rescue of a large lender, the bank reported.",
     "Continental Daily", "", "", NULL, 0,
     INT64_C(1679564700)}, /* 2023-03-23T09:45:00Z */
    {"arch/text/dock.txt", "Dock strike leaves ships at anchor",
     "Container ships and oil tankers waited at anchor as dock workers stopped "
     "work for a third day, the port reported.",
     "Northern Press", "", "", NULL, 0, INT64_C(1679999999)},
    {"arch/text/wheat.txt", "India expects a record wheat harvest",
     "Farmers reported a record harvest of wheat after good rains in the "
     "north.",
     "Reuters", "", "", NULL, 0, INT64_C(1681300000)},
    {"arch/text/lithium.txt", "Portugal approves lithium mine",
     "Lithium prices rose and mining shares jumped after the government "
     "approved the project, newspapers reported.",
     "Iberian Wire", "https://iberian.example/lithium", "", NULL, 0,
     INT64_C(1681900000)},
    {"arch/text/cup.txt", "Portmoor Athletic win the cup",
     "Portmoor Athletic won the challenge cup final with a late goal, the club "
     "reported.",
     "Sports Desk", "", "", NULL, 0, 0},
};
#define NSTORIES (sizeof stories / sizeof stories[0])

static char ids[NSTORIES][17];

static void
set(nd_article *a, nd_field f, const char *s)
{
    ck_assert_int_eq(nd_article_set(a, f, s, strlen(s)), ND_OK);
}

static void
build(void)
{
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    for (size_t i = 0; i < NSTORIES; i++) {
        const struct story *s = &stories[i];
        char abspath[256];
        snprintf(abspath, sizeof abspath, "/%s", s->path);
        nd_article *a = NULL;
        ck_assert_int_eq(nd_article_new(&a), ND_OK);
        set(a, ND_F_ABSPATH, abspath);
        set(a, ND_F_PATH, s->path);
        nd_article_set_item(a, s->item);
        ck_assert_int_eq(nd_article_make_id(a), ND_OK);
        set(a, ND_F_TITLE, s->title);
        set(a, ND_F_BODY, s->body);
        set(a, ND_F_SOURCE, s->source);
        set(a, ND_F_URL, s->url);
        set(a, ND_F_DOCNO, s->docno);
        set(a, ND_F_LANG, "en");
        set(a, ND_F_FORMAT, "text");
        if (s->person != NULL)
            ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, s->person,
                                                   strlen(s->person)),
                             ND_OK);
        if (s->date != 0)
            nd_article_set_date(a, s->date, ND_DATE_DOCUMENT);
        memcpy(ids[i], nd_article_get(a, ND_F_ID), 17);
        ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
        nd_article_free(a);
    }
    /* two source files recorded */
    ndi_filerec rec;
    memset(&rec, 0, sizeof rec);
    rec.fs.items = 2;
    ck_assert_int_eq(ndi_indexer_set_file(ix, "/arch/reut.xml", &rec), ND_OK);
    ck_assert_int_eq(ndi_indexer_set_file(ix, "/arch/text/dock.txt", &rec),
                     ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
}

static nd_search *srch;

static void
setup(void)
{
    const char *t = fx_tmpdir();
    ck_assert_uint_lt(strlen(t), sizeof dir - 16);
    memcpy(dir, t, strlen(t) + 1);
    snprintf(coll, sizeof coll, "%s/coll", dir);
    build();
    ck_assert_int_eq(nd_search_new(&srch), ND_OK);
    ck_assert_msg(nd_search_open(srch, coll) == ND_OK, "%s", nd_errmsg(srch));
}

static void
teardown(void)
{
    nd_search_free(srch);
    srch = NULL;
    fx_rmtree(dir);
}

/* ---- helpers ---------------------------------------------------------- */

static nd_hits *
run(const char *query, unsigned offset, unsigned count, unsigned snippet_len)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.offset = offset;
    o.count = count;
    o.snippet_len = snippet_len;
    nd_hits *h = NULL;
    nd_status st = nd_search_run(srch, query, &o, &h);
    ck_assert_msg(st == ND_OK, "query [%s]: %s", query, nd_errmsg(srch));
    ck_assert_ptr_nonnull(h);
    return h;
}

/* Which story a hit is (by id), or -1. */
static int
story_of(const nd_hits *h, size_t i)
{
    const char *id = nd_article_get(nd_hits_article(h, i), ND_F_ID);
    for (size_t k = 0; k < NSTORIES; k++)
        if (strcmp(ids[k], id) == 0)
            return (int)k;
    return -1;
}

/* The stories of the hits as digits, e.g. "042". */
static void
order(const nd_hits *h, char *out, size_t len)
{
    size_t n = nd_hits_count(h);
    ck_assert_uint_lt(n, len);
    for (size_t i = 0; i < n; i++) {
        int k = story_of(h, i);
        ck_assert_int_ge(k, 0);
        out[i] = (char)('0' + k);
    }
    out[n] = '\0';
}

static int
cmp_char(const void *a, const void *b)
{
    return *(const char *)a - *(const char *)b;
}

/* 'want' lists the stories in rank order; with 'any_order', equal scores
 * (boolean filters alone) may come in any order. */
static void
expect_hits(const char *query, const char *want, int any_order)
{
    char got[16];
    nd_hits *h = run(query, 0, 10, 0);
    order(h, got, sizeof got);
    if (any_order)
        qsort(got, strlen(got), 1, cmp_char);
    ck_assert_msg(strcmp(got, want) == 0, "query [%s]: got [%s], want [%s]",
                  query, got, want);
    ck_assert_uint_eq(nd_hits_total(h), strlen(want));
    nd_hits_free(h);
}

static void
expect(const char *query, const char *want)
{
    expect_hits(query, want, 0);
}

/* ---- ranking and the query language ----------------------------------- */

START_TEST(test_search_ranking)
{
    /* the article with every word first, then those with one */
    nd_hits *h = run("oil prices", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_count(h), 3);
    ck_assert_uint_eq(nd_hits_total(h), 3);
    ck_assert_int_eq(story_of(h, 0), 0);
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        ck_assert_uint_eq(nd_hits_rank(h, i), i + 1);
        ck_assert(nd_hits_score(h, i) > 0.0);
        if (i > 0)
            ck_assert(nd_hits_score(h, i - 1) >= nd_hits_score(h, i));
    }
    ck_assert(nd_hits_score(h, 0) > nd_hits_score(h, 1));
    /* past the end */
    ck_assert_ptr_null(nd_hits_article(h, 3));
    ck_assert_uint_eq(nd_hits_rank(h, 3), 0);
    ck_assert_str_eq(nd_hits_snippet(h, 3), "");
    nd_hits_free(h);
    /* stems: "jumping" finds "jumped"/"jump" */
    h = run("jumping", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_count(h), 2);
    nd_hits_free(h);
    expect("nothing-matches-this", "");
    nd_hits_free(NULL);
}
END_TEST

START_TEST(test_search_phrase)
{
    expect("\"prices jumped\"", "0");
    nd_hits *h = run("prices jumped", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_count(h), 2); /* 0 and 4 */
    nd_hits_free(h);
    expect("\"record harvest\"", "3");
}
END_TEST

START_TEST(test_search_fields)
{
    /* "oil" is in the title of 0 and the body of 2 */
    expect("title:oil", "0");
    expect("title:\"interest rates\"", "1");
    expect_hits("source:reuters", "03", 1);
    expect("oil source:reuters", "0");
    expect("person:\"xi jinping\"", "0");
    expect("lang:en title:cup", "5");
    char q[32];
    snprintf(q, sizeof q, "id:%s", ids[4]);
    expect(q, "4");
}
END_TEST

START_TEST(test_search_paging)
{
    char all[16], paged[16] = "";
    nd_hits *h = run("reported", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_count(h), NSTORIES);
    ck_assert_uint_eq(nd_hits_total(h), NSTORIES);
    order(h, all, sizeof all);
    nd_hits_free(h);
    for (unsigned off = 0; off < NSTORIES; off += 4) {
        h = run("reported", off, 4, 0);
        ck_assert_uint_eq(nd_hits_total(h), NSTORIES);
        ck_assert_uint_eq(nd_hits_count(h), off == 0 ? 4 : NSTORIES - 4);
        for (size_t i = 0; i < nd_hits_count(h); i++)
            ck_assert_uint_eq(nd_hits_rank(h, i), off + i + 1);
        char part[16];
        order(h, part, sizeof part);
        size_t used = strlen(paged);
        ck_assert_uint_lt(used + strlen(part), sizeof paged);
        memcpy(paged + used, part, strlen(part) + 1);
        nd_hits_free(h);
    }
    ck_assert_str_eq(paged, all);
    /* past the last hit: none, the total is still known */
    h = run("reported", NSTORIES, 4, 0);
    ck_assert_uint_eq(nd_hits_count(h), 0);
    ck_assert_uint_eq(nd_hits_total(h), NSTORIES);
    nd_hits_free(h);
    /* count 0 */
    h = run("reported", 0, 0, 0);
    ck_assert_uint_eq(nd_hits_count(h), 0);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_search_snippet)
{
    nd_hits *h = run("harvest", 0, 10, 200);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    const char *sn = nd_hits_snippet(h, 0);
    ck_assert_msg(strstr(sn, "\x01harvest\x02") != NULL, "snippet [%s]", sn);
    ck_assert_ptr_nonnull(strstr(sn, "Farmers reported"));
    nd_hits_free(h);
    /* a snippet is cut to about its length */
    h = run("goal", 0, 10, 30);
    sn = nd_hits_snippet(h, 0);
    ck_assert_msg(strstr(sn, "\x01goal\x02") != NULL, "snippet [%s]", sn);
    ck_assert_uint_lt(strlen(sn), strlen(stories[5].body));
    /* the window moved to the match: text before it is elided */
    ck_assert_msg(strncmp(sn, "...", 3) == 0, "snippet [%s]", sn);
    nd_hits_free(h);
    /* a stemmed match is highlighted as written ("mines", "mining") */
    h = run("mines", 0, 10, 200);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    sn = nd_hits_snippet(h, 0);
    ck_assert_msg(strstr(sn, "\x01mining\x02") != NULL, "snippet [%s]", sn);
    nd_hits_free(h);
    /* a wildcard's matches are highlighted too */
    h = run("lith*", 0, 10, 200);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    sn = nd_hits_snippet(h, 0);
    ck_assert_msg(strstr(sn, "\x01Lithium\x02") != NULL, "snippet [%s]", sn);
    nd_hits_free(h);
    /* snippet_len 0: none */
    h = run("harvest", 0, 10, 0);
    ck_assert_str_eq(nd_hits_snippet(h, 0), "");
    nd_hits_free(h);
    /* default options give one */
    ck_assert_int_eq(nd_search_run(srch, "harvest", NULL, &h), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_hits_snippet(h, 0), "\x01harvest\x02"));
    nd_hits_free(h);
}
END_TEST

/* Each hit carries what was stored, with and without a snippet (the
 * article comes from the data lines or from the stored record). */
START_TEST(test_search_hit_fields)
{
    nd_hits *h = run("reported", 0, 10, (unsigned)_i * 200);
    ck_assert_uint_eq(nd_hits_count(h), NSTORIES);
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        int k = story_of(h, i);
        ck_assert_int_ge(k, 0);
        const struct story *s = &stories[k];
        const nd_article *a = nd_hits_article(h, i);
        ck_assert_str_eq(nd_article_title(a), s->title);
        ck_assert_str_eq(nd_article_get(a, ND_F_SOURCE), s->source);
        ck_assert_str_eq(nd_article_get(a, ND_F_PATH), s->path);
        ck_assert_str_eq(nd_article_get(a, ND_F_URL), s->url);
        ck_assert_str_eq(nd_article_get(a, ND_F_DOCNO), s->docno);
        ck_assert_str_eq(nd_article_get(a, ND_F_LANG), "en");
        ck_assert_str_eq(nd_article_get(a, ND_F_FORMAT), "text");
        ck_assert_uint_eq(nd_article_item(a), s->item);
        if (s->date != 0) {
            ck_assert_int_ne(nd_article_datesrc(a), ND_DATE_NONE);
            ck_assert_int_eq(nd_article_date(a), s->date);
        } else {
            ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
        }
        ck_assert_ptr_nonnull(strstr(nd_article_body(a), "reported"));
        if (_i == 0)
            ck_assert_str_eq(nd_hits_snippet(h, i), "");
        else
            ck_assert_ptr_nonnull(
                strstr(nd_hits_snippet(h, i), "\x01reported\x02"));
    }
    nd_hits_free(h);
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

START_TEST(test_search_bad_query)
{
    nd_hits *h = (nd_hits *)&h;
    ck_assert_int_eq(nd_search_run(srch, "oil AND", NULL, &h), ND_EQUERY);
    ck_assert_ptr_null(h);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(srch), "oil AND"));
    /* the handle still answers */
    expect("title:oil", "0");
}
END_TEST

START_TEST(test_search_open_missing)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/none", dir);
    nd_search *s = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, path), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(s), path));
    /* nothing open: running is refused */
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_run(s, "oil", NULL, &h), ND_EINVAL);
    ck_assert_ptr_null(h);
    nd_collection_stats cs;
    ck_assert_int_eq(nd_search_stats(s, &cs), ND_EINVAL);
    nd_search_free(s);
    nd_search_free(NULL);
}
END_TEST

START_TEST(test_search_open_empty_dir)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/empty", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    nd_search *s = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, path), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(s), path));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(s), "not a newsdex collection"));
    nd_search_free(s);
}
END_TEST

START_TEST(test_search_open_unknown_schema)
{
    nd_search_free(srch); /* it holds no lock, but be plain about it */
    srch = NULL;
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    ck_assert_int_eq(ndi_xdb_set_meta(x, NDI_META_SCHEMA, "42", 2), ND_OK);
    ck_assert_int_eq(ndi_xdb_close(x), ND_OK);
    ndi_xdb_free(x);
    nd_search *s = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, coll), ND_EVERSION);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(s), coll));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(s), "42"));
    nd_search_free(s);
}
END_TEST

START_TEST(test_search_reopen_sees_new)
{
    /* a search handle opened before a write sees it on the next open */
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, "/arch/new.txt");
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set(a, ND_F_TITLE, "Zeppelin returns");
    set(a, ND_F_BODY, "A zeppelin flew over the city.");
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    nd_article_free(a);
    ck_assert_int_eq(nd_search_open(srch, coll), ND_OK);
    nd_hits *h = run("zeppelin", 0, 10, 100);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_str_eq(nd_article_title(nd_hits_article(h, 0)),
                     "Zeppelin returns");
    ck_assert_str_eq(nd_article_get(nd_hits_article(h, 0), ND_F_SOURCE), "");
    nd_hits_free(h);
}
END_TEST

/* ---- statistics ------------------------------------------------------- */

START_TEST(test_search_stats)
{
    nd_collection_stats cs;
    ck_assert_int_eq(nd_search_stats(srch, &cs), ND_OK);
    ck_assert_uint_eq(cs.articles, NSTORIES);
    ck_assert_uint_eq(cs.sources, 5); /* Reuters twice */
    ck_assert_uint_eq(cs.files, 2);
    ck_assert_int_eq(cs.has_dates, 1);
    ck_assert_int_eq(cs.first_date, INT64_C(1679564700));
    ck_assert_int_eq(cs.last_date, INT64_C(1681900000));
    ck_assert_uint_gt(cs.disk_bytes, 0);
    ck_assert_uint_eq(cs.schema, NDI_SCHEMA_VERSION);
}
END_TEST

START_TEST(test_search_stats_empty)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/empty", dir);
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, path), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_search *s = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, path), ND_OK);
    nd_collection_stats cs;
    ck_assert_int_eq(nd_search_stats(s, &cs), ND_OK);
    ck_assert_uint_eq(cs.articles, 0);
    ck_assert_uint_eq(cs.sources, 0);
    ck_assert_int_eq(cs.has_dates, 0);
    ck_assert_int_eq(cs.first_date, 0);
    ck_assert_int_eq(cs.last_date, 0);
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_run(s, "oil", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 0);
    ck_assert_uint_eq(nd_hits_total(h), 0);
    nd_hits_free(h);
    /* one article without a date: still no date span */
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, "/arch/undated.txt");
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set(a, ND_F_TITLE, "Undated");
    ck_assert_int_eq(nd_indexer_open(ix, path), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    ck_assert_int_eq(nd_search_open(s, path), ND_OK);
    ck_assert_int_eq(nd_search_stats(s, &cs), ND_OK);
    ck_assert_uint_eq(cs.articles, 1);
    ck_assert_int_eq(cs.has_dates, 0);
    nd_article_free(a);
    nd_indexer_free(ix);
    nd_search_free(s);
}
END_TEST

/* ---- the query language of issue 4 ---------------------------------- */

static nd_hits *
run_opts(const char *query, const nd_search_opts *o)
{
    nd_hits *h = NULL;
    nd_status st = nd_search_run(srch, query, o, &h);
    ck_assert_msg(st == ND_OK, "query [%s]: %s", query, nd_errmsg(srch));
    return h;
}

/* The stories of 'query' as sorted digits. */
static void
matches(const char *query, const char *want)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.count = 100;
    o.snippet_len = 0;
    o.now = INT64_C(1681948800); /* 2023-04-20T00:00:00Z */
    nd_hits *h = run_opts(query, &o);
    char got[16];
    order(h, got, sizeof got);
    qsort(got, strlen(got), 1, cmp_char);
    ck_assert_msg(strcmp(got, want) == 0, "[%s]: got %s, want %s", query, got,
                  want);
    nd_hits_free(h);
}

typedef struct range_case {
    const char *in;
    const char *lo, *hi; /* NULL lo: not a date */
} range_case;

static const range_case range_cases[] = {
    {"2023", "2023-01-01T00:00:00Z", "2023-12-31T23:59:59Z"},
    {"2023-03", "2023-03-01T00:00:00Z", "2023-03-31T23:59:59Z"},
    {"2024-02", "2024-02-01T00:00:00Z", "2024-02-29T23:59:59Z"},
    {"2023-12", "2023-12-01T00:00:00Z", "2023-12-31T23:59:59Z"},
    {"2023-03-05", "2023-03-05T00:00:00Z", "2023-03-05T23:59:59Z"},
    {"2023-03-01..2023-03-31", "2023-03-01T00:00:00Z", "2023-03-31T23:59:59Z"},
    {"..1987-03-01", "0001-01-01T00:00:00Z", "1987-03-01T23:59:59Z"},
    {"2023-01-01..", "2023-01-01T00:00:00Z", "9999-12-31T23:59:59Z"},
    {"1900-01-01..2100-01-01", "1900-01-01T00:00:00Z", "2100-01-01T23:59:59Z"},
    /* beyond what can be represented: clamped */
    {"0..99999", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"},
    /* relative to now (2023-04-20T00:00:00Z) */
    {"30d..", "2023-03-21T00:00:00Z", "9999-12-31T23:59:59Z"},
    {"2w..", "2023-04-06T00:00:00Z", "9999-12-31T23:59:59Z"},
    {"2w", "2023-04-06T00:00:00Z", "9999-12-31T23:59:59Z"},
    {"12h..", "2023-04-19T12:00:00Z", "9999-12-31T23:59:59Z"},
    {"1y..1m", "2022-04-20T00:00:00Z", "2023-03-21T00:00:00Z"},
    {"2023-03-20T10:00:00Z..2023-03-20T11:00:00Z", "2023-03-20T10:00:00Z",
     "2023-03-20T11:00:00Z"},
    /* not dates */
    {"..", NULL, NULL},
    {"2023-13", NULL, NULL},
    {"2023-02-30", NULL, NULL},
    {"yesterday", NULL, NULL},
    {"2023-03-01...", NULL, NULL},
    {"5x..", NULL, NULL},
};

START_TEST(test_search_date_syntax)
{
    const range_case *c = &range_cases[_i];
    double lo, hi;
    int ok = ndi_search_date_range(c->in, strlen(c->in), INT64_C(1681948800),
                                   &lo, &hi);
    if (c->lo == NULL) {
        ck_assert_msg(!ok, "[%s] read as a date", c->in);
        return;
    }
    ck_assert_msg(ok, "[%s] not read", c->in);
    char a[32], b[32];
    ndi_date_format((int64_t)lo, a);
    ndi_date_format((int64_t)hi, b);
    ck_assert_str_eq(a, c->lo);
    ck_assert_str_eq(b, c->hi);
}
END_TEST

START_TEST(test_search_date_filter)
{
    matches("date:2023-03", "12");
    matches("date:2023-03-01..2023-03-31", "12");
    matches("date:2023-04", "034");
    matches("date:2023", "01234");
    matches("date:..2023-03-28", "12");
    matches("date:2023-04-10..", "34");
    matches("date:2023-03-28", "2");
    matches("date:1900-01-01..2100-01-01", "01234");
    matches("date:2w..", "34");
    matches("date:30d..", "01234");
    matches("reported date:2023-04", "034");
    matches("oil date:2023-03", "2");
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_run(srch, "date:2023-13", NULL, &h), ND_EQUERY);
    ck_assert_ptr_null(h);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(srch), "2023-13"));
}
END_TEST

START_TEST(test_search_sort)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.snippet_len = 0;
    o.sort = ND_SORT_DATE;
    char got[16];
    nd_hits *h = run_opts("reported date:2023", &o);
    order(h, got, sizeof got);
    ck_assert_str_eq(got, "43021");
    nd_hits_free(h);
    o.sort = ND_SORT_OLDEST;
    h = run_opts("reported date:2023", &o);
    order(h, got, sizeof got);
    ck_assert_str_eq(got, "12034");
    nd_hits_free(h);
    /* --recent: the same matches, the newest gains most */
    o.sort = ND_SORT_RELEVANCE;
    o.recent = 1;
    h = run_opts("reported date:2023", &o);
    ck_assert_uint_eq(nd_hits_count(h), 5);
    ck_assert_int_eq(story_of(h, 0), 4);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_search_entity_fields)
{
    matches("person:\"Xi Jinping\"", "0");
    matches("person:\"xi  JINPING\"", "0");
    matches("person:nobody", "");
    matches("source:reuters", "03");
    matches("source:\"Continental Daily\"", "1");
    matches("title:wheat", "3");
    matches("lang:EN", "012345");
    matches("prices -person:\"xi jinping\"", "4");
}
END_TEST

START_TEST(test_search_entity_matching)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.snippet_len = 0;
    /* the words name a known person: the article about him comes first */
    nd_hits *h = run_opts("Xi Jinping lithium prices", &o);
    ck_assert_int_eq(story_of(h, 0), 0);
    ck_assert_ptr_nonnull(strstr(nd_hits_explain(h), "xi jinping"));
    nd_hits_free(h);
    o.no_entities = 1;
    h = run_opts("Xi Jinping lithium prices", &o);
    ck_assert_int_eq(story_of(h, 0), 4);
    ck_assert_ptr_null(strstr(nd_hits_explain(h), "entity: "));
    nd_hits_free(h);
    /* the hit's entities come from the index without the record */
    h = run_opts("oil prices jump", &o);
    ck_assert_int_eq(story_of(h, 0), 0);
    nd_entity_type t;
    const nd_article *a = nd_hits_article(h, 0);
    ck_assert_uint_eq(nd_article_entity_count(a), 1);
    ck_assert_str_eq(nd_article_entity(a, 0, &t), "Xi Jinping");
    ck_assert_int_eq(t, ND_ENT_PERSON);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_search_facets)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.count = 1; /* counted over all matches, not the page */
    o.facets = 1;
    o.histogram = ND_PERIOD_MONTH;
    nd_hits *h = run_opts("reported", &o);
    ck_assert_int_eq(nd_hits_has_facets(h), 1);
    uint64_t n;
    ck_assert_str_eq(nd_hits_facet(h, ND_FACET_SOURCE, 0, &n), "Reuters");
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(nd_hits_facet_count(h, ND_FACET_SOURCE), 5);
    ck_assert_str_eq(nd_hits_facet(h, ND_FACET_PERSON, 0, &n), "Xi Jinping");
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(nd_hits_facet(h, ND_FACET_PERSON, 1, &n));
    ck_assert_str_eq(nd_hits_facet(h, ND_FACET_MONTH, 0, &n), "2023-04");
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(nd_hits_facet(h, ND_FACET_MONTH, 1, &n), "2023-03");
    ck_assert_uint_eq(n, 2);
    /* histogram: oldest first, the undated story in none */
    ck_assert_int_eq(nd_hits_histogram_period(h), ND_PERIOD_MONTH);
    ck_assert_str_eq(nd_hits_histogram(h, 0, &n), "2023-03");
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(nd_hits_histogram(h, 1, &n), "2023-04");
    ck_assert_uint_eq(n, 3);
    ck_assert_ptr_null(nd_hits_histogram(h, 2, &n));
    /* related entities: the one person of the best hits */
    nd_entity_type t;
    double w;
    ck_assert_str_eq(nd_hits_related(h, 0, &t, &w), "xi jinping");
    ck_assert_int_eq(t, ND_ENT_PERSON);
    nd_hits_free(h);
    o.facets = 0;
    o.histogram = ND_PERIOD_YEAR;
    h = run_opts("reported", &o);
    ck_assert_int_eq(nd_hits_has_facets(h), 0);
    ck_assert_str_eq(nd_hits_histogram(h, 0, &n), "2023");
    ck_assert_uint_eq(n, 5);
    ck_assert_ptr_null(nd_hits_histogram(h, 1, &n));
    nd_hits_free(h);
    o.histogram = ND_PERIOD_DAY;
    h = run_opts("oil date:2023-04", &o);
    ck_assert_str_eq(nd_hits_histogram(h, 0, &n), "2023-04-03");
    ck_assert_uint_eq(n, 1);
    nd_hits_free(h);
}
END_TEST

START_TEST(test_search_like)
{
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    o.snippet_len = 0;
    o.like = ids[0];
    nd_hits *h = run_opts("", &o);
    ck_assert_uint_gt(nd_hits_count(h), 0);
    for (size_t i = 0; i < nd_hits_count(h); i++)
        ck_assert_int_ne(story_of(h, i), 0);
    nd_hits_free(h);
    /* with a query: it filters the similar articles */
    h = run_opts("tankers", &o);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_int_eq(story_of(h, 0), 2);
    nd_hits_free(h);
    o.like = "0123456789abcdef";
    h = NULL;
    ck_assert_int_eq(nd_search_run(srch, "", &o, &h), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(srch), "0123456789abcdef"));
}
END_TEST

START_TEST(test_search_suggestion)
{
    nd_hits *h = run("wheet", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_total(h), 0);
    ck_assert_str_eq(nd_hits_suggestion(h), "wheat");
    nd_hits_free(h);
    h = run("harvest", 0, 10, 0);
    ck_assert_str_eq(nd_hits_suggestion(h), "");
    nd_hits_free(h);
    /* field values are kept as typed */
    h = run("source:reuters wheet", 0, 10, 0);
    ck_assert_str_eq(nd_hits_suggestion(h), "source:reuters wheat");
    nd_hits_free(h);
}
END_TEST

START_TEST(test_search_count_uncapped)
{
    /* far more than the collection holds: every match, no more */
    nd_hits *h = run("reported", 0, 1000000, 0);
    ck_assert_uint_eq(nd_hits_count(h), NSTORIES);
    nd_hits_free(h);
}
END_TEST

/* ---- languages ----------------------------------------------------------- */

static void
add_one(const char *path, const char *title, const char *body, const char *lang)
{
    nd_indexer *ix = NULL;
    nd_article *a = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, path);
    set(a, ND_F_PATH, path + 1);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set(a, ND_F_TITLE, title);
    set(a, ND_F_BODY, body);
    set(a, ND_F_LANG, lang);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_article_free(a);
    nd_indexer_free(ix);
}

/* The only hit of 'query' is the article titled 'title'. */
static void
expect_title(const char *query, const char *title)
{
    nd_hits *h = run(query, 0, 10, 0);
    ck_assert_msg(nd_hits_count(h) == 1, "query [%s]: %zu hits", query,
                  nd_hits_count(h));
    ck_assert_str_eq(nd_article_title(nd_hits_article(h, 0)), title);
    nd_hits_free(h);
}

/* Each article is stemmed in its language and so is the query, for every
 * language present; an English query ranks as it did before. */
START_TEST(test_search_languages)
{
    char before[16], after[16];
    nd_hits *h = run("oil prices", 0, 10, 0);
    order(h, before, sizeof before);
    nd_hits_free(h);
    /* English stemming alone does not join these French forms */
    expect("annonceront", "");
    add_one("/arch/fr/greve.txt", "Les dockers en grève",
            "Les syndicats ont annoncé une grève de trois jours dans les "
            "ports, et les navires attendent au large.",
            "fr");
    add_one("/arch/de/wahl.txt", "Neue Regierung vereidigt",
            "Die Abgeordneten haben am Dienstag die neue Regierung gewählt.",
            "de");
    add_one("/arch/none/rice.txt", "Rice harvests fall",
            "Growers reported smaller harvests after the floods.", "");
    /* a language without a stemmer: stemmed as English too */
    add_one("/arch/zh/tea.txt", "Tea harvests rise", "Tea harvests rose.",
            "zh");
    ck_assert_int_eq(nd_search_open(srch, coll), ND_OK);

    expect_title("annonceront", "Les dockers en grève");
    expect_title("grèves", "Les dockers en grève");
    expect_title("regierungen", "Neue Regierung vereidigt");
    expect_title("lang:fr", "Les dockers en grève");
    expect_title("lang:de", "Neue Regierung vereidigt");
    h = run("lang:en", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_total(h), NSTORIES);
    nd_hits_free(h);
    /* no language, or no stemmer for it: stemmed as English */
    h = run("harvest", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_total(h), 3);
    nd_hits_free(h);
    /* English queries: same hits, same order */
    h = run("oil prices", 0, 10, 0);
    order(h, after, sizeof after);
    ck_assert_str_eq(after, before);
    nd_hits_free(h);
    h = run("jumping", 0, 10, 0);
    ck_assert_uint_eq(nd_hits_count(h), 2);
    nd_hits_free(h);
}
END_TEST

/* ---- near-duplicates ------------------------------------------------ */

/* Add a copy of the dock story (headline prefixed, a sentence added, from
 * another file and source), and open a fresh reader. */
static char copy_id[17];

static nd_search *
with_copy(void)
{
    nd_indexer *ix = NULL;
    nd_article *a = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, "/arch/wire/dock-update.txt");
    set(a, ND_F_PATH, "arch/wire/dock-update.txt");
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set(a, ND_F_TITLE, "UPDATE 1-Dock strike leaves ships at anchor");
    set(a, ND_F_BODY,
        "Container ships and oil tankers waited at anchor as "
        "dock workers stopped work for a third day, the port "
        "reported.\n\nTalks are due to resume on Friday.");
    set(a, ND_F_SOURCE, "Harbour Wire");
    memcpy(copy_id, nd_article_get(a, ND_F_ID), 17);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    nd_article_free(a);
    nd_search *s = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, coll), ND_OK);
    return s;
}

START_TEST(test_search_collapse)
{
    nd_search *s = with_copy();
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    nd_hits *h = NULL;
    o.duplicate_ids = 5;
    ck_assert_int_eq(o.collapse, 1); /* the default */
    ck_assert_int_eq(nd_search_run(s, "anchor", &o, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_uint_eq(nd_hits_duplicates(h, 0), 1);
    ck_assert_str_eq(nd_hits_cluster(h, 0), ids[2]); /* the first one's id */
    const char *hit = nd_article_get(nd_hits_article(h, 0), ND_F_ID);
    const char *other = strcmp(hit, ids[2]) == 0 ? copy_id : ids[2];
    ck_assert_str_eq(nd_hits_duplicate_id(h, 0, 0), other);
    ck_assert_ptr_null(nd_hits_duplicate_id(h, 0, 1));
    ck_assert_ptr_null(nd_hits_cluster(h, 1)); /* past the end */
    nd_hits_free(h);
    /* a story alone in its cluster has no cluster key */
    ck_assert_int_eq(nd_search_run(s, "wheat", &o, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_ptr_null(nd_hits_cluster(h, 0));
    ck_assert_uint_eq(nd_hits_duplicates(h, 0), 0);
    ck_assert_ptr_null(nd_hits_duplicate_id(h, 0, 0));
    nd_hits_free(h);
    o.collapse = 0;
    ck_assert_int_eq(nd_search_run(s, "anchor", &o, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_str_eq(nd_hits_cluster(h, i), ids[2]);
        ck_assert_uint_eq(nd_hits_duplicates(h, i), 0);
    }
    nd_hits_free(h);
    nd_search_free(s);
}
END_TEST

static Suite *
search_suite(void)
{
    Suite *s = suite_create("search");
    struct {
        const char *name;
        const TTest *test;
        int loop;
    } cases[] = {
        {"ranking", test_search_ranking, 0},
        {"phrase", test_search_phrase, 0},
        {"fields", test_search_fields, 0},
        {"paging", test_search_paging, 0},
        {"snippet", test_search_snippet, 0},
        {"hit_fields", test_search_hit_fields, 2},
        {"bad_query", test_search_bad_query, 0},
        {"open_missing", test_search_open_missing, 0},
        {"open_empty_dir", test_search_open_empty_dir, 0},
        {"open_unknown_schema", test_search_open_unknown_schema, 0},
        {"reopen_sees_new", test_search_reopen_sees_new, 0},
        {"stats", test_search_stats, 0},
        {"stats_empty", test_search_stats_empty, 0},
        {"date_syntax", test_search_date_syntax,
         (int)NDI_ARRAY_LEN(range_cases)},
        {"date_filter", test_search_date_filter, 0},
        {"sort", test_search_sort, 0},
        {"entity_fields", test_search_entity_fields, 0},
        {"entity_matching", test_search_entity_matching, 0},
        {"facets", test_search_facets, 0},
        {"like", test_search_like, 0},
        {"suggestion", test_search_suggestion, 0},
        {"count_uncapped", test_search_count_uncapped, 0},
        {"languages", test_search_languages, 0},
        {"collapse", test_search_collapse, 0},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
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
    return fx_run(search_suite());
}
