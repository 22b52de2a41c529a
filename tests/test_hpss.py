"""Median-filtering HPSS against librosa 0.11.0, called live: the median filter
against scipy.ndimage.median_filter (exact), util.softmask, decompose.hpss and
effects.hpss / harmonic / percussive.

Deliberate deviation, pinned below (test_median_filter_long_window_twin): when
the window reaches 4 or more line lengths beyond the start of a line (k // 2 >=
4 n, n > 1), scipy's n-D filter computes an out-of-range offset (index -1) for
the reflections at exact multiples of 2n and reads memory outside the line
(previous row, or outside the array). fastrosa reflects with period 2n there
too, as scipy does everywhere else and as its documentation states. For an
STFT this is only reached with 3 frames or fewer and the default kernel of 31.
"""

from __future__ import annotations

import threading

import librosa
import numpy as np
import pytest
import scipy.ndimage
from helpers import MONO_FILES, STEREO_FILES, assert_close, assert_same_error, compare_api, load

import fastrosa
from fastrosa.decompose._hpss import median_filter

# every test here runs at every SIMD level this CPU has (conftest.every_simd_level)
pytestmark = pytest.mark.usefixtures("every_simd_level")


def median_twin(x, k, axis):
    """The median filter by its definition: sort each reflected window."""
    x = np.moveaxis(x, axis, -1)
    n = x.shape[-1]
    idx = np.arange(n)[:, None] - k // 2 + np.arange(k)[None, :]
    idx %= 2 * n
    idx = np.where(idx >= n, 2 * n - 1 - idx, idx)
    out = np.sort(x[..., idx], axis=-1)[..., k // 2]
    return np.moveaxis(out, -1, axis)


def scipy_median(x, k, axis):
    size = [1] * x.ndim
    size[axis] = k
    return scipy.ndimage.median_filter(x, size=size, mode="reflect")


def scipy_in_range(n, k):
    """scipy stays inside the line (see the module docstring)."""
    return n == 1 or k // 2 < 4 * n


# ---------------------------------------------------------------------------
# median filter
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [-1, -2])
@pytest.mark.parametrize("data", ["noise", "ties"])
def test_median_filter_scipy(dtype, axis, data):
    rng = np.random.default_rng(7)
    for n in [*range(1, 36), 41, 47, 53, 64, 70]:
        other = 1 + (n * 7) % 5
        shape = (n, other) if axis == -2 else (other, n)
        if data == "noise":
            x = rng.standard_normal(shape).astype(dtype)
        else:
            x = rng.integers(0, 4, shape).astype(dtype)
        for k in range(1, 72):
            want = scipy_median(x, k, axis) if scipy_in_range(n, k) else median_twin(x, k, axis)
            got = median_filter(x, k, axis)
            assert got.dtype == x.dtype
            np.testing.assert_array_equal(got, want, err_msg=f"n={n} k={k} axis={axis}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("k", [1, 2, 3, 8, 31, 32, 33, 63, 64, 65, 100, 101])
def test_median_filter_spectrogram_shapes(dtype, k):
    """Blocks of columns with a remainder, several matrices, both window structures
    (sorted window up to k = 64, heaps above)."""
    rng = np.random.default_rng(k)
    x = np.abs(rng.standard_normal((2, 3, 83, 37))).astype(dtype)
    x[0, 1, 10:20] = 0.0  # ties
    for axis in (-1, -2):
        np.testing.assert_array_equal(median_filter(x, k, axis), scipy_median(x, k, axis),
                                      err_msg=f"k={k} axis={axis}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_median_filter_line_counts(dtype):
    """Windows up to 64 are filtered 16 (float32) or 8 (float64) lines at a time,
    a last block of fewer than a quarter of that one line at a time: every count
    of lines from 1 to 40 along both axes, with ties, zeros of both signs,
    infinities and denormals (compared as values: scipy orders -0.0 and 0.0
    differently)."""
    rng = np.random.default_rng(11)
    special = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, 1e-40, 2.0], dtype=dtype)
    for lines in range(1, 41):
        x = special[rng.integers(0, len(special), (lines, 29))]
        for k in (3, 30, 31, 64):
            np.testing.assert_array_equal(median_filter(x, k, -1), scipy_median(x, k, -1),
                                          err_msg=f"lines={lines} k={k}")
            xt = x.T.copy()
            np.testing.assert_array_equal(median_filter(xt, k, -2), scipy_median(xt, k, -2),
                                          err_msg=f"lines={lines} k={k}")


@pytest.mark.parametrize("k", [129, 256, 1001])
def test_median_filter_wide_windows(k):
    """Heaps well beyond the sorted window's widths."""
    x = np.random.default_rng(k).integers(0, 50, (3, 400)).astype(np.float32)
    np.testing.assert_array_equal(median_filter(x, k, -1), scipy_median(x, k, -1))
    np.testing.assert_array_equal(median_filter(x.T.copy(), k, -2), scipy_median(x.T.copy(), k, -2))


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("k", [31, 40, 63])
def test_median_filter_long_window_twin(n, k):
    """Windows many times the line length reflect with period 2n (scipy reads
    outside the array in some of these cases: see the module docstring)."""
    x = np.random.default_rng(n * k).standard_normal((4, n))
    np.testing.assert_array_equal(median_filter(x, k, -1), median_twin(x, k, -1))
    np.testing.assert_array_equal(median_filter(x.T.copy(), k, -2), median_twin(x.T, k, -2))


def test_median_filter_twin_agrees_with_scipy():
    """The twin itself matches scipy wherever scipy stays in range."""
    x = np.random.default_rng(3).integers(0, 5, (3, 6)).astype(float)
    for k in range(1, 24):
        np.testing.assert_array_equal(median_twin(x, k, -1), scipy_median(x, k, -1))


# ---------------------------------------------------------------------------
# util.softmask
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("power", [0.5, 1, 2, 3.7, 100, np.inf])
@pytest.mark.parametrize("split_zeros", [False, True])
def test_softmask(dtype, power, split_zeros):
    rng = np.random.default_rng(1)
    X = (rng.random((2, 17, 19)) * 4).astype(dtype)
    X_ref = (rng.random((2, 17, 19)) * 4).astype(dtype)
    X[0, :3] = 0
    X_ref[0, :5] = 0
    X_ref[1, 4] = X[1, 4]  # ties
    got = fastrosa.util.softmask(X, X_ref, power=power, split_zeros=split_zeros)
    want = librosa.util.softmask(X, X_ref, power=power, split_zeros=split_zeros)
    assert got.dtype == want.dtype
    if want.dtype == bool:
        np.testing.assert_array_equal(got, want)
    else:
        assert_close(got, want, err_msg=f"{dtype} {power} {split_zeros}")


@pytest.mark.parametrize("case", ["shape", "negative", "negative_ref", "zero_power", "neg_power"])
def test_softmask_errors(case):
    X, X_ref, power = np.ones((3, 4)), np.ones((3, 4)), 1
    if case == "shape":
        X_ref = np.ones((4, 3))
    elif case == "negative":
        X = -X
    elif case == "negative_ref":
        X_ref[1, 1] = -1
    elif case == "zero_power":
        power = 0
    else:
        power = -2.0
    assert_same_error(lambda: fastrosa.util.softmask(X, X_ref, power=power),
                      lambda: librosa.util.softmask(X, X_ref, power=power))


# ---------------------------------------------------------------------------
# decompose.hpss
# ---------------------------------------------------------------------------
def spectrogram(dtype=np.complex64, channels=(), n=6000, n_fft=128, seed=0):
    """An STFT with harmonic lines and clicks (65 bins, ~190 frames by default)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 8000
    y = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.02 * rng.standard_normal(tuple(channels) + (n,))
    y[..., ::700] += 1.0
    real = np.float32 if np.dtype(dtype) in (np.complex64, np.float32) else np.float64
    D = librosa.stft(y.astype(real), n_fft=n_fft, hop_length=32)
    return D.astype(dtype) if np.iscomplexobj(np.zeros(0, dtype)) else np.abs(D).astype(dtype)


KERNELS = list(range(1, 64, 2)) + [2, 4, 6, 10, 16, 30, 32, 48, 62]


@pytest.mark.parametrize("kernel_size", KERNELS)
def test_hpss_kernel_sizes(kernel_size):
    S = spectrogram(n=3000)
    compare_api("decompose", "hpss", S, kernel_size=kernel_size)
    compare_api("decompose", "hpss", np.abs(S), kernel_size=kernel_size)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128, np.float32, np.float64])
@pytest.mark.parametrize("kw", [
    {},
    {"kernel_size": (17, 8)},
    {"kernel_size": [9, 40]},
    {"kernel_size": (np.int64(31), 1)},
    {"margin": 3.0},
    {"margin": (1.0, 5.0)},
    {"margin": [2, 1]},
    {"power": 1},
    {"power": 0.5},
    {"power": 4.5},
    {"power": np.inf},
    {"power": np.inf, "margin": 2.0},
    {"mask": True},
    {"mask": True, "margin": (2.0, 3.0)},
    {"mask": True, "power": np.inf},
])
def test_hpss_options(dtype, kw):
    compare_api("decompose", "hpss", spectrogram(dtype), **kw)


@pytest.mark.parametrize("channels", [(2,), (2, 2)])
@pytest.mark.parametrize("dtype", [np.complex64, np.float64])
def test_hpss_multichannel(channels, dtype):
    S = spectrogram(dtype, channels=channels, n=3000)
    compare_api("decompose", "hpss", S)
    compare_api("decompose", "hpss", S, kernel_size=(5, 12), margin=2.0, mask=True)
    H, P = fastrosa.decompose.hpss(S)
    for c in np.ndindex(*channels):  # channels are independent
        H1, P1 = fastrosa.decompose.hpss(S[c])
        np.testing.assert_array_equal(H[c], H1)
        np.testing.assert_array_equal(P[c], P1)


@pytest.mark.parametrize("how", ["F", "step", "T"])
def test_hpss_layouts(how):
    S = spectrogram(np.complex64)
    if how == "F":
        S = np.asfortranarray(S)
    elif how == "step":
        S = np.repeat(S, 2, axis=-1)[..., ::2]
    else:
        S = np.ascontiguousarray(S.T).T
    compare_api("decompose", "hpss", S)


@pytest.mark.parametrize("dtype", [np.complex64, np.float32])
def test_hpss_silence(dtype):
    S = np.zeros((33, 40), dtype=dtype)
    S[5:9, 10:12] = 1.0  # zeros in most windows: librosa's split_zeros path
    compare_api("decompose", "hpss", S)
    compare_api("decompose", "hpss", S, margin=2.0)
    compare_api("decompose", "hpss", S, mask=True)
    compare_api("decompose", "hpss", np.zeros((33, 40), dtype=dtype), mask=True)


@pytest.mark.parametrize("shape", [(1, 1), (1, 20), (20, 1), (5, 4), (3, 3, 4)])
@pytest.mark.parametrize("kernel_size", [1, 2, 3, 5, (3, 1)])
def test_hpss_small(shape, kernel_size):
    # windows within 4 line lengths (see the module docstring)
    S = np.abs(np.random.default_rng(sum(shape)).standard_normal(shape)).astype(np.float32)
    compare_api("decompose", "hpss", S, kernel_size=kernel_size)


@pytest.mark.parametrize("S", [np.ones((4, 5), dtype=np.float16), np.ones((4, 5), dtype=int),
                               np.ones(5, dtype=np.float32), np.zeros((0, 5), np.complex64)],
                         ids=["float16", "int", "1d", "empty"])
def test_hpss_other_inputs(S):
    compare_api("decompose", "hpss", S, kernel_size=3)


@pytest.mark.parametrize("kw", [
    {"margin": 0.5},
    {"margin": (1.0, 0.99)},
    {"margin": [0.0, 2.0]},
    {"power": 0},
    {"power": -1.0},
    {"kernel_size": 0},
    {"kernel_size": (3, 0)},
    {"kernel_size": -3},
    {"kernel_size": 0, "margin": 0.5},
])
def test_hpss_errors(kw):
    err = compare_api("decompose", "hpss", spectrogram(np.complex64, n=1000), **kw)
    assert isinstance(err, Exception)


def test_hpss_negative_real_input():
    S = np.abs(spectrogram(np.float32, n=1000))
    S[3:20, 4:40] = -1.0
    err = compare_api("decompose", "hpss", S, kernel_size=5)
    assert isinstance(err, fastrosa.ParameterError)
    S = np.ones((10, 12), dtype=np.float64)
    S[4, 4] = -1.0  # negative input, non-negative medians: librosa proceeds
    compare_api("decompose", "hpss", S, kernel_size=5)


def test_hpss_threads():
    S = spectrogram(np.complex64, n=20000)
    want = fastrosa.decompose.hpss(S)
    results = [None] * 8

    def run(i):
        results[i] = fastrosa.decompose.hpss(S)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got in results:
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)


# ---------------------------------------------------------------------------
# effects.hpss / harmonic / percussive
# ---------------------------------------------------------------------------
def first_seconds(path, mono=True, seconds=8):
    y = load(str(path), mono=mono)
    return y[..., : 22050 * seconds]


@pytest.mark.parametrize("path", MONO_FILES)
def test_effects_recordings(path):
    compare_api("effects", "hpss", first_seconds(path, seconds=6))


@pytest.mark.parametrize("path", STEREO_FILES)
def test_effects_recordings_stereo(path):
    compare_api("effects", "hpss", first_seconds(path, mono=False, seconds=4), margin=(1.0, 3.0))


@pytest.mark.parametrize("func", ["hpss", "harmonic", "percussive"])
@pytest.mark.parametrize("kw", [
    {},
    {"kernel_size": (11, 21), "margin": 2.0},
    {"power": np.inf},
    {"mask": True},
    {"n_fft": 1024, "hop_length": 256, "win_length": 512},
    {"n_fft": 511, "hop_length": 100},
    {"center": False},
    {"pad_mode": "reflect"},
    {"window": "hamming"},  # ignored by librosa.effects: both use Hann
    {"margin": 0.5},
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_effects_options(func, kw, dtype):
    rng = np.random.default_rng(5)
    t = np.arange(20000) / 22050
    y = (0.5 * np.sin(2 * np.pi * 330 * t) + 0.1 * rng.standard_normal(t.size)).astype(dtype)
    y[::3000] += 1
    compare_api("effects", func, y, **kw)


def test_effects_window_ignored():
    """librosa 0.11.0 does not pass ``window`` on to stft/istft: pinned."""
    y = np.random.default_rng(2).standard_normal(8000).astype(np.float32)
    a = fastrosa.effects.harmonic(y, window="hamming")
    b = fastrosa.effects.harmonic(y)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("channels", [(2,), (2, 2)])
def test_effects_multichannel(channels):
    y = np.random.default_rng(4).standard_normal(channels + (9000,)).astype(np.float32)
    compare_api("effects", "hpss", y)
    compare_api("effects", "percussive", y, margin=3.0)


@pytest.mark.parametrize("n", [0, 1, 100, 2047, 2048, 5000])
def test_effects_short(n):
    # 1 to 10 frames: kernels inside 4 frames' reach (see the module docstring)
    y = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    compare_api("effects", "hpss", y, kernel_size=(3, 31))


def test_public_names():
    import librosa.decompose
    import librosa.effects

    assert fastrosa.decompose.hpss.__name__ == librosa.decompose.hpss.__name__
    for name in fastrosa.effects.__all__:
        assert hasattr(librosa.effects, name)
    assert "softmask" in librosa.util.__all__ or hasattr(librosa.util, "softmask")


@pytest.mark.parametrize("name", ["fastrosa.decompose._hpss", "fastrosa.effects._hpss"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(name)
    with np.printoptions(legacy=False):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("length", [None, 30000, 1000])
def test_hpss_signals_fused(dtype, length):
    """The fused masks-and-inverse pass (the extractor's harmony/perceptr)
    equals hpss then istft of each output, bit for bit, for any thread count;
    and it is librosa's result within tolerance."""
    from fastrosa.decompose._hpss import hpss_signals

    rng = np.random.default_rng(3)
    y = (rng.standard_normal(30000) * np.linspace(0, 1, 30000)).astype(dtype)
    D = fastrosa.stft(y, pad_mode="reflect")
    H, P = fastrosa.decompose.hpss(D)
    want = [fastrosa.istft(X, hop_length=512, length=length) for X in (H, P)]
    before = fastrosa.get_num_threads()
    try:
        for threads in (1, 2, 3):
            fastrosa.set_num_threads(threads)
            got = hpss_signals(D, hop_length=512, length=length)
            for g, w in zip(got, want):
                assert g.dtype == w.dtype and np.array_equal(g, w)
    finally:
        fastrosa.set_num_threads(before)
    Hl, Pl = librosa.decompose.hpss(librosa.stft(y, pad_mode="reflect"))
    for g, X in zip(got, (Hl, Pl)):
        assert_close(g, librosa.istft(X, hop_length=512, length=length), dtype=dtype)
    # anything but stft's frame-major memory takes the separate calls
    for g, w in zip(hpss_signals(np.ascontiguousarray(D), hop_length=512, length=length), want):
        assert np.array_equal(g, w)
