/* Decoding lists as Excel leaves them: BOM, UTF-16, Windows-1252. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

#define DECODE(lit, ...) decode(lit, sizeof(lit) - 1, __VA_ARGS__)

static void decode(const char *bytes, size_t n, const char *want_text, const char *want_enc,
                   bool want_converted)
{
    ingest_text t;
    herr e;
    herr_clear(&e);
    char *copy = xstrndup(bytes, n);
    assert_int_equal(ingest_decode(copy, n, "x.csv", &t, &e), HERR_OK);
    assert_string_equal(t.encoding, want_enc);
    assert_int_equal(t.len, strlen(want_text));
    assert_memory_equal(t.data, want_text, t.len);
    assert_int_equal(t.converted, want_converted);
    ingest_text_free(&t);
    free(copy);
}

static void test_utf8(void **state)
{
    (void)state;
    DECODE("nombre\nJosé\n", "nombre\nJosé\n", "utf-8", false);
    DECODE("\xEF\xBB\xBFnombre\n", "nombre\n", "utf-8 (BOM)", false);
}

static void test_cp1252(void **state)
{
    (void)state;
    /* "José Núñez – “Chepe”" in Windows-1252 */
    DECODE("Jos\xE9 N\xFA\xF1" "ez \x96 \x93" "Chepe\x94", "José Núñez – “Chepe”",
           "windows-1252", true);
    /* 0x81 is undefined in Windows-1252: read as Latin-1 */
    DECODE("a\x81\xE9", "a\xC2\x81" "é", "iso-8859-1", true);
}

static void test_utf16(void **state)
{
    (void)state;
    /* BOM + "Jé\n" little-endian */
    DECODE("\xFF\xFE" "J\0\xE9\0\n\0", "Jé\n", "utf-16le", true);
    DECODE("\xFE\xFF\0J\0\xE9\0\n", "Jé\n", "utf-16be", true);
}

static void test_mixed_keeps_utf8(void **state)
{
    (void)state;
    /* Mostly UTF-8 with one stray byte: stays UTF-8, flagged. */
    const char *s = "José,Núñez,Peña\nbad\xE9row\nMaría\n";
    ingest_text t;
    herr e;
    assert_int_equal(ingest_decode(s, strlen(s), "x.csv", &t, &e), HERR_OK);
    assert_string_equal(t.encoding, "utf-8");
    assert_true(t.has_invalid);
    ingest_text_free(&t);
}

static void test_refused(void **state)
{
    (void)state;
    ingest_text t;
    herr e;
    herr_clear(&e);
    assert_int_equal(ingest_decode("a\0b", 3, "bin.csv", &t, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "bin.csv"));
    assert_non_null(strstr(e.msg, "NUL"));
    assert_int_equal(ingest_decode("\xFF\xFE" "a", 3, "odd.csv", &t, &e), HERR_INPUT);
    assert_non_null(strstr(e.msg, "odd number"));
}

static void test_valid_prefix(void **state)
{
    (void)state;
    assert_int_equal(ingest_utf8_valid_prefix("abc", 3), 3);
    assert_int_equal(ingest_utf8_valid_prefix("ab\xC3", 3), 2);  /* truncated */
    assert_int_equal(ingest_utf8_valid_prefix("\xC0\xAF", 2), 0); /* overlong */
    assert_int_equal(ingest_utf8_valid_prefix("\xED\xA0\x80", 3), 0); /* surrogate */
    assert_int_equal(ingest_utf8_valid_prefix("0123456789abcdef\xE9", 17), 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),   cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_utf16),  cmocka_unit_test(test_mixed_keeps_utf8),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_valid_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
