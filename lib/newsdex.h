/* SPDX-License-Identifier: MIT */
/*
 * newsdex.h - the public C API of libnewsdex.
 *
 * Everything here is an opaque handle, an enum, an option struct or an
 * ND_API prototype. Every function that can fail returns nd_status; the
 * detail of the last failure on a handle is nd_errmsg(handle).
 *
 * The pipeline: nd_walk finds source files in an archive, nd_reader turns
 * one file into nd_article values, nd_record (de)serializes an article as a
 * WARC record, nd_indexer writes articles into a collection (a Xapian
 * database), nd_search answers queries from it. nd_run drives the whole
 * ingest/index pipeline with worker threads.
 */
#ifndef NEWSDEX_H
#define NEWSDEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ND_API __attribute__((visibility("default")))
#else
#define ND_API
#endif

#define ND_VERSION_STRING "0.1.0"

/* Statuses. Never renumber or remove one; add new ones before the count. */
typedef enum nd_status {
    ND_OK = 0,
    ND_DONE,      /* an iteration ended: not an error */
    ND_ENOMEM,    /* out of memory */
    ND_EINVAL,    /* invalid argument */
    ND_EIO,       /* reading or writing a file failed */
    ND_EFORMAT,   /* input is not in a format newsdex reads, or is broken */
    ND_ETOOBIG,   /* input exceeds a documented cap */
    ND_ENOTFOUND, /* no such collection, article or file */
    ND_EQUERY,    /* the query does not parse */
    ND_EXAPIAN,   /* the Xapian library reported an error */
    ND_ELOCKED,   /* the collection is locked by another writer */
    ND_EMODIFIED, /* the collection changed while reading: reopen, retry */
    ND_ECORRUPT,  /* the collection or a stored record is damaged */
    ND_EVERSION,  /* the collection has an unknown schema version */
    ND_EINTERNAL, /* a broken invariant: a bug in newsdex */
    ND_STATUS_COUNT
} nd_status;

/* Fixed text for a status; never NULL. */
ND_API const char *nd_strerror(nd_status st);

/*
 * The detail of the last failure on 'handle' (any newsdex handle), such as
 * the path and errno text. Never NULL; "" when nothing failed. Valid until
 * the next call on that handle.
 */
ND_API const char *nd_errmsg(const void *handle);

/* ------------------------------------------------------------------ */
/* nd_buf: a growable byte buffer the caller owns.                     */

typedef struct nd_buf nd_buf;

/* Allocate an empty buffer in '*out'. Returns ND_OK or ND_ENOMEM. */
ND_API nd_status nd_buf_new(nd_buf **out);
ND_API void nd_buf_free(nd_buf *b);
/* The bytes, always followed by a NUL that len does not count. Borrowed
 * until the next change of 'b'. */
ND_API const char *nd_buf_data(const nd_buf *b);
ND_API size_t nd_buf_len(const nd_buf *b);
ND_API void nd_buf_clear(nd_buf *b);
/* Append 'len' bytes. Returns ND_OK or ND_ENOMEM. */
ND_API nd_status nd_buf_append(nd_buf *b, const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* nd_article: one normalized news article.                            */

typedef struct nd_article nd_article;

/* Text fields of an article. All are valid UTF-8 (NFC) without control
 * characters; only ND_F_BODY holds newlines ("\n\n" between paragraphs). */
typedef enum nd_field {
    ND_F_ID, /* unique id: 16 hex digits */
    ND_F_TITLE,
    ND_F_BYLINE,
    ND_F_DATELINE,
    ND_F_SOURCE,  /* publisher */
    ND_F_URL,     /* the article's own URL, or "" */
    ND_F_PATH,    /* source file path as given to the tool */
    ND_F_ABSPATH, /* absolute source file path: the file's identity */
    ND_F_DOCNO,   /* the format's own id (NEWID, itemid, doc-id, ...) */
    ND_F_LANG,    /* ISO 639-1 code */
    ND_F_FORMAT,  /* input format name: "html", "reuters", ... */
    ND_F_BODY,
    ND_F_COUNT
} nd_field;

/* Where an article's publication date came from. */
typedef enum nd_datesrc {
    ND_DATE_NONE = 0,
    ND_DATE_DOCUMENT, /* stated in the document */
    ND_DATE_MTIME     /* the file's modification time, as a fallback */
} nd_datesrc;

/* Named entity types. */
typedef enum nd_entity_type {
    ND_ENT_PERSON = 0,
    ND_ENT_PLACE,
    ND_ENT_ORG,
    ND_ENT_COUNT
} nd_entity_type;

/* The identity of a source file, as recorded for incremental runs. */
typedef struct nd_filestate {
    int64_t size;     /* bytes on disk */
    int64_t mtime_ns; /* modification time, ns since the epoch */
    char hash[33];    /* hex digest of the file's bytes, or "" */
    uint32_t items;   /* articles the file held */
} nd_filestate;

/* Allocate an empty article. Returns ND_OK or ND_ENOMEM. */
ND_API nd_status nd_article_new(nd_article **out);
ND_API void nd_article_free(nd_article *a);
/* A text field; never NULL ("" when unset). Borrowed until the field is
 * set again or the article is freed. */
ND_API const char *nd_article_get(const nd_article *a, nd_field f);
/*
 * Set a text field to 'len' bytes of 's', normalized: converted to valid
 * UTF-8 (invalid bytes read as Windows-1252), NFC, controls removed and
 * whitespace collapsed (ND_F_BODY keeps paragraph breaks). ND_F_PATH and
 * ND_F_ABSPATH are stored byte for byte.
 * Returns ND_OK, ND_EINVAL (bad field) or ND_ENOMEM.
 */
ND_API nd_status nd_article_set(nd_article *a, nd_field f, const char *s,
                                size_t len);
ND_API const char *nd_article_title(const nd_article *a);
ND_API const char *nd_article_body(const nd_article *a);
/* Publication time in seconds since the epoch (UTC) and its provenance. */
ND_API int64_t nd_article_date(const nd_article *a);
ND_API nd_datesrc nd_article_datesrc(const nd_article *a);
ND_API void nd_article_set_date(nd_article *a, int64_t t, nd_datesrc src);
/* 0-based position of the article in its source file. */
ND_API uint32_t nd_article_item(const nd_article *a);
ND_API void nd_article_set_item(nd_article *a, uint32_t item);
/* The source file's identity (borrowed), and a setter that copies it. */
ND_API const nd_filestate *nd_article_file(const nd_article *a);
ND_API void nd_article_set_file(nd_article *a, const nd_filestate *fs);
/* Entities: add one (name normalized like a text field; duplicates of the
 * same type and name are kept once), count them, read the i-th. */
ND_API nd_status nd_article_add_entity(nd_article *a, nd_entity_type type,
                                       const char *name, size_t len);
ND_API size_t nd_article_entity_count(const nd_article *a);
/* The i-th entity's name (borrowed) with its type in '*type_out', or
 * NULL when i is out of range. */
ND_API const char *nd_article_entity(const nd_article *a, size_t i,
                                     nd_entity_type *type_out);
/*
 * Give the article its id: 16 hex digits of a 64-bit hash of its absolute
 * path and item, so the same article gets the same id on every run.
 * Returns ND_OK, or ND_EINVAL when ND_F_ABSPATH is unset.
 */
ND_API nd_status nd_article_make_id(nd_article *a);

/* ------------------------------------------------------------------ */
/* nd_record: an article as a WARC/1.1 "conversion" record (doc/record.md) */

/* Append the article's record (headers, blank line, body, CRLF CRLF) to
 * 'out'. Returns ND_OK, ND_EINVAL (no id) or ND_ENOMEM. */
ND_API nd_status nd_record_write(const nd_article *a, nd_buf *out);
/*
 * Parse one record from 'data' and give the article in '*out' and the
 * bytes it used in '*used' (may be NULL).
 * Returns ND_OK, ND_DONE (only whitespace left), ND_EFORMAT (not a record
 * newsdex reads; nd_errmsg(out_holder) unavailable: the message is in
 * 'err', which may be NULL) or ND_ENOMEM.
 */
ND_API nd_status nd_record_read(const char *data, size_t len, nd_article **out,
                                size_t *used, nd_buf *err);
/* The record, zlib-compressed, as stored in a collection. */
ND_API nd_status nd_record_compress(const nd_article *a, nd_buf *out);
/* Inverse of nd_record_compress. Returns ND_OK, ND_ECORRUPT (message in
 * 'err' if not NULL) or ND_ENOMEM. */
ND_API nd_status nd_record_decompress(const void *data, size_t len,
                                      nd_article **out, nd_buf *err);

/* ------------------------------------------------------------------ */
/* Limits on untrusted input, each overridable.                        */

typedef struct nd_limits {
    size_t max_file_bytes;     /* bytes read from one file */
    size_t max_inflated_bytes; /* bytes after gunzip of one file */
    size_t max_article_bytes;  /* text kept per article */
    size_t max_items;          /* articles per file */
    unsigned max_depth;        /* directory nesting depth */
} nd_limits;

/* 64 MiB read, 256 MiB inflated, 4 MiB text, 100000 items, depth 256. */
#define ND_LIMITS_INIT                                 \
    {                                                  \
        64u << 20, 256u << 20, 4u << 20, 100000u, 256u \
    }

/* ------------------------------------------------------------------ */
/* nd_walk: the source files under an archive root.                    */

typedef struct nd_walk nd_walk;

typedef enum nd_entry_kind {
    ND_ENTRY_NEWS = 0, /* a file newsdex reads */
    ND_ENTRY_IGNORED,  /* a file whose name says it is not news */
    ND_ENTRY_SKIPPED   /* cannot be read: link, device, error; see reason */
} nd_entry_kind;

typedef struct nd_entry {
    const char *path;    /* root as given + relative path */
    const char *abspath; /* absolute path */
    const char *reason;  /* why skipped, or NULL */
    nd_entry_kind kind;
    int64_t size;
    int64_t mtime_ns;
} nd_entry;

ND_API nd_status nd_walk_new(nd_walk **out);
ND_API void nd_walk_free(nd_walk *w);
/*
 * Start walking 'root' (a directory or one file; a link given as root is
 * followed, links inside it never are). Entries come in byte order of
 * their names. Returns ND_OK, ND_ENOTFOUND or ND_EIO (nd_errmsg names
 * the root).
 */
ND_API nd_status nd_walk_open(nd_walk *w, const char *root,
                              const nd_limits *lim);
/* The next entry in '*out' (borrowed until the next call). Returns ND_OK
 * or ND_DONE. A directory that cannot be read is an ND_ENTRY_SKIPPED
 * entry, not an error. */
ND_API nd_status nd_walk_next(nd_walk *w, nd_entry *out);

/* Whether a file name is one newsdex reads (1) or ignores (0). */
ND_API int nd_name_is_news(const char *name);

/* ------------------------------------------------------------------ */
/* nd_reader: one source file -> articles.                             */

typedef struct nd_reader nd_reader;

ND_API nd_status nd_reader_new(nd_reader **out);
ND_API void nd_reader_free(nd_reader *r);
/*
 * Read the file at 'path' (opened without following a final link; never
 * blocks on FIFOs), gunzip it if it is gzip, detect its format and parse
 * it. 'abspath' is the file's identity (NULL: same as path).
 * Returns ND_OK, ND_EIO, ND_ETOOBIG, ND_EFORMAT or ND_ENOMEM; nd_errmsg
 * says why, without the path (the caller prints it).
 */
ND_API nd_status nd_reader_open(nd_reader *r, const char *path,
                                const char *abspath, const nd_limits *lim);
/* The same from memory: 'name' is used for detection and as the path. */
ND_API nd_status nd_reader_open_mem(nd_reader *r, const char *name,
                                    const void *data, size_t len,
                                    const nd_limits *lim);
/* Next article in '*out' (the caller's). Returns ND_OK or ND_DONE. */
ND_API nd_status nd_reader_next(nd_reader *r, nd_article **out);
/* The format detected ("html", "reuters", ...) or "" before a parse. */
ND_API const char *nd_reader_format(const nd_reader *r);
/* Identity of the file read: size, mtime, content hash, items. */
ND_API const nd_filestate *nd_reader_file(const nd_reader *r);
/* Articles of the file that could not be used; 'i' from 0. Returns the
 * reason (borrowed) or NULL past the end; '*item_out' is the item. */
ND_API const char *nd_reader_item_error(const nd_reader *r, size_t i,
                                        uint32_t *item_out);

/* ------------------------------------------------------------------ */
/* nd_indexer: writes articles into a collection.                      */

typedef struct nd_indexer nd_indexer;

ND_API nd_status nd_indexer_new(nd_indexer **out);
ND_API void nd_indexer_free(nd_indexer *ix);
/*
 * Open (creating if needed) the collection directory 'path' for writing.
 * Returns ND_OK, ND_ELOCKED (another writer), ND_EVERSION, ND_ECORRUPT,
 * ND_EIO or ND_EXAPIAN.
 */
ND_API nd_status nd_indexer_open(nd_indexer *ix, const char *path);
/* Write a new collection as 'n' shards (before nd_indexer_open; 0 or 1:
 * one database). See doc/index.md, "Shards". */
ND_API void nd_indexer_set_shards(nd_indexer *ix, unsigned n);
/*
 * Add or replace (by id) one article; its file state is not touched.
 * Returns ND_OK, ND_EINVAL (no id) or ND_EXAPIAN.
 */
ND_API nd_status nd_indexer_add(nd_indexer *ix, const nd_article *a);
/* Commit what was written and close. Returns ND_OK or an error from the
 * commit (then nothing of the open batch is kept). */
ND_API nd_status nd_indexer_close(nd_indexer *ix);

/* ------------------------------------------------------------------ */
/* nd_run: the ingest + index pipeline (walk, parse in threads, write). */

typedef struct nd_run nd_run;

typedef struct nd_run_stats {
    uint64_t files_seen;      /* news files found */
    uint64_t files_ignored;   /* not news by name */
    uint64_t files_skipped;   /* could not be read or parsed */
    uint64_t files_unchanged; /* same size, mtime (or content) as before */
    uint64_t files_total;     /* expected, for progress; 0 if unknown */
    uint64_t bytes_read;
    uint64_t articles_added;
    uint64_t articles_updated;
    uint64_t articles_unchanged;
    uint64_t articles_removed;
    uint64_t items_skipped; /* articles of a file that were unusable */
    int compacted;          /* the collection was compacted */
    double elapsed;         /* seconds */
} nd_run_stats;

/* Called for every file or item that was skipped. 'item' is -1 for a
 * whole file. */
typedef void (*nd_error_fn)(void *ctx, const char *path, long item,
                            const char *reason);
/* Called about 4 times a second while a run goes on. */
typedef void (*nd_progress_fn)(void *ctx, const nd_run_stats *stats);

typedef enum nd_run_mode {
    ND_RUN_INDEX = 0, /* write a collection */
    ND_RUN_INGEST     /* write a .warc.gz stream */
} nd_run_mode;

/* Whether a run compacts the collection at its end. Xapian's B-trees grow
 * to up to twice their size over many commits; a compacted copy swapped in
 * takes about half the disk space. */
typedef enum nd_compact_mode {
    ND_COMPACT_AUTO = 0, /* when the run wrote at least half the articles */
    ND_COMPACT_ALWAYS,
    ND_COMPACT_NEVER
} nd_compact_mode;

typedef struct nd_run_opts {
    nd_run_mode mode;
    const char *collection; /* ND_RUN_INDEX */
    FILE *warc_out;         /* ND_RUN_INGEST: where the stream goes */
    unsigned threads;       /* parser threads; 0: one per core */
    unsigned batch;         /* articles per commit; 0: 1000 */
    int prune;              /* remove articles of vanished files */
    int count_first;        /* walk once to count files (for ETA) */
    nd_limits limits;
    nd_error_fn on_error;
    nd_progress_fn on_progress;
    void *ctx;
    nd_compact_mode compact; /* compact the collection after the run */
    /* nd_run_rebuild: leave damaged records out (reported, counted as
       items_skipped) instead of failing */
    int repair;
    unsigned shards;  /* a new collection in this many shards */
    unsigned writers; /* writer threads for a new unsharded collection
                         (0: one per core, at most 4) */
} nd_run_opts;

#define ND_RUN_OPTS_INIT                                                  \
    {                                                                     \
        ND_RUN_INDEX, NULL, NULL, 0, 0, 0, 0, ND_LIMITS_INIT, NULL, NULL, \
            NULL, ND_COMPACT_AUTO, 0, 0, 0                                \
    }

ND_API nd_status nd_run_new(nd_run **out);
ND_API void nd_run_free(nd_run *run);
/*
 * Ingest every path in 'paths' ("-" reads a newsdex .warc.gz stream from
 * stdin) as 'opts' says. Files that cannot be read are reported through
 * opts->on_error and counted; they do not stop the run.
 * Returns ND_OK when every input was used, ND_DONE when some were skipped
 * (not an error), or an error that stopped the run (ND_ELOCKED, ND_EIO on
 * the output, ...; nd_errmsg(run) says why). Statistics in '*stats'.
 */
ND_API nd_status nd_run_paths(nd_run *run, const nd_run_opts *opts,
                              const char *const *paths, size_t npaths,
                              nd_run_stats *stats);
/*
 * Re-analyze the records stored in opts->collection into a fresh database
 * and swap it in atomically (callbacks and batch from 'opts'). Returns
 * ND_OK or an error (ND_ECORRUPT names a damaged record); on error the
 * collection is unchanged.
 */
ND_API nd_status nd_run_rebuild(nd_run *run, const nd_run_opts *opts,
                                nd_run_stats *stats);

/* nd_verify: check a collection. */
typedef struct nd_verify_stats {
    uint64_t documents;       /* documents whose record was checked */
    uint64_t damaged_tables;  /* Xapian table files that fail the check */
    uint64_t damaged_records; /* records that do not decompress, parse or
                                 agree with their document's id */
} nd_verify_stats;

/* Check the collection at 'collection': every Xapian table as
 * xapian-check does, then every stored record (decompresses, parses,
 * agrees with its id term and id value). Each problem is passed to
 * on_damage(ctx, path, -1, reason), 'path' naming the damaged table file
 * or the collection (the reason then names the article). Returns ND_OK
 * when sound, ND_ECORRUPT when damaged, ND_ELOCKED (a writer holds the
 * collection; it is held locked while checking), ND_ENOTFOUND, ND_EINVAL
 * or ND_ENOMEM. */
ND_API nd_status nd_verify(const char *collection, nd_error_fn on_damage,
                           void *ctx, nd_verify_stats *stats);
/* The i-th skipped input of the last run (from 0): its path, with the
 * item in '*item_out' (-1: the whole file) and the reason in
 * '*reason_out'; NULL past the end. Borrowed until the next run. */
ND_API const char *nd_run_error(const nd_run *run, size_t i, long *item_out,
                                const char **reason_out);

/* ------------------------------------------------------------------ */
/* nd_search: queries against a collection.                            */

typedef struct nd_search nd_search;
typedef struct nd_hits nd_hits;

/* Orders of hits: best first, newest first, oldest first. */
typedef enum nd_sort {
    ND_SORT_RELEVANCE = 0,
    ND_SORT_DATE,
    ND_SORT_OLDEST
} nd_sort;

/* Periods of a histogram of matches. */
typedef enum nd_period {
    ND_PERIOD_NONE = 0,
    ND_PERIOD_DAY,
    ND_PERIOD_MONTH,
    ND_PERIOD_YEAR
} nd_period;

/* Facets counted over all matches (ND_FACET_MONTH: "YYYY-MM"). */
typedef enum nd_facet {
    ND_FACET_PERSON = 0,
    ND_FACET_PLACE,
    ND_FACET_ORG,
    ND_FACET_SOURCE,
    ND_FACET_MONTH,
    ND_FACET_COUNT
} nd_facet;

typedef struct nd_search_opts {
    unsigned offset;      /* hits to skip */
    unsigned count;       /* hits to return */
    unsigned snippet_len; /* characters of snippet; 0: none */
    nd_sort sort;
    int recent;          /* relevance blended with recency (README) */
    int facets;          /* count facets and related entities */
    nd_period histogram; /* count matches per period */
    int no_entities;     /* no entity-aware matching of query words */
    const char *like;    /* an article id: articles like it; NULL: none */
    int64_t now;         /* "now" of relative dates (date:2w..); 0: clock */
    /* Near-duplicates: one hit per cluster, its best-ranked match (1) or
     * every match (0); with collapse, the ids of up to 'duplicate_ids'
     * collapsed hits per hit (0: none). */
    int collapse;
    unsigned duplicate_ids;
} nd_search_opts;

#define ND_SEARCH_OPTS_INIT                                                   \
    {                                                                         \
        0, 10, 200, ND_SORT_RELEVANCE, 0, 0, ND_PERIOD_NONE, 0, NULL, 0, 1, 0 \
    }

ND_API nd_status nd_search_new(nd_search **out);
ND_API void nd_search_free(nd_search *s);
/* Open the collection at 'path' for reading. Returns ND_OK, ND_ENOTFOUND,
 * ND_EVERSION, ND_ECORRUPT or ND_EXAPIAN. */
ND_API nd_status nd_search_open(nd_search *s, const char *path);
/*
 * Run 'query' and give its ranked hits in '*out'.
 * Returns ND_OK, ND_EQUERY (query does not parse) or ND_EMODIFIED (index
 * changed while reading: reopen, retry). On error *out is NULL and
 * nd_errmsg(s) says why.
 * Ownership: *out is the caller's (nd_hits_free); it borrows 's'.
 */
ND_API nd_status nd_search_run(nd_search *s, const char *query,
                               const nd_search_opts *opts, nd_hits **out);

typedef struct nd_collection_stats {
    uint64_t articles;
    uint64_t sources;   /* distinct publishers */
    uint64_t files;     /* source files recorded */
    int has_dates;      /* whether any article has a date */
    int64_t first_date; /* earliest publication time */
    int64_t last_date;
    uint64_t disk_bytes; /* size of the collection directory */
    unsigned schema;
} nd_collection_stats;

ND_API nd_status nd_search_stats(nd_search *s, nd_collection_stats *out);

ND_API void nd_hits_free(nd_hits *h);
/* Estimated number of matches and the number of hits held. */
ND_API uint64_t nd_hits_total(const nd_hits *h);
ND_API size_t nd_hits_count(const nd_hits *h);
/* The number of hits skipped before the first one (the query's offset). */
ND_API unsigned nd_hits_offset(const nd_hits *h);
/* The i-th hit's article (borrowed until nd_hits_free), its rank (from
 * 1), BM25 score, and snippet with the query terms between "\x01" and
 * "\x02" ("" when none). */
ND_API const nd_article *nd_hits_article(const nd_hits *h, size_t i);
ND_API unsigned nd_hits_rank(const nd_hits *h, size_t i);
ND_API double nd_hits_score(const nd_hits *h, size_t i);
ND_API const char *nd_hits_snippet(const nd_hits *h, size_t i);
/* Whether facets were counted; facet 'f': its number of entries, and the i-th
 * entry's name (borrowed until nd_hits_free; NULL past the end) with the
 * number of matches holding it in '*count_out', largest first. */
ND_API int nd_hits_has_facets(const nd_hits *h);
ND_API size_t nd_hits_facet_count(const nd_hits *h, nd_facet f);
ND_API const char *nd_hits_facet(const nd_hits *h, nd_facet f, size_t i,
                                 uint64_t *count_out);
/* Related entities of the best hits (Xapian's expand set), best first:
 * the i-th entity's name (lower case) with its type and expand weight;
 * NULL past the end. */
ND_API const char *nd_hits_related(const nd_hits *h, size_t i,
                                   nd_entity_type *type_out,
                                   double *weight_out);
/* The histogram (nd_search_opts.histogram): its period, and the i-th
 * bucket's period ("2024", "2024-03" or "2024-03-05") with its number of
 * matches in '*count_out', oldest first; NULL past the end. */
ND_API nd_period nd_hits_histogram_period(const nd_hits *h);
ND_API const char *nd_hits_histogram(const nd_hits *h, size_t i,
                                     uint64_t *count_out);
/* "Did you mean": a spelling correction of the query when it found few
 * matches, else "". */
ND_API const char *nd_hits_suggestion(const nd_hits *h);
/* How the query was understood, as lines of text (--explain). */
ND_API const char *nd_hits_explain(const nd_hits *h);
/* The i-th hit's near-duplicate cluster key (16 hex digits, the same for
 * every member), or NULL when no other article is in its cluster. */
ND_API const char *nd_hits_cluster(const nd_hits *h, size_t i);
/* With collapse: how many other matches of its cluster the i-th hit
 * stands for (0 without collapse). */
ND_API uint64_t nd_hits_duplicates(const nd_hits *h, size_t i);
/* With duplicate_ids: the id of the j-th of them (best first), NULL past
 * the last one fetched. Borrowed until nd_hits_free. */
ND_API const char *nd_hits_duplicate_id(const nd_hits *h, size_t i, size_t j);

/* ------------------------------------------------------------------ */
/* Rendering hits.                                                     */

typedef enum nd_render_fmt { ND_RENDER_TEXT = 0, ND_RENDER_JSON } nd_render_fmt;

/* Write 'h' to 'out' as text ('tty' non-zero: bold highlights) or as the
 * versioned JSON of doc/json.md. Returns ND_OK or ND_EIO. */
ND_API nd_status nd_render_hits(const nd_hits *h, const char *query,
                                nd_render_fmt fmt, int tty, FILE *out);
/* Write a run's statistics and skipped inputs as the JSON report of
 * newsdex-index --report (doc/json.md). Returns ND_OK or ND_EIO. */
ND_API nd_status nd_render_report(const nd_run *run, const nd_run_stats *st,
                                  FILE *out);
/* Parts of one output written page by page (nd_render_hits_part). */
enum { ND_RENDER_FIRST = 1, ND_RENDER_LAST = 2 };
/* Write one page of a long result as part of one output: the first part
 * (ND_RENDER_FIRST in 'part') writes what precedes the hits (JSON: every
 * top-level key but "count"; facets and the like come from this page),
 * each part its hits ('done' hits were written before it), the last
 * (ND_RENDER_LAST) what follows them (JSON: "count"). FIRST|LAST is
 * nd_render_hits. Returns ND_OK, ND_ENOMEM or ND_EIO. */
ND_API nd_status nd_render_hits_part(const nd_hits *h, const char *query,
                                     nd_render_fmt fmt, int tty, unsigned part,
                                     size_t done, FILE *out);
/* Write 'h' as TREC run lines "QID Q0 DOCNO RANK SCORE TAG" (DOCNO: the
 * format's own id, else the article id). Returns ND_OK or ND_EIO. */
ND_API nd_status nd_render_trec(const nd_hits *h, const char *qid,
                                const char *tag, FILE *out);
ND_API nd_status nd_render_stats(const nd_collection_stats *st,
                                 const char *path, nd_render_fmt fmt,
                                 FILE *out);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDEX_H */
