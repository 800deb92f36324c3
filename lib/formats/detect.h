/* SPDX-License-Identifier: MIT */
/*
 * detect.h - helpers the format detectors share.
 */
#ifndef NDI_DETECT_H
#define NDI_DETECT_H

#include <stddef.h>

/* The name of the first element (or of the DOCTYPE) of markup in 'data',
 * copied into 'out'; returns its length, 0 when 'data' is not markup. */
size_t ndi_root_name(const char *data, size_t len, char *out, size_t outlen);
/* Whether the root element's local name is 'name' (case-insensitive). */
int ndi_root_is(const char *data, size_t len, const char *name);

#endif /* NDI_DETECT_H */
