/* The second look (cluster.c): two groups no single pair joined are
 * judged on all their records together, each field at the best agreement
 * any of their pairs has.  A best picked among several different
 * outcomes (three towns on one side, one of them the other's) is reached
 * by chance more easily than one pair's agreement, and counts less; an
 * agreement every pair has (one name throughout) counts in full.  The
 * model is made by hand, so that the weights are known: the name +8, a
 * town agreeing +2.5, the prior -10. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"
#include "records.h"

static void set_level(link_model *m, link_field f, int level, double mv, double uv)
{
    m->m[f][level] = mv;
    m->u[f][level] = uv;
}

/* Records a[0 .. na) decided to be one man, and b; joined by the second
 * look?  The name is the same on all; the towns as given. */
static bool joined(const char *const *towns_a, size_t na, const char *town_b)
{
    link_model m;
    memset(&m, 0, sizeof m);
    for (int f = 0; f < LF_COUNT; f++)
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            m.m[f][l] = m.u[f][l] = 0.5; /* weight 0 */
    set_level(&m, LF_GIVEN, 5, 0.8, 0.05);     /* all given names equal: +4 */
    set_level(&m, LF_SURNAME1, 5, 0.8, 0.05);  /* equal: +4 */
    set_level(&m, LF_RESIDENCE, 2, 0.8, 0.8 / exp2(2.5)); /* same municipality: +2.5 */
    set_level(&m, LF_RESIDENCE, 1, 0.2, 0.8);  /* different: -2 */
    m.lambda = exp2(-10) / (1 + exp2(-10));
    link_weights wt;
    link_weight_table(&m, &wt);

    size_t n = na + 1;
    link_fields *f = calloc(n, sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i] = (link_fields){.given_names = "Eliseo", .surname1 = "Quiteño",
                             .residence = i < na ? towns_a[i] : town_b, .age = -1};
    ldata d;
    records_fill(&d, f, n, true); /* each from its own list */
    free(f);
    uint8_t *slot = malloc(n);
    memset(slot, LINK_NO_SLOT, n);
    lscore sc = {&m, &wt, slot, 0.5};
    ldecision dec[4];
    size_t ndec = 0;
    for (size_t i = 1; i < na; i++)
        dec[ndec++] = (ldecision){0, (uint32_t)i, true};
    ledge cand = {0, (uint32_t)na, -10, 0.001}; /* a candidate pair, unlikely alone */
    uint32_t *cluster = malloc(n * sizeof *cluster);
    lmerges merges = {0};
    ledge none[1]; /* no pair likely alone (an empty array, not NULL) */
    link_cluster(&d, &sc, none, 0, &cand, 1, dec, ndec, cluster, &merges);
    bool yes = cluster[0] == cluster[na];
    free(merges.v);
    free(cluster);
    free(slot);
    records_free(&d);
    return yes;
}

static void test_best_of_several(void **state)
{
    (void)state;
    /* one record a side: -10 + 8 + 2.5 = +0.5, joined */
    const char *one[] = {"Mejicanos"};
    assert_true(joined(one, 1, "Mejicanos"));
    /* the same town on all three: the agreement every pair has, joined */
    const char *same[] = {"Mejicanos", "Mejicanos", "Mejicanos"};
    assert_true(joined(same, 3, "Mejicanos"));
    /* three towns, one of them b's: the best of two outcomes, 2.5 - 1,
     * and the person is not joined on it */
    const char *three[] = {"Soyapango", "Apopa", "Mejicanos"};
    assert_false(joined(three, 3, "Mejicanos"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_best_of_several),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
