/*
 * facility.c — facility keys, the register, unresolved names.
 * See facility.h for the design.
 */
#include "facility.h"

#include <stdlib.h>
#include <string.h>

#include "names/names.h"

/* Words that say "a prison" without saying which one. */
static const char *const generic_words[] = {
    "centro", "penal", "penitenciario", "carcel", "prision", "de", "del", "la", "el",
    "los", "las", "cp", "en",
};

static bool is_generic(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof generic_words / sizeof generic_words[0]; i++)
        if (strlen(generic_words[i]) == n && memcmp(generic_words[i], w, n) == 0)
            return true;
    return false;
}

bool facility_kind_is_cell(const char *kind)
{
    return kind && strcmp(kind, "bartolina") == 0;
}

void facility_key(const char *s, size_t n, sbuf *out)
{
    sbuf folded;
    sbuf_init(&folded);
    names_fold(s, n, ' ', &folded);
    size_t start = out->len;
    const char *p = folded.data ? folded.data : "";
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wn = sp ? (size_t)(sp - p) : strlen(p);
        if (!is_generic(p, wn)) {
            if (out->len > start)
                sbuf_addc(out, ' ');
            sbuf_add(out, p, wn);
        }
        p += wn;
        if (*p)
            p++;
    }
    if (out->len == start && folded.len) /* only generic words: keep them */
        sbuf_add(out, folded.data, folded.len);
    sbuf_free(&folded);
}

static void bind_opt_long(sqlite3_stmt *st, int i, long v)
{
    if (v >= 0)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Registers one alias key for facility id; refuses a key held by another. */
static int add_alias(store *s, long id, const char *fname, const char *alias, size_t n, herr *e)
{
    sbuf key;
    sbuf_init(&key);
    facility_key(alias, n, &key);
    if (!key.len) {
        sbuf_free(&key);
        return HERR_OK;
    }
    sqlite3_stmt *st = NULL;
    int rc = store_prepare(s,
                           "SELECT a.facility_id, f.name FROM facility_alias a "
                           "JOIN facility f ON f.id = a.facility_id WHERE a.key = ?1",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, key.data, (int)key.len, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) != id)
            rc = herr_set(e, HERR_INPUT,
                          "facility '%s': alias '%.*s' already names facility '%s'", fname,
                          (int)n, alias, (const char *)sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
    }
    if (rc == HERR_OK)
        rc = store_prepare(s,
                           "INSERT OR IGNORE INTO facility_alias(key, facility_id, alias) "
                           "VALUES (?1, ?2, ?3)",
                           &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, key.data, (int)key.len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_text(st, 3, alias, (int)n, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "adding a facility alias");
        sqlite3_finalize(st);
    }
    sbuf_free(&key);
    return rc;
}

int facility_upsert(store *s, const facility_def *f, bool *added, herr *e)
{
    sqlite3_stmt *st = NULL;
    long id = -1;
    int rc = store_prepare(s, "SELECT id FROM facility WHERE name = ?1", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        id = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    *added = id < 0;

    rc = store_prepare(s,
                       id < 0 ? "INSERT INTO facility(name, municipality, department, kind, "
                                "capacity, cells, cell_area_m2, bunks_per_cell) "
                                "VALUES (?1, ?2, ?3, COALESCE(?4, 'prison'), ?5, ?6, ?7, ?8)"
                              : "UPDATE facility SET municipality = ?2, department = ?3, "
                                "kind = COALESCE(?4, 'prison'), capacity = ?5, cells = ?6, "
                                "cell_area_m2 = ?7, bunks_per_cell = ?8 WHERE name = ?1",
                       &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    bind_opt_text(st, 2, f->municipality);
    bind_opt_text(st, 3, f->department);
    bind_opt_text(st, 4, f->kind);
    bind_opt_long(st, 5, f->capacity);
    bind_opt_long(st, 6, f->cells);
    if (f->cell_area_m2 >= 0)
        sqlite3_bind_double(st, 7, f->cell_area_m2);
    else
        sqlite3_bind_null(st, 7);
    bind_opt_long(st, 8, f->bunks_per_cell);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlite3_finalize(st);
        return store_error(s, e, "saving a facility");
    }
    sqlite3_finalize(st);
    if (id < 0)
        id = (long)sqlite3_last_insert_rowid(store_db(s));

    rc = add_alias(s, id, f->name, f->name, strlen(f->name), e);
    const char *p = f->aliases ? f->aliases : "";
    while (rc == HERR_OK && *p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        const char *a = p;
        size_t an = n;
        trim_span(&a, &an);
        if (an)
            rc = add_alias(s, id, f->name, a, an, e);
        p += n;
        if (*p)
            p++;
    }
    return rc;
}

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return xstrdup(t ? (const char *)t : "");
}

int facility_list(store *s, facility_info **out, size_t *n, herr *e)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = store_prepare(
        s,
        "SELECT f.id, f.name, f.municipality, f.department, f.kind, f.capacity, f.cells, "
        "       f.cell_area_m2, f.bunks_per_cell,"
        "       (SELECT group_concat(alias, '|') FROM (SELECT alias FROM facility_alias a "
        "         WHERE a.facility_id = f.id AND a.alias <> f.name ORDER BY alias)),"
        "       (SELECT count(*) FROM record r JOIN facility_alias a ON a.key = r.facility_key "
        "         WHERE a.facility_id = f.id)"
        " FROM facility f ORDER BY f.name",
        &st, e);
    if (rc != HERR_OK)
        return rc;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        facility_info *f = &(*out)[(*n)++];
        f->id = (long)sqlite3_column_int64(st, 0);
        f->name = col_text(st, 1);
        f->municipality = col_text(st, 2);
        f->department = col_text(st, 3);
        f->kind = col_text(st, 4);
        f->capacity = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 5);
        f->cells = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 6);
        f->cell_area_m2 = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 7);
        f->bunks_per_cell =
            sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
        f->aliases = col_text(st, 9);
        f->records = (long)sqlite3_column_int64(st, 10);
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        facility_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return store_error(s, e, "listing facilities");
    }
    return HERR_OK;
}

void facility_list_free(facility_info *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].municipality);
        free(f[i].department);
        free(f[i].kind);
        free(f[i].aliases);
    }
    free(f);
}

int facility_unresolved_list(store *s, long source_id, facility_unresolved **out, size_t *n,
                             herr *e)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = store_prepare(s,
                           "SELECT min(r.facility), count(*) FROM record r "
                           "WHERE r.facility_key IS NOT NULL AND (?1 = 0 OR r.source_id = ?1) "
                           "  AND NOT EXISTS (SELECT 1 FROM facility_alias a "
                           "                  WHERE a.key = r.facility_key) "
                           "GROUP BY r.facility_key ORDER BY count(*) DESC, min(r.facility)",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, source_id);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[*n].name = col_text(st, 0);
        (*out)[*n].records = (long)sqlite3_column_int64(st, 1);
        (*n)++;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        facility_unresolved_free(*out, *n);
        *out = NULL;
        *n = 0;
        return store_error(s, e, "listing unresolved facilities");
    }
    return HERR_OK;
}

void facility_unresolved_free(facility_unresolved *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(u[i].name);
    free(u);
}
