/* SPDX-License-Identifier: MIT */
/*
 * langid.c - language tags to ISO 639-1 codes, and language detection.
 *
 * Detection first counts letters by writing system: Greek, Cyrillic,
 * Armenian, Arabic, Hebrew, Tamil, Thai, kana, Hangul and Han each name
 * one language (for Cyrillic, the one with a stemmer: Russian). Text in
 * Latin letters is scored by a naive Bayes model over character 1- to
 * 3-grams whose table langid-gen builds from our own training text in
 * data/lang/ (one file per language) when the library is built. Only a
 * prefix of the text is read, the table is constant and the state lives
 * on the stack, so detection is cheap, bounded and thread-safe.
 */
#include <config.h>

#include "langid.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#ifndef NDI_LANGID_GEN
#include "article.h"
#endif

/* ---- tags -------------------------------------------------------------- */

/* Each language's code and the other ways documents name it: ISO 639-2
 * (both forms), English and native names. */
static const struct {
    const char *code;
    const char *names; /* space-separated, lower case ASCII or UTF-8 */
} lang_names[] = {
    {"ar", "ara arabic"},
    {"ca", "cat catalan català"},
    {"da", "dan danish dansk"},
    {"de", "deu ger german deutsch"},
    {"el", "ell gre greek"},
    {"en", "eng english"},
    {"es", "spa spanish español espanol castellano"},
    {"eu", "eus baq basque euskara"},
    {"fi", "fin finnish suomi"},
    {"fr", "fra fre french français francais"},
    {"ga", "gle irish gaeilge"},
    {"he", "heb hebrew"},
    {"hu", "hun hungarian magyar"},
    {"hy", "hye arm armenian"},
    {"id", "ind indonesian bahasa"},
    {"it", "ita italian italiano"},
    {"ja", "jpn japanese"},
    {"ko", "kor korean"},
    {"lt", "lit lithuanian lietuvių"},
    {"nb", "nob bokmål bokmal"},
    {"ne", "nep nepali"},
    {"nl", "nld dut dutch nederlands"},
    {"nn", "nno nynorsk"},
    {"no", "nor norwegian norsk"},
    {"pl", "pol polish polski"},
    {"pt", "por portuguese português portugues"},
    {"ro", "ron rum romanian română romana"},
    {"ru", "rus russian"},
    {"sv", "swe swedish svenska"},
    {"ta", "tam tamil"},
    {"th", "tha thai"},
    {"tr", "tur turkish türkçe turkce"},
    {"uk", "ukr ukrainian"},
    {"zh", "zho chi chinese"},
};

static int
ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_ascii_alpha(int c)
{
    c = ascii_lower(c);
    return c >= 'a' && c <= 'z';
}

/* Is 'w' (n bytes) one of the space-separated words of 'list'? */
static int
in_list(const char *list, const char *w, size_t n)
{
    while (*list != '\0') {
        size_t k = strcspn(list, " ");
        if (k == n) {
            size_t i = 0;
            while (i < n &&
                   ascii_lower((unsigned char)w[i]) == (unsigned char)list[i])
                i++;
            if (i == n)
                return 1;
        }
        list += k;
        while (*list == ' ')
            list++;
    }
    return 0;
}

int
ndi_lang_norm(const char *tag, size_t len, char code[4])
{
    code[0] = '\0';
    if (tag == NULL)
        return 0;
    size_t i = 0;
    while (i < len && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '"'))
        i++;
    /* the primary subtag of the first tag: "en" of "en-US, fr" */
    size_t n = 0;
    while (i + n < len && strchr("-_,; \t\r\n\"", tag[i + n]) == NULL &&
           tag[i + n] != '\0')
        n++;
    const char *w = tag + i;
    if (n == 2 && is_ascii_alpha((unsigned char)w[0]) &&
        is_ascii_alpha((unsigned char)w[1])) {
        code[0] = (char)ascii_lower((unsigned char)w[0]);
        code[1] = (char)ascii_lower((unsigned char)w[1]);
        code[2] = '\0';
        /* withdrawn codes still met in old documents */
        if (memcmp(code, "iw", 2) == 0)
            memcpy(code, "he", 2);
        else if (memcmp(code, "in", 2) == 0)
            memcpy(code, "id", 2);
        return 1;
    }
    if (n < 3 || n > 20)
        return 0;
    for (size_t k = 0; k < sizeof lang_names / sizeof lang_names[0]; k++)
        if (in_list(lang_names[k].names, w, n)) {
            memcpy(code, lang_names[k].code, 3);
            return 1;
        }
    return 0;
}

/* ---- n-grams ----------------------------------------------------------- */

static int
is_letter(utf8proc_int32_t c)
{
    if (c >= 0 && c < 0x80) /* ASCII: A-Z and a-z, without a lookup */
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
           cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
           cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN ||
           cat == UTF8PROC_CATEGORY_MC;
}

/* FNV-1a over the n code points ending at w[2] (w[0..2], oldest first),
 * and the length, so "a" and " a" differ. */
static uint32_t
gram_hash(const utf8proc_int32_t w[3], int n)
{
    uint32_t h = 2166136261u ^ (uint32_t)n;
    h *= 16777619u;
    for (int i = 3 - n; i < 3; i++) {
        uint32_t c = (uint32_t)w[i];
        for (int b = 0; b < 4; b++) {
            h ^= (c >> (8 * b)) & 0xffu;
            h *= 16777619u;
        }
    }
    return h;
}

size_t
ndi_langid_grams(const char *text, size_t len, size_t max,
                 void (*fn)(void *ctx, uint32_t hash), void *ctx)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    utf8proc_int32_t w[3] = {' ', ' ', ' '};
    int inword = 0, have = 0; /* letters of the word in w, at most 2 */
    size_t count = 0, i = 0;
    while (count < max) {
        utf8proc_int32_t c = ' ';
        int letter = 0;
        if (i < len) {
            utf8proc_ssize_t k = 1;
            if (s[i] < 0x80)
                c = s[i];
            else
                k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
            if (k <= 0) {
                k = 1;
                c = ' ';
            }
            i += (size_t)k;
            letter = is_letter(c);
            if (letter)
                c = c < 0x80 ? c | 0x20 : utf8proc_tolower(c);
        } else if (!inword) {
            break;
        }
        if (!letter && !inword)
            continue;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = letter ? c : ' ';
        if (letter) {
            if (!inword) {
                w[1] = ' '; /* the padding before the word */
                inword = 1;
                have = 0;
            }
            fn(ctx, gram_hash(w, 1));
            fn(ctx, gram_hash(w, 2));
            count += 2;
            if (have >= 1) {
                fn(ctx, gram_hash(w, 3));
                count++;
            }
            if (have < 2)
                have++;
        } else {
            fn(ctx, gram_hash(w, 2));
            count++;
            if (have >= 2) {
                fn(ctx, gram_hash(w, 3));
                count++;
            }
            inword = 0;
        }
    }
    return count;
}

#ifndef NDI_LANGID_GEN

/* ---- detection ---------------------------------------------------------- */

/* Fewer Latin letters than this tell nothing. */
#define MIN_LETTERS 8
/* The winner must beat the runner-up by this much (hundredths of a nat
 * of log likelihood), or the text is undetermined. Kept small: on the
 * samples of tests/data/lang a stricter margin (0.3 to 3 nats) turns only
 * right answers between Danish, Norwegian and Swedish into "", and "" is
 * stemmed as English anyway. */
#define MIN_MARGIN 10
/* English's head start, in the same unit (15 nats). Archives are mostly
 * English, and a short English headline read as another language is
 * stemmed wrongly, where a short foreign one read as English loses
 * little. On our samples, short English headlines taken for Dutch,
 * French or Swedish lead English by at most 8.4 nats, and the foreign
 * headlines lead it by 25 nats or more. */
#define EN_PRIOR 1500
/* Percentage of the text's n-grams the winner must know. Text in a
 * language the model was not trained on (Polish, Czech, Lithuanian:
 * 58 to 67%) is undetermined rather than stemmed as the nearest language;
 * every sample of a trained language is at 80% or more. */
#define MIN_COVERAGE 70

const char *
ndi_langid_model_code(size_t i)
{
    return i < ndi_langid_ncodes ? ndi_langid_codes[i] : NULL;
}

enum script {
    SC_LATIN,
    SC_GREEK,
    SC_CYRILLIC,
    SC_ARMENIAN,
    SC_HEBREW,
    SC_ARABIC,
    SC_TAMIL,
    SC_THAI,
    SC_KANA,
    SC_HANGUL,
    SC_HAN,
    SC_OTHER,
    SC_COUNT
};

/* The language a writing system stands for; "" for several. */
static const char *const script_lang[SC_COUNT] = {
    "", "el", "ru", "hy", "he", "ar", "ta", "th", "ja", "ko", "zh", "",
};

static enum script
script_of(utf8proc_int32_t c)
{
    if (c < 0x250 || (c >= 0x1E00 && c < 0x1F00))
        return SC_LATIN;
    if ((c >= 0x370 && c < 0x400) || (c >= 0x1F00 && c < 0x2000))
        return SC_GREEK;
    if (c >= 0x400 && c < 0x530)
        return SC_CYRILLIC;
    if (c >= 0x530 && c < 0x590)
        return SC_ARMENIAN;
    if (c >= 0x590 && c < 0x600)
        return SC_HEBREW;
    if ((c >= 0x600 && c < 0x780) || (c >= 0xFB50 && c < 0xFF00))
        return SC_ARABIC;
    if (c >= 0xB80 && c < 0xC00)
        return SC_TAMIL;
    if (c >= 0xE00 && c < 0xE80)
        return SC_THAI;
    if (c >= 0x3040 && c < 0x3100)
        return SC_KANA;
    if ((c >= 0xAC00 && c < 0xD7B0) || (c >= 0x1100 && c < 0x1200))
        return SC_HANGUL;
    if (c >= 0x4E00 && c < 0xA000)
        return SC_HAN;
    return SC_OTHER;
}

typedef struct scores {
    int64_t hit[256];  /* per language: sum of (score - unseen) of hits */
    size_t found[256]; /* per language: n-grams in its profile */
    size_t n;          /* n-grams seen */
} scores;

/* Add 'count' occurrences of the n-gram 'h' to the scores. */
static void
score_gram(scores *sc, uint32_t h, uint32_t count)
{
    sc->n += count;
    uint32_t b = h >> (32 - NDI_LANGID_BUCKET_BITS);
    for (uint32_t i = ndi_langid_bucket[b]; i < ndi_langid_bucket[b + 1]; i++) {
        const ndi_langid_gram *g = &ndi_langid_table[i];
        if (g->hash == h) {
            sc->hit[g->lang] +=
                (int64_t)count * (g->score - ndi_langid_unseen[g->lang]);
            sc->found[g->lang] += count;
        }
    }
}

/* The n-grams of a text, counted before they are scored: a text repeats
 * most of its n-grams, and a model lookup costs more than a count. The
 * scores are the same as scoring each occurrence. */
#define GRAM_SLOTS 4096 /* more than the n-grams of NDI_LANGID_PREFIX */

typedef struct gram_counts {
    scores *sc;
    size_t used;
    uint32_t hash[GRAM_SLOTS];
    uint32_t count[GRAM_SLOTS]; /* 0: empty slot */
} gram_counts;

static void
gram_flush(gram_counts *gc)
{
    for (size_t i = 0; i < GRAM_SLOTS; i++)
        if (gc->count[i] > 0) {
            score_gram(gc->sc, gc->hash[i], gc->count[i]);
            gc->count[i] = 0;
        }
    gc->used = 0;
}

static void
count_gram(void *ctx, uint32_t h)
{
    gram_counts *gc = ctx;
    size_t i = (h * 2654435761u) >> 20; /* 12 bits: GRAM_SLOTS */
    while (gc->count[i] > 0 && gc->hash[i] != h)
        i = (i + 1) & (GRAM_SLOTS - 1);
    if (gc->count[i] == 0) {
        if (gc->used * 4 >= GRAM_SLOTS * 3) { /* full enough: score them */
            gram_flush(gc);
            count_gram(gc, h);
            return;
        }
        gc->hash[i] = h;
        gc->used++;
    }
    gc->count[i]++;
}

const char *
ndi_langid_detect(const char *text, size_t len)
{
    if (text == NULL)
        return "";
    if (len > NDI_LANGID_PREFIX)
        len = NDI_LANGID_PREFIX;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    size_t count[SC_COUNT] = {0}, letters = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = 1;
        if (s[i] < 0x80)
            c = s[i];
        else
            k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            i++;
            continue;
        }
        i += (size_t)k;
        if (is_letter(c) &&
            (c < 0x80 || utf8proc_category(c) != UTF8PROC_CATEGORY_MN)) {
            count[script_of(c)]++;
            letters++;
        }
    }
    if (letters == 0)
        return "";
    /* kana with Han is Japanese */
    if (count[SC_KANA] > 0 && count[SC_KANA] + count[SC_HAN] > letters / 2)
        return "ja";
    enum script top = SC_LATIN;
    for (int sc = 0; sc < SC_COUNT; sc++)
        if (count[sc] > count[top])
            top = (enum script)sc;
    if (top != SC_LATIN)
        return count[top] * 2 > letters ? script_lang[top] : "";
    if (count[SC_LATIN] < MIN_LETTERS)
        return "";

    scores sc;
    memset(&sc, 0, sizeof sc);
    gram_counts *gc = calloc(1, sizeof *gc);
    if (gc == NULL)
        return "";
    gc->sc = &sc;
    ndi_langid_grams(text, len, SIZE_MAX, count_gram, gc);
    gram_flush(gc);
    free(gc);
    size_t best = 0;
    int64_t bs = INT64_MIN, ss = INT64_MIN;
    for (size_t l = 0; l < ndi_langid_ncodes; l++) {
        int64_t v = sc.hit[l] + (int64_t)sc.n * ndi_langid_unseen[l];
        if (strcmp(ndi_langid_codes[l], "en") == 0)
            v += EN_PRIOR;
        if (v > bs) {
            ss = bs;
            best = l;
            bs = v;
        } else if (v > ss) {
            ss = v;
        }
    }
    if (ndi_langid_ncodes == 0 || bs - ss < MIN_MARGIN ||
        sc.found[best] * 100 < MIN_COVERAGE * sc.n)
        return "";
    return ndi_langid_codes[best];
}

nd_status
ndi_lang_set(nd_article *a, const char *tag, size_t len)
{
    char code[4];
    if (tag == NULL || !ndi_lang_norm(tag, len, code))
        return ND_OK;
    return nd_article_set(a, ND_F_LANG, code, strlen(code));
}

nd_status
ndi_langid_article(nd_article *a)
{
    const char *have = nd_article_get(a, ND_F_LANG);
    char code[4];
    if (*have != '\0') {
        if (ndi_lang_norm(have, strlen(have), code)) {
            if (strcmp(code, have) == 0)
                return ND_OK;
            return nd_article_set(a, ND_F_LANG, code, strlen(code));
        }
    }
    /* title and the start of the text, in one bounded buffer */
    char buf[NDI_LANGID_PREFIX];
    const char *title = nd_article_title(a);
    const char *body = nd_article_body(a);
    size_t tl = strlen(title), n = 0;
    if (tl > sizeof buf - 1)
        tl = sizeof buf - 1;
    memcpy(buf, title, tl);
    n = tl;
    buf[n++] = '\n';
    size_t bl = strnlen(body, sizeof buf - n);
    memcpy(buf + n, body, bl);
    n += bl;
    const char *l = ndi_langid_detect(buf, n);
    return nd_article_set(a, ND_F_LANG, l, strlen(l));
}

#endif /* NDI_LANGID_GEN */
