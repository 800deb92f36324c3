/* SPDX-License-Identifier: MIT */
/*
 * markup.h - safe libxml2 parsing of untrusted XML and HTML, and text
 * extraction from the trees (shared by every markup format).
 */
#ifndef NDI_MARKUP_H
#define NDI_MARKUP_H

#include <libxml/tree.h>

#include "formats.h"

/*
 * Parse XML from memory, never loading anything from outside: no network,
 * no DTD, no external or expanded entities; libxml2's own depth and
 * amplification limits apply. Invalid UTF-8 in a document declared (or
 * defaulting to) UTF-8 is repaired as Windows-1252 first.
 * Returns the document (xmlFreeDoc) or NULL with a message in p->hdr.
 */
xmlDocPtr ndi_xml_parse(ndi_parse *p, const char *data, size_t len);

/* Parse HTML. The charset is the BOM's, else 'charset' (from an HTTP
 * header, say; may be NULL), else <meta charset>, else sniffed. */
xmlDocPtr ndi_html_parse(ndi_parse *p, const char *data, size_t len,
                         const char *charset);

/*
 * A news web page as an article (html.c): the story's text without page
 * furniture, and its metadata. 'charset' as for ndi_html_parse(). The
 * article is the caller's. Returns ND_OK, ND_EFORMAT or ND_ENOMEM.
 */
nd_status ndi_html_article(ndi_parse *p, const char *data, size_t len,
                           const char *charset, nd_article **out);
/* The text of an HTML fragment already in UTF-8 (a feed's content), with
 * scripts, navigation and link lists left out; appended to 'out'. */
nd_status ndi_html_text(ndi_parse *p, const char *html, size_t len,
                        nd_buf *out);

/* Case-insensitive element name test. */
int ndi_node_is(const xmlNode *n, const char *name);
/* First descendant (depth-first, 'n' excluded) element named 'name', or
 * NULL. */
xmlNode *ndi_node_find(xmlNode *n, const char *name);
/* First child element named 'name', or NULL. */
xmlNode *ndi_node_child(xmlNode *n, const char *name);
/* An attribute's value (borrowed from the tree) or NULL. */
const char *ndi_node_attr(const xmlNode *n, const char *name);

/*
 * Append the text of 'n' to 'out'. Block elements (p, div, li, h1..h6,
 * br, ...) are separated by a blank line so paragraphs survive
 * normalization. Entity references are not expanded. Elements for which
 * 'skip' returns non-zero are left out (skip may be NULL).
 */
nd_status ndi_node_text(const xmlNode *n, nd_buf *out,
                        int (*skip)(const xmlNode *n, void *ctx), void *ctx);

/* Set field 'f' of 'a' from the text of 'n' (no-op when n is NULL). */
nd_status ndi_set_from_node(nd_article *a, nd_field f, const xmlNode *n);
/* Set field 'f' from a NUL-terminated string (no-op when NULL). */
nd_status ndi_set_str(nd_article *a, nd_field f, const char *s);
/* Set the article's date from text when it parses. Returns 1 if set. */
int ndi_set_date_str(nd_article *a, const char *s);

#endif /* NDI_MARKUP_H */
