"""Constant- and variable-Q transforms (librosa.core.constantq equivalents).

Adapted from librosa (ISC licence). librosa's multirate method, step for
step: early downsampling, then per octave (highest first) an STFT of the
octave's signal with a rectangular window, its product with the octave's
sparse filter basis, and a 2x resampling (soxr, called as `resample` calls
it) before the next octave.

What differs is where the time goes. The filter bases depend only on the
parameters, so each call's are built once and kept (`_plan`, an LRU cache
keyed by every parameter they depend on; librosa builds them on every call).
Each octave's STFT and its product with the sparse basis are one pass of a C
kernel (fr_stft_csr in csrc/stft_impl.h: frame, FFTW transform, product,
while the frame is in cache), writing straight into the stacked result with
librosa's scaling folded into the basis.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any, NamedTuple, Optional, Tuple

import numpy as np

from .. import _config, _fftw
from .._ext import _spectrum
from .._ext._layout import _as_rows
from ..filters import _wavelet
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util._checks import checked
from .audio import resample
from .convert import cqt_frequencies, note_to_hz
from .pitch import estimate_tuning
from .spectrum import _frame_runs, _stft_target, istft

__all__ = ["cqt", "vqt", "hybrid_cqt", "pseudo_cqt", "icqt"]


class _Octave(NamedTuple):
    lo: int  # the octave's bins are lo ... lo + n - 1 of the result
    n_fft: int
    hop: int
    indptr: np.ndarray  # the sparse basis (CSR), scaled, as floats of its complex data
    indices: np.ndarray
    data: np.ndarray


class _Plan(NamedTuple):
    octaves: Tuple[_Octave, ...]
    early: int  # early downsampling factor (1: none)


def _sparse_fft_basis(sr, freqs, filter_scale, norm, sparsity, window, gamma, alpha, dtype,
                      hop_length=None):
    """librosa's __vqt_filter_fft, as CSR arrays: the filters' FFTs (the
    non-negative frequencies), each row without the smallest magnitudes that
    hold ``sparsity`` of its energy (librosa.util.sparsify_rows)."""
    basis, lengths = _wavelet.wavelet(freqs=freqs, sr=sr, filter_scale=filter_scale, norm=norm,
                                      pad_fft=True, window=window, gamma=gamma, alpha=alpha)
    n_fft = basis.shape[1]
    if hop_length is not None and n_fft < 2.0 ** (1 + np.ceil(np.log2(hop_length))):
        n_fft = int(2.0 ** (1 + np.ceil(np.log2(hop_length))))
    basis *= lengths[:, np.newaxis] / float(n_fft)
    # librosa's FFT library is scipy.fft; the basis is complex64 and so is its
    # FFT, whose rounding (pocketfft's) every later step inherits
    import scipy.fft

    x = scipy.fft.fft(basis, n=n_fft, axis=1)[:, : (n_fft // 2) + 1]

    if not 0.0 <= sparsity < 1:
        raise ParameterError(f"Invalid quantile {sparsity:.2f}")
    mags = np.abs(x)
    norms = np.sum(mags, axis=1, keepdims=True)
    mag_sort = np.sort(mags, axis=1)
    cumulative_mag = np.cumsum(mag_sort / norms, axis=1)
    threshold_idx = np.argmin(cumulative_mag < sparsity, axis=1)
    keep = (mags >= mag_sort[np.arange(len(x)), threshold_idx][:, np.newaxis]) & (x != 0)
    rows, cols = np.nonzero(keep)  # row-major, ascending columns: CSR order
    indptr = np.zeros(len(x) + 1, dtype=np.intp)
    np.cumsum(np.bincount(rows, minlength=len(x)), out=indptr[1:])
    return indptr, cols.astype(np.intp), x[rows, cols].astype(dtype), n_fft


def _intervals(n_bins, fmin, intervals, bins_per_octave):
    """librosa.interval_frequencies(..., sort=True)."""
    if isinstance(intervals, str) and intervals == "equal":
        ratios = 2.0 ** (np.arange(0, bins_per_octave, dtype=float) / bins_per_octave)
        n_octaves = np.ceil(n_bins / bins_per_octave)
        all_ratios = np.multiply.outer(2.0 ** np.arange(n_octaves), ratios).flatten()[:n_bins]
        return np.sort(all_ratios) * fmin
    from . import interval_frequencies  # librosa's (delegated) for the other tunings

    return interval_frequencies(n_bins=n_bins, fmin=fmin, intervals=intervals,
                                bins_per_octave=bins_per_octave, sort=True)


def _bandwidths(freqs, bins_per_octave):
    if len(freqs) == 1:
        return _wavelet._et_relative_bw(bins_per_octave)
    return _wavelet._relative_bandwidth(freqs=freqs)


def _num_two_factors(x: int) -> int:
    if x <= 0:
        return 0
    n = 0
    while x % 2 == 0:
        n += 1
        x //= 2
    return n


def _build_plan(sr, hop_length, freqs, gamma, filter_scale, norm, sparsity, window, scale,
                dtype, bins_per_octave) -> _Plan:
    """Everything of a vqt call but the signal: librosa's checks in its order,
    the early downsampling and each octave's scaled sparse basis."""
    n_bins = len(freqs)
    n_octaves = int(np.ceil(float(n_bins) / bins_per_octave))
    n_filters = min(bins_per_octave, n_bins)
    alpha = _bandwidths(freqs, bins_per_octave)
    lengths, filter_cutoff = _wavelet.wavelet_lengths(freqs=freqs, sr=sr, window=window,
                                                      filter_scale=filter_scale, gamma=gamma,
                                                      alpha=alpha)
    nyquist = sr / 2.0
    if filter_cutoff > nyquist:
        raise ParameterError(
            f"Wavelet basis with max frequency={np.max(freqs[-bins_per_octave:])} would exceed "
            f"the Nyquist frequency={nyquist}. Try reducing the number of frequency bins.")

    count1 = max(0, int(np.ceil(np.log2(nyquist / filter_cutoff)) - 1) - 1)
    count2 = max(0, _num_two_factors(hop_length) - n_octaves + 1)
    early = 2 ** min(count1, count2)
    sr_top, hop = sr / float(early), hop_length // early
    if scale:  # librosa divides by sqrt of the lengths at the downsampled rate
        lengths, _ = _wavelet.wavelet_lengths(freqs=freqs, sr=sr_top, window=window,
                                              filter_scale=filter_scale, gamma=gamma,
                                              alpha=alpha)

    octaves = []
    my_sr, my_hop = sr_top, hop
    for i in range(n_octaves):
        sl = slice(-n_filters, None) if i == 0 else slice(-n_filters * (i + 1), -n_filters * i)
        bins = np.arange(n_bins)[sl]
        indptr, indices, data, n_fft = _sparse_fft_basis(
            my_sr, freqs[sl], filter_scale, norm, sparsity, window, gamma, alpha[sl], dtype)
        # librosa scales the basis for the downsampling, and the result by
        # 1/sqrt(length) (scale=True): both are folded into the weights
        weight = np.full(len(bins), np.sqrt(sr_top / my_sr))
        if scale:
            weight /= np.sqrt(lengths[bins])
        data *= np.repeat(weight, np.diff(indptr)).astype(data.real.dtype)
        real = data.view(data.real.dtype)
        for a in (indptr, indices, real):
            a.flags.writeable = False
        octaves.append(_Octave(int(bins[0]) if len(bins) else 0, n_fft, my_hop, indptr, indices,
                               real))
        if my_hop % 2 == 0:
            my_hop //= 2
            my_sr /= 2.0
    return _Plan(tuple(octaves), early)


def _memo(build):
    """``build`` behind an LRU cache keyed by its arguments, and called
    directly when one is unhashable (an array window). lru_cache is
    thread-safe; two threads may build the same value once each."""
    cached = functools.lru_cache(maxsize=32)(build)

    @functools.wraps(build)
    def call(*key):
        try:
            return cached(*key)
        except TypeError:  # unhashable (or build's own TypeError, raised again)
            return build(*key)

    return call


@_memo
def _plan(sr, hop_length, freqs, *rest) -> _Plan:
    """`_build_plan` of the frequencies ``freqs`` (float64 bytes), cached."""
    return _build_plan(sr, hop_length, np.frombuffer(freqs), *rest)


def _runs(x, octave, pad_mode, precision, window="ones", valid=True):
    """librosa's stft framing of the octave (its checks and warnings; the
    signal's own were made once, before the first octave)."""
    return _frame_runs(x, n_fft=octave.n_fft, hop_length=octave.hop, win_length=None,
                       window=window, center=True, pad_mode=pad_mode,
                       precision=lambda checked: precision, valid=valid)


def _respond(runs, octave, frames, out, magnitude=False):
    """The octave's sparse basis times the STFT of the first ``frames``
    frames of ``runs``, into bins ``octave.lo ...`` of ``out`` (rows, frames,
    bins), in one pass per run (csrc/stft_impl.h, fr_stft_csr)."""
    n_bins, width = out.shape[2], 1 if magnitude else 2
    flat = out.reshape(-1).view(runs.x.dtype)[width * octave.lo:]
    first, n_threads = 0, _config.get_num_threads()
    for rows, count in runs.parts:
        count = min(count, frames - first)
        if count <= 0:
            break
        _spectrum.csr_frames(rows, runs.window, runs.hop_length, count, octave.indptr,
                             octave.indices, octave.data, magnitude,
                             flat[width * first * n_bins:], frames * n_bins, 1, n_bins,
                             n_threads)
        first += count


def _downsample(x, factor, res_type):
    """``resample(x, orig_sr=factor, target_sr=1, res_type=res_type,
    scale=True)`` of the rows ``x`` of a signal already checked: soxr's
    modes call soxr row by row as `resample` does, without its checks. (The
    scaling stays on the signal: soxr's HQ modes filter in single precision,
    so scaling after them would not give librosa's float64 results.)"""
    if not res_type.startswith("soxr"):
        return resample(x, orig_sr=factor, target_sr=1, res_type=res_type, scale=True)
    import soxr

    ratio = 1.0 / factor
    n = int(np.ceil(x.shape[-1] * ratio))
    rows = [soxr.resample(row, factor, 1, quality=res_type) for row in x]
    if len(rows) == 1 and rows[0].shape == (n,) and rows[0].dtype == x.dtype:
        out = rows[0].reshape(1, n)  # soxr's own array, as fix_length leaves it
    else:
        out = np.zeros((x.shape[0], n), dtype=x.dtype)
        for r, h in enumerate(rows):
            out[r, : min(n, len(h))] = h[:n]
    out /= np.sqrt(ratio)
    return out


@checked
def vqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    n_bins: int = 84,
    intervals: Any = "equal",
    gamma: Optional[float] = None,
    bins_per_octave: int = 12,
    tuning: Optional[float] = 0.0,
    filter_scale: float = 1,
    norm: Optional[float] = 1,
    sparsity: float = 0.01,
    window: Any = "hann",
    scale: bool = True,
    pad_mode: Any = "constant",
    res_type: Optional[str] = "soxr_hq",
    dtype: Optional[Any] = None,
) -> np.ndarray:
    """Variable-Q transform of an audio signal, as ``librosa.vqt``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio time series; multichannel input is transformed along the last axis.
    sr : number > 0
        Sampling rate of ``y``.
    hop_length : int > 0
        Samples between successive columns (divisible by ``2**(n_octaves - 1)``
        for the octaves to share one frame rate).
    fmin : float > 0 or None
        Lowest frequency; C1 (32.70 Hz) by default.
    n_bins : int > 0
        Number of frequency bins from ``fmin`` up.
    intervals : str or array of floats in [1, 2)
        ``'equal'`` (equal temperament) or another interval set of
        ``librosa.interval_frequencies``.
    gamma : number >= 0 or None
        Bandwidth offset; 0 gives the constant-Q transform, None a constant
        fraction of the equivalent rectangular bandwidths.
    bins_per_octave : int > 0
        Bins per octave.
    tuning : float or None
        Tuning offset in fractions of a bin (None: `estimate_tuning`).
    filter_scale : float > 0
        Filter scale factor; below 1, shorter filters.
    norm : {inf, -inf, 0, float > 0, None}
        Normalisation of the basis filters.
    sparsity : float in [0, 1)
        Fraction of each basis filter's energy that may be discarded.
    window : str, tuple, number or callable
        Window of the basis filters.
    scale : bool
        Divide each bin by the square root of its filter's length.
    pad_mode : str
        Padding mode of the centred frames (see `stft`).
    res_type : str
        Resampling mode between octaves (see `resample`).
    dtype : np.dtype or None
        Complex output dtype; complex64 for float32 input, complex128 for float64.

    Returns
    -------
    VQT : np.ndarray [shape=(..., n_bins, t), dtype=complex]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> V = fastrosa.vqt(y, sr=22050)
    >>> V.shape, V.dtype
    ((84, 44), dtype('complex64'))
    """
    if not isinstance(intervals, str):
        bins_per_octave = len(intervals)
    if fmin is None:
        fmin = note_to_hz("C1")
    if tuning is None:
        tuning = estimate_tuning(y=y, sr=sr, bins_per_octave=bins_per_octave)
    if dtype is None:
        dtype = util.dtype_r2c(y.dtype)
    dtype = np.dtype(dtype)
    fmin = fmin * 2.0 ** (tuning / bins_per_octave)
    freqs = _intervals(n_bins, fmin, intervals, bins_per_octave)
    plan = _plan(sr, hop_length, np.ascontiguousarray(freqs, np.float64).tobytes(), gamma,
                 filter_scale, norm, sparsity, window, scale, dtype, bins_per_octave)
    if res_type is None:
        warnings.warn("Support for VQT with res_type=None is deprecated in librosa 0.10\n"
                      "and will be removed in version 1.0.", category=FutureWarning,
                      stacklevel=2)
        res_type = "soxr_hq"
    return _transform(y, plan, n_bins, res_type, scale, pad_mode, dtype)


def _frames(n, octave):
    """stft's centred frame count for n samples (librosa's 1 + (n + 2 * (n_fft // 2) - n_fft) // hop)."""
    return 1 + (n + 2 * (octave.n_fft // 2) - octave.n_fft) // octave.hop


class _Worker:
    """A thread that runs the octaves' kernels (which release the GIL) while
    the calling thread resamples the next octave (soxr releases it too):
    librosa's octaves, in its order, on two cores. Inline when ``on`` is
    false. The first error of a kernel is raised by `join`."""

    def __init__(self, on: bool):
        self.error = None
        self.thread = None
        if on:
            import queue
            import threading

            self.jobs = queue.SimpleQueue()
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()

    def _run(self):
        while True:
            job = self.jobs.get()
            if job is None:
                return
            if self.error is None:
                try:
                    _respond(*job)
                except BaseException as exc:  # noqa: BLE001 - re-raised by join
                    self.error = exc

    def submit(self, *job):
        if self.thread is None:
            _respond(*job)
        else:
            self.jobs.put(job)

    def join(self):
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


def _transform(y, plan, n_bins, res_type, scale, pad_mode, dtype):
    """Run ``plan`` over the octaves' signals into the stacked result
    (librosa's __trim_stack: every octave cut to the fewest frames, counted
    ahead from the octaves' lengths so that each octave runs as soon as its
    signal is there)."""
    if plan.early > 1 and y.shape[-1] < plan.early:
        raise ParameterError(f"Input signal length={len(y):d} is too short for "
                             f"{len(plan.octaves):d}-octave CQT")
    util.valid_audio(y)
    if not util.is_positive_int(plan.octaves[0].hop):  # librosa's stft's check, first octave
        raise ParameterError(f"hop_length={plan.octaves[0].hop} must be a positive integer")
    precision = _stft_target(y, dtype, None)[1]
    n, lengths = y.shape[-1], []
    if plan.early > 1:
        n = int(np.ceil(n * (1.0 / plan.early)))
    for octave in plan.octaves:
        lengths.append(n)
        if octave.hop % 2 == 0:
            n = int(np.ceil(n * 0.5))
    frames = min(_frames(n, octave) for n, octave in zip(lengths, plan.octaves))

    x = _as_rows(y)
    out = np.empty((x.shape[0], frames, n_bins), dtype=util.dtype_r2c(precision))
    _fftw.ensure_loaded()
    worker = _Worker(_config.get_num_threads() > 1 and x.size >= 1 << 16)
    try:
        if plan.early > 1:
            x = _downsample(x, plan.early, res_type)
            if not scale:
                x *= np.sqrt(plan.early)
        for octave in plan.octaves:
            runs = _runs(x, octave, pad_mode, precision)
            assert runs.n_frames >= frames
            worker.submit(runs, octave, frames, out)
            if octave.hop % 2 == 0:  # after the last octave too: librosa's checks of it apply
                x = _downsample(x, 2, res_type)
    finally:
        worker.join()
    V = out.transpose(0, 2, 1).reshape(y.shape[:-1] + (n_bins, frames))
    return V if V.dtype == dtype else V.astype(dtype)


@checked
def cqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
    tuning: Optional[float] = 0.0,
    filter_scale: float = 1,
    norm: Optional[float] = 1,
    sparsity: float = 0.01,
    window: Any = "hann",
    scale: bool = True,
    pad_mode: Any = "constant",
    res_type: Optional[str] = "soxr_hq",
    dtype: Optional[Any] = None,
) -> np.ndarray:
    """Constant-Q transform of an audio signal, as ``librosa.cqt``: `vqt`
    with ``gamma=0`` (see there for the parameters).

    Returns
    -------
    CQT : np.ndarray [shape=(..., n_bins, t), dtype=complex]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> C = np.abs(fastrosa.cqt(y, sr=22050))
    >>> C.shape
    (84, 44)
    >>> int(C[:, 20].argmax())  # A4 is 45 semitones above C1
    45
    """
    return vqt(y, sr=sr, hop_length=hop_length, fmin=fmin, n_bins=n_bins, intervals="equal",
               gamma=0, bins_per_octave=bins_per_octave, tuning=tuning,
               filter_scale=filter_scale, norm=norm, sparsity=sparsity, window=window,
               scale=scale, pad_mode=pad_mode, res_type=res_type, dtype=dtype)


@_memo
def _pseudo_basis(sr, hop_length, fmin, n_bins, bins_per_octave, filter_scale, norm, sparsity,
                  window, scale, dtype) -> _Octave:
    """pseudo_cqt's one basis (its frequencies' filters at the full rate),
    with librosa's final scaling folded in."""
    freqs = cqt_frequencies(fmin=fmin, n_bins=n_bins, bins_per_octave=bins_per_octave)
    alpha = _bandwidths(freqs, bins_per_octave)
    lengths, _ = _wavelet.wavelet_lengths(freqs=freqs, sr=sr, window=window,
                                          filter_scale=filter_scale, alpha=alpha)
    indptr, indices, data, n_fft = _sparse_fft_basis(
        sr, freqs, filter_scale, norm, sparsity, window, 0.0, alpha, dtype,
        hop_length=hop_length)
    weight = np.full(n_bins, 1 / np.sqrt(n_fft)) if scale else np.sqrt(lengths / n_fft)
    data *= np.repeat(weight, np.diff(indptr)).astype(data.real.dtype)
    real = data.view(data.real.dtype)
    for a in (indptr, indices, real):
        a.flags.writeable = False
    return _Octave(0, n_fft, hop_length, indptr, indices, real)


@checked
def pseudo_cqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
    tuning: Optional[float] = 0.0,
    filter_scale: float = 1,
    norm: Optional[float] = 1,
    sparsity: float = 0.01,
    window: Any = "hann",
    scale: bool = True,
    pad_mode: Any = "constant",
    dtype: Optional[Any] = None,
) -> np.ndarray:
    """Pseudo constant-Q transform, as ``librosa.pseudo_cqt``: the magnitudes
    of one STFT (Hann window, at the full rate) weighted by the magnitudes of
    the constant-Q basis. Parameters as for `cqt` (no resampling).

    Returns
    -------
    CQT : np.ndarray [shape=(..., n_bins, t), dtype=float]
        Magnitudes, real-valued.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 880 * np.arange(22050) / 22050).astype(np.float32)
    >>> C = fastrosa.pseudo_cqt(y, sr=22050, fmin=fastrosa.note_to_hz("C4"), n_bins=36)
    >>> C.shape, C.dtype, int(C[:, 20].argmax())  # A5 is 21 semitones above C4
    ((36, 44), dtype('float32'), 21)
    """
    if fmin is None:
        fmin = note_to_hz("C1")
    if tuning is None:
        tuning = estimate_tuning(y=y, sr=sr, bins_per_octave=bins_per_octave)
    if dtype is None:
        dtype = util.dtype_r2c(y.dtype)
    dtype = np.dtype(dtype)
    fmin = fmin * 2.0 ** (tuning / bins_per_octave)
    key = (sr, hop_length, fmin, n_bins, bins_per_octave, filter_scale, norm, sparsity, window,
           scale, dtype)
    octave = _pseudo_basis(*key)
    precision = _stft_target(y, dtype, None)[1]
    runs = _runs(y, octave, pad_mode, precision, window="hann", valid=False)
    _fftw.ensure_loaded()
    out = np.empty((runs.x.shape[0], runs.n_frames, n_bins), dtype=precision)
    _respond(runs, octave, runs.n_frames, out, magnitude=True)
    return out.transpose(0, 2, 1).reshape(y.shape[:-1] + (n_bins, runs.n_frames))


@checked
def hybrid_cqt(
    y: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
    tuning: Optional[float] = 0.0,
    filter_scale: float = 1,
    norm: Optional[float] = 1,
    sparsity: float = 0.01,
    window: Any = "hann",
    scale: bool = True,
    pad_mode: Any = "constant",
    res_type: str = "soxr_hq",
    dtype: Optional[Any] = None,
) -> np.ndarray:
    """Hybrid constant-Q transform, as ``librosa.hybrid_cqt``: `pseudo_cqt`
    for the bins whose filters fit in two hops, the magnitude of `cqt` for
    the others. Parameters as for `cqt`.

    Returns
    -------
    CQT : np.ndarray [shape=(..., n_bins, t), dtype=float]
        Magnitudes, real-valued.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> C = fastrosa.hybrid_cqt(y, sr=22050)
    >>> C.shape, C.dtype, int(C[:, 20].argmax())
    ((84, 44), dtype('float32'), 45)
    """
    if fmin is None:
        fmin = note_to_hz("C1")
    if tuning is None:
        tuning = estimate_tuning(y=y, sr=sr, bins_per_octave=bins_per_octave)
    fmin = fmin * 2.0 ** (tuning / bins_per_octave)
    freqs = cqt_frequencies(n_bins, fmin=fmin, bins_per_octave=bins_per_octave)
    alpha = _bandwidths(freqs, bins_per_octave)
    lengths, _ = _wavelet.wavelet_lengths(freqs=freqs, sr=sr, filter_scale=filter_scale,
                                          window=window, alpha=alpha)
    pseudo_filters = 2.0 ** np.ceil(np.log2(lengths)) < 2 * hop_length
    n_bins_pseudo = int(np.sum(pseudo_filters))
    n_bins_full = n_bins - n_bins_pseudo
    parts = []
    common = dict(sr=sr, hop_length=hop_length, bins_per_octave=bins_per_octave,
                  filter_scale=filter_scale, norm=norm, sparsity=sparsity, window=window,
                  scale=scale, pad_mode=pad_mode, dtype=dtype)
    if n_bins_pseudo > 0:
        parts.append(pseudo_cqt(y, fmin=np.min(freqs[pseudo_filters]), n_bins=n_bins_pseudo,
                                **common))
    if n_bins_full > 0:
        parts.append(np.abs(cqt(y, fmin=fmin, n_bins=n_bins_full, res_type=res_type,
                                **common)))
    # librosa's __trim_stack, in the dtype of the last part
    frames = min(p.shape[-1] for p in parts)
    out = np.empty(parts[0].shape[:-2] + (n_bins, frames), dtype=parts[-1].dtype, order="F")
    end = n_bins
    for p in parts:
        n_oct = p.shape[-2]
        if end < n_oct:
            out[..., :end, :] = p[..., -end:, :frames]
        else:
            out[..., end - n_oct: end, :] = p[..., :frames]
        end -= n_oct
    return out


@_memo
def _inverse_basis(my_sr, freqs, filter_scale, norm, sparsity, window, alpha, lengths):
    """icqt's octave: librosa's dense conjugate transpose of the sparse basis
    (complex64, as librosa builds it for icqt) and each filter's
    frequency-domain power compensation."""
    freqs, alpha, lengths = (np.frombuffer(a) for a in (freqs, alpha, lengths))
    indptr, indices, data, n_fft = _sparse_fft_basis(my_sr, freqs, filter_scale, norm, sparsity,
                                                      window, 0.0, alpha, np.complex64)
    dense = np.zeros((len(freqs), n_fft // 2 + 1), dtype=np.complex64)
    dense[np.repeat(np.arange(len(freqs)), np.diff(indptr)), indices] = data
    inv_basis = dense.conjugate().T
    freq_power = 1 / np.sum(inv_basis.real**2 + inv_basis.imag**2, axis=0)  # librosa.util.abs2
    freq_power *= n_fft / lengths
    for a in (inv_basis, freq_power):
        a.flags.writeable = False
    return inv_basis, freq_power


@checked
def icqt(
    C: np.ndarray,
    *,
    sr: float = 22050,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    bins_per_octave: int = 12,
    tuning: float = 0.0,
    filter_scale: float = 1,
    norm: Optional[float] = 1,
    sparsity: float = 0.01,
    window: Any = "hann",
    scale: bool = True,
    length: Optional[int] = None,
    res_type: str = "soxr_hq",
    dtype: Optional[Any] = None,
) -> np.ndarray:
    """Inverse constant-Q transform, as ``librosa.icqt``: per octave, the
    conjugate basis back to an STFT, `istft` with a rectangular window and
    `resample` up to ``sr``, summed. The octaves' bases are built once per
    parameter set.

    Parameters
    ----------
    C : np.ndarray [shape=(..., n_bins, n_frames)]
        Constant-Q representation, as from `cqt`.
    sr, hop_length, fmin, bins_per_octave, tuning, filter_scale, norm, sparsity,
    window, scale, res_type : as for `cqt`
    length : int > 0 or None
        If given, the output is trimmed or padded to ``length`` samples.
    dtype : np.dtype or None
        Real output dtype (by default the real counterpart of the octaves' STFT,
        float64 as in librosa).

    Returns
    -------
    y : np.ndarray [shape=(..., n)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(3 * 22050) / 22050)
    >>> C = fastrosa.cqt(y, sr=22050)
    >>> fastrosa.icqt(C, sr=22050, length=len(y)).shape
    (66150,)
    """
    if fmin is None:
        fmin = note_to_hz("C1")
    fmin = fmin * 2.0 ** (tuning / bins_per_octave)
    n_bins = C.shape[-2]
    n_octaves = int(np.ceil(float(n_bins) / bins_per_octave))
    freqs = cqt_frequencies(fmin=fmin, n_bins=n_bins, bins_per_octave=bins_per_octave)
    alpha = _bandwidths(freqs, bins_per_octave)
    lengths, _ = _wavelet.wavelet_lengths(freqs=freqs, sr=sr, window=window,
                                          filter_scale=filter_scale, alpha=alpha)
    if length is not None:
        n_frames = int(np.ceil((length + max(lengths)) / hop_length))
        C = C[..., :n_frames]
    C_scale = np.sqrt(lengths)

    srs, hops = [sr], [hop_length]
    for _ in range(n_octaves - 1):
        if hops[0] % 2 == 0:
            srs.insert(0, srs[0] * 0.5)
            hops.insert(0, hops[0] // 2)
        else:
            srs.insert(0, srs[0])
            hops.insert(0, hops[0])

    y = None
    for i, (my_sr, my_hop) in enumerate(zip(srs, hops)):
        n_filters = min(bins_per_octave, n_bins - bins_per_octave * i)
        sl = slice(bins_per_octave * i, bins_per_octave * i + n_filters)
        key = (my_sr, freqs[sl].tobytes(), filter_scale, norm, sparsity, window,
               np.ascontiguousarray(alpha[sl]).tobytes(), lengths[sl].tobytes())
        inv_basis, freq_power = _inverse_basis(*key)
        if scale:
            D_oct = np.einsum("fc,c,c,...ct->...ft", inv_basis, C_scale[sl], freq_power,
                              C[..., sl, :], optimize=True)
        else:
            D_oct = np.einsum("fc,c,...ct->...ft", inv_basis, freq_power, C[..., sl, :],
                              optimize=True)
        y_oct = istft(D_oct, window="ones", hop_length=my_hop, dtype=dtype)
        y_oct = resample(y_oct, orig_sr=1, target_sr=sr // my_sr, res_type=res_type,
                         scale=False, fix=False)
        if y is None:
            y = y_oct
        else:
            y[..., : y_oct.shape[-1]] += y_oct
    if length:
        y = util.fix_length(y, size=length)
    return y
