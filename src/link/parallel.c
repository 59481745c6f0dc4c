/*
 * parallel.c — a loop over [0, n) on every processor: one slice per
 * thread, in order, so that results kept per slice and joined in slice
 * order are what a serial loop would give.  Comparing and weighing tens
 * of millions of pairs is most of a link run; two cores halve it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/* Below this many items a loop stays in the calling thread. */
#define SERIAL_BELOW 1024

/* HABEAS_THREADS, when set to a number, caps the threads (an office
 * laptop kept responsive); else one per processor online. */
static int link_threads(void)
{
    const char *env = getenv("HABEAS_THREADS");
    long cpus = env && atol(env) > 0 ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > LINK_MAX_THREADS ? LINK_MAX_THREADS : (int)cpus;
}

typedef struct slice {
    link_slice_fn fn;
    void *ctx;
    size_t lo, hi;
    int t;
} slice;

static void *run_slice(void *arg)
{
    const slice *s = arg;
    s->fn(s->ctx, s->lo, s->hi, s->t);
    return NULL;
}

static int parallel(size_t n, size_t serial_below, link_slice_fn fn, void *ctx)
{
    int nt = n < serial_below ? 1 : link_threads();
    if ((size_t)nt > n)
        nt = n ? (int)n : 1;
    pthread_t tid[LINK_MAX_THREADS];
    slice sl[LINK_MAX_THREADS];
    unsigned started = 0;
    for (int t = 0; t < nt; t++)
        sl[t] = (slice){fn, ctx, n * (size_t)t / (size_t)nt, n * (size_t)(t + 1) / (size_t)nt, t};
    /* Slices 1.. on threads of their own (in this one if a thread cannot start). */
    for (int t = 1; t < nt; t++) {
        if (pthread_create(&tid[t], NULL, run_slice, &sl[t]) == 0)
            started |= 1u << t;
        else
            run_slice(&sl[t]);
    }
    run_slice(&sl[0]);
    for (int t = 1; t < nt; t++)
        if (started & (1u << t))
            pthread_join(tid[t], NULL);
    return nt;
}

int link_parallel(size_t n, link_slice_fn fn, void *ctx)
{
    return parallel(n, SERIAL_BELOW, fn, ctx);
}

int link_parallel_heavy(size_t n, link_slice_fn fn, void *ctx)
{
    return parallel(n, 2, fn, ctx);
}
