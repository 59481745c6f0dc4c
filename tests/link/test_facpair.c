/* The weights of pairs of facilities (facpair.c), learnt from candidate
 * pairs whose probabilities are made by hand: weight +40 for one person,
 * -40 for two, the prior 0.
 *   Police cells of the west and of the east, and a prison in each:
 *   men pass from the cells of their region to its prison (300 each),
 *   a few to the other's (25 each).  The pair of one region must come
 *   out above the level "different, one a cell", the crossed pair below.
 *   A hospital named by a deaths list only, whose every record is one
 *   person with a prisoner of either prison as often as the prisons'
 *   matches go: it must get nothing for that.  Against the facilities'
 *   shares among all records, every one of its pairs looked like one
 *   person. */
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

enum { CELLS_W, CELLS_E, PRISON_W, PRISON_E, HOSPITAL, NFAC };
static const char *const keys[NFAC] = {"#cells-west", "#cells-east", "#prison-west",
                                       "#prison-east", "#hospital"};

typedef struct set {
    link_fields f[4000];
    size_t n;
    lpair p[8000];
    size_t np;
} set;

static uint32_t add_record(set *s, int fac)
{
    s->f[s->n] = (link_fields){.given_names = "Eliseo", .surname1 = "Quiteño",
                               .facility_key = keys[fac],
                               .facility_cell = fac == CELLS_W || fac == CELLS_E, .age = -1};
    return (uint32_t)s->n++;
}

/* k pairs of records at facilities a and b, one person each when same */
static void add_pairs(set *s, int a, int b, int k, bool same, float *weight)
{
    bool one_cell = (a <= CELLS_E) != (b <= CELLS_E);
    for (int x = 0; x < k; x++) {
        uint32_t i = add_record(s, a), j = add_record(s, b);
        weight[s->np] = same ? 40 : -40;
        s->p[s->np++] = (lpair){i, j, one_cell ? 0 : 1, 1};
    }
}

static void test_pairs_of_facilities(void **state)
{
    (void)state;
    set *s = calloc(1, sizeof *s);
    float *weight = calloc(8000, sizeof *weight);
    add_pairs(s, CELLS_W, PRISON_W, 300, true, weight);
    add_pairs(s, CELLS_E, PRISON_E, 300, true, weight);
    add_pairs(s, CELLS_W, PRISON_E, 25, true, weight);
    add_pairs(s, CELLS_E, PRISON_W, 25, true, weight);
    add_pairs(s, CELLS_W, PRISON_E, 200, false, weight); /* strangers: no evidence */
    add_pairs(s, HOSPITAL, PRISON_W, 40, true, weight);
    add_pairs(s, HOSPITAL, PRISON_E, 40, true, weight);
    add_pairs(s, PRISON_W, PRISON_E, 10, true, weight);
    ldata d;
    records_fill(&d, s->f, s->n, false);

    link_pattern pats[2] = {(link_pattern)2 << (LINK_LEVEL_BITS * LF_FACILITY),
                            (link_pattern)1 << (LINK_LEVEL_BITS * LF_FACILITY)};
    lpairs pairs = {.p = s->p, .n = s->np, .pats = pats, .npats = 2};
    link_model m;
    memset(&m, 0, sizeof m);
    m.lambda = 0.5; /* prior 0 */
    link_facility_pairs(&m, &d, &pairs, weight);
    assert_int_equal(m.nfac, NFAC);

    uint32_t h[NFAC];
    for (int a = 0; a < NFAC; a++)
        h[a] = link_hash(keys[a]);
    double west = link_facility_bits(&m, h[CELLS_W], h[PRISON_W]);
    double crossed = link_facility_bits(&m, h[CELLS_W], h[PRISON_E]);
    assert_true(west > 0.5);
    assert_true(crossed < -1);
    assert_true(fabs(link_facility_bits(&m, h[PRISON_W], h[CELLS_W]) - west) < 1e-6);
    assert_true(fabs(link_facility_bits(&m, h[CELLS_E], h[PRISON_E]) - west) < 0.01);
    /* the hospital's matches are as the prisons': nothing either way */
    assert_true(fabs(link_facility_bits(&m, h[HOSPITAL], h[PRISON_W])) < 0.05);
    assert_true(fabs(link_facility_bits(&m, h[HOSPITAL], h[PRISON_E])) < 0.05);
    /* a facility without a row adds nothing */
    assert_true(link_facility_bits(&m, link_hash("#elsewhere"), h[PRISON_W]) == 0);
    /* the pairs' weights have their facilities' bits added */
    assert_true(fabs(weight[0] - (40 + west)) < 1e-4);
    assert_true(fabs(weight[600] - (40 + crossed)) < 1e-4);

    records_free(&d);
    free(weight);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_of_facilities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
