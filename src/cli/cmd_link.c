/*
 * cmd_link.c — `habeas link`: decide which records are one person, with
 * the model learnt from the data; or `--explain A B`: why two records are
 * (or are not) judged one person, field by field.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "link/link.h"

#define LINK_USAGE                                                                         \
    "link [--threshold P] [--truth FILE] [--json] | link --explain RECORD_A RECORD_B [--json]"

/* The weights not set by their level alone, and what the level alone
 * weighs: a rare surname counts more than "Hernández", two facilities
 * one man's records seldom name together count against. */
static void print_bases(json_t *fields)
{
    bool first = true;
    json_t *f;
    size_t i;
    json_array_foreach(fields, i, f)
    {
        const char *basis = json_string_value(json_object_get(f, "basis"));
        if (!basis || strcmp(basis, "level") == 0)
            continue;
        double w = json_real_value(json_object_get(f, "weight"));
        double lw = json_real_value(json_object_get(f, "level_weight"));
        if (fabs(w - lw) < 0.005)
            continue; /* adjusted, but by less than the table shows */
        if (first)
            printf("  how the weights were set, where not by the level alone:\n");
        first = false;
        printf("    %-12s %+7.2f  ", json_string_value(json_object_get(f, "field")), w);
        if (strcmp(basis, "value_frequency") == 0)
            printf("by how common the value is (the level: %+.2f on average)\n", lw);
        else if (strcmp(basis, "slip_cap") == 0)
            printf("a slip counts no more than the name agreeing exactly (the level: %+.2f)\n",
                   lw);
        else if (strcmp(basis, "facility_pair") == 0)
            printf("the level %+.2f, and %+.2f for these two facilities\n", lw, w - lw);
        else if (strcmp(basis, "month") == 0)
            printf("by the month of the arrest or hearing: how often chance gives the level "
                   "then (the level: %+.2f on average)\n",
                   lw);
        else if (strcmp(basis, "facility_admissions") == 0)
            printf("the level %+.2f, and %+.2f for admissions at this facility\n", lw, w - lw);
        else
            printf("%s\n", basis);
    }
}

static int explain(store *s, long a, long b, bool json, herr *e)
{
    json_t *o;
    int rc = link_explain(s, NULL, a, b, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        cli_print_json(o);
        return HERR_OK;
    }
    printf("records %ld and %ld\n", a, b);
    cli_print_origins(o);
    printf("  %-12s %-26s %-26s %-44s %7s\n", "field", "record A", "record B", "level",
           "weight");
    printf("  %-12s %-26s %-26s %-44s %+7.2f\n", "prior", "", "", "share of candidate pairs",
           json_real_value(json_object_get(o, "prior_weight")));
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(o, "fields"), i, f)
    {
        json_t *va = json_object_get(f, "a"), *vb = json_object_get(f, "b");
        printf("  %-12s %-26.26s %-26.26s %-44.44s %+7.2f\n",
               json_string_value(json_object_get(f, "field")),
               json_is_string(va) ? json_string_value(va) : "-",
               json_is_string(vb) ? json_string_value(vb) : "-",
               json_string_value(json_object_get(f, "level")),
               json_real_value(json_object_get(f, "weight")));
    }
    printf("  %-12s %-98s %+7.2f\n", "total", "",
           json_real_value(json_object_get(o, "total_weight")));
    print_bases(json_object_get(o, "fields"));
    cli_print_rivals(o);
    printf("  probability the same person, rivals counted: %.4f\n",
           json_real_value(json_object_get(o, "probability")));
    json_t *pa = json_object_get(o, "person_a"), *pb = json_object_get(o, "person_b");
    if (json_is_integer(pa) && json_is_integer(pb)) {
        if (json_integer_value(pa) == json_integer_value(pb))
            printf("  the last link made them one person: %lld (by this pair, through others, "
                   "or on all its records together)\n",
                   json_integer_value(pa));
        else
            printf("  the last link made them two persons: %lld and %lld\n",
                   json_integer_value(pa), json_integer_value(pb));
    }
    cli_print_apart(o);
    cli_print_kept(o);
    json_decref(o);
    return HERR_OK;
}

int cmd_link(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"threshold", required_argument, NULL, 't'},
                                         {"explain", no_argument, NULL, 'x'},
                                         {"truth", required_argument, NULL, 'T'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    link_opts lo;
    link_opts_default(&lo);
    bool json = false, do_explain = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': {
            char *end;
            lo.threshold = strtod(optarg, &end);
            if (*end || lo.threshold <= 0 || lo.threshold >= 1)
                return herr_set(e, HERR_INPUT, "link: --threshold '%s' is not a probability "
                                "between 0 and 1", optarg);
            break;
        }
        case 'x': do_explain = true; break;
        case 'T': lo.truth = optarg; break;
        case 'j': json = true; break;
        case 'h':
            puts("usage: habeas " LINK_USAGE "\n\n"
                 "Links every record: blocking, comparison, a Fellegi-Sunter model learnt by EM,\n"
                 "clustering under constraints; human decisions (habeas decide) always win.\n"
                 "  --threshold P   merge pairs whose probability is at least P (default 0.5)\n"
                 "  --truth FILE    measure against a ground truth CSV (source,record_id,person_id):\n"
                 "                  blocking recall, pairwise precision, recall, F1\n"
                 "  --explain A B   the comparison of two records, field by field");
            return HERR_OK;
        default: return cli_usage_error(e, "link", LINK_USAGE);
        }
    }
    if ((do_explain && optind != argc - 2) || (!do_explain && optind != argc))
        return cli_usage_error(e, "link", LINK_USAGE);
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    if (do_explain) {
        long a, b;
        if (!cli_parse_id(argv[optind], &a) || !cli_parse_id(argv[optind + 1], &b)) {
            store_close(s);
            return herr_set(e, HERR_INPUT, "link: --explain: '%s' and '%s' must be record ids "
                            "(whole numbers, as habeas records --json gives them)",
                            argv[optind], argv[optind + 1]);
        }
        rc = explain(s, a, b, json, e);
        store_close(s);
        return rc;
    }
    lo.progress = !json && stderr_is_tty();
    link_result r;
    rc = link_run(s, &lo, &r, e);
    if (rc == HERR_OK) {
        char object[32], detail[128];
        snprintf(object, sizeof object, "link_run:%ld", r.run_id);
        snprintf(detail, sizeof detail, "%ld records, %ld persons, %ld decisions applied",
                 r.records, r.persons, r.decisions);
        rc = cli_audit(s, "link", object, detail, e);
    }
    if (rc == HERR_OK)
        rc = cli_rematch(s, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "records", json_integer(r.records));
        json_object_set_new(o, "candidate_pairs", json_integer(r.candidate_pairs));
        json_object_set_new(o, "matched_pairs", json_integer(r.matched_pairs));
        json_object_set_new(o, "persons", json_integer(r.persons));
        json_object_set_new(o, "review", json_integer(r.review));
        json_object_set_new(o, "decisions", json_integer(r.decisions));
        json_object_set_new(o, "refused_merges", json_integer(r.split_conflicts));
        json_object_set_new(o, "joined_whole", json_integer(r.joined_whole));
        json_object_set_new(o, "moved", json_integer(r.moved));
        json_object_set_new(o, "set_apart", json_integer(r.set_apart));
        json_object_set_new(o, "match_rate", json_real(r.model.lambda));
        json_object_set_new(o, "seconds", json_real(r.seconds));
        json_object_set_new(o, "phase_seconds",
                            json_pack("{s:f,s:f,s:f,s:f,s:f,s:f}", "load", r.phase.load, "block",
                                      r.phase.block, "fit", r.phase.fit, "weigh", r.phase.weigh,
                                      "cluster", r.phase.cluster, "write", r.phase.write));
        if (r.measured) {
            json_object_set_new(o, "truth_pairs", json_integer(r.truth_pairs));
            json_object_set_new(o, "blocking_recall", json_real(r.blocking_recall));
            json_object_set_new(o, "precision", json_real(r.precision));
            json_object_set_new(o, "recall", json_real(r.recall));
            json_object_set_new(o, "f1", json_real(r.f1));
            json_object_set_new(o, "joined_whole_right", json_integer(r.joined_whole_right));
            json_object_set_new(o, "moved_right", json_integer(r.moved_right));
            json_object_set_new(o, "set_apart_right", json_integer(r.set_apart_right));
            json_t *cal = json_array();
            for (int b = 0; b < 10; b++) {
                json_t *x = json_object();
                long n = r.calibration[b].pairs;
                json_object_set_new(x, "from", json_real(b / 10.0));
                json_object_set_new(x, "pairs", json_integer(n));
                json_object_set_new(x, "mean_probability",
                                    n ? json_real(r.calibration[b].sum_p / (double)n) : json_null());
                json_object_set_new(x, "same_person",
                                    n ? json_real((double)r.calibration[b].same / (double)n)
                                      : json_null());
                json_array_append_new(cal, x);
            }
            json_object_set_new(o, "calibration", cal);
        }
        cli_print_json(o);
    } else {
        printf("linked %ld records: %ld candidate pairs, %ld above %.2f, %ld persons\n"
               "  %ld pairs to review (habeas review), %ld human decisions applied, "
               "%ld merges refused by a contradiction\n  %.2f s\n",
               r.records, r.candidate_pairs, r.matched_pairs, lo.threshold, r.persons, r.review,
               r.decisions, r.split_conflicts, r.seconds);
        if (r.measured)
            printf("  against the truth: %ld true pairs, blocking recall %.4f, pairwise "
                   "precision %.4f, recall %.4f, F1 %.4f\n",
                   r.truth_pairs, r.blocking_recall, r.precision, r.recall, r.f1);
    }
    return HERR_OK;
}
