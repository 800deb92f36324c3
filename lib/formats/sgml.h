/* SPDX-License-Identifier: MIT */
/*
 * sgml.h - a bounded tag-soup scanner for SGML news collections (TREC,
 * Reuters-21578 .sgm): elements found by name in plain bytes, without a
 * root element, a DTD or well-formedness; field text with tags stripped
 * and SGML/HTML character references decoded.
 *
 * The rules, chosen for the collections as distributed: names match
 * ASCII case-insensitively; an element ends at its end tag, at the next
 * start tag of the same name (no same-name nesting) or at the end of the
 * span searched; "<X/>" is empty; comments, CDATA sections, declarations
 * and processing instructions hide the tags inside them (an unclosed
 * comment or CDATA section runs to the end of the span). Every function
 * runs in time linear in the bytes it is given, without recursion.
 */
#ifndef NDI_SGML_H
#define NDI_SGML_H

#include <stddef.h>

#include "../ndi.h"

/* One element in a span of bytes; pointers are into that span. */
typedef struct ndi_sgml_el {
    const char *tag; /* the start tag, from '<' to its '>' */
    size_t tag_len;
    const char *text; /* the content between the start and the end tag */
    size_t text_len;
    size_t end; /* offset in the span just past the element */
} ndi_sgml_el;

/*
 * The next element named 'name' in s[*pos..len), into '*out'; '*pos'
 * moves past it, so a loop visits each occurrence once. Returns 1, or 0
 * (and '*pos' = len) when there is none.
 */
int ndi_sgml_next(const char *s, size_t len, size_t *pos, const char *name,
                  ndi_sgml_el *out);

/* The first element named 'name' in s[0..len). Returns 1 or 0. */
int ndi_sgml_first(const char *s, size_t len, const char *name,
                   ndi_sgml_el *out);

/*
 * The first element of each of the 'n' names in s[0..len), in one pass:
 * out[i] for names[i], with out[i].tag NULL when there is none. Returns
 * how many names were found.
 */
size_t ndi_sgml_fields(const char *s, size_t len, const char *const *names,
                       size_t n, ndi_sgml_el *out);

/*
 * The raw value (character references not decoded) of attribute 'name'
 * of the element's start tag: quoted with " or ', or bare. Returns 1 with
 * '*val' and '*vlen' set, or 0.
 */
int ndi_sgml_attr(const ndi_sgml_el *el, const char *name, const char **val,
                  size_t *vlen);

/*
 * Append the text of s[0..len) to 'out': tags dropped (each tag but the
 * inline ones -- b, i, em, font, f, ... -- becomes a blank line, a
 * paragraph break), comments and declarations dropped, CDATA kept as is,
 * character references decoded (&amp; &#NNN; &#xHH; and the HTML 4 names;
 * an unknown one stays as written, control characters become spaces).
 * Newlines and indentation are kept for ndi_sgml_unwrap().
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_sgml_text(const char *s, size_t len, nd_buf *out);

/*
 * Append s[0..len), text wrapped in lines, to 'out' with paragraphs
 * separated by "\n\n" and the lines of a paragraph joined by spaces. A
 * blank line ends a paragraph; so does indentation when it is informative:
 * a line indented more than the least indented line starts a paragraph,
 * and when every line is indented alike and no blank line separates them,
 * each line is one (wire copy with one-line paragraphs).
 * Returns ND_OK or ND_ENOMEM.
 */
nd_status ndi_sgml_unwrap(const char *s, size_t len, nd_buf *out);

#endif /* NDI_SGML_H */
