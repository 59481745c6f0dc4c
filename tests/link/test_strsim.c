/* String similarity: Jaro–Winkler and edit distance on known values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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

/* The banded check agrees with the full distance on every pair of a
 * few thousand random short words over a small alphabet (where slips,
 * swaps and near misses abound), for k = 0..3. */
static void test_within_edits(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL;
    char a[12] = {0}, b[12] = {0};
    for (int n = 0; n < 20000; n++) {
        char *w[2] = {a, b};
        for (int s = 0; s < 2; s++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int len = (int)(x % 10);
            for (int i = 0; i < len; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                w[s][i] = (char)('a' + x % 4);
            }
            w[s][len] = '\0';
        }
        if (n % 3 == 0) /* often a slip of the first word */
            memcpy(b, a, sizeof a), b[x % 8 < strlen(a) ? x % 8 : 0] = 'z';
        int dist = link_edit_distance(a, b);
        for (int k = 0; k <= 3; k++)
            if (link_within_edits(a, b, k) != (dist <= k))
                fail_msg("'%s' '%s' k=%d: distance %d", a, b, k, dist);
    }
    assert_true(link_within_edits("hernandez", "hernadnez", 1));
    assert_false(link_within_edits("kitten", "sitting", 2));
    assert_true(link_within_edits("kitten", "sitting", 3));
}

/* The bounded check agrees with the full Jaro-Winkler on random words of
 * a small alphabet, on long names that share most letters, and at every
 * threshold used; and it says no to strangers' names. */
static void test_jaro_winkler_reaches(void **state)
{
    (void)state;
    uint64_t x = 2463534242ULL;
    char a[80] = {0}, b[80] = {0};
    static const double thresholds[] = {0.80, 0.88, 0.90, 0.95};
    for (int n = 0; n < 20000; n++) {
        char *w[2] = {a, b};
        int alphabet = n % 2 ? 4 : 12, longest = n % 5 ? 12 : 75;
        for (int s = 0; s < 2; s++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int len = (int)(x % (uint64_t)longest);
            for (int i = 0; i < len; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                w[s][i] = (char)('a' + x % (uint64_t)alphabet);
            }
            w[s][len] = '\0';
        }
        if (n % 3 == 0) /* often a slip of the first word */
            memcpy(b, a, sizeof a), b[x % 8 < strlen(a) ? x % 8 : 0] = 'z';
        double jw = link_jaro_winkler(a, b);
        for (size_t k = 0; k < sizeof thresholds / sizeof thresholds[0]; k++)
            if (link_jaro_winkler_reaches(a, b, thresholds[k]) != (jw >= thresholds[k]))
                fail_msg("'%s' '%s' at %.2f: Jaro-Winkler %.6f", a, b, thresholds[k], jw);
    }
    assert_true(link_jaro_winkler_reaches("ana maria garcia gonzalez", "ana maria garcia gonzales", 0.9));
    assert_false(link_jaro_winkler_reaches("ana maria garcia gonzalez", "rosa elena perez lopez", 0.9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jaro_winkler),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_within_edits),
        cmocka_unit_test(test_jaro_winkler_reaches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
