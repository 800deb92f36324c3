/* SPDX-License-Identifier: MIT */
/*
 * check_buf.c - nd_buf (append, clear, growth, printf, steal), the XXH3
 * hashes and ndi_strndup.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fixture.h"
#include "ndi.h"
#include "newsdex.h"

static nd_buf *b;

static void
setup(void)
{
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    ck_assert_ptr_nonnull(b);
}

static void
teardown(void)
{
    nd_buf_free(b);
    b = NULL;
}

/* ---- nd_buf --------------------------------------------------------- */

START_TEST(test_buf_new_empty)
{
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_ptr_nonnull(nd_buf_data(b));
    ck_assert_str_eq(nd_buf_data(b), "");
    ck_assert_str_eq(nd_errmsg(b), "");
    /* _free(NULL) does nothing */
    nd_buf_free(NULL);
}
END_TEST

START_TEST(test_buf_append_bytes)
{
    ck_assert_int_eq(nd_buf_append(b, "abc", 3), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 3);
    ck_assert_str_eq(nd_buf_data(b), "abc");
    /* embedded NULs are bytes like any other; a NUL follows the end */
    ck_assert_int_eq(nd_buf_append(b, "d\0e", 3), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 6);
    ck_assert_int_eq(memcmp(nd_buf_data(b), "abcd\0e", 7), 0);
    /* a zero-length append changes nothing */
    ck_assert_int_eq(nd_buf_append(b, "zzz", 0), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 6);
    ck_assert_int_eq(nd_buf_data(b)[6], '\0');
}
END_TEST

START_TEST(test_buf_append_empty_first)
{
    /* a zero-length append to a fresh buffer still leaves a valid "" */
    ck_assert_int_eq(nd_buf_append(b, "", 0), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_str_eq(nd_buf_data(b), "");
}
END_TEST

START_TEST(test_buf_growth)
{
    /* many appends of odd sizes across several reallocations */
    char chunk[257];
    size_t total = 0;
    for (int i = 0; i < 1000; i++) {
        size_t n = (size_t)(i % 257);
        memset(chunk, 'a' + i % 26, n);
        ck_assert_int_eq(nd_buf_append(b, chunk, n), ND_OK);
        total += n;
    }
    ck_assert_uint_eq(nd_buf_len(b), total);
    ck_assert_uint_eq(strlen(nd_buf_data(b)), total);
    ck_assert_uint_ge(b->cap, total + 1);
    /* spot-check that earlier bytes survived the reallocations */
    size_t pos = 0;
    for (int i = 0; i < 1000; i++) {
        size_t n = (size_t)(i % 257);
        if (n > 0) {
            ck_assert_int_eq(nd_buf_data(b)[pos], 'a' + i % 26);
            ck_assert_int_eq(nd_buf_data(b)[pos + n - 1], 'a' + i % 26);
        }
        pos += n;
    }
}
END_TEST

START_TEST(test_buf_clear)
{
    ck_assert_int_eq(nd_buf_append(b, "hello", 5), ND_OK);
    size_t cap = b->cap;
    nd_buf_clear(b);
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_str_eq(nd_buf_data(b), "");
    ck_assert_uint_eq(b->cap, cap); /* the memory is kept for reuse */
    ck_assert_int_eq(nd_buf_append(b, "yo", 2), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "yo");
    /* clearing a never-used buffer is fine too */
    nd_buf *fresh = NULL;
    ck_assert_int_eq(nd_buf_new(&fresh), ND_OK);
    nd_buf_clear(fresh);
    ck_assert_str_eq(nd_buf_data(fresh), "");
    nd_buf_free(fresh);
}
END_TEST

/* ---- ndi_buf_* ------------------------------------------------------ */

START_TEST(test_buf_reserve)
{
    ck_assert_int_eq(ndi_buf_reserve(b, 1000), ND_OK);
    ck_assert_uint_ge(b->cap, 1001);
    ck_assert_uint_eq(nd_buf_len(b), 0);
    char *before = b->data;
    /* appending within the reservation does not move the bytes */
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(ndi_buf_putc(b, 'x'), ND_OK);
    ck_assert_ptr_eq(b->data, before);
    ck_assert_uint_eq(nd_buf_len(b), 1000);
}
END_TEST

START_TEST(test_buf_reserve_terminated)
{
    /* a reservation alone keeps the data a valid "" (it once left the
     * fresh allocation unterminated, and ndi_clean() of blank text then
     * gave garbage) */
    ck_assert_int_eq(ndi_buf_reserve(b, 100), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "");
    ck_assert_int_eq(ndi_buf_puts(b, "abc"), ND_OK);
    ck_assert_int_eq(ndi_buf_reserve(b, 4096), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "abc");
}
END_TEST

START_TEST(test_buf_reserve_overflow)
{
    ck_assert_int_eq(nd_buf_append(b, "abc", 3), ND_OK);
    ck_assert_int_eq(ndi_buf_reserve(b, SIZE_MAX), ND_ENOMEM);
    ck_assert_ptr_nonnull(strstr(nd_errmsg(b), "overflow"));
    ck_assert_int_eq(ndi_buf_reserve(b, SIZE_MAX - 3), ND_ENOMEM);
    ck_assert_int_eq(nd_buf_append(b, "abc", SIZE_MAX - 2), ND_ENOMEM);
    /* the buffer is untouched by the failures */
    ck_assert_uint_eq(nd_buf_len(b), 3);
    ck_assert_str_eq(nd_buf_data(b), "abc");
}
END_TEST

START_TEST(test_buf_puts_putc)
{
    ck_assert_int_eq(ndi_buf_puts(b, "one"), ND_OK);
    ck_assert_int_eq(ndi_buf_putc(b, ','), ND_OK);
    ck_assert_int_eq(ndi_buf_puts(b, ""), ND_OK);
    ck_assert_int_eq(ndi_buf_puts(b, "two"), ND_OK);
    ck_assert_int_eq(ndi_buf_putc(b, '\0'), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 8);
    ck_assert_int_eq(memcmp(nd_buf_data(b), "one,two\0", 9), 0);
}
END_TEST

START_TEST(test_buf_printf)
{
    ck_assert_int_eq(ndi_buf_printf(b, "%s=%d", "n", 42), ND_OK);
    ck_assert_int_eq(ndi_buf_printf(b, "; %zu%%", (size_t)7), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "n=42; 7%");
    ck_assert_uint_eq(nd_buf_len(b), 8);
    /* longer than the first allocation */
    char big[300];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(ndi_buf_printf(b, "[%s]", big), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 8 + 2 + 299);
    ck_assert_int_eq(nd_buf_data(b)[8], '[');
    ck_assert_int_eq(nd_buf_data(b)[8 + 300], ']');
    ck_assert_int_eq(nd_buf_data(b)[8 + 301], '\0');
    /* an empty result appends nothing */
    ck_assert_int_eq(ndi_buf_printf(b, "%s", ""), ND_OK);
    ck_assert_uint_eq(nd_buf_len(b), 8 + 2 + 299);
}
END_TEST

START_TEST(test_buf_printf_einval)
{
    /* In the C locale a wide character above ASCII has no multibyte
     * form, so vsnprintf fails: the one error the format can give. */
    static const wchar_t wide[] = {0x20AC, 0};
    ck_assert_int_eq(ndi_buf_puts(b, "keep"), ND_OK);
    ck_assert_int_eq(ndi_buf_printf(b, "%ls", wide), ND_EINVAL);
    ck_assert_str_eq(nd_errmsg(b), "bad format string");
    ck_assert_str_eq(nd_buf_data(b), "keep");
}
END_TEST

START_TEST(test_buf_steal)
{
    ck_assert_int_eq(ndi_buf_puts(b, "taken"), ND_OK);
    size_t len = 0;
    char *p = ndi_buf_steal(b, &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, 5);
    ck_assert_str_eq(p, "taken");
    free(p);
    /* 'b' is empty and usable after */
    ck_assert_uint_eq(nd_buf_len(b), 0);
    ck_assert_str_eq(nd_buf_data(b), "");
    ck_assert_int_eq(ndi_buf_puts(b, "again"), ND_OK);
    ck_assert_str_eq(nd_buf_data(b), "again");
    p = ndi_buf_steal(b, NULL);
    ck_assert_str_eq(p, "again");
    free(p);
    /* stealing from an empty buffer gives NULL and length 0 */
    len = 99;
    ck_assert_ptr_null(ndi_buf_steal(b, &len));
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* ---- hashes and strings --------------------------------------------- */

START_TEST(test_buf_hash64)
{
    /* the XXH3 reference value of the empty input */
    ck_assert_uint_eq(ndi_hash64("", 0), 0x2D06800538D394C2ull);
    uint64_t h = ndi_hash64("newsdex", 7);
    ck_assert_uint_eq(ndi_hash64("newsdex", 7), h);
    ck_assert_uint_ne(ndi_hash64("newsdeX", 7), h);
    ck_assert_uint_ne(ndi_hash64("newsde", 6), h);
    /* NULs are hashed too */
    ck_assert_uint_ne(ndi_hash64("a\0b", 3), ndi_hash64("a\0c", 3));
}
END_TEST

static int
is_lower_hex(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

START_TEST(test_buf_hash128)
{
    char out[33], again[33];
    ndi_hash128_hex("", 0, out);
    /* the XXH3-128 reference value of the empty input, high half first */
    ck_assert_str_eq(out, "99aa06d3014798d86001c324468d497f");

    memset(out, 'X', sizeof out);
    ndi_hash128_hex("newsdex", 7, out);
    ck_assert_uint_eq(strlen(out), 32);
    ck_assert(is_lower_hex(out));
    ndi_hash128_hex("newsdex", 7, again);
    ck_assert_str_eq(out, again);
    ndi_hash128_hex("newsdeX", 7, again);
    ck_assert_str_ne(out, again);
    /* the low 64 bits are not the 64-bit hash's: a distinct function */
    char h64[17];
    snprintf(h64, sizeof h64, "%016llx",
             (unsigned long long)ndi_hash64("newsdex", 7));
    ck_assert_str_ne(out + 16, h64);
}
END_TEST

START_TEST(test_buf_strndup)
{
    char *p = ndi_strndup("abcdef", 3);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, "abc");
    free(p);
    p = ndi_strndup("xyz", 0);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, "");
    free(p);
    /* the source need not be NUL-terminated within 'len' */
    static const char raw[4] = {'w', 'x', 'y', 'z'};
    p = ndi_strndup(raw, sizeof raw);
    ck_assert_str_eq(p, "wxyz");
    free(p);
    /* copies exactly 'len' bytes, NULs included */
    p = ndi_strndup("a\0b", 3);
    ck_assert_int_eq(memcmp(p, "a\0b\0", 4), 0);
    free(p);
}
END_TEST

static Suite *
buf_suite(void)
{
    Suite *s = suite_create("buf");
    const struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"new_empty", test_buf_new_empty},
        {"append_bytes", test_buf_append_bytes},
        {"append_empty_first", test_buf_append_empty_first},
        {"growth", test_buf_growth},
        {"clear", test_buf_clear},
        {"reserve", test_buf_reserve},
        {"reserve_terminated", test_buf_reserve_terminated},
        {"reserve_overflow", test_buf_reserve_overflow},
        {"puts_putc", test_buf_puts_putc},
        {"printf", test_buf_printf},
        {"printf_einval", test_buf_printf_einval},
        {"steal", test_buf_steal},
        {"hash64", test_buf_hash64},
        {"hash128", test_buf_hash128},
        {"strndup", test_buf_strndup},
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int
main(void)
{
    return fx_run(buf_suite());
}
