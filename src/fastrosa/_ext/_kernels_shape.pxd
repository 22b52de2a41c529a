# cython: language_level=3
# Declarations of the spectral shape kernels (fastrosa/spectrum.h reducers, fastrosa/shape.h).

cdef extern from "fastrosa/spectrum.h" nogil:
    enum:
        FR_REDUCE_CENTROID
        FR_REDUCE_BANDWIDTH
        FR_REDUCE_ROLLOFF
        FR_REDUCE_FLATNESS
        FR_REDUCE_CONTRAST
    ctypedef struct fr_reducer:
        int kind
        const double *freq
        double p
        int norm
        double roll_percent
        double amin
        int sum_mode
        int single
        const double *window64
        Py_ssize_t n_bands
        const Py_ssize_t *start
        const Py_ssize_t *idx
        const Py_ssize_t *q
    int fr_stft_reduce_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                           Py_ssize_t hop, const float *window, Py_ssize_t n_fft, double power,
                           const fr_reducer *red, double *out, Py_ssize_t ldout,
                           Py_ssize_t ld_value, int n_threads)
    int fr_stft_reduce_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n_frames,
                           Py_ssize_t hop, const double *window, Py_ssize_t n_fft, double power,
                           const fr_reducer *red, double *out, Py_ssize_t ldout,
                           Py_ssize_t ld_value, int n_threads)
    int fr_spec_reduce_f32(const float *S, Py_ssize_t n_rows, Py_ssize_t lds,
                           Py_ssize_t ld_bin, Py_ssize_t ld_frame, Py_ssize_t n_freq,
                           Py_ssize_t n_frames, const fr_reducer *red, double *out,
                           Py_ssize_t ldout, Py_ssize_t ld_value, int n_threads)
    int fr_spec_reduce_f64(const double *S, Py_ssize_t n_rows, Py_ssize_t lds,
                           Py_ssize_t ld_bin, Py_ssize_t ld_frame, Py_ssize_t n_freq,
                           Py_ssize_t n_frames, const fr_reducer *red, double *out,
                           Py_ssize_t ldout, Py_ssize_t ld_value, int n_threads)

cdef extern from "fastrosa/shape.h" nogil:
    int fr_contrast_f32(const float *S, Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t n_freq,
                        Py_ssize_t n_frames, int frame_major, Py_ssize_t n_bands,
                        const Py_ssize_t *start,
                        const Py_ssize_t *idx, const Py_ssize_t *q, double *valley, double *peak,
                        Py_ssize_t ldout, int n_threads)
    int fr_contrast_f64(const double *S, Py_ssize_t n_rows, Py_ssize_t lds, Py_ssize_t n_freq,
                        Py_ssize_t n_frames, int frame_major, Py_ssize_t n_bands,
                        const Py_ssize_t *start,
                        const Py_ssize_t *idx, const Py_ssize_t *q, double *valley, double *peak,
                        Py_ssize_t ldout, int n_threads)
    int fr_rms_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                   Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start, Py_ssize_t n_frames,
                   double *out, Py_ssize_t ldout)
    int fr_rms_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                   Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start, Py_ssize_t n_frames,
                   double *out, Py_ssize_t ldout)
