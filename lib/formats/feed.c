/* SPDX-License-Identifier: MIT */
/* feed.c - placeholder: replaced by the format's implementation. */
#include <config.h>

#include "formats.h"

static int
detect(const char *name, const char *head, size_t len)
{
    (void)name;
    (void)head;
    (void)len;
    return 0;
}

static nd_status
parse(ndi_parse *p)
{
    return ndi_fail(p->hdr, ND_EFORMAT, "feed: not implemented yet");
}

const ndi_format ndi_format_rss = {"rss", detect, parse};
const ndi_format ndi_format_atom = {"atom", detect, parse};
