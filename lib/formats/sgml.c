/* SPDX-License-Identifier: MIT */
/*
 * sgml.c - the tag-soup scanner shared by TREC and Reuters-21578: plain C
 * on the bytes, since libxml2's HTML parser rebuilds SGML news files into
 * an HTML tree (and its XML parser refuses them).
 */
#include <config.h>

#include "sgml.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "../normalize.h"

/* A tag longer than this is text with a stray '<' in it (ndi_sgml_text). */
#define TAG_MAX 1024
/* The longest entity name looked up ("&thetasym;" is 8). */
#define ENTITY_NAME_MAX 32

static int
is_name_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
}

/* Whether s[i..len) begins with 'name' (case-insensitive) as a whole
 * name: the byte after it is not a name character. */
static int
name_at(const char *s, size_t len, size_t i, const char *name, size_t nlen)
{
    return i + nlen <= len && ndi_strncaseeq(s + i, name, nlen) &&
           (i + nlen == len || !is_name_char((unsigned char)s[i + nlen]));
}

/* The first occurrence of 'needle' in s[from..len), or len. */
static size_t
find_str(const char *s, size_t len, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    while (from + n <= len) {
        const char *p = memchr(s + from, needle[0], len - from - n + 1);
        if (p == NULL)
            break;
        size_t k = (size_t)(p - s);
        if (memcmp(p, needle, n) == 0)
            return k;
        from = k + 1;
    }
    return len;
}

/*
 * At s[i] == '<': when a comment, CDATA section, declaration or
 * processing instruction starts there, the offset just past it; else i.
 * A declaration without '>' before the next '<' ends at that '<'.
 */
static size_t
skip_special(const char *s, size_t len, size_t i)
{
    if (i + 1 >= len || (s[i + 1] != '!' && s[i + 1] != '?'))
        return i;
    if (i + 4 <= len && memcmp(s + i, "<!--", 4) == 0) {
        size_t e = find_str(s, len, i + 4, "-->");
        return e < len ? e + 3 : len;
    }
    if (i + 9 <= len && memcmp(s + i, "<![CDATA[", 9) == 0) {
        size_t e = find_str(s, len, i + 9, "]]>");
        return e < len ? e + 3 : len;
    }
    size_t j = i + 2;
    while (j < len && s[j] != '>' && s[j] != '<')
        j++;
    return j < len && s[j] == '>' ? j + 1 : j;
}

/*
 * The end of the tag starting at s[i] == '<': the offset past its '>'
 * ('>' inside quotes does not count), or of the '<' or end of span that
 * cuts it short. '*closed' says whether '>' was found, '*empty' whether
 * the tag ends in "/>".
 */
static size_t
tag_end(const char *s, size_t len, size_t i, int *closed, int *empty)
{
    char quote = 0;
    *closed = *empty = 0;
    for (size_t j = i + 1; j < len; j++) {
        char c = s[j];
        if (c == '<')
            return j;
        if (quote != 0) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            *closed = 1;
            *empty = s[j - 1] == '/';
            return j + 1;
        }
    }
    return len;
}

/*
 * The next start or end tag named 'name' in s[from..len), outside
 * comments and declarations: its offset (of '<'), with '*is_end' set for
 * an end tag; len when there is none.
 */
static size_t
find_tag(const char *s, size_t len, size_t from, const char *name, size_t nlen,
         int *is_end)
{
    size_t i = from;
    while (i < len) {
        const char *p = memchr(s + i, '<', len - i);
        if (p == NULL)
            break;
        i = (size_t)(p - s);
        size_t k = skip_special(s, len, i);
        if (k > i) {
            i = k;
            continue;
        }
        if (name_at(s, len, i + 1, name, nlen)) {
            *is_end = 0;
            return i;
        }
        if (i + 1 < len && s[i + 1] == '/' &&
            name_at(s, len, i + 2, name, nlen)) {
            *is_end = 1;
            return i;
        }
        i++;
    }
    *is_end = 0;
    return len;
}

/* The element whose start tag begins at s[i]; its name is nlen bytes. */
static void
element_at(const char *s, size_t len, size_t i, const char *name, size_t nlen,
           ndi_sgml_el *out)
{
    int closed, empty;
    size_t c = tag_end(s, len, i, &closed, &empty);
    out->tag = s + i;
    out->tag_len = c - i;
    out->text = s + c;
    out->text_len = 0;
    out->end = c;
    if (empty)
        return;
    int is_end;
    size_t k = find_tag(s, len, c, name, nlen, &is_end);
    out->text_len = k - c;
    out->end = k;
    if (is_end && k < len)
        out->end = tag_end(s, len, k, &closed, &empty);
}

int
ndi_sgml_next(const char *s, size_t len, size_t *pos, const char *name,
              ndi_sgml_el *out)
{
    size_t nlen = strlen(name);
    size_t i = *pos;
    while (i < len) {
        int is_end;
        i = find_tag(s, len, i, name, nlen, &is_end);
        if (i >= len)
            break;
        if (is_end) { /* a stray end tag */
            i++;
            continue;
        }
        element_at(s, len, i, name, nlen, out);
        *pos = out->end;
        return 1;
    }
    *pos = len;
    return 0;
}

int
ndi_sgml_first(const char *s, size_t len, const char *name, ndi_sgml_el *out)
{
    size_t pos = 0;
    return ndi_sgml_next(s, len, &pos, name, out);
}

size_t
ndi_sgml_fields(const char *s, size_t len, const char *const *names, size_t n,
                ndi_sgml_el *out)
{
    size_t found = 0;
    for (size_t k = 0; k < n; k++)
        out[k].tag = NULL;
    size_t i = 0;
    while (i < len && found < n) {
        const char *p = memchr(s + i, '<', len - i);
        if (p == NULL)
            break;
        i = (size_t)(p - s);
        size_t k = skip_special(s, len, i);
        if (k > i) {
            i = k;
            continue;
        }
        size_t m = i + 1;
        while (m < len && is_name_char((unsigned char)s[m]))
            m++;
        size_t nlen = m - i - 1;
        for (size_t f = 0; f < n && nlen > 0; f++) {
            if (out[f].tag == NULL && strlen(names[f]) == nlen &&
                ndi_strncaseeq(s + i + 1, names[f], nlen)) {
                element_at(s, len, i, names[f], nlen, &out[f]);
                found++;
                break;
            }
        }
        i++;
    }
    return found;
}

int
ndi_sgml_attr(const ndi_sgml_el *el, const char *name, const char **val,
              size_t *vlen)
{
    const char *s = el->tag;
    size_t len = el->tag_len, nlen = strlen(name);
    size_t i = 1;
    while (i < len && is_name_char((unsigned char)s[i]))
        i++; /* the element's name */
    while (i < len) {
        while (i < len && !is_name_char((unsigned char)s[i]))
            i++;
        size_t a = i;
        while (i < len && is_name_char((unsigned char)s[i]))
            i++;
        size_t alen = i - a;
        while (i < len && isspace((unsigned char)s[i]))
            i++;
        const char *v = s + i;
        size_t n = 0;
        if (i < len && s[i] == '=') {
            i++;
            while (i < len && isspace((unsigned char)s[i]))
                i++;
            if (i < len && (s[i] == '"' || s[i] == '\'')) {
                char q = s[i++];
                v = s + i;
                while (i < len && s[i] != q)
                    i++;
                n = (size_t)(s + i - v);
                if (i < len)
                    i++;
            } else {
                v = s + i;
                while (i < len && !isspace((unsigned char)s[i]) && s[i] != '>')
                    i++;
                n = (size_t)(s + i - v);
            }
        }
        if (alen > 0 && alen == nlen && ndi_strncaseeq(s + a, name, nlen)) {
            *val = v;
            *vlen = n;
            return 1;
        }
        if (alen == 0 && i < len)
            i++; /* a stray byte such as '/', '"' or '=' */
    }
    return 0;
}

/* ---- text ------------------------------------------------------------ */

/* Windows-1252 for &#128;..&#159;, as browsers read them (0: undefined). */
static const uint16_t cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static nd_status
put_cp(nd_buf *out, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x20 || cp == 0x7F)
        cp = cp == '\t' || cp == '\n' || cp == '\r' ? cp : ' ';
    else if (cp >= 0x80 && cp < 0xA0)
        cp = cp1252[cp - 0x80] != 0 ? cp1252[cp - 0x80] : ' ';
    else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nd_buf_append(out, u, n);
}

/*
 * The character reference at s[i] == '&': its code point in '*cp' and its
 * length, or 0 when it is not one newsdex knows (then it is text).
 */
static size_t
reference(const char *s, size_t len, size_t i, uint32_t *cp)
{
    size_t j = i + 1;
    if (j < len && s[j] == '#') {
        int hex = j + 1 < len && (s[j + 1] == 'x' || s[j + 1] == 'X');
        j += hex ? 2 : 1;
        uint32_t v = 0;
        size_t digits = 0;
        while (j < len && digits < 8 &&
               (hex ? isxdigit((unsigned char)s[j])
                    : isdigit((unsigned char)s[j]))) {
            int d = isdigit((unsigned char)s[j])
                        ? s[j] - '0'
                        : (tolower((unsigned char)s[j]) - 'a' + 10);
            v = v * (hex ? 16 : 10) + (uint32_t)d;
            j++;
            digits++;
        }
        if (digits == 0)
            return 0;
        while (j < len && (hex ? isxdigit((unsigned char)s[j])
                               : isdigit((unsigned char)s[j]))) {
            v = 0x110000; /* too many digits: out of range */
            j++;
        }
        if (j < len && s[j] == ';')
            j++;
        *cp = v;
        return j - i;
    }
    char name[ENTITY_NAME_MAX + 1];
    size_t n = 0;
    while (j < len && n < ENTITY_NAME_MAX && isalnum((unsigned char)s[j]))
        name[n++] = s[j++];
    if (n == 0 || j >= len || s[j] != ';')
        return 0;
    name[n] = '\0';
    if (strcmp(name, "apos") == 0) { /* XML's, not in HTML 4 */
        *cp = '\'';
        return n + 2;
    }
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (e == NULL) {
        /* SGML documents often write the standard names in capitals */
        for (size_t k = 0; k < n; k++)
            name[k] = (char)tolower((unsigned char)name[k]);
        if (strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 ||
            strcmp(name, "gt") == 0 || strcmp(name, "quot") == 0)
            e = htmlEntityLookup((const xmlChar *)name);
    }
    if (e == NULL)
        return 0;
    *cp = e->value;
    return n + 2;
}

/* Tags that do not break a paragraph. */
static int
is_inline(const char *name, size_t n)
{
    static const char *const inl[] = {
        "a", "abbr",  "b",    "big",    "cite", "code", "em", "f", "font",
        "i", "small", "span", "strong", "sub",  "sup",  "tt", "u",
    };
    for (size_t k = 0; k < NDI_ARRAY_LEN(inl); k++)
        if (strlen(inl[k]) == n && ndi_strncaseeq(name, inl[k], n))
            return 1;
    return 0;
}

/* Plain bytes: copied, control bytes (NUL too) as spaces. */
static nd_status
put_plain(nd_buf *out, const char *s, size_t n)
{
    size_t at = out->len;
    nd_status st = nd_buf_append(out, s, n);
    for (size_t k = at; k < out->len && st == ND_OK; k++) {
        unsigned char c = (unsigned char)out->data[k];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            out->data[k] = ' ';
    }
    return st;
}

nd_status
ndi_sgml_text(const char *s, size_t len, nd_buf *out)
{
    nd_status st = ND_OK;
    size_t i = 0;
    while (i < len && st == ND_OK) {
        size_t j = i;
        while (j < len && s[j] != '<' && s[j] != '&')
            j++;
        if (j > i)
            st = put_plain(out, s + i, j - i);
        i = j;
        if (i >= len || st != ND_OK)
            break;
        if (s[i] == '&') {
            uint32_t cp;
            size_t n = reference(s, len, i, &cp);
            if (n == 0) {
                st = ndi_buf_putc(out, '&');
                i++;
            } else {
                st = put_cp(out, cp);
                i += n;
            }
            continue;
        }
        /* s[i] == '<' */
        if (i + 9 <= len && memcmp(s + i, "<![CDATA[", 9) == 0) {
            size_t e = find_str(s, len, i + 9, "]]>");
            st = put_plain(out, s + i + 9, e - i - 9);
            i = e < len ? e + 3 : len;
            continue;
        }
        size_t k = skip_special(s, len, i);
        if (k > i && (s[k - 1] == '>' ||
                      (i + 4 <= len && memcmp(s + i, "<!--", 4) == 0))) {
            i = k; /* a comment, declaration or processing instruction */
            continue;
        }
        size_t name = i + 1 + (i + 1 < len && s[i + 1] == '/');
        if (name < len && isalpha((unsigned char)s[name])) {
            int closed, empty;
            size_t e = tag_end(s, len, i, &closed, &empty);
            if (closed && e - i <= TAG_MAX) {
                size_t m = name;
                while (m < e && is_name_char((unsigned char)s[m]))
                    m++;
                if (!is_inline(s + name, m - name))
                    st = ndi_buf_puts(out, "\n\n");
                i = e;
                continue;
            }
        }
        st = ndi_buf_putc(out, '<'); /* a stray '<' is text */
        i++;
    }
    return st;
}

/* ---- paragraphs ----------------------------------------------------- */

/* The line at s[*pos..len): its bounds, without the newline. */
static int
next_line(const char *s, size_t len, size_t *pos, size_t *b, size_t *e)
{
    if (*pos >= len)
        return 0;
    const char *nl = memchr(s + *pos, '\n', len - *pos);
    *b = *pos;
    *e = nl != NULL ? (size_t)(nl - s) : len;
    *pos = nl != NULL ? *e + 1 : len;
    return 1;
}

/* The indentation width of a line (a tab counts 8), and where its text
 * starts; the line is blank when that is its end. */
static size_t
indent_of(const char *s, size_t b, size_t e, size_t *text)
{
    size_t w = 0, k = b;
    for (; k < e && isspace((unsigned char)s[k]); k++)
        w += s[k] == '\t' ? 8 : 1;
    *text = k;
    return w;
}

nd_status
ndi_sgml_unwrap(const char *s, size_t len, nd_buf *out)
{
    size_t pos = 0, b, e, t;
    size_t min = SIZE_MAX, nonblank = 0;
    int more = 0, blank_between = 0, pending_blank = 0;
    while (next_line(s, len, &pos, &b, &e)) {
        size_t w = indent_of(s, b, e, &t);
        if (t == e) {
            pending_blank = nonblank > 0;
            continue;
        }
        if (pending_blank)
            blank_between = 1;
        pending_blank = 0;
        if (nonblank > 0 && w != min)
            more = 1;
        if (w < min)
            min = w;
        nonblank++;
    }
    int each_line = !more && min > 0 && !blank_between;
    nd_status st = ND_OK;
    int first = 1, blank = 0;
    pos = 0;
    while (st == ND_OK && next_line(s, len, &pos, &b, &e)) {
        size_t w = indent_of(s, b, e, &t);
        if (t == e) {
            blank = 1;
            continue;
        }
        if (!first) {
            int para = blank || each_line || (more && w > min);
            st = ndi_buf_puts(out, para ? "\n\n" : " ");
        }
        if (st == ND_OK)
            st = nd_buf_append(out, s + t, e - t);
        first = 0;
        blank = 0;
    }
    return st;
}
