"""fastrosa.feature.utils.delta against librosa 0.11.0 (scipy's savgol_filter), called live.

Away from the edges of ``mode='interp'`` the NumPy Savitzky-Golay filter is
expected to agree with scipy's to rounding.  The interp edges come from a
least-squares polynomial fit, and scipy solves it in the input's precision
(single-precision LAPACK for float32) where NumPy solves in double: there the
error of the reference itself is relative to the *input's* magnitude, not the
output's (the delta of a near-polynomial signal is tiny, the rounding in the
fit is not).  `compare` therefore scales the float32/float64 tolerance from
helpers.py by max(|delta|, |data|) for interp only, by comparing the result
together with the input.
"""

from __future__ import annotations

import warnings

import librosa
import numpy as np
import pytest
from helpers import assert_close, assert_same_error, signal
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fastrosa
from fastrosa.feature.utils import delta

MODES = ["interp", "mirror", "constant", "nearest", "wrap"]


def _run(func, data, kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(data, **kwargs)
    return out, [(w.category, str(w.message)) for w in caught]


def compare(data, **kwargs):
    got, got_w = _run(delta, data, kwargs)
    want, want_w = _run(librosa.feature.delta, data, kwargs)
    msg = f"delta(shape={np.shape(data)}, dtype={getattr(data, 'dtype', type(data))}, {kwargs})"
    assert isinstance(got, np.ndarray), msg
    assert got.shape == want.shape and got.dtype == want.dtype, msg
    assert got_w == want_w, msg
    if kwargs.get("mode", "interp") == "interp" and got.size:
        # see the module docstring: the edge fit's rounding scales with the input
        ref_in = np.asarray(data, dtype=want.dtype).ravel()
        assert_close(
            np.concatenate([got.ravel(), ref_in]),
            np.concatenate([want.ravel(), ref_in]),
            err_msg=msg,
        )
    else:
        assert_close(got, want, err_msg=msg)
    return got


def test_exported():
    assert fastrosa.feature.utils.__all__ == ["delta", "stack_memory"]
    assert fastrosa.feature.utils.delta is delta


# ---------------------------------------------------------------------------
# The parameter sweep
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [3, 5, 7, 9, 11])
@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_delta_1d(width, order, mode, dtype):
    y = signal(64, dtype=dtype, seed=width * 10 + order)
    if order >= width:
        # polyorder must be less than window_length: scipy's ValueError in
        # librosa, a ParameterError naming both arguments in fastrosa
        with pytest.raises(ValueError, match="polyorder must be less than window_length"):
            librosa.feature.delta(y, width=width, order=order, mode=mode)
        with pytest.raises(fastrosa.ParameterError, match=f"order={order} must be less than width={width}"):
            delta(y, width=width, order=order, mode=mode)
        return
    compare(y, width=width, order=order, mode=mode)


@pytest.mark.parametrize("width", [3, 9, 11])
@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "shape, axis",
    [
        ((13, 40), -1),
        ((13, 40), 1),
        ((40, 13), 0),
        ((40, 13), -2),
        ((3, 20, 6), 1),
        ((2, 5, 30), -1),
        ((2, 5, 30), 2),
        ((30, 2, 3), 0),
    ],
)
def test_delta_nd(width, order, mode, dtype, shape, axis):
    x = signal(int(np.prod(shape)), dtype=dtype, seed=sum(shape) + width).reshape(shape)
    compare(x, width=width, order=order, mode=mode, axis=axis)


@pytest.mark.parametrize("mode", MODES)
def test_delta_layouts(mode):
    x = signal(600, dtype=np.float32, seed=3).reshape(20, 30)
    compare(np.asfortranarray(x), mode=mode)
    compare(x[::2, ::3], width=5, mode=mode)
    compare(x[:, ::-1], width=3, mode=mode, axis=0)
    compare(x.T, mode=mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n", [3, 4, 8, 9, 10])
@pytest.mark.parametrize("width", [3, 9])
def test_delta_short(mode, n, width):
    x = signal(2 * n, dtype=np.float64, seed=n).reshape(2, n)
    kw = dict(width=width, mode=mode)
    if mode == "interp" and width > n:
        assert_same_error(lambda: delta(x, **kw), lambda: librosa.feature.delta(x, **kw))
    else:
        compare(x, **kw)


@pytest.mark.parametrize("mode", ["mirror", "constant", "nearest", "wrap"])
@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("width", [3, 9, 11])
def test_delta_shorter_than_window(mode, n, width):
    # every output sample draws on the padding, reflected/wrapped more than once
    compare(signal(3 * n, seed=n).reshape(3, n), width=width, mode=mode)


@pytest.mark.parametrize("mode", ["mirror", "constant", "nearest", "wrap"])
@pytest.mark.parametrize("shape, axis", [((0,), -1), ((0, 5), -1), ((5, 0), -1), ((0, 5), 0)])
def test_delta_empty(mode, shape, axis):
    compare(np.zeros(shape, dtype=np.float32), mode=mode, axis=axis, width=3)


def test_delta_empty_batch_interp():
    # Not librosa's behaviour: scipy's LAPACK call fails on zero right-hand sides
    # ("illegal value in 4-th argument"); fastrosa returns the empty result.
    x = np.zeros((0, 12), dtype=np.float32)
    out = delta(x, width=5)
    assert out.shape == (0, 12) and out.dtype == np.float32


def test_delta_defaults():
    x = signal(200, dtype=np.float32, seed=9).reshape(4, 50)
    compare(x)
    got = delta(x)
    assert got.dtype == np.float32 and got.shape == (4, 50)


@pytest.mark.parametrize(
    "data",
    [
        np.arange(20),  # int -> float64
        np.arange(20, dtype=np.int16).reshape(2, 10),
        np.linspace(0, 1, 15, dtype=np.float16),
        [1.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0, 64.0, 81.0, 100.0],  # a list
        np.array([True, False] * 6),
    ],
    ids=["int64", "int16", "float16", "list", "bool"],
)
@pytest.mark.parametrize("mode", MODES)
def test_delta_input_types(data, mode):
    compare(data, mode=mode, width=3)


def test_delta_complex_warns_as_librosa():
    # the complex input is cast to float64 with NumPy's ComplexWarning, in both
    x = signal(20, dtype=np.float64, seed=1) * (1 + 1j)
    compare(x, width=5, mode="nearest")


def test_delta_scalar():
    for mode in ["mirror", "nearest"]:
        compare(3.5, width=3, mode=mode)
    assert_same_error(lambda: delta(3.5, width=3), lambda: librosa.feature.delta(3.5, width=3))


# ---------------------------------------------------------------------------
# Keyword arguments passed on to savgol_filter
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(width=7, order=1, polyorder=3),
        dict(width=9, order=2, polyorder=4),
        dict(width=9, order=1, polyorder=0),  # deriv > polyorder: zeros
        dict(width=5, order=3, polyorder=2),
        dict(width=7, order=1, delta=0.5),
        dict(width=7, order=2, delta=2.0),
        dict(width=9, order=1, deriv=5),  # deriv is dropped
        dict(width=9, order=1, cval=2.5),
    ],
)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_delta_kwargs(kwargs, mode, dtype):
    x = signal(120, dtype=dtype, seed=5).reshape(3, 40)
    compare(x, mode=mode, **kwargs)


def test_delta_numpy_integers():
    x = signal(60, seed=2).reshape(3, 20)
    compare(x, width=np.int64(5), order=np.int32(2))
    compare(x, width=5, order=True)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

X = signal(60, seed=4).reshape(3, 20)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(width=21),  # interp, width > n
        dict(width=21, order=0),  # the interp check comes first
        dict(width=1),
        dict(width=2),
        dict(width=4, mode="nearest"),
        dict(width=-3, mode="wrap"),
        dict(width=10),
        dict(order=0),
        dict(order=-1),
        dict(order=1.0),
        dict(order=2.5, mode="mirror"),
        dict(width=4, order=0),  # width is checked before order
    ],
)
def test_delta_parameter_errors(kwargs):
    assert_same_error(lambda: delta(X, **kwargs), lambda: librosa.feature.delta(X, **kwargs))


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        (dict(mode="reflect"), ValueError),
        (dict(mode="Interp"), ValueError),
        (dict(width=3, order=3), ValueError),
        (dict(width=5, polyorder=5, mode="nearest"), ValueError),
        (dict(width=5, polyorder=7), ValueError),
        (dict(foo=1), TypeError),
        (dict(axis=2), IndexError),  # interp reads data.shape[axis] first
        (dict(axis=-3), IndexError),
        (dict(axis=2, mode="nearest"), np.exceptions.AxisError),
        (dict(axis=-3, mode="constant"), np.exceptions.AxisError),
    ],
)
def test_delta_other_errors(kwargs, exc):
    assert_same_error(lambda: delta(X, **kwargs), lambda: librosa.feature.delta(X, **kwargs), exc)


# ---------------------------------------------------------------------------
# Analytic cases
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["interp", "nearest", "mirror"])
def test_delta_of_polynomials(mode):
    t = np.arange(30, dtype=np.float64)
    # the first derivative of a line, the second of a parabola: exact in the interior
    np.testing.assert_allclose(delta(3 * t + 1, width=5, mode=mode)[5:-5], 3.0, rtol=1e-12)
    np.testing.assert_allclose(delta(t**2, width=7, order=2, mode=mode)[5:-5], 2.0, rtol=1e-10)
    # interp fits the edges with a polynomial of degree polyorder too
    np.testing.assert_allclose(
        delta(t**2, width=5, order=1, polyorder=2), 2 * t, rtol=1e-10, atol=1e-10
    )
    np.testing.assert_allclose(delta(t**3, width=7, order=3), 6.0, rtol=1e-8)


# ---------------------------------------------------------------------------
# Property test: shapes, axes and parameters drawn by hypothesis
# ---------------------------------------------------------------------------


@st.composite
def delta_cases(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    ndim = draw(st.integers(1, 3))
    shape = draw(hnp.array_shapes(min_dims=ndim, max_dims=ndim, min_side=1, max_side=24))
    elements = st.floats(-1e3, 1e3, width=32, allow_nan=False, allow_infinity=False)
    data = draw(hnp.arrays(dtype, shape, elements=elements))
    axis = draw(st.integers(-ndim, ndim - 1))
    width = draw(st.sampled_from([3, 5, 7, 9, 11]))
    order = draw(st.integers(1, 3))
    mode = draw(st.sampled_from(MODES))
    return data, dict(width=width, order=order, axis=axis, mode=mode)


@settings(max_examples=300, deadline=None)
@given(delta_cases())
def test_delta_property(case):
    data, kwargs = case
    try:
        librosa.feature.delta(data, **kwargs)
    except (librosa.ParameterError, ValueError):
        assume(False)
    compare(data, **kwargs)


@settings(max_examples=100, deadline=None)
@given(delta_cases())
def test_delta_property_errors(case):
    # whenever librosa refuses the parameters, fastrosa refuses them in the same words
    data, kwargs = case
    kwargs["width"] = data.shape[kwargs["axis"]] + 2 * (kwargs["width"] // 2) - 1
    try:
        librosa.feature.delta(data, **kwargs)
    except librosa.ParameterError:
        exc = fastrosa.ParameterError
    except ValueError:
        exc = ValueError
    else:
        assume(False)
    assert_same_error(
        lambda: delta(data, **kwargs), lambda: librosa.feature.delta(data, **kwargs), exc
    )
