"""fastrosa.util against librosa.util 0.11.0, called live."""

from __future__ import annotations

import librosa
import numpy as np
import pytest
from helpers import assert_close, assert_same_array, assert_same_error, signal
from hypothesis import given, settings
from hypothesis import strategies as st

import fastrosa
from fastrosa import util


def assert_same_outcome(fast, ref, err_msg=""):
    """Both return the same array, or both fail alike (ParameterError or numpy's ValueError)."""
    try:
        want = ref()
    except librosa.ParameterError:
        assert_same_error(fast, ref)
    except ValueError:
        assert_same_error(fast, ref, ValueError)
    else:
        assert_same_array(fast(), want, err_msg)


def test_public_names():
    assert util.MAX_MEM_BLOCK == librosa.util.MAX_MEM_BLOCK
    for name in util.utils.__all__:
        assert name in librosa.util.utils.__all__, name
        assert getattr(util, name) is getattr(util.utils, name)


# ---------------------------------------------------------------------------
# frame
# ---------------------------------------------------------------------------
def _layouts(n, channels, dtype):
    """The same signal as C-order, F-order and a non-contiguous (strided) view."""
    x = signal(n, dtype=dtype, channels=channels)
    yield "C", x
    yield "F", np.asfortranarray(x)
    yield "view", signal(2 * n, dtype=dtype, channels=channels)[..., ::2]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("channels", [(), (2,), (3, 2)])
@pytest.mark.parametrize("n", [1, 2, 7, 64, 513])
@pytest.mark.parametrize("frame_length, hop_length", [(1, 1), (2, 1), (5, 3), (64, 16), (7, 100)])
@pytest.mark.parametrize("axis", [-1, 0])
def test_frame(n, channels, dtype, frame_length, hop_length, axis):
    for layout, x in _layouts(n, channels, dtype):
        msg = f"{layout} n={n} ch={channels} fl={frame_length} hop={hop_length} axis={axis}"
        kw = dict(frame_length=frame_length, hop_length=hop_length, axis=axis)
        if x.shape[axis] < frame_length:
            assert_same_error(lambda: util.frame(x, **kw), lambda: librosa.util.frame(x, **kw))
            continue
        got, want = util.frame(x, **kw), librosa.util.frame(x, **kw)
        assert_same_array(got, want, msg)
        assert got.strides == want.strides, msg
        assert np.shares_memory(got, x) and not got.flags.writeable, msg


@pytest.mark.parametrize("axis", [-2, 1])
def test_frame_middle_axis(axis):
    x = signal(10, channels=(3, 9))
    kw = dict(frame_length=4, hop_length=2, axis=axis)
    assert_same_array(util.frame(x, **kw), librosa.util.frame(x, **kw))


def test_frame_writeable():
    x = np.arange(10.0)
    frames = util.frame(x, frame_length=4, hop_length=2, writeable=True)
    assert frames.flags.writeable
    frames[1, 0] = -1.0
    assert x[1] == -1.0
    with pytest.raises(ValueError):
        util.frame(x, frame_length=4, hop_length=2)[0, 0] = 5.0


def test_frame_subok():
    x = np.ma.masked_array(np.arange(8.0))
    assert type(util.frame(x, frame_length=2, hop_length=1, subok=True)) is np.ma.MaskedArray
    assert type(util.frame(x, frame_length=2, hop_length=1)) is np.ndarray


@pytest.mark.parametrize(
    "n, frame_length, hop_length", [(0, 1, 1), (3, 4, 1), (10, 4, 0), (10, 4, -2)]
)
def test_frame_errors(n, frame_length, hop_length):
    x = np.zeros(n)
    kw = dict(frame_length=frame_length, hop_length=hop_length)
    assert_same_error(lambda: util.frame(x, **kw), lambda: librosa.util.frame(x, **kw))


@settings(max_examples=200, deadline=None)
@given(
    shape=st.lists(st.integers(0, 12), min_size=1, max_size=3),
    frame_length=st.integers(1, 12),
    hop_length=st.integers(-1, 12),
    axis=st.sampled_from([-1, 0]),
)
def test_frame_hypothesis(shape, frame_length, hop_length, axis):
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    kw = dict(frame_length=frame_length, hop_length=hop_length, axis=axis)
    assert_same_outcome(lambda: util.frame(x, **kw), lambda: librosa.util.frame(x, **kw), str(kw))


# ---------------------------------------------------------------------------
# pad_center, fix_length, expand_to
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16])
@pytest.mark.parametrize(
    "shape, axis", [((0,), -1), ((1,), 0), ((5,), -1), ((3, 6), 0), ((3, 6), -1), ((2, 3, 4), 1)]
)
@pytest.mark.parametrize("extra", [0, 1, 2, 7])
@pytest.mark.parametrize("mode", [None, "edge", "reflect"])
def test_pad_center(dtype, shape, axis, extra, mode):
    x = signal(shape[-1], channels=shape[:-1]).astype(dtype)
    kw = dict(size=shape[axis] + extra, axis=axis)
    if mode is not None:
        kw["mode"] = mode
    # numpy itself rejects e.g. reflect-padding an empty axis: both must fail alike
    assert_same_outcome(
        lambda: util.pad_center(x, **kw), lambda: librosa.util.pad_center(x, **kw), str(kw)
    )


def test_pad_center_constant_values():
    x = np.ones(3)
    got = util.pad_center(x, size=6, constant_values=9)
    np.testing.assert_array_equal(got, [9, 1, 1, 1, 9, 9])
    assert_same_array(got, librosa.util.pad_center(x, size=6, constant_values=9))


def test_pad_center_too_small():
    x = np.zeros((2, 5))
    assert_same_error(
        lambda: util.pad_center(x, size=4), lambda: librosa.util.pad_center(x, size=4)
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "shape, axis", [((0,), -1), ((1,), 0), ((7,), -1), ((3, 6), 0), ((3, 6), 1), ((2, 3, 4), -2)]
)
@pytest.mark.parametrize("delta", [-7, -1, 0, 1, 5])
def test_fix_length(dtype, shape, axis, delta):
    x = signal(shape[-1], dtype=dtype, channels=shape[:-1])
    size = max(0, shape[axis] + delta)
    kw = dict(size=size, axis=axis)
    got = util.fix_length(x, **kw)
    assert_same_array(got, librosa.util.fix_length(x, **kw), str(kw))
    assert got.shape[axis] == size
    kw["mode"] = "wrap"  # numpy cannot wrap-pad an empty axis: both must fail alike
    assert_same_outcome(
        lambda: util.fix_length(x, **kw), lambda: librosa.util.fix_length(x, **kw), str(kw)
    )


def test_fix_length_returns_input_or_view():
    x = np.arange(6.0)
    assert util.fix_length(x, size=6) is x
    assert np.shares_memory(util.fix_length(x, size=3), x)


@settings(max_examples=200, deadline=None)
@given(
    shape=st.lists(st.integers(1, 9), min_size=1, max_size=3),
    size=st.integers(0, 20),
    axis=st.integers(-3, 2),
    mode=st.sampled_from(["constant", "edge", "reflect", "symmetric"]),
)
def test_fix_length_pad_center_hypothesis(shape, size, axis, mode):
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    if not -x.ndim <= axis < x.ndim:
        axis = axis % x.ndim
    for name in ("fix_length", "pad_center"):
        ours, theirs = getattr(util, name), getattr(librosa.util, name)
        kw = dict(size=size, axis=axis, mode=mode)
        assert_same_outcome(lambda: ours(x, **kw), lambda: theirs(x, **kw), f"{name} {kw}")


@pytest.mark.parametrize(
    "shape, ndim, axes",
    [
        ((3,), 2, 0),
        ((3,), 2, 1),
        ((3,), 3, -1),
        ((3, 4), 4, [1, 2]),
        ((3, 4), 2, (0, 1)),
        ((), 2, []),
    ],
)
def test_expand_to(shape, ndim, axes):
    x = np.arange(int(np.prod(shape))).reshape(shape)
    assert_same_array(
        util.expand_to(x, ndim=ndim, axes=axes), librosa.util.expand_to(x, ndim=ndim, axes=axes)
    )


@pytest.mark.parametrize(
    "shape, ndim, axes", [((3, 4), 3, 0), ((3,), 2, [0, 1]), ((3, 4), 1, [0, 1])]
)
def test_expand_to_errors(shape, ndim, axes):
    x = np.zeros(shape)
    assert_same_error(
        lambda: util.expand_to(x, ndim=ndim, axes=axes),
        lambda: librosa.util.expand_to(x, ndim=ndim, axes=axes),
    )


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "y",
    [np.zeros(1), np.zeros((2, 5), np.float32), np.zeros((3, 2, 4), np.float16), np.zeros(0)],
    ids=["f64", "f32-2d", "f16-3d", "empty"],
)
def test_valid_audio(y):
    assert util.valid_audio(y) is True
    assert librosa.util.valid_audio(y) is True


@pytest.mark.parametrize(
    "y",
    [
        [0.0, 1.0],
        np.arange(4),
        np.zeros(3, complex),
        np.float64(1.0) * np.ones(()),
        np.array([0.0, np.nan]),
        np.array([[np.inf]]),
    ],
    ids=["list", "int", "complex", "0d", "nan", "inf"],
)
def test_valid_audio_errors(y):
    assert_same_error(lambda: util.valid_audio(y), lambda: librosa.util.valid_audio(y))


@pytest.mark.parametrize("x", [3.7, -3.7, 2, np.float32(5.5), np.int64(4)])
@pytest.mark.parametrize("cast", [None, np.ceil, round, int])
def test_valid_int(x, cast):
    got = util.valid_int(x, cast=cast)
    assert type(got) is int and got == librosa.util.valid_int(x, cast=cast)


def test_valid_int_error():
    assert_same_error(
        lambda: util.valid_int(3.0, cast=5), lambda: librosa.util.valid_int(3.0, cast=5)
    )


@pytest.mark.parametrize("x", [1, 7, 0, -2, np.int8(3), np.uint16(0), 1.0, 2.5, None, "3", True])
def test_is_positive_int(x):
    assert util.is_positive_int(x) is librosa.util.is_positive_int(x)


# ---------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------
def _normalize_input(dtype):
    """A matrix with a zero column, a tiny column, a negative row and a regular block."""
    S = signal(6, dtype=np.float64, channels=(5,)) * 3
    S[:, 1] = 0.0
    S[:, 4] = 1e-40
    if np.dtype(dtype).kind == "c":
        S = S + 1j * signal(6, channels=(5,), seed=1)
    return S.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128])
@pytest.mark.parametrize("norm", [np.inf, -np.inf, 0, 1, 2, 0.5, 3.0, np.int64(2), None])
@pytest.mark.parametrize("axis", [0, 1, -1, None])
@pytest.mark.parametrize("threshold", [None, 1e-3, 2.5])
@pytest.mark.parametrize("fill", [None, False, True])
def test_normalize(dtype, norm, axis, threshold, fill):
    S = _normalize_input(dtype)
    kw = dict(norm=norm, axis=axis, threshold=threshold, fill=fill)
    if fill is True and norm == 0:
        assert_same_error(lambda: util.normalize(S, **kw), lambda: librosa.util.normalize(S, **kw))
        return
    got = util.normalize(S, **kw)  # must not warn (filterwarnings=error)
    with np.errstate(invalid="ignore"):  # librosa warns on its nan-divide for complex S
        want = librosa.util.normalize(S, **kw)
    assert_close(got, want, err_msg=str(kw))


def test_normalize_none_returns_input():
    S = _normalize_input(np.float64)
    assert util.normalize(S, norm=None) is S


@pytest.mark.parametrize(
    "S, kw",
    [
        (np.ones(3), dict(threshold=0)),
        (np.ones(3), dict(threshold=-1.0)),
        (np.ones(3), dict(fill="yes")),
        (np.array([1.0, np.nan]), {}),
        (np.array([1.0, np.inf]), {}),
        (np.ones(3), dict(norm=-1)),
        (np.ones(3), dict(norm="fro")),
        (np.ones(3), dict(norm=0, fill=True)),
    ],
)
def test_normalize_errors(S, kw):
    assert_same_error(lambda: util.normalize(S, **kw), lambda: librosa.util.normalize(S, **kw))


# ---------------------------------------------------------------------------
# tiny and dtype maps
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "x",
    [
        1.0,
        1j,
        5,
        np.float16(1),
        np.float32(1),
        np.ones(3, np.float32),
        np.ones(2, np.complex64),
        np.ones(2, np.int8),
        np.longdouble(1),
    ],
)
def test_tiny(x):
    got, want = util.tiny(x), librosa.util.tiny(x)
    assert type(got) is type(want) and got == want


DTYPES = [
    np.float16,
    np.float32,
    np.float64,
    float,
    complex,
    np.complex64,
    np.complex128,
    np.int16,
    np.int64,
    bool,
    np.longdouble,
]


@pytest.mark.parametrize("d", DTYPES)
@pytest.mark.parametrize("default", ["unset", np.complex128, np.float64, None])
def test_dtype_maps(d, default):
    for name in ("dtype_r2c", "dtype_c2r"):
        kw = {} if default == "unset" else dict(default=default)
        got, want = getattr(util, name)(d, **kw), getattr(librosa.util, name)(d, **kw)
        assert got == want and type(got) is type(want), (name, d, default)
