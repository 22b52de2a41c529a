"""Processes and threads: fastrosa after fork and spawn, and 8 threads mixing every feature.

- A multiprocessing pool with the fork and the spawn start method works after
  FFTW plans exist in the parent, and the children's results are identical to
  the parent's.
- A fork taken while another thread is planning FFTs does not leave the child
  waiting forever for the planner's lock.
- 8 threads mixing every feature, each on its own input, give bit-identical
  results to the same calls made serially.

``JOBS`` is a table of (name, function of a seed): a feature that lands later
is covered by adding a row (every function of pitch/chroma, spectral shape,
HPSS, onsets, rhythm, beats and ``extract.summarize`` has one).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))  # spawned children import this module
from helpers import signal  # noqa: E402

import fastrosa  # noqa: E402
import fastrosa.extract  # noqa: E402,F401
from fastrosa._ext import _runtime  # noqa: E402

TIMEOUT = 120  # seconds for a pool's whole map: longer is a hang


def _y(seed, n=None, dtype=None, channels=None):
    """A seeded input: its length, dtype and channels vary with the seed."""
    n = n if n is not None else 5000 + 977 * (seed % 7)
    dtype = dtype or (np.float32 if seed % 2 else np.float64)
    channels = channels if channels is not None else (2,) * (seed % 3 == 0)
    return signal(n, dtype, channels=channels, seed=seed, kind="tone" if seed % 4 else "noise")


def _spec(seed):
    return np.abs(fastrosa.stft(_y(seed), n_fft=512, hop_length=128)) ** 2


# name, function(seed) -> array (or tuple of arrays). Extend with new features.
JOBS = [
    ("stft", lambda s: fastrosa.stft(_y(s), n_fft=[256, 512, 1024, 300][s % 4],
                                     hop_length=64 + s, center=bool(s % 2))),
    ("istft", lambda s: fastrosa.istft(fastrosa.stft(_y(s), n_fft=512), n_fft=512,
                                       length=_y(s).shape[-1])),
    ("magphase", lambda s: fastrosa.magphase(fastrosa.stft(_y(s), n_fft=256), power=1 + s % 2)),
    ("melspectrogram", lambda s: fastrosa.feature.melspectrogram(
        y=_y(s), sr=22050, n_fft=[512, 1024, 2048][s % 3], n_mels=40 + s)),
    ("mfcc", lambda s: fastrosa.feature.mfcc(y=_y(s), sr=22050, n_mfcc=13 + s % 7,
                                             n_fft=[512, 2048, 777][s % 3])),
    ("zero_crossing_rate", lambda s: fastrosa.feature.zero_crossing_rate(
        _y(s), frame_length=1024 + s, hop_length=256)),
    ("zero_crossings", lambda s: fastrosa.zero_crossings(_y(s), threshold=0.01)),
    ("power_to_db", lambda s: fastrosa.power_to_db(_spec(s), ref=np.max)),
    ("amplitude_to_db", lambda s: fastrosa.amplitude_to_db(np.sqrt(_spec(s)), top_db=60)),
    ("db_to_power", lambda s: fastrosa.db_to_power(fastrosa.power_to_db(_spec(s)))),
    ("db_to_amplitude", lambda s: fastrosa.db_to_amplitude(fastrosa.amplitude_to_db(_spec(s)))),
    ("filters.mel", lambda s: fastrosa.filters.mel(sr=22050, n_fft=512 + 2 * s, n_mels=20 + s)),
    ("filters.chroma", lambda s: fastrosa.filters.chroma(sr=22050, n_fft=1024 + 2 * s)),
    ("filters.get_window", lambda s: fastrosa.filters.get_window("hann", 100 + s)),
    ("feature.delta", lambda s: fastrosa.feature.delta(_spec(s), order=1 + s % 2)),
    ("resample", lambda s: fastrosa.resample(_y(s), orig_sr=22050, target_sr=8000 + 1000 * s)),
    ("to_mono", lambda s: fastrosa.to_mono(_y(s, channels=(3,)))),
    ("util.frame", lambda s: fastrosa.util.frame(_y(s), frame_length=100, hop_length=7 + s).copy()),
    ("util.pad_center", lambda s: fastrosa.util.pad_center(_y(s), size=_y(s).shape[-1] + s)),
    ("util.fix_length", lambda s: fastrosa.util.fix_length(_y(s), size=3000 + s)),
    ("util.normalize", lambda s: fastrosa.util.normalize(_spec(s), norm=1 + s % 2)),
    ("convert", lambda s: (fastrosa.hz_to_mel(np.linspace(0, 11025, 100 + s), htk=bool(s % 2)),
                           fastrosa.mel_to_hz(np.arange(40.0 + s)),
                           fastrosa.frames_to_time(np.arange(100 + s), sr=22050),
                           fastrosa.note_to_hz(["C4", "A#5"]), fastrosa.midi_to_hz(60 + s))),
]



def _env(seed):
    return fastrosa.onset.onset_strength(y=_y(seed, n=22050 * 3, channels=()), sr=22050)


def _summary(seed):
    row = fastrosa.extract.summarize(_y(seed, n=22050 * 2 + 97 * seed, channels=()), 22050,
                                     compat=["kaggle", "current"][seed % 2])
    return np.array(list(row.values()), dtype=np.float64)


JOBS += [
    ("chroma_stft", lambda s: fastrosa.feature.chroma_stft(y=_y(s), sr=22050,
                                                           n_fft=[2048, 1024, 777][s % 3])),
    ("piptrack", lambda s: fastrosa.piptrack(y=_y(s), sr=22050, n_fft=1024 + s)),
    ("estimate_tuning", lambda s: np.float64(fastrosa.estimate_tuning(y=_y(s), sr=22050))),
    ("pitch_tuning", lambda s: np.float64(fastrosa.pitch_tuning(440.0 * 2 ** (np.arange(50 + s) / 97)))),
    ("util.localmax", lambda s: fastrosa.util.localmax(_spec(s), axis=-1)),
    ("spectral_centroid", lambda s: fastrosa.feature.spectral_centroid(y=_y(s), n_fft=512 + s)),
    ("spectral_bandwidth", lambda s: fastrosa.feature.spectral_bandwidth(y=_y(s), p=1 + s % 3)),
    ("spectral_rolloff", lambda s: fastrosa.feature.spectral_rolloff(S=_spec(s), n_fft=512)),
    ("spectral_contrast", lambda s: fastrosa.feature.spectral_contrast(y=_y(s), n_bands=3 + s % 3)),
    ("spectral_flatness", lambda s: fastrosa.feature.spectral_flatness(y=_y(s))),
    ("rms", lambda s: fastrosa.feature.rms(y=_y(s), frame_length=1024 + s, hop_length=256)),
    ("decompose.hpss", lambda s: fastrosa.decompose.hpss(
        fastrosa.stft(_y(s), n_fft=512), kernel_size=[31, 7, (5, 17)][s % 3], mask=bool(s % 2))),
    ("effects.hpss", lambda s: fastrosa.effects.hpss(_y(s), n_fft=512, margin=1.0 + s)),
    ("effects.harmonic", lambda s: fastrosa.effects.harmonic(_y(s), n_fft=1024)),
    ("effects.percussive", lambda s: fastrosa.effects.percussive(_y(s), n_fft=1024)),
    ("util.softmask", lambda s: fastrosa.util.softmask(_spec(s), _spec(s)[..., ::-1].copy(),
                                                       power=1 + s)),
    ("onset_strength", lambda s: fastrosa.onset.onset_strength(y=_y(s), sr=22050, lag=1 + s % 2)),
    ("onset_strength_multi", lambda s: fastrosa.onset.onset_strength_multi(
        y=_y(s), sr=22050, channels=[0, 10 + s, 40, 128])),
    ("onset_detect", lambda s: fastrosa.onset.onset_detect(onset_envelope=_env(s), sr=22050,
                                                           backtrack=bool(s % 2))),
    ("onset_backtrack", lambda s: fastrosa.onset.onset_backtrack(np.arange(3, 100, 7 + s), _env(s))),
    ("util.peak_pick", lambda s: fastrosa.util.peak_pick(_env(s), pre_max=3, post_max=3, pre_avg=3,
                                                         post_avg=5, delta=0.1 * s, wait=10)),
    ("tempogram", lambda s: fastrosa.feature.tempogram(onset_envelope=_env(s), win_length=100 + s)),
    ("tempo", lambda s: fastrosa.feature.tempo(onset_envelope=_env(s), sr=22050, start_bpm=80 + 20 * s)),
    ("beat_track", lambda s: fastrosa.beat.beat_track(y=_y(s, n=22050 * 3, channels=()), sr=22050,
                                                      units=["frames", "time"][s % 2])),
    ("autocorrelate", lambda s: fastrosa.autocorrelate(_y(s), max_size=1000 + s)),
    ("tempo_frequencies", lambda s: fastrosa.tempo_frequencies(384 + s, sr=22050)),
    ("extract.summarize", _summary),
]
JOB_NAMES = [name for name, _ in JOBS]


def run_job(name, seed):
    """The result of job ``name`` on input ``seed``, as a tuple of arrays."""
    out = dict(JOBS)[name](seed)
    if name == "beat_track":
        out = (np.asarray(out[0]), np.asarray(out[1]))
    return tuple(np.asarray(o) for o in (out if isinstance(out, tuple) else (out,)))


def _assert_identical(got, want, what):
    assert len(got) == len(want), what
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape, f"{what}: {g.dtype}{g.shape} != {w.dtype}{w.shape}"
        assert np.array_equal(g, w, equal_nan=True), f"{what}: values differ"


def _child_job(args):
    name, seed = args
    return run_job(name, seed)


def _all_jobs(n_seeds=3):
    return [(name, seed) for name in JOB_NAMES for seed in range(n_seeds)]


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pool_after_parent_planned(method):
    """Plans (and the thread count) exist in the parent; children of either start
    method compute every feature exactly as the parent does."""
    if method not in mp.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    work = _all_jobs()
    parent = {key: run_job(*key) for key in work}  # plans every FFT size in the parent
    ctx = mp.get_context(method)
    with ctx.Pool(2) as pool:
        results = pool.map_async(_child_job, work, chunksize=4).get(TIMEOUT)
    for key, got in zip(work, results):
        _assert_identical(got, parent[key], f"{method} child: {key}")


def _fork_child_plans(conn, n_fft):
    try:
        D = fastrosa.stft(_y(1), n_fft=n_fft)  # a size never planned before: takes the lock
        conn.send(D.shape)
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        conn.send(repr(exc))
    finally:
        conn.close()


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="no fork here")
def test_fork_while_another_thread_plans():
    """Children forked while a parent thread keeps planning FFTs can plan their
    own: the planner's lock is never inherited in the locked state."""
    stop = threading.Event()

    def planner():
        k = 0
        while not stop.is_set():
            _runtime.clear_plans()
            fastrosa.stft(np.ones(64, np.float32), n_fft=16 + k % 48, hop_length=8)
            k += 1

    thread = threading.Thread(target=planner, daemon=True)
    thread.start()
    ctx = mp.get_context("fork")
    try:
        for i in range(24):
            parent_end, child_end = ctx.Pipe(duplex=False)
            n_fft = 1000 + 2 * i
            with warnings.catch_warnings():  # Python >= 3.12 warns of forking with threads
                warnings.filterwarnings("ignore", ".*multi-threaded.*", DeprecationWarning)
                proc = ctx.Process(target=_fork_child_plans, args=(child_end, n_fft))
                proc.start()
            child_end.close()
            ok = parent_end.poll(30)
            if not ok:
                proc.kill()
            proc.join(30)
            assert ok, f"fork {i}: the child hung planning an FFT"
            want = (1 + n_fft // 2, 1 + _y(1).shape[-1] // (n_fft // 4))
            assert parent_end.recv() == want, f"fork {i}"
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------------------
# Threads
# ---------------------------------------------------------------------------
def test_threads_mixing_every_feature():
    """8 threads, each job on its own input, all features at once, plans made
    concurrently: bit-identical to the serial results."""
    work = _all_jobs(n_seeds=4)
    _runtime.clear_plans()
    serial = {key: run_job(*key) for key in work}
    for rnd in range(2):
        _runtime.clear_plans()  # the threads plan afresh, concurrently
        order = work[rnd::2] + work[1 - rnd::2]  # a different mix of neighbours each round
        with ThreadPoolExecutor(8) as pool:
            futures = {key: pool.submit(run_job, *key) for key in order}
            for key, fut in futures.items():
                _assert_identical(fut.result(), serial[key], f"round {rnd} thread job {key}")


def test_threads_with_internal_threads():
    """User threads on top of fastrosa's own worker threads (set_num_threads(2))."""
    before = fastrosa.get_num_threads()
    y = [_y(s, n=22050 * 8) for s in range(8)]
    try:
        fastrosa.set_num_threads(2)
        serial = [(fastrosa.stft(v), fastrosa.feature.mfcc(y=v)) for v in y]
        with ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda v: (fastrosa.stft(v), fastrosa.feature.mfcc(y=v)), y))
    finally:
        fastrosa.set_num_threads(before)
    for i, (g, w) in enumerate(zip(got, serial)):
        _assert_identical(g, w, f"input {i}")
