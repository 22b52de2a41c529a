"""Silence and re-ordering by intervals: trim, split, remix (librosa.effects).

Adapted from librosa (ISC licence). The frame energies are fastrosa's rms
kernel; the few thousand decibel values and the interval arithmetic that
follow are librosa's NumPy formulas, so the thresholds compare the same
numbers librosa compares.
"""

from __future__ import annotations

from typing import Callable, Iterable, Tuple, Union

import numpy as np

from .. import util
from ..core.audio import to_mono, zero_crossings
from ..core.convert import frames_to_samples
from ..feature import rms

__all__ = ["trim", "split", "remix"]


def _frame_db(mse: np.ndarray, ref) -> np.ndarray:
    """librosa.amplitude_to_db(mse, ref=ref, top_db=None) in NumPy (amin 1e-5)."""
    magnitude = np.abs(mse)
    ref_value = ref(magnitude) if callable(ref) else np.abs(ref)
    power = np.square(magnitude, out=magnitude)
    amin = 1e-5**2
    log_spec = 10.0 * np.log10(np.maximum(amin, power))
    log_spec -= 10.0 * np.log10(np.maximum(amin, ref_value**2))
    return log_spec


def _signal_to_frame_nonsilent(y, frame_length=2048, hop_length=512, top_db=60, ref=np.max,
                               aggregate=np.max) -> np.ndarray:
    """librosa's frame-wise non-silent indicator (aggregated over channels)."""
    mse = rms(y=y, frame_length=frame_length, hop_length=hop_length)
    db = _frame_db(mse[..., 0, :], ref)
    if db.ndim > 1:
        db = np.apply_over_axes(aggregate, db, range(db.ndim - 1))
        db = np.squeeze(db, axis=tuple(range(db.ndim - 1)))
    return db > -top_db


def trim(y: np.ndarray, *, top_db: float = 60, ref: Union[float, Callable] = np.max,
         frame_length: int = 2048, hop_length: int = 512,
         aggregate: Callable = np.max) -> Tuple[np.ndarray, np.ndarray]:
    """Trim leading and trailing silence from an audio signal, as
    ``librosa.effects.trim``.

    Silence is what lies ``top_db`` decibels or more below ``ref`` (by default
    the largest frame RMS), framewise, aggregated over channels.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio signal; multi-channel is supported.
    top_db : number
        Threshold below the reference, in decibels.
    ref : number or callable
        Reference amplitude (default: the maximum frame RMS).
    frame_length, hop_length : int > 0
        Frame size and hop of the RMS analysis.
    aggregate : callable
        Reduction of the decibels across channels.

    Returns
    -------
    y_trimmed : np.ndarray [shape=(..., m)]
        ``y[..., index[0]:index[1]]``.
    index : np.ndarray [shape=(2,)]
        The interval of ``y`` that is not silent.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.concatenate([np.zeros(4096), np.ones(8192), np.zeros(4096)]).astype(np.float32)
    >>> fastrosa.effects.trim(y)[1]
    array([ 3584, 13312])
    """
    non_silent = _signal_to_frame_nonsilent(y, frame_length=frame_length,
                                            hop_length=hop_length, ref=ref, top_db=top_db,
                                            aggregate=aggregate)
    nonzero = np.flatnonzero(non_silent)
    if nonzero.size > 0:
        # the end goes one frame past the last non-silent one
        start = int(frames_to_samples(nonzero[0], hop_length=hop_length))
        end = min(y.shape[-1], int(frames_to_samples(nonzero[-1] + 1, hop_length=hop_length)))
    else:
        start, end = 0, 0
    return y[..., start:end], np.asarray([start, end])


def split(y: np.ndarray, *, top_db: float = 60, ref: Union[float, Callable] = np.max,
          frame_length: int = 2048, hop_length: int = 512,
          aggregate: Callable = np.max) -> np.ndarray:
    """Split an audio signal into non-silent intervals, as ``librosa.effects.split``.

    Parameters are those of `trim`.

    Returns
    -------
    intervals : np.ndarray [shape=(m, 2)]
        ``intervals[i] == (start_i, end_i)``, in samples.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.concatenate([np.ones(8192), np.zeros(8192), np.ones(8192)]).astype(np.float32)
    >>> fastrosa.effects.split(y)
    array([[    0,  9216],
           [15872, 24576]])
    """
    non_silent = _signal_to_frame_nonsilent(y, frame_length=frame_length,
                                            hop_length=hop_length, ref=ref, top_db=top_db,
                                            aggregate=aggregate)
    # where the indicator flips, plus the ends when they are non-silent
    edges = np.flatnonzero(np.diff(non_silent.astype(int)))
    edges = [edges + 1]
    if non_silent[0]:
        edges.insert(0, np.array([0]))
    if non_silent[-1]:
        edges.append(np.array([len(non_silent)]))
    edges = frames_to_samples(np.concatenate(edges), hop_length=hop_length)
    edges = np.minimum(edges, y.shape[-1])
    return edges.reshape((-1, 2))


def remix(y: np.ndarray, intervals: Iterable[Tuple[int, int]], *,
          align_zeros: bool = True) -> np.ndarray:
    """Remix an audio signal by re-ordering time intervals, as
    ``librosa.effects.remix``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., t)]
        Audio time series; multi-channel is supported.
    intervals : iterable of tuples (start, end)
        The intervals, in samples, in their new order.
    align_zeros : bool
        Move each interval's ends to the nearest zero crossings of the mono
        mix (``util.match_events``), the end of the signal counting as one.

    Returns
    -------
    y_remix : np.ndarray [shape=(..., d)]
        The intervals of ``y``, concatenated.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.arange(6.0)
    >>> fastrosa.effects.remix(y, [(3, 6), (0, 3)], align_zeros=False)
    array([3., 4., 5., 0., 1., 2.])
    """
    y_out = []
    if align_zeros:
        y_mono = to_mono(y)
        zeros = np.nonzero(zero_crossings(y_mono))[-1]
        zeros = np.append(zeros, [len(y_mono)])
    for interval in intervals:
        if align_zeros:
            interval = zeros[util.match_events(interval, zeros)]
        y_out.append(y[..., interval[0]:interval[1]])
    return np.concatenate(y_out, axis=-1)
