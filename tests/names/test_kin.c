/* What an informant's name says of a person's surnames: a mother's first
 * surname is the second, a father's the first, a full sibling's both;
 * a surname the record has is never replaced. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "names/names.h"

typedef struct kin_case {
    const char *person;    /* the person's name as the list wrote it */
    const char *informant; /* source_person */
    const char *relation;  /* source_relationship, or NULL */
    names_kin_role role;
    const char *s1, *s2;   /* the person's surnames after filling */
} kin_case;

static const kin_case cases[] = {
    {"Daniel Cruz", "Vilma Hernández Rodríguez (madre)", NULL, NAMES_KIN_MOTHER, "cruz",
     "hernandez"},
    {"Daniel Cruz", "Vilma Hernández Rodríguez", "Madre", NAMES_KIN_MOTHER, "cruz", "hernandez"},
    {"Daniel Cruz", "Vilma Hernández Rodríguez", "la mamá", NAMES_KIN_MOTHER, "cruz",
     "hernandez"},
    /* a married mother: her own first surname, not her husband's */
    {"Daniel Cruz", "María Elena López de Cruz (madre)", NULL, NAMES_KIN_MOTHER, "cruz", "lopez"},
    /* the relationship column wins over a parenthesis */
    {"Daniel Cruz", "Vilma Hernández (madre)", "vecina", NAMES_KIN_NONE, "cruz", ""},
    /* a surname the record has is kept */
    {"Daniel Cruz Pérez", "Vilma Hernández (madre)", NULL, NAMES_KIN_MOTHER, "cruz", "perez"},
    /* a mother with the person's first surname: the father gave none */
    {"Daniel Cruz", "Vilma Cruz Peña (madre)", NULL, NAMES_KIN_MOTHER, "cruz", ""},
    {"Daniel", "José Amaya Ruiz (padre)", NULL, NAMES_KIN_FATHER, "amaya", ""},
    {"Daniel Cruz", "José Cruz Ruiz (padre)", NULL, NAMES_KIN_FATHER, "cruz", ""},
    {"Daniel Cruz", "Yanira Cruz García", "hermana", NAMES_KIN_SIBLING, "cruz", "garcia"},
    {"Daniel Kruz", "Yanira Cruz García (hermana)", NULL, NAMES_KIN_SIBLING, "kruz", "garcia"},
    /* a half-sibling: another first surname */
    {"Daniel Cruz", "Yanira Molina García (hermana)", NULL, NAMES_KIN_SIBLING, "cruz", ""},
    {"Daniel Cruz", "Rosa Amaya Ruiz (esposa)", NULL, NAMES_KIN_NONE, "cruz", ""},
    {"Daniel Cruz", "Rosa Amaya Ruiz (tía)", NULL, NAMES_KIN_NONE, "cruz", ""},
    {"Daniel Cruz", "Rosa (madre)", NULL, NAMES_KIN_NONE, "cruz", ""},
    {"Daniel Cruz", "", "madre", NAMES_KIN_NONE, "cruz", ""},
    {"Daniel Cruz", NULL, NULL, NAMES_KIN_NONE, "cruz", ""},
    {"Daniel Cruz", "Brother: Samuel Cruz Alas", "brother", NAMES_KIN_SIBLING, "cruz", "alas"},
};

static void test_kin(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const kin_case *c = &cases[k];
        names_person p;
        names_parse_person(c->person, NULL, NULL, NULL, NULL, NULL, &p);
        names_kin kin;
        names_parse_kin(c->informant, c->relation, &kin);
        names_kin_fill(&kin, &p);
        if (kin.role != c->role || strcmp(p.surname1, c->s1) != 0 || strcmp(p.surname2, c->s2) != 0)
            fail_msg("case %zu (%s / %s): role %d surnames '%s' '%s', want role %d '%s' '%s'", k,
                     c->person, c->informant ? c->informant : "(null)", kin.role, p.surname1,
                     p.surname2, c->role, c->s1, c->s2);
    }
}

/* A filled surname carries its phonetic key, so blocking finds it. */
static void test_key_filled(void **state)
{
    (void)state;
    names_person p, want;
    names_parse_person("Daniel Cruz", NULL, NULL, NULL, NULL, NULL, &p);
    names_parse_person("Daniel Cruz Hernández", NULL, NULL, NULL, NULL, NULL, &want);
    names_kin kin;
    names_parse_kin("Vilma Hernández Rodríguez (madre)", NULL, &kin);
    assert_int_equal(names_kin_fill(&kin, &p), 1);
    assert_string_equal(p.surname2_key, want.surname2_key);
    assert_string_equal(kin.relative.given, "vilma");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kin), cmocka_unit_test(test_key_filled)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
