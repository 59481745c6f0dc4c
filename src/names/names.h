/*
 * names — how habeas compares the words people write, and the names of
 * people in particular.
 *
 * Lists spell the same thing many ways: "Centro Penal La Esperanza",
 * "CENTRO PENAL LA ESPERANZA", "centro penal la esperanza" all name one
 * prison, and "Fecha de Nacimiento" is the column "fecha_nacimiento".
 * names_fold() makes the comparison key: Unicode NFKD (utf8proc), case
 * folded, combining marks stripped, every run of characters that is
 * neither a letter nor a digit turned into one separator, no separator
 * at either end.  The original text is always kept elsewhere; a key is
 * only ever used to compare.
 *
 * Person names (parse.c).  A Salvadoran name is given names, a paternal
 * and a maternal surname, and for a married woman often "de <husband's
 * surname>"; lists give it whole or in columns, in capitals, with
 * honorifics, nicknames and "N/D" mixed in.  names_parse_person() turns
 * whatever a list gave into a names_person whose fields linkage can
 * compare one by one.  The parser decides where given names end and
 * surnames begin with a small lexicon of Salvadoran given names and
 * surnames with rough frequencies (lexicon.c): "Juan Carlos Pérez" is
 * two given names and one surname because "carlos" is a common given
 * name and not a surname; "Juan Pérez López" is one and two.  Words it
 * does not know are taken as the shape most lists have: one given name,
 * two surnames.  It never reorders what a list wrote: surnames given in
 * swapped order stay swapped, and linkage compares both orders.
 *
 * Hypocoristics (nicknames.c): "Chepe" is José, "Toño" is Antonio.  A
 * given name written as a hypocoristic is replaced by the name it stands
 * for, and the word as written is kept as the nickname, so that
 * "Chepe Hernández" and "José Hernández" compare equal on given names.
 * Where a hypocoristic stands for several names one is canonical
 * ("beto" -> "roberto") and names_nickname_fits() knows the others
 * ("beto" fits "alberto"); where no name is clearly the usual one
 * ("tito", "tino") the word stays as written and only fits.
 *
 * Phonetic keys (phonetic.c) are made for Spanish as spoken in El
 * Salvador (seseo, yeísmo, b = v, silent h), for blocking and for a
 * "sounds alike" comparison.
 *
 * Only names_fold() allocates (it appends to an sbuf, and asks utf8proc
 * to map non-ASCII text); the parser, the keys and the nickname lookups
 * work in fixed buffers, at about a microsecond a name.  Every function is
 * reentrant: the tables are constant.
 */
#ifndef HABEAS_NAMES_H
#define HABEAS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* Appends to `out` the folded key of s[0..n) using `sep` between words
 * (' ' for names and places, '_' for column headers).  Input must be
 * valid UTF-8; invalid bytes are dropped. */
void names_fold(const char *s, size_t n, char sep, sbuf *out);

/* A person's name, parsed and normalised for comparison.  All strings are
 * folded (lowercase, accents stripped, words separated by one space, no
 * punctuation), NUL-terminated, never NULL: an empty string when absent.
 * A part longer than its field is cut at a word boundary. */
typedef struct names_person {
    char given[96];     /* given names in order, e.g. "jose luis", "maria de los angeles";
                           hypocoristics replaced: "chepe" -> "jose" */
    char surname1[64];  /* first (paternal) surname, particles kept: "de la cruz" */
    char surname2[64];  /* second (maternal) surname */
    char married[64];   /* a married woman's "de <surname>" without "de"; also from
                           "viuda de", "vda. de" */
    char nickname[64];  /* alias column, a nickname written in the name ("el flaco" ->
                           "flaco"), or else the hypocoristic written as given name */
    bool nickname_as_given; /* the nickname is that hypocoristic ("Chepe Hernández"): only
                               a way of writing the given name, not an alias */
    char familiar[32];  /* the hypocoristic written as the given name, even when an alias
                           is the nickname ("Beto Portillo", alias Canche: "beto") */
    char given_key[32]; /* names_phonetic() of the first word of given */
    char surname1_key[32], surname2_key[32]; /* names_phonetic() of the first word of each
                                                surname that is not a particle
                                                ("de la cruz" -> key of "cruz") */
} names_person;

/* Parses a person's name from the fields a list gives; any may be NULL or
 * empty, and all are UTF-8 as received (any case, accents or not).
 *   full      the whole name in one field ("JOSE LUIS HERNANDEZ MARTINEZ",
 *             "HERNANDEZ MARTINEZ, JOSE LUIS"); used only when given,
 *             surname1, surname2 and surnames are all empty.
 *   given     given names.
 *   surname1, surname2   the two surnames in their own columns; when
 *             surname2 is empty and surname1 holds two surnames, they are
 *             split.  A surname2 of "vda. de X", or "de X" after a name
 *             that is not a man's, is the married name, except "de León",
 *             "de Paz" and the like, which stay the maternal surname.  An
 *             absent surname1 ("N/D") leaves surname2 in its place.
 *   surnames  both surnames in one column ("DE LA CRUZ HERNANDEZ"); used
 *             when surname1 and surname2 are empty.
 *   alias     a nickname column; it wins over a nickname written in the
 *             name.  A hypocoristic alias fills an empty given name.
 * Honorifics ("Sr.", "Doña", "Lic."), "N/D", "S/N", "NN", "desconocido"
 * and the like are dropped.  Always fills every field of *out; never
 * allocates. */
void names_parse_person(const char *full, const char *given, const char *surname1,
                        const char *surname2, const char *surnames, const char *alias,
                        names_person *out);

/* A whole name in one field read both ways when one of its words is
 * unknown to the lexicon but one slip from a given name it knows: *out
 * as names_parse_person reads it (the word a surname, as "Marín" of
 * "Pedro Marín Ayala" must be), *alt with the word a given name ("Juan
 * Carlso Pérez": Juan Carlso, Pérez); *moved (cap bytes) is that word,
 * folded.  False, and only *out, when there is no such word.  The lexicon
 * cannot tell the two apart; the lists can: a word some list writes in
 * its surname column is a surname (link_load). */
bool names_parse_person_alt(const char *full, const char *alias, names_person *out,
                            names_person *alt, char *moved, size_t cap);

/* Phonetic key of one folded word (lowercase ASCII as names_fold makes
 * it; other bytes are skipped), made for Salvadoran Spanish: b = v,
 * s = z = c before e/i, ll = y before a vowel, y elsewhere = i, silent h
 * (ch kept), j = g before e/i, qu = k = c before a/o/u, gu before e/i =
 * g, initial x = s and x elsewhere = ks, ph = f, w = u, n before
 * b/v/p/m = m, repeated sounds collapsed.  Vowels are kept and a final s is kept
 * ("marcos" is not "marco").  Writes at most outlen-1 characters
 * (uppercase letters) and a NUL; "" for a word with no letters. */
void names_phonetic(const char *word, char *out, size_t outlen);

/* The given name a hypocoristic stands for ("chepe" -> "jose", "tono" ->
 * "antonio", "memo" -> "guillermo", "chema" -> "jose maria"), or NULL
 * when the word is not one or stands for no single usual name ("tito").
 * Input is one folded word. */
const char *names_nickname_given(const char *folded);

/* True when the folded word `nick` is a known hypocoristic of one of the
 * words of the folded given names `given` ("beto" fits "carlos alberto",
 * "fredy" fits "wilfredo", "tito" fits "roberto").  For linkage to accept
 * a nickname in one record against a given name in another. */
bool names_nickname_fits(const char *nick, const char *given);

/* A family's whole name whose first word is a familiar form misspelt
 * ("Chpe Orellana", "Nahco Bonilla"): the word is unknown to the
 * lexicon, no given name or surname is one slip from it, and exactly one
 * familiar form is.  Then true, and *out is the name, folded, with that
 * form in its place ("chepe orellana"); else false and *out untouched.
 * Only for a search: no list in synth misspells one, and a list's
 * unknown word is as likely a name the lexicon lacks. */
bool names_nickname_slip(const char *full, sbuf *out);

/* The initials of the given names the folded word `nick` may stand for
 * ("chano": Santos, Feliciano, Luciano, Mariano, Sebastián), as bits
 * ('a' is bit 0); 0 when it is no hypocoristic. */
uint32_t names_nickname_initials(const char *nick);

/* How many words of a name (as written: any case, accents or not) the
 * lexicon knows as a given name, a surname or a familiar form: of two
 * spellings of one name, the one with more is the likelier right
 * ("Aguilar", not a list's "Aguilad"). */
int names_known_words(const char *text);

/* True when the folded words a and b are one given name spelt two ways
 * that the phonetic key does not join ("bryan" and "brayan"; variants.c),
 * or the same word. */
bool names_spelling_variants(const char *a, const char *b);

/* Who reported a person, read for what it says of the person's surnames
 * (kin.c): a mother's first surname is the person's second, a father's
 * first surname the person's first, a full sibling's surnames the
 * person's.  */
typedef enum {
    NAMES_KIN_NONE,
    NAMES_KIN_MOTHER,
    NAMES_KIN_FATHER,
    NAMES_KIN_SIBLING
} names_kin_role;

typedef struct names_kin {
    names_kin_role role;   /* NAMES_KIN_NONE: no relation known, or no surname given */
    names_person relative; /* the relative's name, parsed */
} names_kin;

/* Reads an informant ("María Elena Hernández Rodríguez (madre)") and an
 * optional relationship column ("madre", "Hermano", "mother"; it wins over
 * a parenthesis).  Either may be NULL.  Never allocates beyond a folded
 * relationship word. */
void names_parse_kin(const char *informant, const char *relation, names_kin *out);

/* Fills the surnames p lacks (string and phonetic key) from what the
 * relative implies; never replaces a surname p has.  A mother whose first
 * surname is the person's first (no father's surname given) and a sibling
 * whose first surname is not the person's fill nothing.  Returns how many
 * surnames were filled. */
int names_kin_fill(const names_kin *k, names_person *p);

/* Steps through the words of a folded string: returns the length of the
 * next word and points *word at it, advancing *cursor; returns 0 at the
 * end.  Usage:
 *     const char *cur = p.given, *w;
 *     for (size_t n; (n = names_next_word(&cur, &w)) > 0;) ...
 */
size_t names_next_word(const char **cursor, const char **word);

#endif
