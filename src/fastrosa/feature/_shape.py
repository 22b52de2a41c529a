"""Spectral shape features: centroid, bandwidth, rolloff, contrast, flatness
and RMS (librosa.feature.spectral equivalents).

Adapted from librosa (ISC licence). From ``y``, centroid, bandwidth, rolloff
and flatness are per-frame reductions computed in the same pass as the STFT
(the spectrogram is never stored); from ``S`` the same C reduction runs over
the given spectrogram. Inputs outside the kernels' reach (per-frame ``freq``,
a given ``centroid``, non-finite or exotic-dtype spectrograms) take librosa's
own NumPy formulas, so results and errors stay librosa's.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import Any, Callable, NamedTuple, Optional

import numpy as np

from .. import _config, _fftw
from .._ext import _shape, _spectrum
from .._ext._layout import _as_matrices
from ..core import spectrum
from ..core.convert import fft_frequencies
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util._checks import checked
from . import _reference

__all__ = ["spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "spectral_contrast",
           "spectral_flatness", "rms"]

_REAL = (np.dtype(np.float32), np.dtype(np.float64))


def _bin_freq(freq, n_freq):
    """``freq`` as the kernels' float64 per-bin array, or None when it is not a
    plain 1-D float64 array of ``n_freq`` finite values (librosa's NumPy path)."""
    if (isinstance(freq, np.ndarray) and freq.ndim == 1 and freq.shape[0] == n_freq
            and freq.dtype == np.float64 and np.all(np.isfinite(freq))):
        return np.ascontiguousarray(freq)
    return None


class _Stft(NamedTuple):
    """The STFT arguments a feature passes on (as `fastrosa.stft`'s)."""
    n_fft: Any
    hop_length: Any
    win_length: Any
    window: Any
    center: Any
    pad_mode: Any


def _real(y):
    """The dtype of librosa's spectrogram of the (valid) signal ``y``."""
    return np.dtype(util.dtype_c2r(util.dtype_r2c(y.dtype)))


class _Fused(NamedTuple):
    """What a fused kernel returns."""
    values: np.ndarray  # the reductions of each frame, (..., n_values, t), float64
    real: np.dtype  # the dtype of librosa's spectrogram of the same signal


def _fused(kind, *, y, sr, f, stft, power=1.0, p=2.0, norm=True, roll_percent=0.85,
           amin=1e-10, suffix_min=False, precise=False, bands=None):
    """The reduction ``kind`` of |stft(y)|**power, fused with the transform; None
    when an empty band needs librosa's NumPy path. ``f`` is the per-bin ``freq``
    (see `_bin_freq`), None for the FFT's. Validates as librosa's ``_spectrogram``
    does. ``bands(n_fft, n_freq)`` gives contrast's bands once the STFT's
    arguments are known to be valid (see `_contrast_bands`).

    ``precise``: transform float32 signals in double and reduce the float32
    rounding of each spectrum, as librosa does (its window is float64). Needed
    where the float32 FFT's rounding noise (about 1e-7 of a frame's peak) is
    amplified: in the weak bins that bandwidth weighs by the squared distance
    from the centroid and that flatness and contrast take logarithms of."""
    n_fft = stft.n_fft
    if n_fft is None:
        raise ParameterError(f"Unable to compute spectrogram with n_fft={n_fft}")
    runs = spectrum._frame_runs(y, n_fft=n_fft, hop_length=stft.hop_length,
                                win_length=stft.win_length, window=stft.window,
                                center=stft.center, pad_mode=stft.pad_mode,
                                precision=lambda y: np.float64 if precise else _real(y))
    real = _real(y)
    if f is None:  # after the STFT's checks, as librosa (sr=0 divides by zero here)
        f = fft_frequencies(sr=sr, n_fft=n_fft)
    if suffix_min:
        f = np.ascontiguousarray(np.minimum.accumulate(f[::-1])[::-1])
    single = precise and real == np.float32
    # a float32 rolloff is refined in double where rounding could move it
    window64 = (spectrum._window(stft.window, stft.win_length or n_fft, n_fft, np.float64)
                if kind == "rolloff" and runs.x.dtype == np.float32 else None)
    band_arrays, n_values = None, 1
    if bands is not None:
        bins, counts = bands(n_fft, 1 + n_fft // 2)
        if not all(len(b) for b in bins):
            return None
        start = np.zeros(len(bins) + 1, dtype=np.intp)
        start[1:] = np.cumsum([len(b) for b in bins])
        band_arrays = (start, np.concatenate(bins).astype(np.intp),
                       np.asarray(counts, dtype=np.intp))
        n_values = 2 * len(bins)
    out = np.empty((runs.x.shape[0], n_values, runs.n_frames), dtype=np.float64)
    # librosa's stft is Fortran-ordered: bins are innermost only with one channel
    sum_mode = _reference.SUM_PAIRWISE if runs.x.shape[0] == 1 else _reference.SUM_SEQUENTIAL
    _fftw.ensure_loaded()
    first = 0
    for rows, count in runs.parts:
        _spectrum.reduce_frames(rows, runs.window, runs.hop_length, count, float(power),
                                _shape.reducer_kind(kind), f, float(p), bool(norm),
                                float(roll_percent), float(amin),
                                sum_mode, single, out, first,
                                _config.get_num_threads(), window64, band_arrays)
        first += count
    return _Fused(out.reshape(y.shape[:-1] + (n_values, runs.n_frames)), real)


def _stored(kind, S, f, *, p=2.0, norm=True, roll_percent=0.85, amin=1e-10,
            sum_mode=_reference.SUM_SEQUENTIAL, suffix_min=False, finite=None):
    """The reduction ``kind`` over a stored spectrogram ``S`` (..., n_freq, t),
    any memory layout, in C, or None when ``S`` or ``f`` needs librosa's NumPy
    path. ``finite``: whether ``S`` is finite everywhere, when the caller knows."""
    if not (isinstance(S, np.ndarray) and S.dtype in _REAL and S.ndim >= 2 and S.size):
        return None
    n_freq, n_frames = S.shape[-2], S.shape[-1]
    if f is not None:
        f = _bin_freq(f, n_freq)
        if f is None:
            return None
    else:
        f = np.zeros(n_freq)
    if not (util._all_finite(S) if finite is None else finite):
        return None
    if suffix_min:
        f = np.ascontiguousarray(np.minimum.accumulate(f[::-1])[::-1])
    # the kernel reduces the same spectrum values whatever the layout
    mats = _as_matrices(S)
    out = np.empty((mats.shape[0], n_frames), dtype=np.float64)
    _shape.spec_reduce(mats, _shape.reducer_kind(kind), f, float(p), bool(norm),
                       float(roll_percent), float(amin), sum_mode, out,
                       _config.get_num_threads())
    return out.reshape(S.shape[:-2] + (1, n_frames))


def _magnitude(y, S, stft, precise=False, quiet=False):
    """librosa's ``_spectrogram`` (power 1); with ``precise``, a float32 signal is
    transformed in double and the magnitudes rounded to float32 (see `_fused`).
    ``quiet``: without the STFT's warnings (given already by a fused attempt)."""
    cast = None
    if precise and S is None and isinstance(y, np.ndarray) and y.dtype == np.float32:
        y, cast = y.astype(np.float64), np.float32
    with (warnings.catch_warnings() if quiet else contextlib.nullcontext()):
        if quiet:
            warnings.simplefilter("ignore")
        S, n_fft = spectrum._spectrogram(y=y, S=S, **stft._asdict())
    return (S if cast is None else S.astype(cast)), n_fft


def _stored_extremes(S, bins, counts):
    """Per band (the bins ``bins[k]``, see `_contrast_bands`) the means of the
    ``counts[k]`` smallest and largest magnitudes of a stored ``S``, by partial
    selection in C: ``(valley, peak)``, or None when ``S`` or an empty band
    needs librosa's NumPy path."""
    if not (isinstance(S, np.ndarray) and S.dtype in _REAL and S.size
            and all(len(b) for b in bins) and util._all_finite(S)):
        return None
    shape = list(S.shape)
    shape[-2] = len(bins)
    n_freq, n_frames = S.shape[-2], S.shape[-1]
    # a 2-d S in stft's frame-major order is read in place, not transposed
    frame_major = S.ndim == 2 and S.flags.f_contiguous and not S.flags.c_contiguous
    rows = (S.T if frame_major else np.ascontiguousarray(S)).reshape(-1, n_freq * n_frames)
    start = np.zeros(len(bins) + 1, dtype=np.intp)
    start[1:] = np.cumsum([len(b) for b in bins])
    valley = np.empty((rows.shape[0], len(bins) * n_frames))
    peak = np.empty_like(valley)
    _shape.contrast(rows, n_freq, start, np.concatenate(bins).astype(np.intp),
                    np.asarray(counts, dtype=np.intp), valley, peak,
                    _config.get_num_threads(), frame_major)
    return valley.reshape(shape), peak.reshape(shape)


def _check_energies(S, what):
    """librosa's checks of a stored S; returns whether S is finite everywhere
    (found in the same pass)."""
    if not np.isrealobj(S):
        raise ParameterError(f"Spectral {what} is only defined with real-valued input")
    finite, negative = util._scan(S)
    if negative:
        raise ParameterError(f"Spectral {what} is only defined with non-negative energies")
    return finite


def _always(options):
    return True


class _Route(NamedTuple):
    """What the C kernels accept for one feature (a row of `_ROUTES`)."""
    kind: str  # the C reduction (``_shape.reducer_kind``), fused or over a stored S
    # librosa's, ``(S, freq, **options)``, for what the kernels refuse; for a
    # band route, ``(valley, peak, **options)`` from the bands' extremes
    formula: Callable
    takes: Callable = _always  # whether the kernels accept these options
    fused_takes: Callable = _always  # ... and, beyond that, the fused kernel
    precise: bool = False  # float32 signals transformed in double (see `_fused`)
    power: bool = False  # reduces S**power: librosa's dtype, NumPy's summation order
    suffix_min: bool = False  # reads freq as its suffix minimum (rolloff's search)
    freq: bool = True  # reduces against the bin frequencies
    # per-band extremes (contrast): ``(freq, n_freq, sr, options) -> (bins,
    # counts)``; the kernels give each band's (valley, peak), not one value,
    # and librosa checks no energies
    bands: Optional[Callable] = None


_ROUTES = {
    "centroid": _Route("centroid", _reference.centroid),
    "bandwidth": _Route("bandwidth", _reference.bandwidth, precise=True,
                        takes=lambda o: o["centroid"] is None
                        and not (np.ndim(o["p"]) == 0 and o["p"] == 0)),
    "rolloff": _Route("rolloff", _reference.rolloff, suffix_min=True),
    "flatness": _Route("flatness", lambda S, freq, **o: _reference.flatness(S, **o),
                       precise=True, power=True, freq=False,
                       takes=lambda o: np.ndim(o["amin"]) == 0,
                       fused_takes=lambda o: np.ndim(o["power"]) == 0),
    "contrast": _Route("contrast", lambda valley, peak, **o: _reference.contrast(
                           valley, peak, linear=o["linear"]),
                       precise=True,
                       bands=lambda f, n_freq, sr, o: _contrast_bands(
                           f, n_freq, sr=sr, fmin=o["fmin"], n_bands=o["n_bands"],
                           quantile=o["quantile"])),
}
_KERNEL_OPTIONS = ("p", "norm", "roll_percent", "amin")  # passed on to the C reductions


def _route(what, *, y, S, sr, freq, stft, **options):
    """Spectral ``what`` (a row of `_ROUTES`) from ``y`` or ``S``: fused with the
    STFT where the kernel takes the options and ``freq``, else from librosa's
    spectrogram, by the stored-spectrogram kernel (for a band route, the band
    kernel) or librosa's formula."""
    route = _ROUTES[what]
    kernel = {k: v for k, v in options.items() if k in _KERNEL_OPTIONS}
    takes = route.takes(options)
    bands = None
    if route.bands is not None:
        def bands(n_fft, n_freq):
            f = fft_frequencies(sr=sr, n_fft=n_fft) if freq is None else freq
            return route.bands(f, n_freq, sr, options)
    quiet = False
    if (S is None and y is not None and takes and route.fused_takes(options)
            and stft.n_fft is not None):  # n_fft=None fails in _magnitude
        # a given freq must be plain per-bin values
        f = None if freq is None else _bin_freq(freq, 1 + stft.n_fft // 2)
        if freq is None or f is not None:
            done = _fused(route.kind, y=y, sr=sr, f=f, stft=stft, suffix_min=route.suffix_min,
                          precise=route.precise, power=options.get("power", 1.0), bands=bands,
                          **kernel)
            if done is not None and bands is not None:
                nb = done.values.shape[-2] // 2
                return route.formula(done.values[..., :nb, :], done.values[..., nb:, :],
                                     **options)
            if done is not None:
                return done.values.astype(done.real) if route.power else done.values
            quiet = True  # an empty band: librosa's NumPy path below
    S, n_fft = _magnitude(y, S, stft, precise=route.precise, quiet=quiet)
    if bands is not None:
        bins, counts = bands(n_fft, S.shape[-2])
        extremes = _stored_extremes(S, bins, counts)
        if extremes is None:
            extremes = _reference.contrast_extremes(S, bins, counts)
        return route.formula(*extremes, **options)
    finite = _check_energies(S, what)
    if freq is None and route.freq:
        freq = fft_frequencies(sr=sr, n_fft=n_fft)
    if takes and not route.power:
        out = _stored(route.kind, S, freq, suffix_min=route.suffix_min, finite=finite, **kernel)
        if out is not None:
            return out
    elif takes:
        # librosa reduces S**power in its dtype, summing in NumPy's order
        Sp = S ** options["power"]
        if isinstance(Sp, np.ndarray) and Sp.dtype == S.dtype:
            out = _stored(route.kind, Sp, None, sum_mode=_reference.numpy_sum_mode(S), **kernel)
            if out is not None:
                return out.astype(Sp.dtype)
    return route.formula(S, freq, **options)


@checked
def spectral_centroid(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    freq: Optional[np.ndarray] = None,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
) -> np.ndarray:
    """Spectral centroid, as ``librosa.feature.spectral_centroid``.

    The mean frequency of each frame, weighted by its magnitude spectrum:
    ``sum(freq * S) / sum(S)`` (a silent frame gives 0).

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, t)] or None
        A magnitude spectrogram (non-negative, real); takes precedence over ``y``.
    n_fft, hop_length, win_length, window, center, pad_mode : as `fastrosa.stft`
    freq : None or np.ndarray [shape=(d,) or shape=(..., d, t)]
        Bin centre frequencies (those of the FFT by default).

    Returns
    -------
    centroid : np.ndarray [shape=(..., 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 1000 * np.arange(22050) / 22050)
    >>> c = fastrosa.feature.spectral_centroid(y=y, sr=22050)
    >>> c.shape, bool(abs(np.median(c) - 1000) < 10)
    ((1, 44), True)
    """
    return _route("centroid", y=y, S=S, sr=sr, freq=freq,
                  stft=_Stft(n_fft, hop_length, win_length, window, center, pad_mode))


@checked
def spectral_bandwidth(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    freq: Optional[np.ndarray] = None,
    centroid: Optional[np.ndarray] = None,
    norm: bool = True,
    p: float = 2,
) -> np.ndarray:
    """p'th-order spectral bandwidth, as ``librosa.feature.spectral_bandwidth``.

    ``(sum(S[k] * |freq[k] - centroid|**p))**(1/p)`` per frame, with ``S``
    normalised to unit sum per frame when ``norm`` is set.

    Parameters
    ----------
    y, sr, S, n_fft, hop_length, win_length, window, center, pad_mode, freq :
        as for `spectral_centroid`
    centroid : None or np.ndarray [shape=(..., 1, t)]
        Pre-computed centroids (computed from ``S`` and ``freq`` by default).
    norm : bool
        Normalise each frame's spectrum to unit sum.
    p : float > 0
        The order of the deviation.

    Returns
    -------
    bandwidth : np.ndarray [shape=(..., 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.feature.spectral_bandwidth(y=y, sr=22050).shape
    (1, 44)
    """
    return _route("bandwidth", y=y, S=S, sr=sr, freq=freq,
                  stft=_Stft(n_fft, hop_length, win_length, window, center, pad_mode),
                  centroid=centroid, norm=norm, p=p)


def _contrast_bands(freq, n_freq, *, sr, fmin, n_bands, quantile):
    """librosa's spectral_contrast checks (in its order) and band membership, bin
    for bin including its edge quirks: per band the bins it averages over and
    how many extremes it takes."""
    freq = np.atleast_1d(freq)
    if freq.ndim != 1 or len(freq) != n_freq:
        raise ParameterError(f"freq.shape mismatch: expected ({n_freq:d},)")
    if not isinstance(n_bands, (int, np.integer)) or n_bands < 1:
        raise ParameterError("n_bands must be a positive integer")
    if not 0.0 < quantile < 1.0:
        raise ParameterError("quantile must lie in the range (0, 1)")
    if not fmin > 0:
        raise ParameterError("fmin must be a positive number")
    with np.errstate(over="ignore"):
        top = np.ldexp(float(fmin), min(n_bands, 1 << 12) - 1)
    if top >= 0.5 * sr:
        # the top band's lower edge, before allocating n_bands edges
        raise ParameterError("Frequency band exceeds Nyquist. Reduce either fmin or n_bands.")
    octa = np.zeros(n_bands + 2)
    octa[1:] = fmin * (2.0 ** np.arange(0, n_bands + 1))
    if np.any(octa[:-1] >= 0.5 * sr):
        raise ParameterError("Frequency band exceeds Nyquist. Reduce either fmin or n_bands.")

    # librosa's band membership, bin for bin (including its edge quirks)
    bins, counts = [], []
    for k, (f_low, f_high) in enumerate(zip(octa[:-1], octa[1:])):
        current_band = np.logical_and(freq >= f_low, freq <= f_high)
        idx = np.flatnonzero(current_band)
        if idx.size == 0:
            raise ParameterError(f"fmin={fmin!r}, sr={sr!r}: spectral_contrast's band {k} ({f_low:.4g} "
                                 f"to {f_high:.4g} Hz) holds no frequency bin of {n_freq}; raise "
                                 "fmin or n_fft")
        if k > 0:
            current_band[idx[0] - 1] = True
        if k == n_bands:
            current_band[idx[-1] + 1:] = True
        sel = np.flatnonzero(current_band)
        bins.append(sel[:-1] if k < n_bands else sel)
        counts.append(int(np.maximum(np.rint(quantile * np.sum(current_band)), 1)))

    return bins, counts


@checked
def spectral_contrast(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    freq: Optional[np.ndarray] = None,
    fmin: float = 200.0,
    n_bands: int = 6,
    quantile: float = 0.02,
    linear: bool = False,
) -> np.ndarray:
    """Spectral contrast, as ``librosa.feature.spectral_contrast``.

    Each frame is split into ``n_bands + 1`` octave bands from ``fmin``; a
    band's peak (valley) is the mean of its top (bottom) ``quantile`` of
    magnitudes, and its contrast is their difference in dB (or linear). The
    extremes are found by partial selection in C, not a full sort.

    Parameters
    ----------
    y, sr, S, n_fft, hop_length, win_length, window, center, pad_mode :
        as for `spectral_centroid`
    freq : None or np.ndarray [shape=(d,)]
    fmin : float > 0
        Upper edge of the first band.
    n_bands : int > 0
    quantile : float in (0, 1)
    linear : bool
        Return ``peak - valley`` rather than the difference in dB.

    Returns
    -------
    contrast : np.ndarray [shape=(..., n_bands + 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.feature.spectral_contrast(y=y, sr=22050).shape
    (7, 44)
    """
    return _route("contrast", y=y, S=S, sr=sr, freq=freq,
                  stft=_Stft(n_fft, hop_length, win_length, window, center, pad_mode),
                  fmin=fmin, n_bands=n_bands, quantile=quantile, linear=linear)


@checked
def spectral_rolloff(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    freq: Optional[np.ndarray] = None,
    roll_percent: float = 0.85,
) -> np.ndarray:
    """Roll-off frequency, as ``librosa.feature.spectral_rolloff``.

    The lowest frequency whose cumulative magnitude (from bin 0) reaches
    ``roll_percent`` of the frame's total.

    Parameters
    ----------
    y, sr, S, n_fft, hop_length, win_length, window, center, pad_mode, freq :
        as for `spectral_centroid`
    roll_percent : float in (0, 1)

    Returns
    -------
    rolloff : np.ndarray [shape=(..., 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.feature.spectral_rolloff(y=y, sr=22050).shape
    (1, 44)
    """
    if not 0.0 < roll_percent < 1.0:
        raise ParameterError("roll_percent must lie in the range (0, 1)")
    return _route("rolloff", y=y, S=S, sr=sr, freq=freq,
                  stft=_Stft(n_fft, hop_length, win_length, window, center, pad_mode),
                  roll_percent=roll_percent)


@checked
def spectral_flatness(
    *,
    y: Optional[np.ndarray] = None,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    amin: float = 1e-10,
    power: float = 2.0,
) -> np.ndarray:
    """Spectral flatness, as ``librosa.feature.spectral_flatness``.

    The ratio of the geometric to the arithmetic mean of ``max(amin, S**power)``
    per frame (1 for white noise, near 0 for a pure tone).

    Parameters
    ----------
    y, S, n_fft, hop_length, win_length, window, center, pad_mode :
        as for `spectral_centroid`
    amin : float > 0
        Floor of the (power) spectrum.
    power : float > 0
        Exponent applied to the magnitude spectrogram.

    Returns
    -------
    flatness : np.ndarray [shape=(..., 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.feature.spectral_flatness(y=y).shape
    (1, 44)
    """
    if amin <= 0:
        raise ParameterError("amin must be strictly positive")
    return _route("flatness", y=y, S=S, sr=22050, freq=None,
                  stft=_Stft(n_fft, hop_length, win_length, window, center, pad_mode),
                  amin=amin, power=power)


@checked
def rms(
    *,
    y: Optional[np.ndarray] = None,
    S: Optional[np.ndarray] = None,
    frame_length: int = 2048,
    hop_length: int = 512,
    center: bool = True,
    pad_mode: Any = "constant",
    dtype: Any = np.float32,
) -> np.ndarray:
    """Root-mean-square energy per frame, as ``librosa.feature.rms``.

    From ``y``, the RMS of each (centred, padded) frame, computed in C without
    framing the signal into a copy; from ``S``, the energy implied by each
    STFT column (Parseval), which requires ``frame_length`` to match ``S``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    S : np.ndarray [shape=(..., d, t)] or None
        A magnitude spectrogram; used when ``y`` is None.
    frame_length : int > 0
    hop_length : int > 0
    center : bool
        Pad ``y`` by ``frame_length // 2`` on both sides (``pad_mode``).
    pad_mode : str
    dtype : np.dtype
        Precision of the squared values and of the result.

    Returns
    -------
    rms : np.ndarray [shape=(..., 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.ones(22050, dtype=np.float32)
    >>> r = fastrosa.feature.rms(y=y, center=False)
    >>> r.shape, float(r[0, 0])
    ((1, 40), 1.0)
    """
    # not a row of _ROUTES: rms frames the signal itself (no STFT, no fused
    # transform) and its S path is librosa's formula only
    if y is not None:
        if (isinstance(y, np.ndarray) and y.dtype in _REAL and y.ndim >= 1
                and dtype is not None and np.dtype(dtype) in _REAL
                and isinstance(frame_length, (int, np.integer)) and frame_length >= 1):
            x = util._as_rows(y)
            half = int(frame_length // 2) if center else 0
            start = -half  # zero padding is read in place, not copied
            if center and not (isinstance(pad_mode, str) and pad_mode == "constant"):
                x, start = np.pad(x, [(0, 0), (half, half)], mode=pad_mode), 0
            # util.frame's checks and frame count, on a stand-in of the padded rows
            stand_in = np.broadcast_to(np.zeros((), dtype=x.dtype),
                                       (x.shape[-1] - 2 * start,))
            n_frames = util.frame(stand_in, frame_length=frame_length,
                                  hop_length=hop_length).shape[-1]
            out = np.empty((x.shape[0], n_frames), dtype=np.float64)
            _shape.rms(x, frame_length, hop_length, start, out)
            # librosa squares in dtype: where that loses bits, its NumPy path
            if not _reference.rms_squares_lost(x, out, dtype):
                return out.astype(dtype, copy=False).reshape(y.shape[:-1] + (1, n_frames))
        return _reference.rms_frames(y, frame_length=frame_length, hop_length=hop_length,
                                     center=center, pad_mode=pad_mode, dtype=dtype)
    elif S is not None:
        return _reference.rms_spectrogram(S, frame_length=frame_length, dtype=dtype)
    else:
        raise ParameterError("Either `y` or `S` must be input.")
