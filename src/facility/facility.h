/*
 * facility — the register of prisons and detention centres, and how the
 * names written in lists resolve to it.
 *
 * Families and lists name one prison many ways ("Centro Penal La
 * Esperanza", "Mariona", "el penal de Mariona").  Each facility has a
 * name and aliases; every one of them, and every facility name in a
 * record, is reduced to a key by facility_key(): folded like any name
 * (accents, case, punctuation ignored) and stripped of the generic words
 * that carry no identity ("centro penal", "el penal de", "carcel de").
 * A record keeps its name as written plus that key, and resolution is a
 * join on the key, so an alias added later resolves old records too
 * without touching them.  Two facilities may not claim the same key.
 */
#ifndef HABEAS_FACILITY_H
#define HABEAS_FACILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/util.h"

/* Appends the comparison key of a facility name to out (may be empty). */
void facility_key(const char *s, size_t n, sbuf *out);

/* Is a facility of this register kind (NULL: unknown) a police holding
 * cell, a "bartolina", where people are held the days after an arrest? */
bool facility_kind_is_cell(const char *kind);

/* One facility as a register file gives it.  Strings may be NULL;
 * numbers are -1 (or < 0) when unknown. */
typedef struct facility_def {
    const char *name;
    const char *aliases; /* '|'-separated */
    const char *municipality, *department, *kind;
    long capacity, cells, bunks_per_cell;
    double cell_area_m2;
} facility_def;

/* Adds the facility, or updates the one with the same name (figures
 * replaced, aliases added; an alias is never removed, so records that
 * resolved keep resolving).  *added tells which.  HERR_INPUT when an
 * alias key already belongs to another facility.  The caller holds the
 * transaction. */
int facility_upsert(store *s, const facility_def *f, bool *added, herr *e);

typedef struct facility_info {
    long id;
    char *name, *municipality, *department, *kind, *aliases; /* aliases '|'-joined */
    long capacity, cells, bunks_per_cell;                    /* -1 when unknown */
    double cell_area_m2;                                     /* < 0 when unknown */
    long records;                                            /* records naming it */
} facility_info;

int facility_list(store *s, facility_info **out, size_t *n, herr *e);
void facility_list_free(facility_info *f, size_t n);

typedef struct facility_unresolved {
    char *name; /* as written (the first spelling seen) */
    long records;
} facility_unresolved;

/* Facility names in records (source_id, or every source when 0) that no
 * register entry resolves, most frequent first. */
int facility_unresolved_list(store *s, long source_id, facility_unresolved **out, size_t *n,
                             herr *e);
void facility_unresolved_free(facility_unresolved *u, size_t n);

#endif
