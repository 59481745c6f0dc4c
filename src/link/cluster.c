/*
 * cluster.c — from pairwise probabilities to people.
 *
 * Greedy merging under constraints: human "same" decisions first, then
 * candidate pairs from the most to the least probable; each merge joins
 * two groups of records unless that would put a contradiction into one
 * person: two valid DUIs that differ in more than one digit (a one-digit
 * difference can be a typo that keeps the check digit valid), birth years
 * more than two years apart (from birth dates, or from the span of years
 * an age allows), names that clearly differ (given names, or a surname
 * both records have and that matches neither of the other's), or two
 * records someone decided are different, or two records of one source
 * that no edge joins directly.  A list names a person once, or twice by
 * a slip that leaves two records alike (and the model weighs that pair
 * with the source's own rate of duplicates); two of its records that
 * only meet through a third, from another list, are two people of one
 * name.  Plain connected components would chain "José Hernández 1990" to
 * "José Hernández 1985" through one weak link, or a family's report of
 * "José Hernández, 30" to both of the register's two men of that name;
 * here the weak link is refused because the group already holds a
 * contradiction — which is how a cluster with a contradiction is split.
 *
 * Each group keeps the short lists it needs for the checks (its DUIs,
 * birth years, and records it may not join); groups are merged smaller
 * into larger, so the work stays near linear.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct ivec {
    int32_t *v;
    uint32_t n, cap;
} ivec;

static void ivec_add(ivec *a, int32_t x)
{
    for (uint32_t k = 0; k < a->n; k++)
        if (a->v[k] == x)
            return;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 2;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

typedef struct group {
    uint32_t parent, size;
    ivec duis, years, cannot; /* cannot: record indexes this group may not join */
    ivec members;             /* record indexes, for the name checks */
} group;

static uint32_t find(group *g, uint32_t x)
{
    while (g[x].parent != x) {
        g[x].parent = g[g[x].parent].parent;
        x = g[x].parent;
    }
    return x;
}

static bool duis_conflict(int32_t a, int32_t b)
{
    int diff = 0;
    for (int k = 0; k < 9; k++, a /= 10, b /= 10)
        diff += a % 10 != b % 10;
    return diff > 1;
}

/* The edges between two records of one source, as sorted keys i << 32 | j
 * (i < j). */
typedef struct pairset {
    uint64_t *v;
    size_t n;
} pairset;

static uint64_t pair_key(uint32_t i, uint32_t j)
{
    return i < j ? (uint64_t)i << 32 | j : (uint64_t)j << 32 | i;
}

static int u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static bool same_source_edge(const pairset *ps, uint32_t i, uint32_t j)
{
    uint64_t k = pair_key(i, j);
    return bsearch(&k, ps->v, ps->n, sizeof *ps->v, u64_cmp) != NULL;
}

/* Would joining groups a and b (through the edge between records ei and
 * ej) put a contradiction into one person?  The edge's own names were
 * weighed by the model; the name check is for the other members. */
static bool conflict(const ldata *d, const pairset *direct, group *g, uint32_t a, uint32_t b,
                     uint32_t ei, uint32_t ej)
{
    for (uint32_t x = 0; x < g[a].duis.n; x++)
        for (uint32_t y = 0; y < g[b].duis.n; y++)
            if (duis_conflict(g[a].duis.v[x], g[b].duis.v[y]))
                return true;
    /* years holds birth-year spans packed as lo << 16 | hi.  Two single
     * records' own dates were weighed by the model: not checked again. */
    if (g[a].members.n > 1 || g[b].members.n > 1)
        for (uint32_t x = 0; x < g[a].years.n; x++)
            for (uint32_t y = 0; y < g[b].years.n; y++)
                if (link_years_apart(g[a].years.v[x] >> 16, g[a].years.v[x] & 0xffff,
                                     g[b].years.v[y] >> 16, g[b].years.v[y] & 0xffff))
                    return true;
    for (uint32_t x = 0; x < g[a].cannot.n; x++)
        if (find(g, (uint32_t)g[a].cannot.v[x]) == b)
            return true;
    for (uint32_t x = 0; x < g[b].cannot.n; x++)
        if (find(g, (uint32_t)g[b].cannot.v[x]) == a)
            return true;
    /* Names that clearly differ: a record with one surname must not chain
     * "José Hernández Martínez" to "José Hernández López". */
    for (uint32_t x = 0; x < g[a].members.n; x++)
        for (uint32_t y = 0; y < g[b].members.n; y++) {
            uint32_t rx = (uint32_t)g[a].members.v[x], ry = (uint32_t)g[b].members.v[y];
            if ((rx == ei && ry == ej) || (rx == ej && ry == ei))
                continue;
            if (link_names_conflict(d, &d->r[rx], &d->r[ry]))
                return true;
            if (d->r[rx].source == d->r[ry].source && !same_source_edge(direct, rx, ry))
                return true;
        }
    return false;
}

static void merge(group *g, uint32_t a, uint32_t b)
{
    if (g[a].size < g[b].size) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    g[b].parent = a;
    g[a].size += g[b].size;
    ivec *from[4] = {&g[b].duis, &g[b].years, &g[b].cannot, &g[b].members};
    ivec *to[4] = {&g[a].duis, &g[a].years, &g[a].cannot, &g[a].members};
    for (int k = 0; k < 4; k++) {
        for (uint32_t x = 0; x < from[k]->n; x++)
            ivec_add(to[k], from[k]->v[x]);
        free(from[k]->v);
        memset(from[k], 0, sizeof *from[k]);
    }
}

static int edge_cmp(const void *x, const void *y)
{
    const ledge *a = x, *b = y;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

long link_cluster(const ldata *d, ledge *edges, size_t nedges, const ldecision *dec,
                  size_t ndec, uint32_t *cluster)
{
    size_t n = d->n;
    group *g = xcalloc(n ? n : 1, sizeof *g);
    for (size_t i = 0; i < n; i++) {
        g[i].parent = (uint32_t)i;
        g[i].size = 1;
        if (d->r[i].dui >= 0)
            ivec_add(&g[i].duis, d->r[i].dui);
        if (d->r[i].blo)
            ivec_add(&g[i].years, (int32_t)d->r[i].blo << 16 | d->r[i].bhi);
        ivec_add(&g[i].members, (int32_t)i);
    }
    for (size_t k = 0; k < ndec; k++)
        if (!dec[k].same) {
            ivec_add(&g[dec[k].i].cannot, (int32_t)dec[k].j);
            ivec_add(&g[dec[k].j].cannot, (int32_t)dec[k].i);
        }
    long refused = 0;
    /* A person's "same" wins over the model's constraints, never over a
     * person's "different". */
    for (size_t k = 0; k < ndec; k++) {
        if (!dec[k].same)
            continue;
        uint32_t a = find(g, dec[k].i), b = find(g, dec[k].j);
        if (a == b)
            continue;
        bool blocked = false;
        for (uint32_t x = 0; x < g[a].cannot.n && !blocked; x++)
            blocked = find(g, (uint32_t)g[a].cannot.v[x]) == b;
        for (uint32_t x = 0; x < g[b].cannot.n && !blocked; x++)
            blocked = find(g, (uint32_t)g[b].cannot.v[x]) == a;
        if (blocked)
            refused++;
        else
            merge(g, a, b);
    }
    pairset direct = {xmalloc((nedges ? nedges : 1) * sizeof *direct.v), 0};
    for (size_t k = 0; k < nedges; k++)
        if (d->r[edges[k].i].source == d->r[edges[k].j].source)
            direct.v[direct.n++] = pair_key(edges[k].i, edges[k].j);
    qsort(direct.v, direct.n, sizeof *direct.v, u64_cmp);
    qsort(edges, nedges, sizeof *edges, edge_cmp);
    for (size_t k = 0; k < nedges; k++) {
        uint32_t a = find(g, edges[k].i), b = find(g, edges[k].j);
        if (a == b)
            continue;
        if (conflict(d, &direct, g, a, b, edges[k].i, edges[k].j)) {
            refused++;
            continue;
        }
        merge(g, a, b);
    }
    free(direct.v);
    for (size_t i = 0; i < n; i++)
        cluster[i] = find(g, (uint32_t)i);
    for (size_t i = 0; i < n; i++) {
        free(g[i].duis.v);
        free(g[i].years.v);
        free(g[i].cannot.v);
        free(g[i].members.v);
    }
    free(g);
    return refused;
}
