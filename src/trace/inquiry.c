/*
 * inquiry.c — a family's request to find a person, kept until answered.
 *
 * The sought person is stored as the trace query (JSON) so that it can be
 * run again whenever the register changes; the requester (name, contact,
 * relationship) is sealed with XChaCha20-Poly1305 under a key kept in a
 * file beside the database (<db>.key, 0600), so that a copied database
 * alone reveals no family.  The inquiry's id is the associated data: a
 * sealed requester moved to another inquiry does not open.
 *
 * Matches: the candidates offered for an inquiry, one row per person.  A
 * person offered for the first time is flagged new until someone opens
 * the inquiry.  Records not yet linked are not offered: an import is
 * followed by a link before families are told anything.
 *
 * One inquiry or many (an association's file, inquiry_import.c) are filed
 * the same way, one transaction for all: a row, its first matches, its
 * sealed requester and its audit entry together, or nothing.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "names/names.h"
#include "trace.h"

/* A candidate at least this likely is offered.  The persons who fit share
 * the probability out (trace_search), so a son who fits as well as three
 * namesakes is a quarter likely, and the liaison should still see all four. */
#define MATCH_MIN 0.2
#define MATCH_MAX 5      /* at most this many per inquiry and run */
/* The associated data of inquiry id's sealed requester: "inq<id>",
 * zero-padded to 16 bytes (as every inquiry has been sealed). */
static void id_ad(long id, unsigned char ad[16])
{
    memset(ad, 0, 16);
    snprintf((char *)ad, 16, "inq%ld", id);
}

/* The requester's JSON sealed for inquiry id (store_sealer: the key
 * beside the database, made if missing, a random nonce). */
static int seal(store *s, long id, const trace_requester *r, unsigned char **out, size_t *len,
                herr *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "contact", json_string(r->contact));
    if (r->relationship)
        json_object_set_new(o, "relationship", json_string(r->relationship));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!text)
        return herr_set(e, HERR_INPUT, "the requester's name and contact must be UTF-8");
    size_t n = strlen(text);
    store_sealer z;
    int rc = store_sealer_init(s, &z, e);
    if (rc == HERR_OK) {
        unsigned char ad[16];
        id_ad(id, ad);
        store_sealer_seal_bytes(&z, ad, sizeof ad, text, n, out, len);
        store_sealer_end(&z);
    }
    sodium_memzero(text, n);
    free(text);
    return rc;
}

static int unseal(store *s, long id, const unsigned char *box, size_t len, json_t **out, herr *e)
{
    unsigned char key[STORE_KEY_BYTES], ad[16];
    int rc = store_key_load(s, false, key, e);
    if (rc != HERR_OK)
        return rc;
    id_ad(id, ad);
    char *plain;
    size_t n;
    bool opened = store_unseal_bytes(key, ad, sizeof ad, box, len, &plain, &n);
    sodium_memzero(key, sizeof key);
    if (!opened)
        return herr_set(e, HERR_INTERNAL,
                        "inquiry %ld: the requester does not open with this key (wrong key file, "
                        "or the row was altered)", id);
    *out = json_loadb(plain, n, 0, NULL);
    sodium_memzero(plain, n);
    free(plain);
    return *out ? HERR_OK : herr_set(e, HERR_INTERNAL, "inquiry %ld: bad sealed requester", id);
}

/* Offers the candidates of one inquiry; counts persons never offered.
 * A query that cannot run is an error when filing (strict); when matching
 * again it offers nothing (it was checked when filed). */
static int match_one(store *s, const trace_index *ix, long id, const trace_query *q, bool strict,
                     long *fresh, herr *e)
{
    trace_hit hits[MATCH_MAX];
    size_t n;
    herr qe = {0};
    if (trace_search(ix, q, hits, MATCH_MAX, &n, strict ? e : &qe) != HERR_OK)
        return strict ? e->code : HERR_OK;
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO inquiry_match(inquiry_id, person_id, record_id, probability, "
                           "first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, "
                           "strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
                           "ON CONFLICT(inquiry_id, person_id) DO UPDATE SET "
                           "record_id = excluded.record_id, probability = excluded.probability, "
                           "last_seen = excluded.last_seen RETURNING first_seen = last_seen",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (hits[i].probability < MATCH_MIN || !hits[i].person_id)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, hits[i].person_id);
        sqlite3_bind_int64(st, 3, hits[i].record_id);
        sqlite3_bind_double(st, 4, hits[i].probability);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            return store_error(s, e, "offering a candidate");
        }
        if (sqlite3_column_int(st, 0))
            (*fresh)++;
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
    }
    sqlite3_finalize(st);
    return HERR_OK;
}

/* Files one inquiry inside the caller's transaction. */
static int file_one(store *s, const trace_index *ix, const trace_query *q, const trace_requester *r,
                    bool consent, const char *actor, long *id, herr *e)
{
    if (!r->name || !*r->name || !r->contact || !*r->contact)
        return herr_set(e, HERR_INPUT, "an inquiry needs the requester's name and a contact");
    json_t *sought = trace_query_json(q);
    char *text = json_dumps(sought, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(sought);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO inquiry(created_at, created_by, sought, requester, consent) "
                           "VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?1, ?2, x'', ?3)",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, consent);
        rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "filing the inquiry");
        sqlite3_finalize(st);
    }
    free(text);
    /* Matched first: a query that cannot run is refused before the
     * requester is sealed (and before a key file is made). */
    long fresh = 0;
    if (rc == HERR_OK) {
        *id = (long)sqlite3_last_insert_rowid(store_db(s));
        rc = match_one(s, ix, *id, q, true, &fresh, e);
    }
    unsigned char *box = NULL;
    size_t blen = 0;
    if (rc == HERR_OK)
        rc = seal(s, *id, r, &box, &blen, e);
    if (rc == HERR_OK && (rc = store_prepare(s, "UPDATE inquiry SET requester = ?2 WHERE id = ?1",
                                             &st, e)) == HERR_OK) {
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_blob(st, 2, box, (int)blen, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "sealing the requester");
        sqlite3_finalize(st);
    }
    free(box);
    char object[32];
    snprintf(object, sizeof object, "inquiry:%ld", *id);
    if (rc == HERR_OK)
        rc = audit_append(s, actor, "inquiry.add", object, NULL, e);
    return rc;
}

int inquiry_add(store *s, const trace_index *ix, const trace_query *q, const trace_requester *r,
                bool consent, const char *actor, long *id, herr *e)
{
    inquiry_new one = {.q = *q, .r = *r, .consent = consent};
    size_t failed;
    return inquiry_add_all(s, ix, &one, 1, actor, id, &failed, e);
}

int inquiry_add_all(store *s, const trace_index *ix, const inquiry_new *in, size_t n,
                    const char *actor, long *ids, size_t *failed, herr *e)
{
    *failed = n;
    int rc = store_begin(s, e);
    for (size_t i = 0; rc == HERR_OK && i < n; i++) {
        rc = file_one(s, ix, &in[i].q, &in[i].r, in[i].consent, actor, &ids[i], e);
        if (rc != HERR_OK)
            *failed = i;
    }
    return store_end(s, rc, e);
}

bool inquiry_parse_consent(const char *s, bool *consent)
{
    sbuf word;
    sbuf_init(&word);
    names_fold(s, strlen(s), ' ', &word);
    bool yes = word.len && (strcmp(word.data, "yes") == 0 || strcmp(word.data, "si") == 0);
    bool no = word.len && strcmp(word.data, "no") == 0;
    sbuf_free(&word);
    if (yes || no)
        *consent = yes;
    return yes || no;
}

int inquiry_rematch(store *s, const trace_index *ix, long *fresh, herr *e)
{
    *fresh = 0;
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT id, sought FROM inquiry WHERE status = 'open' ORDER BY id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    if ((rc = store_begin(s, e)) != HERR_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    while (rc == HERR_OK && sqlite3_step(st) == SQLITE_ROW) {
        long id = (long)sqlite3_column_int64(st, 0);
        json_t *j = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
        trace_query q;
        herr qe = {0};
        if (j && trace_query_from_json(j, &q, &qe) == HERR_OK)
            rc = match_one(s, ix, id, &q, false, fresh, e);
        json_decref(j);
    }
    sqlite3_finalize(st);
    if (rc == HERR_OK && *fresh) {
        char detail[48];
        snprintf(detail, sizeof detail, "new_candidates=%ld", *fresh);
        rc = audit_append(s, "system", "inquiry.rematch", "", detail, e);
    }
    return store_end(s, rc, e);
}

int inquiry_list_json(store *s, json_t **out, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT i.id, i.status, i.created_at, json_extract(i.sought, '$.name'), "
                           "(SELECT count(*) FROM inquiry_match m WHERE m.inquiry_id = i.id), "
                           "(SELECT count(*) FROM inquiry_match m WHERE m.inquiry_id = i.id "
                           " AND m.is_new) "
                           "FROM inquiry i ORDER BY i.status <> 'open', i.id DESC",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(o, "status", json_string((const char *)sqlite3_column_text(st, 1)));
        json_object_set_new(o, "created_at", json_string((const char *)sqlite3_column_text(st, 2)));
        const char *name = (const char *)sqlite3_column_text(st, 3);
        json_object_set_new(o, "name", name ? json_string(name) : json_null());
        json_object_set_new(o, "candidates", json_integer(sqlite3_column_int64(st, 4)));
        json_object_set_new(o, "new", json_integer(sqlite3_column_int64(st, 5)));
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    *out = arr;
    return HERR_OK;
}

/* The inquiry's candidates, best first, with a display name each. */
static json_t *candidates_json(store *s, long id, herr *e)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT m.person_id, m.record_id, m.probability, m.first_seen, m.last_seen, "
                      "m.is_new, trim(COALESCE(r.full_name, COALESCE(r.given_names,'') || ' ' || "
                      "COALESCE(r.surname1,'') || ' ' || COALESCE(r.surname2,''))) "
                      "FROM inquiry_match m JOIN record r ON r.id = m.record_id "
                      "WHERE m.inquiry_id = ?1 ORDER BY m.probability DESC, m.person_id",
                      &st, e) != HERR_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        json_object_set_new(o, "person_id", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(o, "record_id", json_integer(sqlite3_column_int64(st, 1)));
        json_object_set_new(o, "probability", json_real(sqlite3_column_double(st, 2)));
        json_object_set_new(o, "first_seen", json_string((const char *)sqlite3_column_text(st, 3)));
        json_object_set_new(o, "last_seen", json_string((const char *)sqlite3_column_text(st, 4)));
        json_object_set_new(o, "new", json_boolean(sqlite3_column_int(st, 5)));
        json_object_set_new(o, "name", json_string((const char *)sqlite3_column_text(st, 6)));
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    return arr;
}

int inquiry_show_json(store *s, long id, bool with_contact, bool mark_seen, const char *actor,
                      json_t **out, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT created_at, created_by, sought, requester, consent, status, "
                           "closed_at, close_note FROM inquiry WHERE id = ?1",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return herr_set(e, HERR_INPUT, "no inquiry %ld (see 'habeas inquiry list')", id);
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "created_at", json_string((const char *)sqlite3_column_text(st, 0)));
    json_object_set_new(o, "created_by", json_string((const char *)sqlite3_column_text(st, 1)));
    json_t *sought = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
    json_object_set_new(o, "sought", sought ? sought : json_null());
    json_object_set_new(o, "consent", json_boolean(sqlite3_column_int(st, 4)));
    json_object_set_new(o, "status", json_string((const char *)sqlite3_column_text(st, 5)));
    if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
        json_object_set_new(o, "closed_at", json_string((const char *)sqlite3_column_text(st, 6)));
        json_object_set_new(o, "close_note", json_string((const char *)sqlite3_column_text(st, 7)));
    }
    json_t *req = NULL;
    if (with_contact)
        rc = unseal(s, id, sqlite3_column_blob(st, 3), (size_t)sqlite3_column_bytes(st, 3), &req, e);
    sqlite3_finalize(st);
    json_t *cands = rc == HERR_OK ? candidates_json(s, id, e) : NULL;
    if (rc == HERR_OK && !cands)
        rc = HERR_INTERNAL;
    if (rc == HERR_OK && (with_contact || mark_seen))
        rc = store_begin(s, e);
    if (rc == HERR_OK && (with_contact || mark_seen)) {
        char object[32];
        snprintf(object, sizeof object, "inquiry:%ld", id);
        if (with_contact)
            rc = audit_append(s, actor, "inquiry.read_contact", object, NULL, e);
        if (rc == HERR_OK && mark_seen &&
            (rc = store_prepare(s, "UPDATE inquiry_match SET is_new = 0 WHERE inquiry_id = ?1",
                                &st, e)) == HERR_OK) {
            sqlite3_bind_int64(st, 1, id);
            rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "marking seen");
            sqlite3_finalize(st);
        }
        rc = store_end(s, rc, e);
    }
    if (rc != HERR_OK) {
        json_decref(o);
        json_decref(req);
        json_decref(cands);
        return rc;
    }
    if (req)
        json_object_set_new(o, "requester", req);
    json_object_set_new(o, "candidates", cands);
    *out = o;
    return HERR_OK;
}

int inquiry_close(store *s, long id, const char *status, const char *note, const char *actor,
                  herr *e)
{
    if (strcmp(status, "answered") != 0 && strcmp(status, "withdrawn") != 0)
        return herr_set(e, HERR_INPUT, "an inquiry closes as 'answered' or 'withdrawn', not '%s'",
                        status);
    if (!note || !*note)
        return herr_set(e, HERR_INPUT, "closing an inquiry needs a note (what the family was told)");
    int rc = store_begin(s, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "UPDATE inquiry SET status = ?2, close_note = ?3, "
                       "closed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                       "WHERE id = ?1 AND status = 'open'",
                       &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "closing the inquiry");
        sqlite3_finalize(st);
        if (rc == HERR_OK && sqlite3_changes(store_db(s)) != 1)
            rc = herr_set(e, HERR_INPUT, "no open inquiry %ld", id);
    }
    char object[32];
    snprintf(object, sizeof object, "inquiry:%ld", id);
    if (rc == HERR_OK)
        rc = audit_append(s, actor, "inquiry.close", object, status, e);
    return store_end(s, rc, e);
}
