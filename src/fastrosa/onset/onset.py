"""Onset strength and onset detection (librosa.onset equivalents).

Adapted from librosa (ISC licence). The spectral flux (lag difference,
optional maximum filter across frequency, half-wave rectification and the
mean or median across bins) is one C pass (csrc/rhythm.c); peak picking is
`fastrosa.util.peak_pick`.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from .. import core
from ..core._lfilter import maximum_filter1d
from .._ext import _rhythm
from ..feature.spectral import melspectrogram
from ..util import utils as util
from ..util.matching import match_events
from ..util.exceptions import ParameterError
from ..util import _checks
from ..util._checks import checked

__all__ = ["onset_detect", "onset_strength", "onset_strength_multi", "onset_backtrack"]


@checked
def onset_detect(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    onset_envelope: Optional[np.ndarray] = None,
    hop_length: int = 512,
    backtrack: bool = False,
    energy: Optional[np.ndarray] = None,
    units: str = "frames",
    normalize: bool = True,
    sparse: bool = True,
    **kwargs: Any,
) -> np.ndarray:
    """Locate note onset events by picking peaks in an onset strength envelope,
    as ``librosa.onset.onset_detect``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
        Audio time series (multichannel only with ``sparse=False``).
    sr : number > 0
    onset_envelope : np.ndarray [shape=(..., m)] or None
        A pre-computed onset strength envelope.
    hop_length : int > 0
    backtrack : bool
        Roll each onset back to the nearest preceding minimum of ``energy``
        (``sparse=True`` only).
    energy : np.ndarray [shape=(m,)] or None
        The function to backtrack on; ``onset_envelope`` by default.
    units : {'frames', 'samples', 'time'}
    normalize : bool
        Scale the envelope to [0, 1] before picking peaks.
    sparse : bool
        Onsets as indices (True) or a boolean array shaped like the envelope.
    **kwargs
        Peak picking parameters (see `fastrosa.util.peak_pick`).

    Returns
    -------
    onsets : np.ndarray [shape=(n_onsets,) or onset_envelope.shape]

    Raises
    ------
    ParameterError
        If neither ``y`` nor ``onset_envelope`` is given, or ``units`` is invalid.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.zeros(22050, dtype=np.float32)
    >>> y[::5512] = 1.0  # four clicks (the first, at frame 0, has no onset before it)
    >>> fastrosa.onset.onset_detect(y=y, sr=22050)
    array([11, 22, 33])
    """
    if onset_envelope is None:
        if y is None:
            raise ParameterError("y or onset_envelope must be provided")

        onset_envelope = onset_strength(y=y, sr=sr, hop_length=hop_length)

    if normalize:
        onset_envelope = onset_envelope - np.min(onset_envelope, keepdims=True, axis=-1)
        onset_envelope /= np.max(onset_envelope, keepdims=True, axis=-1) + util.tiny(onset_envelope)

    if not onset_envelope.any() or not np.all(np.isfinite(onset_envelope)):
        if sparse:
            onsets = np.array([], dtype=int)
        else:
            onsets = np.zeros_like(onset_envelope, dtype=bool)

    else:
        # peak picking parameters found by large-scale search (librosa's)
        kwargs.setdefault("pre_max", 0.03 * sr // hop_length)  # 30ms
        kwargs.setdefault("post_max", 0.00 * sr // hop_length + 1)  # 0ms
        kwargs.setdefault("pre_avg", 0.10 * sr // hop_length)  # 100ms
        kwargs.setdefault("post_avg", 0.10 * sr // hop_length + 1)  # 100ms
        kwargs.setdefault("wait", 0.03 * sr // hop_length)  # 30ms
        kwargs.setdefault("delta", 0.07)

        onsets = util.peak_pick(onset_envelope, sparse=sparse, axis=-1, **kwargs)

        if backtrack:
            if not sparse:
                raise ParameterError("onset backtracking is only supported if sparse=True")

            if energy is None:
                energy = onset_envelope
            onsets = onset_backtrack(onsets, energy)

    if sparse:
        if units == "frames":
            pass
        elif units == "samples":
            onsets = core.frames_to_samples(onsets, hop_length=hop_length)
        elif units == "time":
            onsets = core.frames_to_time(onsets, hop_length=hop_length, sr=sr)
        else:
            raise ParameterError(f"Invalid unit type: {units}")

    return onsets


@checked
def onset_strength(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    lag: int = 1,
    max_size: int = 1,
    ref: Optional[np.ndarray] = None,
    detrend: bool = False,
    center: bool = True,
    feature: Optional[Callable] = None,
    aggregate: Optional[Union[Callable, bool]] = None,
    **kwargs: Any,
) -> np.ndarray:
    """Spectral flux onset strength envelope, as ``librosa.onset.onset_strength``.

    ``mean_f max(0, S[f, t] - ref[f, t - lag])`` where ``ref`` is ``S`` after a
    local maximum filter of ``max_size`` bins along frequency; ``S`` is the
    log-power mel spectrogram of ``y`` by default.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, m)] or None
        A pre-computed (log-power) spectrogram.
    lag : int > 0
    max_size : int > 0
    ref : np.ndarray [shape=S.shape] or None
    detrend : bool
        Remove the DC component with a leaky differentiator.
    center : bool
        Shift the envelope by ``n_fft // (2 * hop_length)`` frames.
    feature : callable or None
        The spectrogram function (`fastrosa.feature.melspectrogram` by default).
    aggregate : callable or None
        Combines the bins (`np.mean` by default).
    **kwargs
        ``n_fft``, ``hop_length`` and further arguments of ``feature``.

    Returns
    -------
    onset_envelope : np.ndarray [shape=(..., m)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.zeros(22050, dtype=np.float32)
    >>> y[11025] = 1.0
    >>> env = fastrosa.onset.onset_strength(y=y, sr=22050)
    >>> env.shape, int(env.argmax())
    ((44,), 22)
    """
    if aggregate is False:
        raise ParameterError(
            "aggregate parameter cannot be False when computing full-spectrum onset strength."
        )

    odf_all = onset_strength_multi(
        y=y,
        sr=sr,
        S=S,
        lag=lag,
        max_size=max_size,
        ref=ref,
        detrend=detrend,
        center=center,
        feature=feature,
        aggregate=aggregate,
        channels=None,
        **kwargs,
    )

    return odf_all[..., 0, :]


def onset_backtrack(events: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """Roll onset events back to the nearest preceding local minimum of an
    energy function, as ``librosa.onset.onset_backtrack``.

    Parameters
    ----------
    events : np.ndarray, dtype=int
        Onset frame indices.
    energy : np.ndarray [shape=(m,)]

    Returns
    -------
    events_backtracked : np.ndarray [shape=events.shape]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> energy = np.array([3.0, 1.0, 2.0, 5.0, 4.0, 0.5, 2.0, 6.0])
    >>> fastrosa.onset.onset_backtrack(np.array([3, 7]), energy)
    array([1, 5])
    """
    # minima: energy[i] <= energy[i-1] and energy[i] < energy[i+1]
    minima = np.flatnonzero((energy[1:-1] <= energy[:-2]) & (energy[1:-1] < energy[2:]))

    # a 0 in front, for onsets with no preceding minimum
    minima = util.fix_frames(1 + minima, x_min=0)

    results: np.ndarray = minima[match_events(events, minima, right=False)]
    return results


def _channel_ranges(channels, n_bins):
    """The channels as (lo, hi) bin ranges when they are plain, non-empty,
    contiguous slices of the bins; None otherwise (the caller then aggregates
    with NumPy, exactly as librosa)."""
    if channels is None:
        return [(0, n_bins)]
    if all(isinstance(c, slice) for c in channels):
        slices = list(channels)
    elif all(np.issubdtype(type(c), np.integer) for c in channels):
        idx = util.fix_frames(np.asarray(channels), x_min=0, x_max=n_bins, pad=False)
        slices = [slice(a, b) for a, b in zip(idx, idx[1:])]
    else:
        return None
    ranges = []
    for s in slices:
        if s.step not in (None, 1):
            return None
        lo, hi, _ = s.indices(n_bins)
        if hi <= lo:
            return None
        ranges.append((lo, hi))
    return ranges


def _lfilter_detrend(x: np.ndarray) -> np.ndarray:
    """scipy.signal.lfilter([1, -1], [1, -0.99], x, axis=-1): a leaky
    differentiator, y[n] = x[n] - x[n-1] + 0.99 y[n-1], in float64 (as scipy
    computes it for these float64 coefficients)."""
    x64 = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x64)
    prev_x = np.zeros(x64.shape[:-1])
    prev_y = np.zeros(x64.shape[:-1])
    for n in range(x64.shape[-1]):
        cur = x64[..., n]
        # scipy's direct form II transposed: y = b0 x + z; z = b1 x - a1 y
        y = cur + (-prev_x + 0.99 * prev_y) if n else cur + 0.0
        out[..., n] = y
        prev_x, prev_y = cur, y
    return out


@checked
def onset_strength_multi(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: int = 2048,
    hop_length: int = 512,
    lag: int = 1,
    max_size: int = 1,
    ref: Optional[np.ndarray] = None,
    detrend: bool = False,
    center: bool = True,
    feature: Optional[Callable] = None,
    aggregate: Optional[Union[Callable, bool]] = None,
    channels: Optional[Union[Sequence[int], Sequence[slice]]] = None,
    **kwargs: Any,
) -> np.ndarray:
    """Spectral flux onset strength across multiple frequency channels, as
    ``librosa.onset.onset_strength_multi``.

    Channel ``i`` at frame ``t`` is ``aggregate_{f in channels[i]} max(0,
    S[f, t] - ref[f, t - lag])``. For the mean and the median over plain bin
    ranges the whole flux is one C pass; other aggregations (or ``False``: no
    aggregation) use NumPy, as librosa.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, m)] or None
    n_fft, hop_length : int > 0
        For ``feature`` when ``S`` is not given, and for ``center``'s shift.
    lag : int > 0
    max_size : int > 0
    ref : np.ndarray [shape=S.shape] or None
    detrend : bool
    center : bool
    feature : callable or None
    aggregate : callable, False or None
    channels : list of int or slice, or None
        Channel boundaries (or slices); one channel spanning every bin by default.
    **kwargs
        Passed to ``feature``.

    Returns
    -------
    onset_envelope : np.ndarray [shape=(..., n_channels, m)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.random.default_rng(0).standard_normal(22050).astype(np.float32)
    >>> fastrosa.onset.onset_strength_multi(y=y, sr=22050, channels=[0, 32, 64, 128]).shape
    (3, 44)
    """
    if feature is None:
        feature = melspectrogram
        kwargs.setdefault("fmax", 0.5 * sr)

    if aggregate is None:
        aggregate = np.mean

    if not util.is_positive_int(lag):
        raise ParameterError(f"lag={lag} must be a positive integer")

    if not util.is_positive_int(max_size):
        raise ParameterError(f"max_size={max_size} must be a positive integer")

    if S is None:
        S = feature(y=y, sr=sr, n_fft=n_fft, hop_length=hop_length, **kwargs)
        if feature is not melspectrogram:  # ours is non-negative already
            S = np.abs(S)
        S = core.power_to_db(S)

    S = np.atleast_2d(S)
    # A reflected line repeats with period 2 * bins, so every window of 2 * bins
    # or more holds the whole line: the same maxima at bounded cost.
    max_size = min(max_size, 2 * S.shape[-2])

    if ref is not None and ref.shape != S.shape:
        raise ParameterError(
            f"Reference spectrum shape {ref.shape} must match input spectrum {S.shape}"
        )

    pad = channels is None
    if channels is None:
        channels = [slice(None)]

    work = np.result_type(S.dtype, ref.dtype) if ref is not None else S.dtype
    ranges = _channel_ranges(None if pad else channels, S.shape[-2])
    fast = (
        callable(aggregate)
        and aggregate in (np.mean, np.median)
        and work in (np.float32, np.float64)
        and ranges is not None
        and S.shape[-1] > lag
    )
    if fast:
        onset_env = _flux(S, ref, lag, max_size, ranges, aggregate is np.median, work)
    else:
        if ref is None:
            if max_size == 1:
                ref = S
            else:
                ref = maximum_filter1d(S, max_size, -2)
        onset_env = S[..., lag:] - ref[..., :-lag]
        onset_env = np.maximum(0.0, onset_env)
        if callable(aggregate):
            onset_env = util.sync(onset_env, channels, aggregate=aggregate, pad=pad, axis=-2)

    pad_width = lag
    if center:
        pad_width += n_fft // (2 * hop_length)
        # only the first S.shape[-1] values are kept, and the detrending filter
        # is causal: padding past them changes nothing
        pad_width = min(pad_width, S.shape[-1])
    else:
        _checks.values(pad_width * max(1, onset_env.size // max(1, onset_env.shape[-1])),
                       f"the onset envelope with lag={lag}")

    padding = [(0, 0) for _ in onset_env.shape]
    padding[-1] = (int(pad_width), 0)
    onset_env = np.pad(onset_env, padding, mode="constant")

    if detrend:
        onset_env = _lfilter_detrend(onset_env)

    if center:
        onset_env = onset_env[..., : S.shape[-1]]

    return onset_env


def _flux(S, ref, lag, max_size, ranges, median, work):
    """The C spectral flux of S (..., bins, frames): (..., channels, frames - lag)."""
    lead = S.shape[:-2]
    n_bins, n_frames = S.shape[-2:]
    rows = int(np.prod(lead, dtype=np.int64))
    S3 = np.ascontiguousarray(S, dtype=work).reshape(rows, n_bins, n_frames)
    R3 = None
    if ref is not None:
        R3 = np.ascontiguousarray(ref, dtype=work).reshape(rows, n_bins, n_frames)
    lo = np.array([a for a, _ in ranges], dtype=np.intp)
    hi = np.array([b for _, b in ranges], dtype=np.intp)
    out = np.empty((rows, len(ranges), n_frames - lag), dtype=work)
    _rhythm.onset_flux(S3, R3, lag, max_size, lo, hi, median, out)
    return out.reshape(lead + out.shape[1:])
