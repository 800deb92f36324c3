/* SPDX-License-Identifier: MIT */
/*
 * fuzz_reuters_sgm.c - libFuzzer target: Reuters-21578 SGML
 * through nd_reader_open_mem().
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the name's extension is the detection hint */
    return fz_read_as("reut2-000.sgm", data, size);
}
