/* SPDX-License-Identifier: MIT */
/*
 * check_entities.c - the rule-based entity finder: dateline places, people
 * after title words, organisations by their cue words, and what is not a
 * name.
 */
#include <config.h>

#include <check.h>
#include <string.h>

#include "entities.h"
#include "fixture.h"
#include "newsdex.h"

/* An article with these fields, its entities extracted. */
static nd_article *
extract(const char *dateline, const char *title, const char *body)
{
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(
        nd_article_set(a, ND_F_DATELINE, dateline, strlen(dateline)), ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_TITLE, title, strlen(title)),
                     ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_BODY, body, strlen(body)), ND_OK);
    ck_assert_int_eq(ndi_entities_extract(a), ND_OK);
    return a;
}

/* The entities of 'a' as "type:name|type:name|..." (types P, L, O). */
static const char *
listing(const nd_article *a)
{
    static char out[1024];
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < nd_article_entity_count(a); i++) {
        nd_entity_type t;
        const char *name = nd_article_entity(a, i, &t);
        int k = snprintf(out + n, sizeof out - n, "%s%c:%s", i ? "|" : "",
                         "PLO"[t], name);
        ck_assert(k > 0 && (size_t)k < sizeof out - n);
        n += (size_t)k;
    }
    return out;
}

typedef struct ent_case {
    const char *dateline, *title, *body, *want;
} ent_case;

/* ---- places from datelines ------------------------------------------- */

static const ent_case place_cases[] = {
    {"NEW YORK, FEB 26", "", "", "L:New York"},
    {"PARIS", "", "", "L:Paris"},
    {"LE HAVRE, March 28", "", "", "L:Le Havre"},
    {"WINSTON-SALEM, N.C., Feb 26", "", "", "L:Winston-Salem"},
    {"MOSCOW 1996-08-20", "", "", "L:Moscow"},
    {"Rio de Janeiro", "", "", "L:Rio de Janeiro"},
    {"Nicosia (Meridian Wire)", "", "", "L:Nicosia"},
    {"", "", "", ""},
};

START_TEST(test_entities_place)
{
    const ent_case *c = &place_cases[_i];
    nd_article *a = extract(c->dateline, c->title, c->body);
    ck_assert_str_eq(listing(a), c->want);
    nd_article_free(a);
}
END_TEST

/* ---- people ---------------------------------------------------------- */

static const ent_case person_cases[] = {
    {"", "",
     "President Xi Jinping met Russian President Vladimir Putin in Moscow.",
     "P:Xi Jinping|P:Vladimir Putin"},
    {"", "", "Prime Minister Rishi Sunak said it would pass.", "P:Rishi Sunak"},
    {"", "", "Russian Foreign Minister Sergei Lavrov said so.",
     "P:Sergei Lavrov"},
    {"", "", "He said Angela Merkel had called.", "P:Angela Merkel"},
    /* one word is not enough for a person */
    {"", "", "Putin said no. President Putin said it again.", ""},
    /* the same name twice is one entity */
    {"", "", "Xi Jinping spoke. Later Xi Jinping left.", "P:Xi Jinping"},
};

START_TEST(test_entities_person)
{
    const ent_case *c = &person_cases[_i];
    nd_article *a = extract(c->dateline, c->title, c->body);
    ck_assert_str_eq(listing(a), c->want);
    nd_article_free(a);
}
END_TEST

/* ---- organisations --------------------------------------------------- */

static const ent_case org_cases[] = {
    {"", "", "Diamond Shamrock Corp said it would sell the unit.",
     "O:Diamond Shamrock Corp"},
    {"", "", "He said the Ministry of Defence had denied it.",
     "O:Ministry of Defence"},
    {"", "", "The Ministry of Defence said nothing.", "O:Ministry of Defence"},
    {"", "", "Analysts expect the European Central Bank to act.",
     "O:European Central Bank"},
    /* a leading title word is not part of the name */
    {"", "", "It was Chairman John Smith who spoke.", "P:John Smith"},
};

START_TEST(test_entities_org)
{
    const ent_case *c = &org_cases[_i];
    nd_article *a = extract(c->dateline, c->title, c->body);
    ck_assert_str_eq(listing(a), c->want);
    nd_article_free(a);
}
END_TEST

/* ---- what is not a name ----------------------------------------------- */

static const ent_case none_cases[] = {
    {"", "", "The company said. In March the talks resumed.", ""},
    {"", "", "On Monday prices fell. January sales rose. Monday was quiet.",
     ""},
    {"", "", "After Tuesday, prices rose. The In And Out were words.", ""},
    {"", "", "oil prices rose on tuesday as traders bought.", ""},
};

START_TEST(test_entities_none)
{
    const ent_case *c = &none_cases[_i];
    nd_article *a = extract(c->dateline, c->title, c->body);
    ck_assert_msg(nd_article_entity_count(a) == 0, "%s: found %s", c->body,
                  listing(a));
    nd_article_free(a);
}
END_TEST

/* ---- titles ----------------------------------------------------------- */

START_TEST(test_entities_title)
{
    /* an all-caps (Reuters) title is not scanned */
    nd_article *a =
        extract("", "XI, PUTIN HOLD TALKS AS MOSCOW SUMMIT OPENS", "");
    ck_assert_uint_eq(nd_article_entity_count(a), 0);
    nd_article_free(a);
    a = extract("", "DIAMOND SHAMROCK CORP SETS OFFER", "Shares were steady.");
    ck_assert_uint_eq(nd_article_entity_count(a), 0);
    nd_article_free(a);
    /* a title in sentence case is */
    a = extract("", "Talks as President Xi Jinping arrives", "");
    ck_assert_str_eq(listing(a), "P:Xi Jinping");
    nd_article_free(a);
    /* title, then body, then dateline order does not matter: all three */
    a = extract("NEW YORK, FEB 26", "Talks as President Xi Jinping arrives",
                "Diamond Shamrock Corp said it was pleased.");
    ck_assert_str_eq(listing(a),
                     "L:New York|P:Xi Jinping|O:Diamond Shamrock Corp");
    nd_article_free(a);
}
END_TEST

static Suite *
entities_suite(void)
{
    Suite *s = suite_create("entities");
    TCase *tc;

    tc = tcase_create("place");
    tcase_add_loop_test(tc, test_entities_place, 0,
                        (int)NDI_ARRAY_LEN(place_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("person");
    tcase_add_loop_test(tc, test_entities_person, 0,
                        (int)NDI_ARRAY_LEN(person_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("org");
    tcase_add_loop_test(tc, test_entities_org, 0,
                        (int)NDI_ARRAY_LEN(org_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("none");
    tcase_add_loop_test(tc, test_entities_none, 0,
                        (int)NDI_ARRAY_LEN(none_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("title");
    tcase_add_test(tc, test_entities_title);
    suite_add_tcase(s, tc);

    return s;
}

int
main(void)
{
    return fx_run(entities_suite());
}
