/* SPDX-License-Identifier: MIT */
/*
 * fuzz_feed.c - libFuzzer target: RSS and Atom feeds
 * through nd_reader_open_mem().
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the name's extension is the detection hint */
    return fz_read_as("fuzz.rss", data, size);
}
