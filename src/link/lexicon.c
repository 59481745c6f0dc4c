/*
 * lexicon.c — the name words the records use, and those one slip from a
 * given word (see internal.h).
 *
 * A misspelt name often has another phonetic key than the name ("Cháevz"
 * is not "Chávez" to names_phonetic, nor "adnoay" "Adonay"), and a search
 * by keys then never meets the record.  So the distinct words of the
 * records' first given names and surnames are kept, each with its
 * phonetic key, and with every form of it one letter shorter.  Two words
 * one slip apart (a letter added, dropped or changed, or two neighbours
 * swapped) always share such a form, or one is a form of the other: the
 * symmetric-deletion idea of spelling correctors.  A query word's forms
 * are looked up, and each word found is checked with link_within_edits.
 *
 * At a million records there are some tens of thousands of distinct
 * words, a few megabytes of forms; a lookup is a dozen binary searches.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Words shorter than this have too many neighbours to tell anything. */
#define LEXICON_MIN_LEN 3
/* Nor longer ones: no name word is this long but by mistake. */
#define LEXICON_MAX_LEN 40

struct link_lexicon {
    uint32_t *word;   /* pool offsets of the distinct words */
    uint32_t *key;    /* their phonetic keys' hashes */
    size_t nwords;
    link_keyed *form; /* (hash of a form, word index), sorted by hash */
    size_t nforms;
};

/* FNV-1a of s[0..n) without the byte at `skip` (skip >= n: all of it). */
static uint64_t form_hash(const char *s, size_t n, size_t skip)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        if (i != skip) {
            h ^= (unsigned char)s[i];
            h *= 1099511628211ull;
        }
    return h;
}

static void add_word(link_lexicon *x, size_t *cap, unsigned char *seen, uint32_t off, uint32_t key)
{
    if (!off || !key || (seen[off >> 3] & (1u << (off & 7))))
        return;
    seen[off >> 3] |= (unsigned char)(1u << (off & 7));
    if (x->nwords == *cap) {
        *cap = *cap ? *cap * 2 : 4096;
        x->word = xrealloc(x->word, *cap * sizeof *x->word);
        x->key = xrealloc(x->key, *cap * sizeof *x->key);
    }
    x->word[x->nwords] = off;
    x->key[x->nwords++] = key;
}

link_lexicon *link_lexicon_build(const ldata *d)
{
    link_lexicon *x = xcalloc(1, sizeof *x);
    unsigned char *seen = xcalloc(d->pool.buf.len / 8 + 1, 1);
    size_t cap = 0;
    for (size_t i = 0; i < d->n; i++) {
        const lrec *r = &d->r[i];
        add_word(x, &cap, seen, r->given1, r->gkey);
        add_word(x, &cap, seen, r->s1, r->s1key);
        add_word(x, &cap, seen, r->s2, r->s2key);
    }
    free(seen);
    size_t nf = 0, capf = 0;
    for (size_t w = 0; w < x->nwords; w++) {
        const char *s = lstr(d, x->word[w]);
        size_t n = strlen(s);
        if (n < LEXICON_MIN_LEN || n > LEXICON_MAX_LEN)
            continue;
        if (nf + n + 1 > capf) {
            capf = (nf + n + 1) * 2;
            x->form = xrealloc(x->form, capf * sizeof *x->form);
        }
        for (size_t k = 0; k <= n; k++) /* k == n: the word itself */
            x->form[nf++] = (link_keyed){form_hash(s, n, k), (uint32_t)w};
    }
    link_keyed *tmp = xmalloc((nf ? nf : 1) * sizeof *tmp);
    link_sort_keyed(x->form, tmp, nf);
    free(tmp);
    x->nforms = nf;
    return x;
}

void link_lexicon_free(link_lexicon *x)
{
    if (!x)
        return;
    free(x->word);
    free(x->key);
    free(x->form);
    free(x);
}

size_t link_lexicon_words(const link_lexicon *x)
{
    return x ? x->nwords : 0;
}

static size_t form_first(const link_lexicon *x, uint64_t h)
{
    size_t lo = 0, hi = x->nforms;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->form[mid].key < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t link_lexicon_near(const link_lexicon *x, const ldata *d, const char *w, uint32_t own,
                         uint32_t *keys, size_t max)
{
    size_t n = strlen(w), got = 0;
    if (!x || n < LEXICON_MIN_LEN || n > LEXICON_MAX_LEN)
        return 0;
    for (size_t k = 0; k <= n; k++) {
        uint64_t h = form_hash(w, n, k);
        for (size_t i = form_first(x, h); i < x->nforms && x->form[i].key == h; i++) {
            uint32_t key = x->key[x->form[i].idx];
            if (key == own)
                continue;
            bool have = false;
            for (size_t j = 0; j < got && !have; j++)
                have = keys[j] == key;
            if (have || !link_within_edits(w, lstr(d, x->word[x->form[i].idx]), 1))
                continue;
            keys[got++] = key;
            if (got == max)
                return got;
        }
    }
    return got;
}
