/*
 * store.c — opening, migrating and talking to the SQLite file.
 * See store.h for the design.
 */
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The statement cache: few, fixed SQL texts on the hot paths (a person's
 * view, a session's lookup, an audit append), found by the text's
 * address first and its content second. */
#define CACHE_MAX 32

typedef struct cached {
    const char *sql; /* the caller's text: a string literal */
    sqlite3_stmt *st;
    bool busy;       /* handed out and not yet done */
} cached;

struct store {
    sqlite3 *db;
    char *path;
    cached cache[CACHE_MAX];
    int ncache;
};

int store_schema_latest(void)
{
    return store_n_migrations;
}

sqlite3 *store_db(store *s)
{
    return s->db;
}

const char *store_path(const store *s)
{
    return s->path;
}

int store_error(store *s, herr *e, const char *what)
{
    return herr_set(e, HERR_INTERNAL, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

int store_exec(store *s, const char *sql, herr *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        herr_set(e, HERR_INTERNAL, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return HERR_INTERNAL;
    }
    return HERR_OK;
}

int store_prepare(store *s, const char *sql, sqlite3_stmt **st, herr *e)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_error(s, e, "preparing a statement");
    return HERR_OK;
}

int store_cached(store *s, const char *sql, sqlite3_stmt **st, herr *e)
{
    cached *c = NULL;
    for (int i = 0; i < s->ncache && !c; i++)
        if (s->cache[i].sql == sql || strcmp(s->cache[i].sql, sql) == 0)
            c = &s->cache[i];
    if (c && !c->busy) {
        c->busy = true;
        *st = c->st;
        return HERR_OK;
    }
    if (c || s->ncache == CACHE_MAX) /* nested use, or a full cache: a statement of its own */
        return store_prepare(s, sql, st, e);
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return store_error(s, e, "preparing a statement");
    s->cache[s->ncache++] = (cached){.sql = sql, .st = *st, .busy = true};
    return HERR_OK;
}

void store_done(store *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < s->ncache; i++)
        if (s->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            s->cache[i].busy = false;
            return;
        }
    sqlite3_finalize(st);
}

void store_bind_text(sqlite3_stmt *st, int idx, const char *p, size_t len)
{
    if (p && len)
        sqlite3_bind_text(st, idx, p, (int)len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, idx);
}

int store_begin(store *s, herr *e)
{
    return store_exec(s, "BEGIN IMMEDIATE", e);
}

int store_commit(store *s, herr *e)
{
    return store_exec(s, "COMMIT", e);
}

void store_rollback(store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_foreign_keys(store *s, bool on, herr *e)
{
    return store_exec(s, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", e);
}

int store_end(store *s, int rc, herr *e)
{
    if (rc == HERR_OK)
        rc = store_commit(s, e);
    if (rc != HERR_OK)
        store_rollback(s);
    return rc;
}

int store_indexes_drop(store *s, const char *table, store_indexes *out, herr *e)
{
    out->sql = NULL;
    out->n = 0;
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    char **names = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            out->sql = xrealloc(out->sql, cap * sizeof *out->sql);
            names = xrealloc(names, cap * sizeof *names);
        }
        names[out->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
        out->sql[out->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    /* The names are the schema's own, not data; quoted all the same. */
    for (size_t i = 0; i < out->n && rc == HERR_OK; i++) {
        char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
        rc = store_exec(s, sql, e);
        sqlite3_free(sql);
    }
    for (size_t i = 0; i < out->n; i++)
        free(names[i]);
    free(names);
    if (rc != HERR_OK)
        store_indexes_free(out);
    return rc;
}

int store_indexes_create(store *s, store_indexes *saved, herr *e)
{
    int rc = HERR_OK;
    for (size_t i = 0; i < saved->n && rc == HERR_OK; i++)
        rc = store_exec(s, saved->sql[i], e);
    store_indexes_free(saved);
    return rc;
}

void store_indexes_free(store_indexes *saved)
{
    for (size_t i = 0; i < saved->n; i++)
        free(saved->sql[i]);
    free(saved->sql);
    saved->sql = NULL;
    saved->n = 0;
}

/* Sets the journal mode; true when the database reports it in effect. */
static bool set_journal_mode(store *s, const char *mode)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
    sqlite3_stmt *st;
    bool ok = false;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *got = (const char *)sqlite3_column_text(st, 0);
            ok = got && strcmp(got, mode) == 0;
        }
        sqlite3_finalize(st);
    }
    return ok;
}

#define BULK_MIN_BYTES (16u << 20)

bool store_bulk_begin(store *s, size_t bytes)
{
    if (bytes < BULK_MIN_BYTES)
        return false;
    if (!set_journal_mode(s, "delete")) {
        set_journal_mode(s, "wal");
        return false;
    }
    return true;
}

void store_bulk_end(store *s)
{
    set_journal_mode(s, "wal");
}

int store_schema_version(store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static int migrate(store *s, herr *e)
{
    int v = store_schema_version(s);
    if (v < 0)
        return store_error(s, e, "reading the schema version");
    if (v > store_n_migrations)
        return herr_set(e, HERR_INPUT,
                        "%s: database schema version %d is newer than this habeas (%d); "
                        "upgrade habeas",
                        s->path, v, store_n_migrations);
    for (int i = v; i < store_n_migrations; i++) {
        if (store_begin(s, e) != HERR_OK)
            return HERR_INTERNAL;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", i + 1);
        if (store_exec(s, store_migrations[i], e) != HERR_OK || store_exec(s, pragma, e) != HERR_OK) {
            store_rollback(s);
            return HERR_INTERNAL;
        }
        if (store_commit(s, e) != HERR_OK) {
            store_rollback(s);
            return HERR_INTERNAL;
        }
    }
    return HERR_OK;
}

int store_open(const char *path, store_mode mode, store **out, herr *e)
{
    *out = NULL;
    struct stat st;
    if (mode == STORE_MUST_EXIST && stat(path, &st) != 0)
        return herr_set(e, HERR_INPUT, "%s: no database here; run 'habeas init' or give --db PATH",
                        path);
    store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    /* A connection is used by one thread at a time: no SQLite mutexes. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        herr_set(e, HERR_INPUT, "%s: cannot open database: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return HERR_INPUT;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* WAL with synchronous=NORMAL: a committed transaction survives a
     * killed process; a power cut may lose the last commits but never
     * corrupts the file. */
    /* Pages of 8 KiB: fewer, fuller pages for long rows; only takes
     * effect on a new, empty file. */
    if (store_exec(s, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
                      "PRAGMA temp_store = MEMORY;",
                   e) != HERR_OK) {
        herr_set(e, HERR_INPUT, "%s: not a habeas database (or unreadable): %s", path,
                 sqlite3_errmsg(s->db));
        store_close(s);
        return HERR_INPUT;
    }
    int rc = migrate(s, e);
    if (rc != HERR_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return HERR_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ncache; i++)
        sqlite3_finalize(s->cache[i].st);
    if (s->db)
        sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

json_t *store_column_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
    case SQLITE_NULL: return json_null();
    default: {
        const char *t = (const char *)sqlite3_column_text(st, i);
        json_t *v = json_stringn(t, (size_t)sqlite3_column_bytes(st, i));
        return v ? v : json_null();
    }
    }
}
