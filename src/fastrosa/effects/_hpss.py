"""Harmonic/percussive separation of audio, as ``librosa.effects.hpss``."""

from __future__ import annotations

from typing import Any, List, Optional, Tuple, Union

import numpy as np

from .. import decompose
from .._ext._runtime import reuse_blocks
from ..decompose import _hpss
from ..core.spectrum import istft, stft
from ..util._checks import checked

_Kernel = Union[int, Tuple[int, int], List[int]]
_Margin = Union[float, Tuple[float, float], List[float]]


def _separate(y, which, kernel_size, power, mask, margin, n_fft, hop_length, win_length,
              center, pad_mode):
    # librosa.effects passes neither ``window`` to stft nor to istft: both use
    # the default Hann window whatever is asked, and so does this.
    # librosa's float32 STFT is computed in float64 (its window is float64) and
    # rounded once, so each bin carries a relative error of one rounding. The
    # masks divide median-filtered magnitudes, which near-silent bins beside a
    # loud one make sensitive to absolute errors of the size of a float32 FFT's
    # (eps * the frame's largest bin): compute this STFT in float64 too, and
    # separate its complex64 rounding, as librosa does.
    real = np.asarray(y).dtype
    with reuse_blocks():  # the spectrogram-sized temporaries, call after call
        D = stft(y, n_fft=n_fft, hop_length=hop_length, win_length=win_length, center=center,
                 pad_mode=pad_mode, dtype=np.complex128 if real == np.float32 else None)
        if real == np.float32:
            D = D.astype(np.complex64)
        if (D.ndim == 2 and real in (np.float32, np.float64) and n_fft % 2 == 0 and center
                and win_length in (None, n_fft) and not mask
                and _is(kernel_size, 31) and _is(power, 2.0) and _is(margin, 1.0)):
            # the default separation of a mono signal: both masked spectra
            # made and inverted frame by frame, never stored (bit for bit
            # the calls below)
            signals = _hpss.hpss_signals(D, hop_length=n_fft // 4 if hop_length is None
                                         else hop_length, length=y.shape[-1])
            return tuple(signals[i] for i in which)
        parts = decompose.hpss(D, kernel_size=kernel_size, power=power, mask=mask, margin=margin)
        return tuple(
            istft(parts[i], dtype=y.dtype, n_fft=n_fft, hop_length=hop_length,
                  win_length=win_length, center=center, length=y.shape[-1])
            for i in which
        )


def _is(value, default) -> bool:
    """value is the number default (a plain int or float, not a pair or array)."""
    return type(value) in (int, float) and value == default


@checked
def hpss(
    y: np.ndarray,
    *,
    kernel_size: _Kernel = 31,
    power: float = 2.0,
    mask: bool = False,
    margin: _Margin = 1.0,
    n_fft: int = 2048,
    hop_length: Optional[int] = None,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
) -> Tuple[np.ndarray, np.ndarray]:
    """Decompose an audio time series into harmonic and percussive components,
    as ``librosa.effects.hpss``: STFT, `fastrosa.decompose.hpss`, and the
    inverse STFT of each part, trimmed or padded to the input's length.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio time series; multichannel input is supported.
    kernel_size, power, mask, margin
        See `fastrosa.decompose.hpss`.
    n_fft, hop_length, win_length, center, pad_mode
        See `fastrosa.stft`.
    window
        Accepted and ignored, as in librosa 0.11.0 (the STFT and its inverse
        use the default Hann window).

    Returns
    -------
    y_harmonic : np.ndarray [shape=(..., n)]
    y_percussive : np.ndarray [shape=(..., n)]
        Of ``y``'s dtype.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> y_h, y_p = fastrosa.effects.hpss(y)
    >>> y_h.shape, y_p.dtype
    ((22050,), dtype('float32'))
    """
    return _separate(y, (0, 1), kernel_size, power, mask, margin, n_fft, hop_length, win_length,
                     center, pad_mode)


@checked
def harmonic(
    y: np.ndarray,
    *,
    kernel_size: _Kernel = 31,
    power: float = 2.0,
    mask: bool = False,
    margin: _Margin = 1.0,
    n_fft: int = 2048,
    hop_length: Optional[int] = None,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
) -> np.ndarray:
    """Extract the harmonic elements of an audio time series, as
    ``librosa.effects.harmonic`` (the first output of `hpss`).

    Parameters are those of `hpss`.

    Returns
    -------
    y_harmonic : np.ndarray [shape=(..., n)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050)
    >>> fastrosa.effects.harmonic(y, margin=3.0).shape
    (22050,)
    """
    return _separate(y, (0,), kernel_size, power, mask, margin, n_fft, hop_length, win_length,
                     center, pad_mode)[0]


@checked
def percussive(
    y: np.ndarray,
    *,
    kernel_size: _Kernel = 31,
    power: float = 2.0,
    mask: bool = False,
    margin: _Margin = 1.0,
    n_fft: int = 2048,
    hop_length: Optional[int] = None,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
) -> np.ndarray:
    """Extract the percussive elements of an audio time series, as
    ``librosa.effects.percussive`` (the second output of `hpss`).

    Parameters are those of `hpss`.

    Returns
    -------
    y_percussive : np.ndarray [shape=(..., n)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050)
    >>> fastrosa.effects.percussive(y, margin=3.0).shape
    (22050,)
    """
    return _separate(y, (1,), kernel_size, power, mask, margin, n_fft, hop_length, win_length,
                     center, pad_mode)[0]
