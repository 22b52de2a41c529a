/* Sliding-window median filters (see fastrosa/median.h), one copy per SIMD
 * level (see simd_level.h). */
#include "simd_level.h"
#include "fastrosa/common.h"
#include "fastrosa/parallel.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Columns gathered per block when filtering along the strided axis: one
 * 64-byte cache line of float32 per row read. */
#define COL_BLOCK 16

/* Widest window kept as a sorted array (see slide_sorted_body); wider
 * windows use the two heaps. Since the across-lines loops below take every
 * window up to LANES_MAX_K, these serve wider windows and blocks of fewer
 * than a quarter of the lanes (benchmarks/README.md has the measurements).
 * Overridable at build time (-DSORTED_MAX_K=0 forces the heaps). */
#ifndef SORTED_MAX_K
#define SORTED_MAX_K 64
#endif

/* Widest window filtered across lines (median_impl.h, lanes_run); wider
 * windows, and blocks of fewer than a quarter of the lanes, go one line at a
 * time (sorted arrays up to SORTED_MAX_K, then heaps), which also keeps
 * k > 64 on the heaps' exact arrangement of -0.0 and 0.0. */
#ifndef LANES_MAX_K
#define LANES_MAX_K 64
#endif

/* Steps ahead that the across-lines loop prefetches its input and output
 * rows (far apart along columns). */
#define LANES_PREFETCH 8

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
