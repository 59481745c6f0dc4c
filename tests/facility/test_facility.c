/* Facility keys and the register: aliases resolve, clashes are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facility/facility.h"
#include "testutil.h"

static void key_is(const char *in, const char *want)
{
    sbuf b;
    sbuf_init(&b);
    facility_key(in, strlen(in), &b);
    if (strcmp(b.data ? b.data : "", want) != 0)
        fail_msg("'%s' -> '%s', expected '%s'", in, b.data ? b.data : "", want);
    sbuf_free(&b);
}

static void test_keys(void **state)
{
    (void)state;
    key_is("Centro Penal La Esperanza", "esperanza");
    key_is("CENTRO PENAL LA ESPERANZA", "esperanza");
    key_is("el penal de Mariona", "mariona");
    key_is("Mariona", "mariona");
    key_is("Cárcel de Mujeres", "mujeres");
    key_is("Izalco, Fase III", "izalco fase iii");
    key_is("Centro Penal", "centro penal"); /* only generic words: kept */
    key_is("Bartolinas PNC San Miguel", "bartolinas pnc san miguel");
}

static char db_path[64];

static int setup(void **state)
{
    (void)state;
    test_db_path(db_path, sizeof db_path, "fac");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_db_remove(db_path);
    return 0;
}

static void test_register(void **state)
{
    (void)state;
    store *s;
    herr e;
    herr_clear(&e);
    assert_int_equal(store_open(db_path, STORE_CREATE, &s, &e), HERR_OK);
    assert_int_equal(store_begin(s, &e), HERR_OK);
    bool added;
    facility_def f = {.name = "Centro Penal La Esperanza", .aliases = "Mariona|Penal de Mariona",
                      .municipality = "Ayutuxtepeque", .department = "San Salvador",
                      .capacity = 10000, .cells = -1, .bunks_per_cell = -1, .cell_area_m2 = -1};
    assert_int_equal(facility_upsert(s, &f, &added, &e), HERR_OK);
    assert_true(added);
    /* Same name again: an update, aliases added, none lost. */
    f.aliases = "La Esperanza";
    f.capacity = 12000;
    assert_int_equal(facility_upsert(s, &f, &added, &e), HERR_OK);
    assert_false(added);
    /* Another facility may not claim "Mariona". */
    facility_def g = {.name = "CECOT", .aliases = "MARIONA", .capacity = -1, .cells = -1,
                      .bunks_per_cell = -1, .cell_area_m2 = -1};
    assert_int_equal(facility_upsert(s, &g, &added, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "already names facility 'Centro Penal La Esperanza'"));
    assert_int_equal(store_commit(s, &e), HERR_OK);

    facility_info *list;
    size_t n;
    assert_int_equal(facility_list(s, &list, &n, &e), HERR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[1].name, "Centro Penal La Esperanza");
    assert_int_equal(list[1].capacity, 12000);
    assert_non_null(strstr(list[1].aliases, "Mariona"));
    /* "Penal de Mariona" and "La Esperanza" key like "Mariona" and the
     * name itself: one key each, nothing to add. */
    assert_null(strstr(list[1].aliases, "Penal de Mariona"));
    facility_list_free(list, n);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test_setup_teardown(test_register, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
