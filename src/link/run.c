/*
 * run.c — one link run from the records in the store to the membership
 * table, and the human side: decisions and the explanation of a pair
 * (its fields' weights and how each was set, its rivals, where its records
 * come from, and why a likely pair is two persons or a record was set
 * apart).
 *
 * Person ids are stable: each new cluster takes the old person id that
 * most of its records had (largest overlap first, each old id once); a
 * cluster with no old records gets a fresh id from link_state, and an id
 * is never reused for someone else.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

void link_opts_default(link_opts *o)
{
    memset(o, 0, sizeof *o);
    o->threshold = 0.5;
    o->review_low = 0.2;
    o->review_high = 0.8;
    o->progress = false;
    o->seed = 20220327;
}

long link_rec_index(const ldata *d, long id)
{
    /* Records are loaded by id, and ids are dense unless some were
     * dropped: first where a dense run puts it (one read, where a search
     * is twenty across a million records: a third of a second when the
     * trace index looks up every merge). */
    if (d->n && id >= d->r[0].id) {
        size_t at = (size_t)(id - d->r[0].id);
        if (at < d->n && d->r[at].id == id)
            return (long)at;
    }
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->r[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n && d->r[lo].id == id ? (long)lo : -1;
}

/* The latest decision per pair wins. */
static int load_decisions(store *s, const ldata *d, ldecision **out, size_t *n, herr *e)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n = 0;
    int rc = store_prepare(s,
                           "SELECT record_a, record_b, decision FROM link_decision d "
                           "WHERE id = (SELECT max(id) FROM link_decision x "
                           "            WHERE x.record_a = d.record_a AND x.record_b = d.record_b) "
                           "ORDER BY id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long a = link_rec_index(d, (long)sqlite3_column_int64(st, 0));
        long b = link_rec_index(d, (long)sqlite3_column_int64(st, 1));
        if (a < 0 || b < 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = (ldecision){(uint32_t)a, (uint32_t)b,
                                     strcmp((const char *)sqlite3_column_text(st, 2), "same") == 0};
    }
    sqlite3_finalize(st);
    return HERR_OK;
}

typedef struct overlap {
    uint32_t cluster;
    long old_pid;
    long count;
} overlap;

static int overlap_key_cmp(const void *x, const void *y)
{
    const overlap *a = x, *b = y;
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    return a->old_pid < b->old_pid ? -1 : a->old_pid > b->old_pid;
}

static int overlap_count_cmp(const void *x, const void *y)
{
    const overlap *a = x, *b = y;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    if (a->old_pid != b->old_pid)
        return a->old_pid < b->old_pid ? -1 : 1;
    return a->cluster < b->cluster ? -1 : a->cluster > b->cluster;
}

/* Gives every cluster a person id (pid[cluster representative]). */
static int assign_ids(store *s, const ldata *d, const uint32_t *cluster, long *pid, long *persons,
                      herr *e)
{
    size_t n = d->n;
    long *old = xmalloc((n ? n : 1) * sizeof *old);
    for (size_t i = 0; i < n; i++)
        old[i] = -1;
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT record_id, person_id FROM membership ORDER BY record_id",
                           &st, e);
    if (rc != HERR_OK) {
        free(old);
        return rc;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        long k = link_rec_index(d, (long)sqlite3_column_int64(st, 0));
        if (k >= 0)
            old[k] = (long)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);

    overlap *ov = xmalloc((n ? n : 1) * sizeof *ov);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i] >= 0)
            ov[m++] = (overlap){cluster[i], old[i], 1};
    qsort(ov, m, sizeof *ov, overlap_key_cmp);
    size_t u = 0;
    for (size_t k = 0; k < m; k++) {
        if (u && ov[u - 1].cluster == ov[k].cluster && ov[u - 1].old_pid == ov[k].old_pid)
            ov[u - 1].count++;
        else
            ov[u++] = ov[k];
    }
    qsort(ov, u, sizeof *ov, overlap_count_cmp);

    for (size_t i = 0; i < n; i++)
        pid[i] = -1;
    /* Old ids already given out in this run, in a small open-address set. */
    size_t cap = 16;
    while (cap < u * 2 + 16)
        cap *= 2;
    long *taken = xmalloc(cap * sizeof *taken);
    for (size_t k = 0; k < cap; k++)
        taken[k] = -1;
    for (size_t k = 0; k < u; k++) {
        if (pid[ov[k].cluster] >= 0)
            continue;
        size_t h = (size_t)ov[k].old_pid * 0x9E3779B97F4A7C15ULL & (cap - 1);
        bool used = false;
        while (taken[h] >= 0) {
            if (taken[h] == ov[k].old_pid) {
                used = true;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
        if (used)
            continue;
        taken[h] = ov[k].old_pid;
        pid[ov[k].cluster] = ov[k].old_pid;
    }
    free(taken);
    free(ov);
    free(old);

    long next = 1;
    rc = store_prepare(s, "SELECT next_person_id FROM link_state WHERE one = 1", &st, e);
    if (rc != HERR_OK)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        next = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    *persons = 0;
    for (size_t i = 0; i < n; i++) {
        if (cluster[i] != i)
            continue;
        (*persons)++;
        if (pid[i] < 0)
            pid[i] = next++;
    }
    rc = store_prepare(s, "UPDATE link_state SET next_person_id = ?1 WHERE one = 1", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, next);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_error(s, e, "saving the next person id");
    sqlite3_finalize(st);
    return rc;
}

static json_t *model_json(const link_model *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "lambda", json_real(m->lambda));
    json_object_set_new(o, "em_iterations", json_integer(m->em_iterations));
    json_object_set_new(o, "random_pairs", json_integer(m->random_pairs));
    json_t *fields = json_array();
    for (int f = 0; f < LF_COUNT; f++) {
        json_t *x = json_object();
        json_object_set_new(x, "field", json_string(link_field_name((link_field)f)));
        json_t *lv = json_array();
        for (int l = 1; l < link_field_levels((link_field)f); l++) {
            json_t *y = json_object();
            json_object_set_new(y, "level", json_string(link_level_name((link_field)f, l)));
            json_object_set_new(y, "m", json_real(m->m[f][l]));
            json_object_set_new(y, "u", json_real(m->u[f][l]));
            json_array_append_new(lv, y);
        }
        json_object_set_new(x, "levels", lv);
        json_array_append_new(fields, x);
    }
    json_object_set_new(o, "fields", fields);
    /* The rate of each pair of sources: rates[a][b] for sources[a], sources[b]. */
    json_t *sources = json_array(), *rates = json_array();
    for (int a = 0; a < m->nsources; a++) {
        json_t *x = json_object(), *row = json_array();
        json_object_set_new(x, "source", json_integer(m->source_id[a]));
        json_object_set_new(x, "records", json_integer(m->source_records[a]));
        json_array_append_new(sources, x);
        for (int b = 0; b < m->nsources; b++)
            json_array_append_new(row, json_real(m->source_lambda[a][b]));
        json_array_append_new(rates, row);
    }
    json_object_set_new(o, "sources", sources);
    json_object_set_new(o, "source_rates", rates);
    /* The weights of pairs of facilities, each pair once. */
    json_t *fac = json_array();
    for (int a = 0; a < m->nfac; a++)
        for (int b = a + 1; b < m->nfac; b++) {
            json_t *x = json_object();
            json_object_set_new(x, "a", json_string(m->fac_key[a]));
            json_object_set_new(x, "b", json_string(m->fac_key[b]));
            json_object_set_new(x, "bits", json_real(m->fac_bits[a][b]));
            json_array_append_new(fac, x);
        }
    json_object_set_new(o, "facility_pairs", fac);
    /* The admission's levels 1.. by the admitting facility. */
    json_t *adm = json_array();
    for (int a = 0; a < m->nfac; a++) {
        json_t *x = json_object(), *bits = json_array();
        json_object_set_new(x, "facility", json_string(m->fac_key[a]));
        for (int l = 1; l < link_field_levels(LF_ADMISSION); l++)
            json_array_append_new(bits, json_real(m->adm_bits[a][l]));
        json_object_set_new(x, "bits", bits);
        json_array_append_new(adm, x);
    }
    json_object_set_new(o, "admission_by_facility", adm);
    return o;
}

/* A facility's row in m's table of pairs, added when new (-1: full). */
static int facility_row(link_model *m, const char *key)
{
    for (int a = 0; a < m->nfac; a++)
        if (strcmp(m->fac_key[a], key) == 0)
            return a;
    if (m->nfac == LINK_FAC_VALUES || strlen(key) >= LINK_FAC_KEY)
        return -1;
    snprintf(m->fac_key[m->nfac], LINK_FAC_KEY, "%s", key);
    m->fac_hash[m->nfac] = link_hash(key);
    return m->nfac++;
}

static void facility_pairs_from_json(link_model *m, json_t *fac, json_t *adm)
{
    size_t i;
    json_t *x;
    json_array_foreach(adm, i, x) {
        const char *key = json_string_value(json_object_get(x, "facility"));
        json_t *bits = json_object_get(x, "bits");
        int a = key ? facility_row(m, key) : -1;
        for (int l = 1; a >= 0 && l < link_field_levels(LF_ADMISSION); l++)
            m->adm_bits[a][l] = (float)json_real_value(json_array_get(bits, (size_t)l - 1));
    }
    json_array_foreach(fac, i, x) {
        const char *ka = json_string_value(json_object_get(x, "a"));
        const char *kb = json_string_value(json_object_get(x, "b"));
        int a = ka ? facility_row(m, ka) : -1, b = kb ? facility_row(m, kb) : -1;
        if (a >= 0 && b >= 0 && a != b)
            m->fac_bits[a][b] = m->fac_bits[b][a] =
                (float)json_real_value(json_object_get(x, "bits"));
    }
}

/* A model saved by this version: the same fields with the same levels.
 * A model from an older version (fewer fields) is refused rather than
 * read with weights missing. */
static bool model_from_json(const char *text, link_model *m)
{
    json_t *o = json_loads(text, 0, NULL);
    if (!o)
        return false;
    memset(m, 0, sizeof *m);
    m->lambda = json_real_value(json_object_get(o, "lambda"));
    json_t *fields = json_object_get(o, "fields");
    bool same_shape = json_array_size(fields) == LF_COUNT;
    for (int f = 0; f < LF_COUNT && same_shape; f++) {
        json_t *x = json_array_get(fields, (size_t)f);
        const char *name = json_string_value(json_object_get(x, "field"));
        same_shape = name && strcmp(name, link_field_name((link_field)f)) == 0 &&
                     json_array_size(json_object_get(x, "levels")) ==
                         (size_t)link_field_levels((link_field)f) - 1;
    }
    if (!same_shape) {
        json_decref(o);
        return false;
    }
    for (int f = 0; f < LF_COUNT; f++) {
        json_t *lv = json_object_get(json_array_get(fields, (size_t)f), "levels");
        for (int l = 1; l < link_field_levels((link_field)f); l++) {
            json_t *y = json_array_get(lv, (size_t)(l - 1));
            m->m[f][l] = json_real_value(json_object_get(y, "m"));
            m->u[f][l] = json_real_value(json_object_get(y, "u"));
        }
    }
    json_t *sources = json_object_get(o, "sources"), *rates = json_object_get(o, "source_rates");
    size_t ns = json_array_size(sources);
    if (ns <= LINK_MAX_SOURCES && json_array_size(rates) == ns) {
        m->nsources = (int)ns;
        for (size_t a = 0; a < ns; a++) {
            json_t *x = json_array_get(sources, a), *row = json_array_get(rates, a);
            m->source_id[a] = (int)json_integer_value(json_object_get(x, "source"));
            m->source_records[a] = (long)json_integer_value(json_object_get(x, "records"));
            for (size_t b = 0; b < ns; b++)
                m->source_lambda[a][b] = json_real_value(json_array_get(row, b));
        }
    }
    facility_pairs_from_json(m, json_object_get(o, "facility_pairs"),
                             json_object_get(o, "admission_by_facility"));
    json_decref(o);
    return m->lambda > 0;
}

/* Pairs into the review queue by sql (?1, ?2: the two record ids, the
 * smaller first; ?3 the probability, ?4 the weight). */
static int save_review(store *s, const ldata *d, const char *sql, const ledge *v, size_t n,
                       herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, sql, &st, e);
    for (size_t k = 0; rc == HERR_OK && k < n; k++) {
        long a = d->r[v[k].i].id, b = d->r[v[k].j].id;
        sqlite3_bind_int64(st, 1, a < b ? a : b);
        sqlite3_bind_int64(st, 2, a < b ? b : a);
        sqlite3_bind_double(st, 3, v[k].p);
        sqlite3_bind_double(st, 4, v[k].w);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "saving the review queue");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static int write_results(store *s, const ldata *d, const long *pid, const uint32_t *cluster,
                         const lmerges *merges, const ledge *review, size_t nreview,
                         const ledge *review_apart, size_t nreview_apart, const link_opts *o,
                         link_result *r, herr *e)
{
    /* Filled without their indexes, which are built again after
     * (store_indexes_drop): at 1M records, membership 2.7 s -> 1.1 s and
     * the merges 2.6 s -> 0.8 s, for 1.8 s building the indexes. */
    store_indexes by_person, by_record;
    int rc = store_indexes_drop(s, "membership", &by_person, e);
    if (rc == HERR_OK)
        rc = store_indexes_drop(s, "link_merge", &by_record, e);
    else
        by_record = (store_indexes){0};
    if (rc == HERR_OK)
        rc = store_exec(
            s,
            "DELETE FROM membership; DELETE FROM review_pair; DELETE FROM link_merge; "
            "DELETE FROM link_apart;",
            e);
    sqlite3_stmt *st = NULL;
    if (rc == HERR_OK)
        rc = store_prepare(s, "INSERT INTO membership(record_id, person_id) VALUES (?1, ?2)", &st,
                           e);
    for (size_t i = 0; rc == HERR_OK && i < d->n; i++) {
        sqlite3_bind_int64(st, 1, d->r[i].id);
        sqlite3_bind_int64(st, 2, pid[cluster[i]]);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "saving membership");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == HERR_OK)
        rc = store_prepare(s,
                           "INSERT INTO link_merge(record_a, record_b, probability, how) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           &st, e);
    static const char *const how[] = {"decision", "pair", "whole"};
    for (size_t k = 0; rc == HERR_OK && k < merges->n; k++) {
        const lmerge *x = &merges->v[k];
        sqlite3_bind_int64(st, 1, d->r[x->i].id);
        sqlite3_bind_int64(st, 2, d->r[x->j].id);
        sqlite3_bind_double(st, 3, x->p);
        sqlite3_bind_text(st, 4, how[x->how], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "saving how records were joined");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == HERR_OK)
        rc = store_prepare(s,
                           "INSERT INTO link_apart(record_id, from_record, probability) "
                           "VALUES (?1, ?2, ?3)",
                           &st, e);
    for (size_t k = 0; rc == HERR_OK && k < merges->napart; k++) {
        const lmerge *x = &merges->apart[k];
        sqlite3_bind_int64(st, 1, d->r[x->i].id);
        sqlite3_bind_int64(st, 2, d->r[x->j].id);
        sqlite3_bind_double(st, 3, x->p);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "saving the records set apart");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == HERR_OK)
        rc = save_review(s, d,
                         "INSERT OR REPLACE INTO review_pair(record_a, record_b, probability, "
                         "weight) VALUES (?1, ?2, ?3, ?4)",
                         review, nreview, e);
    /* the pairs whose record second thoughts set apart, first in the queue
     * (link_review_json) */
    if (rc == HERR_OK)
        rc = save_review(s, d,
                         "INSERT INTO review_pair(record_a, record_b, probability, weight, "
                         "set_apart) VALUES (?1, ?2, ?3, ?4, 1) "
                         "ON CONFLICT(record_a, record_b) DO UPDATE SET set_apart = 1",
                         review_apart, nreview_apart, e);
    if (rc == HERR_OK && nreview_apart)
        rc = store_prepare(s, "SELECT count(*) FROM review_pair", &st, e);
    if (rc == HERR_OK && st && sqlite3_step(st) == SQLITE_ROW)
        r->review = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (rc == HERR_OK)
        rc = store_indexes_create(s, &by_person, e);
    if (rc == HERR_OK)
        rc = store_indexes_create(s, &by_record, e);
    store_indexes_free(&by_person);
    store_indexes_free(&by_record);
    if (rc != HERR_OK)
        return rc;
    time_t t = time(NULL);
    struct tm tm;
    char now[32];
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *mj = model_json(&r->model);
    char *model = json_dumps(mj, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(mj);
    rc = store_prepare(s,
                       "INSERT INTO link_run(started_at, records, candidate_pairs, matched_pairs, "
                       "persons, review, decisions, threshold, seconds, model) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                       &st, e);
    if (rc == HERR_OK) {
        sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, r->records);
        sqlite3_bind_int64(st, 3, r->candidate_pairs);
        sqlite3_bind_int64(st, 4, r->matched_pairs);
        sqlite3_bind_int64(st, 5, r->persons);
        sqlite3_bind_int64(st, 6, r->review);
        sqlite3_bind_int64(st, 7, r->decisions);
        sqlite3_bind_double(st, 8, o->threshold);
        sqlite3_bind_double(st, 9, r->seconds);
        sqlite3_bind_text(st, 10, model, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_error(s, e, "saving the link run");
        r->run_id = (long)sqlite3_last_insert_rowid(store_db(s));
        sqlite3_finalize(st);
    }
    free(model);
    return rc;
}

static int review_cmp(const void *x, const void *y)
{
    const ledge *a = x, *b = y;
    double da = a->p > 0.5 ? a->p - 0.5 : 0.5 - a->p, db = b->p > 0.5 ? b->p - 0.5 : 0.5 - b->p;
    if (da != db)
        return da < db ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

#define MAX_REVIEW 20000

/* Pairs weighed on every processor: each slice keeps its candidate edges
 * (likely enough to be an edge or a rival), joined in slice order. */
typedef struct edgevec {
    ledge *v;
    size_t n, cap;
} edgevec;

typedef struct weigh_ctx {
    const link_model *m;
    const link_weights *wt;
    const ldata *d;
    const lpairs *pairs;
    const float *weight; /* each pair's without the prior, from the fit */
    const uint8_t *slot;
    edgevec edges[LINK_MAX_THREADS];
} weigh_ctx;

static void edge_push(edgevec *e, ledge x)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4096;
        e->v = xrealloc(e->v, e->cap * sizeof *e->v);
    }
    e->v[e->n++] = x;
}

static void weigh_slice(void *arg, size_t lo, size_t hi, int t)
{
    weigh_ctx *c = arg;
    for (size_t k = lo; k < hi; k++) {
        const lpair *pp = &c->pairs->p[k];
        double w = link_pair_prior(c->m, c->slot[pp->i], c->slot[pp->j]) + c->weight[k];
        double p = link_probability(w);
        if (p >= LINK_RIVAL_MIN)
            edge_push(&c->edges[t], (ledge){pp->i, pp->j, w, p});
    }
}

/* The slices' edges in one array (never NULL), their vectors freed. */
static ledge *edges_join(edgevec *v, int nt, size_t *n)
{
    *n = 0;
    for (int t = 0; t < nt; t++)
        *n += v[t].n;
    ledge *all = xmalloc((*n ? *n : 1) * sizeof *all);
    size_t at = 0;
    for (int t = 0; t < nt; t++) {
        if (v[t].n)
            memcpy(all + at, v[t].v, v[t].n * sizeof *all);
        at += v[t].n;
        free(v[t].v);
    }
    return all;
}

/* The seconds since *t, and *t set to now: a phase's time (link_result.phase). */
static double lap(double *t)
{
    double now = now_seconds(), since = now - *t;
    *t = now;
    return since;
}

int link_run(store *s, const link_opts *o, link_result *r, herr *e)
{
    double t0 = now_seconds();
    memset(r, 0, sizeof *r);
    ldata d;
    int rc = link_load(s, &d, e);
    if (rc != HERR_OK)
        return rc;
    r->records = (long)d.n;
    double t = t0;
    r->phase.load = lap(&t);
    if (o->progress)
        fprintf(stderr, "\rlinking: %zu records loaded", d.n);
    lpairs pairs;
    link_block(&d, &pairs, o->progress, e);
    r->candidate_pairs = (long)pairs.n;
    r->phase.block = lap(&t);
    int32_t *truth = NULL;
    if (o->truth) {
        rc = link_truth_load(s, &d, o->truth, &truth, e);
        if (rc != HERR_OK) {
            link_pairs_free(&pairs);
            link_data_free(&d);
            return rc;
        }
        for (size_t k = 0; k < pairs.n; k++)
            r->truth_pairs_blocked += truth[pairs.p[k].i] >= 0 &&
                                      truth[pairs.p[k].i] == truth[pairs.p[k].j];
    }
    link_model_u(&d, &r->model, o->seed, d.n < 1000 ? (long)d.n * 50 : 2000000);
    float *pair_weight = xmalloc((pairs.n ? pairs.n : 1) * sizeof *pair_weight);
    link_model_fit(&r->model, &d, &pairs, pair_weight);
    uint8_t *slot = link_record_slots(&r->model, &d);
    r->phase.fit = lap(&t);
    link_weights wt;
    link_weight_table(&r->model, &wt);
    weigh_ctx wc = {&r->model, &wt, &d, &pairs, pair_weight, slot, {{0}}};
    int nt = link_parallel(pairs.n, weigh_slice, &wc);
    size_t nedges, nreview = 0;
    ledge *edges = edges_join(wc.edges, nt, &nedges);
    free(pair_weight);
    link_pairs_free(&pairs);
    link_compete(&d, &r->model, slot, o->threshold, edges, nedges);
    for (size_t k = 0; truth && k < nedges; k++) {
        int bin = edges[k].p >= 1 ? 9 : (int)(edges[k].p * 10);
        r->calibration[bin].pairs++;
        r->calibration[bin].sum_p += edges[k].p;
        r->calibration[bin].same += truth[edges[k].i] >= 0 && truth[edges[k].i] == truth[edges[k].j];
    }
    /* The uncertain pairs go to review; the likely ones are edges. */
    ledge *review = xmalloc((nedges ? nedges : 1) * sizeof *review);
    ledge *likely = xmalloc((nedges ? nedges : 1) * sizeof *likely);
    size_t nlikely = 0;
    for (size_t k = 0; k < nedges; k++) {
        if (edges[k].p >= o->review_low && edges[k].p < o->review_high)
            review[nreview++] = edges[k];
        if (edges[k].p >= o->threshold)
            likely[nlikely++] = edges[k];
    }
    r->matched_pairs = (long)nlikely;
    r->phase.weigh = lap(&t);
    qsort(review, nreview, sizeof *review, review_cmp);
    if (nreview > MAX_REVIEW)
        nreview = MAX_REVIEW;

    ldecision *dec = NULL;
    size_t ndec = 0;
    lmerges merges = {0};
    ledge *review_apart = NULL; /* the pairs of the records set apart, for review */
    size_t nreview_apart = 0;
    uint32_t *cluster = xmalloc((d.n ? d.n : 1) * sizeof *cluster);
    long *pid = xmalloc((d.n ? d.n : 1) * sizeof *pid);
    /* Every row written names a record just loaded; records are never
     * deleted (see store_foreign_keys). */
    rc = store_foreign_keys(s, false, e);
    if (rc == HERR_OK)
        rc = store_begin(s, e);
    if (rc == HERR_OK)
        rc = load_decisions(s, &d, &dec, &ndec, e);
    if (rc == HERR_OK) {
        r->decisions = (long)ndec;
        lscore sc = {&r->model, &wt, slot, o->threshold};
        r->split_conflicts =
            link_cluster(&d, &sc, likely, nlikely, edges, nedges, dec, ndec, cluster, &merges);
        for (size_t k = 0; k < merges.n; k++) {
            const lmerge *x = &merges.v[k];
            bool right = truth && truth[x->i] >= 0 && truth[x->i] == truth[x->j];
            if (x->moved) {
                r->moved++;
                r->moved_right += right;
            } else if (x->how == LINK_BY_WHOLE) {
                r->joined_whole++;
                r->joined_whole_right += right;
            }
        }
        review_apart = xmalloc((merges.napart ? merges.napart : 1) * sizeof *review_apart);
        for (size_t k = 0; k < merges.napart; k++) {
            const lmerge *x = &merges.apart[k];
            r->set_apart++;
            r->set_apart_right += truth && truth[x->i] >= 0 && truth[x->i] != truth[x->j];
            review_apart[nreview_apart++] =
                (ledge){x->i, x->j, link_score(&sc, &d, x->i, x->j), x->pair_p};
        }
        if (truth)
            link_truth_measure(&d, truth, cluster, r);
        rc = assign_ids(s, &d, cluster, pid, &r->persons, e);
    }
    /* A pair already decided by a person is not put up for review again. */
    if (rc == HERR_OK && ndec) {
        size_t kept = 0;
        for (size_t k = 0; k < nreview; k++) {
            bool decided = false;
            for (size_t x = 0; x < ndec && !decided; x++)
                decided = (dec[x].i == review[k].i && dec[x].j == review[k].j) ||
                          (dec[x].i == review[k].j && dec[x].j == review[k].i);
            if (!decided)
                review[kept++] = review[k];
        }
        nreview = kept;
    }
    r->review = (long)nreview; /* and those set apart, counted as written */
    r->seconds = now_seconds() - t0;
    r->phase.cluster = lap(&t);
    if (rc == HERR_OK)
        rc = write_results(s, &d, pid, cluster, &merges, review, nreview, review_apart,
                           nreview_apart, o, r, e);
    rc = store_end(s, rc, e);
    herr fk_e;
    if (store_foreign_keys(s, true, &fk_e) != HERR_OK && rc == HERR_OK) {
        *e = fk_e;
        rc = fk_e.code;
    }
    r->seconds = now_seconds() - t0;
    r->phase.write = lap(&t);
    if (o->progress)
        fputs("\r\033[K", stderr);
    free(truth);
    free(edges);
    free(likely);
    free(slot);
    free(review);
    free(dec);
    free(merges.v);
    free(merges.apart);
    free(review_apart);
    free(cluster);
    free(pid);
    link_data_free(&d);
    return rc;
}

int link_decide(store *s, long rec_a, long rec_b, link_verdict v, const char *reason,
                const char *who, herr *e)
{
    if (rec_a == rec_b)
        return herr_set(e, HERR_INPUT, "decide: a record is always itself; give two records");
    if (!reason || !*reason)
        return herr_set(e, HERR_INPUT, "decide: --reason TEXT is required");
    if (rec_a > rec_b) {
        long t = rec_a;
        rec_a = rec_b;
        rec_b = t;
    }
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT count(*) FROM record WHERE id IN (?1, ?2)", &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, rec_a);
    sqlite3_bind_int64(st, 2, rec_b);
    int found = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (found != 2)
        return herr_set(e, HERR_INPUT, "decide: no record %ld or %ld (see 'habeas records')",
                        rec_a, rec_b);
    time_t t = time(NULL);
    struct tm tm;
    char now[32];
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    rc = store_prepare(s,
                       "INSERT INTO link_decision(record_a, record_b, decision, reason, "
                       "decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       &st, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_bind_int64(st, 1, rec_a);
    sqlite3_bind_int64(st, 2, rec_b);
    sqlite3_bind_text(st, 3, v == LINK_SAME ? "same" : "different", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, who && *who ? who : "unknown", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_error(s, e, "saving the decision");
    sqlite3_finalize(st);
    return rc;
}

int link_last_model(store *s, link_model *m, long *run_id, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT model, id FROM link_run ORDER BY id DESC LIMIT 1", &st, e);
    if (rc != HERR_OK)
        return rc;
    bool linked = sqlite3_step(st) == SQLITE_ROW;
    bool ok = linked && model_from_json((const char *)sqlite3_column_text(st, 0), m);
    if (ok && run_id)
        *run_id = (long)sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    if (!linked)
        return herr_set(e, HERR_INPUT, "no link run yet: run 'habeas link' first");
    if (!ok)
        return herr_set(e, HERR_INPUT,
                        "the last link run was made by an older version of habeas, whose "
                        "model compares other fields: run 'habeas link' again");
    return HERR_OK;
}

static json_t *date_json(int y, int m, int d, int prec)
{
    hdate h = {y, m, d, (date_prec)prec};
    char iso[11];
    hdate_format(&h, iso);
    return json_string(iso);
}

/* A pooled string as JSON; null when the record has none. */
static json_t *pooled(const ldata *d, uint32_t off)
{
    return off ? json_string(lstr(d, off)) : json_null();
}

static json_t *record_value(const ldata *d, const lrec *r, link_field f)
{
    char buf[64];
    switch (f) {
    case LF_GIVEN: return pooled(d, r->given);
    case LF_SURNAME1: return pooled(d, r->s1);
    case LF_SURNAME2: return pooled(d, r->s2);
    case LF_BIRTH:
        if (r->by)
            return date_json(r->by, r->bm, r->bd, r->bprec);
        if (r->age >= 0) {
            snprintf(buf, sizeof buf, "age %d in %d", r->age, r->ref_year);
            return json_string(buf);
        }
        return json_null();
    case LF_DUI:
        if (r->dui < 0)
            return json_null();
        snprintf(buf, sizeof buf, "%08d-%d", r->dui / 10, r->dui % 10);
        return json_string(buf);
    case LF_IDNUM: return pooled(d, r->idnum);
    case LF_SEX: return r->sex ? json_string(r->sex == 1 ? "M" : "F") : json_null();
    case LF_RESIDENCE: return pooled(d, r->residence);
    case LF_PARENTS:
        /* "mother / father", either left out when unknown */
        if (!r->father)
            return pooled(d, r->mother);
        snprintf(buf, sizeof buf, "%.28s / %.28s", lstr(d, r->mother), lstr(d, r->father));
        return json_string(buf);
    case LF_FACILITY: return pooled(d, r->facility);
    case LF_NICKNAME: return pooled(d, r->nick);
    case LF_ARREST:
        return r->ay ? date_json(r->ay, r->am, r->ad, r->aprec) : json_null();
    case LF_PLACE: return pooled(d, r->arrest_place ? r->arrest_place : r->residence);
    case LF_ADMISSION:
        if (r->fy)
            return date_json(r->fy, r->fm, r->fd, r->fprec);
        return r->ay ? date_json(r->ay, r->am, r->ad, r->aprec) : json_null();
    case LF_DEATH:
        return r->dy ? date_json(r->dy, r->dm, r->dd, r->dprec) : json_null();
    case LF_COURT:
        if (r->order) {
            /* "frees, 2025-04-04": the order's sense and the hearing */
            hdate h = {r->hy, r->hm, r->hd, (date_prec)r->hprec};
            char iso[11] = "";
            if (r->hy)
                hdate_format(&h, iso);
            snprintf(buf, sizeof buf, "%s%s%s",
                     r->order == LINK_ORDER_FREES ? "order frees" : "order holds",
                     iso[0] ? ", " : "", iso);
            return json_string(buf);
        }
        return json_null(); /* the status it was weighed against is the status row's */
    case LF_STATUS: {
        static const char *const word[] = {NULL, "held", "released", "dead", "missing"};
        return r->status ? json_string(word[r->status]) : json_null();
    }
    default: return json_null();
    }
}

/* A facility value "#16" (the register's id, as records hold it) as the
 * facility's name; other values as they are. */
static json_t *facility_named(store *s, json_t *v)
{
    const char *t = json_string_value(v);
    if (!t || t[0] != '#')
        return v;
    sqlite3_stmt *st;
    herr e = {0};
    if (store_prepare(s, "SELECT name FROM facility WHERE id = ?1", &st, &e) != HERR_OK)
        return v;
    sqlite3_bind_int64(st, 1, atol(t + 1));
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_decref(v);
        v = json_string((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return v;
}

int link_view_load(store *s, link_view **out, herr *e)
{
    link_view *l = xcalloc(1, sizeof *l);
    *out = NULL;
    int rc = link_last_model(s, &l->m, &l->run_id, e);
    if (rc == HERR_OK)
        rc = link_load(s, &l->d, e);
    if (rc != HERR_OK) {
        link_view_free(l);
        return rc;
    }
    double threshold = 0.5;
    sqlite3_stmt *st;
    if (store_prepare(s, "SELECT threshold FROM link_run WHERE id = ?1", &st, e) == HERR_OK) {
        sqlite3_bind_int64(st, 1, l->run_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            threshold = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
    }
    link_weight_table(&l->m, &l->wt);
    l->slot = link_record_slots(&l->m, &l->d);
    l->sc = (lscore){&l->m, &l->wt, l->slot, threshold};
    *out = l;
    return HERR_OK;
}

void link_view_free(link_view *v)
{
    if (!v)
        return;
    free(v->slot);
    link_data_free(&v->d);
    free(v);
}

long link_view_run(const link_view *v)
{
    return v->run_id;
}

static json_t *source_name(store *s, int source_id)
{
    sqlite3_stmt *st;
    herr e = {0};
    json_t *v = json_null();
    if (store_prepare(s, "SELECT name FROM source WHERE id = ?1", &st, &e) != HERR_OK)
        return v;
    sqlite3_bind_int(st, 1, source_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = json_string((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

#define EXPLAIN_RIVALS 3

/* The person a record belongs to in the last run, or null. */
static json_t *person_of_record(store *s, long rec)
{
    sqlite3_stmt *st;
    herr e = {0};
    json_t *v = json_null();
    if (store_prepare(s, "SELECT person_id FROM membership WHERE record_id = ?1", &st, &e) !=
        HERR_OK)
        return v;
    sqlite3_bind_int64(st, 1, rec);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = json_integer(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* {"record", "from", "probability"} when the last link set rec apart on
 * second thoughts from the group of record `from`, else NULL. */
static json_t *set_apart_of(store *s, long rec)
{
    sqlite3_stmt *st;
    herr e = {0};
    json_t *v = NULL;
    if (store_prepare(s, "SELECT from_record, probability FROM link_apart WHERE record_id = ?1",
                      &st, &e) != HERR_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, rec);
    if (sqlite3_step(st) == SQLITE_ROW) {
        v = json_object();
        json_object_set_new(v, "record", json_integer(rec));
        json_object_set_new(v, "from", json_integer(sqlite3_column_int64(st, 0)));
        json_object_set_new(v, "probability", json_real(sqlite3_column_double(st, 1)));
    }
    sqlite3_finalize(st);
    return v;
}

/* The records of a person (indexes in d), at most cap. */
static size_t person_indexes(store *s, const ldata *d, long person, uint32_t *out, size_t cap)
{
    sqlite3_stmt *st;
    herr e = {0};
    size_t n = 0;
    if (store_prepare(s, "SELECT record_id FROM membership WHERE person_id = ?1", &st, &e) !=
        HERR_OK)
        return 0;
    sqlite3_bind_int64(st, 1, person);
    while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
        long k = link_rec_index(d, (long)sqlite3_column_int64(st, 0));
        if (k >= 0)
            out[n++] = (uint32_t)k;
    }
    sqlite3_finalize(st);
    return n;
}

#define KEPT_MAX_RECORDS 64

/* Why the last link left records a and b (indexes) in two persons, pa and
 * pb, though their pair is likely enough: {"rule", "records": [x, y]} by
 * the rules the merging keeps (link_kept_apart), or NULL when none holds. */
static json_t *kept_apart(store *s, const link_view *l, long a, long b, long pa, long pb)
{
    uint32_t ra[KEPT_MAX_RECORDS], rb[KEPT_MAX_RECORDS], x, y;
    size_t na = person_indexes(s, &l->d, pa, ra, KEPT_MAX_RECORDS);
    size_t nb = person_indexes(s, &l->d, pb, rb, KEPT_MAX_RECORDS);
    ldecision *dec = NULL;
    size_t ndec = 0;
    herr e = {0};
    if (load_decisions(s, &l->d, &dec, &ndec, &e) != HERR_OK)
        ndec = 0;
    link_kept k = link_kept_apart(&l->d, &l->sc, ra, na, rb, nb, (uint32_t)a, (uint32_t)b, dec,
                                  ndec, &x, &y);
    free(dec);
    if (k == LINK_KEPT_NONE)
        return NULL;
    json_t *o = json_object(), *recs = json_array();
    json_object_set_new(o, "rule", json_string(link_kept_name(k)));
    json_array_append_new(recs, json_integer(l->d.r[x].id));
    json_array_append_new(recs, json_integer(l->d.r[y].id));
    json_object_set_new(o, "records", recs);
    return o;
}

/* Where a record comes from and the name as its list wrote it (not
 * folded: "JOSE ROBERTO MARTINEZ", "Chepe Hernández"), for a reviewer to
 * find the line and judge the spelling:
 * {"record", "source", "ref", "line", "name"}. */
static json_t *record_origin(store *s, long rec)
{
    sqlite3_stmt *st;
    herr e = {0};
    json_t *o = json_object();
    json_object_set_new(o, "record", json_integer(rec));
    if (store_prepare(s,
                      "SELECT s.name, r.source_ref, r.line, "
                      "coalesce(r.full_name, trim(coalesce(r.given_names, '') || ' ' || "
                      "coalesce(r.surnames, trim(coalesce(r.surname1, '') || ' ' || "
                      "coalesce(r.surname2, ''))))) "
                      "FROM record r JOIN source s ON s.id = r.source_id WHERE r.id = ?1",
                      &st, &e) != HERR_OK)
        return o;
    sqlite3_bind_int64(st, 1, rec);
    if (sqlite3_step(st) == SQLITE_ROW) {
        static const char *const keys[] = {"source", "ref", "line", "name"};
        for (int k = 0; k < 4; k++) {
            if (sqlite3_column_type(st, k) == SQLITE_NULL)
                json_object_set_new(o, keys[k], json_null());
            else if (k == 2)
                json_object_set_new(o, keys[k], json_integer(sqlite3_column_int64(st, k)));
            else
                json_object_set_new(o, keys[k],
                                    json_string((const char *)sqlite3_column_text(st, k)));
        }
    }
    sqlite3_finalize(st);
    return o;
}

/* The comparison of records a and b (indexes) as JSON: the waterfall of
 * the pair alone, its rivals (link_pair_rivals), and the probability with
 * them counted: `decided` when the run's own (a review pair), else from
 * the rivals found here. */
static json_t *explain_pair(store *s, const link_view *l, long a, long b, double decided)
{
    const link_model *mp = &l->m;
    const ldata *dp = &l->d;
    long rec_a = dp->r[a].id, rec_b = dp->r[b].id;
    const lrec *ra = &dp->r[a], *rb = &dp->r[b];
    link_pattern pat = link_compare(dp, ra, rb);
    json_t *o = json_object();
    json_object_set_new(o, "record_a", json_integer(rec_a));
    json_object_set_new(o, "record_b", json_integer(rec_b));
    /* What the last run made of them: one person (joined by this pair, by
     * others, or on all of a person's records together), or two. */
    json_object_set_new(o, "person_a", person_of_record(s, rec_a));
    json_object_set_new(o, "person_b", person_of_record(s, rec_b));
    json_t *origins = json_array();
    json_array_append_new(origins, record_origin(s, rec_a));
    json_array_append_new(origins, record_origin(s, rec_b));
    json_object_set_new(o, "records", origins);
    /* either record set apart from a group one pair had put it in */
    json_t *apart = json_array();
    for (int k = 0; k < 2; k++) {
        json_t *x = set_apart_of(s, k ? rec_b : rec_a);
        if (x)
            json_array_append_new(apart, x);
    }
    json_object_set_new(o, "set_apart", apart);
    double prior = link_pair_prior(mp, link_source_slot(mp, ra->source),
                                   link_source_slot(mp, rb->source));
    json_object_set_new(o, "prior_weight", json_real(prior));
    json_t *fields = json_array();
    double total = prior;
    for (int f = 0; f < LF_COUNT; f++) {
        int lv = link_level(pat, (link_field)f);
        link_basis basis;
        double flat;
        double w = link_field_weight_basis(mp, dp, ra, rb, (link_field)f, lv, &basis, &flat);
        total += w;
        json_t *x = json_object();
        json_object_set_new(x, "field", json_string(link_field_name((link_field)f)));
        json_t *va = record_value(dp, ra, (link_field)f), *vb = record_value(dp, rb, (link_field)f);
        if (f == LF_FACILITY) {
            va = facility_named(s, va);
            vb = facility_named(s, vb);
        }
        json_object_set_new(x, "a", va);
        json_object_set_new(x, "b", vb);
        json_object_set_new(x, "level", json_string(link_pattern_level_name(dp, ra, rb, pat, (link_field)f)));
        json_object_set_new(x, "weight", json_real(w));
        /* how it was set, and what the level weighs for any pair */
        json_object_set_new(x, "basis", json_string(link_basis_name(basis)));
        json_object_set_new(x, "level_weight", json_real(flat));
        json_array_append_new(fields, x);
    }
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "total_weight", json_real(total));
    double alone = link_probability(total);
    json_object_set_new(o, "probability_alone", json_real(alone));
    link_rival top[EXPLAIN_RIVALS];
    int ntop;
    double rivals = link_pair_rivals(&l->sc, dp, (uint32_t)a, (uint32_t)b, top, EXPLAIN_RIVALS,
                                     &ntop);
    json_t *rv = json_array();
    for (int k = 0; k < ntop; k++) {
        json_t *x = json_object();
        json_object_set_new(x, "record", json_integer(dp->r[top[k].rec].id));
        json_object_set_new(x, "source", source_name(s, dp->r[top[k].rec].source));
        json_object_set_new(x, "fits", json_integer(dp->r[top[k].of].id));
        json_object_set_new(x, "probability_alone", json_real(link_probability(top[k].weight)));
        json_array_append_new(rv, x);
    }
    json_object_set_new(o, "rivals", rv);
    double odds = link_odds(total);
    double none = ra->source == rb->source
                      ? 1
                      : link_unmatched(mp, link_source_slot(mp, ra->source),
                                       link_source_slot(mp, rb->source));
    double p = decided >= 0 ? decided : odds / (none + odds + rivals);
    json_object_set_new(o, "probability", json_real(p));
    /* likely enough, and yet two persons: why, when a rule says */
    json_t *pa = json_object_get(o, "person_a"), *pb = json_object_get(o, "person_b");
    if (p >= l->sc.threshold && json_is_integer(pa) && json_is_integer(pb) &&
        json_integer_value(pa) != json_integer_value(pb)) {
        json_t *why = kept_apart(s, l, a, b, (long)json_integer_value(pa),
                                 (long)json_integer_value(pb));
        if (why)
            json_object_set_new(o, "kept_apart", why);
    }
    return o;
}

/* v, or a view loaded for this call into *own (freed by the caller). */
static int view_or_load(store *s, const link_view *v, link_view **own, const link_view **use,
                        herr *e)
{
    *own = NULL;
    *use = v;
    if (v)
        return HERR_OK;
    int rc = link_view_load(s, own, e);
    *use = *own;
    return rc;
}

int link_explain(store *s, const link_view *v, long rec_a, long rec_b, json_t **out, herr *e)
{
    link_view *own;
    const link_view *l;
    int rc = view_or_load(s, v, &own, &l, e);
    if (rc != HERR_OK)
        return rc;
    long a = link_rec_index(&l->d, rec_a), b = link_rec_index(&l->d, rec_b);
    if (a < 0 || b < 0)
        rc = herr_set(e, HERR_INPUT, "explain: no record %ld", a < 0 ? rec_a : rec_b);
    else
        *out = explain_pair(s, l, a, b, -1);
    link_view_free(own);
    return rc;
}

int link_review_json(store *s, const link_view *v, long limit, json_t **out, herr *e)
{
    link_view *own;
    const link_view *l;
    int rc = view_or_load(s, v, &own, &l, e);
    if (rc != HERR_OK)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "SELECT record_a, record_b, probability FROM review_pair "
                       "ORDER BY set_apart DESC, abs(probability - 0.5), record_a, record_b "
                       "LIMIT ?1",
                       &st, e);
    if (rc != HERR_OK) {
        link_view_free(own);
        return rc;
    }
    sqlite3_bind_int64(st, 1, limit);
    json_t *arr = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        long a = link_rec_index(&l->d, (long)sqlite3_column_int64(st, 0));
        long b = link_rec_index(&l->d, (long)sqlite3_column_int64(st, 1));
        if (a >= 0 && b >= 0)
            json_array_append_new(arr, explain_pair(s, l, a, b, sqlite3_column_double(st, 2)));
    }
    sqlite3_finalize(st);
    link_view_free(own);
    *out = arr;
    return HERR_OK;
}
