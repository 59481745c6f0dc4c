/*
 * inquiry_import.c — a file of inquiries: a families' association's or an
 * intake desk's spreadsheet, one inquiry per row, each filed exactly as
 * `habeas inquiry add` files one.
 *
 * All or nothing, in this order.  The whole file is read and every row
 * checked by inquiry add's own rules (trace_query_check, trace_parse_age,
 * inquiry_parse_consent; a name, a requester and a contact required)
 * before anything is built or written; when any row is bad, every
 * problem of every row is handed back with its line, and nothing
 * changes.  Only then is the trace index built, once for the whole file
 * (it takes seconds at a million records, a query a millisecond), and
 * every inquiry filed, matched, sealed and audited in one transaction
 * (inquiry_add_all).
 *
 * Columns are matched by their folded key (names_fold with '_', as
 * import matches a list's header: case, accents, spaces and punctuation
 * ignored).  The English names are inquiry add's options; the Spanish
 * ones are what an association's sheet says.  An unknown column is
 * refused, naming it: a misspelt "contacto" must not drop every contact
 * in silence.
 *
 * The requester's name, contact and relationship are sealed at rest, and
 * no message quotes a cell: a row shifted by one puts someone's contact
 * under any column (the age, a date, the name).  A message gives the
 * line, the column and what was expected.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "names/names.h"
#include "trace.h"

enum {
    IC_NAME,
    IC_BIRTH,
    IC_AGE,
    IC_DUI,
    IC_ARREST,
    IC_PLACE,
    IC_FACILITY,
    IC_MOTHER,
    IC_REQUESTER,
    IC_CONTACT,
    IC_RELATIONSHIP,
    IC_CONSENT,
    IC_N
};

/* The fields' names: inquiry add's options, as a header folds them. */
static const char *const field_names[IC_N] = {
    [IC_NAME] = "name",
    [IC_BIRTH] = "birth_date",
    [IC_AGE] = "age",
    [IC_DUI] = "dui",
    [IC_ARREST] = "arrest_date",
    [IC_PLACE] = "place",
    [IC_FACILITY] = "facility",
    [IC_MOTHER] = "mother",
    [IC_REQUESTER] = "requester",
    [IC_CONTACT] = "contact",
    [IC_RELATIONSHIP] = "relationship",
    [IC_CONSENT] = "consent",
};

/* What an association's sheet calls them, folded. */
static const struct {
    const char *key;
    int field;
} aliases[] = {
    {"nombre", IC_NAME},
    {"fecha_nacimiento", IC_BIRTH},
    {"fecha_de_nacimiento", IC_BIRTH},
    {"edad", IC_AGE},
    {"fecha_captura", IC_ARREST},
    {"fecha_de_captura", IC_ARREST},
    {"fecha_detencion", IC_ARREST},
    {"fecha_de_detencion", IC_ARREST},
    {"lugar", IC_PLACE},
    {"municipio", IC_PLACE},
    {"penal", IC_FACILITY},
    {"centro", IC_FACILITY},
    {"madre", IC_MOTHER},
    {"solicitante", IC_REQUESTER},
    {"contacto", IC_CONTACT},
    {"parentesco", IC_RELATIONSHIP},
    {"consentimiento", IC_CONSENT},
};

#define COLUMNS_EXPECTED                                                                           \
    "name, birth_date, age, dui, arrest_date, place, facility, mother, requester, contact, "       \
    "relationship, consent; or nombre, fecha_nacimiento, edad, dui, fecha_captura, lugar, "        \
    "penal, madre, solicitante, contacto, parentesco, consentimiento"

/* One data row: its line and its cells, trimmed (NULL when empty). */
typedef struct irow {
    long line;
    char *v[IC_N];
} irow;

typedef struct ireader {
    const char *file;
    bool have_header;
    int col[IC_N];     /* the file's column of each field, -1 when absent */
    char *label[IC_N]; /* that column's header as written, for messages */
    irow *rows;
    size_t n, cap;
    sbuf *problems; /* "FILE:LINE: what was expected\n", in file order */
    size_t nproblems, bad_rows;
} ireader;

static void problem(ireader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(ireader *r, long line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sbuf_printf(r->problems, "%s:%ld: %s\n", r->file, line, msg);
    r->nproblems++;
}

/* What every inquiry needs, as its column and its cell are named. */
static const struct {
    int field;
    const char *column;
    const char *what;
} required[] = {{IC_NAME, "name (nombre)", "the name of the person sought"},
                {IC_REQUESTER, "requester (solicitante)", "the name of who asks"},
                {IC_CONTACT, "contact (contacto)", "a contact: a phone, an address"}};

static int field_of(const char *key)
{
    for (int k = 0; k < IC_N; k++)
        if (strcmp(key, field_names[k]) == 0)
            return k;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(key, aliases[i].key) == 0)
            return aliases[i].field;
    return -1;
}

static int on_header(ireader *r, const char *const *names, const size_t *lens, size_t n, herr *e)
{
    for (int k = 0; k < IC_N; k++)
        r->col[k] = -1;
    int rc = HERR_OK;
    for (size_t i = 0; i < n && rc == HERR_OK; i++) {
        sbuf key;
        sbuf_init(&key);
        names_fold(names[i], lens[i], '_', &key);
        bool named = key.len > 0;
        int f = named ? field_of(key.data) : -1;
        sbuf_free(&key);
        if (!named)
            rc = herr_set(e, HERR_INPUT,
                          "%s:1: column %zu has no name (expected " COLUMNS_EXPECTED ")", r->file,
                          i + 1);
        else if (f < 0)
            rc = herr_set(e, HERR_INPUT,
                          "%s:1: unknown column '%.*s' (expected " COLUMNS_EXPECTED ")", r->file,
                          (int)lens[i], names[i]);
        else if (r->col[f] >= 0)
            rc = herr_set(e, HERR_INPUT, "%s:1: columns '%s' and '%.*s' are both %s; expected one",
                          r->file, r->label[f], (int)lens[i], names[i], field_names[f]);
        else {
            r->col[f] = (int)i;
            r->label[f] = xstrndup(names[i], lens[i]);
        }
    }
    for (size_t k = 0; k < sizeof required / sizeof required[0] && rc == HERR_OK; k++)
        if (r->col[required[k].field] < 0)
            rc = herr_set(e, HERR_INPUT, "%s:1: no %s column (%s); every inquiry needs one",
                          r->file, required[k].column, required[k].what);
    return rc;
}

/* The sought person of a row as inquiry add would take it from the same
 * values (an age that is not one left out: check_row says so). */
static void row_query(const irow *row, trace_query *q)
{
    trace_query_init(q);
    q->name = row->v[IC_NAME];
    q->birth_date = row->v[IC_BIRTH];
    if (row->v[IC_AGE])
        trace_parse_age(row->v[IC_AGE], &q->age);
    q->dui = row->v[IC_DUI];
    q->arrest_date = row->v[IC_ARREST];
    q->place = row->v[IC_PLACE];
    q->facility = row->v[IC_FACILITY];
    q->mother = row->v[IC_MOTHER];
}

/* Checks one row as inquiry add checks its options; its problems go to
 * r->problems.  True when it is good. */
static bool check_row(ireader *r, const irow *row)
{
    size_t before = r->nproblems;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (!row->v[required[k].field])
            problem(r, row->line, "%s: empty; expected %s", r->label[required[k].field],
                    required[k].what);
    int age;
    if (row->v[IC_AGE] && !trace_parse_age(row->v[IC_AGE], &age))
        problem(r, row->line, "%s: not an age; expected a whole number of years (0-120)",
                r->label[IC_AGE]);
    if (row->v[IC_AGE] && row->v[IC_BIRTH])
        problem(r, row->line,
                "%s and %s: expected one of them, not both (as inquiry add takes "
                "--birth-date or --age)",
                r->label[IC_BIRTH], r->label[IC_AGE]);
    bool consent;
    if (row->v[IC_CONSENT] && !inquiry_parse_consent(row->v[IC_CONSENT], &consent))
        problem(r, row->line, "%s: expected yes or no (sí, no)", r->label[IC_CONSENT]);
    if (row->v[IC_NAME]) {
        trace_query q;
        row_query(row, &q);
        herr qe = {0};
        if (trace_query_check(&q, &qe) != HERR_OK)
            problem(r, row->line, "%s", qe.msg);
    }
    return r->nproblems == before;
}

static int on_row(void *ctx, long line, const char *const *field, const size_t *len, size_t n,
                  herr *e)
{
    ireader *r = ctx;
    if (!r->have_header) {
        r->have_header = true;
        return on_header(r, field, len, n, e);
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
    }
    irow *row = &r->rows[r->n++];
    memset(row, 0, sizeof *row);
    row->line = line;
    for (int k = 0; k < IC_N; k++) {
        if (r->col[k] < 0 || (size_t)r->col[k] >= n)
            continue;
        const char *p = field[r->col[k]];
        size_t m = len[r->col[k]];
        trim_span(&p, &m);
        row->v[k] = m ? xstrndup(p, m) : NULL;
    }
    if (!check_row(r, row))
        r->bad_rows++;
    return HERR_OK;
}

static int on_broken(void *ctx, long line, const char *why, herr *e)
{
    (void)e;
    ireader *r = ctx;
    problem(r, line, "%s", why);
    r->bad_rows++;
    return HERR_OK;
}

static void reader_free(ireader *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < IC_N; k++)
            free(r->rows[i].v[k]);
    free(r->rows);
    for (int k = 0; k < IC_N; k++)
        free(r->label[k]);
}

/* Files the rows read, all in one transaction; *out the summary. */
static int file_rows(store *s, const ireader *r, const char *actor, json_t **out, herr *e)
{
    inquiry_new *in = xcalloc(r->n, sizeof *in);
    long *ids = xcalloc(r->n, sizeof *ids);
    for (size_t i = 0; i < r->n; i++) {
        const irow *row = &r->rows[i];
        row_query(row, &in[i].q);
        in[i].r.name = row->v[IC_REQUESTER];
        in[i].r.contact = row->v[IC_CONTACT];
        in[i].r.relationship = row->v[IC_RELATIONSHIP];
        in[i].consent = true; /* as inquiry add, when not said */
        if (row->v[IC_CONSENT])
            inquiry_parse_consent(row->v[IC_CONSENT], &in[i].consent);
    }
    trace_index *ix = NULL;
    int rc = trace_index_build(s, &ix, e);
    size_t failed = r->n;
    if (rc == HERR_OK)
        rc = inquiry_add_all(s, ix, in, r->n, actor, ids, &failed, e);
    trace_index_free(ix);
    if (rc != HERR_OK && failed < r->n) {
        /* Checked already, so not expected; said with its line all the same. */
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        herr_set(e, rc, "%s:%ld: %s; nothing was filed", r->file, r->rows[failed].line, msg);
    }
    json_t *list = json_array();
    for (size_t i = 0; rc == HERR_OK && i < r->n; i++) {
        json_t *shown;
        rc = inquiry_show_json(s, ids[i], false, false, actor, &shown, e);
        if (rc != HERR_OK) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            herr_set(e, rc, "%s: %zu inquiries were filed, but cannot be shown: %s", r->file, r->n,
                     msg);
            break;
        }
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(ids[i]));
        json_object_set_new(o, "line", json_integer(r->rows[i].line));
        json_object_set_new(o, "name", json_string(r->rows[i].v[IC_NAME]));
        json_object_set_new(
            o, "candidates",
            json_integer((json_int_t)json_array_size(json_object_get(shown, "candidates"))));
        json_array_append_new(list, o);
        json_decref(shown);
    }
    free(in);
    free(ids);
    if (rc != HERR_OK) {
        json_decref(list);
        return rc;
    }
    *out = json_object();
    json_object_set_new(*out, "filed", json_integer((json_int_t)r->n));
    json_object_set_new(*out, "inquiries", list);
    return HERR_OK;
}

int inquiry_import(store *s, const char *path, const char *actor, json_t **out, sbuf *problems,
                   herr *e)
{
    *out = NULL;
    ireader r;
    memset(&r, 0, sizeof r);
    r.file = path;
    r.problems = problems;
    int rc = ingest_table_read_each(path, on_row, on_broken, &r, e);
    if (rc == HERR_OK && r.bad_rows)
        rc = herr_set(e, HERR_INPUT, "%s: %zu bad row(s); nothing was filed", path, r.bad_rows);
    if (rc == HERR_OK && r.n == 0) {
        *out = json_object();
        json_object_set_new(*out, "filed", json_integer(0));
        json_object_set_new(*out, "inquiries", json_array());
    } else if (rc == HERR_OK) {
        rc = file_rows(s, &r, actor, out, e);
    }
    reader_free(&r);
    return rc;
}
