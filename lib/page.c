/* SPDX-License-Identifier: MIT */
/*
 * page.c - the HTML, Atom and OpenSearch documents of newsdex.cgi. Every
 * byte that comes from a request or an article goes through escape.c for
 * the context it lands in; links are built from the normalized request
 * (ndi_view), never copied from the query string.
 */
#include <config.h>

#include "page.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "escape.h"
#include "normalize.h"

#define P(s) ndi_buf_puts(out, (s))

/* Entries of the facet sidebar per kind; months shown. */
#define SIDEBAR_MAX 8
#define MONTHS_MAX 12

static const char css[] =
    ":root{--fg:#1d232b;--muted:#5b6470;--line:#dfe3e8;--accent:#0b57a4;"
    "--bg:#fff;--mark:#fff2a8}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\","
    "Roboto,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "a{color:var(--accent)}\n"
    "header.top{border-bottom:1px solid var(--line);background:#f6f8fa;"
    "padding:.75rem max(1rem,calc((100% - 70rem)/2))}\n"
    ".home{font-weight:700;font-size:1.2rem;text-decoration:none;"
    "color:var(--fg);margin-right:1rem}\n"
    "form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;"
    "margin-top:.5rem}\n"
    "form.search .field{display:flex;flex-direction:column;font-size:.85rem;"
    "color:var(--muted)}\n"
    "form.search .grow{flex:1 1 18rem}\n"
    "input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid "
    "#b9c0c8;border-radius:4px;background:#fff;color:var(--fg)}\n"
    "input[name=from],input[name=to]{width:9.5rem}\n"
    "button{background:var(--accent);color:#fff;border-color:var(--accent);"
    "cursor:pointer}\n"
    "main{max-width:72rem;margin:0 auto;padding:1rem}\n"
    ".layout{display:flex;gap:2rem;align-items:flex-start}\n"
    ".hits{flex:1;min-width:0;padding-left:1.5rem;margin:0}\n"
    ".hit{margin-bottom:1.25rem}\n"
    ".hit h2{font-size:1.1rem;margin:0}\n"
    ".meta,.count,.ents,.similar,.suggest{color:var(--muted);font-size:.875rem;"
    "margin:.15rem 0}\n"
    ".snippet{margin:.25rem 0}\n"
    "mark{background:var(--mark);color:inherit;padding:0 .1em}\n"
    ".facets{flex:0 0 16rem;font-size:.9rem;border-left:1px solid "
    "var(--line);padding-left:1rem}\n"
    ".facets h2{font-size:1rem;margin:.2rem 0 .6rem}\n"
    ".facets h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;"
    "color:var(--muted);margin:.8rem 0 .2rem}\n"
    ".facets ul{list-style:none;padding:0;margin:0}\n"
    ".facets .n{color:var(--muted)}\n"
    ".filters{margin:.5rem 0}\n"
    ".chip{display:inline-block;border:1px solid var(--line);"
    "border-radius:1rem;padding:0 .6rem;margin:0 .3rem .3rem 0;"
    "text-decoration:none;background:#eef4fb}\n"
    ".notice,.error{border-left:4px solid #c98a00;background:#fff8e5;"
    "padding:.5rem .75rem}\n"
    ".error{border-color:#b3261e;background:#fdecea}\n"
    "nav.pages{margin:1.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem}\n"
    "nav.pages a,nav.pages span{padding:.2rem .6rem;border:1px solid "
    "var(--line);border-radius:4px;text-decoration:none}\n"
    "nav.pages span[aria-current]{background:var(--accent);color:#fff}\n"
    "article.doc{max-width:44rem}\n"
    "article.doc h1{font-size:1.5rem;line-height:1.25}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.1rem 1rem}\n"
    "dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
    "footer{color:var(--muted);font-size:.85rem;border-top:1px solid "
    "var(--line);padding:.75rem 1rem;text-align:center}\n"
    "@media (max-width:48rem){.layout{display:block}"
    ".facets{border:0;padding:0;margin-top:1.5rem}"
    "form.search .field{flex:1 1 8rem}"
    "input[name=from],input[name=to]{width:100%}}\n";

const char *
ndi_page_css(void)
{
    return css;
}

static const char *const filter_fields[] = {"person", "place", "org", "source",
                                            "lang"};

int
ndi_page_filter_ok(const char *f)
{
    const char *colon = strchr(f, ':');
    if (colon == NULL || colon[1] == '\0')
        return 0;
    for (size_t i = 0; i < NDI_ARRAY_LEN(filter_fields); i++)
        if (strlen(filter_fields[i]) == (size_t)(colon - f) &&
            memcmp(filter_fields[i], f, (size_t)(colon - f)) == 0)
            return 1;
    return 0;
}

nd_status
ndi_page_query(const ndi_view *v, nd_buf *out)
{
    nd_status st = ND_OK;
    if (v->q != NULL && *v->q != '\0')
        st = ndi_buf_puts(out, v->q);
    for (size_t i = 0; i < v->nfilters && st == ND_OK; i++) {
        const char *f = v->filters[i];
        const char *colon = strchr(f, ':');
        if (!ndi_page_filter_ok(f) || strlen(colon + 1) > 200)
            return ND_EINVAL;
        st = ndi_buf_printf(out, "%s%.*s:\"", out->len > 0 ? " " : "",
                            (int)(colon - f), f);
        const unsigned char *p = (const unsigned char *)colon + 1;
        size_t len = strlen(colon + 1);
        for (size_t k = 0; k < len && st == ND_OK;) {
            uint32_t cp;
            size_t n = ndi_utf8_decode(p + k, len - k, &cp);
            if (n == 0) {
                k++;
                continue;
            }
            k += n;
            if (cp == '"' || cp < 0x20)
                continue;
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(
                utf8proc_tolower((utf8proc_int32_t)cp), enc);
            st = nd_buf_append(out, enc, (size_t)m);
        }
        if (st == ND_OK)
            st = ndi_buf_putc(out, '"');
    }
    return st;
}

static nd_status
esc(nd_buf *out, const char *s)
{
    return ndi_esc_html_str(out, s != NULL ? s : "");
}

/* "&name=value" (or "?name=value" first) into a raw URL being built. */
static nd_status
param(nd_buf *u, const char *name, const char *value)
{
    if (value == NULL || *value == '\0')
        return ND_OK;
    nd_status st = ndi_buf_puts(u, u->len == 0 ? "?" : "&");
    if (st == ND_OK)
        st = ndi_buf_puts(u, name);
    if (st == ND_OK)
        st = ndi_buf_putc(u, '=');
    if (st == ND_OK)
        st = ndi_esc_url_str(u, value);
    return st;
}

static nd_status
search_url(nd_buf *u, const ndi_view *v, unsigned page, const char *add,
           long drop, const char *format)
{
    nd_status st = param(u, "q", v->q);
    if (st == ND_OK && v->sort != NULL && strcmp(v->sort, "relevance") != 0)
        st = param(u, "sort", v->sort);
    if (st == ND_OK)
        st = param(u, "from", v->from);
    if (st == ND_OK)
        st = param(u, "to", v->to);
    for (size_t i = 0; i < v->nfilters && st == ND_OK; i++)
        if ((long)i != drop)
            st = param(u, "f", v->filters[i]);
    if (st == ND_OK && add != NULL)
        st = param(u, "f", add);
    if (st == ND_OK && v->coll != NULL)
        st = param(u, "c", v->coll);
    if (st == ND_OK && v->like != NULL)
        st = param(u, "like", v->like);
    if (st == ND_OK && v->no_collapse)
        st = param(u, "collapse", "0");
    if (st == ND_OK && v->per_page != 10 && v->per_page != 0) {
        char n[16];
        snprintf(n, sizeof n, "%u", v->per_page);
        st = param(u, "n", n);
    }
    if (st == ND_OK && page > 1) {
        char n[16];
        snprintf(n, sizeof n, "%u", page);
        st = param(u, "page", n);
    }
    if (st == ND_OK && format != NULL)
        st = param(u, "format", format);
    if (st == ND_OK && u->len == 0)
        st = ndi_buf_putc(u, '?');
    return st;
}

nd_status
ndi_page_search_link(nd_buf *out, const ndi_view *v, unsigned page,
                     const char *add, long drop, const char *format)
{
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    nd_status st = search_url(&u, v, page, add, drop, format);
    /* The URL holds only URL-escaped values (letters, digits, -._~+%)
     * and ?&=, so of what HTML escapes only '&' occurs: copy runs
     * between them (a page has ~100 such links; ndi_esc_html's walk over
     * each byte was 5% of a request's instructions). */
    for (size_t i = 0; st == ND_OK && i < u.len;) {
        const char *amp = memchr(u.data + i, '&', u.len - i);
        size_t n = amp != NULL ? (size_t)(amp - (u.data + i)) : u.len - i;
        st = nd_buf_append(out, u.data + i, n);
        i += n;
        if (st == ND_OK && i < u.len) {
            st = nd_buf_append(out, "&amp;", 5);
            i++;
        }
    }
    free(u.data);
    return st;
}

static nd_status
article_link(nd_buf *out, const ndi_view *v, const char *id)
{
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    nd_status st = param(&u, "id", id);
    if (st == ND_OK)
        st = param(&u, "q", v->q);
    if (st == ND_OK && v->coll != NULL)
        st = param(&u, "c", v->coll);
    if (st == ND_OK)
        st = ndi_esc_html(out, u.data, u.len);
    free(u.data);
    return st;
}

/* <a href="search with filter kind:name">name</a> */
static nd_status
filter_link(nd_buf *out, const ndi_view *v, const char *kind, const char *name,
            const char *cls)
{
    nd_buf f = {0};
    ndi_hdr_init(&f.hdr);
    nd_status st = ndi_buf_printf(&f, "%s:%s", kind, name);
    if (st == ND_OK)
        st = P("<a");
    if (st == ND_OK && cls != NULL)
        st = ndi_buf_printf(out, " class=\"%s\"", cls);
    if (st == ND_OK)
        st = P(" href=\"");
    if (st == ND_OK)
        st = ndi_page_search_link(out, v, 1, f.data, -1, NULL);
    if (st == ND_OK)
        st = P("\">");
    if (st == ND_OK)
        st = esc(out, name);
    if (st == ND_OK)
        st = P("</a>");
    free(f.data);
    return st;
}

static nd_status
head(nd_buf *out, const ndi_view *v, const char *title, int feeds)
{
    nd_status st =
        P("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    if (st == ND_OK && title != NULL && *title != '\0') {
        st = esc(out, title);
        if (st == ND_OK)
            st = P(" - ");
    }
    if (st == ND_OK)
        st = esc(out, v->title);
    if (st == ND_OK)
        st = P("</title>\n<link rel=\"stylesheet\" href=\"?asset=style.css\">\n"
               "<link rel=\"search\" "
               "type=\"application/opensearchdescription+xml\" title=\"");
    if (st == ND_OK)
        st = esc(out, v->title);
    if (st == ND_OK)
        st = P("\" href=\"?format=opensearch\">\n");
    if (st == ND_OK && feeds) {
        st = P("<link rel=\"alternate\" type=\"application/atom+xml\" "
               "title=\"This search as a feed\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, 1, NULL, -1, "atom");
        if (st == ND_OK)
            st = P("\">\n");
    }
    if (st == ND_OK)
        st = P("</head>\n<body>\n");
    return st;
}

static nd_status
option(nd_buf *out, const char *value, const char *label, const char *cur)
{
    nd_status st = P("<option value=\"");
    if (st == ND_OK)
        st = esc(out, value);
    if (st == ND_OK)
        st = P(cur != NULL && strcmp(cur, value) == 0 ? "\" selected>" : "\">");
    if (st == ND_OK)
        st = esc(out, label);
    if (st == ND_OK)
        st = P("</option>");
    return st;
}

static nd_status
text_input(nd_buf *out, const char *id, const char *label, const char *type,
           const char *value, const char *extra, const char *cls)
{
    nd_status st = ndi_buf_printf(out,
                                  "<div class=\"field%s\"><label for=\"%s\">%s"
                                  "</label><input id=\"%s\" name=\"%s\" "
                                  "type=\"%s\" value=\"",
                                  cls, id, label, id, id, type);
    if (st == ND_OK)
        st = esc(out, value);
    if (st == ND_OK)
        st = ndi_buf_printf(out, "\"%s></div>\n", extra);
    return st;
}

/* The page's header: site name and the search form. */
static nd_status
top(nd_buf *out, const ndi_view *v)
{
    nd_status st = P("<header class=\"top\">\n<a class=\"home\" href=\"?");
    if (st == ND_OK && v->coll != NULL) {
        st = P("c=");
        if (st == ND_OK)
            st = ndi_esc_url_str(out, v->coll);
    }
    if (st == ND_OK)
        st = P("\">");
    if (st == ND_OK)
        st = esc(out, v->title);
    if (st == ND_OK)
        st =
            P("</a>\n<form class=\"search\" method=\"get\" role=\"search\">\n");
    if (st == ND_OK)
        st = text_input(out, "q", "Search", "search", v->q,
                        " maxlength=\"1024\" placeholder=\"words, "
                        "&quot;a phrase&quot;, person:name\"",
                        " grow");
    if (st == ND_OK)
        st = text_input(out, "from", "From date", "text", v->from,
                        " placeholder=\"YYYY-MM-DD\" maxlength=\"10\"", "");
    if (st == ND_OK)
        st = text_input(out, "to", "To date", "text", v->to,
                        " placeholder=\"YYYY-MM-DD\" maxlength=\"10\"", "");
    if (st == ND_OK)
        st = P("<div class=\"field\"><label for=\"sort\">Sort by</label>"
               "<select id=\"sort\" name=\"sort\">");
    if (st == ND_OK)
        st = option(out, "relevance", "Relevance", v->sort);
    if (st == ND_OK)
        st = option(out, "recent", "Relevance and recency", v->sort);
    if (st == ND_OK)
        st = option(out, "date", "Newest first", v->sort);
    if (st == ND_OK)
        st = option(out, "oldest", "Oldest first", v->sort);
    if (st == ND_OK)
        st = P("</select></div>\n");
    if (st == ND_OK && v->ncolls > 1) {
        st = P("<div class=\"field\"><label for=\"c\">Collection</label>"
               "<select id=\"c\" name=\"c\">");
        for (size_t i = 0; i < v->ncolls && st == ND_OK; i++)
            st = option(out, v->colls[i].name, v->colls[i].label,
                        v->coll != NULL ? v->coll : v->colls[0].name);
        if (st == ND_OK)
            st = P("</select></div>\n");
    }
    for (size_t i = 0; i < v->nfilters && st == ND_OK; i++) {
        st = P("<input type=\"hidden\" name=\"f\" value=\"");
        if (st == ND_OK)
            st = esc(out, v->filters[i]);
        if (st == ND_OK)
            st = P("\">\n");
    }
    if (st == ND_OK)
        st = P("<button type=\"submit\">Search</button>\n</form>\n</header>\n"
               "<main>\n");
    return st;
}

static nd_status
bottom(nd_buf *out, const ndi_view *v, int feeds)
{
    nd_status st = P("</main>\n<footer>");
    if (st == ND_OK && feeds) {
        st = P("<a href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, 1, NULL, -1, "atom");
        if (st == ND_OK)
            st = P("\">Atom feed of this search</a> &middot; <a href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, v->page, NULL, -1, "json");
        if (st == ND_OK)
            st = P("\">JSON</a> &middot; ");
    }
    if (st == ND_OK)
        st = P("newsdex " ND_VERSION_STRING "</footer>\n</body>\n</html>\n");
    return st;
}

static nd_status
notice(nd_buf *out, const char *cls, const char *msg)
{
    if (msg == NULL || *msg == '\0')
        return ND_OK;
    nd_status st = ndi_buf_printf(out, "<p class=\"%s\" role=\"status\">", cls);
    if (st == ND_OK)
        st = esc(out, msg);
    if (st == ND_OK)
        st = P("</p>\n");
    return st;
}

/* The active filters, each a link that removes it. */
static nd_status
active_filters(nd_buf *out, const ndi_view *v)
{
    int dates = (v->from && *v->from) || (v->to && *v->to);
    if (v->nfilters == 0 && !dates)
        return ND_OK;
    nd_status st = P("<div class=\"filters\">Filters: ");
    for (size_t i = 0; i < v->nfilters && st == ND_OK; i++) {
        st = P("<a class=\"chip\" title=\"Remove this filter\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, 1, NULL, (long)i, NULL);
        if (st == ND_OK)
            st = P("\">");
        if (st == ND_OK)
            st = esc(out, v->filters[i]);
        if (st == ND_OK)
            st = P(" <span aria-label=\"remove\">&times;</span></a>");
    }
    if (st == ND_OK && dates) {
        ndi_view nv = *v;
        nv.from = nv.to = "";
        st = P("<a class=\"chip\" title=\"Remove the date range\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, &nv, 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">date: ");
        if (st == ND_OK)
            st = esc(out, v->from);
        if (st == ND_OK)
            st = P(" .. ");
        if (st == ND_OK)
            st = esc(out, v->to);
        if (st == ND_OK)
            st = P(" <span aria-label=\"remove\">&times;</span></a>");
    }
    if (st == ND_OK)
        st = P("</div>\n");
    return st;
}

static const char *const ent_kind[ND_ENT_COUNT] = {
    [ND_ENT_PERSON] = "person",
    [ND_ENT_PLACE] = "place",
    [ND_ENT_ORG] = "org",
};
static const char *const ent_label[ND_ENT_COUNT] = {
    [ND_ENT_PERSON] = "People",
    [ND_ENT_PLACE] = "Places",
    [ND_ENT_ORG] = "Organisations",
};

/* An article's entities of one type as filter links; 'max' caps them. */
static nd_status
entity_links(nd_buf *out, const ndi_view *v, const nd_article *a,
             nd_entity_type t, size_t max)
{
    nd_status st = ND_OK;
    size_t shown = 0;
    for (size_t i = 0; i < nd_article_entity_count(a) && st == ND_OK; i++) {
        nd_entity_type type;
        const char *name = nd_article_entity(a, i, &type);
        if (type != t || shown >= max)
            continue;
        if (shown++ > 0)
            st = P(", ");
        else
            st = ndi_buf_printf(out, "%s: ", ent_label[t]);
        if (st == ND_OK)
            st = filter_link(out, v, ent_kind[t], name, NULL);
    }
    if (st == ND_OK && shown > 0)
        st = P(". ");
    return st;
}

/*
 * "+N similar" under a hit that stands for N collapsed near-duplicates:
 * a link to the same search with collapse=0 (newsdex-query --no-collapse),
 * where every copy is a hit of its own.
 */
static nd_status
similar_note(nd_buf *out, const ndi_view *v, const nd_hits *h, size_t i)
{
    uint64_t n = nd_hits_duplicates(h, i);
    if (n == 0)
        return ND_OK;
    ndi_view nv = *v;
    nv.no_collapse = 1;
    nd_status st = P("<p class=\"similar\"><a href=\"");
    if (st == ND_OK)
        st = ndi_page_search_link(out, &nv, 1, NULL, -1, NULL);
    if (st == ND_OK)
        st = ndi_buf_printf(out,
                            "\" title=\"Show the near-duplicates as results "
                            "of their own\">+%" PRIu64 " similar</a></p>\n",
                            n);
    return st;
}

/*
 * "Did you mean": the suggestion corrects the whole query text that ran
 * (v->query: the typed words, then filters and dates); when it ends with
 * the same filters, only the typed part changes and the filters stay,
 * else the corrected text becomes the query on its own.
 */
static nd_status
suggestion_note(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    const char *s = nd_hits_suggestion(h);
    if (s == NULL || *s == '\0' || v->q == NULL || *v->q == '\0')
        return ND_OK;
    const char *full = v->query != NULL ? v->query : v->q;
    size_t fl = strlen(full), ql = strlen(v->q), sl = strlen(s);
    ndi_view nv = *v;
    char *fixed = NULL;
    if (fl >= ql && strncmp(full, v->q, ql) == 0 && sl > fl - ql &&
        strcmp(s + sl - (fl - ql), full + ql) == 0) {
        fixed = ndi_strndup(s, sl - (fl - ql));
    } else {
        fixed = ndi_strndup(s, sl);
        nv.nfilters = 0;
        nv.from = nv.to = "";
    }
    if (fixed == NULL)
        return ND_ENOMEM;
    nd_status st = ND_OK;
    nv.q = fixed;
    if (strcmp(fixed, v->q) != 0) {
        st = P("<p class=\"suggest\" id=\"suggest\">Did you mean <a href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, &nv, 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">");
        if (st == ND_OK)
            st = esc(out, fixed);
        if (st == ND_OK)
            st = P("</a>?</p>\n");
    }
    free(fixed);
    return st;
}

/* Whether "kind:name" is an active filter already (ASCII case). */
static int
filter_active(const ndi_view *v, const char *kind, const char *name)
{
    size_t kl = strlen(kind);
    for (size_t i = 0; i < v->nfilters; i++) {
        const char *f = v->filters[i];
        if (strncmp(f, kind, kl) == 0 && f[kl] == ':' &&
            strlen(f + kl + 1) == strlen(name) &&
            ndi_strncaseeq(f + kl + 1, name, strlen(name)))
            return 1;
    }
    return 0;
}

static const struct {
    nd_facet facet;
    const char *kind, *label;
} facet_kinds[] = {
    {ND_FACET_PERSON, "person", "People"},
    {ND_FACET_PLACE, "place", "Places"},
    {ND_FACET_ORG, "org", "Organisations"},
    {ND_FACET_SOURCE, "source", "Sources"},
};

static int
month_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The months with most matches, in the order of the calendar; each a link
 * setting the date range to that month. */
static nd_status
month_list(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    const char *m[MONTHS_MAX];
    uint64_t c[MONTHS_MAX];
    size_t n = 0;
    for (size_t i = 0; n < MONTHS_MAX; i++) {
        uint64_t cnt = 0;
        const char *name = nd_hits_facet(h, ND_FACET_MONTH, i, &cnt);
        if (name == NULL)
            break;
        /* "YYYY-MM" and nothing else goes into a date range */
        if (strlen(name) != 7 || strspn(name, "0123456789-") != 7)
            continue;
        /* the month in force is a chip above the results */
        if (strcmp(v->from, name) == 0 && strcmp(v->to, name) == 0)
            continue;
        m[n++] = name;
    }
    if (n == 0)
        return ND_OK;
    qsort(m, n, sizeof *m, month_cmp);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0;; k++) {
            uint64_t cnt = 0;
            const char *name = nd_hits_facet(h, ND_FACET_MONTH, k, &cnt);
            if (name == NULL || strcmp(name, m[i]) == 0) {
                c[i] = cnt;
                break;
            }
        }
    nd_status st = P("<h3>Months</h3>\n<ul>\n");
    for (size_t i = 0; i < n && st == ND_OK; i++) {
        ndi_view nv = *v;
        nv.from = nv.to = m[i];
        st = P("<li><a class=\"facet\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, &nv, 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">");
        if (st == ND_OK)
            st = esc(out, m[i]);
        if (st == ND_OK)
            st = ndi_buf_printf(
                out, "</a> <span class=\"n\">%" PRIu64 "</span></li>\n", c[i]);
    }
    if (st == ND_OK)
        st = P("</ul>\n");
    return st;
}

/*
 * The facet sidebar: people, places, organisations, sources and months
 * counted over all matches (nd_search_opts.facets), the most frequent
 * first; each entry a link to the search with that filter added. Active
 * filters are left out here: the chips above the results remove them.
 */
static nd_status
facet_sidebar(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    if (!nd_hits_has_facets(h))
        return ND_OK;
    nd_status st = P("<aside class=\"facets\" aria-label=\"Refine\">\n"
                     "<h2>Refine</h2>\n");
    for (size_t k = 0; k < NDI_ARRAY_LEN(facet_kinds) && st == ND_OK; k++) {
        size_t shown = 0;
        for (size_t i = 0; shown < SIDEBAR_MAX && st == ND_OK; i++) {
            uint64_t cnt = 0;
            const char *name = nd_hits_facet(h, facet_kinds[k].facet, i, &cnt);
            if (name == NULL)
                break;
            if (*name == '\0' || strlen(name) > 200 ||
                filter_active(v, facet_kinds[k].kind, name))
                continue;
            if (shown++ == 0)
                st = ndi_buf_printf(out, "<h3>%s</h3>\n<ul>\n",
                                    facet_kinds[k].label);
            if (st == ND_OK)
                st = P("<li>");
            if (st == ND_OK)
                st = filter_link(out, v, facet_kinds[k].kind, name, "facet");
            if (st == ND_OK)
                st = ndi_buf_printf(
                    out, " <span class=\"n\">%" PRIu64 "</span></li>\n", cnt);
        }
        if (st == ND_OK && shown > 0)
            st = P("</ul>\n");
    }
    if (st == ND_OK)
        st = month_list(out, v, h);
    if (st == ND_OK)
        st = P("</aside>\n");
    return st;
}

static nd_status
hit_item(nd_buf *out, const ndi_view *v, const nd_hits *h, size_t i)
{
    const nd_article *a = nd_hits_article(h, i);
    const char *title = nd_article_title(a);
    nd_status st = P("<li class=\"hit\">\n<h2><a href=\"");
    if (st == ND_OK)
        st = article_link(out, v, nd_article_get(a, ND_F_ID));
    if (st == ND_OK)
        st = P("\">");
    if (st == ND_OK)
        st = esc(out, *title != '\0' ? title : "(untitled)");
    if (st == ND_OK)
        st = P("</a></h2>\n<p class=\"meta\">");
    int sep = 0;
    if (st == ND_OK && nd_article_datesrc(a) != ND_DATE_NONE) {
        char iso[32];
        ndi_date_format(nd_article_date(a), iso);
        st =
            ndi_buf_printf(out, "<time datetime=\"%s\">%.10s</time>", iso, iso);
        sep = 1;
    }
    const char *src = nd_article_get(a, ND_F_SOURCE);
    if (st == ND_OK && *src != '\0') {
        st = P(sep ? " &middot; " : "");
        if (st == ND_OK)
            st = filter_link(out, v, "source", src, NULL);
        sep = 1;
    }
    const char *by = nd_article_get(a, ND_F_BYLINE);
    if (st == ND_OK && *by != '\0') {
        st = P(sep ? " &middot; " : "");
        if (st == ND_OK)
            st = esc(out, by);
    }
    if (st == ND_OK)
        st = P("</p>\n<p class=\"snippet\">");
    if (st == ND_OK)
        st = ndi_esc_snippet(out, nd_hits_snippet(h, i));
    if (st == ND_OK)
        st = P("</p>\n");
    if (st == ND_OK && nd_article_entity_count(a) > 0) {
        st = P("<p class=\"ents\">");
        for (int k = 0; k < ND_ENT_COUNT && st == ND_OK; k++)
            st = entity_links(out, v, a, (nd_entity_type)k, 5);
        if (st == ND_OK)
            st = P("</p>\n");
    }
    if (st == ND_OK)
        st = similar_note(out, v, h, i);
    if (st == ND_OK)
        st = P("</li>\n");
    return st;
}

static nd_status
pager(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    uint64_t total = nd_hits_total(h);
    unsigned per = v->per_page > 0 ? v->per_page : 10;
    uint64_t pages = (total + per - 1) / per;
    if (pages > v->max_page)
        pages = v->max_page;
    if (pages <= 1 && v->page <= 1)
        return ND_OK;
    nd_status st = P("<nav class=\"pages\" aria-label=\"Result pages\">\n");
    if (st == ND_OK && v->page > 1) {
        st = P("<a rel=\"prev\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, v->page - 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">&laquo; Previous</a>\n");
    }
    unsigned lo = v->page > 4 ? v->page - 4 : 1;
    for (unsigned p = lo; p <= pages && p < lo + 9 && st == ND_OK; p++) {
        if (p == v->page) {
            st = ndi_buf_printf(out, "<span aria-current=\"page\">%u</span>\n",
                                p);
            continue;
        }
        st = P("<a href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, p, NULL, -1, NULL);
        if (st == ND_OK)
            st = ndi_buf_printf(out, "\">%u</a>\n", p);
    }
    if (st == ND_OK && v->page < pages) {
        st = P("<a rel=\"next\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, v->page + 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">Next &raquo;</a>\n");
    }
    if (st == ND_OK)
        st = P("</nav>\n");
    return st;
}

nd_status
ndi_page_results(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    int searched = h != NULL;
    nd_status st = head(out, v, v->q, searched);
    if (st == ND_OK)
        st = top(out, v);
    if (st == ND_OK)
        st = notice(out, "notice", v->notice);
    if (st == ND_OK)
        st = active_filters(out, v);
    if (st == ND_OK && !searched)
        st = P("<p class=\"count\">Type words to search the archive: "
               "&quot;a phrase&quot;, +required, -excluded, title:word, "
               "person:name, source:name, date:2024-03.</p>\n");
    if (st != ND_OK || !searched)
        return st == ND_OK ? bottom(out, v, 0) : st;
    uint64_t total = nd_hits_total(h);
    if (nd_hits_count(h) == 0)
        st = ndi_buf_printf(out,
                            "<p class=\"count\" id=\"count\">No articles "
                            "found%s.</p>\n",
                            total > 0 ? " on this page" : "");
    else
        st = ndi_buf_printf(
            out,
            "<p class=\"count\" id=\"count\">%" PRIu64 " %s &middot; "
            "%u&ndash;%u shown</p>\n",
            total, total == 1 ? "article" : "articles", nd_hits_rank(h, 0),
            nd_hits_rank(h, nd_hits_count(h) - 1));
    if (st == ND_OK)
        st = suggestion_note(out, v, h);
    if (st == ND_OK && nd_hits_count(h) > 0) {
        st = ndi_buf_printf(out,
                            "<div class=\"layout\">\n<ol class=\"hits\" "
                            "start=\"%u\">\n",
                            nd_hits_rank(h, 0));
        for (size_t i = 0; i < nd_hits_count(h) && st == ND_OK; i++)
            st = hit_item(out, v, h, i);
        if (st == ND_OK)
            st = P("</ol>\n");
        if (st == ND_OK)
            st = facet_sidebar(out, v, h);
        if (st == ND_OK)
            st = P("</div>\n");
    }
    if (st == ND_OK)
        st = pager(out, v, h);
    if (st == ND_OK)
        st = bottom(out, v, 1);
    return st;
}

/* A dt/dd pair when 'value' is not empty. */
static nd_status
meta_row(nd_buf *out, const char *label, const char *value)
{
    if (value == NULL || *value == '\0')
        return ND_OK;
    nd_status st = ndi_buf_printf(out, "<dt>%s</dt><dd>", label);
    if (st == ND_OK)
        st = esc(out, value);
    if (st == ND_OK)
        st = P("</dd>\n");
    return st;
}

/* Whether a URL may be a link: http or https only (no javascript:). */
static int
linkable(const char *url)
{
    return ndi_strncaseeq(url, "http://", 7) ||
           ndi_strncaseeq(url, "https://", 8);
}

nd_status
ndi_page_article(nd_buf *out, const ndi_view *v, const nd_article *a)
{
    const char *title = nd_article_title(a);
    nd_status st = head(out, v, title, 0);
    if (st == ND_OK)
        st = top(out, v);
    if (st == ND_OK && v->q != NULL && *v->q != '\0') {
        st = P("<p><a href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, v, 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">&laquo; Back to the results</a></p>\n");
    }
    if (st == ND_OK)
        st = P("<article class=\"doc\">\n<h1>");
    if (st == ND_OK)
        st = esc(out, *title != '\0' ? title : "(untitled)");
    if (st == ND_OK)
        st = P("</h1>\n<dl class=\"meta\">\n");
    if (st == ND_OK && nd_article_datesrc(a) != ND_DATE_NONE) {
        char iso[32];
        ndi_date_format(nd_article_date(a), iso);
        st = ndi_buf_printf(
            out,
            "<dt>Date</dt><dd><time datetime=\"%s\">%s</time>"
            "%s</dd>\n",
            iso, iso,
            nd_article_datesrc(a) == ND_DATE_MTIME ? " (file time)" : "");
    }
    const char *src = nd_article_get(a, ND_F_SOURCE);
    if (st == ND_OK && *src != '\0') {
        st = P("<dt>Source</dt><dd>");
        if (st == ND_OK)
            st = filter_link(out, v, "source", src, NULL);
        if (st == ND_OK)
            st = P("</dd>\n");
    }
    if (st == ND_OK)
        st = meta_row(out, "Byline", nd_article_get(a, ND_F_BYLINE));
    if (st == ND_OK)
        st = meta_row(out, "Dateline", nd_article_get(a, ND_F_DATELINE));
    if (st == ND_OK)
        st = meta_row(out, "Language", nd_article_get(a, ND_F_LANG));
    if (st == ND_OK)
        st = meta_row(out, "Format", nd_article_get(a, ND_F_FORMAT));
    if (st == ND_OK)
        st = meta_row(out, "Document id", nd_article_get(a, ND_F_DOCNO));
    const char *url = nd_article_get(a, ND_F_URL);
    if (st == ND_OK && *url != '\0' && linkable(url)) {
        st = P("<dt>Original</dt><dd><a rel=\"noopener noreferrer\" href=\"");
        if (st == ND_OK)
            st = esc(out, url);
        if (st == ND_OK)
            st = P("\">");
        if (st == ND_OK)
            st = esc(out, url);
        if (st == ND_OK)
            st = P("</a></dd>\n");
    } else if (st == ND_OK) {
        st = meta_row(out, "Original", url);
    }
    if (st == ND_OK)
        st = meta_row(out, "File", nd_article_get(a, ND_F_PATH));
    if (st == ND_OK)
        st = meta_row(out, "Id", nd_article_get(a, ND_F_ID));
    for (int k = 0; k < ND_ENT_COUNT && st == ND_OK; k++) {
        size_t n = 0;
        for (size_t i = 0; i < nd_article_entity_count(a) && st == ND_OK; i++) {
            nd_entity_type type;
            const char *name = nd_article_entity(a, i, &type);
            if ((int)type != k)
                continue;
            st = n++ == 0 ? ndi_buf_printf(out, "<dt>%s</dt><dd>", ent_label[k])
                          : P(", ");
            if (st == ND_OK)
                st = filter_link(out, v, ent_kind[k], name, NULL);
        }
        if (st == ND_OK && n > 0)
            st = P("</dd>\n");
    }
    const char *aid = nd_article_get(a, ND_F_ID);
    if (st == ND_OK && strlen(aid) == 16) {
        /* the search for articles like this one (nd_search_opts.like) */
        ndi_view nv = *v;
        nv.q = nv.from = nv.to = "";
        nv.nfilters = 0;
        nv.like = aid;
        nv.no_collapse = 0;
        nv.sort = "relevance";
        st = P("<dt>Similar</dt><dd><a id=\"like\" href=\"");
        if (st == ND_OK)
            st = ndi_page_search_link(out, &nv, 1, NULL, -1, NULL);
        if (st == ND_OK)
            st = P("\">Articles like this one</a></dd>\n");
    }
    if (st == ND_OK)
        st = P("</dl>\n<div class=\"text\">\n");
    /* paragraphs are separated by "\n\n" in a normalized body */
    const char *b = nd_article_body(a);
    while (st == ND_OK && *b != '\0') {
        const char *e = strstr(b, "\n\n");
        size_t n = e != NULL ? (size_t)(e - b) : strlen(b);
        st = P("<p>");
        if (st == ND_OK)
            st = ndi_esc_html(out, b, n);
        if (st == ND_OK)
            st = P("</p>\n");
        b += n;
        while (*b == '\n')
            b++;
    }
    if (st == ND_OK)
        st = P("</div>\n</article>\n");
    if (st == ND_OK)
        st = bottom(out, v, 0);
    return st;
}

nd_status
ndi_page_error(nd_buf *out, const ndi_view *v, int status, const char *msg)
{
    const char *what = status == 400   ? "Bad request"
                       : status == 404 ? "Not found"
                       : status == 413 ? "Request too large"
                       : status == 414 ? "Request too long"
                       : status == 503 ? "Service unavailable"
                                       : "Error";
    nd_status st = head(out, v, what, 0);
    if (st == ND_OK)
        st = top(out, v);
    if (st == ND_OK)
        st = ndi_buf_printf(out, "<h1>%s</h1>\n", what);
    if (st == ND_OK)
        st = notice(out, "error", msg);
    if (st == ND_OK)
        st = bottom(out, v, 0);
    return st;
}

/* base_url + a raw relative URL "?..." */
static nd_status
abs_link(nd_buf *out, const ndi_view *v, const nd_buf *rel)
{
    nd_status st = ndi_esc_xml_str(out, v->base_url);
    if (st == ND_OK)
        st = ndi_esc_xml(out, rel->data, rel->len);
    return st;
}

nd_status
ndi_page_atom(nd_buf *out, const ndi_view *v, const nd_hits *h)
{
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    char iso[32];
    int64_t newest = INT64_MIN;
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        const nd_article *a = nd_hits_article(h, i);
        if (nd_article_datesrc(a) != ND_DATE_NONE &&
            nd_article_date(a) > newest)
            newest = nd_article_date(a);
    }
    ndi_date_format(newest != INT64_MIN ? newest : v->now, iso);
    nd_status st = P("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
    if (st == ND_OK)
        st = ndi_esc_xml_str(out, v->title);
    if (st == ND_OK && v->q != NULL && *v->q != '\0') {
        st = P(": ");
        if (st == ND_OK)
            st = ndi_esc_xml_str(out, v->q);
    }
    if (st == ND_OK)
        st = search_url(&u, v, 1, NULL, -1, "atom");
    if (st == ND_OK)
        st = P("</title>\n<id>");
    if (st == ND_OK)
        st = abs_link(out, v, &u);
    if (st == ND_OK)
        st = ndi_buf_printf(out,
                            "</id>\n<updated>%s</updated>\n"
                            "<link rel=\"self\" "
                            "type=\"application/atom+xml\" href=\"",
                            iso);
    if (st == ND_OK)
        st = abs_link(out, v, &u);
    nd_buf_clear(&u);
    if (st == ND_OK)
        st = search_url(&u, v, 1, NULL, -1, NULL);
    if (st == ND_OK)
        st = P("\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    if (st == ND_OK)
        st = abs_link(out, v, &u);
    if (st == ND_OK)
        st = P("\"/>\n<author><name>");
    if (st == ND_OK)
        st = ndi_esc_xml_str(out, v->title);
    if (st == ND_OK)
        st = P("</name></author>\n<generator version=\"" ND_VERSION_STRING
               "\">newsdex</generator>\n");
    for (size_t i = 0; i < nd_hits_count(h) && st == ND_OK; i++) {
        const nd_article *a = nd_hits_article(h, i);
        const char *title = nd_article_title(a);
        nd_buf_clear(&u);
        st = param(&u, "id", nd_article_get(a, ND_F_ID));
        if (st == ND_OK && v->coll != NULL)
            st = param(&u, "c", v->coll);
        ndi_date_format(
            nd_article_datesrc(a) != ND_DATE_NONE ? nd_article_date(a) : v->now,
            iso);
        if (st == ND_OK)
            st = P("<entry>\n<title>");
        if (st == ND_OK)
            st = ndi_esc_xml_str(out, *title != '\0' ? title : "(untitled)");
        if (st == ND_OK)
            st = P("</title>\n<id>");
        if (st == ND_OK)
            st = abs_link(out, v, &u);
        if (st == ND_OK)
            st = ndi_buf_printf(out,
                                "</id>\n<updated>%s</updated>\n"
                                "<link rel=\"alternate\" type=\"text/html\" "
                                "href=\"",
                                iso);
        if (st == ND_OK)
            st = abs_link(out, v, &u);
        if (st == ND_OK)
            st = P("\"/>\n");
        const char *url = nd_article_get(a, ND_F_URL);
        if (st == ND_OK && linkable(url)) {
            st = P("<link rel=\"related\" href=\"");
            if (st == ND_OK)
                st = ndi_esc_xml_str(out, url);
            if (st == ND_OK)
                st = P("\"/>\n");
        }
        const char *by = nd_article_get(a, ND_F_BYLINE);
        if (st == ND_OK && *by != '\0') {
            st = P("<author><name>");
            if (st == ND_OK)
                st = ndi_esc_xml_str(out, by);
            if (st == ND_OK)
                st = P("</name></author>\n");
        }
        if (st == ND_OK)
            st = P("<summary type=\"html\">");
        if (st == ND_OK) {
            /* the marked snippet as HTML, escaped again as XML text */
            nd_buf s = {0};
            ndi_hdr_init(&s.hdr);
            st = ndi_esc_snippet(&s, nd_hits_snippet(h, i));
            if (st == ND_OK && s.len > 0)
                st = ndi_esc_xml(out, s.data, s.len);
            free(s.data);
        }
        if (st == ND_OK)
            st = P("</summary>\n</entry>\n");
    }
    if (st == ND_OK)
        st = P("</feed>\n");
    free(u.data);
    return st;
}

nd_status
ndi_page_opensearch(nd_buf *out, const ndi_view *v)
{
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    /* ShortName: at most 16 characters */
    char shortname[17];
    snprintf(shortname, sizeof shortname, "%s", v->title);
    size_t sl = strlen(shortname);
    while (sl > 0 && ((unsigned char)shortname[sl - 1] & 0xC0) == 0x80)
        shortname[--sl] = '\0'; /* do not cut a character in two */
    if (sl > 0 && (unsigned char)shortname[sl - 1] >= 0xC0)
        shortname[--sl] = '\0';
    nd_status st =
        P("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<OpenSearchDescription "
          "xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n<ShortName>");
    if (st == ND_OK)
        st = ndi_esc_xml_str(out, shortname);
    if (st == ND_OK)
        st = P("</ShortName>\n<Description>Search the news archive ");
    if (st == ND_OK)
        st = ndi_esc_xml_str(out, v->title);
    if (st == ND_OK)
        st = P("</Description>\n<InputEncoding>UTF-8</InputEncoding>\n"
               "<OutputEncoding>UTF-8</OutputEncoding>\n");
    static const struct {
        const char *type, *format;
    } urls[] = {{"text/html", NULL},
                {"application/atom+xml", "atom"},
                {"application/json", "json"}};
    for (size_t i = 0; i < NDI_ARRAY_LEN(urls) && st == ND_OK; i++) {
        nd_buf_clear(&u);
        st = ndi_buf_printf(out, "<Url type=\"%s\" method=\"get\" template=\"",
                            urls[i].type);
        if (st == ND_OK)
            st = ndi_esc_xml_str(out, v->base_url);
        if (st == ND_OK)
            st = P("?q={searchTerms}&amp;page={startPage?}");
        if (st == ND_OK && v->coll != NULL) {
            st = P("&amp;c=");
            if (st == ND_OK)
                st = ndi_esc_url_str(&u, v->coll);
            if (st == ND_OK)
                st = ndi_esc_xml(out, u.data, u.len);
        }
        if (st == ND_OK && urls[i].format != NULL)
            st = ndi_buf_printf(out, "&amp;format=%s", urls[i].format);
        if (st == ND_OK)
            st = P("\"/>\n");
    }
    if (st == ND_OK)
        st = P("</OpenSearchDescription>\n");
    free(u.data);
    return st;
}
