/* The database file: created with the schema, refused when missing or
 * newer than this program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reopen),
        cmocka_unit_test(test_not_a_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
