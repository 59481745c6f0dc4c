/*
 * rng — a small deterministic random generator (xoshiro256**, seeded
 * through splitmix64).  habeas uses it wherever a fixed seed must give
 * the same result on every machine: synthetic data, sampling random
 * pairs.  Not for secrets: tokens and keys come from libsodium.
 */
#ifndef HABEAS_RNG_H
#define HABEAS_RNG_H

#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
/* Uniform integer in [0, n); n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* Uniform double in [0, 1). */
double rng_unit(rng *r);
/* True with probability p. */
int rng_chance(rng *r, double p);
/* Standard normal deviate (Box–Muller). */
double rng_normal(rng *r);

#endif
