"""fastrosa.beat.beat_track against librosa 0.11.0, called live.

The C tracker follows librosa's compiled loops step by step (the same
precisions, summation orders and tie-breaking), so the beat frames are
identical, not merely close.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import (MONO_FILES, STEREO_FILES, assert_same_result, compare_api, librosa_onset, load,
                     signal)

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")


def _env(seed=0, n=22050 * 10, channels=(), dtype=np.float32, agg=np.median):
    y = signal(n, np.float32, channels=channels, seed=seed, kind="tone")
    # a pulse train at ~128 bpm over the tone, so there is a beat to track
    y[..., :: int(22050 * 60 / 128)] += 1.0
    return librosa.onset.onset_strength(y=y, sr=22050, aggregate=agg).astype(dtype)


@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_beat_track_recordings(path):
    """From audio; librosa's beat_track(y) tracks this (median) envelope."""
    sr = 44100 if path.name.endswith(".hq.ogg") else 22050
    got = fastrosa.beat.beat_track(y=load(path), sr=sr)
    want = librosa.beat.beat_track(onset_envelope=librosa_onset(path, sr, median=True), sr=sr)
    assert_same_result(got, want, err_msg=path.name, exact=True)


@pytest.mark.parametrize("path", MONO_FILES)
def test_beat_track_recordings_options(path):
    """From the envelope librosa computes, with options that change the path."""
    env = librosa_onset(path, 22050, median=True)
    compare_api("beat", "beat_track", onset_envelope=env, trim=False, err_msg=path.name, exact=True)
    compare_api("beat", "beat_track", onset_envelope=env, start_bpm=90, tightness=400, err_msg=path.name, exact=True)
    compare_api("beat", "beat_track", onset_envelope=env.astype(np.float64), bpm=100.0, err_msg=path.name, exact=True)


@pytest.mark.parametrize("kw", [
    {}, {"units": "samples"}, {"units": "time"}, {"units": "beats"}, {"sparse": False},
    {"trim": False}, {"bpm": 128.0}, {"bpm": np.array([90.0])}, {"bpm": 600.0},
    {"bpm": np.float32(128.0)}, {"start_bpm": 60}, {"start_bpm": 180}, {"start_bpm": 0},
    {"tightness": 10}, {"tightness": 1000}, {"tightness": 0.5}, {"tightness": 0},
    {"bpm": 0.0}, {"bpm": -10.0}, {"hop_length": 256}, {"sr": 44100},
], ids=str)
def test_beat_track_options(kw):
    compare_api("beat", "beat_track", onset_envelope=_env(1), **kw, exact=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_beat_track_from_y(dtype):
    y = signal(22050 * 8, dtype, seed=2, kind="tone")
    y[:: 11025] += 1.0
    compare_api("beat", "beat_track", y=y, sr=22050, exact=True)
    compare_api("beat", "beat_track", y=y, sr=22050, units="time", trim=False, exact=True)


def test_beat_track_float32_tempo():
    """A float32 envelope with a float32 tempo runs librosa's float32 loops."""
    env = _env(3)
    compare_api("beat", "beat_track", onset_envelope=env, bpm=np.array([121.0], dtype=np.float32), exact=True)
    compare_api("beat", "beat_track", onset_envelope=env, bpm=np.float32(97.0), tightness=0.3, exact=True)


def test_beat_track_time_varying_bpm():
    env = _env(4)
    bpm = np.linspace(100, 140, env.shape[-1])
    compare_api("beat", "beat_track", onset_envelope=env, bpm=bpm, exact=True)
    compare_api("beat", "beat_track", onset_envelope=env, bpm=bpm[:-1], exact=True)  # wrong length: ParameterError


@pytest.mark.parametrize("lead", [(2,), (2, 2)])
def test_beat_track_multichannel(lead):
    env = _env(5, channels=lead)
    compare_api("beat", "beat_track", onset_envelope=env, sparse=False, exact=True)
    compare_api("beat", "beat_track", onset_envelope=env, exact=True)  # sparse with multichannel: ParameterError
    compare_api("beat", "beat_track", onset_envelope=env, sparse=False, bpm=120.0, exact=True)
    compare_api("beat", "beat_track", onset_envelope=env, sparse=False, bpm=np.full(lead, 110.0), exact=True)
    y = signal(22050 * 5, np.float32, channels=lead, seed=6, kind="tone")
    y[..., ::9000] += 1.0
    compare_api("beat", "beat_track", y=y, sr=22050, sparse=False, exact=True)


def test_beat_track_silence():
    got = compare_api("beat", "beat_track", y=np.zeros(22050 * 5, dtype=np.float32), exact=True)
    assert got[0] == 0.0 and type(got[0]) is float and got[1].dtype == int and got[1].size == 0
    got = compare_api("beat", "beat_track", y=np.zeros((2, 22050 * 5), dtype=np.float32), sparse=False, exact=True)
    assert got[0].shape == (2,) and not got[1].any()
    compare_api("beat", "beat_track", onset_envelope=np.zeros(100), exact=True)


@pytest.mark.parametrize("n", [0, 1, 100, 512, 2048, 5000])
def test_beat_track_short(n):
    y = signal(n, np.float32, seed=n)
    compare_api("beat", "beat_track", y=y, sr=22050, err_msg=f"n={n}", exact=True)


def test_beat_track_short_envelopes():
    compare_api("beat", "beat_track", onset_envelope=np.array([1.0]), exact=True)  # librosa's warnings, then its IndexError
    compare_api("beat", "beat_track", onset_envelope=np.array([0.0, 1.0]), exact=True)
    compare_api("beat", "beat_track", onset_envelope=np.array([0.0, 1.0, 0.5]), exact=True)
    compare_api("beat", "beat_track", onset_envelope=np.array([0.0, 1.0, 0.0, 0.0, 2.0, 0.0]), exact=True)
    compare_api("beat", "beat_track", onset_envelope=np.arange(300.0) % 7, exact=True)
    # (A constant envelope is left out: its deviation is 0, librosa's scores
    # overflow and its trimming loop then runs past the end of the array.)


def test_beat_track_needs_input():
    compare_api("beat", "beat_track", sr=22050, exact=True)


def test_beat_track_prior():
    import scipy.stats

    compare_api("beat", "beat_track", onset_envelope=_env(7), prior=scipy.stats.uniform(60, 200), exact=True)


def test_beat_track_threads():
    """The same calls from several threads give identical beats."""
    from concurrent.futures import ThreadPoolExecutor

    envs = [_env(s) for s in range(4)]
    want = [fastrosa.beat.beat_track(onset_envelope=e)[1] for e in envs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda e: fastrosa.beat.beat_track(onset_envelope=e)[1], envs * 2))
    for g, w in zip(got, want * 2):
        np.testing.assert_array_equal(g, w)


def test_light_imports():
    """Beat tracking from audio imports neither scipy nor numba."""
    import subprocess
    import sys

    code = ("import sys, numpy as np, fastrosa\n"
            "y = np.random.default_rng(0).standard_normal(22050 * 3).astype(np.float32)\n"
            "fastrosa.beat.beat_track(y=y)\n"
            "fastrosa.onset.onset_detect(y=y, backtrack=True)\n"
            "bad = [m for m in ('scipy', 'numba') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_signatures():
    """The same parameters, kinds and defaults as librosa's."""
    import inspect

    for name in ["onset.onset_strength", "onset.onset_strength_multi", "onset.onset_detect",
                 "onset.onset_backtrack", "feature.tempogram", "feature.tempo", "beat.tempo",
                 "beat.beat_track", "util.peak_pick", "util.localmax", "util.fix_frames",
                 "autocorrelate", "tempo_frequencies"]:
        sigs = []
        for lib in (fastrosa, librosa):
            f = lib
            for part in name.split("."):
                f = getattr(f, part)
            sigs.append([(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()])
        assert sigs[0] == sigs[1], name
