/* SPDX-License-Identifier: MIT */
/*
 * newsdex-ingest - the ingest half of the pipeline alone: every article of
 * the archive as a normalized WARC/1.1 conversion record, one gzip member
 * per record (doc/record.md).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsdex.h"
#include "tool.h"

static const char *prog = "newsdex-ingest";

static void
usage(FILE *out)
{
    fprintf(
        out,
        "Usage: %s [OPTION]... PATH...\n"
        "Write every news article under each PATH as a normalized record to a\n"
        ".warc.gz stream (one gzip member per WARC/1.1 conversion record):\n"
        "zcat and any WARC reader read it; newsdex-index reads it back with "
        "'-'.\n"
        "\n"
        "  -o, --output FILE        write to FILE (default: stdout); a regular\n"
        "                           FILE is replaced only when the run completes,\n"
        "                           a FIFO or device is written in place\n"
        "  -j, --threads N          parser threads (default: one per core)\n"
        "      --max-file-bytes SIZE      bytes read per file (default 64M)\n"
        "      --max-inflated-bytes SIZE  bytes after gunzip (default 256M)\n"
        "      --max-article-bytes SIZE   text kept per article (default 4M, "
        "at most 48M)\n"
        "      --max-items N        articles per file (default 100000)\n"
        "  -q, --quiet              no summary\n"
        "  -h, --help               show this help\n"
        "  -V, --version            show the version\n"
        "\n"
        "Exit status: 0 done, 1 failed, 2 usage error, 3 done but some inputs\n"
        "were skipped.\n",
        prog);
}

static void
on_error(void *ctx, const char *path, long item, const char *reason)
{
    (void)ctx;
    fprintf(stderr, "%s: ", prog);
    for (const char *c = path; *c; c++)
        fputc((unsigned char)*c < 0x20 ? '?' : *c, stderr);
    if (item >= 0)
        fprintf(stderr, ": item %ld", item);
    fprintf(stderr, ": %s\n", reason);
}

enum { OPT_MAX_FILE = 256, OPT_MAX_INFL, OPT_MAX_ART, OPT_MAX_ITEMS };

static int
bad_value(const char *opt, const char *val)
{
    fprintf(stderr, "%s: invalid value '%s' for --%s\n", prog, val, opt);
    return ND_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"threads", required_argument, NULL, 'j'},
        {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE},
        {"max-inflated-bytes", required_argument, NULL, OPT_MAX_INFL},
        {"max-article-bytes", required_argument, NULL, OPT_MAX_ART},
        {"max-items", required_argument, NULL, OPT_MAX_ITEMS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    nd_run_opts o = ND_RUN_OPTS_INIT;
    const char *output = NULL;
    int quiet = 0, c;
    unsigned long v;
    while ((c = getopt_long(argc, argv, "o:j:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'j':
            if (nd_tool_parse_uint(optarg, 64, &v) != 0)
                return bad_value("threads", optarg);
            o.threads = (unsigned)v;
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
        case 'q':
            quiet = 1;
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
    if (optind >= argc) {
        fprintf(
            stderr,
            "%s: nothing to ingest: give one or more PATHs\nTry '%s --help'.\n",
            prog, prog);
        return ND_EXIT_USAGE;
    }
    FILE *out = stdout;
    char *tmp = NULL;
    FILE *direct = NULL; /* an output that is no regular file */
    struct stat ost;
    if (output != NULL && strcmp(output, "-") != 0 &&
        stat(output, &ost) == 0 && !S_ISREG(ost.st_mode)) {
        /* /dev/null, a FIFO, a terminal's pipe: written in place, never
         * replaced by a renamed temporary file */
        direct = fopen(output, "wb");
        if (direct == NULL) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output,
                    strerror(errno));
            return ND_EXIT_FAIL;
        }
        out = direct;
    } else if (output != NULL && strcmp(output, "-") != 0) {
        size_t n = strlen(output) + 32;
        tmp = malloc(n);
        if (tmp == NULL) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return ND_EXIT_FAIL;
        }
        snprintf(tmp, n, "%s.tmp-%ld", output, (long)getpid());
        out = fopen(tmp, "wb");
        if (out == NULL) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output,
                    strerror(errno));
            free(tmp);
            return ND_EXIT_FAIL;
        }
    } else if (isatty(STDOUT_FILENO)) {
        fprintf(stderr,
                "%s: refusing to write gzip data to a terminal: use -o FILE or "
                "a pipe\n",
                prog);
        return ND_EXIT_USAGE;
    }
    o.mode = ND_RUN_INGEST;
    o.warc_out = out;
    o.on_error = on_error;

    nd_run *run = NULL;
    nd_run_stats stats;
    const char *dp = nd_tool_data_problem();
    if (dp != NULL)
        fprintf(stderr, "%s: warning: %s\n", prog, dp);
    nd_status st = nd_run_new(&run);
    if (st == ND_OK)
        st = nd_run_paths(run, &o, (const char *const *)argv + optind,
                          (size_t)(argc - optind), &stats);
    if (st != ND_OK && st != ND_DONE)
        fprintf(stderr, "%s: %s\n", prog,
                run != NULL && *nd_errmsg(run) ? nd_errmsg(run)
                                               : nd_strerror(st));
    if (tmp != NULL) {
        int bad = fclose(out) != 0;
        if (bad && (st == ND_OK || st == ND_DONE)) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output,
                    strerror(errno));
            st = ND_EIO;
        }
        if ((st == ND_OK || st == ND_DONE) && rename(tmp, output) != 0) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output,
                    strerror(errno));
            st = ND_EIO;
        }
        if (st != ND_OK && st != ND_DONE)
            unlink(tmp);
        free(tmp);
    } else if (direct != NULL) {
        if (fclose(direct) != 0 && (st == ND_OK || st == ND_DONE)) {
            fprintf(stderr, "%s: %s: cannot write: %s\n", prog, output,
                    strerror(errno));
            st = ND_EIO;
        }
    } else if (fflush(stdout) != 0 && (st == ND_OK || st == ND_DONE)) {
        fprintf(stderr, "%s: cannot write the stream: %s\n", prog,
                strerror(errno));
        st = ND_EIO;
    }
    if (!quiet && (st == ND_OK || st == ND_DONE))
        fprintf(stderr,
                "%s: %" PRIu64 " files (%" PRIu64 " skipped, %" PRIu64
                " ignored), %" PRIu64 " records, %.1f s\n",
                prog, stats.files_seen, stats.files_skipped,
                stats.files_ignored, stats.articles_added, stats.elapsed);
    nd_run_free(run);
    return nd_tool_exit(st);
}
