/*
 * names — how habeas compares the words people write.
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
 * The linkage issue extends this module with the Spanish name parser
 * and phonetic keys.
 */
#ifndef HABEAS_NAMES_H
#define HABEAS_NAMES_H

#include <stddef.h>

#include "util/util.h"

/* Appends to `out` the folded key of s[0..n) using `sep` between words
 * (' ' for names and places, '_' for column headers).  Input must be
 * valid UTF-8; invalid bytes are dropped. */
void names_fold(const char *s, size_t n, char sep, sbuf *out);

#endif
