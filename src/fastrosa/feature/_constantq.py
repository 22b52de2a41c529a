"""Features of the constant- and variable-Q transforms: chroma_cqt,
chroma_cens, chroma_vqt and tonnetz (librosa.feature.spectral equivalents).

Adapted from librosa (ISC licence). The transforms are fastrosa's (see
core/constantq.py); what follows them here is librosa's NumPy, call for call
(the same einsum, threshold and normalisation), so it adds no rounding of
its own.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ..core import constantq
from ..filters import _wavelet
from ..util import utils as util
from ..util._checks import checked
from ..util.exceptions import ParameterError

__all__ = ["chroma_cqt", "chroma_cens", "chroma_vqt", "tonnetz"]


def _fold(basis: np.ndarray, C: np.ndarray, threshold, norm) -> np.ndarray:
    """librosa's chroma from a Q-transform magnitude: the basis product,
    the threshold and the normalisation over the chroma axis."""
    chroma = np.matmul(basis, C)  # librosa's einsum("cf,...ft->...ct"), through BLAS
    if threshold is not None:
        chroma[chroma < threshold] = 0.0
    return util.normalize(chroma, norm=norm, axis=-2)


@checked
def chroma_cqt(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    C: Optional[np.ndarray] = None,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    norm: Optional[float] = np.inf,
    threshold: float = 0.0,
    tuning: Optional[float] = None,
    n_chroma: int = 12,
    n_octaves: int = 7,
    window: Optional[np.ndarray] = None,
    bins_per_octave: Optional[int] = 36,
    cqt_mode: str = "full",
) -> np.ndarray:
    """Constant-Q chromagram, as ``librosa.feature.chroma_cqt``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
        Audio time series.
    sr : number > 0
        Sampling rate of ``y``.
    C : np.ndarray [shape=(..., d, t)] or None
        A pre-computed constant-Q magnitude spectrogram.
    hop_length : int > 0
        Samples between successive frames.
    fmin : float > 0 or None
        Lowest frequency of the CQT (C1 by default).
    norm : int > 0, +-np.inf or None
        Normalisation of each chroma vector.
    threshold : float
        Chroma values below it are set to zero.
    tuning : float or None
        Tuning deviation in fractions of a CQT bin (None: estimated from ``y``).
    n_chroma : int > 0
        Number of chroma bins.
    n_octaves : int > 0
        Octaves of the CQT above ``fmin``.
    window : None or np.ndarray
        Optional window for `fastrosa.filters.cq_to_chroma`.
    bins_per_octave : int > 0 or None
        CQT bins per octave (a multiple of ``n_chroma``; None: ``n_chroma``).
    cqt_mode : {'full', 'hybrid'}
        `fastrosa.cqt` or `fastrosa.hybrid_cqt`.

    Returns
    -------
    chromagram : np.ndarray [shape=(..., n_chroma, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(3 * 22050) / 22050).astype(np.float32)
    >>> chroma = fastrosa.feature.chroma_cqt(y=y, sr=22050)
    >>> chroma.shape, int(chroma[:, 60].argmax())  # A is pitch class 9
    ((12, 130), 9)
    """
    cqt_func = {"full": constantq.cqt, "hybrid": constantq.hybrid_cqt}
    if bins_per_octave is None:
        bins_per_octave = n_chroma
    elif np.remainder(bins_per_octave, n_chroma) != 0:
        raise ParameterError(f"bins_per_octave={bins_per_octave} must be an integer "
                             f"multiple of n_chroma={n_chroma}")
    if C is None:
        if y is None:
            raise ParameterError("At least one of C or y must be provided to compute chroma")
        C = np.abs(cqt_func[cqt_mode](y, sr=sr, hop_length=hop_length, fmin=fmin,
                                      n_bins=n_octaves * bins_per_octave,
                                      bins_per_octave=bins_per_octave, tuning=tuning))
    basis = _wavelet.cq_to_chroma(C.shape[-2], bins_per_octave=bins_per_octave,
                                  n_chroma=n_chroma, fmin=fmin, window=window)
    return _fold(basis, C, threshold, norm)


@checked
def chroma_cens(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    C: Optional[np.ndarray] = None,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    tuning: Optional[float] = None,
    n_chroma: int = 12,
    n_octaves: int = 7,
    bins_per_octave: int = 36,
    cqt_mode: str = "full",
    window: Optional[np.ndarray] = None,
    norm: Optional[float] = 2,
    win_len_smooth: Optional[int] = 41,
    smoothing_window: Any = "hann",
) -> np.ndarray:
    """Chroma Energy Normalized (CENS), as ``librosa.feature.chroma_cens``:
    `chroma_cqt` L1-normalised, quantised at 0.05, 0.1, 0.2 and 0.4, smoothed
    over ``win_len_smooth`` frames and normalised.

    Parameters
    ----------
    y, sr, C, hop_length, fmin, tuning, n_chroma, n_octaves, bins_per_octave,
    cqt_mode, window : as for `chroma_cqt`
    norm : int > 0, +-np.inf or None
        Normalisation of each CENS vector.
    win_len_smooth : int > 0 or None
        Length of the temporal smoothing window (None: no smoothing).
    smoothing_window : str, float or tuple
        Its window function (see `fastrosa.filters.get_window`).

    Returns
    -------
    cens : np.ndarray [shape=(..., n_chroma, t)]

    Notes
    -----
    The quantisation is a step function: a chroma value within rounding of a
    step (float32 differs from librosa's by about 1e-7 of the frame's sum)
    may fall on the other side of it than librosa's does.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(3 * 22050) / 22050).astype(np.float32)
    >>> fastrosa.feature.chroma_cens(y=y, sr=22050).shape
    (12, 130)
    """
    if not ((win_len_smooth is None)
            or (isinstance(win_len_smooth, (int, np.integer)) and win_len_smooth > 0)):
        raise ParameterError(
            f"win_len_smooth={win_len_smooth} must be a positive integer or None")
    chroma = chroma_cqt(y=y, C=C, sr=sr, hop_length=hop_length, fmin=fmin,
                        bins_per_octave=bins_per_octave, tuning=tuning, norm=None,
                        n_chroma=n_chroma, n_octaves=n_octaves, cqt_mode=cqt_mode,
                        window=window)
    chroma = util.normalize(chroma, norm=1, axis=-2)
    chroma_quant = np.zeros_like(chroma)
    for step in (0.4, 0.2, 0.1, 0.05):
        chroma_quant += (chroma > step) * 0.25
    if win_len_smooth:
        import scipy.ndimage

        from .. import filters

        win = filters.get_window(smoothing_window, win_len_smooth + 2, fftbins=False)
        win /= np.sum(win)
        win = util.expand_to(win, ndim=chroma_quant.ndim, axes=-1)
        cens = scipy.ndimage.convolve(chroma_quant, win, mode="constant")
    else:
        cens = chroma_quant
    return util.normalize(cens, norm=norm, axis=-2)


@checked
def chroma_vqt(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    V: Optional[np.ndarray] = None,
    hop_length: int = 512,
    fmin: Optional[float] = None,
    intervals: Any,
    norm: Optional[float] = np.inf,
    threshold: float = 0.0,
    n_octaves: int = 7,
    bins_per_octave: int = 12,
    gamma: float = 0,
) -> np.ndarray:
    """Variable-Q chromagram, as ``librosa.feature.chroma_vqt``: one chroma
    bin per interval of ``intervals`` (see `fastrosa.vqt`).

    Parameters
    ----------
    y, sr, hop_length, fmin, norm, threshold, n_octaves : as for `chroma_cqt`
    V : np.ndarray [shape=(..., d, t)] or None
        A pre-computed variable-Q magnitude spectrogram.
    intervals : str or array of floats in [1, 2)
        The interval set of the VQT (required).
    bins_per_octave : int > 0
        VQT bins per octave (``len(intervals)`` when an array).
    gamma : number >= 0
        Bandwidth offset of the VQT filters.

    Returns
    -------
    chromagram : np.ndarray [shape=(..., bins_per_octave, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    >>> fastrosa.feature.chroma_vqt(y=y, sr=22050, intervals="equal").shape
    (12, 44)
    """
    if not isinstance(intervals, str):
        bins_per_octave = len(intervals)
    if V is None:
        if y is None:
            raise ParameterError("At least one of y or V must be provided to compute chroma")
        V = np.abs(constantq.vqt(y=y, sr=sr, hop_length=hop_length, fmin=fmin,
                                 intervals=intervals, n_bins=n_octaves * bins_per_octave,
                                 bins_per_octave=bins_per_octave, gamma=gamma))
    basis = _wavelet.cq_to_chroma(V.shape[-2], bins_per_octave=bins_per_octave,
                                  n_chroma=bins_per_octave, fmin=fmin)
    return _fold(basis, V, threshold, norm)


@checked
def tonnetz(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    chroma: Optional[np.ndarray] = None,
    **kwargs: Any,
) -> np.ndarray:
    """Tonal centroid features, as ``librosa.feature.tonnetz``: the L1-
    normalised chroma projected on the circles of fifths, minor and major
    thirds (six dimensions).

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
        Audio time series.
    sr : number > 0
        Sampling rate of ``y``.
    chroma : np.ndarray [shape=(..., n_chroma, t)] or None
        A pre-computed chromagram (by default `chroma_cqt` of ``y``).
    **kwargs
        Passed to `chroma_cqt`.

    Returns
    -------
    tonnetz : np.ndarray [shape=(..., 6, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sin(2 * np.pi * 440 * np.arange(3 * 22050) / 22050).astype(np.float32)
    >>> fastrosa.feature.tonnetz(y=y, sr=22050).shape
    (6, 130)
    """
    if y is None and chroma is None:
        raise ParameterError("Either the audio samples or the chromagram must be "
                             "passed as an argument.")
    if chroma is None:
        chroma = chroma_cqt(y=y, sr=sr, **kwargs)
    dim_map = np.linspace(0, 12, num=chroma.shape[-2], endpoint=False)
    scale = np.asarray([7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3])
    V = np.multiply.outer(scale, dim_map)
    V[::2] -= 0.5
    R = np.array([1, 1, 1, 1, 0.5, 0.5])
    phi = R[:, np.newaxis] * np.cos(np.pi * V)
    return np.einsum("pc,...ci->...pi", phi, util.normalize(chroma, norm=1, axis=-2),
                     optimize=True)
