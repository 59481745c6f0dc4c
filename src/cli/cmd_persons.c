/*
 * cmd_persons.c — `habeas persons`: the people the lists describe, as the
 * last link run grouped them: id, a name, how many records and sources.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "link/link.h"

#define PERSONS_USAGE "persons [--limit N] [--json]"

int cmd_persons(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_list_opts(argc, argv, PERSONS_USAGE, -1, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " PERSONS_USAGE "\n\nPersons from the last link run: id, name, "
                 "records, sources.  Details: habeas person ID.");
        return HERR_OK;
    }
    long limit = o.limit;
    bool json = o.json;
    store *s;
    rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
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
