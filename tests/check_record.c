/* SPDX-License-Identifier: MIT */
/*
 * check_record.c - the normalized record: WARC write/read round trips,
 * framing errors, percent-encoding and the compressed stored form.
 */
#include <config.h>

#include <check.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "fixture.h"
#include "newsdex.h"
#include "record.h"

/* Raw bytes: a space at each end, '%', a newline and a byte that is not
 * UTF-8. */
#define ODD_PATH "dir with space/100% sure\nline\xFF.txt "
#define ODD_ABSPATH "/srv/news/" ODD_PATH

static const char *const fx_fields[ND_F_COUNT] = {
    [ND_F_TITLE] = "Oil; gas & 100% more \xE2\x80\x94 caf\xC3\xA9 talks",
    [ND_F_BYLINE] = "Anna Kovacs",
    [ND_F_DATELINE] = "NEW YORK, FEB 26",
    [ND_F_SOURCE] = "The Coastal Courier",
    [ND_F_URL] = "https://courier.example/a b?q=1%202&r=%",
    [ND_F_PATH] = ODD_PATH,
    [ND_F_ABSPATH] = ODD_ABSPATH,
    [ND_F_DOCNO] = "NPA-2024-0042",
    [ND_F_LANG] = "en",
    [ND_F_FORMAT] = "html",
    [ND_F_BODY] =
        "First paragraph.\n\nWARC/1.1 Content-Length: 5 is just text here."
        "\n\nLast paragraph, caf\xC3\xA9.",
};

static const nd_filestate fx_file = {1234, 1700000000123456789LL,
                                     "0123456789abcdef0123456789abcdef", 9};

static nd_article *fx_article;
static nd_buf *fx_out;

static nd_article *
full_article(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    for (int f = ND_F_TITLE; f < ND_F_COUNT; f++)
        if (fx_fields[f] != NULL)
            ck_assert_int_eq(nd_article_set(a, (nd_field)f, fx_fields[f],
                                            strlen(fx_fields[f])),
                             ND_OK);
    nd_article_set_item(a, 7);
    nd_article_set_date(a, 1709627400, ND_DATE_MTIME);
    nd_article_set_file(a, &fx_file);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, "Xi Jinping", 10),
                     ND_OK);
    ck_assert_int_eq(
        nd_article_add_entity(a, ND_ENT_PERSON, "Vladimir Putin", 14), ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, "New York", 8),
                     ND_OK);
    ck_assert_int_eq(
        nd_article_add_entity(a, ND_ENT_ORG, "Diamond Shamrock Corp", 21),
        ND_OK);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    return a;
}

static void
setup(void)
{
    fx_article = full_article();
    ck_assert_int_eq(nd_buf_new(&fx_out), ND_OK);
}

static void
teardown(void)
{
    nd_article_free(fx_article);
    nd_buf_free(fx_out);
    fx_article = NULL;
    fx_out = NULL;
}

/* Every field, the date, item, file state and entities are equal. */
static void
assert_same(const nd_article *a, const nd_article *b)
{
    for (int f = 0; f < ND_F_COUNT; f++)
        ck_assert_msg(strcmp(nd_article_get(a, (nd_field)f),
                             nd_article_get(b, (nd_field)f)) == 0,
                      "field %d: '%s' != '%s'", f,
                      nd_article_get(a, (nd_field)f),
                      nd_article_get(b, (nd_field)f));
    ck_assert_int_eq(nd_article_date(a), nd_article_date(b));
    ck_assert_int_eq(nd_article_datesrc(a), nd_article_datesrc(b));
    ck_assert_uint_eq(nd_article_item(a), nd_article_item(b));
    const nd_filestate *fa = nd_article_file(a), *fb = nd_article_file(b);
    ck_assert_int_eq(fa->size, fb->size);
    ck_assert_int_eq(fa->mtime_ns, fb->mtime_ns);
    ck_assert_str_eq(fa->hash, fb->hash);
    ck_assert_uint_eq(fa->items, fb->items);
    ck_assert_uint_eq(nd_article_entity_count(a), nd_article_entity_count(b));
    for (size_t i = 0; i < nd_article_entity_count(a); i++) {
        nd_entity_type ta, tb;
        ck_assert_str_eq(nd_article_entity(a, i, &ta),
                         nd_article_entity(b, i, &tb));
        ck_assert_int_eq(ta, tb);
    }
}

/* ---- round trips ------------------------------------------------------ */

START_TEST(test_record_roundtrip)
{
    ck_assert_int_eq(nd_record_write(fx_article, fx_out), ND_OK);
    nd_article *back = NULL;
    size_t used = 0;
    ck_assert_int_eq(nd_record_read(nd_buf_data(fx_out), nd_buf_len(fx_out),
                                    &back, &used, NULL),
                     ND_OK);
    ck_assert_uint_eq(used, nd_buf_len(fx_out));
    assert_same(fx_article, back);
    /* the raw path bytes, not a normalized copy */
    ck_assert_str_eq(nd_article_get(back, ND_F_PATH), ODD_PATH);
    ck_assert_str_eq(nd_article_get(back, ND_F_ABSPATH), ODD_ABSPATH);
    ck_assert_str_eq(nd_article_title(back), fx_fields[ND_F_TITLE]);
    ck_assert_uint_eq(nd_article_entity_count(back), 4);
    nd_article_free(back);
}
END_TEST

static const nd_datesrc datesrcs[] = {ND_DATE_NONE, ND_DATE_DOCUMENT,
                                      ND_DATE_MTIME};
static const int64_t dates[] = {0, -1830297600LL, 541357256};

START_TEST(test_record_datesrc)
{
    nd_article_set_date(
        fx_article, datesrcs[_i] == ND_DATE_NONE ? 0 : dates[_i], datesrcs[_i]);
    ck_assert_int_eq(nd_record_write(fx_article, fx_out), ND_OK);
    ck_assert((strstr(nd_buf_data(fx_out), "Newsdex-Date: ") != NULL) ==
              (datesrcs[_i] != ND_DATE_NONE));
    nd_article *back = NULL;
    ck_assert_int_eq(nd_record_read(nd_buf_data(fx_out), nd_buf_len(fx_out),
                                    &back, NULL, NULL),
                     ND_OK);
    ck_assert_int_eq(nd_article_datesrc(back), datesrcs[_i]);
    ck_assert_int_eq(nd_article_date(back), nd_article_date(fx_article));
    nd_article_free(back);
}
END_TEST

/* An article with nothing but an id: every other field comes back empty. */
START_TEST(test_record_empty_fields)
{
    nd_article *a = NULL, *back = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_ABSPATH, "/a", 2), ND_OK);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    ck_assert_int_eq(nd_record_write(a, fx_out), ND_OK);
    ck_assert_ptr_null(strstr(nd_buf_data(fx_out), "Newsdex-File"));
    ck_assert_ptr_null(strstr(nd_buf_data(fx_out), "Newsdex-Title"));
    ck_assert_ptr_nonnull(strstr(nd_buf_data(fx_out), "Content-Length: 0\r\n"));
    ck_assert_int_eq(nd_record_read(nd_buf_data(fx_out), nd_buf_len(fx_out),
                                    &back, NULL, NULL),
                     ND_OK);
    assert_same(a, back);
    ck_assert_str_eq(nd_article_body(back), "");
    nd_article_free(a);
    nd_article_free(back);
}
END_TEST

/* ';' separates entity names in the header: one inside a name becomes ','. */
START_TEST(test_record_entity_semicolon)
{
    ck_assert_int_eq(
        nd_article_add_entity(fx_article, ND_ENT_ORG, "Smith; Jones Ltd", 16),
        ND_OK);
    ck_assert_int_eq(nd_record_write(fx_article, fx_out), ND_OK);
    ck_assert_ptr_nonnull(strstr(nd_buf_data(fx_out),
                                 "Newsdex-Organizations: Diamond Shamrock "
                                 "Corp; Smith, Jones Ltd\r\n"));
    nd_article *back = NULL;
    ck_assert_int_eq(nd_record_read(nd_buf_data(fx_out), nd_buf_len(fx_out),
                                    &back, NULL, NULL),
                     ND_OK);
    ck_assert_uint_eq(nd_article_entity_count(back), 5);
    nd_entity_type t;
    ck_assert_str_eq(nd_article_entity(back, 4, &t), "Smith, Jones Ltd");
    ck_assert_int_eq(t, ND_ENT_ORG);
    nd_article_free(back);
}
END_TEST

/* ---- the record's form -------------------------------------------------- */

START_TEST(test_record_form)
{
    ck_assert_int_eq(nd_record_write(fx_article, fx_out), ND_OK);
    const char *r = nd_buf_data(fx_out);
    size_t len = nd_buf_len(fx_out);
    ck_assert_int_eq(strncmp(r, "WARC/1.1\r\n", 10), 0);
    ck_assert_ptr_nonnull(strstr(r, "\r\nWARC-Type: conversion\r\n"));
    ck_assert_ptr_nonnull(
        strstr(r, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
    char want[64];
    snprintf(want, sizeof want, "\r\nNewsdex-Id: %s\r\n",
             nd_article_get(fx_article, ND_F_ID));
    ck_assert_ptr_nonnull(strstr(r, want));

    const char *end = strstr(r, "\r\n\r\n");
    ck_assert_ptr_nonnull(end);
    size_t hlen = (size_t)(end - r) + 4;
    /* headers are lines: no bare LF, the odd path is percent-encoded */
    for (size_t i = 0; i < hlen; i++)
        if (r[i] == '\n')
            ck_assert_int_eq(r[i - 1], '\r');
    ck_assert_ptr_nonnull(strstr(
        r,
        "\r\nNewsdex-Path: dir with space/100%25 sure%0Aline%FF.txt%20\r\n"));

    const char *cl = strstr(r, "\r\nContent-Length: ");
    ck_assert_ptr_nonnull(cl);
    char *stop;
    unsigned long long n = strtoull(cl + 18, &stop, 10);
    ck_assert_int_eq(*stop, '\r');
    const char *body = nd_article_body(fx_article);
    ck_assert_uint_eq(n, strlen(body));
    ck_assert_uint_eq(len, hlen + n + 4);
    ck_assert_int_eq(memcmp(r + hlen, body, n), 0);
    ck_assert_int_eq(memcmp(r + len - 4, "\r\n\r\n", 4), 0);
}
END_TEST

START_TEST(test_record_stream)
{
    nd_article *second = full_article();
    ck_assert_int_eq(nd_article_set(second, ND_F_TITLE, "Second", 6), ND_OK);
    nd_article_set_item(second, 8);
    ck_assert_int_eq(nd_article_make_id(second), ND_OK);
    ck_assert_int_eq(nd_record_write(fx_article, fx_out), ND_OK);
    ck_assert_int_eq(nd_record_write(second, fx_out), ND_OK);
    ck_assert_int_eq(nd_buf_append(fx_out, "\r\n \t\n", 5), ND_OK);

    const char *p = nd_buf_data(fx_out);
    size_t left = nd_buf_len(fx_out), used = 0;
    nd_article *a = NULL;
    ck_assert_int_eq(nd_record_read(p, left, &a, &used, NULL), ND_OK);
    assert_same(fx_article, a);
    nd_article_free(a);
    p += used;
    left -= used;
    ck_assert_int_eq(nd_record_read(p, left, &a, &used, NULL), ND_OK);
    assert_same(second, a);
    nd_article_free(a);
    p += used;
    left -= used;
    ck_assert_int_eq(nd_record_read(p, left, &a, &used, NULL), ND_DONE);
    ck_assert_ptr_null(a);
    ck_assert_uint_eq(used, left);
    ck_assert_int_eq(nd_record_read("", 0, &a, NULL, NULL), ND_DONE);
    nd_article_free(second);
}
END_TEST

START_TEST(test_record_write_noid)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_TITLE, "No id", 5), ND_OK);
    ck_assert_int_eq(nd_record_write(a, fx_out), ND_EINVAL);
    ck_assert_str_eq(nd_errmsg(fx_out), "article has no id");
    ck_assert_uint_eq(nd_buf_len(fx_out), 0);
    nd_article_free(a);
}
END_TEST

/* ---- reading broken records --------------------------------------------- */

typedef struct bad_case {
    const char *data, *msg;
} bad_case;

#define CONV "WARC/1.1\r\nWARC-Type: conversion\r\n"
#define ID "Newsdex-Id: 0123456789abcdef\r\n"

static const bad_case bad_cases[] = {
    {"HTTP/1.1 200 OK\r\n\r\n", "no WARC record"},
    {CONV ID "\r\nbody\r\n\r\n", "without Content-Length"},
    {CONV ID "Content-Length: 100\r\n\r\nshort\r\n\r\n", "truncated"},
    {CONV ID "Content-Length: 18446744073709551615\r\n\r\nx", "truncated"},
    {CONV ID "Content-Length: 4", "ends inside the WARC headers"},
    {CONV ID "Content-Length: -1\r\n\r\n", "bad Content-Length"},
    {CONV ID "Content-Length:\r\n\r\n", "bad Content-Length"},
    /* found by fuzz_warc: the input's control bytes stay out of messages */
    {CONV ID "Content-Length: 1\x1b[2J\r\x01\r\n\r\n",
     "bad Content-Length '1?[2J?"
     "?'"},
    {CONV ID "Content-Length: 4 bytes\r\n\r\nbody", "bad Content-Length"},
    {CONV "no colon here\r\nContent-Length: 0\r\n\r\n", "without ':'"},
    {"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n",
     "not a conversion record"},
    {CONV "Content-Length: 0\r\n\r\n", "without a Newsdex-Id"},
    {CONV "Newsdex-Id: 0123\r\nContent-Length: 0\r\n\r\n",
     "without a Newsdex-Id"},
    {CONV "Newsdex-Id: 0123456789abcdeg\r\nContent-Length: 0\r\n\r\n",
     "bad Newsdex-Id"},
};

START_TEST(test_record_read_errors)
{
    const bad_case *c = &bad_cases[_i];
    nd_article *a = NULL;
    ck_assert_int_eq(nd_record_read(c->data, strlen(c->data), &a, NULL, fx_out),
                     ND_EFORMAT);
    ck_assert_ptr_null(a);
    ck_assert_msg(strstr(nd_buf_data(fx_out), c->msg) != NULL,
                  "case %d: '%s' lacks '%s'", _i, nd_buf_data(fx_out), c->msg);
    /* without an error buffer the status is the same */
    ck_assert_int_eq(nd_record_read(c->data, strlen(c->data), &a, NULL, NULL),
                     ND_EFORMAT);
}
END_TEST

START_TEST(test_record_warc_next_errors)
{
    const bad_case *c = &bad_cases[_i];
    ndi_warc_rec *rec = malloc(sizeof *rec);
    ck_assert_ptr_nonnull(rec);
    ndi_hdr h;
    ndi_hdr_init(&h);
    size_t pos = 0;
    nd_status st = ndi_warc_next(&h, c->data, strlen(c->data), &pos, rec);
    /* the framing errors come from ndi_warc_next, the rest are records */
    if (strstr(c->msg, "Newsdex-Id") != NULL ||
        strstr(c->msg, "conversion") != NULL) {
        ck_assert_int_eq(st, ND_OK);
        ck_assert_uint_eq(pos, strlen(c->data));
    } else {
        ck_assert_int_eq(st, ND_EFORMAT);
        ck_assert_ptr_nonnull(strstr(h.errmsg, c->msg));
        ck_assert_uint_eq(pos, 0);
    }
    free(rec);
}
END_TEST

START_TEST(test_record_warc_too_many_headers)
{
    nd_buf *b = fx_out;
    ck_assert_int_eq(nd_buf_append(b, CONV, strlen(CONV)), ND_OK);
    for (int i = 0; i < NDI_WARC_MAX_HEADERS; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "X-Filler-%d: %d\r\n", i, i);
        ck_assert_int_eq(nd_buf_append(b, line, (size_t)n), ND_OK);
    }
    ck_assert_int_eq(nd_buf_append(b, "Content-Length: 0\r\n\r\n", 21), ND_OK);
    ndi_warc_rec *rec = malloc(sizeof *rec);
    ck_assert_ptr_nonnull(rec);
    ndi_hdr h;
    ndi_hdr_init(&h);
    size_t pos = 0;
    ck_assert_int_eq(
        ndi_warc_next(&h, nd_buf_data(b), nd_buf_len(b), &pos, rec),
        ND_EFORMAT);
    ck_assert_ptr_nonnull(strstr(h.errmsg, "more than 128 WARC headers"));
    free(rec);
}
END_TEST

START_TEST(test_record_warc_next_done)
{
    static const char rec1[] =
        "WARC/1.1\r\nWARC-Type: request\r\nContent-Length: 5\r\n\r\n"
        "hello\r\n\r\n \r\n\t\n";
    ndi_warc_rec *rec = malloc(sizeof *rec);
    ck_assert_ptr_nonnull(rec);
    ndi_hdr h;
    ndi_hdr_init(&h);
    size_t len = sizeof rec1 - 1, pos = 0;
    ck_assert_int_eq(ndi_warc_next(&h, rec1, len, &pos, rec), ND_OK);
    ck_assert_uint_eq(rec->block_len, 5);
    ck_assert_int_eq(memcmp(rec->block, "hello", 5), 0);
    size_t n;
    const char *v = ndi_warc_get(rec, "warc-type", &n);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(n, 7);
    ck_assert_ptr_null(ndi_warc_get(rec, "WARC-Date", &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ndi_warc_next(&h, rec1, len, &pos, rec), ND_DONE);
    ck_assert_uint_eq(pos, len);
    ck_assert_int_eq(ndi_warc_next(&h, rec1, len, &pos, rec), ND_DONE);
    free(rec);
}
END_TEST

/* ---- percent-encoding ---------------------------------------------------- */

START_TEST(test_record_read_controls)
{
    /* found by fuzz_record: a hand-edited stream's body with controls in
     * otherwise valid UTF-8 (CR, SOH, U+0085) is normalized, not kept */
    static const char rec[] = CONV ID "Content-Length: 20\r\n\r\n"
                                      "one\r\ntwo\x01three\xC2\x85"
                                      "four\r\n\r\n";
    nd_article *a = NULL;
    ck_assert_int_eq(nd_record_read(rec, sizeof rec - 1, &a, NULL, fx_out),
                     ND_OK);
    ck_assert_str_eq(nd_article_body(a), "one two three four");
    nd_article_free(a);
}
END_TEST

START_TEST(test_record_pct)
{
    char all[258];
    all[0] = ' ';
    for (int i = 0; i < 256; i++)
        all[i + 1] = (char)i;
    all[257] = ' ';
    nd_buf *enc = NULL, *dec = NULL;
    ck_assert_int_eq(nd_buf_new(&enc), ND_OK);
    ck_assert_int_eq(nd_buf_new(&dec), ND_OK);
    ck_assert_int_eq(ndi_pct_encode(all, sizeof all, enc), ND_OK);
    const unsigned char *e = (const unsigned char *)nd_buf_data(enc);
    size_t elen = nd_buf_len(enc);
    ck_assert_int_eq(e[0], '%');
    ck_assert_int_ne(e[elen - 1], ' ');
    for (size_t i = 0; i < elen; i++) {
        ck_assert_msg(e[i] >= 0x20 && e[i] < 0x7F, "byte 0x%02x kept at %zu",
                      e[i], i);
        if (e[i] == '%')
            ck_assert(isxdigit(e[i + 1]) && isxdigit(e[i + 2]));
    }
    ck_assert_int_eq(ndi_pct_decode(nd_buf_data(enc), elen, dec), ND_OK);
    ck_assert_uint_eq(nd_buf_len(dec), sizeof all);
    ck_assert_int_eq(memcmp(nd_buf_data(dec), all, sizeof all), 0);

    /* valid UTF-8 and inner spaces stay readable */
    nd_buf_clear(enc);
    ck_assert_int_eq(ndi_pct_encode("caf\xC3\xA9 au lait", 13, enc), ND_OK);
    ck_assert_str_eq(nd_buf_data(enc), "caf\xC3\xA9 au lait");
    /* a lone '%' or a bad escape decodes as itself */
    nd_buf_clear(dec);
    ck_assert_int_eq(ndi_pct_decode("100%", 4, dec), ND_OK);
    ck_assert_int_eq(ndi_pct_decode(" %zz %4", 7, dec), ND_OK);
    ck_assert_str_eq(nd_buf_data(dec), "100% %zz %4");
    nd_buf_free(enc);
    nd_buf_free(dec);
}
END_TEST

/* ---- the compressed form ------------------------------------------------- */

START_TEST(test_record_compress_roundtrip)
{
    /* a long body: compression has something to do */
    nd_buf *body = NULL, *plain = NULL;
    ck_assert_int_eq(nd_buf_new(&body), ND_OK);
    ck_assert_int_eq(nd_buf_new(&plain), ND_OK);
    for (int i = 0; i < 200; i++) {
        char para[128];
        int n = snprintf(
            para, sizeof para,
            "Paragraph %d says the harbour reopened after repairs.\n\n", i);
        ck_assert_int_eq(nd_buf_append(body, para, (size_t)n), ND_OK);
    }
    ck_assert_int_eq(nd_article_set(fx_article, ND_F_BODY, nd_buf_data(body),
                                    nd_buf_len(body)),
                     ND_OK);
    ck_assert_int_eq(nd_record_write(fx_article, plain), ND_OK);
    ck_assert_int_eq(nd_record_compress(fx_article, fx_out), ND_OK);
    ck_assert_uint_lt(nd_buf_len(fx_out), nd_buf_len(plain) / 4);
    const unsigned char *z = (const unsigned char *)nd_buf_data(fx_out);
    ck_assert_int_eq(z[0], NDI_RECORD_ZDICT);
    ck_assert_uint_eq(((size_t)z[1] << 24) | ((size_t)z[2] << 16) |
                          ((size_t)z[3] << 8) | z[4],
                      nd_buf_len(plain));

    nd_article *back = NULL;
    ck_assert_int_eq(nd_record_decompress(nd_buf_data(fx_out),
                                          nd_buf_len(fx_out), &back, NULL),
                     ND_OK);
    assert_same(fx_article, back);
    nd_article_free(back);
    nd_buf_free(body);
    nd_buf_free(plain);
}
END_TEST

/* A copy of the compressed fixture article, 'len' bytes. */
static unsigned char *
compressed(size_t *len)
{
    ck_assert_int_eq(nd_record_compress(fx_article, fx_out), ND_OK);
    *len = nd_buf_len(fx_out);
    unsigned char *z = malloc(*len);
    ck_assert_ptr_nonnull(z);
    memcpy(z, nd_buf_data(fx_out), *len);
    return z;
}

START_TEST(test_record_decompress_bitflip)
{
    size_t len;
    unsigned char *z = compressed(&len);
    nd_buf *err = NULL;
    ck_assert_int_eq(nd_buf_new(&err), ND_OK);
    size_t corrupt = 0, same = 0;
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            z[i] ^= (unsigned char)(1u << bit);
            nd_article *a = NULL;
            nd_status st = nd_record_decompress(z, len, &a, err);
            if (st == ND_OK) {
                /* only bits zlib ignores (padding) may flip unnoticed */
                assert_same(fx_article, a);
                nd_article_free(a);
                same++;
            } else {
                ck_assert_msg(st == ND_ECORRUPT, "byte %zu bit %d: %s", i, bit,
                              nd_strerror(st));
                ck_assert_ptr_null(a);
                ck_assert_uint_gt(nd_buf_len(err), 0);
                corrupt++;
            }
            z[i] ^= (unsigned char)(1u << bit);
        }
    }
    ck_assert_uint_gt(corrupt, 95 * (corrupt + same) / 100);
    free(z);
    nd_buf_free(err);
}
END_TEST

START_TEST(test_record_decompress_truncated)
{
    size_t len;
    unsigned char *z = compressed(&len);
    for (size_t n = 0; n < len; n++) {
        nd_article *a = NULL;
        ck_assert_msg(nd_record_decompress(z, n, &a, NULL) == ND_ECORRUPT,
                      "prefix of %zu", n);
        ck_assert_ptr_null(a);
    }
    free(z);
}
END_TEST

/* Stored forms that are wrong in one way each. */
static void
store(nd_buf *out, unsigned char version, uint32_t claimed, const char *record)
{
    uLong n = (uLong)strlen(record);
    uLongf zlen = compressBound(n);
    unsigned char *z = malloc(5 + zlen);
    ck_assert_ptr_nonnull(z);
    z[0] = version;
    z[1] = (unsigned char)(claimed >> 24);
    z[2] = (unsigned char)(claimed >> 16);
    z[3] = (unsigned char)(claimed >> 8);
    z[4] = (unsigned char)claimed;
    ck_assert_int_eq(compress2(z + 5, &zlen, (const Bytef *)record, n, 6),
                     Z_OK);
    nd_buf_clear(out);
    ck_assert_int_eq(nd_buf_append(out, z, 5 + zlen), ND_OK);
    free(z);
}

#define GOOD_REC CONV ID "Content-Length: 4\r\n\r\nbody\r\n\r\n"

typedef struct stored_case {
    unsigned char version;
    int64_t claimed; /* -1: the record's length */
    const char *record, *msg;
} stored_case;

static const stored_case stored_cases[] = {
    {NDI_RECORD_ZLIB, -1, GOOD_REC, NULL},
    {NDI_RECORD_ZDICT, -1, GOOD_REC, "does not decompress"},
    {0x03, -1, GOOD_REC, "unknown form"},
    {0x00, -1, GOOD_REC, "unknown form"},
    {NDI_RECORD_ZLIB, 0xFFFFFFFFu, GOOD_REC, "claims"},
    {NDI_RECORD_ZLIB, (64 << 20) + 1, GOOD_REC, "claims"},
    {NDI_RECORD_ZLIB, 0, GOOD_REC, "does not decompress"},
    {NDI_RECORD_ZLIB, (int64_t)sizeof GOOD_REC, GOOD_REC,
     "does not decompress"},
    {NDI_RECORD_ZLIB, (int64_t)sizeof GOOD_REC - 2, GOOD_REC,
     "does not decompress"},
    {NDI_RECORD_ZLIB, -1, "not a WARC record at all", "no WARC record"},
    {NDI_RECORD_ZLIB, -1, "   \r\n", "empty"},
    {NDI_RECORD_ZLIB, -1, CONV "Content-Length: 0\r\n\r\n", "Newsdex-Id"},
};

START_TEST(test_record_decompress_corrupt)
{
    const stored_case *c = &stored_cases[_i];
    uint32_t claimed =
        c->claimed < 0 ? (uint32_t)strlen(c->record) : (uint32_t)c->claimed;
    nd_buf *z = NULL, *err = NULL;
    ck_assert_int_eq(nd_buf_new(&z), ND_OK);
    ck_assert_int_eq(nd_buf_new(&err), ND_OK);
    store(z, c->version, claimed, c->record);
    nd_article *a = NULL;
    nd_status st = nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &a, err);
    if (c->msg == NULL) {
        ck_assert_int_eq(st, ND_OK);
        ck_assert_str_eq(nd_article_body(a), "body");
        nd_article_free(a);
    } else {
        ck_assert_msg(st == ND_ECORRUPT, "case %d: %s", _i, nd_strerror(st));
        ck_assert_ptr_null(a);
        ck_assert_msg(strstr(nd_buf_data(err), c->msg) != NULL,
                      "case %d: '%s' lacks '%s'", _i, nd_buf_data(err), c->msg);
    }
    /* too short to hold even the header */
    ck_assert_int_eq(nd_record_decompress(nd_buf_data(z), 5, &a, NULL),
                     ND_ECORRUPT);
    nd_buf_free(z);
    nd_buf_free(err);
}
END_TEST

/* 'record' stored by hand as form 'version' with a zlib stream made
 * with the preset dictionary 'dict' (the stored form of nd_record_compress
 * when 'dict' is ours). */
static void
store_dict(nd_buf *out, unsigned char version, const char *record,
           const unsigned char *dict, size_t dict_len)
{
    uLong n = (uLong)strlen(record);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    ck_assert_int_eq(deflateInit(&zs, 6), Z_OK);
    ck_assert_int_eq(deflateSetDictionary(&zs, dict, (uInt)dict_len), Z_OK);
    uLong bound = deflateBound(&zs, n);
    unsigned char *z = malloc(5 + bound);
    ck_assert_ptr_nonnull(z);
    z[0] = version;
    z[1] = (unsigned char)(n >> 24);
    z[2] = (unsigned char)(n >> 16);
    z[3] = (unsigned char)(n >> 8);
    z[4] = (unsigned char)n;
    zs.next_in = (Bytef *)record;
    zs.avail_in = (uInt)n;
    zs.next_out = z + 5;
    zs.avail_out = (uInt)bound;
    ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    nd_buf_clear(out);
    ck_assert_int_eq(nd_buf_append(out, z, 5 + zs.total_out), ND_OK);
    deflateEnd(&zs);
    free(z);
}

/* Records stored in the old form (0x01, plain zlib) and in the new one
 * (0x02, our dictionary) both decode; a stream that needs a dictionary we
 * do not have, or a 0x01 stream that needs any dictionary, is a clean
 * ND_ECORRUPT naming the problem. */
START_TEST(test_record_decompress_dict)
{
    static const unsigned char other[] = "WARC-Type: conversion\r\nsome "
                                         "other dictionary body\r\n";
    nd_buf *z = NULL, *err = NULL;
    nd_article *a = NULL;
    ck_assert_int_eq(nd_buf_new(&z), ND_OK);
    ck_assert_int_eq(nd_buf_new(&err), ND_OK);

    store(z, NDI_RECORD_ZLIB, (uint32_t)strlen(GOOD_REC), GOOD_REC);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &a, err), ND_OK);
    ck_assert_str_eq(nd_article_body(a), "body");
    nd_article_free(a);
    a = NULL;

    store_dict(z, NDI_RECORD_ZDICT, GOOD_REC, ndi_record_dict1,
               ndi_record_dict1_len);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &a, err), ND_OK);
    ck_assert_str_eq(nd_article_body(a), "body");
    nd_article_free(a);
    a = NULL;

    store_dict(z, NDI_RECORD_ZDICT, GOOD_REC, other, sizeof other - 1);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &a, err),
        ND_ECORRUPT);
    ck_assert_ptr_null(a);
    ck_assert_msg(strstr(nd_buf_data(err), "unknown zlib dictionary") != NULL,
                  "%s", nd_buf_data(err));

    store_dict(z, NDI_RECORD_ZLIB, GOOD_REC, ndi_record_dict1,
               ndi_record_dict1_len);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &a, err),
        ND_ECORRUPT);
    ck_assert_ptr_null(a);
    nd_buf_free(z);
    nd_buf_free(err);
}
END_TEST

/* The dictionary fits zlib's window and ends with the header template. */
START_TEST(test_record_dict_shape)
{
    ck_assert_uint_gt(ndi_record_dict1_len, 1024);
    ck_assert_uint_le(ndi_record_dict1_len, 32768);
    const char *tail = "Newsdex-Places: \r\n\r\n";
    size_t n = strlen(tail);
    ck_assert(memcmp(ndi_record_dict1 + ndi_record_dict1_len - n, tail, n) ==
              0);
}
END_TEST

static Suite *
record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc;

    tc = tcase_create("roundtrip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_record_roundtrip);
    tcase_add_loop_test(tc, test_record_datesrc, 0,
                        (int)NDI_ARRAY_LEN(datesrcs));
    tcase_add_test(tc, test_record_empty_fields);
    tcase_add_test(tc, test_record_entity_semicolon);
    suite_add_tcase(s, tc);

    tc = tcase_create("form");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_record_form);
    tcase_add_test(tc, test_record_stream);
    tcase_add_test(tc, test_record_write_noid);
    suite_add_tcase(s, tc);

    tc = tcase_create("read_errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_record_read_errors, 0,
                        (int)NDI_ARRAY_LEN(bad_cases));
    tcase_add_loop_test(tc, test_record_warc_next_errors, 0,
                        (int)NDI_ARRAY_LEN(bad_cases));
    tcase_add_test(tc, test_record_warc_too_many_headers);
    tcase_add_test(tc, test_record_warc_next_done);
    tcase_add_test(tc, test_record_read_controls);
    suite_add_tcase(s, tc);

    tc = tcase_create("pct");
    tcase_add_test(tc, test_record_pct);
    suite_add_tcase(s, tc);

    tc = tcase_create("compress");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_record_compress_roundtrip);
    tcase_add_test(tc, test_record_decompress_bitflip);
    tcase_add_test(tc, test_record_decompress_truncated);
    tcase_add_loop_test(tc, test_record_decompress_corrupt, 0,
                        (int)NDI_ARRAY_LEN(stored_cases));
    tcase_add_test(tc, test_record_decompress_dict);
    tcase_add_test(tc, test_record_dict_shape);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(record_suite());
}
