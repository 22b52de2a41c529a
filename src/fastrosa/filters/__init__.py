"""Windows and filter banks (librosa.filters equivalents).

Adapted from librosa (ISC licence); the native windows follow
``scipy.signal.windows`` operation for operation, so they are bit-exact with
what librosa gets from scipy.  Other window specifications import scipy
lazily: importing fastrosa never imports scipy.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Callable, Optional, Union

import numpy as np
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy.typing is slow to import and needed only by annotations
    from numpy.typing import DTypeLike

from .. import _delegate
from ..util.exceptions import ParameterError
from ..util.utils import normalize, pad_center
from ..util import _checks
from ..util._checks import checked

__all__ = ["get_window", "window_sumsquare", "mel", "chroma", "wavelet_lengths", "wavelet",
           "constant_q", "cq_to_chroma"]


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
    Nx = _checks.size(Nx, "Nx", high=_checks.MAX_WINDOW)

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


@checked
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

    _checks.size(hop_length, "hop_length")
    n = n_fft + hop_length * (n_frames - 1)
    _checks.values(n, "the window sum-square")
    x = np.zeros(n, dtype=dtype)

    win_sq = normalize(get_window(window, win_length), norm=norm) ** 2
    win_sq = pad_center(win_sq, size=n_fft)

    # Overlap-add frame by frame, in order, so rounding matches librosa's loop.
    for i in range(n_frames):
        sample = i * hop_length
        x[sample : min(n, sample + n_fft)] += win_sq[: max(0, min(n_fft, n - sample))]

    return x


@checked
def mel(
    *,
    sr: float,
    n_fft: int,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: Optional[float] = None,
    htk: bool = False,
    norm: Optional[Union[str, float]] = "slaney",
    dtype: DTypeLike = np.float32,
) -> np.ndarray:
    """Create a mel filter bank: a matrix projecting FFT bins onto mel bands.

    Parameters
    ----------
    sr : number > 0
        Sampling rate of the incoming signal.
    n_fft : int > 0
        Number of FFT components.
    n_mels : int > 0
        Number of mel bands to generate.
    fmin : float >= 0
        Lowest frequency (Hz).
    fmax : float >= 0 or None
        Highest frequency (Hz); None uses ``sr / 2``.
    htk : bool
        Use the HTK mel formula instead of Slaney's.
    norm : {None, 'slaney', or number}
        ``'slaney'`` divides each triangle by the width of its mel band (area
        normalization); a number normalizes each filter to unit l_p norm with
        `fastrosa.util.normalize` (``np.inf`` and ``-np.inf`` included);
        None leaves the triangles with a peak of 1.
    dtype : np.dtype
        The data type of the output basis.

    Returns
    -------
    M : np.ndarray [shape=(n_mels, 1 + n_fft // 2)]
        Mel transform matrix.

    Raises
    ------
    ParameterError
        If ``norm`` is a string other than ``'slaney'``, or a number that
        `fastrosa.util.normalize` does not support.

    Warns
    -----
    UserWarning
        If some mel band contains no FFT bin (too many bands for ``n_fft``,
        or ``fmax`` above the Nyquist frequency).

    Examples
    --------
    >>> import fastrosa
    >>> melfb = fastrosa.filters.mel(sr=22050, n_fft=2048)
    >>> melfb.shape, melfb.dtype
    ((128, 1025), dtype('float32'))
    >>> M = fastrosa.filters.mel(sr=16000, n_fft=16, n_mels=3, fmin=100, norm=None, dtype=float)
    >>> M.round(4)
    array([[0.    , 0.8199, 0.    , 0.    , 0.    , 0.    , 0.    , 0.    ,
            0.    ],
           [0.    , 0.1801, 0.8888, 0.3871, 0.    , 0.    , 0.    , 0.    ,
            0.    ],
           [0.    , 0.    , 0.1112, 0.6129, 0.946 , 0.7095, 0.473 , 0.2365,
            0.    ]])
    """
    # Imported here: fastrosa.core imports this module (for get_window).
    from ..core.convert import fft_frequencies, mel_frequencies

    if fmax is None:
        fmax = float(sr) / 2

    n_mels = int(n_mels)
    _checks.values(n_mels * (1 + n_fft // 2), "the mel filterbank")
    weights = np.zeros((n_mels, int(1 + n_fft // 2)), dtype=dtype)

    # Centre frequencies of the FFT bins, and of the mel bands (with both edges)
    fftfreqs = fft_frequencies(sr=sr, n_fft=n_fft)
    mel_f = mel_frequencies(n_mels + 2, fmin=fmin, fmax=fmax, htk=htk)

    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)

    for i in range(n_mels):
        # Lower and upper slopes for all bins, intersected with each other and zero
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))

    if isinstance(norm, str):
        if norm == "slaney":
            # Slaney-style mel is scaled to be approx constant energy per channel
            enorm = 2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels])
            weights *= enorm[:, np.newaxis]
        else:
            raise ParameterError(f"Unsupported norm={norm}")
    else:
        weights = normalize(weights, norm=norm, axis=-1)

    # A band whose lower edge is above 0 Hz should cover at least one bin
    if not np.all((mel_f[:-2] == 0) | (weights.max(axis=1) > 0)):
        warnings.warn(
            "Empty filters detected in mel frequency basis. "
            "Some channels will produce empty responses. "
            "Try increasing your sampling rate (and fmax) or "
            "reducing n_mels.",
            stacklevel=2,
        )

    return weights


@checked
def chroma(
    *,
    sr: float,
    n_fft: int,
    n_chroma: int = 12,
    tuning: float = 0.0,
    ctroct: float = 5.0,
    octwidth: Optional[float] = 2,
    norm: Optional[float] = 2,
    base_c: bool = True,
    dtype: DTypeLike = np.float32,
) -> np.ndarray:
    """Create a chroma filter bank: a matrix projecting FFT bins onto pitch classes.

    Parameters
    ----------
    sr : number > 0
        Audio sampling rate.
    n_fft : int > 0
        Number of FFT bins.
    n_chroma : int > 0
        Number of chroma bins.
    tuning : float
        Tuning deviation from A440 in fractions of a chroma bin.
    ctroct : float > 0
    octwidth : float > 0 or None
        ``ctroct`` and ``octwidth`` specify a dominance window: a Gaussian
        weighting centred on ``ctroct`` (in octaves, A0 = 27.5 Hz) with a
        half-width of ``octwidth``.  None gives a flat weighting.
    norm : float > 0, np.inf or None
        Normalization of each column (FFT bin), as in `fastrosa.util.normalize`.
    base_c : bool
        If True the filter bank starts at C; if False, at A.
    dtype : np.dtype
        The data type of the output basis.

    Returns
    -------
    wts : np.ndarray [shape=(n_chroma, 1 + n_fft // 2)]
        Chroma filter matrix.

    Examples
    --------
    >>> import fastrosa
    >>> chromafb = fastrosa.filters.chroma(sr=22050, n_fft=4096)
    >>> chromafb.shape, chromafb.dtype
    ((12, 2049), dtype('float32'))
    >>> fastrosa.filters.chroma(sr=22050, n_fft=4096, n_chroma=24).shape
    (24, 2049)
    """
    from ..core.convert import hz_to_octs  # here: fastrosa.core imports this module

    if n_fft < 2:
        raise ParameterError(f"n_fft={n_fft} gives no frequency bin but DC: chroma needs n_fft >= 2")
    _checks.values(n_chroma * (1 + n_fft // 2), "the chroma filterbank")
    # The FFT bin frequencies, not counting the DC component
    frequencies = np.linspace(0, sr, n_fft, endpoint=False)[1:]

    frqbins = n_chroma * hz_to_octs(frequencies, tuning=tuning, bins_per_octave=n_chroma)

    # Make up a value for the 0 Hz bin: 1.5 octaves below bin 1
    # (so chroma is 50% rotated from bin 1, and bin width is broad)
    frqbins = np.concatenate(([frqbins[0] - 1.5 * n_chroma], frqbins))

    binwidthbins = np.concatenate((np.maximum(frqbins[1:] - frqbins[:-1], 1.0), [1]))

    D = np.subtract.outer(frqbins, np.arange(0, n_chroma, dtype="d")).T

    n_chroma2 = np.round(float(n_chroma) / 2)

    # Project into range -n_chroma/2 .. n_chroma/2; the offset of 10 * n_chroma
    # keeps every value passed to remainder positive
    D = np.remainder(D + n_chroma2 + 10 * n_chroma, n_chroma) - n_chroma2

    # Gaussian bumps: 2 * D makes them narrower
    wts = np.exp(-0.5 * (2 * D / np.tile(binwidthbins, (n_chroma, 1))) ** 2)

    # Normalize each column
    wts = normalize(wts, norm=norm, axis=0)

    # Maybe apply scaling for FFT bins
    if octwidth is not None:
        wts *= np.tile(
            np.exp(-0.5 * (((frqbins / n_chroma - ctroct) / octwidth) ** 2)),
            (n_chroma, 1),
        )

    if base_c:
        wts = np.roll(wts, -3 * (n_chroma // 12), axis=0)

    # Remove the aliasing columns; copy to ensure row-contiguity
    return np.ascontiguousarray(wts[:, : int(1 + n_fft / 2)], dtype=dtype)


from ._wavelet import constant_q, cq_to_chroma, wavelet, wavelet_lengths  # noqa: E402

__getattr__, __dir__ = _delegate.attach(__name__)
