# cython: language_level=3
# Declarations of the rhythm kernels in csrc/rhythm.c (nothing else lives here).

cdef extern from "fastrosa/rhythm.h" nogil:
    enum:
        FR_AGG_MEAN
        FR_AGG_MEDIAN
    int fr_onset_flux_f32(const float *S, const float *ref, Py_ssize_t n_rows, Py_ssize_t lds,
                          Py_ssize_t n_bins, Py_ssize_t n_frames, Py_ssize_t lag,
                          Py_ssize_t max_size, const Py_ssize_t *lo, const Py_ssize_t *hi,
                          Py_ssize_t n_channels, int agg, float *out, Py_ssize_t ldout)
    int fr_onset_flux_f64(const double *S, const double *ref, Py_ssize_t n_rows, Py_ssize_t lds,
                          Py_ssize_t n_bins, Py_ssize_t n_frames, Py_ssize_t lag,
                          Py_ssize_t max_size, const Py_ssize_t *lo, const Py_ssize_t *hi,
                          Py_ssize_t n_channels, int agg, double *out, Py_ssize_t ldout)
    int fr_peak_pick_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                         Py_ssize_t pre_max, Py_ssize_t post_max, Py_ssize_t pre_avg,
                         Py_ssize_t post_avg, float delta, Py_ssize_t wait,
                         unsigned char *flags, Py_ssize_t ldf)
    int fr_peak_pick_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                         Py_ssize_t pre_max, Py_ssize_t post_max, Py_ssize_t pre_avg,
                         Py_ssize_t post_avg, float delta, Py_ssize_t wait,
                         unsigned char *flags, Py_ssize_t ldf)
    int fr_beat_track_f32(const float *onsets, Py_ssize_t n_rows, Py_ssize_t ldo, Py_ssize_t n,
                          const float *fpb, Py_ssize_t n_fpb, Py_ssize_t ldfpb, float tightness,
                          int trim, unsigned char *beats, Py_ssize_t ldb)
    int fr_beat_track_f64(const double *onsets, Py_ssize_t n_rows, Py_ssize_t ldo, Py_ssize_t n,
                          const double *fpb, Py_ssize_t n_fpb, Py_ssize_t ldfpb, float tightness,
                          int trim, unsigned char *beats, Py_ssize_t ldb)
    int fr_tempogram_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                         const float *window, Py_ssize_t win_length, Py_ssize_t n_pad,
                         int norm_inf, float *out, Py_ssize_t ldout, int n_threads)
    int fr_tempogram_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                         const double *window, Py_ssize_t win_length, Py_ssize_t n_pad,
                         int norm_inf, double *out, Py_ssize_t ldout, int n_threads)
    int fr_tempogram_mean_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx,
                              Py_ssize_t n_frames, const float *window, Py_ssize_t win_length,
                              Py_ssize_t n_pad, float *out, Py_ssize_t ldout, int n_threads)
    int fr_tempogram_mean_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx,
                              Py_ssize_t n_frames, const double *window, Py_ssize_t win_length,
                              Py_ssize_t n_pad, double *out, Py_ssize_t ldout, int n_threads)
