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
 * The same facilities say what an admission date means.  A register's
 * date is the admission to where a man is now: a prison that takes
 * transfers admits men long after their arrest, one person or two, and a
 * regional prison days after.  For the admitting record's facility f,
 * each level l of "arrest against admission" gets
 *   log2 [P(l | one person, f) / P(l | one person)]
 *     - log2 [P(l | two people, f) / P(l | two people)]
 * on top of its weight: the first from the candidate pairs counted by
 * their probability (drawn towards the pooled shares by ADM_PSEUDO
 * matches), the second from the arrest months of all records against the
 * admission months of f's (random pairs, counted, not drawn); the sum is
 * drawn towards 0 where f has few matches (ADM_SHRINK).
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
#define ADM_PSEUDO 50.0
#define ADM_SHRINK 500.0 /* matches at which half the bits count */
#define ADM_LEVELS 4 /* of LF_ADMISSION, 0 missing */
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

/* The facility whose admission date the pair's level of admission
 * compares: of the one record with a date of admission (0: neither, or
 * both, two admissions compared with each other). */
static uint32_t admitting_facility(const lrec *a, const lrec *b)
{
    const lrec *adm = link_admitting(a, b);
    return adm ? adm->fach : 0;
}

double link_admission_bits(const link_model *m, const lrec *a, const lrec *b, int level)
{
    if (!m->nfac || level < 1 || level >= ADM_LEVELS)
        return 0;
    int f = fac_index(m, admitting_facility(a, b));
    return f < 0 ? 0 : m->adm_bits[f][level];
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
    bool apply; /* false: count matches into acc and adm; true: add the bits to weight */
    double (*acc)[LINK_FAC_VALUES][LINK_FAC_VALUES]; /* one table per slice */
    double (*adm)[LINK_FAC_VALUES][ADM_LEVELS];      /* the same, by admitting facility */
} fac_ctx;

static void fac_slice(void *arg, size_t lo, size_t hi, int t)
{
    fac_ctx *c = arg;
    const link_model *m = c->m;
    for (size_t k = lo; k < hi; k++) {
        const lpair *pp = &c->p->p[k];
        link_pattern pat = c->p->pats[pp->pat];
        int l = link_level(pat, LF_FACILITY), al = link_level(pat, LF_ADMISSION);
        const lrec *ri = &c->d->r[pp->i], *rj = &c->d->r[pp->j];
        int a = -1, b = -1, f = -1;
        if (l == 1 || l == 2) {
            a = fac_index(m, ri->fach);
            b = a < 0 ? -1 : fac_index(m, rj->fach);
        }
        if (al)
            f = fac_index(m, admitting_facility(ri, rj));
        if (b < 0 && f < 0)
            continue;
        if (c->apply) {
            c->weight[k] += (b >= 0 ? m->fac_bits[a][b] : 0) + (f >= 0 ? m->adm_bits[f][al] : 0);
            continue;
        }
        double w = link_pair_prior(m, c->slot[pp->i], c->slot[pp->j]) + c->weight[k];
        double post = link_probability(w);
        if (b >= 0) {
            c->acc[t][a][b] += post;
            c->acc[t][b][a] += post;
        }
        if (f >= 0)
            c->adm[t][f][al] += post;
    }
}

/* Months since year 0 of a date known to the month at least, or -1. */
static int month_of(int y, int mo, int prec)
{
    return y > 0 && prec >= PREC_MONTH ? y * 12 + mo - 1 : -1;
}

/* The admission's level bits for every facility of the table, from the
 * matches by admitting facility (adm) and random pairs (the records'
 * months of arrest and of admission). */
static void admission_bits(link_model *m, const ldata *d, double adm[][ADM_LEVELS])
{
    int lo = -1, hi = -1;
    for (size_t i = 0; i < d->n; i++) {
        const lrec *r = &d->r[i];
        const int xs[2] = {month_of(r->ay, r->am, r->aprec), month_of(r->fy, r->fm, r->fprec)};
        for (int x = 0; x < 2; x++)
            if (xs[x] >= 0) {
                lo = lo < 0 || xs[x] < lo ? xs[x] : lo;
                hi = xs[x] > hi ? xs[x] : hi;
            }
    }
    if (lo < 0)
        return;
    size_t span = (size_t)(hi - lo + 1);
    double *arrests = xcalloc(span + 1, sizeof *arrests); /* cumulative: arrests[k] before lo + k */
    double (*admitted)[LINK_FAC_VALUES] = xcalloc(span, sizeof *admitted);
    for (size_t i = 0; i < d->n; i++) {
        const lrec *r = &d->r[i];
        int am = month_of(r->ay, r->am, r->aprec), fm = month_of(r->fy, r->fm, r->fprec);
        if (am >= 0)
            arrests[am - lo + 1]++;
        int f = fm >= 0 ? fac_index(m, r->fach) : -1;
        if (f >= 0)
            admitted[fm - lo][f]++;
    }
    for (size_t k = 1; k <= span; k++)
        arrests[k] += arrests[k - 1];
    double all = arrests[span];
    /* u by facility: an admission in month j against an arrest after it
     * (1), in it or the month before (3), or earlier (2) */
    double u[LINK_FAC_VALUES][ADM_LEVELS] = {{0}}, upool[ADM_LEVELS] = {0};
    double mm[ADM_LEVELS] = {0}, mtotal = 0;
    for (size_t j = 0; j < span; j++)
        for (int f = 0; f < m->nfac; f++) {
            double n = admitted[j][f];
            if (n <= 0)
                continue;
            double before_j1 = j >= 1 ? arrests[j - 1] : 0; /* arrests before month j - 1 */
            u[f][1] += n * (all - arrests[j + 1]);
            u[f][3] += n * (arrests[j + 1] - before_j1);
            u[f][2] += n * before_j1;
        }
    for (int f = 0; f < m->nfac; f++)
        for (int l = 1; l < ADM_LEVELS; l++) {
            upool[l] += u[f][l];
            mm[l] += adm[f][l];
            mtotal += adm[f][l];
        }
    double utotal = upool[1] + upool[2] + upool[3];
    for (int f = 0; f < m->nfac && mtotal > 0 && utotal > 0; f++) {
        double uf = u[f][1] + u[f][2] + u[f][3], mf = adm[f][1] + adm[f][2] + adm[f][3];
        if (uf <= 0)
            continue;
        for (int l = 1; l < ADM_LEVELS; l++) {
            double pm = mm[l] / mtotal, pu = upool[l] / utotal;
            double pmf = (adm[f][l] + ADM_PSEUDO * pm) / (mf + ADM_PSEUDO);
            double puf = u[f][l] / uf;
            if (pm <= 0 || pu <= 0 || puf <= 0)
                continue;
            /* and the whole drawn towards nothing where f has few
             * matches: the admissions of a police cell, a few days before
             * the list was made, are rarely before anyone's arrest, one
             * person or two, and the first term alone cannot say the
             * second's "or two" */
            double bits = (log2(pmf / pm) - log2(puf / pu)) * mf / (mf + ADM_SHRINK);
            m->adm_bits[f][l] = (float)fmax(-FAC_BITS_MAX, fmin(FAC_BITS_MAX, bits));
        }
    }
    free(arrests);
    free(admitted);
}

void link_facility_pairs(link_model *m, const ldata *d, const lpairs *p, float *weight)
{
    double n[LINK_FAC_VALUES] = {0};
    bool cell[LINK_FAC_VALUES] = {0};
    memset(m->fac_bits, 0, sizeof m->fac_bits);
    memset(m->adm_bits, 0, sizeof m->adm_bits);
    pick_facilities(m, d, n, cell);
    if (m->nfac < 2 || !weight) {
        m->nfac = 0;
        return;
    }
    uint8_t *slot = link_record_slots(m, d);
    fac_ctx c = {m, d, p, weight, slot, false, NULL, NULL};
    c.acc = xcalloc(LINK_MAX_THREADS, sizeof *c.acc);
    c.adm = xcalloc(LINK_MAX_THREADS, sizeof *c.adm);
    int nt = link_parallel(p->n, fac_slice, &c);
    for (int t = 1; t < nt; t++)
        for (int a = 0; a < m->nfac; a++) {
            for (int b = 0; b < m->nfac; b++)
                c.acc[0][a][b] += c.acc[t][a][b];
            for (int l = 0; l < ADM_LEVELS; l++)
                c.adm[0][a][l] += c.adm[t][a][l];
        }
    admission_bits(m, d, c.adm[0]);
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
    free(c.adm);
    c.apply = true;
    link_parallel(p->n, fac_slice, &c);
    free(slot);
}
