/*
 * truth.c — measuring linkage against a ground truth (habeas synth's
 * truth.csv, or a public benchmark's): pairwise precision, recall and F1
 * of the clusters, and the recall of blocking (the share of true pairs
 * that were compared at all).  Accuracy is measured, never asserted.
 *
 * Pair counts come from the contingency of predicted and true clusters:
 * a group of k records in one predicted and one true cluster holds
 * k(k-1)/2 correct pairs.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "internal.h"

typedef struct tkey {
    uint64_t h;    /* hash of source name and record_id */
    int32_t person;
} tkey;

typedef struct truth_ctx {
    tkey *v;
    size_t n, cap;
    /* person ids as written -> small integers */
    char **names;
    size_t nnames, capnames;
    uint32_t *slots;
    size_t slot_cap;
    int col[3];
} truth_ctx;

static uint64_t key_hash(const char *src, size_t sn, const char *id, size_t in)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sn; i++)
        h = (h ^ (unsigned char)src[i]) * 1099511628211ULL;
    h = (h ^ 0x1f) * 1099511628211ULL;
    for (size_t i = 0; i < in; i++)
        h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
    return h;
}

static int32_t person_index(truth_ctx *t, const char *s, size_t n)
{
    if (t->nnames * 2 >= t->slot_cap) {
        size_t cap = t->slot_cap ? t->slot_cap * 2 : 1024;
        uint32_t *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < t->nnames; i++) {
            size_t k = key_hash(t->names[i], strlen(t->names[i]), "", 0) & (cap - 1);
            while (slots[k])
                k = (k + 1) & (cap - 1);
            slots[k] = (uint32_t)i + 1;
        }
        free(t->slots);
        t->slots = slots;
        t->slot_cap = cap;
    }
    size_t k = key_hash(s, n, "", 0) & (t->slot_cap - 1);
    while (t->slots[k]) {
        const char *x = t->names[t->slots[k] - 1];
        if (strlen(x) == n && memcmp(x, s, n) == 0)
            return (int32_t)(t->slots[k] - 1);
        k = (k + 1) & (t->slot_cap - 1);
    }
    if (t->nnames == t->capnames) {
        t->capnames = t->capnames ? t->capnames * 2 : 1024;
        t->names = xrealloc(t->names, t->capnames * sizeof *t->names);
    }
    t->names[t->nnames] = xstrndup(s, n);
    t->slots[k] = (uint32_t)t->nnames + 1;
    return (int32_t)t->nnames++;
}

static int on_truth_row(void *ctx, long line, const char *const *f, const size_t *len, size_t n,
                        herr *e)
{
    truth_ctx *t = ctx;
    static const char *const names[3] = {"source", "record_id", "person_id"};
    if (line == 1) {
        for (int k = 0; k < 3; k++) {
            t->col[k] = -1;
            for (size_t i = 0; i < n; i++)
                if (len[i] == strlen(names[k]) && memcmp(f[i], names[k], len[i]) == 0)
                    t->col[k] = (int)i;
            if (t->col[k] < 0)
                return herr_set(e, HERR_INPUT, "truth: no column '%s' (expected "
                                "source,record_id,person_id)", names[k]);
        }
        return HERR_OK;
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->n].h = key_hash(f[t->col[0]], len[t->col[0]], f[t->col[1]], len[t->col[1]]);
    t->v[t->n].person = person_index(t, f[t->col[2]], len[t->col[2]]);
    t->n++;
    return HERR_OK;
}

static int tkey_cmp(const void *a, const void *b)
{
    const tkey *x = a, *y = b;
    return x->h < y->h ? -1 : x->h > y->h;
}

int link_truth_load(store *s, const ldata *d, const char *path, int32_t **truth, herr *e)
{
    truth_ctx t;
    memset(&t, 0, sizeof t);
    int rc = ingest_table_read(path, on_truth_row, &t, e);
    if (rc == HERR_OK) {
        qsort(t.v, t.n, sizeof *t.v, tkey_cmp);
        sqlite3_stmt *st;
        rc = store_prepare(s,
                           "SELECT r.id, src.name, r.source_ref FROM record r "
                           "JOIN source src ON src.id = r.source_id ORDER BY r.id",
                           &st, e);
        if (rc == HERR_OK) {
            *truth = xmalloc((d->n ? d->n : 1) * sizeof **truth);
            size_t i = 0;
            while (sqlite3_step(st) == SQLITE_ROW && i < d->n) {
                const char *src = (const char *)sqlite3_column_text(st, 1);
                const char *ref = (const char *)sqlite3_column_text(st, 2);
                (*truth)[i] = -1;
                if (ref) {
                    tkey k = {key_hash(src, strlen(src), ref, strlen(ref)), 0};
                    tkey *hit = bsearch(&k, t.v, t.n, sizeof *t.v, tkey_cmp);
                    if (hit)
                        (*truth)[i] = hit->person;
                }
                i++;
            }
            sqlite3_finalize(st);
        }
    }
    for (size_t i = 0; i < t.nnames; i++)
        free(t.names[i]);
    free(t.names);
    free(t.slots);
    free(t.v);
    return rc;
}

typedef struct cell {
    uint32_t a;
    int32_t b;
} cell;

static int cell_cmp(const void *x, const void *y)
{
    const cell *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static long pairs_of(long k)
{
    return k * (k - 1) / 2;
}

/* Sum of k(k-1)/2 over runs of equal cells (compare a, and b when both). */
static long run_pairs(cell *c, size_t n, bool by_b_too)
{
    long total = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && c[j].a == c[i].a && (!by_b_too || c[j].b == c[i].b))
            j++;
        total += pairs_of((long)(j - i));
        i = j;
    }
    return total;
}

void link_truth_measure(const ldata *d, const int32_t *truth, const uint32_t *cluster,
                        link_result *r)
{
    cell *c = xmalloc((d->n ? d->n : 1) * sizeof *c);
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (truth[i] >= 0)
            c[n++] = (cell){cluster[i], truth[i]};
    qsort(c, n, sizeof *c, cell_cmp);
    r->predicted_pairs = run_pairs(c, n, false);
    r->correct_pairs = run_pairs(c, n, true);
    for (size_t i = 0; i < n; i++)
        c[i] = (cell){(uint32_t)c[i].b, 0};
    qsort(c, n, sizeof *c, cell_cmp);
    r->truth_pairs = run_pairs(c, n, false);
    free(c);
    r->precision = r->predicted_pairs ? (double)r->correct_pairs / (double)r->predicted_pairs : 1;
    r->recall = r->truth_pairs ? (double)r->correct_pairs / (double)r->truth_pairs : 1;
    r->f1 = r->precision + r->recall > 0
                ? 2 * r->precision * r->recall / (r->precision + r->recall)
                : 0;
    r->blocking_recall =
        r->truth_pairs ? (double)r->truth_pairs_blocked / (double)r->truth_pairs : 1;
    r->measured = true;
}
