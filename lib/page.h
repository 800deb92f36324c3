/* SPDX-License-Identifier: MIT */
/*
 * page.h - the pages of newsdex.cgi as bytes in an nd_buf: the search
 * page with its results, an article, an error, the Atom feed of a search,
 * the OpenSearch description and the stylesheet. Everything a request or
 * an article brings is escaped for its context (escape.h).
 */
#ifndef NDI_PAGE_H
#define NDI_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "ndi.h"

/* A collection the page offers, by name. */
typedef struct ndi_view_coll {
    const char *name;
    const char *label;
} ndi_view_coll;

/* What a page shows besides the hits: the request, normalized. */
typedef struct ndi_view {
    const char *title;    /* the site's heading ("newsdex") */
    const char *base_url; /* absolute URL of the CGI (feeds), or "" */
    const char *q;        /* the query as typed, "" for none */
    unsigned page;        /* from 1 */
    unsigned per_page;
    unsigned max_page;          /* deepest page offered */
    const char *sort;           /* "relevance", "recent", "date" or "oldest" */
    const char *from, *to;      /* date range as typed, "" for none */
    const char *const *filters; /* "person:name", ... */
    size_t nfilters;
    const char *coll; /* the chosen collection's name, NULL: default */
    const ndi_view_coll *colls; /* offered collections when more than 1 */
    size_t ncolls;
    const char *notice; /* a message above the results, or NULL */
    int no_collapse;    /* near-duplicates shown as hits of their own */
    const char *like;   /* articles like this id, or NULL */
    const char *query;  /* the query text run (q, filters, dates), or NULL */
    int64_t now;        /* for feeds: the time of the request */
} ndi_view;

/* The search page; 'h' NULL before a query is given. */
nd_status ndi_page_results(nd_buf *out, const ndi_view *v, const nd_hits *h);
/* One article with its metadata, entities and text. */
nd_status ndi_page_article(nd_buf *out, const ndi_view *v, const nd_article *a);
/* A short page for an HTTP error 'status' with the text 'msg'. */
nd_status ndi_page_error(nd_buf *out, const ndi_view *v, int status,
                         const char *msg);
/* The search as an Atom feed (RFC 4287). */
nd_status ndi_page_atom(nd_buf *out, const ndi_view *v, const nd_hits *h);
/* The OpenSearch 1.1 description of the page. */
nd_status ndi_page_opensearch(nd_buf *out, const ndi_view *v);
/* The stylesheet (served as ?asset=style.css). */
const char *ndi_page_css(void);
/* The link to the search 'v' describes, on 'page', with the filter
 * 'add' added (or NULL) and the filter number 'drop' removed (or -1),
 * as it goes into an href (attribute-escaped). */
nd_status ndi_page_search_link(nd_buf *out, const ndi_view *v, unsigned page,
                               const char *add, long drop, const char *format);

/* Filter fields a search page offers ("person", "place", "org",
 * "source", "lang"): whether 'f' ("field:value") names one. */
int ndi_page_filter_ok(const char *f);

/*
 * The query text of the search 'v' describes into 'out': the typed query,
 * then each filter as field:"value" with the value lower-cased as the
 * index keeps it (quotes dropped). Returns ND_OK, ND_EINVAL (a filter
 * that is not field:value with a field above, or a value over 200
 * bytes) or ND_ENOMEM.
 */
nd_status ndi_page_query(const ndi_view *v, nd_buf *out);

#endif /* NDI_PAGE_H */
