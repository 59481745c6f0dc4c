/*
 * facpair.c — which two facilities one person's records name.
 *
 * Two records at different facilities are not all alike.  A man is held
 * a few days in the police cells of his region and then sent to a
 * prison, most often one near; a prisoner is moved to the prisons that
 * take transfers; a women's prison and a youth centre exchange no one.
 * A family reports the cells where they last saw him, the register the
 * prison where he is now.  The level "different" (one a police cell, or
 * not) weighs all those pairs alike.  Here each pair of the commonest
 * facilities gets its own weight on top, learnt from the data:
 *
 *   m(a, b): the share of pair (a, b) among the candidate pairs at that
 *            level, each counted by its probability of being one person
 *            (the model's, before this) — what matches look like;
 *   u(a, b): its share among random pairs at that level, from how many
 *            records each facility has (n_a n_b) — what strangers look like;
 *   bits:    log2(m / u), m drawn towards u by FAC_PSEUDO pairs so that
 *            a pair seen a few times says little, and held to
 *            ±FAC_BITS_MAX.
 * Nothing here knows the prisons of El Salvador: the pairs are learnt
 * from whatever lists are linked, and a facility outside the commonest
 * LINK_FAC_VALUES (or with fewer than FAC_MIN_RECORDS records) keeps the
 * level's weight alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FAC_MIN_RECORDS 20
#define FAC_PSEUDO 20.0 /* matches added to a pair's count and to its expectation */
#define FAC_FIT_ROUNDS 200
#define FAC_BITS_MAX 6.0

static int fac_index(const link_model *m, uint32_t h)
{
    for (int a = 0; a < m->nfac; a++)
        if (m->fac_hash[a] == h)
            return a;
    return -1;
}

double link_facility_bits(const link_model *m, uint32_t fa, uint32_t fb)
{
    if (!m->nfac || !fa || !fb)
        return 0;
    int a = fac_index(m, fa), b = a < 0 ? -1 : fac_index(m, fb);
    return b < 0 ? 0 : m->fac_bits[a][b];
}

/* The commonest facilities into m (fac_hash, fac_key), their records in
 * n[] and whether each is a police cell in cell[]. */
static void pick_facilities(link_model *m, const ldata *d, double *n, bool *cell)
{
    link_keyed *v = xmalloc((d->n ? d->n : 1) * sizeof *v);
    link_keyed *tmp = xmalloc((d->n ? d->n : 1) * sizeof *tmp);
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->r[i].fach && d->r[i].facility)
            v[k++] = (link_keyed){d->r[i].fach, (uint32_t)i};
    if (k)
        link_sort_keyed(v, tmp, k);
    m->nfac = 0;
    for (size_t a = 0; a < k;) {
        size_t b = a + 1;
        while (b < k && v[b].key == v[a].key)
            b++;
        const lrec *r = &d->r[v[a].idx];
        const char *key = lstr(d, r->facility);
        double count = (double)(b - a);
        if (count >= FAC_MIN_RECORDS && strlen(key) < LINK_FAC_KEY) {
            /* keep the commonest: insert by count, dropping the last */
            int at = m->nfac < LINK_FAC_VALUES ? m->nfac : LINK_FAC_VALUES - 1;
            if (m->nfac < LINK_FAC_VALUES || count > n[at]) {
                while (at > 0 && n[at - 1] < count) {
                    n[at] = n[at - 1];
                    cell[at] = cell[at - 1];
                    m->fac_hash[at] = m->fac_hash[at - 1];
                    memcpy(m->fac_key[at], m->fac_key[at - 1], LINK_FAC_KEY);
                    at--;
                }
                n[at] = count;
                cell[at] = r->cell;
                m->fac_hash[at] = r->fach;
                snprintf(m->fac_key[at], LINK_FAC_KEY, "%s", key);
                if (m->nfac < LINK_FAC_VALUES)
                    m->nfac++;
            }
        }
        a = b;
    }
    free(v);
    free(tmp);
}

typedef struct fac_ctx {
    const link_model *m;
    const ldata *d;
    const lpairs *p;
    float *weight;
    const uint8_t *slot;
    bool apply; /* false: count matches into acc; true: add the bits to weight */
    double (*acc)[LINK_FAC_VALUES][LINK_FAC_VALUES]; /* one table per slice */
} fac_ctx;

static void fac_slice(void *arg, size_t lo, size_t hi, int t)
{
    fac_ctx *c = arg;
    const link_model *m = c->m;
    for (size_t k = lo; k < hi; k++) {
        const lpair *pp = &c->p->p[k];
        int l = link_level(c->p->pats[pp->pat], LF_FACILITY);
        if (l != 1 && l != 2)
            continue;
        int a = fac_index(m, c->d->r[pp->i].fach);
        int b = a < 0 ? -1 : fac_index(m, c->d->r[pp->j].fach);
        if (b < 0)
            continue;
        if (c->apply) {
            c->weight[k] += m->fac_bits[a][b];
            continue;
        }
        double w = link_pair_prior(m, c->slot[pp->i], c->slot[pp->j]) + c->weight[k];
        double post = link_probability(w);
        c->acc[t][a][b] += post;
        c->acc[t][b][a] += post;
    }
}

void link_facility_pairs(link_model *m, const ldata *d, const lpairs *p, float *weight)
{
    double n[LINK_FAC_VALUES] = {0};
    bool cell[LINK_FAC_VALUES] = {0};
    memset(m->fac_bits, 0, sizeof m->fac_bits);
    pick_facilities(m, d, n, cell);
    if (m->nfac < 2 || !weight) {
        m->nfac = 0;
        return;
    }
    uint8_t *slot = link_record_slots(m, d);
    fac_ctx c = {m, d, p, weight, slot, false, NULL};
    c.acc = xcalloc(LINK_MAX_THREADS, sizeof *c.acc);
    int nt = link_parallel(p->n, fac_slice, &c);
    for (int t = 1; t < nt; t++)
        for (int a = 0; a < m->nfac; a++)
            for (int b = 0; b < m->nfac; b++)
                c.acc[0][a][b] += c.acc[t][a][b];
    /* Within each level, each pair's matches against what they would be
     * were the two records' facilities independent, given how many
     * matches each facility has at that level: the quasi-independence
     * fit (n_ab ~ r_a r_b over the pairs the level holds), by iterated
     * proportional fitting.  Against the facilities' shares among all
     * records, a facility one list names most (the hospital where a
     * deaths list's men died) made every pair of it a match, which is that
     * list's rate of matches, already counted; against the shares among
     * all the level's matches, two police cells (a level of pairs apart
     * from the prisons) were a square of a small share.  acc is
     * symmetric. */
    for (int l = 1; l <= 2; l++) {
        double t[LINK_FAC_VALUES] = {0}, r[LINK_FAC_VALUES];
        for (int a = 0; a < m->nfac; a++) {
            for (int b = 0; b < m->nfac; b++)
                if (a != b && (cell[a] != cell[b] ? 2 : 1) == l)
                    t[a] += c.acc[0][a][b];
            r[a] = sqrt(t[a]);
        }
        for (int it = 0; it < FAC_FIT_ROUNDS; it++)
            for (int a = 0; a < m->nfac; a++) {
                double sum = 0;
                for (int b = 0; b < m->nfac; b++)
                    if (a != b && (cell[a] != cell[b] ? 2 : 1) == l)
                        sum += r[b];
                r[a] = sum > 0 ? sqrt(r[a] * t[a] / sum) : 0;
            }
        for (int a = 0; a < m->nfac; a++)
            for (int b = a + 1; b < m->nfac; b++) {
                if ((cell[a] != cell[b] ? 2 : 1) != l)
                    continue;
                double bits = log2((c.acc[0][a][b] + FAC_PSEUDO) / (r[a] * r[b] + FAC_PSEUDO));
                bits = fmax(-FAC_BITS_MAX, fmin(FAC_BITS_MAX, bits));
                m->fac_bits[a][b] = m->fac_bits[b][a] = (float)bits;
            }
    }
    free(c.acc);
    c.apply = true;
    link_parallel(p->n, fac_slice, &c);
    free(slot);
}
