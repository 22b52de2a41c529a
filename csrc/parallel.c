/* fr_parallel_for: see fastrosa/parallel.h. */
#include "fastrosa/parallel.h"

#include <stdlib.h>

#define FR_MAX_THREADS 64

typedef struct {
    fr_range_fn fn;
    void *ctx;
    ptrdiff_t begin, end;
    int status;
} chunk;

#ifndef _WIN32
#include <pthread.h>

static void *run_chunk(void *arg) {
    chunk *c = (chunk *)arg;
    c->status = c->fn(c->ctx, c->begin, c->end);
    return NULL;
}

int fr_parallel_for(ptrdiff_t n, int n_threads, fr_range_fn fn, void *ctx) {
    chunk chunks[FR_MAX_THREADS];
    pthread_t tids[FR_MAX_THREADS];
    int started[FR_MAX_THREADS] = {0};
    int st = FR_OK;
    if (n <= 0) return FR_OK;
    if (n_threads > FR_MAX_THREADS) n_threads = FR_MAX_THREADS;
    if (n_threads > n) n_threads = (int)n;
    if (n_threads <= 1) return fn(ctx, 0, n);
    for (int i = 0; i < n_threads; i++) {
        chunks[i].fn = fn;
        chunks[i].ctx = ctx;
        chunks[i].begin = n * i / n_threads;
        chunks[i].end = n * (i + 1) / n_threads;
        chunks[i].status = FR_OK;
    }
    for (int i = 1; i < n_threads; i++)
        started[i] = pthread_create(&tids[i], NULL, run_chunk, &chunks[i]) == 0;
    run_chunk(&chunks[0]);
    for (int i = 1; i < n_threads; i++) {
        if (started[i]) pthread_join(tids[i], NULL);
        else run_chunk(&chunks[i]); /* could not start: do it here */
    }
    for (int i = 0; i < n_threads && st == FR_OK; i++) st = chunks[i].status;
    return st;
}
#else
int fr_parallel_for(ptrdiff_t n, int n_threads, fr_range_fn fn, void *ctx) {
    (void)n_threads;
    return n > 0 ? fn(ctx, 0, n) : FR_OK;
}
#endif
