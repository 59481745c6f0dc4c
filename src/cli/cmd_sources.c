/*
 * cmd_sources.c — `habeas sources`: every list received, with what
 * became of its rows.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cmd_sources(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bool json = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        if (c == 'j')
            json = true;
        else if (c == 'h') {
            puts("usage: habeas sources [--json]\n\nLists imported sources: name, kind, who "
                 "supplied it, when received, rows, imported, rejected, warnings.");
            return HERR_OK;
        } else
            return cli_usage_error(e, "sources", "sources [--json]");
    }
    if (optind != argc)
        return cli_usage_error(e, "sources", "sources [--json]");
    store *s;
    int rc = cli_open(ctx, STORE_MUST_EXIST, &s, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "SELECT id, name, kind, supplied_by, received, imported_at, file_name, "
                       "sha256, format, encoding, rows, imported, rejected, warnings "
                       "FROM source ORDER BY id",
                       &st, e);
    if (rc != HERR_OK) {
        store_close(s);
        return rc;
    }
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-4s %-20s %-15s %-11s %8s %8s %8s %8s  %s\n", "id", "name", "kind", "received",
               "rows", "imported", "rejected", "warnings", "file");
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (json) {
            json_t *o = json_object();
            for (int i = 0; i < sqlite3_column_count(st); i++)
                json_object_set_new(o, sqlite3_column_name(st, i), store_column_json(st, i));
            json_array_append_new(arr, o);
            continue;
        }
        const char *received = (const char *)sqlite3_column_text(st, 4);
        printf("%-4lld %-20s %-15s %-11s %8lld %8lld %8lld %8lld  %s\n",
               sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1),
               sqlite3_column_text(st, 2), received ? received : "-",
               sqlite3_column_int64(st, 10), sqlite3_column_int64(st, 11),
               sqlite3_column_int64(st, 12), sqlite3_column_int64(st, 13),
               sqlite3_column_text(st, 6));
    }
    sqlite3_finalize(st);
    if (json)
        cli_print_json(arr);
    store_close(s);
    return HERR_OK;
}
