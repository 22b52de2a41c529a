"""fastrosa.util.peak_pick, localmax and fix_frames against librosa 0.11.0, called live.

peak_pick reproduces librosa's compiled picker (means summed in order in the
input's precision, delta rounded to float32), so the picks are identical.
"""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import compare_api

import fastrosa


PP = [
    dict(pre_max=3, post_max=3, pre_avg=3, post_avg=5, delta=0.5, wait=10),
    dict(pre_max=1, post_max=1, pre_avg=4, post_avg=5, delta=0.07, wait=1),
    dict(pre_max=0, post_max=1, pre_avg=0, post_avg=1, delta=0.0, wait=0),
    dict(pre_max=1.0, post_max=1.0, pre_avg=4.0, post_avg=5.0, delta=0.07, wait=1.0),
    dict(pre_max=2.5, post_max=1.2, pre_avg=0.1, post_avg=7.9, delta=0.1, wait=0.5),
    dict(pre_max=50, post_max=60, pre_avg=70, post_avg=80, delta=0.01, wait=3),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.int32, np.int8,
                                   np.float16])
@pytest.mark.parametrize("kw", PP, ids=str)
@pytest.mark.parametrize("seed", range(3))
def test_peak_pick(dtype, kw, seed):
    r = np.random.default_rng(seed)
    x = r.random(400)
    if np.dtype(dtype).kind == "i":
        x = (x * 5).astype(dtype)
        compare_api("util", "peak_pick", x, **kw, exact=True)  # a float delta with integers: librosa's TypeError
        kw = dict(kw, delta=int(kw["delta"]))
    else:
        x = x.astype(dtype)
    compare_api("util", "peak_pick", x, **kw, exact=True)


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_peak_pick_short(n):
    x = np.random.default_rng(n).random(n)
    compare_api("util", "peak_pick", x, **PP[0], exact=True)
    compare_api("util", "peak_pick", x, **PP[2], exact=True)


def test_peak_pick_plateaus_and_ties():
    x = np.array([0, 1, 1, 0, 2, 2, 2, 0, 0, 3, 0, 3, 0], dtype=np.float64)
    for kw in PP:
        compare_api("util", "peak_pick", x, **kw, exact=True)
    x = np.repeat(np.arange(10.0) % 3, 3)
    compare_api("util", "peak_pick", x, **PP[2], exact=True)


def test_peak_pick_nan():
    x = np.random.default_rng(5).random(100)
    x[[10, 50]] = np.nan
    compare_api("util", "peak_pick", x, **PP[1], exact=True)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_peak_pick_dense(axis):
    x = np.random.default_rng(6).random((3, 50, 40))
    compare_api("util", "peak_pick", x, sparse=False, axis=axis, **PP[1], exact=True)
    compare_api("util", "peak_pick", x, axis=axis, **PP[1], exact=True)  # sparse with 3-d: ParameterError


@pytest.mark.parametrize("bad", [
    {"pre_max": -1}, {"pre_avg": -1}, {"delta": -0.1}, {"wait": -1}, {"post_max": 0},
    {"post_avg": 0},
], ids=str)
def test_peak_pick_errors(bad):
    compare_api("util", "peak_pick", np.random.default_rng(7).random(30), **dict(PP[0], **bad), exact=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16, np.int64])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_localmax(dtype, axis):
    x = (np.random.default_rng(8).random((20, 30)) * 4).astype(dtype)
    compare_api("util", "localmax", x, axis=axis, exact=True)


def test_localmax_edges():
    compare_api("util", "localmax", np.array([1.0, 0.0, 1.0, 2.0, -1.0, 0.0, -2.0, 1.0]), exact=True)
    compare_api("util", "localmax", np.array([3.0, 3.0, 3.0]), exact=True)
    compare_api("util", "localmax", np.array([0.0, np.nan, 1.0, 0.0]), exact=True)
    compare_api("util", "localmax", np.array([1.0, 2.0]), exact=True)


@pytest.mark.parametrize("kw", [
    {}, {"x_min": 0, "x_max": 8}, {"x_min": None, "x_max": 8}, {"x_min": 2, "pad": False},
    {"x_max": 5, "pad": False}, {"x_min": None},
], ids=str)
def test_fix_frames(kw):
    compare_api("util", "fix_frames", np.array([3, 10, 7, 7, 0]), **kw, exact=True)
    compare_api("util", "fix_frames", [-1, 2], **kw, exact=True)  # negative: ParameterError
