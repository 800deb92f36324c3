/* SPDX-License-Identifier: MIT */
/*
 * cgi.h - what newsdex.cgi needs from a request and its configuration:
 * the decoder of form parameters (a query string or a POSTed
 * application/x-www-form-urlencoded body) with caps on every size, and the
 * configuration that names the collections the page may search.
 */
#ifndef NDI_CGI_H
#define NDI_CGI_H

#include <stddef.h>

#include "ndi.h"

/* Caps on a request: the bytes of a query string or POST body, the
 * parameters in it, a name, and a value after decoding. */
#define NDI_CGI_MAX_INPUT (16u << 10)
#define NDI_CGI_MAX_PARAMS 32
#define NDI_CGI_MAX_NAME 16
#define NDI_CGI_MAX_VALUE 2048
/* Values of the one repeatable parameter ("f", a filter). */
#define NDI_CGI_MAX_FILTERS 8

/* The parameters the page knows; anything else is ignored (counted). */
typedef enum ndi_cgi_key {
    NDI_Q_Q = 0, /* the query */
    NDI_Q_PAGE,  /* result page, from 1 */
    NDI_Q_N,     /* hits per page */
    NDI_Q_SORT,  /* relevance | date | oldest */
    NDI_Q_FROM,  /* date range: YYYY, YYYY-MM or YYYY-MM-DD */
    NDI_Q_TO,
    NDI_Q_F,        /* a filter "person:name" (repeatable) */
    NDI_Q_ID,       /* an article to show */
    NDI_Q_FORMAT,   /* html | json | atom | opensearch */
    NDI_Q_C,        /* a collection's name from the configuration */
    NDI_Q_ASSET,    /* style.css */
    NDI_Q_COLLAPSE, /* "0": near-duplicates as hits of their own */
    NDI_Q_LIKE,     /* an article id: articles like it */
    NDI_Q_FACETS,   /* "1": facets in format=json too */
    NDI_Q_COUNT
} ndi_cgi_key;

typedef struct ndi_cgi {
    ndi_hdr hdr;
    char *v[NDI_Q_COUNT]; /* decoded values, NULL when absent */
    char *filters[NDI_CGI_MAX_FILTERS];
    size_t nfilters;
    size_t unknown; /* parameters ignored */
    size_t count;   /* parameters read */
} ndi_cgi;

/* Allocate an empty parameter set. Returns ND_OK or ND_ENOMEM. */
nd_status ndi_cgi_new(ndi_cgi **out);
void ndi_cgi_free(ndi_cgi *c);
/* The name of a key ("q", "page", ...). */
const char *ndi_cgi_key_name(ndi_cgi_key k);

/*
 * Decode 'len' bytes of "name=value&name=value" (';' also separates, '+'
 * is a space) and add them. Values must be valid UTF-8 after decoding;
 * control characters in them become spaces.
 * Returns ND_OK, ND_EINVAL (invalid percent-encoding or UTF-8, a parameter
 * given twice, too many filters) or ND_ETOOBIG (input, a name, a value or
 * the number of parameters over its cap); nd_errmsg(c) names the
 * parameter, never echoing its value.
 */
nd_status ndi_cgi_parse(ndi_cgi *c, const char *s, size_t len);
/* The same for one parameter "name=value" whose value is not encoded (a
 * shell argument). */
nd_status ndi_cgi_add_arg(ndi_cgi *c, const char *arg);
/* A parameter's value (borrowed until ndi_cgi_free), or NULL. */
const char *ndi_cgi_get(const ndi_cgi *c, ndi_cgi_key k);

/* Caps on a query's cost: its bytes, nesting of parentheses, and the
 * letters a wildcard needs before its '*'. */
#define NDI_CGI_MAX_QUERY 1024
#define NDI_CGI_MAX_NESTING 8
#define NDI_CGI_MIN_WILDCARD 2
/* A message for the user when query 'q' is over a cap, else NULL. */
const char *ndi_cgi_query_costs(const char *q);

/* ---- configuration -------------------------------------------------- */

#define NDI_CONF_MAX_COLLECTIONS 32
#define NDI_CONF_MAX_NAME 32

typedef struct ndi_conf_coll {
    char *name;
    char *path;
    char *label; /* shown in the selector; the name when unset */
} ndi_conf_coll;

typedef struct ndi_conf {
    ndi_hdr hdr;
    ndi_conf_coll colls[NDI_CONF_MAX_COLLECTIONS];
    size_t ncolls;
    char *title;    /* the page's heading */
    char *base_url; /* absolute URL of the CGI for feeds, or NULL */
} ndi_conf;

nd_status ndi_conf_new(ndi_conf **out);
void ndi_conf_free(ndi_conf *cf);
/*
 * Read the configuration: with 'collection' set (NEWSDEX_COLLECTION) it
 * is the one collection, named "default"; otherwise the file 'path'
 * (NEWSDEX_CONF, or /etc/newsdex.conf) holds lines
 *   collection NAME PATH [LABEL...]
 *   title TEXT
 *   base-url URL
 * with '#' comments. NAME is 1-32 of [a-z0-9_-]; the first collection is
 * the default.
 * Returns ND_OK, ND_ENOTFOUND (no file, or no collection in it), ND_EIO
 * or ND_EFORMAT (a bad line: nd_errmsg(cf) gives file and line).
 */
nd_status ndi_conf_load(ndi_conf *cf, const char *collection, const char *path);
/* The collection called 'name' (NULL or "": the default), or NULL when
 * the configuration has none by that name. Borrowed. */
const ndi_conf_coll *ndi_conf_find(const ndi_conf *cf, const char *name);
/* Whether 'name' has the form of a collection name. */
int ndi_conf_name_ok(const char *name);

#endif /* NDI_CGI_H */
