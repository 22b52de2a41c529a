/* Spectral shape features over stored frames: spectral contrast's band
 * valleys and peaks, and the root-mean-square energy of signal frames. */
#ifndef FASTROSA_SHAPE_H
#define FASTROSA_SHAPE_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Valley and peak of each band of each frame of a spectrogram (librosa's
 * spectral_contrast before the dB step).
 *   S:    bin k of frame t of row r at S[r*lds + k*n_frames + t].
 *   Band b holds the bins idx[start[b] .. start[b+1]) (m of them); its valley
 *   is the mean of its q[b] smallest values and its peak the mean of its q[b]
 *   largest (q[b] is clipped to m; an empty band gives NaN). The means are
 *   rounded to the spectrum's type, as librosa's are.
 *   valley, peak: band b of frame t of row r at [r*ldout + b*n_frames + t].
 * frame_major: S[r*lds + t*n_freq + k] holds bin k of frame t instead (the
 * layout of a transposed stft), read in place.
 * Selection is by partial partitioning, not a full sort. */
int fr_contrast_f32(const float *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                    ptrdiff_t n_frames, int frame_major, ptrdiff_t n_bands, const ptrdiff_t *start,
                    const ptrdiff_t *idx, const ptrdiff_t *q, double *valley, double *peak,
                    ptrdiff_t ldout, int n_threads);
int fr_contrast_f64(const double *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                    ptrdiff_t n_frames, int frame_major, ptrdiff_t n_bands, const ptrdiff_t *start,
                    const ptrdiff_t *idx, const ptrdiff_t *q, double *valley, double *peak,
                    ptrdiff_t ldout, int n_threads);

/* Root-mean-square of n_frames frames of frame_length samples, frame t of
 * row r covering x[r*ldx + start + t*hop ...] with samples outside [0, n)
 * taken as zero (start < 0 for centred, zero-padded frames): sqrt(mean(x^2))
 * in double, to out[r*ldout + t]. When hop divides frame_length, each hop's
 * sum of squares is computed once and shared by the frames that hold it. */
int fr_rms_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
               ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
               double *out, ptrdiff_t ldout);
int fr_rms_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
               ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
               double *out, ptrdiff_t ldout);

#ifdef __cplusplus
}
#endif
#endif
