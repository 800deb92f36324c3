/* SPDX-License-Identifier: MIT */
/*
 * newsdex.cgi - the search page of a collection behind a web server (CGI/1.1),
 * as HTML, JSON, Atom or an OpenSearch description. With no REQUEST_METHOD
 * in the environment it runs from a shell, each argument one parameter:
 *   newsdex.cgi 'q=oil prices' format=json
 * Every request parameter is checked against a cap; what goes wrong is a
 * 400 page, a 503 page when the collection cannot be used, never a crash;
 * details go to stderr, which the web server keeps in its error log.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"
#include "escape.h"
#include "newsdex.h"
#include "page.h"
#include "tool.h"

static const char *prog = "newsdex.cgi";

/* Costs a request may have. */
#define MAX_PER_PAGE 50
#define MAX_PAGE 100
#define TIME_LIMIT 8 /* seconds of wall time (alarm) */
#define SNIPPET_LEN 240

#define CSP                                                  \
    "default-src 'none'; style-src 'self'; img-src 'none'; " \
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* The answer sent when the time limit strikes: prepared, so the signal
 * handler only writes it. */
static const char timeout_page[] =
    "Status: 503 Service Unavailable\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: " CSP "\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Retry-After: 10\r\n\r\n"
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Time limit</title></head><body><h1>Time limit</h1>"
    "<p>The search took longer than the page allows. Try fewer or more "
    "specific words.</p></body></html>\n";

static void
on_alarm(int sig)
{
    (void)sig;
    ssize_t w = write(STDOUT_FILENO, timeout_page, sizeof timeout_page - 1);
    (void)w;
    static const char msg[] = "newsdex.cgi: time limit reached\n";
    w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(0);
}

typedef struct resp {
    int status;
    const char *ctype;
    const char *extra; /* more header lines, each ending in \r\n */
    nd_buf *body;
} resp;

static const char *
reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 503:
        return "Service Unavailable";
    default:
        return "Internal Server Error";
    }
}

static int
send_resp(const resp *r, int head_only)
{
    if (r->status != 200)
        printf("Status: %d %s\r\n", r->status, reason(r->status));
    printf("Content-Type: %s\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "Content-Security-Policy: " CSP "\r\n"
           "Referrer-Policy: no-referrer\r\n"
           "X-Frame-Options: DENY\r\n"
           "%s\r\n",
           r->ctype, r->extra != NULL ? r->extra : "");
    if (!head_only && r->body != NULL)
        fwrite(nd_buf_data(r->body), 1, nd_buf_len(r->body), stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Everything one request needs, filled step by step. */
typedef struct req {
    ndi_cgi *params;
    ndi_conf *conf;
    ndi_view view;
    ndi_view_coll colls[NDI_CONF_MAX_COLLECTIONS];
    const ndi_conf_coll *coll;
    const char *format;
    char base[1024];
    char notice[256];
    nd_buf *body;
    int head_only;
} req;

static int
error_page(req *r, int status, const char *msg)
{
    nd_buf_clear(r->body);
    resp rs = {status, "text/html; charset=utf-8", NULL, r->body};
    if (strcmp(r->format, "json") == 0) {
        /* a JSON client gets JSON */
        rs.ctype = "application/json; charset=utf-8";
        ndi_buf_printf(r->body, "{\"error\":%d,\"message\":", status);
        ndi_esc_json(r->body, msg, strlen(msg));
        ndi_buf_puts(r->body, "}\n");
    } else if (ndi_page_error(r->body, &r->view, status, msg) != ND_OK) {
        nd_buf_clear(r->body);
    }
    return send_resp(&rs, r->head_only);
}

/* The CGI's absolute URL for feeds: the configured one, else from the
 * server's variables (checked: they may come from the request's Host). */
static void
base_url(req *r)
{
    if (r->conf->base_url != NULL) {
        snprintf(r->base, sizeof r->base, "%s", r->conf->base_url);
        return;
    }
    const char *host = getenv("HTTP_HOST"), *script = getenv("SCRIPT_NAME");
    const char *https = getenv("HTTPS");
    if (host == NULL || *host == '\0' ||
        strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789.-:[]") != strlen(host))
        host = "localhost";
    if (script == NULL || *script != '/' ||
        strspn(script, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "0123456789.-_~/") != strlen(script))
        script = "/cgi-bin/newsdex.cgi";
    snprintf(r->base, sizeof r->base, "%s://%s%s",
             https != NULL && strcmp(https, "on") == 0 ? "https" : "http", host,
             script);
}

/* Read the parameters: the query string, a form POST, or the arguments. */
static int
read_params(req *r, int argc, char **argv, int *status)
{
    const char *method = getenv("REQUEST_METHOD");
    nd_status st = ND_OK;
    *status = 400;
    if (method == NULL) {
        for (int i = 1; i < argc && st == ND_OK; i++)
            st = ndi_cgi_add_arg(r->params, argv[i]);
    } else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
        const char *qs = getenv("QUERY_STRING");
        r->head_only = strcmp(method, "HEAD") == 0;
        if (qs != NULL)
            st = ndi_cgi_parse(r->params, qs, strlen(qs));
        if (st == ND_ETOOBIG)
            *status = 414;
    } else if (strcmp(method, "POST") == 0) {
        const char *ct = getenv("CONTENT_TYPE"), *cl = getenv("CONTENT_LENGTH");
        unsigned long len = 0;
        if (ct == NULL ||
            strncmp(ct, "application/x-www-form-urlencoded", 33) != 0 ||
            (ct[33] != '\0' && ct[33] != ';'))
            return ndi_fail(&r->params->hdr, ND_EINVAL,
                            "a form must be sent as "
                            "application/x-www-form-urlencoded"),
                   -1;
        if (cl == NULL ||
            nd_tool_parse_uint(cl, NDI_CGI_MAX_INPUT, &len) != 0) {
            *status = 413;
            return ndi_fail(&r->params->hdr, ND_ETOOBIG,
                            "the form is larger than %u bytes",
                            NDI_CGI_MAX_INPUT),
                   -1;
        }
        char *buf = malloc(len + 1);
        if (buf == NULL)
            return ndi_fail(&r->params->hdr, ND_ENOMEM, "out of memory"), -1;
        size_t got = len > 0 ? fread(buf, 1, len, stdin) : 0;
        st = got == len
                 ? ndi_cgi_parse(r->params, buf, len)
                 : ndi_fail(&r->params->hdr, ND_EINVAL, "the form ended early");
        free(buf);
    } else {
        *status = 405;
        return ndi_fail(&r->params->hdr, ND_EINVAL,
                        "only GET, HEAD and POST are answered"),
               -1;
    }
    return st == ND_OK ? 0 : -1;
}

static int
valid_date(const char *s)
{
    /* YYYY, YYYY-MM or YYYY-MM-DD */
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    }
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

/*
 * The date range of the form as a date: filter of the query language
 * (README, "Query syntax"): " date:FROM..TO", either end open. Both were
 * checked by valid_date(); a range that ends before it starts is refused
 * (-1), since it could only find nothing.
 */
static int
date_clause(nd_buf *q, const char *from, const char *to)
{
    int has_from = from != NULL && *from != '\0';
    int has_to = to != NULL && *to != '\0';
    if (!has_from && !has_to)
        return 0;
    if (has_from && has_to) {
        /* "2024" <= "2024-03" <= "2024-03-05": compare what both give */
        size_t n = strlen(from) < strlen(to) ? strlen(from) : strlen(to);
        if (strncmp(from, to, n) > 0)
            return -1;
    }
    return ndi_buf_printf(q, "%sdate:%s..%s", nd_buf_len(q) > 0 ? " " : "",
                          has_from ? from : "", has_to ? to : "") == ND_OK
               ? 0
               : -1;
}

/* The order of the hits from the sort parameter: relevance, relevance
 * blended with recency, newest or oldest first. 0 when 'sort' is none of
 * them. */
static int
apply_sort(nd_search_opts *so, const char *sort)
{
    if (strcmp(sort, "relevance") == 0)
        so->sort = ND_SORT_RELEVANCE;
    else if (strcmp(sort, "recent") == 0)
        so->recent = 1;
    else if (strcmp(sort, "date") == 0)
        so->sort = ND_SORT_DATE;
    else if (strcmp(sort, "oldest") == 0)
        so->sort = ND_SORT_OLDEST;
    else
        return 0;
    return 1;
}

/* The query text: the typed query, the filters, the date range. */
static int
build_query(req *r, nd_buf *q, const char **msg)
{
    nd_status st = ndi_page_query(&r->view, q);
    if (st == ND_EINVAL) {
        *msg = "A filter must be person:, place:, org:, source: or lang: "
               "followed by a name of at most 200 bytes.";
        return -1;
    }
    if (st != ND_OK) {
        *msg = "Out of memory.";
        return -1;
    }
    if (date_clause(q, r->view.from, r->view.to) != 0) {
        *msg = "The date range ends before it starts.";
        return -1;
    }
    return 0;
}

/* A parameter that is "0" or "1" (absent: 'dflt'); -1 when another. */
static int
flag(const char *s, int dflt)
{
    if (s == NULL || *s == '\0')
        return dflt;
    if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)
        return *s == '1';
    return -1;
}

static int
hex_id(const char *id)
{
    return strlen(id) == 16 && strspn(id, "0123456789abcdef") == 16;
}

static int
check_uint(const char *s, unsigned long lo, unsigned long hi, unsigned *out)
{
    unsigned long v;
    if (s == NULL)
        return 0;
    if (nd_tool_parse_uint(s, hi, &v) != 0 || v < lo)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Log a library failure and answer 503. */
static int
unavailable(req *r, const void *handle, nd_status st)
{
    fprintf(stderr, "%s: collection '%s': %s\n", prog,
            r->coll != NULL ? r->coll->name : "?",
            handle != NULL && *nd_errmsg(handle) ? nd_errmsg(handle)
                                                 : nd_strerror(st));
    return error_page(r, 503,
                      st == ND_ELOCKED || st == ND_EMODIFIED
                          ? "The archive is being updated. Please try again "
                            "in a moment."
                          : "The archive is not available right now.");
}

static int
serve(req *r, int argc, char **argv)
{
    int status;
    r->format = "html";
    if (read_params(r, argc, argv, &status) != 0) {
        fprintf(stderr, "%s: bad request: %s\n", prog, nd_errmsg(r->params));
        return error_page(r, status, nd_errmsg(r->params));
    }
    ndi_cgi *p = r->params;
    ndi_view *v = &r->view;
    const char *fmt = ndi_cgi_get(p, NDI_Q_FORMAT);
    if (fmt != NULL) {
        if (strcmp(fmt, "html") != 0 && strcmp(fmt, "json") != 0 &&
            strcmp(fmt, "atom") != 0 && strcmp(fmt, "opensearch") != 0)
            return error_page(r, 400,
                              "Unknown format: use html, json, atom or "
                              "opensearch.");
        r->format = fmt;
    }
    const char *asset = ndi_cgi_get(p, NDI_Q_ASSET);
    if (asset != NULL) {
        if (strcmp(asset, "style.css") != 0)
            return error_page(r, 404, "No such file.");
        nd_buf_append(r->body, ndi_page_css(), strlen(ndi_page_css()));
        resp rs = {200, "text/css; charset=utf-8",
                   "Cache-Control: max-age=86400\r\n", r->body};
        return send_resp(&rs, r->head_only);
    }

    /* the configuration: which collections there are */
    const char *env_coll = getenv("NEWSDEX_COLLECTION");
    const char *conf_path = getenv("NEWSDEX_CONF");
    nd_status st = ndi_conf_load(
        r->conf, env_coll,
        conf_path != NULL && *conf_path ? conf_path : "/etc/newsdex.conf");
    v->title = r->conf->title != NULL ? r->conf->title : "newsdex";
    if (st != ND_OK) {
        fprintf(stderr, "%s: %s\n", prog, nd_errmsg(r->conf));
        return error_page(r, 503, "The archive is not configured.");
    }
    for (size_t i = 0; i < r->conf->ncolls; i++)
        r->colls[i] =
            (ndi_view_coll){r->conf->colls[i].name, r->conf->colls[i].label};
    v->colls = r->colls;
    v->ncolls = r->conf->ncolls;
    const char *cname = ndi_cgi_get(p, NDI_Q_C);
    if (cname != NULL && *cname != '\0') {
        if (!ndi_conf_name_ok(cname) ||
            (r->coll = ndi_conf_find(r->conf, cname)) == NULL)
            return error_page(r, 400, "No collection by that name.");
        if (r->coll != &r->conf->colls[0])
            v->coll = r->coll->name;
    } else {
        r->coll = ndi_conf_find(r->conf, NULL);
    }
    base_url(r);
    v->base_url = r->base;

    /* the search the request describes */
    const char *q = ndi_cgi_get(p, NDI_Q_Q);
    v->q = q != NULL ? q : "";
    v->page = 1;
    v->per_page = 10;
    v->max_page = MAX_PAGE;
    if (check_uint(ndi_cgi_get(p, NDI_Q_PAGE), 1, MAX_PAGE, &v->page) != 0)
        return error_page(r, 400, "The page number must be between 1 and 100.");
    if (check_uint(ndi_cgi_get(p, NDI_Q_N), 1, MAX_PER_PAGE, &v->per_page) != 0)
        return error_page(r, 400,
                          "The number of results per page must be between "
                          "1 and 50.");
    const char *sort = ndi_cgi_get(p, NDI_Q_SORT);
    v->sort = sort != NULL && *sort != '\0' ? sort : "relevance";
    nd_search_opts so = ND_SEARCH_OPTS_INIT;
    if (!apply_sort(&so, v->sort)) {
        v->sort = "relevance";
        return error_page(r, 400, "Sort by relevance, recent, date or oldest.");
    }
    int collapse = flag(ndi_cgi_get(p, NDI_Q_COLLAPSE), 1);
    int facets = flag(ndi_cgi_get(p, NDI_Q_FACETS), 0);
    if (collapse < 0 || facets < 0)
        return error_page(r, 400, "collapse and facets are 0 or 1.");
    v->no_collapse = !collapse;
    const char *like = ndi_cgi_get(p, NDI_Q_LIKE);
    if (like != NULL && *like != '\0') {
        if (!hex_id(like))
            return error_page(r, 400, "An article id is 16 hex digits.");
        v->like = like;
    }
    const char *from = ndi_cgi_get(p, NDI_Q_FROM),
               *to = ndi_cgi_get(p, NDI_Q_TO);
    v->from = from != NULL ? from : "";
    v->to = to != NULL ? to : "";
    if ((*v->from && !valid_date(v->from)) || (*v->to && !valid_date(v->to))) {
        v->from = v->to = "";
        return error_page(r, 400,
                          "Dates are written YYYY, YYYY-MM or YYYY-MM-DD.");
    }
    v->filters = (const char *const *)p->filters;
    v->nfilters = p->nfilters;
    v->now = (int64_t)time(NULL);

    if (strcmp(r->format, "opensearch") == 0) {
        if (ndi_page_opensearch(r->body, v) != ND_OK)
            return error_page(r, 503, "Out of memory.");
        resp rs = {200, "application/opensearchdescription+xml; charset=utf-8",
                   NULL, r->body};
        return send_resp(&rs, r->head_only);
    }

    const char *id = ndi_cgi_get(p, NDI_Q_ID);
    if (id != NULL && !hex_id(id))
        return error_page(r, 400, "An article id is 16 hex digits.");
    const char *costs = ndi_cgi_query_costs(v->q);
    if (costs != NULL)
        return error_page(r, 400, costs);
    nd_buf *query = NULL;
    const char *msg = NULL;
    if (nd_buf_new(&query) != ND_OK)
        return error_page(r, 503, "Out of memory.");
    if (build_query(r, query, &msg) != 0) {
        nd_buf_free(query);
        return error_page(r, 400, msg);
    }
    so.count = v->per_page;
    so.offset = (v->page - 1) * v->per_page;
    so.snippet_len = SNIPPET_LEN;
    so.collapse = collapse;
    so.like = v->like;
    /* facets count every match: the page's sidebar, JSON when asked */
    so.facets = strcmp(r->format, "html") == 0 ||
                (strcmp(r->format, "json") == 0 && facets);
    v->query = nd_buf_data(query);
    if (v->like != NULL)
        snprintf(r->notice, sizeof r->notice,
                 "Articles like the one you were reading%s.",
                 nd_buf_len(query) > 0 ? ", among those matching the search"
                                       : "");
    v->notice = r->notice[0] != '\0' ? r->notice : NULL;

    int searching = id != NULL || nd_buf_len(query) > 0 || v->like != NULL;
    if (!searching && strcmp(r->format, "html") != 0) {
        nd_buf_free(query);
        return error_page(r, 400, "No query given (parameter q).");
    }
    if (!searching) {
        nd_buf_free(query);
        if (ndi_page_results(r->body, v, NULL) != ND_OK)
            return error_page(r, 503, "Out of memory.");
        resp rs = {200, "text/html; charset=utf-8", NULL, r->body};
        return send_resp(&rs, r->head_only);
    }

    nd_search *s = NULL;
    nd_hits *h = NULL;
    int rc;
    st = nd_search_new(&s);
    if (st == ND_OK)
        st = nd_search_open(s, r->coll->path);
    if (st != ND_OK) {
        rc = unavailable(r, s, st);
        goto out;
    }
    if (id != NULL) {
        char idq[32];
        nd_search_opts io = ND_SEARCH_OPTS_INIT;
        io.count = 1;
        io.snippet_len = 1; /* loads the full stored record */
        snprintf(idq, sizeof idq, "id:%s", id);
        st = nd_search_run(s, idq, &io, &h);
        if (st != ND_OK) {
            rc = unavailable(r, s, st);
        } else if (nd_hits_count(h) == 0) {
            rc = error_page(r, 404, "No article with that id.");
        } else if (ndi_page_article(r->body, v, nd_hits_article(h, 0)) !=
                   ND_OK) {
            rc = error_page(r, 503, "Out of memory.");
        } else {
            resp rs = {200, "text/html; charset=utf-8", NULL, r->body};
            rc = send_resp(&rs, r->head_only);
        }
        goto out;
    }
    st = nd_search_run(s, nd_buf_data(query), &so, &h);
    if (st == ND_EQUERY) {
        fprintf(stderr, "%s: %s\n", prog, nd_errmsg(s));
        rc = error_page(r, 400,
                        "The query could not be understood: check its "
                        "quotes, parentheses and operators.");
        goto out;
    }
    if (st != ND_OK) {
        rc = unavailable(r, s, st);
        goto out;
    }
    if (strcmp(r->format, "json") == 0) {
        char *mem = NULL;
        size_t memlen = 0;
        FILE *f = open_memstream(&mem, &memlen);
        st = f != NULL
                 ? nd_render_hits(h, nd_buf_data(query), ND_RENDER_JSON, 0, f)
                 : ND_ENOMEM;
        if (f != NULL && fclose(f) != 0 && st == ND_OK)
            st = ND_ENOMEM;
        if (st == ND_OK)
            st = nd_buf_append(r->body, mem, memlen);
        free(mem);
        if (st != ND_OK) {
            rc = error_page(r, 503, "Out of memory.");
            goto out;
        }
        resp rs = {200, "application/json; charset=utf-8", NULL, r->body};
        rc = send_resp(&rs, r->head_only);
        goto out;
    }
    int atom = strcmp(r->format, "atom") == 0;
    st = atom ? ndi_page_atom(r->body, v, h) : ndi_page_results(r->body, v, h);
    if (st != ND_OK) {
        rc = error_page(r, 503, "Out of memory.");
        goto out;
    }
    resp rs = {200,
               atom ? "application/atom+xml; charset=utf-8"
                    : "text/html; charset=utf-8",
               NULL, r->body};
    rc = send_resp(&rs, r->head_only);
out:
    nd_hits_free(h);
    nd_search_free(s);
    nd_buf_free(query);
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc == 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) &&
        getenv("REQUEST_METHOD") == NULL) {
        printf("Usage: %s [NAME=VALUE]...\n"
               "The newsdex search page as a CGI program. From a shell, each\n"
               "argument is one parameter, e.g. %s 'q=oil prices' "
               "format=json\n"
               "Parameters: q page n sort from to f id like collapse facets\n"
               "format c asset.\n"
               "Collection: $NEWSDEX_COLLECTION, else the file "
               "$NEWSDEX_CONF or /etc/newsdex.conf.\n",
               prog, prog);
        return ND_EXIT_OK;
    }
    signal(SIGALRM, on_alarm);
    alarm(TIME_LIMIT);
    req r;
    memset(&r, 0, sizeof r);
    r.format = "html";
    r.view.title = "newsdex";
    r.view.q = r.view.from = r.view.to = "";
    r.view.sort = "relevance";
    r.view.page = 1;
    r.view.per_page = 10;
    r.view.max_page = MAX_PAGE;
    if (ndi_cgi_new(&r.params) != ND_OK || ndi_conf_new(&r.conf) != ND_OK ||
        nd_buf_new(&r.body) != ND_OK) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return ND_EXIT_FAIL;
    }
    int rc = serve(&r, argc, argv);
    alarm(0);
    ndi_cgi_free(r.params);
    ndi_conf_free(r.conf);
    nd_buf_free(r.body);
    return rc == 0 ? ND_EXIT_OK : ND_EXIT_FAIL;
}
