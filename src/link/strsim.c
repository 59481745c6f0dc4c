/*
 * strsim.c — string similarity for folded names: Jaro–Winkler and the
 * Damerau–Levenshtein (optimal string alignment) distance.  Inputs are
 * folded ASCII (names_fold), so bytes are characters.  No allocation:
 * names are short, and longer inputs are compared on their first
 * LINK_MAX_NAME bytes.
 */
#include <string.h>

#include "link.h"

#define LINK_MAX_NAME 64

double link_jaro_winkler(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > LINK_MAX_NAME)
        la = LINK_MAX_NAME;
    if (lb > LINK_MAX_NAME)
        lb = LINK_MAX_NAME;
    if (la == 0 || lb == 0)
        return la == lb ? 1.0 : 0.0;
    if (la == lb && memcmp(a, b, la) == 0)
        return 1.0;
    size_t window = (la > lb ? la : lb) / 2;
    window = window > 0 ? window - 1 : 0;
    bool ma[LINK_MAX_NAME] = {0}, mb[LINK_MAX_NAME] = {0};
    size_t matches = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > window ? i - window : 0;
        size_t hi = i + window + 1 < lb ? i + window + 1 : lb;
        for (size_t j = lo; j < hi; j++) {
            if (!mb[j] && a[i] == b[j]) {
                ma[i] = mb[j] = true;
                matches++;
                break;
            }
        }
    }
    if (matches == 0)
        return 0.0;
    size_t t = 0, k = 0;
    for (size_t i = 0; i < la; i++) {
        if (!ma[i])
            continue;
        while (!mb[k])
            k++;
        if (a[i] != b[k])
            t++;
        k++;
    }
    double m = (double)matches;
    double jaro = (m / (double)la + m / (double)lb + (m - (double)t / 2.0) / m) / 3.0;
    size_t prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
        prefix++;
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

bool link_jaro_winkler_reaches(const char *a, const char *b, double threshold)
{
    /* Jaro-Winkler adds at most 0.4 of what Jaro lacks (a prefix of four
     * at 0.1), so reaching the threshold needs Jaro >= (threshold - 0.4)
     * / 0.6; and Jaro is at most (m/la + m/lb + 1) / 3 for m matches,
     * which are at most the bytes the two share, counted with repetition
     * wherever they stand.  When even that falls short, the comparison
     * is spared: most pairs of two mothers' full names are strangers'. */
    size_t la = strnlen(a, LINK_MAX_NAME), lb = strnlen(b, LINK_MAX_NAME);
    if (la && lb) {
        unsigned char ca[256] = {0};
        for (size_t i = 0; i < la; i++)
            ca[(unsigned char)a[i]]++;
        size_t shared = 0;
        for (size_t j = 0; j < lb; j++)
            if (ca[(unsigned char)b[j]]) {
                ca[(unsigned char)b[j]]--;
                shared++;
            }
        double jaro_needed = (threshold - 0.4) / 0.6;
        double m = (double)shared;
        if ((m / (double)la + m / (double)lb + 1) / 3 < jaro_needed - 1e-12)
            return false;
    }
    return link_jaro_winkler(a, b) >= threshold;
}

/* Cell (i, j) of the optimal-string-alignment table (insertions,
 * deletions, substitutions and adjacent transpositions), from the two
 * rows before it and the cells of its own row to its left. */
static inline int osa_cell(const char *a, const char *b, size_t i, size_t j, const int *prev2,
                           const int *prev, const int *cur)
{
    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
    int v = prev[j] + 1;
    if (cur[j - 1] + 1 < v)
        v = cur[j - 1] + 1;
    if (prev[j - 1] + cost < v)
        v = prev[j - 1] + cost;
    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
        v = prev2[j - 2] + 1;
    return v;
}

/* At most k edits apart (as link_edit_distance counts them), computed in
 * a band of 2k + 1 cells around the diagonal, stopping as soon as a row
 * holds nothing within k: a name compared with another is almost always
 * far, and the full table costs the product of their lengths. */
bool link_within_edits(const char *a, const char *b, int k)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > LINK_MAX_NAME)
        la = LINK_MAX_NAME;
    if (lb > LINK_MAX_NAME)
        lb = LINK_MAX_NAME;
    if ((la > lb ? la - lb : lb - la) > (size_t)k)
        return false;
    enum { FAR = 1 << 20 };
    int rows[3][LINK_MAX_NAME + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j <= (size_t)k ? (int)j : FAR;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > (size_t)k ? i - (size_t)k : 1, hi = i + (size_t)k < lb ? i + (size_t)k : lb;
        cur[0] = i <= (size_t)k ? (int)i : FAR;
        if (lo > 1)
            cur[lo - 1] = FAR;
        int best = cur[0];
        for (size_t j = lo; j <= hi; j++) {
            int v = osa_cell(a, b, i, j, prev2, prev, cur);
            cur[j] = v;
            best = v < best ? v : best;
        }
        if (hi < lb)
            cur[hi + 1] = FAR;
        if (best > k)
            return false;
        int *tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[lb] <= k;
}

int link_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > LINK_MAX_NAME)
        la = LINK_MAX_NAME;
    if (lb > LINK_MAX_NAME)
        lb = LINK_MAX_NAME;
    /* Three rows suffice for transpositions (optimal string alignment). */
    int rows[3][LINK_MAX_NAME + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            cur[j] = osa_cell(a, b, i, j, prev2, prev, cur);
        }
        int *tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[lb];
}
