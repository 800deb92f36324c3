/* SPDX-License-Identifier: MIT */
/*
 * error.c - status texts and per-handle error messages.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ndi.h"

static const char *const status_text[ND_STATUS_COUNT] = {
    [ND_OK] = "success",
    [ND_DONE] = "no more items",
    [ND_ENOMEM] = "out of memory",
    [ND_EINVAL] = "invalid argument",
    [ND_EIO] = "input/output error",
    [ND_EFORMAT] = "unreadable or unsupported format",
    [ND_ETOOBIG] = "input exceeds a size limit",
    [ND_ENOTFOUND] = "not found",
    [ND_EQUERY] = "query syntax error",
    [ND_EXAPIAN] = "Xapian error",
    [ND_ELOCKED] = "collection is locked by another writer",
    [ND_EMODIFIED] = "collection changed while reading",
    [ND_ECORRUPT] = "collection or record is damaged",
    [ND_EVERSION] = "unknown collection schema version",
    [ND_EINTERNAL] = "internal error",
};

const char *
nd_strerror(nd_status st)
{
    if ((unsigned)st >= ND_STATUS_COUNT)
        return "unknown status";
    return status_text[st];
}

const char *
nd_errmsg(const void *handle)
{
    const ndi_hdr *h = handle;
    if (h == NULL || h->magic != NDI_MAGIC)
        return "";
    return h->errmsg;
}

void
ndi_hdr_init(ndi_hdr *h)
{
    h->magic = NDI_MAGIC;
    h->errmsg[0] = '\0';
}

void
ndi_clear(ndi_hdr *h)
{
    if (h != NULL)
        h->errmsg[0] = '\0';
}

nd_status
ndi_vfail(ndi_hdr *h, nd_status st, const char *fmt, va_list ap)
{
    if (h != NULL) {
        /* The message may be built from the old one: format to a copy. */
        char tmp[NDI_ERRMSG_MAX];
        vsnprintf(tmp, sizeof tmp, fmt, ap);
        /* Messages are printed and may quote the input: no control bytes
         * that a terminal would obey (found by fuzz_warc). */
        for (char *c = tmp; *c != '\0'; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7F)
                *c = '?';
        memcpy(h->errmsg, tmp, sizeof tmp);
    }
    return st;
}

nd_status
ndi_fail(ndi_hdr *h, nd_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ndi_vfail(h, st, fmt, ap);
    va_end(ap);
    return st;
}

nd_status
ndi_pass(ndi_hdr *to, const ndi_hdr *from, nd_status st)
{
    if (to != NULL && from != NULL && to != from)
        memcpy(to->errmsg, from->errmsg, sizeof to->errmsg);
    return st;
}
