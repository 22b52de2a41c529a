# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Spectral shape kernels over stored spectrograms and frames (private; see
fastrosa.feature.spectral). The fused STFT reductions live in _spectrum."""

from fastrosa._ext._kernels_shape cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


cdef dict KINDS = {"centroid": FR_REDUCE_CENTROID, "bandwidth": FR_REDUCE_BANDWIDTH,
                   "rolloff": FR_REDUCE_ROLLOFF, "flatness": FR_REDUCE_FLATNESS,
                   "contrast": FR_REDUCE_CONTRAST}


def reducer_kind(str name):
    return KINDS[name]


def spec_reduce(const real_t[:, :, :] S, int kind, const double[::1] freq, double p,
                bint norm, double roll_percent, double amin, int sum_mode, double[:, ::1] out,
                int n_threads=1):
    """Per-frame reduction of each (n_freq, n_frames) spectrogram of ``S``
    (rows, n_freq, n_frames), any strides (frame-major memory is read in place),
    into ``out`` (rows, n_frames)."""
    cdef Py_ssize_t rows = S.shape[0], n_freq = S.shape[1], n_frames = S.shape[2]
    cdef Py_ssize_t lds = S.strides[0] // sizeof(real_t), ldb = S.strides[1] // sizeof(real_t)
    cdef Py_ssize_t ldf = S.strides[2] // sizeof(real_t)
    cdef fr_reducer red
    cdef int st = 0
    if out.shape[0] != rows or out.shape[1] != n_frames or freq.shape[0] != n_freq:
        raise ValueError("spec_reduce: shapes disagree")
    if (S.strides[0] % sizeof(real_t) or S.strides[1] % sizeof(real_t)
            or S.strides[2] % sizeof(real_t)):
        raise ValueError("spec_reduce: strides must be whole items")
    if rows == 0 or n_frames == 0:
        return
    red.kind = kind; red.freq = &freq[0]; red.p = p; red.norm = norm
    red.roll_percent = roll_percent; red.amin = amin; red.sum_mode = sum_mode; red.single = 0
    red.window64 = NULL
    red.n_bands = 0
    with nogil:
        if real_t is float:
            st = fr_spec_reduce_f32(&S[0, 0, 0], rows, lds, ldb, ldf, n_freq, n_frames, &red,
                                    &out[0, 0], n_frames, n_frames, n_threads)
        else:
            st = fr_spec_reduce_f64(&S[0, 0, 0], rows, lds, ldb, ldf, n_freq, n_frames, &red,
                                    &out[0, 0], n_frames, n_frames, n_threads)
    check(st)


def contrast(const real_t[:, ::1] S, Py_ssize_t n_freq, const Py_ssize_t[::1] start,
             const Py_ssize_t[::1] idx, const Py_ssize_t[::1] q, double[:, ::1] valley,
             double[:, ::1] peak, int n_threads=1, bint frame_major=False):
    """Band valleys and peaks of each row of ``S`` (rows, n_freq * n_frames) into
    ``valley`` and ``peak`` (rows, n_bands * n_frames); band b holds the bins
    ``idx[start[b]:start[b+1]]`` and averages its ``q[b]`` extreme values.
    ``frame_major``: each row holds frame after frame of n_freq bins instead."""
    cdef Py_ssize_t rows = S.shape[0], n_bands = q.shape[0]
    cdef Py_ssize_t n_frames = S.shape[1] // n_freq if n_freq > 0 else 0
    cdef int st = 0
    if start.shape[0] != n_bands + 1 or idx.shape[0] < start[n_bands] or n_freq < 1:
        raise ValueError("contrast: band arrays disagree")
    if (valley.shape[0] != rows or peak.shape[0] != rows or S.shape[1] != n_freq * n_frames
            or valley.shape[1] != n_bands * n_frames or peak.shape[1] != n_bands * n_frames):
        raise ValueError("contrast: shapes disagree")
    if rows == 0 or n_frames == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_contrast_f32(&S[0, 0], rows, S.shape[1], n_freq, n_frames, frame_major, n_bands,
                                 &start[0], &idx[0] if idx.shape[0] else NULL, &q[0],
                                 &valley[0, 0], &peak[0, 0], valley.shape[1], n_threads)
        else:
            st = fr_contrast_f64(&S[0, 0], rows, S.shape[1], n_freq, n_frames, frame_major, n_bands,
                                 &start[0], &idx[0] if idx.shape[0] else NULL, &q[0],
                                 &valley[0, 0], &peak[0, 0], valley.shape[1], n_threads)
    check(st)


def rms(const real_t[:, :] x, Py_ssize_t frame_length, Py_ssize_t hop, Py_ssize_t start,
        double[:, ::1] out):
    """RMS of ``out.shape[1]`` frames of each row of ``x`` (rows contiguous), frame
    t starting at sample ``start + t * hop``; samples outside the row are zero."""
    cdef Py_ssize_t rows = x.shape[0], n = x.shape[1], n_frames = out.shape[1]
    cdef Py_ssize_t ldx = x.strides[0] // sizeof(real_t) if rows > 1 else n
    cdef int st = 0
    if rows == 0 or n_frames == 0:
        return
    if out.shape[0] != rows or (n > 1 and x.strides[1] != sizeof(real_t)):
        raise ValueError("rms: rows must be contiguous")
    if n == 0:
        out[:, :] = 0.0
        return
    with nogil:
        if real_t is float:
            st = fr_rms_f32(&x[0, 0], rows, ldx, n, frame_length, hop, start, n_frames,
                            &out[0, 0], n_frames)
        else:
            st = fr_rms_f64(&x[0, 0], rows, ldx, n, frame_length, hop, start, n_frames,
                            &out[0, 0], n_frames)
    check(st)
