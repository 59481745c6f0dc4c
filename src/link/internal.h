/*
 * internal.h — private to the link module: the in-memory form of the
 * records being linked, and the steps of a run.
 *
 * A record is reduced to what comparison needs: folded strings in one
 * pool, each kept once (offsets, 0 = empty), 32-bit hashes of names and
 * phonetic keys for blocking and term frequencies, dates as numbers.  About 100 bytes a
 * record, so a million records fit in a laptop's memory comfortably.
 */
#ifndef HABEAS_LINK_INTERNAL_H
#define HABEAS_LINK_INTERNAL_H

#include "link.h"

/* Birth years counted from this one, for so many. */
#define LINK_BIRTH_YEAR0 1890
#define LINK_BIRTH_YEARS 150

/* Months (of admissions, arrests, hearings) counted from January of this
 * year, for so many (link_month_index). */
#define LINK_ADM_YEAR0 1990
#define LINK_ADM_MONTHS (50 * 12)

/* The kinds of value whose frequency weighs an agreement (lrec.tf). */
enum { LINK_TF_S1, LINK_TF_S2, LINK_TF_GIVEN1, LINK_TF_GIVEN_ALL, LINK_TF_FACILITY,
       LINK_TF_RESIDENCE, LINK_TF_ARREST, LINK_TF_KINDS };

typedef struct lrec {
    long id;        /* record id */
    int source;     /* source id */
    uint32_t given, given1, s1, s2, nick, mother, father, residence, idnum, facility;
    uint32_t arrest_place;
    uint32_t grest; /* the given names after the first ("manuel" of "jose manuel"), 0 = none */
    uint32_t familiar; /* the hypocoristic written as the given name when an alias, not it,
                          is nick ("beto" of "Beto Portillo", alias Canche), 0 = none */
    uint32_t gkey, s1key, s2key; /* hashes of phonetic keys, 0 = none */
    uint32_t g1h, s1h, s2h, resh, arrh, fach, idh; /* hashes of folded values, 0 = none */
    uint32_t gh;    /* hash of all the given names, 0 = none */
    uint16_t s1pre; /* the folded first surname's first two letters, 0 = none */
    uint32_t s1suf; /* its last three letters (a surname of four or more), 0 = none */
    int32_t dui;   /* the 9 digits as a number, -1 = none */
    int16_t by, ay; /* birth and arrest year, 0 = unknown */
    int8_t bm, bd, bprec, am, ad, aprec;
    int16_t dy;    /* death year, 0 = unknown */
    int8_t dm, dd, dprec;
    int16_t fy;    /* year of admission to the facility, 0 = unknown */
    int8_t fm, fd, fprec;
    int16_t hy;    /* year of a court hearing, 0 = none */
    int8_t hm, hd, hprec;
    int8_t order;  /* that hearing's order: LINK_ORDER_* */
    int8_t status; /* what the list says of the person: LINK_STATUS_* */
    int16_t ry;    /* year of the release a list gives, 0 = none */
    int8_t rm, rd, rprec;
    int16_t age;   /* -1 = unknown */
    int16_t ref_year; /* the year the age refers to (arrest, else list received) */
    /* The day the age is known to refer to, at its precision: the arrest's
     * (a query's: today); PREC_UNKNOWN when only the year is sure. */
    int8_t age_m, age_d, age_prec;
    /* Birth years the record allows: [blo, bhi]; its birth year, or from
     * an age at arrest the two years around it, or from an age given with
     * no arrest date (which may be years old) a wider span. 0 = unknown. */
    int16_t blo, bhi;
    int8_t sex;    /* 0 unknown, 1 M, 2 F */
    int8_t cell;   /* 1: its facility is a police holding cell (a "bartolina") */
    int8_t nick_kind; /* LINK_NICK_*: what its nickname is (cmp_nickname) */
    /* log2 of the share of records that have its value, read once from
     * the frequency table (a random read for every pair compared
     * otherwise); 1 = not known (a query's).  Indexed by LINK_TF_*. */
    float tf[LINK_TF_KINDS];
} lrec;

/* A court order frees (release, alternative measures, dismissal) or
 * keeps the person held (provisional detention, sentence). */
enum { LINK_ORDER_NONE, LINK_ORDER_FREES, LINK_ORDER_HOLDS };
/* What a list says of the person ("unknown" is none). */
enum { LINK_STATUS_NONE, LINK_STATUS_HELD, LINK_STATUS_RELEASED, LINK_STATUS_DEAD,
       LINK_STATUS_MISSING };

/* A record's nickname: a street name ("El Flaco"), a familiar form of a
 * given name given as an alias ("alias Chepe"), or the given name itself
 * written familiarly ("Chepe Hernández"), which is no alias at all. */
enum { LINK_NICK_STREET, LINK_NICK_FAMILIAR, LINK_NICK_AS_GIVEN };

#define LINK_EXTRA 0x80000000u

/* Strings, each kept once: NUL-terminated in buf (offset 0 is ""), found
 * again through an open-addressed table of their offsets.  A pool beside
 * a main one (a query's) takes only the strings the main one lacks, its
 * offsets marked with LINK_EXTRA.  So a string has one offset whichever
 * pool holds it, and two strings are equal exactly when their offsets
 * are: comparison needs no strcmp.  gen tells one main pool from
 * another, for memos that outlive a pool. */
typedef struct lpool {
    sbuf buf;
    uint32_t *slot;           /* offsets, 0 = empty */
    size_t cap, used;
    uint32_t flag;            /* 0, or LINK_EXTRA */
    uint32_t gen;
    const struct lpool *main; /* looked in first, or NULL */
} lpool;

void lpool_init(lpool *p, uint32_t flag, const lpool *main);
/* The offset of s[0..n) (0 for ""), added if new; or'ed with the flag of
 * the pool that holds it. */
uint32_t lpool_add(lpool *p, const char *s, size_t n);
void lpool_free(lpool *p);

/* A set of words, as 64-bit hashes (open addressing, 0 = empty, at
 * most half full). */
typedef struct link_wordset {
    uint64_t *slot;
    size_t cap, n;
} link_wordset;
bool link_wordset_has(const link_wordset *ws, const char *w, size_t n);

typedef struct ldata {
    lrec *r;
    size_t n;
    lpool pool;
    const char *extra; /* a second pool (a query's strings): offsets with LINK_EXTRA */
    /* term frequencies of surname and given-name values */
    uint32_t *tf_keys;
    uint32_t *tf_counts;
    float *tf_log2;    /* log2 of each value's share, at least LINK_TF_FLOOR */
    size_t tf_cap;
    double tf_total;
    /* The records' birth years (of a birth date), as shares by year from
     * LINK_BIRTH_YEAR0, and how often two records picked at random are
     * born the same year (model.c's birth_year_bits). */
    float birth_share[LINK_BIRTH_YEARS];
    double birth_expect;
    /* The registers' admissions by month (from LINK_ADM_YEAR0), as
     * shares, and the chance of each level of admission (before, within
     * a month of, long after an arrest) for an arrest and an admission
     * picked at random, on average over the records' arrests: what the
     * level says depends on the month of the arrest (model.c's
     * admission_month_bits).  adm_known false: too few admissions to say. */
    float adm_share[LINK_ADM_MONTHS];
    float adm_before[LINK_ADM_MONTHS]; /* the shares of the months before each */
    double adm_u_mean[4];
    bool adm_known;
    /* The same for a court's hearing against an arrest: the arrests by
     * month, as shares (after[v]: of the months after v), and the chance
     * that a hearing and an arrest picked at random are heard before it,
     * or not, on average over the hearings (model.c's court_month_bits). */
    float arrest_after[LINK_ADM_MONTHS];
    double heard_before_mean;
    bool court_known;
    /* One side is a family's description (trace), which often gives only
     * the name he is called by: "Juan" asked is often "Juan Carlos"
     * listed.  So a given name the other side has no later ones to, or the
     * first of the other's, agrees as all of them do (not as "first given
     * name equal", which on two lists means one of them dropped a name);
     * and agreement on all the given names is weighed by the first one's
     * frequency, so that a listed "Juan" alone does not count as rarer.
     * 1M, seeds 1/2/3, the level: top-3 0.9250/0.9215/0.9235 ->
     * 0.9305/0.9220/0.9250.  Not when the family gives more given names
     * than the list (cmp_later_given): top-3 0.9370/0.9225/0.9240 ->
     * 0.9390/0.9255/0.9270. */
    bool family_query;
    /* The words the lists write in their surname columns: a whole name's
     * unknown word one slip from a given name is a surname when one of
     * them, else a slip of the given name (names_parse_person_alt). */
    link_wordset surname_words;
} ldata;

/* Asks for every cache line of a record, for a loop over pairs or
 * records that will reach it a few iterations on: the records are all
 * over memory, and such loops spent most of their time waiting. */
static inline void link_prefetch_rec(const lrec *r)
{
    for (size_t l = 0; l < sizeof *r; l += 64)
        __builtin_prefetch((const char *)r + l);
}

static inline const char *lstr(const ldata *d, uint32_t off)
{
    return (off & LINK_EXTRA) ? d->extra + (off & ~LINK_EXTRA) : d->pool.buf.data + off;
}

/* Given names and surnames share the term-frequency table; given-name
 * hashes are salted so that "cruz" the surname is not "cruz" the name. */
#define LINK_GIVEN_SALT 0x5bd1e995u
/* All the given names together ("juan carlos"), salted apart from the
 * first alone: "Juan Carlos" agreeing is rarer than "Juan". */
#define LINK_GIVEN_ALL_SALT 0x27d4eb2fu
/* ... and the same for a facility (the megaprison holds many more). */
#define LINK_FACILITY_SALT 0x165667b1u
#define LINK_RESIDENCE_SALT 0xd3a2646cu

/* The month of a record's arrest as a key of the frequency table (0 when
 * the record gives no month): the state of emergency's first months hold
 * most arrests, so two records agreeing on April 2022 say less than two
 * agreeing on October 2024. */
static inline uint32_t link_arrest_month_key(const lrec *r)
{
    if (!r->ay || r->aprec < PREC_MONTH)
        return 0;
    uint32_t h = (uint32_t)(r->ay * 13 + r->am) * 0x9e3779b1u ^ 0x7f4a7c15u;
    return h ? h : 1;
}

/* Of two records, the one whose date of admission an admission's level
 * compares with the other's arrest: the one with a date of admission to
 * the month; NULL when neither or both have one (two admissions). */
static inline const lrec *link_admitting(const lrec *a, const lrec *b)
{
    bool fa = a->fy && a->fprec >= PREC_MONTH, fb = b->fy && b->fprec >= PREC_MONTH;
    return fa == fb ? NULL : fa ? a : b;
}

uint32_t link_hash(const char *s);
/* Index of record id in d (loaded sorted by id), or -1. */
long link_rec_index(const ldata *d, long id);

/* A record's fields as text (NULL = absent; age -1 = absent), as the
 * store holds them: dates ISO at their precision, DUI "01234567-8",
 * facility_key the resolved "#id" or the folded name. */
typedef struct link_fields {
    const char *full_name, *given_names, *surname1, *surname2, *surnames, *alias, *sex;
    const char *birth_date;
    int age;
    const char *dui, *id_number, *residence, *mother_name, *father_name, *arrest_date;
    const char *arrest_place, *facility_since;
    const char *facility_key, *received, *death_date;
    bool facility_cell;        /* the register says it is a police holding cell */
    const char *informant, *relationship; /* who reported the person, and how related */
    const char *status, *status_date;     /* held, released, dead, missing, unknown; since */
    const char *court_order, *hearing_date;
} link_fields;

/* Fills r from f, its strings added to pool.  Leaves r->id and r->source
 * 0. */
void link_rec_fill(lpool *pool, sbuf *tmp, const link_fields *f, lrec *r);
/* The same for a query searched in d: a whole name is read as link_load
 * reads a list's (a slip of a given name, "José Antnio Hernández", is
 * one unless a list writes the word as a surname). */
void link_query_fill(const ldata *d, lpool *pool, sbuf *tmp, const link_fields *f, lrec *r);
/* The level of field f in pat (link_compare(d, a, b)), described; a
 * second surname that the first's level counted, or names aligned past a
 * second given name read as a surname, say so. */
const char *link_pattern_level_name(const ldata *d, const lrec *a, const lrec *b,
                                    link_pattern pat, link_field f);
int link_load(store *s, ldata *d, herr *e);
void link_data_free(ldata *d);
/* The smallest share of all name values a name's frequency counts as
 * (u is never 0). */
#define LINK_TF_FLOOR 1e-6
/* log2 of the share of all name values equal to the value with hash h
 * (at least LINK_TF_FLOOR) into *lg; false when no record has it. */
bool link_tf_log2(const ldata *d, uint32_t h, double *lg);
/* How many records have the value with hash h (0: none). */
long link_tf_count(const ldata *d, uint32_t h);

/* A loop over [0, n) on every processor (parallel.c): fn(ctx, lo, hi, t)
 * for slice t of at most LINK_MAX_THREADS, the slices in order; returns
 * how many slices there were (1 for a small n, run in this thread). */
#define LINK_MAX_THREADS 16
typedef void (*link_slice_fn)(void *ctx, size_t lo, size_t hi, int t);
int link_parallel(size_t n, link_slice_fn fn, void *ctx);
/* The same for a few heavy items (EM sessions): threads from two items. */
int link_parallel_heavy(size_t n, link_slice_fn fn, void *ctx);

link_pattern link_compare(const ldata *d, const lrec *a, const lrec *b);
/* True when the two records' names clearly differ: given names, or a
 * surname that is present in both and matches neither of the other's. */
bool link_names_conflict(const ldata *d, const lrec *a, const lrec *b);

/* Candidate pairs: i < j, indexes into d->r. */
typedef struct lpair {
    uint32_t i, j;
    uint32_t pat;   /* index into the distinct patterns */
    uint32_t rules; /* bit k: the pair shares a key under blocking rule k */
} lpair;

#define LINK_RULES 32
/* Two rules the tests name: the given name, first surname and a town
 * (home or arrest); the given name and first surname alone, a rare pair. */
enum { LINK_RULE_TOWN = 10, LINK_RULE_NAME = 31 };
/* The fields a blocking rule's key is made of (bit f for field f): they
 * say nothing about a pair that rule brought together. */
uint32_t link_rule_fields(int rule);
/* True when the rule's key holds something nearly unique to a person (a
 * document number, a date of birth or death to the day): the pairs it
 * finds are mostly true matches and near-misses of them, so EM on them
 * learns how true matches agree.  Looser rules (surnames and a town)
 * bring whole families together, and EM there may take "same family" for
 * "same person". */
bool link_rule_anchored(int rule);

typedef struct lpairs {
    lpair *p;
    size_t n, cap;
    link_pattern *pats;   /* distinct patterns */
    double *pat_count;    /* how many pairs have each */
    size_t npats, cap_pats;
    uint32_t *hash_slots; /* pattern -> index + 1 */
    size_t hash_cap;
    long blocks_capped;   /* blocks too large to compare whole */
} lpairs;

int link_block(const ldata *d, lpairs *out, bool progress, herr *e);
void link_pairs_free(lpairs *p);

/* A blocking key and the record that has it. */
typedef struct link_keyed {
    uint64_t key;
    uint32_t idx;
} link_keyed;
/* Sorts v[0..n) by key, and the records of one key by index, given that
 * they come in ascending index; tmp has room for n. */
void link_sort_keyed(link_keyed *v, link_keyed *tmp, size_t n);

/* The distinct first given names and surnames of d's records, for the
 * words one slip from a misspelt one (lexicon.c). */
typedef struct link_lexicon link_lexicon;
link_lexicon *link_lexicon_build(const ldata *d);
void link_lexicon_free(link_lexicon *x);
size_t link_lexicon_words(const link_lexicon *x);
/* Writes to keys[] the phonetic keys (link_hash of names_phonetic) of the
 * lexicon's words one slip from the folded word w (OSA distance 1: a
 * letter added, dropped or changed, or two neighbours swapped), each key
 * once and none equal to `own` (w's own); returns how many, at most max.
 * Words under three letters have no neighbours.  d is the data x was
 * built from. */
size_t link_lexicon_near(const link_lexicon *x, const ldata *d, const char *w, uint32_t own,
                         uint32_t *keys, size_t max);
/* The key of the word at pool offset off for blocking: that of the word
 * it is most likely a slip of (one slip away and used at least ten times
 * as often), else `key` (its own). */
uint32_t link_lexicon_fix(const link_lexicon *x, uint32_t off, uint32_t key);
/* r's keys of its first given name and its surnames, so fixed. */
void link_lexicon_fix_keys(const link_lexicon *x, const lrec *r, uint32_t *g, uint32_t *s1,
                           uint32_t *s2);
/* The same for a word that may be no record's (a query's, folded, of
 * phonetic key `key`), counted as one use more than the records make. */
uint32_t link_lexicon_fix_word(const link_lexicon *x, const ldata *d, const char *w,
                               uint32_t key);

void link_model_u(const ldata *d, link_model *m, uint64_t seed, long samples);
/* m by EM, one session per blocking rule over the pairs that rule finds,
 * each estimating the fields the rule does not use; then lambda, the
 * chance that two records picked at random are one person.  weight, when
 * not NULL, receives each pair's weight without the prior, as
 * link_pair_weight gives it under the fitted model (p->n floats): the
 * rates need them all, and the weighing after need not compute them
 * again (two passes with name frequencies looked up were 4 s of a 1M
 * link). */
void link_model_fit(link_model *m, const ldata *d, const lpairs *p, float *weight);
/* The per-field weights log2(m/u) of a model, and log2(m) for the levels
 * whose u a name's frequency replaces, computed once. */
typedef struct link_weights {
    double w[LF_COUNT][LINK_MAX_LEVELS];
    double log2m[LF_COUNT][LINK_MAX_LEVELS]; /* log2 m, less the level's share of an
                                                 agreement (tf_level_share): a TF weight
                                                 is this less log2 of the value's share */
} link_weights;
void link_weight_table(const link_model *m, link_weights *t);
/* Log2 Bayes factor of a pair, with term-frequency adjustment of exact
 * name agreement (t from link_weight_table(m)). */
double link_pair_weight(const link_model *m, const link_weights *t, const ldata *d,
                        const lrec *a, const lrec *b, link_pattern pat);
/* One field's part of it at level (0 for level 0): log2(m/u), TF-adjusted
 * where it applies (link_field_weight_basis says how). */
double link_field_weight(const link_model *m, const link_weights *t, const ldata *d,
                         const lrec *a, const lrec *b, link_field f, int level);
double link_prior_weight(const link_model *m);
/* The match rate of each pair of sources (m->source_lambda) and the
 * overall one (m->lambda), from the weights of the candidate pairs. */
void link_model_rates(link_model *m, const ldata *d, const lpairs *p, float *weight);
/* Learns m's weights of pairs of facilities (facpair.c) from the
 * candidate pairs and their weights (link_model_rates'), and adds them to
 * weight[]. */
void link_facility_pairs(link_model *m, const ldata *d, const lpairs *p, float *weight);
/* What two records at the different facilities fa and fb (hashes) add to
 * the facility's level: 0 when either has no weights of its pairs. */
double link_facility_bits(const link_model *m, uint32_t fa, uint32_t fb);
/* What the pair's level of admission adds by the facility that admitted
 * him (of the one record with a date of admission): 0 when none. */
double link_admission_bits(const link_model *m, const lrec *a, const lrec *b, int level);
#define LINK_NO_SLOT 255
/* A source's slot in m's tables, or -1. */
int link_source_slot(const link_model *m, int source_id);
/* Each record's source slot (LINK_NO_SLOT: a source without one); free it. */
uint8_t *link_record_slots(const link_model *m, const ldata *d);
/* log2 of the prior odds that a record of slot a and one of slot b are one
 * person (the overall rate for a slot out of range). */
double link_pair_prior(const link_model *m, int slot_a, int slot_b);
/* The last link run's model and id; HERR_INPUT when nothing was linked yet. */
int link_last_model(store *s, link_model *m, long *run_id, herr *e);
double link_probability(double weight);
/* The chances that weigh an admission against an arrest by the arrest's
 * month: u[l] for its levels 1-3 for an arrest of month index v and an
 * admission picked at random (u[0] unused). */
void link_admission_chances(const ldata *d, int v, double u[4]);
/* The month index of a date (from January of LINK_ADM_YEAR0), -1 when
 * not known to the month or outside LINK_ADM_MONTHS. */
int link_month_index(int y, int m, int prec);

/* How a field's weight was set, for an explanation: the level's own
 * log2(m/u); by how common the value agreed on is ("Aviles" rarer than
 * "Hernández"); a slip held to the weight of the name agreeing exactly;
 * the level's and what the two facilities add (facpair.c); the level's
 * and what the admitting facility adds. */
typedef enum link_basis {
    LINK_BASIS_LEVEL,
    LINK_BASIS_FREQUENCY,
    LINK_BASIS_SLIP_CAP,
    LINK_BASIS_FACILITIES,
    LINK_BASIS_ADMISSIONS,
    LINK_BASIS_MONTH /* by the month of the arrest or the hearing: how often chance gives
                        the level then */
} link_basis;
/* link_field_weight, with its basis and the level's own log2(m/u) (0 at
 * level 0). */
double link_field_weight_basis(const link_model *m, const ldata *d, const lrec *a,
                               const lrec *b, link_field f, int level, link_basis *basis,
                               double *level_weight);
/* "level", "value_frequency", "slip_cap", "facility_pair",
 * "facility_admissions", "month": as explain's JSON names them. */
const char *link_basis_name(link_basis b);

/* The true person of each record (index), -1 when the truth does not
 * name it; from a CSV source,record_id,person_id. */
int link_truth_load(store *s, const ldata *d, const char *path, int32_t **truth, herr *e);
/* Pairwise comparison of clusters with the truth. */
void link_truth_measure(const ldata *d, const int32_t *truth, const uint32_t *cluster,
                        link_result *r);

/* An edge for clustering: two record indexes, the log2 posterior odds of
 * the pair judged alone, and its match probability (with rivals counted,
 * once link_compete has run). */
typedef struct ledge {
    uint32_t i, j;
    double w, p;
} ledge;

/* Two record indexes as one sortable key, the smaller first. */
static inline uint64_t link_pair_key(uint32_t i, uint32_t j)
{
    return i < j ? (uint64_t)i << 32 | j : (uint64_t)j << 32 | i;
}
/* qsort/bsearch order of uint64_t. */
static inline int link_u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}
/* Posterior odds from a log2 weight, bounded so that sums of them stay
 * finite. */
double link_odds(double weight);

/* Pairs less likely than this alone are neither edges nor rivals. */
#define LINK_RIVAL_MIN 0.01

/* What scoring a pair needs: the model, its weights, each record's source
 * slot, and the probability at which two records join. */
typedef struct lscore {
    const link_model *m;
    const link_weights *wt;
    const uint8_t *slot;
    double threshold;
} lscore;

/* The last run's model and the records it compared (link.h). */
struct link_view {
    link_model m;
    link_weights wt;
    ldata d;
    uint8_t *slot;
    lscore sc;
    long run_id;
};
/* The log2 posterior odds that records i and j (indexes) are one person,
 * judged alone: the prior of their two lists and every field's weight. */
double link_score(const lscore *sc, const ldata *d, uint32_t i, uint32_t j);

/* Counts each candidate edge's rivals (compete.c): e[k].p becomes the
 * chance that the two are one person given the other candidates each has
 * in the other's list, and how likely either is to have none (pairs
 * within one list unchanged).  Pairs within a list at threshold or above
 * are duplicates, not rivals. */
void link_compete(const ldata *d, const link_model *m, const uint8_t *slot, double threshold,
                  ledge *e, size_t n);
/* The chance that neither of two records, of the lists in slots a and b,
 * has a counterpart in the other's list (1 for a slot without a rate). */
double link_unmatched(const link_model *m, int slot_a, int slot_b);

/* A rival of a pair: record `rec` of one end's list fits the other end,
 * `of`, with log2 odds `weight`. */
typedef struct link_rival {
    uint32_t rec, of;
    double weight;
} link_rival;
/* The summed odds of the rivals of pair (a, b), found among all records
 * (not only those blocking compares) sharing a name key or the DUI: the
 * explanation's version of link_compete.  The strongest max are put in
 * top (*ntop of them). */
double link_pair_rivals(const lscore *sc, const ldata *d, uint32_t a, uint32_t b,
                        link_rival *top, int max, int *ntop);

/* A human decision, by record index. */
typedef struct ldecision {
    uint32_t i, j;
    bool same;
} ldecision;

/* Birth years [alo, ahi] and [blo, bhi] more than two years apart: one
 * person cannot hold both (link_cluster), nor be a trace's answer. */
static inline bool link_years_apart(int alo, int ahi, int blo, int bhi)
{
    return alo > bhi + 2 || blo > ahi + 2;
}
/* Every merge a clustering made: the records it joined the two groups
 * through, its probability, and on what; the caller frees v. */
typedef enum { LINK_BY_DECISION, LINK_BY_PAIR, LINK_BY_WHOLE } link_how;
typedef struct lmerge {
    uint32_t i, j;
    float p;
    uint8_t how;   /* link_how */
    uint8_t moved; /* 1: record i moved to j's group on second thoughts (cluster.c) */
    float pair_p;  /* a record set apart: the probability of its pair with j */
} lmerge;
typedef struct lmerges {
    lmerge *v;
    size_t n, cap;
    /* Records second thoughts set apart from their group (cluster.c): i,
     * and j the record of the group its one merge had joined it to; not
     * merges.  The caller frees. */
    lmerge *apart;
    size_t napart;
} lmerges;
/* Clusters records (cluster.c): decisions "same" first, then the edges
 * (at the threshold or above) by descending probability, each merge
 * refused when it would join two valid DUIs that differ in more than one
 * digit, birth years (or ages) more than two years apart, or two records
 * a person decided are different, or two records of one source that no
 * edge joins directly; then, with sc, the second look over the candidate
 * edges cand (every pair likely enough to be a rival), and second thoughts
 * over them too (a record moved to a group it fits better).  Every merge goes
 * into merges (may be NULL).  Fills cluster[i] with a representative index per
 * record; returns the number of refused merges. */
/* Why two persons (their records ra, rb, as indexes) are not one, by the
 * rules the merging keeps (cluster.c), asked of them as they stand: the
 * rule and in *x, *y the two records it is about; LINK_KEPT_NONE when
 * none holds now.  ea, eb: the pair asked about. */
typedef enum {
    LINK_KEPT_NONE,
    LINK_KEPT_BROTHERS,     /* given names and birth dates both differ */
    LINK_KEPT_DUI,          /* two valid DUIs that differ */
    LINK_KEPT_YEARS,        /* birth years more than two years apart */
    LINK_KEPT_DECISION,     /* a person decided two of their records are different */
    LINK_KEPT_NAMES,        /* names that clearly differ */
    LINK_KEPT_SAME_LIST,    /* two records of one list, which names a person once */
    LINK_KEPT_BEYOND_DOUBT  /* two of their records are two people beyond doubt */
} link_kept;
link_kept link_kept_apart(const ldata *d, const lscore *sc, const uint32_t *ra, size_t na,
                          const uint32_t *rb, size_t nb, uint32_t ea, uint32_t eb,
                          const ldecision *dec, size_t ndec, uint32_t *x, uint32_t *y);
const char *link_kept_name(link_kept k);
long link_cluster(const ldata *d, const lscore *sc, ledge *edges, size_t nedges,
                  const ledge *cand, size_t ncand, const ldecision *dec, size_t ndec,
                  uint32_t *cluster, lmerges *merges);

#endif
