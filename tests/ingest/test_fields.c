/* Field parsers: what a list writes, what habeas reads, what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ingest/ingest.h"

static void date_ok(const char *in, const char *iso, date_prec prec)
{
    hdate d;
    const char *why = NULL;
    if (!ingest_parse_date(in, strlen(in), &d, &why))
        fail_msg("'%s' should parse, got: %s", in, why);
    char out[11];
    hdate_format(&d, out);
    if (strcmp(out, iso) != 0 || d.prec != prec)
        fail_msg("'%s' -> %s (%s), expected %s (%s)", in, out, date_prec_name(d.prec), iso,
                 date_prec_name(prec));
}

static void date_bad(const char *in, const char *why_want)
{
    hdate d;
    const char *why = NULL;
    if (ingest_parse_date(in, strlen(in), &d, &why))
        fail_msg("'%s' should not parse", in);
    if (why_want && strcmp(why, why_want) != 0)
        fail_msg("'%s': reason '%s', expected '%s'", in, why, why_want);
}

static void test_dates(void **state)
{
    (void)state;
    date_ok("2022-04-15", "2022-04-15", PREC_DAY);
    date_ok("2022/04/15", "2022-04-15", PREC_DAY);
    date_ok("20220415", "2022-04-15", PREC_DAY);
    date_ok("15/04/2022", "2022-04-15", PREC_DAY);
    date_ok("5/4/2022", "2022-04-05", PREC_DAY);
    date_ok("15-04-2022", "2022-04-15", PREC_DAY);
    date_ok("15.04.2022", "2022-04-15", PREC_DAY);
    date_ok(" 2022-04 ", "2022-04", PREC_MONTH);
    date_ok("04/2022", "2022-04", PREC_MONTH);
    date_ok("2022", "2022", PREC_YEAR);
    date_ok("15 de abril de 2022", "2022-04-15", PREC_DAY);
    date_ok("15 de Abril del 2022", "2022-04-15", PREC_DAY);
    date_ok("abril de 2022", "2022-04", PREC_MONTH);
    date_ok("Abril 2022", "2022-04", PREC_MONTH);
    date_ok("15-abr-2022", "2022-04-15", PREC_DAY);
    date_ok("1 SEPTIEMBRE 2023", "2023-09-01", PREC_DAY);
    date_ok("setiembre 2023", "2023-09", PREC_MONTH);
    date_ok("April 15, 2022", "2022-04-15", PREC_DAY);
    date_ok("2022-04-15T10:30:00", "2022-04-15", PREC_DAY);
    date_ok("15/04/2022 10:30", "2022-04-15", PREC_DAY);
    date_ok("29/02/2024", "2024-02-29", PREC_DAY);

    date_bad("31/02/1990", "is not a date");
    date_bad("29/02/2023", "is not a date");
    date_bad("04/15/2022", "is not a date"); /* day first; month 15 does not exist */
    date_bad("15/04/22", "has a two-digit year");
    date_bad("2022-13", "is not a date");
    date_bad("1850-01-01", "is not a date (year out of range)");
    date_bad("ayer", "is not a date");
    date_bad("15 de abrilo de 2022", "is not a date");
    date_bad("", "is not a date");
    date_bad("2022-04-15-01", "is not a date");
    date_bad("0/04/2022", "is not a date");
}

static void test_dui(void **state)
{
    (void)state;
    char out[11], why[128];
    /* 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112 -> check digit 8 */
    assert_int_equal(ingest_dui_check_digit("01234567"), 8);
    assert_true(ingest_parse_dui("01234567-8", 10, out, why, sizeof why));
    assert_string_equal(out, "01234567-8");
    assert_true(ingest_parse_dui(" 012345678 ", 11, out, why, sizeof why));
    assert_string_equal(out, "01234567-8");
    assert_false(ingest_parse_dui("01234567-9", 10, out, why, sizeof why));
    assert_non_null(strstr(why, "check digit"));
    assert_non_null(strstr(why, "8 would be valid"));
    assert_false(ingest_parse_dui("1234567-8", 9, out, why, sizeof why));
    assert_non_null(strstr(why, "is not a DUI"));
    assert_false(ingest_parse_dui("0123456789", 10, out, why, sizeof why));
    assert_false(ingest_parse_dui("0123-4567-8", 11, out, why, sizeof why));
    assert_false(ingest_parse_dui("ABCDEFGH-I", 10, out, why, sizeof why));
    /* 00000000: sum 0 -> check 0 */
    assert_true(ingest_parse_dui("00000000-0", 10, out, why, sizeof why));
}

static void test_age(void **state)
{
    (void)state;
    int a;
    assert_true(ingest_parse_age("24", 2, &a));
    assert_int_equal(a, 24);
    assert_true(ingest_parse_age("24 años", strlen("24 años"), &a));
    assert_int_equal(a, 24);
    assert_true(ingest_parse_age("17 anos", 7, &a));
    assert_int_equal(a, 17);
    assert_false(ingest_parse_age("veinte", 6, &a));
    assert_false(ingest_parse_age("130", 3, &a));
    assert_false(ingest_parse_age("24.5", 4, &a));
    assert_false(ingest_parse_age("-3", 2, &a));
}

static void vocab(bool (*parse)(const char *, size_t, const char **), const char *in,
                  const char *want)
{
    const char *out = NULL;
    bool ok = parse(in, strlen(in), &out);
    if (want == NULL) {
        if (ok)
            fail_msg("'%s' should be refused, got %s", in, out);
        return;
    }
    if (!ok || strcmp(out, want) != 0)
        fail_msg("'%s' -> %s, expected %s", in, ok ? out : "(refused)", want);
}

static void test_vocabularies(void **state)
{
    (void)state;
    vocab(ingest_parse_sex, "Masculino", "M");
    vocab(ingest_parse_sex, "h", "M");
    vocab(ingest_parse_sex, "MUJER", "F");
    vocab(ingest_parse_sex, "x", NULL);
    vocab(ingest_parse_status, "Detenido", "held");
    vocab(ingest_parse_status, "privada de libertad", "held");
    vocab(ingest_parse_status, "En libertad", "released");
    vocab(ingest_parse_status, "FALLECIDO", "dead");
    vocab(ingest_parse_status, "desaparecida", "missing");
    vocab(ingest_parse_status, "desconocido", "unknown");
    vocab(ingest_parse_status, "trasladado", NULL);
    vocab(ingest_parse_warrant, "sí", "yes");
    vocab(ingest_parse_warrant, "sin orden", "no");
    vocab(ingest_parse_warrant, "quizas", NULL);
    vocab(ingest_parse_court_order, "Medidas alternas", "alternative_measures");
    vocab(ingest_parse_court_order, "detención provisional", "provisional_detention");
    vocab(ingest_parse_court_order, "sobreseimiento", "dismissal");
    vocab(ingest_parse_court_order, "apelación", NULL);
}

static void test_vulnerability(void **state)
{
    (void)state;
    sbuf out, unknown;
    sbuf_init(&out);
    sbuf_init(&unknown);
    const char *in = "Enfermedad crónica; menor de edad, diabetes | tatuajes";
    assert_true(ingest_parse_vulnerability(in, strlen(in), &out, &unknown));
    assert_string_equal(out.data, "chronic_illness,minor");
    assert_string_equal(unknown.data, "tatuajes");
    sbuf_reset(&out);
    sbuf_reset(&unknown);
    in = "embarazada";
    assert_true(ingest_parse_vulnerability(in, strlen(in), &out, &unknown));
    assert_string_equal(out.data, "pregnant");
    assert_int_equal(unknown.len, 0);
    sbuf_free(&out);
    sbuf_free(&unknown);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),      cmocka_unit_test(test_dui),
        cmocka_unit_test(test_age),        cmocka_unit_test(test_vocabularies),
        cmocka_unit_test(test_vulnerability),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
