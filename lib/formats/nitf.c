/* SPDX-License-Identifier: MIT */
/*
 * nitf.c - News Industry Text Format (IPTC NITF 3.x): <hl1> headline,
 * <byline>, <dateline>, date.issue, doc-id, and <body.content>.
 */
#include <config.h>

#include <string.h>

#include "../langid.h"
#include "../normalize.h"
#include "detect.h"
#include "markup.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    return ndi_root_is(head, len, "nitf") ? 90 : 0;
}

static nd_status
set_byline(nd_article *a, xmlNode *n)
{
    if (n == NULL)
        return ND_OK;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_node_text(n, &b, NULL, NULL);
    if (st == ND_OK && b.len > 0) {
        size_t len = b.len;
        const char *s = ndi_byline_strip(b.data, &len);
        st = nd_article_set(a, ND_F_BYLINE, s, len);
    }
    free(b.data);
    return st;
}

/* The dateline without its date: "Kyiv, January 3, 2024" -> "Kyiv". */
static nd_status
set_dateline(nd_article *a, xmlNode *dl)
{
    if (dl == NULL)
        return ND_OK;
    xmlNode *loc = ndi_node_find(dl, "location");
    if (loc != NULL)
        return ndi_set_from_node(a, ND_F_DATELINE, loc);
    return ndi_set_from_node(a, ND_F_DATELINE, dl);
}

static nd_status
parse(ndi_parse *p)
{
    xmlDocPtr doc = ndi_xml_parse(p, p->data, p->len);
    if (doc == NULL)
        return ND_EFORMAT;
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *head = ndi_node_child(root, "head");
    xmlNode *body = ndi_node_child(root, "body");
    xmlNode *bhead = ndi_node_child(body, "body.head");
    xmlNode *docdata = ndi_node_child(head, "docdata");
    xmlNode *pubdata = ndi_node_child(head, "pubdata");
    nd_article *a = NULL;
    nd_status st = nd_article_new(&a);
    if (st != ND_OK)
        goto out;

    xmlNode *hl = ndi_node_find(bhead, "hl1");
    st = ndi_set_from_node(a, ND_F_TITLE,
                           hl != NULL ? hl : ndi_node_child(head, "title"));
    if (st == ND_OK)
        st = set_byline(a, ndi_node_find(bhead, "byline"));
    if (st == ND_OK)
        st = set_dateline(a, ndi_node_find(bhead, "dateline"));
    if (st == ND_OK)
        st = ndi_set_str(
            a, ND_F_DOCNO,
            ndi_node_attr(ndi_node_child(docdata, "doc-id"), "id-string"));
    if (st == ND_OK) {
        const char *src = NULL;
        for (xmlNode *m = head != NULL ? head->children : NULL; m != NULL;
             m = m->next) {
            const char *nm = ndi_node_attr(m, "name");
            if (ndi_node_is(m, "meta") && nm != NULL &&
                strcmp(nm, "source") == 0)
                src = ndi_node_attr(m, "content");
        }
        if (src == NULL)
            src = ndi_node_attr(pubdata, "name");
        if (src == NULL)
            src = ndi_node_attr(ndi_node_child(docdata, "doc.copyright"),
                                "holder");
        st = ndi_set_str(a, ND_F_SOURCE, src);
    }
    if (st == ND_OK)
        st = ndi_set_str(a, ND_F_URL, ndi_node_attr(pubdata, "ex-ref"));
    if (st == ND_OK) {
        const char *lang = ndi_node_attr(root, "lang");
        st = ndi_lang_set(a, lang, lang != NULL ? strlen(lang) : 0);
    }
    if (st == ND_OK) {
        xmlNode *content = ndi_node_child(body, "body.content");
        st = ndi_set_from_node(a, ND_F_BODY, content != NULL ? content : body);
    }
    if (st == ND_OK &&
        !ndi_set_date_str(
            a, ndi_node_attr(ndi_node_child(docdata, "date.issue"), "norm")) &&
        !ndi_set_date_str(a, ndi_node_attr(pubdata, "date.publication")))
        ndi_set_date_str(
            a, ndi_node_attr(ndi_node_find(bhead, "story.date"), "norm"));
out:
    xmlFreeDoc(doc);
    if (st != ND_OK) {
        nd_article_free(a);
        return ndi_fail(p->hdr, st, "out of memory");
    }
    st = p->emit(p, a);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_nitf = {"nitf", detect, parse};
