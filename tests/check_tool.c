/* SPDX-License-Identifier: MIT */
/*
 * check_tool.c - what the programs share: the exit code of every status
 * and the parsing of size and count options.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"
#include "tool.h"

/* ---- nd_tool_exit --------------------------------------------------- */

typedef struct exit_case {
    nd_status st;
    int code;
} exit_case;

static const exit_case exit_cases[] = {
    {ND_OK, ND_EXIT_OK},
    {ND_DONE, ND_EXIT_SKIPPED},
    {ND_ENOMEM, ND_EXIT_FAIL},
    {ND_EINVAL, ND_EXIT_USAGE},
    {ND_EIO, ND_EXIT_FAIL},
    {ND_EFORMAT, ND_EXIT_FAIL},
    {ND_ETOOBIG, ND_EXIT_FAIL},
    {ND_ENOTFOUND, ND_EXIT_FAIL},
    {ND_EQUERY, ND_EXIT_USAGE},
    {ND_EXAPIAN, ND_EXIT_FAIL},
    {ND_ELOCKED, ND_EXIT_LOCKED},
    {ND_EMODIFIED, ND_EXIT_FAIL},
    {ND_ECORRUPT, ND_EXIT_FAIL},
    {ND_EVERSION, ND_EXIT_FAIL},
    {ND_EINTERNAL, ND_EXIT_FAIL},
    /* not a status at all: still a failure, never success */
    {ND_STATUS_COUNT, ND_EXIT_FAIL},
    {(nd_status)-1, ND_EXIT_FAIL},
};

START_TEST(test_tool_exit)
{
    const exit_case *c = &exit_cases[_i];
    ck_assert_msg(nd_tool_exit(c->st) == c->code, "status %d: exit %d, want %d",
                  (int)c->st, nd_tool_exit(c->st), c->code);
}
END_TEST

START_TEST(test_tool_exit_codes)
{
    /* the documented numbers, and the table covers every status */
    ck_assert_int_eq(ND_EXIT_OK, 0);
    ck_assert_int_eq(ND_EXIT_FAIL, 1);
    ck_assert_int_eq(ND_EXIT_USAGE, 2);
    ck_assert_int_eq(ND_EXIT_SKIPPED, 3);
    ck_assert_int_eq(ND_EXIT_LOCKED, 4);
    for (int i = 0; i < ND_STATUS_COUNT; i++)
        ck_assert_int_eq(exit_cases[i].st, i);
}
END_TEST

/* ---- nd_tool_parse_size --------------------------------------------- */

typedef struct size_case {
    const char *s;
    int rc;
    unsigned long long want;
} size_case;

static const size_case size_cases[] = {
    {"4096", 0, 4096},
    {"0", 0, 0},
    {"1k", 0, 1024},
    {"1K", 0, 1024},
    {"64M", 0, 64ull << 20},
    {"64m", 0, 64ull << 20},
    {"64MB", 0, 64ull << 20},
    {"2G", 0, 2ull << 30},
    {"2gb", 0, 2ull << 30},
    {"007", 0, 7},
    {"12x", -1, 0},
    {"", -1, 0},
    {"-1", -1, 0},
    {"+1", -1, 0},
    {" 1", -1, 0},
    {"1 ", -1, 0},
    {"k", -1, 0},
    {"M", -1, 0},
    {"1.5M", -1, 0},
    {"1MM", -1, 0},
    {"1Mx", -1, 0},
    {"1T", -1, 0},
    {"0x10", -1, 0},
    /* larger than any unsigned long long */
    {"99999999999999999999999", -1, 0},
#if SIZE_MAX == UINT64_MAX
    {"18446744073709551615", 0, 18446744073709551615ull},
    {"18446744073709551616", -1, 0},
    /* fits before the suffix, overflows after it */
    {"17179869183G", 0, 17179869183ull << 30},
    {"17179869184G", -1, 0},
    {"18014398509481984K", -1, 0},
#endif
};

START_TEST(test_tool_parse_size)
{
    const size_case *c = &size_cases[_i];
    size_t out = 12345;
    int rc = nd_tool_parse_size(c->s, &out);
    ck_assert_msg(rc == c->rc, "'%s': rc %d, want %d", c->s, rc, c->rc);
    if (c->rc == 0)
        ck_assert_msg(out == c->want, "'%s': %zu, want %llu", c->s, out,
                      c->want);
    else
        ck_assert_msg(out == 12345, "'%s': output changed on failure", c->s);
}
END_TEST

START_TEST(test_tool_parse_size_null)
{
    size_t out = 7;
    ck_assert_int_eq(nd_tool_parse_size(NULL, &out), -1);
    ck_assert_uint_eq(out, 7);
}
END_TEST

/* ---- nd_tool_parse_uint --------------------------------------------- */

typedef struct uint_case {
    const char *s;
    unsigned long max;
    int rc;
    unsigned long want;
} uint_case;

static const uint_case uint_cases[] = {
    {"0", 10, 0, 0},
    {"42", 100, 0, 42},
    {"42", 42, 0, 42},
    {"43", 42, -1, 0},
    {"0010", 100, 0, 10},
    {"", 100, -1, 0},
    {"-1", 100, -1, 0},
    {"+1", 100, -1, 0},
    {" 1", 100, -1, 0},
    {"1 ", 100, -1, 0},
    {"1x", 100, -1, 0},
    {"1k", 100000, -1, 0},
    {"abc", 100, -1, 0},
    {"4294967295", 4294967295ul, 0, 4294967295ul},
    {"99999999999999999999999", (unsigned long)-1, -1, 0},
};

START_TEST(test_tool_parse_uint)
{
    const uint_case *c = &uint_cases[_i];
    unsigned long out = 999;
    int rc = nd_tool_parse_uint(c->s, c->max, &out);
    ck_assert_msg(rc == c->rc, "'%s' (max %lu): rc %d, want %d", c->s, c->max,
                  rc, c->rc);
    if (c->rc == 0)
        ck_assert_uint_eq(out, c->want);
    else
        ck_assert_uint_eq(out, 999);
}
END_TEST

START_TEST(test_tool_parse_uint_limits)
{
    unsigned long out = 5;
    ck_assert_int_eq(nd_tool_parse_uint(NULL, 10, &out), -1);
    ck_assert_uint_eq(out, 5);
    /* the largest unsigned long parses when allowed */
    char s[32];
    snprintf(s, sizeof s, "%lu", (unsigned long)-1);
    ck_assert_int_eq(nd_tool_parse_uint(s, (unsigned long)-1, &out), 0);
    ck_assert_uint_eq(out, (unsigned long)-1);
    ck_assert_int_eq(nd_tool_parse_uint("1", 0, &out), -1);
    ck_assert_int_eq(nd_tool_parse_uint("0", 0, &out), 0);
    ck_assert_uint_eq(out, 0);
}
END_TEST

static Suite *
tool_suite(void)
{
    Suite *s = suite_create("tool");
    TCase *tc;

    tc = tcase_create("exit");
    tcase_add_loop_test(tc, test_tool_exit, 0, (int)NDI_ARRAY_LEN(exit_cases));
    tcase_add_test(tc, test_tool_exit_codes);
    suite_add_tcase(s, tc);

    tc = tcase_create("parse_size");
    tcase_add_loop_test(tc, test_tool_parse_size, 0,
                        (int)NDI_ARRAY_LEN(size_cases));
    tcase_add_test(tc, test_tool_parse_size_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("parse_uint");
    tcase_add_loop_test(tc, test_tool_parse_uint, 0,
                        (int)NDI_ARRAY_LEN(uint_cases));
    tcase_add_test(tc, test_tool_parse_uint_limits);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(tool_suite());
}
