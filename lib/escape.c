/* SPDX-License-Identifier: MIT */
/*
 * escape.c - escaping for HTML, XML, URLs, JSON and marked snippets. One
 * walk over the UTF-8 text does the work for HTML and XML, so the rule
 * "invalid bytes become U+FFFD, controls become spaces" holds everywhere.
 */
#include <config.h>

#include "escape.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "normalize.h"

enum { MODE_HTML, MODE_XML };

/* The entity for an ASCII byte that markup must escape, or NULL. */
static const char *
entity(unsigned char ch)
{
    switch (ch) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

static nd_status
esc_markup(nd_buf *out, const char *s, size_t len, int mode)
{
    const unsigned char *p = (const unsigned char *)s;
    nd_status st = ND_OK;
    for (size_t i = 0; i < len && st == ND_OK;) {
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            st = nd_buf_append(out, "\xEF\xBF\xBD", 3);
            i++;
            continue;
        }
        const char *ent = n == 1 ? entity(p[i]) : NULL;
        if (ent != NULL)
            st = ndi_buf_puts(out, ent);
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            st = ndi_buf_putc(out, ' ');
        else if (mode == MODE_XML && (cp == 0xFFFE || cp == 0xFFFF))
            st = nd_buf_append(out, "\xEF\xBF\xBD", 3);
        else
            st = nd_buf_append(out, p + i, n);
        i += n;
    }
    return st;
}

nd_status
ndi_esc_html(nd_buf *out, const char *s, size_t len)
{
    return esc_markup(out, s, len, MODE_HTML);
}

nd_status
ndi_esc_xml(nd_buf *out, const char *s, size_t len)
{
    return esc_markup(out, s, len, MODE_XML);
}

nd_status
ndi_esc_url(nd_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    nd_status st = ND_OK;
    for (size_t i = 0; i < len && st == ND_OK; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
            ch == '~') {
            st = ndi_buf_putc(out, (char)ch);
        } else if (ch == ' ') {
            st = ndi_buf_putc(out, '+');
        } else {
            char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            st = nd_buf_append(out, e, 3);
        }
    }
    return st;
}

nd_status
ndi_esc_json(nd_buf *out, const char *s, size_t len)
{
    /* valid UTF-8 without controls first: json-c copies bytes as they are */
    nd_buf clean = {0};
    ndi_hdr_init(&clean.hdr);
    nd_status st = ND_OK;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len && st == ND_OK;) {
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            st = nd_buf_append(&clean, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            st = cp < 0x20 || cp == 0x7F ? ndi_buf_putc(&clean, ' ')
                                         : nd_buf_append(&clean, p + i, n);
            i += n;
        }
    }
    json_object *o = NULL;
    if (st == ND_OK) {
        o = json_object_new_string_len(clean.data != NULL ? clean.data : "",
                                       (int)clean.len);
        const char *js = o != NULL ? json_object_to_json_string_ext(
                                         o, JSON_C_TO_STRING_PLAIN |
                                                JSON_C_TO_STRING_NOSLASHESCAPE)
                                   : NULL;
        st = js != NULL ? ndi_buf_puts(out, js) : ND_ENOMEM;
    }
    json_object_put(o);
    free(clean.data);
    return st;
}

nd_status
ndi_esc_snippet(nd_buf *out, const char *s)
{
    nd_status st = ND_OK;
    int open = 0;
    while (*s != '\0' && st == ND_OK) {
        size_t n = strcspn(s, "\x01\x02\n");
        st = esc_markup(out, s, n, MODE_HTML);
        s += n;
        if (st != ND_OK || *s == '\0')
            break;
        if (*s == '\x01' && !open) {
            st = ndi_buf_puts(out, "<mark>");
            open = 1;
        } else if (*s == '\x02' && open) {
            st = ndi_buf_puts(out, "</mark>");
            open = 0;
        } else if (*s == '\n') {
            st = ndi_buf_putc(out, ' ');
        }
        s++;
    }
    if (st == ND_OK && open)
        st = ndi_buf_puts(out, "</mark>");
    return st;
}

nd_status
ndi_esc_html_str(nd_buf *out, const char *s)
{
    return ndi_esc_html(out, s, strlen(s));
}

nd_status
ndi_esc_xml_str(nd_buf *out, const char *s)
{
    return ndi_esc_xml(out, s, strlen(s));
}

nd_status
ndi_esc_url_str(nd_buf *out, const char *s)
{
    return ndi_esc_url(out, s, strlen(s));
}
