/* The weights of pairs of facilities, and of the admission by facility
 * (facpair.c), learnt from candidate
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

/* The admission by the facility that admitted him: at a prison that
 * takes transfers ("#transfers"), the one sought was admitted long after
 * his arrest, in 2023; at a regional one ("#regional"), the month he was
 * arrested.  The arrests run over 2022, so strangers too are admitted
 * long after at the first and either way at the second.  "Long after"
 * must weigh more at the first than the level says, and less at the
 * second, where no match was so. */
static void test_admission_by_facility(void **state)
{
    (void)state;
    enum { PAIRS = 2000 };
    link_fields *f = calloc(4 * PAIRS, sizeof *f);
    lpair *p = calloc(2 * PAIRS, sizeof *p);
    float *weight = calloc(2 * PAIRS, sizeof *weight);
    static char dates[2 * PAIRS][2][12];
    size_t n = 0, np = 0;
    for (int x = 0; x < 2 * PAIRS; x++) {
        bool transfers = x < PAIRS;
        snprintf(dates[x][0], sizeof dates[x][0], "2022-%02d-10", 1 + x % 12);
        snprintf(dates[x][1], sizeof dates[x][1], transfers ? "2023-06-01" : "2022-%02d-20",
                 1 + x % 12);
        f[n] = (link_fields){.given_names = "Eliseo", .arrest_date = dates[x][0], .age = -1};
        f[n + 1] = (link_fields){.given_names = "Eliseo",
                                 .facility_key = transfers ? "#transfers" : "#regional",
                                 .facility_since = dates[x][1], .age = -1};
        weight[np] = 40;
        /* long after (2) at the first, within a month (3) at the second */
        p[np++] = (lpair){(uint32_t)n, (uint32_t)n + 1, transfers ? 0 : 1, 1};
        n += 2;
    }
    ldata d;
    records_fill(&d, f, n, false);
    link_pattern pats[2] = {(link_pattern)2 << (LINK_LEVEL_BITS * LF_ADMISSION),
                            (link_pattern)3 << (LINK_LEVEL_BITS * LF_ADMISSION)};
    lpairs pairs = {.p = p, .n = np, .pats = pats, .npats = 2};
    link_model m;
    memset(&m, 0, sizeof m);
    m.lambda = 0.5;
    link_facility_pairs(&m, &d, &pairs, weight);
    assert_int_equal(m.nfac, 2);
    const lrec *arrest = &d.r[0], *at_transfers = &d.r[1], *at_regional = &d.r[2 * PAIRS + 1];
    double later_t = link_admission_bits(&m, arrest, at_transfers, 2);
    double later_r = link_admission_bits(&m, arrest, at_regional, 2);
    print_message("long after: %+.2f at the transfers' prison, %+.2f at the regional\n", later_t,
                  later_r);
    assert_true(later_t > 0.2);
    assert_true(later_r < -0.5);
    /* either way round, and added to the pairs' weights */
    assert_true(fabs(link_admission_bits(&m, at_transfers, arrest, 2) - later_t) < 1e-6);
    assert_true(fabs(weight[0] - (40 + later_t)) < 1e-4);
    /* two records without an admission say nothing of one */
    assert_true(link_admission_bits(&m, arrest, &d.r[2], 2) == 0);
    records_free(&d);
    free(weight);
    free(p);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_of_facilities),
        cmocka_unit_test(test_admission_by_facility),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
