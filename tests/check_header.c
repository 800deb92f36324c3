/* SPDX-License-Identifier: MIT */
/*
 * check_header.c - the public header on its own, strict C11 -pedantic,
 * against the installed form of the library (only ND_API symbols).
 */
#include <check.h>
#include <stdlib.h>

#include <newsdex.h>

/* No <string.h>: the header must not need it, so neither do we. */
static size_t
len_of(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

static int
contains(const char *hay, const char *needle)
{
    size_t n = len_of(needle);
    for (; *hay != '\0'; hay++) {
        size_t i = 0;
        while (i < n && hay[i] == needle[i])
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static nd_status
set(nd_article *a, nd_field f, const char *s)
{
    return nd_article_set(a, f, s, len_of(s));
}

/* An article with every field a record carries. */
static nd_article *
make_article(void)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(set(a, ND_F_TITLE, "Oil \x93prices\x94 rise"), ND_OK);
    ck_assert_int_eq(set(a, ND_F_BODY, "First  paragraph.\n\n\nSecond one."),
                     ND_OK);
    ck_assert_int_eq(set(a, ND_F_SOURCE, "Reuters"), ND_OK);
    ck_assert_int_eq(set(a, ND_F_PATH, "archive/oil.txt"), ND_OK);
    ck_assert_int_eq(set(a, ND_F_ABSPATH, "/data/archive/oil.txt"), ND_OK);
    ck_assert_int_eq(set(a, ND_F_LANG, "en"), ND_OK);
    ck_assert_int_eq(set(a, ND_F_FORMAT, "text"), ND_OK);
    nd_article_set_item(a, 2);
    nd_article_set_date(a, 541357256, ND_DATE_DOCUMENT);
    ck_assert_int_eq(nd_article_add_entity(a, ND_ENT_PLACE, "Houston", 7),
                     ND_OK);
    ck_assert_int_eq(nd_article_make_id(a), ND_OK);
    return a;
}

START_TEST(test_header_strerror)
{
    ck_assert_str_eq(nd_strerror(ND_OK), "success");
    ck_assert_str_eq(nd_strerror(ND_EIO), "input/output error");
    ck_assert_str_eq(nd_strerror(ND_STATUS_COUNT), "unknown status");
    ck_assert_str_eq(nd_errmsg(NULL), "");
    ck_assert_str_eq(ND_VERSION_STRING, "0.1.0");
}
END_TEST

START_TEST(test_header_buf)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "");
    ck_assert_int_eq(nd_buf_append(b, "news", 4), ND_OK);
    ck_assert_int_eq(nd_buf_append(b, "dex", 3), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "newsdex");
    ck_assert_uint_eq(nd_buf_len(b), 7);
    nd_buf_clear(b);
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_str_eq(nd_errmsg(b), "");
    nd_buf_free(b);
    nd_buf_free(NULL);
}
END_TEST

START_TEST(test_header_article)
{
    nd_article *a = make_article();
    ck_assert_str_eq(nd_article_title(a),
                     "Oil \xe2\x80\x9cprices\xe2\x80\x9d rise");
    ck_assert_str_eq(nd_article_body(a), "First paragraph.\n\nSecond one.");
    ck_assert_uint_eq(len_of(nd_article_get(a, ND_F_ID)), 16);
    ck_assert_int_eq(nd_article_date(a), 541357256);
    ck_assert_int_eq(nd_article_datesrc(a), ND_DATE_DOCUMENT);
    ck_assert_uint_eq(nd_article_item(a), 2);
    ck_assert_uint_eq(nd_article_entity_count(a), 1);
    nd_entity_type t = ND_ENT_COUNT;
    ck_assert_str_eq(nd_article_entity(a, 0, &t), "Houston");
    ck_assert_int_eq(t, ND_ENT_PLACE);
    ck_assert_int_eq(set(a, ND_F_COUNT, "x"), ND_EINVAL);
    ck_assert_str_ne(nd_errmsg(a), "");
    nd_article_free(a);
}
END_TEST

START_TEST(test_header_record)
{
    nd_article *a = make_article();
    nd_buf *rec = NULL;
    ck_assert_int_eq(nd_buf_new(&rec), ND_OK);
    ck_assert_int_eq(nd_record_write(a, rec), ND_OK);
    ck_assert(contains(nd_buf_data(rec), "WARC/1.1\r\n"));
    ck_assert(contains(nd_buf_data(rec), nd_article_get(a, ND_F_ID)));

    nd_article *back = NULL;
    size_t used = 0;
    ck_assert_int_eq(
        nd_record_read(nd_buf_data(rec), nd_buf_len(rec), &back, &used, NULL),
        ND_OK);
    ck_assert_ptr_nonnull(back);
    ck_assert_uint_eq(used, nd_buf_len(rec));
    ck_assert_str_eq(nd_article_get(back, ND_F_ID), nd_article_get(a, ND_F_ID));
    ck_assert_str_eq(nd_article_title(back), nd_article_title(a));
    ck_assert_str_eq(nd_article_body(back), nd_article_body(a));
    ck_assert_str_eq(nd_article_get(back, ND_F_ABSPATH),
                     "/data/archive/oil.txt");
    ck_assert_int_eq(nd_article_date(back), 541357256);
    nd_article_free(back);

    /* compressed form, as a collection stores it */
    nd_buf *z = NULL;
    ck_assert_int_eq(nd_buf_new(&z), ND_OK);
    ck_assert_int_eq(nd_record_compress(a, z), ND_OK);
    ck_assert_int_eq(
        nd_record_decompress(nd_buf_data(z), nd_buf_len(z), &back, NULL),
        ND_OK);
    ck_assert_str_eq(nd_article_title(back), nd_article_title(a));
    nd_article_free(back);

    /* errors */
    nd_buf *err = NULL;
    ck_assert_int_eq(nd_buf_new(&err), ND_OK);
    ck_assert_int_eq(nd_record_read("not a record", 12, &back, NULL, err),
                     ND_EFORMAT);
    ck_assert_ptr_null(back);
    ck_assert_uint_gt(nd_buf_len(err), 0);
    ck_assert_int_eq(nd_record_decompress("xxxxxxxx", 8, &back, err),
                     ND_ECORRUPT);
    ck_assert_ptr_null(back);
    nd_article *noid = NULL;
    ck_assert_int_eq(nd_article_new(&noid), ND_OK);
    nd_buf_clear(rec);
    ck_assert_int_eq(nd_record_write(noid, rec), ND_EINVAL);
    ck_assert_str_ne(nd_errmsg(rec), "");

    nd_article_free(noid);
    nd_buf_free(err);
    nd_buf_free(z);
    nd_buf_free(rec);
    nd_article_free(a);
}
END_TEST

START_TEST(test_header_reader)
{
    static const char text[] = "Headline here\n\nThe body of the story.\n";
    nd_limits lim = ND_LIMITS_INIT;
    nd_reader *r = NULL;
    ck_assert_int_eq(nd_reader_new(&r), ND_OK);
    ck_assert_int_eq(
        nd_reader_open_mem(r, "story.txt", text, sizeof text - 1, &lim), ND_OK);
    ck_assert_str_eq(nd_reader_format(r), "text");
    nd_article *a = NULL;
    ck_assert_int_eq(nd_reader_next(r, &a), ND_OK);
    ck_assert(contains(nd_article_body(a), "body of the story"));
    nd_article_free(a);
    ck_assert_int_eq(nd_reader_next(r, &a), ND_DONE);
    nd_reader_free(r);
}
END_TEST

START_TEST(test_header_inits)
{
    /* the initializer macros compile under -pedantic and mean what the
     * header says */
    nd_limits lim = ND_LIMITS_INIT;
    ck_assert_uint_eq(lim.max_file_bytes, (size_t)64 << 20);
    ck_assert_uint_eq(lim.max_inflated_bytes, (size_t)256 << 20);
    ck_assert_uint_eq(lim.max_article_bytes, (size_t)4 << 20);
    ck_assert_uint_eq(lim.max_items, 100000);
    ck_assert_uint_eq(lim.max_depth, 256);
    nd_run_opts ro = ND_RUN_OPTS_INIT;
    ck_assert_int_eq(ro.mode, ND_RUN_INDEX);
    ck_assert_ptr_null(ro.collection);
    ck_assert_uint_eq(ro.limits.max_depth, 256);
    ck_assert_ptr_null(ro.ctx);
    nd_search_opts so = ND_SEARCH_OPTS_INIT;
    ck_assert_uint_eq(so.offset, 0);
    ck_assert_uint_eq(so.count, 10);
    ck_assert_uint_eq(so.snippet_len, 200);
    ck_assert_int_eq(nd_name_is_news("wire.sgm"), 1);
    ck_assert_int_eq(nd_name_is_news("style.css"), 0);
}
END_TEST

static Suite *
header_suite(void)
{
    Suite *s = suite_create("header");
    TCase *tc = tcase_create("strerror");
    tcase_add_test(tc, test_header_strerror);
    suite_add_tcase(s, tc);
    tc = tcase_create("buf");
    tcase_add_test(tc, test_header_buf);
    suite_add_tcase(s, tc);
    tc = tcase_create("article");
    tcase_add_test(tc, test_header_article);
    suite_add_tcase(s, tc);
    tc = tcase_create("record");
    tcase_add_test(tc, test_header_record);
    suite_add_tcase(s, tc);
    tc = tcase_create("reader");
    tcase_add_test(tc, test_header_reader);
    suite_add_tcase(s, tc);
    tc = tcase_create("inits");
    tcase_add_test(tc, test_header_inits);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    Suite *s = header_suite();
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
