"""The GTZAN recipe's fixed parts, shared by the whole-signal path (`_summary`)
and the long-signal path (`_blocked`): the analysis constants, the columns of a
row, and the per-feature steps both paths take alike.

Each helper takes ``lib``, a module with librosa's API (fastrosa or librosa
itself), so that one recipe runs on either library.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SR", "N_FFT", "HOP", "COLUMNS", "COMPAT_MODES"]

#: The GTZAN sampling rate: what files are loaded at, and the rate of a row's
#: ``length`` column (fastrosa.load's default, as in the published CSVs).
SR = 22050
#: The analysis frames of every spectral feature: librosa's defaults.
N_FFT = 2048
HOP = 512

#: The feature columns of the published GTZAN CSV (``features_30_sec.csv``),
#: in order, without ``filename`` (first) and ``label`` (last).
COLUMNS = (
    "length",
    "chroma_stft_mean", "chroma_stft_var",
    "rms_mean", "rms_var",
    "spectral_centroid_mean", "spectral_centroid_var",
    "spectral_bandwidth_mean", "spectral_bandwidth_var",
    "rolloff_mean", "rolloff_var",
    "zero_crossing_rate_mean", "zero_crossing_rate_var",
    "harmony_mean", "harmony_var",
    "perceptr_mean", "perceptr_var",
    "tempo",
) + tuple(f"mfcc{k}_{s}" for k in range(1, 21) for s in ("mean", "var"))

#: The two recipes (see `_summary`): the published CSV's, and librosa 0.11.0's defaults.
COMPAT_MODES = ("kaggle", "current")


def _tempo_value(t) -> float:
    """beat_track returns a scalar 0.0 for silence and a (1,) array otherwise."""
    return float(np.atleast_1d(t)[0])


def _piece(y, a, b, pad_mode):
    """The centred signal (padded by n_fft // 2 with ``pad_mode``) under frames
    ``[a, b)``: what an analysis with ``center=False`` turns into exactly those
    frames of the centred analysis of ``y``."""
    n = y.shape[-1]
    half = N_FFT // 2
    lo, hi = a * HOP - half, (b - 1) * HOP + half
    if lo >= 0 and hi <= n:
        return y[lo:hi]
    # pad a stretch long enough that a reflection reads only samples inside it
    e0 = 0 if lo < 0 else max(0, lo - N_FFT)
    e1 = n if hi > n else min(n, hi + N_FFT)
    before, after = max(0, -lo), max(0, hi - n)
    ext = np.pad(y[e0:e1], (before, after), mode=pad_mode)
    start = lo - (e0 - before)
    return ext[start: start + hi - lo]


def _edge_frames(n):
    """``(head, tail)``: the frames ``[0, head)`` and ``[tail, T)`` of a centred
    analysis of ``n`` samples that overlap the padding, or None when they meet."""
    half = N_FFT // 2
    T = 1 + n // HOP
    head = -(-half // HOP)
    tail = (n - half) // HOP + 1 if n >= half else 0
    if tail <= head + 1:
        return None
    return head, min(tail, T)


def _onset_mel(lib, y, sr, mel, inplace=False):
    """The mel power spectrogram with constant padding (beat_track's onset
    envelope), from ``mel`` made with reflect padding: only the frames that
    overlap the padding differ, and only those are computed again."""
    n = y.shape[-1]
    edges = _edge_frames(n)
    if edges is None:
        return lib.feature.melspectrogram(y=y, sr=sr, n_fft=N_FFT, hop_length=HOP,
                                          pad_mode="constant")
    head, tail = edges
    T = 1 + n // HOP
    out = mel if inplace else mel.copy()
    for a, b in ((0, head), (tail, T)):
        if b > a:
            out[..., a:b] = lib.feature.melspectrogram(
                y=_piece(y, a, b, "constant"), sr=sr, n_fft=N_FFT, hop_length=HOP, center=False)
    return out
