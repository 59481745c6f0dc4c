/*
 * messages.c — a module's error message in the page's language.
 *
 * The modules under the web (trace, link, accounts, import) word their
 * errors in English for the command line, with the values that make them
 * useful: "birth date '31/02/1990' is not a date (expected …)".  A page
 * in Spanish must not show that.  Rather than teach every module two
 * languages, this table holds each message's pattern, "%s" standing for a
 * value carried over as it is and "%w" for a word translated by the word
 * table ("birth date"), with its Spanish (and, where the English names a
 * command-line option, its English for a page).  A message the table does
 * not know is shown as it is, behind a line in the page's language that
 * says nothing was changed, so no error is ever hidden.
 *
 * The reasons a row of a list was rejected are worded here too, for the
 * sources page.
 *
 * Matching is plain: the literal parts must appear in order, each value
 * runs to the next literal part; a pattern is tried only as a whole.
 */
#include <string.h>

#include "web.h"

static const struct {
    const char *pattern, *es, *en; /* en NULL: the message itself */
} messages[] = {
    /* tracing: a family's description */
    {"a name is needed to trace a person", "Hace falta un nombre para buscar a una persona.",
     NULL},
    {"age %s is not an age", "La edad %s no es una edad.", NULL},
    {"age: expected a whole number of years (0-120)",
     "La edad debe ser un número entero de años (0 a 120).", NULL},
    {"%w '%s' is not a date (year out of range) (expected e.g. 2022-04-15, 2022-04, abril 2022)",
     "%w «%s» no es una fecha (año fuera de rango); por ejemplo 2022-04-15, 2022-04, abril 2022.",
     NULL},
    {"%w '%s' is not a date (expected e.g. 2022-04-15, 2022-04, abril 2022)",
     "%w «%s» no es una fecha; por ejemplo 2022-04-15, 2022-04, abril 2022.", NULL},
    {"%w '%s' has a two-digit year (expected e.g. 2022-04-15, 2022-04, abril 2022)",
     "%w «%s» tiene el año en dos cifras; escríbalo entero, por ejemplo 2022-04-15.", NULL},
    {"DUI '%s' is not a DUI (8 digits and a check digit, 01234567-8)",
     "El DUI «%s» no es un DUI (8 cifras y un dígito verificador, 01234567-8).", NULL},
    {"DUI '%s' has a bad DUI check digit (%s; %s would be valid)",
     "El DUI «%s» tiene mal el dígito verificador (%s; sería válido %s).", NULL},
    {"'%s' has no name in it", "«%s» no contiene ningún nombre.", NULL},
    /* inquiries */
    {"an inquiry needs the requester's name and a contact",
     "Una solicitud necesita el nombre de quien pregunta y un contacto.", NULL},
    {"the requester's name and contact must be UTF-8",
     "El nombre y el contacto de quien pregunta tienen caracteres no válidos.", NULL},
    /* decisions on a pair */
    {"decide: a record is always itself; give two records",
     "Un registro es siempre él mismo: elija dos registros distintos.",
     "A record is always itself: choose two different records."},
    {"decide: --reason TEXT is required", "Escriba el motivo de la decisión.",
     "Write the reason for the decision."},
    {"decide: no record %s or %s (see 'habeas records')", "No existe el registro %s o el %s.",
     "There is no record %s or %s."},
    /* accounts */
    {"a user name is 1-60 letters, digits, '.', '_' or '-'",
     "Un nombre de usuario tiene de 1 a 60 letras, cifras, «.», «_» o «-».", NULL},
    {"role '%s' is not one of admin, investigator, lawyer, liaison, analyst",
     "El rol «%s» no existe: administrador/a, investigador/a, abogado/a, enlace con familias o "
     "analista.",
     NULL},
    {"a password needs at least %s characters", "La contraseña necesita al menos %s caracteres.",
     NULL},
    {"a password may have at most %s bytes", "La contraseña puede tener como mucho %s bytes.",
     NULL},
    {"user '%s' exists already", "Ya existe el usuario «%s».", NULL},
    {"no user '%s'", "No existe el usuario «%s».", NULL},
    {"'%s' is the last enabled admin: make another admin first, or nobody could manage the "
     "accounts",
     "«%s» es el último administrador activo: nombre antes a otro, o nadie podría gestionar las "
     "cuentas.",
     NULL},
    {"the current password is wrong", "La contraseña actual no es correcta.", NULL},
    {"too many failed attempts; try again in %s s",
     "Demasiados intentos fallidos; vuelva a intentarlo en %s s.", NULL},
    /* importing a list */
    {"source '%s' exists already (file %s, imported %s); choose another --source name",
     "Ya existe una fuente «%s» (archivo %s, importada %s); elija otro nombre.",
     "Source '%s' exists already (file %s, imported %s); choose another name."},
    {"%s: this file was already imported as source '%s' (file %s, %s); nothing imported",
     "%s: este archivo ya se importó como la fuente «%s» (archivo %s, %s); no se importó nada.",
     NULL},
    {"%s: no rows after the header; nothing imported",
     "%s: no hay filas después del encabezado; no se importó nada.", NULL},
    {"%s: empty file: no header and no rows", "%s: archivo vacío, sin encabezado ni filas.",
     NULL},
    {"%s:1: no column names a person: expected a name column (full_name, given_names, "
     "surname1, surname2, surnames) or a document (dui, id_number); rename yours with --map "
     "'their=ours'",
     "%s:1: ninguna columna nombra a una persona: se espera una columna de nombre "
     "(nombre_completo, nombres, primer_apellido, segundo_apellido, apellidos) o un documento "
     "(dui, pasaporte).",
     "%s:1: no column names a person: expected a name column (full_name, given_names, "
     "surname1, surname2, surnames) or a document (dui, id_number)."},
    {"%s:1: column %s '%s' repeats column %s", "%s:1: la columna %s «%s» repite la columna %s.",
     NULL},
    {"%s: expected a JSON array of objects", "%s: se espera un arreglo JSON de objetos.", NULL},
    {"%s: the array is empty: no rows", "%s: el arreglo está vacío, no hay filas.", NULL},
    {"a list needs a source name and a kind", "Una lista necesita un nombre de fuente y un tipo.",
     NULL},
    {"import: --kind must be one of ngo_case, family_report, official_list, press, court, "
     "deportation_manifest, other",
     "Elija el tipo de la lista.", "Choose the kind of list."},
    {"import: --received '%s' is not a date (YYYY-MM-DD)",
     "La fecha de recepción «%s» no es una fecha (AAAA-MM-DD).",
     "The date received '%s' is not a date (YYYY-MM-DD)."},
    {"import: --received '%s' is in the future", "La fecha de recepción «%s» es futura.",
     "The date received '%s' is in the future."},
    /* why a row of a list was rejected (import.c, reader_csv.c, reader_json.c) */
    {"no name and no document: the row identifies no one",
     "sin nombre ni documento: la fila no identifica a nadie", NULL},
    {"unbalanced quote: a quoted field opened on this line never closes",
     "comillas sin cerrar: un campo abierto entre comillas en esta línea no se cierra", NULL},
    {"undecodable bytes: not valid UTF-8", "bytes ilegibles: no es UTF-8 válido", NULL},
    {"not a JSON object", "no es un objeto JSON", NULL},
    {"expected %s fields, found %s", "se esperaban %s campos, hay %s", NULL},
};

static const struct {
    const char *word, *es;
} words[] = {
    {"birth date", "La fecha de nacimiento"},
    {"arrest date", "La fecha de captura"},
};

/* Does msg match pattern?  The values go to val[]/len[] (at most 8). */
static int match(const char *pattern, const char *msg, const char *val[8], size_t len[8])
{
    int nv = 0;
    const char *p = pattern, *m = msg;
    while (*p) {
        if (p[0] == '%' && (p[1] == 's' || p[1] == 'w')) {
            p += 2;
            size_t lit = strcspn(p, "%");
            const char *end;
            if (lit == 0 && !*p)
                end = m + strlen(m); /* the last value runs to the end */
            else {
                char literal[256];
                if (lit >= sizeof literal || nv == 8)
                    return -1;
                memcpy(literal, p, lit);
                literal[lit] = '\0';
                end = strstr(m, literal);
                if (!end)
                    return -1;
            }
            val[nv] = m;
            len[nv++] = (size_t)(end - m);
            m = end;
        } else {
            if (*p != *m)
                return -1;
            p++;
            m++;
        }
    }
    return *m ? -1 : nv;
}

/* A value escaped; for "%w", its Spanish from the word table. */
static void put_value(sbuf *b, const char *v, size_t n, bool word)
{
    for (size_t i = 0; word && i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == n && memcmp(words[i].word, v, n) == 0) {
            html_esc(b, words[i].es);
            return;
        }
    sbuf tmp;
    sbuf_init(&tmp);
    sbuf_add(&tmp, v, n);
    html_esc(b, tmp.data ? tmp.data : "");
    sbuf_free(&tmp);
}

/* Writes text, with its "%s"/"%w" replaced by the values in order,
 * escaped. */
static void fill(sbuf *b, const char *text, const char *val[8], const size_t len[8], int nv)
{
    int k = 0;
    for (const char *t = text; *t;) {
        if (t[0] == '%' && (t[1] == 's' || t[1] == 'w') && k < nv) {
            put_value(b, val[k], len[k], t[1] == 'w');
            k++;
            t += 2;
            continue;
        }
        size_t run = strcspn(t + 1, "%") + 1; /* up to the next placeholder */
        put_value(b, t, run, false);
        t += run;
    }
}

bool web_message_known(const http_req *r, sbuf *b, const char *msg)
{
    bool en = r->lang && strcmp(r->lang, "en") == 0;
    const char *val[8];
    size_t len[8];
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        int nv = match(messages[i].pattern, msg, val, len);
        if (nv < 0)
            continue;
        const char *text = en ? messages[i].en : messages[i].es;
        if (text)
            fill(b, text, val, len, nv);
        else
            html_esc(b, msg);
        return true;
    }
    return false;
}

void web_message(const http_req *r, sbuf *b, const char *msg)
{
    if (web_message_known(r, b, msg))
        return;
    bool en = r->lang && strcmp(r->lang, "en") == 0;
    if (!en) {
        html_esc(b, T(r, "error.untranslated"));
        sbuf_adds(b, " ");
    }
    html_esc(b, msg);
}
