/* SPDX-License-Identifier: MIT */
/* check_cgi.c - the request decoder, the caps on a query, and the
 * configuration of newsdex.cgi. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "fixture.h"

static ndi_cgi *
parse(const char *qs, nd_status want)
{
    ndi_cgi *c = NULL;
    ck_assert_int_eq(ndi_cgi_new(&c), ND_OK);
    nd_status st = ndi_cgi_parse(c, qs, strlen(qs));
    ck_assert_msg(st == want, "'%.60s': status %d, want %d (%s)", qs, st, want,
                  nd_errmsg(c));
    return c;
}

START_TEST(test_cgi_decode)
{
    ndi_cgi *c = parse("q=oil+prices&page=2;sort=date&f=person%3AXi+Jinping"
                       "&q2=x&&format=json",
                       ND_OK);
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_Q), "oil prices");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_PAGE), "2");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_SORT), "date");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_FORMAT), "json");
    ck_assert_ptr_null(ndi_cgi_get(c, NDI_Q_ID));
    ck_assert_uint_eq(c->nfilters, 1);
    ck_assert_str_eq(c->filters[0], "person:Xi Jinping");
    ck_assert_uint_eq(c->unknown, 1);
    ndi_cgi_free(c);
    c = parse("q=%C3%A9t%C3%A9%20%e2%82%ac&id", ND_OK);
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_Q), "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_ID), "");
    ndi_cgi_free(c);
    c = parse("", ND_OK);
    ck_assert_ptr_null(ndi_cgi_get(c, NDI_Q_Q));
    ndi_cgi_free(c);
}
END_TEST

START_TEST(test_cgi_bad_encoding)
{
    static const char *const bad[] = {"q=%zz",  "q=%4",  "q=%",
                                      "q=a%g1", "%zz=1", "q=%%41"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ndi_cgi *c = parse(bad[i], ND_EINVAL);
        ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "percent-encoding"));
        ndi_cgi_free(c);
    }
    ndi_cgi *c = parse("q=%zz", ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "'q'"));
    ndi_cgi_free(c);
}
END_TEST

START_TEST(test_cgi_bad_utf8)
{
    static const char *const bad[] = {"q=%ff", "q=%c3", "q=%ed%a0%80",
                                      "q=%c0%af", "sort=%fe%ff"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ndi_cgi *c = parse(bad[i], ND_EINVAL);
        ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "UTF-8"));
        ndi_cgi_free(c);
    }
}
END_TEST

START_TEST(test_cgi_duplicate)
{
    ndi_cgi *c = parse("q=a&q=b", ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "'q' given twice"));
    ndi_cgi_free(c);
    c = parse("f=a&f=b&f=c", ND_OK);
    ck_assert_uint_eq(c->nfilters, 3);
    ndi_cgi_free(c);
    c = parse("f=1&f=2&f=3&f=4&f=5&f=6&f=7&f=8&f=9", ND_EINVAL);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "filters"));
    ndi_cgi_free(c);
}
END_TEST

START_TEST(test_cgi_caps)
{
    char *big = malloc(NDI_CGI_MAX_INPUT + 16);
    ck_assert_ptr_nonnull(big);
    /* a value over its cap */
    memcpy(big, "q=", 2);
    memset(big + 2, 'a', NDI_CGI_MAX_VALUE + 1);
    big[NDI_CGI_MAX_VALUE + 3] = '\0';
    ndi_cgi *c = parse(big, ND_ETOOBIG);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(c), "'q'"));
    ck_assert_ptr_null(strstr(nd_errmsg(c), "aaaa")); /* never echoed */
    ndi_cgi_free(c);
    /* the whole input over its cap */
    memset(big + 2, 'a', NDI_CGI_MAX_INPUT);
    big[NDI_CGI_MAX_INPUT + 2] = '\0';
    c = parse(big, ND_ETOOBIG);
    ndi_cgi_free(c);
    /* too many parameters */
    big[0] = '\0';
    for (int i = 0; i <= NDI_CGI_MAX_PARAMS; i++)
        strcat(big, "x=1&");
    c = parse(big, ND_ETOOBIG);
    ndi_cgi_free(c);
    /* an unknown long name is ignored, not an error */
    c = parse("averyveryverylongparametername=1&q=x", ND_OK);
    ck_assert_uint_eq(c->unknown, 1);
    ndi_cgi_free(c);
    free(big);
}
END_TEST

START_TEST(test_cgi_controls)
{
    ndi_cgi *c = parse("q=oil%0d%0aSet-Cookie:%20x%00y%7f", ND_OK);
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_Q), "oil  Set-Cookie: x y ");
    ck_assert_ptr_null(strpbrk(ndi_cgi_get(c, NDI_Q_Q), "\r\n"));
    ndi_cgi_free(c);
}
END_TEST

START_TEST(test_cgi_args)
{
    ndi_cgi *c = NULL;
    ck_assert_int_eq(ndi_cgi_new(&c), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "q=oil prices %41"), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "format=json"), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "format=html"), ND_EINVAL);
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_Q), "oil prices %41");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_FORMAT), "json");
    ck_assert_int_eq(ndi_cgi_add_arg(c, "\xff=1"), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "id=\xff"), ND_EINVAL);
    ck_assert_str_eq(ndi_cgi_key_name(NDI_Q_ASSET), "asset");
    /* the parameters of the query features */
    ck_assert_int_eq(ndi_cgi_add_arg(c, "collapse=0"), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "like=0123456789abcdef"), ND_OK);
    ck_assert_int_eq(ndi_cgi_add_arg(c, "facets=1"), ND_OK);
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_COLLAPSE), "0");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_LIKE), "0123456789abcdef");
    ck_assert_str_eq(ndi_cgi_get(c, NDI_Q_FACETS), "1");
    ck_assert_int_eq(ndi_cgi_add_arg(c, "like=x"), ND_EINVAL);
    ck_assert_str_eq(ndi_cgi_key_name(NDI_Q_COLLAPSE), "collapse");
    ndi_cgi_free(c);
}
END_TEST

START_TEST(test_cgi_costs)
{
    ck_assert_ptr_null(ndi_cgi_query_costs("oil prices"));
    ck_assert_ptr_null(ndi_cgi_query_costs("(oil OR (gas AND coal)) pri*"));
    ck_assert_ptr_null(ndi_cgi_query_costs(""));
    ck_assert_ptr_nonnull(ndi_cgi_query_costs("a*"));
    ck_assert_ptr_nonnull(ndi_cgi_query_costs("oil *"));
    ck_assert_ptr_nonnull(ndi_cgi_query_costs("((((((((((oil))))))))))"));
    char q[NDI_CGI_MAX_QUERY + 2];
    memset(q, 'a', sizeof q - 1);
    q[sizeof q - 1] = '\0';
    ck_assert_ptr_nonnull(strstr(ndi_cgi_query_costs(q), "too long"));
}
END_TEST

START_TEST(test_cgi_conf_env)
{
    ndi_conf *cf = NULL;
    ck_assert_int_eq(ndi_conf_new(&cf), ND_OK);
    ck_assert_int_eq(ndi_conf_load(cf, "/srv/coll", "/nonexistent"), ND_OK);
    ck_assert_uint_eq(cf->ncolls, 1);
    ck_assert_str_eq(ndi_conf_find(cf, NULL)->path, "/srv/coll");
    ck_assert_str_eq(ndi_conf_find(cf, "default")->path, "/srv/coll");
    ck_assert_ptr_null(ndi_conf_find(cf, "/srv/coll"));
    ndi_conf_free(cf);
}
END_TEST

START_TEST(test_cgi_conf_file)
{
    const char *d = fx_tmpdir();
    char dir[4096];
    memcpy(dir, d, strlen(d) + 1);
    const char text[] = "# two archives\n"
                        "title Newsroom archive\n"
                        "collection wire /srv/wire  Wire copy 1987\n"
                        "\n"
                        "  collection local_2 /srv/local\n"
                        "base-url https://intra.example/cgi-bin/newsdex.cgi\n";
    const char *path = fx_write(dir, "newsdex.conf", text, sizeof text - 1);
    ndi_conf *cf = NULL;
    ck_assert_int_eq(ndi_conf_new(&cf), ND_OK);
    ck_assert_int_eq(ndi_conf_load(cf, NULL, path), ND_OK);
    ck_assert_uint_eq(cf->ncolls, 2);
    ck_assert_str_eq(cf->title, "Newsroom archive");
    ck_assert_str_eq(cf->base_url, "https://intra.example/cgi-bin/newsdex.cgi");
    ck_assert_str_eq(ndi_conf_find(cf, NULL)->name, "wire");
    ck_assert_str_eq(ndi_conf_find(cf, "wire")->label, "Wire copy 1987");
    ck_assert_str_eq(ndi_conf_find(cf, "local_2")->path, "/srv/local");
    ck_assert_str_eq(ndi_conf_find(cf, "local_2")->label, "local_2");
    ck_assert_ptr_null(ndi_conf_find(cf, "../etc"));
    ck_assert_ptr_null(ndi_conf_find(cf, "/srv/local"));
    ndi_conf_free(cf);

    static const char *const bad[] = {
        "collection ../x /srv\n", "collection a\n", "colour blue\n",
        "collection a /x\ncollection a /y\n", "collection A /x\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        path = fx_write(dir, "bad.conf", bad[i], strlen(bad[i]));
        ck_assert_int_eq(ndi_conf_new(&cf), ND_OK);
        ck_assert_int_eq(ndi_conf_load(cf, "", path), ND_EFORMAT);
        ck_assert_msg(strstr(nd_errmsg(cf), "bad.conf:") != NULL, "%s",
                      nd_errmsg(cf));
        ndi_conf_free(cf);
    }
    path = fx_write(dir, "empty.conf", "# nothing\n", 10);
    ck_assert_int_eq(ndi_conf_new(&cf), ND_OK);
    ck_assert_int_eq(ndi_conf_load(cf, NULL, path), ND_ENOTFOUND);
    ndi_conf_free(cf);
    ck_assert_int_eq(ndi_conf_new(&cf), ND_OK);
    ck_assert_int_eq(ndi_conf_load(cf, NULL, "/nonexistent/newsdex.conf"),
                     ND_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(cf), "/nonexistent/newsdex.conf"));
    ndi_conf_free(cf);
    ck_assert(ndi_conf_name_ok("news-1_a"));
    ck_assert(!ndi_conf_name_ok(""));
    ck_assert(!ndi_conf_name_ok("a/b"));
    ck_assert(!ndi_conf_name_ok(".."));
    fx_rmtree(dir);
}
END_TEST

static Suite *
cgi_suite(void)
{
    Suite *s = suite_create("cgi");
    struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"decode", test_cgi_decode},
        {"bad_encoding", test_cgi_bad_encoding},
        {"bad_utf8", test_cgi_bad_utf8},
        {"duplicate", test_cgi_duplicate},
        {"caps", test_cgi_caps},
        {"controls", test_cgi_controls},
        {"args", test_cgi_args},
        {"costs", test_cgi_costs},
        {"conf_env", test_cgi_conf_env},
        {"conf_file", test_cgi_conf_file},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(cgi_suite());
}
