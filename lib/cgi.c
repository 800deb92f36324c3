/* SPDX-License-Identifier: MIT */
/*
 * cgi.c - decoding a request's form parameters with a cap on every size,
 * and reading the page's configuration (which collections it may search).
 * A request names a collection only by a name from the configuration,
 * never by a path.
 */
#include <config.h>

#include "cgi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

static const char *const key_names[NDI_Q_COUNT] = {
    [NDI_Q_Q] = "q",           [NDI_Q_PAGE] = "page",
    [NDI_Q_N] = "n",           [NDI_Q_SORT] = "sort",
    [NDI_Q_FROM] = "from",     [NDI_Q_TO] = "to",
    [NDI_Q_F] = "f",           [NDI_Q_ID] = "id",
    [NDI_Q_FORMAT] = "format", [NDI_Q_C] = "c",
    [NDI_Q_ASSET] = "asset",   [NDI_Q_COLLAPSE] = "collapse",
    [NDI_Q_LIKE] = "like",     [NDI_Q_FACETS] = "facets",
};

nd_status
ndi_cgi_new(ndi_cgi **out)
{
    ndi_cgi *c = calloc(1, sizeof *c);
    *out = c;
    if (c == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&c->hdr);
    return ND_OK;
}

void
ndi_cgi_free(ndi_cgi *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < NDI_Q_COUNT; i++)
        free(c->v[i]);
    for (size_t i = 0; i < c->nfilters; i++)
        free(c->filters[i]);
    free(c);
}

const char *
ndi_cgi_key_name(ndi_cgi_key k)
{
    return (unsigned)k < NDI_Q_COUNT ? key_names[k] : "";
}

const char *
ndi_cgi_get(const ndi_cgi *c, ndi_cgi_key k)
{
    return (unsigned)k < NDI_Q_COUNT ? c->v[k] : NULL;
}

static int
hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..len) into out ('+' is a space when 'plus'). Returns
 * ND_OK or ND_EINVAL (a '%' not followed by two hex digits). */
static nd_status
pct_decode(const char *s, size_t len, int plus, nd_buf *out)
{
    nd_buf_clear(out);
    nd_status st = ND_OK;
    for (size_t i = 0; i < len && st == ND_OK; i++) {
        char ch = s[i];
        if (ch == '%') {
            int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return ND_EINVAL;
            st = ndi_buf_putc(out, (char)(hi * 16 + lo));
            i += 2;
        } else if (ch == '+' && plus) {
            st = ndi_buf_putc(out, ' ');
        } else {
            st = ndi_buf_putc(out, ch);
        }
    }
    return st;
}

static int
find_key(const char *name)
{
    for (int k = 0; k < NDI_Q_COUNT; k++)
        if (strcmp(key_names[k], name) == 0)
            return k;
    return -1;
}

/* Add one decoded name and value. */
static nd_status
add_param(ndi_cgi *c, const char *name, size_t nlen, const char *val,
          size_t vlen)
{
    char nm[NDI_CGI_MAX_NAME + 1];
    if (++c->count > NDI_CGI_MAX_PARAMS)
        return ndi_fail(&c->hdr, ND_ETOOBIG,
                        "more than %d parameters in the request",
                        NDI_CGI_MAX_PARAMS);
    if (nlen == 0 && vlen == 0)
        return ND_OK; /* "a=1&&b=2" */
    if (nlen == 0 || nlen > NDI_CGI_MAX_NAME || !ndi_utf8_valid(name, nlen) ||
        memchr(name, '\0', nlen) != NULL) {
        c->unknown++;
        return ND_OK;
    }
    memcpy(nm, name, nlen);
    nm[nlen] = '\0';
    int k = find_key(nm);
    if (k < 0) {
        c->unknown++;
        return ND_OK;
    }
    if (vlen > NDI_CGI_MAX_VALUE)
        return ndi_fail(&c->hdr, ND_ETOOBIG,
                        "parameter '%s' is longer than %u bytes", nm,
                        NDI_CGI_MAX_VALUE);
    if (!ndi_utf8_valid(val, vlen))
        return ndi_fail(&c->hdr, ND_EINVAL, "parameter '%s' is not valid UTF-8",
                        nm);
    char *v = ndi_strndup(val, vlen);
    if (v == NULL)
        return ndi_fail(&c->hdr, ND_ENOMEM, "out of memory");
    /* controls (CR, LF, NUL, ...) never reach a header or the page */
    for (size_t i = 0; i < vlen; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            v[i] = ' ';
    if (k == NDI_Q_F) {
        if (c->nfilters >= NDI_CGI_MAX_FILTERS) {
            free(v);
            return ndi_fail(&c->hdr, ND_EINVAL, "more than %d filters",
                            NDI_CGI_MAX_FILTERS);
        }
        c->filters[c->nfilters++] = v;
        return ND_OK;
    }
    if (c->v[k] != NULL) {
        free(v);
        return ndi_fail(&c->hdr, ND_EINVAL, "parameter '%s' given twice", nm);
    }
    c->v[k] = v;
    return ND_OK;
}

nd_status
ndi_cgi_parse(ndi_cgi *c, const char *s, size_t len)
{
    if (len > NDI_CGI_MAX_INPUT)
        return ndi_fail(&c->hdr, ND_ETOOBIG,
                        "the request's parameters exceed %u bytes",
                        NDI_CGI_MAX_INPUT);
    nd_buf name = {0}, val = {0};
    ndi_hdr_init(&name.hdr);
    ndi_hdr_init(&val.hdr);
    nd_status st = ND_OK;
    const char *p = s, *end = s + len;
    while (p < end && st == ND_OK) {
        const char *amp = p;
        while (amp < end && *amp != '&' && *amp != ';')
            amp++;
        const char *eq = memchr(p, '=', (size_t)(amp - p));
        const char *ne = eq != NULL ? eq : amp;
        const char *vs = eq != NULL ? eq + 1 : amp;
        st = pct_decode(p, (size_t)(ne - p), 1, &name);
        if (st == ND_EINVAL) {
            st = ndi_fail(&c->hdr, ND_EINVAL,
                          "invalid percent-encoding in a parameter name");
            break;
        }
        if (st == ND_OK)
            st = pct_decode(vs, (size_t)(amp - vs), 1, &val);
        if (st == ND_EINVAL) {
            char nm[NDI_CGI_MAX_NAME + 1] = "?";
            if (name.len <= NDI_CGI_MAX_NAME && name.len > 0 &&
                find_key(nd_buf_data(&name)) >= 0)
                memcpy(nm, name.data, name.len + 1);
            st = ndi_fail(&c->hdr, ND_EINVAL,
                          "invalid percent-encoding in parameter '%s'", nm);
            break;
        }
        if (st == ND_ENOMEM) {
            st = ndi_fail(&c->hdr, st, "out of memory");
            break;
        }
        st = add_param(c, name.data != NULL ? name.data : "", name.len,
                       val.data != NULL ? val.data : "", val.len);
        p = amp + 1;
    }
    free(name.data);
    free(val.data);
    return st;
}

nd_status
ndi_cgi_add_arg(ndi_cgi *c, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t len = strlen(arg);
    if (len > NDI_CGI_MAX_INPUT)
        return ndi_fail(&c->hdr, ND_ETOOBIG, "an argument exceeds %u bytes",
                        NDI_CGI_MAX_INPUT);
    if (eq == NULL)
        return add_param(c, arg, len, "", 0);
    return add_param(c, arg, (size_t)(eq - arg), eq + 1, strlen(eq + 1));
}

/* ---- costs of a query ---------------------------------------------- */

const char *
ndi_cgi_query_costs(const char *q)
{
    int depth = 0, maxdepth = 0;
    if (strlen(q) > NDI_CGI_MAX_QUERY)
        return "The query is too long: at most 1024 characters.";
    for (const char *p = q; *p != '\0'; p++) {
        if (*p == '(' && ++depth > maxdepth)
            maxdepth = depth;
        else if (*p == ')' && depth > 0)
            depth--;
        else if (*p == '*') {
            size_t n = 0;
            for (const char *s = p;
                 s > q && (((unsigned char)s[-1] >= 0x80) ||
                           (s[-1] >= '0' && s[-1] <= '9') ||
                           ((s[-1] | 0x20) >= 'a' && (s[-1] | 0x20) <= 'z'));
                 s--)
                n++;
            if (n < NDI_CGI_MIN_WILDCARD)
                return "A wildcard needs at least 2 letters before the *.";
        }
    }
    if (maxdepth > NDI_CGI_MAX_NESTING)
        return "The query nests parentheses too deeply (at most 8).";
    return NULL;
}

/* ---- configuration -------------------------------------------------- */

nd_status
ndi_conf_new(ndi_conf **out)
{
    ndi_conf *cf = calloc(1, sizeof *cf);
    *out = cf;
    if (cf == NULL)
        return ND_ENOMEM;
    ndi_hdr_init(&cf->hdr);
    return ND_OK;
}

void
ndi_conf_free(ndi_conf *cf)
{
    if (cf == NULL)
        return;
    for (size_t i = 0; i < cf->ncolls; i++) {
        free(cf->colls[i].name);
        free(cf->colls[i].path);
        free(cf->colls[i].label);
    }
    free(cf->title);
    free(cf->base_url);
    free(cf);
}

int
ndi_conf_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NDI_CONF_MAX_NAME)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}

static nd_status
add_coll(ndi_conf *cf, const char *name, const char *path, const char *label)
{
    if (cf->ncolls >= NDI_CONF_MAX_COLLECTIONS)
        return ND_ETOOBIG;
    ndi_conf_coll *cc = &cf->colls[cf->ncolls];
    cc->name = ndi_strndup(name, strlen(name));
    cc->path = ndi_strndup(path, strlen(path));
    cc->label = label != NULL && *label ? ndi_strndup(label, strlen(label))
                                        : ndi_strndup(name, strlen(name));
    cf->ncolls++;
    return cc->name && cc->path && cc->label ? ND_OK : ND_ENOMEM;
}

/* Skip blanks; return the start of the next word and end it with NUL. */
static char *
word(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return NULL;
    char *e = s;
    while (*e != '\0' && *e != ' ' && *e != '\t')
        e++;
    if (*e != '\0')
        *e++ = '\0';
    *p = e;
    return s;
}

static char *
rest(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        p[--n] = '\0';
    return p;
}

static nd_status
conf_line(ndi_conf *cf, char *line, const char *path, unsigned lineno)
{
    char *p = line;
    char *kw = word(&p);
    if (kw == NULL || *kw == '#')
        return ND_OK;
    if (strcmp(kw, "collection") == 0) {
        char *name = word(&p), *dir = word(&p);
        if (name == NULL || dir == NULL || !ndi_conf_name_ok(name))
            return ndi_fail(&cf->hdr, ND_EFORMAT,
                            "%s:%u: expected 'collection NAME PATH [LABEL]' "
                            "with NAME of a-z, 0-9, _ and -",
                            path, lineno);
        if (ndi_conf_find(cf, name) != NULL)
            return ndi_fail(&cf->hdr, ND_EFORMAT,
                            "%s:%u: collection '%s' named twice", path, lineno,
                            name);
        nd_status st = add_coll(cf, name, dir, rest(p));
        if (st == ND_ETOOBIG)
            return ndi_fail(&cf->hdr, ND_EFORMAT,
                            "%s:%u: more than %d collections", path, lineno,
                            NDI_CONF_MAX_COLLECTIONS);
        return st == ND_OK ? ND_OK : ndi_fail(&cf->hdr, st, "out of memory");
    }
    char **dst = strcmp(kw, "title") == 0      ? &cf->title
                 : strcmp(kw, "base-url") == 0 ? &cf->base_url
                                               : NULL;
    if (dst == NULL)
        return ndi_fail(&cf->hdr, ND_EFORMAT, "%s:%u: unknown setting '%s'",
                        path, lineno, kw);
    free(*dst);
    char *v = rest(p);
    if ((*dst = ndi_strndup(v, strlen(v))) == NULL)
        return ndi_fail(&cf->hdr, ND_ENOMEM, "out of memory");
    return ND_OK;
}

nd_status
ndi_conf_load(ndi_conf *cf, const char *collection, const char *path)
{
    if (collection != NULL && *collection != '\0') {
        nd_status st = add_coll(cf, "default", collection, NULL);
        return st == ND_OK ? ND_OK : ndi_fail(&cf->hdr, st, "out of memory");
    }
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return ndi_fail(&cf->hdr, errno == ENOENT ? ND_ENOTFOUND : ND_EIO,
                        "%s: %s", path, strerror(errno));
    char line[4096];
    unsigned lineno = 0;
    nd_status st = ND_OK;
    while (st == ND_OK && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] != '\n' && !feof(f)) {
            st = ndi_fail(&cf->hdr, ND_EFORMAT, "%s:%u: line too long", path,
                          lineno);
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        st = conf_line(cf, line, path, lineno);
    }
    if (st == ND_OK && ferror(f))
        st = ndi_fail(&cf->hdr, ND_EIO, "%s: read error", path);
    fclose(f);
    if (st == ND_OK && cf->ncolls == 0)
        st = ndi_fail(&cf->hdr, ND_ENOTFOUND, "%s: no collection configured",
                      path);
    return st;
}

const ndi_conf_coll *
ndi_conf_find(const ndi_conf *cf, const char *name)
{
    if (name == NULL || *name == '\0')
        return cf->ncolls > 0 ? &cf->colls[0] : NULL;
    for (size_t i = 0; i < cf->ncolls; i++)
        if (strcmp(cf->colls[i].name, name) == 0)
            return &cf->colls[i];
    return NULL;
}
