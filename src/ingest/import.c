/*
 * import.c — one file in as one source, in one transaction.
 *
 * Two threads share the work, because a million-row list must go in in
 * seconds on a two-core laptop:
 *
 *   reader thread:  rows from the CSV or JSON reader -> header mapped ->
 *                   every field validated (fields.c) -> "prepared rows"
 *                   packed into batches (values copied into the batch's
 *                   arena) -> a small bounded queue;
 *   calling thread: batches from the queue -> INSERTs (records, warnings,
 *                   rejects) on the one SQLite connection, in file order.
 *
 * A third, short-lived thread computes the file's SHA-256 meanwhile; the
 * duplicate check runs before COMMIT, so a file already imported is still
 * refused with nothing changed.  Only the calling thread touches SQLite.
 * Either side can stop the other: the reader by closing the queue with an
 * error, the writer by raising `abort` (the reader checks it per row).
 *
 * (Events are a view over records: see migrations.c.)  After the last
 * row the source's counts and hash are filled in, and the transaction
 * commits — or, with --strict and any problem, rolls back so that nothing
 * changes.
 *
 * Dates are checked against each other and against the reference date
 * (the day the list was received, else today): a date in the future, an
 * arrest before birth, a death before the arrest are warnings on the
 * later field, which is then not used.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
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
    [COL_SOURCE_RELATIONSHIP] = "source_relationship", [COL_FACILITY_SINCE] = "facility_since",
};

#define P_COL(c) (10 + (int)(c)) /* SQL parameter of a canonical column */

/* ---------- prepared rows and batches ---------- */

#define BATCH_ROWS 2048
#define QUEUE_BATCHES 4
#define NO_VALUE UINT32_MAX

typedef struct pwarn {
    ingest_col col;
    uint32_t value, value_len; /* the field as received (arena) */
    uint32_t reason;           /* NUL-terminated (arena) */
} pwarn;

typedef struct prow {
    long line;
    const char *raw; /* into the decoded text, which outlives the import */
    size_t raw_len;
    uint32_t reject_reason; /* NO_VALUE for a record */
    uint32_t reject_raw, reject_raw_len;
    uint32_t val[COL_COUNT], len[COL_COUNT]; /* NO_VALUE: NULL */
    uint32_t extra, extra_len, fkey, fkey_len, pfkey, pfkey_len;
    int age; /* -1: NULL */
    uint32_t first_warn, nwarn;
} prow;

typedef struct batch {
    sbuf arena;
    prow rows[BATCH_ROWS];
    size_t n;
    pwarn *warns;
    size_t nwarns, capwarns;
    struct batch *next;
} batch;

typedef struct bqueue {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *head, *tail; /* full batches, in order */
    size_t count;
    batch *free;        /* empty batches to reuse */
    bool closed;
} bqueue;

static batch *batch_get(bqueue *q)
{
    pthread_mutex_lock(&q->mu);
    batch *b = q->free;
    if (b)
        q->free = b->next;
    pthread_mutex_unlock(&q->mu);
    if (!b) {
        b = xcalloc(1, sizeof *b);
        sbuf_init(&b->arena);
    }
    b->n = 0;
    b->nwarns = 0;
    sbuf_reset(&b->arena);
    sbuf_add(&b->arena, "", 0);
    b->next = NULL;
    return b;
}

static void batch_put_back(bqueue *q, batch *b)
{
    pthread_mutex_lock(&q->mu);
    b->next = q->free;
    q->free = b;
    pthread_mutex_unlock(&q->mu);
}

/* Blocks while the queue is full. */
static void queue_push(bqueue *q, batch *b)
{
    pthread_mutex_lock(&q->mu);
    while (q->count >= QUEUE_BATCHES && !q->closed)
        pthread_cond_wait(&q->cv, &q->mu);
    b->next = NULL;
    if (q->tail)
        q->tail->next = b;
    else
        q->head = b;
    q->tail = b;
    q->count++;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

/* The next batch, or NULL once the queue is closed and empty. */
static batch *queue_pop(bqueue *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->closed)
        pthread_cond_wait(&q->cv, &q->mu);
    batch *b = q->head;
    if (b) {
        q->head = b->next;
        if (!q->head)
            q->tail = NULL;
        q->count--;
        pthread_cond_broadcast(&q->cv);
    }
    pthread_mutex_unlock(&q->mu);
    return b;
}

static void queue_close(bqueue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

static void queue_free_all(bqueue *q)
{
    for (batch *lists[2] = {q->head, q->free}, **l = lists; l < lists + 2; l++)
        for (batch *b = *l, *next; b; b = next) {
            next = b->next;
            sbuf_free(&b->arena);
            free(b->warns);
            free(b);
        }
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
}

static uint32_t arena_add(batch *b, const char *s, size_t n)
{
    uint32_t off = (uint32_t)b->arena.len;
    sbuf_add(&b->arena, s, n);
    return off;
}

static uint32_t arena_adds(batch *b, const char *s)
{
    uint32_t off = (uint32_t)b->arena.len;
    sbuf_add(&b->arena, s, strlen(s) + 1); /* with its NUL */
    return off;
}

/* ---------- the reader side ---------- */

/* Distinct facility names seen in this import, for the unresolved list. */
typedef struct fac_seen {
    char *key;
    char *name;
    long count;
} fac_seen;

typedef struct reader {
    const ingest_opts *o;
    const char *file;
    const ingest_text *text;
    ingest_map *map;
    hdate ref; /* dates after this are "in the future" */
    char ref_text[11];
    bqueue *q;
    atomic_bool *abort;
    batch *cur;
    /* header, set once by on_header */
    bool header_done;
    size_t ncol;
    char **header;      /* as written */
    ingest_col *col_of; /* canonical column of each header */
    int idx[COL_COUNT]; /* header index of each canonical column, -1 if absent */
    bool has_extra;
    /* outcome */
    int rc;
    herr err;
    char delimiter;
    long rows, blank;
    /* scratch */
    sbuf vuln, vuln_unknown, key, tmp;
    fac_seen *fac;
    size_t nfac, capfac;
} reader;

static bool has_identity_column(const reader *m)
{
    static const ingest_col id_cols[] = {COL_FULL_NAME, COL_GIVEN_NAMES, COL_SURNAME1,
                                         COL_SURNAME2,  COL_SURNAMES,    COL_DUI,
                                         COL_ID_NUMBER};
    for (size_t i = 0; i < sizeof id_cols / sizeof id_cols[0]; i++)
        if (m->idx[id_cols[i]] >= 0)
            return true;
    return false;
}

static int on_header(void *ctx, const char *const *names, const size_t *lens, size_t n, herr *e)
{
    reader *m = ctx;
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
    m->header_done = true;
    return HERR_OK;
}

typedef struct span {
    const char *p;
    size_t n;
} span;

static void add_warn(reader *m, prow *pr, const span *v, ingest_col c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add_warn(reader *m, prow *pr, const span *v, ingest_col c, const char *fmt, ...)
{
    batch *b = m->cur;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (b->nwarns == b->capwarns) {
        b->capwarns = b->capwarns ? b->capwarns * 2 : 64;
        b->warns = xrealloc(b->warns, b->capwarns * sizeof *b->warns);
    }
    pwarn *w = &b->warns[b->nwarns++];
    w->col = c;
    w->value = arena_add(b, v[c].p, v[c].n);
    w->value_len = (uint32_t)v[c].n;
    w->reason = arena_adds(b, buf);
    pr->nwarn++;
}

static void note_facility(reader *m, const char *name, size_t n)
{
    for (size_t i = 0; i < m->nfac; i++)
        if (strcmp(m->fac[i].key, m->key.data) == 0) {
            m->fac[i].count++;
            return;
        }
    if (m->nfac == m->capfac) {
        m->capfac = m->capfac ? m->capfac * 2 : 16;
        m->fac = xrealloc(m->fac, m->capfac * sizeof *m->fac);
    }
    m->fac[m->nfac++] = (fac_seen){xstrdup(m->key.data), xstrndup(name, n), 1};
}

/* Facility key of v into the arena; note the spelling. */
static void facility_value(reader *m, const span *v, uint32_t *off, uint32_t *len)
{
    *off = NO_VALUE;
    *len = 0;
    if (!v->n)
        return;
    sbuf_reset(&m->key);
    facility_key(v->p, v->n, &m->key);
    if (!m->key.len)
        return;
    note_facility(m, v->p, v->n);
    *off = arena_add(m->cur, m->key.data, m->key.len);
    *len = (uint32_t)m->key.len;
}

/* Raw text for storage: invalid UTF-8 bytes become \xNN so that nothing
 * is lost and the text stays valid. */
void ingest_escape_invalid(const char *s, size_t n, sbuf *out)
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

static prow *new_row(reader *m, const ingest_row *row)
{
    if (m->cur->n == BATCH_ROWS) {
        queue_push(m->q, m->cur);
        m->cur = batch_get(m->q);
    }
    prow *pr = &m->cur->rows[m->cur->n++];
    pr->line = row->line;
    pr->raw = row->raw;
    pr->raw_len = row->raw_len;
    pr->reject_reason = NO_VALUE;
    pr->first_warn = (uint32_t)m->cur->nwarns;
    pr->nwarn = 0;
    return pr;
}

static void add_reject(reader *m, const ingest_row *row, const char *reason)
{
    prow *pr = new_row(m, row);
    sbuf_reset(&m->tmp);
    ingest_escape_invalid(row->raw, row->raw_len, &m->tmp);
    pr->reject_raw = arena_add(m->cur, m->tmp.data ? m->tmp.data : "", m->tmp.len);
    pr->reject_raw_len = (uint32_t)m->tmp.len;
    pr->reject_reason = arena_adds(m->cur, reason);
}

typedef struct parsed_date {
    bool ok;
    hdate d;
    char text[11];
} parsed_date;

static const ingest_col date_cols[] = {COL_BIRTH_DATE,   COL_ARREST_DATE, COL_TRANSFER_DATE,
                                       COL_STATUS_DATE,  COL_DEATH_DATE,  COL_HEARING_DATE,
                                       COL_FACILITY_SINCE};
#define N_DATE_COLS (sizeof date_cols / sizeof date_cols[0])

static int date_slot(ingest_col c)
{
    for (size_t i = 0; i < N_DATE_COLS; i++)
        if (date_cols[i] == c)
            return (int)i;
    return -1;
}

/* Cross-field checks: the later event must not precede the earlier. */
static void check_order(reader *m, prow *pr, const span *v, parsed_date *dates, ingest_col later,
                        ingest_col earlier)
{
    parsed_date *l = &dates[date_slot(later)], *er = &dates[date_slot(earlier)];
    if (l->ok && er->ok && hdate_compare(&l->d, &er->d) < 0) {
        add_warn(m, pr, v, later, "is before %s %s", ingest_col_name(earlier), er->text);
        l->ok = false;
    }
}

static void set_value(batch *b, prow *pr, ingest_col c, const char *s, size_t n)
{
    pr->val[c] = arena_add(b, s, n);
    pr->len[c] = (uint32_t)n;
}

static int on_row(void *ctx, const ingest_row *row, herr *e)
{
    reader *m = ctx;
    if (atomic_load_explicit(m->abort, memory_order_relaxed))
        return herr_set(e, HERR_INTERNAL, "stopped");
    m->rows++;
    if (row->broken) {
        add_reject(m, row, row->broken);
        return HERR_OK;
    }

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
    bool any_extra = false;
    if (m->has_extra)
        for (size_t i = 0; i < m->ncol && !any_extra; i++)
            if (m->col_of[i] == COL_EXTRA) {
                const char *p = row->field[i];
                size_t n = row->field_len[i];
                trim_span(&p, &n);
                any_extra = n > 0;
            }
    if (!any && !any_extra) {
        m->rows--;
        m->blank++;
        return HERR_OK;
    }
    bool named = v[COL_FULL_NAME].n || v[COL_GIVEN_NAMES].n || v[COL_SURNAME1].n ||
                 v[COL_SURNAME2].n || v[COL_SURNAMES].n;
    bool documented = v[COL_DUI].n || v[COL_ID_NUMBER].n;
    if (!named && !documented) {
        add_reject(m, row, "no name and no document: the row identifies no one");
        return HERR_OK;
    }

    prow *pr = new_row(m, row);
    batch *b = m->cur;
    for (int c = 0; c < COL_COUNT; c++)
        pr->val[c] = NO_VALUE;
    pr->age = -1;

    /* Extra attributes as a JSON object. */
    pr->extra = NO_VALUE;
    pr->extra_len = 0;
    if (any_extra) {
        sbuf_reset(&m->tmp);
        for (size_t i = 0; i < m->ncol; i++) {
            if (m->col_of[i] != COL_EXTRA)
                continue;
            const char *p = row->field[i];
            size_t n = row->field_len[i];
            trim_span(&p, &n);
            if (!n)
                continue;
            sbuf_addc(&m->tmp, m->tmp.len ? ',' : '{');
            sbuf_add_json_string(&m->tmp, m->header[i], strlen(m->header[i]));
            sbuf_addc(&m->tmp, ':');
            sbuf_add_json_string(&m->tmp, p, n);
        }
        sbuf_addc(&m->tmp, '}');
        pr->extra = arena_add(b, m->tmp.data, m->tmp.len);
        pr->extra_len = (uint32_t)m->tmp.len;
    }

    /* Dates, then their order. */
    parsed_date dates[N_DATE_COLS];
    for (size_t i = 0; i < N_DATE_COLS; i++) {
        ingest_col c = date_cols[i];
        parsed_date *d = &dates[i];
        d->ok = false;
        if (!v[c].n)
            continue;
        const char *why;
        if (!ingest_parse_date(v[c].p, v[c].n, &d->d, &why)) {
            add_warn(m, pr, v, c, "%s", why);
            continue;
        }
        hdate_format(&d->d, d->text);
        if (hdate_compare(&d->d, &m->ref) > 0) {
            add_warn(m, pr, v, c, "is in the future (after %s)", m->ref_text);
            continue;
        }
        d->ok = true;
    }
    check_order(m, pr, v, dates, COL_ARREST_DATE, COL_BIRTH_DATE);
    check_order(m, pr, v, dates, COL_DEATH_DATE, COL_BIRTH_DATE);
    check_order(m, pr, v, dates, COL_DEATH_DATE, COL_ARREST_DATE);
    check_order(m, pr, v, dates, COL_TRANSFER_DATE, COL_ARREST_DATE);
    check_order(m, pr, v, dates, COL_HEARING_DATE, COL_ARREST_DATE);
    check_order(m, pr, v, dates, COL_FACILITY_SINCE, COL_BIRTH_DATE);
    check_order(m, pr, v, dates, COL_STATUS_DATE, COL_ARREST_DATE);
    for (size_t i = 0; i < N_DATE_COLS; i++)
        if (dates[i].ok)
            set_value(b, pr, date_cols[i], dates[i].text, strlen(dates[i].text));

    if (v[COL_AGE].n) {
        int age;
        if (!ingest_parse_age(v[COL_AGE].p, v[COL_AGE].n, &age)) {
            add_warn(m, pr, v, COL_AGE, "is not an age in years (0 to 120)");
        } else {
            parsed_date *bd = &dates[date_slot(COL_BIRTH_DATE)];
            parsed_date *ad = &dates[date_slot(COL_ARREST_DATE)];
            /* The age may be given at arrest or when the list was made:
             * accept anything between, with slack for birthdays; with no
             * arrest date, an age up to ten years old is plausible. */
            int lo = bd->ok ? (ad->ok ? ad->d.year - 2 : m->ref.year - 10) - bd->d.year : 0;
            int hi = bd->ok ? m->ref.year - bd->d.year + 1 : 120;
            if (age < lo || age > hi)
                add_warn(m, pr, v, COL_AGE, "does not match birth_date %s", bd->text);
            else
                pr->age = age;
        }
    }
    if (v[COL_DUI].n) {
        char dui[11], why[96];
        if (ingest_parse_dui(v[COL_DUI].p, v[COL_DUI].n, dui, why, sizeof why))
            set_value(b, pr, COL_DUI, dui, 10);
        else
            add_warn(m, pr, v, COL_DUI, "%s", why);
    }
    static const struct {
        ingest_col col;
        bool (*parse)(const char *, size_t, const char **);
        const char *why;
    } vocabs[] = {
        {COL_SEX, ingest_parse_sex, "is not a sex (M or F)"},
        {COL_STATUS, ingest_parse_status, "is not a status (held, released, dead, missing, unknown)"},
        {COL_WARRANT, ingest_parse_warrant, "is not yes, no or unknown"},
        {COL_COURT_ORDER, ingest_parse_court_order,
         "is not a court order (release, alternative_measures, provisional_detention, sentence, "
         "dismissal)"},
    };
    for (size_t i = 0; i < sizeof vocabs / sizeof vocabs[0]; i++) {
        ingest_col c = vocabs[i].col;
        const char *word;
        if (!v[c].n)
            continue;
        if (vocabs[i].parse(v[c].p, v[c].n, &word))
            set_value(b, pr, c, word, strlen(word));
        else
            add_warn(m, pr, v, c, "%s", vocabs[i].why);
    }
    if (v[COL_VULNERABILITY].n) {
        sbuf_reset(&m->vuln);
        sbuf_reset(&m->vuln_unknown);
        ingest_parse_vulnerability(v[COL_VULNERABILITY].p, v[COL_VULNERABILITY].n, &m->vuln,
                                   &m->vuln_unknown);
        if (m->vuln.len)
            set_value(b, pr, COL_VULNERABILITY, m->vuln.data, m->vuln.len);
        if (m->vuln_unknown.len)
            add_warn(m, pr, v, COL_VULNERABILITY,
                     "has unknown terms '%s' (known: disability, chronic_illness, pregnant, "
                     "minor, elderly, newborn)",
                     m->vuln_unknown.data);
    }
    facility_value(m, &v[COL_FACILITY], &pr->fkey, &pr->fkey_len);
    facility_value(m, &v[COL_PREVIOUS_FACILITY], &pr->pfkey, &pr->pfkey_len);

    /* Every other column is text, kept as written (trimmed). */
    for (int c = 0; c < COL_COUNT; c++)
        if (v[c].n && pr->val[c] == NO_VALUE && c != COL_AGE && date_slot((ingest_col)c) < 0 &&
            c != COL_DUI && c != COL_SEX && c != COL_STATUS && c != COL_WARRANT &&
            c != COL_COURT_ORDER && c != COL_VULNERABILITY)
            set_value(b, pr, (ingest_col)c, v[c].p, v[c].n);
    return HERR_OK;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    reader *m = ctx;
    fprintf(stderr, "\rimporting %s: %3d%%  %ld rows", m->file,
            total ? (int)(100.0 * (double)done / (double)total) : 100, m->rows);
    fflush(stderr);
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

static void *reader_main(void *arg)
{
    reader *m = arg;
    herr_clear(&m->err);
    m->cur = batch_get(m->q);
    ingest_sink sink = {.ctx = m,
                        .on_header = on_header,
                        .on_row = on_row,
                        .on_progress = m->o->progress ? on_progress : NULL};
    if (looks_like_json(m->o->path, m->text->data, m->text->len))
        m->rc = ingest_read_json(m->text->data, m->text->len, m->file, &sink, &m->err);
    else
        m->rc = ingest_read_csv(m->text->data, m->text->len, 0, m->file, m->text->has_invalid,
                                &sink, &m->delimiter, &m->err);
    if (m->cur->n)
        queue_push(m->q, m->cur);
    else
        batch_put_back(m->q, m->cur);
    m->cur = NULL;
    queue_close(m->q);
    return NULL;
}

static void reader_free(reader *m)
{
    for (size_t i = 0; i < m->ncol; i++)
        free(m->header[i]);
    free(m->header);
    free(m->col_of);
    sbuf_free(&m->vuln);
    sbuf_free(&m->vuln_unknown);
    sbuf_free(&m->key);
    sbuf_free(&m->tmp);
    for (size_t i = 0; i < m->nfac; i++) {
        free(m->fac[i].key);
        free(m->fac[i].name);
    }
    free(m->fac);
    ingest_map_free(m->map);
}

/* ---------- the hash ---------- */

typedef struct hasher {
    const char *buf;
    size_t len;
    char hex[65];
} hasher;

static void *hasher_main(void *arg)
{
    hasher *h = arg;
    sha256_hex(h->buf, h->len, h->hex);
    return NULL;
}

/* ---------- the writer side (the calling thread) ---------- */

typedef struct writer {
    store *s;
    const ingest_opts *o;
    ingest_report *r;
    const char *file;
    const reader *rd;
    sqlite3_stmt *ins_record, *ins_reject, *ins_warning;
    /* a list that names its informants: its rows are sealed (seal_row) */
    bool seals, have_key;
    store_sealer z;
    sbuf tmp;
} writer;

static void add_problem(ingest_report *r, long line, const char *column, const char *raw,
                        size_t rawlen, const char *reason)
{
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

/* The source row, with a placeholder hash until the real one is known. */
static int insert_source(writer *w, herr *e)
{
    const reader *rd = w->rd;
    sbuf header, columns;
    sbuf_init(&header);
    sbuf_init(&columns);
    json_string_array(&header, rd->header, rd->ncol);
    sbuf_addc(&columns, '[');
    for (size_t i = 0; i < rd->ncol; i++) {
        if (i)
            sbuf_addc(&columns, ',');
        if (rd->col_of[i] == COL_EXTRA)
            sbuf_adds(&columns, "null");
        else
            sbuf_printf(&columns, "\"%s\"", ingest_col_name(rd->col_of[i]));
    }
    sbuf_addc(&columns, ']');

    time_t t = time(NULL);
    struct tm tm;
    char now[32];
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *base = strrchr(w->o->path, '/');
    base = base ? base + 1 : w->o->path;

    sqlite3_stmt *st;
    int rc = store_prepare(w->s,
                           "INSERT INTO source(name, kind, supplied_by, received, imported_at, "
                           "file_name, sha256, format, encoding, header, columns) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10)",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, w->o->source_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, w->o->kind, -1, SQLITE_STATIC);
        if (w->o->supplied_by && *w->o->supplied_by)
            sqlite3_bind_text(st, 3, w->o->supplied_by, -1, SQLITE_STATIC);
        if (w->o->received && *w->o->received)
            sqlite3_bind_text(st, 4, w->o->received, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, base, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, w->r->format, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, w->r->encoding, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, header.data, (int)header.len, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, columns.data, (int)columns.len, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(w->s, e, "saving the source");
        sqlite3_finalize(st);
        w->r->source_id = (long)sqlite3_last_insert_rowid(store_db(w->s));
    }
    sbuf_free(&header);
    sbuf_free(&columns);
    return rc;
}

static int prepare_statements(writer *w, herr *e)
{
    w->seals = w->rd->idx[COL_SOURCE_PERSON] >= 0;
    sbuf sql;
    sbuf_init(&sql);
    sbuf_adds(&sql, "INSERT INTO record(source_id, line, raw, extra, facility_key, "
                    "previous_facility_key, sealed, sealed_informant");
    for (int c = 0; c < COL_COUNT; c++)
        sbuf_printf(&sql, ", %s", record_sql_col[c]);
    sbuf_adds(&sql, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8");
    for (int c = 0; c < COL_COUNT; c++)
        sbuf_printf(&sql, ", ?%d", P_COL(c));
    sbuf_adds(&sql, ")");
    int rc = store_prepare(w->s, sql.data, &w->ins_record, e);
    sbuf_free(&sql);
    if (rc == HERR_OK)
        rc = store_prepare(w->s,
                           "INSERT INTO reject(source_id, line, reason, raw, sealed) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)",
                           &w->ins_reject, e);
    if (rc == HERR_OK)
        rc = store_prepare(w->s,
                           "INSERT INTO warning(source_id, record_id, line, column_name, value, "
                           "reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &w->ins_warning, e);
    if (rc == HERR_OK) {
        sqlite3_bind_int64(w->ins_record, 1, w->r->source_id);
        sqlite3_bind_int64(w->ins_reject, 1, w->r->source_id);
        sqlite3_bind_int64(w->ins_warning, 1, w->r->source_id);
    }
    return rc;
}

static void bind_arena(sqlite3_stmt *st, int p, const batch *b, uint32_t off, uint32_t len)
{
    if (off == NO_VALUE || len == 0)
        sqlite3_bind_null(st, p);
    else
        sqlite3_bind_text(st, p, b->arena.data + off, (int)len, SQLITE_STATIC);
}

/* A row of a list that names its informants, sealed whole for its
 * source and line: {"raw", "source_person", "extra"} as JSON.  Who told a
 * monitor that her son was taken, and how to reach her, is not for
 * whoever copies the database (see migration 10); linkage and `habeas
 * records` open it with the key. */
static int need_key(writer *w, herr *e)
{
    if (!w->have_key) {
        int rc = store_sealer_init(w->s, &w->z, e);
        if (rc != HERR_OK)
            return rc;
        w->have_key = true;
    }
    return HERR_OK;
}

static int seal_row(writer *w, const batch *b, const prow *pr, herr *e)
{
    int rc = need_key(w, e);
    if (rc != HERR_OK)
        return rc;
    bool named = pr->val[COL_SOURCE_PERSON] != NO_VALUE && pr->len[COL_SOURCE_PERSON];
    bool extra = pr->extra != NO_VALUE && pr->extra_len;
    ingest_sealed box;
    ingest_seal_row(&w->z, w->r->source_id, pr->line, pr->raw, pr->raw_len,
                    named ? b->arena.data + pr->val[COL_SOURCE_PERSON] : NULL,
                    named ? pr->len[COL_SOURCE_PERSON] : 0,
                    extra ? b->arena.data + pr->extra : NULL, extra ? pr->extra_len : 0, &w->tmp,
                    &box);
    sqlite3_bind_blob(w->ins_record, 7, box.row, (int)box.row_len, free);
    if (box.informant)
        sqlite3_bind_blob(w->ins_record, 8, box.informant, (int)box.informant_len, free);
    else
        sqlite3_bind_null(w->ins_record, 8);
    return HERR_OK;
}

static int write_batch(writer *w, const batch *b, herr *e)
{
    ingest_report *r = w->r;
    const reader *rd = w->rd;
    for (size_t i = 0; i < b->n; i++) {
        const prow *pr = &b->rows[i];
        if (pr->reject_reason != NO_VALUE) {
            sqlite3_stmt *st = w->ins_reject;
            const char *reason = b->arena.data + pr->reject_reason;
            sqlite3_bind_int64(st, 2, pr->line);
            sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
            if (w->seals) { /* the row as received names its informant */
                int rc = need_key(w, e);
                if (rc != HERR_OK)
                    return rc;
                unsigned char *box;
                size_t box_len;
                ingest_seal_reject(&w->z, r->source_id, pr->line, b->arena.data + pr->reject_raw,
                                   pr->reject_raw_len, &box, &box_len);
                sqlite3_bind_text(st, 4, "", 0, SQLITE_STATIC);
                sqlite3_bind_blob(st, 5, box, (int)box_len, free);
            } else {
                sqlite3_bind_text(st, 4, b->arena.data + pr->reject_raw,
                                  (int)pr->reject_raw_len, SQLITE_STATIC);
                sqlite3_bind_null(st, 5);
            }
            int step = sqlite3_step(st);
            sqlite3_reset(st);
            if (step != SQLITE_DONE)
                return store_error(w->s, e, "saving a reject");
            r->rejected++;
            add_problem(r, pr->line, NULL, b->arena.data + pr->reject_raw, pr->reject_raw_len,
                        reason);
            continue;
        }
        sqlite3_stmt *st = w->ins_record;
        sqlite3_bind_int64(st, 2, pr->line);
        if (w->seals) {
            int rc = seal_row(w, b, pr, e);
            if (rc != HERR_OK)
                return rc;
            sqlite3_bind_text(st, 3, "", 0, SQLITE_STATIC);
            sqlite3_bind_null(st, 4);
        } else {
            sqlite3_bind_text(st, 3, pr->raw, (int)pr->raw_len, SQLITE_STATIC);
            bind_arena(st, 4, b, pr->extra, pr->extra_len);
            sqlite3_bind_null(st, 7);
            sqlite3_bind_null(st, 8);
        }
        bind_arena(st, 5, b, pr->fkey, pr->fkey_len);
        bind_arena(st, 6, b, pr->pfkey, pr->pfkey_len);
        /* Only the columns this source has; the others stay NULL. */
        for (int c = 0; c < COL_COUNT; c++) {
            if (rd->idx[c] < 0)
                continue;
            if (c == COL_SOURCE_PERSON && w->seals) {
                sqlite3_bind_null(st, P_COL(c)); /* in the sealed row */
            } else if (c == COL_AGE) {
                if (pr->age >= 0)
                    sqlite3_bind_int(st, P_COL(c), pr->age);
                else
                    sqlite3_bind_null(st, P_COL(c));
            } else {
                bind_arena(st, P_COL(c), b, pr->val[c], pr->len[c]);
            }
        }
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            return store_error(w->s, e, "saving a record");
        r->imported++;
        if (!pr->nwarn)
            continue;
        long rec = (long)sqlite3_last_insert_rowid(store_db(w->s));
        for (uint32_t k = 0; k < pr->nwarn; k++) {
            const pwarn *pw = &b->warns[pr->first_warn + k];
            const char *colname = rd->header[rd->idx[pw->col]];
            const char *reason = b->arena.data + pw->reason;
            sqlite3_stmt *ws = w->ins_warning;
            sqlite3_bind_int64(ws, 2, rec);
            sqlite3_bind_int64(ws, 3, pr->line);
            sqlite3_bind_text(ws, 4, colname, -1, SQLITE_STATIC);
            sqlite3_bind_text(ws, 5, b->arena.data + pw->value, (int)pw->value_len,
                              SQLITE_STATIC);
            sqlite3_bind_text(ws, 6, reason, -1, SQLITE_STATIC);
            step = sqlite3_step(ws);
            sqlite3_reset(ws);
            if (step != SQLITE_DONE)
                return store_error(w->s, e, "saving a warning");
            r->warnings++;
            add_problem(r, pr->line, colname, b->arena.data + pw->value, pw->value_len, reason);
        }
    }
    return HERR_OK;
}

/* Refuses a source name already taken. */
static int check_name_free(store *s, const char *name, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT file_name, imported_at FROM source WHERE name = ?1", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = herr_set(e, HERR_INPUT,
                      "source '%s' exists already (file %s, imported %s); choose another "
                      "--source name",
                      name, (const char *)sqlite3_column_text(st, 0),
                      (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc;
}

/* Refuses a file whose bytes another source already holds. */
static int check_hash_new(store *s, const char *file, const char *sha, long self, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT name, file_name, imported_at FROM source "
                           "WHERE sha256 = ?1 AND id <> ?2",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, self);
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = herr_set(e, HERR_INPUT,
                      "%s: this file was already imported as source '%s' (file %s, %s); "
                      "nothing imported",
                      file, (const char *)sqlite3_column_text(st, 0),
                      (const char *)sqlite3_column_text(st, 1),
                      (const char *)sqlite3_column_text(st, 2));
    sqlite3_finalize(st);
    return rc;
}

static int finish_source(writer *w, const char *sha, herr *e)
{
    ingest_report *r = w->r;
    int rc = check_hash_new(w->s, w->file, sha, r->source_id, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(w->s,
                       "UPDATE source SET sha256 = ?2, delimiter = ?3, rows = ?4, imported = ?5, "
                       "rejected = ?6, warnings = ?7 WHERE id = ?1",
                       &st, e);
    if (rc != HERR_OK)
        return rc;
    char delim[2] = {r->delimiter, 0};
    sqlite3_bind_int64(st, 1, r->source_id);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
    if (r->delimiter)
        sqlite3_bind_text(st, 3, delim, 1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r->rows);
    sqlite3_bind_int64(st, 5, r->imported);
    sqlite3_bind_int64(st, 6, r->rejected);
    sqlite3_bind_int64(st, 7, r->warnings);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_error(w->s, e, "updating the source");
    sqlite3_finalize(st);
    if (rc != HERR_OK)
        return rc;

    /* Facility names no register entry resolves. */
    rc = store_prepare(w->s, "SELECT 1 FROM facility_alias WHERE key = ?1", &st, e);
    if (rc != HERR_OK)
        return rc;
    const reader *rd = w->rd;
    for (size_t i = 0; i < rd->nfac; i++) {
        sqlite3_bind_text(st, 1, rd->fac[i].key, -1, SQLITE_STATIC);
        bool known = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (known)
            continue;
        size_t k = r->n_unresolved++;
        r->unresolved = xrealloc(r->unresolved, r->n_unresolved * sizeof *r->unresolved);
        r->unresolved_count =
            xrealloc(r->unresolved_count, r->n_unresolved * sizeof *r->unresolved_count);
        r->unresolved[k] = xstrdup(rd->fac[i].name);
        r->unresolved_count[k] = rd->fac[i].count;
    }
    sqlite3_finalize(st);
    return HERR_OK;
}

/* Checks the options; fills the reference date and the column map. */
static int check_options(const ingest_opts *o, reader *rd, herr *e)
{
    if (!o->source_name || !*o->source_name)
        return herr_set(e, HERR_INPUT, "import: --source NAME is required");
    if (!o->kind || !ingest_kind_valid(o->kind))
        return herr_set(e, HERR_INPUT,
                        "import: --kind must be one of ngo_case, family_report, official_list, "
                        "press, court, deportation_manifest, other");
    rd->ref = hdate_today();
    if (o->received && *o->received) {
        hdate rec;
        const char *why;
        if (!ingest_parse_date(o->received, strlen(o->received), &rec, &why) ||
            rec.prec != PREC_DAY)
            return herr_set(e, HERR_INPUT, "import: --received '%s' is not a date (YYYY-MM-DD)",
                            o->received);
        if (hdate_compare(&rec, &rd->ref) > 0)
            return herr_set(e, HERR_INPUT, "import: --received '%s' is in the future",
                            o->received);
        rd->ref = rec;
    }
    hdate_format(&rd->ref, rd->ref_text);
    if (o->map && *o->map)
        return ingest_map_parse(o->map, &rd->map, e);
    return HERR_OK;
}

/* Runs the pipeline inside the open transaction. */
static int run_pipeline(writer *w, reader *rd, bqueue *q, herr *e)
{
    atomic_bool abort_flag;
    atomic_init(&abort_flag, false);
    rd->q = q;
    rd->abort = &abort_flag;
    pthread_t th;
    if (pthread_create(&th, NULL, reader_main, rd) != 0)
        return herr_set(e, HERR_INTERNAL, "cannot start the reader thread");
    int rc = HERR_OK;
    bool started = false;
    batch *b;
    while ((b = queue_pop(q)) != NULL) {
        if (rc == HERR_OK && !started) {
            /* The reader sets the header before its first batch. */
            snprintf(w->r->format, sizeof w->r->format, "%s",
                     looks_like_json(w->o->path, rd->text->data, rd->text->len) ? "json" : "csv");
            rc = insert_source(w, e);
            if (rc == HERR_OK)
                rc = prepare_statements(w, e);
            started = true;
        }
        if (rc == HERR_OK)
            rc = write_batch(w, b, e);
        if (rc != HERR_OK)
            atomic_store(&abort_flag, true);
        batch_put_back(q, b);
    }
    pthread_join(th, NULL);
    if (rc == HERR_OK && rd->rc != HERR_OK) {
        *e = rd->err;
        rc = rd->rc;
    }
    w->r->rows = rd->rows;
    w->r->blank = rd->blank;
    w->r->delimiter = rd->delimiter;
    if (rc == HERR_OK && !started)
        rc = herr_set(e, HERR_INPUT, "%s: no rows after the header; nothing imported", w->file);
    return rc;
}

int ingest_file(store *s, const ingest_opts *o, ingest_report *r, herr *e)
{
    double t0 = now_seconds();
    memset(r, 0, sizeof *r);
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.o = o;
    rd.file = o->display ? o->display : o->path;
    sbuf_init(&rd.vuln);
    sbuf_init(&rd.vuln_unknown);
    sbuf_init(&rd.key);
    sbuf_init(&rd.tmp);
    writer w = {.s = s, .o = o, .r = r, .file = rd.file, .rd = &rd};
    sbuf_init(&w.tmp);

    int rc = check_options(o, &rd, e);
    if (rc == HERR_OK)
        rc = check_name_free(s, o->source_name, e);
    size_t len = 0;
    char *buf = NULL;
    if (rc == HERR_OK && o->bytes) {
        len = o->nbytes;
        buf = xmalloc(len + 1);
        memcpy(buf, o->bytes, len);
        buf[len] = '\0';
    } else if (rc == HERR_OK && !(buf = file_read_all(o->path, &len, e))) {
        rc = HERR_INPUT;
    }
    ingest_text text = {0};
    if (rc == HERR_OK)
        rc = ingest_decode(buf, len, rd.file, &text, e);
    if (rc != HERR_OK) {
        free(buf);
        reader_free(&rd);
        return rc;
    }
    snprintf(r->encoding, sizeof r->encoding, "%s", text.encoding);
    if (text.converted && o->notices)
        fprintf(o->notices, "habeas: notice: %s is %s, not UTF-8; converted\n", rd.file,
                text.encoding);
    if (!memchr(text.data, '\n', text.len) && memchr(text.data, '\r', text.len)) {
        /* Old Mac line ends (CR only) become LF so that lines can be counted. */
        char *copy = xstrndup(text.data, text.len);
        for (size_t i = 0; i < text.len; i++)
            if (copy[i] == '\r')
                copy[i] = '\n';
        free(text.owned);
        text.data = text.owned = copy;
    }
    rd.text = &text;

    hasher h = {.buf = buf, .len = len};
    pthread_t hth;
    bool hashing = pthread_create(&hth, NULL, hasher_main, &h) == 0;
    if (!hashing)
        sha256_hex(buf, len, h.hex);

    bqueue q = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    bool bulk = store_bulk_begin(s, len);
    rc = store_begin(s, e);
    if (rc == HERR_OK)
        rc = run_pipeline(&w, &rd, &q, e);
    if (o->progress)
        fputs("\r\033[K", stderr);
    if (hashing)
        pthread_join(hth, NULL);
    if (rc == HERR_OK)
        rc = finish_source(&w, h.hex, e);
    if (rc == HERR_OK && o->strict && (r->rejected || r->warnings))
        rc = herr_set(e, HERR_INPUT,
                      "%s: refused (--strict): %ld rejected rows and %ld field warnings; "
                      "nothing imported",
                      rd.file, r->rejected, r->warnings);
    rc = store_end(s, rc, e);
    if (rc != HERR_OK)
        r->source_id = 0;
    if (bulk)
        store_bulk_end(s);
    sqlite3_finalize(w.ins_record);
    sqlite3_finalize(w.ins_reject);
    sqlite3_finalize(w.ins_warning);
    if (w.have_key)
        store_sealer_end(&w.z);
    sbuf_free(&w.tmp);
    queue_free_all(&q);
    ingest_text_free(&text);
    free(buf);
    reader_free(&rd);
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
