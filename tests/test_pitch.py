"""piptrack, estimate_tuning, pitch_tuning, util.localmax and feature.chroma_stft
against librosa 0.11.0, called live."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from helpers import (MONO_FILES, STEREO_FILES, assert_close, assert_same_error, compare_api, load,
                     same_outcome, signal)

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")


def check_piptrack(got, want, msg=""):
    """The same peaks (exactly) with the same pitches and magnitudes (to tolerance)."""
    (gp, gm), (wp, wm) = got, want
    assert gp.dtype == wp.dtype and gm.dtype == wm.dtype, msg
    np.testing.assert_array_equal(gp != 0, wp != 0, err_msg=f"peak positions: {msg}")
    np.testing.assert_array_equal(gm != 0, wm != 0, err_msg=f"magnitude positions: {msg}")
    assert_close(gp, wp, err_msg=msg)
    assert_close(gm, wm, err_msg=msg)


def same_tuning(got, want, msg=""):
    """estimate_tuning: the very same tuning as librosa (a histogram argmax: no tolerance)."""
    assert got == want, f"{msg}: {got} != {want}"


def spectrogram(shape, dtype, seed=0, power=2):
    """A seeded spectrogram: noise with a few strong sinusoid-like ridges."""
    r = np.random.default_rng(seed)
    S = np.abs(r.standard_normal(shape)) ** power
    bins = r.integers(5, shape[-2] - 5, size=6)
    S[..., bins, :] += 50 * r.random(shape[:-2] + (6, shape[-1]))
    return S.astype(dtype)


# ---------------------------------------------------------------------------
# piptrack
# ---------------------------------------------------------------------------
PIP_KW = [
    {},
    {"fmin": 0.0, "fmax": 1e6},  # the whole spectrum (bin 0 and the last bin included)
    {"fmin": 300.0, "fmax": 2000.0},
    {"fmin": -10.0, "fmax": 11025.0},
    {"fmin": 5000.0, "fmax": 100.0},  # empty range: no peaks
    {"threshold": 0.0},
    {"threshold": 0.5},
    {"threshold": np.float64(0.1)},  # a float64 product even for float32 S
    {"ref": np.mean},
    {"ref": np.median},
    {"ref": lambda S, axis: np.max(S, axis=axis, keepdims=False).astype(np.float64)},
    {"ref": 0.5},
    {"ref": -2.0},  # |ref|
    {"ref": np.float64(0.3)},
    {"ref": np.max, "threshold": 0.3},
    {"sr": 16000, "fmax": 8000.0},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("lead", [(), (2,), (2, 2)])
@pytest.mark.parametrize("kw", PIP_KW, ids=str)
def test_piptrack_S(kw, lead, dtype):
    S = spectrogram(lead + (1025, 37), dtype, seed=len(str(kw)))
    compare_api("", "piptrack", S=S, **kw, check=check_piptrack)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_piptrack_S_exact(dtype):
    """Fed the same S, the peaks are librosa's bit for bit (same arithmetic, same order)."""
    S = spectrogram((2, 513, 200), dtype, seed=3, power=1)
    for kw in ({}, {"fmin": 0.0, "fmax": 1e6}, {"ref": np.mean}, {"ref": 0.2}):
        gp, gm = fastrosa.piptrack(S=S, n_fft=1024, **kw)
        wp, wm = librosa.piptrack(S=S, n_fft=1024, **kw)
        np.testing.assert_array_equal(gp, wp, err_msg=str(kw))
        np.testing.assert_array_equal(gm, wm, err_msg=str(kw))


def test_piptrack_S_forms():
    """Complex, negative, non-contiguous and odd-sized spectrograms; n_fft from S."""
    S = spectrogram((1025, 40), np.float32, seed=4)
    compare_api("", "piptrack", S=S * np.exp(1j * np.arange(40, dtype=np.float32)), check=check_piptrack)  # complex: |S|
    compare_api("", "piptrack", S=-S, check=check_piptrack)
    compare_api("", "piptrack", S=-S, ref=np.mean, check=check_piptrack)  # the reference is taken of |S| too
    compare_api("", "piptrack", S=np.asfortranarray(S), check=check_piptrack)
    compare_api("", "piptrack", S=S[:, ::2], check=check_piptrack)
    compare_api("", "piptrack", S=S[:300], n_fft=2048, check=check_piptrack)  # n_fft inferred from S: 598
    compare_api("", "piptrack", S=S[:2], check=check_piptrack)  # two bins
    compare_api("", "piptrack", S=np.zeros((1025, 0), np.float32), check=check_piptrack)
    ties = np.ones((1025, 10), np.float64)
    ties[::7] = 3.0
    ties[100:103] = 5.0  # a plateau
    compare_api("", "piptrack", S=ties, check=check_piptrack)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,)])
@pytest.mark.parametrize("kw", [
    {},
    {"n_fft": 1024, "hop_length": 256},
    {"n_fft": 2048, "win_length": 1500, "window": "hamming"},
    {"center": False},
    {"pad_mode": "reflect", "fmax": 6000.0},
], ids=str)
def test_piptrack_y(kw, channels, dtype):
    y = signal(20000, dtype, channels=channels, seed=11, kind="tone")
    compare_api("", "piptrack", y=y, sr=22050, **kw, check=check_piptrack)


def test_piptrack_silence_and_tone():
    p, m = fastrosa.piptrack(y=np.zeros(22050, np.float32))
    assert not p.any() and not m.any()
    compare_api("", "piptrack", y=np.zeros(22050, np.float32), check=check_piptrack)
    sr = 22050
    y = np.sin(2 * np.pi * 523.25 * np.arange(sr) / sr)
    p, m = fastrosa.piptrack(y=y, sr=sr)
    f = p[m.argmax(axis=0), np.arange(p.shape[1])]
    assert np.all(np.abs(f[5:-5] - 523.25) < 1.0), f
    compare_api("", "piptrack", y=y, sr=sr, check=check_piptrack)


@pytest.mark.parametrize("kw", [
    {},  # neither y nor S
    {"y": np.zeros(5000, np.float32), "hop_length": 0},
    {"y": np.zeros(5000, np.float32), "n_fft": None},
    {"y": np.array([0.0, np.nan, 1.0])},
    {"y": np.zeros(100, np.float32), "center": False},
    {"S": np.ones((1, 10))},  # one bin: numpy.gradient's error
    {"y": np.zeros(5000, np.float32), "bogus": 1},
], ids=str)
def test_piptrack_bad_input(kw):
    assert isinstance(compare_api("", "piptrack", **kw, check=check_piptrack), Exception)


@st.composite
def piptrack_cases(draw):
    """Small spectrograms, often with ties and plateaus (few distinct values)."""
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    lead = draw(st.sampled_from([(), (2,)]))
    shape = lead + (draw(st.integers(2, 40)), draw(st.integers(1, 12)))
    values = draw(st.sampled_from([st.integers(0, 3).map(float),
                                   st.floats(0, 1e3, width=32, allow_nan=False)]))
    S = draw(hnp.arrays(dtype, shape, elements=values))
    kw = {"sr": draw(st.sampled_from([8000, 22050.0])),
          "fmin": draw(st.floats(0, 3000)), "fmax": draw(st.floats(100, 12000)),
          "threshold": draw(st.floats(0, 1))}
    ref = draw(st.sampled_from([None, np.mean, 0.5, 2.0]))
    if ref is not None:
        kw["ref"] = ref
    return S, kw


@settings(max_examples=40, deadline=None)
@given(piptrack_cases())
def test_piptrack_property(case):
    """Any spectrogram: librosa's peaks, bit for bit."""
    S, kw = case
    gp, gm = fastrosa.piptrack(S=S, **kw)
    wp, wm = librosa.piptrack(S=S, **kw)
    np.testing.assert_array_equal(gp, wp, err_msg=str(kw))
    np.testing.assert_array_equal(gm, wm, err_msg=str(kw))


# ---------------------------------------------------------------------------
# pitch_tuning
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{}, {"resolution": 0.001}, {"resolution": 0.05},
                                {"bins_per_octave": 36}, {"bins_per_octave": 24, "resolution": 0.1}],
                         ids=str)
def test_pitch_tuning(kw):
    r = np.random.default_rng(5)
    for freqs in (r.uniform(50, 5000, 500), r.uniform(50, 5000, 500).astype(np.float32),
                  440.0 * 2 ** (r.normal(0.2, 0.05, 300) / 12), [440.0, 0.0, -3.0, 880.0],
                  466.16, np.array(220.0)):
        got = fastrosa.pitch_tuning(freqs, **kw)
        want = librosa.pitch_tuning(freqs, **kw)
        assert got == want and type(got) is type(want), (kw, got, want)
    assert fastrosa.pitch_tuning(440.0 * 2 ** (0.25 / 12)) == 0.25


@pytest.mark.parametrize("freqs", [[], [0.0, -1.0], np.zeros(3, np.float32), 0.0])
def test_pitch_tuning_empty(freqs):
    with pytest.warns(UserWarning, match="Trying to estimate tuning from empty frequency set."):
        assert fastrosa.pitch_tuning(freqs) == 0.0
    same_outcome(lambda: fastrosa.pitch_tuning(freqs), lambda: librosa.pitch_tuning(freqs),
                 lambda got, want: (got == want) or pytest.fail(f"{got} != {want}"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", [{}, {"resolution": 0.02}, {"resolution": 0.3},
                                {"bins_per_octave": 7}, {"bins_per_octave": 1}], ids=str)
def test_pitch_tuning_edges(dtype, kw):
    """Residuals on and around the histogram's edges, at 0 and at +-0.5 (the
    C histogram must bin them as np.mod and np.histogram do), and huge values."""
    r = np.random.default_rng(11)
    cents = r.integers(-50, 51, 3000) / 100 + r.integers(-40, 40, 3000)
    freqs = (440.0 * 2 ** (cents / 12)).astype(dtype)
    freqs = np.concatenate([freqs, np.array([1e-30, 1e30, 3.0, 27.5, 440.0], dtype=dtype)])
    for f in (freqs, np.nextafter(freqs, np.inf), np.nextafter(freqs, 0)):
        got = fastrosa.pitch_tuning(f, **kw)
        want = librosa.pitch_tuning(f, **kw)
        assert got == want and type(got) is type(want), (kw, got, want)


def test_pitch_tuning_infinite():
    """An infinite frequency: NumPy's warning and result, as librosa's."""
    freqs = np.array([440.0, 450.0, np.inf], dtype=np.float32)
    same_outcome(lambda: fastrosa.pitch_tuning(freqs), lambda: librosa.pitch_tuning(freqs),
                 lambda got, want: (got == want) or pytest.fail(f"{got} != {want}"))


# ---------------------------------------------------------------------------
# estimate_tuning
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kw", [
    {},
    {"resolution": 0.001},
    {"bins_per_octave": 24},
    {"bins_per_octave": 36, "resolution": 0.02},
    {"n_fft": 1024, "hop_length": 128},
    {"fmin": 100.0, "fmax": 8000.0, "threshold": 0.3},
    {"ref": np.mean},
    {"ref": 0.01},
    {"center": False, "win_length": 1024, "window": "blackman"},
], ids=str)
def test_estimate_tuning(kw, dtype):
    for seed in range(3):
        y = signal(30000, dtype, channels=(2,) if seed == 2 else (), seed=seed, kind="tone")
        compare_api("", "estimate_tuning", y=y, sr=22050, **kw, check=same_tuning)


def test_estimate_tuning_S():
    y = signal(40000, np.float32, seed=9, kind="tone")
    for S in (np.abs(librosa.stft(y)), np.abs(librosa.stft(y)) ** 2,
              np.abs(librosa.stft(y.astype(np.float64), n_fft=1024))):
        compare_api("", "estimate_tuning", S=S, sr=22050, check=same_tuning)
        compare_api("", "estimate_tuning", S=S, sr=22050, bins_per_octave=24, check=same_tuning)


def test_estimate_tuning_silence_and_errors():
    compare_api("", "estimate_tuning", y=np.zeros(22050, np.float32), check=same_tuning)  # warns, returns 0.0
    with pytest.warns(UserWarning, match="empty frequency set"):
        assert fastrosa.estimate_tuning(y=np.zeros(22050, np.float32)) == 0.0
    assert isinstance(compare_api("", "estimate_tuning", y=np.zeros(5000), bogus=1, check=same_tuning), TypeError)
    assert isinstance(compare_api("", "estimate_tuning", check=same_tuning), fastrosa.ParameterError)
    assert_same_error(lambda: fastrosa.estimate_tuning(y=np.zeros(5000), hop_length=0),
                      lambda: librosa.estimate_tuning(y=np.zeros(5000), hop_length=0))


def test_estimate_tuning_detuned_tone():
    """An analytic case: a tone 30 cents sharp of A440 is found 0.3 bin sharp."""
    sr = 22050
    y = np.sin(2 * np.pi * 440 * 2 ** (0.3 / 12) * np.arange(3 * sr) / sr)
    assert abs(fastrosa.estimate_tuning(y=y, sr=sr) - 0.3) <= 0.02


# ---------------------------------------------------------------------------
# The real recordings: the same tuning as librosa, float32 and float64,
# from y and through chroma_stft (which estimates it from the power spectrogram)
# ---------------------------------------------------------------------------
def _spy(monkeypatch, module, seen):
    real = module.estimate_tuning

    def spy(**kw):
        seen.append(real(**kw))
        return seen[-1]

    monkeypatch.setattr(module, "estimate_tuning", spy)


def _check_recording(monkeypatch, y, sr, name):
    import librosa.feature.spectral as lfs

    import fastrosa.feature.spectral as ffs

    for dtype in (np.float32, np.float64):
        yd = y.astype(dtype)
        compare_api("", "estimate_tuning", y=yd, sr=sr, check=same_tuning)
        got_t, want_t = [], []
        _spy(monkeypatch, ffs, got_t)
        _spy(monkeypatch, lfs, want_t)
        got = fastrosa.feature.chroma_stft(y=yd, sr=sr)
        want = librosa.feature.chroma_stft(y=yd, sr=sr)
        monkeypatch.undo()
        assert got_t == want_t and len(want_t) == 1, f"{name} {dtype.__name__}: {got_t} != {want_t}"
        assert_close(got, want, err_msg=f"chroma_stft {name} {dtype.__name__}")


@pytest.mark.parametrize("path", MONO_FILES)
def test_recordings(path, monkeypatch):
    _check_recording(monkeypatch, load(path), librosa.get_samplerate(path), path.name)


@pytest.mark.parametrize("path", STEREO_FILES)
def test_recordings_stereo(path, monkeypatch):
    _check_recording(monkeypatch, load(path, mono=False), librosa.get_samplerate(path), path.name)


# ---------------------------------------------------------------------------
# chroma_stft
# ---------------------------------------------------------------------------
CHROMA_KW = [
    {},
    {"norm": None},
    {"norm": 1},
    {"norm": 2},
    {"norm": np.inf},
    {"n_chroma": 24},
    {"n_chroma": 7},
    {"tuning": 0.0},
    {"tuning": -0.25, "n_chroma": 36},
    {"ctroct": 4.0, "octwidth": None},
    {"base_c": False},
    {"dtype": np.float64},
    {"n_fft": 1024, "hop_length": 256},
    {"n_fft": 511, "hop_length": 100, "win_length": 400, "window": "hamming"},
    {"center": False},
    {"pad_mode": "reflect"},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (2, 2)])
@pytest.mark.parametrize("kw", CHROMA_KW, ids=str)
def test_chroma_stft(kw, channels, dtype):
    y = signal(12345, dtype, channels=channels, seed=len(kw), kind="tone")
    compare_api("feature", "chroma_stft", y=y, sr=22050, prec=dtype, **kw)


def test_chroma_stft_from_S():
    y = signal(20000, np.float32, seed=2, kind="tone")
    S = np.abs(librosa.stft(y, n_fft=1024)) ** 2
    compare_api("feature", "chroma_stft", S=S, sr=22050)
    compare_api("feature", "chroma_stft", S=S, sr=22050, n_fft=4096)  # n_fft inferred from S instead
    compare_api("feature", "chroma_stft", S=S, y=np.zeros(100, np.float32))  # S takes precedence over y
    compare_api("feature", "chroma_stft", S=S.astype(np.float64), sr=16000, n_chroma=24, norm=None)
    compare_api("feature", "chroma_stft", S=np.stack([S, S[::-1]]), tuning=0.1)
    compare_api("feature", "chroma_stft", S=np.asfortranarray(S[:, ::3]))


def test_chroma_stft_silence_and_tone():
    compare_api("feature", "chroma_stft", y=np.zeros(22050, np.float32))  # the empty-set warning, NaN-free zeros
    sr = 22050
    y = np.sin(2 * np.pi * 392.0 * np.arange(sr) / sr).astype(np.float32)  # G
    C = fastrosa.feature.chroma_stft(y=y, sr=sr)
    assert np.all(C[:, 5:-5].argmax(axis=0) == 7)
    compare_api("feature", "chroma_stft", y=y, sr=sr)


@pytest.mark.parametrize("kw", [
    {},  # neither y nor S
    {"y": np.zeros(5000, np.float32), "hop_length": 0},
    {"y": np.zeros(5000, np.float32), "n_fft": None},
    {"y": np.array([0.0, np.nan, 1.0])},
    {"y": np.zeros(100, np.float32), "center": False},
    {"y": np.zeros(5000, np.float32), "norm": "bogus"},
    {"y": np.zeros(5000, np.float32), "bogus": 1, "tuning": 0.0},
], ids=str)
def test_chroma_stft_bad_input(kw):
    assert isinstance(compare_api("feature", "chroma_stft", **kw), Exception)


def test_chroma_filterbank_cached():
    from fastrosa.feature import spectral

    a = spectral._chroma_filterbank(22050, 2048, 0.1, 12, {})
    b = spectral._chroma_filterbank(22050, 2048, 0.1, 12, {})
    assert a is b and not a.flags.writeable
    np.testing.assert_array_equal(a, librosa.filters.chroma(sr=22050, n_fft=2048, tuning=0.1))


# ---------------------------------------------------------------------------
# util.localmax
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_localmax(axis):
    r = np.random.default_rng(1)
    for x in (r.integers(0, 4, (5, 6, 7)).astype(np.float32), r.standard_normal((3, 4, 9)),
              r.integers(-3, 3, (4, 4, 4))):
        np.testing.assert_array_equal(fastrosa.util.localmax(x, axis=axis),
                                      librosa.util.localmax(x, axis=axis))
    same_outcome(lambda: fastrosa.util.localmax(np.ones(1)), lambda: librosa.util.localmax(np.ones(1)),
                 lambda got, want: None)


# ---------------------------------------------------------------------------
# Threads: the same calls from 8 threads give bit-identical results
# ---------------------------------------------------------------------------
def test_threads_match_serial():
    from concurrent.futures import ThreadPoolExecutor

    def job(i):
        y = signal(25000 + 101 * i, np.float32 if i % 2 else np.float64, channels=(2,) * (i % 3 == 0),
                   seed=40 + i, kind="tone")
        return (*fastrosa.piptrack(y=y, n_fft=1024 + 256 * (i % 2)),
                fastrosa.estimate_tuning(y=y), fastrosa.feature.chroma_stft(y=y, n_chroma=12 + i))

    serial = [job(i) for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        for i, got in enumerate(pool.map(job, range(8))):
            for g, w in zip(got, serial[i]):
                assert np.array_equal(g, w), f"job {i} differs from serial"
