/*
 * stats — how many events no list reports (multiple systems estimation),
 * and the descriptive counts an analyst publishes.
 *
 * Input is a capture-history table: k lists, and for each of the 2^k - 1
 * non-empty patterns of "on list j or not" the number of events (persons)
 * with that pattern.  The empty pattern is what nobody saw; estimating it
 * is the whole point.  A table is read from a CSV file or built from the
 * linked database (each person counts once, with the set of lists that
 * mention the event).
 *
 * Two methods, side by side, because they fail differently:
 *  - log-linear models (loglinear.c): Poisson GLMs with main effects and
 *    every hierarchical choice of interactions, ranked by AIC and BIC,
 *    with profile-likelihood and Wald intervals and a model average;
 *  - the Bayesian latent-class model (lcmcr.c, after Manrique-Vallier
 *    2016): capture heterogeneity as a Dirichlet-process mixture of
 *    independent lists, sampled by Gibbs.
 *
 * Ownership: tables and results are filled by the functions named below
 * and released with their _free function.
 */
#ifndef HABEAS_STATS_H
#define HABEAS_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/util.h"

#define STATS_MAX_LISTS 10
#define STATS_MAX_CLASSES 100 /* latent classes (K) of the LCMCR sampler */

/* ---- capture-history tables (table.c) ---- */
typedef struct stats_table {
    int k;                           /* lists, 2..STATS_MAX_LISTS */
    char *names[STATS_MAX_LISTS];    /* list names, owned */
    double *count;                   /* 2^k cells: bit j of the index = on list j;
                                        count[0] (seen by nobody) is unknown, kept 0 */
    long observed;                   /* sum of the counts */
} stats_table;

/* An empty table of k lists named names[0..k-1]. */
int stats_table_init(stats_table *t, int k, char *const *names, herr *e);
void stats_table_free(stats_table *t);

/* Reads a CSV with one 0/1 column per list and a last column named
 * count, freq or n: one row per observed pattern.  Errors name the file,
 * line and column: a value that is not 0/1, a negative or non-integer
 * count, a pattern given twice, the all-zero pattern, fewer than 2 lists. */
int stats_table_read(const char *path, stats_table *t, herr *e);

/* Tables built from the database for one kind of event ("death"), from the
 * last link run.  lists: comma-separated source names, or NULL for every
 * source that mentions such an event.  stratum: NULL, "facility",
 * "department" or "year"; one table per stratum value (label "all" when
 * NULL).  Persons whose stratum is unknown form the stratum "unknown". */
typedef struct stats_stratum {
    char *label;
    stats_table table;
} stats_stratum;
int stats_tables_from_db(store *s, const char *event, const char *lists, const char *stratum,
                         stats_stratum **out, size_t *n, herr *e);
void stats_strata_free(stats_stratum *v, size_t n);

/* ---- log-linear models (loglinear.c) ---- */
#define STATS_MAX_TERMS 64

typedef struct stats_llm {
    int n_terms;                     /* interactions beyond the main effects */
    uint32_t terms[STATS_MAX_TERMS]; /* each a set of lists (bit mask), 2 or 3 lists */
    char label[512];                 /* "[12][3]..." in list numbers, or "independence" */
    int params;                      /* intercept + k main effects + interactions */
    double deviance, df, loglik, aic, bic;
    double unseen, estimate;         /* the empty cell, and observed + unseen */
    double se, wald_lo, wald_hi;     /* Wald interval on the total */
    double ci_lo, ci_hi;             /* profile-likelihood interval on the total */
    bool has_profile;                /* ci_lo/hi computed (the best models) */
    bool boundary;                   /* the MLE is on the boundary or does not exist */
    char note[200];                  /* why, when boundary */
    double weight;                   /* AIC weight in the model average (0 if excluded) */
} stats_llm;

typedef struct stats_ll_opts {
    double level;        /* confidence level, default 0.95 */
    int max_order;       /* 2 or 3: highest interaction (3 only where k <= 4) */
    double avg_delta;    /* models within this AIC of the best are averaged (default 10) */
    int profile_top;     /* profile intervals for the best N models by AIC (default 20) */
} stats_ll_opts;

void stats_ll_opts_default(stats_ll_opts *o);

typedef struct stats_ll_result {
    stats_llm *models;   /* sorted by AIC, best first */
    size_t n;
    bool stepwise;       /* too many lists for every model: forward selection */
    double avg_estimate, avg_se, avg_lo, avg_hi; /* AIC-weighted average, Wald on it */
    int avg_models;
} stats_ll_result;

int stats_loglinear(const stats_table *t, const stats_ll_opts *o, stats_ll_result *r, herr *e);
/* Fits one model (terms as in stats_llm); fills m, profile interval too. */
int stats_loglinear_fit(const stats_table *t, const uint32_t *terms, int n_terms,
                        double level, stats_llm *m, herr *e);
void stats_ll_result_free(stats_ll_result *r);

/* ---- the latent-class model (lcmcr.c) ---- */
typedef struct stats_lcmcr_opts {
    int K;               /* latent classes (truncation of the DP), default 10 */
    double a_alpha, b_alpha; /* Gamma prior on the DP concentration, default 0.25, 0.25 */
    long burnin;         /* iterations discarded, default 10000 */
    long samples;        /* draws kept, default 1000 */
    long thin;           /* iterations between kept draws, default 10 */
    uint64_t seed;       /* default 1 */
    double level;        /* credible level, default 0.95 */
} stats_lcmcr_opts;

void stats_lcmcr_opts_default(stats_lcmcr_opts *o);

typedef struct stats_lcmcr_result {
    double median, mean, lo, hi;  /* posterior of the total */
    double ess;                   /* effective sample size of the total's draws */
    long iterations;
    double *draws;                /* samples totals, owned */
    long n_draws;
} stats_lcmcr_result;

int stats_lcmcr(const stats_table *t, const stats_lcmcr_opts *o, stats_lcmcr_result *r, herr *e);
void stats_lcmcr_result_free(stats_lcmcr_result *r);

/* Effective sample size of a chain (Geyer's initial positive sequence). */
double stats_ess(const double *x, long n);

/* ---- descriptive statistics (describe.c) ---- */
/* Counts of persons (last link run) by one dimension: "status",
 * "facility", "department", "month" (of arrest), "vulnerability"; plus, for
 * "facility", deaths per facility, and for "status", the days held without a
 * hearing.  Cells below min_cell are suppressed ("<min_cell"), and so are
 * totals that would let a suppressed cell be recovered.  JSON object. */
struct json_t;
int stats_describe(store *s, const char *by, long min_cell, struct json_t **out, herr *e);

#endif
