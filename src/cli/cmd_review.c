/*
 * cmd_review.c — `habeas review`: the pairs the model is least sure of,
 * side by side, with what each field contributed, for a person to decide
 * (habeas decide).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "link/link.h"

#define REVIEW_USAGE "review [--limit N] [--json]"

int cmd_review(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_list_opts(argc, argv, REVIEW_USAGE, 20, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " REVIEW_USAGE "\n\nUncertain pairs from the last link run, "
                 "most uncertain first (default 20),\neach with the comparison of every field. "
                 "Decide with 'habeas decide A B same|different --reason TEXT'.");
        return HERR_OK;
    }
    long limit = o.limit;
    bool json = o.json;
    store *s;
    rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    json_t *pairs;
    rc = link_review_json(s, NULL, limit, &pairs, e);
    store_close(s);
    if (rc != HERR_OK)
        return rc;
    if (json) {
        cli_print_json(pairs);
        return HERR_OK;
    }
    size_t i;
    json_t *p;
    json_array_foreach(pairs, i, p)
    {
        printf("records %lld and %lld: probability %.3f\n",
               json_integer_value(json_object_get(p, "record_a")),
               json_integer_value(json_object_get(p, "record_b")),
               json_real_value(json_object_get(p, "probability")));
        cli_print_origins(p);
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(p, "fields"), k, f)
        {
            json_t *va = json_object_get(f, "a"), *vb = json_object_get(f, "b");
            if (!json_is_string(va) && !json_is_string(vb))
                continue;
            printf("  %-12s %-28.28s %-28.28s %+6.2f  %s\n",
                   json_string_value(json_object_get(f, "field")),
                   json_is_string(va) ? json_string_value(va) : "-",
                   json_is_string(vb) ? json_string_value(vb) : "-",
                   json_real_value(json_object_get(f, "weight")),
                   json_string_value(json_object_get(f, "level")));
        }
        cli_print_rivals(p);
        cli_print_apart(p);
        cli_print_kept(p);
        printf("  decide: habeas decide %lld %lld same|different --reason '...'\n\n",
               json_integer_value(json_object_get(p, "record_a")),
               json_integer_value(json_object_get(p, "record_b")));
    }
    if (json_array_size(pairs) == 0)
        puts("nothing to review");
    json_decref(pairs);
    return HERR_OK;
}
