/* SPDX-License-Identifier: MIT */
/*
 * search.c - queries against a collection: the query language's fields,
 * ranked hits with their stored metadata, and snippets cut from the full
 * text stored in the collection itself.
 */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "index.h"
#include "ndi.h"
#include "normalize.h"
#include "record.h"
#include "schema.h"
#include "search.h"
#include "xdb.h"

/* Times a query is retried when the collection changes under it. */
#define MODIFIED_RETRIES 5

struct nd_search {
    ndi_hdr hdr;
    ndi_xdb *x;
    char *path;
};

/* Entity-aware matching: the bonus of a query word naming an entity is
 * ENTITY_WEIGHT * (1 + ln(N / df)) (xdb.h). */
#define ENTITY_WEIGHT 1.0
/* --recent: score + RECENT_WEIGHT * 0.5^(age / RECENT_HALFLIFE), age
 * counted back from the newest article of the collection. */
#define RECENT_WEIGHT 2.0
#define RECENT_HALFLIFE (30.0 * 86400.0)
/* Entries kept per facet; related entities. */
#define FACET_MAX 50
#define RELATED_MAX 10
/* Fewer matches than this and a spelling correction is suggested. */
#define SUGGEST_BELOW 10

/* A name with a number: facet entries, histogram buckets. */
typedef struct nd_count {
    char *name;
    double n;
    int type; /* related: nd_entity_type */
} nd_count;

typedef struct counts {
    nd_count *v;
    size_t n, cap;
} counts;

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
    counts facet[ND_FACET_COUNT];
    counts related;
    counts hist;
    nd_period period;
    int facets;
    char *suggestion;
    nd_buf explain;
};

/* Fields of the query language (README "Query syntax"). */
static const ndi_xfield fields[] = {
    {"title", NDI_P_TITLE, 0, 0, NULL},
    {"byline", NDI_P_BYLINE, 0, 0, NULL},
    {"source", NDI_P_SOURCE, 1, NDI_XFIELD_LOWER, NULL},
    {"lang", NDI_P_LANG, 1, NDI_XFIELD_LOWER, NULL},
    {"person", NDI_P_PERSON, 1, NDI_XFIELD_LOWER, NDI_P_PERSON_ALIAS},
    {"place", NDI_P_PLACE, 1, NDI_XFIELD_LOWER, NDI_P_PLACE_ALIAS},
    {"org", NDI_P_ORG, 1, NDI_XFIELD_LOWER, NDI_P_ORG_ALIAS},
    {"format", NDI_P_FORMAT, 1, NDI_XFIELD_LOWER, NULL},
    {"id", NDI_P_ID, 1, 0, NULL},
    {"date", "", 1, NDI_XFIELD_DATE, NULL},
};

/* Terms naming entities, for entity-aware matching and related
 * entities; the index of each is its nd_entity_type modulo 3. */
static const char *const entity_prefixes[] = {
    NDI_P_PERSON,       NDI_P_PLACE,       NDI_P_ORG,
    NDI_P_PERSON_ALIAS, NDI_P_PLACE_ALIAS, NDI_P_ORG_ALIAS,
};

static const char *const entity_names[ND_ENT_COUNT] = {"person", "place",
                                                       "org"};

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

/* A writer may be creating the collection, or swapping in a compacted or
 * merged copy of it, just as a reader opens it: an open that fails while
 * the path exists is tried again, a little later, this many times. */
#define OPEN_RETRIES 8
#define OPEN_RETRY_MS 25

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static nd_status
open_once(nd_search *s, const char *path)
{
    ndi_xdb_free(s->x);
    s->x = NULL;
    ndi_clear(&s->hdr);
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

nd_status
nd_search_open(nd_search *s, const char *path)
{
    char *p = ndi_strndup(path, strlen(path)); /* 'path' may be s->path */
    if (p == NULL)
        return ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
    free(s->path);
    s->path = p;
    nd_status st = ND_OK;
    for (int tries = 0; tries < OPEN_RETRIES; tries++) {
        struct stat sb;
        if (stat(p, &sb) != 0) {
            ndi_xdb_free(s->x);
            s->x = NULL;
            return ndi_fail(&s->hdr, ND_ENOTFOUND, "%s: no such collection", p);
        }
        if (tries > 0)
            sleep_ms(OPEN_RETRY_MS);
        st = open_once(s, p);
        if (st == ND_OK || st == ND_ENOMEM || st == ND_EVERSION)
            break;
    }
    return st;
}

static void
counts_free(counts *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].name);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static nd_status
counts_add(counts *c, const char *name, size_t len, double n, int type)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        nd_count *v = realloc(c->v, cap * sizeof *v);
        if (v == NULL)
            return ND_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    char *s = ndi_strndup(name, len);
    if (s == NULL)
        return ND_ENOMEM;
    c->v[c->n++] = (nd_count){s, n, type};
    return ND_OK;
}

/* Largest first, then by name. */
static int
by_count(const void *a, const void *b)
{
    const nd_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const nd_count *)a)->name, ((const nd_count *)b)->name);
}

/* Sort by name and add up the counts of equal names. */
static void
counts_merge(counts *c)
{
    if (c->n == 0)
        return;
    qsort(c->v, c->n, sizeof *c->v, by_name);
    size_t k = 0;
    for (size_t i = 1; i < c->n; i++) {
        if (strcmp(c->v[i].name, c->v[k].name) == 0) {
            c->v[k].n += c->v[i].n;
            free(c->v[i].name);
        } else {
            c->v[++k] = c->v[i];
        }
    }
    c->n = k + 1;
}

/* Largest first, at most 'max' kept. */
static void
counts_top(counts *c, size_t max)
{
    if (c->n > 0)
        qsort(c->v, c->n, sizeof *c->v, by_count);
    while (c->n > max)
        free(c->v[--c->n].name);
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
    for (int f = 0; f < ND_FACET_COUNT; f++)
        counts_free(&h->facet[f]);
    counts_free(&h->related);
    counts_free(&h->hist);
    free(h->suggestion);
    free(h->explain.data);
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

/* ---- date: ------------------------------------------------------------ */

/* Read 'n' (1..max) digits at s[*i]; -1 if none. */
static long
digits(const char *s, size_t len, size_t *i, int max)
{
    long v = 0;
    int k = 0;
    while (*i < len && k < max && isdigit((unsigned char)s[*i])) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k > 0 ? v : -1;
}

static double
clamp_time(double t)
{
    return t < (double)NDI_TIME_MIN   ? (double)NDI_TIME_MIN
           : t > (double)NDI_TIME_MAX ? (double)NDI_TIME_MAX
                                      : t;
}

/* One end of a range: its first second ('upper' 0) or its last. */
static int
date_bound(const char *s, size_t len, int64_t now, int upper, double *out)
{
    size_t i = 0;
    long n = digits(s, len, &i, 9);
    if (n < 0)
        return 0;
    /* relative: 30d, 2w, 12h, 6m, 1y before now */
    if (i + 1 == len && i <= 6 && strchr("hdwmy", s[i]) != NULL) {
        static const struct {
            char unit;
            double secs;
        } units[] = {{'h', 3600.0},
                     {'d', 86400.0},
                     {'w', 7 * 86400.0},
                     {'m', 30 * 86400.0},
                     {'y', 365 * 86400.0}};
        for (size_t u = 0; u < NDI_ARRAY_LEN(units); u++)
            if (units[u].unit == s[i])
                *out = clamp_time((double)now - (double)n * units[u].secs);
        return 1;
    }
    /* a full time: that instant */
    if (len > 10) {
        int64_t t;
        if (!ndi_date_parse(s, len, &t))
            return 0;
        *out = (double)t;
        return 1;
    }
    long year = n, month = 0, day = 0;
    if (i < len && s[i] == '-') {
        i++;
        if ((month = digits(s, len, &i, 2)) < 1 || month > 12)
            return 0;
        if (i < len && s[i] == '-') {
            i++;
            if ((day = digits(s, len, &i, 2)) < 1)
                return 0;
        }
    }
    if (i != len)
        return 0;
    /* what the index cannot hold is clamped, not an error */
    if (year < 1) {
        *out = (double)NDI_TIME_MIN;
        return 1;
    }
    if (year > 9999) {
        *out = (double)NDI_TIME_MAX;
        return 1;
    }
    if (day > 0) {
        char iso[16];
        int64_t t;
        snprintf(iso, sizeof iso, "%04ld-%02ld-%02ld", year, month, day);
        if (!ndi_date_parse(iso, strlen(iso), &t))
            return 0; /* no such day */
        *out = (double)(upper ? t + 86399 : t);
    } else if (month > 0) {
        int64_t t = ndi_timegm(year, (int)month, 1, 0, 0, 0);
        *out =
            (double)(upper ? (month == 12 ? ndi_timegm(year + 1, 1, 1, 0, 0, 0)
                                          : ndi_timegm(year, (int)month + 1, 1,
                                                       0, 0, 0)) -
                                 1
                           : t);
    } else {
        *out = (double)(upper ? ndi_timegm(year + 1, 1, 1, 0, 0, 0) - 1
                              : ndi_timegm(year, 1, 1, 0, 0, 0));
    }
    *out = clamp_time(*out);
    return 1;
}

int
ndi_search_date_range(const char *s, size_t len, int64_t now, double *lo,
                      double *hi)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    if (dots == NULL) {
        /* a period; a relative time alone means "since then" */
        if (!date_bound(s, len, now, 0, lo))
            return 0;
        if (len > 0 && isalpha((unsigned char)s[len - 1])) {
            *hi = (double)NDI_TIME_MAX;
            return 1;
        }
        return date_bound(s, len, now, 1, hi);
    }
    size_t llen = (size_t)(dots - s);
    const char *r = dots + 2;
    size_t rlen = len - llen - 2;
    if (llen == 0 && rlen == 0)
        return 0;
    *lo = (double)NDI_TIME_MIN;
    *hi = (double)NDI_TIME_MAX;
    if (llen > 0 && !date_bound(s, llen, now, 0, lo))
        return 0;
    if (rlen > 0 && !date_bound(r, rlen, now, 1, hi))
        return 0;
    return 1;
}

/* What one query run learns while its text is parsed. */
typedef struct qctx {
    int64_t now;
    int ndates;
    double lo, hi;
} qctx;

static int
date_cb(void *vctx, const char *value, size_t len, double *lo, double *hi)
{
    qctx *c = vctx;
    if (!ndi_search_date_range(value, len, c->now, lo, hi))
        return 0;
    if (c->ndates++ == 0) {
        c->lo = *lo;
        c->hi = *hi;
    } else {
        /* several date: filters: explained as their span */
        c->lo = *lo < c->lo ? *lo : c->lo;
        c->hi = *hi > c->hi ? *hi : c->hi;
    }
    return 1;
}

/* ---- what the spy counted ------------------------------------------ */

typedef struct spyctx {
    nd_hits *h;
    nd_period period;
    int facets;
} spyctx;

static nd_status
spy_entity(void *vctx, const char *s, size_t len, double n)
{
    nd_hits *h = ((spyctx *)vctx)->h;
    static const char types[] = "PLO";
    if (len < 2)
        return ND_OK;
    const char *t = memchr(types, s[0], 3);
    if (t == NULL)
        return ND_OK;
    return counts_add(&h->facet[t - types], s + 1, len - 1, n, 0);
}

static nd_status
spy_source(void *vctx, const char *s, size_t len, double n)
{
    return counts_add(&((spyctx *)vctx)->h->facet[ND_FACET_SOURCE], s, len, n,
                      0);
}

/* A day (number since the epoch) as its month (facet) and as its
 * histogram period. */
static nd_status
spy_day(void *vctx, const char *s, size_t len, double n)
{
    spyctx *c = vctx;
    char num[32], iso[32];
    if (len >= sizeof num)
        return ND_OK;
    memcpy(num, s, len);
    num[len] = '\0';
    ndi_date_format((int64_t)strtoll(num, NULL, 10) * 86400, iso);
    nd_status st = ND_OK;
    if (c->facets)
        st = counts_add(&c->h->facet[ND_FACET_MONTH], iso, 7, n, 0);
    if (st == ND_OK && c->period != ND_PERIOD_NONE)
        st = counts_add(&c->h->hist, iso,
                        c->period == ND_PERIOD_YEAR    ? 4
                        : c->period == ND_PERIOD_MONTH ? 7
                                                       : 10,
                        n, 0);
    return st;
}

static nd_status
related_term(void *vctx, const char *s, size_t len, double n)
{
    nd_hits *h = vctx;
    for (int t = 0; t < ND_ENT_COUNT; t++) {
        size_t pl = strlen(entity_prefixes[t]);
        if (len > pl && memcmp(s, entity_prefixes[t], pl) == 0)
            return counts_add(&h->related, s + pl, len - pl, n, t);
    }
    return ND_OK;
}

static nd_status
explain_entity(void *vctx, const char *s, size_t len, double n)
{
    nd_buf *b = vctx;
    for (size_t t = 0; t < NDI_ARRAY_LEN(entity_prefixes); t++) {
        size_t pl = strlen(entity_prefixes[t]);
        if (len > pl && memcmp(s, entity_prefixes[t], pl) == 0)
            return ndi_buf_printf(b, "entity: %s%s \"%.*s\" (bonus %.2f)\n",
                                  entity_names[t % 3], t >= 3 ? " (alias)" : "",
                                  (int)(len - pl), s + pl, n);
    }
    return ND_OK;
}

/* The --explain text. */
static nd_status
explain(nd_hits *h, ndi_xmset *m, const char *query, const nd_search_opts *o,
        const qctx *c)
{
    nd_buf *b = &h->explain;
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    nd_status st = ndi_buf_printf(b, "query: %s\n", query);
    if (st == ND_OK)
        st = ndi_xmset_description(m, &tmp);
    if (st == ND_OK)
        st = ndi_buf_printf(b, "understood as: %s\n", nd_buf_data(&tmp));
    if (st == ND_OK)
        st = ndi_xmset_entities(m, explain_entity, b);
    if (st == ND_OK && c->ndates > 0) {
        char lo[32], hi[32];
        ndi_date_format((int64_t)c->lo, lo);
        ndi_date_format((int64_t)c->hi, hi);
        st = ndi_buf_printf(b, "date filter: %s .. %s (UTC, inclusive)\n", lo,
                            hi);
    }
    /* field filters as typed */
    for (const char *p = query; st == ND_OK && *p != '\0';) {
        while (*p == ' ')
            p++;
        const char *e = p;
        int quoted = 0;
        while (*e != '\0' && (quoted || *e != ' '))
            quoted ^= *e++ == '"';
        const char *colon = memchr(p, ':', (size_t)(e - p));
        if (colon != NULL && !(colon - p == 4 && memcmp(p, "date", 4) == 0))
            st = ndi_buf_printf(b, "filter: %.*s\n", (int)(e - p), p);
        p = e;
    }
    static const char *const sorts[] = {"relevance", "date (newest first)",
                                        "date (oldest first)"};
    if (st == ND_OK)
        st = ndi_buf_printf(
            b, "sort: %s%s\n", sorts[o->sort <= ND_SORT_OLDEST ? o->sort : 0],
            o->recent ? ", blended with recency (--recent)" : "");
    if (st == ND_OK && o->like != NULL)
        st = ndi_buf_printf(b, "like: articles similar to %s\n", o->like);
    if (st == ND_OK && o->no_entities)
        st = ndi_buf_puts(b, "entity-aware matching: off\n");
    free(tmp.data);
    return st;
}

/* The hit's entities from their value slot, unless its record gave them. */
static nd_status
hit_entities(nd_search *s, ndi_xmset *m, size_t i, hit *h, nd_buf *tmp)
{
    if (nd_article_entity_count(h->a) > 0)
        return ND_OK;
    nd_status st = ndi_xmset_value(m, i, NDI_SLOT_ENTITIES, tmp);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "%s", nd_errmsg(m));
    const char *p = tmp->data, *end = tmp->data + tmp->len;
    while (p != NULL && p < end && st == ND_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        nd_entity_type t = *p == 'P'   ? ND_ENT_PERSON
                           : *p == 'L' ? ND_ENT_PLACE
                                       : ND_ENT_ORG;
        if (le - p > 1)
            st = nd_article_add_entity(h->a, t, p + 1, (size_t)(le - p - 1));
        p = le + 1;
    }
    return st == ND_OK ? ND_OK : ndi_fail(&s->hdr, st, "out of memory");
}

/* Facets, histogram, related entities and the spelling suggestion. */
static nd_status
collect(nd_search *s, nd_hits *h, ndi_xmset *m, const nd_search_opts *o)
{
    spyctx sc = {h, o->histogram, o->facets};
    nd_status st = ND_OK;
    if (o->facets) {
        st = ndi_xmset_spy(m, 0, spy_entity, &sc);
        if (st == ND_OK)
            st = ndi_xmset_spy(m, 1, spy_source, &sc);
        if (st == ND_OK)
            st = ndi_xmset_related(m, related_term, h);
    }
    if (st == ND_OK && (o->facets || o->histogram != ND_PERIOD_NONE))
        st = ndi_xmset_spy(m, 2, spy_day, &sc);
    if (st != ND_OK)
        return ndi_fail(&s->hdr, st, "out of memory");
    counts_merge(&h->facet[ND_FACET_MONTH]);
    for (int f = 0; f < ND_FACET_COUNT; f++)
        counts_top(&h->facet[f], FACET_MAX);
    counts_merge(&h->hist);
    h->period = o->histogram;
    h->facets = o->facets;
    if (h->total < SUGGEST_BELOW) {
        nd_buf b = {0};
        ndi_hdr_init(&b.hdr);
        st = ndi_xmset_spelling(m, &b);
        if (st == ND_OK && b.len > 0 &&
            (h->suggestion = ndi_strndup(b.data, b.len)) == NULL)
            st = ND_ENOMEM;
        free(b.data);
    }
    return st == ND_OK ? ND_OK : ndi_fail(&s->hdr, st, "out of memory");
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
    qctx qc = {.now = o->now != 0 ? o->now : (int64_t)time(NULL)};
    char like[64] = "";
    if (o->like != NULL)
        snprintf(like, sizeof like, "%s%s", NDI_P_ID, o->like);
    ndi_xquery q = {
        .text = query,
        .fields = fields,
        .nfields = NDI_ARRAY_LEN(fields),
        .lang = "en",
        .lang_prefix = NDI_P_LANG,
        .offset = o->offset,
        .count = o->count,
        .tiebreak_slot = NDI_SLOT_ID,
        .max_wildcard = 100,
        .date_fn = date_cb,
        .date_ctx = &qc,
        .date_slot = NDI_SLOT_TIME,
        .sort = o->sort == ND_SORT_DATE     ? 1
                : o->sort == ND_SORT_OLDEST ? 2
                                            : 0,
        .sort_slot = NDI_SLOT_TIME,
        .entity_prefixes = o->no_entities ? NULL : entity_prefixes,
        .nentity_prefixes = o->no_entities ? 0 : NDI_ARRAY_LEN(entity_prefixes),
        .entity_weight = ENTITY_WEIGHT,
        .like_term = o->like != NULL ? like : NULL,
        .like_terms = 40,
        .spy = o->facets || o->histogram != ND_PERIOD_NONE,
        .spy_list_slot = NDI_SLOT_ENTITIES,
        .spy_source_slot = NDI_SLOT_SOURCE,
        .spy_time_slot = NDI_SLOT_TIME,
        .related = o->facets ? RELATED_MAX : 0,
        .related_prefixes = entity_prefixes,
        .nrelated_prefixes = 3,
        .spelling = 1,
        .collapse = o->collapse,
        .collapse_slot = NDI_SLOT_CLUSTER,
    };
    ndi_xmset *m = NULL;
    nd_hits *h = NULL;
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    nd_status st = ND_OK;
    if (o->recent) {
        /* recency counts back from the newest article, so an archive of
         * 1987 still has recent articles */
        nd_buf lo = {0};
        ndi_hdr_init(&lo.hdr);
        st = ndi_xdb_value_bounds(s->x, NDI_SLOT_TIME, &lo, &tmp);
        if (st == ND_OK && tmp.len > 0) {
            q.recent_now = ndi_x_unsortable(tmp.data, tmp.len);
            q.recent_weight = RECENT_WEIGHT;
            q.recent_halflife = RECENT_HALFLIFE;
        }
        free(lo.data);
        if (st != ND_OK) {
            free(tmp.data);
            return ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
        }
    }
    st = ndi_xdb_search(s->x, &q, &m);
    if (st != ND_OK) {
        free(tmp.data);
        if (st == ND_EQUERY)
            return ndi_fail(&s->hdr, st, "cannot parse the query '%s': %s",
                            query, nd_errmsg(s->x));
        if (st == ND_ENOTFOUND && o->like != NULL)
            return ndi_fail(&s->hdr, st, "--like %s: no such article", o->like);
        return ndi_fail(&s->hdr, st, "%s: %s", s->path, nd_errmsg(s->x));
    }
    h = calloc(1, sizeof *h);
    size_t n = ndi_xmset_size(m);
    if (h == NULL || (n > 0 && (h->v = calloc(n, sizeof *h->v)) == NULL)) {
        st = ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
        goto out;
    }
    ndi_hdr_init(&h->hdr);
    ndi_hdr_init(&h->explain.hdr);
    h->total = ndi_xmset_total(m);
    h->offset = o->offset;
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        hit *x = &h->v[h->n++];
        x->rank = o->offset + (unsigned)i + 1;
        x->score = ndi_xmset_weight(m, i);
        st = load_hit(s, m, i, x, o, &tmp);
        if (st == ND_OK)
            st = hit_entities(s, m, i, x, &tmp);
        if (st == ND_OK)
            st = load_cluster(s, m, i, x, o, &tmp);
    }
    if (st == ND_OK)
        st = collect(s, h, m, o);
    if (st == ND_OK && explain(h, m, query, o, &qc) != ND_OK)
        st = ndi_fail(&s->hdr, ND_ENOMEM, "out of memory");
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
    if ((st == ND_EIO || st == ND_EXAPIAN || st == ND_ECORRUPT) &&
        s->path != NULL) {
        /* a compaction or merge swapped the collection's files under us:
         * open it again from its path, once */
        char msg[NDI_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", s->hdr.errmsg);
        if (nd_search_open(s, s->path) == ND_OK)
            st = run_once(s, query, o, out);
        else
            ndi_fail(&s->hdr, st, "%s", msg);
        if (st == ND_EMODIFIED)
            st = ndi_fail(&s->hdr, st,
                          "the collection changed during the query");
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

size_t
nd_hits_facet_count(const nd_hits *h, nd_facet f)
{
    return f < ND_FACET_COUNT ? h->facet[f].n : 0;
}

const char *
nd_hits_facet(const nd_hits *h, nd_facet f, size_t i, uint64_t *count_out)
{
    if (f >= ND_FACET_COUNT || i >= h->facet[f].n)
        return NULL;
    *count_out = (uint64_t)h->facet[f].v[i].n;
    return h->facet[f].v[i].name;
}

const char *
nd_hits_related(const nd_hits *h, size_t i, nd_entity_type *type_out,
                double *weight_out)
{
    if (i >= h->related.n)
        return NULL;
    *type_out = (nd_entity_type)h->related.v[i].type;
    *weight_out = h->related.v[i].n;
    return h->related.v[i].name;
}

int
nd_hits_has_facets(const nd_hits *h)
{
    return h->facets;
}

nd_period
nd_hits_histogram_period(const nd_hits *h)
{
    return h->period;
}

const char *
nd_hits_histogram(const nd_hits *h, size_t i, uint64_t *count_out)
{
    if (i >= h->hist.n)
        return NULL;
    *count_out = (uint64_t)h->hist.v[i].n;
    return h->hist.v[i].name;
}

const char *
nd_hits_suggestion(const nd_hits *h)
{
    return h->suggestion != NULL ? h->suggestion : "";
}

const char *
nd_hits_explain(const nd_hits *h)
{
    return nd_buf_data(&h->explain);
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
        else if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
                 S_ISDIR(sb.st_mode) && strncmp(de->d_name, "shard", 5) == 0) {
            /* a sharded collection's shard0.. (doc/index.md) */
            size_t n = strlen(path) + strlen(de->d_name) + 2;
            char *sub = malloc(n);
            if (sub != NULL) {
                snprintf(sub, n, "%s/%s", path, de->d_name);
                total += dir_bytes(sub);
                free(sub);
            }
        }
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
