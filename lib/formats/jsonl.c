/* SPDX-License-Identifier: MIT */
/*
 * jsonl.c - JSON article dumps as news crawlers and data sets write them
 * (news-please, newspaper, Common Crawl news extractors, Hugging Face
 * datasets, NewsAPI): JSON Lines (one object per line), or one JSON
 * document spread over lines (pretty printed) holding an object, an array
 * of objects, or several objects. json-c parses; the fields are found
 * under the names those tools use.
 *
 * Items: every JSON value outside an array, and every element of a
 * top-level array, is one item, numbered in file order. Blank lines take
 * no number. A line that is not JSON, or a value that is not an object or
 * holds neither title nor text, is an item error and the next line is
 * still read (in a pretty-printed document, nothing after a syntax error
 * can be). A raw NUL byte (never valid JSON) is read as a space. JSON
 * whose first objects hold no title or text is not news: the whole file
 * fails with that reason instead of giving one item error per object.
 */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

/* Nesting json-c accepts before it gives up: articles need 3 or 4. */
#define MAX_DEPTH 32
/* Item errors held back until the first article shows that the file is
 * news; objects without title and text that make the file "not news". */
#define DEFER_MAX 64
#define NOT_NEWS_OBJECTS 16
/* Authors joined into the byline. */
#define MAX_AUTHORS 32
/* Bytes of a text searched for HTML tags. */
#define HTML_SNIFF 65536
#define REASON_MAX 200

static const char *const title_keys[] = {
    "title", "headline", "Title", "Headline", "title_page", "title_rss", NULL,
};
static const char *const text_keys[] = {
    "text",    "maintext",    "body",         "content",  "article",
    "Text",    "articleBody", "article_text", "document", "Body",
    "Content", "description", NULL,
};
static const char *const date_keys[] = {
    "date",         "date_publish", "published",   "datePublished",  "pubDate",
    "publish_date", "published_at", "publishedAt", "published_date", "Date",
    "date_modify",  "dateModified", NULL,
};
static const char *const url_keys[] = {"url", "link", "URL", "canonical_url",
                                       NULL};
static const char *const author_keys[] = {"authors", "author", "byline",
                                          "creator", NULL};
static const char *const source_keys[] = {
    "source_domain", "source", "publisher", "site_name",
    "sitename",      "domain", "site",      NULL,
};
static const char *const lang_keys[] = {"language", "lang", "inLanguage",
                                        "locale", NULL};
static const char *const id_keys[] = {"id",         "guid",   "uuid",  "_id",
                                      "article_id", "doc_id", "docno", NULL};

/* A head that opens like a JSON object: '{' then a quoted key. */
static int
opens_object(const char *head, size_t len, size_t i)
{
    if (i >= len || head[i] != '{')
        return 0;
    i++;
    while (i < len && isspace((unsigned char)head[i]))
        i++;
    return i >= len || head[i] == '"' || head[i] == '}';
}

static int
detect(const char *name, const char *head, size_t len)
{
    char root[64];
    size_t i = ndi_skip_ws_bom(head, len);
    int named = ndi_has_ext(name, "jsonl") || ndi_has_ext(name, "ndjson") ||
                ndi_has_ext(name, "json");
    size_t j = i + 1;
    while (i < len && head[i] == '[' && j < len &&
           isspace((unsigned char)head[j]))
        j++;
    /* Above text (20, or 50 for .txt), below the markup formats. */
    if (opens_object(head, len, i) ||
        (i < len && head[i] == '[' && opens_object(head, len, j)))
        return named ? 90 : 60;
    /* A JSON name with other content: JSON that is broken or not news,
     * which parse() says, rather than text to index. */
    if (named && ndi_root_name(head, len, root, sizeof root) == 0)
        return 55;
    return 0;
}

typedef struct jl {
    ndi_parse *p;
    json_tokener *tok;
    size_t items; /* items numbered so far, deferred ones included */
    int deferring;
    size_t nofield;
    char *deferred[DEFER_MAX];
    size_t ndeferred;
    int stop; /* no more items: the cap was reached */
    const char *data;
    size_t line_off; /* lines counted up to this offset of 'data' */
    size_t line;     /* 1-based number of the line at line_off */
} jl;

/* The line number of offset 'off' of the file (offsets only grow). */
static size_t
line_at(jl *j, size_t off)
{
    if (off < j->line_off)
        return j->line;
    const char *s = j->data + j->line_off, *end = j->data + off;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (nl == NULL)
            break;
        j->line++;
        s = nl + 1;
    }
    j->line_off = off;
    return j->line;
}

static nd_status
flush_deferred(jl *j)
{
    nd_status st = ND_OK;
    for (size_t i = 0; i < j->ndeferred; i++) {
        if (st == ND_OK)
            st = j->p->item_error(j->p, j->deferred[i]);
        free(j->deferred[i]);
    }
    j->ndeferred = 0;
    j->deferring = 0;
    return st;
}

/* Count one item; at the cap, report it and stop reading. */
static nd_status
take_item(jl *j)
{
    if (j->items < j->p->lim->max_items) {
        j->items++;
        return ND_OK;
    }
    nd_status st = flush_deferred(j);
    if (st == ND_OK)
        st = j->p->item_error(j->p, "too many articles in one file "
                                    "(--max-items); the rest are skipped");
    j->stop = 1;
    return st == ND_OK ? ND_ETOOBIG : st;
}

/* An unusable item. 'nofield' marks a JSON object without article
 * fields: enough of those before any article and the file is not news. */
static nd_status item_error(jl *j, int nofield, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static nd_status
item_error(jl *j, int nofield, const char *fmt, ...)
{
    char reason[REASON_MAX];
    va_list ap;
    nd_status st = take_item(j);
    if (st != ND_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (!j->deferring)
        return j->p->item_error(j->p, reason);
    if (nofield && ++j->nofield >= NOT_NEWS_OBJECTS) {
        j->stop = 1;
        return ND_EFORMAT;
    }
    char *copy = ndi_strndup(reason, strlen(reason));
    if (copy == NULL)
        return ND_ENOMEM;
    j->deferred[j->ndeferred++] = copy;
    return j->ndeferred == DEFER_MAX ? flush_deferred(j) : ND_OK;
}

/* The string of 'v', or of its "name" member when it is an object (an
 * author, a publisher); numbers as json-c writes them when 'numbers'. */
static const char *
str_of(json_object *v, int numbers, size_t *len)
{
    json_object *name;
    if (json_object_is_type(v, json_type_object) &&
        json_object_object_get_ex(v, "name", &name))
        v = name;
    if (json_object_is_type(v, json_type_string) ||
        (numbers && (json_object_is_type(v, json_type_int) ||
                     json_object_is_type(v, json_type_double)))) {
        const char *s = json_object_get_string(v);
        *len = json_object_is_type(v, json_type_string)
                   ? (size_t)json_object_get_string_len(v)
                   : strlen(s);
        size_t k = 0;
        while (k < *len && isspace((unsigned char)s[k]))
            k++;
        return k < *len ? s : NULL;
    }
    return NULL;
}

/* The first of 'keys' whose value has text. */
static const char *
get_str(json_object *o, const char *const *keys, int numbers, size_t *len)
{
    for (size_t i = 0; keys[i] != NULL; i++) {
        json_object *v;
        const char *s;
        if (json_object_object_get_ex(o, keys[i], &v) &&
            (s = str_of(v, numbers, len)) != NULL)
            return s;
    }
    return NULL;
}

/*
 * Append 'len' bytes to 'out': a NUL as a space (nd_article_set would drop
 * it and glue two words together) and, with 'paras', every line break as
 * a paragraph break, since JSON text fields are not hard-wrapped.
 */
static nd_status
append_text(nd_buf *out, const char *s, size_t len, int paras)
{
    nd_status st = ND_OK;
    size_t start = 0;
    for (size_t i = 0; i <= len && st == ND_OK; i++) {
        if (i < len && s[i] != '\0' && !(paras && s[i] == '\n'))
            continue;
        st = nd_buf_append(out, s + start, i - start);
        if (st == ND_OK && i < len)
            st = ndi_buf_puts(out, s[i] == '\0' ? " " : "\n\n");
        start = i + 1;
    }
    return st;
}

/* Set a one-line field 'f' from 'len' bytes. */
static nd_status
set_text(nd_article *a, nd_field f, const char *s, size_t len)
{
    if (memchr(s, '\0', len) == NULL)
        return nd_article_set(a, f, s, len);
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = append_text(&b, s, len, 0);
    if (st == ND_OK)
        st = nd_article_set(a, f, b.data, b.len);
    free(b.data);
    return st;
}

/* Whether text is HTML: a known tag near its start. */
static int
looks_html(const char *s, size_t len)
{
    static const char *const tags[] = {
        "p",      "div",        "br",      "a",       "span",   "html",
        "body",   "h1",         "h2",      "h3",      "h4",     "ul",
        "ol",     "li",         "strong",  "em",      "b",      "i",
        "img",    "blockquote", "article", "section", "figure", "table",
        "script", "iframe",
    };
    if (len > HTML_SNIFF)
        len = HTML_SNIFF;
    const char *end = s + len, *lt = s;
    while ((lt = memchr(lt, '<', (size_t)(end - lt))) != NULL) {
        const char *n = ++lt;
        if (n < end && *n == '/')
            n++;
        const char *e = n;
        while (e < end && isalnum((unsigned char)*e))
            e++;
        if (e == n || e >= end ||
            !(*e == '>' || *e == '/' || isspace((unsigned char)*e)))
            continue;
        for (size_t i = 0; i < NDI_ARRAY_LEN(tags); i++)
            if (strlen(tags[i]) == (size_t)(e - n) &&
                ndi_strncaseeq(n, tags[i], (size_t)(e - n)))
                return 1;
    }
    return 0;
}

/* Append one text to the body: HTML as its text, else plain text. */
static nd_status
append_body(jl *j, nd_buf *out, const char *s, size_t len)
{
    if (!looks_html(s, len))
        return append_text(out, s, len, 1);
    /* json-c keeps bytes as they are: make them UTF-8 (and NULs spaces)
     * for the HTML parser */
    nd_buf u = {0};
    ndi_hdr_init(&u.hdr);
    nd_status st = ndi_to_utf8(s, len, "", &u);
    for (size_t i = 0; i < u.len; i++)
        if (u.data[i] == '\0')
            u.data[i] = ' ';
    size_t before = out->len;
    if (st == ND_OK)
        st = ndi_html_text(j->p, u.data != NULL ? u.data : "", u.len, out);
    free(u.data);
    if (st == ND_EFORMAT) { /* not parseable after all: keep it as text */
        out->len = before;
        st = append_text(out, s, len, 1);
    }
    return st;
}

/* The text: a string (HTML or plain) or an array of paragraph strings. */
static nd_status
set_body(jl *j, nd_article *a, json_object *o, int *found)
{
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ND_OK;
    *found = 0;
    for (size_t k = 0; text_keys[k] != NULL && !*found && st == ND_OK; k++) {
        json_object *v;
        size_t len;
        const char *s;
        if (!json_object_object_get_ex(o, text_keys[k], &v))
            continue;
        if (json_object_is_type(v, json_type_array)) {
            size_t n = json_object_array_length(v);
            for (size_t i = 0; i < n && st == ND_OK; i++) {
                json_object *e = json_object_array_get_idx(v, i);
                if ((s = str_of(e, 0, &len)) == NULL)
                    continue;
                st = append_body(j, &b, s, len);
                if (st == ND_OK)
                    st = ndi_buf_puts(&b, "\n\n");
            }
        } else if ((s = str_of(v, 0, &len)) != NULL) {
            st = append_body(j, &b, s, len);
        }
        if (st == ND_OK && b.len > 0) {
            st = nd_article_set(a, ND_F_BODY, b.data, b.len);
            *found = *nd_article_body(a) != '\0';
        }
        nd_buf_clear(&b);
    }
    free(b.data);
    return st;
}

/* A date: text in any form ndi_date_parse reads, a YYYYMMDD number, or
 * seconds or milliseconds since the epoch (a number or a string of
 * digits). */
static int
date_of(json_object *v, int64_t *t)
{
    json_object *inner;
    if (json_object_is_type(v, json_type_object) &&
        json_object_object_get_ex(v, "$date", &inner))
        v = inner; /* MongoDB extended JSON */
    double d;
    if (json_object_is_type(v, json_type_string)) {
        const char *s = json_object_get_string(v);
        size_t len = (size_t)json_object_get_string_len(v);
        if (ndi_date_parse(s, len, t))
            return 1;
        size_t k = 0;
        while (k < len && isdigit((unsigned char)s[k]))
            k++;
        if (k < 9 || k > 13 || k != len)
            return 0;
        d = strtod(s, NULL);
    } else if (json_object_is_type(v, json_type_int)) {
        int64_t n = json_object_get_int64(v);
        if (n >= 10000101 && n <= 29991231) {
            /* 20241106: a date as a number, not a day in 1970 */
            char ymd[16];
            int k = snprintf(ymd, sizeof ymd, "%" PRId64, n);
            return ndi_date_parse(ymd, (size_t)k, t);
        }
        d = (double)n;
    } else if (json_object_is_type(v, json_type_double)) {
        d = json_object_get_double(v);
    } else {
        return 0;
    }
    /* Seconds up to the year 5138, milliseconds after; 0 is "unknown". */
    if (!(d > 0 && d < 1e14))
        return 0;
    *t = d >= 1e11 ? (int64_t)(d / 1000) : (int64_t)d;
    return 1;
}

static void
set_date(nd_article *a, json_object *o)
{
    for (size_t i = 0; date_keys[i] != NULL; i++) {
        json_object *v;
        int64_t t;
        if (json_object_object_get_ex(o, date_keys[i], &v) && date_of(v, &t)) {
            nd_article_set_date(a, t, ND_DATE_DOCUMENT);
            return;
        }
    }
}

/* "en", "en-GB", "en_US", "eng", "English" -> "en". */
static nd_status
set_lang(nd_article *a, const char *s, size_t len)
{
    return ndi_lang_set(a, s, len);
}

/* Authors: an array of names (strings or objects with "name"), or one. */
static nd_status
set_byline(nd_article *a, json_object *o)
{
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ND_OK;
    for (size_t k = 0; author_keys[k] != NULL && b.len == 0; k++) {
        json_object *v;
        if (!json_object_object_get_ex(o, author_keys[k], &v))
            continue;
        int many = json_object_is_type(v, json_type_array);
        size_t n = many ? json_object_array_length(v) : 1, used = 0;
        for (size_t i = 0; i < n && used < MAX_AUTHORS && st == ND_OK; i++) {
            size_t len;
            const char *s =
                str_of(many ? json_object_array_get_idx(v, i) : v, 0, &len);
            if (s == NULL)
                continue;
            s = ndi_byline_strip(s, &len);
            if (len == 0)
                continue;
            if (used++ > 0)
                st = ndi_buf_puts(&b, ", ");
            if (st == ND_OK)
                st = nd_buf_append(&b, s, len);
        }
    }
    if (st == ND_OK && b.len > 0)
        st = set_text(a, ND_F_BYLINE, b.data, b.len);
    free(b.data);
    return st;
}

/* The item's own id: a string or a number. */
static const char *
get_docno(json_object *o, size_t *len)
{
    for (size_t i = 0; id_keys[i] != NULL; i++) {
        json_object *v, *oid;
        if (!json_object_object_get_ex(o, id_keys[i], &v))
            continue;
        /* MongoDB exports: "_id": {"$oid": "..."} */
        if (json_object_is_type(v, json_type_object) &&
            json_object_object_get_ex(v, "$oid", &oid))
            v = oid;
        const char *s = str_of(v, 1, len);
        if (s != NULL)
            return s;
    }
    return NULL;
}

/* The article of one JSON object, or an item error. */
static nd_status
take_object(jl *j, json_object *o, const char *where)
{
    if (!json_object_is_type(o, json_type_object))
        return item_error(j, 1, "JSON %s, not an article object (%s)",
                          json_type_to_name(json_object_get_type(o)), where);
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    size_t len = 0;
    const char *s;
    int has_body = 0;
    if (st == ND_OK && (s = get_str(o, title_keys, 0, &len)) != NULL)
        st = set_text(a, ND_F_TITLE, s, len);
    if (st == ND_OK)
        st = set_body(j, a, o, &has_body);
    if (st == ND_OK && *nd_article_title(a) == '\0' && !has_body) {
        nd_article_free(a);
        return item_error(j, 1, "JSON object without title or text (%s)",
                          where);
    }
    if (st == ND_OK)
        set_date(a, o);
    if (st == ND_OK && (s = get_str(o, url_keys, 0, &len)) != NULL) {
        while (len > 0 && isspace((unsigned char)*s)) {
            s++;
            len--;
        }
        if ((len > 7 && ndi_strncaseeq(s, "http://", 7)) ||
            (len > 8 && ndi_strncaseeq(s, "https://", 8)))
            st = set_text(a, ND_F_URL, s, len);
    }
    if (st == ND_OK)
        st = set_byline(a, o);
    if (st == ND_OK && (s = get_str(o, source_keys, 0, &len)) != NULL)
        st = set_text(a, ND_F_SOURCE, s, len);
    if (st == ND_OK && (s = get_str(o, lang_keys, 0, &len)) != NULL)
        st = set_lang(a, s, len);
    if (st == ND_OK && (s = get_docno(o, &len)) != NULL)
        st = set_text(a, ND_F_DOCNO, s, len);
    if (st == ND_OK)
        st = take_item(j);
    if (st == ND_OK && j->deferring)
        st = flush_deferred(j);
    if (st != ND_OK) {
        nd_article_free(a);
        return st;
    }
    st = j->p->emit(j->p, a);
    if (st == ND_ETOOBIG)
        j->stop = 1;
    return st;
}

/* One parsed value: an object, or an array of them. */
static nd_status
take_value(jl *j, json_object *v, size_t line)
{
    char where[64];
    if (!json_object_is_type(v, json_type_array)) {
        snprintf(where, sizeof where, "line %zu", line);
        return take_object(j, v, where);
    }
    size_t n = json_object_array_length(v);
    nd_status st = ND_OK;
    for (size_t i = 0; i < n && st == ND_OK && !j->stop; i++) {
        snprintf(where, sizeof where, "line %zu, element %zu", line, i + 1);
        st = take_object(j, json_object_array_get_idx(v, i), where);
    }
    return st;
}

static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Parse bytes [off, end) of the file as JSON values one after another.
 * A value that does not parse is an item error and ends the segment
 * (a line, or the whole rest of a document).
 */
static nd_status
parse_values(jl *j, size_t off, size_t end)
{
    nd_status st = ND_OK;
    const char *s = j->data + off;
    size_t len = end - off, pos = 0;
    char *copy = NULL;
    if (memchr(s, '\0', len) != NULL) {
        /* json-c stops at a NUL: read it as whitespace instead */
        copy = malloc(len);
        if (copy == NULL)
            return ND_ENOMEM;
        for (size_t i = 0; i < len; i++)
            copy[i] = s[i] != '\0' ? s[i] : ' ';
        s = copy;
    }
    while (st == ND_OK && !j->stop) {
        while (pos < len && is_ws(s[pos]))
            pos++;
        if (pos >= len)
            break;
        size_t line = line_at(j, off + pos);
        if (len - pos > INT_MAX) {
            st = item_error(j, 0, "bad JSON: value too long (line %zu)", line);
            break;
        }
        json_tokener_reset(j->tok);
        json_object *v =
            json_tokener_parse_ex(j->tok, s + pos, (int)(len - pos));
        enum json_tokener_error e = json_tokener_get_error(j->tok);
        if (e != json_tokener_success) {
            if (e == json_tokener_continue)
                e = json_tokener_error_parse_eof;
            st = item_error(j, 0, "bad JSON: %s (line %zu)",
                            json_tokener_error_desc(e), line);
            json_object_put(v);
            break;
        }
        pos += json_tokener_get_parse_end(j->tok);
        st = take_value(j, v, line);
        json_object_put(v);
    }
    free(copy);
    return st;
}

/* The end of the line starting at 'off' (the '\n' or the file's end). */
static size_t
line_end(const char *s, size_t len, size_t off)
{
    const char *nl = memchr(s + off, '\n', len - off);
    return nl != NULL ? (size_t)(nl - s) : len;
}

/*
 * Whether the file is one JSON document spread over lines (pretty
 * printed) rather than JSON Lines: its first line is not a whole value
 * but the text from there on starts with one (or, failing that, the first
 * line holds no "key": a lone "{" or "[").
 */
static int
is_document(jl *j, size_t first, size_t len)
{
    size_t eol = line_end(j->data, len, first);
    if (eol - first > INT_MAX || len - first > INT_MAX)
        return 0;
    json_tokener_reset(j->tok);
    json_object *v =
        json_tokener_parse_ex(j->tok, j->data + first, (int)(eol - first));
    enum json_tokener_error e = json_tokener_get_error(j->tok);
    json_object_put(v);
    if (e == json_tokener_success || e != json_tokener_continue)
        return 0; /* a whole value, or a line broken in itself */
    json_tokener_reset(j->tok);
    v = json_tokener_parse_ex(j->tok, j->data + first, (int)(len - first));
    e = json_tokener_get_error(j->tok);
    json_object_put(v);
    if (e == json_tokener_success)
        return 1;
    return memchr(j->data + first, ':', eol - first) == NULL;
}

static nd_status
parse(ndi_parse *p)
{
    jl j = {.p = p, .deferring = 1, .data = p->data, .line = 1};
    nd_status st = ND_OK;
    size_t len = p->len, off = 0;
    j.tok = json_tokener_new_ex(MAX_DEPTH);
    if (j.tok == NULL)
        return ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
    if (len >= 3 && memcmp(p->data, "\xEF\xBB\xBF", 3) == 0)
        off = 3;
    while (off < len && is_ws(p->data[off]))
        off++;
    if (off < len && memchr(p->data + off, '\0', len - off) == NULL &&
        is_document(&j, off, len)) {
        st = parse_values(&j, off, len);
    } else {
        while (off < len && st == ND_OK && !j.stop) {
            size_t eol = line_end(p->data, len, off);
            st = parse_values(&j, off, eol);
            off = eol + 1;
        }
    }
    if (st == ND_ETOOBIG)
        st = ND_OK;
    if (st == ND_OK && j.deferring && j.nofield > 0)
        st = ND_EFORMAT;
    if (st == ND_OK && j.deferring)
        st = flush_deferred(&j);
    for (size_t i = 0; i < j.ndeferred; i++)
        free(j.deferred[i]);
    json_tokener_free(j.tok);
    if (st == ND_EFORMAT)
        return ndi_fail(p->hdr, st,
                        "JSON data without news articles (no title or text "
                        "in its objects): not news");
    if (st == ND_ENOMEM)
        return ndi_fail(p->hdr, st, "out of memory");
    return st;
}

const ndi_format ndi_format_jsonl = {"jsonl", detect, parse};
