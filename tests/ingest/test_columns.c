/* Header matching: Spanish and English aliases, accents, --map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ingest/ingest.h"

static ingest_col col(const char *h)
{
    return ingest_col_lookup(h, strlen(h));
}

static void test_aliases(void **state)
{
    (void)state;
    assert_int_equal(col("Fecha de Nacimiento"), COL_BIRTH_DATE);
    assert_int_equal(col("FECHA_NACIMIENTO"), COL_BIRTH_DATE);
    assert_int_equal(col("date of birth"), COL_BIRTH_DATE);
    assert_int_equal(col("Nombre completo"), COL_FULL_NAME);
    assert_int_equal(col("Apellido Paterno"), COL_SURNAME1);
    assert_int_equal(col("Segundo Apellido"), COL_SURNAME2);
    assert_int_equal(col("APELLIDOS"), COL_SURNAMES);
    assert_int_equal(col("Centro Penal"), COL_FACILITY);
    assert_int_equal(col("Fecha de Captura"), COL_ARREST_DATE);
    assert_int_equal(col("Situación"), COL_STATUS);
    assert_int_equal(col("Resolución"), COL_COURT_ORDER);
    assert_int_equal(col("DUI"), COL_DUI);
    assert_int_equal(col("FECHA_INGRESO"), COL_FACILITY_SINCE);
    assert_int_equal(col("Fecha de ingreso"), COL_FACILITY_SINCE);
    assert_int_equal(col("parentesco_informante"), COL_SOURCE_RELATIONSHIP);
    assert_int_equal(col("Parentesco"), COL_SOURCE_RELATIONSHIP);
    assert_int_equal(col("record_id"), COL_RECORD_ID);
    assert_int_equal(col("telefono_contacto"), COL_EXTRA);
    assert_int_equal(col(""), COL_EXTRA);
    assert_string_equal(ingest_col_name(COL_DEATH_DATE), "death_date");
}

static void test_map(void **state)
{
    (void)state;
    ingest_map *m;
    herr e;
    herr_clear(&e);
    assert_int_equal(ingest_map_parse("rec_id=record_id,Given Name=given_names,phone=extra", &m, &e),
                     HERR_OK);
    assert_int_equal(ingest_map_lookup(m, "REC_ID", 6), COL_RECORD_ID);
    assert_int_equal(ingest_map_lookup(m, "given name", 10), COL_GIVEN_NAMES);
    assert_int_equal(ingest_map_lookup(m, "phone", 5), COL_EXTRA);
    /* Headers the map does not name fall back to the aliases. */
    assert_int_equal(ingest_map_lookup(m, "edad", 4), COL_AGE);
    ingest_map_free(m);

    assert_int_equal(ingest_map_parse("a=nonsense", &m, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "'nonsense' is not a habeas column"));
    assert_int_equal(ingest_map_parse("justaword", &m, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "is not their=ours"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_aliases), cmocka_unit_test(test_map)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
