/* SPDX-License-Identifier: MIT */
/*
 * verify.c - nd_verify: is a collection sound? The Xapian tables (as
 * xapian-check checks them) and every stored record: it decompresses,
 * parses, and agrees with its document's id term and id value.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ndi.h"
#include "schema.h"
#include "xdb.h"

typedef struct {
    const char *path;
    nd_error_fn fn;
    void *ctx;
    ndi_xdb *x;
    nd_buf val, term, err;
    nd_verify_stats *stats;
} verify_ctx;

static void
report(verify_ctx *c, const char *file, long item, const char *msg)
{
    if (c->fn != NULL)
        c->fn(c->ctx, file, item, msg);
}

static void
table_damage(void *vctx, const char *file, const char *msg)
{
    verify_ctx *c = vctx;
    char path[4096], why[NDI_ERRMSG_MAX + 64];
    if (*file != '\0')
        snprintf(path, sizeof path, "%s/%s", c->path, file);
    else
        snprintf(path, sizeof path, "%s", c->path);
    snprintf(why, sizeof why, "damaged: %s", msg);
    report(c, path, -1, why);
}

static nd_status
record_damage(verify_ctx *c, ndi_docid id, const char *aid, const char *what,
              const char *detail)
{
    char why[2 * NDI_ERRMSG_MAX + 128];
    if (aid != NULL)
        snprintf(why, sizeof why, "article %s (document %u): %s%s", aid,
                 (unsigned)id, what, detail);
    else
        snprintf(why, sizeof why, "document %u: %s%s", (unsigned)id, what,
                 detail);
    c->stats->damaged_records++;
    /* glass keeps value slots, the record's among them, in the postlist
     * table */
    char path[4096];
    snprintf(path, sizeof path, "%s/postlist.glass", c->path);
    report(c, path, -1, why);
    return ND_OK;
}

static nd_status
check_doc(void *vctx, ndi_docid id)
{
    verify_ctx *c = vctx;
    c->stats->documents++;
    nd_status st = ndi_xdb_value(c->x, id, NDI_SLOT_RECORD, &c->val);
    if (st == ND_ENOMEM)
        return st;
    if (st != ND_OK)
        return record_damage(c, id, NULL,
                             "record unreadable: ", nd_errmsg(c->x));
    if (c->val.len == 0)
        return record_damage(c, id, NULL, "no stored record", "");
    nd_article *a = NULL;
    nd_buf_clear(&c->err);
    st = nd_record_decompress(c->val.data, c->val.len, &a, &c->err);
    if (st == ND_ENOMEM)
        return st;
    if (st != ND_OK)
        return record_damage(
            c, id, NULL, "record does not decompress: ", nd_buf_data(&c->err));
    const char *aid = nd_article_get(a, ND_F_ID);
    if (aid == NULL || strlen(aid) != 16) {
        nd_article_free(a);
        return record_damage(c, id, NULL, "record has no article id", "");
    }
    char idv[17];
    memcpy(idv, aid, 17);
    nd_article_free(a);
    st = ndi_xdb_value(c->x, id, NDI_SLOT_ID, &c->val);
    if (st == ND_ENOMEM)
        return st;
    if (st != ND_OK || c->val.len != 16 || memcmp(c->val.data, idv, 16) != 0)
        return record_damage(c, id, idv, "id value disagrees with the record",
                             "");
    nd_buf_clear(&c->term);
    if (nd_buf_append(&c->term, NDI_P_ID, strlen(NDI_P_ID)) != ND_OK ||
        nd_buf_append(&c->term, idv, 16) != ND_OK)
        return ND_ENOMEM;
    ndi_docid found = 0;
    st = ndi_xdb_find(c->x, nd_buf_data(&c->term), &found);
    if (st == ND_ENOMEM)
        return st;
    if (st != ND_OK || found != id)
        return record_damage(c, id, idv,
                             "id term does not lead to this document", "");
    return ND_OK;
}

nd_status
nd_verify(const char *collection, nd_error_fn on_damage, void *ctx,
          nd_verify_stats *stats)
{
    nd_verify_stats dummy;
    if (stats == NULL)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);
    if (collection == NULL)
        return ND_EINVAL;
    verify_ctx c;
    memset(&c, 0, sizeof c);
    c.path = collection;
    c.fn = on_damage;
    c.ctx = ctx;
    c.stats = stats;
    ndi_hdr_init(&c.val.hdr);
    ndi_hdr_init(&c.term.hdr);
    ndi_hdr_init(&c.err.hdr);
    unsigned bad = 0;
    ndi_xdb *lock = NULL;
    char vf[4096], stub[4096];
    struct stat sb;
    /* one glass database, or shards named by a XAPIANDB stub */
    snprintf(vf, sizeof vf, "%s/iamglass", collection);
    snprintf(stub, sizeof stub, "%s/XAPIANDB", collection);
    if (stat(collection, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
        (stat(vf, &sb) != 0 && errno == ENOENT && stat(stub, &sb) != 0 &&
         errno == ENOENT)) {
        report(&c, collection, -1, "no collection here");
        return ND_ENOTFOUND;
    }
    /* hold the write lock while checking, so no writer changes what we
     * read; a database too damaged to open for writing is checked anyway */
    nd_status st = ndi_xdb_new(&lock);
    if (st != ND_OK)
        return st;
    st = ndi_xdb_open(lock, collection, NDI_XDB_WRITE);
    if (st == ND_ELOCKED) {
        report(&c, collection, -1, nd_errmsg(lock));
        ndi_xdb_free(lock);
        return st;
    }
    st = ndi_xdb_check(collection, table_damage, &c, &bad);
    stats->damaged_tables = bad;
    if (st != ND_OK)
        goto out;
    st = ndi_xdb_new(&c.x);
    if (st != ND_OK)
        goto out;
    st = ndi_xdb_open(c.x, collection, NDI_XDB_READ);
    if (st == ND_ENOTFOUND) {
        report(&c, collection, -1, "no such collection");
        goto out;
    }
    if (st != ND_OK) {
        table_damage(&c, "", nd_errmsg(c.x));
        stats->damaged_tables += bad == 0;
        st = ND_OK;
        goto out;
    }
    st = ndi_xdb_each_doc(c.x, check_doc, &c);
    if (st != ND_OK && st != ND_ENOMEM) {
        /* the documents could not all be listed: the tables are damaged */
        table_damage(&c, "", nd_errmsg(c.x));
        stats->damaged_tables += bad == 0;
        st = ND_OK;
    }
out:
    ndi_xdb_free(c.x);
    ndi_xdb_free(lock); /* commits nothing: nothing was changed */
    free(c.val.data);
    free(c.term.data);
    free(c.err.data);
    if (st == ND_OK && (stats->damaged_tables || stats->damaged_records))
        st = ND_ECORRUPT;
    return st;
}
