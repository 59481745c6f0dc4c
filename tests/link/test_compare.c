/* Names that clearly differ (link_names_conflict): the check by which
 * clustering refuses to put two records into one person through a third.
 * A name misspelt on two lists, each its own way, is not two names; two
 * different names are; a familiar form beside an alias is still a form
 * of the given name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"
#include "records.h"

/* Two records of whole names, as a family's report gives them, the first
 * with an alias (or NULL): do their names clearly differ?  *given_level
 * (if not NULL): the level of their given names. */
static bool conflict_alias(const char *a, const char *alias, const char *b, int *given_level)
{
    const link_fields f[2] = {{.full_name = a, .alias = alias, .age = -1},
                              {.full_name = b, .age = -1}};
    ldata d;
    records_fill(&d, f, 2, false);
    bool yes = link_names_conflict(&d, &d.r[0], &d.r[1]);
    if (given_level)
        *given_level = link_level(link_compare(&d, &d.r[0], &d.r[1]), LF_GIVEN);
    records_free(&d);
    return yes;
}

static bool conflict(const char *a, const char *b)
{
    return conflict_alias(a, NULL, b, NULL);
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

/* "Beto" stands for Roberto and for Alberto; with an alias in its own
 * column (the nickname) the familiar form written as the given name is
 * still his given name's, and meets Alberto as a nickname of it. */
static void test_familiar_form_beside_an_alias(void **state)
{
    (void)state;
    int level;
    assert_false(conflict_alias("Beto Portillo Valle", "Canche", "Alberto Portillo Valle", &level));
    assert_int_equal(level, 4); /* first given name equal (or a nickname of it) */
    assert_false(conflict_alias("Beto Portillo Valle", NULL, "Alberto Portillo Valle", &level));
    assert_int_equal(level, 4);
    assert_true(conflict_alias("Beto Portillo Valle", "Canche", "Mario Portillo Valle", &level));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slips_on_each_list),
        cmocka_unit_test(test_two_names),
        cmocka_unit_test(test_familiar_form_beside_an_alias),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
