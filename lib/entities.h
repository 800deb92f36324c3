/* SPDX-License-Identifier: MIT */
/*
 * entities.h - named entities (people, places, organisations) in an
 * article's title and text.
 */
#ifndef NDI_ENTITIES_H
#define NDI_ENTITIES_H

#include "ndi.h"

/*
 * Find the entities of 'a' and add them to it: the dateline's place, and
 * runs of capitalised words classified by cue words (titles such as
 * "President", organisation words such as "Corp" or "Ministry").
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_entities_extract(nd_article *a);

#endif /* NDI_ENTITIES_H */
