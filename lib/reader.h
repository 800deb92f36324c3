/* SPDX-License-Identifier: MIT */
/*
 * reader.h - the reader in two steps, for the pipeline: load a file (and
 * learn its hash) before deciding whether to parse it.
 */
#ifndef NDI_READER_H
#define NDI_READER_H

#include "ndi.h"

/* Read the file and compute its identity; nd_reader_file() is valid
 * after. Same statuses as nd_reader_open(). */
nd_status ndi_reader_load(nd_reader *r, const char *path, const char *abspath,
                          const nd_limits *lim);
/* Detect and parse what ndi_reader_load() read. */
nd_status ndi_reader_parse(nd_reader *r);

#endif /* NDI_READER_H */
