/* SPDX-License-Identifier: MIT */
/*
 * search.c - queries against a collection: the query language's fields,
 * ranked hits with their stored metadata, and snippets cut from the full
 * text stored in the collection itself.
 */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "article.h"
#include "index.h"
#include "ndi.h"
#include "normalize.h"
#include "record.h"
#include "schema.h"
#include "xdb.h"

/* Times a query is retried when the collection changes under it. */
#define MODIFIED_RETRIES 5

struct nd_search {
    ndi_hdr hdr;
    ndi_xdb *x;
    char *path;
};

typedef struct hit {
    nd_article *a;
    unsigned rank;
    double score;
    char *snippet;
    char cluster[17]; /* "" when alone in its cluster */
    uint64_t duplicates;
    char (*dup_ids)[17];
    size_t ndup_ids;
} hit;

struct nd_hits {
    ndi_hdr hdr;
    uint64_t total;
    unsigned offset;
    hit *v;
    size_t n;
};

/* Fields of the query language (README "Query syntax"). */
static const ndi_xfield fields[] = {
    {"title", NDI_P_TITLE, 0},   {"byline", NDI_P_BYLINE, 0},
    {"source", NDI_P_SOURCE, 1}, {"lang", NDI_P_LANG, 1},
    {"person", NDI_P_PERSON, 1}, {"place", NDI_P_PLACE, 1},
    {"org", NDI_P_ORG, 1},       {"format", NDI_P_FORMAT, 1},
    {"id", NDI_P_ID, 1},
};

nd_status
nd_search_new(nd_search **out)
{
    nd_search *s = calloc(1, sizeof *s);
    *out = s;
    if (s == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&s->hdr);
    return ND_OK;
}

void
nd_search_free(nd_search *s)
{
    if (s == NULL)
        return;
    ndi_xdb_free(s->x);
    free(s->path);
    free(s);
}

nd_status
nd_search_open(nd_search *s, const char *path)
{
    ndi_xdb_free(s->x);
    s->x = NULL;
    free(s->path);
    s->path = ndi_strndup(path, strlen(path));
    if (s->path == NULL)
        return ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return ndi_fail(&s->hdr, ND_ENOTFOUND, "%s: no such collection", path);
    nd_status st = ndi_xdb_new(&s->x);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "out of memory");
    st = ndi_xdb_open(s->x, path, NDI_XDB_READ);
    if (st == ND_ENOTFOUND)
        return ndi_fail(&s->hdr, st,
                        "%s: not a newsdex collection (no Xapian database)",
                        path);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s: cannot open the collection: %s", path,
                        nd_errmsg(s->x));
    return ndi_schema_check(s->x, &s->hdr, path, 0);
}

void
nd_hits_free(nd_hits *h)
{
    if (h == NULL)
        return;
    for (size_t i = 0; i < h->n; i++) {
        nd_article_free(h->v[i].a);
        free(h->v[i].snippet);
        free(h->v[i].dup_ids);
    }
    free(h->v);
    free(h);
}

/* Fill an article from the document data's name=value lines. */
static nd_status
from_data(nd_article *a, const char *data, size_t len)
{
    static const struct {
        const char *name;
        nd_field f;
    } map[] = {
        {"caption", ND_F_TITLE}, {"author", ND_F_BYLINE},
        {"id", ND_F_ID},         {"dateline", ND_F_DATELINE},
        {"source", ND_F_SOURCE}, {"docno", ND_F_DOCNO},
        {"lang", ND_F_LANG},     {"format", ND_F_FORMAT},
    };
    nd_status st = ND_OK;
    const char *p = data, *end = data + len;
    const char *url = NULL, *path = NULL;
    size_t urllen = 0, pathlen = 0;
    while (p < end && st == ND_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        const char *eq = memchr(p, '=', (size_t)(le - p));
        if (eq != NULL) {
            size_t nlen = (size_t)(eq - p);
            const char *v = eq + 1;
            size_t vlen = (size_t)(le - v);
            for (size_t i = 0; i < NDI_ARRAY_LEN(map); i++)
                if (strlen(map[i].name) == nlen &&
                    memcmp(map[i].name, p, nlen) == 0)
                    st = ndi_article_set_raw(a, map[i].f, v, vlen);
            if (nlen == 4 && memcmp(p, "path", 4) == 0) {
                path = v;
                pathlen = vlen;
                nd_buf b = {0};
                ndi_hdr_init(&b.hdr);
                st = ndi_pct_decode(v, vlen, &b);
                if (st == ND_OK)
                    st = ndi_article_set_raw(a, ND_F_PATH, nd_buf_data(&b),
                                             b.len);
                free(b.data);
            } else if (nlen == 3 && memcmp(p, "url", 3) == 0) {
                url = v;
                urllen = vlen;
            } else if (nlen == 4 && memcmp(p, "date", 4) == 0) {
                int64_t t;
                if (ndi_date_parse(v, vlen, &t))
                    nd_article_set_date(a, t, ND_DATE_DOCUMENT);
            } else if (nlen == 4 && memcmp(p, "item", 4) == 0) {
                nd_article_set_item(a, (uint32_t)strtoul(v, NULL, 10));
            } else if (nlen == 6 && memcmp(p, "sample", 6) == 0) {
                st = ndi_article_set_raw(a, ND_F_BODY, v, vlen);
            }
        }
        p = le + 1;
    }
    /* "url=" holds the (encoded) path when the article has no URL. */
    if (url != NULL && path != NULL && urllen == pathlen &&
        memcmp(url, path, urllen) == 0)
        url = NULL;
    if (st == ND_OK && url != NULL)
        st = ndi_article_set_raw(a, ND_F_URL, url, urllen);
    return st;
}

/* Replace the hit's article by its full stored record, and cut the
 * snippet from its text. */
static nd_status
load_hit(nd_search *s, ndi_xmset *m, size_t i, hit *h, const nd_search_opts *o,
         nd_buf *tmp)
{
    nd_status st = ndi_xmset_data(m, i, tmp);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    if ((st = nd_article_new(&h->a)) != ND_OK)
        return ndi_fail(&s->hdr, st, "out of memory");
    if ((st = from_data(h->a, tmp->data, tmp->len)) != ND_OK)
        return ndi_fail(&s->hdr, st, "out of memory");
    if (o->snippet_len == 0)
        return ND_OK;
    st = ndi_xmset_value(m, i, NDI_SLOT_RECORD, tmp);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    nd_article *full = NULL;
    nd_buf err = {0};
    ndi_hdr_init(&err.hdr);
    if (nd_record_decompress(tmp->data, tmp->len, &full, &err) == ND_OK) {
        nd_article_free(h->a);
        h->a = full;
    }
    /* a damaged record still leaves the hit with its data and sample */
    free(err.data);
    nd_buf_clear(tmp);
    const char *body = nd_article_body(h->a);
    st = ndi_xmset_snippet(m, body, strlen(body), o->snippet_len, tmp);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    h->snippet = ndi_strndup(nd_buf_data(tmp), tmp->len);
    return h->snippet != NULL ? ND_OK
                              : ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
}

/* The hit's cluster key when other articles share it, and with collapse
 * how many of them match the query too (and their ids when asked). */
static nd_status
load_cluster(nd_search *s, ndi_xmset *m, size_t i, hit *h,
             const nd_search_opts *o, nd_buf *tmp)
{
    char term[32];
    uint64_t members = 0;
    nd_status st = ndi_xmset_value(m, i, NDI_SLOT_CLUSTER, tmp);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    if (tmp->len != 16)
        return ND_OK; /* written before clusters existed */
    snprintf(term, sizeof term, "%s%.16s", NDI_P_CLUSTER, tmp->data);
    st = ndi_xdb_termfreq(s->x, term, &members);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
    if (members < 2)
        return ND_OK;
    memcpy(h->cluster, tmp->data, 16);
    h->cluster[16] = '\0';
    if (!o->collapse)
        return ND_OK;
    /* Xapian's collapse count is a lower bound: count exactly. */
    size_t max = o->duplicate_ids + 1, n = 0;
    ndi_docid *ids = calloc(max, sizeof *ids);
    if (ids == NULL)
        return ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
    uint64_t count = 0;
    st = ndi_xmset_filtered(m, term, max, &count, ids, &n);
    if (st != ND_OK) {
        free(ids);
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    }
    h->duplicates = count > 0 ? count - 1 : 0;
    ndi_docid self = ndi_xmset_docid(m, i);
    if (o->duplicate_ids > 0 && n > 1 &&
        (h->dup_ids = calloc(n, sizeof *h->dup_ids)) == NULL)
        st = ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
    for (size_t k = 0; k < n && h->dup_ids != NULL && st == ND_OK; k++) {
        if (ids[k] == self || h->ndup_ids == o->duplicate_ids)
            continue;
        st = ndi_xdb_value(s->x, ids[k], NDI_SLOT_ID, tmp);
        if (st != ND_OK)
            st = ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
        else if (tmp->len == 16)
            memcpy(h->dup_ids[h->ndup_ids++], tmp->data, 16);
    }
    free(ids);
    return st;
}

static nd_status
run_once(nd_search *s, const char *query, const nd_search_opts *o,
         nd_hits **out)
{
    ndi_xquery q = {
        .text = query,
        .fields = fields,
        .nfields = NDI_ARRAY_LEN(fields),
        .lang = "en",
        .offset = o->offset,
        .count = o->count,
        .tiebreak_slot = NDI_SLOT_ID,
        .max_wildcard = 100,
        .collapse = o->collapse,
        .collapse_slot = NDI_SLOT_CLUSTER,
    };
    ndi_xmset *m = NULL;
    nd_hits *h = NULL;
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    nd_status st = ndi_xdb_search(s->x, &q, &m);
    if (st != ND_OK) {
        if (st == ND_EQUERY)
            return ndi_fail(&s->hdr, st, "cannot parse the query '%s': %s",
                            query, nd_errmsg(s->x));
        return ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
    }
    h = calloc(1, sizeof *h);
    size_t n = ndi_xmset_size(m);
    if (h == NULL || (n > 0 && (h->v = calloc(n, sizeof *h->v)) == NULL)) {
        st = ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
        goto out;
    }
    ndi_hdr_init(&h->hdr);
    h->total = ndi_xmset_total(m);
    h->offset = o->offset;
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        hit *x = &h->v[h->n++];
        x->rank = o->offset + (unsigned)i + 1;
        x->score = ndi_xmset_weight(m, i);
        st = load_hit(s, m, i, x, o, &tmp);
        if (st == ND_OK)
            st = load_cluster(s, m, i, x, o, &tmp);
    }
out:
    ndi_xmset_free(m);
    free(tmp.data);
    if (st != ND_OK) {
        nd_hits_free(h);
        return st;
    }
    *out = h;
    return ND_OK;
}

nd_status
nd_search_run(nd_search *s, const char *query, const nd_search_opts *opts,
              nd_hits **out)
{
    static const nd_search_opts defopts = ND_SEARCH_OPTS_INIT;
    const nd_search_opts *o = opts != NULL ? opts : &defopts;
    *out = NULL;
    if (s->x == NULL)
        return ndi_fail(&s->hdr, ND_EINVAL, "no collection open");
    nd_status st = ND_EMODIFIED;
    for (int tries = 0; tries < MODIFIED_RETRIES && st == ND_EMODIFIED;
         tries++) {
        if (tries > 0 && ndi_xdb_reopen(s->x) != ND_OK)
            break;
        st = run_once(s, query, o, out);
    }
    return st;
}

uint64_t
nd_hits_total(const nd_hits *h)
{
    return h->total;
}

unsigned
nd_hits_offset(const nd_hits *h)
{
    return h->offset;
}

size_t
nd_hits_count(const nd_hits *h)
{
    return h->n;
}

const nd_article *
nd_hits_article(const nd_hits *h, size_t i)
{
    return i < h->n ? h->v[i].a : NULL;
}

unsigned
nd_hits_rank(const nd_hits *h, size_t i)
{
    return i < h->n ? h->v[i].rank : 0;
}

double
nd_hits_score(const nd_hits *h, size_t i)
{
    return i < h->n ? h->v[i].score : 0.0;
}

const char *
nd_hits_snippet(const nd_hits *h, size_t i)
{
    return i < h->n && h->v[i].snippet != NULL ? h->v[i].snippet : "";
}

const char *
nd_hits_cluster(const nd_hits *h, size_t i)
{
    return i < h->n && h->v[i].cluster[0] != '\0' ? h->v[i].cluster : NULL;
}

uint64_t
nd_hits_duplicates(const nd_hits *h, size_t i)
{
    return i < h->n ? h->v[i].duplicates : 0;
}

const char *
nd_hits_duplicate_id(const nd_hits *h, size_t i, size_t j)
{
    return i < h->n && j < h->v[i].ndup_ids ? h->v[i].dup_ids[j] : NULL;
}

/* ---- statistics ------------------------------------------------------ */

static nd_status
count_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    (void)term;
    (void)len;
    (void)freq;
    (*(uint64_t *)ctx)++;
    return ND_OK;
}

static nd_status
count_meta(void *ctx, const char *key, size_t klen, const char *value,
           size_t vlen)
{
    (void)key;
    (void)klen;
    (void)value;
    if (vlen > 0)
        (*(uint64_t *)ctx)++;
    return ND_OK;
}

static uint64_t
dir_bytes(const char *path)
{
    uint64_t total = 0;
    DIR *d = opendir(path);
    if (d == NULL)
        return 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        struct stat sb;
        if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
    }
    closedir(d);
    return total;
}

nd_status
nd_search_stats(nd_search *s, nd_collection_stats *out)
{
    memset(out, 0, sizeof *out);
    if (s->x == NULL)
        return ndi_fail(&s->hdr, ND_EINVAL, "no collection open");
    nd_buf lo = {0}, hi = {0};
    ndi_hdr_init(&lo.hdr);
    ndi_hdr_init(&hi.hdr);
    nd_status st = ndi_xdb_doccount(s->x, &out->articles);
    if (st == ND_OK)
        st = ndi_xdb_each_term(s->x, NDI_P_SOURCE, count_term, &out->sources);
    if (st == ND_OK)
        st = ndi_xdb_each_meta(s->x, NDI_META_FILE, count_meta, &out->files);
    if (st == ND_OK)
        st = ndi_xdb_value_bounds(s->x, NDI_SLOT_TIME, &lo, &hi);
    if (st == ND_OK && lo.len > 0 && out->articles > 0) {
        out->has_dates = 1;
        out->first_date = (int64_t)ndi_x_unsortable(lo.data, lo.len);
        out->last_date = (int64_t)ndi_x_unsortable(hi.data, hi.len);
    }
    free(lo.data);
    free(hi.data);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
    out->disk_bytes = dir_bytes(s->path);
    out->schema = NDI_SCHEMA_VERSION;
    return ND_OK;
}
