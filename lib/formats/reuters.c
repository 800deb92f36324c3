/* SPDX-License-Identifier: MIT */
/*
 * reuters.c - Reuters-21578, both as distributed (.sgm: SGML, many
 * <REUTERS> without a root, bare '&' and '<' in bodies, &#2;/&#3; control
 * references) and as XML (one <REUTERS> per file or many under <LEWIS>).
 * Both are read with the tag-soup scanner, so no entity of the XML form
 * is ever expanded. Bodies are wrapped at ~65 columns and paragraphs
 * start with an indented line; the "Reuter" sign-off is not article text.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize.h"
#include "detect.h"
#include "formats.h"
#include "sgml.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    if (ndi_root_is(head, len, "REUTERS") || ndi_root_is(head, len, "LEWIS"))
        return 90;
    return 0;
}

/* Drop the sign-off ("... Reuter" or "REUTER" as the last word) and, in
 * the loose text of a story without a BODY, the placeholders of
 * TYPE="BRIEF" stories ("******", "Blah blah blah."). */
static void
trim_body(nd_buf *b, int loose)
{
    size_t len = b->len;
    while (len > 0 && (isspace((unsigned char)b->data[len - 1]) ||
                       b->data[len - 1] == '\x03'))
        len--;
    if (len >= 6 && ndi_strncaseeq(b->data + len - 6, "reuter", 6) &&
        (len == 6 || isspace((unsigned char)b->data[len - 7])))
        len -= 6;
    size_t start = 0;
    while (loose && start < len &&
           (b->data[start] == '*' || isspace((unsigned char)b->data[start])))
        start++;
    static const char blah[] = "Blah blah blah.";
    size_t rest = len - start;
    while (rest > 0 && isspace((unsigned char)b->data[start + rest - 1]))
        rest--;
    if (loose && rest == sizeof blah - 1 &&
        memcmp(b->data + start, blah, rest) == 0)
        rest = 0;
    memmove(b->data, b->data + start, rest);
    b->len = rest;
    b->data[rest] = '\0';
}

/*
 * The loose text of TEXT (stories without a BODY): its content without
 * the TITLE, AUTHOR and DATELINE elements, appended to 'out'.
 */
static nd_status
loose_text(const ndi_sgml_el *text, const ndi_sgml_el *kids, size_t nkids,
           nd_buf *out)
{
    size_t from[3], to[3], n = 0;
    for (size_t k = 0; k < nkids && n < 3; k++) {
        if (kids[k].tag == NULL)
            continue;
        from[n] = (size_t)(kids[k].tag - text->text);
        to[n] = kids[k].end;
        n++;
    }
    /* in order of position (three at most) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && from[j] < from[j - 1]; j--) {
            size_t f = from[j], t = to[j];
            from[j] = from[j - 1];
            to[j] = to[j - 1];
            from[j - 1] = f;
            to[j - 1] = t;
        }
    nd_status st = ND_OK;
    size_t at = 0;
    for (size_t i = 0; i <= n && st == ND_OK; i++) {
        size_t stop = i < n ? from[i] : text->text_len;
        if (stop > at)
            st = ndi_sgml_text(text->text + at, stop - at, out);
        if (i < n && to[i] > at)
            at = to[i];
    }
    return st;
}

enum { K_TITLE, K_AUTHOR, K_DATELINE, K_BODY, K_COUNT };
static const char *const text_kids[K_COUNT] = {"TITLE", "AUTHOR", "DATELINE",
                                               "BODY"};

/* Set field 'f' from the text of 'el' (when present). */
static nd_status
set_el(nd_article *a, nd_field f, const ndi_sgml_el *el, nd_buf *b)
{
    if (el->tag == NULL)
        return ND_OK;
    nd_buf_clear(b);
    nd_status st = ndi_sgml_text(el->text, el->text_len, b);
    if (st != ND_OK || b->len == 0)
        return st;
    size_t len = b->len;
    const char *s = b->data;
    if (f == ND_F_BYLINE)
        s = ndi_byline_strip(s, &len);
    if (f == ND_F_DATELINE) /* "    NEW YORK, FEB 26 - " */
        while (len > 0 &&
               (isspace((unsigned char)s[len - 1]) || s[len - 1] == '-'))
            len--;
    return nd_article_set(a, f, s, len);
}

static nd_status
parse_one(ndi_parse *p, const ndi_sgml_el *r, nd_buf *b, nd_buf *raw)
{
    static const char *const story_kids[] = {"DATE", "TEXT"};
    ndi_sgml_el top[2], kids[K_COUNT];
    ndi_sgml_fields(r->text, r->text_len, story_kids, 2, top);
    const ndi_sgml_el *text = &top[1];
    if (text->tag != NULL)
        ndi_sgml_fields(text->text, text->text_len, text_kids, K_COUNT, kids);
    else
        for (size_t k = 0; k < K_COUNT; k++)
            kids[k].tag = NULL;

    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        return ndi_fail(p->hdr, st, "out of memory");
    const char *id;
    size_t idlen;
    if (ndi_sgml_attr(r, "NEWID", &id, &idlen))
        st = nd_article_set(a, ND_F_DOCNO, id, idlen);
    if (st == ND_OK)
        st = nd_article_set(a, ND_F_SOURCE, "Reuters", 7);
    if (st == ND_OK)
        st = set_el(a, ND_F_TITLE, &kids[K_TITLE], b);
    if (st == ND_OK)
        st = set_el(a, ND_F_BYLINE, &kids[K_AUTHOR], b);
    if (st == ND_OK)
        st = set_el(a, ND_F_DATELINE, &kids[K_DATELINE], b);
    if (st == ND_OK && top[0].tag != NULL) {
        nd_buf_clear(b);
        st = ndi_sgml_text(top[0].text, top[0].text_len, b);
        int64_t t;
        if (st == ND_OK && ndi_date_parse(b->data, b->len, &t))
            nd_article_set_date(a, t, ND_DATE_DOCUMENT);
    }
    if (st == ND_OK && text->tag != NULL) {
        nd_buf_clear(raw);
        nd_buf_clear(b);
        /* Unprocessed and brief stories have no BODY: their TEXT is it,
         * without the title and dateline it holds too. */
        if (kids[K_BODY].tag != NULL)
            st = ndi_sgml_text(kids[K_BODY].text, kids[K_BODY].text_len, raw);
        else
            st = loose_text(text, kids, K_BODY, raw);
        if (st == ND_OK)
            st = ndi_sgml_unwrap(raw->data, raw->len, b);
        if (st == ND_OK && b->len > 0) {
            trim_body(b, kids[K_BODY].tag == NULL);
            st = nd_article_set(a, ND_F_BODY, b->data, b->len);
        }
    }
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    return p->emit(p, a);
}

/* The encoding an XML declaration names, when it is not UTF-8 or ASCII
 * (which need no conversion), into 'out'; "" otherwise. */
static void
declared_charset(const char *data, size_t len, char out[48])
{
    out[0] = '\0';
    size_t i = ndi_skip_ws_bom(data, len);
    if (len - i < 6 || memcmp(data + i, "<?xml", 5) != 0)
        return;
    size_t e = i;
    while (e < len && e - i < 512 && data[e] != '>')
        e++;
    ndi_sgml_el decl = {.tag = data + i, .tag_len = e - i};
    const char *v;
    size_t n;
    if (!ndi_sgml_attr(&decl, "encoding", &v, &n) || n == 0 || n >= 48)
        return;
    if ((n == 5 && ndi_strncaseeq(v, "utf-8", 5)) ||
        (n == 8 && ndi_strncaseeq(v, "us-ascii", 8)) ||
        (n == 5 && ndi_strncaseeq(v, "ascii", 5)))
        return;
    memcpy(out, v, n);
    out[n] = '\0';
}

static nd_status
parse(ndi_parse *p)
{
    nd_buf conv = {0}, b = {0}, raw = {0};
    ndi_hdr_init(&conv.hdr);
    ndi_hdr_init(&b.hdr);
    ndi_hdr_init(&raw.hdr);
    const char *data = p->data;
    size_t len = p->len, bom;
    char cs[48];
    declared_charset(data, len, cs);
    const char *bomcs = ndi_bom_charset(data, len, &bom);
    nd_status st = ND_OK;
    if (cs[0] != '\0' || (bomcs != NULL && strcmp(bomcs, "UTF-8") != 0)) {
        /* the XML form in Latin-1 or UTF-16: scan it as UTF-8 */
        st = ndi_to_utf8(data, len, bomcs != NULL ? NULL : cs, &conv);
        if (st != ND_OK)
            return ndi_fail(p->hdr, st, "out of memory");
        data = conv.data != NULL ? conv.data : "";
        len = conv.len;
    }
    size_t pos = 0, found = 0;
    ndi_sgml_el r;
    while (st == ND_OK && ndi_sgml_next(data, len, &pos, "REUTERS", &r)) {
        found++;
        st = parse_one(p, &r, &b, &raw);
    }
    free(conv.data);
    free(b.data);
    free(raw.data);
    if (st == ND_ETOOBIG)
        st = ND_OK;
    if (st == ND_OK && found == 0)
        return ndi_fail(p->hdr, ND_EFORMAT, "no <REUTERS> story in the file");
    return st;
}

const ndi_format ndi_format_reuters = {"reuters", detect, parse};
