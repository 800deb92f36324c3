/* SPDX-License-Identifier: MIT */
/*
 * langid.h - an article's language: language tags normalised to ISO
 * 639-1 codes, and detection from the text when the document states none
 * (the writing system, then a character n-gram model for the languages
 * written in Latin letters; README "Languages").
 */
#ifndef NDI_LANGID_H
#define NDI_LANGID_H

#include <stddef.h>
#include <stdint.h>

#ifndef NDI_LANGID_GEN
#include "ndi.h"
#endif

/* Bytes of title and text that detection looks at: the cost per article
 * is bounded whatever its length. */
#define NDI_LANGID_PREFIX 1000

/*
 * The lower-case ISO 639-1 code of a language tag or name of 'len'
 * bytes ("en-US", "en_GB", "EN", "eng", "fre", "English", "français")
 * in 'code', NUL-terminated, and 1; 0 when the tag names no language we
 * know ("", "und", "x-klingon"), with code "". A two-letter primary
 * subtag is taken as it is, known or not ("zh-Hant" -> "zh").
 */
int ndi_lang_norm(const char *tag, size_t len, char code[4]);

/*
 * The language of 'len' bytes of UTF-8 text: a two-letter code, or ""
 * when the text is too short or too ambiguous to tell (the article is
 * then stemmed as English and has no "L" term). Looks at the first
 * NDI_LANGID_PREFIX bytes only. Thread-safe; the string is static.
 */
const char *ndi_langid_detect(const char *text, size_t len);

/*
 * The languages the n-gram model knows, in order: code 'i', or NULL past
 * the end. Detection from the writing system adds el, ru, hy, ar, ta,
 * he, th, ja, ko and zh.
 */
const char *ndi_langid_model_code(size_t i);

#ifndef NDI_LANGID_GEN
/*
 * Set ND_F_LANG of 'a' to the code of the tag (NULL or 'len' bytes), when
 * ndi_lang_norm() knows it; otherwise leave 'a' as it is. For parsers.
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_lang_set(nd_article *a, const char *tag, size_t len);

/*
 * Normalise the language 'a' states (ND_F_LANG), and when it states
 * none, or one we cannot read, detect it from its title and text.
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_langid_article(nd_article *a);
#endif

/* ---- the model (langid.c and the table langid-gen writes) ------------ */

/* One character n-gram seen in a language's training text. */
typedef struct ndi_langid_gram {
    uint32_t hash; /* ndi_langid_grams() hash of the n-gram */
    uint8_t lang;  /* index into ndi_langid_codes */
    int16_t score; /* log probability, in hundredths */
} ndi_langid_gram;

extern const char ndi_langid_codes[][4];
extern const size_t ndi_langid_ncodes;
extern const int16_t ndi_langid_unseen[];        /* score of an unseen n-gram */
extern const ndi_langid_gram ndi_langid_table[]; /* by hash, then lang */
extern const size_t ndi_langid_nentries;
/* The entries whose hash has the top bits b are those from
 * ndi_langid_bucket[b] to ndi_langid_bucket[b + 1]: a few, in one or two
 * cache lines, where a binary search of the whole table would miss the
 * cache at every step. */
#define NDI_LANGID_BUCKET_BITS 12
extern const uint32_t ndi_langid_bucket[(1u << NDI_LANGID_BUCKET_BITS) + 1];

/*
 * Call 'fn' with the hash of every n-gram (1 to 3 letters, words padded
 * with a space at each end, lower case) of the letters of 'text', at
 * most 'max' of them. Returns how many. Training and detection share it.
 */
size_t ndi_langid_grams(const char *text, size_t len, size_t max,
                        void (*fn)(void *ctx, uint32_t hash), void *ctx);

#endif /* NDI_LANGID_H */
