/* SPDX-License-Identifier: MIT */
/*
 * warc.c - WARC files. newsdex's own conversion records (what
 * newsdex-ingest writes) come back as the articles they hold; records
 * that carry no article (warcinfo, request, metadata) are passed over.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "../normalize.h"
#include "../record.h"
#include "formats.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    size_t off = ndi_skip_ws_bom(head, len);
    return len - off >= 8 && memcmp(head + off, "WARC/1.", 7) == 0 ? 100 : 0;
}

static int
is_type(const ndi_warc_rec *rec, const char *type)
{
    size_t n;
    const char *v = ndi_warc_get(rec, "WARC-Type", &n);
    return v != NULL && n == strlen(type) && memcmp(v, type, n) == 0;
}

static nd_status
parse(ndi_parse *p)
{
    ndi_warc_rec *rec = malloc(sizeof *rec);
    if (rec == NULL)
        return ndi_fail(p->hdr, ND_ENOMEM, "out of memory");
    size_t pos = 0, records = 0;
    nd_status st = ND_OK;
    for (;;) {
        ndi_hdr h;
        ndi_hdr_init(&h);
        st = ndi_warc_next(&h, p->data, p->len, &pos, rec);
        if (st == ND_DONE) {
            st = ND_OK;
            break;
        }
        if (st != ND_OK) {
            /* Framing is lost: the rest of the file cannot be read. */
            if (records == 0) {
                ndi_pass(p->hdr, &h, st);
                break;
            }
            st = p->item_error(p, h.errmsg);
            break;
        }
        records++;
        if (!is_type(rec, "conversion"))
            continue;
        nd_article *a = NULL;
        st = ndi_record_to_article(&h, rec, &a);
        if (st == ND_ENOMEM)
            break;
        if (st != ND_OK) {
            if ((st = p->item_error(p, h.errmsg)) != ND_OK)
                break;
            continue;
        }
        st = p->emit(p, a);
        if (st != ND_OK)
            break;
    }
    free(rec);
    return st == ND_ETOOBIG ? ND_OK : st;
}

const ndi_format ndi_format_warc = {"warc", detect, parse};
