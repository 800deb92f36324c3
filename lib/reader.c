/* SPDX-License-Identifier: MIT */
/*
 * reader.c - one source file to articles: read (capped), gunzip, detect,
 * parse, and complete each article with what the document cannot know:
 * its path, item, id, fallback date, entities and the file's identity.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "article.h"
#include "ner.h"
#include "formats/formats.h"
#include "input.h"
#include "ndi.h"
#include "normalize.h"
#include "reader.h"

typedef struct item_err {
    uint32_t item;
    char *reason;
} item_err;

struct nd_reader {
    ndi_hdr hdr;
    nd_limits lim;
    nd_buf raw, inflated, wide; /* wide: UTF-16/32 input as UTF-8 */
    const ndi_format *fmt;
    nd_filestate fs;
    int have_mtime;
    char *path, *abspath, *name;
    nd_article **arts;
    size_t n, cap, next;
    item_err *errs;
    size_t nerrs, caperrs;
    uint32_t next_item;
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init_libs(void)
{
    xmlInitParser();
}

nd_status
nd_reader_new(nd_reader **out)
{
    pthread_once(&init_once, init_libs);
    nd_reader *r = calloc(1, sizeof *r);
    *out = r;
    if (r == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&r->hdr);
    ndi_hdr_init(&r->raw.hdr);
    ndi_hdr_init(&r->inflated.hdr);
    ndi_hdr_init(&r->wide.hdr);
    return ND_OK;
}

static void
clear(nd_reader *r)
{
    for (size_t i = r->next; i < r->n; i++)
        nd_article_free(r->arts[i]);
    r->n = r->next = 0;
    for (size_t i = 0; i < r->nerrs; i++)
        free(r->errs[i].reason);
    r->nerrs = 0;
    free(r->path);
    free(r->abspath);
    free(r->name);
    r->path = r->abspath = r->name = NULL;
    r->fmt = NULL;
    r->next_item = 0;
    r->have_mtime = 0;
    memset(&r->fs, 0, sizeof r->fs);
    ndi_clear(&r->hdr);
}

void
nd_reader_free(nd_reader *r)
{
    if (r == NULL)
        return;
    clear(r);
    free(r->arts);
    free(r->errs);
    free(r->raw.data);
    free(r->inflated.data);
    free(r->wide.data);
    free(r);
}

static nd_status
add_item_error(nd_reader *r, uint32_t item, const char *reason)
{
    if (r->nerrs == r->caperrs) {
        size_t c = r->caperrs ? r->caperrs * 2 : 8;
        item_err *e = realloc(r->errs, c * sizeof *e);
        if (e == NULL)
            return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
        r->errs = e;
        r->caperrs = c;
    }
    char *s = ndi_strndup(reason, strlen(reason));
    if (s == NULL)
        return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
    r->errs[r->nerrs].item = item;
    r->errs[r->nerrs].reason = s;
    r->nerrs++;
    return ND_OK;
}

static nd_status
on_item_error(ndi_parse *p, const char *reason)
{
    nd_reader *r = p->ctx;
    return add_item_error(r, r->next_item++, reason);
}

/* Cut the body to the text cap at a character boundary. */
static nd_status
cap_body(nd_reader *r, nd_article *a)
{
    size_t len = ndi_article_body_len(a);
    if (len <= r->lim.max_article_bytes)
        return ND_OK;
    const char *b = nd_article_body(a);
    size_t cut = r->lim.max_article_bytes;
    while (cut > 0 && ((unsigned char)b[cut] & 0xC0) == 0x80)
        cut--;
    char *copy = ndi_strndup(b, cut);
    if (copy == NULL)
        return ND_ENOMEM;
    nd_status st = ndi_article_set_raw(a, ND_F_BODY, copy, cut);
    free(copy);
    return st;
}

/* An article without a stated date takes its dateline's ("MOSCOW, March
 * 20 -"), the year from the file's time 'ref'. */
static void
date_from_dateline(nd_article *a, int64_t ref)
{
    const char *dl = nd_article_get(a, ND_F_DATELINE);
    size_t n = strlen(dl);
    if (n == 0) {
        /* a body that opens with one: "MOSCOW, March 20 - ..." */
        dl = nd_article_body(a);
        n = strnlen(dl, 80);
        char window[81];
        memcpy(window, dl, n);
        window[n] = '\0';
        if (strstr(window, " - ") == NULL)
            return;
    }
    int64_t t;
    if (ndi_date_dateline(dl, n, ref, &t))
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
}

static nd_status
complete(nd_reader *r, nd_article *a, uint32_t item)
{
    nd_status st = ND_OK;
    nd_article_set_item(a, item);
    st = ndi_article_set_raw(a, ND_F_PATH, r->path, strlen(r->path));
    if (st == ND_OK)
        st = ndi_article_set_raw(a, ND_F_ABSPATH, r->abspath,
                                 strlen(r->abspath));
    if (st == ND_OK)
        st = nd_article_make_id(a);
    if (st == ND_OK && *nd_article_get(a, ND_F_FORMAT) == '\0')
        st = ndi_article_set_raw(a, ND_F_FORMAT, r->fmt->name,
                                 strlen(r->fmt->name));
    if (st == ND_OK)
        st = cap_body(r, a);
    if (st == ND_OK && nd_article_datesrc(a) == ND_DATE_NONE && r->have_mtime)
        date_from_dateline(a, r->fs.mtime_ns / 1000000000);
    if (st == ND_OK && nd_article_datesrc(a) == ND_DATE_NONE && r->have_mtime)
        nd_article_set_date(a, r->fs.mtime_ns / 1000000000, ND_DATE_MTIME);
    if (st == ND_OK)
        st = ndi_ner_extract(a); /* merged with any the format gave */
    return st;
}

static nd_status
on_emit(ndi_parse *p, nd_article *a)
{
    nd_reader *r = p->ctx;
    uint32_t item = r->next_item++;
    if (*nd_article_title(a) == '\0' && *nd_article_body(a) == '\0') {
        nd_article_free(a);
        return add_item_error(r, item, "no text in the article");
    }
    if (r->n >= r->lim.max_items) {
        nd_article_free(a);
        nd_status st = add_item_error(r, item,
                                      "too many articles in one file "
                                      "(--max-items); the rest are skipped");
        return st == ND_OK ? ND_ETOOBIG : st;
    }
    nd_status st = complete(r, a, item);
    if (st == ND_OK && r->n == r->cap) {
        size_t c = r->cap ? r->cap * 2 : 8;
        nd_article **v = realloc(r->arts, c * sizeof *v);
        if (v == NULL)
            st = ND_ENOMEM;
        else {
            r->arts = v;
            r->cap = c;
        }
    }
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(&r->hdr, st, "out of memory");
    }
    r->arts[r->n++] = a;
    return ND_OK;
}

/* The name detection sees: the base name without ".gz". */
static char *
detect_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 3 && ndi_strncaseeq(base + n - 3, ".gz", 3))
        n -= 3;
    return ndi_strndup(base, n);
}

static nd_status
parse_bytes(nd_reader *r, const char *data, size_t len)
{
    const char *why = NULL;
    int truncated = 0;
    if (ndi_is_gzip(data, len)) {
        nd_buf_clear(&r->inflated);
        nd_status st =
            ndi_gunzip_members(&r->hdr, data, len, r->lim.max_inflated_bytes,
                               &r->inflated, &truncated);
        if (st != ND_OK)
            return st;
        data = nd_buf_data(&r->inflated);
        len = r->inflated.len;
    }
    /* UTF-16 and UTF-32 text (known by its BOM) becomes UTF-8 before
     * detection: every detector and parser reads ASCII-compatible bytes. */
    size_t bom;
    const char *wide = ndi_bom_charset(data, len, &bom);
    if (wide != NULL && strncmp(wide, "UTF-8", 5) != 0) {
        nd_buf_clear(&r->wide);
        nd_status st = ndi_to_utf8(data, len, NULL, &r->wide);
        if (st != ND_OK)
            return ndi_fail(&r->hdr, st, "out of memory");
        data = nd_buf_data(&r->wide);
        len = r->wide.len;
    }
    r->fmt = ndi_detect(r->name, data, len, &why);
    /* Only a .warc.gz keeps one record per gzip member, so only there are
     * the members before a torn one whole items; the tail is reported as
     * an item error after them. */
    if (truncated && r->fmt != &ndi_format_warc)
        return ndi_fail(&r->hdr, ND_EFORMAT, "truncated gzip data");
    if (r->fmt == NULL)
        return ndi_fail(&r->hdr, ND_EFORMAT, "%s",
                        why != NULL ? why : "unknown format");
    ndi_parse p = {
        .hdr = &r->hdr,
        .name = r->name,
        .data = data,
        .len = len,
        .lim = &r->lim,
        .mtime = r->have_mtime ? r->fs.mtime_ns / 1000000000 : 0,
        .emit = on_emit,
        .item_error = on_item_error,
        .ctx = r,
    };
    nd_status st = r->fmt->parse(&p);
    if (st == ND_OK && truncated)
        st = add_item_error(r, r->next_item++,
                            "the gzip data ends inside a member: the rest "
                            "of the file is lost");
    r->fs.items = r->next_item;
    if (st == ND_OK && r->n == 0 && r->nerrs == 0)
        st = ndi_fail(&r->hdr, ND_EFORMAT, "no articles found (%s)",
                      r->fmt->name);
    if (st == ND_OK && r->n == 0 && r->nerrs > 0)
        st = ndi_fail(&r->hdr, ND_EFORMAT, "%s", r->errs[0].reason);
    return st;
}

static nd_status
start(nd_reader *r, const char *path, const char *abspath, const nd_limits *lim)
{
    static const nd_limits deflim = ND_LIMITS_INIT;
    clear(r);
    r->lim = lim != NULL ? *lim : deflim;
    r->path = ndi_strndup(path, strlen(path));
    r->abspath = abspath != NULL ? ndi_strndup(abspath, strlen(abspath))
                                 : ndi_strndup(path, strlen(path));
    r->name = detect_name(path);
    if (r->path == NULL || r->abspath == NULL || r->name == NULL)
        return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
    return ND_OK;
}

nd_status
ndi_reader_load(nd_reader *r, const char *path, const char *abspath,
                const nd_limits *lim)
{
    nd_status st = start(r, path, abspath, lim);
    if (st != ND_OK)
        return st;
    st = ndi_input_read_file(&r->hdr, path, &r->lim, &r->raw, &r->fs);
    if (st == ND_OK)
        r->have_mtime = 1;
    return st;
}

nd_status
ndi_reader_parse(nd_reader *r)
{
    return parse_bytes(r, nd_buf_data(&r->raw), r->raw.len);
}

nd_status
nd_reader_open(nd_reader *r, const char *path, const char *abspath,
               const nd_limits *lim)
{
    nd_status st = ndi_reader_load(r, path, abspath, lim);
    if (st != ND_OK)
        return st;
    return ndi_reader_parse(r);
}

nd_status
nd_reader_open_mem(nd_reader *r, const char *name, const void *data, size_t len,
                   const nd_limits *lim)
{
    nd_status st = start(r, name, NULL, lim);
    if (st != ND_OK)
        return st;
    if (len > r->lim.max_file_bytes)
        return ndi_fail(&r->hdr, ND_ETOOBIG,
                        "input is %zu bytes, over the limit of %zu", len,
                        r->lim.max_file_bytes);
    r->fs.size = (int64_t)len;
    ndi_hash128_hex(data, len, r->fs.hash);
    /* the parsers rely on a terminating NUL */
    nd_buf_clear(&r->raw);
    if ((st = nd_buf_append(&r->raw, data, len)) != ND_OK)
        return ndi_fail(&r->hdr, st, "out of memory");
    return parse_bytes(r, nd_buf_data(&r->raw), r->raw.len);
}

nd_status
nd_reader_next(nd_reader *r, nd_article **out)
{
    *out = NULL;
    if (r->next >= r->n)
        return ND_DONE;
    nd_article *a = r->arts[r->next++];
    nd_article_set_file(a, &r->fs);
    *out = a;
    return ND_OK;
}

const char *
nd_reader_format(const nd_reader *r)
{
    return r->fmt != NULL ? r->fmt->name : "";
}

const nd_filestate *
nd_reader_file(const nd_reader *r)
{
    return &r->fs;
}

const char *
nd_reader_item_error(const nd_reader *r, size_t i, uint32_t *item_out)
{
    if (i >= r->nerrs)
        return NULL;
    if (item_out != NULL)
        *item_out = r->errs[i].item;
    return r->errs[i].reason;
}
