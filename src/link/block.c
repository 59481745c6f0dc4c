/*
 * block.c — which pairs are compared at all.
 *
 * Comparing every pair of a million records is 5·10^11 comparisons; so
 * pairs are only compared when they share a blocking key under at least
 * one of several rules (the union: a pair missed by one rule, because a
 * surname is misspelt or a birth date is missing, is caught by another).
 * Keys use phonetic codes, so "Hernández" and "Ernandes" block together,
 * and a rare misspelling takes the key of the common word it is a slip of
 * (block_keys).  1M: blocking recall 0.9579 -> 0.9804, pairwise recall
 * 0.9490 -> 0.9583, precision 0.9788 -> 0.9782, candidate pairs +7%.
 * A pair found by several rules is compared once: a rule skips the pairs
 * an earlier rule already produced.  Blocks larger than BLOCK_CAP (a key
 * that is too common to tell anyone apart) are not compared whole and are
 * counted; the other rules still see their records.
 *
 * Finding, sifting and comparing pairs is most of a link's time, so it
 * runs on every processor: a rule's blocks are taken in rounds, each
 * round's blocks cut into one slice per thread, and the slices' pairs
 * added in order: the result is the same whatever the number of threads.
 * The keys are made on every processor too, and a slice looks its pairs'
 * patterns up in the table, which only changes between rounds.  1M:
 * blocking 30.8 s -> 27.4 s.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "names/names.h"

#define BLOCK_CAP 120
/* The rule of the name alone compares blocks of at most this many: a
 * name that twenty records share tells no one apart without a third
 * field.  1M records: blocking recall 0.9855 -> 0.9862, recall 0.96411 ->
 * 0.96420, precision 0.98018 -> 0.98014, candidate pairs +1.0%; 200k:
 * blocking recall 0.9901 -> 0.9921, recall 0.98164 -> 0.98195, F1
 * 0.98470 -> 0.98486.  A cap of 60 made 1M blocking recall 0.9873 for
 * 6% more pairs, and precision 0.98009: the pairs it adds are mostly
 * namesakes; 8 added nearly nothing. */
#define NAME_RULE_CAP 20
#define N_RULES LINK_RULES

#define F(x) (1u << (x))
static const uint32_t rule_fields[N_RULES] = {
    F(LF_DUI),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_BIRTH),
    F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_SURNAME2),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_RESIDENCE) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_FACILITY) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_RESIDENCE),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_FACILITY),
    F(LF_GIVEN) | F(LF_SURNAME2) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_RESIDENCE) | F(LF_PLACE),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_FACILITY),
    F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_RESIDENCE),
    F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_FACILITY),
    F(LF_SURNAME1) | F(LF_RESIDENCE) | F(LF_BIRTH),
    F(LF_SURNAME1) | F(LF_FACILITY) | F(LF_BIRTH),
    F(LF_IDNUM),
    F(LF_GIVEN) | F(LF_BIRTH),
    F(LF_SURNAME1) | F(LF_BIRTH),
    F(LF_SURNAME1) | F(LF_DEATH),
    F(LF_GIVEN) | F(LF_DEATH),
    F(LF_GIVEN) | F(LF_RESIDENCE) | F(LF_BIRTH),
    F(LF_SURNAME1) | F(LF_SURNAME2) | F(LF_BIRTH),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_FACILITY), /* a prefix of the surname only */
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_RESIDENCE),
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_BIRTH), /* the two swapped */
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_ARREST), /* the surname's first two letters */
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_ARREST), /* the surname's last three letters */
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_RESIDENCE), /* the surname's last three letters */
    F(LF_GIVEN) | F(LF_SURNAME1) | F(LF_FACILITY),  /* the surname's last three letters */
    F(LF_RESIDENCE) | F(LF_ARREST) | F(LF_BIRTH),   /* no name at all */
    F(LF_GIVEN) | F(LF_SURNAME1),                   /* a rare name, nothing else shared */
};
#undef F

uint32_t link_rule_fields(int rule)
{
    return rule_fields[rule];
}

bool link_rule_anchored(int rule)
{
    switch (rule) {
    case 0:  /* DUI */
    case 3:  /* both surnames, birth date to the day */
    case 16: /* another document */
    case 17: /* given name, birth date to the day */
    case 18: /* first surname, birth date to the day */
    case 19: /* first surname, date of death to the day */
    case 20: /* given name, date of death to the day */
        return true;
    default: return false;
    }
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

/* Birth years a record may have: its birth year; or, from an age alone,
 * the two most likely years the age allows (born before or after the
 * birthday; an age from years before the list is left to other rules).
 * Returns how many (0..2). */
static int birth_years(const lrec *r, int years[2])
{
    if (r->by) {
        years[0] = r->by;
        return 1;
    }
    if (r->bhi) {
        years[0] = r->bhi;
        years[1] = r->bhi - 1;
        return 2;
    }
    return 0;
}

/* The rule of the given name, the first surname and a town, the home's
 * or the arrest's: a press story gives where a man was taken, a family
 * where he lived, and most are taken at or near home; with only the home
 * in the key, a story of "Carlos Rivera, taken in La Palma", held at the
 * prison of tens of thousands (a block too large) and with an age from
 * years before, met no one.  1M: blocking recall 0.9823 -> 0.9855,
 * pairwise recall 0.9617 -> 0.9632, precision 0.9800 -> 0.9797, candidate
 * pairs +1.5%. */
#define TOWN_RULE LINK_RULE_TOWN

/* The rule without a name (below, and nameless_may_slip). */
#define NAMELESS_RULE 30

/* The rule of the given name and first surname alone (below). */
#define NAME_RULE LINK_RULE_NAME

/* Rules that use a birth year have one key per possible year. */
static bool rule_uses_year(int k)
{
    return k == 1 || k == 2 || k == 5 || k == 6 || k == 9 || k == 14 || k == 15 || k == 21 ||
           k == 22 || k == 25 || k == NAMELESS_RULE;
}

/* The phonetic keys a record is blocked by: its first given name's and
 * surnames', each replaced by that of the word it is likely a slip of
 * (link_lexicon_fix), so that "Nloasco" on one list meets "Nolasco" on
 * the others in every rule on the name.  A misspelling that two records
 * share is replaced alike in both, so they still meet.  Comparison uses
 * the records' own keys. */
typedef struct bkey {
    uint32_t g, s1, s2;
} bkey;

static bkey *block_keys(const ldata *d)
{
    bkey *k = xmalloc((d->n ? d->n : 1) * sizeof *k);
    link_lexicon *x = link_lexicon_build(d);
    for (size_t i = 0; i < d->n; i++)
        link_lexicon_fix_keys(x, &d->r[i], &k[i].g, &k[i].s1, &k[i].s2);
    link_lexicon_free(x);
    return k;
}

/* The key of record r under rule k for its year number t (0 or 1), 0
 * when the rule does not apply.  Rule 3 uses the full birth date, and
 * only for records that have one to the day.  The name keys are nk's
 * (block_keys): a rare misspelling's are the common spelling's. */
static uint64_t rule_key(const lrec *r, const bkey *nk, int k, int t)
{
    const uint32_t gkey = nk->g, s1key = nk->s1, s2key = nk->s2;
    uint32_t lo = s1key < s2key ? s1key : s2key;
    uint32_t hi = s1key < s2key ? s2key : s1key;
    uint64_t h = (uint64_t)(k + 1);
    int years[2];
    int ny = birth_years(r, years);
    if (rule_uses_year(k) && t >= ny)
        return 0;
    if (!rule_uses_year(k) && t > 0 && k != TOWN_RULE)
        return 0;
    uint64_t year = rule_uses_year(k) ? (uint64_t)years[t] : 0;
    bool given = gkey != 0, s1 = s1key != 0, s2 = s2key != 0;
    uint64_t month = r->ay && r->aprec >= PREC_MONTH ? (uint64_t)(r->ay * 13 + r->am) : 0;
    switch (k) {
    case 0: /* the same DUI */
        return r->dui < 0 ? 0 : mix(h, (uint64_t)r->dui);
    case 1: /* given name, first surname, birth year */
        return given && s1 ? mix(mix(mix(h, gkey), s1key), year) : 0;
    case 2: /* given name, both surnames (either order), birth year */
        return given && s1 && s2 ? mix(mix(mix(mix(h, gkey), lo), hi), year) : 0;
    case 3: /* both surnames (either order), birth date to the day */
        if (!s1 || !s2 || r->bprec != PREC_DAY)
            return 0;
        return mix(mix(mix(h, lo), hi), (uint64_t)(r->by * 400 + r->bm * 32 + r->bd));
    case 4: /* given name and both surnames (either order) */
        return given && s1 && s2 ? mix(mix(mix(h, gkey), lo), hi) : 0;
    case 5: /* given name, first surname, municipality, birth year */
        return given && s1 && r->resh ? mix(mix(mix(mix(h, gkey), s1key), r->resh), year)
                                      : 0;
    case 6: /* given name, first surname, facility, birth year */
        return given && s1 && r->fach ? mix(mix(mix(mix(h, gkey), s1key), r->fach), year)
                                      : 0;
    case 7: /* given name, both surnames, municipality */
        return given && s1 && s2 && r->resh ? mix(mix(mix(mix(h, gkey), lo), hi), r->resh) : 0;
    case 8: /* given name, both surnames, facility */
        return given && s1 && s2 && r->fach ? mix(mix(mix(mix(h, gkey), lo), hi), r->fach) : 0;
    case 9: /* given name, second surname, birth year (first surname missing or wrong) */
        return given && s2 ? mix(mix(mix(h, gkey), s2key), year) : 0;
    case TOWN_RULE: /* given name, first surname, a town: where he lived, or (the second
                       key) where he was taken, when the list says so and it is another */
        if (t == 1)
            return given && s1 && r->arrh && r->arrh != r->resh
                       ? mix(mix(mix(h, gkey), s1key), r->arrh)
                       : 0;
        return given && s1 && r->resh ? mix(mix(mix(h, gkey), s1key), r->resh) : 0;
    case 11: /* given name, first surname, facility */
        return given && s1 && r->fach ? mix(mix(mix(h, gkey), s1key), r->fach) : 0;
    /* Without the given name, for a misspelt one. */
    case 12: /* both surnames, municipality */
        return s1 && s2 && r->resh ? mix(mix(mix(h, lo), hi), r->resh) : 0;
    case 13: /* both surnames, facility */
        return s1 && s2 && r->fach ? mix(mix(mix(h, lo), hi), r->fach) : 0;
    case 14: /* first surname, municipality, birth year */
        return s1 && r->resh ? mix(mix(mix(h, s1key), r->resh), year) : 0;
    case 15: /* first surname, facility, birth year */
        return s1 && r->fach ? mix(mix(mix(h, s1key), r->fach), year) : 0;
    case 16: /* the same other document (passport, foreign ID) */
        return r->idh ? mix(h, r->idh) : 0;
    case 17: /* given name and birth date to the day */
        return given && r->bprec == PREC_DAY
                   ? mix(mix(h, gkey), (uint64_t)(r->by * 400 + r->bm * 32 + r->bd))
                   : 0;
    case 18: /* first surname and birth date to the day */
        return s1 && r->bprec == PREC_DAY
                   ? mix(mix(h, s1key), (uint64_t)(r->by * 400 + r->bm * 32 + r->bd))
                   : 0;
    /* A death reported by two lists: the same date, and a name part. */
    case 19: /* first surname and date of death to the day */
        return s1 && r->dprec == PREC_DAY
                   ? mix(mix(h, s1key), (uint64_t)(r->dy * 400 + r->dm * 32 + r->dd))
                   : 0;
    case 20: /* given name and date of death to the day */
        return given && r->dprec == PREC_DAY
                   ? mix(mix(h, gkey), (uint64_t)(r->dy * 400 + r->dm * 32 + r->dd))
                   : 0;
    /* Without any surname: a misspelt first surname and no second one on
     * one of the lists ("Tboar" for "Tobar"), or a given name read as a
     * surname ("Luis | Alonso | Beltrán" for "Luis Alonso | Beltrán"). */
    case 21: /* given name, municipality, birth year */
        return given && r->resh ? mix(mix(mix(h, gkey), r->resh), year) : 0;
    case 22: /* both surnames (either order), birth year: a misspelt given name */
        return s1 && s2 ? mix(mix(mix(h, lo), hi), year) : 0;
    /* A slip past the second letter of the first surname, with no birth
     * year on one side: the given name, the surname's first two letters,
     * and where the person was held or lived. */
    case 23: /* given name, first surname's first two letters, facility */
        return given && r->s1pre && r->fach ? mix(mix(mix(h, gkey), r->s1pre), r->fach) : 0;
    case 24: /* given name, first surname's first two letters, municipality */
        return given && r->s1pre && r->resh ? mix(mix(mix(h, gkey), r->s1pre), r->resh) : 0;
    /* The given name written as the surname and the surname as the given
     * name ("Stephenson | Danny"), a column slip: the two sounds in either
     * order, with the birth year.  Its blocks hold the pairs of rule 1
     * too; those are passed over (swapped_only). */
    case 25:
        if (!given || !s1)
            return 0;
        return mix(mix(mix(h, gkey < s1key ? gkey : s1key),
                       gkey < s1key ? s1key : gkey),
                   year);
    /* A slip in the surname and no birth year, nor a prison or a town the
     * other list gives: the given name, the month of arrest, and the
     * surname's beginning (a slip after its second letter) or its end (a
     * slip before its last three). */
    case 26:
        return given && r->s1pre && month ? mix(mix(mix(h, gkey), r->s1pre), month) : 0;
    case 27:
        return given && r->s1suf && month ? mix(mix(mix(h, gkey), r->s1suf), month) : 0;
    case 28: /* and the end with the municipality (rule 24 has the beginning) */
        return given && r->s1suf && r->resh ? mix(mix(mix(h, gkey), r->s1suf), r->resh) : 0;
    case 29: /* and with the prison (rule 23 has the beginning) */
        return given && r->s1suf && r->fach ? mix(mix(mix(h, gkey), r->s1suf), r->fach) : 0;
    /* Slips in the given name and the first surname both ("Moisé Díau
     * Ventura" for "Moisés Díaz Ventura"), which every key on a name
     * misses: where he lived, the month he was taken, the birth year. */
    case NAMELESS_RULE:
        return r->resh && month ? mix(mix(mix(h, r->resh), month), year) : 0;
    /* A family's "Reynaldo Oliva, San Miguel" and the register's Reynaldo
     * Oliva Alemán born 2001, at a prison the family does not name: no
     * third field is on both, and every other rule needs one.  The name
     * alone, when few records have it (NAME_RULE_CAP). */
    case NAME_RULE:
        return given && s1 ? mix(mix(h, gkey), s1key) : 0;
    }
    return 0;
}

/* Two keys per rule and record (the second only for a second year).  The
 * blocks are made from the keys themselves (rule_key, one rule at a time);
 * whether two records share a key under a rule is read from 32-bit
 * fingerprints of the keys, kept for every rule and record: half the
 * memory of the keys, which the check over all rules for every pair found
 * reads at random.  Two different keys with one fingerprint (a chance of
 * 2^-32 a comparison) could make a pair look found by an earlier rule and
 * never be compared: about one pair in a million-record run. */
#define KEYS_PER_RULE 2
#define FP(fp, i, k, t) (fp)[((size_t)(i) * N_RULES + (size_t)(k)) * KEYS_PER_RULE + (size_t)(t)]

static uint32_t fingerprint(uint64_t key)
{
    return key ? (uint32_t)(key ^ key >> 32) | 1u : 0;
}

/* The rules from `from` on under which records i and j share a key (bit
 * k for rule k), leaving out those under which either is in a block too
 * large to compare.  Branch-free over those rules: it runs for every
 * pair found. */
static uint32_t shared_rules_from(const uint32_t *fp, const uint32_t *capped, uint32_t i,
                                  uint32_t j, int from)
{
    const uint32_t *a = &FP(fp, i, 0, 0), *b = &FP(fp, j, 0, 0);
    uint32_t m = 0;
    for (int k = from; k < N_RULES; k++) {
        uint32_t a0 = a[2 * k], a1 = a[2 * k + 1], b0 = b[2 * k], b1 = b[2 * k + 1];
        uint32_t hit = (uint32_t)((a0 != 0) & ((a0 == b0) | (a0 == b1))) |
                       (uint32_t)((a1 != 0) & ((a1 == b0) | (a1 == b1)));
        m |= hit << k;
    }
    return m & ~(capped[i] | capped[j]);
}

/* Did the pair share a key, outside an oversized block, under a rule
 * before k?  Then that rule met it first.  Most pairs a rule meets are
 * such, and most of those under the first rules: asked rule by rule, the
 * answer comes without reading the later rules' keys (a round's pairs
 * are records in random places). */
static bool met_before(const uint32_t *fp, const uint32_t *capped, uint32_t i, uint32_t j,
                       int k)
{
    uint32_t open = ~(capped[i] | capped[j]);
    const uint32_t *a = &FP(fp, i, 0, 0), *b = &FP(fp, j, 0, 0);
    for (int r = 0; r < k; r++) {
        uint32_t a0 = a[2 * r], a1 = a[2 * r + 1], b0 = b[2 * r], b1 = b[2 * r + 1];
        if (((a0 && (a0 == b0 || a0 == b1)) || (a1 && (a1 == b0 || a1 == b1))) &&
            (open >> r & 1u))
            return true;
    }
    return false;
}

typedef link_keyed kv;

/* A least-significant-byte-first radix sort, stable, so the order of the
 * indexes (ascending, as the keys are made) is kept within a key.  A byte
 * that all keys share costs no pass.  Sorting 2M keys for each of 30
 * rules was 3.8 s of a 1M link with qsort, 1.2 s so. */
void link_sort_keyed(link_keyed *v, link_keyed *tmp, size_t n)
{
    if (n == 0)
        return; /* (the shared-byte test below reads v[0]) */
    size_t count[8][256] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(v[i].key >> (8 * b)) & 0xff]++;
    kv *from = v, *to = tmp;
    for (int b = 0; b < 8; b++) {
        if (count[b][(from[0].key >> (8 * b)) & 0xff] == n)
            continue; /* every key has this byte */
        size_t at[256], sum = 0;
        for (int x = 0; x < 256; x++) {
            at[x] = sum;
            sum += count[b][x];
        }
        for (size_t i = 0; i < n; i++)
            to[at[(from[i].key >> (8 * b)) & 0xff]++] = from[i];
        kv *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof *v);
}

#define NO_PATTERN UINT32_MAX

/* The slot of pat in p's table (hash_cap > 0): where it is, or the empty
 * slot where it would go. */
static size_t pattern_slot(const lpairs *p, link_pattern pat)
{
    size_t k = mix(0, pat) & (p->hash_cap - 1);
    while (p->hash_slots[k] && p->pats[p->hash_slots[k] - 1] != pat)
        k = (k + 1) & (p->hash_cap - 1);
    return k;
}

/* The index of a pattern already in p's table, or NO_PATTERN.  Reads
 * only: the slices of a round look their pairs' patterns up while the
 * table stands still, and only new patterns are added after (add_pair). */
static uint32_t pattern_find(const lpairs *p, link_pattern pat)
{
    if (!p->hash_cap)
        return NO_PATTERN;
    size_t k = pattern_slot(p, pat);
    return p->hash_slots[k] ? p->hash_slots[k] - 1 : NO_PATTERN;
}

static uint32_t pattern_index(lpairs *p, link_pattern pat)
{
    if (p->npats * 2 >= p->hash_cap) {
        size_t cap = p->hash_cap ? p->hash_cap * 2 : 4096;
        uint32_t *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < p->npats; i++) {
            size_t k = mix(0, p->pats[i]) & (cap - 1);
            while (slots[k])
                k = (k + 1) & (cap - 1);
            slots[k] = (uint32_t)i + 1;
        }
        free(p->hash_slots);
        p->hash_slots = slots;
        p->hash_cap = cap;
    }
    size_t k = pattern_slot(p, pat);
    if (p->hash_slots[k])
        return p->hash_slots[k] - 1;
    if (p->npats == p->cap_pats) {
        p->cap_pats = p->cap_pats ? p->cap_pats * 2 : 1024;
        p->pats = xrealloc(p->pats, p->cap_pats * sizeof *p->pats);
        p->pat_count = xrealloc(p->pat_count, p->cap_pats * sizeof *p->pat_count);
    }
    p->pats[p->npats] = pat;
    p->pat_count[p->npats] = 0;
    p->hash_slots[k] = (uint32_t)p->npats + 1;
    return (uint32_t)p->npats++;
}

/* Adds the pair (i, j) of pattern pat, whose index in the table is k if
 * known (else NO_PATTERN). */
static void add_pair(lpairs *p, uint32_t i, uint32_t j, link_pattern pat, uint32_t k,
                     uint32_t rules)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1 << 16;
        p->p = xrealloc(p->p, p->cap * sizeof *p->p);
    }
    if (k == NO_PATTERN)
        k = pattern_index(p, pat);
    p->pat_count[k] += 1.0;
    p->p[p->n++] = (lpair){i < j ? i : j, i < j ? j : i, k, rules};
}

/* The pairs of one rule are found, compared and kept block by block on
 * every processor, in rounds of blocks holding about ROUND_PAIRS pairs:
 * each slice of a round keeps its pairs in order, and the slices are
 * added in order, so the result is the serial loop's. */
#define ROUND_PAIRS (1u << 20)

typedef struct found_pair {
    uint32_t i, j, rules;
    uint32_t pat_index; /* pattern_find's */
    link_pattern pat;
} found_pair;

typedef struct foundvec {
    found_pair *v;
    size_t n, cap;
} foundvec;

typedef struct round_ctx {
    const ldata *d;
    const uint32_t *fp;
    const uint32_t *capped;
    const kv *order;
    const uint32_t *block; /* block x: order[block[2x] .. block[2x + 1]) */
    const uint32_t *init;  /* per record, the initials of its given names (initials()) */
    const lpairs *pairs;   /* the pairs so far, whose pattern table the slices read */
    size_t first;          /* the round's first block */
    const bkey *nk;        /* per record, the name keys it is blocked by */
    int k;                 /* the rule */
    int cover;             /* covering_rule(k) */
    foundvec out[LINK_MAX_THREADS];
} round_ctx;

/* Is the pair (i, j) of a block of rule k (key `key`), sharing keys under
 * the rules `shared`, new: not found by an earlier rule, nor within this
 * rule by another of its year keys (the first key the two share makes
 * it)? */
static bool new_pair(const round_ctx *c, uint32_t i, uint32_t j, uint32_t shared, uint64_t key)
{
    if (shared & ((1u << c->k) - 1))
        return false;
    if (!rule_uses_year(c->k))
        return true;
    for (int ta = 0; ta < KEYS_PER_RULE; ta++) {
        uint32_t ka = FP(c->fp, i, c->k, ta);
        if (!ka)
            continue;
        for (int tb = 0; tb < KEYS_PER_RULE; tb++)
            if (ka == FP(c->fp, j, c->k, tb))
                return ka == fingerprint(key);
    }
    return true;
}

#define SWAP_RULE 25

/* The given name's sound of one is the surname's of the other, and the
 * other way round (not merely equal: rule 1 has those). */
static bool names_swapped(const lrec *a, const lrec *b)
{
    return a->gkey == b->s1key && a->s1key == b->gkey && a->gkey != a->s1key;
}

/* The first letters of a folded name's words, as bits ('a' to 'z'). */
static uint32_t initials(const char *s)
{
    uint32_t m = 0;
    for (bool start = true; *s; s++) {
        if (start && *s >= 'a' && *s <= 'z')
            m |= 1u << (*s - 'a');
        start = *s == ' ';
    }
    return m;
}

/* Rules whose key leaves the given name out exist for a misspelt one
 * ("Jose" written "Jsoe"), one given name of two ("Luis" for "José
 * Luis"), a given name the other list does not use.  In a large block (a
 * common surname in a large prison) a pair whose given names share no
 * initial and no sound is a stranger far more often than such a slip, and
 * comparing every one of them was most of a link's time: such pairs are
 * compared only in small blocks.  The same for the rules that leave out
 * the first surname, or hold only part of it (below).  Measured on
 * 200,000 synthetic persons: 10.5M candidate pairs -> 5.6M with the same
 * links; FEBRL 4, whose duplicates often change a name outright, keeps its
 * recall because its blocks are small. */
#define SMALL_BLOCK 12

static bool given_may_slip(const round_ctx *c, uint32_t i, uint32_t j)
{
    const lrec *a = &c->d->r[i], *b = &c->d->r[j];
    int rule = c->k;
    uint32_t f = rule_fields[rule];
    if ((f & (1u << LF_GIVEN)) || !(f & (1u << LF_SURNAME1 | 1u << LF_SURNAME2)))
        return true; /* a document's rule needs nothing else */
    if (!a->given || !b->given || a->gkey == b->gkey)
        return true;
    return (c->init[i] & c->init[j]) != 0;
}

/* The same for a rule that leaves out the first surname but holds the
 * given name: the first surnames must sound alike, be one slip or two
 * apart, or one be the other's second. */
static bool surname_may_slip(const ldata *d, const lrec *a, const lrec *b, int rule)
{
    uint32_t f = rule_fields[rule];
    if ((f & (1u << LF_SURNAME1)) || !(f & (1u << LF_GIVEN)))
        return true;
    if (!a->s1 || !b->s1 || a->s1key == b->s1key || a->s1key == b->s2key ||
        a->s2key == b->s1key)
        return true;
    return link_within_edits(lstr(d, a->s1), lstr(d, b->s1), 2);
}

/* Rules that key on part of the first surname: its first two letters
 * (23, 24, 26) or its last three (27-29). */
static bool rule_part_surname(int k)
{
    return k == 23 || k == 24 || (k >= 26 && k <= 29);
}

/* Those exist for a slip in the surname: in a large block, a pair whose
 * first surnames are more than two edits apart is a stranger. */
static bool part_may_slip(const ldata *d, const lrec *a, const lrec *b, int rule)
{
    if (!rule_part_surname(rule) || !a->s1 || !b->s1)
        return true;
    return a->s1key == b->s1key || link_within_edits(lstr(d, a->s1), lstr(d, b->s1), 2);
}

/* The same for the rule without a name: in a large block (a big town in
 * the month of most arrests) the given names must share an initial, and
 * a surname of one be within two slips of one of the other's. */
static bool nameless_may_slip(const round_ctx *c, uint32_t i, uint32_t j)
{
    if (c->k != NAMELESS_RULE)
        return true;
    const ldata *d = c->d;
    const lrec *a = &d->r[i], *b = &d->r[j];
    if (!a->given || !b->given || !(c->init[i] & c->init[j]))
        return false;
    const uint32_t sa[2] = {a->s1, a->s2}, sb[2] = {b->s1, b->s2};
    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 2; y++)
            if (sa[x] && sb[y] && link_within_edits(lstr(d, sa[x]), lstr(d, sb[y]), 2))
                return true;
    return false;
}

/* Most pairs a rule meets were found by an earlier, coarser rule whose key
 * the rule's key refines: every pair in a block of rule 6 (given name,
 * first surname, facility, birth year) shares rule 1's key (the same
 * without the facility), and was compared there unless either record was
 * in a block too large under rule 1.  A rule on part of the surname meets,
 * among pairs with the same whole surname, those of the rule on all of it.
 * Knowing that from the block keys spares reading every rule's
 * fingerprints of both records: at 1M records the rules meet 71M pairs,
 * 39M of them new, and up to 22M of the others are these.  Returns the
 * coarser rule, or -1. */
static int covering_rule(int k)
{
    switch (k) {
    case 5:  /* given name, first surname, municipality, birth year */
    case 6:  /* given name, first surname, facility, birth year */
        return 1;
    case 7:  /* given name, both surnames, municipality */
    case 8:  /* given name, both surnames, facility */
        return 4;
    case 23: /* given name, surname's beginning, facility: the same surname */
    case 29: /* given name, surname's end, facility: the same surname */
        return 11;
    case 24: /* given name, surname's beginning, municipality: the same surname */
    case 28: /* given name, surname's end, municipality: the same surname */
        return 10;
    default: return -1;
    }
}

/* Was the pair (i, j) of a block of rule k found by its covering rule? */
static bool covered(const round_ctx *c, uint32_t i, uint32_t j)
{
    int r = c->cover;
    if (r < 0 || ((c->capped[i] | c->capped[j]) >> r & 1u))
        return false;
    return !rule_part_surname(c->k) || c->nk[i].s1 == c->nk[j].s1;
}

static void round_slice(void *arg, size_t lo, size_t hi, int t)
{
    round_ctx *c = arg;
    foundvec *out = &c->out[t];
    out->n = 0;
    for (size_t x = c->first + lo; x < c->first + hi; x++) {
        size_t a = c->block[2 * x], b = c->block[2 * x + 1];
        bool sift = b - a > SMALL_BLOCK;
        for (size_t p = a; p < b; p++) {
            uint32_t i = c->order[p].idx;
            for (size_t q = p + 1; q < b; q++) {
                uint32_t j = c->order[q].idx;
                if (i == j || covered(c, i, j) ||
                    (c->k == SWAP_RULE && !names_swapped(&c->d->r[i], &c->d->r[j])) ||
                    (sift && (!given_may_slip(c, i, j) ||
                              !surname_may_slip(c->d, &c->d->r[i], &c->d->r[j], c->k) ||
                              !part_may_slip(c->d, &c->d->r[i], &c->d->r[j], c->k) ||
                              !nameless_may_slip(c, i, j))))
                    continue;
                if (met_before(c->fp, c->capped, i, j, c->k))
                    continue;
                uint32_t rules = shared_rules_from(c->fp, c->capped, i, j, c->k);
                if (!new_pair(c, i, j, rules, c->order[a].key))
                    continue;
                rules |= 1u << c->k;
                if (out->n == out->cap) {
                    out->cap = out->cap ? out->cap * 2 : 1 << 14;
                    out->v = xrealloc(out->v, out->cap * sizeof *out->v);
                }
                link_pattern pat = link_compare(c->d, &c->d->r[i], &c->d->r[j]);
                out->v[out->n++] = (found_pair){i, j, rules, pattern_find(c->pairs, pat), pat};
            }
        }
    }
}

/* Every record's keys, on every processor: with rule -1, the fingerprints
 * of all its keys; else its keys under that rule, at order[2i + t] (0
 * where none), in the order of the records. */
typedef struct keys_ctx {
    const ldata *d;
    const bkey *nk;
    uint32_t *fp;
    kv *order;
    int rule;
} keys_ctx;

static void keys_slice(void *arg, size_t lo, size_t hi, int t)
{
    (void)t;
    const keys_ctx *c = arg;
    for (size_t i = lo; i < hi; i++)
        for (int y = 0; y < KEYS_PER_RULE; y++) {
            if (c->rule >= 0) {
                c->order[i * KEYS_PER_RULE + (size_t)y] =
                    (kv){rule_key(&c->d->r[i], &c->nk[i], c->rule, y), (uint32_t)i};
                continue;
            }
            for (int k = 0; k < N_RULES; k++)
                FP(c->fp, i, k, y) = fingerprint(rule_key(&c->d->r[i], &c->nk[i], k, y));
        }
}

int link_block(const ldata *d, lpairs *out, bool progress, herr *e)
{
    (void)e;
    memset(out, 0, sizeof *out);
    size_t n = d->n;
    bkey *nk = block_keys(d);
    uint32_t *fp = xcalloc(n ? n * N_RULES * KEYS_PER_RULE : 1, sizeof *fp);
    /* capped[i] bit k: record i is in a block too large under rule k */
    uint32_t *capped = xcalloc(n ? n : 1, sizeof *capped);
    kv *order = xmalloc((n ? n * KEYS_PER_RULE : 1) * sizeof *order);
    kv *spare = xmalloc((n ? n * KEYS_PER_RULE : 1) * sizeof *spare);
    uint32_t *block = xmalloc((n ? n * KEYS_PER_RULE : 1) * 2 * sizeof *block);
    uint32_t *init = xcalloc(n ? n : 1, sizeof *init);
    for (size_t i = 0; i < n; i++) {
        const lrec *r = &d->r[i];
        /* "Chano" shares an initial with the Santos it may stand for */
        init[i] = r->given ? initials(lstr(d, r->given)) |
                                 names_nickname_initials(lstr(d, r->given1))
                           : 0;
    }
    round_ctx c = {
        .d = d, .fp = fp, .capped = capped, .order = order, .block = block, .init = init,
        .nk = nk, .pairs = out};
    keys_ctx kc = {d, nk, fp, order, -1};
    link_parallel(n, keys_slice, &kc);

    for (int k = 0; k < N_RULES; k++) {
        size_t m = 0;
        kc.rule = k;
        link_parallel(n, keys_slice, &kc);
        for (size_t x = 0; x < n * KEYS_PER_RULE; x++)
            if (order[x].key)
                order[m++] = order[x];
        if (m)
            link_sort_keyed(order, spare, m);
        /* First mark the records of oversized blocks, so that no pair of
         * theirs counts as covered by this rule; the others are blocks. */
        size_t nblocks = 0;
        for (size_t a = 0; a < m;) {
            size_t b = a + 1;
            while (b < m && order[b].key == order[a].key)
                b++;
            if (b - a > (k == NAME_RULE ? NAME_RULE_CAP : BLOCK_CAP)) {
                out->blocks_capped++;
                for (size_t x = a; x < b; x++)
                    capped[order[x].idx] |= 1u << k;
            } else if (b - a > 1) {
                block[2 * nblocks] = (uint32_t)a;
                block[2 * nblocks++ + 1] = (uint32_t)b;
            }
            a = b;
        }
        c.k = k;
        c.cover = covering_rule(k);
        for (size_t x = 0; x < nblocks;) {
            size_t y = x, pairs = 0;
            while (y < nblocks && pairs < ROUND_PAIRS) {
                size_t size = block[2 * y + 1] - block[2 * y];
                pairs += size * (size - 1) / 2;
                y++;
            }
            c.first = x;
            int nt = link_parallel(y - x, round_slice, &c);
            for (int t = 0; t < nt; t++)
                for (size_t q = 0; q < c.out[t].n; q++) {
                    const found_pair *f = &c.out[t].v[q];
                    add_pair(out, f->i, f->j, f->pat, f->pat_index, f->rules);
                }
            x = y;
        }
        if (progress)
            fprintf(stderr, "\rlinking: blocking rule %d of %d, %zu candidate pairs", k + 1,
                    N_RULES, out->n);
    }
    if (progress)
        fputs("\r\033[K", stderr);
    for (int t = 0; t < LINK_MAX_THREADS; t++)
        free(c.out[t].v);
    free(fp);
    free(nk);
    free(init);
    free(capped);
    free(order);
    free(spare);
    free(block);
    return HERR_OK;
}

void link_pairs_free(lpairs *p)
{
    free(p->p);
    free(p->pats);
    free(p->pat_count);
    free(p->hash_slots);
    memset(p, 0, sizeof *p);
}
