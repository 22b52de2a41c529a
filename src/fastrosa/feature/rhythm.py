"""Rhythmic features (librosa.feature.rhythm equivalents): the autocorrelation
tempogram and tempo estimation.

Adapted from librosa (ISC licence). The tempogram's windowed autocorrelations
are one C pass over the frames (FFTW, in the precision librosa computes in:
float64 for the default window), max-normalised in the same pass. ``tempo``
with its default time average never forms the tempogram: each frame's
autocorrelation peaks at lag 0 (its energy), so the average is one inverse FFT
of the frames' power spectra, each divided by its energy, summed in C.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

import numpy as np

from .. import _config, _fftw
from .._ext import _spectrum
from .._ext._layout import _as_rows
from ..core.audio import autocorrelate
from ..core.convert import tempo_frequencies, time_to_frames
from ..filters import get_window
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util import _checks
from ..util._checks import checked

__all__ = ["tempogram", "tempo"]


def _fft_size(n: int) -> int:
    """The smallest 2**k or 3 * 2**k >= n: transform lengths FFTW runs fastest
    (for the tempogram's 767 lags of interest 768, where scipy's 5-smooth
    choice would be 720, a length FFTW has no fast codelets for). Any length
    >= 2W - 1 gives the same (linear) autocorrelation."""
    size = 1
    while size < n:
        size *= 2
    if size % 4 == 0 and 3 * (size // 4) >= n:
        return 3 * (size // 4)
    return size


@functools.lru_cache(maxsize=16)
def _named_window(window: str, win_length: int) -> np.ndarray:
    """``get_window(window, win_length, fftbins=True)`` for a window named by a
    string, cached (read-only)."""
    w = get_window(window, win_length, fftbins=True)
    w.setflags(write=False)
    return w


def _framed(y, sr, onset_envelope, hop_length, win_length, center, window, norm):
    """tempogram's validation, onset envelope and padding. Returns the (padded)
    envelope, its length before padding, the window, and ``(rows, window,
    n_frames)`` for the C kernels when they apply (None otherwise)."""
    from ..onset import onset_strength

    if win_length < 1:
        raise ParameterError("win_length must be a positive integer")
    _checks.size(win_length, "win_length", high=_checks.MAX_LAGS)

    if isinstance(window, str):
        ac_window = _named_window(window, win_length)
    else:
        ac_window = get_window(window, win_length, fftbins=True)

    if onset_envelope is None:
        if y is None:
            raise ParameterError("Either y or onset_envelope must be provided")

        onset_envelope = onset_strength(y=y, sr=sr, hop_length=hop_length)

    onset_envelope = np.asarray(onset_envelope)
    n = onset_envelope.shape[-1]

    if center:
        padding = [(0, 0) for _ in onset_envelope.shape]
        padding[-1] = (int(win_length // 2),) * 2
        onset_envelope = np.pad(onset_envelope, padding, mode="linear_ramp", end_values=[0, 0])

    work = np.result_type(onset_envelope.dtype, np.asarray(ac_window).dtype)
    n_frames = onset_envelope.shape[-1] - win_length + 1
    if center:
        n_frames = min(n_frames, n)
    # each frame's autocorrelation, whether kept or averaged
    _checks.values(win_length * max(n_frames, 0) * (onset_envelope.size // max(1, onset_envelope.shape[-1])),
                   "the tempogram")
    fast = (
        work in (np.float32, np.float64)
        and n_frames > 0
        and np.ndim(ac_window) == 1
        and len(ac_window) == win_length
        and norm in (np.inf, None)
        and np.all(np.isfinite(onset_envelope))
    )
    if not fast:
        return onset_envelope, n, ac_window, None
    x = _as_rows(onset_envelope, work)
    w = np.ascontiguousarray(ac_window, dtype=work)
    return onset_envelope, n, ac_window, (x, w, n_frames)


def _generic_tempogram(onset_envelope, n, ac_window, win_length, center, norm):
    """librosa's tempogram of the (padded) envelope with NumPy, for the cases
    the C kernel does not take (other dtypes, norms, non-finite values)."""
    odf_frame = util.frame(onset_envelope, frame_length=win_length, hop_length=1)
    if center:
        odf_frame = odf_frame[..., :n]
    ac_window = util.expand_to(ac_window, ndim=odf_frame.ndim, axes=-2)
    return util.normalize(autocorrelate(odf_frame * ac_window, axis=-2), norm=norm, axis=-2)


@checked
def tempogram(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    onset_envelope: Optional[np.ndarray] = None,
    hop_length: int = 512,
    win_length: int = 384,
    center: bool = True,
    window: Any = "hann",
    norm: Optional[float] = np.inf,
) -> np.ndarray:
    """Autocorrelation tempogram: the local autocorrelation of the onset
    strength envelope, as ``librosa.feature.tempogram``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    onset_envelope : np.ndarray [shape=(..., n)] or None
        A pre-computed onset strength envelope.
    hop_length : int > 0
    win_length : int > 0
        Length of the autocorrelation window, in frames.
    center : bool
        Centre the windows (the envelope is padded with linear ramps to 0).
    window : str, tuple, number, callable or np.ndarray [shape=(win_length,)]
    norm : {np.inf, -np.inf, 0, float > 0, None}
        Normalisation of each frame (see `fastrosa.util.normalize`).

    Returns
    -------
    tempogram : np.ndarray [shape=(..., win_length, n)]

    Raises
    ------
    ParameterError
        If ``win_length < 1``, or neither ``y`` nor ``onset_envelope`` is given.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> env = np.zeros(1000)
    >>> env[::20] = 1.0  # a pulse every 20 frames
    >>> tg = fastrosa.feature.tempogram(onset_envelope=env, sr=22050)
    >>> tg.shape, int(tg[1:, 500].argmax()) + 1
    ((384, 1000), 20)
    """
    onset_envelope, n, ac_window, fast = _framed(y, sr, onset_envelope, hop_length, win_length,
                                                 center, window, norm)
    if fast is None:
        return _generic_tempogram(onset_envelope, n, ac_window, win_length, center, norm)

    x, w, n_frames = fast
    out = np.empty((x.shape[0], win_length, n_frames), dtype=x.dtype)
    _fftw.ensure_loaded()
    _spectrum.tempogram_frames(x, w, _fft_size(2 * win_length - 1),
                               norm is not None, out, _config.get_num_threads())
    return out.reshape(onset_envelope.shape[:-1] + out.shape[1:])


@checked
def tempo(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    onset_envelope: Optional[np.ndarray] = None,
    tg: Optional[np.ndarray] = None,
    hop_length: int = 512,
    start_bpm: float = 120,
    std_bpm: float = 1.0,
    ac_size: float = 8.0,
    max_tempo: Optional[float] = 320.0,
    aggregate: Optional[Callable[..., Any]] = np.mean,
    prior: Optional[Any] = None,
) -> np.ndarray:
    """Estimate the tempo (beats per minute), as ``librosa.feature.tempo``.

    The tempogram (averaged over time by ``aggregate``) is weighted by a
    log-normal prior around ``start_bpm`` (or ``prior.logpdf``, a
    scipy.stats distribution) and its best lag taken. The weighting is done in
    float64 on the float64 tempogram, as librosa, so the same lag wins.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    onset_envelope : np.ndarray [shape=(..., n)] or None
    tg : np.ndarray or None
        A pre-computed tempogram (its length sets the window).
    hop_length : int > 0
    start_bpm : float > 0
    std_bpm : float > 0
    ac_size : float > 0
        Length of the autocorrelation window, in seconds.
    max_tempo : float > 0 or None
    aggregate : callable or None
        None estimates a tempo per frame.
    prior : scipy.stats.rv_continuous or None

    Returns
    -------
    tempo : np.ndarray [shape=(..., 1) or (..., n)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> env = np.zeros(2000)
    >>> env[::22] = 1.0  # 22 frames per beat at 43 frames/s
    >>> fastrosa.feature.tempo(onset_envelope=env, sr=22050)
    array([117.45383523])
    """
    if start_bpm <= 0:
        raise ParameterError("start_bpm must be strictly positive")

    if tg is None:
        _checks.size(hop_length, "hop_length")
        win_length = time_to_frames(ac_size, sr=sr, hop_length=hop_length).item()
        if not 1 <= win_length <= _checks.MAX_LAGS:
            raise ParameterError(f"ac_size={ac_size!r} s is {win_length} frames at sr={sr!r}, "
                                 f"hop_length={hop_length}: not between 1 and {_checks.MAX_LAGS}")

        if aggregate is np.mean:
            # the time average straight from the envelope, without the
            # (win_length, frames) tempogram
            tg = _mean_tempogram(y, sr, onset_envelope, hop_length, win_length)
        else:
            tg = tempogram(
                y=y,
                sr=sr,
                onset_envelope=onset_envelope,
                hop_length=hop_length,
                win_length=win_length,
            )
            if aggregate is not None:
                tg = aggregate(tg, axis=-1, keepdims=True)
    else:
        win_length = tg.shape[-2]
        if aggregate is not None:
            tg = aggregate(tg, axis=-1, keepdims=True)

    bpms = tempo_frequencies(win_length, hop_length=hop_length, sr=sr)

    if prior is None:
        logprior = -0.5 * ((np.log2(bpms) - np.log2(start_bpm)) / std_bpm) ** 2
    else:
        logprior = prior.logpdf(bpms)

    if max_tempo is not None:
        max_idx = int(np.argmax(bpms < max_tempo))
        logprior[:max_idx] = -np.inf
    logprior = util.expand_to(logprior, ndim=tg.ndim, axes=-2)

    best_period = np.argmax(np.log1p(1e6 * tg) + logprior, axis=-2)

    tempo_est: np.ndarray = np.take(bpms, best_period)
    return tempo_est


def _mean_tempogram(y, sr, onset_envelope, hop_length, win_length):
    """``tempogram(...).mean(axis=-1, keepdims=True)`` for the default window
    and max normalisation. Each frame's autocorrelation peaks at lag 0 (its
    energy), so the mean is one inverse FFT of the energy-scaled power spectra
    summed over frames (C, in double): the tempogram's mean up to rounding."""
    onset_envelope, n, ac_window, fast = _framed(y, sr, onset_envelope, hop_length, win_length,
                                                 True, "hann", np.inf)
    if fast is not None:
        # energies in range: no overflow, and no power spectrum in the
        # subnormal numbers (where the mean would round unlike the frames)
        peak = float(np.max(np.abs(fast[0]))) if fast[0].size else 0.0
        if not (peak == 0.0 or 1e-100 < peak < 1e100):
            fast = None
    if fast is None:
        tg = _generic_tempogram(onset_envelope, n, ac_window, win_length, True, np.inf)
        return np.mean(tg, axis=-1, keepdims=True)
    x, w, n_frames = fast
    out = np.empty((x.shape[0], win_length), dtype=x.dtype)
    _fftw.ensure_loaded()
    _spectrum.tempogram_mean(x, w, _fft_size(2 * win_length - 1), n_frames, out,
                             _config.get_num_threads())
    return out.reshape(onset_envelope.shape[:-1] + (win_length, 1))
