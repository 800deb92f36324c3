/* SPDX-License-Identifier: MIT */
/*
 * article.h - internals of nd_article shared with the parsers and the
 * record and index modules.
 */
#ifndef NDI_ARTICLE_H
#define NDI_ARTICLE_H

#include <stdint.h>

#include "ndi.h"

/* Set a field byte for byte, without normalization: for text that is
 * already normalized (records read back). */
nd_status ndi_article_set_raw(nd_article *a, nd_field f, const char *s,
                              size_t len);
size_t ndi_article_body_len(const nd_article *a);
/* The id an article at (abspath, item) gets: 16 hex digits. */
void ndi_article_id_for(const char *abspath, uint32_t item, char out[17]);
ndi_hdr *ndi_article_hdr(nd_article *a);

/* Lone names (a surname, an acronym) the article used but did not resolve
 * to a full name: the index writer resolves them with the collection's
 * alias table. Not part of the record. */
nd_status ndi_article_add_lone(nd_article *a, const char *name, size_t len);
size_t ndi_article_lone_count(const nd_article *a);
const char *ndi_article_lone(const nd_article *a, size_t i);

#endif /* NDI_ARTICLE_H */
