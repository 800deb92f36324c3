/* SPDX-License-Identifier: MIT */
/*
 * escape.h - text made safe for every context the web page prints into:
 * HTML text and quoted attribute values, XML, URL query components, JSON
 * strings, and snippets whose query terms are marked "\x01".."\x02".
 * Every function reads any bytes: invalid UTF-8 becomes U+FFFD and control
 * characters become spaces, so nothing hostile passes through.
 */
#ifndef NDI_ESCAPE_H
#define NDI_ESCAPE_H

#include <stddef.h>

#include "ndi.h"

/* Append 'len' bytes of 's' to 'out' for HTML text or a quoted attribute
 * value (& < > " ' escaped). Returns ND_OK or ND_ENOMEM. */
nd_status ndi_esc_html(nd_buf *out, const char *s, size_t len);
/* The same for XML 1.0 (also drops U+FFFE and U+FFFF). */
nd_status ndi_esc_xml(nd_buf *out, const char *s, size_t len);
/* Percent-encode for a URL query component: everything but A-Z a-z 0-9
 * - . _ ~ (a space as "+"). */
nd_status ndi_esc_url(nd_buf *out, const char *s, size_t len);
/* A JSON string literal, quotes included (json-c does the escaping). */
nd_status ndi_esc_json(nd_buf *out, const char *s, size_t len);
/* A snippet as HTML: text escaped, "\x01".."\x02" as <mark>..</mark>
 * (always balanced), newlines as spaces. */
nd_status ndi_esc_snippet(nd_buf *out, const char *s);
/* The NUL-terminated forms. */
nd_status ndi_esc_html_str(nd_buf *out, const char *s);
nd_status ndi_esc_xml_str(nd_buf *out, const char *s);
nd_status ndi_esc_url_str(nd_buf *out, const char *s);

#endif /* NDI_ESCAPE_H */
