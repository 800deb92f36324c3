/* SPDX-License-Identifier: MIT */
/*
 * formats.h - the contract between the reader and the input formats.
 *
 * A format is one file in lib/formats/ exporting one ndi_format and one
 * line in the table of detect.c. detect() says how sure it is that the
 * bytes are its format; parse() emits articles with the fields the
 * document states (title, body, date, byline, ...). The reader adds the
 * rest: path, item, id, fallback date, entities, file state.
 */
#ifndef NDI_FORMATS_H
#define NDI_FORMATS_H

#include <stddef.h>
#include <stdint.h>

#include "../ndi.h"

typedef struct ndi_parse ndi_parse;

struct ndi_parse {
    ndi_hdr *hdr;     /* where parse() records why it failed */
    const char *name; /* file name (without .gz), for hints */
    const char *data; /* the (inflated) bytes, NUL-terminated */
    size_t len;
    const nd_limits *lim;
    int64_t mtime; /* the file's modification time (s), or 0 */
    /* Hand over an article (always consumed, even on error) as the next
     * item. Returns ND_OK or ND_ETOOBIG when the file has too many items
     * (the parser then stops and returns ND_OK). */
    nd_status (*emit)(ndi_parse *p, nd_article *a);
    /* The next item could not be used: record why and move on. */
    nd_status (*item_error)(ndi_parse *p, const char *reason);
    void *ctx;
};

typedef struct ndi_format {
    const char *name;
    /* 0: not this format; 100: certain. 'head' is the first bytes. */
    int (*detect)(const char *name, const char *head, size_t len);
    /* Returns ND_OK (articles emitted), ND_EFORMAT, ND_ENOMEM. */
    nd_status (*parse)(ndi_parse *p);
} ndi_format;

extern const ndi_format ndi_format_text;
extern const ndi_format ndi_format_html;
extern const ndi_format ndi_format_reuters;
extern const ndi_format ndi_format_rcv1;
extern const ndi_format ndi_format_nitf;
extern const ndi_format ndi_format_warc;
extern const ndi_format ndi_format_jsonl;
extern const ndi_format ndi_format_mail;
extern const ndi_format ndi_format_rss;
extern const ndi_format ndi_format_atom;
extern const ndi_format ndi_format_newsml;
extern const ndi_format ndi_format_trec;

/* The format of a file, or NULL with a reason in '*why'. */
const ndi_format *ndi_detect(const char *name, const char *data, size_t len,
                             const char **why);

/* Whether the file name ends in ".ext" (ASCII case-insensitive). */
int ndi_has_ext(const char *name, const char *ext);
/* Skip leading whitespace and a BOM; return the first significant byte's
 * offset in 'data'. */
size_t ndi_skip_ws_bom(const char *data, size_t len);
/* Whether 'needle' occurs in the first 'len' bytes, case-insensitively. */
int ndi_memcasemem(const char *data, size_t len, const char *needle);

/* 's' without a leading "By " and surrounding space; '*len' updated. */
const char *ndi_byline_strip(const char *s, size_t *len);

#endif /* NDI_FORMATS_H */
