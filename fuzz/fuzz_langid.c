/* SPDX-License-Identifier: MIT */
/*
 * fuzz_langid.c - libFuzzer target: language detection of arbitrary bytes
 * never crashes and gives "" or a two-letter lower-case code; a language
 * tag normalises to "" or such a code, and says which.
 */
#include <config.h>

#include "fuzz_common.h"
#include "langid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_code(const char *c)
{
    if (c[0] == '\0')
        return 1;
    return c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z' &&
           c[2] == '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *l = ndi_langid_detect((const char *)data, size);
    FZ_ASSERT(is_code(l), "detected '%s'", l);
    char code[4];
    int ok = ndi_lang_norm((const char *)data, size < 64 ? size : 64, code);
    FZ_ASSERT(is_code(code), "normalised to '%s'", code);
    FZ_ASSERT(ok == (code[0] != '\0'), "returned %d for '%s'", ok, code);
    return 0;
}
