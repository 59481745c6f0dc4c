/* Spanish names: parsing into given names, surnames, married name and
 * nickname; phonetic keys; hypocoristics.  All names are fictional
 * combinations of common Salvadoran names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "names/lexicon.h"
#include "names/names.h"

/* ---- the parser, table-driven ---- */

typedef struct name_case {
    /* input: full, given, surname1, surname2, surnames, alias */
    const char *full, *given, *s1, *s2, *surnames, *alias;
    /* expected */
    const char *e_given, *e_s1, *e_s2, *e_married, *e_nick;
} name_case;

// clang-format off
/* A whole name in one field. */
#define FULL(in, g, a, b, m, n) {in, NULL, NULL, NULL, NULL, NULL, g, a, b, m, n}
/* Separate columns: given, surname1, surname2, surnames, alias. */
#define COLS(gi, s1i, s2i, ssi, al, g, a, b, m, n) {NULL, gi, s1i, s2i, ssi, al, g, a, b, m, n}
// clang-format on

static const name_case cases[] = {
    /* Four words: two given names, two surnames, any case or accents. */
    FULL("JOSE LUIS HERNANDEZ MARTINEZ", "jose luis", "hernandez", "martinez", "", ""),
    FULL("jose luis hernandez martinez", "jose luis", "hernandez", "martinez", "", ""),
    FULL("José Luis Hernández Martínez", "jose luis", "hernandez", "martinez", "", ""),
    FULL("  JOSÉ   LUIS  HERNÁNDEZ  MARTÍNEZ  ", "jose luis", "hernandez", "martinez", "", ""),
    FULL("Yeferson Alexis Portillo Ayala", "yeferson alexis", "portillo", "ayala", "", ""),
    FULL("Xiomara Yamileth Zelaya Rauda", "xiomara yamileth", "zelaya", "rauda", "", ""),
    FULL("MARÍA JOSÉ ÁLVAREZ PEÑA", "maria jose", "alvarez", "pena", "", ""),
    FULL("Kevin Alexander Ramos Portillo", "kevin alexander", "ramos", "portillo", "", ""),
    /* Three words: decided by the middle word. */
    FULL("Juan Carlos Pérez", "juan carlos", "perez", "", "", ""),
    /* second given names common in El Salvador, and a given name that is
     * also a surname, read as one when it comes after two given names */
    FULL("Luis Alonso Deras", "luis alonso", "deras", "", "", ""),
    FULL("Kevin Geovanny Urquilla", "kevin geovanny", "urquilla", "", "", ""),
    FULL("Darwin Meléndez Quijano", "darwin", "melendez", "quijano", "", ""),
    FULL("José Alonso Fabián", "jose alonso", "fabian", "", "", ""),
    FULL("Juan Pérez López", "juan", "perez", "lopez", "", ""),
    FULL("Ana María Flores", "ana maria", "flores", "", "", ""),
    FULL("Ana Flores Rivera", "ana", "flores", "rivera", "", ""),
    FULL("Kevin Alexis Ramos", "kevin alexis", "ramos", "", "", ""),
    FULL("Edwin Orellana Guevara", "edwin", "orellana", "guevara", "", ""),
    FULL("Wilfredo Antonio Cortez", "wilfredo antonio", "cortez", "", "", ""),
    FULL("Rosa Elena Campos", "rosa elena", "campos", "", "", ""),
    FULL("Marvin Vladimir Argueta", "marvin vladimir", "argueta", "", "", ""),
    FULL("José María Pérez", "jose maria", "perez", "", "", ""),
    /* A woman's name after a man's is a surname ("Rosa", "Reina"); but
     * "José María" and "María José" are one person's given names. */
    FULL("JOSÉ ROBERTO ROSA ALVARADO", "jose roberto", "rosa", "alvarado", "", ""),
    FULL("Carlos Reina Flores", "carlos", "reina", "flores", "", ""),
    FULL("Ana Cruz Portillo", "ana", "cruz", "portillo", "", ""),
    /* "santos" is as common a given name as a surname: two surnames. */
    FULL("Carlos Santos Reyes", "carlos", "santos", "reyes", "", ""),
    /* An unknown middle word: the usual shape, two surnames. */
    FULL("Juan Quetzalcoatl López", "juan", "quetzalcoatl", "lopez", "", ""),
    /* An unknown word ending in -ez is a surname. */
    FULL("Oscar Zuletez Mejía", "oscar", "zuletez", "mejia", "", ""),
    FULL("Santos Hernández", "santos", "hernandez", "", "", ""),
    FULL("Ángel Núñez Muñoz", "angel", "nunez", "munoz", "", ""),
    /* Two words: given name and surname, unless both are only given names. */
    FULL("Pedro Reyes", "pedro", "reyes", "", "", ""),
    FULL("Juan Santos", "juan", "santos", "", "", ""),
    FULL("José Martín", "jose", "martin", "", "", ""),
    FULL("Juan Carlos", "juan carlos", "", "", "", ""),
    FULL("Rosa Elena", "rosa elena", "", "", "", ""),
    /* Five words. */
    FULL("Jose Luis Antonio Perez Lopez", "jose luis antonio", "perez", "lopez", "", ""),
    FULL("Ana Maria Guadalupe Rivas Molina", "ana maria guadalupe", "rivas", "molina", "", ""),
    /* Surnames first, with a comma. */
    FULL("HERNANDEZ MARTINEZ, JOSE LUIS", "jose luis", "hernandez", "martinez", "", ""),
    FULL("Hernández, José", "jose", "hernandez", "", "", ""),
    FULL("PEREZ LOPEZ , MARIA DEL CARMEN", "maria del carmen", "perez", "lopez", "", ""),
    FULL("De la Cruz Hernández, Juan", "juan", "de la cruz", "hernandez", "", ""),
    FULL("López de Hernández, María", "maria", "lopez", "", "hernandez", ""),
    FULL("Pérez López, Doña María del Carmen", "maria del carmen", "perez", "lopez", "", ""),
    FULL("Jose Luis, Hernandez Martinez", "jose luis", "hernandez", "martinez", "", ""),
    FULL("Santos, Juan", "juan", "santos", "", "", ""),
    FULL("Santos Reyes, Don Juan", "juan", "santos", "reyes", "", ""),
    /* Surnames first without a comma, when it reads much better so. */
    FULL("HERNANDEZ MARTINEZ JOSE LUIS", "jose luis", "hernandez", "martinez", "", ""),
    FULL("Rivas Molina Ana Maria", "ana maria", "rivas", "molina", "", ""),
    FULL("Orellana Juan", "juan", "orellana", "", "", ""),
    /* Surnames only. */
    FULL("Hernández Martínez", "", "hernandez", "martinez", "", ""),
    FULL("Hernández", "", "hernandez", "", "", ""),
    FULL("De la Cruz López", "", "de la cruz", "lopez", "", ""),
    /* Particles stay with the surname that follows. */
    FULL("Juan de la Cruz Martínez", "juan", "de la cruz", "martinez", "", ""),
    FULL("Pedro del Cid Rivera", "pedro", "del cid", "rivera", "", ""),
    FULL("Mario de León Ayala", "mario", "de leon", "ayala", "", ""),
    FULL("Jose Perez de Leon", "jose", "perez", "de leon", "", ""),
    FULL("Carlos de los Santos Molina", "carlos", "de los santos", "molina", "", ""),
    FULL("Oscar Rivas de la O", "oscar", "rivas", "de la o", "", ""),
    /* Compound given names keep theirs. */
    FULL("María de los Ángeles López", "maria de los angeles", "lopez", "", "", ""),
    FULL("José de Jesús Pérez López", "jose de jesus", "perez", "lopez", "", ""),
    FULL("María del Carmen Rivas", "maria del carmen", "rivas", "", "", ""),
    FULL("María de la Paz Hernández Orellana", "maria de la paz", "hernandez", "orellana", "", ""),
    FULL("Juan de Dios Ramos", "juan de dios", "ramos", "", "", ""),
    FULL("Maria del Transito Guardado", "maria del transito", "guardado", "", "", ""),
    FULL("Ma. de los Angeles Lopez", "maria de los angeles", "lopez", "", "", ""),
    FULL("Wilfredo de Jesús Amaya", "wilfredo de jesus", "amaya", "", "", ""),
    FULL("Rosa del Milagro Ayala Chicas", "rosa del milagro", "ayala", "chicas", "", ""),
    /* Married women. */
    FULL("María López de Hernández", "maria", "lopez", "", "hernandez", ""),
    FULL("Ana Ruiz viuda de Flores", "ana", "ruiz", "", "flores", ""),
    FULL("Ana Ruiz Vda. de Flores", "ana", "ruiz", "", "flores", ""),
    FULL("ANA RUIZ VDA DE FLORES", "ana", "ruiz", "", "flores", ""),
    FULL("Ana Ruiz Vda. Flores", "ana", "ruiz", "", "flores", ""),
    FULL("Rosa Elena Campos de Portillo", "rosa elena", "campos", "", "portillo", ""),
    FULL("Maria Elena Lopez Mejia de Hernandez", "maria elena", "lopez", "mejia", "hernandez", ""),
    FULL("Sonia Guadalupe Ayala de Martínez", "sonia guadalupe", "ayala", "", "martinez", ""),
    FULL("Maria Lopez de Paz", "maria", "lopez", "", "paz", ""),
    FULL("Lic. María del Carmen Rivas de Molina", "maria del carmen", "rivas", "", "molina", ""),
    FULL("María de los Ángeles López de Hernández", "maria de los angeles", "lopez", "",
         "hernandez", ""),
    /* Not after a man's name, nor "de León" when the sex is unclear. */
    FULL("Guadalupe Rivas de Leon", "guadalupe", "rivas", "de leon", "", ""),
    FULL("Mario Ayala de Paz", "mario", "ayala", "de paz", "", ""),
    /* "y" joins the two surnames. */
    FULL("Juan Pérez y Pérez", "juan", "perez", "perez", "", ""),
    FULL("Carlos Rivas y Rivas", "carlos", "rivas", "rivas", "", ""),
    /* Hyphens and apostrophes. */
    FULL("Roberto García-Prieto López", "roberto", "garcia prieto", "lopez", "", ""),
    FULL("Roberto D'Aubuisson Arrieta", "roberto", "daubuisson", "arrieta", "", ""),
    /* Hypocoristics used as given names. */
    FULL("Chepe Hernández", "jose", "hernandez", "", "", "chepe"),
    FULL("Toño Ramírez", "antonio", "ramirez", "", "", "tono"),
    FULL("Memo Portillo Ayala", "guillermo", "portillo", "ayala", "", "memo"),
    FULL("Chayo López de Hernández", "rosario", "lopez", "", "hernandez", "chayo"),
    FULL("Beto Flores", "roberto", "flores", "", "", "beto"),
    FULL("Paco Gómez", "francisco", "gomez", "", "", "paco"),
    FULL("Lupe Rivera", "guadalupe", "rivera", "", "", "lupe"),
    FULL("Chema Pérez", "jose maria", "perez", "", "", "chema"),
    FULL("Fredy Alexander Ramos", "alfredo alexander", "ramos", "", "", "fredy"),
    FULL("Tito Hernández", "tito", "hernandez", "", "", "tito"),
    FULL("Chepe", "jose", "", "", "", "chepe"),
    FULL("Juanca Pérez", "juan carlos", "perez", "", "", "juanca"),
    FULL("Jona Serrano", "jonathan", "serrano", "", "", "jona"),
    FULL("Mauri López Aguilar", "mauricio", "lopez", "aguilar", "", "mauri"),
    FULL("Alex Romero", "alexander", "romero", "", "", "alex"),
    FULL("Chano Torres Vásquez", "chano", "torres", "vasquez", "", "chano"),
    /* Nicknames in the name. */
    FULL("Juan \"Chepe\" Pérez", "juan", "perez", "", "", "chepe"),
    FULL("Juan 'Chepe' Pérez", "juan", "perez", "", "", "chepe"),
    FULL("Juan \xe2\x80\x9c"
         "Chepe\xe2\x80\x9d Pérez",
         "juan", "perez", "", "", "chepe"),
    FULL("Juan «el Gato» Pérez", "juan", "perez", "", "", "gato"),
    FULL("José Pérez (a) El Flaco", "jose", "perez", "", "", "flaco"),
    FULL("José Pérez (A)El Flaco", "jose", "perez", "", "", "flaco"),
    FULL("José Pérez alias Chepe", "jose", "perez", "", "", "chepe"),
    FULL("José Pérez, alias El Negro", "jose", "perez", "", "", "negro"),
    FULL("Juan Pérez conocido como El Negro", "juan", "perez", "", "", "negro"),
    FULL("Juan Pérez apodado Cuervo", "juan", "perez", "", "", "cuervo"),
    FULL("JUAN PEREZ (EL GATO)", "juan", "perez", "", "", "gato"),
    FULL("Juan Pérez El Flaco", "juan", "perez", "", "", "flaco"),
    FULL("El Flaco", "", "", "", "", "flaco"),
    FULL("La Gata", "", "", "", "", "gata"),
    FULL("Chino Hernández", "", "hernandez", "", "", "chino"),
    FULL("Dolores Lobo", "dolores", "lobo", "", "", ""), /* a surname as well as a nickname */
    FULL("Mario Gallo Reyes", "mario", "gallo", "reyes", "", ""),
    FULL("Juan Pérez El Lobo", "juan", "perez", "", "", "lobo"),
    FULL("Chele Ramos Ayala", "", "ramos", "ayala", "", "chele"),
    FULL("Oscar Ramos alias El Flaco Loco", "oscar", "ramos", "", "", "flaco loco"),
    /* Honorifics and noise. */
    FULL("Sr. José Pérez", "jose", "perez", "", "", ""),
    FULL("Sra. María López", "maria", "lopez", "", "", ""),
    FULL("Don Chepe Hernández", "jose", "hernandez", "", "", "chepe"),
    FULL("Doña Rosa Pérez López", "rosa", "perez", "lopez", "", ""),
    FULL("Lic. Carlos Ramírez", "carlos", "ramirez", "", "", ""),
    FULL("Dr. Mario Alvarado Chávez", "mario", "alvarado", "chavez", "", ""),
    FULL("José Pérez hijo", "jose", "perez", "", "", ""),
    FULL("Juan Pérez,", "juan", "perez", "", "", ""),
    FULL("Juan Pérez, Sr.", "juan", "perez", "", "", ""),
    FULL("1. Juan Pérez López", "juan", "perez", "lopez", "", ""),
    FULL("JUAN PEREZ N/D", "juan", "perez", "", "", ""),
    FULL("Juan Desconocido", "juan", "", "", "", ""),
    FULL("N/D", "", "", "", "", ""),
    FULL("NN", "", "", "", "", ""),
    FULL("N.N.", "", "", "", "", ""),
    FULL("S/N", "", "", "", "", ""),
    FULL("desconocido", "", "", "", "", ""),
    FULL("", "", "", "", "", ""),
    FULL(NULL, "", "", "", "", ""),

    /* Separate columns. */
    COLS("JOSE LUIS", "HERNANDEZ", "MARTINEZ", NULL, NULL, "jose luis", "hernandez", "martinez", "",
         ""),
    COLS("JOSE", "HERNANDEZ", "", NULL, NULL, "jose", "hernandez", "", "", ""),
    /* Swapped surnames are kept as written. */
    COLS("JOSE", "MARTINEZ", "HERNANDEZ", NULL, NULL, "jose", "martinez", "hernandez", "", ""),
    /* Both surnames in the first-surname column. */
    COLS("Jose", "Hernandez Martinez", "", NULL, NULL, "jose", "hernandez", "martinez", "", ""),
    COLS("MARIA", "LOPEZ DE HERNANDEZ", "", NULL, NULL, "maria", "lopez", "", "hernandez", ""),
    COLS("MARIA", "DE LA CRUZ", NULL, NULL, NULL, "maria", "de la cruz", "", "", ""),
    /* A married name in the second-surname column. */
    COLS("MARIA", "LOPEZ", "DE HERNANDEZ", NULL, NULL, "maria", "lopez", "", "hernandez", ""),
    COLS("ANA", "RUIZ", "VDA. DE FLORES", NULL, NULL, "ana", "ruiz", "", "flores", ""),
    /* ... but "de Paz" there is the maternal surname. */
    COLS("MARIA", "LOPEZ", "DE PAZ", NULL, NULL, "maria", "lopez", "de paz", "", ""),
    /* An absent first surname keeps the second in its place. */
    COLS("JUAN", "N/D", "LOPEZ", NULL, NULL, "juan", "", "lopez", "", ""),
    COLS("JUAN", "DESCONOCIDO", "", NULL, NULL, "juan", "", "", "", ""),
    COLS("Yanira", "Vásquez", "Orellana", NULL, NULL, "yanira", "vasquez", "orellana", "", ""),
    /* The surnames column. */
    COLS("Chepe", NULL, NULL, "HERNANDEZ MARTINEZ", NULL, "jose", "hernandez", "martinez", "",
         "chepe"),
    COLS("", NULL, NULL, "DE LA CRUZ HERNANDEZ", "Chepe", "jose", "de la cruz", "hernandez", "",
         "chepe"),
    COLS("Doña Rosa", NULL, NULL, "Pérez López,", NULL, "rosa", "perez", "lopez", "", ""),
    COLS("Pedro", NULL, NULL, "PEREZ Y LOPEZ", NULL, "pedro", "perez", "lopez", "", ""),
    COLS("Pedro", NULL, NULL, "DE LEON AYALA", NULL, "pedro", "de leon", "ayala", "", ""),
    COLS("JOSE", NULL, NULL, "HERNANDEZ DE LEON", NULL, "jose", "hernandez", "de leon", "", ""),
    COLS("ROSA", NULL, NULL, "CAMPOS DE PORTILLO", NULL, "rosa", "campos", "", "portillo", ""),
    COLS("Kevin", NULL, NULL, "García-Prieto Rivas", NULL, "kevin", "garcia prieto", "rivas", "",
         ""),
    COLS("MARIA DE LOS ANGELES", NULL, NULL, "LOPEZ", NULL, "maria de los angeles", "lopez", "", "",
         ""),
    COLS("Ma. del Carmen", "Rivas", NULL, NULL, NULL, "maria del carmen", "rivas", "", "", ""),
    /* Alias column. */
    COLS(NULL, NULL, NULL, NULL, "alias Chepe", "jose", "", "", "", "chepe"),
    COLS("Juan", "Perez", NULL, NULL, "El Flaco", "juan", "perez", "", "", "flaco"),
    COLS("Toño", "Ramos", NULL, NULL, "El Gato", "antonio", "ramos", "", "", "gato"),
    COLS(NULL, NULL, NULL, NULL, "Chele", "", "", "", "", "chele"),
    COLS(NULL, NULL, NULL, NULL, "Chino Loco", "", "", "", "", "chino loco"),
    COLS(NULL, NULL, NULL, NULL, "(a) El Flaco", "", "", "", "", "flaco"),
    COLS(NULL, NULL, NULL, NULL, "conocido como \"El Negro\"", "", "", "", "", "negro"),
    COLS("Juan", NULL, NULL, NULL, "S/N", "juan", "", "", "", ""),
    COLS(NULL, NULL, NULL, NULL, "Toño", "antonio", "", "", "", "tono"),
    COLS("Juan", "Perez", NULL, NULL, "N/D", "juan", "perez", "", "", ""),
    COLS("Juan", "Perez", NULL, NULL, "ninguno", "juan", "perez", "", "", ""),
    COLS("JOSE (CHEPE)", "PEREZ", NULL, NULL, NULL, "jose", "perez", "", "", "chepe"),
    COLS("Fredy Alexander", "Ramos", NULL, NULL, NULL, "alfredo alexander", "ramos", "", "",
         "fredy"),
    COLS("N/D", "LOPEZ", NULL, NULL, NULL, "", "lopez", "", "", ""),
    COLS("Sr. Carlos", "Rivas", "Molina", NULL, NULL, "carlos", "rivas", "molina", "", ""),
    COLS(NULL, NULL, NULL, NULL, NULL, "", "", "", "", ""),

    /* The full name is read only when the columns are empty. */
    {"Pedro Ramos", "Juan", "Perez", NULL, NULL, NULL, "juan", "perez", "", "", ""},
    {"Maria Lopez Rivas", "N/D", "", "", "", NULL, "maria", "lopez", "rivas", "", ""},
    /* The alias column wins over a nickname in the name. */
    {"Juan Pérez alias Chepe", NULL, NULL, NULL, NULL, "El Negro", "juan", "perez", "", "",
     "negro"},
    {"Chepe Pérez", NULL, NULL, NULL, NULL, "El Negro", "jose", "perez", "", "", "negro"},
};

/* Returns the number of fields that differ, each reported. */
static int check_case(const name_case *c)
{
    int bad = 0;
    names_person p;
    memset(&p, 0x5a, sizeof p); /* every field must be written */
    names_parse_person(c->full, c->given, c->s1, c->s2, c->surnames, c->alias, &p);
    const char *got[5] = {p.given, p.surname1, p.surname2, p.married, p.nickname};
    const char *want[5] = {c->e_given, c->e_s1, c->e_s2, c->e_married, c->e_nick};
    static const char *what[5] = {"given", "surname1", "surname2", "married", "nickname"};
    for (int i = 0; i < 5; i++) {
        if (strcmp(got[i], want[i]) != 0) {
            print_error("full=%s given=%s s1=%s s2=%s surnames=%s alias=%s\n  %s: got '%s', want "
                        "'%s'\n",
                        c->full ? c->full : "(null)", c->given ? c->given : "(null)",
                        c->s1 ? c->s1 : "(null)", c->s2 ? c->s2 : "(null)",
                        c->surnames ? c->surnames : "(null)", c->alias ? c->alias : "(null)",
                        what[i], got[i], want[i]);
            bad++;
        }
    }
    return bad;
}

static void test_parse_table(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0];
    assert_true(n >= 100);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += check_case(&cases[i]);
    assert_int_equal(bad, 0);
}

static void test_keys(void **state)
{
    (void)state;
    names_person p;
    names_parse_person("Juan de la Cruz Vásquez", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.given_key, "JUAN");
    assert_string_equal(p.surname1_key, "KRUS"); /* the particles are not keyed */
    assert_string_equal(p.surname2_key, "BASKES");
    names_person q;
    names_parse_person(NULL, "Chepe", "Cruz", "Basques", NULL, NULL, &q);
    assert_string_equal(q.given_key, "JOSE");
    assert_string_equal(q.surname1_key, p.surname1_key);
    assert_string_equal(q.surname2_key, p.surname2_key);
    names_parse_person(NULL, NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.given_key, "");
    assert_string_equal(p.surname1_key, "");
}

/* A hypocoristic written as the given name is kept as nickname, marked
 * as no alias; an alias column's or a street name in the name is one. */
static void test_nickname_as_given(void **state)
{
    (void)state;
    names_person p;
    names_parse_person("Chepe Hernández", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.nickname, "chepe");
    assert_true(p.nickname_as_given);
    names_parse_person(NULL, "José", "Hernández", NULL, NULL, "Chepe", &p);
    assert_string_equal(p.nickname, "chepe");
    assert_false(p.nickname_as_given);
    names_parse_person("Chepe Hernández", NULL, NULL, NULL, NULL, "El Negro", &p);
    assert_string_equal(p.nickname, "negro");
    assert_false(p.nickname_as_given);
    names_parse_person("José Hernández", NULL, NULL, NULL, NULL, NULL, &p);
    assert_false(p.nickname_as_given);
}

/* A whole name with an unknown word one slip from a given name is read
 * both ways: as the parser reads it (the word a surname) and with the
 * word a given name; names it knows, or whose unknown word is a slip of
 * nothing, are read once. */
static void alt_case(const char *full, const char *given, const char *s1, const char *alt_given,
                     const char *alt_s1, const char *moved)
{
    names_person p, a;
    char w[32];
    bool two = names_parse_person_alt(full, NULL, &p, &a, w, sizeof w);
    assert_string_equal(p.given, given);
    assert_string_equal(p.surname1, s1);
    assert_int_equal(two, alt_given != NULL);
    if (two) {
        assert_string_equal(a.given, alt_given);
        assert_string_equal(a.surname1, alt_s1);
        assert_string_equal(w, moved);
    }
}

static void test_read_both_ways(void **state)
{
    (void)state;
    alt_case("Juan Carlso Pérez", "juan", "carlso", "juan carlso", "perez", "carlso");
    alt_case("Pedro Marín Ayala", "pedro", "marin", "pedro marin", "ayala", "marin");
    alt_case("José Maneul Martínez López", "jose maneul", "martinez", NULL, NULL, NULL);
    alt_case("Mqría de los Ángeles Ramos", "mqria", "de los angeles", "mqria de los angeles",
             "ramos", "angeles");
    alt_case("Juan Pérez López", "juan", "perez", NULL, NULL, NULL);
    alt_case("Jesús Eleuterio Romero", "jesus", "eleuterio", NULL, NULL, NULL);
    alt_case("José Hernádez López", "jose", "hernadez", NULL, NULL, NULL);
}

/* Spelling variants met in lists all give one key. */
static void test_phonetic_collide(void **state)
{
    (void)state;
    static const char *pairs[][2] = {
        {"hernandez", "ernandes"},
        {"vasquez", "basques"},
        {"vasquez", "vazquez"},
        {"gonzalez", "gonsales"},
        {"yanira", "llanira"},
        {"jeovany", "geovany"},
        {"quintanilla", "kintaniya"},
        {"velasquez", "velazquez"},
        {"cortez", "cortes"},
        {"zelaya", "celaya"},
        {"henriquez", "enriquez"},
        {"xiomara", "siomara"},
        {"jonathan", "jonatan"},
        {"vanessa", "vanesa"},
        {"chavez", "chaves"},
        {"huezo", "wezo"},
        {"wilber", "wilver"},
        {"reyna", "reina"},
        {"yesenia", "llesenia"},
        {"alvarenga", "albarenga"},
        {"guillermo", "guiyermo"},
        {"emmanuel", "enmanuel"},
        {"stephany", "stefany"},
        {"quijada", "kijada"},
        {"mejia", "megia"},
        {"giovanni", "jiovani"},
        {"orellana", "oreyana"},
        {"menjivar", "menjibar"},
        {"henry", "enri"},
        {"ayala", "allala"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char a[32], b[32];
        names_phonetic(pairs[i][0], a, sizeof a);
        names_phonetic(pairs[i][1], b, sizeof b);
        if (strcmp(a, b) != 0) {
            print_error("%s -> %s, %s -> %s: should be one key\n", pairs[i][0], a, pairs[i][1], b);
            fail();
        }
    }
}

/* Different names keep different keys. */
static void test_phonetic_apart(void **state)
{
    (void)state;
    static const char *pairs[][2] = {
        {"lopez", "perez"},    {"cruz", "ruiz"},        {"marcos", "marco"},   {"flores", "flor"},
        {"maria", "mario"},    {"rosa", "rosales"},     {"ramos", "ramirez"},  {"mejia", "mesia"},
        {"campos", "ramos"},   {"martinez", "ramirez"}, {"santos", "santana"}, {"rivas", "rivera"},
        {"gomez", "gonzalez"}, {"jose", "josue"},       {"carla", "carlos"},   {"ana", "ania"},
        {"reyes", "rey"},      {"molina", "medina"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char a[32], b[32];
        names_phonetic(pairs[i][0], a, sizeof a);
        names_phonetic(pairs[i][1], b, sizeof b);
        if (strcmp(a, b) == 0) {
            print_error("%s and %s both -> %s: should differ\n", pairs[i][0], pairs[i][1], a);
            fail();
        }
    }
}

static void test_phonetic_values(void **state)
{
    (void)state;
    char k[32];
    names_phonetic("hernandez", k, sizeof k);
    assert_string_equal(k, "ERNANDES");
    names_phonetic("quintanilla", k, sizeof k);
    assert_string_equal(k, "KINTANIYA");
    names_phonetic("chavez", k, sizeof k);
    assert_string_equal(k, "CABES");
    names_phonetic("guevara", k, sizeof k);
    assert_string_equal(k, "GEBARA"); /* the u of gue is silent */
    names_phonetic("guardado", k, sizeof k);
    assert_string_equal(k, "GUARDADO"); /* that of gua is not */
    names_phonetic("miguel", k, sizeof k);
    assert_string_equal(k, "MIGEL");
    names_phonetic("alexander", k, sizeof k);
    assert_string_equal(k, "ALEKSANDER");
    names_phonetic("ramirez", k, sizeof k);
    assert_string_equal(k, "RAMIRES");
    names_phonetic("", k, sizeof k);
    assert_string_equal(k, "");
    names_phonetic("123", k, sizeof k);
    assert_string_equal(k, "");
    names_phonetic(NULL, k, sizeof k);
    assert_string_equal(k, "");
    /* Never more than outlen-1 characters. */
    char small[5];
    memset(small, 'x', sizeof small);
    names_phonetic("hernandez", small, sizeof small);
    assert_string_equal(small, "ERNA");
    char one[1] = {'x'};
    names_phonetic("hernandez", one, sizeof one);
    assert_int_equal(one[0], '\0');
    names_phonetic("hernandez", one, 0); /* writes nothing */
}

static void test_nickname_given(void **state)
{
    (void)state;
    static const char *map[][2] = {
        {"chepe", "jose"},        {"pepe", "jose"},        {"tono", "antonio"},
        {"toni", "antonio"},      {"memo", "guillermo"},   {"beto", "roberto"},
        {"paco", "francisco"},    {"pancho", "francisco"}, {"chico", "francisco"},
        {"chayo", "rosario"},     {"lupe", "guadalupe"},   {"nacho", "ignacio"},
        {"quique", "enrique"},    {"kike", "enrique"},     {"chava", "salvador"},
        {"chamba", "salvador"},   {"goyo", "gregorio"},    {"lencho", "lorenzo"},
        {"chus", "jesus"},        {"chucho", "jesus"},     {"lola", "dolores"},
        {"concha", "concepcion"}, {"chon", "concepcion"},  {"tere", "teresa"},
        {"maru", "maria"},        {"juancho", "juan"},     {"manolo", "manuel"},
        {"meme", "manuel"},       {"fredy", "alfredo"},    {"rafa", "rafael"},
        {"nando", "fernando"},    {"chema", "jose maria"}, {"chente", "vicente"},
        {"lalo", "eduardo"},      {"poncho", "alfonso"},   {"neto", "ernesto"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const char *g = names_nickname_given(map[i][0]);
        if (!g || strcmp(g, map[i][1]) != 0) {
            print_error("%s -> %s, want %s\n", map[i][0], g ? g : "NULL", map[i][1]);
            fail();
        }
    }
    /* Ambiguous familiar forms, given names, street nicknames: none. */
    assert_null(names_nickname_given("tito"));
    assert_null(names_nickname_given("tino"));
    assert_null(names_nickname_given("jose"));
    assert_null(names_nickname_given("flaco"));
    assert_null(names_nickname_given("chep"));
    assert_null(names_nickname_given("chepes"));
    assert_null(names_nickname_given(""));
    assert_null(names_nickname_given(NULL));
}

static void test_nickname_fits(void **state)
{
    (void)state;
    assert_true(names_nickname_fits("chepe", "jose"));
    assert_true(names_nickname_fits("chepe", "jose luis"));
    assert_true(names_nickname_fits("beto", "roberto"));
    assert_true(names_nickname_fits("beto", "carlos alberto"));
    assert_true(names_nickname_fits("beto", "humberto"));
    assert_true(names_nickname_fits("fredy", "wilfredo"));
    assert_true(names_nickname_fits("fredy", "alfredo"));
    assert_true(names_nickname_fits("tito", "roberto"));
    assert_true(names_nickname_fits("chema", "jose"));
    assert_false(names_nickname_fits("chepe", "juan"));
    assert_false(names_nickname_fits("beto", "rosa"));
    assert_false(names_nickname_fits("flaco", "jose"));
    assert_false(names_nickname_fits("chepe", ""));
    assert_false(names_nickname_fits(NULL, "jose"));
    assert_false(names_nickname_fits("chepe", NULL));
}

/* A search's misspelt familiar form, and what is left alone. */
static void slip_is(const char *full, const char *want)
{
    sbuf out;
    sbuf_init(&out);
    bool got = names_nickname_slip(full, &out);
    if (want) {
        assert_true(got);
        assert_string_equal(out.data, want);
    } else {
        assert_false(got);
    }
    sbuf_free(&out);
}

static void test_nickname_slip(void **state)
{
    (void)state;
    slip_is("CHPE ORELLAAN", "chepe orellaan");     /* a letter dropped */
    slip_is("Nahco Bonilla", "nacho bonilla");      /* two swapped */
    slip_is("mmeo Reeys", "memo reeys");            /* two swapped */
    slip_is("chppe Aylaa", "chepe aylaa");          /* one changed */
    slip_is("cepe Castillo", "chepe castillo");     /* Chepe or Pepe: José */
    slip_is("Chepo Orellana", NULL);  /* Chepe or Chepa: José or Josefa */
    slip_is("Chepe Orellana", NULL);                /* the form itself */
    slip_is("Juna Pérez", NULL);    /* one slip from Juan (and Jona): a given name */
    slip_is("Jose Pérez", NULL);    /* known */
    slip_is("Chpe", NULL);          /* no surname to go with it */
    slip_is("Orellana, Chpe", NULL); /* surname first: not the first word */
    slip_is("kie Franco", "kike franco");  /* a letter dropped from a longer form */
    slip_is("Pco Pérez", "paco perez");
    slip_is("Isx Pérez", NULL);     /* a letter changed in three: too short to tell */
    slip_is("Tno Pérez", NULL);     /* Toño or Tino */
    slip_is("Zqxwv Pérez", NULL);   /* unknown, but no form is near */
    slip_is(NULL, NULL);
}

static void test_spelling_variants(void **state)
{
    (void)state;
    assert_true(names_spelling_variants("bryan", "brayan"));
    assert_true(names_spelling_variants("brian", "brayan"));
    assert_true(names_spelling_variants("yonatan", "jonathan"));
    assert_true(names_spelling_variants("jose", "jose"));
    assert_false(names_spelling_variants("jose", "josue")); /* two names */
    assert_false(names_spelling_variants("bry", "bryan"));  /* a word, not part of one */
    assert_false(names_spelling_variants("bryan", "steven"));
    assert_false(names_spelling_variants("bryan brayan", "bryan"));
    assert_false(names_spelling_variants("", ""));
    assert_false(names_spelling_variants(NULL, "bryan"));
}

static void test_next_word(void **state)
{
    (void)state;
    const char *cur = "maria de los angeles", *w;
    const char *want[] = {"maria", "de", "los", "angeles"};
    int i = 0;
    for (size_t n; (n = names_next_word(&cur, &w)) > 0; i++) {
        assert_true(i < 4);
        assert_int_equal(n, strlen(want[i]));
        assert_memory_equal(w, want[i], n);
    }
    assert_int_equal(i, 4);
    cur = "";
    assert_int_equal(names_next_word(&cur, &w), 0);
}

/* The tables are sorted (lookups are binary searches) and big enough. */
static void test_tables(void **state)
{
    (void)state;
    size_t n;
    const lex_entry *t = lex_table(&n);
    size_t given = 0, surnames = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(t[i - 1].word, t[i].word) >= 0) {
            print_error("lexicon.c: '%s' before '%s'\n", t[i - 1].word, t[i].word);
            fail();
        }
        given += t[i].given > 0;
        surnames += t[i].surname > 0;
        assert_true(t[i].given <= 5 && t[i].surname <= 5);
        assert_true(t[i].given == 0 || t[i].sex == 'm' || t[i].sex == 'f' || t[i].sex == 'u');
        assert_ptr_equal(lex_find(t[i].word, strlen(t[i].word)), &t[i]);
    }
    assert_true(given >= 150);
    assert_true(surnames >= 150);
    size_t h = 0;
    for (; hypo_nick(h); h++)
        if (h > 0 && strcmp(hypo_nick(h - 1), hypo_nick(h)) >= 0) {
            print_error("nicknames.c: '%s' before '%s'\n", hypo_nick(h - 1), hypo_nick(h));
            fail();
        }
    assert_true(h >= 60);
    assert_null(lex_find("zzzz", 4));
    assert_null(lex_find("hernande", 8));
    assert_non_null(lex_find("hernandez", 9));
}

/* Hostile input: very long fields, invalid UTF-8, odd punctuation.  The
 * result is bounded and NUL-terminated. */
static void test_hostile(void **state)
{
    (void)state;
    char big[4000];
    size_t o = 0;
    while (o + 20 < sizeof big)
        o += (size_t)snprintf(big + o, sizeof big - o, "Hernandezmartinez ");
    big[o] = '\0';
    names_person p;
    names_parse_person(big, NULL, NULL, NULL, NULL, NULL, &p);
    assert_true(strlen(p.given) < sizeof p.given);
    assert_true(strlen(p.surname2) < sizeof p.surname2);
    names_parse_person(NULL, big, big, big, big, big, &p);
    assert_true(strlen(p.nickname) < sizeof p.nickname);

    char word[300];
    memset(word, 'a', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    names_parse_person(word, NULL, NULL, NULL, NULL, NULL, &p);
    assert_true(strlen(p.given) < sizeof p.given);

    /* Latin-1 bytes (ingest decodes to UTF-8 first; here they are invalid). */
    names_parse_person("Jos\xe9 P\xe9rez L\xf3pez", NULL, NULL, NULL, NULL, NULL, &p);
    assert_true(strlen(p.given) < sizeof p.given);
    names_parse_person("\xff\xfe((((\"\"''' ,,,, ---", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.given, "");
    assert_string_equal(p.surname1, "");
    names_parse_person("Juan (El Flaco", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.given, "juan");
    assert_string_equal(p.nickname, "flaco");
    names_parse_person("de", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.surname1, "");
    names_parse_person("Ana viuda de", NULL, NULL, NULL, NULL, NULL, &p);
    assert_string_equal(p.given, "ana");
    assert_string_equal(p.married, "");
    names_parse_person("ＪＯＳＥ ＰＥＲＥＺ", NULL, NULL, NULL, NULL, NULL, &p); /* fullwidth */
    assert_string_equal(p.given, "jose");
    assert_string_equal(p.surname1, "perez");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),      cmocka_unit_test(test_keys),
        cmocka_unit_test(test_nickname_as_given), cmocka_unit_test(test_read_both_ways),
        cmocka_unit_test(test_phonetic_collide), cmocka_unit_test(test_phonetic_apart),
        cmocka_unit_test(test_phonetic_values),  cmocka_unit_test(test_nickname_given),
        cmocka_unit_test(test_nickname_fits),    cmocka_unit_test(test_next_word),
        cmocka_unit_test(test_spelling_variants), cmocka_unit_test(test_nickname_slip),
        cmocka_unit_test(test_tables),           cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
