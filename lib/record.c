/* SPDX-License-Identifier: MIT */
/*
 * record.c - the normalized record: an article as a WARC/1.1 conversion
 * record (doc/record.md), and its zlib-compressed stored form.
 */
#include <config.h>

#include "record.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "article.h"
#include "normalize.h"

/* Records larger than this are refused on reading: 64 MiB. */
#define RECORD_MAX (64u << 20)

static const char hexd[] = "0123456789ABCDEF";

nd_status
ndi_pct_encode(const char *s, size_t len, nd_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    nd_status st = ND_OK;
    size_t i = 0;
    while (i < len && st == ND_OK) {
        uint32_t cp;
        size_t n = p[i] >= 0x80 ? ndi_utf8_decode(p + i, len - i, &cp) : 1;
        if (n > 1 || (p[i] > 0x20 && p[i] < 0x7F && p[i] != '%')) {
            st = nd_buf_append(out, p + i, n);
            i += n;
            continue;
        }
        /* a space at either end would be trimmed as header whitespace */
        if (p[i] == ' ' && i > 0 && i + 1 < len) {
            st = ndi_buf_putc(out, ' ');
        } else {
            char esc[3] = {'%', hexd[p[i] >> 4], hexd[p[i] & 15]};
            st = nd_buf_append(out, esc, 3);
        }
        i++;
    }
    return st;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

nd_status
ndi_pct_decode(const char *s, size_t len, nd_buf *out)
{
    nd_status st = ND_OK;
    for (size_t i = 0; i < len && st == ND_OK; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len + 0 && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            st = ndi_buf_putc(out, (char)(hi * 16 + lo));
            i += 2;
        } else {
            st = ndi_buf_putc(out, s[i]);
        }
    }
    return st;
}

/* A header with a normalized (one-line, valid UTF-8) value. */
static nd_status
put_field(nd_buf *out, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return ND_OK;
    nd_status st = ndi_buf_puts(out, name);
    if (st == ND_OK)
        st = ndi_buf_puts(out, ": ");
    if (st == ND_OK)
        st = ndi_buf_puts(out, value);
    if (st == ND_OK)
        st = ndi_buf_puts(out, "\r\n");
    return st;
}

static nd_status
put_pct_field(nd_buf *out, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return ND_OK;
    nd_status st = ndi_buf_printf(out, "%s: ", name);
    if (st == ND_OK)
        st = ndi_pct_encode(value, strlen(value), out);
    if (st == ND_OK)
        st = ndi_buf_puts(out, "\r\n");
    return st;
}

static const char *const entity_field[ND_ENT_COUNT] = {
    [ND_ENT_PERSON] = "Newsdex-Persons",
    [ND_ENT_PLACE] = "Newsdex-Places",
    [ND_ENT_ORG] = "Newsdex-Organizations",
};

static nd_status
put_entities(nd_buf *out, const nd_article *a)
{
    nd_status st = ND_OK;
    for (int t = 0; t < ND_ENT_COUNT && st == ND_OK; t++) {
        int first = 1;
        for (size_t i = 0; i < nd_article_entity_count(a) && st == ND_OK; i++) {
            nd_entity_type type;
            const char *name = nd_article_entity(a, i, &type);
            if ((int)type != t)
                continue;
            st = ndi_buf_printf(out, "%s%s", first ? entity_field[t] : "; ",
                                first ? ": " : "");
            /* a ';' inside a name would split it on reading */
            for (const char *c = name; *c != '\0' && st == ND_OK; c++)
                st = ndi_buf_putc(out, *c == ';' ? ',' : *c);
            first = 0;
        }
        if (!first && st == ND_OK)
            st = ndi_buf_puts(out, "\r\n");
    }
    return st;
}

static const char *
datesrc_name(nd_datesrc s)
{
    return s == ND_DATE_DOCUMENT ? "document"
           : s == ND_DATE_MTIME  ? "mtime"
                                 : "none";
}

nd_status
nd_record_write(const nd_article *a, nd_buf *out)
{
    const char *id = nd_article_get(a, ND_F_ID);
    if (*id == '\0')
        return ndi_fail(&out->hdr, ND_EINVAL, "article has no id");
    const char *body = nd_article_body(a);
    size_t blen = strlen(body);
    char date[32], uuid[33], captured[32];
    ndi_date_format(nd_article_date(a), date);
    /* WARC-Date is when the data was captured: the source file's time
     * (deterministic, unlike the time of conversion); the publication
     * date when no file is known. */
    const nd_filestate *fs0 = nd_article_file(a);
    ndi_date_format(fs0->mtime_ns != 0 ? fs0->mtime_ns / 1000000000
                                       : nd_article_date(a),
                    captured);

    /* A record id that changes when the text does: id + body hashed. */
    nd_buf key = {0};
    ndi_hdr_init(&key.hdr);
    nd_status st = ndi_buf_puts(&key, id);
    if (st == ND_OK)
        st = nd_buf_append(&key, body, blen);
    if (st != ND_OK) {
        free(key.data);
        return st;
    }
    ndi_hash128_hex(key.data, key.len, uuid);
    free(key.data);

    st = ndi_buf_reserve(out, blen + 1024);
    if (st == ND_OK)
        st = ndi_buf_printf(
            out,
            "WARC/1.1\r\n"
            "WARC-Type: conversion\r\n"
            "WARC-Record-ID: <urn:uuid:%.8s-%.4s-8%.3s-a%.3s-%.12s>\r\n"
            "WARC-Date: %s\r\n",
            uuid, uuid + 8, uuid + 13, uuid + 17, uuid + 20, captured);
    if (st == ND_OK) {
        /* A URI: the article's URL with what a URI cannot hold escaped
         * (its own %XX kept), or a file: URI of the path (every '%' there
         * is a literal one). */
        const char *url = nd_article_get(a, ND_F_URL);
        int is_file = *url == '\0';
        const char *p = is_file ? nd_article_get(a, ND_F_ABSPATH) : url;
        st = ndi_buf_puts(out, is_file ? "WARC-Target-URI: file://"
                                       : "WARC-Target-URI: ");
        for (; *p != '\0' && st == ND_OK; p++) {
            unsigned char c = (unsigned char)*p;
            if (c > 0x20 && c < 0x7F && strchr("\"<>\\^`{|}", c) == NULL &&
                !(is_file && (c == '%' || c == '?' || c == '#')))
                st = ndi_buf_putc(out, (char)c);
            else
                st = ndi_buf_printf(out, "%%%c%c", hexd[c >> 4], hexd[c & 15]);
        }
        if (st == ND_OK)
            st = ndi_buf_puts(out, "\r\n");
    }
    if (st == ND_OK)
        st = ndi_buf_printf(out,
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Length: %zu\r\n"
                            "Newsdex-Id: %s\r\n",
                            blen, id);
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Title", nd_article_get(a, ND_F_TITLE));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Byline", nd_article_get(a, ND_F_BYLINE));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Dateline",
                       nd_article_get(a, ND_F_DATELINE));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Source", nd_article_get(a, ND_F_SOURCE));
    if (st == ND_OK)
        st = put_pct_field(out, "Newsdex-Url", nd_article_get(a, ND_F_URL));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Language", nd_article_get(a, ND_F_LANG));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Format", nd_article_get(a, ND_F_FORMAT));
    if (st == ND_OK)
        st = put_field(out, "Newsdex-Docno", nd_article_get(a, ND_F_DOCNO));
    if (st == ND_OK)
        st = put_pct_field(out, "Newsdex-Path", nd_article_get(a, ND_F_PATH));
    if (st == ND_OK)
        st = put_pct_field(out, "Newsdex-Abspath",
                           nd_article_get(a, ND_F_ABSPATH));
    if (st == ND_OK)
        st = ndi_buf_printf(out, "Newsdex-Item: %" PRIu32 "\r\n",
                            nd_article_item(a));
    if (st == ND_OK && nd_article_datesrc(a) != ND_DATE_NONE)
        st = ndi_buf_printf(out, "Newsdex-Date: %s; %s\r\n", date,
                            datesrc_name(nd_article_datesrc(a)));
    const nd_filestate *fs = nd_article_file(a);
    if (st == ND_OK &&
        (fs->size != 0 || fs->mtime_ns != 0 || fs->hash[0] != '\0'))
        st = ndi_buf_printf(out,
                            "Newsdex-File: size=%" PRId64 "; mtime=%" PRId64
                            "; hash=%s; items=%" PRIu32 "\r\n",
                            fs->size, fs->mtime_ns,
                            fs->hash[0] ? fs->hash : "-", fs->items);
    if (st == ND_OK)
        st = put_entities(out, a);
    if (st == ND_OK)
        st = ndi_buf_puts(out, "\r\n");
    if (st == ND_OK)
        st = nd_buf_append(out, body, blen);
    if (st == ND_OK)
        st = ndi_buf_puts(out, "\r\n\r\n");
    return st;
}

/* ---- reading -------------------------------------------------------- */

/* The end of the line at data[pos..len): index of '\n', or len. */
static size_t
line_end(const char *data, size_t len, size_t pos)
{
    const char *nl = memchr(data + pos, '\n', len - pos);
    return nl != NULL ? (size_t)(nl - data) : len;
}

nd_status
ndi_warc_next(ndi_hdr *h, const char *data, size_t len, size_t *pos,
              ndi_warc_rec *rec)
{
    size_t i = *pos;
    rec->incomplete = 0;
    while (i < len && (data[i] == '\r' || data[i] == '\n' || data[i] == ' ' ||
                       data[i] == '\t' || data[i] == '\0'))
        i++;
    if (i >= len) {
        *pos = len;
        return ND_DONE;
    }
    size_t e = line_end(data, len, i);
    if (e == len && memcmp(data + i, "WARC/", len - i < 5 ? len - i : 5) == 0) {
        rec->incomplete = 1;
        return ndi_fail(h, ND_EFORMAT, "the data ends inside a WARC record");
    }
    if (e - i < 6 || memcmp(data + i, "WARC/", 5) != 0)
        return ndi_fail(h, ND_EFORMAT, "no WARC record at byte %zu", i);
    rec->nfields = 0;
    i = e + 1;
    int have_len = 0;
    uint64_t clen = 0;
    for (;;) {
        if (i >= len || (e = line_end(data, len, i)) == len) {
            rec->incomplete = 1;
            return ndi_fail(h, ND_EFORMAT,
                            "the data ends inside the WARC headers");
        }
        size_t le = e;
        if (le > i && data[le - 1] == '\r')
            le--;
        if (le == i) {
            i = e + 1;
            break;
        }
        const char *colon = memchr(data + i, ':', le - i);
        if (colon == NULL)
            return ndi_fail(h, ND_EFORMAT,
                            "WARC header line without ':' at byte %zu", i);
        if (rec->nfields == NDI_WARC_MAX_HEADERS)
            return ndi_fail(h, ND_EFORMAT, "more than %d WARC headers",
                            NDI_WARC_MAX_HEADERS);
        ndi_warc_field *f = &rec->fields[rec->nfields++];
        f->name = data + i;
        f->name_len = (size_t)(colon - (data + i));
        const char *v = colon + 1;
        while (v < data + le && (*v == ' ' || *v == '\t'))
            v++;
        f->value = v;
        f->value_len = (size_t)(data + le - v);
        while (f->value_len > 0 &&
               (v[f->value_len - 1] == ' ' || v[f->value_len - 1] == '\t'))
            f->value_len--;
        if (f->name_len == 14 &&
            ndi_strncaseeq(f->name, "Content-Length", 14)) {
            char num[24];
            size_t n =
                f->value_len < sizeof num - 1 ? f->value_len : sizeof num - 1;
            memcpy(num, f->value, n);
            num[n] = '\0';
            char *end;
            clen = strtoull(num, &end, 10);
            if (n == 0 || *end != '\0' || !isdigit((unsigned char)num[0]))
                return ndi_fail(h, ND_EFORMAT, "bad Content-Length '%s'", num);
            have_len = 1;
        }
        i = e + 1;
    }
    if (!have_len)
        return ndi_fail(h, ND_EFORMAT, "WARC record without Content-Length");
    if (clen > len - i) {
        rec->incomplete = 1;
        return ndi_fail(h, ND_EFORMAT,
                        "WARC record truncated: Content-Length %" PRIu64
                        " but %zu bytes left",
                        clen, len - i);
    }
    rec->block = data + i;
    rec->block_len = (size_t)clen;
    i += (size_t)clen;
    /* the record ends with CRLF CRLF; be lenient about what is there */
    for (int k = 0; k < 4 && i < len && (data[i] == '\r' || data[i] == '\n');
         k++)
        i++;
    *pos = i;
    return ND_OK;
}

const char *
ndi_warc_get(const ndi_warc_rec *rec, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].name_len == n &&
            ndi_strncaseeq(rec->fields[i].name, name, n)) {
            *len = rec->fields[i].value_len;
            return rec->fields[i].value;
        }
    *len = 0;
    return NULL;
}

static nd_status
get_text(const ndi_warc_rec *rec, const char *name, nd_article *a, nd_field f)
{
    size_t n;
    const char *v = ndi_warc_get(rec, name, &n);
    return v != NULL ? nd_article_set(a, f, v, n) : ND_OK;
}

static nd_status
get_pct(const ndi_warc_rec *rec, const char *name, nd_article *a, nd_field f)
{
    size_t n;
    const char *v = ndi_warc_get(rec, name, &n);
    if (v == NULL)
        return ND_OK;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_pct_decode(v, n, &b);
    if (st == ND_OK) {
        if (f == ND_F_PATH || f == ND_F_ABSPATH)
            st = ndi_article_set_raw(a, f, nd_buf_data(&b), b.len);
        else
            st = nd_article_set(a, f, nd_buf_data(&b), b.len);
    }
    free(b.data);
    return st;
}

/* Whether a content block can be stored as it is: valid UTF-8 without
 * controls (C0 but newline, DEL, C1), as normalized text always is. */
static int
is_clean_text(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7F)
            return 0;
        if (p[i] == 0xC2 && i + 1 < len && p[i + 1] < 0xA0)
            return 0; /* U+0080..U+009F */
    }
    return ndi_utf8_valid(s, len);
}

/* "key=value; key=value" lookups in one header value. */
static int
param(const char *v, size_t n, const char *key, char *out, size_t outlen)
{
    size_t k = strlen(key);
    for (size_t i = 0; i + k + 1 <= n; i++) {
        if ((i == 0 || v[i - 1] == ' ' || v[i - 1] == ';') &&
            memcmp(v + i, key, k) == 0 && v[i + k] == '=') {
            size_t j = i + k + 1, m = 0;
            while (j < n && v[j] != ';' && m + 1 < outlen)
                out[m++] = v[j++];
            out[m] = '\0';
            return 1;
        }
    }
    return 0;
}

static nd_status
get_entities(const ndi_warc_rec *rec, nd_article *a)
{
    nd_status st = ND_OK;
    for (int t = 0; t < ND_ENT_COUNT && st == ND_OK; t++) {
        size_t n;
        const char *v = ndi_warc_get(rec, entity_field[t], &n);
        while (v != NULL && n > 0 && st == ND_OK) {
            const char *semi = memchr(v, ';', n);
            size_t k = semi != NULL ? (size_t)(semi - v) : n;
            st = nd_article_add_entity(a, (nd_entity_type)t, v, k);
            if (semi == NULL)
                break;
            n -= k + 1;
            v = semi + 1;
        }
    }
    return st;
}

nd_status
ndi_record_to_article(ndi_hdr *h, const ndi_warc_rec *rec, nd_article **out)
{
    nd_article *a = NULL;
    size_t n;
    *out = NULL;
    const char *type = ndi_warc_get(rec, "WARC-Type", &n);
    if (type == NULL || n != 10 || memcmp(type, "conversion", 10) != 0)
        return ndi_fail(h, ND_EFORMAT, "not a conversion record");
    const char *id = ndi_warc_get(rec, "Newsdex-Id", &n);
    if (id == NULL || n != 16)
        return ndi_fail(h, ND_EFORMAT,
                        "conversion record without a Newsdex-Id");
    for (size_t i = 0; i < 16; i++)
        if (!isxdigit((unsigned char)id[i]))
            return ndi_fail(h, ND_EFORMAT, "bad Newsdex-Id");
    nd_status st = nd_article_new(&a);
    if (st == ND_OK)
        st = ndi_article_set_raw(a, ND_F_ID, id, 16);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Title", a, ND_F_TITLE);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Byline", a, ND_F_BYLINE);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Dateline", a, ND_F_DATELINE);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Source", a, ND_F_SOURCE);
    if (st == ND_OK)
        st = get_pct(rec, "Newsdex-Url", a, ND_F_URL);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Language", a, ND_F_LANG);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Format", a, ND_F_FORMAT);
    if (st == ND_OK)
        st = get_text(rec, "Newsdex-Docno", a, ND_F_DOCNO);
    if (st == ND_OK)
        st = get_pct(rec, "Newsdex-Path", a, ND_F_PATH);
    if (st == ND_OK)
        st = get_pct(rec, "Newsdex-Abspath", a, ND_F_ABSPATH);
    if (st == ND_OK)
        st = get_entities(rec, a);
    if (st != ND_OK)
        goto fail;
    const char *v = ndi_warc_get(rec, "Newsdex-Item", &n);
    if (v != NULL) {
        char num[16];
        size_t k = n < sizeof num - 1 ? n : sizeof num - 1;
        memcpy(num, v, k);
        num[k] = '\0';
        nd_article_set_item(a, (uint32_t)strtoul(num, NULL, 10));
    }
    v = ndi_warc_get(rec, "Newsdex-Date", &n);
    int64_t t;
    if (v != NULL &&
        ndi_date_parse(v,
                       memchr(v, ';', n)
                           ? (size_t)((const char *)memchr(v, ';', n) - v)
                           : n,
                       &t)) {
        nd_datesrc src = ND_DATE_DOCUMENT;
        if (n >= 5 && memcmp(v + n - 5, "mtime", 5) == 0)
            src = ND_DATE_MTIME;
        nd_article_set_date(a, t, src);
    }
    v = ndi_warc_get(rec, "Newsdex-File", &n);
    if (v != NULL) {
        nd_filestate fs;
        char num[40];
        memset(&fs, 0, sizeof fs);
        if (param(v, n, "size", num, sizeof num))
            fs.size = strtoll(num, NULL, 10);
        if (param(v, n, "mtime", num, sizeof num))
            fs.mtime_ns = strtoll(num, NULL, 10);
        if (param(v, n, "hash", fs.hash, sizeof fs.hash) &&
            strcmp(fs.hash, "-") == 0)
            fs.hash[0] = '\0';
        if (param(v, n, "items", num, sizeof num))
            fs.items = (uint32_t)strtoul(num, NULL, 10);
        nd_article_set_file(a, &fs);
    }
    /* The body was normalized when written: store it as it is, unless a
     * hand-edited stream broke it. */
    if (is_clean_text(rec->block, rec->block_len))
        st = ndi_article_set_raw(a, ND_F_BODY, rec->block, rec->block_len);
    else
        st = nd_article_set(a, ND_F_BODY, rec->block, rec->block_len);
    if (st != ND_OK)
        goto fail;
    *out = a;
    return ND_OK;
fail:
    nd_article_free(a);
    return ndi_fail(h, st, "out of memory");
}

nd_status
nd_record_read(const char *data, size_t len, nd_article **out, size_t *used,
               nd_buf *err)
{
    ndi_hdr tmp;
    ndi_hdr_init(&tmp);
    ndi_hdr *h = err != NULL ? &err->hdr : &tmp;
    ndi_warc_rec *rec = malloc(sizeof *rec);
    size_t pos = 0;
    *out = NULL;
    if (rec == NULL)
        return ND_ENOMEM;
    nd_status st = ndi_warc_next(h, data, len, &pos, rec);
    if (st == ND_OK)
        st = ndi_record_to_article(h, rec, out);
    if (used != NULL)
        *used = pos;
    if (st != ND_OK && st != ND_DONE && err != NULL) {
        nd_buf_clear(err);
        ndi_buf_puts(err, h->errmsg);
    }
    free(rec);
    return st;
}

nd_status
nd_record_compress(const nd_article *a, nd_buf *out)
{
    nd_buf rec = {0};
    ndi_hdr_init(&rec.hdr);
    nd_status st = nd_record_write(a, &rec);
    if (st != ND_OK) {
        free(rec.data);
        return ndi_pass(&out->hdr, &rec.hdr, st);
    }
    if (rec.len > UINT32_MAX) {
        free(rec.data);
        return ndi_fail(&out->hdr, ND_ETOOBIG, "record too large");
    }
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = deflateInit2(&zs, 6, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY);
    if (rc == Z_OK)
        rc = deflateSetDictionary(&zs, ndi_record_dict1,
                                  (uInt)ndi_record_dict1_len);
    if (rc != Z_OK) {
        deflateEnd(&zs);
        free(rec.data);
        return ndi_fail(&out->hdr, rc == Z_MEM_ERROR ? ND_ENOMEM : ND_EINTERNAL,
                        "zlib deflate setup failed (%d)", rc);
    }
    uLong bound = deflateBound(&zs, (uLong)rec.len);
    st = ndi_buf_reserve(out, 5 + bound);
    if (st == ND_OK) {
        unsigned char *p = (unsigned char *)out->data + out->len;
        p[0] = NDI_RECORD_ZDICT;
        p[1] = (unsigned char)(rec.len >> 24);
        p[2] = (unsigned char)(rec.len >> 16);
        p[3] = (unsigned char)(rec.len >> 8);
        p[4] = (unsigned char)rec.len;
        zs.next_in = (Bytef *)rec.data;
        zs.avail_in = (uInt)rec.len;
        zs.next_out = p + 5;
        zs.avail_out = (uInt)bound;
        rc = deflate(&zs, Z_FINISH);
        if (rc != Z_STREAM_END)
            st = ndi_fail(&out->hdr,
                          rc == Z_MEM_ERROR ? ND_ENOMEM : ND_EINTERNAL,
                          "zlib compress failed (%d)", rc);
        else {
            out->len += 5 + zs.total_out;
            out->data[out->len] = '\0';
        }
    }
    deflateEnd(&zs);
    free(rec.data);
    return st;
}

/* Give 'err' its own header's message as text too, as the contract of
 * nd_record_decompress() says, and return 'st'. */
static nd_status
err_text(nd_buf *err, nd_status st)
{
    if (err != NULL) {
        char msg[NDI_ERRMSG_MAX];
        memcpy(msg, err->hdr.errmsg, sizeof msg);
        nd_buf_clear(err);
        ndi_buf_puts(err, msg);
    }
    return st;
}

/* Inflate a stored record's zlib stream into raw[0..rlen). A form 0x02
 * stream names its preset dictionary by Adler-32 (zlib's DICTID); only
 * dictionaries of ours are given. Returns Z_OK when the stream ends with
 * exactly rlen bytes, Z_NEED_DICT (with *dictid) for an unknown
 * dictionary, another zlib code otherwise. */
static int
inflate_record(unsigned form, const unsigned char *z, size_t zlen, char *raw,
               uLongf rlen, uLongf *got, unsigned long *dictid)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = inflateInit(&zs);
    if (rc != Z_OK)
        return rc;
    zs.next_in = (Bytef *)z;
    zs.avail_in = zlen > UINT32_MAX ? UINT32_MAX : (uInt)zlen;
    zs.next_out = (Bytef *)raw;
    zs.avail_out = (uInt)rlen;
    rc = inflate(&zs, Z_FINISH);
    if (rc == Z_NEED_DICT) {
        *dictid = zs.adler;
        if (form == NDI_RECORD_ZDICT &&
            zs.adler == adler32(adler32(0, Z_NULL, 0), ndi_record_dict1,
                                (uInt)ndi_record_dict1_len) &&
            inflateSetDictionary(&zs, ndi_record_dict1,
                                 (uInt)ndi_record_dict1_len) == Z_OK)
            rc = inflate(&zs, Z_FINISH);
        else if (form != NDI_RECORD_ZDICT)
            rc = Z_DATA_ERROR; /* form 0x01 never had a dictionary */
    } else if (rc == Z_STREAM_END && form == NDI_RECORD_ZDICT) {
        rc = Z_DATA_ERROR; /* form 0x02 always names its dictionary */
    }
    *got = zs.total_out;
    inflateEnd(&zs);
    if (rc == Z_STREAM_END)
        return *got == rlen ? Z_OK : Z_DATA_ERROR;
    return rc == Z_OK || rc == Z_BUF_ERROR ? Z_DATA_ERROR : rc;
}

nd_status
nd_record_decompress(const void *data, size_t len, nd_article **out,
                     nd_buf *err)
{
    const unsigned char *p = data;
    ndi_hdr tmp;
    ndi_hdr_init(&tmp);
    ndi_hdr *h = err != NULL ? &err->hdr : &tmp;
    *out = NULL;
    if (len < 6 || (p[0] != NDI_RECORD_ZLIB && p[0] != NDI_RECORD_ZDICT))
        return err_text(
            err, ndi_fail(h, ND_ECORRUPT, "stored record has an unknown form"));
    uLongf rlen = ((uLongf)p[1] << 24) | ((uLongf)p[2] << 16) |
                  ((uLongf)p[3] << 8) | p[4];
    if (rlen > RECORD_MAX)
        return err_text(err, ndi_fail(h, ND_ECORRUPT,
                                      "stored record claims %lu bytes",
                                      (unsigned long)rlen));
    char *raw = malloc(rlen + 1);
    if (raw == NULL)
        return err_text(err, ndi_fail(h, ND_ENOMEM, "out of memory"));
    uLongf got = 0;
    unsigned long dictid = 0;
    int rc = inflate_record(p[0], p + 5, len - 5, raw, rlen, &got, &dictid);
    if (rc == Z_NEED_DICT) {
        free(raw);
        return err_text(err, ndi_fail(h, ND_ECORRUPT,
                                      "stored record needs an unknown zlib "
                                      "dictionary (Adler-32 %08lx)",
                                      dictid));
    }
    nd_status st = ND_OK;
    if (rc != Z_OK || got != rlen) {
        st = ndi_fail(h, rc == Z_MEM_ERROR ? ND_ENOMEM : ND_ECORRUPT,
                      "stored record does not decompress (zlib %d)", rc);
    } else {
        raw[got] = '\0';
        ndi_warc_rec *rec = malloc(sizeof *rec);
        size_t pos = 0;
        if (rec == NULL)
            st = ndi_fail(h, ND_ENOMEM, "out of memory");
        else if ((st = ndi_warc_next(h, raw, got, &pos, rec)) == ND_OK)
            st = ndi_record_to_article(h, rec, out);
        if (st == ND_DONE)
            st = ndi_fail(h, ND_ECORRUPT, "stored record is empty");
        if (st == ND_EFORMAT)
            st = ND_ECORRUPT;
        free(rec);
    }
    free(raw);
    if (st != ND_OK && err != NULL) {
        char msg[NDI_ERRMSG_MAX];
        memcpy(msg, h->errmsg, sizeof msg);
        nd_buf_clear(err);
        ndi_buf_puts(err, msg);
    }
    return st;
}
