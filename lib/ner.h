/* SPDX-License-Identifier: MIT */
/*
 * ner.h - named entities (people, places, organisations) of an article:
 * gazetteers, cue words, in-article coreference, and the aliases the
 * index records for them.
 */
#ifndef NDI_NER_H
#define NDI_NER_H

#include "ndi.h"

/*
 * Find the entities of 'a' in its dateline, title and body and add them
 * (canonical names, dateline place first, then in order of first mention)
 * after any it already has. A lone surname or acronym the article does not
 * resolve is kept with ndi_article_add_lone() for the index writer.
 * The gazetteers load on first use (thread-safe); odd text never fails an
 * article. Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_ner_extract(nd_article *a);

/* NULL when the gazetteers loaded, else why not (extraction still runs
 * with the built-in rules only). Loads them if needed. */
const char *ndi_ner_data_problem(void);

/*
 * The alias index terms of an entity: called with each lower-case alias
 * (a person's surname, an organisation's acronym and its name without
 * the legal form, a place's variants and demonyms). Returns the first
 * status 'fn' returns other than ND_OK.
 */
typedef nd_status (*ndi_alias_fn)(void *ctx, const char *alias, size_t len);
nd_status ndi_ner_aliases(nd_entity_type type, const char *name,
                          ndi_alias_fn fn, void *ctx);

#endif /* NDI_NER_H */
