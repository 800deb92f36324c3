/* SPDX-License-Identifier: MIT */
/*
 * text.c - plain-text articles: a headline line, an optional "By" line,
 * then paragraphs separated by blank lines, the first one opening with a
 * dateline ("PARIS, Mar. 5 (Meridian Wire) -" or "Paris —").
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize.h"
#include "detect.h"
#include "formats.h"

/* Text may hold a few stray control characters (a bell, a form feed);
 * binary data has about one in eight. Both limits must be passed. */
#define MAX_CONTROL_PERCENT 5
#define MAX_CONTROL_BYTES 8

static int
detect(const char *name, const char *head, size_t len)
{
    size_t ctl = 0;
    size_t bom;
    const char *cs = ndi_bom_charset(head, len, &bom);
    if (cs != NULL && strncmp(cs, "UTF-16", 6) == 0)
        return 20; /* NULs are expected there */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)head[i];
        if (c == 0 ||
            (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f'))
            ctl++;
    }
    if (ctl * 100 > len * MAX_CONTROL_PERCENT && ctl > MAX_CONTROL_BYTES)
        return 0;
    char root[64];
    if (ndi_root_name(head, len, root, sizeof root) > 0 &&
        !ndi_has_ext(name, "txt"))
        return 0; /* markup that no format claimed is not plain text */
    return ndi_has_ext(name, "txt") || ndi_has_ext(name, "text") ? 50 : 20;
}

/* One line of 's' starting at '*pos': its bounds without the newline. */
static int
next_line(const char *s, size_t len, size_t *pos, size_t *start, size_t *end)
{
    if (*pos >= len)
        return 0;
    *start = *pos;
    const char *nl = memchr(s + *pos, '\n', len - *pos);
    size_t e = nl != NULL ? (size_t)(nl - s) : len;
    *pos = nl != NULL ? e + 1 : len;
    while (e > *start &&
           (s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    *end = e;
    return 1;
}

static int
blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Whether s[0..n) can be a dateline (place, date, "(Source)") rather than
 * the start of a sentence with a dash in it: outside the parentheses no
 * word of four or more letters starts in lower case ("Rio de Janeiro" and
 * "Mar del Plata" are places; "The cafe on the corner" is not). */
static int
dateline_words(const char *s, size_t n)
{
    int paren = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '(')
            paren++;
        else if (s[k] == ')' && paren > 0)
            paren--;
        else if (!paren && islower((unsigned char)s[k]) &&
                 (k == 0 || s[k - 1] == ' ')) {
            size_t w = k;
            while (w < n && (isalpha((unsigned char)s[w]) ||
                             (unsigned char)s[w] >= 0x80))
                w++;
            if (w - k >= 4)
                return 0;
        }
    }
    return 1;
}

/*
 * The dateline at the start of the body: up to " - ", " -- " or " — "
 * within the first 80 bytes, when what precedes it starts with a capital
 * and holds no sentence punctuation. '*src' gets "(Source)" if present.
 */
static size_t
find_dateline(const char *s, size_t len, size_t *dl_end, size_t *src_a,
              size_t *src_b)
{
    static const char *const dashes[] = {" - ", " -- ", " \xE2\x80\x94 ",
                                         " \xE2\x80\x93 "};
    size_t lim = len < 80 ? len : 80;
    *src_a = *src_b = 0;
    if (len == 0 || !isupper((unsigned char)s[0]))
        return 0;
    for (size_t i = 1; i < lim; i++) {
        if (s[i] == '.' && i + 1 < lim && s[i + 1] == ' ' &&
            !isupper((unsigned char)s[i - 1]) &&
            !(i >= 3 && isupper((unsigned char)s[i - 3])))
            return 0; /* a sentence ended before any dash */
        for (size_t d = 0; d < NDI_ARRAY_LEN(dashes); d++) {
            size_t dl = strlen(dashes[d]);
            if (i + dl <= len && memcmp(s + i, dashes[d], dl) == 0) {
                if (!dateline_words(s, i))
                    return 0;
                *dl_end = i;
                const char *o = memchr(s, '(', i);
                const char *c =
                    o != NULL ? memchr(o, ')', (size_t)(s + i - o)) : NULL;
                if (o != NULL && c != NULL) {
                    *src_a = (size_t)(o - s) + 1;
                    *src_b = (size_t)(c - s);
                }
                return i + dl;
            }
        }
    }
    return 0;
}

/*
 * The date in a dateline ("Mar. 5", "March 21, 2023"). Without a year it
 * is the last such day on or before the file's time; when that is the
 * file's own day, the file's time is kept (it is more precise).
 */
static void
dateline_date(ndi_parse *p, nd_article *a, const char *s, size_t n)
{
    int64_t t;
    while (n > 0 && (*s == ' ' || *s == ','))
        s++, n--;
    if (n == 0 || n > 40)
        return;
    if (ndi_date_parse(s, n, &t)) {
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
        return;
    }
    if (p->mtime <= 0)
        return;
    char iso[32], buf[64];
    ndi_date_format(p->mtime, iso);
    long year = strtol(iso, NULL, 10);
    snprintf(buf, sizeof buf, "%.*s %ld", (int)n, s, year);
    if (!ndi_date_parse(buf, strlen(buf), &t))
        return;
    if (t > p->mtime + 86400) { /* a December dateline read in January */
        snprintf(buf, sizeof buf, "%.*s %ld", (int)n, s, year - 1);
        if (!ndi_date_parse(buf, strlen(buf), &t))
            return;
    }
    if (t <= p->mtime && p->mtime - t < 86400)
        t = p->mtime;
    nd_article_set_date(a, t, ND_DATE_DOCUMENT);
}

static nd_status
parse(ndi_parse *p)
{
    nd_buf u = {0}, body = {0};
    nd_article *a = NULL;
    ndi_hdr_init(&u.hdr);
    ndi_hdr_init(&body.hdr);
    nd_status st = ndi_to_utf8(p->data, p->len, NULL, &u);
    if (st != ND_OK)
        goto out;
    const char *s = nd_buf_data(&u);
    size_t len = u.len, pos = 0, a0 = 0, a1 = 0;
    if ((st = nd_article_new(&a)) != ND_OK)
        goto out;

    /* Headline: the first non-blank line. */
    while (next_line(s, len, &pos, &a0, &a1) && blank(s, a0, a1))
        ;
    if (a1 > a0 &&
        (st = nd_article_set(a, ND_F_TITLE, s + a0, a1 - a0)) != ND_OK)
        goto out;
    /* An optional byline after a blank line. */
    size_t save = pos;
    while (next_line(s, len, &pos, &a0, &a1) && blank(s, a0, a1))
        ;
    if (a1 - a0 > 3 && a1 - a0 < 120 && ndi_strncaseeq(s + a0, "by ", 3)) {
        size_t bl = a1 - a0;
        const char *b = ndi_byline_strip(s + a0, &bl);
        if ((st = nd_article_set(a, ND_F_BYLINE, b, bl)) != ND_OK)
            goto out;
        save = pos;
    }
    pos = save;
    while (pos < len && isspace((unsigned char)s[pos]))
        pos++;
    size_t dl_end, sa, sb;
    size_t skip = find_dateline(s + pos, len - pos, &dl_end, &sa, &sb);
    if (skip > 0) {
        size_t n = sa > 0 ? sa - 1 : dl_end;
        while (n > 0 && (s[pos + n - 1] == ' ' || s[pos + n - 1] == ','))
            n--;
        /* "PARIS, Mar. 5" -> the place is before the comma */
        const char *comma = memchr(s + pos, ',', n);
        size_t place = comma != NULL ? (size_t)(comma - (s + pos)) : n;
        if ((st = nd_article_set(a, ND_F_DATELINE, s + pos, place)) != ND_OK)
            goto out;
        if (place < n)
            dateline_date(p, a, s + pos + place, n - place);
        if (sb > sa && (st = nd_article_set(a, ND_F_SOURCE, s + pos + sa,
                                            sb - sa)) != ND_OK)
            goto out;
    }
    /* The body: newlines of wrapped lines become spaces in ndi_clean();
     * a blank line (possibly with CRs or spaces) is a paragraph break. */
    while (next_line(s, len, &pos, &a0, &a1)) {
        if (blank(s, a0, a1))
            st = ndi_buf_puts(&body, "\n\n");
        else {
            st = nd_buf_append(&body, s + a0, a1 - a0);
            if (st == ND_OK)
                st = ndi_buf_putc(&body, '\n');
        }
        if (st != ND_OK)
            goto out;
    }
    st = nd_article_set(a, ND_F_BODY, nd_buf_data(&body), body.len);
out:
    free(u.data);
    free(body.data);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    st = p->emit(p, a);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_text = {"text", detect, parse};
