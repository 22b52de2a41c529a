# cython: language_level=3
# Declarations of the pitch-tracking and projection kernels (csrc/pitch.c).

from libc.stdint cimport int64_t

from fastrosa._ext._kernels cimport fr_bands_f32, fr_bands_f64

cdef extern from "fastrosa/pitch.h" nogil:
    int fr_piptrack_f32(const float *S, Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t ld_bin,
                        Py_ssize_t ld_frame, Py_ssize_t n_freq, Py_ssize_t n_frames,
                        const double *ref, Py_ssize_t ldref,
                        double threshold, int thr_in_t, Py_ssize_t k_lo, Py_ssize_t k_hi,
                        double sr, double n_fft, int compact, float *pitch, float *mag,
                        Py_ssize_t ldout, Py_ssize_t *n_peaks, int n_threads)
    int fr_piptrack_f64(const double *S, Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t ld_bin,
                        Py_ssize_t ld_frame, Py_ssize_t n_freq, Py_ssize_t n_frames,
                        const double *ref, Py_ssize_t ldref,
                        double threshold, int thr_in_t, Py_ssize_t k_lo, Py_ssize_t k_hi,
                        double sr, double n_fft, int compact, double *pitch, double *mag,
                        Py_ssize_t ldout, Py_ssize_t *n_peaks, int n_threads)
    int fr_project_f32(const float *W, Py_ssize_t n_bands, Py_ssize_t n_freq, const float *S,
                       Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t ld_bin,
                       Py_ssize_t ld_frame, Py_ssize_t n_frames, float *out, Py_ssize_t ldout,
                       int n_threads)
    int fr_project_f64(const double *W, Py_ssize_t n_bands, Py_ssize_t n_freq, const double *S,
                       Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t ld_bin,
                       Py_ssize_t ld_frame, Py_ssize_t n_frames, double *out, Py_ssize_t ldout,
                       int n_threads)
    int fr_project_bands_f32(const float *S, Py_ssize_t n_rows, Py_ssize_t lds,
                             Py_ssize_t n_freq, Py_ssize_t n_frames, int frames_major,
                             const fr_bands_f32 *bands, float *out, Py_ssize_t ldout,
                             int n_threads)
    int fr_project_bands_f64(const double *S, Py_ssize_t n_rows, Py_ssize_t lds,
                             Py_ssize_t n_freq, Py_ssize_t n_frames, int frames_major,
                             const fr_bands_f64 *bands, double *out, Py_ssize_t ldout,
                             int n_threads)
    int fr_tuning_counts_f32(const float *x, Py_ssize_t n, const double *edges,
                             Py_ssize_t n_edges, int64_t *counts)
    int fr_tuning_counts_f64(const double *x, Py_ssize_t n, const double *edges,
                             Py_ssize_t n_edges, int64_t *counts)
