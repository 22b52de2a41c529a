/* A cache of large memory blocks for NumPy's arrays (installed as a NumPy
 * memory handler by fastrosa._ext._runtime).
 *
 * A feature pipeline that runs file after file (fastrosa.extract) allocates
 * the same large arrays for every file: spectrograms of several MB, freed a
 * few milliseconds later. The system allocator hands such blocks back to the
 * kernel on free and every new one costs a page fault per page, zeroed by
 * the kernel. While at least one scope is open (fr_pool_enter .. leave),
 * freed blocks of at least FR_POOL_MIN bytes are kept, up to FR_POOL_MAX
 * bytes in all, and handed out again for requests of up to their size.
 * When the last scope closes, idle blocks beyond FR_POOL_KEEP bytes are
 * freed, so the next scope (the next file's row) starts warm while the
 * memory a process keeps between calls stays bounded; fr_pool_trim frees
 * the rest. Thread-safe: blocks may be allocated in one thread and freed in
 * another.
 *
 * The four allocation functions have the signatures of NumPy's
 * PyDataMemAllocator (ctx is unused). Every block carries a header with its
 * capacity, so it must be freed (or resized) by these functions. */
#ifndef FASTROSA_POOL_H
#define FASTROSA_POOL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FR_POOL_MIN ((size_t)1 << 20)   /* 1 MiB: smaller blocks are not kept */
#define FR_POOL_MAX ((size_t)256 << 20) /* idle bytes kept at most in a scope */
#define FR_POOL_KEEP ((size_t)64 << 20) /* ... and once no scope is open */

void *fr_pool_malloc(void *ctx, size_t size);
void *fr_pool_calloc(void *ctx, size_t nelem, size_t elsize);
void *fr_pool_realloc(void *ctx, void *ptr, size_t size);
void fr_pool_free(void *ctx, void *ptr, size_t size);

/* Open / close a scope in which freed large blocks are kept. */
void fr_pool_enter(void);
void fr_pool_leave(void);

/* Free every idle block. */
void fr_pool_trim(void);

/* Blocks and bytes kept now (for tests). */
size_t fr_pool_idle_blocks(void);
size_t fr_pool_idle_bytes(void);

#ifdef __cplusplus
}
#endif
#endif
