/* SPDX-License-Identifier: MIT */
/*
 * ndi.h - internals shared by every lib/ module: the handle header that
 * carries error messages, and the nd_buf layout.
 */
#ifndef NDI_H
#define NDI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "newsdex.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NDI_ERRMSG_MAX 512

/* Every handle begins with this, so nd_errmsg() works on any of them. */
typedef struct ndi_hdr {
    unsigned magic;
    char errmsg[NDI_ERRMSG_MAX];
} ndi_hdr;

#define NDI_MAGIC 0x6e64780au

struct nd_buf {
    ndi_hdr hdr;
    char *data;
    size_t len;
    size_t cap;
};

void ndi_hdr_init(ndi_hdr *h);
/* Record 'fmt' as the message of 'h' and return 'st'. */
nd_status ndi_fail(ndi_hdr *h, nd_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
nd_status ndi_vfail(ndi_hdr *h, nd_status st, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Copy the message of 'from' into 'to' (a prefix may be added) and
 * return 'st'. */
nd_status ndi_pass(ndi_hdr *to, const ndi_hdr *from, nd_status st);
void ndi_clear(ndi_hdr *h);

/* nd_buf helpers. */
nd_status ndi_buf_reserve(nd_buf *b, size_t extra);
nd_status ndi_buf_puts(nd_buf *b, const char *s);
nd_status ndi_buf_putc(nd_buf *b, char c);
nd_status ndi_buf_printf(nd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Take ownership of the buffer's bytes (NUL-terminated); 'b' is empty
 * after. NULL when empty. */
char *ndi_buf_steal(nd_buf *b, size_t *len_out);

/* A 64-bit hash of bytes (XXH3), and a 128-bit one as 32 hex digits. */
uint64_t ndi_hash64(const void *data, size_t len);
/* The 64-bit hash of the concatenation of two byte strings. */
uint64_t ndi_hash64_parts(const void *a, size_t alen, const void *b,
                          size_t blen);
void ndi_hash128_hex(const void *data, size_t len, char out[33]);

/* Length-checked string duplicate; NULL on ENOMEM. */
char *ndi_strndup(const char *s, size_t len);

/* 's' as valid UTF-8 without control characters (render.c). */
nd_status ndi_render_safe_text(const char *s, nd_buf *out);

#define NDI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* An ASCII code point (< 0x80) that is a letter or digit: the word
 * characters that need no Unicode lookup. */
#define NDI_ASCII_ALNUM(cp) \
    (((uint32_t)(cp) | 0x20) - 'a' < 26u || (uint32_t)(cp) - '0' < 10u)

#ifdef __cplusplus
}
#endif
#endif /* NDI_H */
