/* SPDX-License-Identifier: MIT */
/* check_jsonl.c - placeholder until the jsonl tests are written. */
#include <config.h>

#include "fixture.h"

int
main(void)
{
    return 77; /* skipped: not written yet */
}
