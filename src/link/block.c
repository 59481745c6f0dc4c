/*
 * block.c — which pairs are compared at all.
 *
 * Comparing every pair of a million records is 5·10^11 comparisons; so
 * pairs are only compared when they share a blocking key under at least
 * one of several rules (the union: a pair missed by one rule, because a
 * surname is misspelt or a birth date is missing, is caught by another).
 * Keys use phonetic codes, so "Hernández" and "Ernandes" block together.
 * A pair found by several rules is compared once: a rule skips the pairs
 * an earlier rule already produced.  Blocks larger than BLOCK_CAP (a key
 * that is too common to tell anyone apart) are not compared whole and are
 * counted; the other rules still see their records.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BLOCK_CAP 300
#define N_RULES 7

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

/* The key of record r under rule k, 0 when the rule does not apply. */
static uint64_t rule_key(const lrec *r, int k)
{
    uint32_t lo = r->s1key < r->s2key ? r->s1key : r->s2key;
    uint32_t hi = r->s1key < r->s2key ? r->s2key : r->s1key;
    uint64_t h = (uint64_t)(k + 1);
    switch (k) {
    case 0: /* the same DUI */
        if (r->dui < 0)
            return 0;
        return mix(h, (uint64_t)r->dui);
    case 1: /* both surnames (either order) and birth year */
        if (!r->s1key || !r->s2key || !r->by)
            return 0;
        return mix(mix(mix(h, lo), hi), (uint64_t)r->by);
    case 2: /* given name, first surname, birth year */
        if (!r->gkey || !r->s1key || !r->by)
            return 0;
        return mix(mix(mix(h, r->gkey), r->s1key), (uint64_t)r->by);
    case 3: /* given name and both surnames (either order) */
        if (!r->gkey || !r->s1key || !r->s2key)
            return 0;
        return mix(mix(mix(h, r->gkey), lo), hi);
    case 4: /* given name, second surname, birth year */
        if (!r->gkey || !r->s2key || !r->by)
            return 0;
        return mix(mix(mix(h, r->gkey), r->s2key), (uint64_t)r->by);
    case 5: /* given name, first surname, municipality */
        if (!r->gkey || !r->s1key || !r->resh)
            return 0;
        return mix(mix(mix(h, r->gkey), r->s1key), r->resh);
    case 6: /* given name, first surname, facility */
        if (!r->gkey || !r->s1key || !r->fach)
            return 0;
        return mix(mix(mix(h, r->gkey), r->s1key), r->fach);
    }
    return 0;
}

typedef struct kv {
    uint64_t key;
    uint32_t idx;
} kv;

static int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint32_t pattern_index(lpairs *p, link_pattern pat)
{
    if (p->npats * 2 >= p->hash_cap) {
        size_t cap = p->hash_cap ? p->hash_cap * 2 : 4096;
        uint32_t *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < p->npats; i++) {
            size_t k = mix(0, p->pats[i]) & (cap - 1);
            while (slots[k])
                k = (k + 1) & (cap - 1);
            slots[k] = (uint32_t)i + 1;
        }
        free(p->hash_slots);
        p->hash_slots = slots;
        p->hash_cap = cap;
    }
    size_t k = mix(0, pat) & (p->hash_cap - 1);
    while (p->hash_slots[k]) {
        uint32_t i = p->hash_slots[k] - 1;
        if (p->pats[i] == pat)
            return i;
        k = (k + 1) & (p->hash_cap - 1);
    }
    if (p->npats == p->cap_pats) {
        p->cap_pats = p->cap_pats ? p->cap_pats * 2 : 1024;
        p->pats = xrealloc(p->pats, p->cap_pats * sizeof *p->pats);
        p->pat_count = xrealloc(p->pat_count, p->cap_pats * sizeof *p->pat_count);
    }
    p->pats[p->npats] = pat;
    p->pat_count[p->npats] = 0;
    p->hash_slots[k] = (uint32_t)p->npats + 1;
    return (uint32_t)p->npats++;
}

static void add_pair(lpairs *p, uint32_t i, uint32_t j, link_pattern pat)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1 << 16;
        p->p = xrealloc(p->p, p->cap * sizeof *p->p);
    }
    uint32_t k = pattern_index(p, pat);
    p->pat_count[k] += 1.0;
    p->p[p->n++] = (lpair){i < j ? i : j, i < j ? j : i, k};
}

int link_block(const ldata *d, lpairs *out, bool progress, herr *e)
{
    (void)e;
    memset(out, 0, sizeof *out);
    size_t n = d->n;
    uint64_t *keys = xcalloc(n ? n * N_RULES : 1, sizeof *keys);
    /* capped[k][i]: record i is in a block too large under rule k */
    uint8_t *capped = xcalloc(n ? n : 1, 1);
    kv *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < N_RULES; k++)
            keys[i * N_RULES + (size_t)k] = rule_key(&d->r[i], k);

    for (int k = 0; k < N_RULES; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t key = keys[i * N_RULES + (size_t)k];
            if (key)
                order[m++] = (kv){key, (uint32_t)i};
        }
        qsort(order, m, sizeof *order, kv_cmp);
        for (size_t a = 0; a < m;) {
            size_t b = a + 1;
            while (b < m && order[b].key == order[a].key)
                b++;
            if (b - a > BLOCK_CAP) {
                out->blocks_capped++;
                for (size_t x = a; x < b; x++)
                    capped[order[x].idx] |= (uint8_t)(1u << k);
                a = b;
                continue;
            }
            for (size_t x = a; x < b; x++) {
                uint32_t i = order[x].idx;
                for (size_t y = x + 1; y < b; y++) {
                    uint32_t j = order[y].idx;
                    /* Skip a pair an earlier rule has produced. */
                    bool seen = false;
                    for (int r = 0; r < k && !seen; r++) {
                        uint64_t ki = keys[i * N_RULES + (size_t)r];
                        seen = ki && ki == keys[j * N_RULES + (size_t)r] &&
                               !(capped[i] & (1u << r));
                    }
                    if (!seen)
                        add_pair(out, i, j, link_compare(d, &d->r[i], &d->r[j]));
                }
            }
            a = b;
        }
        if (progress)
            fprintf(stderr, "\rlinking: blocking rule %d of %d, %zu candidate pairs", k + 1,
                    N_RULES, out->n);
    }
    if (progress)
        fputs("\r\033[K", stderr);
    free(keys);
    free(capped);
    free(order);
    return HERR_OK;
}

void link_pairs_free(lpairs *p)
{
    free(p->p);
    free(p->pats);
    free(p->pat_count);
    free(p->hash_slots);
    memset(p, 0, sizeof *p);
}
