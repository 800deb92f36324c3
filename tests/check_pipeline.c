/* SPDX-License-Identifier: MIT */
/* check_pipeline.c - nd_run: incremental indexing, prune, ingest, rebuild. */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "fixture.h"
#include "index.h"
#include "schema.h"
#include "xdb.h"

static char dir[1024];
static char arch[1100], arch2[1100], coll[1100], coll2[1100];

static void
setup(void)
{
    const char *t = fx_tmpdir();
    ck_assert_uint_lt(strlen(t), sizeof dir - 16);
    memcpy(dir, t, strlen(t) + 1);
    snprintf(arch, sizeof arch, "%s/arch", dir);
    snprintf(arch2, sizeof arch2, "%s/arch2", dir);
    snprintf(coll, sizeof coll, "%s/coll", dir);
    snprintf(coll2, sizeof coll2, "%s/coll2", dir);
    ck_assert_int_eq(mkdir(arch, 0755), 0);
}

static void
teardown(void)
{
    fx_rmtree(dir);
}

/* ---- the archive ------------------------------------------------------ */

static const char text_a[] =
    "Dock strike leaves ships at anchor off Le Havre\n"
    "\n"
    "LE HAVRE, March 28 (Northern Press) - More than twenty container ships\n"
    "waited at anchor on Tuesday as dock workers stopped work.\n"
    "\n"
    "Unions have called further strikes later this week.\n";

static const char text_b[] =
    "India expects a record wheat harvest\n"
    "\n"
    "NEW DELHI, April 12 (Northern Press) - Farmers expect a record wheat\n"
    "harvest after good rains in the north.\n";

static const char html_c[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<title>Museum of Baltic trade opens in Gdansk | Baltic Times</title>\n"
    "<meta property=\"og:title\" content=\"Museum of Baltic trade opens in "
    "Gdansk\">\n"
    "<meta property=\"article:published_time\" "
    "content=\"2023-04-05T10:00:00Z\">\n"
    "</head><body><article><h1>Museum of Baltic trade opens in Gdansk</h1>\n"
    "<p>A new museum of Baltic trade opened on Wednesday in Gdansk.</p>\n"
    "<p>Visitors queued for hours to see the merchant ships.</p>\n"
    "</article></body></html>\n";

#define REUTERS_HEAD "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\n<LEWIS>\n"
#define REUTERS_TAIL "</LEWIS>\n"
#define STORY(n, date, title, body)                                    \
    "<REUTERS TOPICS=\"YES\" NEWID=\"" n "\">\n<DATE>" date            \
    "</DATE>\n<TEXT>\n"                                                \
    "<TITLE>" title                                                    \
    "</TITLE>\n<DATELINE>    LONDON, April 3 - </DATELINE><BODY>" body \
    "\n Reuter\n</BODY></TEXT>\n</REUTERS>\n"
#define STORY1                                                                \
    STORY(                                                                    \
        "1", "21-MAR-2023 16:47:03.21", "XI, PUTIN HOLD FORMAL TALKS",        \
        "Chinese President Xi Jinping and Russian President Vladimir Putin\n" \
        "held formal talks at the Kremlin on Tuesday.")
#define STORY2                                                                 \
    STORY("2", " 3-APR-2023 09:12:44.37", "OIL PRICES JUMP AFTER OPEC+ CUT",   \
          "Oil prices jumped more than six pct on Monday after Saudi Arabia\n" \
          "announced unexpected production cuts.")
#define STORY3                                                                 \
    STORY("3", " 4-APR-2023 11:00:00.00", "GOLD FIRMS AS DOLLAR EASES",        \
          "Gold prices firmed in London trading as the dollar eased against\n" \
          "major currencies.")

static const char reuters3[] = REUTERS_HEAD STORY1 STORY2 STORY3 REUTERS_TAIL;
static const char reuters2[] = REUTERS_HEAD STORY1 STORY2 REUTERS_TAIL;

/* Articles in the standard archive: 2 text, 1 html, 3 Reuters. */
#define NARTICLES 6

static void
write_archive(void)
{
    fx_write_str(dir, "arch/a.txt", text_a);
    fx_write_str(dir, "arch/b.txt", text_b);
    fx_write_str(dir, "arch/sub/c.html", html_c);
    fx_write_str(dir, "arch/sub/reut2-000.xml", reuters3);
    fx_write_str(dir, "arch/manifest.tsv", "a.txt\tdock\n");
}

static char *
path_in(const char *root, const char *name)
{
    static char p[1200];
    snprintf(p, sizeof p, "%s/%s", root, name);
    return p;
}

static void
set_mtime(const char *path, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* ---- running ---------------------------------------------------------- */

typedef struct errs {
    int n;
    char paths[2048];
    long last_item;
} errs;

static errs seen;

static void
on_error(void *ctx, const char *path, long item, const char *reason)
{
    errs *e = ctx;
    size_t used = strlen(e->paths);
    ck_assert_ptr_nonnull(reason);
    ck_assert_str_ne(reason, "");
    snprintf(e->paths + used, sizeof e->paths - used, "%s|", path);
    e->last_item = item;
    e->n++;
}

static nd_status
index_paths(const char *collection, const char *const *paths, size_t n,
            int prune, unsigned threads, nd_run_stats *st)
{
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = collection;
    o.threads = threads;
    o.prune = prune;
    o.on_error = on_error;
    o.ctx = &seen;
    memset(&seen, 0, sizeof seen);
    nd_status rc = nd_run_paths(run, &o, paths, n, st);
    if (rc != ND_OK && rc != ND_DONE)
        ck_assert_str_ne(nd_errmsg(run), "");
    nd_run_free(run);
    return rc;
}

static nd_status
index_arch(int prune, nd_run_stats *st)
{
    const char *paths[] = {arch};
    return index_paths(coll, paths, 1, prune, 2, st);
}

static uint64_t
doccount(const char *collection)
{
    ndi_xdb *x = NULL;
    uint64_t n = 0;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_msg(ndi_xdb_open(x, collection, NDI_XDB_READ) == ND_OK, "%s",
                  nd_errmsg(x));
    ck_assert_int_eq(ndi_xdb_doccount(x, &n), ND_OK);
    ndi_xdb_free(x);
    return n;
}

/* The collection's contents, one line per document in docid order:
 * "id version title". */
typedef struct dump_ctx {
    ndi_xdb *x;
    nd_buf *out, *tmp;
} dump_ctx;

static nd_status
dump_doc(void *vctx, ndi_docid id)
{
    dump_ctx *c = vctx;
    nd_article *a = NULL;
    ck_assert_int_eq(ndi_xdb_value(c->x, id, NDI_SLOT_VERSION, c->tmp), ND_OK);
    char version[33];
    ck_assert_uint_eq(nd_buf_len(c->tmp), 32);
    memcpy(version, nd_buf_data(c->tmp), 33);
    ck_assert_int_eq(ndi_xdb_value(c->x, id, NDI_SLOT_RECORD, c->tmp), ND_OK);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(c->tmp), nd_buf_len(c->tmp), &a, NULL),
        ND_OK);
    char line[512];
    int n = snprintf(line, sizeof line, "%s %s %s\n",
                     nd_article_get(a, ND_F_ID), version, nd_article_title(a));
    ck_assert_int_eq(nd_buf_append(c->out, line, (size_t)n), ND_OK);
    nd_article_free(a);
    return ND_OK;
}

static nd_buf *
dump(const char *collection)
{
    dump_ctx c;
    ck_assert_int_eq(nd_buf_new(&c.out), ND_OK);
    ck_assert_int_eq(nd_buf_new(&c.tmp), ND_OK);
    ck_assert_int_eq(ndi_xdb_new(&c.x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(c.x, collection, NDI_XDB_READ), ND_OK);
    ck_assert_int_eq(ndi_xdb_each_doc(c.x, dump_doc, &c), ND_OK);
    ndi_xdb_free(c.x);
    nd_buf_free(c.tmp);
    return c.out;
}

/* The unique terms of the documents, in docid order. */
static nd_status
dump_id_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    (void)freq;
    ck_assert_int_eq(nd_buf_append(ctx, term, len), ND_OK);
    ck_assert_int_eq(nd_buf_append(ctx, "\n", 1), ND_OK);
    return ND_OK;
}

static nd_buf *
dump_ids(const char *collection)
{
    nd_buf *out = NULL;
    ndi_xdb *x = NULL;
    ck_assert_int_eq(nd_buf_new(&out), ND_OK);
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, collection, NDI_XDB_READ), ND_OK);
    ck_assert_int_eq(ndi_xdb_each_term(x, NDI_P_ID, dump_id_term, out), ND_OK);
    ndi_xdb_free(x);
    return out;
}

/* Lines of 'b' sorted, then everything but the version (column 2). */
static int
cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
sorted_titles(const nd_buf *b)
{
    char *copy = strdup(nd_buf_data(b));
    char *lines[64];
    size_t n = 0;
    ck_assert_ptr_nonnull(copy);
    for (char *p = copy; *p != '\0' && n < 64;) {
        char *nl = strchr(p, '\n');
        lines[n++] = p;
        *nl = '\0';
        p = nl + 1;
    }
    qsort(lines, n, sizeof *lines, cmp_line);
    char *out = calloc(1, nd_buf_len(b) + 1);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        /* "id version title" -> "id title" */
        const char *title = strchr(strchr(lines[i], ' ') + 1, ' ');
        int k = snprintf(out + used, nd_buf_len(b) + 1 - used, "%.16s%s\n",
                         lines[i], title);
        used += (size_t)k;
    }
    free(copy);
    return out;
}

static int
has_file_state(const char *abspath)
{
    nd_indexer *ix = NULL;
    ndi_filerec rec;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    nd_status st = ndi_indexer_get_file(ix, abspath, &rec);
    ck_assert(st == ND_OK || st == ND_ENOTFOUND);
    nd_indexer_free(ix);
    return st == ND_OK;
}

static uint64_t
hits_for(const char *collection, const char *query)
{
    nd_search *s = NULL;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, collection), ND_OK);
    ck_assert_int_eq(nd_search_run(s, query, NULL, &h), ND_OK);
    uint64_t n = nd_hits_count(h);
    nd_hits_free(h);
    nd_search_free(s);
    return n;
}

/* ---- incremental runs ------------------------------------------------- */

START_TEST(test_pipeline_first_run)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_seen, 4);
    ck_assert_uint_eq(st.files_ignored, 1);
    ck_assert_uint_eq(st.files_skipped, 0);
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    ck_assert_uint_eq(st.articles_updated, 0);
    ck_assert_uint_eq(st.items_skipped, 0);
    ck_assert_uint_gt(st.bytes_read, 0);
    ck_assert_int_eq(seen.n, 0);
    ck_assert_uint_eq(doccount(coll), NARTICLES);
    ck_assert_uint_eq(hits_for(coll, "title:museum"), 1);
    ck_assert_uint_eq(hits_for(coll, "saudi"), 1);
    ck_assert_uint_eq(hits_for(coll, "\"record wheat harvest\""), 1);
    ck_assert(has_file_state(path_in(arch, "sub/reut2-000.xml")));
    ck_assert(!has_file_state(path_in(arch, "manifest.tsv")));
}
END_TEST

START_TEST(test_pipeline_second_run)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_seen, 4);
    ck_assert_uint_eq(st.files_unchanged, 4);
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_uint_eq(st.articles_updated, 0);
    ck_assert_uint_eq(st.articles_removed, 0);
    ck_assert_uint_eq(st.articles_unchanged, NARTICLES);
    ck_assert_uint_eq(st.bytes_read, 0); /* nothing was opened */
    ck_assert_uint_eq(doccount(coll), NARTICLES);
}
END_TEST

START_TEST(test_pipeline_touch)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    set_mtime(path_in(arch, "a.txt"), 1700000000);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_unchanged, 4);
    ck_assert_uint_eq(st.articles_unchanged, NARTICLES);
    ck_assert_uint_eq(st.articles_updated, 0);
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_uint_eq(st.bytes_read, sizeof text_a - 1); /* read to compare */
    /* the new time was recorded: the next run opens nothing */
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_unchanged, 4);
    ck_assert_uint_eq(st.bytes_read, 0);
}
END_TEST

START_TEST(test_pipeline_change)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    fx_write_str(dir, "arch/b.txt",
                 "India expects a record wheat harvest\n\n"
                 "NEW DELHI, April 12 (Northern Press) - Farmers now fear heat "
                 "will cut the\n"
                 "harvest.\n");
    set_mtime(path_in(arch, "b.txt"), 1700000000);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.articles_updated, 1);
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_uint_eq(st.files_unchanged, 3);
    ck_assert_uint_eq(st.articles_unchanged, NARTICLES - 1);
    ck_assert_uint_eq(doccount(coll), NARTICLES); /* replaced, not added */
    ck_assert_uint_eq(hits_for(coll, "heat"), 1);
    ck_assert_uint_eq(hits_for(coll, "rains"), 0);
}
END_TEST

START_TEST(test_pipeline_shrink)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    fx_write_str(dir, "arch/sub/reut2-000.xml", reuters2);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 1);
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_uint_eq(st.articles_updated, 0);
    ck_assert_uint_eq(st.articles_unchanged, NARTICLES - 1);
    ck_assert_uint_eq(doccount(coll), NARTICLES - 1);
    ck_assert_uint_eq(hits_for(coll, "gold"), 0);
    ck_assert_uint_eq(hits_for(coll, "saudi"), 1);
    /* and grows back */
    fx_write_str(dir, "arch/sub/reut2-000.xml", reuters3);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, 1);
    ck_assert_uint_eq(doccount(coll), NARTICLES);
}
END_TEST

START_TEST(test_pipeline_prune)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_int_eq(unlink(path_in(arch, "sub/reut2-000.xml")), 0);
    /* without prune the articles stay */
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 0);
    ck_assert_uint_eq(doccount(coll), NARTICLES);
    ck_assert_int_eq(index_arch(1, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 3);
    ck_assert_uint_eq(doccount(coll), NARTICLES - 3);
    ck_assert(!has_file_state(path_in(arch, "sub/reut2-000.xml")));
    ck_assert(has_file_state(path_in(arch, "a.txt")));
    ck_assert_uint_eq(hits_for(coll, "saudi"), 0);
    /* a second prune finds nothing more */
    ck_assert_int_eq(index_arch(1, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 0);
}
END_TEST

START_TEST(test_pipeline_prune_other_roots)
{
    /* arch2 shares a prefix with arch: still another root */
    write_archive();
    fx_write_str(dir, "arch2/x.txt", text_a);
    fx_write_str(dir, "arch2/y.txt", text_b);
    const char *both[] = {arch, arch2};
    nd_run_stats st;
    ck_assert_int_eq(index_paths(coll, both, 2, 0, 2, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, NARTICLES + 2);
    ck_assert_int_eq(unlink(path_in(arch2, "x.txt")), 0);
    ck_assert_int_eq(index_arch(1, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 0);
    ck_assert_uint_eq(doccount(coll), NARTICLES + 2);
    ck_assert(has_file_state(path_in(arch2, "x.txt")));
    /* pruning the root it belongs to removes it */
    const char *two[] = {arch2};
    ck_assert_int_eq(index_paths(coll, two, 1, 1, 2, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 1);
    ck_assert_uint_eq(doccount(coll), NARTICLES + 1);
    ck_assert(!has_file_state(path_in(arch2, "x.txt")));
}
END_TEST

START_TEST(test_pipeline_prune_gone_root)
{
    /* a whole root removed: pruning it removes its articles, not others */
    write_archive();
    fx_write_str(dir, "arch2/x.txt", text_a);
    fx_write_str(dir, "arch2/y.txt", text_b);
    const char *both[] = {arch, arch2};
    nd_run_stats st;
    ck_assert_int_eq(index_paths(coll, both, 2, 0, 2, &st), ND_OK);
    ck_assert_int_eq(unlink(path_in(arch2, "x.txt")), 0);
    ck_assert_int_eq(unlink(path_in(arch2, "y.txt")), 0);
    ck_assert_int_eq(rmdir(arch2), 0);
    const char *gone[] = {arch2};
    ck_assert_int_eq(index_paths(coll, gone, 1, 1, 2, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 2);
    ck_assert_uint_eq(doccount(coll), NARTICLES);
    /* without --prune the same root is a missing input */
    ck_assert_int_eq(index_paths(coll, gone, 1, 0, 2, &st), ND_ENOTFOUND);
}
END_TEST

START_TEST(test_pipeline_odd_names)
{
    /* names with '#', a newline or an invalid byte keep their state */
    static const char *const names[] = {"arch/we#ird\nname.txt",
                                        "arch/bad\xff.txt", "arch/#start.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        fx_write_str(dir, names[i], text_b);
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, 3);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_unchanged, 3);
    ck_assert_uint_eq(st.bytes_read, 0);
    ck_assert(has_file_state(path_in(arch, "we#ird\nname.txt")));
    ck_assert_int_eq(unlink(path_in(arch, "we#ird\nname.txt")), 0);
    ck_assert_int_eq(index_arch(1, &st), ND_OK);
    ck_assert_uint_eq(st.articles_removed, 1);
    ck_assert_uint_eq(doccount(coll), 2);
}
END_TEST

/* ---- failures --------------------------------------------------------- */

START_TEST(test_pipeline_broken_file)
{
    write_archive();
    fx_write_str(dir, "arch/junk.xml",
                 "<?xml version=\"1.0\"?>\n<LEWIS></LEWIS>\n");
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_DONE);
    ck_assert_uint_eq(st.files_skipped, 1);
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    ck_assert_int_eq(seen.n, 1);
    ck_assert_ptr_nonnull(strstr(seen.paths, "junk.xml"));
    ck_assert_int_eq(seen.last_item, -1);
    /* unchanged, it is reported again without being read */
    ck_assert_int_eq(index_arch(0, &st), ND_DONE);
    ck_assert_uint_eq(st.files_skipped, 1);
    ck_assert_int_eq(seen.n, 1);
    ck_assert_uint_eq(st.bytes_read, 0);
    /* fixed, the next run indexes it */
    fx_write_str(dir, "arch/junk.xml",
                 REUTERS_HEAD STORY("9", "5-APR-2023 10:00:00.00",
                                    "COPPER HITS RECORD",
                                    "Copper hit a record high.") REUTERS_TAIL);
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_skipped, 0);
    ck_assert_uint_eq(st.articles_added, 1);
    ck_assert_int_eq(seen.n, 0);
    ck_assert_uint_eq(hits_for(coll, "copper"), 1);
}
END_TEST

START_TEST(test_pipeline_broken_item)
{
    /* the second story has no text */
    fx_write_str(dir, "arch/r.xml",
                 REUTERS_HEAD STORY1
                 "<REUTERS NEWID=\"2\"><TEXT><TITLE></TITLE>"
                 "<BODY></BODY></TEXT></REUTERS>\n" REUTERS_TAIL);
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_DONE);
    ck_assert_uint_eq(st.items_skipped, 1);
    ck_assert_uint_eq(st.articles_added, 1);
    ck_assert_int_eq(seen.n, 1);
    ck_assert_int_eq(seen.last_item, 1);
    /* unchanged: not parsed again, but the bad item is still reported and
     * only the good article counts as unchanged */
    ck_assert_int_eq(index_arch(0, &st), ND_DONE);
    ck_assert_uint_eq(st.files_unchanged, 1);
    ck_assert_uint_eq(st.articles_unchanged, 1);
    ck_assert_uint_eq(st.items_skipped, 1);
    ck_assert_int_eq(seen.n, 1);
    ck_assert_ptr_nonnull(strstr(seen.paths, "r.xml"));
}
END_TEST

START_TEST(test_pipeline_missing_root)
{
    char missing[1200];
    snprintf(missing, sizeof missing, "%s/nowhere", dir);
    const char *only[] = {missing};
    nd_run_stats st;
    ck_assert_int_eq(index_paths(coll, only, 1, 0, 2, &st), ND_ENOTFOUND);
    ck_assert_int_eq(seen.n, 1);
    ck_assert_ptr_nonnull(strstr(seen.paths, missing));
    struct stat sb;
    ck_assert_int_ne(stat(coll, &sb), 0); /* nothing to read: not created */
    /* next to a root that exists: reported, the run goes on */
    write_archive();
    const char *two[] = {missing, arch};
    ck_assert_int_eq(index_paths(coll, two, 2, 0, 2, &st), ND_DONE);
    ck_assert_uint_eq(st.files_skipped, 1);
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    ck_assert_ptr_nonnull(strstr(seen.paths, missing));
}
END_TEST

START_TEST(test_pipeline_locked)
{
    write_archive();
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    const char *paths[] = {arch};
    nd_run_stats st;
    ck_assert_int_eq(nd_run_paths(run, &o, paths, 1, &st), ND_ELOCKED);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(run), coll));
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_int_eq(nd_run_rebuild(run, &o, &st), ND_ELOCKED);
    nd_run_free(run);
    nd_indexer_free(ix);
}
END_TEST

/* ---- ingest ----------------------------------------------------------- */

/* Count the gzip members of 'f' and inflate them all into 'out'. */
static int
gzip_members(FILE *f, nd_buf *out)
{
    size_t len;
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    len = (size_t)ftell(f);
    rewind(f);
    unsigned char *in = malloc(len + 1);
    ck_assert_ptr_nonnull(in);
    ck_assert_uint_eq(fread(in, 1, len, f), len);
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
    z.next_in = in;
    z.avail_in = (uInt)len;
    int members = 0;
    unsigned char chunk[4096];
    while (z.avail_in > 0) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        int rc = inflate(&z, Z_NO_FLUSH);
        ck_assert_msg(rc == Z_OK || rc == Z_STREAM_END, "inflate: %d", rc);
        ck_assert_int_eq(nd_buf_append(out, chunk, sizeof chunk - z.avail_out),
                         ND_OK);
        if (rc == Z_STREAM_END) {
            members++;
            ck_assert_int_eq(inflateReset(&z), Z_OK);
        }
    }
    inflateEnd(&z);
    free(in);
    return members;
}

static size_t
count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p != NULL;
         p = strstr(p + 1, needle))
        n++;
    return n;
}

static FILE *
ingest(nd_run_stats *st)
{
    FILE *out = tmpfile();
    ck_assert_ptr_nonnull(out);
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.mode = ND_RUN_INGEST;
    o.warc_out = out;
    o.threads = 3;
    const char *paths[] = {arch};
    ck_assert_int_eq(nd_run_paths(run, &o, paths, 1, st), ND_OK);
    nd_run_free(run);
    return out;
}

START_TEST(test_pipeline_ingest)
{
    write_archive();
    nd_run_stats st;
    FILE *out = ingest(&st);
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    ck_assert_uint_eq(st.files_seen, 4);
    nd_buf *text = NULL;
    ck_assert_int_eq(nd_buf_new(&text), ND_OK);
    ck_assert_int_eq(gzip_members(out, text), NARTICLES);
    const char *t = nd_buf_data(text);
    ck_assert_msg(strncmp(t, "WARC/1.1\r\n", 10) == 0, "%.40s", t);
    ck_assert_uint_eq(count(t, "WARC/1.1\r\n"), NARTICLES);
    ck_assert_uint_eq(count(t, "WARC-Type: conversion\r\n"), NARTICLES);
    ck_assert_ptr_nonnull(
        strstr(t, "Newsdex-Title: Museum of Baltic trade opens in Gdansk"));
    /* zlib's own gzip reader takes the concatenation as one stream */
    int fd = dup(fileno(out));
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0); /* stdio may not have */
    gzFile gz = gzdopen(fd, "rb");
    ck_assert_ptr_nonnull(gz);
    char *back = malloc(nd_buf_len(text) + 16);
    int n = gzread(gz, back, (unsigned)nd_buf_len(text) + 16);
    ck_assert_int_eq(n, (int)nd_buf_len(text));
    ck_assert_int_eq(memcmp(back, t, (size_t)n), 0);
    gzclose(gz);
    free(back);
    nd_buf_free(text);
    fclose(out);
}
END_TEST

START_TEST(test_pipeline_stream)
{
    /* the archive indexed directly, and through an ingest stream */
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    FILE *out = ingest(&st);
    char stream[1200];
    snprintf(stream, sizeof stream, "%s/stream.warc.gz", dir);
    FILE *f = fopen(stream, "wb");
    ck_assert_ptr_nonnull(f);
    rewind(out);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, out)) > 0)
        ck_assert_uint_eq(fwrite(chunk, 1, k, f), k);
    ck_assert_int_eq(fclose(f), 0);
    fclose(out);
    ck_assert_ptr_nonnull(freopen(stream, "rb", stdin));
    const char *dash[] = {"-"};
    ck_assert_int_eq(index_paths(coll2, dash, 1, 0, 2, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    ck_assert_uint_eq(st.files_seen, 4);
    ck_assert_uint_eq(doccount(coll2), NARTICLES);
    nd_buf *d1 = dump(coll), *d2 = dump(coll2);
    char *t1 = sorted_titles(d1), *t2 = sorted_titles(d2);
    ck_assert_str_eq(t1, t2);
    ck_assert_uint_eq(count(t1, "\n"), NARTICLES);
    free(t1);
    free(t2);
    nd_buf_free(d1);
    nd_buf_free(d2);
    /* the same stream again: nothing new */
    ck_assert_ptr_nonnull(freopen(stream, "rb", stdin));
    ck_assert_int_eq(index_paths(coll2, dash, 1, 0, 2, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, 0);
    ck_assert_uint_eq(st.articles_unchanged, NARTICLES);
}
END_TEST

/* ---- threads ---------------------------------------------------------- */

START_TEST(test_pipeline_threads)
{
    write_archive();
    for (int i = 0; i < 24; i++) {
        char name[64], body[256];
        snprintf(name, sizeof name, "arch/many/%02d.txt", i);
        snprintf(body, sizeof body,
                 "Story number %d\n\nA short story, number %d, about %s.\n", i,
                 i, i % 2 ? "ships" : "wheat");
        fx_write_str(dir, name, body);
    }
    const char *paths[] = {arch};
    nd_run_stats s1, s4;
    ck_assert_int_eq(index_paths(coll, paths, 1, 0, 1, &s1), ND_OK);
    ck_assert_int_eq(index_paths(coll2, paths, 1, 0, 4, &s4), ND_OK);
    ck_assert_uint_eq(s1.articles_added, NARTICLES + 24);
    ck_assert_uint_eq(s4.articles_added, s1.articles_added);
    ck_assert_uint_eq(s4.files_seen, s1.files_seen);
    nd_buf *d1 = dump(coll), *d4 = dump(coll2);
    /* same documents, in the same docid order */
    ck_assert_str_eq(nd_buf_data(d1), nd_buf_data(d4));
    nd_buf_free(d1);
    nd_buf_free(d4);
}
END_TEST

/* ---- rebuild ---------------------------------------------------------- */

static int
rebuild_leftovers(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strstr(de->d_name, ".rebuild") != NULL;
    closedir(d);
    return n;
}

START_TEST(test_pipeline_rebuild)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    nd_buf *before = dump(coll);
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    o.batch = 2;
    ck_assert_msg(nd_run_rebuild(run, &o, &st) == ND_OK, "%s", nd_errmsg(run));
    ck_assert_uint_eq(st.articles_added, NARTICLES);
    nd_run_free(run);
    ck_assert_uint_eq(doccount(coll), NARTICLES);
    ck_assert_int_eq(rebuild_leftovers(), 0);
    nd_buf *after = dump(coll);
    char *t1 = sorted_titles(before), *t2 = sorted_titles(after);
    ck_assert_str_eq(t1, t2);
    free(t1);
    free(t2);
    nd_buf_free(before);
    nd_buf_free(after);
    ck_assert_uint_eq(hits_for(coll, "title:museum"), 1);
    ck_assert_uint_eq(hits_for(coll, "\"record wheat harvest\""), 1);
    /* the file state came along: the archive is unchanged */
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(st.files_unchanged, 4);
    ck_assert_uint_eq(st.articles_added, 0);
}
END_TEST

START_TEST(test_pipeline_rebuild_corrupt)
{
    write_archive();
    nd_run_stats st;
    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    /* a document whose stored record is damaged */
    ndi_xdb *x = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
    ck_assert_int_eq(ndi_xdoc_value(d, NDI_SLOT_RECORD, "\x01garbage", 8),
                     ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(x, "Q00000000deadbeef", d), ND_OK);
    ndi_xdoc_free(d);
    ck_assert_int_eq(ndi_xdb_close(x), ND_OK);
    ndi_xdb_free(x);
    nd_buf *before = dump_ids(coll);

    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    ck_assert_int_eq(nd_run_rebuild(run, &o, &st), ND_ECORRUPT);
    ck_assert_msg(strstr(nd_errmsg(run), "document 7") != NULL, "%s",
                  nd_errmsg(run));
    nd_run_free(run);
    /* the collection is as it was, and nothing is left behind */
    ck_assert_int_eq(rebuild_leftovers(), 0);
    nd_buf *after = dump_ids(coll);
    ck_assert_str_eq(nd_buf_data(after), nd_buf_data(before));
    ck_assert_uint_eq(doccount(coll), NARTICLES + 1);
    nd_buf_free(before);
    nd_buf_free(after);
}
END_TEST

static int
leftovers(const char *what)
{
    int n = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += strstr(de->d_name, what) != NULL;
    closedir(d);
    return n;
}

static nd_status
index_compact(nd_compact_mode mode, nd_run_stats *st)
{
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    o.compact = mode;
    const char *paths[] = {arch};
    nd_status rc = nd_run_paths(run, &o, paths, 1, st);
    nd_run_free(run);
    return rc;
}

START_TEST(test_pipeline_compact)
{
    write_archive();
    nd_run_stats st;
    /* automatic: six articles are too few to be worth it */
    ck_assert_int_eq(index_compact(ND_COMPACT_AUTO, &st), ND_OK);
    ck_assert_int_eq(st.compacted, 0);
    nd_buf *before = dump_ids(coll);
    ck_assert_int_eq(index_compact(ND_COMPACT_ALWAYS, &st), ND_OK);
    ck_assert_int_eq(st.compacted, 1);
    ck_assert_int_eq(leftovers(".compact"), 0);
    /* same articles, still a writable collection with its file states */
    nd_buf *after = dump_ids(coll);
    ck_assert_str_eq(nd_buf_data(before), nd_buf_data(after));
    ck_assert(has_file_state(path_in(arch, "a.txt")));
    fx_write_str(dir, "arch/d.txt", text_b);
    ck_assert_int_eq(index_compact(ND_COMPACT_NEVER, &st), ND_OK);
    ck_assert_int_eq(st.compacted, 0);
    ck_assert_uint_eq(st.articles_added, 1);
    ck_assert_uint_eq(st.files_unchanged, 4);
    ck_assert_uint_eq(doccount(coll), NARTICLES + 1);
    nd_buf_free(before);
    nd_buf_free(after);
}
END_TEST

START_TEST(test_pipeline_rebuild_missing)
{
    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    nd_run_stats st;
    ck_assert_int_eq(nd_run_rebuild(run, &o, &st), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(run), coll));
    ck_assert_int_eq(rebuild_leftovers(), 0);
    struct stat sb;
    ck_assert_int_ne(stat(coll, &sb), 0); /* not created */
    nd_run_free(run);
}
END_TEST

/* ---- languages --------------------------------------------------------- */

/* How many articles of 'collection' match 'query'. */
static uint64_t
matches(const char *collection, const char *query)
{
    nd_search *s = NULL;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, collection), ND_OK);
    ck_assert_int_eq(nd_search_run(s, query, NULL, &h), ND_OK);
    uint64_t n = nd_hits_total(h);
    nd_hits_free(h);
    nd_search_free(s);
    return n;
}

/* Articles that state no language get the one their text shows, in
 * ingest records and in the index; a stated one is kept. */
START_TEST(test_pipeline_languages)
{
    fx_write_str(dir, "arch/en.txt", text_a);
    fx_write_str(dir, "arch/fr.txt",
                 "Les dockers prolongent leur grève au Havre\n\n"
                 "Les syndicats ont annoncé mardi que la grève continuerait "
                 "jusqu'à la fin de la semaine dans tous les ports.\n");
    fx_write_str(dir, "arch/de.txt",
                 "Hafenarbeiter verlängern ihren Streik\n\n"
                 "Die Gewerkschaften haben am Dienstag angekündigt, dass der "
                 "Streik bis zum Ende der Woche weitergehen wird.\n");
    fx_write_str(dir, "arch/es.html",
                 "<!DOCTYPE html>\n<html lang=\"es-ES\"><head><title>Dock "
                 "strike</title></head><body><article><h1>Dock strike "
                 "continues</h1><p>The unions said on Tuesday that the "
                 "strike would go on until the end of the week in every "
                 "port.</p></article></body></html>\n");
    nd_run_stats st;
    FILE *out = ingest(&st);
    ck_assert_uint_eq(st.articles_added, 4);
    nd_buf *text = NULL;
    ck_assert_int_eq(nd_buf_new(&text), ND_OK);
    ck_assert_int_eq(gzip_members(out, text), 4);
    const char *t = nd_buf_data(text);
    ck_assert_uint_eq(count(t, "Newsdex-Language: en\r\n"), 1);
    ck_assert_uint_eq(count(t, "Newsdex-Language: fr\r\n"), 1);
    ck_assert_uint_eq(count(t, "Newsdex-Language: de\r\n"), 1);
    ck_assert_uint_eq(count(t, "Newsdex-Language: es\r\n"), 1);
    nd_buf_free(text);
    fclose(out);

    ck_assert_int_eq(index_arch(0, &st), ND_OK);
    ck_assert_uint_eq(matches(coll, "lang:en"), 1);
    ck_assert_uint_eq(matches(coll, "lang:fr"), 1);
    ck_assert_uint_eq(matches(coll, "lang:de"), 1);
    ck_assert_uint_eq(matches(coll, "lang:es"), 1);
    /* each stemmed in its language: "grèves" finds "grève" */
    ck_assert_uint_eq(matches(coll, "grèves lang:fr"), 1);
}
END_TEST

static Suite *
pipeline_suite(void)
{
    Suite *s = suite_create("pipeline");
    struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"first_run", test_pipeline_first_run},
        {"second_run", test_pipeline_second_run},
        {"touch", test_pipeline_touch},
        {"change", test_pipeline_change},
        {"shrink", test_pipeline_shrink},
        {"prune", test_pipeline_prune},
        {"prune_other_roots", test_pipeline_prune_other_roots},
        {"prune_gone_root", test_pipeline_prune_gone_root},
        {"compact", test_pipeline_compact},
        {"odd_names", test_pipeline_odd_names},
        {"broken_file", test_pipeline_broken_file},
        {"broken_item", test_pipeline_broken_item},
        {"missing_root", test_pipeline_missing_root},
        {"locked", test_pipeline_locked},
        {"ingest", test_pipeline_ingest},
        {"stream", test_pipeline_stream},
        {"threads", test_pipeline_threads},
        {"rebuild", test_pipeline_rebuild},
        {"rebuild_corrupt", test_pipeline_rebuild_corrupt},
        {"rebuild_missing", test_pipeline_rebuild_missing},
        {"languages", test_pipeline_languages},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(pipeline_suite());
}
