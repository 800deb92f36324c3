/* SPDX-License-Identifier: MIT */
/*
 * check_trec.c - the SGML tag-soup scanner (sgml.c), TREC collections
 * (trec.c) and Reuters-21578 as distributed in .sgm files (reuters.c),
 * read through nd_reader so detection is tested too.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "formats/formats.h"
#include "formats/sgml.h"
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

/* The article's date as ISO 8601, in static storage. */
static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

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

static void
open_data(const char *name)
{
    nd_status st = nd_reader_open(rd, fx_data(name), NULL, NULL);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
}

/* The next article, which must exist. */
static nd_article *
next_art(void)
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

/* An element's content as a NUL-terminated string, in static storage. */
static const char *
el_str(const ndi_sgml_el *el)
{
    static char out[256];
    ck_assert_ptr_nonnull(el->tag);
    ck_assert_uint_lt(el->text_len, sizeof out);
    memcpy(out, el->text, el->text_len);
    out[el->text_len] = '\0';
    return out;
}

/* ---- the scanner: elements -------------------------------------------- */

START_TEST(test_trec_scan_blocks)
{
    static const char s[] = "junk before </DOC> <DOCNO>not a doc</DOCNO>\n"
                            "<DOC>one</DOC>\n<doc id=1>two</Doc >\n"
                            "<DOCS>not either</DOCS><DOC\n>three</DOC\n>tail";
    static const char *const want[] = {"one", "two", "three"};
    size_t pos = 0, n = 0;
    ndi_sgml_el el;
    while (ndi_sgml_next(s, sizeof s - 1, &pos, "DOC", &el)) {
        ck_assert_uint_lt(n, 3);
        ck_assert_str_eq(el_str(&el), want[n]);
        ck_assert_uint_eq(pos, el.end);
        n++;
    }
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(pos, sizeof s - 1);
    /* the element covers its tags: the last ends before "tail" */
    ck_assert_str_eq(s + el.end, "tail");
    ck_assert_uint_eq(el.tag_len, 6); /* "<DOC\n>" */
    ck_assert(!ndi_sgml_first(s, sizeof s - 1, "TEXT", &el));
    ck_assert(!ndi_sgml_first("", 0, "DOC", &el));
}
END_TEST

START_TEST(test_trec_scan_nesting)
{
    static const char s[] =
        "<DOC><HEADLINE><P>Head</P></HEADLINE><TEXT><P>a</P>\n"
        "<P>b <B>bold</B></P><P/></TEXT><HEADLINE>second</HEADLINE></DOC>";
    ndi_sgml_el doc, text, p;
    ck_assert(ndi_sgml_first(s, sizeof s - 1, "DOC", &doc));
    ck_assert(ndi_sgml_first(doc.text, doc.text_len, "TEXT", &text));
    ck_assert_str_eq(el_str(&text), "<P>a</P>\n<P>b <B>bold</B></P><P/>");
    static const char *const want[] = {"a", "b <B>bold</B>", ""};
    size_t pos = 0, n = 0;
    while (ndi_sgml_next(text.text, text.text_len, &pos, "P", &p)) {
        ck_assert_uint_lt(n, 3);
        ck_assert_str_eq(el_str(&p), want[n]);
        n++;
    }
    ck_assert_uint_eq(n, 3);

    /* several names in one pass: the first of each, nested or not */
    static const char *const names[] = {"TEXT", "P", "HEADLINE", "NONE", "B"};
    ndi_sgml_el els[5];
    ck_assert_uint_eq(ndi_sgml_fields(doc.text, doc.text_len, names, 5, els),
                      4);
    ck_assert_str_eq(el_str(&els[1]), "Head");
    ck_assert_str_eq(el_str(&els[2]), "<P>Head</P>");
    ck_assert_ptr_null(els[3].tag);
    ck_assert_str_eq(el_str(&els[4]), "bold");
    ck_assert_uint_eq(els[0].text_len, text.text_len);
}
END_TEST

START_TEST(test_trec_scan_missing_end)
{
    /* a block ends at the next start tag of its name, or at the end */
    static const char s[] = "<DOC>one<DOC>two</DOC><DOC>three <P>x<P>y";
    static const char *const want[] = {"one", "two", "three <P>x<P>y"};
    size_t pos = 0, n = 0;
    ndi_sgml_el el, p;
    while (ndi_sgml_next(s, sizeof s - 1, &pos, "DOC", &el)) {
        ck_assert_uint_lt(n, 3);
        ck_assert_str_eq(el_str(&el), want[n]);
        n++;
    }
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(el.end, sizeof s - 1);
    /* children without end tags end at the next one or the parent's end */
    pos = 0;
    ck_assert(ndi_sgml_next(el.text, el.text_len, &pos, "P", &p));
    ck_assert_str_eq(el_str(&p), "x");
    ck_assert(ndi_sgml_next(el.text, el.text_len, &pos, "P", &p));
    ck_assert_str_eq(el_str(&p), "y");
    ck_assert(!ndi_sgml_next(el.text, el.text_len, &pos, "P", &p));
    /* a start tag cut short by the end of the data or by another tag */
    ck_assert(ndi_sgml_first("<DOC id=\"1", 10, "DOC", &el));
    ck_assert_uint_eq(el.tag_len, 10);
    ck_assert_uint_eq(el.text_len, 0);
    ck_assert(ndi_sgml_first("<DOC id=\"1<TEXT>t</TEXT>", 24, "DOC", &el));
    ck_assert_str_eq(el_str(&el), "<TEXT>t</TEXT>");
    ck_assert(ndi_sgml_first("<D/><D />x", 10, "D", &el));
    ck_assert_uint_eq(el.text_len, 0);
    ck_assert_uint_eq(el.end, 4);
}
END_TEST

typedef struct attr_case {
    const char *tag, *name, *want; /* want NULL: no such attribute */
} attr_case;

static const attr_case attr_cases[] = {
    {"<REUTERS TOPICS=\"YES\" NEWID=\"101\">", "NEWID", "101"},
    {"<REUTERS TOPICS=\"YES\" NEWID=\"101\">", "newid", "101"},
    {"<REUTERS TOPICS=\"YES\" NEWID=\"101\">", "TOPICS", "YES"},
    {"<REUTERS TOPICS=\"YES\" NEWID=\"101\">", "ID", NULL},
    {"<REUTERS OLDID=5 NEWID=7>", "NEWID", "7"},
    {"<F P=105>", "P", "105"},
    {"<A HREF='x y' B = \"z\">", "HREF", "x y"},
    {"<A HREF='x y' B = \"z\">", "B", "z"},
    {"<A selected other=1>", "selected", ""},
    {"<A title=\"a>b\" n=2>", "n", "2"},
    {"<A n=\"unclosed>", "n", "unclosed>"},
    {"<A x=\"1\"/>", "x", "1"},
    {"<A/>", "x", NULL},
    {"<NEWID>", "NEWID", NULL},
    {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "encoding",
     "ISO-8859-1"},
};

START_TEST(test_trec_scan_attrs)
{
    const attr_case *c = &attr_cases[_i];
    ndi_sgml_el el = {.tag = c->tag, .tag_len = strlen(c->tag)};
    const char *v = NULL;
    size_t n = 0;
    int ok = ndi_sgml_attr(&el, c->name, &v, &n);
    if (c->want == NULL) {
        ck_assert_msg(!ok, "%s: %s found", c->tag, c->name);
        return;
    }
    ck_assert_msg(ok, "%s: %s not found", c->tag, c->name);
    ck_assert_uint_eq(n, strlen(c->want));
    ck_assert(memcmp(v, c->want, n) == 0);
}
END_TEST

START_TEST(test_trec_scan_comments)
{
    typedef struct {
        const char *s, *first; /* first DOC's text, or NULL: none */
    } cc;
    static const cc cases[] = {
        {"<!-- <DOC>hidden</DOC> --><DOC>seen</DOC>", "seen"},
        {"<![CDATA[<DOC>no</DOC>]]><DOC>yes</DOC>", "yes"},
        {"<!DOCTYPE x SYSTEM \"x.dtd\"><?pi x?><DOC>a</DOC>", "a"},
        {"<DOC>a<!-- </DOC> -->b</DOC>", "a<!-- </DOC> -->b"},
        {"<DOC>a<![CDATA[</DOC>]]>b</DOC>", "a<![CDATA[</DOC>]]>b"},
        /* an unclosed comment runs to the end */
        {"<!-- <DOC>never</DOC>", NULL},
        {"<DOC>a<!-- </DOC><DOC>b</DOC>", "a<!-- </DOC><DOC>b</DOC>"},
        /* a declaration without '>' hides nothing */
        {"<! x <DOC>c</DOC>", "c"},
        {"<!-- a -- b --><DOC>d</DOC>", "d"},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
        ndi_sgml_el el;
        int ok = ndi_sgml_first(cases[i].s, strlen(cases[i].s), "DOC", &el);
        if (cases[i].first == NULL) {
            ck_assert_msg(!ok, "case %zu: found", i);
            continue;
        }
        ck_assert_msg(ok, "case %zu: not found", i);
        ck_assert_str_eq(el_str(&el), cases[i].first);
    }
}
END_TEST

/* ---- the scanner: text -------------------------------------------------- */

typedef struct text_case {
    const char *in, *want;
} text_case;

static const text_case text_cases[] = {
    {"a &amp; b", "a & b"},
    {"&lt;x&gt; &quot;q&quot; &apos;s&apos;", "<x> \"q\" 's'"},
    {"&#65;&#x42;&#X43;&#68", "ABCD"},
    {"&eacute;&nbsp;&mdash;&euro;", "\xC3\xA9\xC2\xA0\xE2\x80\x94\xE2\x82\xAC"},
    {"&AMP; &LT; &Eacute;", "& < \xC3\x89"},
    /* unknown or malformed references stay as written */
    {"&bogus; &amp &#; &#xZZ; AT&T & &;", "&bogus; &amp &#; &#xZZ; AT&T & &;"},
    {"&averyveryveryverylongentitynamethatisnotknown;",
     "&averyveryveryverylongentitynamethatisnotknown;"},
    /* control characters become spaces; C1 numbers are Windows-1252 */
    {"x&#3;y&#2;z&#0;", "x y z "},
    {"&#150;&#146;&#129;", "\xE2\x80\x93\xE2\x80\x99 "},
    {"&#xD800;&#1114112;&#99999999999;",
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"&#128512;", "\xF0\x9F\x98\x80"},
    /* inline tags vanish, the others break paragraphs */
    {"a<B>b</B><i>c</i>", "abc"},
    {"a<P>b</P>c<BR/>d", "a\n\nb\n\nc\n\nd"},
    {"Language: <F P=105>English </F>", "Language: English "},
    {"<a href=\"x>y\">t</a>", "t"},
    /* a '<' that does not open a tag is text */
    {"<5 pct & A<B ok", "<5 pct & A<B ok"},
    {"x < y > z", "x < y > z"},
    {"1 <! 2", "1 <! 2"},
    {"a <3", "a <3"},
    {"x<!-- c -->y<!DOCTYPE z>w<?pi?>v", "xywv"},
    {"x<![CDATA[<b>&amp;</b>]]>y", "x<b>&amp;</b>y"},
    {"cut <!-- never closed", "cut "},
    {"cut <![CDATA[open", "cut open"},
    {"end <B", "end <B"},
    {"", ""},
};

START_TEST(test_trec_text)
{
    const text_case *c = &text_cases[_i];
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_sgml_text(c->in, strlen(c->in), b), ND_OK);
    ck_assert_msg(strcmp(nd_buf_data(b), c->want) == 0, "'%s' -> '%s'", c->in,
                  nd_buf_data(b));
    nd_buf_free(b);
}
END_TEST

START_TEST(test_trec_text_bytes)
{
    /* NUL and control bytes are separators; only 'len' bytes are read */
    static const char s[] = "a\0b\x01"
                            "c\x7F"
                            "d\te\rf&amp;tail";
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_sgml_text(s, 16, b), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 12);
    ck_assert(memcmp(nd_buf_data(b), "a b c d\te\rf&", 12) == 0);
    /* without its ';' the name is text */
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_sgml_text(s, 15, b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "a b c d\te\rf&amp");
    nd_buf_free(b);
}
END_TEST

static const text_case unwrap_cases[] = {
    /* indented lines start paragraphs, wrapped lines are joined */
    {"a\nb\n   c\nd", "a b\n\nc d"},
    {"   a\nb\n   c", "a b\n\nc"},
    /* every line indented alike, no blank line: one paragraph a line */
    {"   a\n   b\n", "a\n\nb"},
    /* ... but with blank lines, those separate paragraphs */
    {"   a\n   b\n\n   c", "a b\n\nc"},
    {"a\nb\n\n\nc\n", "a b\n\nc"},
    /* indentation relative to the least indented line */
    {"  a\n      b\n  c", "a\n\nb c"},
    {"\ta\n\t\tb", "a\n\nb"},
    {"\n\n  \n", ""},
    {"", ""},
    {"one", "one"},
};

START_TEST(test_trec_unwrap)
{
    const text_case *c = &unwrap_cases[_i];
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_sgml_unwrap(c->in, strlen(c->in), b), ND_OK);
    ck_assert_msg(strcmp(nd_buf_data(b), c->want) == 0, "'%s' -> '%s'", c->in,
                  nd_buf_data(b));
    nd_buf_free(b);
}
END_TEST

/* ---- the scanner: linear time ------------------------------------------ */

START_TEST(test_trec_scan_many)
{
    const size_t n = 10000;
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(ndi_buf_printf(b,
                                        "<DOC>\n<DOCNO> D-%zu </DOCNO>\n"
                                        "<TEXT>\n   Text %zu.\n</TEXT>\n"
                                        "</DOC>\n",
                                        i, i),
                         ND_OK);
    size_t pos = 0, k = 0;
    ndi_sgml_el doc, no;
    char want[32];
    while (ndi_sgml_next(nd_buf_data(b), nd_buf_len(b), &pos, "DOC", &doc)) {
        ck_assert(ndi_sgml_first(doc.text, doc.text_len, "DOCNO", &no));
        snprintf(want, sizeof want, " D-%zu ", k);
        ck_assert_str_eq(el_str(&no), want);
        k++;
    }
    ck_assert_uint_eq(k, n);

    /* and through the reader: 10 000 items, numbered in order */
    open_mem("many.sgml", nd_buf_data(b), nd_buf_len(b), NULL);
    nd_article *a;
    for (k = 0; nd_reader_next(rd, &a) == ND_OK; k++) {
        ck_assert_uint_eq(nd_article_item(a), k);
        nd_article_free(a);
    }
    ck_assert_uint_eq(k, n);
    nd_buf_free(b);
}
END_TEST

/* Input made to trip a scanner that rescans: 'n' copies of a piece. */
static char *
repeat(const char *head, const char *piece, size_t n, size_t *len)
{
    size_t h = strlen(head), p = strlen(piece);
    char *s = malloc(h + p * n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, head, h);
    for (size_t i = 0; i < n; i++)
        memcpy(s + h + i * p, piece, p);
    *len = h + p * n;
    s[*len] = '\0';
    return s;
}

/* Scan the pathological input of kind 'k' at size 'n'; the number of
 * blocks found. */
static size_t
scan_all(int k, size_t n)
{
    static const char *const heads[] = {"",      "<DOC ",  "<DOC>", "<DOC>",
                                        "<DOC>", "<DOC>x", ""};
    static const char *const pieces[] = {"<DOC>", "<",  "<!--",         "<P>",
                                         "&#",    "<a", "<DOC><DOCNO>1"};
    size_t len;
    char *s = repeat(heads[k], pieces[k], n, &len);
    nd_buf *b = NULL, *u = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(nd_buf_new(&u), ND_OK);
    size_t pos = 0, docs = 0;
    ndi_sgml_el el, p;
    while (ndi_sgml_next(s, len, &pos, "DOC", &el)) {
        docs++;
        size_t q = 0;
        while (ndi_sgml_next(el.text, el.text_len, &q, "P", &p))
            ;
        static const char *const names[] = {"DOCNO", "TEXT", "HEADLINE"};
        ndi_sgml_el f[3];
        ndi_sgml_fields(el.text, el.text_len, names, 3, f);
        ck_assert_int_eq(ndi_sgml_text(el.text, el.text_len, b), ND_OK);
        ck_assert_int_eq(ndi_sgml_unwrap(nd_buf_data(b), nd_buf_len(b), u),
                         ND_OK);
        nd_buf_clear(b);
        nd_buf_clear(u);
    }
    nd_buf_free(b);
    nd_buf_free(u);
    free(s);
    return docs;
}

START_TEST(test_trec_scan_pathological)
{
    /* 200 000 repetitions of a piece that trips a rescanning scanner: a
     * quadratic scan would not finish within the test's timeout; ours
     * finds its blocks (no wall-clock assertion: the machines are shared) */
    ck_assert_uint_gt(scan_all(_i, 200000), 0);
}
END_TEST

/* ---- TREC ------------------------------------------------------------ */

typedef struct detect_case {
    const char *name, *data, *format; /* format NULL: nothing */
} detect_case;

static const detect_case detect_cases[] = {
    {"a.sgml", "<DOC>\n<DOCNO> X-1 </DOCNO>\n<TEXT>t</TEXT></DOC>", "trec"},
    {"a.sgm", "<DOC>\n<DOCNO> X-1 </DOCNO>", "trec"},
    {"a.txt", "<DOC>\n<DOCNO> X-1 </DOCNO>", "trec"},
    {"a.xml", "<DOC><DOCNO>X-1</DOCNO>", "trec"},
    {"fr940104", "  \n<!-- c -->\n<doc>\n<docno>X-1</docno>", "trec"},
    {"la.sgml", "<DOC>\n<DOCID>1</DOCID>\n<TEXT>t</TEXT></DOC>", "trec"},
    {"html.sgml", "<html><body><p>Not TREC</p></body></html>", "html"},
    {"no.sgml", "<DOCNO>1</DOCNO>", NULL},
    {"no.txt", "DOC DOCNO plain text\n", "text"},
    {"reut2-000.sgm", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS>",
     "reuters"},
};

START_TEST(test_trec_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *why = NULL;
    const ndi_format *f = ndi_detect(c->name, c->data, strlen(c->data), &why);
    if (c->format == NULL) {
        ck_assert_msg(f == NULL, "%s: detected as %s", c->name, f->name);
        return;
    }
    ck_assert_msg(f != NULL, "%s: not detected (%s)", c->name, why);
    ck_assert_str_eq(f->name, c->format);
}
END_TEST

START_TEST(test_trec_detect_scores)
{
    const char *s = "<DOC>\n<DOCNO> X </DOCNO>";
    ck_assert_int_eq(ndi_format_trec.detect("x", s, strlen(s)), 90);
    s = "<DOC>\n<TEXT>x</TEXT></DOC>\n<DOC><DOCNO>2</DOCNO></DOC>";
    ck_assert_int_eq(ndi_format_trec.detect("x", s, strlen(s)), 50);
    s = "<TEXT><DOC><DOCNO>1</DOCNO></DOC></TEXT>";
    ck_assert_int_eq(ndi_format_trec.detect("x", s, strlen(s)), 0);
    s = "DOC";
    ck_assert_int_eq(ndi_format_trec.detect("x", s, strlen(s)), 0);
}
END_TEST

START_TEST(test_trec_ap)
{
    open_data("trec-ap.sgml");
    ck_assert_str_eq(nd_reader_format(rd), "trec");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "AP880212-0001");
    ck_field(a, ND_F_TITLE, "Dock Workers End Strike at Port Veyra");
    ck_field(a, ND_F_BYLINE, "MARTA KELLEN");
    ck_field(a, ND_F_DATELINE, "PORT VEYRA (AP)");
    ck_field(a, ND_F_FORMAT, "trec");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "1988-02-12T00:00:00Z");
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_field(a, ND_F_BODY,
             "Dock workers at Port Veyra ended a nine-day strike on Friday "
             "after the harbour board and the union agreed on a new contract, "
             "officials said.\n\nThe agreement raises wages by 4 percent & "
             "adds two paid holidays.\n\n``We are going back to work,'' the "
             "union said.");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_DOCNO, "AP880213-0002");
    ck_assert_str_eq(iso(a), "1988-02-13T00:00:00Z"); /* from the DOCNO */
    ck_field(a, ND_F_BODY,
             "Ferry service between the islands resumed on Saturday.");
    ck_assert_uint_eq(nd_article_item(a), 1);
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_wsj)
{
    open_data("trec-wsj.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "WSJ870324-0001");
    ck_field(a, ND_F_TITLE,
             "Harbour Board Is Near Accord To Sell Ferry Unit, Sources Say");
    ck_assert_str_eq(iso(a), "1987-03-24T00:00:00Z");
    ck_field(a, ND_F_SOURCE, "WALL STREET JOURNAL (J)");
    ck_field(a, ND_F_DATELINE, "NEW YORK");
    ck_field(a, ND_F_BYLINE, "");
    ck_field(a, ND_F_BODY,
             "The harbour board is close to an agreement to sell its ferry "
             "unit to an investor group, industry sources said.\n\nIndustry "
             "sources put the value of the sale at more than $100 million.");
    nd_article_free(a);
    a = next_art();
    /* the rule ends the headline; the byline after it is the byline */
    ck_field(a, ND_F_TITLE, "Who's News: Veyra Shipping Corp.");
    ck_field(a, ND_F_BYLINE, "Anna Lindqvist");
    ck_assert_str_eq(iso(a), "1989-11-02T00:00:00Z");
    /* the lead paragraph comes first */
    ck_field(a, ND_F_BODY,
             "Veyra Shipping Corp. named a new chief executive.\n\nThe "
             "company said the appointment takes effect in January.");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_ft)
{
    open_data("trec-ft.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "FT911-1");
    ck_field(a, ND_F_TITLE,
             "Jubilee of a ferry that did what it was designed to do");
    ck_field(a, ND_F_BYLINE, "PETER HALLORAN, Shipping Correspondent");
    ck_field(a, ND_F_SOURCE, "The Financial Times");
    ck_assert_str_eq(iso(a), "1991-05-14T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "THE FERRY Veyra Star made its first crossing fifty years ago "
             "this week, and it is still in service.\n\nIts owners say it "
             "will sail for another ten years.");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_latimes)
{
    open_data("trec-latimes.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "LA010189-0001");
    ck_field(a, ND_F_TITLE, "HARBOUR LIGHTS SWITCHED ON FOR THE NEW YEAR");
    ck_field(a, ND_F_BYLINE, "SUSAN ORTEGA, Times Staff Writer");
    ck_assert_str_eq(iso(a), "1989-01-01T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "The harbour lights of Port Veyra were switched on at midnight, "
             "a tradition that goes back a century.\n\nThousands watched "
             "from the piers.");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "PIER REPAIRS BEGIN");
    /* no DATE: the DOCNO's MMDDYY (the numeric DOCID is no date) */
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(iso(a), "1989-01-02T00:00:00Z");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_generated_p)
{
    open_data("trec-gen-p.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "MLG20240101-0001");
    ck_field(a, ND_F_TITLE, "Council approves new tram line");
    ck_field(a, ND_F_BYLINE, "Margot Radhaskadze");
    ck_field(a, ND_F_DATELINE, "BELGRADE");
    ck_assert_str_eq(iso(a), "2024-01-01T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "The city council approved a new tram line on Monday, officials "
             "said, after a debate that lasted into the night.\n\n"
             "\xE2\x80\x9CIt is a good day for the city,\xE2\x80\x9D the mayor "
             "said.");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_BYLINE, "");
    ck_assert_str_eq(iso(a), "2024-01-02T00:00:00Z");
    ck_field(a, ND_F_BODY, "Tenders for the tram line opened on Tuesday.");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_generated_indent)
{
    open_data("trec-gen-indent.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Museum reopens after flood");
    ck_assert_str_eq(iso(a), "2024-03-05T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "The city museum reopened on Tuesday, three months after a flood "
             "damaged its ground floor and much of the collection stored "
             "there.\n\nCurators said most of the paintings had been "
             "saved.\n\nVisitors queued from early morning.");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_BODY,
             "The museum will stay open until nine.\n\nEntry is free on "
             "Sundays.");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_misc)
{
    open_data("trec-misc.sgml");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "FBIS3-1");
    ck_field(a, ND_F_TITLE, "HARBOUR PILOTS VOTE ON NEW RULES");
    ck_assert_str_eq(iso(a), "1994-03-01T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "Language: English Article Type:BFN\n\nThe harbour "
             "pilots voted on new rules.");
    nd_article_free(a);

    a = next_art();
    ck_field(a, ND_F_DOCNO, "FR940104-0-00001");
    ck_field(a, ND_F_TITLE, "Pilotage Rules for Port Veyra");
    ck_assert_str_eq(iso(a), "1994-01-04T00:00:00Z");
    ck_field(a, ND_F_BODY,
             "DEPARTMENT OF HARBOURS\n\nPilotage Rules for Port Veyra\n\nThe "
             "rules for pilotage in Port Veyra are amended.");
    nd_article_free(a);

    a = next_art();
    ck_field(a, ND_F_DOCNO, "APW19980601.0003");
    ck_field(a, ND_F_TITLE, "Ferries return to the harbour");
    ck_assert_str_eq(iso(a), "1998-06-01T00:05:00Z");
    ck_field(a, ND_F_BODY, "The ferries returned to the harbour on Monday.");
    nd_article_free(a);

    /* item 3, the empty DOC, is an item error */
    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_assert_uint_eq(item, 3);
    ck_assert_str_eq(why, "TREC <DOC> without title or text");
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));

    a = next_art();
    ck_assert_uint_eq(nd_article_item(a), 4);
    ck_field(a, ND_F_TITLE, "Unclosed document");
    ck_field(a, ND_F_DATELINE, "LONDON, March 2, 1988");
    ck_assert_str_eq(iso(a), "1988-03-02T00:00:00Z"); /* from the dateline */
    ck_field(a, ND_F_BODY, "The end tag of this document is missing.");
    nd_article_free(a);

    a = next_art();
    ck_assert_uint_eq(nd_article_item(a), 5);
    ck_field(a, ND_F_TITLE, "Last document");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_MTIME);
    ck_field(a, ND_F_BODY, "The file ends without closing this one.");
    nd_article_free(a);
    ck_done();
}
END_TEST

/* Field and date variants one DOC at a time. */
typedef struct variant_case {
    const char *doc;
    nd_field f;
    const char *want, *date; /* date NULL: none from the document */
} variant_case;

static const variant_case variant_cases[] = {
    {"<DD> = 890103 </DD><HL>Equals sign</HL>", ND_F_TITLE, "Equals sign",
     "1989-01-03T00:00:00Z"},
    {"<DOCID> 900102-0001. </DOCID><HL>Docid</HL>", ND_F_TITLE, "Docid",
     "1990-01-02T00:00:00Z"},
    {"<DATE>19880101</DATE><TITLE>T</TITLE>", ND_F_TITLE, "T",
     "1988-01-01T00:00:00Z"},
    {"<PUBDATE>1988-01-01</PUBDATE><TI>Ti</TI>", ND_F_TITLE, "Ti",
     "1988-01-01T00:00:00Z"},
    {"<DATE>not a date</DATE><DD>12/31/89</DD><HEAD>H</HEAD>", ND_F_TITLE, "H",
     "1989-12-31T00:00:00Z"},
    {"<DATE>not a date</DATE><TITLE>T</TITLE>", ND_F_TITLE, "T", NULL},
    {"<HEADLINE></HEADLINE><HL>  </HL><HEAD>Third</HEAD>", ND_F_TITLE, "Third",
     NULL},
    {"<HEADLINE>A <B>bold</B> &amp; <I>it</I></HEADLINE>", ND_F_TITLE,
     "A bold & it", NULL},
    {"<HEADLINE>x</HEADLINE><BY>by Ann Lee</BY>", ND_F_BYLINE, "Ann Lee", NULL},
    {"<HEADLINE>x</HEADLINE><AUTHOR>Bo Tan</AUTHOR>", ND_F_BYLINE, "Bo Tan",
     NULL},
    {"<HEADLINE>x</HEADLINE><SOURCE>Harbour Times</SOURCE>", ND_F_SOURCE,
     "Harbour Times", NULL},
    {"<HEADLINE>x</HEADLINE><SO>Veyra Post</SO>", ND_F_SOURCE, "Veyra Post",
     NULL},
    {"<HEADLINE>FT 3 JAN 92 / no double space</HEADLINE>", ND_F_TITLE,
     "no double space", NULL},
    {"<HEADLINE>FTX / not the FT</HEADLINE>", ND_F_TITLE, "FTX / not the FT",
     NULL},
    {"<HL>Title\n----\nByzantine art</HL>", ND_F_BYLINE, "", NULL},
    {"<HL>Title\n----\nByzantine art</HL>", ND_F_TITLE, "Title", NULL},
    {"<HL>Score ---- inline</HL>", ND_F_TITLE, "Score ---- inline", NULL},
    {"<HL>----\nRule first</HL>", ND_F_TITLE, "---- Rule first", NULL},
    {"<BODY>\n   Body only.\n</BODY>", ND_F_BODY, "Body only.", NULL},
    {"<TEXT>one</TEXT><NOTE>n</NOTE><TEXT>two</TEXT>", ND_F_BODY, "one\n\ntwo",
     NULL},
    {"<TEXT>text</TEXT><BODY>not used</BODY>", ND_F_BODY, "text", NULL},
    {"<TEXT>\r\n   One\r\nline.\r\n   Two.\r\n</TEXT>", ND_F_BODY,
     "One line.\n\nTwo.", NULL},
    {"<TEXT><![CDATA[a <b> & c]]></TEXT>", ND_F_BODY, "a <b> & c", NULL},
};

START_TEST(test_trec_variants)
{
    const variant_case *c = &variant_cases[_i];
    char doc[512];
    snprintf(doc, sizeof doc, "<DOC>\n<DOCNO> V-1 </DOCNO>\n%s\n</DOC>\n",
             c->doc);
    open_str("v.sgml", doc);
    ck_assert_str_eq(nd_reader_format(rd), "trec");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "V-1");
    ck_assert_msg(strcmp(nd_article_get(a, c->f), c->want) == 0, "%s: '%s'",
                  c->doc, nd_article_get(a, c->f));
    if (c->date == NULL) {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    } else {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_str_eq(iso(a), c->date);
    }
    nd_article_free(a);
}
END_TEST

START_TEST(test_trec_item_errors)
{
    open_str("e.sgml", "<DOC><DOCNO>1</DOCNO><HEADLINE>A</HEADLINE></DOC>\n"
                       "<DOC><DOCNO>2</DOCNO><TEXT> &#3; </TEXT></DOC>\n"
                       "<DOC><TEXT>c</TEXT></DOC>\n");
    nd_article *a = next_art();
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_field(a, ND_F_TITLE, "A");
    nd_article_free(a);
    a = next_art();
    ck_assert_uint_eq(nd_article_item(a), 2);
    ck_field(a, ND_F_DOCNO, "");
    ck_field(a, ND_F_BODY, "c");
    nd_article_free(a);
    ck_done();
    uint32_t item = 0;
    ck_assert_str_eq(nd_reader_item_error(rd, 0, &item),
                     "TREC <DOC> without title or text");
    ck_assert_uint_eq(item, 1);
    ck_assert_uint_eq(nd_reader_file(rd)->items, 3);

    /* nothing usable at all: the file fails with the reason */
    static const char empty[] = "<DOC><DOCNO>1</DOCNO></DOC><DOC></DOC>";
    ck_assert_int_eq(
        nd_reader_open_mem(rd, "e.sgml", empty, sizeof empty - 1, NULL),
        ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "TREC <DOC> without title or text");
}
END_TEST

/* emit/item_error for calling the parser directly */
static nd_status
count_emit(ndi_parse *p, nd_article *a)
{
    (*(size_t *)p->ctx)++;
    nd_article_free(a);
    return ND_OK;
}

static nd_status
count_error(ndi_parse *p, const char *reason)
{
    (void)reason;
    (*(size_t *)p->ctx) += 1000;
    return ND_OK;
}

START_TEST(test_trec_no_doc)
{
    static const nd_limits lim = ND_LIMITS_INIT;
    ndi_hdr hdr;
    ndi_hdr_init(&hdr);
    size_t n = 0;
    static const char s[] = "<!-- <DOC> --> <DOCS></DOCS>";
    ndi_parse p = {.hdr = &hdr,
                   .name = "x.sgml",
                   .data = s,
                   .len = sizeof s - 1,
                   .lim = &lim,
                   .emit = count_emit,
                   .item_error = count_error,
                   .ctx = &n};
    ck_assert_int_eq(ndi_format_trec.parse(&p), ND_EFORMAT);
    ck_assert_str_eq(hdr.errmsg, "no <DOC> in the file");
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_trec_max_items)
{
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 2;
    static const char s[] = "<DOC><DOCNO>1</DOCNO><TEXT>a</TEXT></DOC>"
                            "<DOC><DOCNO>2</DOCNO><TEXT>b</TEXT></DOC>"
                            "<DOC><DOCNO>3</DOCNO><TEXT>c</TEXT></DOC>"
                            "<DOC><DOCNO>4</DOCNO><TEXT>d</TEXT></DOC>";
    open_mem("m.sgml", s, sizeof s - 1, &lim);
    nd_article *a = next_art();
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_DOCNO, "2");
    nd_article_free(a);
    ck_done();
    uint32_t item;
    ck_has(nd_reader_item_error(rd, 0, &item), "too many");
    ck_assert_uint_eq(item, 2);
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
}
END_TEST

START_TEST(test_trec_huge_docno)
{
    /* a 10 000-byte DOCNO keeps its article, through the index too */
    char *dir = strdup(fx_tmpdir());
    ck_assert_ptr_nonnull(dir);
    const size_t n = 10000;
    char *s = malloc(n + 200);
    ck_assert_ptr_nonnull(s);
    int k = snprintf(s, 200, "<DOC>\n<DOCNO> ");
    memset(s + k, 'X', n);
    snprintf(s + k + n, 200,
             " </DOCNO>\n<HEADLINE>Long id</HEADLINE>\n<TEXT>\n"
             "oklongdocno text\n</TEXT>\n</DOC>\n");
    char path[4200];
    snprintf(path, sizeof path, "%s", fx_write_str(dir, "longdocno.sgml", s));
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_OK);
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "Long id");
    ck_field(a, ND_F_BODY, "oklongdocno text");
    const char *docno = nd_article_get(a, ND_F_DOCNO);
    size_t dlen = strlen(docno);
    ck_assert_uint_gt(dlen, 1000);
    ck_assert_uint_le(dlen, n);
    ck_assert_uint_eq(strspn(docno, "X"), dlen);

    char coll[4200];
    snprintf(coll, sizeof coll, "%s/coll", dir);
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_msg(nd_indexer_add(ix, a) == ND_OK, "%s", nd_errmsg(ix));
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);

    nd_search *srch = NULL;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_new(&srch), ND_OK);
    ck_assert_int_eq(nd_search_open(srch, coll), ND_OK);
    ck_assert_int_eq(nd_search_run(srch, "oklongdocno", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    const nd_article *got = nd_hits_article(h, 0);
    ck_assert_str_eq(nd_article_title(got), "Long id");
    ck_assert_str_eq(nd_article_get(got, ND_F_DOCNO), docno);
    ck_assert_str_eq(nd_article_get(got, ND_F_ID), nd_article_get(a, ND_F_ID));
    nd_hits_free(h);
    nd_search_free(srch);
    nd_article_free(a);
    free(s);
    fx_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_trec_truncated)
{
    /* every prefix of a file reads or fails cleanly */
    size_t len;
    char *s = fx_slurp(fx_data("trec-misc.sgml"), &len);
    size_t ok = 0;
    for (size_t cut = 1; cut <= len; cut += 7) {
        nd_status st = nd_reader_open_mem(rd, "t.sgml", s, cut, NULL);
        ck_assert_msg(st == ND_OK || st == ND_EFORMAT, "cut %zu: %s", cut,
                      nd_strerror(st));
        nd_article *a;
        while (nd_reader_next(rd, &a) == ND_OK) {
            const char *t = nd_article_title(a), *b = nd_article_body(a);
            ck_assert(*t != '\0' || *b != '\0');
            ck_assert(ndi_utf8_valid(b, strlen(b)));
            nd_article_free(a);
            ok++;
        }
    }
    ck_assert_uint_gt(ok, 0);
    free(s);
}
END_TEST

START_TEST(test_trec_hostile)
{
    /* NUL, control bytes and invalid UTF-8 in a field */
    static const char bad[] = "<DOC><DOCNO>n\x01o</DOCNO><TEXT>before\0after "
                              "\xff\xfe bad\x80</TEXT></DOC>";
    open_mem("bad.sgml", bad, sizeof bad - 1, NULL);
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "n o");
    ck_field(a, ND_F_BODY,
             "before after \xC3\xBF\xC3\xBE bad\xE2\x82\xAC"); /* cp1252 */
    nd_article_free(a);

    /* 100 000 nested tags: no recursion, the text survives */
    size_t len;
    char *deep =
        repeat("<DOC><DOCNO>d</DOCNO><TEXT>", "<P><DIV>", 100000, &len);
    char *d2 = realloc(deep, len + 64);
    ck_assert_ptr_nonnull(d2);
    memcpy(d2 + len, "okdeep</TEXT></DOC>", 20);
    open_mem("deep.sgml", d2, len + 19, NULL);
    a = next_art();
    ck_field(a, ND_F_BODY, "okdeep");
    nd_article_free(a);
    free(d2);

    /* a 1 MB headline is cut, not refused */
    char *big =
        repeat("<DOC><DOCNO>b</DOCNO><HEADLINE>", "word ", 200000, &len);
    open_mem("big.sgml", big, len, NULL);
    a = next_art();
    ck_assert_uint_gt(strlen(nd_article_title(a)), 100);
    ck_assert_uint_le(strlen(nd_article_title(a)), 4096);
    nd_article_free(a);
    free(big);

    /* garbage after a TREC start */
    char junk[20000];
    unsigned x = 7;
    memcpy(junk, "<DOC><DOCNO>", 12);
    for (size_t i = 12; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 16);
    }
    nd_status st = nd_reader_open_mem(rd, "g.sgml", junk, sizeof junk, NULL);
    ck_assert(st == ND_OK || st == ND_EFORMAT);
    while (nd_reader_next(rd, &a) == ND_OK) {
        ck_assert(
            ndi_utf8_valid(nd_article_body(a), strlen(nd_article_body(a))));
        nd_article_free(a);
    }
}
END_TEST

/* ---- Reuters-21578 .sgm ------------------------------------------------ */

START_TEST(test_trec_reuters_sgm)
{
    open_data("reuters-sgml.sgm");
    ck_assert_str_eq(nd_reader_format(rd), "reuters");
    nd_article *a = next_art();
    ck_field(a, ND_F_DOCNO, "1");
    ck_field(a, ND_F_TITLE, "BAHIA COCOA REVIEW");
    ck_field(a, ND_F_DATELINE, "SALVADOR, Feb 26");
    ck_field(a, ND_F_SOURCE, "Reuters");
    ck_assert_str_eq(iso(a), "1987-02-26T15:01:01Z");
    /* bare & and <, &lt; decoded, sign-off and &#3; gone, nothing of
     * UNKNOWN */
    ck_field(a, ND_F_BODY,
             "Showers continued throughout the week in the Bahia cocoa zone, "
             "said <Comissaria Smith> in its weekly review.\n\nArrivals were "
             "up <5 pct & prices rose at Smith & Co; A<B traders said.");
    nd_article_free(a);

    a = next_art();
    ck_field(a, ND_F_DOCNO, "2");
    ck_assert_str_eq(iso(a), "1987-03-02T09:12:33Z"); /* " 2-MAR-1987" */
    ck_field(a, ND_F_BYLINE, "Peter Torday, Reuters");
    ck_field(a, ND_F_BODY, "Grain shipments were delayed.");
    nd_article_free(a);

    /* TYPE="BRIEF": a title; its placeholder text is not the body */
    a = next_art();
    ck_field(a, ND_F_TITLE, "VEYRA HARBOUR BOARD SAYS IT IS EXPLORING OPTIONS");
    ck_field(a, ND_F_BODY, "");
    nd_article_free(a);

    /* TYPE="UNPROC": the loose text of TEXT */
    a = next_art();
    ck_field(a, ND_F_DOCNO, "4");
    ck_field(a, ND_F_TITLE, "");
    ck_field(a, ND_F_BODY,
             "QUOTE OF THE DAY The harbour will reopen on "
             "Tuesday, officials said.");
    ck_assert_uint_eq(nd_article_item(a), 3);
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_reuters_sgm_broken)
{
    /* a story without its end tags ends where the next begins */
    open_str("r.sgm",
             "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
             "<REUTERS NEWID=\"1\"><DATE>1-MAR-1987</DATE><TEXT>"
             "<TITLE>FIRST</TITLE><BODY>First body\n"
             "<REUTERS NEWID=2><TEXT><TITLE>SECOND</TITLE><BODY>Second "
             "&#3;");
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "FIRST");
    ck_field(a, ND_F_BODY, "First body");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_DOCNO, "2");
    ck_field(a, ND_F_TITLE, "SECOND");
    ck_field(a, ND_F_BODY, "Second");
    nd_article_free(a);
    ck_done();
}
END_TEST

START_TEST(test_trec_reuters_xml)
{
    /* the XML form: every REUTERS under the root is read, a declared
     * charset is honoured, and no entity is expanded */
    open_str("r.xml",
             "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
             "<!DOCTYPE LEWIS [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
             "<LEWIS>\n<REUTERS NEWID=\"1\"><TEXT><TITLE>CAF\xC9 PRICES"
             "</TITLE><BODY>Body &x; here.</BODY></TEXT></REUTERS>\n"
             "<OTHER><REUTERS NEWID=\"2\"><TEXT><TITLE>NESTED</TITLE>"
             "</TEXT></REUTERS></OTHER>\n"
             "<REUTERS NEWID=\"3\"><TEXT><![CDATA[Loose <text>]]></TEXT>"
             "</REUTERS>\n<REUTERS NEWID=\"4\"><TEXT><BODY>*** Blah blah "
             "blah.\n Reuter</BODY></TEXT></REUTERS>\n</LEWIS>\n");
    ck_assert_str_eq(nd_reader_format(rd), "reuters");
    nd_article *a = next_art();
    ck_field(a, ND_F_TITLE, "CAF\xC3\x89 PRICES");
    ck_field(a, ND_F_BODY, "Body &x; here.");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_TITLE, "NESTED");
    nd_article_free(a);
    a = next_art();
    ck_field(a, ND_F_DOCNO, "3");
    ck_field(a, ND_F_BODY, "Loose <text>");
    nd_article_free(a);
    /* a BODY is text as written: only loose text has placeholders */
    a = next_art();
    ck_field(a, ND_F_BODY, "*** Blah blah blah.");
    nd_article_free(a);
    ck_done();
}
END_TEST

static Suite *
trec_suite(void)
{
    Suite *s = suite_create("trec");
    TCase *tc = tcase_create("scan_blocks");
    tcase_add_test(tc, test_trec_scan_blocks);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan_nesting");
    tcase_add_test(tc, test_trec_scan_nesting);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan_missing_end");
    tcase_add_test(tc, test_trec_scan_missing_end);
    suite_add_tcase(s, tc);

    tc = tcase_create("scan_attrs");
    tcase_add_loop_test(tc, test_trec_scan_attrs, 0,
                        (int)NDI_ARRAY_LEN(attr_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("scan_comments");
    tcase_add_test(tc, test_trec_scan_comments);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_loop_test(tc, test_trec_text, 0, (int)NDI_ARRAY_LEN(text_cases));
    tcase_add_test(tc, test_trec_text_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("unwrap");
    tcase_add_loop_test(tc, test_trec_unwrap, 0,
                        (int)NDI_ARRAY_LEN(unwrap_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("scan_pathological");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_trec_scan_many);
    tcase_add_loop_test(tc, test_trec_scan_pathological, 0, 7);
    suite_add_tcase(s, tc);

    tc = tcase_create("detect");
    tcase_add_loop_test(tc, test_trec_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    tcase_add_test(tc, test_trec_detect_scores);
    suite_add_tcase(s, tc);

    tc = tcase_create("collections");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_trec_ap);
    tcase_add_test(tc, test_trec_wsj);
    tcase_add_test(tc, test_trec_ft);
    tcase_add_test(tc, test_trec_latimes);
    tcase_add_test(tc, test_trec_generated_p);
    tcase_add_test(tc, test_trec_generated_indent);
    tcase_add_test(tc, test_trec_misc);
    suite_add_tcase(s, tc);

    tc = tcase_create("variants");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_trec_variants, 0,
                        (int)NDI_ARRAY_LEN(variant_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_trec_item_errors);
    tcase_add_test(tc, test_trec_no_doc);
    tcase_add_test(tc, test_trec_max_items);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_trec_huge_docno);
    tcase_add_test(tc, test_trec_truncated);
    tcase_add_test(tc, test_trec_hostile);
    suite_add_tcase(s, tc);

    tc = tcase_create("reuters_sgm");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_trec_reuters_sgm);
    tcase_add_test(tc, test_trec_reuters_sgm_broken);
    tcase_add_test(tc, test_trec_reuters_xml);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(trec_suite());
}
