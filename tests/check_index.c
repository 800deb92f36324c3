/* SPDX-License-Identifier: MIT */
/* check_index.c - article -> Xapian document, and the collection writer. */
#include <config.h>

#include <check.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fixture.h"
#include "index.h"
#include "normalize.h"
#include "schema.h"
#include "xdb.h"

#define T_2023 INT64_C(1679417223) /* 2023-03-21T16:47:03Z */

static char dir[1024];
static char coll[1100];

static void
setup(void)
{
    const char *t = fx_tmpdir();
    ck_assert_uint_lt(strlen(t), sizeof dir - 16);
    memcpy(dir, t, strlen(t) + 1);
    snprintf(coll, sizeof coll, "%s/coll", dir);
}

static void
teardown(void)
{
    fx_rmtree(dir);
}

/* ---- helpers ---------------------------------------------------------- */

static nd_buf *
buf(void)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    return b;
}

static void
set(nd_article *a, nd_field f, const char *s)
{
    ck_assert_int_eq(nd_article_set(a, f, s, strlen(s)), ND_OK);
}

/* An article of file 'abspath', item 'item', with an id. */
static nd_article *
article(const char *abspath, uint32_t item, const char *title, const char *body)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_ABSPATH, abspath);
    set(a, ND_F_PATH, abspath + 1);
    nd_article_set_item(a, item);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    set(a, ND_F_TITLE, title);
    set(a, ND_F_BODY, body);
    set(a, ND_F_LANG, "en");
    set(a, ND_F_SOURCE, "Reuters");
    set(a, ND_F_FORMAT, "reuters");
    set(a, ND_F_DOCNO, "1234");
    set(a, ND_F_URL, "https://news.example/oil");
    nd_article_set_date(a, T_2023, ND_DATE_DOCUMENT);
    return a;
}

static nd_article *
rich_article(void)
{
    nd_article *a =
        article("/arch/reuters/reut.xml", 2, "Oil Prices Jump After OPEC Cut",
                "Oil prices jumped on Monday.\n\nTraders were surprised.");
    set(a, ND_F_BYLINE, "By Jane Doe");
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, "Xi Jinping", 10),
                     ND_OK);
    ck_assert_int_eq(
        nd_article_add_entity(a, ND_ENT_PLACE, "Zürich", strlen("Zürich")),
        ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, "OPEC", 4), ND_OK);
    return a;
}

/* Prepare 'a' and store it in a plain database at 'coll' (left open for
 * reading back); '*id_out' gets its docid. */
static ndi_xdb *
store(const nd_article *a, ndi_prepared *p, ndi_docid *id_out)
{
    ndi_hdr h;
    ndi_hdr_init(&h);
    nd_status st = ndi_index_prepare(&h, a, p);
    ck_assert_msg(st == ND_OK, "prepare: %s", h.errmsg);
    ck_assert_ptr_nonnull(p->doc);
    ck_assert_uint_eq(strlen(p->id), 16);
    ck_assert_uint_eq(strlen(p->version), 32);
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    char q[32];
    snprintf(q, sizeof q, "Q%s", p->id);
    ck_assert_int_eq(ndi_xdb_replace(x, q, p->doc), ND_OK);
    ndi_prepared_clear(p);
    ck_assert_ptr_null(p->doc);
    ck_assert_int_eq(ndi_xdb_commit(x), ND_OK);
    ck_assert_int_eq(ndi_xdb_find(x, q, id_out), ND_OK);
    return x;
}

static int
has_term(ndi_xdb *x, const char *term)
{
    ndi_docid id;
    nd_status st = ndi_xdb_find(x, term, &id);
    ck_assert(st == ND_OK || st == ND_ENOTFOUND);
    return st == ND_OK;
}

typedef struct term_list {
    char text[2048];
    size_t n, maxlen;
} term_list;

static nd_status
collect_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    term_list *l = ctx;
    size_t used = strlen(l->text);
    (void)freq;
    snprintf(l->text + used, sizeof l->text - used, "%.*s|", (int)len, term);
    l->n++;
    if (len > l->maxlen)
        l->maxlen = len;
    return ND_OK;
}

static void
terms(ndi_xdb *x, const char *prefix, term_list *l)
{
    memset(l, 0, sizeof *l);
    ck_assert_int_eq(ndi_xdb_each_term(x, prefix, collect_term, l), ND_OK);
}

static nd_indexer *
ixopen(const char *path)
{
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    nd_status st = nd_indexer_open(ix, path);
    ck_assert_msg(st == ND_OK, "open %s: %s", path, nd_errmsg(ix));
    return ix;
}

static ndi_xdb *
reader(void)
{
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_msg(ndi_xdb_open(x, coll, NDI_XDB_READ) == ND_OK, "%s",
                  nd_errmsg(x));
    return x;
}

static uint64_t
doccount(ndi_xdb *x)
{
    uint64_t n = 0;
    ck_assert_int_eq(ndi_xdb_doccount(x, &n), ND_OK);
    return n;
}

static ndi_put
put(nd_indexer *ix, const nd_article *a)
{
    ndi_prepared p;
    ndi_put how = (ndi_put)-1;
    ck_assert_int_eq(ndi_index_prepare((ndi_hdr *)ix, a, &p), ND_OK);
    ck_assert_msg(ndi_indexer_put(ix, &p, &how) == ND_OK, "%s", nd_errmsg(ix));
    ck_assert_ptr_null(p.doc);
    return how;
}

/* ---- prepare: terms --------------------------------------------------- */

START_TEST(test_index_prepare_terms)
{
    nd_article *a = rich_article();
    ndi_prepared p;
    ndi_docid id;
    ndi_xdb *x = store(a, &p, &id);
    char q[32];
    snprintf(q, sizeof q, "Q%s", nd_article_get(a, ND_F_ID));
    ck_assert(has_term(x, q));
    /* title words alone under S, and in the free text */
    ck_assert(has_term(x, "Soil"));
    ck_assert(has_term(x, "Sjump"));
    ck_assert(has_term(x, "Sopec"));
    ck_assert(!has_term(x, "Straders"));
    ck_assert(has_term(x, "traders"));
    ck_assert(has_term(x, "jump"));
    ck_assert(has_term(x, "Adoe"));
    /* entities: canonical name in lower case */
    ck_assert(has_term(x, "XPERxi jinping"));
    ck_assert(has_term(x, "XLOCzürich"));
    ck_assert(has_term(x, "XORGopec"));
    ck_assert(!has_term(x, "XORGOPEC"));
    /* publication date */
    ck_assert(has_term(x, "D20230321"));
    ck_assert(has_term(x, "M202303"));
    ck_assert(has_term(x, "Y2023"));
    /* language, source, format, url, directory, file */
    ck_assert(has_term(x, "Len"));
    ck_assert(has_term(x, "XSRCreuters"));
    ck_assert(has_term(x, "XFMTreuters"));
    ck_assert(has_term(x, "Uhttps://news.example/oil"));
    ck_assert(has_term(x, "P/arch/reuters"));
    term_list l;
    terms(x, NDI_P_FILE, &l);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.maxlen, strlen(NDI_P_FILE) + 16);
    /* one term per date prefix, entity and source */
    terms(x, "D", &l);
    ck_assert_uint_eq(l.n, 1);
    terms(x, "XPER", &l);
    ck_assert_str_eq(l.text, "XPERxi jinping|");
    ndi_xdb_free(x);
    nd_article_free(a);
}
END_TEST

START_TEST(test_index_prepare_no_date)
{
    nd_article *a = article("/arch/a.txt", 0, "Title", "Body text");
    nd_article_set_date(a, 0, ND_DATE_NONE);
    ndi_prepared p;
    ndi_docid id;
    ndi_xdb *x = store(a, &p, &id);
    term_list l;
    terms(x, "D", &l);
    ck_assert_uint_eq(l.n, 0);
    terms(x, "Y", &l);
    ck_assert_uint_eq(l.n, 0);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_DATE, v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 0);
    ck_assert_int_eq(ndi_xdb_data(x, id, v), ND_OK);
    ck_assert_ptr_null(strstr(nd_buf_data(v), "date="));
    ndi_xdb_free(x);
    nd_article_free(a);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_prepare_no_id)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    set(a, ND_F_TITLE, "No id");
    ndi_hdr h;
    ndi_hdr_init(&h);
    ndi_prepared p;
    ck_assert_int_eq(ndi_index_prepare(&h, a, &p), ND_EINVAL);
    ck_assert_ptr_null(p.doc);
    ck_assert_ptr_nonnull(strstr(h.errmsg, "no id"));
    nd_indexer *ix = ixopen(coll);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), "no id"));
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    nd_article_free(a);
}
END_TEST

/* ---- prepare: values and data ----------------------------------------- */

static uint32_t
be32(const nd_buf *b)
{
    const unsigned char *p = (const unsigned char *)nd_buf_data(b);
    ck_assert_uint_eq(nd_buf_len(b), 4);
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

START_TEST(test_index_prepare_values)
{
    nd_article *a = rich_article();
    ndi_prepared p;
    ndi_docid id;
    ndi_xdb *x = store(a, &p, &id);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_DATE, v), ND_OK);
    ck_assert_uint_eq(be32(v), (uint32_t)T_2023);
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_TIME, v), ND_OK);
    ck_assert(ndi_x_unsortable(nd_buf_data(v), nd_buf_len(v)) ==
              (double)T_2023);
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_SIZE, v), ND_OK);
    ck_assert(ndi_x_unsortable(nd_buf_data(v), nd_buf_len(v)) ==
              (double)strlen(nd_article_body(a)));
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_SOURCE, v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), "Reuters");
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_ID, v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), nd_article_get(a, ND_F_ID));
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_VERSION, v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 32);
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_DIGEST, v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 32);
    ck_assert_uint_eq(strspn(nd_buf_data(v), "0123456789abcdef"), 32);

    /* the stored record is the article */
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_RECORD, v), ND_OK);
    nd_article *back = NULL;
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(v), nd_buf_len(v), &back, NULL),
        ND_OK);
    for (nd_field f = ND_F_ID; f < ND_F_COUNT; f++)
        ck_assert_str_eq(nd_article_get(back, f), nd_article_get(a, f));
    ck_assert_int_eq(nd_article_date(back), T_2023);
    ck_assert_int_eq(nd_article_datesrc(back), ND_DATE_DOCUMENT);
    ck_assert_uint_eq(nd_article_item(back), 2);
    ck_assert_uint_eq(nd_article_entity_count(back), 3);
    nd_entity_type type;
    ck_assert_str_eq(nd_article_entity(back, 1, &type), "Zürich");
    ck_assert_int_eq(type, ND_ENT_PLACE);
    nd_article_free(back);

    /* Omega's data lines */
    ck_assert_int_eq(ndi_xdb_data(x, id, v), ND_OK);
    const char *d = nd_buf_data(v);
    ck_assert_ptr_nonnull(strstr(d, "url=https://news.example/oil\n"));
    ck_assert_ptr_nonnull(
        strstr(d, "caption=Oil Prices Jump After OPEC Cut\n"));
    /* the sample is one line: paragraph breaks read as spaces */
    const char *sample = strstr(d, "sample=Oil prices jumped on Monday.");
    ck_assert_ptr_nonnull(sample);
    ck_assert_ptr_eq(strstr(sample, "Traders were surprised.\n"),
                     strchr(sample, '\n') - 23);
    ck_assert_ptr_nonnull(strstr(d, "date=2023-03-21T16:47:03Z\n"));
    ck_assert_ptr_nonnull(strstr(d, "item=2\n"));
    ck_assert_ptr_nonnull(strstr(d, "source=Reuters\n"));
    ck_assert_ptr_nonnull(strstr(d, "docno=1234\n"));
    ck_assert_ptr_nonnull(strstr(d, "path=arch/reuters/reut.xml\n"));
    ndi_xdb_free(x);
    nd_article_free(a);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_prepare_digest)
{
    /* the digest depends on title and body only; the version on more */
    nd_article *a = article("/arch/a.txt", 0, "Same", "Same body");
    nd_article *b = article("/arch/b.txt", 5, "Same", "Same body");
    nd_article *c = article("/arch/a.txt", 0, "Same", "Other body");
    ndi_prepared pa, pb, pc;
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(ndi_index_prepare(&h, a, &pa), ND_OK);
    ck_assert_int_eq(ndi_index_prepare(&h, b, &pb), ND_OK);
    ck_assert_int_eq(ndi_index_prepare(&h, c, &pc), ND_OK);
    ck_assert_str_ne(pa.id, pb.id);
    ck_assert_str_eq(pa.id, pc.id);
    ck_assert_str_ne(pa.version, pb.version);
    ck_assert_str_ne(pa.version, pc.version);
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(x, "Qa", pa.doc), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(x, "Qb", pb.doc), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(x, "Qc", pc.doc), ND_OK);
    ndi_prepared_clear(&pa);
    ndi_prepared_clear(&pb);
    ndi_prepared_clear(&pc);
    nd_buf *da = buf(), *db = buf(), *dc = buf();
    ck_assert_int_eq(ndi_xdb_value(x, 1, NDI_SLOT_DIGEST, da), ND_OK);
    ck_assert_int_eq(ndi_xdb_value(x, 2, NDI_SLOT_DIGEST, db), ND_OK);
    ck_assert_int_eq(ndi_xdb_value(x, 3, NDI_SLOT_DIGEST, dc), ND_OK);
    ck_assert_str_eq(nd_buf_data(da), nd_buf_data(db));
    ck_assert_str_ne(nd_buf_data(da), nd_buf_data(dc));
    ndi_xdb_free(x);
    nd_buf_free(da);
    nd_buf_free(db);
    nd_buf_free(dc);
    nd_article_free(a);
    nd_article_free(b);
    nd_article_free(c);
}
END_TEST

/* ---- near-duplicate clusters ----------------------------------------- */

/* Twelve sentences of words of their own ("s3w5"): 'variant' rewrites
 * sentence 'variant' (0: none); 'extra' adds one. */
static char *
wire_body(unsigned variant, int extra, const char *tag)
{
    nd_buf *b = buf();
    for (unsigned i = 1; i <= 12 + (extra ? 1 : 0); i++) {
        for (unsigned w = 0; w < 10; w++)
            ck_assert_int_eq(ndi_buf_printf(b, "%s%s%ss%uw%u", w ? " " : "",
                                            i == variant ? "new" : "",
                                            i == 13 ? "add" : "", i, w),
                             ND_OK);
        ck_assert_int_eq(ndi_buf_printf(b, ". %s", i % 4 ? "" : "\n\n"), ND_OK);
    }
    ck_assert_int_eq(ndi_buf_puts(b, tag), ND_OK);
    size_t len;
    char *s = ndi_buf_steal(b, &len);
    nd_buf_free(b);
    return s;
}

/* The cluster key (slot 10) of the stored article 'a'. */
static void
cluster_of(nd_indexer *ix, const nd_article *a, char out[17])
{
    ndi_xdb *x = ndi_indexer_xdb(ix);
    char q[32];
    ndi_docid id;
    snprintf(q, sizeof q, "Q%s", nd_article_get(a, ND_F_ID));
    ck_assert_int_eq(ndi_xdb_find(x, q, &id), ND_OK);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_CLUSTER, v), ND_OK);
    ck_assert_uint_eq(v->len, 16);
    memcpy(out, v->data, 17);
    nd_buf_free(v);
}

static uint64_t
members(nd_indexer *ix, const char *key)
{
    char t[32];
    uint64_t n = 0;
    snprintf(t, sizeof t, "XCL%s", key);
    ck_assert_int_eq(ndi_xdb_termfreq(ndi_indexer_xdb(ix), t, &n), ND_OK);
    return n;
}

START_TEST(test_index_cluster_near)
{
    char *b1 = wire_body(0, 0, ""), *b2 = wire_body(5, 1, "Reuter");
    char *b3 = wire_body(0, 0, "");
    /* the same sentence shapes with other words: another story */
    for (char *c = b3; *c; c++)
        if (*c == 'w')
            *c = 'v';
    nd_article *orig = article("/arch/a.txt", 0, "Strike", b1);
    nd_article *copy = article("/arch/b.html", 0, "UPDATE 1-Strike", b2);
    nd_article *other = article("/arch/c.txt", 0, "Strike", b3);
    nd_indexer *ix = ixopen(coll);
    ck_assert_int_eq(put(ix, orig), NDI_PUT_ADDED);
    ck_assert_int_eq(put(ix, other), NDI_PUT_ADDED);
    ck_assert_int_eq(put(ix, copy), NDI_PUT_ADDED); /* same batch */
    char ko[17], kc[17], kx[17];
    cluster_of(ix, orig, ko);
    cluster_of(ix, copy, kc);
    cluster_of(ix, other, kx);
    ck_assert_str_eq(ko, nd_article_get(orig, ND_F_ID));
    ck_assert_str_eq(kc, ko);
    ck_assert_str_eq(kx, nd_article_get(other, ND_F_ID));
    ck_assert_uint_eq(members(ix, ko), 2);
    ck_assert_uint_eq(members(ix, kx), 1);
    nd_indexer_free(ix);
    nd_article_free(orig);
    nd_article_free(copy);
    nd_article_free(other);
    free(b1);
    free(b2);
    free(b3);
}
END_TEST

/* Exact duplicates share a cluster even when too short for a
 * fingerprint. */
START_TEST(test_index_cluster_exact)
{
    nd_article *a = article("/arch/a.txt", 0, "Brief", "Rain today.");
    nd_article *b = article("/arch/b.txt", 3, "Brief", "Rain today.");
    nd_article *c = article("/arch/c.txt", 0, "Brief", "Sun today.");
    nd_indexer *ix = ixopen(coll);
    put(ix, a);
    put(ix, b);
    put(ix, c);
    char ka[17], kb[17], kc[17];
    cluster_of(ix, a, ka);
    cluster_of(ix, b, kb);
    cluster_of(ix, c, kc);
    ck_assert_str_eq(ka, kb);
    ck_assert_str_ne(ka, kc);
    nd_indexer_free(ix);
    nd_article_free(a);
    nd_article_free(b);
    nd_article_free(c);
}
END_TEST

/* A copy written before its original, and in another run: the original
 * joins the copy's cluster. */
START_TEST(test_index_cluster_order)
{
    char *b1 = wire_body(0, 0, ""), *b2 = wire_body(7, 0, "");
    nd_article *orig = article("/arch/a.txt", 0, "Strike", b1);
    nd_article *copy = article("/arch/b.txt", 0, "UPDATE 2-Strike", b2);
    nd_indexer *ix = ixopen(coll);
    put(ix, copy);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ix = ixopen(coll);
    put(ix, orig);
    char ko[17], kc[17];
    cluster_of(ix, orig, ko);
    cluster_of(ix, copy, kc);
    ck_assert_str_eq(ko, kc);
    ck_assert_str_eq(kc, nd_article_get(copy, ND_F_ID));
    nd_indexer_free(ix);
    nd_article_free(orig);
    nd_article_free(copy);
    free(b1);
    free(b2);
}
END_TEST

/* Sentences numbered in 'sent' (words "s3w5" as in wire_body). */
static char *
body_of(const unsigned *sent, size_t n)
{
    nd_buf *b = buf();
    for (size_t i = 0; i < n; i++) {
        for (unsigned w = 0; w < 10; w++)
            ck_assert_int_eq(
                ndi_buf_printf(b, "%ss%uw%u", w ? " " : "", sent[i], w), ND_OK);
        ck_assert_int_eq(ndi_buf_puts(b, ". "), ND_OK);
    }
    size_t len;
    char *s = ndi_buf_steal(b, &len);
    nd_buf_free(b);
    return s;
}

/* Two copies, each near the original but not near each other, indexed
 * before it: they start two clusters, which the original merges. */
START_TEST(test_index_cluster_merge)
{
    static const unsigned o[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const unsigned b[] = {1, 2, 3, 4, 5, 6, 7, 101, 102};
    static const unsigned c[] = {6, 7, 8, 9, 10, 11, 12, 201, 202};
    char *bo = body_of(o, 12), *bb = body_of(b, 9), *bc = body_of(c, 9);
    nd_article *ao = article("/arch/o.txt", 0, "Story", bo);
    nd_article *ab = article("/arch/b.txt", 0, "Story", bb);
    nd_article *ac = article("/arch/c.txt", 0, "Story", bc);
    nd_indexer *ix = ixopen(coll);
    put(ix, ab);
    put(ix, ac);
    char kb[17], kc[17], ko[17];
    cluster_of(ix, ab, kb);
    cluster_of(ix, ac, kc);
    ck_assert_str_ne(kb, kc); /* not near each other */
    put(ix, ao);
    cluster_of(ix, ao, ko);
    cluster_of(ix, ab, kb);
    cluster_of(ix, ac, kc);
    ck_assert_str_eq(kb, ko);
    ck_assert_str_eq(kc, ko);
    ck_assert_uint_eq(members(ix, ko), 3);
    nd_indexer_free(ix);
    nd_article_free(ao);
    nd_article_free(ab);
    nd_article_free(ac);
    free(bo);
    free(bb);
    free(bc);
}
END_TEST

/* Keys are stable: an unchanged article is left alone, a slightly
 * changed one stays in its cluster, and one changed beyond recognition
 * leaves it under a new key while the others keep the old one. */
START_TEST(test_index_cluster_stable)
{
    char *b1 = wire_body(0, 0, ""), *b2 = wire_body(3, 0, "");
    char *b1x = wire_body(9, 0, ""), *b1z = wire_body(0, 0, "");
    for (char *c = b1z; *c; c++)
        if (*c == 'w')
            *c = 'z';
    nd_article *orig = article("/arch/a.txt", 0, "Strike", b1);
    nd_article *copy = article("/arch/b.txt", 0, "Strike", b2);
    nd_indexer *ix = ixopen(coll);
    put(ix, orig);
    put(ix, copy);
    char k0[17], k[17];
    cluster_of(ix, copy, k0);
    ck_assert_str_eq(k0, nd_article_get(orig, ND_F_ID));
    ck_assert_int_eq(put(ix, orig), NDI_PUT_UNCHANGED);
    ck_assert_int_eq(put(ix, copy), NDI_PUT_UNCHANGED);
    set(orig, ND_F_BODY, b1x); /* one sentence rewritten */
    ck_assert_int_eq(put(ix, orig), NDI_PUT_UPDATED);
    cluster_of(ix, orig, k);
    ck_assert_str_eq(k, k0);
    set(orig, ND_F_BODY, b1z); /* another story now */
    ck_assert_int_eq(put(ix, orig), NDI_PUT_UPDATED);
    cluster_of(ix, orig, k);
    ck_assert_str_ne(k, k0);
    cluster_of(ix, copy, k);
    ck_assert_str_eq(k, k0);
    ck_assert_uint_eq(members(ix, k0), 1);
    nd_indexer_free(ix);
    nd_article_free(orig);
    nd_article_free(copy);
    free(b1);
    free(b2);
    free(b1x);
    free(b1z);
}
END_TEST

/* Dates and the 4-byte slot Omega reads: what it cannot hold is clamped. */
static const struct {
    int64_t t;
    uint32_t slot;
    const char *day;
} dates[] = {
    {INT64_C(-2208988800), 0, "D19000101"},
    {-1, 0, "D19691231"},
    {0, 0, "D19700101"},
    {T_2023, (uint32_t)T_2023, "D20230321"},
    {INT64_C(4294967295), UINT32_MAX, "D21060207"},
    {INT64_C(4294967296), UINT32_MAX, "D21060207"},
    {INT64_C(7258118400), UINT32_MAX, "D22000101"},
};

START_TEST(test_index_prepare_date_clamp)
{
    nd_article *a = article("/arch/a.txt", 0, "Dated", "Body");
    nd_article_set_date(a, dates[_i].t, ND_DATE_DOCUMENT);
    ndi_prepared p;
    ndi_docid id;
    ndi_xdb *x = store(a, &p, &id);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_DATE, v), ND_OK);
    ck_assert_uint_eq(be32(v), dates[_i].slot);
    /* the sortable slot keeps any year */
    ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_TIME, v), ND_OK);
    ck_assert(ndi_x_unsortable(nd_buf_data(v), nd_buf_len(v)) ==
              (double)dates[_i].t);
    ck_assert_msg(has_term(x, dates[_i].day), "no term %s", dates[_i].day);
    ndi_xdb_free(x);
    nd_article_free(a);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_prepare_long_url)
{
    char url1[400], url2[400];
    int n = snprintf(url1, sizeof url1, "https://news.example/");
    for (; n < 300; n++)
        url1[n] = (char)('a' + n % 26);
    url1[n] = '\0';
    memcpy(url2, url1, sizeof url1);
    url2[298] = 'Z'; /* differs past the kept part */
    nd_article *a = article("/arch/a.txt", 0, "Long", "Body");
    nd_article *b = article("/arch/b.txt", 0, "Long", "Body");
    set(a, ND_F_URL, url1);
    set(b, ND_F_URL, url2);
    ndi_prepared pa, pb;
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(ndi_index_prepare(&h, a, &pa), ND_OK);
    ck_assert_int_eq(ndi_index_prepare(&h, b, &pb), ND_OK);
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    /* Xapian would refuse a term over its limit */
    ck_assert_msg(ndi_xdb_replace(x, "Qa", pa.doc) == ND_OK, "%s",
                  nd_errmsg(x));
    ck_assert_msg(ndi_xdb_replace(x, "Qb", pb.doc) == ND_OK, "%s",
                  nd_errmsg(x));
    ndi_prepared_clear(&pa);
    ndi_prepared_clear(&pb);
    term_list l;
    terms(x, NDI_P_URL, &l);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_uint_le(l.maxlen, NDI_TERM_MAX);
    ck_assert_uint_ge(l.maxlen, 200);
    /* the terms keep the URL's start */
    ck_assert_int_eq(strncmp(l.text, "Uhttps://news.example/", 22), 0);
    ndi_xdb_free(x);
    nd_article_free(a);
    nd_article_free(b);
}
END_TEST

START_TEST(test_index_prepare_long_utf8)
{
    /* a long entity name of 2-byte characters is cut between characters */
    char name[600];
    size_t n = 0;
    while (n + 2 < 500) {
        memcpy(name + n, "é", 2);
        n += 2;
    }
    name[n] = '\0';
    nd_article *a = article("/arch/a.txt", 0, "Long", "Body");
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, name, n), ND_OK);
    ndi_prepared p;
    ndi_docid id;
    ndi_xdb *x = store(a, &p, &id);
    term_list l;
    terms(x, NDI_P_PERSON, &l);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_le(l.maxlen, NDI_TERM_MAX);
    char *bar = strchr(l.text, '|');
    ck_assert(ndi_utf8_valid(l.text, (size_t)(bar - l.text)));
    ndi_xdb_free(x);
    nd_article_free(a);
}
END_TEST

/* ---- the writer ------------------------------------------------------- */

START_TEST(test_index_add_read_back)
{
    nd_indexer *ix = ixopen(coll);
    nd_article *a[3];
    for (uint32_t i = 0; i < 3; i++) {
        a[i] = article("/arch/r.xml", i, "Story", "Words of a story");
        ck_assert_int_eq(nd_indexer_add(ix, a[i]), ND_OK);
    }
    /* adding the same article again replaces it */
    ck_assert_int_eq(nd_indexer_add(ix, a[1]), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK); /* twice is harmless */
    nd_indexer_free(ix);

    ndi_xdb *x = reader();
    ck_assert_uint_eq(doccount(x), 3);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(x, NDI_META_SCHEMA, v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), "1");
    for (int i = 0; i < 3; i++) {
        char q[32];
        ndi_docid id;
        snprintf(q, sizeof q, "Q%s", nd_article_get(a[i], ND_F_ID));
        ck_assert_int_eq(ndi_xdb_find(x, q, &id), ND_OK);
        ck_assert_int_eq(ndi_xdb_value(x, id, NDI_SLOT_ID, v), ND_OK);
        ck_assert_str_eq(nd_buf_data(v), nd_article_get(a[i], ND_F_ID));
        nd_article_free(a[i]);
    }
    ndi_xdb_free(x);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_add_not_open)
{
    /* before an open and after a close: refused, not a crash */
    nd_indexer *ix = NULL;
    nd_article *a = article("/arch/a.txt", 0, "Title", "Body");
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), "no collection"));
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_EINVAL);
    nd_indexer_free(ix);
    nd_article_free(a);
    ndi_xdb *x = reader();
    ck_assert_uint_eq(doccount(x), 1);
    ndi_xdb_free(x);
}
END_TEST

START_TEST(test_index_put_status)
{
    nd_indexer *ix = ixopen(coll);
    nd_article *a = article("/arch/a.txt", 0, "Title", "First body");
    ck_assert_int_eq(put(ix, a), NDI_PUT_ADDED);
    ck_assert_int_eq(put(ix, a), NDI_PUT_UNCHANGED);
    set(a, ND_F_BODY, "Second body");
    ck_assert_int_eq(put(ix, a), NDI_PUT_UPDATED);
    ck_assert_int_eq(put(ix, a), NDI_PUT_UNCHANGED);
    /* a change of an entity alone is a change */
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, "OPEC", 4), ND_OK);
    ck_assert_int_eq(put(ix, a), NDI_PUT_UPDATED);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    /* and across sessions */
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(put(ix, a), NDI_PUT_UNCHANGED);
    ck_assert_uint_eq(doccount(ndi_indexer_xdb(ix)), 1);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ndi_xdb *x = reader();
    ck_assert_uint_eq(doccount(x), 1);
    ndi_docid id;
    ck_assert_int_eq(ndi_xdb_find(x, "XORGopec", &id), ND_OK);
    ndi_xdb_free(x);
    nd_article_free(a);
}
END_TEST

START_TEST(test_index_delete)
{
    nd_indexer *ix = ixopen(coll);
    nd_article *a0 = article("/arch/r.xml", 0, "One", "Body one");
    nd_article *a1 = article("/arch/r.xml", 1, "Two", "Body two");
    nd_article *b = article("/arch/other.xml", 0, "Three", "Body three");
    ck_assert_int_eq(nd_indexer_add(ix, a0), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a1), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, b), ND_OK);
    int existed = -1;
    ck_assert_int_eq(
        ndi_indexer_delete(ix, nd_article_get(b, ND_F_ID), &existed), ND_OK);
    ck_assert_int_eq(existed, 1);
    ck_assert_int_eq(
        ndi_indexer_delete(ix, nd_article_get(b, ND_F_ID), &existed), ND_OK);
    ck_assert_int_eq(existed, 0);
    ck_assert_uint_eq(doccount(ndi_indexer_xdb(ix)), 2);
    /* every article of one file at once */
    ck_assert_int_eq(nd_indexer_add(ix, b), ND_OK);
    unsigned n = 99;
    ck_assert_int_eq(ndi_indexer_delete_file_articles(ix, "/arch/r.xml", &n),
                     ND_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(ndi_indexer_delete_file_articles(ix, "/arch/r.xml", &n),
                     ND_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ndi_xdb *x = reader();
    ck_assert_uint_eq(doccount(x), 1);
    char q[32];
    ndi_docid id;
    snprintf(q, sizeof q, "Q%s", nd_article_get(b, ND_F_ID));
    ck_assert_int_eq(ndi_xdb_find(x, q, &id), ND_OK);
    ndi_xdb_free(x);
    nd_article_free(a0);
    nd_article_free(a1);
    nd_article_free(b);
}
END_TEST

START_TEST(test_index_batch)
{
    nd_indexer *ix = ixopen(coll);
    ndi_indexer_set_batch(ix, 2);
    nd_article *a[3];
    for (uint32_t i = 0; i < 3; i++)
        a[i] = article("/arch/r.xml", i, "Story", "Body");
    ck_assert_int_eq(nd_indexer_add(ix, a[0]), ND_OK);
    ndi_xdb *x = reader();
    ck_assert_uint_eq(doccount(x), 0); /* the batch is open */
    ck_assert_int_eq(nd_indexer_add(ix, a[1]), ND_OK);
    ck_assert_int_eq(ndi_xdb_reopen(x), ND_OK);
    ck_assert_uint_eq(doccount(x), 2); /* full: committed */
    ck_assert_int_eq(nd_indexer_add(ix, a[2]), ND_OK);
    /* freeing without a close drops the open batch */
    nd_indexer_free(ix);
    ck_assert_int_eq(ndi_xdb_reopen(x), ND_OK);
    ck_assert_uint_eq(doccount(x), 2);
    ndi_xdb_free(x);
    /* an explicit flush commits */
    ix = ixopen(coll);
    ck_assert_int_eq(nd_indexer_add(ix, a[2]), ND_OK);
    ck_assert_int_eq(ndi_indexer_flush(ix, 1), ND_OK);
    x = reader();
    ck_assert_uint_eq(doccount(x), 3);
    ndi_xdb_free(x);
    nd_indexer_free(ix);
    for (int i = 0; i < 3; i++)
        nd_article_free(a[i]);
}
END_TEST

/* ---- per-file state --------------------------------------------------- */

static char long_path[400];

static const char *
state_path(int i)
{
    static const char *const paths[] = {
        "/arch/plain.txt",
        NULL, /* long_path: over the 200 bytes a key holds */
        "/arch/we#ird\nname.txt",
        "/arch/tab\tand space \xc3\xa9 \xff.txt",
        "/arch/#hash/first.txt",
    };
    if (long_path[0] == '\0') {
        int n = snprintf(long_path, sizeof long_path, "/arch/");
        for (; n < 300; n++)
            long_path[n] = (char)('a' + n % 26);
        memcpy(long_path + n, ".txt", 5);
    }
    return i == 1 ? long_path : paths[i];
}
#define NSTATES 5

static ndi_filerec
filerec(int64_t size, uint32_t items, int failed, const char *reason)
{
    ndi_filerec r;
    memset(&r, 0, sizeof r);
    r.fs.size = size;
    r.fs.mtime_ns = INT64_C(1679417223123456789);
    memcpy(r.fs.hash, "0123456789abcdef0123456789abcdef", 33);
    r.fs.items = items;
    r.failed = failed;
    snprintf(r.reason, sizeof r.reason, "%s", reason);
    return r;
}

START_TEST(test_index_filestate)
{
    const char *path = state_path(_i);
    nd_indexer *ix = ixopen(coll);
    ndi_filerec in = filerec(1234, 3, 0, ""), out;
    ck_assert_int_eq(ndi_indexer_get_file(ix, path, &out), ND_ENOTFOUND);
    ck_assert_int_eq(ndi_indexer_set_file(ix, path, &in), ND_OK);
    ck_assert_msg(ndi_indexer_get_file(ix, path, &out) == ND_OK, "get [%s]",
                  path);
    ck_assert_int_eq(out.fs.size, 1234);
    ck_assert_int_eq(out.fs.mtime_ns, in.fs.mtime_ns);
    ck_assert_str_eq(out.fs.hash, in.fs.hash);
    ck_assert_uint_eq(out.fs.items, 3);
    ck_assert_int_eq(out.failed, 0);
    ck_assert_str_eq(out.reason, "");
    /* a failure with a reason on two lines, kept across a reopen */
    in = filerec(99, 0, 1, "parse error:\nline 2");
    in.fs.hash[0] = '\0';
    ck_assert_int_eq(ndi_indexer_set_file(ix, path, &in), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_msg(ndi_indexer_get_file(ix, path, &out) == ND_OK, "get [%s]",
                  path);
    ck_assert_int_eq(out.fs.size, 99);
    ck_assert_str_eq(out.fs.hash, "");
    ck_assert_int_eq(out.failed, 1);
    ck_assert_str_eq(out.reason, "parse error: line 2");
    /* a path that only shares a prefix is another file */
    char other[512];
    snprintf(other, sizeof other, "%sx", path);
    ck_assert_int_eq(ndi_indexer_get_file(ix, other, &out), ND_ENOTFOUND);
    ck_assert_int_eq(ndi_indexer_drop_file(ix, path), ND_OK);
    ck_assert_int_eq(ndi_indexer_get_file(ix, path, &out), ND_ENOTFOUND);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
}
END_TEST

typedef struct seen_files {
    int seen[NSTATES];
    int calls;
    uint32_t items[NSTATES];
} seen_files;

static nd_status
collect_file(void *ctx, const char *abspath, const ndi_filerec *rec)
{
    seen_files *s = ctx;
    s->calls++;
    for (int i = 0; i < NSTATES; i++)
        if (strcmp(abspath, state_path(i)) == 0) {
            s->seen[i]++;
            s->items[i] = rec->fs.items;
        }
    return ND_OK;
}

START_TEST(test_index_filestate_each)
{
    nd_indexer *ix = ixopen(coll);
    for (int i = 0; i < NSTATES; i++) {
        ndi_filerec r = filerec(10 + i, (uint32_t)i, 0, "");
        ck_assert_int_eq(ndi_indexer_set_file(ix, state_path(i), &r), ND_OK);
    }
    /* other metadata is not a file */
    ck_assert_int_eq(
        ndi_xdb_set_meta(ndi_indexer_xdb(ix), "Fnot a record", "junk", 4),
        ND_OK);
    seen_files s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(ndi_indexer_each_file(ix, collect_file, &s), ND_OK);
    ck_assert_int_eq(s.calls, NSTATES);
    for (int i = 0; i < NSTATES; i++) {
        ck_assert_msg(s.seen[i] == 1, "file %d [%s] seen %d times", i,
                      state_path(i), s.seen[i]);
        ck_assert_uint_eq(s.items[i], (uint32_t)i);
    }
    ck_assert_int_eq(ndi_indexer_drop_file(ix, state_path(1)), ND_OK);
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(ndi_indexer_each_file(ix, collect_file, &s), ND_OK);
    ck_assert_int_eq(s.calls, NSTATES - 1);
    ck_assert_int_eq(s.seen[1], 0);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
}
END_TEST

/* ---- schema and opening ----------------------------------------------- */

static void
make_db(const char *schema, int docs)
{
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    if (schema != NULL)
        ck_assert_int_eq(
            ndi_xdb_set_meta(x, NDI_META_SCHEMA, schema, strlen(schema)),
            ND_OK);
    for (int i = 0; i < docs; i++) {
        ndi_xdoc *d = NULL;
        ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
        ck_assert_int_eq(ndi_xdoc_text(d, "some text", 9, 1, ""), ND_OK);
        char q[16];
        snprintf(q, sizeof q, "Q%d", i);
        ck_assert_int_eq(ndi_xdb_replace(x, q, d), ND_OK);
        ndi_xdoc_free(d);
    }
    ck_assert_int_eq(ndi_xdb_close(x), ND_OK);
    ndi_xdb_free(x);
}

static const char *const bad_schemas[] = {"99", "0", "2", "1x", "x", "-1"};

START_TEST(test_index_schema_unknown)
{
    make_db(bad_schemas[_i], 1);
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_EVERSION);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), coll));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), bad_schemas[_i]));
    nd_indexer_free(ix);
    /* the collection is left as it was */
    ndi_xdb *x = reader();
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(x, NDI_META_SCHEMA, v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), bad_schemas[_i]);
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(ndi_schema_check(x, &h, coll, 0), ND_EVERSION);
    ck_assert_ptr_nonnull(strstr(h.errmsg, coll));
    ndi_xdb_free(x);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_schema_foreign)
{
    make_db(NULL, 2);
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_EVERSION);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), coll));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix), "not a newsdex collection"));
    nd_indexer_free(ix);
    ndi_xdb *x = reader();
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(x, NDI_META_SCHEMA, v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 0); /* not claimed */
    ndi_xdb_free(x);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_schema_new)
{
    /* an empty Xapian database becomes a collection when written */
    make_db(NULL, 0);
    ndi_xdb *x = reader();
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(ndi_schema_check(x, &h, coll, 0), ND_OK);
    nd_indexer *ix = ixopen(coll);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    ck_assert_int_eq(ndi_xdb_reopen(x), ND_OK);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(x, NDI_META_SCHEMA, v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), "1");
    ndi_xdb_free(x);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_index_open_locked)
{
    nd_indexer *ix1 = ixopen(coll), *ix2 = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix2), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix2, coll), ND_ELOCKED);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix2), coll));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(ix2), "locked"));
    ck_assert_int_eq(nd_indexer_close(ix1), ND_OK);
    ck_assert_msg(nd_indexer_open(ix2, coll) == ND_OK, "%s", nd_errmsg(ix2));
    ck_assert_int_eq(nd_indexer_close(ix2), ND_OK);
    nd_indexer_free(ix1);
    nd_indexer_free(ix2);
    nd_indexer_free(NULL);
}
END_TEST

START_TEST(test_index_open_not_dir)
{
    fx_write_str(dir, "coll", "a plain file\n");
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    nd_status st = nd_indexer_open(ix, coll);
    ck_assert_int_ne(st, ND_OK);
    ck_assert_msg(strstr(nd_errmsg(ix), coll) != NULL, "%s: %s",
                  nd_strerror(st), nd_errmsg(ix));
    nd_indexer_free(ix);
}
END_TEST

static Suite *
index_suite(void)
{
    Suite *s = suite_create("index");
    struct {
        const char *name;
        const TTest *test;
        int loop;
    } cases[] = {
        {"prepare_terms", test_index_prepare_terms, 0},
        {"prepare_no_date", test_index_prepare_no_date, 0},
        {"prepare_no_id", test_index_prepare_no_id, 0},
        {"prepare_values", test_index_prepare_values, 0},
        {"prepare_digest", test_index_prepare_digest, 0},
        {"cluster_near", test_index_cluster_near, 0},
        {"cluster_exact", test_index_cluster_exact, 0},
        {"cluster_order", test_index_cluster_order, 0},
        {"cluster_merge", test_index_cluster_merge, 0},
        {"cluster_stable", test_index_cluster_stable, 0},
        {"prepare_date_clamp", test_index_prepare_date_clamp,
         (int)NDI_ARRAY_LEN(dates)},
        {"prepare_long_url", test_index_prepare_long_url, 0},
        {"prepare_long_utf8", test_index_prepare_long_utf8, 0},
        {"add_read_back", test_index_add_read_back, 0},
        {"add_not_open", test_index_add_not_open, 0},
        {"put_status", test_index_put_status, 0},
        {"delete", test_index_delete, 0},
        {"batch", test_index_batch, 0},
        {"filestate", test_index_filestate, NSTATES},
        {"filestate_each", test_index_filestate_each, 0},
        {"schema_unknown", test_index_schema_unknown,
         (int)NDI_ARRAY_LEN(bad_schemas)},
        {"schema_foreign", test_index_schema_foreign, 0},
        {"schema_new", test_index_schema_new, 0},
        {"open_locked", test_index_open_locked, 0},
        {"open_not_dir", test_index_open_not_dir, 0},
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
    return fx_run(index_suite());
}
