/* SPDX-License-Identifier: MIT */
/*
 * reuters.c - Reuters-21578 as XML: one <REUTERS> per file or many under
 * a <LEWIS> root. Bodies are wrapped at ~65 columns and paragraphs start
 * with an indented line; the "Reuter" sign-off is not article text.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize.h"
#include "detect.h"
#include "markup.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    if (ndi_root_is(head, len, "REUTERS") || ndi_root_is(head, len, "LEWIS"))
        return 90;
    return 0;
}

/* Join wrapped lines; an indented line begins a paragraph. */
static nd_status
unwrap(const char *s, nd_buf *out)
{
    nd_status st = ND_OK;
    int first = 1;
    while (*s != '\0' && st == ND_OK) {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
        int indented = n > 0 && (s[0] == ' ' || s[0] == '\t');
        if (!first)
            st = ndi_buf_puts(out, indented ? "\n\n" : " ");
        if (st == ND_OK)
            st = nd_buf_append(out, s, n);
        first = 0;
        s += n;
        if (*s == '\n')
            s++;
    }
    if (st != ND_OK)
        return st;
    /* Drop the sign-off: "... Reuter" or "REUTER" as the last word. */
    size_t len = out->len;
    while (len > 0 && (isspace((unsigned char)out->data[len - 1]) ||
                       out->data[len - 1] == '\x03'))
        len--;
    if (len >= 6 && ndi_strncaseeq(out->data + len - 6, "reuter", 6) &&
        (len == 6 || isspace((unsigned char)out->data[len - 7]))) {
        len -= 6;
        out->len = len;
        out->data[len] = '\0';
    }
    return ND_OK;
}

static nd_status
parse_one(ndi_parse *p, xmlNode *r)
{
    nd_article *a = NULL;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        return ndi_fail(p->hdr, st, "out of memory");
    xmlNode *text = ndi_node_child(r, "TEXT");
    xmlNode *date = ndi_node_child(r, "DATE");
    st = ndi_set_str(a, ND_F_DOCNO, ndi_node_attr(r, "NEWID"));
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_SOURCE, "Reuters");
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_TITLE, ndi_node_child(text, "TITLE"));
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_BYLINE, ndi_node_child(text, "AUTHOR"));
    if (st == ND_OK && date != NULL) {
        st = ndi_node_text(date, &b, NULL, NULL);
        if (st == ND_OK)
            ndi_set_date_str(a, nd_buf_data(&b));
        nd_buf_clear(&b);
    }
    xmlNode *dl = ndi_node_child(text, "DATELINE");
    if (st == ND_OK && dl != NULL) {
        st = ndi_node_text(dl, &b, NULL, NULL);
        size_t n = b.len;
        while (n > 0 &&
               (isspace((unsigned char)b.data[n - 1]) || b.data[n - 1] == '-'))
            n--;
        if (st == ND_OK && n > 0)
            st = nd_article_set(a, ND_F_DATELINE, b.data, n);
        nd_buf_clear(&b);
    }
    if (st == ND_OK) {
        xmlNode *body = ndi_node_child(text, "BODY");
        nd_buf raw = {0};
        ndi_hdr_init(&raw.hdr);
        /* Unprocessed and brief stories have no BODY: their TEXT is it. */
        st = ndi_node_text(body != NULL ? body : text, &raw, NULL, NULL);
        if (st == ND_OK && body == NULL) {
            /* the title and dateline are inside TEXT too: keep only the
             * loose text of TEXT itself */
            nd_buf_clear(&raw);
            for (xmlNode *c = text != NULL ? text->children : NULL; c != NULL;
                 c = c->next)
                if ((c->type == XML_TEXT_NODE ||
                     c->type == XML_CDATA_SECTION_NODE) &&
                    c->content != NULL && st == ND_OK)
                    st = ndi_buf_puts(&raw, (const char *)c->content);
        }
        if (st == ND_OK)
            st = unwrap(nd_buf_data(&raw), &b);
        if (st == ND_OK)
            st = nd_article_set(a, ND_F_BODY, nd_buf_data(&b), b.len);
        free(raw.data);
    }
    free(b.data);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    return p->emit(p, a);
}

static nd_status
parse(ndi_parse *p)
{
    xmlDocPtr doc = ndi_xml_parse(p, p->data, p->len);
    if (doc == NULL)
        return ND_EFORMAT;
    xmlNode *root = xmlDocGetRootElement(doc);
    nd_status st = ND_OK;
    size_t found = 0;
    if (ndi_node_is(root, "REUTERS")) {
        found = 1;
        st = parse_one(p, root);
    } else {
        for (xmlNode *c = root->children; c != NULL && st == ND_OK; c = c->next)
            if (ndi_node_is(c, "REUTERS")) {
                found++;
                st = parse_one(p, c);
            }
    }
    xmlFreeDoc(doc);
    if (st == ND_ETOOBIG)
        st = ND_OK;
    if (st == ND_OK && found == 0)
        return ndi_fail(p->hdr, ND_EFORMAT, "no <REUTERS> story in the file");
    return st;
}

const ndi_format ndi_format_reuters = {"reuters", detect, parse};
