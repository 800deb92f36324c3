/* SPDX-License-Identifier: MIT */
/*
 * buf.c - nd_buf, the growable byte buffer every text result goes into,
 * and small shared helpers (hashing, string copies).
 */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hash functions inlined from the header: no ABI coupling to the
 * library build, and the streaming state can live on the stack. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ndi.h"

nd_status
nd_buf_new(nd_buf **out)
{
    nd_buf *b = calloc(1, sizeof *b);
    *out = b;
    if (b == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&b->hdr);
    return ND_OK;
}

void
nd_buf_free(nd_buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    free(b);
}

const char *
nd_buf_data(const nd_buf *b)
{
    return b->data != NULL ? b->data : "";
}

size_t
nd_buf_len(const nd_buf *b)
{
    return b->len;
}

void
nd_buf_clear(nd_buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

nd_status
ndi_buf_reserve(nd_buf *b, size_t extra)
{
    if (extra >= SIZE_MAX - b->len - 1)
        return ndi_fail(&b->hdr, ND_ENOMEM, "buffer size overflow");
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return ND_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (p == NULL)
        return ndi_fail(&b->hdr, ND_ENOMEM, "out of memory (%zu bytes)", cap);
    b->data = p;
    b->cap = cap;
    /* Keep the bytes NUL-terminated even if nothing is appended. */
    b->data[b->len] = '\0';
    return ND_OK;
}

nd_status
nd_buf_append(nd_buf *b, const void *data, size_t len)
{
    nd_status st = ndi_buf_reserve(b, len);
    if (st != ND_OK)
        return st;
    if (len > 0)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return ND_OK;
}

nd_status
ndi_buf_puts(nd_buf *b, const char *s)
{
    return nd_buf_append(b, s, strlen(s));
}

nd_status
ndi_buf_putc(nd_buf *b, char c)
{
    return nd_buf_append(b, &c, 1);
}

nd_status
ndi_buf_printf(nd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ndi_fail(&b->hdr, ND_EINVAL, "bad format string");
    nd_status st = ndi_buf_reserve(b, (size_t)n);
    if (st != ND_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ND_OK;
}

char *
ndi_buf_steal(nd_buf *b, size_t *len_out)
{
    char *p = b->data;
    if (len_out != NULL)
        *len_out = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

uint64_t
ndi_hash64(const void *data, size_t len)
{
    return XXH3_64bits(data, len);
}

uint64_t
ndi_hash64_parts(const void *a, size_t alen, const void *b, size_t blen)
{
    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, a, alen);
    XXH3_64bits_update(&st, b, blen);
    return XXH3_64bits_digest(&st);
}

void
ndi_hash128_hex(const void *data, size_t len, char out[33])
{
    XXH128_hash_t h = XXH3_128bits(data, len);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

char *
ndi_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
