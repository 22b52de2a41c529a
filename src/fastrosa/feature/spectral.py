"""Spectral features (librosa.feature.spectral equivalents).

Adapted from librosa (ISC licence); the per-frame loops are C kernels.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any, Optional

import numpy as np

from .. import _config, filters
from .._ext import _pitch, _signal
from .._ext._layout import _as_matrices
from ..core import spectrum
from ..core.convert import fft_frequencies
from ..core.pitch import estimate_tuning
from ..core.audio import _zc_real, _zc_threshold
from ..util import utils as util
from ..util._checks import checked
from ..util.exceptions import ParameterError
from . import _reference

from ._shape import (  # noqa: E402,F401
    rms,
    spectral_bandwidth,
    spectral_centroid,
    spectral_contrast,
    spectral_flatness,
    spectral_rolloff,
)

__all__ = ["zero_crossing_rate", "melspectrogram", "mfcc", "chroma_stft", "spectral_centroid",
           "spectral_bandwidth", "spectral_rolloff", "spectral_contrast", "spectral_flatness",
           "rms", "poly_features"]

_RankWarning = getattr(np, "exceptions", np).RankWarning


def _zc_options(*, threshold=1e-10, ref_magnitude=None, pad=True, zero_pos=True, axis=-1):
    """The keyword arguments of `fastrosa.zero_crossings` (unknown ones raise TypeError)."""
    return threshold, ref_magnitude, pad, zero_pos


@checked
def zero_crossing_rate(
    y: np.ndarray,
    *,
    frame_length: int = 2048,
    hop_length: int = 512,
    center: bool = True,
    **kwargs: Any,
) -> np.ndarray:
    """Zero-crossing rate of an audio time series, as ``librosa.feature.zero_crossing_rate``.

    The fraction of sign changes in each frame. Centred frames see the signal
    extended by repeating its edge samples. Computed in one pass over the
    signal, without framing it.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
    frame_length : int > 0
    hop_length : int > 0
    center : bool
        If True, frames are centred by padding ``y`` with its edge values.
    **kwargs
        ``threshold``, ``ref_magnitude``, ``pad`` (default False here) and
        ``zero_pos``, as for `fastrosa.zero_crossings`.

    Returns
    -------
    zcr : np.ndarray [shape=(..., 1, t), dtype=float64]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sign(np.sin(2 * np.pi * 100 * np.arange(22050) / 22050))
    >>> float(fastrosa.feature.zero_crossing_rate(y)[0, 10]) * 2048  # 200/s: 18 in 2048 samples
    18.0
    """
    util.valid_audio(y)
    kwargs["axis"] = -2
    kwargs.setdefault("pad", False)
    threshold, ref_magnitude, pad, zero_pos = _zc_options(**kwargs)

    if frame_length < 1:  # librosa fails with an IndexError here
        raise ParameterError(f"Invalid frame_length: {frame_length}")
    x = util._as_rows(_zc_real(y))
    n = x.shape[-1]
    half = int(frame_length // 2) if center else 0
    if center and n == 0:
        np.pad(x, [(0, 0), (half, half)], mode="edge")  # raises numpy's error, as librosa
    # util.frame's checks (and frame count) on a zero-copy stand-in of the padded signal
    stand_in = np.broadcast_to(np.zeros((), dtype=x.dtype), (n + 2 * half,))
    n_frames = util.frame(stand_in, frame_length=frame_length, hop_length=hop_length).shape[-1]

    def framed():  # only for a callable ref_magnitude, which sees every frame
        xp = np.pad(x, [(0, 0), (half, half)], mode="edge")
        return util.frame(xp, frame_length=frame_length, hop_length=hop_length)

    threshold = _zc_threshold(framed, threshold, ref_magnitude)
    out = np.empty((x.shape[0], n_frames), dtype=np.float64)
    _signal.zcr(x, frame_length, hop_length, -half, float(threshold), bool(zero_pos), bool(pad), out)
    return out.reshape(y.shape[:-1] + (1, n_frames))


@functools.lru_cache(maxsize=32)
def _cached_mel(sr, n_fft, items):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        basis = filters.mel(sr=sr, n_fft=n_fft, **dict(items))
    basis.flags.writeable = False
    return basis, spectrum._bands(basis), [(w.message, w.category) for w in said]


def _mel_filterbank(sr, kwargs):
    """``n_fft -> (basis, bands)`` for `fastrosa.filters.mel` with ``kwargs``,
    cached (filterbanks are immutable) when the arguments are hashable."""

    def make(n_fft):
        try:
            basis, bands, said = _cached_mel(sr, n_fft, tuple(sorted(kwargs.items())))
        except TypeError:  # unhashable arguments (or a bad keyword: raised again below)
            basis = filters.mel(sr=sr, n_fft=n_fft, **kwargs)
            return basis, spectrum._bands(basis)
        for message, category in said:  # a cached filterbank warns on every use, as librosa
            warnings.warn(message, category, stacklevel=5)
        return basis, bands

    return make


@checked
def melspectrogram(
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
    power: float = 2.0,
    **kwargs: Any,
) -> np.ndarray:
    """Mel-scaled spectrogram, as ``librosa.feature.melspectrogram``.

    From ``y``, the power spectrum of each frame is projected on the mel
    filterbank in the same pass as the STFT, using only the bins each filter
    covers. From ``S`` (a magnitude or power spectrogram), the projection is
    a matrix product.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, t)] or None
    n_fft, hop_length, win_length, window, center, pad_mode : as `fastrosa.stft`
    power : float > 0
        Exponent of the magnitude spectrogram (2 for power, 1 for energy).
    **kwargs
        Passed to `fastrosa.filters.mel` (``n_mels``, ``fmin``, ``fmax``,
        ``htk``, ``norm``, ``dtype``).

    Returns
    -------
    S : np.ndarray [shape=(..., n_mels, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> M = fastrosa.feature.melspectrogram(y=y, sr=22050)
    >>> M.shape, M.dtype
    ((128, 44), dtype('float32'))
    """
    # not a row of _shape._ROUTES: a projection on a filterbank (fused into the
    # STFT, or the banded kernel over a stored S) is _spectrogram's own route
    S, _ = spectrum._spectrogram(y=y, S=S, n_fft=n_fft, hop_length=hop_length, power=power,
                                 win_length=win_length, window=window, center=center,
                                 pad_mode=pad_mode, filterbank=_mel_filterbank(sr, kwargs))
    return S


@functools.lru_cache(maxsize=32)
def _dct_basis(n: int, dct_type: int, norm, n_out: int, dtype) -> np.ndarray:
    """The first ``n_out`` rows of scipy.fft.dct's matrix (types 1-4, norm None,
    'ortho', 'backward' or 'forward') for length-``n`` input."""
    if dct_type not in (1, 2, 3, 4):
        raise ValueError(f"invalid DCT type {dct_type}")  # scipy's error class
    if norm not in (None, "ortho", "backward", "forward"):
        raise ValueError(f'Invalid norm value "{norm}"; should be "backward", "ortho" or "forward"')
    k = np.arange(n_out)[:, None]
    j = np.arange(n)[None, :]
    if dct_type == 2:
        B = 2.0 * np.cos(np.pi * k * (2 * j + 1) / (2 * n))
        if norm == "ortho":
            B *= np.where(k == 0, np.sqrt(1.0 / (4 * n)), np.sqrt(1.0 / (2 * n)))
        elif norm == "forward":
            B /= 2 * n
    elif dct_type == 3:
        B = 2.0 * np.cos(np.pi * j * (2 * k + 1) / (2 * n))
        if norm == "ortho":
            B *= np.sqrt(1.0 / (2 * n))
            B[:, 0] = 1.0 / np.sqrt(n)
        else:
            B[:, 0] = 1.0
            if norm == "forward":
                B /= 2 * n
    elif dct_type == 4:
        B = 2.0 * np.cos(np.pi * (2 * k + 1) * (2 * j + 1) / (4 * n))
        if norm == "ortho":
            B *= np.sqrt(1.0 / (2 * n))
        elif norm == "forward":
            B /= 2 * n
    else:
        if n < 2:
            raise ValueError("DCT-I is not defined for size < 2")
        B = 2.0 * np.cos(np.pi * k * j / (n - 1))
        B[:, 0] = 1.0
        B[:, -1] = (-1.0) ** k[:, 0]
        if norm == "ortho":
            B[:, 0] *= np.sqrt(2.0)
            B[:, -1] *= np.sqrt(2.0)
            B *= np.sqrt(1.0 / (2 * (n - 1)))
            if n_out:
                B[0, :] /= np.sqrt(2.0)
            if n_out == n:
                B[-1, :] /= np.sqrt(2.0)
        elif norm == "forward":
            B /= 2 * (n - 1)
    B = np.ascontiguousarray(B, dtype=dtype)
    B.flags.writeable = False
    return B


@checked
def mfcc(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_mfcc: int = 20,
    dct_type: int = 2,
    norm: Optional[str] = "ortho",
    lifter: float = 0,
    mel_norm: Any = "slaney",
    **kwargs: Any,
) -> np.ndarray:
    """Mel-frequency cepstral coefficients, as ``librosa.feature.mfcc``.

    The DCT is a product with a cached basis holding only the ``n_mfcc`` rows
    that are kept (types 1-4 and norms as scipy.fft.dct, without scipy).

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, t)] or None
        A log-power mel spectrogram.
    n_mfcc : int > 0
    dct_type : {1, 2, 3}
    norm : None or 'ortho'
    lifter : number >= 0
        Cepstral liftering (0 for none).
    mel_norm : passed to `fastrosa.filters.mel` as ``norm``.
    **kwargs
        Passed to `melspectrogram`.

    Returns
    -------
    M : np.ndarray [shape=(..., n_mfcc, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.feature.mfcc(y=y, sr=22050).shape
    (20, 44)
    """
    if S is None:
        S = spectrum.power_to_db(melspectrogram(y=y, sr=sr, norm=mel_norm, **kwargs))
    S = np.asarray(S)
    # scipy.fft.dct's precision: float16 and complex64 in single, integers in double
    if S.dtype in (np.float32, np.float64):
        real = S.dtype
    elif S.dtype in (np.float16, np.complex64):
        real = np.dtype(np.float32)
    else:
        real = np.dtype(np.float64)
    n = S.shape[-2]
    if dct_type == 1 and n < 2 and S.size:  # scipy.fft.dct's error for a one-point DCT-I
        raise RuntimeError("zero-length FFT requested")
    if dct_type == 1 and n < 2:  # no frames: scipy returns the empty array
        basis = np.zeros((min(n_mfcc, n), n), dtype=real)
    else:
        basis = _dct_basis(n, dct_type, norm, min(n_mfcc, n), real)
    # the blocked C projection (as chroma's), not BLAS: OpenBLAS's worker
    # threads keep spinning after a call and then fight the STFT's threads
    # for the cores, and its rounding changes with its thread count
    M = _project(basis, S)
    if lifter > 0:
        return _reference.liftered(M, lifter, n_mfcc=n_mfcc)
    elif lifter == 0:
        return M
    else:
        raise ParameterError(f"MFCC lifter={lifter} must be a non-negative number")


@functools.lru_cache(maxsize=32)
def _cached_chroma(sr, n_fft, tuning, n_chroma, items):
    basis = np.ascontiguousarray(
        filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning, n_chroma=n_chroma, **dict(items)))
    basis.flags.writeable = False
    return basis


def _chroma_filterbank(sr, n_fft, tuning, n_chroma, kwargs):
    """`fastrosa.filters.chroma`, cached (read-only) when the arguments are hashable."""
    try:
        return _cached_chroma(sr, n_fft, tuning, n_chroma, tuple(sorted(kwargs.items())))
    except TypeError:  # unhashable arguments (or a bad keyword: raised again here)
        return filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning, n_chroma=n_chroma, **kwargs)


def _project(basis: np.ndarray, S: np.ndarray) -> np.ndarray:
    """``einsum("cf,...ft->...ct", basis, S)``: a blocked C loop for float
    spectrograms (numpy's own loops otherwise). Not BLAS: its worker threads
    would fight the STFT's threads for the cores (see `mfcc`)."""
    real = np.result_type(basis, S)
    if real not in (np.float32, np.float64) or S.ndim < 2 or S.shape[-2] != basis.shape[1] \
            or S.shape[-2] == 0:
        return np.einsum("cf,...ft->...ct", basis, S)
    S3 = _as_matrices(S, real)
    out = np.empty((S3.shape[0], basis.shape[0], S3.shape[-1]), dtype=real)
    _pitch.project(np.ascontiguousarray(basis, dtype=real), S3, out, _config.get_num_threads())
    return out.reshape(S.shape[:-2] + out.shape[1:])


@checked
def chroma_stft(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    norm: Optional[float] = np.inf,
    n_fft: int = 2048,
    hop_length: int = 512,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    tuning: Optional[float] = None,
    n_chroma: int = 12,
    **kwargs: Any,
) -> np.ndarray:
    """Chromagram from a waveform or power spectrogram, as ``librosa.feature.chroma_stft``.

    The power spectrogram (computed in one fused pass from ``y``) is
    projected on the chroma filterbank (cached per parameter set) and each
    frame normalised. With ``tuning=None`` the tuning is estimated from the
    spectrogram exactly as librosa does (`fastrosa.estimate_tuning`).

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, t)] or None
        A power spectrogram.
    norm : float or None
        Column normalisation (see `fastrosa.util.normalize`); ``np.inf`` by default.
    n_fft, hop_length, win_length, window, center, pad_mode : as `fastrosa.stft`
    tuning : float or None
        Deviation from A440 in fractions of a chroma bin; estimated when None.
    n_chroma : int > 0
        Number of chroma bins.
    **kwargs
        Passed to `fastrosa.filters.chroma` (``ctroct``, ``octwidth``,
        ``base_c``, ``dtype``).

    Returns
    -------
    chromagram : np.ndarray [shape=(..., n_chroma, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> sr = 22050
    >>> y = np.sin(2 * np.pi * 440 * np.arange(sr) / sr).astype(np.float32)
    >>> C = fastrosa.feature.chroma_stft(y=y, sr=sr)
    >>> C.shape, C.dtype, int(C[:, 20].argmax())  # A is pitch class 9 (from C)
    ((12, 44), dtype('float32'), 9)
    """
    # not a row of _shape._ROUTES: the power spectrogram is stored (tuning=None
    # estimates from all of it), then projected (`_project`)
    S, n_fft = spectrum._spectrogram(y=y, S=S, n_fft=n_fft, hop_length=hop_length, power=2,
                                     win_length=win_length, window=window, center=center,
                                     pad_mode=pad_mode)
    if tuning is None:
        tuning = estimate_tuning(S=S, sr=sr, bins_per_octave=n_chroma)

    chromafb = _chroma_filterbank(sr, n_fft, tuning, n_chroma, kwargs)
    raw_chroma = _project(chromafb, S)
    return util.normalize(raw_chroma, norm=norm, axis=-2)


def _polyfit_operator(freq: np.ndarray, order: int):
    """What np.polyfit(freq, y, order) applies to every column y: the
    minimum-norm least-squares solution through the column-scaled Vandermonde
    matrix (numpy's scaling and ``rcond``), as one (order + 1, n) matrix, and
    the rank that lstsq would report."""
    x = np.asarray(freq) + 0.0
    lhs = np.vander(x, order + 1)
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs /= scale
    u, s, vt = np.linalg.svd(lhs, full_matrices=False)
    keep = s > len(x) * np.finfo(x.dtype).eps * s[0]
    inv = np.where(keep, 1 / np.where(keep, s, 1), 0)
    return (vt.T * inv) @ u.T / scale[:, np.newaxis], int(keep.sum())


@checked
def poly_features(*, y: Optional[np.ndarray] = None, sr: float = 22050,
                  S: Optional[np.ndarray] = None, n_fft: int = 2048, hop_length: int = 512,
                  win_length: Optional[int] = None, window: Any = "hann", center: bool = True,
                  pad_mode: Any = "constant", order: int = 1,
                  freq: Optional[np.ndarray] = None) -> np.ndarray:
    """Coefficients of fitting an nth-order polynomial to the columns of a
    spectrogram, as ``librosa.feature.poly_features`` (highest power first,
    float64).

    librosa calls ``np.polyfit`` (an SVD least-squares solve of every
    column); with one frequency vector the solve is the same linear map for
    every column, so it is formed once (the pseudo-inverse of numpy's scaled
    Vandermonde matrix) and applied as one matrix product. Frequencies per
    frame (2-D ``freq``) and non-finite results take librosa's route.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
        Audio time series.
    sr : number > 0
        Sampling rate of ``y``.
    S : np.ndarray [shape=(..., d, t)] or None
        Magnitude or power spectrogram, instead of ``y``.
    n_fft, hop_length, win_length, window, center, pad_mode
        The STFT of ``y`` (see `fastrosa.stft`).
    order : int > 0
        Order of the polynomial.
    freq : None or np.ndarray [shape=(d,) or (..., d, t)]
        Centre frequencies of the bins (default: ``fft_frequencies``).

    Returns
    -------
    coefficients : np.ndarray [shape=(..., order + 1, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> S = np.outer(1 + 2 * fastrosa.fft_frequencies(sr=8, n_fft=8), np.ones(3))
    >>> fastrosa.feature.poly_features(S=S, sr=8, order=1).round(6)
    array([[2., 2., 2.],
           [1., 1., 1.]])
    """
    S, n_fft = spectrum._spectrogram(y=y, S=S, n_fft=n_fft, hop_length=hop_length,
                                     win_length=win_length, window=window, center=center,
                                     pad_mode=pad_mode)
    if freq is None:
        freq = fft_frequencies(sr=sr, n_fft=n_fft)
    # (no fits at all, a channel axis of 0: np.vectorize's error, as librosa's)
    if (freq.ndim == 1 and S.ndim >= 2 and order >= 0 and freq.shape[0] == S.shape[-2] > 0
            and all(S.shape[:-2])):
        op, rank = _polyfit_operator(freq, int(order))
        if rank != order + 1:
            for _ in range(int(np.prod(S.shape[:-2], dtype=np.int64))):  # once per fit
                warnings.warn("Polyfit may be poorly conditioned", _RankWarning, stacklevel=2)
        coefficients = np.matmul(op, S.astype(np.float64, copy=False))
        if np.isfinite(coefficients).all():
            return coefficients
    return _reference.poly_features(S, freq, order)
