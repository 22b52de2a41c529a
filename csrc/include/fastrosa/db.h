/* Decibel conversion. */
#ifndef FASTROSA_DB_H
#define FASTROSA_DB_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* librosa.power_to_db of n values: out[i] = 10*log10(max(amin, x[i])) - ref_db,
 * then, when top_db >= 0, clipped below at max(out) - top_db (librosa's
 * global clip; a NaN anywhere makes every output NaN, as NumPy's max and
 * maximum do). NaN inputs stay NaN, +inf stays +inf. amin must be > 0.
 * The logarithm is a vectorisable polynomial (a few ulp of log10), chosen per
 * CPU at run time (simd.h); amin below the smallest normal number falls back
 * to libm. x and out may be the same array. */
int fr_power_to_db_f32(const float *x, ptrdiff_t n, double amin, double ref_db, double top_db,
                       float *out);
int fr_power_to_db_f64(const double *x, ptrdiff_t n, double amin, double ref_db, double top_db,
                       double *out);

#ifdef __cplusplus
}
#endif
#endif
