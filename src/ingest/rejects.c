/*
 * rejects.c — a list's rejected rows read back, for `habeas rejects` and
 * the sources page: the line, why it was refused, and the row as received
 * so that a documenter can correct the list and import it again.
 *
 * A rejected row of a list that names its informants is sealed (migration
 * 11); it is opened only when the caller asks (INGEST_REJECTS_OPEN) and
 * may (the web gives it to the roles that import lists), and the caller
 * audits how many were opened.  Who may not read a person's row at all
 * gets the line and reason alone.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>

#include "ingest.h"

static int open_box(store *s, sqlite3_stmt *st, unsigned char key[STORE_KEY_BYTES],
                    bool *have_key, long source_id, json_t *x, herr *e)
{
    if (!*have_key) {
        int rc = store_key_load(s, false, key, e);
        if (rc != HERR_OK)
            return rc;
        *have_key = true;
    }
    long line = (long)sqlite3_column_int64(st, 0);
    char ad[48], *plain;
    size_t n;
    store_box_ad(STORE_BOX_REJECT, source_id, line, ad);
    if (!store_unseal(key, ad, sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3),
                      &plain, &n))
        return herr_set(e, HERR_INPUT,
                        "line %ld: its sealed rejected row does not open with this key "
                        "(another database's key file, or the row was altered)",
                        line);
    json_object_set_new(x, "raw", json_stringn(plain, n));
    sodium_memzero(plain, n);
    free(plain);
    return HERR_OK;
}

int ingest_rejects_json(store *s, long source_id, long limit, ingest_rejects_view view,
                        json_t **out, long *opened, herr *e)
{
    *out = NULL;
    *opened = 0;
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT line, reason, raw, sealed FROM reject WHERE source_id = ?1 "
                           "ORDER BY line LIMIT ?2",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, source_id);
    sqlite3_bind_int64(st, 2, limit);
    unsigned char key[STORE_KEY_BYTES];
    bool have_key = false;
    json_t *arr = json_array();
    while (rc == HERR_OK && sqlite3_step(st) == SQLITE_ROW) {
        bool sealed = sqlite3_column_type(st, 3) != SQLITE_NULL;
        json_t *x = json_object();
        json_object_set_new(x, "line", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(x, "reason", store_column_json(st, 1));
        json_object_set_new(x, "sealed", json_boolean(sealed));
        if (view == INGEST_REJECTS_NO_RAW || (sealed && view == INGEST_REJECTS_CLEAR)) {
            json_object_set_new(x, "raw", json_null());
        } else if (sealed) {
            rc = open_box(s, st, key, &have_key, source_id, x, e);
            (*opened)++;
        } else {
            json_object_set_new(x, "raw", store_column_json(st, 2));
        }
        json_array_append_new(arr, x);
    }
    sqlite3_finalize(st);
    sodium_memzero(key, sizeof key);
    if (rc != HERR_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return HERR_OK;
}
