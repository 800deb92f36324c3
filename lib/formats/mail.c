/* SPDX-License-Identifier: MIT */
/*
 * mail.c - email and Usenet messages (RFC 5322 with MIME): one message
 * per file (.eml, .news, no extension) or many in an mbox; each message is
 * one article. Subject is the title, From the byline, Date the date,
 * Message-ID the docno, Content-Language the language; the source is
 * List-Id, else the first newsgroup, else Organization (set_fields()
 * says why). The body is the message's readable text: of a multipart
 * message the text/plain parts (else text/html), never attachments, and
 * forwarded messages (message/rfc822) are not expanded. Quoted text
 * ("> " lines) stays, as it is part of what the message says; a
 * signature after a "-- " line, uuencoded and yEnc blocks are left out.
 */
#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../langid.h"
#include "../normalize.h"
#include "formats.h"
#include "markup.h"

/* Multipart levels followed; parts below are not read. */
#define MAX_DEPTH 16
/* MIME parts visited in one message; the rest are not read. */
#define MAX_PARTS 1000
/* Bytes of one header value that are used. */
#define HDR_VALUE_MAX 32768
/* Longest header field name taken as one. */
#define FIELD_NAME_MAX 76
/* RFC 2046 allows 70 characters; we allow some slack. */
#define BOUNDARY_MAX 200
#define CHARSET_MAX 48
#define DOCNO_MAX 250
/* At most this many lines after "-- " are taken as a signature. */
#define SIG_LINES_MAX 30

typedef struct span {
    const char *p;
    size_t n;
} span;

/* The header fields a message or MIME part is read for. */
enum {
    H_SUBJECT,
    H_FROM,
    H_DATE,
    H_NEWSGROUPS,
    H_MSGID,
    H_ORG,
    H_LISTID,
    H_LANG,
    H_ARCHIVED,
    H_CTYPE,
    H_CTE,
    H_CDISP,
    H_COUNT
};

static const char *const hnames[H_COUNT] = {
    "Subject",
    "From",
    "Date",
    "Newsgroups",
    "Message-ID",
    "Organization",
    "List-Id",
    "Content-Language",
    "Archived-At",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
};

typedef struct headers {
    span v[H_COUNT]; /* raw (folded) value of the first such field */
    size_t fields;   /* header fields seen */
} headers;

enum { CTE_PLAIN, CTE_QP, CTE_BASE64 };

/* What a Content-* header section says about the bytes that follow. */
typedef struct mime {
    char type[32]; /* lower case: "text", "multipart", ... */
    char sub[32];
    char charset[CHARSET_MAX]; /* "" when undeclared or unusable */
    char boundary[BOUNDARY_MAX + 1];
    size_t blen; /* 0: no usable boundary */
    int cte;
    int attachment;
} mime;

/* Per-file state, reused from one message to the next. */
typedef struct msgctx {
    ndi_parse *p;
    nd_buf body;     /* the message's text, UTF-8 */
    nd_buf raw;      /* a part's decoded bytes */
    nd_buf utf;      /* a part's text in UTF-8 */
    nd_buf words;    /* bytes of RFC 2047 words awaiting conversion */
    nd_buf val;      /* an unfolded header value */
    nd_buf out;      /* a header value decoded */
    nd_buf msg;      /* an mbox message with ">From " unquoted */
    nd_buf name;     /* a display name without its quotes */
    size_t parts;    /* MIME parts visited in this message */
    size_t budget;   /* text enough for one article */
    size_t leaf_max; /* encoded bytes read from one part */
} msgctx;

/* ------------------------------------------------------------------ */
/* Lines and header fields                                             */

/* The offset of the '\n' ending the line at 'pos', or 'len'. */
static size_t
line_end(const char *s, size_t len, size_t pos)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    return nl != NULL ? (size_t)(nl - s) : len;
}

/* The line's end without a trailing CR. */
static size_t
strip_cr(const char *s, size_t start, size_t end)
{
    return end > start && s[end - 1] == '\r' ? end - 1 : end;
}

static int
blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Whether s[0..n) starts a header field ("Name: value"): the length of the
 * name, with the value's offset in '*value'; 0 if it does not. */
static size_t
field_name(const char *s, size_t n, size_t *value)
{
    size_t i = 0;
    while (i < n && i <= FIELD_NAME_MAX && s[i] > 32 && s[i] < 127 &&
           s[i] != ':')
        i++;
    size_t name = i;
    if (name == 0 || name > FIELD_NAME_MAX)
        return 0;
    /* obsolete syntax allows blanks before the colon */
    while (i < n && i < 2 * FIELD_NAME_MAX && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != ':')
        return 0;
    if (value != NULL)
        *value = i + 1;
    return name;
}

/*
 * Read the header section at s[0..n) into 'h'. It ends at a blank line
 * (or a line of blanks), or at a line that is neither a field nor a
 * continuation (then that line starts the body). Returns the body's
 * offset.
 */
static size_t
read_headers(const char *s, size_t n, headers *h)
{
    memset(h, 0, sizeof *h);
    size_t pos = 0;
    while (pos < n) {
        size_t e = line_end(s, n, pos);
        size_t ce = strip_cr(s, pos, e);
        if (blank(s + pos, ce - pos))
            return e < n ? e + 1 : n;
        size_t voff = 0;
        size_t nl = field_name(s + pos, ce - pos, &voff);
        if (nl == 0)
            return pos;
        size_t vstart = pos + voff, vend = ce;
        size_t next = e < n ? e + 1 : n;
        while (next < n && (s[next] == ' ' || s[next] == '\t')) {
            size_t e2 = line_end(s, n, next);
            size_t ce2 = strip_cr(s, next, e2);
            if (blank(s + next, ce2 - next))
                break;
            vend = ce2;
            next = e2 < n ? e2 + 1 : n;
        }
        h->fields++;
        for (size_t i = 0; i < H_COUNT; i++) {
            if (h->v[i].p == NULL && strlen(hnames[i]) == nl &&
                ndi_strncaseeq(s + pos, hnames[i], nl)) {
                size_t vn = vend - vstart;
                h->v[i].p = s + vstart;
                h->v[i].n = vn < HDR_VALUE_MAX ? vn : HDR_VALUE_MAX;
                break;
            }
        }
        pos = next;
    }
    return n;
}

/* The value unfolded (line breaks removed, NULs as spaces) and trimmed
 * into 'out', which is cleared first. */
static nd_status
unfold(span v, nd_buf *out)
{
    nd_buf_clear(out);
    nd_status st = ndi_buf_reserve(out, v.n);
    if (st != ND_OK)
        return st;
    size_t k = 0;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '\0' || c == '\t')
            c = ' ';
        if (k == 0 && c == ' ')
            continue;
        out->data[k++] = c;
    }
    while (k > 0 && out->data[k - 1] == ' ')
        k--;
    out->len = k;
    out->data[k] = '\0';
    return ND_OK;
}

/* ------------------------------------------------------------------ */
/* Transfer encodings                                                  */

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int
b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Quoted-printable: a bad escape is kept as written. With 'q' set, the
 * RFC 2047 "Q" form ('_' is a space; no soft line breaks). */
static nd_status
decode_qp(const char *s, size_t n, int q, nd_buf *out)
{
    nd_status st = ndi_buf_reserve(out, n);
    if (st != ND_OK)
        return st;
    char *o = out->data + out->len;
    for (size_t i = 0; i < n; i++) {
        if (q && s[i] == '_') {
            *o++ = ' ';
            continue;
        }
        if (s[i] != '=') {
            *o++ = s[i];
            continue;
        }
        int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
        int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
            continue;
        }
        if (!q) {
            /* a soft line break: '=', maybe blanks, then the line end */
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j < n && s[j] == '\r')
                j++;
            if (j >= n || s[j] == '\n') {
                i = j;
                continue;
            }
        }
        *o++ = '=';
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return ND_OK;
}

/* Base64: characters outside the alphabet are skipped; '=' ends a group
 * (several encoded runs may follow one another). */
static nd_status
decode_b64(const char *s, size_t n, nd_buf *out)
{
    nd_status st = ndi_buf_reserve(out, n / 4 * 3 + 4);
    if (st != ND_OK)
        return st;
    char *o = out->data + out->len;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0) {
            if (s[i] == '=')
                acc = 0, bits = 0;
            continue;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *o++ = (char)((acc >> bits) & 0xFF);
            acc &= (1u << bits) - 1;
        }
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return ND_OK;
}

/* ------------------------------------------------------------------ */
/* Charsets and RFC 2047 encoded words                                 */

/* 'cs' made safe to hand to iconv: "" when it holds anything but the
 * characters of charset names, an RFC 2231 language suffix removed. */
static void
charset_clean(char *cs)
{
    char *star = strchr(cs, '*');
    if (star != NULL)
        *star = '\0';
    for (char *c = cs; *c; c++) {
        if (!isalnum((unsigned char)*c) && strchr("-_.:+()", *c) == NULL) {
            cs[0] = '\0';
            return;
        }
    }
    /* ASCII labels: 8-bit bytes under them are UTF-8 or Windows-1252 */
    if (ndi_strncaseeq(cs, "us-ascii", 9) || ndi_strncaseeq(cs, "ascii", 6))
        cs[0] = '\0';
}

/*
 * An encoded word "=?charset?Q|B?text?=" at s[0..n): its length, with the
 * charset, encoding and text; 0 if there is none. When the text has no
 * end, '*stop' gets the offset where the search for it ended: no word
 * starting before that point can end either.
 */
static size_t
encoded_word(const char *s, size_t n, char cs[CHARSET_MAX], char *enc,
             span *text, size_t *stop)
{
    *stop = 0;
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    size_t i = 2, k = 0;
    while (i < n && s[i] != '?' && s[i] != ' ' && s[i] != '\t') {
        if (k + 1 >= CHARSET_MAX)
            return 0;
        cs[k++] = s[i++];
    }
    cs[k] = '\0';
    if (k == 0 || i + 3 >= n || s[i] != '?' || s[i + 2] != '?')
        return 0;
    char e = (char)toupper((unsigned char)s[i + 1]);
    if (e != 'Q' && e != 'B')
        return 0;
    size_t t0 = i + 3, j = t0;
    for (; j + 1 < n; j++) {
        if (s[j] == '?' && s[j + 1] == '=') {
            /* B text that is not base64 is not an encoded word */
            for (size_t b = t0; e == 'B' && b < j; b++)
                if (b64val((unsigned char)s[b]) < 0 && s[b] != '=')
                    return 0;
            text->p = s + t0;
            text->n = j - t0;
            *enc = e;
            charset_clean(cs);
            return j + 2;
        }
        if (s[j] == ' ' || s[j] == '\t')
            break;
    }
    *stop = j;
    return 0;
}

/* Convert the pending bytes of encoded words to UTF-8 into 'out'. */
static nd_status
flush_words(nd_buf *pend, const char *cs, nd_buf *out)
{
    if (pend->len == 0)
        return ND_OK;
    nd_status st = ndi_to_utf8(pend->data, pend->len, *cs ? cs : NULL, out);
    nd_buf_clear(pend);
    return st;
}

/*
 * Append s[0..n) to 'out' in UTF-8, RFC 2047 encoded words decoded in
 * any charset. Blanks between adjacent encoded words go; the bytes of
 * adjacent words in one charset are converted together (a character may
 * be split between them). Other text is UTF-8, else Windows-1252.
 */
static nd_status
decode_words(msgctx *c, const char *s, size_t n, nd_buf *out)
{
    nd_buf *pend = &c->words;
    char pcs[CHARSET_MAX] = "";
    size_t raw = 0, last_end = 0, fail_until = 0;
    int have_word = 0;
    nd_status st = ND_OK;
    nd_buf_clear(pend);
    for (size_t i = 0; i + 1 < n && st == ND_OK;) {
        char cs[CHARSET_MAX], enc = 0;
        span text = {NULL, 0};
        size_t w = 0, stop = 0;
        if (s[i] == '=' && s[i + 1] == '?' && i >= fail_until) {
            w = encoded_word(s + i, n - i, cs, &enc, &text, &stop);
            if (w == 0 && stop > 0)
                fail_until = i + stop;
        }
        if (w == 0) {
            i++;
            continue;
        }
        int joined = have_word && blank(s + last_end, i - last_end);
        if (!joined || strcmp(cs, pcs) != 0)
            st = flush_words(pend, pcs, out);
        if (st == ND_OK && !joined)
            st = ndi_to_utf8(s + raw, i - raw, NULL, out);
        if (st != ND_OK)
            break;
        memcpy(pcs, cs, sizeof pcs);
        st = enc == 'B' ? decode_b64(text.p, text.n, pend)
                        : decode_qp(text.p, text.n, 1, pend);
        i += w;
        raw = last_end = i;
        have_word = 1;
    }
    if (st == ND_OK)
        st = flush_words(pend, pcs, out);
    if (st == ND_OK && raw < n)
        st = ndi_to_utf8(s + raw, n - raw, NULL, out);
    return st;
}

/* ------------------------------------------------------------------ */
/* Header fields to article fields                                     */

/*
 * The name in the first mailbox of an address list ("Name <addr>",
 * "addr (Name)", "addr", also "Phrase <list.id>" of List-Id): the
 * display name without its quotes, else the comment, else the address;
 * encoded words decoded. Appended to 'out'.
 */
static nd_status
mailbox_name(msgctx *c, const char *s, size_t n, nd_buf *out)
{
    size_t lt = SIZE_MAX, gt = SIZE_MAX, c0 = SIZE_MAX, c1 = SIZE_MAX;
    size_t end = n;
    int q = 0, depth = 0, angle = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\\' && (q || depth > 0)) {
            i++;
            continue;
        }
        if (q) {
            if (ch == '"')
                q = 0;
            continue;
        }
        if (depth > 0) {
            if (ch == '(')
                depth++;
            else if (ch == ')' && --depth == 0 && c1 == SIZE_MAX)
                c1 = i;
            continue;
        }
        if (ch == '"')
            q = 1;
        else if (ch == '(') {
            depth = 1;
            if (c0 == SIZE_MAX)
                c0 = i + 1;
        } else if (ch == '<' && lt == SIZE_MAX) {
            lt = i;
            angle = 1;
        } else if (ch == '>' && angle) {
            gt = i;
            angle = 0;
        } else if (ch == ',' && !angle) {
            end = i;
            break;
        }
    }
    /* the display name, quotes and escapes removed */
    if (lt != SIZE_MAX && lt > 0) {
        nd_buf *tmp = &c->name;
        nd_buf_clear(tmp);
        nd_status st = ndi_buf_reserve(tmp, lt);
        if (st != ND_OK)
            return st;
        size_t k = 0;
        for (size_t i = 0; i < lt; i++) {
            if (s[i] == '"')
                continue;
            if (s[i] == '\\' && i + 1 < lt)
                i++;
            tmp->data[k++] = s[i];
        }
        while (k > 0 && (tmp->data[k - 1] == ' ' || tmp->data[k - 1] == '\t'))
            k--;
        size_t b = 0;
        while (b < k && (tmp->data[b] == ' ' || tmp->data[b] == '\t'))
            b++;
        if (k > b)
            return decode_words(c, tmp->data + b, k - b, out);
    }
    if (c0 != SIZE_MAX && c0 < end) {
        size_t e = c1 != SIZE_MAX && c1 < end ? c1 : end;
        if (e > c0 && !blank(s + c0, e - c0))
            return decode_words(c, s + c0, e - c0, out);
    }
    if (lt != SIZE_MAX && lt < end) {
        size_t e = gt != SIZE_MAX && gt < end ? gt : end;
        return nd_buf_append(out, s + lt + 1, e - lt - 1);
    }
    size_t e = c0 != SIZE_MAX && c0 < end ? c0 - 1 : end;
    return decode_words(c, s, e, out);
}

/* Copy the date with (nested) comments removed into 'buf'. */
static size_t
uncomment(const char *s, size_t n, char *buf, size_t cap)
{
    size_t k = 0;
    int depth = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        char ch = s[i];
        if (depth > 0) {
            if (ch == '\\')
                i++;
            else if (ch == '(')
                depth++;
            else if (ch == ')')
                depth--;
            continue;
        }
        if (ch == '(') {
            depth = 1;
            ch = ' ';
        }
        buf[k++] = ch;
    }
    buf[k] = '\0';
    return k;
}

static int
all_digits(span t)
{
    if (t.n == 0)
        return 0;
    for (size_t i = 0; i < t.n; i++)
        if (!isdigit((unsigned char)t.p[i]))
            return 0;
    return 1;
}

static int
all_alpha(span t)
{
    if (t.n == 0)
        return 0;
    for (size_t i = 0; i < t.n; i++)
        if (!isalpha((unsigned char)t.p[i]))
            return 0;
    return 1;
}

/*
 * Rewrite the forms ndi_date_parse() does not know into one it does:
 * asctime() as in mbox "From " lines ("Mon Nov  4 09:00:00 2024", maybe
 * with a zone before or after the year) and three-digit years of old
 * Y2K-broken mailers ("4 Nov 104", RFC 5322 obs-year: 1900 + year).
 * Returns 1 with the new text in 'out', 0 when 's' needs no rewriting.
 */
static int
date_rewrite(const char *s, char *out, size_t cap)
{
    span tok[8];
    size_t nt = 0;
    for (const char *p = s; *p && nt < NDI_ARRAY_LEN(tok);) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        const char *b = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        tok[nt].p = b;
        tok[nt].n = (size_t)(p - b);
        nt++;
    }
    for (size_t m = 0; m + 1 < nt && m < 3; m++) {
        if (!all_alpha(tok[m]))
            continue;
        span d = tok[m + 1];
        if (m < 2 && all_digits(d) && d.n <= 2 && m + 3 < nt &&
            memchr(tok[m + 2].p, ':', tok[m + 2].n) != NULL) {
            /* asctime: month day time [zone] year [zone] */
            span tm = tok[m + 2], y = tok[m + 3], z = {"", 0};
            if (all_digits(y) && y.n == 4) {
                if (m + 4 < nt)
                    z = tok[m + 4];
            } else if (m + 4 < nt && all_digits(tok[m + 4]) &&
                       tok[m + 4].n == 4) {
                z = y;
                y = tok[m + 4];
            } else {
                return 0;
            }
            snprintf(out, cap, "%.*s %.*s %.*s %.*s %.*s", (int)d.n, d.p,
                     (int)tok[m].n, tok[m].p, (int)y.n, y.p, (int)tm.n, tm.p,
                     (int)z.n, z.p);
            return 1;
        }
        if (m > 0 && all_digits(tok[m - 1]) && all_digits(d) && d.n == 3) {
            long year = 1900 + strtol(d.p, NULL, 10);
            snprintf(out, cap, "%.*s %.*s %ld %s", (int)tok[m - 1].n,
                     tok[m - 1].p, (int)tok[m].n, tok[m].p, year, d.p + d.n);
            return 1;
        }
    }
    return 0;
}

/* A Date field (or the date of an mbox "From " line) in UTC. */
static int
mail_date(const char *s, size_t n, int64_t *t)
{
    char buf[256], alt[300];
    size_t k = uncomment(s, n, buf, sizeof buf);
    if (date_rewrite(buf, alt, sizeof alt))
        return ndi_date_parse(alt, strlen(alt), t);
    return ndi_date_parse(buf, k, t);
}

/* The text between '<' and '>' if there is a '<', else all; trimmed. */
static span
angle_inner(const char *s, size_t n)
{
    const char *lt = memchr(s, '<', n);
    if (lt != NULL) {
        size_t rest = n - (size_t)(lt + 1 - s);
        const char *gt = memchr(lt + 1, '>', rest);
        s = lt + 1;
        n = gt != NULL ? (size_t)(gt - s) : rest;
    }
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return (span){s, n};
}

/* Set 'f' from header 'hv' passed through 'how': 0 as is, 1 with encoded
 * words decoded, 2 as a mailbox's name. */
static nd_status
set_header(msgctx *c, nd_article *a, nd_field f, span hv, int how)
{
    if (hv.p == NULL)
        return ND_OK;
    nd_status st = unfold(hv, &c->val);
    if (st != ND_OK || c->val.len == 0)
        return st;
    nd_buf_clear(&c->out);
    if (how == 2)
        st = mailbox_name(c, c->val.data, c->val.len, &c->out);
    else if (how == 1)
        st = decode_words(c, c->val.data, c->val.len, &c->out);
    else
        st = nd_buf_append(&c->out, c->val.data, c->val.len);
    if (st == ND_OK && c->out.len > 0)
        st = nd_article_set(a, f, c->out.data, c->out.len);
    return st;
}

/* The date of an mbox "From sender asctime-date" line, if it has one. */
static int
from_line_date(span line, int64_t *t)
{
    size_t i = 5;
    while (i < line.n && line.p[i] == ' ')
        i++;
    while (i < line.n && line.p[i] != ' ' && line.p[i] != '\t')
        i++;
    if (i >= line.n)
        return 0;
    return mail_date(line.p + i, line.n - i, t);
}

/*
 * The article's fields from the message headers. The source: List-Id
 * (the mailing list is the publication), else the first of Newsgroups
 * (for Usenet the group is where the article appeared; Organization
 * there is mostly the poster's site), else Organization.
 */
static nd_status
set_fields(msgctx *c, nd_article *a, const headers *h, span from_line)
{
    nd_status st = set_header(c, a, ND_F_TITLE, h->v[H_SUBJECT], 1);
    if (st == ND_OK)
        st = set_header(c, a, ND_F_BYLINE, h->v[H_FROM], 2);
    if (st == ND_OK && h->v[H_LISTID].p != NULL)
        st = set_header(c, a, ND_F_SOURCE, h->v[H_LISTID], 2);
    if (st == ND_OK && *nd_article_get(a, ND_F_SOURCE) == '\0' &&
        h->v[H_NEWSGROUPS].p != NULL) {
        st = unfold(h->v[H_NEWSGROUPS], &c->val);
        size_t g = 0;
        while (st == ND_OK && g < c->val.len && c->val.data[g] != ',' &&
               c->val.data[g] != ' ')
            g++;
        if (st == ND_OK && g > 0)
            st = nd_article_set(a, ND_F_SOURCE, c->val.data, g);
    }
    if (st == ND_OK && *nd_article_get(a, ND_F_SOURCE) == '\0')
        st = set_header(c, a, ND_F_SOURCE, h->v[H_ORG], 1);
    if (st == ND_OK && h->v[H_MSGID].p != NULL &&
        (st = unfold(h->v[H_MSGID], &c->val)) == ND_OK) {
        span id = angle_inner(c->val.data, c->val.len);
        if (id.n > 0 && id.n <= DOCNO_MAX)
            st = nd_article_set(a, ND_F_DOCNO, id.p, id.n);
    }
    if (st == ND_OK && h->v[H_ARCHIVED].p != NULL &&
        (st = unfold(h->v[H_ARCHIVED], &c->val)) == ND_OK) {
        span u = angle_inner(c->val.data, c->val.len);
        if ((u.n > 7 && ndi_strncaseeq(u.p, "http://", 7)) ||
            (u.n > 8 && ndi_strncaseeq(u.p, "https://", 8)))
            st = nd_article_set(a, ND_F_URL, u.p, u.n);
    }
    if (st == ND_OK && h->v[H_LANG].p != NULL &&
        (st = unfold(h->v[H_LANG], &c->val)) == ND_OK) {
        /* the primary subtag of the first tag */
        st = ndi_lang_set(a, c->val.data, c->val.len);
    }
    int64_t t;
    if (st == ND_OK && h->v[H_DATE].p != NULL &&
        (st = unfold(h->v[H_DATE], &c->val)) == ND_OK &&
        mail_date(c->val.data, c->val.len, &t))
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    else if (st == ND_OK && from_line.p != NULL &&
             from_line_date(from_line, &t))
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    return st;
}

/* ------------------------------------------------------------------ */
/* MIME                                                                */

/* Skip blanks, line breaks and (nested) comments from 'i'. */
static size_t
skip_cfws(const char *s, size_t n, size_t i)
{
    while (i < n) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            i++;
            continue;
        }
        if (ch != '(')
            break;
        int depth = 0;
        for (; i < n; i++) {
            if (s[i] == '\\') {
                i++;
                continue;
            }
            if (s[i] == '(')
                depth++;
            else if (s[i] == ')' && --depth == 0) {
                i++;
                break;
            }
        }
    }
    return i < n ? i : n;
}

static int
token_char(char ch)
{
    return ch > 32 && ch < 127 && strchr("()<>@,;:\\\"/[]?=", ch) == NULL;
}

/* A token from 'i' in lower case into out[0..cap) (cut if longer);
 * returns the offset after it. */
static size_t
read_token(const char *s, size_t n, size_t i, char *out, size_t cap)
{
    size_t k = 0;
    for (; i < n && token_char(s[i]); i++)
        if (k + 1 < cap)
            out[k++] = (char)tolower((unsigned char)s[i]);
    out[k] = '\0';
    return i;
}

/* A parameter value from 'i': a quoted string, or (leniently) anything up
 * to ';' or a blank. '*len' gets its full length, which may exceed what
 * fits in out[0..cap). Returns the offset after it. */
static size_t
read_value(const char *s, size_t n, size_t i, char *out, size_t cap,
           size_t *len)
{
    size_t k = 0, full = 0;
    if (i < n && s[i] == '"') {
        for (i++; i < n && s[i] != '"'; i++) {
            if (s[i] == '\r' || s[i] == '\n')
                continue;
            if (s[i] == '\\' && i + 1 < n)
                i++;
            if (k + 1 < cap)
                out[k++] = s[i];
            full++;
        }
        if (i < n)
            i++;
    } else {
        for (; i < n && s[i] != ';' && s[i] != '"' &&
               !isspace((unsigned char)s[i]);
             i++) {
            if (k + 1 < cap)
                out[k++] = s[i];
            full++;
        }
    }
    out[k] = '\0';
    *len = full;
    return i;
}

/* The Content-Type fields: type/subtype, charset, boundary. */
static void
parse_ctype(mime *m, span v)
{
    const char *s = v.p;
    size_t n = v.n;
    char type[32], sub[32];
    size_t i = skip_cfws(s, n, 0);
    i = read_token(s, n, i, type, sizeof type);
    i = skip_cfws(s, n, i);
    if (type[0] == '\0' || i >= n || s[i] != '/')
        return; /* RFC 2045: an unreadable type is text/plain */
    i = skip_cfws(s, n, i + 1);
    i = read_token(s, n, i, sub, sizeof sub);
    memcpy(m->type, type, sizeof type);
    memcpy(m->sub, sub, sizeof sub);
    int have_cs = 0, have_b = 0;
    while (i < n) {
        i = skip_cfws(s, n, i);
        if (i >= n)
            break;
        if (s[i] != ';') {
            const char *semi = memchr(s + i, ';', n - i);
            if (semi == NULL)
                break;
            i = (size_t)(semi - s);
        }
        i = skip_cfws(s, n, i + 1);
        char attr[32], val[BOUNDARY_MAX + 2];
        size_t vlen;
        i = read_token(s, n, i, attr, sizeof attr);
        i = skip_cfws(s, n, i);
        if (i >= n || s[i] != '=')
            continue;
        i = skip_cfws(s, n, i + 1);
        i = read_value(s, n, i, val, sizeof val, &vlen);
        if (!have_cs && strcmp(attr, "charset") == 0) {
            have_cs = 1;
            if (vlen < CHARSET_MAX) {
                memcpy(m->charset, val, vlen + 1);
                charset_clean(m->charset);
            }
        } else if (!have_b && strcmp(attr, "boundary") == 0) {
            have_b = 1;
            while (vlen > 0 && vlen <= BOUNDARY_MAX && val[vlen - 1] == ' ')
                vlen--;
            if (vlen > 0 && vlen <= BOUNDARY_MAX) {
                memcpy(m->boundary, val, vlen);
                m->boundary[vlen] = '\0';
                m->blen = vlen;
            }
        }
    }
}

/* The MIME description of an entity from its headers. In a
 * multipart/digest the default type is message/rfc822. */
static void
parse_mime(mime *m, const headers *h, int digest)
{
    memset(m, 0, sizeof *m);
    snprintf(m->type, sizeof m->type, "%s", digest ? "message" : "text");
    snprintf(m->sub, sizeof m->sub, "%s", digest ? "rfc822" : "plain");
    if (h->v[H_CTYPE].p != NULL)
        parse_ctype(m, h->v[H_CTYPE]);
    char tok[32];
    span v = h->v[H_CTE];
    if (v.p != NULL) {
        read_token(v.p, v.n, skip_cfws(v.p, v.n, 0), tok, sizeof tok);
        if (strcmp(tok, "quoted-printable") == 0)
            m->cte = CTE_QP;
        else if (strcmp(tok, "base64") == 0)
            m->cte = CTE_BASE64;
    }
    v = h->v[H_CDISP];
    if (v.p != NULL) {
        read_token(v.p, v.n, skip_cfws(v.p, v.n, 0), tok, sizeof tok);
        m->attachment = strcmp(tok, "attachment") == 0;
    }
}

/* Whether the line is a delimiter of boundary 'b': 1 between parts, 2 at
 * the close ("--b--"), 0 if not. Trailing blanks are allowed. */
static int
delimiter(const char *line, size_t len, const char *b, size_t blen)
{
    if (len < blen + 2 || line[0] != '-' || line[1] != '-' ||
        memcmp(line + 2, b, blen) != 0)
        return 0;
    size_t i = blen + 2;
    int close = 0;
    if (i + 2 <= len && line[i] == '-' && line[i + 1] == '-') {
        close = 1;
        i += 2;
    }
    return blank(line + i, len - i) ? 1 + close : 0;
}

/* Walks the parts of one multipart body. */
typedef struct partiter {
    const char *s;
    size_t n;
    const char *b;
    size_t blen;
    size_t pos;  /* where the search for the next delimiter resumes */
    int started; /* a delimiter was seen: a part starts at 'pos' */
    int done;
} partiter;

/* The next part's bytes (headers and body); 0 when there are no more. A
 * missing close delimiter ends the last part at the end of the body. */
static int
next_part(partiter *it, span *part)
{
    if (it->done)
        return 0;
    size_t pos = it->pos, start = it->pos;
    while (pos < it->n) {
        size_t e = line_end(it->s, it->n, pos);
        size_t next = e < it->n ? e + 1 : it->n;
        int d = delimiter(it->s + pos, e - pos, it->b, it->blen);
        if (d != 0 && it->started) {
            /* the line break before a delimiter belongs to it */
            size_t end = pos;
            if (end > start && it->s[end - 1] == '\n')
                end--;
            if (end > start && it->s[end - 1] == '\r')
                end--;
            part->p = it->s + start;
            part->n = end - start;
            it->pos = next;
            it->done = d == 2;
            return 1;
        }
        if (d == 2) {
            it->done = 1;
            return 0;
        }
        if (d == 1) {
            it->started = 1;
            start = next;
        }
        pos = next;
    }
    it->done = 1;
    if (!it->started || start >= it->n)
        return 0;
    part->p = it->s + start;
    part->n = it->n - start;
    return 1;
}

/* The cut of s[0..n) to at most 'max' bytes, at a line end if there is
 * one in the last quarter. */
static size_t
cut_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    for (size_t i = max; i > max - max / 4; i--)
        if (s[i - 1] == '\n')
            return i;
    return max;
}

/* 'n' without an incomplete UTF-8 sequence at the end of s[0..n). */
static size_t
trim_partial_utf8(const char *s, size_t n)
{
    size_t i = n, k = 0;
    while (i > 0 && k < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--, k++;
    if (i == 0 || (unsigned char)s[i - 1] < 0xC0)
        return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    return k < need ? i - 1 : n;
}

/* Whether a uuencoded block starts on the line after "begin NNN name":
 * that line uses only the uuencode alphabet (no lower case). */
static int
uu_begin(const char *s, size_t a, size_t b, const char *next, size_t nn)
{
    if (b - a < 10 || memcmp(s + a, "begin ", 6) != 0)
        return 0;
    size_t i = a + 6, d = 0;
    while (i < b && s[i] >= '0' && s[i] <= '7')
        i++, d++;
    if (d < 3 || d > 4 || i >= b || s[i] != ' ')
        return 0;
    if (nn == 0)
        return 0;
    for (size_t k = 0; k < nn; k++)
        if ((unsigned char)next[k] < 0x20 || (unsigned char)next[k] > 0x60)
            return 0;
    return 1;
}

/*
 * Append plain text: its lines, without uuencoded or yEnc blocks and
 * without a signature (the lines after the last "-- " line when there
 * are at most SIG_LINES_MAX of them).
 */
static nd_status
plain_text(nd_buf *out, const char *s, size_t n)
{
    size_t end = n, sig = SIZE_MAX, after = 0;
    for (size_t pos = 0; pos < n;) {
        size_t e = line_end(s, n, pos);
        size_t ce = strip_cr(s, pos, e);
        if (ce - pos == 3 && memcmp(s + pos, "-- ", 3) == 0) {
            sig = pos;
            after = 0;
        } else {
            after++;
        }
        pos = e < n ? e + 1 : n;
    }
    if (sig != SIZE_MAX && after <= SIG_LINES_MAX)
        end = sig;
    int uu = 0, yenc = 0;
    nd_status st = ND_OK;
    for (size_t pos = 0; pos < end && st == ND_OK;) {
        size_t e = line_end(s, end, pos);
        size_t ce = strip_cr(s, pos, e);
        size_t next = e < end ? e + 1 : end;
        size_t ne = line_end(s, end, next);
        if (uu) {
            uu = !(ce - pos == 3 && memcmp(s + pos, "end", 3) == 0);
        } else if (yenc) {
            yenc = !(ce - pos >= 5 && memcmp(s + pos, "=yend", 5) == 0);
        } else if (ce - pos >= 8 && memcmp(s + pos, "=ybegin ", 8) == 0) {
            yenc = 1;
        } else if (uu_begin(s, pos, ce, s + next,
                            strip_cr(s, next, ne) - next)) {
            uu = 1;
        } else {
            st = nd_buf_append(out, s + pos, ce - pos);
            if (st == ND_OK)
                st = ndi_buf_putc(out, '\n');
        }
        pos = next;
    }
    return st;
}

/* Whether s[0..n) is only whitespace. */
static int
blank_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

/* One text part: decoded, converted to UTF-8 and appended to the body. */
static nd_status
leaf(msgctx *c, const mime *m, const char *s, size_t n, int html)
{
    size_t len = cut_len(s, n, c->leaf_max);
    const char *bytes = s;
    nd_status st = ND_OK;
    nd_buf_clear(&c->raw);
    if (m->cte == CTE_QP)
        st = decode_qp(s, len, 0, &c->raw);
    else if (m->cte == CTE_BASE64)
        st = decode_b64(s, len, &c->raw);
    if (st != ND_OK)
        return st;
    if (m->cte != CTE_PLAIN) {
        bytes = nd_buf_data(&c->raw);
        len = c->raw.len;
    }
    if (n > c->leaf_max) /* cut: a character may have been split */
        len = trim_partial_utf8(bytes, len);
    nd_buf_clear(&c->utf);
    st = ndi_to_utf8(bytes, len, m->charset[0] ? m->charset : NULL, &c->utf);
    if (st != ND_OK || c->utf.len == 0)
        return st;
    size_t mark = c->body.len;
    if (mark > 0 && (st = ndi_buf_puts(&c->body, "\n\n")) != ND_OK)
        return st;
    size_t start = c->body.len;
    if (!html) {
        st = plain_text(&c->body, c->utf.data, c->utf.len);
    } else {
        /* libxml2 would stop at a NUL */
        for (size_t i = 0; i < c->utf.len; i++)
            if (c->utf.data[i] == '\0')
                c->utf.data[i] = ' ';
        st = ndi_html_text(c->p, c->utf.data, c->utf.len, &c->body);
        if (st == ND_EFORMAT)
            st = ND_OK;
    }
    /* a part without text leaves no trace (alternatives look for one) */
    if (st == ND_OK && c->body.data != NULL &&
        blank_text(c->body.data + start, c->body.len - start)) {
        c->body.len = mark;
        c->body.data[mark] = '\0';
    }
    return st;
}

static nd_status walk(msgctx *c, const mime *m, const char *s, size_t n,
                      unsigned depth);

/* How much an alternative is preferred: text/plain, then a nested
 * multipart, then HTML; 0 for what is not read. */
static int
alt_rank(const mime *m)
{
    if (m->attachment)
        return 0;
    if (strcmp(m->type, "text") == 0)
        return strcmp(m->sub, "plain") == 0  ? 3
               : strcmp(m->sub, "html") == 0 ? 1
                                             : 0;
    return strcmp(m->type, "multipart") == 0 ? 2 : 0;
}

/*
 * The parts of a multipart entity. Of an alternative, the most preferred
 * part that has text; of any other kind, each part in order.
 */
static nd_status
walk_multipart(msgctx *c, const mime *m, const char *s, size_t n,
               unsigned depth)
{
    int alt = strcmp(m->sub, "alternative") == 0;
    int digest = strcmp(m->sub, "digest") == 0;
    size_t before = c->body.len;
    for (int want = alt ? 3 : 0; want >= (alt ? 1 : 0); want--) {
        partiter it = {s, n, m->boundary, m->blen, 0, 0, 0};
        span part;
        while (c->parts < MAX_PARTS && c->body.len < c->budget &&
               next_part(&it, &part)) {
            c->parts++;
            headers h;
            mime pm;
            size_t off = read_headers(part.p, part.n, &h);
            parse_mime(&pm, &h, digest);
            if (alt && alt_rank(&pm) != want)
                continue;
            nd_status st = walk(c, &pm, part.p + off, part.n - off, depth);
            if (st != ND_OK)
                return st;
            if (alt && c->body.len > before)
                return ND_OK;
        }
    }
    return ND_OK;
}

/*
 * The text of an entity, appended to c->body. Recursion is bounded by
 * MAX_DEPTH, not by the input; message/rfc822 parts (forwarded or
 * bounced messages) are not expanded: they are attachments of a kind.
 */
static nd_status
walk(msgctx *c, const mime *m, const char *s, size_t n, unsigned depth)
{
    if (m->attachment || c->body.len >= c->budget)
        return ND_OK;
    if (strcmp(m->type, "multipart") == 0) {
        if (m->blen == 0) /* no boundary: read it as text */
            return leaf(c, m, s, n, 0);
        if (depth >= MAX_DEPTH)
            return ND_OK;
        return walk_multipart(c, m, s, n, depth + 1);
    }
    if (strcmp(m->type, "text") == 0) {
        if (strcmp(m->sub, "plain") == 0 || m->sub[0] == '\0')
            return leaf(c, m, s, n, 0);
        if (strcmp(m->sub, "html") == 0)
            return leaf(c, m, s, n, 1);
    }
    return ND_OK;
}

/* ------------------------------------------------------------------ */
/* Messages and mboxes                                                 */

/* Read one message into an article: emitted, or reported as an item
 * error. 'from_line' is its mbox "From " line (p == NULL if none). */
static nd_status
one_message(msgctx *c, const char *s, size_t n, span from_line)
{
    ndi_parse *p = c->p;
    headers h;
    size_t off = read_headers(s, n, &h);
    if (h.fields == 0)
        return p->item_error(p, "mail message without header lines");
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st == ND_OK)
        st = set_fields(c, a, &h, from_line);
    if (st == ND_OK) {
        mime m;
        parse_mime(&m, &h, 0);
        nd_buf_clear(&c->body);
        c->parts = 0;
        st = walk(c, &m, s + off, n - off, 0);
    }
    if (st == ND_OK)
        st = nd_article_set(a, ND_F_BODY, nd_buf_data(&c->body), c->body.len);
    if (st != ND_OK) {
        nd_article_free(a);
        return st;
    }
    if (*nd_article_title(a) == '\0' && *nd_article_body(a) == '\0') {
        nd_article_free(a);
        return p->item_error(p, "mail message without subject or text");
    }
    return p->emit(p, a);
}

/* Whether s[0..n) starts with an mbox "From " line (and not with a
 * "From :" header field in obsolete syntax). */
static int
from_line(const char *s, size_t n)
{
    return n >= 5 && memcmp(s, "From ", 5) == 0 && field_name(s, n, NULL) == 0;
}

/* Whether the line at 'pos' separates mbox messages: "From " after a
 * blank line (checked by the caller), followed by a header field. */
static int
separator(const char *s, size_t n, size_t pos)
{
    if (!from_line(s + pos, n - pos))
        return 0;
    size_t e = line_end(s, n, pos);
    return e < n && field_name(s + e + 1, n - e - 1, NULL) > 0;
}

/* Where the message starting at 'pos' ends: the next separator, or n. */
static size_t
message_end(const char *s, size_t n, size_t pos)
{
    int prev_blank = 0;
    while (pos < n) {
        if (prev_blank && separator(s, n, pos))
            return pos;
        size_t e = line_end(s, n, pos);
        prev_blank = blank(s + pos, e - pos);
        pos = e < n ? e + 1 : n;
    }
    return n;
}

/* Whether the line at 'pos' is ">From ", ">>From " ...: quoted by the
 * mbox writer (mboxrd quotes every level, mboxo only the first). */
static int
quoted_from(const char *s, size_t n, size_t pos)
{
    size_t i = pos;
    while (i < n && s[i] == '>')
        i++;
    return i > pos && n - i >= 5 && memcmp(s + i, "From ", 5) == 0;
}

/* The message s[0..n) with one '>' removed from quoted "From " lines;
 * 's' itself when there are none. */
static nd_status
unquote(msgctx *c, const char *s, size_t n, span *out)
{
    size_t pos = 0;
    while (pos < n && !quoted_from(s, n, pos)) {
        size_t e = line_end(s, n, pos);
        pos = e < n ? e + 1 : n;
    }
    out->p = s;
    out->n = n;
    if (pos >= n)
        return ND_OK;
    nd_buf_clear(&c->msg);
    nd_status st = nd_buf_append(&c->msg, s, pos);
    while (st == ND_OK && pos < n) {
        size_t e = line_end(s, n, pos);
        size_t next = e < n ? e + 1 : n;
        size_t from = quoted_from(s, n, pos) ? pos + 1 : pos;
        st = nd_buf_append(&c->msg, s + from, next - from);
        pos = next;
    }
    out->p = nd_buf_data(&c->msg);
    out->n = c->msg.len;
    return st;
}

static nd_status
parse_mbox(msgctx *c, const char *s, size_t n)
{
    size_t max = c->p->lim != NULL ? c->p->lim->max_items : 100000;
    size_t pos = 0, items = 0;
    nd_status st = ND_OK;
    while (pos < n && st == ND_OK) {
        if (items++ >= max) {
            /* item errors are not capped by the reader: stop here */
            st = c->p->item_error(c->p, "too many messages in one mbox "
                                        "(--max-items); the rest are "
                                        "skipped");
            break;
        }
        size_t e = line_end(s, n, pos);
        span from = {s + pos, strip_cr(s, pos, e) - pos};
        size_t start = e < n ? e + 1 : n;
        size_t end = message_end(s, n, start);
        span m;
        st = unquote(c, s + start, end - start, &m);
        if (st == ND_OK)
            st = one_message(c, m.p, m.n, from);
        pos = end;
    }
    return st;
}

/* ------------------------------------------------------------------ */
/* Detection and entry point                                           */

/* The fields named in the issue as telling mail and news apart. */
static int
known_field(const char *s, size_t n)
{
    static const char *const known[] = {
        "From",       "Date", "Subject", "Newsgroups",
        "Message-ID", "Path", "Xref",    "MIME-Version",
    };
    for (size_t i = 0; i < NDI_ARRAY_LEN(known); i++)
        if (strlen(known[i]) == n && ndi_strncaseeq(s, known[i], n))
            return 1;
    return 0;
}

/* Count the header fields at the start of s[0..n), and the known ones
 * among them; '*whole' tells whether the section fills all of 's'. */
static void
scan_head(const char *s, size_t n, size_t *fields, size_t *known, int *whole)
{
    size_t pos = 0;
    *fields = *known = 0;
    *whole = 0;
    while (pos < n) {
        size_t e = line_end(s, n, pos);
        size_t ce = strip_cr(s, pos, e);
        if (blank(s + pos, ce - pos))
            return;
        size_t nl = field_name(s + pos, ce - pos, NULL);
        if (nl > 0) {
            (*fields)++;
            *known += (size_t)known_field(s + pos, nl);
        } else if (pos == 0 || (s[pos] != ' ' && s[pos] != '\t')) {
            return;
        }
        pos = e < n ? e + 1 : n;
    }
    *whole = 1;
}

static int
detect(const char *name, const char *head, size_t len)
{
    int ext = ndi_has_ext(name, "eml") || ndi_has_ext(name, "news") ||
              ndi_has_ext(name, "mbox");
    size_t off = ndi_skip_ws_bom(head, len);
    const char *s = head + off;
    size_t n = len - off, fields, known;
    int whole;
    if (from_line(s, n)) {
        size_t e = line_end(s, n, 0);
        if (e >= n || field_name(s + e + 1, n - e - 1, NULL) == 0)
            return ndi_has_ext(name, "mbox") ? 85 : 0;
        scan_head(s + e + 1, n - e - 1, &fields, &known, &whole);
        if (known > 0)
            return 95;
        return ndi_has_ext(name, "mbox") ? 85 : 40;
    }
    scan_head(s, n, &fields, &known, &whole);
    if (known >= 2)
        return ext ? 95 : 85;
    if (whole && len >= 8192 && fields >= 8)
        return 80; /* a long header section: Received lines first */
    return known == 1 && ext ? 70 : 0;
}

static nd_status
parse(ndi_parse *p)
{
    msgctx c;
    memset(&c, 0, sizeof c);
    c.p = p;
    nd_buf *bufs[] = {&c.body, &c.raw, &c.utf, &c.words,
                      &c.val,  &c.out, &c.msg, &c.name};
    for (size_t i = 0; i < NDI_ARRAY_LEN(bufs); i++)
        ndi_hdr_init(&bufs[i]->hdr);
    size_t cap = p->lim != NULL ? p->lim->max_article_bytes : 4u << 20;
    c.budget = cap < SIZE_MAX / 8 ? 2 * cap + 4096 : SIZE_MAX / 4;
    c.leaf_max = 2 * c.budget;

    size_t off = ndi_skip_ws_bom(p->data, p->len);
    const char *s = p->data + off;
    size_t n = p->len - off;
    nd_status st;
    if (from_line(s, n))
        st = parse_mbox(&c, s, n);
    else
        st = one_message(&c, s, n, (span){NULL, 0});
    for (size_t i = 0; i < NDI_ARRAY_LEN(bufs); i++)
        free(bufs[i]->data);
    if (st == ND_ETOOBIG)
        return ND_OK;
    if (st == ND_ENOMEM)
        return ndi_fail(p->hdr, st, "out of memory");
    return st;
}

const ndi_format ndi_format_mail = {"mail", detect, parse};
