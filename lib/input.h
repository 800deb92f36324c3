/* SPDX-License-Identifier: MIT */
/*
 * input.h - reading untrusted source files: no links followed, no
 * blocking on FIFOs, size caps, gzip (multi-member) with a bomb cap.
 */
#ifndef NDI_INPUT_H
#define NDI_INPUT_H

#include "ndi.h"

/*
 * Read the regular file at 'path' into 'raw' (replacing its contents),
 * at most lim->max_file_bytes. A final symbolic link is not followed.
 * '*fs' gets size, mtime and the hash of the bytes (items is 0).
 * Returns ND_OK, ND_EIO (cannot open/read; not a regular file) or
 * ND_ETOOBIG; the message in 'h' does not repeat the path.
 */
nd_status ndi_input_read_file(ndi_hdr *h, const char *path,
                              const nd_limits *lim, nd_buf *raw,
                              nd_filestate *fs);

/* Whether 'data' starts with the gzip magic. */
int ndi_is_gzip(const void *data, size_t len);

/*
 * Inflate every gzip member of 'data' into 'out' (appended), at most 'max'
 * bytes. Returns ND_OK, ND_EFORMAT (not gzip, corrupt or truncated) or
 * ND_ETOOBIG (more than 'max': a decompression bomb) with a message in 'h'.
 */
nd_status ndi_gunzip(ndi_hdr *h, const void *data, size_t len, size_t max,
                     nd_buf *out);

/*
 * As ndi_gunzip(), except that data ending inside a member that follows
 * complete ones is not an error: the complete members are kept in 'out',
 * the torn one dropped, and '*truncated' set to 1 (0 otherwise). For
 * .warc.gz files, whose members are whole records.
 */
nd_status ndi_gunzip_members(ndi_hdr *h, const void *data, size_t len,
                             size_t max, nd_buf *out, int *truncated);

#endif /* NDI_INPUT_H */
