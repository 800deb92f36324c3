/* SPDX-License-Identifier: MIT */
/* check_xdb.c - the Xapian shim (lib/xapian.cc) through its C face, xdb.h. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ndi.h"
#include "xdb.h"

static char dir[4096];
static char db[4200];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "%s", fx_tmpdir());
    snprintf(db, sizeof db, "%s/db", dir);
}

static void
teardown(void)
{
    fx_rmtree(dir);
}

/* ---- helpers ---------------------------------------------------------- */

static ndi_xdb *
xopen(const char *path, ndi_xdb_mode mode)
{
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    nd_status st = ndi_xdb_open(x, path, mode);
    ck_assert_msg(st == ND_OK, "open %s: %s", path, nd_errmsg(x));
    return x;
}

static nd_buf *
buf(void)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    return b;
}

/* Add (or replace by 'unique') a document: 'text' as free text with
 * positions, 'title' also under prefix S, 'bterm' as a boolean term. */
static void
put_doc(ndi_xdb *x, const char *unique, const char *title, const char *text,
        const char *bterm)
{
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
    if (title != NULL) {
        ck_assert_int_eq(ndi_xdoc_text(d, title, strlen(title), 1, "S"), ND_OK);
        ndi_xdoc_gap(d, 100);
        ck_assert_int_eq(ndi_xdoc_text(d, title, strlen(title), 1, ""), ND_OK);
        ndi_xdoc_gap(d, 100);
    }
    if (text != NULL)
        ck_assert_int_eq(ndi_xdoc_text(d, text, strlen(text), 1, ""), ND_OK);
    ck_assert_int_eq(ndi_xdoc_term(d, unique, strlen(unique), 0), ND_OK);
    if (bterm != NULL)
        ck_assert_int_eq(ndi_xdoc_term(d, bterm, strlen(bterm), 0), ND_OK);
    ck_assert_int_eq(ndi_xdoc_data(d, unique, strlen(unique)), ND_OK);
    ck_assert_msg(ndi_xdb_replace(x, unique, d) == ND_OK, "%s", nd_errmsg(x));
    ndi_xdoc_free(d);
}

static uint64_t
doccount(ndi_xdb *x)
{
    uint64_t n = 0;
    ck_assert_int_eq(ndi_xdb_doccount(x, &n), ND_OK);
    return n;
}

static const ndi_xfield fields[] = {
    {"title", "S", 0, 0, NULL},
    {"source", "XSRC", 1, 0, NULL},
};

static nd_status
search(ndi_xdb *x, const char *text, ndi_xmset **out)
{
    ndi_xquery q = {
        .text = text,
        .fields = fields,
        .nfields = NDI_ARRAY_LEN(fields),
        .lang = "en",
        .offset = 0,
        .count = 10,
        .tiebreak_slot = -1,
        .max_wildcard = 100,
    };
    return ndi_xdb_search(x, &q, out);
}

/* The unique terms (stored as data) of the hits, space separated. */
static void
hit_names(ndi_xmset *m, char *out, size_t len)
{
    nd_buf *b = buf();
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ndi_xmset_size(m); i++) {
        ck_assert_int_eq(ndi_xmset_data(m, i, b), ND_OK);
        used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "",
                                 nd_buf_data(b));
        ck_assert_uint_lt(used, len);
    }
    nd_buf_free(b);
}

static void
expect_hits(ndi_xdb *x, const char *query, const char *want)
{
    ndi_xmset *m = NULL;
    char got[512];
    nd_status st = search(x, query, &m);
    ck_assert_msg(st == ND_OK, "query %s: %s", query, nd_errmsg(x));
    hit_names(m, got, sizeof got);
    ck_assert_msg(strcmp(got, want) == 0, "query [%s]: got [%s], want [%s]",
                  query, got, want);
    ndi_xmset_free(m);
}

/* ---- open modes ------------------------------------------------------- */

START_TEST(test_xdb_open_read_missing)
{
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, db, NDI_XDB_READ), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(x), db));
    /* an existing directory without a database reads the same */
    ck_assert_int_eq(ndi_xdb_open(x, dir, NDI_XDB_READ), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(x), dir));
    ndi_xdb_free(x);
    ndi_xdb_free(NULL);
}
END_TEST

START_TEST(test_xdb_open_write_creates)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qone", NULL, "hello world", NULL);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb_free(w);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r), 1);
    ck_assert_int_eq(ndi_xdb_close(r), ND_OK);
    ndi_xdb_free(r);
    /* WRITE on an existing database opens it, keeping what is there */
    w = xopen(db, NDI_XDB_WRITE);
    ck_assert_uint_eq(doccount(w), 1);
    ndi_xdb_free(w);
}
END_TEST

START_TEST(test_xdb_open_locked)
{
    ndi_xdb *w1 = xopen(db, NDI_XDB_WRITE);
    ndi_xdb *w2 = NULL;
    ck_assert_int_eq(ndi_xdb_new(&w2), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(w2, db, NDI_XDB_WRITE), ND_ELOCKED);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w2), db));
    /* a reader is not blocked by the writer */
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ndi_xdb_free(r);
    ck_assert_int_eq(ndi_xdb_close(w1), ND_OK);
    ck_assert_msg(ndi_xdb_open(w2, db, NDI_XDB_WRITE) == ND_OK, "%s",
                  nd_errmsg(w2));
    ndi_xdb_free(w2);
    ndi_xdb_free(w1);
}
END_TEST

START_TEST(test_xdb_open_create_replaces)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qone", NULL, "hello world", NULL);
    ck_assert_int_eq(ndi_xdb_set_meta(w, "key", "v", 1), ND_OK);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(w, db, NDI_XDB_CREATE), ND_OK);
    ck_assert_uint_eq(doccount(w), 0);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(w, "key", v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 0);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb_free(w);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r), 0);
    ndi_xdb_free(r);
    nd_buf_free(v);
}
END_TEST

/* ---- metadata --------------------------------------------------------- */

typedef struct meta_list {
    char text[512];
    int calls, stop_after;
} meta_list;

static nd_status
collect_meta(void *ctx, const char *key, size_t klen, const char *value,
             size_t vlen)
{
    meta_list *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%.*s=%.*s;", (int)klen, key,
             (int)vlen, value);
    l->calls++;
    return l->stop_after > 0 && l->calls >= l->stop_after ? ND_DONE : ND_OK;
}

START_TEST(test_xdb_meta)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    nd_buf *v = buf();
    static const char *const keys[] = {"Fz", "Fa", "Fm", "G1", "E1", "F"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(keys); i++)
        ck_assert_int_eq(ndi_xdb_set_meta(w, keys[i], keys[i], strlen(keys[i])),
                         ND_OK);
    /* a value with a NUL and a newline survives */
    ck_assert_int_eq(ndi_xdb_set_meta(w, "bin", "a\0b\nc", 5), ND_OK);
    ck_assert_int_eq(ndi_xdb_get_meta(w, "bin", v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 5);
    ck_assert_int_eq(memcmp(nd_buf_data(v), "a\0b\nc", 5), 0);
    ck_assert_int_eq(ndi_xdb_get_meta(w, "absent", v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 0);

    meta_list l = {"", 0, 0};
    ck_assert_int_eq(ndi_xdb_each_meta(w, "F", collect_meta, &l), ND_OK);
    ck_assert_str_eq(l.text, "F=F;Fa=Fa;Fm=Fm;Fz=Fz;");
    /* an empty value deletes the key */
    ck_assert_int_eq(ndi_xdb_set_meta(w, "Fm", "", 0), ND_OK);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(ndi_xdb_each_meta(w, "F", collect_meta, &l), ND_OK);
    ck_assert_str_eq(l.text, "F=F;Fa=Fa;Fz=Fz;");
    /* a status other than ND_OK stops the walk and is returned */
    memset(&l, 0, sizeof l);
    l.stop_after = 2;
    ck_assert_int_eq(ndi_xdb_each_meta(w, "", collect_meta, &l), ND_DONE);
    ck_assert_int_eq(l.calls, 2);
    ck_assert_str_eq(l.text, "E1=E1;F=F;");
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);

    /* committed metadata reaches a reader, which cannot write it */
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_int_eq(ndi_xdb_get_meta(r, "G1", v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), "G1");
    ck_assert_int_eq(ndi_xdb_set_meta(r, "G1", "x", 1), ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(r), "read-only"));
    ndi_xdb_free(r);
    ndi_xdb_free(w);
    nd_buf_free(v);
}
END_TEST

/* ---- transactions ----------------------------------------------------- */

START_TEST(test_xdb_txn_commit)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK); /* the database exists */
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_int_eq(ndi_xdb_begin(w), ND_OK);
    put_doc(w, "Qa", NULL, "alpha", NULL);
    ck_assert_int_eq(ndi_xdb_set_meta(w, "k", "v", 1), ND_OK);
    /* nothing is visible before the commit */
    ndi_xdb *r2 = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r2), 0);
    ndi_xdb_free(r2);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    r2 = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r2), 1);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(r2, "k", v), ND_OK);
    ck_assert_str_eq(nd_buf_data(v), "v");
    ndi_xdb_free(r2);
    /* an older reader sees it after a reopen */
    ck_assert_uint_eq(doccount(r), 0);
    ck_assert_int_eq(ndi_xdb_reopen(r), ND_OK);
    ck_assert_uint_eq(doccount(r), 1);
    ndi_xdb_free(r);
    ndi_xdb_free(w);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_xdb_txn_cancel)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "alpha", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ck_assert_int_eq(ndi_xdb_begin(w), ND_OK);
    put_doc(w, "Qb", NULL, "beta", NULL);
    ck_assert_int_eq(ndi_xdb_set_meta(w, "k", "v", 1), ND_OK);
    ck_assert_int_eq(ndi_xdb_cancel(w), ND_OK);
    ck_assert_uint_eq(doccount(w), 1);
    nd_buf *v = buf();
    ck_assert_int_eq(ndi_xdb_get_meta(w, "k", v), ND_OK);
    ck_assert_uint_eq(nd_buf_len(v), 0);
    /* a cancel outside a transaction does nothing */
    ck_assert_int_eq(ndi_xdb_cancel(w), ND_OK);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r), 1);
    ndi_docid id;
    ck_assert_int_eq(ndi_xdb_find(r, "Qb", &id), ND_ENOTFOUND);
    ndi_xdb_free(r);
    ndi_xdb_free(w);
    nd_buf_free(v);
}
END_TEST

START_TEST(test_xdb_txn_close_commits)
{
    /* close commits an open transaction (the indexer relies on it) */
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    ck_assert_int_eq(ndi_xdb_begin(w), ND_OK);
    put_doc(w, "Qa", NULL, "alpha", NULL);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb_free(w);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r), 1);
    ndi_xdb_free(r);
    /* free without close drops the open batch */
    w = xopen(db, NDI_XDB_WRITE);
    ck_assert_int_eq(ndi_xdb_begin(w), ND_OK);
    put_doc(w, "Qb", NULL, "beta", NULL);
    ndi_xdb_free(w);
    r = xopen(db, NDI_XDB_READ);
    ck_assert_uint_eq(doccount(r), 1);
    ndi_xdb_free(r);
}
END_TEST

/* ---- documents -------------------------------------------------------- */

START_TEST(test_xdb_replace_unique)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    nd_buf *b = buf();
    ndi_docid id1, id2;
    put_doc(w, "Qsame", NULL, "first version", NULL);
    ck_assert_int_eq(ndi_xdb_find(w, "Qsame", &id1), ND_OK);
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdoc_new(&d, ""), ND_OK);
    ck_assert_int_eq(ndi_xdoc_term(d, "Qsame", 5, 0), ND_OK);
    ck_assert_int_eq(ndi_xdoc_data(d, "second", 6), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(w, "Qsame", d), ND_OK);
    ndi_xdoc_free(d);
    ck_assert_uint_eq(doccount(w), 1);
    ck_assert_int_eq(ndi_xdb_find(w, "Qsame", &id2), ND_OK);
    ck_assert_uint_eq(id1, id2);
    ck_assert_int_eq(ndi_xdb_data(w, id2, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "second");
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_xdb_delete_count)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "one", "XTAGred");
    put_doc(w, "Qb", NULL, "two", "XTAGred");
    put_doc(w, "Qc", NULL, "three", "XTAGred");
    put_doc(w, "Qd", NULL, "four", "XTAGblue");
    unsigned n = 99;
    ck_assert_int_eq(ndi_xdb_delete(w, "XTAGred", &n), ND_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(doccount(w), 1);
    ck_assert_int_eq(ndi_xdb_delete(w, "XTAGred", &n), ND_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ndi_xdb_delete(w, "XTAGblue", NULL), ND_OK);
    ck_assert_uint_eq(doccount(w), 0);
    ndi_xdb_free(w);
}
END_TEST

/* The writer's own lookups see documents not yet committed, inside a
 * transaction: the near-duplicate search of the index builder relies on
 * it (an original and its copy in the same batch). */
START_TEST(test_xdb_any_docs_uncommitted)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    ck_assert_int_eq(ndi_xdb_begin(w), ND_OK);
    put_doc(w, "Qa", NULL, "one", "XLSH01aa");
    put_doc(w, "Qb", NULL, "two", "XLSH02bb");
    put_doc(w, "Qc", NULL, "three", "XLSH01aa");
    put_doc(w, "Qd", NULL, "four", "XLSH03cc");
    const char *terms[] = {"XLSH01aa", "XLSH02bb", "XLSHnone"};
    ndi_docid ids[8];
    size_t n = 99;
    ck_assert_int_eq(ndi_xdb_any_docs(w, terms, 3, ids, 8, &n), ND_OK);
    ck_assert_uint_eq(n, 3); /* each document once, ascending */
    ck_assert_uint_eq(ids[0], 1);
    ck_assert_uint_eq(ids[1], 2);
    ck_assert_uint_eq(ids[2], 3);
    ck_assert_int_eq(ndi_xdb_any_docs(w, terms, 3, ids, 2, &n), ND_OK);
    ck_assert_uint_eq(n, 2); /* at most 'max' */
    ck_assert_int_eq(ndi_xdb_any_docs(w, terms + 2, 1, ids, 8, &n), ND_OK);
    ck_assert_uint_eq(n, 0);
    uint64_t f = 0;
    ck_assert_int_eq(ndi_xdb_termfreq(w, "XLSH01aa", &f), ND_OK);
    ck_assert_uint_eq(f, 2);
    ck_assert_int_eq(ndi_xdb_termfreq(w, "XLSHnone", &f), ND_OK);
    ck_assert_uint_eq(f, 0);
    /* a reader sees none of it before the commit */
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_int_eq(ndi_xdb_any_docs(r, terms, 3, ids, 8, &n), ND_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ck_assert_int_eq(ndi_xdb_reopen(r), ND_OK);
    ck_assert_int_eq(ndi_xdb_any_docs(r, terms, 3, ids, 8, &n), ND_OK);
    ck_assert_uint_eq(n, 3);
    ndi_xdb_free(r);
    ndi_xdb_free(w);
}
END_TEST

/* Documents with the same value in the collapse slot give one hit; the
 * filtered query counts and lists the collapsed ones exactly. */
START_TEST(test_xdb_collapse)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    const char *docs[][3] = {
        {"Qa", "storm storm storm", "k1"},
        {"Qb", "storm storm", "k1"},
        {"Qc", "storm", "k1"},
        {"Qd", "storm storm", "k2"},
        {"Qe", "storm", ""},
        {"Qf", "storm", ""},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(docs); i++) {
        char t[16];
        snprintf(t, sizeof t, "XCL%s", docs[i][2]);
        ndi_xdoc *d = NULL;
        ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
        ck_assert_int_eq(
            ndi_xdoc_text(d, docs[i][1], strlen(docs[i][1]), 1, ""), ND_OK);
        ck_assert_int_eq(ndi_xdoc_term(d, docs[i][0], 2, 0), ND_OK);
        ck_assert_int_eq(ndi_xdoc_term(d, t, strlen(t), 0), ND_OK);
        ck_assert_int_eq(ndi_xdoc_value(d, 10, docs[i][2], strlen(docs[i][2])),
                         ND_OK);
        ck_assert_int_eq(ndi_xdoc_data(d, docs[i][0], 2), ND_OK);
        ck_assert_int_eq(ndi_xdb_replace(w, docs[i][0], d), ND_OK);
        ndi_xdoc_free(d);
    }
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ndi_xquery q = {
        .text = "storm",
        .fields = fields,
        .nfields = NDI_ARRAY_LEN(fields),
        .lang = "en",
        .count = 10,
        .tiebreak_slot = -1,
        .collapse = 1,
        .collapse_slot = 10,
    };
    ndi_xmset *m = NULL;
    ck_assert_int_eq(ndi_xdb_search(w, &q, &m), ND_OK);
    char got[256];
    hit_names(m, got, sizeof got);
    /* k1 -> Qa, k2 -> Qd; empty keys never collapse */
    ck_assert_msg(strcmp(got, "Qa Qd Qe Qf") == 0 ||
                      strcmp(got, "Qa Qd Qf Qe") == 0,
                  "%s", got);
    ck_assert_uint_eq(ndi_xmset_collapse_count(m, 0), 2);
    uint64_t count = 0;
    ndi_docid ids[4];
    size_t n = 0;
    ck_assert_int_eq(ndi_xmset_filtered(m, "XCLk1", 4, &count, ids, &n), ND_OK);
    ck_assert_uint_eq(count, 3);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(ids[0], 1); /* best first */
    ck_assert_int_eq(ndi_xmset_filtered(m, "XCLk1", 1, &count, ids, &n), ND_OK);
    ck_assert_uint_eq(count, 3); /* exact even when listing fewer */
    ck_assert_uint_eq(n, 1);
    ndi_xmset_free(m);
    ndi_xdb_free(w);
}
END_TEST

/* Relabelling moves documents from one boolean term to another and sets
 * a value, on the writable database only. */
START_TEST(test_xdb_relabel)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "one", "XCLold");
    put_doc(w, "Qb", NULL, "two", "XCLold");
    put_doc(w, "Qc", NULL, "three", "XCLnew");
    size_t n = 0;
    ck_assert_int_eq(
        ndi_xdb_relabel(w, "XCLold", "XCLnew", 10, "new", 3, 100, &n), ND_OK);
    ck_assert_uint_eq(n, 2);
    uint64_t f = 9;
    ck_assert_int_eq(ndi_xdb_termfreq(w, "XCLold", &f), ND_OK);
    ck_assert_uint_eq(f, 0);
    ck_assert_int_eq(ndi_xdb_termfreq(w, "XCLnew", &f), ND_OK);
    ck_assert_uint_eq(f, 3);
    nd_buf *b = buf();
    ck_assert_int_eq(ndi_xdb_value(w, 1, 10, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "new");
    ck_assert_int_eq(ndi_xdb_data(w, 1, b), ND_OK); /* the rest stays */
    ck_assert_str_eq(nd_buf_data(b), "Qa");
    ck_assert_uint_eq(doccount(w), 3);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ck_assert_int_eq(ndi_xdb_relabel(r, "XCLnew", "XCLx", 10, "x", 1, 100, &n),
                     ND_EINVAL);
    ck_assert_str_eq(nd_errmsg(r), "database is read-only");
    ndi_xdb_free(r);
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_xdb_find)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "one", NULL);
    put_doc(w, "Qb", NULL, "two", NULL);
    ndi_docid id = 0;
    ck_assert_int_eq(ndi_xdb_find(w, "Qb", &id), ND_OK);
    ck_assert_uint_eq(id, 2);
    ck_assert_int_eq(ndi_xdb_find(w, "Qnone", &id), ND_ENOTFOUND);
    ck_assert_int_eq(ndi_xdb_find(w, "", &id), ND_OK); /* every document */
    ndi_xdb_free(w);
}
END_TEST

START_TEST(test_xdb_values_data)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    nd_buf *b = buf();
    char big[300];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7);
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdoc_new(&d, "de"), ND_OK);
    ck_assert_int_eq(ndi_xdoc_term(d, "Qv", 2, 0), ND_OK);
    ck_assert_int_eq(ndi_xdoc_value(d, 0, "\0\0\1\2", 4), ND_OK);
    ck_assert_int_eq(ndi_xdoc_value(d, 12, big, sizeof big), ND_OK);
    ck_assert_int_eq(ndi_xdoc_data(d, "a\0b\xff", 4), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(w, "Qv", d), ND_OK);
    ndi_xdoc_free(d);
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb_free(w);

    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    ndi_docid id;
    ck_assert_int_eq(ndi_xdb_find(r, "Qv", &id), ND_OK);
    ck_assert_int_eq(ndi_xdb_value(r, id, 0, b), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 4);
    ck_assert_int_eq(memcmp(nd_buf_data(b), "\0\0\1\2", 4), 0);
    ck_assert_int_eq(ndi_xdb_value(r, id, 12, b), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), sizeof big);
    ck_assert_int_eq(memcmp(nd_buf_data(b), big, sizeof big), 0);
    ck_assert_int_eq(ndi_xdb_value(r, id, 7, b), ND_OK); /* unset */
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_int_eq(ndi_xdb_data(r, id, b), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 4);
    ck_assert_int_eq(memcmp(nd_buf_data(b), "a\0b\xff", 4), 0);
    /* no such document */
    ck_assert_int_eq(ndi_xdb_value(r, 999, 0, b), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(r), "read value"));
    ck_assert_int_eq(ndi_xdb_data(r, 999, b), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(r), "read document"));
    ndi_xdb_free(r);
    nd_buf_free(b);
}
END_TEST

typedef struct id_list {
    ndi_docid ids[16];
    size_t n, stop_after;
} id_list;

static nd_status
collect_doc(void *ctx, ndi_docid id)
{
    id_list *l = ctx;
    ck_assert_uint_lt(l->n, NDI_ARRAY_LEN(l->ids));
    l->ids[l->n++] = id;
    return l->stop_after > 0 && l->n >= l->stop_after ? ND_DONE : ND_OK;
}

typedef struct term_list {
    char text[256];
} term_list;

static nd_status
collect_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    term_list *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%.*s:%u;", (int)len, term,
             (unsigned)freq);
    return ND_OK;
}

START_TEST(test_xdb_each)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "one", "XSRCreuters");
    put_doc(w, "Qb", NULL, "two", "XSRCap");
    put_doc(w, "Qc", NULL, "three", "XSRCreuters");
    put_doc(w, "Qd", NULL, "four", "XFMThtml");
    ck_assert_int_eq(ndi_xdb_delete(w, "Qb", NULL), ND_OK);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);

    id_list l;
    memset(&l, 0, sizeof l);
    ck_assert_int_eq(ndi_xdb_each_doc(w, collect_doc, &l), ND_OK);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_uint_eq(l.ids[0], 1);
    ck_assert_uint_eq(l.ids[1], 3);
    ck_assert_uint_eq(l.ids[2], 4);
    memset(&l, 0, sizeof l);
    l.stop_after = 1;
    ck_assert_int_eq(ndi_xdb_each_doc(w, collect_doc, &l), ND_DONE);
    ck_assert_uint_eq(l.n, 1);

    term_list t;
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(ndi_xdb_each_term(w, "XSRC", collect_term, &t), ND_OK);
    ck_assert_str_eq(t.text, "XSRCreuters:2;");
    memset(&t, 0, sizeof t);
    ck_assert_int_eq(ndi_xdb_each_term(w, "Q", collect_term, &t), ND_OK);
    ck_assert_str_eq(t.text, "Qa:1;Qc:1;Qd:1;");
    ndi_xdb_free(w);
}
END_TEST

START_TEST(test_xdb_value_bounds)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    static const char *const vals[] = {"m", "b", "x", "c"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(vals); i++) {
        char q[8];
        snprintf(q, sizeof q, "Q%zu", i);
        ndi_xdoc *d = NULL;
        ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
        ck_assert_int_eq(ndi_xdoc_value(d, 5, vals[i], 1), ND_OK);
        ck_assert_int_eq(ndi_xdb_replace(w, q, d), ND_OK);
        ndi_xdoc_free(d);
    }
    ck_assert_int_eq(ndi_xdb_close(w), ND_OK);
    ndi_xdb_free(w);
    ndi_xdb *r = xopen(db, NDI_XDB_READ);
    nd_buf *lo = buf(), *hi = buf();
    ck_assert_int_eq(ndi_xdb_value_bounds(r, 5, lo, hi), ND_OK);
    ck_assert_str_eq(nd_buf_data(lo), "b");
    ck_assert_str_eq(nd_buf_data(hi), "x");
    ck_assert_int_eq(ndi_xdb_value_bounds(r, 6, lo, hi), ND_OK);
    ck_assert_uint_eq(nd_buf_len(lo), 0);
    ck_assert_uint_eq(nd_buf_len(hi), 0);
    ndi_xdb_free(r);
    nd_buf_free(lo);
    nd_buf_free(hi);
}
END_TEST

/* ---- queries ---------------------------------------------------------- */

START_TEST(test_xdb_search_ranking)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qapple", NULL,
            "apple apple apple pie with cream and apple sauce", NULL);
    put_doc(w, "Qboth", NULL, "a bowl of apple and banana slices", NULL);
    put_doc(w, "Qbanana", NULL, "banana banana bread with banana cream", NULL);
    put_doc(w, "Qnone", NULL, "cherry tart", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ndi_xmset *m = NULL;
    ck_assert_int_eq(search(w, "apple banana", &m), ND_OK);
    ck_assert_uint_eq(ndi_xmset_size(m), 3);
    ck_assert_uint_eq(ndi_xmset_total(m), 3);
    nd_buf *b = buf();
    ck_assert_int_eq(ndi_xmset_data(m, 0, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "Qboth");
    ck_assert_uint_eq(ndi_xmset_docid(m, 0), 2);
    ck_assert(ndi_xmset_weight(m, 0) > ndi_xmset_weight(m, 1));
    ck_assert(ndi_xmset_weight(m, 2) > 0.0);
    ndi_xmset_free(m);
    /* a word alone still matches: the query never needs every word */
    expect_hits(w, "cherry banana", "Qnone Qbanana Qboth");
    ndi_xmset_free(NULL);
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_xdb_search_phrase)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qin", NULL, "the quick brown fox jumps", NULL);
    put_doc(w, "Qout", NULL, "brown and then quick the fox", NULL);
    /* a phrase never spans two fields: the gap separates them */
    put_doc(w, "Qgap", "quick", "brown bears", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    expect_hits(w, "\"quick brown\"", "Qin");
    ndi_xmset *m = NULL;
    ck_assert_int_eq(search(w, "quick brown", &m), ND_OK);
    ck_assert_uint_eq(ndi_xmset_size(m), 3);
    ndi_xmset_free(m);
    ndi_xdb_free(w);
}
END_TEST

START_TEST(test_xdb_search_fields)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qtitle", "zebra crossing", "a story about lions",
            "XSRCreuters");
    put_doc(w, "Qbody", "lions", "a zebra crossing the road", "XSRCap");
    put_doc(w, "Qother", "oil", "oil prices rise", "XSRCap");
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    expect_hits(w, "title:zebra", "Qtitle");
    expect_hits(w, "title:\"zebra crossing\"", "Qtitle");
    ndi_xmset *m = NULL;
    ck_assert_int_eq(search(w, "zebra", &m), ND_OK);
    ck_assert_uint_eq(ndi_xmset_size(m), 2);
    ndi_xmset_free(m);
    /* boolean prefixes filter */
    expect_hits(w, "source:reuters", "Qtitle");
    expect_hits(w, "zebra source:ap", "Qbody");
    expect_hits(w, "lions source:ap", "Qbody");
    expect_hits(w, "source:afp", "");
    ndi_xdb_free(w);
}
END_TEST

/* Queries Xapian's parser refuses even after its lenient retry. */
static const char *const bad_queries[] = {
    "AND", "oil OR", "NOT", "oil AND NOT", "XOR oil", "title:(oil OR",
};

START_TEST(test_xdb_search_bad_query)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "oil prices", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ndi_xmset *m = (ndi_xmset *)&m; /* must be reset to NULL */
    ck_assert_int_eq(search(w, bad_queries[_i], &m), ND_EQUERY);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "query"));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "Syntax"));
    /* the handle still works */
    expect_hits(w, "oil", "Qa");
    ndi_xdb_free(w);
}
END_TEST

/* Malformed queries the parser accepts (it retries without operators):
 * the result is a clean status and a usable handle. */
static const char *const odd_queries[] = {
    "title:(", "(",        ")",           "\"",       "\"oil", "(oil",
    "oil)",    "title:",   "source:",     "*",        "+",     "-",
    "NEAR",    "oil NEAR", "unknown:oil", "\xff\xfe", "",
};

START_TEST(test_xdb_search_odd_query)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, "oil prices", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    ndi_xmset *m = NULL;
    nd_status st = search(w, odd_queries[_i], &m);
    ck_assert_msg(st == ND_OK || st == ND_EQUERY, "query [%s]: %d %s",
                  odd_queries[_i], st, nd_errmsg(w));
    ck_assert(st == ND_OK ? m != NULL : m == NULL);
    if (st == ND_OK)
        ck_assert_uint_le(ndi_xmset_size(m), 1);
    ndi_xmset_free(m);
    ndi_xdb_free(w);
}
END_TEST

/* ---- snippets --------------------------------------------------------- */

static void
snippet_of(ndi_xdb *w, const char *query, const char *text, size_t len,
           nd_buf *out)
{
    ndi_xmset *m = NULL;
    ck_assert_int_eq(search(w, query, &m), ND_OK);
    ck_assert_uint_ge(ndi_xmset_size(m), 1);
    nd_buf_clear(out);
    ck_assert_int_eq(ndi_xmset_snippet(m, text, strlen(text), len, out), ND_OK);
    ndi_xmset_free(m);
}

START_TEST(test_xdb_snippet)
{
    static const char text[] = "Smith & Wesson <b>profits</b> rose; AT&amp;T "
                               "said \"fine\" & 5 > 3 &lt;ok";
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, text, NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    nd_buf *b = buf();
    snippet_of(w, "profits", text, 500, b);
    const char *s = nd_buf_data(b);
    ck_assert_msg(strstr(s, "\x01profits\x02") != NULL, "snippet [%s]", s);
    /* plain text: exactly the input but for the markers */
    char plain[sizeof text + 8];
    size_t n = 0;
    for (const char *p = s; *p != '\0' && n + 1 < sizeof plain; p++)
        if (*p != '\x01' && *p != '\x02')
            plain[n++] = *p;
    plain[n] = '\0';
    ck_assert_str_eq(plain, text);
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_xdb_snippet_long)
{
    char text[4096];
    size_t n = 0;
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "filler%d ", i);
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "the harbour strike began ");
    for (int i = 60; i < 120; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "filler%d ", i);
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    put_doc(w, "Qa", NULL, text, NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);
    nd_buf *b = buf();
    snippet_of(w, "strike", text, 80, b);
    const char *s = nd_buf_data(b);
    ck_assert_msg(strstr(s, "\x01strike\x02") != NULL, "snippet [%s]", s);
    ck_assert_ptr_nonnull(strstr(s, "..."));
    ck_assert_uint_lt(nd_buf_len(b), 200);
    /* the stem matches: "strikes" highlights "strike" */
    snippet_of(w, "strikes", text, 80, b);
    ck_assert_msg(strstr(nd_buf_data(b), "\x01strike\x02") != NULL,
                  "snippet [%s]", nd_buf_data(b));
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

/* ---- sortable numbers ------------------------------------------------- */

static const double sortables[] = {-1e10, -86400.0, -1.0, 0.0,
                                   0.5,   1.0,      1e9,  4102444800.0};

START_TEST(test_xdb_sortable)
{
    nd_buf *a = buf(), *b = buf();
    double v = sortables[_i];
    ck_assert_int_eq(ndi_x_sortable(v, a), ND_OK);
    ck_assert_uint_gt(nd_buf_len(a), 0);
    ck_assert(ndi_x_unsortable(nd_buf_data(a), nd_buf_len(a)) == v);
    if ((size_t)_i + 1 < NDI_ARRAY_LEN(sortables)) {
        /* the encoding sorts as the numbers do */
        ck_assert_int_eq(ndi_x_sortable(sortables[_i + 1], b), ND_OK);
        size_t la = nd_buf_len(a), lb = nd_buf_len(b);
        int c = memcmp(nd_buf_data(a), nd_buf_data(b), la < lb ? la : lb);
        ck_assert(c < 0 || (c == 0 && la < lb));
    }
    nd_buf_free(a);
    nd_buf_free(b);
}
END_TEST

/* ---- messages --------------------------------------------------------- */

START_TEST(test_xdb_errmsg)
{
    ndi_xdb *w = xopen(db, NDI_XDB_WRITE);
    ck_assert_str_eq(nd_errmsg(w), "");
    put_doc(w, "Qa", NULL, "oil prices", NULL);
    put_doc(w, "Qb", NULL, "oil wells", NULL);
    ck_assert_int_eq(ndi_xdb_commit(w), ND_OK);

    /* the database: path or operation */
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, db, NDI_XDB_WRITE), ND_ELOCKED);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(x), db));
    ck_assert_int_eq(ndi_xdb_open(x, dir, NDI_XDB_READ), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(x), dir));
    ndi_xdb_free(x);
    ndi_xmset *m = NULL;
    ck_assert_int_eq(search(w, "oil OR", &m), ND_EQUERY);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "query:"));

    /* a document */
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
    ck_assert_int_eq(ndi_xdoc_term(d, "", 0, 0), ND_EXAPIAN);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(d), "add term"));
    ndi_xdoc_free(d);
    ndi_xdoc_free(NULL);

    /* a term Xapian refuses fails the write that carries it */
    ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
    char longterm[300];
    memset(longterm, 'a', sizeof longterm);
    longterm[0] = 'Q';
    ck_assert_int_eq(ndi_xdoc_term(d, longterm, sizeof longterm, 0), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(w, "Qlong", d), ND_EXAPIAN);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "write document"));
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "too long"));
    ck_assert_int_eq(ndi_xdb_delete(w, "", NULL), ND_EXAPIAN);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), "delete document"));
    ndi_xdoc_free(d);

    /* No way was found to make Xapian fail a hit list's reads (hits are
     * fetched lazily: one deleted after the search still reads back, and
     * an old reader's blocks were not reused), so only check that its
     * handle carries a message of its own. */
    nd_buf *b = buf();
    ck_assert_int_eq(search(w, "oil", &m), ND_OK);
    ck_assert_uint_eq(ndi_xmset_size(m), 2);
    ck_assert_int_eq(ndi_xmset_data(m, 1, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "Qb");
    ck_assert_str_eq(nd_errmsg(m), "");
    ndi_xmset_free(m);
    ndi_xdb_free(w);
    nd_buf_free(b);
}
END_TEST

static Suite *
xdb_suite(void)
{
    Suite *s = suite_create("xdb");
    struct {
        const char *name;
        const TTest *test;
        int loop;
    } cases[] = {
        {"open_read_missing", test_xdb_open_read_missing, 0},
        {"open_write_creates", test_xdb_open_write_creates, 0},
        {"open_locked", test_xdb_open_locked, 0},
        {"open_create_replaces", test_xdb_open_create_replaces, 0},
        {"meta", test_xdb_meta, 0},
        {"txn_commit", test_xdb_txn_commit, 0},
        {"txn_cancel", test_xdb_txn_cancel, 0},
        {"txn_close_commits", test_xdb_txn_close_commits, 0},
        {"replace_unique", test_xdb_replace_unique, 0},
        {"delete_count", test_xdb_delete_count, 0},
        {"find", test_xdb_find, 0},
        {"any_docs_uncommitted", test_xdb_any_docs_uncommitted, 0},
        {"collapse", test_xdb_collapse, 0},
        {"relabel", test_xdb_relabel, 0},
        {"values_data", test_xdb_values_data, 0},
        {"each", test_xdb_each, 0},
        {"value_bounds", test_xdb_value_bounds, 0},
        {"search_ranking", test_xdb_search_ranking, 0},
        {"search_phrase", test_xdb_search_phrase, 0},
        {"search_fields", test_xdb_search_fields, 0},
        {"search_bad_query", test_xdb_search_bad_query,
         (int)NDI_ARRAY_LEN(bad_queries)},
        {"search_odd_query", test_xdb_search_odd_query,
         (int)NDI_ARRAY_LEN(odd_queries)},
        {"snippet", test_xdb_snippet, 0},
        {"snippet_long", test_xdb_snippet_long, 0},
        {"sortable", test_xdb_sortable, (int)NDI_ARRAY_LEN(sortables)},
        {"errmsg", test_xdb_errmsg, 0},
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
    return fx_run(xdb_suite());
}
