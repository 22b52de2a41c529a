/* Sliding-window median filters (see fastrosa/median.h). */
#include "fastrosa/median.h"
#include "fastrosa/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Columns gathered per block when filtering along the strided axis: one
 * 64-byte cache line of float32 per row read. */
#define COL_BLOCK 16

/* Widest window kept as a sorted array (see slide_sorted_body); wider
 * windows use the two heaps. Measured on a 1025 x 1292 float32 array of
 * uniform noise (CPU time per output, one thread, along columns / rows, on a
 * busy 2-core machine, so upper bounds):
 *   k = 7:  15 / 13 ns sorted, 28 / 25 ns heaps
 *   k = 31: 13 / 11 ns sorted (AVX2 clone; 22 / 19 ns SSE2 only), 38 / 36 ns heaps
 *   k = 63: 19 / 17 ns sorted (AVX2; 35 / 32 ns SSE2 only), 44 / 40 ns heaps
 * Overridable at build time (-DSORTED_MAX_K=0 forces the heaps). */
#ifndef SORTED_MAX_K
#define SORTED_MAX_K 64
#endif

/* The sorted-window loops are compiled twice where the toolchain can pick
 * a version at load time (GCC on x86-64 Linux, via ifunc): for the baseline
 * ISA and for AVX2, whose 8-wide compares halve their instruction count. The
 * baseline build is what runs elsewhere; no -march flag is involved. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(FASTROSA_NO_MULTIVERSION)
#define FR_MULTIVERSION __attribute__((target_clones("avx2", "default"), flatten))
#else
#define FR_MULTIVERSION
#endif

/* Index j of a line of length n, reflected about its half-sample edges. */
static ptrdiff_t reflect_index(ptrdiff_t j, ptrdiff_t n) {
    ptrdiff_t p = 2 * n;
    j %= p;
    if (j < 0) j += p;
    return j < n ? j : p - 1 - j;
}

#define FR_PRECISION 32
#include "median_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "median_impl.h"
