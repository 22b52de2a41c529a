/* Zero crossings and the zero-crossing rate. */
#ifndef FASTROSA_ZCR_H
#define FASTROSA_ZCR_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Zero crossings of each of n_rows signals of n samples (row r at x + r*ldx):
 * out[r*ldout + i] = 1 when x[i-1] and x[i] differ in sign, else 0, and
 * out[r*ldout + 0] = pad. Samples with |x| <= threshold count as zero; zero
 * is positive when zero_pos is set, otherwise a sign of its own (-1, 0, +1).
 * NaN follows librosa: its sign bit when zero_pos, else a crossing on both
 * sides. */
int fr_zero_crossings_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                          double threshold, int zero_pos, int pad,
                          unsigned char *out, ptrdiff_t ldout);
int fr_zero_crossings_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                          double threshold, int zero_pos, int pad,
                          unsigned char *out, ptrdiff_t ldout);

/* Zero-crossing rate of n_frames frames of frame_length samples each, frame t
 * starting at sample start + t*hop of a signal extended at both ends by
 * repeating its edge samples (start < 0 for centred frames). The rate is the
 * number of crossings inside the frame (plus one when pad is set) divided by
 * frame_length, written to out[r*ldout + t]. One pass over each signal, no
 * padded copy. Inputs must be finite (edge repetition never crosses zero).
 * n must be at least 1. */
int fr_zcr_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
               ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
               double threshold, int zero_pos, int pad, double *out, ptrdiff_t ldout);
int fr_zcr_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
               ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
               double threshold, int zero_pos, int pad, double *out, ptrdiff_t ldout);

#ifdef __cplusplus
}
#endif
#endif
