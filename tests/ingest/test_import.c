/*
 * Importing a list with every kind of bad row and bad field
 * (fixtures/bad_rows.csv): each reject and warning has the line, column
 * and reason a documenter needs; good rows and their events arrive;
 * --strict changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "testutil.h"

static char db_path[80];
static char fixture[512];
static store *db;

static int setup(void **state)
{
    (void)state;
    test_db_path(db_path, sizeof db_path, "import");
    const char *dir = getenv("HABEAS_FIXTURES");
    snprintf(fixture, sizeof fixture, "%s/bad_rows.csv", dir ? dir : "tests/fixtures");
    herr e;
    return store_open(db_path, STORE_CREATE, &db, &e);
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    test_db_remove(db_path);
    return 0;
}

static long count(const char *sql)
{
    sqlite3_stmt *st;
    herr e;
    assert_int_equal(store_prepare(db, sql, &st, &e), HERR_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_strict_changes_nothing(void **state)
{
    (void)state;
    ingest_opts o = {.path = fixture, .display = "bad_rows.csv", .source_name = "strict",
                     .kind = "ngo_case", .received = "2025-06-01", .strict = true};
    ingest_report r;
    herr e;
    herr_clear(&e);
    assert_int_equal(ingest_file(db, &o, &r, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "refused (--strict): 3 rejected rows and 11 field warnings"));
    assert_true(r.n_problems > 0);
    ingest_report_free(&r);
    assert_int_equal(count("SELECT count(*) FROM source"), 0);
    assert_int_equal(count("SELECT count(*) FROM record"), 0);
    assert_int_equal(count("SELECT count(*) FROM reject"), 0);
    assert_int_equal(count("SELECT count(*) FROM warning"), 0);
}

static void test_rejects_and_warnings(void **state)
{
    (void)state;
    ingest_opts o = {.path = fixture, .display = "bad_rows.csv", .source_name = "bad",
                     .kind = "ngo_case", .received = "2025-06-01"};
    ingest_report r;
    herr e;
    herr_clear(&e);
    if (ingest_file(db, &o, &r, &e) != HERR_OK)
        fail_msg("import failed: %s", e.msg);
    assert_int_equal(r.rows, 15);
    assert_int_equal(r.imported, 12);
    assert_int_equal(r.rejected, 3);
    assert_int_equal(r.warnings, 11);
    assert_int_equal(r.blank, 1);
    /* The register is empty: every facility name is unresolved. */
    assert_int_equal(r.n_unresolved, 5);
    ingest_report_free(&r);

    static const struct {
        long line;
        const char *reason_part;
    } rejects[] = {
        {5, "no name and no document"},
        {6, "expected 14 fields, found 3"},
        {7, "unbalanced quote"},
    };
    sqlite3_stmt *st;
    assert_int_equal(store_prepare(db, "SELECT line, reason, raw FROM reject ORDER BY line", &st, &e),
                     HERR_OK);
    for (size_t i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(st, 0), rejects[i].line);
        const char *reason = (const char *)sqlite3_column_text(st, 1);
        if (!strstr(reason, rejects[i].reason_part))
            fail_msg("line %ld: reason '%s', expected '%s'", rejects[i].line, reason,
                     rejects[i].reason_part);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    /* The raw text of a reject is the row as received. */
    assert_int_equal(count("SELECT count(*) FROM reject WHERE line = 6 AND raw = 'A5,Pedro,Gómez'"), 1);

    static const struct {
        long line;
        const char *column, *value, *reason;
    } warnings[] = {
        {3, "fecha_nacimiento", "31/02/1990", "is not a date"},
        {4, "dui", "01234567-9", "has a bad DUI check digit (9; 8 would be valid)"},
        {8, "fecha_captura", "1999-01-01", "is before birth_date 2001-02-03"},
        {9, "fecha_fallecimiento", "2021-01-01", "is before arrest_date 2022-04-03"},
        {10, "fecha_nacimiento", "2030-01-01", "is in the future (after 2025-06-01)"},
        {11, "edad", "veinte", "is not an age in years (0 to 120)"},
        {11, "sexo", "X", "is not a sex (M or F)"},
        {11, "vulnerabilidad", "tatuajes", "has unknown terms 'tatuajes'"},
        {16, "fecha_nacimiento", "04/15/1990", "is not a date"},
        {17, "edad", "10", "does not match birth_date 1990-01-01"},
        {18, "fecha_nacimiento", "15/04/22", "has a two-digit year"},
    };
    assert_int_equal(store_prepare(db,
                                   "SELECT line, column_name, value, reason FROM warning "
                                   "ORDER BY line, id",
                                   &st, &e),
                     HERR_OK);
    for (size_t i = 0; i < sizeof warnings / sizeof warnings[0]; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(st, 0), warnings[i].line);
        assert_string_equal((const char *)sqlite3_column_text(st, 1), warnings[i].column);
        assert_string_equal((const char *)sqlite3_column_text(st, 2), warnings[i].value);
        const char *reason = (const char *)sqlite3_column_text(st, 3);
        if (strncmp(reason, warnings[i].reason, strlen(warnings[i].reason)) != 0)
            fail_msg("line %ld %s: reason '%s', expected '%s'", warnings[i].line,
                     warnings[i].column, reason, warnings[i].reason);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);

    /* A field that warned is kept raw but not used; the person is kept. */
    assert_int_equal(count("SELECT count(*) FROM record WHERE source_ref = 'A2' AND birth_date IS NULL "
                           "AND raw LIKE '%31/02/1990%' AND arrest_date = '2022-04-03'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM record WHERE source_ref = 'A3' AND dui IS NULL "
                           "AND birth_date = '1990' AND arrest_date = '2022-05'"),
                     1);
    /* A multi-line quoted field: the record starts on line 13. */
    assert_int_equal(count("SELECT count(*) FROM record WHERE line = 13 AND given_names LIKE "
                           "'María%de los Ángeles' AND vulnerability = 'pregnant'"),
                     1);
    /* Parsed vocabularies. */
    assert_int_equal(count("SELECT count(*) FROM record WHERE source_ref = 'A1' AND status = 'held' "
                           "AND sex = 'M' AND dui = '01234567-8' AND birth_date = '1990-04-15'"),
                     1);
    /* Events derived from records, each citing its record. */
    assert_int_equal(count("SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id "
                           "WHERE r.source_ref = 'A8' AND e.kind = 'death' AND e.date IS NULL"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id "
                           "WHERE r.source_ref = 'A12' AND e.kind = 'disappearance_report'"),
                     1);
    assert_int_equal(count("SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id "
                           "WHERE r.source_ref = 'A3' AND e.kind = 'arrest' AND e.date = '2022-05' "
                           "AND e.precision = 'month'"),
                     1);
    assert_int_equal(count("SELECT rows || '/' || imported || '/' || rejected || '/' || warnings "
                           "= '15/12/3/11' FROM source WHERE name = 'bad'"),
                     1);
}

static void test_reimport_refused(void **state)
{
    (void)state;
    ingest_opts o = {.path = fixture, .display = "bad_rows.csv", .source_name = "again",
                     .kind = "ngo_case", .received = "2025-06-01"};
    ingest_report r;
    herr e;
    herr_clear(&e);
    long before = count("SELECT count(*) FROM record");
    assert_int_equal(ingest_file(db, &o, &r, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "already imported as source 'bad'"));
    ingest_report_free(&r);
    assert_int_equal(count("SELECT count(*) FROM record"), before);
    assert_int_equal(count("SELECT count(*) FROM source WHERE name = 'again'"), 0);
    /* A name already taken is refused too. */
    o.source_name = "bad";
    assert_int_equal(ingest_file(db, &o, &r, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "source 'bad' exists already"));
    ingest_report_free(&r);
}

int main(void)
{
    /* Order matters: strict first (nothing may remain), then the import,
     * then the refusals that depend on it. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strict_changes_nothing),
        cmocka_unit_test(test_rejects_and_warnings),
        cmocka_unit_test(test_reimport_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
