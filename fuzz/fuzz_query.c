/* SPDX-License-Identifier: MIT */
/*
 * fuzz_query.c - libFuzzer target: the query string path. A tiny
 * collection is built once in a temporary directory; every input is a
 * query run against it (nd_search_run), its hits checked and rendered as
 * text and as JSON, which must parse. ND_OK and ND_EQUERY are the only
 * outcomes (ND_EMODIFIED too, though nothing writes here).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <json-c/json.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[4096];
static nd_search *search;

static const struct {
    const char *title, *byline, *source, *lang, *date, *body, *person, *place,
        *org;
} docs[] = {
    {"Oil prices rise after OPEC cut", "By Anna Smith", "Reuters", "en",
     "2023-03-20T09:15:00Z",
     "LONDON - Oil prices rose on Monday.\n\nBrent crude gained 2 percent "
     "as traders weighed the cut announced in Vienna.",
     "Anna Smith", "London", "OPEC"},
    {"Xi and Putin meet in Moscow", "By Ivan Petrov", "AP", "en",
     "2023-03-21T12:00:00Z",
     "MOSCOW - The leaders met for talks.\n\n\"We are partners,\" Putin "
     "said of the summit's energy accords.",
     "Vladimir Putin", "Moscow", "Kremlin"},
    {"Grüne Brücke reopens", NULL, "Der Bote", "de", "2024-11-05T14:15:00Z",
     "Die Brücke ist nach zwei Jahren wieder offen. Café-Besitzer freuen "
     "sich.",
     NULL, "Köln", NULL},
    {"Wheat harvest sets record", NULL, "Farm Wire", "en", NULL,
     "India's wheat harvest hit a record 112 million tonnes, the ministry "
     "said; exports stay banned.",
     NULL, "India", "Ministry of Agriculture"},
    {"市场 震荡", NULL, "新华社", "zh", "2023-04-01",
     "股市 下跌 银行 担忧 yuan rouble", NULL, NULL, NULL},
};

static void
remove_dir(void)
{
    char cmd[4200];
    nd_search_free(search);
    search = NULL;
    if (dir[0] != '\0' && strstr(dir, "/ndfuzz.") != NULL) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz_query: could not remove %s\n", dir);
    }
}

static void
need(nd_status st, const char *what)
{
    if (st != ND_OK) {
        fprintf(stderr, "fuzz_query: %s: %s\n", what, nd_strerror(st));
        exit(1);
    }
}

static void
set(nd_article *a, nd_field f, const char *s)
{
    if (s != NULL)
        need(nd_article_set(a, f, s, strlen(s)), "nd_article_set");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ndfuzz.XXXXXX",
             tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror("fuzz_query: mkdtemp");
        exit(1);
    }
    atexit(remove_dir);
    nd_indexer *ix = NULL;
    need(nd_indexer_new(&ix), "nd_indexer_new");
    need(nd_indexer_open(ix, dir), "nd_indexer_open");
    for (size_t i = 0; i < NDI_ARRAY_LEN(docs); i++) {
        nd_article *a = NULL;
        char path[64];
        int64_t t;
        need(nd_article_new(&a), "nd_article_new");
        set(a, ND_F_TITLE, docs[i].title);
        set(a, ND_F_BYLINE, docs[i].byline);
        set(a, ND_F_SOURCE, docs[i].source);
        set(a, ND_F_LANG, docs[i].lang);
        set(a, ND_F_BODY, docs[i].body);
        set(a, ND_F_FORMAT, "text");
        snprintf(path, sizeof path, "/archive/doc%zu.txt", i);
        need(ndi_article_set_raw(a, ND_F_ABSPATH, path, strlen(path)),
             "set path");
        need(ndi_article_set_raw(a, ND_F_PATH, path, strlen(path)), "set path");
        if (docs[i].date != NULL &&
            ndi_date_parse(docs[i].date, strlen(docs[i].date), &t))
            nd_article_set_date(a, t, ND_DATE_DOCUMENT);
        if (docs[i].person != NULL)
            need(nd_article_add_entity(a, ND_ENT_PERSON, docs[i].person,
                                       strlen(docs[i].person)),
                 "entity");
        if (docs[i].place != NULL)
            need(nd_article_add_entity(a, ND_ENT_PLACE, docs[i].place,
                                       strlen(docs[i].place)),
                 "entity");
        if (docs[i].org != NULL)
            need(nd_article_add_entity(a, ND_ENT_ORG, docs[i].org,
                                       strlen(docs[i].org)),
                 "entity");
        need(nd_article_make_id(a), "nd_article_make_id");
        need(nd_indexer_add(ix, a), "nd_indexer_add");
        nd_article_free(a);
    }
    need(nd_indexer_close(ix), "nd_indexer_close");
    nd_indexer_free(ix);
    need(nd_search_new(&search), "nd_search_new");
    need(nd_search_open(search, dir), "nd_search_open");
    return 0;
}

/* Render 'h' both ways; the JSON must parse. */
static void
render(const nd_hits *h, const char *query)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        abort();
    nd_status st = nd_render_hits(h, query, ND_RENDER_TEXT, 1, f);
    FZ_ASSERT(st == ND_OK, "text rendering: %s", nd_strerror(st));
    fclose(f);
    free(text);

    text = NULL;
    f = open_memstream(&text, &len);
    if (f == NULL)
        abort();
    st = nd_render_hits(h, query, ND_RENDER_JSON, 0, f);
    FZ_ASSERT(st == ND_OK, "JSON rendering: %s", nd_strerror(st));
    fclose(f);
    FZ_ASSERT(ndi_utf8_valid(text, len), "JSON output is not UTF-8");
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, text, (int)len);
    FZ_ASSERT(o != NULL && json_object_is_type(o, json_type_object),
              "JSON output does not parse: %s",
              json_tokener_error_desc(json_tokener_get_error(tok)));
    json_object *q = NULL;
    FZ_ASSERT(json_object_object_get_ex(o, "hits", &q) &&
                  (size_t)json_object_array_length(q) == nd_hits_count(h),
              "JSON hits do not match");
    json_object_put(o);
    json_tokener_free(tok);
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = malloc(size + 1);
    if (query == NULL)
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    nd_search_opts o = ND_SEARCH_OPTS_INIT;
    nd_hits *h = NULL;
    nd_status st = nd_search_run(search, query, &o, &h);
    FZ_ASSERT(st == ND_OK || st == ND_EQUERY || st == ND_EMODIFIED,
              "nd_search_run('%s') gave %s: %s", query, nd_strerror(st),
              nd_errmsg(search));
    FZ_ASSERT((st == ND_OK) == (h != NULL), "hits and status disagree");
    if (st != ND_OK)
        FZ_ASSERT(*nd_errmsg(search) != '\0', "%s without a message",
                  nd_strerror(st));
    if (h != NULL) {
        FZ_ASSERT(nd_hits_count(h) <= o.count, "%zu hits for %u",
                  nd_hits_count(h), o.count);
        for (size_t i = 0; i < nd_hits_count(h); i++) {
            const nd_article *a = nd_hits_article(h, i);
            FZ_ASSERT(a != NULL, "hit %zu without an article", i);
            fz_check_article(a);
            FZ_ASSERT(nd_hits_rank(h, i) == i + 1, "rank %u at %zu",
                      nd_hits_rank(h, i), i);
            const char *sn = nd_hits_snippet(h, i);
            FZ_ASSERT(ndi_utf8_valid(sn, strlen(sn)), "snippet is not UTF-8");
        }
        render(h, query);
    }
    nd_hits_free(h);
    free(query);
    return 0;
}
