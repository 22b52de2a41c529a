"""Frequency weighting, synthetic signals, mu-law and util's sync, index_to_slice,
stack, localmin and find_files against librosa 0.11.0, called live.

Each call is compared by helpers.compare_api: the same result (type, shape,
dtype, values within the tolerance of its dtype), or the same exception class,
with the same warnings.
"""

from __future__ import annotations

import inspect
import os

import librosa
import numpy as np
import pytest
from helpers import assert_close, assert_same_error, assert_same_result, compare_api

import fastrosa

CORE = ["A_weighting", "B_weighting", "C_weighting", "D_weighting", "Z_weighting",
        "frequency_weighting", "multi_frequency_weighting", "tone", "chirp", "clicks",
        "mu_compress", "mu_expand"]
UTIL = ["sync", "index_to_slice", "stack", "localmin", "find_files"]
FLOATS = ["float32", "float64"]


def _params(f):
    return [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]


@pytest.mark.parametrize("name", CORE)
def test_core_signature_and_paths(name):
    assert _params(getattr(fastrosa, name)) == _params(getattr(librosa, name))
    assert getattr(fastrosa, name) is getattr(fastrosa.core, name)
    assert fastrosa.provenance(name) == fastrosa.provenance(f"core.{name}") == "fastrosa"


@pytest.mark.parametrize("name", UTIL)
def test_util_signature_and_paths(name):
    assert _params(getattr(fastrosa.util, name)) == _params(getattr(librosa.util, name))
    assert fastrosa.provenance(f"util.{name}") == "fastrosa"


# ---------------------------------------------------------------------------
# Frequency weighting
# ---------------------------------------------------------------------------
def _frequencies(dtype, shape=(64,)):
    rng = np.random.default_rng(3)
    return rng.uniform(10, 20000, size=shape).astype(dtype)


@pytest.mark.parametrize("kind", "ABCD")
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(64,), (2, 3, 16)])
@pytest.mark.parametrize("min_db", [-80.0, None, -10])
def test_weighting_curves(kind, dtype, shape, min_db):
    f = _frequencies(dtype, shape)
    compare_api("", f"{kind}_weighting", f, min_db=min_db)
    compare_api("core", "frequency_weighting", f, kind=kind.lower(), min_db=min_db)


@pytest.mark.parametrize("kind", "ABCD")
@pytest.mark.parametrize("f", [1000, 31.5, np.float32(100.0), 0.0, -50.0, [0.0, 1.0, 1e5],
                               np.array([], dtype=np.float32)])
def test_weighting_scalars_and_edges(kind, f):
    # 0 Hz (log of 0) and negative frequencies (NaN): librosa's warnings and values
    compare_api("", f"{kind}_weighting", f, check=_finite_close)
    compare_api("", f"{kind}_weighting", f, min_db=None, check=_finite_close)


def _finite_close(got, want, msg):
    """Type, dtype and shape as librosa's; inf and NaN where librosa has them, the rest close."""
    assert type(got) is type(want), msg
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, msg
    finite = np.isfinite(want)
    np.testing.assert_array_equal(got[~finite], want[~finite], err_msg=msg)
    assert_close(got[finite], want[finite], err_msg=msg)


@pytest.mark.parametrize("f", [[100.0, 1000.0], np.zeros((3,), np.float32), 440.0])
@pytest.mark.parametrize("kind", ["Z", "z", None])
def test_z_weighting(f, kind):
    compare_api("", "frequency_weighting", f, kind=kind)          # a scalar has no len(): TypeError
    compare_api("", "frequency_weighting", f, kind=kind, min_db=3.0)


@pytest.mark.parametrize("kinds", ["ZAC", ("Z", "B"), "abcdz", ["D"], ""])
@pytest.mark.parametrize("dtype", FLOATS)
def test_multi_frequency_weighting(kinds, dtype):
    compare_api("", "multi_frequency_weighting", _frequencies(dtype), kinds=kinds)
    compare_api("", "multi_frequency_weighting", _frequencies(dtype), kinds=kinds, min_db=None)


@pytest.mark.parametrize("kind", ["E", "AB", 1])
def test_unknown_weighting(kind):
    assert isinstance(compare_api("", "frequency_weighting", [100.0], kind=kind), KeyError)


def test_weighting_at_1khz_is_0db():
    for kind in "ABC":
        assert abs(fastrosa.frequency_weighting(1000.0, kind=kind)) < 0.01, kind


# ---------------------------------------------------------------------------
# tone, chirp, clicks
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [
    dict(sr=22050, duration=0.5), dict(sr=8000, length=1001), dict(sr=44100, length=1, phi=0.3),
    dict(sr=16000.5, duration=0.01, length=77), dict(sr=22050, length=0), dict(sr=100, duration=0.004),
])
@pytest.mark.parametrize("frequency", [440, 1000.5, np.float32(55.0)])
def test_tone(kw, frequency):
    compare_api("", "tone", frequency, **kw)


@pytest.mark.parametrize("args, kw", [
    ((None,), dict(duration=1.0)),   # no frequency
    ((440,), {}),                    # neither length nor duration
])
def test_tone_errors(args, kw):
    assert_same_error(lambda: fastrosa.tone(*args, **kw), lambda: librosa.tone(*args, **kw))


@pytest.mark.parametrize("linear", [False, True])
@pytest.mark.parametrize("fmin, fmax", [(110, 880), (880.0, 110.0), (440, 440), (20.5, 20000)])
@pytest.mark.parametrize("kw", [dict(duration=1.0), dict(length=2049, phi=0.5), dict(length=1),
                                dict(duration=0.3, length=100), dict(sr=8000, duration=2.0)])
def test_chirp(linear, fmin, fmax, kw):
    compare_api("", "chirp", fmin=fmin, fmax=fmax, linear=linear, **kw)


@pytest.mark.parametrize("kw", [
    dict(fmin=None, fmax=100, duration=1.0),
    dict(fmin=100, fmax=200),
    dict(fmin=0, fmax=200, duration=1.0),            # scipy's ValueError for a logarithmic sweep
    dict(fmin=-100, fmax=200, duration=1.0),
    dict(fmin=0, fmax=200, duration=1.0, linear=True),
    dict(fmin=100, fmax=200, length=0, linear=True),  # duration 0: a division by zero
    dict(fmin=100, fmax=200, length=0),
    dict(fmin=100, fmax=200, length=10, sr=0),
])
def test_chirp_edges(kw):
    compare_api("", "chirp", **kw)


def test_chirp_sweeps():
    """Analytic: the frequency, counted in zero crossings over 50 ms, follows the sweep's law."""
    sr, fmin, fmax, window = 22050, 200.0, 3200.0, 0.05
    t = np.arange(0.1, 0.9, 0.1)
    laws = {True: fmin + (fmax - fmin) * t, False: fmin * (fmax / fmin) ** t}
    for linear, expected in laws.items():
        y = fastrosa.chirp(fmin=fmin, fmax=fmax, sr=sr, duration=1.0, linear=linear)
        for when, f in zip(t, expected):
            seg = y[int((when - window / 2) * sr):int((when + window / 2) * sr)]
            crossings = np.count_nonzero(np.diff(np.signbit(seg)))
            assert abs(crossings / (2 * window) - f) < 0.05 * f, (linear, when)


def _click(dtype, channels=()):
    rng = np.random.default_rng(5)
    return rng.standard_normal(tuple(channels) + (300,)).astype(dtype)


@pytest.mark.parametrize("kw", [
    dict(times=[0.0, 0.5, 0.51, 1.2]),
    dict(times=np.array([0.1, 0.1, 0.3]), sr=8000, click_freq=2000.0, click_duration=0.05),
    dict(frames=[0, 10, 40], hop_length=256),
    dict(frames=np.array([3, 5]), length=3000),
    dict(times=[0.0, 0.9], sr=1000, length=950),       # the last click is cut at the end
    dict(times=[0.5, 2.0], sr=1000, length=1000),      # a click past the end is dropped
    dict(times=[0.2], sr=22050.5),
])
def test_clicks_default(kw):
    compare_api("", "clicks", **kw)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("channels", [(), (2,), (2, 3)])
@pytest.mark.parametrize("length", [None, 500, 2000])
def test_clicks_given_click(dtype, channels, length):
    compare_api("", "clicks", frames=[0, 1, 3], hop_length=100, click=_click(dtype, channels),
                length=length)


@pytest.mark.parametrize("kw", [
    dict(),
    dict(times=[0.1], click_duration=0),
    dict(times=[0.1], click_freq=-1.0),
    dict(times=[0.1], length=0),
    dict(times=[0.1], click=np.ones(10, dtype=int)),
    dict(times=[0.1], click=np.array([0.0, np.nan])),
    dict(times=[0.1], click=[0.0, 1.0]),
    dict(times=[], sr=1000),                  # no clicks, no length: max() of nothing
])
def test_clicks_errors(kw):
    assert isinstance(compare_api("", "clicks", **kw), Exception)


# ---------------------------------------------------------------------------
# mu-law
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(1000,), (2, 500), ()])
@pytest.mark.parametrize("mu", [255, 15, 3.5, 1e-3])
@pytest.mark.parametrize("quantize", [True, False])
def test_mu_law(dtype, shape, mu, quantize):
    rng = np.random.default_rng(11)
    x = np.clip(rng.standard_normal(shape) / 3, -1, 1).astype(dtype)
    x_comp = compare_api("", "mu_compress", x, mu=mu, quantize=quantize)
    compare_api("", "mu_expand", x_comp, mu=mu, quantize=quantize)


@pytest.mark.parametrize("x", [0.5, -1.0, 1, [0.0, 0.5]])
def test_mu_law_python_inputs(x):
    # a list cannot be compared with a number: librosa's TypeError
    compare_api("", "mu_compress", x)
    compare_api("", "mu_expand", x, quantize=False)


@pytest.mark.parametrize("func, x, kw", [
    ("mu_compress", np.array([0.0, 1.5]), {}),
    ("mu_compress", np.array([-1.01]), dict(quantize=False)),
    ("mu_compress", np.zeros(3), dict(mu=0)),
    ("mu_compress", np.zeros(3), dict(mu=-2.0)),
    ("mu_expand", np.array([0.0, 200.0]), {}),
    ("mu_expand", np.array([1.2]), dict(quantize=False)),
    ("mu_expand", np.zeros(3), dict(mu=0)),
])
def test_mu_law_errors(func, x, kw):
    assert_same_error(lambda: getattr(fastrosa, func)(x, **kw), lambda: getattr(librosa, func)(x, **kw))


def test_mu_law_round_trip():
    x = np.linspace(-1, 1, 101)
    np.testing.assert_allclose(fastrosa.mu_expand(fastrosa.mu_compress(x, quantize=False),
                                                  quantize=False), x, atol=1e-12)


# ---------------------------------------------------------------------------
# util.sync, index_to_slice, stack, localmin
# ---------------------------------------------------------------------------
def _features(dtype, shape, order="C"):
    rng = np.random.default_rng(2)
    return np.array(rng.standard_normal(shape).astype(dtype), order=order)


def _same_layout(got, want, msg):
    assert_same_result(got, want, err_msg=msg)
    assert got.flags["F_CONTIGUOUS"] == want.flags["F_CONTIGUOUS"], msg
    assert got.flags["C_CONTIGUOUS"] == want.flags["C_CONTIGUOUS"], msg


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape, axis", [((6, 50), -1), ((6, 50), 0), ((2, 4, 50), -1), ((50,), 0),
                                         ((3, 50, 2), 1)])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("idx", [[5, 10, 20, 30], np.array([0, 17, 49]), [3], [0, 50, 60], []])
@pytest.mark.parametrize("pad", [True, False])
def test_sync(dtype, shape, axis, order, idx, pad):
    data = _features(dtype, shape, order)
    for aggregate in (None, np.median, np.max):
        got = compare_api("util", "sync", data, idx, aggregate=aggregate, pad=pad, axis=axis,
                          check=_same_layout)


@pytest.mark.parametrize("idx", [[slice(0, 5), slice(5, 20), slice(10, 12, 2)],
                                 [np.int32(2), np.int64(9)], [1, slice(2, 3)], [1.0, 2.0], ["a"]])
def test_sync_index_kinds(idx):
    compare_api("util", "sync", _features("float64", (4, 30)), idx)


def test_sync_negative_index():
    got = compare_api("util", "sync", _features("float32", (4, 30)), [-1, 5])
    assert isinstance(got, fastrosa.ParameterError)


@pytest.mark.parametrize("idx", [[20, 35, 70], np.array([5, 5, 1]), [150], [], [0]])
@pytest.mark.parametrize("kw", [{}, dict(idx_min=0, idx_max=100), dict(idx_max=60, step=2),
                                dict(idx_min=10, pad=False), dict(idx_min=30, idx_max=40)])
def test_index_to_slice(idx, kw):
    def check(got, want, msg):
        assert got == want, msg
        assert [type(s.start) for s in got] == [type(s.start) for s in want], msg

    compare_api("util", "index_to_slice", idx, **kw, check=check)


@pytest.mark.parametrize("axis", [0, 1, -1, 2])
@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("float32", "float64"), ("int16", "float32")])
@pytest.mark.parametrize("n", [1, 3])
def test_stack(axis, dtypes, n):
    arrays = [_features(dtypes[k % 2], (4, 7)) for k in range(n)]
    got = compare_api("util", "stack", arrays, axis=axis, exact=True)
    want = librosa.util.stack(arrays, axis=axis)
    assert got.flags["F_CONTIGUOUS"] == want.flags["F_CONTIGUOUS"]
    assert got.flags["C_CONTIGUOUS"] == want.flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("arrays", [[], [np.zeros(3), np.zeros(4)]])
def test_stack_errors(arrays):
    assert_same_error(lambda: fastrosa.util.stack(arrays), lambda: librosa.util.stack(arrays))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "int64", "int8", "uint64", "bool",
                                   "float16"])
@pytest.mark.parametrize("shape, axis", [((40,), 0), ((5, 40), -1), ((5, 40), 0), ((2, 3, 40), 1)])
def test_localmin_and_localmax(dtype, shape, axis):
    rng = np.random.default_rng(9)
    x = rng.integers(-3, 4, size=shape).astype(dtype)  # small integers: ties and plateaus
    # (as uint64 the negatives wrap to near 2**64, where librosa compares in float64)
    for name in ("localmin", "localmax"):
        compare_api("util", name, x, axis=axis)
        compare_api("util", name, np.asfortranarray(x), axis=axis)


@pytest.mark.parametrize("x", [np.array([1.0, np.nan, 0.0, 2.0, 1.0]), np.array([np.nan, 1.0]),
                               np.zeros(0), np.zeros(1), np.array([2.0, 1.0]),
                               np.array([1 + 1j, 0j, 2j]), np.array([-np.inf, 0.0, np.inf, 1.0])])
def test_localmin_edges(x):
    compare_api("util", "localmin", x)


def test_localmin_by_hand():
    x = np.array([1, 0, 1, 2, -1, 0, -2, 1])
    assert fastrosa.util.localmin(x).tolist() == [False, True, False, False, True, False, True, False]


# ---------------------------------------------------------------------------
# util.find_files
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    top = tmp_path_factory.mktemp("music")
    names = ["a.wav", "b.WAV", "c.Wav", "d.mp3", "e.ogg", "f.txt", "g.flac", "noext", "h.wav.bak",
             "sub/i.wav", "sub/j.MP3", "sub/deeper/k.au", "sub/deeper/l.m4a", "other/m.aac",
             "other/n.wav"]
    for name in names:
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    (top / "dir.wav").mkdir()  # a folder whose name has an extension
    return top


@pytest.mark.parametrize("kw", [
    {}, dict(recurse=False), dict(ext="wav"), dict(ext=["mp3", "au"]), dict(ext="WAV"),
    dict(ext="wav", case_sensitive=True), dict(ext="Wav", case_sensitive=True),
    dict(ext=["wav", "mp3"], case_sensitive=False), dict(limit=3), dict(limit=0), dict(offset=2),
    dict(offset=-3, limit=2), dict(offset=100), dict(ext="txt", recurse=False), dict(ext=[]),
    dict(ext="wav.bak"),
])
def test_find_files(tree, kw):
    for directory in (str(tree), tree, str(tree / "sub")):
        got = fastrosa.util.find_files(directory, **kw)
        assert got == librosa.util.find_files(directory, **kw), (directory, kw)
        assert all(os.path.isabs(f) for f in got)


def test_find_files_by_hand(tree):
    names = [os.path.relpath(f, tree) for f in fastrosa.util.find_files(tree, ext="wav")]
    assert names == ["a.wav", "b.WAV", "dir.wav", "other/n.wav", "sub/i.wav"]
    assert fastrosa.util.find_files(tree / "missing") == librosa.util.find_files(tree / "missing") == []


def test_find_files_home(tree, monkeypatch):
    monkeypatch.setenv("HOME", str(tree))
    assert fastrosa.util.find_files("~/sub", recurse=False) == librosa.util.find_files("~/sub", recurse=False)
    assert len(fastrosa.util.find_files("~/sub", recurse=False)) == 2


@pytest.mark.parametrize("kind", ["int", "float", "uint32", "ties", "int32"])
@pytest.mark.parametrize("left, right", [(True, True), (True, False), (False, True), (False, False)])
def test_match_events(kind, left, right):
    """librosa's compiled helper, case by case: unsigned distances, ties in the
    events (its quicksort's order of equal values), impossible constraints."""
    rng = np.random.default_rng(sum(map(ord, kind)))
    for _ in range(60):
        n, m = rng.integers(1, 40, 2)
        if kind == "float":
            a, b = rng.random(n), rng.random(m)
        elif kind == "uint32":
            a, b = (rng.integers(0, 30, k).astype(np.uint32) for k in (n, m))
        elif kind == "ties":
            a, b = (rng.integers(-5, 5, k) * 1.0 for k in (n, m))
        else:
            a, b = (rng.integers(0, 30, k).astype(kind) for k in (n, m))
        compare_api("util", "match_events", a, b, left=left, right=right, exact=True)
