/*
 * cluster.c — from pairwise probabilities to people.
 *
 * Greedy merging under constraints: human "same" decisions first, then
 * candidate pairs from the most to the least probable; each merge joins
 * two groups of records unless that would put a contradiction into one
 * person: two valid DUIs that differ in more than one digit (a one-digit
 * difference can be a typo that keeps the check digit valid), birth years
 * more than two years apart (from birth dates, or from the span of years
 * an age allows), names that clearly differ (given names, or a surname
 * both records have and that matches neither of the other's), or two
 * records someone decided are different, two records of one source
 * that no edge joins directly, two records of other sources that the
 * model, comparing them, finds to be two people beyond doubt, or a pair
 * whose given names and birth dates both differ (brothers; two_people).  A list names a person once, or twice by
 * a slip that leaves two records alike (and the model weighs that pair
 * with the source's own rate of duplicates); two of its records that
 * only meet through a third, from another list, are two people of one
 * name.  Plain connected components would chain "José Hernández 1990" to
 * "José Hernández 1985" through one weak link, or a family's report of
 * "José Hernández, 30" to both of the register's two men of that name;
 * here the weak link is refused because the group already holds a
 * contradiction — which is how a cluster with a contradiction is split.
 *
 * Then a second look (below) joins small groups that no single pair
 * joined but whose records, taken together, fit; and second thoughts
 * move a record that one pair put in a group to another group it fits
 * better as a whole.
 *
 * Each group keeps the short lists it needs for the checks (its DUIs,
 * birth years, and records it may not join); groups are merged smaller
 * into larger, so the work stays near linear.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct ivec {
    int32_t *v;
    uint32_t n, cap;
} ivec;

static void ivec_add(ivec *a, int32_t x)
{
    for (uint32_t k = 0; k < a->n; k++)
        if (a->v[k] == x)
            return;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 2;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

typedef struct group {
    uint32_t parent, size;
    ivec duis, years, cannot; /* cannot: record indexes this group may not join */
    ivec members;             /* record indexes, for the name checks */
} group;

static uint32_t find(group *g, uint32_t x)
{
    while (g[x].parent != x) {
        g[x].parent = g[g[x].parent].parent;
        x = g[x].parent;
    }
    return x;
}

static bool duis_conflict(int32_t a, int32_t b)
{
    int diff = 0;
    for (int k = 0; k < 9; k++, a /= 10, b /= 10)
        diff += a % 10 != b % 10;
    return diff > 1;
}

/* The edges between two records of one source, as sorted keys i << 32 | j
 * (i < j). */
typedef struct pairset {
    uint64_t *v;
    size_t n;
} pairset;

static bool same_source_edge(const pairset *ps, uint32_t i, uint32_t j)
{
    uint64_t k = link_pair_key(i, j);
    return bsearch(&k, ps->v, ps->n, sizeof *ps->v, link_u64_cmp) != NULL;
}

/* Two records of one person the model judges, on their own, to be two
 * people beyond doubt: odds under 2^CROSS_MIN (1 in 65,000), prior
 * included (200k persons: -10 cost more recall than it gained precision,
 * -14 and -16 were best, -18 less; since second thoughts set apart what
 * fits a group badly, 1M: -14 F1 0.97371 (R 0.96511), -16 0.97381 (R
 * 0.96560), -18 0.97380, -12 0.97322; 200k alike at -14, -16, -18).  A
 * family's "José López, Mejicanos, taken 2024" fits the register's José
 * López by name and age, and that register record is, by its DUI, the
 * NGO's José López of San Juan Opico taken in 2022: the family and the
 * NGO disagree on town and arrest, so the family's man is another. */
#define CROSS_MIN (-16.0)

static bool cross_contradicts(const ldata *d, const lscore *sc, uint32_t i, uint32_t j)
{
    return sc && link_score(sc, d, i, j) < CROSS_MIN;
}

/* Two records whose given names differ (all of them, or a later one:
 * José Luis and José Roberto) and whose birth dates differ are two
 * people, however alike the rest.  Brothers share both surnames, the
 * mother, the home and often the day of arrest, and the model, which
 * takes those for independent evidence, made such a pair of a rare
 * surname certain (+16.7: José Luis and José Roberto Zelidón Urquilla,
 * born 1990 and 1995, taken together).  When only a later given name
 * differs, only dates count, not ages, which families give loosely.
 * (Given names wholly different with no birth to tell, a sister and a
 * brother of one report, are left to the model: refusing those too cost
 * 200k recall 0.9773 -> 0.9769 for precision 0.98675 -> 0.98678.) */
static bool two_people(const ldata *d, const lrec *a, const lrec *b)
{
    link_pattern p = link_compare(d, a, b);
    int given = link_level(p, LF_GIVEN);
    if (link_level(p, LF_BIRTH) != 1 || (given != 1 && given != 3))
        return false;
    /* given names wholly different: an age will do; a later one: dates */
    return given == 1 || (a->by && b->by);
}

/* Would joining groups a and b (through the edge between records ei and
 * ej) put a contradiction into one person?  The edge's own names were
 * weighed by the model, but for brothers (two_people); the name check is
 * for the other members. */
static bool conflict(const ldata *d, const lscore *sc, const pairset *direct, group *g,
                     uint32_t a, uint32_t b, uint32_t ei, uint32_t ej)
{
    if (two_people(d, &d->r[ei], &d->r[ej]))
        return true;
    for (uint32_t x = 0; x < g[a].duis.n; x++)
        for (uint32_t y = 0; y < g[b].duis.n; y++)
            if (duis_conflict(g[a].duis.v[x], g[b].duis.v[y]))
                return true;
    /* years holds birth-year spans packed as lo << 16 | hi.  Two single
     * records' own dates were weighed by the model: not checked again. */
    if (g[a].members.n > 1 || g[b].members.n > 1)
        for (uint32_t x = 0; x < g[a].years.n; x++)
            for (uint32_t y = 0; y < g[b].years.n; y++)
                if (link_years_apart(g[a].years.v[x] >> 16, g[a].years.v[x] & 0xffff,
                                     g[b].years.v[y] >> 16, g[b].years.v[y] & 0xffff))
                    return true;
    for (uint32_t x = 0; x < g[a].cannot.n; x++)
        if (find(g, (uint32_t)g[a].cannot.v[x]) == b)
            return true;
    for (uint32_t x = 0; x < g[b].cannot.n; x++)
        if (find(g, (uint32_t)g[b].cannot.v[x]) == a)
            return true;
    /* Names that clearly differ: a record with one surname must not chain
     * "José Hernández Martínez" to "José Hernández López". */
    for (uint32_t x = 0; x < g[a].members.n; x++)
        for (uint32_t y = 0; y < g[b].members.n; y++) {
            uint32_t rx = (uint32_t)g[a].members.v[x], ry = (uint32_t)g[b].members.v[y];
            if ((rx == ei && ry == ej) || (rx == ej && ry == ei))
                continue;
            if (link_names_conflict(d, &d->r[rx], &d->r[ry]))
                return true;
            if (d->r[rx].source == d->r[ry].source) {
                if (!same_source_edge(direct, rx, ry))
                    return true;
            } else if (cross_contradicts(d, sc, rx, ry)) {
                return true;
            }
        }
    return false;
}

static bool has(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] == x)
            return true;
    return false;
}

/* The rules of conflict(), asked of two persons as they stand, for an
 * explanation: the pair's own brothers' rule, two DUIs, birth years (for
 * a person of more than one record), a decision, then each pair of their
 * records: names, one list (two records of a list that no pair of theirs,
 * judged alone, joins), two people beyond doubt. */
link_kept link_kept_apart(const ldata *d, const lscore *sc, const uint32_t *ra, size_t na,
                          const uint32_t *rb, size_t nb, uint32_t ea, uint32_t eb,
                          const ldecision *dec, size_t ndec, uint32_t *x, uint32_t *y)
{
    *x = ea;
    *y = eb;
    if (two_people(d, &d->r[ea], &d->r[eb]))
        return LINK_KEPT_BROTHERS;
    for (int rule = LINK_KEPT_DUI; rule <= LINK_KEPT_YEARS; rule++)
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++) {
                const lrec *p = &d->r[ra[i]], *q = &d->r[rb[j]];
                bool hit = rule == LINK_KEPT_DUI
                               ? p->dui >= 0 && q->dui >= 0 && duis_conflict(p->dui, q->dui)
                               : (na > 1 || nb > 1) && p->blo && q->blo &&
                                     link_years_apart(p->blo, p->bhi, q->blo, q->bhi);
                if (hit) {
                    *x = ra[i];
                    *y = rb[j];
                    return (link_kept)rule;
                }
            }
    for (size_t k = 0; k < ndec; k++)
        if (!dec[k].same && ((has(ra, na, dec[k].i) && has(rb, nb, dec[k].j)) ||
                             (has(ra, na, dec[k].j) && has(rb, nb, dec[k].i)))) {
            *x = dec[k].i;
            *y = dec[k].j;
            return LINK_KEPT_DECISION;
        }
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            uint32_t p = ra[i], q = rb[j];
            if ((p == ea && q == eb) || (p == eb && q == ea))
                continue;
            *x = p;
            *y = q;
            if (link_names_conflict(d, &d->r[p], &d->r[q]))
                return LINK_KEPT_NAMES;
            if (d->r[p].source == d->r[q].source) {
                if (link_probability(link_score(sc, d, p, q)) < sc->threshold)
                    return LINK_KEPT_SAME_LIST;
            } else if (cross_contradicts(d, sc, p, q)) {
                return LINK_KEPT_BEYOND_DOUBT;
            }
        }
    *x = ea;
    *y = eb;
    return LINK_KEPT_NONE;
}

const char *link_kept_name(link_kept k)
{
    static const char *const names[] = {"none",     "brothers", "dui",          "birth_years",
                                        "decision", "names",    "same_list",    "beyond_doubt"};
    return names[k];
}

static void note_merge(lmerges *m, uint32_t i, uint32_t j, double p, link_how how)
{
    if (!m)
        return;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->v = xrealloc(m->v, m->cap * sizeof *m->v);
    }
    m->v[m->n++] = (lmerge){i, j, (float)p, (uint8_t)how, 0, 0};
}

/* Record i set apart from the group it was joined to through record j
 * (their pair at pair_p), which as a whole made it p likely its own. */
static void note_apart(lmerges *m, uint32_t i, uint32_t j, double p, double pair_p)
{
    if ((m->napart & (m->napart - 1)) == 0) /* 0, 1, 2, 4, ...: full */
        m->apart = xrealloc(m->apart, (m->napart ? m->napart * 2 : 1) * sizeof *m->apart);
    m->apart[m->napart++] = (lmerge){i, j, (float)p, LINK_BY_WHOLE, 0, (float)pair_p};
}

/* Group x as record i alone, its own representative `self`: its DUI,
 * its birth years, itself. */
static void group_init(group *x, const ldata *d, uint32_t i, uint32_t self)
{
    *x = (group){.parent = self, .size = 1};
    if (d->r[i].dui >= 0)
        ivec_add(&x->duis, d->r[i].dui);
    if (d->r[i].blo)
        ivec_add(&x->years, (int32_t)d->r[i].blo << 16 | d->r[i].bhi);
    ivec_add(&x->members, (int32_t)i);
}

static void group_free(group *x)
{
    free(x->duis.v);
    free(x->years.v);
    free(x->cannot.v);
    free(x->members.v);
}

static void merge(group *g, uint32_t a, uint32_t b)
{
    if (g[a].size < g[b].size) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    g[b].parent = a;
    g[a].size += g[b].size;
    ivec *from[4] = {&g[b].duis, &g[b].years, &g[b].cannot, &g[b].members};
    ivec *to[4] = {&g[a].duis, &g[a].years, &g[a].cannot, &g[a].members};
    for (int k = 0; k < 4; k++) {
        for (uint32_t x = 0; x < from[k]->n; x++)
            ivec_add(to[k], from[k]->v[x]);
        free(from[k]->v);
        memset(from[k], 0, sizeof *from[k]);
    }
}

static int edge_cmp(const void *x, const void *y)
{
    const ledge *a = x, *b = y;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* ---- the second look ----
 * A record no one pair joined may still be one of a person's: a family's
 * "Daniel Cruz, 24, Soyapango, arrested 04/2022" fits the register's
 * DANIEL CRUZ LOPEZ born 1998 by name and age, and the NGO's Daniel Cruz
 * López of Soyapango arrested on 18/04/2022 by name and town and date:
 * each pair alone is doubtful, the person as a whole is not.  So two
 * groups that some candidate pair joins are compared as wholes: each
 * field at the best agreement any of their records' pairs have on it,
 * once, with the largest prior of their lists; groups of another person
 * that share a list with the candidate group are its rivals, as records
 * are (link_compete), though without the chance of no counterpart that
 * link_compete credits: the best of several records' agreements is
 * reached by chance more easily than one pair's.  For the same reason only
 * small groups are so compared.  Measured on 200,000 synthetic persons:
 * 454 groups joined, 349 of them rightly; pairwise recall 0.9470 ->
 * 0.9510, precision 0.9804 -> 0.9790. */
#define LOOK_MAX_SIZE 6

typedef struct gpair {
    uint32_t a, b;   /* group representatives */
    uint32_t ei, ej; /* the pair of records that agrees best */
    double w, p;
} gpair;

static int gpair_key_cmp(const void *x, const void *y)
{
    const gpair *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int gpair_p_cmp(const void *x, const void *y)
{
    const gpair *a = x, *b = y;
    if (a->p != b->p)
        return a->p > b->p ? -1 : 1;
    return gpair_key_cmp(x, y);
}

/* The log2 odds that groups a and b are one person, judged on all their
 * records together; the best-agreeing pair into *ei, *ej.  A field's best
 * agreement picked among k different outcomes of its pairs (three towns
 * on one side, one of them the other's) is reached by chance about k
 * times as easily as one pair's: it counts log2 k bits less (never below
 * nothing); one outcome on every pair (one name throughout) counts in
 * full.  1M: joined as wholes 2,297 (1,836 rightly) -> 2,157 (1,798);
 * P 0.97968 -> 0.98010, R 0.96322 -> 0.96300, F1 0.97138 -> 0.97147.
 * Counting every pair as a chance (log2 of the pairs) cost more recall
 * than it gave precision (1M F1 0.97120).  Without `by_chance`, each
 * field's best agreement counts in full: what the records say, for
 * judging whether to part them rather than to join them. */
static double group_weight(const ldata *d, const lscore *sc, const ivec *ma, const ivec *mb,
                           uint32_t *ei, uint32_t *ej, bool by_chance)
{
    double best[LF_COUNT], prior = -1e300, top = -1e300;
    bool has[LF_COUNT] = {false};
    double seen[LF_COUNT][4];
    int tries[LF_COUNT] = {0}; /* distinct weights seen, up to 4 */
    for (uint32_t x = 0; x < ma->n; x++)
        for (uint32_t y = 0; y < mb->n; y++) {
            uint32_t i = (uint32_t)ma->v[x], j = (uint32_t)mb->v[y];
            const lrec *ri = &d->r[i], *rj = &d->r[j];
            link_pattern pat = link_compare(d, ri, rj);
            double pr = link_pair_prior(sc->m, sc->slot[i], sc->slot[j]), sum = pr;
            prior = pr > prior ? pr : prior;
            for (int f = 0; f < LF_COUNT; f++) {
                int lv = link_level(pat, (link_field)f);
                if (!lv)
                    continue;
                double w = link_field_weight(sc->m, sc->wt, d, ri, rj, (link_field)f, lv);
                sum += w;
                bool known = false;
                for (int k = 0; k < tries[f]; k++)
                    known = known || fabs(seen[f][k] - w) < 1e-9;
                if (!known && tries[f] < 4)
                    seen[f][tries[f]++] = w;
                if (!has[f] || w > best[f]) {
                    best[f] = w;
                    has[f] = true;
                }
            }
            if (sum > top) {
                top = sum;
                *ei = i;
                *ej = j;
            }
        }
    double w = prior;
    for (int f = 0; f < LF_COUNT; f++)
        if (has[f])
            w += by_chance && best[f] > 0 && tries[f] > 1 ? fmax(best[f] - log2(tries[f]), 0)
                                                          : best[f];
    return w;
}

/* The lists (slots, as bits) a group's records come from. */
static uint64_t group_lists(const lscore *sc, const group *g, uint32_t a)
{
    uint64_t m = 0;
    for (uint32_t x = 0; x < g[a].members.n; x++) {
        int s = sc->slot[g[a].members.v[x]];
        m |= s < 64 ? 1ull << s : 0;
    }
    return m;
}

/* A group's side of a pair: the pair's index, sorted by group. */
typedef struct gside {
    uint32_t group, pair;
} gside;

static int gside_cmp(const void *x, const void *y)
{
    const gside *a = x, *b = y;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->pair < b->pair ? -1 : a->pair > b->pair;
}

/* The group pairs' weights, on every processor: groups are only read. */
typedef struct look_ctx {
    const ldata *d;
    const lscore *sc;
    const group *g;
    gpair *gp;
} look_ctx;

static void look_slice(void *arg, size_t lo, size_t hi, int t)
{
    (void)t;
    const look_ctx *c = arg;
    for (size_t k = lo; k < hi; k++) {
        gpair *x = &c->gp[k];
        x->w = group_weight(c->d, c->sc, &c->g[x->a].members, &c->g[x->b].members, &x->ei,
                            &x->ej, true);
    }
}

static long second_look(const ldata *d, const lscore *sc, group *g, const pairset *direct,
                        const ledge *cand, size_t ncand, lmerges *merges)
{
    gpair *gp = xmalloc((ncand ? ncand : 1) * sizeof *gp);
    size_t n = 0;
    for (size_t k = 0; k < ncand; k++) {
        uint32_t a = find(g, cand[k].i), b = find(g, cand[k].j);
        if (a == b || g[a].size > LOOK_MAX_SIZE || g[b].size > LOOK_MAX_SIZE)
            continue;
        gp[n++] = (gpair){a < b ? a : b, a < b ? b : a, 0, 0, 0, 0};
    }
    qsort(gp, n, sizeof *gp, gpair_key_cmp);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (!u || gpair_key_cmp(&gp[u - 1], &gp[k]) != 0)
            gp[u++] = gp[k];
    n = u;
    uint64_t *lists = xmalloc((n ? n : 1) * 2 * sizeof *lists);
    look_ctx lc = {d, sc, g, gp};
    link_parallel(n, look_slice, &lc);
    for (size_t k = 0; k < n; k++) {
        lists[2 * k] = group_lists(sc, g, gp[k].a);
        lists[2 * k + 1] = group_lists(sc, g, gp[k].b);
    }
    /* Rivals of (a, b): the other pairs of a whose other group shares a
     * list with b (they cannot both be a's person), and the same for b. */
    gside *side = xmalloc((n ? n : 1) * 2 * sizeof *side);
    for (size_t k = 0; k < n; k++) {
        side[2 * k] = (gside){gp[k].a, (uint32_t)k};
        side[2 * k + 1] = (gside){gp[k].b, (uint32_t)k};
    }
    qsort(side, 2 * n, sizeof *side, gside_cmp);
    double *p = xmalloc((n ? n : 1) * sizeof *p);
    for (size_t k = 0; k < n; k++) {
        double rival = 0;
        for (int end = 0; end < 2; end++) {
            uint32_t own = end ? gp[k].b : gp[k].a;
            uint64_t want = lists[2 * k + (end ? 0 : 1)]; /* the other group's lists */
            gside probe = {own, 0};
            size_t lo = 0, hi = 2 * n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (gside_cmp(&side[mid], &probe) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t x = lo; x < 2 * n && side[x].group == own; x++) {
                uint32_t q = side[x].pair;
                if (q == k)
                    continue;
                uint64_t theirs = lists[2 * q + (gp[q].a == own ? 1 : 0)];
                if (theirs & want)
                    rival += link_odds(gp[q].w);
            }
        }
        double o = link_odds(gp[k].w);
        p[k] = o / (1 + o + rival);
    }
    for (size_t k = 0; k < n; k++)
        gp[k].p = p[k];
    free(p);
    free(side);
    free(lists);
    qsort(gp, n, sizeof *gp, gpair_p_cmp);
    long merged = 0;
    for (size_t k = 0; k < n && gp[k].p >= sc->threshold; k++) {
        uint32_t a = find(g, gp[k].a), b = find(g, gp[k].b);
        if (a != gp[k].a || b != gp[k].b)
            continue; /* one of them grew since: its comparison is stale */
        if (conflict(d, sc, direct, g, a, b, gp[k].ei, gp[k].ej))
            continue;
        merge(g, a, b);
        merged++;
        note_merge(merges, gp[k].ei, gp[k].ej, gp[k].p, LINK_BY_WHOLE);
    }
    free(gp);
    return merged;
}

/* ---- second thoughts ----
 * Merging settles a record by its best pair.  A family's "Mauricio
 * Córdova Rodríguez, 18, CECOT" joined the register's man of that name
 * born in 2003 through the court's record of him (95%), and its pair with
 * the other Mauricio Córdova Rodríguez of CECOT, born in 2004, whose age
 * it gives exactly (94%), was then refused.  So once merging is done,
 * each record that joined its group by one merge and that nothing joined
 * through is judged again against the rest of its group as a whole
 * (group_weight), and against each other group a candidate pair at least
 * MOVE_PAIR_MIN likely joins it to:
 *   - it moves to the other group it fits best, when that is MOVE_MARGIN
 *     bits more than it fits its own, at the threshold or above, and that
 *     group takes it without contradiction;
 *   - else, in a group of three or more, it is set apart, a person of its
 *     own, when the rest of its group as a whole makes it less than
 *     APART_BELOW likely one of them, and at least APART_DROP bits less
 *     likely than the pair that joined it alone: one pair joined it, and
 *     the group's other records disagree with it (three towns where its
 *     pair had one).  The whole here counts each field's best agreement in
 *     full (group_weight without by_chance: a best of several outcomes
 *     is an advantage to joining, not to parting), and the drop keeps a
 *     record whose pair was weak alone but had no rival (rivals counted,
 *     likely) and against which the rest says nothing new.
 *     A group of two is its one pair, judged already, rivals counted.
 * Every record is judged first, on every processor, on the groups as they
 * stand; then the judgements are carried out the surest first (moves by
 * how much better the other group fits, then the least likely set apart),
 * each group changed once at most, so that none is carried out on a group
 * it was not judged on.  Records a person decided on stay where the
 * decisions put them.
 * Moving, 1M records: 387 records moved (225 to their own person), P
 * 0.98016 -> 0.98069, R 0.96559 -> 0.96571, F1 0.97282 -> 0.97314; 200k:
 * P 0.98797 -> 0.98835, R 0.98279 -> 0.98286.  Pairs at the threshold
 * only: 1M F1 0.97304; every candidate pair: 0.97311, in 1.4 s instead of
 * 0.4; margins of 0.5 and 2.5 bits: F1 0.97300 and 0.97310; moving only
 * when the best group is a bit better than the second best too: 0.97308.
 * Setting apart, then: 1M 646 records (480 not of the group's first
 * record's person), P 0.98069 -> 0.98247, R 0.96571 -> 0.96511, F1
 * 0.97314 -> 0.97371; 200k P 0.98835 -> 0.98990, R 0.98286 -> 0.98261,
 * F1 0.98560 -> 0.98624.  (Done in the order of the records, not the
 * surest first: 1M F1 0.97370.  A second round on the groups as the
 * first left them: 27 more moved, 4 more set apart, F1 +0.00004, for a
 * second.)  Below 0.05: 1M F1 0.97369 (P 0.98219, R
 * 0.96534); 0.2: 0.97372 (P 0.98323, R 0.96439); groups of two too: FEBRL
 * 4 recall 0.9884 -> 0.9878.  Lists that overlap (200,000 persons at
 * synth --coverage 6, four records to a person) showed the test too
 * eager: 466 set apart, 52 rightly (a stale prison, a family's age a year
 * off, each counted against the best-of-several penalty on every other
 * field).  The whole counted in full and the drop: there 160 (20), R
 * 0.98475 -> 0.98542, F1 0.99150 -> 0.99180; 1M 766 (558) -> 654 (513),
 * P 0.98216 -> 0.98196, R 0.96578 -> 0.96602, F1 0.97390 -> 0.97393;
 * 200k F1 0.98628 -> 0.98626.  A drop of 4 bits: 1M F1 0.97389. */
#define MOVE_MARGIN 1.0
#define MOVE_PAIR_MIN 0.2
#define APART_BELOW 0.1
#define APART_DROP 2.0
#define NOT_MOVED UINT32_MAX
#define DETACHED (UINT32_MAX - 1)

/* A record that may move, and another record a candidate pair joins it
 * to (itself: none). */
typedef struct rside {
    uint32_t r, o;
} rside;

static int rside_cmp(const void *x, const void *y)
{
    const rside *a = x, *b = y;
    if (a->r != b->r)
        return a->r < b->r ? -1 : 1;
    return a->o < b->o ? -1 : a->o > b->o;
}

/* What second thoughts make of one record r of group a: move it to group
 * b (through record j), set it apart, or nothing; gain orders them. */
enum { THINK_MOVE, THINK_APART, THINK_NONE }; /* in the order they are done */
typedef struct thought {
    uint32_t r, a, b, j;
    double p, gain;
    int what;
} thought;

static int thought_cmp(const void *x, const void *y)
{
    const thought *a = x, *b = y;
    if (a->what != b->what)
        return a->what < b->what ? -1 : 1; /* moves first, then the set apart */
    if (a->gain != b->gain)
        return a->gain > b->gain ? -1 : 1;
    return a->r < b->r ? -1 : a->r > b->r;
}

typedef struct think_ctx {
    const ldata *d;
    const lscore *sc;
    const group *g;
    const uint32_t *root;  /* each record's group */
    const rside *side;
    const size_t *run;     /* run k of side: [run[k], run[k + 1]) */
    const lmerges *merges; /* with via: the merge that joined each record */
    const uint32_t *via;
    thought *out;          /* one per run */
} think_ctx;

/* Judges the records of runs [lo, hi) (the groups stand still meanwhile:
 * this runs on every processor). */
static void think_slice(void *arg, size_t lo, size_t hi, int t)
{
    (void)t;
    think_ctx *c = arg;
    ivec lone = {0}, rest = {0};
    for (size_t k = lo; k < hi; k++) {
        const rside *s = &c->side[c->run[k]], *end = &c->side[c->run[k + 1]];
        uint32_t r = s->r, a = c->root[r];
        const group *ga = &c->g[a];
        lone.n = 0;
        ivec_add(&lone, (int32_t)r);
        rest.n = 0;
        for (uint32_t x = 0; x < ga->members.n; x++)
            if ((uint32_t)ga->members.v[x] != r)
                ivec_add(&rest, ga->members.v[x]);
        uint32_t ei, ej;
        double stay = group_weight(c->d, c->sc, &lone, &rest, &ei, &ej, true);
        thought th = {r, a, 0, 0, 0, 0, THINK_NONE};
        double best = -1e300;
        uint32_t seen[8];
        int nseen = 0;
        for (; s < end; s++) {
            uint32_t b = c->root[s->o];
            bool known = b == a;
            for (int x = 0; x < nseen; x++)
                known = known || seen[x] == b;
            if (known)
                continue;
            if (nseen < 8)
                seen[nseen++] = b;
            double go = group_weight(c->d, c->sc, &lone, &c->g[b].members, &ei, &ej, true);
            if (go > best) {
                best = go;
                th.b = b;
                th.j = ej;
            }
        }
        if (best > stay + MOVE_MARGIN && link_probability(best) >= c->sc->threshold) {
            th.what = THINK_MOVE;
            th.p = link_probability(best);
            th.gain = best - stay;
        } else if (ga->size >= 3) {
            double whole = group_weight(c->d, c->sc, &lone, &rest, &ei, &ej, false);
            const lmerge *m = &c->merges->v[c->via[r]]; /* the merge that joined it */
            double pair = link_score(c->sc, c->d, m->i, m->j);
            if (link_probability(whole) < APART_BELOW && pair - whole >= APART_DROP) {
                th.what = THINK_APART;
                th.p = link_probability(whole);
                th.gain = -whole;
            }
        }
        c->out[k] = th;
    }
    free(lone.v);
    free(rest.v);
}

static void second_thoughts(const ldata *d, const lscore *sc, group *g, const pairset *direct,
                            const ledge *cand, size_t ncand, const uint8_t *deg,
                            const uint32_t *via, const bool *decided, uint32_t *moved_to,
                            lmerges *merges)
{
    size_t n = d->n;
    uint32_t *root = xmalloc((n ? n : 1) * sizeof *root);
    for (size_t i = 0; i < n; i++)
        root[i] = find(g, (uint32_t)i);
    rside *side = xmalloc((ncand * 2 + n + 1) * sizeof *side);
    size_t ns = 0;
    for (size_t r = 0; r < n; r++) /* each record that may move or be set apart */
        if (deg[r] == 1 && !decided[r] && g[root[r]].size >= 2)
            side[ns++] = (rside){(uint32_t)r, (uint32_t)r};
    for (size_t k = 0; k < ncand; k++)
        for (int end = 0; end < 2; end++) {
            uint32_t r = end ? cand[k].j : cand[k].i, o = end ? cand[k].i : cand[k].j;
            if (cand[k].p >= MOVE_PAIR_MIN && deg[r] == 1 && !decided[r] &&
                g[root[r]].size >= 2 && root[r] != root[o])
                side[ns++] = (rside){r, o};
        }
    qsort(side, ns, sizeof *side, rside_cmp);
    size_t *run = xmalloc((ns + 1) * sizeof *run), nruns = 0;
    for (size_t k = 0; k < ns; k++)
        if (k == 0 || side[k].r != side[k - 1].r)
            run[nruns++] = k;
    run[nruns] = ns;
    thought *th = xmalloc((nruns ? nruns : 1) * sizeof *th);
    think_ctx c = {d, sc, g, root, side, run, merges, via, th};
    link_parallel(nruns, think_slice, &c);
    qsort(th, nruns, sizeof *th, thought_cmp);
    /* Then done, the surest first, each group changed once at most. */
    bool *changed = xcalloc(n ? n : 1, sizeof *changed);
    group *lone = &g[n]; /* the moving record, as a group of its own */
    for (size_t k = 0; k < nruns && th[k].what != THINK_NONE; k++) {
        const thought *x = &th[k];
        if (changed[x->a] || (x->what == THINK_MOVE && changed[x->b]))
            continue;
        if (x->what == THINK_MOVE) {
            uint32_t r = x->r;
            group_init(lone, d, r, (uint32_t)n);
            bool takes = !conflict(d, sc, direct, g, (uint32_t)n, x->b, r, x->j);
            group_free(lone);
            if (!takes)
                continue;
            moved_to[r] = x->b;
            changed[x->b] = true;
        } else {
            const lmerge *m = &merges->v[via[x->r]]; /* the merge that had joined it */
            moved_to[x->r] = DETACHED;
            note_apart(merges, x->r, m->i == x->r ? m->j : m->i, x->p, m->p);
        }
        changed[x->a] = true;
    }
    /* the merges that put the moved records where they were are undone */
    size_t kept = 0;
    for (size_t x = 0; x < merges->n; x++)
        if (moved_to[merges->v[x].i] == NOT_MOVED && moved_to[merges->v[x].j] == NOT_MOVED)
            merges->v[kept++] = merges->v[x];
    merges->n = kept;
    for (size_t k = 0; k < nruns && th[k].what == THINK_MOVE; k++)
        if (moved_to[th[k].r] == th[k].b) {
            note_merge(merges, th[k].r, th[k].j, th[k].p, LINK_BY_WHOLE);
            merges->v[merges->n - 1].moved = 1;
        }
    free(changed);
    free(th);
    free(run);
    free(side);
    free(root);
}

/* Each record's person (cluster) from the groups and what second
 * thoughts did (moved_to): a moved record is in its new group, one set
 * apart alone; a group whose representative left (or a record now alone,
 * labelled n + i at first) is represented by its first record: a person
 * is the record it is represented by. */
static void settle(group *g, size_t n, const uint32_t *moved_to, uint32_t *cluster)
{
    for (size_t i = 0; i < n; i++)
        cluster[i] = moved_to[i] == DETACHED    ? (uint32_t)(n + i)
                     : moved_to[i] != NOT_MOVED ? moved_to[i]
                                                : find(g, (uint32_t)i);
    uint32_t *label = xmalloc((2 * n + 1) * sizeof *label);
    for (size_t l = 0; l < 2 * n; l++)
        label[l] = l < n && cluster[l] == l ? (uint32_t)l : NOT_MOVED;
    for (size_t i = 0; i < n; i++) {
        uint32_t l = cluster[i];
        if (label[l] == NOT_MOVED)
            label[l] = (uint32_t)i;
        cluster[i] = label[l];
    }
    free(label);
}

long link_cluster(const ldata *d, const lscore *sc, ledge *edges, size_t nedges,
                  const ledge *cand, size_t ncand, const ldecision *dec, size_t ndec,
                  uint32_t *cluster, lmerges *merges)
{
    size_t n = d->n;
    group *g = xcalloc(n + 1, sizeof *g); /* g[n]: scratch for second_thoughts */
    lmerges own = {0};
    if (!merges)
        merges = &own;
    for (size_t i = 0; i < n; i++)
        group_init(&g[i], d, (uint32_t)i, (uint32_t)i);
    for (size_t k = 0; k < ndec; k++)
        if (!dec[k].same) {
            ivec_add(&g[dec[k].i].cannot, (int32_t)dec[k].j);
            ivec_add(&g[dec[k].j].cannot, (int32_t)dec[k].i);
        }
    long refused = 0;
    /* A person's "same" wins over the model's constraints, never over a
     * person's "different". */
    for (size_t k = 0; k < ndec; k++) {
        if (!dec[k].same)
            continue;
        uint32_t a = find(g, dec[k].i), b = find(g, dec[k].j);
        if (a == b)
            continue;
        bool blocked = false;
        for (uint32_t x = 0; x < g[a].cannot.n && !blocked; x++)
            blocked = find(g, (uint32_t)g[a].cannot.v[x]) == b;
        for (uint32_t x = 0; x < g[b].cannot.n && !blocked; x++)
            blocked = find(g, (uint32_t)g[b].cannot.v[x]) == a;
        if (blocked) {
            refused++;
        } else {
            merge(g, a, b);
            note_merge(merges, dec[k].i, dec[k].j, 1, LINK_BY_DECISION);
        }
    }
    pairset direct = {xmalloc((nedges ? nedges : 1) * sizeof *direct.v), 0};
    for (size_t k = 0; k < nedges; k++)
        if (d->r[edges[k].i].source == d->r[edges[k].j].source)
            direct.v[direct.n++] = link_pair_key(edges[k].i, edges[k].j);
    qsort(direct.v, direct.n, sizeof *direct.v, link_u64_cmp);
    qsort(edges, nedges, sizeof *edges, edge_cmp);
    for (size_t k = 0; k < nedges; k++) {
        uint32_t a = find(g, edges[k].i), b = find(g, edges[k].j);
        if (a == b)
            continue;
        if (conflict(d, sc, &direct, g, a, b, edges[k].i, edges[k].j)) {
            refused++;
            continue;
        }
        merge(g, a, b);
        note_merge(merges, edges[k].i, edges[k].j, edges[k].p, LINK_BY_PAIR);
    }
    uint32_t *moved_to = xmalloc((n ? n : 1) * sizeof *moved_to);
    for (size_t i = 0; i < n; i++)
        moved_to[i] = NOT_MOVED;
    if (sc) {
        second_look(d, sc, g, &direct, cand, ncand, merges);
        uint8_t *deg = xcalloc(n ? n : 1, 1); /* how many merges each record was in */
        uint32_t *via = xmalloc((n ? n : 1) * sizeof *via); /* and the last (of one: its one) */
        bool *decided = xcalloc(n ? n : 1, sizeof *decided);
        for (size_t k = 0; k < ndec; k++)
            decided[dec[k].i] = decided[dec[k].j] = true;
        for (size_t k = 0; k < merges->n; k++) {
            uint32_t i = merges->v[k].i, j = merges->v[k].j;
            deg[i] += deg[i] < 255;
            deg[j] += deg[j] < 255;
            via[i] = via[j] = (uint32_t)k;
        }
        second_thoughts(d, sc, g, &direct, cand, ncand, deg, via, decided, moved_to, merges);
        free(via);
        free(deg);
        free(decided);
    }
    settle(g, n, moved_to, cluster);
    free(direct.v);
    free(moved_to);
    free(own.v);
    free(own.apart);
    for (size_t i = 0; i < n; i++)
        group_free(&g[i]);
    free(g);
    return refused;
}
