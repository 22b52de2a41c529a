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
 * windows use the two heaps. Measured on a 1025 x 1292 float32 array (CPU
 * time per output, one thread): k = 31: 23-27 ns sorted, 36-38 ns heaps;
 * k = 63: 32-36 ns sorted, 40-44 ns heaps. Overridable at build time
 * (-DSORTED_MAX_K=0 forces the heaps) to compare the two. */
#ifndef SORTED_MAX_K
#define SORTED_MAX_K 64
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
