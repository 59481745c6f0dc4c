/*
 * records.h — for the linkage unit tests: records made from link_fields
 * as link_load makes a list's, without a database.
 */
#ifndef HABEAS_TESTS_LINK_RECORDS_H
#define HABEAS_TESTS_LINK_RECORDS_H

#include <stdlib.h>
#include <string.h>

#include "link/internal.h"

/* d holds n records filled from f[0 .. n), ids 1 .. n, each of its own
 * source (source ids 1 .. n) when own_sources, else source 0.  Free with
 * records_free. */
static inline void records_fill(ldata *d, const link_fields *f, size_t n, bool own_sources)
{
    memset(d, 0, sizeof *d);
    lrec *r = calloc(n ? n : 1, sizeof *r);
    sbuf tmp;
    sbuf_init(&tmp);
    lpool_init(&d->pool, 0, NULL);
    for (size_t i = 0; i < n; i++) {
        link_rec_fill(&d->pool, &tmp, &f[i], &r[i]);
        r[i].id = (long)i + 1;
        r[i].source = own_sources ? (int)i + 1 : 0;
    }
    sbuf_free(&tmp);
    d->r = r;
    d->n = n;
}

static inline void records_free(ldata *d)
{
    lpool_free(&d->pool);
    free(d->r);
}

#endif
