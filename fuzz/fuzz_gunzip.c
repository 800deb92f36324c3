/* SPDX-License-Identifier: MIT */
/*
 * fuzz_gunzip.c - libFuzzer target: ndi_gunzip() of arbitrary bytes with a
 * small cap. It appends at most the cap, or nothing on error, and every
 * error has its message.
 */
#include <config.h>

#include "fuzz_common.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP (64u << 10)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd_buf *out = NULL;
    ndi_hdr h;
    ndi_hdr_init(&h);
    if (nd_buf_new(&out) != ND_OK)
        abort();
    nd_buf_append(out, "x", 1);
    nd_status st = ndi_gunzip(&h, data, size, CAP, out);
    FZ_ASSERT(st == ND_OK || st == ND_EFORMAT || st == ND_ETOOBIG ||
                  st == ND_ENOMEM,
              "ndi_gunzip gave %s", nd_strerror(st));
    FZ_ASSERT(nd_buf_data(out)[0] == 'x', "lost what the buffer held");
    FZ_ASSERT(nd_buf_data(out)[nd_buf_len(out)] == '\0', "no terminating NUL");
    if (st == ND_OK) {
        FZ_ASSERT(nd_buf_len(out) - 1 <= CAP, "%zu bytes past the cap",
                  nd_buf_len(out) - 1);
        FZ_ASSERT(ndi_is_gzip(data, size), "gunzipped what is not gzip");
    } else {
        FZ_ASSERT(nd_buf_len(out) == 1, "%zu bytes kept after %s",
                  nd_buf_len(out) - 1, nd_strerror(st));
        FZ_ASSERT(h.errmsg[0] != '\0', "%s without a message", nd_strerror(st));
        fz_check_message(h.errmsg);
    }
    nd_buf_free(out);
    return 0;
}
