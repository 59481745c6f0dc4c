/*
 * cmd_stats.c — `habeas stats`: counts of persons for publication, with
 * small cells suppressed (see stats/describe.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stats/stats.h"

#define STATS_USAGE                                                                            \
    "stats [--by status|facility|department|month|vulnerability] [--min-cell N] [--json]"

static void print_cells(json_t *cells, bool deaths)
{
    size_t i;
    json_t *c;
    json_array_foreach(cells, i, c) {
        json_t *n = json_object_get(c, "count");
        printf("  %-44.44s ", json_string_value(json_object_get(c, "label")));
        if (json_is_null(n))
            printf("%8s", json_string_value(json_object_get(c, "suppressed"))[0] == '<'
                              ? json_string_value(json_object_get(c, "suppressed"))
                              : "(hidden)");
        else
            printf("%8lld", json_integer_value(n));
        if (deaths) {
            json_t *d = json_object_get(c, "deaths");
            if (json_is_null(d))
                printf("  deaths %s", json_is_true(json_object_get(c, "deaths_suppressed"))
                                          ? "(few, hidden)" : "-");
            else
                printf("  deaths %lld", json_integer_value(d));
        }
        printf("\n");
    }
}

int cmd_stats(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"by", required_argument, NULL, 'b'},
                                         {"min-cell", required_argument, NULL, 'm'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *by = "status";
    long min_cell = 5;
    bool json = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'b': by = optarg; break;
        case 'j': json = true; break;
        case 'm':
            min_cell = strtol(optarg, &end, 10);
            if (*end || !*optarg || min_cell < 1)
                return herr_set(e, HERR_INPUT, "stats: --min-cell: expected a count of at "
                                               "least 1, not '%s'", optarg);
            break;
        case 'h':
            puts("usage: habeas " STATS_USAGE "\n\n"
                 "Counts of persons (the last link run; each person once):\n"
                 "  status         current status, and how long the held have waited without a "
                 "hearing\n"
                 "  facility       persons and deaths by facility\n"
                 "  department     by department of residence (else of arrest)\n"
                 "  month          arrests per month\n"
                 "  vulnerability  persons with each vulnerability\n"
                 "Cells below --min-cell (default 5) are suppressed for publication, and a\n"
                 "second cell with them when one alone would be recoverable from the total.");
            return HERR_OK;
        default: return cli_usage_error(e, "stats", STATS_USAGE);
        }
    }
    if (optind != argc)
        return cli_usage_error(e, "stats", STATS_USAGE);
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    json_t *o;
    rc = stats_describe(s, by, min_cell, &o, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        cli_print_json(o);
        return HERR_OK;
    }
    printf("%lld persons by %s (cells below %ld suppressed)\n",
           json_integer_value(json_object_get(o, "persons")), by, min_cell);
    print_cells(json_object_get(o, "cells"), strcmp(by, "facility") == 0);
    json_t *held = json_object_get(o, "held_without_hearing");
    if (held) {
        printf("held without a hearing, by time since arrest (as of %s):\n",
               json_string_value(json_object_get(o, "as_of")));
        print_cells(held, false);
    }
    json_decref(o);
    return HERR_OK;
}
