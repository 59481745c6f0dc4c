/*
 * table.c — capture-history tables: read from a CSV an analyst wrote, or
 * built from the linked database.
 *
 * The CSV is small and hand-made, so it is read strictly: a comma- or
 * semicolon-separated header naming the lists then a count column, and
 * one row per observed pattern.  Anything unexpected is an error naming
 * file, line and column; nothing is guessed.
 *
 * From the database, an event is what the event view says (a death is a
 * record with status dead or a death date).  Each linked person counts
 * once, with the set of sources that mention the event for them: the
 * capture history of that event.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

int stats_table_init(stats_table *t, int k, char *const *names, herr *e)
{
    memset(t, 0, sizeof *t);
    if (k < 2 || k > STATS_MAX_LISTS)
        return herr_set(e, HERR_INPUT, "a capture-history table needs 2 to %d lists, not %d",
                        STATS_MAX_LISTS, k);
    t->k = k;
    for (int j = 0; j < k; j++)
        t->names[j] = xstrdup(names[j]);
    t->count = xcalloc((size_t)1 << k, sizeof *t->count);
    return HERR_OK;
}

void stats_table_free(stats_table *t)
{
    for (int j = 0; j < t->k; j++)
        free(t->names[j]);
    free(t->count);
    memset(t, 0, sizeof *t);
}

/* Splits line (modified in place) at sep; returns the number of fields. */
static int split(char *line, char sep, char **field, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return max + 1;
        field[n++] = p;
        char *q = strchr(p, sep);
        if (!q)
            break;
        *q = '\0';
        p = q + 1;
    }
    for (int i = 0; i < n; i++) { /* trim spaces and a CR */
        char *s = field[i];
        while (*s == ' ' || *s == '\t')
            s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\r' || s[len - 1] == '\t'))
            s[--len] = '\0';
        field[i] = s;
    }
    return n;
}

static bool is_count_name(const char *s)
{
    return str_ieq_ascii(s, "count") || str_ieq_ascii(s, "freq") || str_ieq_ascii(s, "n") ||
           str_ieq_ascii(s, "frequency");
}

int stats_table_read(const char *path, stats_table *t, herr *e)
{
    size_t len;
    char *text = file_read_all(path, &len, e);
    if (!text)
        return e->code;
    memset(t, 0, sizeof *t);
    char *field[STATS_MAX_LISTS + 2];
    int rc = HERR_OK;
    long line_no = 0;
    char *save = NULL;
    char sep = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        line_no++;
        if (line_no == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
            (unsigned char)line[2] == 0xBF)
            line += 3;
        if (!sep)
            sep = strchr(line, ';') && !strchr(line, ',') ? ';' : ',';
        char *p = line;
        while (*p == ' ' || *p == '\r' || *p == '\t')
            p++;
        if (!*p)
            continue;
        int n = split(line, sep, field, STATS_MAX_LISTS + 1);
        if (!t->count) { /* the header */
            if (n > STATS_MAX_LISTS + 1) {
                rc = herr_set(e, HERR_INPUT, "%s:1: more than %d lists", path, STATS_MAX_LISTS);
                break;
            }
            if (n < 3 || !is_count_name(field[n - 1])) {
                rc = herr_set(e, HERR_INPUT,
                              "%s:1: expected a header naming 2 or more lists, then a column "
                              "'count' (or freq, n)",
                              path);
                break;
            }
            for (int j = 0; j < n - 1; j++)
                for (int i = 0; i < j; i++)
                    if (strcmp(field[i], field[j]) == 0) {
                        rc = herr_set(e, HERR_INPUT, "%s:1: list '%s' named twice", path,
                                      field[j]);
                        goto done;
                    }
            if ((rc = stats_table_init(t, n - 1, field, e)) != HERR_OK)
                goto done;
            continue;
        }
        if (n != t->k + 1) {
            rc = herr_set(e, HERR_INPUT, "%s:%ld: expected %d fields (%d lists and a count), found %d",
                          path, line_no, t->k + 1, t->k, n > STATS_MAX_LISTS ? n - 1 : n);
            break;
        }
        unsigned cell = 0;
        for (int j = 0; j < t->k; j++) {
            if (strcmp(field[j], "1") == 0)
                cell |= 1u << j;
            else if (strcmp(field[j], "0") != 0) {
                rc = herr_set(e, HERR_INPUT, "%s:%ld: column '%s': expected 0 or 1, found '%s'",
                              path, line_no, t->names[j], field[j]);
                goto done;
            }
        }
        char *end;
        errno = 0;
        double c = strtod(field[t->k], &end);
        if (!*field[t->k] || *end || errno || c < 0 || c != floor(c) || c > 1e12) {
            rc = herr_set(e, HERR_INPUT,
                          "%s:%ld: column 'count': expected a whole number >= 0, found '%s'", path,
                          line_no, field[t->k]);
            break;
        }
        if (cell == 0) {
            rc = herr_set(e, HERR_INPUT,
                          "%s:%ld: the pattern on no list is what is estimated; it cannot be given",
                          path, line_no);
            break;
        }
        if (t->count[cell] != 0.0 || signbit(t->count[cell])) {
            rc = herr_set(e, HERR_INPUT, "%s:%ld: this pattern was already given", path, line_no);
            break;
        }
        t->count[cell] = c > 0 ? c : -0.0; /* -0.0 marks "given as zero" */
        t->observed += (long)c;
    }
    if (rc == HERR_OK && !t->count)
        rc = herr_set(e, HERR_INPUT, "%s: empty: expected a header and capture histories", path);
    if (rc == HERR_OK && t->observed == 0)
        rc = herr_set(e, HERR_INPUT, "%s: every count is zero: nothing to estimate from", path);
done:
    free(text);
    if (rc != HERR_OK)
        stats_table_free(t);
    else
        for (size_t c = 0; c < (size_t)1 << t->k; c++)
            t->count[c] = fabs(t->count[c]);
    return rc;
}

void stats_strata_free(stats_stratum *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].label);
        stats_table_free(&v[i].table);
    }
    free(v);
}

/* The sources that mention the event for a linked person, in id order;
 * or the ones named in lists (comma-separated), each checked. */
static int pick_lists(store *s, const char *lists, long *ids, char **names, int *k, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT src.id, src.name FROM source src WHERE EXISTS ("
                           "  SELECT 1 FROM event ev JOIN record r ON r.id = ev.record_id "
                           "  WHERE ev.kind = 'death' AND r.source_id = src.id) ORDER BY src.id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    long all_ids[256];
    char *all_names[256];
    int n_all = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n_all < 256) {
        all_ids[n_all] = sqlite3_column_int64(st, 0);
        all_names[n_all++] = xstrdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    *k = 0;
    if (!lists) {
        if (n_all > STATS_MAX_LISTS)
            rc = herr_set(e, HERR_INPUT,
                          "%d sources mention deaths; choose at most %d with --lists", n_all,
                          STATS_MAX_LISTS);
        for (int i = 0; i < n_all && rc == HERR_OK; i++) {
            ids[*k] = all_ids[i];
            names[(*k)++] = xstrdup(all_names[i]);
        }
    } else {
        char *copy = xstrdup(lists), *save = NULL;
        for (char *name = strtok_r(copy, ",", &save); name && rc == HERR_OK;
             name = strtok_r(NULL, ",", &save)) {
            while (*name == ' ')
                name++;
            int found = -1;
            for (int i = 0; i < n_all; i++)
                if (strcmp(all_names[i], name) == 0)
                    found = i;
            long id = 0;
            if (found < 0) {
                herr dummy;
                sqlite3_stmt *q;
                if (store_prepare(s, "SELECT id FROM source WHERE name = ?1", &q, &dummy) ==
                    HERR_OK) {
                    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
                    if (sqlite3_step(q) == SQLITE_ROW)
                        id = sqlite3_column_int64(q, 0);
                    sqlite3_finalize(q);
                }
                if (!id) {
                    rc = herr_set(e, HERR_INPUT, "--lists: no source is called '%s'", name);
                    break;
                }
            } else {
                id = all_ids[found];
            }
            if (*k == STATS_MAX_LISTS) {
                rc = herr_set(e, HERR_INPUT, "--lists: at most %d lists", STATS_MAX_LISTS);
                break;
            }
            for (int i = 0; i < *k; i++)
                if (ids[i] == id)
                    rc = herr_set(e, HERR_INPUT, "--lists: '%s' named twice", name);
            ids[*k] = id;
            names[(*k)++] = xstrdup(name);
        }
        free(copy);
    }
    for (int i = 0; i < n_all; i++)
        free(all_names[i]);
    if (rc == HERR_OK && *k < 2)
        rc = herr_set(e, HERR_INPUT,
                      "estimation needs at least 2 lists that mention deaths; found %d", *k);
    if (rc != HERR_OK) {
        for (int i = 0; i < *k; i++)
            free(names[i]);
        *k = 0;
    }
    return rc;
}

/* The stratum of one death record, as SQL over r (record), f (facility). */
static const char *stratum_sql(const char *stratum)
{
    if (!stratum)
        return "'all'";
    if (strcmp(stratum, "facility") == 0)
        return "COALESCE(f.name, r.facility)";
    if (strcmp(stratum, "year") == 0)
        return "substr(ev.date, 1, 4)";
    /* department: the part after the last comma of the residence or
     * arrest place ("Soyapango, San Salvador") */
    return "trim(replace(COALESCE(r.residence, r.arrest_place), "
           "rtrim(COALESCE(r.residence, r.arrest_place), "
           "replace(COALESCE(r.residence, r.arrest_place), ',', '')), ''))";
}

static stats_table *stratum_table(stats_stratum **v, size_t *n, const char *label, int k,
                                  char **names, herr *e)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].label, label) == 0)
            return &(*v)[i].table;
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    stats_stratum *st = &(*v)[(*n)++];
    st->label = xstrdup(label);
    stats_table_init(&st->table, k, names, e);
    return &st->table;
}

int stats_tables_from_db(store *s, const char *event, const char *lists, const char *stratum,
                         stats_stratum **out, size_t *n, herr *e)
{
    *out = NULL;
    *n = 0;
    if (strcmp(event, "death") != 0)
        return herr_set(e, HERR_INPUT, "only death events can be estimated, not '%s'", event);
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT count(*) FROM membership", &st, e);
    if (rc != HERR_OK)
        return rc;
    long linked = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (!linked)
        return herr_set(e, HERR_INPUT,
                        "no linked persons: run 'habeas link' first (each person must count once)");
    long ids[STATS_MAX_LISTS];
    char *names[STATS_MAX_LISTS];
    int k;
    if ((rc = pick_lists(s, lists, ids, names, &k, e)) != HERR_OK)
        return rc;
    sbuf sql;
    sbuf_init(&sql);
    sbuf_printf(&sql,
                "SELECT m.person_id, r.source_id, %s FROM event ev "
                "JOIN record r ON r.id = ev.record_id "
                "JOIN membership m ON m.record_id = r.id "
                "LEFT JOIN facility_alias a ON a.key = r.facility_key "
                "LEFT JOIN facility f ON f.id = a.facility_id "
                "WHERE ev.kind = 'death' ORDER BY m.person_id, r.source_id",
                stratum_sql(stratum));
    rc = store_prepare(s, sql.data, &st, e);
    sbuf_free(&sql);
    if (rc == HERR_OK) {
        long person = -1;
        unsigned pattern = 0;
        char label[200] = "";
        for (;;) {
            int step = sqlite3_step(st);
            long pid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -2;
            if (pid != person && person >= 0 && pattern) {
                stats_table *t = stratum_table(out, n, label[0] ? label : "unknown", k, names, e);
                t->count[pattern] += 1;
                t->observed++;
            }
            if (step != SQLITE_ROW) {
                if (step != SQLITE_DONE)
                    rc = store_error(s, e, "estimate: reading deaths");
                break;
            }
            if (pid != person) {
                person = pid;
                pattern = 0;
                label[0] = '\0';
            }
            long src = sqlite3_column_int64(st, 1);
            for (int j = 0; j < k; j++)
                if (ids[j] == src)
                    pattern |= 1u << j;
            const char *lab = (const char *)sqlite3_column_text(st, 2);
            if (!label[0] && lab && *lab)
                snprintf(label, sizeof label, "%s", lab);
        }
        sqlite3_finalize(st);
    }
    for (int j = 0; j < k; j++)
        free(names[j]);
    if (rc == HERR_OK && *n == 0)
        rc = herr_set(e, HERR_INPUT, "no linked person's death is mentioned by these lists");
    if (rc != HERR_OK) {
        stats_strata_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
