"""pytest-benchmark suite: every case beside its librosa twin, grouped so the
table's relative column reads as the speed-up.

    python -m pytest benchmarks --benchmark-group-by=group --benchmark-columns=min,median,mean,rounds
"""

import numpy as np
import pytest

import fastrosa
from cases import CASES, audioflux_twins, clip, cold_start, fftw_floor, settle

librosa = pytest.importorskip("librosa")

LIBS = {"fastrosa": fastrosa, "librosa": librosa}
_clips = {}


def _clip(seconds):
    if seconds not in _clips:
        _clips[seconds] = clip(seconds)
    return _clips[seconds]


@pytest.mark.parametrize("lib", list(LIBS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{c.seconds:g}s")
def test_case(benchmark, case, lib):
    module = LIBS[lib]
    benchmark.group = f"{case.name} {case.seconds:g}s"
    inputs = case.prepare(module, _clip(case.seconds))
    settle()
    result = benchmark(case.run, module, inputs)
    assert np.all(np.isfinite(result))


def test_stft_fftw_floor(benchmark):
    """The bare FFTW batch execute over the same frames as stft 30 s."""
    benchmark.group = "stft 30s"
    benchmark(fftw_floor(_clip(30), threads=fastrosa.get_num_threads()))


@pytest.mark.parametrize("lib", list(LIBS))
def test_cold_start(benchmark, lib):
    """Fresh process: import + first stft of a 30-s clip."""
    benchmark.group = "cold start: import + first stft 30s"
    seconds = benchmark.pedantic(cold_start, args=(lib,), rounds=3, iterations=1)
    assert seconds > 0


@pytest.mark.parametrize("name", ["melspectrogram", "mfcc"])
def test_audioflux(benchmark, name):
    """audioFlux's twin of the 30-s melspectrogram / mfcc cases, in their groups."""
    twins = audioflux_twins(_clip(30))
    if not twins:
        pytest.skip("audioflux is not installed")
    benchmark.group = f"{name} 30s"
    assert np.all(np.isfinite(benchmark(twins[name])))


@pytest.mark.parametrize("lib", list(LIBS))
def test_cold_start_beat_track(benchmark, lib):
    """Fresh process: import + first beat_track of a 30-s clip."""
    benchmark.group = "cold start: import + first beat_track 30s"
    seconds = benchmark.pedantic(cold_start, args=(lib, "beat_track"), rounds=3, iterations=1)
    assert seconds > 0
