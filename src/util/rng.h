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

/* The next 64 random bits.  Inline: samplers call it millions of times. */
static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform double in [0, 1). */
static inline double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n); n > 0. */
uint64_t rng_below(rng *r, uint64_t n);
/* True with probability p. */
int rng_chance(rng *r, double p);
/* Standard normal deviate (Box–Muller). */
double rng_normal(rng *r);

#endif
