/* The lexicon of name words: the words one slip from a misspelt one are
 * found (a letter swapped, added, dropped, changed), words two slips away
 * and the word's own key are not, and no key comes twice; a rare slip of
 * a common word is fixed to it for blocking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"
#include "names/names.h"

static const char *const names[][3] = {
    {"Adnoay", "López", "Escobar"}, /* a list's slip of Adonay */
    {"Adonay", "Pérez", "Escobar"},
    {"Juan", "Chávez", "Ramos"},
    {"Juana", "Hernández", ""},
    {"Ana", "Ernandes", ""},       /* two slips from Hernández */
    {"Al", "Cruz", "Cruz"},
    {"Maria", "Cruz", ""},
};
enum { NREC = sizeof names / sizeof *names };

typedef struct fixture {
    ldata d;
    lrec r[NREC];
    link_lexicon *x;
} fixture;

/* d made of the n records r named given[i] surname1[i] surname2[i]
 * (surname2 may be NULL); lpool_free(&d->pool) frees it. */
static void fill(ldata *d, lrec *r, size_t n, const char *const *given, const char *const *s1,
                 const char *const *s2)
{
    memset(d, 0, sizeof *d);
    sbuf tmp;
    sbuf_init(&tmp);
    lpool_init(&d->pool, 0, NULL);
    for (size_t i = 0; i < n; i++) {
        link_fields lf = {.given_names = given[i], .surname1 = s1[i],
                          .surname2 = s2 ? s2[i] : NULL, .age = -1};
        link_rec_fill(&d->pool, &tmp, &lf, &r[i]);
    }
    sbuf_free(&tmp);
    d->r = r;
    d->n = n;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *given[NREC], *s1[NREC], *s2[NREC];
    for (size_t i = 0; i < NREC; i++) {
        given[i] = names[i][0];
        s1[i] = names[i][1];
        s2[i] = names[i][2];
    }
    fill(&f->d, f->r, NREC, given, s1, s2);
    f->x = link_lexicon_build(&f->d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    link_lexicon_free(f->x);
    lpool_free(&f->d.pool);
    free(f);
    return 0;
}

static uint32_t key_of(const char *folded)
{
    char k[32];
    names_phonetic(folded, k, sizeof k);
    return link_hash(k);
}

static bool has(const uint32_t *keys, size_t n, uint32_t key)
{
    for (size_t i = 0; i < n; i++)
        if (keys[i] == key)
            return true;
    return false;
}

static size_t near(fixture *f, const char *w, uint32_t *keys, size_t max)
{
    return link_lexicon_near(f->x, &f->d, w, key_of(w), keys, max);
}

static void test_words_counted(void **state)
{
    fixture *f = *state;
    /* adnoay adonay juan juana ana al maria, lopez perez chavez
     * hernandez ernandes cruz, escobar ramos: each once */
    assert_int_equal(link_lexicon_words(f->x), 15);
}

static void test_one_slip_found(void **state)
{
    fixture *f = *state;
    uint32_t keys[16];
    size_t n = near(f, "adonay", keys, 16);
    assert_true(has(keys, n, key_of("adnoay")));     /* two letters swapped */
    assert_false(has(keys, n, key_of("adonay")));    /* not its own key */
    n = near(f, "chaevz", keys, 16);
    assert_true(has(keys, n, key_of("chavez")));
    n = near(f, "rams", keys, 16);
    assert_true(has(keys, n, key_of("ramos")));      /* a letter dropped */
    n = near(f, "lopiez", keys, 16);
    assert_true(has(keys, n, key_of("lopez")));      /* a letter added */
    n = near(f, "perex", keys, 16);
    assert_true(has(keys, n, key_of("perez")));      /* a letter changed */
    n = near(f, "jua", keys, 16);
    assert_true(has(keys, n, key_of("juan")));
}

static void test_two_slips_not(void **state)
{
    fixture *f = *state;
    uint32_t keys[16];
    size_t n = near(f, "hernandez", keys, 16);
    assert_false(has(keys, n, key_of("ernandes")));
    n = near(f, "escobra", keys, 16);                /* swapped: one */
    assert_true(has(keys, n, key_of("escobar")));
    n = near(f, "escbra", keys, 16);                 /* and dropped: two */
    assert_int_equal(n, 0);
    /* "amosr" and "ramos" are both "amos" less a letter, but two apart */
    n = near(f, "amosr", keys, 16);
    assert_false(has(keys, n, key_of("ramos")));
}

static void test_each_key_once_and_at_most_max(void **state)
{
    fixture *f = *state;
    uint32_t keys[16];
    /* juan and juana are both one slip from juna */
    size_t n = near(f, "juna", keys, 16);
    assert_true(has(keys, n, key_of("juan")) && has(keys, n, key_of("juana")));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_true(keys[i] != keys[j]);
    assert_int_equal(near(f, "juna", keys, 1), 1);
    /* too short to say anything */
    assert_int_equal(near(f, "al", keys, 16), 0);
    assert_int_equal(near(f, "cr", keys, 16), 0);
}

/* A rare word a slip from one used ten times as often is taken for a
 * slip of it; the common word, and a word used nearly as often as its
 * neighbour ("marina" and "mariana"), are not; nor, for a query, a word
 * no list has that is one slip from only a rare one. */
static void test_fix(void **state)
{
    (void)state;
    enum { N = 18 };
    const char *s1[N], *given[N];
    for (int i = 0; i < N; i++) {
        given[i] = i < 3 ? "Mariana" : i == 3 ? "Marina" : "José";
        s1[i] = i < 12 ? "Nolasco" : i == 12 ? "Nloasco" : "Cruz";
    }
    ldata d;
    lrec r[N];
    fill(&d, r, N, given, s1, NULL);
    link_lexicon *x = link_lexicon_build(&d);
    assert_int_equal(link_lexicon_fix(x, r[12].s1, r[12].s1key), key_of("nolasco"));
    assert_int_equal(link_lexicon_fix(x, r[0].s1, r[0].s1key), r[0].s1key);
    assert_int_equal(link_lexicon_fix(x, r[3].given1, r[3].gkey), r[3].gkey);
    assert_int_equal(link_lexicon_fix(x, r[0].given1, r[0].gkey), r[0].gkey);
    /* A query's word, counted as one use more: a slip no list has is
     * fixed, one a list has too is as rare as before (2 to 12), and the
     * words themselves and a slip of a rare word are not. */
    assert_int_equal(link_lexicon_fix_word(x, &d, "nolsaco", key_of("nolsaco")),
                     key_of("nolasco"));
    assert_int_equal(link_lexicon_fix_word(x, &d, "jsoe", key_of("jsoe")), key_of("jose"));
    assert_int_equal(link_lexicon_fix_word(x, &d, "nloasco", key_of("nloasco")),
                     key_of("nloasco"));
    assert_int_equal(link_lexicon_fix_word(x, &d, "nolasco", key_of("nolasco")),
                     key_of("nolasco"));
    assert_int_equal(link_lexicon_fix_word(x, &d, "marna", key_of("marna")), key_of("marna"));
    assert_int_equal(link_lexicon_fix_word(x, &d, "cr", key_of("cr")), key_of("cr"));
    link_lexicon_free(x);
    lpool_free(&d.pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_words_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_slip_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_slips_not, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_key_once_and_at_most_max, setup, teardown),
        cmocka_unit_test(test_fix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
