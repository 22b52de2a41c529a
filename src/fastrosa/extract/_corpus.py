"""A small synthetic music corpus in genre folders, for ``fastrosa demo``.

Five clearly different styles, each clip with its own random key, tempo and
timbre (seeded, so a corpus is reproducible):

- ``techno``: four-on-the-floor kick, off-beat hi-hats, a pulsing sub bass, 118-136 bpm;
- ``breakbeat``: a syncopated kick/snare break with busy hats over a low drone, 160-180 bpm;
- ``ambient``: sustained chords with slow attacks and detuned partials, no drums;
- ``funk``: a plucked bass line in a random key over a sparse backbeat, 88-110 bpm;
- ``noise``: band-passed noise textures with slow sweeps and crackle, unpitched.

Only numpy is needed to make the signals; soundfile writes them as 16-bit WAV.
"""

from __future__ import annotations

import os

import numpy as np

from ._recipe import SR

__all__ = ["GENRES", "synth_clip", "make_corpus"]

GENRES = ("techno", "breakbeat", "ambient", "funk", "noise")

_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_MINOR = (0, 2, 3, 5, 7, 8, 10)


def _hz(midi):
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=float) - 69.0) / 12.0)


def _bandpass(x, lo, hi, sr=SR):
    """Zero-phase FFT band-pass (brick wall with short cosine edges)."""
    X = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1.0 / sr)
    edge = 0.1 * (hi - lo) + 1.0
    g = np.clip((f - lo) / edge + 1, 0, 1) * np.clip((hi - f) / edge + 1, 0, 1)
    return np.fft.irfft(X * g, n=len(x))


def _tone(freq, n, r, *, partials=6, rolloff=1.5, detune=0.0, sr=SR):
    """A harmonic tone of ``n`` samples: ``partials`` harmonics falling as 1/k**rolloff
    (read from a one-period wavetable), with a second voice detuned by ``detune``."""
    k = np.arange(1, partials + 1)
    k = k[freq * k < 0.45 * sr]
    grid = np.arange(1024) / 1024
    table = (np.sin(2 * np.pi * np.outer(grid, k) + r.uniform(0, 2 * np.pi, len(k)))
             / k**rolloff).sum(axis=1)
    t = np.arange(n) / sr
    y = table[((freq * t) % 1.0 * 1024).astype(np.intp)]
    if detune:
        y = 0.5 * (y + table[((freq * (1 + detune) * t + 0.25) % 1.0 * 1024).astype(np.intp)])
    return y


def _kick(r, sr=SR):
    n = int(r.uniform(0.15, 0.3) * sr)
    t = np.arange(n) / sr
    f0, f1 = r.uniform(110, 180), r.uniform(40, 60)
    f = f1 + (f0 - f1) * np.exp(-t / r.uniform(0.02, 0.05))
    phase = 2 * np.pi * np.cumsum(f) / sr
    return np.sin(phase) * np.exp(-t / r.uniform(0.06, 0.15))


def _snare(r, sr=SR):
    n = int(r.uniform(0.12, 0.25) * sr)
    t = np.arange(n) / sr
    noise = _bandpass(r.standard_normal(n), r.uniform(800, 1500), r.uniform(5000, 9000), sr)
    body = np.sin(2 * np.pi * r.uniform(160, 240) * t)
    return (noise * 3 + 0.6 * body) * np.exp(-t / r.uniform(0.04, 0.09))


def _hat(r, sr=SR):
    n = int(r.uniform(0.03, 0.08) * sr)
    t = np.arange(n) / sr
    noise = _bandpass(r.standard_normal(n), r.uniform(6000, 8000), 10500, sr)
    return 2 * noise * np.exp(-t / r.uniform(0.008, 0.02))


def _place(out, hit, at, gain=1.0):
    at = int(at)
    if 0 <= at < len(out):
        m = min(len(hit), len(out) - at)
        out[at: at + m] += gain * hit[:m]


def _pattern(out, hit, times, r, gain=1.0, jitter=0.0, sr=SR):
    for t in times:
        _place(out, hit, (t + r.normal(0, jitter)) * sr, gain * r.uniform(0.8, 1.0))


def _techno(n, r):
    bpm = r.uniform(118, 136)
    beat = 60 / bpm
    dur = n / SR
    out = np.zeros(n)
    beats = np.arange(0, dur, beat)
    _pattern(out, _kick(r), beats, r)
    _pattern(out, _hat(r), beats + beat / 2, r, 0.5)
    root = _hz(r.integers(28, 40))
    for t in beats:
        m = int(beat * 0.5 * SR)
        env = np.exp(-np.arange(m) / (SR * r.uniform(0.05, 0.12)))
        _place(out, 0.5 * _tone(root, m, r, partials=3) * env, (t + beat / 2) * SR)
    return out


def _breakbeat(n, r):
    bpm = r.uniform(160, 180)
    step = 60 / bpm / 4  # sixteenth notes
    dur = n / SR
    out = np.zeros(n)
    kick, snare, hat = _kick(r), _snare(r), _hat(r)
    kicks = (0, 10) if r.random() < 0.5 else (0, 6, 10)
    snares = (4, 12) if r.random() < 0.5 else (4, 7, 12, 15)
    bar = 16 * step
    for b in np.arange(0, dur, bar):
        _pattern(out, kick, [b + k * step for k in kicks], r)
        _pattern(out, snare, [b + k * step for k in snares], r, 0.8)
        _pattern(out, hat, [b + k * step for k in range(0, 16, 1 + int(r.integers(0, 2)))], r, 0.35)
    drone = _tone(_hz(r.integers(31, 43)), n, r, partials=5, rolloff=1.0, detune=0.003)
    return out + 0.25 * drone


def _ambient(n, r):
    key = int(r.integers(48, 60))
    scale = _MAJOR if r.random() < 0.5 else _MINOR
    out = np.zeros(n)
    length = int(r.uniform(2.5, 5.0) * SR)
    starts = np.arange(0, n, length)
    for s in starts:
        deg = int(r.integers(0, 7))
        notes = [key + scale[(deg + 2 * i) % 7] + 12 * ((deg + 2 * i) // 7) for i in range(4)]
        m = min(length + SR, n - s)
        t = np.arange(m) / SR
        env = np.minimum(1, t / r.uniform(0.5, 1.5)) * np.exp(-t / r.uniform(3, 8))
        chord = sum(_tone(_hz(k), m, r, partials=int(r.integers(3, 8)), rolloff=r.uniform(1, 2.5),
                          detune=0.002) for k in notes)
        _place(out, chord * env, s, 0.3)
    lfo = 1 + 0.2 * np.sin(2 * np.pi * r.uniform(0.1, 0.4) * np.arange(n) / SR)
    return out * lfo


def _funk(n, r):
    bpm = r.uniform(88, 110)
    step = 60 / bpm / 4
    dur = n / SR
    key = int(r.integers(33, 45))
    scale = _MINOR if r.random() < 0.7 else _MAJOR
    out = np.zeros(n)
    kick, snare = _kick(r), _snare(r)
    riff = [(k, int(r.integers(0, 7)), int(r.choice([0, 12]))) for k in range(16) if r.random() < 0.5]
    bar = 16 * step
    decay = r.uniform(0.08, 0.2)
    partials = int(r.integers(4, 10))
    for b in np.arange(0, dur, bar):
        _pattern(out, kick, [b, b + 8 * step], r, 0.6)
        _pattern(out, snare, [b + 4 * step, b + 12 * step], r, 0.5)
        for k, deg, octave in riff:
            m = int(step * 1.8 * SR)
            env = np.exp(-np.arange(m) / (SR * decay))
            f = _hz(key + scale[deg] + octave)
            _place(out, _tone(f, m, r, partials=partials, rolloff=1.2) * env, (b + k * step) * SR, 0.6)
    return out


def _noise(n, r):
    out = np.zeros(n)
    layers = int(r.integers(2, 4))
    for _ in range(layers):
        lo = r.uniform(100, 4000)
        hi = lo * r.uniform(1.5, 4)
        band = _bandpass(r.standard_normal(n), lo, min(hi, 10000))
        sweep = 1 + 0.8 * np.sin(2 * np.pi * r.uniform(0.05, 0.5) * np.arange(n) / SR
                                 + r.uniform(0, 2 * np.pi))
        out += band * sweep / layers
    crackle = (r.random(n) < r.uniform(1e-4, 1e-3)) * r.standard_normal(n) * 3
    return out + crackle


_STYLES = {"techno": _techno, "breakbeat": _breakbeat, "ambient": _ambient, "funk": _funk,
           "noise": _noise}


def synth_clip(genre: str, seconds: float = 30.0, seed=0, sr: int = SR) -> np.ndarray:
    """One float32 clip of ``genre`` (one of `GENRES`), peak-normalised with random gain."""
    if sr != SR:
        raise ValueError(f"clips are made at {SR} Hz")
    r = np.random.default_rng(seed)
    n = int(round(seconds * sr))
    y = _STYLES[genre](n, r)
    y = y + 1e-3 * r.standard_normal(n)
    y *= r.uniform(0.4, 0.9) / max(1e-9, float(np.max(np.abs(y))))
    return y.astype(np.float32)


def make_corpus(root, *, per_genre: int = 12, seconds: float = 8.0, seed: int = 0,
                genres=GENRES, jobs=None) -> list:
    """Write ``per_genre`` clips of each genre as ``root/<genre>/<genre>.NNNNN.wav``
    (16-bit WAV at 22050 Hz, the GTZAN layout); return the paths written.

    Each clip has its own seed, spawned from ``seed``: the corpus is the same
    whatever ``jobs`` (threads making clips at once; NumPy's large operations
    release the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    import soundfile as sf

    children = np.random.SeedSequence(seed).spawn(len(genres) * per_genre)
    work = []
    for g, genre in enumerate(genres):
        folder = os.path.join(os.fspath(root), genre)
        os.makedirs(folder, exist_ok=True)
        for i in range(per_genre):
            work.append((genre, os.path.join(folder, f"{genre}.{i:05d}.wav"),
                         children[g * per_genre + i]))

    def make(item):
        genre, path, child = item
        sf.write(path, synth_clip(genre, seconds, np.random.default_rng(child)), SR,
                 subtype="PCM_16")
        return path

    if jobs is None:
        jobs = min(4, os.cpu_count() or 1)
    if jobs <= 1:
        return [make(w) for w in work]
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(make, work))
