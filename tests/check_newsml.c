/* SPDX-License-Identifier: MIT */
/*
 * check_newsml.c - IPTC NewsML-G2 items (alone, in a newsMessage or a
 * packageItem) and NewsML 1 documents read through nd_reader: detection
 * against RCV1 and NITF, the fields, item numbering, and hostile XML.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "formats/formats.h"
#include "newsdex.h"
#include "normalize.h"

#define MAX_ARTS 64

static nd_reader *rd;
static nd_article *arts[MAX_ARTS];
static size_t narts;

static void
setup(void)
{
    ck_assert_int_eq(nd_reader_new(&rd), ND_OK);
    narts = 0;
}

static void
teardown(void)
{
    for (size_t i = 0; i < narts; i++)
        nd_article_free(arts[i]);
    narts = 0;
    nd_reader_free(rd);
    rd = NULL;
}

/* Read 'len' bytes as file 'name'; the articles go to arts[]. */
static nd_status
read_mem(const char *name, const char *data, size_t len, const nd_limits *lim)
{
    nd_status st = nd_reader_open_mem(rd, name, data, len, lim);
    if (st != ND_OK)
        return st;
    nd_article *a;
    while (nd_reader_next(rd, &a) == ND_OK) {
        if (narts < MAX_ARTS)
            arts[narts++] = a;
        else
            nd_article_free(a);
    }
    return ND_OK;
}

static void
read_ok(const char *name, const char *data, size_t len)
{
    nd_status st = read_mem(name, data, len, NULL);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
    ck_assert_str_eq(nd_reader_format(rd), "newsml");
}

static void
read_str(const char *name, const char *text)
{
    read_ok(name, text, strlen(text));
}

static void
read_data(const char *name)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    read_ok(name, data, len);
    free(data);
}

static nd_article *
item(uint32_t n)
{
    for (size_t i = 0; i < narts; i++)
        if (nd_article_item(arts[i]) == n)
            return arts[i];
    ck_abort_msg("no article with item %u", (unsigned)n);
    return NULL;
}

static const char *
item_error(uint32_t n)
{
    uint32_t it;
    const char *r;
    for (size_t i = 0; (r = nd_reader_item_error(rd, i, &it)) != NULL; i++)
        if (it == n)
            return r;
    return NULL;
}

static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

#define ck_field(a, f, s) ck_assert_str_eq(nd_article_get((a), (f)), (s))
#define ck_has(s, sub) \
    ck_assert_msg(strstr((s), (sub)) != NULL, "'%s' not in '%s'", (sub), (s))
#define ck_hasnt(s, sub) \
    ck_assert_msg(strstr((s), (sub)) == NULL, "'%s' in '%s'", (sub), (s))

/* 'sub' occurs in no field of any article read. */
static void
ck_nowhere(const char *sub)
{
    for (size_t i = 0; i < narts; i++)
        for (int f = 0; f < ND_F_COUNT; f++)
            ck_hasnt(nd_article_get(arts[i], (nd_field)f), sub);
}

/* Append 'times' copies of 's' (one assertion). */
static void
put(nd_buf *b, const char *s, size_t times)
{
    nd_status st = ND_OK;
    size_t n = strlen(s);
    for (size_t i = 0; i < times && st == ND_OK; i++)
        st = nd_buf_append(b, s, n);
    ck_assert_int_eq(st, ND_OK);
}

#define G2_OPEN "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
#define G2_ITEM(meta, content)                                             \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" G2_OPEN                 \
    "guid=\"g\" standard=\"NewsML-G2\"><itemMeta><itemClass "              \
    "qcode=\"ninat:text\"/></itemMeta><contentMeta>" meta "</contentMeta>" \
    "<contentSet>" content "</contentSet></newsItem>\n"

/* ---- detection ------------------------------------------------------ */

typedef struct detect_case {
    const char *name, *data, *format;
} detect_case;

static const detect_case detect_cases[] = {
    {"a.xml", G2_OPEN "guid=\"x\">", "newsml"},
    {"a.xml",
     "<?xml version=\"1.0\"?>\n<!-- comment -->\n<nar:newsItem "
     "xmlns:nar=\"http://iptc.org/std/nar/2006-10-01/\">",
     "newsml"},
    {"a.newsml", "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
     "newsml"},
    {"a.xml", "<packageItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
     "newsml"},
    /* the G2 spelling without its namespace */
    {"a.xml", "<newsItem guid=\"x\"><itemMeta/>", "newsml"},
    {"a.xml",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE NewsML SYSTEM "
     "\"NewsMLv1.2.dtd\">\n<NewsML Version=\"1.2\">",
     "newsml"},
    /* RCV1's <newsitem> is not NewsML */
    {"a.xml",
     "<?xml version=\"1.0\"?>\n<newsitem itemid=\"1\" id=\"root\" "
     "date=\"1996-08-20\" xml:lang=\"en\">",
     "rcv1"},
    {"a.xml", "<nitf><head><title>x</title></head>", "nitf"},
    {"a.xml", "<knowledgeItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
     NULL},
};

START_TEST(test_newsml_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *why = NULL;
    const ndi_format *f = ndi_detect(c->name, c->data, strlen(c->data), &why);
    if (c->format == NULL) {
        ck_assert_msg(f == NULL || strcmp(f->name, "newsml") != 0,
                      "claimed by newsml");
    } else {
        ck_assert_msg(f != NULL, "not detected (%s)", why ? why : "");
        ck_assert_str_eq(f->name, c->format);
    }
}
END_TEST

/* ---- fields --------------------------------------------------------- */

START_TEST(test_newsml_fields_item)
{
    read_data("newsml-g2-item.xml");
    ck_assert_uint_eq(narts, 1);
    nd_article *a = arts[0];
    /* the main headline, not the first one */
    ck_field(a, ND_F_TITLE, "Dam upgrade to cost 40 million");
    /* no contentCreated: firstCreated, converted to UTC */
    ck_assert_str_eq(iso(a), "2024-11-12T14:10:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_field(a, ND_F_DATELINE, "Lake Orrin");
    ck_field(a, ND_F_BYLINE, "Hana Sato, Ruben Alves");
    ck_field(a, ND_F_SOURCE, "Valley Times");
    /* language/@tag beats xml:lang="fr" */
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_DOCNO,
             "urn:newsml:valley-times.example:20241112:dam-upgrade");
    ck_field(a, ND_F_URL,
             "https://valley-times.example/2024/11/12/dam-upgrade");
    ck_field(a, ND_F_FORMAT, "newsml");
    /* the XHTML body without its head, h1 and scripts */
    ck_field(a, ND_F_BODY,
             "The water board approved a newsmlitemtoken upgrade of the Lake "
             "Orrin dam on Tuesday.\n\nWork on the spillway starts in "
             "spring.");
}
END_TEST

START_TEST(test_newsml_fields_message)
{
    read_data("newsml-g2-message.xml");
    /* the picture takes no item number; the empty item is an error */
    ck_assert_uint_eq(narts, 3);
    nd_article *a = item(0);
    ck_field(a, ND_F_TITLE, "Grain barges wait for higher water");
    ck_assert_str_eq(iso(a), "2024-11-13T10:30:00Z");
    ck_field(a, ND_F_BYLINE, "Olu Adeyemi");
    ck_field(a, ND_F_SOURCE, "Wire Example");
    ck_field(a, ND_F_DATELINE, "ST. CLAIR, Nov 13 (Wire)");
    ck_field(a, ND_F_BODY,
             "Forty newsmlgraintoken barges are waiting for the river to "
             "rise.\n\nShippers expect delays of a week.");
    /* plain inlineData keeps its paragraphs; the slugline is the title */
    a = item(1);
    ck_field(a, ND_F_TITLE, "FERRY-TIMES");
    ck_assert_str_eq(iso(a), "2024-11-13T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "The winter newsmlplaintoken timetable starts on "
             "Monday.\n\nTwo crossings are dropped.");
    ck_field(a, ND_F_DOCNO, "urn:newsml:wire.example:20241113:ferry");
    ck_has(item_error(2), "NewsML item without headline or text");
    /* HTML inlineData: text without the script */
    a = item(3);
    ck_field(a, ND_F_BODY, "Prices for newsmlhtmldatatoken wheat rose.");
    ck_nowhere("newsmlphototoken");
    ck_nowhere("newsmlbase64token");
    ck_assert_uint_eq(nd_reader_file(rd)->items, 4);
}
END_TEST

START_TEST(test_newsml_fields_v1)
{
    read_data("newsml-v1.xml");
    ck_assert_uint_eq(narts, 1);
    nd_article *a = arts[0];
    ck_field(a, ND_F_TITLE, "Harbour pilots accept new contract");
    ck_assert_str_eq(iso(a), "2024-11-14T07:15:00Z");
    ck_field(a, ND_F_BYLINE, "Sofia Lind");
    ck_field(a, ND_F_DATELINE, "PORT VEYRA, Nov 14");
    ck_field(a, ND_F_SOURCE, "Harbour News");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_DOCNO,
             "urn:newsml:harbour-news.example:20241114:pilots:1");
    ck_field(a, ND_F_BODY,
             "The pilots newsmlv1token voted to accept the "
             "contract.\n\nThe vote ends a month of talks.");
}
END_TEST

typedef struct field_case {
    const char *doc;
    nd_field f;
    const char *want;
} field_case;

static const field_case field_cases[] = {
    /* headlines: no role first, then role main, else the first */
    {G2_ITEM("<headline role=\"hld:sub\">Sub</headline><headline>Plain"
             "</headline>",
             ""),
     ND_F_TITLE, "Plain"},
    {G2_ITEM("<headline role=\"hld:sub\">Sub</headline><headline "
             "role=\"hld:short\">Short</headline>",
             ""),
     ND_F_TITLE, "Sub"},
    {G2_ITEM("<headline>Head <em>with</em>\n markup</headline>", ""),
     ND_F_TITLE, "Head with markup"},
    /* no headline: the XHTML title, then NITF's hl1 */
    {G2_ITEM("", "<inlineXML><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                 "<head><title>Page</title></head><body><p>x</p></body></html>"
                 "</inlineXML>"),
     ND_F_TITLE, "Page"},
    {G2_ITEM("", "<inlineXML><nitf><body><body.head><hedline><hl1>N</hl1>"
                 "</hedline></body.head><body.content><p>x</p></body.content>"
                 "</body></nitf></inlineXML>"),
     ND_F_BODY, "x"},
    /* inline XML of no known vocabulary: all its text */
    {G2_ITEM("<headline>H</headline>",
             "<inlineXML><story><para>One</para><para>Two</para></story>"
             "</inlineXML>"),
     ND_F_BODY, "One\n\nTwo"},
    {G2_ITEM("<headline>H</headline>",
             "<inlineXML><p>A <em>b</em>c</p><p>D</p></inlineXML>"),
     ND_F_BODY, "A bc\n\nD"},
    /* no content: the description */
    {G2_ITEM("<headline>H</headline><description role=\"drol:summary\">"
             "Summary</description>",
             "<remoteContent href=\"https://x.example/a.txt\"/>"),
     ND_F_BODY, "Summary"},
    {G2_ITEM("<headline>H</headline><by>BY KIM PARK</by>", ""), ND_F_BYLINE,
     "KIM PARK"},
    {G2_ITEM("<headline>H</headline><contributor><name>Ed</name>"
             "</contributor>",
             ""),
     ND_F_BYLINE, "Ed"},
    {G2_ITEM("<headline>H</headline><dateline>OSLO, May 2 —</dateline>", ""),
     ND_F_DATELINE, "OSLO, May 2"},
    {G2_ITEM("<headline>H</headline><language tag=\"DE-at\"/>", ""), ND_F_LANG,
     "de"},
    {G2_ITEM("<headline>H</headline><language tag=\"x-klingon\"/>", ""),
     ND_F_LANG, ""},
    /* the provider's QCode as the last resort for the source */
    {G2_ITEM("<headline>H</headline>", ""), ND_F_SOURCE, ""},
    {"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\">"
     "<itemMeta><provider qcode=\"nprov:ACME\"/><link rel=\"irel:seeAlso\" "
     "href=\"ftp://x.example/a\"/><link href=\"https://x.example/a\"/>"
     "</itemMeta><contentMeta><headline>H</headline></contentMeta>"
     "</newsItem>",
     ND_F_SOURCE, "ACME"},
    {"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\">"
     "<itemMeta><link rel=\"irel:seeAlso\" href=\"ftp://x.example/a\"/>"
     "<link href=\"https://x.example/a\"/></itemMeta><contentMeta>"
     "<headline>H</headline></contentMeta></newsItem>",
     ND_F_URL, "https://x.example/a"},
};

START_TEST(test_newsml_fields_cases)
{
    const field_case *c = &field_cases[_i];
    read_str("c.xml", c->doc);
    ck_assert_uint_eq(narts, 1);
    ck_field(arts[0], c->f, c->want);
}
END_TEST

typedef struct date_case {
    const char *meta, *item_meta, *want;
} date_case;

static const date_case date_cases[] = {
    {"<contentCreated>2024-01-02T03:04:05+02:00</contentCreated>",
     "<versionCreated>2024-05-05T00:00:00Z</versionCreated>",
     "2024-01-02T01:04:05Z"},
    {"<contentCreated>not a date</contentCreated>",
     "<firstCreated>2024-02-03T10:00:00Z</firstCreated>"
     "<versionCreated>2024-05-05T00:00:00Z</versionCreated>",
     "2024-02-03T10:00:00Z"},
    {"", "<versionCreated>2024-05-05T12:00:00-04:00</versionCreated>",
     "2024-05-05T16:00:00Z"},
    {"<contentModified>2024-06-06</contentModified>", "",
     "2024-06-06T00:00:00Z"},
    {"", "", ""},
};

START_TEST(test_newsml_fields_date)
{
    const date_case *c = &date_cases[_i];
    char doc[1024];
    snprintf(doc, sizeof doc,
             G2_OPEN "guid=\"d\"><itemMeta>%s</itemMeta><contentMeta>%s"
                     "<headline>Dated</headline></contentMeta></newsItem>",
             c->item_meta, c->meta);
    read_str("d.xml", doc);
    ck_assert_uint_eq(narts, 1);
    if (*c->want == '\0')
        ck_assert_int_ne(nd_article_datesrc(arts[0]), ND_DATE_DOCUMENT);
    else
        ck_assert_str_eq(iso(arts[0]), c->want);
}
END_TEST

/* ---- containers and items ------------------------------------------- */

START_TEST(test_newsml_items_package)
{
    const char *doc =
        "<packageItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
        "guid=\"pkg\"><itemMeta><itemClass qcode=\"ninat:composite\"/>"
        "</itemMeta><groupSet root=\"G1\"><group id=\"G1\">"
        "<itemRef residref=\"a\"><newsItem guid=\"a\"><contentMeta>"
        "<headline>First</headline></contentMeta></newsItem></itemRef>"
        "<itemRef residref=\"b\"><newsItem guid=\"b\"><contentMeta>"
        "<headline>Second</headline></contentMeta></newsItem></itemRef>"
        "</group></groupSet></packageItem>";
    read_str("p.xml", doc);
    ck_assert_uint_eq(narts, 2);
    ck_field(item(0), ND_F_DOCNO, "a");
    ck_field(item(1), ND_F_TITLE, "Second");
}
END_TEST

START_TEST(test_newsml_items_none)
{
    const char *doc = "<newsMessage xmlns=\"http://iptc.org/std/nar/"
                      "2006-10-01/\"><header/><itemSet/></newsMessage>";
    ck_assert_int_eq(read_mem("m.xml", doc, strlen(doc), NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "no newsItem");
}
END_TEST

START_TEST(test_newsml_items_only_pictures)
{
    const char *doc = "<newsMessage xmlns=\"http://iptc.org/std/nar/"
                      "2006-10-01/\"><itemSet><newsItem guid=\"p\"><itemMeta>"
                      "<itemClass qcode=\"ninat:picture\"/></itemMeta>"
                      "<contentMeta><headline>Photo</headline></contentMeta>"
                      "</newsItem></itemSet></newsMessage>";
    ck_assert_int_eq(read_mem("m.xml", doc, strlen(doc), NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "no articles");
}
END_TEST

START_TEST(test_newsml_items_max)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b, "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", 1);
    put(b,
        "<newsItem><contentMeta><headline>H</headline></contentMeta>"
        "</newsItem>",
        10);
    put(b, "</newsMessage>", 1);
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 4;
    ck_assert_int_eq(read_mem("m.xml", nd_buf_data(b), nd_buf_len(b), &lim),
                     ND_OK);
    ck_assert_uint_eq(narts, 4);
    ck_has(item_error(4), "too many articles");
    nd_buf_free(b);
}
END_TEST

/* ---- hostile input -------------------------------------------------- */

START_TEST(test_newsml_hostile_xxe_fixture)
{
    read_data("newsml-xxe.xml");
    ck_assert_uint_eq(narts, 1);
    ck_has(nd_article_body(arts[0]), "newsmlxxetoken");
    ck_field(arts[0], ND_F_TITLE, "Entity headline");
    ck_nowhere("root:");
    ck_nowhere("/bin/");
}
END_TEST

START_TEST(test_newsml_hostile_xxe_canary)
{
    /* an entity naming a real file next to the document */
    const char *dir = fx_tmpdir();
    char canary[4200], doc[8192];
    snprintf(canary, sizeof canary, "%s",
             fx_write_str(dir, "canary.txt", "newsmlleakcanary\n"));
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE newsItem [<!ENTITY c SYSTEM "
             "\"file://%s\">]>\n" G2_OPEN
             "guid=\"x\"><contentMeta><headline>Canary &c;</headline>"
             "</contentMeta><contentSet><inlineData>before &c; after"
             "</inlineData></contentSet></newsItem>",
             canary);
    const char *path = fx_write_str(dir, "xxe.xml", doc);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_OK);
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    arts[narts++] = a;
    ck_field(a, ND_F_TITLE, "Canary");
    ck_field(a, ND_F_BODY, "before after");
    ck_nowhere("newsmlleakcanary");
    fx_rmtree(dir);
}
END_TEST

START_TEST(test_newsml_hostile_laughs)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b, "<?xml version=\"1.0\"?><!DOCTYPE newsItem [<!ENTITY a0 \"lol\">",
        1);
    char ent[256];
    for (int i = 1; i < 10; i++) {
        snprintf(ent, sizeof ent,
                 "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;"
                 "&a%d;&a%d;\">",
                 i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                 i - 1, i - 1);
        put(b, ent, 1);
    }
    put(b,
        "]>" G2_OPEN "guid=\"l\"><contentMeta><headline>Laughs "
        "newsmllaughtoken</headline></contentMeta><contentSet><inlineData>"
        "&a9;</inlineData></contentSet></newsItem>",
        1);
    nd_status st = read_mem("l.xml", nd_buf_data(b), nd_buf_len(b), NULL);
    if (st == ND_OK) {
        ck_assert_uint_eq(narts, 1);
        ck_assert_uint_lt(strlen(nd_article_body(arts[0])), 1000);
    } else {
        ck_assert_int_eq(st, ND_EFORMAT);
    }
    nd_buf_free(b);
}
END_TEST

START_TEST(test_newsml_hostile_deep)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b,
        G2_OPEN "guid=\"deep\"><contentMeta><headline>Deep "
                "newsmldeeptoken</headline></contentMeta><contentSet>"
                "<inlineXML><html><body>",
        1);
    put(b, "<div>", 50000);
    put(b, "deep text", 1);
    nd_status st = read_mem("deep.xml", nd_buf_data(b), nd_buf_len(b), NULL);
    /* libxml2 stops at its depth cap; what it kept may be read */
    if (st == ND_OK)
        ck_assert_uint_le(narts, 1);
    else
        ck_assert_int_eq(st, ND_EFORMAT);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_newsml_hostile_bytes)
{
    /* invalid UTF-8 and a NUL inside a declared UTF-8 document */
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" G2_OPEN
        "guid=\"b\"><contentMeta><headline>Caf\xe9 \xff\xfe "
        "newsmlbytestoken</headline></contentMeta><contentSet><inlineData>"
        "before\0after \xc0\xaf end</inlineData></contentSet></newsItem>";
    nd_status st = read_mem("b.xml", doc, sizeof doc - 1, NULL);
    ck_assert_msg(st == ND_OK || st == ND_EFORMAT, "%s", nd_strerror(st));
    for (size_t i = 0; i < narts; i++)
        for (int f = 0; f < ND_F_COUNT; f++) {
            const char *s = nd_article_get(arts[i], (nd_field)f);
            ck_assert(ndi_utf8_valid(s, strlen(s)));
        }
    if (st == ND_OK)
        ck_has(nd_article_title(arts[0]), "Caf\xC3\xA9");
}
END_TEST

START_TEST(test_newsml_hostile_truncated)
{
    /* every prefix of a real document: an article or an error, no crash */
    size_t len;
    char *data = fx_slurp(fx_data("newsml-g2-message.xml"), &len);
    size_t ok = 0, failed = 0;
    for (size_t cut = 1; cut < len; cut += 37) {
        nd_reader *r = NULL;
        nd_status st = nd_reader_new(&r);
        if (st == ND_OK)
            st = nd_reader_open_mem(r, "cut.xml", data, cut, NULL);
        nd_article *a;
        while (st == ND_OK && nd_reader_next(r, &a) == ND_OK)
            nd_article_free(a);
        if (st == ND_OK)
            ok++;
        else if (st == ND_EFORMAT)
            failed++;
        nd_reader_free(r);
    }
    /* the recovering parser reads the items before the cut */
    ck_assert_uint_gt(ok, 0);
    ck_assert_uint_gt(failed, 0);
    ck_assert_uint_eq(ok + failed, (len - 2) / 37 + 1);
    free(data);
}
END_TEST

START_TEST(test_newsml_hostile_garbage)
{
    char junk[8192];
    unsigned x = 777;
    memcpy(junk, G2_OPEN, strlen(G2_OPEN));
    for (size_t i = strlen(G2_OPEN); i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    nd_status st = read_mem("junk.xml", junk, sizeof junk, NULL);
    ck_assert_msg(st == ND_OK || st == ND_EFORMAT, "%s", nd_strerror(st));
    ck_assert_uint_le(narts, 1);
}
END_TEST

static Suite *
newsml_suite(void)
{
    Suite *s = suite_create("newsml");
    TCase *tc = tcase_create("detect");
    tcase_add_loop_test(tc, test_newsml_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_newsml_fields_item);
    tcase_add_test(tc, test_newsml_fields_message);
    tcase_add_test(tc, test_newsml_fields_v1);
    tcase_add_loop_test(tc, test_newsml_fields_cases, 0,
                        (int)NDI_ARRAY_LEN(field_cases));
    tcase_add_loop_test(tc, test_newsml_fields_date, 0,
                        (int)NDI_ARRAY_LEN(date_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("items");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_newsml_items_package);
    tcase_add_test(tc, test_newsml_items_none);
    tcase_add_test(tc, test_newsml_items_only_pictures);
    tcase_add_test(tc, test_newsml_items_max);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_newsml_hostile_xxe_fixture);
    tcase_add_test(tc, test_newsml_hostile_xxe_canary);
    tcase_add_test(tc, test_newsml_hostile_laughs);
    tcase_add_test(tc, test_newsml_hostile_deep);
    tcase_add_test(tc, test_newsml_hostile_bytes);
    tcase_add_test(tc, test_newsml_hostile_truncated);
    tcase_add_test(tc, test_newsml_hostile_garbage);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(newsml_suite());
}
