# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""First-order IIR filters and PCEN (private; see fastrosa.effects and
fastrosa.core.spectrum.pcen)."""

from fastrosa._ext._kernels_filter cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def lfilter1(const real_t[:, ::1] x, double b0, double b1, double a1, const real_t[::1] zi,
             real_t[:, ::1] y, real_t[::1] zf):
    """scipy.signal.lfilter((b0, b1), (1, a1)) of each row of ``x`` into ``y``,
    the state from ``zi`` (one per row) into ``zf``."""
    cdef Py_ssize_t rows = x.shape[0], n = x.shape[1]
    cdef Py_ssize_t ldx = x.strides[0] // sizeof(real_t), ldy = y.strides[0] // sizeof(real_t)
    cdef int st = 0
    if rows == 0:
        return
    if n == 0:
        zf[:] = zi
        return
    with nogil:
        if real_t is float:
            st = fr_lfilter1_f32(&x[0, 0], rows, ldx, n, b0, b1, a1, &zi[0], &y[0, 0], ldy,
                                 &zf[0])
        else:
            st = fr_lfilter1_f64(&x[0, 0], rows, ldx, n, b0, b1, a1, &zi[0], &y[0, 0], ldy,
                                 &zf[0])
    check(st)


def sub_powers(real_t[:, ::1] y, const double[::1] c, double coef):
    """``y[r, i] -= c[r] * coef**i`` in place."""
    cdef Py_ssize_t rows = y.shape[0], n = y.shape[1], ldy = y.strides[0] // sizeof(real_t)
    cdef int st = 0
    if rows == 0 or n == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_sub_powers_f32(&y[0, 0], rows, ldy, n, &c[0], coef)
        else:
            st = fr_sub_powers_f64(&y[0, 0], rows, ldy, n, &c[0], coef)
    check(st)


def pcen(const real_t[:, ::1] S, const real_t[:, ::1] ref, const double[::1] zi, double b,
         double gain, double eps, double power, double bias, double bias_pow, int mode,
         double[:, ::1] out, double[::1] zf, bint frame_major=False):
    """librosa.pcen along the rows of ``S`` (smoothing ``ref``, the same shape)
    into ``out``, the filter state from ``zi`` into ``zf`` (one per row). With
    ``frame_major``, the arrays are (frames, rows): each row of ``S`` is a
    frame, and the smoothing runs down the columns."""
    cdef Py_ssize_t rows = S.shape[1] if frame_major else S.shape[0]
    cdef Py_ssize_t n = S.shape[0] if frame_major else S.shape[1]
    cdef Py_ssize_t lds = S.strides[0] // sizeof(real_t), ldr = ref.strides[0] // sizeof(real_t)
    cdef Py_ssize_t ldo = out.strides[0] // sizeof(double)
    cdef int st = 0
    if rows == 0:
        return
    if n == 0:
        zf[:] = zi
        return
    with nogil:
        if real_t is float:
            st = fr_pcen_f32(&S[0, 0], &ref[0, 0], rows, lds, ldr, n, &zi[0], b, gain, eps,
                             power, bias, bias_pow, mode, &out[0, 0], ldo, &zf[0],
                             frame_major)
        else:
            st = fr_pcen_f64(&S[0, 0], &ref[0, 0], rows, lds, ldr, n, &zi[0], b, gain, eps,
                             power, bias, bias_pow, mode, &out[0, 0], ldo, &zf[0],
                             frame_major)
    check(st)
