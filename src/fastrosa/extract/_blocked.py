"""The GTZAN row of a long signal in blocks of frames, without its full STFT.

The call-by-call recipe holds several full spectrograms at once (an hour at
22050 Hz is 1025 x 155k complex frames, 1.3 GB each) and the harmonic and
percussive signals (the size of the input each). Here the frames are taken
in blocks; what is kept for the whole signal is small:

- per-frame features (centroid, bandwidth, rolloff, rms, zero-crossing rate)
  and the HPSS signals are reduced to running moments block by block;
- the mel spectrogram (128 bands per frame, 1/8 of the spectrogram's size in
  float32) is kept whole: mfcc and the onset envelope need its global maximum
  (``power_to_db``'s ``top_db``), and beat tracking the whole envelope;
- chroma needs a tuning estimated from the whole signal: the pitch peaks
  (``piptrack``, frame by frame) are collected in a first pass, the chroma
  computed in a second pass over the STFT blocks.

Every block is computed by the same library calls as the whole-signal path on
a stretch of the centred, padded signal, so its frames are those of the full
STFT. Medians along time (HPSS, 31 frames) see 15 frames beyond the block and
the inverse STFT 3 frames before it, so block boundaries leave no trace.
"""

from __future__ import annotations

import numpy as np

from ._recipe import COLUMNS, HOP, N_FFT, _onset_mel, _piece, _tempo_value

HALF = N_FFT // 2
OVERLAP = N_FFT // HOP - 1  # earlier frames that reach into a frame's first hop
HPSS_HALO = 31 // 2  # decompose.hpss's default kernel along time


class _Moments:
    """Running count, mean and sum of squared deviations (Chan et al.), in float64."""

    __slots__ = ("n", "mean", "m2")

    def __init__(self):
        self.n, self.mean, self.m2 = 0, 0.0, 0.0

    def add(self, x, zeros: int = 0):
        x = np.asarray(x, dtype=np.float64).ravel()
        k = x.size + zeros
        if k == 0:
            return
        mean = float(np.sum(x)) / k
        m2 = float(np.sum((x - mean) ** 2)) + zeros * mean * mean
        d = mean - self.mean
        n = self.n + k
        self.mean += d * k / n
        self.m2 += m2 + d * d * self.n * k / n
        self.n = n

    def put(self, row, name):
        row[f"{name}_mean"] = self.mean
        row[f"{name}_var"] = self.m2 / self.n if self.n else float("nan")


def summarize_blocked(lib, y, sr, compat, block: int = 2048) -> dict:
    """The GTZAN row of ``y`` (as `summarize`), ``block`` frames at a time."""
    kaggle = compat == "kaggle"
    pad = "reflect" if kaggle else "constant"
    n = y.shape[-1]
    T = 1 + n // HOP  # frames of the centred STFT
    row = {"length": int(n)}
    stft = lambda x: lib.stft(x, n_fft=N_FFT, hop_length=HOP, center=False)  # noqa: E731

    m = {k: _Moments() for k in ("spectral_centroid", "spectral_bandwidth", "rolloff", "rms",
                                  "zero_crossing_rate", "harmony", "perceptr", "chroma_stft")}
    mel = None
    pitches, mags = [], []
    # the harmonic/percussive signals in padded coordinates: kaggle keeps
    # istft's own length (hop * (T - 1)) and zero-fills to n; current cuts at n
    out_lo = HALF
    out_hi = HALF + (HOP * (T - 1) if kaggle else n)

    for a in range(0, T, block):
        b = min(T, a + block)
        a0, b0 = max(0, a - OVERLAP - HPSS_HALO), min(T, b + HPSS_HALO)
        D = stft(_piece(y, a0, b0, pad))  # in stft's layout, read in place (see _summary)
        c0, c1 = a - a0, b - a0
        mag = np.abs(D[:, c0:c1])
        power = mag ** 2.0
        m["spectral_centroid"].add(lib.feature.spectral_centroid(S=mag, sr=sr))
        m["spectral_bandwidth"].add(lib.feature.spectral_bandwidth(S=mag, sr=sr))
        m["rolloff"].add(lib.feature.spectral_rolloff(S=mag, sr=sr))
        del mag
        # from the signal, not from ``power`` (see _summary: no BLAS product)
        blk = lib.feature.melspectrogram(y=_piece(y, a, b, pad), sr=sr, n_fft=N_FFT,
                                         hop_length=HOP, center=False)
        if mel is None:
            mel = np.empty(blk.shape[:-1] + (T,), dtype=blk.dtype)
        mel[..., a:b] = blk
        p, g = lib.piptrack(S=power, sr=sr, n_fft=N_FFT)
        keep = p > 0
        pitches.append(p[keep])
        mags.append(g[keep])
        del power, p, g, keep, blk

        H, P = lib.decompose.hpss(D)
        del D
        f0 = max(0, a - OVERLAP) - a0  # the frames whose overlap-add covers [a, b)
        lo = (a0 + f0) * HOP  # padded position of the chunk's first sample
        first = a * HOP if a > 0 else 0  # samples before this lack earlier frames
        last = b * HOP if b < T else (T - 1) * HOP + N_FFT
        s0, s1 = max(first, out_lo), min(last, out_hi)
        for name, X in (("harmony", H), ("perceptr", P)):
            x = lib.istft(X[:, f0:c1], hop_length=HOP, n_fft=N_FFT, center=False)
            if s1 > s0:
                m[name].add(x[s0 - lo: s1 - lo])
        del H, P

        m["rms"].add(lib.feature.rms(y=_piece(y, a, b, pad), center=False))
        m["zero_crossing_rate"].add(
            lib.feature.zero_crossing_rate(_piece(y, a, b, "edge"), center=False))
    for name in ("harmony", "perceptr"):
        m[name].add(np.zeros(0), zeros=max(0, n - (out_hi - out_lo)))

    # tuning from every frame's pitch peaks, as estimate_tuning over the whole S
    # (one list at a time: the peaks are the largest thing kept across blocks)
    mags = np.concatenate(mags)
    threshold = np.median(mags) if mags.size else 0.0
    keep = mags >= threshold
    del mags
    pitches = np.concatenate(pitches)[keep]
    tuning = lib.pitch_tuning(pitches, resolution=0.01, bins_per_octave=12)
    del pitches, keep
    for a in range(0, T, block):
        b = min(T, a + block)
        power = np.abs(stft(_piece(y, a, b, pad))) ** 2.0
        m["chroma_stft"].add(lib.feature.chroma_stft(S=power, sr=sr, tuning=tuning))
        del power

    mel_db = lib.power_to_db(mel)
    if kaggle:
        mel = _onset_mel(lib, y, sr, mel, inplace=True)
        oenv = lib.onset.onset_strength(S=lib.power_to_db(mel), sr=sr, hop_length=HOP,
                                        aggregate=np.median)
        del mel
        row["tempo"] = _tempo_value(lib.beat.beat_track(onset_envelope=oenv, sr=sr,
                                                        hop_length=HOP)[0])
    else:
        del mel
        oenv = lib.onset.onset_strength(S=mel_db, sr=sr, hop_length=HOP)
        row["tempo"] = _tempo_value(lib.feature.tempo(onset_envelope=oenv, sr=sr,
                                                      hop_length=HOP)[0])
    mfcc = lib.feature.mfcc(S=mel_db, sr=sr)
    del mel_db
    for k in range(mfcc.shape[-2]):
        mm = _Moments()
        mm.add(mfcc[k])
        mm.put(row, f"mfcc{k + 1}")
    for name, acc in m.items():
        acc.put(row, name)
    return {c: row[c] for c in COLUMNS}
