/* Sliding-window median filters (see fastrosa/median.h). */
#include "fastrosa/median.h"
#include "fastrosa/parallel.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

/* Columns gathered per block when filtering along the strided axis: one
 * 64-byte cache line of float32 per row read. */
#define COL_BLOCK 16

/* Widest window kept as a sorted array (see slide_sorted_body); wider
 * windows use the two heaps. Since the across-lines loops below take every
 * window up to LANES_MAX_K, these serve wider windows and blocks of fewer
 * than a quarter of the lanes. Measured before the across-lines loops, on a
 * 1025 x 1292 float32 array of uniform noise (CPU time per output, one
 * thread, along columns / rows, busy 2-core machine, so upper bounds):
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

/* The across-lines loops (lanes_run in median_impl.h) are compiled three
 * times on x86-64 with GCC or Clang: for the baseline ISA, AVX2 and
 * AVX-512F, and fr_median_filter picks one per call from what the CPU
 * supports (and the cap set by fr_median_max_isa). Elsewhere the baseline
 * build (NEON on aarch64) is the only one. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(FASTROSA_NO_MULTIVERSION)
#define FR_LANES_X86 1
#include <immintrin.h>
#else
#define FR_LANES_X86 0
#endif

/* Widest window filtered across lines (median_impl.h, lanes_run); wider
 * windows, and blocks of fewer than a quarter of the lanes, go one line at a
 * time (sorted arrays up to SORTED_MAX_K, then heaps), which also keeps
 * k > 64 on the heaps' exact arrangement of -0.0 and 0.0. Measured on a
 * 1025 x 1293 array (uniform noise; a music magnitude spectrogram within
 * 5%), CPU time per output, one thread, along columns / rows, against the
 * one-line-at-a-time sorted windows (AVX2 clone) of before, in ():
 *   float32 k = 7:  0.7 / 1.1 ns AVX-512, 0.8 / 1.0 AVX2,  2.3 / 2.7 SSE2  (14 / 12.6)
 *   float32 k = 31: 2.5 / 2.7 ns AVX-512, 2.6 / 2.8 AVX2,  8.9 / 9.6 SSE2  (12.4 / 10.4)
 *   float32 k = 63: 4.9 / 5.4 ns AVX-512, 5.0 / 5.8 AVX2, 18 / 18.5 SSE2   (17.7 / 15.4)
 *   float64 k = 31: 4.9 / 5.9 ns AVX-512 (21.8 / 18.0)
 * (the SSE2 build also stands for other compilers and CPUs). Along rows,
 * the transposes into and out of lane layout cost the difference. */
#ifndef LANES_MAX_K
#define LANES_MAX_K 64
#endif

/* Steps ahead that the across-lines loop prefetches its input and output
 * rows (far apart along columns). */
#define LANES_PREFETCH 8

static int isa_cap = 2;

int fr_median_max_isa(int cap) {
    int prev = isa_cap;
    isa_cap = cap;
    return prev;
}

/* The instruction set lanes_run uses: 0 baseline, 1 AVX2, 2 AVX-512F. */
static int fr_median_isa(void) {
    int isa = 0;
#if FR_LANES_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) isa = 2;
    else if (__builtin_cpu_supports("avx2")) isa = 1;
#endif
    return isa < isa_cap ? isa : isa_cap;
}

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
