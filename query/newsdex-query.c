/* SPDX-License-Identifier: MIT */
/*
 * newsdex-query - ranked search of a collection from the shell, as text
 * or JSON, and collection statistics.
 */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsdex.h"
#include "tool.h"

static const char *prog = "newsdex-query";

static void
usage(FILE *out)
{
    fprintf(
        out,
        "Usage: %s -c COLLECTION [OPTION]... QUERY...\n"
        "       %s -c COLLECTION --stats\n"
        "Search COLLECTION and print the best matches, best first.\n"
        "\n"
        "  -c, --collection DIR   the collection (default: "
        "$NEWSDEX_COLLECTION)\n"
        "  -n, --count N          how many hits (default 10)\n"
        "      --offset K         skip the first K hits (for paging)\n"
        "  -f, --format FMT       text (default) or json\n"
        "      --snippet N        snippet length in bytes (default 200, 0: "
        "none)\n"
        "      --no-collapse      show near-duplicates as hits of their own\n"
        "                         (default: one hit per cluster, \"+N "
        "similar\")\n"
        "      --show-duplicates  with JSON, list the ids of the collapsed "
        "hits\n"
        "      --stats            collection statistics instead of a search\n"
        "  -h, --help             show this help\n"
        "  -V, --version          show the version\n"
        "\n"
        "Query syntax: words (every word is optional, articles with all of "
        "them\n"
        "rank first), \"a phrase\", +required, -excluded, AND, OR, NOT, "
        "(...),\n"
        "prefix*, and fields: title:, byline:, source:, lang:, person:, "
        "place:,\n"
        "org:, format:, id:.\n"
        "\n"
        "Exit status: 0 done (also when nothing matched), 1 failed (no such\n"
        "collection, damaged index), 2 usage error or query syntax error.\n",
        prog, prog);
}

enum {
    OPT_OFFSET = 256,
    OPT_STATS,
    OPT_SNIPPET,
    OPT_NO_COLLAPSE,
    OPT_SHOW_DUPLICATES
};

static int
bad_value(const char *opt, const char *val)
{
    fprintf(stderr, "%s: invalid value '%s' for --%s\n", prog, val, opt);
    return ND_EXIT_USAGE;
}

/* The query words joined by spaces. */
static char *
join(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *q = malloc(n), *p = q;
    if (q == NULL)
        return NULL;
    for (int i = 0; i < argc; i++) {
        size_t k = strlen(argv[i]);
        if (i > 0)
            *p++ = ' ';
        memcpy(p, argv[i], k);
        p += k;
    }
    *p = '\0';
    return q;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"collection", required_argument, NULL, 'c'},
        {"count", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"format", required_argument, NULL, 'f'},
        {"snippet", required_argument, NULL, OPT_SNIPPET},
        {"stats", no_argument, NULL, OPT_STATS},
        {"no-collapse", no_argument, NULL, OPT_NO_COLLAPSE},
        {"show-duplicates", no_argument, NULL, OPT_SHOW_DUPLICATES},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *coll = getenv("NEWSDEX_COLLECTION");
    nd_search_opts so = ND_SEARCH_OPTS_INIT;
    nd_render_fmt fmt = ND_RENDER_TEXT;
    int stats = 0, c;
    unsigned long v;
    while ((c = getopt_long(argc, argv, "c:n:f:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            coll = optarg;
            break;
        case 'n':
            if (nd_tool_parse_uint(optarg, UINT_MAX / 2, &v) != 0)
                return bad_value("count", optarg);
            so.count = (unsigned)v;
            break;
        case OPT_OFFSET:
            if (nd_tool_parse_uint(optarg, UINT_MAX / 2, &v) != 0)
                return bad_value("offset", optarg);
            so.offset = (unsigned)v;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                fmt = ND_RENDER_TEXT;
            else if (strcmp(optarg, "json") == 0)
                fmt = ND_RENDER_JSON;
            else
                return bad_value("format", optarg);
            break;
        case OPT_SNIPPET:
            if (nd_tool_parse_uint(optarg, 100000, &v) != 0)
                return bad_value("snippet", optarg);
            so.snippet_len = (unsigned)v;
            break;
        case OPT_STATS:
            stats = 1;
            break;
        case OPT_NO_COLLAPSE:
            so.collapse = 0;
            break;
        case OPT_SHOW_DUPLICATES:
            so.duplicate_ids = 100; /* bounded: a cluster may be large */
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
    if (coll == NULL || *coll == '\0') {
        fprintf(stderr,
                "%s: no collection: give -c DIR or set NEWSDEX_COLLECTION\n",
                prog);
        return ND_EXIT_USAGE;
    }
    if (!stats && optind >= argc) {
        fprintf(stderr, "%s: no query given\nTry '%s --help'.\n", prog, prog);
        return ND_EXIT_USAGE;
    }
    nd_search *s = NULL;
    nd_hits *hits = NULL;
    char *query = NULL;
    nd_status st = nd_search_new(&s);
    if (st == ND_OK)
        st = nd_search_open(s, coll);
    if (st == ND_OK && stats) {
        nd_collection_stats cs;
        st = nd_search_stats(s, &cs);
        if (st == ND_OK)
            st = nd_render_stats(&cs, coll, fmt, stdout);
    } else if (st == ND_OK) {
        query = join(argc - optind, argv + optind);
        if (query == NULL)
            st = ND_ENOMEM;
        if (st == ND_OK)
            st = nd_search_run(s, query, &so, &hits);
        if (st == ND_OK)
            st =
                nd_render_hits(hits, query, fmt, isatty(STDOUT_FILENO), stdout);
        if (st == ND_EIO)
            fprintf(stderr, "%s: cannot write the results\n", prog);
    }
    if (st != ND_OK && st != ND_EIO)
        fprintf(stderr, "%s: %s\n", prog,
                s != NULL && *nd_errmsg(s) ? nd_errmsg(s) : nd_strerror(st));
    if (fflush(stdout) != 0 && st == ND_OK)
        st = ND_EIO;
    nd_hits_free(hits);
    nd_search_free(s);
    free(query);
    return nd_tool_exit(st);
}
