/* SPDX-License-Identifier: MIT */
/*
 * warc.c - WARC files: web crawls and newsdex's own streams. An HTML or
 * plain-text page captured in a response (HTTP) or resource record
 * becomes an article; newsdex's conversion records come back as the
 * articles they hold; records that carry no page are passed over.
 *
 * Items: a record is an item of the file when it holds an article, or
 * should and cannot be used (broken framing, chunking or compression, a
 * page that does not parse). Records that are not articles by their
 * nature (warcinfo, request, metadata, revisit, non-2xx responses,
 * images, scripts, style sheets, dns: captures) are passed over silently
 * and take no item number, so a crawl's articles are numbered 0.. in
 * the order of their pages.
 */
#include <config.h>

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../langid.h"
#include "../normalize.h"
#include "../record.h"
#include "detect.h"
#include "formats.h"
#include "markup.h"

/* Codings one payload may stack (Content-Encoding + Transfer-Encoding). */
#define MAX_CODINGS 4

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    size_t off = ndi_skip_ws_bom(head, len);
    return len - off >= 8 && memcmp(head + off, "WARC/1.", 7) == 0 ? 100 : 0;
}

typedef enum page_kind { PAGE_NONE, PAGE_HTML, PAGE_TEXT } page_kind;

/* What one parse() call carries from record to record. */
typedef struct warc_ctx {
    ndi_parse *p;
    size_t items;            /* articles and item errors so far */
    nd_status emit_st;       /* the last p->emit() status */
    const ndi_warc_rec *rec; /* the record being read */
    const char *lang;        /* HTTP Content-Language, or NULL */
} warc_ctx;

static int
value_is(const char *v, size_t n, const char *want)
{
    return v != NULL && n == strlen(want) && memcmp(v, want, n) == 0;
}

/* An item that cannot be used. Item errors are bounded like articles:
 * past --max-items the rest of the file is skipped (ND_ETOOBIG). */
static nd_status
item_fail(warc_ctx *c, const char *reason)
{
    if (c->items >= c->p->lim->max_items) {
        nd_status st =
            c->p->item_error(c->p, "too many items in one file "
                                   "(--max-items); the rest are skipped");
        return st == ND_OK ? ND_ETOOBIG : st;
    }
    c->items++;
    return c->p->item_error(c->p, reason);
}

/* The WARC-Target-URI without the angle brackets some writers add. */
static const char *
target_uri(const ndi_warc_rec *rec, size_t *n)
{
    const char *v = ndi_warc_get(rec, "WARC-Target-URI", n);
    if (v != NULL && *n >= 2 && v[0] == '<' && v[*n - 1] == '>') {
        v++;
        *n -= 2;
    }
    return v;
}

static int
is_http(const char *v, size_t n)
{
    return v != NULL && ((n > 7 && ndi_strncaseeq(v, "http://", 7)) ||
                         (n > 8 && ndi_strncaseeq(v, "https://", 8)));
}

/* Whether a media type value names 'type': the part before ';' or ','
 * equals it, ASCII case-insensitively. */
static int
media_is(const char *v, const char *type)
{
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = 0;
    while (v[n] != '\0' && v[n] != ';' && v[n] != ',' && v[n] != ' ' &&
           v[n] != '\t')
        n++;
    return n == strlen(type) && ndi_strncaseeq(v, type, n);
}

/* The kind of page a Content-Type value names ("" when there is none:
 * then the bytes decide). Scripts, style sheets, feeds, JSON and images
 * are not articles. */
static page_kind
page_kind_of(const char *ctype, const char *body, size_t len)
{
    if (*ctype == '\0') {
        char root[16];
        size_t n = len < 4096 ? len : 4096;
        return ndi_root_name(body, n, root, sizeof root) > 0 &&
                       ndi_strncaseeq(root, "html", 5)
                   ? PAGE_HTML
                   : PAGE_NONE;
    }
    if (media_is(ctype, "text/html") ||
        media_is(ctype, "application/xhtml+xml"))
        return PAGE_HTML;
    if (media_is(ctype, "text/plain"))
        return PAGE_TEXT;
    return PAGE_NONE;
}

/* The charset parameter of a Content-Type value into 'out' (a token of
 * letters, digits and ._:+- only, since it goes to iconv), or "". */
static void
charset_of(const char *ctype, char *out, size_t outlen)
{
    out[0] = '\0';
    for (const char *s = ctype; *s != '\0'; s++) {
        if (!ndi_strncaseeq(s, "charset", 7) ||
            (s > ctype && isalnum((unsigned char)s[-1])))
            continue;
        const char *v = s + 7;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v != '=')
            continue;
        v++;
        while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
            v++;
        size_t n = 0;
        while (n + 1 < outlen && v[n] != '\0' &&
               (isalnum((unsigned char)v[n]) || strchr("._:+-", v[n]) != NULL))
            n++;
        memcpy(out, v, n);
        out[n] = '\0';
        return;
    }
}

/* A field value copied out of the record, NUL-terminated and cut to
 * 'outlen' - 1 bytes (a NUL inside ends it early). */
static void
copy_value(const char *v, size_t n, char *out, size_t outlen)
{
    if (v == NULL)
        n = 0;
    if (n > outlen - 1)
        n = outlen - 1;
    if (n > 0)
        memcpy(out, v, n);
    out[n] = '\0';
}

/* ---- the metadata a record adds to its page -------------------------- */

static nd_status
set_lang_tag(nd_article *a, const char *tag)
{
    return ndi_lang_set(a, tag, strlen(tag));
}

/*
 * What the page does not say, the record does: the docno is the record
 * id; the URL is the target URI unless the page names its own (og:url,
 * canonical) with http(s); the language comes from Content-Language.
 * WARC-Date is the capture time: it is used only when the page states no
 * date, and since the archive states it for this very page (unlike the
 * file's mtime, which says nothing about the page) it counts as the
 * document's date.
 */
static nd_status
add_record_meta(warc_ctx *c, nd_article *a)
{
    const ndi_warc_rec *rec = c->rec;
    nd_status st = ND_OK;
    size_t n;
    const char *v = ndi_warc_get(rec, "WARC-Record-ID", &n);
    if (v != NULL && *nd_article_get(a, ND_F_DOCNO) == '\0') {
        if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
            v++;
            n -= 2;
        }
        if (n > 9 && ndi_strncaseeq(v, "urn:uuid:", 9)) {
            v += 9;
            n -= 9;
        }
        st = nd_article_set(a, ND_F_DOCNO, v, n);
    }
    v = target_uri(rec, &n);
    if (st == ND_OK && is_http(v, n) && *nd_article_get(a, ND_F_URL) == '\0')
        st = nd_article_set(a, ND_F_URL, v, n);
    if (st == ND_OK && c->lang != NULL && *nd_article_get(a, ND_F_LANG) == '\0')
        st = set_lang_tag(a, c->lang);
    v = ndi_warc_get(rec, "WARC-Date", &n);
    int64_t t;
    if (v != NULL && nd_article_datesrc(a) == ND_DATE_NONE &&
        ndi_date_parse(v, n, &t))
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    return st;
}

/* Complete an article of the current record and hand it over. */
static nd_status
page_emit(ndi_parse *sub, nd_article *a)
{
    warc_ctx *c = sub->ctx;
    nd_status st = add_record_meta(c, a);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(c->p->hdr, st, "out of memory");
    }
    c->items++;
    c->emit_st = c->p->emit(c->p, a);
    return c->emit_st;
}

static nd_status
page_item_error(ndi_parse *sub, const char *reason)
{
    return item_fail(sub->ctx, reason);
}

/* The capture time, for the text parser's datelines without a year. */
static int64_t
record_time(const warc_ctx *c)
{
    size_t n;
    int64_t t;
    const char *v = ndi_warc_get(c->rec, "WARC-Date", &n);
    return v != NULL && ndi_date_parse(v, n, &t) ? t : c->p->mtime;
}

/* A page (HTML or plain text, in 'charset' unless a BOM says otherwise)
 * as the article of the current record. */
static nd_status
page_article(warc_ctx *c, page_kind kind, const char *data, size_t len,
             const char *charset)
{
    ndi_hdr h;
    ndi_hdr_init(&h);
    ndi_parse sub = *c->p;
    sub.hdr = &h;
    sub.ctx = c;
    sub.emit = page_emit;
    sub.item_error = page_item_error;
    nd_status st;
    if (kind == PAGE_HTML) {
        nd_article *a = NULL;
        st = ndi_html_article(&sub, data, len, charset, &a);
        if (st == ND_OK)
            return page_emit(&sub, a);
    } else {
        /* The text format's rules (headline, byline, dateline) on the
         * payload, converted from its declared charset first. */
        nd_buf u = {0};
        ndi_hdr_init(&u.hdr);
        st = ndi_to_utf8(data, len, charset, &u);
        if (st == ND_OK) {
            sub.data = nd_buf_data(&u);
            sub.len = u.len;
            sub.mtime = record_time(c);
            c->emit_st = ND_OK;
            st = ndi_format_text.parse(&sub);
            if (st == ND_OK)
                st = c->emit_st;
        }
        free(u.data);
        if (st == ND_OK || st == ND_ETOOBIG)
            return st;
    }
    if (st == ND_ENOMEM) /* the message is in 'h', or already in p->hdr */
        return h.errmsg[0] != '\0' ? ndi_pass(c->p->hdr, &h, st) : st;
    return item_fail(c, h.errmsg[0] != '\0' ? h.errmsg : "unusable page");
}

/* ---- HTTP ------------------------------------------------------------ */

typedef struct http_resp {
    int status;
    int ended; /* the blank line after the headers was found */
    char ctype[256], tenc[128], cenc[128], clang[64];
    const char *body;
    size_t body_len;
} http_resp;

/* The headers kept, and where. */
#define KEPT(name, f)                                             \
    {                                                             \
        name, offsetof(http_resp, f), sizeof(((http_resp *)0)->f) \
    }
static const struct {
    const char *name;
    size_t off, cap;
} kept[] = {
    KEPT("Content-Type", ctype),
    KEPT("Transfer-Encoding", tenc),
    KEPT("Content-Encoding", cenc),
    KEPT("Content-Language", clang),
};
#undef KEPT

/* Append 'n' bytes to a NUL-terminated field, after 'sep' when it holds
 * something already; what does not fit is dropped. */
static void
field_add(char *dst, size_t cap, const char *sep, const char *v, size_t n)
{
    size_t cur = strlen(dst);
    size_t sl = strlen(sep);
    if (cur > 0 && n > 0) {
        if (cur + sl >= cap)
            return;
        memcpy(dst + cur, sep, sl);
        cur += sl;
    }
    if (n > cap - 1 - cur)
        n = cap - 1 - cur;
    memcpy(dst + cur, v, n);
    dst[cur + n] = '\0';
}

/* The status line: "HTTP/1.1 200 OK". Returns the code, or -1. */
static int
status_code(const char *s, size_t n)
{
    size_t i = 5; /* past "HTTP/" */
    while (i < n && s[i] != ' ' && s[i] != '\t')
        i++;
    if (i == 5 || i >= n)
        return -1;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 3 > n || !isdigit((unsigned char)s[i]) ||
        !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]))
        return -1;
    if (i + 3 < n && s[i + 3] != ' ' && s[i + 3] != '\t' && s[i + 3] != '\r')
        return -1;
    return (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
}

/*
 * Read the status line and the headers of an HTTP response in s[0..len):
 * lines end in CRLF or LF, names are case-insensitive, a line starting
 * with a space or tab continues the one before (obsolete folding), lines
 * without ':' are ignored. Repeated headers are joined with ", ".
 */
static void
http_parse(const char *s, size_t len, http_resp *r)
{
    memset(r, 0, sizeof *r);
    const char *nl = memchr(s, '\n', len);
    size_t e = nl != NULL ? (size_t)(nl - s) : len;
    r->status = status_code(s, e);
    char *cur = NULL; /* the field a folded line continues */
    size_t curcap = 0;
    size_t i = nl != NULL ? e + 1 : len;
    while (i < len) {
        nl = memchr(s + i, '\n', len - i);
        if (nl == NULL)
            break; /* no line end, so no blank line: the headers never end */
        e = (size_t)(nl - s);
        size_t le = e;
        if (le > i && s[le - 1] == '\r')
            le--;
        size_t a = i;
        i = e + 1;
        if (le == a) {
            r->ended = 1;
            r->body = s + i;
            r->body_len = len - i;
            return;
        }
        if (s[a] == ' ' || s[a] == '\t') {
            while (a < le && (s[a] == ' ' || s[a] == '\t'))
                a++;
            if (cur != NULL)
                field_add(cur, curcap, " ", s + a, le - a);
            continue;
        }
        const char *colon = memchr(s + a, ':', le - a);
        cur = NULL;
        if (colon == NULL)
            continue;
        size_t nlen = (size_t)(colon - (s + a));
        while (nlen > 0 && (s[a + nlen - 1] == ' ' || s[a + nlen - 1] == '\t'))
            nlen--;
        size_t v = (size_t)(colon - s) + 1;
        while (v < le && (s[v] == ' ' || s[v] == '\t'))
            v++;
        size_t vl = le - v;
        while (vl > 0 && (s[v + vl - 1] == ' ' || s[v + vl - 1] == '\t'))
            vl--;
        for (size_t k = 0; k < NDI_ARRAY_LEN(kept); k++)
            if (nlen == strlen(kept[k].name) &&
                ndi_strncaseeq(s + a, kept[k].name, nlen)) {
                cur = (char *)r + kept[k].off;
                curcap = kept[k].cap;
                field_add(cur, curcap, ", ", s + v, vl);
                break;
            }
    }
}

/* Undo Transfer-Encoding: chunked into 'out'. A chunk that claims more
 * than is left, or a missing last chunk, is a capture cut short: what is
 * there is kept. A size line that is not hex, or a chunk not followed by
 * a line end (a wrong size), is an error with a message in 'h'. */
static nd_status
dechunk(ndi_hdr *h, const char *s, size_t len, nd_buf *out)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl != NULL ? (size_t)(nl - s) : len;
        size_t k = i;
        while (k < e && (s[k] == ' ' || s[k] == '\t'))
            k++;
        uint64_t size = 0;
        size_t digits = 0;
        for (; k < e && isxdigit((unsigned char)s[k]); k++, digits++) {
            if (digits == 15)
                return ndi_fail(h, ND_EFORMAT,
                                "bad chunked encoding: chunk size too large");
            int d = isdigit((unsigned char)s[k])
                        ? s[k] - '0'
                        : tolower((unsigned char)s[k]) - 'a' + 10;
            size = size * 16 + (uint64_t)d;
        }
        while (k < e && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (digits == 0 ||
            (k < e && s[k] != ';' && !(s[k] == '\r' && k + 1 == e)))
            return ndi_fail(h, ND_EFORMAT,
                            "bad chunked encoding: bad chunk size at byte %zu",
                            i);
        if (size == 0 || nl == NULL)
            return ND_OK; /* the last chunk (trailers ignored), or cut */
        i = e + 1;
        size_t take = size < len - i ? (size_t)size : len - i;
        nd_status st = nd_buf_append(out, s + i, take);
        if (st != ND_OK)
            return ndi_fail(h, st, "out of memory");
        i += take;
        if (i == len)
            return ND_OK;
        if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            i += 2;
        else if (s[i] == '\n')
            i++;
        else
            return ndi_fail(h, ND_EFORMAT,
                            "bad chunked encoding: chunk of %zu bytes not "
                            "followed by a line end",
                            take);
    }
    return ND_OK;
}

/* Inflate one gzip or deflate coding into 'out', at most 'cap' bytes.
 * Data cut short keeps what was inflated (a truncated capture). */
static nd_status
inflate_coding(ndi_hdr *h, const char *coding, const char *in, size_t len,
               size_t cap, nd_buf *out)
{
    const unsigned char *u = (const unsigned char *)in;
    int wbits = 32 + MAX_WBITS; /* gzip, or zlib mislabelled as gzip */
    if (ndi_strncaseeq(coding, "deflate", 8)) {
        /* RFC 9110 says zlib; many servers send raw deflate */
        int zlib =
            len >= 2 && (u[0] & 0x0f) == 8 && (u[0] * 256 + u[1]) % 31 == 0;
        wbits = zlib ? MAX_WBITS : -MAX_WBITS;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, wbits) != Z_OK)
        return ndi_fail(h, ND_ENOMEM, "out of memory");
    nd_status st = ND_OK;
    size_t left = len;
    z.next_in = (Bytef *)in;
    for (;;) {
        if (z.avail_in == 0 && left > 0) {
            z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
            left -= z.avail_in;
        }
        if ((st = ndi_buf_reserve(out, 65536)) != ND_OK) {
            st = ndi_fail(h, st, "out of memory");
            break;
        }
        size_t room = out->cap - out->len - 1;
        if (room > 1u << 30)
            room = 1u << 30;
        if (room > cap - out->len + 1)
            room = cap - out->len + 1; /* one byte past the cap tells */
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)room;
        int rc = inflate(&z, Z_NO_FLUSH);
        out->len += room - z.avail_out;
        out->data[out->len] = '\0';
        if (out->len > cap) {
            st = ndi_fail(h, ND_ETOOBIG,
                          "%s Content-Encoding inflates past the limit of "
                          "%zu bytes",
                          coding, cap);
            break;
        }
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR ||
            (rc == Z_OK && z.avail_in == 0 && left == 0 && z.avail_out != 0)) {
            if (out->len == 0)
                st = ndi_fail(h, ND_EFORMAT, "truncated %s Content-Encoding",
                              coding);
            break;
        }
        if (rc != Z_OK) {
            st = ndi_fail(h, rc == Z_MEM_ERROR ? ND_ENOMEM : ND_EFORMAT,
                          "bad %s Content-Encoding: %s", coding,
                          z.msg != NULL ? z.msg : "inflate failed");
            break;
        }
    }
    inflateEnd(&z);
    return st;
}

/* The codings of a header value, in the order they were applied. */
static size_t
codings_of(const char *v, char (*out)[16], size_t n, size_t max)
{
    while (*v != '\0') {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        size_t k = 0;
        while (v[k] != '\0' && v[k] != ',' && v[k] != ' ' && v[k] != '\t' &&
               v[k] != ';')
            k++;
        if (k > 0 && !(k == 8 && ndi_strncaseeq(v, "identity", 8)) &&
            !(k == 7 && ndi_strncaseeq(v, "chunked", 7))) {
            if (n == max)
                return max + 1;
            copy_value(v, k, out[n], sizeof out[n]);
            n++;
        }
        v += k;
        while (*v != '\0' && *v != ',')
            v++;
    }
    return n;
}

/* Whether a Transfer-Encoding value lists "chunked". */
static int
has_chunked(const char *v)
{
    while (*v != '\0') {
        while (*v == ' ' || *v == '\t' || *v == ',')
            v++;
        size_t k = 0;
        while (v[k] != '\0' && v[k] != ',' && v[k] != ' ' && v[k] != '\t' &&
               v[k] != ';')
            k++;
        if (k == 7 && ndi_strncaseeq(v, "chunked", 7))
            return 1;
        v += k;
        while (*v != '\0' && *v != ',')
            v++;
    }
    return 0;
}

/* The response's payload with its transfer and content codings undone:
 * in '*out', pointing into the record or into one of 'buf[0..1]'. */
static nd_status
http_payload(warc_ctx *c, ndi_hdr *h, const http_resp *r, nd_buf buf[2],
             const char **out, size_t *out_len)
{
    const char *data = r->body;
    size_t len = r->body_len;
    int cur = -1; /* which buffer holds 'data'; -1: the record */
    nd_status st = ND_OK;
    char codings[MAX_CODINGS][16];
    /* applied by the server: content codings first, then transfer ones */
    size_t n = codings_of(r->cenc, codings, 0, MAX_CODINGS);
    if (n <= MAX_CODINGS)
        n = codings_of(r->tenc, codings, n, MAX_CODINGS);
    if (n > MAX_CODINGS)
        return ndi_fail(h, ND_EFORMAT, "too many content codings");
    for (size_t i = 0; i < n; i++)
        if (!ndi_strncaseeq(codings[i], "gzip", 5) &&
            !ndi_strncaseeq(codings[i], "x-gzip", 7) &&
            !ndi_strncaseeq(codings[i], "deflate", 8))
            return ndi_fail(h, ND_EFORMAT, "unsupported Content-Encoding '%s'",
                            codings[i]);
    size_t cap = c->p->lim->max_article_bytes > SIZE_MAX / 4
                     ? SIZE_MAX
                     : c->p->lim->max_article_bytes * 4;
    if (cap > c->p->lim->max_inflated_bytes)
        cap = c->p->lim->max_inflated_bytes;
    if (has_chunked(r->tenc)) {
        if ((st = dechunk(h, data, len, &buf[0])) != ND_OK)
            return st;
        cur = 0;
        data = nd_buf_data(&buf[0]);
        len = buf[0].len;
    }
    /* the last coding applied is undone first, into the other buffer */
    for (size_t i = n; i-- > 0 && len > 0;) {
        int dst = cur == 0 ? 1 : 0;
        nd_buf_clear(&buf[dst]);
        st = inflate_coding(h, codings[i], data, len, cap, &buf[dst]);
        if (st != ND_OK)
            return st;
        cur = dst;
        data = nd_buf_data(&buf[dst]);
        len = buf[dst].len;
    }
    *out = data;
    *out_len = len;
    return ND_OK;
}

/* A response record: an HTTP response to an http(s) URI. */
static nd_status
response(warc_ctx *c, const ndi_warc_rec *rec)
{
    size_t n;
    const char *uri = target_uri(rec, &n);
    if (!is_http(uri, n))
        return ND_OK; /* dns:, whois:, ftp: ... captures */
    const char *b = rec->block;
    size_t blen = rec->block_len;
    if (blen < 5 || memcmp(b, "HTTP/", 5) != 0) {
        const char *wct = ndi_warc_get(rec, "Content-Type", &n);
        if (wct != NULL && n >= 16 &&
            ndi_strncaseeq(wct, "application/http", 16))
            return item_fail(c, "response record without an HTTP status line");
        return ND_OK; /* some other payload: not a page */
    }
    http_resp *r = malloc(sizeof *r);
    if (r == NULL)
        return ndi_fail(c->p->hdr, ND_ENOMEM, "out of memory");
    nd_buf buf[2];
    memset(buf, 0, sizeof buf);
    ndi_hdr_init(&buf[0].hdr);
    ndi_hdr_init(&buf[1].hdr);
    ndi_hdr h;
    ndi_hdr_init(&h);
    nd_status st = ND_OK;
    http_parse(b, blen, r);
    /* without a Content-Type the bytes decide, once decoded */
    page_kind kind =
        r->ctype[0] != '\0' ? page_kind_of(r->ctype, "", 0) : PAGE_HTML;
    if (r->status < 0) {
        st = item_fail(c, "bad HTTP status line");
    } else if (r->status < 200 || r->status > 299) {
        /* redirects, errors: not pages */
    } else if (kind == PAGE_NONE) {
        /* images, scripts, style sheets ... */
    } else if (!r->ended) {
        st = item_fail(c, "the HTTP headers do not end");
    } else {
        const char *data = NULL;
        size_t len = 0;
        st = http_payload(c, &h, r, buf, &data, &len);
        if (st == ND_OK && r->ctype[0] == '\0')
            kind = page_kind_of("", data, len); /* sniffed once decoded */
        if (st == ND_OK && kind != PAGE_NONE) {
            char cs[48];
            charset_of(r->ctype, cs, sizeof cs);
            c->lang = r->clang[0] != '\0' ? r->clang : NULL;
            st = page_article(c, kind, data, len, cs);
            c->lang = NULL;
        } else if (st == ND_ENOMEM) {
            st = ndi_pass(c->p->hdr, &h, st);
        } else if (st != ND_OK) {
            st = item_fail(c, h.errmsg);
        }
    }
    free(buf[0].data);
    free(buf[1].data);
    free(r);
    return st;
}

/* A resource record (or another tool's conversion record): the page
 * itself, its type and charset in the record's Content-Type. */
static nd_status
resource(warc_ctx *c, const ndi_warc_rec *rec)
{
    size_t n;
    char ctype[256], cs[48];
    const char *v = ndi_warc_get(rec, "Content-Type", &n);
    copy_value(v, n, ctype, sizeof ctype);
    page_kind kind = page_kind_of(ctype, rec->block, rec->block_len);
    if (kind == PAGE_NONE)
        return ND_OK;
    charset_of(ctype, cs, sizeof cs);
    return page_article(c, kind, rec->block, rec->block_len, cs);
}

/* A conversion record newsdex wrote: the article it holds. */
static nd_status
conversion(warc_ctx *c, const ndi_warc_rec *rec)
{
    ndi_hdr h;
    ndi_hdr_init(&h);
    nd_article *a = NULL;
    nd_status st = ndi_record_to_article(&h, rec, &a);
    if (st == ND_ENOMEM)
        return ndi_pass(c->p->hdr, &h, st);
    if (st != ND_OK)
        return item_fail(c, h.errmsg);
    c->items++;
    return c->p->emit(c->p, a);
}

/* Where reading resumes after a record that cannot be framed: the next
 * line starting "WARC/1.", strictly after the bad record's start. */
static size_t
resync(const char *data, size_t len, size_t pos)
{
    while (pos < len &&
           (data[pos] == '\r' || data[pos] == '\n' || data[pos] == ' ' ||
            data[pos] == '\t' || data[pos] == '\0'))
        pos++;
    for (size_t i = pos; i + 8 <= len; i++) {
        const char *nl = memchr(data + i, '\n', len - i);
        if (nl == NULL)
            break;
        i = (size_t)(nl - data);
        if (i + 8 <= len && memcmp(nl + 1, "WARC/1.", 7) == 0)
            return i + 1;
    }
    return len;
}

static nd_status
record(warc_ctx *c, const ndi_warc_rec *rec)
{
    size_t n;
    const char *type = ndi_warc_get(rec, "WARC-Type", &n);
    c->rec = rec;
    if (value_is(type, n, "response"))
        return response(c, rec);
    if (value_is(type, n, "resource"))
        return resource(c, rec);
    if (value_is(type, n, "conversion"))
        return ndi_warc_get(rec, "Newsdex-Id", &n) != NULL ? conversion(c, rec)
                                                           : resource(c, rec);
    return ND_OK; /* warcinfo, request, metadata, revisit, continuation */
}

static nd_status
parse(ndi_parse *p)
{
    ndi_warc_rec *rec = malloc(sizeof *rec);
    if (rec == NULL)
        return ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
    warc_ctx c = {.p = p};
    size_t pos = 0;
    nd_status st = ND_OK;
    for (;;) {
        ndi_hdr h;
        ndi_hdr_init(&h);
        st = ndi_warc_next(&h, p->data, p->len, &pos, rec);
        if (st == ND_DONE) {
            st = ND_OK;
            break;
        }
        if (st != ND_OK) {
            /* A record that cannot be framed is one item; a record the
             * data ends inside (a Content-Length past the end) is the
             * last. Otherwise reading resumes at the next record. */
            if ((st = item_fail(&c, h.errmsg)) != ND_OK || rec->incomplete)
                break;
            pos = resync(p->data, p->len, pos);
            continue;
        }
        if ((st = record(&c, rec)) != ND_OK)
            break;
    }
    free(rec);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_warc = {"warc", detect, parse};
