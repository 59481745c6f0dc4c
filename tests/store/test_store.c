/* The database file: created with the schema, refused when missing or
 * newer than this program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "testutil.h"

static void test_create_and_reopen(void **state)
{
    (void)state;
    char path[64];
    test_db_path(path, sizeof path, "store");
    test_db_remove(path);
    store *s;
    herr e;
    herr_clear(&e);
    assert_int_equal(store_open(path, STORE_MUST_EXIST, &s, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "habeas init"));
    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), HERR_OK);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    /* WAL and foreign keys are on. */
    sqlite3_stmt *st;
    assert_int_equal(store_prepare(s, "PRAGMA journal_mode", &st, &e), HERR_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(store_exec(s, "INSERT INTO reject(source_id, line, reason, raw) "
                                   "VALUES (999, 1, 'x', 'y')", &e), HERR_INTERNAL);
    assert_non_null(strstr(e.msg, "FOREIGN KEY"));
    /* A schema from the future is refused, not misread. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_latest() + 1);
    assert_int_equal(store_exec(s, sql, &e), HERR_OK);
    store_close(s);
    assert_int_equal(store_open(path, STORE_MUST_EXIST, &s, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "newer than this habeas"));
    test_db_remove(path);
}

/* The indexes of a table, one line each, as sqlite_master has them. */
static void index_sql(store *s, const char *table, char *out, size_t size)
{
    sqlite3_stmt *st;
    herr e;
    assert_int_equal(store_prepare(s,
                                   "SELECT group_concat(sql, char(10)) FROM (SELECT sql FROM "
                                   "sqlite_master WHERE type = 'index' AND tbl_name = ?1 "
                                   "AND sql IS NOT NULL ORDER BY name)",
                                   &st, &e),
                     HERR_OK);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(st, 0);
    snprintf(out, size, "%s", t ? t : "");
    sqlite3_finalize(st);
}

/* A table refilled without its indexes gets the same indexes back; a
 * refill that fails rolls back to them. */
static void test_indexes_drop_and_create(void **state)
{
    (void)state;
    char path[64];
    test_db_path(path, sizeof path, "indexes");
    test_db_remove(path);
    store *s;
    herr e;
    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), HERR_OK);
    assert_int_equal(store_exec(s, "CREATE TABLE t (a INTEGER PRIMARY KEY, b, c UNIQUE);"
                                   "CREATE INDEX t_b ON t(b);"
                                   "CREATE INDEX t_bc ON t(b, c DESC);",
                                &e),
                     HERR_OK);
    char before[512], during[512], after[512];
    index_sql(s, "t", before, sizeof before);
    assert_string_equal(before, "CREATE INDEX t_b ON t(b)\nCREATE INDEX t_bc ON t(b, c DESC)");

    store_indexes saved;
    assert_int_equal(store_begin(s, &e), HERR_OK);
    assert_int_equal(store_indexes_drop(s, "t", &saved, &e), HERR_OK);
    assert_int_equal(saved.n, 2);
    index_sql(s, "t", during, sizeof during);
    assert_string_equal(during, "");
    /* the key's own index stays: c is still unique */
    assert_int_equal(store_exec(s, "INSERT INTO t(b, c) VALUES (1, 1), (2, 2)", &e), HERR_OK);
    assert_int_equal(store_exec(s, "INSERT INTO t(b, c) VALUES (3, 1)", &e), HERR_INTERNAL);
    assert_int_equal(store_indexes_create(s, &saved, &e), HERR_OK);
    assert_int_equal(saved.n, 0);
    assert_int_equal(store_commit(s, &e), HERR_OK);
    index_sql(s, "t", after, sizeof after);
    assert_string_equal(after, before);

    assert_int_equal(store_begin(s, &e), HERR_OK);
    assert_int_equal(store_indexes_drop(s, "t", &saved, &e), HERR_OK);
    store_rollback(s);
    store_indexes_free(&saved);
    index_sql(s, "t", after, sizeof after);
    assert_string_equal(after, before);
    store_close(s);
    test_db_remove(path);
}

static void test_not_a_database(void **state)
{
    (void)state;
    char path[64];
    test_db_path(path, sizeof path, "junk");
    FILE *f = fopen(path, "w");
    fputs("this is not sqlite, just text that is long enough to have a header......", f);
    fclose(f);
    store *s;
    herr e;
    assert_int_equal(store_open(path, STORE_MUST_EXIST, &s, &e), HERR_INPUT);
    test_db_remove(path);
}

/* A box is nonce || XChaCha20-Poly1305 ciphertext under the key beside
 * the database, for its associated data exactly: a box written the way
 * inquiries have always been (a random nonce, "inq<id>" zero-padded to 16
 * bytes) opens with store_unseal_bytes, and not for the bare string or
 * another inquiry; what the sealer makes opens with libsodium alone. */
static void test_box_format(void **state)
{
    (void)state;
    char path[64], keyfile[80];
    test_db_path(path, sizeof path, "seal");
    test_db_remove(path);
    snprintf(keyfile, sizeof keyfile, "%s.key", path);
    unlink(keyfile);
    store *s;
    herr e;
    herr_clear(&e);
    assert_int_equal(store_open(path, STORE_CREATE, &s, &e), HERR_OK);
    unsigned char key[STORE_KEY_BYTES];
    assert_int_equal(store_key_load(s, false, key, &e), HERR_INPUT); /* none yet */
    assert_non_null(strstr(e.msg, "is missing"));
    assert_int_equal(store_key_load(s, true, key, &e), HERR_OK);

    const char *text = "{\"name\":\"Rosa\",\"contact\":\"7000-0000\"}";
    size_t n = strlen(text);
    unsigned char ad[16] = {0}, other[16] = {0};
    snprintf((char *)ad, sizeof ad, "inq%d", 7);
    snprintf((char *)other, sizeof other, "inq%d", 8);
    size_t len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + n +
                 crypto_aead_xchacha20poly1305_ietf_ABYTES;
    unsigned char *old = malloc(len);
    randombytes_buf(old, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long clen;
    crypto_aead_xchacha20poly1305_ietf_encrypt(old + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                               &clen, (const unsigned char *)text, n, ad,
                                               sizeof ad, NULL, old, key);
    char *plain;
    size_t pn;
    assert_true(store_unseal_bytes(key, ad, sizeof ad, old, len, &plain, &pn));
    assert_int_equal(pn, n);
    assert_string_equal(plain, text);
    free(plain);
    assert_false(store_unseal(key, "inq7", old, len, &plain, &pn));
    assert_false(store_unseal_bytes(key, other, sizeof other, old, len, &plain, &pn));
    assert_false(store_unseal_bytes(key, ad, sizeof ad, old, 20, &plain, &pn)); /* truncated */

    store_sealer z;
    assert_int_equal(store_sealer_init(s, &z, &e), HERR_OK);
    unsigned char *box1, *box2;
    size_t len1, len2;
    store_sealer_seal_bytes(&z, ad, sizeof ad, text, n, &box1, &len1);
    store_sealer_seal(&z, "reject:1:4", text, n, &box2, &len2);
    store_sealer_end(&z);
    assert_int_equal(len1, len);
    assert_memory_not_equal(box1, box2, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned char back[128];
    unsigned long long bn;
    assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(
                         back, &bn, NULL, box1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                         len1 - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad, sizeof ad,
                         box1, key),
                     0);
    assert_memory_equal(back, text, n);
    assert_true(store_unseal(key, "reject:1:4", box2, len2, &plain, &pn));
    free(plain);
    assert_false(store_unseal(key, "reject:1:5", box2, len2, &plain, &pn));
    free(old);
    free(box1);
    free(box2);
    store_close(s);
    test_db_remove(path);
    unlink(keyfile);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reopen),
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_indexes_drop_and_create),
        cmocka_unit_test(test_box_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
