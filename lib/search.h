/* SPDX-License-Identifier: MIT */
/*
 * search.h - internals of search.c shared with its tests: the date:
 * syntax of the query language.
 */
#ifndef NDI_SEARCH_H
#define NDI_SEARCH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read a date: value - "2023", "2023-03", "2023-03-05", a full ISO 8601
 * time, a relative "30d" (h, d, w, m = 30 days, y = 365 days, before
 * 'now'), or a range "A..B" of those with either end open - into
 * inclusive bounds in seconds since the epoch: a period's lower bound is
 * its first second (UTC), its upper bound its last. Open ends and years
 * outside 1..9999 are clamped to NDI_TIME_MIN / NDI_TIME_MAX.
 * Returns 1, or 0 when the value is not a date.
 */
int ndi_search_date_range(const char *s, size_t len, int64_t now, double *lo,
                          double *hi);

#endif /* NDI_SEARCH_H */
