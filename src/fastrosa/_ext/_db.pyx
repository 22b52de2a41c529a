# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Decibel kernels (private; see fastrosa.core.spectrum.power_to_db)."""

from fastrosa._ext._kernels_db cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def power_to_db(const real_t[::1] x, double amin, double ref_db, double top_db,
                real_t[::1] out):
    """``10*log10(max(amin, x)) - ref_db`` into ``out``, clipped below at
    ``max - top_db`` when ``top_db >= 0``."""
    cdef Py_ssize_t n = x.shape[0]
    cdef int st = 0
    if n == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_power_to_db_f32(&x[0], n, amin, ref_db, top_db, &out[0])
        else:
            st = fr_power_to_db_f64(&x[0], n, amin, ref_db, top_db, &out[0])
    check(st)
