"""fastrosa.core.convert against librosa 0.11.0, called live: values, types, dtypes, shapes."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import assert_close

import fastrosa


def assert_same(got, want, err_msg=""):
    """Same Python type (scalar vs 0-d vs n-d array), dtype, shape and values."""
    assert type(got) is type(want), f"{type(got)} != {type(want)}: {err_msg}"
    if np.asarray(want).dtype.kind == "f":
        assert_close(got, want, err_msg=err_msg)
    else:
        assert np.asarray(got).dtype == np.asarray(want).dtype, err_msg
        np.testing.assert_array_equal(got, want, err_msg=err_msg)
        assert np.shape(got) == np.shape(want), err_msg


def compare(name, *args, **kwargs):
    got = getattr(fastrosa, name)(*args, **kwargs)
    assert_same(got, getattr(librosa, name)(*args, **kwargs), f"{name}{args} {kwargs}")
    return got


INDICES = [
    0,
    7,
    -3,
    np.int32(5),
    np.int64(1 << 40),
    [],
    [0, 1, 2, 100],
    (3, 4),
    np.arange(10, dtype=np.int16),
    np.arange(12).reshape(3, 4),
    np.arange(0, 40, 3)[::2],
    np.asfortranarray(np.arange(6).reshape(2, 3)),
]
TIMES = [
    0.0,
    1.5,
    -0.25,
    np.float32(2.75),
    [],
    [0.0, 0.01, 0.5, 3.3],
    np.linspace(0, 10, 7),
    np.ones((2, 3)) * 0.3,
]


def _id(x):
    return repr(x) if np.ndim(x) == 0 else f"{type(x).__name__}{np.shape(x)}"


@pytest.mark.parametrize("frames", INDICES, ids=_id)
@pytest.mark.parametrize("hop_length", [512, 1, 333])
@pytest.mark.parametrize("n_fft", [None, 2048, 1023, 1])
def test_frames_samples(frames, hop_length, n_fft):
    kw = dict(hop_length=hop_length, n_fft=n_fft)
    compare("frames_to_samples", frames, **kw)
    compare("samples_to_frames", frames, **kw)
    compare("frames_to_time", frames, sr=22050, **kw)
    compare("frames_to_time", frames, sr=16000.5, **kw)


@pytest.mark.parametrize("samples", INDICES, ids=_id)
@pytest.mark.parametrize("sr", [22050, 44100.0, 8000.5])
def test_samples_to_time(samples, sr):
    compare("samples_to_time", samples, sr=sr)


@pytest.mark.parametrize("times", TIMES, ids=_id)
@pytest.mark.parametrize("sr", [22050, 16000.5])
@pytest.mark.parametrize("hop_length, n_fft", [(512, None), (256, 2048), (1, 3)])
def test_times(times, sr, hop_length, n_fft):
    compare("time_to_samples", times, sr=sr)
    compare("time_to_frames", times, sr=sr, hop_length=hop_length, n_fft=n_fft)


def test_defaults():
    np.testing.assert_array_equal(fastrosa.frames_to_samples([1, 2]), [512, 1024])
    np.testing.assert_array_equal(fastrosa.time_to_samples([1.0]), [22050])
    assert fastrosa.frames_to_time(43) == pytest.approx(43 * 512 / 22050)


def test_scalar_kinds():
    """librosa's quirks: frames_to_samples gives a NumPy scalar, samples_to_frames a 0-d array."""
    assert isinstance(fastrosa.frames_to_samples(3), np.integer)
    s2f = fastrosa.samples_to_frames(3000)
    assert isinstance(s2f, np.ndarray) and s2f.ndim == 0 and s2f == 5
    assert isinstance(fastrosa.samples_to_time(22050), np.floating)


@pytest.mark.parametrize("blocks", INDICES, ids=_id)
@pytest.mark.parametrize("block_length, hop_length", [(16, 512), (1, 1), (7, 333)])
def test_blocks(blocks, block_length, hop_length):
    compare("blocks_to_frames", blocks, block_length=block_length)
    compare("blocks_to_samples", blocks, block_length=block_length, hop_length=hop_length)
    compare("blocks_to_time", blocks, block_length=block_length, hop_length=hop_length, sr=22050)
    compare("blocks_to_time", blocks, block_length=block_length, hop_length=hop_length, sr=11025.5)


@pytest.mark.parametrize("sr", [22050, 44100, 8000.5, 1])
@pytest.mark.parametrize("n_fft", [1, 2, 3, 7, 1023, 2048, 2049])
def test_fft_frequencies(sr, n_fft):
    got = compare("fft_frequencies", sr=sr, n_fft=n_fft)
    assert got.shape == (1 + n_fft // 2,) and got[0] == 0


def test_fft_frequencies_defaults():
    got = fastrosa.fft_frequencies()
    assert got.shape == (1025,) and got[-1] == 11025.0
    assert_same(got, librosa.fft_frequencies())


@pytest.mark.parametrize(
    "X, axis",
    [
        (0, -1),
        (5, -1),
        (np.int64(4), 0),
        (np.zeros((3, 7)), -1),
        (np.zeros((3, 7)), 0),
        (np.zeros((2, 4, 6)), 1),
        (np.zeros((5, 0)), -1),
    ],
    ids=lambda v: _id(v) if not isinstance(v, int) else str(v),
)
@pytest.mark.parametrize("hop_length, n_fft", [(512, None), (128, 1024), (333, 7)])
def test_like(X, axis, hop_length, n_fft):
    kw = dict(hop_length=hop_length, n_fft=n_fft, axis=axis)
    compare("samples_like", X, **kw)
    compare("times_like", X, sr=16000, **kw)
    compare("times_like", X, **kw)
