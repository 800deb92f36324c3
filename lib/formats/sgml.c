/* SPDX-License-Identifier: MIT */
/* sgml.c - placeholder: the tag-soup scanner shared by TREC and Reuters. */
#include <config.h>

#include "sgml.h"
