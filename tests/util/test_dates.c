/* Dates with precision: comparisons only say "before" when certain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "util/util.h"

static void test_calendar(void **state)
{
    (void)state;
    assert_true(date_valid_ymd(2024, 2, 29));
    assert_false(date_valid_ymd(2023, 2, 29));
    assert_false(date_valid_ymd(1900, 2, 29));
    assert_true(date_valid_ymd(2000, 2, 29));
    assert_false(date_valid_ymd(1990, 2, 31));
    assert_false(date_valid_ymd(1990, 4, 31));
    assert_false(date_valid_ymd(1990, 13, 1));
    assert_false(date_valid_ymd(1990, 0, 1));
}

static void test_compare_precision(void **state)
{
    (void)state;
    hdate y2022 = {2022, 0, 0, PREC_YEAR};
    hdate apr2022 = {2022, 4, 0, PREC_MONTH};
    hdate d15 = {2022, 4, 15, PREC_DAY};
    hdate d16 = {2022, 4, 16, PREC_DAY};
    hdate unknown = {0, 0, 0, PREC_UNKNOWN};
    assert_int_equal(hdate_compare(&d15, &d16), -1);
    assert_int_equal(hdate_compare(&d16, &d15), 1);
    /* Cannot tell within the coarser precision. */
    assert_int_equal(hdate_compare(&y2022, &d15), 0);
    assert_int_equal(hdate_compare(&apr2022, &d16), 0);
    assert_int_equal(hdate_compare(&unknown, &d16), 0);
    hdate may2022 = {2022, 5, 0, PREC_MONTH};
    assert_int_equal(hdate_compare(&apr2022, &may2022), -1);
    hdate y2021 = {2021, 0, 0, PREC_YEAR};
    assert_int_equal(hdate_compare(&y2021, &d15), -1);
}

static void test_format(void **state)
{
    (void)state;
    char out[11];
    hdate d = {2022, 4, 5, PREC_DAY};
    hdate_format(&d, out);
    assert_string_equal(out, "2022-04-05");
    d.prec = PREC_MONTH;
    hdate_format(&d, out);
    assert_string_equal(out, "2022-04");
    d.prec = PREC_YEAR;
    hdate_format(&d, out);
    assert_string_equal(out, "2022");
    assert_string_equal(date_prec_name(PREC_MONTH), "month");
}

static void test_today_override(void **state)
{
    (void)state;
    setenv("HABEAS_TODAY", "2024-02-29", 1);
    hdate t = hdate_today();
    assert_int_equal(t.year, 2024);
    assert_int_equal(t.month, 2);
    assert_int_equal(t.day, 29);
    unsetenv("HABEAS_TODAY");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_compare_precision),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_today_override),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
