# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Median filters and HPSS masks (private; see fastrosa.decompose and fastrosa.util)."""

from fastrosa._ext._kernels cimport fr_cfloat, fr_cdouble
from fastrosa._ext._kernels_decompose cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def median_filter(const real_t[:, :, ::1] x, int axis, Py_ssize_t k, real_t[:, :, ::1] out,
                  int n_threads):
    """Median of width ``k`` along ``axis`` (0: rows of each matrix, 1: columns) of the
    stacked matrices ``x`` into ``out`` (same shape), scipy's 'reflect' edges."""
    cdef Py_ssize_t mats = x.shape[0], rows = x.shape[1], cols = x.shape[2]
    cdef int st = 0
    if mats == 0 or rows == 0 or cols == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_median_filter_f32(&x[0, 0, 0], mats, rows, cols, axis, k, &out[0, 0, 0],
                                      n_threads)
        else:
            st = fr_median_filter_f64(&x[0, 0, 0], mats, rows, cols, axis, k, &out[0, 0, 0],
                                      n_threads)
    check(st)


def softmask(const real_t[::1] x, const real_t[::1] x_ref, double power, bint split_zeros,
             real_t[::1] out, int n_threads):
    """librosa's soft mask of ``x`` against ``x_ref`` (finite power) into ``out``."""
    cdef Py_ssize_t n = x.shape[0]
    cdef int st = 0
    if n == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_softmask_f32(&x[0], &x_ref[0], n, power, split_zeros, &out[0], n_threads)
        else:
            st = fr_softmask_f64(&x[0], &x_ref[0], n, power, split_zeros, &out[0], n_threads)
    check(st)


def hpss_masks(const real_t[::1] harm, const real_t[::1] perc, double margin_h, double margin_p,
               double power, bint split_zeros, int mode, const real_t[::1] mag,
               const real_t[::1] D, real_t[::1] out_h, real_t[::1] out_p, int n_threads):
    """The HPSS masks (mode 0), ``mag * mask`` (mode 1), or ``(mag * mask) * phase`` of the
    complex ``D`` (mode 2; ``D``, ``out_h``, ``out_p`` are interleaved real views)."""
    cdef Py_ssize_t n = harm.shape[0]
    cdef int st = 0
    cdef const real_t *pm = NULL
    cdef const real_t *pd = NULL
    cdef real_t *oh = &out_h[0] if n else NULL
    cdef real_t *op = &out_p[0] if n else NULL
    if n == 0:
        return
    if mode >= 1:
        pm = &mag[0]
    if mode == 2:
        pd = &D[0]
    with nogil:
        if real_t is float:
            if mode == 2:
                st = fr_hpss_masks_f32(&harm[0], &perc[0], n, margin_h, margin_p, power,
                                       split_zeros, pm, <const fr_cfloat *>pd, NULL, NULL,
                                       <fr_cfloat *>oh, <fr_cfloat *>op, n_threads)
            else:
                st = fr_hpss_masks_f32(&harm[0], &perc[0], n, margin_h, margin_p, power,
                                       split_zeros, pm, NULL, oh, op, NULL, NULL, n_threads)
        else:
            if mode == 2:
                st = fr_hpss_masks_f64(&harm[0], &perc[0], n, margin_h, margin_p, power,
                                       split_zeros, pm, <const fr_cdouble *>pd, NULL, NULL,
                                       <fr_cdouble *>oh, <fr_cdouble *>op, n_threads)
            else:
                st = fr_hpss_masks_f64(&harm[0], &perc[0], n, margin_h, margin_p, power,
                                       split_zeros, pm, NULL, oh, op, NULL, NULL, n_threads)
    check(st)
