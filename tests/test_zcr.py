"""fastrosa.feature.zero_crossing_rate / zero_crossings against librosa 0.11.0: exactly equal."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import MONO_FILES, compare_api, layout, load, signal

import fastrosa

DTYPES = [np.float32, np.float64]


# the two functions by their names in the tests' parameters
ZCR = {"zcr": ("feature", "zero_crossing_rate"), "zero_crossings": ("", "zero_crossings")}


def zsig(n, dtype=np.float32, channels=(), seed=0):
    """Rounded noise: many exact zeros, half of them -0.0."""
    return np.round(0.8 * signal(n, np.float64, channels=channels, seed=seed)).astype(dtype)


# Values on and either side of the thresholds used below (0.3, 0.6 = 0.3 * 2, 1e-10), and +-0.
EDGES = [0.0, -0.0, 1e-10, -1e-10, 1e-9, 0.3, -0.3, 0.29, -0.31, 0.6, -0.6, 0.61, -0.59, 1.0, -1.0]


def edge_signal(n, dtype, channels=(), seed=0):
    return np.random.default_rng(seed).choice(EDGES, size=channels + (n,)).astype(dtype)


# ---------------------------------------------------------------------------
# zero_crossing_rate
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("n", [1, 5, 300, 2047, 4001])
@pytest.mark.parametrize("hop_length", [1, 3, 512, 5000])
@pytest.mark.parametrize("frame_length", [1, 2, 7, 511, 2048])
def test_zcr_sizes(frame_length, hop_length, n, center, dtype):
    compare_api(
        "feature",
        "zero_crossing_rate",
        zsig(n, dtype, seed=n),
        frame_length=frame_length,
        hop_length=hop_length,
        center=center,
        exact=True,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("zero_pos", [True, False])
@pytest.mark.parametrize("pad", [True, False])
@pytest.mark.parametrize("ref_magnitude", [None, 2.0, np.max])
@pytest.mark.parametrize("threshold", [0, 1e-10, 0.3, -0.5])
@pytest.mark.parametrize("name", ["zcr", "zero_crossings"])
def test_kwargs(name, threshold, ref_magnitude, pad, zero_pos, dtype):
    y = edge_signal(3000, dtype, seed=1)
    kw = dict(threshold=threshold, ref_magnitude=ref_magnitude, pad=pad, zero_pos=zero_pos)
    if name == "zcr":
        kw.update(frame_length=64, hop_length=16)
    compare_api(*ZCR[name], y, **kw, exact=True)


def test_zcr_unknown_kwarg():
    compare_api("feature", "zero_crossing_rate", zsig(3000), axis=0, exact=True)  # overridden by zero_crossing_rate, as in librosa
    assert isinstance(compare_api("feature", "zero_crossing_rate", zsig(3000), thresh=0.1, exact=True), TypeError)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("how", ["C", "F", "step", "T"])
@pytest.mark.parametrize("channels", [(2,), (3,), (2, 2)])
def test_zcr_channels(channels, how, dtype):
    y = layout(zsig(5000, dtype, channels=channels, seed=len(channels)), how)
    z = compare_api("feature", "zero_crossing_rate", y, err_msg=how, frame_length=1024, hop_length=300, exact=True)
    assert z.shape == channels + (1, 17)


BAD_ZCR = {
    "nan": (np.array([0.1, np.nan, -0.2] * 1000), {}),
    "inf": (np.array([0.1, -np.inf, -0.2] * 1000, dtype=np.float32), {}),
    "empty centred": (np.zeros(0, np.float32), {}),
    "empty": (np.zeros(0, np.float32), {"center": False}),
    "short uncentred": (zsig(100), {"center": False}),
    "int16": (np.arange(3000, dtype=np.int16), {}),
    "int64": (np.arange(3000), {}),
    "0-d": (np.array(0.5), {}),
    "list": ([0.5, -0.5] * 2000, {}),
    "hop=0": (zsig(3000), {"hop_length": 0}),
    "hop=-1": (zsig(3000), {"hop_length": -1}),
}


@pytest.mark.parametrize("case", list(BAD_ZCR))
def test_zcr_bad_input(case):
    y, kw = BAD_ZCR[case]
    assert isinstance(
        compare_api("feature", "zero_crossing_rate", y, err_msg=case, **kw, exact=True), Exception
    ), f"{case}: librosa did not raise"


@pytest.mark.parametrize("frame_length", [0, -1])
def test_zcr_bad_frame_length(frame_length):
    """librosa fails inside numpy (IndexError or ValueError); fastrosa says what is wrong."""
    y = zsig(3000)
    with pytest.raises((IndexError, ValueError)):
        librosa.feature.zero_crossing_rate(y, frame_length=frame_length)
    with pytest.raises(fastrosa.ParameterError, match="frame_length"):
        fastrosa.feature.zero_crossing_rate(y, frame_length=frame_length)


def test_zero_crossings_accepts_lists():
    """librosa needs an ndarray (AttributeError on a list); fastrosa converts, like np.asarray."""
    y = [1.0, -1.0, 2.0, 0.0, -3.0]
    with pytest.raises(AttributeError):
        librosa.zero_crossings(y)
    np.testing.assert_array_equal(fastrosa.zero_crossings(y), librosa.zero_crossings(np.asarray(y)))


@pytest.mark.parametrize("hop_length, counts", [(50, [39]), (25, [39, 40])])
def test_zcr_square_wave(hop_length, counts):
    """A square wave of period 100 changes sign every 50 samples: a 2000-sample frame that
    starts on a sign change sees 39 more, one that starts between changes sees 40."""
    y = np.where((np.arange(20000) // 50) % 2 == 0, 1.0, -1.0)
    z = fastrosa.feature.zero_crossing_rate(
        y, frame_length=2000, hop_length=hop_length, center=False
    )
    want = np.resize(np.array(counts) / 2000, z.shape[-1])[np.newaxis]
    np.testing.assert_array_equal(z, want)
    assert z.dtype == np.float64


@pytest.mark.audio
@pytest.mark.parametrize("path", MONO_FILES)
def test_recording(path):
    y = load(path)
    compare_api("feature", "zero_crossing_rate", y, err_msg=path.name, exact=True)
    compare_api("feature", "zero_crossing_rate", y, err_msg=path.name, frame_length=1023, hop_length=256, center=False, exact=True)
    compare_api("", "zero_crossings", y, err_msg=path.name, exact=True)


# ---------------------------------------------------------------------------
# zero_crossings
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "shape, axis",
    [
        ((1,), -1),
        ((700,), 0),
        ((3, 500), -1),
        ((500, 3), 0),
        ((500, 3), 1),
        ((2, 400, 3), 1),
        ((2, 3, 400), -1),
    ],
)
def test_zero_crossings_axes(shape, axis, dtype):
    y = zsig(int(np.prod(shape)), dtype).reshape(shape)
    for how in ["C", "F", "step"]:
        compare_api("", "zero_crossings", layout(y, how), err_msg=how, axis=axis, exact=True)


@pytest.mark.parametrize("zero_pos", [True, False])
@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_crossings_nan(dtype, zero_pos):
    y = zsig(1000, dtype)
    y[[3, 10, 11, 500]] = [np.nan, -np.nan, np.nan, -np.nan]
    y[12] = np.copysign(np.nan, -1)
    # librosa's numba kernel raises the FP 'invalid' flag on NaN comparisons (a RuntimeWarning
    # from numpy's error state, not a warning of librosa's own); fastrosa need not mimic it.
    z = compare_api("", "zero_crossings", y, ref_errstate={"invalid": "ignore"}, zero_pos=zero_pos, exact=True)
    assert z.sum() > 0


@pytest.mark.parametrize(
    "dtype", [np.int16, np.int32, np.int64, np.uint8, np.bool_, np.float16, np.complex64]
)
def test_zero_crossings_other_dtypes(dtype):
    y = (
        np.round(3 * signal(2000, np.float64)) + (1 if dtype in (np.uint8, np.bool_) else 0)
    ).astype(dtype)
    compare_api("", "zero_crossings", y, exact=True)


ZC_EDGES = {  # y, kwargs: whatever librosa does (return or raise), fastrosa does alike
    "empty": (np.zeros(0, np.float32), {}),
    "0-d": (np.array(0.5), {}),
    "(2, 0)": (np.zeros((2, 0)), {}),
    "(0, 3)": (np.zeros((0, 3)), {}),
    "(0, 3) axis=0": (np.zeros((0, 3)), {"axis": 0}),
    "length 1": (np.array([-0.0], np.float32), {"pad": False}),
}


@pytest.mark.parametrize("case", list(ZC_EDGES))
def test_zero_crossings_edges(case):
    y, kw = ZC_EDGES[case]
    compare_api("", "zero_crossings", y, err_msg=case, **kw, exact=True)
