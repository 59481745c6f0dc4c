/*
 * model.c — the Fellegi–Sunter model: how much each level of each field
 * says about "same person".
 *
 *   u (P(level | different people)) is measured on random pairs of
 *   records, which are almost all different people;
 *   m (P(level | same person)) and lambda (the share of candidate pairs
 *   that are the same person) are estimated by expectation–maximisation
 *   over the candidate pairs' comparison vectors, with u held fixed — the
 *   approach of Splink and fastLink.  EM runs on the distinct vectors
 *   with their counts, so it costs nothing next to comparison.
 *
 * A field at level 0 (missing) weighs nothing.  An exact agreement on a
 * name is worth more when the name is rare: its u is replaced by the
 * share of that value among all names (term-frequency adjustment), so
 * "Quintanilla" agreeing counts more than "Hernández".
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "util/rng.h"

#define FLOOR 1e-6

void link_model_u(const ldata *d, link_model *m, uint64_t seed, long samples)
{
    double count[LF_COUNT][LINK_MAX_LEVELS];
    memset(count, 0, sizeof count);
    rng r;
    rng_seed(&r, seed);
    long done = 0;
    if (d->n >= 2)
        for (long s = 0; s < samples; s++) {
            uint64_t i = rng_below(&r, d->n), j = rng_below(&r, d->n);
            if (i == j)
                continue;
            link_pattern p = link_compare(d, &d->r[i], &d->r[j]);
            for (int f = 0; f < LF_COUNT; f++)
                count[f][link_level(p, (link_field)f)] += 1.0;
            done++;
        }
    m->random_pairs = done;
    for (int f = 0; f < LF_COUNT; f++) {
        int levels = link_field_levels((link_field)f);
        double total = 0;
        for (int l = 1; l < levels; l++)
            total += count[f][l];
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            m->u[f][l] = 0;
        for (int l = 1; l < levels; l++)
            m->u[f][l] = (count[f][l] + 0.5) / (total + 0.5 * (levels - 1));
    }
}

static double pattern_ratio(const link_model *m, link_pattern p)
{
    double lr = 1.0;
    for (int f = 0; f < LF_COUNT; f++) {
        int l = link_level(p, (link_field)f);
        if (l)
            lr *= m->m[f][l] / m->u[f][l];
    }
    return lr;
}

void link_model_em(link_model *m, const lpairs *p)
{
    /* Start: agreement likely among matches, the top level most. */
    for (int f = 0; f < LF_COUNT; f++) {
        int levels = link_field_levels((link_field)f);
        for (int l = 0; l < LINK_MAX_LEVELS; l++)
            m->m[f][l] = 0;
        double rest = 0.15;
        m->m[f][levels - 1] = 0.85;
        for (int l = levels - 2; l >= 1; l--) {
            m->m[f][l] = l == 1 ? rest : rest * 0.6;
            rest -= m->m[f][l];
        }
    }
    m->lambda = 0.3;
    m->em_iterations = 0;
    if (p->npats == 0)
        return;
    double num[LF_COUNT][LINK_MAX_LEVELS];
    for (int it = 0; it < 200; it++) {
        memset(num, 0, sizeof num);
        double matches = 0, total = 0;
        for (size_t k = 0; k < p->npats; k++) {
            double lr = pattern_ratio(m, p->pats[k]);
            double post = m->lambda * lr / (m->lambda * lr + (1 - m->lambda));
            double w = p->pat_count[k] * post;
            matches += w;
            total += p->pat_count[k];
            for (int f = 0; f < LF_COUNT; f++)
                num[f][link_level(p->pats[k], (link_field)f)] += w;
        }
        double change = fabs(matches / total - m->lambda);
        m->lambda = matches / total;
        if (m->lambda < FLOOR)
            m->lambda = FLOOR;
        if (m->lambda > 1 - FLOOR)
            m->lambda = 1 - FLOOR;
        for (int f = 0; f < LF_COUNT; f++) {
            int levels = link_field_levels((link_field)f);
            double den = 0;
            for (int l = 1; l < levels; l++)
                den += num[f][l];
            if (den <= 0)
                continue; /* the field never had values: keep the start */
            for (int l = 1; l < levels; l++) {
                double v = num[f][l] / den;
                if (v < FLOOR)
                    v = FLOOR;
                change = fmax(change, fabs(v - m->m[f][l]));
                m->m[f][l] = v;
            }
        }
        m->em_iterations = it + 1;
        if (change < 1e-7)
            break;
    }
}

/* The value whose frequency adjusts an exact agreement, or 0. */
static uint32_t tf_value(const lrec *a, const lrec *b, link_field f, int level)
{
    switch (f) {
    case LF_GIVEN:
        return (level >= 3 && a->g1h && a->g1h == b->g1h) ? a->g1h ^ LINK_GIVEN_SALT : 0;
    case LF_SURNAME1: return level == 4 ? a->s1h : 0;
    case LF_SURNAME2: return level == 4 ? a->s2h : 0;
    default: return 0;
    }
}

double link_field_weight(const link_model *m, const ldata *d, const lrec *a, const lrec *b,
                         link_field f, int level)
{
    if (level == 0)
        return 0;
    double u = m->u[f][level];
    uint32_t v = tf_value(a, b, f, level);
    if (v) {
        double tf = link_tf(d, v);
        if (tf > 0)
            u = tf < FLOOR ? FLOOR : tf;
    }
    return log2(m->m[f][level] / u);
}

double link_pair_weight(const link_model *m, const ldata *d, const lrec *a, const lrec *b,
                        link_pattern pat)
{
    double w = 0;
    for (int f = 0; f < LF_COUNT; f++)
        w += link_field_weight(m, d, a, b, (link_field)f, link_level(pat, (link_field)f));
    return w;
}

double link_prior_weight(const link_model *m)
{
    return log2(m->lambda / (1 - m->lambda));
}

double link_probability(double weight)
{
    if (weight > 60)
        return 1.0;
    if (weight < -60)
        return 0.0;
    double x = exp2(weight);
    return x / (1 + x);
}
