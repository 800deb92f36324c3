/* SPDX-License-Identifier: MIT */
/*
 * trec.c - TREC collections (AP, WSJ, FT, LA Times, FBIS, Federal
 * Register, AQUAINT, generated files): many <DOC>s per file and no root
 * element. Each collection names its fields its own way; the first name
 * of each list below that a DOC uses gives the field.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize.h"
#include "detect.h"
#include "formats.h"
#include "sgml.h"

/* The elements a DOC may hold, in order of preference within each group. */
enum {
    E_DOCNO,
    E_HEADLINE, /* title: AP, FT, LA, AQUAINT, generated */
    E_HL,       /* WSJ */
    E_HEAD,     /* AP */
    E_TITLE,
    E_H3, /* FBIS: <H3><TI>...</TI></H3> */
    E_TI,
    E_DOCTITLE,  /* Federal Register */
    E_DATE,      /* date: most */
    E_DD,        /* WSJ 1987-89 */
    E_DATE_TIME, /* AQUAINT */
    E_DATE1,     /* FBIS */
    E_PUBDATE,
    E_FILEID, /* AP: "AP-NR-02-12-88 2344EST" */
    E_DOCID,  /* WSJ 1990-92: "900102-0001." */
    E_BYLINE,
    E_BY,
    E_AUTHOR,
    E_DATELINE,
    E_SOURCE,
    E_SO,  /* WSJ */
    E_PUB, /* FT */
    E_LP,  /* a lead paragraph before TEXT (WSJ 1990-92) */
    E_TEXT,
    E_BODY,
    E_COUNT
};

static const char *const names[E_COUNT] = {
    "DOCNO",     "HEADLINE", "HL",       "HEAD",     "TITLE",
    "H3",        "TI",       "DOCTITLE", "DATE",     "DD",
    "DATE_TIME", "DATE1",    "PUBDATE",  "FILEID",   "DOCID",
    "BYLINE",    "BY",       "AUTHOR",   "DATELINE", "SOURCE",
    "SO",        "PUB",      "LP",       "TEXT",     "BODY",
};

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    if (!ndi_root_is(head, len, "DOC"))
        return 0;
    ndi_sgml_el doc, no;
    if (!ndi_sgml_first(head, len, "DOC", &doc))
        return 0;
    /* a DOC without a DOCNO in sight is still more TREC than anything */
    return ndi_sgml_first(doc.text, doc.text_len, "DOCNO", &no) ? 90 : 50;
}

/* The text of an element, tags stripped and references decoded, in 'b'
 * (cleared first). */
static nd_status
el_text(const ndi_sgml_el *el, nd_buf *b)
{
    nd_buf_clear(b);
    if (el->tag == NULL)
        return ND_OK;
    return ndi_sgml_text(el->text, el->text_len, b);
}

/* Whether 'b' holds more than whitespace. */
static int
has_text(const nd_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!isspace((unsigned char)b->data[i]))
            return 1;
    return 0;
}

/* The text of the first element of the group [from, to] with any, in 'b';
 * 0 when none has. */
static int
first_text(const ndi_sgml_el *els, int from, int to, nd_buf *b, nd_status *st)
{
    for (int k = from; k <= to && *st == ND_OK; k++) {
        if (els[k].tag == NULL)
            continue;
        *st = el_text(&els[k], b);
        if (*st == ND_OK && has_text(b))
            return 1;
    }
    return 0;
}

/* Where a line beginning with "----" starts in s[0..len), after a line
 * of text (WSJ headlines end in such a rule, then the byline), or len. */
static size_t
rule_at(const char *s, size_t len)
{
    int text = 0, line_start = 1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            line_start = 1;
        } else if (!isspace((unsigned char)s[i])) {
            if (line_start && text && i + 4 <= len &&
                memcmp(s + i, "----", 4) == 0)
                return i;
            text = 1;
            line_start = 0;
        }
    }
    return len;
}

static nd_status
set_title(nd_article *a, const ndi_sgml_el *els, nd_buf *b, int *byline_set)
{
    nd_status st = ND_OK;
    if (!first_text(els, E_HEADLINE, E_DOCTITLE, b, &st))
        return st;
    const char *s = b->data;
    size_t len = b->len;
    size_t rule = rule_at(s, len);
    if (rule < len && !*byline_set) {
        /* "Headline\n----\nBy A Writer" */
        size_t k = rule;
        while (k < len && (s[k] == '-' || isspace((unsigned char)s[k])))
            k++;
        size_t blen = len - k;
        const char *by = ndi_byline_strip(s + k, &blen);
        if (blen > 0 && k + 3 < len && ndi_strncaseeq(s + k, "by", 2) &&
            isspace((unsigned char)s[k + 2])) {
            st = nd_article_set(a, ND_F_BYLINE, by, blen);
            *byline_set = 1;
        }
    }
    len = rule;
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    /* Financial Times: "FT  14 MAY 91 / Headline" */
    if (len > 3 && memcmp(s, "FT ", 3) == 0) {
        for (size_t i = 3; i + 3 <= len && i < 24; i++)
            if (memcmp(s + i, " / ", 3) == 0) {
                s += i + 3;
                len -= i + 3;
                break;
            }
    }
    if (st == ND_OK)
        st = nd_article_set(a, ND_F_TITLE, s, len);
    return st;
}

/* AP's FILEID "AP-NR-02-12-88 2344EST": the first NN-NN-NN is the date. */
static int
fileid_date(const char *s, size_t len, int64_t *t)
{
    for (size_t i = 0; i + 8 <= len; i++) {
        const char *p = s + i;
        if ((i > 0 && isdigit((unsigned char)s[i - 1])) ||
            !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
            p[2] != '-' || !isdigit((unsigned char)p[3]) ||
            !isdigit((unsigned char)p[4]) || p[5] != '-' ||
            !isdigit((unsigned char)p[6]) || !isdigit((unsigned char)p[7]))
            continue;
        char us[9] = {p[0], p[1], '/', p[3], p[4], '/', p[6], p[7], '\0'};
        return ndi_date_parse(us, 8, t);
    }
    return 0;
}

/* A dateline holding a date after a comma: "LONDON, March 2, 1988". */
static int
dateline_date(const char *s, size_t len, int64_t *t)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' && ndi_date_parse(s + i + 1, len - i - 1, t))
            return 1;
    return 0;
}

/* A DOCNO holding the date: AP880212-0001, WSJ870324-0001, FR940104-..
 * (YYMMDD) and LA010189-0001 (MMDDYY). */
static int
docno_date(const char *s, size_t len, int64_t *t)
{
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    size_t k = 0;
    while (k < len && isalpha((unsigned char)s[k]))
        k++;
    int la = k == 2 && ndi_strncaseeq(s, "LA", 2);
    if (!(la || (k == 2 && ndi_strncaseeq(s, "AP", 2)) ||
          (k == 2 && ndi_strncaseeq(s, "FR", 2)) ||
          (k == 3 && ndi_strncaseeq(s, "WSJ", 3))))
        return 0;
    const char *d = s + k;
    if (len - k < 7 || d[6] != '-')
        return 0;
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)d[i]))
            return 0;
    char ymd[6] = {d[0], d[1], d[2], d[3], d[4], d[5]};
    if (la) { /* MMDDYY -> YYMMDD */
        char m0 = ymd[0], m1 = ymd[1], d0 = ymd[2], d1 = ymd[3];
        ymd[0] = d[4];
        ymd[1] = d[5];
        ymd[2] = m0;
        ymd[3] = m1;
        ymd[4] = d0;
        ymd[5] = d1;
    }
    return ndi_date_parse(ymd, 6, t);
}

static nd_status
set_date(nd_article *a, const ndi_sgml_el *els, nd_buf *b)
{
    static const int direct[] = {E_DATE, E_DD, E_DATE_TIME, E_DATE1, E_PUBDATE};
    nd_status st = ND_OK;
    int64_t t;
    int ok = 0;
    for (size_t i = 0; i < NDI_ARRAY_LEN(direct) && !ok && st == ND_OK; i++) {
        if (els[direct[i]].tag == NULL)
            continue;
        st = el_text(&els[direct[i]], b);
        const char *s = b->data != NULL ? b->data : "";
        size_t len = b->len;
        while (len > 0 && (isspace((unsigned char)*s) || *s == '=')) {
            s++; /* WSJ: "<DD> = 890103 </DD>" */
            len--;
        }
        ok = st == ND_OK && ndi_date_parse(s, len, &t);
    }
    if (!ok && st == ND_OK && els[E_FILEID].tag != NULL) {
        st = el_text(&els[E_FILEID], b);
        ok = st == ND_OK && fileid_date(b->data, b->len, &t);
    }
    if (!ok && st == ND_OK && els[E_DATELINE].tag != NULL) {
        st = el_text(&els[E_DATELINE], b);
        ok = st == ND_OK && dateline_date(b->data, b->len, &t);
    }
    if (!ok && st == ND_OK && els[E_DOCID].tag != NULL) {
        st = el_text(&els[E_DOCID], b);
        ok = st == ND_OK && ndi_date_parse(b->data, b->len, &t);
    }
    if (!ok && st == ND_OK && els[E_DOCNO].tag != NULL) {
        st = el_text(&els[E_DOCNO], b);
        ok = st == ND_OK && docno_date(b->data, b->len, &t);
    }
    if (ok)
        nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    return st;
}

/* Append the paragraphs of an element to 'body'; 'tmp' is scratch. */
static nd_status
add_paras(const char *s, size_t len, nd_buf *tmp, nd_buf *body)
{
    nd_buf_clear(tmp);
    nd_status st = ndi_sgml_text(s, len, tmp);
    if (st == ND_OK && body->len > 0)
        st = ndi_buf_puts(body, "\n\n");
    if (st == ND_OK)
        st = ndi_sgml_unwrap(tmp->data, tmp->len, body);
    return st;
}

/* LP then every TEXT of the DOC; BODY when there is neither. */
static nd_status
set_body(nd_article *a, const ndi_sgml_el *doc, const ndi_sgml_el *els,
         nd_buf *tmp, nd_buf *body)
{
    nd_status st = ND_OK;
    nd_buf_clear(body);
    if (els[E_LP].tag != NULL)
        st = add_paras(els[E_LP].text, els[E_LP].text_len, tmp, body);
    if (els[E_TEXT].tag != NULL) {
        size_t pos = (size_t)(els[E_TEXT].tag - doc->text);
        ndi_sgml_el t;
        while (st == ND_OK &&
               ndi_sgml_next(doc->text, doc->text_len, &pos, "TEXT", &t))
            st = add_paras(t.text, t.text_len, tmp, body);
    }
    if (st == ND_OK && els[E_LP].tag == NULL && els[E_TEXT].tag == NULL &&
        els[E_BODY].tag != NULL)
        st = add_paras(els[E_BODY].text, els[E_BODY].text_len, tmp, body);
    if (st == ND_OK && body->len > 0)
        st = nd_article_set(a, ND_F_BODY, body->data, body->len);
    return st;
}

/* Set a field from the first element of [from, to] with text. */
static nd_status
set_field(nd_article *a, nd_field f, const ndi_sgml_el *els, int from, int to,
          nd_buf *b)
{
    nd_status st = ND_OK;
    if (!first_text(els, from, to, b, &st))
        return st;
    size_t len = b->len;
    const char *s = b->data;
    if (f == ND_F_BYLINE)
        s = ndi_byline_strip(s, &len);
    if (f == ND_F_DATELINE) {
        while (len > 0 &&
               (isspace((unsigned char)s[len - 1]) || s[len - 1] == '-'))
            len--;
    }
    return nd_article_set(a, f, s, len);
}

/* One DOC as an article, or an item error when it has no title and no
 * text. */
static nd_status
parse_doc(ndi_parse *p, const ndi_sgml_el *doc, nd_buf *b, nd_buf *body)
{
    ndi_sgml_el els[E_COUNT];
    ndi_sgml_fields(doc->text, doc->text_len, names, E_COUNT, els);
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        return ndi_fail(p->hdr, st, "out of memory");
    int byline_set = 0;
    st = set_field(a, ND_F_DOCNO, els, E_DOCNO, E_DOCNO, b);
    if (st == ND_OK)
        st = set_field(a, ND_F_BYLINE, els, E_BYLINE, E_AUTHOR, b);
    if (st == ND_OK)
        byline_set = *nd_article_get(a, ND_F_BYLINE) != '\0';
    if (st == ND_OK)
        st = set_title(a, els, b, &byline_set);
    if (st == ND_OK)
        st = set_field(a, ND_F_DATELINE, els, E_DATELINE, E_DATELINE, b);
    if (st == ND_OK)
        st = set_field(a, ND_F_SOURCE, els, E_SOURCE, E_PUB, b);
    if (st == ND_OK)
        st = set_date(a, els, b);
    if (st == ND_OK)
        st = set_body(a, doc, els, b, body);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    if (*nd_article_title(a) == '\0' && *nd_article_body(a) == '\0') {
        nd_article_free(a);
        return p->item_error(p, "TREC <DOC> without title or text");
    }
    return p->emit(p, a);
}

static nd_status
parse(ndi_parse *p)
{
    nd_buf b = {0}, body = {0};
    ndi_hdr_init(&b.hdr);
    ndi_hdr_init(&body.hdr);
    nd_status st = ND_OK;
    size_t pos = 0, ndocs = 0;
    ndi_sgml_el doc;
    while (st == ND_OK && ndi_sgml_next(p->data, p->len, &pos, "DOC", &doc)) {
        if (ndocs++ >= p->lim->max_items) {
            st = p->item_error(p, "too many <DOC>s in one file "
                                  "(--max-items); the rest are skipped");
            break;
        }
        st = parse_doc(p, &doc, &b, &body);
    }
    free(b.data);
    free(body.data);
    if (st == ND_ETOOBIG)
        st = ND_OK;
    if (st == ND_OK && ndocs == 0)
        return ndi_fail(p->hdr, ND_EFORMAT, "no <DOC> in the file");
    return st;
}

const ndi_format ndi_format_trec = {"trec", detect, parse};
