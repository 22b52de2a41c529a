# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Zero-crossing kernels and the finiteness and sign scan of an array (private;
see fastrosa.core.audio, fastrosa.feature and fastrosa.util.utils._scan)."""

from fastrosa._ext._kernels cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def zero_crossings(const real_t[:, ::1] x, double threshold, bint zero_pos, bint pad,
                   unsigned char[:, ::1] out):
    """Crossing flags of each row of ``x`` into ``out`` (same shape)."""
    cdef Py_ssize_t rows = x.shape[0], n = x.shape[1]
    cdef Py_ssize_t ldx = x.strides[0] // sizeof(real_t), ldout = out.strides[0]
    cdef int st = 0
    if rows == 0 or n == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_zero_crossings_f32(&x[0, 0], rows, ldx, n, threshold, zero_pos, pad,
                                       &out[0, 0], ldout)
        else:
            st = fr_zero_crossings_f64(&x[0, 0], rows, ldx, n, threshold, zero_pos, pad,
                                       &out[0, 0], ldout)
    check(st)


def zcr(const real_t[:, ::1] x, Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start,
        double threshold, bint zero_pos, bint pad, double[:, ::1] out):
    """Zero-crossing rate of ``out.shape[1]`` edge-padded frames of each row of ``x``."""
    cdef Py_ssize_t rows = x.shape[0], n = x.shape[1], n_frames = out.shape[1]
    cdef Py_ssize_t ldx = x.strides[0] // sizeof(real_t), ldout = out.strides[0] // sizeof(double)
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_zcr_f32(&x[0, 0], rows, ldx, n, frame_length, hop, start, n_frames,
                            threshold, zero_pos, pad, &out[0, 0], ldout)
        else:
            st = fr_zcr_f64(&x[0, 0], rows, ldx, n, frame_length, hop, start, n_frames,
                            threshold, zero_pos, pad, &out[0, 0], ldout)
    check(st)


def scan(const real_t[::1] x):
    """``(np.isfinite(x).all(), np.any(x < 0))`` in one pass."""
    cdef int flags
    with nogil:
        if real_t is float:
            flags = fr_scan_f32(&x[0], x.shape[0]) if x.shape[0] else 0
        else:
            flags = fr_scan_f64(&x[0], x.shape[0]) if x.shape[0] else 0
    return not (flags & 1), bool(flags & 2)
