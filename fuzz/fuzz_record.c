/* SPDX-License-Identifier: MIT */
/*
 * fuzz_record.c - libFuzzer target: nd_record_read() and
 * nd_record_decompress() of arbitrary bytes (as a stream on stdin or a
 * damaged collection would give them). What they accept is a valid article
 * that writes and reads back the same; what they refuse has a message.
 */
#include <config.h>

#include <zlib.h>

#include "fuzz_common.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_read(const nd_article *a)
{
    fz_check_article(a);
    FZ_ASSERT(strlen(nd_article_get(a, ND_F_ID)) == 16, "bad id");
    fz_roundtrip(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd_buf *err = NULL, *z = NULL;
    nd_article *a = NULL;
    size_t used = 0;
    if (nd_buf_new(&err) != ND_OK || nd_buf_new(&z) != ND_OK)
        abort();

    /* the bytes as a record stream */
    nd_status st = nd_record_read((const char *)data, size, &a, &used, err);
    FZ_ASSERT(st == ND_OK || st == ND_DONE || st == ND_EFORMAT ||
                  st == ND_ENOMEM,
              "nd_record_read gave %s", nd_strerror(st));
    FZ_ASSERT(used <= size, "used %zu of %zu bytes", used, size);
    FZ_ASSERT((st == ND_OK) == (a != NULL), "article and status disagree");
    if (st == ND_EFORMAT)
        FZ_ASSERT(nd_buf_len(err) > 0, "ND_EFORMAT without a message");
    if (a != NULL)
        check_read(a);
    nd_article_free(a);
    a = NULL;

    /* the bytes as a stored record */
    st = nd_record_decompress(data, size, &a, err);
    FZ_ASSERT(st == ND_OK || st == ND_ECORRUPT || st == ND_ENOMEM,
              "nd_record_decompress gave %s", nd_strerror(st));
    FZ_ASSERT((st == ND_OK) == (a != NULL), "article and status disagree");
    if (st != ND_OK)
        FZ_ASSERT(nd_buf_len(err) > 0, "%s without a message", nd_strerror(st));
    if (a != NULL)
        check_read(a);
    nd_article_free(a);
    a = NULL;

    /* the bytes compressed into the stored form, so the record parser
     * behind nd_record_decompress sees them too */
    uLong bound = compressBound((uLong)size);
    if (ndi_buf_reserve(z, 5 + bound) != ND_OK)
        abort();
    unsigned char *p = (unsigned char *)z->data;
    p[0] = NDI_RECORD_ZLIB;
    p[1] = (unsigned char)(size >> 24);
    p[2] = (unsigned char)(size >> 16);
    p[3] = (unsigned char)(size >> 8);
    p[4] = (unsigned char)size;
    uLongf zlen = bound;
    if (compress2(p + 5, &zlen, data, (uLong)size, 1) != Z_OK)
        abort();
    st = nd_record_decompress(p, 5 + zlen, &a, err);
    FZ_ASSERT(st == ND_OK || st == ND_ECORRUPT || st == ND_ENOMEM,
              "nd_record_decompress gave %s", nd_strerror(st));
    if (a != NULL)
        check_read(a);
    nd_article_free(a);
    nd_buf_free(err);
    nd_buf_free(z);
    return 0;
}
