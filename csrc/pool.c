/* The large-block cache (see fastrosa/pool.h). The idle blocks are a short
 * array searched in full (a few dozen entries at most: FR_POOL_MAX /
 * FR_POOL_MIN bounds it, and real pipelines keep far fewer), oldest first;
 * a request takes the smallest idle block that holds it without wasting
 * more than a quarter of it. */
#include "fastrosa/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lock_impl.h"

/* The header before each block's data: its capacity in bytes. 64 bytes keep
 * the data at malloc's alignment (and a cache line away from the header). */
#define HEADER 64
#define SLOTS 64

typedef struct {
    unsigned char *base;
    size_t cap;
} idle_block;

static fr_lock pool_lock = FR_LOCK_INIT;
static idle_block idle[SLOTS];
static size_t n_idle, idle_bytes;
static long scopes;

#ifndef _WIN32
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void lock_for_fork(void) { fr_lock_take(&pool_lock); }
static void unlock_after_fork(void) { fr_lock_give(&pool_lock); }
static void register_atfork(void) {
    pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
}
#endif

static void take(void) {
#ifndef _WIN32
    pthread_once(&atfork_once, register_atfork);
#endif
    fr_lock_take(&pool_lock);
}

static void give(void) { fr_lock_give(&pool_lock); }

static void *data_of(unsigned char *base, size_t cap) {
    memcpy(base, &cap, sizeof(cap));
    return base + HEADER;
}

static unsigned char *base_of(void *ptr) { return (unsigned char *)ptr - HEADER; }

static size_t cap_of(void *ptr) {
    size_t cap;
    memcpy(&cap, base_of(ptr), sizeof(cap));
    return cap;
}

/* An idle block for size bytes, removed from the cache, or NULL. */
static unsigned char *reuse(size_t size) {
    unsigned char *base = NULL;
    if (size < FR_POOL_MIN) return NULL;
    take();
    size_t best = SIZE_MAX;
    size_t at = 0;
    for (size_t i = 0; i < n_idle; i++) {
        const size_t cap = idle[i].cap;
        if (cap >= size && cap - size <= cap / 4 && cap < best) {
            best = cap;
            at = i;
        }
    }
    if (best != SIZE_MAX) {
        base = idle[at].base;
        idle_bytes -= idle[at].cap;
        memmove(idle + at, idle + at + 1, (n_idle - at - 1) * sizeof(*idle)); /* oldest first */
        n_idle--;
    }
    give();
    return base;
}

void *fr_pool_malloc(void *ctx, size_t size) {
    (void)ctx;
    unsigned char *base = reuse(size);
    if (base) return base + HEADER; /* keeps its capacity */
    if (size > SIZE_MAX - HEADER) return NULL;
    base = (unsigned char *)malloc(size + HEADER);
    return base ? data_of(base, size) : NULL;
}

void *fr_pool_calloc(void *ctx, size_t nelem, size_t elsize) {
    (void)ctx;
    if (elsize != 0 && nelem > SIZE_MAX / elsize) return NULL;
    const size_t size = nelem * elsize;
    unsigned char *base = reuse(size);
    if (base) {
        memset(base + HEADER, 0, size);
        return base + HEADER;
    }
    if (size > SIZE_MAX - HEADER) return NULL;
    base = (unsigned char *)calloc(1, size + HEADER);
    return base ? data_of(base, size) : NULL;
}

void *fr_pool_realloc(void *ctx, void *ptr, size_t size) {
    (void)ctx;
    if (!ptr) return fr_pool_malloc(NULL, size);
    if (size > SIZE_MAX - HEADER) return NULL;
    unsigned char *base = (unsigned char *)realloc(base_of(ptr), size + HEADER);
    return base ? data_of(base, size) : NULL;
}

/* size (NumPy's record of the request) is not trusted: the header says
 * what the block holds. */
void fr_pool_free(void *ctx, void *ptr, size_t size) {
    (void)ctx;
    (void)size;
    if (!ptr) return;
    unsigned char *base = base_of(ptr);
    const size_t cap = cap_of(ptr);
    if (cap >= FR_POOL_MIN) {
        take();
        const int keep = scopes > 0 && n_idle < SLOTS && cap <= FR_POOL_MAX - idle_bytes;
        if (keep) {
            idle[n_idle].base = base;
            idle[n_idle].cap = cap;
            n_idle++;
            idle_bytes += cap;
        }
        give();
        if (keep) return;
    }
    free(base);
}

void fr_pool_enter(void) {
    take();
    scopes++;
    give();
}

/* Drop idle blocks, oldest first, until at most keep bytes are idle; the
 * memory is freed outside the lock. */
static void shrink_to(size_t keep, int closing) {
    idle_block drop[SLOTS];
    size_t n = 0;
    take();
    if (closing && scopes > 0) scopes--;
    if (!closing || scopes == 0) {
        size_t first = 0;
        while (first < n_idle && idle_bytes > keep) idle_bytes -= idle[first++].cap;
        n = first;
        memcpy(drop, idle, n * sizeof(*drop));
        memmove(idle, idle + n, (n_idle - n) * sizeof(*idle));
        n_idle -= n;
    }
    give();
    for (size_t i = 0; i < n; i++) free(drop[i].base);
}

void fr_pool_leave(void) { shrink_to(FR_POOL_KEEP, 1); }

void fr_pool_trim(void) { shrink_to(0, 0); }

size_t fr_pool_idle_blocks(void) {
    take();
    const size_t n = n_idle;
    give();
    return n;
}

size_t fr_pool_idle_bytes(void) {
    take();
    const size_t n = idle_bytes;
    give();
    return n;
}
