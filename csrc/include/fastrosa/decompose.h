/* Soft masks and harmonic/percussive separation products (librosa.util.softmask
 * and the last step of librosa.decompose.hpss). */
#ifndef FASTROSA_DECOMPOSE_H
#define FASTROSA_DECOMPOSE_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* librosa's soft mask of n elements: with Z = max(X, X_ref),
 * out = (X/Z)^p / ((X/Z)^p + (X_ref/Z)^p), and where Z is below the dtype's
 * smallest normal number, 0.5 if split_zeros else 0. power must be finite
 * and > 0 (the hard mask X > X_ref is left to the caller). */
int fr_softmask_f32(const float *x, const float *x_ref, ptrdiff_t n, double power,
                    int split_zeros, float *out, int n_threads);
int fr_softmask_f64(const double *x, const double *x_ref, ptrdiff_t n, double power,
                    int split_zeros, double *out, int n_threads);

/* The HPSS masks from the two median-filtered magnitudes harm and perc (n
 * elements each): M_h = softmask(harm, perc * margin_h), M_p =
 * softmask(perc, harm * margin_p), or the hard masks harm > perc * margin_h,
 * perc > harm * margin_p when power is infinite. One pass writes
 *   - mag == NULL: the masks, to out_h / out_p;
 *   - mag != NULL, D == NULL: mag * M_h and mag * M_p, to out_h / out_p;
 *   - D != NULL (complex spectrogram, mag = |D|): (mag * M) * phase with
 *     phase = D / mag (1 where mag is 0), to cout_h / cout_p.
 * Outputs are caller-allocated and must not overlap the inputs. */
int fr_hpss_masks_f32(const float *harm, const float *perc, ptrdiff_t n, double margin_h,
                      double margin_p, double power, int split_zeros, const float *mag,
                      const fr_cfloat *D, float *out_h, float *out_p, fr_cfloat *cout_h,
                      fr_cfloat *cout_p, int n_threads);
int fr_hpss_masks_f64(const double *harm, const double *perc, ptrdiff_t n, double margin_h,
                      double margin_p, double power, int split_zeros, const double *mag,
                      const fr_cdouble *D, double *out_h, double *out_p, fr_cdouble *cout_h,
                      fr_cdouble *cout_p, int n_threads);

#ifdef __cplusplus
}
#endif
#endif
