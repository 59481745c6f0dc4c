/* Comparison keys: accents, case, punctuation and spacing ignored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "names/names.h"

static void check(const char *in, char sep, const char *want)
{
    sbuf b;
    sbuf_init(&b);
    names_fold(in, strlen(in), sep, &b);
    assert_string_equal(b.data ? b.data : "", want);
    sbuf_free(&b);
}

static void test_fold(void **state)
{
    (void)state;
    check("José Luis HERNÁNDEZ", ' ', "jose luis hernandez");
    check("  Fecha de Nacimiento ", '_', "fecha_de_nacimiento");
    check("FECHA_NACIMIENTO", '_', "fecha_nacimiento");
    check("Núñez-Peña", ' ', "nunez pena");
    check("MUÑOZ", ' ', "munoz");
    check("Ça va", ' ', "ca va");
    check("", ' ', "");
    check("¿?!", ' ', "");
    check("Nº 12", '_', "no_12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fold)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
