/*
 * phonetic.c — a sound key for Spanish names as written in El Salvador.
 *
 * Lists are typed from dictation, from handwriting and from memory, so
 * the same surname arrives as Vásquez, Vasquez, Basques; Hernández as
 * Ernandes; Quintanilla as Kintaniya.  The key spells a word by how it
 * sounds in Salvadoran Spanish, where s, z and soft c are one sound
 * (seseo), ll and y are one (yeísmo), b and v are one, and h is silent.
 * It keeps vowels: Spanish spells vowels as they sound, so they are the
 * most reliable letters and keep "lopez" apart from "perez".
 *
 * Rules, left to right (the word is folded first: lowercase, no accents,
 * so ñ is already n and ü already u):
 *   vowels a e i o u    themselves; y before a vowel is Y, elsewhere I
 *   b v                 B          w     U (Walter, Huezo/Wezo)
 *   c + e/i             S          c     K          ch    C
 *   qu  q  k            K          x     S at the start, else KS
 *   g + e/i  j          J          gu + e/i   G     g     G
 *   s z                 S          ll    Y          h     (silent)
 *   ph                  F          th    T          n + b/v/p/m  M
 * then any sound repeated is written once (rr, ss, "Isaac").  A final s
 * is kept: dropping it would make Marcos and Marco, Flores and Flor one.
 */
#include "names.h"

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool front_vowel(char c)
{
    return c == 'e' || c == 'i';
}

void names_phonetic(const char *word, char *out, size_t outlen)
{
    if (outlen == 0)
        return;
    /* Letters only; 63 letters is longer than any real name word. */
    char w[64];
    size_t n = 0;
    for (const char *p = word ? word : ""; *p && n < sizeof w - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c >= 'a' && c <= 'z')
            w[n++] = c;
    }
    w[n] = '\0';

    size_t o = 0;
    char last = 0;
    for (size_t i = 0; i < n && o + 1 < outlen; i++) {
        char c = w[i], next = w[i + 1]; /* w[n] is the NUL */
        const char *code;
        switch (c) {
        case 'a': code = "A"; break;
        case 'e': code = "E"; break;
        case 'i': code = "I"; break;
        case 'o': code = "O"; break;
        case 'u': code = "U"; break;
        case 'w': code = "U"; break;
        case 'b':
        case 'v': code = "B"; break;
        case 'c':
            if (next == 'h') {
                code = "C";
                i++;
            } else {
                code = front_vowel(next) ? "S" : "K";
            }
            break;
        case 'q':
            if (next == 'u')
                i++;
            code = "K";
            break;
        case 'k': code = "K"; break;
        case 'g':
            if (front_vowel(next)) {
                code = "J";
            } else if (next == 'u' && front_vowel(w[i + 2])) {
                code = "G";
                i++;
            } else {
                code = "G";
            }
            break;
        case 'j': code = "J"; break;
        case 'h': code = ""; break;
        case 'l':
            if (next == 'l') {
                code = "Y";
                i++;
            } else {
                code = "L";
            }
            break;
        case 'y': code = is_vowel(next) ? "Y" : "I"; break;
        case 's':
        case 'z': code = "S"; break;
        case 'x': code = i == 0 ? "S" : "KS"; break;
        case 'n':
            code = (next == 'b' || next == 'v' || next == 'p' || next == 'm') ? "M" : "N";
            break;
        case 'p':
            if (next == 'h') {
                code = "F";
                i++;
            } else {
                code = "P";
            }
            break;
        case 't':
            if (next == 'h')
                i++;
            code = "T";
            break;
        case 'd': code = "D"; break;
        case 'f': code = "F"; break;
        case 'm': code = "M"; break;
        case 'r': code = "R"; break;
        default: code = ""; break; /* unreachable: w holds a-z only */
        }
        for (; *code && o + 1 < outlen; code++) {
            if (*code == last)
                continue;
            out[o++] = *code;
            last = *code;
        }
    }
    out[o] = '\0';
}
