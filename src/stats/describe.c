/*
 * describe.c — the counts an analyst publishes: persons by status,
 * facility, department, month of arrest or vulnerability; deaths per
 * facility; how long people have been held without a hearing.
 *
 * Everything is counted over persons (the last link run), never over
 * records, so a man on five lists counts once.  A person's status follows
 * the rule of the person view (link/person.c): a death reported by any
 * source is final; otherwise the most recent dated assertion wins, a
 * record without a status date being dated by its list's reception.
 *
 * Publication: a cell below min_cell is suppressed (shown as "<N", its
 * count withheld), and when a table has exactly one suppressed cell the
 * next smallest is suppressed too, so that the total cannot give it back.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"

typedef struct cell {
    char *label;
    long count;
    long deaths;
} cell;

typedef struct tally {
    cell *v;
    size_t n;
} tally;

static cell *tally_get(tally *t, const char *label)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].label, label) == 0)
            return &t->v[i];
    t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
    t->v[t->n] = (cell){.label = xstrdup(label)};
    return &t->v[t->n++];
}

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].label);
    free(t->v);
}

static int by_label(const void *a, const void *b)
{
    return strcmp(((const cell *)a)->label, ((const cell *)b)->label);
}

static int by_count(const void *a, const void *b)
{
    const cell *x = a, *y = b;
    return (y->count > x->count) - (y->count < x->count);
}

/* One person, accumulated over their records. */
typedef struct person {
    bool dead;
    char status[16], status_date[11], facility[200], facility_date[11];
    char arrest[11], department[120];
    bool hearing;
    char vuln[200];
} person;

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* "Soyapango, San Salvador" -> "San Salvador". */
static void department_of(const char *place, char *out, size_t size)
{
    out[0] = '\0';
    if (!place)
        return;
    const char *c = strrchr(place, ',');
    const char *d = c ? c + 1 : place;
    while (*d == ' ')
        d++;
    if (c)
        snprintf(out, size, "%s", d);
}

static long days_between(const char *from, const char *to)
{
    struct tm a = {0}, b = {0};
    if (!from || strlen(from) < 10 || !strptime(from, "%Y-%m-%d", &a) || !strptime(to, "%Y-%m-%d", &b))
        return -1;
    return (long)((timegm(&b) - timegm(&a)) / 86400);
}

static void add_person(const person *p, const char *by, const char *today, tally *t, tally *held)
{
    const char *status = p->dead ? "dead" : p->status[0] ? p->status : "unknown";
    if (strcmp(by, "status") == 0) {
        tally_get(t, status)->count++;
        if (strcmp(status, "held") == 0 && !p->hearing) {
            long d = days_between(p->arrest, today);
            const char *b = d < 0 ? "arrest date unknown" : d <= 15 ? "up to 15 days"
                          : d <= 182 ? "16 days to 6 months" : d <= 365 ? "6 to 12 months"
                          : d <= 730 ? "1 to 2 years" : "over 2 years";
            tally_get(held, b)->count++;
        }
    } else if (strcmp(by, "facility") == 0) {
        cell *c = tally_get(t, p->facility[0] ? p->facility : "unknown");
        c->count++;
        c->deaths += p->dead;
    } else if (strcmp(by, "department") == 0) {
        tally_get(t, p->department[0] ? p->department : "unknown")->count++;
    } else if (strcmp(by, "month") == 0) {
        char m[8];
        snprintf(m, sizeof m, "%.7s", strlen(p->arrest) >= 7 ? p->arrest : "unknown");
        tally_get(t, m)->count++;
    } else { /* vulnerability: a person counts once per term */
        if (!p->vuln[0]) {
            tally_get(t, "none recorded")->count++;
            return;
        }
        char copy[200], *save = NULL;
        const char *seen[32];
        int n_seen = 0;
        snprintf(copy, sizeof copy, "%s", p->vuln);
        for (char *w = strtok_r(copy, ",; ", &save); w && n_seen < 32;
             w = strtok_r(NULL, ",; ", &save)) {
            bool dup = false;
            for (int i = 0; i < n_seen; i++)
                dup |= strcmp(seen[i], w) == 0;
            if (!dup) {
                seen[n_seen++] = w;
                tally_get(t, w)->count++;
            }
        }
    }
}

/* The cells as JSON, small ones suppressed. */
static json_t *cells_json(tally *t, long min_cell, bool with_deaths, bool sort_by_label)
{
    qsort(t->v, t->n, sizeof *t->v, sort_by_label ? by_label : by_count);
    size_t small = 0;
    for (size_t i = 0; i < t->n; i++)
        small += t->v[i].count < min_cell;
    long secondary = -1; /* index of the cell suppressed to protect a lone one */
    if (small == 1) {
        for (size_t i = 0; i < t->n; i++)
            if (t->v[i].count >= min_cell &&
                (secondary < 0 || t->v[i].count < t->v[secondary].count))
                secondary = (long)i;
    }
    json_t *a = json_array();
    char text[32];
    for (size_t i = 0; i < t->n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "label", json_string(t->v[i].label));
        bool hide = t->v[i].count < min_cell || (long)i == secondary;
        json_object_set_new(o, "count", hide ? json_null() : json_integer(t->v[i].count));
        if (hide) {
            snprintf(text, sizeof text, "<%ld", t->v[i].count < min_cell ? min_cell
                                                                          : t->v[i].count + 1);
            json_object_set_new(o, "suppressed", json_string(
                t->v[i].count < min_cell ? text : "suppressed to protect a small cell"));
        }
        if (with_deaths) {
            bool hide_d = hide || t->v[i].deaths < min_cell;
            json_object_set_new(o, "deaths", hide_d ? json_null() : json_integer(t->v[i].deaths));
            if (hide_d && !hide && t->v[i].deaths > 0)
                json_object_set_new(o, "deaths_suppressed", json_true());
        }
        json_array_append_new(a, o);
    }
    return a;
}

int stats_describe(store *s, const char *by, long min_cell, json_t **out, herr *e)
{
    static const char *const dims[] = {"status", "facility", "department", "month",
                                       "vulnerability"};
    bool known = false;
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++)
        known |= strcmp(by, dims[i]) == 0;
    if (!known)
        return herr_set(e, HERR_INPUT,
                        "--by: expected status, facility, department, month or vulnerability, "
                        "not '%s'", by);
    sqlite3_stmt *st;
    int rc = store_prepare(
        s,
        "SELECT m.person_id, r.status, r.death_date, COALESCE(r.status_date, src.received), "
        "COALESCE(f.name, r.facility), r.arrest_date, r.hearing_date, "
        "COALESCE(r.residence, r.arrest_place), r.vulnerability "
        "FROM membership m JOIN record r ON r.id = m.record_id "
        "JOIN source src ON src.id = r.source_id "
        "LEFT JOIN facility_alias a ON a.key = r.facility_key "
        "LEFT JOIN facility f ON f.id = a.facility_id ORDER BY m.person_id",
        &st, e);
    if (rc != HERR_OK)
        return rc;
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    tally t = {0}, held = {0};
    person p;
    long pid = -1, persons = 0;
    int step;
    for (;;) {
        step = sqlite3_step(st);
        long id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
        if (id != pid && pid >= 0) {
            add_person(&p, by, today, &t, &held);
            persons++;
        }
        if (step != SQLITE_ROW)
            break;
        if (id != pid) {
            memset(&p, 0, sizeof p);
            pid = id;
        }
        const char *status = col(st, 1), *date = col(st, 3);
        if ((status && strcmp(status, "dead") == 0) || col(st, 2))
            p.dead = true;
        if (status && (!p.status[0] || (date && strcmp(date, p.status_date) > 0))) {
            snprintf(p.status, sizeof p.status, "%s", status);
            snprintf(p.status_date, sizeof p.status_date, "%s", date ? date : "");
        }
        const char *fac = col(st, 4);
        if (fac && (!p.facility[0] || (date && strcmp(date, p.facility_date) > 0))) {
            snprintf(p.facility, sizeof p.facility, "%s", fac);
            snprintf(p.facility_date, sizeof p.facility_date, "%s", date ? date : "");
        }
        const char *arrest = col(st, 5);
        if (arrest && (!p.arrest[0] || strcmp(arrest, p.arrest) < 0))
            snprintf(p.arrest, sizeof p.arrest, "%s", arrest);
        p.hearing |= col(st, 6) != NULL;
        if (!p.department[0])
            department_of(col(st, 7), p.department, sizeof p.department);
        const char *v = col(st, 8);
        if (v && !strstr(p.vuln, v) && strlen(p.vuln) + strlen(v) + 2 < sizeof p.vuln)
            snprintf(p.vuln + strlen(p.vuln), sizeof p.vuln - strlen(p.vuln), "%s%s",
                     p.vuln[0] ? "," : "", v);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        tally_free(&t);
        tally_free(&held);
        return store_error(s, e, "stats: reading persons");
    }
    if (persons == 0) {
        tally_free(&t);
        tally_free(&held);
        return herr_set(e, HERR_INPUT, "no linked persons: run 'habeas link' first");
    }
    json_t *o = json_object();
    json_object_set_new(o, "by", json_string(by));
    json_object_set_new(o, "persons", json_integer(persons));
    json_object_set_new(o, "min_cell", json_integer(min_cell));
    json_object_set_new(o, "cells", cells_json(&t, min_cell, strcmp(by, "facility") == 0,
                                               strcmp(by, "month") == 0));
    if (strcmp(by, "status") == 0) {
        json_object_set_new(o, "held_without_hearing", cells_json(&held, min_cell, false, false));
        json_object_set_new(o, "as_of", json_string(today));
    }
    tally_free(&t);
    tally_free(&held);
    *out = o;
    return HERR_OK;
}
