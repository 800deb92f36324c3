/* SPDX-License-Identifier: MIT */
/*
 * newsdex-index - ingest archive directories into a collection, or
 * rebuild a collection from the records it stores.
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsdex.h"
#include "tool.h"

static const char *prog = "newsdex-index";

typedef struct ui {
    int progress; /* a progress line on stderr */
    int quiet;
    int line_shown;
} ui;

static void
usage(FILE *out)
{
    fprintf(
        out,
        "Usage: %s -c COLLECTION [OPTION]... PATH...\n"
        "       %s -c COLLECTION --rebuild\n"
        "       %s -c COLLECTION --verify | --repair\n"
        "Ingest and index every news article under each PATH (directories are\n"
        "walked recursively; '-' reads a newsdex-ingest .warc.gz stream from\n"
        "stdin) into COLLECTION, a Xapian database directory. Runs are\n"
        "incremental: unchanged files are not read again.\n"
        "\n"
        "  -c, --collection DIR     the collection (default: "
        "$NEWSDEX_COLLECTION)\n"
        "      --prune              remove articles whose source file is gone\n"
        "      --rebuild            re-analyze the stored records into a "
        "fresh\n"
        "                           index and swap it in (no PATH needed)\n"
        "      --verify             check the Xapian tables and every stored\n"
        "                           record; exit 5 when anything is damaged\n"
        "      --repair             --rebuild, leaving damaged records out\n"
        "      --report FILE        write the run as JSON to FILE\n"
        "      --compact            compact the collection at the end of the "
        "run\n"
        "      --no-compact         never compact (default: compact when the "
        "run\n"
        "                           wrote at least half of the articles)\n"
        "  -j, --threads N          parser threads (default: one per core)\n"
        "      --batch N            articles per commit (default 1000)\n"
        "      --shards N           write a new collection as N shard "
        "databases\n"
        "                           (built in parallel) and a XAPIANDB stub\n"
        "      --writers N          writer threads for a new unsharded "
        "collection\n"
        "                           (default: one per core, at most 4; "
        "their\n"
        "                           shards are merged at the end)\n"
        "      --max-file-bytes SIZE      bytes read per file (default 64M)\n"
        "      --max-inflated-bytes SIZE  bytes after gunzip (default 256M)\n"
        "      --max-article-bytes SIZE   text kept per article (default 4M, "
        "at most 48M)\n"
        "      --max-items N        articles per file (default 100000)\n"
        "      --max-depth N        directory nesting (default 256)\n"
        "  -q, --quiet              no progress line and no summary\n"
        "      --progress           a progress line even when not on a "
        "terminal\n"
        "  -h, --help               show this help\n"
        "  -V, --version            show the version\n"
        "\n"
        "Exit status: 0 done, 1 failed, 2 usage error, 3 done but some inputs\n"
        "were skipped (listed on stderr and in --report), 4 collection "
        "locked, 5 --verify found damage.\n",
        prog, prog, prog);
}

static void
clear_line(ui *u)
{
    if (u->line_shown) {
        fputs("\r\033[K", stderr);
        u->line_shown = 0;
    }
}

static void
on_error(void *ctx, const char *path, long item, const char *reason)
{
    ui *u = ctx;
    clear_line(u);
    fprintf(stderr, "%s: ", prog);
    for (const char *c = path; *c; c++)
        fputc((unsigned char)*c < 0x20 ? '?' : *c, stderr);
    if (item >= 0)
        fprintf(stderr, ": item %ld", item);
    fprintf(stderr, ": %s\n", reason);
}

/* --verify: each problem on stderr, a summary on stdout. */
static int
run_verify(const char *collection, ui *u)
{
    nd_verify_stats vs;
    nd_status st = nd_verify(collection, on_error, u, &vs);
    if (st == ND_OK || st == ND_ECORRUPT) {
        if (!u->quiet || st != ND_OK)
            printf("%s: %" PRIu64 " records checked, %" PRIu64
                   " damaged table files, %" PRIu64 " damaged records: %s\n",
                   collection, vs.documents, vs.damaged_tables,
                   vs.damaged_records, st == ND_OK ? "sound" : "DAMAGED");
        return st == ND_OK ? ND_EXIT_OK : ND_EXIT_DAMAGED;
    }
    return nd_tool_exit(st);
}

static void
on_progress(void *ctx, const nd_run_stats *s)
{
    ui *u = ctx;
    if (!u->progress)
        return;
    uint64_t done = s->files_seen + s->files_skipped + s->files_ignored;
    uint64_t arts =
        s->articles_added + s->articles_updated + s->articles_unchanged;
    double rate =
        s->elapsed > 0
            ? (double)(s->articles_added + s->articles_updated) / s->elapsed
            : 0;
    fprintf(stderr, "\r\033[K%" PRIu64, done);
    if (s->files_total > 0)
        fprintf(stderr, "/%" PRIu64, s->files_total);
    fprintf(stderr, " files, %" PRIu64 " articles, %.0f articles/s", arts,
            rate);
    if (s->files_total > done && done > 0 && s->elapsed > 1) {
        double eta =
            s->elapsed * (double)(s->files_total - done) / (double)done;
        fprintf(stderr, ", ETA %d:%02d", (int)eta / 60, (int)eta % 60);
    }
    u->line_shown = 1;
    fflush(stderr);
}

static void
summary(const nd_run_stats *s, int rebuild)
{
    double rate =
        s->elapsed > 0
            ? (double)(s->articles_added + s->articles_updated) / s->elapsed
            : 0;
    if (rebuild) {
        fprintf(stderr,
                "%s: rebuilt %" PRIu64
                " articles in %.1f s (%.0f articles/s)\n",
                prog, s->articles_added, s->elapsed, rate);
        return;
    }
    fprintf(stderr,
            "%s: %" PRIu64 " files (%" PRIu64 " unchanged, %" PRIu64
            " skipped, %" PRIu64 " ignored); articles: %" PRIu64
            " added, %" PRIu64 " updated, %" PRIu64 " unchanged, %" PRIu64
            " removed; %.1f s, %.0f articles/s%s\n",
            prog, s->files_seen, s->files_unchanged, s->files_skipped,
            s->files_ignored, s->articles_added, s->articles_updated,
            s->articles_unchanged, s->articles_removed, s->elapsed, rate,
            s->compacted ? "; compacted" : "");
}

static int
write_report(const char *file, const nd_run *run, const nd_run_stats *s)
{
    FILE *f = fopen(file, "w");
    if (f == NULL) {
        fprintf(stderr, "%s: %s: cannot write the report: %m\n", prog, file);
        return -1;
    }
    nd_status st = nd_render_report(run, s, f);
    if (fclose(f) != 0 || st != ND_OK) {
        fprintf(stderr, "%s: %s: cannot write the report\n", prog, file);
        return -1;
    }
    return 0;
}

enum {
    OPT_PRUNE = 256,
    OPT_REBUILD,
    OPT_VERIFY,
    OPT_REPAIR,
    OPT_REPORT,
    OPT_BATCH,
    OPT_SHARDS,
    OPT_WRITERS,
    OPT_MAX_FILE,
    OPT_MAX_INFL,
    OPT_MAX_ART,
    OPT_MAX_ITEMS,
    OPT_MAX_DEPTH,
    OPT_PROGRESS,
    OPT_COMPACT,
    OPT_NO_COMPACT,
};

static int
bad_value(const char *opt, const char *val)
{
    fprintf(stderr, "%s: invalid value '%s' for --%s\n", prog, val, opt);
    return ND_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    /* Documents are built by worker threads and freed by writer threads:
     * with glibc's default of an arena per thread, that left memory in
     * every arena and peak RSS grew with the archive (99 to 181 MB over
     * 15000 generated articles); two arenas keep it flat (124 MB) at the
     * same speed. */
    mallopt(M_ARENA_MAX, 2);
    static const struct option longopts[] = {
        {"collection", required_argument, NULL, 'c'},
        {"prune", no_argument, NULL, OPT_PRUNE},
        {"rebuild", no_argument, NULL, OPT_REBUILD},
        {"verify", no_argument, NULL, OPT_VERIFY},
        {"repair", no_argument, NULL, OPT_REPAIR},
        {"report", required_argument, NULL, OPT_REPORT},
        {"threads", required_argument, NULL, 'j'},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {"writers", required_argument, NULL, OPT_WRITERS},
        {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE},
        {"max-inflated-bytes", required_argument, NULL, OPT_MAX_INFL},
        {"max-article-bytes", required_argument, NULL, OPT_MAX_ART},
        {"max-items", required_argument, NULL, OPT_MAX_ITEMS},
        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
        {"quiet", no_argument, NULL, 'q'},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"no-compact", no_argument, NULL, OPT_NO_COMPACT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    nd_run_opts o = ND_RUN_OPTS_INIT;
    ui u = {isatty(STDERR_FILENO), 0, 0};
    const char *report = NULL;
    int rebuild = 0, verify = 0, c;
    unsigned long v;
    o.collection = getenv("NEWSDEX_COLLECTION");
    while ((c = getopt_long(argc, argv, "c:j:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            o.collection = optarg;
            break;
        case OPT_PRUNE:
            o.prune = 1;
            break;
        case OPT_REBUILD:
            rebuild = 1;
            break;
        case OPT_VERIFY:
            verify = 1;
            break;
        case OPT_REPAIR:
            rebuild = 1;
            o.repair = 1;
            break;
        case OPT_REPORT:
            report = optarg;
            break;
        case 'j':
            if (nd_tool_parse_uint(optarg, 64, &v) != 0)
                return bad_value("threads", optarg);
            o.threads = (unsigned)v;
            break;
        case OPT_SHARDS:
            if (nd_tool_parse_uint(optarg, 256, &v) != 0 || v == 0)
                return bad_value("shards", optarg);
            o.shards = (unsigned)v;
            break;
        case OPT_WRITERS:
            if (nd_tool_parse_uint(optarg, 64, &v) != 0 || v == 0)
                return bad_value("writers", optarg);
            o.writers = (unsigned)v;
            break;
        case OPT_BATCH:
            if (nd_tool_parse_uint(optarg, 10000000, &v) != 0 || v == 0)
                return bad_value("batch", optarg);
            o.batch = (unsigned)v;
            break;
        case OPT_MAX_FILE:
            if (nd_tool_parse_size(optarg, &o.limits.max_file_bytes) != 0)
                return bad_value("max-file-bytes", optarg);
            break;
        case OPT_MAX_INFL:
            if (nd_tool_parse_size(optarg, &o.limits.max_inflated_bytes) != 0)
                return bad_value("max-inflated-bytes", optarg);
            break;
        case OPT_MAX_ART:
            /* a stored record must stay under the 64 MiB read limit */
            if (nd_tool_parse_size(optarg, &o.limits.max_article_bytes) != 0 ||
                o.limits.max_article_bytes == 0 ||
                o.limits.max_article_bytes > (48u << 20))
                return bad_value("max-article-bytes", optarg);
            break;
        case OPT_MAX_ITEMS:
            if (nd_tool_parse_uint(optarg, 100000000, &v) != 0 || v == 0)
                return bad_value("max-items", optarg);
            o.limits.max_items = v;
            break;
        case OPT_MAX_DEPTH:
            if (nd_tool_parse_uint(optarg, 4096, &v) != 0 || v == 0)
                return bad_value("max-depth", optarg);
            o.limits.max_depth = (unsigned)v;
            break;
        case 'q':
            u.quiet = 1;
            u.progress = 0;
            break;
        case OPT_PROGRESS:
            u.progress = 1;
            break;
        case OPT_COMPACT:
            o.compact = ND_COMPACT_ALWAYS;
            break;
        case OPT_NO_COMPACT:
            o.compact = ND_COMPACT_NEVER;
            break;
        case 'h':
            usage(stdout);
            return ND_EXIT_OK;
        case 'V':
            printf("%s (newsdex) %s\n", prog, PACKAGE_VERSION);
            return ND_EXIT_OK;
        default:
            fprintf(stderr, "Try '%s --help'.\n", prog);
            return ND_EXIT_USAGE;
        }
    }
    if (u.quiet)
        u.progress = 0;
    if (o.collection == NULL || *o.collection == '\0') {
        fprintf(stderr,
                "%s: no collection: give -c DIR or set NEWSDEX_COLLECTION\n",
                prog);
        return ND_EXIT_USAGE;
    }
    if (verify) {
        if (rebuild || optind < argc) {
            fprintf(stderr, "%s: --verify takes no PATH and no --rebuild\n",
                    prog);
            return ND_EXIT_USAGE;
        }
        return run_verify(o.collection, &u);
    }
    if (!rebuild && optind >= argc) {
        fprintf(
            stderr,
            "%s: nothing to index: give one or more PATHs\nTry '%s --help'.\n",
            prog, prog);
        return ND_EXIT_USAGE;
    }
    if (rebuild && optind < argc) {
        fprintf(stderr,
                "%s: --rebuild takes no PATH: it reads the stored records\n",
                prog);
        return ND_EXIT_USAGE;
    }
    o.count_first = u.progress;
    o.on_error = on_error;
    o.on_progress = on_progress;
    o.ctx = &u;

    nd_run *run = NULL;
    nd_run_stats stats;
    const char *dp = nd_tool_data_problem();
    if (dp != NULL)
        fprintf(stderr, "%s: warning: %s\n", prog, dp);
    if (nd_run_new(&run) != ND_OK) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return ND_EXIT_FAIL;
    }
    nd_status st;
    if (rebuild) {
        st = nd_run_rebuild(run, &o, &stats);
    } else {
        st = nd_run_paths(run, &o, (const char *const *)argv + optind,
                          (size_t)(argc - optind), &stats);
    }
    clear_line(&u);
    if (st != ND_OK && st != ND_DONE)
        fprintf(stderr, "%s: %s\n", prog,
                *nd_errmsg(run) ? nd_errmsg(run) : nd_strerror(st));
    if (!u.quiet && (st == ND_OK || st == ND_DONE))
        summary(&stats, rebuild);
    if (report != NULL && write_report(report, run, &stats) != 0 &&
        (st == ND_OK || st == ND_DONE))
        st = ND_EIO;
    nd_run_free(run);
    return nd_tool_exit(st);
}
