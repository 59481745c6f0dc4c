/*
 * compare.c — one comparison vector for a pair of records: for each field
 * a level, from "missing" (0: one side has no value, weighs nothing) up
 * to the strongest agreement.  The levels are the same kinds Splink and
 * fastLink use (exact, close by Jaro–Winkler or sound, different); their
 * weights are not set here but learned by the model from the data.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "names/names.h"

static const struct {
    const char *name;
    int levels;
    const char *level[LINK_MAX_LEVELS];
} fields[LF_COUNT] = {
    [LF_GIVEN] = {"given_names", 6,
                  {"missing", "different",
                   "similar (Jaro-Winkler >= 0.88, one slip or one on each side, or sounds alike)",
                   "first given name equal, a later one different",
                   "first given name equal (or a nickname of it)", "all given names equal"}},
    [LF_SURNAME1] = {"surname1", 7,
                     {"missing", "different", "similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)",
                      "equal to the other record's second surname",
                      "both surnames, in the other order", "equal", "two slips apart"}},
    [LF_SURNAME2] = {"surname2", 6,
                     {"missing", "different", "similar (Jaro-Winkler >= 0.90, one slip, or sounds alike)",
                      "equal to the other record's first surname", "equal", "two slips apart"}},
    [LF_BIRTH] = {"birth", 8,
                  {"missing", "different", "within a year (or the age fits)", "same year",
                   "same month, or day and month swapped", "same day",
                   "the age is the one the birth date gives",
                   "the age is one year off the one the birth date gives"}},
    [LF_DUI] = {"dui", 4, {"missing", "different", "one digit off", "equal"}},
    [LF_IDNUM] = {"id_number", 4, {"missing", "different", "one character off", "equal"}},
    [LF_SEX] = {"sex", 3, {"missing", "different", "equal"}},
    [LF_RESIDENCE] = {"residence", 3, {"missing", "different municipality", "same municipality"}},
    [LF_PARENTS] = {"parents", 3, {"missing", "different", "a parent's name agrees"}},
    [LF_FACILITY] = {"facility", 4,
                     {"missing", "different", "different, one a police holding cell",
                      "same facility"}},
    [LF_NICKNAME] = {"nickname", 3, {"missing", "different", "equal"}},
    [LF_ARREST] = {"arrest_date", 4,
                   {"missing", "different", "same month (or day and month swapped)",
                    "within three days"}},
    [LF_DEATH] = {"death_date", 4,
                  {"missing", "different", "same month (or day and month swapped)",
                   "within three days"}},
    [LF_PLACE] = {"place", 3,
                  {"missing", "different municipality",
                   "same municipality (of arrest, or arrest and residence)"}},
    [LF_ADMISSION] = {"admission", 4,
                      {"missing", "admitted before the arrest",
                       "admitted long after the arrest (or on another day)",
                       "admitted within a month of the arrest"}},
    [LF_COURT] = {"court_order", 7,
                  {"missing", "heard before the arrest or after the death",
                   "ordered freed, the other says held", "ordered held, the other says released",
                   "ordered held, the other says held",
                   "ordered freed, the other says released",
                   "ordered freed within a month before the other's release"}},
    [LF_STATUS] = {"status", 7,
                   {"missing", "dead on one, alive on the other",
                    "held on one, released on the other", "both held", "both released",
                    "both dead", "disappeared on one, held or released on the other"}},
};

const char *link_field_name(link_field f)
{
    return fields[f].name;
}

int link_field_levels(link_field f)
{
    return fields[f].levels;
}

static int shifted_given(const ldata *d, const lrec *a, const lrec *b);

const char *link_pattern_level_name(const ldata *d, const lrec *a, const lrec *b,
                                    link_pattern pat, link_field f)
{
    int level = link_level(pat, f);
    if (f == LF_SURNAME2 && level == 0 && link_level(pat, LF_SURNAME1) == 4)
        return "counted with surname1";
    if (f <= LF_SURNAME2 && (shifted_given(d, a, b) || shifted_given(d, b, a))) {
        if (f == LF_GIVEN)
            return level == 5 ? "all given names equal, one read as a surname"
                              : "first given name equal, the second read as a surname";
        return f == LF_SURNAME1 ? "equal, as the other record's second surname"
                                : "counted with surname1";
    }
    return link_level_name(f, level);
}

const char *link_level_name(link_field f, int level)
{
    if (level < 0 || level >= fields[f].levels)
        return "?";
    return fields[f].level[level];
}

static bool empty(const ldata *d, uint32_t off)
{
    (void)d;
    return off == 0;
}

/* Strings are kept once (lpool): equal strings, equal offsets. */
static bool same(const ldata *d, uint32_t a, uint32_t b)
{
    (void)d;
    return a && a == b;
}

/* A typing slip: one edit (two in a long word), a swap counted as one. */
static bool one_slip(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t shorter = la < lb ? la : lb, longer = la < lb ? lb : la;
    int allowed = shorter >= 8 ? 2 : 1;
    if (shorter < 4 || longer - shorter > (size_t)allowed)
        return false; /* each edit changes the length by one at most */
    return link_within_edits(a, b, allowed);
}

/* Spelt alike: Jaro-Winkler at least a threshold, or one slip; and
 * whether a nickname fits a given name.  Memoised per
 * thread: lists write a few thousand distinct names, compared millions
 * of times (a third of a link run went here).  A slot holds two 64-bit
 * keys: for two strings of the main pool, its generation and their
 * offsets; else the hashes of both names, so two pairs of names that
 * collide on both are the only way to a wrong answer. */
typedef struct alike_slot {
    uint64_t ha, hb;
    bool used, alike;
} alike_slot;

#define ALIKE_SLOTS (1u << 16)
static _Thread_local alike_slot alike_memo[ALIKE_SLOTS];

static uint64_t hash64(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The tests the memo below keeps: spelt alike at two thresholds, and
 * "the first is a nickname of one of the second's given names". */
enum { ALIKE_88 = 880, ALIKE_90 = 900, NICKNAME_FITS = 2 };

static bool memo_test(const ldata *d, uint32_t ao, uint32_t bo, int test)
{
    const char *a = lstr(d, ao), *b = lstr(d, bo);
    uint64_t ha, hb;
    if (!((ao | bo) & LINK_EXTRA)) {
        ha = ((uint64_t)d->pool.gen << 32 | ao) * 0x9E3779B97F4A7C15ULL;
        hb = (uint64_t)bo << 10 ^ (uint64_t)test;
    } else {
        ha = hash64(a);
        hb = hash64(b) ^ (uint64_t)test;
    }
    uint64_t mix = ((ha * 0x9E3779B97F4A7C15ULL) ^ hb) * 0xff51afd7ed558ccdULL;
    alike_slot *s = &alike_memo[(mix >> 40) & (ALIKE_SLOTS - 1)];
    if (s->used && s->ha == ha && s->hb == hb)
        return s->alike;
    bool yes = test == NICKNAME_FITS
                   ? names_nickname_fits(a, b)
                   : link_jaro_winkler(a, b) >= test / 1000.0 || one_slip(a, b);
    *s = (alike_slot){ha, hb, true, yes};
    return yes;
}

/* One record's given name is the other's first surname and the other way
 * round: the two columns swapped ("Stephenson | Danny"). */
static bool names_swapped(const ldata *d, const lrec *a, const lrec *b)
{
    return same(d, a->given1, b->s1) && same(d, a->s1, b->given1);
}

/* Two given names that differ: 5 when one slip apart in names of five
 * letters or more (as good as equal), 4 when merely alike, 0 when not
 * alike. */
static int given_alike(const ldata *d, uint32_t x, uint32_t y)
{
    if (!memo_test(d, x, y, ALIKE_88))
        return 0;
    const char *sx = lstr(d, x), *sy = lstr(d, y);
    return strlen(sx) >= 5 && strlen(sy) >= 5 && one_slip(sx, sy) ? 5 : 4;
}

/* With the first given names agreeing, how the later ones do: 5 when
 * they are one slip apart in names of five letters or more ("Maneul" for
 * "Manuel": as good as equal); 4 when one record gives none ("José" for
 * "José Ernesto"), one's are the first of the other's ("Juan Carlos" for
 * "Juan Carlos Alberto"), or they are alike; 3 when they differ ("José
 * Manuel" and "José Luis": two men).  Against a family's description (a,
 * see ldata.family_query) the first two are 5 when the family gives
 * fewer names than the list: a mother says "Edwin" for her Edwin
 * Alexander.  When she gives more ("Edwin Alexander" against a list's
 * "Edwin") they stay 4, as between two lists: the list may have dropped
 * the name, or be another Edwin. */
static int cmp_later_given(const ldata *d, const lrec *a, const lrec *b)
{
    if (!a->grest || !b->grest)
        return d->family_query && !a->grest ? 5 : 4;
    const char *x = lstr(d, a->grest), *y = lstr(d, b->grest);
    size_t nx = strlen(x), ny = strlen(y);
    if ((nx < ny && strncmp(x, y, nx) == 0 && y[nx] == ' ') ||
        (ny < nx && strncmp(y, x, ny) == 0 && x[ny] == ' '))
        return d->family_query && nx < ny ? 5 : 4;
    int alike = given_alike(d, a->grest, b->grest);
    return alike ? alike : 3;
}

/* Two different names alike in spelling are one name misspelt far less
 * often when both are in common use: "José" and "Josué", "Hernández" and
 * "Fernández" are each the name of thousands of men, and a slip seldom
 * lands on another such name.  A value is in common use when at least one
 * record in 1,024 has it, and at least COMMON_RECORDS do (in a list of a
 * few hundred, every name is one in 1,024); from the frequency table, a
 * query's values looked up there.  Measured on 200,000 synthetic persons,
 * the same share for given names and surnames: P 0.98072 -> 0.98120,
 * R 0.96147 -> 0.96221; given names alone give about two thirds of that. */
#define COMMON_LOG2_SHARE (-10.0)
#define COMMON_RECORDS 16

static bool in_common_use(const ldata *d, const lrec *r, int kind, uint32_t salted)
{
    double lg = r->tf[kind];
    if (lg > 0 && !(salted && link_tf_log2(d, salted, &lg)))
        return false;
    return lg > COMMON_LOG2_SHARE && link_tf_count(d, salted) >= COMMON_RECORDS;
}

static bool both_common(const ldata *d, const lrec *a, const lrec *b, int kind, uint32_t ha,
                        uint32_t hb)
{
    return in_common_use(d, a, kind, ha) && in_common_use(d, b, kind, hb);
}

/* Two folded name words, each of min_len letters or more, that may be
 * one name with a slip on each list ("Rivmra" and "Rvera" for Rivera,
 * "Edwim" and "Edwnn" for Edwin): two edits apart, and beginning alike or
 * ending alike (most pairs compared are strangers: the distance is not
 * worth computing for all of them). */
static bool slips_apart(const char *x, const char *y, size_t min_len)
{
    size_t nx = strlen(x), ny = strlen(y);
    return nx >= min_len && ny >= min_len && (nx > ny ? nx - ny : ny - nx) <= 2 &&
           (x[0] == y[0] || (x[nx - 1] == y[ny - 1] && x[nx - 2] == y[ny - 2])) &&
           link_within_edits(x, y, 2);
}

/* As weighed (the "two slips" levels): words long enough that two edits
 * leave most of them. */
static bool slip_on_each(const char *x, const char *y)
{
    return slips_apart(x, y, 5);
}

/* Record r's nickname, or the familiar form it wrote as its given name
 * beside an alias, is a nickname of one of the names in `given`. */
static bool familiar_fits(const ldata *d, const lrec *r, uint32_t given)
{
    return (r->nick && memo_test(d, r->nick, given, NICKNAME_FITS)) ||
           (r->familiar && memo_test(d, r->familiar, given, NICKNAME_FITS));
}

static int cmp_given(const ldata *d, const lrec *a, const lrec *b)
{
    if (empty(d, a->given) || empty(d, b->given))
        return 0;
    if (same(d, a->given, b->given))
        return 5;
    if (same(d, a->given1, b->given1))
        return cmp_later_given(d, a, b);
    if (names_swapped(d, a, b))
        return 4;
    if (familiar_fits(d, a, b->given) || familiar_fits(d, b, a->given))
        return 4;
    /* First given names alike: a slip, unless the later ones say two men
     * ("Jozé Roberto" and "José Antonio"), as they do when the first are
     * equal. */
    if ((a->gkey && a->gkey == b->gkey) ||
        ((memo_test(d, a->given1, b->given1, ALIKE_88) ||
          slip_on_each(lstr(d, a->given1), lstr(d, b->given1))) &&
         (!both_common(d, a, b, LINK_TF_GIVEN1, a->g1h ^ LINK_GIVEN_SALT,
                       b->g1h ^ LINK_GIVEN_SALT) ||
          names_spelling_variants(lstr(d, a->given1), lstr(d, b->given1)))))
        return cmp_later_given(d, a, b) == 3 ? 3 : 2;
    return 1;
}

static bool similar_surname(const ldata *d, uint32_t a, uint32_t akey, uint32_t b, uint32_t bkey)
{
    return (akey && akey == bkey) || memo_test(d, a, b, ALIKE_90);
}

/* The first surnames of ra and rb compared, or (second) the second ones. */
static int cmp_surname(const ldata *d, const lrec *ra, const lrec *rb, bool second)
{
    uint32_t a = second ? ra->s2 : ra->s1, b = second ? rb->s2 : rb->s1;
    uint32_t a_other = second ? ra->s1 : ra->s2, b_other = second ? rb->s1 : rb->s2;
    uint32_t akey = second ? ra->s2key : ra->s1key, bkey = second ? rb->s2key : rb->s1key;
    if (!a || !b)
        return 0;
    if (same(d, a, b))
        return 4;
    if (same(d, a, b_other) || same(d, b, a_other))
        return 3;
    if (akey && akey == bkey)
        return 2;
    int kind = second ? LINK_TF_S2 : LINK_TF_S1;
    /* Alike (one slip), or a slip on each list.  Two names each in
     * common use are two names. */
    bool alike = memo_test(d, a, b, ALIKE_90);
    bool slips = !alike && slip_on_each(lstr(d, a), lstr(d, b));
    if ((alike || slips) &&
        !both_common(d, ra, rb, kind, second ? ra->s2h : ra->s1h, second ? rb->s2h : rb->s1h))
        return alike ? 2 : 5;
    return 1;
}

/* a gives an age on a day known to the month at least (its arrest; a
 * query's, today), b a birth date to the day: how far is the age from
 * the one that date gives on that day (0: it is that age)?  "23, taken
 * in April 2022" is born between May 1998 and April 1999; the span of
 * birth years (1998-1999) would take a man born in February 1998 as
 * well, who was 24.  An arrest known to the year only allows two ages
 * ("19 in 2022": 18 or 19 by the birth date of 2003); one beyond both is
 * one year off, as a family's age so often is, and no longer
 * "different" (the spans miss): 1M P 0.98217 -> 0.98216, R 0.96560 ->
 * 0.96578; 200k F1 0.98623 -> 0.98628.  -1 when it cannot be told. */
static int age_off_birth_date(const lrec *a, const lrec *b)
{
    if (a->age < 0 || a->by || !a->ref_year || a->age_prec < PREC_YEAR || !b->by ||
        b->bprec != PREC_DAY)
        return -1;
    int turned = a->ref_year - b->by; /* the age once the birthday is past */
    if (a->age_prec == PREC_YEAR) {
        /* an arrest known to the year: either age fits (the spans say
         * so); a year beyond both is one year off */
        int off = a->age > turned ? a->age - turned : a->age < turned - 1 ? turned - 1 - a->age : 0;
        return off == 1 ? 1 : -1;
    }
    if (a->age_m != b->bm)
        return abs(a->age - (a->age_m > b->bm ? turned : turned - 1));
    if (a->age_prec == PREC_DAY)
        return abs(a->age - (a->age_d >= b->bd ? turned : turned - 1));
    /* in his birthday's month: either */
    int x = abs(a->age - turned), y = abs(a->age - (turned - 1));
    return x < y ? x : y;
}

/* Birth dates compared at their precision; with an age on either side,
 * the spans of years the two records allow. */
static int cmp_birth(const ldata *d, const lrec *a, const lrec *b)
{
    if (!a->blo || !b->blo)
        return 0;
    if (a->by && b->by) {
        if (a->bprec == PREC_DAY && b->bprec == PREC_DAY && a->by == b->by) {
            if (a->bm == b->bm && a->bd == b->bd)
                return 5;
            if (a->bm == b->bm || (a->bm == b->bd && a->bd == b->bm))
                return 4;
            return 3;
        }
        if (a->by == b->by)
            return (a->bprec >= PREC_MONTH && b->bprec >= PREC_MONTH && a->bm == b->bm) ? 4 : 3;
        /* Two dates to the day a year apart are one date with a slip in
         * the year only when day and month agree. */
        if (a->bprec == PREC_DAY && b->bprec == PREC_DAY &&
            !(a->bm == b->bm && a->bd == b->bd))
            return 1;
        return abs(a->by - b->by) <= 1 ? 2 : 1;
    }
    /* An age against a birth date to the day: the age that date gives,
     * or one year off it (an age given a year late, or a slip), are
     * levels of their own; further off, different.  A family's age of its
     * son today is a year off as often as not (the birthday past or not
     * yet): against a birth date it fits, as within a year, and is no
     * slip of a list.  1M, seeds 1/2/3: top-3 0.9335/0.9205/0.9225 ->
     * 0.9365/0.9210/0.9250. */
    int off = age_off_birth_date(a, b);
    if (off < 0)
        off = age_off_birth_date(b, a);
    if (off >= 0)
        return off == 0 ? 6 : off == 1 ? (d->family_query ? 2 : 7) : 1;
    /* The spans overlap.  An age already allows two years (born before
     * or after the birthday), and a family's "23" against another list's
     * "21" at the same arrest is two men far more often than one: spans
     * that miss by a year were counted as fitting until 200k showed
     * precision 0.97946 -> 0.98050 for recall 0.96170 -> 0.96148 without
     * them. */
    return (a->blo <= b->bhi && b->blo <= a->bhi) ? 2 : 1;
}

static int cmp_dui(const lrec *a, const lrec *b)
{
    if (a->dui < 0 || b->dui < 0)
        return 0;
    if (a->dui == b->dui)
        return 3;
    int x = a->dui, y = b->dui, diff = 0;
    for (int k = 0; k < 9; k++, x /= 10, y /= 10)
        diff += x % 10 != y % 10;
    return diff == 1 ? 2 : 1;
}

/* Another document's number (a passport, a file number): equal, or one
 * character typed wrong or two neighbours swapped. */
static int cmp_idnum(const ldata *d, uint32_t a, uint32_t b)
{
    if (!a || !b)
        return 0;
    if (same(d, a, b))
        return 3;
    const char *x = lstr(d, a), *y = lstr(d, b);
    size_t n = strlen(x);
    if (n != strlen(y) || n < 4)
        return 1;
    size_t first = 0;
    while (x[first] == y[first])
        first++;
    if (strcmp(x + first + 1, y + first + 1) == 0)
        return 2; /* one character */
    if (x[first] == y[first + 1] && x[first + 1] == y[first] &&
        strcmp(x + first + 2, y + first + 2) == 0)
        return 2; /* two swapped */
    return 1;
}

static int days(int y, int m, int d)
{
    /* Days since a fixed origin (civil calendar), for small differences. */
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe;
}

/* An event's date on two lists (arrest, death): 3 within three days,
 * 2 the same month (or day and month swapped), 1 different, 0 missing. */
static int cmp_event_date(int ay, int am, int ad, int aprec, int by, int bm, int bd, int bprec)
{
    if (!ay || !by)
        return 0;
    if (aprec == PREC_DAY && bprec == PREC_DAY && abs(days(ay, am, ad) - days(by, bm, bd)) <= 3)
        return 3;
    if (ay == by && (aprec < PREC_MONTH || bprec < PREC_MONTH))
        return 0; /* the same year alone: most arrests fell in 2022, it says too little */
    if (ay == by && am == bm)
        return 2;
    if (ay == by && aprec == PREC_DAY && bprec == PREC_DAY && am == bd && ad == bm)
        return 2; /* day and month swapped */
    return 1;
}

static int cmp_parents(const ldata *d, const lrec *a, const lrec *b)
{
    int agree = 0, disagree = 0;
    const uint32_t pa[2] = {a->mother, a->father}, pb[2] = {b->mother, b->father};
    for (int k = 0; k < 2; k++) {
        if (!pa[k] || !pb[k])
            continue;
        if (pa[k] == pb[k] ||
            link_jaro_winkler_reaches(lstr(d, pa[k]), lstr(d, pb[k]), 0.90))
            agree++;
        else
            disagree++;
    }
    return agree ? 2 : disagree ? 1 : 0;
}

static int cmp_equal(uint32_t ha, uint32_t hb)
{
    if (!ha || !hb)
        return 0;
    return ha == hb ? 2 : 1;
}

/* Where the person was taken or lived, when the two records do not both
 * give a residence (those are compared as residence): any town of one
 * against any town of the other. */
static int cmp_place(const lrec *a, const lrec *b)
{
    if (a->resh && b->resh)
        return 0;
    const uint32_t pa[2] = {a->resh, a->arrh}, pb[2] = {b->resh, b->arrh};
    bool some_a = false, some_b = false;
    for (int x = 0; x < 2; x++) {
        some_a |= pa[x] != 0;
        some_b |= pb[x] != 0;
        for (int y = 0; y < 2; y++)
            if (pa[x] && pa[x] == pb[y])
                return 2;
    }
    return some_a && some_b ? 1 : 0;
}

/* How an admission to a facility (y, m, d at prec) stands to an arrest:
 * FIT_WITHIN a month after it (at day precision from three days before,
 * a slip, to 31 days after; an arrest known to the month: admitted that
 * month or the next), FIT_LATER (moved there since: common), or
 * FIT_BEFORE (admitted before he was arrested: another man, or a wrong
 * date).  A year alone says too little: FIT_UNKNOWN. */
enum { FIT_UNKNOWN, FIT_BEFORE, FIT_LATER, FIT_WITHIN };

static int admission_fits(int ay, int am, int ad, int aprec, int fy, int fm, int fd, int fprec)
{
    if (!ay || !fy || aprec < PREC_MONTH || fprec < PREC_MONTH)
        return FIT_UNKNOWN;
    if (aprec == PREC_DAY && fprec == PREC_DAY) {
        int gap = days(fy, fm, fd) - days(ay, am, ad);
        return gap < -3 ? FIT_BEFORE : gap <= 31 ? FIT_WITHIN : FIT_LATER;
    }
    int months = (fy * 12 + fm) - (ay * 12 + am);
    return months < 0 ? FIT_BEFORE : months <= 1 ? FIT_WITHIN : FIT_LATER;
}

/* One record's arrest against the other's admission (either way round,
 * the better of the two), or two admissions on (about) the same day
 * (else on other days: as a later move). */
static int cmp_admission(const lrec *a, const lrec *b)
{
    int x = admission_fits(a->ay, a->am, a->ad, a->aprec, b->fy, b->fm, b->fd, b->fprec);
    int y = admission_fits(b->ay, b->am, b->ad, b->aprec, a->fy, a->fm, a->fd, a->fprec);
    int best = x > y ? x : y;
    if (best != FIT_UNKNOWN)
        return best;
    if (a->fy && b->fy)
        return cmp_event_date(a->fy, a->fm, a->fd, a->fprec, b->fy, b->fm, b->fd, b->fprec) == 3
                   ? FIT_WITHIN
                   : FIT_LATER;
    return 0;
}

/* Is the date (y, m, d at prec) surely before (x, n, e at xprec), at the
 * coarser of the two precisions?  A year alone says nothing here. */
static bool surely_before(int y, int m, int d, int prec, int x, int n, int e, int xprec)
{
    if (!y || !x || prec < PREC_MONTH || xprec < PREC_MONTH)
        return false;
    if (prec == PREC_DAY && xprec == PREC_DAY)
        return days(y, m, d) < days(x, n, e);
    return y * 12 + m < x * 12 + n;
}

/* Record c's court order against what record o says of the person.  A
 * hearing is held while the person is in custody: one before o's arrest
 * or after o's death is another man (or a wrong date).  An order to free
 * him agrees with a list that says released, an order to keep him with
 * one that says held; the crossed cases are a prison that ignored a
 * release order, or a man freed (or held) since the hearing, or two men.
 * How often each happens is the model's to learn. */
static int court_fits(const lrec *c, const lrec *o)
{
    if (!c->order)
        return 0;
    if (surely_before(c->hy, c->hm, c->hd, c->hprec, o->ay, o->am, o->ad, o->aprec) ||
        surely_before(o->dy, o->dm, o->dd, o->dprec, c->hy, c->hm, c->hd, c->hprec))
        return 1;
    bool frees = c->order == LINK_ORDER_FREES;
    if (o->status == LINK_STATUS_HELD)
        return frees ? 2 : 4;
    if (o->status != LINK_STATUS_RELEASED)
        return 0;
    if (frees && c->hprec == PREC_DAY && o->rprec == PREC_DAY) {
        int gap = days(o->ry, o->rm, o->rd) - days(c->hy, c->hm, c->hd);
        if (gap >= 0 && gap <= 31)
            return 6; /* released on the order: the days it takes a prison */
    }
    return frees ? 5 : 3;
}

static int cmp_court(const lrec *a, const lrec *b)
{
    int x = court_fits(a, b);
    return x ? x : court_fits(b, a);
}

/* What the two lists say of the person.  Each says it on its own date,
 * so "held" on one and "released" on the other may be a release between
 * the two, and "disappeared" (a family that has been told nothing)
 * against "held" is the very case this register is for; "dead" against
 * alive is rarer.  The weights are learned. */
static int cmp_status(const lrec *a, const lrec *b)
{
    int x = a->status, y = b->status;
    if (!x || !y || (x == LINK_STATUS_MISSING && y == LINK_STATUS_MISSING))
        return 0;
    if (x == y)
        return x == LINK_STATUS_HELD ? 3 : x == LINK_STATUS_RELEASED ? 4 : 5;
    if (x == LINK_STATUS_DEAD || y == LINK_STATUS_DEAD)
        return y == LINK_STATUS_MISSING || x == LINK_STATUS_MISSING ? 0 : 1;
    if (x == LINK_STATUS_MISSING || y == LINK_STATUS_MISSING)
        return 6;
    return 2;
}

/* Both surnames given in the other order ("Vargas Amaya" for "Amaya
 * Vargas"), a list that writes the mother's surname first, or two men of
 * common surnames: its own level of the first surname, weighed from the
 * data, and the second surname then says nothing more.  One of the two
 * may carry a slip ("Castro Campos" for "Capos Castro").  Only one of
 * them crossed ("José Amaya" for "José Vargas Amaya") keeps its own
 * level, "equal to the other record's second surname". */
static void surnames_crossed(const ldata *d, const lrec *a, const lrec *b, int *l1, int *l2)
{
    /* not when a surname is equal (4, 5 of the first, 4 of the second) */
    if (!a->s1 || !a->s2 || !b->s1 || !b->s2 || *l1 == 4 || *l1 == 5 || *l2 == 4)
        return;
    bool x1 = same(d, a->s1, b->s2), x2 = same(d, a->s2, b->s1);
    if (!x1 && !x2)
        return;
    bool crossed = x1 && x2 ? true
                   : x1     ? similar_surname(d, a->s2, a->s2key, b->s1, b->s1key)
                            : similar_surname(d, a->s1, a->s1key, b->s2, b->s2key);
    if (crossed && !same(d, a->s1, a->s2)) {
        *l1 = 4;
        *l2 = 0;
    }
}

/* Two nicknames.  A given name written familiarly ("Chepe Hernández")
 * is no alias: the given names' comparison weighs it, and whether a
 * list also wrote "Chepe" says nothing of who he is (a mother calls José
 * Chepe whatever the police call him).  Two aliases agree when equal;
 * they differ only when both are street names, since a familiar form and
 * a street name ("alias Chepe", "El Flaco") are both true of one man. */
static int cmp_nickname(const ldata *d, const lrec *a, const lrec *b)
{
    if (!a->nick || !b->nick || a->nick_kind == LINK_NICK_AS_GIVEN ||
        b->nick_kind == LINK_NICK_AS_GIVEN)
        return 0;
    if (same(d, a->nick, b->nick))
        return 2;
    return a->nick_kind == LINK_NICK_FAMILIAR || b->nick_kind == LINK_NICK_FAMILIAR ? 0 : 1;
}

/* A police holding cell (a "bartolina" in the facility register) holds
 * people for the days after their arrest: a record that names one and
 * another that names a prison are not two places at once, only two
 * moments.  That difference is its own level, weighed from the data. */
static int cmp_facility(const lrec *a, const lrec *b)
{
    if (!a->fach || !b->fach)
        return 0;
    if (a->fach == b->fach)
        return 3;
    return a->cell != b->cell ? 2 : 1;
}

/* A one-field name of three words whose middle word is a second given
 * name the parser took for a surname, most often misspelt ("Jesús Antoio
 * Romero" read Jesús | Antoio | Romero): against "Jesús Antonio | Romero
 * Torres", b's first surname is a's second given name and b's second
 * surname a's first.  Returns the given names' level so aligned (5 the
 * same or one slip apart, 4 alike), 0 when the names are not so. */
static int shifted_given(const ldata *d, const lrec *a, const lrec *b)
{
    if (!a->grest || b->grest || !b->s1 || !b->s2 || !a->s1 || b->s2 != a->s1 ||
        !same(d, a->given1, b->given1))
        return 0;
    return b->s1 == a->grest ? 5 : given_alike(d, a->grest, b->s1);
}

link_pattern link_compare(const ldata *d, const lrec *a, const lrec *b)
{
    int lv[LF_COUNT];
    lv[LF_GIVEN] = cmp_given(d, a, b);
    int s1 = cmp_surname(d, a, b, false);
    /* equal is the top level of the first surname, two slips its last */
    lv[LF_SURNAME1] = names_swapped(d, a, b) ? 5 : s1 == 4 ? 5 : s1 == 5 ? 6 : s1;
    lv[LF_SURNAME2] = cmp_surname(d, a, b, true);
    surnames_crossed(d, a, b, &lv[LF_SURNAME1], &lv[LF_SURNAME2]);
    int shifted = shifted_given(d, a, b);
    if (!shifted)
        shifted = shifted_given(d, b, a);
    if (shifted) {
        lv[LF_GIVEN] = shifted;
        lv[LF_SURNAME1] = 5;
        lv[LF_SURNAME2] = 0;
    }
    lv[LF_BIRTH] = cmp_birth(d, a, b);
    lv[LF_DUI] = cmp_dui(a, b);
    lv[LF_IDNUM] = cmp_idnum(d, a->idnum, b->idnum);
    lv[LF_SEX] = (a->sex && b->sex) ? (a->sex == b->sex ? 2 : 1) : 0;
    lv[LF_RESIDENCE] = cmp_equal(a->resh, b->resh);
    lv[LF_PARENTS] = cmp_parents(d, a, b);
    lv[LF_FACILITY] = cmp_facility(a, b);
    lv[LF_ARREST] = cmp_event_date(a->ay, a->am, a->ad, a->aprec, b->ay, b->am, b->ad, b->aprec);
    lv[LF_DEATH] = cmp_event_date(a->dy, a->dm, a->dd, a->dprec, b->dy, b->dm, b->dd, b->dprec);
    lv[LF_NICKNAME] = cmp_nickname(d, a, b);
    lv[LF_PLACE] = cmp_place(a, b);
    lv[LF_ADMISSION] = cmp_admission(a, b);
    lv[LF_COURT] = cmp_court(a, b);
    lv[LF_STATUS] = cmp_status(a, b);
    if (lv[LF_STATUS] == 5 && lv[LF_DEATH])
        lv[LF_STATUS] = 0; /* both dead, with dates: the dates say it, not twice */
    link_pattern p = 0;
    for (int f = 0; f < LF_COUNT; f++)
        p |= (link_pattern)lv[f] << (LINK_LEVEL_BITS * f);
    return p;
}

/* The group check below (link_names_conflict) refuses a person whose
 * records' names clearly differ.  A name misspelt on two lists, each its
 * own way ("Essobar" and "Ezcobar" for Escobar, "Kvin" and "Keivn" for
 * Kevin, "Sto" for Soto), does not clearly differ: two words a slip on
 * each apart from four letters, or one slip from three and beginning
 * alike, are not two names, unless both are in common use.  The pair's
 * own weight still says how alike they are.  1M: of the likely merges
 * refused for names, 529 of 1,644 were of two records of one man; now
 * 172 of 1,253. */
static bool words_near(const char *x, const char *y)
{
    return slips_apart(x, y, 4) ||
           (strlen(x) >= 3 && strlen(y) >= 3 && x[0] == y[0] && link_within_edits(x, y, 1));
}

/* Surname x of record a (second: its second) may be surname y of b. */
static bool surname_fits(const ldata *d, const lrec *a, bool x_second, const lrec *b,
                         bool y_second)
{
    uint32_t x = x_second ? a->s2 : a->s1, xk = x_second ? a->s2key : a->s1key;
    uint32_t y = y_second ? b->s2 : b->s1, yk = y_second ? b->s2key : b->s1key;
    if (!x || !y)
        return false;
    if (same(d, x, y) || similar_surname(d, x, xk, y, yk))
        return true;
    uint32_t xh = x_second ? a->s2h : a->s1h, yh = y_second ? b->s2h : b->s1h;
    int xkind = x_second ? LINK_TF_S2 : LINK_TF_S1, ykind = y_second ? LINK_TF_S2 : LINK_TF_S1;
    return words_near(lstr(d, x), lstr(d, y)) &&
           !(in_common_use(d, a, xkind, xh) && in_common_use(d, b, ykind, yh));
}

/* The first given names differ, clearly. */
static bool given_conflict(const ldata *d, const lrec *a, const lrec *b)
{
    if (cmp_given(d, a, b) != 1)
        return false;
    return !words_near(lstr(d, a->given1), lstr(d, b->given1)) ||
           both_common(d, a, b, LINK_TF_GIVEN1, a->g1h ^ LINK_GIVEN_SALT, b->g1h ^ LINK_GIVEN_SALT);
}

/* Surname x of one record (present) fits neither surname of the other,
 * whose surname in the same place (present) fits neither of the first's. */
static bool surname_conflict(const ldata *d, const lrec *a, const lrec *b, bool second)
{
    if (!(second ? a->s2 : a->s1) || !(second ? b->s2 : b->s1))
        return false;
    bool a_fits = surname_fits(d, a, second, b, false) || surname_fits(d, a, second, b, true);
    bool b_fits = surname_fits(d, b, second, a, false) || surname_fits(d, b, second, a, true);
    return !a_fits && !b_fits;
}

bool link_names_conflict(const ldata *d, const lrec *a, const lrec *b)
{
    if (names_swapped(d, a, b))
        return false;
    return given_conflict(d, a, b) || surname_conflict(d, a, b, false) ||
           surname_conflict(d, a, b, true);
}
