/* SPDX-License-Identifier: MIT */
/*
 * check_reader.c - nd_reader on files: gzip, detection names, the file's
 * identity, how articles are completed, limits and errors.
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "fixture.h"
#include "newsdex.h"
#include "normalize.h"

static char tmp[1024];
static nd_reader *rd;

static void
setup(void)
{
    const char *d = fx_tmpdir();
    size_t n = strlen(d);
    ck_assert_uint_lt(n, sizeof tmp);
    memcpy(tmp, d, n + 1);
    ck_assert_int_eq(nd_reader_new(&rd), ND_OK);
}

static void
teardown(void)
{
    nd_reader_free(rd);
    rd = NULL;
    fx_rmtree(tmp);
}

/* 'len' bytes as one gzip member (malloc'd), its length in '*zlen'. */
static unsigned char *
gzip_bytes(const void *data, size_t len, size_t *zlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(
        deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
        Z_OK);
    size_t cap = deflateBound(&z, (uLong)len);
    unsigned char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *zlen = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* Write 'text' to tmp/name; returns the full path (static storage). */
static const char *
put(const char *name, const char *text)
{
    return fx_write_str(tmp, name, text);
}

/* Copy tests/data/name into tmp under 'as'. */
static const char *
put_data(const char *name, const char *as)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    const char *path = fx_write(tmp, as, data, len);
    free(data);
    return path;
}

static void
set_mtime(const char *path, time_t sec, long nsec)
{
    struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
open_ok(const char *path, const char *abspath, const nd_limits *lim)
{
    nd_status st = nd_reader_open(rd, path, abspath, lim);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", path, nd_strerror(st),
                  nd_errmsg(rd));
}

static nd_article *
next_ok(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_assert_ptr_nonnull(a);
    return a;
}

static void
assert_done(void)
{
    nd_article *a = (nd_article *)&a;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    ck_assert_ptr_null(a);
}

/* A Reuters file of 'n' stories; story 'empty' (or none: -1) has no
 * title and no text. */
static const char *
put_reuters(const char *name, int n, int empty)
{
    char *doc = malloc(256 + (size_t)n * 256);
    ck_assert_ptr_nonnull(doc);
    size_t len =
        (size_t)snprintf(doc, 256, "<?xml version=\"1.0\"?>\n<LEWIS>\n");
    for (int i = 0; i < n; i++) {
        if (i == empty)
            len += (size_t)snprintf(doc + len, 256,
                                    "<REUTERS NEWID=\"%d\"><TEXT></TEXT>"
                                    "</REUTERS>\n",
                                    i + 1);
        else
            len += (size_t)snprintf(
                doc + len, 256,
                "<REUTERS NEWID=\"%d\"><DATE>26-FEB-1987 17:00:%02d.00</DATE>"
                "<TEXT><TITLE>STORY %d</TITLE><BODY>Text of story %d.\n"
                " Reuter\n</BODY></TEXT></REUTERS>\n",
                i + 1, i, i + 1, i + 1);
    }
    snprintf(doc + len, 256, "</LEWIS>\n");
    const char *path = put(name, doc);
    free(doc);
    return path;
}

/* ---- gzip and detection names ------------------------------------------ */

START_TEST(test_reader_gzip_magic)
{
    size_t len, zlen;
    char *xml = fx_slurp(fx_data("reuters-two.xml"), &len);
    unsigned char *z = gzip_bytes(xml, len, &zlen);
    /* no .gz in the name: the magic says it is gzip */
    const char *path = fx_write(tmp, "feed", z, zlen);
    open_ok(path, NULL, NULL);
    ck_assert_str_eq(nd_reader_format(rd), "reuters");
    nd_article *a = next_ok();
    ck_assert_str_eq(nd_article_title(a),
                     "DIAMOND SHAMROCK CORP SETS OFFER FOR REFINERY UNIT");
    nd_article_free(a);
    a = next_ok();
    ck_assert_str_eq(nd_article_title(a), "GRAIN SHIPMENTS RISE IN WEEK");
    nd_article_free(a);
    assert_done();
    /* the identity is that of the bytes on disk */
    const nd_filestate *fs = nd_reader_file(rd);
    ck_assert_int_eq(fs->size, (int64_t)zlen);
    char hash[33];
    ndi_hash128_hex(z, zlen, hash);
    ck_assert_str_eq(fs->hash, hash);
    free(z);
    free(xml);
}
END_TEST

typedef struct gzname_case {
    const char *name, *format;
} gzname_case;

/* The same fragment of markup: only the name left after ".gz" decides. */
static const gzname_case gzname_cases[] = {
    {"note.txt.gz", "text"},
    {"note.TXT.GZ", "text"},
    {"note.html.gz", "html"},
    {"sub/note.gz", "html"},
};

START_TEST(test_reader_gz_name)
{
    const gzname_case *c = &gzname_cases[_i];
    static const char frag[] = "<p>Short note about the harbour.</p>\n";
    size_t zlen;
    unsigned char *z = gzip_bytes(frag, sizeof frag - 1, &zlen);
    const char *path = fx_write(tmp, c->name, z, zlen);
    open_ok(path, NULL, NULL);
    ck_assert_str_eq(nd_reader_format(rd), c->format);
    nd_article *a = next_ok();
    ck_assert_str_eq(nd_article_get(a, ND_F_FORMAT), c->format);
    ck_assert_str_eq(nd_article_get(a, ND_F_PATH), path);
    nd_article_free(a);
    free(z);
}
END_TEST

START_TEST(test_reader_gz_xml)
{
    size_t len, zlen;
    char *xml = fx_slurp(fx_data("rcv1-latin1.xml"), &len);
    unsigned char *z = gzip_bytes(xml, len, &zlen);
    const char *path = fx_write(tmp, "in/a.xml.gz", z, zlen);
    open_ok(path, "/archive/in/a.xml.gz", NULL);
    ck_assert_str_eq(nd_reader_format(rd), "rcv1");
    nd_article *a = next_ok();
    ck_assert_str_eq(nd_article_get(a, ND_F_DOCNO), "800123");
    ck_assert_str_eq(nd_article_get(a, ND_F_ABSPATH), "/archive/in/a.xml.gz");
    nd_article_free(a);
    free(z);
    free(xml);
}
END_TEST

START_TEST(test_reader_gzip_broken)
{
    size_t zlen;
    static const char text[] =
        "Headline\n\nA body long enough to compress somewhat, somewhat.\n";
    unsigned char *z = gzip_bytes(text, sizeof text - 1, &zlen);
    const char *path = fx_write(tmp, "cut.txt.gz", z, zlen / 2);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_EFORMAT);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "gzip"));
    free(z);
}
END_TEST

/* ---- the file's identity and the articles' completion ------------------ */

START_TEST(test_reader_filestate)
{
    const char *path = put_data("reuters-two.xml", "r.xml");
    set_mtime(path, 1600000000, 123456789);
    open_ok(path, NULL, NULL);
    const nd_filestate *fs = nd_reader_file(rd);
    size_t len;
    char *raw = fx_slurp(fx_data("reuters-two.xml"), &len);
    char hash[33];
    ndi_hash128_hex(raw, len, hash);
    ck_assert_int_eq(fs->size, (int64_t)len);
    ck_assert_int_eq(fs->mtime_ns, 1600000000123456789LL);
    ck_assert_str_eq(fs->hash, hash);
    ck_assert_uint_eq(strlen(fs->hash), 32);
    ck_assert_uint_eq(fs->items, 2);
    for (int i = 0; i < 2; i++) {
        nd_article *a = next_ok();
        const nd_filestate *af = nd_article_file(a);
        ck_assert_int_eq(af->size, fs->size);
        ck_assert_int_eq(af->mtime_ns, fs->mtime_ns);
        ck_assert_str_eq(af->hash, fs->hash);
        ck_assert_uint_eq(af->items, 2);
        nd_article_free(a);
    }
    free(raw);
}
END_TEST

/* The id a fresh article gets for (abspath, item). */
static void
assert_id(const nd_article *a, const char *abspath, uint32_t item)
{
    nd_article *ref = NULL;
    ck_assert_int_eq(nd_article_new(&ref), ND_OK);
    ck_assert_int_eq(
        nd_article_set(ref, ND_F_ABSPATH, abspath, strlen(abspath)), ND_OK);
    nd_article_set_item(ref, item);
    ck_assert_int_eq(nd_article_make_id(ref), ND_OK);
    ck_assert_str_eq(nd_article_get(a, ND_F_ID), nd_article_get(ref, ND_F_ID));
    ck_assert_uint_eq(strlen(nd_article_get(a, ND_F_ID)), 16);
    nd_article_free(ref);
}

START_TEST(test_reader_complete)
{
    const char *p = put_reuters("three.xml", 3, -1);
    char path[4200];
    snprintf(path, sizeof path, "%s", p);
    open_ok(path, "/archive/three.xml", NULL);
    for (uint32_t i = 0; i < 3; i++) {
        nd_article *a = next_ok();
        ck_assert_str_eq(nd_article_get(a, ND_F_PATH), path);
        ck_assert_str_eq(nd_article_get(a, ND_F_ABSPATH), "/archive/three.xml");
        ck_assert_str_eq(nd_article_get(a, ND_F_FORMAT), "reuters");
        ck_assert_uint_eq(nd_article_item(a), i);
        assert_id(a, "/archive/three.xml", i);
        nd_article_free(a);
    }
    assert_done();

    /* no abspath: the path is the identity */
    open_ok(path, NULL, NULL);
    nd_article *a = next_ok();
    ck_assert_str_eq(nd_article_get(a, ND_F_ABSPATH), path);
    assert_id(a, path, 0);
    nd_article_free(a);
}
END_TEST

START_TEST(test_reader_entities)
{
    open_ok(put_data("reuters-two.xml", "r.xml"), NULL, NULL);
    nd_article *a = next_ok();
    int place = 0, org = 0;
    for (size_t i = 0; i < nd_article_entity_count(a); i++) {
        nd_entity_type t;
        const char *name = nd_article_entity(a, i, &t);
        place += t == ND_ENT_PLACE && strcmp(name, "New York") == 0;
        org += t == ND_ENT_ORG && strcmp(name, "Diamond Shamrock Corp") == 0;
    }
    ck_assert_int_eq(place, 1);
    ck_assert_int_eq(org, 1);
    nd_article_free(a);
}
END_TEST

START_TEST(test_reader_date_source)
{
    /* the document states no date: the file's time stands in */
    const char *path = put_data("text-web.txt", "web.txt");
    set_mtime(path, 1700000000, 999999999);
    open_ok(path, NULL, NULL);
    nd_article *a = next_ok();
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_MTIME);
    ck_assert_int_eq(nd_article_date(a), 1700000000);
    nd_article_free(a);

    /* the document's own date wins over the file's */
    path = put_data("reuters-one.xml", "one.xml");
    set_mtime(path, 1700000000, 0);
    open_ok(path, NULL, NULL);
    a = next_ok();
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    char iso[32];
    ndi_date_format(nd_article_date(a), iso);
    ck_assert_str_eq(iso, "1987-03-02T08:05:12Z");
    nd_article_free(a);
}
END_TEST

typedef struct year_case {
    const char *mtime, *want;
} year_case;

/* "PARIS, Mar. 5" has no year: it is the last Mar. 5 up to the file's
 * time, or the file's time itself on that day. */
static const year_case year_cases[] = {
    {"2024-03-20T10:00:00Z", "2024-03-05T00:00:00Z"},
    {"2024-03-05T15:30:00Z", "2024-03-05T15:30:00Z"},
    {"2024-01-10T00:00:00Z", "2023-03-05T00:00:00Z"},
};

START_TEST(test_reader_dateline_year)
{
    const year_case *c = &year_cases[_i];
    int64_t t;
    ck_assert(ndi_date_parse(c->mtime, strlen(c->mtime), &t));
    const char *path = put_data("text-wire.txt", "wire.txt");
    set_mtime(path, (time_t)t, 0);
    open_ok(path, NULL, NULL);
    nd_article *a = next_ok();
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    char iso[32];
    ndi_date_format(nd_article_date(a), iso);
    ck_assert_str_eq(iso, c->want);
    nd_article_free(a);
}
END_TEST

/* ---- limits and unusable items ------------------------------------------- */

typedef struct cap_case {
    size_t cap, want;
} cap_case;

/* The body is 300 two-byte characters. */
static const cap_case cap_cases[] = {
    {101, 100}, {100, 100}, {1, 0}, {600, 600}, {4096, 600},
};

START_TEST(test_reader_max_article_bytes)
{
    const cap_case *c = &cap_cases[_i];
    char doc[700] = "Headline\n\n";
    size_t n = strlen(doc);
    for (int i = 0; i < 300; i++) {
        doc[n++] = '\xC3';
        doc[n++] = '\xA9';
    }
    doc[n++] = '\n';
    doc[n] = '\0';
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_article_bytes = c->cap;
    open_ok(put("long.txt", doc), NULL, &lim);
    nd_article *a = next_ok();
    const char *body = nd_article_body(a);
    ck_assert_uint_eq(strlen(body), c->want);
    ck_assert(ndi_utf8_valid(body, strlen(body)));
    ck_assert_int_eq(memcmp(body, doc + 10, c->want), 0);
    ck_assert_str_eq(nd_article_title(a), "Headline");
    nd_article_free(a);
}
END_TEST

START_TEST(test_reader_max_items)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 2;
    open_ok(put_reuters("four.xml", 4, -1), NULL, &lim);
    for (uint32_t i = 0; i < 2; i++) {
        nd_article *a = next_ok();
        ck_assert_uint_eq(nd_article_item(a), i);
        nd_article_free(a);
    }
    assert_done();
    uint32_t item = 0;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_assert_ptr_nonnull(strstr(why, "too many articles"));
    ck_assert_uint_eq(item, 2);
    /* the parser stopped there: one error, not one per story left */
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, &item));
    ck_assert_uint_eq(nd_reader_file(rd)->items, 3);
}
END_TEST

START_TEST(test_reader_item_without_text)
{
    open_ok(put_reuters("gap.xml", 3, 1), NULL, NULL);
    nd_article *a = next_ok();
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_assert_str_eq(nd_article_title(a), "STORY 1");
    nd_article_free(a);
    /* item numbers count the unusable story too: ids stay stable */
    a = next_ok();
    ck_assert_uint_eq(nd_article_item(a), 2);
    ck_assert_str_eq(nd_article_title(a), "STORY 3");
    nd_article_free(a);
    assert_done();
    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_assert_str_eq(why, "no text in the article");
    ck_assert_uint_eq(item, 1);
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
    ck_assert_uint_eq(nd_reader_file(rd)->items, 3);

    /* a file of nothing but such items is not readable */
    ck_assert_int_eq(
        nd_reader_open(rd,
                       put("blank.xml", "<LEWIS><REUTERS NEWID=\"1\"><TEXT>"
                                        "</TEXT></REUTERS></LEWIS>"),
                       NULL, NULL),
        ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "no text in the article");
    assert_done();
}
END_TEST

START_TEST(test_reader_done)
{
    nd_article *a = (nd_article *)&a;
    ck_assert_str_eq(nd_reader_format(rd), "");
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    ck_assert_ptr_null(a);
    ck_assert_ptr_null(nd_reader_item_error(rd, 0, NULL));
    open_ok(put_data("reuters-one.xml", "one.xml"), NULL, NULL);
    a = next_ok();
    nd_article_free(a);
    assert_done();
    assert_done();
}
END_TEST

START_TEST(test_reader_reuse)
{
    char first[4200];
    snprintf(first, sizeof first, "%s", put_reuters("gap.xml", 3, 1));
    open_ok(first, NULL, NULL);
    nd_article *a = next_ok(); /* one of two read, one left behind */
    nd_article_free(a);
    ck_assert_ptr_nonnull(nd_reader_item_error(rd, 0, NULL));

    const char *second = put_data("text-web.txt", "web.txt");
    open_ok(second, NULL, NULL);
    ck_assert_str_eq(nd_reader_format(rd), "text");
    ck_assert_ptr_null(nd_reader_item_error(rd, 0, NULL));
    ck_assert_uint_eq(nd_reader_file(rd)->items, 1);
    a = next_ok();
    ck_assert_str_eq(nd_article_get(a, ND_F_PATH), second);
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_assert_str_eq(nd_article_get(a, ND_F_FORMAT), "text");
    nd_article_free(a);
    assert_done();

    /* a failed open leaves nothing of the file before it */
    open_ok(first, NULL, NULL);
    ck_assert_int_eq(nd_reader_open(rd, put("e.txt", ""), NULL, NULL),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_reader_format(rd), "");
    ck_assert_ptr_null(nd_reader_item_error(rd, 0, NULL));
    assert_done();
    /* and a good one after it clears the message */
    open_ok(first, NULL, NULL);
    ck_assert_str_eq(nd_errmsg(rd), "");
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_reader_too_big)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_file_bytes = 100;
    const char *path = put_data("reuters-two.xml", "big.xml");
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, &lim), ND_ETOOBIG);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "limit of 100"));
    ck_assert_ptr_null(strstr(nd_errmsg(rd), "big.xml"));
    assert_done();

    static const char text[] = "Headline\n\nBody.\n";
    ck_assert_int_eq(
        nd_reader_open_mem(rd, "m.txt", text, sizeof text - 1, &lim), ND_OK);
    lim.max_file_bytes = 5;
    ck_assert_int_eq(
        nd_reader_open_mem(rd, "m.txt", text, sizeof text - 1, &lim),
        ND_ETOOBIG);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "limit of 5"));
    assert_done();
}
END_TEST

START_TEST(test_reader_gzip_bomb)
{
    size_t n = 1 << 20, zlen;
    char *zeros = calloc(1, n);
    ck_assert_ptr_nonnull(zeros);
    memcpy(zeros, "Headline\n\n", 10);
    unsigned char *z = gzip_bytes(zeros, n, &zlen);
    ck_assert_uint_lt(zlen, 8192);
    const char *path = fx_write(tmp, "bomb.txt.gz", z, zlen);
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_inflated_bytes = 65536;
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, &lim), ND_ETOOBIG);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "inflates past"));
    assert_done();
    free(z);
    free(zeros);
}
END_TEST

START_TEST(test_reader_eio)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/no-such-file.txt", tmp);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_EIO);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), strerror(ENOENT)));
    ck_assert_ptr_null(strstr(nd_errmsg(rd), "no-such-file"));
    assert_done();

    ck_assert_int_eq(nd_reader_open(rd, tmp, NULL, NULL), ND_EIO);
    ck_assert_str_eq(nd_errmsg(rd), "not a regular file");

    snprintf(path, sizeof path, "%s/link.txt", tmp);
    ck_assert_int_eq(symlink(put_data("text-web.txt", "web.txt"), path), 0);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_EIO);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "symbolic link"));

    /* a FIFO without a writer: refused, not waited on */
    snprintf(path, sizeof path, "%s/fifo.txt", tmp);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_EIO);
    ck_assert_str_eq(nd_errmsg(rd), "not a regular file");
}
END_TEST

static Suite *
reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *tc;

    tc = tcase_create("gzip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reader_gzip_magic);
    tcase_add_loop_test(tc, test_reader_gz_name, 0,
                        (int)NDI_ARRAY_LEN(gzname_cases));
    tcase_add_test(tc, test_reader_gz_xml);
    tcase_add_test(tc, test_reader_gzip_broken);
    suite_add_tcase(s, tc);

    tc = tcase_create("identity");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reader_filestate);
    tcase_add_test(tc, test_reader_complete);
    tcase_add_test(tc, test_reader_entities);
    suite_add_tcase(s, tc);

    tc = tcase_create("date");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reader_date_source);
    tcase_add_loop_test(tc, test_reader_dateline_year, 0,
                        (int)NDI_ARRAY_LEN(year_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_reader_max_article_bytes, 0,
                        (int)NDI_ARRAY_LEN(cap_cases));
    tcase_add_test(tc, test_reader_max_items);
    tcase_add_test(tc, test_reader_too_big);
    tcase_add_test(tc, test_reader_gzip_bomb);
    suite_add_tcase(s, tc);

    tc = tcase_create("items");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reader_item_without_text);
    tcase_add_test(tc, test_reader_done);
    tcase_add_test(tc, test_reader_reuse);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reader_eio);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(reader_suite());
}
