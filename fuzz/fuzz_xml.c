/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xml.c - libFuzzer target: XML news (NITF, RCV1, Reuters XML,
 * NewsML, RSS, Atom) through nd_reader_open_mem().
 */
#include <config.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the name's extension is the detection hint */
    return fz_read_as("fuzz.xml", data, size);
}
