/* SPDX-License-Identifier: MIT */
/* check_newsml.c - placeholder until the newsml tests are written. */
#include <config.h>

#include "fixture.h"

int
main(void)
{
    return 77; /* skipped: not written yet */
}
