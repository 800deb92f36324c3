/* SPDX-License-Identifier: MIT */
/*
 * check_error.c - status texts, nd_errmsg() on every kind of handle and on
 * things that are not handles, and the ndi_fail/ndi_pass message rules.
 */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"

/* ---- nd_strerror ---------------------------------------------------- */

typedef struct strerror_case {
    nd_status st;
    const char *text;
} strerror_case;

static const strerror_case strerror_cases[] = {
    {ND_OK, "success"},
    {ND_DONE, "no more items"},
    {ND_ENOMEM, "out of memory"},
    {ND_EINVAL, "invalid argument"},
    {ND_EIO, "input/output error"},
    {ND_EFORMAT, "unreadable or unsupported format"},
    {ND_ETOOBIG, "input exceeds a size limit"},
    {ND_ENOTFOUND, "not found"},
    {ND_EQUERY, "query syntax error"},
    {ND_EXAPIAN, "Xapian error"},
    {ND_ELOCKED, "collection is locked by another writer"},
    {ND_EMODIFIED, "collection changed while reading"},
    {ND_ECORRUPT, "collection or record is damaged"},
    {ND_EVERSION, "unknown collection schema version"},
    {ND_EINTERNAL, "internal error"},
};

START_TEST(test_error_strerror)
{
    const strerror_case *c = &strerror_cases[_i];
    ck_assert_str_eq(nd_strerror(c->st), c->text);
}
END_TEST

START_TEST(test_error_strerror_all)
{
    /* the table above covers every status, and no two share a text */
    ck_assert_int_eq((int)NDI_ARRAY_LEN(strerror_cases), ND_STATUS_COUNT);
    for (int i = 0; i < ND_STATUS_COUNT; i++) {
        ck_assert_int_eq(strerror_cases[i].st, i);
        const char *t = nd_strerror((nd_status)i);
        ck_assert_ptr_nonnull(t);
        ck_assert_str_ne(t, "");
        ck_assert_str_ne(t, "unknown status");
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(t, nd_strerror((nd_status)j));
    }
}
END_TEST

static const int out_of_range[] = {ND_STATUS_COUNT, ND_STATUS_COUNT + 1, 1000,
                                   -1, -1000};

START_TEST(test_error_strerror_unknown)
{
    ck_assert_str_eq(nd_strerror((nd_status)out_of_range[_i]),
                     "unknown status");
}
END_TEST

/* ---- nd_errmsg ------------------------------------------------------ */

START_TEST(test_error_errmsg_handles)
{
    nd_buf *b = NULL;
    nd_article *a = NULL;
    nd_walk *w = NULL;
    nd_reader *r = NULL;
    nd_indexer *ix = NULL;
    nd_search *s = NULL;
    nd_run *run = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(nd_walk_new(&w), ND_OK);
    ck_assert_int_eq(nd_reader_new(&r), ND_OK);
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_search_new(&s), ND_OK);
    ck_assert_int_eq(nd_run_new(&run), ND_OK);

    /* nothing failed yet: "" on every handle */
    const void *all[] = {b, a, w, r, ix, s, run};
    for (size_t i = 0; i < NDI_ARRAY_LEN(all); i++) {
        ck_assert_ptr_nonnull(nd_errmsg(all[i]));
        ck_assert_str_eq(nd_errmsg(all[i]), "");
    }

    /* a failure on one handle shows on that handle only */
    ck_assert_int_eq(ndi_buf_reserve(b, SIZE_MAX), ND_ENOMEM);
    ck_assert_str_eq(nd_errmsg(b), "buffer size overflow");
    ck_assert_int_eq(nd_article_set(a, ND_F_COUNT, "x", 1), ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(a), "field"));
    const char *missing = "/nonexistent/ndtest-error-root";
    ck_assert_int_eq(nd_walk_open(w, missing, NULL), ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(w), missing));
    ck_assert_int_eq(nd_reader_open(r, missing, NULL, NULL), ND_EIO);
    ck_assert_str_ne(nd_errmsg(r), "");
    ck_assert_int_eq(nd_search_open(s, missing), ND_ENOTFOUND);
    ck_assert_str_ne(nd_errmsg(s), "");
    ck_assert_str_eq(nd_errmsg(ix), "");
    ck_assert_str_eq(nd_errmsg(run), "");

    nd_run_free(run);
    nd_search_free(s);
    nd_indexer_free(ix);
    nd_reader_free(r);
    nd_walk_free(w);
    nd_article_free(a);
    nd_buf_free(b);
}
END_TEST

START_TEST(test_error_errmsg_not_handle)
{
    ck_assert_ptr_nonnull(nd_errmsg(NULL));
    ck_assert_str_eq(nd_errmsg(NULL), "");
    /* memory that does not begin with the magic is not a handle, even if
     * an error message seems to follow */
    ndi_hdr fake;
    memset(&fake, 0, sizeof fake);
    snprintf(fake.errmsg, sizeof fake.errmsg, "not mine");
    ck_assert_str_eq(nd_errmsg(&fake), "");
    fake.magic = NDI_MAGIC ^ 1u;
    ck_assert_str_eq(nd_errmsg(&fake), "");
    fake.magic = NDI_MAGIC;
    ck_assert_str_eq(nd_errmsg(&fake), "not mine");
    static const char text[64] = "a plain string is not a handle";
    ck_assert_str_eq(nd_errmsg(text), "");
}
END_TEST

/* ---- ndi_fail, ndi_pass --------------------------------------------- */

START_TEST(test_error_hdr_init_clear)
{
    ndi_hdr h;
    memset(&h, 0x5a, sizeof h);
    ndi_hdr_init(&h);
    ck_assert_uint_eq(h.magic, NDI_MAGIC);
    ck_assert_str_eq(nd_errmsg(&h), "");
    ndi_fail(&h, ND_EIO, "boom");
    ck_assert_str_eq(nd_errmsg(&h), "boom");
    ndi_clear(&h);
    ck_assert_str_eq(nd_errmsg(&h), "");
    ck_assert_uint_eq(h.magic, NDI_MAGIC);
    ndi_clear(NULL); /* does nothing */
}
END_TEST

START_TEST(test_error_fail_format)
{
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(
        ndi_fail(&h, ND_EIO, "open %s: %s (%d)", "a/b.txt", "No such file", 2),
        ND_EIO);
    ck_assert_str_eq(nd_errmsg(&h), "open a/b.txt: No such file (2)");
    /* the status comes back whatever it is, even ND_OK */
    ck_assert_int_eq(ndi_fail(&h, ND_OK, "x"), ND_OK);
    ck_assert_int_eq(ndi_fail(&h, ND_EINTERNAL, "%s", ""), ND_EINTERNAL);
    ck_assert_str_eq(nd_errmsg(&h), "");
    /* no handle: the status still comes back */
    ck_assert_int_eq(ndi_fail(NULL, ND_EFORMAT, "lost %d", 1), ND_EFORMAT);
}
END_TEST

START_TEST(test_error_fail_from_old)
{
    /* a new message may be built from the old one */
    ndi_hdr h;
    ndi_hdr_init(&h);
    ndi_fail(&h, ND_EIO, "inner");
    ck_assert_int_eq(ndi_fail(&h, ND_EFORMAT, "outer: %s", h.errmsg),
                     ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&h), "outer: inner");
    ndi_fail(&h, ND_EFORMAT, "%s, %s", h.errmsg, h.errmsg);
    ck_assert_str_eq(nd_errmsg(&h), "outer: inner, outer: inner");
}
END_TEST

START_TEST(test_error_fail_controls)
{
    /* found by fuzz_warc: a message quoting the input ("unsupported
     * Content-Encoding 'br<ESC>[2J'") holds none of its control bytes */
    ndi_hdr h;
    ndi_hdr_init(&h);
    ndi_fail(&h, ND_EFORMAT, "bad '%s'", "br\x1b[2J\r\n\t\x7f\x01 caf\xc3\xa9");
    ck_assert_str_eq(nd_errmsg(&h), "bad 'br?[2J????? caf\xc3\xa9'");
}
END_TEST

/* Lengths around the cap: shorter, exactly fitting, one over, far over. */
static const size_t trunc_lens[] = {
    NDI_ERRMSG_MAX - 2, NDI_ERRMSG_MAX - 1, NDI_ERRMSG_MAX,
    NDI_ERRMSG_MAX + 1, 4 * NDI_ERRMSG_MAX,
};

START_TEST(test_error_fail_truncate)
{
    size_t n = trunc_lens[_i];
    char *long_msg = malloc(n + 1);
    ck_assert_ptr_nonnull(long_msg);
    for (size_t i = 0; i < n; i++)
        long_msg[i] = (char)('a' + i % 26);
    long_msg[n] = '\0';

    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(ndi_fail(&h, ND_ETOOBIG, "%s", long_msg), ND_ETOOBIG);
    size_t want = n < NDI_ERRMSG_MAX ? n : NDI_ERRMSG_MAX - 1;
    ck_assert_uint_eq(strlen(nd_errmsg(&h)), want);
    ck_assert_int_eq(memcmp(nd_errmsg(&h), long_msg, want), 0);
    ck_assert_uint_eq(h.magic, NDI_MAGIC); /* nothing overran backwards */
    free(long_msg);
}
END_TEST

static nd_status fail_v(ndi_hdr *h, nd_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static nd_status
fail_v(ndi_hdr *h, nd_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nd_status r = ndi_vfail(h, st, fmt, ap);
    va_end(ap);
    return r;
}

START_TEST(test_error_vfail)
{
    ndi_hdr h;
    ndi_hdr_init(&h);
    ck_assert_int_eq(
        fail_v(&h, ND_EQUERY, "query '%s' at column %u", "a AND", 5u),
        ND_EQUERY);
    ck_assert_str_eq(nd_errmsg(&h), "query 'a AND' at column 5");
    ck_assert_int_eq(fail_v(NULL, ND_EIO, "%d", 3), ND_EIO);
}
END_TEST

START_TEST(test_error_pass)
{
    ndi_hdr from, to;
    ndi_hdr_init(&from);
    ndi_hdr_init(&to);
    ndi_fail(&from, ND_EIO, "read error: Input/output error");
    ndi_fail(&to, ND_EINVAL, "old");
    ck_assert_int_eq(ndi_pass(&to, &from, ND_EIO), ND_EIO);
    ck_assert_str_eq(nd_errmsg(&to), "read error: Input/output error");
    ck_assert_str_eq(nd_errmsg(&from), "read error: Input/output error");
    /* passing to itself keeps the message */
    ck_assert_int_eq(ndi_pass(&to, &to, ND_EFORMAT), ND_EFORMAT);
    ck_assert_str_eq(nd_errmsg(&to), "read error: Input/output error");
    /* either end NULL: only the status comes back */
    ndi_fail(&to, ND_EINVAL, "unchanged");
    ck_assert_int_eq(ndi_pass(&to, NULL, ND_ENOMEM), ND_ENOMEM);
    ck_assert_str_eq(nd_errmsg(&to), "unchanged");
    ck_assert_int_eq(ndi_pass(NULL, &from, ND_ECORRUPT), ND_ECORRUPT);
    /* a full-length message passes whole */
    char full[NDI_ERRMSG_MAX];
    memset(full, 'm', sizeof full - 1);
    full[sizeof full - 1] = '\0';
    ndi_fail(&from, ND_EIO, "%s", full);
    ndi_pass(&to, &from, ND_EIO);
    ck_assert_str_eq(nd_errmsg(&to), full);
}
END_TEST

static Suite *
error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc;

    tc = tcase_create("strerror");
    tcase_add_loop_test(tc, test_error_strerror, 0,
                        (int)NDI_ARRAY_LEN(strerror_cases));
    tcase_add_test(tc, test_error_strerror_all);
    suite_add_tcase(s, tc);

    tc = tcase_create("strerror_unknown");
    tcase_add_loop_test(tc, test_error_strerror_unknown, 0,
                        (int)NDI_ARRAY_LEN(out_of_range));
    suite_add_tcase(s, tc);

    tc = tcase_create("errmsg_handles");
    tcase_add_test(tc, test_error_errmsg_handles);
    suite_add_tcase(s, tc);

    tc = tcase_create("errmsg_not_handle");
    tcase_add_test(tc, test_error_errmsg_not_handle);
    suite_add_tcase(s, tc);

    tc = tcase_create("hdr_init_clear");
    tcase_add_test(tc, test_error_hdr_init_clear);
    suite_add_tcase(s, tc);

    tc = tcase_create("fail_format");
    tcase_add_test(tc, test_error_fail_format);
    tcase_add_test(tc, test_error_fail_from_old);
    tcase_add_test(tc, test_error_fail_controls);
    tcase_add_test(tc, test_error_vfail);
    suite_add_tcase(s, tc);

    tc = tcase_create("fail_truncate");
    tcase_add_loop_test(tc, test_error_fail_truncate, 0,
                        (int)NDI_ARRAY_LEN(trunc_lens));
    suite_add_tcase(s, tc);

    tc = tcase_create("pass");
    tcase_add_test(tc, test_error_pass);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(error_suite());
}
