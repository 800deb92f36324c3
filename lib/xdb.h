/* SPDX-License-Identifier: MIT */
/*
 * xdb.h - the C face of lib/xapian.cc, the only code that touches
 * libxapian. Operations are shaped like newsdex's work (open, add a
 * document, replace by unique term, run a query, step through hits); no
 * Xapian type leaves the .cc file, and no exception crosses it: every
 * function returns nd_status with the message on its handle.
 *
 * Choices of prefixes, weights and slots belong to index.c and search.c.
 */
#ifndef NDI_XDB_H
#define NDI_XDB_H

#include <stddef.h>
#include <stdint.h>

#include "ndi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t ndi_docid;

typedef struct ndi_xdb ndi_xdb;     /* a database, read-only or writable */
typedef struct ndi_xdoc ndi_xdoc;   /* a document being built */
typedef struct ndi_xmset ndi_xmset; /* the hits of one query */

typedef enum ndi_xdb_mode {
    NDI_XDB_READ = 0, /* open an existing database */
    NDI_XDB_WRITE,    /* open or create, for writing */
    NDI_XDB_CREATE    /* create, replacing what is there */
} ndi_xdb_mode;

nd_status ndi_xdb_new(ndi_xdb **out);
/* Close (without committing pending changes) and free. */
void ndi_xdb_free(ndi_xdb *x);
/* Returns ND_OK, ND_ENOTFOUND, ND_ELOCKED, ND_ECORRUPT, ND_EVERSION or
 * ND_EXAPIAN. */
nd_status ndi_xdb_open(ndi_xdb *x, const char *path, ndi_xdb_mode mode);
/* Commit (writable) and close. */
nd_status ndi_xdb_close(ndi_xdb *x);
/* Commit (writable) and write a compacted copy of the database to the
 * new directory 'dest'. */
nd_status ndi_xdb_compact(ndi_xdb *x, const char *dest);
/* Read the latest committed revision (readers). */
nd_status ndi_xdb_reopen(ndi_xdb *x);
/* Check the Xapian database at 'path' as xapian-check does: each table
 * file on its own, then the whole. Calls fn(ctx, file, message) for each
 * damaged file ("postlist.glass", or "" when the database as a whole is
 * damaged). Sets '*damaged' to the number of problems. Returns ND_OK
 * (checked, damaged or not) or ND_ENOMEM. */
typedef void (*ndi_xcheck_fn)(void *ctx, const char *file, const char *msg);
nd_status ndi_xdb_check(const char *path, ndi_xcheck_fn fn, void *ctx,
                        unsigned *damaged);

/* Metadata: '*out' gets the value, "" when the key is absent. */
nd_status ndi_xdb_get_meta(ndi_xdb *x, const char *key, nd_buf *out);
nd_status ndi_xdb_set_meta(ndi_xdb *x, const char *key, const char *value,
                           size_t len);
/* Call 'fn' for every metadata key starting with 'prefix' in key order;
 * a status other than ND_OK from fn stops and is returned. */
typedef nd_status (*ndi_xmeta_fn)(void *ctx, const char *key, size_t klen,
                                  const char *value, size_t vlen);
nd_status ndi_xdb_each_meta(ndi_xdb *x, const char *prefix, ndi_xmeta_fn fn,
                            void *ctx);

/* Transactions group a batch: begin, changes, commit (or cancel). */
nd_status ndi_xdb_begin(ndi_xdb *x);
nd_status ndi_xdb_commit(ndi_xdb *x);
nd_status ndi_xdb_cancel(ndi_xdb *x);

/* Add 'd' or replace the document indexed by 'unique' with it. */
nd_status ndi_xdb_replace(ndi_xdb *x, const char *unique, ndi_xdoc *d);
/* Delete documents indexed by 'term'; '*n' (may be NULL) gets how many. */
nd_status ndi_xdb_delete(ndi_xdb *x, const char *term, unsigned *n);
/* The document indexed by 'term': ND_OK with its id, or ND_ENOTFOUND. */
nd_status ndi_xdb_find(ndi_xdb *x, const char *term, ndi_docid *out);
/* A value or the data of a document (ND_ENOTFOUND if no such docid). */
nd_status ndi_xdb_value(ndi_xdb *x, ndi_docid id, unsigned slot, nd_buf *out);
nd_status ndi_xdb_data(ndi_xdb *x, ndi_docid id, nd_buf *out);
nd_status ndi_xdb_doccount(ndi_xdb *x, uint64_t *out);
/* Every document id, in order; fn's status other than ND_OK stops. */
typedef nd_status (*ndi_xdoc_fn)(void *ctx, ndi_docid id);
nd_status ndi_xdb_each_doc(ndi_xdb *x, ndi_xdoc_fn fn, void *ctx);
/* Every term with 'prefix', with its document frequency. */
typedef nd_status (*ndi_xterm_fn)(void *ctx, const char *term, size_t len,
                                  uint64_t freq);
nd_status ndi_xdb_each_term(ndi_xdb *x, const char *prefix, ndi_xterm_fn fn,
                            void *ctx);
/*
 * The documents holding any of the 'n' terms, ascending and without
 * repeats, at most 'max' of them, in 'out' ('*nout' gets how many). A
 * writable database sees its own uncommitted documents.
 */
nd_status ndi_xdb_any_docs(ndi_xdb *x, const char *const *terms, size_t n,
                           ndi_docid *out, size_t max, size_t *nout);
/*
 * Every document holding the boolean term 'from' (at most 'max' of them)
 * gets 'to' instead, and 'value' in 'slot'; '*n' gets how many changed.
 */
nd_status ndi_xdb_relabel(ndi_xdb *x, const char *from, const char *to,
                          unsigned slot, const char *value, size_t vlen,
                          size_t max, size_t *n);
/* How many documents hold 'term'. */
nd_status ndi_xdb_termfreq(ndi_xdb *x, const char *term, uint64_t *out);
/* Lowest and highest value in 'slot' over all documents ("" if none). */
nd_status ndi_xdb_value_bounds(ndi_xdb *x, unsigned slot, nd_buf *lo,
                               nd_buf *hi);

/* ---- documents (any thread; one document per thread at a time) ---- */

/* A new empty document whose text is stemmed for language 'lang' (ISO
 * 639-1 code; "" or unknown: English). */
nd_status ndi_xdoc_new(ndi_xdoc **out, const char *lang);
void ndi_xdoc_free(ndi_xdoc *d);
/* No more text for 'd': it lets go of the thread's stemmer, so that it may
 * be handed to (and freed by) another thread. */
void ndi_xdoc_sealed(ndi_xdoc *d);
/* Index free text with positions, stems under "Z"+prefix; each term's
 * wdf grows by 'wdf_inc'. */
nd_status ndi_xdoc_text(ndi_xdoc *d, const char *text, size_t len,
                        unsigned wdf_inc, const char *prefix);
/* Leave a gap of 'n' positions (so phrases never span two fields). */
void ndi_xdoc_gap(ndi_xdoc *d, unsigned n);
/* A term without positions; wdf 0 makes it a boolean (filter) term. */
nd_status ndi_xdoc_term(ndi_xdoc *d, const char *term, size_t len,
                        unsigned wdf);
nd_status ndi_xdoc_value(ndi_xdoc *d, unsigned slot, const void *data,
                         size_t len);
nd_status ndi_xdoc_data(ndi_xdoc *d, const void *data, size_t len);

/* ---- queries -------------------------------------------------------- */

typedef struct ndi_xfield {
    const char *field;  /* as the user types it: "title" */
    const char *prefix; /* term prefix: "S" */
    int boolean;        /* a filter rather than free text */
    int kind;           /* NDI_XFIELD_* for boolean fields */
    const char *alias;  /* NDI_XFIELD_LOWER: a second prefix also matched */
} ndi_xfield;

enum {
    NDI_XFIELD_PLAIN = 0, /* the value as typed is the term */
    NDI_XFIELD_LOWER,     /* the value lower-cased (quoted values may hold
                              spaces); matches prefix or alias */
    NDI_XFIELD_DATE       /* a date range: ndi_xquery.date_fn */
};

/* Turn a date: value into inclusive bounds (seconds since the epoch);
 * returns 0 when the value is not a date. */
typedef int (*ndi_xdate_fn)(void *ctx, const char *value, size_t len,
                            double *lo, double *hi);

typedef struct ndi_xquery {
    const char *text;
    const ndi_xfield *fields;
    size_t nfields;
    const char *lang; /* stemming of query words */
    /* When set, the language terms (prefix + code): every language present
     * stems the query words for its own articles, 'lang' for the others. */
    const char *lang_prefix;
    unsigned offset, count;
    int tiebreak_slot;     /* equal scores ordered by this value; -1 */
    unsigned max_wildcard; /* terms a wildcard may expand to */
    /* date: fields: bounds from date_fn, matched on date_slot (sortable) */
    ndi_xdate_fn date_fn;
    void *date_ctx;
    unsigned date_slot;
    /* 0: by relevance; 1: by sort_slot, highest first; 2: lowest first */
    int sort;
    unsigned sort_slot;
    /* recent_weight > 0: each hit's weight grows by
     * recent_weight * 0.5^((recent_now - time) / recent_halflife),
     * time read from date_slot (seconds) */
    double recent_weight, recent_halflife, recent_now;
    /* Entity-aware matching: query words and adjacent pairs that are
     * terms with one of these prefixes (lower case) add weight
     * entity_weight * (1 + ln(N / df)) to the hits holding them. */
    const char *const *entity_prefixes;
    size_t nentity_prefixes;
    double entity_weight;
    /* Documents like the one indexed by this term (it excluded); the
     * text, if any, then filters them. NULL: none. */
    const char *like_term;
    unsigned like_terms; /* expand terms used */
    /* Count over every match: entries of spy_list_slot (lines), values
     * of spy_source_slot and days of spy_time_slot (sortable seconds). */
    int spy;
    unsigned spy_list_slot, spy_source_slot, spy_time_slot;
    /* Related terms (with these prefixes) from the top hits; 0: none. */
    unsigned related;
    const char *const *related_prefixes;
    size_t nrelated_prefixes;
    int spelling; /* compute a spelling correction of the text */
    /* Keep the best hit per value of 'collapse_slot' (when 'collapse';
     * documents with an empty value are never collapsed). */
    int collapse;
    unsigned collapse_slot;
} ndi_xquery;

/*
 * Parse and run a query: every word is optional, but documents holding
 * all of them are weighted as if matched twice, so they come first.
 * Returns ND_OK, ND_EQUERY (does not parse), ND_EMODIFIED or ND_EXAPIAN.
 * '*out' is the caller's (ndi_xmset_free).
 */
nd_status ndi_xdb_search(ndi_xdb *x, const ndi_xquery *q, ndi_xmset **out);
void ndi_xmset_free(ndi_xmset *m);
uint64_t ndi_xmset_total(const ndi_xmset *m);
size_t ndi_xmset_size(const ndi_xmset *m);
ndi_docid ndi_xmset_docid(const ndi_xmset *m, size_t i);
double ndi_xmset_weight(const ndi_xmset *m, size_t i);
nd_status ndi_xmset_data(ndi_xmset *m, size_t i, nd_buf *out);
nd_status ndi_xmset_value(ndi_xmset *m, size_t i, unsigned slot, nd_buf *out);
/* With collapse: how many matches were collapsed into hit i (a lower
 * bound: Xapian counts those it met). */
uint64_t ndi_xmset_collapse_count(const ndi_xmset *m, size_t i);
/*
 * Run the query again restricted to documents holding 'term' (no
 * collapse): '*count' gets the exact number of matches, 'ids' the first
 * 'max' of them by rank ('*nids' how many).
 */
nd_status ndi_xmset_filtered(ndi_xmset *m, const char *term, size_t max,
                             uint64_t *count, ndi_docid *ids, size_t *nids);
/*
 * A snippet of about 'len' bytes of 'text' around the query's terms, the
 * terms between "\x01" and "\x02", omissions as "...". Plain text: no
 * escaping. Appended to 'out'.
 */
nd_status ndi_xmset_snippet(ndi_xmset *m, const char *text, size_t tlen,
                            size_t len, nd_buf *out);

/* The query as Xapian understood it. */
nd_status ndi_xmset_description(ndi_xmset *m, nd_buf *out);
/* The spelling correction of the query text ("" when none). */
nd_status ndi_xmset_spelling(ndi_xmset *m, nd_buf *out);
/* Entity terms the query's words were found to name. */
typedef nd_status (*ndi_xstr_fn)(void *ctx, const char *s, size_t len,
                                 double n);
nd_status ndi_xmset_entities(ndi_xmset *m, ndi_xstr_fn fn, void *ctx);
/* What the spy counted: kind 0 list entries, 1 sources, 2 days (the
 * string is the day number since the epoch); 'n' is the count. */
nd_status ndi_xmset_spy(ndi_xmset *m, int kind, ndi_xstr_fn fn, void *ctx);
/* Related terms, best first, 'n' their expand weight. */
nd_status ndi_xmset_related(ndi_xmset *m, ndi_xstr_fn fn, void *ctx);

/* Spelling data: words of each document written from now on are added
 * to the spelling table (writable databases). */
void ndi_xdb_set_spelling(ndi_xdb *x, int on);

/* Open writable collections as 'n' shards (n > 1; before ndi_xdb_open):
 * 'path' becomes a directory of shard0..shardN-1 and a Xapian stub file
 * XAPIANDB naming them. A collection with a stub is opened sharded
 * whatever 'n' is (n > 1 must then match). Documents go to the shard
 * their unique term hashes to (FNV-1a), metadata to every shard, and
 * commits and compaction run in parallel, a thread per shard. */
void ndi_xdb_set_shards(ndi_xdb *x, unsigned n);
/* Parallel writers (before ndi_xdb_open): when the open creates a new
 * sharded collection, each shard gets a writer thread of its own;
 * ndi_xdb_replace() then hands the document (and its ownership: the
 * ndi_xdoc is left empty) to the shard's thread, metadata goes to every
 * shard's queue, and ndi_xdb_commit() waits for all. Every other call
 * first waits for the queues to drain. */
void ndi_xdb_set_parallel(ndi_xdb *x, int on);
/* Whether the parallel writers run. */
int ndi_xdb_parallel(const ndi_xdb *x);
/* ndi_xdb_compact() of a sharded collection writes one database (the
 * shards merged) instead of compacted shards and a stub. */
void ndi_xdb_set_merge(ndi_xdb *x, int on);
/* The highest document id in use (0: none). */
nd_status ndi_xdb_lastdocid(ndi_xdb *x, ndi_docid *out);

/* Xapian's "sortable" encoding of a number, for value slots, and back. */
nd_status ndi_x_sortable(double v, nd_buf *out);
double ndi_x_unsortable(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* NDI_XDB_H */
