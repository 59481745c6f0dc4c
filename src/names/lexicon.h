/*
 * lexicon.h — private to src/names: the words the name parser knows
 * (lexicon.c) and the hypocoristics (nicknames.c).  Only src/names and
 * its tests include this; everything else uses names.h.
 *
 * One table, sorted by word, so that one binary search tells everything
 * the parser needs about a folded word: how common it is as a given name
 * (0 = not one, 5 = among the most common in El Salvador) and for which
 * sex, how common as a surname (same scale), and what else it is (a
 * particle, an honorific, a street nickname...).  Frequencies are rough
 * ranks from experience of Salvadoran lists, not counts; they only break
 * ties such as "Santos" (a common given name and a common surname).
 */
#ifndef HABEAS_NAMES_LEXICON_H
#define HABEAS_NAMES_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

enum {
    LEX_STREET = 1 << 0,     /* street nickname, never a name: "flaco", "chino" */
    LEX_HONORIFIC = 1 << 1,  /* dropped: "sr", "dona", "lic" */
    LEX_ABSENT = 1 << 2,     /* means "no name": "nd", "desconocido", "ninguno" */
    LEX_ALIAS = 1 << 3,      /* introduces a nickname: "alias", "conocido (como)" */
    LEX_ARTICLE = 1 << 4,    /* "el", "la", "los", "las" */
    LEX_PARTICLE = 1 << 5,   /* "de", "del", "y" */
    LEX_WIDOW = 1 << 6,      /* "viuda", "vda" */
    LEX_DEVOTIONAL = 1 << 7, /* ends a compound given name: "maria de los ANGELES" */
    LEX_DE_SURNAME = 1 << 8, /* "de X" is more often a surname than a married name */
};

typedef struct lex_entry {
    const char *word;
    unsigned char given;   /* 0..5 */
    char sex;              /* 'm', 'f', 'u' (either), 0 when not a given name */
    unsigned char surname; /* 0..5 */
    unsigned short flags;  /* LEX_* */
    const char *expand;    /* abbreviation: "ma" -> "maria", else NULL */
} lex_entry;

/* The entry for s[0..n), or NULL. */
const lex_entry *lex_find(const char *s, size_t n);

/* What the lexicon knows of the words one slip from s[0..n) (a letter
 * dropped, added or changed, or two neighbours swapped), for a word it
 * does not know: the highest given-name and surname weights among them,
 * and whether one ends a compound given name (LEX_DEVOTIONAL).  Words
 * under four letters have too many neighbours to tell: all zero. */
typedef struct lex_near_info {
    unsigned char given, surname;
    bool devotional;
} lex_near_info;
lex_near_info lex_near(const char *s, size_t n);

/* For tests: the table, to check it is sorted and its sizes. */
const lex_entry *lex_table(size_t *count);

/* Hypocoristics (nicknames.c): true when s[0..n) is one; *canonical is
 * then the given name it stands for, or NULL when it is ambiguous. */
bool hypo_lookup(const char *s, size_t n, const char **canonical);
/* For tests: the i-th familiar form in table order, NULL past the end. */
const char *hypo_nick(size_t i);

#endif
