/*
 * person.c — one person as the lists tell it: every record and its
 * source, the events in date order, the current status and who says so,
 * and the disagreements between sources, which are shown and never
 * resolved silently ("ngo_casos: released 2023-05; oficial: held
 * 2024-01").
 *
 * The current status: a death reported by any source is the status (a
 * death is final), with any later "held" or "released" listed as a
 * conflict; otherwise the most recent dated assertion wins (a record
 * without a status date is dated by the day its list was received).
 * Each record carries how sure the last link was that it is his
 * ("joined"), and so does the status: a record that may be another man's
 * is said to be so, and does not confirm it.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "names/names.h"

/* "Given S1 S2" from the record's name columns. */
#define NAME_SQL                                                                               \
    "trim(replace(replace(COALESCE(r.full_name, COALESCE(r.given_names, '') || ' ' || "        \
    "COALESCE(r.surname1, '') || ' ' || COALESCE(r.surname2, '') || ' ' || "                   \
    "COALESCE(r.surnames, '')), '   ', ' '), '  ', ' '))"

typedef struct assertion {
    const char *status;
    char date[11];
    const char *source;
    const char *facility;
    long record_id;
    double joined; /* how sure the last link was that the record is the person's */
} assertion;

/* How well a record writes the person's name, for the one shown as his:
 * the most words (the fullest name), then the most words spelt as the
 * name lexicon knows them (a list's slip, "Enrique Vera Aguilad", loses
 * to the register's "ENRIQUE VERA AGUILAR"), then written as a name is,
 * in mixed case ("José Luis Hernández", not "JOSE LUIS HERNANDEZ" or a
 * family's "jose luis hernandez"), then with its accents, then the
 * longest. */
static long name_score(const char *nm)
{
    long words = 0, len = 0, accents = 0;
    bool upper = false, lower = false, in_word = false;
    for (const unsigned char *c = (const unsigned char *)nm; *c; c++, len++) {
        bool space = *c == ' ';
        words += !space && !in_word;
        in_word = !space;
        upper |= *c >= 'A' && *c <= 'Z';
        lower |= *c >= 'a' && *c <= 'z';
        accents += *c >= 0xc0; /* the first byte of a letter beyond ASCII */
    }
    if (len > 999)
        len = 999;
    if (accents > 99)
        accents = 99;
    long known = names_known_words(nm);
    if (known > 99)
        known = 99;
    return words * 100000000 + known * 1000000 + (upper && lower) * 100000 + accents * 1000 +
           len;
}

/* A record joined to the person less surely than this does not confirm
 * his status: it may be another man's. */
#define SURE_JOIN 0.9

/* How sure the last link was that each record is this person's: the
 * strongest merge that joined it to another of his records (a decision's
 * is 1).  merges is the person's link_merge rows as {record_a, record_b,
 * probability}; a record alone, or joined by no merge found, is 1. */
static double record_joined(json_t *merges, long rid)
{
    double best = -1;
    size_t i;
    json_t *m;
    json_array_foreach(merges, i, m) {
        if (json_integer_value(json_object_get(m, "record_a")) != rid &&
            json_integer_value(json_object_get(m, "record_b")) != rid)
            continue;
        double p = json_number_value(json_object_get(m, "probability"));
        best = p > best ? p : best;
    }
    return best < 0 ? 1 : best;
}

/* Appends the string s to the array of strings arr unless it has it. */
static void append_once(json_t *arr, const char *s)
{
    for (size_t x = 0; x < json_array_size(arr); x++)
        if (strcmp(json_string_value(json_array_get(arr, x)), s) == 0)
            return;
    json_array_append_new(arr, json_string(s));
}

static int status_rank(const char *s)
{
    return strcmp(s, "dead") == 0 ? 3 : strcmp(s, "released") == 0 ? 2 : 1;
}

/* Undated events last; then by date, kind, record. */
static int event_cmp(const void *x, const void *y)
{
    json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    const char *da = json_string_value(json_object_get(a, "date"));
    const char *db = json_string_value(json_object_get(b, "date"));
    if (!da != !db)
        return da ? -1 : 1;
    int c = da ? strcmp(da, db) : 0;
    if (!c)
        c = strcmp(json_string_value(json_object_get(a, "kind")),
                   json_string_value(json_object_get(b, "kind")));
    if (!c) {
        json_int_t ra = json_integer_value(json_object_get(a, "record_id"));
        json_int_t rb = json_integer_value(json_object_get(b, "record_id"));
        c = ra < rb ? -1 : ra > rb;
    }
    return c;
}

static void sort_timeline(json_t *arr)
{
    size_t n = json_array_size(arr);
    json_t **v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof *v, event_cmp);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, v[i]);
    free(v);
}

int link_person_json(store *s, long person_id, json_t **out, herr *e)
{
    return link_person_view(s, person_id, true, NULL, NULL, out, e);
}

/* Each row of sql (a statement cached by the store), with ?1 bound to id,
 * appended to rows as an object of the keys given, one per column. */
static int rows_json(store *s, const char *sql, long id, const char *const *keys, int nkeys,
                     json_t *rows, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_cached(s, sql, &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *x = json_object();
        for (int i = 0; i < nkeys; i++)
            json_object_set_new(x, keys[i], store_column_json(st, i));
        json_array_append_new(rows, x);
    }
    store_done(s, st);
    return HERR_OK;
}

int link_person_view(store *s, long person_id, bool whole, link_joined_fn joined_fn, void *ctx,
                     json_t **out, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_cached(
        s,
        "SELECT r.id, src.name, src.kind, r.line, r.source_ref, " NAME_SQL ", r.alias, "
        "r.sex, r.birth_date, r.age, r.dui, r.id_number, r.residence, r.arrest_date, r.facility, "
        "f.name, r.status, COALESCE(r.death_date, r.status_date), src.received, r.vulnerability "
        "FROM membership m JOIN record r ON r.id = m.record_id "
        "JOIN source src ON src.id = r.source_id "
        "LEFT JOIN facility_alias a ON a.key = r.facility_key "
        "LEFT JOIN facility f ON f.id = a.facility_id "
        "WHERE m.person_id = ?1 ORDER BY r.id",
        &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, person_id);
    static const char *const keys[] = {"record_id", "source", "kind", "line", "source_ref",
                                       "name", "alias", "sex", "birth_date", "age", "dui",
                                       "id_number", "residence", "arrest_date", "facility",
                                       "facility_resolved", "status", "status_date",
                                       "received", "vulnerability"};
    json_t *records = json_array();
    assertion *as = NULL;
    size_t nas = 0;
    json_t *name = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *x = json_object();
        for (int i = 0; i < (int)(sizeof keys / sizeof keys[0]); i++)
            json_object_set_new(x, keys[i], store_column_json(st, i));
        const char *nm = json_string_value(json_object_get(x, "name"));
        if (nm && (!name || name_score(nm) > name_score(json_string_value(name))))
            name = json_object_get(x, "name");
        json_array_append_new(records, x);
    }
    store_done(s, st);
    if (json_array_size(records) == 0) {
        json_decref(records);
        return herr_set(e, HERR_INPUT, "no person %ld (see 'habeas persons')", person_id);
    }
    /* How the last link joined the records: each merge, through which two
     * records, with what probability, on what; and so how sure it was of
     * each record, which the status needs. */
    json_t *joined = json_array();
    /* A search's candidate (not whole) needs them only for a status that
     * a record of several tells: most have one record, or no status. */
    size_t nrec = json_array_size(records);
    bool need = whole;
    for (size_t k = 0; k < nrec && !need && nrec > 1; k++) {
        const char *st_k = json_string_value(json_object_get(json_array_get(records, k), "status"));
        need = st_k && strcmp(st_k, "unknown") != 0;
    }
    /* the caller's knowledge first, when it has every record */
    bool known = !whole && need && joined_fn;
    for (size_t k = 0; k < nrec && known; k++) {
        json_t *x = json_array_get(records, k);
        double p = joined_fn(ctx, (long)json_integer_value(json_object_get(x, "record_id")));
        known = p >= 0;
        if (known)
            json_object_set_new(x, "joined", json_real(p));
    }
    static const char *const jkeys[] = {"record_a", "record_b", "probability", "how"};
    if (need && !known)
        rc = rows_json(s,
                       "SELECT k.record_a, k.record_b, k.probability, k.how FROM link_merge k "
                       "JOIN membership m ON m.record_id = k.record_a WHERE m.person_id = ?1 "
                       "ORDER BY k.rowid",
                       person_id, jkeys, 4, joined, e);
    as = xcalloc(nrec, sizeof *as);
    for (size_t k = 0; k < nrec && ((need && !known) || nrec == 1); k++) {
        json_t *x = json_array_get(records, k);
        double p = record_joined(joined, (long)json_integer_value(json_object_get(x, "record_id")));
        json_object_set_new(x, "joined", json_real(nrec > 1 ? p : 1));
    }
    for (size_t k = 0; k < nrec; k++) {
        json_t *x = json_array_get(records, k);
        const char *status = json_string_value(json_object_get(x, "status"));
        if (!status || strcmp(status, "unknown") == 0)
            continue;
        const char *date = json_string_value(json_object_get(x, "status_date"));
        if (!date)
            date = json_string_value(json_object_get(x, "received"));
        assertion *a = &as[nas++];
        a->status = status;
        snprintf(a->date, sizeof a->date, "%s", date ? date : "");
        a->source = json_string_value(json_object_get(x, "source"));
        a->record_id = (long)json_integer_value(json_object_get(x, "record_id"));
        a->joined = json_number_value(json_object_get(x, "joined"));
        const char *fac = json_string_value(json_object_get(x, "facility_resolved"));
        a->facility = fac ? fac : json_string_value(json_object_get(x, "facility"));
    }
    /* The current status. */
    int cur = -1;
    for (size_t k = 0; k < nas; k++) {
        if (cur < 0) {
            cur = (int)k;
            continue;
        }
        const assertion *c = &as[cur], *a = &as[k];
        bool a_dead = strcmp(a->status, "dead") == 0, c_dead = strcmp(c->status, "dead") == 0;
        if (a_dead != c_dead) {
            if (a_dead)
                cur = (int)k;
            continue;
        }
        int cmp = strcmp(a->date, c->date);
        if (cmp > 0 || (cmp == 0 && status_rank(a->status) > status_rank(c->status)))
            cur = (int)k;
    }
    json_t *status = json_object();
    json_t *conflicts = json_array();
    if (cur >= 0) {
        const assertion *c = &as[cur];
        json_object_set_new(status, "value", json_string(c->status));
        json_object_set_new(status, "date", *c->date ? json_string(c->date) : json_null());
        json_object_set_new(status, "facility", c->facility ? json_string(c->facility) : json_null());
        json_object_set_new(status, "source", json_string(c->source));
        json_object_set_new(status, "record_id", json_integer(c->record_id));
        json_object_set_new(status, "joined", json_real(c->joined));
        json_t *sources = json_array();
        json_t *sure = json_array(); /* of those, the ones whose record is surely his */
        json_t *against = json_array();
        json_t *parts = json_array(); /* the conflicts in parts, for a page to word */
        for (size_t k = 0; k < nas; k++) {
            bool same = strcmp(as[k].status, c->status) == 0;
            if (same && as[k].joined >= SURE_JOIN)
                append_once(sure, as[k].source);
            json_t *arr = same ? sources : against;
            append_once(arr, as[k].source);
            if (arr == against) {
                char line[256];
                snprintf(line, sizeof line, "%s: %s %s; %s: %s %s", c->source, c->status,
                         *c->date ? c->date : "(undated)", as[k].source, as[k].status,
                         *as[k].date ? as[k].date : "(undated)");
                json_array_append_new(conflicts, json_string(line));
                json_array_append_new(parts, json_pack("{s:s,s:s,s:o}", "source", as[k].source,
                                                       "status", as[k].status, "date",
                                                       *as[k].date ? json_string(as[k].date)
                                                                   : json_null()));
            }
        }
        json_object_set_new(status, "sources", sources);
        json_object_set_new(status, "contradicted_by", against);
        json_object_set_new(status, "contradictions", parts);
        json_object_set_new(status, "sure_sources", sure);
        json_object_set_new(status, "confirmed", json_boolean(json_array_size(sure) >= 2));
    } else {
        json_object_set_new(status, "value", json_string("unknown"));
        json_object_set_new(status, "sources", json_array());
    }

    /* The timeline: events of all the person's records, by date.  One
     * query per record: a constant record id lets SQLite read the event
     * view through the primary key instead of building all of it. */
    json_t *timeline = json_array();
    if (whole)
        rc = store_cached(s,
                       "SELECT e.date, e.precision, e.kind, COALESCE(f.name, e.facility), "
                       "e.from_facility, e.place, e.detail, src.name, e.record_id "
                       "FROM event e JOIN record r ON r.id = e.record_id "
                       "JOIN source src ON src.id = r.source_id "
                       "LEFT JOIN facility_alias a ON a.key = e.facility_key "
                       "LEFT JOIN facility f ON f.id = a.facility_id "
                       "WHERE e.record_id = ?1",
                       &st, e);
    if (rc == HERR_OK && whole) {
        static const char *const tkeys[] = {"date",          "precision", "kind",   "facility",
                                            "from_facility", "place",     "detail", "source",
                                            "record_id"};
        for (size_t k = 0; k < nrec; k++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(json_array_get(records, k),
                                                                         "record_id")));
            while (sqlite3_step(st) == SQLITE_ROW) {
                json_t *x = json_object();
                for (int i = 0; i < 9; i++)
                    json_object_set_new(x, tkeys[i], store_column_json(st, i));
                json_array_append_new(timeline, x);
            }
        }
        store_done(s, st);
        sort_timeline(timeline);
    }
    json_t *o = json_object();
    json_object_set_new(o, "person_id", json_integer(person_id));
    json_object_set_new(o, "name", name ? json_incref(name) : json_null());
    json_object_set_new(o, "status", status);
    json_object_set_new(o, "conflicts", conflicts);
    json_object_set_new(o, "records", records);
    if (whole) {
        json_object_set_new(o, "timeline", timeline);
        json_object_set_new(o, "joined", joined);
        /* records of his set apart by the last link from a group one pair
         * had put them in: which group (a record and its person now), how
         * likely that group made them one of its own */
        json_t *apart = json_array();
        static const char *const akeys[] = {"record", "from", "from_person", "probability"};
        if (rc == HERR_OK)
            rc = rows_json(s,
                           "SELECT a.record_id, a.from_record, f.person_id, a.probability "
                           "FROM link_apart a JOIN membership m ON m.record_id = a.record_id "
                           "LEFT JOIN membership f ON f.record_id = a.from_record "
                           "WHERE m.person_id = ?1 ORDER BY a.record_id",
                           person_id, akeys, 4, apart, e);
        json_object_set_new(o, "set_apart", apart);
    } else {
        json_decref(timeline);
        json_decref(joined);
    }
    free(as);
    if (rc != HERR_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return HERR_OK;
}

/* Of names separated by \x1f, the best written (name_score), into out. */
static void best_name(const char *names, sbuf *out)
{
    sbuf_reset(out);
    long best = -1;
    sbuf one;
    sbuf_init(&one);
    for (const char *cur = names; cur && *cur;) {
        size_t n = strcspn(cur, "\x1f");
        sbuf_reset(&one);
        sbuf_add(&one, cur, n);
        long score = name_score(one.data ? one.data : "");
        if (score > best) {
            best = score;
            sbuf_reset(out);
            sbuf_add(out, cur, n);
        }
        cur += n + (cur[n] != '\0');
    }
    sbuf_free(&one);
}

int link_persons_json(store *s, long limit, json_t **out, herr *e)
{
    sqlite3_stmt *st;
    /* the name as the person page shows it (name_score), not max()'s */
    int rc = store_prepare(s,
                           "SELECT m.person_id, group_concat(" NAME_SQL ", char(31)), count(*), "
                           "count(DISTINCT r.source_id), group_concat(DISTINCT src.name) "
                           "FROM membership m JOIN record r ON r.id = m.record_id "
                           "JOIN source src ON src.id = r.source_id "
                           "GROUP BY m.person_id ORDER BY m.person_id LIMIT ?1",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, limit);
    json_t *arr = json_array();
    sbuf name;
    sbuf_init(&name);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *x = json_object();
        json_object_set_new(x, "person_id", store_column_json(st, 0));
        best_name((const char *)sqlite3_column_text(st, 1), &name);
        json_object_set_new(x, "name", json_string(name.data ? name.data : ""));
        json_object_set_new(x, "records", store_column_json(st, 2));
        json_object_set_new(x, "sources", store_column_json(st, 3));
        json_object_set_new(x, "source_names", store_column_json(st, 4));
        json_array_append_new(arr, x);
    }
    sbuf_free(&name);
    sqlite3_finalize(st);
    *out = arr;
    return HERR_OK;
}
