/* One source, two precisions. A kernel file defines its body in a
 * "*_impl.h" that uses T (real type), CT (complex type), FR_FN(name) (the
 * exported name with its _f32/_f64 suffix) and FR_SINGLE, then includes it
 * once per precision:
 *
 *     #define FR_PRECISION 32
 *     #include "stft_impl.h"
 *     #define FR_PRECISION 64
 *     #include "stft_impl.h"
 */
#ifndef FASTROSA_TEMPLATE_H
#define FASTROSA_TEMPLATE_H
#define FR_CAT_(a, b) a##b
#define FR_CAT(a, b) FR_CAT_(a, b)
#endif

#undef T
#undef CT
#undef FR_FN
#undef FR_SINGLE
#if FR_PRECISION == 32
#define T float
#define CT fr_cfloat
#define FR_FN(name) FR_CAT(name, _f32)
#define FR_SINGLE 1
#elif FR_PRECISION == 64
#define T double
#define CT fr_cdouble
#define FR_FN(name) FR_CAT(name, _f64)
#define FR_SINGLE 0
#else
#error "FR_PRECISION must be 32 or 64"
#endif
