/*
 * model.c — the Fellegi–Sunter model: how much each level of each field
 * says about "same person".
 *
 *   u, P(level | different people), is measured on random pairs of
 *   records, which are almost all different people.
 *   m, P(level | same person), is estimated by expectation–maximisation
 *   with u held fixed, as Splink does: one EM session per blocking rule,
 *   over the candidate pairs that rule finds, estimating only the fields
 *   the rule's key does not use (pairs blocked on given name and surname
 *   agree on them by construction, so those pairs say nothing about how
 *   often true matches agree on names; they do say it of birth dates and
 *   DUIs).  A field's m is the average over the sessions that estimated
 *   it, weighted by how many matches each session found, counting only
 *   the sessions of anchored rules (a document number or a date to the
 *   day in the key: link_rule_anchored) when any of them estimated the
 *   field.  Looser rules (surnames and a town) gather whole families,
 *   where EM finds a "same family" class millions of pairs strong whose
 *   m says given names differ half the time; averaged in by weight, it
 *   drowned the anchored sessions, which agree with each other.
 *   Then one refinement (refine_agreement) corrects what anchoring
 *   biases: how agreement splits among a field's levels, measured over
 *   every candidate pair judged on its other fields.
 *   lambda, the chance that two records picked at random are one person,
 *   is then the fixed point of "expected matches among all pairs": the
 *   sum of the candidate pairs' match probabilities over all N(N-1)/2
 *   pairs (pairs blocking never compared count as non-matches).
 * EM runs on distinct comparison vectors with their counts, so it costs
 * nothing next to comparison.
 *
 * A field at level 0 (missing) weighs nothing.  An exact agreement on a
 * name is worth more when the name is rare: its u is replaced by the
 * share of that value among all names (term-frequency adjustment), so
 * "Quintanilla" agreeing counts more than "Hernández".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util/rng.h"

#define FLOOR 1e-6
/* No level of one field may be (almost) impossible among true matches:
 * a single disagreement must never veto a match alone, however clean the
 * training data was. */
#define M_FLOOR 3e-3

/* Weight over levels 1.. of one field (level 0, missing, left out). */
static double present_total(const double *by_level, int levels)
{
    double total = 0;
    for (int l = 1; l < levels; l++)
        total += by_level[l];
    return total;
}

/* Each pair's records are asked for RATES_AHEAD pairs before they are
 * compared or weighed (link_prefetch_rec).  1M: the random pairs 1.25 s
 * -> 0.85 s, weighing the candidate pairs 4.1 s -> 2.4 s. */
#define RATES_AHEAD 8

/* Random pairs compared on every processor; the pairs are drawn first,
 * in one stream, so that u does not depend on how many there are. */
typedef struct u_ctx {
    const ldata *d;
    const uint32_t (*ij)[2];
    double count[LINK_MAX_THREADS][LF_COUNT][LINK_MAX_LEVELS];
} u_ctx;

static void u_slice(void *arg, size_t lo, size_t hi, int t)
{
    u_ctx *c = arg;
    for (size_t k = lo; k < hi; k++) {
        if (k + RATES_AHEAD < hi) {
            link_prefetch_rec(&c->d->r[c->ij[k + RATES_AHEAD][0]]);
            link_prefetch_rec(&c->d->r[c->ij[k + RATES_AHEAD][1]]);
        }
        link_pattern p = link_compare(c->d, &c->d->r[c->ij[k][0]], &c->d->r[c->ij[k][1]]);
        for (int f = 0; f < LF_COUNT; f++)
            c->count[t][f][link_level(p, (link_field)f)] += 1.0;
    }
}

void link_model_u(const ldata *d, link_model *m, uint64_t seed, long samples)
{
    rng r;
    rng_seed(&r, seed);
    uint32_t(*ij)[2] = xmalloc((samples > 0 ? (size_t)samples : 1) * sizeof *ij);
    size_t done = 0;
    if (d->n >= 2)
        for (long s = 0; s < samples; s++) {
            uint64_t i = rng_below(&r, d->n), j = rng_below(&r, d->n);
            if (i != j) {
                ij[done][0] = (uint32_t)i;
                ij[done++][1] = (uint32_t)j;
            }
        }
    u_ctx *c = xcalloc(1, sizeof *c);
    c->d = d;
    c->ij = (const uint32_t(*)[2])ij;
    int nt = link_parallel(done, u_slice, c);
    for (int t = 1; t < nt; t++) /* whole counts: the sum is exact in any order */
        for (int f = 0; f < LF_COUNT; f++)
            for (int l = 0; l < LINK_MAX_LEVELS; l++)
                c->count[0][f][l] += c->count[t][f][l];
    m->random_pairs = (long)done;
    for (int f = 0; f < LF_COUNT; f++) {
        int levels = link_field_levels((link_field)f);
        double total = present_total(c->count[0][f], levels);
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            m->u[f][l] = 0;
        for (int l = 1; l < levels; l++)
            m->u[f][l] = (c->count[0][f][l] + 0.5) / (total + 0.5 * (levels - 1));
    }
    free(c);
    free(ij);
}

/* The likelihood ratio m/u of every field and level, fields in `skip`
 * (and level 0, missing) at 1: a session's patterns then cost a product
 * each, not a division per field. */
static void ratio_table(const link_model *m, uint32_t skip, double r[LF_COUNT][LINK_MAX_LEVELS])
{
    for (int f = 0; f < LF_COUNT; f++)
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            r[f][l] = l && !(skip & (1u << f)) && m->u[f][l] > 0 ? m->m[f][l] / m->u[f][l] : 1;
}

static double pattern_ratio(const double r[LF_COUNT][LINK_MAX_LEVELS], link_pattern p)
{
    double lr = 1.0;
    for (int f = 0; f < LF_COUNT; f++)
        lr *= r[f][link_level(p, (link_field)f)];
    return lr;
}

static void m_start(link_model *m)
{
    /* Agreement likely among matches, the top level most. */
    for (int f = 0; f < LF_COUNT; f++) {
        int levels = link_field_levels((link_field)f);
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            m->m[f][l] = 0;
        double rest = 0.15;
        m->m[f][levels - 1] = 0.85;
        for (int l = levels - 2; l >= 1; l--) {
            m->m[f][l] = l == 1 ? rest : rest * 0.6;
            rest -= m->m[f][l];
        }
    }
}

/* One EM session over pattern counts, fields in `skip` left out.  Adds
 * the session's m, weighted by its expected matches, into acc/accw. */
static void em_session(const link_model *m, const link_pattern *pats, const double *count,
                       size_t npats, uint32_t skip, double acc[LF_COUNT][LINK_MAX_LEVELS],
                       double accw[LF_COUNT], long *iterations)
{
    link_model s = *m;
    m_start(&s);
    double lambda = 0.3;
    double num[LF_COUNT][LINK_MAX_LEVELS];
    double matches = 0;
    double ratio[LF_COUNT][LINK_MAX_LEVELS];
    for (int it = 0; it < 300; it++) {
        memset(num, 0, sizeof num);
        double total = 0;
        matches = 0;
        ratio_table(&s, skip, ratio);
        for (size_t k = 0; k < npats; k++) {
            if (count[k] <= 0)
                continue;
            double lr = pattern_ratio(ratio, pats[k]);
            double post = lambda * lr / (lambda * lr + (1 - lambda));
            double w = count[k] * post;
            matches += w;
            total += count[k];
            for (int f = 0; f < LF_COUNT; f++)
                num[f][link_level(pats[k], (link_field)f)] += w;
        }
        if (total <= 0)
            return;
        double change = fabs(matches / total - lambda);
        lambda = fmin(fmax(matches / total, FLOOR), 1 - FLOOR);
        for (int f = 0; f < LF_COUNT; f++) {
            if (skip & (1u << f))
                continue;
            int levels = link_field_levels((link_field)f);
            double den = present_total(num[f], levels);
            for (int l = 1; l < levels && den > 0; l++) {
                double v = fmax(num[f][l] / den, M_FLOOR);
                change = fmax(change, fabs(v - s.m[f][l]));
                s.m[f][l] = v;
            }
        }
        (*iterations)++;
        if (change < 1e-7)
            break;
    }
    for (int f = 0; f < LF_COUNT; f++) {
        if (skip & (1u << f))
            continue;
        int levels = link_field_levels((link_field)f);
        double den = present_total(num[f], levels);
        if (den <= 0)
            continue; /* no pair of this session had the field */
        for (int l = 1; l < levels; l++)
            acc[f][l] += s.m[f][l] * den;
        accw[f] += den;
    }
}

/* Adds one session's weighted m (from em_session) into a total. */
static void add_session(double acc[LF_COUNT][LINK_MAX_LEVELS], double accw[LF_COUNT],
                        double sacc[LF_COUNT][LINK_MAX_LEVELS], const double saccw[LF_COUNT])
{
    for (int f = 0; f < LF_COUNT; f++) {
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            acc[f][l] += sacc[f][l];
        accw[f] += saccw[f];
    }
}

/* The candidate pairs counted by (pair of source slots, pattern): the
 * refinement below then costs a pass over distinct keys, not over tens
 * of millions of pairs.  Open addressing; key 0 is an empty slot. */
typedef struct keycount {
    uint64_t key; /* 1 + (slot a * 256 + slot b) << 32 + pattern index */
    double n;
} keycount;

typedef struct keycounts {
    keycount *v;
    size_t cap, used;
} keycounts;

static size_t keycount_home(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static void keycounts_add(keycounts *t, uint64_t key)
{
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1 << 16;
        keycount *v = xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->v[i].key)
                continue;
            size_t h = keycount_home(t->v[i].key, cap);
            while (v[h].key)
                h = (h + 1) & (cap - 1);
            v[h] = t->v[i];
        }
        free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t h = keycount_home(key, t->cap);
    while (t->v[h].key && t->v[h].key != key)
        h = (h + 1) & (t->cap - 1);
    if (!t->v[h].key) {
        t->v[h].key = key;
        t->used++;
    }
    t->v[h].n += 1;
}

/* The candidate pairs of p counted by pair of source slots and pattern. */
static keycounts count_by_sources(const link_model *m, const ldata *d, const lpairs *p)
{
    uint8_t *slot = link_record_slots(m, d);
    keycounts t = {0};
    for (size_t k = 0; k < p->n; k++) {
        uint64_t a = slot[p->p[k].i], b = slot[p->p[k].j];
        uint64_t sp = a < b ? a * 256 + b : b * 256 + a;
        keycounts_add(&t, 1 + (sp << 32 | p->p[k].pat));
    }
    free(slot);
    return t;
}

/* A key's pattern, and its two slots (LINK_NO_SLOT: a source without one). */
static link_pattern keycount_parts(uint64_t key, const link_pattern *pats, int *a, int *b)
{
    key -= 1;
    int sp = (int)(key >> 32);
    *a = sp / 256;
    *b = sp % 256;
    return pats[key & 0xffffffffu];
}

/* The weight of a pattern, without frequency adjustment. */
static double pattern_weight(const link_weights *wt, link_pattern pat)
{
    double w = 0;
    for (int f = 0; f < LF_COUNT; f++)
        w += wt->w[f][link_level(pat, (link_field)f)];
    return w;
}

/* The sessions' m is measured on pairs that agree on a document or a
 * full birth date: records of official and court lists, mostly.  A
 * family's report gives an age, the arrest month and one given name, so
 * there "the age fits" and "the first given name agrees" (not all) are
 * common among true matches, rare in those sessions (m of "age fits"
 * came out 0.32 where the truth said 0.77).  So, once: over every
 * candidate pair, each field's levels are counted weighted by the pair's
 * probability of being a match judged on the OTHER fields (and its pair
 * of sources' rate), which does not select on the field itself.  That
 * sample also holds relatives (same surnames, town and mother), who
 * disagree; so it sets only how agreement splits among the levels above
 * "different", and "different" keeps the sessions' share. */
static void refine_agreement(link_model *m, const keycounts *t, const link_pattern *pats)
{
    link_weights wt;
    link_weight_table(m, &wt);
    double num[LF_COUNT][LINK_MAX_LEVELS];
    memset(num, 0, sizeof num);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->v[i].key)
            continue;
        int a, b;
        link_pattern pat = keycount_parts(t->v[i].key, pats, &a, &b);
        double w = link_pair_prior(m, a, b) + pattern_weight(&wt, pat);
        for (int f = 0; f < LF_COUNT; f++) {
            int l = link_level(pat, (link_field)f);
            if (l)
                num[f][l] += t->v[i].n * link_probability(w - wt.w[f][l]);
        }
    }
    for (int f = 0; f < LF_COUNT; f++) {
        int levels = link_field_levels((link_field)f);
        double agreeing = present_total(num[f], levels) - num[f][1];
        if (levels < 4 || agreeing < 100)
            continue; /* one level of agreement, or too few pairs to say */
        double share = 1 - m->m[f][1];
        for (int l = 2; l < levels; l++)
            m->m[f][l] = fmax(share * num[f][l] / agreeing, M_FLOOR);
    }
}

/* The rates of matches (below). */
#define WBINS 2048
static int weight_bin(double w);
static void model_sources(link_model *m, const ldata *d);
static double **hists_new(int ns);
static void hists_add(double **hist, int ns, int a, int b, int bin, double n);
static void rates_from_hists(link_model *m, const ldata *d, double **hist);

/* The rates from the pairs counted by sources and pattern, weighed
 * without frequency adjustment: close enough to weigh the refinement's
 * pairs, at a fraction of the cost of link_model_rates. */
static void rates_from_counts(link_model *m, const ldata *d, const keycounts *t,
                              const link_pattern *pats)
{
    link_weights wt;
    link_weight_table(m, &wt);
    double **hist = hists_new(m->nsources);
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->v[i].key)
            continue;
        int a, b;
        link_pattern pat = keycount_parts(t->v[i].key, pats, &a, &b);
        hists_add(hist, m->nsources, a, b, weight_bin(pattern_weight(&wt, pat)), t->v[i].n);
    }
    rates_from_hists(m, d, hist);
}

/* One EM session per blocking rule, each over the patterns its pairs
 * have. */
typedef struct sessions_ctx {
    const link_model *m;
    const lpairs *p;
    const uint32_t *by_rule; /* [rule][pattern]: how many of the rule's pairs */
    size_t np;
    double acc[LINK_RULES][LF_COUNT][LINK_MAX_LEVELS];
    double accw[LINK_RULES][LF_COUNT];
    long iterations[LINK_RULES];
} sessions_ctx;

/* Item x of [0, LINK_RULES) as a rule: the even rules, then the odd, so
 * that two slices share the heavy ones. */
static int session_rule(size_t x)
{
    size_t half = (LINK_RULES + 1) / 2;
    return x < half ? (int)(2 * x) : (int)(2 * (x - half) + 1);
}

static void sessions_slice(void *arg, size_t lo, size_t hi, int t)
{
    (void)t;
    sessions_ctx *c = arg;
    double *count = xcalloc(c->np, sizeof *count);
    link_pattern *pats = xcalloc(c->np, sizeof *pats);
    for (size_t x = lo; x < hi; x++) {
        int rule = session_rule(x);
        size_t n = 0;
        for (size_t k = 0; k < c->p->npats; k++)
            if (c->by_rule[(size_t)rule * c->np + k]) {
                pats[n] = c->p->pats[k];
                count[n++] = c->by_rule[(size_t)rule * c->np + k];
            }
        em_session(c->m, pats, count, n, link_rule_fields(rule), c->acc[rule], c->accw[rule],
                   &c->iterations[rule]);
    }
    free(count);
    free(pats);
}

void link_model_fit(link_model *m, const ldata *d, const lpairs *p, float *weight)
{
    m_start(m);
    m->em_iterations = 0;
    m->nfac = 0; /* the facilities' pairs are learnt last, on the weights without them */
    /* [0]: every session, [1]: anchored sessions only */
    double acc[2][LF_COUNT][LINK_MAX_LEVELS], accw[2][LF_COUNT];
    memset(acc, 0, sizeof acc);
    memset(accw, 0, sizeof accw);
    /* each rule's pairs counted by pattern, in one pass over the pairs */
    size_t np = p->npats ? p->npats : 1;
    uint32_t *by_rule = xcalloc((size_t)LINK_RULES * np, sizeof *by_rule);
    for (size_t k = 0; k < p->n; k++)
        for (uint32_t bits = p->p[k].rules; bits; bits &= bits - 1)
            by_rule[(size_t)__builtin_ctz(bits) * np + p->p[k].pat]++;
    /* The sessions run on every processor (each is independent), and are
     * added up in the order of their rules, as a serial loop would. */
    sessions_ctx *c = xcalloc(1, sizeof *c);
    c->m = m;
    c->p = p;
    c->by_rule = by_rule;
    c->np = np;
    link_parallel_heavy(LINK_RULES, sessions_slice, c);
    for (int rule = 0; rule < LINK_RULES; rule++) {
        m->em_iterations += c->iterations[rule];
        add_session(acc[0], accw[0], c->acc[rule], c->accw[rule]);
        if (link_rule_anchored(rule))
            add_session(acc[1], accw[1], c->acc[rule], c->accw[rule]);
    }
    free(c);
    free(by_rule);
    for (int f = 0; f < LF_COUNT; f++) {
        int a = accw[1][f] > 0 ? 1 : 0;
        if (accw[a][f] <= 0)
            continue; /* never estimated: keep the start */
        int levels = link_field_levels((link_field)f);
        for (int l = 1; l < levels; l++)
            m->m[f][l] = fmax(acc[a][f][l] / accw[a][f], M_FLOOR);
    }

    model_sources(m, d);
    keycounts t = count_by_sources(m, d, p);
    rates_from_counts(m, d, &t, p->pats);
    refine_agreement(m, &t, p->pats);
    free(t.v);
    link_model_rates(m, d, p, weight);
    link_facility_pairs(m, d, p, weight);
}

/* Pair weights binned to 1/16 bit over [-64, 64) (WBINS bins): the fixed
 * points below then cost a pass over bins, not over millions of pairs. */
static int weight_bin(double w)
{
    long b = lround((w + 64) * 16);
    return b < 0 ? 0 : b >= WBINS ? WBINS - 1 : (int)b;
}

/* lambda such that lambda * all = the expected matches among the pairs
 * (histogram h of their weights) at that lambda, plus `pseudo` pairs'
 * worth of the rate `toward`.  The pairs blocking never compared count as
 * non-matches. */
static double rate_fixed_point(const double *h, double all, double pseudo, double toward,
                               double start)
{
    if (all + pseudo <= 0)
        return toward;
    double lambda = start;
    for (int it = 0; it < 2000; it++) {
        double prior = log2(lambda / (1 - lambda)), sum = pseudo * toward;
        for (int b = 0; b < WBINS; b++)
            if (h[b] > 0)
                sum += h[b] * link_probability(prior + b / 16.0 - 64);
        double next = fmin(fmax(sum / (all + pseudo), 1e-15), 0.5);
        bool done = fabs(next - lambda) < lambda * 1e-6;
        lambda = next;
        if (done)
            break;
    }
    return lambda;
}

static int source_count_cmp(const void *x, const void *y)
{
    const long *a = x, *b = y; /* {records, id} */
    if (a[0] != b[0])
        return a[0] > b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* The sources with a rate of their own: the LINK_MAX_SOURCES largest. */
static void model_sources(link_model *m, const ldata *d)
{
    size_t cap = 16, n = 0;
    long(*c)[2] = xcalloc(cap, sizeof *c);
    for (size_t i = 0; i < d->n; i++) {
        size_t k = 0;
        while (k < n && c[k][1] != d->r[i].source)
            k++;
        if (k == n) {
            if (n == cap)
                c = xrealloc(c, (cap *= 2) * sizeof *c);
            c[n][0] = 0;
            c[n][1] = d->r[i].source;
            n++;
        }
        c[k][0]++;
    }
    qsort(c, n, sizeof *c, source_count_cmp);
    m->nsources = n < LINK_MAX_SOURCES ? (int)n : LINK_MAX_SOURCES;
    for (int k = 0; k < m->nsources; k++) {
        m->source_records[k] = c[k][0];
        m->source_id[k] = (int)c[k][1];
    }
    free(c);
}

int link_source_slot(const link_model *m, int source_id)
{
    for (int k = 0; k < m->nsources; k++)
        if (m->source_id[k] == source_id)
            return k;
    return -1;
}

uint8_t *link_record_slots(const link_model *m, const ldata *d)
{
    uint8_t *slot = xmalloc(d->n ? d->n : 1);
    int last_id = 0, last = -1;
    for (size_t i = 0; i < d->n; i++) {
        if (i == 0 || d->r[i].source != last_id) {
            last_id = d->r[i].source;
            last = link_source_slot(m, last_id);
        }
        slot[i] = last < 0 ? LINK_NO_SLOT : (uint8_t)last;
    }
    return slot;
}

/* Histograms of pair weights: [0] every pair; [1 + a * ns + b], a <= b,
 * the pairs of the sources in slots a and b (made when first needed). */
static double **hists_new(int ns)
{
    double **hist = xcalloc(1 + (size_t)ns * (size_t)ns, sizeof *hist);
    hist[0] = xcalloc(WBINS, sizeof **hist);
    return hist;
}

/* Adds n pairs of slots a and b (LINK_NO_SLOT: a source without one) in
 * bin. */
static void hists_add(double **hist, int ns, int a, int b, int bin, double n)
{
    hist[0][bin] += n;
    if (a >= ns || b >= ns)
        return;
    size_t x = 1 + (size_t)(a < b ? a : b) * (size_t)ns + (size_t)(a < b ? b : a);
    if (!hist[x])
        hist[x] = xcalloc(WBINS, sizeof **hist);
    hist[x][bin] += n;
}

typedef struct rates_ctx {
    const link_model *m;
    link_weights wt;
    const ldata *d;
    const lpairs *p;
    const uint8_t *slot;
    float *weight;                   /* each pair's, or NULL */
    double **hist[LINK_MAX_THREADS]; /* one set per slice */
} rates_ctx;

static void rates_slice(void *arg, size_t lo, size_t hi, int t)
{
    rates_ctx *c = arg;
    const ldata *d = c->d;
    c->hist[t] = hists_new(c->m->nsources);
    for (size_t k = lo; k < hi; k++) {
        const lpair *pp = &c->p->p[k];
        if (k + RATES_AHEAD < hi) {
            const lpair *ahead = &c->p->p[k + RATES_AHEAD];
            link_prefetch_rec(&d->r[ahead->i]);
            link_prefetch_rec(&d->r[ahead->j]);
        }
        double w = link_pair_weight(c->m, &c->wt, d, &d->r[pp->i], &d->r[pp->j],
                                    c->p->pats[pp->pat]);
        if (c->weight)
            c->weight[k] = (float)w;
        int b = weight_bin(w);
        hists_add(c->hist[t], c->m->nsources, c->slot[pp->i], c->slot[pp->j], b, 1);
    }
}

void link_model_rates(link_model *m, const ldata *d, const lpairs *p, float *weight)
{
    model_sources(m, d);
    uint8_t *slot = link_record_slots(m, d);
    rates_ctx c = {.m = m, .d = d, .p = p, .slot = slot, .weight = weight};
    link_weight_table(m, &c.wt);
    int nt = link_parallel(p->n, rates_slice, &c);
    /* the slices' histograms summed into the first's */
    size_t nh = 1 + (size_t)m->nsources * (size_t)m->nsources;
    for (int t = 1; t < nt; t++) {
        for (size_t x = 0; x < nh; x++) {
            if (!c.hist[t][x])
                continue;
            if (!c.hist[0][x])
                c.hist[0][x] = xcalloc(WBINS, sizeof **c.hist[0]);
            for (int b = 0; b < WBINS; b++)
                c.hist[0][x][b] += c.hist[t][x][b];
            free(c.hist[t][x]);
        }
        free(c.hist[t]);
    }
    free(slot);
    rates_from_hists(m, d, c.hist[0]);
}

/* lambda and the rate of each pair of sources from the histograms (freed). */
static void rates_from_hists(link_model *m, const ldata *d, double **hist)
{
    int ns = m->nsources;
    double all = (double)d->n * ((double)d->n - 1) / 2;
    double start = all > 0 ? fmin(0.5, fmax(FLOOR * FLOOR, (double)d->n / all)) : 0.5;
    m->lambda = rate_fixed_point(hist[0], all, 0, 0.5, start);
    /* A pair of sources is drawn towards the overall rate by pseudo-pairs
     * worth ten matches: a pair of large lists says its own rate, a pair
     * of small ones keeps the overall. */
    double pseudo = 10 / m->lambda;
    for (int a = 0; a < ns; a++)
        for (int b = a; b < ns; b++) {
            double na = (double)m->source_records[a], nb = (double)m->source_records[b];
            double pairs = a == b ? na * (na - 1) / 2 : na * nb;
            const double *h = hist[1 + (size_t)a * (size_t)ns + (size_t)b];
            double l = h ? rate_fixed_point(h, pairs, pseudo, m->lambda, m->lambda)
                         : (pseudo * m->lambda) / (pairs + pseudo);
            m->source_lambda[a][b] = m->source_lambda[b][a] = l;
        }
    for (size_t x = 0; x < 1 + (size_t)ns * (size_t)ns; x++)
        free(hist[x]);
    free(hist);
}

double link_pair_prior(const link_model *m, int slot_a, int slot_b)
{
    double l = m->lambda;
    if (slot_a >= 0 && slot_a < m->nsources && slot_b >= 0 && slot_b < m->nsources)
        l = m->source_lambda[slot_a][slot_b];
    return log2(l / (1 - l));
}

/* log2 of the share of records with the value (hash h, salted) of kind k
 * that a and b agree on: a's from its cache, else b's when it is the same
 * value, else from the table (a query's values are not cached). */
static bool value_lg(const ldata *d, const lrec *a, const lrec *b, uint32_t ha, uint32_t hb,
                     uint32_t salt, int k, double *lg)
{
    if (a->tf[k] <= 0) {
        *lg = a->tf[k];
        return true;
    }
    if (ha == hb && b->tf[k] <= 0) {
        *lg = b->tf[k];
        return true;
    }
    return ha && link_tf_log2(d, ha ^ salt, lg);
}

/* The log2 frequency that adjusts an exact agreement (false: none): the
 * value's, or of all given names alike with one slip, the commoner's.
 * All the given names agree (5) against a family's description when the
 * list's begin with hers: by the first name's frequency when she gives
 * only that one ("Juan" fits every Juan), by all of hers when she gives
 * more ("Juan Carlos" fits the Juan Carlos only; by Juan's alone it
 * weighed less than a Juan Carlos against a list's bare "Juan"). */
static bool tf_lg(const ldata *d, const lrec *a, const lrec *b, link_field f, int level,
                  double *lg)
{
    switch (f) {
    case LF_GIVEN:
        if (level == 5 && a->gh && (!d->family_query || a->grest)) {
            if (a->gh == b->gh || !b->gh)
                return value_lg(d, a, b, a->gh, b->gh, LINK_GIVEN_ALL_SALT, LINK_TF_GIVEN_ALL, lg);
            double la, lb;
            bool ka = value_lg(d, a, a, a->gh, a->gh, LINK_GIVEN_ALL_SALT, LINK_TF_GIVEN_ALL, &la);
            bool kb = value_lg(d, b, b, b->gh, b->gh, LINK_GIVEN_ALL_SALT, LINK_TF_GIVEN_ALL, &lb);
            if (kb && (!ka || lb > la))
                la = lb;
            *lg = la;
            return ka || kb;
        }
        return level >= 3 && a->g1h && a->g1h == b->g1h &&
               value_lg(d, a, b, a->g1h, b->g1h, LINK_GIVEN_SALT, LINK_TF_GIVEN1, lg);
    case LF_SURNAME1:
        if (level != 5)
            return false;
        if (a->s1h != b->s1h) { /* equal only as swapped or shifted: the commonest surname */
            double best = 1, x;
            const uint32_t hs[4] = {a->s1h, a->s2h, b->s1h, b->s2h};
            for (int k = 0; k < 4; k++)
                if (hs[k] && link_tf_log2(d, hs[k], &x) && (best > 0 || x > best))
                    best = x;
            *lg = best;
            return best <= 0;
        }
        return value_lg(d, a, b, a->s1h, b->s1h, 0, LINK_TF_S1, lg);
    case LF_SURNAME2:
        return level == 4 && value_lg(d, a, b, a->s2h, b->s2h, 0, LINK_TF_S2, lg);
    case LF_FACILITY:
        return level == 3 && a->fach &&
               value_lg(d, a, b, a->fach, b->fach, LINK_FACILITY_SALT, LINK_TF_FACILITY, lg);
    case LF_RESIDENCE:
        return level == 2 && a->resh &&
               value_lg(d, a, b, a->resh, b->resh, LINK_RESIDENCE_SALT, LINK_TF_RESIDENCE, lg);
    case LF_PLACE: /* the town they share, by its share of the residences: a
                      town of arrest meeting a home in Jocoro says more than in San
                      Salvador (1M: P 0.98027 -> 0.98033, R 0.96508 -> 0.96513) */
        if (level != 2)
            return false;
        {
            const uint32_t pa[2] = {a->resh, a->arrh}, pb[2] = {b->resh, b->arrh};
            for (int x = 0; x < 2; x++)
                for (int y = 0; y < 2; y++)
                    if (pa[x] && pa[x] == pb[y])
                        return link_tf_log2(d, pa[x] ^ LINK_RESIDENCE_SALT, lg);
        }
        return false;
    case LF_ARREST: /* the same month, or within three days: by a's month */
        return (level == 2 || level == 3) && link_arrest_month_key(a) &&
               value_lg(d, a, b, link_arrest_month_key(a), link_arrest_month_key(b), 0,
                        LINK_TF_ARREST, lg);
    default: return false;
    }
}

static double tf_level_share(const link_model *m, link_field f, int level);

/* A surname a slip or two from a common one ("Hvrnandez" for Hernández)
 * is no more evidence than that surname agreeing exactly: the slip
 * levels' weights are learned over all surnames, most of them far rarer
 * than Hernández, and at a million records one slip of Hernández (+5.4)
 * outweighed Hernández itself (+3.5).  The same for a first given name
 * one slip from a common one: "Jaun" for Juan weighed +5.0 flat, Juan
 * itself +1.2 to +5.3.  So a slip level weighs at most the exact level's
 * weight for the commoner of the two names (false: not a slip level, or
 * neither name's frequency known).  The given names' cap, at 1M: trace
 * top-3 (seeds 1/2/3) 0.9485/0.9290/0.9330 -> 0.9485/0.9305/0.9340;
 * linkage P 0.9782 -> 0.9790, R 0.9583 -> 0.9574, F1 unchanged. */
static bool slip_cap(const link_model *m, const ldata *d, const lrec *a, const lrec *b,
                     link_field f, int level, double *cap)
{
    int exact, kind;
    uint32_t ha, hb, salt = 0;
    if (f == LF_GIVEN && level == 2) {
        /* first given names alike, the later ones not different: as the
         * first equal, with the later both given (5) or one's missing (4) */
        exact = a->grest && b->grest ? 5 : 4;
        kind = LINK_TF_GIVEN1, ha = a->g1h, hb = b->g1h, salt = LINK_GIVEN_SALT;
    } else if (f == LF_SURNAME1 && (level == 2 || level == 6)) {
        exact = 5, kind = LINK_TF_S1, ha = a->s1h, hb = b->s1h;
    } else if (f == LF_SURNAME2 && (level == 2 || level == 5)) {
        exact = 4, kind = LINK_TF_S2, ha = a->s2h, hb = b->s2h;
    } else {
        return false;
    }
    double la = 1, lb = 1;
    bool ka = ha && value_lg(d, a, a, ha, ha, salt, kind, &la);
    bool kb = hb && value_lg(d, b, b, hb, hb, salt, kind, &lb);
    if (!ka && !kb)
        return false;
    double lg = !ka ? lb : !kb ? la : la > lb ? la : lb;
    /* as tf_lg's weight of the exact level */
    *cap = log2(m->m[f][exact]) - tf_level_share(m, f, exact) - lg;
    return true;
}

/* log2 of the share, among random pairs whose first given names agree,
 * of those at this level: "first given name equal, a later one
 * different" (3) and "first equal, the other has no more" (4) are two of
 * the three ways a first given name agrees (with "all equal", 5).  The
 * chance that two strangers named José meet at level 4 is José's share
 * times this share, not José's share alone, which made a José agreeing
 * count about a bit less than it should (1.3 bits at level 4, 2.1 at 3,
 * measured at 200k).  0 for every other level. */
static double tf_level_share(const link_model *m, link_field f, int level)
{
    if (f == LF_ARREST && (level == 2 || level == 3)) {
        /* the same month, and within three days: two ways to agree on a month */
        double all = m->u[f][2] + m->u[f][3];
        return all > 0 && m->u[f][level] > 0 ? log2(m->u[f][level] / all) : 0;
    }
    if (f != LF_GIVEN || (level != 3 && level != 4))
        return 0;
    double all = m->u[f][3] + m->u[f][4] + m->u[f][5];
    return all > 0 && m->u[f][level] > 0 ? log2(m->u[f][level] / all) : 0;
}

/* What a court's order says, by the month of its hearing: a hearing is
 * held while the man is held, so one before the other record's arrest
 * is another man (level 1); but a hearing of May 2022 comes before most
 * arrests picked at random, one of 2025 before almost none, so that
 * level, and its complement (every other level, which are all heard
 * after the arrest or undated), say more or less by the month.  log2 of
 * the chance on average over the hearings against this hearing's, when
 * the other record gives its arrest to the month; else 0. */
static double court_month_bits(const ldata *d, const lrec *a, const lrec *b, int level)
{
    if (!d->court_known || level < 1)
        return 0;
    const lrec *c = a->order ? a : b, *o = c == a ? b : a;
    int arrest = link_month_index(o->ay, o->am, o->aprec);
    int h = link_month_index(c->hy, c->hm, c->hprec);
    if (!c->order || arrest < 0 || h < 0)
        return 0;
    if (level == 1 && h >= arrest)
        return 0; /* heard after the death, not before the arrest */
    const double least = 1e-4;
    double before = d->arrest_after[h], mean = d->heard_before_mean;
    return level == 1 ? log2(fmax(mean, least) / fmax(before, least))
                      : log2(fmax(1 - mean, least) / fmax(1 - before, least));
}

/* What a level of admission says, by the month of the arrest: a random
 * register's admission is within a month of an arrest of April 2022 far
 * more often than of one of October 2024 (a seventh of all admissions
 * fell then), and long after an arrest of 2022 far more often than after
 * one of 2025.  log2 of the level's chance on average over the arrests
 * against its chance for this arrest's month (link_admission_chances), when
 * one record gives the arrest and the other the admission; else 0. */
static double admission_month_bits(const ldata *d, const lrec *a, const lrec *b, int level)
{
    if (!d->adm_known || level < 1 || level > 3)
        return 0;
    const lrec *adm = link_admitting(a, b), *arr = adm == a ? b : a;
    int v = adm ? link_month_index(arr->ay, arr->am, arr->aprec) : -1;
    if (v < 0)
        return 0;
    double u[4];
    link_admission_chances(d, v, u);
    const double least = 1e-4; /* no level is impossible by chance */
    return log2(fmax(d->adm_u_mean[level], least) / fmax(u[level], least));
}

/* Two births that agree (any level from "within a year" up), by the year:
 * most of those held were born around 2000, and two records agreeing on
 * 2001 are likelier by chance than two agreeing on 1965.  The year of the
 * record with a birth date (a's first); of neither, the latest an age
 * allows.  The same year, month or day: log2 of the usual year's share
 * (ldata.birth_expect) over this year's.  Within a year, or an age: a year
 * known loosely, so the share of the three years around it, and half
 * the adjustment (as a fuzzy level's frequency is often weighed in
 * part).  1M, the fuzzy levels in full: precision 0.98036 -> 0.98000,
 * recall 0.96442 -> 0.96522; half: 0.98027, 0.96508.  0 when not
 * known. */
static double birth_year_bits(const ldata *d, const lrec *a, const lrec *b, int level)
{
    if (level < 2 || d->birth_expect <= 0)
        return 0;
    const lrec *x = a->by ? a : b->by ? b : a;
    int k = (x->by ? x->by : x->bhi) - LINK_BIRTH_YEAR0;
    if (k < 1 || k + 1 >= LINK_BIRTH_YEARS)
        return 0;
    bool exact = level == 3 || level == 4 || level == 5;
    double share = exact ? d->birth_share[k]
                         : (d->birth_share[k - 1] + d->birth_share[k] + d->birth_share[k + 1]) / 3;
    if (share <= 0)
        return 0;
    double bits = log2(d->birth_expect / share);
    return exact ? bits : bits / 2;
}

/* A field's weight at a level (not 0) for the pair a, b: by the value's
 * frequency when tf_lg has one (log2m less its log2 share), else the
 * flat log2(m/u), held to slip_cap's; the facilities' own bits added to
 * the facility's "different" levels and the admission's.  *basis says
 * which.  The one rule for a pair's score (link_pair_weight, from the
 * table) and its explanation (link_field_weight), so that the two never
 * disagree. */
static double weigh_field(const link_model *m, const ldata *d, const lrec *a, const lrec *b,
                          link_field f, int level, double flat, double log2m, link_basis *basis)
{
    double lg, cap, bits;
    *basis = LINK_BASIS_LEVEL;
    if (f == LF_FACILITY && (level == 1 || level == 2)) {
        bits = link_facility_bits(m, a->fach, b->fach);
        *basis = bits != 0 ? LINK_BASIS_FACILITIES : LINK_BASIS_LEVEL;
        return flat + bits;
    }
    if (f == LF_ADMISSION) {
        bits = link_admission_bits(m, a, b, level);
        *basis = bits != 0 ? LINK_BASIS_ADMISSIONS : LINK_BASIS_LEVEL;
        double month = admission_month_bits(d, a, b, level);
        if (month != 0)
            *basis = LINK_BASIS_MONTH;
        return flat + bits + month;
    }
    if (f == LF_COURT) {
        bits = court_month_bits(d, a, b, level);
        *basis = bits != 0 ? LINK_BASIS_MONTH : LINK_BASIS_LEVEL;
        return flat + bits;
    }
    if (f == LF_BIRTH) {
        bits = birth_year_bits(d, a, b, level);
        *basis = bits != 0 ? LINK_BASIS_FREQUENCY : LINK_BASIS_LEVEL;
        return flat + bits;
    }
    if (tf_lg(d, a, b, f, level, &lg)) {
        *basis = LINK_BASIS_FREQUENCY;
        return log2m - lg;
    }
    if (slip_cap(m, d, a, b, f, level, &cap) && cap < flat) {
        *basis = LINK_BASIS_SLIP_CAP;
        return cap;
    }
    return flat;
}

double link_field_weight_basis(const link_model *m, const ldata *d, const lrec *a,
                               const lrec *b, link_field f, int level, link_basis *basis,
                               double *level_weight)
{
    *basis = LINK_BASIS_LEVEL;
    *level_weight = 0;
    if (level == 0)
        return 0;
    *level_weight = log2(m->m[f][level] / m->u[f][level]);
    return weigh_field(m, d, a, b, f, level, *level_weight,
                       log2(m->m[f][level]) - tf_level_share(m, f, level), basis);
}

const char *link_basis_name(link_basis b)
{
    switch (b) {
    case LINK_BASIS_FREQUENCY: return "value_frequency";
    case LINK_BASIS_SLIP_CAP: return "slip_cap";
    case LINK_BASIS_FACILITIES: return "facility_pair";
    case LINK_BASIS_ADMISSIONS: return "facility_admissions";
    case LINK_BASIS_MONTH: return "month";
    default: return "level";
    }
}

void link_weight_table(const link_model *m, link_weights *t)
{
    for (int f = 0; f < LF_COUNT; f++)
        for (int l = 0; l < LINK_MAX_LEVELS; l++) {
            t->w[f][l] = l == 0 ? 0 : log2(m->m[f][l] / m->u[f][l]);
            t->log2m[f][l] = l == 0 ? 0 : log2(m->m[f][l]) - tf_level_share(m, f, l);
        }
}

/* The fields weigh_field may adjust, as bits: it runs for every field of
 * every pair weighed, and most fields have no frequency to look up. */
#define TF_FIELDS                                                                              \
    ((1u << LF_GIVEN) | (1u << LF_SURNAME1) | (1u << LF_SURNAME2) | (1u << LF_FACILITY) |      \
     (1u << LF_RESIDENCE) | (1u << LF_ADMISSION) | (1u << LF_ARREST) | (1u << LF_BIRTH) |      \
     (1u << LF_PLACE) | (1u << LF_COURT))

double link_field_weight(const link_model *m, const link_weights *t, const ldata *d,
                         const lrec *a, const lrec *b, link_field f, int level)
{
    if (level == 0)
        return 0;
    link_basis basis;
    return ((TF_FIELDS >> f) & 1) ? weigh_field(m, d, a, b, f, level, t->w[f][level],
                                                t->log2m[f][level], &basis)
                                  : t->w[f][level];
}

double link_pair_weight(const link_model *m, const link_weights *t, const ldata *d,
                        const lrec *a, const lrec *b, link_pattern pat)
{
    double w = 0;
    for (int f = 0; f < LF_COUNT; f++)
        w += link_field_weight(m, t, d, a, b, (link_field)f, link_level(pat, (link_field)f));
    return w;
}

double link_score(const lscore *sc, const ldata *d, uint32_t i, uint32_t j)
{
    const lrec *a = &d->r[i], *b = &d->r[j];
    return link_pair_prior(sc->m, sc->slot[i], sc->slot[j]) +
           link_pair_weight(sc->m, sc->wt, d, a, b, link_compare(d, a, b));
}

double link_prior_weight(const link_model *m)
{
    return log2(m->lambda / (1 - m->lambda));
}

double link_odds(double weight)
{
    return exp2(weight > 60 ? 60 : weight < -60 ? -60 : weight);
}

double link_probability(double weight)
{
    if (weight > 60)
        return 1.0;
    if (weight < -60)
        return 0.0;
    double x = exp2(weight);
    return x / (1 + x);
}
