"""fastrosa.feature.tempogram / tempo, fastrosa.autocorrelate and
tempo_frequencies against librosa 0.11.0, called live.

The tempo is an argmax over lags of the time-averaged tempogram weighted by a
prior. librosa computes the tempogram in float64 (the float64 window promotes
the envelope) and so does fastrosa, through FFTW instead of pocketfft: the
two differ by ~1e-16. test_tempo_margin shows on every recording that the
winning lag beats the runner-up by far more than that drift, so the argmax
cannot flip.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import (MONO_FILES, STEREO_FILES, assert_close, compare_api, librosa_onset, load,
                      same_outcome, signal)

import fastrosa

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")


def _env(seed=0, n=40000, channels=(), dtype=np.float32):
    y = signal(n, np.float32, channels=channels, seed=seed, kind="tone")
    return librosa.onset.onset_strength(y=y, sr=22050).astype(dtype)


# ---------------------------------------------------------------------------
# tempogram
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (2, 2)])
def test_tempogram(dtype, channels):
    compare_api("feature", "tempogram", onset_envelope=_env(1, channels=channels, dtype=dtype))


@pytest.mark.parametrize("kw", [
    {"win_length": 344}, {"win_length": 1}, {"win_length": 2}, {"win_length": 101},
    {"center": False}, {"center": False, "win_length": 50}, {"window": "hamming"},
    {"window": ("kaiser", 4.0)}, {"norm": None}, {"norm": 1}, {"norm": 2.0}, {"norm": -np.inf},
    {"win_length": 0}, {"win_length": 1000}, {"win_length": 1000, "center": False},
], ids=str)
def test_tempogram_options(kw):
    compare_api("feature", "tempogram", onset_envelope=_env(2, n=30000), **kw)


def test_tempogram_window_arrays():
    env = _env(3, n=20000)
    compare_api("feature", "tempogram", onset_envelope=env, win_length=64, window=np.hanning(64))
    # a float32 window keeps float32 envelopes in float32
    compare_api("feature", "tempogram", onset_envelope=env, win_length=64,
            window=np.hanning(64).astype(np.float32))
    compare_api("feature", "tempogram", onset_envelope=env, win_length=64, window=np.ones(10))  # wrong length


def test_tempogram_from_y_and_errors():
    y = signal(30000, np.float32, seed=4, kind="tone")
    compare_api("feature", "tempogram", y=y, sr=22050, hop_length=256, prec=np.float32)  # float32 envelope
    compare_api("feature", "tempogram", sr=22050)  # neither y nor onset_envelope
    env = _env(4, n=20000)
    compare_api("feature", "tempogram", onset_envelope=env[:1])
    compare_api("feature", "tempogram", onset_envelope=np.zeros(100))
    bad = env.copy()
    bad[5] = np.inf
    compare_api("feature", "tempogram", onset_envelope=bad)  # non-finite: normalize's ParameterError


# ---------------------------------------------------------------------------
# tempo
# ---------------------------------------------------------------------------
def _weighted(lib, env, sr=22050, mean_path=False):
    """librosa's tempo objective (aggregated tempogram + log prior) per lag.
    mean_path: fastrosa's time average computed without the tempogram (what
    feature.tempo uses)."""
    win = lib.time_to_frames(8.0, sr=sr, hop_length=512).item()
    if mean_path:
        from fastrosa.feature.rhythm import _mean_tempogram

        tg = _mean_tempogram(None, sr, env, 512, win)
    else:
        tg = lib.feature.tempogram(onset_envelope=env, sr=sr, hop_length=512, win_length=win)
        tg = np.mean(tg, axis=-1, keepdims=True)
    bpms = lib.tempo_frequencies(win, hop_length=512, sr=sr)
    logprior = -0.5 * ((np.log2(bpms) - np.log2(120)) / 1.0) ** 2
    logprior[: int(np.argmax(bpms < 320.0))] = -np.inf
    return (np.log1p(1e6 * tg) + logprior[:, None])[:, 0]


@pytest.mark.parametrize("path", MONO_FILES + STEREO_FILES)
def test_tempo_recordings(path):
    sr = 44100 if path.name.endswith(".hq.ogg") else 22050
    env = librosa_onset(path, sr)  # librosa's tempo(y) is tempo(onset_envelope=this)
    got = fastrosa.feature.tempo(y=load(path), sr=sr)
    want = librosa.feature.tempo(onset_envelope=env, sr=sr)
    np.testing.assert_array_equal(got, want, err_msg=path.name)
    # per-frame estimates too
    got = fastrosa.feature.tempo(onset_envelope=env, sr=sr, aggregate=None)
    want = librosa.feature.tempo(onset_envelope=env, sr=sr, aggregate=None)
    np.testing.assert_array_equal(got, want, err_msg=path.name)


@pytest.mark.parametrize("path", MONO_FILES)
def test_tempo_margin(path):
    """The argmax is robust: the runner-up lag trails the winner by orders of
    magnitude more than fastrosa's objective differs from librosa's."""
    env = librosa_onset(path, 22050)
    want = _weighted(librosa, env)
    finite = np.isfinite(want)
    top2 = np.sort(want[finite])[-2:]
    for mean_path in (False, True):
        got = _weighted(fastrosa, env, mean_path=mean_path)
        drift = np.max(np.abs(got[finite] - want[finite]))
        assert top2[1] - top2[0] > 1e4 * max(drift, 1e-16), (path.name, top2, drift, mean_path)
        assert np.argmax(got) == np.argmax(want)


def test_tempo_mean_thread_count():
    """The time-averaged tempogram is the same bits for any number of threads
    (fixed chunks of frames, summed in order), and matches the tempogram's
    mean up to rounding."""
    from fastrosa.feature.rhythm import _mean_tempogram

    env = _env(11, n=22050 * 40, channels=(2,))
    n_threads = fastrosa.get_num_threads()
    try:
        got = []
        for k in (1, 2, 3):
            fastrosa.set_num_threads(k)
            got.append(_mean_tempogram(None, 22050, env, 512, 384))
    finally:
        fastrosa.set_num_threads(n_threads)
    np.testing.assert_array_equal(got[0], got[1])
    np.testing.assert_array_equal(got[0], got[2])
    tg = librosa.feature.tempogram(onset_envelope=env, sr=22050)
    assert_close(got[0], np.mean(tg, axis=-1, keepdims=True), dtype=np.float64)


def test_tempo_silence():
    for y in (np.zeros(22050 * 3, dtype=np.float32), np.zeros(100), np.zeros(22050 * 3)):
        got = compare_api("feature", "tempo", y=y, sr=22050, exact=True)
        assert got.shape == (1,) and abs(got[0] - 117.45383523) < 1e-6


@pytest.mark.parametrize("kw", [
    {}, {"start_bpm": 60}, {"start_bpm": 90.5}, {"start_bpm": 200}, {"std_bpm": 0.5},
    {"std_bpm": 4.0}, {"ac_size": 4.0}, {"ac_size": 12.0}, {"max_tempo": None},
    {"max_tempo": 150}, {"aggregate": None}, {"aggregate": np.median}, {"hop_length": 256},
    {"sr": 16000}, {"start_bpm": 0}, {"start_bpm": -5},
], ids=str)
def test_tempo_options(kw):
    env = _env(5, n=22050 * 12)
    kw = dict({"sr": 22050}, **kw)
    compare_api("feature", "tempo", onset_envelope=env, exact=True, **kw)


def test_tempo_multichannel_and_tg():
    env = _env(6, n=22050 * 8, channels=(2,))
    compare_api("feature", "tempo", onset_envelope=env, exact=True)
    compare_api("feature", "tempo", onset_envelope=env, aggregate=None, exact=True)
    tg = librosa.feature.tempogram(onset_envelope=env, win_length=200)
    compare_api("feature", "tempo", tg=tg, exact=True)
    y = signal(22050 * 6, np.float32, channels=(2,), seed=7, kind="tone")
    compare_api("feature", "tempo", y=y, sr=22050, exact=True)


def test_tempo_prior():
    import scipy.stats

    env = _env(8, n=22050 * 10)
    compare_api("feature", "tempo", onset_envelope=env, prior=scipy.stats.uniform(30, 300), exact=True)
    compare_api("feature", "tempo", onset_envelope=env, prior=scipy.stats.lognorm(loc=np.log(120), s=1),
            exact=True)


def test_beat_tempo_alias():
    """librosa.beat.tempo: the deprecated alias, with its FutureWarning."""
    env = _env(9, n=22050 * 6)
    same_outcome(
        lambda: fastrosa.beat.tempo(onset_envelope=env),
        lambda: librosa.beat.tempo(onset_envelope=env),
        lambda got, want: np.testing.assert_array_equal(got, want),
    )
    with pytest.warns(FutureWarning, match="moved to 'librosa.feature.rhythm.tempo'"):
        fastrosa.beat.tempo(onset_envelope=env)


# ---------------------------------------------------------------------------
# autocorrelate, tempo_frequencies
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128])
@pytest.mark.parametrize("kw", [{}, {"max_size": 10}, {"max_size": 10000}, {"axis": 0}], ids=str)
def test_autocorrelate(dtype, kw, rng):
    y = rng.standard_normal((3, 257)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        y = y + 1j * rng.standard_normal(y.shape).astype(dtype)
    same_outcome(lambda: fastrosa.autocorrelate(y, **kw), lambda: librosa.autocorrelate(y, **kw),
                 lambda got, want: assert_close(got, want, err_msg=str(kw)))


@pytest.mark.parametrize("kw", [{"n_bins": 384}, {"n_bins": 1}, {"n_bins": 10, "sr": 44100,
                                                                   "hop_length": 256}], ids=str)
def test_tempo_frequencies(kw):
    kw = dict(kw)  # the parameter is shared by every run of the test
    n = kw.pop("n_bins")
    np.testing.assert_array_equal(fastrosa.tempo_frequencies(n, **kw),
                                  librosa.tempo_frequencies(n, **kw))
