/* Short-time Fourier transform and its inverse. */
#ifndef FASTROSA_SPECTRUM_H
#define FASTROSA_SPECTRUM_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Windowed real FFT of n_frames frames of each of n_rows signals.
 *   x:      row r starts at x + r*ldx; frame t of row r is the n_fft samples
 *           starting at t*hop (the caller guarantees they are in bounds).
 *   window: n_fft samples, applied before the transform.
 *   out:    row r frame t, bin k at out[r*ldout + t*(n_fft/2+1) + k].
 * Frames are processed one at a time (copy-window, FFT, write), so nothing of
 * the size of the signal is allocated. Large jobs are split over n_threads
 * threads (1 = the calling thread only). Returns FR_OK or an error code. */
int fr_stft_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                ptrdiff_t hop, const float *window, ptrdiff_t n_fft,
                fr_cfloat *out, ptrdiff_t ldout, int n_threads);
int fr_stft_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                ptrdiff_t hop, const double *window, ptrdiff_t n_fft,
                fr_cdouble *out, ptrdiff_t ldout, int n_threads);

/* A sparse filterbank: band m weighs bins lo[m] .. hi[m]-1 with
 * weights[offset[m] + k - lo[m]] (a dense row restricted to its support). */
typedef struct {
    ptrdiff_t n_bands;
    const ptrdiff_t *lo, *hi, *offset;
    const float *weights;
} fr_bands_f32;
typedef struct {
    ptrdiff_t n_bands;
    const ptrdiff_t *lo, *hi, *offset;
    const double *weights;
} fr_bands_f64;

/* |STFT|^power of the same frames as fr_stft, computed in the same pass as
 * the transform (the complex STFT is never stored). Without bands, bin k of
 * frame t of row r goes to out[r*ldout + k*ld_band + t]; with bands, band m
 * (the weighted sum over its bins) goes to out[r*ldout + m*ld_band + t]. */
int fr_stft_power_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                      ptrdiff_t hop, const float *window, ptrdiff_t n_fft, double power,
                      const fr_bands_f32 *bands, float *out, ptrdiff_t ldout,
                      ptrdiff_t ld_band, int n_threads);
int fr_stft_power_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                      ptrdiff_t hop, const double *window, ptrdiff_t n_fft, double power,
                      const fr_bands_f64 *bands, double *out, ptrdiff_t ldout,
                      ptrdiff_t ld_band, int n_threads);

/* A sparse (CSR) filter basis over the bins of a spectrum: filter b weighs
 * bins indices[indptr[b] .. indptr[b+1]) with the complex data[...] there
 * (the constant-Q transform's per-octave basis). The caller owns the arrays. */
typedef struct {
    ptrdiff_t n_bins;
    const ptrdiff_t *indptr, *indices;
    const fr_cfloat *data;
} fr_csr_f32;
typedef struct {
    ptrdiff_t n_bins;
    const ptrdiff_t *indptr, *indices;
    const fr_cdouble *data;
} fr_csr_f64;

/* The basis times the complex STFT of the same frames as fr_stft, in the
 * same pass as the transform: filter b of frame t of row r is
 * sum over j of data[j] * X[indices[j]] (complex products, summed in order
 * of j in the input precision, as scipy.sparse's CSR product), written to
 * out[r*ld_row + b*ld_bin + t*ld_frame] (complex elements). With magnitude
 * set, the sum is of |data[j]| * |X[indices[j]]| and out is real (T). */
int fr_stft_csr_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                    ptrdiff_t hop, const float *window, ptrdiff_t n_fft, const fr_csr_f32 *basis,
                    int magnitude, void *out, ptrdiff_t ld_row, ptrdiff_t ld_bin,
                    ptrdiff_t ld_frame, int n_threads);
int fr_stft_csr_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                    ptrdiff_t hop, const double *window, ptrdiff_t n_fft, const fr_csr_f64 *basis,
                    int magnitude, void *out, ptrdiff_t ld_row, ptrdiff_t ld_bin,
                    ptrdiff_t ld_frame, int n_threads);

/* A per-frame reduction of a magnitude spectrum s[0..n_freq) (librosa's
 * spectral shape features), one value per frame:
 *   FR_REDUCE_CENTROID:  sum(f*s) / L, where L = sum(s); L below the smallest
 *                        normal number of the spectrum's type counts as 1
 *                        (librosa's normalize threshold), so silence gives 0.
 *   FR_REDUCE_BANDWIDTH: (sum(s * |f - centroid|^p) / L)^(1/p), L as above
 *                        (L = 1 when norm is 0).
 *   FR_REDUCE_ROLLOFF:   freq[k0] where k0 is the first bin whose running sum
 *                        (in the spectrum's type) reaches roll_percent of the
 *                        total; freq holds suffix minima of the bin frequencies.
 *   FR_REDUCE_FLATNESS:  geometric over arithmetic mean of max(amin, s). With
 *                        sum_mode FR_SUM_DOUBLE the logs and sums are in
 *                        double; FR_SUM_SEQUENTIAL and FR_SUM_PAIRWISE take
 *                        the logs in T and sum them (and the values) in T, one
 *                        after another or in NumPy's pairwise order, as NumPy
 *                        does over an axis that is not (or is) the innermost:
 *                        librosa's float32 flatness carries that rounding.
 *   FR_REDUCE_CONTRAST:  2*n_bands values: the valley (mean of the q[b]
 *                        smallest values) of each band b, then its peak (of the
 *                        q[b] largest); band b holds the bins
 *                        idx[start[b] .. start[b+1]) (at most n_freq + 1).
 * freq has n_freq entries (unused by FLATNESS and CONTRAST). */
typedef enum {
    FR_REDUCE_CENTROID = 1,
    FR_REDUCE_BANDWIDTH = 2,
    FR_REDUCE_ROLLOFF = 3,
    FR_REDUCE_FLATNESS = 4,
    FR_REDUCE_CONTRAST = 5
} fr_reduce_kind;

typedef enum { FR_SUM_DOUBLE = 0, FR_SUM_SEQUENTIAL = 1, FR_SUM_PAIRWISE = 2 } fr_sum_mode;

typedef struct {
    int kind;
    const double *freq;
    double p;            /* BANDWIDTH: the exponent */
    int norm;            /* BANDWIDTH: normalise by L */
    double roll_percent; /* ROLLOFF */
    double amin;         /* FLATNESS */
    int sum_mode;        /* FLATNESS: an fr_sum_mode */
    int single;          /* fr_stft_reduce_f64 only: round each spectrum to float
                            and reduce it as fr_stft_reduce_f32 would (a float32
                            signal transformed in double, as librosa does) */
    const double *window64; /* fr_stft_reduce_f32, ROLLOFF, or NULL: the window in
                               double; frames whose threshold lies within float32
                               rounding of a running sum are transformed again
                               in double with it (and their spectrum rounded to
                               float) */
    ptrdiff_t n_bands;   /* CONTRAST: the bands (see above) */
    const ptrdiff_t *start, *idx, *q;
} fr_reducer;

/* The reduction of |STFT|^power of each frame (frames as fr_stft), computed
 * in the same pass as the transform: value v of frame t of row r goes to
 * out[r*ldout + v*ld_value + t]. Nothing of the size of the spectrogram is
 * stored. */
int fr_stft_reduce_f32(const float *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                       ptrdiff_t hop, const float *window, ptrdiff_t n_fft, double power,
                       const fr_reducer *red, double *out, ptrdiff_t ldout,
                       ptrdiff_t ld_value, int n_threads);
int fr_stft_reduce_f64(const double *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                       ptrdiff_t hop, const double *window, ptrdiff_t n_fft, double power,
                       const fr_reducer *red, double *out, ptrdiff_t ldout,
                       ptrdiff_t ld_value, int n_threads);

/* The same reduction over a given spectrogram: bin k of frame t of row r at
 * S[r*lds + k*ld_bin + t*ld_frame] (librosa's C-ordered (..., n_freq,
 * n_frames) layout: ld_bin = n_frames, ld_frame = 1; stft's frame-major
 * memory: ld_bin = 1, ld_frame = n_freq, read in place); results to
 * out[r*ldout + v*ld_value + t]. */
int fr_spec_reduce_f32(const float *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                       ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                       const fr_reducer *red, double *out, ptrdiff_t ldout, ptrdiff_t ld_value,
                       int n_threads);
int fr_spec_reduce_f64(const double *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                       ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                       const fr_reducer *red, double *out, ptrdiff_t ldout, ptrdiff_t ld_value,
                       int n_threads);

/* Inverse STFT by weighted overlap-add, normalised by the window's sum of
 * squares (librosa's istft).
 *   S:      row r frame t, bin k at S[r*lds + t*ld_frame + k*ld_bin]: frame
 *           by frame (ld_bin = 1, ld_frame = n_fft/2+1) or bin by bin
 *           (ld_frame = 1, ld_bin = the number of stored frames), or any
 *           other element strides.
 *   window: n_fft samples (synthesis window; its square is the normaliser).
 *   y:      n_rows rows of y_len samples at y + r*ldy, zeroed by the caller.
 *           Sample j of frame t lands at y[t*hop + j - offset] when that index
 *           lies in [0, y_len); offset = n_fft/2 for centred frames.
 * Samples where the window's sum of squares is not above the smallest
 * normal number of T are left unnormalised, as librosa does. Large jobs are
 * split over n_threads threads by output samples; every sample adds its
 * frames in frame order whatever the split, so the result does not depend
 * on n_threads. */
int fr_istft_f32(const fr_cfloat *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_frame,
                 ptrdiff_t ld_bin, ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop,
                 const float *window, ptrdiff_t offset, float *y, ptrdiff_t ldy,
                 ptrdiff_t y_len, int n_threads);
int fr_istft_f64(const fr_cdouble *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_frame,
                 ptrdiff_t ld_bin, ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop,
                 const double *window, ptrdiff_t offset, double *y, ptrdiff_t ldy,
                 ptrdiff_t y_len, int n_threads);

/* The inverse STFTs of both HPSS outputs in one pass, without storing them:
 * frame t's harmonic and percussive spectra are what fr_hpss_masks_* (mode
 * D != NULL; decompose.h) writes for the n_fft/2+1 bins of that frame, each
 * transformed and overlap-added as fr_istft does, into y_h and y_p (zeroed
 * by the caller, y_len samples each). Every array holds one spectrogram
 * frame by frame (stft's memory): bin k of frame t at [t*(n_fft/2+1) + k]
 * of harm, perc (the median-filtered magnitudes), mag (|D|) and D. power
 * must be finite (soft masks). The results equal fr_hpss_masks_* followed by
 * fr_istft_* of each output, bit for bit, for every n_threads. */
int fr_hpss_istft_f32(const float *harm, const float *perc, const float *mag,
                      const fr_cfloat *D, ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop,
                      double margin_h, double margin_p, double power, int split_zeros,
                      const float *window, ptrdiff_t offset, float *y_h, float *y_p,
                      ptrdiff_t y_len, int n_threads);
int fr_hpss_istft_f64(const double *harm, const double *perc, const double *mag,
                      const fr_cdouble *D, ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop,
                      double margin_h, double margin_p, double power, int split_zeros,
                      const double *window, ptrdiff_t offset, double *y_h, double *y_p,
                      ptrdiff_t y_len, int n_threads);

#ifdef __cplusplus
}
#endif
#endif
