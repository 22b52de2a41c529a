# cython: language_level=3
# Declarations of the C kernels in csrc/ (nothing else lives here).

cdef extern from "fastrosa/common.h" nogil:
    ctypedef struct fr_cfloat:
        float re
        float im
    ctypedef struct fr_cdouble:
        double re
        double im
    const char *fr_strerror(int status)

cdef extern from "fastrosa/fft.h" nogil:
    int fr_fftw_load(const char *lib_double, const char *lib_float)
    int fr_fftw_loaded()
    const char *fr_fftw_error()
    const char *fr_fftw_version()
    void fr_fftw_set_rigor(int measure)
    void fr_fftw_clear_plans()

cdef extern from "fastrosa/simd.h" nogil:
    int fr_simd_best()
    int fr_simd_select(int cap)
    int fr_simd_level()
    const char *fr_simd_name(int level)

cdef extern from "fastrosa/runtime.h" nogil:
    ctypedef struct fr_runtime:
        void *fftw
        void *simd
    fr_runtime fr_runtime_own()
    void fr_runtime_adopt(fr_runtime owner)

cdef extern from "fastrosa/pool.h" nogil:
    void *fr_pool_malloc(void *ctx, size_t size)
    void *fr_pool_calloc(void *ctx, size_t nelem, size_t elsize)
    void *fr_pool_realloc(void *ctx, void *ptr, size_t size)
    void fr_pool_free(void *ctx, void *ptr, size_t size)
    void fr_pool_enter()
    void fr_pool_leave()
    void fr_pool_trim()
    size_t fr_pool_idle_blocks()
    size_t fr_pool_idle_bytes()

cdef extern from "fastrosa/spectrum.h" nogil:
    int fr_stft_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                    Py_ssize_t hop, const float *window, Py_ssize_t n_fft,
                    fr_cfloat *out, Py_ssize_t ldout, int n_threads)
    int fr_stft_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                    Py_ssize_t hop, const double *window, Py_ssize_t n_fft,
                    fr_cdouble *out, Py_ssize_t ldout, int n_threads)
    ctypedef struct fr_bands_f32:
        Py_ssize_t n_bands
        const Py_ssize_t *lo
        const Py_ssize_t *hi
        const Py_ssize_t *offset
        const float *weights
    ctypedef struct fr_bands_f64:
        Py_ssize_t n_bands
        const Py_ssize_t *lo
        const Py_ssize_t *hi
        const Py_ssize_t *offset
        const double *weights
    int fr_stft_power_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                          Py_ssize_t hop, const float *window, Py_ssize_t n_fft, double power,
                          const fr_bands_f32 *bands, float *out, Py_ssize_t ldout,
                          Py_ssize_t ld_band, int n_threads)
    int fr_stft_power_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                          Py_ssize_t hop, const double *window, Py_ssize_t n_fft, double power,
                          const fr_bands_f64 *bands, double *out, Py_ssize_t ldout,
                          Py_ssize_t ld_band, int n_threads)
    ctypedef struct fr_csr_f32:
        Py_ssize_t n_bins
        const Py_ssize_t *indptr
        const Py_ssize_t *indices
        const fr_cfloat *data
    ctypedef struct fr_csr_f64:
        Py_ssize_t n_bins
        const Py_ssize_t *indptr
        const Py_ssize_t *indices
        const fr_cdouble *data
    int fr_stft_csr_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                        Py_ssize_t hop, const float *window, Py_ssize_t n_fft,
                        const fr_csr_f32 *basis, int magnitude, void *out, Py_ssize_t ld_row,
                        Py_ssize_t ld_bin, Py_ssize_t ld_frame, int n_threads)
    int fr_stft_csr_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                        Py_ssize_t hop, const double *window, Py_ssize_t n_fft,
                        const fr_csr_f64 *basis, int magnitude, void *out, Py_ssize_t ld_row,
                        Py_ssize_t ld_bin, Py_ssize_t ld_frame, int n_threads)
    int fr_istft_f32(const fr_cfloat *S, Py_ssize_t n_rows, Py_ssize_t lds,
                     Py_ssize_t ld_frame, Py_ssize_t ld_bin, Py_ssize_t n_frames,
                     Py_ssize_t n_fft, Py_ssize_t hop, const float *window, Py_ssize_t offset,
                     float *y, Py_ssize_t ldy, Py_ssize_t y_len, int n_threads)
    int fr_istft_f64(const fr_cdouble *S, Py_ssize_t n_rows, Py_ssize_t lds,
                     Py_ssize_t ld_frame, Py_ssize_t ld_bin, Py_ssize_t n_frames,
                     Py_ssize_t n_fft, Py_ssize_t hop, const double *window, Py_ssize_t offset,
                     double *y, Py_ssize_t ldy, Py_ssize_t y_len, int n_threads)
    int fr_hpss_istft_f32(const float *harm, const float *perc, const float *mag,
                          const fr_cfloat *D, Py_ssize_t n_frames, Py_ssize_t n_fft,
                          Py_ssize_t hop, double margin_h, double margin_p, double power,
                          int split_zeros, const float *window, Py_ssize_t offset, float *y_h,
                          float *y_p, Py_ssize_t y_len, int n_threads)
    int fr_hpss_istft_f64(const double *harm, const double *perc, const double *mag,
                          const fr_cdouble *D, Py_ssize_t n_frames, Py_ssize_t n_fft,
                          Py_ssize_t hop, double margin_h, double margin_p, double power,
                          int split_zeros, const double *window, Py_ssize_t offset, double *y_h,
                          double *y_p, Py_ssize_t y_len, int n_threads)

cdef extern from "fastrosa/zcr.h" nogil:
    int fr_zero_crossings_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                              double threshold, int zero_pos, int pad,
                              unsigned char *out, Py_ssize_t ldout)
    int fr_zero_crossings_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                              double threshold, int zero_pos, int pad,
                              unsigned char *out, Py_ssize_t ldout)
    int fr_zcr_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                   Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start, Py_ssize_t n_frames,
                   double threshold, int zero_pos, int pad, double *out, Py_ssize_t ldout)
    int fr_zcr_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                   Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start, Py_ssize_t n_frames,
                   double threshold, int zero_pos, int pad, double *out, Py_ssize_t ldout)


cdef extern from "fastrosa/finite.h" nogil:
    int fr_scan_f32(const float *x, Py_ssize_t n)
    int fr_scan_f64(const double *x, Py_ssize_t n)
