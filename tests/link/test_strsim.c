/* String similarity: Jaro–Winkler and edit distance on known values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "link/link.h"

static void test_jaro_winkler(void **state)
{
    (void)state;
    /* The textbook values (Winkler 1990). */
    assert_float_equal(link_jaro_winkler("martha", "marhta"), 0.961, 0.001);
    assert_float_equal(link_jaro_winkler("dwayne", "duane"), 0.840, 0.001);
    assert_float_equal(link_jaro_winkler("dixon", "dicksonx"), 0.813, 0.001);
    assert_float_equal(link_jaro_winkler("hernandez", "hernandez"), 1.0, 1e-12);
    assert_float_equal(link_jaro_winkler("abc", "xyz"), 0.0, 1e-12);
    assert_float_equal(link_jaro_winkler("", ""), 1.0, 1e-12);
    assert_float_equal(link_jaro_winkler("a", ""), 0.0, 1e-12);
    assert_true(link_jaro_winkler("hernandez", "ernandes") > 0.85);
    assert_true(link_jaro_winkler("lopez", "perez") < 0.8);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(link_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(link_edit_distance("hernandez", "hernadnez"), 1); /* transposition */
    assert_int_equal(link_edit_distance("", "abc"), 3);
    assert_int_equal(link_edit_distance("perez", "perez"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jaro_winkler),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
