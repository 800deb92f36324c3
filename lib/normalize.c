/* SPDX-License-Identifier: MIT */
/*
 * normalize.c - every byte of text that enters newsdex passes through here
 * on its way to valid, NFC-normalized UTF-8, and every date to UTC seconds.
 */
#include <config.h>

#include "normalize.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Windows-1252 0x80..0x9F; the five undefined bytes map to their C1
 * code points, which ndi_clean() then drops. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

size_t
ndi_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int
ndi_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

static nd_status
put_cp(nd_buf *out, uint32_t cp)
{
    char tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | (cp >> 6));
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | (cp >> 12));
        tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (char)(0xF0 | (cp >> 18));
        tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nd_buf_append(out, tmp, n);
}

/* Valid UTF-8 sequences are kept; every other byte is read as
 * Windows-1252. This also repairs mixed documents. */
static nd_status
from_cp1252_mixed(const char *data, size_t len, nd_buf *out)
{
    const unsigned char *p = (const unsigned char *)data;
    nd_status st = ndi_buf_reserve(out, len + len / 4);
    size_t i = 0;
    while (st == ND_OK && i < len) {
        size_t run = i;
        while (run < len && p[run] < 0x80)
            run++;
        if (run > i) {
            st = nd_buf_append(out, p + i, run - i);
            i = run;
            continue;
        }
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        if (n > 0) {
            st = nd_buf_append(out, p + i, n);
            i += n;
        } else {
            unsigned c = p[i++];
            cp = c >= 0xA0 ? c : cp1252_high[c - 0x80];
            st = put_cp(out, cp);
        }
    }
    return st;
}

const char *
ndi_bom_charset(const char *data, size_t len, size_t *bom_len)
{
    const unsigned char *p = (const unsigned char *)data;
    *bom_len = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *bom_len = 3;
        return "UTF-8";
    }
    /* UTF-32 before UTF-16: FF FE 00 00 also starts a UTF-16LE BOM */
    if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
        *bom_len = 4;
        return "UTF-32LE";
    }
    if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
        *bom_len = 4;
        return "UTF-32BE";
    }
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *bom_len = 2;
        return "UTF-16LE";
    }
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *bom_len = 2;
        return "UTF-16BE";
    }
    return NULL;
}

static int
is_utf8_name(const char *cs)
{
    return ndi_strncaseeq(cs, "utf-8", 6) || ndi_strncaseeq(cs, "utf8", 5);
}

static int
is_cp1252_name(const char *cs)
{
    /* Browsers read Latin-1 and ASCII labels as Windows-1252: so do we. */
    static const char *const names[] = {
        "windows-1252", "cp1252",     "iso-8859-1", "iso8859-1",  "latin1",
        "latin-1",      "us-ascii",   "ascii",      "iso_8859-1", "x-cp1252",
        "l1",           "iso-ir-100", "cp819",      "ibm819",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(names); i++)
        if (ndi_strncaseeq(cs, names[i], strlen(names[i]) + 1))
            return 1;
    return 0;
}

/* Convert with iconv; 0 on success, -1 when the charset is unknown or the
 * bytes do not follow it (the caller falls back). */
static int
via_iconv(const char *data, size_t len, const char *charset, nd_buf *out,
          nd_status *st)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return -1;
    size_t start = out->len;
    char *in = (char *)data;
    size_t inleft = len;
    int rc = 0;
    *st = ND_OK;
    while (inleft > 0) {
        *st = ndi_buf_reserve(out, inleft * 2 + 16);
        if (*st != ND_OK)
            break;
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        if (r == (size_t)-1 && errno != E2BIG) {
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    if (out->data != NULL)
        out->data[out->len] = '\0';
    if (rc != 0 || *st != ND_OK) {
        out->len = start;
        if (out->data != NULL)
            out->data[start] = '\0';
        return *st != ND_OK ? 0 : -1;
    }
    /* iconv output is UTF-8 by contract, but NULs may have come through;
     * ndi_clean() removes them. */
    return 0;
}

/* "UTF-16", "utf-16le", "UTF-32BE" ...: the unit size (2 or 4) and byte
 * order (1: big-endian; a name without one is big-endian, as the
 * standard says when there is no BOM); 0 when not such a name. */
static int
utf16_32_name(const char *cs, int *big)
{
    int unit;
    if (ndi_strncaseeq(cs, "utf-16", 6) || ndi_strncaseeq(cs, "utf16", 5))
        unit = 2;
    else if (ndi_strncaseeq(cs, "utf-32", 6) || ndi_strncaseeq(cs, "utf32", 5))
        unit = 4;
    else
        return 0;
    const char *e = cs + (cs[3] == '-' ? 6 : 5);
    *big = !ndi_strncaseeq(e, "le", 3);
    return unit;
}

/*
 * UTF-16/UTF-32 by hand, so one bad unit (a lone surrogate, an odd last
 * byte) costs one replacement character rather than the whole text, as
 * iconv would.
 */
static nd_status
from_utf16_32(const char *data, size_t len, int unit, int big, nd_buf *out)
{
    const unsigned char *p = (const unsigned char *)data;
    nd_status st = ndi_buf_reserve(out, len + len / 2);
    size_t i = 0;
    while (st == ND_OK && i + (size_t)unit <= len) {
        uint32_t cp;
        if (unit == 4) {
            cp = big ? (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
                           (uint32_t)p[i + 2] << 8 | p[i + 3]
                     : (uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 |
                           (uint32_t)p[i + 1] << 8 | p[i];
            i += 4;
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
        } else {
            cp = big ? (uint32_t)p[i] << 8 | p[i + 1]
                     : (uint32_t)p[i + 1] << 8 | p[i];
            i += 2;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 <= len) {
                uint32_t lo = big ? (uint32_t)p[i] << 8 | p[i + 1]
                                  : (uint32_t)p[i + 1] << 8 | p[i];
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* a lone surrogate */
        }
        st = put_cp(out, cp);
    }
    return st; /* a trailing partial unit is dropped */
}

nd_status
ndi_to_utf8(const char *data, size_t len, const char *charset, nd_buf *out)
{
    size_t bom = 0;
    const char *bomcs = ndi_bom_charset(data, len, &bom);
    if (bomcs != NULL) {
        /* A BOM outranks any declaration. */
        data += bom;
        len -= bom;
        charset = bomcs;
    } else if (charset != NULL && utf16_32_name(charset, &(int){0}) &&
               memchr(data, '\0', len) == NULL && ndi_utf8_valid(data, len)) {
        /* a UTF-16 label on bytes that are UTF-8 (the document was
         * converted without updating its declaration) */
        charset = NULL;
    }
    int big = 1, unit = charset != NULL ? utf16_32_name(charset, &big) : 0;
    if (unit != 0)
        return from_utf16_32(data, len, unit, big, out);
    if (charset != NULL && *charset != '\0' && !is_utf8_name(charset) &&
        !is_cp1252_name(charset)) {
        nd_status st;
        if (via_iconv(data, len, charset, out, &st) == 0)
            return st;
        charset = NULL;
    }
    if (charset != NULL && is_cp1252_name(charset))
        return from_cp1252_mixed(data, len, out);
    if (ndi_utf8_valid(data, len))
        return nd_buf_append(out, data, len);
    return from_cp1252_mixed(data, len, out);
}

/* Characters that separate words like a space does. */
static int
is_space_cp(uint32_t cp)
{
    /* Other C0 controls (NUL, bell, form feed ...) separate words: text
     * around them must not run together. */
    if (cp < 0x20 && cp != '\n')
        return 1;
    switch (cp) {
    case ' ':
    case '\t':
    case '\r':
    case '\v':
    case '\f':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* Characters removed outright: controls, BOM/zero-width marks, and
 * noncharacters. */
static int
is_dropped_cp(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\n';
    if (cp >= 0x7F && cp < 0xA0)
        return 1;
    if (cp == 0xFEFF || cp == 0x200B || cp == 0xAD)
        return 1;
    if ((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
        return 1;
    return 0;
}

static int
all_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

nd_status
ndi_clean(const char *s, size_t len, int mode, size_t max, nd_buf *out)
{
    nd_buf tmp = {0};
    nd_status st = ND_OK;
    const char *src = s;
    size_t srclen = len;
    uint8_t *nfc = NULL;

    ndi_hdr_init(&tmp.hdr);
    if (!ndi_utf8_valid(s, len)) {
        st = from_cp1252_mixed(s, len, &tmp);
        if (st != ND_OK)
            goto out;
        src = tmp.data;
        srclen = tmp.len;
    }
    if (!all_ascii(src, srclen)) {
        utf8proc_ssize_t n =
            utf8proc_map((const uint8_t *)src, (utf8proc_ssize_t)srclen, &nfc,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n < 0) {
            /* Cannot happen on valid UTF-8 except for lack of memory. */
            st = n == UTF8PROC_ERROR_NOMEM ? ND_ENOMEM : ND_EINTERNAL;
            goto out;
        }
        src = (const char *)nfc;
        srclen = (size_t)n;
    }

    st = ndi_buf_reserve(out, srclen < max || max == 0 ? srclen : max);
    if (st != ND_OK)
        goto out;
    size_t start = out->len;
    int pending_space = 0, newlines = 0, dropped = 0;
    const unsigned char *p = (const unsigned char *)src;
    size_t i = 0;
    while (i < srclen) {
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, srclen - i, &cp);
        if (n == 0) { /* unreachable: input is valid */
            i++;
            continue;
        }
        if (cp == '\n') {
            newlines++;
            pending_space = 1;
            i += n;
            continue;
        }
        if (is_space_cp(cp)) {
            pending_space = 1;
            i += n;
            continue;
        }
        if (is_dropped_cp(cp)) {
            dropped = 1;
            i += n;
            continue;
        }
        const char *sep = "";
        size_t seplen = 0;
        if (out->len > start) {
            if (mode == NDI_CLEAN_PARAS && newlines >= 2) {
                sep = "\n\n";
                seplen = 2;
            } else if (pending_space) {
                sep = " ";
                seplen = 1;
            }
        }
        if (max != 0 && out->len - start + seplen + n > max)
            break;
        if (seplen > 0 && (st = nd_buf_append(out, sep, seplen)) != ND_OK)
            goto out;
        if ((st = nd_buf_append(out, p + i, n)) != ND_OK)
            goto out;
        pending_space = 0;
        newlines = 0;
        i += n;
    }
    if (dropped && nfc != NULL && out->len > start) {
        /* A dropped character may have stood between a letter and its
         * combining mark, which now meet: compose them too, or the text
         * would change when cleaned again. */
        uint8_t *re = NULL;
        utf8proc_ssize_t n =
            utf8proc_map((const uint8_t *)out->data + start,
                         (utf8proc_ssize_t)(out->len - start), &re,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n < 0) {
            st = n == UTF8PROC_ERROR_NOMEM ? ND_ENOMEM : ND_EINTERNAL;
            goto out;
        }
        if ((size_t)n <= out->len - start) { /* composing never grows */
            memcpy(out->data + start, re, (size_t)n);
            out->len = start + (size_t)n;
            out->data[out->len] = '\0';
        }
        free(re);
    }
out:
    free(nfc);
    free(tmp.data);
    return st;
}

int
ndi_strncaseeq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (tolower(x) != tolower(y))
            return 0;
        if (x == '\0')
            return 1;
    }
    return 1;
}

/* ---- dates ---------------------------------------------------------- */

int64_t
ndi_timegm(int64_t y, int mon, int d, int h, int mi, int s)
{
    /* Days from civil (proleptic Gregorian), after H. Hinnant's
     * well-known derivation. */
    y -= mon <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + h * 3600 + mi * 60 + s;
}

void
ndi_date_format(int64_t t, char out[32])
{
    /* years 1..9999, which four digits hold; beyond them the arithmetic
     * below would overflow */
    if (t < NDI_TIME_MIN)
        t = NDI_TIME_MIN;
    if (t > NDI_TIME_MAX)
        t = NDI_TIME_MAX;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
             (long long)y, (long long)m, (long long)d, (long long)(secs / 3600),
             (long long)(secs / 60 % 60), (long long)(secs % 60));
    size_t n = strnlen(tmp, 31);
    memcpy(out, tmp, n);
    out[n] = '\0';
}

/* A small cursor over the date text. */
typedef struct dscan {
    const char *p, *end;
} dscan;

static void
ds_skip(dscan *d, const char *chars)
{
    while (d->p < d->end && strchr(chars, *d->p) != NULL && *d->p != '\0')
        d->p++;
}

/* Read exactly 'n' digits (n > 0) or, with n == 0, 1..9 digits. */
static int
ds_num(dscan *d, int n, long *out)
{
    long v = 0;
    int k = 0;
    while (d->p < d->end && isdigit((unsigned char)*d->p) &&
           (n == 0 ? k < 9 : k < n)) {
        v = v * 10 + (*d->p - '0');
        d->p++;
        k++;
    }
    if (k == 0 || (n > 0 && k != n))
        return 0;
    *out = v;
    return k;
}

static int
ds_peek(const dscan *d, char c)
{
    return d->p < d->end && *d->p == c;
}

static int
month_of(const char *s, size_t n)
{
    static const char *const names[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december",
    };
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(names[i]);
        if (n > full)
            continue;
        if (ndi_strncaseeq(s, names[i], n) &&
            (n == full || n == 3 || (i == 8 && n == 4))) /* "Sept" */
            return i + 1;
    }
    return 0;
}

/* Read a month name; 0 if none. */
static int
ds_month(dscan *d)
{
    const char *s = d->p;
    while (d->p < d->end && isalpha((unsigned char)*d->p))
        d->p++;
    int m = month_of(s, (size_t)(d->p - s));
    if (m != 0 && ds_peek(d, '.'))
        d->p++;
    if (m == 0)
        d->p = s;
    return m;
}

/* Time of day "HH:MM[:SS[.frac]]"; leaves the fields 0 if absent. */
static int
ds_time(dscan *d, long *h, long *mi, long *s)
{
    const char *save = d->p;
    *h = *mi = *s = 0;
    if (!ds_num(d, 0, h) || !ds_peek(d, ':'))
        goto none;
    d->p++;
    if (!ds_num(d, 2, mi))
        goto none;
    if (ds_peek(d, ':')) {
        d->p++;
        if (!ds_num(d, 2, s))
            goto none;
        if (ds_peek(d, '.') || ds_peek(d, ',')) {
            d->p++;
            long frac;
            ds_num(d, 0, &frac);
        }
    }
    /* 12-hour clock: "3:15 PM", "10:15 p.m.", "12:05AM" */
    const char *q = d->p;
    while (q < d->end && *q == ' ')
        q++;
    if (q < d->end && (*q == 'a' || *q == 'A' || *q == 'p' || *q == 'P')) {
        int pm = *q == 'p' || *q == 'P';
        const char *r = q + 1;
        if (r < d->end && *r == '.')
            r++;
        if (r < d->end && (*r == 'm' || *r == 'M')) {
            r++;
            if (r < d->end && *r == '.')
                r++;
            if (r == d->end || !isalpha((unsigned char)*r)) {
                if (*h < 1 || *h > 12)
                    return -1;
                *h = *h % 12 + (pm ? 12 : 0);
                d->p = r;
            }
        }
    }
    /* 24:00:00 is the end of the day; 24:59 is no time (fuzz_date) */
    if (*h > 24 || *mi > 59 || *s > 60 || (*h == 24 && (*mi != 0 || *s != 0)))
        return -1;
    return 1;
none:
    /* no time after all: what was read of it must not count */
    d->p = save;
    *h = *mi = *s = 0;
    return 0;
}

/* Zone: Z, UTC, GMT, +HH:MM, +HHMM, +HH, US zone names. Seconds east. */
static int
ds_zone(dscan *d, long *off)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {
        {"UTC", 0},  {"GMT", 0},  {"UT", 0},   {"Z", 0},    {"EST", -5},
        {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6},
        {"PST", -8}, {"PDT", -7}, {"BST", 1},  {"CET", 1},  {"CEST", 2},
    };
    *off = 0;
    ds_skip(d, " ");
    if (d->p >= d->end)
        return 1;
    if (*d->p == '+' || *d->p == '-') {
        int sign = *d->p == '-' ? -1 : 1;
        d->p++;
        long hh, mm = 0;
        if (!ds_num(d, 2, &hh))
            return 0;
        if (ds_peek(d, ':'))
            d->p++;
        ds_num(d, 2, &mm);
        if (hh > 14 || mm > 59)
            return 0;
        *off = sign * (hh * 3600 + mm * 60);
        return 1;
    }
    for (size_t i = 0; i < NDI_ARRAY_LEN(zones); i++) {
        size_t n = strlen(zones[i].name);
        if ((size_t)(d->end - d->p) >= n &&
            ndi_strncaseeq(d->p, zones[i].name, n) &&
            ((size_t)(d->end - d->p) == n ||
             !isalpha((unsigned char)d->p[n]))) {
            d->p += n;
            *off = zones[i].hours * 3600L;
            return 1;
        }
    }
    return 1; /* unknown trailing text: taken as UTC */
}

static int
valid_ymd(long y, long m, long d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
          d <= mdays[m - 1]))
        return 0;
    /* February 29 exists in leap years only. */
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static int
finish(long y, long m, long d, long h, long mi, long s, long off, int64_t *out)
{
    if (!valid_ymd(y, m, d))
        return 0;
    *out = ndi_timegm(y, (int)m, (int)d, (int)h, (int)mi, (int)s) - off;
    return 1;
}

/* ISO 8601, extended or basic: 2023-03-20[T09:15[:00]][zone],
 * 20230320[T091500][zone]. */
static int
parse_iso(dscan *d, int64_t *out)
{
    long y, m, day, h = 0, mi = 0, s = 0, off = 0;
    const char *start = d->p;
    if (ds_num(d, 4, &y) != 4)
        return 0;
    int basic = !ds_peek(d, '-');
    if (basic) {
        if (!ds_num(d, 2, &m) || !ds_num(d, 2, &day))
            goto fail;
    } else {
        d->p++;
        if (!ds_num(d, 2, &m))
            goto fail;
        day = 1;
        if (ds_peek(d, '-')) {
            d->p++;
            if (!ds_num(d, 2, &day))
                goto fail;
        }
    }
    if (d->p < d->end && (*d->p == 'T' || *d->p == 't' || *d->p == ' ') &&
        d->p + 1 < d->end && isdigit((unsigned char)d->p[1])) {
        d->p++;
        if (basic) {
            if (!ds_num(d, 2, &h) || !ds_num(d, 2, &mi))
                goto fail;
            ds_num(d, 2, &s);
            if (ds_peek(d, '.')) {
                d->p++;
                long frac;
                ds_num(d, 0, &frac);
            }
            if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi != 0 || s != 0)))
                goto fail;
        } else if (ds_time(d, &h, &mi, &s) != 1) {
            goto fail;
        }
        if (!ds_zone(d, &off))
            goto fail;
    }
    return finish(y, m, day, h, mi, s, off, out);
fail:
    d->p = start;
    return 0;
}

/* "26-FEB-1987 17:00:56.04", "20 March 2023 10:00", "Mon, 20 Mar 2023
 * 10:00:00 +0000", "March 20, 2023", "Mar. 20 2023 10:00 GMT". */
static int
parse_words(dscan *d, int64_t *out)
{
    long y = 0, m = 0, day = 0, h = 0, mi = 0, s = 0, off = 0;
    /* An optional weekday. */
    const char *w = d->p;
    while (d->p < d->end && isalpha((unsigned char)*d->p))
        d->p++;
    if (d->p - w >= 3 && month_of(w, (size_t)(d->p - w)) == 0) {
        ds_skip(d, ", ");
    } else {
        d->p = w;
    }
    if (d->p < d->end && isdigit((unsigned char)*d->p)) {
        if (!ds_num(d, 0, &day))
            return 0;
        ds_skip(d, " -/.");
        if ((m = ds_month(d)) == 0)
            return 0;
        ds_skip(d, " -/,");
        if (ds_num(d, 0, &y) == 0)
            return 0;
    } else {
        if ((m = ds_month(d)) == 0)
            return 0;
        ds_skip(d, " ");
        if (!ds_num(d, 0, &day))
            return 0;
        /* asctime: "Mar 20 10:00:00 2023" - the time before the year */
        dscan at = *d;
        ds_skip(&at, " ");
        long ah, ami, as;
        if (ds_time(&at, &ah, &ami, &as) == 1) {
            /* date(1) puts a zone before the year: "22:00:00 UTC 2023" */
            long off2 = 0;
            dscan z = at;
            ds_skip(&at, " ");
            if (ds_num(&at, 4, &y) != 4) {
                at = z;
                if (!ds_zone(&at, &off2))
                    return 0;
                ds_skip(&at, " ");
                if (ds_num(&at, 4, &y) != 4)
                    return 0; /* a day and a time, but no year */
                *d = at;
                return finish(y, m, day, ah, ami, as, off2, out);
            }
            *d = at;
            if (!ds_zone(d, &off2))
                return 0;
            return finish(y, m, day, ah, ami, as, off2, out);
        }
        /* "March 20th" */
        while (d->p < d->end && isalpha((unsigned char)*d->p))
            d->p++;
        ds_skip(d, " ,");
        if (ds_num(d, 0, &y) == 0)
            return 0;
    }
    if (y < 100)
        y += y < 50 ? 2000 : 1900;
    ds_skip(d, " ,T");
    int t = ds_time(d, &h, &mi, &s);
    if (t < 0)
        return 0;
    if (t == 1 && !ds_zone(d, &off))
        return 0;
    return finish(y, m, day, h, mi, s, off, out);
}

/* Dates in digits as older newswire files write them: YYMMDD ("880101",
 * or "890102-0001" with a story number) and US month/day/year ("12/31/89",
 * "1/2/1990 10:00"); two-digit years as in parse_words. */
static int
parse_digits(dscan *d, int64_t *out)
{
    long a, m, day, y, h = 0, mi = 0, s = 0, off = 0;
    int n = ds_num(d, 0, &a);
    if ((n == 4 && ds_peek(d, '/')) ||
        ((n == 1 || n == 2) && ds_peek(d, '.'))) {
        /* "2023/03/20" and the European "20.03.2023" */
        char sep = *d->p;
        d->p++;
        long b, c;
        if (!ds_num(d, 0, &b) || !ds_peek(d, sep))
            return 0;
        d->p++;
        int k = ds_num(d, 0, &c);
        if (sep == '/' ? k < 1 || k > 2 : k != 4)
            return 0;
        y = sep == '/' ? a : c;
        m = b;
        day = sep == '/' ? c : a;
        ds_skip(d, " ,T");
        int t = ds_time(d, &h, &mi, &s);
        if (t < 0 || (t == 1 && !ds_zone(d, &off)))
            return 0;
        return finish(y, m, day, h, mi, s, off, out);
    }
    if (n == 6) {
        y = a / 10000;
        m = a / 100 % 100;
        day = a % 100;
    } else if ((n == 1 || n == 2) && ds_peek(d, '/')) {
        m = a;
        d->p++;
        n = ds_num(d, 0, &day);
        if ((n != 1 && n != 2) || !ds_peek(d, '/'))
            return 0;
        d->p++;
        n = ds_num(d, 0, &y);
        if (n != 2 && n != 4)
            return 0;
        ds_skip(d, " ,");
        int t = ds_time(d, &h, &mi, &s);
        if (t < 0 || (t == 1 && !ds_zone(d, &off)))
            return 0;
    } else {
        return 0;
    }
    if (y < 100)
        y += y < 50 ? 2000 : 1900;
    return finish(y, m, day, h, mi, s, off, out);
}

int
ndi_date_parse(const char *s, size_t len, int64_t *out)
{
    if (len == 0) /* s may be NULL then */
        return 0;
    dscan d = {s, s + len};
    ds_skip(&d, " \t\r\n");
    while (d.end > d.p && isspace((unsigned char)d.end[-1]))
        d.end--;
    if (d.p >= d.end)
        return 0;
    dscan save = d;
    if (parse_iso(&d, out))
        return 1;
    d = save;
    if (parse_digits(&d, out))
        return 1;
    d = save;
    return parse_words(&d, out);
}

int
ndi_date_dateline(const char *s, size_t len, int64_t ref, int64_t *out)
{
    /* the dateline ends at its dash: "MOSCOW, March 20 - Text..." */
    for (size_t i = 0; i < len; i++)
        if (s[i] == '-' && (i + 1 == len || s[i + 1] == ' ') && i > 0 &&
            s[i - 1] == ' ') {
            len = i;
            break;
        }
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && isalnum((unsigned char)s[i - 1]))
            continue;
        dscan d = {s + i, s + len};
        long day = 0, year = 0;
        int m = 0;
        if (isdigit((unsigned char)s[i])) {
            /* "5 April" */
            if (!ds_num(&d, 0, &day))
                continue;
            ds_skip(&d, " ");
            m = ds_month(&d);
        } else if (isalpha((unsigned char)s[i])) {
            /* "March 20" */
            m = ds_month(&d);
            ds_skip(&d, " ");
            if (m != 0 && !ds_num(&d, 0, &day))
                continue;
        }
        if (m == 0 || day < 1 || day > 31)
            continue;
        dscan y = d;
        ds_skip(&y, " ,");
        if (ds_num(&y, 4, &year) == 4 && valid_ymd(year, m, day)) {
            *out = ndi_timegm(year, m, (int)day, 0, 0, 0);
            return 1;
        }
        /* no year: the one that puts the day nearest the reference */
        char iso[32];
        ndi_date_format(ref, iso);
        long ry = strtol(iso, NULL, 10);
        int found = 0;
        int64_t best = 0;
        for (long cy = ry - 1; cy <= ry + 1; cy++) {
            if (!valid_ymd(cy, m, day))
                continue;
            int64_t t = ndi_timegm(cy, m, (int)day, 0, 0, 0);
            int64_t dist = t > ref ? t - ref : ref - t;
            int64_t bdist = best > ref ? best - ref : ref - best;
            if (!found || dist < bdist) {
                best = t;
                found = 1;
            }
        }
        if (found) {
            *out = best;
            return 1;
        }
    }
    return 0;
}
