/* What np.isfinite(x).all() and np.any(x < 0) tell of an array, in one pass. */
#ifndef FASTROSA_FINITE_H
#define FASTROSA_FINITE_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    FR_SCAN_NONFINITE = 1, /* an infinity or a NaN among the values */
    FR_SCAN_NEGATIVE = 2   /* a value below zero (-inf counts; -0.0 and NaN do not) */
};

/* The FR_SCAN_* flags of the n values at x. */
int fr_scan_f32(const float *x, ptrdiff_t n);
int fr_scan_f64(const double *x, ptrdiff_t n);

#ifdef __cplusplus
}
#endif

#endif
