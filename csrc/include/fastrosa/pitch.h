/* Pitch tracking by parabolic interpolation (librosa.piptrack) and the
 * projections of a stored spectrogram onto a filterbank: dense (chroma) and
 * banded (mel). */
#ifndef FASTROSA_PITCH_H
#define FASTROSA_PITCH_H

#include "fastrosa/common.h"
#include "fastrosa/spectrum.h" /* fr_bands_f32/f64 */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Peaks of n_rows magnitude spectrograms, librosa.piptrack's rule, in one
 * pass per spectrogram.
 *   S:       row r, bin k, frame t at S[r*lds + k*ld_bin + t*ld_frame],
 *            n_freq >= 2 bins: bin by bin (ld_frame = 1, ld_bin >= n_frames)
 *            or frame by frame (stft's memory: ld_bin = 1, ld_frame = n_freq;
 *            any other strides are read frame by frame too).
 *   ref:     NULL: the reference of frame t is threshold * max_k S[k, t],
 *            the product rounded to T when thr_in_t is set (NumPy's rule for a
 *            Python float times a T array), else taken in double; otherwise
 *            ref[r*ldref + t] is the reference itself.
 *   Bin k of frame t is a peak when k_lo <= k < k_hi and it is a local
 *   maximum of M = S * (S > ref) along k (M[k] > M[k-1] and M[k] >= M[k+1];
 *   bin 0 never, the last bin when M[last] > M[last-1]).
 *   At a peak, with the parabolic shift d (librosa's arithmetic: computed in
 *   double from T sums, 0 when it exceeds one bin, then rounded to T):
 *     pitch = T(((k + d) * sr) / n_fft),  mag = S[k] + (0.5 * grad[k]) * d
 *   where grad is numpy.gradient of S along k, in T.
 * Full output (compact == 0): pitch and mag are (n_freq, n_frames) C-ordered
 * per row (ldout per row),
 * zeroed by the caller; only the peaks are written (so the pages of a fresh
 * zeroed allocation away from the peaks are never touched); *n_peaks counts
 * the peaks.
 * Compact output (compact != 0): the peaks' values are packed into pitch[i]
 * and mag[i], i < *n_peaks, in no particular order (it depends on the
 * layout and the thread count; the set of peaks does not); both must hold
 * n_rows * (k_hi - k_lo) * n_frames values.
 * Large jobs split the frames over n_threads threads. */
int fr_piptrack_f32(const float *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                    ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                    const double *ref, ptrdiff_t ldref, double threshold,
                    int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi, double sr, double n_fft,
                    int compact, float *pitch, float *mag, ptrdiff_t ldout,
                    ptrdiff_t *n_peaks, int n_threads);
int fr_piptrack_f64(const double *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                    ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                    const double *ref, ptrdiff_t ldref, double threshold,
                    int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi, double sr, double n_fft,
                    int compact, double *pitch, double *mag, ptrdiff_t ldout,
                    ptrdiff_t *n_peaks, int n_threads);

/* out[r] = W @ S[r] for n_rows spectrograms: W is (n_bands, n_freq) dense,
 * row-major; S row r, bin k, frame t at S[r*lds + k*ld_bin + t*ld_frame]
 * (with ld_frame != 1, as stft's frame-major memory, each block of frames is
 * gathered first); out row r, band c, frame t at out[r*ldout + c*n_frames + t].
 * Frames are processed in blocks so that the accumulators of every band stay
 * in cache while each spectrogram row is read once. Sums run over k in
 * order, in T, whatever the layout and the number of threads (blocks of
 * frames are shared among n_threads). */
int fr_project_f32(const float *W, ptrdiff_t n_bands, ptrdiff_t n_freq, const float *S,
                   ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin, ptrdiff_t ld_frame,
                   ptrdiff_t n_frames, float *out, ptrdiff_t ldout, int n_threads);
int fr_project_f64(const double *W, ptrdiff_t n_bands, ptrdiff_t n_freq, const double *S,
                   ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin, ptrdiff_t ld_frame,
                   ptrdiff_t n_frames, double *out, ptrdiff_t ldout, int n_threads);

/* The histogram of pitch_tuning: for each of the n values x (bins_per_octave
 * times the octave numbers, as NumPy computed them), the residual
 * r = np.mod(x, 1.0) in T, less 1 where r >= 0.5 (in T), is counted in bin i
 * of the n_edges - 1 bins when edges[i] <= r < edges[i+1] (the last bin also
 * takes r == its right edge), compared in double: np.histogram(r, edges).
 * NaN and values outside the edges are not counted; edges must not decrease.
 * counts holds n_edges - 1 values. */
int fr_tuning_counts_f32(const float *x, ptrdiff_t n, const double *edges, ptrdiff_t n_edges,
                         int64_t *counts);
int fr_tuning_counts_f64(const double *x, ptrdiff_t n, const double *edges, ptrdiff_t n_edges,
                         int64_t *counts);

/* out[r] = W @ S[r] for a sparse filterbank W (bands: band m weighs bins
 * lo[m] .. hi[m]-1), n_rows spectrograms of n_freq bins by n_frames frames:
 *   S:   bin k of frame t of row r at S[r*lds + k*n_frames + t] (frames
 *        contiguous, librosa's (..., n_freq, n_frames) in C order), or with
 *        frames_major at S[r*lds + t*n_freq + k] (each frame contiguous: an
 *        F-ordered (n_freq, n_frames) array, as stft returns);
 *   out: band m of frame t of row r at out[r*ldout + m*n_frames + t].
 * Each band's sum runs over its bins in order, multiply then add in T: the
 * arithmetic of fr_stft_power_* with bands, so that a stored power
 * spectrogram projects to the bits the fused transform gives from the same
 * power values. A frame holding a NaN or an infinity gets what the dense
 * product gives: NaN in every band whose zero weights (outside its bins)
 * meet a non-finite value. Work is split over frames (n_threads threads);
 * the result does not depend on the split. */
int fr_project_bands_f32(const float *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                         ptrdiff_t n_frames, int frames_major, const fr_bands_f32 *bands,
                         float *out, ptrdiff_t ldout, int n_threads);
int fr_project_bands_f64(const double *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                         ptrdiff_t n_frames, int frames_major, const fr_bands_f64 *bands,
                         double *out, ptrdiff_t ldout, int n_threads);

#ifdef __cplusplus
}
#endif
#endif
