/* SPDX-License-Identifier: MIT */
/*
 * check_article.c - nd_article: fields and their normalization on set,
 * raw paths, dates, items, file state, entities and stable ids.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"

static nd_article *a;

static void
setup(void)
{
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_ptr_nonnull(a);
}

static void
teardown(void)
{
    nd_article_free(a);
    a = NULL;
}

static void
set_str(nd_article *art, nd_field f, const char *s)
{
    nd_status st = nd_article_set(art, f, s, strlen(s));
    ck_assert_msg(st == ND_OK, "set %d: %s", (int)f, nd_errmsg(art));
}

static int
is_hex16(const char *s)
{
    if (strlen(s) != 16)
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

/* ---- a fresh article ------------------------------------------------ */

START_TEST(test_article_new_empty)
{
    for (int f = 0; f < ND_F_COUNT; f++) {
        ck_assert_ptr_nonnull(nd_article_get(a, (nd_field)f));
        ck_assert_str_eq(nd_article_get(a, (nd_field)f), "");
    }
    ck_assert_str_eq(nd_article_title(a), "");
    ck_assert_str_eq(nd_article_body(a), "");
    ck_assert_int_eq(nd_article_date(a), 0);
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_NONE);
    ck_assert_uint_eq(nd_article_item(a), 0);
    ck_assert_uint_eq(nd_article_entity_count(a), 0);
    const nd_filestate *fs = nd_article_file(a);
    ck_assert_int_eq(fs->size, 0);
    ck_assert_int_eq(fs->mtime_ns, 0);
    ck_assert_str_eq(fs->hash, "");
    ck_assert_uint_eq(fs->items, 0);
    ck_assert_str_eq(nd_errmsg(a), "");
    nd_article_free(NULL);
}
END_TEST

/* ---- fields --------------------------------------------------------- */

START_TEST(test_article_fields)
{
    /* every field keeps its own value */
    char val[32];
    for (int f = 0; f < ND_F_COUNT; f++) {
        snprintf(val, sizeof val, "value %d", f);
        set_str(a, (nd_field)f, val);
    }
    for (int f = 0; f < ND_F_COUNT; f++) {
        snprintf(val, sizeof val, "value %d", f);
        ck_assert_str_eq(nd_article_get(a, (nd_field)f), val);
    }
    ck_assert_str_eq(nd_article_title(a), "value 1");
    ck_assert_str_eq(nd_article_body(a), "value 11");
    ck_assert_uint_eq(ndi_article_body_len(a), 8);
    /* setting again replaces */
    set_str(a, ND_F_TITLE, "Second title");
    ck_assert_str_eq(nd_article_title(a), "Second title");
    set_str(a, ND_F_TITLE, "");
    ck_assert_str_eq(nd_article_title(a), "");
    /* only 'len' bytes are used */
    ck_assert_int_eq(nd_article_set(a, ND_F_SOURCE, "Reuters Ltd", 7), ND_OK);
    ck_assert_str_eq(nd_article_get(a, ND_F_SOURCE), "Reuters");
}
END_TEST

static const int bad_fields[] = {ND_F_COUNT, ND_F_COUNT + 1, -1, 1000};

START_TEST(test_article_set_einval)
{
    nd_field f = (nd_field)bad_fields[_i];
    set_str(a, ND_F_TITLE, "kept");
    ck_assert_int_eq(nd_article_set(a, f, "x", 1), ND_EINVAL);
    char want[64];
    snprintf(want, sizeof want, "no such field %d", bad_fields[_i]);
    ck_assert_str_eq(nd_errmsg(a), want);
    ck_assert_int_eq(ndi_article_set_raw(a, f, "x", 1), ND_EINVAL);
    ck_assert_str_eq(nd_errmsg(a), want);
    /* reading an unknown field gives "" and nothing else changed */
    ck_assert_str_eq(nd_article_get(a, f), "");
    ck_assert_str_eq(nd_article_title(a), "kept");
}
END_TEST

/* ---- normalization on set ------------------------------------------- */

typedef struct norm_case {
    nd_field field;
    const char *in;
    size_t len;
    const char *want;
    const char *why;
} norm_case;

#define BYTES(s) s, sizeof(s) - 1

static const norm_case norm_cases[] = {
    {ND_F_TITLE, BYTES("plain"), "plain", "ASCII unchanged"},
    {ND_F_TITLE, BYTES("caf\xe9 cr\xe8me"), "caf\xc3\xa9 cr\xc3\xa8me",
     "invalid UTF-8 read as Windows-1252"},
    {ND_F_TITLE,
     BYTES("\x93quoted\x94 \x80"
           "5"),
     "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac"
     "5",
     "Windows-1252 0x80-0x9F: curly quotes and euro"},
    {ND_F_TITLE, BYTES("na\xc3\xafve \x96 ok"), "na\xc3\xafve \xe2\x80\x93 ok",
     "mixed UTF-8 and Windows-1252"},
    {ND_F_TITLE, BYTES("Cafe\xcc\x81"), "Caf\xc3\xa9",
     "NFC: e + U+0301 -> U+00E9"},
    {ND_F_TITLE,
     BYTES("\xef\xac\x81"
           "le"),
     "\xef\xac\x81"
     "le",
     "NFC keeps compatibility ligatures (not NFKC)"},
    {ND_F_TITLE,
     BYTES("a\x01"
           "b\x00"
           "c\x7f"
           "d\x1b"
           "e"),
     "a b cd e", "C0 controls and NUL separate words, DEL is removed"},
    {ND_F_TITLE,
     BYTES("a\xc2\x80"
           "b\xc2\x9f"
           "c"),
     "abc", "C1 controls removed"},
    {ND_F_TITLE,
     BYTES("\xef\xbb\xbf"
           "soft\xc2\xad"
           "ware\xe2\x80\x8b!"),
     "software!", "BOM, soft hyphen, zero-width space removed"},
    {ND_F_TITLE, BYTES("  two \t\r\n\n  words  "), "two words",
     "whitespace collapsed and trimmed"},
    {ND_F_TITLE,
     BYTES("a\xc2\xa0"
           "b\xe2\x80\x83"
           "c\xe3\x80\x80"
           "d"),
     "a b c d", "Unicode spaces are spaces"},
    {ND_F_TITLE, BYTES("line one\n\nline two"), "line one line two",
     "one-line fields have no newlines"},
    {ND_F_BODY, BYTES("First para\nstill first.\n\nSecond.\n\n\n\nThird."),
     "First para still first.\n\nSecond.\n\nThird.",
     "body keeps paragraphs, single newlines become spaces"},
    {ND_F_BODY, BYTES("\n\n  Lead \r\n \r\nNext  \n\n"), "Lead\n\nNext",
     "body trimmed; CRLF blank lines are breaks"},
    {ND_F_BODY,
     BYTES("a \t b\x0c"
           "c"),
     "a b c", "body collapses spaces too"},
    {ND_F_BYLINE, BYTES("By \x93Jo\x94\n Smith"),
     "By \xe2\x80\x9cJo\xe2\x80\x9d Smith", "byline normalized"},
    {ND_F_DOCNO, BYTES("  12345 "), "12345", "docno trimmed"},
    {ND_F_ID, BYTES(" ab\ncd "), "ab cd",
     "id set through nd_article_set is normalized"},
    {ND_F_PATH, BYTES("dir/caf\xe9  x\n.txt"), "dir/caf\xe9  x\n.txt",
     "path stored byte for byte"},
    {ND_F_ABSPATH, BYTES("/a/ b\x93\x01/c.txt "), "/a/ b\x93\x01/c.txt ",
     "abspath stored byte for byte"},
};

START_TEST(test_article_normalize)
{
    const norm_case *c = &norm_cases[_i];
    ck_assert_int_eq(nd_article_set(a, c->field, c->in, c->len), ND_OK);
    ck_assert_msg(strcmp(nd_article_get(a, c->field), c->want) == 0,
                  "%s: got '%s', want '%s'", c->why,
                  nd_article_get(a, c->field), c->want);
}
END_TEST

START_TEST(test_article_field_cap)
{
    /* a one-line field keeps at most 2048 bytes, cut between characters;
     * the body is not capped */
    size_t n = 3000;
    char *s = malloc(2 * n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2);
    s[2 * n] = '\0';
    set_str(a, ND_F_TITLE, s);
    ck_assert_uint_eq(strlen(nd_article_title(a)), 2048);
    ck_assert_int_eq(memcmp(nd_article_title(a), s, 2048), 0);
    ck_assert_int_eq(nd_article_set(a, ND_F_TITLE, s + 1, 2 * n - 1), ND_OK);
    /* the stray continuation byte is read as cp1252 (U+00A9); the cap
     * still falls between characters */
    ck_assert_uint_eq(strlen(nd_article_title(a)), 2048);
    ck_assert_int_eq(memcmp(nd_article_title(a), "\xc2\xa9\xc3\xa9", 4), 0);
    set_str(a, ND_F_BODY, s);
    ck_assert_uint_eq(strlen(nd_article_body(a)), 2 * n);
    /* a path is never capped */
    set_str(a, ND_F_ABSPATH, s);
    ck_assert_uint_eq(strlen(nd_article_get(a, ND_F_ABSPATH)), 2 * n);
    free(s);
}
END_TEST

START_TEST(test_article_set_raw)
{
    /* the raw setter keeps bytes as given (for records read back) */
    ck_assert_int_eq(ndi_article_set_raw(a, ND_F_BODY, "a  b\n\n\nc ", 9),
                     ND_OK);
    ck_assert_str_eq(nd_article_body(a), "a  b\n\n\nc ");
    ck_assert_uint_eq(ndi_article_body_len(a), 9);
    ck_assert_ptr_eq(ndi_article_hdr(a), (ndi_hdr *)a);
}
END_TEST

/* ---- date, item, file ----------------------------------------------- */

START_TEST(test_article_date_item_file)
{
    nd_article_set_date(a, 1679306400, ND_DATE_DOCUMENT);
    ck_assert_int_eq(nd_article_date(a), 1679306400);
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    nd_article_set_date(a, -2208988800, ND_DATE_MTIME);
    ck_assert_int_eq(nd_article_date(a), -2208988800);
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_MTIME);

    nd_article_set_item(a, 4294967295u);
    ck_assert_uint_eq(nd_article_item(a), 4294967295u);

    nd_filestate fs;
    fs.size = 1234;
    fs.mtime_ns = 1679306400123456789;
    /* a hash without its NUL is cut at 32 digits */
    memset(fs.hash, 'f', sizeof fs.hash);
    fs.items = 7;
    nd_article_set_file(a, &fs);
    const nd_filestate *got = nd_article_file(a);
    ck_assert_ptr_ne(got, &fs); /* copied, not borrowed */
    ck_assert_int_eq(got->size, 1234);
    ck_assert_int_eq(got->mtime_ns, 1679306400123456789);
    ck_assert_uint_eq(strlen(got->hash), 32);
    ck_assert_uint_eq(got->items, 7);
    fs.size = 1;
    ck_assert_int_eq(nd_article_file(a)->size, 1234);
}
END_TEST

/* ---- entities ------------------------------------------------------- */

START_TEST(test_article_entities)
{
    nd_entity_type t = ND_ENT_COUNT;
    ck_assert_ptr_null(nd_article_entity(a, 0, &t));
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, "Paris", 5), ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PERSON, "Paris", 5),
                     ND_OK);
    /* the same after normalization: kept once */
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, BYTES("  Paris\n")),
                     ND_OK);
    ck_assert_int_eq(
        nd_article_add_entity(a, ND_ENT_ORG, BYTES("Soci\xe9t\xe9 G")), ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG,
                                           BYTES("Socie\xcc\x81te\xcc\x81 G")),
                     ND_OK);
    /* nothing left after normalization: not added */
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, BYTES(" \x01\t")),
                     ND_OK);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, "", 0), ND_OK);

    ck_assert_uint_eq(nd_article_entity_count(a), 3);
    ck_assert_str_eq(nd_article_entity(a, 0, &t), "Paris");
    ck_assert_int_eq(t, ND_ENT_PLACE);
    ck_assert_str_eq(nd_article_entity(a, 1, &t), "Paris");
    ck_assert_int_eq(t, ND_ENT_PERSON);
    ck_assert_str_eq(nd_article_entity(a, 2, NULL), "Soci\xc3\xa9t\xc3\xa9 G");
    ck_assert_ptr_null(nd_article_entity(a, 3, &t));
    ck_assert_ptr_null(nd_article_entity(a, (size_t)-1, &t));
}
END_TEST

START_TEST(test_article_entities_many)
{
    /* past the first allocations; duplicates still found */
    char name[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 100; i++) {
            int n = snprintf(name, sizeof name, "Person %d", i);
            ck_assert_int_eq(
                nd_article_add_entity(a, ND_ENT_PERSON, name, (size_t)n),
                ND_OK);
        }
    ck_assert_uint_eq(nd_article_entity_count(a), 100);
    ck_assert_str_eq(nd_article_entity(a, 99, NULL), "Person 99");
}
END_TEST

START_TEST(test_article_entity_cap)
{
    /* entity names are one-line text of at most 256 bytes */
    char name[400];
    memset(name, 'n', sizeof name);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_ORG, name, sizeof name),
                     ND_OK);
    ck_assert_uint_eq(strlen(nd_article_entity(a, 0, NULL)), 256);
}
END_TEST

static const int bad_types[] = {ND_ENT_COUNT, -1, 99};

START_TEST(test_article_entity_einval)
{
    nd_entity_type t = (nd_entity_type)bad_types[_i];
    ck_assert_int_eq(nd_article_add_entity(a, t, "X", 1), ND_EINVAL);
    char want[64];
    snprintf(want, sizeof want, "no such entity type %d", bad_types[_i]);
    ck_assert_str_eq(nd_errmsg(a), want);
    ck_assert_uint_eq(nd_article_entity_count(a), 0);
}
END_TEST

/* ---- ids ------------------------------------------------------------ */

START_TEST(test_article_make_id)
{
    set_str(a, ND_F_ABSPATH, "/archive/2023/story.html");
    nd_article_set_item(a, 3);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    const char *id = nd_article_get(a, ND_F_ID);
    ck_assert_msg(is_hex16(id), "id '%s'", id);
    char first[17];
    memcpy(first, id, 17);

    /* the id is the pure function of (abspath, item) */
    char direct[17];
    ndi_article_id_for("/archive/2023/story.html", 3, direct);
    ck_assert_str_eq(first, direct);

    /* stable: another article with the same identity gets the same id,
     * whatever its other fields say */
    nd_article *b = NULL;
    ck_assert_int_eq(nd_article_new(&b), ND_OK);
    set_str(b, ND_F_ABSPATH, "/archive/2023/story.html");
    set_str(b, ND_F_PATH, "story.html");
    set_str(b, ND_F_TITLE, "Different title");
    nd_article_set_item(b, 3);
    ck_assert_int_eq(nd_article_make_id(b), ND_OK);
    ck_assert_str_eq(nd_article_get(b, ND_F_ID), first);

    /* a different item or path: a different id */
    nd_article_set_item(b, 4);
    ck_assert_int_eq(nd_article_make_id(b), ND_OK);
    ck_assert_str_ne(nd_article_get(b, ND_F_ID), first);
    nd_article_set_item(b, 3);
    set_str(b, ND_F_ABSPATH, "/archive/2023/story.htm");
    ck_assert_int_eq(nd_article_make_id(b), ND_OK);
    ck_assert_str_ne(nd_article_get(b, ND_F_ID), first);
    nd_article_free(b);
}
END_TEST

START_TEST(test_article_id_distinct)
{
    /* the path and the item are separated: ("/a1", 2) is not ("/a", 12) */
    char x[17], y[17];
    ndi_article_id_for("/a1", 2, x);
    ndi_article_id_for("/a", 12, y);
    ck_assert_str_ne(x, y);
    ndi_article_id_for("/a", 0, x);
    ndi_article_id_for("/a", 1, y);
    ck_assert_str_ne(x, y);
    /* 1000 items of one file: all ids differ */
    enum { N = 1000 };
    static char ids[N][17];
    for (unsigned i = 0; i < N; i++)
        ndi_article_id_for("/archive/big.sgm", i, ids[i]);
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < i; j++)
            ck_assert_str_ne(ids[i], ids[j]);
}
END_TEST

START_TEST(test_article_id_long_path)
{
    /* paths longer than the id's stack buffer hash the same way */
    char path[1500];
    memset(path, 'p', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    char x[17], y[17];
    ndi_article_id_for(path, 9, x);
    ndi_article_id_for(path, 9, y);
    ck_assert_str_eq(x, y);
    ck_assert(is_hex16(x));
    ndi_article_id_for(path, 10, y);
    ck_assert_str_ne(x, y);
    path[700] = 'q';
    ndi_article_id_for(path, 9, y);
    ck_assert_str_ne(x, y);
    set_str(a, ND_F_ABSPATH, path);
    nd_article_set_item(a, 9);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    ck_assert_str_eq(nd_article_get(a, ND_F_ID), y);
}
END_TEST

START_TEST(test_article_make_id_einval)
{
    /* only ND_F_ABSPATH counts: a path alone is not an identity */
    set_str(a, ND_F_PATH, "story.html");
    ck_assert_int_eq(nd_article_make_id(a), ND_EINVAL);
    ck_assert_str_eq(nd_errmsg(a), "article has no source path");
    ck_assert_str_eq(nd_article_get(a, ND_F_ID), "");
    set_str(a, ND_F_ABSPATH, "");
    ck_assert_int_eq(nd_article_make_id(a), ND_EINVAL);
}
END_TEST

static Suite *
article_suite(void)
{
    Suite *s = suite_create("article");
    TCase *tc;

    tc = tcase_create("new_empty");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_article_new_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("fields");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_article_fields);
    tcase_add_test(tc, test_article_set_raw);
    suite_add_tcase(s, tc);

    tc = tcase_create("set_einval");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_article_set_einval, 0,
                        (int)NDI_ARRAY_LEN(bad_fields));
    suite_add_tcase(s, tc);

    tc = tcase_create("normalize");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_article_normalize, 0,
                        (int)NDI_ARRAY_LEN(norm_cases));
    tcase_add_test(tc, test_article_field_cap);
    suite_add_tcase(s, tc);

    tc = tcase_create("date_item_file");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_article_date_item_file);
    suite_add_tcase(s, tc);

    tc = tcase_create("entities");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_article_entities);
    tcase_add_test(tc, test_article_entities_many);
    tcase_add_test(tc, test_article_entity_cap);
    tcase_add_loop_test(tc, test_article_entity_einval, 0,
                        (int)NDI_ARRAY_LEN(bad_types));
    suite_add_tcase(s, tc);

    tc = tcase_create("make_id");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_article_make_id);
    tcase_add_test(tc, test_article_id_distinct);
    tcase_add_test(tc, test_article_id_long_path);
    tcase_add_test(tc, test_article_make_id_einval);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(article_suite());
}
