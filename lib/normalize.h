/* SPDX-License-Identifier: MIT */
/*
 * normalize.h - text normalization: any charset to valid UTF-8, Unicode
 * NFC, controls removed, whitespace collapsed; publication dates to UTC.
 */
#ifndef NDI_NORMALIZE_H
#define NDI_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "ndi.h"

/* Whether 'len' bytes are well-formed UTF-8 (no overlongs, surrogates). */
int ndi_utf8_valid(const char *s, size_t len);

/*
 * Append 'len' bytes in 'charset' to 'out' as valid UTF-8. A NULL or ""
 * charset means: UTF-8 (after a BOM, UTF-16 after its BOM) when the bytes
 * are valid, else Windows-1252. A declared charset that iconv does not know
 * or that the bytes do not follow falls back the same way.
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_to_utf8(const char *data, size_t len, const char *charset,
                      nd_buf *out);

/* The charset named by a BOM at the start of 'data', or NULL. '*bom_len'
 * gets the BOM's length. */
const char *ndi_bom_charset(const char *data, size_t len, size_t *bom_len);

/* Normalization modes for ndi_clean(). */
enum {
    NDI_CLEAN_LINE = 0, /* one line: every whitespace run -> one space */
    NDI_CLEAN_PARAS = 1 /* keep paragraphs: a blank line (two or more
                            newlines) -> "\n\n", other runs -> one space */
};

/*
 * Append 'len' bytes of text to 'out' normalized: invalid UTF-8 read as
 * Windows-1252, NFC, C0/C1 controls and NULs dropped, Unicode spaces as
 * spaces, whitespace collapsed, trimmed. 'max' caps the bytes appended
 * (cut at a character boundary); 0 means no cap.
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_clean(const char *s, size_t len, int mode, size_t max,
                    nd_buf *out);

/*
 * Parse a date as news documents write it: ISO 8601 (also compact
 * 20230320T091500Z and date-only), RFC 822/1123/850, Reuters-21578
 * "26-FEB-1987 17:00:56.04", "March 20, 2023", "20 March 2023",
 * asctime and date(1) ("Mon Mar 20 22:00:00 UTC 2023"), 12-hour times
 * ("3:15 p.m."), "2023/03/20" and "20.03.2023".
 * Times without a zone are UTC. Returns 1 and the seconds since the epoch
 * in '*out', or 0 when 's' is not a date.
 */
int ndi_date_parse(const char *s, size_t len, int64_t *out);

/*
 * The date of a dateline ("MOSCOW, March 20 -", "NEW YORK, FEB 26"): with
 * its year if it states one, else in the year that puts it nearest
 * 'ref' (the document's date, such as the file's time). Midnight UTC.
 * Returns 1 and the time in '*out', or 0 when 's' holds no date.
 */
int ndi_date_dateline(const char *s, size_t len, int64_t ref, int64_t *out);

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define NDI_TIME_MIN (-62135596800LL)
#define NDI_TIME_MAX 253402300799LL

/* Write 't' as ISO 8601 UTC ("1987-02-26T17:00:56Z") into 'out'; times
 * before NDI_TIME_MIN or after NDI_TIME_MAX are written as those. */
void ndi_date_format(int64_t t, char out[32]);

/* Seconds since the epoch of a proleptic Gregorian UTC date and time. */
int64_t ndi_timegm(int64_t y, int mon, int d, int h, int mi, int s);

/* Decode one UTF-8 character at s[0..len): its code point in '*cp' and
 * its length, or 0 if the bytes there are not valid UTF-8. */
size_t ndi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* ASCII case-insensitive comparison of 'n' bytes. */
int ndi_strncaseeq(const char *a, const char *b, size_t n);

#endif /* NDI_NORMALIZE_H */
