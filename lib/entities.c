/* SPDX-License-Identifier: MIT */
/*
 * entities.c - a first, rule-based named-entity finder: capitalised runs
 * of words, split from the title words and classified by cue words.
 */
#include <config.h>

#include "entities.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "normalize.h"

/* Longest run of capitalised words taken as one name. */
#define MAX_NAME_WORDS 6

typedef struct word {
    const char *s;
    size_t len;
    int cap;        /* starts with an upper-case letter */
    int sentence;   /* first word of a sentence */
    int stop_after; /* punctuation after it ends a name */
} word;

static int
in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

/* Words that stand before a person's name. */
static const char *const person_cues[] = {
    "President", "Minister",       "Premier",   "Chancellor",  "Senator",
    "Governor",  "Mayor",          "Mr",        "Mrs",         "Ms",
    "Dr",        "King",           "Queen",     "Prince",      "Pope",
    "General",   "Secretary",      "Judge",     "Ambassador",  "Chairman",
    "Chief",     "Representative", "Rep",       "Sen",         "Gov",
    "Lawmaker",  "Leader",         "Spokesman", "Spokeswoman", "Commissioner",
    "Director",  "Coach",          "Prime",     "Foreign",     "Deputy",
    "Vice",      "Finance",        "Defence",   "Defense",     "Economy",
    "Interior",
};

/* Words that end (or begin) an organisation's name. */
static const char *const org_cues[] = {
    "Corp",        "Corporation", "Inc",          "Ltd",          "Co",
    "Plc",         "PLC",         "Group",        "Bank",         "Council",
    "Court",       "Ministry",    "Agency",       "Party",        "Committee",
    "Association", "Union",       "Organization", "Organisation", "Institute",
    "University",  "Company",     "Authority",    "Commission",   "Fund",
    "Federation",  "Service",     "Parliament",   "Assembly",     "Department",
    "Holdings",    "AG",          "SA",           "NV",           "LLC",
    "Bureau",      "Board",       "Office",       "Exchange",     "Airlines",
    "Police",      "Army",        "Navy",         "Reserve",      "Foundation",
    "Alliance",    "League",
};

/* Capitalised words that do not begin names. */
static const char *const not_names[] = {
    "The",       "A",       "An",        "In",        "On",      "At",
    "But",       "And",     "Or",        "If",        "As",      "It",
    "He",        "She",     "They",      "We",        "I",       "This",
    "That",      "These",   "Those",     "His",       "Her",     "Their",
    "Its",       "Our",     "For",       "With",      "From",    "By",
    "To",        "Of",      "After",     "Before",    "While",   "When",
    "Monday",    "Tuesday", "Wednesday", "Thursday",  "Friday",  "Saturday",
    "Sunday",    "January", "February",  "March",     "April",   "May",
    "June",      "July",    "August",    "September", "October", "November",
    "December",  "Reuters", "Reuter",    "Mr.",       "There",   "Here",
    "What",      "Who",     "Why",       "How",       "Some",    "All",
    "Last",      "Next",    "New",       "According", "Earlier", "Later",
    "Meanwhile",
};

static int
is_upper_start(const char *s, size_t len)
{
    uint32_t cp;
    size_t n = ndi_utf8_decode((const unsigned char *)s, len, &cp);
    return n > 0 &&
           utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

static int
is_word_char(const unsigned char *s, size_t len, size_t *n)
{
    uint32_t cp;
    *n = ndi_utf8_decode(s, len, &cp);
    if (*n == 0) {
        *n = 1;
        return 0;
    }
    if (cp == '\'' || cp == '-' || cp == 0x2019)
        return 2; /* inside a word only */
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ND;
}

/* Split text into words, noting sentence starts and hard breaks. */
static size_t
split(const char *text, word *w, size_t max)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), i = 0, n = 0;
    int sentence = 1;
    while (i < len && n < max) {
        size_t k;
        int wc = is_word_char(p + i, len - i, &k);
        if (wc != 1) {
            char c = (char)p[i];
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' ||
                c == '"')
                sentence = 1;
            if (n > 0 && (c == ',' || c == '.' || c == ';' || c == ':' ||
                          c == '(' || c == ')' || c == '"' || c == '\n' ||
                          c == '!' || c == '?' || (k > 1)))
                w[n - 1].stop_after = 1;
            i += k;
            continue;
        }
        size_t start = i;
        while (i < len) {
            int t = is_word_char(p + i, len - i, &k);
            if (t == 0)
                break;
            if (t == 2 && !(i + k < len && is_word_char(p + i + k, len - i - k,
                                                        &(size_t){0}) == 1))
                break;
            i += k;
        }
        w[n].s = text + start;
        w[n].len = i - start;
        w[n].cap = is_upper_start(text + start, i - start);
        w[n].sentence = sentence;
        w[n].stop_after = 0;
        n++;
        sentence = 0;
    }
    return n;
}

static int
all_caps(const char *s, size_t len)
{
    int letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (islower((unsigned char)s[i]))
            return 0;
        letters += isupper((unsigned char)s[i]) != 0;
    }
    return letters > 0;
}

static nd_status
add(nd_article *a, nd_entity_type t, const word *w, size_t from, size_t to)
{
    const char *s = w[from].s;
    size_t len = (size_t)(w[to - 1].s + w[to - 1].len - s);
    return nd_article_add_entity(a, t, s, len);
}

static nd_status
scan(nd_article *a, const char *text)
{
    /* Names come early in news: the first words are plenty. */
    enum { MAXW = 20000 };
    word *w = malloc(MAXW * sizeof *w);
    if (w == NULL)
        return ND_ENOMEM;
    size_t n = split(text, w, MAXW);
    nd_status st = ND_OK;
    for (size_t i = 0; i < n && st == ND_OK;) {
        if (!w[i].cap || all_caps(w[i].s, w[i].len) ||
            in_list(w[i].s, w[i].len, not_names, NDI_ARRAY_LEN(not_names))) {
            i++;
            continue;
        }
        /* A run of capitalised words, "of" allowed inside. */
        size_t j = i, person_cue = 0;
        while (j < n && j - i < MAX_NAME_WORDS) {
            if (w[j].cap && !(j > i && w[j].sentence)) {
                if (w[j].stop_after) {
                    j++;
                    break;
                }
                j++;
                continue;
            }
            if (j > i && j + 1 < n && w[j].len == 2 &&
                memcmp(w[j].s, "of", 2) == 0 && w[j + 1].cap &&
                !w[j - 1].stop_after) {
                j++;
                continue;
            }
            break;
        }
        size_t from = i, to = j;
        /* Leading title words mark a person and are not the name. */
        while (from < to && in_list(w[from].s, w[from].len, person_cues,
                                    NDI_ARRAY_LEN(person_cues))) {
            from++;
            person_cue = 1;
        }
        while (to > from && w[to - 1].len == 2 &&
               memcmp(w[to - 1].s, "of", 2) == 0)
            to--;
        size_t words = to - from;
        int org = 0;
        for (size_t k = from; k < to; k++)
            if (in_list(w[k].s, w[k].len, org_cues, NDI_ARRAY_LEN(org_cues)))
                org = 1;
        /* A title word after an adjective marks a person too ("Russian
         * President Vladimir Putin"): the name follows the last of them. */
        for (size_t k = from; !org && k + 1 < to; k++)
            if (in_list(w[k].s, w[k].len, person_cues,
                        NDI_ARRAY_LEN(person_cues))) {
                from = k + 1;
                words = to - from;
                person_cue = 1;
            }
        if (org && words >= 1 && !person_cue)
            st = add(a, ND_ENT_ORG, w, i, to);
        else if (words >= 2 && words <= 4)
            st = add(a, ND_ENT_PERSON, w, from, to);
        i = j > i ? j : i + 1;
    }
    free(w);
    return st;
}

nd_status
ndi_entities_extract(nd_article *a)
{
    nd_status st = ND_OK;
    const char *dl = nd_article_get(a, ND_F_DATELINE);
    if (*dl != '\0') {
        /* "NEW YORK, FEB 26" -> "New York" */
        size_t n = strcspn(dl, ",(");
        while (n > 0 && dl[n - 1] == ' ')
            n--;
        char name[128];
        if (n > 0 && n < sizeof name) {
            int upper = all_caps(dl, n);
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)dl[i];
                int start = i == 0 || dl[i - 1] == ' ' || dl[i - 1] == '-';
                name[i] = upper && !start ? (char)tolower(c) : (char)c;
            }
            name[n] = '\0';
            /* a date ("2024-03-17") after the place in RCV1 datelines */
            char *sp = name;
            while ((sp = strchr(sp, ' ')) != NULL) {
                if (isdigit((unsigned char)sp[1])) {
                    *sp = '\0';
                    break;
                }
                sp++;
            }
            st = nd_article_add_entity(a, ND_ENT_PLACE, name, strlen(name));
        }
    }
    const char *title = nd_article_title(a);
    if (st == ND_OK && !all_caps(title, strlen(title)))
        st = scan(a, title);
    if (st == ND_OK)
        st = scan(a, nd_article_body(a));
    return st;
}
