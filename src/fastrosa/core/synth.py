"""Synthetic signals: click tracks, pure tones and sweeps (librosa.core.audio's
``clicks``, ``tone`` and ``chirp``).

Adapted from librosa (ISC licence). ``chirp`` computes the phase of
``scipy.signal.chirp`` (which librosa calls) in NumPy, operation for
operation, so no scipy is imported.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ..util._checks import checked
from ..util.exceptions import ParameterError
from ..util.utils import valid_audio
from .convert import frames_to_samples, time_to_samples

__all__ = ["clicks", "tone", "chirp"]


@checked
def clicks(
    *,
    times: Optional[Any] = None,
    frames: Optional[Any] = None,
    sr: float = 22050,
    hop_length: int = 512,
    click_freq: float = 1000.0,
    click_duration: float = 0.1,
    click: Optional[np.ndarray] = None,
    length: Optional[int] = None,
) -> np.ndarray:
    """A click track: the signal ``click`` placed at each of ``times`` (or ``frames``).

    Parameters
    ----------
    times : np.ndarray or None
        Times (seconds) to place clicks at.
    frames : np.ndarray or None
        Frame indices to place clicks at (used when ``times`` is None).
    sr : number > 0
        Sampling rate of the output.
    hop_length : int > 0
        Samples between frames, for ``frames``.
    click_freq : float > 0
        Frequency (Hz) of the default click: an exponentially decaying sine.
    click_duration : float > 0
        Duration (seconds) of the default click.
    click : np.ndarray or None
        A click to use instead of the default; multichannel ``(..., n)`` is supported.
    length : int > 0 or None
        Number of samples of the output; default: up to the end of the last click.

    Returns
    -------
    click_signal : np.ndarray [shape=click.shape[:-1] + (length,), dtype=float32]

    Raises
    ------
    ParameterError
        If neither ``times`` nor ``frames`` is given, or ``click_freq``,
        ``click_duration`` or ``length`` is out of range.

    Examples
    --------
    >>> import fastrosa
    >>> y = fastrosa.clicks(times=[0.0, 0.5], sr=1000, click_duration=0.01, length=600)
    >>> y.shape, y.dtype, int((y != 0).sum())
    ((600,), dtype('float32'), 18)
    """
    positions: np.ndarray
    if times is None:
        if frames is None:
            raise ParameterError('either "times" or "frames" must be provided')
        positions = frames_to_samples(frames, hop_length=hop_length)
    else:
        positions = time_to_samples(times, sr=sr)

    if click is not None:
        valid_audio(click)
    else:
        if click_duration <= 0:
            raise ParameterError("click_duration must be strictly positive")
        if click_freq <= 0:
            raise ParameterError("click_freq must be strictly positive")

        angular_freq = 2 * np.pi * click_freq / float(sr)
        click = np.logspace(0, -10, num=int(sr * click_duration), base=2.0)
        click *= np.sin(angular_freq * np.arange(len(click)))

    if length is None:
        length = positions.max() + click.shape[-1]
    else:
        if length < 1:
            raise ParameterError("length must be a positive integer")
        # drop the clicks that start past the end
        positions = positions[positions < length]

    shape = list(click.shape)
    shape[-1] = length
    click_signal = np.zeros(shape, dtype=np.float32)

    # one click at a time, in order: overlapping clicks add up as in librosa
    for start in positions:
        end = start + click.shape[-1]
        if end >= length:
            click_signal[..., start:] += click[..., : length - start]
        else:
            click_signal[..., start:end] += click

    return click_signal


@checked
def tone(
    frequency: Any,
    *,
    sr: float = 22050,
    length: Optional[int] = None,
    duration: Optional[float] = None,
    phi: Optional[float] = None,
) -> np.ndarray:
    """A pure tone: ``cos(2 pi frequency t + phi)``.

    Parameters
    ----------
    frequency : float > 0
        Frequency (Hz).
    sr : number > 0
        Sampling rate of the output.
    length : int > 0
        Number of samples; takes priority over ``duration``.
    duration : float > 0
        Duration (seconds).
    phi : float or None
        Phase offset (radians); default ``-pi / 2`` (a sine).

    Returns
    -------
    tone_signal : np.ndarray [shape=(length,), dtype=float64]

    Raises
    ------
    ParameterError
        If ``frequency`` is None, or neither ``length`` nor ``duration`` is given.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.tone(1000, sr=8000, length=4).round(6)
    array([0.      , 0.707107, 1.      , 0.707107])
    """
    if frequency is None:
        raise ParameterError('"frequency" must be provided')

    if length is None:
        if duration is None:
            raise ParameterError('either "length" or "duration" must be provided')
        length = int(duration * sr)

    if phi is None:
        phi = -np.pi * 0.5

    y: np.ndarray = np.cos(2 * np.pi * frequency * np.arange(length) / sr + phi)
    return y


@checked
def chirp(
    *,
    fmin: Any,
    fmax: Any,
    sr: float = 22050,
    length: Optional[int] = None,
    duration: Optional[float] = None,
    linear: bool = False,
    phi: Optional[float] = None,
) -> np.ndarray:
    """A sine sweep from ``fmin`` to ``fmax`` (Hz), exponential or linear in frequency.

    Parameters
    ----------
    fmin, fmax : float > 0
        Initial and final frequencies (Hz).
    sr, length, duration
        As `tone`: the sampling rate, and the number of samples or else the duration.
    linear : bool
        If True, the frequency changes linearly with time; if False, exponentially.
    phi : float or None
        Phase offset (radians); default ``-pi / 2``.

    Returns
    -------
    chirp_signal : np.ndarray [shape=(length,), dtype=float64]

    Raises
    ------
    ParameterError
        If ``fmin`` or ``fmax`` is None, or neither ``length`` nor ``duration`` is given.
    ValueError
        For an exponential sweep between frequencies of different signs, or from 0
        (scipy's message).

    Examples
    --------
    >>> import fastrosa
    >>> y = fastrosa.chirp(fmin=110, fmax=880, sr=22050, duration=1.0)
    >>> y.shape, y.dtype
    ((22050,), dtype('float64'))
    """
    if fmin is None or fmax is None:
        raise ParameterError('both "fmin" and "fmax" must be provided')

    period = 1.0 / sr
    if length is None:
        if duration is None:
            raise ParameterError('either "length" or "duration" must be provided')
    else:
        duration = period * length

    if phi is None:
        phi = -np.pi * 0.5

    t = np.asarray(np.arange(int(duration * sr)) / sr)
    phase = _chirp_phase(t, float(fmin), float(duration), float(fmax), linear)
    # scipy takes the phase offset in degrees: librosa converts there and scipy back
    return np.cos(phase + np.deg2rad(phi / np.pi * 180))


def _chirp_phase(t: np.ndarray, f0: float, t1: float, f1: float, linear: bool) -> np.ndarray:
    """scipy.signal's chirp phase (radians) for its 'linear' and 'logarithmic' methods."""
    if linear:
        beta = (f1 - f0) / t1
        return 2 * np.pi * (f0 * t + 0.5 * beta * t * t)
    if f0 * f1 <= 0.0:
        raise ValueError("For a logarithmic chirp, f0 and f1 must be "
                         "nonzero and have the same sign.")
    if f0 == f1:
        return 2 * np.pi * f0 * t
    beta = t1 / np.log(f1 / f0)
    return 2 * np.pi * beta * f0 * (pow(f1 / f0, t / t1) - 1.0)
