/*
 * cmd_records.c — `habeas records --source NAME`: the records of one
 * source, parsed fields beside the raw row; the facility name as written
 * and the register entry it resolves to, if any.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define RECORDS_USAGE "records --source NAME [--limit N] [--json]"

static const char *text_or(sqlite3_stmt *st, int i, const char *dflt)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t && *t ? t : dflt;
}

int cmd_records(cli_ctx *ctx, int argc, char **argv, herr *e)
{
    cli_source_opts o;
    int rc = cli_parse_source_opts(argc, argv, RECORDS_USAGE, &o, e);
    if (rc != HERR_OK)
        return rc;
    if (o.help) {
        puts("usage: habeas " RECORDS_USAGE "\n\nRecords of a source in file order.  With "
             "--json every parsed field, the raw row, extra attributes and the resolved "
             "facility.");
        return HERR_OK;
    }
    store *s;
    sqlite3_stmt *st;
    rc = cli_source_query(ctx, &o,
                           "SELECT r.*, f.name AS facility_resolved FROM record r "
                           "LEFT JOIN facility_alias a ON a.key = r.facility_key "
                           "LEFT JOIN facility f ON f.id = a.facility_id "
                           "WHERE r.source_id = ?1 ORDER BY r.id LIMIT ?2",
                          &s, &st, e);
    if (rc != HERR_OK)
        return rc;
    int ncol = sqlite3_column_count(st);
    int c_line = -1, c_ref = -1, c_full = -1, c_given = -1, c_s1 = -1, c_s2 = -1, c_sur = -1,
        c_birth = -1, c_dui = -1, c_fac = -1, c_status = -1;
    for (int i = 0; i < ncol; i++) {
        const char *n = sqlite3_column_name(st, i);
        int *slot = strcmp(n, "line") == 0          ? &c_line
                    : strcmp(n, "source_ref") == 0  ? &c_ref
                    : strcmp(n, "full_name") == 0   ? &c_full
                    : strcmp(n, "given_names") == 0 ? &c_given
                    : strcmp(n, "surname1") == 0    ? &c_s1
                    : strcmp(n, "surname2") == 0    ? &c_s2
                    : strcmp(n, "surnames") == 0    ? &c_sur
                    : strcmp(n, "birth_date") == 0  ? &c_birth
                    : strcmp(n, "dui") == 0         ? &c_dui
                    : strcmp(n, "facility") == 0    ? &c_fac
                    : strcmp(n, "status") == 0      ? &c_status
                                                    : NULL;
        if (slot)
            *slot = i;
    }
    json_t *arr = o.json ? json_array() : NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (o.json) {
            json_t *x = json_object();
            for (int i = 0; i < ncol; i++) {
                const char *n = sqlite3_column_name(st, i);
                json_t *v = store_column_json(st, i);
                if (strcmp(n, "extra") == 0 && json_is_string(v)) {
                    json_t *parsed = json_loads(json_string_value(v), 0, NULL);
                    if (parsed) {
                        json_decref(v);
                        v = parsed;
                    }
                }
                json_object_set_new(x, n, v);
            }
            json_array_append_new(arr, x);
            continue;
        }
        char name[512];
        if (sqlite3_column_type(st, c_full) != SQLITE_NULL)
            snprintf(name, sizeof name, "%s", text_or(st, c_full, ""));
        else
            snprintf(name, sizeof name, "%s %s %s %s", text_or(st, c_given, ""),
                     text_or(st, c_s1, ""), text_or(st, c_s2, ""), text_or(st, c_sur, ""));
        printf("line %-7lld %-12s %-40s %-10s %-10s %-24s %s\n", sqlite3_column_int64(st, c_line),
               text_or(st, c_ref, "-"), name, text_or(st, c_birth, "-"), text_or(st, c_dui, "-"),
               text_or(st, c_fac, "-"), text_or(st, c_status, "-"));
    }
    sqlite3_finalize(st);
    if (o.json)
        cli_print_json(arr);
    store_close(s);
    return HERR_OK;
}
