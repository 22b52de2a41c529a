"""Unit conversion between frames, samples, blocks and time (librosa.core.convert equivalents).

Adapted from librosa (ISC licence).  Return types follow librosa exactly:
scalar input gives a NumPy scalar (``samples_to_frames``: a 0-d array),
sequence input gives an ndarray; integer results use the platform ``int``.
"""

from __future__ import annotations

from typing import Any, Optional, Union

import numpy as np

__all__ = [
    "frames_to_samples",
    "frames_to_time",
    "samples_to_frames",
    "samples_to_time",
    "time_to_samples",
    "time_to_frames",
    "blocks_to_samples",
    "blocks_to_frames",
    "blocks_to_time",
    "fft_frequencies",
    "samples_like",
    "times_like",
]


def _offset(n_fft: Optional[int]) -> int:
    # Frames are centred: with n_fft given, frame t starts n_fft // 2 samples later.
    return 0 if n_fft is None else int(n_fft // 2)


def frames_to_samples(frames: Any, *, hop_length: int = 512, n_fft: Optional[int] = None) -> Any:
    """Convert frame indices to audio sample indices.

    Parameters
    ----------
    frames : number or np.ndarray [shape=(n,)]
        Frame index or vector of frame indices.
    hop_length : int > 0
        Number of samples between successive frames.
    n_fft : None or int > 0
        If given, offset by ``n_fft // 2`` to counteract windowing effects.

    Returns
    -------
    times : number or np.ndarray
        ``frames * hop_length + n_fft // 2``, as int.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.frames_to_samples([0, 1, 10], hop_length=512)
    array([   0,  512, 5120])
    """
    return (np.asanyarray(frames) * hop_length + _offset(n_fft)).astype(int)


def samples_to_frames(samples: Any, *, hop_length: int = 512, n_fft: Optional[int] = None) -> Any:
    """Convert sample indices into frame indices (``(samples - n_fft // 2) // hop_length``).

    Parameters
    ----------
    samples : int or np.ndarray [shape=(n,)]
        Sample index or vector of sample indices.
    hop_length : int > 0
        Number of samples between successive frames.
    n_fft : None or int > 0
        If given, subtract ``n_fft // 2`` first.

    Returns
    -------
    frames : np.ndarray [dtype=int]
        Frame numbers (a 0-d array for scalar input, as in librosa).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.samples_to_frames([0, 511, 512, 5000], hop_length=512)
    array([0, 0, 1, 9])
    """
    samples = np.asanyarray(samples)
    return np.asarray(np.floor((samples - _offset(n_fft)) // hop_length), dtype=int)


def frames_to_time(
    frames: Any, *, sr: float = 22050, hop_length: int = 512, n_fft: Optional[int] = None
) -> Any:
    """Convert frame indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.frames_to_time([0, 43], sr=22050)
    array([0.        , 0.99845805])
    """
    samples = frames_to_samples(frames, hop_length=hop_length, n_fft=n_fft)
    return samples_to_time(samples, sr=sr)


def time_to_frames(
    times: Any, *, sr: float = 22050, hop_length: int = 512, n_fft: Optional[int] = None
) -> Any:
    """Convert time stamps (seconds) into frame indices.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.time_to_frames([0.0, 1.0, 2.5], sr=22050)
    array([  0,  43, 107])
    """
    samples = time_to_samples(times, sr=sr)
    return samples_to_frames(samples, hop_length=hop_length, n_fft=n_fft)


def time_to_samples(times: Any, *, sr: float = 22050) -> Any:
    """Convert time stamps (seconds) to sample indices (truncated towards zero).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.time_to_samples([0.0, 0.5, 1.0], sr=22050)
    array([    0, 11025, 22050])
    """
    return (np.asanyarray(times) * sr).astype(int)


def samples_to_time(samples: Any, *, sr: float = 22050) -> Any:
    """Convert sample indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.samples_to_time([0, 11025, 22050], sr=22050)
    array([0. , 0.5, 1. ])
    """
    return np.asanyarray(samples) / float(sr)


def blocks_to_frames(blocks: Any, *, block_length: int) -> Any:
    """Convert block indices to frame indices (``block_length * blocks``)."""
    return block_length * np.asanyarray(blocks)


def blocks_to_samples(blocks: Any, *, block_length: int, hop_length: int) -> Any:
    """Convert block indices to sample indices."""
    frames = blocks_to_frames(blocks, block_length=block_length)
    return frames_to_samples(frames, hop_length=hop_length)


def blocks_to_time(blocks: Any, *, block_length: int, hop_length: int, sr: float) -> Any:
    """Convert block indices to time (seconds).

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.blocks_to_time([0, 1, 2], block_length=16, hop_length=512, sr=22050)
    array([0.        , 0.37151927, 0.74303855])
    """
    samples = blocks_to_samples(blocks, block_length=block_length, hop_length=hop_length)
    return samples_to_time(samples, sr=sr)


def fft_frequencies(*, sr: float = 22050, n_fft: int = 2048) -> np.ndarray:
    """Frequencies (Hz) of the ``1 + n_fft // 2`` rFFT bins.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.fft_frequencies(sr=8, n_fft=8)
    array([0., 1., 2., 3., 4.])
    """
    return np.fft.rfftfreq(n=n_fft, d=1.0 / sr)


def samples_like(
    X: Union[np.ndarray, float],
    *,
    hop_length: int = 512,
    n_fft: Optional[int] = None,
    axis: int = -1,
) -> np.ndarray:
    """Sample index of each frame of a feature matrix (or of ``X`` frames if scalar).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.samples_like(np.zeros((5, 3)))
    array([   0,  512, 1024])
    """
    frames = np.arange(X) if np.isscalar(X) else np.arange(X.shape[axis])  # type: ignore[union-attr]
    return frames_to_samples(frames, hop_length=hop_length, n_fft=n_fft)


def times_like(
    X: Union[np.ndarray, float],
    *,
    sr: float = 22050,
    hop_length: int = 512,
    n_fft: Optional[int] = None,
    axis: int = -1,
) -> np.ndarray:
    """Time (seconds) of each frame of a feature matrix (or of ``X`` frames if scalar).

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.times_like(3, sr=22050)
    array([0.        , 0.02321995, 0.04643991])
    """
    samples = samples_like(X, hop_length=hop_length, n_fft=n_fft, axis=axis)
    return samples_to_time(samples, sr=sr)
