/* Blocking: the sort that groups records by key, against qsort; a
 * nickname meets the name it stands for in a large block; a home town
 * meets the same town of arrest; a rare name meets itself with nothing
 * else shared, a common one does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"
#include "records.h"

static int keyed_cmp(const void *a, const void *b)
{
    const link_keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* n keys made as blocking makes them (records in ascending index, up to
 * two keys each), drawn from `distinct` values whose bytes vary only
 * under `mask`; sorted, they must come out as qsort by key then index. */
static void check(size_t n, size_t distinct, uint64_t mask, uint64_t seed)
{
    uint64_t *values = malloc(distinct * sizeof *values);
    for (size_t k = 0; k < distinct; k++)
        values[k] = (next(&seed) & mask) | 1;
    link_keyed *v = malloc((n ? n : 1) * sizeof *v), *want = malloc((n ? n : 1) * sizeof *v);
    link_keyed *tmp = malloc((n ? n : 1) * sizeof *v);
    uint32_t rec = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (link_keyed){values[next(&seed) % distinct], rec};
        if (next(&seed) % 3) /* a record's second key, or the next record */
            rec++;
    }
    memcpy(want, v, n * sizeof *v);
    qsort(want, n, sizeof *want, keyed_cmp);
    link_sort_keyed(v, tmp, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i].key == want[i].key);
        assert_int_equal(v[i].idx, want[i].idx);
    }
    free(values);
    free(v);
    free(want);
    free(tmp);
}

static void test_sort_keyed(void **state)
{
    (void)state;
    check(100000, 30000, UINT64_MAX, 1);        /* every byte varies */
    check(100000, 50, UINT64_MAX, 2);           /* large blocks */
    check(50000, 1000, 0x00ff00000000ff00ULL, 3); /* bytes all keys share are skipped */
    check(50000, 200, 0xffffULL, 7);            /* keys that differ in their low bytes only */
    check(1000, 1, UINT64_MAX, 4);              /* one key */
    check(1, 1, UINT64_MAX, 5);
    check(2, 2, UINT64_MAX, 6);
}

/* The records of f[0 .. n) blocked; *p their pairs (link_pairs_free),
 * d's pool freed. */
static void block_fields(const link_fields *f, size_t n, lpairs *p)
{
    ldata d;
    records_fill(&d, f, n, false);
    herr e;
    herr_clear(&e);
    *p = (lpairs){0};
    assert_int_equal(link_block(&d, p, false, &e), HERR_OK);
    records_free(&d);
}

/* The rules under which records i and j were paired (bit k for rule k),
 * 0 when they were not. */
static uint32_t pair_rules(const lpairs *p, uint32_t i, uint32_t j)
{
    for (size_t k = 0; k < p->n; k++)
        if ((p->p[k].i == i && p->p[k].j == j) || (p->p[k].i == j && p->p[k].j == i))
            return p->p[k].rules;
    return 0;
}

static bool has_pair(const lpairs *p, uint32_t i, uint32_t j)
{
    return pair_rules(p, i, j) != 0;
}

/* "Chano" and "Santos" Quintanilla González in one prison, among twenty
 * men of those surnames there: a block that large compares only given
 * names that share an initial, and Chano's are those of the names it may
 * stand for (Santos among them). */
static void test_nickname_in_large_block(void **state)
{
    (void)state;
    static const char *const given[] = {"Chano", "Santos", "Pedro", "Ramón", "Tomás", "Oscar",
                                        "Noé", "Ignacio", "Hugo", "Abel", "Víctor", "Walter",
                                        "Kevin", "Diego", "Efraín", "Gerardo", "Bryan", "Rubén",
                                        "Ulises", "Pablo", "Omar", "Jaime"};
    enum { N = sizeof given / sizeof *given };
    link_fields f[N];
    for (size_t i = 0; i < N; i++)
        f[i] = (link_fields){.given_names = given[i], .surname1 = "Quintanilla",
                             .surname2 = "González", .facility_key = "#1", .age = -1};
    lpairs p;
    block_fields(f, N, &p);
    assert_true(has_pair(&p, 0, 1));
    link_pairs_free(&p);
}

/* A family gives the town where he lived, a press story the town where
 * he was taken: with the name, that brings the two together, when
 * nothing else the two lists give would (no age, no prison). */
static void test_home_meets_arrest_town(void **state)
{
    (void)state;
    const link_fields f[] = {
        {.given_names = "Carlos", .surname1 = "Quiteño", .residence = "La Palma", .age = -1},
        {.given_names = "Carlos", .surname1 = "Quiteño", .arrest_place = "La Palma", .age = -1},
        {.given_names = "Carlos", .surname1 = "Quiteño", .arrest_place = "Apopa", .age = -1},
    };
    lpairs p;
    block_fields(f, sizeof f / sizeof *f, &p);
    assert_true(pair_rules(&p, 0, 1) & 1u << LINK_RULE_TOWN);
    /* the other two meet only by the name, a rare one */
    assert_int_equal(pair_rules(&p, 0, 2), 1u << LINK_RULE_NAME);
    assert_int_equal(pair_rules(&p, 1, 2), 1u << LINK_RULE_NAME);
    link_pairs_free(&p);
}

/* A family's "Reynaldo Oliva, San Miguel" and the register's Reynaldo
 * Oliva Alemán, born 2001, at a prison: no third field on both, so only
 * the name can bring them together; a rare name does.  A name that
 * thirty records share is not compared on the name alone. */
static void test_rare_name_alone(void **state)
{
    (void)state;
    enum { COMMON = 30 };
    link_fields f[2 + COMMON] = {
        {.given_names = "Reynaldo", .surname1 = "Oliva", .residence = "San Miguel", .age = -1},
        {.given_names = "Reynaldo", .surname1 = "Oliva", .surname2 = "Alemán",
         .birth_date = "2001-12-05", .facility_key = "#1", .age = -1},
    };
    static const char *const towns[] = {"Apopa", "Soyapango", "Ilopango", "Mejicanos", "Colón"};
    char births[COMMON][11];
    for (int i = 0; i < COMMON; i++) {
        snprintf(births[i], sizeof births[i], "19%02d-01-01", 60 + i);
        /* half give a town and no birth, half a birth and no town */
        f[2 + i] = (link_fields){.given_names = "José", .surname1 = "Hernández", .age = -1};
        if (i % 2)
            f[2 + i].birth_date = births[i];
        else
            f[2 + i].residence = towns[i / 2 % 5];
    }
    lpairs p;
    block_fields(f, 2 + COMMON, &p);
    assert_int_equal(pair_rules(&p, 0, 1), 1u << LINK_RULE_NAME);
    /* a town and a birth year: nothing shared but a common name */
    assert_false(has_pair(&p, 2, 3));
    link_pairs_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort_keyed),
        cmocka_unit_test(test_nickname_in_large_block),
        cmocka_unit_test(test_home_meets_arrest_town),
        cmocka_unit_test(test_rare_name_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
