/* SPDX-License-Identifier: MIT */
/*
 * check_warc.c - WARC files from web crawls: response and resource
 * records as articles (HTTP headers, charsets, chunking, content
 * codings), records that are not articles, newsdex's own conversion
 * records, .warc.gz files, and damaged or hostile records. The WARC
 * files are built here, with correct Content-Lengths unless a test lies.
 */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "fixture.h"
#include "formats/formats.h"
#include "ndi.h"
#include "newsdex.h"
#include "normalize.h"
#include "record.h"

static nd_reader *rd;
static nd_buf *w;         /* the WARC file being built */
static unsigned rec_seq;  /* record ids: ...-8000-00000000000N */
static const char *wdate; /* WARC-Date of the records built, or NULL */

static void
setup(void)
{
    ck_assert_int_eq(nd_reader_new(&rd), ND_OK);
    ck_assert_int_eq(nd_buf_new(&w), ND_OK);
    rec_seq = 0;
    wdate = "2024-11-05T12:00:00Z";
}

static void
teardown(void)
{
    nd_reader_free(rd);
    nd_buf_free(w);
    rd = NULL;
    w = NULL;
}

#define ck_field(a, f, s) ck_assert_str_eq(nd_article_get((a), (f)), (s))
#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))

/* ---- building WARC files ---------------------------------------------- */

static void
put(nd_buf *b, const void *data, size_t len)
{
    ck_assert_int_eq(nd_buf_append(b, data, len), ND_OK);
}

static void
puts_(nd_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putf(nd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(nd_buf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof tmp);
    put(b, tmp, (size_t)n);
}

/*
 * One record: the WARC line, type, id, date, 'headers' (lines ending in
 * CRLF, may be ""), the Content-Length of 'block' plus 'lie', the block
 * and CRLF CRLF.
 */
static void
add_rec_lie(nd_buf *b, const char *type, const char *headers, const void *block,
            size_t blen, long lie)
{
    rec_seq++;
    putf(b,
         "WARC/1.1\r\nWARC-Type: %s\r\n"
         "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012u>\r\n",
         type, rec_seq);
    if (wdate != NULL)
        putf(b, "WARC-Date: %s\r\n", wdate);
    putf(b, "%sContent-Length: %ld\r\n\r\n", headers, (long)blen + lie);
    put(b, block, blen);
    puts_(b, "\r\n\r\n");
}

static void
add_rec(nd_buf *b, const char *type, const char *headers, const void *block,
        size_t blen)
{
    add_rec_lie(b, type, headers, block, blen, 0);
}

/* A response record for 'uri': 'head' (status line and headers, each
 * ending in CRLF or LF; the blank line is added) and 'blen' bytes of
 * body. */
static void
add_response(nd_buf *b, const char *uri, const char *head, const void *body,
             size_t blen)
{
    nd_buf *blk = NULL, *hdrs = NULL;
    ck_assert_int_eq(nd_buf_new(&blk), ND_OK);
    ck_assert_int_eq(nd_buf_new(&hdrs), ND_OK);
    puts_(blk, head);
    puts_(blk, strchr(head, '\r') != NULL ? "\r\n" : "\n");
    put(blk, body, blen);
    putf(hdrs,
         "WARC-Target-URI: %s\r\n"
         "Content-Type: application/http; msgtype=response\r\n",
         uri);
    add_rec(b, "response", nd_buf_data(hdrs), nd_buf_data(blk),
            nd_buf_len(blk));
    nd_buf_free(blk);
    nd_buf_free(hdrs);
}

static const char *const OK_HTML = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: text/html; charset=utf-8\r\n";

/* A small news page in static storage (one of two, so two can be used in
 * one call). */
static const char *
page(const char *title, const char *text)
{
    static char buf[2][2048];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k],
             "<!DOCTYPE html><html lang=\"en\"><head><title>%s | Gazette"
             "</title></head><body><nav><a href=\"/\">Home</a></nav>"
             "<article><h1>%s</h1><p>%s</p></article></body></html>",
             title, title, text);
    return buf[k];
}

/* A 200 response with a page for https://gazette.example/N. */
static void
add_page(nd_buf *b, int n, const char *title, const char *text)
{
    char uri[64];
    snprintf(uri, sizeof uri, "https://gazette.example/%d", n);
    const char *html = page(title, text);
    add_response(b, uri, OK_HTML, html, strlen(html));
}

/* 'len' bytes compressed with zlib window bits 'wbits' (16 + 15: gzip,
 * 15: zlib, -15: raw deflate), appended to 'out'. */
static void
deflate_to(nd_buf *out, const void *data, size_t len, int wbits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(
        deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong bound = deflateBound(&z, (uLong)len) + 64;
    unsigned char *o = malloc(bound);
    ck_assert_ptr_nonnull(o);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = o;
    z.avail_out = (uInt)bound;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    put(out, o, bound - z.avail_out);
    deflateEnd(&z);
    free(o);
}

/* One gzip member per record of 'plain' (split where "WARC/1.1\r\n"
 * starts a record), as crawlers write .warc.gz files; the offset where
 * each member starts in '*starts' (up to 'max'). Returns the count. */
static size_t
gzip_records(const nd_buf *plain, nd_buf *out, size_t *starts, size_t max)
{
    const char *s = nd_buf_data(plain);
    size_t len = nd_buf_len(plain), n = 0, a = 0;
    while (a < len) {
        const char *next = strstr(s + a + 1, "WARC/1.1\r\nWARC-Type");
        size_t e = next != NULL ? (size_t)(next - s) : len;
        if (n < max)
            starts[n] = nd_buf_len(out);
        n++;
        deflate_to(out, s + a, e - a, 16 + MAX_WBITS);
        a = e;
    }
    return n;
}

/* ---- reading ---------------------------------------------------------- */

static nd_status
open_buf(const char *name, const nd_buf *b, const nd_limits *lim)
{
    return nd_reader_open_mem(rd, name, nd_buf_data(b), nd_buf_len(b), lim);
}

static void
open_ok(const char *name, const nd_buf *b, const nd_limits *lim)
{
    nd_status st = open_buf(name, b, lim);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
    ck_assert_str_eq(nd_reader_format(rd), "warc");
}

/* The next article (the caller's). */
static nd_article *
next_art(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_assert_ptr_nonnull(a);
    return a;
}

static void
ck_no_more(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}

static size_t
nerrors(void)
{
    size_t n = 0;
    while (nd_reader_item_error(rd, n, NULL) != NULL)
        n++;
    return n;
}

/* Item error 'i': its reason must hold 'sub' and its item be 'item'. */
static void
ck_error(size_t i, uint32_t item, const char *sub)
{
    uint32_t got = 9999;
    const char *why = nd_reader_item_error(rd, i, &got);
    ck_assert_msg(why != NULL, "no item error %zu", i);
    ck_has(why, sub);
    ck_assert_uint_eq(got, item);
}

/* Read 'b' and check that it holds one article titled 'title'. */
static nd_article *
only_article(const char *name, const nd_buf *b)
{
    open_ok(name, b, NULL);
    nd_article *a = next_art();
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 0);
    return a;
}

static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

/* ---- response records ------------------------------------------------- */

START_TEST(test_warc_response)
{
    const char *html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Ferry operators agree on winter timetable | Gazette</title>"
        "<meta property=\"og:site_name\" content=\"Harbour Gazette\">"
        "</head><body><nav><a href=\"/\">Home</a></nav><article>"
        "<h1>Ferry operators agree on winter timetable</h1>"
        "<p>Operators of the three island ferry lines agreed on Monday.</p>"
        "<p>The agreement ends a dispute.</p></article>"
        "<footer>Copyright</footer></body></html>";
    add_rec(w, "warcinfo", "Content-Type: application/warc-fields\r\n",
            "software: test\r\n", 16);
    add_response(w, "https://gazette.example/2024/11/04/ferries", OK_HTML, html,
                 strlen(html));
    nd_article *a = only_article("crawl.warc", w);
    ck_field(a, ND_F_TITLE, "Ferry operators agree on winter timetable");
    ck_field(a, ND_F_BODY,
             "Operators of the three island ferry lines agreed on Monday."
             "\n\nThe agreement ends a dispute.");
    ck_field(a, ND_F_SOURCE, "Harbour Gazette");
    ck_field(a, ND_F_URL, "https://gazette.example/2024/11/04/ferries");
    ck_field(a, ND_F_DOCNO, "00000000-0000-4000-8000-000000000002");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_FORMAT, "warc");
    ck_assert_uint_eq(nd_article_item(a), 0);
    nd_article_free(a);
}
END_TEST

typedef struct charset_case {
    const char *ctype; /* the HTTP Content-Type */
    const char *html;  /* the page's bytes */
    const char *title; /* in UTF-8 */
} charset_case;

static const charset_case charset_cases[] = {
    /* the header gives the charset (undeclared, the bytes would be read
     * as Windows-1252) */
    {"text/html; charset=koi8-r",
     "<html><head><title>\xEE\xCF\xD7\xCF\xD3\xD4\xC9</title></head></html>",
     "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8"},
    /* ... and outranks the page's <meta charset> */
    {"text/html; charset=KOI8-R",
     "<html><head><meta charset=\"windows-1251\"><title>\xEE\xCF\xD7\xCF"
     "\xD3\xD4\xC9</title></head></html>",
     "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8"},
    /* no charset in the header: the page's own */
    {"text/html",
     "<html><head><meta charset=\"koi8-r\"><title>\xEE\xCF\xD7\xCF"
     "\xD3\xD4\xC9</title></head></html>",
     "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8"},
    /* a BOM outranks the header */
    {"text/html; charset=koi8-r",
     "\xEF\xBB\xBF<html><head><title>\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE"
     "\xD1\x81\xD1\x82\xD0\xB8</title></head></html>",
     "\xD0\x9D\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8"},
    /* Latin-1 in the header, as the acceptance crawl has it */
    {"text/html; charset=iso-8859-1",
     "<html><head><title>Caf\xE9 owners protest</title></head></html>",
     "Caf\xC3\xA9 owners protest"},
    /* ... and outranks the page's <meta charset> */
    {"text/html; charset=ISO-8859-1",
     "<html><head><meta charset=\"utf-8\"><title>Caf\xE9 owners</title>"
     "</head></html>",
     "Caf\xC3\xA9 owners"},
    {"text/html; charset=utf-8",
     "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
     "charset=iso-8859-1\"><title>Caf\xC3\xA9 owners</title></head></html>",
     "Caf\xC3\xA9 owners"},
    /* a BOM outranks both */
    {"text/html; charset=iso-8859-1",
     "\xEF\xBB\xBF<html><head><title>Caf\xC3\xA9 owners</title></head>"
     "</html>",
     "Caf\xC3\xA9 owners"},
    /* no charset in the header: the page's own */
    {"text/html",
     "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xE9 owners"
     "</title></head></html>",
     "Caf\xC3\xA9 owners"},
    /* quoted, spaced, upper-case parameter name, other parameters first */
    {"text/html; q=1; CHARSET = \"windows-1252\"",
     "<html><head><title>\x93"
     "Caf\xE9\x94 owners</title></head></html>",
     "\xE2\x80\x9C"
     "Caf\xC3\xA9\xE2\x80\x9D owners"},
    /* a charset of bytes that name nothing: the bytes decide */
    {"text/html; charset=\xFF\xFE\x01",
     "<html><head><title>Caf\xC3\xA9 owners</title></head></html>",
     "Caf\xC3\xA9 owners"},
    /* a charset iconv does not know: the same */
    {"text/html; charset=x-no-such-charset",
     "<html><head><title>Caf\xC3\xA9 owners</title></head></html>",
     "Caf\xC3\xA9 owners"},
};

START_TEST(test_warc_charset)
{
    const charset_case *c = &charset_cases[_i];
    char head[256];
    snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n",
             c->ctype);
    add_response(w, "http://cafe.example/", head, c->html, strlen(c->html));
    nd_article *a = only_article("latin.warc", w);
    ck_field(a, ND_F_TITLE, c->title);
    nd_article_free(a);
}
END_TEST

START_TEST(test_warc_url)
{
    /* the page's canonical URL, when http(s), wins over the target */
    const char *canon = "<html><head><link rel=\"canonical\" "
                        "href=\"https://gazette.example/canonical\">"
                        "<title>One</title></head><body><p>Text one.</p>"
                        "</body></html>";
    const char *rel = "<html><head><link rel=\"canonical\" href=\"/rel\">"
                      "<title>Two</title></head><body><p>Text two.</p>"
                      "</body></html>";
    add_response(w, "https://gazette.example/a?utm=x", OK_HTML, canon,
                 strlen(canon));
    add_response(w, "<http://gazette.example/b>", OK_HTML, rel, strlen(rel));
    open_ok("urls.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_URL, "https://gazette.example/canonical");
    nd_article_free(a);
    /* a relative canonical is not a URL: the target (brackets gone) */
    a = next_art();
    ck_field(a, ND_F_URL, "http://gazette.example/b");
    nd_article_free(a);
    ck_no_more();
}
END_TEST

START_TEST(test_warc_content_language)
{
    const char *nolang = "<html><head><title>Nouvelles</title></head>"
                         "<body><p>Le texte.</p></body></html>";
    add_response(w, "https://journal.example/1",
                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 "Content-Language: fr-CA\r\n",
                 nolang, strlen(nolang));
    /* the page's lang outranks the header */
    const char *de = "<html lang=\"de\"><head><title>Nachrichten</title>"
                     "</head><body><p>Text.</p></body></html>";
    add_response(w, "https://journal.example/2",
                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                 "Content-Language: fr\r\n",
                 de, strlen(de));
    open_ok("lang.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_LANG, "fr");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_LANG, "de");
    nd_article_free(a);
}
END_TEST

/* ---- dates ------------------------------------------------------------ */

START_TEST(test_warc_dates)
{
    /* the page's date wins over the capture time */
    const char *dated =
        "<html><head><title>Dated</title><meta "
        "property=\"article:published_time\" content=\"2024-11-04T08:30:00Z\">"
        "</head><body><p>Dated text.</p></body></html>";
    add_response(w, "https://gazette.example/dated", OK_HTML, dated,
                 strlen(dated));
    /* a page without a date takes WARC-Date */
    wdate = "2024-11-05T12:00:00Z";
    add_page(w, 2, "Undated", "Undated text.");
    /* fractional seconds (WARC/1.1) */
    wdate = "2023-01-02T03:04:05.678Z";
    add_page(w, 3, "Fraction", "Fraction text.");
    /* neither: no date (the bytes come from memory, with no mtime) */
    wdate = NULL;
    add_page(w, 4, "Never", "Never dated.");
    /* a WARC-Date that is not a date */
    wdate = "yesterday";
    add_page(w, 5, "Garbled", "Garbled date.");

    open_ok("dates.warc", w, NULL);
    nd_article *a = next_art();
    ck_assert_str_eq(iso(a), "2024-11-04T08:30:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    nd_article_free(a);
    a = next_art();
    ck_assert_str_eq(iso(a), "2024-11-05T12:00:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    nd_article_free(a);
    a = next_art();
    ck_assert_str_eq(iso(a), "2023-01-02T03:04:05Z");
    nd_article_free(a);
    for (int k = 0; k < 2; k++) {
        a = next_art();
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
        nd_article_free(a);
    }
    ck_no_more();
}
END_TEST

/* ---- records that are not articles ------------------------------------ */

START_TEST(test_warc_not_articles)
{
    const char *req = "GET /a HTTP/1.1\r\nHost: gazette.example\r\n\r\n";
    const char *fields = "outlinks: https://gazette.example/b\r\n";
    const char *html = page("Revisited", "Seen before.");
    char revisit[2048];
    snprintf(revisit, sizeof revisit,
             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s", html);
    add_rec(w, "warcinfo", "Content-Type: application/warc-fields\r\n",
            "software: test\r\n", 16);
    add_rec(w, "request",
            "WARC-Target-URI: https://gazette.example/a\r\n"
            "Content-Type: application/http; msgtype=request\r\n",
            req, strlen(req));
    add_rec(w, "metadata",
            "WARC-Target-URI: https://gazette.example/a\r\n"
            "Content-Type: text/html\r\n",
            html, strlen(html));
    /* a revisit may carry the HTTP headers and even a page: not read */
    add_rec(w, "revisit",
            "WARC-Target-URI: https://gazette.example/a\r\n"
            "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/"
            "identical-payload-digest\r\n"
            "Content-Type: application/http; msgtype=response\r\n",
            revisit, strlen(revisit));
    add_rec(w, "continuation", "Content-Type: text/html\r\n", html,
            strlen(html));
    add_page(w, 1, "The only article", "Its text.");
    add_rec(w, "metadata", "Content-Type: application/warc-fields\r\n", fields,
            strlen(fields));
    nd_article *a = only_article("mixed.warc", w);
    ck_field(a, ND_F_TITLE, "The only article");
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_assert_uint_eq(nd_reader_file(rd)->items, 1);
    nd_article_free(a);
}
END_TEST

START_TEST(test_warc_no_articles)
{
    add_rec(w, "warcinfo", "Content-Type: application/warc-fields\r\n",
            "software: test\r\n", 16);
    add_response(w, "https://gazette.example/gone",
                 "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n",
                 "<html><body><p>Gone</p></body></html>", 37);
    ck_assert_int_eq(open_buf("none.warc", w, NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "no articles");
}
END_TEST

START_TEST(test_warc_skipped_responses)
{
    static const unsigned char png[] = {0x89, 'P',  'N', 'G', '\r', '\n',
                                        0x1a, '\n', 0,   0,   0,    13};
    const char *html = page("Not an article", "Error page text.");
    add_response(w, "https://gazette.example/missing",
                 "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n", html,
                 strlen(html));
    add_response(w, "https://gazette.example/moved",
                 "HTTP/1.1 301 Moved Permanently\r\n"
                 "Location: https://gazette.example/new\r\n"
                 "Content-Type: text/html\r\n",
                 html, strlen(html));
    add_response(w, "https://gazette.example/err",
                 "HTTP/1.0 500 Internal Server Error\r\n"
                 "Content-Type: text/html\r\n",
                 html, strlen(html));
    add_response(w, "https://gazette.example/logo.png",
                 "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n", png,
                 sizeof png);
    add_response(w, "https://gazette.example/site.css",
                 "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n",
                 "body { color: red }", 19);
    add_response(w, "https://gazette.example/app.js",
                 "HTTP/1.1 200 OK\r\n"
                 "Content-Type: application/javascript; charset=utf-8\r\n",
                 "var x = 1;", 10);
    add_response(w, "https://gazette.example/api",
                 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
                 "{\"a\": 1}", 8);
    /* no Content-Type and bytes that are not HTML */
    add_response(w, "https://gazette.example/blob", "HTTP/1.1 200 OK\r\n", png,
                 sizeof png);
    /* not an http(s) capture */
    add_rec(w, "response",
            "WARC-Target-URI: dns:gazette.example\r\n"
            "Content-Type: text/dns\r\n",
            "20241105120000\ngazette.example. 300 IN A 192.0.2.1\n", 51);
    add_response(w, "ftp://files.example/page.html", OK_HTML, html,
                 strlen(html));
    add_page(w, 1, "First real page", "First text.");
    add_response(w, "https://gazette.example/gone",
                 "HTTP/1.1 410 Gone\r\nContent-Type: text/html\r\n", html,
                 strlen(html));
    add_page(w, 2, "Second real page", "Second text.");

    open_ok("skips.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "First real page");
    ck_assert_uint_eq(nd_article_item(a), 0);
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "Second real page");
    ck_assert_uint_eq(nd_article_item(a), 1);
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 0);
    ck_assert_uint_eq(nd_reader_file(rd)->items, 2);
}
END_TEST

/* ---- resource and foreign conversion records -------------------------- */

START_TEST(test_warc_resource_text)
{
    const char *text = "Harbour fees rise\n\nBy Anna Kovacs\n\n"
                       "NICOSIA, Nov. 3 - The port raised its fees for the "
                       "caf\xE9 boats.\n\nA second paragraph.\n";
    add_rec(w, "resource",
            "WARC-Target-URI: https://gazette.example/fees.txt\r\n"
            "Content-Type: text/plain; charset=windows-1252\r\n",
            text, strlen(text));
    nd_article *a = only_article("res.warc", w);
    ck_field(a, ND_F_TITLE, "Harbour fees rise");
    ck_field(a, ND_F_BYLINE, "Anna Kovacs");
    ck_field(a, ND_F_DATELINE, "NICOSIA");
    ck_field(a, ND_F_BODY,
             "NICOSIA, Nov. 3 - The port raised its fees for the caf\xC3\xA9 "
             "boats.\n\nA second paragraph.");
    ck_field(a, ND_F_URL, "https://gazette.example/fees.txt");
    ck_field(a, ND_F_DOCNO, "00000000-0000-4000-8000-000000000001");
    /* the dateline's "Nov. 5" takes its year from the capture */
    ck_assert_str_eq(iso(a), "2024-11-03T00:00:00Z");
    nd_article_free(a);
}
END_TEST

START_TEST(test_warc_resource_kinds)
{
    const char *html = page("Resource page", "Resource text.");
    /* an HTML resource whose target is no URL newsdex keeps */
    add_rec(w, "resource",
            "WARC-Target-URI: file:///srv/site/page.html\r\n"
            "Content-Type: text/html; charset=utf-8\r\n",
            html, strlen(html));
    /* not a page */
    add_rec(w, "resource",
            "WARC-Target-URI: https://gazette.example/a.jpg\r\n"
            "Content-Type: image/jpeg\r\n",
            "\xFF\xD8\xFF\xE0", 4);
    /* another tool's conversion record (Common Crawl's WET files) */
    const char *wet = "Island ferries resume\nFerries sailed again.\n";
    add_rec(w, "conversion",
            "WARC-Target-URI: http://ferries.example/\r\n"
            "Content-Type: text/plain\r\n",
            wet, strlen(wet));
    /* a resource without Content-Type: HTML by its bytes */
    add_rec(w, "resource", "WARC-Target-URI: https://gazette.example/x\r\n",
            html, strlen(html));
    open_ok("kinds.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Resource page");
    ck_field(a, ND_F_URL, "");
    ck_assert_uint_eq(nd_article_item(a), 0);
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "Island ferries resume");
    ck_field(a, ND_F_BODY, "Ferries sailed again.");
    ck_field(a, ND_F_URL, "http://ferries.example/");
    ck_assert_uint_eq(nd_article_item(a), 1);
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "Resource page");
    ck_field(a, ND_F_URL, "https://gazette.example/x");
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 0);
}
END_TEST

/* ---- newsdex's own records -------------------------------------------- */

START_TEST(test_warc_conversion)
{
    nd_article *orig = NULL;
    ck_assert_int_eq(nd_article_new(&orig), ND_OK);
    ck_assert_int_eq(nd_article_set(orig, ND_F_TITLE, "Stored title", 12),
                     ND_OK);
    ck_assert_int_eq(nd_article_set(orig, ND_F_BODY, "Stored text.", 12),
                     ND_OK);
    ck_assert_int_eq(nd_article_set(orig, ND_F_DOCNO, "D-1", 3), ND_OK);
    ck_assert_int_eq(nd_article_set(orig, ND_F_ABSPATH, "/a/b.txt", 8), ND_OK);
    nd_article_set_date(orig, 1700000000, ND_DATE_DOCUMENT);
    ck_assert_int_eq(nd_article_make_id(orig), ND_OK);
    add_page(w, 1, "Crawled page", "Crawled text.");
    ck_assert_int_eq(nd_record_write(orig, w), ND_OK);
    /* a newsdex record that is broken is an item error */
    add_rec(w, "conversion", "Newsdex-Id: 0123\r\n", "x", 1);
    open_ok("both.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Crawled page");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "Stored title");
    ck_field(a, ND_F_BODY, "Stored text.");
    ck_field(a, ND_F_DOCNO, "D-1"); /* not the record id */
    ck_assert_int_eq(nd_article_date(a), 1700000000);
    ck_assert_uint_eq(nd_article_item(a), 1);
    nd_article_free(a);
    ck_no_more();
    ck_error(0, 2, "Newsdex-Id");
    nd_article_free(orig);
}
END_TEST

/* ---- transfer and content codings ------------------------------------- */

enum {
    ENC_CHUNKED,
    ENC_GZIP,
    ENC_CHUNKED_GZIP,
    ENC_DEFLATE,
    ENC_RAW_DEFLATE,
    ENC_X_GZIP,
    ENC_GZIP_TE,
    ENC_FOLDED,
    ENC_LF,
    ENC_SNIFF_GZIP,
    ENC_COUNT
};

/* The body 'html' sent with coding 'k': the HTTP head and body in 'head'
 * and 'body'. */
static void
encode(int k, const char *html, nd_buf *head, nd_buf *body)
{
    size_t len = strlen(html);
    switch (k) {
    case ENC_CHUNKED: {
        /* chunks cut mid-word, a chunk extension, hex in both cases */
        size_t cut = len / 3;
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Transfer-Encoding: chunked\r\n");
        putf(body, "%zx;name=v\r\n", cut);
        put(body, html, cut);
        putf(body, "\r\n%zX\r\n", len - cut);
        put(body, html + cut, len - cut);
        puts_(body, "\r\n0\r\nX-Trailer: yes\r\n\r\n");
        break;
    }
    case ENC_GZIP:
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Content-Encoding: gzip\r\n");
        deflate_to(body, html, len, 16 + MAX_WBITS);
        break;
    case ENC_CHUNKED_GZIP: {
        nd_buf *z = NULL;
        ck_assert_int_eq(nd_buf_new(&z), ND_OK);
        deflate_to(z, html, len, 16 + MAX_WBITS);
        puts_(head, "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n"
                    "CONTENT-ENCODING: gzip\r\n"
                    "transfer-encoding: Chunked\r\n");
        size_t zl = nd_buf_len(z), half = zl / 2;
        putf(body, "%zx\r\n", half);
        put(body, nd_buf_data(z), half);
        putf(body, "\r\n%zx\r\n", zl - half);
        put(body, nd_buf_data(z) + half, zl - half);
        puts_(body, "\r\n0\r\n\r\n");
        nd_buf_free(z);
        break;
    }
    case ENC_DEFLATE:
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Content-Encoding: deflate\r\n");
        deflate_to(body, html, len, MAX_WBITS);
        break;
    case ENC_RAW_DEFLATE:
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Content-Encoding: deflate\r\n");
        deflate_to(body, html, len, -MAX_WBITS);
        break;
    case ENC_X_GZIP:
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Content-Encoding: identity, x-gzip\r\n");
        deflate_to(body, html, len, 16 + MAX_WBITS);
        break;
    case ENC_GZIP_TE:
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    "Transfer-Encoding: gzip, chunked\r\n");
        {
            nd_buf *z = NULL;
            ck_assert_int_eq(nd_buf_new(&z), ND_OK);
            deflate_to(z, html, len, 16 + MAX_WBITS);
            putf(body, "%zx\r\n", nd_buf_len(z));
            put(body, nd_buf_data(z), nd_buf_len(z));
            puts_(body, "\r\n0\r\n\r\n");
            nd_buf_free(z);
        }
        break;
    case ENC_FOLDED:
        /* obsolete line folding: the charset is on a continuation line */
        puts_(head, "HTTP/1.1 200 OK\r\nServer: test\r\nContent-Type:\r\n"
                    "  text/html;\r\n\tcharset=iso-8859-1\r\nX-Other: a\r\n");
        put(body, html, len);
        break;
    case ENC_LF:
        puts_(head, "HTTP/1.0 200 OK\nContent-Type: text/html; "
                    "charset=iso-8859-1\nContent-Encoding: gzip\n");
        deflate_to(body, html, len, 16 + MAX_WBITS);
        break;
    case ENC_SNIFF_GZIP:
        /* no Content-Type: the decoded bytes show HTML */
        puts_(head, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n");
        deflate_to(body, html, len, 16 + MAX_WBITS);
        break;
    default:
        ck_abort();
    }
}

START_TEST(test_warc_encodings)
{
    /* \xE9 is e-acute in Latin-1 and invalid UTF-8, which is read as
     * Windows-1252 (the same letter) when no charset is declared */
    const char *html =
        "<!DOCTYPE html><html><head><title>Coded page</title></head><body>"
        "<article><h1>Coded page</h1><p>The caf\xE9 text survives its "
        "transfer coding and its content coding intact.</p></article>"
        "</body></html>";
    nd_buf *head = NULL, *body = NULL;
    ck_assert_int_eq(nd_buf_new(&head), ND_OK);
    ck_assert_int_eq(nd_buf_new(&body), ND_OK);
    encode(_i, html, head, body);
    nd_buf *blk = NULL;
    ck_assert_int_eq(nd_buf_new(&blk), ND_OK);
    put(blk, nd_buf_data(head), nd_buf_len(head));
    puts_(blk, _i == ENC_LF ? "\n" : "\r\n");
    put(blk, nd_buf_data(body), nd_buf_len(body));
    add_rec(w, "response",
            "WARC-Target-URI: https://gazette.example/coded\r\n"
            "Content-Type: application/http; msgtype=response\r\n",
            nd_buf_data(blk), nd_buf_len(blk));
    nd_article *a = only_article("coded.warc", w);
    ck_field(a, ND_F_TITLE, "Coded page");
    ck_field(a, ND_F_BODY,
             "The caf\xC3\xA9 text survives its transfer coding and its "
             "content coding intact.");
    nd_article_free(a);
    nd_buf_free(blk);
    nd_buf_free(head);
    nd_buf_free(body);
}
END_TEST

/* ---- .warc.gz --------------------------------------------------------- */

/* A crawl: warcinfo, then per page a request and a response. */
static void
crawl3(nd_buf *b)
{
    static const char *const titles[] = {"Alpha wins", "Bravo loses",
                                         "Charlie draws"};
    add_rec(b, "warcinfo", "Content-Type: application/warc-fields\r\n",
            "software: test\r\n", 16);
    for (int k = 0; k < 3; k++) {
        char text[128];
        snprintf(text, sizeof text, "Story number %d with token crawl%ctoken.",
                 k, 'a' + k);
        add_rec(b, "request",
                "WARC-Target-URI: https://gazette.example/\r\n"
                "Content-Type: application/http; msgtype=request\r\n",
                "GET / HTTP/1.1\r\n\r\n", 18);
        add_page(b, k, titles[k], text);
    }
}

static void
ck_crawl3(size_t expect)
{
    static const char *const titles[] = {"Alpha wins", "Bravo loses",
                                         "Charlie draws"};
    for (size_t k = 0; k < expect; k++) {
        nd_article *a = next_art();
        ck_field(a, ND_F_TITLE, titles[k]);
        ck_assert_uint_eq(nd_article_item(a), k);
        char url[64];
        snprintf(url, sizeof url, "https://gazette.example/%zu", k);
        ck_field(a, ND_F_URL, url);
        nd_article_free(a);
    }
    ck_no_more();
}

START_TEST(test_warc_gz_members)
{
    nd_buf *plain = NULL;
    ck_assert_int_eq(nd_buf_new(&plain), ND_OK);
    crawl3(plain);
    size_t starts[16];
    ck_assert_uint_eq(gzip_records(plain, w, starts, 16), 7);
    open_ok("crawl.warc.gz", w, NULL);
    ck_crawl3(3);
    ck_assert_uint_eq(nerrors(), 0);

    /* the same records gzipped as one member */
    nd_buf_clear(w);
    deflate_to(w, nd_buf_data(plain), nd_buf_len(plain), 16 + MAX_WBITS);
    open_ok("whole.warc.gz", w, NULL);
    ck_crawl3(3);
    nd_buf_free(plain);
}
END_TEST

START_TEST(test_warc_gz_truncated)
{
    nd_buf *plain = NULL, *cut = NULL;
    ck_assert_int_eq(nd_buf_new(&plain), ND_OK);
    ck_assert_int_eq(nd_buf_new(&cut), ND_OK);
    crawl3(plain);
    size_t starts[16];
    size_t n = gzip_records(plain, w, starts, 16);
    ck_assert_uint_eq(n, 7);
    /* the last member (the third page) cut in its header, its data and
     * its trailer: the first two pages are kept, the tail is one item */
    size_t last = starts[6], full = nd_buf_len(w);
    size_t cuts[] = {last + 1, last + 3, last + (full - last) / 2, full - 4,
                     full - 1};
    for (size_t i = 0; i < NDI_ARRAY_LEN(cuts); i++) {
        nd_buf_clear(cut);
        put(cut, nd_buf_data(w), cuts[i]);
        open_ok("torn.warc.gz", cut, NULL);
        ck_crawl3(2);
        ck_assert_uint_eq(nerrors(), 1);
        ck_error(0, 2, "gzip data ends inside a member");
        ck_assert_uint_eq(nd_reader_file(rd)->items, 3);
    }
    /* cut inside the first member: nothing is whole */
    nd_buf_clear(cut);
    put(cut, nd_buf_data(w), starts[1] - 5);
    ck_assert_int_eq(open_buf("torn.warc.gz", cut, NULL), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "truncated gzip data");

    /* one member for the whole file, cut: as before, the file fails */
    nd_buf_clear(w);
    deflate_to(w, nd_buf_data(plain), nd_buf_len(plain), 16 + MAX_WBITS);
    nd_buf_clear(cut);
    put(cut, nd_buf_data(w), nd_buf_len(w) - 10);
    ck_assert_int_eq(open_buf("whole.warc.gz", cut, NULL), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "truncated gzip data");
    nd_buf_free(plain);
    nd_buf_free(cut);
}
END_TEST

START_TEST(test_warc_gz_truncated_not_warc)
{
    /* other formats keep failing whole on a torn member: their members
     * are not items */
    nd_buf *plain = NULL;
    ck_assert_int_eq(nd_buf_new(&plain), ND_OK);
    deflate_to(w, "Headline\n\nFirst part of the text, ", 34, 16 + MAX_WBITS);
    size_t first = nd_buf_len(w);
    deflate_to(w, "second part of the text.\n", 25, 16 + MAX_WBITS);
    nd_buf_clear(plain);
    put(plain, nd_buf_data(w), nd_buf_len(w) - 3);
    ck_assert_uint_gt(nd_buf_len(plain), first);
    ck_assert_int_eq(open_buf("story.txt.gz", plain, NULL), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "truncated gzip data");
    /* whole, it reads */
    ck_assert_int_eq(open_buf("story.txt.gz", w, NULL), ND_OK);
    nd_buf_free(plain);
}
END_TEST

/* ---- damaged and hostile records -------------------------------------- */

START_TEST(test_warc_length_too_large)
{
    add_page(w, 0, "Alpha wins", "Alpha text.");
    /* a Content-Length past the end: the rest of the file is that record */
    const char *html = page("Liar", "Liar text.");
    add_rec_lie(w, "response",
                "WARC-Target-URI: https://gazette.example/liar\r\n", html,
                strlen(html), 1000000);
    add_page(w, 2, "Swallowed", "Swallowed text.");
    open_ok("liar.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Alpha wins");
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 1);
    ck_error(0, 1, "WARC record truncated");
}
END_TEST

START_TEST(test_warc_length_too_small)
{
    const char *html = page("Short", "Short text that is cut off here.");
    char blk[4096];
    snprintf(blk, sizeof blk, "%s\r\n%s", OK_HTML, html);
    /* the record's block is cut 40 bytes early: the page is read as far
     * as it goes, the rest is garbage (one item), the next page is read */
    add_rec_lie(w, "response",
                "WARC-Target-URI: https://gazette.example/short\r\n", blk,
                strlen(blk), -40);
    add_page(w, 2, "After the damage", "Still read.");
    open_ok("short.warc", w, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Short");
    ck_assert_uint_eq(nd_article_item(a), 0);
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "After the damage");
    ck_assert_uint_eq(nd_article_item(a), 2);
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 1);
    ck_error(0, 1, "no WARC record");
}
END_TEST

START_TEST(test_warc_garbage)
{
    add_page(w, 0, "Alpha wins", "Alpha text.");
    puts_(w, "this is not a record\r\nWARC/ nor this\r\n");
    puts_(w, "WARC/1.1\r\nWARC-Type: response\r\nbroken header line\r\n"
             "Content-Length: 5\r\n\r\nxxxxx\r\n\r\n");
    puts_(w, "WARC/1.0\r\nContent-Length: 12x\r\n\r\n");
    add_page(w, 1, "Bravo loses", "Bravo text.");
    /* NUL bytes between records are padding */
    put(w, "\0\0\0\r\n", 5);
    add_page(w, 2, "Charlie draws", "Charlie text.");
    open_ok("garbage.warc", w, NULL);
    const char *titles[] = {"Alpha wins", "Bravo loses", "Charlie draws"};
    uint32_t items[] = {0, 4, 5};
    for (size_t k = 0; k < 3; k++) {
        nd_article *a = next_art();
        ck_field(a, ND_F_TITLE, titles[k]);
        ck_assert_uint_eq(nd_article_item(a), items[k]);
        nd_article_free(a);
    }
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 3);
    ck_error(0, 1, "no WARC record");
    ck_error(1, 2, "without ':'");
    ck_error(2, 3, "bad Content-Length");
}
END_TEST

typedef struct broken_case {
    const char *what;
    const char *head; /* HTTP head; NULL: 'body' is the whole block */
    const char *body;
    size_t blen;
    const char *why; /* NULL: the page is read */
} broken_case;

#define B(s) s, sizeof(s) - 1
#define PAGE_HTML                                  \
    "<html><head><title>Kept</title></head><body>" \
    "<p>Kept text.</p></body></html>"

static const broken_case broken_cases[] = {
    {"chunk size not hex",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("zz\r\n" PAGE_HTML "\r\n0\r\n\r\n"), "bad chunk size"},
    {"chunk size too small",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("5\r\n" PAGE_HTML "\r\n0\r\n\r\n"), "not followed by a line end"},
    {"chunk size of 16 hex digits",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("ffffffffffffffff\r\n" PAGE_HTML), "chunk size too large"},
    {"negative chunk size",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("-5\r\n" PAGE_HTML), "bad chunk size"},
    /* a capture cut short: what is there is read, nothing is allocated
     * for the claim */
    {"1 GB chunk claimed",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("40000000\r\n" PAGE_HTML), NULL},
    {"no last chunk",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Transfer-Encoding: chunked\r\n",
     B("4c\r\n" PAGE_HTML "\r\n"), NULL},
    {"headers without end", NULL,
     B("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-A: b\r\n"
       "X-Long: " PAGE_HTML),
     "HTTP headers do not end"},
    {"headers without end or newline", NULL,
     B("HTTP/1.1 200 OK\r\nContent-Type: text/html"), "do not end"},
    {"bad status line", "HTTP/1.1 OK\r\nContent-Type: text/html\r\n",
     B(PAGE_HTML), "bad HTTP status line"},
    {"status line alone", NULL, B("HTTP/"), "bad HTTP status line"},
    {"no HTTP at all", NULL, B(PAGE_HTML), "without an HTTP status line"},
    {"unsupported coding",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Content-Encoding: br\r\n",
     B("\x1b\x2a\x00"), "unsupported Content-Encoding 'br'"},
    {"too many codings",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Content-Encoding: gzip, gzip, gzip, gzip, gzip\r\n",
     B("x"), "too many content codings"},
    {"gzip coding of bytes that are not gzip",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Content-Encoding: gzip\r\n",
     B(PAGE_HTML), "bad gzip Content-Encoding"},
    {"gzip coding cut in its header",
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
     "Content-Encoding: gzip\r\n",
     B("\x1f\x8b\x08"), "truncated gzip"},
    {"NUL bytes in the page", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
     B("<html><head><title>Kept</title></head><body><p>Kept\0 te\0xt.</p>"
       "</body></html>"),
     NULL},
    /* header bytes that are not UTF-8, a NUL, a line without ':' */
    {"bad header bytes", NULL,
     B("HTTP/1.1 200 \xFF\xFE\r\nX-\xFF\xFF: \xC3\x28\x00\x01\r\n"
       "not a header line\r\n:\r\n\x00: \r\n"
       "Content-Type: text/html; charset=\xC0\xAF\r\n\r\n" PAGE_HTML),
     NULL},
    {"empty page", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", B(""),
     "not parseable as HTML"},
    {"page without text", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
     B("<html><body><script>x()</script></body></html>"), "no text"},
};

START_TEST(test_warc_broken)
{
    const broken_case *c = &broken_cases[_i];
    nd_buf *blk = NULL;
    ck_assert_int_eq(nd_buf_new(&blk), ND_OK);
    if (c->head != NULL) {
        puts_(blk, c->head);
        puts_(blk, "\r\n");
    }
    put(blk, c->body, c->blen);
    add_rec(w, "response",
            "WARC-Target-URI: https://gazette.example/broken\r\n"
            "Content-Type: application/http; msgtype=response\r\n",
            nd_buf_data(blk), nd_buf_len(blk));
    add_page(w, 1, "Next page", "Read after the broken one.");
    open_ok("broken.warc", w, NULL);
    nd_article *a = NULL;
    if (c->why == NULL) {
        a = next_art();
        ck_field(a, ND_F_TITLE, "Kept");
        ck_assert_msg(strstr(nd_article_body(a), "Kept") != NULL, "%s: '%s'",
                      c->what, nd_article_body(a));
        nd_article_free(a);
        ck_assert_uint_eq(nerrors(), 0);
    } else {
        ck_assert_uint_eq(nerrors(), 1);
        ck_error(0, 0, c->why);
    }
    a = next_art();
    ck_field(a, ND_F_TITLE, "Next page");
    ck_assert_uint_eq(nd_article_item(a), 1);
    nd_article_free(a);
    ck_no_more();
    nd_buf_free(blk);
}
END_TEST

START_TEST(test_warc_gzip_bomb)
{
    /* 8 MiB of spaces in a page compress to a few KiB; the cap is four
     * times --max-article-bytes */
    size_t n = 8u << 20;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', n);
    memcpy(big, "<html><body><p>bomb", 19);
    nd_buf *blk = NULL;
    ck_assert_int_eq(nd_buf_new(&blk), ND_OK);
    puts_(blk, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
               "Content-Encoding: gzip\r\n\r\n");
    deflate_to(blk, big, n, 16 + MAX_WBITS);
    ck_assert_uint_lt(nd_buf_len(blk), 64 * 1024);
    add_rec(w, "response", "WARC-Target-URI: https://gazette.example/bomb\r\n",
            nd_buf_data(blk), nd_buf_len(blk));
    add_page(w, 1, "Next page", "Read after the bomb.");
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_article_bytes = 1u << 20;
    open_ok("bomb.warc", w, &lim);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Next page");
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 1);
    ck_error(0, 0, "inflates past the limit of 4194304 bytes");

    /* the inflated-bytes cap applies when it is lower */
    lim.max_article_bytes = 4u << 20;
    lim.max_inflated_bytes = 2u << 20;
    open_ok("bomb.warc", w, &lim);
    ck_error(0, 0, "inflates past the limit of 2097152 bytes");
    /* under both caps the page is read */
    lim.max_inflated_bytes = 16u << 20;
    open_ok("bomb.warc", w, &lim);
    a = next_art();
    ck_field(a, ND_F_BODY, "bomb");
    nd_article_free(a);
    free(big);
    nd_buf_free(blk);
}
END_TEST

START_TEST(test_warc_warc_header_bytes)
{
    /* WARC header values that are not UTF-8 and not a URI */
    const char *html = page("Odd headers", "Odd text.");
    char blk[4096];
    snprintf(blk, sizeof blk, "%s\r\n%s", OK_HTML, html);
    add_rec(w, "response",
            "WARC-Target-URI: https://gazette.example/caf\xE9\x01\r\n"
            "X-\xFF: \xFF\xFE\r\n",
            blk, strlen(blk));
    nd_article *a = only_article("bytes.warc", w);
    ck_field(a, ND_F_TITLE, "Odd headers");
    const char *url = nd_article_get(a, ND_F_URL);
    ck_assert(ndi_utf8_valid(url, strlen(url)));
    ck_has(url, "https://gazette.example/caf\xC3\xA9");
    nd_article_free(a);
}
END_TEST

START_TEST(test_warc_item_cap)
{
    /* item errors are bounded by --max-items like articles */
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 3;
    add_page(w, 0, "Alpha wins", "Alpha text.");
    for (int k = 0; k < 50; k++)
        puts_(w, "WARC/1.1\r\nno colon\r\n\r\n");
    add_page(w, 1, "Never read", "Past the cap.");
    open_ok("many.warc", w, &lim);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Alpha wins");
    nd_article_free(a);
    ck_no_more();
    ck_assert_uint_eq(nerrors(), 3);
    ck_error(2, 3, "too many items");

    /* articles past the cap */
    nd_buf_clear(w);
    for (int k = 0; k < 5; k++)
        add_page(w, k, "Page", "Text.");
    open_ok("pages.warc", w, &lim);
    for (int k = 0; k < 3; k++)
        nd_article_free(next_art());
    ck_no_more();
    ck_has(nd_reader_item_error(rd, 0, NULL), "too many articles");
}
END_TEST

/* ---- end to end ------------------------------------------------------- */

START_TEST(test_warc_index_query)
{
    char root[512], arch[600], coll[600];
    ck_assert_uint_lt((size_t)snprintf(root, sizeof root, "%s", fx_tmpdir()),
                      sizeof root);
    snprintf(arch, sizeof arch, "%s/arch", root);
    snprintf(coll, sizeof coll, "%s/coll", root);
    nd_buf *plain = NULL;
    ck_assert_int_eq(nd_buf_new(&plain), ND_OK);
    crawl3(plain);
    size_t starts[16];
    gzip_records(plain, w, starts, 16);
    fx_write(root, "arch/2024/crawl.warc.gz", nd_buf_data(w), nd_buf_len(w));

    nd_run *run = NULL;
    ck_assert_int_eq(nd_run_new(&run), ND_OK);
    nd_run_opts o = ND_RUN_OPTS_INIT;
    o.collection = coll;
    o.threads = 1;
    const char *paths[] = {arch};
    nd_run_stats st;
    ck_assert_int_eq(nd_run_paths(run, &o, paths, 1, &st), ND_OK);
    ck_assert_uint_eq(st.articles_added, 3);
    ck_assert_uint_eq(st.items_skipped, 0);
    nd_run_free(run);

    nd_search *s = NULL;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, coll), ND_OK);
    ck_assert_int_eq(nd_search_run(s, "crawlbtoken", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    const nd_article *a = nd_hits_article(h, 0);
    ck_field(a, ND_F_TITLE, "Bravo loses");
    ck_field(a, ND_F_URL, "https://gazette.example/1");
    ck_field(a, ND_F_FORMAT, "warc");
    ck_field(a, ND_F_DOCNO, "00000000-0000-4000-8000-000000000005");
    ck_assert_uint_eq(nd_article_item(a), 1);
    ck_has(nd_article_get(a, ND_F_PATH), "crawl.warc.gz");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    nd_hits_free(h);
    ck_assert_int_eq(nd_search_run(s, "story", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 3);
    nd_hits_free(h);
    nd_search_free(s);
    nd_buf_free(plain);
    fx_rmtree(root);
}
END_TEST

static Suite *
warc_suite(void)
{
    Suite *s = suite_create("warc");
    struct {
        const char *name;
        const TTest *test;
        int loop;
    } cases[] = {
        {"response", test_warc_response, 0},
        {"charset", test_warc_charset, (int)NDI_ARRAY_LEN(charset_cases)},
        {"url", test_warc_url, 0},
        {"content_language", test_warc_content_language, 0},
        {"dates", test_warc_dates, 0},
        {"not_articles", test_warc_not_articles, 0},
        {"no_articles", test_warc_no_articles, 0},
        {"skipped_responses", test_warc_skipped_responses, 0},
        {"resource_text", test_warc_resource_text, 0},
        {"resource_kinds", test_warc_resource_kinds, 0},
        {"conversion", test_warc_conversion, 0},
        {"encodings", test_warc_encodings, ENC_COUNT},
        {"gz_members", test_warc_gz_members, 0},
        {"gz_truncated", test_warc_gz_truncated, 0},
        {"gz_truncated_not_warc", test_warc_gz_truncated_not_warc, 0},
        {"length_too_large", test_warc_length_too_large, 0},
        {"length_too_small", test_warc_length_too_small, 0},
        {"garbage", test_warc_garbage, 0},
        {"broken", test_warc_broken, (int)NDI_ARRAY_LEN(broken_cases)},
        {"gzip_bomb", test_warc_gzip_bomb, 0},
        {"warc_header_bytes", test_warc_warc_header_bytes, 0},
        {"item_cap", test_warc_item_cap, 0},
        {"index_query", test_warc_index_query, 0},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        if (cases[i].loop > 0)
            tcase_add_loop_test(tc, cases[i].test, 0, cases[i].loop);
        else
            tcase_add_test(tc, cases[i].test);
        tcase_set_timeout(tc, 30); /* the bomb and the index take time */
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(warc_suite());
}
