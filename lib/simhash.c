/* SPDX-License-Identifier: MIT */
/*
 * simhash.c - MinHash signatures of article bodies over lowercased word
 * 3-shingles, their similarity, and the LSH band keys indexed for them.
 */
#include <config.h>

#include "simhash.h"

#include <string.h>

#include <utf8proc.h>

#include "normalize.h"

/* SplitMix64's finalizer: a fast, well-mixed 64-bit permutation. */
static uint64_t
mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    x ^= x >> 31;
    return x;
}

/* One word: its lowercased letters and digits hashed as they are read. */
typedef struct word_reader {
    const unsigned char *p;
    size_t len, pos;
} word_reader;

/* The next word's hash in '*out'; 0 at the end. A word is a run of
 * letters, digits and marks, so markup remnants and punctuation never
 * matter, and case folding makes "UPDATE" and "update" the same. */
static int
next_word(word_reader *r, uint64_t *out)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    size_t n = 0;
    while (r->pos < r->len) {
        uint32_t cp;
        size_t k = ndi_utf8_decode(r->p + r->pos, r->len - r->pos, &cp);
        if (k == 0) {
            r->pos++;
            if (n > 0)
                break;
            continue;
        }
        r->pos += k;
        /* letters, marks and numbers: Lu .. No in utf8proc's order (in
         * ASCII: letters and digits, looked up without utf8proc) */
        int wordch;
        if (cp < 0x80) {
            wordch = NDI_ASCII_ALNUM(cp);
        } else {
            utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
            wordch = c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
        }
        if (!wordch) {
            if (n > 0)
                break;
            continue;
        }
        uint32_t lc = cp < 0x80
                          ? (cp - 'A' < 26u ? cp | 0x20 : cp)
                          : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        h = mix64(h ^ lc);
        n++;
    }
    *out = h;
    return n > 0;
}

static uint64_t
seed(unsigned i)
{
    return mix64(0x6e6577736465782bu + i); /* fixed: stored signatures */
}

nd_status
ndi_simhash_compute(const char *text, size_t len, ndi_simhash *out)
{
    uint64_t seeds[NDI_SIMHASH_N];
    for (unsigned i = 0; i < NDI_SIMHASH_N; i++) {
        seeds[i] = seed(i);
        out->v[i] = UINT32_MAX;
    }
    word_reader r = {(const unsigned char *)text, len, 0};
    uint64_t w[NDI_SIMHASH_SHINGLE] = {0};
    size_t words = 0;
    uint64_t h;
    while (next_word(&r, &h)) {
        memmove(w, w + 1, sizeof w - sizeof w[0]);
        w[NDI_SIMHASH_SHINGLE - 1] = h;
        if (++words < NDI_SIMHASH_SHINGLE)
            continue;
        uint64_t s = 0;
        for (unsigned k = 0; k < NDI_SIMHASH_SHINGLE; k++)
            s = mix64(s + w[k]);
        for (unsigned i = 0; i < NDI_SIMHASH_N; i++) {
            uint32_t v = (uint32_t)(mix64(s ^ seeds[i]) >> 32);
            if (v < out->v[i])
                out->v[i] = v;
        }
    }
    return words >= NDI_SIMHASH_MIN_WORDS ? ND_OK : ND_DONE;
}

double
ndi_simhash_similarity(const ndi_simhash *a, const ndi_simhash *b)
{
    unsigned same = 0;
    for (unsigned i = 0; i < NDI_SIMHASH_N; i++)
        same += a->v[i] == b->v[i];
    return (double)same / NDI_SIMHASH_N;
}

uint32_t
ndi_simhash_band(const ndi_simhash *h, unsigned band)
{
    uint64_t x = mix64(band + 1);
    for (unsigned k = 0; k < NDI_SIMHASH_ROWS; k++)
        x = mix64(x ^ h->v[band * NDI_SIMHASH_ROWS + k]);
    return (uint32_t)(x >> 32);
}

void
ndi_simhash_encode(const ndi_simhash *h, unsigned char out[NDI_SIMHASH_BYTES])
{
    for (unsigned i = 0; i < NDI_SIMHASH_N; i++) {
        out[4 * i] = (unsigned char)(h->v[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h->v[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h->v[i] >> 8);
        out[4 * i + 3] = (unsigned char)h->v[i];
    }
}

int
ndi_simhash_decode(const void *data, size_t len, ndi_simhash *out)
{
    const unsigned char *p = data;
    if (len != NDI_SIMHASH_BYTES)
        return 0;
    for (unsigned i = 0; i < NDI_SIMHASH_N; i++)
        out->v[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
                    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
    return 1;
}
