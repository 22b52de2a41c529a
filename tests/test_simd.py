"""SIMD levels: the environment cap, and the same bits at every level.

Every vectorised kernel (csrc/simd_entries.h) is compiled once per level
(baseline, AVX2, AVX-512 on x86-64); every level must give exactly the same
results. Each case below reaches one or more of those kernels through the
public API (and a few through the private wrappers, for shapes the API does
not produce), at every level this CPU has, and compares the bits with the
baseline's.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import fastrosa
from fastrosa._ext import _decompose, _pitch, _runtime
from helpers import audio_files, signal, simd, simd_levels

SR = 22050


def bits(x):
    """The exact bits of every number in x (tuples and dicts walked)."""
    if isinstance(x, dict):
        return {k: bits(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return [bits(v) for v in x]
    a = np.ascontiguousarray(np.asarray(x))
    if a.dtype.kind in "fc":
        return (a.dtype.str, a.shape, a.view(np.uint8).tobytes())
    return (a.dtype.str, a.shape, a.tobytes())


def at_every_level(fn):
    out = {}
    for level in simd_levels():
        with simd(level):
            out[level] = bits(fn())
    return out


def _music(seconds=6.0):
    files = audio_files()
    if files:
        y, _ = fastrosa.load(files[0], sr=SR, duration=seconds)
        return y
    return signal(int(seconds * SR), kind="noise")


Y32 = signal(int(4.0 * SR), kind="noise", seed=3)
Y64 = Y32.astype(np.float64)


def _median(dtype, axis, k):
    x = np.random.default_rng(k).standard_normal((2, 97, 131)).astype(dtype)
    x[0, 3, :] = 0.0
    x[1, :, 5] = -0.0
    out = np.empty_like(x)
    _decompose.median_filter(x, axis, k, out, 2)
    return out


def _project(dtype, order):
    S = np.abs(fastrosa.stft(Y32.astype(dtype), n_fft=512)) ** 2
    S = np.asfortranarray(S) if order == "F" else np.ascontiguousarray(S)
    W = np.ascontiguousarray(fastrosa.filters.chroma(sr=SR, n_fft=512, n_chroma=13), dtype=dtype)
    out = np.empty((1, W.shape[0], S.shape[1]), dtype=dtype)
    _pitch.project(W, S[None], out)
    return out


CASES = {
    "stft f32 (split pass)": lambda: fastrosa.stft(Y32),
    "stft f32, n_fft 30": lambda: fastrosa.stft(Y32, n_fft=30, hop_length=7),
    "stft f64": lambda: fastrosa.stft(Y64, n_fft=1024),
    "istft f32 (merge pass)": lambda: fastrosa.istft(fastrosa.stft(Y32)),
    "power_to_db": lambda: fastrosa.power_to_db(np.abs(fastrosa.stft(Y32)) ** 2),
    "power_to_db f64, top_db None": lambda: fastrosa.power_to_db(Y64 ** 2, top_db=None),
    "pcen": lambda: fastrosa.pcen(np.abs(fastrosa.stft(Y32)), return_zf=True),
    "pcen f64, power 0 / bias 0 / power 1": lambda: [
        fastrosa.pcen(np.abs(fastrosa.stft(Y64)), power=p, bias=bias)
        for p, bias in ((0, 2), (0.5, 0), (1.0, 2))],
    "amplitude_to_db": lambda: fastrosa.amplitude_to_db(np.abs(fastrosa.stft(Y32))),
    "melspectrogram": lambda: fastrosa.feature.melspectrogram(y=Y32, sr=SR),
    "mfcc": lambda: fastrosa.feature.mfcc(y=Y32, sr=SR),
    "mfcc f64": lambda: fastrosa.feature.mfcc(y=Y64, sr=SR),
    "chroma_stft": lambda: fastrosa.feature.chroma_stft(y=Y32, sr=SR),
    "chroma_stft, S=": lambda: fastrosa.feature.chroma_stft(S=np.abs(fastrosa.stft(Y32)) ** 2, sr=SR),
    "chroma_stft f64, S= C order": lambda: fastrosa.feature.chroma_stft(
        S=np.ascontiguousarray(np.abs(fastrosa.stft(Y64)) ** 2), sr=SR),
    "project f32 C": lambda: _project(np.float32, "C"),
    "project f32 F": lambda: _project(np.float32, "F"),
    "project f64 C": lambda: _project(np.float64, "C"),
    "project f64 F": lambda: _project(np.float64, "F"),
    "estimate_tuning": lambda: fastrosa.estimate_tuning(y=Y32, sr=SR),
    "spectral shape": lambda: [fastrosa.feature.spectral_centroid(y=Y32, sr=SR),
                               fastrosa.feature.spectral_bandwidth(y=Y32, sr=SR),
                               fastrosa.feature.spectral_rolloff(y=Y32, sr=SR),
                               fastrosa.feature.spectral_contrast(y=Y32, sr=SR),
                               fastrosa.feature.spectral_flatness(y=Y32)],
    "decompose.hpss": lambda: fastrosa.decompose.hpss(fastrosa.stft(Y32)),
    "decompose.hpss, mask, power 1.5": lambda: fastrosa.decompose.hpss(
        np.abs(fastrosa.stft(Y32)), mask=True, power=1.5, margin=(1.0, 2.0)),
    "decompose.hpss f64, kernel 71": lambda: fastrosa.decompose.hpss(
        np.abs(fastrosa.stft(Y64, n_fft=512)), kernel_size=71),
    "effects.hpss": lambda: fastrosa.effects.hpss(Y32),
    "softmask": lambda: fastrosa.util.softmask(np.abs(Y32), np.abs(Y32[::-1]), power=3.0),
    "softmask f64, power inf": lambda: fastrosa.util.softmask(np.abs(Y64), np.abs(Y64[::-1]),
                                                              power=np.inf),
    "onset_strength": lambda: fastrosa.onset.onset_strength(y=Y32, sr=SR),
    "feature.tempo (time-averaged tempogram)": lambda: fastrosa.feature.tempo(y=Y32, sr=SR),
    "tempogram f64": lambda: fastrosa.feature.tempogram(y=Y64, sr=SR),
    "beat_track": lambda: fastrosa.beat.beat_track(y=Y32, sr=SR),
    "cqt (fused STFT and CSR basis)": lambda: fastrosa.cqt(Y32, sr=SR),
    "cqt f64, 36 bins per octave": lambda: fastrosa.cqt(Y64, sr=SR, n_bins=180,
                                                         bins_per_octave=36),
    "pseudo_cqt (magnitudes)": lambda: fastrosa.pseudo_cqt(Y32, sr=SR, fmin=110.0, n_bins=48),
    "chroma_cens": lambda: fastrosa.feature.chroma_cens(y=Y32, sr=SR),
}
for _axis in (0, 1):
    for _k in (1, 7, 17, 31, 64, 65):
        for _dt in (np.float32, np.float64):
            CASES[f"median_filter {np.dtype(_dt).name} axis {_axis} k {_k}"] = (
                lambda dt=_dt, axis=_axis, k=_k: _median(dt, axis, k))


@pytest.mark.parametrize("name", list(CASES))
def test_same_bits_at_every_level(name):
    got = at_every_level(CASES[name])
    base = got["baseline"]
    for level, value in got.items():
        assert value == base, f"{name}: the {level} level differs from the baseline"


@pytest.mark.audio
def test_gtzan_row_same_bits_at_every_level():
    files = audio_files()
    if not files:
        pytest.skip("../shared/audio is absent")
    import fastrosa.extract

    y = _music(30.0)
    got = at_every_level(lambda: list(fastrosa.extract.summarize(y, SR, compat="kaggle").values()))
    for level, value in got.items():
        assert value == got["baseline"], f"the GTZAN row differs at the {level} level"


def test_levels_and_active():
    levels = fastrosa.simd_levels()
    assert levels[0] == "baseline"
    assert set(levels) <= {"baseline", "avx2", "avx512"}
    assert list(levels) == [lv for lv in ("baseline", "avx2", "avx512") if lv in levels]
    assert fastrosa.simd_level() in levels
    for level in levels:
        with simd(level):
            assert fastrosa.simd_level() == level
    with pytest.raises(ValueError, match="unknown SIMD level"):
        _runtime.select_simd("sse9")


def _level_in_fresh_process(value):
    env = dict(os.environ)
    env.pop("FASTROSA_SIMD", None)
    if value is not None:
        env["FASTROSA_SIMD"] = value
    r = subprocess.run([sys.executable, "-W", "default", "-c",
                        "import fastrosa; print(fastrosa.simd_level())"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip(), r.stderr


def test_environment_caps_the_level():
    levels = fastrosa.simd_levels()
    best = levels[-1]
    assert _level_in_fresh_process(None)[0] == best
    for level in levels:
        assert _level_in_fresh_process(level)[0] == level
        assert _level_in_fresh_process(level.upper())[0] == level
    # a level the CPU lacks gives the best it has
    for level in ("baseline", "avx2", "avx512"):
        if level not in levels:
            assert _level_in_fresh_process(level)[0] == best
    level, err = _level_in_fresh_process("sse9")
    assert level == best
    assert "FASTROSA_SIMD='sse9' is not one of baseline, avx2, avx512" in err


def test_info_prints_the_level():
    r = subprocess.run([sys.executable, "-m", "fastrosa", "info"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"SIMD level: {fastrosa.simd_level()}" in r.stdout
