/* SPDX-License-Identifier: MIT */
/*
 * schema.h - everything a collection's layout depends on: the schema
 * version, value slots, term prefixes and metadata keys. doc/index.md
 * describes the same; change both together.
 */
#ifndef NDI_SCHEMA_H
#define NDI_SCHEMA_H

/*
 * Schema version, stored in metadata under NDI_META_SCHEMA.
 * History: 1 (0.1.0) first layout.
 */
#define NDI_SCHEMA_VERSION 1
#define NDI_META_SCHEMA "newsdex.schema"

/* Value slots. 0-2 follow Omega's conventions; ours start at 10. */
enum {
    NDI_SLOT_DATE = 0,     /* publication time: 4-byte big-endian seconds
                               (clamped to 1970..2106), as Omega reads it */
    NDI_SLOT_DIGEST = 1,   /* 128-bit hash of title and body as 32 hex
                               digits: exact duplicates */
    NDI_SLOT_SIZE = 2,     /* body bytes, sortable_serialise */
    NDI_SLOT_CLUSTER = 10, /* near-duplicate cluster key: 16 hex digits,
                               the same for every member (collapse key) */
    NDI_SLOT_SOURCE = 11,  /* publisher */
    NDI_SLOT_RECORD = 12,  /* the compressed normalized record */
    NDI_SLOT_ID = 13,      /* article id: orders equal scores */
    NDI_SLOT_TIME = 14,    /* publication time, sortable_serialise of
                               seconds (any year) */
    NDI_SLOT_VERSION = 15, /* 128-bit hash (32 hex digits) of every
                               stored field: tells a changed article from
                               an unchanged one */
    NDI_SLOT_ENTITIES = 16, /* canonical entities, one a line: type letter
                                (P, L, O) then name; facets and hits */
    /* near-duplicate fingerprint: MinHash signature, NDI_SIMHASH_BYTES
     * bytes (simhash.h) */
    NDI_SLOT_FINGERPRINT = 17
};

/* Term prefixes (Omega's where it has one; ours begin with X). */
#define NDI_P_ID "Q"        /* article id (unique key) */
#define NDI_P_URL "U"       /* url, hashed past 240 bytes */
#define NDI_P_DIR "P"       /* source directory */
#define NDI_P_LANG "L"      /* language code */
#define NDI_P_TITLE "S"     /* title words */
#define NDI_P_BYLINE "A"    /* byline words */
#define NDI_P_DAY "D"       /* YYYYMMDD */
#define NDI_P_MONTH "M"     /* YYYYMM */
#define NDI_P_YEAR "Y"      /* YYYY */
#define NDI_P_SOURCE "XSRC" /* publisher, lower case */
#define NDI_P_FORMAT "XFMT" /* input format */
#define NDI_P_PERSON "XPER" /* canonical person name, lower case */
#define NDI_P_PLACE "XLOC"
#define NDI_P_ORG "XORG"
#define NDI_P_PERSON_ALIAS "XAPER" /* alias of a person (surname), lower case */
#define NDI_P_PLACE_ALIAS "XALOC"  /* variant or demonym of a place */
#define NDI_P_ORG_ALIAS "XAORG"    /* acronym or short name of an org */
#define NDI_P_FILE "XFILE"         /* hash of the source file's absolute path */
/* Near-duplicates: an LSH band (2 hex digits band number + 8 hex digits
 * band key, simhash.h), the content digest of slot 1 (exact duplicates),
 * the cluster key of slot 10 (a cluster's members). */
#define NDI_P_LSH "XLSH"
#define NDI_P_DIGEST "XDIG"
#define NDI_P_CLUSTER "XCL"

/* Gap between fields, so a phrase never spans two of them. */
#define NDI_FIELD_GAP 100
/* Xapian's limit on a term's length, and where we start hashing. */
#define NDI_TERM_MAX 240

/* Metadata: per-source-file state is "F" + absolute path (or "F#" + hash
 * of a long path); see index.c. */
#define NDI_META_FILE "F"
/* Metadata: the alias table, "XA:" + P|L|O + ":" + lower-case alias ->
 * canonical name, or NDI_ALIAS_AMBIGUOUS when entities share the alias
 * (ner.h; index.c writes and reads it in the writer). */
#define NDI_META_ALIAS "XA:"
#define NDI_ALIAS_AMBIGUOUS "\t"

#endif /* NDI_SCHEMA_H */
