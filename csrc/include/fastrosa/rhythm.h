/* Onset strength, peak picking, tempogram and beat tracking kernels. */
#ifndef FASTROSA_RHYTHM_H
#define FASTROSA_RHYTHM_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Aggregations of the spectral flux across frequency bins. */
enum { FR_AGG_MEAN = 0, FR_AGG_MEDIAN = 1 };

/* Spectral flux of n_rows spectrograms of n_bins x n_frames (row r, bin f,
 * frame t at S[r*lds + f*n_frames + t]):
 *   d[f, t] = max(0, S[f, t + lag] - R[f, t]),  t in [0, n_frames - lag),
 * where R is ref (same layout as S) when given, else S passed through a
 * running maximum of max_size bins along frequency (scipy.ndimage's
 * maximum_filter1d, mode 'reflect', origin 0). Channel c aggregates bins
 * lo[c] .. hi[c]-1 (non-empty ranges) by mean (summed bin by bin in order,
 * then divided by the count, as NumPy reduces a non-contiguous axis) or by
 * median (NaN if any value is NaN, the middle pair averaged). Channel c of
 * row r goes to out[r*ldout + c*(n_frames - lag) + t]. n_frames > lag. */
int fr_onset_flux_f32(const float *S, const float *ref, ptrdiff_t n_rows, ptrdiff_t lds,
                      ptrdiff_t n_bins, ptrdiff_t n_frames, ptrdiff_t lag, ptrdiff_t max_size,
                      const ptrdiff_t *lo, const ptrdiff_t *hi, ptrdiff_t n_channels, int agg,
                      float *out, ptrdiff_t ldout);
int fr_onset_flux_f64(const double *S, const double *ref, ptrdiff_t n_rows, ptrdiff_t lds,
                      ptrdiff_t n_bins, ptrdiff_t n_frames, ptrdiff_t lag, ptrdiff_t max_size,
                      const ptrdiff_t *lo, const ptrdiff_t *hi, ptrdiff_t n_channels, int agg,
                      double *out, ptrdiff_t ldout);

/* librosa's peak picker on each of n_rows signals of n samples (row r at
 * x + r*ldx): flags[r*ldf + i] = 1 where x[i] is the maximum of
 * x[i-pre_max : i+post_max], at least mean(x[i-pre_avg : i+post_avg]) +
 * delta (the mean summed in order in T, delta as a float), and more than
 * wait samples after the previous peak. Windows are clipped to the signal. */
int fr_peak_pick_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                     ptrdiff_t pre_max, ptrdiff_t post_max, ptrdiff_t pre_avg, ptrdiff_t post_avg,
                     float delta, ptrdiff_t wait, unsigned char *flags, ptrdiff_t ldf);
int fr_peak_pick_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                     ptrdiff_t pre_max, ptrdiff_t post_max, ptrdiff_t pre_avg, ptrdiff_t post_avg,
                     float delta, ptrdiff_t wait, unsigned char *flags, ptrdiff_t ldf);

/* Ellis' dynamic-programming beat tracker as librosa 0.11 runs it, on each of
 * n_rows normalised onset envelopes of n >= 2 frames (row r at onsets +
 * r*ldo): the local score (a Gaussian window of +-fpb frames, fpb frames per
 * beat), the dynamic programme with log-lag penalty weighted by tightness,
 * the last beat (the last local maximum of the cumulative score at least
 * half their median), the backtracked path and the trimming of weak leading
 * and trailing beats (trim: threshold half the RMS of the smoothed beat
 * scores, else 0). fpb holds n_fpb values per row (1: a fixed tempo, n: one
 * per frame) at fpb + r*ldfpb. beats[r*ldb + i] is set to 1 at each beat
 * frame and 0 elsewhere. Scores are kept in T and combined in double, as
 * librosa's compiled loops do; tightness is a float, as there. */
int fr_beat_track_f32(const float *onsets, ptrdiff_t n_rows, ptrdiff_t ldo, ptrdiff_t n,
                      const float *fpb, ptrdiff_t n_fpb, ptrdiff_t ldfpb, float tightness,
                      int trim, unsigned char *beats, ptrdiff_t ldb);
int fr_beat_track_f64(const double *onsets, ptrdiff_t n_rows, ptrdiff_t ldo, ptrdiff_t n,
                      const double *fpb, ptrdiff_t n_fpb, ptrdiff_t ldfpb, float tightness,
                      int trim, unsigned char *beats, ptrdiff_t ldb);

/* Autocorrelation tempogram: for each of n_rows padded onset envelopes (row r
 * at x + r*ldx, holding n_frames + win_length - 1 values) and each frame t,
 * the autocorrelation of x[t .. t+win_length) * window, through real FFTs of
 * n_pad >= 2*win_length - 1 points (irfft scaled by 1/n_pad), lags
 * 0 .. win_length-1 written to out[r*ldout + k*n_frames + t]. With norm_inf,
 * each frame is divided by its largest magnitude when that is at least the
 * smallest normal number of T. Frames are split over n_threads threads. */
int fr_tempogram_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                     const float *window, ptrdiff_t win_length, ptrdiff_t n_pad, int norm_inf,
                     float *out, ptrdiff_t ldout, int n_threads);
int fr_tempogram_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                     const double *window, ptrdiff_t win_length, ptrdiff_t n_pad, int norm_inf,
                     double *out, ptrdiff_t ldout, int n_threads);

/* The time average of the max-normalised autocorrelation tempogram (see
 * fr_tempogram, norm_inf): for each row, the mean over the n_frames frames of
 * each frame's autocorrelation divided by its value at lag 0 (its largest
 * magnitude; frames whose energy is below the smallest normal number of T are
 * left unscaled), lags 0 .. win_length-1 into out[r*ldout + k]. Computed as
 * one inverse FFT of the summed, energy-scaled power spectra (in double), so
 * it equals the mean of fr_tempogram's output up to rounding; the result does
 * not depend on n_threads. */
int fr_tempogram_mean_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                          const float *window, ptrdiff_t win_length, ptrdiff_t n_pad,
                          float *out, ptrdiff_t ldout, int n_threads);
int fr_tempogram_mean_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                          const double *window, ptrdiff_t win_length, ptrdiff_t n_pad,
                          double *out, ptrdiff_t ldout, int n_threads);

#ifdef __cplusplus
}
#endif
#endif
