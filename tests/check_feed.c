/* SPDX-License-Identifier: MIT */
/*
 * check_feed.c - RSS and Atom feeds read through nd_reader: detection,
 * one article per item in order, fields, dates, item errors, the item
 * cap, and broken or hostile feeds.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "formats/formats.h"
#include "ndi.h"
#include "newsdex.h"
#include "normalize.h"

static nd_reader *rd;

static void
setup(void)
{
    ck_assert_int_eq(nd_reader_new(&rd), ND_OK);
}

static void
teardown(void)
{
    nd_reader_free(rd);
    rd = NULL;
}

#define ck_field(a, f, s) ck_assert_str_eq(nd_article_get((a), (f)), (s))
#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))
#define ck_hasnt(s, sub) \
    ck_assert_msg(strstr((s), (sub)) == NULL, "'%s' in '%s'", (sub), (s))

/* Open 'len' bytes as file 'name'; must succeed. */
static void
open_mem(const char *name, const char *data, size_t len, const nd_limits *lim)
{
    nd_status st = nd_reader_open_mem(rd, name, data, len, lim);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
}

static void
open_str(const char *name, const char *text)
{
    open_mem(name, text, strlen(text), NULL);
}

/* Open a file of tests/data from memory under its own name. */
static void
open_data(const char *name)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    open_mem(name, data, len, NULL);
    free(data);
}

/* The next article; there must be one. */
static nd_article *
next(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_assert_ptr_nonnull(a);
    return a;
}

static void
ck_done(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    ck_assert_ptr_null(a);
}

/* The article's date as ISO 8601, in static storage. */
static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

/* The one article of a feed given as a string. */
static nd_article *
only_str(const char *name, const char *text)
{
    open_str(name, text);
    nd_article *a = next();
    ck_done();
    return a;
}

/* An RSS 2.0 feed around 'items' in static storage. */
static const char *
rss(const char *items)
{
    static char doc[8192];
    int n =
        snprintf(doc, sizeof doc,
                 "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
                 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                 "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                 "<channel><title>Chan</title>%s</channel></rss>\n",
                 items);
    ck_assert_int_lt(n, (int)sizeof doc);
    return doc;
}

/* An Atom feed around 'entries' in static storage. */
static const char *
atom(const char *entries)
{
    static char doc[8192];
    int n = snprintf(doc, sizeof doc,
                     "<?xml version=\"1.0\"?>\n<feed "
                     "xmlns=\"http://www.w3.org/2005/Atom\">"
                     "<title>Feed</title>%s</feed>\n",
                     entries);
    ck_assert_int_lt(n, (int)sizeof doc);
    return doc;
}

/* 'head', 'reps' copies of 'unit', then 'tail' (malloc'd). */
static char *
repeat(const char *head, const char *unit, size_t reps, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *doc = malloc(hl + ul * reps + tl + 1);
    ck_assert_ptr_nonnull(doc);
    memcpy(doc, head, hl);
    for (size_t i = 0; i < reps; i++)
        memcpy(doc + hl + i * ul, unit, ul);
    memcpy(doc + hl + ul * reps, tail, tl + 1);
    return doc;
}

/* ---- detection -------------------------------------------------------- */

typedef struct detect_case {
    const char *name, *head, *format;
} detect_case;

static const detect_case detect_cases[] = {
    {"a.xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", "rss"},
    {"news.rss", "<rss version=\"0.91\"><channel><title>T</title>", "rss"},
    {"feed", "\xEF\xBB\xBF<!-- saved -->\n<rss><channel>", "rss"},
    {"a.xml",
     "<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape "
     "Communications//DTD RSS 0.91//EN\" "
     "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss>",
     "rss"},
    {"index.rdf",
     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
     "xmlns=\"http://purl.org/rss/1.0/\"><channel>",
     "rss"},
    {"a.xml", "<rdf:RDF xmlns:rdf=\"x\"><channel/><item>", "rss"},
    {"a.atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>", "atom"},
    {"a.xml",
     "<?xml version=\"1.0\"?>\n<feed xml:lang=\"en\" "
     "xmlns=\"http://www.w3.org/2005/Atom\">",
     "atom"},
    {"feed", "<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">", "atom"},
    {"old.xml", "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">",
     "atom"},
    {"a.xml", "<feed><entry><title>T</title>", "atom"},
    /* a feed full of HTML is still a feed */
    {"page.html",
     "<rss><channel><item><description><p>Text</p><title>x</title>"
     "</description>",
     "rss"},
    /* other roots are not feeds */
    {"a.xml", "<nitf><head><title>T</title></head>", "nitf"},
    {"a.xml", "<rdf:RDF xmlns:rdf=\"x\"><rdf:Description/>", NULL},
    {"a.rss", "<channel><item><title>T</title></item></channel>", NULL},
};

START_TEST(test_feed_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *why = NULL;
    const ndi_format *f = ndi_detect(c->name, c->head, strlen(c->head), &why);
    if (c->format == NULL) {
        ck_assert_msg(f == NULL || (strcmp(f->name, "rss") != 0 &&
                                    strcmp(f->name, "atom") != 0),
                      "%s: detected as %s", c->head, f->name);
        return;
    }
    ck_assert_msg(f != NULL, "%s: not detected (%s)", c->head, why ? why : "");
    ck_assert_str_eq(f->name, c->format);
}
END_TEST

/* Feeds score high enough that no other XML format takes them. */
START_TEST(test_feed_detect_score)
{
    static const char *const r = "<rss><channel><item><title>T</title>";
    static const char *const a = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
    ck_assert_int_eq(ndi_format_rss.detect("a.xml", r, strlen(r)), 90);
    ck_assert_int_eq(ndi_format_atom.detect("a.xml", r, strlen(r)), 0);
    ck_assert_int_eq(ndi_format_atom.detect("a.xml", a, strlen(a)), 90);
    ck_assert_int_eq(ndi_format_rss.detect("a.xml", a, strlen(a)), 0);
}
END_TEST

/* ---- RSS -------------------------------------------------------------- */

START_TEST(test_feed_rss_cdata)
{
    open_data("feed-rss2.xml");
    ck_assert_str_eq(nd_reader_format(rd), "rss");
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 0);
    /* "&amp;#8217;" in the XML is a reference in the title's text */
    ck_field(a, ND_F_TITLE,
             "Ferry fares \xE2\x80\x99to rise\xE2\x80\x99 in spring");
    ck_field(a, ND_F_BYLINE, "Mara Lindqvist");
    ck_field(a, ND_F_SOURCE, "Harbour Gazette & Courier");
    ck_field(a, ND_F_URL, "https://gazette.example/2024/03/05/ferry-fares");
    ck_field(a, ND_F_DOCNO, "gazette-2024-0305-001");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_FORMAT, "rss");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "2024-03-05T08:30:00Z");
    /* the full text, not the summary; no script, no category */
    ck_field(a, ND_F_BODY,
             "Ferry fares will rise by 4% in April, the operator said.\n\n"
             "Season tickets are \xC3\xA9xempt & unchanged.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_feed_rss_escaped)
{
    open_data("feed-rss2.xml");
    nd_article_free(next());
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 1);
    ck_field(a, ND_F_TITLE, "Pilots vote to strike");
    ck_field(a, ND_F_BYLINE, "Tomas Berg");
    ck_field(a, ND_F_DOCNO, "https://gazette.example/2024/03/06/pilots");
    ck_field(a, ND_F_URL, "https://gazette.example/2024/03/06/pilots");
    ck_assert_str_eq(iso(a), "2024-03-06T13:00:00Z"); /* EST */
    ck_field(a, ND_F_BODY,
             "Harbour pilots voted to strike on Monday.\n\n"
             "Talks resume on Friday & may run late.");
    ck_hasnt(nd_article_body(a), "CATEGORYTEXT");
    nd_article_free(a);
}
END_TEST

START_TEST(test_feed_rss_no_title)
{
    open_data("feed-rss2.xml");
    nd_article_free(next());
    nd_article_free(next());
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 2);
    ck_field(a, ND_F_TITLE, "");
    ck_field(a, ND_F_BODY, "A storm warning was lifted at noon.");
    /* no <link>: the permalink guid is the URL */
    ck_field(a, ND_F_URL, "https://gazette.example/2024/03/07/storm");
    ck_field(a, ND_F_BYLINE, "Ana Ruiz");
    ck_assert_str_eq(iso(a), "2024-03-07T23:15:00Z"); /* GMT */
    nd_article_free(a);
}
END_TEST

/* An empty item is an item error and keeps its number. */
START_TEST(test_feed_rss_numbering)
{
    open_data("feed-rss2.xml");
    for (uint32_t i = 0; i < 3; i++) {
        nd_article *a = next();
        ck_assert_uint_eq(nd_article_item(a), i);
        nd_article_free(a);
    }
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 4);
    ck_field(a, ND_F_TITLE, "Undated notice");
    /* the item's own <source> wins over the channel */
    ck_field(a, ND_F_SOURCE, "Meridian Wire");
    ck_field(a, ND_F_URL, "");    /* ftp: */
    ck_field(a, ND_F_BYLINE, ""); /* a bare address is no name */
    ck_field(a, ND_F_DOCNO, "");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    nd_article_free(a);
    ck_done();
    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_assert_str_eq(why, "RSS item without title or text");
    ck_assert_uint_eq(item, 3);
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
    ck_assert_uint_eq(nd_reader_file(rd)->items, 5);
}
END_TEST

START_TEST(test_feed_rss1)
{
    open_data("feed-rss1.rdf");
    ck_assert_str_eq(nd_reader_format(rd), "rss");
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "Caf\xC3\xA9 reopens at the pass");
    ck_field(a, ND_F_BODY,
             "The caf\xC3\xA9 at the summit reopened for the season.");
    ck_field(a, ND_F_BYLINE, "Luc Favre");
    ck_field(a, ND_F_SOURCE, "Alpine Bulletin");
    ck_field(a, ND_F_URL, "https://alps.example/1");
    ck_field(a, ND_F_DOCNO, "https://alps.example/1");
    ck_field(a, ND_F_LANG, "fr");
    ck_assert_str_eq(iso(a), "2024-06-01T06:00:00Z");
    nd_article_free(a);
    a = next();
    ck_assert_uint_eq(nd_article_item(a), 1);
    ck_field(a, ND_F_TITLE, "Snow closes the road");
    ck_assert_str_eq(iso(a), "2024-06-02T00:00:00Z");
    nd_article_free(a);
    ck_done();
}
END_TEST

/* The description is the text when there is no content:encoded, and an
 * empty content:encoded does not hide it. */
START_TEST(test_feed_rss_description)
{
    nd_article *a = only_str(
        "d.xml", rss("<item><title>T</title><content:encoded><![CDATA[<img "
                     "src=\"x.png\">]]></content:encoded>"
                     "<description>Plain summary text.</description>"
                     "<category>CATEGORYTEXT</category></item>"));
    ck_field(a, ND_F_BODY, "Plain summary text.");
    nd_article_free(a);
    /* unescaped inline HTML in a description (a broken but common feed) */
    a = only_str("d.xml",
                 rss("<item><title>T</title><description><p>One "
                     "<b>bold</b></p><p>Two</p></description></item>"));
    ck_field(a, ND_F_BODY, "One bold\n\nTwo");
    nd_article_free(a);
}
END_TEST

/* RSS 0.91 names the Netscape DTD (never loaded) for HTML entities. */
START_TEST(test_feed_rss091_entities)
{
    nd_article *a = only_str(
        "old.rss",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape "
        "Communications//DTD RSS 0.91//EN\" "
        "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
        "<rss version=\"0.91\"><channel><title>Old&nbsp;feed</title>"
        "<item><title>Caf&eacute;&nbsp;prices &bogus; up</title>"
        "<description>Rise&nbsp;of 5&#37; &copy; x</description></item>"
        "</channel></rss>");
    ck_field(a, ND_F_TITLE, "Caf\xC3\xA9 prices up");
    ck_field(a, ND_F_SOURCE, "Old feed");
    ck_field(a, ND_F_BODY, "Rise of 5% \xC2\xA9 x");
    nd_article_free(a);
}
END_TEST

/* ---- Atom ------------------------------------------------------------- */

START_TEST(test_feed_atom_html)
{
    open_data("feed-atom.xml");
    ck_assert_str_eq(nd_reader_format(rd), "atom");
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_field(a, ND_F_TITLE, "Tram line opens & runs");
    ck_field(a, ND_F_BYLINE, "Eva Moser, Jan Kral");
    ck_field(a, ND_F_SOURCE, "Morning Ledger");
    /* the alternate link, not the self link */
    ck_field(a, ND_F_URL, "https://ledger.example/2024/04/02/tram");
    ck_field(a, ND_F_DOCNO, "tag:ledger.example,2024-04-02:tram");
    ck_field(a, ND_F_LANG, "de");
    ck_field(a, ND_F_FORMAT, "atom");
    /* published, not updated, and +02:00 to UTC */
    ck_assert_str_eq(iso(a), "2024-04-02T07:15:00Z");
    ck_field(a, ND_F_BODY,
             "The new tram line opened on Tuesday.\n\n"
             "Trains run every ten minutes.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_feed_atom_xhtml)
{
    open_data("feed-atom.xml");
    nd_article_free(next());
    nd_article *a = next();
    ck_assert_uint_eq(nd_article_item(a), 1);
    /* a text title: "<plan>" is text, "&amp;" written twice is decoded */
    ck_field(a, ND_F_TITLE, "Bridge & tunnel <plan>");
    /* the feed's author; the entry's xml:lang; a link relative to
     * xml:base */
    ck_field(a, ND_F_BYLINE, "Ledger Desk");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_URL, "https://ledger.example/news/2024/04/03/bridge");
    /* no published: updated */
    ck_assert_str_eq(iso(a), "2024-04-03T23:45:00Z");
    ck_field(a, ND_F_BODY,
             "The bridge plan was approved & funded.\n\nWork starts in June.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_feed_atom_summary)
{
    open_data("feed-atom.xml");
    nd_article_free(next());
    nd_article_free(next());
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "Summary only");
    ck_field(a, ND_F_BODY, "Only a summary is given: 3 < 4.");
    ck_field(a, ND_F_URL, "https://ledger.example/2024/04/04/summary");
    nd_article_free(a);
    a = next();
    ck_assert_uint_eq(nd_article_item(a), 3);
    ck_field(a, ND_F_TITLE, "Undated entry");
    ck_field(a, ND_F_BODY, "Plain text content without any date.");
    ck_field(a, ND_F_URL, "");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    nd_article_free(a);
    ck_done();
}
END_TEST

typedef struct content_case {
    const char *what, *entry, *body;
} content_case;

static const content_case content_cases[] = {
    {"text content keeps markup as text",
     "<content type=\"text\">a &lt;b&gt; c</content>", "a <b> c"},
    {"xhtml with a prefix and attributes",
     "<content type=\"xhtml\"><x:div xmlns:x=\"http://www.w3.org/1999/xhtml\">"
     "<x:p class=\"a&amp;b\">One</x:p><x:p>Two &amp; three</x:p></x:div>"
     "</content>",
     "One\n\nTwo & three"},
    {"Atom 0.3 escaped mode",
     "<content type=\"text/html\" mode=\"escaped\">&lt;p&gt;Old&lt;/p&gt;"
     "</content>",
     "Old"},
    {"out-of-line content: the summary",
     "<content src=\"https://x.example/a\" type=\"text/html\"/>"
     "<summary>Sum.</summary>",
     "Sum."},
    {"base64 content: the summary",
     "<content type=\"image/png\">iVBORw0KGgo=</content>"
     "<summary type=\"html\">&lt;em&gt;Pic&lt;/em&gt;</summary>",
     "Pic"},
    {"html content with a CDATA section",
     "<content type=\"html\"><![CDATA[<p>Cdata</p><p>body</p>]]></content>",
     "Cdata\n\nbody"},
};

START_TEST(test_feed_atom_content)
{
    const content_case *c = &content_cases[_i];
    char entry[1024];
    snprintf(entry, sizeof entry, "<entry><title>T</title>%s</entry>",
             c->entry);
    nd_article *a = only_str("c.xml", atom(entry));
    ck_assert_msg(strcmp(nd_article_body(a), c->body) == 0,
                  "%s: got '%s', want '%s'", c->what, nd_article_body(a),
                  c->body);
    nd_article_free(a);
}
END_TEST

/* ---- dates ------------------------------------------------------------ */

typedef struct date_case {
    int atom;
    const char *xml, *want;
} date_case;

static const date_case date_cases[] = {
    {0, "<pubDate>Tue, 05 Mar 2024 10:30:00 +0200</pubDate>",
     "2024-03-05T08:30:00Z"},
    {0, "<pubDate>Wed, 06 Mar 2024 08:00:00 EST</pubDate>",
     "2024-03-06T13:00:00Z"},
    {0, "<pubDate>Thu, 07 Mar 2024 23:15:00 GMT</pubDate>",
     "2024-03-07T23:15:00Z"},
    {0, "<pubDate>Sun, 31 Dec 2023 22:00:00 -0330</pubDate>",
     "2024-01-01T01:30:00Z"},
    {0, "<pubDate>1 Jul 2024 09:00 PDT</pubDate>", "2024-07-01T16:00:00Z"},
    {0, "<pubDate>\n  Mon, 01 Jan 2024 00:00:00 UT\n</pubDate>",
     "2024-01-01T00:00:00Z"},
    {0, "<dc:date>2024-02-29T12:00:00+01:00</dc:date>", "2024-02-29T11:00:00Z"},
    /* a pubDate that does not parse gives way to dc:date */
    {0, "<pubDate>yesterday</pubDate><dc:date>2024-05-05</dc:date>",
     "2024-05-05T00:00:00Z"},
    {0, "<pubDate>not a date</pubDate>", NULL},
    {0, "", NULL},
    {1, "<published>2024-04-02T09:15:00+02:00</published>",
     "2024-04-02T07:15:00Z"},
    {1,
     "<updated>2024-04-05T00:00:00Z</updated>"
     "<published>2024-04-01T00:00:00Z</published>",
     "2024-04-01T00:00:00Z"},
    {1, "<updated>2024-04-03T18:45:00-05:00</updated>", "2024-04-03T23:45:00Z"},
    {1, "<published></published>", NULL},
};

START_TEST(test_feed_dates)
{
    const date_case *c = &date_cases[_i];
    char item[512];
    nd_article *a;
    if (c->atom) {
        snprintf(item, sizeof item, "<entry><title>T</title>%s</entry>",
                 c->xml);
        a = only_str("d.xml", atom(item));
    } else {
        snprintf(item, sizeof item, "<item><title>T</title>%s</item>", c->xml);
        a = only_str("d.xml", rss(item));
    }
    if (c->want == NULL) {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    } else {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_str_eq(iso(a), c->want);
    }
    nd_article_free(a);
}
END_TEST

/* Without a date in the feed, the reader falls back to the file's time. */
START_TEST(test_feed_dates_mtime)
{
    const char *dir = fx_tmpdir();
    char *keep = strdup(dir);
    ck_assert_ptr_nonnull(keep);
    const char *path = fx_write_str(
        keep, "undated.atom",
        atom("<entry><title>No date</title><content>Text.</content></entry>"
             "<entry><title>Dated</title>"
             "<published>2024-01-02T03:04:05Z</published></entry>"));
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_OK);
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "No date");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_MTIME);
    ck_assert_int_gt(nd_article_date(a), 1700000000);
    nd_article_free(a);
    a = next();
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "2024-01-02T03:04:05Z");
    nd_article_free(a);
    fx_rmtree(keep);
    free(keep);
}
END_TEST

/* ---- authors and titles ----------------------------------------------- */

typedef struct field_case {
    const char *what, *item;
    nd_field field;
    const char *want;
} field_case;

static const field_case field_cases[] = {
    {"dc:creator", "<dc:creator>Jane Roe</dc:creator>", ND_F_BYLINE,
     "Jane Roe"},
    {"two dc:creators",
     "<dc:creator>By Jane Roe</dc:creator><dc:creator>Sam Ode</dc:creator>",
     ND_F_BYLINE, "Jane Roe, Sam Ode"},
    {"dc:creator wins over author",
     "<author>x@y.example (Not Used)</author><dc:creator>Jane</dc:creator>",
     ND_F_BYLINE, "Jane"},
    {"author e-mail (name)", "<author>jroe@news.example (Jane Roe)</author>",
     ND_F_BYLINE, "Jane Roe"},
    {"author name <e-mail>",
     "<author>\"Jane Roe\" &lt;jroe@news.example&gt;</author>", ND_F_BYLINE,
     "Jane Roe"},
    {"author bare e-mail", "<author>jroe@news.example</author>", ND_F_BYLINE,
     ""},
    {"author plain name", "<author>Jane Roe</author>", ND_F_BYLINE, "Jane Roe"},
    {"title with a reference escaped twice",
     "<title>AT&amp;amp;T &amp;#8220;wins&amp;#8221;</title>", ND_F_TITLE,
     "AT&T \xE2\x80\x9Cwins\xE2\x80\x9D"},
    {"title with escaped tags", "<title>&lt;b&gt;Bold&lt;/b&gt; move</title>",
     ND_F_TITLE, "Bold move"},
    {"title with a less-than sign",
     "<title>Rates &lt; 2% &amp; falling</title>", ND_F_TITLE,
     "Rates < 2% & falling"},
    {"title in CDATA",
     "<title><![CDATA[Fish & chips &eacute;t&eacute;]]>"
     "</title>",
     ND_F_TITLE, "Fish & chips \xC3\xA9t\xC3\xA9"},
    {"an unknown reference stays", "<title>A &amp;bogus; ref</title>",
     ND_F_TITLE, "A &bogus; ref"},
    {"link with spaces around it", "<link>\n  https://x.example/a  \n</link>",
     ND_F_URL, "https://x.example/a"},
    {"javascript: link dropped", "<link>javascript:alert(1)</link>", ND_F_URL,
     ""},
    {"relative link against the channel's", "<link>/2024/story</link>",
     ND_F_URL, ""},
    {"guid not a permalink is no URL",
     "<guid isPermaLink=\"false\">https://x.example/g</guid>", ND_F_URL, ""},
    {"guid as docno", "<guid isPermaLink=\"false\"> 4711 </guid>", ND_F_DOCNO,
     "4711"},
    {"item language", "<dc:language>pt-BR</dc:language>", ND_F_LANG, "pt"},
    {"no language", "", ND_F_LANG, ""},
    {"a language name", "<dc:language>english</dc:language>", ND_F_LANG, "en"},
    {"an ISO 639-2 code", "<dc:language>fre</dc:language>", ND_F_LANG, "fr"},
    {"a language that is no ISO 639-1 code",
     "<dc:language>x-pirate</dc:language>", ND_F_LANG, ""},
    {"a three-letter code", "<dc:language>fil</dc:language>", ND_F_LANG, ""},
    {"item source", "<source url=\"https://w.example/\">Wire</source>",
     ND_F_SOURCE, "Wire"},
    {"channel source", "", ND_F_SOURCE, "Chan"},
};

START_TEST(test_feed_fields)
{
    const field_case *c = &field_cases[_i];
    char item[1024];
    snprintf(item, sizeof item,
             "<item>%s%s<description>Text.</description>"
             "</item>",
             strstr(c->item, "<title>") != NULL ? "" : "<title>T</title>",
             c->item);
    nd_article *a = only_str("f.xml", rss(item));
    ck_assert_msg(strcmp(nd_article_get(a, c->field), c->want) == 0,
                  "%s: got '%s', want '%s'", c->what,
                  nd_article_get(a, c->field), c->want);
    nd_article_free(a);
}
END_TEST

/* A relative link resolves against the channel's link. */
START_TEST(test_feed_fields_relative)
{
    nd_article *a = only_str(
        "r.xml", "<rss><channel><title>C</title>"
                 "<link>https://site.example/news/</link><language>EN-us"
                 "</language><item><title>T</title><link>../2024/story</link>"
                 "</item></channel></rss>");
    ck_field(a, ND_F_URL, "https://site.example/2024/story");
    ck_field(a, ND_F_LANG, "en");
    nd_article_free(a);
}
END_TEST

/* ---- HTML in the text ------------------------------------------------- */

START_TEST(test_feed_html_dropped)
{
    nd_article *a = only_str(
        "h.xml",
        rss("<item><title>T</title><content:encoded><![CDATA["
            "<style>p{color:red} STYLETEXT</style>"
            "<p>Kept &amp; sound.</p><script>alert('SCRIPTTEXT')</script>"
            "<noscript>NOSCRIPTTEXT</noscript><iframe>IFRAMETEXT</iframe>"
            "<p>Second <a href=\"https://x.example/\">linked</a> para.</p>"
            "]]></content:encoded></item>"));
    ck_field(a, ND_F_BODY, "Kept & sound.\n\nSecond linked para.");
    nd_article_free(a);
    open_data("feed-atom.xml");
    for (int i = 0; i < 4; i++) {
        a = next();
        ck_hasnt(nd_article_body(a), "SCRIPTTEXT");
        ck_hasnt(nd_article_body(a), "CATEGORYTEXT");
        nd_article_free(a);
    }
}
END_TEST

/* ---- caps and errors --------------------------------------------------- */

START_TEST(test_feed_max_items)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 2;
    const char *doc =
        rss("<item><title>One</title></item><item><title>Two</title></item>"
            "<item><title>Three</title></item><item><title>Four</title>"
            "</item>");
    open_mem("cap.xml", doc, strlen(doc), &lim);
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "One");
    nd_article_free(a);
    a = next();
    ck_field(a, ND_F_TITLE, "Two");
    nd_article_free(a);
    ck_done();
    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_has(why, "too many");
    ck_assert_uint_eq(item, 2);
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
}
END_TEST

/* Empty items are not articles, yet they too stop at the cap. */
START_TEST(test_feed_max_items_empty)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 3;
    char *items = repeat("", "<item><category>c</category></item>", 50,
                         "<item><title>Late</title></item>");
    const char *doc = rss(items);
    free(items);
    ck_assert_int_eq(nd_reader_open_mem(rd, "e.xml", doc, strlen(doc), &lim),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "RSS item without title or text");
    ck_done();
    size_t n = 0;
    while (nd_reader_item_error(rd, n, NULL) != NULL)
        n++;
    ck_assert_uint_eq(n, 4);
    ck_has(nd_reader_item_error(rd, 3, NULL), "too many");
}
END_TEST

typedef struct error_case {
    const char *name, *doc, *msg;
} error_case;

static const error_case error_cases[] = {
    {"none.xml",
     "<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
     "no articles"},
    {"none.atom",
     "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Q"
     "</title></feed>",
     "no articles"},
    {"empty.xml", "<rss><channel><item></item><item> </item></channel></rss>",
     "RSS item without title or text"},
    {"empty.atom",
     "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>x</id>"
     "<content type=\"html\">&lt;script&gt;x&lt;/script&gt;</content>"
     "</entry></feed>",
     "Atom entry without title or text"},
    {"broken.xml", "<rss", "no articles"},
    {"prefix.xml", "<rss:rss><item><title>T</title></item></rss:rss>",
     "not an RSS or Atom feed"},
    {"broken.atom", "<feed><<<<", "no articles"},
};

START_TEST(test_feed_errors)
{
    const error_case *c = &error_cases[_i];
    ck_assert_int_eq(
        nd_reader_open_mem(rd, c->name, c->doc, strlen(c->doc), NULL),
        ND_EFORMAT);
    ck_has(nd_errmsg(rd), c->msg);
    ck_done();
}
END_TEST

/* Unclosed tags: recovery keeps every item, in order. */
START_TEST(test_feed_malformed)
{
    open_str("m.xml", "<rss><channel><title>T &amp; C</title>\n"
                      "<item><title>One</title><description>first body\n"
                      "<item><title>Two</title><description>second &nbsp;body"
                      "</description></item>\n"
                      "<item><title>Three &undefined; x</title>"
                      "<description>third <b>bold</description></item>\n");
    static const char *const titles[] = {"One", "Two", "Three x"};
    /* undeclared references are dropped (&nbsp; too, without a DTD) */
    static const char *const bodies[] = {"first body", "second body",
                                         "third bold"};
    for (uint32_t i = 0; i < 3; i++) {
        nd_article *a = next();
        ck_assert_uint_eq(nd_article_item(a), i);
        ck_field(a, ND_F_TITLE, titles[i]);
        ck_field(a, ND_F_BODY, bodies[i]);
        ck_field(a, ND_F_SOURCE, "T & C");
        nd_article_free(a);
    }
    ck_done();
}
END_TEST

/* An unclosed title swallows the next item: both stay apart. */
START_TEST(test_feed_malformed_title)
{
    open_str("t.xml", "<rss><channel><item><title>Unclosed title\n"
                      "<item><title>Next</title><description>Body two"
                      "</description></item></channel></rss>");
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "Unclosed title");
    ck_field(a, ND_F_BODY, "");
    nd_article_free(a);
    a = next();
    ck_assert_uint_eq(nd_article_item(a), 1);
    ck_field(a, ND_F_TITLE, "Next");
    ck_field(a, ND_F_BODY, "Body two");
    nd_article_free(a);
    ck_done();
}
END_TEST

/* A feed cut anywhere reads what is there or fails cleanly. */
START_TEST(test_feed_truncated)
{
    static const char *const files[] = {"feed-rss2.xml", "feed-atom.xml",
                                        "feed-rss1.rdf"};
    for (size_t f = 0; f < NDI_ARRAY_LEN(files); f++) {
        size_t len;
        char *data = fx_slurp(fx_data(files[f]), &len);
        size_t ok = 0;
        for (size_t cut = 1; cut < len; cut += 37) {
            nd_status st = nd_reader_open_mem(rd, files[f], data, cut, NULL);
            ck_assert_msg(st == ND_OK || st == ND_EFORMAT, "%s cut at %zu: %s",
                          files[f], cut, nd_strerror(st));
            nd_article *a;
            while (nd_reader_next(rd, &a) == ND_OK) {
                ck_assert_uint_lt(nd_article_item(a), 5);
                nd_article_free(a);
            }
            ok += st == ND_OK;
        }
        /* past the first item, something is read */
        ck_assert_uint_gt(ok, 0);
        free(data);
    }
}
END_TEST

/* ---- hostile input ----------------------------------------------------- */

START_TEST(test_feed_xxe)
{
    size_t plen = 0;
    char *passwd = fx_slurp("/etc/passwd", &plen);
    char *nl = strchr(passwd, '\n');
    if (nl != NULL)
        *nl = '\0';
    ck_assert_uint_gt(strlen(passwd), 4);

    open_data("feed-xxe.xml");
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "External entity stays out");
    ck_field(a, ND_F_SOURCE, "Feed title");
    ck_field(a, ND_F_BODY, "Before the entity after the entity .");
    for (int f = ND_F_TITLE; f < ND_F_COUNT; f++)
        ck_hasnt(nd_article_get(a, (nd_field)f), passwd);
    nd_article_free(a);
    ck_done();

    /* a file of our own, named by absolute path, in an Atom feed */
    const char *dir = fx_tmpdir();
    char *keep = strdup(dir);
    ck_assert_ptr_nonnull(keep);
    char canary[4200], doc[12288];
    snprintf(canary, sizeof canary, "%s",
             fx_write_str(keep, "canary.txt", "feedcanarytoken\n"));
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY c SYSTEM "
             "\"file://%s\"><!ENTITY %% p SYSTEM \"file://%s\"> %%p;]>"
             "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&c;</title>"
             "<entry><title>Canary &c;</title><content type=\"html\">x &c; y"
             "</content><summary type=\"xhtml\">&c;</summary></entry></feed>",
             canary, canary);
    a = only_str("c.xml", doc);
    ck_field(a, ND_F_TITLE, "Canary");
    ck_field(a, ND_F_BODY, "x y");
    for (int f = ND_F_TITLE; f < ND_F_COUNT; f++)
        ck_hasnt(nd_article_get(a, (nd_field)f), "feedcanarytoken");
    nd_article_free(a);
    fx_rmtree(keep);
    free(keep);
    free(passwd);
}
END_TEST

START_TEST(test_feed_entity_bomb)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    open_data("feed-bomb.xml");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(secs < 5.0, "entity bomb took %.1f s", secs);
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "Entity bomb defused");
    ck_has(nd_article_body(a), "Start");
    ck_hasnt(nd_article_body(a), "lol");
    ck_assert_uint_lt(strlen(nd_article_body(a)), 64);
    nd_article_free(a);
}
END_TEST

START_TEST(test_feed_deep)
{
    /* deep inline markup in an item and deeply nested escaped HTML */
    char *doc = repeat("<rss><channel><item><title>Deep one</title>"
                       "<description>",
                       "&lt;div&gt;", 100000,
                       "deeptext</description></item></channel></rss>");
    nd_article *a = only_str("deep.xml", doc);
    ck_field(a, ND_F_TITLE, "Deep one");
    nd_article_free(a);
    free(doc);
    doc = repeat("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
                 "<title>Deep two</title><content type=\"xhtml\">",
                 "<div>", 100000, "deeptext</content></entry></feed>");
    a = only_str("deep.atom", doc);
    ck_field(a, ND_F_TITLE, "Deep two");
    nd_article_free(a);
    free(doc);
}
END_TEST

START_TEST(test_feed_huge_fields)
{
    char *title = repeat("<rss><channel><item><title>", "word ", 200000,
                         "</title><guid>");
    char *doc = repeat(title, "g", 100000,
                       "</guid><description>Body.</description></item>"
                       "</channel></rss>");
    nd_article *a = only_str("huge.xml", doc);
    ck_assert_uint_le(strlen(nd_article_title(a)), 2048);
    ck_assert_uint_gt(strlen(nd_article_title(a)), 1000);
    ck_assert_uint_le(strlen(nd_article_get(a, ND_F_DOCNO)), 2048);
    ck_field(a, ND_F_BODY, "Body.");
    nd_article_free(a);
    free(title);
    free(doc);
}
END_TEST

START_TEST(test_feed_bad_bytes)
{
    /* a NUL does not end the feed; invalid UTF-8 is read as Windows-1252 */
    static const char doc[] =
        "<rss><channel><item><title>Nul\0title</title><description>bad "
        "\xff utf8 \x80</description></item><item><title>After</title>"
        "</item></channel></rss>";
    open_mem("b.xml", doc, sizeof doc - 1, NULL);
    nd_article *a = next();
    ck_field(a, ND_F_TITLE, "Nul title");
    ck_field(a, ND_F_BODY, "bad \xC3\xBF utf8 \xE2\x82\xAC");
    nd_article_free(a);
    a = next();
    ck_field(a, ND_F_TITLE, "After");
    nd_article_free(a);
    ck_done();
}
END_TEST

/* What a parse hands over, for feeding bytes past detection. */
typedef struct sink {
    size_t articles, errors;
    char title[64];
} sink;

static nd_status
sink_emit(ndi_parse *p, nd_article *a)
{
    sink *s = p->ctx;
    if (s->articles++ == 0)
        snprintf(s->title, sizeof s->title, "%s", nd_article_title(a));
    nd_article_free(a);
    return ND_OK;
}

static nd_status
sink_error(ndi_parse *p, const char *reason)
{
    sink *s = p->ctx;
    (void)reason;
    s->errors++;
    return ND_OK;
}

/* UTF-16 keeps its NULs: there they are text, not noise. (Detection does
 * not send UTF-16 markup to the feed parser yet, so call it directly.) */
START_TEST(test_feed_utf16)
{
    static const char u16[] =
        "\xFF\xFE<\0r\0s\0s\0>\0<\0i\0t\0e\0m\0>\0<\0t\0i\0t\0l\0e\0>"
        "\0W\0i\0d\0e\0<\0/\0t\0i\0t\0l\0e\0>\0<\0/\0i\0t\0e\0m\0>\0<"
        "\0/\0r\0s\0s\0>\0";
    static const nd_limits lim = ND_LIMITS_INIT;
    ndi_hdr h;
    ndi_hdr_init(&h);
    sink s = {0};
    ndi_parse p = {.hdr = &h,
                   .name = "u16.xml",
                   .data = u16,
                   .len = sizeof u16 - 1,
                   .lim = &lim,
                   .emit = sink_emit,
                   .item_error = sink_error,
                   .ctx = &s};
    ck_assert_int_eq(ndi_format_rss.parse(&p), ND_OK);
    ck_assert_uint_eq(s.articles, 1);
    ck_assert_uint_eq(s.errors, 0);
    ck_assert_str_eq(s.title, "Wide");
}
END_TEST

START_TEST(test_feed_garbage)
{
    unsigned char junk[4096];
    unsigned x = 777;
    static const char head[] = "<rss><channel><item><title>G</title>";
    memcpy(junk, head, sizeof head - 1);
    for (size_t i = sizeof head - 1; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    nd_status st = nd_reader_open_mem(rd, "g.xml", junk, sizeof junk, NULL);
    ck_assert_msg(st == ND_OK || st == ND_EFORMAT, "%s", nd_strerror(st));
    ck_assert_str_eq(nd_reader_format(rd), "rss");
    nd_article *a;
    while (nd_reader_next(rd, &a) == ND_OK) {
        ck_assert_uint_eq(nd_article_item(a), 0);
        ck_field(a, ND_F_TITLE, "G");
        nd_article_free(a);
    }
}
END_TEST

static Suite *
feed_suite(void)
{
    Suite *s = suite_create("feed");
    TCase *tc;

    tc = tcase_create("detect");
    tcase_add_loop_test(tc, test_feed_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    tcase_add_test(tc, test_feed_detect_score);
    suite_add_tcase(s, tc);

    tc = tcase_create("rss");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_feed_rss_cdata);
    tcase_add_test(tc, test_feed_rss_escaped);
    tcase_add_test(tc, test_feed_rss_no_title);
    tcase_add_test(tc, test_feed_rss_numbering);
    tcase_add_test(tc, test_feed_rss1);
    tcase_add_test(tc, test_feed_rss_description);
    tcase_add_test(tc, test_feed_rss091_entities);
    suite_add_tcase(s, tc);

    tc = tcase_create("atom");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_feed_atom_html);
    tcase_add_test(tc, test_feed_atom_xhtml);
    tcase_add_test(tc, test_feed_atom_summary);
    tcase_add_loop_test(tc, test_feed_atom_content, 0,
                        (int)NDI_ARRAY_LEN(content_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("dates");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_feed_dates, 0, (int)NDI_ARRAY_LEN(date_cases));
    tcase_add_test(tc, test_feed_dates_mtime);
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_feed_fields, 0,
                        (int)NDI_ARRAY_LEN(field_cases));
    tcase_add_test(tc, test_feed_fields_relative);
    suite_add_tcase(s, tc);

    tc = tcase_create("html");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_feed_html_dropped);
    suite_add_tcase(s, tc);

    tc = tcase_create("caps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_feed_max_items);
    tcase_add_test(tc, test_feed_max_items_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_feed_errors, 0,
                        (int)NDI_ARRAY_LEN(error_cases));
    tcase_add_test(tc, test_feed_malformed);
    tcase_add_test(tc, test_feed_malformed_title);
    tcase_add_test(tc, test_feed_truncated);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_feed_xxe);
    tcase_add_test(tc, test_feed_entity_bomb);
    tcase_add_test(tc, test_feed_deep);
    tcase_add_test(tc, test_feed_huge_fields);
    tcase_add_test(tc, test_feed_bad_bytes);
    tcase_add_test(tc, test_feed_utf16);
    tcase_add_test(tc, test_feed_garbage);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(feed_suite());
}
