/*
 * link — which mentions are one person.
 *
 * The same detained man appears as "JOSE LUIS HERNANDEZ MARTINEZ, DUI
 * 01234567-8" on an official list, "Chepe Hernández, 24 años" in a
 * family's report and "José Hernandes" in a press story.  link decides,
 * with a stated probability, which records are one person:
 *
 *   records -> names parsed (names module) -> blocking (a union of rules,
 *   so that only plausible pairs are compared) -> comparison vectors
 *   (one level per field: exact, close, different, missing) ->
 *   Fellegi–Sunter model: u from random pairs, m and the match rate by EM
 *   on the candidate pairs, term-frequency adjustment for names (a rare
 *   surname agreeing counts more than "Hernández") -> match probabilities
 *   -> clusters by greedy merging under cannot-link constraints (two valid
 *   DUIs that differ, incompatible birth dates, a person's decision that
 *   two records are different) -> person ids, stable across re-links.
 *
 * Human decisions (link_decision) always win: "same" merges whatever the
 * model says, "different" is a constraint no merge may break, and both
 * survive every re-link and every new import.
 *
 * The model uses every comparable field the records have and learns its
 * weights from the data; fields a source lacks are "missing" and weigh
 * nothing, so lists with different columns link.
 */
#ifndef HABEAS_LINK_H
#define HABEAS_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/util.h"

/* ---- string similarity (strsim.c); folded ASCII input ---- */
double link_jaro_winkler(const char *a, const char *b);
/* link_jaro_winkler(a, b) >= threshold, sparing the comparison when a
 * bound on it says no. */
bool link_jaro_winkler_reaches(const char *a, const char *b, double threshold);
int link_edit_distance(const char *a, const char *b);
/* link_edit_distance(a, b) <= k, much faster when it is not. */
bool link_within_edits(const char *a, const char *b, int k);

/* ---- the comparison fields ---- */
typedef enum {
    LF_GIVEN,     /* given names */
    LF_SURNAME1,  /* first surname (either order) */
    LF_SURNAME2,  /* second surname (either order) */
    LF_BIRTH,     /* birth date, or age at arrest */
    LF_DUI,       /* national ID */
    LF_IDNUM,     /* other document (passport) */
    LF_SEX,
    LF_RESIDENCE, /* municipality */
    LF_PARENTS,   /* mother's and father's names */
    LF_FACILITY,
    LF_ARREST,    /* arrest date */
    LF_NICKNAME,  /* alias or nickname ("Chele", "Chepe") */
    LF_DEATH,     /* date of death: two lists giving the same one is strong evidence */
    LF_PLACE,     /* municipality of arrest or residence, when the two do not both give a
                     residence (most people are taken at or near home) */
    LF_ADMISSION, /* a register's date of admission to its facility against the other's
                     arrest date: admitted within a month of the arrest */
    LF_COURT,     /* a court's order at a hearing against the other's status (held or
                     released), or a hearing before the other's arrest or after its death */
    LF_STATUS,    /* what the two lists say of the person: held, released, dead, missing */
    LF_COUNT
} link_field;

#define LINK_MAX_LEVELS 8 /* level 0 is "missing" in every field */

const char *link_field_name(link_field f);
/* Describes level l of field f ("exact", "one digit off", ...). */
const char *link_level_name(link_field f, int level);
int link_field_levels(link_field f); /* levels including 0 */

/* A comparison vector: LINK_LEVEL_BITS per field, level 0 = missing. */
typedef uint64_t link_pattern;
#define LINK_LEVEL_BITS 3
_Static_assert(LINK_MAX_LEVELS <= 1 << LINK_LEVEL_BITS, "a level fits its bits");
_Static_assert(LF_COUNT * LINK_LEVEL_BITS <= 64, "a comparison vector fits its 64 bits");

static inline int link_level(link_pattern p, link_field f)
{
    return (int)((p >> (LINK_LEVEL_BITS * (int)f)) & ((1 << LINK_LEVEL_BITS) - 1));
}

/* ---- the model ---- */
/* Sources given a match rate of their own (the largest; the rest share the
 * overall rate). */
#define LINK_MAX_SOURCES 64
/* Facilities given weights of their pairs (the commonest), and the
 * longest key of one kept. */
#define LINK_FAC_VALUES 32
#define LINK_FAC_KEY 48

typedef struct link_model {
    double lambda;                       /* P(two records picked at random are one person) */
    double m[LF_COUNT][LINK_MAX_LEVELS]; /* P(level | same person), by EM */
    double u[LF_COUNT][LINK_MAX_LEVELS]; /* P(level | different people), from random pairs */
    int em_iterations;                   /* summed over the EM sessions */
    long random_pairs;
    /* The match rate differs by pair of sources: an official register
     * names each prisoner once, so two of its records are almost never
     * one person, while a family's report and a court list of the same
     * prison share many.  lambda for the pairs of sources a and b (slots,
     * not ids: source_id[slot] is the id), by the same fixed point as the
     * overall rate, drawn towards it where a pair of sources has few
     * records. */
    int nsources;
    int source_id[LINK_MAX_SOURCES];
    long source_records[LINK_MAX_SOURCES];
    double source_lambda[LINK_MAX_SOURCES][LINK_MAX_SOURCES];
    /* Which two facilities one person's records name (facpair.c): a man
     * taken to the police cells of Santa Ana is then sent to a prison of
     * the west more often than to one of the east, and moved from a
     * prison to the ones that take transfers.  For the commonest
     * facilities (fac_key, link_hash'ed in fac_hash), fac_bits[a][b] is
     * what two records at a and b add to the level "different": log2 of
     * how much likelier that pair is for one person than for two, beside
     * the level's own weight.  nfac 0: none learnt. */
    int nfac;
    uint32_t fac_hash[LINK_FAC_VALUES];
    char fac_key[LINK_FAC_VALUES][LINK_FAC_KEY];
    float fac_bits[LINK_FAC_VALUES][LINK_FAC_VALUES];
    /* What the level of one record's arrest against the other's
     * admission adds, by the admitting record's facility (a prison that
     * takes transfers admits men long after their arrest): adm_bits[f][l]. */
    float adm_bits[LINK_FAC_VALUES][4];
} link_model;

/* ---- a run ---- */
typedef struct link_opts {
    double threshold;    /* merge pairs with probability >= threshold (default 0.5) */
    double review_low;   /* pairs in [review_low, review_high) go to review */
    double review_high;
    bool progress;       /* progress on stderr */
    const char *truth;   /* optional: a ground truth CSV (source,record_id,person_id) to
                            measure blocking recall and pairwise precision/recall against */
    uint64_t seed;       /* random pairs for u */
} link_opts;

void link_opts_default(link_opts *o);

typedef struct link_result {
    long run_id;
    long records;
    long candidate_pairs;
    long matched_pairs;  /* pairs at or above the threshold */
    long persons;
    long review;         /* uncertain pairs queued for review */
    long decisions;      /* human decisions applied */
    long split_conflicts;/* merges refused by a contradiction */
    long joined_whole;   /* groups joined on all their records together (the second look), */
    long joined_whole_right; /* and of those, with a truth, joined rightly */
    long moved;          /* records moved to a group they fit better (second thoughts), */
    long moved_right;    /* and of those, with a truth, to their own person */
    long set_apart;      /* records set apart from their group (second thoughts), */
    long set_apart_right; /* and of those, with a truth, not the person of the record their
                             one merge had joined them to */
    double seconds;
    /* Where the seconds went: reading the records, blocking, learning the
     * model (u, EM), weighing the pairs (and their rivals), clustering
     * with its second looks, writing the results. */
    struct {
        double load, block, fit, weigh, cluster, write;
    } phase;
    link_model model;
    /* With a ground truth (o->truth): pairs of records of one true person,
     * how many blocking compared, and the clusters' pairwise accuracy. */
    bool measured;
    long truth_pairs, truth_pairs_blocked, predicted_pairs, correct_pairs;
    double blocking_recall, precision, recall, f1;
    /* Calibration: the candidate pairs (at least LINK_RIVAL_MIN likely
     * alone) by their probability, rivals counted, in tenths: how many,
     * their mean probability, and how many are one person by the truth.
     * Probabilities that mean what they say have the two alike. */
    struct {
        long pairs, same;
        double sum_p;
    } calibration[10];
} link_result;

/* Links every record in the database and stores the membership (record ->
 * person), the review queue and the run.  Person ids are kept from the
 * previous run wherever a cluster carries most of an old person's records. */
int link_run(store *s, const link_opts *o, link_result *r, herr *e);

/* ---- human decisions ---- */
typedef enum { LINK_SAME, LINK_DIFFERENT } link_verdict;

/* Records a decision on two records (by record id).  who is the person
 * deciding; reason is required.  Applied at the next link run, and by
 * every run after it. */
int link_decide(store *s, long rec_a, long rec_b, link_verdict v, const char *reason,
                const char *who, herr *e);

/* ---- looking at pairs ---- */
/* The last run's model and the records it compared, loaded once, for
 * looking at many pairs: a server keeps one beside its trace index, so a
 * review page need not read every record again.  One owner frees it;
 * read-only, it may be shared between threads.  HERR_INPUT when nothing
 * was linked yet. */
typedef struct link_view link_view;
int link_view_load(store *s, link_view **out, herr *e);
void link_view_free(link_view *v);
long link_view_run(const link_view *v); /* the link run it reflects */

/* The comparison of two records under the last run's model (v, or one
 * loaded for the call when v is NULL), field by field, as JSON:
 * {"record_a":..,"record_b":..,"person_a":..,"person_b":..,"prior_weight":..,
 *  "fields":[{"field":..,"level":..,"a":..,"b":..,"weight":..}],"total_weight":..,
 *  "probability_alone":..,"rivals":[{"record","source","fits","probability_alone"}],
 *  "probability":..}.  Caller json_decref()s it (jansson). */
struct json_t;
int link_explain(store *s, const link_view *v, long rec_a, long rec_b, struct json_t **out,
                 herr *e);

/* The review queue of the last run, most uncertain first, each pair
 * with its field-by-field comparison (as link_explain).  JSON array. */
int link_review_json(store *s, const link_view *v, long limit, struct json_t **out, herr *e);

/* ---- persons: the merged view (person.c) ---- */

/* A person's merged view as JSON: every record with its source, the
 * events as a timeline, the current status with the sources that support
 * it, and conflicts between sources shown, not hidden:
 *   {"person_id":..,"name":..,"records":[..],"timeline":[..],
 *    "status":{"value":..,"date":..,"facility":..,"source":..,"record_id":..,
 *              "joined":..,"sources":[..],"sure_sources":[..],"confirmed":..,
 *              "contradicted_by":[..],"contradictions":[{"source","status","date"}]},
 *    "conflicts":["ngo_casos: released 2023-05; oficial: held 2024-01", ..],
 *    "joined":[{"record_a","record_b","probability","how"}]}
 * "joined" is how the last link put the records together, one merge at a
 * time: through which two records, with what probability, and on what
 * ("pair": the two alike; "whole": the two groups on all their records
 * together; "decision": a person decided they are the same).
 * Each conflict is the status's source, value and date against one
 * contradiction (in the same order): the lines for a terminal, the
 * parts for a page in another language.
 * Each record's "joined" (and the status's, of the record that tells it)
 * is how sure the last link was that the record is his: the strongest
 * merge that joined it to another of his (1 for a decision, or a record
 * alone).  "sure_sources" are the sources of "sources" that tell it in a
 * record joined at least at 0.9; two of them confirm the status.
 * HERR_INPUT when no such person. */
int link_person_json(store *s, long person_id, struct json_t **out, herr *e);
/* How sure the last link was that record_id is the person's (a record's
 * "joined"), or a negative number when the caller does not know. */
typedef double (*link_joined_fn)(void *ctx, long record_id);
/* The same, or (whole false) without "timeline" and "joined": the
 * records and the status, all a search's candidate needs (the records'
 * "joined" only where the status needs it, from joined(ctx, record) when
 * given and it knows every record: a search has the merges in memory). */
int link_person_view(store *s, long person_id, bool whole, link_joined_fn joined, void *ctx,
                     struct json_t **out, herr *e);
/* A record joined less surely than this says how sure the join was,
 * wherever it speaks for the person (a field of a search, the status). */
#define LINK_JOIN_SHOWN 0.995

/* Persons with their number of records and sources, a display name;
 * limit < 0 for all.  JSON array. */
int link_persons_json(store *s, long limit, struct json_t **out, herr *e);

#endif
