/* Whether every value of an array is finite (np.isfinite(x).all()). */
#ifndef FASTROSA_FINITE_H
#define FASTROSA_FINITE_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 when none of the n values at x is an infinity or NaN, else 0; from the
 * exponent bits, in blocks that stop at the first block holding one. */
int fr_all_finite_f32(const float *x, ptrdiff_t n);
int fr_all_finite_f64(const double *x, ptrdiff_t n);

#ifdef __cplusplus
}
#endif

#endif
