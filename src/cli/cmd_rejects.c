/*
 * cmd_rejects.c — `habeas rejects --source NAME`: the rows of a list that
 * could not be imported, each with its line, reason and text as received,
 * so that a documenter can correct the list and import it again as a new
 * source.  The rejected rows of a list that names its informants are
 * sealed (migration 11): they are opened with the key beside the database
 * and the read is audited, once per run, before anything is printed.
 */
#include <stdio.h>

#include "cli.h"
#include "ingest/ingest.h"

#define REJECTS_USAGE "rejects --source NAME [--limit N] [--json]"

int cmd_rejects(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_source_opts(argc, argv, REJECTS_USAGE, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " REJECTS_USAGE "\n\nRows that could not be imported: line, "
             "reason, the row as received.\nWith --json: objects with line, column (null), "
             "reason, raw, sealed.\nThe rejected rows of a list that names its informants "
             "are sealed and opened with\nthe key beside the database (<db>.key), an "
             "audited read.");
        return HERR_OK;
    }
    store *s;
    if ((rc = cli_open(ctx, STORE_MUST_EXIST, &s, e)) != HERR_OK)
        return rc;
    long sid, opened = 0;
    json_t *arr = NULL;
    rc = cli_source_id(s, o.source, &sid, e);
    if (rc == HERR_OK)
        rc = ingest_rejects_json(s, sid, o.limit, INGEST_REJECTS_OPEN, &arr, &opened, e);
    if (rc == HERR_OK && opened) {
        char object[300], detail[64];
        snprintf(object, sizeof object, "source:%s", o.source);
        snprintf(detail, sizeof detail, "%ld sealed rejected rows opened (informants)", opened);
        rc = cli_audit(s, "read_sealed_rejects", object, detail, e);
    }
    size_t i;
    json_t *x;
    if (rc == HERR_OK && o.json) {
        json_array_foreach(arr, i, x) json_object_set_new(x, "column", json_null());
        cli_print_json(arr); /* and frees it */
        arr = NULL;
    } else if (rc == HERR_OK) {
        json_array_foreach(arr, i, x)
        {
            printf("line %lld: %s\n    %s\n", json_integer_value(json_object_get(x, "line")),
                   json_string_value(json_object_get(x, "reason")),
                   json_string_value(json_object_get(x, "raw")));
        }
    }
    json_decref(arr);
    store_close(s);
    return rc;
}
