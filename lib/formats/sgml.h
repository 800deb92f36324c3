/* SPDX-License-Identifier: MIT */
/* sgml.h - placeholder: the tag-soup scanner shared by TREC and Reuters. */
#ifndef NDI_SGML_H
#define NDI_SGML_H
#endif
