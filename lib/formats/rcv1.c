/* SPDX-License-Identifier: MIT */
/*
 * rcv1.c - Reuters Corpus Volume 1 <newsitem> files: itemid and date as
 * attributes, <headline>, <byline>, <dateline>, <text><p>..</p></text>,
 * publisher in the <metadata> dc elements.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    return ndi_root_is(head, len, "newsitem") ? 90 : 0;
}

/* The value of <dc element="NAME" value="..."/> under <metadata>. */
static const char *
dc_value(xmlNode *meta, const char *name)
{
    for (xmlNode *c = meta != NULL ? meta->children : NULL; c != NULL;
         c = c->next) {
        const char *el = ndi_node_attr(c, "element");
        if (ndi_node_is(c, "dc") && el != NULL && strcmp(el, name) == 0)
            return ndi_node_attr(c, "value");
    }
    return NULL;
}

/* "MOSCOW 2023-03-22" -> "MOSCOW": the date is in the date attribute. */
static nd_status
set_dateline(nd_article *a, xmlNode *dl)
{
    if (dl == NULL)
        return ND_OK;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_node_text(dl, &b, NULL, NULL);
    size_t n = b.len;
    while (n > 0 && isspace((unsigned char)b.data[n - 1]))
        n--;
    size_t w = n;
    while (w > 0 && !isspace((unsigned char)b.data[w - 1]))
        w--;
    int64_t t;
    if (w > 0 && ndi_date_parse(b.data + w, n - w, &t))
        n = w;
    if (st == ND_OK && n > 0)
        st = nd_article_set(a, ND_F_DATELINE, b.data, n);
    free(b.data);
    return st;
}

static nd_status
parse(ndi_parse *p)
{
    xmlDocPtr doc = ndi_xml_parse(p, p->data, p->len);
    if (doc == NULL)
        return ND_EFORMAT;
    xmlNode *root = xmlDocGetRootElement(doc);
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        goto out;
    xmlNode *meta = ndi_node_child(root, "metadata");
    xmlNode *title = ndi_node_child(root, "headline");
    if (title == NULL || title->children == NULL)
        title = ndi_node_child(root, "title");
    st = ndi_set_from_node(a, ND_F_TITLE, title);
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_DOCNO, ndi_node_attr(root, "itemid"));
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_BYLINE, ndi_node_child(root, "byline"));
    if (st == ND_OK)
        st = set_dateline(a, ndi_node_child(root, "dateline"));
    if (st == ND_OK) {
        const char *src = dc_value(meta, "dc.publisher");
        if (src == NULL)
            src = dc_value(meta, "dc.source");
        st = ndi_set_str(a, ND_F_SOURCE, src);
    }
    if (st == ND_OK) {
        const char *lang = ndi_node_attr(root, "lang");
        st = ndi_lang_set(a, lang, lang != NULL ? strlen(lang) : 0);
    }
    if (st == ND_OK)
        st = ndi_set_from_node(a, ND_F_BODY, ndi_node_child(root, "text"));
    if (st == ND_OK && !ndi_set_date_str(a, ndi_node_attr(root, "date")))
        ndi_set_date_str(a, dc_value(meta, "dc.date.published"));
out:
    xmlFreeDoc(doc);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    st = p->emit(p, a);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_rcv1 = {"rcv1", detect, parse};
