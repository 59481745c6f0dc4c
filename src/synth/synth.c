/*
 * synth.c — the generator behind `habeas synth`.  See synth.h for why.
 *
 * Three stages, each with its own random stream derived from the seed:
 *
 * 1. Population.  Arrests from 2022-03-27 to 2025-06-30, front-loaded (a
 *    mixture of an exponential with a 150-day mean and a uniform tail: about
 *    70% fall in 2022).  Age at arrest 18 + an exponential with a 9-year
 *    mean (median about 24), plus minors of 16-17 and people over 60.  Fate
 *    is two competing exponential clocks, release and death; their rates
 *    rise with vulnerability (the death rate is several times higher for the
 *    elderly and the chronically ill, the release rate higher for minors,
 *    women and the pregnant), and whatever has not happened by 2025-06-30
 *    leaves the person held.  Facilities follow the region of arrest: a
 *    police holding cell (bartolina) for a few days, a regional prison, and
 *    for many men a later transfer to CECOT (opened 2023) or elsewhere.
 *    One person in twenty is a brother or sister of the one made before
 *    (same surnames, parents and home; another given name; born years
 *    apart; often arrested together), drawn from a stream of their own.
 *
 * 2. Capture.  Each list sees person i with probability
 *        logistic(b_g + eta_list(i))
 *    where eta adds up what makes a person visible to that kind of source:
 *    a latent family-engagement score shared by the NGO, family, press and
 *    court lists (positive list dependence), being on the NGO list (direct
 *    dependence of families' reports and court petitions on the NGO),
 *    status (deaths reach the press and the NGO), vulnerability, years held,
 *    region (NGOs sit in the capital), facility (CECOT is opaque to the
 *    official list).  b_g is solved per group (e.g. dead / alive for the
 *    press) so that coverage hits the target whatever the seed and N.
 *    --coverage F multiplies every target by F (each held to
 *    COVERAGE_MAX): the same population seen by lists that overlap more,
 *    as when a million records are gathered about far fewer people (at
 *    F = 6, 200,000 persons make 828,000 records, four to a person,
 *    against 1.33 by default).
 *
 * 3. Rows.  Each captured person becomes one row (2% of NGO and family
 *    rows are repeated under a new record id), rows are shuffled, and each
 *    row is written in the list's own dialect with per-record noise drawn
 *    from the list's stream.  truth.csv maps every row to its person.
 *
 * Output is built row by row into a reused buffer and written with
 * buffered stdio; the only allocations are per run, not per record.
 */
#include "synth.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/rng.h"

/* ---------- calendar (days since 1970-01-01, proleptic Gregorian) ---------- */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Completed years between birth and day. */
static int age_on(long birth, long day)
{
    int by, bm, bd, y, m, d;
    civil_from_days(birth, &by, &bm, &bd);
    civil_from_days(day, &y, &m, &d);
    int a = y - by;
    if (m < bm || (m == bm && d < bd))
        a--;
    return a;
}

static const char *const months_es[12] = {"enero",      "febrero", "marzo",     "abril",
                                          "mayo",       "junio",   "julio",     "agosto",
                                          "septiembre", "octubre", "noviembre", "diciembre"};

enum { D_ISO, D_DMY, D_YMD8, D_MY, D_YEAR, D_ES_DAY, D_ES_MONTH };

/* Writes day in one of the D_ forms; `swap` exchanges day and month in the
 * numeric day forms (the commonest clerical slip; ignored by the others). */
static void fmt_date(char *out, size_t size, long day, int form, bool swap)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int a = swap ? m : d, b = swap ? d : m; /* the numbers written as day and month */
    switch (form) {
    case D_ISO: snprintf(out, size, "%04d-%02d-%02d", y, b, a); break;
    case D_DMY: snprintf(out, size, "%02d/%02d/%04d", a, b, y); break;
    case D_YMD8: snprintf(out, size, "%04d%02d%02d", y, b, a); break;
    case D_MY: snprintf(out, size, "%02d/%04d", m, y); break;
    case D_YEAR: snprintf(out, size, "%04d", y); break;
    case D_ES_DAY: snprintf(out, size, "%d de %s de %04d", d, months_es[m - 1], y); break;
    default: snprintf(out, size, "%s de %04d", months_es[m - 1], y); break;
    }
}

/* A day that does not exist in the birth year of `day` (31/02, 31/04...). */
static void fmt_bad_date(char *out, size_t size, long day, bool ymd8, rng *r)
{
    static const int bad[][2] = {{31, 2}, {30, 2}, {31, 4}, {31, 6}, {31, 9}, {31, 11}};
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    size_t k = (size_t)rng_below(r, sizeof bad / sizeof bad[0]);
    if (ymd8)
        snprintf(out, size, "%04d%02d%02d", y, bad[k][1], bad[k][0]);
    else
        snprintf(out, size, "%02d/%02d/%04d", bad[k][0], bad[k][1], y);
}

/* ---------- weighted choice ---------- */

typedef struct wtable {
    long *cum;
    size_t n;
} wtable;

static void wt_names(wtable *t, const synth_name *v, size_t n)
{
    t->cum = xmalloc(n * sizeof *t->cum);
    t->n = n;
    long s = 0;
    for (size_t i = 0; i < n; i++)
        t->cum[i] = s += v[i].weight;
}

static void wt_places(wtable *t)
{
    t->cum = xmalloc(synth_n_places * sizeof *t->cum);
    t->n = synth_n_places;
    long s = 0;
    for (size_t i = 0; i < synth_n_places; i++)
        t->cum[i] = s += synth_places[i].weight;
}

static int wt_pick(const wtable *t, rng *r)
{
    long u = (long)rng_below(r, (uint64_t)t->cum[t->n - 1]);
    size_t lo = 0, hi = t->n - 1;
    while (lo < hi) { /* first index whose cumulative weight exceeds u */
        size_t mid = (lo + hi) / 2;
        if (t->cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return (int)lo;
}

typedef struct fac_w {
    int fac;
    int w;
} fac_w;

#define PICK_FAC(table, r) pick_fac(table, sizeof table / sizeof table[0], r)

static int pick_fac(const fac_w *v, size_t n, rng *r)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += v[i].w;
    int u = (int)rng_below(r, (uint64_t)total);
    for (size_t i = 0; i < n; i++) {
        if (u < v[i].w)
            return v[i].fac;
        u -= v[i].w;
    }
    return v[n - 1].fac;
}

/* Where men arrested in each region are sent after the holding cell. */
static const fac_w men_west[] = {{SYNTH_FAC_IZALCO, 45},
                                 {SYNTH_FAC_APANTEOS, 35},
                                 {SYNTH_FAC_GRANJA_SANTA_ANA, 8},
                                 {SYNTH_FAC_ESPERANZA, 12}};
static const fac_w men_metro[] = {{SYNTH_FAC_ESPERANZA, 45},   {SYNTH_FAC_QUEZALTEPEQUE, 15},
                                  {SYNTH_FAC_IZALCO, 20},      {SYNTH_FAC_COJUTEPEQUE, 5},
                                  {SYNTH_FAC_CHALATENANGO, 5}, {SYNTH_FAC_CIUDAD_BARRIOS, 5},
                                  {SYNTH_FAC_ZACATECOLUCA, 2}, {SYNTH_FAC_APANTEOS, 3}};
static const fac_w men_central[] = {{SYNTH_FAC_ESPERANZA, 25},    {SYNTH_FAC_SENSUNTEPEQUE, 15},
                                    {SYNTH_FAC_COJUTEPEQUE, 15},  {SYNTH_FAC_CHALATENANGO, 15},
                                    {SYNTH_FAC_ZACATECOLUCA, 5},  {SYNTH_FAC_IZALCO, 15},
                                    {SYNTH_FAC_QUEZALTEPEQUE, 10}};
static const fac_w men_east[] = {{SYNTH_FAC_CIUDAD_BARRIOS, 30}, {SYNTH_FAC_SAN_MIGUEL, 25},
                                 {SYNTH_FAC_USULUTAN, 20},       {SYNTH_FAC_LA_UNION, 10},
                                 {SYNTH_FAC_ESPERANZA, 10},      {SYNTH_FAC_IZALCO, 5}};
/* Later moves between prisons (CECOT handled apart). */
static const fac_w men_moves[] = {{SYNTH_FAC_ESPERANZA, 40},
                                  {SYNTH_FAC_IZALCO, 35},
                                  {SYNTH_FAC_CIUDAD_BARRIOS, 10},
                                  {SYNTH_FAC_ZACATECOLUCA, 5},
                                  {SYNTH_FAC_QUEZALTEPEQUE, 10}};
static const fac_w women[] = {{SYNTH_FAC_MUJERES, 90}, {SYNTH_FAC_APANTEOS, 10}};

/* ---------- the population ---------- */

enum { ST_HELD, ST_RELEASED, ST_DEAD };
enum { V_DISABILITY = 1, V_CHRONIC = 2, V_PREGNANT = 4, V_MINOR = 8, V_ELDERLY = 16 };
enum { L_NGO, L_FAM, L_OFI, L_PRESS, L_COURT, L_DEATHS, L_DEPORT };

#define MAX_STAYS 4

typedef struct person {
    uint8_t female, status, vuln, authority, foreign, n_stays, caught, age;
    int16_t given, s1, s2, married; /* married: surname index of "de X", -1 none */
    int16_t mother_given, mother_s2, father_given, father_s2; /* father_given -1: unknown */
    int16_t residence, arrest_place;
    int8_t stay_fac[MAX_STAYS];
    int32_t stay_day[MAX_STAYS]; /* stay 0 begins on the arrest day */
    int32_t birth, arrest, status_day;
    const char *nick;  /* NULL: none */
    long dui;          /* 0..9999999 printed as 8 digits, -1: none */
    long passport;     /* foreigners only, -1: none */
    double visibility; /* latent family engagement, N(0,1) */
} person;

typedef struct gen {
    const synth_opts *o;
    person *p;
    long n, n_local;
    long start, end, cecot_open, deport;
    wtable surnames, male, female, places, ve_given, ve_surnames;
    long dui_a, dui_b, pass_a, pass_b, dui_next, pass_next;
    double *eta; /* per person, capture scratch */
    int8_t *grp; /* per person, capture group (-1: not eligible) */
    double *tmp; /* per person, calibration scratch */
    long *rows;  /* row -> person index, per list */
    sbuf f[8];   /* field scratch */
    sbuf line;   /* the row being written */
} gen;

static uint64_t stream_seed(uint64_t seed, uint64_t stream)
{
    return seed ^ (0x9e3779b97f4a7c15ULL * (stream + 1));
}

static double expo(rng *r, double rate)
{
    return -log(1.0 - rng_unit(r)) / rate;
}

static const char *given_of(const person *p)
{
    if (p->foreign)
        return synth_ve_given[p->given].name;
    return p->female ? synth_female_names[p->given].name : synth_male_names[p->given].name;
}

static const char *surname_of(const person *p, int idx)
{
    if (idx < 0)
        return NULL;
    return p->foreign ? synth_ve_surnames[idx].name : synth_surnames[idx].name;
}

/* A hypocoristic for the given name (whole, or its first word), or NULL. */
static const char *hypocoristic(const char *given, rng *r)
{
    const char *cand[4];
    size_t nc = 0, first = strcspn(given, " ");
    for (size_t i = 0; i < synth_n_nicks && nc < 4; i++) {
        const char *g = synth_nicks[i].given;
        if (strcmp(g, given) == 0 || (strlen(g) == first && memcmp(g, given, first) == 0))
            cand[nc++] = synth_nicks[i].nick;
    }
    return nc ? cand[rng_below(r, nc)] : NULL;
}

static long cur_day_limit(const gen *g, const person *p)
{
    return p->status == ST_HELD ? g->end : p->status_day;
}

static void add_stay(person *p, int fac, long day)
{
    if (p->n_stays < MAX_STAYS) {
        p->stay_fac[p->n_stays] = (int8_t)fac;
        p->stay_day[p->n_stays] = (int32_t)day;
        p->n_stays++;
    }
}

static int last_fac(const person *p)
{
    return p->stay_fac[p->n_stays - 1];
}

static int region_prison(int region, rng *r)
{
    switch (region) {
    case SYNTH_WEST: return PICK_FAC(men_west, r);
    case SYNTH_METRO: return PICK_FAC(men_metro, r);
    case SYNTH_CENTRAL: return PICK_FAC(men_central, r);
    default: return PICK_FAC(men_east, r);
    }
}

static int region_bartolina(int region)
{
    switch (region) {
    case SYNTH_WEST: return SYNTH_FAC_BARTOLINA_SANTA_ANA;
    case SYNTH_EAST: return SYNTH_FAC_BARTOLINA_SAN_MIGUEL;
    default: return SYNTH_FAC_BARTOLINA_SAN_SALVADOR;
    }
}

/* Fate (release or death, or still held) and the facilities on the way. */
static void make_fate(gen *g, person *p, rng *r)
{
    double rel = 0.085, death = 0.0016;
    if (p->vuln & V_MINOR) {
        rel *= 3.0;
        death *= 0.5;
    }
    if (p->vuln & V_ELDERLY) {
        rel *= 1.8;
        death *= 7.0;
    }
    if (p->vuln & V_PREGNANT)
        rel *= 3.0;
    if (p->vuln & V_DISABILITY) {
        rel *= 1.5;
        death *= 2.5;
    }
    if (p->vuln & V_CHRONIC) {
        rel *= 1.3;
        death *= 5.0;
    }
    if (p->female)
        rel *= 1.6;
    double t_rel = 15.0 + 365.25 * expo(r, rel);
    double t_death = 2.0 + 365.25 * expo(r, death);
    double avail = (double)(g->end - p->arrest);
    if (t_death < t_rel && t_death < avail) {
        p->status = ST_DEAD;
        p->status_day = p->arrest + (int32_t)t_death;
    } else if (t_rel < avail) {
        p->status = ST_RELEASED;
        p->status_day = p->arrest + (int32_t)t_rel;
    } else {
        p->status = ST_HELD;
        p->status_day = 0;
    }

    long stop = cur_day_limit(g, p);
    int region = synth_places[p->arrest_place].region;
    bool cell = false;
    int prison;
    if (p->vuln & V_MINOR) {
        cell = rng_chance(r, 0.4);
        prison = SYNTH_FAC_YOUTH_ILOBASCO;
    } else if (p->female) {
        cell = rng_chance(r, 0.5);
        prison = PICK_FAC(women, r);
    } else {
        cell = rng_chance(r, 0.6);
        prison = region_prison(region, r);
    }
    add_stay(p, cell ? region_bartolina(region) : prison, p->arrest);
    if (cell) {
        long day = p->arrest + 2 + (long)rng_below(r, 14); /* 15 days at most */
        if (day < stop)
            add_stay(p, prison, day);
    }
    if (p->female || (p->vuln & V_MINOR))
        return;
    /* Men: a share moved to CECOT once it opened, some between prisons. */
    long last = p->stay_day[p->n_stays - 1];
    if (rng_chance(r, 0.25)) {
        long day = g->cecot_open + (long)rng_below(r, 240);
        if (day < last + 30)
            day = last + 30 + (long)rng_below(r, 60);
        if (day < stop) {
            add_stay(p, SYNTH_FAC_CECOT, day);
            return;
        }
    }
    for (int k = 0; k < 2 && rng_chance(r, k == 0 ? 0.15 : 0.3); k++) {
        last = p->stay_day[p->n_stays - 1];
        long day = last + 30 + (long)rng_below(r, 400);
        int to = PICK_FAC(men_moves, r);
        if (day >= stop || to == last_fac(p))
            break;
        add_stay(p, to, day);
    }
}

/* Brothers and sisters are taken too, often together: a share of the
 * persons (SIBLING_SHARE) are a sibling of the person made before them,
 * with the same two surnames, parents and home, another given name, born
 * one to fifteen years apart, and two times in five arrested with him,
 * the same day and place.  Linkage must keep them apart. */
#define SIBLING_SHARE 0.05

static void make_sibling(const gen *g, person *p, const person *sib, rng *r)
{
    p->s1 = sib->s1;
    p->s2 = sib->s2;
    p->mother_given = sib->mother_given;
    p->mother_s2 = sib->mother_s2;
    p->father_given = sib->father_given;
    p->father_s2 = sib->father_s2;
    p->residence = sib->residence;
    p->arrest_place = sib->residence;
    p->nick = NULL;
    for (int k = 0; k < 20 && p->female == sib->female && p->given == sib->given; k++)
        p->given = (int16_t)wt_pick(p->female ? &g->female : &g->male, r);
    if (rng_chance(r, 0.4)) {
        p->arrest = sib->arrest;
        p->arrest_place = sib->arrest_place;
        p->authority = sib->authority;
    }
    long gap = (long)((1 + rng_below(r, 15)) * 365.2425) + (long)rng_below(r, 365);
    long birth = rng_chance(r, 0.5) ? sib->birth + gap : sib->birth - gap;
    int age = age_on(birth, p->arrest);
    if (age < 16 || age > 85)
        birth = birth > sib->birth ? sib->birth - gap : sib->birth + gap;
    p->birth = (int32_t)birth;
    p->age = (uint8_t)age_on(p->birth, p->arrest);
    p->vuln &= (uint8_t)~(V_MINOR | V_ELDERLY);
    if (p->age < 18)
        p->vuln |= V_MINOR;
    if (p->age >= 60)
        p->vuln |= V_ELDERLY;
}

static void make_local(gen *g, person *p, const person *sib, rng *r, rng *rs)
{
    p->female = (uint8_t)rng_chance(r, 0.10);
    p->visibility = rng_normal(r);

    /* Arrest day: mass arrests in 2022, then a long tail. */
    long span = g->end - g->start;
    double t;
    do
        t = rng_chance(r, 0.8) ? expo(r, 1.0 / 150.0) : rng_unit(r) * (double)span;
    while (t >= (double)span);
    p->arrest = (int32_t)(g->start + (long)t);

    /* Age at arrest: mostly young men; some minors, some elderly. */
    double u = rng_unit(r);
    int age;
    if (u < 0.015)
        age = 16 + (int)rng_below(r, 2);
    else if (u < 0.045)
        age = 60 + (int)fmin(expo(r, 1.0 / 6.0), 25.0);
    else
        age = 18 + (int)fmin(expo(r, 1.0 / 9.0), 41.0);
    p->birth = (int32_t)(p->arrest - (long)(age * 365.2425) - (long)rng_below(r, 365));
    p->age = (uint8_t)age_on(p->birth, p->arrest);
    if (p->age < 18)
        p->vuln |= V_MINOR;
    if (p->age >= 60)
        p->vuln |= V_ELDERLY;
    double chronic = 0.03 + (p->age >= 45 ? 0.05 : 0) + (p->age >= 60 ? 0.2 : 0);
    if (rng_chance(r, chronic))
        p->vuln |= V_CHRONIC;
    if (rng_chance(r, 0.02))
        p->vuln |= V_DISABILITY;
    if (p->female && p->age >= 18 && p->age <= 40 && rng_chance(r, 0.06))
        p->vuln |= V_PREGNANT;

    /* Names. */
    p->given = (int16_t)wt_pick(p->female ? &g->female : &g->male, r);
    p->s1 = (int16_t)wt_pick(&g->surnames, r);
    p->s2 = (int16_t)wt_pick(&g->surnames, r);
    p->married = -1;
    if (p->female && p->age >= 21 && rng_chance(r, 0.35))
        p->married = (int16_t)wt_pick(&g->surnames, r);
    p->nick = NULL;
    if (rng_chance(r, p->female ? 0.08 : 0.22)) {
        const char *h = hypocoristic(given_of(p), r);
        if (h && rng_chance(r, 0.7))
            p->nick = h;
        else if (p->female)
            p->nick = synth_street_nicks_f[rng_below(r, synth_n_street_nicks_f)];
        else
            p->nick = synth_street_nicks_m[rng_below(r, synth_n_street_nicks_m)];
    }
    p->mother_given = (int16_t)wt_pick(&g->female, r);
    p->mother_s2 = (int16_t)wt_pick(&g->surnames, r);
    p->father_given = rng_chance(r, 0.15) ? -1 : (int16_t)wt_pick(&g->male, r);
    p->father_s2 = (int16_t)wt_pick(&g->surnames, r);

    /* Places: most are arrested where they live. */
    p->residence = (int16_t)wt_pick(&g->places, r);
    p->arrest_place = p->residence;
    if (rng_chance(r, 0.15)) {
        for (int k = 0; k < 20; k++) {
            int q = wt_pick(&g->places, r);
            if (synth_places[q].region == synth_places[p->residence].region) {
                p->arrest_place = (int16_t)q;
                break;
            }
        }
    }
    double a = rng_unit(r);
    p->authority = a < 0.55 ? 0 : a < 0.65 ? 1 : 2;
    if (sib)
        make_sibling(g, p, sib, rs);

    /* DUIs come from a bijection of a counter, so no two persons share one. */
    p->dui = -1;
    if (p->age >= 18 && rng_chance(r, 0.85))
        p->dui = (g->dui_a * g->dui_next++ + g->dui_b) % 10000000L;
    p->passport = -1;
    make_fate(g, p, r);
}

/* Venezuelans sent to CECOT by another state: on the manifest, held. */
static void make_foreign(gen *g, person *p, rng *r)
{
    p->foreign = 1;
    p->visibility = rng_normal(r);
    p->arrest = (int32_t)(rng_chance(r, 0.9) ? g->deport : g->deport + 27);
    int age = 19 + (int)rng_below(r, 22);
    p->birth = (int32_t)(p->arrest - (long)(age * 365.2425) - (long)rng_below(r, 365));
    p->age = (uint8_t)age_on(p->birth, p->arrest);
    p->given = (int16_t)wt_pick(&g->ve_given, r);
    p->s1 = (int16_t)wt_pick(&g->ve_surnames, r);
    p->s2 = (int16_t)wt_pick(&g->ve_surnames, r);
    p->married = -1;
    p->mother_given = p->father_given = -1;
    p->residence = p->arrest_place = -1;
    p->dui = -1;
    p->passport = 100000000L + (g->pass_a * g->pass_next++ + g->pass_b) % 100000000L;
    p->status = ST_HELD;
    add_stay(p, SYNTH_FAC_CECOT, p->arrest);
}

static void make_population(gen *g)
{
    rng r;
    rng_seed(&r, stream_seed(g->o->seed, 0));
    /* Multipliers coprime with 10^7 and 10^8 (odd, not a multiple of 5). */
    do
        g->dui_a = 1000003L + 2 * (long)rng_below(&r, 4000000);
    while (g->dui_a % 5 == 0);
    g->dui_b = (long)rng_below(&r, 10000000);
    do
        g->pass_a = 10000003L + 2 * (long)rng_below(&r, 40000000);
    while (g->pass_a % 5 == 0);
    g->pass_b = (long)rng_below(&r, 100000000);
    rng rs; /* who is a sibling, and how: a stream of its own */
    rng_seed(&rs, stream_seed(g->o->seed, 2));
    for (long i = 0; i < g->n_local; i++) {
        const person *sib = i > 0 && rng_chance(&rs, SIBLING_SHARE) ? &g->p[i - 1] : NULL;
        make_local(g, &g->p[i], sib, &r, &rs);
    }
    rng_seed(&r, stream_seed(g->o->seed, 1));
    for (long i = g->n_local; i < g->n; i++)
        make_foreign(g, &g->p[i], &r);
}

/* ---------- capture ---------- */

static double years_held(const gen *g, const person *p)
{
    return (double)(cur_day_limit(g, p) - p->arrest) / 365.25;
}

static bool caught(const person *p, int list)
{
    return (p->caught >> list) & 1;
}

/* Linear predictor of list `list` for p, and its group (-1: never on it). */
static double capture_eta(const gen *g, const person *p, int list, int *grp)
{
    bool dead = p->status == ST_DEAD, released = p->status == ST_RELEASED;
    int region = p->foreign ? -1 : synth_places[p->residence].region;
    double x = 0;
    *grp = 0;
    switch (list) {
    case L_NGO:
        x = 0.9 * p->visibility + 0.35 * years_held(g, p);
        x += (p->vuln ? 0.8 : 0) + (dead ? 1.6 : 0) + (released ? -0.4 : 0);
        x += (region == SYNTH_METRO ? 0.4 : 0) + (region == SYNTH_EAST ? -0.4 : 0);
        x += p->foreign ? -1.5 : 0;
        break;
    case L_FAM:
        x = 1.0 * p->visibility + 0.2 * years_held(g, p) + (caught(p, L_NGO) ? 1.3 : 0);
        x += (dead ? 0.6 : 0) + ((p->vuln & V_MINOR) ? 0.5 : 0) + (p->foreign ? -3.0 : 0);
        break;
    case L_OFI:
        *grp = dead ? 2 : released ? 1 : 0;
        x = 0.3 * years_held(g, p) + (last_fac(p) == SYNTH_FAC_CECOT ? -0.7 : 0);
        x += p->female ? 0.3 : 0;
        break;
    case L_PRESS:
        *grp = dead ? 1 : 0;
        x = 0.6 * p->visibility + (caught(p, L_NGO) ? 0.5 : 0) + (p->foreign ? 2.0 : 0);
        x += ((p->vuln & V_MINOR) ? 1.8 : 0) + ((p->vuln & V_ELDERLY) ? 1.5 : 0);
        x += ((p->vuln & V_PREGNANT) ? 1.5 : 0) + ((p->vuln & V_DISABILITY) ? 0.8 : 0);
        break;
    case L_COURT:
        x = 0.3 * p->visibility + 0.3 * years_held(g, p) + (caught(p, L_NGO) ? 0.7 : 0);
        x += (released ? 1.5 : 0) + (p->vuln ? 0.7 : 0) + (dead ? -1.0 : 0);
        x += p->foreign ? -2.0 : 0;
        break;
    case L_DEATHS:
        *grp = dead ? 0 : -1;
        x = 0.5 * p->visibility + (caught(p, L_NGO) ? 1.5 : 0) + (caught(p, L_PRESS) ? 1.0 : 0);
        break;
    default: /* L_DEPORT */ *grp = p->foreign ? 0 : -1; break;
    }
    return x;
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* The intercept b with mean(logistic(b + eta)) = target (safeguarded
 * Newton inside a shrinking bracket). */
static double calibrate(const double *eta, long n, double target)
{
    double lo = -40, hi = 40, b = log(target / (1 - target));
    for (int it = 0; it < 60; it++) {
        double m = 0, d = 0;
        for (long i = 0; i < n; i++) {
            double q = logistic(b + eta[i]);
            m += q;
            d += q * (1 - q);
        }
        m /= (double)n;
        d /= (double)n;
        if (fabs(m - target) < 1e-9)
            break;
        if (m < target)
            lo = b;
        else
            hi = b;
        double nb = d > 1e-12 ? b + (target - m) / d : (lo + hi) / 2;
        b = (nb > lo && nb < hi) ? nb : (lo + hi) / 2;
    }
    return b;
}

static void capture(gen *g, int list, const double *targets, int n_groups)
{
    rng r;
    rng_seed(&r, stream_seed(g->o->seed, 10 + (uint64_t)list));
    for (long i = 0; i < g->n; i++) {
        int grp;
        g->eta[i] = capture_eta(g, &g->p[i], list, &grp);
        g->grp[i] = (int8_t)grp;
    }
    double b[3] = {0, 0, 0};
    for (int k = 0; k < n_groups; k++) {
        long m = 0;
        for (long i = 0; i < g->n; i++)
            if (g->grp[i] == k)
                g->tmp[m++] = g->eta[i];
        if (m)
            b[k] = calibrate(g->tmp, m, targets[k]);
    }
    for (long i = 0; i < g->n; i++)
        if (g->grp[i] >= 0 && rng_unit(&r) < logistic(b[g->grp[i]] + g->eta[i]))
            g->p[i].caught |= (uint8_t)(1u << list);
}

/* ---------- text ---------- */

enum { T_ASCII = 1, T_UPPER = 2, T_LOWER = 4, T_KEEP_ENYE = 8 };

/* Appends s[0..n) with accents stripped and/or case changed.  Handles the
 * Latin-1 letters (two-byte UTF-8, lead 0xC3) that Spanish uses. */
static void put_text(sbuf *b, const char *s, size_t n, unsigned flags)
{
    static const char base[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC3 && i + 1 < n) {
            unsigned cp = 0xC0 | ((unsigned char)s[++i] & 0x3F);
            bool enye = cp == 0xD1 || cp == 0xF1;
            if ((flags & T_ASCII) && !(enye && (flags & T_KEEP_ENYE))) {
                char a = base[cp - 0xC0];
                if (flags & T_UPPER)
                    a = (char)(a >= 'a' && a <= 'z' ? a - 32 : a);
                if (flags & T_LOWER)
                    a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
                sbuf_addc(b, a);
                continue;
            }
            if ((flags & T_UPPER) && cp >= 0xE0 && cp != 0xF7 && cp != 0xFF)
                cp -= 0x20;
            if ((flags & T_LOWER) && cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                cp += 0x20;
            sbuf_addc(b, (char)0xC3);
            sbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
            continue;
        }
        if ((flags & T_UPPER) && c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        if ((flags & T_LOWER) && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        sbuf_addc(b, (char)c);
    }
}

static void put_str(sbuf *b, const char *s, unsigned flags)
{
    put_text(b, s, strlen(s), flags);
}

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A letter someone might write instead of c: Salvadoran Spanish confuses
 * b/v, s/z/c, y/i and n/m; otherwise any letter. */
static char confuse(char c, rng *r)
{
    static const char pairs[][2] = {{'b', 'v'}, {'v', 'b'}, {'s', 'z'}, {'z', 's'}, {'c', 's'},
                                    {'y', 'i'}, {'i', 'y'}, {'n', 'm'}, {'m', 'n'}};
    bool upper = c >= 'A' && c <= 'Z';
    char low = upper ? (char)(c + 32) : c, out = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] == low && rng_chance(r, 0.7))
            out = pairs[i][1];
    if (!out)
        do
            out = (char)('a' + rng_below(r, 26));
        while (out == low);
    return upper ? (char)(out - 32) : out;
}

/* One typo in b->data[from..len): substitution, deletion, transposition,
 * or a dropped initial H.  Only ASCII letters are touched, so UTF-8 stays
 * valid. */
static void typo(sbuf *b, size_t from, rng *r)
{
    if (b->len < from + 4)
        return;
    char *s = b->data + from;
    size_t n = b->len - from;
    int kind = (int)rng_below(r, 4);
    if (kind == 3 && (s[0] == 'H' || s[0] == 'h')) {
        memmove(s, s + 1, n);
        b->len--;
        return;
    }
    for (int tries = 0; tries < 8; tries++) {
        size_t i = 1 + (size_t)rng_below(r, n - 1);
        if (!is_ascii_letter((unsigned char)s[i]))
            continue;
        if (kind == 1) {
            memmove(s + i, s + i + 1, n - i); /* moves the NUL too */
            b->len--;
        } else if (kind == 2 && i + 1 < n && is_ascii_letter((unsigned char)s[i + 1])) {
            char t = s[i];
            s[i] = s[i + 1];
            s[i + 1] = t;
        } else {
            s[i] = confuse(s[i], r);
        }
        return;
    }
}

/* Appends a name part with text flags and, with chance p_typo, a typo. */
static void put_part(sbuf *b, const char *s, unsigned flags, double p_typo, rng *r)
{
    if (!s || !*s)
        return;
    if (b->len)
        sbuf_addc(b, ' ');
    size_t from = b->len;
    put_str(b, s, flags);
    if (rng_chance(r, p_typo))
        typo(b, from, r);
}

/* Appends the first word of s. */
static void put_first_word(sbuf *b, const char *s, unsigned flags, double p_typo, rng *r)
{
    if (b->len)
        sbuf_addc(b, ' ');
    size_t from = b->len;
    put_text(b, s, strcspn(s, " "), flags);
    if (rng_chance(r, p_typo))
        typo(b, from, r);
}

enum { FAC_CANON, FAC_ALIAS, FAC_COLLOQUIAL };

static void put_facility(sbuf *b, int fac, int form, unsigned flags, rng *r)
{
    const synth_facility *f = &synth_facilities[fac];
    if (form == FAC_CANON) {
        put_str(b, f->name, flags);
    } else if (form == FAC_COLLOQUIAL) {
        put_str(b, f->colloquial, flags);
    } else {
        size_t n = 1;
        for (const char *q = f->aliases; *q; q++)
            n += *q == '|';
        size_t k = (size_t)rng_below(r, n);
        const char *q = f->aliases;
        while (k--)
            q = strchr(q, '|') + 1;
        put_text(b, q, strcspn(q, "|"), flags);
    }
}

static void dui_string(char out[16], long dui, bool dash)
{
    char d[9];
    snprintf(d, sizeof d, "%08ld", dui);
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (d[i] - '0') * (9 - i);
    snprintf(out, 16, dash ? "%s-%d" : "%s%d", d, (10 - sum % 10) % 10);
}

/* Changes one digit of a written DUI. */
static void dui_misprint(char *s, rng *r)
{
    size_t n = strlen(s);
    for (int tries = 0; tries < 8; tries++) {
        size_t i = (size_t)rng_below(r, n);
        if (s[i] >= '0' && s[i] <= '9') {
            s[i] = (char)('0' + (s[i] - '0' + 1 + (int)rng_below(r, 9)) % 10);
            return;
        }
    }
}

static const char *status_es(const person *p, bool upper)
{
    static const char *const w[2][2][3] = {
        {{"detenido", "liberado", "fallecido"}, {"detenida", "liberada", "fallecida"}},
        {{"DETENIDO", "LIBERADO", "FALLECIDO"}, {"DETENIDA", "LIBERADA", "FALLECIDA"}}};
    return w[upper][p->female][p->status];
}

static void put_vulnerability(sbuf *b, unsigned v, bool spanish)
{
    static const struct {
        unsigned bit;
        const char *en, *es;
    } words[] = {{V_DISABILITY, "disability", "discapacidad"},
                 {V_CHRONIC, "chronic_illness", "enfermedad_cronica"},
                 {V_PREGNANT, "pregnant", "embarazada"},
                 {V_MINOR, "minor", "menor"},
                 {V_ELDERLY, "elderly", "adulto_mayor"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (v & words[i].bit) {
            if (b->len)
                sbuf_addc(b, ',');
            sbuf_adds(b, spanish ? words[i].es : words[i].en);
        }
}

static void put_place(sbuf *b, int place, bool with_dept, unsigned flags)
{
    if (place < 0)
        return;
    put_str(b, synth_places[place].municipality, flags);
    if (with_dept) {
        sbuf_adds(b, ", ");
        put_str(b, synth_places[place].department, flags);
    }
}

/* ---------- CSV output ---------- */

typedef struct csvw {
    FILE *f;
    char path[PATH_MAX], tmp[PATH_MAX];
    char delim;
    bool cp1252, crlf, row_open;
    sbuf *line;
} csvw;

static int csv_open(csvw *w, const char *dir, const char *name, char delim, bool cp1252, bool crlf,
                    sbuf *line, herr *e)
{
    memset(w, 0, sizeof *w);
    int n1 = snprintf(w->path, sizeof w->path, "%s/%s", dir, name);
    int n2 = snprintf(w->tmp, sizeof w->tmp, "%s/.%s.tmp", dir, name);
    if (n1 < 0 || n2 < 0 || (size_t)n2 >= sizeof w->tmp)
        return herr_set(e, HERR_INPUT, "synth: output path too long: %s", dir);
    w->f = fopen(w->tmp, "wb");
    if (!w->f)
        return herr_set(e, HERR_INPUT, "synth: cannot write %s: %s", w->tmp, strerror(errno));
    setvbuf(w->f, NULL, _IOFBF, 1 << 20);
    w->delim = delim;
    w->cp1252 = cp1252;
    w->crlf = crlf;
    w->line = line;
    sbuf_reset(line);
    return HERR_OK;
}

/* Appends one field, quoted when it holds the delimiter, a quote or a line
 * break; in a Windows-1252 file the two-byte UTF-8 letters become one
 * byte (every letter synth writes is in Latin-1). */
static void csv_cell(csvw *w, const char *s, size_t n)
{
    sbuf *b = w->line;
    if (w->row_open)
        sbuf_addc(b, w->delim);
    w->row_open = true;
    bool quote = false, high = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == w->delim || c == '"' || c == '\n' || c == '\r')
            quote = true;
        if ((unsigned char)c >= 0x80)
            high = true;
    }
    if (!quote && !(high && w->cp1252)) {
        sbuf_add(b, s, n);
        return;
    }
    if (quote)
        sbuf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (w->cp1252 && (c == 0xC2 || c == 0xC3) && i + 1 < n) {
            sbuf_addc(b, (char)(((c & 0x1F) << 6) | ((unsigned char)s[++i] & 0x3F)));
            continue;
        }
        if (c == '"')
            sbuf_addc(b, '"');
        sbuf_addc(b, (char)c);
    }
    if (quote)
        sbuf_addc(b, '"');
}

static void csv_str(csvw *w, const char *s)
{
    csv_cell(w, s ? s : "", s ? strlen(s) : 0);
}

static void csv_sbuf(csvw *w, const sbuf *s)
{
    csv_cell(w, s->data ? s->data : "", s->len);
}

static void csv_end(csvw *w)
{
    if (w->crlf)
        sbuf_addc(w->line, '\r');
    sbuf_addc(w->line, '\n');
    fwrite(w->line->data, 1, w->line->len, w->f);
    sbuf_reset(w->line);
    w->row_open = false;
}

static void csv_header(csvw *w, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_str(w, names[i]);
    csv_end(w);
}

static int csv_close(csvw *w, herr *e)
{
    if (!w->f)
        return HERR_OK;
    int bad = ferror(w->f);
    int err = errno;
    if (fclose(w->f) != 0) {
        bad = 1;
        err = errno;
    }
    w->f = NULL;
    if (bad)
        return herr_set(e, HERR_INTERNAL, "synth: error writing %s: %s", w->tmp, strerror(err));
    return HERR_OK;
}

/* ---------- the lists ---------- */

typedef struct list_def {
    const char *source, *kind, *supplied_by, *received, *id_fmt;
    char delim;
    bool cp1252, crlf;
    double dup_rate;
    const char *const *header;
    size_t n_header;
} list_def;

static const char *const h_ngo[] = {"id_caso",          "nombres",        "primer_apellido",
                                    "segundo_apellido", "apodo",          "sexo",
                                    "fecha_nacimiento", "edad",           "dui",
                                    "domicilio",        "fecha_captura",  "lugar_captura",
                                    "autoridad",        "orden_judicial", "centro_penal",
                                    "estado",           "fecha_estado",   "vulnerabilidad",
                                    "observaciones",    "informante",     "parentesco_informante"};
static const char *const h_fam[] = {"id",         "nombre_completo",  "apodo", "edad",
                                    "domicilio",  "fecha_detencion",  "penal", "estado",
                                    "informante", "telefono_contacto"};
static const char *const h_ofi[] = {
    "NO",           "DUI",    "NOMBRES",      "APELLIDOS", "FECHA_NACIMIENTO",
    "CENTRO_PENAL", "ESTADO", "FECHA_INGRESO"};
static const char *const h_press[] = {"case_id",         "name",   "age",    "arrest_date",
                                      "place_of_arrest", "prison", "status", "date_of_death",
                                      "outlet",          "url"};
static const char *const h_court[] = {"record_id",   "full_name", "dui",  "hearing_date",
                                      "court_order", "facility",  "notes"};
static const char *const h_deaths[] = {"id",           "nombre", "edad",  "fecha_fallecimiento",
                                       "centro_penal", "causa",  "estado"};
static const char *const h_deport[] = {
    "id", "full_name", "nationality", "passport", "date_of_birth", "facility", "arrest_date"};

#define HDR(h) h, sizeof h / sizeof h[0]

static const list_def lists[SYNTH_MAX_LISTS] = {
    {"ngo_casos", "ngo_case", "Observatorio Ficticio de Derechos Humanos", "2025-07-15",
     "NGO-%06ld", ',', false, false, 0.02, HDR(h_ngo)},
    {"familias", "family_report", "Comité Ficticio de Familiares de Presos", "2025-07-22",
     "F-%04ld", ';', true, true, 0.02, HDR(h_fam)},
    {"oficial", "official_list", "Listado oficial filtrado (ficticio)", "2025-08-01", "%ld", '\t',
     false, false, 0, HDR(h_ofi)},
    {"prensa", "press", "Recopilación de prensa (ficticia)", "2025-08-05", "PR-%05ld", ',', false,
     false, 0, HDR(h_press)},
    {"tribunal", "court", "Registro de audiencias (ficticio)", "2025-08-12", "EXP-%06ld", ',',
     false, false, 0, HDR(h_court)},
    {"defunciones", "ngo_case", "Red Ficticia contra la Tortura", "2025-08-20", "D-%04ld", ',',
     false, false, 0, HDR(h_deaths)},
    {"deportados", "deportation_manifest", "Manifiesto de vuelo (ficticio)", "2025-08-25",
     "M-%04ld", ',', false, false, 0, HDR(h_deport)},
};

static void f_reset(gen *g)
{
    for (size_t i = 0; i < sizeof g->f / sizeof g->f[0]; i++)
        sbuf_reset(&g->f[i]);
}

/* The facility a list knows the person by: the last one, or (stale
 * information) an earlier one. */
static int known_fac(const person *p, double p_stale, rng *r)
{
    if (p->n_stays > 1 && rng_chance(r, p_stale))
        return p->stay_fac[rng_below(r, (uint64_t)p->n_stays - 1)];
    return last_fac(p);
}

static void put_age(sbuf *b, int age, double p_off, bool years_word, rng *r)
{
    if (rng_chance(r, p_off))
        age += rng_chance(r, 0.5) ? 1 : -1;
    sbuf_printf(b, years_word ? "%d años" : "%d", age);
}

/* Someone who reports the person, and how they are related. */
static void informant(const person *p, sbuf *name, const char **rel, rng *r)
{
    double u = rng_unit(r);
    if (u < 0.5 && p->mother_given >= 0) {
        *rel = "madre";
        put_part(name, synth_female_names[p->mother_given].name, 0, 0, r);
        put_part(name, surname_of(p, p->s2), 0, 0, r);
        put_part(name, synth_surnames[p->mother_s2].name, 0, 0, r);
        return;
    }
    if (u < 0.58 && p->father_given >= 0) {
        *rel = "padre";
        put_part(name, synth_male_names[p->father_given].name, 0, 0, r);
        put_part(name, surname_of(p, p->s1), 0, 0, r);
        put_part(name, synth_surnames[p->father_s2].name, 0, 0, r);
        return;
    }
    put_first_word(name, synth_female_names[rng_below(r, synth_n_female_names)].name, 0, 0, r);
    if (u < 0.78 && !p->female && p->age >= 18) {
        *rel = "esposa";
        put_part(name, synth_surnames[rng_below(r, synth_n_surnames)].name, 0, 0, r);
    } else if (u < 0.92) {
        *rel = "hermana";
        put_part(name, surname_of(p, p->s1), 0, 0, r);
        put_part(name, surname_of(p, p->s2), 0, 0, r);
        return;
    } else {
        *rel = "tía";
        put_part(name, surname_of(p, p->s2), 0, 0, r);
    }
    put_part(name, synth_surnames[rng_below(r, synth_n_surnames)].name, 0, 0, r);
}

static void row_ngo(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    char birth[32] = "", arrest[32] = "", status_day[32] = "", dui[16] = "";
    bool nobody = rng_chance(r, 0.002); /* a call with no name and no document */
    unsigned tf = rng_chance(r, 0.10) ? T_ASCII : 0;
    if (!nobody) {
        put_part(&f[0], given_of(p), tf, 0.03, r);
        put_part(&f[1], surname_of(p, p->s1), tf, 0.03, r);
        if (rng_chance(r, 0.94))
            put_part(&f[2], surname_of(p, p->s2), tf, 0.03, r);
        if (p->married >= 0 && rng_chance(r, 0.3)) {
            put_part(&f[2], "de", 0, 0, r);
            put_part(&f[2], synth_surnames[p->married].name, tf, 0, r);
        }
        if (p->nick && rng_chance(r, 0.6))
            put_str(&f[3], p->nick, 0);
        if (p->dui >= 0 && rng_chance(r, 0.9)) {
            dui_string(dui, p->dui, rng_chance(r, 0.9));
            if (rng_chance(r, 0.01))
                dui_misprint(dui, r);
        }
    }
    bool has_birth = rng_chance(r, 0.75);
    if (has_birth) {
        if (rng_chance(r, 0.002))
            fmt_bad_date(birth, sizeof birth, p->birth, false, r);
        else
            fmt_date(birth, sizeof birth, p->birth, D_DMY, rng_chance(r, 0.02));
    }
    if (!has_birth || rng_chance(r, 0.5))
        put_age(&f[4], p->age, 0.05, false, r);
    put_place(&f[5], p->residence, rng_chance(r, 0.7), 0);
    double u = rng_unit(r);
    if (u < 0.85)
        fmt_date(arrest, sizeof arrest, p->arrest, D_DMY, rng_chance(r, 0.02));
    else if (u < 0.95)
        fmt_date(arrest, sizeof arrest, p->arrest, D_MY, false);
    if (rng_chance(r, 0.95))
        put_facility(&f[6], known_fac(p, 0.15, r), rng_chance(r, 0.5) ? FAC_CANON : FAC_ALIAS, 0,
                     r);
    if (p->status != ST_HELD)
        fmt_date(status_day, sizeof status_day, p->status_day, D_DMY, false);
    put_vulnerability(&f[7], p->vuln, true);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_sbuf(w, &f[1]);
    csv_sbuf(w, &f[2]);
    csv_sbuf(w, &f[3]);
    csv_str(w,
            rng_chance(r, 0.7) ? (p->female ? "F" : "M") : (p->female ? "femenino" : "masculino"));
    csv_str(w, birth);
    csv_sbuf(w, &f[4]);
    csv_str(w, dui);
    csv_sbuf(w, &f[5]);
    csv_str(w, arrest);
    csv_str(w, p->arrest_place >= 0 ? synth_places[p->arrest_place].municipality : "");
    static const char *const auth[] = {"PNC", "FAES", "PNC y FAES"};
    csv_str(w, rng_chance(r, 0.1) ? "" : auth[p->authority]);
    u = rng_unit(r);
    csv_str(w, u < 0.88 ? "no" : u < 0.96 ? "desconocido" : "si");
    csv_sbuf(w, &f[6]);
    /* An NGO file is not always updated after a release. */
    bool stale = p->status == ST_RELEASED && rng_chance(r, 0.15);
    csv_str(w, stale ? (p->female ? "detenida" : "detenido") : status_es(p, false));
    csv_str(w, stale ? "" : status_day);
    csv_sbuf(w, &f[7]);
    sbuf_reset(&f[0]);
    if (nobody) {
        sbuf_adds(&f[0], "Llamada anónima; la familia no quiso dar el nombre");
    } else if (rng_chance(r, 0.6)) {
        sbuf_adds(&f[0], synth_notes[rng_below(r, synth_n_notes)]);
        if (rng_chance(r, 0.02)) { /* a note typed on two lines */
            sbuf_addc(&f[0], '\n');
            sbuf_adds(&f[0], synth_notes[rng_below(r, synth_n_notes)]);
        }
    }
    csv_sbuf(w, &f[0]);
    const char *rel = "";
    sbuf_reset(&f[1]);
    if (rng_chance(r, 0.85))
        informant(p, &f[1], &rel, r);
    csv_sbuf(w, &f[1]);
    csv_str(w, rel);
    csv_end(w);
}

static void row_fam(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    char date[40] = "";
    unsigned tf = (rng_chance(r, 0.55) ? T_ASCII : 0) | (rng_chance(r, 0.2) ? T_LOWER : 0);
    const char *given = given_of(p);
    const char *h = rng_chance(r, 0.15) ? hypocoristic(given, r) : NULL;
    if (h)
        put_part(&f[0], h, tf, 0, r);
    else if (strchr(given, ' ') && rng_chance(r, 0.3))
        put_first_word(&f[0], given, tf, 0.06, r);
    else
        put_part(&f[0], given, tf, 0.06, r);
    put_part(&f[0], surname_of(p, p->s1), tf, 0.06, r);
    if (rng_chance(r, 0.6))
        put_part(&f[0], surname_of(p, p->s2), tf, 0.06, r);
    if (p->married >= 0 && rng_chance(r, 0.5)) {
        put_part(&f[0], "de", 0, 0, r);
        put_part(&f[0], synth_surnames[p->married].name, tf, 0.03, r);
    }
    if (p->nick && rng_chance(r, 0.4))
        put_str(&f[1], p->nick, 0);
    if (rng_chance(r, 0.85))
        put_age(&f[2], p->age, 0.10, rng_chance(r, 0.2), r);
    put_place(&f[3], p->residence, rng_chance(r, 0.15), tf);
    double u = rng_unit(r);
    if (u < 0.40)
        fmt_date(date, sizeof date, p->arrest, D_MY, false);
    else if (u < 0.65)
        fmt_date(date, sizeof date, p->arrest, D_ES_MONTH, false);
    else if (u < 0.90)
        fmt_date(date, sizeof date, p->arrest, D_DMY, rng_chance(r, 0.02));
    else if (u < 0.95)
        fmt_date(date, sizeof date, p->arrest, D_YEAR, false);
    u = rng_unit(r);
    bool where_known = u < 0.85;
    if (u < 0.60)
        put_facility(&f[4], known_fac(p, 0.2, r), FAC_COLLOQUIAL, tf & T_LOWER, r);
    else if (u < 0.75)
        put_facility(&f[4], known_fac(p, 0.2, r), FAC_ALIAS, tf, r);
    else if (u < 0.85)
        put_facility(&f[4], known_fac(p, 0.2, r), FAC_CANON, tf, r);
    const char *st = status_es(p, false);
    if (p->status == ST_HELD && !where_known && rng_chance(r, 0.5))
        st = p->female ? "desaparecida" : "desaparecido";
    const char *rel = "";
    informant(p, &f[5], &rel, r);
    sbuf_printf(&f[5], " (%s)", rel);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_sbuf(w, &f[1]);
    csv_sbuf(w, &f[2]);
    csv_sbuf(w, &f[3]);
    csv_str(w, date);
    csv_sbuf(w, &f[4]);
    csv_str(w, st);
    csv_sbuf(w, &f[5]);
    char tel[16];
    snprintf(tel, sizeof tel, "7%03d-%04d", (int)rng_below(r, 1000), (int)rng_below(r, 10000));
    csv_str(w, tel);
    csv_end(w);
}

static void row_ofi(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    const unsigned tf = T_ASCII | T_UPPER | T_KEEP_ENYE;
    char dui[16] = "", birth[16] = "", entry[16];
    if (p->dui >= 0 && rng_chance(r, 0.97)) {
        dui_string(dui, p->dui, true);
        if (rng_chance(r, 0.02))
            dui_misprint(dui, r);
    }
    put_part(&f[0], given_of(p), tf, 0.02, r);
    const char *a = surname_of(p, p->s1), *b = surname_of(p, p->s2);
    if (rng_chance(r, 0.02)) {
        const char *t = a;
        a = b;
        b = t;
    }
    put_part(&f[1], a, tf, 0.02, r);
    if (p->married >= 0 && rng_chance(r, 0.4)) {
        put_part(&f[1], "DE", 0, 0, r);
        put_part(&f[1], synth_surnames[p->married].name, tf, 0.02, r);
    } else if (rng_chance(r, 0.97)) {
        put_part(&f[1], b, tf, 0.02, r);
    }
    if (rng_chance(r, 0.002))
        fmt_bad_date(birth, sizeof birth, p->birth, true, r);
    else if (rng_chance(r, 0.97))
        fmt_date(birth, sizeof birth, p->birth, D_YMD8, rng_chance(r, 0.02));
    put_facility(&f[2], last_fac(p), FAC_CANON, tf, r);
    fmt_date(entry, sizeof entry, p->stay_day[p->n_stays - 1], D_YMD8, false);

    csv_str(w, id);
    csv_str(w, dui);
    csv_sbuf(w, &f[0]);
    csv_sbuf(w, &f[1]);
    csv_str(w, birth);
    csv_sbuf(w, &f[2]);
    csv_str(w, status_es(p, true));
    csv_str(w, entry);
    csv_end(w);
}

static void row_press(gen *g, const person *p, long no, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    char arrest[40] = "", death[40] = "", url[96];
    unsigned tf = rng_chance(r, 0.6) ? T_ASCII : 0;
    if (rng_chance(r, 0.5))
        put_first_word(&f[0], given_of(p), tf, 0.08, r);
    else
        put_part(&f[0], given_of(p), tf, 0.08, r);
    put_part(&f[0], surname_of(p, p->s1), tf, 0.08, r);
    if (rng_chance(r, 0.4))
        put_part(&f[0], surname_of(p, p->s2), tf, 0.08, r);
    if (rng_chance(r, 0.9))
        put_age(&f[1], p->age, 0.15, rng_chance(r, 0.3), r);
    double u = rng_unit(r);
    if (u < 0.4)
        fmt_date(arrest, sizeof arrest, p->arrest, D_ES_DAY, false);
    else if (u < 0.7)
        fmt_date(arrest, sizeof arrest, p->arrest, D_ES_MONTH, false);
    else if (u < 0.9)
        fmt_date(arrest, sizeof arrest, p->arrest, D_ISO, false);
    put_place(&f[2], p->arrest_place, rng_chance(r, 0.3), tf);
    u = rng_unit(r);
    put_facility(&f[3], last_fac(p),
                 u < 0.4   ? FAC_CANON
                 : u < 0.8 ? FAC_ALIAS
                           : FAC_COLLOQUIAL,
                 tf, r);
    static const char *const st_en[] = {"held", "released", "dead"};
    const char *st = rng_chance(r, 0.5) ? st_en[p->status] : status_es(p, false);
    if (p->status == ST_DEAD)
        fmt_date(death, sizeof death, p->status_day, rng_chance(r, 0.5) ? D_ES_DAY : D_ISO, false);
    int y, m, d;
    civil_from_days(p->status == ST_HELD ? p->arrest + 30 : p->status_day + 2, &y, &m, &d);
    snprintf(url, sizeof url, "https://example.org/noticias/%04d/%02d/nota-%05ld", y, m, no);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_sbuf(w, &f[1]);
    csv_str(w, arrest);
    csv_sbuf(w, &f[2]);
    csv_sbuf(w, &f[3]);
    csv_str(w, st);
    csv_str(w, death);
    csv_str(w, synth_outlets[rng_below(r, synth_n_outlets)]);
    csv_str(w, url);
    csv_end(w);
}

static void row_court(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    char dui[16] = "", hearing[16];
    unsigned tf = (rng_chance(r, 0.3) ? T_UPPER : 0) | (rng_chance(r, 0.2) ? T_ASCII : 0);
    put_part(&f[0], given_of(p), tf, 0.02, r);
    put_part(&f[0], surname_of(p, p->s1), tf, 0.02, r);
    put_part(&f[0], surname_of(p, p->s2), tf, 0.02, r);
    if (p->dui >= 0 && rng_chance(r, 0.8))
        dui_string(dui, p->dui, true);
    long stop = cur_day_limit(g, p);
    long hday, span = stop - p->arrest - 3;
    if (p->status == ST_RELEASED)
        hday = stop - (long)rng_below(r, 10);
    else
        hday = p->arrest + 3 + (long)rng_below(r, (uint64_t)(span > 1 ? span : 1));
    if (hday < p->arrest)
        hday = p->arrest;
    fmt_date(hearing, sizeof hearing, hday, D_ISO, false);
    static const char *const order_en[] = {"release", "alternative_measures",
                                           "provisional_detention", "sentence", "dismissal"};
    static const char *const order_es[] = {"libertad", "medidas_alternas", "detencion_provisional",
                                           "condena", "sobreseimiento"};
    double u = rng_unit(r);
    int order;
    if (p->status == ST_RELEASED)
        order = u < 0.45 ? 0 : u < 0.85 ? 1 : 4;
    else /* orders to release that the prison did not carry out, too */
        order = u < 0.88 ? 2 : u < 0.95 ? 1 : u < 0.98 ? 0 : 3;
    put_facility(&f[1], known_fac(p, 0.1, r), FAC_CANON, 0, r);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_str(w, dui);
    csv_str(w, hearing);
    csv_str(w, rng_chance(r, 0.5) ? order_es[order] : order_en[order]);
    csv_sbuf(w, &f[1]);
    csv_str(w, synth_court_notes[rng_below(r, synth_n_court_notes)]);
    csv_end(w);
}

static void row_deaths(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    char date[40];
    unsigned tf = rng_chance(r, 0.3) ? T_ASCII : 0;
    put_part(&f[0], given_of(p), tf, 0.04, r);
    put_part(&f[0], surname_of(p, p->s1), tf, 0.04, r);
    if (rng_chance(r, 0.8))
        put_part(&f[0], surname_of(p, p->s2), tf, 0.04, r);
    sbuf_printf(&f[1], "%d", age_on(p->birth, p->status_day));
    double u = rng_unit(r);
    fmt_date(date, sizeof date, p->status_day,
             u < 0.6   ? D_DMY
             : u < 0.9 ? D_ISO
                       : D_ES_MONTH,
             false);
    u = rng_unit(r);
    if (u < 0.1)
        sbuf_adds(&f[2],
                  rng_chance(r, 0.7) ? "Hospital Nacional Rosales" : "Hospital Nacional Zacamil");
    else
        put_facility(&f[2], last_fac(p), u < 0.55 ? FAC_CANON : FAC_ALIAS, 0, r);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_sbuf(w, &f[1]);
    csv_str(w, date);
    csv_sbuf(w, &f[2]);
    /* The chronically ill die of what was not treated. */
    static const char *const untreated[] = {"insuficiencia renal", "complicaciones de diabetes",
                                            "tuberculosis"};
    if ((p->vuln & V_CHRONIC) && rng_chance(r, 0.6))
        csv_str(w, untreated[rng_below(r, 3)]);
    else
        csv_str(w, synth_death_causes[rng_below(r, synth_n_death_causes)]);
    csv_str(w, p->female ? "fallecida" : "fallecido");
    csv_end(w);
}

static void row_deport(gen *g, const person *p, const char *id, rng *r, csvw *w)
{
    sbuf *f = g->f;
    const unsigned tf = T_ASCII | T_UPPER;
    char pass[16], birth[16], arrest[16];
    put_part(&f[0], given_of(p), tf, 0.02, r);
    put_part(&f[0], surname_of(p, p->s1), tf, 0.02, r);
    put_part(&f[0], surname_of(p, p->s2), tf, 0.02, r);
    snprintf(pass, sizeof pass, "%09ld", p->passport);
    fmt_date(birth, sizeof birth, p->birth, D_ISO, false);
    fmt_date(arrest, sizeof arrest, p->arrest, D_ISO, false);

    csv_str(w, id);
    csv_sbuf(w, &f[0]);
    csv_str(w, rng_chance(r, 0.5) ? "VENEZUELA" : "venezolana");
    csv_str(w, pass);
    csv_str(w, birth);
    csv_str(w, "CECOT");
    csv_str(w, arrest);
    csv_end(w);
}

/* Writes list `list`: its rows in shuffled order, and their truth rows. */
static long write_list(gen *g, int list, csvw *w, csvw *truth)
{
    const list_def *d = &lists[list];
    rng r;
    rng_seed(&r, stream_seed(g->o->seed, 20 + (uint64_t)list));
    long n = 0;
    for (long i = 0; i < g->n; i++) {
        if (!caught(&g->p[i], list))
            continue;
        g->rows[n++] = i;
        if (rng_chance(&r, d->dup_rate))
            g->rows[n++] = i;
    }
    for (long i = n - 1; i > 0; i--) { /* Fisher-Yates */
        long j = (long)rng_below(&r, (uint64_t)i + 1);
        long t = g->rows[i];
        g->rows[i] = g->rows[j];
        g->rows[j] = t;
    }
    csv_header(w, d->header, d->n_header);
    char id[32], pid[32];
    for (long k = 0; k < n; k++) {
        const person *p = &g->p[g->rows[k]];
        snprintf(id, sizeof id, d->id_fmt, k + 1);
        f_reset(g);
        switch (list) {
        case L_NGO: row_ngo(g, p, id, &r, w); break;
        case L_FAM: row_fam(g, p, id, &r, w); break;
        case L_OFI: row_ofi(g, p, id, &r, w); break;
        case L_PRESS: row_press(g, p, k + 1, id, &r, w); break;
        case L_COURT: row_court(g, p, id, &r, w); break;
        case L_DEATHS: row_deaths(g, p, id, &r, w); break;
        default: row_deport(g, p, id, &r, w); break;
        }
        snprintf(pid, sizeof pid, "P%06ld", g->rows[k] + 1);
        csv_str(truth, d->source);
        csv_str(truth, id);
        csv_str(truth, pid);
        csv_end(truth);
    }
    return n;
}

/* ---------- persons, facilities, lists ---------- */

static void write_persons(gen *g, csvw *w)
{
    static const char *const hdr[] = {
        "person_id",      "given_names",  "surname1",    "surname2",     "married_surname",
        "nickname",       "sex",          "birth_date",  "dui",          "residence",
        "mother_name",    "father_name",  "arrest_date", "arrest_place", "authority",
        "first_facility", "facility",     "transfers",   "status",       "status_date",
        "death_date",     "vulnerability"};
    static const char *const auth[] = {"PNC", "FAES", "PNC y FAES"};
    static const char *const status[] = {"held", "released", "dead"};
    csv_header(w, hdr, sizeof hdr / sizeof hdr[0]);
    sbuf *f = g->f;
    char buf[40];
    for (long i = 0; i < g->n; i++) {
        const person *p = &g->p[i];
        f_reset(g);
        snprintf(buf, sizeof buf, "P%06ld", i + 1);
        csv_str(w, buf);
        csv_str(w, given_of(p));
        csv_str(w, surname_of(p, p->s1));
        csv_str(w, surname_of(p, p->s2));
        if (p->married >= 0)
            sbuf_printf(&f[0], "de %s", synth_surnames[p->married].name);
        csv_sbuf(w, &f[0]);
        csv_str(w, p->nick);
        csv_str(w, p->female ? "F" : "M");
        fmt_date(buf, sizeof buf, p->birth, D_ISO, false);
        csv_str(w, buf);
        buf[0] = '\0';
        if (p->dui >= 0)
            dui_string(buf, p->dui, true);
        csv_str(w, buf);
        put_place(&f[1], p->residence, true, 0);
        csv_sbuf(w, &f[1]);
        if (!p->foreign) {
            sbuf_printf(&f[2], "%s %s %s", synth_female_names[p->mother_given].name,
                        surname_of(p, p->s2), synth_surnames[p->mother_s2].name);
            if (p->father_given >= 0)
                sbuf_printf(&f[3], "%s %s %s", synth_male_names[p->father_given].name,
                            surname_of(p, p->s1), synth_surnames[p->father_s2].name);
        }
        csv_sbuf(w, &f[2]);
        csv_sbuf(w, &f[3]);
        fmt_date(buf, sizeof buf, p->arrest, D_ISO, false);
        csv_str(w, buf);
        put_place(&f[4], p->arrest_place, true, 0);
        csv_sbuf(w, &f[4]);
        csv_str(w, p->foreign ? "" : auth[p->authority]);
        csv_str(w, synth_facilities[p->stay_fac[0]].name);
        csv_str(w, synth_facilities[last_fac(p)].name);
        for (int k = 1; k < p->n_stays; k++) {
            if (k > 1)
                sbuf_addc(&f[5], '|');
            fmt_date(buf, sizeof buf, p->stay_day[k], D_ISO, false);
            sbuf_printf(&f[5], "%s@%s", synth_facilities[p->stay_fac[k]].name, buf);
        }
        csv_sbuf(w, &f[5]);
        csv_str(w, status[p->status]);
        buf[0] = '\0';
        if (p->status != ST_HELD)
            fmt_date(buf, sizeof buf, p->status_day, D_ISO, false);
        csv_str(w, buf);
        csv_str(w, p->status == ST_DEAD ? buf : "");
        put_vulnerability(&f[6], p->vuln, false);
        csv_sbuf(w, &f[6]);
        csv_end(w);
    }
}

static void write_facilities(csvw *w)
{
    static const char *const hdr[] = {"name",       "aliases",      "municipality",
                                      "department", "kind",         "capacity",
                                      "cells",      "cell_area_m2", "bunks_per_cell"};
    csv_header(w, hdr, sizeof hdr / sizeof hdr[0]);
    char num[32];
    for (int i = 0; i < SYNTH_FAC_COUNT; i++) {
        const synth_facility *f = &synth_facilities[i];
        csv_str(w, f->name);
        csv_str(w, f->aliases);
        csv_str(w, f->municipality);
        csv_str(w, f->department);
        csv_str(w, f->kind);
        snprintf(num, sizeof num, "%ld", f->capacity);
        csv_str(w, num);
        snprintf(num, sizeof num, "%d", f->cells);
        csv_str(w, num);
        snprintf(num, sizeof num, "%g", f->cell_area_m2);
        csv_str(w, num);
        snprintf(num, sizeof num, "%d", f->bunks_per_cell);
        csv_str(w, num);
        csv_end(w);
    }
}

static void write_lists(csvw *w, int k)
{
    static const char *const hdr[] = {"file", "source", "kind", "supplied_by", "received"};
    csv_header(w, hdr, sizeof hdr / sizeof hdr[0]);
    char file[64];
    for (int i = 0; i < k; i++) {
        snprintf(file, sizeof file, "%s.csv", lists[i].source);
        csv_str(w, file);
        csv_str(w, lists[i].source);
        csv_str(w, lists[i].kind);
        csv_str(w, lists[i].supplied_by);
        csv_str(w, lists[i].received);
        csv_end(w);
    }
}

/* ---------- the run ---------- */

static int make_dir(const char *dir, herr *e)
{
    if (mkdir(dir, 0777) == 0)
        return HERR_OK;
    int err = errno;
    struct stat st;
    if (err == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return HERR_OK;
    if (err == EEXIST)
        return herr_set(e, HERR_INPUT, "synth: '%s' exists and is not a directory", dir);
    return herr_set(e, HERR_INPUT, "synth: cannot create output directory '%s': %s", dir,
                    strerror(err));
}

enum {
    F_PERSONS,
    F_FACILITIES,
    F_LISTS,
    F_TRUTH,
    F_FIRST_LIST,
    F_MAX = F_FIRST_LIST + SYNTH_MAX_LISTS
};

/* No list sees everyone, however much they overlap. */
#define COVERAGE_MAX 0.97

int synth_run(const synth_opts *o, synth_report *rep, herr *e)
{
    double t0 = now_seconds();
    memset(rep, 0, sizeof *rep);
    if (o->persons < 1 || o->persons > 5000000)
        return herr_set(e, HERR_INPUT, "synth: --persons must be between 1 and 5000000, not %ld",
                        o->persons);
    if (o->lists < 2 || o->lists > SYNTH_MAX_LISTS)
        return herr_set(e, HERR_INPUT, "synth: --lists must be between 2 and %d, not %d",
                        SYNTH_MAX_LISTS, o->lists);
    if (!(o->coverage >= 0 && o->coverage <= SYNTH_MAX_COVERAGE))
        return herr_set(e, HERR_INPUT, "synth: --coverage must be a number above 0 and at most %d, not %g",
                        SYNTH_MAX_COVERAGE, o->coverage);
    if (!o->out_dir || !*o->out_dir)
        return herr_set(e, HERR_INPUT, "synth: no output directory");
    int rc = make_dir(o->out_dir, e);
    if (rc != HERR_OK)
        return rc;

    gen g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.n_local = o->persons;
    g.n = o->persons + (o->lists > L_DEPORT ? (o->persons + 99) / 100 : 0);
    g.start = days_from_civil(2022, 3, 27);
    g.end = days_from_civil(2025, 6, 30);
    g.cecot_open = days_from_civil(2023, 2, 24);
    g.deport = days_from_civil(2025, 3, 16);
    g.p = xcalloc((size_t)g.n, sizeof *g.p);
    g.eta = xmalloc((size_t)g.n * sizeof *g.eta);
    g.grp = xmalloc((size_t)g.n * sizeof *g.grp);
    g.tmp = xmalloc((size_t)g.n * sizeof *g.tmp);
    g.rows = xmalloc((size_t)g.n * 2 * sizeof *g.rows);
    wt_names(&g.surnames, synth_surnames, synth_n_surnames);
    wt_names(&g.male, synth_male_names, synth_n_male_names);
    wt_names(&g.female, synth_female_names, synth_n_female_names);
    wt_names(&g.ve_given, synth_ve_given, synth_n_ve_given);
    wt_names(&g.ve_surnames, synth_ve_surnames, synth_n_ve_surnames);
    wt_places(&g.places);
    for (size_t i = 0; i < sizeof g.f / sizeof g.f[0]; i++)
        sbuf_init(&g.f[i]);
    sbuf_init(&g.line);

    make_population(&g);
    long dead = 0;
    for (long i = 0; i < g.n; i++)
        dead += g.p[i].status == ST_DEAD;
    long alive = g.n - dead;

    /* Coverage targets (see the design comment). */
    for (int l = 0; l < o->lists; l++) {
        double t[3] = {0, 0, 0};
        int groups = 1;
        switch (l) {
        case L_NGO: t[0] = 0.35; break;
        case L_FAM: t[0] = 0.30; break;
        case L_OFI:
            t[0] = 0.55, t[1] = 0.03, t[2] = 0.02;
            groups = 3;
            break;
        case L_PRESS:
            t[0] = alive ? (0.08 * (double)g.n - 0.6 * (double)dead) / (double)alive : 0.05;
            t[0] = fmin(fmax(t[0], 0.01), 0.5);
            t[1] = 0.60;
            groups = 2;
            break;
        case L_COURT: t[0] = 0.15; break;
        case L_DEATHS: t[0] = 0.45; break;
        default: t[0] = 0.92; break;
        }
        double f = o->coverage > 0 ? o->coverage : 1;
        for (int k = 0; k < groups; k++)
            t[k] = fmin(t[k] * f, COVERAGE_MAX);
        capture(&g, l, t, groups);
    }

    csvw out[F_MAX];
    memset(out, 0, sizeof out);
    int n_files = F_FIRST_LIST + o->lists;
    static const char *const names[F_FIRST_LIST] = {"persons.csv", "facilities.csv", "lists.csv",
                                                    "truth.csv"};
    /* persons, facilities and lists are written first and closed; truth
     * stays open beside each list. */
    for (int i = 0; i < F_TRUTH && rc == HERR_OK; i++) {
        rc = csv_open(&out[i], o->out_dir, names[i], ',', false, false, &g.line, e);
        if (rc != HERR_OK)
            break;
        if (i == F_PERSONS)
            write_persons(&g, &out[i]);
        else if (i == F_FACILITIES)
            write_facilities(&out[i]);
        else
            write_lists(&out[i], o->lists);
        rc = csv_close(&out[i], e);
    }
    sbuf truth_line;
    sbuf_init(&truth_line);
    if (rc == HERR_OK)
        rc = csv_open(&out[F_TRUTH], o->out_dir, names[F_TRUTH], ',', false, false, &truth_line, e);
    if (rc == HERR_OK) {
        static const char *const hdr[] = {"source", "record_id", "person_id"};
        csv_header(&out[F_TRUTH], hdr, 3);
    }
    for (int l = 0; l < o->lists && rc == HERR_OK; l++) {
        char file[64];
        const list_def *d = &lists[l];
        snprintf(file, sizeof file, "%s.csv", d->source);
        csvw *w = &out[F_FIRST_LIST + l];
        rc = csv_open(w, o->out_dir, file, d->delim, d->cp1252, d->crlf, &g.line, e);
        if (rc != HERR_OK)
            break;
        rep->rows[l] = write_list(&g, l, w, &out[F_TRUTH]);
        snprintf(rep->list_names[l], sizeof rep->list_names[l], "%s", d->source);
        rc = csv_close(w, e);
    }
    if (rc == HERR_OK)
        rc = csv_close(&out[F_TRUTH], e);
    /* All written: put them in place.  Otherwise: leave nothing behind. */
    for (int i = 0; i < n_files; i++) {
        if (out[i].f) {
            fclose(out[i].f);
            out[i].f = NULL;
        }
        if (!out[i].tmp[0])
            continue;
        if (rc == HERR_OK && rename(out[i].tmp, out[i].path) != 0)
            rc = herr_set(e, HERR_INTERNAL, "synth: cannot rename %s to %s: %s", out[i].tmp,
                          out[i].path, strerror(errno));
        if (rc != HERR_OK)
            unlink(out[i].tmp);
    }

    rep->n_lists = o->lists;
    rep->persons = g.n;
    rep->dead = dead;
    sbuf_free(&truth_line);
    sbuf_free(&g.line);
    for (size_t i = 0; i < sizeof g.f / sizeof g.f[0]; i++)
        sbuf_free(&g.f[i]);
    free(g.surnames.cum);
    free(g.male.cum);
    free(g.female.cum);
    free(g.ve_given.cum);
    free(g.ve_surnames.cum);
    free(g.places.cum);
    free(g.p);
    free(g.eta);
    free(g.grp);
    free(g.tmp);
    free(g.rows);
    rep->seconds = now_seconds() - t0;
    return rc;
}
