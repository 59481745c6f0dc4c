/*
 * fields.c — reading one field: dates with their precision, DUI numbers
 * with their check digit, ages, and the small vocabularies (sex, status,
 * warrant, court order, vulnerability) in Spanish and English.
 *
 * Every parser answers "usable or not"; none guesses.  A two-digit year,
 * a day/month order that cannot be told (the convention here is day
 * first, so 04/15/2022 is simply not a date), a word outside the
 * vocabulary: all are refused and the import turns them into warnings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "names/names.h"

/* ---------- dates ---------- */

static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"enero", 1}, {"ene", 1}, {"january", 1}, {"jan", 1},
    {"febrero", 2}, {"feb", 2}, {"february", 2},
    {"marzo", 3}, {"mar", 3}, {"march", 3},
    {"abril", 4}, {"abr", 4}, {"april", 4}, {"apr", 4},
    {"mayo", 5}, {"may", 5},
    {"junio", 6}, {"jun", 6}, {"june", 6},
    {"julio", 7}, {"jul", 7}, {"july", 7},
    {"agosto", 8}, {"ago", 8}, {"august", 8}, {"aug", 8},
    {"septiembre", 9}, {"setiembre", 9}, {"sep", 9}, {"sept", 9}, {"set", 9}, {"september", 9},
    {"octubre", 10}, {"oct", 10}, {"october", 10},
    {"noviembre", 11}, {"nov", 11}, {"november", 11},
    {"diciembre", 12}, {"dic", 12}, {"december", 12}, {"dec", 12},
};

static int month_from_word(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
        if (strlen(month_names[i].name) == n && memcmp(month_names[i].name, w, n) == 0)
            return month_names[i].month;
    return 0;
}

/* Splits s into tokens: runs of digits, runs of letters; separators
 * recorded.  Returns token count (max 8) or -1 if a character is not
 * allowed in a date. */
typedef struct {
    const char *p;
    size_t n;
    bool digits;
    char sep_before; /* the separator before this token, 0 for none */
} dtok;

static int date_tokens(const char *s, size_t n, dtok *t, int max)
{
    int k = 0;
    size_t i = 0;
    char sep = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c) || isalpha(c)) {
            if (k == max)
                return -1;
            bool dig = isdigit(c) != 0;
            size_t j = i;
            while (j < n && (dig ? isdigit((unsigned char)s[j]) : isalpha((unsigned char)s[j])))
                j++;
            t[k].p = s + i;
            t[k].n = j - i;
            t[k].digits = dig;
            t[k].sep_before = sep;
            k++;
            sep = 0;
            i = j;
        } else if (c == '/' || c == '-' || c == '.' || c == ' ' || c == ',') {
            if (c != ' ' && c != ',')
                sep = (char)c;
            else if (!sep)
                sep = ' ';
            i++;
        } else {
            return -1;
        }
    }
    return k;
}

static int tok_int(const dtok *t)
{
    int v = 0;
    for (size_t i = 0; i < t->n && i < 9; i++)
        v = v * 10 + (t->p[i] - '0');
    return v;
}

static bool finish_date(int y, int m, int d, hdate *out, const char **why)
{
    if (y < 1900 || y > 2100) {
        *why = "is not a date (year out of range)";
        return false;
    }
    if (m == 0) {
        *out = (hdate){y, 0, 0, PREC_YEAR};
        return true;
    }
    if (m < 1 || m > 12) {
        *why = "is not a date";
        return false;
    }
    if (d == 0) {
        *out = (hdate){y, m, 0, PREC_MONTH};
        return true;
    }
    if (!date_valid_ymd(y, m, d)) {
        *why = "is not a date";
        return false;
    }
    *out = (hdate){y, m, d, PREC_DAY};
    return true;
}

bool ingest_parse_date(const char *s, size_t n, hdate *out, const char **why)
{
    *why = "is not a date";
    trim_span(&s, &n);
    /* A time after the date ("2022-04-15T10:30:00", "15/04/2022 10:30")
     * is dropped: habeas keeps dates to the day. */
    for (size_t i = 0; i < n; i++)
        if (s[i] == 'T' || s[i] == ' ') {
            size_t j = i + 1;
            while (j < n && s[j] == ' ')
                j++;
            if (j + 2 < n && isdigit((unsigned char)s[j]) &&
                isdigit((unsigned char)s[j + 1]) && s[j + 2] == ':') {
                n = i;
                break;
            }
        }
    if (n == 0)
        return false;

    dtok t[8];
    bool has_word = false;
    for (size_t i = 0; i < n; i++)
        if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            has_word = true;
    int k;
    if (has_word) {
        /* Lowercase, accent-free copy ("15 de Abril de 2022"). */
        sbuf low;
        sbuf_init(&low);
        names_fold(s, n, ' ', &low);
        /* Word form: tokens from the folded copy, minus "de"/"del". */
        dtok raw[8];
        int rk = date_tokens(low.data ? low.data : "", low.len, raw, 8);
        k = 0;
        for (int i = 0; i < rk; i++)
            if (!(raw[i].n == 2 && memcmp(raw[i].p, "de", 2) == 0) &&
                !(raw[i].n == 3 && memcmp(raw[i].p, "del", 3) == 0))
                t[k++] = raw[i];
        bool ok = false;
        int y = 0, m = 0, d = 0;
        if (rk >= 0 && k == 2 && !t[0].digits && t[1].digits && t[1].n == 4) {
            m = month_from_word(t[0].p, t[0].n); /* abril 2022 */
            y = tok_int(&t[1]);
            ok = m != 0;
        } else if (rk >= 0 && k == 3 && t[0].digits && !t[1].digits && t[2].digits &&
                   t[0].n <= 2 && t[2].n == 4) {
            d = tok_int(&t[0]); /* 15 de abril de 2022, 15-abr-2022 */
            m = month_from_word(t[1].p, t[1].n);
            y = tok_int(&t[2]);
            ok = m != 0 && d != 0;
        } else if (rk >= 0 && k == 3 && !t[0].digits && t[1].digits && t[2].digits &&
                   t[1].n <= 2 && t[2].n == 4) {
            m = month_from_word(t[0].p, t[0].n); /* April 15, 2022 */
            d = tok_int(&t[1]);
            y = tok_int(&t[2]);
            ok = m != 0 && d != 0;
        }
        sbuf_free(&low);
        if (!ok)
            return false;
        return finish_date(y, m, d, out, why);
    }

    k = date_tokens(s, n, t, 8);
    if (k <= 0)
        return false;
    for (int i = 0; i < k; i++)
        if (!t[i].digits)
            return false;
    if (k == 1) {
        if (t[0].n == 4) /* 2022 */
            return finish_date(tok_int(&t[0]), 0, 0, out, why);
        if (t[0].n == 8) { /* 20220415 */
            int v = tok_int(&t[0]);
            return finish_date(v / 10000, (v / 100) % 100, v % 100, out, why) &&
                   (out->prec == PREC_DAY || (*why = "is not a date", false));
        }
        if (t[0].n == 6) { /* 202204 */
            int v = tok_int(&t[0]);
            return finish_date(v / 100, v % 100, 0, out, why) &&
                   (out->prec == PREC_MONTH || (*why = "is not a date", false));
        }
        return false;
    }
    if (k == 2) {
        if (t[0].n == 4 && t[1].n <= 2) { /* 2022-04 */
            int m = tok_int(&t[1]);
            return m >= 1 && finish_date(tok_int(&t[0]), m, 0, out, why);
        }
        if (t[0].n <= 2 && t[1].n == 4) { /* 04/2022 */
            int m = tok_int(&t[0]);
            return m >= 1 && finish_date(tok_int(&t[1]), m, 0, out, why);
        }
        if (t[1].n == 2)
            *why = "has a two-digit year";
        return false;
    }
    if (k == 3) {
        if (t[0].n == 4 && t[1].n <= 2 && t[2].n <= 2) { /* 2022-04-15 */
            int m = tok_int(&t[1]), d = tok_int(&t[2]);
            return m >= 1 && d >= 1 && finish_date(tok_int(&t[0]), m, d, out, why);
        }
        if (t[0].n <= 2 && t[1].n <= 2 && t[2].n == 4) { /* 15/04/2022 */
            int d = tok_int(&t[0]), m = tok_int(&t[1]);
            return m >= 1 && d >= 1 && finish_date(tok_int(&t[2]), m, d, out, why);
        }
        if (t[0].n <= 2 && t[1].n <= 2 && t[2].n == 2)
            *why = "has a two-digit year";
        return false;
    }
    return false;
}

/* ---------- documents ---------- */

int ingest_dui_check_digit(const char digits[8])
{
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (digits[i] - '0') * (9 - i);
    return (10 - sum % 10) % 10;
}

bool ingest_parse_dui(const char *s, size_t n, char out[11], char *why, size_t whylen)
{
    char d[9];
    int k = 0;
    trim_span(&s, &n);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (k == 9) {
                k = 10;
                break;
            }
            d[k++] = c;
        } else if (!((c == '-' || c == ' ') && k == 8)) {
            k = -1;
            break;
        }
    }
    if (k != 9) {
        snprintf(why, whylen, "is not a DUI (8 digits and a check digit, 01234567-8)");
        return false;
    }
    int check = ingest_dui_check_digit(d);
    if (d[8] - '0' != check) {
        snprintf(why, whylen, "has a bad DUI check digit (%c; %d would be valid)", d[8], check);
        return false;
    }
    memcpy(out, d, 8);
    out[8] = '-';
    out[9] = d[8];
    out[10] = '\0';
    return true;
}

bool ingest_parse_age(const char *s, size_t n, int *age)
{
    trim_span(&s, &n);
    size_t i = 0;
    int v = 0;
    while (i < n && isdigit((unsigned char)s[i]) && i < 4)
        v = v * 10 + (s[i++] - '0');
    if (i == 0 || (i < n && isdigit((unsigned char)s[i])))
        return false;
    /* Allowed after the number: nothing, or a unit word. */
    sbuf rest;
    sbuf_init(&rest);
    names_fold(s + i, n - i, ' ', &rest);
    bool ok = rest.len == 0 || strcmp(rest.data, "anos") == 0 || strcmp(rest.data, "ano") == 0 ||
              strcmp(rest.data, "years") == 0 || strcmp(rest.data, "a") == 0 ||
              strcmp(rest.data, "y") == 0;
    sbuf_free(&rest);
    if (!ok || v > 120)
        return false;
    *age = v;
    return true;
}

/* ---------- vocabularies ---------- */

typedef struct {
    const char *word; /* folded, words separated by one space */
    const char *canon;
} vocab;

static bool vocab_lookup(const vocab *v, size_t nv, const char *s, size_t n, const char **out)
{
    sbuf key;
    sbuf_init(&key);
    names_fold(s, n, ' ', &key);
    bool found = false;
    for (size_t i = 0; i < nv && key.len; i++)
        if (strcmp(key.data, v[i].word) == 0) {
            *out = v[i].canon;
            found = true;
            break;
        }
    sbuf_free(&key);
    return found;
}

#define VOCAB_LOOKUP(table, s, n, out) vocab_lookup(table, sizeof table / sizeof table[0], s, n, out)

static const vocab sex_words[] = {
    {"m", "M"}, {"h", "M"}, {"masculino", "M"}, {"hombre", "M"}, {"male", "M"}, {"man", "M"},
    {"f", "F"}, {"femenino", "F"}, {"mujer", "F"}, {"female", "F"}, {"woman", "F"},
};

bool ingest_parse_sex(const char *s, size_t n, const char **out)
{
    return VOCAB_LOOKUP(sex_words, s, n, out);
}

static const vocab status_words[] = {
    {"held", "held"}, {"detained", "held"}, {"in custody", "held"}, {"detenido", "held"},
    {"detenida", "held"}, {"preso", "held"}, {"presa", "held"}, {"recluido", "held"},
    {"recluida", "held"}, {"privado de libertad", "held"}, {"privada de libertad", "held"},
    {"en prision", "held"}, {"en custodia", "held"}, {"capturado", "held"},
    {"capturada", "held"},
    {"released", "released"}, {"liberado", "released"}, {"liberada", "released"},
    {"libre", "released"}, {"en libertad", "released"}, {"excarcelado", "released"},
    {"excarcelada", "released"}, {"puesto en libertad", "released"},
    {"puesta en libertad", "released"},
    {"dead", "dead"}, {"deceased", "dead"}, {"died", "dead"}, {"fallecido", "dead"},
    {"fallecida", "dead"}, {"muerto", "dead"}, {"muerta", "dead"}, {"murio", "dead"},
    {"missing", "missing"}, {"disappeared", "missing"}, {"desaparecido", "missing"},
    {"desaparecida", "missing"}, {"paradero desconocido", "missing"},
    {"unknown", "unknown"}, {"desconocido", "unknown"}, {"desconocida", "unknown"},
    {"sin informacion", "unknown"}, {"no se sabe", "unknown"}, {"nd", "unknown"},
};

bool ingest_parse_status(const char *s, size_t n, const char **out)
{
    return VOCAB_LOOKUP(status_words, s, n, out);
}

static const vocab warrant_words[] = {
    {"yes", "yes"}, {"y", "yes"}, {"si", "yes"}, {"s", "yes"}, {"con orden", "yes"},
    {"true", "yes"}, {"1", "yes"},
    {"no", "no"}, {"n", "no"}, {"sin orden", "no"}, {"false", "no"}, {"0", "no"},
    {"unknown", "unknown"}, {"desconocido", "unknown"}, {"no se sabe", "unknown"},
    {"nd", "unknown"}, {"ns", "unknown"},
};

bool ingest_parse_warrant(const char *s, size_t n, const char **out)
{
    return VOCAB_LOOKUP(warrant_words, s, n, out);
}

static const vocab court_words[] = {
    {"release", "release"}, {"libertad", "release"}, {"libertad inmediata", "release"},
    {"alternative measures", "alternative_measures"},
    {"medidas alternas", "alternative_measures"},
    {"medidas sustitutivas", "alternative_measures"},
    {"medidas alternativas", "alternative_measures"},
    {"provisional detention", "provisional_detention"},
    {"detencion provisional", "provisional_detention"},
    {"pretrial detention", "provisional_detention"},
    {"sentence", "sentence"}, {"condena", "sentence"}, {"sentencia condenatoria", "sentence"},
    {"convicted", "sentence"},
    {"dismissal", "dismissal"}, {"sobreseimiento", "dismissal"},
    {"sobreseimiento definitivo", "dismissal"}, {"absolucion", "dismissal"},
};

bool ingest_parse_court_order(const char *s, size_t n, const char **out)
{
    return VOCAB_LOOKUP(court_words, s, n, out);
}

static const vocab vuln_words[] = {
    {"disability", "disability"}, {"discapacidad", "disability"},
    {"discapacitado", "disability"}, {"discapacitada", "disability"},
    {"chronic illness", "chronic_illness"}, {"enfermedad cronica", "chronic_illness"},
    {"enfermo cronico", "chronic_illness"}, {"enferma cronica", "chronic_illness"},
    {"diabetes", "chronic_illness"}, {"hipertension", "chronic_illness"},
    {"insuficiencia renal", "chronic_illness"}, {"vih", "chronic_illness"},
    {"cancer", "chronic_illness"}, {"epilepsia", "chronic_illness"},
    {"pregnant", "pregnant"}, {"embarazada", "pregnant"}, {"embarazo", "pregnant"},
    {"minor", "minor"}, {"menor", "minor"}, {"menor de edad", "minor"},
    {"elderly", "elderly"}, {"adulto mayor", "elderly"}, {"adulta mayor", "elderly"},
    {"tercera edad", "elderly"},
    {"newborn", "newborn"}, {"recien nacido", "newborn"}, {"lactante", "newborn"},
};

bool ingest_parse_vulnerability(const char *s, size_t n, sbuf *out, sbuf *unknown)
{
    bool any = false;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != ';' && s[j] != '|' && s[j] != '/' && s[j] != '+')
            j++;
        const char *w = s + i;
        size_t wn = j - i;
        trim_span(&w, &wn);
        if (wn) {
            const char *canon;
            if (VOCAB_LOOKUP(vuln_words, w, wn, &canon)) {
                /* keep each term once */
                bool dup = false;
                if (out->len) {
                    const char *p = strstr(out->data, canon);
                    dup = p != NULL;
                }
                if (!dup) {
                    if (out->len)
                        sbuf_addc(out, ',');
                    sbuf_adds(out, canon);
                }
                any = true;
            } else {
                if (unknown->len)
                    sbuf_addc(unknown, ',');
                sbuf_add(unknown, w, wn);
            }
        }
        i = j + 1;
    }
    return any;
}
