/* SPDX-License-Identifier: MIT */
/*
 * check_jsonl.c - JSON article dumps (JSON Lines, JSON documents and
 * arrays) read through nd_reader: detection, the field names crawlers use,
 * item numbering and errors, "not news" JSON, and hostile lines.
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
    ck_assert_str_eq(nd_reader_format(rd), "jsonl");
}

static void
read_str(const char *name, const char *text)
{
    read_ok(name, text, strlen(text));
}

/* Read a file of tests/data from memory under its own name. */
static void
read_data(const char *name)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    read_ok(name, data, len);
    free(data);
}

/* The article with item number 'item'. */
static nd_article *
item(uint32_t n)
{
    for (size_t i = 0; i < narts; i++)
        if (nd_article_item(arts[i]) == n)
            return arts[i];
    ck_abort_msg("no article with item %u", (unsigned)n);
    return NULL;
}

/* The reason of the item error of item 'n', or NULL. */
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

static size_t
error_count(void)
{
    size_t n = 0;
    uint32_t it;
    while (nd_reader_item_error(rd, n, &it) != NULL)
        n++;
    return n;
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

/* Every text field is valid UTF-8 without NULs or control characters
 * (the body keeps its newlines). */
static void
ck_clean(const nd_article *a)
{
    for (int f = 0; f < ND_F_COUNT; f++) {
        const char *s = nd_article_get(a, (nd_field)f), *bad = NULL;
        for (const char *p = s; *p && bad == NULL; p++)
            if ((unsigned char)*p < 0x20 && !(*p == '\n' && f == ND_F_BODY))
                bad = p;
        ck_assert_msg(bad == NULL, "control character in field %d: %s", f, s);
        ck_assert(ndi_utf8_valid(s, strlen(s)));
    }
}

/* Append 'times' copies of 's' to 'b' (one assertion: Check writes a
 * message for each). */
static void
put(nd_buf *b, const char *s, size_t times)
{
    nd_status st = ND_OK;
    size_t n = strlen(s);
    for (size_t i = 0; i < times && st == ND_OK; i++)
        st = nd_buf_append(b, s, n);
    ck_assert_int_eq(st, ND_OK);
}

/* ---- detection ------------------------------------------------------ */

typedef struct detect_case {
    const char *name, *data;
    size_t len;
    const char *format; /* NULL: nothing claims it */
} detect_case;

#define BYTES(s) s, sizeof(s) - 1

static const detect_case detect_cases[] = {
    {"a.jsonl", BYTES("{\"title\": \"x\", \"text\": \"y\"}\n"), "jsonl"},
    {"a.ndjson", BYTES("{\"title\": \"x\"}\n"), "jsonl"},
    {"a.json", BYTES("\n\n  {\"title\": \"x\"}\n"), "jsonl"},
    {"a.json", BYTES("\xEF\xBB\xBF{\"title\": \"x\"}"), "jsonl"},
    {"a.json", BYTES("[\n  {\n    \"title\": \"x\"\n  }\n]\n"), "jsonl"},
    /* no name to go by: the content decides, above plain text */
    {"dump", BYTES("{\"headline\": \"x\"}\n"), "jsonl"},
    {"dump.txt", BYTES("{\"title\": \"x\"}\n"), "jsonl"},
    {"dump", BYTES("[{\"title\": \"x\"}]"), "jsonl"},
    /* braces that do not open a JSON object are text */
    {"note.txt", BYTES("{not json} but a note\n"), "text"},
    {"note.txt", BYTES("[1] First footnote\n"), "text"},
    /* markup stays with its formats */
    {"a.json", BYTES("<?xml version=\"1.0\"?><nitf><head/></nitf>"), "nitf"},
    {"a.json", BYTES(""), NULL},
    /* other content under a JSON name: parse() says what is wrong */
    {"a.jsonl", BYTES("not json\n"), "jsonl"},
    {"a.json", BYTES("\"a string\""), "jsonl"},
    {"a.ndjson", BYTES("[1, 2]"), "jsonl"},
};

START_TEST(test_jsonl_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *why = NULL;
    const ndi_format *f = ndi_detect(c->name, c->data, c->len, &why);
    if (c->format == NULL) {
        ck_assert_ptr_null(f);
    } else {
        ck_assert_msg(f != NULL, "%s: not detected (%s)", c->name,
                      why ? why : "");
        ck_assert_str_eq(f->name, c->format);
    }
}
END_TEST

/* ---- fields --------------------------------------------------------- */

START_TEST(test_jsonl_fields_newsplease)
{
    read_data("jsonl-crawl.jsonl");
    nd_article *a = item(0);
    ck_field(a, ND_F_TITLE, "Ferry fares frozen for the winter");
    /* "+02:00" converted to UTC; date_modify is null and skipped */
    ck_assert_str_eq(iso(a), "2024-11-06T08:15:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_field(a, ND_F_URL,
             "https://coastal-herald.example/2024/11/06/ferry-fares");
    ck_field(a, ND_F_BYLINE, "Mara Oyelaran, Tomas Vieira");
    ck_field(a, ND_F_SOURCE, "coastal-herald.example");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_FORMAT, "jsonl");
    ck_field(a, ND_F_DOCNO, "");
    /* maintext, not the description; a line break is a paragraph */
    ck_field(a, ND_F_BODY,
             "The island ferry company will keep its fares unchanged until "
             "March, jsonlferrytoken officials said.\n\nThe decision follows "
             "a year of rising fuel costs.\n\nPassenger groups welcomed the "
             "freeze.");
}
END_TEST

START_TEST(test_jsonl_fields_variants)
{
    read_data("jsonl-crawl.jsonl");
    /* newspaper: author objects with "By", a numeric id, an ftp URL */
    nd_article *a = item(1);
    ck_assert_str_eq(iso(a), "2024-11-05T08:00:00Z");
    ck_field(a, ND_F_BYLINE, "Ines Calder, Petr Novak");
    ck_field(a, ND_F_DOCNO, "48213");
    ck_field(a, ND_F_URL, "");
    ck_field(a, ND_F_SOURCE, "Gazette");
    /* NewsAPI: source object, publishedAt, content before description */
    a = item(2);
    ck_field(a, ND_F_SOURCE, "Valley Times");
    ck_field(a, ND_F_BYLINE, "Dana Whitfield");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_DOCNO, "vt-2024-1104-bridge");
    ck_assert_str_eq(iso(a), "2024-11-04T16:45:00Z");
    ck_has(nd_article_body(a), "jsonlbridgetoken");
    ck_hasnt(nd_article_body(a), "Engineers checked");
    /* epoch seconds, uuid, byline, site_name */
    a = item(7);
    ck_assert_str_eq(iso(a), "2024-11-05T10:00:00Z");
    ck_field(a, ND_F_DOCNO, "b9e4a3c2-1d7f-4e55-9a1b-0c2d3e4f5a6b");
    ck_field(a, ND_F_BYLINE, "Lena Moss");
    ck_field(a, ND_F_SOURCE, "City Arts");
    /* headline/article/pubDate/link, "English", MongoDB _id */
    a = item(8);
    ck_field(a, ND_F_TITLE, "Rail strike called off");
    ck_assert_str_eq(iso(a), "2024-11-04T06:30:00Z");
    ck_field(a, ND_F_URL, "https://rail-news.example/strike-off");
    ck_field(a, ND_F_LANG, "en");
    ck_field(a, ND_F_DOCNO, "672a1f0c9b1e4c0012345678");
    ck_has(nd_article_body(a), "jsonlrailtoken");
}
END_TEST

START_TEST(test_jsonl_fields_html)
{
    read_data("jsonl-crawl.jsonl");
    nd_article *a = item(7);
    ck_field(a, ND_F_BODY,
             "The city orchestra jsonlhtmltoken will play twelve concerts."
             "\n\nTickets go on sale on Monday.");
    ck_hasnt(nd_article_body(a), "jsonlscripttoken");
    ck_hasnt(nd_article_body(a), "<p>");
}
END_TEST

/* One object per case: the field it sets ((nd_field)-1: the date, as
 * ISO 8601; "" means unset or no date stated). */
typedef struct key_case {
    const char *json;
    int field;
    const char *want;
} key_case;

#define DATE (-1)

static const key_case key_cases[] = {
    {"{\"headline\": \"H\", \"body\": \"B\"}", ND_F_TITLE, "H"},
    {"{\"headline\": \"H\", \"body\": \"B\"}", ND_F_BODY, "B"},
    {"{\"title_page\": \"P\", \"text\": \"T\"}", ND_F_TITLE, "P"},
    /* the first text key with text wins */
    {"{\"title\": \"T\", \"text\": \" \", \"maintext\": \"M\"}", ND_F_BODY,
     "M"},
    {"{\"title\": \"T\", \"text\": null, \"content\": \"C\"}", ND_F_BODY, "C"},
    {"{\"title\": \"T\", \"description\": \"D\"}", ND_F_BODY, "D"},
    {"{\"title\": \"T\", \"content\": [\"p1\", 7, \"p2\"]}", ND_F_BODY,
     "p1\n\np2"},
    {"{\"text\": \"only text\"}", ND_F_TITLE, ""},
    {"{\"text\": \"a < b and c > d\"}", ND_F_BODY, "a < b and c > d"},
    {"{\"text\": \"x\", \"date\": \"2024-11-06 18:20:00\"}", DATE,
     "2024-11-06T18:20:00Z"},
    {"{\"text\": \"x\", \"date_publish\": \"2024-11-07T10:00:00+01:00\"}", DATE,
     "2024-11-07T09:00:00Z"},
    {"{\"text\": \"x\", \"published\": \"2024-11-07T10:00:00-0500\"}", DATE,
     "2024-11-07T15:00:00Z"},
    {"{\"text\": \"x\", \"datePublished\": \"2024-11-07\"}", DATE,
     "2024-11-07T00:00:00Z"},
    {"{\"text\": \"x\", \"pubDate\": \"Thu, 07 Nov 2024 10:00:00 GMT\"}", DATE,
     "2024-11-07T10:00:00Z"},
    {"{\"text\": \"x\", \"publish_date\": 1730973600}", DATE,
     "2024-11-07T10:00:00Z"},
    {"{\"text\": \"x\", \"date\": 1730973600000}", DATE,
     "2024-11-07T10:00:00Z"},
    {"{\"text\": \"x\", \"date\": 1730973600.5}", DATE, "2024-11-07T10:00:00Z"},
    {"{\"text\": \"x\", \"date\": 20241107}", DATE, "2024-11-07T00:00:00Z"},
    {"{\"text\": \"x\", \"date\": \"20241107\"}", DATE, "2024-11-07T00:00:00Z"},
    {"{\"text\": \"x\", \"date\": 20241399}", DATE, ""},
    {"{\"text\": \"x\", \"date\": \"1730973600\"}", DATE,
     "2024-11-07T10:00:00Z"},
    {"{\"text\": \"x\", \"date\": {\"$date\": \"2024-11-07T10:00:00Z\"}}", DATE,
     "2024-11-07T10:00:00Z"},
    /* the first date that parses */
    {"{\"text\": \"x\", \"date\": \"soon\", \"date_modify\": \"2024-11-08\"}",
     DATE, "2024-11-08T00:00:00Z"},
    {"{\"text\": \"x\", \"date\": 0}", DATE, ""},
    {"{\"text\": \"x\", \"date\": true}", DATE, ""},
    {"{\"text\": \"x\", \"url\": \"https://a.example/s\"}", ND_F_URL,
     "https://a.example/s"},
    {"{\"text\": \"x\", \"link\": \" http://a.example/s\"}", ND_F_URL,
     "http://a.example/s"},
    {"{\"text\": \"x\", \"url\": \"javascript:alert(1)\"}", ND_F_URL, ""},
    {"{\"text\": \"x\", \"url\": \"/relative/path\"}", ND_F_URL, ""},
    {"{\"text\": \"x\", \"author\": \"By Ann Lee\"}", ND_F_BYLINE, "Ann Lee"},
    {"{\"text\": \"x\", \"author\": {\"@type\": \"Person\", \"name\": \"Bo "
     "Li\"}}",
     ND_F_BYLINE, "Bo Li"},
    {"{\"text\": \"x\", \"authors\": [], \"byline\": \"Cy Ng\"}", ND_F_BYLINE,
     "Cy Ng"},
    {"{\"text\": \"x\", \"authors\": [\"A\", {\"name\": \"B\"}, 3, null, "
     "\"\"]}",
     ND_F_BYLINE, "A, B"},
    {"{\"text\": \"x\", \"publisher\": {\"name\": \"Daily\"}}", ND_F_SOURCE,
     "Daily"},
    {"{\"text\": \"x\", \"site_name\": \"Weekly\"}", ND_F_SOURCE, "Weekly"},
    {"{\"text\": \"x\", \"source_domain\": \"a.example\", \"source\": \"B\"}",
     ND_F_SOURCE, "a.example"},
    {"{\"text\": \"x\", \"lang\": \"de-AT\"}", ND_F_LANG, "de"},
    {"{\"text\": \"x\", \"language\": \"FR\"}", ND_F_LANG, "fr"},
    {"{\"text\": \"x\", \"language\": \"spa\"}", ND_F_LANG, "es"},
    {"{\"text\": \"x\", \"language\": \"Klingon\"}", ND_F_LANG, ""},
    {"{\"text\": \"x\", \"language\": \"e\"}", ND_F_LANG, ""},
    {"{\"text\": \"x\", \"id\": 12}", ND_F_DOCNO, "12"},
    {"{\"text\": \"x\", \"id\": null, \"guid\": \"g-1\"}", ND_F_DOCNO, "g-1"},
    {"{\"text\": \"x\", \"uuid\": \"u-1\"}", ND_F_DOCNO, "u-1"},
    {"{\"text\": \"x\", \"_id\": {\"$oid\": \"abc\"}}", ND_F_DOCNO, "abc"},
    {"{\"text\": \"x\", \"id\": [1, 2]}", ND_F_DOCNO, ""},
};

START_TEST(test_jsonl_keys)
{
    const key_case *c = &key_cases[_i];
    read_str("one.jsonl", c->json);
    ck_assert_uint_eq(narts, 1);
    if (c->field == DATE) {
        if (*c->want == '\0')
            ck_assert_int_ne(nd_article_datesrc(arts[0]), ND_DATE_DOCUMENT);
        else
            ck_assert_str_eq(iso(arts[0]), c->want);
    } else {
        ck_field(arts[0], (nd_field)c->field, c->want);
    }
}
END_TEST

/* ---- items and errors ----------------------------------------------- */

START_TEST(test_jsonl_errors_items)
{
    read_data("jsonl-crawl.jsonl");
    /* 9 items: the blank lines take no number */
    ck_assert_uint_eq(narts, 5);
    ck_assert_uint_eq(error_count(), 4);
    ck_assert_uint_eq(nd_reader_file(rd)->items, 9);
    ck_field(item(2), ND_F_TITLE, "Bridge inspection finds no damage");
    ck_has(item_error(3), "bad JSON: unexpected end of data (line 6)");
    /* an array on a line: each element is an item */
    ck_has(item_error(4), "JSON string, not an article object");
    ck_has(item_error(4), "line 7, element 1");
    ck_has(item_error(5), "line 7, element 2");
    ck_has(item_error(6), "JSON object without title or text (line 8)");
    /* the line after the broken one is read */
    ck_field(item(7), ND_F_TITLE, "Orchestra announces new season");
    for (size_t i = 0; i < narts; i++)
        ck_hasnt(nd_article_body(arts[i]), "jsonlbrokentoken");
}
END_TEST

typedef struct error_case {
    const char *data, *reason;
} error_case;

static const error_case error_cases[] = {
    {"{\"title\": \"a\", \"text\": nul}\n", "bad JSON: null expected"},
    {"{\"title\": \"a\" \"text\": \"b\"}\n",
     "bad JSON: object value separator"},
    {"{\"title\": \"a\"]\n", "bad JSON: object value separator"},
    {"}{\n", "bad JSON: unexpected character"},
    {"not json at all\n", "bad JSON: null expected (line 1)"},
    {"{\"title\": \"cut", "bad JSON: unexpected end of data (line 1)"},
    {"null\n", "JSON null, not an article object"},
    {"\"just a string\"\n", "JSON string, not an article object"},
    {"{\"title\": \"\", \"text\": \"   \"}\n", "without title or text"},
    {"{\"title\": 42, \"text\": [1, 2]}\n", "without title or text"},
};

/* A broken first line, then a good one: the error is item 0, the
 * article item 1. */
START_TEST(test_jsonl_errors_reasons)
{
    const error_case *c = &error_cases[_i];
    char doc[512];
    snprintf(doc, sizeof doc, "%s\n{\"title\": \"Good\", \"text\": \"ok\"}\n",
             c->data);
    read_str("e.jsonl", doc);
    ck_assert_uint_eq(narts, 1);
    ck_assert_uint_eq(nd_article_item(arts[0]), 1);
    ck_assert_uint_eq(error_count(), 1);
    ck_assert_ptr_nonnull(item_error(0));
    ck_has(item_error(0), c->reason);
}
END_TEST

START_TEST(test_jsonl_errors_only_broken)
{
    /* nothing usable: the file fails with the first item's reason */
    const char *doc = "{\"title\": \"cut\n{\"also\": \"cut\n";
    ck_assert_int_eq(read_mem("b.jsonl", doc, strlen(doc), NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "bad JSON");
}
END_TEST

START_TEST(test_jsonl_errors_max_items)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 3;
    const char *doc = "{\"text\": \"one\"}\n"
                      "broken\n"
                      "{\"text\": \"three\"}\n"
                      "{\"text\": \"four\"}\n"
                      "{\"text\": \"five\"}\n";
    ck_assert_int_eq(read_mem("m.jsonl", doc, strlen(doc), &lim), ND_OK);
    ck_assert_uint_eq(narts, 2);
    ck_field(item(2), ND_F_BODY, "three");
    ck_has(item_error(3), "too many articles");
    ck_assert_uint_eq(error_count(), 2);
}
END_TEST

START_TEST(test_jsonl_errors_many)
{
    /* more broken lines than are held back before the first article */
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b, "{oops\n", 150);
    put(b, "{\"title\": \"Last\", \"text\": \"at the end\"}\n", 1);
    read_ok("many.jsonl", nd_buf_data(b), nd_buf_len(b));
    ck_assert_uint_eq(narts, 1);
    ck_assert_uint_eq(nd_article_item(arts[0]), 150);
    ck_assert_uint_eq(error_count(), 150);
    ck_has(item_error(149), "line 150");
    nd_buf_free(b);
}
END_TEST

/* ---- documents, BOM, CRLF ------------------------------------------- */

START_TEST(test_jsonl_document_pretty)
{
    read_data("jsonl-pretty.json");
    ck_assert_uint_eq(narts, 1);
    nd_article *a = arts[0];
    ck_field(a, ND_F_TITLE, "Museum opens new wing");
    /* date_publish is null: date_modify is the first date there is */
    ck_assert_str_eq(iso(a), "2024-11-08T13:00:00Z");
    ck_field(a, ND_F_BYLINE, "Ines Calder");
    ck_field(a, ND_F_SOURCE, "gazette.example");
    ck_has(nd_article_body(a), "jsonlprettytoken wing on Friday.\n\nIt");
    ck_assert_uint_eq(error_count(), 0);
}
END_TEST

START_TEST(test_jsonl_document_array)
{
    read_data("jsonl-array.json");
    ck_assert_uint_eq(narts, 3);
    ck_field(item(0), ND_F_DOCNO, "arr-1");
    ck_field(item(1), ND_F_TITLE, "School roof repaired");
    ck_field(item(3), ND_F_DOCNO, "arr-4");
    ck_assert_str_eq(iso(item(3)), "2024-10-04T00:00:00Z");
    ck_has(item_error(2), "JSON int, not an article object");
    ck_has(item_error(2), "element 3");
}
END_TEST

START_TEST(test_jsonl_document_broken)
{
    /* a pretty-printed document cut short is one broken item, not one
     * error per line */
    const char *doc = "[\n  {\n    \"title\": \"Cut\",\n    \"text\": \"off";
    ck_assert_int_eq(read_mem("cut.json", doc, strlen(doc), NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "bad JSON");
    ck_assert_uint_eq(error_count(), 1);
}
END_TEST

START_TEST(test_jsonl_document_concatenated)
{
    /* pretty objects one after another (no array) */
    const char *doc = "{\n  \"title\": \"One\",\n  \"text\": \"first\"\n}\n"
                      "{\n  \"title\": \"Two\",\n  \"text\": \"second\"\n}\n";
    read_str("two.json", doc);
    ck_assert_uint_eq(narts, 2);
    ck_field(item(1), ND_F_TITLE, "Two");
}
END_TEST

START_TEST(test_jsonl_document_bom_crlf)
{
    read_data("jsonl-bom-crlf.jsonl");
    ck_assert_uint_eq(narts, 2);
    ck_assert_uint_eq(error_count(), 0);
    nd_article *a = item(0);
    ck_field(a, ND_F_TITLE, "Harbour dues to rise");
    ck_field(a, ND_F_DOCNO, "crlf-1");
    /* "\r\n" inside the text is a paragraph break, no '\r' is left */
    ck_field(a, ND_F_BODY,
             "Harbour dues rise by jsonlcrlftoken five percent.\n\nShip owners "
             "object.");
    /* milliseconds since the epoch */
    ck_assert_str_eq(iso(item(1)), "2024-10-30T10:00:00Z");
    ck_clean(item(1));
}
END_TEST

/* ---- not news ------------------------------------------------------- */

START_TEST(test_jsonl_notnews_fixture)
{
    size_t len;
    char *data = fx_slurp(fx_data("jsonl-notnews.json"), &len);
    ck_assert_int_eq(read_mem("jsonl-notnews.json", data, len, NULL),
                     ND_EFORMAT);
    free(data);
    ck_has(nd_errmsg(rd), "not news");
    ck_assert_uint_eq(error_count(), 0);
}
END_TEST

static const char *const notnews_cases[] = {
    "{}",
    "[\"a\", \"b\", \"c\"]",
    "{\n  \"compilerOptions\": {\"strict\": true},\n  \"include\": "
    "[\"src\"]\n}",
    "[{\"lat\": 1.5, \"lon\": 2}, {\"lat\": 3, \"lon\": 4}]",
    "{\"name\": \"a\"}\n{\"name\": \"b\"}\nbroken line\n",
};

START_TEST(test_jsonl_notnews_shapes)
{
    const char *doc = notnews_cases[_i];
    ck_assert_int_eq(read_mem("x.json", doc, strlen(doc), NULL), ND_EFORMAT);
    ck_has(nd_errmsg(rd), "not news");
}
END_TEST

START_TEST(test_jsonl_notnews_many_objects)
{
    /* a long run of objects without article fields ends the file early */
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b, "{\"k\": 1}\n", 40);
    put(b, "{\"title\": \"Late\", \"text\": \"too late\"}\n", 1);
    ck_assert_int_eq(read_mem("k.jsonl", nd_buf_data(b), nd_buf_len(b), NULL),
                     ND_EFORMAT);
    ck_has(nd_errmsg(rd), "not news");
    nd_buf_free(b);
}
END_TEST

START_TEST(test_jsonl_notnews_few_objects)
{
    /* a few objects without fields before the articles are item errors */
    const char *doc = "{\"k\": 1}\n{\"k\": 2}\n"
                      "{\"title\": \"Real\", \"text\": \"news\"}\n";
    read_str("k.jsonl", doc);
    ck_assert_uint_eq(narts, 1);
    ck_assert_uint_eq(nd_article_item(arts[0]), 2);
    ck_assert_uint_eq(error_count(), 2);
    ck_has(item_error(0), "without title or text (line 1)");
}
END_TEST

/* ---- hostile input -------------------------------------------------- */

START_TEST(test_jsonl_hostile_fixture)
{
    read_data("jsonl-hostile.jsonl");
    for (size_t i = 0; i < narts; i++)
        ck_clean(arts[i]);
    ck_has(item_error(1), "bad JSON: nesting too deep (line 2)");
    ck_has(item_error(6), "bad JSON: unexpected character (line 7)");
    ck_assert_uint_eq(narts, 6);
    /* invalid UTF-8 read as Windows-1252 */
    ck_field(item(2), ND_F_TITLE, "Bad bytes \xC3\xBF\xC3\xBE here");
    ck_has(nd_article_body(item(2)), "caf\xC3\xA9 and jsonlbadutftoken");
    /* a raw NUL and \u0000 separate words */
    ck_field(item(3), ND_F_BODY, "before jsonlnultoken after");
    ck_has(nd_article_body(item(4)), "a jsonlescnultoken b");
    /* lone surrogates become U+FFFD */
    ck_has(nd_article_body(item(4)), "b \xEF\xBF\xBD lone");
    /* a NUL between tokens is whitespace */
    ck_field(item(5), ND_F_BODY, "jsonlnulkeytoken");
    ck_field(item(7), ND_F_DOCNO, "h-7");
}
END_TEST

START_TEST(test_jsonl_hostile_deep)
{
    /* 100000 levels in one line, then a good line */
    size_t depth = 100000;
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    put(b, "{\"title\": \"D\", \"x\": ", 1);
    put(b, "{\"a\":", depth);
    put(b, "\n{\"title\": \"Next\"}\n", 1);
    read_ok("deep.jsonl", nd_buf_data(b), nd_buf_len(b));
    ck_assert_uint_eq(narts, 1);
    ck_field(item(1), ND_F_TITLE, "Next");
    ck_has(item_error(0), "nesting too deep");
    nd_buf_free(b);
}
END_TEST

/* A line of 'n' bytes of text ("word0 word1 ..."), then a good line. */
static nd_buf *
huge_line(size_t n, int closed)
{
    nd_buf *b = NULL;
    nd_status st = nd_buf_new(&b);
    ck_assert_int_eq(st, ND_OK);
    put(b, "{\"title\": \"Huge\", \"text\": \"jsonlhugetoken ", 1);
    char word[32];
    for (size_t i = 0; nd_buf_len(b) < n && st == ND_OK; i++) {
        int k = snprintf(word, sizeof word, "w%zu ", i % 1000);
        st = nd_buf_append(b, word, (size_t)k);
    }
    ck_assert_int_eq(st, ND_OK);
    if (closed)
        put(b, "\"}", 1);
    put(b, "\n{\"title\": \"After huge\", \"text\": \"small\"}\n", 1);
    return b;
}

START_TEST(test_jsonl_hostile_huge_line)
{
    nd_buf *b = huge_line(10u << 20, 1);
    read_ok("huge.jsonl", nd_buf_data(b), nd_buf_len(b));
    ck_assert_uint_eq(narts, 2);
    nd_limits def = ND_LIMITS_INIT;
    const char *body = nd_article_body(item(0));
    /* the text is cut to the article cap */
    ck_assert_uint_le(strlen(body), def.max_article_bytes);
    ck_assert_uint_gt(strlen(body), def.max_article_bytes / 2);
    ck_assert(strncmp(body, "jsonlhugetoken w0 w1", 20) == 0);
    ck_field(item(1), ND_F_TITLE, "After huge");
    nd_buf_free(b);
}
END_TEST

START_TEST(test_jsonl_hostile_huge_broken_line)
{
    /* a 10 MB string that never closes: an error, and the next line */
    nd_buf *b = huge_line(10u << 20, 0);
    read_ok("huge.jsonl", nd_buf_data(b), nd_buf_len(b));
    ck_assert_uint_eq(narts, 1);
    ck_field(item(1), ND_F_TITLE, "After huge");
    ck_has(item_error(0), "bad JSON");
    nd_buf_free(b);
}
END_TEST

START_TEST(test_jsonl_hostile_garbage)
{
    /* random bytes under a .jsonl name: a file error, not a crash */
    char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    junk[0] = '{';
    nd_status st = read_mem("junk.jsonl", junk, sizeof junk, NULL);
    ck_assert_int_eq(st, ND_EFORMAT);
    ck_assert_str_ne(nd_errmsg(rd), "");
}
END_TEST

START_TEST(test_jsonl_hostile_truncated)
{
    /* the file ends in the middle of its last line */
    const char *doc = "{\"title\": \"Whole\", \"text\": \"complete\"}\n"
                      "{\"title\": \"Half\", \"te";
    read_str("t.jsonl", doc);
    ck_assert_uint_eq(narts, 1);
    ck_has(item_error(1), "unexpected end of data (line 2)");
}
END_TEST

START_TEST(test_jsonl_hostile_html_text)
{
    /* HTML content with invalid UTF-8, a NUL escape and deep nesting */
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    const char *open = "{\"title\": \"T\", \"content\": \"<p>caf\xe9 "
                       "jsonlhtmlbad\\u0000token</p>";
    put(b, open, 1);
    put(b, "<div>", 5000);
    put(b, "deep\"}\n", 1);
    read_ok("h.jsonl", nd_buf_data(b), nd_buf_len(b));
    ck_assert_uint_eq(narts, 1);
    ck_clean(arts[0]);
    ck_has(nd_article_body(arts[0]), "caf\xC3\xA9 jsonlhtmlbad token");
    nd_buf_free(b);
}
END_TEST

static Suite *
jsonl_suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("detect");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_jsonl_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_jsonl_fields_newsplease);
    tcase_add_test(tc, test_jsonl_fields_variants);
    tcase_add_test(tc, test_jsonl_fields_html);
    suite_add_tcase(s, tc);

    tc = tcase_create("keys");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_jsonl_keys, 0, (int)NDI_ARRAY_LEN(key_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_jsonl_errors_items);
    tcase_add_loop_test(tc, test_jsonl_errors_reasons, 0,
                        (int)NDI_ARRAY_LEN(error_cases));
    tcase_add_test(tc, test_jsonl_errors_only_broken);
    tcase_add_test(tc, test_jsonl_errors_max_items);
    tcase_add_test(tc, test_jsonl_errors_many);
    suite_add_tcase(s, tc);

    tc = tcase_create("document");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_jsonl_document_pretty);
    tcase_add_test(tc, test_jsonl_document_array);
    tcase_add_test(tc, test_jsonl_document_broken);
    tcase_add_test(tc, test_jsonl_document_concatenated);
    tcase_add_test(tc, test_jsonl_document_bom_crlf);
    suite_add_tcase(s, tc);

    tc = tcase_create("notnews");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_jsonl_notnews_fixture);
    tcase_add_loop_test(tc, test_jsonl_notnews_shapes, 0,
                        (int)NDI_ARRAY_LEN(notnews_cases));
    tcase_add_test(tc, test_jsonl_notnews_many_objects);
    tcase_add_test(tc, test_jsonl_notnews_few_objects);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_jsonl_hostile_fixture);
    tcase_add_test(tc, test_jsonl_hostile_deep);
    tcase_add_test(tc, test_jsonl_hostile_huge_line);
    tcase_add_test(tc, test_jsonl_hostile_huge_broken_line);
    tcase_add_test(tc, test_jsonl_hostile_garbage);
    tcase_add_test(tc, test_jsonl_hostile_truncated);
    tcase_add_test(tc, test_jsonl_hostile_html_text);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(jsonl_suite());
}
