/* SPDX-License-Identifier: MIT */
/*
 * detect.c - which format a file is in, by content first and name second.
 * Adding a format: one file in lib/formats/ and one line in 'formats'.
 */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "../normalize.h"
#include "detect.h"
#include "formats.h"

/* clang-format off */
static const ndi_format *const formats[] = {
    &ndi_format_warc,
    &ndi_format_jsonl,
    &ndi_format_mail,
    &ndi_format_rss,
    &ndi_format_atom,
    &ndi_format_newsml,
    &ndi_format_reuters,
    &ndi_format_rcv1,
    &ndi_format_nitf,
    &ndi_format_trec,
    &ndi_format_html,
    &ndi_format_text,
};
/* clang-format on */

/* Bytes of the head a detector sees. */
#define HEAD_BYTES 8192

int
ndi_has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e + 1 && name[n - e - 1] == '.' &&
           ndi_strncaseeq(name + n - e, ext, e);
}

size_t
ndi_skip_ws_bom(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    return i;
}

int
ndi_memcasemem(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return 1;
    for (size_t i = 0; i + n <= len; i++)
        if (ndi_strncaseeq(data + i, needle, n))
            return 1;
    return 0;
}

size_t
ndi_root_name(const char *data, size_t len, char *out, size_t outlen)
{
    size_t i = ndi_skip_ws_bom(data, len);
    out[0] = '\0';
    while (i < len) {
        while (i < len && isspace((unsigned char)data[i]))
            i++;
        if (i >= len || data[i] != '<')
            return 0;
        if (i + 4 <= len && memcmp(data + i, "<!--", 4) == 0) {
            const char *e = NULL;
            for (size_t j = i + 4; j + 3 <= len; j++)
                if (memcmp(data + j, "-->", 3) == 0) {
                    e = data + j + 3;
                    break;
                }
            if (e == NULL)
                return 0;
            i = (size_t)(e - data);
            continue;
        }
        if (i + 1 < len && (data[i + 1] == '?' || data[i + 1] == '!')) {
            /* <?xml ...?> or <!DOCTYPE ...> (an internal subset may hold
             * '>' characters: skip to the matching "]>" then) */
            int subset = 0;
            size_t j = i + 2;
            for (; j < len; j++) {
                if (data[j] == '[')
                    subset = 1;
                else if (data[j] == ']')
                    subset = 0;
                else if (data[j] == '>' && !subset)
                    break;
            }
            if (j >= len)
                return 0;
            if (data[i + 1] == '!' &&
                ndi_strncaseeq(data + i + 2, "doctype", 7)) {
                /* The doctype names the root. */
                size_t k = i + 9;
                while (k < j && isspace((unsigned char)data[k]))
                    k++;
                size_t m = 0;
                while (k < j && m + 1 < outlen &&
                       (isalnum((unsigned char)data[k]) || data[k] == '-' ||
                        data[k] == ':' || data[k] == '_' || data[k] == '.'))
                    out[m++] = data[k++];
                out[m] = '\0';
                if (m > 0)
                    return m;
            }
            i = j + 1;
            continue;
        }
        size_t k = i + 1, m = 0;
        while (k < len && m + 1 < outlen &&
               (isalnum((unsigned char)data[k]) || data[k] == '-' ||
                data[k] == ':' || data[k] == '_' || data[k] == '.'))
            out[m++] = data[k++];
        out[m] = '\0';
        return m;
    }
    return 0;
}

int
ndi_root_is(const char *data, size_t len, const char *name)
{
    char root[64];
    if (ndi_root_name(data, len, root, sizeof root) == 0)
        return 0;
    /* A namespace prefix does not matter: "nitf:nitf" is nitf. */
    const char *local = strrchr(root, ':');
    local = local != NULL ? local + 1 : root;
    return ndi_strncaseeq(local, name, strlen(name) + 1);
}

/* Where the markup prolog of 'data' ends: after the XML declaration,
 * comments, processing instructions and the DOCTYPE (with its internal
 * subset); 0 when 'data' does not start with markup. Linear. */
static size_t
prolog_end(const char *data, size_t len)
{
    size_t i = ndi_skip_ws_bom(data, len), last = 0;
    while (i + 1 < len && data[i] == '<' &&
           (data[i + 1] == '?' || data[i + 1] == '!')) {
        const char *e;
        if (i + 4 <= len && memcmp(data + i, "<!--", 4) == 0) {
            e = NULL;
            for (size_t j = i + 4; j + 3 <= len; j++)
                if (memcmp(data + j, "-->", 3) == 0) {
                    e = data + j + 3;
                    break;
                }
        } else {
            int subset = 0;
            e = NULL;
            for (size_t j = i + 2; j < len; j++) {
                if (data[j] == '[')
                    subset = 1;
                else if (data[j] == ']')
                    subset = 0;
                else if (data[j] == '>' && !subset) {
                    e = data + j + 1;
                    break;
                }
            }
        }
        if (e == NULL)
            return last;
        i = (size_t)(e - data);
        last = i;
        while (i < len && isspace((unsigned char)data[i]))
            i++;
    }
    return last;
}

const ndi_format *
ndi_detect(const char *name, const char *data, size_t len, const char **why)
{
    const ndi_format *best = NULL;
    int best_score = 0;
    *why = NULL;
    if (ndi_skip_ws_bom(data, len) == len) {
        *why = "empty file";
        return NULL;
    }
    /* A long prolog (a DOCTYPE with a big internal subset, comments) may
     * push the root element past the head: then the head starts after it. */
    size_t skip = prolog_end(data, len);
    if (skip > HEAD_BYTES / 2 && skip < len) {
        data += skip;
        len -= skip;
    }
    size_t head = len < HEAD_BYTES ? len : HEAD_BYTES;
    for (size_t i = 0; i < NDI_ARRAY_LEN(formats); i++) {
        int s = formats[i]->detect(name, data, head);
        if (s > best_score) {
            best = formats[i];
            best_score = s;
        }
    }
    if (best == NULL) {
        char root[64];
        if (ndi_root_name(data, head, root, sizeof root) > 0)
            *why = "markup of a kind newsdex does not read";
        else
            *why = "binary data, not a news format";
    }
    return best;
}

const char *
ndi_byline_strip(const char *s, size_t *len)
{
    while (*len > 0 && isspace((unsigned char)*s)) {
        s++;
        (*len)--;
    }
    if (*len > 3 && ndi_strncaseeq(s, "by", 2) &&
        isspace((unsigned char)s[2])) {
        s += 3;
        *len -= 3;
    }
    while (*len > 0 && isspace((unsigned char)s[*len - 1]))
        (*len)--;
    return s;
}
