/* SPDX-License-Identifier: MIT */
/*
 * simhash.h - near-duplicate fingerprints of an article's body.
 *
 * The fingerprint is a MinHash signature (the module keeps the name the
 * design gave it): NDI_SIMHASH_N minimum hashes over the body's word
 * 3-shingles (words lowercased, punctuation and markup gone), so the share
 * of equal positions in two signatures estimates the Jaccard similarity of
 * their shingle sets. Chosen over a 64-bit SimHash by measurement on
 * generated archives (README "Near-duplicates"): copies with 1-3 sentences
 * changed keep a Jaccard of 0.5-1, unrelated articles of the same story
 * stay under 0.02. Locality-sensitive hashing: NDI_SIMHASH_BANDS bands of
 * NDI_SIMHASH_ROWS signature values each become index terms; two articles
 * sharing any band are candidates, checked with the whole signature.
 */
#ifndef NDI_SIMHASH_H
#define NDI_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

#include "ndi.h"

#define NDI_SIMHASH_N 64        /* signature values */
#define NDI_SIMHASH_BANDS 16    /* LSH bands ... */
#define NDI_SIMHASH_ROWS 2      /* ... of this many values (the first 32) */
#define NDI_SIMHASH_SHINGLE 3   /* words per shingle */
#define NDI_SIMHASH_MIN_WORDS 8 /* fewer body words: no fingerprint */
#define NDI_SIMHASH_BYTES (NDI_SIMHASH_N * 4)
/* Estimated Jaccard similarity from which two articles are near-duplicates
 * (measured: copies >= 0.5, unrelated articles <= 0.02). */
#define NDI_SIMHASH_THRESHOLD 0.30

typedef struct ndi_simhash {
    uint32_t v[NDI_SIMHASH_N];
} ndi_simhash;

/* The fingerprint of 'text' (UTF-8, 'len' bytes). Returns ND_OK, or
 * ND_DONE when it has fewer than NDI_SIMHASH_MIN_WORDS words (no
 * fingerprint: too little text to tell copies from chance). */
nd_status ndi_simhash_compute(const char *text, size_t len, ndi_simhash *out);
/* Estimated Jaccard similarity of the two shingle sets, 0..1. */
double ndi_simhash_similarity(const ndi_simhash *a, const ndi_simhash *b);
/* The LSH key of band 'band' (< NDI_SIMHASH_BANDS). */
uint32_t ndi_simhash_band(const ndi_simhash *h, unsigned band);
/* To and from NDI_SIMHASH_BYTES bytes (big-endian values), as stored in
 * the index. decode returns 1, or 0 when 'len' is not a fingerprint's. */
void ndi_simhash_encode(const ndi_simhash *h,
                        unsigned char out[NDI_SIMHASH_BYTES]);
int ndi_simhash_decode(const void *data, size_t len, ndi_simhash *out);

#endif /* NDI_SIMHASH_H */
