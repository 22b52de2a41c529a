/* C-level checks of the large-block cache (fastrosa/pool.h): what is kept,
 * for how long, and that reused blocks come back as asked (zeroed by
 * calloc, contents kept by realloc). */
#include "fastrosa/pool.h"
#include "check.h"

#include <stdint.h>
#include <string.h>

#define MB ((size_t)1 << 20)

static void test_reuse(void) {
    fr_pool_trim();
    CHECK(fr_pool_idle_blocks() == 0);
    /* outside a scope nothing is kept */
    void *p = fr_pool_malloc(NULL, 2 * MB);
    CHECK(p != NULL && (uintptr_t)p % 16 == 0);
    fr_pool_free(NULL, p, 2 * MB);
    CHECK(fr_pool_idle_blocks() == 0);

    fr_pool_enter();
    unsigned char *a = fr_pool_malloc(NULL, 2 * MB);
    memset(a, 0xAB, 2 * MB);
    fr_pool_free(NULL, a, 2 * MB);
    CHECK(fr_pool_idle_blocks() == 1 && fr_pool_idle_bytes() == 2 * MB);
    /* a smaller request within a quarter of the block takes it; calloc zeroes it */
    unsigned char *b = fr_pool_calloc(NULL, 1, 2 * MB - 4096);
    CHECK(b == a && fr_pool_idle_blocks() == 0);
    int zero = 1;
    for (size_t i = 0; i < 2 * MB - 4096; i++) zero &= b[i] == 0;
    CHECK(zero);
    /* a reused block keeps its capacity */
    fr_pool_free(NULL, b, 2 * MB - 4096);
    CHECK(fr_pool_idle_bytes() == 2 * MB);
    /* far smaller requests do not take it; small blocks are never kept */
    void *c = fr_pool_malloc(NULL, MB);
    CHECK(c != a && fr_pool_idle_blocks() == 1);
    void *s = fr_pool_malloc(NULL, 1000);
    fr_pool_free(NULL, s, 1000);
    CHECK(fr_pool_idle_blocks() == 1);
    /* realloc keeps the contents and may move the block */
    unsigned char *r = fr_pool_realloc(NULL, fr_pool_malloc(NULL, 100), 3 * MB);
    CHECK(r != NULL);
    for (int i = 0; i < 100; i++) r[i] = (unsigned char)i;
    r = fr_pool_realloc(NULL, r, 5 * MB);
    int kept = r != NULL;
    for (int i = 0; kept && i < 100; i++) kept &= r[i] == (unsigned char)i;
    CHECK(kept);
    fr_pool_free(NULL, r, 5 * MB);
    fr_pool_free(NULL, c, MB);
    fr_pool_free(NULL, NULL, 0);
    CHECK(fr_pool_idle_blocks() == 3 && fr_pool_idle_bytes() == 8 * MB);

    /* nested scopes: only the last to close shrinks the cache */
    fr_pool_enter();
    fr_pool_leave();
    CHECK(fr_pool_idle_blocks() == 3);
    /* at most FR_POOL_MAX idle while open */
    enum { BIG = 40 };
    void *many[BIG];
    for (int i = 0; i < BIG; i++) many[i] = fr_pool_malloc(NULL, 8 * MB);
    for (int i = 0; i < BIG; i++) fr_pool_free(NULL, many[i], 8 * MB);
    CHECK(fr_pool_idle_bytes() <= FR_POOL_MAX && fr_pool_idle_bytes() >= FR_POOL_MAX - 8 * MB);
    fr_pool_leave();
    CHECK(fr_pool_idle_bytes() <= FR_POOL_KEEP && fr_pool_idle_bytes() > 0);
    fr_pool_trim();
    CHECK(fr_pool_idle_blocks() == 0 && fr_pool_idle_bytes() == 0);
    /* sizes that overflow with the header fail cleanly */
    CHECK(fr_pool_malloc(NULL, SIZE_MAX - 8) == NULL);
    CHECK(fr_pool_calloc(NULL, SIZE_MAX / 2, 4) == NULL);
    fr_pool_leave(); /* an unmatched leave is ignored */
    fr_pool_enter();
    void *d = fr_pool_malloc(NULL, 2 * MB);
    fr_pool_free(NULL, d, 2 * MB);
    CHECK(fr_pool_idle_blocks() == 1);
    fr_pool_leave();
    fr_pool_trim();
}

int main(void) { return run_at_every_level("pool", test_reuse); }
