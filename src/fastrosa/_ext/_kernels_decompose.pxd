# cython: language_level=3
# Declarations of the median-filter and mask kernels (csrc/median.c, csrc/decompose.c).
from fastrosa._ext._kernels cimport fr_cfloat, fr_cdouble

cdef extern from "fastrosa/median.h" nogil:
    int fr_median_filter_f32(const float *x, Py_ssize_t n_mats, Py_ssize_t n_rows,
                             Py_ssize_t n_cols, int axis, Py_ssize_t k, float *out, int n_threads)
    int fr_median_filter_f64(const double *x, Py_ssize_t n_mats, Py_ssize_t n_rows,
                             Py_ssize_t n_cols, int axis, Py_ssize_t k, double *out,
                             int n_threads)

cdef extern from "fastrosa/decompose.h" nogil:
    int fr_softmask_f32(const float *x, const float *x_ref, Py_ssize_t n, double power,
                        int split_zeros, float *out, int n_threads)
    int fr_softmask_f64(const double *x, const double *x_ref, Py_ssize_t n, double power,
                        int split_zeros, double *out, int n_threads)
    int fr_hpss_masks_f32(const float *harm, const float *perc, Py_ssize_t n, double margin_h,
                          double margin_p, double power, int split_zeros, const float *mag,
                          const fr_cfloat *D, float *out_h, float *out_p, fr_cfloat *cout_h,
                          fr_cfloat *cout_p, int n_threads)
    int fr_hpss_masks_f64(const double *harm, const double *perc, Py_ssize_t n, double margin_h,
                          double margin_p, double power, int split_zeros, const double *mag,
                          const fr_cdouble *D, double *out_h, double *out_p, fr_cdouble *cout_h,
                          fr_cdouble *cout_p, int n_threads)
