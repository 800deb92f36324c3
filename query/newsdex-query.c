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

/* Hits read and printed at a time: -n has no cap, memory stays bounded.
 * NEWSDEX_PAGE (tests) sets another size. */
#define PAGE 1000

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
        "  -f, --format FMT       text (default), json or trec\n"
        "      --qid ID           query id of --format trec lines (default "
        "1)\n"
        "      --tag TAG          run tag of --format trec lines (default "
        "newsdex)\n"
        "      --sort ORDER       relevance (default), date (newest first) "
        "or oldest\n"
        "      --recent           relevance blended with recency\n"
        "      --facets           people, places, organisations, sources, "
        "months\n"
        "                         and related entities among all matches\n"
        "      --histogram P      matches per day, month or year\n"
        "      --like ID          articles like the article ID (a hit's "
        "id)\n"
        "      --no-entities      no entity-aware matching of query words\n"
        "      --explain          show how the query was understood (on "
        "stderr)\n"
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
        "org:, format:, id:, date: (2023, 2023-03, 2023-03-05, A..B, ..B,\n"
        "A.., 30d.., 2w.., also h, m, y).\n"
        "\n"
        "Exit status: 0 done (also when nothing matched), 1 failed (no such\n"
        "collection, damaged index), 2 usage error or query syntax error.\n",
        prog, prog);
}

enum {
    OPT_OFFSET = 256,
    OPT_STATS,
    OPT_SNIPPET,
    OPT_SORT,
    OPT_RECENT,
    OPT_FACETS,
    OPT_HISTOGRAM,
    OPT_LIKE,
    OPT_NO_ENTITIES,
    OPT_EXPLAIN,
    OPT_QID,
    OPT_TAG,
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

/* Run the query a page at a time and print each page as it comes, as one
 * output; facets and the histogram are counted with the first page. */
static nd_status
search_pages(nd_search *s, const char *query, const nd_search_opts *so,
             nd_render_fmt fmt, const char *qid, const char *tag, int explain)
{
    nd_search_opts po = *so;
    unsigned part = ND_RENDER_FIRST, page = PAGE;
    unsigned long v;
    const char *env = getenv("NEWSDEX_PAGE");
    if (env != NULL && nd_tool_parse_uint(env, 1000000, &v) == 0 && v > 0)
        page = (unsigned)v;
    size_t done = 0;
    int tty = isatty(STDOUT_FILENO);
    for (;;) {
        nd_hits *hits = NULL;
        po.count = so->count - done < page ? so->count - (unsigned)done : page;
        po.offset = so->offset + (unsigned)done;
        nd_status st = nd_search_run(s, query, &po, &hits);
        if (st != ND_OK)
            return st;
        size_t n = nd_hits_count(hits);
        int last = n < po.count || done + n >= so->count;
        if (explain && (part & ND_RENDER_FIRST))
            fputs(nd_hits_explain(hits), stderr);
        if (qid != NULL)
            st = nd_render_trec(hits, qid, tag, stdout);
        else
            st = nd_render_hits_part(hits, query, fmt, tty,
                                     part | (last ? ND_RENDER_LAST : 0u), done,
                                     stdout);
        done += n;
        nd_hits_free(hits);
        if (st != ND_OK || last)
            return st;
        part = 0;
        po.facets = 0;
        po.histogram = ND_PERIOD_NONE;
    }
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
        {"sort", required_argument, NULL, OPT_SORT},
        {"recent", no_argument, NULL, OPT_RECENT},
        {"facets", no_argument, NULL, OPT_FACETS},
        {"histogram", required_argument, NULL, OPT_HISTOGRAM},
        {"like", required_argument, NULL, OPT_LIKE},
        {"no-entities", no_argument, NULL, OPT_NO_ENTITIES},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"qid", required_argument, NULL, OPT_QID},
        {"tag", required_argument, NULL, OPT_TAG},
        {"no-collapse", no_argument, NULL, OPT_NO_COLLAPSE},
        {"show-duplicates", no_argument, NULL, OPT_SHOW_DUPLICATES},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *coll = getenv("NEWSDEX_COLLECTION");
    nd_search_opts so = ND_SEARCH_OPTS_INIT;
    nd_render_fmt fmt = ND_RENDER_TEXT;
    int stats = 0, c, trec = 0, explain = 0;
    const char *qid = "1", *tag = "newsdex";
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
            else if (strcmp(optarg, "trec") == 0)
                trec = 1;
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
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                so.sort = ND_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0 ||
                     strcmp(optarg, "newest") == 0)
                so.sort = ND_SORT_DATE;
            else if (strcmp(optarg, "oldest") == 0)
                so.sort = ND_SORT_OLDEST;
            else
                return bad_value("sort", optarg);
            break;
        case OPT_RECENT:
            so.recent = 1;
            break;
        case OPT_FACETS:
            so.facets = 1;
            break;
        case OPT_HISTOGRAM:
            if (strcmp(optarg, "day") == 0)
                so.histogram = ND_PERIOD_DAY;
            else if (strcmp(optarg, "month") == 0)
                so.histogram = ND_PERIOD_MONTH;
            else if (strcmp(optarg, "year") == 0)
                so.histogram = ND_PERIOD_YEAR;
            else
                return bad_value("histogram", optarg);
            break;
        case OPT_LIKE:
            if (strlen(optarg) != 16 ||
                strspn(optarg, "0123456789abcdef") != 16)
                return bad_value("like", optarg);
            so.like = optarg;
            break;
        case OPT_NO_ENTITIES:
            so.no_entities = 1;
            break;
        case OPT_EXPLAIN:
            explain = 1;
            break;
        case OPT_QID:
            if (*optarg == '\0' || strpbrk(optarg, " \t\n") != NULL)
                return bad_value("qid", optarg);
            qid = optarg;
            break;
        case OPT_TAG:
            if (*optarg == '\0' || strpbrk(optarg, " \t\n") != NULL)
                return bad_value("tag", optarg);
            tag = optarg;
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
    if (!stats && optind >= argc && so.like == NULL) {
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
            st = search_pages(s, query, &so, fmt, trec ? qid : NULL, tag,
                              explain);
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
