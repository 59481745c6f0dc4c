/* Names that clearly differ (link_names_conflict): the check by which
 * clustering refuses to put two records into one person through a third.
 * A name misspelt on two lists, each its own way, is not two names; two
 * different names are, and a misspelling of a name is not the name's
 * namesake's surname. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"

/* Two records of whole names, as a family's report gives them. */
static bool conflict(const char *a, const char *b)
{
    ldata d;
    memset(&d, 0, sizeof d);
    lrec r[2];
    sbuf tmp;
    sbuf_init(&tmp);
    lpool_init(&d.pool, 0, NULL);
    const char *full[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        link_fields f = {.full_name = full[i], .age = -1};
        link_rec_fill(&d.pool, &tmp, &f, &r[i]);
        r[i].id = i + 1;
    }
    sbuf_free(&tmp);
    d.r = r;
    d.n = 2;
    bool yes = link_names_conflict(&d, &r[0], &r[1]);
    lpool_free(&d.pool);
    return yes;
}

static void test_slips_on_each_list(void **state)
{
    (void)state;
    /* a surname misspelt on both lists: Escobar, Toledo, Morales */
    assert_false(conflict("José Mauricio Benítez Essobar", "José Mauricio Benítez Ezcobar"));
    assert_false(conflict("Edwin Toleto Aguirre", "Edwin Toledn Aguirre"));
    assert_false(conflict("Juan García Moraels", "Juan García Mopales"));
    /* from four letters, and three with one slip */
    assert_false(conflict("Ernesto Gómez Meia", "Ernesto Gómez Mejin"));
    assert_false(conflict("Josué Escobar Sto", "Josué Escobar Soto"));
    /* a given name so: Kevin, Óscar */
    assert_false(conflict("Kvin Mejía García", "Keivn Mejía García"));
    assert_false(conflict("Osar Armando Rodríguez", "Oscas Armando Rodríguez"));
}

static void test_two_names(void **state)
{
    (void)state;
    assert_true(conflict("José Hernández Martínez", "José Hernández López"));
    assert_true(conflict("Juan Hernández Martínez", "Pedro Hernández Martínez"));
    /* two slips apart, but not one name: too short, or beginning apart */
    assert_true(conflict("Ana Ruiz Paz", "Ana Ruiz Luz"));
    assert_true(conflict("Noé Mejía García", "Leo Mejía García"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slips_on_each_list),
        cmocka_unit_test(test_two_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
