/* First include of every csrc/NAME.simd.c: the level this copy is compiled
 * for. CMake compiles each such source once per level with -DFR_SIMD_LEVEL
 * and the level's flags; this sets FR_SIMD_SFX, the suffix of every
 * function the copy defines (template.h), and FR_VBYTES, the width of the
 * level's native vector registers, which the kernels write their register
 * blocks in. */
#ifndef FASTROSA_SIMD_LEVEL_H
#define FASTROSA_SIMD_LEVEL_H

#include "fastrosa/simd.h"

#ifndef FR_SIMD_LEVEL
#error "a NAME.simd.c source is compiled with -DFR_SIMD_LEVEL=0, 1 or 2 (see CMakeLists.txt)"
#endif

#if FR_SIMD_LEVEL == 0 /* FR_SIMD_BASELINE */
#define FR_SIMD_SFX _baseline
#define FR_VBYTES 16 /* SSE2 on x86-64, NEON on aarch64 */
#elif FR_SIMD_LEVEL == 1 /* FR_SIMD_AVX2 */
#if !defined(__AVX2__) || (defined(__GNUC__) && !defined(__FMA__))
#error "the AVX2 level is compiled with -mavx2 -mfma"
#endif
#define FR_SIMD_SFX _avx2
#define FR_VBYTES 32
#elif FR_SIMD_LEVEL == 2 /* FR_SIMD_AVX512 */
#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512DQ__) || \
    !defined(__AVX512VL__)
#error "the AVX-512 level is compiled with -mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl"
#endif
#define FR_SIMD_SFX _avx512
#define FR_VBYTES 64
#else
#error "unknown FR_SIMD_LEVEL"
#endif

/* name with this level's suffix, for a name that already carries its
 * precision (a float32 helper called from the float64 body) */
#define FR_LV_(a, b) a##b
#define FR_LV_X(a, b) FR_LV_(a, b)
#define FR_LV(name) FR_LV_X(name, FR_SIMD_SFX)

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif

/* GCC's and Clang's vector extensions are available (MSVC has none). */
#if defined(__GNUC__)
#define FR_HAVE_VECTOR_EXT 1
#else
#define FR_HAVE_VECTOR_EXT 0
#endif

#endif
