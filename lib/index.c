/* SPDX-License-Identifier: MIT */
/*
 * index.c - the index builder: an nd_article becomes a Xapian document
 * (terms with positions and stems, boolean terms for ids, dates, entities
 * and sources, Omega-style data, the compressed record in a value), and
 * the writer keeps articles and per-file state in the same commits.
 */
#include <config.h>

#include "index.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include "article.h"
#include "ner.h"
#include "normalize.h"
#include "record.h"
#include "schema.h"
#include "simhash.h"

/* Articles per commit unless set otherwise: measured on 10k generated
 * articles, 500-1000 index fastest with the least memory; 4000 is 35% slower
 * and uses 3x the memory (Xapian buffers a transaction in memory). */
#define DEFAULT_BATCH 1000
/* Text per commit: keeps the writer's memory bounded for long articles. */
#define BATCH_TEXT_BYTES (32u << 20)

struct nd_indexer {
    ndi_hdr hdr;
    ndi_xdb *x;
    char *path;
    unsigned batch;
    unsigned pending;
    size_t pending_bytes;
    nd_buf tmp, key;
    unsigned shards; /* nd_indexer_set_shards */
    int merge;       /* shards to be merged into one database on close */
    int parallel;    /* ndi_indexer_set_parallel: writers, -1 per core */
};

/* Writer threads for a new collection by default: one per core, at most
 * this many (each holds a batch of its own in memory). */
#define MAX_WRITERS 4
/* Metadata: the shards are to be merged into one database when the run
 * ends (a default build, written by parallel writers). */
#define META_MERGE "XMERGE"
/* Metadata: near-duplicate clusters are to be found in one pass over the
 * collection (articles written by parallel writers joined none). */
#define META_CLUSTER "XCLUSTER"

static nd_status cluster_pass(nd_indexer *ix);

/* ---- terms -------------------------------------------------------- */

/* Append 'prefix' + 'value' as one term; values that would pass Xapian's
 * term length limit keep their first bytes and end in a hash of all. */
static nd_status
term(nd_buf *out, const char *prefix, const char *value, size_t len, int lower)
{
    nd_buf_clear(out);
    nd_status st = ndi_buf_puts(out, prefix);
    if (st != ND_OK)
        return st;
    if (!lower) {
        st = nd_buf_append(out, value, len);
    } else {
        const unsigned char *p = (const unsigned char *)value;
        for (size_t i = 0; i < len && st == ND_OK;) {
            uint32_t cp;
            size_t n = ndi_utf8_decode(p + i, len - i, &cp);
            if (n == 0) {
                i++;
                continue;
            }
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t k = utf8proc_encode_char(
                utf8proc_tolower((utf8proc_int32_t)cp), enc);
            st = nd_buf_append(out, enc, (size_t)k);
            i += n;
        }
    }
    if (st != ND_OK || out->len <= NDI_TERM_MAX)
        return st;
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, ndi_hash64(out->data, out->len));
    size_t keep = NDI_TERM_MAX - 17;
    while (keep > 0 && ((unsigned char)out->data[keep] & 0xC0) == 0x80)
        keep--; /* whole characters only */
    out->len = keep;
    st = ndi_buf_putc(out, '#');
    if (st == ND_OK)
        st = ndi_buf_puts(out, hex);
    return st;
}

static nd_status
add_term(ndi_xdoc *d, nd_buf *t, const char *prefix, const char *value,
         size_t len, int lower)
{
    if (len == 0)
        return ND_OK;
    nd_status st = term(t, prefix, value, len, lower);
    if (st == ND_OK)
        st = ndi_xdoc_term(d, t->data, t->len, 0);
    return st;
}

/* ---- document data (Omega's name=value lines plus ours) ------------ */

static nd_status
data_line(nd_buf *out, const char *name, const char *value, size_t max)
{
    if (value == NULL || *value == '\0')
        return ND_OK;
    nd_status st = ndi_buf_printf(out, "%s=", name);
    size_t n = strlen(value);
    if (max > 0 && n > max) {
        n = max;
        while (n > 0 && ((unsigned char)value[n] & 0xC0) == 0x80)
            n--;
    }
    /* one line per field: newlines (body paragraphs) become spaces */
    for (size_t i = 0; i < n && st == ND_OK; i++)
        st = ndi_buf_putc(out, value[i] == '\n' ? ' ' : value[i]);
    if (st == ND_OK)
        st = ndi_buf_putc(out, '\n');
    return st;
}

static nd_status
build_data(const nd_article *a, nd_buf *out)
{
    char date[32];
    nd_status st = ND_OK;
    const char *url = nd_article_get(a, ND_F_URL);
    ndi_date_format(nd_article_date(a), date);
    nd_buf path = {0};
    ndi_hdr_init(&path.hdr);
    st = ndi_pct_encode(nd_article_get(a, ND_F_PATH),
                        strlen(nd_article_get(a, ND_F_PATH)), &path);
    if (st == ND_OK)
        st = data_line(out, "url", *url != '\0' ? url : nd_buf_data(&path), 0);
    if (st == ND_OK)
        st = data_line(out, "caption", nd_article_title(a), 0);
    if (st == ND_OK)
        st = data_line(out, "sample", nd_article_body(a), 300);
    if (st == ND_OK)
        st = data_line(out, "author", nd_article_get(a, ND_F_BYLINE), 0);
    if (st == ND_OK)
        st = data_line(out, "dateline", nd_article_get(a, ND_F_DATELINE), 0);
    if (st == ND_OK && nd_article_datesrc(a) != ND_DATE_NONE)
        st = ndi_buf_printf(out, "modtime=%" PRId64 "\ndate=%s\n",
                            nd_article_date(a), date);
    if (st == ND_OK)
        st =
            ndi_buf_printf(out, "size=%zu\ntype=text/plain\nitem=%" PRIu32 "\n",
                           ndi_article_body_len(a), nd_article_item(a));
    if (st == ND_OK)
        st = data_line(out, "id", nd_article_get(a, ND_F_ID), 0);
    if (st == ND_OK)
        st = data_line(out, "path", nd_buf_data(&path), 0);
    if (st == ND_OK)
        st = data_line(out, "source", nd_article_get(a, ND_F_SOURCE), 0);
    if (st == ND_OK)
        st = data_line(out, "docno", nd_article_get(a, ND_F_DOCNO), 0);
    if (st == ND_OK)
        st = data_line(out, "lang", nd_article_get(a, ND_F_LANG), 0);
    if (st == ND_OK)
        st = data_line(out, "format", nd_article_get(a, ND_F_FORMAT), 0);
    free(path.data);
    return st;
}

/* ---- prepare ------------------------------------------------------- */

static nd_status
put_dates(ndi_xdoc *d, nd_buf *t, const nd_article *a)
{
    if (nd_article_datesrc(a) == ND_DATE_NONE)
        return ND_OK;
    int64_t secs = nd_article_date(a);
    char iso[32];
    ndi_date_format(secs, iso);
    char ymd[9] = {iso[0], iso[1], iso[2], iso[3], iso[5],
                   iso[6], iso[8], iso[9], '\0'};
    nd_status st = add_term(d, t, NDI_P_DAY, ymd, 8, 0);
    if (st == ND_OK)
        st = add_term(d, t, NDI_P_MONTH, ymd, 6, 0);
    if (st == ND_OK)
        st = add_term(d, t, NDI_P_YEAR, ymd, 4, 0);
    /* Omega's 4-byte big-endian seconds: what it cannot hold is clamped. */
    uint32_t v = secs < 0                     ? 0
                 : secs > (int64_t)UINT32_MAX ? UINT32_MAX
                                              : (uint32_t)secs;
    unsigned char be[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v};
    if (st == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_DATE, be, 4);
    if (st == ND_OK && (st = ndi_x_sortable((double)secs, t)) == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_TIME, t->data, t->len);
    return st;
}

static const char *const alias_prefix[ND_ENT_COUNT] = {
    [ND_ENT_PERSON] = NDI_P_PERSON_ALIAS,
    [ND_ENT_PLACE] = NDI_P_PLACE_ALIAS,
    [ND_ENT_ORG] = NDI_P_ORG_ALIAS,
};
static const char alias_type[ND_ENT_COUNT] = {
    [ND_ENT_PERSON] = 'P', [ND_ENT_PLACE] = 'L', [ND_ENT_ORG] = 'O'};

typedef struct alias_ctx {
    ndi_xdoc *d;
    nd_buf *t;
    nd_entity_type type;
    const char *name;
    nd_buf *aliases;
} alias_ctx;

/* An alias term, and a line for the collection's alias table (people and
 * organisations: places have their gazetteer). */
static nd_status
put_alias(void *vctx, const char *alias, size_t len)
{
    alias_ctx *c = vctx;
    nd_status st = add_term(c->d, c->t, alias_prefix[c->type], alias, len, 1);
    if (st == ND_OK && c->type != ND_ENT_PLACE && len < 200 &&
        strchr(c->name, '\t') == NULL)
        st = ndi_buf_printf(c->aliases, "%c\t%.*s\t%s\n", alias_type[c->type],
                            (int)len, alias, c->name);
    return st;
}

static nd_status
put_entities(ndi_xdoc *d, nd_buf *t, const nd_article *a, nd_buf *aliases,
             nd_buf *lones)
{
    static const char *const prefix[ND_ENT_COUNT] = {
        [ND_ENT_PERSON] = NDI_P_PERSON,
        [ND_ENT_PLACE] = NDI_P_PLACE,
        [ND_ENT_ORG] = NDI_P_ORG,
    };
    nd_status st = ND_OK;
    for (size_t i = 0; i < nd_article_entity_count(a) && st == ND_OK; i++) {
        nd_entity_type type;
        const char *name = nd_article_entity(a, i, &type);
        st = add_term(d, t, prefix[type], name, strlen(name), 1);
        alias_ctx ac = {d, t, type, name, aliases};
        if (st == ND_OK)
            st = ndi_ner_aliases(type, name, put_alias, &ac);
    }
    for (size_t i = 0; i < ndi_article_lone_count(a) && st == ND_OK; i++)
        st = ndi_buf_printf(lones, "%s\n", ndi_article_lone(a, i));
    return st;
}

/* The canonical entity list for facets and hits: a type letter and the
 * name, one a line (NDI_SLOT_ENTITIES). */
static nd_status
put_entity_value(ndi_xdoc *d, nd_buf *t, const nd_article *a)
{
    static const char letter[ND_ENT_COUNT] = {
        [ND_ENT_PERSON] = 'P', [ND_ENT_PLACE] = 'L', [ND_ENT_ORG] = 'O'};
    size_t n = nd_article_entity_count(a);
    if (n == 0)
        return ND_OK;
    nd_buf_clear(t);
    nd_status st = ND_OK;
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        nd_entity_type type;
        const char *name = nd_article_entity(a, i, &type);
        st = ndi_buf_printf(t, "%c%s\n", letter[type], name);
    }
    if (st == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_ENTITIES, t->data, t->len);
    return st;
}

/* Near-duplicates: the body's fingerprint (value) and its LSH bands and
 * digest as terms, so the writer finds similar articles by term lookup. */
static nd_status
put_fingerprint(ndi_xdoc *d, const char *body, size_t blen, ndi_prepared *out)
{
    char term[48];
    int k = snprintf(term, sizeof term, "%s%s", NDI_P_DIGEST, out->digest);
    nd_status st = ndi_xdoc_term(d, term, (size_t)k, 0);
    out->has_fp =
        st == ND_OK && ndi_simhash_compute(body, blen, &out->fp) == ND_OK;
    if (!out->has_fp)
        return st;
    for (unsigned b = 0; b < NDI_SIMHASH_BANDS && st == ND_OK; b++) {
        k = snprintf(term, sizeof term, "%s%02x%08" PRIx32, NDI_P_LSH, b,
                     ndi_simhash_band(&out->fp, b));
        st = ndi_xdoc_term(d, term, (size_t)k, 0);
    }
    unsigned char enc[NDI_SIMHASH_BYTES];
    ndi_simhash_encode(&out->fp, enc);
    if (st == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_FINGERPRINT, enc, sizeof enc);
    return st;
}

/* The directory part of a path. */
static size_t
dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? (size_t)(slash - path) : 0;
}

/* A hash of the fields that make an article what it is. */
static void
version_hash(const nd_article *a, const char *data, size_t dlen, char out[33])
{
    /* the data lines hold every indexed field but the body and entities */
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = nd_buf_append(&b, data, dlen);
    if (st == ND_OK)
        st = nd_buf_append(&b, nd_article_body(a), ndi_article_body_len(a) + 1);
    for (size_t i = 0; i < nd_article_entity_count(a) && st == ND_OK; i++) {
        nd_entity_type type;
        const char *name = nd_article_entity(a, i, &type);
        st = ndi_buf_printf(&b, "%d%s;", (int)type, name);
    }
    if (st == ND_OK)
        st = ndi_buf_printf(&b, "%d;", (int)nd_article_datesrc(a));
    if (st == ND_OK)
        ndi_hash128_hex(b.data, b.len, out);
    else
        memset(out, '0', 32), out[32] = '\0'; /* never equal to a real one */
    free(b.data);
}

nd_status
ndi_index_prepare(ndi_hdr *h, const nd_article *a, ndi_prepared *out)
{
    nd_buf t = {0}, data = {0};
    ndi_xdoc *d = NULL;
    ndi_hdr_init(&t.hdr);
    ndi_hdr_init(&data.hdr);
    memset(out, 0, sizeof *out);
    const char *id = nd_article_get(a, ND_F_ID);
    if (strlen(id) != 16)
        return ndi_fail(h, ND_EINVAL, "article has no id");
    nd_status st = ndi_xdoc_new(&d, nd_article_get(a, ND_F_LANG));
    if (st != ND_OK)
        return ndi_fail(h, st, "cannot create a document");

    const char *title = nd_article_title(a);
    const char *byline = nd_article_get(a, ND_F_BYLINE);
    const char *body = nd_article_body(a);
    size_t blen = ndi_article_body_len(a);
    /* Title: searchable alone (title:) and weighted in the free text. */
    st = ndi_xdoc_text(d, title, strlen(title), 1, NDI_P_TITLE);
    ndi_xdoc_gap(d, NDI_FIELD_GAP);
    if (st == ND_OK)
        st = ndi_xdoc_text(d, title, strlen(title), 3, "");
    ndi_xdoc_gap(d, NDI_FIELD_GAP);
    if (st == ND_OK)
        st = ndi_xdoc_text(d, byline, strlen(byline), 1, NDI_P_BYLINE);
    ndi_xdoc_gap(d, NDI_FIELD_GAP);
    if (st == ND_OK)
        st = ndi_xdoc_text(d, body, blen, 1, "");

    if (st == ND_OK)
        st = add_term(d, &t, NDI_P_ID, id, 16, 0);
    const char *url = nd_article_get(a, ND_F_URL);
    if (st == ND_OK)
        st = add_term(d, &t, NDI_P_URL, url, strlen(url), 0);
    const char *abs = nd_article_get(a, ND_F_ABSPATH);
    if (st == ND_OK) {
        /* terms are UTF-8: path bytes that are not are percent-encoded */
        nd_buf dir = {0};
        ndi_hdr_init(&dir.hdr);
        st = ndi_pct_encode(abs, dir_len(abs), &dir);
        if (st == ND_OK)
            st = add_term(d, &t, NDI_P_DIR, nd_buf_data(&dir), dir.len, 0);
        free(dir.data);
    }
    if (st == ND_OK) {
        char fh[17];
        snprintf(fh, sizeof fh, "%016" PRIx64, ndi_hash64(abs, strlen(abs)));
        st = add_term(d, &t, NDI_P_FILE, fh, 16, 0);
    }
    const char *lang = nd_article_get(a, ND_F_LANG);
    if (st == ND_OK)
        st = add_term(d, &t, NDI_P_LANG, lang, strlen(lang), 1);
    const char *src = nd_article_get(a, ND_F_SOURCE);
    if (st == ND_OK)
        st = add_term(d, &t, NDI_P_SOURCE, src, strlen(src), 1);
    const char *fmt = nd_article_get(a, ND_F_FORMAT);
    if (st == ND_OK)
        st = add_term(d, &t, NDI_P_FORMAT, fmt, strlen(fmt), 1);
    if (st == ND_OK)
        st = put_dates(d, &t, a);
    nd_buf aliases = {0}, lones = {0};
    ndi_hdr_init(&aliases.hdr);
    ndi_hdr_init(&lones.hdr);
    if (st == ND_OK)
        st = put_entities(d, &t, a, &aliases, &lones);
    if (st == ND_OK && aliases.len > 0)
        out->aliases = ndi_buf_steal(&aliases, NULL);
    if (st == ND_OK && lones.len > 0)
        out->lones = ndi_buf_steal(&lones, NULL);
    free(aliases.data);
    free(lones.data);

    /* Values. */
    if (st == ND_OK) {
        nd_buf_clear(&t);
        st = ndi_buf_puts(&t, title);
        if (st == ND_OK)
            st = nd_buf_append(&t, "\n", 1);
        if (st == ND_OK)
            st = nd_buf_append(&t, body, blen);
        if (st == ND_OK) {
            char hex[33];
            ndi_hash128_hex(t.data, t.len, hex);
            st = ndi_xdoc_value(d, NDI_SLOT_DIGEST, hex, 32);
            memcpy(out->digest, hex, 33);
        }
    }
    if (st == ND_OK)
        st = put_fingerprint(d, body, blen, out);
    if (st == ND_OK && (st = ndi_x_sortable((double)blen, &t)) == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_SIZE, t.data, t.len);
    if (st == ND_OK && *src != '\0')
        st = ndi_xdoc_value(d, NDI_SLOT_SOURCE, src, strlen(src));
    if (st == ND_OK)
        st = ndi_xdoc_value(d, NDI_SLOT_ID, id, 16);
    if (st == ND_OK)
        st = put_entity_value(d, &t, a);
    if (st == ND_OK) {
        nd_buf_clear(&t);
        st = nd_record_compress(a, &t);
        if (st == ND_OK)
            st = ndi_xdoc_value(d, NDI_SLOT_RECORD, t.data, t.len);
    }
    if (st == ND_OK)
        st = build_data(a, &data);
    if (st == ND_OK)
        st = ndi_xdoc_data(d, data.data, data.len);
    if (st == ND_OK) {
        version_hash(a, nd_buf_data(&data), data.len, out->version);
        st = ndi_xdoc_value(d, NDI_SLOT_VERSION, out->version, 32);
    }
    if (st != ND_OK) {
        char msg[NDI_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s",
                 *nd_errmsg(d) ? nd_errmsg(d) : nd_strerror(st));
        ndi_xdoc_free(d);
        free(t.data);
        free(data.data);
        return ndi_fail(h, st, "%s", msg);
    }
    ndi_xdoc_sealed(d);
    memcpy(out->id, id, 17);
    out->doc = d;
    out->text_bytes = blen + strlen(title);
    free(t.data);
    free(data.data);
    return ND_OK;
}

void
ndi_prepared_clear(ndi_prepared *p)
{
    ndi_xdoc_free(p->doc);
    p->doc = NULL;
    free(p->aliases);
    free(p->lones);
    p->aliases = p->lones = NULL;
}

/* ---- schema -------------------------------------------------------- */

nd_status
ndi_schema_check(ndi_xdb *x, ndi_hdr *h, const char *path, int writable)
{
    nd_buf v = {0};
    ndi_hdr_init(&v.hdr);
    nd_status st = ndi_xdb_get_meta(x, NDI_META_SCHEMA, &v);
    if (st != ND_OK) {
        free(v.data);
        return ndi_pass(h, (const ndi_hdr *)x, st);
    }
    if (v.len == 0) {
        uint64_t n = 0;
        st = ndi_xdb_doccount(x, &n);
        if (st == ND_OK && n > 0)
            st = ndi_fail(h, ND_EVERSION,
                          "%s: a Xapian database, but not a newsdex collection",
                          path);
        else if (st == ND_OK && writable) {
            char num[16];
            int k = snprintf(num, sizeof num, "%d", NDI_SCHEMA_VERSION);
            st = ndi_xdb_set_meta(x, NDI_META_SCHEMA, num, (size_t)k);
            if (st != ND_OK)
                ndi_pass(h, (const ndi_hdr *)x, st);
        }
        free(v.data);
        return st;
    }
    char *end;
    long ver = strtol(v.data, &end, 10);
    if (*end != '\0' || ver != NDI_SCHEMA_VERSION)
        st = ndi_fail(
            h, ND_EVERSION,
            "%s: collection schema version %s, this newsdex reads %d "
            "(index the archive into a new collection with this version)",
            path, v.data, NDI_SCHEMA_VERSION);
    free(v.data);
    return st;
}

/* ---- the writer ---------------------------------------------------- */

nd_status
nd_indexer_new(nd_indexer **out)
{
    nd_indexer *ix = calloc(1, sizeof *ix);
    *out = ix;
    if (ix == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&ix->hdr);
    ndi_hdr_init(&ix->tmp.hdr);
    ndi_hdr_init(&ix->key.hdr);
    ix->batch = DEFAULT_BATCH;
    return ND_OK;
}

void
nd_indexer_free(nd_indexer *ix)
{
    if (ix == NULL)
        return;
    ndi_xdb_free(ix->x); /* uncommitted changes are dropped */
    free(ix->path);
    free(ix->tmp.data);
    free(ix->key.data);
    free(ix);
}

ndi_xdb *
ndi_indexer_xdb(nd_indexer *ix)
{
    return ix->x;
}

void
nd_indexer_set_shards(nd_indexer *ix, unsigned n)
{
    ix->shards = n;
}

void
ndi_indexer_set_parallel(nd_indexer *ix, int writers)
{
    ix->parallel = writers;
}

void
ndi_indexer_set_batch(nd_indexer *ix, unsigned articles)
{
    ix->batch = articles > 0 ? articles : DEFAULT_BATCH;
}

/* The writer's pid, kept in WRITER_PID in the collection while it holds
 * the lock, so a second writer can say who holds it. */
#define WRITER_PID "newsdex-writer.pid"

static void
note_writer(const char *path)
{
    char f[4096], line[32];
    if (snprintf(f, sizeof f, "%s/%s", path, WRITER_PID) >= (int)sizeof f)
        return;
    int fd =
        open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return; /* only a courtesy: the lock is Xapian's */
    int n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
    if (write(fd, line, (size_t)n) != n) {
        /* nothing to do: a missing pid only makes the message vaguer */
    }
    close(fd);
}

/* The pid in WRITER_PID if that process still runs, else 0. */
static long
writer_pid(const char *path)
{
    char f[4096], line[32];
    if (snprintf(f, sizeof f, "%s/%s", path, WRITER_PID) >= (int)sizeof f)
        return 0;
    int fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    if (n <= 0)
        return 0;
    line[n] = '\0';
    char *end;
    long pid = strtol(line, &end, 10);
    if (pid <= 0 || (*end != '\n' && *end != '\0') ||
        (kill((pid_t)pid, 0) != 0 && errno != EPERM))
        return 0;
    return pid;
}

/* Whether 'path' holds a collection already (one database or shards). */
static int
collection_exists(const char *path)
{
    char f[4096];
    struct stat sb;
    snprintf(f, sizeof f, "%s/iamglass", path);
    if (stat(f, &sb) == 0)
        return 1;
    snprintf(f, sizeof f, "%s/XAPIANDB", path);
    return stat(f, &sb) == 0;
}

/* Parallel writers: record what the end of the run owes (a merge, the
 * cluster pass), so that a run that dies first leaves it to the next.
 * A sharded collection that says so is merged at the end of this run. */
static nd_status
note_layout(nd_indexer *ix)
{
    nd_status st = ND_OK;
    if (ndi_xdb_parallel(ix->x)) {
        st = ndi_xdb_set_meta(ix->x, META_CLUSTER, "1", 1);
        if (st == ND_OK && ix->merge)
            st = ndi_xdb_set_meta(ix->x, META_MERGE, "1", 1);
        return st;
    }
    char f[4096];
    struct stat sb;
    snprintf(f, sizeof f, "%s/XAPIANDB", ix->path);
    if (!ix->merge && stat(f, &sb) == 0) {
        st = ndi_xdb_get_meta(ix->x, META_MERGE, &ix->tmp);
        ix->merge = st == ND_OK && ix->tmp.len > 0;
        ndi_xdb_set_merge(ix->x, ix->merge);
    }
    return st;
}

nd_status
ndi_indexer_open_mode(nd_indexer *ix, const char *path, ndi_xdb_mode mode)
{
    ndi_xdb_free(ix->x);
    ix->x = NULL;
    free(ix->path);
    ix->path = ndi_strndup(path, strlen(path));
    if (ix->path == NULL)
        return ndi_fail(&ix->hdr, ND_ENOMEM, "out of memory");
    nd_status st = ndi_xdb_new(&ix->x);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "out of memory");
    /* A new collection is written by parallel writers, one per shard:
     * as many shards as asked for, or by default one per core, merged
     * into one database at the end. */
    unsigned shards = ix->shards;
    ix->merge = 0;
    if (shards == 0 && ix->parallel && mode != NDI_XDB_READ &&
        !collection_exists(path)) {
        long c =
            ix->parallel > 0 ? ix->parallel : sysconf(_SC_NPROCESSORS_ONLN);
        if (ix->parallel < 0 && c > MAX_WRITERS)
            c = MAX_WRITERS;
        shards = c > 1 ? (unsigned)c : 0;
        ix->merge = shards > 1;
    }
    ndi_xdb_set_shards(ix->x, shards);
    ndi_xdb_set_parallel(ix->x, ix->parallel != 0 && shards > 1);
    ndi_xdb_set_merge(ix->x, ix->merge);
    st = ndi_xdb_open(ix->x, path, mode);
    if (st == ND_ELOCKED) {
        long pid = writer_pid(path);
        if (pid > 0)
            return ndi_fail(&ix->hdr, st,
                            "%s: collection is locked: process %ld "
                            "(newsdex-index) is writing it",
                            path, pid);
        return ndi_fail(
            &ix->hdr, st,
            "%s: collection is locked: another newsdex-index is writing it",
            path);
    }
    if (st == ND_OK)
        note_writer(path);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s", nd_errmsg(ix->x));
    st = ndi_schema_check(ix->x, &ix->hdr, path, 1);
    /* "did you mean" data; NEWSDEX_NO_SPELLING=1 leaves it out (to
     * measure what it costs) */
    const char *nospell = getenv("NEWSDEX_NO_SPELLING");
    ndi_xdb_set_spelling(ix->x, nospell == NULL || strcmp(nospell, "1") != 0);
    if (st == ND_OK)
        st = ndi_xdb_begin(ix->x);
    if (st == ND_OK)
        st = note_layout(ix);
    if (st != ND_OK && *ix->hdr.errmsg == '\0')
        ndi_pass(&ix->hdr, (const ndi_hdr *)ix->x, st);
    ix->pending = 0;
    ix->pending_bytes = 0;
    return st;
}

nd_status
nd_indexer_open(nd_indexer *ix, const char *path)
{
    return ndi_indexer_open_mode(ix, path, NDI_XDB_WRITE);
}

nd_status
ndi_indexer_flush(nd_indexer *ix, int force)
{
    if (!force && ix->pending < ix->batch &&
        ix->pending_bytes < BATCH_TEXT_BYTES)
        return ND_OK;
    nd_status st = ndi_xdb_commit(ix->x);
    if (st == ND_OK)
        st = ndi_xdb_begin(ix->x);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    ix->pending = 0;
    ix->pending_bytes = 0;
    return ND_OK;
}

nd_status
nd_indexer_close(nd_indexer *ix)
{
    if (ix->x == NULL)
        return ND_OK;
    if (ix->merge)
        return ndi_indexer_compact(ix); /* the merge is a compaction */
    nd_status st = cluster_pass(ix);
    if (st != ND_OK)
        return st;
    st = ndi_xdb_close(ix->x);
    if (st != ND_OK)
        ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    ndi_xdb_free(ix->x);
    ix->x = NULL;
    return st;
}

static nd_status
id_term(nd_indexer *ix, const char *id)
{
    nd_buf_clear(&ix->key);
    nd_status st = ndi_buf_puts(&ix->key, NDI_P_ID);
    if (st == ND_OK)
        st = ndi_buf_puts(&ix->key, id);
    return st;
}

/* The canonical name the alias table gives 'alias' of type 'type' in
 * ix->tmp ("" when none or ambiguous). */
static nd_status
alias_lookup(nd_indexer *ix, char type, const char *alias, size_t len)
{
    char key[256];
    int n = snprintf(key, sizeof key, "%s%c:%.*s", NDI_META_ALIAS, type,
                     (int)len, alias);
    nd_buf_clear(&ix->tmp);
    if (n < 0 || (size_t)n >= sizeof key)
        return ND_OK;
    nd_status st = ndi_xdb_get_meta(ix->x, key, &ix->tmp);
    if (st == ND_OK && strcmp(nd_buf_data(&ix->tmp), NDI_ALIAS_AMBIGUOUS) == 0)
        nd_buf_clear(&ix->tmp);
    return st;
}

/*
 * The writer's part of canonical names across articles: a lone name the
 * article did not resolve ("Putin") gets the entity terms of the one
 * entity the alias table knows for it; then the article's own aliases go
 * into the table (a second entity for an alias makes it ambiguous).
 */
static nd_status
put_aliases(nd_indexer *ix, ndi_prepared *p)
{
    nd_status st = ND_OK;
    nd_buf t = {0}, canon = {0};
    ndi_hdr_init(&t.hdr);
    ndi_hdr_init(&canon.hdr);
    for (const char *l = p->lones; l != NULL && *l != '\0' && st == ND_OK;) {
        size_t n = strcspn(l, "\n");
        char low[256];
        size_t ln = 0;
        for (size_t i = 0; i < n && ln + 1 < sizeof low; i++)
            low[ln++] = (char)tolower((unsigned char)l[i]);
        low[ln] = '\0';
        static const char types[] = {'P', 'O'};
        static const char *const pre[] = {NDI_P_PERSON, NDI_P_ORG};
        static const char *const apre[] = {NDI_P_PERSON_ALIAS, NDI_P_ORG_ALIAS};
        int found = -1;
        for (int k = 0; k < 2 && st == ND_OK; k++) {
            st = alias_lookup(ix, types[k], low, ln);
            if (st == ND_OK && ix->tmp.len > 0) {
                found = found == -1 ? k : -2;
                nd_buf_clear(&canon);
                st = nd_buf_append(&canon, ix->tmp.data, ix->tmp.len);
            }
        }
        if (st == ND_OK && found >= 0)
            st = add_term(p->doc, &t, pre[found], canon.data, canon.len, 1);
        if (st == ND_OK && found >= 0)
            st = add_term(p->doc, &t, apre[found], low, ln, 1);
        l += n + (l[n] == '\n');
    }
    for (const char *l = p->aliases; l != NULL && *l != '\0' && st == ND_OK;) {
        size_t n = strcspn(l, "\n");
        const char *t1 = memchr(l, '\t', n);
        const char *t2 =
            t1 != NULL ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - l)) : NULL;
        if (t1 != NULL && t2 != NULL) {
            const char *name = t2 + 1;
            size_t nlen = n - (size_t)(name - l);
            st = alias_lookup(ix, l[0], t1 + 1, (size_t)(t2 - t1 - 1));
            if (st == ND_OK && (ix->tmp.len != nlen ||
                                memcmp(ix->tmp.data, name, nlen) != 0)) {
                char key[256];
                int kn = snprintf(key, sizeof key, "%s%c:%.*s", NDI_META_ALIAS,
                                  l[0], (int)(t2 - t1 - 1), t1 + 1);
                int known = 0;
                {
                    nd_buf_clear(&canon);
                    st = ndi_xdb_get_meta(ix->x, key, &canon);
                    known = canon.len > 0;
                }
                if (st == ND_OK && kn > 0 && (size_t)kn < sizeof key)
                    st = known
                             ? ndi_xdb_set_meta(ix->x, key, NDI_ALIAS_AMBIGUOUS,
                                                strlen(NDI_ALIAS_AMBIGUOUS))
                             : ndi_xdb_set_meta(ix->x, key, name, nlen);
            }
        }
        l += n + (l[n] == '\n');
    }
    free(t.data);
    free(canon.data);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: alias table: %s", ix->path,
                        nd_errmsg(ix->x));
    return ND_OK;
}

/* ---- near-duplicate clusters -------------------------------------- */

/* Candidates examined per article: band terms of boilerplate-only bodies
 * could otherwise list thousands of documents. */
#define MAX_CANDIDATES 256

/* The cluster key of the most similar article already stored (other than
 * 'self', the article's own previous version, 0: none) in 'key', or ""
 * when there is none. Same digest beats any fingerprint; equal
 * similarities go to the earliest document, so keys do not depend on
 * anything but the order articles were written in. */
/* Other clusters an article matches are merged into the one it joins
 * (a copy indexed before its original may have started its own): at most
 * this many per article, and this many documents relabelled per cluster. */
#define MAX_MERGE 8
#define MAX_RELABEL 1000

static void
add_key(char keys[MAX_MERGE][17], size_t *n, const char *k)
{
    if (*k == '\0' || *n == MAX_MERGE)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(keys[i], k) == 0)
            return;
    memcpy(keys[(*n)++], k, 17);
}

static void
drop_key(char keys[MAX_MERGE][17], size_t *n, const char *k)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(keys[i], k) == 0) {
            memcpy(keys[i], keys[*n - 1], 17);
            (*n)--;
            return;
        }
}

static nd_status
closest_cluster(nd_indexer *ix, const ndi_prepared *p, ndi_docid self,
                char key[17], char others[MAX_MERGE][17], size_t *nothers)
{
    *nothers = 0;
    char terms[NDI_SIMHASH_BANDS + 1][48];
    const char *tp[NDI_SIMHASH_BANDS + 1];
    size_t nt = 0;
    key[0] = '\0';
    snprintf(terms[nt], sizeof terms[nt], "%s%s", NDI_P_DIGEST, p->digest);
    tp[nt] = terms[nt];
    nt++;
    for (unsigned b = 0; p->has_fp && b < NDI_SIMHASH_BANDS; b++, nt++) {
        snprintf(terms[nt], sizeof terms[nt], "%s%02x%08" PRIx32, NDI_P_LSH, b,
                 ndi_simhash_band(&p->fp, b));
        tp[nt] = terms[nt];
    }
    ndi_docid cand[MAX_CANDIDATES];
    size_t n = 0;
    nd_status st = ndi_xdb_any_docs(ix->x, tp, nt, cand, MAX_CANDIDATES, &n);
    double best = -1.0;
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        if (cand[i] == self)
            continue;
        double sim;
        st = ndi_xdb_value(ix->x, cand[i], NDI_SLOT_DIGEST, &ix->tmp);
        if (st != ND_OK)
            break;
        if (ix->tmp.len == 32 && memcmp(ix->tmp.data, p->digest, 32) == 0) {
            sim = 2.0; /* exact duplicate: always the same cluster */
        } else {
            ndi_simhash fp;
            if (!p->has_fp)
                continue;
            st = ndi_xdb_value(ix->x, cand[i], NDI_SLOT_FINGERPRINT, &ix->tmp);
            if (st != ND_OK ||
                !ndi_simhash_decode(ix->tmp.data, ix->tmp.len, &fp))
                continue;
            sim = ndi_simhash_similarity(&p->fp, &fp);
            if (sim < NDI_SIMHASH_THRESHOLD)
                continue;
        }
        st = ndi_xdb_value(ix->x, cand[i], NDI_SLOT_CLUSTER, &ix->tmp);
        if (st != ND_OK)
            break;
        if (ix->tmp.len != 16)
            continue; /* written before clusters existed */
        char ck[17];
        memcpy(ck, ix->tmp.data, 16);
        ck[16] = '\0';
        if (strcmp(ck, key) == 0) {
            best = sim > best ? sim : best;
        } else if (sim > best) {
            add_key(others, nothers, key); /* the previous best */
            drop_key(others, nothers, ck);
            memcpy(key, ck, 17);
            best = sim;
        } else {
            add_key(others, nothers, ck);
        }
    }
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    return ND_OK;
}

/* 'key' (16 hex digits) as the cluster of 'p': its slot and its term. */
static nd_status
set_cluster(nd_indexer *ix, ndi_prepared *p, const char *key)
{
    char term[48];
    int k = snprintf(term, sizeof term, "%s%.16s", NDI_P_CLUSTER, key);
    nd_status st = ndi_xdoc_value(p->doc, NDI_SLOT_CLUSTER, key, 16);
    if (st == ND_OK)
        st = ndi_xdoc_term(p->doc, term, (size_t)k, 0);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s", nd_errmsg(p->doc));
    return ND_OK;
}

/* Give the new or changed article 'p' its cluster key (slot and term). */
static nd_status
assign_cluster(nd_indexer *ix, ndi_prepared *p, ndi_docid self)
{
    char key[17], term[48], others[MAX_MERGE][17];
    size_t nothers = 0;
    nd_status st = closest_cluster(ix, p, self, key, others, &nothers);
    if (st != ND_OK)
        return st;
    for (size_t k = 0; k < nothers && st == ND_OK; k++) {
        char from[48];
        size_t n = 0;
        snprintf(from, sizeof from, "%s%.16s", NDI_P_CLUSTER, others[k]);
        snprintf(term, sizeof term, "%s%s", NDI_P_CLUSTER, key);
        st = ndi_xdb_relabel(ix->x, from, term, NDI_SLOT_CLUSTER, key, 16,
                             MAX_RELABEL, &n);
        ix->pending += (unsigned)n;
    }
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    if (key[0] == '\0') {
        /* Its own cluster, named after it, unless others still carry that
         * name from its previous version: then a name of this version. */
        memcpy(key, p->id, 17);
        ndi_docid other[2];
        size_t n = 0;
        snprintf(term, sizeof term, "%s%s", NDI_P_CLUSTER, key);
        const char *tp = term;
        st = ndi_xdb_any_docs(ix->x, &tp, 1, other, 2, &n);
        if (st == ND_OK && (n > 1 || (n == 1 && other[0] != self)))
            snprintf(key, sizeof key, "%016" PRIx64,
                     ndi_hash64_parts(p->id, 16, p->version, 32));
        if (st != ND_OK)
            return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    }
    return set_cluster(ix, p, key);
}

/* ---- the cluster pass ---------------------------------------------- */

/*
 * After parallel writers, near-duplicate clusters are found in one pass:
 * articles that share a content digest, or an LSH band and a similarity
 * of NDI_SIMHASH_THRESHOLD or more, are joined (union-find over document
 * ids), and every cluster takes the smallest article id among its members
 * as its key: the same clusters and keys however the articles were spread
 * over shards or writers.
 */
typedef struct cpass {
    nd_indexer *ix;
    ndi_docid last;
    uint32_t *parent;  /* union-find over document ids, 0: untouched */
    ndi_docid *joined; /* documents in some union */
    size_t njoined, cap;
    nd_buf fp;
} cpass;

static ndi_docid
uf_find(uint32_t *parent, ndi_docid a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/* The root of 'd' (itself while it is in no union). */
static ndi_docid
uf_root(cpass *c, ndi_docid d)
{
    return c->parent[d] == 0 ? d : uf_find(c->parent, d);
}

static nd_status
uf_touch(cpass *c, ndi_docid d)
{
    if (c->parent[d] != 0)
        return ND_OK;
    c->parent[d] = d;
    if (c->njoined == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        ndi_docid *j = realloc(c->joined, cap * sizeof *j);
        if (j == NULL)
            return ND_ENOMEM;
        c->joined = j;
        c->cap = cap;
    }
    c->joined[c->njoined++] = d;
    return ND_OK;
}

static nd_status
uf_union(cpass *c, ndi_docid a, ndi_docid b)
{
    nd_status st = uf_touch(c, a);
    if (st == ND_OK)
        st = uf_touch(c, b);
    if (st != ND_OK)
        return st;
    a = uf_find(c->parent, a);
    b = uf_find(c->parent, b);
    if (a != b)
        c->parent[a > b ? a : b] = a < b ? a : b;
    return ND_OK;
}

static nd_status
cpass_fp(cpass *c, ndi_docid d, ndi_simhash *out, int *ok)
{
    nd_status st = ndi_xdb_value(c->ix->x, d, NDI_SLOT_FINGERPRINT, &c->fp);
    *ok = st == ND_OK && ndi_simhash_decode(c->fp.data, c->fp.len, out);
    return st;
}

/* Every XDIG or XLSH term that more than one article has. */
static nd_status
cpass_term(void *vctx, const char *term, size_t len, uint64_t freq)
{
    cpass *c = vctx;
    if (freq < 2 || len >= 48 || c->last == 0)
        return ND_OK;
    char t[48];
    memcpy(t, term, len);
    t[len] = '\0';
    const char *tp = t;
    ndi_docid ids[MAX_CANDIDATES];
    ndi_simhash fps[MAX_CANDIDATES];
    int have[MAX_CANDIDATES];
    size_t n = 0;
    nd_status st = ndi_xdb_any_docs(c->ix->x, &tp, 1, ids, MAX_CANDIDATES, &n);
    int digest = strncmp(t, NDI_P_DIGEST, strlen(NDI_P_DIGEST)) == 0;
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        have[i] = 0;
        if (ids[i] > c->last)
            continue;
        if (digest) { /* the same text: always the same cluster */
            st = uf_union(c, ids[0], ids[i]);
            continue;
        }
        st = cpass_fp(c, ids[i], &fps[i], &have[i]);
        for (size_t j = 0; j < i && st == ND_OK && have[i]; j++)
            if (have[j] && ids[j] <= c->last &&
                uf_root(c, ids[j]) != uf_root(c, ids[i]) &&
                ndi_simhash_similarity(&fps[i], &fps[j]) >=
                    NDI_SIMHASH_THRESHOLD)
                st = uf_union(c, ids[i], ids[j]);
    }
    return st;
}

static int
cmp_root(const void *a, const void *b, void *vparent)
{
    uint32_t *parent = vparent;
    ndi_docid x = *(const ndi_docid *)a, y = *(const ndi_docid *)b;
    ndi_docid rx = uf_find(parent, x), ry = uf_find(parent, y);
    return rx < ry ? -1 : rx > ry ? 1 : x < y ? -1 : x > y;
}

/* Give the members of each cluster found the cluster's key. */
static nd_status
cpass_relabel(cpass *c)
{
    nd_indexer *ix = c->ix;
    if (c->njoined == 0)
        return ND_OK; /* no article shares a digest or band with another */
    for (size_t i = 0; i < c->njoined; i++)
        uf_find(c->parent, c->joined[i]); /* flatten: roots are final */
    qsort_r(c->joined, c->njoined, sizeof *c->joined, cmp_root, c->parent);
    nd_status st = ND_OK;
    for (size_t i = 0; i < c->njoined && st == ND_OK;) {
        ndi_docid root = c->parent[c->joined[i]];
        size_t j = i;
        char key[17] = "";
        for (; j < c->njoined && c->parent[c->joined[j]] == root && st == ND_OK;
             j++) {
            st = ndi_xdb_value(ix->x, c->joined[j], NDI_SLOT_ID, &ix->tmp);
            if (st == ND_OK && ix->tmp.len == 16 &&
                (key[0] == '\0' || memcmp(ix->tmp.data, key, 16) < 0)) {
                memcpy(key, ix->tmp.data, 16);
                key[16] = '\0';
            }
        }
        for (size_t k = i; k < j && st == ND_OK && key[0] != '\0'; k++) {
            st = ndi_xdb_value(ix->x, c->joined[k], NDI_SLOT_CLUSTER, &ix->tmp);
            if (st != ND_OK ||
                (ix->tmp.len == 16 && memcmp(ix->tmp.data, key, 16) == 0))
                continue;
            char from[48], to[48];
            size_t moved = 0;
            snprintf(from, sizeof from, "%s%.*s", NDI_P_CLUSTER,
                     (int)ix->tmp.len, ix->tmp.data);
            snprintf(to, sizeof to, "%s%s", NDI_P_CLUSTER, key);
            st = ndi_xdb_relabel(ix->x, from, to, NDI_SLOT_CLUSTER, key, 16,
                                 MAX_RELABEL, &moved);
        }
        i = j;
    }
    return st;
}

static nd_status
cluster_pass(nd_indexer *ix)
{
    nd_status st = ndi_xdb_get_meta(ix->x, META_CLUSTER, &ix->tmp);
    if (st != ND_OK || ix->tmp.len == 0)
        return st == ND_OK ? ND_OK
                           : ndi_fail(&ix->hdr, st, "%s: %s", ix->path,
                                      nd_errmsg(ix->x));
    cpass c;
    memset(&c, 0, sizeof c);
    c.ix = ix;
    ndi_hdr_init(&c.fp.hdr);
    st = ndi_xdb_lastdocid(ix->x, &c.last);
    if (st == ND_OK && c.last > 0) {
        c.parent = calloc((size_t)c.last + 1, sizeof *c.parent);
        if (c.parent == NULL)
            st = ND_ENOMEM;
    }
    if (st == ND_OK && c.last > 0)
        st = ndi_xdb_each_term(ix->x, NDI_P_DIGEST, cpass_term, &c);
    if (st == ND_OK && c.last > 0)
        st = ndi_xdb_each_term(ix->x, NDI_P_LSH, cpass_term, &c);
    if (st == ND_OK)
        st = cpass_relabel(&c);
    if (st == ND_OK)
        st = ndi_xdb_set_meta(ix->x, META_CLUSTER, "", 0);
    free(c.parent);
    free(c.joined);
    free(c.fp.data);
    if (st == ND_ENOMEM)
        return ndi_fail(&ix->hdr, st, "%s: clusters: out of memory", ix->path);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: clusters: %s", ix->path,
                        nd_errmsg(ix->x));
    return ND_OK;
}

nd_status
ndi_indexer_put(nd_indexer *ix, ndi_prepared *p, ndi_put *how)
{
    nd_status st = id_term(ix, p->id);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "out of memory");
    ndi_docid docid = 0;
    *how = NDI_PUT_ADDED;
    if (ndi_xdb_parallel(ix->x)) {
        /* Parallel writers build a new collection: there is no earlier
         * version to compare with, and clusters are found by
         * cluster_pass() at the end; until then each article is its own
         * cluster. */
        if ((st = set_cluster(ix, p, p->id)) != ND_OK) {
            ndi_prepared_clear(p);
            return st;
        }
    } else {
        st = ndi_xdb_find(ix->x, ix->key.data, &docid);
        if (st == ND_OK) {
            *how = NDI_PUT_UPDATED;
            st = ndi_xdb_value(ix->x, docid, NDI_SLOT_VERSION, &ix->tmp);
            if (st == ND_OK && ix->tmp.len == 32 &&
                memcmp(ix->tmp.data, p->version, 32) == 0) {
                *how = NDI_PUT_UNCHANGED;
                ndi_prepared_clear(p);
                return ND_OK;
            }
        } else if (st == ND_ENOTFOUND) {
            st = ND_OK;
            docid = 0;
        }
        if (st == ND_OK && (st = assign_cluster(ix, p, docid)) != ND_OK) {
            ndi_prepared_clear(p);
            return st;
        }
    }
    if (st == ND_OK)
        st = put_aliases(ix, p);
    if (st == ND_OK)
        st = ndi_xdb_replace(ix->x, ix->key.data, p->doc);
    ndi_prepared_clear(p);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    ix->pending++;
    ix->pending_bytes += p->text_bytes;
    return ndi_indexer_flush(ix, 0);
}

nd_status
nd_indexer_add(nd_indexer *ix, const nd_article *a)
{
    ndi_prepared p;
    ndi_put how;
    if (ix->x == NULL)
        return ndi_fail(&ix->hdr, ND_EINVAL, "no collection open");
    nd_status st = ndi_index_prepare(&ix->hdr, a, &p);
    if (st != ND_OK)
        return st;
    return ndi_indexer_put(ix, &p, &how);
}

nd_status
ndi_indexer_delete(nd_indexer *ix, const char *id, int *existed)
{
    unsigned n = 0;
    nd_status st = id_term(ix, id);
    if (st == ND_OK)
        st = ndi_xdb_delete(ix->x, ix->key.data, &n);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    *existed = n > 0;
    ix->pending += n;
    return ND_OK;
}

nd_status
ndi_indexer_delete_file_articles(nd_indexer *ix, const char *abspath,
                                 unsigned *n)
{
    char fh[17];
    snprintf(fh, sizeof fh, "%016" PRIx64,
             ndi_hash64(abspath, strlen(abspath)));
    nd_buf_clear(&ix->key);
    nd_status st = ndi_buf_printf(&ix->key, "%s%s", NDI_P_FILE, fh);
    if (st == ND_OK)
        st = ndi_xdb_delete(ix->x, ix->key.data, n);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    ix->pending += *n;
    return ND_OK;
}

/* ---- per-file state -------------------------------------------------
 * Key: "F" + absolute path, or "F#" + 32 hex digits for paths too long
 * for a key. Value: "1 SIZE MTIME_NS HASH ITEMS FAILED BAD_ITEMS\nPATH\nREASON"
 * (BAD_ITEMS may be absent: 0).
 */

#define FILE_KEY_MAX 200

static nd_status
file_key(nd_indexer *ix, const char *abspath)
{
    nd_buf_clear(&ix->key);
    nd_status st = ndi_buf_puts(&ix->key, NDI_META_FILE);
    size_t n = strlen(abspath);
    if (st == ND_OK && n + 1 <= FILE_KEY_MAX &&
        strchr(abspath, '#') != abspath) {
        st = nd_buf_append(&ix->key, abspath, n);
    } else if (st == ND_OK) {
        char hex[33];
        ndi_hash128_hex(abspath, n, hex);
        st = ndi_buf_printf(&ix->key, "#%s", hex);
    }
    return st;
}

static int
parse_filerec(const char *v, size_t len, ndi_filerec *out, const char **path,
              size_t *plen)
{
    memset(out, 0, sizeof *out);
    const char *nl = memchr(v, '\n', len);
    if (nl == NULL)
        return 0;
    char head[160];
    size_t hl =
        (size_t)(nl - v) < sizeof head - 1 ? (size_t)(nl - v) : sizeof head - 1;
    memcpy(head, v, hl);
    head[hl] = '\0';
    long long size, mtime;
    unsigned items, bad_items = 0;
    int failed, ver;
    char hash[40];
    int n = sscanf(head, "%d %lld %lld %39s %u %d %u", &ver, &size, &mtime,
                   hash, &items, &failed, &bad_items);
    if (n < 6 || ver != 1)
        return 0;
    out->fs.size = size;
    out->fs.mtime_ns = mtime;
    out->fs.items = items;
    out->failed_items = bad_items;
    out->failed = failed;
    if (strcmp(hash, "-") != 0 && strlen(hash) < sizeof out->fs.hash)
        memcpy(out->fs.hash, hash, strlen(hash) + 1);
    const char *p = nl + 1;
    /* The path may hold newlines; the reason never does (set_file
     * flattens it), so the last newline ends the path. */
    const char *nl2 = NULL;
    for (const char *q = v + len; q > p && nl2 == NULL; q--)
        if (q[-1] == '\n')
            nl2 = q - 1;
    size_t pl = nl2 != NULL ? (size_t)(nl2 - p) : len - (size_t)(p - v);
    *path = p;
    *plen = pl;
    if (nl2 != NULL) {
        size_t rl = len - (size_t)(nl2 + 1 - v);
        snprintf(out->reason, sizeof out->reason, "%.*s", (int)rl, nl2 + 1);
    }
    return 1;
}

nd_status
ndi_indexer_get_file(nd_indexer *ix, const char *abspath, ndi_filerec *out)
{
    nd_status st = file_key(ix, abspath);
    if (st == ND_OK)
        st = ndi_xdb_get_meta(ix->x, ix->key.data, &ix->tmp);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    const char *p;
    size_t pl;
    if (ix->tmp.len == 0 ||
        !parse_filerec(ix->tmp.data, ix->tmp.len, out, &p, &pl) ||
        pl != strlen(abspath) || memcmp(p, abspath, pl) != 0)
        return ND_ENOTFOUND;
    return ND_OK;
}

nd_status
ndi_indexer_set_file(nd_indexer *ix, const char *abspath,
                     const ndi_filerec *rec)
{
    nd_status st = file_key(ix, abspath);
    nd_buf_clear(&ix->tmp);
    if (st == ND_OK)
        st = ndi_buf_printf(&ix->tmp,
                            "1 %" PRId64 " %" PRId64 " %s %" PRIu32
                            " %d %" PRIu32 "\n%s\n",
                            rec->fs.size, rec->fs.mtime_ns,
                            rec->fs.hash[0] ? rec->fs.hash : "-", rec->fs.items,
                            rec->failed, rec->failed_items, abspath);
    if (st == ND_OK && (rec->failed || rec->failed_items > 0)) {
        /* one line: the reason must not break the record */
        for (const char *c = rec->reason; *c != '\0' && st == ND_OK; c++)
            st = ndi_buf_putc(&ix->tmp, *c == '\n' ? ' ' : *c);
    }
    if (st == ND_OK)
        st = ndi_xdb_set_meta(ix->x, ix->key.data, ix->tmp.data, ix->tmp.len);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    return ND_OK;
}

nd_status
ndi_indexer_drop_file(nd_indexer *ix, const char *abspath)
{
    nd_status st = file_key(ix, abspath);
    if (st == ND_OK)
        st = ndi_xdb_set_meta(ix->x, ix->key.data, "", 0);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    return ND_OK;
}

typedef struct each_ctx {
    ndi_file_fn fn;
    void *ctx;
    nd_buf path;
} each_ctx;

static nd_status
each_meta(void *vctx, const char *key, size_t klen, const char *value,
          size_t vlen)
{
    each_ctx *c = vctx;
    ndi_filerec rec;
    const char *p;
    size_t pl;
    (void)key;
    (void)klen;
    if (!parse_filerec(value, vlen, &rec, &p, &pl))
        return ND_OK; /* not a file record */
    nd_buf_clear(&c->path);
    nd_status st = nd_buf_append(&c->path, p, pl);
    if (st != ND_OK)
        return st;
    return c->fn(c->ctx, c->path.data, &rec);
}

nd_status
ndi_indexer_each_file(nd_indexer *ix, ndi_file_fn fn, void *ctx)
{
    each_ctx c;
    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    ndi_hdr_init(&c.path.hdr);
    nd_status st = ndi_xdb_each_meta(ix->x, NDI_META_FILE, each_meta, &c);
    free(c.path.data);
    if (st != ND_OK && st != ND_DONE && *nd_errmsg(ix->x) != '\0')
        ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    return st;
}

/* ---- compaction ---------------------------------------------------- */

void
ndi_remove_db_dir(const char *dir)
{
    /* A Xapian glass database directory holds plain files only. */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return;
    DIR *d = fdopendir(dfd);
    if (d == NULL) {
        close(dfd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
            unlinkat(dfd, de->d_name, 0) != 0 && errno == EISDIR &&
            strncmp(de->d_name, "shard", 5) == 0) {
            /* a sharded collection: shard0.. are databases themselves */
            size_t n = strlen(dir) + strlen(de->d_name) + 2;
            char *sub = malloc(n);
            if (sub != NULL) {
                snprintf(sub, n, "%s/%s", dir, de->d_name);
                ndi_remove_db_dir(sub);
                free(sub);
            }
        }
    closedir(d);
    rmdir(dir);
}

nd_status
ndi_indexer_doccount(nd_indexer *ix, uint64_t *out)
{
    nd_status st = ndi_xdb_doccount(ix->x, out);
    if (st != ND_OK)
        return ndi_fail(&ix->hdr, st, "%s: %s", ix->path, nd_errmsg(ix->x));
    return ND_OK;
}

nd_status
ndi_indexer_compact(nd_indexer *ix)
{
    if (ix->x == NULL)
        return ndi_fail(&ix->hdr, ND_EINVAL, "no collection open");
    size_t n = strlen(ix->path);
    while (n > 1 && ix->path[n - 1] == '/')
        n--;
    char *tmp = malloc(n + 32);
    if (tmp == NULL)
        return ndi_fail(&ix->hdr, ND_ENOMEM, "out of memory");
    snprintf(tmp, n + 32, "%.*s.compact-%ld", (int)n, ix->path, (long)getpid());
    ndi_remove_db_dir(tmp);
    nd_status st = cluster_pass(ix);
    if (st != ND_OK) {
        free(tmp);
        return st;
    }
    st = ndi_xdb_compact(ix->x, tmp);
    if (st != ND_OK)
        ndi_fail(&ix->hdr, st, "%s: compaction failed: %s", ix->path,
                 nd_errmsg(ix->x));
    /* Swap while still holding the lock; then 'tmp' holds the old copy. */
    if (st == ND_OK &&
        renameat2(AT_FDCWD, tmp, AT_FDCWD, ix->path, RENAME_EXCHANGE) != 0)
        st = ndi_fail(&ix->hdr, ND_EIO,
                      "%s: cannot swap in the compacted collection: %s",
                      ix->path, strerror(errno));
    ndi_xdb_free(ix->x); /* everything was committed before compacting */
    ix->x = NULL;
    ndi_remove_db_dir(tmp);
    free(tmp);
    return st;
}
