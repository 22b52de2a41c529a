# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Onset strength, peak picking and beat tracking kernels (private; see
fastrosa.onset, fastrosa.util.peak_pick and fastrosa.beat)."""

from fastrosa._ext._kernels_rhythm cimport *
from fastrosa._ext._status cimport check, real_t
from fastrosa._ext._kernels cimport fr_runtime_adopt
from fastrosa._ext._runtime cimport shared

# the process-wide FFTW and SIMD state (_runtime.pyx)
fr_runtime_adopt(shared())


def onset_flux(const real_t[:, :, ::1] S, object ref, Py_ssize_t lag, Py_ssize_t max_size,
               const Py_ssize_t[::1] lo, const Py_ssize_t[::1] hi, bint median,
               real_t[:, :, ::1] out):
    """Aggregated half-wave rectified flux of each (bins, frames) spectrogram of
    ``S`` (rows, bins, frames) into ``out`` (rows, channels, frames - lag).
    ``ref`` is None (``S`` maximum-filtered over ``max_size`` bins) or an
    array like ``S``."""
    cdef Py_ssize_t rows = S.shape[0], n_bins = S.shape[1], n_frames = S.shape[2]
    cdef Py_ssize_t lds = n_bins * n_frames, n_ch = lo.shape[0]
    cdef const real_t[:, :, ::1] R
    cdef const real_t *rp = NULL
    cdef int st = 0
    if hi.shape[0] != n_ch or out.shape[0] != rows or out.shape[1] != n_ch \
            or out.shape[2] != n_frames - lag:
        raise ValueError("onset_flux: shapes disagree")
    if rows == 0 or n_ch == 0:
        return
    if ref is not None:
        R = ref
        if R.shape[0] != rows or R.shape[1] != n_bins or R.shape[2] != n_frames:
            raise ValueError("onset_flux: ref must have the shape of S")
        rp = &R[0, 0, 0]
    with nogil:
        if real_t is float:
            st = fr_onset_flux_f32(&S[0, 0, 0], rp, rows, lds, n_bins, n_frames, lag, max_size,
                                   &lo[0], &hi[0], n_ch, FR_AGG_MEDIAN if median else FR_AGG_MEAN,
                                   &out[0, 0, 0], n_ch * (n_frames - lag))
        else:
            st = fr_onset_flux_f64(&S[0, 0, 0], rp, rows, lds, n_bins, n_frames, lag, max_size,
                                   &lo[0], &hi[0], n_ch, FR_AGG_MEDIAN if median else FR_AGG_MEAN,
                                   &out[0, 0, 0], n_ch * (n_frames - lag))
    check(st)


def peak_pick(const real_t[:, ::1] x, Py_ssize_t pre_max, Py_ssize_t post_max,
              Py_ssize_t pre_avg, Py_ssize_t post_avg, float delta, Py_ssize_t wait,
              unsigned char[:, ::1] flags):
    """librosa's peak picker along each row of ``x``, flags into ``flags``."""
    cdef Py_ssize_t rows = x.shape[0], n = x.shape[1]
    cdef int st = 0
    if flags.shape[0] != rows or flags.shape[1] != n:
        raise ValueError("peak_pick: shapes disagree")
    if rows == 0 or n == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_peak_pick_f32(&x[0, 0], rows, n, n, pre_max, post_max, pre_avg, post_avg,
                                  delta, wait, &flags[0, 0], n)
        else:
            st = fr_peak_pick_f64(&x[0, 0], rows, n, n, pre_max, post_max, pre_avg, post_avg,
                                  delta, wait, &flags[0, 0], n)
    check(st)


def beat_track(const real_t[:, ::1] onsets, const real_t[:, ::1] fpb, float tightness,
               bint trim, unsigned char[:, ::1] beats):
    """The dynamic-programming beat tracker on each row of ``onsets`` (already
    normalised), with ``fpb`` frames per beat (one per row, or one per frame)."""
    cdef Py_ssize_t rows = onsets.shape[0], n = onsets.shape[1], n_fpb = fpb.shape[1]
    cdef int st = 0
    if fpb.shape[0] != rows or beats.shape[0] != rows or beats.shape[1] != n:
        raise ValueError("beat_track: shapes disagree")
    if rows == 0:
        return
    with nogil:
        if real_t is float:
            st = fr_beat_track_f32(&onsets[0, 0], rows, n, n, &fpb[0, 0], n_fpb, n_fpb,
                                   tightness, trim, &beats[0, 0], n)
        else:
            st = fr_beat_track_f64(&onsets[0, 0], rows, n, n, &fpb[0, 0], n_fpb, n_fpb,
                                   tightness, trim, &beats[0, 0], n)
    check(st)
