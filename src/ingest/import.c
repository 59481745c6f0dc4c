/*
 * import.c — one file in as one source, in one transaction.
 *
 * The readers (reader_csv.c, reader_json.c) hand over rows; this file
 * maps each row's fields to the canonical columns, validates them
 * (fields.c), and writes a record, a reject, or a record plus warnings.
 * After the last row, events are derived from the new records by SQL
 * (one statement per kind of event, below), the source's counts are
 * filled in, and the transaction commits — or, with --strict and any
 * problem, rolls back so that nothing changes.
 *
 * Dates are checked against each other and against the reference date
 * (the day the list was received, else today): a date in the future, an
 * arrest before birth, a death before the arrest are warnings on the
 * later field, which is then not used.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facility/facility.h"
#include "ingest.h"
#include "names/names.h"
#include "reader.h"

const char *const ingest_kinds[] = {"ngo_case", "family_report", "official_list", "press",
                                    "court", "deportation_manifest", "other", NULL};

bool ingest_kind_valid(const char *kind)
{
    for (int i = 0; ingest_kinds[i]; i++)
        if (strcmp(kind, ingest_kinds[i]) == 0)
            return true;
    return false;
}

/* The record table's column for each canonical column, in enum order. */
static const char *const record_sql_col[COL_COUNT] = {
    [COL_RECORD_ID] = "source_ref", [COL_FULL_NAME] = "full_name",
    [COL_GIVEN_NAMES] = "given_names", [COL_SURNAME1] = "surname1",
    [COL_SURNAME2] = "surname2", [COL_SURNAMES] = "surnames", [COL_ALIAS] = "alias",
    [COL_SEX] = "sex", [COL_BIRTH_DATE] = "birth_date", [COL_AGE] = "age", [COL_DUI] = "dui",
    [COL_ID_NUMBER] = "id_number", [COL_ID_TYPE] = "id_type", [COL_RESIDENCE] = "residence",
    [COL_MOTHER_NAME] = "mother_name", [COL_FATHER_NAME] = "father_name",
    [COL_NATIONALITY] = "nationality", [COL_ARREST_DATE] = "arrest_date",
    [COL_ARREST_PLACE] = "arrest_place", [COL_AUTHORITY] = "authority",
    [COL_WARRANT] = "warrant", [COL_FACILITY] = "facility",
    [COL_PREVIOUS_FACILITY] = "previous_facility", [COL_TRANSFER_DATE] = "transfer_date",
    [COL_STATUS] = "status", [COL_STATUS_DATE] = "status_date",
    [COL_DEATH_DATE] = "death_date", [COL_COURT_ORDER] = "court_order",
    [COL_HEARING_DATE] = "hearing_date", [COL_VULNERABILITY] = "vulnerability",
    [COL_NOTES] = "notes", [COL_SOURCE_PERSON] = "source_person",
};

#define P_COL(c) (10 + (int)(c)) /* SQL parameter of a canonical column */

/* Events derived from a source's records: one statement per kind.  The
 * date's precision is read off its length (2022 / 2022-04 / 2022-04-15). */
#define PREC(x) "CASE length(" x ") WHEN 10 THEN 'day' WHEN 7 THEN 'month' " \
                "WHEN 4 THEN 'year' ELSE 'unknown' END"
static const char *const event_sql[] = {
    "INSERT INTO event(record_id, kind, date, precision, place, detail) "
    "SELECT id, 'arrest', arrest_date, " PREC("arrest_date") ", arrest_place, "
    "  trim(COALESCE(authority, '') || CASE warrant WHEN 'no' THEN ' (without warrant)' "
    "       WHEN 'yes' THEN ' (with warrant)' ELSE '' END) "
    "FROM record WHERE source_id = ?1 AND (arrest_date IS NOT NULL OR arrest_place IS NOT NULL "
    "  OR authority IS NOT NULL)",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key, from_facility,"
    "  from_facility_key) "
    "SELECT id, 'transfer', transfer_date, " PREC("transfer_date") ", facility, facility_key, "
    "  previous_facility, previous_facility_key "
    "FROM record WHERE source_id = ?1 AND (previous_facility IS NOT NULL "
    "  OR transfer_date IS NOT NULL)",
    /* The record places the person at a facility: as of status_date when
     * the status is 'held', otherwise at an unknown time. */
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key) "
    "SELECT id, 'held', CASE WHEN status = 'held' THEN status_date END, "
    "  CASE WHEN status = 'held' THEN " PREC("status_date") " ELSE 'unknown' END, "
    "  facility, facility_key "
    "FROM record WHERE source_id = ?1 AND facility IS NOT NULL",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key) "
    "SELECT id, 'hearing', hearing_date, " PREC("hearing_date") ", facility, facility_key "
    "FROM record WHERE source_id = ?1 AND hearing_date IS NOT NULL",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key, detail) "
    "SELECT id, 'court_order', hearing_date, " PREC("hearing_date") ", facility, facility_key, "
    "  court_order "
    "FROM record WHERE source_id = ?1 AND court_order IS NOT NULL",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key) "
    "SELECT id, 'release', status_date, " PREC("status_date") ", facility, facility_key "
    "FROM record WHERE source_id = ?1 AND status = 'released'",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key) "
    "SELECT id, 'death', COALESCE(death_date, status_date), "
    PREC("COALESCE(death_date, status_date)") ", facility, facility_key "
    "FROM record WHERE source_id = ?1 AND (status = 'dead' OR death_date IS NOT NULL)",
    "INSERT INTO event(record_id, kind, date, precision, facility, facility_key) "
    "SELECT id, 'disappearance_report', status_date, " PREC("status_date") ", facility, "
    "  facility_key "
    "FROM record WHERE source_id = ?1 AND status = 'missing'",
};

/* Distinct facility names seen in this import, for the unresolved list. */
typedef struct fac_seen {
    char *key;
    char *name;
    long count;
} fac_seen;

typedef struct warnbuf {
    ingest_col col;
    char *reason;
} warnbuf;

typedef struct imp {
    store *s;
    const ingest_opts *o;
    ingest_report *r;
    const char *file;
    ingest_map *map;
    hdate ref;             /* dates after this are "in the future" */
    char ref_text[11];
    /* header */
    size_t ncol;
    char **header;         /* as written */
    ingest_col *col_of;    /* canonical column of each header */
    int idx[COL_COUNT];    /* header index of each canonical column, -1 if absent */
    bool has_extra;
    /* statements */
    sqlite3_stmt *ins_record, *ins_reject, *ins_warning;
    /* per-row scratch */
    sbuf extra, vuln, vuln_unknown, fkey, pfkey, tmp;
    warnbuf warn[COL_COUNT * 2];
    int nwarn;
    /* facility names */
    fac_seen *fac;
    size_t nfac, capfac;
} imp;

static void add_problem(imp *m, long line, const char *column, const char *raw, size_t rawlen,
                        const char *reason)
{
    ingest_report *r = m->r;
    if (r->n_problems >= INGEST_MAX_PROBLEMS)
        return;
    r->problems = xrealloc(r->problems, (r->n_problems + 1) * sizeof *r->problems);
    ingest_problem *p = &r->problems[r->n_problems++];
    p->line = line;
    p->column = column ? xstrdup(column) : NULL;
    p->raw = xstrndup(raw, rawlen);
    p->reason = xstrdup(reason);
}

void ingest_problem_format(const char *file, const ingest_problem *p, sbuf *out)
{
    if (p->column)
        sbuf_printf(out, "%s:%ld: %s '%s' %s", file, p->line, p->column, p->raw, p->reason);
    else
        sbuf_printf(out, "%s:%ld: %s", file, p->line, p->reason);
}

/* Raw text for storage: invalid UTF-8 bytes become \xNN so that nothing
 * is lost and the text stays valid. */
static void escape_invalid(const char *s, size_t n, sbuf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < n) {
        size_t ok = ingest_utf8_valid_prefix(s + i, n - i);
        sbuf_add(out, s + i, ok);
        i += ok;
        if (i < n) {
            unsigned char c = (unsigned char)s[i++];
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            sbuf_add(out, esc, 4);
        }
    }
}

static int insert_reject(imp *m, long line, const char *raw, size_t rawlen, const char *reason,
                         herr *e)
{
    sqlite3_stmt *st = m->ins_reject;
    sbuf_reset(&m->tmp);
    escape_invalid(raw, rawlen, &m->tmp);
    sqlite3_bind_int64(st, 1, m->r->source_id);
    sqlite3_bind_int64(st, 2, line);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->tmp.data ? m->tmp.data : "", (int)m->tmp.len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_error(m->s, e, "saving a reject");
    m->r->rejected++;
    add_problem(m, line, NULL, m->tmp.data ? m->tmp.data : "", m->tmp.len, reason);
    return HERR_OK;
}

/* ---------- header ---------- */

static bool has_identity_column(const imp *m)
{
    static const ingest_col id_cols[] = {COL_FULL_NAME, COL_GIVEN_NAMES, COL_SURNAME1,
                                         COL_SURNAME2,  COL_SURNAMES,    COL_DUI,
                                         COL_ID_NUMBER};
    for (size_t i = 0; i < sizeof id_cols / sizeof id_cols[0]; i++)
        if (m->idx[id_cols[i]] >= 0)
            return true;
    return false;
}

static void json_string_array(sbuf *b, char *const *v, size_t n)
{
    sbuf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sbuf_addc(b, ',');
        sbuf_add_json_string(b, v[i], strlen(v[i]));
    }
    sbuf_addc(b, ']');
}

static int insert_source(imp *m, const char *sha, herr *e)
{
    sbuf header, columns;
    sbuf_init(&header);
    sbuf_init(&columns);
    json_string_array(&header, m->header, m->ncol);
    sbuf_addc(&columns, '[');
    for (size_t i = 0; i < m->ncol; i++) {
        if (i)
            sbuf_addc(&columns, ',');
        if (m->col_of[i] == COL_EXTRA)
            sbuf_adds(&columns, "null");
        else
            sbuf_printf(&columns, "\"%s\"", ingest_col_name(m->col_of[i]));
    }
    sbuf_addc(&columns, ']');

    time_t t = time(NULL);
    struct tm tm;
    char now[32];
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *base = strrchr(m->o->path, '/');
    base = base ? base + 1 : m->o->path;
    char delim[2] = {m->r->delimiter, 0};

    sqlite3_stmt *st;
    int rc = store_prepare(m->s,
                           "INSERT INTO source(name, kind, supplied_by, received, imported_at, "
                           "file_name, sha256, format, encoding, delimiter, header, columns) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, m->o->source_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, m->o->kind, -1, SQLITE_STATIC);
        if (m->o->supplied_by && *m->o->supplied_by)
            sqlite3_bind_text(st, 3, m->o->supplied_by, -1, SQLITE_STATIC);
        if (m->o->received && *m->o->received)
            sqlite3_bind_text(st, 4, m->o->received, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, base, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, m->r->format, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, m->r->encoding, -1, SQLITE_STATIC);
        if (m->r->delimiter)
            sqlite3_bind_text(st, 10, delim, 1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, header.data, (int)header.len, SQLITE_STATIC);
        sqlite3_bind_text(st, 12, columns.data, (int)columns.len, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(m->s, e, "saving the source");
        sqlite3_finalize(st);
        m->r->source_id = (long)sqlite3_last_insert_rowid(store_db(m->s));
    }
    sbuf_free(&header);
    sbuf_free(&columns);
    return rc;
}

static int prepare_statements(imp *m, herr *e)
{
    sbuf sql;
    sbuf_init(&sql);
    sbuf_adds(&sql, "INSERT INTO record(source_id, line, raw, extra, facility_key, "
                    "previous_facility_key");
    for (int c = 0; c < COL_COUNT; c++)
        sbuf_printf(&sql, ", %s", record_sql_col[c]);
    sbuf_adds(&sql, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6");
    for (int c = 0; c < COL_COUNT; c++)
        sbuf_printf(&sql, ", ?%d", P_COL(c));
    sbuf_adds(&sql, ")");
    int rc = store_prepare(m->s, sql.data, &m->ins_record, e);
    sbuf_free(&sql);
    if (rc == HERR_OK)
        rc = store_prepare(m->s,
                           "INSERT INTO reject(source_id, line, reason, raw) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           &m->ins_reject, e);
    if (rc == HERR_OK)
        rc = store_prepare(m->s,
                           "INSERT INTO warning(source_id, record_id, line, column_name, value, "
                           "reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &m->ins_warning, e);
    return rc;
}

typedef struct header_ctx {
    imp *m;
    const char *sha;
} header_ctx;

static int on_header(void *ctx, const char *const *names, const size_t *lens, size_t n, herr *e)
{
    imp *m = ((header_ctx *)ctx)->m;
    m->ncol = n;
    m->header = xcalloc(n ? n : 1, sizeof *m->header);
    m->col_of = xcalloc(n ? n : 1, sizeof *m->col_of);
    for (int c = 0; c < COL_COUNT; c++)
        m->idx[c] = -1;
    for (size_t i = 0; i < n; i++) {
        const char *h = names[i];
        size_t hl = lens[i];
        trim_span(&h, &hl);
        if (hl == 0) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "column_%zu", i + 1);
            m->header[i] = xstrdup(tmp);
        } else {
            m->header[i] = xstrndup(h, hl);
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->header[j], m->header[i]) == 0)
                return herr_set(e, HERR_INPUT, "%s:1: column %zu '%s' repeats column %zu",
                                m->file, i + 1, m->header[i], j + 1);
        ingest_col c = ingest_map_lookup(m->map, m->header[i], strlen(m->header[i]));
        m->col_of[i] = c;
        if (c == COL_EXTRA) {
            m->has_extra = true;
            continue;
        }
        if (m->idx[c] >= 0)
            return herr_set(e, HERR_INPUT,
                            "%s:1: columns %d '%s' and %zu '%s' both mean %s; rename one with "
                            "--map '%s=extra' or --map '%s=<column>'",
                            m->file, m->idx[c] + 1, m->header[m->idx[c]], i + 1, m->header[i],
                            ingest_col_name(c), m->header[i], m->header[i]);
        m->idx[c] = (int)i;
    }
    if (!has_identity_column(m))
        return herr_set(e, HERR_INPUT,
                        "%s:1: no column names a person: expected a name column (full_name, "
                        "given_names, surname1, surname2, surnames) or a document (dui, "
                        "id_number); rename yours with --map 'their=ours'",
                        m->file);
    int rc = insert_source(m, ((header_ctx *)ctx)->sha, e);
    if (rc == HERR_OK)
        rc = prepare_statements(m, e);
    return rc;
}

/* ---------- rows ---------- */

typedef struct span {
    const char *p;
    size_t n;
} span;

static void warn(imp *m, ingest_col c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(imp *m, ingest_col c, const char *fmt, ...)
{
    if (m->nwarn >= (int)(sizeof m->warn / sizeof m->warn[0]))
        return;
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    m->warn[m->nwarn].col = c;
    m->warn[m->nwarn].reason = xstrdup(buf);
    m->nwarn++;
}

static void note_facility(imp *m, const sbuf *key, const char *name, size_t n)
{
    for (size_t i = 0; i < m->nfac; i++)
        if (strcmp(m->fac[i].key, key->data) == 0) {
            m->fac[i].count++;
            return;
        }
    if (m->nfac == m->capfac) {
        m->capfac = m->capfac ? m->capfac * 2 : 16;
        m->fac = xrealloc(m->fac, m->capfac * sizeof *m->fac);
    }
    m->fac[m->nfac++] = (fac_seen){xstrdup(key->data), xstrndup(name, n), 1};
}

typedef struct parsed_date {
    bool present, ok;
    hdate d;
    char text[11];
} parsed_date;

static const ingest_col date_cols[] = {COL_BIRTH_DATE,   COL_ARREST_DATE, COL_TRANSFER_DATE,
                                       COL_STATUS_DATE,  COL_DEATH_DATE,  COL_HEARING_DATE};
#define N_DATE_COLS (sizeof date_cols / sizeof date_cols[0])

static int date_slot(ingest_col c)
{
    for (size_t i = 0; i < N_DATE_COLS; i++)
        if (date_cols[i] == c)
            return (int)i;
    return -1;
}

/* Cross-field checks: the later event must not precede the earlier. */
static void check_order(imp *m, parsed_date *dates, ingest_col later, ingest_col earlier)
{
    parsed_date *l = &dates[date_slot(later)], *er = &dates[date_slot(earlier)];
    if (l->ok && er->ok && hdate_compare(&l->d, &er->d) < 0) {
        warn(m, later, "is before %s %s", ingest_col_name(earlier), er->text);
        l->ok = false;
    }
}

static int on_row(void *ctx, const ingest_row *row, herr *e)
{
    imp *m = ((header_ctx *)ctx)->m;
    ingest_report *r = m->r;
    r->rows++;
    if (row->broken)
        return insert_reject(m, row->line, row->raw, row->raw_len, row->broken, e);

    span v[COL_COUNT];
    bool any = false;
    for (int c = 0; c < COL_COUNT; c++) {
        v[c].p = NULL;
        v[c].n = 0;
        if (m->idx[c] >= 0) {
            v[c].p = row->field[m->idx[c]];
            v[c].n = row->field_len[m->idx[c]];
            trim_span(&v[c].p, &v[c].n);
            any |= v[c].n > 0;
        }
    }
    sbuf_reset(&m->extra);
    if (m->has_extra) {
        for (size_t i = 0; i < m->ncol; i++) {
            if (m->col_of[i] != COL_EXTRA)
                continue;
            const char *p = row->field[i];
            size_t n = row->field_len[i];
            trim_span(&p, &n);
            if (!n)
                continue;
            any = true;
            sbuf_addc(&m->extra, m->extra.len ? ',' : '{');
            sbuf_add_json_string(&m->extra, m->header[i], strlen(m->header[i]));
            sbuf_addc(&m->extra, ':');
            sbuf_add_json_string(&m->extra, p, n);
        }
        if (m->extra.len)
            sbuf_addc(&m->extra, '}');
    }
    if (!any) {
        r->rows--;
        r->blank++;
        return HERR_OK;
    }
    bool named = v[COL_FULL_NAME].n || v[COL_GIVEN_NAMES].n || v[COL_SURNAME1].n ||
                 v[COL_SURNAME2].n || v[COL_SURNAMES].n;
    bool documented = v[COL_DUI].n || v[COL_ID_NUMBER].n;
    if (!named && !documented)
        return insert_reject(m, row->line, row->raw, row->raw_len,
                             "no name and no document: the row identifies no one", e);

    /* ---- validate ---- */
    m->nwarn = 0;
    parsed_date dates[N_DATE_COLS];
    for (size_t i = 0; i < N_DATE_COLS; i++) {
        ingest_col c = date_cols[i];
        parsed_date *d = &dates[i];
        d->present = v[c].n > 0;
        d->ok = false;
        d->text[0] = '\0';
        if (!d->present)
            continue;
        const char *why;
        if (!ingest_parse_date(v[c].p, v[c].n, &d->d, &why)) {
            warn(m, c, "%s", why);
            continue;
        }
        hdate_format(&d->d, d->text);
        if (hdate_compare(&d->d, &m->ref) > 0) {
            warn(m, c, "is in the future (after %s)", m->ref_text);
            continue;
        }
        d->ok = true;
    }
    check_order(m, dates, COL_ARREST_DATE, COL_BIRTH_DATE);
    check_order(m, dates, COL_DEATH_DATE, COL_BIRTH_DATE);
    check_order(m, dates, COL_DEATH_DATE, COL_ARREST_DATE);
    check_order(m, dates, COL_TRANSFER_DATE, COL_ARREST_DATE);
    check_order(m, dates, COL_HEARING_DATE, COL_ARREST_DATE);
    check_order(m, dates, COL_STATUS_DATE, COL_ARREST_DATE);

    int age = -1;
    if (v[COL_AGE].n) {
        if (!ingest_parse_age(v[COL_AGE].p, v[COL_AGE].n, &age)) {
            warn(m, COL_AGE, "is not an age in years (0 to 120)");
            age = -1;
        } else {
            parsed_date *b = &dates[date_slot(COL_BIRTH_DATE)];
            parsed_date *a = &dates[date_slot(COL_ARREST_DATE)];
            if (b->ok) {
                /* The age may be given at arrest or when the list was
                 * made: accept anything between, with a year's slack. */
                int lo = (a->ok ? a->d.year : m->ref.year) - b->d.year - 2;
                int hi = m->ref.year - b->d.year + 1;
                if (age < lo || age > hi) {
                    warn(m, COL_AGE, "does not match birth_date %s", b->text);
                    age = -1;
                }
            }
        }
    }
    char dui[11] = "";
    if (v[COL_DUI].n) {
        char why[96];
        if (!ingest_parse_dui(v[COL_DUI].p, v[COL_DUI].n, dui, why, sizeof why)) {
            warn(m, COL_DUI, "%s", why);
            dui[0] = '\0';
        }
    }
    const char *sex = NULL, *status = NULL, *warrant = NULL, *court = NULL;
    if (v[COL_SEX].n && !ingest_parse_sex(v[COL_SEX].p, v[COL_SEX].n, &sex))
        warn(m, COL_SEX, "is not a sex (M or F)");
    if (v[COL_STATUS].n && !ingest_parse_status(v[COL_STATUS].p, v[COL_STATUS].n, &status))
        warn(m, COL_STATUS, "is not a status (held, released, dead, missing, unknown)");
    if (v[COL_WARRANT].n && !ingest_parse_warrant(v[COL_WARRANT].p, v[COL_WARRANT].n, &warrant))
        warn(m, COL_WARRANT, "is not yes, no or unknown");
    if (v[COL_COURT_ORDER].n &&
        !ingest_parse_court_order(v[COL_COURT_ORDER].p, v[COL_COURT_ORDER].n, &court))
        warn(m, COL_COURT_ORDER,
             "is not a court order (release, alternative_measures, provisional_detention, "
             "sentence, dismissal)");
    sbuf_reset(&m->vuln);
    sbuf_reset(&m->vuln_unknown);
    if (v[COL_VULNERABILITY].n) {
        ingest_parse_vulnerability(v[COL_VULNERABILITY].p, v[COL_VULNERABILITY].n, &m->vuln,
                                   &m->vuln_unknown);
        if (m->vuln_unknown.len)
            warn(m, COL_VULNERABILITY,
                 "has unknown terms '%s' (known: disability, chronic_illness, pregnant, minor, "
                 "elderly, newborn)",
                 m->vuln_unknown.data);
    }
    sbuf_reset(&m->fkey);
    sbuf_reset(&m->pfkey);
    if (v[COL_FACILITY].n) {
        facility_key(v[COL_FACILITY].p, v[COL_FACILITY].n, &m->fkey);
        if (m->fkey.len)
            note_facility(m, &m->fkey, v[COL_FACILITY].p, v[COL_FACILITY].n);
    }
    if (v[COL_PREVIOUS_FACILITY].n) {
        facility_key(v[COL_PREVIOUS_FACILITY].p, v[COL_PREVIOUS_FACILITY].n, &m->pfkey);
        if (m->pfkey.len)
            note_facility(m, &m->pfkey, v[COL_PREVIOUS_FACILITY].p, v[COL_PREVIOUS_FACILITY].n);
    }

    /* ---- write the record ---- */
    sqlite3_stmt *st = m->ins_record;
    sqlite3_bind_int64(st, 1, r->source_id);
    sqlite3_bind_int64(st, 2, row->line);
    sqlite3_bind_text(st, 3, row->raw, (int)row->raw_len, SQLITE_STATIC);
    store_bind_text(st, 4, m->extra.data, m->extra.len);
    store_bind_text(st, 5, m->fkey.data, m->fkey.len);
    store_bind_text(st, 6, m->pfkey.data, m->pfkey.len);
    for (int c = 0; c < COL_COUNT; c++) {
        int p = P_COL(c);
        int ds = date_slot((ingest_col)c);
        if (ds >= 0) {
            if (dates[ds].ok)
                sqlite3_bind_text(st, p, dates[ds].text, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, p);
            continue;
        }
        switch (c) {
        case COL_AGE:
            if (age >= 0)
                sqlite3_bind_int(st, p, age);
            else
                sqlite3_bind_null(st, p);
            break;
        case COL_DUI: store_bind_text(st, p, dui, strlen(dui)); break;
        case COL_SEX: store_bind_text(st, p, sex, sex ? strlen(sex) : 0); break;
        case COL_STATUS: store_bind_text(st, p, status, status ? strlen(status) : 0); break;
        case COL_WARRANT: store_bind_text(st, p, warrant, warrant ? strlen(warrant) : 0); break;
        case COL_COURT_ORDER: store_bind_text(st, p, court, court ? strlen(court) : 0); break;
        case COL_VULNERABILITY: store_bind_text(st, p, m->vuln.data, m->vuln.len); break;
        default: store_bind_text(st, p, v[c].p, v[c].n);
        }
    }
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        for (int i = 0; i < m->nwarn; i++)
            free(m->warn[i].reason);
        return store_error(m->s, e, "saving a record");
    }
    r->imported++;
    long rec = (long)sqlite3_last_insert_rowid(store_db(m->s));

    int rc = HERR_OK;
    for (int i = 0; i < m->nwarn; i++) {
        ingest_col c = m->warn[i].col;
        const char *colname = m->header[m->idx[c]];
        if (rc == HERR_OK) {
            sqlite3_stmt *w = m->ins_warning;
            sqlite3_bind_int64(w, 1, r->source_id);
            sqlite3_bind_int64(w, 2, rec);
            sqlite3_bind_int64(w, 3, row->line);
            sqlite3_bind_text(w, 4, colname, -1, SQLITE_STATIC);
            sqlite3_bind_text(w, 5, v[c].p, (int)v[c].n, SQLITE_STATIC);
            sqlite3_bind_text(w, 6, m->warn[i].reason, -1, SQLITE_STATIC);
            if (sqlite3_step(w) != SQLITE_DONE)
                rc = store_error(m->s, e, "saving a warning");
            sqlite3_reset(w);
            r->warnings++;
            add_problem(m, row->line, colname, v[c].p, v[c].n, m->warn[i].reason);
        }
        free(m->warn[i].reason);
    }
    return rc;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    imp *m = ((header_ctx *)ctx)->m;
    fprintf(stderr, "\rimporting %s: %3d%%  %ld rows", m->file,
            total ? (int)(100.0 * (double)done / (double)total) : 100, m->r->rows);
    fflush(stderr);
}

/* ---------- the whole file ---------- */

/* Refuses a file whose bytes were imported before, and a source name
 * already taken. */
static int check_not_imported(store *s, const char *file, const char *sha, const char *name,
                              herr *e)
{
    static const char *const sql[2] = {
        "SELECT name, file_name, imported_at FROM source WHERE sha256 = ?1",
        "SELECT name, file_name, imported_at FROM source WHERE name = ?1",
    };
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st;
        int rc = store_prepare(s, sql[i], &st, e);
        if (rc != HERR_OK)
            return rc;
        sqlite3_bind_text(st, 1, i == 0 ? sha : name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *prev = (const char *)sqlite3_column_text(st, 0);
            const char *pfile = (const char *)sqlite3_column_text(st, 1);
            const char *when = (const char *)sqlite3_column_text(st, 2);
            if (i == 0)
                rc = herr_set(e, HERR_INPUT,
                              "%s: this file was already imported as source '%s' (file %s, %s); "
                              "nothing imported",
                              file, prev, pfile, when);
            else
                rc = herr_set(e, HERR_INPUT,
                              "source '%s' exists already (file %s, imported %s); choose another "
                              "--source name",
                              name, pfile, when);
        }
        sqlite3_finalize(st);
        if (rc != HERR_OK)
            return rc;
    }
    return HERR_OK;
}

static bool looks_like_json(const char *path, const char *text, size_t len)
{
    const char *dot = strrchr(path, '.');
    if (dot && str_ieq_ascii(dot, ".json"))
        return true;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '[';
    }
    return false;
}

static int finish_source(imp *m, herr *e)
{
    ingest_report *r = m->r;
    for (size_t i = 0; i < sizeof event_sql / sizeof event_sql[0]; i++) {
        sqlite3_stmt *st;
        int rc = store_prepare(m->s, event_sql[i], &st, e);
        if (rc != HERR_OK)
            return rc;
        sqlite3_bind_int64(st, 1, r->source_id);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return store_error(m->s, e, "deriving events");
        }
        r->events += sqlite3_changes(store_db(m->s));
        sqlite3_finalize(st);
    }
    sqlite3_stmt *st;
    int rc = store_prepare(m->s,
                           "UPDATE source SET rows = ?2, imported = ?3, rejected = ?4, "
                           "warnings = ?5 WHERE id = ?1",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, r->source_id);
    sqlite3_bind_int64(st, 2, r->rows);
    sqlite3_bind_int64(st, 3, r->imported);
    sqlite3_bind_int64(st, 4, r->rejected);
    sqlite3_bind_int64(st, 5, r->warnings);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_error(m->s, e, "updating the source");
    sqlite3_finalize(st);
    if (rc != HERR_OK)
        return rc;

    /* Facility names no register entry resolves. */
    rc = store_prepare(m->s, "SELECT 1 FROM facility_alias WHERE key = ?1", &st, e);
    if (rc != HERR_OK)
        return rc;
    for (size_t i = 0; i < m->nfac; i++) {
        sqlite3_bind_text(st, 1, m->fac[i].key, -1, SQLITE_STATIC);
        bool known = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (known)
            continue;
        size_t k = r->n_unresolved++;
        r->unresolved = xrealloc(r->unresolved, r->n_unresolved * sizeof *r->unresolved);
        r->unresolved_count =
            xrealloc(r->unresolved_count, r->n_unresolved * sizeof *r->unresolved_count);
        r->unresolved[k] = xstrdup(m->fac[i].name);
        r->unresolved_count[k] = m->fac[i].count;
    }
    sqlite3_finalize(st);
    return HERR_OK;
}

static void imp_free(imp *m)
{
    sqlite3_finalize(m->ins_record);
    sqlite3_finalize(m->ins_reject);
    sqlite3_finalize(m->ins_warning);
    for (size_t i = 0; i < m->ncol; i++)
        free(m->header[i]);
    free(m->header);
    free(m->col_of);
    sbuf_free(&m->extra);
    sbuf_free(&m->vuln);
    sbuf_free(&m->vuln_unknown);
    sbuf_free(&m->fkey);
    sbuf_free(&m->pfkey);
    sbuf_free(&m->tmp);
    for (size_t i = 0; i < m->nfac; i++) {
        free(m->fac[i].key);
        free(m->fac[i].name);
    }
    free(m->fac);
    ingest_map_free(m->map);
}

int ingest_file(store *s, const ingest_opts *o, ingest_report *r, herr *e)
{
    double t0 = now_seconds();
    memset(r, 0, sizeof *r);
    imp m;
    memset(&m, 0, sizeof m);
    m.s = s;
    m.o = o;
    m.r = r;
    m.file = o->display ? o->display : o->path;

    if (!o->source_name || !*o->source_name)
        return herr_set(e, HERR_INPUT, "import: --source NAME is required");
    if (!o->kind || !ingest_kind_valid(o->kind))
        return herr_set(e, HERR_INPUT,
                        "import: --kind must be one of ngo_case, family_report, official_list, "
                        "press, court, deportation_manifest, other");
    m.ref = hdate_today();
    if (o->received && *o->received) {
        hdate rec;
        const char *why;
        if (!ingest_parse_date(o->received, strlen(o->received), &rec, &why) ||
            rec.prec != PREC_DAY)
            return herr_set(e, HERR_INPUT, "import: --received '%s' is not a date (YYYY-MM-DD)",
                            o->received);
        if (hdate_compare(&rec, &m.ref) > 0)
            return herr_set(e, HERR_INPUT, "import: --received '%s' is in the future",
                            o->received);
        m.ref = rec;
    }
    hdate_format(&m.ref, m.ref_text);
    if (o->map && *o->map && ingest_map_parse(o->map, &m.map, e) != HERR_OK)
        return HERR_INPUT;

    size_t len;
    char *buf = file_read_all(o->path, &len, e);
    if (!buf) {
        imp_free(&m);
        return HERR_INPUT;
    }
    char sha[65];
    sha256_hex(buf, len, sha);
    int rc = check_not_imported(s, m.file, sha, o->source_name, e);
    if (rc != HERR_OK) {
        free(buf);
        imp_free(&m);
        return rc;
    }
    ingest_text text;
    rc = ingest_decode(buf, len, m.file, &text, e);
    if (rc != HERR_OK) {
        imp_free(&m);
        return rc;
    }
    snprintf(r->encoding, sizeof r->encoding, "%s", text.encoding);
    if (text.converted && o->notices)
        fprintf(o->notices, "habeas: notice: %s is %s, not UTF-8; converted\n", m.file,
                text.encoding);
    /* Old Mac line ends (CR only) become LF so that lines can be counted. */
    if (!memchr(text.data, '\n', text.len))
        for (size_t i = 0; i < text.len; i++)
            if (text.data[i] == '\r')
                text.data[i] = '\n';

    rc = store_begin(s, e);
    if (rc != HERR_OK) {
        free(text.data);
        imp_free(&m);
        return rc;
    }
    header_ctx hc = {&m, sha};
    ingest_sink sink = {.ctx = &hc,
                        .on_header = on_header,
                        .on_row = on_row,
                        .on_progress = o->progress ? on_progress : NULL};
    bool json = looks_like_json(o->path, text.data, text.len);
    snprintf(r->format, sizeof r->format, "%s", json ? "json" : "csv");
    if (json)
        rc = ingest_read_json(text.data, text.len, m.file, &sink, e);
    else
        rc = ingest_read_csv(text.data, text.len, 0, m.file, text.has_invalid, &sink,
                             &r->delimiter, e);
    if (o->progress)
        fputs("\r\033[K", stderr);
    if (rc == HERR_OK && r->rows == 0)
        rc = herr_set(e, HERR_INPUT, "%s: no rows after the header; nothing imported", m.file);
    if (rc == HERR_OK)
        rc = finish_source(&m, e);
    if (rc == HERR_OK && o->strict && (r->rejected || r->warnings))
        rc = herr_set(e, HERR_INPUT,
                      "%s: refused (--strict): %ld rejected rows and %ld field warnings; "
                      "nothing imported",
                      m.file, r->rejected, r->warnings);
    if (rc == HERR_OK)
        rc = store_commit(s, e);
    if (rc != HERR_OK) {
        store_rollback(s);
        if (!o->strict || !(r->rejected || r->warnings))
            r->source_id = 0;
    }
    free(text.data);
    imp_free(&m);
    r->seconds = now_seconds() - t0;
    return rc;
}

void ingest_report_free(ingest_report *r)
{
    for (size_t i = 0; i < r->n_problems; i++) {
        free(r->problems[i].column);
        free(r->problems[i].raw);
        free(r->problems[i].reason);
    }
    free(r->problems);
    for (size_t i = 0; i < r->n_unresolved; i++)
        free(r->unresolved[i]);
    free(r->unresolved);
    free(r->unresolved_count);
    memset(r, 0, sizeof *r);
}
