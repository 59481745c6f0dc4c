/*
 * cmd_persons.c — `habeas persons`: the people the lists describe, as the
 * last link run grouped them: id, a name, how many records and sources.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "link/link.h"

#define PERSONS_USAGE "persons [--limit N] [--json]"

int cmd_persons(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"limit", required_argument, NULL, 'l'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    long limit = -1;
    bool json = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        if (c == 'l') {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || limit < 0)
                return herr_set(e, HERR_INPUT, "persons: --limit '%s' is not a whole number",
                                optarg);
        } else if (c == 'j') {
            json = true;
        } else if (c == 'h') {
            puts("usage: habeas " PERSONS_USAGE "\n\nPersons from the last link run: id, name, "
                 "records, sources.  Details: habeas person ID.");
            return HERR_OK;
        } else {
            return cli_usage_error(e, "persons", PERSONS_USAGE);
        }
    }
    if (optind != argc)
        return cli_usage_error(e, "persons", PERSONS_USAGE);
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr;
    rc = link_persons_json(s, limit, &arr, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        cli_print_json(arr);
        return HERR_OK;
    }
    printf("%-8s %-44s %7s %7s  %s\n", "person", "name", "records", "sources", "lists");
    size_t i;
    json_t *p;
    json_array_foreach(arr, i, p)
    {
        json_t *name = json_object_get(p, "name");
        printf("%-8lld %-44.44s %7lld %7lld  %s\n",
               json_integer_value(json_object_get(p, "person_id")),
               json_is_string(name) ? json_string_value(name) : "-",
               json_integer_value(json_object_get(p, "records")),
               json_integer_value(json_object_get(p, "sources")),
               json_string_value(json_object_get(p, "source_names")));
    }
    json_decref(arr);
    return HERR_OK;
}
