/*
 * cmd_rejects.c — `habeas rejects --source NAME`: the rows of a list that
 * could not be imported, each with its line, reason and text as received,
 * so that a documenter can correct the list and import it again as a new
 * source.
 */
#include <stdio.h>

#include "cli.h"

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
             "reason, raw.");
        return HERR_OK;
    }
    store *s;
    sqlite3_stmt *st;
    rc = cli_source_query(ctx, &o,
                           "SELECT line, reason, raw FROM reject WHERE source_id = ?1 "
                           "ORDER BY line LIMIT ?2",
                          &s, &st, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = o.json ? json_array() : NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (o.json) {
            json_t *x = json_object();
            json_object_set_new(x, "line", store_column_json(st, 0));
            json_object_set_new(x, "column", json_null());
            json_object_set_new(x, "reason", store_column_json(st, 1));
            json_object_set_new(x, "raw", store_column_json(st, 2));
            json_array_append_new(arr, x);
        } else {
            printf("line %lld: %s\n    %s\n", sqlite3_column_int64(st, 0),
                   sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
        }
    }
    sqlite3_finalize(st);
    if (o.json)
        cli_print_json(arr);
    store_close(s);
    return HERR_OK;
}
