/* SPDX-License-Identifier: MIT */
/*
 * ner.c - rule-based named entities. Text is split into tokens; runs of
 * capitalised tokens (with "of", "&" and name particles inside) are cut
 * into people, places and organisations by gazetteers (the .tsv and .txt files
 * of data/, loaded once into one hash table, read-only after) and cue words; lone
 * words (a surname, an acronym) are resolved against the article's full
 * names at the end. doc/DESIGN.md ("Entities") has the rules.
 */
#include <config.h>

#include "ner.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "article.h"
#include "normalize.h"

/* Bounds: hostile input costs at most this much. */
#define MAX_TOKENS 60000
#define MAX_KEY 256
#define MAX_PLACE_WORDS 6
#define MAX_MENTIONS 512 /* distinct names, and lone words, per article */

/* ---- gazetteers ------------------------------------------------------ */

enum {
    G_PLACE = 1 << 0,   /* names a place: gent.place */
    G_DEMONYM = 1 << 1, /* stands for a place: gent.demonym */
    G_GIVEN = 1 << 2,
    G_ORG_SUFFIX = 1 << 3,
    G_ORG_HEAD = 1 << 4,
    G_ORG_LEGAL = 1 << 5,
    G_TITLE = 1 << 6,
    G_NOTNAME = 1 << 7,
    G_EXACT = 1 << 8,  /* the place variant matches only in upper case */
    G_ORG_ADJ = 1 << 9 /* often begins an organisation's name */
};

typedef struct gent {
    char *key; /* lower case */
    const char *place;
    const char *demonym;
    unsigned flags;
} gent;

static struct {
    gent *v;
    size_t cap, n;
    char **strings; /* canonical names, owned */
    size_t nstrings, capstrings;
    int loaded;
    char problem[4096 + 256];
} gz;

static pthread_once_t gz_once = PTHREAD_ONCE_INIT;

static uint64_t
hash_str(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Lower-case 's' into 'out' (NUL-terminated); returns the length or 0
 * when it does not fit. */
static size_t
lower(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = ndi_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) {
            cp = (unsigned char)s[i];
            k = 1;
        }
        i += k;
        utf8proc_int32_t lc = utf8proc_tolower((utf8proc_int32_t)cp);
        if (o + 4 >= outsz)
            return 0;
        o += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)out + o);
    }
    out[o] = '\0';
    return o;
}

static gent *
gz_find(const char *key, size_t n)
{
    if (gz.cap == 0)
        return NULL;
    size_t i = (size_t)(hash_str(key, n) & (gz.cap - 1));
    while (gz.v[i].key != NULL) {
        if (strlen(gz.v[i].key) == n && memcmp(gz.v[i].key, key, n) == 0)
            return &gz.v[i];
        i = (i + 1) & (gz.cap - 1);
    }
    return NULL;
}

/* Look up 's' (any case). */
static const gent *
gz_get(const char *s, size_t n)
{
    char k[MAX_KEY];
    size_t kn = lower(s, n, k, sizeof k);
    return kn ? gz_find(k, kn) : NULL;
}

static int
gz_grow(void)
{
    size_t cap = gz.cap ? gz.cap * 2 : 4096;
    gent *v = calloc(cap, sizeof *v);
    if (v == NULL)
        return -1;
    for (size_t i = 0; i < gz.cap; i++) {
        if (gz.v[i].key == NULL)
            continue;
        size_t j =
            (size_t)(hash_str(gz.v[i].key, strlen(gz.v[i].key)) & (cap - 1));
        while (v[j].key != NULL)
            j = (j + 1) & (cap - 1);
        v[j] = gz.v[i];
    }
    free(gz.v);
    gz.v = v;
    gz.cap = cap;
    return 0;
}

static gent *
gz_put(const char *s, size_t n)
{
    char k[MAX_KEY];
    size_t kn = lower(s, n, k, sizeof k);
    if (kn == 0)
        return NULL;
    gent *e = gz_find(k, kn);
    if (e != NULL)
        return e;
    if ((gz.n + 1) * 2 > gz.cap && gz_grow() != 0)
        return NULL;
    size_t i = (size_t)(hash_str(k, kn) & (gz.cap - 1));
    while (gz.v[i].key != NULL)
        i = (i + 1) & (gz.cap - 1);
    gz.v[i].key = ndi_strndup(k, kn);
    if (gz.v[i].key == NULL)
        return NULL;
    gz.n++;
    return &gz.v[i];
}

static const char *
gz_string(const char *s, size_t n)
{
    if (gz.nstrings == gz.capstrings) {
        size_t c = gz.capstrings ? gz.capstrings * 2 : 256;
        char **v = realloc(gz.strings, c * sizeof *v);
        if (v == NULL)
            return NULL;
        gz.strings = v;
        gz.capstrings = c;
    }
    char *d = ndi_strndup(s, n);
    if (d != NULL)
        gz.strings[gz.nstrings++] = d;
    return d;
}

static int
all_upper_ascii(const char *s, size_t n)
{
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (islower((unsigned char)s[i]))
            return 0;
        letters += isupper((unsigned char)s[i]) != 0;
    }
    return letters > 0;
}

/* Each line of 'name' as fields split at tabs; 'fn' sees them. */
typedef int (*line_fn)(char **f, int nf);

static int
load_file(const char *dir, const char *name, line_fn fn)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        if (gz.problem[0] != '\0')
            return -1; /* the first missing file says it */
        snprintf(gz.problem, sizeof gz.problem,
                 "cannot read the gazetteer %s (set NEWSDEX_DATADIR): "
                 "entities are found by the built-in rules only",
                 path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *fields[3] = {line, NULL, NULL};
        int nf = 1;
        for (char *p = line; *p != '\0' && nf < 3; p++)
            if (*p == '\t') {
                *p = '\0';
                fields[nf++] = p + 1;
            }
        rc = fn(fields, nf);
    }
    free(line);
    fclose(f);
    if (rc != 0)
        snprintf(gz.problem, sizeof gz.problem, "out of memory reading %s",
                 path);
    return rc;
}

static int
add_place(const char *variant, const char *canon)
{
    gent *e = gz_put(variant, strlen(variant));
    if (e == NULL)
        return -1;
    if (e->place == NULL)
        e->place = canon;
    e->flags |= G_PLACE;
    if (strlen(variant) <= 4 && all_upper_ascii(variant, strlen(variant)) &&
        strchr(variant, '.') == NULL)
        e->flags |= G_EXACT;
    return 0;
}

static int
place_line(char **f, int nf)
{
    const char *canon = gz_string(f[0], strlen(f[0]));
    if (canon == NULL || add_place(canon, canon) != 0)
        return -1;
    if (nf > 1) {
        char *p = f[1];
        while (p != NULL && *p != '\0') {
            char *bar = strchr(p, '|');
            if (bar != NULL)
                *bar = '\0';
            if (*p != '\0' && add_place(p, canon) != 0)
                return -1;
            p = bar != NULL ? bar + 1 : NULL;
        }
    }
    return 0;
}

static int
demonym_line(char **f, int nf)
{
    if (nf < 2)
        return 0;
    gent *e = gz_put(f[0], strlen(f[0]));
    const gent *p = gz_get(f[1], strlen(f[1]));
    if (e == NULL)
        return -1;
    e->flags |= G_DEMONYM;
    e->demonym = p != NULL && p->place != NULL ? p->place
                                               : gz_string(f[1], strlen(f[1]));
    return e->demonym != NULL ? 0 : -1;
}

static unsigned flag_for_line;

static int
flag_line(char **f, int nf)
{
    (void)nf;
    gent *e = gz_put(f[0], strlen(f[0]));
    if (e == NULL)
        return -1;
    e->flags |= flag_for_line;
    return 0;
}

static int
org_line(char **f, int nf)
{
    gent *e = gz_put(f[0], strlen(f[0]));
    if (e == NULL)
        return -1;
    const char *kind = nf > 1 ? f[1] : "suffix";
    if (strcmp(kind, "legal") == 0)
        e->flags |= G_ORG_SUFFIX | G_ORG_LEGAL;
    else if (strcmp(kind, "head") == 0)
        e->flags |= G_ORG_HEAD;
    else if (strcmp(kind, "adj") == 0)
        e->flags |= G_ORG_ADJ;
    else if (strcmp(kind, "both") == 0)
        e->flags |= G_ORG_HEAD | G_ORG_SUFFIX;
    else
        e->flags |= G_ORG_SUFFIX;
    return 0;
}

static void
gz_load(void)
{
    const char *dir = getenv("NEWSDEX_DATADIR");
    if (dir == NULL || *dir == '\0')
        dir = ND_PKGDATADIR;
    int bad = 0;
    bad |= load_file(dir, "countries.tsv", place_line);
    bad |= load_file(dir, "places.tsv", place_line);
    bad |= load_file(dir, "demonyms.tsv", demonym_line);
    bad |= load_file(dir, "org-cues.tsv", org_line);
    flag_for_line = G_GIVEN;
    bad |= load_file(dir, "given-names.txt", flag_line);
    flag_for_line = G_TITLE;
    bad |= load_file(dir, "title-cues.txt", flag_line);
    flag_for_line = G_NOTNAME;
    bad |= load_file(dir, "not-names.txt", flag_line);
    gz.loaded = !bad;
}

const char *
ndi_ner_data_problem(void)
{
    pthread_once(&gz_once, gz_load);
    return gz.loaded ? NULL : gz.problem;
}

static unsigned
gflags(const char *s, size_t n)
{
    const gent *e = gz_get(s, n);
    return e != NULL ? e->flags : 0;
}

/* ---- tokens ---------------------------------------------------------- */

enum {
    T_CAP = 1 << 0,     /* begins with an upper-case letter */
    T_ALLCAPS = 1 << 1, /* two or more letters, all upper case */
    T_SENT = 1 << 2,    /* first word of a sentence */
    T_BREAK = 1 << 3,   /* punctuation after it ends a name */
    T_PAREN = 1 << 4,   /* right after "(" */
    T_CLOSE = 1 << 5,   /* right before ")" */
    T_CONN = 1 << 6,    /* "of", "&", a name particle */
    T_INITIAL = 1 << 7, /* "W." */
    T_DOTTED = 1 << 8,  /* "U.S." */
    T_USED = 1 << 9,    /* taken as an acronym's definition */
    T_POSS = 1 << 10    /* had "'s" (removed) */
};

typedef struct tok {
    const char *s;
    size_t len;
    size_t pos; /* order in the article */
    unsigned f;
    unsigned g; /* gazetteer flags */
} tok;

static int
word_char(const unsigned char *s, size_t len, size_t *n, uint32_t *cpo)
{
    uint32_t cp;
    *n = ndi_utf8_decode(s, len, &cp);
    if (*n == 0) {
        *n = 1;
        *cpo = 0;
        return 0;
    }
    *cpo = cp;
    if (cp == '\'' || cp == '-' || cp == 0x2019)
        return 2;  /* inside a word only */
    if (cp < 0x80) /* ASCII: letters and digits, without a lookup */
        return NDI_ASCII_ALNUM(cp);
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ND;
}

static int
is_upper_cp(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

/* Abbreviations whose "." does not end a sentence. */
static int
no_stop_abbrev(const char *s, size_t n)
{
    static const char *const list[] = {
        "Mr",  "Mrs",  "Ms",  "Dr", "St",  "Gen", "Sen",  "Rep",  "Gov",
        "Jr",  "Sr",   "Inc", "Co", "Ltd", "No",  "Corp", "Prof", "Lt",
        "Col", "Capt", "Mt",  "Ft", "Gov", "Adm", "Sgt",  "vs"};
    if (n == 1 && isupper((unsigned char)s[0]))
        return 1;
    for (size_t i = 0; i < NDI_ARRAY_LEN(list); i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

static int
is_conn(const char *s, size_t n)
{
    static const char *const list[] = {"of",  "&",   "and", "de", "du", "van",
                                       "von", "der", "den", "da", "di", "bin",
                                       "al",  "del", "la",  "le"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(list); i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

typedef struct toks {
    tok *v;
    size_t n, cap;
} toks;

/* Split 'text' into tokens numbered from '*pos'. */
static nd_status
split(const char *text, size_t len, size_t *pos, toks *t)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    int sentence = 1, paren = 0;
    while (i < len && t->n < MAX_TOKENS) {
        size_t k;
        uint32_t cp;
        int wc = word_char(p + i, len - i, &k, &cp);
        if (wc != 1 && cp != '&') {
            tok *last = t->n > 0 ? &t->v[t->n - 1] : NULL;
            if (cp == '.' && last != NULL && last->s + last->len == text + i &&
                no_stop_abbrev(last->s, last->len)) {
                if (last->len == 1)
                    last->f |= T_INITIAL;
                i += k;
                continue;
            }
            if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' ||
                cp == '\t' || cp == ':' || cp == '"' || cp == 0x201C ||
                cp == 0x2014 || cp == '|')
                sentence = 1;
            if (last != NULL && cp != ' ' && cp != 0xA0) {
                last->f |= T_BREAK;
                if (cp == ')')
                    last->f |= T_CLOSE;
            }
            paren = cp == '(';
            i += k;
            continue;
        }
        if (t->n == t->cap) {
            size_t c = t->cap ? t->cap * 2 : 512;
            tok *v = realloc(t->v, c * sizeof *v);
            if (v == NULL)
                return ND_ENOMEM;
            t->v = v;
            t->cap = c;
        }
        tok *w = &t->v[t->n];
        memset(w, 0, sizeof *w);
        size_t start = i;
        int upper = 0, lowercase = 0, first_upper = 0;
        if (cp == '&') {
            i += k;
        } else {
            first_upper = is_upper_cp(cp);
            while (i < len) {
                int c = word_char(p + i, len - i, &k, &cp);
                if (c == 0) {
                    /* "U.S.": a letter, a dot, a letter */
                    if (cp == '.' && i + 2 < len && i - start >= 1 &&
                        isalpha(p[i + 1]) &&
                        (i + 2 >= len || p[i + 2] == '.') &&
                        (i - start == 1 || p[i - 2] == '.')) {
                        i += 1;
                        w->f |= T_DOTTED;
                        continue;
                    }
                    break;
                }
                if (c == 2) {
                    size_t k2;
                    uint32_t cp2;
                    if (!(i + k < len &&
                          word_char(p + i + k, len - i - k, &k2, &cp2) == 1))
                        break;
                } else if (utf8proc_category((utf8proc_int32_t)cp) ==
                           UTF8PROC_CATEGORY_LU) {
                    upper++;
                } else if (utf8proc_category((utf8proc_int32_t)cp) ==
                           UTF8PROC_CATEGORY_LL) {
                    lowercase++;
                }
                i += k;
            }
            if ((w->f & T_DOTTED) && i < len && p[i] == '.')
                i++; /* the final dot of "U.S." */
        }
        w->s = text + start;
        w->len = i - start;
        /* possessive */
        if (w->len > 2 && w->s[w->len - 1] == 's' &&
            (w->s[w->len - 2] == '\'')) {
            w->len -= 2;
            w->f |= T_POSS | T_BREAK;
        } else if (w->len > 4 && w->s[w->len - 1] == 's' &&
                   memcmp(w->s + w->len - 4, "\xe2\x80\x99", 3) == 0) {
            w->len -= 4;
            w->f |= T_POSS | T_BREAK;
        }
        if (first_upper)
            w->f |= T_CAP;
        if (upper >= 2 && lowercase == 0)
            w->f |= T_ALLCAPS;
        if (sentence)
            w->f |= T_SENT;
        if (paren)
            w->f |= T_PAREN;
        if (!first_upper && is_conn(w->s, w->len))
            w->f |= T_CONN;
        w->pos = (*pos)++;
        w->g = first_upper || (w->f & T_CONN) ? gflags(w->s, w->len) : 0;
        t->n++;
        sentence = 0;
        paren = 0;
    }
    return ND_OK;
}

/* ---- mentions -------------------------------------------------------- */

typedef struct ment {
    int type;
    char *name;
    uint64_t hash; /* of the type and the lower-case name */
    size_t pos;
    size_t skip; /* a sentence-initial first word of this many bytes
                    (with its space) that may not belong to the name */
} ment;

typedef struct lone {
    char *word;
    size_t pos;
    int sent, cue, acr;
} lone;

typedef struct nctx {
    ment *m;
    size_t nm, capm;
    lone *l;
    size_t nl, capl;
    ment *alias; /* acronym definitions: name = "ACR\tcanonical" */
    size_t na, capa;
    const char *source;
    nd_status st;
} nctx;

static int
ieq(const char *a, size_t an, const char *b, size_t bn)
{
    char x[MAX_KEY], y[MAX_KEY];
    size_t xn = lower(a, an, x, sizeof x), yn = lower(b, bn, y, sizeof y);
    return xn > 0 && xn == yn && memcmp(x, y, xn) == 0;
}

static void
add_ment(nctx *c, int type, const char *s, size_t n, size_t pos)
{
    if (c->st != ND_OK || n == 0 || n >= MAX_KEY || c->nm >= MAX_MENTIONS)
        return;
    if (c->source != NULL && ieq(s, n, c->source, strlen(c->source)))
        return; /* the publisher is not a mention */
    /* a hash of the lower-case name makes the search for a duplicate
     * cheap: hostile text adds a mention per word */
    char k[MAX_KEY];
    size_t kn = lower(s, n, k, sizeof k);
    uint64_t h = hash_str(k, kn) ^ (uint64_t)type;
    for (size_t i = 0; i < c->nm; i++)
        if (c->m[i].hash == h && c->m[i].type == type &&
            ieq(c->m[i].name, strlen(c->m[i].name), s, n)) {
            if (pos < c->m[i].pos)
                c->m[i].pos = pos;
            return;
        }
    if (c->nm == c->capm) {
        size_t cap = c->capm ? c->capm * 2 : 16;
        ment *v = realloc(c->m, cap * sizeof *v);
        if (v == NULL) {
            c->st = ND_ENOMEM;
            return;
        }
        c->m = v;
        c->capm = cap;
    }
    char *d = ndi_strndup(s, n);
    if (d == NULL) {
        c->st = ND_ENOMEM;
        return;
    }
    c->m[c->nm++] = (ment){type, d, h, pos, 0};
}

static void
add_lone(nctx *c, const tok *w, int cue)
{
    if (c->st != ND_OK || c->nl >= MAX_MENTIONS || w->len >= MAX_KEY)
        return;
    if (c->nl == c->capl) {
        size_t cap = c->capl ? c->capl * 2 : 16;
        lone *v = realloc(c->l, cap * sizeof *v);
        if (v == NULL) {
            c->st = ND_ENOMEM;
            return;
        }
        c->l = v;
        c->capl = cap;
    }
    char *d = ndi_strndup(w->s, w->len);
    if (d == NULL) {
        c->st = ND_ENOMEM;
        return;
    }
    c->l[c->nl++] = (lone){d, w->pos, (w->f & T_SENT) != 0, cue,
                           (w->f & T_ALLCAPS) != 0 && !(w->f & T_DOTTED)};
}

static void
add_span(nctx *c, int type, const tok *a, const tok *b)
{
    add_ment(c, type, a->s, (size_t)(b->s + b->len - a->s), a->pos);
}

/* ---- the rules ------------------------------------------------------- */

static int
is_word(const tok *w, const char *s)
{
    return w->len == strlen(s) && memcmp(w->s, s, w->len) == 0;
}

/* The longest gazetteer place at w[0..n): its length in tokens. */
static size_t
place_at(const tok *w, size_t n, const char **canon)
{
    char key[MAX_KEY];
    size_t best = 0;
    for (size_t m = 1; m <= n && m <= MAX_PLACE_WORDS; m++) {
        const tok *e = &w[m - 1];
        if (!(e->f & (T_CAP | T_CONN)))
            break;
        size_t span = (size_t)(e->s + e->len - w[0].s);
        if (span >= sizeof key)
            break;
        const gent *g = gz_get(w[0].s, span);
        if (g != NULL && (g->flags & G_PLACE) && !(e->f & T_CONN)) {
            if ((g->flags & G_EXACT) && !(m == 1 && (w[0].f & T_ALLCAPS)))
                continue;
            best = m;
            *canon = g->place;
        }
        if (e->f & T_BREAK)
            break;
    }
    return best;
}

static const char *const place_prefix[] = {
    "New",  "North", "South", "East", "West",  "Upper", "Lower", "Old",
    "Port", "Fort",  "Saint", "San",  "Santa", "Lake",  "Mount"};

static const char *const place_suffix[] = {
    "bridge",  "haven", "port",    "ton",  "ville", "field", "mouth",
    "grad",    "burg",  "borough", "ford", "stad",  "holm",  "minster",
    "chester", "wick",  "dale",    "abad", "pur",   "polis", "esti",
    "ovo",     "ino",   "iara",    "by",   "sk",    "ara"};

static int
place_like(const char *s, size_t n)
{
    if (n < 5)
        return 0;
    for (size_t i = 0; i < NDI_ARRAY_LEN(place_suffix); i++) {
        size_t k = strlen(place_suffix[i]);
        if (n > k + 2 && memcmp(s + n - k, place_suffix[i], k) == 0)
            return 1;
    }
    return 0;
}

static int
is_place_prefix(const tok *w)
{
    for (size_t i = 0; i < NDI_ARRAY_LEN(place_prefix); i++)
        if (is_word(w, place_prefix[i]))
            return 1;
    return 0;
}

/* "Harris County", "Sichuan Province" */
static int
is_place_head(const tok *w)
{
    static const char *const list[] = {"County", "Province",  "Region",
                                       "Island", "Islands",   "Valley",
                                       "River",  "Peninsula", "District"};
    for (size_t i = 0; i < NDI_ARRAY_LEN(list); i++)
        if (is_word(w, list[i]))
            return 1;
    return 0;
}

/* A capitalised word that may be part of a name. */
static int
namey(const tok *w)
{
    return (w->f & T_CAP) && !(w->g & (G_NOTNAME | G_TITLE | G_DEMONYM)) &&
           !(w->f & T_ALLCAPS);
}

/* The end (exclusive) of an organisation starting at w[k], or k. */
static size_t
org_at(const tok *w, size_t k, size_t n)
{
    /* "Ministry of Finance", "Bank of New York" */
    if ((w[k].g & G_ORG_HEAD) && k + 2 < n && is_word(&w[k + 1], "of") &&
        !(w[k].f & T_BREAK) && (w[k + 2].f & T_CAP)) {
        size_t e = k + 2;
        while (e < n && e < k + 7 && (w[e].f & T_CAP) && !(w[e].g & G_GIVEN) &&
               !(w[e].f & T_ALLCAPS)) {
            e++;
            if (w[e - 1].f & T_BREAK)
                break;
            if (e < n && (w[e].f & T_CONN) && e + 1 < n &&
                (w[e + 1].f & T_CAP) && !(w[e].f & T_BREAK) &&
                is_word(&w[e], "&"))
                e++;
        }
        return e;
    }
    /* "Torion Steel", "International Zonal Council", "Omnira & Co" */
    size_t limit = k + 5 < n ? k + 5 : n;
    int saw_and = 0;
    for (size_t e = k; e < limit; e++) {
        const tok *t = &w[e];
        if (e > k && (t->f & T_CONN) && !is_word(t, "&") && !is_word(t, "and"))
            break;
        if (is_word(t, "and"))
            saw_and = 1;
        if (e > k && (t->f & T_CAP) && (t->g & (G_GIVEN | G_NOTNAME)) &&
            !(t->g & G_ORG_SUFFIX))
            break;
        if (!(t->f & (T_CAP | T_CONN)) || (t->f & T_ALLCAPS))
            break;
        if (e > k && (t->g & G_ORG_HEAD) && e + 2 < n &&
            is_word(&w[e + 1], "of") && !(t->f & T_BREAK))
            break; /* "... Ministry of Finance": the name starts here */
        if (e > k && (t->g & G_ORG_SUFFIX)) {
            if ((w[k].g & G_GIVEN) && e > k + 1)
                break;
            /* "Securities and Exchange Commission", but two companies in
             * "Texaco and Exxon Corp", "Noro and Torion Steel" */
            if (saw_and && !(t->g & G_ORG_HEAD)) {
                if (t->f & T_BREAK)
                    break;
                continue;
            }
            size_t end = e + 1;
            /* "Holdings Ltd", "& Co" */
            while (end < n && !(w[end - 1].f & T_BREAK)) {
                if ((w[end].g & G_ORG_SUFFIX) && (w[end].f & T_CAP))
                    end++;
                else if (is_word(&w[end], "&") && end + 1 < n &&
                         (w[end + 1].g & G_ORG_SUFFIX))
                    end += 2;
                else
                    break;
            }
            return end;
        }
        if (t->f & T_BREAK)
            break;
    }
    return k;
}

/*
 * Cut the run w[0..n) into mentions. 'cue': the word before the run is a
 * person's title ("spokesman", "Mr."). 'avail': tokens in w[] (past the
 * run too).
 */
static void
run(nctx *c, tok *w, size_t n, size_t avail, int cue)
{
    size_t k = 0;
    while (k < n && c->st == ND_OK) {
        tok *t = &w[k];
        const char *canon = NULL;
        size_t m;
        if (t->f & T_USED) {
            k++;
            continue;
        }
        if ((m = place_at(t, n - k, &canon)) > 0 &&
            (org_at(w, k, n) <= k + m || org_at(w, k + m, n) >= k + m + 2)) {
            add_ment(c, ND_ENT_PLACE, canon, strlen(canon), t->pos);
            k += m;
            cue = 0;
            continue;
        }
        if (is_place_prefix(t) && k + 1 < n && namey(&w[k + 1]) &&
            !(t->f & T_BREAK) && !(w[k + 1].g & (G_GIVEN | G_ORG_SUFFIX))) {
            add_span(c, ND_ENT_PLACE, t, &w[k + 1]);
            k += 2;
            cue = 0;
            continue;
        }
        if ((t->f & T_CONN) || (t->g & (G_NOTNAME | G_DEMONYM)) ||
            !(t->f & T_CAP)) {
            if ((t->g & G_NOTNAME) && (t->f & T_SENT) == 0 &&
                (t->f & T_ALLCAPS) == 0 && (t->g & G_TITLE))
                cue = 1;
            k++;
            continue;
        }
        size_t e = (t->f & T_ALLCAPS) ? k : org_at(w, k, n);
        /* an unknown sentence-initial word before a name of two or more
         * words ("Usually Omnira & Co") is not part of it */
        int doubt = e > k + 2 && (t->f & T_SENT) &&
                    !(t->g & (G_GIVEN | G_ORG_HEAD | G_PLACE | G_ORG_ADJ)) &&
                    !(w[k + 1].f & T_CONN);
        if (e > k) {
            size_t before = c->nm;
            add_span(c, ND_ENT_ORG, &w[k], &w[e - 1]);
            if (doubt && c->nm > before)
                c->m[c->nm - 1].skip = (size_t)(w[k + 1].s - w[k].s);
            /* "International Zonal Council (IZC)" */
            if (e < avail && (w[e - 1].f & T_BREAK)) {
                tok *a = &w[e - 1] + 1;
                if ((a->f & T_PAREN) && (a->f & T_ALLCAPS) &&
                    (a->f & T_CLOSE) && a->len < 16 && c->na < MAX_MENTIONS) {
                    /* recorded below as an alias */
                    char buf[MAX_KEY * 2];
                    size_t on = (size_t)(w[e - 1].s + w[e - 1].len - w[k].s);
                    int len = snprintf(buf, sizeof buf, "%.*s\t%.*s",
                                       (int)a->len, a->s, (int)on, w[k].s);
                    if (len > 0 && (size_t)len < sizeof buf) {
                        if (c->na == c->capa) {
                            size_t cap = c->capa ? c->capa * 2 : 8;
                            ment *v = realloc(c->alias, cap * sizeof *v);
                            if (v == NULL) {
                                c->st = ND_ENOMEM;
                                return;
                            }
                            c->alias = v;
                            c->capa = cap;
                        }
                        char *d = ndi_strndup(buf, (size_t)len);
                        if (d == NULL) {
                            c->st = ND_ENOMEM;
                            return;
                        }
                        c->alias[c->na++] = (ment){ND_ENT_ORG, d, 0, a->pos, 0};
                        a->f |= T_USED;
                    }
                }
            }
            cue = 0;
            k = e;
            continue;
        }
        if ((t->g & G_TITLE) && !(t->f & T_ALLCAPS)) {
            cue = 1;
            k++;
            continue;
        }
        if ((m = place_at(t, n - k, &canon)) > 0) {
            add_ment(c, ND_ENT_PLACE, canon, strlen(canon), t->pos);
            k += m;
            cue = 0;
            continue;
        }
        if (t->f & T_ALLCAPS) {
            add_lone(c, t, 0);
            k++;
            continue;
        }
        int given = (t->g & G_GIVEN) != 0;
        if ((given || cue) && k + 1 < n && !(t->f & T_BREAK) &&
            (namey(&w[k + 1]) ||
             (k + 2 < n && (w[k + 1].f & T_CONN) && namey(&w[k + 2]) &&
              !is_word(&w[k + 1], "of") && !is_word(&w[k + 1], "&") &&
              !is_word(&w[k + 1], "and"))) &&
            !(w[k + 1].g & G_ORG_SUFFIX) &&
            place_at(&w[k + 1], 1, &canon) == 0) {
            size_t end = k + 2;
            /* "George W. Bush", "Mary Anne Smith", "Ludwig van Beethoven" */
            if (end < n && !(w[end - 1].f & T_BREAK) &&
                ((w[k + 1].f & T_INITIAL) || (w[k + 1].g & G_GIVEN)) &&
                namey(&w[end]) && !(w[end].g & G_GIVEN))
                end++;
            else if (end < n && (w[k + 1].f & T_CONN) &&
                     !is_word(&w[k + 1], "of") && !is_word(&w[k + 1], "&") &&
                     !is_word(&w[k + 1], "and") && namey(&w[end]))
                end++;
            else if (end + 1 < n && (w[end].f & T_CONN) &&
                     !is_word(&w[end], "of") && !is_word(&w[end], "&") &&
                     !is_word(&w[end], "and") && namey(&w[end + 1]))
                end += 2;
            add_span(c, ND_ENT_PERSON, &w[k], &w[end - 1]);
            k = end;
            cue = 0;
            continue;
        }
        /* two unknown capitalised words */
        if (k + 1 < n && !(t->f & T_BREAK) && namey(&w[k + 1]) &&
            !(w[k + 1].g & (G_GIVEN | G_ORG_SUFFIX)) &&
            place_at(&w[k + 1], n - k - 1, &canon) == 0 && !(t->f & T_SENT)) {
            if (is_place_prefix(t) || is_place_head(&w[k + 1]))
                add_span(c, ND_ENT_PLACE, t, &w[k + 1]);
            else {
                /* decided at the end: maybe a known surname and a word */
                size_t before = c->nl;
                add_lone(c, t, cue);
                add_lone(c, &w[k + 1], 0);
                if (c->st == ND_OK && c->nl == before + 2) { /* both kept */
                    c->l[c->nl - 1].cue = -1; /* pairs with the previous */
                    c->l[c->nl - 2].acr = 2;  /* first of a pair */
                }
            }
            k += 2;
            cue = 0;
            continue;
        }
        add_lone(c, t, cue);
        cue = 0;
        k++;
    }
}

/* Runs of name words in t->v[from..to). 'title_case': only known names. */
static void
scan(nctx *c, toks *t, size_t from, size_t to)
{
    size_t i = from;
    while (i < to && c->st == ND_OK) {
        tok *w = &t->v[i];
        if (!(w->f & T_CAP)) {
            i++;
            continue;
        }
        int cue =
            i > from && (t->v[i - 1].g & G_TITLE) && !(t->v[i - 1].f & T_BREAK);
        if (i > from && !(t->v[i - 1].f & T_CAP)) {
            /* "police spokesman": look the lower-case word up */
            const tok *p = &t->v[i - 1];
            cue = !(p->f & T_BREAK) && (gflags(p->s, p->len) & G_TITLE);
        }
        size_t j = i + 1;
        while (j < to && !(t->v[j - 1].f & T_BREAK) && j - i < 12) {
            const tok *x = &t->v[j];
            if (x->f & T_SENT)
                break;
            if (x->f & T_CAP) {
                j++;
                continue;
            }
            if ((x->f & T_CONN) && j + 1 < to && !(x->f & T_BREAK) &&
                (t->v[j + 1].f & T_CAP) && !(t->v[j + 1].f & T_SENT)) {
                j++;
                continue;
            }
            break;
        }
        run(c, &t->v[i], j - i, to - i, cue);
        i = j;
    }
}

/* ---- resolution ------------------------------------------------------ */

/* Does 'name' have 'word' as one of its words ('last': the last one)? */
static int
has_word(const char *name, const char *word, int last)
{
    size_t wn = strlen(word);
    const char *p = name;
    while (*p != '\0') {
        const char *sp = strchr(p, ' ');
        size_t n = sp != NULL ? (size_t)(sp - p) : strlen(p);
        if ((!last || sp == NULL) && ieq(p, n, word, wn))
            return 1;
        if (sp == NULL)
            break;
        p = sp + 1;
    }
    return 0;
}

/* The initials of an organisation's capitalised words ("IDC"). */
static int
initials_match(const char *name, const char *acr)
{
    char ini[32];
    size_t n = 0;
    const char *p = name;
    while (*p != '\0' && n + 1 < sizeof ini) {
        while (*p == ' ')
            p++;
        if (isupper((unsigned char)*p))
            ini[n++] = *p;
        const char *sp = strchr(p, ' ');
        if (sp == NULL)
            break;
        p = sp + 1;
    }
    ini[n] = '\0';
    return n >= 2 && strcmp(ini, acr) == 0;
}

/* The name of 'org' without its legal form ("Texaco Inc" -> "Texaco"),
 * or its first word for a name of two words. */
static int
org_short_match(const char *org, const char *w)
{
    const char *sp = strchr(org, ' ');
    if (sp == NULL)
        return 0;
    size_t first = (size_t)(sp - org);
    if (ieq(org, first, w, strlen(w)) && !(gflags(org, first) & G_ORG_HEAD)) {
        /* "Texaco" of "Texaco Inc", "Toris" of "Toris Mining" */
        const char *rest = sp + 1;
        return strchr(rest, ' ') == NULL ||
               (gflags(rest, strcspn(rest, " ")) & G_ORG_LEGAL);
    }
    return 0;
}

/* Resolve lone words; returns the mention index or -1, -2 (ambiguous). */
static long
resolve(const nctx *c, const char *w, int acr)
{
    long found = -1;
    for (int pass = 0; pass < 2 && found == -1; pass++)
        for (size_t i = 0; i < c->nm; i++) {
            const ment *m = &c->m[i];
            int hit = 0;
            if (m->type == ND_ENT_PERSON && !acr)
                hit = has_word(m->name, w, pass == 0) &&
                      strchr(m->name, ' ') != NULL;
            else if (m->type == ND_ENT_ORG && pass == 0)
                hit = acr ? initials_match(m->name, w)
                          : org_short_match(m->name, w);
            if (!hit)
                continue;
            if (found >= 0 && found != (long)i)
                return -2;
            found = (long)i;
        }
    if (found == -1 && acr)
        for (size_t i = 0; i < c->na; i++) {
            const char *tab = strchr(c->alias[i].name, '\t');
            if (tab != NULL && (size_t)(tab - c->alias[i].name) == strlen(w) &&
                memcmp(c->alias[i].name, w, strlen(w)) == 0) {
                for (size_t j = 0; j < c->nm; j++)
                    if (c->m[j].type == ND_ENT_ORG &&
                        strcmp(c->m[j].name, tab + 1) == 0)
                        return (long)j;
            }
        }
    return found;
}

static void
settle(nctx *c, nd_article *a)
{
    (void)a;
    for (size_t i = 0; i < c->nl && c->st == ND_OK; i++) {
        lone *l = &c->l[i];
        int pair = l->acr == 2 && i + 1 < c->nl && c->l[i + 1].cue == -1;
        if (pair) {
            long r1 = resolve(c, l->word, 0);
            long r2 = resolve(c, c->l[i + 1].word, 0);
            if (r1 == -1 && r2 == -1) {
                /* two unknown words: a person's name */
                char buf[MAX_KEY * 2];
                int n = snprintf(buf, sizeof buf, "%s %s", l->word,
                                 c->l[i + 1].word);
                if (n > 0 && (size_t)n < sizeof buf)
                    add_ment(c, ND_ENT_PERSON, buf, (size_t)n, l->pos);
                i++;
                continue;
            }
            l->acr = 0;
            c->l[i + 1].cue = 0;
        }
    }
}

/* The word of a person's name in the article that 'w' (n bytes) is. */
static int
person_word(const nctx *c, const char *w, size_t n)
{
    char buf[MAX_KEY];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, w, n);
    buf[n] = '\0';
    for (size_t i = 0; i < c->nm; i++)
        if (c->m[i].type == ND_ENT_PERSON && strchr(c->m[i].name, ' ') &&
            has_word(c->m[i].name, buf, 0))
            return 1;
    return 0;
}

/* A sentence's first word, or a person's surname glued to an organisation
 * or a made-up place by the run ("Casez Toris Mining", "West Casez"): cut
 * it off. */
static void
fix_mentions(nctx *c)
{
    /* "Usually Omnira & Co" at a sentence's start is "Omnira & Co" when
     * the article names that elsewhere. Otherwise the whole is kept: real
     * copy opens sentences with company names ("Diamond Shamrock Corp
     * said"); made-up text that opens them with an odd word costs a little
     * precision instead. */
    for (size_t i = 0; i < c->nm; i++) {
        ment *m = &c->m[i];
        if (m->skip == 0 || m->skip >= strlen(m->name) || m->type < 0)
            continue;
        const char *rest = m->name + m->skip;
        for (size_t j = 0; j < c->nm; j++)
            if (j != i && c->m[j].type == ND_ENT_ORG &&
                strcmp(c->m[j].name, rest) == 0) {
                if (m->pos < c->m[j].pos)
                    c->m[j].pos = m->pos;
                m->type = -1;
                break;
            }
        m->skip = 0;
    }
    for (size_t i = 0; i < c->nm && c->st == ND_OK; i++) {
        ment *m = &c->m[i];
        char *name = m->name;
        const char *sp = strchr(name, ' ');
        const char *last = strrchr(name, ' ');
        if (sp == NULL || m->type < 0)
            continue;
        if (m->type == ND_ENT_ORG && strchr(sp + 1, ' ') != NULL &&
            person_word(c, name, (size_t)(sp - name))) {
            memmove(name, sp + 1, strlen(sp + 1) + 1);
        } else if (m->type == ND_ENT_ORG && strchr(sp + 1, ' ') != NULL &&
                   person_word(c, last + 1, strlen(last + 1))) {
            name[last - name] = '\0';
        } else if (m->type == ND_ENT_PLACE && sp == last &&
                   person_word(c, last + 1, strlen(last + 1)) &&
                   gz_get(name, strlen(name)) == NULL) {
            m->type = -1; /* dropped */
        }
    }
}

static void
settle_lones(nctx *c, nd_article *a)
{
    for (size_t i = 0; i < c->nl && c->st == ND_OK; i++) {
        lone *l = &c->l[i];
        if (l->acr == 2 && i + 1 < c->nl && c->l[i + 1].cue == -1) {
            i++;
            continue;
        }
        long r = resolve(c, l->word, l->acr);
        if (r >= 0) {
            if (l->pos < c->m[r].pos)
                c->m[r].pos = l->pos;
            continue;
        }
        if (r == -2)
            continue;
        size_t n = strlen(l->word);
        const gent *g = gz_get(l->word, n);
        if (g != NULL && (g->flags & G_PLACE) &&
            (!(g->flags & G_EXACT) || l->acr)) {
            add_ment(c, ND_ENT_PLACE, g->place, strlen(g->place), l->pos);
            continue;
        }
        if (g != NULL && (g->flags & (G_NOTNAME | G_DEMONYM | G_TITLE)))
            continue;
        if (l->acr) {
            if (n >= 3)
                add_ment(c, ND_ENT_ORG, l->word, n, l->pos);
            continue;
        }
        if (l->sent)
            continue;
        if (place_like(l->word, n)) {
            add_ment(c, ND_ENT_PLACE, l->word, n, l->pos);
            continue;
        }
        /* "President Putin" alone: one word is not a canonical name; the
         * writer's alias table may know the full one */
        if (g == NULL || !(g->flags & G_GIVEN) || l->cue > 0)
            c->st = ndi_article_add_lone(a, l->word, n);
    }
}

/* In upper-case or title-case text only known names count. */
static void
scan_known(nctx *c, toks *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && c->st == ND_OK;) {
        tok *w = &t->v[i];
        const char *canon = NULL;
        size_t m = place_at(w, to - i, &canon);
        if (m > 0) {
            add_ment(c, ND_ENT_PLACE, canon, strlen(canon), w->pos);
            i += m;
            continue;
        }
        /* a full name seen in the body, or one of its words */
        size_t best = 0;
        long which = -1;
        for (size_t j = 0; j < c->nm && w->len < MAX_KEY; j++) {
            /* only names that begin with this word */
            const char *nm = c->m[j].name;
            if (c->m[j].type < 0 || strlen(nm) < w->len ||
                (nm[w->len] != '\0' && nm[w->len] != ' ') ||
                !ieq(nm, w->len, w->s, w->len))
                continue;
            for (size_t len = 1; len <= 6 && i + len <= to; len++) {
                const tok *e = &t->v[i + len - 1];
                size_t span = (size_t)(e->s + e->len - w->s);
                if (ieq(c->m[j].name, strlen(c->m[j].name), w->s, span) &&
                    len > best) {
                    best = len;
                    which = (long)j;
                }
            }
        }
        if (which >= 0) {
            if (w->pos < c->m[which].pos)
                c->m[which].pos = w->pos;
            i += best;
            continue;
        }
        if (w->len < MAX_KEY && w->len >= 2 && (w->f & T_CAP)) {
            char buf[MAX_KEY];
            memcpy(buf, w->s, w->len);
            buf[w->len] = '\0';
            long r = resolve(c, buf, 0);
            if (r < 0 && (w->f & T_ALLCAPS))
                r = resolve(c, buf, 1);
            if (r >= 0 && w->pos < c->m[r].pos)
                c->m[r].pos = w->pos;
        }
        i++;
    }
}

/* Mostly upper-case, or most words capitalised (a headline). */
static int
known_only(const toks *t, size_t from, size_t to, int upper_only)
{
    size_t caps = 0, upper = 0, words = 0, long_words = 0, long_caps = 0;
    for (size_t i = from; i < to; i++) {
        const tok *w = &t->v[i];
        if (w->len >= 5) {
            long_words++;
            long_caps += (w->f & T_CAP) != 0;
        }
        if (w->len < 4 && !(w->f & T_CAP))
            continue;
        words++;
        caps += (w->f & T_CAP) != 0;
        upper += (w->f & T_ALLCAPS) != 0;
    }
    (void)caps;
    /* upper case: most words; title case: every word of five letters or
     * more ("Trevulani Weighs Vaccine over Yarenport") */
    return (words >= 3 && upper * 10 >= words * 6) ||
           (!upper_only && long_words >= 2 && long_caps == long_words);
}

/* "MOSCOW, March 20 -", "Paris —" at the start of the body. */
static void
body_dateline(nctx *c, toks *t, size_t from, size_t to, const char *body)
{
    if (to - from < 2)
        return;
    size_t n = 0;
    while (from + n < to && n < 4 && (t->v[from + n].f & T_CAP) &&
           !(t->v[from + n].f & T_BREAK))
        n++;
    if (from + n >= to || !(t->v[from + n].f & T_CAP))
        return;
    n++;
    const tok *last = &t->v[from + n - 1];
    const char *after = last->s + last->len;
    while (*after == ' ')
        after++;
    int dl = 0;
    if (*after == ',' && from + n < to && (t->v[from + n].g & G_NOTNAME) &&
        (t->v[from + n].f & T_CAP))
        dl = 1; /* a month or day name */
    else if (*after == '-' || strncmp(after, "\xe2\x80\x94", 3) == 0 ||
             strncmp(after, "\xe2\x80\x93", 3) == 0)
        dl = after[1] == ' ' || after[0] != '-';
    (void)body;
    if (!dl)
        return;
    const char *canon = NULL;
    size_t m = place_at(&t->v[from], n, &canon);
    if (m == n) {
        add_ment(c, ND_ENT_PLACE, canon, strlen(canon), 0);
        t->v[from].f |= T_USED;
        for (size_t i = 0; i < n; i++)
            t->v[from + i].f |= T_USED;
    }
}

/* The dateline field's place: "NEW YORK, FEB 26" -> "New York". */
static void
dateline(nctx *c, const char *dl)
{
    size_t n = strcspn(dl, ",(");
    while (n > 0 && dl[n - 1] == ' ')
        n--;
    char name[128];
    if (n == 0 || n >= sizeof name)
        return;
    int upper = all_upper_ascii(dl, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)dl[i];
        int start = i == 0 || dl[i - 1] == ' ' || dl[i - 1] == '-';
        name[i] = upper && !start ? (char)tolower(ch) : (char)ch;
    }
    name[n] = '\0';
    char *sp = name; /* a date after the place in RCV1 datelines */
    while ((sp = strchr(sp, ' ')) != NULL) {
        if (isdigit((unsigned char)sp[1])) {
            *sp = '\0';
            break;
        }
        sp++;
    }
    const gent *g = gz_get(name, strlen(name));
    if (g != NULL && (g->flags & G_PLACE))
        add_ment(c, ND_ENT_PLACE, g->place, strlen(g->place), 0);
    else if (strlen(name) > 1 && !(g != NULL && (g->flags & G_NOTNAME)))
        add_ment(c, ND_ENT_PLACE, name, strlen(name), 0);
}

static int
by_pos(const void *x, const void *y)
{
    const ment *a = x, *b = y;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static pthread_once_t ner_once = PTHREAD_ONCE_INIT;
static int ner_on;

static void
ner_read_env(void)
{
    const char *e = getenv("NEWSDEX_NER");
    ner_on = !(e != NULL && strcmp(e, "0") == 0);
}

/* NEWSDEX_NER=0 turns entity extraction off (read once, by any thread). */
static int
ner_enabled(void)
{
    pthread_once(&ner_once, ner_read_env);
    return ner_on;
}

nd_status
ndi_ner_extract(nd_article *a)
{
    pthread_once(&gz_once, gz_load);
    if (!ner_enabled())
        return ND_OK;
    nctx c;
    memset(&c, 0, sizeof c);
    toks t = {0};
    const char *src = nd_article_get(a, ND_F_SOURCE);
    c.source = *src != '\0' ? src : NULL;
    const char *dl = nd_article_get(a, ND_F_DATELINE);
    if (*dl != '\0')
        dateline(&c, dl);
    const char *title = nd_article_title(a);
    const char *body = nd_article_body(a);
    size_t pos = 1;
    nd_status st = split(title, strlen(title), &pos, &t);
    size_t ntitle = t.n;
    if (st == ND_OK)
        st = split(body, ndi_article_body_len(a), &pos, &t);
    if (st != ND_OK)
        goto out;
    if (*dl == '\0')
        body_dateline(&c, &t, ntitle, t.n, body);
    int body_known = known_only(&t, ntitle, t.n, 1);
    if (!body_known)
        scan(&c, &t, ntitle, t.n);
    int title_known = known_only(&t, 0, ntitle, 0);
    if (!title_known)
        scan(&c, &t, 0, ntitle);
    if (c.st == ND_OK)
        settle(&c, a);
    if (c.st == ND_OK)
        fix_mentions(&c);
    if (c.st == ND_OK)
        settle_lones(&c, a);
    if (title_known)
        scan_known(&c, &t, 0, ntitle);
    if (body_known)
        scan_known(&c, &t, ntitle, t.n);
    st = c.st;
    if (st == ND_OK && c.nm > 1)
        qsort(c.m, c.nm, sizeof *c.m, by_pos);
    for (size_t i = 0; i < c.nm && st == ND_OK; i++)
        if (c.m[i].type >= 0)
            st = nd_article_add_entity(a, (nd_entity_type)c.m[i].type,
                                       c.m[i].name, strlen(c.m[i].name));
out:
    for (size_t i = 0; i < c.nm; i++)
        free(c.m[i].name);
    for (size_t i = 0; i < c.nl; i++)
        free(c.l[i].word);
    for (size_t i = 0; i < c.na; i++)
        free(c.alias[i].name);
    free(c.m);
    free(c.l);
    free(c.alias);
    free(t.v);
    return st == ND_ENOMEM ? ND_ENOMEM : ND_OK;
}

/* ---- aliases --------------------------------------------------------- */

static nd_status
emit(ndi_alias_fn fn, void *ctx, const char *s, size_t n, const char *name)
{
    char k[MAX_KEY];
    size_t kn = lower(s, n, k, sizeof k);
    char full[MAX_KEY];
    size_t fn_ = lower(name, strlen(name), full, sizeof full);
    if (kn == 0 || (kn == fn_ && memcmp(k, full, kn) == 0))
        return ND_OK;
    return fn(ctx, k, kn);
}

nd_status
ndi_ner_aliases(nd_entity_type type, const char *name, ndi_alias_fn fn,
                void *ctx)
{
    pthread_once(&gz_once, gz_load);
    size_t n = strlen(name);
    const char *sp = strrchr(name, ' ');
    nd_status st = ND_OK;
    if (type == ND_ENT_PERSON) {
        if (sp != NULL)
            st = emit(fn, ctx, sp + 1, strlen(sp + 1), name);
    } else if (type == ND_ENT_ORG) {
        char ini[32];
        size_t m = 0, words = 0;
        for (const char *p = name; *p != '\0';) {
            size_t w = strcspn(p, " ");
            if (isupper((unsigned char)*p) && m + 1 < sizeof ini)
                ini[m++] = *p;
            words++;
            p += w;
            while (*p == ' ')
                p++;
        }
        if (m >= 3 && words >= 3)
            st = emit(fn, ctx, ini, m, name);
        if (st == ND_OK && sp != NULL &&
            (gflags(sp + 1, strlen(sp + 1)) & G_ORG_LEGAL)) {
            size_t k = (size_t)(sp - name);
            while (k > 0 && (name[k - 1] == ' ' || name[k - 1] == '&'))
                k--;
            if (k > 0 && !(gflags(name, k) & (G_NOTNAME | G_ORG_SUFFIX)))
                st = emit(fn, ctx, name, k, name);
        }
    } else if (type == ND_ENT_PLACE && gz.cap > 0) {
        /* every variant and demonym naming this place */
        for (size_t i = 0; i < gz.cap && st == ND_OK; i++) {
            const gent *e = &gz.v[i];
            if (e->key == NULL)
                continue;
            if (((e->flags & G_PLACE) && e->place != NULL &&
                 strcmp(e->place, name) == 0) ||
                ((e->flags & G_DEMONYM) && e->demonym != NULL &&
                 strcmp(e->demonym, name) == 0))
                st = emit(fn, ctx, e->key, strlen(e->key), name);
        }
    }
    (void)n;
    return st;
}
