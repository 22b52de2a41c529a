"""The FMA features preset: the 518 columns of the FMA dataset's ``features.csv``.

The recipe of FMA's ``features.py`` (Defferrard et al., MIT licence), with
librosa 0.11.0's names (``rms`` for the old ``rmse``; the column keeps FMA's
name). Each ``lib`` call below is one of FMA's, in its order, on the file
loaded at its own rate (``sr=None``) and made mono:

- ``zcr``: ``feature.zero_crossing_rate(y, frame_length=2048, hop_length=512)``;
- ``C = |cqt(y, sr=sr, hop_length=512, bins_per_octave=12, n_bins=84, tuning=None)|``
  feeds ``chroma_cqt`` and ``chroma_cens`` (``C=C, n_chroma=12, n_octaves=7``) and
  ``tonnetz(chroma=<chroma_cens>)``;
- ``S = |stft(y, n_fft=2048, hop_length=512)|`` feeds ``chroma_stft(S=S**2, n_chroma=12)``,
  ``rms(S=S)``, ``spectral_centroid(S=S)``, ``spectral_bandwidth(S=S)``,
  ``spectral_contrast(S=S, n_bands=6)``, ``spectral_rolloff(S=S)`` (these leave
  ``sr`` at its default, as FMA's calls do), ``melspectrogram(sr=sr, S=S**2)``
  and ``mfcc(S=power_to_db(mel), n_mfcc=20)``.

Each of the 74 feature rows gets mean, std, skew, kurtosis (as
``scipy.stats`` computes them by default: biased, Fisher's kurtosis), median,
min and max. `FMA_COLUMNS` lists ``(feature, statistic, number)`` in FMA's
sorted column order.
"""

from __future__ import annotations

import numpy as np

__all__ = ["FMA_SIZES", "FMA_STATISTICS", "FMA_COLUMNS", "fma_features", "fma_row"]

#: Rows of each feature (FMA's ``columns()``).
FMA_SIZES = {"chroma_stft": 12, "chroma_cqt": 12, "chroma_cens": 12, "tonnetz": 6, "mfcc": 20,
             "rmse": 1, "zcr": 1, "spectral_centroid": 1, "spectral_bandwidth": 1,
             "spectral_contrast": 7, "spectral_rolloff": 1}
FMA_STATISTICS = ("mean", "std", "skew", "kurtosis", "median", "min", "max")

#: ``(feature, statistic, number)`` of every column, in FMA's order (sorted).
FMA_COLUMNS = tuple(sorted((name, stat, f"{i + 1:02d}") for name, size in FMA_SIZES.items()
                           for stat in FMA_STATISTICS for i in range(size)))

HOP = 512
N_FFT = 2048


def fma_features(lib, y, sr, *, one_stft=False) -> dict:
    """The 11 feature arrays of FMA's recipe, written with ``lib``'s librosa API
    (fastrosa, or librosa itself for the tests' reference).

    ``one_stft``: estimate the CQT's tuning from the recipe's ``|stft|`` rather
    than from ``y`` (``tuning=None``), which computes that same spectrogram
    again (piptrack's is ``|stft(y, n_fft=2048, hop_length=512)|``)."""
    f = {"zcr": lib.feature.zero_crossing_rate(y, frame_length=N_FFT, hop_length=HOP)}
    S = np.abs(lib.stft(y, n_fft=N_FFT, hop_length=HOP)) if one_stft else None
    tuning = lib.estimate_tuning(S=S, sr=sr, bins_per_octave=12) if one_stft else None
    C = np.abs(lib.cqt(y, sr=sr, hop_length=HOP, bins_per_octave=12, n_bins=7 * 12, tuning=tuning))
    f["chroma_cqt"] = lib.feature.chroma_cqt(C=C, n_chroma=12, n_octaves=7)
    f["chroma_cens"] = lib.feature.chroma_cens(C=C, n_chroma=12, n_octaves=7)
    f["tonnetz"] = lib.feature.tonnetz(chroma=f["chroma_cens"])
    del C
    if S is None:
        S = np.abs(lib.stft(y, n_fft=N_FFT, hop_length=HOP))
    f["chroma_stft"] = lib.feature.chroma_stft(S=S**2, n_chroma=12)
    f["rmse"] = lib.feature.rms(S=S)
    f["spectral_centroid"] = lib.feature.spectral_centroid(S=S)
    f["spectral_bandwidth"] = lib.feature.spectral_bandwidth(S=S)
    f["spectral_contrast"] = lib.feature.spectral_contrast(S=S, n_bands=6)
    f["spectral_rolloff"] = lib.feature.spectral_rolloff(S=S)
    mel = lib.feature.melspectrogram(sr=sr, S=S**2)
    f["mfcc"] = lib.feature.mfcc(S=lib.power_to_db(mel), n_mfcc=20)
    return f


def _moments(x):
    """scipy.stats.skew and kurtosis of each row, by default (biased, Fisher),
    in scipy's arithmetic: central moments by repeated squaring, NaN where
    the variance is zero to the precision of the mean."""
    mean = np.mean(x, axis=1, keepdims=True)
    d = x - mean
    d2 = d**2
    m2 = np.mean(d2, axis=1)
    m3 = np.mean(d2 * d, axis=1)
    m4 = np.mean(d2**2, axis=1)
    with np.errstate(all="ignore"):
        zero = m2 <= (np.finfo(m2.dtype).eps * mean[:, 0]) ** 2
        skew = np.where(zero, np.nan, m3 / m2**1.5)
        kurt = np.where(zero, np.nan, m4 / m2**2.0) - 3
    return skew, kurt


def fma_row(features) -> dict:
    """``{(feature, statistic, number): value}`` of FMA's statistics of each
    feature array, in `FMA_COLUMNS` order, as Python floats."""
    values = {}
    for name, x in features.items():
        skew, kurt = _moments(x)
        stats = {"mean": np.mean(x, axis=1), "std": np.std(x, axis=1), "skew": skew,
                 "kurtosis": kurt, "median": np.median(x, axis=1), "min": np.min(x, axis=1),
                 "max": np.max(x, axis=1)}
        for stat, v in stats.items():
            for i, value in enumerate(v):
                values[name, stat, f"{i + 1:02d}"] = float(value)
    return {c: values[c] for c in FMA_COLUMNS}
