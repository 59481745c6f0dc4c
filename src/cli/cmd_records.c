/*
 * cmd_records.c — `habeas records --source NAME`: the records of one
 * source, parsed fields beside the raw row; the facility name as written
 * and the register entry it resolves to, if any.  A row sealed at import
 * (a list that names its informants, migration 10) is opened with the key
 * beside the database for --json, which then gives its raw row, informant
 * and extra attributes as received; that read is audited, once per run,
 * before anything is printed.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define RECORDS_USAGE "records --source NAME [--limit N] [--json]"

/* The sealed row of column i, opened into x (raw, source_person, extra). */
static int open_sealed(store *s, sqlite3_stmt *st, int i, long source_id, long line,
                       const unsigned char key[STORE_KEY_BYTES], json_t *x, herr *e)
{
    char ad[48], *plain;
    size_t n;
    store_box_ad(STORE_BOX_RECORD, source_id, line, ad);
    if (!store_unseal(key, ad, sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i),
                      &plain, &n))
        return herr_set(e, HERR_INPUT,
                        "line %ld: its sealed row does not open with this key (another "
                        "database's key file, or the row was altered)",
                        line);
    json_t *o = json_loadb(plain, n, 0, NULL);
    sodium_memzero(plain, n);
    free(plain);
    if (!o)
        return herr_set(e, HERR_INTERNAL, "line %ld: a sealed row that is not JSON", line);
    json_object_update(x, o);
    json_decref(o);
    json_object_set_new(x, "sealed", json_true());
    return HERR_OK;
}

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
             "facility; the rows of a list that names its informants are sealed, and\n"
             "--json opens them with the key beside the database (<db>.key), an audited "
             "read.");
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
    int c_sealed = -1, c_source = -1;
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
        if (strcmp(n, "sealed") == 0)
            c_sealed = i;
        if (strcmp(n, "source_id") == 0)
            c_source = i;
    }
    unsigned char key[STORE_KEY_BYTES];
    bool have_key = false;
    long opened = 0;
    json_t *arr = o.json ? json_array() : NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (o.json) {
            json_t *x = json_object();
            for (int i = 0; i < ncol; i++) {
                const char *n = sqlite3_column_name(st, i);
                if (i == c_sealed)
                    continue;
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
            if (sqlite3_column_type(st, c_sealed) != SQLITE_NULL) {
                if (!have_key)
                    rc = store_key_load(s, false, key, e);
                have_key = rc == HERR_OK;
                if (rc == HERR_OK)
                    rc = open_sealed(s, st, c_sealed, (long)sqlite3_column_int64(st, c_source),
                                     (long)sqlite3_column_int64(st, c_line), key, x, e);
                opened++;
            }
            json_array_append_new(arr, x);
            if (rc != HERR_OK)
                break;
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
    sodium_memzero(key, sizeof key);
    if (rc == HERR_OK && opened) {
        char object[300], detail[64];
        snprintf(object, sizeof object, "source:%s", o.source);
        snprintf(detail, sizeof detail, "%ld sealed rows opened (informants)", opened);
        rc = cli_audit(s, "read_sealed_rows", object, detail, e);
    }
    if (rc == HERR_OK && o.json)
        cli_print_json(arr); /* and frees it */
    else if (arr)
        json_decref(arr);
    store_close(s);
    return rc;
}
