/* SPDX-License-Identifier: MIT */
/* check_simhash.c - near-duplicate fingerprints (lib/simhash.c): what
 * counts as the same text, how similarity falls with edits, the LSH
 * bands, and the stored encoding. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ndi.h"
#include "simhash.h"

/* A body of 'n' sentences, sentence i built from words unique to it, so
 * editing one sentence changes only its own shingles. */
static char *
story(unsigned n, unsigned skip, unsigned rewrite)
{
    nd_buf *b = NULL;
    ck_assert_int_eq(nd_buf_new(&b), ND_OK);
    for (unsigned i = 0; i < n; i++) {
        if (i == skip)
            continue;
        for (unsigned w = 0; w < 12; w++)
            ck_assert_int_eq(ndi_buf_printf(b, "%sw%uq%u%s", w ? " " : "", i,
                                            i == rewrite ? w + 100 : w,
                                            w == 11 ? ". " : ""),
                             ND_OK);
    }
    size_t len;
    char *s = ndi_buf_steal(b, &len);
    nd_buf_free(b);
    return s;
}

static double
sim(const char *a, const char *b)
{
    ndi_simhash x, y;
    ck_assert_int_eq(ndi_simhash_compute(a, strlen(a), &x), ND_OK);
    ck_assert_int_eq(ndi_simhash_compute(b, strlen(b), &y), ND_OK);
    return ndi_simhash_similarity(&x, &y);
}

static void
setup(void)
{
}

static void
teardown(void)
{
}

START_TEST(test_simhash_identical)
{
    char *a = story(20, 99, 99);
    ck_assert(sim(a, a) == 1.0);
    free(a);
}
END_TEST

/* Case, punctuation, whitespace and markup remnants do not count: only
 * the words and their order do. */
START_TEST(test_simhash_normalized_words)
{
    const char *a = "UPDATE: The Minister said, on Tuesday, that talks "
                    "would resume in Geneva next week -- officials said.";
    const char *b = "update the minister SAID on tuesday\n\nthat talks "
                    "<would> resume in geneva NEXT week; officials said";
    ck_assert(sim(a, b) == 1.0);
}
END_TEST

/* One to three sentences of twenty removed or rewritten: similar well
 * above the threshold. */
START_TEST(test_simhash_small_edits)
{
    char *a = story(20, 99, 99);
    char *b = story(20, 3, 99);  /* one removed */
    char *c = story(20, 3, 7);   /* one removed, one rewritten */
    char *d = story(22, 99, 99); /* two added */
    ck_assert(sim(a, b) >= NDI_SIMHASH_THRESHOLD + 0.2);
    ck_assert(sim(a, c) >= NDI_SIMHASH_THRESHOLD + 0.2);
    ck_assert(sim(a, d) >= NDI_SIMHASH_THRESHOLD + 0.2);
    free(a);
    free(b);
    free(c);
    free(d);
}
END_TEST

/* Different text with the same vocabulary is not similar. */
START_TEST(test_simhash_unrelated)
{
    const char *a = "the talks on the border resumed in the capital on "
                    "monday as officials of both sides met for the first "
                    "time since the war began last year";
    const char *b = "officials said the war began as both sides met in the "
                    "capital last year for the first talks on monday time "
                    "since the border resumed";
    ck_assert(sim(a, b) < NDI_SIMHASH_THRESHOLD);
}
END_TEST

START_TEST(test_simhash_too_short)
{
    ndi_simhash h;
    const char *s = "Only seven words are in this body.";
    ck_assert_int_eq(ndi_simhash_compute(s, strlen(s), &h), ND_DONE);
    ck_assert_int_eq(ndi_simhash_compute("", 0, &h), ND_DONE);
    const char *t = "Eight words make a body that is fingerprinted.";
    ck_assert_int_eq(ndi_simhash_compute(t, strlen(t), &h), ND_OK);
}
END_TEST

/* Invalid UTF-8 separates words and never stops the reading. */
START_TEST(test_simhash_invalid_utf8)
{
    const char a[] = "one two three four\xff\xfe five six seven eight nine";
    const char b[] = "one two three four five six seven eight nine";
    ndi_simhash x, y;
    ck_assert_int_eq(ndi_simhash_compute(a, sizeof a - 1, &x), ND_OK);
    ck_assert_int_eq(ndi_simhash_compute(b, sizeof b - 1, &y), ND_OK);
    ck_assert(ndi_simhash_similarity(&x, &y) == 1.0);
}
END_TEST

/* Equal signatures share every band; small edits keep some band. */
START_TEST(test_simhash_bands)
{
    char *a = story(20, 99, 99), *b = story(20, 3, 7);
    ndi_simhash x, y;
    ck_assert_int_eq(ndi_simhash_compute(a, strlen(a), &x), ND_OK);
    ck_assert_int_eq(ndi_simhash_compute(b, strlen(b), &y), ND_OK);
    unsigned same = 0;
    for (unsigned i = 0; i < NDI_SIMHASH_BANDS; i++) {
        ck_assert_uint_eq(ndi_simhash_band(&x, i), ndi_simhash_band(&x, i));
        same += ndi_simhash_band(&x, i) == ndi_simhash_band(&y, i);
    }
    ck_assert_uint_gt(same, 0);
    /* the band number is part of the key */
    ndi_simhash z;
    memset(&z, 0, sizeof z);
    ck_assert_uint_ne(ndi_simhash_band(&z, 0), ndi_simhash_band(&z, 1));
    free(a);
    free(b);
}
END_TEST

START_TEST(test_simhash_encoding)
{
    char *a = story(5, 99, 99);
    ndi_simhash x, y;
    unsigned char enc[NDI_SIMHASH_BYTES];
    ck_assert_int_eq(ndi_simhash_compute(a, strlen(a), &x), ND_OK);
    ndi_simhash_encode(&x, enc);
    ck_assert_int_eq(ndi_simhash_decode(enc, sizeof enc, &y), 1);
    ck_assert_int_eq(memcmp(&x, &y, sizeof x), 0);
    ck_assert_int_eq(ndi_simhash_decode(enc, sizeof enc - 1, &y), 0);
    ck_assert_int_eq(ndi_simhash_decode("", 0, &y), 0);
    /* big-endian: the stored form does not depend on the machine */
    ck_assert_uint_eq(enc[0], x.v[0] >> 24);
    ck_assert_uint_eq(enc[3], x.v[0] & 0xff);
    free(a);
}
END_TEST

static Suite *
simhash_suite(void)
{
    Suite *s = suite_create("simhash");
    const struct {
        const char *name;
        const TTest *test;
    } cases[] = {
        {"identical", test_simhash_identical},
        {"normalized_words", test_simhash_normalized_words},
        {"small_edits", test_simhash_small_edits},
        {"unrelated", test_simhash_unrelated},
        {"too_short", test_simhash_too_short},
        {"invalid_utf8", test_simhash_invalid_utf8},
        {"bands", test_simhash_bands},
        {"encoding", test_simhash_encoding},
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
    return fx_run(simhash_suite());
}
