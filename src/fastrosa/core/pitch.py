"""Pitch tracking and tuning estimation (librosa.core.pitch equivalents).

Adapted from librosa (ISC licence). `piptrack`'s per-frame work (threshold,
local maxima, parabolic interpolation) is one C pass (csrc/pitch.c) that
repeats librosa's arithmetic in the same precision and order, so that the
same spectrogram gives the same peaks, bit for bit, and `estimate_tuning`'s
histogram (an argmax, where one count can decide) the same tuning.

Where the two could still part: `estimate_tuning` votes with the residual of
``12 * log2(f / 27.5) mod 1`` of each strong peak, in float32 for float32
input, so one ulp of a pitch can move a vote across a 0.01-wide bin edge,
and a tie between the two fullest bins is then broken the other way. The
peak arithmetic itself cannot cause that (it is librosa's, operation for
operation: the parabola's sums in T and the rest in double as numba types
them, ``(k + shift) * sr / n_fft`` in double rounded to T, the magnitude
``S + (0.5 * grad) * shift`` in T, the reference ``T(threshold) * max``, the
median and the histogram with NumPy's own calls). What remains is the
spectrogram: for float32 input librosa transforms in float64 and rounds,
fastrosa transforms in float32, so ``S`` agrees to a few ulps only (and
NumPy's complex64 ``abs`` is not libm's ``hypotf``, so no portable kernel
could match it bit for bit). Measured on the recordings the tests use
(float32, magnitude and power spectrograms): the same 514,000 peaks, and of
the votes (about half of them) a single one in another bin, where the
fullest bin led by three; so the same tuning on every recording.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Optional, Tuple, Union

import numpy as np

from .. import _config
from .._ext import _pitch
from .._ext._layout import _as_matrices
from . import convert, spectrum
from ..util._checks import checked

__all__ = ["piptrack", "pitch_tuning", "estimate_tuning"]


def _peaks(*, y, sr, S, n_fft, hop_length, fmin, fmax, threshold, win_length, window, center,
           pad_mode, ref, compact):
    """piptrack's work: ``(pitches, mags, S)``, full arrays of S's shape, or
    (``compact``) flat arrays holding only the peaks' values."""
    # not feature._shape's routing: there is no fused piptrack kernel; the
    # peaks are found over librosa's stored spectrogram (a callable ref sees it whole)
    S_given_real = S is not None and not np.iscomplexobj(S)
    S, n_fft = spectrum._spectrogram(y=y, S=S, n_fft=n_fft, hop_length=hop_length,
                                     win_length=win_length, window=window, center=center,
                                     pad_mode=pad_mode)
    if np.iscomplexobj(S):
        S = np.abs(S)  # a real S: the kernel reads np.abs of each value itself
    if S.dtype not in (np.float32, np.float64):
        raise TypeError(f"piptrack: unsupported spectrogram dtype {S.dtype} "
                        "(librosa's interpolation accepts float32 and float64)")

    fmin = np.maximum(fmin, 0)
    fmax = np.minimum(fmax, float(sr) / 2)
    fft_freqs = convert.fft_frequencies(sr=sr, n_fft=n_fft)
    in_range = np.flatnonzero((fmin <= fft_freqs) & (fft_freqs < fmax))
    k_lo, k_hi = (int(in_range[0]), int(in_range[-1]) + 1) if in_range.size else (0, 0)

    n_freq, n_frames = S.shape[-2], S.shape[-1]
    S3 = _as_matrices(S)
    rows = S3.shape[0]

    if ref is None:
        ref = np.max
    thr_in_t = True
    if ref is np.max:
        refs = None  # threshold * max over bins, in the kernel
        thr_in_t = np.result_type(threshold, S.dtype) == S.dtype
    elif callable(ref):
        # librosa's ref sees np.abs(S) (ours from y, or a complex S's, is that already)
        mags = np.abs(S) if S_given_real else S
        ref_value = np.expand_dims(threshold * ref(mags, axis=-2), -2)
        refs = np.broadcast_to(ref_value, S.shape[:-2] + (1, n_frames))
    else:
        ref_value = np.abs(ref)
        # compared in NumPy's common type (a Python float rounds to S's precision)
        ref_value = np.asarray(ref_value, dtype=np.result_type(S.dtype, ref_value))
        refs = np.broadcast_to(ref_value, S.shape[:-2] + (1, n_frames))
    if refs is not None:
        refs = np.ascontiguousarray(refs.reshape(rows, n_frames), dtype=np.float64)

    if n_freq < 2:  # librosa's gradient along frequency needs two bins: its error
        np.gradient(S, axis=-2)
    if compact:
        size = rows * max(k_hi - max(k_lo, 1), 0) * n_frames
        pitch = np.empty(size, dtype=S.dtype)
        mag = np.empty(size, dtype=S.dtype)
    else:
        pitch = np.zeros(S.shape, dtype=S.dtype)  # the kernel writes the peaks only
        mag = np.zeros(S.shape, dtype=S.dtype)
    if rows == 0 or n_frames == 0:
        return (pitch[:0], mag[:0]) if compact else (np.zeros_like(S), np.zeros_like(S))
    n = _pitch.piptrack(S3, refs, float(threshold), bool(thr_in_t), k_lo, k_hi, float(sr),
                        float(n_fft), pitch.reshape(-1), mag.reshape(-1), bool(compact),
                        _config.get_num_threads())
    if compact:
        return pitch[:n], mag[:n]
    return pitch, mag


@checked
def piptrack(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: Optional[int] = 2048,
    hop_length: Optional[int] = None,
    fmin: float = 150.0,
    fmax: float = 4000.0,
    threshold: float = 0.1,
    win_length: Optional[int] = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: Any = "constant",
    ref: Optional[Union[float, Callable]] = None,
) -> Tuple[np.ndarray, np.ndarray]:
    """Pitch tracking on thresholded parabolically-interpolated STFT, as
    ``librosa.piptrack``.

    A bin is a pitch candidate when it is a local maximum (along frequency)
    of the spectrum masked to the bins above ``threshold * ref(S)``; its
    frequency and magnitude are refined by parabolic interpolation over its
    two neighbours.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
        Audio signal; multichannel is supported.
    sr : number > 0
        Sampling rate of ``y``.
    S : np.ndarray [shape=(..., d, t)] or None
        Magnitude or power spectrogram.
    n_fft : int > 0 or None
        FFT size, if ``y`` is provided.
    hop_length : int > 0 or None
        Number of samples between frames.
    fmin, fmax : float > 0
        Frequency range (Hz) of the reported pitches: ``fmin <= f < fmax``.
    threshold : float in (0, 1)
        A bin is a candidate when it is greater than ``threshold * ref(S)``.
    win_length, window, center, pad_mode : as `fastrosa.stft`
    ref : scalar or callable
        A scalar reference (compared directly, without ``threshold``), or a
        callable evaluated as ``ref(S, axis=-2)``; ``np.max`` by default.

    Returns
    -------
    pitches, magnitudes : np.ndarray [shape=(..., d, t)]
        Instantaneous frequency and magnitude at each peak, 0 elsewhere.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> sr = 22050
    >>> y = np.sin(2 * np.pi * 440 * np.arange(sr) / sr).astype(np.float32)
    >>> pitches, mags = fastrosa.piptrack(y=y, sr=sr)
    >>> pitches.shape, pitches.dtype
    ((1025, 44), dtype('float32'))
    >>> round(float(pitches[:, 20].max()))
    440
    """
    return _peaks(y=y, sr=sr, S=S, n_fft=n_fft, hop_length=hop_length, fmin=fmin, fmax=fmax,
                  threshold=threshold, win_length=win_length, window=window, center=center,
                  pad_mode=pad_mode, ref=ref, compact=False)


def _piptrack_options(*, hop_length=None, fmin=150.0, fmax=4000.0, threshold=0.1,
                      win_length=None, window="hann", center=True, pad_mode="constant",
                      ref=None):
    """The keyword arguments of `piptrack` beyond y, sr, S and n_fft (others raise TypeError)."""
    return dict(hop_length=hop_length, fmin=fmin, fmax=fmax, threshold=threshold,
                win_length=win_length, window=window, center=center, pad_mode=pad_mode, ref=ref)


@checked
def estimate_tuning(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    S: Optional[np.ndarray] = None,
    n_fft: Optional[int] = 2048,
    resolution: float = 0.01,
    bins_per_octave: int = 12,
    **kwargs: Any,
) -> float:
    """Estimate the tuning of an audio time series or spectrogram, as
    ``librosa.estimate_tuning``.

    The peaks of `piptrack` whose magnitude is at least the median peak
    magnitude vote, through `pitch_tuning`, for the tuning deviation. Only
    the peaks are gathered (never the full pitch and magnitude arrays).

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    S : np.ndarray [shape=(..., d, t)] or None
        Magnitude or power spectrogram.
    n_fft : int > 0 or None
    resolution : float in (0, 1)
        Resolution of the tuning as a fraction of a bin (0.01: cents).
    bins_per_octave : int > 0
    **kwargs
        Passed to `piptrack`.

    Returns
    -------
    tuning : float in [-0.5, 0.5)
        One estimate across all channels, in fractions of a bin.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> sr = 22050
    >>> y = np.sin(2 * np.pi * 440 * 2 ** (0.25 / 12) * np.arange(2 * sr) / sr)  # 25 cents sharp
    >>> round(float(fastrosa.estimate_tuning(y=y, sr=sr)), 2)
    0.24
    """
    opts = _piptrack_options(**kwargs)
    pitch, mag = _peaks(y=y, sr=sr, S=S, n_fft=n_fft, compact=True, **opts)

    # Only count magnitude where frequency is > 0
    pitch_mask = pitch > 0
    if pitch_mask.any():
        threshold = np.median(mag[pitch_mask])
    else:
        threshold = 0.0

    return pitch_tuning(pitch[(mag >= threshold) & pitch_mask], resolution=resolution,
                        bins_per_octave=bins_per_octave)


def pitch_tuning(frequencies: Any, *, resolution: float = 0.01, bins_per_octave: int = 12) -> float:
    """Estimate the tuning offset of a collection of pitches (fractions of a
    bin, relative to A440), as ``librosa.pitch_tuning``.

    Parameters
    ----------
    frequencies : array-like, float
        Frequencies detected in the signal (see `piptrack`); values <= 0 are ignored.
    resolution : float in (0, 1)
        Resolution of the tuning as a fraction of a bin (0.01: cents).
    bins_per_octave : int > 0

    Returns
    -------
    tuning : float in [-0.5, 0.5)
        The peak of the histogram of residuals (0.0, with a warning, when
        there are no frequencies).

    Examples
    --------
    >>> import fastrosa
    >>> float(fastrosa.pitch_tuning([440.0 * 2 ** (0.25 / 12)]))
    0.25
    """
    frequencies = np.atleast_1d(frequencies)

    # Trim out any DC components
    frequencies = frequencies[frequencies > 0]

    if not np.any(frequencies):
        warnings.warn("Trying to estimate tuning from empty frequency set.", stacklevel=2)
        return 0.0

    # The residual relative to the number of bins; a residual of 0.95 is more
    # likely a deviation of -0.05 from the next tone up.
    x = bins_per_octave * convert.hz_to_octs(frequencies)
    bins = np.linspace(-0.5, 0.5, int(np.ceil(1.0 / resolution)) + 1)
    if isinstance(x, np.ndarray) and x.dtype in (np.float32, np.float64) and bins.size >= 2 \
            and np.all(bins[:-1] <= bins[1:]) and np.all(np.isfinite(x)):
        # the residuals and their histogram in one C pass, NumPy's arithmetic
        # (np.mod in x's precision, bins compared in double), no sort
        tuning = bins
        counts = np.empty(bins.size - 1, dtype=np.int64)
        _pitch.tuning_counts(np.ascontiguousarray(x).reshape(-1), bins, counts)
    else:
        residual = np.mod(x, 1.0)
        residual[residual >= 0.5] -= 1.0
        counts, tuning = np.histogram(residual, bins)

    # the histogram peak
    tuning_est: float = tuning[np.argmax(counts)]
    return tuning_est
