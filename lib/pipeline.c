/* SPDX-License-Identifier: MIT */
/*
 * pipeline.c - nd_run: the ingest and index pipeline.
 *
 * The calling thread walks the archive, decides from the recorded file
 * state what needs reading, and is the only writer. Worker threads read,
 * parse, normalize and build each file's documents (or WARC records).
 * Results are consumed in submission order, so a run's output does not
 * depend on thread timing, and at most WINDOW files are in flight, so
 * memory stays bounded whatever the archive's size.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "article.h"
#include "index.h"
#include "langid.h"
#include "ndi.h"
#include "reader.h"
#include "record.h"
#include "schema.h"

enum job_kind { JOB_FILE, JOB_ARTICLES };

typedef struct item_err {
    uint32_t item;
    char *reason;
} item_err;

typedef struct job {
    enum job_kind kind;
    char *path, *abspath;
    int have_old;
    ndi_filerec old;
    int64_t walk_size, walk_mtime;
    /* JOB_ARTICLES input: records already normalized (stream) */
    nd_article **in;
    size_t nin;
    /* results */
    int done;
    nd_status st;
    char reason[NDI_ERRMSG_MAX];
    nd_filestate fs;
    int same_content;
    ndi_prepared *prep;
    uint32_t *items;
    size_t nprep;
    nd_buf warc; /* ingest: gzip members of the file's records */
    size_t nrecords;
    item_err *errs;
    size_t nerrs;
} job;

typedef struct run_err {
    char *path;
    long item;
    char *reason;
} run_err;

struct nd_run {
    ndi_hdr hdr;
    nd_run_opts o;
    nd_run_stats stats;
    nd_indexer *ix;
    /* the worker pool */
    pthread_t *threads;
    unsigned nthreads;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    int pool_started, stopping;
    job **ring; /* in-flight jobs by sequence number */
    size_t window;
    uint64_t next_submit, next_take, next_consume;
    /* errors of the last run */
    run_err *errs;
    size_t nerrs, caperrs;
    struct timespec t0, last_progress;
    nd_status fatal;
};

/* Errors kept for nd_run_error(); past this only counted. */
#define MAX_KEPT_ERRORS 100000

static double
since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) +
           (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

nd_status
nd_run_new(nd_run **out)
{
    nd_run *r = calloc(1, sizeof *r);
    *out = r;
    if (r == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&r->hdr);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->work_cv, NULL);
    pthread_cond_init(&r->done_cv, NULL);
    return ND_OK;
}

static void
clear_errors(nd_run *r)
{
    for (size_t i = 0; i < r->nerrs; i++) {
        free(r->errs[i].path);
        free(r->errs[i].reason);
    }
    r->nerrs = 0;
}

void
nd_run_free(nd_run *r)
{
    if (r == NULL)
        return;
    clear_errors(r);
    free(r->errs);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->work_cv);
    pthread_cond_destroy(&r->done_cv);
    free(r);
}

const char *
nd_run_error(const nd_run *r, size_t i, long *item_out, const char **reason_out)
{
    if (i >= r->nerrs)
        return NULL;
    if (item_out != NULL)
        *item_out = r->errs[i].item;
    if (reason_out != NULL)
        *reason_out = r->errs[i].reason;
    return r->errs[i].path;
}

/* Report a skipped file (item -1) or item. */
static void
report(nd_run *r, const char *path, long item, const char *reason)
{
    if (r->o.on_error != NULL)
        r->o.on_error(r->o.ctx, path, item, reason);
    if (r->nerrs >= MAX_KEPT_ERRORS)
        return;
    if (r->nerrs == r->caperrs) {
        size_t c = r->caperrs ? r->caperrs * 2 : 16;
        run_err *e = realloc(r->errs, c * sizeof *e);
        if (e == NULL)
            return; /* the callback has it; the list is best effort */
        r->errs = e;
        r->caperrs = c;
    }
    run_err *e = &r->errs[r->nerrs];
    e->path = ndi_strndup(path, strlen(path));
    e->reason = ndi_strndup(reason, strlen(reason));
    e->item = item;
    if (e->path == NULL || e->reason == NULL) {
        free(e->path);
        free(e->reason);
        return;
    }
    r->nerrs++;
}

static void
progress(nd_run *r, int force)
{
    if (r->o.on_progress == NULL)
        return;
    if (!force && since(&r->last_progress) < 0.25)
        return;
    clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
    r->stats.elapsed = since(&r->t0);
    r->o.on_progress(r->o.ctx, &r->stats);
}

/* ---- jobs ------------------------------------------------------------ */

static void
job_free(job *j)
{
    if (j == NULL)
        return;
    free(j->path);
    free(j->abspath);
    for (size_t i = 0; i < j->nin; i++)
        nd_article_free(j->in[i]);
    free(j->in);
    for (size_t i = 0; i < j->nprep; i++)
        ndi_prepared_clear(&j->prep[i]);
    free(j->prep);
    free(j->items);
    free(j->warc.data);
    for (size_t i = 0; i < j->nerrs; i++)
        free(j->errs[i].reason);
    free(j->errs);
    free(j);
}

static job *
job_new(enum job_kind kind, const char *path, const char *abspath)
{
    job *j = calloc(1, sizeof *j);
    if (j == NULL)
        return NULL;
    j->kind = kind;
    ndi_hdr_init(&j->warc.hdr);
    j->path = ndi_strndup(path, strlen(path));
    j->abspath = ndi_strndup(abspath, strlen(abspath));
    if (j->path == NULL || j->abspath == NULL) {
        job_free(j);
        return NULL;
    }
    return j;
}

static nd_status
job_item_error(job *j, uint32_t item, const char *reason)
{
    item_err *e = realloc(j->errs, (j->nerrs + 1) * sizeof *e);
    if (e == NULL)
        return ND_ENOMEM;
    j->errs = e;
    e[j->nerrs].item = item;
    e[j->nerrs].reason = ndi_strndup(reason, strlen(reason));
    if (e[j->nerrs].reason == NULL)
        return ND_ENOMEM;
    j->nerrs++;
    return ND_OK;
}

/* Append 'rec' to 'out' as one gzip member. */
static nd_status
gzip_member(const nd_buf *rec, nd_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return ND_ENOMEM;
    uLong bound = deflateBound(&z, (uLong)rec->len) + 32;
    nd_status st = ndi_buf_reserve(out, bound);
    if (st == ND_OK) {
        z.next_in = (Bytef *)rec->data;
        z.avail_in = (uInt)rec->len;
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)bound;
        if (deflate(&z, Z_FINISH) != Z_STREAM_END)
            st = ND_EINTERNAL;
        else {
            out->len += bound - z.avail_out;
            out->data[out->len] = '\0';
        }
    }
    deflateEnd(&z);
    return st;
}

/* Turn one article into what the writer needs. */
static nd_status
job_take_article(nd_run *r, job *j, nd_article *a, nd_buf *tmp, ndi_hdr *h)
{
    /* the language the document states, else the one its text shows */
    nd_status st = ndi_langid_article(a);
    if (st != ND_OK)
        return ndi_fail(h, st, "out of memory");
    if (r->o.mode == ND_RUN_INGEST) {
        nd_buf_clear(tmp);
        st = nd_record_write(a, tmp);
        if (st == ND_OK)
            st = gzip_member(tmp, &j->warc);
        if (st == ND_OK)
            j->nrecords++;
        return st == ND_OK ? ND_OK : ndi_fail(h, st, "cannot write the record");
    }
    ndi_prepared *p = realloc(j->prep, (j->nprep + 1) * sizeof *p);
    if (p == NULL)
        return ndi_fail(h, ND_ENOMEM, "out of memory");
    j->prep = p;
    uint32_t *it = realloc(j->items, (j->nprep + 1) * sizeof *it);
    if (it == NULL)
        return ndi_fail(h, ND_ENOMEM, "out of memory");
    j->items = it;
    st = ndi_index_prepare(h, a, &j->prep[j->nprep]);
    if (st != ND_OK)
        return st;
    j->items[j->nprep] = nd_article_item(a);
    j->nprep++;
    return ND_OK;
}

static void
work_file(nd_run *r, job *j, nd_reader *rd, nd_buf *tmp)
{
    nd_status st = ndi_reader_load(rd, j->path, j->abspath, &r->o.limits);
    if (st == ND_OK) {
        j->fs = *nd_reader_file(rd);
        if (j->have_old && !j->old.failed && j->old.fs.hash[0] != '\0' &&
            strcmp(j->old.fs.hash, j->fs.hash) == 0) {
            j->same_content = 1; /* touched, not changed */
            j->st = ND_OK;
            return;
        }
        st = ndi_reader_parse(rd);
        j->fs = *nd_reader_file(rd);
    }
    if (st != ND_OK) {
        j->st = st;
        snprintf(j->reason, sizeof j->reason, "%s", nd_errmsg(rd));
        return;
    }
    nd_article *a;
    while (st == ND_OK && nd_reader_next(rd, &a) == ND_OK) {
        ndi_hdr h;
        ndi_hdr_init(&h);
        st = job_take_article(r, j, a, tmp, &h);
        if (st != ND_OK && st != ND_ENOMEM) {
            st = job_item_error(j, nd_article_item(a), h.errmsg);
        } else if (st == ND_ENOMEM) {
            snprintf(j->reason, sizeof j->reason, "%s", h.errmsg);
        }
        nd_article_free(a);
    }
    uint32_t item;
    const char *why;
    for (size_t i = 0;
         st == ND_OK && (why = nd_reader_item_error(rd, i, &item)) != NULL; i++)
        st = job_item_error(j, item, why);
    if (st == ND_ENOMEM && j->reason[0] == '\0')
        snprintf(j->reason, sizeof j->reason, "out of memory");
    j->st = st;
}

static void
work_articles(nd_run *r, job *j, nd_buf *tmp)
{
    nd_status st = ND_OK;
    for (size_t i = 0; i < j->nin && st == ND_OK; i++) {
        ndi_hdr h;
        ndi_hdr_init(&h);
        st = job_take_article(r, j, j->in[i], tmp, &h);
        if (st != ND_OK && st != ND_ENOMEM)
            st = job_item_error(j, nd_article_item(j->in[i]), h.errmsg);
        else if (st == ND_ENOMEM)
            snprintf(j->reason, sizeof j->reason, "%s", h.errmsg);
    }
    j->st = st;
}

static void *
worker(void *arg)
{
    nd_run *r = arg;
    nd_reader *rd = NULL;
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    if (nd_reader_new(&rd) != ND_OK)
        rd = NULL;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->stopping && r->next_take == r->next_submit)
            pthread_cond_wait(&r->work_cv, &r->mu);
        if (r->next_take == r->next_submit) { /* stopping, nothing left */
            pthread_mutex_unlock(&r->mu);
            break;
        }
        job *j = r->ring[r->next_take % r->window];
        r->next_take++;
        pthread_mutex_unlock(&r->mu);

        if (rd == NULL) {
            j->st = ND_ENOMEM;
            snprintf(j->reason, sizeof j->reason, "out of memory");
        } else if (j->kind == JOB_FILE) {
            work_file(r, j, rd, &tmp);
        } else {
            work_articles(r, j, &tmp);
        }

        pthread_mutex_lock(&r->mu);
        j->done = 1;
        pthread_cond_broadcast(&r->done_cv);
        pthread_mutex_unlock(&r->mu);
    }
    nd_reader_free(rd);
    free(tmp.data);
    return NULL;
}

static nd_status
pool_start(nd_run *r)
{
    unsigned n = r->o.threads;
    if (n == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n = c > 0 ? (unsigned)c : 1;
    }
    if (n > 64)
        n = 64;
    r->window = (size_t)n * 4;
    r->ring = calloc(r->window, sizeof *r->ring);
    r->threads = calloc(n, sizeof *r->threads);
    if (r->ring == NULL || r->threads == NULL)
        return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
    r->stopping = 0;
    r->next_submit = r->next_take = r->next_consume = 0;
    for (r->nthreads = 0; r->nthreads < n; r->nthreads++)
        if (pthread_create(&r->threads[r->nthreads], NULL, worker, r) != 0)
            break;
    if (r->nthreads == 0)
        return ndi_fail(&r->hdr, ND_EINTERNAL, "cannot start threads: %s",
                        strerror(errno));
    r->pool_started = 1;
    return ND_OK;
}

static void
pool_stop(nd_run *r)
{
    if (r->pool_started) {
        pthread_mutex_lock(&r->mu);
        r->stopping = 1;
        pthread_cond_broadcast(&r->work_cv);
        pthread_mutex_unlock(&r->mu);
        for (unsigned i = 0; i < r->nthreads; i++)
            pthread_join(r->threads[i], NULL);
        /* jobs never consumed (a fatal error stopped the run) */
        for (uint64_t s = r->next_consume; s < r->next_submit; s++)
            job_free(r->ring[s % r->window]);
        r->pool_started = 0;
    }
    free(r->threads);
    free(r->ring);
    r->threads = NULL;
    r->ring = NULL;
}

/* ---- the writer ------------------------------------------------------ */

static void
consume_ingest(nd_run *r, job *j)
{
    r->stats.bytes_read += (uint64_t)j->fs.size;
    if (j->st != ND_OK) {
        r->stats.files_skipped++;
        report(r, j->path, -1, j->reason);
        return;
    }
    if (j->warc.len > 0 &&
        fwrite(j->warc.data, 1, j->warc.len, r->o.warc_out) != j->warc.len) {
        r->fatal = ndi_fail(&r->hdr, ND_EIO, "cannot write the stream: %s",
                            strerror(errno));
        return;
    }
    r->stats.articles_added += j->nrecords;
    for (size_t i = 0; i < j->nerrs; i++) {
        r->stats.items_skipped++;
        report(r, j->path, (long)j->errs[i].item, j->errs[i].reason);
    }
}

/* Count a file whose recorded state still holds: its articles are
 * unchanged, and what could not be used last time is reported again. */
static void
unchanged_file(nd_run *r, const char *path, const ndi_filerec *rec)
{
    if (rec->failed) {
        r->stats.files_skipped++;
        report(r, path, -1, rec->reason);
        return;
    }
    r->stats.files_unchanged++;
    r->stats.articles_unchanged += rec->fs.items - rec->failed_items;
    if (rec->failed_items > 0) {
        char msg[NDI_ERRMSG_MAX + 64];
        snprintf(msg, sizeof msg,
                 "%" PRIu32 " article(s) not indexed (unchanged since: %s)",
                 rec->failed_items, rec->reason);
        r->stats.items_skipped += rec->failed_items;
        report(r, path, -1, msg);
    }
}

static void
consume_index(nd_run *r, job *j)
{
    ndi_filerec rec;
    nd_status st = ND_OK;
    memset(&rec, 0, sizeof rec);
    r->stats.bytes_read += (uint64_t)j->fs.size;
    if (j->st != ND_OK) {
        /* Keep what the collection has from this file: record the failure
         * with the file's current size and time so an unchanged file is
         * not parsed again, but its old articles stay. */
        r->stats.files_skipped++;
        report(r, j->path, -1, j->reason);
        if (j->st == ND_ENOMEM) {
            r->fatal =
                ndi_fail(&r->hdr, ND_ENOMEM, "%s: %s", j->path, j->reason);
            return;
        }
        if (j->have_old)
            rec.fs = j->old.fs;
        rec.fs.size = j->walk_size;
        rec.fs.mtime_ns = j->walk_mtime;
        rec.failed = 1;
        snprintf(rec.reason, sizeof rec.reason, "%s", j->reason);
        st = ndi_indexer_set_file(r->ix, j->abspath, &rec);
        goto out;
    }
    if (j->same_content) {
        rec = j->old;
        rec.fs.size = j->fs.size;
        rec.fs.mtime_ns = j->fs.mtime_ns;
        unchanged_file(r, j->path, &rec);
        st = ndi_indexer_set_file(r->ix, j->abspath, &rec);
        goto out;
    }
    for (size_t i = 0; i < j->nprep && st == ND_OK; i++) {
        ndi_put how;
        st = ndi_indexer_put(r->ix, &j->prep[i], &how);
        if (st != ND_OK)
            break;
        if (how == NDI_PUT_ADDED)
            r->stats.articles_added++;
        else if (how == NDI_PUT_UPDATED)
            r->stats.articles_updated++;
        else
            r->stats.articles_unchanged++;
    }
    /* Items past the new end of the file are gone. */
    if (j->have_old)
        for (uint32_t it = j->fs.items; it < j->old.fs.items && st == ND_OK;
             it++) {
            char id[17];
            int existed = 0;
            ndi_article_id_for(j->abspath, it, id);
            st = ndi_indexer_delete(r->ix, id, &existed);
            r->stats.articles_removed += existed;
        }
    for (size_t i = 0; i < j->nerrs; i++) {
        r->stats.items_skipped++;
        report(r, j->path, (long)j->errs[i].item, j->errs[i].reason);
    }
    if (st == ND_OK) {
        rec.fs = j->fs;
        rec.failed_items = (uint32_t)j->nerrs;
        if (j->nerrs > 0)
            snprintf(rec.reason, sizeof rec.reason, "item %" PRIu32 ": %s",
                     j->errs[0].item, j->errs[0].reason);
        st = ndi_indexer_set_file(r->ix, j->abspath, &rec);
    }
out:
    if (st == ND_OK)
        st = ndi_indexer_flush(r->ix, 0);
    if (st != ND_OK)
        r->fatal = ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
}

/* Consume finished jobs in order; 'wait' blocks for the oldest one. */
static void
drain(nd_run *r, int wait)
{
    for (;;) {
        pthread_mutex_lock(&r->mu);
        if (r->next_consume == r->next_submit) {
            pthread_mutex_unlock(&r->mu);
            return;
        }
        job *j = r->ring[r->next_consume % r->window];
        while (wait && !j->done)
            pthread_cond_wait(&r->done_cv, &r->mu);
        int done = j->done;
        pthread_mutex_unlock(&r->mu);
        if (!done)
            return;
        if (r->fatal == ND_OK) {
            if (r->o.mode == ND_RUN_INGEST)
                consume_ingest(r, j);
            else
                consume_index(r, j);
        }
        job_free(j);
        pthread_mutex_lock(&r->mu);
        r->next_consume++;
        pthread_mutex_unlock(&r->mu);
        progress(r, 0);
        if (!wait)
            continue;
        wait = 0; /* one was needed; take the rest only if ready */
    }
}

static void
submit(nd_run *r, job *j)
{
    /* make room: the window bounds the memory of a run */
    while (r->next_submit - r->next_consume >= r->window && r->fatal == ND_OK)
        drain(r, 1);
    if (r->fatal != ND_OK) {
        job_free(j);
        return;
    }
    pthread_mutex_lock(&r->mu);
    r->ring[r->next_submit % r->window] = j;
    r->next_submit++;
    pthread_cond_signal(&r->work_cv);
    pthread_mutex_unlock(&r->mu);
    drain(r, 0);
}

/* ---- inputs ---------------------------------------------------------- */

/* One file found by the walk: skip it, count it as unchanged, or read it. */
static void
take_entry(nd_run *r, const nd_entry *e)
{
    if (e->kind == ND_ENTRY_IGNORED) {
        r->stats.files_ignored++;
        return;
    }
    if (e->kind == ND_ENTRY_SKIPPED) {
        r->stats.files_skipped++;
        report(r, e->path, -1, e->reason != NULL ? e->reason : "skipped");
        return;
    }
    r->stats.files_seen++;
    job *j = job_new(JOB_FILE, e->path, e->abspath);
    if (j == NULL) {
        r->fatal = ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
        return;
    }
    j->walk_size = e->size;
    j->walk_mtime = e->mtime_ns;
    if (r->ix != NULL) {
        nd_status st = ndi_indexer_get_file(r->ix, e->abspath, &j->old);
        if (st == ND_OK) {
            j->have_old = 1;
            if (j->old.fs.size == e->size &&
                j->old.fs.mtime_ns == e->mtime_ns) {
                unchanged_file(r, e->path, &j->old);
                job_free(j);
                progress(r, 0);
                return;
            }
        } else if (st != ND_ENOTFOUND) {
            r->fatal = ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
            job_free(j);
            return;
        }
    }
    submit(r, j);
}

static nd_status
walk_root(nd_run *r, const char *root, int count_only, uint64_t *count)
{
    nd_walk *w = NULL;
    nd_entry e;
    nd_status st = nd_walk_new(&w);
    if (st != ND_OK)
        return ndi_fail(&r->hdr, st, "out of memory");
    st = nd_walk_open(w, root, &r->o.limits);
    if (st != ND_OK) {
        if (!count_only) {
            r->stats.files_skipped++;
            report(r, root, -1,
                   strchr(nd_errmsg(w), ':') ? strchr(nd_errmsg(w), ':') + 2
                                             : nd_errmsg(w));
        }
        nd_walk_free(w);
        return st;
    }
    while (r->fatal == ND_OK && (st = nd_walk_next(w, &e)) == ND_OK) {
        if (count_only)
            *count += e.kind == ND_ENTRY_NEWS;
        else
            take_entry(r, &e);
    }
    if (st == ND_ENOMEM)
        r->fatal = ndi_fail(&r->hdr, st, "out of memory");
    nd_walk_free(w);
    return ND_OK;
}

/* A group of consecutive stream records from one source file. */
static void
take_group(nd_run *r, job *j)
{
    if (j->nin == 0) {
        job_free(j);
        return;
    }
    r->stats.files_seen++;
    j->fs = *nd_article_file(j->in[0]);
    uint32_t max_item = 0;
    for (size_t i = 0; i < j->nin; i++)
        if (nd_article_item(j->in[i]) + 1 > max_item)
            max_item = nd_article_item(j->in[i]) + 1;
    if (j->fs.items < max_item)
        j->fs.items = max_item;
    j->walk_size = j->fs.size;
    j->walk_mtime = j->fs.mtime_ns;
    if (r->ix != NULL) {
        nd_status st = ndi_indexer_get_file(r->ix, j->abspath, &j->old);
        if (st == ND_OK) {
            j->have_old = 1;
            if (!j->old.failed && j->old.fs.size == j->fs.size &&
                j->old.fs.mtime_ns == j->fs.mtime_ns &&
                strcmp(j->old.fs.hash, j->fs.hash) == 0) {
                unchanged_file(r, j->path, &j->old);
                job_free(j);
                return;
            }
        } else if (st != ND_ENOTFOUND) {
            r->fatal = ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
            job_free(j);
            return;
        }
    }
    submit(r, j);
}

/* Records larger than this in a stream are refused. */
#define STREAM_RECORD_MAX (64u << 20)

/* Add one stream record to the current group of its source file, handing
 * the group on when the file changes. Returns ND_OK or ND_ENOMEM. */
static nd_status
stream_record(nd_run *r, job **group, nd_article *a)
{
    if (*group != NULL &&
        (strcmp((*group)->abspath, nd_article_get(a, ND_F_ABSPATH)) != 0 ||
         (*group)->nin >= r->o.limits.max_items)) {
        take_group(r, *group);
        *group = NULL;
    }
    if (*group == NULL) {
        *group = job_new(JOB_ARTICLES, nd_article_get(a, ND_F_PATH),
                         nd_article_get(a, ND_F_ABSPATH));
        if (*group == NULL) {
            nd_article_free(a);
            return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
        }
    }
    nd_article **v = realloc((*group)->in, ((*group)->nin + 1) * sizeof *v);
    if (v == NULL) {
        nd_article_free(a);
        return ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
    }
    (*group)->in = v;
    (*group)->in[(*group)->nin++] = a;
    return ND_OK;
}

/*
 * Read a newsdex .warc.gz stream. Complete records are always used; a
 * damaged record is reported and reading resumes at the next record; a
 * torn tail (the stream ends inside a record) loses that record only.
 * Returns ND_OK, or an error when nothing could be read at all.
 */
static nd_status
read_stream(nd_run *r, FILE *in, const char *name)
{
    int fd = dup(fileno(in));
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (gz == NULL) {
        if (fd >= 0)
            close(fd);
        return ndi_fail(&r->hdr, ND_EIO, "cannot read the stream");
    }
    gzbuffer(gz, 1 << 17);
    nd_buf buf = {0};
    ndi_hdr_init(&buf.hdr);
    ndi_warc_rec *rec = malloc(sizeof *rec);
    job *group = NULL;
    size_t pos = 0;
    int eof = 0, truncated = 0;
    nd_status st =
        rec != NULL ? ND_OK : ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
    uint64_t nrec = 0, bytes = 0;
    while (st == ND_OK && r->fatal == ND_OK) {
        ndi_hdr h;
        ndi_hdr_init(&h);
        size_t p = pos;
        nd_status rs = ndi_warc_next(&h, buf.data != NULL ? buf.data : "",
                                     buf.len, &p, rec);
        int need_more =
            !eof && (rs == ND_DONE || (rs == ND_EFORMAT && rec->incomplete));
        if (need_more) {
            if (pos > 0) { /* keep only the unread bytes */
                memmove(buf.data, buf.data + pos, buf.len - pos);
                buf.len -= pos;
                buf.data[buf.len] = '\0';
                pos = 0;
            }
            if (buf.len > STREAM_RECORD_MAX) {
                r->stats.items_skipped++;
                report(r, name, (long)nrec,
                       "a record larger than 64 MiB: the rest of the stream is "
                       "not read");
                break;
            }
            if ((st = ndi_buf_reserve(&buf, 1 << 20)) != ND_OK)
                break;
            int n = gzread(gz, buf.data + buf.len, 1 << 20);
            if (n <= 0) {
                int zerr = Z_OK;
                const char *msg = gzerror(gz, &zerr);
                /* keep what was read: complete records are used */
                if (zerr == Z_BUF_ERROR)
                    truncated = 1;
                else if (n < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
                    r->stats.items_skipped++;
                    report(r, name, -1,
                           msg != NULL && *msg ? msg : "read error");
                }
                eof = 1;
                continue;
            }
            buf.len += (size_t)n;
            bytes += (uint64_t)n;
            buf.data[buf.len] = '\0';
            continue;
        }
        if (rs == ND_DONE)
            break;
        if (rs != ND_OK) {
            r->stats.items_skipped++;
            if (rec->incomplete) { /* at the end: a torn tail */
                report(r, name, (long)nrec,
                       "the stream is truncated inside this record");
                truncated = 0;
                break;
            }
            report(r, name, (long)nrec, h.errmsg);
            /* resume at the next record */
            const char *next = NULL;
            for (size_t k = pos + 1; k + 7 <= buf.len; k++)
                if (buf.data[k - 1] == '\n' &&
                    memcmp(buf.data + k, "WARC/1.", 7) == 0) {
                    next = buf.data + k;
                    break;
                }
            if (next == NULL && eof)
                break;
            pos = next != NULL ? (size_t)(next - buf.data)
                               : (buf.len > 8 ? buf.len - 8 : pos);
            continue;
        }
        pos = p;
        nrec++;
        size_t tl;
        const char *type = ndi_warc_get(rec, "WARC-Type", &tl);
        if (type == NULL || tl != 10 || memcmp(type, "conversion", 10) != 0)
            continue;
        nd_article *a = NULL;
        rs = ndi_record_to_article(&h, rec, &a);
        if (rs == ND_ENOMEM) {
            st = ndi_fail(&r->hdr, rs, "out of memory");
            break;
        }
        if (rs != ND_OK || *nd_article_get(a, ND_F_ABSPATH) == '\0') {
            r->stats.items_skipped++;
            report(r, name, (long)nrec - 1,
                   rs != ND_OK ? h.errmsg : "record names no source file");
            nd_article_free(a);
            continue;
        }
        st = stream_record(r, &group, a);
    }
    if (truncated) {
        r->stats.items_skipped++;
        report(r, name, -1,
               "the stream is truncated (its gzip data ends early)");
    }
    if (group != NULL) {
        if (st == ND_OK)
            take_group(r, group);
        else
            job_free(group);
    }
    free(rec);
    free(buf.data);
    gzclose(gz);
    if (st == ND_OK && bytes == 0)
        st = ndi_fail(&r->hdr, ND_EFORMAT, "the stream is empty");
    return st;
}

/* ---- prune ----------------------------------------------------------- */

typedef struct prune_ctx {
    char **roots;
    size_t nroots;
    char **gone;
    size_t ngone, cap;
    nd_status st;
} prune_ctx;

static int
under(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (strncmp(path, root, n) != 0)
        return 0;
    return path[n] == '\0' || path[n] == '/' || (n > 0 && root[n - 1] == '/');
}

static nd_status
prune_check(void *vctx, const char *abspath, const ndi_filerec *rec)
{
    prune_ctx *c = vctx;
    (void)rec;
    int in_roots = 0;
    for (size_t i = 0; i < c->nroots && !in_roots; i++)
        in_roots = under(abspath, c->roots[i]);
    if (!in_roots)
        return ND_OK;
    struct stat sb;
    if (lstat(abspath, &sb) == 0 && S_ISREG(sb.st_mode))
        return ND_OK;
    if (c->ngone == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **v = realloc(c->gone, cap * sizeof *v);
        if (v == NULL)
            return ND_ENOMEM;
        c->gone = v;
        c->cap = cap;
    }
    if ((c->gone[c->ngone] = ndi_strndup(abspath, strlen(abspath))) == NULL)
        return ND_ENOMEM;
    c->ngone++;
    return ND_OK;
}

/* The absolute form of 'path' without resolving links: for roots that
 * no longer exist (realpath cannot help). Returns malloc'd text or NULL. */
static char *
abs_lexical(const char *path)
{
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ND_OK;
    if (path[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        if (cwd == NULL)
            return NULL;
        st = ndi_buf_puts(&b, cwd);
        free(cwd);
    }
    const char *p = path;
    while (*p != '\0' && st == ND_OK) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (b.len > 0 && b.data[b.len - 1] != '/')
                b.len--;
            if (b.len > 0)
                b.len--;
            if (b.data != NULL)
                b.data[b.len] = '\0';
        } else {
            st = ndi_buf_putc(&b, '/');
            if (st == ND_OK)
                st = nd_buf_append(&b, p, n);
        }
        p += n;
    }
    if (st == ND_OK && b.len == 0)
        st = ndi_buf_putc(&b, '/');
    if (st != ND_OK) {
        free(b.data);
        return NULL;
    }
    return ndi_buf_steal(&b, NULL);
}

static nd_status
prune(nd_run *r, const char *const *paths, size_t npaths)
{
    prune_ctx c;
    memset(&c, 0, sizeof c);
    c.roots = calloc(npaths ? npaths : 1, sizeof *c.roots);
    nd_status st = c.roots != NULL ? ND_OK : ND_ENOMEM;
    for (size_t i = 0; i < npaths && st == ND_OK; i++) {
        if (strcmp(paths[i], "-") == 0)
            continue;
        char *real = realpath(paths[i], NULL);
        if (real == NULL)
            real = abs_lexical(paths[i]); /* the whole root may be gone */
        if (real != NULL)
            c.roots[c.nroots++] = real;
    }
    if (st == ND_OK)
        st = ndi_indexer_each_file(r->ix, prune_check, &c);
    for (size_t i = 0; i < c.ngone && st == ND_OK; i++) {
        unsigned n = 0;
        st = ndi_indexer_delete_file_articles(r->ix, c.gone[i], &n);
        if (st == ND_OK)
            st = ndi_indexer_drop_file(r->ix, c.gone[i]);
        r->stats.articles_removed += n;
        if (st == ND_OK)
            st = ndi_indexer_flush(r->ix, 0);
    }
    for (size_t i = 0; i < c.ngone; i++)
        free(c.gone[i]);
    free(c.gone);
    for (size_t i = 0; i < c.nroots; i++)
        free(c.roots[i]);
    free(c.roots);
    if (st == ND_ENOMEM && *nd_errmsg(r->ix) == '\0')
        return ndi_fail(&r->hdr, st, "out of memory");
    if (st != ND_OK)
        return ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
    return ND_OK;
}

/* ---- the run ----------------------------------------------------------- */

/* Whether this run's writes call for a compaction. */
static int
wants_compaction(nd_run *r, uint64_t written)
{
    if (r->o.compact == ND_COMPACT_NEVER)
        return 0;
    if (r->o.compact == ND_COMPACT_ALWAYS)
        return 1;
    uint64_t total = 0;
    if (ndi_indexer_doccount(r->ix, &total) != ND_OK)
        return 0;
    return written >= 1000 && written * 2 >= total;
}

/* Commit and close the collection, compacting it when asked for. */
static nd_status
finish_collection(nd_run *r)
{
    uint64_t written = r->stats.articles_added + r->stats.articles_updated +
                       r->stats.articles_removed;
    nd_status st = ND_OK;
    if (wants_compaction(r, written)) {
        st = ndi_indexer_compact(r->ix);
        r->stats.compacted = st == ND_OK;
    } else {
        st = nd_indexer_close(r->ix);
    }
    if (st != ND_OK)
        ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
    return st;
}

static void
begin(nd_run *r, const nd_run_opts *o)
{
    clear_errors(r);
    ndi_clear(&r->hdr);
    r->o = *o;
    memset(&r->stats, 0, sizeof r->stats);
    r->fatal = ND_OK;
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    r->last_progress = r->t0;
}

nd_status
nd_run_paths(nd_run *r, const nd_run_opts *o, const char *const *paths,
             size_t npaths, nd_run_stats *stats)
{
    begin(r, o);
    nd_status st = ND_OK;
    if (o->mode == ND_RUN_INGEST && o->warc_out == NULL)
        return ndi_fail(&r->hdr, ND_EINVAL, "no output for the stream");
    /* Nothing to read at all: fail before creating a collection. */
    size_t present = 0;
    for (size_t i = 0; i < npaths; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") == 0 || stat(paths[i], &sb) == 0)
            present++;
    }
    if (present == 0 && npaths > 0 && !(o->mode == ND_RUN_INDEX && o->prune)) {
        for (size_t i = 0; i < npaths; i++) {
            r->stats.files_skipped++;
            report(r, paths[i], -1, strerror(ENOENT));
        }
        r->stats.elapsed = since(&r->t0);
        if (stats != NULL)
            *stats = r->stats;
        return ndi_fail(&r->hdr, ND_ENOTFOUND, "no input could be read");
    }
    if (o->mode == ND_RUN_INDEX) {
        if (o->collection == NULL)
            return ndi_fail(&r->hdr, ND_EINVAL, "no collection given");
        if ((st = nd_indexer_new(&r->ix)) != ND_OK)
            return ndi_fail(&r->hdr, st, "out of memory");
        ndi_indexer_set_batch(r->ix, o->batch);
        nd_indexer_set_shards(r->ix, o->shards);
        ndi_indexer_set_parallel(r->ix, o->writers > 0 ? (int)o->writers : -1);
        st = nd_indexer_open(r->ix, o->collection);
        if (st != ND_OK) {
            ndi_pass(&r->hdr, (const ndi_hdr *)r->ix, st);
            goto out;
        }
    }
    if (o->count_first) {
        for (size_t i = 0; i < npaths; i++)
            if (strcmp(paths[i], "-") != 0)
                walk_root(r, paths[i], 1, &r->stats.files_total);
        progress(r, 1);
    }
    if ((st = pool_start(r)) != ND_OK)
        goto out;
    size_t opened = 0;
    for (size_t i = 0; i < npaths && r->fatal == ND_OK; i++) {
        if (strcmp(paths[i], "-") == 0) {
            if (o->mode == ND_RUN_INGEST) {
                r->stats.files_skipped++;
                report(r, "-", -1, "newsdex-ingest does not read a stream");
                continue;
            }
            nd_status ss = read_stream(r, stdin, "-");
            if (ss != ND_OK && r->fatal == ND_OK) {
                r->stats.files_skipped++;
                report(r, "-", -1, nd_errmsg(r));
            } else {
                opened++;
            }
            continue;
        }
        struct stat sb;
        if (o->prune && stat(paths[i], &sb) != 0 && errno == ENOENT) {
            opened++; /* a root that is gone: --prune removes its articles */
            continue;
        }
        if (walk_root(r, paths[i], 0, NULL) == ND_OK)
            opened++;
    }
    /* finish what is in flight */
    while (r->next_consume < r->next_submit)
        drain(r, 1);
    pool_stop(r);
    if (r->fatal != ND_OK) {
        st = r->fatal;
        goto out;
    }
    if (o->mode == ND_RUN_INDEX && o->prune) {
        st = prune(r, paths, npaths);
        if (st != ND_OK)
            goto out;
    }
    if (o->mode == ND_RUN_INDEX) {
        st = finish_collection(r);
        if (st != ND_OK)
            goto out;
    } else if (fflush(o->warc_out) != 0) {
        st = ndi_fail(&r->hdr, ND_EIO, "cannot write the stream: %s",
                      strerror(errno));
        goto out;
    }
    if (opened == 0 && npaths > 0) {
        st = ndi_fail(&r->hdr, ND_ENOTFOUND, "no input could be read");
        goto out;
    }
    st = r->stats.files_skipped > 0 || r->stats.items_skipped > 0 ? ND_DONE
                                                                  : ND_OK;
out:
    pool_stop(r);
    nd_indexer_free(r->ix); /* drops an uncommitted batch after an error */
    r->ix = NULL;
    r->stats.elapsed = since(&r->t0);
    progress(r, 1);
    if (stats != NULL)
        *stats = r->stats;
    return st;
}

/* ---- rebuild ------------------------------------------------------------ */

typedef struct rebuild_ctx {
    nd_run *r;
    ndi_xdb *from;
    nd_indexer *to;
    nd_buf val;
    nd_status st;
    uint64_t lost; /* --repair: damaged records left out */
} rebuild_ctx;

/* --repair: leave a damaged record out, say so, and go on. */
static nd_status
rebuild_lost(rebuild_ctx *c, ndi_docid id, nd_status st)
{
    if (!c->r->o.repair || st == ND_ENOMEM)
        return st;
    char where[64];
    snprintf(where, sizeof where, "document %u", (unsigned)id);
    report(c->r, where, -1, c->r->hdr.errmsg);
    c->r->stats.items_skipped++;
    c->lost++;
    *c->r->hdr.errmsg = '\0';
    return ND_OK;
}

static nd_status
rebuild_doc(void *vctx, ndi_docid id)
{
    rebuild_ctx *c = vctx;
    nd_article *a = NULL;
    nd_buf err = {0};
    ndi_hdr_init(&err.hdr);
    nd_status st = ndi_xdb_value(c->from, id, NDI_SLOT_RECORD, &c->val);
    if (st != ND_OK)
        return rebuild_lost(c, id,
                            ndi_fail(&c->r->hdr, st, "document %u: %s",
                                     (unsigned)id, nd_errmsg(c->from)));
    st = nd_record_decompress(c->val.data, c->val.len, &a, &err);
    if (st != ND_OK) {
        st = ndi_fail(&c->r->hdr, st, "document %u: %s", (unsigned)id,
                      nd_buf_data(&err));
        free(err.data);
        return rebuild_lost(c, id, st);
    }
    free(err.data);
    ndi_prepared p;
    ndi_put how;
    /* records written before detection existed get a language now */
    st = ndi_langid_article(a);
    if (st != ND_OK)
        st = ndi_fail(&c->r->hdr, st, "out of memory");
    else
        st = ndi_index_prepare(&c->r->hdr, a, &p);
    if (st == ND_OK) {
        st = ndi_indexer_put(c->to, &p, &how);
        if (st != ND_OK)
            ndi_pass(&c->r->hdr, (const ndi_hdr *)c->to, st);
    }
    nd_article_free(a);
    if (st == ND_OK) {
        c->r->stats.articles_added++;
        progress(c->r, 0);
    }
    return st;
}

static nd_status
copy_meta(void *vctx, const char *key, size_t klen, const char *value,
          size_t vlen)
{
    rebuild_ctx *c = vctx;
    char *k = ndi_strndup(key, klen);
    if (k == NULL)
        return ND_ENOMEM;
    nd_status st = ndi_xdb_set_meta(ndi_indexer_xdb(c->to), k, value, vlen);
    free(k);
    if (st != ND_OK)
        ndi_fail(&c->r->hdr, st, "%s", nd_errmsg(ndi_indexer_xdb(c->to)));
    return st;
}

nd_status
nd_run_rebuild(nd_run *r, const nd_run_opts *o, nd_run_stats *stats)
{
    const char *collection = o->collection;
    begin(r, o);
    if (collection == NULL)
        return ndi_fail(&r->hdr, ND_EINVAL, "no collection given");
    rebuild_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    ndi_hdr_init(&c.val.hdr);
    nd_indexer *old = NULL;
    char tmp[4096];
    nd_status st = ND_OK;
    size_t n = strlen(collection);
    while (n > 1 && collection[n - 1] == '/')
        n--;
    if (n + 32 >= sizeof tmp)
        return ndi_fail(&r->hdr, ND_EINVAL, "collection path too long");
    snprintf(tmp, sizeof tmp, "%.*s.rebuild-%ld", (int)n, collection,
             (long)getpid());

    struct stat sb;
    if (stat(collection, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return ndi_fail(&r->hdr, ND_ENOTFOUND, "%s: no collection here",
                        collection);
    if ((st = nd_indexer_new(&old)) != ND_OK ||
        (st = nd_indexer_new(&c.to)) != ND_OK) {
        st = ndi_fail(&r->hdr, ND_ENOMEM, "out of memory");
        goto out;
    }
    /* The old collection stays open for writing: it holds the lock, so no
     * other writer changes it while we copy. */
    st = nd_indexer_open(old, collection);
    if (st != ND_OK) {
        ndi_pass(&r->hdr, (const ndi_hdr *)old, st);
        goto out;
    }
    c.from = ndi_indexer_xdb(old);
    ndi_indexer_set_batch(c.to, o->batch);
    st = ndi_indexer_open_mode(c.to, tmp, NDI_XDB_CREATE);
    if (st != ND_OK) {
        ndi_pass(&r->hdr, (const ndi_hdr *)c.to, st);
        goto out;
    }
    st = ndi_xdb_each_doc(c.from, rebuild_doc, &c);
    if (st != ND_OK && *r->hdr.errmsg == '\0')
        ndi_pass(&r->hdr, (const ndi_hdr *)c.from, st);
    /* a lost record's source file must be read again by the next run:
     * keep no file state then */
    if (st == ND_OK && c.lost == 0) {
        st = ndi_xdb_each_meta(c.from, "F", copy_meta, &c);
        if (st != ND_OK && *r->hdr.errmsg == '\0')
            ndi_pass(&r->hdr, (const ndi_hdr *)c.from, st);
    }
    if (st == ND_OK) {
        /* the new database was written in many commits: compact it */
        st = o->compact == ND_COMPACT_NEVER ? nd_indexer_close(c.to)
                                            : ndi_indexer_compact(c.to);
        if (st != ND_OK)
            ndi_pass(&r->hdr, (const ndi_hdr *)c.to, st);
        r->stats.compacted = st == ND_OK && o->compact != ND_COMPACT_NEVER;
    }
    if (st == ND_OK &&
        renameat2(AT_FDCWD, tmp, AT_FDCWD, collection, RENAME_EXCHANGE) != 0)
        st = ndi_fail(&r->hdr, ND_EIO,
                      "%s: cannot swap in the rebuilt collection: %s",
                      collection, strerror(errno));
    if (st == ND_OK)
        r->stats.articles_unchanged = 0;
    if (st == ND_OK && c.lost > 0)
        st = ND_DONE; /* --repair left damaged records out */
out:
    /* after a swap, 'tmp' holds the old database; on error, the new one */
    nd_indexer_free(c.to);
    nd_indexer_free(old);
    ndi_remove_db_dir(tmp);
    free(c.val.data);
    r->stats.elapsed = since(&r->t0);
    progress(r, 1);
    if (stats != NULL)
        *stats = r->stats;
    return st;
}
