# cython: language_level=3
# Declarations of the filter and PCEN kernels (csrc/filter.c, csrc/pcen.simd.c).

cdef extern from "fastrosa/filter.h" nogil:
    int fr_lfilter1_f32(const float *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                        double b0, double b1, double a1, const float *zi, float *y,
                        Py_ssize_t ldy, float *zf)
    int fr_lfilter1_f64(const double *x, Py_ssize_t n_rows, Py_ssize_t ldx, Py_ssize_t n,
                        double b0, double b1, double a1, const double *zi, double *y,
                        Py_ssize_t ldy, double *zf)
    int fr_sub_powers_f32(float *y, Py_ssize_t n_rows, Py_ssize_t ldy, Py_ssize_t n,
                          const double *c, double coef)
    int fr_sub_powers_f64(double *y, Py_ssize_t n_rows, Py_ssize_t ldy, Py_ssize_t n,
                          const double *c, double coef)
    int fr_pcen_f32(const float *S, const float *ref, Py_ssize_t n_rows, Py_ssize_t lds,
                    Py_ssize_t ldref, Py_ssize_t n, const double *zi, double b, double gain,
                    double eps, double power, double bias, double bias_pow, int mode,
                    double *out, Py_ssize_t ldout, double *zf, int frame_major)
    int fr_pcen_f64(const double *S, const double *ref, Py_ssize_t n_rows, Py_ssize_t lds,
                    Py_ssize_t ldref, Py_ssize_t n, const double *zi, double b, double gain,
                    double eps, double power, double bias, double bias_pow, int mode,
                    double *out, Py_ssize_t ldout, double *zf, int frame_major)
