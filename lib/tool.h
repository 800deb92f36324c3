/* SPDX-License-Identifier: MIT */
/*
 * tool.h - what the programs in indexer/ and query/ share: exit codes and
 * option helpers. The only internal header a tool may include.
 */
#ifndef NDI_TOOL_H
#define NDI_TOOL_H

#include <stddef.h>

#include "newsdex.h"

/* Exit codes of every newsdex program (README, man pages). */
enum {
    ND_EXIT_OK = 0,      /* done */
    ND_EXIT_FAIL = 1,    /* failed: nothing or not everything was done */
    ND_EXIT_USAGE = 2,   /* usage error: bad option or query syntax */
    ND_EXIT_SKIPPED = 3, /* done, but some inputs were skipped */
    ND_EXIT_LOCKED = 4,  /* the collection is locked by another writer */
    ND_EXIT_DAMAGED = 5  /* --verify: the collection is damaged */
};

/* The exit code for a library status. */
int nd_tool_exit(nd_status st);

/* Parse a byte count such as "64M", "2G", "4096" into '*out'. Returns 0,
 * or -1 when 's' is not one. */
int nd_tool_parse_size(const char *s, size_t *out);
/* Parse a non-negative integer up to 'max'. Returns 0 or -1. */
int nd_tool_parse_uint(const char *s, unsigned long max, unsigned long *out);

/* NULL when the entity gazetteers (data/, $NEWSDEX_DATADIR) load, else
 * why not: the programs warn, and entities are then found by the
 * built-in rules only. */
const char *nd_tool_data_problem(void);

#endif /* NDI_TOOL_H */
