/* SPDX-License-Identifier: MIT */
/*
 * check_verify.c - nd_verify: a sound collection passes; a missing one,
 * a locked one, a damaged record and a damaged table file each give their
 * status, and the damage is named.
 */
#include <config.h>

#include "fixture.h"
#include "ndi.h"
#include "schema.h"
#include "xdb.h"

static char dir[4096];
static char coll[4200];
static char said[16][512];
static int nsaid;

static void
setup(void)
{
    snprintf(dir, sizeof dir, "%s", fx_tmpdir());
    snprintf(coll, sizeof coll, "%s/coll", dir);
    nsaid = 0;
}

static void
teardown(void)
{
    fx_rmtree(dir);
}

static void
on_damage(void *ctx, const char *path, long item, const char *reason)
{
    (void)ctx;
    (void)item;
    if (nsaid < 16)
        snprintf(said[nsaid++], sizeof said[0], "%s: %s", path, reason);
}

static int
said_has(const char *s)
{
    for (int i = 0; i < nsaid; i++)
        if (strstr(said[i], s) != NULL)
            return 1;
    return 0;
}

static void
set(nd_article *a, nd_field f, const char *s)
{
    ck_assert_int_eq(nd_article_set(a, f, s, strlen(s)), ND_OK);
}

/* A collection of two articles. */
static void
make_collection(void)
{
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    for (int i = 0; i < 2; i++) {
        nd_article *a = NULL;
        ck_assert_int_eq(nd_article_new(&a), ND_OK);
        set(a, ND_F_ABSPATH, "/arch/a.txt");
        set(a, ND_F_PATH, "arch/a.txt");
        nd_article_set_item(a, (uint32_t)i);
        ck_assert_int_eq(nd_article_make_id(a), ND_OK);
        set(a, ND_F_TITLE, i ? "Harbour strike ends" : "Oil prices rise");
        set(a, ND_F_BODY, "The minister said talks would go on.");
        set(a, ND_F_LANG, "en");
        ck_assert_int_eq(nd_indexer_add(ix, a), ND_OK);
        nd_article_free(a);
    }
    ck_assert_int_eq(nd_indexer_close(ix), ND_OK);
    nd_indexer_free(ix);
}

START_TEST(test_verify_sound)
{
    make_collection();
    nd_verify_stats vs;
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, &vs), ND_OK);
    ck_assert_uint_eq(vs.documents, 2);
    ck_assert_uint_eq(vs.damaged_tables, 0);
    ck_assert_uint_eq(vs.damaged_records, 0);
    ck_assert_int_eq(nsaid, 0);
    /* stats may be NULL */
    ck_assert_int_eq(nd_verify(coll, NULL, NULL, NULL), ND_OK);
}
END_TEST

START_TEST(test_verify_missing)
{
    nd_verify_stats vs;
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, &vs), ND_ENOTFOUND);
    ck_assert(said_has("no collection here"));
    ck_assert_int_eq(nd_verify(NULL, on_damage, NULL, &vs), ND_EINVAL);
}
END_TEST

START_TEST(test_verify_locked)
{
    make_collection();
    nd_indexer *ix = NULL;
    ck_assert_int_eq(nd_indexer_new(&ix), ND_OK);
    ck_assert_int_eq(nd_indexer_open(ix, coll), ND_OK);
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, NULL), ND_ELOCKED);
    ck_assert(said_has("lock"));
    nd_indexer_free(ix);
}
END_TEST

/* A document whose record is not a record, and one whose id term is
 * missing. */
START_TEST(test_verify_bad_record)
{
    make_collection();
    ndi_xdb *x = NULL;
    ndi_xdoc *d = NULL;
    ck_assert_int_eq(ndi_xdb_new(&x), ND_OK);
    ck_assert_int_eq(ndi_xdb_open(x, coll, NDI_XDB_WRITE), ND_OK);
    ck_assert_int_eq(ndi_xdoc_new(&d, "en"), ND_OK);
    ck_assert_int_eq(ndi_xdoc_term(d, "Qffffffffffffffff", 17, 0), ND_OK);
    ck_assert_int_eq(ndi_xdoc_value(d, NDI_SLOT_RECORD, "garbage", 7), ND_OK);
    ck_assert_int_eq(ndi_xdb_replace(x, "Qffffffffffffffff", d), ND_OK);
    ndi_xdoc_free(d);
    ck_assert_int_eq(ndi_xdb_close(x), ND_OK);
    ndi_xdb_free(x);
    nd_verify_stats vs;
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, &vs), ND_ECORRUPT);
    ck_assert_uint_eq(vs.documents, 3);
    ck_assert_uint_eq(vs.damaged_records, 1);
    ck_assert_uint_eq(vs.damaged_tables, 0);
    ck_assert(said_has("postlist.glass"));
    ck_assert(said_has("document 3"));
}
END_TEST

START_TEST(test_verify_bad_table)
{
    make_collection();
    char f[4300];
    snprintf(f, sizeof f, "%s/termlist.glass", coll);
    struct stat sb;
    ck_assert_int_eq(stat(f, &sb), 0);
    ck_assert_int_eq(truncate(f, sb.st_size / 2), 0);
    nd_verify_stats vs;
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, &vs), ND_ECORRUPT);
    ck_assert_uint_ge(vs.damaged_tables, 1);
    ck_assert(said_has("termlist.glass"));
}
END_TEST

START_TEST(test_verify_bad_version)
{
    make_collection();
    char f[4300];
    snprintf(f, sizeof f, "%s/iamglass", coll);
    ck_assert_int_eq(truncate(f, 10), 0);
    nd_verify_stats vs;
    ck_assert_int_eq(nd_verify(coll, on_damage, NULL, &vs), ND_ECORRUPT);
    ck_assert_uint_eq(vs.damaged_tables, 1);
    ck_assert(said_has("iamglass"));
}
END_TEST

static Suite *
verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("verify");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_verify_sound);
    tcase_add_test(tc, test_verify_missing);
    tcase_add_test(tc, test_verify_locked);
    tcase_add_test(tc, test_verify_bad_record);
    tcase_add_test(tc, test_verify_bad_table);
    tcase_add_test(tc, test_verify_bad_version);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(verify_suite());
}
