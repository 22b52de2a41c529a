"""Windows (librosa.filters equivalents).

Adapted from librosa (ISC licence); the native windows follow
``scipy.signal.windows`` operation for operation, so they are bit-exact with
what librosa gets from scipy.  Other window specifications import scipy
lazily: importing fastrosa never imports scipy.
"""

from __future__ import annotations

import numbers
from typing import Any, Callable, Optional

import numpy as np
from numpy.typing import DTypeLike

from ..util.exceptions import ParameterError
from ..util.utils import normalize, pad_center

__all__ = ["get_window", "window_sumsquare"]


def _general_cosine(M: int, a: list) -> np.ndarray:
    # scipy.signal.windows.general_cosine, for M > 1
    fac = np.linspace(-np.pi, np.pi, M, dtype=np.float64)
    w = np.zeros(M, dtype=np.float64)
    for k in range(len(a)):
        w += a[k] * np.cos(k * fac)
    return w


def _triang(M: int) -> np.ndarray:
    n = np.arange(1, (M + 1) // 2 + 1, dtype=np.float64)
    if M % 2 == 0:
        w = (2 * n - 1.0) / M
        return np.concatenate([w, w[::-1]])
    w = 2 * n / (M + 1.0)
    return np.concatenate([w, w[-2::-1]])


def _bartlett(M: int) -> np.ndarray:
    n = np.arange(0, M, dtype=np.float64)
    return np.where(n <= (M - 1) / 2.0, 2.0 * n / (M - 1), 2.0 - 2.0 * n / (M - 1))


def _cosine(M: int) -> np.ndarray:
    return np.sin(np.pi / M * (np.arange(M, dtype=np.float64) + 0.5))


def _alias(names: str, func: Callable[[int], np.ndarray]) -> dict:
    return dict.fromkeys(names.split(), func)


# Window name (with scipy's aliases) -> symmetric window of length M > 1.
_NATIVE: dict = {
    **_alias("hann han", lambda M: _general_cosine(M, [0.5, 1.0 - 0.5])),
    **_alias("hamming hamm ham", lambda M: _general_cosine(M, [0.54, 1.0 - 0.54])),
    **_alias("blackman black blk", lambda M: _general_cosine(M, [0.42, 0.50, 0.08])),
    **_alias("boxcar box ones rect rectangular", lambda M: np.ones(M, dtype=np.float64)),
    **_alias("bartlett bart brt", _bartlett),
    **_alias("triangle triang tri", _triang),
    **_alias("cosine halfcosine", _cosine),
}


def _native_window(name: str, Nx: int, fftbins: bool) -> Optional[np.ndarray]:
    """The window as scipy.signal.get_window computes it, or None if not native."""
    sym = not fftbins
    if name.endswith("_symmetric"):
        sym, name = True, name[:-10]
    elif name.endswith("_periodic"):
        sym, name = False, name[:-9]

    func = _NATIVE.get(name)
    if func is None:
        return None
    if Nx <= 1:
        return np.ones(Nx, dtype=np.float64)
    # A periodic window is the symmetric one of length Nx + 1, truncated.
    return func(Nx) if sym else func(Nx + 1)[:-1]


def get_window(window: Any, Nx: int, *, fftbins: Optional[bool] = True) -> np.ndarray:
    """Compute a window function.

    Parameters
    ----------
    window : string, tuple, number, callable, or list-like
        - string: the name of the window function (e.g. ``'hann'``)
        - tuple: the name and its parameters (e.g. ``('kaiser', 4.0)``)
        - number: the beta parameter of a Kaiser window
        - callable: a function of one argument, the window length
        - list-like: a pre-computed window of length ``Nx``
    Nx : int > 0
        The length of the window.
    fftbins : bool
        If True (default), a periodic window for use with an FFT;
        if False, a symmetric window for filter design.

    Returns
    -------
    window : np.ndarray [shape=(Nx,)]

    Raises
    ------
    ParameterError
        If ``window`` is a list-like of length != ``Nx``, or mis-specified.
    ValueError
        As `scipy.signal.get_window`: ``Nx`` not a positive integer,
        ``fftbins`` not a bool, or an unknown window name.

    Notes
    -----
    hann, hamming, blackman, boxcar, bartlett, triang and cosine (with scipy's
    aliases and ``_periodic``/``_symmetric`` suffixes) are computed natively;
    other specifications are passed to `scipy.signal.get_window`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.filters.get_window("hann", 4)
    array([0. , 0.5, 1. , 0.5])
    >>> fastrosa.filters.get_window("hann", 5, fftbins=False)
    array([0. , 0.5, 1. , 0.5, 0. ])
    """
    if callable(window):
        return window(Nx)

    if isinstance(window, (str, tuple)) or np.isscalar(window):
        # scipy.signal.get_window's own checks, in its order and words
        if not (Nx > 0 and isinstance(Nx, numbers.Integral)):
            raise ValueError(f"Parameter {Nx=} is not a positive integer")
        if not isinstance(fftbins, bool):
            raise ValueError(f"Parameter {fftbins=} is not of type bool!")

        if isinstance(window, str):
            win = _native_window(window, Nx, fftbins)
            if win is not None:
                return win

        import scipy.signal  # deferred: an exotic window pays for scipy, import does not

        return scipy.signal.get_window(window, Nx, fftbins=fftbins)

    if isinstance(window, (np.ndarray, list)):
        if len(window) == Nx:
            return np.asarray(window)
        raise ParameterError(f"Window size mismatch: {len(window):d} != {Nx:d}")

    raise ParameterError(f"Invalid window specification: {window!r}")


def window_sumsquare(
    *,
    window: Any,
    n_frames: int,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    n_fft: int = 2048,
    dtype: DTypeLike = np.float32,
    norm: Optional[float] = None,
) -> np.ndarray:
    """Sum-square envelope of a window function at a given hop length.

    This estimates the modulation that windowing introduces into overlap-add
    resynthesis (as in `istft`).

    Parameters
    ----------
    window : string, tuple, number, callable or list-like
        Window specification, as in `get_window`.
    n_frames : int > 0
        The number of analysis frames.
    hop_length : int > 0
        The number of samples to advance between frames.
    win_length : int, optional
        The length of the window function (default ``n_fft``).
    n_fft : int > 0
        The length of each analysis frame.
    dtype : np.dtype
        The data type of the output.
    norm : {np.inf, -np.inf, 0, float > 0, None}
        Normalization mode of the window before squaring (see `fastrosa.util.normalize`).

    Returns
    -------
    wss : np.ndarray [shape=(n_fft + hop_length * (n_frames - 1),)]
        The sum-squared envelope of the window function.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.filters.window_sumsquare(window="hann", n_frames=4, hop_length=2, n_fft=4)
    array([0.  , 0.25, 1.  , 0.5 , 1.  , 0.5 , 1.  , 0.5 , 1.  , 0.25],
          dtype=float32)
    """
    if win_length is None:
        win_length = n_fft

    n = n_fft + hop_length * (n_frames - 1)
    x = np.zeros(n, dtype=dtype)

    win_sq = normalize(get_window(window, win_length), norm=norm) ** 2
    win_sq = pad_center(win_sq, size=n_fft)

    # Overlap-add frame by frame, in order, so rounding matches librosa's loop.
    for i in range(n_frames):
        sample = i * hop_length
        x[sample : min(n, sample + n_fft)] += win_sq[: max(0, min(n_fft, n - sample))]

    return x
