/* SPDX-License-Identifier: MIT */
/*
 * index.h - article -> Xapian document, and the writer's side of a
 * collection: articles replaced by id, per-file state, batches.
 */
#ifndef NDI_INDEX_H
#define NDI_INDEX_H

#include "ndi.h"
#include "simhash.h"
#include "xdb.h"

/* An article made ready for the writer (built in a worker thread). */
typedef struct ndi_prepared {
    char id[17];
    char version[33]; /* hash of every stored field */
    ndi_xdoc *doc;    /* owned */
    size_t text_bytes;
    /* for the alias table (owned, NULL when none): lines of
     * "T\talias\tcanonical\n" the article defines, and the lone names
     * it could not resolve ("name\n") */
    char *aliases;
    char *lones;
    char digest[33]; /* exact duplicates: slot NDI_SLOT_DIGEST */
    int has_fp;      /* the body is long enough for a fingerprint */
    ndi_simhash fp;  /* near-duplicates: slot NDI_SLOT_FINGERPRINT */
} ndi_prepared;

/* Build the document of 'a' (terms, values, data, compressed record).
 * Returns ND_OK, ND_EINVAL (no id) or ND_ENOMEM with a message in 'h'. */
nd_status ndi_index_prepare(ndi_hdr *h, const nd_article *a, ndi_prepared *out);
void ndi_prepared_clear(ndi_prepared *p);

/* The state of one source file as the collection records it. */
typedef struct ndi_filerec {
    nd_filestate fs;
    int failed;            /* the last attempt failed */
    uint32_t failed_items; /* articles of the file that could not be used */
    char reason[NDI_ERRMSG_MAX]; /* why the file or its first bad article
                                    failed */
} ndi_filerec;

/* How a put went. */
typedef enum ndi_put {
    NDI_PUT_ADDED,
    NDI_PUT_UPDATED,
    NDI_PUT_UNCHANGED
} ndi_put;

/* The collection's writer (nd_indexer's innards). */
ndi_xdb *ndi_indexer_xdb(nd_indexer *ix);
/* Store the prepared article (the document is consumed). A new or
 * changed article first gets its near-duplicate cluster key: that of the
 * most similar article already in the collection (same digest, or
 * fingerprint similarity >= NDI_SIMHASH_THRESHOLD), else its own id. */
nd_status ndi_indexer_put(nd_indexer *ix, ndi_prepared *p, ndi_put *how);
/* Delete the article 'id'; '*existed' says whether it was there. */
nd_status ndi_indexer_delete(nd_indexer *ix, const char *id, int *existed);
/* Delete every article whose source file is 'abspath'; '*n' gets how
 * many there were. */
nd_status ndi_indexer_delete_file_articles(nd_indexer *ix, const char *abspath,
                                           unsigned *n);
/* Look up a file's state: ND_OK, or ND_ENOTFOUND. */
nd_status ndi_indexer_get_file(nd_indexer *ix, const char *abspath,
                               ndi_filerec *out);
nd_status ndi_indexer_set_file(nd_indexer *ix, const char *abspath,
                               const ndi_filerec *rec);
nd_status ndi_indexer_drop_file(nd_indexer *ix, const char *abspath);
/* Every recorded file (path, state). */
typedef nd_status (*ndi_file_fn)(void *ctx, const char *abspath,
                                 const ndi_filerec *rec);
nd_status ndi_indexer_each_file(nd_indexer *ix, ndi_file_fn fn, void *ctx);
/* Commit the batch if it has grown past the thresholds (force: always). */
nd_status ndi_indexer_flush(nd_indexer *ix, int force);
void ndi_indexer_set_batch(nd_indexer *ix, unsigned articles);
/* Parallel writers (before opening; nd_run does this): a new collection
 * is written by one writer thread per shard, --shards N of them, or else
 * 'writers' (-1: one per core, at most MAX_WRITERS; 0: no parallel
 * writers) whose shards are merged into one database at the end. Articles then join no cluster while they are written: a pass
 * over the collection finds the clusters when the run ends (or, if it
 * died, when the next run ends). */
void ndi_indexer_set_parallel(nd_indexer *ix, int writers);
/* Open with a given mode (NDI_XDB_CREATE for a rebuild target). */
nd_status ndi_indexer_open_mode(nd_indexer *ix, const char *path,
                                ndi_xdb_mode mode);

/*
 * Commit, write a compacted copy of the collection beside it, swap it in
 * atomically and close 'ix'. Xapian's B-trees fill up to half empty over
 * many commits; a compacted copy is often half the size.
 */
nd_status ndi_indexer_compact(nd_indexer *ix);
/* Remove a Xapian database directory (plain files only) if it exists. */
void ndi_remove_db_dir(const char *dir);
/* The number of articles in the collection. */
nd_status ndi_indexer_doccount(nd_indexer *ix, uint64_t *out);

/* Check a database's schema version (readers and writers). */
nd_status ndi_schema_check(ndi_xdb *x, ndi_hdr *h, const char *path,
                           int writable);

#endif /* NDI_INDEX_H */
