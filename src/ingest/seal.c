/*
 * seal.c — the sealed form of a list's row that names its informant
 * (migration 10), made at import (import.c) or afterwards for the rows a
 * database held from before (ingest_seal_old, `habeas seal`).
 *
 * A row is sealed whole, {"raw", "source_person", "extra"} as JSON, for
 * its source and line; its informant alone again, which linkage reads.
 * A row of such a list that was rejected is sealed whole too (migration
 * 11): it names the informant as surely.
 * Sealing an old row moves what it received into the box and clears the
 * plain columns in the same statement, with SQLite's secure_delete on so
 * that the freed bytes are zeroed, and the write-ahead log emptied after:
 * the file then holds no trace of them.  Nothing received is lost: the
 * box holds the row as it was.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

/* s[0..n) as a JSON string, its bytes that are not UTF-8 escaped first. */
static void json_text(sbuf *out, const char *s, size_t n, sbuf *tmp)
{
    if (ingest_utf8_valid_prefix(s, n) == n) {
        sbuf_add_json_string(out, s, n);
        return;
    }
    sbuf_reset(tmp);
    ingest_escape_invalid(s, n, tmp);
    sbuf_add_json_string(out, tmp->data ? tmp->data : "", tmp->len);
}

static void sealed_json(sbuf *out, const char *raw, size_t raw_len, const char *person,
                        size_t person_len, const char *extra, size_t extra_len)
{
    sbuf tmp;
    sbuf_init(&tmp);
    sbuf_reset(out);
    sbuf_adds(out, "{\"raw\":");
    json_text(out, raw, raw_len, &tmp);
    if (person && person_len) {
        sbuf_adds(out, ",\"source_person\":");
        json_text(out, person, person_len, &tmp);
    }
    if (extra && extra_len) { /* an object made by the importer */
        sbuf_adds(out, ",\"extra\":");
        sbuf_add(out, extra, extra_len);
    }
    sbuf_addc(out, '}');
    sbuf_free(&tmp);
}

void ingest_seal_row(store_sealer *z, long source_id, long line, const char *raw, size_t raw_len,
                     const char *person, size_t person_len, const char *extra, size_t extra_len,
                     sbuf *tmp, ingest_sealed *out)
{
    char ad[48];
    sealed_json(tmp, raw, raw_len, person, person_len, extra, extra_len);
    store_box_ad(STORE_BOX_RECORD, source_id, line, ad);
    store_sealer_seal(z, ad, tmp->data, tmp->len, &out->row, &out->row_len);
    sodium_memzero(tmp->data, tmp->len);
    out->informant = NULL;
    out->informant_len = 0;
    if (person && person_len) {
        store_box_ad(STORE_BOX_INFORMANT, source_id, line, ad);
        store_sealer_seal(z, ad, person, person_len, &out->informant, &out->informant_len);
    }
}

void ingest_seal_reject(store_sealer *z, long source_id, long line, const char *raw,
                        size_t raw_len, unsigned char **box, size_t *box_len)
{
    char ad[48];
    store_box_ad(STORE_BOX_REJECT, source_id, line, ad);
    store_sealer_seal(z, ad, raw, raw_len, box, box_len);
}

/* The rejected rows of lists that name their informants, sealed whole. */
static int seal_old_rejects(store *s, store_sealer *z, bool *have_key, long *rejects, herr *e)
{
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = store_prepare(s,
                           "SELECT j.id, j.source_id, j.line, j.raw FROM reject j "
                           "JOIN source s ON s.id = j.source_id WHERE j.sealed IS NULL AND "
                           "EXISTS (SELECT 1 FROM json_each(s.columns) "
                           "WHERE value = 'source_person') ORDER BY j.id",
                           &sel, e);
    if (rc == HERR_OK)
        rc = store_prepare(s, "UPDATE reject SET sealed = ?2, raw = '' WHERE id = ?1", &upd, e);
    while (rc == HERR_OK && sqlite3_step(sel) == SQLITE_ROW) {
        if (!*have_key && (rc = store_sealer_init(s, z, e)) != HERR_OK)
            break;
        *have_key = true;
        unsigned char *box;
        size_t box_len;
        ingest_seal_reject(z, (long)sqlite3_column_int64(sel, 1),
                           (long)sqlite3_column_int64(sel, 2),
                           (const char *)sqlite3_column_text(sel, 3),
                           (size_t)sqlite3_column_bytes(sel, 3), &box, &box_len);
        sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_blob(upd, 2, box, (int)box_len, free);
        if (sqlite3_step(upd) != SQLITE_DONE)
            rc = store_error(s, e, "sealing a rejected row");
        sqlite3_reset(upd);
        (*rejects)++;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    return rc;
}

int ingest_seal_old(store *s, long *rows, long *rejects, herr *e)
{
    *rows = 0;
    *rejects = 0;
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = store_exec(s, "PRAGMA secure_delete = ON", e);
    if (rc == HERR_OK)
        rc = store_begin(s, e);
    if (rc != HERR_OK)
        return rc;
    rc = store_prepare(s,
                       "SELECT r.id, r.source_id, r.line, r.raw, r.source_person, r.extra "
                       "FROM record r JOIN source s ON s.id = r.source_id "
                       "WHERE r.sealed IS NULL AND EXISTS (SELECT 1 FROM json_each(s.columns) "
                       "WHERE value = 'source_person') ORDER BY r.id",
                       &sel, e);
    if (rc == HERR_OK)
        rc = store_prepare(s,
                           "UPDATE record SET sealed = ?2, sealed_informant = ?3, raw = '', "
                           "source_person = NULL, extra = NULL WHERE id = ?1",
                           &upd, e);
    store_sealer z;
    bool have_key = false;
    sbuf text;
    sbuf_init(&text);
    while (rc == HERR_OK && sqlite3_step(sel) == SQLITE_ROW) {
        if (!have_key && (rc = store_sealer_init(s, &z, e)) != HERR_OK)
            break;
        have_key = true;
        long id = (long)sqlite3_column_int64(sel, 0), src = (long)sqlite3_column_int64(sel, 1),
             line = (long)sqlite3_column_int64(sel, 2);
        const char *raw = (const char *)sqlite3_column_text(sel, 3);
        size_t raw_len = (size_t)sqlite3_column_bytes(sel, 3);
        const char *person = (const char *)sqlite3_column_text(sel, 4);
        size_t person_len = (size_t)sqlite3_column_bytes(sel, 4);
        const char *extra = (const char *)sqlite3_column_text(sel, 5);
        size_t extra_len = (size_t)sqlite3_column_bytes(sel, 5);
        ingest_sealed box;
        ingest_seal_row(&z, src, line, raw ? raw : "", raw_len, person, person_len, extra,
                        extra_len, &text, &box);
        sqlite3_bind_int64(upd, 1, id);
        sqlite3_bind_blob(upd, 2, box.row, (int)box.row_len, free);
        if (box.informant)
            sqlite3_bind_blob(upd, 3, box.informant, (int)box.informant_len, free);
        else
            sqlite3_bind_null(upd, 3);
        if (sqlite3_step(upd) != SQLITE_DONE)
            rc = store_error(s, e, "sealing a record");
        sqlite3_reset(upd);
        (*rows)++;
    }
    if (rc == HERR_OK)
        rc = seal_old_rejects(s, &z, &have_key, rejects, e);
    if (have_key)
        store_sealer_end(&z);
    sbuf_free(&text);
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    rc = store_end(s, rc, e);
    if (rc == HERR_OK)
        rc = store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", e);
    return rc;
}
