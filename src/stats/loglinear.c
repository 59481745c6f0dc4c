/*
 * loglinear.c — log-linear models of a capture-history table.
 *
 * Each model says which lists depend on each other: main effects for
 * every list, plus a set of interactions (pairs, and triples where the
 * lists allow).  It is fitted as a Poisson GLM with a log link to the
 * observed cells by iteratively reweighted least squares (GSL Cholesky).
 * With 0/1 coding the empty cell's design row is the intercept alone, so
 * the unseen count is exp(intercept): the model's extrapolation into the
 * cell nobody can observe.
 *
 * Which models: every hierarchical model up to two-way interactions (for
 * up to 5 lists; 1,024 models at 5), and for 4 lists also three-way terms
 * whose pairs are all present; beyond 5 lists, forward selection of pairs
 * by AIC (stated in the result).  AIC and BIC use the Poisson likelihood of
 * the observed cells; BIC's n is the number observed.
 *
 * Intervals.  Wald: total ± z·se with se² = n0²·var(intercept) + n0
 * (the delta method plus the multinomial part, as Rcapture reports).
 * Profile likelihood (Cormack 1992): for a candidate total N the empty
 * cell holds N − n; the model fitted to the full table gives the
 * multinomial log-likelihood ℓ(N) = log N!/(N−n)! + Σ y log(μ/N); the
 * interval is where 2(ℓmax − ℓ(N)) stays below the χ²₁ quantile.
 *
 * Boundary.  When a parameter runs off to infinity (a zero cell that an
 * interaction fits exactly), IRLS never settles: the maximum-likelihood
 * estimate does not exist or sits on the boundary.  Such a model is
 * reported with a note, ranked, but never used in the average.  A design
 * that cannot be inverted is reported the same way.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define IRLS_MAX_ITER 60
#define BETA_DIVERGES 25.0

void stats_ll_opts_default(stats_ll_opts *o)
{
    *o = (stats_ll_opts){.level = 0.95, .max_order = 3, .avg_delta = 10.0, .profile_top = 20};
}

/* A design: rows = cells, columns = intercept, main effects, terms. */
typedef struct design {
    int rows, cols;
    unsigned *cell;  /* the cell index of each row */
    double *x;       /* rows x cols, row major */
} design;

static void design_make(design *d, int k, const uint32_t *terms, int n_terms, bool with_empty)
{
    int cells = 1 << k;
    d->rows = with_empty ? cells : cells - 1;
    d->cols = 1 + k + n_terms;
    d->cell = xmalloc((size_t)d->rows * sizeof *d->cell);
    d->x = xmalloc((size_t)d->rows * (size_t)d->cols * sizeof *d->x);
    int r = 0;
    for (int c = with_empty ? 0 : 1; c < cells; c++, r++) {
        double *row = d->x + (size_t)r * (size_t)d->cols;
        d->cell[r] = (unsigned)c;
        row[0] = 1;
        for (int j = 0; j < k; j++)
            row[1 + j] = (c >> j) & 1;
        for (int t = 0; t < n_terms; t++)
            row[1 + k + t] = ((unsigned)c & terms[t]) == terms[t];
    }
}

static void design_free(design *d)
{
    free(d->cell);
    free(d->x);
}

/* Work space for one fit, reused across the profile's many fits. */
typedef struct irls {
    int p;
    gsl_matrix *xtwx;
    gsl_vector *xtwz, *beta;
    double *eta;
} irls;

static void irls_init(irls *w, const design *d)
{
    w->p = d->cols;
    w->xtwx = gsl_matrix_alloc((size_t)d->cols, (size_t)d->cols);
    w->xtwz = gsl_vector_alloc((size_t)d->cols);
    w->beta = gsl_vector_calloc((size_t)d->cols);
    w->eta = xmalloc((size_t)d->rows * sizeof *w->eta);
}

static void irls_free(irls *w)
{
    gsl_matrix_free(w->xtwx);
    gsl_vector_free(w->xtwz);
    gsl_vector_free(w->beta);
    free(w->eta);
}

enum { FIT_OK, FIT_DIVERGES, FIT_SINGULAR };

/* Fits y (one per design row) by IRLS.  warm: start from w->beta.  On
 * FIT_OK, w->xtwx holds the Cholesky factor of the information matrix
 * and w->eta the linear predictor. */
static int irls_fit(irls *w, const design *d, const double *y, bool warm)
{
    int p = d->cols;
    for (int r = 0; r < d->rows; r++) {
        if (warm) {
            const double *row = d->x + (size_t)r * (size_t)p;
            double eta = 0;
            for (int j = 0; j < p; j++)
                eta += row[j] * gsl_vector_get(w->beta, (size_t)j);
            w->eta[r] = eta;
        } else {
            w->eta[r] = log(y[r] + 0.5);
        }
    }
    double dev_old = INFINITY;
    for (int it = 0; it < IRLS_MAX_ITER; it++) {
        gsl_matrix_set_zero(w->xtwx);
        gsl_vector_set_zero(w->xtwz);
        double dev = 0;
        for (int r = 0; r < d->rows; r++) {
            double mu = exp(w->eta[r]);
            double z = w->eta[r] + (y[r] - mu) / mu;
            const double *row = d->x + (size_t)r * (size_t)p;
            for (int a = 0; a < p; a++) {
                if (row[a] == 0)
                    continue;
                double wa = mu * row[a];
                *gsl_vector_ptr(w->xtwz, (size_t)a) += wa * z;
                for (int b = 0; b <= a; b++)
                    if (row[b] != 0)
                        *gsl_matrix_ptr(w->xtwx, (size_t)a, (size_t)b) += wa * row[b];
            }
            if (y[r] > 0)
                dev += 2 * (y[r] * log(y[r] / mu) - (y[r] - mu));
            else
                dev += 2 * mu;
        }
        for (int a = 0; a < p; a++)
            for (int b = 0; b < a; b++)
                gsl_matrix_set(w->xtwx, (size_t)b, (size_t)a,
                               gsl_matrix_get(w->xtwx, (size_t)a, (size_t)b));
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        int bad = gsl_linalg_cholesky_decomp1(w->xtwx);
        if (!bad)
            bad = gsl_linalg_cholesky_solve(w->xtwx, w->xtwz, w->beta);
        gsl_set_error_handler(old);
        if (bad)
            return FIT_SINGULAR;
        for (int j = 0; j < p; j++)
            if (!isfinite(gsl_vector_get(w->beta, (size_t)j)) ||
                fabs(gsl_vector_get(w->beta, (size_t)j)) > BETA_DIVERGES * 4)
                return FIT_DIVERGES;
        for (int r = 0; r < d->rows; r++) {
            const double *row = d->x + (size_t)r * (size_t)p;
            double eta = 0;
            for (int j = 0; j < p; j++)
                eta += row[j] * gsl_vector_get(w->beta, (size_t)j);
            w->eta[r] = eta;
        }
        if (fabs(dev - dev_old) < 1e-10 * (1 + fabs(dev))) {
            /* converged: refresh the factor at the final beta */
            gsl_matrix_set_zero(w->xtwx);
            for (int r = 0; r < d->rows; r++) {
                double mu = exp(w->eta[r]);
                const double *row = d->x + (size_t)r * (size_t)p;
                for (int a = 0; a < p; a++)
                    for (int b = 0; b <= a; b++)
                        *gsl_matrix_ptr(w->xtwx, (size_t)a, (size_t)b) += mu * row[a] * row[b];
            }
            for (int a = 0; a < p; a++)
                for (int b = 0; b < a; b++)
                    gsl_matrix_set(w->xtwx, (size_t)b, (size_t)a,
                                   gsl_matrix_get(w->xtwx, (size_t)a, (size_t)b));
            old = gsl_set_error_handler_off();
            bad = gsl_linalg_cholesky_decomp1(w->xtwx);
            gsl_set_error_handler(old);
            if (bad)
                return FIT_SINGULAR;
            for (int j = 1; j < p; j++)
                if (fabs(gsl_vector_get(w->beta, (size_t)j)) > BETA_DIVERGES)
                    return FIT_DIVERGES;
            return FIT_OK;
        }
        dev_old = dev;
    }
    return FIT_DIVERGES;
}

/* The profile log-likelihood of the total N (constants dropped). */
typedef struct profile {
    const stats_table *t;
    design full;
    irls w;
    double *y;
    bool warm;
} profile;

static double profile_loglik(profile *pr, double N, bool *ok)
{
    double n = (double)pr->t->observed;
    for (int r = 0; r < pr->full.rows; r++)
        pr->y[r] = pr->full.cell[r] == 0 ? N - n : pr->t->count[pr->full.cell[r]];
    int rc = irls_fit(&pr->w, &pr->full, pr->y, pr->warm);
    if (rc != FIT_OK) {
        /* a cold start settles some fits a warm one cannot */
        rc = irls_fit(&pr->w, &pr->full, pr->y, false);
    }
    *ok = rc == FIT_OK;
    pr->warm = *ok;
    double l = lgamma(N + 1) - lgamma(N - n + 1);
    for (int r = 0; r < pr->full.rows; r++)
        if (pr->y[r] > 0)
            l += pr->y[r] * (pr->w.eta[r] - log(N));
    return l;
}

/* The profile interval around the conditional estimate n_hat. */
static void profile_interval(const stats_table *t, const uint32_t *terms, int n_terms,
                             double level, double n_hat, stats_llm *m)
{
    profile pr = {.t = t};
    design_make(&pr.full, t->k, terms, n_terms, true);
    irls_init(&pr.w, &pr.full);
    pr.y = xmalloc((size_t)pr.full.rows * sizeof *pr.y);
    double n = (double)t->observed, crit = gsl_cdf_chisq_Pinv(level, 1);
    bool ok = true, all_ok = true;

    /* the maximum: golden section on [n, 4 n_hat] */
    double a = n + 1e-6, b = fmax(4 * n_hat, n + 10), g = (sqrt(5) - 1) / 2;
    double c = b - g * (b - a), dd = a + g * (b - a);
    double fc = profile_loglik(&pr, c, &ok);
    all_ok &= ok;
    double fd = profile_loglik(&pr, dd, &ok);
    all_ok &= ok;
    for (int it = 0; it < 100 && b - a > 1e-4 * (1 + a); it++) {
        if (fc > fd) {
            b = dd, dd = c, fd = fc;
            c = b - g * (b - a);
            fc = profile_loglik(&pr, c, &ok);
        } else {
            a = c, c = dd, fc = fd;
            dd = a + g * (b - a);
            fd = profile_loglik(&pr, dd, &ok);
        }
        all_ok &= ok;
    }
    double n_max = (a + b) / 2, l_max = profile_loglik(&pr, n_max, &ok);

    /* lower bound: bisection on [n, n_max] */
    double lo = n, hi = n_max;
    if (2 * (l_max - profile_loglik(&pr, n + 1e-9, &ok)) <= crit) {
        m->ci_lo = n;
    } else {
        for (int it = 0; it < 100 && hi - lo > 1e-6 * hi; it++) {
            double mid = (lo + hi) / 2;
            if (2 * (l_max - profile_loglik(&pr, mid, &ok)) > crit)
                lo = mid;
            else
                hi = mid;
            all_ok &= ok;
        }
        m->ci_lo = (lo + hi) / 2;
    }
    /* upper bound: step out, then bisection */
    lo = n_max;
    hi = n_max + fmax(n_max - m->ci_lo, 10);
    while (hi < 1e10 && 2 * (l_max - profile_loglik(&pr, hi, &ok)) <= crit) {
        lo = hi;
        hi = n_max + 2 * (hi - n_max);
    }
    if (hi >= 1e10) {
        m->ci_hi = INFINITY;
    } else {
        for (int it = 0; it < 100 && hi - lo > 1e-6 * hi; it++) {
            double mid = (lo + hi) / 2;
            if (2 * (l_max - profile_loglik(&pr, mid, &ok)) > crit)
                hi = mid;
            else
                lo = mid;
            all_ok &= ok;
        }
        m->ci_hi = (lo + hi) / 2;
    }
    m->has_profile = true;
    if (!all_ok && !m->boundary)
        snprintf(m->note, sizeof m->note,
                 "the profile likelihood could not be fitted everywhere; its interval is approximate");
    free(pr.y);
    irls_free(&pr.w);
    design_free(&pr.full);
}

static void model_label(const stats_table *t, const uint32_t *terms, int n_terms, char *out,
                        size_t size)
{
    if (n_terms == 0) {
        snprintf(out, size, "independence");
        return;
    }
    sbuf b;
    sbuf_init(&b);
    for (int i = 0; i < n_terms; i++) {
        if (i)
            sbuf_adds(&b, " + ");
        bool first = true;
        for (int j = 0; j < t->k; j++)
            if (terms[i] >> j & 1) {
                if (!first)
                    sbuf_addc(&b, '*');
                sbuf_adds(&b, t->names[j]);
                first = false;
            }
    }
    snprintf(out, size, "%s", b.len ? b.data : "");
    sbuf_free(&b);
}

/* Fits one model to the observed cells; profile interval when asked. */
static int fit_model(const stats_table *t, const uint32_t *terms, int n_terms, double level,
                     bool with_profile, stats_llm *m, herr *e)
{
    memset(m, 0, sizeof *m);
    if (n_terms > STATS_MAX_TERMS)
        return herr_set(e, HERR_INPUT, "a model may have at most %d interactions", STATS_MAX_TERMS);
    m->n_terms = n_terms;
    if (n_terms > 0)
        memcpy(m->terms, terms, (size_t)n_terms * sizeof *terms);
    model_label(t, terms, n_terms, m->label, sizeof m->label);
    design d;
    design_make(&d, t->k, terms, n_terms, false);
    m->params = d.cols;
    m->df = d.rows - d.cols;
    double *y = xmalloc((size_t)d.rows * sizeof *y);
    for (int r = 0; r < d.rows; r++)
        y[r] = t->count[d.cell[r]];
    irls w;
    irls_init(&w, &d);
    double n = (double)t->observed;
    int rc = d.cols > d.rows ? FIT_SINGULAR : irls_fit(&w, &d, y, false);
    if (rc == FIT_SINGULAR) {
        m->boundary = true;
        snprintf(m->note, sizeof m->note,
                 "not identifiable: the design cannot be inverted (too many terms for the cells)");
        m->estimate = m->unseen = NAN;
        m->aic = m->bic = INFINITY;
    } else {
        double ll = 0, dev = 0;
        for (int r = 0; r < d.rows; r++) {
            double mu = exp(w.eta[r]);
            ll += y[r] * w.eta[r] - mu - lgamma(y[r] + 1);
            dev += y[r] > 0 ? 2 * (y[r] * log(y[r] / mu) - (y[r] - mu)) : 2 * mu;
        }
        m->loglik = ll;
        m->deviance = dev;
        m->aic = -2 * ll + 2 * d.cols;
        m->bic = -2 * ll + d.cols * log(n);
        double b0 = gsl_vector_get(w.beta, 0);
        m->unseen = exp(b0);
        m->estimate = n + m->unseen;
        if (rc == FIT_DIVERGES) {
            m->boundary = true;
            snprintf(m->note, sizeof m->note,
                     "no maximum-likelihood estimate: a parameter diverges (a zero or tiny "
                     "cell fitted exactly); the estimate is on the boundary");
        } else {
            /* var(intercept): the (0,0) element of the inverse information */
            gsl_vector *e0 = gsl_vector_calloc((size_t)d.cols);
            gsl_vector *x = gsl_vector_alloc((size_t)d.cols);
            gsl_vector_set(e0, 0, 1);
            gsl_linalg_cholesky_solve(w.xtwx, e0, x);
            double var0 = gsl_vector_get(x, 0);
            gsl_vector_free(e0);
            gsl_vector_free(x);
            m->se = sqrt(m->unseen * m->unseen * var0 + m->unseen);
            double z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
            m->wald_lo = fmax(n, m->estimate - z * m->se);
            m->wald_hi = m->estimate + z * m->se;
            if (m->unseen > 1e3 * n) {
                m->boundary = true;
                snprintf(m->note, sizeof m->note,
                         "unstable: the unseen count is over 1000 times what was observed");
            }
        }
    }
    irls_free(&w);
    free(y);
    design_free(&d);
    if (with_profile && !m->boundary)
        profile_interval(t, terms, n_terms, level, m->estimate, m);
    return HERR_OK;
}

int stats_loglinear_fit(const stats_table *t, const uint32_t *terms, int n_terms, double level,
                        stats_llm *m, herr *e)
{
    return fit_model(t, terms, n_terms, level, true, m, e);
}

static int by_aic(const void *a, const void *b)
{
    const stats_llm *x = a, *y = b;
    if (x->boundary != y->boundary)
        return x->boundary ? 1 : -1;
    return (x->aic > y->aic) - (x->aic < y->aic);
}

typedef struct model_list {
    stats_llm *v;
    size_t n, cap;
} model_list;

static int add_model(model_list *l, const stats_table *t, const uint32_t *terms, int n_terms,
                     double level, herr *e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    int rc = fit_model(t, terms, n_terms, level, false, &l->v[l->n], e);
    if (rc == HERR_OK)
        l->n++;
    return rc;
}

/* Every hierarchical model: each subset of pairs, and with it each subset
 * of the triples whose three pairs are all in. */
static int enumerate(model_list *l, const stats_table *t, int max_order, double level, herr *e)
{
    int k = t->k;
    uint32_t pairs[64], triples[128];
    int np = 0, nt = 0;
    for (int a = 0; a < k; a++)
        for (int b = a + 1; b < k; b++) {
            pairs[np++] = 1u << a | 1u << b;
            for (int c = b + 1; c < k; c++)
                triples[nt++] = 1u << a | 1u << b | 1u << c;
        }
    if (max_order < 3 || k > 4 || k < 4)
        nt = 0; /* three lists: a triple would leave nothing to estimate from */
    for (uint32_t ps = 0; ps < 1u << np; ps++) {
        uint32_t terms[STATS_MAX_TERMS];
        int n = 0;
        uint32_t allowed = 0;
        for (int i = 0; i < np; i++)
            if (ps >> i & 1)
                terms[n++] = pairs[i];
        int n_pairs = n;
        for (int i = 0; i < nt; i++) {
            bool ok = true;
            for (int j = 0; j < np && ok; j++)
                if ((pairs[j] & triples[i]) == pairs[j] && !(ps >> j & 1))
                    ok = false;
            if (ok)
                allowed |= 1u << i;
        }
        for (uint32_t ts = allowed;; ts = (ts - 1) & allowed) {
            n = n_pairs;
            for (int i = 0; i < nt; i++)
                if (ts >> i & 1)
                    terms[n++] = triples[i];
            int rc = add_model(l, t, terms, n, level, e);
            if (rc != HERR_OK)
                return rc;
            if (ts == 0)
                break;
        }
    }
    return HERR_OK;
}

/* Forward selection of pairs by AIC, from independence. */
static int stepwise(model_list *l, const stats_table *t, double level, herr *e)
{
    uint32_t terms[STATS_MAX_TERMS] = {0};
    int n = 0;
    int rc = add_model(l, t, terms, 0, level, e);
    if (rc != HERR_OK)
        return rc;
    double best_aic = l->v[0].boundary ? INFINITY : l->v[0].aic;
    for (;;) {
        int best = -1;
        uint32_t best_pair = 0;
        for (int a = 0; a < t->k; a++)
            for (int b = a + 1; b < t->k; b++) {
                uint32_t pair = 1u << a | 1u << b;
                bool have = false;
                for (int i = 0; i < n; i++)
                    have |= terms[i] == pair;
                if (have || n + 1 > STATS_MAX_TERMS)
                    continue;
                terms[n] = pair;
                if ((rc = add_model(l, t, terms, n + 1, level, e)) != HERR_OK)
                    return rc;
                stats_llm *m = &l->v[l->n - 1];
                if (!m->boundary && m->aic < best_aic) {
                    best_aic = m->aic;
                    best = (int)l->n - 1;
                    best_pair = pair;
                }
            }
        if (best < 0)
            return HERR_OK;
        terms[n++] = best_pair;
    }
}

int stats_loglinear(const stats_table *t, const stats_ll_opts *o, stats_ll_result *r, herr *e)
{
    memset(r, 0, sizeof *r);
    model_list l = {0};
    int rc;
    if (t->k <= 5) {
        rc = enumerate(&l, t, o->max_order, o->level, e);
    } else {
        r->stepwise = true;
        rc = stepwise(&l, t, o->level, e);
    }
    if (rc != HERR_OK) {
        free(l.v);
        return rc;
    }
    qsort(l.v, l.n, sizeof *l.v, by_aic);
    r->models = l.v;
    r->n = l.n;
    /* profile intervals for the best models */
    for (size_t i = 0; i < l.n && (int)i < o->profile_top; i++)
        if (!l.v[i].boundary)
            profile_interval(t, l.v[i].terms, l.v[i].n_terms, o->level, l.v[i].estimate,
                             &l.v[i]);
    /* the AIC-weighted average over the models near the best */
    if (l.n && !l.v[0].boundary) {
        double best = l.v[0].aic, wsum = 0;
        for (size_t i = 0; i < l.n; i++) {
            stats_llm *m = &l.v[i];
            if (m->boundary || m->aic - best > o->avg_delta)
                continue;
            m->weight = exp(-(m->aic - best) / 2);
            wsum += m->weight;
        }
        double est = 0;
        for (size_t i = 0; i < l.n; i++) {
            l.v[i].weight /= wsum;
            est += l.v[i].weight * (l.v[i].weight > 0 ? l.v[i].estimate : 0);
            r->avg_models += l.v[i].weight > 0;
        }
        double se = 0;
        for (size_t i = 0; i < l.n; i++)
            if (l.v[i].weight > 0)
                se += l.v[i].weight * sqrt(l.v[i].se * l.v[i].se +
                                           (l.v[i].estimate - est) * (l.v[i].estimate - est));
        double z = gsl_cdf_ugaussian_Pinv(0.5 + o->level / 2);
        r->avg_estimate = est;
        r->avg_se = se;
        r->avg_lo = fmax((double)t->observed, est - z * se);
        r->avg_hi = est + z * se;
    }
    return HERR_OK;
}

void stats_ll_result_free(stats_ll_result *r)
{
    free(r->models);
    memset(r, 0, sizeof *r);
}
