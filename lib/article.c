/* SPDX-License-Identifier: MIT */
/*
 * article.c - nd_article, the normalized article every stage passes on:
 * parsers fill it, records serialize it, the index builder reads it.
 */
#include <config.h>

#include "article.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"

typedef struct entity {
    nd_entity_type type;
    char *name;
} entity;

struct nd_article {
    ndi_hdr hdr;
    char *field[ND_F_COUNT];
    int64_t date;
    nd_datesrc datesrc;
    uint32_t item;
    nd_filestate file;
    entity *ents;
    size_t nents, capents;
    char **lones;
    size_t nlones, caplones;
};

nd_status
nd_article_new(nd_article **out)
{
    nd_article *a = calloc(1, sizeof *a);
    *out = a;
    if (a == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&a->hdr);
    return ND_OK;
}

void
nd_article_free(nd_article *a)
{
    if (a == NULL)
        return;
    for (int i = 0; i < ND_F_COUNT; i++)
        free(a->field[i]);
    for (size_t i = 0; i < a->nents; i++)
        free(a->ents[i].name);
    free(a->ents);
    for (size_t i = 0; i < a->nlones; i++)
        free(a->lones[i]);
    free(a->lones);
    free(a);
}

const char *
nd_article_get(const nd_article *a, nd_field f)
{
    if ((unsigned)f >= ND_F_COUNT || a->field[f] == NULL)
        return "";
    return a->field[f];
}

nd_status
ndi_article_set_raw(nd_article *a, nd_field f, const char *s, size_t len)
{
    if ((unsigned)f >= ND_F_COUNT)
        return ndi_fail(&a->hdr, ND_EINVAL, "no such field %d", (int)f);
    char *p = ndi_strndup(s, len);
    if (p == NULL)
        return ndi_fail(&a->hdr, ND_ENOMEM, "out of memory");
    free(a->field[f]);
    a->field[f] = p;
    return ND_OK;
}

/* Longest text kept in a one-line field: a title or byline longer than
 * this is not a title any more. */
#define FIELD_MAX 2048

nd_status
nd_article_set(nd_article *a, nd_field f, const char *s, size_t len)
{
    if ((unsigned)f >= ND_F_COUNT)
        return ndi_fail(&a->hdr, ND_EINVAL, "no such field %d", (int)f);
    if (f == ND_F_PATH || f == ND_F_ABSPATH)
        return ndi_article_set_raw(a, f, s, len);
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    int mode = f == ND_F_BODY ? NDI_CLEAN_PARAS : NDI_CLEAN_LINE;
    nd_status st = ndi_clean(s, len, mode, f == ND_F_BODY ? 0 : FIELD_MAX, &b);
    if (st == ND_OK)
        st = ndi_article_set_raw(a, f, b.data != NULL ? b.data : "", b.len);
    free(b.data);
    return st;
}

const char *
nd_article_title(const nd_article *a)
{
    return nd_article_get(a, ND_F_TITLE);
}

const char *
nd_article_body(const nd_article *a)
{
    return nd_article_get(a, ND_F_BODY);
}

size_t
ndi_article_body_len(const nd_article *a)
{
    return a->field[ND_F_BODY] != NULL ? strlen(a->field[ND_F_BODY]) : 0;
}

int64_t
nd_article_date(const nd_article *a)
{
    return a->date;
}

nd_datesrc
nd_article_datesrc(const nd_article *a)
{
    return a->datesrc;
}

void
nd_article_set_date(nd_article *a, int64_t t, nd_datesrc src)
{
    a->date = t;
    a->datesrc = src;
}

uint32_t
nd_article_item(const nd_article *a)
{
    return a->item;
}

void
nd_article_set_item(nd_article *a, uint32_t item)
{
    a->item = item;
}

const nd_filestate *
nd_article_file(const nd_article *a)
{
    return &a->file;
}

void
nd_article_set_file(nd_article *a, const nd_filestate *fs)
{
    a->file = *fs;
    a->file.hash[sizeof a->file.hash - 1] = '\0';
}

nd_status
nd_article_add_entity(nd_article *a, nd_entity_type type, const char *name,
                      size_t len)
{
    if ((unsigned)type >= ND_ENT_COUNT)
        return ndi_fail(&a->hdr, ND_EINVAL, "no such entity type %d",
                        (int)type);
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    nd_status st = ndi_clean(name, len, NDI_CLEAN_LINE, 256, &b);
    if (st != ND_OK || b.len == 0)
        goto out;
    for (size_t i = 0; i < a->nents; i++)
        if (a->ents[i].type == type && strcmp(a->ents[i].name, b.data) == 0)
            goto out;
    if (a->nents == a->capents) {
        size_t cap = a->capents ? a->capents * 2 : 8;
        entity *e = realloc(a->ents, cap * sizeof *e);
        if (e == NULL) {
            st = ndi_fail(&a->hdr, ND_ENOMEM, "out of memory");
            goto out;
        }
        a->ents = e;
        a->capents = cap;
    }
    a->ents[a->nents].type = type;
    a->ents[a->nents].name = ndi_buf_steal(&b, NULL);
    a->nents++;
out:
    free(b.data);
    return st;
}

size_t
nd_article_entity_count(const nd_article *a)
{
    return a->nents;
}

const char *
nd_article_entity(const nd_article *a, size_t i, nd_entity_type *type_out)
{
    if (i >= a->nents)
        return NULL;
    if (type_out != NULL)
        *type_out = a->ents[i].type;
    return a->ents[i].name;
}

void
ndi_article_id_for(const char *abspath, uint32_t item, char out[17])
{
    /* The path's bytes, a NUL, then the item in decimal: no two (path,
     * item) pairs hash the same input. */
    char tail[16];
    int m = snprintf(tail, sizeof tail, "%u", (unsigned)item);
    uint64_t h =
        ndi_hash64_parts(abspath, strlen(abspath) + 1, tail, (size_t)m);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

nd_status
nd_article_make_id(nd_article *a)
{
    const char *abs = nd_article_get(a, ND_F_ABSPATH);
    if (*abs == '\0')
        return ndi_fail(&a->hdr, ND_EINVAL, "article has no source path");
    char id[17];
    ndi_article_id_for(abs, a->item, id);
    return ndi_article_set_raw(a, ND_F_ID, id, 16);
}

ndi_hdr *
ndi_article_hdr(nd_article *a)
{
    return &a->hdr;
}

nd_status
ndi_article_add_lone(nd_article *a, const char *name, size_t len)
{
    for (size_t i = 0; i < a->nlones; i++)
        if (strlen(a->lones[i]) == len && memcmp(a->lones[i], name, len) == 0)
            return ND_OK;
    if (a->nlones >= 64)
        return ND_OK; /* plenty */
    if (a->nlones == a->caplones) {
        size_t cap = a->caplones ? a->caplones * 2 : 4;
        char **v = realloc(a->lones, cap * sizeof *v);
        if (v == NULL)
            return ND_ENOMEM;
        a->lones = v;
        a->caplones = cap;
    }
    char *d = ndi_strndup(name, len);
    if (d == NULL)
        return ND_ENOMEM;
    a->lones[a->nlones++] = d;
    return ND_OK;
}

size_t
ndi_article_lone_count(const nd_article *a)
{
    return a->nlones;
}

const char *
ndi_article_lone(const nd_article *a, size_t i)
{
    return i < a->nlones ? a->lones[i] : NULL;
}
