/* The dispatch table's entries for one precision (T, CT, FR_PFN from
 * template.h): every kernel compiled once per SIMD level. Included by
 * simd_table.h and simd.c with FR_SIMD_ENTRY(ret, name, params) defined,
 * and FR_SIMD_PUBLIC(ret, name, params, args) for the entries that are a
 * public function of the same name (simd.c defines that function as a call
 * through the active table). A new vectorised kernel is one line here and
 * its body in a NAME.simd.c source. */
#include "fastrosa/template.h"

/* db.simd.c (fastrosa/db.h) */
FR_SIMD_PUBLIC(int, fr_power_to_db,
               (const T *x, ptrdiff_t n, double amin, double ref_db, double top_db, T *out),
               (x, n, amin, ref_db, top_db, out))
/* pcen.simd.c (fastrosa/filter.h) */
FR_SIMD_PUBLIC(int, fr_pcen,
               (const T *S, const T *ref, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ldref,
                ptrdiff_t n, const double *zi, double b, double gain, double eps, double power,
                double bias, double bias_pow, int mode, double *out, ptrdiff_t ldout, double *zf,
                int frame_major),
               (S, ref, n_rows, lds, ldref, n, zi, b, gain, eps, power, bias, bias_pow, mode, out,
                ldout, zf, frame_major))
/* decompose.simd.c (fastrosa/decompose.h) */
FR_SIMD_PUBLIC(int, fr_softmask,
               (const T *x, const T *x_ref, ptrdiff_t n, double power, int split_zeros, T *out,
                int n_threads),
               (x, x_ref, n, power, split_zeros, out, n_threads))
FR_SIMD_PUBLIC(int, fr_hpss_masks,
               (const T *harm, const T *perc, ptrdiff_t n, double margin_h, double margin_p,
                double power, int split_zeros, const T *mag, const CT *D, T *out_h, T *out_p,
                CT *cout_h, CT *cout_p, int n_threads),
               (harm, perc, n, margin_h, margin_p, power, split_zeros, mag, D, out_h, out_p,
                cout_h, cout_p, n_threads))
/* median.simd.c (fastrosa/median.h) */
FR_SIMD_PUBLIC(int, fr_median_filter,
               (const T *x, ptrdiff_t n_mats, ptrdiff_t n_rows, ptrdiff_t n_cols, int axis,
                ptrdiff_t k, T *out, int n_threads),
               (x, n_mats, n_rows, n_cols, axis, k, out, n_threads))
/* pitch.simd.c (fastrosa/pitch.h) */
FR_SIMD_PUBLIC(int, fr_piptrack,
               (const T *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin, ptrdiff_t ld_frame,
                ptrdiff_t n_freq, ptrdiff_t n_frames, const double *ref, ptrdiff_t ldref,
                double threshold, int thr_in_t, ptrdiff_t k_lo, ptrdiff_t k_hi, double sr,
                double n_fft, int compact, T *pitch, T *mag, ptrdiff_t ldout, ptrdiff_t *n_peaks,
                int n_threads),
               (S, n_rows, lds, ld_bin, ld_frame, n_freq, n_frames, ref, ldref, threshold,
                thr_in_t, k_lo, k_hi, sr, n_fft, compact, pitch, mag, ldout, n_peaks, n_threads))
FR_SIMD_PUBLIC(int, fr_tuning_counts,
               (const T *x, ptrdiff_t n, const double *edges, ptrdiff_t n_edges, int64_t *counts),
               (x, n, edges, n_edges, counts))
FR_SIMD_PUBLIC(int, fr_project_bands,
               (const T *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq, ptrdiff_t n_frames,
                int frames_major, const FR_PFN(fr_bands) *bands, T *out, ptrdiff_t ldout,
                int n_threads),
               (S, n_rows, lds, n_freq, n_frames, frames_major, bands, out, ldout, n_threads))
/* project.simd.c (fastrosa/pitch.h) */
FR_SIMD_PUBLIC(int, fr_project,
               (const T *W, ptrdiff_t n_bands, ptrdiff_t n_freq, const T *S, ptrdiff_t n_rows,
                ptrdiff_t lds, ptrdiff_t ld_bin, ptrdiff_t ld_frame, ptrdiff_t n_frames, T *out,
                ptrdiff_t ldout, int n_threads),
               (W, n_bands, n_freq, S, n_rows, lds, ld_bin, ld_frame, n_frames, out, ldout,
                n_threads))
/* stft.simd.c (fastrosa/spectrum.h) */
FR_SIMD_PUBLIC(int, fr_stft,
               (const T *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames, ptrdiff_t hop,
                const T *window, ptrdiff_t n_fft, CT *out, ptrdiff_t ldout, int n_threads),
               (x, n_rows, ldx, n_frames, hop, window, n_fft, out, ldout, n_threads))
FR_SIMD_PUBLIC(int, fr_stft_power,
               (const T *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames, ptrdiff_t hop,
                const T *window, ptrdiff_t n_fft, double power, const FR_PFN(fr_bands) *bands,
                T *out, ptrdiff_t ldout, ptrdiff_t ld_band, int n_threads),
               (x, n_rows, ldx, n_frames, hop, window, n_fft, power, bands, out, ldout, ld_band,
                n_threads))
FR_SIMD_PUBLIC(int, fr_stft_csr,
               (const T *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames, ptrdiff_t hop,
                const T *window, ptrdiff_t n_fft, const FR_PFN(fr_csr) *basis, int magnitude,
                void *out, ptrdiff_t ld_row, ptrdiff_t ld_bin, ptrdiff_t ld_frame,
                int n_threads),
               (x, n_rows, ldx, n_frames, hop, window, n_fft, basis, magnitude, out, ld_row,
                ld_bin, ld_frame, n_threads))
FR_SIMD_PUBLIC(int, fr_stft_reduce,
               (const T *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames, ptrdiff_t hop,
                const T *window, ptrdiff_t n_fft, double power, const fr_reducer *red,
                double *out, ptrdiff_t ldout, ptrdiff_t ld_value, int n_threads),
               (x, n_rows, ldx, n_frames, hop, window, n_fft, power, red, out, ldout, ld_value,
                n_threads))
FR_SIMD_PUBLIC(int, fr_spec_reduce,
               (const T *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin, ptrdiff_t ld_frame,
                ptrdiff_t n_freq, ptrdiff_t n_frames, const fr_reducer *red, double *out,
                ptrdiff_t ldout, ptrdiff_t ld_value, int n_threads),
               (S, n_rows, lds, ld_bin, ld_frame, n_freq, n_frames, red, out, ldout, ld_value,
                n_threads))
FR_SIMD_PUBLIC(int, fr_istft,
               (const CT *S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_frame, ptrdiff_t ld_bin,
                ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop, const T *window,
                ptrdiff_t offset, T *y, ptrdiff_t ldy, ptrdiff_t y_len, int n_threads),
               (S, n_rows, lds, ld_frame, ld_bin, n_frames, n_fft, hop, window, offset, y, ldy,
                y_len, n_threads))
FR_SIMD_PUBLIC(int, fr_hpss_istft,
               (const T *harm, const T *perc, const T *mag, const CT *D, ptrdiff_t n_frames,
                ptrdiff_t n_fft, ptrdiff_t hop, double margin_h, double margin_p, double power,
                int split_zeros, const T *window, ptrdiff_t offset, T *y_h, T *y_p,
                ptrdiff_t y_len, int n_threads),
               (harm, perc, mag, D, n_frames, n_fft, hop, margin_h, margin_p, power, split_zeros,
                window, offset, y_h, y_p, y_len, n_threads))
/* rfft.simd.c: the split and merge passes of fftw.c's half-length plans */
FR_SIMD_ENTRY(void, fr_rfft_split, (CT *X, ptrdiff_t h, const CT *w))
FR_SIMD_ENTRY(void, fr_irfft_merge, (CT *X, ptrdiff_t h, const CT *w))
/* rhythm.simd.c: the time-averaged tempogram's per-frame loops (rhythm_impl.h) */
FR_SIMD_ENTRY(double, fr_window_energy, (const T *x, const T *w, ptrdiff_t n, T *buf))
FR_SIMD_ENTRY(void, fr_add_scaled_power, (const CT *spec, ptrdiff_t n, double scale, double *acc))
