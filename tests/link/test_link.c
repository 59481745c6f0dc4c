/*
 * Linkage end to end on synthetic lists with a known truth (20,000
 * persons, fixed seed):
 * accuracy is measured, human decisions win and survive re-links and new
 * imports, person ids stay stable, and contradictions keep people apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "link/internal.h"
#include "synth/synth.h"
#include "testutil.h"

static char dir[64], db_path[96], truth[128];
static store *db;

typedef struct lists_ctx {
    store *s;
    int rc;
} lists_ctx;

/* Imports every list of lists.csv (file,source,kind,supplied_by,received). */
static int import_row(void *ctx, long line, const char *const *f, const size_t *len, size_t n,
                      herr *e)
{
    lists_ctx *c = ctx;
    if (line == 1 || n < 5)
        return HERR_OK;
    char file[256], source[64], kind[64], received[16], path[512];
    snprintf(file, sizeof file, "%.*s", (int)len[0], f[0]);
    snprintf(source, sizeof source, "%.*s", (int)len[1], f[1]);
    snprintf(kind, sizeof kind, "%.*s", (int)len[2], f[2]);
    snprintf(received, sizeof received, "%.*s", (int)len[4], f[4]);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    ingest_opts o = {.path = path, .source_name = source, .kind = kind, .received = received};
    ingest_report r;
    int rc = ingest_file(c->s, &o, &r, e);
    ingest_report_free(&r);
    return rc;
}

/* 20,000 persons; HABEAS_TEST_PERSONS sets fewer, down to 15,000, for
 * the sanitizers' build (make check-asan), which looks for memory errors,
 * not accuracy, and took 450-720 s on 20,000.  Every test holds from
 * 15,000 up; at 10,000 test_one_list_two_namesakes does not (the model,
 * learnt from fewer background records, joins the family's Wilfredo
 * Ayala to one of the two). */
static long test_persons(void)
{
    const char *env = getenv("HABEAS_TEST_PERSONS");
    long n = env ? atol(env) : 0;
    return n >= 15000 && n <= 20000 ? n : 20000;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/habeas-test-link-%d", (int)getpid());
    snprintf(db_path, sizeof db_path, "%s.db", dir);
    snprintf(truth, sizeof truth, "%s/truth.csv", dir);
    herr e;
    synth_opts so = {.persons = test_persons(), .seed = 1, .out_dir = dir, .lists = 6};
    synth_report sr;
    if (synth_run(&so, &sr, &e) != HERR_OK || store_open(db_path, STORE_CREATE, &db, &e) != HERR_OK)
        return -1;
    char path[160];
    snprintf(path, sizeof path, "%s/facilities.csv", dir);
    ingest_facility_report fr;
    if (ingest_facility_file(db, path, &fr, &e) != HERR_OK)
        return -1;
    snprintf(path, sizeof path, "%s/lists.csv", dir);
    lists_ctx c = {db, 0};
    return ingest_table_read(path, import_row, &c, &e) == HERR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    test_db_remove(db_path);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static link_result run(bool with_truth)
{
    link_opts o;
    link_opts_default(&o);
    if (with_truth)
        o.truth = truth;
    link_result r;
    herr e;
    herr_clear(&e);
    if (link_run(db, &o, &r, &e) != HERR_OK)
        fail_msg("link failed: %s", e.msg);
    /* link writes with foreign-key checks off; the connection gets them back */
    sqlite3_stmt *st;
    assert_int_equal(store_prepare(db, "PRAGMA foreign_keys", &st, &e), HERR_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    return r;
}

static long person_of(long record)
{
    sqlite3_stmt *st;
    herr e;
    assert_int_equal(store_prepare(db, "SELECT person_id FROM membership WHERE record_id = ?1", &st, &e),
                     HERR_OK);
    sqlite3_bind_int64(st, 1, record);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long p = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return p;
}

/* A membership snapshot: person id per record id. */
static long *snapshot(size_t *n)
{
    sqlite3_stmt *st;
    herr e;
    assert_int_equal(store_prepare(db, "SELECT person_id FROM membership ORDER BY record_id", &st, &e),
                     HERR_OK);
    long *v = NULL;
    size_t cap = 0;
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            v = realloc(v, cap * sizeof *v);
        }
        v[(*n)++] = (long)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

static void test_accuracy(void **state)
{
    (void)state;
    link_result r = run(true);
    print_message("records %ld, candidate pairs %ld, persons %ld; blocking recall %.4f, precision "
                  "%.4f, recall %.4f, F1 %.4f\n",
                  r.records, r.candidate_pairs, r.persons, r.blocking_recall, r.precision, r.recall,
                  r.f1);
    assert_true(r.measured);
    assert_true(r.truth_pairs > test_persons() / 2);
    /* P 0.9946, R 0.9908, F1 0.9927 (before a list's rare misspelling was
     * blocked with the common spelling it is a slip of: 0.9951 / 0.9839 /
     * 0.9895; before rivals, the frequency of all given names, the second
     * look and the rules on the month of arrest: 0.9889 / 0.9711 /
     * 0.9799) */
    assert_true(r.precision >= 0.99);
    assert_true(r.recall >= 0.985);
    assert_true(r.f1 >= 0.988);
    /* A pair called more likely than not is one person at least as often
     * as it says: probabilities that overstate (each of three namesakes at
     * "90%", or a name's agreement counted too strongly) would fail. */
    long pairs = 0, same = 0;
    double sum_p = 0;
    for (int b = 5; b < 9; b++) {
        pairs += r.calibration[b].pairs;
        same += r.calibration[b].same;
        sum_p += r.calibration[b].sum_p;
    }
    print_message("pairs at 0.5-0.9: %ld, mean probability %.3f, one person %.3f\n", pairs,
                  sum_p / (double)pairs, (double)same / (double)pairs);
    assert_true(pairs > test_persons() * 3 / 200); /* 300 at 20,000 */
    assert_true((double)same / (double)pairs >= sum_p / (double)pairs - 0.02);
    /* Groups that no one pair joined, joined on all their records
     * together (the second look): some.  How rightly is measured where
     * there are enough of them, by bench/link: 195 of 264 on 200,000
     * persons.  Here there are too few to say: 6, 5 rightly (2, both
     * wrongly, before blocking met a home town with a town of arrest). */
    print_message("joined as wholes: %ld, rightly %ld\n", r.joined_whole, r.joined_whole_right);
    assert_true(r.joined_whole >= 1);
}

/* A run learns what two records at different facilities say (police
 * cells of a region and its prisons) and what an admission date says at
 * each facility, and keeps both with its model: the
 * model read back, which trace and explain weigh with, weighs every pair
 * of facilities as the run did, and some pairs for and some against. */
static void test_facility_pairs_kept(void **state)
{
    (void)state;
    link_result r = run(false);
    link_model m;
    long run_id;
    herr e;
    assert_int_equal(link_last_model(db, &m, &run_id, &e), HERR_OK);
    assert_true(r.model.nfac >= 10);
    assert_int_equal(m.nfac, r.model.nfac);
    int up = 0, down = 0;
    for (int a = 0; a < r.model.nfac; a++)
        for (int b = a + 1; b < r.model.nfac; b++) {
            uint32_t ha = r.model.fac_hash[a], hb = r.model.fac_hash[b];
            double x = link_facility_bits(&r.model, ha, hb);
            assert_true(fabs(x - link_facility_bits(&m, ha, hb)) < 1e-6);
            up += x > 0.5;
            down += x < -0.5;
        }
    print_message("pairs of facilities: %d weigh for, %d against\n", up, down);
    assert_true(up > 0 && down > 0);
    /* and the admission's levels by facility, row by row of the same key */
    int adjusted = 0;
    for (int a = 0; a < r.model.nfac; a++) {
        int b = 0;
        while (b < m.nfac && strcmp(m.fac_key[b], r.model.fac_key[a]) != 0)
            b++;
        assert_true(b < m.nfac);
        for (int l = 1; l < 4; l++) {
            assert_true(fabs(r.model.adm_bits[a][l] - m.adm_bits[b][l]) < 1e-6);
            adjusted += fabs(r.model.adm_bits[a][l]) > 0.2;
        }
    }
    assert_true(adjusted > 0);
}

static void test_stable_ids(void **state)
{
    (void)state;
    size_t n1, n2;
    run(false);
    long *before = snapshot(&n1);
    run(false);
    long *after = snapshot(&n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1 * sizeof *before);
    free(before);
    free(after);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Writes `text` as file NAME.csv in the test's folder and imports it as
 * source NAME of `kind`. */
static void import_list(const char *name, const char *kind, const char *text)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    write_file(path, text);
    herr e;
    ingest_opts o = {.path = path, .source_name = name, .kind = kind};
    ingest_report ir;
    assert_int_equal(ingest_file(db, &o, &ir, &e), HERR_OK);
    ingest_report_free(&ir);
}

static void test_decisions_win_and_survive(void **state)
{
    (void)state;
    herr e;
    herr_clear(&e);
    /* Two records the model put together, and two it kept apart. */
    sqlite3_stmt *st;
    assert_int_equal(store_prepare(db,
                                   "SELECT a.record_id, b.record_id FROM membership a "
                                   "JOIN membership b ON b.person_id = a.person_id "
                                   "AND b.record_id > a.record_id ORDER BY a.record_id LIMIT 1",
                                   &st, &e),
                     HERR_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long same_a = (long)sqlite3_column_int64(st, 0), same_b = (long)sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    assert_int_equal(store_prepare(db,
                                   "SELECT a.record_id, b.record_id FROM membership a "
                                   "JOIN membership b ON b.person_id <> a.person_id "
                                   "AND b.record_id > a.record_id ORDER BY a.record_id DESC LIMIT 1",
                                   &st, &e),
                     HERR_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long diff_a = (long)sqlite3_column_int64(st, 0), diff_b = (long)sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    assert_int_equal(person_of(same_a), person_of(same_b));
    assert_int_not_equal(person_of(diff_a), person_of(diff_b));

    assert_int_equal(link_decide(db, same_a, same_b, LINK_DIFFERENT, "different mothers",
                                 "tester", &e), HERR_OK);
    assert_int_equal(link_decide(db, diff_a, diff_b, LINK_SAME, "same photo", "tester", &e),
                     HERR_OK);
    /* A decision needs a reason and two real records. */
    assert_int_equal(link_decide(db, diff_a, diff_b, LINK_SAME, "", "tester", &e), HERR_INPUT);
    assert_int_equal(link_decide(db, diff_a, 99999999, LINK_SAME, "x", "tester", &e), HERR_INPUT);

    link_result r = run(false);
    assert_int_equal(r.decisions, 2);
    assert_int_not_equal(person_of(same_a), person_of(same_b));
    assert_int_equal(person_of(diff_a), person_of(diff_b));

    /* A new list arrives; the decisions still hold after the next link. */
    import_list("extra", "other", "id,nombre_completo,edad\nX1,Persona Nueva Ficticia,30\n");
    run(false);
    assert_int_not_equal(person_of(same_a), person_of(same_b));
    assert_int_equal(person_of(diff_a), person_of(diff_b));

    /* The explanation of a pair adds up. */
    json_t *x;
    assert_int_equal(link_explain(db, NULL, diff_a, diff_b, &x, &e), HERR_OK);
    double total = json_real_value(json_object_get(x, "prior_weight"));
    size_t i;
    json_t *fld;
    json_array_foreach(json_object_get(x, "fields"), i, fld)
        total += json_real_value(json_object_get(fld, "weight"));
    assert_float_equal(total, json_real_value(json_object_get(x, "total_weight")), 1e-9);
    assert_int_equal(json_array_size(json_object_get(x, "fields")), LF_COUNT);
    json_decref(x);
}

/* Two records with the same name and birth date but DUIs that differ in
 * several digits are two people, even when a vaguer record links to
 * both. */
/* The person of each record of `source`, in the order of its ids. */
static void persons_of(const char *source, long *p, int n)
{
    herr e;
    sqlite3_stmt *st;
    assert_int_equal(store_prepare(db,
                                   "SELECT m.person_id FROM record r "
                                   "JOIN membership m ON m.record_id = r.id "
                                   "JOIN source s ON s.id = r.source_id WHERE s.name = ?1 "
                                   "ORDER BY r.source_ref",
                                   &st, &e),
                     HERR_OK);
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    for (int k = 0; k < n; k++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        p[k] = (long)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
}

static void test_contradiction_splits(void **state)
{
    (void)state;
    import_list("twins", "other",
                "id,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,dui,domicilio\n"
                "T1,Zacarías Eliseo,Quiteño,Barrientos,1990-01-02,01234567-8,Suchitoto\n"
                "T2,Zacarías Eliseo,Quiteño,Barrientos,1990-01-02,76543210-4,Suchitoto\n"
                "T3,Zacarías,Quiteño,,1990,,Suchitoto\n");
    run(false);
    long p[3];
    persons_of("twins", p, 3);
    assert_int_not_equal(p[0], p[1]);
    assert_true(p[2] == p[0] || p[2] == p[1]);
}

/* A record without a birth date may join a man born in 1960 or one born
 * in 1990, never both into one person; but two records alone, one
 * document and one name, join though a year was mistyped (the model
 * weighed their dates). */
static void test_birth_years(void **state)
{
    (void)state;
    import_list("ages_a", "other",
                "id,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,domicilio\n"
                "A1,Eusebio Anacleto,Quiñónez,Bermúdez,1960-03-04,Chalatenango\n");
    import_list("ages_b", "other",
                "id,nombres,primer_apellido,segundo_apellido,domicilio\n"
                "B1,Eusebio Anacleto,Quiñónez,Bermúdez,Chalatenango\n");
    import_list("ages_c", "other",
                "id,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,domicilio\n"
                "C1,Eusebio Anacleto,Quiñónez,Bermúdez,1990-07-08,Chalatenango\n");
    import_list("typo_a", "other",
                "id,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,dui\n"
                "D1,Hermenegildo,Zelaya,Portillo,1912-05-06,04444444-0\n");
    import_list("typo_b", "other",
                "id,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,dui\n"
                "E1,Hermenegildo,Zelaya,Portillo,1967-05-06,04444444-0\n");
    run(false);
    long a, b, c, d, e;
    persons_of("ages_a", &a, 1);
    persons_of("ages_b", &b, 1);
    persons_of("ages_c", &c, 1);
    persons_of("typo_a", &d, 1);
    persons_of("typo_b", &e, 1);
    assert_true(a == b || c == b);
    assert_int_not_equal(a, c);
    assert_int_equal(d, e);
}

static long record_of(const char *source, const char *ref)
{
    sqlite3_stmt *st;
    herr e;
    assert_int_equal(store_prepare(db,
                                   "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id "
                                   "WHERE s.name = ?1 AND r.source_ref = ?2",
                                   &st, &e),
                     HERR_OK);
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long id = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

/* The explanation's field `field` of a against b (a new reference). */
static json_t *explain_field(long a, long b, const char *field)
{
    json_t *x = NULL, *f, *found = NULL;
    herr e;
    assert_int_equal(link_explain(db, NULL, a, b, &x, &e), HERR_OK);
    size_t k;
    json_array_foreach(json_object_get(x, "fields"), k, f)
        if (strcmp(json_string_value(json_object_get(f, "field")), field) == 0)
            found = json_incref(f);
    json_decref(x);
    assert_non_null(found);
    return found;
}

/* Field level of `field` in link_explain's answer for two records. */
static char *explain_level(long a, long b, const char *field)
{
    json_t *f = explain_field(a, b, field);
    char *level = strdup(json_string_value(json_object_get(f, "level")));
    json_decref(f);
    return level;
}

/* Weight of `field` in link_explain's answer for two records. */
static double explain_weight(long a, long b, const char *field)
{
    json_t *f = explain_field(a, b, field);
    double w = json_number_value(json_object_get(f, "weight"));
    json_decref(f);
    return w;
}

/* The explanation of a against b gives field the level want. */
static void expect_level(long a, long b, const char *field, const char *want)
{
    char *level = explain_level(a, b, field);
    assert_string_equal(level, want);
    free(level);
}

/* A family report names "Eliezer Quintanilla" and his mother, Rosa
 * Barrientos: under Spanish naming he is Quintanilla Barrientos, not his
 * namesake Quintanilla Coreas of the same age in the same prison.  A
 * press story's place of arrest is compared with the family's town, and
 * the register's date of admission with the family's month of arrest. */
static void test_mother_tells_surname(void **state)
{
    (void)state;
    import_list("kin_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL,FECHA_INGRESO\n"
                "K1,ELIEZER,QUINTANILLA BARRIENTOS,19950304,CENTRO PENAL LA ESPERANZA,20220603\n"
                "K2,ELIEZER,QUINTANILLA COREAS,19950911,CENTRO PENAL LA ESPERANZA,20230115\n");
    import_list("kin_family", "family_report",
                "id;nombre_completo;edad;domicilio;fecha_detencion;penal;informante\n"
                "KF1;Eliezer Quintanilla;27;Nejapa;05/2022;Mariona;"
                "Rosa Amalia Barrientos Ayala (madre)\n");
    import_list("kin_press", "press",
                "case_id,name,age,place_of_arrest\n"
                "KP1,Eliezer Quintanilla,27,\"Nejapa, San Salvador\"\n");
    run(false);

    long fam = record_of("kin_family", "KF1"), press = record_of("kin_press", "KP1");
    long right = record_of("kin_register", "K1"), namesake = record_of("kin_register", "K2");
    assert_int_equal(person_of(fam), person_of(right));
    assert_int_not_equal(person_of(fam), person_of(namesake));
    expect_level(fam, namesake, "surname2", "different");
    char *level = explain_level(fam, press, "place");
    assert_true(strncmp(level, "same", 4) == 0);
    free(level);
    level = explain_level(fam, right, "admission");
    assert_true(strncmp(level, "admitted within a month", 23) == 0);
    free(level);
    level = explain_level(fam, namesake, "admission");
    assert_true(strncmp(level, "admitted long after", 19) == 0);
    free(level);
}

/* The explanation says how each weight was set: a rare surname agreeing
 * counts more than the level does on average, and says it is by the
 * value's frequency; a field weighed by its level alone weighs the
 * level; a missing one nothing. */
static void test_explain_basis(void **state)
{
    (void)state;
    import_list("basis_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL,ESTADO\n"
                "B1,ZACARIAS,OLIVARES BENAVIDES,19910412,CENTRO PENAL LA ESPERANZA,DETENIDO\n");
    import_list("basis_family", "family_report",
                "id;nombre_completo;edad;domicilio;estado\n"
                "BF1;Zacarías Olivares Benavides;33;Nejapa;detenido\n");
    run(false);
    long reg = record_of("basis_register", "B1"), fam = record_of("basis_family", "BF1");
    json_t *f = explain_field(reg, fam, "surname1");
    assert_string_equal(json_string_value(json_object_get(f, "basis")), "value_frequency");
    assert_true(json_real_value(json_object_get(f, "weight")) >
                json_real_value(json_object_get(f, "level_weight")) + 1);
    json_decref(f);
    f = explain_field(reg, fam, "status");
    assert_string_equal(json_string_value(json_object_get(f, "level")), "both held");
    assert_string_equal(json_string_value(json_object_get(f, "basis")), "level");
    assert_float_equal(json_real_value(json_object_get(f, "weight")),
                       json_real_value(json_object_get(f, "level_weight")), 1e-9);
    json_decref(f);
    f = explain_field(reg, fam, "dui");
    assert_string_equal(json_string_value(json_object_get(f, "basis")), "level");
    assert_float_equal(json_real_value(json_object_get(f, "weight")), 0, 1e-12);
    json_decref(f);
}

/* The explanation of a against b says field's weight was set by `basis`. */
static void expect_basis(long a, long b, const char *field, const char *basis)
{
    json_t *f = explain_field(a, b, field);
    assert_string_equal(json_string_value(json_object_get(f, "basis")), basis);
    json_decref(f);
}

/* Two pairs at one level of `field` (when `level`), the second (a2, b2)
 * weighing more than the first by at least `margin` bits: agreeing on a
 * value rarer, or likelier for one man than by chance.  `what` names the
 * two for the log, "first, then second". */
static void expect_weighs_more(const char *field, const char *level, long a1, long b1, long a2,
                               long b2, double margin, const char *what)
{
    if (level) {
        expect_level(a1, b1, field, level);
        expect_level(a2, b2, field, level);
    }
    double w1 = explain_weight(a1, b1, field), w2 = explain_weight(a2, b2, field);
    print_message("%s: %+.2f, then %+.2f\n", what, w1, w2);
    assert_true(w2 > w1 + margin);
}

/* Two lists agreeing on the month of an arrest say less when most
 * arrests fell that month (April 2022, as the synthetic lists have it)
 * than when few did (October 2024); the same for an arrest meeting the
 * register's admission that month, and for an admission long after an
 * arrest (after April 2022 most were).  The explanation says why. */
static void test_dates_by_month(void **state)
{
    (void)state;
    import_list("month_family", "family_report",
                "id;nombre_completo;edad;fecha_detencion\n"
                "MF1;Anselmo Quijada;30;04/2022\n"
                "MF2;Anselmo Quijada;30;10/2024\n");
    import_list("month_press", "press",
                "case_id,name,age,arrest_date\n"
                "MP1,Anselmo Quijada,30,2022-04-20\n"
                "MP2,Anselmo Quijada,30,2024-10-20\n");
    import_list("month_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL,FECHA_INGRESO\n"
                "MR1,ANSELMO,QUIJADA,19950101,CENTRO PENAL LA ESPERANZA,20220425\n"
                "MR2,ANSELMO,QUIJADA,19950101,CENTRO PENAL LA ESPERANZA,20241025\n"
                "MR3,ANSELMO,QUIJADA,19950101,CENTRO PENAL LA ESPERANZA,20250615\n");
    run(false);
    long f1 = record_of("month_family", "MF1"), f2 = record_of("month_family", "MF2");
    long p1 = record_of("month_press", "MP1"), p2 = record_of("month_press", "MP2");
    long r1 = record_of("month_register", "MR1"), r2 = record_of("month_register", "MR2");
    expect_weighs_more("arrest_date", "same month (or day and month swapped)", f1, p1, f2, p2, 2,
                       "the same month of arrest, April 2022, then October 2024");
    expect_basis(f2, p2, "arrest_date", "value_frequency");
    expect_weighs_more("admission", "admitted within a month of the arrest", f1, r1, f2, r2, 2,
                       "admitted within a month, April 2022, then October 2024");
    /* admitted long after: most admissions came after April 2022, few
     * after October 2024 */
    long r3 = record_of("month_register", "MR3");
    expect_weighs_more("admission", "admitted long after the arrest (or on another day)", f1, r3,
                       f2, r3, 2, "admitted long after, arrested April 2022, then October 2024");
}

/* Two birth dates agreeing to the day say more of a man born in 1962,
 * when few of those held were, than of one born in 2001. */
static void test_birth_by_year(void **state)
{
    (void)state;
    import_list("born_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL\n"
                "YR1,EUSEBIO,TARIO,19620505,CENTRO PENAL LA ESPERANZA\n"
                "YR2,EUSEBIO,TARIO,20010505,CENTRO PENAL LA ESPERANZA\n");
    import_list("born_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,fecha_nacimiento\n"
                "YN1,Eusebio,Tario,05/05/1962\n"
                "YN2,Eusebio,Tario,05/05/2001\n");
    run(false);
    long r1 = record_of("born_register", "YR1"), r2 = record_of("born_register", "YR2");
    long n1 = record_of("born_ngo", "YN1"), n2 = record_of("born_ngo", "YN2");
    expect_weighs_more("birth", "same day", r2, n2, r1, n1, 2,
                       "born the same day, in 2001, then in 1962");
}

/* A press story's town of arrest meeting a family's town says more of a
 * small town than of the capital. */
static void test_place_by_town(void **state)
{
    (void)state;
    import_list("town_family", "family_report",
                "id;nombre_completo;edad;domicilio\n"
                "TF1;Anacleto Zepeda;30;San Salvador, San Salvador\n"
                "TF2;Anacleto Zepeda;30;Jocoro, Morazán\n");
    import_list("town_press", "press",
                "case_id,name,age,place_of_arrest\n"
                "TP1,Anacleto Zepeda,30,\"San Salvador, San Salvador\"\n"
                "TP2,Anacleto Zepeda,30,\"Jocoro, Morazán\"\n");
    run(false);
    long f1 = record_of("town_family", "TF1"), f2 = record_of("town_family", "TF2");
    long p1 = record_of("town_press", "TP1"), p2 = record_of("town_press", "TP2");
    char *level = explain_level(f1, p1, "place");
    assert_true(strncmp(level, "same municipality", 17) == 0);
    free(level);
    expect_weighs_more("place", NULL, f1, p1, f2, p2, 2, "the same town, San Salvador, then Jocoro");
}

/* A hearing before the other list's arrest is another man; but a hearing
 * of May 2022 comes before most arrests by chance, one of 2025 before
 * few, so the first says it less surely.  Heard after an arrest, it is
 * the other way round. */
static void test_court_by_month(void **state)
{
    (void)state;
    import_list("hmonth_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,fecha_captura,estado\n"
                "H1,Fulgencio,Orantes,2022-06-15,detenido\n"
                "H2,Fulgencio,Orantes,2025-04-15,detenido\n"
                "H3,Fulgencio,Orantes,2022-04-02,detenido\n"
                "H4,Fulgencio,Orantes,2025-03-02,detenido\n");
    import_list("hmonth_court", "court",
                "record_id,full_name,hearing_date,court_order\n"
                "C1,Fulgencio Orantes,2022-05-10,detencion_provisional\n"
                "C2,Fulgencio Orantes,2025-03-10,detencion_provisional\n");
    run(false);
    long h1 = record_of("hmonth_ngo", "H1"), h2 = record_of("hmonth_ngo", "H2");
    long h3 = record_of("hmonth_ngo", "H3"), h4 = record_of("hmonth_ngo", "H4");
    long c1 = record_of("hmonth_court", "C1"), c2 = record_of("hmonth_court", "C2");
    expect_weighs_more("court_order", "heard before the arrest or after the death", c1, h1, c2, h2,
                       1, "heard before the arrest, in May 2022, then in March 2025");
    expect_basis(c2, h2, "court_order", "month");
    expect_weighs_more("court_order", "ordered held, the other says held", c2, h4, c1, h3, 1,
                       "heard after the arrest, in March 2025, then in May 2022");
}

/* The review queue's pair (a, b), or NULL (a new reference). */
static json_t *review_pair(long a, long b)
{
    json_t *q = NULL, *x;
    herr e;
    assert_int_equal(link_review_json(db, NULL, 20000, &q, &e), HERR_OK);
    size_t k;
    json_t *found = NULL;
    json_array_foreach(q, k, x)
    {
        long ra = (long)json_integer_value(json_object_get(x, "record_a"));
        long rb = (long)json_integer_value(json_object_get(x, "record_b"));
        if ((ra == a && rb == b) || (ra == b && rb == a))
            found = json_incref(x);
    }
    json_decref(q);
    return found;
}

/* A register names each prisoner once: its two Wilfredo Ayalas of one
 * prison are two men.  A family's report of "Wilfredo Ayala, 31" fits
 * both as well: it is one of them at most, so it joins neither by
 * chance; both pairs wait in the review queue, each at about one half,
 * each naming the other namesake as its rival.  A second report whose age
 * fits only one of them joins that one. */
static void test_one_list_two_namesakes(void **state)
{
    (void)state;
    import_list("ayala_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL\n"
                "A1,WILFREDO,AYALA,19900302,CENTRO PENAL DE IZALCO\n"
                "A2,WILFREDO,AYALA,19910720,CENTRO PENAL DE IZALCO\n"
                "A3,ERASMO,ZELEDON,19900302,CENTRO PENAL DE IZALCO\n"
                "A4,ERASMO,ZELEDON,19700720,CENTRO PENAL DE IZALCO\n");
    import_list("ayala_family", "family_report",
                "id;nombre_completo;edad;fecha_detencion;penal\n"
                "AF1;Wilfredo Ayala;31;04/2022;Izalco\n"
                "AF2;Erasmo Zeledón;32;04/2022;Izalco\n");
    run(false);
    long a1 = record_of("ayala_register", "A1"), a2 = record_of("ayala_register", "A2");
    long fam = record_of("ayala_family", "AF1");
    assert_int_not_equal(person_of(a1), person_of(a2));
    assert_int_not_equal(person_of(fam), person_of(a1));
    assert_int_not_equal(person_of(fam), person_of(a2));
    long both[2] = {a1, a2};
    for (int k = 0; k < 2; k++) {
        json_t *x = review_pair(fam, both[k]);
        assert_non_null(x);
        double p = json_real_value(json_object_get(x, "probability"));
        double alone = json_real_value(json_object_get(x, "probability_alone"));
        assert_true(alone > 0.5);
        assert_true(p > 0.3 && p < 0.5);
        json_t *rv = json_array_get(json_object_get(x, "rivals"), 0);
        assert_non_null(rv);
        assert_int_equal(json_integer_value(json_object_get(rv, "record")), both[1 - k]);
        json_decref(x);
    }
    /* the age tells the Erasmo Zeledóns apart */
    long z1 = record_of("ayala_register", "A3"), z2 = record_of("ayala_register", "A4");
    long fam2 = record_of("ayala_family", "AF2");
    assert_int_equal(person_of(fam2), person_of(z1));
    assert_int_not_equal(person_of(fam2), person_of(z2));
}

/* A list that put the surname in the given names' column and the given
 * name in the surname's ("ROSALES | MARVIN") is still compared with the
 * right way round, and the two are one person. */
static void test_swapped_columns(void **state)
{
    (void)state;
    import_list("swap_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO\n"
                "S1,EUFEMIO,ZELAYANDIA,19880504\n");
    import_list("swap_court", "court",
                "record_id,given_names,surname1,birth_date\n"
                "SC1,Zelayandia,Eufemio,1988-05-04\n");
    run(false);
    long a = record_of("swap_register", "S1"), b = record_of("swap_court", "SC1");
    assert_int_equal(person_of(a), person_of(b));
    expect_level(a, b, "surname1", "equal");
    char *level = explain_level(a, b, "given_names");
    assert_true(strncmp(level, "first given name equal", 22) == 0);
    free(level);
}

/* Another document's number with two digits swapped is "one character
 * off", not "different". */
static void test_idnum_slip(void **state)
{
    (void)state;
    import_list("docs_a", "other", "id,nombres,primer_apellido,id_number\n"
                                   "Q1,Anselmo,Barrera,PA-887766\n");
    import_list("docs_b", "other", "id,nombres,primer_apellido,id_number\n"
                                   "Q2,Anselmo,Barrera,PA-887676\n"
                                   "Q3,Anselmo,Barrera,PB-112233\n");
    run(false);
    const char *want[2] = {"one character off", "different"};
    const char *other[2] = {"Q2", "Q3"};
    for (int k = 0; k < 2; k++)
        expect_level(record_of("docs_a", "Q1"), record_of("docs_b", other[k]), "id_number",
                     want[k]);
}

/* With the first given names equal, the later ones decide the level: a
 * slip in them is as good as equal, one record without them fits, two
 * different ones ("José Manuel", "José Luis") are two men, and so they
 * are when the first has a slip ("Jozé Luis"). */
static void test_later_given(void **state)
{
    (void)state;
    import_list("given_a", "other", "id,nombres,primer_apellido\n"
                                    "G1,José Manuel,Quijada\n"
                                    "G2,José,Quijada\n");
    import_list("given_b", "other", "id,nombres,primer_apellido\n"
                                    "G3,Jose Maneul,Quijada\n"
                                    "G4,José Luis,Quijada\n"
                                    "G5,José Ernesto,Quijada\n"
                                    "G6,Jozé Luis,Quijada\n"
                                    "G7,Jozé Manuel,Quijada\n");
    run(false);
    static const char *const pairs[][3] = {
        {"G1", "G3", "all given names equal"},
        {"G1", "G4", "first given name equal, a later one different"},
        {"G2", "G5", "first given name equal (or a nickname of it)"},
        /* a slip in the first, and the later ones two men's */
        {"G1", "G6", "first given name equal, a later one different"},
        {"G1", "G7", "similar (Jaro-Winkler >= 0.88, one slip or one on each side, or sounds alike)"},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        expect_level(record_of("given_a", pairs[k][0]), record_of("given_b", pairs[k][1]),
                     "given_names", pairs[k][2]);
    }
}

/* Two names in common use one letter apart are two names ("José" and
 * "Josué", each of hundreds of men in the synthetic lists), not one
 * misspelt; a misspelling ("Jsoe") and a spelling of the same name
 * ("Bryan", "Brayan") stay alike, and so do surnames. */
static void test_common_names_alike(void **state)
{
    (void)state;
    import_list("alike_a", "other", "id,nombres,primer_apellido\n"
                                    "A1,José,Quijada\n"
                                    "A2,Bryan,Quijada\n"
                                    "A3,Mario,Navarro\n"
                                    "A4,Josué,Rivmra\n"
                                    "A5,Edwim,Quijada\n");
    import_list("alike_b", "other", "id,nombres,primer_apellido\n"
                                    "B1,Josué,Quijada\n"
                                    "B2,Jsoe,Quijada\n"
                                    "B3,Brayan,Quijada\n"
                                    "B4,Mario,Najarro\n"
                                    "B5,Mario,Nvarro\n"
                                    "B6,Josué,Rvera\n"
                                    "B7,Edwnn,Quijada\n");
    run(false);
    long jose = record_of("alike_a", "A1");
    expect_level(jose, record_of("alike_b", "B1"), "given_names", "different");
    const char *similar = "similar (Jaro-Winkler >= 0.88, one slip or one on each side, or sounds alike)";
    expect_level(jose, record_of("alike_b", "B2"), "given_names", similar);
    expect_level(record_of("alike_a", "A2"), record_of("alike_b", "B3"), "given_names", similar);
    long navarro = record_of("alike_a", "A3");
    expect_level(navarro, record_of("alike_b", "B4"), "surname1", "different");
    expect_level(navarro, record_of("alike_b", "B5"), "surname1",
                 "similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)");
    /* a slip on each list: "Rivmra" against "Rvera" (for Rivera) */
    expect_level(record_of("alike_a", "A4"), record_of("alike_b", "B6"), "surname1",
                 "two slips apart");
    /* and of a given name: "Edwim" against "Edwnn" (for Edwin) */
    expect_level(record_of("alike_a", "A5"), record_of("alike_b", "B7"), "given_names", similar);
}

/* A slip of a surname thousands of men have ("Hernádnez") is no more
 * evidence than that surname itself; a slip of a rare one ("Quijdaa")
 * still counts for more than Hernández agreeing. */
static void test_slip_of_common_surname(void **state)
{
    (void)state;
    import_list("slip_a", "other", "id,nombres,primer_apellido\n"
                                   "A1,Evaristo,Hernández\n"
                                   "A2,Evaristo,Quijada\n");
    import_list("slip_b", "other", "id,nombres,primer_apellido\n"
                                   "B1,Evaristo,Hernádnez\n"
                                   "B2,Evaristo,Hernández\n"
                                   "B3,Evaristo,Quijdaa\n");
    run(false);
    long hernandez = record_of("slip_a", "A1"), quijada = record_of("slip_a", "A2");
    long slip = record_of("slip_b", "B1"), exact = record_of("slip_b", "B2");
    long rare_slip = record_of("slip_b", "B3");
    const char *similar = "similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)";
    expect_level(hernandez, slip, "surname1", similar);
    expect_level(hernandez, exact, "surname1", "equal");
    double w_slip = explain_weight(hernandez, slip, "surname1");
    double w_exact = explain_weight(hernandez, exact, "surname1");
    print_message("Hernández: a slip %.2f, equal %.2f\n", w_slip, w_exact);
    assert_true(w_slip <= w_exact + 1e-9);
    expect_level(quijada, rare_slip, "surname1", similar);
    assert_true(explain_weight(quijada, rare_slip, "surname1") > w_exact);
}

/* A family's "23, taken in April 2022" is the age a birth date of June
 * 1998 gives on that day, a level of its own; February 1998 (24 by then)
 * is one year off it, another level; February 1996 (26) is different. */
static void test_age_at_arrest(void **state)
{
    (void)state;
    import_list("age_family", "family_report",
                "id;nombre_completo;edad;fecha_detencion\n"
                "AF1;Evaristo Quijada;23;04/2022\n");
    import_list("age_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO\n"
                "AR1,EVARISTO,QUIJADA,19980610\n"
                "AR2,EVARISTO,QUIJADA,19980210\n"
                "AR3,EVARISTO,QUIJADA,19960210\n");
    run(false);
    long fam = record_of("age_family", "AF1");
    expect_level(fam, record_of("age_register", "AR1"), "birth",
                 "the age is the one the birth date gives");
    expect_level(fam, record_of("age_register", "AR2"), "birth",
                 "the age is one year off the one the birth date gives");
    expect_level(fam, record_of("age_register", "AR3"), "birth", "different");
}

/* "19, taken in 2022", the arrest known to the year only: born in 2003
 * fits (18 or 19 that year); April 2004 (17 or 18) is one year off, as
 * families' ages often are; 2006 is different. */
static void test_age_at_arrest_year(void **state)
{
    (void)state;
    import_list("agey_family", "family_report",
                "id;nombre_completo;edad;fecha_detencion\n"
                "AY1;Teodoro Navarro Calderón;19;2022\n");
    import_list("agey_register", "official_list",
                "NO,NOMBRES,APELLIDOS,FECHA_NACIMIENTO\n"
                "AYR1,TEODORO,NAVARRO CALDERON,20030610\n"
                "AYR2,TEODORO,NAVARRO CALDERON,20040405\n"
                "AYR3,TEODORO,NAVARRO CALDERON,20060101\n");
    run(false);
    long fam = record_of("agey_family", "AY1");
    expect_level(fam, record_of("agey_register", "AYR1"), "birth",
                 "within a year (or the age fits)");
    expect_level(fam, record_of("agey_register", "AYR2"), "birth",
                 "the age is one year off the one the birth date gives");
    expect_level(fam, record_of("agey_register", "AYR3"), "birth", "different");
}

/* Both surnames in the other order (a list that writes the mother's
 * first) are their own level of the first surname, and the second then
 * counts nothing more; one surname crossed keeps its level. */
static void test_surnames_crossed(void **state)
{
    (void)state;
    import_list("cross_a", "other", "id,nombres,primer_apellido,segundo_apellido\n"
                                    "X1,Alberto,Amaya,Vargas\n");
    import_list("cross_b", "other", "id,nombres,primer_apellido,segundo_apellido\n"
                                    "X2,Alberto,Vargas,Amaya\n"
                                    "X3,Alberto,Vargas,Quintanilla\n"
                                    "X4,Alberto,Vargas,Amya\n");
    run(false);
    long a = record_of("cross_a", "X1");
    expect_level(a, record_of("cross_b", "X2"), "surname1", "both surnames, in the other order");
    /* one of the two with a slip */
    expect_level(a, record_of("cross_b", "X4"), "surname1", "both surnames, in the other order");
    expect_level(a, record_of("cross_b", "X2"), "surname2", "counted with surname1");
    expect_level(a, record_of("cross_b", "X3"), "surname1",
                 "equal to the other record's second surname");
}

/* An admission long after the arrest is a move, not a contradiction;
 * one before the arrest is. */
static void test_admission_levels(void **state)
{
    (void)state;
    import_list("adm_ngo", "ngo_case", "id_caso,nombres,primer_apellido,fecha_captura\n"
                                       "N1,Teodoro,Alfaro,2022-04-10\n");
    import_list("adm_register", "official_list", "NO,NOMBRES,APELLIDOS,FECHA_INGRESO\n"
                                                 "R1,TEODORO,ALFARO,2022-04-20\n"
                                                 "R2,TEODORO,ALFARO,2023-02-01\n"
                                                 "R3,TEODORO,ALFARO,2021-11-15\n");
    run(false);
    static const char *const want[][2] = {
        {"R1", "admitted within a month of the arrest"},
        {"R2", "admitted long after the arrest (or on another day)"},
        {"R3", "admitted before the arrest"},
    };
    long n1 = record_of("adm_ngo", "N1");
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        expect_level(n1, record_of("adm_register", want[k][0]), "admission", want[k][1]);
    }
}

/* A court's order against what another list says of the man: an order
 * to free him and "released" agree, an order to keep him and "held"
 * agree (the more so a release within a month of the order), the
 * crossed cases are levels of their own; a hearing before his arrest (or
 * after his death) is another man, whatever the order. */
static void test_court_levels(void **state)
{
    (void)state;
    import_list("court_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,fecha_captura,estado,fecha_estado,"
                "fecha_fallecimiento\n"
                "K1,Eleuterio,Garay,2022-04-10,liberado,,\n"
                "K2,Eleuterio,Garay,2022-04-10,detenido,,\n"
                "K3,Eleuterio,Garay,2023-06-01,detenido,,\n"
                "K4,Eleuterio,Garay,2022-04-10,fallecido,,2022-09-30\n"
                "K5,Eleuterio,Garay,2022-04-10,liberado,2022-12-19,\n"
                "K6,Eleuterio,Garay,2022-04-10,liberado,2023-05-02,\n");
    import_list("court_hearings", "court",
                "record_id,full_name,hearing_date,court_order\n"
                "T1,Eleuterio Garay,2022-12-05,libertad\n"
                "T2,Eleuterio Garay,2022-12-05,detencion_provisional\n");
    run(false);
    long frees = record_of("court_hearings", "T1"), holds = record_of("court_hearings", "T2");
    const struct {
        const char *ngo;
        long *hearing;
        const char *level;
    } want[] = {
        {"K1", &frees, "ordered freed, the other says released"},
        {"K1", &holds, "ordered held, the other says released"},
        {"K2", &frees, "ordered freed, the other says held"},
        {"K2", &holds, "ordered held, the other says held"},
        {"K3", &frees, "heard before the arrest or after the death"},
        {"K4", &holds, "heard before the arrest or after the death"},
        {"K5", &frees, "ordered freed within a month before the other's release"},
        {"K6", &frees, "ordered freed, the other says released"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        expect_level(record_of("court_ngo", want[k].ngo), *want[k].hearing, "court_order",
                     want[k].level);
    /* two records of hearings, and a list that says nothing of status */
    expect_level(frees, holds, "court_order", "missing");
}

/* What two lists say of the man: held on both, released on both, dead
 * on one and alive on the other, disappeared on one and held on the
 * other; both dead counts only when the lists give no dates of death
 * (those are compared as dates). */
static void test_status_levels(void **state)
{
    (void)state;
    import_list("status_a", "ngo_case",
                "id_caso,nombres,primer_apellido,estado,fecha_fallecimiento\n"
                "S1,Anselmo,Cubías,detenido,\n"
                "S2,Anselmo,Cubías,liberado,\n"
                "S3,Anselmo,Cubías,fallecido,\n"
                "S4,Anselmo,Cubías,fallecido,2023-02-11\n");
    import_list("status_b", "family_report",
                "id;nombre_completo;estado;fecha_fallecimiento\n"
                "SB1;Anselmo Cubías;detenido;\n"
                "SB2;Anselmo Cubías;liberado;\n"
                "SB3;Anselmo Cubías;fallecido;\n"
                "SB4;Anselmo Cubías;desaparecido;\n"
                "SB5;Anselmo Cubías;fallecido;2023-02-11\n");
    run(false);
    static const char *const want[][3] = {
        {"S1", "SB1", "both held"},
        {"S2", "SB2", "both released"},
        {"S1", "SB2", "held on one, released on the other"},
        {"S3", "SB1", "dead on one, alive on the other"},
        {"S3", "SB3", "both dead"},
        {"S1", "SB4", "disappeared on one, held or released on the other"},
        {"S4", "SB5", "missing"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        expect_level(record_of("status_a", want[k][0]), record_of("status_b", want[k][1]),
                     "status", want[k][2]);
}

/* A family's "José Luis López Hernández, 21, Mejicanos, taken March 2024"
 * fits the register's José Luis López Hernández by name, age and prison.
 * But that register record is, by its DUI, the NGO's man of San Juan
 * Opico taken in May 2022 with another mother: the family's man is
 * someone else, and is not joined to him. */
static void test_cross_contradiction(void **state)
{
    (void)state;
    import_list("xc_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,dui,domicilio,"
                "fecha_captura,centro_penal,informante,parentesco_informante\n"
                "XN1,José Luis,López,Hernández,2002-06-21,04567891-1,San Juan Opico,2022-05-14,"
                "Centro Penal La Esperanza,Marta Elena Hernández Ríos,madre\n");
    import_list("xc_register", "official_list",
                "NO,DUI,NOMBRES,APELLIDOS,FECHA_NACIMIENTO,CENTRO_PENAL\n"
                "XR1,04567891-1,JOSE LUIS,LOPEZ HERNANDEZ,20020621,CENTRO PENAL LA ESPERANZA\n");
    import_list("xc_family", "family_report",
                "id;nombre_completo;edad;domicilio;fecha_detencion;penal;informante\n"
                "XF1;José Luis López Hernández;21;Mejicanos;03/2024;Mariona;"
                "Rosa Amalia Hernández Pérez (madre)\n");
    run(false);
    long reg = record_of("xc_register", "XR1");
    assert_int_equal(person_of(record_of("xc_ngo", "XN1")), person_of(reg));
    assert_int_not_equal(person_of(record_of("xc_family", "XF1")), person_of(reg));
}

/* Slips in both the given name and the first surname ("Moisé Díau
 * Ventura" for "Moisés Díaz Ventura") escape every blocking key on a
 * name; the town, the month of the arrest and the birth year still bring
 * the two records together, and they are one man. */
static void test_nameless_block(void **state)
{
    (void)state;
    import_list("nameless_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,segundo_apellido,fecha_nacimiento,domicilio,"
                "fecha_captura\n"
                "NL1,Moisés,Díaz,Ventura,1960-03-29,\"Santa Tecla, La Libertad\",2022-05-05\n");
    import_list("nameless_family", "family_report",
                "id;nombre_completo;edad;domicilio;fecha_detencion\n"
                "NLF1;Moisé Díau Ventura;62;Santa Tecla;05/2022\n");
    run(false);
    assert_int_equal(person_of(record_of("nameless_ngo", "NL1")),
                     person_of(record_of("nameless_family", "NLF1")));
}

/* A police holding cell and a prison are two moments of one detention,
 * not two places at once: a level of their own; two prisons stay
 * "different". */
static void test_holding_cell(void **state)
{
    (void)state;
    import_list("cell_ngo", "ngo_case", "id_caso,nombres,primer_apellido,centro_penal\n"
                                        "C1,Anacleto,Urbina,Bartolinas Centrales PNC San Salvador\n"
                                        "C2,Anacleto,Urbina,Centro Penal de Izalco\n");
    import_list("cell_register", "official_list", "NO,NOMBRES,APELLIDOS,CENTRO_PENAL\n"
                                                  "CR1,ANACLETO,URBINA,CENTRO PENAL LA ESPERANZA\n");
    run(false);
    long reg = record_of("cell_register", "CR1");
    expect_level(record_of("cell_ngo", "C1"), reg, "facility",
                 "different, one a police holding cell");
    expect_level(record_of("cell_ngo", "C2"), reg, "facility", "different");
}

/* "Jesús Eleuterio Romero" in one field reads Jesús | Eleuterio |
 * Romero: a given name the lexicon does not know looks like a surname.
 * Against "Jesús Eleuterio | Romero Torres" the names are aligned past
 * it, and explain says so.  "Jesús Antoio Romero" is read right: Antoio
 * is one slip from Antonio and no list writes it as a surname
 * (names_parse_person_alt, link_load); "Pedro Marín Ayala" keeps Marín,
 * one slip from Mario, as a surname, because a list writes it so. */
static void test_shifted_given(void **state)
{
    (void)state;
    import_list("shift_ngo", "ngo_case",
                "id_caso,nombres,primer_apellido,segundo_apellido\n"
                "SH1,Jesús Eleuterio,Romero,Torres\n"
                "SH2,Jesús Antonio,Romero,Torres\n"
                "SH3,Pedro,Marín,Ayala\n");
    import_list("shift_family", "family_report",
                "id;nombre_completo;edad\n"
                "SF1;Jesús Eleuterio Romero;19\n"
                "SF2;Jesús Antoio Romero;19\n"
                "SF3;Pedro Marín Ayala;30\n");
    run(false);
    long a = record_of("shift_ngo", "SH1"), b = record_of("shift_family", "SF1");
    expect_level(a, b, "given_names", "all given names equal, one read as a surname");
    expect_level(a, b, "surname1", "equal, as the other record's second surname");
    expect_level(a, b, "surname2", "counted with surname1");
    a = record_of("shift_ngo", "SH2"), b = record_of("shift_family", "SF2");
    expect_level(a, b, "given_names", "all given names equal");
    expect_level(a, b, "surname1", "equal");
    a = record_of("shift_ngo", "SH3"), b = record_of("shift_family", "SF3");
    expect_level(a, b, "given_names", "all given names equal");
    expect_level(a, b, "surname1", "equal");
    expect_level(a, b, "surname2", "equal");
}

/* An arrest known only to the year says nothing (most fell in 2022); the
 * same month does. */
static void test_arrest_year_only(void **state)
{
    (void)state;
    import_list("year_ngo", "ngo_case", "id_caso,nombres,primer_apellido,fecha_captura\n"
                                        "Y1,Ubaldo,Chicas,2022-04-10\n");
    import_list("year_family", "family_report", "id;nombre_completo;fecha_detencion\n"
                                                "YF1;Ubaldo Chicas;2022\n"
                                                "YF2;Ubaldo Chicas;04/2022\n");
    run(false);
    long a = record_of("year_ngo", "Y1");
    expect_level(a, record_of("year_family", "YF1"), "arrest_date", "missing");
    expect_level(a, record_of("year_family", "YF2"), "arrest_date",
                 "same month (or day and month swapped)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accuracy),
        cmocka_unit_test(test_facility_pairs_kept),
        cmocka_unit_test(test_explain_basis),
        cmocka_unit_test(test_dates_by_month),
        cmocka_unit_test(test_birth_by_year),
        cmocka_unit_test(test_place_by_town),
        cmocka_unit_test(test_court_by_month),
        cmocka_unit_test(test_later_given),
        cmocka_unit_test(test_surnames_crossed),
        cmocka_unit_test(test_age_at_arrest),
        cmocka_unit_test(test_age_at_arrest_year),
        cmocka_unit_test(test_common_names_alike),
        cmocka_unit_test(test_slip_of_common_surname),
        cmocka_unit_test(test_admission_levels),
        cmocka_unit_test(test_court_levels),
        cmocka_unit_test(test_status_levels),
        cmocka_unit_test(test_cross_contradiction),
        cmocka_unit_test(test_nameless_block),
        cmocka_unit_test(test_holding_cell),
        cmocka_unit_test(test_shifted_given),
        cmocka_unit_test(test_arrest_year_only),
        cmocka_unit_test(test_stable_ids),
        cmocka_unit_test(test_decisions_win_and_survive),
        cmocka_unit_test(test_contradiction_splits),
        cmocka_unit_test(test_birth_years),
        cmocka_unit_test(test_idnum_slip),
        cmocka_unit_test(test_mother_tells_surname),
        cmocka_unit_test(test_one_list_two_namesakes),
        cmocka_unit_test(test_swapped_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
