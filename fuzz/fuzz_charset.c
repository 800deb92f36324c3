/* SPDX-License-Identifier: MIT */
/*
 * fuzz_charset.c - libFuzzer target: ndi_to_utf8() with a charset named by
 * the first bytes, then ndi_clean() of what came out. Both must give valid
 * UTF-8; the clean text has no controls and its whitespace collapsed, and
 * cleaning it again changes nothing.
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Charsets news archives declare, and some that iconv treats specially. */
static const char *const charsets[] = {
    NULL,          "",           "UTF-8",       "utf8",          "UTF-16",
    "UTF-16LE",    "UTF-16BE",   "UTF-32",      "UTF-7",         "ISO-8859-1",
    "latin1",      "ISO-8859-2", "ISO-8859-15", "windows-1252",  "windows-1251",
    "KOI8-R",      "Shift_JIS",  "EUC-JP",      "ISO-2022-JP",   "GB18030",
    "GBK",         "BIG5",       "EUC-KR",      "UTF-8//IGNORE", "ASCII",
    "CP437",       "MACINTOSH",  "x-unknown",   "UCS-2",         "UTF-32BE",
    "ISO-2022-KR", "TSCII",
};

/* 'max' bytes at most (0: no cap), no controls but paragraph breaks,
 * trimmed, one space between words. */
static void
check_clean(const char *s, size_t len, int mode, size_t max)
{
    FZ_ASSERT(strlen(s) == len, "NUL inside the clean text");
    fz_check_text("clean text", s, mode == NDI_CLEAN_PARAS);
    FZ_ASSERT(max == 0 || len <= max, "%zu bytes over the cap of %zu", len,
              max);
    if (len == 0)
        return;
    FZ_ASSERT(s[0] != ' ' && s[0] != '\n', "not trimmed at the start");
    FZ_ASSERT(s[len - 1] != ' ' && s[len - 1] != '\n',
              "not trimmed at the end");
    for (size_t i = 0; i + 1 < len; i++) {
        FZ_ASSERT(!(s[i] == ' ' && (s[i + 1] == ' ' || s[i + 1] == '\n')),
                  "space not collapsed at %zu", i);
        FZ_ASSERT(!(s[i] == '\n' && s[i + 1] == ' '), "space after newline");
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\n'))
            FZ_ASSERT(s[i + 1] == '\n' && (i + 2 >= len || s[i + 2] != '\n'),
                      "a newline that is not a paragraph break at %zu", i);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[32];
    const char *cs;
    if (size < 2)
        return 0;
    unsigned sel = data[0], opt = data[1];
    data += 2;
    size -= 2;
    if (sel & 0x80) {
        cs = charsets[(sel & 0x7F) % NDI_ARRAY_LEN(charsets)];
    } else {
        /* a name from the input: up to 23 bytes, up to a NUL */
        size_t n = sel % 24 < size ? sel % 24 : size;
        memcpy(name, data, n);
        name[n] = '\0';
        data += n;
        size -= n;
        cs = name;
    }
    int mode = (opt & 1) ? NDI_CLEAN_PARAS : NDI_CLEAN_LINE;
    size_t max = (opt >> 1) * 7; /* 0 (no cap) .. 889 */

    nd_buf *u = NULL, *c = NULL, *again = NULL;
    if (nd_buf_new(&u) != ND_OK || nd_buf_new(&c) != ND_OK ||
        nd_buf_new(&again) != ND_OK)
        abort();
    /* ndi_to_utf8 appends: what was there stays */
    nd_buf_append(u, "x", 1);
    nd_status st = ndi_to_utf8((const char *)data, size, cs, u);
    FZ_ASSERT(st == ND_OK, "ndi_to_utf8: %s", nd_strerror(st));
    FZ_ASSERT(nd_buf_len(u) >= 1 && nd_buf_data(u)[0] == 'x',
              "ndi_to_utf8 lost what the buffer held");
    FZ_ASSERT(nd_buf_data(u)[nd_buf_len(u)] == '\0', "no terminating NUL");
    FZ_ASSERT(ndi_utf8_valid(nd_buf_data(u) + 1, nd_buf_len(u) - 1),
              "ndi_to_utf8 (charset '%s') gave invalid UTF-8",
              cs != NULL ? cs : "(null)");

    st = ndi_clean(nd_buf_data(u) + 1, nd_buf_len(u) - 1, mode, max, c);
    FZ_ASSERT(st == ND_OK, "ndi_clean: %s", nd_strerror(st));
    check_clean(nd_buf_data(c), nd_buf_len(c), mode, max);

    /* the raw bytes cleaned directly (read as UTF-8 or Windows-1252) */
    nd_buf_clear(again);
    st = ndi_clean((const char *)data, size, mode, max, again);
    FZ_ASSERT(st == ND_OK, "ndi_clean of raw bytes: %s", nd_strerror(st));
    check_clean(nd_buf_data(again), nd_buf_len(again), mode, max);

    /* idempotent */
    nd_buf_clear(again);
    st = ndi_clean(nd_buf_data(c), nd_buf_len(c), mode, max, again);
    FZ_ASSERT(st == ND_OK, "ndi_clean again: %s", nd_strerror(st));
    FZ_ASSERT(nd_buf_len(again) == nd_buf_len(c) &&
                  memcmp(nd_buf_data(again), nd_buf_data(c), nd_buf_len(c)) ==
                      0,
              "cleaning clean text changed it");
    nd_buf_free(u);
    nd_buf_free(c);
    nd_buf_free(again);
    return 0;
}
