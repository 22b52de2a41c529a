/* SIMD levels: which instruction set the vectorised kernels run with.
 *
 * Every vectorised kernel lives in a csrc/NAME.simd.c source that CMake
 * compiles once per level with that level's flags (x86-64: baseline SSE2,
 * AVX2 + FMA, AVX-512 F/CD/BW/DQ/VL; aarch64 and others: the baseline only,
 * NEON on aarch64), each copy with the level's suffix. One table of
 * function pointers per level (csrc/simd_table.h) holds them; the kernels
 * library calls through the active table, which fr_simd_select sets. No
 * ifunc and no per-function attributes: the same mechanism on every OS.
 * Every level computes the same bits (the kernels are built with
 * -ffp-contract=off and keep each sum's order). */
#ifndef FASTROSA_SIMD_H
#define FASTROSA_SIMD_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
    FR_SIMD_BASELINE = 0,
    FR_SIMD_AVX2 = 1,
    FR_SIMD_AVX512 = 2,
    FR_SIMD_N_LEVELS = 3
};

/* The best level that this build has, this CPU supports and its OS enables
 * (register state saved on context switches). */
int fr_simd_best(void);

/* Makes min(cap, fr_simd_best()) the active level (cap < 0: the baseline)
 * and returns it. Applies to kernel calls that start afterwards; meant for
 * start-up and for tests, not for use while other threads run kernels. */
int fr_simd_select(int cap);

/* The active level. */
int fr_simd_level(void);

/* "baseline", "avx2" or "avx512"; NULL for a number that is no level. */
const char *fr_simd_name(int level);

#ifdef __cplusplus
}
#endif
#endif
