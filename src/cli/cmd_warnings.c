/*
 * cmd_warnings.c — `habeas warnings --source NAME`: the fields of a list
 * that failed validation.  Each record was imported; the field is kept as
 * received in the record's raw row but not used.
 */
#include <stdio.h>

#include "cli.h"

#define WARNINGS_USAGE "warnings --source NAME [--limit N] [--json]"

int cmd_warnings(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_source_opts(argc, argv, WARNINGS_USAGE, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " WARNINGS_USAGE "\n\nFields that failed validation: line, "
             "column, value, reason.\nWith --json: objects with line, column, reason, raw "
             "(the field as received), record.");
        return HERR_OK;
    }
    store *s;
    sqlite3_stmt *st;
    rc = cli_source_query(ctx, &o,
                           "SELECT line, column_name, reason, value, record_id FROM warning "
                           "WHERE source_id = ?1 ORDER BY line, id LIMIT ?2",
                          &s, &st, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = o.json ? json_array() : NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (o.json) {
            json_t *x = json_object();
            json_object_set_new(x, "line", store_column_json(st, 0));
            json_object_set_new(x, "column", store_column_json(st, 1));
            json_object_set_new(x, "reason", store_column_json(st, 2));
            json_object_set_new(x, "raw", store_column_json(st, 3));
            json_object_set_new(x, "record", store_column_json(st, 4));
            json_array_append_new(arr, x);
        } else {
            printf("%s:%lld: %s '%s' %s\n", o.source, sqlite3_column_int64(st, 0),
                   sqlite3_column_text(st, 1), sqlite3_column_text(st, 3),
                   sqlite3_column_text(st, 2));
        }
    }
    sqlite3_finalize(st);
    if (o.json)
        cli_print_json(arr);
    store_close(s);
    return HERR_OK;
}
