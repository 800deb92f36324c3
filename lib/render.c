/* SPDX-License-Identifier: MIT */
/*
 * render.c - hits and statistics as text for a terminal or a pipe, and as
 * the versioned JSON documented in doc/json.md (written with json-c, so
 * every string is escaped correctly).
 */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ndi.h"
#include "normalize.h"

/* History: 1 first; 2 adds entities, facets, histogram, suggestion,
 * cluster, duplicates and duplicate_ids. */
#define HITS_SCHEMA "newsdex-hits/2"
#define STATS_SCHEMA "newsdex-stats/1"

/* Valid UTF-8 without control characters: invalid bytes and controls
 * become U+FFFD. Paths are raw bytes from the file system. */
static nd_status
safe_text(const char *s, nd_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    nd_buf_clear(out);
    nd_status st = ND_OK;
    for (size_t i = 0; i < len && st == ND_OK;) {
        uint32_t cp;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F) {
            st = nd_buf_append(out, "\xEF\xBF\xBD", 3);
            i += n == 0 ? 1 : n;
        } else {
            st = nd_buf_append(out, p + i, n);
            i += n;
        }
    }
    return st;
}

/* A JSON string of 's' made safe (valid UTF-8, no controls), or null for
 * an empty or missing value. */
static json_object *
jstr_or_null(const char *s)
{
    if (s == NULL || *s == '\0')
        return NULL;
    nd_buf b = {0};
    ndi_hdr_init(&b.hdr);
    json_object *o = NULL;
    if (safe_text(s, &b) == ND_OK)
        o = json_object_new_string(nd_buf_data(&b));
    free(b.data);
    return o;
}

/* The same, "" rather than null. */
static json_object *
jstr(const char *s)
{
    json_object *o = jstr_or_null(s);
    return o != NULL ? o : json_object_new_string("");
}

static json_object *
jdate(const nd_article *a)
{
    if (nd_article_datesrc(a) == ND_DATE_NONE)
        return NULL;
    char iso[32];
    ndi_date_format(nd_article_date(a), iso);
    return json_object_new_string(iso);
}

/* "\x01word\x02" -> "word" (plain) or "<mark>word</mark>" (HTML). */
static nd_status
snippet_as(const char *s, int html, nd_buf *out)
{
    nd_buf_clear(out);
    nd_status st = ND_OK;
    for (; *s != '\0' && st == ND_OK; s++) {
        switch (*s) {
        case '\x01':
            st = html ? ndi_buf_puts(out, "<mark>") : ND_OK;
            break;
        case '\x02':
            st = html ? ndi_buf_puts(out, "</mark>") : ND_OK;
            break;
        case '&':
            st = ndi_buf_puts(out, html ? "&amp;" : "&");
            break;
        case '<':
            st = ndi_buf_puts(out, html ? "&lt;" : "<");
            break;
        case '>':
            st = ndi_buf_puts(out, html ? "&gt;" : ">");
            break;
        case '"':
            st = ndi_buf_puts(out, html ? "&quot;" : "\"");
            break;
        case '\n':
            /* a paragraph break inside a snippet reads as one space */
            if (out->len == 0 || out->data[out->len - 1] != ' ')
                st = ndi_buf_putc(out, ' ');
            break;
        default:
            st = ndi_buf_putc(out, *s);
        }
    }
    return st;
}

/* {"person": [...], "place": [...], "org": [...]} of canonical names. */
static json_object *
jentities(const nd_article *a)
{
    static const char *const names[ND_ENT_COUNT] = {"person", "place", "org"};
    json_object *o = json_object_new_object();
    json_object *lists[ND_ENT_COUNT];
    if (o == NULL)
        return NULL;
    for (int t = 0; t < ND_ENT_COUNT; t++) {
        lists[t] = json_object_new_array();
        json_object_object_add(o, names[t], lists[t]);
    }
    for (size_t i = 0; i < nd_article_entity_count(a); i++) {
        nd_entity_type t;
        const char *name = nd_article_entity(a, i, &t);
        if (t < ND_ENT_COUNT && lists[t] != NULL)
            json_object_array_add(lists[t], jstr(name));
    }
    return o;
}

/* [{"name": ..., "count": ...}] of one facet. */
static json_object *
jfacet(const nd_hits *h, nd_facet f)
{
    json_object *arr = json_object_new_array();
    uint64_t n;
    const char *name;
    for (size_t i = 0; arr != NULL && (name = nd_hits_facet(h, f, i, &n));
         i++) {
        json_object *e = json_object_new_object();
        if (e == NULL)
            break;
        json_object_object_add(e, "name", jstr(name));
        json_object_object_add(e, "count", json_object_new_int64((int64_t)n));
        json_object_array_add(arr, e);
    }
    return arr;
}

static void
add_extras(json_object *root, const nd_hits *h, int facets)
{
    static const char *const fnames[ND_FACET_COUNT] = {"person", "place", "org",
                                                       "source", "month"};
    static const char *const tnames[ND_ENT_COUNT] = {"person", "place", "org"};
    if (facets) {
        json_object *f = json_object_new_object();
        if (f == NULL)
            return;
        json_object_object_add(root, "facets", f);
        for (int i = 0; i < ND_FACET_COUNT; i++)
            json_object_object_add(f, fnames[i], jfacet(h, (nd_facet)i));
        json_object *rel = json_object_new_array();
        json_object_object_add(f, "related", rel);
        nd_entity_type t;
        double w;
        const char *name;
        for (size_t i = 0;
             rel != NULL && (name = nd_hits_related(h, i, &t, &w)); i++) {
            json_object *e = json_object_new_object();
            if (e == NULL)
                break;
            json_object_object_add(e, "name", jstr(name));
            json_object_object_add(
                e, "type", json_object_new_string(tnames[t % ND_ENT_COUNT]));
            json_object_object_add(e, "weight", json_object_new_double(w));
            json_object_array_add(rel, e);
        }
    }
    if (nd_hits_histogram_period(h) != ND_PERIOD_NONE) {
        json_object *arr = json_object_new_array();
        json_object_object_add(root, "histogram", arr);
        uint64_t n;
        const char *p;
        for (size_t i = 0; arr != NULL && (p = nd_hits_histogram(h, i, &n));
             i++) {
            json_object *e = json_object_new_object();
            if (e == NULL)
                break;
            json_object_object_add(e, "period", jstr(p));
            json_object_object_add(e, "count",
                                   json_object_new_int64((int64_t)n));
            json_object_array_add(arr, e);
        }
    }
    if (*nd_hits_suggestion(h) != '\0')
        json_object_object_add(root, "suggestion", jstr(nd_hits_suggestion(h)));
}

/* The whole object when 'part' is FIRST|LAST; else the pieces of one
 * object written page by page: FIRST opens it (every top-level key but
 * "count") and its "hits", each part adds its hits ('done' were written
 * before), LAST closes "hits" and adds "count". */
static nd_status
render_json_part(const nd_hits *h, const char *query, unsigned part,
                 size_t done, FILE *out)
{
    nd_buf tmp = {0};
    ndi_hdr_init(&tmp.hdr);
    json_object *root = json_object_new_object();
    json_object *hits = json_object_new_array();
    if (root == NULL || hits == NULL) {
        json_object_put(root);
        json_object_put(hits);
        return ND_ENOMEM;
    }
    nd_status st = ND_OK;
    json_object_object_add(root, "schema", json_object_new_string(HITS_SCHEMA));
    if (safe_text(query, &tmp) == ND_OK)
        json_object_object_add(root, "query",
                               json_object_new_string(nd_buf_data(&tmp)));
    json_object_object_add(root, "total",
                           json_object_new_int64((int64_t)nd_hits_total(h)));
    json_object_object_add(root, "offset",
                           json_object_new_int64(nd_hits_offset(h)));
    json_object_object_add(root, "count",
                           json_object_new_int64((int64_t)nd_hits_count(h)));
    json_object_object_add(root, "hits", hits);
    add_extras(root, h, nd_hits_has_facets(h));
    for (size_t i = 0; i < nd_hits_count(h) && st == ND_OK; i++) {
        const nd_article *a = nd_hits_article(h, i);
        json_object *o = json_object_new_object();
        if (o == NULL) {
            st = ND_ENOMEM;
            break;
        }
        json_object_array_add(hits, o);
        json_object_object_add(o, "id", jstr(nd_article_get(a, ND_F_ID)));
        json_object_object_add(o, "rank",
                               json_object_new_int64(nd_hits_rank(h, i)));
        json_object_object_add(o, "score",
                               json_object_new_double(nd_hits_score(h, i)));
        json_object_object_add(o, "title", jstr(nd_article_title(a)));
        json_object_object_add(o, "date", jdate(a));
        json_object_object_add(o, "source",
                               jstr_or_null(nd_article_get(a, ND_F_SOURCE)));
        json_object_object_add(o, "byline",
                               jstr_or_null(nd_article_get(a, ND_F_BYLINE)));
        json_object_object_add(o, "dateline",
                               jstr_or_null(nd_article_get(a, ND_F_DATELINE)));
        json_object_object_add(o, "url",
                               jstr_or_null(nd_article_get(a, ND_F_URL)));
        json_object_object_add(o, "path", jstr(nd_article_get(a, ND_F_PATH)));
        json_object_object_add(o, "item",
                               json_object_new_int64(nd_article_item(a)));
        json_object_object_add(o, "docno",
                               jstr_or_null(nd_article_get(a, ND_F_DOCNO)));
        json_object_object_add(o, "lang",
                               jstr_or_null(nd_article_get(a, ND_F_LANG)));
        json_object_object_add(o, "format",
                               jstr_or_null(nd_article_get(a, ND_F_FORMAT)));
        json_object_object_add(o, "entities", jentities(a));
        if ((st = snippet_as(nd_hits_snippet(h, i), 0, &tmp)) != ND_OK)
            break;
        json_object_object_add(o, "snippet", jstr(nd_buf_data(&tmp)));
        if ((st = snippet_as(nd_hits_snippet(h, i), 1, &tmp)) != ND_OK)
            break;
        json_object_object_add(o, "snippet_html", jstr(nd_buf_data(&tmp)));
        json_object_object_add(o, "cluster",
                               jstr_or_null(nd_hits_cluster(h, i)));
        json_object_object_add(
            o, "duplicates",
            json_object_new_int64((int64_t)nd_hits_duplicates(h, i)));
        if (nd_hits_duplicate_id(h, i, 0) != NULL) {
            json_object *ids = json_object_new_array();
            if (ids == NULL) {
                st = ND_ENOMEM;
                break;
            }
            json_object_object_add(o, "duplicate_ids", ids);
            const char *d;
            for (size_t j = 0; (d = nd_hits_duplicate_id(h, i, j)) != NULL; j++)
                json_object_array_add(ids, json_object_new_string(d));
        }
    }
    const int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
    if (st == ND_OK && part == (ND_RENDER_FIRST | ND_RENDER_LAST)) {
        const char *s = json_object_to_json_string_ext(root, flags);
        if (s == NULL)
            st = ND_ENOMEM;
        else if (fputs(s, out) == EOF || fputc('\n', out) == EOF)
            st = ND_EIO;
    } else if (st == ND_OK) {
        json_object_get(hits);
        json_object_object_del(root, "hits");
        json_object_object_del(root, "count");
        if (part & ND_RENDER_FIRST) {
            const char *s = json_object_to_json_string_ext(root, flags);
            size_t n = s != NULL ? strlen(s) : 0;
            if (n < 2)
                st = ND_ENOMEM;
            else if (fwrite(s, 1, n - 1, out) != n - 1 ||
                     fputs(n > 2 ? ",\"hits\":[" : "\"hits\":[", out) == EOF)
                st = ND_EIO;
        }
        for (size_t i = 0; st == ND_OK && i < json_object_array_length(hits);
             i++) {
            const char *s = json_object_to_json_string_ext(
                json_object_array_get_idx(hits, i), flags);
            if (s == NULL)
                st = ND_ENOMEM;
            else if ((done + i > 0 && fputc(',', out) == EOF) ||
                     fputs(s, out) == EOF)
                st = ND_EIO;
        }
        if (st == ND_OK && (part & ND_RENDER_LAST) &&
            fprintf(out, "],\"count\":%zu}\n",
                    done + json_object_array_length(hits)) < 0)
            st = ND_EIO;
        json_object_put(hits);
    }
    json_object_put(root);
    free(tmp.data);
    return st;
}

static nd_status
render_json(const nd_hits *h, const char *query, FILE *out)
{
    return render_json_part(h, query, ND_RENDER_FIRST | ND_RENDER_LAST, 0, out);
}

/* Print 's' with control characters (hostile names) shown as '?'. */
static int
put_safe(const char *s, FILE *out)
{
    for (; *s != '\0'; s++)
        if (fputc((unsigned char)*s < 0x20 || *s == 0x7F ? '?' : *s, out) ==
            EOF)
            return -1;
    return 0;
}

/* Facets, histogram bars and the suggestion, after the hits. */
static void
render_text_extras(const nd_hits *h, FILE *out)
{
    static const char *const fnames[ND_FACET_COUNT] = {
        "People", "Places", "Organisations", "Sources", "Months"};
    uint64_t n, max = 0;
    const char *name;
    for (int f = 0; f < ND_FACET_COUNT; f++) {
        if (nd_hits_facet_count(h, (nd_facet)f) == 0)
            continue;
        fprintf(out, "%s:", fnames[f]);
        for (size_t i = 0;
             i < 10 && (name = nd_hits_facet(h, (nd_facet)f, i, &n)) != NULL;
             i++) {
            fputs(i == 0 ? " " : ", ", out);
            put_safe(name, out);
            fprintf(out, " (%" PRIu64 ")", n);
        }
        fputc('\n', out);
    }
    nd_entity_type t;
    double w;
    for (size_t i = 0; (name = nd_hits_related(h, i, &t, &w)) != NULL; i++) {
        fputs(i == 0 ? "Related: " : ", ", out);
        put_safe(name, out);
        if (nd_hits_related(h, i + 1, &t, &w) == NULL)
            fputc('\n', out);
    }
    for (size_t i = 0; nd_hits_histogram(h, i, &n) != NULL; i++)
        max = n > max ? n : max;
    for (size_t i = 0; (name = nd_hits_histogram(h, i, &n)) != NULL; i++) {
        int bar = max > 0 ? (int)((n * 50 + max - 1) / max) : 0;
        fprintf(out, "%-10s %6" PRIu64 " ", name, n);
        for (int k = 0; k < bar; k++)
            fputc('#', out);
        fputc('\n', out);
    }
    if (*nd_hits_suggestion(h) != '\0') {
        fputs("Did you mean: ", out);
        put_safe(nd_hits_suggestion(h), out);
        fputs("\n", out);
    }
}

static nd_status render_text_part(const nd_hits *h, int tty, unsigned part,
                                  FILE *out);

static nd_status
render_text(const nd_hits *h, int tty, FILE *out)
{
    return render_text_part(h, tty, ND_RENDER_FIRST | ND_RENDER_LAST, out);
}

static nd_status
render_text_part(const nd_hits *h, int tty, unsigned part, FILE *out)
{
    const char *bold = tty ? "\033[1m" : "", *plain = tty ? "\033[0m" : "";
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        const nd_article *a = nd_hits_article(h, i);
        fprintf(out, "%u. %s%s%s\n   ", nd_hits_rank(h, i), bold,
                *nd_article_title(a) ? nd_article_title(a) : "(untitled)",
                plain);
        if (nd_article_datesrc(a) != ND_DATE_NONE) {
            char iso[32];
            ndi_date_format(nd_article_date(a), iso);
            fprintf(out, "%.10s %.5s UTC", iso, iso + 11);
        }
        const char *src = nd_article_get(a, ND_F_SOURCE);
        if (*src != '\0')
            fprintf(out, " | %s", src);
        fprintf(out, " | score %.2f", nd_hits_score(h, i));
        if (nd_hits_duplicates(h, i) > 0)
            fprintf(out, " | +%" PRIu64 " similar", nd_hits_duplicates(h, i));
        fputs("\n   ", out);
        const char *url = nd_article_get(a, ND_F_URL);
        put_safe(*url != '\0' ? url : nd_article_get(a, ND_F_PATH), out);
        fputc('\n', out);
        const char *sn = nd_hits_snippet(h, i);
        if (*sn != '\0') {
            fputs("   ", out);
            for (; *sn != '\0'; sn++) {
                if (*sn == '\x01')
                    fputs(tty ? bold : "", out);
                else if (*sn == '\x02')
                    fputs(tty ? plain : "", out);
                else if (*sn != '\n' || sn[1] != '\n')
                    fputc(*sn == '\n' ? ' ' : *sn, out);
            }
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    if (part & ND_RENDER_FIRST)
        render_text_extras(h, out);
    if (!(part & ND_RENDER_LAST))
        return ferror(out) ? ND_EIO : ND_OK;
    if (!(part & ND_RENDER_FIRST))
        fprintf(out, "About %" PRIu64 " matches; shown up to rank %u.\n",
                nd_hits_total(h),
                nd_hits_count(h) > 0 ? nd_hits_rank(h, nd_hits_count(h) - 1)
                                     : nd_hits_offset(h));
    else if (nd_hits_total(h) == 0)
        fprintf(out, "No matches.\n");
    else if (nd_hits_count(h) == 0)
        fprintf(out, "About %" PRIu64 " matches; none shown (offset %u).\n",
                nd_hits_total(h), nd_hits_offset(h));
    else
        fprintf(out, "About %" PRIu64 " matches; showing %u-%u.\n",
                nd_hits_total(h), nd_hits_rank(h, 0),
                nd_hits_rank(h, nd_hits_count(h) - 1));
    return ferror(out) ? ND_EIO : ND_OK;
}

nd_status
nd_render_hits(const nd_hits *h, const char *query, nd_render_fmt fmt, int tty,
               FILE *out)
{
    if (fmt == ND_RENDER_JSON)
        return render_json(h, query, out);
    return render_text(h, tty, out);
}

nd_status
nd_render_hits_part(const nd_hits *h, const char *query, nd_render_fmt fmt,
                    int tty, unsigned part, size_t done, FILE *out)
{
    if (fmt == ND_RENDER_JSON)
        return render_json_part(h, query, part, done, out);
    return render_text_part(h, tty, part, out);
}

nd_status
nd_render_trec(const nd_hits *h, const char *qid, const char *tag, FILE *out)
{
    for (size_t i = 0; i < nd_hits_count(h); i++) {
        const nd_article *a = nd_hits_article(h, i);
        const char *docno = nd_article_get(a, ND_F_DOCNO);
        if (*docno == '\0')
            docno = nd_article_get(a, ND_F_ID);
        /* fields are separated by spaces: none may hold one */
        fputs(*qid != '\0' ? qid : "0", out);
        fputs(" Q0 ", out);
        for (const char *p = docno; *p != '\0'; p++)
            fputc((unsigned char)*p <= ' ' ? '_' : *p, out);
        fprintf(out, " %u %.4f %s\n", nd_hits_rank(h, i), nd_hits_score(h, i),
                *tag != '\0' ? tag : "newsdex");
    }
    return ferror(out) ? ND_EIO : ND_OK;
}

nd_status
nd_render_stats(const nd_collection_stats *s, const char *path,
                nd_render_fmt fmt, FILE *out)
{
    char first[32] = "", last[32] = "";
    if (s->has_dates) {
        ndi_date_format(s->first_date, first);
        ndi_date_format(s->last_date, last);
    }
    if (fmt == ND_RENDER_JSON) {
        nd_buf tmp = {0};
        ndi_hdr_init(&tmp.hdr);
        json_object *o = json_object_new_object();
        if (o == NULL)
            return ND_ENOMEM;
        json_object_object_add(o, "schema",
                               json_object_new_string(STATS_SCHEMA));
        if (safe_text(path, &tmp) == ND_OK)
            json_object_object_add(o, "collection",
                                   json_object_new_string(nd_buf_data(&tmp)));
        free(tmp.data);
        json_object_object_add(o, "articles",
                               json_object_new_int64((int64_t)s->articles));
        json_object_object_add(o, "sources",
                               json_object_new_int64((int64_t)s->sources));
        json_object_object_add(o, "files",
                               json_object_new_int64((int64_t)s->files));
        json_object_object_add(o, "first_date", jstr_or_null(first));
        json_object_object_add(o, "last_date", jstr_or_null(last));
        json_object_object_add(o, "disk_bytes",
                               json_object_new_int64((int64_t)s->disk_bytes));
        json_object_object_add(o, "schema_version",
                               json_object_new_int64(s->schema));
        const char *txt = json_object_to_json_string_ext(
            o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        int bad =
            txt == NULL || fputs(txt, out) == EOF || fputc('\n', out) == EOF;
        json_object_put(o);
        return bad ? ND_EIO : ND_OK;
    }
    fputs("collection:  ", out);
    put_safe(path, out);
    fprintf(out,
            "\narticles:    %" PRIu64 "\nsources:     %" PRIu64
            "\nfiles:       %" PRIu64
            "\ndates:       %s%s%s\nsize:        %.1f MiB\nschema:      %u\n",
            s->articles, s->sources, s->files, s->has_dates ? first : "-",
            s->has_dates ? " .. " : "", s->has_dates ? last : "",
            (double)s->disk_bytes / (1024.0 * 1024.0), s->schema);
    return ferror(out) ? ND_EIO : ND_OK;
}

/* For render-report.c, which holds what only the indexer needs. */
nd_status
ndi_render_safe_text(const char *s, nd_buf *out)
{
    return safe_text(s, out);
}
