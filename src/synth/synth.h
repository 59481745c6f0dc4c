/*
 * synth — a fictional detained population and the partial, contradictory
 * lists that monitors would hold about it, with the ground truth.
 *
 * Why.  Every accuracy claim habeas makes (linkage precision and recall,
 * the number of unreported deaths estimated by multiple systems
 * estimation) must be measured against a known answer, and real people's
 * data must never enter the repository.  synth_run() writes, into one
 * directory and byte-identically for a given seed:
 *   persons.csv     the truth: who was detained, where, what happened;
 *   facilities.csv  the prison register (names, aliases, capacities);
 *   <source>.csv    one file per list, each in its own dialect;
 *   lists.csv       what each list is (kind, supplier, date received);
 *   truth.csv       source, record_id -> person_id for every list row.
 *
 * Realism that matters for the later modules:
 *   - names are frequency-skewed (Hernández first), compound, with two
 *     surnames, married "de" surnames and nicknames, so blocking and
 *     comparison meet the collisions real Salvadoran lists have;
 *   - each list captures a different subset, and capture depends on the
 *     person (status, vulnerability, time held, region) and on a latent
 *     "family engagement" shared by the NGO, family and press lists, plus
 *     direct dependence (families who report also go to the NGO).  This
 *     is the heterogeneity and list dependence that multiple systems
 *     estimation has to survive; independent uniform capture would make
 *     every estimator look good;
 *   - noise is per list and per record (typos, missing accents, capitals,
 *     nicknames for names, partial and swapped dates, DUI digit errors,
 *     within-list duplicates, a few impossible values and unidentifiable
 *     rows) so that import warnings and rejects are exercised too.
 *
 * All randomness comes from util/rng seeded by opts.seed; each stage
 * (population, each list) draws from its own stream, so a list does not
 * change when another list's rules change.  Persons are random
 * combinations of common names: any resemblance to a real person is
 * chance.  The facility figures approximate public reports; they are
 * context, not data.
 *
 * Memory: synth_run owns everything it allocates and frees it before
 * returning.  Files are written under temporary names and renamed only
 * when all of them were written, so an error leaves no half-written set.
 */
#ifndef HABEAS_SYNTH_H
#define HABEAS_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define SYNTH_MAX_LISTS 7
#define SYNTH_DEFAULT_LISTS 6
#define SYNTH_MAX_COVERAGE 20

typedef struct synth_opts {
    long persons;        /* detained Salvadorans to make, >= 1 */
    uint64_t seed;       /* same seed, same bytes */
    const char *out_dir; /* created (one level) when missing */
    int lists;           /* 2..7: the first K of ngo_casos, familias, oficial, prensa,
                            tribunal, defunciones, deportados */
    double coverage;     /* each list's share of the persons times this (0: 1, the
                            default), up to SYNTH_MAX_COVERAGE */
} synth_opts;

typedef struct synth_report {
    int n_lists;
    char list_names[SYNTH_MAX_LISTS][32]; /* source names; the file is <name>.csv */
    long rows[SYNTH_MAX_LISTS];           /* rows written per list (duplicates included) */
    long persons;                         /* rows of persons.csv (foreign deportees included) */
    long dead;                            /* persons whose status is dead */
    double seconds;
} synth_report;

/* Writes the whole data set into o->out_dir.  HERR_INPUT for bad options
 * or a directory that cannot be created or written; HERR_INTERNAL when a
 * write fails half-way (disk full). */
int synth_run(const synth_opts *o, synth_report *r, herr *e);

/* ---- tables (synth_data.c), read by synth.c and the tests ---- */

typedef struct synth_name {
    const char *name; /* UTF-8 */
    int weight;       /* relative frequency */
} synth_name;

enum { SYNTH_WEST, SYNTH_METRO, SYNTH_CENTRAL, SYNTH_EAST };

typedef struct synth_place {
    const char *municipality;
    const char *department;
    int region; /* SYNTH_WEST.. */
    int weight; /* share of arrests, roughly population with an urban bias */
} synth_place;

/* The register, in a fixed order so that the generator can name a
 * facility by its index. */
enum {
    SYNTH_FAC_CECOT,
    SYNTH_FAC_ESPERANZA,
    SYNTH_FAC_IZALCO,
    SYNTH_FAC_APANTEOS,
    SYNTH_FAC_ZACATECOLUCA,
    SYNTH_FAC_QUEZALTEPEQUE,
    SYNTH_FAC_CIUDAD_BARRIOS,
    SYNTH_FAC_CHALATENANGO,
    SYNTH_FAC_COJUTEPEQUE,
    SYNTH_FAC_SAN_MIGUEL,
    SYNTH_FAC_USULUTAN,
    SYNTH_FAC_LA_UNION,
    SYNTH_FAC_SENSUNTEPEQUE,
    SYNTH_FAC_MUJERES,
    SYNTH_FAC_GRANJA_SANTA_ANA,
    SYNTH_FAC_BARTOLINA_SAN_SALVADOR,
    SYNTH_FAC_BARTOLINA_SAN_MIGUEL,
    SYNTH_FAC_BARTOLINA_SANTA_ANA,
    SYNTH_FAC_YOUTH_ILOBASCO,
    SYNTH_FAC_COUNT
};

typedef struct synth_facility {
    const char *name;
    const char *aliases;    /* '|'-separated, as families and the press say it */
    const char *colloquial; /* what a family writes ("el penal de Izalco") */
    const char *municipality;
    const char *department;
    const char *kind; /* prison, bartolina, youth_centre */
    long capacity;
    int cells;
    double cell_area_m2;
    int bunks_per_cell;
} synth_facility;

/* A hypocoristic: the name a family uses for `given` ("José" -> "Chepe"). */
typedef struct synth_nick {
    const char *given;
    const char *nick;
} synth_nick;

extern const synth_name synth_surnames[];
extern const size_t synth_n_surnames;
extern const synth_name synth_male_names[];
extern const size_t synth_n_male_names;
extern const synth_name synth_female_names[];
extern const size_t synth_n_female_names;
extern const synth_nick synth_nicks[];
extern const size_t synth_n_nicks;
extern const char *const synth_street_nicks_m[];
extern const size_t synth_n_street_nicks_m;
extern const char *const synth_street_nicks_f[];
extern const size_t synth_n_street_nicks_f;
extern const synth_name synth_ve_given[];
extern const size_t synth_n_ve_given;
extern const synth_name synth_ve_surnames[];
extern const size_t synth_n_ve_surnames;
extern const synth_place synth_places[];
extern const size_t synth_n_places;
extern const synth_facility synth_facilities[SYNTH_FAC_COUNT];
extern const char *const synth_notes[]; /* NGO observaciones */
extern const size_t synth_n_notes;
extern const char *const synth_death_causes[];
extern const size_t synth_n_death_causes;
extern const char *const synth_outlets[]; /* fictional press outlets */
extern const size_t synth_n_outlets;
extern const char *const synth_court_notes[];
extern const size_t synth_n_court_notes;

#endif
