/* SPDX-License-Identifier: MIT */
/*
 * check_langid.c - language tags to ISO 639-1 codes, detection by
 * writing system and by the n-gram model, its accuracy on the hand-made
 * samples of tests/data/lang (printed per language), the bounded prefix,
 * hostile bytes, threads, and an article's declared or detected language.
 */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "langid.h"
#include "newsdex.h"

/* ---- tags ------------------------------------------------------------ */

typedef struct norm_case {
    const char *tag, *want;
} norm_case;

static const norm_case norm_cases[] = {
    {"en", "en"},      {"en-US", "en"},   {"EN_gb", "en"},    {" fr-CA ", "fr"},
    {"de, en", "de"},  {"eng", "en"},     {"fre", "fr"},      {"fra", "fr"},
    {"ger", "de"},     {"English", "en"}, {"Français", "fr"}, {"nob", "nb"},
    {"nb-NO", "nb"},   {"zh-Hant", "zh"}, {"pt-BR", "pt"},    {"iw", "he"},
    {"spa", "es"},     {"rum", "ro"},     {"", ""},           {"und", ""},
    {"x-klingon", ""}, {"e", ""},         {"123", ""},        {"mul", ""},
    {"Swedish", "sv"}, {"\"it\"", "it"},  {"tur", "tr"},
};

START_TEST(test_langid_norm)
{
    const norm_case *c = &norm_cases[_i];
    char code[4] = "zz";
    int ok = ndi_lang_norm(c->tag, strlen(c->tag), code);
    ck_assert_msg(strcmp(code, c->want) == 0, "'%s': got '%s', want '%s'",
                  c->tag, code, c->want);
    ck_assert_int_eq(ok, c->want[0] != '\0');
}
END_TEST

/* ---- detection ------------------------------------------------------- */

typedef struct detect_case {
    const char *text, *want;
} detect_case;

static const detect_case detect_cases[] = {
    /* writing systems */
    {"Президент подписал указ о новых налогах", "ru"},
    {"Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία", "el"},
    {"الحكومة تعلن عن إجراءات جديدة", "ar"},
    {"政府は新しい経済対策を発表した", "ja"},
    {"政府宣布新的经济措施", "zh"},
    {"정부는 새로운 경제 대책을 발표했다", "ko"},
    {"הממשלה הודיעה על צעדים חדשים", "he"},
    /* too little to tell */
    {"", ""},
    {"OK", ""},
    {"2024-03-01 12:00 +++ ---", ""},
    /* Latin script, but no language the model knows */
    {"Rząd przedstawił w środę projekt ustawy o emeryturach, który "
     "przewiduje podniesienie wieku emerytalnego.",
     ""},
    {"Vláda ve středu představila návrh zákona o důchodech, který počítá se "
     "zvýšením věku odchodu do důchodu.",
     ""},
    /* Latin script */
    {"The government announced new measures to support the economy.", "en"},
    {"Le gouvernement a annoncé de nouvelles mesures pour l'économie.", "fr"},
    {"Die Regierung hat neue Maßnahmen für die Wirtschaft angekündigt.", "de"},
};

START_TEST(test_langid_detect)
{
    const detect_case *c = &detect_cases[_i];
    const char *got = ndi_langid_detect(c->text, strlen(c->text));
    ck_assert_msg(strcmp(got, c->want) == 0, "'%s': got '%s', want '%s'",
                  c->text, got, c->want);
}
END_TEST

/* Every n-gram language has training text that the model recognises. */
START_TEST(test_langid_model)
{
    size_t n = 0;
    while (ndi_langid_model_code(n) != NULL)
        n++;
    ck_assert_uint_ge(n, 16);
    ck_assert_ptr_null(ndi_langid_model_code(n));
}
END_TEST

/* The accuracy floor the samples must meet (README "Languages"): of all
 * samples, and of those with at least 60 bytes (sentences and longer). */
#define FLOOR_ALL 0.95
#define FLOOR_LONG 1.0

START_TEST(test_langid_accuracy)
{
    const char *dir = fx_data("lang");
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    char codes[64][4];
    unsigned total[64] = {0}, right[64] = {0}, nlang = 0;
    unsigned all = 0, ok = 0, nlong = 0, oklong = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *dash = strchr(e->d_name, '-');
        if (e->d_name[0] == '.' || dash == NULL || dash - e->d_name > 3)
            continue;
        char code[4] = {0};
        memcpy(code, e->d_name, (size_t)(dash - e->d_name));
        unsigned l = 0;
        while (l < nlang && strcmp(codes[l], code) != 0)
            l++;
        if (l == nlang) {
            ck_assert_uint_lt(nlang, 64);
            memcpy(codes[nlang++], code, 4);
        }
        char path[4096 + 512];
        int pn = snprintf(path, sizeof path, "%.4000s/%.255s", dir, e->d_name);
        ck_assert(pn > 0 && (size_t)pn < sizeof path);
        size_t len;
        char *text = fx_slurp(path, &len);
        /* the first line says what the file is */
        char *body = text[0] == '#' ? strchr(text, '\n') : text;
        body = body != NULL ? body + (body != text) : text + len;
        size_t blen = strlen(body);
        const char *got = ndi_langid_detect(body, blen);
        int hit = strcmp(got, code) == 0;
        total[l]++;
        right[l] += (unsigned)hit;
        all++;
        ok += (unsigned)hit;
        if (blen >= 60) {
            nlong++;
            oklong += (unsigned)hit;
            ck_assert_msg(hit, "%s: got '%s'", e->d_name, got);
        }
        if (!hit)
            printf("langid: %s detected as '%s'\n", e->d_name, got);
        free(text);
    }
    closedir(d);
    ck_assert_uint_ge(nlang, 8);
    printf("langid accuracy on %s:\n", dir);
    for (unsigned l = 0; l < nlang; l++)
        printf("  %s  %u/%u  %.0f%%\n", codes[l], right[l], total[l],
               100.0 * right[l] / total[l]);
    printf("  all %u/%u  %.1f%%; 60 bytes and more %u/%u\n", ok, all,
           100.0 * ok / all, oklong, nlong);
    ck_assert_msg(ok >= FLOOR_ALL * all, "accuracy %u/%u", ok, all);
    ck_assert_msg(oklong >= FLOOR_LONG * nlong, "accuracy %u/%u", oklong,
                  nlong);
}
END_TEST

/* Only the prefix counts: French followed by a megabyte of English. */
START_TEST(test_langid_prefix)
{
    const char *fr = "Le gouvernement a présenté mercredi un projet de loi "
                     "sur les retraites, qui prévoit de relever l'âge de "
                     "départ et de réformer les régimes spéciaux. ";
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while (n + strlen(fr) < NDI_LANGID_PREFIX) {
        memcpy(buf + n, fr, strlen(fr));
        n += strlen(fr);
    }
    const char *en = "The markets rallied after the announcement. ";
    while (n + strlen(en) < cap) {
        memcpy(buf + n, en, strlen(en));
        n += strlen(en);
    }
    ck_assert_str_eq(ndi_langid_detect(buf, n), "fr");
    free(buf);
}
END_TEST

/* Bytes that are not UTF-8, NULs and lone combining marks. */
START_TEST(test_langid_hostile)
{
    static const char junk[] = "\xff\xfe\xc3\x28\xe2\x82\x00\x00\xcc\x81"
                               "\xcc\x81\xf0\x9f\x98\x80 \x80\x80\x80";
    ck_assert_str_eq(ndi_langid_detect(junk, sizeof junk - 1), "");
    ck_assert_str_eq(ndi_langid_detect(NULL, 0), "");
    static const char mixed[] = "Die Polizei \xff\xfe hat am Montag einen "
                                "Verd\xc3\xa4\xchtigen festgenommen und "
                                "\x00 die Ermittlungen aufgenommen.";
    ck_assert_str_eq(ndi_langid_detect(mixed, sizeof mixed - 1), "de");
}
END_TEST

/* ---- threads ---------------------------------------------------------- */

static const char *const thread_texts[] = {
    "The company said its profits would fall sharply this year.",
    "La société a annoncé que ses bénéfices allaient fortement baisser.",
    "Das Unternehmen erwartet in diesem Jahr einen deutlichen Gewinnrückgang.",
    "La empresa prevé que sus beneficios caigan con fuerza este año.",
};

static void *
detect_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        size_t k = (size_t)i % NDI_ARRAY_LEN(thread_texts);
        const char *got =
            ndi_langid_detect(thread_texts[k], strlen(thread_texts[k]));
        static const char *const want[] = {"en", "fr", "de", "es"};
        if (strcmp(got, want[k]) != 0)
            return (void *)1;
    }
    return NULL;
}

START_TEST(test_langid_threads)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, detect_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        ck_assert_int_eq(pthread_join(t[i], &r), 0);
        ck_assert_ptr_null(r);
    }
}
END_TEST

/* ---- articles ---------------------------------------------------------- */

typedef struct article_case {
    const char *declared, *title, *body, *want;
} article_case;

static const article_case article_cases[] = {
    /* declared: normalised, never second-guessed */
    {"en-US", "Bourse", "Les marchés ont fortement reculé hier soir.", "en"},
    {"eng", "", "", "en"},
    {"FR", "", "", "fr"},
    {"zh-Hans", "", "", "zh"},
    /* declared but unreadable, or not declared: detected */
    {"x-none", "Wahl",
     "Die Wähler haben am Sonntag ein neues Parlament "
     "gewählt.",
     "de"},
    {"", "Elecciones",
     "Los votantes eligieron el domingo un nuevo "
     "parlamento.",
     "es"},
    {"", "Storm hits coast", "", "en"},
    /* too short: undetermined */
    {"", "Q3", "", ""},
};

START_TEST(test_langid_article)
{
    const article_case *c = &article_cases[_i];
    nd_article *a = NULL;
    ck_assert_int_eq(nd_article_new(&a), ND_OK);
    ck_assert_int_eq(
        nd_article_set(a, ND_F_LANG, c->declared, strlen(c->declared)), ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_TITLE, c->title, strlen(c->title)),
                     ND_OK);
    ck_assert_int_eq(nd_article_set(a, ND_F_BODY, c->body, strlen(c->body)),
                     ND_OK);
    ck_assert_int_eq(ndi_langid_article(a), ND_OK);
    ck_assert_str_eq(nd_article_get(a, ND_F_LANG), c->want);
    nd_article_free(a);
}
END_TEST

static Suite *
langid_suite(void)
{
    Suite *s = suite_create("langid");
    TCase *tc = tcase_create("norm");
    tcase_add_loop_test(tc, test_langid_norm, 0,
                        (int)NDI_ARRAY_LEN(norm_cases));
    suite_add_tcase(s, tc);

    tc = tcase_create("detect");
    tcase_add_loop_test(tc, test_langid_detect, 0,
                        (int)NDI_ARRAY_LEN(detect_cases));
    tcase_add_test(tc, test_langid_model);
    suite_add_tcase(s, tc);

    tc = tcase_create("accuracy");
    tcase_add_test(tc, test_langid_accuracy);
    suite_add_tcase(s, tc);

    tc = tcase_create("bounded");
    tcase_add_test(tc, test_langid_prefix);
    tcase_add_test(tc, test_langid_hostile);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_add_test(tc, test_langid_threads);
    suite_add_tcase(s, tc);

    tc = tcase_create("article");
    tcase_add_loop_test(tc, test_langid_article, 0,
                        (int)NDI_ARRAY_LEN(article_cases));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return fx_run(langid_suite());
}
