/* SPDX-License-Identifier: MIT */
/*
 * tool.c - exit codes and option parsing shared by the programs.
 */
#include <config.h>

#include "tool.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "ner.h"

int
nd_tool_exit(nd_status st)
{
    switch (st) {
    case ND_OK:
        return ND_EXIT_OK;
    case ND_DONE:
        return ND_EXIT_SKIPPED;
    case ND_EQUERY:
    case ND_EINVAL:
        return ND_EXIT_USAGE;
    case ND_ELOCKED:
        return ND_EXIT_LOCKED;
    default:
        return ND_EXIT_FAIL;
    }
}

int
nd_tool_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max)
        return -1;
    *out = v;
    return 0;
}

int
nd_tool_parse_size(const char *s, size_t *out)
{
    char *end;
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    default:
        return -1;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

const char *
nd_tool_data_problem(void)
{
    return ndi_ner_data_problem();
}
