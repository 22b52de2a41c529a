/* First-order IIR filters (librosa.effects.preemphasis / deemphasis, the
 * smoothing of librosa.pcen) and per-channel energy normalisation. */
#ifndef FASTROSA_FILTER_H
#define FASTROSA_FILTER_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* scipy.signal.lfilter with b = (b0, b1), a = (1, a1) along each of n_rows
 * rows of n samples (row r at x + r*ldx, output at y + r*ldy), in the
 * precision of the data and in scipy's order of operations (transposed
 * direct form II): y[i] = z + b0*x[i]; z = x[i]*b1 - y[i]*a1. The state
 * starts at zi[r] and ends in zf[r] (zf may be NULL). With a1 == 0 the
 * filter is scipy's FIR path instead, a convolution: y[i] = b0*x[i] +
 * b1*x[i-1] (plus zi[r] at i = 0), zf[r] = b1*x[n-1]. y must not overlap x. */
int fr_lfilter1_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n, double b0,
                    double b1, double a1, const float *zi, float *y, ptrdiff_t ldy, float *zf);
int fr_lfilter1_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n, double b0,
                    double b1, double a1, const double *zi, double *y, ptrdiff_t ldy, double *zf);

/* y[r, i] -= c[r] * coef**i for each of n_rows rows of n samples, the
 * subtraction in double, coef**i from libm's pow (librosa.effects.deemphasis
 * folding its default initial state into a zero-state filter). */
int fr_sub_powers_f32(float *y, ptrdiff_t n_rows, ptrdiff_t ldy, ptrdiff_t n, const double *c,
                      double coef);
int fr_sub_powers_f64(double *y, ptrdiff_t n_rows, ptrdiff_t ldy, ptrdiff_t n, const double *c,
                      double coef);

/* The variant of librosa.pcen's last step (dynamic range compression). */
enum fr_pcen_mode {
    FR_PCEN_LOG1P = 0, /* power == 0: log1p(S * smooth) */
    FR_PCEN_POW = 1,   /* bias == 0: exp(power * (log(S) + log(smooth))) */
    FR_PCEN_BIAS = 2,  /* bias**power * expm1(power * log1p(S * smooth / bias)) */
    FR_PCEN_SQRT = 3   /* the same for power == 0.5, as bias**0.5 * (sqrt(1 + v) - 1) */
};

/* librosa.pcen along each of n_rows rows of n frames (S and ref rows at
 * S + r*lds, ref + r*ldref; output rows at out + r*ldout; with frame_major,
 * frames at S + t*lds, ref + t*ldref, out + t*ldout instead, a frame's rows
 * adjacent), in double:
 * M = lfilter([b], [1, b - 1], ref, zi) with the state from zi[r] into
 * zf[r] (scipy's operations, as fr_lfilter1), smooth =
 * exp(-gain * (log(eps) + log1p(M / eps))) (computed as
 * exp(-gain * log(eps + M))), then the compression of `mode` with
 * bias_pow = bias**power. exp, log, log1p and expm1 are vectorisable
 * polynomials (within a few ulp of libm's); the SIMD level is chosen at run
 * time (simd.h) and every level gives the same bits. */
int fr_pcen_f32(const float *S, const float *ref, ptrdiff_t n_rows, ptrdiff_t lds,
                ptrdiff_t ldref, ptrdiff_t n, const double *zi, double b, double gain, double eps,
                double power, double bias, double bias_pow, int mode, double *out,
                ptrdiff_t ldout, double *zf, int frame_major);
int fr_pcen_f64(const double *S, const double *ref, ptrdiff_t n_rows, ptrdiff_t lds,
                ptrdiff_t ldref, ptrdiff_t n, const double *zi, double b, double gain, double eps,
                double power, double bias, double bias_pow, int mode, double *out,
                ptrdiff_t ldout, double *zf, int frame_major);

#ifdef __cplusplus
}
#endif
#endif
