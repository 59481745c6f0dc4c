/*
 * bench/trace_queries.c — tracing speed and accuracy on noisy family
 * queries.  For QUERIES persons of the synthetic truth who appear on at
 * least one list, it writes what a relative might say (a nickname for the
 * given name, one given name of two, the second surname left out, a
 * surname misspelt, no accents, the age today instead of the birth date,
 * the arrest month, the town), traces it, and counts a hit when one of
 * the top three candidates holds a record of that person.  Prints the
 * index build time, p50/p99 per query and top-1/top-3 accuracy.
 * A share of the askers (MOTHER_SHARE, default 0.5: about half the
 * informants of family reports are mothers) also give the mother's name,
 * drawn from a stream of its own so that the queries are otherwise the
 * same whatever the share; accuracy is printed for both kinds of query.
 * Beside accuracy, a ceiling on it: how many persons on the lists each
 * query fits exactly as well as the one sought, by the truth (see
 * twins()).
 * A share of the queries (GIVEN_SLIP, default 0.2) has the first given
 * name typed with a slip too ("Jsoe", "Carlso"), from a stream of its
 * own as well: 0 gives the queries of the sessions before it.
 * Usage: trace_queries DB LISTS_DIR [QUERIES] [SEED] [MOTHER_SHARE] [GIVEN_SLIP]
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "names/names.h"
#include "trace/trace.h"
#include "util/rng.h"

typedef struct tp {
    uint64_t h;   /* hash of source and record id */
    long pnum;    /* P000123 -> 123 */
} tp;

typedef struct pairs {
    tp *v;
    size_t n, cap;
} pairs;

static uint64_t hash2(const char *a, size_t an, const char *b, size_t bn)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < an; i++)
        h = (h ^ (unsigned char)a[i]) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (size_t i = 0; i < bn; i++)
        h = (h ^ (unsigned char)b[i]) * 1099511628211ULL;
    return h;
}

static void push(pairs *p, uint64_t h, long pnum)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4096;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = (tp){h, pnum};
}

static int tp_cmp(const void *x, const void *y)
{
    const tp *a = x, *b = y;
    if (a->h != b->h)
        return a->h < b->h ? -1 : 1;
    return a->pnum < b->pnum ? -1 : a->pnum > b->pnum;
}

static int on_truth(void *ctx, long line, const char *const *f, const size_t *len, size_t n,
                    herr *e)
{
    if (line == 1 || n < 3)
        return HERR_OK;
    push(ctx, hash2(f[0], len[0], f[1], len[1]), atol(f[2] + 1));
    return HERR_OK;
}

/* A person of the truth, the columns a query needs. */
typedef struct person {
    long pnum;
    char *given, *s1, *s2, *birth, *residence, *arrest, *mother;
} person;

typedef struct persons {
    person *v;
    size_t n, cap;
    int col[8];
} persons;

static char *dup_field(const char *s, size_t n)
{
    char *x = malloc(n + 1);
    memcpy(x, s, n);
    x[n] = '\0';
    return x;
}

static int on_person(void *ctx, long line, const char *const *f, const size_t *len, size_t n,
                     herr *e)
{
    persons *p = ctx;
    static const char *const want[8] = {"person_id", "given_names", "surname1", "surname2",
                                        "birth_date", "residence", "arrest_date", "mother_name"};
    if (line == 1) {
        for (int k = 0; k < 8; k++) {
            p->col[k] = -1;
            for (size_t i = 0; i < n; i++)
                if (len[i] == strlen(want[k]) && memcmp(f[i], want[k], len[i]) == 0)
                    p->col[k] = (int)i;
            if (p->col[k] < 0)
                return herr_set(e, HERR_INPUT, "persons.csv: no column %s", want[k]);
        }
        return HERR_OK;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4096;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
    }
    person *x = &p->v[p->n++];
    x->pnum = atol(f[p->col[0]] + 1);
    char **dst[7] = {&x->given, &x->s1, &x->s2, &x->birth, &x->residence, &x->arrest, &x->mother};
    for (int k = 0; k < 7; k++)
        *dst[k] = dup_field(f[p->col[k + 1]], len[p->col[k + 1]]);
    return HERR_OK;
}

/* The nickname a relative might use for a given name, if one is common. */
static const char *nickname_of(const char *folded_given)
{
    static const char *const map[][2] = {
        {"jose", "chepe"},       {"francisco", "chico"}, {"antonio", "tono"},
        {"roberto", "beto"},     {"guillermo", "memo"},  {"jesus", "chuy"},
        {"manuel", "meme"},      {"enrique", "kike"},    {"eduardo", "lalo"},
        {"santiago", "chago"},   {"salvador", "chava"},  {"luis", "lucho"},
        {"rosario", "chayo"},    {"alfredo", "fredy"},   {"ignacio", "nacho"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], folded_given) == 0)
            return map[i][1];
    return NULL;
}

/* One slip in a name word: a letter dropped, doubled or swapped for its
 * sound-alike. */
static void misspell(rng *r, char *w)
{
    size_t n = strlen(w);
    if (n < 4)
        return;
    size_t i = 1 + rng_below(r, n - 2);
    if ((unsigned char)w[i] >= 0x80 || (unsigned char)w[i + 1] >= 0x80)
        return; /* never split an accented letter's bytes */
    switch (rng_below(r, 3)) {
    case 0: memmove(w + i, w + i + 1, n - i); break;
    case 1: w[i] = w[i] == 'z' ? 's' : w[i] == 's' ? 'z' : w[i] == 'v' ? 'b' : w[i] == 'b' ? 'v' : w[i + 1]; break;
    default: { char c = w[i]; w[i] = w[i + 1]; w[i + 1] = c; } break;
    }
}

/* What a query told of the person, for the ceiling: the second surname,
 * a birth date, an age, the arrest month, the town. */
typedef struct told {
    bool all_given; /* every given name, none as a nickname */
    bool s2, birth, age, arrest, place;
} told;

static void make_query(rng *r, const person *p, int year_now, trace_query *q, char *name,
                       size_t size, char *arrest, char *place, told *t)
{
    memset(t, 0, sizeof *t);
    trace_query_init(q);
    sbuf fold;
    sbuf_init(&fold);
    /* given: one of them, maybe as a nickname */
    char given[96];
    snprintf(given, sizeof given, "%s", p->given);
    char *sp = strchr(given, ' ');
    t->all_given = true;
    if (sp && rng_chance(r, 0.5)) {
        *sp = '\0';
        t->all_given = false;
    }
    names_fold(given, strlen(given), ' ', &fold);
    const char *first = fold.data ? fold.data : "";
    char firstword[64];
    snprintf(firstword, sizeof firstword, "%.*s", (int)strcspn(first, " "), first);
    const char *nick = nickname_of(firstword);
    if (nick && rng_chance(r, 0.5)) {
        snprintf(given, sizeof given, "%s", nick);
        t->all_given = false;
    }
    char s1[64];
    snprintf(s1, sizeof s1, "%s", p->s1);
    if (rng_chance(r, 0.25))
        misspell(r, s1);
    bool with_s2 = *p->s2 && rng_chance(r, 0.6);
    t->s2 = with_s2;
    snprintf(name, size, "%s %s%s%s", given, s1, with_s2 ? " " : "", with_s2 ? p->s2 : "");
    if (rng_chance(r, 0.3)) { /* typed without accents, in capitals */
        sbuf_reset(&fold);
        names_fold(name, strlen(name), ' ', &fold);
        snprintf(name, size, "%s", fold.data ? fold.data : "");
        for (char *c = name; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                *c = (char)(*c - 32);
    }
    q->name = name;
    double u = rng_unit(r);
    if (u < 0.3 && strlen(p->birth) >= 4) {
        q->birth_date = p->birth;
        t->birth = true;
    } else if (u < 0.85 && strlen(p->birth) >= 4) {
        q->age = year_now - atoi(p->birth) - (int)rng_below(r, 2); /* birthday or not yet */
        t->age = true;
    }
    if (strlen(p->arrest) >= 7 && rng_chance(r, 0.6)) {
        snprintf(arrest, 8, "%.7s", p->arrest); /* the month */
        q->arrest_date = arrest;
        t->arrest = true;
    }
    if (*p->residence && rng_chance(r, 0.5)) {
        snprintf(place, 64, "%.*s", (int)strcspn(p->residence, ","), p->residence);
        q->place = place;
        t->place = true;
    }
    sbuf_free(&fold);
}

/* ---- the ceiling ----
 * However good the search, some queries cannot tell the one sought from
 * others: persons on the lists with the same given names and first
 * surname who also share everything else the query gives (the second
 * surname and the mother, the birth date or a birth year the age allows,
 * the arrest month, the town).  The query is then as likely from each of
 * them, so whatever the ranking, the one sought is among the first three
 * with chance at most 3/k for k such persons.  The mean over the queries
 * is a ceiling on top-3 accuracy (1/k for top-1), measured on the truth,
 * which knows more than any list does.
 * Counted twice.  "By the truth" takes the twins to share all the given
 * names of the one sought, even when the query gave only the first or a
 * nickname of it: a loose ceiling.  "As told" holds them to what the
 * query gave: "Juan García" fits Juan Pablo and Juan José García alike.
 * That one is an estimate, not a bound (the query is twice as likely from
 * a man who has one given name as from a man who has two), but nearer
 * what a search can reach. */
typedef struct twin_key {
    uint64_t name; /* first given name and first surname, folded */
    uint32_t idx;  /* into persons */
} twin_key;

static uint64_t fold_hash(const char *a, const char *b)
{
    sbuf f;
    sbuf_init(&f);
    names_fold(a, strlen(a), ' ', &f);
    sbuf_add(&f, "|", 1);
    names_fold(b, strlen(b), ' ', &f);
    uint64_t h = hash2(f.data ? f.data : "", f.len, "", 0);
    sbuf_free(&f);
    return h;
}

static uint64_t first_given_hash(const char *given, const char *s1)
{
    char first[96];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(given, " "), given);
    return fold_hash(first, s1);
}

static int twin_cmp(const void *x, const void *y)
{
    const twin_key *a = x, *b = y;
    if (a->name != b->name)
        return a->name < b->name ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static bool town_eq(const char *a, const char *b)
{
    size_t na = strcspn(a, ","), nb = strcspn(b, ",");
    return na == nb && memcmp(a, b, na) == 0;
}

/* How many persons on the lists the query (told t, of person p, in
 * year_now) fits as well as p: p and its twins. */
static long twins(const twin_key *keys, size_t nkeys, const persons *ps, const bool *listed,
                  const person *p, const told *t, const trace_query *q, int year_now,
                  bool as_told)
{
    twin_key probe = {first_given_hash(p->given, p->s1), 0};
    size_t lo = 0, hi = nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (keys[mid].name < probe.name)
            lo = mid + 1;
        else
            hi = mid;
    }
    long k = 0;
    for (size_t i = lo; i < nkeys && keys[i].name == probe.name; i++) {
        const person *x = &ps->v[keys[i].idx];
        if (!listed[keys[i].idx])
            continue;
        if ((!as_told || t->all_given) && strcmp(x->given, p->given) != 0)
            continue;
        if ((t->s2 || q->mother) && strcmp(x->s2, p->s2) != 0)
            continue;
        if (q->mother && strcmp(x->mother, p->mother) != 0)
            continue;
        if (t->birth && strcmp(x->birth, p->birth) != 0)
            continue;
        if (t->age) {
            int by = atoi(x->birth);
            if (by < year_now - q->age - 1 || by > year_now - q->age)
                continue;
        }
        if (t->arrest && strncmp(x->arrest, p->arrest, 7) != 0)
            continue;
        if (t->place && !town_eq(x->residence, p->residence))
            continue;
        k++;
    }
    return k > 0 ? k : 1;
}

/* ---- why a search missed ----
 * For a query whose sought man is not in the first three, his own entry
 * in the answer (the first 100) says what his records make of what the
 * query told: a told field they contradict (a weight below zero), one they
 * lack (no part for it: namesakes whose records have it and agree rank
 * above him, rightly on that evidence), or neither (outranked on what
 * both have). */
enum { MISS_NOT_FOUND, MISS_CONTRADICTED, MISS_LACKING, MISS_OUTRANKED, MISS_KINDS };

static int miss_kind(store *s, const trace_index *ix, const trace_query *q, const told *t,
                     const pairs *owner, size_t lo, long pnum)
{
    json_t *out = NULL;
    herr e = {0};
    if (trace_answer_json(s, ix, q, 100, 0, &out, &e) != HERR_OK)
        return MISS_NOT_FOUND;
    json_t *c, *his = NULL;
    size_t i;
    json_array_foreach(json_object_get(out, "candidates"), i, c)
    {
        long id = (long)json_integer_value(json_object_get(c, "person_id"));
        for (size_t k = lo; k < owner->n && (long)owner->v[k].h == pnum && !his; k++)
            if (owner->v[k].pnum == id)
                his = c;
        if (his)
            break;
    }
    if (!his) {
        json_decref(out);
        return MISS_NOT_FOUND;
    }
    if (getenv("TRACE_DEBUG")) { /* what the sought man's entry and the third say */
        json_t *third = json_array_get(json_object_get(out, "candidates"), 2);
        for (int w = 0; w < 2; w++) {
            json_t *x = w ? his : third, *why;
            size_t k;
            printf("  %s:", w ? "his" : "3rd");
            json_array_foreach(json_object_get(x, "why"), k, why)
                printf(" [%s]", json_string_value(why));
            printf("\n");
        }
    }
    /* the why_parts fields that answer each thing told */
    const char *asked[5][2];
    int nasked = 0;
    if (t->birth || t->age)
        asked[nasked][0] = "birth", asked[nasked++][1] = "birth";
    if (t->arrest)
        asked[nasked][0] = "arrest_date", asked[nasked++][1] = "admission";
    if (t->place)
        asked[nasked][0] = "residence", asked[nasked++][1] = "place";
    if (t->s2 || q->mother)
        asked[nasked][0] = "surname2", asked[nasked++][1] = "parents";
    bool lacking = false, contradicted = false;
    for (int a = 0; a < nasked; a++) {
        bool seen = false;
        json_t *part;
        size_t j;
        json_array_foreach(json_object_get(his, "why_parts"), j, part)
        {
            const char *f = json_string_value(json_object_get(part, "field"));
            if (!f || (strcmp(f, asked[a][0]) != 0 && strcmp(f, asked[a][1]) != 0))
                continue;
            seen = true;
            contradicted |= json_real_value(json_object_get(part, "weight")) < 0;
        }
        lacking |= !seen;
    }
    json_decref(out);
    return contradicted ? MISS_CONTRADICTED : lacking ? MISS_LACKING : MISS_OUTRANKED;
}

static int dcmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: trace_queries DB LISTS_DIR [QUERIES] [SEED] [MOTHER_SHARE] [GIVEN_SLIP]\n",
              stderr);
        return 1;
    }
    long nq = argc > 3 ? atol(argv[3]) : 2000;
    uint64_t seed = argc > 4 ? (uint64_t)atoll(argv[4]) : 1;
    double mother_share = argc > 5 ? atof(argv[5]) : 0.5;
    double given_slip = argc > 6 ? atof(argv[6]) : 0.2;
    store *s;
    herr e = {0};
    if (store_open(argv[1], STORE_MUST_EXIST, &s, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    char path[4096];
    pairs truth = {0};
    persons ps = {0};
    snprintf(path, sizeof path, "%s/truth.csv", argv[2]);
    if (ingest_table_read(path, on_truth, &truth, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    snprintf(path, sizeof path, "%s/persons.csv", argv[2]);
    if (ingest_table_read(path, on_person, &ps, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    qsort(truth.v, truth.n, sizeof *truth.v, tp_cmp);
    /* (true person, linked person) for every record */
    pairs owner = {0};
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT src.name, r.source_ref, m.person_id FROM record r "
                      "JOIN source src ON src.id = r.source_id "
                      "JOIN membership m ON m.record_id = r.id",
                      &st, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *src = (const char *)sqlite3_column_text(st, 0);
        const char *ref = (const char *)sqlite3_column_text(st, 1);
        if (!ref)
            continue;
        tp k = {hash2(src, strlen(src), ref, strlen(ref)), 0};
        size_t lo = 0, hi = truth.n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (truth.v[mid].h < k.h)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < truth.n && truth.v[lo].h == k.h)
            push(&owner, (uint64_t)truth.v[lo].pnum, sqlite3_column_int64(st, 2));
    }
    sqlite3_finalize(st);
    qsort(owner.v, owner.n, sizeof *owner.v, tp_cmp); /* by true person, then person */
    /* The persons on some list, and each one's name key, for the ceiling. */
    bool *listed = calloc(ps.n ? ps.n : 1, sizeof *listed);
    twin_key *keys = malloc((ps.n ? ps.n : 1) * sizeof *keys);
    for (size_t i = 0; i < ps.n; i++) {
        size_t lo = 0, hi = owner.n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if ((long)owner.v[mid].h < ps.v[i].pnum)
                lo = mid + 1;
            else
                hi = mid;
        }
        listed[i] = lo < owner.n && (long)owner.v[lo].h == ps.v[i].pnum;
        keys[i] = (twin_key){first_given_hash(ps.v[i].given, ps.v[i].s1), (uint32_t)i};
    }
    qsort(keys, ps.n, sizeof *keys, twin_cmp);
    double ceil1 = 0, ceil3 = 0, told1 = 0, told3 = 0;

    double t0 = now_seconds();
    trace_index *ix;
    if (trace_index_build(s, &ix, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double build = now_seconds() - t0;
    long rss_index = peak_rss_kib();

    rng r, rm, rg;
    rng_seed(&r, seed);
    rng_seed(&rm, seed ^ 0x6d6f74686572ULL);
    rng_seed(&rg, seed ^ 0x676976656eULL);
    long with_mother = 0, top3_mother = 0;
    int year_now = hdate_today().year;
    double *ms = malloc((size_t)nq * sizeof *ms);
    long done = 0, top1 = 0, top3 = 0, tries = 0, misses[MISS_KINDS] = {0};
    bool debug = getenv("TRACE_DEBUG") != NULL;
    double slow_ms = getenv("TRACE_SLOW") ? atof(getenv("TRACE_SLOW")) : 0;
    while (done < nq && tries < nq * 50) {
        tries++;
        const person *p = &ps.v[rng_below(&r, ps.n)];
        /* only persons some list mentions: the others cannot be found */
        size_t lo = 0, hi = owner.n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if ((long)owner.v[mid].h < p->pnum)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == owner.n || (long)owner.v[lo].h != p->pnum)
            continue;
        char name[256], arrest[8], place[64];
        trace_query q;
        told t;
        make_query(&r, p, year_now, &q, name, sizeof name, arrest, place, &t);
        if (rng_chance(&rg, given_slip)) { /* the first word typed with a slip */
            char first[96];
            size_t len = strcspn(name, " ");
            snprintf(first, sizeof first, "%.*s", (int)len, name);
            misspell(&rg, first); /* never longer than it was */
            size_t fl = strlen(first);
            memmove(name + fl, name + len, strlen(name + len) + 1);
            memcpy(name, first, fl);
        }
        bool mother = *p->mother && rng_chance(&rm, mother_share);
        if (mother)
            q.mother = p->mother;
        long fits = twins(keys, ps.n, &ps, listed, p, &t, &q, year_now, false);
        long fits_told = twins(keys, ps.n, &ps, listed, p, &t, &q, year_now, true);
        trace_hit hits[3];
        size_t n;
        double q0 = now_seconds();
        if (debug) { /* where the true person ranks, for a miss */
            trace_hit many[200];
            size_t nm;
            trace_search(ix, &q, many, 200, &nm, &e);
            long rank = -1;
            for (size_t i = 0; i < nm && rank < 0; i++)
                for (size_t k = lo; k < owner.n && (long)owner.v[k].h == p->pnum; k++)
                    if (owner.v[k].pnum == many[i].person_id)
                        rank = (long)i;
            if (rank < 0 || rank > 2)
                printf("MISS rank %ld of %zu: '%s' age %d birth %s arrest %s place %s | true "
                       "P%06ld %s %s %s %s; top %.1f %.1f %.1f, true %.1f; twins as told %ld\n",
                       rank, nm, name, q.age, q.birth_date ? q.birth_date : "-",
                       q.arrest_date ? q.arrest_date : "-", q.place ? q.place : "-", p->pnum,
                       p->given, p->s1, p->s2, p->birth, nm > 0 ? many[0].weight : 0,
                       nm > 1 ? many[1].weight : 0, nm > 2 ? many[2].weight : 0,
                       rank >= 0 ? many[rank].weight : 0, fits_told);
        }
        if (trace_search(ix, &q, hits, 3, &n, &e) != HERR_OK) {
            fprintf(stderr, "query '%s': %s\n", name, e.msg);
            continue;
        }
        ms[done++] = (now_seconds() - q0) * 1000;
        if (slow_ms > 0 && ms[done - 1] >= slow_ms) /* TRACE_SLOW=MS: which queries are slow */
            printf("SLOW %.1f ms: '%s' age %d birth %s arrest %s place %s mother %s\n",
                   ms[done - 1], name, q.age, q.birth_date ? q.birth_date : "-",
                   q.arrest_date ? q.arrest_date : "-", q.place ? q.place : "-",
                   q.mother ? "yes" : "no");
        ceil1 += 1.0 / (double)fits;
        ceil3 += fits <= 3 ? 1.0 : 3.0 / (double)fits;
        told1 += 1.0 / (double)fits_told;
        told3 += fits_told <= 3 ? 1.0 : 3.0 / (double)fits_told;
        with_mother += mother;
        bool found = false;
        for (size_t i = 0; i < n && !found; i++) {
            for (size_t k = lo; k < owner.n && (long)owner.v[k].h == p->pnum && !found; k++)
                found = owner.v[k].pnum == hits[i].person_id;
            if (found) {
                top3++;
                top3_mother += mother;
                top1 += i == 0;
            }
        }
        if (!found)
            misses[miss_kind(s, ix, &q, &t, &owner, lo, p->pnum)]++;
    }
    qsort(ms, (size_t)done, sizeof *ms, dcmp);
    double sum = 0;
    for (long i = 0; i < done; i++)
        sum += ms[i];
    printf("trace index: %zu records in %.2f s, peak RSS %ld MB\n", trace_index_records(ix), build,
           rss_index / 1024);
    printf("%ld noisy family queries (seed %llu, given name misspelt in %.0f%%): p50 %.3f ms  "
           "p99 %.3f ms  mean %.3f ms  max %.3f ms\n",
           done, (unsigned long long)seed, 100 * given_slip, ms[done / 2],
           ms[(long)(done * 0.99)], sum / (double)done, ms[done - 1]);
    printf("accuracy: top-1 %.4f  top-3 %.4f   (floors: p50 <= 2 ms, p99 <= 10 ms, top-3 >= 0.95)\n",
           (double)top1 / (double)done, (double)top3 / (double)done);
    printf("  the %ld misses: not among the first 100 %ld; the sought man's records contradict "
           "something the query tells %ld; they lack something it tells %ld; outranked on what "
           "both have %ld\n",
           done - top3, misses[MISS_NOT_FOUND], misses[MISS_CONTRADICTED], misses[MISS_LACKING],
           misses[MISS_OUTRANKED]);
    long without = done - with_mother;
    printf("  ceiling (persons on the lists the query cannot tell from the one sought, by the "
           "truth): top-1 %.4f  top-3 %.4f\n",
           ceil1 / (double)done, ceil3 / (double)done);
    printf("  ceiling as told (the twins share only the given names the query gave): top-1 %.4f  "
           "top-3 %.4f\n",
           told1 / (double)done, told3 / (double)done);
    printf("  top-3 with the mother's name %.4f (%ld queries), without %.4f (%ld)\n",
           with_mother ? (double)top3_mother / (double)with_mother : 0, with_mother,
           without ? (double)(top3 - top3_mother) / (double)without : 0, without);
    free(listed);
    free(keys);
    trace_index_free(ix);
    store_close(s);
    return 0;
}
