# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Pitch-tracking and projection kernels (private; see fastrosa.core.pitch and
fastrosa.feature.spectral)."""

from libc.stdint cimport int64_t

from fastrosa._ext._kernels_pitch cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def piptrack(const real_t[:, :, :] S, object ref, double threshold, bint thr_in_t,
             Py_ssize_t k_lo, Py_ssize_t k_hi, double sr, double n_fft,
             real_t[::1] pitch, real_t[::1] mag, bint compact, int n_threads=1):
    """Peaks of each (bins, frames) spectrogram of ``S`` (rows, bins, frames),
    any strides in whole items (frame-major memory is read in place).

    ``ref`` is None (threshold times each frame's maximum) or a float64
    (rows, frames) array of references. Full output: ``pitch`` and ``mag``
    are flat views of zeroed (rows, bins, frames) arrays, written at the peaks;
    compact: the peaks' values
    are packed at their start. Returns the number of peaks.
    """
    cdef Py_ssize_t rows = S.shape[0], n_freq = S.shape[1], n_frames = S.shape[2]
    cdef Py_ssize_t ldout = n_freq * n_frames, ldref = 0, n_peaks = 0
    cdef Py_ssize_t lds = S.strides[0] // sizeof(real_t), ldb = S.strides[1] // sizeof(real_t)
    cdef Py_ssize_t ldf = S.strides[2] // sizeof(real_t)
    cdef const double[:, ::1] refs
    cdef const double *ref_ptr = NULL
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return 0
    if (S.strides[0] % sizeof(real_t) or S.strides[1] % sizeof(real_t)
            or S.strides[2] % sizeof(real_t)):
        raise ValueError("piptrack: strides must be whole items")
    need = rows * (max(k_hi, 1) - max(k_lo, 1)) * n_frames if compact else rows * ldout
    if pitch.shape[0] < need or mag.shape[0] < need:
        raise ValueError("piptrack: output too small")
    if ref is not None:
        refs = ref
        if refs.shape[0] != rows or refs.shape[1] != n_frames:
            raise ValueError("piptrack: reference shape disagrees with S")
        ref_ptr = &refs[0, 0]
        ldref = n_frames
    with nogil:
        if real_t is float:
            st = fr_piptrack_f32(&S[0, 0, 0], rows, lds, ldb, ldf, n_freq, n_frames, ref_ptr,
                                 ldref, threshold, thr_in_t, k_lo, k_hi, sr, n_fft, compact,
                                 &pitch[0] if pitch.shape[0] else NULL,
                                 &mag[0] if mag.shape[0] else NULL, ldout, &n_peaks,
                                 n_threads)
        else:
            st = fr_piptrack_f64(&S[0, 0, 0], rows, lds, ldb, ldf, n_freq, n_frames, ref_ptr,
                                 ldref, threshold, thr_in_t, k_lo, k_hi, sr, n_fft, compact,
                                 &pitch[0] if pitch.shape[0] else NULL,
                                 &mag[0] if mag.shape[0] else NULL, ldout, &n_peaks,
                                 n_threads)
    check(st)
    return n_peaks


def project(const real_t[:, ::1] W, const real_t[:, :, :] S, real_t[:, :, ::1] out,
            int n_threads=1):
    """``out[r] = W @ S[r]`` for each (bins, frames) spectrogram of ``S``, any
    strides in whole items (frame-major memory is read in place), on up to
    ``n_threads`` threads (the same values)."""
    cdef Py_ssize_t rows = S.shape[0], n_freq = S.shape[1], n_frames = S.shape[2]
    cdef Py_ssize_t n_bands = W.shape[0]
    cdef Py_ssize_t lds = S.strides[0] // sizeof(real_t), ldb = S.strides[1] // sizeof(real_t)
    cdef Py_ssize_t ldf = S.strides[2] // sizeof(real_t)
    cdef int st = 0
    if W.shape[1] != n_freq or out.shape[0] != rows or out.shape[1] != n_bands \
            or out.shape[2] != n_frames:
        raise ValueError("project: shapes disagree")
    if (S.strides[0] % sizeof(real_t) or S.strides[1] % sizeof(real_t)
            or S.strides[2] % sizeof(real_t)):
        raise ValueError("project: strides must be whole items")
    if rows == 0 or n_frames == 0 or n_bands == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_project_f32(&W[0, 0], n_bands, n_freq, &S[0, 0, 0], rows, lds, ldb, ldf,
                                n_frames, &out[0, 0, 0], n_bands * n_frames, n_threads)
        else:
            st = fr_project_f64(&W[0, 0], n_bands, n_freq, &S[0, 0, 0], rows, lds, ldb, ldf,
                                n_frames, &out[0, 0, 0], n_bands * n_frames, n_threads)
    check(st)


def tuning_counts(const real_t[::1] x, const double[::1] edges, int64_t[::1] counts):
    """``np.histogram`` of the residuals ``np.mod(x, 1.0)`` (less 1 from 0.5 up)
    over ``edges`` into ``counts`` (pitch_tuning's histogram)."""
    cdef Py_ssize_t n = x.shape[0], n_edges = edges.shape[0]
    cdef int st = 0
    if n_edges < 2 or counts.shape[0] != n_edges - 1:
        raise ValueError("tuning_counts: shapes disagree")
    with nogil:
        if real_t is float:
            st = fr_tuning_counts_f32(&x[0] if n else NULL, n, &edges[0], n_edges, &counts[0])
        else:
            st = fr_tuning_counts_f64(&x[0] if n else NULL, n, &edges[0], n_edges, &counts[0])
    check(st)
