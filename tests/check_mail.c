/* SPDX-License-Identifier: MIT */
/*
 * check_mail.c - email and Usenet messages and mbox files read through
 * nd_reader: detection, headers, dates, MIME and hostile messages.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "fixture.h"
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

/* Open 'len' bytes as file 'name'; the reader must succeed. */
static void
open_mem(const char *name, const char *data, size_t len)
{
    nd_status st = nd_reader_open_mem(rd, name, data, len, NULL);
    ck_assert_msg(st == ND_OK, "%s: %s: %s", name, nd_strerror(st),
                  nd_errmsg(rd));
    ck_assert_str_eq(nd_reader_format(rd), "mail");
}

/* The next article (the caller frees it). */
static nd_article *
next(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_OK);
    ck_assert_ptr_nonnull(a);
    return a;
}

/* Open a message given as a string and give its article. */
static nd_article *
one_str(const char *text)
{
    open_mem("message.eml", text, strlen(text));
    return next();
}

static nd_article *
one_data(const char *name)
{
    size_t len;
    char *data = fx_slurp(fx_data(name), &len);
    open_mem(name, data, len);
    free(data);
    return next();
}

/* The article's date as ISO 8601, in static storage. */
static const char *
iso(const nd_article *a)
{
    static char out[32];
    ndi_date_format(nd_article_date(a), out);
    return out;
}

static const char *
field(const nd_article *a, nd_field f)
{
    return nd_article_get(a, f);
}

#define ck_assert_has(hay, needle)                                         \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "[%s] not in [%.300s]", \
                  (needle), (hay))
#define ck_assert_lacks(hay, needle)                                         \
    ck_assert_msg(strstr((hay), (needle)) == NULL, "[%s] found in [%.300s]", \
                  (needle), (hay))

/* ------------------------------------------------------------------ */

static const struct {
    const char *name, *text;
    int mail; /* 1: detected as mail; 0: some other format */
} detect_cases[] = {
    {"a.eml", "Subject: Pilots\nFrom: a@example.org\n\nThe pilots.\n", 1},
    {"article", "Path: a!b\nNewsgroups: alt.test\nSubject: x\n\nBody.\n", 1},
    {"message",
     "Received: from x\nDate: Mon, 4 Nov 2024 10:00:00 +0000\n"
     "Message-ID: <a@b>\n\nBody.\n",
     1},
    {"crlf.news", "From: a@b\r\nSubject: crlf\r\n\r\nBody.\r\n", 1},
    {"x.mbox", "From a@b Mon Nov  4 09:00:00 2024\nX-Any: 1\n\nBody.\n", 1},
    {"box", "From a@b Mon Nov  4 09:00:00 2024\nSubject: s\n\nBody.\n", 1},
    {"one.eml", "Subject: only one known field\n\nBody.\n", 1},
    /* text articles: a headline, not a header section */
    {"story.txt", "Update: Harbour pilots vote\n\nThe pilots voted.\n", 0},
    {"story", "Harbour pilots vote\n\nFrom: the desk\nDate: today\n", 0},
    {"notes.txt", "From the archives of the harbour\nmaster: nothing\n\n", 0},
    {"one.txt", "Subject: only one known field\n\nBody.\n", 0},
    {"head.txt", "Subject: x\nThe body without a blank line\nDate: y\n", 0},
};

START_TEST(test_mail_detect)
{
    const char *name = detect_cases[_i].name, *text = detect_cases[_i].text;
    nd_status st = nd_reader_open_mem(rd, name, text, strlen(text), NULL);
    ck_assert_msg(st == ND_OK, "%s: %s", name, nd_errmsg(rd));
    if (detect_cases[_i].mail)
        ck_assert_str_eq(nd_reader_format(rd), "mail");
    else
        ck_assert_str_ne(nd_reader_format(rd), "mail");
}
END_TEST

START_TEST(test_mail_single)
{
    nd_article *a = one_data("mail-single.eml");
    ck_assert_str_eq(nd_article_title(a), "Harbour pilots vote to strike");
    ck_assert_str_eq(field(a, ND_F_BYLINE), "Brandt, Tomas");
    ck_assert_str_eq(iso(a), "2024-11-04T08:00:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_str_eq(field(a, ND_F_DOCNO), "pilots-1@mail.example");
    ck_assert_str_eq(field(a, ND_F_LANG), "en");
    ck_assert_str_eq(field(a, ND_F_URL), "https://lists.example/harbour/1");
    ck_assert_str_eq(field(a, ND_F_SOURCE), "Harbour Courier");
    ck_assert_str_eq(field(a, ND_F_FORMAT), "mail");
    const char *b = nd_article_body(a);
    ck_assert_has(b, "The singlemailtoken ballot passed.\n\n");
    ck_assert_has(b, "> Will the ferries run?"); /* quoted text stays */
    ck_assert_lacks(b, "sigonlytoken");          /* the signature goes */
    ck_assert_lacks(b, "To: desk");              /* headers are not text */
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}
END_TEST

START_TEST(test_mail_usenet)
{
    nd_article *a = one_data("mail-usenet.news");
    ck_assert_str_eq(nd_article_title(a), "Re: Harbour pilots vote to strike");
    ck_assert_str_eq(field(a, ND_F_BYLINE), "Tomas Brandt");
    ck_assert_str_eq(field(a, ND_F_SOURCE), "alt.news.harbour");
    ck_assert_str_eq(field(a, ND_F_DOCNO), "strike-2@news.example");
    ck_assert_str_eq(iso(a), "2024-11-04T15:00:00Z");
    ck_assert_has(nd_article_body(a), "usenettoken");
    ck_assert_lacks(nd_article_body(a), "Xref");
    nd_article_free(a);
    /* detected by content alone, without the .news name */
    size_t len;
    char *data = fx_slurp(fx_data("mail-usenet.news"), &len);
    open_mem("12345", data, len);
    free(data);
    a = next();
    ck_assert_str_eq(field(a, ND_F_SOURCE), "alt.news.harbour");
    nd_article_free(a);
}
END_TEST

START_TEST(test_mail_mbox)
{
    nd_article *a = one_data("mail-several.mbox");
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_assert_str_eq(nd_article_title(a), "First message");
    ck_assert_str_eq(iso(a), "2024-11-04T08:00:00Z");
    const char *b = nd_article_body(a);
    ck_assert_has(b, "mboxfirsttoken. From the harbour master");
    ck_assert_lacks(b, ">From");
    /* a "From " line after a blank line, without headers after it, is
     * text of the message, not a new one */
    ck_assert_has(b, "From here on the text is still the first message.");
    nd_article_free(a);

    a = next();
    ck_assert_uint_eq(nd_article_item(a), 1);
    ck_assert_str_eq(nd_article_title(a), "Second message");
    /* no Date: the date of the "From " line */
    ck_assert_str_eq(iso(a), "2024-11-05T14:15:00Z");
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_has(nd_article_body(a), "mboxsecondtoken");
    ck_assert_has(nd_article_body(a), " >From a line quoted twice.");
    nd_article_free(a);

    a = next();
    ck_assert_uint_eq(nd_article_item(a), 3);
    ck_assert_str_eq(nd_article_title(a), "Fourth message");
    ck_assert_str_eq(iso(a), "2024-11-06T08:30:00Z");
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);

    uint32_t item = 99;
    const char *why = nd_reader_item_error(rd, 0, &item);
    ck_assert_ptr_nonnull(why);
    ck_assert_uint_eq(item, 2);
    ck_assert_str_eq(why, "mail message without subject or text");
    ck_assert_ptr_null(nd_reader_item_error(rd, 1, NULL));
    ck_assert_uint_eq(nd_reader_file(rd)->items, 4);
}
END_TEST

/* mboxcl-style files with CRLF line ends split the same way. */
START_TEST(test_mail_mbox_crlf)
{
    const char *box = "From a@b Mon Nov  4 09:00:00 2024\r\n"
                      "Subject: one\r\n\r\nFirst crlftoken1.\r\n\r\n"
                      "From b@c Mon Nov  4 10:00:00 2024\r\n"
                      "Subject: two\r\n\r\nSecond crlftoken2.\r\n";
    open_mem("crlf.mbox", box, strlen(box));
    nd_article *a = next();
    ck_assert_str_eq(nd_article_title(a), "one");
    ck_assert_str_eq(nd_article_body(a), "First crlftoken1.");
    nd_article_free(a);
    a = next();
    ck_assert_str_eq(nd_article_title(a), "two");
    ck_assert_str_eq(iso(a), "2024-11-04T10:00:00Z");
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
}
END_TEST

/* A huge mbox of empty messages stops at max_items, with one reason. */
START_TEST(test_mail_mbox_max_items)
{
    nd_buf *box = NULL;
    ck_assert_int_eq(nd_buf_new(&box), ND_OK);
    for (int i = 0; i < 50; i++) {
        char m[128];
        snprintf(m, sizeof m, "From x Mon Nov  4 09:00:00 2024\n%s\n\n%s\n\n",
                 i < 3 ? "Subject: kept" : "X-Empty: 1",
                 i < 3 ? "Kept text." : "");
        ck_assert_int_eq(nd_buf_append(box, m, strlen(m)), ND_OK);
    }
    nd_limits lim = ND_LIMITS_INIT;
    lim.max_items = 10;
    ck_assert_int_eq(nd_reader_open_mem(rd, "big.mbox", nd_buf_data(box),
                                        nd_buf_len(box), &lim),
                     ND_OK);
    size_t n = 0, errs = 0;
    nd_article *a;
    while (nd_reader_next(rd, &a) == ND_OK) {
        nd_article_free(a);
        n++;
    }
    while (nd_reader_item_error(rd, errs, NULL) != NULL)
        errs++;
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(errs, 8); /* 7 empty messages and the cap */
    ck_assert_has(nd_reader_item_error(rd, 7, NULL), "too many messages");
    nd_buf_free(box);
}
END_TEST

/* Quoted-printable UTF-8 text is decoded, and indexed so that "Brücke"
 * finds it. */
START_TEST(test_mail_qp_searchable)
{
    const char *dir = fx_tmpdir();
    char coll[4200];
    snprintf(coll, sizeof coll, "%s/coll", dir);
    size_t len;
    char *data = fx_slurp(fx_data("mail-mime.eml"), &len);
    const char *path = fx_write(dir, "src/mime.eml", data, len);
    free(data);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_OK);
    nd_article *a = next();
    ck_assert_has(nd_article_body(a), "The Grüne Brücke reopened");
    ck_assert_has(nd_article_body(a), "repairs, the city said");

    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
    nd_article_free(a);

    nd_search *s = NULL;
    nd_hits *h = NULL;
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_search_open(s, coll), ND_OK);
    ck_assert_int_eq(nd_search_run(s, "Brücke", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 1);
    ck_assert_str_eq(nd_article_title(nd_hits_article(h, 0)),
                     "Grüne Brücke reopens");
    nd_hits_free(h);
    ck_assert_int_eq(nd_search_run(s, "mimehtmltoken", NULL, &h), ND_OK);
    ck_assert_uint_eq(nd_hits_count(h), 0);
    nd_hits_free(h);
    nd_search_free(s);
    fx_rmtree(dir);
}
END_TEST

/* multipart/mixed: the alternative's text/plain is read; the HTML
 * alternative, attachments, preamble and epilogue are not. */
START_TEST(test_mail_multipart)
{
    nd_article *a = one_data("mail-mime.eml");
    const char *b = nd_article_body(a);
    ck_assert_str_eq(nd_article_title(a), "Grüne Brücke reopens");
    ck_assert_str_eq(field(a, ND_F_BYLINE), "Jörg Müller");
    ck_assert_has(b, "mimeplaintoken");
    ck_assert_lacks(b, "mimehtmltoken");
    ck_assert_lacks(b, "mimeattachtoken");
    ck_assert_lacks(b, "mimeimagetoken");
    ck_assert_lacks(b, "iVBORw0KGgo");
    ck_assert_lacks(b, "mimepreambletoken");
    ck_assert_lacks(b, "mimeepiloguetoken");
    ck_assert_lacks(b, "Content-Type");
    nd_article_free(a);
}
END_TEST

/* An alternative without text/plain falls back to its HTML; one whose
 * text/plain is empty too. Several inline text parts of a mixed message
 * are all read, in order, as paragraphs. */
START_TEST(test_mail_alternative)
{
    nd_article *a = one_str(
        "Subject: alt\nContent-Type: multipart/alternative; boundary=zz\n\n"
        "--zz\nContent-Type: text/enriched\n\n<bold>altenrichedtoken</bold>\n"
        "--zz\nContent-Type: text/html\n\n<p>althtmltoken</p>\n--zz--\n");
    ck_assert_str_eq(nd_article_body(a), "althtmltoken");
    nd_article_free(a);

    a = one_str("Subject: alt\nContent-Type: multipart/alternative; "
                "boundary=zz\n\n--zz\nContent-Type: text/plain\n\n\n"
                "--zz\nContent-Type: text/html\n\n<p>altfallbacktoken</p>\n"
                "--zz--\n");
    ck_assert_str_eq(nd_article_body(a), "altfallbacktoken");
    nd_article_free(a);

    /* in a mixed message, an alternative whose text/plain holds only a
     * signature still falls back to its HTML */
    a = one_str("Subject: alt\nContent-Type: multipart/mixed; boundary=m\n\n"
                "--m\n\nleadtoken\n--m\nContent-Type: multipart/alternative; "
                "boundary=zz\n\n--zz\nContent-Type: text/plain\n\n-- \nsig\n"
                "--zz\nContent-Type: text/html\n\n<p>althtml2token</p>\n"
                "--zz--\n--m--\n");
    ck_assert_str_eq(nd_article_body(a), "leadtoken\n\nalthtml2token");
    nd_article_free(a);

    a = one_str("Subject: mixed\nContent-Type: multipart/mixed; "
                "boundary=\"m\"\n\n--m\n\nfirstparttoken\n--m\n"
                "Content-Type: text/plain; format=flowed\n\nsecondparttoken\n"
                "--m--\n");
    ck_assert_str_eq(nd_article_body(a), "firstparttoken\n\nsecondparttoken");
    nd_article_free(a);
}
END_TEST

START_TEST(test_mail_html_only)
{
    nd_article *a =
        one_str("From: a@example.org\nSubject: HTML only\nMIME-Version: 1.0\n"
                "Content-Type: text/html; charset=\"iso-8859-1\"\n"
                "Content-Transfer-Encoding: quoted-printable\n\n"
                "<html><head><style>p {color: red}</style>"
                "<script>var htmlscripttoken;</script></head>\n<body>"
                "<p>The Br=FCcke htmlonlytoken reopened.</p><p>Second "
                "paragraph.</p></body></html>\n");
    const char *b = nd_article_body(a);
    ck_assert_has(b, "The Brücke htmlonlytoken reopened.\n\n"
                     "Second paragraph.");
    ck_assert_lacks(b, "<p>");
    ck_assert_lacks(b, "htmlscripttoken");
    ck_assert_lacks(b, "color");
    nd_article_free(a);

    /* HTML without text, as the first part: an empty body */
    a = one_str("Subject: empty html\nContent-Type: text/html\n\n"
                "<html><body><p> </p></body></html>\n");
    ck_assert_str_eq(nd_article_title(a), "empty html");
    ck_assert_str_eq(nd_article_body(a), "");
    nd_article_free(a);
}
END_TEST

START_TEST(test_mail_base64)
{
    nd_article *a = one_str(
        "Subject: base64\nContent-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: BASE64\n\n"
        "VGhlIGhhcmJvdXIgYjY0Ym9keXRva2VuIHJlb3BlbmVkIGFmdGVyIHRoZSBCcsO8"
        "\nY2tlIHJlcGFpcnMuClNlY29uZCBsaW5lLgo=\n");
    ck_assert_str_eq(nd_article_body(a), "The harbour b64bodytoken reopened "
                                         "after the Brücke repairs. Second "
                                         "line.");
    nd_article_free(a);
}
END_TEST

/* Declared ISO-8859-1 (8bit), an undeclared charset that is not UTF-8,
 * and a charset name iconv does not know. */
START_TEST(test_mail_charsets)
{
    nd_article *a = one_str("Subject: latin1\nContent-Type: text/plain; "
                            "charset=ISO-8859-1\nContent-Transfer-Encoding: "
                            "8bit\n\nDie Br\xfc"
                            "cke ist offen.\n");
    ck_assert_str_eq(nd_article_body(a), "Die Brücke ist offen.");
    nd_article_free(a);

    a = one_str("Subject: Caf\xe9 news\n\nCaf\xe9 cr\xe8me, \x93quoted\x94.\n");
    ck_assert_str_eq(nd_article_title(a), "Café news");
    ck_assert_str_eq(nd_article_body(a), "Café crème, \xe2\x80\x9cquoted"
                                         "\xe2\x80\x9d.");
    nd_article_free(a);

    a = one_str("Subject: utf8\nContent-Type: text/plain; charset=x-nonesuch"
                "\n\nBr\xc3\xbc"
                "cke\n");
    ck_assert_str_eq(nd_article_body(a), "Brücke");
    nd_article_free(a);

    a = one_str("Subject: koi8\nContent-Type: text/plain; charset=koi8-r\n\n"
                "\xf0\xd2\xc9\xd7\xc5\xd4\n");
    ck_assert_str_eq(nd_article_body(a), "Привет");
    nd_article_free(a);
}
END_TEST

static const struct {
    const char *raw, *want;
} subject_cases[] = {
    {"=?UTF-8?Q?Gr=C3=BCne_Br=C3=BCcke?=", "Grüne Brücke"},
    {"=?utf-8?b?R3LDvG5lIEJyw7xja2U=?=", "Grüne Brücke"},
    {"=?ISO-8859-1?Q?Gr=FCne?= =?ISO-8859-1?Q?_Br=FCcke?=", "Grüne Brücke"},
    {"=?ISO-8859-1?B?R3L8bmUgQnL8Y2tl?=", "Grüne Brücke"},
    /* adjacent words are joined without the blanks between them */
    {"=?UTF-8?B?SGFy?=  \t =?UTF-8?B?Ym91cg==?=", "Harbour"},
    {"=?UTF-8?B?SGFy?=\n =?UTF-8?B?Ym91cg==?= news", "Harbour news"},
    /* a character split between two words */
    {"=?UTF-8?B?R3LD?= =?UTF-8?B?vG5l?=", "Grüne"},
    /* words in different charsets */
    {"=?ISO-8859-1?B?R3L8bmU=?= =?UTF-8?Q?_Br=C3=BCcke?=", "Grüne Brücke"},
    /* plain text around words keeps its spaces */
    {"Re: =?UTF-8?Q?Br=C3=BCcke?= news", "Re: Brücke news"},
    {"=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語"},
    {"=?utf-8*en?q?tagged?=", "tagged"},
    /* not encoded words: kept as written */
    {"=?UTF-8?X?abc?= stays", "=?UTF-8?X?abc?= stays"},
    {"=?UTF-8?Q?no end", "=?UTF-8?Q?no end"},
    {"=??Q?empty?=", "=??Q?empty?="},
    {"=?UTF-8?B?!!!notbase64?= next", "=?UTF-8?B?!!!notbase64?= next"},
    /* unknown and hostile charset names: UTF-8, else Windows-1252 */
    {"=?x-unknown?Q?caf=E9?=", "café"},
    {"=?../../etc/x?Q?safe?=", "safe"},
    {"Caf\xe9 au lait", "Café au lait"},
    {"", ""},
};

START_TEST(test_mail_rfc2047)
{
    char msg[512];
    snprintf(msg, sizeof msg, "Subject: %s\nFrom: a@b\n\nBody.\n",
             subject_cases[_i].raw);
    nd_article *a = one_str(msg);
    ck_assert_str_eq(nd_article_title(a), subject_cases[_i].want);
    nd_article_free(a);
}
END_TEST

static const struct {
    const char *raw, *want;
} from_cases[] = {
    {"\"Brandt, Tomas\" <tomas@example.org>", "Brandt, Tomas"},
    {"Tomas Brandt <tomas@example.org>", "Tomas Brandt"},
    {"tomas@example.org (Tomas Brandt)", "Tomas Brandt"},
    {"tomas@example.org (Tomas (the pilot) Brandt)",
     "Tomas (the pilot) Brandt"},
    {"<tomas@example.org>", "tomas@example.org"},
    {"tomas@example.org", "tomas@example.org"},
    {"=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <jorg@example.org>", "Jörg Müller"},
    {"\"=?ISO-8859-1?Q?J=F6rg?=\" <j@example.org>", "Jörg"},
    {"=?ISO-8859-1?B?SvZyZw==?= <j@example.org>", "Jörg"},
    {"Anna <a@example.org>, Bob <b@example.org>", "Anna"},
    {"\"Say \\\"Q\\\" now\" <q@example.org>", "Say \"Q\" now"},
    {"\"\" <empty@example.org>", "empty@example.org"},
    {"Unclosed <open@example.org", "Unclosed"},
};

START_TEST(test_mail_from)
{
    char msg[512];
    snprintf(msg, sizeof msg, "From: %s\nSubject: s\n\nBody.\n",
             from_cases[_i].raw);
    nd_article *a = one_str(msg);
    ck_assert_str_eq(field(a, ND_F_BYLINE), from_cases[_i].want);
    nd_article_free(a);
}
END_TEST

static const struct {
    const char *raw, *want; /* want "" : no date in the document */
} date_cases[] = {
    {"Mon, 4 Nov 2024 10:00:00 +0200", "2024-11-04T08:00:00Z"},
    {"Mon, 04 Nov 2024 10:00:00 -0000", "2024-11-04T10:00:00Z"},
    {"Mon, 4 Nov 2024 10:00:00 EST", "2024-11-04T15:00:00Z"},
    {"Mon, 4 Nov 2024 10:00:00 PDT", "2024-11-04T17:00:00Z"},
    {"Mon, 4 Nov 2024 10:00:00 UT", "2024-11-04T10:00:00Z"},
    {"Mon, 4 Nov 2024 10:00:00 GMT", "2024-11-04T10:00:00Z"},
    /* military zones: RFC 5322 reads them as -0000 */
    {"Mon, 4 Nov 2024 10:00:00 A", "2024-11-04T10:00:00Z"},
    {"Mon, 4 Nov 2024 10:00:00 -0500 (EST)", "2024-11-04T15:00:00Z"},
    {"Mon, 4 Nov (a (nested) comment) 2024 10:00 +0100",
     "2024-11-04T09:00:00Z"},
    {"(lead) 4 Nov 2024 23:30:00 -0100", "2024-11-05T00:30:00Z"},
    {"Mon,\n 4 Nov 2024\n 10:00:00 +0000", "2024-11-04T10:00:00Z"},
    {"4 Nov 24 10:00:00 GMT", "2024-11-04T10:00:00Z"},
    {"Thu, 4 Nov 99 10:00:00 GMT", "1999-11-04T10:00:00Z"},
    {"Thu, 4 Nov 104 10:00:00 GMT", "2004-11-04T10:00:00Z"},
    {"Mon Nov  4 09:00:00 2024", "2024-11-04T09:00:00Z"},
    {"Mon Nov  4 09:00:00 EST 2024", "2024-11-04T14:00:00Z"},
    {"2024-11-04T10:00:00+02:00", "2024-11-04T08:00:00Z"},
    {"not a date at all", ""},
    {"Mon, 31 Feb 2024 10:00:00 +0000", ""},
    {"", ""},
};

START_TEST(test_mail_date)
{
    char msg[512];
    snprintf(msg, sizeof msg, "Subject: s\nDate: %s\n\nBody.\n",
             date_cases[_i].raw);
    nd_article *a = one_str(msg);
    if (*date_cases[_i].want == '\0') {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    } else {
        ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
        ck_assert_str_eq(iso(a), date_cases[_i].want);
    }
    nd_article_free(a);
}
END_TEST

/* Without a Date the reader falls back to the file's time. */
START_TEST(test_mail_date_mtime)
{
    const char *dir = fx_tmpdir();
    const char *path = fx_write_str(dir, "nodate.eml",
                                    "From: a@example.org\nSubject: "
                                    "No date\nMessage-ID: <n@d>\n\nText.\n");
    struct timeval tv[2] = {{1700000000, 0}, {1700000000, 0}};
    ck_assert_int_eq(utimes(path, tv), 0);
    ck_assert_int_eq(nd_reader_open(rd, path, NULL, NULL), ND_OK);
    nd_article *a = next();
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_MTIME);
    ck_assert_int_eq(nd_article_date(a), 1700000000);
    nd_article_free(a);
    fx_rmtree(dir);
}
END_TEST

/* Header details: folding, case, source choice, docno and language. */
START_TEST(test_mail_headers)
{
    nd_article *a =
        one_str("SUBJECT:\tFolded\r\n\tsubject\r\n  line\r\nfrom : a@b\r\n"
                "List-Id: \"Harbour news\" <harbour.lists.example>\r\n"
                "Newsgroups: alt.one\r\nOrganization: Org\r\n"
                "Message-ID: <\r\n id@example.org >\r\n"
                "Content-Language: DE-at, en\r\n"
                "Archived-At: <ftp://example.org/x>\r\n\r\nBody.\r\n");
    ck_assert_str_eq(nd_article_title(a), "Folded subject line");
    ck_assert_str_eq(field(a, ND_F_BYLINE), "a@b");
    ck_assert_str_eq(field(a, ND_F_SOURCE), "Harbour news");
    ck_assert_str_eq(field(a, ND_F_DOCNO), "id@example.org");
    ck_assert_str_eq(field(a, ND_F_LANG), "de");
    ck_assert_str_eq(field(a, ND_F_URL), ""); /* only http(s) */
    nd_article_free(a);

    a = one_str("Subject: s\nList-Id: <only.id.example>\nMessage-ID: bare\n"
                "Content-Language: deu\n\nBody.\n");
    ck_assert_str_eq(field(a, ND_F_SOURCE), "only.id.example");
    ck_assert_str_eq(field(a, ND_F_DOCNO), "bare");
    ck_assert_str_eq(field(a, ND_F_LANG), "de"); /* ISO 639-2 */
    nd_article_free(a);

    /* "From :" (obsolete syntax) is a field, not an mbox "From " line */
    a = one_str("From : a@b\nSubject: obsolete\n\nBody.\n");
    ck_assert_str_eq(field(a, ND_F_BYLINE), "a@b");
    ck_assert_str_eq(nd_article_title(a), "obsolete");
    nd_article_free(a);

    a = one_str("Subject: s\nOrganization: =?UTF-8?Q?K=C3=B6ln_Post?=\n"
                "Newsgroups: \n\nBody.\n");
    ck_assert_str_eq(field(a, ND_F_SOURCE), "Köln Post");
    nd_article_free(a);
}
END_TEST

/* Signatures, uuencoded and yEnc blocks are left out; a "-- " line
 * followed by much text is not a signature. */
START_TEST(test_mail_plain_filters)
{
    nd_article *a = one_str(
        "Subject: s\n\nBefore uutoken.\nbegin 644 pic.jpg\n"
        "M_]C_X``02D9)1@`!`0$`2`!(``#_VP!#``,\"`@,\"`@,#`P,$`P,$!0@%!00$\n"
        "`\nend\nBetween.\n=ybegin line=128 size=10 name=a.bin\n"
        "ykdata\n=yend size=10\nAfter yenctoken.\n-- \nSig line\n");
    ck_assert_str_eq(nd_article_body(a),
                     "Before uutoken. Between. After yenctoken.");
    nd_article_free(a);

    nd_buf *m = NULL;
    ck_assert_int_eq(nd_buf_new(&m), ND_OK);
    ck_assert_int_eq(nd_buf_append(m, "Subject: s\n\nTop.\n-- \n", 21), ND_OK);
    for (int i = 0; i < 40; i++)
        ck_assert_int_eq(nd_buf_append(m, "longtailtoken\n", 14), ND_OK);
    a = one_str(nd_buf_data(m));
    ck_assert_has(nd_article_body(a), "longtailtoken");
    nd_article_free(a);
    nd_buf_free(m);

    /* only a signature: no text, and the subject alone makes the article */
    a = one_str("Subject: sig only\n\n-- \nJust a signature\n");
    ck_assert_str_eq(nd_article_title(a), "sig only");
    ck_assert_str_eq(nd_article_body(a), "");
    nd_article_free(a);

    /* "begin" in prose is text */
    a = one_str("Subject: s\n\nbegin 644 words\nwe begin again here.\n");
    ck_assert_str_eq(nd_article_body(a),
                     "begin 644 words we begin again here.");
    nd_article_free(a);
}
END_TEST

/* Messages that cannot be used: a single message and an mbox one. */
START_TEST(test_mail_unusable)
{
    const char *m = "Message-ID: <x@y>\nDate: Mon, 4 Nov 2024 10:00:00 +0000"
                    "\n\n\n";
    ck_assert_int_eq(nd_reader_open_mem(rd, "empty.eml", m, strlen(m), NULL),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "mail message without subject or text");

    m = "From a Mon Nov  4 09:00:00 2024\nnot a header line\n\n"
        "From b Mon Nov  4 09:00:00 2024\nX-A: 1\n\n";
    ck_assert_int_eq(nd_reader_open_mem(rd, "x.mbox", m, strlen(m), NULL),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(rd), "mail message without header lines");
    uint32_t item = 99;
    ck_assert_str_eq(nd_reader_item_error(rd, 0, &item),
                     "mail message without header lines");
    ck_assert_uint_eq(item, 0);
    ck_assert_str_eq(nd_reader_item_error(rd, 1, &item),
                     "mail message without subject or text");
    ck_assert_uint_eq(item, 1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile messages, generated here. Each must be read in bounded time
 * and memory, with the readable text kept. */

static nd_buf *
gen_start(const char *headers)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(nd_buf_append(b, headers, strlen(headers)), ND_OK);
    return b;
}

/* Append without a Check assertion per call: each one writes to Check's
 * message channel, which is slow in loops of millions. */
static void
put_n(nd_buf *b, const char *s, size_t n)
{
    if (nd_buf_append(b, s, n) != ND_OK)
        ck_abort_msg("out of memory");
}

static void
put(nd_buf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static void
put_rep(nd_buf *b, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        put(b, s);
}

/* 1 MB of header fields. */
static nd_buf *
gen_big_header(void)
{
    nd_buf *b = gen_start("Subject: hugeheadtitle\nFrom: a@b\n");
    put_rep(b, "X-Junk: 0123456789012345678901234567890123456789012345\n",
            20000);
    put(b, "Subject: second subject ignored\n\nhugeheadtoken body\n");
    return b;
}

/* A body line of 10 MB without a newline. */
static nd_buf *
gen_long_line(void)
{
    nd_buf *b = gen_start("Subject: longline\nFrom: a@b\n\nlonglinetoken ");
    put_rep(b, "wordy ", (10u << 20) / 6);
    return b;
}

/* A header of 10 MB without a newline (no body at all). */
static nd_buf *
gen_long_header(void)
{
    nd_buf *b = gen_start("From: a@b\nSubject: longsubjecttoken ");
    put_rep(b, "=?UTF-8?Q?x?= =?", (10u << 20) / 16);
    return b;
}

/* 5000 parts: the first ones are read, the rest are not. */
static nd_buf *
gen_many_parts(void)
{
    nd_buf *b = gen_start("Subject: parts\nContent-Type: multipart/mixed; "
                          "boundary=p\n\n");
    for (int i = 0; i < 5000; i++) {
        char part[128];
        snprintf(part, sizeof part,
                 "--p\nContent-Type: text/plain\n\n"
                 "manypart%d\n",
                 i);
        put(b, part);
    }
    put(b, "--p--\n");
    return b;
}

/* multipart nested 1000 deep, text at the top and the bottom. */
static nd_buf *
gen_deep(void)
{
    nd_buf *b = gen_start("Subject: deep\n");
    for (int i = 0; i < 1000; i++) {
        char part[160];
        snprintf(part, sizeof part,
                 "Content-Type: multipart/mixed; boundary=\"d%d\"\n\n--d%d\n"
                 "Content-Type: text/plain\n\nlevel%d\n--d%d\n",
                 i, i, i, i);
        put(b, part);
    }
    put(b, "Content-Type: text/plain\n\ndeepbottomtoken\n");
    for (int i = 999; i >= 0; i--) {
        char close[32];
        snprintf(close, sizeof close, "--d%d--\n", i);
        put(b, close);
    }
    return b;
}

/* Base64 with garbage between and after the groups. */
static nd_buf *
gen_b64_garbage(void)
{
    nd_buf *b = gen_start("Subject: b64\nContent-Transfer-Encoding: base64"
                          "\n\n!!VGhlIGhh@@cmJvdXIgYjY0Ym9ke\x01\xff"
                          "XRva2VuIHJlb3BlbmVkIGFmdGVyIHRoZSBCcsO8\n"
                          "Y2tl%%IHJlcGFpcnMuClNlY29uZCBsaW5lLgo=\n"
                          "===***** not base64 at all ****\n\n");
    put_rep(b, "=", 100);
    return b;
}

/* Quoted-printable with bad escapes. */
static nd_buf *
gen_bad_qp(void)
{
    return gen_start("Subject: qp\nContent-Transfer-Encoding: "
                     "quoted-printable\nContent-Type: text/plain; "
                     "charset=utf-8\n\n=ZZ Br=C3=BCcke qp=\ntoken =G1 =4 "
                     "soft=  \nbreak end=");
}

/* NUL bytes in the headers and the body. */
static nd_buf *
gen_nul(void)
{
    static const char rest[] = "\0title\nFrom: a@b\n\nbefore\0nultoken after\0";
    nd_buf *b = gen_start("Subject: nul");
    ck_assert_int_eq(nd_buf_append(b, rest, sizeof rest - 1), ND_OK);
    return b;
}

/* A message cut in the middle of a multipart, and invalid UTF-8. */
static nd_buf *
gen_truncated(void)
{
    return gen_start("Subject: cut\nContent-Type: multipart/mixed; "
                     "boundary=\"c\"\n\n--c\nContent-Type: text/plain; "
                     "charset=utf-8\n\ncuttoken \xc3\x28 \xed\xa0\x80 "
                     "Br\xc3\xbc");
}

/* A boundary longer than RFC 2046 allows (with blanks at its end): the
 * multipart body is read as text. */
static nd_buf *
gen_long_boundary(void)
{
    nd_buf *b = gen_start("Subject: longboundary\nContent-Type: "
                          "multipart/mixed; boundary=\"");
    put_rep(b, "b", 300);
    put_rep(b, " ", 30);
    put(b, "\"\n\n--");
    put_rep(b, "b", 300);
    put(b, "\n\nlongboundarytoken\n");
    return b;
}

/* Garbage bytes after a valid header section. */
static nd_buf *
gen_garbage_body(void)
{
    nd_buf *b = gen_start("Subject: garbagetitle\nFrom: a@b\n"
                          "Content-Type: multipart/mixed; boundary=g\n\n");
    unsigned x = 12345;
    for (int i = 0; i < 200000; i++) {
        x = x * 1103515245 + 12345;
        char c = (char)(x >> 16);
        put_n(b, &c, 1);
        if (i % 1000 == 0)
            put(b, "\n--g\n");
    }
    return b;
}

static const struct {
    const char *name;
    nd_buf *(*gen)(void);
    const char *title;
    const char *in_body;  /* must be in the body (may be NULL) */
    const char *not_body; /* must not be (may be NULL) */
} hostile_cases[] = {
    {"big header", gen_big_header, "hugeheadtitle", "hugeheadtoken", "X-Junk"},
    {"10 MB line", gen_long_line, "longline", "longlinetoken wordy", NULL},
    {"10 MB header", gen_long_header, "longsubjecttoken x", NULL, NULL},
    {"5000 parts", gen_many_parts, "parts", "manypart0\n\nmanypart1\n\n",
     "manypart1000\n"},
    {"1000 deep", gen_deep, "deep", "level0\n\nlevel1\n\n", "deepbottomtoken"},
    {"base64 garbage", gen_b64_garbage, "b64",
     "The harbour b64bodytoken reopened after the Brücke repairs.", NULL},
    {"bad QP", gen_bad_qp, "qp", "=ZZ Brücke qptoken =G1 =4 softbreak end",
     NULL},
    {"NUL bytes", gen_nul, "nul title", "before nultoken after", NULL},
    {"truncated", gen_truncated, "cut", "cuttoken", NULL},
    {"garbage", gen_garbage_body, "garbagetitle", NULL, NULL},
    {"long boundary", gen_long_boundary, "longboundary", "longboundarytoken",
     NULL},
};

START_TEST(test_mail_hostile)
{
    nd_buf *m = hostile_cases[_i].gen();
    open_mem("hostile.eml", nd_buf_data(m), nd_buf_len(m));
    nd_article *a = next();
    const char *b = nd_article_body(a);
    ck_assert_msg(strncmp(nd_article_title(a), hostile_cases[_i].title,
                          strlen(hostile_cases[_i].title)) == 0,
                  "%s: title [%.80s]", hostile_cases[_i].name,
                  nd_article_title(a));
    if (hostile_cases[_i].in_body != NULL)
        ck_assert_has(b, hostile_cases[_i].in_body);
    if (hostile_cases[_i].not_body != NULL)
        ck_assert_lacks(b, hostile_cases[_i].not_body);
    ck_assert(ndi_utf8_valid(b, strlen(b)));
    ck_assert(ndi_utf8_valid(nd_article_title(a), strlen(nd_article_title(a))));
    nd_article_free(a);
    nd_buf_free(m);
}
END_TEST

/* The same hostile messages in one mbox: each stays one item. */
START_TEST(test_mail_hostile_mbox)
{
    nd_buf *box = NULL;
    ck_assert_int_eq(nd_buf_new(&box), ND_OK);
    size_t n = sizeof hostile_cases / sizeof hostile_cases[0];
    for (size_t i = 0; i < n; i++) {
        nd_buf *m = hostile_cases[i].gen();
        put(box, "From hostile Mon Nov  4 09:00:00 2024\n");
        ck_assert_int_eq(nd_buf_append(box, nd_buf_data(m), nd_buf_len(m)),
                         ND_OK);
        put(box, "\n\n");
        nd_buf_free(m);
    }
    open_mem("hostile.mbox", nd_buf_data(box), nd_buf_len(box));
    for (size_t i = 0; i < n; i++) {
        nd_article *a = next();
        ck_assert_uint_eq(nd_article_item(a), i);
        ck_assert_msg(strncmp(nd_article_title(a), hostile_cases[i].title,
                              strlen(hostile_cases[i].title)) == 0,
                      "%s: title [%.80s]", hostile_cases[i].name,
                      nd_article_title(a));
        nd_article_free(a);
    }
    nd_article *a;
    ck_assert_int_eq(nd_reader_next(rd, &a), ND_DONE);
    nd_buf_free(box);
}
END_TEST

static Suite *
mail_suite(void)
{
    Suite *s = suite_create("mail");
    struct {
        const char *name;
        const TTest *test;
        size_t loop; /* 0: a plain test */
    } cases[] = {
        {"detect", test_mail_detect, NDI_ARRAY_LEN(detect_cases)},
        {"single", test_mail_single, 0},
        {"usenet", test_mail_usenet, 0},
        {"mbox", test_mail_mbox, 0},
        {"mbox_crlf", test_mail_mbox_crlf, 0},
        {"mbox_max_items", test_mail_mbox_max_items, 0},
        {"qp_searchable", test_mail_qp_searchable, 0},
        {"multipart", test_mail_multipart, 0},
        {"alternative", test_mail_alternative, 0},
        {"html_only", test_mail_html_only, 0},
        {"base64", test_mail_base64, 0},
        {"charsets", test_mail_charsets, 0},
        {"rfc2047", test_mail_rfc2047, NDI_ARRAY_LEN(subject_cases)},
        {"from", test_mail_from, NDI_ARRAY_LEN(from_cases)},
        {"date", test_mail_date, NDI_ARRAY_LEN(date_cases)},
        {"date_mtime", test_mail_date_mtime, 0},
        {"headers", test_mail_headers, 0},
        {"plain_filters", test_mail_plain_filters, 0},
        {"unusable", test_mail_unusable, 0},
        {"hostile", test_mail_hostile, NDI_ARRAY_LEN(hostile_cases)},
        {"hostile_mbox", test_mail_hostile_mbox, 0},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 120);
        if (cases[i].loop > 0)
            tcase_add_loop_test(tc, cases[i].test, 0, (int)cases[i].loop);
        else
            tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(mail_suite());
}
