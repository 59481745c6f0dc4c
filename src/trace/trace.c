/*
 * trace.c — the index of blocking keys and the search (see trace.h).
 *
 * Keys (64 bits: a kind in the top byte, then hashes):
 *   GS  sound of the first given name + sound of a surname (each of the
 *       record's two, so that "Carlos Martínez" finds Carlos Hernández
 *       Martínez as well as Carlos Martínez Hernández)
 *   SS  sounds of both surnames, in order (the given name misspelt)
 *   NS  nickname + sound of the first surname ("Chele Martínez")
 *   DUI the document
 *   GY  sound of the given name + a birth year the record allows
 *   SY  sound of the first surname + a birth year (the given name unknown
 *       or wrong)
 *   GI  sound of the given name + the first surname's first letter (a
 *       surname misspelt past its first letter, and no age to go by)
 *   GA  all the given names (two or more) + the first surname's first
 *       letter: the same, for a common first given name ("Juan Carlos
 *       Mnejívar", whose GI key holds thousands of Juans)
 * A query looks up every key it can make and compares each record found
 * once.  A name word that is likely a slip of a commoner one (a list's
 * "Gómlz", a family's "Hennández") gives the name keys of that word as
 * well, in the index and in the query.  When none is likely, it looks up
 * the keys of the year and initial, and the name keys made again with the
 * words of the lists one slip from its own (link_lexicon_near: a misspelt
 * name sounds otherwise).  Postings are record indexes, grouped by key in
 * one array; a sorted array of distinct keys points into it.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "facility/facility.h"
#include "ingest/ingest.h"
#include "link/internal.h"
#include "names/names.h"
#include "trace.h"

enum { K_GS = 1, K_SS, K_NS, K_DUI, K_GY, K_SY, K_GI, K_GA };

static uint64_t key2(int kind, uint32_t a, uint32_t b)
{
    return ((uint64_t)kind << 56) ^ ((uint64_t)(a & 0xffffff) << 32) ^ (uint64_t)b;
}

typedef struct kv {
    uint64_t key;
    uint32_t rec;
} kv;

/* One merge of the last link run: two records, as indexes, and how
 * likely the two groups it joined were one person. */
typedef struct merge {
    uint32_t a, b;
    double p;
} merge;

typedef struct alias {
    char *key;   /* facility_key() of a name */
    long id;     /* facility id */
    bool cell;   /* the facility is a police holding cell (facility_kind_is_cell) */
} alias;

struct trace_index {
    link_view *v;       /* the last run's model and records; owned */
    long max_record;
    long *person;       /* per record index; 0 = not linked */
    uint32_t *members;  /* record indexes of linked records, by person, then index */
    size_t nmembers;
    struct merge *merges; /* the last run's merges (link_merge), by record a's index */
    size_t nmerges;
    link_lexicon *lex;  /* the records' name words, for a misspelt query's */
    uint64_t *keys;     /* distinct keys, sorted */
    uint32_t *start;    /* postings of keys[i]: post[start[i] .. start[i+1]) */
    uint32_t *post;
    size_t nkeys;
    alias *aliases;     /* sorted by key */
    size_t naliases;
};

void trace_query_init(trace_query *q)
{
    memset(q, 0, sizeof *q);
    q->age = -1;
}

/* ---- building ---- */

typedef struct kvbuf {
    kv *v;
    size_t n, cap;
} kvbuf;

static void kv_add(kvbuf *b, uint64_t key, uint32_t rec)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1 << 16;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = (kv){key, rec};
}

/* Sorts v[0..n) by key, keeping the order of equal keys (so, added by
 * record, by key then record): a radix sort, a byte a pass, skipping the
 * bytes all keys share.  Ten million keys at a million records; qsort
 * took a fifth of the index's build. */
static void kv_sort(kv *v, size_t n)
{
    kv *tmp = xmalloc((n ? n : 1) * sizeof *tmp), *src = v, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(src[i].key >> shift) & 0xff]++;
        if (n && count[(src[0].key >> shift) & 0xff] == n)
            continue; /* every key has this byte */
        size_t at = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
        kv *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    free(tmp);
}

/* Calls add(key) for every key of r; the query and the records share it. */
typedef void (*key_fn)(void *ctx, uint64_t key);
static void record_name_keys(const ldata *d, const lrec *r, key_fn add, void *ctx);

/* The keys of r, by stage: the name keys (1), a name part with a birth
 * year (2), the given name(s) with the surname's initial (3). */
enum { STAGE_NAMES = 1, STAGE_YEARS = 2, STAGE_INITIAL = 4 };

static void record_keys_staged(const ldata *d, const lrec *r, int stages, key_fn add, void *ctx)
{
    if (stages & STAGE_NAMES)
        record_name_keys(d, r, add, ctx);
    if ((stages & STAGE_INITIAL) && r->gkey && r->s1)
        add(ctx, key2(K_GI, r->gkey, (unsigned char)lstr(d, r->s1)[0]));
    if ((stages & STAGE_INITIAL) && r->grest && r->gh && r->s1)
        add(ctx, key2(K_GA, r->gh, (unsigned char)lstr(d, r->s1)[0]));
    if ((stages & STAGE_YEARS) && r->blo > 0 && r->bhi >= r->blo && r->bhi - r->blo <= 6)
        for (int y = r->blo; y <= r->bhi; y++) {
            if (r->gkey)
                add(ctx, key2(K_GY, r->gkey, (uint32_t)y));
            if (r->s1key)
                add(ctx, key2(K_SY, r->s1key, (uint32_t)y));
        }
}


static void record_name_keys(const ldata *d, const lrec *r, key_fn add, void *ctx)
{
    if (r->gkey && r->s1key)
        add(ctx, key2(K_GS, r->gkey, r->s1key));
    if (r->gkey && r->s2key)
        add(ctx, key2(K_GS, r->gkey, r->s2key));
    if (r->s1key && r->s2key)
        add(ctx, key2(K_SS, r->s1key, r->s2key));
    if (r->nick && r->s1key)
        add(ctx, key2(K_NS, link_hash(lstr(d, r->nick)), r->s1key));
    if (r->dui >= 0)
        add(ctx, key2(K_DUI, 0, (uint32_t)r->dui));
}

typedef struct build_ctx {
    kvbuf *b;
    uint32_t rec;
} build_ctx;

static void build_add(void *ctx, uint64_t key)
{
    build_ctx *c = ctx;
    kv_add(c->b, key, c->rec);
}

static int alias_cmp(const void *x, const void *y)
{
    return strcmp(((const alias *)x)->key, ((const alias *)y)->key);
}

static int load_aliases(store *s, trace_index *ix, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT a.key, a.facility_id, f.kind FROM facility_alias a "
                           "JOIN facility f ON f.id = a.facility_id ORDER BY a.key",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (ix->naliases == cap) {
            cap = cap ? cap * 2 : 64;
            ix->aliases = xrealloc(ix->aliases, cap * sizeof *ix->aliases);
        }
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        ix->aliases[ix->naliases++] =
            (alias){xstrdup((const char *)sqlite3_column_text(st, 0)),
                    (long)sqlite3_column_int64(st, 1), facility_kind_is_cell(kind)};
    }
    sqlite3_finalize(st);
    qsort(ix->aliases, ix->naliases, sizeof *ix->aliases, alias_cmp);
    return HERR_OK;
}

static const trace_index *member_ix; /* for member_cmp, while the index is built */

static int member_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    long pa = member_ix->person[a], pb = member_ix->person[b];
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int load_membership(store *s, trace_index *ix, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT record_id, person_id FROM membership ORDER BY record_id",
                           &st, e);
    if (rc != HERR_OK)
        return rc;
    ix->person = xcalloc(ix->v->d.n ? ix->v->d.n : 1, sizeof *ix->person);
    size_t i = 0; /* records are loaded by id, so one merge pass */
    while (sqlite3_step(st) == SQLITE_ROW) {
        long rid = (long)sqlite3_column_int64(st, 0);
        while (i < ix->v->d.n && ix->v->d.r[i].id < rid)
            i++;
        if (i < ix->v->d.n && ix->v->d.r[i].id == rid)
            ix->person[i] = (long)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    ix->members = xmalloc((ix->v->d.n ? ix->v->d.n : 1) * sizeof *ix->members);
    for (size_t k = 0; k < ix->v->d.n; k++)
        if (ix->person[k])
            ix->members[ix->nmembers++] = (uint32_t)k;
    member_ix = ix;
    qsort(ix->members, ix->nmembers, sizeof *ix->members, member_cmp);
    member_ix = NULL;
    return HERR_OK;
}

static int merge_cmp(const void *x, const void *y)
{
    const merge *a = x, *b = y;
    return a->a < b->a ? -1 : a->a > b->a;
}

/* The merges that made the persons (see person_fill).  A database
 * linked before link_merge existed has none: every record then counts as
 * surely his. */
static int load_merges(store *s, trace_index *ix, herr *e)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT record_a, record_b, probability FROM link_merge", &st, e);
    if (rc != HERR_OK)
        return rc;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long a = link_rec_index(&ix->v->d, (long)sqlite3_column_int64(st, 0));
        long b = link_rec_index(&ix->v->d, (long)sqlite3_column_int64(st, 1));
        if (a < 0 || b < 0)
            continue;
        double p = sqlite3_column_type(st, 2) == SQLITE_NULL ? 1 : sqlite3_column_double(st, 2);
        if (ix->nmerges == cap) {
            cap = cap ? cap * 2 : 4096;
            ix->merges = xrealloc(ix->merges, cap * sizeof *ix->merges);
        }
        ix->merges[ix->nmerges++] = (merge){(uint32_t)a, (uint32_t)b, p};
    }
    sqlite3_finalize(st);
    if (ix->nmerges)
        qsort(ix->merges, ix->nmerges, sizeof *ix->merges, merge_cmp);
    return HERR_OK;
}

/* What the index reflects: the last link run and the newest record.
 * False when the store cannot say. */
static bool data_version(store *s, long *run, long *max_record)
{
    sqlite3_stmt *st;
    herr e = {0};
    if (store_prepare(s, "SELECT (SELECT COALESCE(max(id), 0) FROM link_run), "
                         "(SELECT COALESCE(max(id), 0) FROM record)", &st, &e) != HERR_OK)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        *run = (long)sqlite3_column_int64(st, 0);
        *max_record = (long)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
}

int trace_index_build(store *s, trace_index **out, herr *e)
{
    trace_index *ix = xcalloc(1, sizeof *ix);
    int rc = link_view_load(s, &ix->v, e);
    if (rc != HERR_OK) {
        free(ix);
        return rc;
    }
    long run;
    if (!data_version(s, &run, &ix->max_record))
        ix->max_record = -1; /* unknown: the index will be found stale */
    if ((rc = load_membership(s, ix, e)) != HERR_OK || (rc = load_merges(s, ix, e)) != HERR_OK ||
        (rc = load_aliases(s, ix, e)) != HERR_OK) {
        trace_index_free(ix);
        return rc;
    }
    ix->lex = link_lexicon_build(&ix->v->d);
    kvbuf b = {0};
    for (size_t i = 0; i < ix->v->d.n; i++) {
        build_ctx c = {&b, (uint32_t)i};
        const lrec *r = &ix->v->d.r[i];
        record_keys_staged(&ix->v->d, r, STAGE_NAMES | STAGE_YEARS | STAGE_INITIAL, build_add,
                           &c);
        /* A list's slip ("Gómlz" for Gómez) sounds otherwise: the record
         * is filed under the name keys of the word it is likely a slip of
         * as well (link_lexicon_fix, as blocking does), so that a family
         * who spells the name right finds it at once. */
        lrec v = *r;
        link_lexicon_fix_keys(ix->lex, r, &v.gkey, &v.s1key, &v.s2key);
        if (v.gkey != r->gkey || v.s1key != r->s1key || v.s2key != r->s2key)
            record_name_keys(&ix->v->d, &v, build_add, &c);
    }
    kv_sort(b.v, b.n);
    ix->post = xmalloc((b.n ? b.n : 1) * sizeof *ix->post);
    ix->keys = xmalloc((b.n ? b.n : 1) * sizeof *ix->keys);
    ix->start = xmalloc((b.n + 1) * sizeof *ix->start);
    size_t np = 0;
    for (size_t i = 0; i < b.n; i++) {
        if (np && b.v[i].key == b.v[i - 1].key && b.v[i].rec == b.v[i - 1].rec)
            continue; /* a record giving one key twice */
        if (!ix->nkeys || ix->keys[ix->nkeys - 1] != b.v[i].key) {
            ix->keys[ix->nkeys] = b.v[i].key;
            ix->start[ix->nkeys++] = (uint32_t)np;
        }
        ix->post[np++] = b.v[i].rec;
    }
    ix->start[ix->nkeys] = (uint32_t)np;
    free(b.v);
    *out = ix;
    return HERR_OK;
}

void trace_index_free(trace_index *ix)
{
    if (!ix)
        return;
    link_view_free(ix->v);
    free(ix->person);
    free(ix->members);
    free(ix->merges);
    link_lexicon_free(ix->lex);
    free(ix->keys);
    free(ix->start);
    free(ix->post);
    for (size_t i = 0; i < ix->naliases; i++)
        free(ix->aliases[i].key);
    free(ix->aliases);
    free(ix);
}

const link_view *trace_index_view(const trace_index *ix)
{
    return ix->v;
}

size_t trace_index_records(const trace_index *ix)
{
    return ix->v->d.n;
}

bool trace_index_stale(const trace_index *ix, store *s)
{
    long run, max_record;
    return !data_version(s, &run, &max_record) || run != ix->v->run_id ||
           max_record != ix->max_record;
}

/* ---- the query as a record ---- */

typedef struct qrec {
    lrec r;
    lpool pool;
    char birth[11], arrest[11], dui[11], fac[32];
} qrec;

/* The facility the query names, as records refer to it ("#id"), and
 * whether it is a police holding cell; NULL when the register does not
 * know it. */
static const char *facility_ref(const trace_index *ix, const char *text, char *out, size_t size,
                                bool *cell, sbuf *tmp)
{
    *cell = false;
    sbuf_reset(tmp);
    facility_key(text, strlen(text), tmp);
    if (!tmp->len)
        return NULL;
    alias probe = {tmp->data, 0, false};
    alias *a = bsearch(&probe, ix->aliases, ix->naliases, sizeof *ix->aliases, alias_cmp);
    if (a) {
        snprintf(out, size, "#%ld", a->id);
        *cell = a->cell;
        return out;
    }
    return NULL; /* a prison the register does not know compares as missing */
}

/* A date of the query.  quote: the message may repeat the value (see
 * query_fields). */
static int parse_date(const char *what, const char *s, bool quote, char out[11], herr *e)
{
    out[0] = '\0';
    if (!s || !*s)
        return HERR_OK;
    hdate d;
    const char *why = NULL;
    if (!ingest_parse_date(s, strlen(s), &d, &why))
        return herr_set(e, HERR_INPUT, "%s%s%s%s %s (expected e.g. 2022-04-15, 2022-04, abril 2022)",
                        what, quote ? " '" : "", quote ? s : "", quote ? "'" : "",
                        why ? why : "is not a date");
    hdate_format(&d, out);
    return HERR_OK;
}

/* The fields of q that need no register, checked and in the forms
 * records have them: dates in ISO form at their precision, the DUI as
 * 01234567-8 ("" when not given).  quote: a message may repeat a value,
 * as for a query someone typed; not for a file's row, where a row
 * shifted by a cell puts the requester's contact under any column. */
static int query_fields(const trace_query *q, bool quote, char birth[11], char arrest[11],
                        char dui[11], herr *e)
{
    dui[0] = '\0';
    if (!q->name || !*q->name)
        return herr_set(e, HERR_INPUT, "a name is needed to trace a person");
    if (q->age > 120)
        return herr_set(e, HERR_INPUT, "age %d is not an age", q->age);
    int rc = parse_date("birth date", q->birth_date, quote, birth, e);
    if (rc == HERR_OK)
        rc = parse_date("arrest date", q->arrest_date, quote, arrest, e);
    if (rc != HERR_OK)
        return rc;
    if (q->dui && *q->dui) {
        char why[128];
        if (!ingest_parse_dui(q->dui, strlen(q->dui), dui, why, sizeof why))
            return quote ? herr_set(e, HERR_INPUT, "DUI '%s' %s", q->dui, why)
                         : herr_set(e, HERR_INPUT,
                                    "DUI is not one (expected 8 digits, a hyphen and the check "
                                    "digit, e.g. 01234567-8)");
    }
    return HERR_OK;
}

int trace_query_check(const trace_query *q, herr *e)
{
    char birth[11], arrest[11], dui[11];
    int rc = query_fields(q, false, birth, arrest, dui, e);
    if (rc != HERR_OK)
        return rc;
    /* The parse query_record's link_rec_fill makes: a mother's name can
     * only add a second surname, so it cannot make a name of nothing. */
    names_person p;
    names_parse_person(q->name, NULL, NULL, NULL, NULL, NULL, &p);
    if (!p.given[0] && !p.surname1[0])
        return herr_set(e, HERR_INPUT, "the name has no name in it (a given name or a surname)");
    return HERR_OK;
}

bool trace_parse_age(const char *s, int *age)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 120)
        return false;
    *age = (int)v;
    return true;
}

static int query_record(const trace_index *ix, const trace_query *q, qrec *out, herr *e)
{
    memset(out, 0, sizeof *out);
    int rc = query_fields(q, true, out->birth, out->arrest, out->dui, e);
    if (rc != HERR_OK)
        return rc;
    sbuf tmp;
    sbuf_init(&tmp);
    bool cell = false;
    const char *fac = q->facility && *q->facility
                          ? facility_ref(ix, q->facility, out->fac, sizeof out->fac, &cell, &tmp)
                          : NULL;
    /* An age today: the reference year is this one unless an arrest is known. */
    hdate today = hdate_today();
    char year[8];
    snprintf(year, sizeof year, "%04d", today.year);
    /* "Chpe Orellana": a liaison's slip of the familiar form the family
     * used, which else reads as an unknown given name (bench/trace, 20%
     * of the given names misspelt, seed 1: 7 of the 115 missed). */
    sbuf nick;
    sbuf_init(&nick);
    const char *name = names_nickname_slip(q->name, &nick) ? nick.data : q->name;
    link_fields f = {.full_name = name,
                     .birth_date = out->birth[0] ? out->birth : NULL,
                     .age = q->age,
                     .dui = out->dui[0] ? out->dui : NULL,
                     .residence = q->place && *q->place ? q->place : NULL,
                     .arrest_date = out->arrest[0] ? out->arrest : NULL,
                     .facility_key = fac,
                     .facility_cell = cell,
                     .received = year,
                     .mother_name = q->mother && *q->mother ? q->mother : NULL,
                     .informant = q->mother && *q->mother ? q->mother : NULL,
                     .relationship = "madre"};
    lpool_init(&out->pool, LINK_EXTRA, &ix->v->d.pool);
    link_query_fill(&ix->v->d, &out->pool, &tmp, &f, &out->r);
    sbuf_free(&tmp);
    sbuf_free(&nick);
    if (out->r.age >= 0 && !out->r.by) {
        /* The family gives the age now, not at the arrest, and may be a
         * year out: born in one of the three years before today - age. */
        out->r.ref_year = (int16_t)today.year;
        out->r.age_m = (int8_t)today.month; /* against a birth date: his age today */
        out->r.age_d = (int8_t)today.day;
        out->r.age_prec = PREC_DAY;
        out->r.bhi = (int16_t)(today.year - out->r.age);
        out->r.blo = (int16_t)(out->r.bhi - 2);
    }
    if (!out->r.given && !out->r.s1) {
        lpool_free(&out->pool);
        return herr_set(e, HERR_INPUT, "'%s' has no name in it", q->name);
    }
    return HERR_OK;
}

/* ---- search ---- */

/* The records a query's keys find, each once: a small open-addressed set
 * of record indexes (+1, 0 = empty), grown as needed. */
typedef struct found {
    uint32_t *slot;
    size_t cap, n;
    uint32_t *list; /* the records in the order found */
    size_t nlist, caplist;
    const trace_index *ix;
} found;

static void found_grow(found *f)
{
    size_t cap = f->cap ? f->cap * 2 : 1024;
    uint32_t *slot = xcalloc(cap, sizeof *slot);
    for (size_t i = 0; i < f->nlist; i++) {
        size_t k = (f->list[i] * 2654435761u) & (cap - 1);
        while (slot[k])
            k = (k + 1) & (cap - 1);
        slot[k] = f->list[i] + 1;
    }
    free(f->slot);
    f->slot = slot;
    f->cap = cap;
}

static const uint32_t *postings(const trace_index *ix, uint64_t key, size_t *n)
{
    size_t lo = 0, hi = ix->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == ix->nkeys || ix->keys[lo] != key) {
        *n = 0;
        return NULL;
    }
    *n = ix->start[lo + 1] - ix->start[lo];
    return ix->post + ix->start[lo];
}

static void found_add(void *ctx, uint64_t key)
{
    found *f = ctx;
    size_t n;
    const uint32_t *p = postings(f->ix, key, &n);
    for (size_t i = 0; i < n; i++) {
        if ((f->nlist + 1) * 2 > f->cap)
            found_grow(f);
        size_t k = (p[i] * 2654435761u) & (f->cap - 1);
        while (f->slot[k] && f->slot[k] != p[i] + 1)
            k = (k + 1) & (f->cap - 1);
        if (f->slot[k])
            continue;
        f->slot[k] = p[i] + 1;
        if (f->nlist == f->caplist) {
            f->caplist = f->caplist ? f->caplist * 2 : 1024;
            f->list = xrealloc(f->list, f->caplist * sizeof *f->list);
        }
        f->list[f->nlist++] = p[i];
    }
}

/* The query record compared with the index's data: a shallow copy of
 * ldata whose second pool is the query's. */
static ldata with_query(const trace_index *ix, const qrec *q)
{
    ldata d = ix->v->d;
    d.extra = q->pool.buf.data;
    d.family_query = true;
    return d;
}

/* Stage 2 keys with the length of their postings, none of stage 1's
 * (whose records are compared already).  A key may come twice. */
#define STAGE2_BUDGET 6000
typedef struct keylen {
    uint64_t key;
    size_t len;
} keylen;
typedef struct keyset {
    keylen *k;
    size_t n, cap;
    uint64_t done[8]; /* stage 1's keys */
    size_t ndone;
    const trace_index *ix;
} keyset;

static void keyset_done(void *ctx, uint64_t key)
{
    keyset *ks = ctx;
    if (ks->ndone < sizeof ks->done / sizeof *ks->done)
        ks->done[ks->ndone++] = key;
}

static void keyset_add(void *ctx, uint64_t key)
{
    keyset *ks = ctx;
    for (size_t i = 0; i < ks->ndone; i++)
        if (ks->done[i] == key)
            return;
    size_t len;
    postings(ks->ix, key, &len);
    if (!len)
        return;
    if (ks->n == ks->cap) {
        ks->cap = ks->cap ? ks->cap * 2 : 64;
        ks->k = xrealloc(ks->k, ks->cap * sizeof *ks->k);
    }
    ks->k[ks->n++] = (keylen){key, len};
}

static int keylen_cmp(const void *x, const void *y)
{
    const keylen *a = x, *b = y;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* A name part misspelt, in the query or in the lists ("Juan Cháevz" for
 * Juan Chávez, "Adonay" for a list's "adnoay") has another phonetic key,
 * and the name keys miss the record.  So the name keys are made again
 * with the key of each word of the lists one slip from the query's first
 * given name, and from each surname. */
#define NEAR_MAX 256

static void near_keys(const trace_index *ix, const ldata *d, const lrec *q, keyset *ks)
{
    uint32_t near[NEAR_MAX];
    const uint32_t word[3] = {q->given1, q->s1, q->s2};
    const uint32_t own[3] = {q->gkey, q->s1key, q->s2key};
    for (int part = 0; part < 3; part++) {
        if (!word[part] || !own[part])
            continue;
        size_t n = link_lexicon_near(ix->lex, d, lstr(d, word[part]), own[part], near, NEAR_MAX);
        for (size_t i = 0; i < n; i++) {
            lrec v = *q;
            if (part == 0)
                v.gkey = near[i];
            else if (part == 1)
                v.s1key = near[i];
            else
                v.s2key = near[i];
            record_name_keys(d, &v, keyset_add, ks);
        }
    }
}

/* The name keys of the query made with the key of the word each of its
 * name parts is likely a slip of ("Hennández": no list has it, hundreds
 * have Hernández), when one is (link_lexicon_fix_word): the lists' own
 * slips are filed so (trace_index_build), and the family's are sought
 * so, at once, not only when nobody likely is found. */
static void fixed_name_keys(const trace_index *ix, const ldata *d, const lrec *q, key_fn add,
                            void *ctx)
{
    lrec v = *q;
    if (q->given1)
        v.gkey = link_lexicon_fix_word(ix->lex, d, lstr(d, q->given1), q->gkey);
    if (q->s1)
        v.s1key = link_lexicon_fix_word(ix->lex, d, lstr(d, q->s1), q->s1key);
    if (q->s2)
        v.s2key = link_lexicon_fix_word(ix->lex, d, lstr(d, q->s2), q->s2key);
    if (v.gkey != q->gkey || v.s1key != q->s1key || v.s2key != q->s2key)
        record_name_keys(d, &v, add, ctx);
}

/* Keeps the best `max` persons seen, best first, one hit per person. */
static void offer(trace_hit *hits, size_t max, size_t *n, trace_hit h)
{
    /* Full, and no better than the last: neither a new person nor a
     * better record of one listed (whose weight is at least the last's). */
    if (*n == max && hits[max - 1].weight >= h.weight)
        return;
    size_t at = *n;
    for (size_t k = 0; k < *n; k++)
        if (h.person_id && hits[k].person_id == h.person_id) {
            if (hits[k].weight >= h.weight)
                return;
            at = k; /* a better record of a person already listed */
            break;
        }
    if (at == *n) {
        if (*n == max) {
            if (hits[max - 1].weight >= h.weight)
                return;
            at = max - 1;
        } else {
            (*n)++;
        }
    }
    while (at > 0 && (hits[at - 1].weight < h.weight ||
                      (hits[at - 1].weight == h.weight && hits[at - 1].record_id > h.record_id))) {
        hits[at] = hits[at - 1];
        at--;
    }
    hits[at] = h;
}

/* More records than this from the name keys (a common name: "José
 * Hernández" brings thousands at a million records), and those whose
 * birth years are more than two years from the query's are not compared:
 * linkage would never put them in one person with it (link_cluster), and
 * comparing them all cost tens of milliseconds. */
#define MANY_BY_NAME 1500

static bool years_apart(const lrec *a, const lrec *b)
{
    return a->blo && b->blo && link_years_apart(a->blo, a->bhi, b->blo, b->bhi);
}

/* The records found are all over memory, and most of a search's time
 * went waiting for them: each is asked for PREFETCH_AHEAD records before
 * it is compared (its fields, and its person). */
#define PREFETCH_AHEAD 8

/* Comparing the records found, f->list[from + lo .. from + hi), into the
 * best `max` so far (hits, *n). */
typedef struct compare_job {
    const trace_index *ix;
    const ldata *d;
    const qrec *qr;
    const found *f;
    size_t from, max;
    bool many;         /* so many that those born years apart are passed over */
    trace_hit *hits;   /* for slices: max per slice */
    size_t n[LINK_MAX_THREADS];
} compare_job;

static void compare_range(const compare_job *j, size_t lo, size_t hi, trace_hit *hits, size_t *n)
{
    const trace_index *ix = j->ix;
    const uint32_t *list = j->f->list;
    double prior = link_prior_weight(&ix->v->m);
    for (size_t i = j->from + lo; i < j->from + hi; i++) {
        if (i + PREFETCH_AHEAD < j->from + hi) {
            uint32_t ahead = list[i + PREFETCH_AHEAD];
            link_prefetch_rec(&ix->v->d.r[ahead]);
            __builtin_prefetch(&ix->person[ahead]);
        }
        const lrec *r = &ix->v->d.r[list[i]];
        if (j->many && years_apart(&j->qr->r, r))
            continue;
        link_pattern pat = link_compare(j->d, &j->qr->r, r);
        double w = prior + link_pair_weight(&ix->v->m, &ix->v->wt, j->d, &j->qr->r, r, pat);
        offer(hits, j->max, n, (trace_hit){ix->person[list[i]], r->id, w, link_probability(w)});
    }
}

static void compare_slice(void *arg, size_t lo, size_t hi, int t)
{
    compare_job *j = arg;
    j->n[t] = 0;
    compare_range(j, lo, hi, j->hits + (size_t)t * j->max, &j->n[t]);
}

/* A common name and no age ("chepe Hernández") finds tens of thousands
 * of records at a million, and such queries were the slowest hundredth;
 * so many are compared on every processor, each slice keeping its own
 * best, then offered in slice order. */
#define COMPARE_PARALLEL_ABOVE 4096

static void compare_from(const trace_index *ix, const ldata *d, const qrec *qr, const found *f,
                         size_t from, trace_hit *hits, size_t max, size_t *n)
{
    size_t count = f->nlist - from;
    compare_job j = {.ix = ix, .d = d, .qr = qr, .f = f, .from = from, .max = max,
                     .many = count > MANY_BY_NAME};
    if (count <= COMPARE_PARALLEL_ABOVE) {
        compare_range(&j, 0, count, hits, n);
        return;
    }
    j.hits = xmalloc(LINK_MAX_THREADS * max * sizeof *j.hits);
    int nt = link_parallel(count, compare_slice, &j);
    for (int t = 0; t < nt; t++)
        for (size_t k = 0; k < j.n[t]; k++)
            offer(hits, max, n, j.hits[(size_t)t * max + k]);
    free(j.hits);
}

/* The search itself, on a query already made a record. */
static void search(const trace_index *ix, const qrec *qr, trace_hit *hits, size_t max, size_t *n)
{
    *n = 0;
    if (max == 0)
        return;
    ldata d = with_query(ix, qr);
    found f = {.ix = ix};
    /* Stage 1: the name keys.  Stage 2, only when they found nobody
     * likely: a name part with the birth year, the given name with the
     * surname's initial, and the name keys of the words one slip from the
     * query's, for a misspelt name or a given name the lists do not use.
     * 1M, seeds 1/2/3, the slips: top-3 0.9435/0.9275/0.9325 ->
     * 0.9470/0.9295/0.9335. */
    record_keys_staged(&d, &qr->r, STAGE_NAMES, found_add, &f);
    fixed_name_keys(ix, &d, &qr->r, found_add, &f);
    compare_from(ix, &d, qr, &f, 0, hits, max, n);
    if (*n == 0 || hits[0].probability < 0.5) {
        /* The rarest keys first, within a budget of records compared: a
         * common name with a common birth year would else cost tens of
         * milliseconds. */
        keyset ks = {.ix = ix};
        record_keys_staged(&d, &qr->r, STAGE_NAMES, keyset_done, &ks);
        fixed_name_keys(ix, &d, &qr->r, keyset_done, &ks);
        record_keys_staged(&d, &qr->r, STAGE_YEARS | STAGE_INITIAL, keyset_add, &ks);
        near_keys(ix, &d, &qr->r, &ks);
        if (ks.n)
            qsort(ks.k, ks.n, sizeof *ks.k, keylen_cmp);
        size_t from = f.nlist;
        for (size_t i = 0; i < ks.n && f.nlist - from + ks.k[i].len <= STAGE2_BUDGET; i++)
            if (i == 0 || ks.k[i].key != ks.k[i - 1].key)
                found_add(&f, ks.k[i].key);
        free(ks.k);
        compare_from(ix, &d, qr, &f, from, hits, max, n);
    }
    free(f.slot);
    free(f.list);
}

/* The persons compared whose odds share out the probability: the sought
 * person is at most one of them (or none: not on any list), so each
 * candidate's probability is its odds over one plus all of theirs.  Three
 * men who fit equally are a third each, not "90%" each. */
#define TRACE_RIVALS 32

/* A person's records in the index: *n of them from the returned start. */
static const uint32_t *person_records(const trace_index *ix, long person, size_t *n)
{
    size_t lo = 0, hi = ix->nmembers;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->person[ix->members[mid]] < person)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < ix->nmembers && ix->person[ix->members[end]] == person)
        end++;
    *n = end - lo;
    return ix->members + lo;
}

/* A person of several records judged on all of them: his best record,
 * and each field that record lacks from the others, at the best agreement
 * one of them has with the query (a family gives the age the register has
 * and the town only the NGO has).  A field the best record has is not
 * replaced: a second chance at agreeing is not evidence.  Measured on
 * 2000 queries at 1M records, three seeds: top-3 0.9145 -> 0.9185,
 * 0.8985 -> 0.9120, 0.8975 -> 0.9030; top-1 up 1-1.6 points. */
#define WHOLE_MAX_RECORDS 16

typedef struct filled {
    double w[LF_COUNT];
    long from[LF_COUNT]; /* record index the field was taken from; -1 = none */
    int level[LF_COUNT];
    double conf[LF_COUNT]; /* how sure the linkage was that record is his */
} filled;

/* The first of the merges through record index a (as record_a). */
static size_t merges_from(const trace_index *ix, uint32_t a)
{
    size_t lo = 0, hi = ix->nmerges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->merges[mid].a < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* How likely each of a person's n records rs is one man with record
 * `at`: the product of the merge probabilities on the way from one to
 * the other (1 when the run left no merges to go by). */
static void record_confidence(const trace_index *ix, const uint32_t *rs, size_t n, long at,
                              double *conf)
{
    merge edges[WHOLE_MAX_RECORDS * 2];
    size_t ne = 0;
    for (size_t k = 0; k < n; k++) {
        conf[k] = (long)rs[k] == at ? 1 : 0;
        for (size_t m = merges_from(ix, rs[k]);
             m < ix->nmerges && ix->merges[m].a == rs[k] && ne < WHOLE_MAX_RECORDS * 2; m++)
            edges[ne++] = ix->merges[m];
    }
    if (ne == 0) {
        for (size_t k = 0; k < n; k++)
            conf[k] = 1;
        return;
    }
    /* a tree of at most 16 records: relax every edge until nothing changes */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t x = 0; x < ne; x++) {
            size_t ia = n, ib = n;
            for (size_t k = 0; k < n; k++) {
                ia = rs[k] == edges[x].a ? k : ia;
                ib = rs[k] == edges[x].b ? k : ib;
            }
            if (ia == n || ib == n)
                continue;
            double via_a = conf[ia] * edges[x].p, via_b = conf[ib] * edges[x].p;
            if (via_a > conf[ib] + 1e-12)
                conf[ib] = via_a, changed = true;
            if (via_b > conf[ia] + 1e-12)
                conf[ia] = via_b, changed = true;
        }
    }
}

/* The fields person's records other than `at` add; their sum.  A field
 * from a record the linkage joined to him with doubt counts as the
 * mixture it is: with the record's confidence c, log2(c 2^w + 1 - c),
 * so that a namesake's record wrongly joined to him does not sink him
 * with a town or a date he never had (nor lift him with one).  1M, seeds
 * 1/2/3: top-3 0.9390/0.9255/0.9270 -> 0.9435/0.9280/0.9320, top-1 up
 * 0.15-0.35 points. */
static double person_fill(const trace_index *ix, const ldata *d, const qrec *qr, long at,
                          long person, filled *out)
{
    for (int f = 0; f < LF_COUNT; f++)
        out->from[f] = -1;
    size_t n;
    const uint32_t *rs = person ? person_records(ix, person, &n) : NULL;
    if (!rs || n < 2 || n > WHOLE_MAX_RECORDS || at < 0)
        return 0;
    double conf[WHOLE_MAX_RECORDS];
    record_confidence(ix, rs, n, at, conf);
    link_pattern own = link_compare(d, &qr->r, &ix->v->d.r[at]);
    for (size_t k = 0; k < n; k++) {
        if ((long)rs[k] == at)
            continue;
        const lrec *r = &ix->v->d.r[rs[k]];
        link_pattern pat = link_compare(d, &qr->r, r);
        for (int f = 0; f < LF_COUNT; f++) {
            int lv = link_level(pat, (link_field)f);
            if (!lv || link_level(own, (link_field)f))
                continue;
            double w = link_field_weight(&ix->v->m, &ix->v->wt, d, &qr->r, r, (link_field)f, lv);
            if (conf[k] < 1)
                w = log2(conf[k] * exp2(w) + (1 - conf[k]));
            if (out->from[f] < 0 || w > out->w[f]) {
                out->w[f] = w;
                out->from[f] = (long)rs[k];
                out->level[f] = lv;
                out->conf[f] = conf[k];
            }
        }
    }
    double sum = 0;
    for (int f = 0; f < LF_COUNT; f++)
        sum += out->from[f] >= 0 ? out->w[f] : 0;
    return sum;
}

static int hit_cmp(const void *x, const void *y)
{
    const trace_hit *a = x, *b = y;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->record_id < b->record_id ? -1 : a->record_id > b->record_id;
}

/* search(), each probability with the others counted. */
static void search_shared(const trace_index *ix, const qrec *qr, trace_hit *hits, size_t max,
                          size_t *n)
{
    trace_hit all[TRACE_RIVALS];
    size_t nall;
    trace_hit *best = max > TRACE_RIVALS ? hits : all;
    search(ix, qr, best, max > TRACE_RIVALS ? max : TRACE_RIVALS, &nall);
    ldata d = with_query(ix, qr);
    for (size_t i = 0; i < nall; i++) {
        filled fl;
        best[i].weight += person_fill(ix, &d, qr, link_rec_index(&ix->v->d, best[i].record_id),
                                      best[i].person_id, &fl);
    }
    qsort(best, nall, sizeof *best, hit_cmp);
    double total = 0;
    for (size_t i = 0; i < nall; i++)
        total += link_odds(best[i].weight);
    for (size_t i = 0; i < nall; i++)
        best[i].probability = link_odds(best[i].weight) / (1 + total);
    *n = nall < max ? nall : max;
    if (best != hits && *n)
        memcpy(hits, best, *n * sizeof *hits);
}

int trace_search(const trace_index *ix, const trace_query *q, trace_hit *hits, size_t max,
                 size_t *n, herr *e)
{
    *n = 0;
    qrec qr;
    int rc = query_record(ix, q, &qr, e);
    if (rc != HERR_OK)
        return rc;
    search_shared(ix, &qr, hits, max, n);
    lpool_free(&qr.pool);
    return HERR_OK;
}

/* ---- the answer ---- */

/* The fields that speak for and against, strongest first, into c:
 * "why" as lines ("surname1: equal (+6.1)") and "why_parts" as their
 * parts ({"field","level","weight"}), for a page in another language. */
static void why_into(json_t *c, const trace_index *ix, const qrec *q, long rec, long person)
{
    ldata d = with_query(ix, q);
    const lrec *r = &ix->v->d.r[rec];
    link_pattern pat = link_compare(&d, &q->r, r);
    struct {
        int f;
        double w;
    } parts[LF_COUNT];
    int np = 0;
    for (int f = 0; f < LF_COUNT; f++) {
        int level = link_level(pat, (link_field)f);
        if (level == 0)
            continue;
        parts[np].f = f;
        parts[np++].w = link_field_weight(&ix->v->m, &ix->v->wt, &d, &q->r, r, (link_field)f, level);
    }
    for (int i = 1; i < np; i++) /* by |weight|, insertion sort: at most 13 */
        for (int k = i; k > 0 && fabs(parts[k].w) > fabs(parts[k - 1].w); k--) {
            int tf = parts[k].f;
            double tw = parts[k].w;
            parts[k] = parts[k - 1];
            parts[k - 1].f = tf;
            parts[k - 1].w = tw;
        }
    json_t *arr = json_array(), *split = json_array();
    for (int i = 0; i < np; i++) {
        link_field f = (link_field)parts[i].f;
        const char *level = link_pattern_level_name(&d, &q->r, r, pat, f);
        char line[160];
        snprintf(line, sizeof line, "%s: %s (%+.1f)", link_field_name(f), level, parts[i].w);
        json_array_append_new(arr, json_string(line));
        json_array_append_new(split, json_pack("{s:s,s:s,s:f}", "field", link_field_name(f),
                                               "level", level, "weight", parts[i].w));
    }
    filled fl;
    person_fill(ix, &d, q, rec, person, &fl);
    for (int f = 0; f < LF_COUNT; f++) {
        if (fl.from[f] < 0)
            continue;
        const char *level = link_level_name((link_field)f, fl.level[f]);
        long other = ix->v->d.r[fl.from[f]].id;
        /* a record joined with doubt says so: its weight is the mixture */
        bool doubt = fl.conf[f] < LINK_JOIN_SHOWN;
        char line[240], joined[48] = "";
        if (doubt)
            snprintf(joined, sizeof joined, ", joined to him at %.0f%%", 100 * fl.conf[f]);
        snprintf(line, sizeof line, "%s: %s (%+.1f, from record %ld of the same person%s)",
                 link_field_name((link_field)f), level, fl.w[f], other, joined);
        json_array_append_new(arr, json_string(line));
        json_t *part = json_pack("{s:s,s:s,s:f,s:I}", "field", link_field_name((link_field)f),
                                 "level", level, "weight", fl.w[f], "record_id", (json_int_t)other);
        if (doubt)
            json_object_set_new(part, "joined", json_real(fl.conf[f]));
        json_array_append_new(split, part);
    }
    json_object_set_new(c, "why", arr);
    json_object_set_new(c, "why_parts", split);
}

/* A person's records as the index has them, for link_person_view: how
 * sure the last link was that record_id is his (the strongest merge
 * joining it to another of his records), or -1 when the index does not
 * have it as his (a link since the index was built). */
typedef struct joined_ctx {
    const trace_index *ix;
    long person;
} joined_ctx;

static double index_joined(void *ctx, long record_id)
{
    const joined_ctx *c = ctx;
    long idx = link_rec_index(&c->ix->v->d, record_id);
    if (idx < 0 || c->ix->person[idx] != c->person)
        return -1;
    size_t n;
    const uint32_t *rs = person_records(c->ix, c->person, &n);
    double best = -1;
    for (size_t k = 0; k < n; k++)
        for (size_t m = merges_from(c->ix, rs[k]);
             m < c->ix->nmerges && c->ix->merges[m].a == rs[k]; m++)
            if (c->ix->merges[m].a == (uint32_t)idx || c->ix->merges[m].b == (uint32_t)idx)
                best = c->ix->merges[m].p > best ? c->ix->merges[m].p : best;
    return best < 0 ? 1 : best;
}

/* The earliest arrest date among the person's records, or NULL. */
static const char *first_arrest(json_t *person)
{
    json_t *recs = json_object_get(person, "records");
    const char *best = NULL;
    for (size_t i = 0; i < json_array_size(recs); i++) {
        const char *d = json_string_value(json_object_get(json_array_get(recs, i), "arrest_date"));
        if (d && (!best || strcmp(d, best) < 0))
            best = d;
    }
    return best;
}

/* Whether "since" needs the timeline: someone held with no arrest date. */
static bool since_needs_timeline(json_t *person)
{
    const char *v = json_string_value(json_object_get(json_object_get(person, "status"), "value"));
    return v && strcmp(v, "held") == 0 && !first_arrest(person);
}

/* "since": the death or release date, or for someone held the earliest
 * arrest (else the first dated custody event of the timeline). */
static json_t *since_json(json_t *person, const char *status)
{
    json_t *st = json_object_get(person, "status");
    if (strcmp(status, "held") != 0)
        return json_incref(json_object_get(st, "date") ? json_object_get(st, "date") : json_null());
    const char *best = first_arrest(person);
    json_t *tl = json_object_get(person, "timeline");
    for (size_t i = 0; !best && i < json_array_size(tl); i++)
        best = json_string_value(json_object_get(json_array_get(tl, i), "date"));
    return best ? json_string(best) : json_null();
}

/* A careful status: which sources say it, which contradict it, and a
 * note a liaison can read out. */
static void status_into(json_t *c, json_t *person)
{
    json_t *st = json_object_get(person, "status");
    const char *value = json_string_value(json_object_get(st, "value"));
    if (!value)
        value = "unknown";
    json_t *sources = json_object_get(st, "sources");
    json_t *against = json_object_get(st, "contradicted_by");
    size_t ns = json_array_size(sources), na = json_array_size(against);
    /* sources whose record is surely his: two of them confirm */
    size_t sure = json_array_size(json_object_get(st, "sure_sources"));
    double joined = json_is_number(json_object_get(st, "joined"))
                        ? json_number_value(json_object_get(st, "joined"))
                        : 1;
    char note[512], doubt[96] = "";
    if (joined < LINK_JOIN_SHOWN)
        snprintf(doubt, sizeof doubt, "; the record that says so was joined to him at %.0f%%",
                 100 * joined);
    if (strcmp(value, "unknown") == 0)
        snprintf(note, sizeof note, "no source gives a status");
    else if (sure <= 1 && na == 0)
        snprintf(note, sizeof note, "%s: %s, unconfirmed (%s)%s", value,
                 ns <= 1 ? "a single source" : "one source sure to be his",
                 ns ? json_string_value(json_array_get(sources, 0)) : "?", doubt);
    else if (na == 0)
        snprintf(note, sizeof note, "%s: confirmed by %zu sources%s", value, sure, doubt);
    else
        snprintf(note, sizeof note, "%s according to %zu source%s, contradicted by %zu%s", value,
                 ns, ns == 1 ? "" : "s", na, doubt);
    json_object_set_new(c, "status", json_string(value));
    json_object_set_new(c, "status_note", json_string(note));
    json_object_set_new(c, "confirmed", json_boolean(sure >= 2 && na == 0));
    json_t *sure_src = json_object_get(st, "sure_sources");
    json_object_set_new(c, "status_sure_sources", sure_src ? json_incref(sure_src) : json_array());
    if (joined < LINK_JOIN_SHOWN)
        json_object_set_new(c, "status_joined", json_real(joined));
    json_object_set_new(c, "status_sources", sources ? json_incref(sources) : json_array());
    json_object_set_new(c, "contradicted_by", against ? json_incref(against) : json_array());
    json_t *fac = json_object_get(st, "facility");
    json_object_set_new(c, "facility", fac ? json_incref(fac) : json_null());
    json_object_set_new(c, "since", since_json(person, value));
    /* every source that mentions the person */
    json_t *all = json_array();
    json_t *recs = json_object_get(person, "records");
    for (size_t i = 0; i < json_array_size(recs); i++) {
        const char *src = json_string_value(json_object_get(json_array_get(recs, i), "source"));
        bool dup = false;
        for (size_t k = 0; k < json_array_size(all) && !dup; k++)
            dup = strcmp(json_string_value(json_array_get(all, k)), src) == 0;
        if (src && !dup)
            json_array_append_new(all, json_string(src));
    }
    json_object_set_new(c, "sources", all);
}

int trace_answer_json(store *s, const trace_index *ix, const trace_query *q, size_t limit,
                      double min_probability, json_t **out, herr *e)
{
    if (limit == 0)
        limit = 5;
    qrec qr;
    int rc = query_record(ix, q, &qr, e);
    if (rc != HERR_OK)
        return rc;
    trace_hit *hits = xmalloc(limit * sizeof *hits);
    size_t n;
    search_shared(ix, &qr, hits, limit, &n);
    /* the candidates' views read in one snapshot (and one lock, not one
     * per statement); a savepoint nests inside a caller's transaction */
    herr se = {0};
    bool snapshot = store_exec(s, "SAVEPOINT trace_answer", &se) == HERR_OK;
    json_t *cands = json_array();
    for (size_t i = 0; i < n && rc == HERR_OK; i++) {
        if (hits[i].probability < min_probability)
            break;
        json_t *c = json_object();
        json_object_set_new(c, "person_id",
                            hits[i].person_id ? json_integer(hits[i].person_id) : json_null());
        json_object_set_new(c, "record_id", json_integer(hits[i].record_id));
        json_object_set_new(c, "probability", json_real(hits[i].probability));
        json_object_set_new(c, "weight", json_real(hits[i].weight));
        json_t *person = NULL;
        joined_ctx jc = {ix, hits[i].person_id};
        if (hits[i].person_id)
            rc = link_person_view(s, hits[i].person_id, false, index_joined, &jc, &person, e);
        if (person && since_needs_timeline(person)) {
            json_decref(person);
            person = NULL;
            rc = link_person_view(s, hits[i].person_id, true, NULL, NULL, &person, e);
        }
        if (person) {
            json_object_set(c, "name", json_object_get(person, "name"));
            status_into(c, person);
            json_decref(person);
        } else {
            json_object_set_new(c, "status", json_string("unknown"));
            json_object_set_new(c, "status_note", json_string("record not linked yet: run 'habeas link'"));
        }
        long ri = link_rec_index(&ix->v->d, hits[i].record_id);
        if (ri >= 0) {
            why_into(c, ix, &qr, ri, hits[i].person_id);
        } else {
            json_object_set_new(c, "why", json_array());
            json_object_set_new(c, "why_parts", json_array());
        }
        json_array_append_new(cands, c);
    }
    if (snapshot)
        store_exec(s, "RELEASE trace_answer", &se);
    lpool_free(&qr.pool);
    free(hits);
    if (rc != HERR_OK) {
        json_decref(cands);
        return rc;
    }
    json_t *o = json_object();
    json_object_set_new(o, "query", trace_query_json(q));
    json_object_set_new(o, "candidates", cands);
    *out = o;
    return HERR_OK;
}

/* ---- the query as JSON ---- */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v && *v)
        json_object_set_new(o, k, json_string(v));
}

json_t *trace_query_json(const trace_query *q)
{
    json_t *o = json_object();
    set_str(o, "name", q->name);
    set_str(o, "birth_date", q->birth_date);
    if (q->age >= 0)
        json_object_set_new(o, "age", json_integer(q->age));
    set_str(o, "dui", q->dui);
    set_str(o, "arrest_date", q->arrest_date);
    set_str(o, "place", q->place);
    set_str(o, "facility", q->facility);
    set_str(o, "mother", q->mother);
    return o;
}

int trace_query_from_json(json_t *j, trace_query *q, herr *e)
{
    trace_query_init(q);
    if (!json_is_object(j))
        return herr_set(e, HERR_INPUT, "the sought person must be a JSON object");
    static const char *const keys[] = {"name",  "birth_date", "dui",   "arrest_date",
                                       "place", "facility",   "mother"};
    const char **dst[] = {&q->name,  &q->birth_date, &q->dui,   &q->arrest_date,
                          &q->place, &q->facility,   &q->mother};
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (strcmp(k, keys[i]) == 0) {
                if (!json_is_string(v) && !json_is_null(v))
                    return herr_set(e, HERR_INPUT, "'%s' must be a string", k);
                *dst[i] = json_string_value(v);
                known = true;
            }
        if (strcmp(k, "age") == 0) {
            if (!json_is_integer(v) && !json_is_null(v))
                return herr_set(e, HERR_INPUT, "'age' must be a whole number");
            q->age = json_is_integer(v) ? (int)json_integer_value(v) : -1;
            known = true;
        }
        if (!known)
            return herr_set(e, HERR_INPUT,
                            "unknown field '%s' (expected name, birth_date, age, dui, "
                            "arrest_date, place, facility, mother)", k);
    }
    if (!q->name || !*q->name)
        return herr_set(e, HERR_INPUT, "'name' is required");
    return HERR_OK;
}
