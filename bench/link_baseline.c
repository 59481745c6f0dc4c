/*
 * bench/link_baseline.c — the naive linker habeas is measured against:
 * two records are one person when their normalised names (given names,
 * both surnames, as the names module parses and folds them) and their
 * birth dates are exactly equal; a record with no birth date or no name is
 * a person of its own.  Prints pairwise precision, recall and F1 against a
 * ground truth.  Usage: link_baseline DB TRUTH.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/internal.h"

typedef struct keyed {
    uint64_t key;
    uint32_t idx;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0xff) * 1099511628211ULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: link_baseline DB TRUTH.csv\n", stderr);
        return 1;
    }
    store *s;
    herr e;
    if (store_open(argv[1], STORE_MUST_EXIST, &s, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t0 = now_seconds();
    ldata d;
    if (link_load(s, &d, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    keyed *k = malloc((d.n ? d.n : 1) * sizeof *k);
    uint32_t *cluster = malloc((d.n ? d.n : 1) * sizeof *cluster);
    size_t m = 0;
    for (size_t i = 0; i < d.n; i++) {
        const lrec *r = &d.r[i];
        cluster[i] = (uint32_t)i;
        if (!r->given || !r->s1 || r->bprec != PREC_DAY)
            continue;
        uint64_t h = fnv(fnv(fnv(1469598103934665603ULL, lstr(&d, r->given)), lstr(&d, r->s1)),
                         lstr(&d, r->s2));
        h = (h ^ (uint64_t)(r->by * 400 + r->bm * 32 + r->bd)) * 1099511628211ULL;
        k[m++] = (keyed){h, (uint32_t)i};
    }
    qsort(k, m, sizeof *k, keyed_cmp);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && k[b].key == k[a].key)
            b++;
        for (size_t x = a; x < b; x++)
            cluster[k[x].idx] = k[a].idx;
        a = b;
    }
    int32_t *truth;
    if (link_truth_load(s, &d, argv[2], &truth, &e) != HERR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    link_result r;
    memset(&r, 0, sizeof r);
    link_truth_measure(&d, truth, cluster, &r);
    printf("baseline (exact name + birth date): precision %.4f  recall %.4f  F1 %.4f  (%.1f s)\n",
           r.precision, r.recall, r.f1, now_seconds() - t0);
    free(truth);
    free(k);
    free(cluster);
    link_data_free(&d);
    store_close(s);
    return 0;
}
