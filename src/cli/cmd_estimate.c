/*
 * cmd_estimate.c — `habeas estimate`: how many events no list reports.
 *
 * From a capture-history CSV (--table) or from the linked database
 * (--event death, optionally --lists and --stratum); by log-linear models,
 * the latent-class model, or both side by side (the default).  Every run
 * prints the assumptions the numbers rest on and the warnings that weaken
 * them, because an estimate without them is misread.
 *
 * JSON: with one method, {"observed","lists","method","model","estimate",
 * "ci",...,"models":[...]}; with both, {"observed","lists","results":[one
 * such object per method]}; with --stratum, {"stratum":..,"strata":[{"label",
 * ...}]} holding one of those per stratum.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stats/stats.h"

#define ESTIMATE_USAGE                                                                         \
    "estimate (--table FILE.csv | --event death [--lists A,B,C] [--stratum "                    \
    "facility|department|year]) [--method loglinear|lcmcr] [--json] [options]"

typedef struct est_opts {
    const char *table, *event, *lists, *stratum;
    bool loglinear, lcmcr, json;
    int top;
    stats_ll_opts ll;
    stats_lcmcr_opts lc;
} est_opts;

static void print_help(void)
{
    puts("usage: habeas " ESTIMATE_USAGE "\n\n"
         "Multiple systems estimation: from lists that overlap, how many events\n"
         "(deaths in custody) none of them recorded.\n\n"
         "  --table FILE       a CSV: one 0/1 column per list, then count (one row a pattern)\n"
         "  --event death      build the table from the last link run: each person counts\n"
         "                     once, with the lists (sources) that mention the death\n"
         "  --lists A,B,C      only these sources (default: every source with such events)\n"
         "  --stratum S        one estimate per facility, department or year\n"
         "  --method M         loglinear or lcmcr (default: both, side by side)\n"
         "  --level P          interval level (default 0.95)\n"
         "  --top N            log-linear models to show (default 10)\n"
         "  --max-order 2|3    highest interaction (3 is used with exactly 4 lists)\n"
         "  --K N --a-alpha A --b-alpha B --burnin N --samples N --thin N --seed S\n"
         "                     the latent-class sampler (defaults 10, 0.25, 0.25, 10000,\n"
         "                     1000, 10, 1)\n"
         "  --json             machine-readable output");
}

static bool parse_num(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static int parse(int argc, char **argv, est_opts *o, bool *help, herr *e)
{
    static const struct option opts[] = {
        {"table", required_argument, NULL, 't'},   {"event", required_argument, NULL, 'e'},
        {"lists", required_argument, NULL, 'l'},   {"stratum", required_argument, NULL, 's'},
        {"method", required_argument, NULL, 'm'},  {"json", no_argument, NULL, 'j'},
        {"level", required_argument, NULL, 'L'},   {"top", required_argument, NULL, 'T'},
        {"max-order", required_argument, NULL, 'O'}, {"K", required_argument, NULL, 'K'},
        {"a-alpha", required_argument, NULL, 'a'}, {"b-alpha", required_argument, NULL, 'b'},
        {"burnin", required_argument, NULL, 'B'},  {"samples", required_argument, NULL, 'S'},
        {"thin", required_argument, NULL, 'H'},    {"seed", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->loglinear = o->lcmcr = true;
    o->top = 10;
    stats_ll_opts_default(&o->ll);
    stats_lcmcr_opts_default(&o->lc);
    *help = false;
    int c;
    double v = 0;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        const char *bad = NULL;
        switch (c) {
        case 't': o->table = optarg; break;
        case 'e': o->event = optarg; break;
        case 'l': o->lists = optarg; break;
        case 's': o->stratum = optarg; break;
        case 'j': o->json = true; break;
        case 'h': *help = true; return HERR_OK;
        case 'm':
            if (strcmp(optarg, "loglinear") == 0)
                o->lcmcr = false;
            else if (strcmp(optarg, "lcmcr") == 0)
                o->loglinear = false;
            else if (strcmp(optarg, "both") != 0)
                bad = "--method: expected loglinear, lcmcr or both";
            break;
        case 'L':
            if (!parse_num(optarg, 0.5, 0.999, &v))
                bad = "--level: expected a number between 0.5 and 0.999";
            o->ll.level = o->lc.level = v;
            break;
        case 'T':
            if (!parse_num(optarg, 1, 100000, &v))
                bad = "--top: expected a count";
            o->top = (int)v;
            break;
        case 'O':
            if (!parse_num(optarg, 2, 3, &v))
                bad = "--max-order: expected 2 or 3";
            o->ll.max_order = (int)v;
            break;
        case 'K':
            if (!parse_num(optarg, 1, 100, &v))
                bad = "--K: expected 1 to 100";
            o->lc.K = (int)v;
            break;
        case 'a':
            if (!parse_num(optarg, 1e-6, 1e6, &v))
                bad = "--a-alpha: expected a positive number";
            o->lc.a_alpha = v;
            break;
        case 'b':
            if (!parse_num(optarg, 1e-6, 1e6, &v))
                bad = "--b-alpha: expected a positive number";
            o->lc.b_alpha = v;
            break;
        case 'B':
            if (!parse_num(optarg, 0, 1e9, &v))
                bad = "--burnin: expected a count";
            o->lc.burnin = (long)v;
            break;
        case 'S':
            if (!parse_num(optarg, 10, 1e8, &v))
                bad = "--samples: expected a count of at least 10";
            o->lc.samples = (long)v;
            break;
        case 'H':
            if (!parse_num(optarg, 1, 1e6, &v))
                bad = "--thin: expected a count of at least 1";
            o->lc.thin = (long)v;
            break;
        case 'R':
            if (!parse_num(optarg, 0, 1e18, &v))
                bad = "--seed: expected a whole number";
            o->lc.seed = (uint64_t)v;
            break;
        default: return cli_usage_error(e, "estimate", ESTIMATE_USAGE);
        }
        if (bad)
            return herr_set(e, HERR_INPUT, "estimate: %s, not '%s'", bad, optarg);
    }
    if (optind != argc || (!o->table == !o->event))
        return cli_usage_error(e, "estimate", ESTIMATE_USAGE);
    if (o->table && (o->lists || o->stratum))
        return herr_set(e, HERR_INPUT, "estimate: --lists and --stratum apply to --event, "
                                       "not to --table");
    if (o->event && strcmp(o->event, "death") != 0)
        return herr_set(e, HERR_INPUT, "estimate: --event: only 'death' is supported, not '%s'",
                        o->event);
    if (o->stratum && strcmp(o->stratum, "facility") && strcmp(o->stratum, "department") &&
        strcmp(o->stratum, "year"))
        return herr_set(e, HERR_INPUT,
                        "estimate: --stratum: expected facility, department or year, not '%s'",
                        o->stratum);
    return HERR_OK;
}

static const char *const ASSUMPTIONS[] = {
    "closed population: the events happened in one period, and every list could have "
    "recorded any of them",
    "the lists are linked correctly: a missed link inflates the estimate, a false one "
    "deflates it",
    "log-linear: the dependence between lists is captured by the chosen interactions; the "
    "highest-order interaction is assumed absent",
    "latent class: within each class the lists record independently; classes absorb "
    "differences in how recordable events are",
};

/* Warnings about the table itself. */
static json_t *table_warnings(const stats_table *t)
{
    json_t *w = json_array();
    char msg[256];
    if (t->k < 3)
        json_array_append_new(w, json_string("fewer than 3 lists: dependence between the lists "
                                             "cannot be checked; only independence can be fitted"));
    int cells = (1 << t->k) - 1, sparse = 0;
    for (int c = 1; c <= cells; c++)
        sparse += t->count[c] < 5;
    if (sparse * 2 > cells) {
        snprintf(msg, sizeof msg,
                 "sparse table: %d of %d observed patterns have fewer than 5 events; "
                 "interaction models may sit on the boundary",
                 sparse, cells);
        json_array_append_new(w, json_string(msg));
    }
    if (t->observed < 30) {
        snprintf(msg, sizeof msg,
                 "only %ld events observed: too few for a stable estimate; treat it as a "
                 "rough indication",
                 t->observed);
        json_array_append_new(w, json_string(msg));
    }
    for (int j = 0; j < t->k; j++) {
        double on = 0;
        for (int c = 1; c <= cells; c++)
            if (c >> j & 1)
                on += t->count[c];
        if (on == 0) {
            snprintf(msg, sizeof msg, "list '%s' records none of these events", t->names[j]);
            json_array_append_new(w, json_string(msg));
        }
    }
    return w;
}

static json_t *ci_json(double lo, double hi)
{
    json_t *a = json_array();
    json_array_append_new(a, isfinite(lo) ? json_real(lo) : json_null());
    json_array_append_new(a, isfinite(hi) ? json_real(hi) : json_null());
    return a;
}

static json_t *llm_json(const stats_llm *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "terms", json_string(m->label));
    json_object_set_new(o, "params", json_integer(m->params));
    json_object_set_new(o, "deviance", json_real(m->deviance));
    json_object_set_new(o, "df", json_real(m->df));
    json_object_set_new(o, "aic", isfinite(m->aic) ? json_real(m->aic) : json_null());
    json_object_set_new(o, "bic", isfinite(m->bic) ? json_real(m->bic) : json_null());
    json_object_set_new(o, "estimate", isfinite(m->estimate) ? json_real(m->estimate) : json_null());
    json_object_set_new(o, "unseen", isfinite(m->unseen) ? json_real(m->unseen) : json_null());
    if (m->has_profile)
        json_object_set_new(o, "ci", ci_json(m->ci_lo, m->ci_hi));
    else
        json_object_set_new(o, "ci", json_null());
    json_object_set_new(o, "wald_ci", m->boundary ? json_null() : ci_json(m->wald_lo, m->wald_hi));
    json_object_set_new(o, "se", m->boundary ? json_null() : json_real(m->se));
    json_object_set_new(o, "boundary", json_boolean(m->boundary));
    if (m->note[0])
        json_object_set_new(o, "note", json_string(m->note));
    json_object_set_new(o, "weight", json_real(m->weight));
    return o;
}

static int run_loglinear(const stats_table *t, const est_opts *o, json_t **out, herr *e)
{
    stats_ll_result r;
    int rc = stats_loglinear(t, &o->ll, &r, e);
    if (rc != HERR_OK)
        return rc;
    json_t *res = json_object();
    json_t *warn = json_array();
    json_object_set_new(res, "method", json_string("loglinear"));
    if (r.n && !r.models[0].boundary) {
        const stats_llm *b = &r.models[0];
        json_object_set_new(res, "model", json_string(b->label));
        json_object_set_new(res, "estimate", json_real(b->estimate));
        json_object_set_new(res, "unseen", json_real(b->unseen));
        json_object_set_new(res, "ci", ci_json(b->ci_lo, b->ci_hi));
        json_object_set_new(res, "ci_method", json_string("profile likelihood"));
        json_object_set_new(res, "wald_ci", ci_json(b->wald_lo, b->wald_hi));
        json_t *avg = json_object();
        json_object_set_new(avg, "estimate", json_real(r.avg_estimate));
        json_object_set_new(avg, "ci", ci_json(r.avg_lo, r.avg_hi));
        json_object_set_new(avg, "models", json_integer(r.avg_models));
        json_object_set_new(avg, "rule", json_string("AIC weights over the models within 10 "
                                                     "AIC of the best; Wald interval with "
                                                     "Burnham-Anderson unconditional SE"));
        json_object_set_new(res, "average", avg);
        if (!isfinite(b->ci_hi))
            json_array_append_new(warn, json_string("the best model's profile interval has no "
                                                    "upper bound: the data cannot bound the total"));
    } else {
        json_object_set_new(res, "model", json_null());
        json_object_set_new(res, "estimate", json_null());
        json_object_set_new(res, "ci", json_null());
        json_array_append_new(warn, json_string("no log-linear model has a maximum-likelihood "
                                                "estimate inside the parameter space"));
    }
    long boundary = 0;
    for (size_t i = 0; i < r.n; i++)
        boundary += r.models[i].boundary;
    if (boundary) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%ld of %zu models are on the boundary (no proper maximum-likelihood "
                 "estimate); they are listed, not averaged",
                 boundary, r.n);
        json_array_append_new(warn, json_string(msg));
    }
    if (r.stepwise)
        json_array_append_new(warn, json_string("more than 5 lists: models chosen by forward "
                                                "selection of pairs by AIC, not all fitted"));
    if (t->k == 5 || (t->k == 4 && o->ll.max_order < 3))
        json_array_append_new(warn, json_string("two-way interactions only"));
    json_object_set_new(res, "warnings", warn);
    json_object_set_new(res, "models_fitted", json_integer((json_int_t)r.n));
    json_t *models = json_array();
    for (size_t i = 0; i < r.n && (int)i < o->top; i++)
        json_array_append_new(models, llm_json(&r.models[i]));
    json_object_set_new(res, "models", models);
    stats_ll_result_free(&r);
    *out = res;
    return HERR_OK;
}

static int run_lcmcr(const stats_table *t, const est_opts *o, json_t **out, herr *e)
{
    stats_lcmcr_result r;
    int rc = stats_lcmcr(t, &o->lc, &r, e);
    if (rc != HERR_OK)
        return rc;
    json_t *res = json_object();
    json_object_set_new(res, "method", json_string("lcmcr"));
    char model[160];
    snprintf(model, sizeof model, "latent classes, K=%d, alpha ~ Gamma(%g, %g)", o->lc.K,
             o->lc.a_alpha, o->lc.b_alpha);
    json_object_set_new(res, "model", json_string(model));
    json_object_set_new(res, "estimate", json_real(r.median));
    json_object_set_new(res, "mean", json_real(r.mean));
    json_object_set_new(res, "ci", ci_json(r.lo, r.hi));
    json_object_set_new(res, "ci_method", json_string("posterior quantiles"));
    json_object_set_new(res, "ess", json_real(r.ess));
    json_t *settings = json_object();
    json_object_set_new(settings, "K", json_integer(o->lc.K));
    json_object_set_new(settings, "a_alpha", json_real(o->lc.a_alpha));
    json_object_set_new(settings, "b_alpha", json_real(o->lc.b_alpha));
    json_object_set_new(settings, "burnin", json_integer(o->lc.burnin));
    json_object_set_new(settings, "samples", json_integer(o->lc.samples));
    json_object_set_new(settings, "thin", json_integer(o->lc.thin));
    json_object_set_new(settings, "seed", json_integer((json_int_t)o->lc.seed));
    json_object_set_new(res, "settings", settings);
    json_t *warn = json_array();
    if (r.ess < 100) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "effective sample size of the total is %.0f (< 100): run longer (--samples, "
                 "--thin) before relying on the interval",
                 r.ess);
        json_array_append_new(warn, json_string(msg));
    }
    json_object_set_new(res, "warnings", warn);
    json_object_set_new(res, "models", json_array());
    stats_lcmcr_result_free(&r);
    *out = res;
    return HERR_OK;
}

/* One table's estimate(s) as JSON. */
static int estimate_table(const stats_table *t, const est_opts *o, json_t **out, herr *e)
{
    json_t *lists = json_array();
    for (int j = 0; j < t->k; j++)
        json_array_append_new(lists, json_string(t->names[j]));
    json_t *results = json_array();
    json_t *one;
    int rc = HERR_OK;
    if (o->loglinear && (rc = run_loglinear(t, o, &one, e)) == HERR_OK)
        json_array_append_new(results, one);
    if (rc == HERR_OK && o->lcmcr && (rc = run_lcmcr(t, o, &one, e)) == HERR_OK)
        json_array_append_new(results, one);
    if (rc != HERR_OK) {
        json_decref(lists);
        json_decref(results);
        return rc;
    }
    json_t *common_warn = table_warnings(t);
    json_t *assume = json_array();
    for (size_t i = 0; i < sizeof ASSUMPTIONS / sizeof *ASSUMPTIONS; i++)
        json_array_append_new(assume, json_string(ASSUMPTIONS[i]));
    json_t *res;
    if (json_array_size(results) == 1) {
        res = json_incref(json_array_get(results, 0));
        json_decref(results);
        json_array_extend(common_warn, json_object_get(res, "warnings"));
        json_object_set(res, "warnings", common_warn);
        json_decref(common_warn);
    } else {
        res = json_object();
        json_object_set_new(res, "results", results);
        json_object_set_new(res, "warnings", common_warn);
    }
    json_object_set_new(res, "observed", json_integer(t->observed));
    json_object_set_new(res, "lists", lists);
    json_object_set_new(res, "assumptions", assume);
    *out = res;
    return HERR_OK;
}

static void print_ci(const char *name, json_t *ci)
{
    json_t *lo = json_array_get(ci, 0), *hi = json_array_get(ci, 1);
    printf("%s [%.0f, ", name, json_number_value(lo));
    if (json_is_null(hi))
        printf("no upper bound]");
    else
        printf("%.0f]", json_number_value(hi));
}

static void print_result(json_t *r, long observed)
{
    const char *method = json_string_value(json_object_get(r, "method"));
    json_t *est = json_object_get(r, "estimate");
    if (json_is_null(est)) {
        printf("  %s: no estimate\n", method);
    } else {
        printf("  %-10s total %.0f (unseen %.0f), ", method, json_number_value(est),
               json_number_value(est) - (double)observed);
        print_ci(json_string_value(json_object_get(r, "ci_method")), json_object_get(r, "ci"));
        if (json_object_get(r, "wald_ci")) {
            printf(", ");
            print_ci("Wald", json_object_get(r, "wald_ci"));
        }
        if (json_object_get(r, "ess"))
            printf(", ESS %.0f", json_number_value(json_object_get(r, "ess")));
        printf("\n             model: %s\n", json_string_value(json_object_get(r, "model")));
    }
    json_t *avg = json_object_get(r, "average");
    if (avg) {
        printf("             average of %lld models: %.0f ",
               json_integer_value(json_object_get(avg, "models")),
               json_number_value(json_object_get(avg, "estimate")));
        print_ci("", json_object_get(avg, "ci"));
        printf("\n");
    }
    json_t *models = json_object_get(r, "models");
    if (json_array_size(models)) {
        printf("             %-44s %9s %9s %9s  %s\n", "models (best AIC first)", "AIC", "BIC",
               "total", "interval");
        size_t i;
        json_t *m;
        json_array_foreach(models, i, m) {
            json_t *ci = json_object_get(m, "ci");
            json_t *e = json_object_get(m, "estimate");
            printf("             %-44.44s %9.2f %9.2f %9.0f  ",
                   json_string_value(json_object_get(m, "terms")),
                   json_number_value(json_object_get(m, "aic")),
                   json_number_value(json_object_get(m, "bic")),
                   json_is_null(e) ? NAN : json_number_value(e));
            if (json_is_array(ci))
                print_ci("", ci);
            if (json_is_true(json_object_get(m, "boundary")))
                printf("boundary: %s", json_string_value(json_object_get(m, "note")));
            printf("\n");
        }
    }
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(r, "warnings"), i, w)
        printf("  warning: %s\n", json_string_value(w));
}

static void print_estimate(json_t *o, const char *label)
{
    long observed = (long)json_integer_value(json_object_get(o, "observed"));
    printf("%s%s%s%ld observed over %zu lists (", label ? "stratum " : "", label ? label : "",
           label ? ": " : "", observed, json_array_size(json_object_get(o, "lists")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "lists"), i, v)
        printf("%s%s", i ? ", " : "", json_string_value(v));
    printf(")\n");
    json_t *results = json_object_get(o, "results");
    if (results) {
        json_array_foreach(results, i, v)
            print_result(v, observed);
        json_array_foreach(json_object_get(o, "warnings"), i, v)
            printf("  warning: %s\n", json_string_value(v));
    } else {
        print_result(o, observed);
    }
    if (!label) {
        printf("assumptions:\n");
        json_array_foreach(json_object_get(o, "assumptions"), i, v)
            printf("  - %s\n", json_string_value(v));
    }
}

int cmd_estimate(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    est_opts o;
    bool help;
    int rc = parse(argc, argv, &o, &help, e);
    if (rc != HERR_OK)
        return rc;
    if (help) {
        print_help();
        return HERR_OK;
    }
    if (o.table) {
        stats_table t;
        if ((rc = stats_table_read(o.table, &t, e)) != HERR_OK)
            return rc;
        json_t *res;
        rc = estimate_table(&t, &o, &res, e);
        stats_table_free(&t);
        if (rc != HERR_OK)
            return rc;
        if (o.json)
            cli_print_json(res);
        else {
            print_estimate(res, NULL);
            json_decref(res);
        }
        return HERR_OK;
    }
    store *s;
    if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK)
        return rc;
    stats_stratum *strata;
    size_t n;
    rc = stats_tables_from_db(s, o.event, o.lists, o.stratum, &strata, &n, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    json_t *all = json_array();
    for (size_t i = 0; i < n && rc == HERR_OK; i++) {
        json_t *res;
        rc = estimate_table(&strata[i].table, &o, &res, e);
        if (rc == HERR_OK) {
            json_object_set_new(res, "label", json_string(strata[i].label));
            if (o.stratum && strata[i].table.observed < 50) {
                json_t *w = json_object_get(res, "warnings");
                char msg[160];
                snprintf(msg, sizeof msg,
                         "stratum too small (%ld events): its estimate is unreliable",
                         strata[i].table.observed);
                json_array_append_new(w, json_string(msg));
            }
            json_array_append_new(all, res);
        }
    }
    stats_strata_free(strata, n);
    if (rc != HERR_OK) {
        json_decref(all);
        return rc;
    }
    json_t *out;
    if (!o.stratum) {
        out = json_incref(json_array_get(all, 0));
        json_decref(all);
    } else {
        out = json_object();
        json_object_set_new(out, "stratum", json_string(o.stratum));
        json_object_set_new(out, "strata", all);
    }
    if (o.json) {
        cli_print_json(out);
        return HERR_OK;
    }
    if (!o.stratum) {
        print_estimate(out, NULL);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(out, "strata"), i, v)
            print_estimate(v, json_string_value(json_object_get(v, "label")));
    }
    json_decref(out);
    return HERR_OK;
}
