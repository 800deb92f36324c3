/* SPDX-License-Identifier: MIT */
/*
 * check_normalize.c - UTF-8 validation, charset conversion (BOMs, Latin-1
 * and Windows-1252, iconv), text cleaning, and date parsing/formatting.
 */
#include <config.h>

#include <check.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"
#include "normalize.h"

static nd_buf *out;

static void
setup(void)
{
    ck_assert_int_eq(nd_buf_new(&out), ND_OK);
}

static void
teardown(void)
{
    nd_buf_free(out);
    out = NULL;
}

/* A literal and its length, NULs included. */
#define BYTES(s) s, sizeof(s) - 1

/* ---- ndi_utf8_valid ------------------------------------------------- */

typedef struct utf8_case {
    const char *s;
    size_t len;
    int valid;
    const char *why;
} utf8_case;

static const utf8_case utf8_cases[] = {
    {BYTES(""), 1, "empty"},
    {BYTES("plain ASCII"), 1, "ASCII"},
    {BYTES("a\0b"), 1, "NUL is valid UTF-8"},
    {BYTES("\xc2\x80"), 1, "U+0080, smallest 2-byte"},
    {BYTES("\xdf\xbf"), 1, "U+07FF"},
    {BYTES("\xe0\xa0\x80"), 1, "U+0800, smallest 3-byte"},
    {BYTES("\xed\x9f\xbf"), 1, "U+D7FF, below the surrogates"},
    {BYTES("\xee\x80\x80"), 1, "U+E000, above the surrogates"},
    {BYTES("\xef\xbf\xbf"), 1, "U+FFFF"},
    {BYTES("\xf0\x90\x80\x80"), 1, "U+10000, smallest 4-byte"},
    {BYTES("\xf4\x8f\xbf\xbf"), 1, "U+10FFFF, the last code point"},
    {BYTES("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 1, "mixed"},
    {BYTES("\x80"), 0, "lone continuation byte"},
    {BYTES("a\xbf"), 0, "continuation after ASCII"},
    {BYTES("\xc3"), 0, "truncated 2-byte"},
    {BYTES("\xe2\x82"), 0, "truncated 3-byte"},
    {BYTES("\xf0\x9f\x98"), 0, "truncated 4-byte"},
    {BYTES("\xc3x"), 0, "lead byte then ASCII"},
    {BYTES("\xc0\x80"), 0, "overlong NUL"},
    {BYTES("\xc1\xbf"), 0, "overlong 2-byte"},
    {BYTES("\xe0\x80\xaf"), 0, "overlong 3-byte '/'"},
    {BYTES("\xe0\x9f\xbf"), 0, "overlong 3-byte U+07FF"},
    {BYTES("\xf0\x80\x80\xaf"), 0, "overlong 4-byte"},
    {BYTES("\xf0\x8f\xbf\xbf"), 0, "overlong 4-byte U+FFFF"},
    {BYTES("\xed\xa0\x80"), 0, "surrogate U+D800"},
    {BYTES("\xed\xbf\xbf"), 0, "surrogate U+DFFF"},
    {BYTES("\xed\xa0\xbd\xed\xb8\x80"), 0, "CESU-8 surrogate pair"},
    {BYTES("\xf4\x90\x80\x80"), 0, "U+110000, past the last code point"},
    {BYTES("\xf5\x80\x80\x80"), 0, "lead byte F5"},
    {BYTES("\xf8\x88\x80\x80\x80"), 0, "5-byte form"},
    {BYTES("\xfe"), 0, "byte FE"},
    {BYTES("\xff"), 0, "byte FF"},
    {BYTES("ok\xe9"), 0, "Latin-1 byte at the end"},
};

START_TEST(test_normalize_utf8_valid)
{
    const utf8_case *c = &utf8_cases[_i];
    ck_assert_msg(ndi_utf8_valid(c->s, c->len) == c->valid, "%s", c->why);
}
END_TEST

START_TEST(test_normalize_utf8_valid_len)
{
    /* only 'len' bytes count: a cut inside a character is invalid, a
     * cut before a bad byte is valid */
    ck_assert_int_eq(ndi_utf8_valid("\xc3\xa9", 1), 0);
    ck_assert_int_eq(ndi_utf8_valid("ab\xff", 2), 1);
}
END_TEST

START_TEST(test_normalize_utf8_decode)
{
    uint32_t cp = 0;
    ck_assert_uint_eq(ndi_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 'A');
    ck_assert_uint_eq(
        ndi_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
    ck_assert_uint_eq(cp, 0xE9);
    ck_assert_uint_eq(
        ndi_utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x20AC);
    ck_assert_uint_eq(
        ndi_utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x10FFFF);
    cp = 7;
    ck_assert_uint_eq(
        ndi_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
    ck_assert_uint_eq(
        ndi_utf8_decode((const unsigned char *)"\xe2\x82\xac", 2, &cp), 0);
    ck_assert_uint_eq(ndi_utf8_decode((const unsigned char *)"x", 0, &cp), 0);
    ck_assert_uint_eq(cp, 7); /* untouched on failure */
}
END_TEST

/* ---- ndi_bom_charset, ndi_strncaseeq -------------------------------- */

START_TEST(test_normalize_bom)
{
    size_t n = 99;
    ck_assert_str_eq(ndi_bom_charset(BYTES("\xef\xbb\xbfx"), &n), "UTF-8");
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(ndi_bom_charset(BYTES("\xff\xfex\0"), &n), "UTF-16LE");
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(ndi_bom_charset(BYTES("\xfe\xff\0x"), &n), "UTF-16BE");
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_null(ndi_bom_charset(BYTES("\xef\xbb"), &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(ndi_bom_charset(BYTES("\xff"), &n));
    ck_assert_ptr_null(ndi_bom_charset(BYTES("<?xml"), &n));
    ck_assert_ptr_null(ndi_bom_charset("", 0, &n));
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_normalize_strncaseeq)
{
    ck_assert(ndi_strncaseeq("UTF-8", "utf-8", 6));
    ck_assert(ndi_strncaseeq("Latin1x", "LATIN1y", 6));
    ck_assert(!ndi_strncaseeq("Latin1x", "LATIN1y", 7));
    /* the NUL counts: "utf-8" is not "utf-8y" when n covers it */
    ck_assert(!ndi_strncaseeq("utf-8", "utf-8y", 6));
    ck_assert(ndi_strncaseeq("abc", "xyz", 0));
}
END_TEST

/* ---- ndi_to_utf8 ---------------------------------------------------- */

typedef struct conv_case {
    const char *in;
    size_t len;
    const char *charset;
    const char *want;
    size_t wantlen;
    const char *why;
} conv_case;

static const conv_case conv_cases[] = {
    {BYTES("caf\xc3\xa9"), NULL, BYTES("caf\xc3\xa9"),
     "valid UTF-8, no charset"},
    {BYTES("caf\xc3\xa9"), "", BYTES("caf\xc3\xa9"),
     "valid UTF-8, empty charset"},
    {BYTES("caf\xe9"), NULL, BYTES("caf\xc3\xa9"),
     "invalid UTF-8 read as cp1252"},
    {BYTES("caf\xe9"), "UTF-8", BYTES("caf\xc3\xa9"),
     "declared UTF-8 but is not"},
    {BYTES("\xef\xbb\xbf"
           "caf\xc3\xa9"),
     NULL, BYTES("caf\xc3\xa9"), "UTF-8 BOM removed"},
    {BYTES("\xef\xbb\xbf"
           "caf\xc3\xa9"),
     "iso-8859-1", BYTES("caf\xc3\xa9"), "a BOM outranks the declaration"},
    {BYTES("\xff\xfeH\0i\0\xe9\0\xac\x20"), NULL,
     BYTES("Hi\xc3\xa9\xe2\x82\xac"), "UTF-16LE BOM"},
    {BYTES("\xfe\xff\0H\0i\0\xe9\x20\xac"), NULL,
     BYTES("Hi\xc3\xa9\xe2\x82\xac"), "UTF-16BE BOM"},
    {BYTES("\xfe\xff\xd8\x3d\xde\x00"), "windows-1252",
     BYTES("\xf0\x9f\x98\x80"),
     "UTF-16BE surrogate pair; BOM outranks the declaration"},
    {BYTES("caf\xe9 \xa3"
           "5"),
     "iso-8859-1",
     BYTES("caf\xc3\xa9 \xc2\xa3"
           "5"),
     "ISO-8859-1"},
    {BYTES("\x93hi\x94 \x80"
           "5 \x85"),
     "ISO-8859-1",
     BYTES("\xe2\x80\x9chi\xe2\x80\x9d \xe2\x82\xac"
           "5 \xe2\x80\xa6"),
     "Latin-1 label read as Windows-1252 (0x80-0x9F)"},
    {BYTES("\x93hi\x94"), "windows-1252", BYTES("\xe2\x80\x9chi\xe2\x80\x9d"),
     "Windows-1252 curly quotes"},
    {BYTES("\x80"), "cp1252", BYTES("\xe2\x82\xac"), "cp1252 euro"},
    {BYTES("\x9f\x8a\x9a"), "Latin1", BYTES("\xc5\xb8\xc5\xa0\xc5\xa1"),
     "label case-insensitive"},
    {BYTES("na\xc3\xafve \x96"), "windows-1252",
     BYTES("na\xc3\xafve \xe2\x80\x93"),
     "valid UTF-8 kept inside a cp1252 document"},
    {BYTES("\xf0\xd2\xc9\xd7\xc5\xd4"), "KOI8-R",
     BYTES("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"),
     "KOI8-R via iconv"},
    {BYTES("\xf0\xd2\xc9\xd7\xc5\xd4"), "koi8-r",
     BYTES("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"),
     "koi8-r, lower case"},
    {BYTES("\x93\xfa\x96\x7b"), "Shift_JIS", BYTES("\xe6\x97\xa5\xe6\x9c\xac"),
     "Shift_JIS via iconv"},
    {BYTES("caf\xc3\xa9"), "x-no-such-charset", BYTES("caf\xc3\xa9"),
     "unknown charset, valid UTF-8"},
    {BYTES("caf\xe9"), "x-no-such-charset", BYTES("caf\xc3\xa9"),
     "unknown charset, falls back to cp1252"},
    {BYTES("A\0B"), "UTF-16LE", BYTES("A"),
     "UTF-16 decoded by hand: an odd trailing byte is dropped"},
    {BYTES("A\0\0\xD8"
           "B\0"),
     "UTF-16LE",
     BYTES("A\xEF\xBF\xBD"
           "B"),
     "UTF-16: a lone surrogate is one replacement character"},
    {BYTES("\xFF\xFE\0\0A\0\0\0\xE9\0\0\0"), NULL, BYTES("A\xC3\xA9"),
     "UTF-32LE BOM, not read as UTF-16LE"},
    {BYTES("caf\xc3\xa9"), "UTF-16", BYTES("caf\xc3\xa9"),
     "a UTF-16 label on valid UTF-8 without NULs is a stale declaration"},
    {BYTES("\x80\xff"), "Shift_JIS", BYTES("\xe2\x82\xac\xc3\xbf"),
     "invalid Shift_JIS: cp1252 fallback"},
    {BYTES(""), "KOI8-R", BYTES(""), "empty input"},
    {BYTES("\xff\xfe"), NULL, BYTES(""), "only a BOM"},
};

START_TEST(test_normalize_to_utf8)
{
    const conv_case *c = &conv_cases[_i];
    /* converted text is appended after what the buffer holds */
    ck_assert_int_eq(ndi_buf_puts(out, "pre:"), ND_OK);
    ck_assert_int_eq(ndi_to_utf8(c->in, c->len, c->charset, out), ND_OK);
    ck_assert_msg(nd_buf_len(out) == 4 + c->wantlen &&
                      memcmp(nd_buf_data(out), "pre:", 4) == 0 &&
                      memcmp(nd_buf_data(out) + 4, c->want, c->wantlen) == 0,
                  "%s: got '%s' (%zu bytes)", c->why, nd_buf_data(out),
                  nd_buf_len(out));
    ck_assert_int_eq(nd_buf_data(out)[nd_buf_len(out)], '\0');
    ck_assert(ndi_utf8_valid(nd_buf_data(out), nd_buf_len(out)));
}
END_TEST

START_TEST(test_normalize_cp1252_table)
{
    /* every byte 0x80-0xFF, checked against the system's iconv; the five
     * bytes Windows-1252 leaves undefined become their C1 code points */
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    ck_assert_msg(cd != (iconv_t)-1, "iconv has no WINDOWS-1252");
    for (unsigned c = 0x80; c <= 0xFF; c++) {
        char in[1] = {(char)c};
        nd_buf_clear(out);
        ck_assert_int_eq(ndi_to_utf8(in, 1, "windows-1252", out), ND_OK);
        char want[8] = {0};
        char *ip = in, *op = want;
        size_t il = 1, ol = sizeof want - 1;
        if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
            /* undefined in cp1252: U+0080 + (c - 0x80) */
            ck_assert_msg(c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 ||
                              c == 0x9D,
                          "iconv rejects 0x%02X", c);
            want[0] = (char)0xC2;
            want[1] = (char)c;
            want[2] = '\0';
        }
        ck_assert_msg(strcmp(nd_buf_data(out), want) == 0, "byte 0x%02X", c);
    }
    iconv_close(cd);
}
END_TEST

/* ---- ndi_clean ------------------------------------------------------ */

typedef struct clean_case {
    const char *in;
    size_t len;
    int mode;
    size_t max;
    const char *want;
    const char *why;
} clean_case;

#define LINE NDI_CLEAN_LINE
#define PARAS NDI_CLEAN_PARAS

static const clean_case clean_cases[] = {
    {BYTES("plain"), LINE, 0, "plain", "ASCII unchanged"},
    {BYTES(""), LINE, 0, "", "empty"},
    {BYTES(" \t\r\n "), PARAS, 0, "", "only whitespace"},
    {BYTES("  a \t b  "), LINE, 0, "a b", "collapsed and trimmed"},
    {BYTES("a\n\nb\nc"), LINE, 0, "a b c", "LINE: newlines are spaces"},
    {BYTES("a\n\nb\nc"), PARAS, 0, "a\n\nb c", "PARAS: blank line kept"},
    {BYTES("a\n\n\n\n\nb"), PARAS, 0, "a\n\nb",
     "PARAS: many newlines, one break"},
    {BYTES("a \n \t\n b"), PARAS, 0, "a\n\nb", "PARAS: blank line with spaces"},
    {BYTES("a\r\n\r\nb"), PARAS, 0, "a\n\nb", "PARAS: CRLF"},
    {BYTES("\n\na\n\n"), PARAS, 0, "a", "PARAS: trimmed"},
    {BYTES("a\0b\x01"
           "c\x1f"
           "d\x7f"
           "e"),
     LINE, 0, "a b c de", "C0 and NUL separate words, DEL is dropped"},
    {BYTES("a\x0b"
           "b\x0c"
           "c"),
     LINE, 0, "a b c", "VT and FF are spaces"},
    {BYTES("a\xc2\x85"
           "b"),
     LINE, 0, "a b", "NEL is a space"},
    {BYTES("a\xc2\x80"
           "b\xc2\x9f"
           "c"),
     LINE, 0, "abc", "C1 dropped"},
    {BYTES("a\xc2\xa0"
           "b\xe2\x80\x82"
           "c\xe2\x80\xaf"
           "d\xe3\x80\x80"
           "e"),
     LINE, 0, "a b c d e", "Unicode spaces"},
    {BYTES("a\xe2\x80\xa8"
           "b\xe2\x80\xa9"
           "c"),
     PARAS, 0, "a b c", "line/paragraph separators are spaces"},
    {BYTES("\xef\xbb\xbf"
           "a\xe2\x80\x8b"
           "b\xc2\xad"
           "c\xef\xbb\xbf"),
     LINE, 0, "abc", "BOM, ZWSP, soft hyphen dropped"},
    {BYTES("a\xef\xbf\xbe"
           "b\xef\xb7\x90"
           "c\xf0\x9f\xbf\xbf"
           "d"),
     LINE, 0, "abcd", "noncharacters dropped"},
    {BYTES("e\xcc\x81"), LINE, 0, "\xc3\xa9", "NFC composes"},
    {BYTES("\xe2\x84\xab"), LINE, 0, "\xc3\x85",
     "NFC: Angstrom sign -> A ring"},
    {BYTES("\xef\xac\x81"), LINE, 0, "\xef\xac\x81", "not NFKC: ligature kept"},
    {BYTES("caf\xe9 \x93x\x94"), LINE, 0,
     "caf\xc3\xa9 \xe2\x80\x9cx\xe2\x80\x9d", "invalid UTF-8 read as cp1252"},
    {BYTES("e\xcc\x81\xe9"), LINE, 0, "\xc3\xa9\xc3\xa9",
     "mixed: combining mark kept, stray byte as cp1252, then NFC"},
    {BYTES("a\x81"
           "b"),
     LINE, 0, "ab", "undefined cp1252 byte dropped"},
    /* the cap */
    {BYTES("h\xc3\xa9llo"), LINE, 1, "h", "cap 1"},
    {BYTES("h\xc3\xa9llo"), LINE, 2, "h", "cap inside a 2-byte character"},
    {BYTES("h\xc3\xa9llo"), LINE, 3, "h\xc3\xa9",
     "cap after a 2-byte character"},
    {BYTES("\xe2\x82\xac\xe2\x82\xac"), LINE, 5, "\xe2\x82\xac",
     "cap inside 3-byte"},
    {BYTES("\xf0\x9f\x98\x80x"), LINE, 3, "",
     "cap inside the first 4-byte character"},
    {BYTES("\xf0\x9f\x98\x80x"), LINE, 4, "\xf0\x9f\x98\x80",
     "cap after 4-byte"},
    {BYTES("ab cd"), LINE, 3, "ab", "no trailing space at the cap"},
    {BYTES("ab cd"), LINE, 4, "ab c", "space counted in the cap"},
    {BYTES("a\n\nb"), PARAS, 3, "a", "no dangling paragraph break"},
    {BYTES("a\n\nb"), PARAS, 4, "a\n\nb", "break fits exactly"},
    {BYTES("e\xcc\x81"
           "e\xcc\x81"),
     LINE, 2, "\xc3\xa9", "cap counts NFC bytes"},
    {BYTES("   abc"), LINE, 3, "abc", "leading space not counted"},
    {BYTES("abc"), LINE, 0, "abc", "0 is no cap"},
    /* found by fuzz_charset: what is dropped between a letter and its
     * combining mark leaves them to compose, or cleaning again would */
    {BYTES("y\xe2\x80\x8b\xcc\x80"), LINE, 0, "\xe1\xbb\xb3",
     "zero width space between y and U+0300"},
    {BYTES("e\x7f\xcc\x81 caf\xef\xbb\xbf"
           "e\xcc\x81"),
     PARAS, 0, "\xc3\xa9 caf\xc3\xa9", "DEL and BOM between e and U+0301"},
};

START_TEST(test_normalize_clean)
{
    const clean_case *c = &clean_cases[_i];
    ck_assert_int_eq(ndi_clean(c->in, c->len, c->mode, c->max, out), ND_OK);
    ck_assert_msg(strcmp(nd_buf_data(out), c->want) == 0,
                  "%s: got '%s', want '%s'", c->why, nd_buf_data(out), c->want);
    ck_assert_uint_eq(nd_buf_len(out), strlen(c->want));
    if (c->max > 0)
        ck_assert_uint_le(nd_buf_len(out), c->max);
}
END_TEST

START_TEST(test_normalize_clean_append)
{
    /* appended after what 'out' holds: no separator in front, and the cap
     * counts only the new bytes */
    ck_assert_int_eq(ndi_buf_puts(out, "Title:"), ND_OK);
    ck_assert_int_eq(ndi_clean(BYTES("  a  b  "), NDI_CLEAN_LINE, 0, out),
                     ND_OK);
    ck_assert_str_eq(nd_buf_data(out), "Title:a b");
    ck_assert_int_eq(ndi_clean(BYTES("\n\nxyz"), NDI_CLEAN_PARAS, 2, out),
                     ND_OK);
    ck_assert_str_eq(nd_buf_data(out), "Title:a bxy");
}
END_TEST

START_TEST(test_normalize_clean_long)
{
    /* a long body: every word kept, one space between, valid UTF-8 */
    size_t words = 20000;
    nd_buf *in = NULL;
    ck_assert_int_eq(nd_buf_new(&in), ND_OK);
    for (size_t i = 0; i < words; i++)
        ck_assert_int_eq(
            ndi_buf_puts(in, i % 100 == 99 ? "w\xe9\n\n  " : "w\xe9 \t"),
            ND_OK);
    ck_assert_int_eq(
        ndi_clean(nd_buf_data(in), nd_buf_len(in), NDI_CLEAN_PARAS, 0, out),
        ND_OK);
    ck_assert(ndi_utf8_valid(nd_buf_data(out), nd_buf_len(out)));
    /* 3 bytes a word; 199 single spaces and 1 break of 2 per hundred */
    ck_assert_uint_eq(nd_buf_len(out),
                      words * 3 + (words - 1) + words / 100 - 1);
    nd_buf_free(in);
}
END_TEST

/* ---- dates ---------------------------------------------------------- */

typedef struct date_case {
    const char *in;
    const char *want; /* ISO 8601 UTC, or NULL: not a date */
} date_case;

static const date_case date_cases[] = {
    /* ISO 8601 extended */
    {"2023-03-20T09:15:00Z", "2023-03-20T09:15:00Z"},
    {"2023-03-20t09:15:00z", "2023-03-20T09:15:00Z"},
    {"2023-03-20T09:15:00", "2023-03-20T09:15:00Z"},
    {"2023-03-20T09:15", "2023-03-20T09:15:00Z"},
    {"2023-03-20 09:15:00", "2023-03-20T09:15:00Z"},
    {"2023-03-20T09:15:00.123456Z", "2023-03-20T09:15:00Z"},
    {"2023-03-20T09:15:00,5Z", "2023-03-20T09:15:00Z"},
    {"2023-03-20T09:15:00+05:30", "2023-03-20T03:45:00Z"},
    {"2023-03-20T09:15:00-08:00", "2023-03-20T17:15:00Z"},
    {"2023-03-20T09:15:00-0800", "2023-03-20T17:15:00Z"},
    {"2023-03-20T09:15:00+01", "2023-03-20T08:15:00Z"},
    /* found by fuzz_date: hour 24 is only the end of a day */
    {"2023-03-20T24:00:00Z", "2023-03-21T00:00:00Z"},
    {"2023-03-20T24:00:01Z", NULL},
    {"9999-12-31T24:59:59-14:19", NULL},
    {"19870226T2430", NULL},
    {"2023-03-20T09:15:00 +0100", "2023-03-20T08:15:00Z"},
    {"2023-03-20T01:00:00+14:00", "2023-03-19T11:00:00Z"},
    {"2023-03-20T09:15:00 UTC", "2023-03-20T09:15:00Z"},
    {"2023-03-20", "2023-03-20T00:00:00Z"},
    {"2023-03", "2023-03-01T00:00:00Z"},
    {"  2023-03-20\n", "2023-03-20T00:00:00Z"},
    {"2024-02-29", "2024-02-29T00:00:00Z"},
    {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"},
    {"1900-01-01", "1900-01-01T00:00:00Z"},
    {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
    /* ISO 8601 basic */
    {"20230320T091500Z", "2023-03-20T09:15:00Z"},
    {"20230320T0915", "2023-03-20T09:15:00Z"},
    {"20230320T091500-0500", "2023-03-20T14:15:00Z"},
    {"20230320T091500.25Z", "2023-03-20T09:15:00Z"},
    {"20230320", "2023-03-20T00:00:00Z"},
    /* Reuters-21578 */
    {"26-FEB-1987 17:00:56.04", "1987-02-26T17:00:56Z"},
    {" 3-APR-2023 09:12:44.37", "2023-04-03T09:12:44Z"},
    {"26-feb-1987", "1987-02-26T00:00:00Z"},
    {"20-Mar-87", "1987-03-20T00:00:00Z"},
    {"1-jan-49", "2049-01-01T00:00:00Z"},
    /* asctime and date(1) */
    {"Mon Mar 20 10:00:00 2023", "2023-03-20T10:00:00Z"},
    {"Mon Mar 20 22:00:00 UTC 2023", "2023-03-20T22:00:00Z"},
    {"Mon Mar 20 22:00:00 EST 2023", "2023-03-21T03:00:00Z"},
    {"Mar 20 22:00", NULL},
    /* 12-hour clock */
    {"March 20, 2023 10:15 p.m.", "2023-03-20T22:15:00Z"},
    {"March 20, 2023 3:15 PM EDT", "2023-03-20T19:15:00Z"},
    {"Mar 20 2023 12:05AM", "2023-03-20T00:05:00Z"},
    {"March 20, 2023 12:30 pm", "2023-03-20T12:30:00Z"},
    {"March 20, 2023 13:15 PM", NULL},
    /* slashed ISO order, European dotted */
    {"2023/03/20", "2023-03-20T00:00:00Z"},
    {"2023/3/5 10:00", "2023-03-05T10:00:00Z"},
    {"20.03.2023", "2023-03-20T00:00:00Z"},
    {"20.03.2023 09:15 +0100", "2023-03-20T08:15:00Z"},
    {"32.03.2023", NULL},
    /* RFC 822 / 1123 */
    {"Mon, 20 Mar 2023 10:00:00 +0000", "2023-03-20T10:00:00Z"},
    {"Mon, 20 Mar 2023 10:00:00 GMT", "2023-03-20T10:00:00Z"},
    {"Mon, 20 Mar 2023 10:00:00 EST", "2023-03-20T15:00:00Z"},
    {"Mon, 20 Mar 2023 10:00:00 -0500", "2023-03-20T15:00:00Z"},
    {"Mon, 20 Mar 2023 10:00:00 PDT", "2023-03-20T17:00:00Z"},
    {"Mon, 20 Mar 2023 10:00 +0530", "2023-03-20T04:30:00Z"},
    {"20 Mar 2023 10:00:00 CET", "2023-03-20T09:00:00Z"},
    {"Mon, 20 Mar 23 10:00:00 GMT", "2023-03-20T10:00:00Z"},
    /* words */
    {"March 20, 2023", "2023-03-20T00:00:00Z"},
    {"20 March 2023", "2023-03-20T00:00:00Z"},
    {"Sept. 5, 2021", "2021-09-05T00:00:00Z"},
    {"Sep 5 2021", "2021-09-05T00:00:00Z"},
    {"Mar. 20 2023 10:00 GMT", "2023-03-20T10:00:00Z"},
    {"March 20th, 2023 10:30", "2023-03-20T10:30:00Z"},
    {"Monday, March 20, 2023", "2023-03-20T00:00:00Z"},
    {"MAY 1, 2020", "2020-05-01T00:00:00Z"},
    {"29 February 2024", "2024-02-29T00:00:00Z"},
    /* digits: YYMMDD and US month/day/year (TREC collections) */
    {"880101", "1988-01-01T00:00:00Z"},
    {" 910514\n", "1991-05-14T00:00:00Z"},
    {"890102-0001", "1989-01-02T00:00:00Z"},
    {"000229", "2000-02-29T00:00:00Z"},
    {"490101", "2049-01-01T00:00:00Z"},
    {"12/31/89", "1989-12-31T00:00:00Z"},
    {"03/24/87", "1987-03-24T00:00:00Z"},
    {"1/2/1990", "1990-01-02T00:00:00Z"},
    {"1/2/1990 10:22:00", "1990-01-02T10:22:00Z"},
    {"1/2/90 10:22 EST", "1990-01-02T15:22:00Z"},
    /* not dates */
    {"881301", NULL},
    {"880230", NULL},
    {"12345", NULL},
    {"1234567", NULL},
    {"13/01/89", NULL},
    {"02/30/89", NULL},
    {"12/31", NULL},
    {"12/31/989", NULL},
    {"123/1/89", NULL},
    {"1/2/1990 25:00", NULL},
    {"2023-02-30", NULL},
    {"2023-02-29", NULL},
    {"1900-02-29", NULL},
    {"29 Feb 2023", NULL},
    {"Feb 29, 2100", NULL},
    {"20230229", NULL},
    {"2023-04-31", NULL},
    {"2023-13-01", NULL},
    {"2023-00-10", NULL},
    {"2023-03-00", NULL},
    {"2023-03-32", NULL},
    {"0000-06-15", NULL},
    {"hello", NULL},
    {"", NULL},
    {"   ", NULL},
    {"99:99", NULL},
    {"12:30", NULL},
    {"2023", NULL},
    {"March", NULL},
    {"March 2023", NULL},
    {"Febtember 3, 2023", NULL},
    {"26-XYZ-1987 17:00:56", NULL},
    {"Mon, 32 Mar 2023 10:00:00 GMT", NULL},
    {"2023-03-20T25:00:00Z", NULL},
    {"2023-03-20T09:60Z", NULL},
    {"2023-03-20T09:15:61Z", NULL},
    {"2023-03-20T09:15:00+15:00", NULL},
    {"2023-03-20T09:15:00+05:60", NULL},
    {"20 March 2023 25:00", NULL},
    /* found by fuzz_date: a time that is not one is not read at all */
    {"26-FEB-1987 17x", "1987-02-26T00:00:00Z"},
    {"26-FEB-1987 9700010\x90:00", "1987-02-26T00:00:00Z"},
    {"20 March 2023 10:7", "2023-03-20T00:00:00Z"},
    {"1/2/1990 10x", "1990-01-02T00:00:00Z"},
    {"20230320T995900Z", NULL},
    {"20230320T096100Z", NULL},
};

START_TEST(test_normalize_date_parse)
{
    const date_case *c = &date_cases[_i];
    int64_t t = 4242;
    int ok = ndi_date_parse(c->in, strlen(c->in), &t);
    if (c->want == NULL) {
        char got[32];
        ndi_date_format(t, got);
        ck_assert_msg(ok == 0, "'%s' accepted as %s", c->in, got);
        return;
    }
    ck_assert_msg(ok == 1, "'%s' rejected", c->in);
    char got[32];
    ndi_date_format(t, got);
    ck_assert_msg(strcmp(got, c->want) == 0, "'%s': %s, want %s", c->in, got,
                  c->want);
}
END_TEST

/* Datelines: the year is stated or taken nearest the reference time. */
typedef struct dateline_case {
    const char *in;
    const char *ref;
    const char *want; /* NULL: no date */
} dateline_case;

static const dateline_case dateline_cases[] = {
    {"MOSCOW, March 20 - The Kremlin said", "2023-03-21T08:00:00Z",
     "2023-03-20T00:00:00Z"},
    {"NEW YORK, FEB 26", "1987-02-27T00:00:00Z", "1987-02-26T00:00:00Z"},
    /* a late-December story filed in early January: the previous year */
    {"LONDON, Dec. 31 -", "2024-01-02T00:00:00Z", "2023-12-31T00:00:00Z"},
    /* stated year wins */
    {"PARIS, March 20, 2019 -", "2023-03-21T00:00:00Z", "2019-03-20T00:00:00Z"},
    {"TOKYO, 5 April -", "2023-04-06T00:00:00Z", "2023-04-05T00:00:00Z"},
    /* Feb 29 exists only in a leap year near the reference */
    {"OSLO, Feb 29 -", "2024-03-01T00:00:00Z", "2024-02-29T00:00:00Z"},
    /* no date before the dash: what follows is the story */
    {"BERLIN - talks resume on March 3", "2023-03-21T00:00:00Z", NULL},
    {"MAYOR SMITH said", "2023-03-21T00:00:00Z", NULL},
};

START_TEST(test_normalize_date_dateline)
{
    const dateline_case *c = &dateline_cases[_i];
    int64_t ref, t = 0;
    ck_assert_int_eq(ndi_date_parse(c->ref, strlen(c->ref), &ref), 1);
    int ok = ndi_date_dateline(c->in, strlen(c->in), ref, &t);
    if (c->want == NULL) {
        ck_assert_msg(!ok, "[%s] read as a date", c->in);
        return;
    }
    ck_assert_msg(ok, "[%s] not read", c->in);
    char got[32];
    ndi_date_format(t, got);
    ck_assert_str_eq(got, c->want);
}
END_TEST

START_TEST(test_normalize_date_len)
{
    /* only 'len' bytes are read: no NUL needed, text after is not seen */
    int64_t t = 0;
    static const char s[] = "2023-03-20T09:15:00Z";
    ck_assert_int_eq(ndi_date_parse(s, 10, &t), 1);
    ck_assert_int_eq(t, 1679270400);
    static const char nonul[4] = {'2', '0', '2', '3'};
    ck_assert_int_eq(ndi_date_parse(nonul, sizeof nonul, &t), 0);
    ck_assert_int_eq(ndi_date_parse("March 20, 2023", 8, &t), 0);
    /* an empty buffer may have no bytes at all (found by fuzz_reuters_sgm) */
    ck_assert_int_eq(ndi_date_parse(NULL, 0, &t), 0);
}
END_TEST

typedef struct fmt_case {
    int64_t t;
    const char *iso;
} fmt_case;

static const fmt_case fmt_cases[] = {
    {0, "1970-01-01T00:00:00Z"},
    {-1, "1969-12-31T23:59:59Z"},
    {-86400, "1969-12-31T00:00:00Z"},
    {-86401, "1969-12-30T23:59:59Z"},
    {541357256, "1987-02-26T17:00:56Z"},
    {951782400, "2000-02-29T00:00:00Z"},
    {951868800, "2000-03-01T00:00:00Z"},
    {1709208000, "2024-02-29T12:00:00Z"},
    {1679306400, "2023-03-20T10:00:00Z"},
    {-2208988800, "1900-01-01T00:00:00Z"},
    {-2203891200, "1900-03-01T00:00:00Z"},
    {-11670998400, "1600-02-29T00:00:00Z"},
    {-62135596800, "0001-01-01T00:00:00Z"},
    {253402300799, "9999-12-31T23:59:59Z"},
};

START_TEST(test_normalize_date_format)
{
    const fmt_case *c = &fmt_cases[_i];
    char got[32];
    ndi_date_format(c->t, got);
    ck_assert_str_eq(got, c->iso);
    /* and back */
    int64_t back = 0;
    ck_assert_int_eq(ndi_date_parse(got, strlen(got), &back), 1);
    ck_assert_int_eq(back, c->t);
}
END_TEST

START_TEST(test_normalize_date_format_clamp)
{
    /* found by fuzz_date: any time formats, years 1..9999 */
    static const struct {
        int64_t t;
        const char *iso;
    } c[] = {
        {INT64_MIN, "0001-01-01T00:00:00Z"},
        {NDI_TIME_MIN - 1, "0001-01-01T00:00:00Z"},
        {NDI_TIME_MAX + 1, "9999-12-31T23:59:59Z"},
        {INT64_MAX, "9999-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(c); i++) {
        char got[32];
        ndi_date_format(c[i].t, got);
        ck_assert_str_eq(got, c[i].iso);
    }
}
END_TEST

START_TEST(test_normalize_date_roundtrip)
{
    /* every day from 1600 to 2400 (leap days and century years included)
     * formats to the next calendar date and parses back to itself */
    int64_t start = ndi_timegm(1600, 1, 1, 0, 0, 0);
    int64_t end = ndi_timegm(2401, 1, 1, 0, 0, 0);
    long y = 1600, m = 1, d = 1;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    for (int64_t t = start; t < end; t += 86400) {
        char want[96], got[32];
        snprintf(want, sizeof want, "%04ld-%02ld-%02ldT23:59:59Z", y, m, d);
        ndi_date_format(t + 86399, got);
        ck_assert_msg(strcmp(got, want) == 0, "%lld: %s, want %s", (long long)t,
                      got, want);
        int64_t back = 0;
        ck_assert_int_eq(ndi_date_parse(got, strlen(got), &back), 1);
        ck_assert_int_eq(back, t + 86399);
        int leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        if (++d > mdays[m - 1] + (m == 2 && leap)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    ck_assert_int_eq(y, 2401);
}
END_TEST

START_TEST(test_normalize_timegm)
{
    ck_assert_int_eq(ndi_timegm(1970, 1, 1, 0, 0, 0), 0);
    ck_assert_int_eq(ndi_timegm(1969, 12, 31, 23, 59, 59), -1);
    ck_assert_int_eq(ndi_timegm(2000, 3, 1, 0, 0, 0), 951868800);
    ck_assert_int_eq(ndi_timegm(1900, 1, 1, 0, 0, 0), -2208988800);
    ck_assert_int_eq(ndi_timegm(2023, 3, 20, 10, 0, 0), 1679306400);
    ck_assert_int_eq(ndi_timegm(1, 1, 1, 0, 0, 0), -62135596800);
    ck_assert_int_eq(ndi_timegm(9999, 12, 31, 23, 59, 59), 253402300799);
    /* agrees with the C library over a spread of instants */
    uint64_t seed = 88172645463325252ull;
    for (int i = 0; i < 20000; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        /* 1600..2400 */
        time_t tt = (time_t)(int64_t)(seed % 25246080000ull) - 11676096000;
        struct tm tm;
        ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
        int64_t got = ndi_timegm((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
                                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        ck_assert_int_eq(got, (int64_t)tt);
    }
}
END_TEST

static Suite *
normalize_suite(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc;

    tc = tcase_create("utf8_valid");
    tcase_add_loop_test(tc, test_normalize_utf8_valid, 0,
                        (int)NDI_ARRAY_LEN(utf8_cases));
    tcase_add_test(tc, test_normalize_utf8_valid_len);
    tcase_add_test(tc, test_normalize_utf8_decode);
    suite_add_tcase(s, tc);

    tc = tcase_create("bom");
    tcase_add_test(tc, test_normalize_bom);
    tcase_add_test(tc, test_normalize_strncaseeq);
    suite_add_tcase(s, tc);

    tc = tcase_create("to_utf8");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_normalize_to_utf8, 0,
                        (int)NDI_ARRAY_LEN(conv_cases));
    tcase_add_test(tc, test_normalize_cp1252_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("clean");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_normalize_clean, 0,
                        (int)NDI_ARRAY_LEN(clean_cases));
    tcase_add_test(tc, test_normalize_clean_append);
    tcase_add_test(tc, test_normalize_clean_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("date_parse");
    tcase_add_loop_test(tc, test_normalize_date_parse, 0,
                        (int)NDI_ARRAY_LEN(date_cases));
    tcase_add_test(tc, test_normalize_date_len);
    suite_add_tcase(s, tc);

    tc = tcase_create("date_dateline");
    tcase_add_loop_test(tc, test_normalize_date_dateline, 0,
                        (int)NDI_ARRAY_LEN(dateline_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("date_format");
    tcase_add_loop_test(tc, test_normalize_date_format, 0,
                        (int)NDI_ARRAY_LEN(fmt_cases));
    tcase_add_test(tc, test_normalize_date_format_clamp);
    tcase_add_test(tc, test_normalize_date_roundtrip);
    suite_add_tcase(s, tc);

    tc = tcase_create("timegm");
    tcase_add_test(tc, test_normalize_timegm);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(normalize_suite());
}
