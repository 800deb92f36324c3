/* SPDX-License-Identifier: MIT */
/* check_escape.c - escaping for HTML, XML, URLs, JSON and snippets. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "escape.h"
#include "fixture.h"

typedef nd_status (*esc_fn)(nd_buf *, const char *, size_t);

static char out_text[4096];

static const char *
run(esc_fn f, const char *s, size_t len)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(f(b, s, len), ND_OK);
    ck_assert_uint_lt(nd_buf_len(b), sizeof out_text);
    memcpy(out_text, nd_buf_data(b), nd_buf_len(b) + 1);
    nd_buf_free(b);
    return out_text;
}

#define RUN(f, s) run(f, s, sizeof(s) - 1)

START_TEST(test_escape_html)
{
    ck_assert_str_eq(RUN(ndi_esc_html, "<a href=\"x\" title='y'>&amp;</a>"),
                     "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;"
                     "&amp;amp;&lt;/a&gt;");
    ck_assert_str_eq(RUN(ndi_esc_html, "caf\xC3\xA9 \xE2\x82\xAC"),
                     "caf\xC3\xA9 \xE2\x82\xAC");
    /* invalid bytes -> U+FFFD; controls (and C1) -> space */
    ck_assert_str_eq(RUN(ndi_esc_html, "a\xff"
                                       "b\r\nc\x00"
                                       "d\xC2\x85"
                                       "e"),
                     "a\xEF\xBF\xBD"
                     "b  c d e");
    ck_assert_str_eq(RUN(ndi_esc_html, ""), "");
}
END_TEST

START_TEST(test_escape_xml)
{
    ck_assert_str_eq(RUN(ndi_esc_xml, "<x>&\"'\x01\xEF\xBF\xBE"),
                     "&lt;x&gt;&amp;&quot;&#39; \xEF\xBF\xBD");
}
END_TEST

START_TEST(test_escape_url)
{
    ck_assert_str_eq(RUN(ndi_esc_url, "person:Xi Jinping&x=1#/?\"<"),
                     "person%3AXi+Jinping%26x%3D1%23%2F%3F%22%3C");
    ck_assert_str_eq(RUN(ndi_esc_url, "A-z_0.9~"), "A-z_0.9~");
    ck_assert_str_eq(RUN(ndi_esc_url, "\xC3\xA9\r\n+"), "%C3%A9%0D%0A%2B");
}
END_TEST

START_TEST(test_escape_json)
{
    const char *j = RUN(ndi_esc_json, "say \"hi\" \\ </script>\x01\xff");
    json_object *o = json_tokener_parse(j);
    ck_assert_ptr_nonnull(o);
    ck_assert_str_eq(json_object_get_string(o),
                     "say \"hi\" \\ </script> \xEF\xBF\xBD");
    json_object_put(o);
    ck_assert_str_eq(RUN(ndi_esc_json, ""), "\"\"");
}
END_TEST

START_TEST(test_escape_snippet)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_int_eq(ndi_esc_snippet(b, "\x01Oil\x02 <b>&\n\x01prices"), ND_OK);
    ck_assert_str_eq(nd_buf_data(b),
                     "<mark>Oil</mark> &lt;b&gt;&amp; <mark>prices</mark>");
    nd_buf_clear(b);
    /* stray markers never unbalance the markup */
    ck_assert_int_eq(ndi_esc_snippet(b, "\x02x\x01\x01y\x02\x02"), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "x<mark>y</mark>");
    nd_buf_clear(b);
    ck_assert_int_eq(ndi_esc_snippet(b, ""), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "");
    nd_buf_free(b);
}
END_TEST

static Suite *
escape_suite(void)
{
    Suite *s = suite_create("escape");
    struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"html", test_escape_html},       {"xml", test_escape_xml},
        {"url", test_escape_url},         {"json", test_escape_json},
        {"snippet", test_escape_snippet},
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
    return fx_run(escape_suite());
}
