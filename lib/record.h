/* SPDX-License-Identifier: MIT */
/*
 * record.h - WARC framing shared by the record module, the WARC input
 * format and the stream reader.
 */
#ifndef NDI_RECORD_H
#define NDI_RECORD_H

#include <stddef.h>

#include "ndi.h"

#define NDI_WARC_MAX_HEADERS 128

typedef struct ndi_warc_field {
    const char *name, *value; /* not NUL-terminated */
    size_t name_len, value_len;
} ndi_warc_field;

/* One WARC record found in a buffer; everything points into it. */
typedef struct ndi_warc_rec {
    ndi_warc_field fields[NDI_WARC_MAX_HEADERS];
    size_t nfields;
    const char *block; /* the content block */
    size_t block_len;
    int incomplete; /* after ND_EFORMAT: the bytes ended inside a
                              record (more may follow in a stream) */
} ndi_warc_rec;

/*
 * Find the record at data[*pos..len): headers and block. '*pos' moves past
 * it (and its trailing CRLF CRLF). Returns ND_OK, ND_DONE (nothing but
 * whitespace left) or ND_EFORMAT with a message in 'h'.
 */
nd_status ndi_warc_next(ndi_hdr *h, const char *data, size_t len, size_t *pos,
                        ndi_warc_rec *rec);

/* The value of field 'name' (case-insensitive) and its length, or NULL. */
const char *ndi_warc_get(const ndi_warc_rec *rec, const char *name,
                         size_t *len);

/* Turn a newsdex conversion record into an article (the caller's).
 * Returns ND_OK, ND_EFORMAT (not a newsdex record) or ND_ENOMEM. */
nd_status ndi_record_to_article(ndi_hdr *h, const ndi_warc_rec *rec,
                                nd_article **out);

/* Percent-encoding of raw bytes for a header value: controls, DEL, '%',
 * bytes that are not valid UTF-8 and a space at either end are encoded;
 * the rest kept. */
nd_status ndi_pct_encode(const char *s, size_t len, nd_buf *out);
nd_status ndi_pct_decode(const char *s, size_t len, nd_buf *out);

/* The stored form: one byte of version, 4 bytes of length, zlib data. */
#define NDI_RECORD_ZLIB 0x01

#endif /* NDI_RECORD_H */
