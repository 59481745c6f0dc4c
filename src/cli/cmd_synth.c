/*
 * cmd_synth.c — `habeas synth`: a fictional detained population, the
 * lists monitors would hold about it, and the ground truth, written into
 * a directory (see synth/synth.h).  Same seed, same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "synth/synth.h"

#define SYNTH_USAGE "synth --persons N --seed S --out DIR [--lists K] [--coverage F]"

static void print_help(void)
{
    puts("usage: habeas " SYNTH_USAGE "\n\n"
         "Writes fictional but realistic data for testing and benchmarks into DIR\n"
         "(created if missing; files of the same name are replaced):\n"
         "  persons.csv      the truth: N detained persons (never real people)\n"
         "  facilities.csv   the prison register, for 'habeas facility import'\n"
         "  <source>.csv     one list per source, each in its own dialect and noise\n"
         "  lists.csv        file, source, kind, supplied_by, received of each list\n"
         "  truth.csv        source, record_id -> person_id for every list row\n\n"
         "  --persons N      how many detained persons (1 to 5000000)\n"
         "  --seed S         random seed; the same seed gives byte-identical files\n"
         "  --out DIR        output directory\n"
         "  --lists K        2 to 7 lists, the first K of: ngo_casos, familias, oficial,\n"
         "                   prensa, tribunal, defunciones, deportados (default 6; with 7,\n"
         "                   about 1% foreign deportees are added to the population)\n"
         "  --coverage F     each list sees F times its usual share of the persons\n"
         "                   (at most 97%; default 1): more records to a person, as\n"
         "                   when many lists overlap (F from above 0 to 20)");
}

/* A decimal number, all of s. */
static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

/* A whole decimal number, all of s. */
static bool parse_whole(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

int cmd_synth(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    (void)ctx;
    static const struct option opts[] = {
        {"persons", required_argument, NULL, 'p'}, {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},     {"lists", required_argument, NULL, 'l'},
        {"coverage", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    synth_opts o = {.persons = -1, .lists = SYNTH_DEFAULT_LISTS};
    bool have_seed = false;
    long long v;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!parse_whole(optarg, &v) || v < 1 || v > 5000000)
                return herr_set(e, HERR_INPUT,
                                "synth: --persons '%s' is not a whole number from 1 to 5000000",
                                optarg);
            o.persons = (long)v;
            break;
        case 's':
            if (!parse_whole(optarg, &v) || v < 0)
                return herr_set(e, HERR_INPUT, "synth: --seed '%s' is not a whole number >= 0",
                                optarg);
            o.seed = (uint64_t)v;
            have_seed = true;
            break;
        case 'o': o.out_dir = optarg; break;
        case 'l':
            if (!parse_whole(optarg, &v) || v < 2 || v > SYNTH_MAX_LISTS)
                return herr_set(e, HERR_INPUT, "synth: --lists '%s' is not a number from 2 to %d",
                                optarg, SYNTH_MAX_LISTS);
            o.lists = (int)v;
            break;
        case 'c':
            if (!parse_number(optarg, &o.coverage) || !(o.coverage > 0) ||
                o.coverage > SYNTH_MAX_COVERAGE)
                return herr_set(e, HERR_INPUT,
                                "synth: --coverage '%s' is not a number above 0 and at most %d",
                                optarg, SYNTH_MAX_COVERAGE);
            break;
        case 'h': print_help(); return HERR_OK;
        default: return cli_usage_error(e, "synth", SYNTH_USAGE);
        }
    }
    if (optind != argc || o.persons < 0 || !have_seed || !o.out_dir || !*o.out_dir)
        return cli_usage_error(e, "synth", SYNTH_USAGE);

    synth_report r;
    int rc = synth_run(&o, &r, e);
    if (rc != HERR_OK)
        return rc;
    printf("%s: %ld persons (%ld dead), %d lists, seed %llu\n", o.out_dir, r.persons, r.dead,
           r.n_lists, (unsigned long long)o.seed);
    printf("  persons.csv facilities.csv lists.csv truth.csv\n");
    long total = 0;
    for (int i = 0; i < r.n_lists; i++) {
        char file[48];
        snprintf(file, sizeof file, "%s.csv", r.list_names[i]);
        printf("  %-18s %8ld rows\n", file, r.rows[i]);
        total += r.rows[i];
    }
    printf("  %ld list rows in %.2f s\n", total, r.seconds);
    return HERR_OK;
}
