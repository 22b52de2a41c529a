/* One source, two precisions. A kernel file defines its body in a
 * "*_impl.h" that uses T (real type), CT (complex type), FR_FN(name) (the
 * exported name with its _f32/_f64 suffix) and FR_SINGLE, then includes it
 * once per precision:
 *
 *     #define FR_PRECISION 32
 *     #include "stft_impl.h"
 *     #define FR_PRECISION 64
 *     #include "stft_impl.h"
 *
 * In a source compiled once per SIMD level (csrc/NAME.simd.c, see simd.h),
 * FR_SIMD_SFX is the level's suffix and FR_FN appends it too
 * (fr_project_f32_avx2); FR_PFN(name) is the name with the precision only,
 * as the dispatch table (simd_table.h) spells its fields.
 */
#ifndef FASTROSA_TEMPLATE_H
#define FASTROSA_TEMPLATE_H
#define FR_CAT_(a, b) a##b
#define FR_CAT(a, b) FR_CAT_(a, b)
#endif

#undef T
#undef CT
#undef FR_FN
#undef FR_PFN
#undef FR_SINGLE
#if FR_PRECISION == 32
#define T float
#define CT fr_cfloat
#define FR_PFN(name) FR_CAT(name, _f32)
#define FR_SINGLE 1
#elif FR_PRECISION == 64
#define T double
#define CT fr_cdouble
#define FR_PFN(name) FR_CAT(name, _f64)
#define FR_SINGLE 0
#else
#error "FR_PRECISION must be 32 or 64"
#endif
#ifdef FR_SIMD_SFX
#define FR_FN(name) FR_CAT(FR_PFN(name), FR_SIMD_SFX)
#else
#define FR_FN(name) FR_PFN(name)
#endif
