/*
 * lcmcr.c — the Bayesian latent-class model of capture (after
 * Manrique-Vallier 2016, "Bayesian population size estimation using
 * Dirichlet process mixtures", Biometrics 72).
 *
 * People differ in how likely lists are to record them (a death in a
 * remote prison reaches no list; one in a city hospital reaches three).
 * The model lets the population be a mixture of K latent classes; within a
 * class the lists are independent, list j recording a member with
 * probability λ[j][k].  Class weights come from a truncated stick-breaking
 * Dirichlet process with concentration α ~ Gamma(a, b), so the data choose
 * how many classes matter.  The prior on the total N is 1/N.
 *
 * Gibbs sampler on the frequency table (never on individuals), each
 * iteration:
 *   1. split each observed cell's count among the classes (multinomial,
 *      by π_k · P(pattern | class k));
 *   2. draw the unseen count n0 ~ NegBin(n, 1 − p0), p0 = P(seen by no list);
 *   3. split n0 among the classes by π_k · P(empty | k);
 *   4. λ[j][k] ~ Beta(1 + members of k on list j, 1 + members not on it);
 *   5. stick-breaking V_k ~ Beta(1 + m_k, α + members of later classes);
 *   6. α ~ Gamma(a + K − 1, b − Σ log(1 − V_k)).
 * π_k · P(pattern | class k) for all 2^k patterns is built in 2^k steps,
 * each from the pattern without its lowest list, so an iteration costs
 * O(2^k · K) plus the multinomial draws.
 *
 * Randomness: xoshiro256** behind GSL's interface, seeded by the caller: the same seed and
 * table give the same draws.
 */
#pragma GCC optimize("O3", "no-math-errno")
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util/rng.h"

/* GSL's distributions drawing from habeas's xoshiro256** (util/rng.h):
 * the same seed gives the same chain on every machine, and it is faster
 * than GSL's generators, which matters in a sampler that draws millions
 * of variates. */
static void xo_set(void *state, unsigned long seed)
{
    rng_seed(state, seed);
}

static unsigned long xo_get(void *state)
{
    return (unsigned long)(rng_next(state) >> 32);
}

static double xo_get_double(void *state)
{
    return rng_unit(state);
}

static const gsl_rng_type xoshiro_type = {"xoshiro256**", 0xffffffffUL, 0, sizeof(rng),
                                          xo_set, xo_get, xo_get_double};

void stats_lcmcr_opts_default(stats_lcmcr_opts *o)
{
    *o = (stats_lcmcr_opts){.K = 10, .a_alpha = 0.25, .b_alpha = 0.25, .burnin = 10000,
                            .samples = 1000, .thin = 10, .seed = 1, .level = 0.95};
}

typedef struct sampler {
    int k, K, cells;
    const double *count;    /* observed counts per cell */
    double n;               /* observed total */
    double *lambda;         /* [j*K + c] */
    double *pi, *v;         /* class weights, sticks */
    double alpha, a, b;
    double *w;              /* [cell*K + c]: π_c · P(pattern | class c) */
    double *prob;           /* K scratch */
    unsigned *alloc;        /* K scratch */
    unsigned *members;      /* K: people in each class (incl. unseen) */
    unsigned *on;           /* [j*K + c]: members of c on list j */
    double n0;
    int *order;             /* classes by weight, heaviest first */
} sampler;

/* w[cell*K + c] = π_c · P(pattern cell | class c), one row per pattern so
 * that a cell's weights are contiguous.  Each row is the row of the
 * pattern without its lowest list times that list's odds. */
static void class_patterns(sampler *s)
{
    int K = s->K;
    double odds[STATS_MAX_LISTS * STATS_MAX_CLASSES];
    for (int c = 0; c < K; c++) {
        double base = s->pi[c];
        for (int j = 0; j < s->k; j++) {
            double l = s->lambda[j * K + c];
            base *= 1 - l;
            odds[j * K + c] = l / (1 - l);
        }
        s->w[c] = base;
    }
    for (int cell = 1; cell < s->cells; cell++) {
        const double *from = s->w + (size_t)(cell & (cell - 1)) * (size_t)K;
        const double *o = odds + __builtin_ctz((unsigned)cell) * K;
        double *to = s->w + (size_t)cell * (size_t)K;
        for (int c = 0; c < K; c++)
            to[c] = from[c] * o[c];
    }
}

#define SMALL_COUNT 8

/* A uniform in [0, 1) straight from the generator, skipping GSL's
 * function pointers (the same value gsl_rng_uniform would give). */
static inline double unif(gsl_rng *r)
{
    return rng_unit(r->state);
}

/* x^n by squaring. */
static inline double pow_uint(double x, unsigned n)
{
    double y = 1;
    for (; n; n >>= 1, x *= x)
        if (n & 1)
            y *= x;
    return y;
}

/* Binomial(n, q).  When the smaller tail's mean is small (the usual case
 * here: the heaviest class takes nearly all of a cell) by inversion,
 * walking the pmf up from 0, inline; else GSL's general method. */
static unsigned binomial(gsl_rng *r, double q, unsigned n)
{
    int flip = q > 0.5;
    double s = flip ? 1 - q : q;
    if (s * (double)n >= 10)
        return gsl_ran_binomial(r, q, n);
    double f = pow_uint(1 - s, n); /* P(X = 0) */
    double odds = s / (1 - s);
    double u = unif(r);
    unsigned x = 0;
    while (u > f && x < n) {
        u -= f;
        f *= odds * (double)(n - x) / (double)(x + 1);
        x++;
    }
    return flip ? n - x : x;
}

/* One categorical draw per unit among the classes other than `skip`
 * (-1: none skipped, `first` tried first), whose weights sum to total. */
static void split_units(gsl_rng *r, int K, unsigned n, const double *p, double total, int first,
                        int skip, unsigned *out)
{
    for (unsigned i = 0; i < n; i++) {
        double u = unif(r) * total;
        double acc = 0;
        int c = first;
        if (first >= 0) {
            acc = p[first];
            if (u < acc) {
                out[first]++;
                continue;
            }
        }
        for (int j = 0; j < K; j++) {
            if (j == first || j == skip)
                continue;
            c = j;
            acc += p[j];
            if (u < acc)
                break;
        }
        out[c]++;
    }
}

/* Splits n among K classes with weights p (not normalised).  The cell's
 * heaviest class usually takes nearly all, so: its share is one binomial
 * draw, and the few units left are split one categorical draw each; only
 * when many are left, conditional binomials taken in `order` (heaviest
 * class first), stopping as soon as nothing is left to split. */
static void split_count(gsl_rng *r, int K, unsigned n, const double *p, double total,
                        const int *order, unsigned *out)
{
    memset(out, 0, (size_t)K * sizeof *out);
    int top = 0;
    for (int c = 1; c < K; c++)
        if (p[c] > p[top])
            top = c;
    if (n <= SMALL_COUNT) {
        split_units(r, K, n, p, total, top, -1, out);
        return;
    }
    double q = p[top] / total;
    unsigned x = q >= 1 ? n : binomial(r, q, n);
    out[top] = x;
    n -= x;
    total -= p[top];
    if (!n)
        return;
    if (total <= 0 || K == 1) { /* rounding: nothing else has weight */
        out[top] += n;
        return;
    }
    if (n <= SMALL_COUNT) {
        split_units(r, K, n, p, total, -1, top, out);
        return;
    }
    int left = K - 1; /* classes not yet drawn */
    for (int i = 0; i < K && n; i++) {
        int c = order[i];
        if (c == top)
            continue;
        if (--left == 0 || total <= 0) {
            out[c] += n;
            break;
        }
        q = p[c] / total;
        x = q >= 1 ? n : q <= 0 ? 0 : binomial(r, q, n);
        out[c] = x;
        n -= x;
        total -= p[c];
    }
}

/* Beta(a, b); Beta(1, b) by inversion, the common case of an empty class. */
static double draw_beta(gsl_rng *r, double a, double b)
{
    if (a == 1 && b == 1)
        return gsl_rng_uniform_pos(r);
    if (a == 1)
        return -expm1(log(gsl_rng_uniform_pos(r)) / b);
    return gsl_ran_beta(r, a, b);
}

static void iterate(sampler *s, gsl_rng *r)
{
    int K = s->K, k = s->k;
    class_patterns(s);
    for (int c = 0; c < K; c++) { /* insertion sort by weight: K is small */
        int i = c;
        for (; i > 0 && s->pi[s->order[i - 1]] < s->pi[c]; i--)
            s->order[i] = s->order[i - 1];
        s->order[i] = c;
    }
    memset(s->members, 0, (size_t)K * sizeof *s->members);
    memset(s->on, 0, (size_t)k * (size_t)K * sizeof *s->on);
    /* 1. observed cells */
    for (int cell = 1; cell < s->cells; cell++) {
        unsigned cnt = (unsigned)s->count[cell];
        if (!cnt)
            continue;
        const double *w = s->w + (size_t)cell * (size_t)K;
        double total = 0;
        for (int c = 0; c < K; c++)
            total += w[c];
        split_count(r, K, cnt, w, total, s->order, s->alloc);
        for (int c = 0; c < K; c++)
            s->members[c] += s->alloc[c];
        for (unsigned bits = (unsigned)cell; bits; bits &= bits - 1) {
            unsigned *on = s->on + __builtin_ctz(bits) * K;
            for (int c = 0; c < K; c++)
                on[c] += s->alloc[c];
        }
    }
    /* 2-3. the unseen count and its classes at once: n0 ~ NegBin(n, 1 - p0)
     * is Poisson(G) with G ~ Gamma(n, p0 / (1 - p0)), and a Poisson count
     * split by class weights is independent Poissons, one per class. */
    const double *empty = s->w; /* π_c · P(empty | c): row 0 */
    double p0 = 0;
    for (int c = 0; c < K; c++)
        p0 += empty[c];
    if (p0 > 1 - 1e-12)
        p0 = 1 - 1e-12;
    double g = gsl_ran_gamma(r, s->n, 1 / (1 - p0));
    s->n0 = 0;
    for (int c = 0; c < K; c++) {
        double mean = g * empty[c];
        unsigned x = mean > 0 ? gsl_ran_poisson(r, mean) : 0;
        s->members[c] += x;
        s->n0 += x;
    }
    /* 4. list probabilities */
    for (int j = 0; j < k; j++)
        for (int c = 0; c < K; c++) {
            double on = s->on[j * K + c];
            double l = draw_beta(r, 1 + on, 1 + (double)s->members[c] - on);
            s->lambda[j * K + c] = l < 1e-10 ? 1e-10 : l > 1 - 1e-10 ? 1 - 1e-10 : l;
        }
    /* 5. sticks and weights */
    double later = 0, rest = 1, sum_log = 0;
    for (int c = K - 1; c >= 0; c--) {
        s->prob[c] = later; /* members of later classes */
        later += s->members[c];
    }
    for (int c = 0; c < K; c++) {
        double v = c == K - 1 ? 1 : draw_beta(r, 1 + (double)s->members[c], s->alpha + s->prob[c]);
        if (c < K - 1) {
            v = v > 1 - 1e-12 ? 1 - 1e-12 : v;
            sum_log += log1p(-v);
        }
        s->v[c] = v;
        s->pi[c] = v * rest;
        rest *= 1 - v;
    }
    /* 6. concentration */
    s->alpha = gsl_ran_gamma(r, s->a + K - 1, 1 / (s->b - sum_log));
    if (s->alpha < 1e-6)
        s->alpha = 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *sorted, long n, double p)
{
    double h = (double)(n - 1) * p;
    long i = (long)floor(h);
    if (i >= n - 1)
        return sorted[n - 1];
    return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
}

double stats_ess(const double *x, long n)
{
    if (n < 4)
        return (double)n;
    double mean = 0;
    for (long i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    double var = 0;
    for (long i = 0; i < n; i++)
        var += (x[i] - mean) * (x[i] - mean);
    var /= (double)n;
    if (var <= 0)
        return (double)n;
    /* Geyer: sum autocorrelations in pairs while the pair sums stay positive */
    double sum = 0;
    for (long lag = 1; lag + 1 < n; lag += 2) {
        double r1 = 0, r2 = 0;
        for (long i = 0; i + lag < n; i++)
            r1 += (x[i] - mean) * (x[i + lag] - mean);
        for (long i = 0; i + lag + 1 < n; i++)
            r2 += (x[i] - mean) * (x[i + lag + 1] - mean);
        r1 /= (double)n * var;
        r2 /= (double)n * var;
        if (r1 + r2 <= 0)
            break;
        sum += r1 + r2;
    }
    double tau = 1 + 2 * sum;
    return (double)n / (tau < 1 ? 1 : tau);
}

int stats_lcmcr(const stats_table *t, const stats_lcmcr_opts *o, stats_lcmcr_result *res, herr *e)
{
    memset(res, 0, sizeof *res);
    if (o->K < 1 || o->K > STATS_MAX_CLASSES)
        return herr_set(e, HERR_INPUT, "lcmcr: K must be 1 to %d, not %d", STATS_MAX_CLASSES, o->K);
    if (o->burnin < 0 || o->samples < 10 || o->thin < 1)
        return herr_set(e, HERR_INPUT,
                        "lcmcr: need burn-in >= 0, samples >= 10 and thinning >= 1");
    if (o->a_alpha <= 0 || o->b_alpha <= 0)
        return herr_set(e, HERR_INPUT, "lcmcr: the Gamma prior's parameters must be positive");
    if (t->observed <= 0)
        return herr_set(e, HERR_INPUT, "lcmcr: the table is empty");
    sampler s = {.k = t->k, .K = o->K, .cells = 1 << t->k, .count = t->count,
                 .n = (double)t->observed, .a = o->a_alpha, .b = o->b_alpha};
    size_t K = (size_t)o->K;
    s.lambda = xmalloc((size_t)t->k * K * sizeof *s.lambda);
    s.on = xmalloc((size_t)t->k * K * sizeof *s.on);
    s.pi = xmalloc(K * sizeof *s.pi);
    s.v = xmalloc(K * sizeof *s.v);
    s.prob = xmalloc(K * sizeof *s.prob);
    s.alloc = xmalloc(K * sizeof *s.alloc);
    s.order = xmalloc(K * sizeof *s.order);
    s.members = xmalloc(K * sizeof *s.members);
    s.w = xmalloc(K * (size_t)s.cells * sizeof *s.w);

    gsl_rng *r = gsl_rng_alloc(&xoshiro_type);
    gsl_rng_set(r, (unsigned long)o->seed);
    /* start: equal weights, list probabilities drawn from the prior */
    s.alpha = 1;
    for (size_t c = 0; c < K; c++)
        s.pi[c] = 1.0 / (double)K;
    for (size_t i = 0; i < (size_t)t->k * K; i++)
        s.lambda[i] = 0.1 + 0.8 * gsl_rng_uniform(r);

    res->n_draws = o->samples;
    res->draws = xmalloc((size_t)o->samples * sizeof *res->draws);
    for (long it = 0; it < o->burnin; it++)
        iterate(&s, r);
    for (long i = 0; i < o->samples; i++) {
        for (long th = 0; th < o->thin; th++)
            iterate(&s, r);
        res->draws[i] = s.n + s.n0;
    }
    res->iterations = o->burnin + o->samples * o->thin;
    gsl_rng_free(r);

    double *sorted = xmalloc((size_t)o->samples * sizeof *sorted);
    memcpy(sorted, res->draws, (size_t)o->samples * sizeof *sorted);
    qsort(sorted, (size_t)o->samples, sizeof *sorted, cmp_double);
    double mean = 0;
    for (long i = 0; i < o->samples; i++)
        mean += sorted[i];
    res->mean = mean / (double)o->samples;
    res->median = quantile(sorted, o->samples, 0.5);
    res->lo = quantile(sorted, o->samples, (1 - o->level) / 2);
    res->hi = quantile(sorted, o->samples, 1 - (1 - o->level) / 2);
    res->ess = stats_ess(res->draws, o->samples);
    free(sorted);
    free(s.lambda);
    free(s.on);
    free(s.pi);
    free(s.v);
    free(s.prob);
    free(s.alloc);
    free(s.order);
    free(s.members);
    free(s.w);
    return HERR_OK;
}

void stats_lcmcr_result_free(stats_lcmcr_result *r)
{
    free(r->draws);
    memset(r, 0, sizeof *r);
}
