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
 * A rare word one slip from a word many times as common is most likely
 * a slip of it ("nloasco" of "nolasco"): blocking files the records that
 * have it under the common word's key (link_lexicon_fix), so that a
 * list's slip meets the other lists' spelling.
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

/* A word is "fixed" to one a slip away that at least this many times as
 * many records use: "nloasco" (one record) to "nolasco" (hundreds). */
#define LEXICON_FIX_RATIO 10

struct link_lexicon {
    uint32_t *word;   /* pool offsets of the distinct words, ascending */
    uint32_t *key;    /* their phonetic keys' hashes */
    uint32_t *count;  /* how many of the record's name parts are the word */
    uint32_t *fix;    /* the key of the word it is likely a slip of, 0 = none */
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

/* Calls found(ctx, word index) for each word that shares a form with w:
 * those one slip from it, and some two slips (whose forms are one letter
 * less at different places: "ramos" and "amosr"), which found tells
 * apart with is_near when it wants the word at all; a word may come more
 * than once.  found returns false to stop. */
static void each_near(const link_lexicon *x, const char *w, bool (*found)(void *ctx, size_t word),
                      void *ctx)
{
    size_t n = strlen(w);
    if (n < LEXICON_MIN_LEN || n > LEXICON_MAX_LEN)
        return;
    for (size_t k = 0; k <= n; k++) {
        uint64_t h = form_hash(w, n, k);
        for (size_t i = form_first(x, h); i < x->nforms && x->form[i].key == h; i++)
            if (!found(ctx, x->form[i].idx))
                return;
    }
}

static bool is_near(const link_lexicon *x, const ldata *d, const char *w, size_t word)
{
    return link_within_edits(w, lstr(d, x->word[word]), 1);
}

/* The word w (of phonetic key `key`, used `count` times) and the
 * commonest word found a slip from it that is used LEXICON_FIX_RATIO
 * times as often and sounds otherwise. */
typedef struct fix_ctx {
    const link_lexicon *x;
    const ldata *d;
    const char *w;
    uint32_t key, count;
    size_t best; /* SIZE_MAX: none */
} fix_ctx;

static bool fix_found(void *ctx, size_t w)
{
    fix_ctx *c = ctx;
    const link_lexicon *x = c->x;
    if (x->key[w] != c->key && x->count[w] >= LEXICON_FIX_RATIO * c->count &&
        (c->best == SIZE_MAX || x->count[w] > x->count[c->best]) && is_near(x, c->d, c->w, w))
        c->best = w;
    return true;
}

link_lexicon *link_lexicon_build(const ldata *d)
{
    link_lexicon *x = xcalloc(1, sizeof *x);
    /* Every name part as (offset, key), sorted by offset: the distinct
     * words and how often each is used. */
    link_keyed *all = xmalloc((d->n ? 3 * d->n : 1) * sizeof *all);
    size_t m = 0;
    for (size_t i = 0; i < d->n; i++) {
        const lrec *r = &d->r[i];
        const uint32_t off[3] = {r->given1, r->s1, r->s2}, key[3] = {r->gkey, r->s1key, r->s2key};
        for (int p = 0; p < 3; p++)
            if (off[p] && key[p])
                all[m++] = (link_keyed){off[p], key[p]};
    }
    link_keyed *tmp = xmalloc((m ? m : 1) * sizeof *tmp);
    link_sort_keyed(all, tmp, m);
    size_t cap = 0;
    for (size_t i = 0; i < m; i++) {
        if (x->nwords && x->word[x->nwords - 1] == all[i].key) {
            x->count[x->nwords - 1]++;
            continue;
        }
        if (x->nwords == cap) {
            cap = cap ? cap * 2 : 4096;
            x->word = xrealloc(x->word, cap * sizeof *x->word);
            x->key = xrealloc(x->key, cap * sizeof *x->key);
            x->count = xrealloc(x->count, cap * sizeof *x->count);
        }
        x->word[x->nwords] = (uint32_t)all[i].key;
        x->key[x->nwords] = all[i].idx;
        x->count[x->nwords++] = 1;
    }
    free(all);
    free(tmp);
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
    tmp = xmalloc((nf ? nf : 1) * sizeof *tmp);
    link_sort_keyed(x->form, tmp, nf);
    free(tmp);
    x->nforms = nf;
    x->fix = xcalloc(x->nwords ? x->nwords : 1, sizeof *x->fix);
    for (size_t w = 0; w < x->nwords; w++) {
        fix_ctx c = {x, d, lstr(d, x->word[w]), x->key[w], x->count[w], SIZE_MAX};
        each_near(x, c.w, fix_found, &c);
        if (c.best != SIZE_MAX)
            x->fix[w] = x->key[c.best];
    }
    return x;
}

void link_lexicon_free(link_lexicon *x)
{
    if (!x)
        return;
    free(x->word);
    free(x->key);
    free(x->count);
    free(x->fix);
    free(x->form);
    free(x);
}

size_t link_lexicon_words(const link_lexicon *x)
{
    return x ? x->nwords : 0;
}

uint32_t link_lexicon_fix(const link_lexicon *x, uint32_t off, uint32_t key)
{
    size_t lo = 0, hi = x ? x->nwords : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->word[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < (x ? x->nwords : 0) && x->word[lo] == off && x->fix[lo] ? x->fix[lo] : key;
}

/* The lexicon's index of the folded word w, SIZE_MAX when no record
 * uses it.  The words are sorted by pool offset, not by spelling: a
 * query's word is looked up by its forms' hash (the word itself is one
 * of its own forms). */
static size_t word_index(const link_lexicon *x, const ldata *d, const char *w)
{
    size_t n = strlen(w);
    uint64_t h = form_hash(w, n, n);
    for (size_t i = form_first(x, h); i < x->nforms && x->form[i].key == h; i++)
        if (strcmp(lstr(d, x->word[x->form[i].idx]), w) == 0)
            return x->form[i].idx;
    return SIZE_MAX;
}

void link_lexicon_fix_keys(const link_lexicon *x, const lrec *r, uint32_t *g, uint32_t *s1,
                           uint32_t *s2)
{
    *g = link_lexicon_fix(x, r->given1, r->gkey);
    *s1 = link_lexicon_fix(x, r->s1, r->s1key);
    *s2 = link_lexicon_fix(x, r->s2, r->s2key);
}

uint32_t link_lexicon_fix_word(const link_lexicon *x, const ldata *d, const char *w,
                               uint32_t key)
{
    if (!x || !key || strlen(w) < LEXICON_MIN_LEN || strlen(w) > LEXICON_MAX_LEN)
        return key;
    size_t self = word_index(x, d, w);
    fix_ctx c = {x, d, w, key, self == SIZE_MAX ? 1 : x->count[self] + 1, SIZE_MAX};
    each_near(x, w, fix_found, &c);
    return c.best == SIZE_MAX ? key : x->key[c.best];
}

typedef struct near_ctx {
    const link_lexicon *x;
    const ldata *d;
    const char *w;
    uint32_t own;
    uint32_t *keys;
    size_t got, max;
} near_ctx;

static bool near_found(void *ctx, size_t w)
{
    near_ctx *c = ctx;
    uint32_t key = c->x->key[w];
    if (key == c->own)
        return true;
    for (size_t j = 0; j < c->got; j++)
        if (c->keys[j] == key)
            return true;
    if (!is_near(c->x, c->d, c->w, w))
        return true;
    c->keys[c->got++] = key;
    return c->got < c->max;
}

size_t link_lexicon_near(const link_lexicon *x, const ldata *d, const char *w, uint32_t own,
                         uint32_t *keys, size_t max)
{
    if (!x || max == 0)
        return 0;
    near_ctx c = {x, d, w, own, keys, 0, max};
    each_near(x, w, near_found, &c);
    return c.got;
}
