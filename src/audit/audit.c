/*
 * audit.c — appending to and verifying the hash chain (see audit.h).
 *
 * The hash of entry N is BLAKE2b-256 over, in order: the previous entry's
 * hash (hex, "" for the first), N, the time, actor, action, object and
 * detail, each preceded by its length as 8 bytes (all ones for NULL).  The
 * id is part of the hash so that an entry cannot be moved, and ids are
 * dense (each is the previous plus one) so that a deleted entry leaves a
 * visible gap even before the hashes are checked.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"

static void hash_field(crypto_generichash_state *h, const char *p)
{
    uint64_t len = p ? (uint64_t)strlen(p) : UINT64_MAX;
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(len >> (8 * i));
    crypto_generichash_update(h, b, sizeof b);
    if (p)
        crypto_generichash_update(h, (const unsigned char *)p, strlen(p));
}

/* The hash of one entry, as hex, into out. */
static void entry_hash(const char *prev, long id, const char *at, const char *actor,
                       const char *action, const char *object, const char *detail,
                       char out[AUDIT_HASH_HEX])
{
    crypto_generichash_state h;
    unsigned char d[32];
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%ld", id);
    crypto_generichash_init(&h, NULL, 0, sizeof d);
    hash_field(&h, prev);
    hash_field(&h, idtext);
    hash_field(&h, at);
    hash_field(&h, actor);
    hash_field(&h, action);
    hash_field(&h, object);
    hash_field(&h, detail);
    crypto_generichash_final(&h, d, sizeof d);
    sodium_bin2hex(out, AUDIT_HASH_HEX, d, sizeof d);
}

void audit_now(char out[AUDIT_TIME])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static int append_in_tx(store *s, const char *at, const char *actor, const char *action,
                        const char *object, const char *detail, herr *e)
{
    sqlite3_stmt *st;
    if (store_cached(s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, e) != HERR_OK)
        return e->code;
    long id = 1;
    char prev[AUDIT_HASH_HEX] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    store_done(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(s, e, "audit: reading the chain");

    char hash[AUDIT_HASH_HEX];
    entry_hash(prev, id, at, actor, action, object, detail, hash);
    if (store_cached(s,
                      "INSERT INTO audit(id, at, actor, action, object, detail, prev_hash, hash) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      &st, e) != HERR_OK)
        return e->code;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
    if (object)
        sqlite3_bind_text(st, 5, object, -1, SQLITE_STATIC);
    if (detail)
        sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? HERR_OK : store_error(s, e, "audit: appending");
    store_done(s, st);
    return rc;
}

int audit_append(store *s, const char *actor, const char *action, const char *object,
                 const char *detail, herr *e)
{
    if (!actor || !*actor || !action || !*action)
        return herr_set(e, HERR_INTERNAL, "audit: an entry needs an actor and an action");
    audit_entry one = {.actor = (char *)actor, .action = (char *)action,
                       .object = (char *)object, .detail = (char *)detail};
    audit_now(one.at);
    return audit_append_all(s, &one, 1, e);
}

int audit_append_all(store *s, const audit_entry *v, size_t n, herr *e)
{
    for (size_t i = 0; i < n; i++)
        if (!v[i].actor || !*v[i].actor || !v[i].action || !*v[i].action)
            return herr_set(e, HERR_INTERNAL, "audit: an entry needs an actor and an action");
    bool own = sqlite3_get_autocommit(store_db(s));
    if (own && store_begin(s, e) != HERR_OK)
        return e->code;
    int rc = HERR_OK;
    for (size_t i = 0; i < n && rc == HERR_OK; i++)
        rc = append_in_tx(s, v[i].at, v[i].actor, v[i].action, v[i].object, v[i].detail, e);
    return own ? store_end(s, rc, e) : rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int audit_verify(store *s, audit_report *r, herr *e)
{
    memset(r, 0, sizeof *r);
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT id, at, actor, action, object, detail, prev_hash, hash "
                      "FROM audit ORDER BY id",
                      &st, e) != HERR_OK)
        return e->code;
    char prev[AUDIT_HASH_HEX] = "";
    long expect_id = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long id = sqlite3_column_int64(st, 0);
        r->entries++;
        char hash[AUDIT_HASH_HEX];
        entry_hash(prev, id, col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), hash);
        const char *why = NULL;
        if (id != expect_id)
            why = "an entry before it is missing (ids are not consecutive)";
        else if (!col(st, 6) || strcmp(col(st, 6), prev) != 0)
            why = "it does not point to the entry before it";
        else if (!col(st, 7) || strcmp(col(st, 7), hash) != 0)
            why = "its content does not match its hash (altered)";
        if (why) {
            r->first_bad = id;
            snprintf(r->reason, sizeof r->reason, "%s", why);
            break;
        }
        snprintf(prev, sizeof prev, "%s", hash);
        expect_id = id + 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(s, e, "audit: reading the chain");
    snprintf(r->head, sizeof r->head, "%s", prev);
    return HERR_OK;
}
