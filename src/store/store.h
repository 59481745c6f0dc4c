/*
 * store — the SQLite database every other module reads and writes.
 *
 * One file, WAL journal (readers never block the writer), foreign keys
 * on, a busy timeout so that a second habeas process waits instead of
 * failing.  The schema is a list of numbered migrations (migrations.c);
 * store_open() applies the ones the file lacks, in one transaction each,
 * and records the number in PRAGMA user_version.  A database newer than
 * this program is refused rather than misread.
 *
 * The store owns the connection, the schema and a small cache of prepared
 * statements for hot paths, nothing else: each module
 * writes its own prepared statements against the tables, and SQL text is
 * never built from data (every value is a bound parameter).
 *
 * Ownership: the `store` returned by store_open() belongs to the caller,
 * who releases it with store_close().
 */
#ifndef HABEAS_STORE_H
#define HABEAS_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

#include "util/util.h"

typedef struct store store;

typedef enum {
    STORE_MUST_EXIST = 0, /* read commands: a missing file is an error */
    STORE_CREATE = 1,     /* init, import: create the file if missing */
} store_mode;

int store_open(const char *path, store_mode mode, store **out, herr *e);
void store_close(store *s);
sqlite3 *store_db(store *s);
const char *store_path(const store *s);

/* Number of the newest migration this program knows. */
int store_schema_latest(void);
int store_schema_version(store *s);

/* Transactions.  store_begin() takes the write lock at once (BEGIN
 * IMMEDIATE) so that a long import fails early, not at commit. */
int store_begin(store *s, herr *e);
int store_commit(store *s, herr *e);
void store_rollback(store *s);
/* Ends a transaction by how the work in it went: commits when rc is
 * HERR_OK, else (or when the commit fails) rolls back.  Returns the first
 * error, so a function's tail is `return store_end(s, rc, e);`. */
int store_end(store *s, int rc, herr *e);

/* Foreign-key checks are on for every connection.  A writer may turn
 * them off around one transaction of rows whose parents it has just read
 * and that are never deleted (records): link writes a million membership
 * rows and half a million merges, and each check is a random read of the
 * record table, 8 of a 1M link's 60 seconds.  Outside a transaction only
 * (SQLite ignores the pragma inside one). */
int store_foreign_keys(store *s, bool on, herr *e);

/* Bulk loading.  A large import is one long transaction that writes
 * hundreds of megabytes of new pages; in WAL mode each page is written
 * twice (to the WAL, then to the file at checkpoint).  When no other
 * connection has the database open, store_bulk_begin() switches to a
 * rollback journal for the duration (new pages need no journal, and a
 * killed process still leaves a hot journal that rolls back on the next
 * open); store_bulk_end() switches back to WAL.  Returns false, changing
 * nothing, for small loads or when another connection holds the file. */
bool store_bulk_begin(store *s, size_t bytes);
void store_bulk_end(store *s);

/* Refilling a table.  A table emptied and filled again in one
 * transaction (link's membership and merges, a million and half a million
 * rows) fills three times faster without its indexes: each row is a
 * random insert into every index, where building an index afterwards is
 * one sort.  store_indexes_drop() drops the indexes of `table` (not those
 * SQLite makes for a key) and keeps the SQL that made them;
 * store_indexes_create() runs it again and frees it.  Call both inside
 * the transaction, so that a failure rolls back to the indexes as they
 * were.  store_indexes_free() frees without creating. */
typedef struct store_indexes {
    char **sql;
    size_t n;
} store_indexes;
int store_indexes_drop(store *s, const char *table, store_indexes *out, herr *e);
int store_indexes_create(store *s, store_indexes *saved, herr *e);
void store_indexes_free(store_indexes *saved);

/* Column i of the current row as JSON: integer, real, null or string
 * (null for text that is not UTF-8).  Caller owns the reference. */
struct json_t;
struct json_t *store_column_json(sqlite3_stmt *st, int i);

int store_prepare(store *s, const char *sql, sqlite3_stmt **st, herr *e);
/* A statement prepared once per connection, for SQL run on every request
 * (a person's view, a session lookup, an audit append).  `sql` must live
 * as long as the store (a string literal).  Give it back with
 * store_done(), never sqlite3_finalize(): it is reset for the next
 * caller.  A caller nested inside another's use of the same SQL gets a
 * statement of its own, which store_done() finalizes.  The store
 * finalizes the cache at store_close(). */
int store_cached(store *s, const char *sql, sqlite3_stmt **st, herr *e);
void store_done(store *s, sqlite3_stmt *st);
/* Runs SQL without parameters (schema, pragmas). */
int store_exec(store *s, const char *sql, herr *e);
/* Fills e with "<what>: <sqlite message>" and returns HERR_INTERNAL. */
int store_error(store *s, herr *e, const char *what);

/* Binds a (ptr,len) text, or NULL when ptr is NULL or len is 0. */
void store_bind_text(sqlite3_stmt *st, int idx, const char *p, size_t len);

/* ---- sealing (seal.c) ----
 * What must not be read from a copied database alone (a family's contact,
 * the informant who gave a list's row) is sealed with XChaCha20-Poly1305
 * under a key kept in a file beside the database (<db>.key, 0600).  The
 * associated data names the row the box belongs to, so that a box moved
 * to another row does not open. */
#define STORE_KEY_BYTES 32
/* The key: made when missing and `create`, else HERR_INPUT saying what
 * cannot be read without it. */
int store_key_load(store *s, bool create, unsigned char key[STORE_KEY_BYTES], herr *e);
/* The box opened: *plain (malloc'd, NUL-terminated) and *n; false when it
 * does not open (another key, another row, altered). */
bool store_unseal(const unsigned char key[STORE_KEY_BYTES], const char *ad,
                  const unsigned char *box, size_t len, char **plain, size_t *n);
/* The same for associated data of adlen bytes that need not be a string
 * (an inquiry's: "inq<id>" zero-padded to 16 bytes, as sealed since the
 * first inquiry). */
bool store_unseal_bytes(const unsigned char key[STORE_KEY_BYTES], const unsigned char *ad,
                        size_t adlen, const unsigned char *box, size_t len, char **plain,
                        size_t *n);
/* Many boxes in a row (an import): nonces from one random start and a
 * counter, unique without a system call a box (XChaCha20's 192-bit
 * nonces make a random start safe).  bench/import, 1M rows all sealed:
 * 12.97 s (0.62x sqlite3's .import) with a random nonce a box and
 * jansson's JSON, 10.93 s (0.79x) so, with ingest_seal_row. */
typedef struct store_sealer {
    unsigned char key[STORE_KEY_BYTES];
    unsigned char start[24];
    uint64_t count;
} store_sealer;
int store_sealer_init(store *s, store_sealer *z, herr *e); /* the key made if missing */
void store_sealer_seal(store_sealer *z, const char *ad, const void *plain, size_t n,
                       unsigned char **out, size_t *outlen);
void store_sealer_seal_bytes(store_sealer *z, const unsigned char *ad, size_t adlen,
                             const void *plain, size_t n, unsigned char **out, size_t *outlen);
void store_sealer_end(store_sealer *z); /* wipes the key */

/* What a box holds, named in its associated data with its source and
 * line: a record's row whole, its informant alone, a rejected row. */
typedef enum { STORE_BOX_RECORD, STORE_BOX_INFORMANT, STORE_BOX_REJECT } store_box;
void store_box_ad(store_box what, long source_id, long line, char ad[48]);

/* The migrations, in order; migrations.c. */
extern const char *const store_migrations[];
extern const int store_n_migrations;

#endif
