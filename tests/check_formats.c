/* SPDX-License-Identifier: MIT */
/*
 * check_formats.c - format detection and every input format, read through
 * nd_reader_open_mem, including hostile and broken markup.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "formats/detect.h"
#include "formats/formats.h"
#include "newsdex.h"
#include "normalize.h"
#include "record.h"

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

/* Open 'len' bytes as file 'name' and give the first article. */
static nd_article *
first_mem(const char *name, const char *data, size_t len)
{
    nd_status st = nd_reader_open_mem(rd, name, data, len, NULL);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_assert_ptr_nonnull(a);
    return a;
}

static nd_article *
first_str(const char *name, const char *text)
{
    return first_mem(name, text, strlen(text));
}

/* Open a file of tests/data from memory under its own name. */
static nd_article *
first_data(const char *name)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    nd_article *a = first_mem(name, data, len);
    free(data);
    return a;
}

/* The article's date as ISO 8601, in static storage. */
static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

static size_t
count_str(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL;
         p += strlen(needle))
        n++;
    return n;
}

#define ck_field(a, f, s) ck_assert_str_eq(nd_article_get((a), (f)), (s))
#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))
#define ck_hasnt(s, sub) \
    ck_assert_msg(strstr((s), (sub)) == NULL, "'%s' in '%s'", (sub), (s))

/* ---- detection ------------------------------------------------------ */

typedef struct detect_case {
    const char *name, *data;
    size_t len;
    const char *format, *why;
} detect_case;

/* A literal and its length, NULs included. */
#define BYTES(s) s, sizeof(s) - 1

static const detect_case detect_cases[] = {
    {"x.warc", BYTES("WARC/1.1\r\nWARC-Type: warcinfo\r\n"), "warc", NULL},
    {"a.xml", BYTES("<?xml version=\"1.0\"?>\n<!-- c -->\n<LEWIS>\n<REUTERS>"),
     "reuters", NULL},
    {"a.sgm", BYTES("<REUTERS NEWID=\"1\">"), "reuters", NULL},
    {"a.xml",
     BYTES("<?xml version=\"1.0\"?>\n"
           "<!DOCTYPE newsitem [\n<!ENTITY a \"x>y\">\n]>\n"
           "<newsitem itemid=\"1\">"),
     "rcv1", NULL},
    {"a.xml",
     BYTES("<nitf:nitf xmlns:nitf=\"http://iptc.org/std/NITF/2006-10-18/\">"),
     "nitf", NULL},
    {"a.xml", BYTES("\xEF\xBB\xBF<?xml version=\"1.0\"?><nitf><head/>"), "nitf",
     NULL},
    {"page", BYTES("<!-- saved page -->\n<!DOCTYPE html>\n<html><body>"),
     "html", NULL},
    {"page.htm", BYTES("<div><p>A fragment</p></div>"), "html", NULL},
    {"story.txt", BYTES("Headline\n\nBody text.\n"), "text", NULL},
    {"story", BYTES("Headline\n\nBody text.\n"), "text", NULL},
    /* a .txt name outweighs a fragment that looks like markup */
    {"note.txt", BYTES("<p>Not really HTML</p>\n"), "text", NULL},
    {"u16.txt", BYTES("\xFF\xFEH\0i\0"), "text", NULL},
    {"empty.txt", BYTES(""), NULL, "empty file"},
    {"blank.txt", BYTES(" \n\t\r\n"), NULL, "empty file"},
    {"bom.txt", BYTES("\xEF\xBB\xBF\n"), NULL, "empty file"},
    {"image.txt",
     BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"),
     NULL, "binary data"},
};

START_TEST(test_formats_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *why = NULL;
    const ndi_format *f = ndi_detect(c->name, c->data, c->len, &why);
    if (c->format == NULL) {
        ck_assert_ptr_null(f);
        ck_assert_ptr_nonnull(why);
        ck_has(why, c->why);
    } else {
        ck_assert_msg(f != NULL, "%s: not detected (%s)", c->name,
                      why ? why : "");
        ck_assert_str_eq(f->name, c->format);
        ck_assert_ptr_null(why);
    }
}
END_TEST

typedef struct root_case {
    const char *data, *root;
} root_case;

static const root_case root_cases[] = {
    {"<LEWIS>", "LEWIS"},
    {"  \n<REUTERS NEWID=\"1\">", "REUTERS"},
    {"\xEF\xBB\xBF<newsitem itemid=\"1\">", "newsitem"},
    {"<?xml version=\"1.0\"?>\n<!-- a > b -->\n<nitf>", "nitf"},
    {"<?xml version=\"1.0\"?><!-- one --><!-- two -->\n<nitf:nitf>",
     "nitf:nitf"},
    /* a root name in a comment does not count */
    {"<!-- <REUTERS> -->\n<newsitem>", "newsitem"},
    {"<!DOCTYPE html>\n<html lang=\"en\">", "html"},
    {"<!doctype HTML><html>", "HTML"},
    /* the internal subset holds '>' characters */
    {"<!DOCTYPE newsitem [\n<!ENTITY x \"a>b\">\n<!ELEMENT p ANY>\n]>\n"
     "<newsitem>",
     "newsitem"},
    {"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
     "\"file:///etc/passwd\">]><x>&e;</x>",
     "x"},
    {"<!-- never closed <REUTERS>", ""},
    {"<?xml version=\"1.0\"", ""},
    {"Plain text <b>with</b> tags later", ""},
    {"", ""},
};

START_TEST(test_formats_root_name)
{
    const root_case *c = &root_cases[_i];
    char out[64];
    size_t n = ndi_root_name(c->data, strlen(c->data), out, sizeof out);
    ck_assert_str_eq(out, c->root);
    ck_assert_uint_eq(n, strlen(c->root));
}
END_TEST

START_TEST(test_formats_root_name_short_buffer)
{
    char out[5];
    ck_assert_uint_eq(ndi_root_name("<newsitem>", 10, out, sizeof out), 4);
    ck_assert_str_eq(out, "news");
    /* ndi_root_is ignores a namespace prefix and case */
    const char *nitf = "<?xml version=\"1.0\"?><NITF:Nitf>";
    ck_assert(ndi_root_is(nitf, strlen(nitf), "nitf"));
    ck_assert(!ndi_root_is(nitf, strlen(nitf), "nit"));
}
END_TEST

typedef struct ext_case {
    const char *name, *ext;
    int want;
} ext_case;

static const ext_case ext_cases[] = {
    {"a.txt", "txt", 1},   {"A.TXT", "txt", 1},    {"dir/a.Html", "html", 1},
    {"a.xml.gz", "gz", 1}, {"a.txt.gz", "txt", 0}, {"txt", "txt", 0},
    {".txt", "txt", 0},    {"a.xtxt", "txt", 0},   {"atxt", "txt", 0},
    {"d.txt/a", "txt", 0}, {"a.tx", "txt", 0},     {"", "txt", 0},
};

START_TEST(test_formats_has_ext)
{
    const ext_case *c = &ext_cases[_i];
    ck_assert_msg(ndi_has_ext(c->name, c->ext) == c->want,
                  "ndi_has_ext(\"%s\", \"%s\") != %d", c->name, c->ext,
                  c->want);
}
END_TEST

/* ---- text ----------------------------------------------------------- */

START_TEST(test_formats_text_wire)
{
    nd_article *a = first_data("text-wire.txt");
    ck_assert_str_eq(nd_reader_format(rd), "text");
    ck_field(a, ND_F_TITLE,
             "Test: wire text with a By line, a PARIS dateline and 72-column "
             "wrapping");
    ck_field(a, ND_F_BYLINE, "Jane Q. Marlow");
    ck_field(a, ND_F_DATELINE, "PARIS");
    ck_field(a, ND_F_SOURCE, "Meridian Wire");
    ck_field(a, ND_F_FORMAT, "text");
    const char *body = nd_article_body(a);
    /* wrapped lines are joined with a space; paragraphs stay apart */
    ck_has(body, "drove tractors into the centre of the capital on Tuesday");
    ck_has(body, "costs, blocking traffic");
    ck_has(body, "ended peacefully shortly after noon. Union leaders");
    ck_has(body,
           "within a week.\n\nTraffic returned to normal by mid-afternoon.");
    ck_assert_uint_eq(count_str(body, "\n\n"), 2);
    ck_assert_uint_eq(count_str(body, "\n"), 4);
    ck_hasnt(body, "Jane Q. Marlow");
    /* "Mar. 5" has no year, and memory has no file time to lend one */
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}
END_TEST

START_TEST(test_formats_text_web)
{
    nd_article *a = first_data("text-web.txt");
    ck_field(a, ND_F_TITLE,
             "Test: web text with an em-dash dateline and no byline");
    ck_field(a, ND_F_BYLINE, "");
    ck_field(a, ND_F_DATELINE, "Nicosia");
    ck_field(a, ND_F_SOURCE, "");
    ck_has(nd_article_body(a), "Kyrenia Gate to fishing boats on Friday");
    ck_has(nd_article_body(a), "authority said.\n\nFishermen said");
    nd_article_free(a);
}
END_TEST

/* The same file with CRLF line ends reads the same. */
START_TEST(test_formats_text_crlf)
{
    static const char *const files[] = {"text-wire.txt", "text-web.txt"};
    for (size_t f = 0; f < NDI_ARRAY_LEN(files); f++) {
        size_t len;
        char *lf = fx_slurp(fx_data(files[f]), &len);
        char *crlf = malloc(2 * len + 1);
        ck_assert_ptr_nonnull(crlf);
        size_t n = 0;
        for (size_t i = 0; i < len; i++) {
            if (lf[i] == '\n')
                crlf[n++] = '\r';
            crlf[n++] = lf[i];
        }
        ck_assert_uint_gt(n, len);
        nd_article *a = first_mem(files[f], lf, len);
        nd_article *b = first_mem(files[f], crlf, n);
        for (int k = ND_F_TITLE; k < ND_F_COUNT; k++)
            ck_assert_str_eq(nd_article_get(b, (nd_field)k),
                             nd_article_get(a, (nd_field)k));
        ck_hasnt(nd_article_body(b), "\r");
        nd_article_free(a);
        nd_article_free(b);
        free(lf);
        free(crlf);
    }
}
END_TEST

START_TEST(test_formats_text_cp1252)
{
    nd_article *a = first_data("text-cp1252.txt");
    ck_field(a, ND_F_TITLE, "Test: Windows-1252 text without a declaration");
    ck_field(
        a, ND_F_BODY,
        "The caf\xC3\xA9 on the corner charged \xE2\x82\xAC"
        "5 for a "
        "\xE2\x80\x9Cpetit d\xC3\xA9jeuner\xE2\x80\x9D \xE2\x80\x93 a record, "
        "its owner said.");
    /* the en dash inside a sentence is not the end of a dateline */
    ck_field(a, ND_F_DATELINE, "");
    nd_article_free(a);
}
END_TEST

typedef struct dateline_case {
    const char *para, *dateline, *source, *date;
} dateline_case;

static const dateline_case dateline_cases[] = {
    {"PARIS, Mar. 5 (Meridian Wire) - Farmers protested.", "PARIS",
     "Meridian Wire", NULL},
    {"MOSCOW, March 21, 2023 (Meridian Wire) - Talks began.", "MOSCOW",
     "Meridian Wire", "2023-03-21T00:00:00Z"},
    {"Nicosia \xE2\x80\x94 The port reopened.", "Nicosia", "", NULL},
    {"LONDON -- Shares fell.", "LONDON", "", NULL},
    {"Rio de Janeiro, May 2 (dpa) - Rain fell.", "Rio de Janeiro", "dpa", NULL},
    /* sentences with dashes in them are not datelines */
    {"The minister \xE2\x80\x93 who resigned last week \xE2\x80\x93 spoke.", "",
     "", NULL},
    {"Shares rose on Monday - the third day of gains.", "", "", NULL},
    {"He said. Then PARIS - no.", "", "", NULL},
    {"lowercase start - not a dateline.", "", "", NULL},
};

START_TEST(test_formats_text_dateline)
{
    const dateline_case *c = &dateline_cases[_i];
    char doc[512];
    snprintf(doc, sizeof doc, "Headline\n\n%s\n", c->para);
    nd_article *a = first_str("d.txt", doc);
    ck_field(a, ND_F_DATELINE, c->dateline);
    ck_field(a, ND_F_SOURCE, c->source);
    if (c->date != NULL) {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_str_eq(iso(a), c->date);
    } else {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    }
    nd_article_free(a);
}
END_TEST

/* ---- html ----------------------------------------------------------- */

START_TEST(test_formats_html_article)
{
    nd_article *a = first_data("page-article.html");
    ck_assert_str_eq(nd_reader_format(rd), "html");
    ck_field(a, ND_F_TITLE, "Harbour cranes fall silent as dockers strike");
    ck_field(a, ND_F_SOURCE, "The Coastal Courier");
    ck_field(a, ND_F_BYLINE, "Anna Kovacs");
    ck_field(a, ND_F_URL, "https://courier.example/2024/03/05/dock-strike");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_FORMAT, "html");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "2024-03-05T08:30:00Z");
    const char *body = nd_article_body(a);
    ck_assert_msg(
        strncmp(body, "Dockers at the port of Westhaven walked out", 43) == 0,
        "body starts: %.60s", body);
    ck_has(body, "unless the port operator returned to talks");
    ck_has(body, "perishable cargo had been diverted");
    static const char *const furniture[] = {
        "SCRIPTTEXT",    "STYLETEXT",      "NAVTEXT",     "HEADERTEXT",
        "FOOTERTEXT",    "ASIDETEXT",      "SHARETEXT",   "MOSTREADTEXT",
        "Storm warning", "PAGETEXT",       "LD headline", "Anna Kovacs",
        "1 June 2019",   "Harbour cranes",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(furniture); i++)
        ck_hasnt(body, furniture[i]);
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_html_noarticle)
{
    nd_article *a = first_data("page-noarticle.html");
    ck_field(a, ND_F_TITLE,
             "Tram line extension opens to the lakeside suburbs");
    ck_field(a, ND_F_SOURCE, "Lakeside Daily");
    ck_field(a, ND_F_LANG, "fr");
    ck_field(
        a, ND_F_BODY,
        "The first trams ran on the new four-kilometre extension on Saturday "
        "morning, carrying commuters from the lakeside suburbs to the city "
        "centre in under twenty minutes.\n\nCity officials said the line would "
        "carry ten thousand passengers a day by the end of the year.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_html_body_only)
{
    nd_article *a =
        first_str("p.html", "<html><head><meta property=\"og:title\" "
                            "content=\"Body page\"></head><body>"
                            "<nav>NAV</nav><h1>Page h1</h1>"
                            "<p>Body paragraph text.</p>"
                            "<footer>FOOT</footer></body></html>");
    /* no <article> or <main>: the page's h1 is not taken as the headline */
    ck_field(a, ND_F_TITLE, "Body page");
    ck_field(a, ND_F_BODY, "Body paragraph text.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_html_cp1252)
{
    nd_article *a = first_data("page-cp1252.html");
    ck_field(a, ND_F_TITLE, "Caf\xC3\xA9 prices rise again");
    ck_field(a, ND_F_SOURCE, "Market Gazette");
    ck_field(
        a, ND_F_BODY,
        "A \xE2\x80\x9Cpetit d\xC3\xA9jeuner\xE2\x80\x9D now costs \xE2\x82\xAC"
        "6.50 at the caf\xC3\xA9 \xE2\x80\x93 up from \xE2\x82\xAC"
        "5 last year.");
    nd_article_free(a);
}
END_TEST

typedef struct html_case {
    const char *what, *page;
    nd_field field;
    const char *want;
} html_case;

#define ARTICLE_P "<article><p>Story text.</p></article>"

static const html_case html_cases[] = {
    {"og:title without an article h1",
     "<html><head><meta property=\"og:title\" content=\"OG headline\">"
     "<title>Tag headline | Site</title></head><body>" ARTICLE_P
     "</body></html>",
     ND_F_TITLE, "OG headline"},
    {"<title> without its site suffix",
     "<html><head><title>Tag headline | Harbour Post</title></head>"
     "<body>" ARTICLE_P "</body></html>",
     ND_F_TITLE, "Tag headline"},
    {"source from the <title> suffix",
     "<html><head><title>Tag headline | Harbour Post</title></head>"
     "<body>" ARTICLE_P "</body></html>",
     ND_F_SOURCE, "Harbour Post"},
    {"og:site_name names a long suffix to strip",
     "<html><head><meta property=\"og:site_name\" content=\"Daily Example\">"
     "<title>Long headline - The Daily Example Online Edition for the "
     "North Coast</title></head><body>" ARTICLE_P "</body></html>",
     ND_F_TITLE, "Long headline"},
    {"a long suffix that is not the site stays",
     "<html><head><title>Long headline - The Daily Example Online Edition "
     "for the North Coast</title></head><body>" ARTICLE_P "</body></html>",
     ND_F_TITLE,
     "Long headline - The Daily Example Online Edition for the North Coast"},
    {"meta author",
     "<html><head><meta name=\"author\" content=\"Meta Author\"></head>"
     "<body>" ARTICLE_P "</body></html>",
     ND_F_BYLINE, "Meta Author"},
    {"itemprop=author without By",
     "<html><head><meta name=\"author\" content=\"Meta Author\"></head>"
     "<body><article><span itemprop=\"author\">By Sam Ode</span>"
     "<p>Story text.</p></article></body></html>",
     ND_F_BYLINE, "Sam Ode"},
    {".byline without By and role",
     "<html><body><article>"
     "<div class=\"byline\">By Jane Roe | Staff writer</div>"
     "<p>Story text.</p></article></body></html>",
     ND_F_BYLINE, "Jane Roe"},
    {"canonical url",
     "<html><head><link rel=\"canonical\" href=\"https://x.example/a\">"
     "</head><body>" ARTICLE_P "</body></html>",
     ND_F_URL, "https://x.example/a"},
    {"a url that is not http is dropped",
     "<html><head><meta property=\"og:url\" content=\"javascript:alert(1)\">"
     "</head><body>" ARTICLE_P "</body></html>",
     ND_F_URL, ""},
    {"lang with a region",
     "<html lang=\"pt-BR\"><body>" ARTICLE_P "</body></html>", ND_F_LANG, "pt"},
    {"lang that is a name",
     "<html lang=\"english\"><body>" ARTICLE_P "</body></html>", ND_F_LANG,
     "en"},
    {"lang that is not a code",
     "<html lang=\"x-default\"><body>" ARTICLE_P "</body></html>", ND_F_LANG,
     ""},
    {"og:locale after an unreadable lang",
     "<html lang=\"x-default\"><head><meta property=\"og:locale\" "
     "content=\"fr_FR\"></head><body>" ARTICLE_P "</body></html>",
     ND_F_LANG, "fr"},
    {"web dateline",
     "<html><body><article><p class=\"dateline\">Nicosia \xE2\x80\x94</p>"
     "<p>Story text.</p></article></body></html>",
     ND_F_DATELINE, "Nicosia"},
    {"entities decoded in the body",
     "<html><body><article>"
     "<p>Fish &amp; chips &eacute;t&eacute; &#8364;5</p>"
     "</article></body></html>",
     ND_F_BODY,
     "Fish & chips \xC3\xA9t\xC3\xA9 \xE2\x82\xAC"
     "5"},
};

START_TEST(test_formats_html_fields)
{
    const html_case *c = &html_cases[_i];
    nd_article *a = first_str("case.html", c->page);
    ck_assert_msg(strcmp(nd_article_get(a, c->field), c->want) == 0,
                  "%s: got '%s', want '%s'", c->what,
                  nd_article_get(a, c->field), c->want);
    nd_article_free(a);
}
END_TEST

typedef struct html_date_case {
    const char *head, *body, *want;
} html_date_case;

static const html_date_case html_date_cases[] = {
    /* article:published_time wins over JSON-LD and <time> */
    {"<meta property=\"article:published_time\" "
     "content=\"2023-07-04T06:00:00Z\">"
     "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
     "\"datePublished\": \"2020-01-01T00:00:00Z\"}</script>",
     "<time datetime=\"2019-01-01T00:00:00Z\">then</time>",
     "2023-07-04T06:00:00Z"},
    {"<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
     "\"datePublished\": \"2023-07-01T10:00:00+02:00\"}</script>",
     "<time datetime=\"2019-01-01T00:00:00Z\">then</time>",
     "2023-07-01T08:00:00Z"},
    {"<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": "
     "\"WebPage\", "
     "\"datePublished\": \"2000-01-01\"}, {\"@type\": [\"NewsArticle\"], "
     "\"datePublished\": \"2023-07-02\"}]}</script>",
     "", "2023-07-02T00:00:00Z"},
    {"", "<time datetime=\"2023-07-03T12:00:00Z\">Monday</time>",
     "2023-07-03T12:00:00Z"},
    {"<script type=\"application/ld+json\">{not json</script>", "", NULL},
    {"", "", NULL},
};

START_TEST(test_formats_html_date)
{
    const html_date_case *c = &html_date_cases[_i];
    char page[1024];
    snprintf(page, sizeof page,
             "<html><head>%s</head><body><article>%s<p>Story text.</p>"
             "</article></body></html>",
             c->head, c->body);
    nd_article *a = first_str("date.html", page);
    if (c->want == NULL) {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    } else {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_str_eq(iso(a), c->want);
    }
    ck_field(a, ND_F_BODY, "Story text.");
    nd_article_free(a);
}
END_TEST

/* ---- reuters, rcv1, nitf --------------------------------------------- */

START_TEST(test_formats_reuters_many)
{
    nd_article *a = first_data("reuters-two.xml");
    ck_assert_str_eq(nd_reader_format(rd), "reuters");
    ck_field(a, ND_F_TITLE,
             "DIAMOND SHAMROCK CORP SETS OFFER FOR REFINERY UNIT");
    ck_field(a, ND_F_DATELINE, "NEW YORK, FEB 26");
    ck_field(a, ND_F_DOCNO, "101");
    ck_field(a, ND_F_SOURCE, "Reuters");
    ck_field(a, ND_F_FORMAT, "reuters");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "1987-02-26T17:00:56Z");
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_field(
        a, ND_F_BODY,
        "Diamond Shamrock Corp said it agreed to buy the refinery unit of a "
        "regional oil company for about 60 mln dlrs in cash, subject to "
        "approval by regulators.\n\nThe company said the unit, which it called "
        "\"a natural fit\", processes about 40,000 barrels of crude a "
        "day.\n\nAnalysts said the price was in line with recent sales of "
        "similar plants.");
    nd_article_free(a);

    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_field(a, ND_F_TITLE, "GRAIN SHIPMENTS RISE IN WEEK");
    ck_field(a, ND_F_DATELINE, "CHICAGO, FEB 27");
    ck_field(a, ND_F_DOCNO, "102");
    ck_assert_str_eq(iso(a), "1987-02-27T09:15:00Z");
    ck_assert_uint_eq(nd_article_item(a), 1);
    /* an upper-case REUTER sign-off goes too */
    ck_field(a, ND_F_BODY,
             "Grain shipments through the port rose in the week to Thursday, "
             "traders said.");
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_formats_reuters_one)
{
    nd_article *a = first_data("reuters-one.xml");
    ck_field(a, ND_F_TITLE, "COCOA EXPORTS STEADY");
    ck_field(a, ND_F_DATELINE, "LONDON, MARCH 2");
    ck_field(a, ND_F_DOCNO, "7");
    ck_field(a, ND_F_BODY,
             "Cocoa exports were steady in February, traders said.");
    ck_assert_str_eq(iso(a), "1987-03-02T08:05:12Z");
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}
END_TEST

/* A story without <BODY> (TYPE="UNPROC") keeps the loose text of TEXT. */
START_TEST(test_formats_reuters_unproc)
{
    nd_article *a = first_str(
        "u.xml", "<REUTERS NEWID=\"9\"><DATE>3-MAR-1987 10:00:00.00</DATE>"
                 "<TEXT TYPE=\"UNPROC\">\nSHORT ITEM\nShort text here\n"
                 "and more.\n Reuter\n</TEXT></REUTERS>");
    ck_field(a, ND_F_TITLE, "");
    ck_field(a, ND_F_BODY, "SHORT ITEM Short text here and more.");
    ck_field(a, ND_F_DOCNO, "9");
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_rcv1)
{
    nd_article *a = first_data("rcv1-latin1.xml");
    ck_assert_str_eq(nd_reader_format(rd), "rcv1");
    ck_field(a, ND_F_DOCNO, "800123");
    ck_field(a, ND_F_TITLE, "Caf\xC3\xA9 owners protest over tax");
    ck_field(a, ND_F_BYLINE, "Fran\xC3\xA7ois Lef\xC3\xA8vre");
    ck_field(a, ND_F_DATELINE, "PARIS");
    ck_field(a, ND_F_SOURCE, "Reuters Holdings Plc");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_FORMAT, "rcv1");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "1996-08-20T00:00:00Z");
    ck_field(
        a, ND_F_BODY,
        "Owners of caf\xC3\xA9s and brasseries closed their doors for an hour "
        "on Tuesday in protest at a planned tax, said Fran\xC3\xA7ois "
        "Lef\xC3\xA8vre of the trade association.\n\nThe finance ministry said "
        "the tax would raise about 2 billion francs a year.");
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_nitf)
{
    nd_article *a = first_data("nitf-basic.xml");
    ck_assert_str_eq(nd_reader_format(rd), "nitf");
    ck_field(a, ND_F_TITLE, "Kyiv restores power after overnight strikes");
    ck_field(a, ND_F_BYLINE, "Olena Hrytsenko");
    ck_field(a, ND_F_DATELINE, "Kyiv");
    ck_field(a, ND_F_DOCNO, "NPA-20240103-0042");
    ck_field(a, ND_F_SOURCE, "Northern Press Association");
    ck_field(a, ND_F_URL, "https://npa.example/2024/01/03/kyiv-power");
    ck_field(a, ND_F_FORMAT, "nitf");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "2024-01-03T13:47:19Z");
    ck_field(
        a, ND_F_BODY,
        "Engineers restored electricity to most districts of Kyiv on Wednesday "
        "after overnight strikes damaged two substations, the city "
        "administration said.\n\nSome households on the left bank were still "
        "without heating by the afternoon.");
    nd_article_free(a);
}
END_TEST

/* ---- warc ------------------------------------------------------------ */

/* An article with every field, as newsdex-ingest would write it. */
static nd_article *
make_article(const char *tag, uint32_t item)
{
    nd_article *a = NULL;
    char text[256];
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    struct {
        nd_field f;
        const char *v;
    } fields[] = {
        {ND_F_TITLE, "Title; with 100% of it"},
        {ND_F_BYLINE, "Anna Kovacs"},
        {ND_F_DATELINE, "Nicosia"},
        {ND_F_SOURCE, "The Coastal Courier"},
        {ND_F_URL, "https://courier.example/a?b=1&c=%20d"},
        {ND_F_DOCNO, tag},
        {ND_F_LANG, "en"},
        {ND_F_FORMAT, "html"},
        {ND_F_PATH, "archive/page.html"},
        {ND_F_ABSPATH, "/srv/archive/page.html"},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(fields); i++)
        ck_assert_int_eq(
            nd_article_set(a, fields[i].f, fields[i].v, strlen(fields[i].v)),
            ND_OK);
    snprintf(text, sizeof text,
             "First paragraph of %s.\n\nSecond paragraph, caf\xC3\xA9.", tag);
    ck_assert_int_eq(nd_article_set(a, ND_F_BODY, text, strlen(text)), ND_OK);
    nd_article_set_item(a, item);
    nd_article_set_date(a, 1709627400, ND_DATE_DOCUMENT);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, "Xi Jinping", 10),
                     ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, "Nicosia", 7),
                     ND_OK);
    ck_assert_int_eq(
        nd_article_add_entity(a, ND_ENT_ORG, "Ministry of Defence", 19), ND_OK);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    return a;
}

static void
append_str(nd_buf *b, const char *s)
{
    ck_assert_int_eq(nd_buf_append(b, s, strlen(s)), ND_OK);
}

/* A record of another WARC type, framed correctly. */
static void
append_other(nd_buf *b, const char *type, const char *block)
{
    char head[256];
    snprintf(
        head, sizeof head,
        "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
        "Content-Type: application/warc-fields\r\nContent-Length: %zu\r\n\r\n",
        type, strlen(block));
    append_str(b, head);
    append_str(b, block);
    append_str(b, "\r\n\r\n");
}

START_TEST(test_formats_warc_roundtrip)
{
    nd_buf *w = NULL;
    ck_assert_int_eq(nd_buf_new(&w), ND_OK);
    nd_article *orig[2] = {make_article("A-1", 3), make_article("B-2", 4)};
    append_other(w, "warcinfo",
                 "software: newsdex\r\nformat: WARC File Format 1.1\r\n");
    ck_assert_int_eq(nd_record_write(orig[0], w), ND_OK);
    append_other(w, "request", "GET / HTTP/1.1\r\nHost: courier.example\r\n");
    ck_assert_int_eq(nd_record_write(orig[1], w), ND_OK);
    append_str(w, "\r\n\n  ");

    ck_assert_int_eq(nd_reader_open_mem(rd, "stream.warc", nd_buf_data(w),
                                        nd_buf_len(w), NULL),
                     ND_OK);
    ck_assert_str_eq(nd_reader_format(rd), "warc");
    for (size_t k = 0; k < 2; k++) {
        nd_article *a = NULL;
        ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
        for (int f = ND_F_TITLE; f < ND_F_COUNT; f++) {
            if (f == ND_F_PATH || f == ND_F_ABSPATH)
                continue;
            ck_assert_str_eq(nd_article_get(a, (nd_field)f),
                             nd_article_get(orig[k], (nd_field)f));
        }
        ck_assert_int_eq(nd_article_date(a), nd_article_date(orig[k]));
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_uint_eq(nd_article_entity_count(a),
                          nd_article_entity_count(orig[k]));
        for (size_t e = 0; e < nd_article_entity_count(a); e++) {
            nd_entity_type t1, t2;
            ck_assert_str_eq(nd_article_entity(a, e, &t1),
                             nd_article_entity(orig[k], e, &t2));
            ck_assert_int_eq(t1, t2);
        }
        /* the stream is the file its articles now come from */
        ck_field(a, ND_F_PATH, "stream.warc");
        ck_field(a, ND_F_ABSPATH, "stream.warc");
        ck_assert_uint_eq(nd_article_item(a), k);
        nd_article_free(a);
    }
    nd_article *end = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &end), ND_DONE);
    ck_assert_ptr_null(nd_reader_item_error(rd, 0, NULL));
    nd_article_free(orig[0]);
    nd_article_free(orig[1]);
    nd_buf_free(w);
}
END_TEST

START_TEST(test_formats_warc_bad_length)
{
    static const char *const bad = "WARC/1.1\r\nWARC-Type: conversion\r\n"
                                   "Content-Length: 12x\r\n\r\nbody\r\n\r\n";
    /* as the first record: the file cannot be read at all */
    ck_assert_int_eq(nd_reader_open_mem(rd, "bad.warc", bad, strlen(bad), NULL),
                     ND_EFORMAT);
    ck_has(nd_errmsg(rd), "Content-Length");

    /* after a good record: that one is kept, the rest is an item error */
    nd_buf *w = NULL;
    ck_assert_int_eq(nd_buf_new(&w), ND_OK);
    nd_article *orig = make_article("C-3", 0);
    ck_assert_int_eq(nd_record_write(orig, w), ND_OK);
    append_str(w, bad);
    ck_assert_int_eq(nd_reader_open_mem(rd, "half.warc", nd_buf_data(w),
                                        nd_buf_len(w), NULL),
                     ND_OK);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_field(a, ND_F_DOCNO, "C-3");
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_has(why, "Content-Length");
    ck_assert_uint_eq(item, 1);
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
    nd_article_free(orig);
    nd_buf_free(w);
}
END_TEST

START_TEST(test_formats_warc_no_articles)
{
    nd_buf *w = NULL;
    ck_assert_int_eq(nd_buf_new(&w), ND_OK);
    append_other(w, "warcinfo", "software: other\r\n");
    ck_assert_int_eq(nd_reader_open_mem(rd, "info.warc", nd_buf_data(w),
                                        nd_buf_len(w), NULL),
                     ND_EFORMAT);
    ck_has(nd_errmsg(rd), "no articles");
    nd_buf_free(w);
}
END_TEST

/* ---- errors and hostile input ----------------------------------------- */

START_TEST(test_formats_empty)
{
    ck_assert_int_eq(nd_reader_open_mem(rd, "empty.txt", "", 0, NULL),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "empty file");
    ck_assert_int_eq(nd_reader_open_mem(rd, "blank.xml", " \r\n\t\n", 5, NULL),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "empty file");
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}
END_TEST

START_TEST(test_formats_text_bom_only)
{
    /* found by fuzz_trec: a UTF-16 BOM and nothing else (once converted to
     * UTF-8 before detection, an empty file) */
    static const char *const docs[] = {"\xFF\xFE", "\xFE\xFF"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(docs); i++) {
        ck_assert_int_eq(nd_reader_open_mem(rd, "bom.txt", docs[i], 2, NULL),
                         ND_EFORMAT);
        ck_assert_str_eq(nd_errmsg(rd), "empty file");
    }
}
END_TEST

START_TEST(test_formats_garbage)
{
    unsigned char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    junk[0] = 0; /* not gzip, not a BOM */
    ck_assert_int_eq(
        nd_reader_open_mem(rd, "garbage.bin", junk, sizeof junk, NULL),
        ND_EFORMAT);
    ck_has(nd_errmsg(rd), "binary");
    ck_assert_str_eq(nd_reader_format(rd), "");
}
END_TEST

START_TEST(test_formats_no_text)
{
    static const char *const docs[] = {
        "<?xml version=\"1.0\"?>\n<newsitem itemid=\"1\"></newsitem>",
        "<?xml version=\"1.0\"?>\n<newsitem",
        "<LEWIS><REUTERS NEWID=\"1\"><TEXT></TEXT></REUTERS></LEWIS>",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(docs); i++) {
        ck_assert_int_eq(
            nd_reader_open_mem(rd, "n.xml", docs[i], strlen(docs[i]), NULL),
            ND_EFORMAT);
        ck_assert_str_eq(nd_errmsg(rd), "no text in the article");
    }
    static const char *const lewis = "<LEWIS><OTHER/></LEWIS>";
    ck_assert_int_eq(
        nd_reader_open_mem(rd, "l.xml", lewis, strlen(lewis), NULL),
        ND_EFORMAT);
    ck_has(nd_errmsg(rd), "no <REUTERS> story");
}
END_TEST

START_TEST(test_formats_xxe)
{
    size_t plen = 0;
    char *passwd = fx_slurp("/etc/passwd", &plen);
    /* the first line of the file: what a leak would show */
    char *nl = strchr(passwd, '\n');
    if (nl != NULL)
        *nl = '\0';
    ck_assert_uint_gt(strlen(passwd), 4);

    nd_article *a = first_data("xxe.xml");
    ck_assert_str_eq(nd_reader_format(rd), "rcv1");
    ck_field(a, ND_F_TITLE, "External entity stays out");
    ck_field(a, ND_F_BODY, "Before the entity after the entity.");
    ck_hasnt(nd_article_body(a), passwd);
    nd_article_free(a);

    /* a root no format knows is refused, and nothing is loaded */
    static const char *const x =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
        "\"file:///etc/passwd\">]><x>&e;</x>\n";
    ck_assert_int_eq(nd_reader_open_mem(rd, "x.xml", x, strlen(x), NULL),
                     ND_EFORMAT);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(rd), "markup"));
    ck_hasnt(nd_errmsg(rd), passwd);
    free(passwd);
}
END_TEST

START_TEST(test_formats_entity_bomb)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nd_article *a = first_data("bomb.xml");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(secs < 5.0, "entity bomb took %.1f s", secs);
    ck_field(a, ND_F_TITLE, "Entity bomb defused");
    ck_has(nd_article_body(a), "Start");
    ck_hasnt(nd_article_body(a), "lol");
    ck_assert_uint_lt(strlen(nd_article_body(a)), 64);
    nd_article_free(a);
}
END_TEST

START_TEST(test_formats_broken_xml)
{
    nd_article *a = first_data("broken.xml");
    ck_field(a, ND_F_TITLE, "Unclosed tags keep their text");
    ck_field(a, ND_F_DOCNO, "4242");
    ck_has(nd_article_body(a), "The first paragraph is complete.");
    ck_has(nd_article_body(a), "The second paragraph never closes");
    nd_article_free(a);
}
END_TEST

static Suite *
formats_suite(void)
{
    Suite *s = suite_create("formats");
    TCase *tc;

    tc = tcase_create("detect");
    tcase_add_loop_test(tc, test_formats_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("root_name");
    tcase_add_loop_test(tc, test_formats_root_name, 0,
                        (int)NDI_ARRAY_LEN(root_cases));
    tcase_add_test(tc, test_formats_root_name_short_buffer);
    suite_add_tcase(s, tc);

    tc = tcase_create("has_ext");
    tcase_add_loop_test(tc, test_formats_has_ext, 0,
                        (int)NDI_ARRAY_LEN(ext_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_text_wire);
    tcase_add_test(tc, test_formats_text_web);
    tcase_add_test(tc, test_formats_text_crlf);
    tcase_add_test(tc, test_formats_text_cp1252);
    tcase_add_loop_test(tc, test_formats_text_dateline, 0,
                        (int)NDI_ARRAY_LEN(dateline_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("html");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_html_article);
    tcase_add_test(tc, test_formats_html_noarticle);
    tcase_add_test(tc, test_formats_html_body_only);
    tcase_add_test(tc, test_formats_html_cp1252);
    tcase_add_loop_test(tc, test_formats_html_fields, 0,
                        (int)NDI_ARRAY_LEN(html_cases));
    tcase_add_loop_test(tc, test_formats_html_date, 0,
                        (int)NDI_ARRAY_LEN(html_date_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("reuters");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_reuters_many);
    tcase_add_test(tc, test_formats_reuters_one);
    tcase_add_test(tc, test_formats_reuters_unproc);
    suite_add_tcase(s, tc);

    tc = tcase_create("rcv1");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_rcv1);
    suite_add_tcase(s, tc);

    tc = tcase_create("nitf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_nitf);
    suite_add_tcase(s, tc);

    tc = tcase_create("warc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_warc_roundtrip);
    tcase_add_test(tc, test_formats_warc_bad_length);
    tcase_add_test(tc, test_formats_warc_no_articles);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_empty);
    tcase_add_test(tc, test_formats_text_bom_only);
    tcase_add_test(tc, test_formats_garbage);
    tcase_add_test(tc, test_formats_no_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_formats_xxe);
    tcase_add_test(tc, test_formats_entity_bomb);
    tcase_add_test(tc, test_formats_broken_xml);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(formats_suite());
}
