/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ner.c - libFuzzer target: ndi_ner_extract() of any title and body
 * (split at the first newline) never fails but for memory, gives entities
 * with a name of 1..256 bytes, and their aliases are lower-case text of a
 * bounded length. The gazetteers come from $NEWSDEX_DATADIR (run.sh sets
 * it to data/), else the built-in rules run.
 */
#include <config.h>

#include "fuzz_common.h"
#include "ner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nd_status
alias_ok(void *ctx, const char *alias, size_t len)
{
    (void)ctx;
    FZ_ASSERT(len > 0 && len < 256, "alias of %zu bytes", len);
    FZ_ASSERT(memchr(alias, '\0', len) == NULL, "NUL inside an alias");
    return ND_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd_article *a = NULL;
    if (nd_article_new(&a) != ND_OK)
        return 0;
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t tl = nl != NULL ? (size_t)(nl - s) : 0;
    size_t bo = nl != NULL ? tl + 1 : 0;
    if (nd_article_set(a, ND_F_TITLE, s, tl) == ND_OK &&
        nd_article_set(a, ND_F_BODY, s + bo, size - bo) == ND_OK) {
        nd_status st = ndi_ner_extract(a);
        FZ_ASSERT(st == ND_OK || st == ND_ENOMEM, "status %d", (int)st);
        for (size_t i = 0; i < nd_article_entity_count(a); i++) {
            nd_entity_type t;
            const char *n = nd_article_entity(a, i, &t);
            FZ_ASSERT(t < ND_ENT_COUNT, "type %d", (int)t);
            FZ_ASSERT(*n != '\0' && strlen(n) <= 256, "name '%s'", n);
            ndi_ner_aliases(t, n, alias_ok, NULL);
        }
    }
    nd_article_free(a);
    return 0;
}
