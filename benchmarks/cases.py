"""The benchmark cases, shared by the pytest-benchmark suite and compare.py.

Each case runs the same call on fastrosa and on librosa (the same module API),
so the speed-up is a ratio measured in one run. Later features add rows here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

SR = 22050
AUDIO_DIR = Path(os.environ.get("FASTROSA_AUDIO_DIR",
                                Path(__file__).resolve().parents[1].parent / "shared" / "audio"))
RECORDING = "Kevin_MacLeod_-_P_I_Tchaikovsky_Dance_of_the_Sugar_Plum_Fairy.ogg"


def settle(seconds: float = 0.3) -> None:
    """Let the process and machine go quiet before timing the next library,
    so that neither pays for what the other left behind:

    - garbage: the previous calls' reference cycles are collected now (as
      timeit's timings exclude the collector); left in place they make the
      collector's passes during the next library's calls long (measured:
      fastrosa's tempo 3.0 -> 4.2 ms after three librosa.effects.hpss calls,
      back to 3.0 after gc.collect());
    - threads: after a BLAS call, OpenBLAS keeps its worker threads spinning
      for about 0.1 s (0.1 s of CPU in a 0.5 s sleep after librosa's mfcc),
      so the sleep outlasts them."""
    import gc

    gc.collect()
    time.sleep(seconds)


def clip(seconds: float) -> np.ndarray:
    """A float32 mono clip at 22050 Hz: a real recording when ../shared/audio is
    present (read with soundfile), otherwise seeded noise of the same length."""
    n = int(seconds * SR)
    path = AUDIO_DIR / RECORDING
    if path.is_file():
        import soundfile as sf

        y, sr = sf.read(path, dtype="float32", frames=n, always_2d=True)
        if sr == SR and len(y) == n:
            return np.ascontiguousarray(y.mean(axis=1, dtype=np.float32))
    return np.random.default_rng(0).standard_normal(n).astype(np.float32)


@dataclass(frozen=True)
class Case:
    name: str
    seconds: float
    run: Callable  # run(lib, inputs) -> result; inputs from prepare
    prepare: Callable = lambda lib, y: y  # done once, outside the timing


CASES = [
    Case("stft", 30, lambda lib, y: lib.stft(y)),
    Case("stft", 3, lambda lib, y: lib.stft(y)),
    Case("istft", 30, lambda lib, D: lib.istft(D), lambda lib, y: lib.stft(y)),
    Case("zero_crossing_rate", 30, lambda lib, y: lib.feature.zero_crossing_rate(y)),
    Case("zero_crossing_rate", 3, lambda lib, y: lib.feature.zero_crossing_rate(y)),
    Case("melspectrogram", 30, lambda lib, y: lib.feature.melspectrogram(y=y, sr=SR)),
    Case("mfcc", 30, lambda lib, y: lib.feature.mfcc(y=y, sr=SR)),
    Case("mfcc", 3, lambda lib, y: lib.feature.mfcc(y=y, sr=SR)),
    Case("power_to_db", 30, lambda lib, M: lib.power_to_db(M),
         lambda lib, y: lib.feature.melspectrogram(y=y, sr=SR)),
    Case("chroma_stft", 30, lambda lib, y: lib.feature.chroma_stft(y=y, sr=SR)),  # tuning estimated
    Case("estimate_tuning", 30, lambda lib, y: lib.estimate_tuning(y=y, sr=SR)),
    Case("piptrack", 30, lambda lib, y: lib.piptrack(y=y, sr=SR)),
    Case("spectral_centroid", 30, lambda lib, y: lib.feature.spectral_centroid(y=y, sr=SR)),
    Case("spectral_bandwidth", 30, lambda lib, y: lib.feature.spectral_bandwidth(y=y, sr=SR)),
    Case("spectral_rolloff", 30, lambda lib, y: lib.feature.spectral_rolloff(y=y, sr=SR)),
    Case("spectral_contrast", 30, lambda lib, y: lib.feature.spectral_contrast(y=y, sr=SR)),
    Case("spectral_flatness", 30, lambda lib, y: lib.feature.spectral_flatness(y=y)),
    Case("rms", 30, lambda lib, y: lib.feature.rms(y=y)),
    Case("effects.trim", 30, lambda lib, y: lib.effects.trim(y)),
    Case("effects.split", 30, lambda lib, y: lib.effects.split(y)),
    Case("effects.preemphasis", 30, lambda lib, y: lib.effects.preemphasis(y)),
    Case("effects.deemphasis", 30, lambda lib, y: lib.effects.deemphasis(y)),
    Case("pcen, mel S=", 30, lambda lib, M: lib.pcen(M * 2**31),
         lambda lib, y: lib.feature.melspectrogram(y=y, sr=SR)),
    Case("pcen, |stft| S=", 30, lambda lib, S: lib.pcen(S), lambda lib, y: np.abs(lib.stft(y))),
    Case("feature.poly_features", 30, lambda lib, y: lib.feature.poly_features(y=y, sr=SR)),
    Case("feature.stack_memory", 30, lambda lib, M: lib.feature.stack_memory(M, n_steps=3),
         lambda lib, y: lib.feature.melspectrogram(y=y, sr=SR)),
    Case("effects.hpss", 30, lambda lib, y: lib.effects.hpss(y)),
    Case("decompose.hpss", 30, lambda lib, D: lib.decompose.hpss(D), lambda lib, y: lib.stft(y)),
]

# Rhythm: onset envelope, tempo and the beat tracker (beats only: the tempo is
# an array of one element, the beat frames the result that matters).
CASES += [
    Case("onset_strength", 30, lambda lib, y: lib.onset.onset_strength(y=y, sr=SR)),
    Case("onset_detect", 30, lambda lib, y: lib.onset.onset_detect(y=y, sr=SR)),
    Case("feature.tempo", 30, lambda lib, y: lib.feature.tempo(y=y, sr=SR)),
    Case("tempogram", 30, lambda lib, env: lib.feature.tempogram(onset_envelope=env, sr=SR),
         lambda lib, y: lib.onset.onset_strength(y=y, sr=SR)),
    Case("beat_track", 30, lambda lib, y: lib.beat.beat_track(y=y, sr=SR)[1]),
]


def fftw_floor(y: np.ndarray, n_fft: int = 2048, hop: int = 512, threads: int = 1):
    """A bare pyFFTW batch r2c over the STFT's frames (planned like fastrosa's
    plans, FFTW_ESTIMATE): returns the execute callable, the lower bound for
    the transform work inside stft."""
    import pyfftw

    n_frames = 1 + len(y) // hop
    frames = pyfftw.empty_aligned((n_frames, n_fft), dtype="float32")
    padded = np.pad(y, n_fft // 2)
    for t in range(n_frames):
        frames[t] = padded[t * hop: t * hop + n_fft]
    out = pyfftw.empty_aligned((n_frames, n_fft // 2 + 1), dtype="complex64")
    plan = pyfftw.FFTW(frames, out, axes=(1,), flags=("FFTW_ESTIMATE",), threads=threads)
    return plan.execute


COLD_SCRIPT = """
import time, numpy as np
t0 = time.perf_counter()
import {lib} as lib
y = np.random.default_rng(0).standard_normal(22050 * 30).astype(np.float32)
{call}
print(time.perf_counter() - t0)
"""

# The first calls timed by cold_start, by name.
COLD_CALLS = {
    "stft": "lib.stft(y)",
    "beat_track": "lib.beat.beat_track(y=y, sr=22050)",
}


def cold_start(lib: str, what: str = "stft") -> float:
    """Seconds for a fresh interpreter to import ``lib`` and run its first
    ``what`` (a key of COLD_CALLS) on a 30-s clip (whole process wall time,
    interpreter start included)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_SCRIPT.format(lib=lib, call=COLD_CALLS[what])],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def audioflux_twins(y: np.ndarray):
    """audioFlux's mel spectrogram and MFCC at the same settings as the
    melspectrogram and mfcc cases (n_fft 2048 = 2**11, hop 512, 128 Slaney
    mel bands, 20 coefficients), objects built once outside the timing:
    {case name: callable}. Empty when audioflux is not installed."""
    try:
        import audioflux as af
    except ImportError:
        return {}
    mel = af.MelSpectrogram(num=128, radix2_exp=11, samplate=SR, slide_length=512)
    xxcc = af.XXCC(num=128)
    xxcc.set_time_length(mel.cal_time_length(len(y)))
    return {"melspectrogram": lambda: mel.spectrogram(y),
            "mfcc": lambda: xxcc.xxcc(mel.spectrogram(y), cc_num=20)}


# ---------------------------------------------------------------------------
# GTZAN feature extraction: the fused row against the same recipe written with
# librosa calls, and `fastrosa extract` from WAV files to CSV rows.
# ---------------------------------------------------------------------------
def gtzan_recipe(lib, y, sr=SR, compat="kaggle"):
    """The GTZAN row (kaggle mode) call by call, as the published CSV was made."""
    pad = "reflect" if compat == "kaggle" else "constant"
    out = [len(y)]

    def stats(x):
        out.extend((np.mean(x), np.var(x)))

    stats(lib.feature.chroma_stft(y=y, sr=sr, pad_mode=pad))
    stats(lib.feature.rms(y=y, pad_mode=pad))
    stats(lib.feature.spectral_centroid(y=y, sr=sr, pad_mode=pad))
    stats(lib.feature.spectral_bandwidth(y=y, sr=sr, pad_mode=pad))
    stats(lib.feature.spectral_rolloff(y=y, sr=sr, pad_mode=pad))
    stats(lib.feature.zero_crossing_rate(y))
    if compat == "kaggle":
        H, P = lib.decompose.hpss(lib.stft(y, pad_mode="reflect"))
        stats(lib.util.fix_length(lib.istft(H), size=len(y)))
        stats(lib.util.fix_length(lib.istft(P), size=len(y)))
        out.append(np.atleast_1d(lib.beat.beat_track(y=y, sr=sr)[0])[0])
    else:
        h, p = lib.effects.hpss(y)
        stats(h)
        stats(p)
        out.append(lib.feature.tempo(y=y, sr=sr)[0])
    mfcc = lib.feature.mfcc(y=y, sr=sr, pad_mode=pad)
    for k in range(20):
        stats(mfcc[k])
    return np.array(out, dtype=np.float64)


def gtzan_row(lib, y, compat="kaggle"):
    """fastrosa: the fused extractor; librosa: the recipe above."""
    if lib.__name__ == "fastrosa":
        import fastrosa.extract

        return np.array(list(fastrosa.extract.summarize(y, SR, compat=compat).values()))
    return gtzan_recipe(lib, y, compat=compat)


CASES += [
    Case("gtzan row, kaggle", 30, gtzan_row),
    Case("gtzan row, current", 30, lambda lib, y: gtzan_row(lib, y, "current")),
]

# The FMA preset: FMA's features.py recipe on a 30-s 44.1 kHz clip, against the
# same recipe written with librosa calls and scipy.stats.
FMA_RECORDING = "admiralbob77_-_Choice_-_Drum-bass.hq.ogg"
FMA_SR = 44100


def clip_44k(lib, y) -> np.ndarray:
    """30 s of a 44.1 kHz stereo recording, made mono (seeded noise when absent)."""
    n = 30 * FMA_SR
    path = AUDIO_DIR / FMA_RECORDING
    if path.is_file():
        import soundfile as sf

        x, sr = sf.read(path, dtype="float32", frames=n, always_2d=True)
        if sr == FMA_SR and len(x) == n:
            return np.ascontiguousarray(x.mean(axis=1, dtype=np.float32))
    return np.random.default_rng(0).standard_normal(n).astype(np.float32)


def fma_row(lib, y):
    """fastrosa: summarize(preset='fma'); librosa: FMA's recipe and scipy.stats' moments."""
    if lib.__name__ == "fastrosa":
        import fastrosa.extract

        return np.array(list(fastrosa.extract.summarize(y, FMA_SR, preset="fma").values()))
    import scipy.stats

    from fastrosa.extract._fma import fma_features

    out = []
    for x in fma_features(lib, y, FMA_SR).values():
        out.extend([np.mean(x, 1), np.std(x, 1), scipy.stats.skew(x, 1),
                    scipy.stats.kurtosis(x, 1), np.median(x, 1), np.min(x, 1), np.max(x, 1)])
    return np.concatenate(out)


CASES += [Case("fma row", 30, fma_row, clip_44k)]


# The constant-Q family: librosa's multirate CQT (soxr between octaves) and
# the chroma features on it; chroma_cqt, chroma_cens and tonnetz estimate
# the tuning (36 bins per octave).
CASES += [
    Case("cqt", 30, lambda lib, y: lib.cqt(y, sr=SR)),
    Case("cqt, 36 bins per octave", 30, lambda lib, y: lib.cqt(y, sr=SR, n_bins=252,
                                                                bins_per_octave=36)),
    Case("vqt", 30, lambda lib, y: lib.vqt(y, sr=SR)),
    Case("hybrid_cqt", 30, lambda lib, y: lib.hybrid_cqt(y, sr=SR)),
    Case("icqt", 30, lambda lib, C: lib.icqt(C, sr=SR), lambda lib, y: lib.cqt(y, sr=SR)),
    Case("chroma_cqt", 30, lambda lib, y: lib.feature.chroma_cqt(y=y, sr=SR)),
    Case("chroma_cens", 30, lambda lib, y: lib.feature.chroma_cens(y=y, sr=SR)),
    Case("tonnetz", 30, lambda lib, y: lib.feature.tonnetz(y=y, sr=SR)),
]


def _mag(lib, y):
    return np.abs(lib.stft(y))


def _power(lib, y):
    return np.abs(lib.stft(y)) ** 2


# Stored spectrograms, in stft's own memory order (frame after frame) and as
# a C-ordered copy: both are read in place.
CASES += [
    Case("istft, C-ordered", 30, lambda lib, D: lib.istft(D),
         lambda lib, y: np.ascontiguousarray(lib.stft(y))),
    Case("decompose.hpss, C-ordered", 30, lambda lib, D: lib.decompose.hpss(D),
         lambda lib, y: np.ascontiguousarray(lib.stft(y))),
    Case("spectral_centroid, S=", 30, lambda lib, S: lib.feature.spectral_centroid(S=S, sr=SR),
         _mag),
    Case("spectral_rolloff, S=", 30, lambda lib, S: lib.feature.spectral_rolloff(S=S, sr=SR),
         _mag),
    Case("chroma_stft, S=", 30, lambda lib, S: lib.feature.chroma_stft(S=S, sr=SR), _power),
    Case("estimate_tuning, S=", 30, lambda lib, S: lib.estimate_tuning(S=S, sr=SR), _power),
]


def extract_throughput(n_files: int = 40, seconds: float = 30.0, jobs: int = 2,
                       executor: str = "thread", repeat: int = 2) -> dict:
    """`fastrosa extract` (in-process, the CLI's function) over ``n_files``
    synthetic ``seconds``-s 22050 Hz 16-bit WAV clips in genre folders, from
    file to CSV row: the best files/s of ``repeat`` fresh runs."""
    import tempfile

    from fastrosa.extract import extract_dir
    from fastrosa.extract._corpus import GENRES, make_corpus

    with tempfile.TemporaryDirectory(prefix="fastrosa-bench-") as tmp:
        per = -(-n_files // len(GENRES))
        make_corpus(Path(tmp) / "music", per_genre=per, seconds=seconds, seed=1)
        best = None
        for i in range(repeat):
            out = Path(tmp) / f"features{i}.csv"
            s = extract_dir(Path(tmp) / "music", out, jobs=jobs, executor=executor, progress=False)
            assert not s.failed, s.failed
            if best is None or s.files_per_second > best.files_per_second:
                best = s
        return {"files": best.extracted, "seconds": best.seconds,
                "files_per_second": best.files_per_second, "jobs": jobs, "executor": executor}


def projection_twins(y: np.ndarray | None = None) -> dict:
    """The chroma projection of a stored power spectrogram (12 x 1025 onto
    1025 x 1293 for a 30-s clip), fastrosa's kernel against NumPy's BLAS
    product of the same matrices, both on one thread: {name: (fastrosa,
    numpy)}, for S in C order and in stft's frame-major order."""
    import fastrosa
    from fastrosa._ext import _pitch
    from threadpoolctl import threadpool_limits

    y = clip(30) if y is None else y
    S = np.abs(fastrosa.stft(y)) ** 2  # stft's layout: frames-major (F-ordered)
    W = np.ascontiguousarray(fastrosa.filters.chroma(sr=SR, n_fft=2048), dtype=np.float32)
    twins = {}
    for name, S2 in (("chroma projection of a stored S (C order)", np.ascontiguousarray(S)),
                     ("chroma projection of a stored S (stft's frame-major order)", S)):
        out = np.empty((1, W.shape[0], S2.shape[1]), dtype=np.float32)

        def ours(S2=S2, out=out):
            _pitch.project(W, S2[None], out)

        def blas(S2=S2):
            with threadpool_limits(1):
                return W @ S2

        twins[name] = (ours, blas)
    return twins


def median_ns_per_output(k: int = 31, dtype=np.float32, shape=(1025, 1293), repeat: int = 5) -> dict:
    """fastrosa's median filter (the HPSS kernel) on uniform noise, one
    thread: CPU nanoseconds per output along columns (axis 0, HPSS's
    percussive filter) and along rows (axis 1, the harmonic one)."""
    from fastrosa._ext import _decompose

    x = np.random.default_rng(0).random((1,) + tuple(shape)).astype(dtype)
    out = np.empty_like(x)
    rates = {}
    for axis, name in ((0, "along columns"), (1, "along rows")):
        _decompose.median_filter(x, axis, k, out, 1)
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            _decompose.median_filter(x, axis, k, out, 1)
            best = min(best, time.process_time() - t0)
        rates[name] = best / x.size * 1e9
    return rates
