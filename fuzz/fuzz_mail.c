/* SPDX-License-Identifier: MIT */
/*
 * fuzz_mail.c - libFuzzer target: mbox and e-mail
 * through nd_reader_open_mem().
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the name's extension is the detection hint */
    return fz_read_as("fuzz.mbox", data, size);
}
