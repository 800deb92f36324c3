/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common.h - invariants shared by the libFuzzer targets: what every
 * article that leaves the library must satisfy, whatever the input was.
 * A broken invariant prints what broke and aborts, which libFuzzer reports
 * as a crash with the input saved (make fuzz-run prints its path).
 * Header-only (static functions) so each fuzz_*.c stays one program.
 */
#ifndef ND_FUZZ_COMMON_H
#define ND_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "ndi.h"
#include "newsdex.h"
#include "normalize.h"

#define FZ_ASSERT(cond, ...)                                                  \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "fuzz invariant broken at %s:%d: %s: ", __FILE__, \
                    __LINE__, #cond);                                         \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* Limits small enough for many runs a second, with the caps in reach of
 * the seeds (bodies over 2 KiB get cut, files over 200 items stop). */
static const nd_limits fz_limits = {1u << 20, 4u << 20, 2048, 200, 16};

/*
 * A text field as the article contract has it: valid UTF-8 without C0
 * controls, DEL or C1 controls; newlines only in the body (multiline).
 */
static inline void
fz_check_text(const char *what, const char *s, int multiline)
{
    size_t len = strlen(s);
    FZ_ASSERT(ndi_utf8_valid(s, len), "%s is not valid UTF-8", what);
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = ndi_utf8_decode(p + i, len - i, &cp);
        FZ_ASSERT(n > 0, "%s: undecodable byte at %zu", what, i);
        FZ_ASSERT(cp >= 0x20 || (multiline && cp == '\n'),
                  "%s holds control U+%04X at byte %zu", what, (unsigned)cp, i);
        FZ_ASSERT(cp < 0x7F || cp >= 0xA0, "%s holds control U+%04X at %zu",
                  what, (unsigned)cp, i);
        i += n;
    }
}

/* A message is printed on terminals and in reports: no control bytes
 * (from the input) that a terminal would obey. */
static inline void
fz_check_message(const char *msg)
{
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++)
        FZ_ASSERT(*p >= 0x20 && *p != 0x7F,
                  "message holds control byte 0x%02X at %zu: %s", *p,
                  (size_t)(p - (const unsigned char *)msg), msg);
}

static const char *const fz_field_names[ND_F_COUNT] = {
    "id",   "title",   "byline", "dateline", "source", "url",
    "path", "abspath", "docno",  "lang",     "format", "body",
};

/* Every text field of an article but the paths (stored byte for byte). */
static inline void
fz_check_article(const nd_article *a)
{
    for (int f = 0; f < ND_F_COUNT; f++) {
        if (f == ND_F_PATH || f == ND_F_ABSPATH)
            continue;
        fz_check_text(fz_field_names[f], nd_article_get(a, (nd_field)f),
                      f == ND_F_BODY);
    }
    for (size_t i = 0; i < nd_article_entity_count(a); i++) {
        nd_entity_type t;
        const char *name = nd_article_entity(a, i, &t);
        FZ_ASSERT(name != NULL && (unsigned)t < ND_ENT_COUNT,
                  "entity %zu broken", i);
        fz_check_text("entity", name, 0);
    }
}

/* 'back' has the title and body of 'a'. */
static inline void
fz_same_text(const nd_article *a, const nd_article *back, const char *how)
{
    FZ_ASSERT(strcmp(nd_article_title(a), nd_article_title(back)) == 0,
              "%s changed the title: '%s' -> '%s'", how, nd_article_title(a),
              nd_article_title(back));
    FZ_ASSERT(strcmp(nd_article_body(a), nd_article_body(back)) == 0,
              "%s changed the body (%zu -> %zu bytes)", how,
              strlen(nd_article_body(a)), strlen(nd_article_body(back)));
}

/*
 * nd_record_write + nd_record_read, and nd_record_compress +
 * nd_record_decompress, give back the same title and body. 'a' needs an
 * id (the reader gives every article one).
 */
static inline void
fz_roundtrip(const nd_article *a)
{
    nd_buf *rec = NULL, *err = NULL;
    nd_article *back = NULL;
    size_t used = 0;
    if (nd_buf_new(&rec) != ND_OK || nd_buf_new(&err) != ND_OK)
        abort();
    nd_status st = nd_record_write(a, rec);
    FZ_ASSERT(st == ND_OK, "nd_record_write: %s", nd_strerror(st));
    st = nd_record_read(nd_buf_data(rec), nd_buf_len(rec), &back, &used, err);
    FZ_ASSERT(st == ND_OK, "nd_record_read of a written record: %s (%s)",
              nd_strerror(st), nd_buf_data(err));
    FZ_ASSERT(used == nd_buf_len(rec), "record read used %zu of %zu bytes",
              used, nd_buf_len(rec));
    fz_same_text(a, back, "write+read");
    fz_check_article(back);
    nd_article_free(back);
    back = NULL;

    nd_buf_clear(rec);
    st = nd_record_compress(a, rec);
    FZ_ASSERT(st == ND_OK, "nd_record_compress: %s", nd_strerror(st));
    st = nd_record_decompress(nd_buf_data(rec), nd_buf_len(rec), &back, err);
    FZ_ASSERT(st == ND_OK, "nd_record_decompress: %s (%s)", nd_strerror(st),
              nd_buf_data(err));
    fz_same_text(a, back, "compress+decompress");
    nd_article_free(back);
    nd_buf_free(rec);
    nd_buf_free(err);
}

/*
 * Read 'data' as the file 'name' (its extension is the detection hint),
 * then check every article and the reader's statuses.
 */
static inline int
fz_read_as(const char *name, const uint8_t *data, size_t size)
{
    nd_reader *r = NULL;
    if (nd_reader_new(&r) != ND_OK)
        abort();
    nd_status st = nd_reader_open_mem(r, name, data, size, &fz_limits);
    FZ_ASSERT(st == ND_OK || st == ND_EFORMAT || st == ND_ETOOBIG ||
                  st == ND_ENOMEM,
              "nd_reader_open_mem gave %s", nd_strerror(st));
    FZ_ASSERT(st == ND_OK || *nd_errmsg(r) != '\0', "%s without a message",
              nd_strerror(st));
    fz_check_message(nd_errmsg(r));
    const nd_filestate *fs = nd_reader_file(r);
    size_t n = 0;
    nd_article *a = NULL;
    while (nd_reader_next(r, &a) == ND_OK) {
        FZ_ASSERT(st == ND_OK, "articles after %s", nd_strerror(st));
        FZ_ASSERT(nd_article_item(a) < fs->items, "item %u of %u",
                  (unsigned)nd_article_item(a), (unsigned)fs->items);
        FZ_ASSERT(*nd_article_title(a) != '\0' || *nd_article_body(a) != '\0',
                  "an article without text");
        FZ_ASSERT(strlen(nd_article_body(a)) <= fz_limits.max_article_bytes,
                  "body of %zu bytes over the cap", strlen(nd_article_body(a)));
        FZ_ASSERT(strlen(nd_article_get(a, ND_F_ID)) == 16, "bad id '%s'",
                  nd_article_get(a, ND_F_ID));
        fz_check_article(a);
        fz_roundtrip(a);
        nd_article_free(a);
        n++;
    }
    FZ_ASSERT(n <= fz_limits.max_items, "%zu articles over the cap of %zu", n,
              fz_limits.max_items);
    uint32_t item;
    const char *why;
    for (size_t i = 0; (why = nd_reader_item_error(r, i, &item)) != NULL; i++) {
        FZ_ASSERT(item < fs->items || fs->items == 0, "item error %u of %u",
                  (unsigned)item, (unsigned)fs->items);
        fz_check_message(why);
    }
    nd_reader_free(r);
    return 0;
}

#endif /* ND_FUZZ_COMMON_H */
