/*
 * cmd_person.c — `habeas person ID`: one person as every list tells it:
 * records and sources, the timeline, the current status and who says so,
 * and the conflicts between sources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "link/link.h"

#define PERSON_USAGE "person ID [--json]"

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void print_person(json_t *p)
{
    printf("person %lld: %s\n", json_integer_value(json_object_get(p, "person_id")),
           str(p, "name") ? str(p, "name") : "(no name)");
    json_t *st = json_object_get(p, "status");
    printf("status: %s", str(st, "value"));
    if (str(st, "date"))
        printf(" as of %s", str(st, "date"));
    if (str(st, "facility"))
        printf(", %s", str(st, "facility"));
    json_t *src = json_object_get(st, "sources");
    printf("\n  says so: ");
    size_t i;
    json_t *x;
    json_array_foreach(src, i, x) printf("%s%s", i ? ", " : "", json_string_value(x));
    size_t sure = json_array_size(json_object_get(st, "sure_sources"));
    if (json_array_size(src) == 1)
        printf(" (a single source, unconfirmed)");
    else if (json_array_size(src) > 1 && sure <= 1)
        printf(" (unconfirmed: only %zu of them surely his)", sure);
    double told_by = json_number_value(json_object_get(st, "joined"));
    if (json_is_number(json_object_get(st, "joined")) && told_by < LINK_JOIN_SHOWN)
        printf("\n  the record that says so was joined to him at %.0f%%", 100 * told_by);
    putchar('\n');
    json_t *conf = json_object_get(p, "conflicts");
    if (json_array_size(conf)) {
        puts("conflicts:");
        json_array_foreach(conf, i, x) printf("  %s\n", json_string_value(x));
    }
    puts("records:");
    json_array_foreach(json_object_get(p, "records"), i, x)
    {
        printf("  #%-8lld %-14s line %-6lld %-34.34s %-10s %-10s %-22.22s %s\n",
               json_integer_value(json_object_get(x, "record_id")), str(x, "source"),
               json_integer_value(json_object_get(x, "line")), str(x, "name") ? str(x, "name") : "-",
               str(x, "birth_date") ? str(x, "birth_date") : "-",
               str(x, "dui") ? str(x, "dui") : "-",
               str(x, "facility_resolved") ? str(x, "facility_resolved")
                                           : (str(x, "facility") ? str(x, "facility") : "-"),
               str(x, "status") ? str(x, "status") : "-");
    }
    json_t *joined = json_object_get(p, "joined");
    if (json_array_size(joined)) {
        puts("joined by the last link:");
        json_array_foreach(joined, i, x)
        {
            const char *how = str(x, "how");
            const char *what = strcmp(how, "pair") == 0    ? "the two records alike"
                               : strcmp(how, "whole") == 0 ? "their groups, on all their records"
                                                           : "a person's decision";
            printf("  #%lld + #%lld: %s (%.0f%%)\n",
                   json_integer_value(json_object_get(x, "record_a")),
                   json_integer_value(json_object_get(x, "record_b")), what,
                   100 * json_number_value(json_object_get(x, "probability")));
        }
    }
    json_array_foreach(json_object_get(p, "set_apart"), i, x)
    {
        json_t *fp = json_object_get(x, "from_person");
        char pc[8];
        printf("set apart by the last link: #%lld, which one pair had joined to record #%lld "
               "(now person %lld): that group, on all its records, made it %s likely one of "
               "them\n",
               json_integer_value(json_object_get(x, "record")),
               json_integer_value(json_object_get(x, "from")),
               json_is_integer(fp) ? json_integer_value(fp) : -1LL,
               cli_percent(json_number_value(json_object_get(x, "probability")), pc));
    }
    puts("timeline:");
    json_array_foreach(json_object_get(p, "timeline"), i, x)
    {
        printf("  %-10s %-21s %-30.30s %-20.20s %s\n", str(x, "date") ? str(x, "date") : "(undated)",
               str(x, "kind"), str(x, "facility") ? str(x, "facility") : (str(x, "place") ? str(x, "place") : ""),
               str(x, "detail") ? str(x, "detail") : "", str(x, "source"));
    }
}

int cmd_person(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    bool json = false;
    long id = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: habeas " PERSON_USAGE "\n\nOne person: records and sources, timeline, "
                 "current status with its sources, conflicts.");
            return HERR_OK;
        } else {
            char *end;
            id = strtol(argv[i], &end, 10);
            if (*end || id < 1)
                return cli_usage_error(e, "person", PERSON_USAGE);
        }
    }
    if (id < 1)
        return cli_usage_error(e, "person", PERSON_USAGE);
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    json_t *p;
    rc = link_person_json(s, id, &p, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        cli_print_json(p);
        return HERR_OK;
    }
    print_person(p);
    json_decref(p);
    return HERR_OK;
}
