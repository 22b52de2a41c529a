"""Wavelet and constant-Q filter bases (librosa.filters equivalents).

Adapted from librosa (ISC licence), operation for operation, so that the
bases the constant-Q transforms build from them are librosa's. These are
built once per parameter set (core/constantq.py caches what it derives from
them); none of them is on a transform's hot path.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional, Tuple

import numpy as np

from ..util.exceptions import ParameterError
from ..util.utils import normalize, pad_center, tiny
from ..util._checks import checked

__all__ = ["wavelet_lengths", "wavelet", "constant_q", "cq_to_chroma"]

# librosa.filters.WINDOW_BANDWIDTHS: the equivalent noise bandwidths (in FFT
# bins) librosa uses for named windows instead of computing them.
_BANDWIDTHS = {
    **dict.fromkeys(("bart", "bartlett", "brt"), 1.3334961334912805),
    **dict.fromkeys(("barthann", "brthan", "bth"), 1.4560255965133932),
    **dict.fromkeys(("bkh", "blackharr", "blackmanharris"), 2.0045975283585014),
    **dict.fromkeys(("black", "blackman", "blk"), 1.7269681554262326),
    **dict.fromkeys(("bman", "bmn", "bohman"), 1.7859588613860062),
    **dict.fromkeys(("box", "boxcar", "ones", "rect", "rectangular"), 1.0),
    **dict.fromkeys(("cosine", "halfcosine"), 1.2337005350199792),
    **dict.fromkeys(("flat", "flattop", "flt"), 2.7762255046484143),
    **dict.fromkeys(("ham", "hamm", "hamming"), 1.3629455320350348),
    **dict.fromkeys(("han", "hann"), 1.50018310546875),
    **dict.fromkeys(("nut", "nutl", "nuttall"), 1.9763500280946082),
    **dict.fromkeys(("par", "parz", "parzen"), 1.9174603174603191),
    **dict.fromkeys(("tri", "triang", "triangle"), 1.3331706523555851),
}


def _window_bandwidth(window: Any, n: int = 1000) -> float:
    """librosa.filters.window_bandwidth: the window's equivalent noise
    bandwidth, n * sum(w**2) / sum(w)**2, from librosa's table when named
    there (and remembered in it otherwise, as librosa does)."""
    from . import get_window

    key = window.__name__ if hasattr(window, "__name__") else window
    if key not in _BANDWIDTHS:
        win = get_window(window, n)
        _BANDWIDTHS[key] = n * np.sum(win**2) / (np.sum(win) ** 2 + tiny(win))
    return _BANDWIDTHS[key]


def _relative_bandwidth(*, freqs: np.ndarray) -> np.ndarray:
    """Each frequency's relative bandwidth alpha, from the local octave
    resolution around it (librosa.filters._relative_bandwidth)."""
    if len(freqs) <= 1:
        raise ParameterError(
            f"2 or more frequencies are required to compute bandwidths. Given freqs={freqs}")
    bpo = np.empty_like(freqs)
    logf = np.log2(freqs)
    bpo[0] = 1 / (logf[1] - logf[0])
    bpo[-1] = 1 / (logf[-1] - logf[-2])
    bpo[1:-1] = 2 / (logf[2:] - logf[:-2])
    return (2.0 ** (2 / bpo) - 1) / (2.0 ** (2 / bpo) + 1)


def _et_relative_bw(bins_per_octave: int) -> np.ndarray:
    """The relative bandwidth of one bin of equal temperament, as an array."""
    r = 2 ** (1 / bins_per_octave)
    return np.atleast_1d((r**2 - 1) / (r**2 + 1))


def _float_window(window, n) -> np.ndarray:
    """``window`` of length ceil(n) whose samples from floor(n) on are zero."""
    from . import get_window

    n_min, n_max = int(np.floor(n)), int(np.ceil(n))
    w = get_window(window, n_min)
    if len(w) < n_max:
        w = np.pad(w, [(0, n_max - len(w))], mode="constant")
    w[n_min:] = 0.0
    return w


def _deprecated(name: str) -> None:
    """librosa's FutureWarning for a function deprecated in 0.9.0."""
    warnings.warn(f"librosa.filters.{name}\n\tDeprecated as of librosa version 0.9.0."
                  "\n\tIt will be removed in librosa version 1.0.", category=FutureWarning,
                  stacklevel=3)


@checked
def wavelet_lengths(
    *,
    freqs: Any,
    sr: float = 22050,
    window: Any = "hann",
    filter_scale: float = 1,
    gamma: Optional[float] = 0,
    alpha: Optional[Any] = None,
) -> Tuple[np.ndarray, float]:
    """Length of each filter in a wavelet basis, as ``librosa.filters.wavelet_lengths``.

    Parameters
    ----------
    freqs : np.ndarray (positive, ascending)
        Center frequencies of the filters (Hz).
    sr : number > 0
        Sampling rate.
    window : str or callable
        Window function of the filters (its bandwidth sets the cut-off).
    filter_scale : float > 0
        Resolution of the filter bandwidths.
    gamma : number >= 0 or None
        Bandwidth offset for variable-Q filters; None: a fraction of the ERB.
    alpha : number > 0, np.ndarray or None
        Relative bandwidths; by default from the spacing of ``freqs``.

    Returns
    -------
    lengths : np.ndarray
        Length of each filter, in (fractional) samples.
    f_cutoff : float
        The highest frequency any filter reaches.

    Examples
    --------
    >>> import fastrosa
    >>> freqs = fastrosa.cqt_frequencies(n_bins=12, fmin=110.0)
    >>> lengths, cutoff = fastrosa.filters.wavelet_lengths(freqs=freqs, sr=22050)
    >>> round(float(lengths[0]), 2), round(float(cutoff), 2)
    (3474.2, 216.64)
    """
    freqs = np.asarray(freqs)
    if filter_scale <= 0:
        raise ParameterError(f"filter_scale={filter_scale} must be positive")
    if gamma is not None and gamma < 0:
        raise ParameterError(f"gamma={gamma} must be non-negative")
    if np.any(freqs <= 0):
        raise ParameterError("frequencies must be strictly positive")
    if len(freqs) > 1 and np.any(freqs[:-1] > freqs[1:]):
        raise ParameterError(f"Frequency array={freqs} must be in strictly ascending order")

    alpha = _relative_bandwidth(freqs=freqs) if alpha is None else np.asarray(alpha)
    gamma_ = alpha * 24.7 / 0.108 if gamma is None else gamma
    Q = float(filter_scale) / alpha
    f_cutoff = max(freqs * (1 + 0.5 * _window_bandwidth(window) / Q) + 0.5 * gamma_)
    lengths = Q * sr / (freqs + gamma_ / alpha)
    return lengths, f_cutoff


def _filters(lengths, freqs, sr, window, norm):
    """The windowed, normalised complex sinusoid of each (length, frequency)."""
    out = []
    for ilen, freq in zip(lengths, freqs):
        angles = np.arange(-ilen // 2, ilen // 2, dtype=float) * 2 * np.pi * freq / sr
        sig = np.cos(angles) + 1j * np.sin(angles)
        sig *= _float_window(window, len(sig))
        out.append(normalize(sig, norm=norm))
    return out


def _stack(filters, lengths, pad_fft, dtype, kwargs):
    max_len = max(lengths)
    max_len = int(2.0 ** (np.ceil(np.log2(max_len)))) if pad_fft else int(np.ceil(max_len))
    return np.asarray([pad_center(f, size=max_len, **kwargs) for f in filters], dtype=dtype)


@checked
def wavelet(
    *,
    freqs: np.ndarray,
    sr: float = 22050,
    window: Any = "hann",
    filter_scale: float = 1,
    pad_fft: bool = True,
    norm: Optional[float] = 1,
    dtype: Any = np.complex64,
    gamma: float = 0,
    alpha: Optional[float] = None,
    **kwargs: Any,
) -> Tuple[np.ndarray, np.ndarray]:
    """A wavelet basis of windowed complex sinusoids, as ``librosa.filters.wavelet``.

    Parameters
    ----------
    freqs : np.ndarray (positive, ascending)
        Center frequencies of the filters (Hz).
    sr : number > 0
        Sampling rate.
    window : str, tuple, number or callable
        Window of each filter.
    filter_scale : float > 0
        Resolution of the filter bandwidths.
    pad_fft : bool
        Zero-pad every filter to the next power of two of the longest one.
    norm : {inf, -inf, 0, float > 0, None}
        Normalisation of each filter (see `fastrosa.util.normalize`).
    dtype : np.dtype
        Data type of the basis.
    gamma, alpha : as for `wavelet_lengths`
    **kwargs
        Passed to `fastrosa.util.pad_center`.

    Returns
    -------
    filters : np.ndarray [shape=(len(freqs), max_len)]
    lengths : np.ndarray [shape=(len(freqs),)]
        The (fractional) length of each filter.

    Examples
    --------
    >>> import fastrosa
    >>> freqs = fastrosa.cqt_frequencies(n_bins=12, fmin=110.0)
    >>> basis, lengths = fastrosa.filters.wavelet(freqs=freqs, sr=22050)
    >>> basis.shape, basis.dtype
    ((12, 4096), dtype('complex64'))
    """
    lengths, _ = wavelet_lengths(freqs=freqs, sr=sr, window=window, filter_scale=filter_scale,
                                 gamma=gamma, alpha=alpha)
    filters = _filters(lengths, freqs, sr, window, norm)
    return _stack(filters, lengths, pad_fft, dtype, kwargs), lengths


def _constant_q_lengths(*, sr, fmin, n_bins, bins_per_octave, window, filter_scale, gamma):
    """librosa.filters.constant_q_lengths (deprecated there), with its warning."""
    _deprecated("constant_q_lengths")
    if fmin <= 0:
        raise ParameterError("fmin must be strictly positive")
    if bins_per_octave <= 0:
        raise ParameterError("bins_per_octave must be positive")
    if filter_scale <= 0:
        raise ParameterError("filter_scale must be positive")
    if n_bins <= 0 or not isinstance(n_bins, (int, np.integer)):
        raise ParameterError("n_bins must be a positive integer")
    freq = fmin * (2.0 ** (np.arange(n_bins, dtype=float) / bins_per_octave))
    alpha = (2.0 ** (2 / bins_per_octave) - 1) / (2.0 ** (2 / bins_per_octave) + 1)
    Q = float(filter_scale) / alpha
    if max(freq * (1 + 0.5 * _window_bandwidth(window) / Q)) > sr / 2.0:
        raise ParameterError(
            f"Maximum filter frequency={max(freq):.2f} would exceed Nyquist={sr/2}")
    return Q * sr / (freq + gamma / alpha)


@checked
def constant_q(
    *,
    sr: float,
    fmin: Optional[float] = None,
    n_bins: int = 84,
    bins_per_octave: int = 12,
    window: Any = "hann",
    filter_scale: float = 1,
    pad_fft: bool = True,
    norm: Optional[float] = 1,
    dtype: Any = np.complex64,
    gamma: float = 0,
    **kwargs: Any,
) -> Tuple[np.ndarray, np.ndarray]:
    """A constant-Q basis, as ``librosa.filters.constant_q`` (deprecated since
    librosa 0.9.0, with its FutureWarning; use `wavelet`).

    Parameters
    ----------
    sr : number > 0
        Sampling rate.
    fmin : float > 0 or None
        Lowest frequency (C1 by default).
    n_bins : int > 0
        Number of filters.
    bins_per_octave : int > 0
        Filters per octave.
    window, filter_scale, pad_fft, norm, dtype, gamma, kwargs : as for `wavelet`

    Returns
    -------
    filters : np.ndarray [shape=(n_bins, max_len)]
    lengths : np.ndarray [shape=(n_bins,)]

    Examples
    --------
    >>> import warnings, fastrosa
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     basis, lengths = fastrosa.filters.constant_q(sr=22050, n_bins=24)
    >>> basis.shape
    (24, 16384)
    """
    _deprecated("constant_q")
    if fmin is None:
        from ..core.convert import note_to_hz

        fmin = note_to_hz("C1")
    lengths = _constant_q_lengths(sr=sr, fmin=fmin, n_bins=n_bins,
                                  bins_per_octave=bins_per_octave, window=window,
                                  filter_scale=filter_scale, gamma=gamma)
    freqs = fmin * (2.0 ** (np.arange(n_bins, dtype=float) / bins_per_octave))
    filters = _filters(lengths, freqs, sr, window, norm)
    return _stack(filters, lengths, pad_fft, dtype, kwargs), np.asarray(lengths)


def cq_to_chroma(
    n_input: int,
    *,
    bins_per_octave: int = 12,
    n_chroma: int = 12,
    fmin: Optional[float] = None,
    window: Optional[np.ndarray] = None,
    base_c: bool = True,
    dtype: Any = np.float32,
) -> np.ndarray:
    """The matrix mapping constant-Q bins onto chroma bins, as
    ``librosa.filters.cq_to_chroma``.

    Parameters
    ----------
    n_input : int > 0
        Number of constant-Q bins.
    bins_per_octave : int > 0
        Constant-Q bins per octave (an integer multiple of ``n_chroma``).
    n_chroma : int > 0
        Number of chroma bins.
    fmin : float > 0 or None
        Frequency of the first constant-Q bin (C1 by default).
    window : None or np.ndarray
        If given, each chroma row is convolved with it.
    base_c : bool
        Chroma bin 0 is C if True, A if False.
    dtype : np.dtype
        Data type of the matrix.

    Returns
    -------
    cq_to_chroma : np.ndarray [shape=(n_chroma, n_input)]

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.filters.cq_to_chroma(24, bins_per_octave=12).shape
    (12, 24)
    """
    from ..core.convert import hz_to_midi, note_to_hz

    n_merge = float(bins_per_octave) / n_chroma
    fmin_ = note_to_hz("C1") if fmin is None else fmin
    if np.mod(n_merge, 1) != 0:
        raise ParameterError(
            "Incompatible CQ merge: input bins must be an integer multiple of output bins.")
    cq_to_ch = np.repeat(np.eye(n_chroma), int(n_merge), axis=1)
    cq_to_ch = np.roll(cq_to_ch, -int(n_merge // 2), axis=1)
    n_octaves = np.ceil(float(n_input) / bins_per_octave)
    cq_to_ch = np.tile(cq_to_ch, int(n_octaves))[:, :n_input]
    midi_0 = np.mod(hz_to_midi(fmin_), 12)
    roll = midi_0 if base_c else midi_0 - 9
    roll = int(np.round(roll * (n_chroma / 12.0)))
    cq_to_ch = np.roll(cq_to_ch, roll, axis=0).astype(dtype)
    if window is not None:
        import scipy.signal

        cq_to_ch = scipy.signal.convolve(cq_to_ch, np.atleast_2d(window), mode="same")
    return cq_to_ch
