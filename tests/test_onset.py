"""fastrosa.onset (onset_strength, onset_strength_multi, onset_detect,
onset_backtrack) against librosa 0.11.0, called live.

The spectral flux kernel sums the bins in the order NumPy reduces them, so
from the same spectrogram (``S=``) the envelopes are bit-identical; from audio

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")
they inherit the mel spectrogram's float32 rounding.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import (MONO_FILES, STEREO_FILES, assert_close, compare_api, librosa_onset, load,
                      signal)

import fastrosa


def _log_mel(y, sr=22050, dtype=np.float32):
    return librosa.power_to_db(librosa.feature.melspectrogram(y=y.astype(dtype), sr=sr))


# ---------------------------------------------------------------------------
# onset_strength from audio
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_onset_strength_recordings(path):
    sr = 44100 if path.name.endswith(".hq.ogg") else 22050
    got = fastrosa.onset.onset_strength(y=load(path), sr=sr)
    assert_close(got, librosa_onset(path, sr), err_msg=path.name)


@pytest.mark.parametrize("path", STEREO_FILES)
def test_onset_strength_stereo(path):
    y = load(path, mono=False)
    compare_api("onset", "onset_strength", y=y, sr=44100, err_msg=path.name)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (2, 2)])
def test_onset_strength_signals(dtype, channels):
    y = signal(30000, dtype, channels=channels, seed=3, kind="tone")
    compare_api("onset", "onset_strength", y=y, sr=22050, prec=dtype)


@pytest.mark.parametrize("kw", [
    {"lag": 2}, {"max_size": 3}, {"center": False}, {"detrend": True},
    {"n_fft": 1024, "hop_length": 256}, {"hop_length": 300}, {"n_mels": 64, "fmax": 8000},
    {"aggregate": np.median},
], ids=str)
def test_onset_strength_options(kw):
    y = signal(20000, np.float64, seed=4, kind="tone")
    compare_api("onset", "onset_strength", y=y, sr=22050, **kw)


def test_onset_strength_feature():
    """A custom feature (here a signed one: its magnitude is used)."""
    def feature(lib):
        return lambda y, sr, n_fft, hop_length: lib.stft(y, n_fft=n_fft, hop_length=hop_length).real

    y = signal(20000, np.float64, seed=4, kind="tone")
    got = fastrosa.onset.onset_strength(y=y, sr=22050, feature=feature(fastrosa))
    want = librosa.onset.onset_strength(y=y, sr=22050, feature=feature(librosa))
    assert_close(got, want)


@pytest.mark.parametrize("n", [0, 1, 100, 511, 512, 513, 2048, 2049])
def test_onset_strength_short(n):
    y = signal(n, np.float32, seed=n)
    compare_api("onset", "onset_strength", y=y, sr=22050, err_msg=f"n={n}")


def test_onset_strength_silence():
    y = np.zeros(22050, dtype=np.float32)
    got = compare_api("onset", "onset_strength", y=y, sr=22050)
    assert not got.any()


# ---------------------------------------------------------------------------
# onset_strength from a spectrogram: bit-identical
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("aggregate", [None, np.mean, np.median])
@pytest.mark.parametrize("lag", [1, 2, 5])
@pytest.mark.parametrize("max_size", [1, 2, 3, 4, 7, 300])
def test_onset_strength_S_exact(dtype, aggregate, lag, max_size):
    S = _log_mel(signal(20000, np.float32, seed=5, kind="tone"), dtype=dtype)
    compare_api("onset", "onset_strength", S=S, lag=lag, max_size=max_size, aggregate=aggregate, exact=True)


@pytest.mark.parametrize("lead", [(2,), (2, 2)])
@pytest.mark.parametrize("aggregate", [np.mean, np.median])
def test_onset_strength_S_multichannel(lead, aggregate):
    y = signal(15000, np.float32, channels=lead, seed=6, kind="tone")
    S = _log_mel(y)
    compare_api("onset", "onset_strength", S=S, aggregate=aggregate, max_size=3, exact=True)
    compare_api("onset", "onset_strength", S=S, aggregate=aggregate, detrend=True, exact=True)


@pytest.mark.parametrize("median", [False, True])
def test_onset_strength_ref(median, rng):
    S = _log_mel(signal(15000, np.float32, seed=7))
    ref = S + rng.standard_normal(S.shape).astype(np.float32)
    agg = np.median if median else np.mean
    compare_api("onset", "onset_strength", S=S, ref=ref, aggregate=agg, exact=True)
    compare_api("onset", "onset_strength", S=S, ref=ref.astype(np.float64), aggregate=agg, exact=True)
    compare_api("onset", "onset_strength", S=S, ref=ref[:, :-1])  # shape mismatch: ParameterError


def test_onset_strength_S_odd_inputs(rng):
    S = rng.standard_normal((30, 50))
    compare_api("onset", "onset_strength", S=S, exact=True)
    compare_api("onset", "onset_strength", S=S[:, :1])  # one frame: nothing to difference
    compare_api("onset", "onset_strength", S=S[:, :0])
    compare_api("onset", "onset_strength", S=S[0])  # 1-d: one bin
    # NumPy reduces a Fortran-ordered flux pairwise: equal to rounding only
    compare_api("onset", "onset_strength", S=np.asfortranarray(S))
    compare_api("onset", "onset_strength", S=S[:, ::2], exact=True)
    compare_api("onset", "onset_strength", S=(10 * S).astype(np.int64))
    S_nan = S.copy()
    S_nan[3, 10] = np.nan
    compare_api("onset", "onset_strength", S=S_nan, aggregate=np.median, exact=True)
    compare_api("onset", "onset_strength", S=S_nan, exact=True)
    compare_api("onset", "onset_strength", S=S, aggregate=np.max)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_onset_strength_median_ties(dtype, rng):
    """Medians where many rectified differences are exactly zero (the middle
    pair zero, zero and positive, or positive), over odd and even bin counts
    and frame counts around the C kernel's block of 64 frames."""
    for n_frames in (2, 64, 65, 130):
        S = rng.integers(0, 3, size=(2, 17, n_frames)).astype(dtype)
        for max_size in (1, 3):
            compare_api("onset", "onset_strength", S=S, aggregate=np.median, max_size=max_size, exact=True)
            compare_api("onset", "onset_strength_multi", S=S, aggregate=np.median, max_size=max_size,
                    channels=[0, 1, 4, 8, 9, 17], exact=True)


@pytest.mark.parametrize("kw", [
    {"lag": 0}, {"lag": 1.5}, {"max_size": 0}, {"max_size": 2.0}, {"aggregate": False},
], ids=str)
def test_onset_strength_errors(kw, rng):
    compare_api("onset", "onset_strength", S=rng.standard_normal((20, 30)), **kw)


def test_onset_strength_needs_input():
    compare_api("onset", "onset_strength", sr=22050)


# ---------------------------------------------------------------------------
# onset_strength_multi
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("channels", [
    None, [0, 32, 64, 96, 128], [10, 50], [0, 128], [slice(0, 40), slice(20, 128)],
    [slice(0, 128, 2)], [slice(5, 5), slice(0, 10)], [0, 200],
], ids=str)
@pytest.mark.parametrize("aggregate", [None, np.median, np.max, False])
def test_onset_strength_multi(channels, aggregate):
    S = _log_mel(signal(15000, np.float32, seed=8, kind="tone"))
    compare_api("onset", "onset_strength_multi", S=S, channels=channels, aggregate=aggregate, max_size=2,
            exact=True)


def test_onset_strength_multi_from_y():
    y = signal(15000, np.float32, channels=(2,), seed=9, kind="tone")
    compare_api("onset", "onset_strength_multi", y=y, sr=22050, channels=[0, 16, 64, 128], lag=2)


# ---------------------------------------------------------------------------
# onset_detect and onset_backtrack
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", MONO_FILES)
def test_onset_detect_recordings(path):
    """From audio (librosa's onset_detect(y) picks peaks in this envelope), and
    with backtracking."""
    env = librosa_onset(path, 22050)
    got = fastrosa.onset.onset_detect(y=load(path), sr=22050)
    want = librosa.onset.onset_detect(onset_envelope=env, sr=22050)
    np.testing.assert_array_equal(got, want, err_msg=path.name)
    got = fastrosa.onset.onset_detect(onset_envelope=env, backtrack=True, units="time")
    want = librosa.onset.onset_detect(onset_envelope=env, backtrack=True, units="time")
    np.testing.assert_array_equal(got, want, err_msg=path.name)


@pytest.mark.parametrize("kw", [
    {}, {"units": "samples"}, {"units": "time"}, {"units": "beats"}, {"sparse": False},
    {"backtrack": True}, {"backtrack": True, "sparse": False}, {"normalize": False},
    {"hop_length": 256}, {"delta": 0.2, "wait": 5}, {"pre_max": 3.5, "post_max": 2},
    {"pre_max": -1}, {"post_avg": 0},
], ids=str)
def test_onset_detect_options(kw):
    env = librosa.onset.onset_strength(y=signal(40000, np.float32, seed=10), sr=22050)
    compare_api("onset", "onset_detect", onset_envelope=env, sr=22050, exact=True, **kw)


def test_onset_detect_energy(rng):
    env = librosa.onset.onset_strength(y=signal(40000, np.float32, seed=11), sr=22050)
    energy = rng.random(env.shape)
    compare_api("onset", "onset_detect", onset_envelope=env, backtrack=True, energy=energy, exact=True)


def test_onset_detect_multichannel():
    y = signal(30000, np.float32, channels=(2,), seed=12)
    compare_api("onset", "onset_detect", y=y, sr=22050, sparse=False, exact=True)
    compare_api("onset", "onset_detect", y=y, sr=22050)  # sparse with 2-d: ParameterError


def test_onset_detect_empty_and_bad():
    compare_api("onset", "onset_detect", y=np.zeros(22050, dtype=np.float32), exact=True)
    compare_api("onset", "onset_detect", y=np.zeros(22050, dtype=np.float32), sparse=False, exact=True)
    env = np.ones(50)
    env[10] = np.inf
    compare_api("onset", "onset_detect", onset_envelope=env, exact=True)
    compare_api("onset", "onset_detect", sr=22050)  # neither y nor onset_envelope


@pytest.mark.parametrize("seed", range(4))
def test_onset_backtrack(seed):
    r = np.random.default_rng(seed)
    energy = r.random(200)
    events = np.sort(r.choice(200, size=20, replace=False))
    compare_api("onset", "onset_backtrack", events=events, energy=energy, exact=True)
    compare_api("onset", "onset_backtrack", events=events[:0], energy=energy)  # empty: ParameterError
