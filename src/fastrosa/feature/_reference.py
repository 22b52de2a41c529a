"""librosa's spectral-feature formulas in NumPy, once (librosa 0.11, ISC licence).

The C kernels (`_shape.py` routes to them) compute the same reductions; these
are the pure-NumPy twins that serve every input a kernel does not take
(per-frame ``freq``, a given ``centroid``, non-finite or exotic-dtype
spectrograms), so results and errors stay librosa's there. They take the
spectrogram and frequencies already checked and resolved, and are tested
against librosa on their own (tests/test_reference.py). Also here: the
helpers that emulate NumPy's own rounding where a kernel must match it.
"""

from __future__ import annotations

import numpy as np

from ..core.spectrum import power_to_db
from ..util import utils as util
from ..util.exceptions import ParameterError

SUM_SEQUENTIAL, SUM_PAIRWISE = 1, 2  # the C kernels' fr_sum_mode


def numpy_sum_mode(S):
    """The order in which NumPy sums ``S`` (or an elementwise function of it)
    over axis -2: pairwise when that axis is the innermost in memory, else one
    row after another. librosa's float32 flatness rounds accordingly."""
    strides = [abs(st) for st, n in zip(S.strides, S.shape) if n > 1]
    inner = abs(S.strides[-2]) if S.ndim >= 2 else 0
    if S.ndim >= 2 and S.shape[-2] > 1 and inner == min(strides) and strides.count(inner) == 1:
        return SUM_PAIRWISE
    return SUM_SEQUENTIAL


def centroid(S, freq):
    """spectral_centroid: ``sum(freq * S) / sum(S)`` per frame; ``freq`` (d,) or (..., d, t)."""
    if freq.ndim == 1:
        freq = util.expand_to(freq, ndim=S.ndim, axes=-2)
    return np.sum(freq * util.normalize(S, norm=1, axis=-2), axis=-2, keepdims=True)


_centroid = centroid  # for bandwidth, whose argument takes the name


def bandwidth(S, freq, *, centroid=None, norm=True, p=2):
    """spectral_bandwidth: ``sum(S * |freq - centroid|**p) ** (1/p)`` per frame
    (``S`` normalised to unit sum with ``norm``; the centroid of ``S`` by default)."""
    if centroid is None:
        centroid = _centroid(S, freq)
    if freq.ndim == 1:
        deviation = np.abs(np.subtract.outer(centroid[..., 0, :], freq).swapaxes(-2, -1))
    else:
        deviation = np.abs(freq - centroid)
    if norm:
        S = util.normalize(S, norm=1, axis=-2)
    return np.sum(S * deviation**p, axis=-2, keepdims=True) ** (1.0 / p)


def rolloff(S, freq, *, roll_percent=0.85):
    """spectral_rolloff: the lowest frequency whose cumulative magnitude reaches
    ``roll_percent`` of the frame's total."""
    if freq.ndim == 1:
        freq = util.expand_to(freq, ndim=S.ndim, axes=-2)
    total_energy = np.cumsum(S, axis=-2)
    threshold = np.expand_dims(roll_percent * total_energy[..., -1, :], axis=-2)
    ind = np.where(total_energy < threshold, np.nan, 1)
    return np.nanmin(ind * freq, axis=-2, keepdims=True)


def flatness(S, *, amin=1e-10, power=2.0):
    """spectral_flatness: geometric over arithmetic mean of ``max(amin, S**power)``."""
    S_thresh = np.maximum(amin, S**power)
    gmean = np.exp(np.mean(np.log(S_thresh), axis=-2, keepdims=True))
    amean = np.mean(S_thresh, axis=-2, keepdims=True)
    return gmean / amean


def contrast_extremes(S, bins, counts):
    """spectral_contrast's ``(valley, peak)``: per band (the bins ``bins[k]``,
    from `_shape._contrast_bands`) the means of its ``counts[k]`` smallest and
    largest magnitudes, shape (..., n_bands + 1, t)."""
    shape = list(S.shape)
    shape[-2] = len(bins)
    valley = np.zeros(shape)
    peak = np.zeros_like(valley)
    for k, (sel, q) in enumerate(zip(bins, counts)):
        sortedr = np.sort(S[..., sel, :], axis=-2)
        valley[..., k, :] = np.mean(sortedr[..., :q, :], axis=-2)
        peak[..., k, :] = np.mean(sortedr[..., -q:, :], axis=-2)
    return valley, peak


def contrast(valley, peak, *, linear=False):
    """spectral_contrast from its extremes: their difference, linear or in dB."""
    if linear:
        return peak - valley
    return power_to_db(peak) - power_to_db(valley)


def rms_frames(y, *, frame_length, hop_length, center, pad_mode, dtype):
    """rms from the signal: the root mean square of each (centred, padded)
    frame, squared in ``dtype``."""
    if center:
        padding = [(0, 0) for _ in range(y.ndim)]
        padding[-1] = (int(frame_length // 2), int(frame_length // 2))
        y = np.pad(y, padding, mode=pad_mode)
    x = util.frame(y, frame_length=frame_length, hop_length=hop_length)
    return np.sqrt(np.mean(abs2(x, dtype=dtype), axis=-2, keepdims=True))


def rms_spectrogram(S, *, frame_length, dtype):
    """rms from a magnitude spectrogram: each column's energy (Parseval)."""
    if S.shape[-2] != frame_length // 2 + 1:
        raise ParameterError(
            "Since S.shape[-2] is {}, "
            "frame_length is expected to be {} or {}; "
            "found {}".format(
                S.shape[-2], S.shape[-2] * 2 - 2, S.shape[-2] * 2 - 1, frame_length
            )
        )
    x = abs2(S, dtype=dtype)
    x[..., 0, :] *= 0.5
    if frame_length % 2 == 0:
        x[..., -1, :] *= 0.5
    return np.sqrt(2 * np.sum(x, axis=-2, keepdims=True) / frame_length**2)


def rms_squares_lost(x, out, dtype):
    """Whether librosa's rms of the rows ``x`` (whose double-precision rms is
    ``out``) loses bits the double kernel keeps: it squares in ``dtype``, and
    in float32 squares of samples beyond 1.8e19 overflow while frames whose
    rms is below 1e-15 lose (some of) their energy to underflow."""
    return bool(np.dtype(dtype) == np.float32 and x.size
                and (max(-float(np.min(x)), float(np.max(x))) > 1.8e19
                     or np.any((out > 0) & (out < 1e-15))))


def liftered(M, lifter, *, n_mfcc):
    """mfcc's cepstral liftering (``lifter > 0``) of the coefficients ``M``
    (..., n_mfcc, t), in place: row k (from 1) scaled by
    ``1 + (lifter / 2) * sin(pi * k / lifter)``."""
    LI = np.sin(np.pi * np.arange(1, 1 + n_mfcc, dtype=M.dtype) / lifter)
    LI = util.expand_to(LI, ndim=M.ndim, axes=-2)
    M *= 1 + (lifter / 2) * LI
    return M


def abs2(x, dtype=None):
    """librosa.util.abs2: |x|**2 of real or complex ``x``."""
    if np.iscomplexobj(x):
        y = (x.real**2 + x.imag**2).astype(util.dtype_c2r(x.dtype), copy=False)
        return y if dtype is None else y.astype(dtype)
    return np.square(x, dtype=dtype)


def poly_features(S, freq, order):
    """librosa's poly_features fit: np.polyfit of every column (or, with
    frequencies per frame, of every frame against its own)."""
    if freq.ndim == 1:
        fitter = np.vectorize(lambda y: np.polyfit(freq, y, order), signature="(f,t)->(d,t)")
        return fitter(S)
    fitter = np.vectorize(lambda x, y: np.polyfit(x, y, order), signature="(f),(f)->(d)")
    return fitter(freq.swapaxes(-2, -1), S.swapaxes(-2, -1)).swapaxes(-2, -1)
