/* SPDX-License-Identifier: MIT */
/*
 * fuzz_date.c - libFuzzer target: ndi_date_parse() of arbitrary text never
 * crashes, and a date it accepts formats back (ndi_date_format) to text
 * that parses to the same second. ndi_date_format() of any time gives
 * the ISO 8601 form, clamped to years 1..9999.
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T_MIN NDI_TIME_MIN
#define T_MAX NDI_TIME_MAX

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[32], text[40];
    int64_t t = 0, back = 0;
    if (ndi_date_parse((const char *)data, size, &t)) {
        /* the parser accepts years 1..9999 and zones up to 14 hours */
        FZ_ASSERT(t >= T_MIN - 15 * 3600 && t <= T_MAX + 15 * 3600,
                  "date out of range: %lld", (long long)t);
        ndi_date_format(t, out);
        FZ_ASSERT(strlen(out) < 32, "unterminated");
        if (t >= T_MIN && t <= T_MAX) {
            FZ_ASSERT(strlen(out) == 20, "'%s' is not YYYY-MM-DDTHH:MM:SSZ",
                      out);
            FZ_ASSERT(ndi_date_parse(out, strlen(out), &back),
                      "'%s' (from %lld) does not parse", out, (long long)t);
            FZ_ASSERT(back == t, "'%s': %lld formats back as %lld", out,
                      (long long)t, (long long)back);
        }
        /* the same text inside spaces parses the same */
        if (size <= 30) {
            text[0] = ' ';
            memcpy(text + 1, data, size);
            text[size + 1] = '\t';
            FZ_ASSERT(ndi_date_parse(text, size + 2, &back) && back == t,
                      "surrounding whitespace changed the date");
        }
    }
    /* formatting any time at all: clamped to years 1..9999 */
    if (size >= 8) {
        uint64_t u = 0;
        for (int i = 0; i < 8; i++)
            u = (u << 8) | data[i];
        t = (int64_t)u;
        ndi_date_format(t, out);
        FZ_ASSERT(strlen(out) == 20, "'%s' from %lld", out, (long long)t);
        t = t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
        FZ_ASSERT(ndi_date_parse(out, strlen(out), &back) && back == t,
                  "'%s' does not parse back to %lld", out, (long long)t);
    }
    return 0;
}
