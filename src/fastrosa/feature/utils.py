"""Feature manipulation utilities (librosa.feature.utils equivalents).

Adapted from librosa (ISC licence).  librosa's `delta` calls
`scipy.signal.savgol_filter`; here the Savitzky-Golay filter is re-derived in
NumPy, following scipy step for step (``savgol_coeffs``, ``ndimage.convolve1d``
and the polynomial fit of the edges for ``mode='interp'``), so importing or
calling fastrosa never imports scipy.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ..util.exceptions import ParameterError

try:  # NumPy >= 2
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover - NumPy 1.x
    from numpy.core.multiarray import normalize_axis_index  # type: ignore[no-redef]

__all__ = ["delta", "stack_memory"]


def delta(
    data: np.ndarray,
    *,
    width: int = 9,
    order: int = 1,
    axis: int = -1,
    mode: str = "interp",
    **kwargs: Any,
) -> np.ndarray:
    r"""Compute delta features: a local estimate of the derivative of ``data`` along ``axis``.

    Delta features are computed by Savitzky-Golay filtering.

    Parameters
    ----------
    data : np.ndarray
        The input data matrix (e.g. a spectrogram).
    width : int, positive, odd [scalar]
        Number of frames over which to compute the delta features.
        Cannot exceed the length of ``data`` along ``axis`` when ``mode='interp'``.
    order : int > 0 [scalar]
        The order of the difference operator: 1 for first derivative, 2 for second, etc.
    axis : int [scalar]
        The axis along which to compute deltas (default: the last one, time).
    mode : str, {'interp', 'nearest', 'mirror', 'constant', 'wrap'}
        Padding mode for estimating differences at the boundaries.
    **kwargs : additional keyword arguments
        See `scipy.signal.savgol_filter` (``polyorder`` defaults to ``order``;
        ``delta`` and ``cval`` are accepted too; ``deriv`` is ignored).

    Returns
    -------
    delta_data : np.ndarray [shape=(..., t)]
        Delta matrix of ``data`` at the specified order (float32 for float32
        input, float64 otherwise).

    Raises
    ------
    ParameterError
        If ``mode='interp'`` and ``width`` exceeds ``data.shape[axis]``, if
        ``width`` is not an odd integer >= 3, or ``order`` not a positive integer.
    ValueError
        As `scipy.signal.savgol_filter`: an unknown ``mode``, or
        ``polyorder >= width``.

    Notes
    -----
    This function does not cache at level 40 as librosa's does: fastrosa has
    no joblib cache.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> x = np.arange(8.0) ** 2
    >>> fastrosa.feature.utils.delta(x, width=3)  # a line fitted at each edge
    array([ 2.,  2.,  4.,  6.,  8., 10., 12., 12.])
    >>> fastrosa.feature.utils.delta(x, width=5, order=2)
    array([2., 2., 2., 2., 2., 2., 2., 2.])
    """
    data = np.atleast_1d(data)

    if mode == "interp" and width > data.shape[axis]:
        raise ParameterError(
            f"when mode='interp', width={width} "
            f"cannot exceed data.shape[axis]={data.shape[axis]}"
        )

    if width < 3 or np.mod(width, 2) != 1:
        raise ParameterError("width must be an odd integer >= 3")

    if order <= 0 or not isinstance(order, (int, np.integer)):
        raise ParameterError("order must be a positive integer")

    if order >= width:
        raise ParameterError(f"order={order} must be less than width={width}: the "
                             "Savitzky-Golay polynomial has degree order over width points")

    kwargs.pop("deriv", None)
    kwargs.setdefault("polyorder", order)
    return savgol_filter(data, width, deriv=order, axis=axis, mode=mode, **kwargs)


# ---------------------------------------------------------------------------
# scipy.signal.savgol_filter, in NumPy.  The function keeps scipy's name and
# signature so that a stray keyword raises the same TypeError as in librosa.
# ---------------------------------------------------------------------------

_PAD_MODE = {"mirror": "reflect", "nearest": "edge", "wrap": "wrap", "constant": "constant"}


def _savgol_coeffs(window_length: int, polyorder: int, deriv: int, delta: float) -> np.ndarray:
    """scipy.signal.savgol_coeffs(..., use='conv') for an odd window, as float64."""
    if polyorder >= window_length:
        raise ValueError("polyorder must be less than window_length.")

    pos = window_length // 2

    if deriv > polyorder:
        return np.zeros(window_length, dtype=np.float64)

    # The design matrix: powers 0..polyorder of the sample offsets, reversed
    # so that the result can be used in a convolution.
    x = np.arange(-pos, window_length - pos, dtype=np.float64)[::-1]
    order = np.arange(polyorder + 1, dtype=np.float64).reshape(-1, 1)
    A = x**order

    # The least-squares solution of A c = y picks out the deriv-th derivative
    # at the centre, scaled for the sample spacing.
    y = np.zeros(polyorder + 1, dtype=np.float64)
    fact = float(math.factorial(deriv)) if deriv < 171 else np.inf
    y[deriv] = fact / (delta**deriv)

    rcond = np.finfo(A.dtype).eps * max(A.shape)
    coeffs, _, _, _ = np.linalg.lstsq(A, y, rcond=rcond)
    return coeffs


def _correlate_last(xp: np.ndarray, weights: np.ndarray, length: int) -> np.ndarray:
    """``out[..., i] = sum_k weights[k] * xp[..., i + k]`` for an odd filter, in float64.

    The summation order is that of scipy.ndimage's ``NI_Correlate1D``, which
    folds symmetric and anti-symmetric filters (the Savitzky-Golay filters of
    even and odd derivatives) around their centre.
    """
    size1 = len(weights) // 2
    fw = weights
    c = size1  # index of the centre tap

    def tap(j: int) -> np.ndarray:
        # the input sample j positions from the centre, for every output
        return xp[..., c + j : c + j + length]

    eps = np.finfo(np.float64).eps
    symmetric = 1
    for ii in range(1, size1 + 1):
        if abs(fw[c + ii] - fw[c - ii]) > eps:
            symmetric = 0
            break
    if symmetric == 0:
        symmetric = -1
        for ii in range(1, size1 + 1):
            if abs(fw[c + ii] + fw[c - ii]) > eps:
                symmetric = 0
                break

    if symmetric > 0:
        out = tap(0) * fw[c]
        for jj in range(-size1, 0):
            out += (tap(jj) + tap(-jj)) * fw[c + jj]
    elif symmetric < 0:
        out = tap(0) * fw[c]
        for jj in range(-size1, 0):
            out += (tap(jj) - tap(-jj)) * fw[c + jj]
    else:
        size2 = len(fw) - size1 - 1
        out = tap(size2) * fw[c + size2]
        for jj in range(-size1, size2):
            out += tap(jj) * fw[c + jj]
    return out


def _convolve1d(x: np.ndarray, coeffs: np.ndarray, axis: int, mode: str, cval: float) -> np.ndarray:
    """scipy.ndimage.convolve1d(x, coeffs, axis, mode=mode, cval=cval) for an odd filter."""
    # convolve1d correlates with the reversed filter; ndimage works in float64
    # line buffers and casts the result to the input's dtype.
    weights = np.ascontiguousarray(coeffs[::-1], dtype=np.float64)
    axis = normalize_axis_index(axis, x.ndim)

    if x.size == 0:
        return np.empty_like(x)

    half = len(weights) // 2
    xl = np.moveaxis(x, axis, -1).astype(np.float64)
    pad = [(0, 0)] * (xl.ndim - 1) + [(half, half)]
    if mode == "constant":
        xp = np.pad(xl, pad, mode="constant", constant_values=float(cval))
    else:
        xp = np.pad(xl, pad, mode=_PAD_MODE[mode])

    out = _correlate_last(xp, weights, xl.shape[-1])
    return np.moveaxis(out.astype(x.dtype, copy=False), -1, axis)


def _polyfit(x: np.ndarray, y: np.ndarray, deg: int) -> np.ndarray:
    """scipy.signal._polyutils.polyfit (numpy.polyfit) for 2-D ``y``, in ``x.dtype``."""
    if not np.isfinite(y).all():  # scipy's lstsq checks its input
        raise ValueError("array must not contain infs or NaNs")
    order = int(deg) + 1
    rcond = x.shape[0] * np.finfo(x.dtype).eps

    # The Vandermonde matrix, columns scaled to improve its condition number
    powers = np.arange(order, dtype=x.dtype)[::-1]
    lhs = x[:, None] ** powers[None, :]
    scale = np.sqrt(np.sum(lhs * lhs, axis=0))
    lhs /= scale

    # NumPy solves in float64 and rounds to float32 where scipy solves in
    # float32: the one step of the edge fit that is not bit-for-bit scipy's.
    c, _, rank, _ = np.linalg.lstsq(lhs, y, rcond=rcond)
    c = (c.T / scale).T

    if rank != order:
        try:
            from numpy.exceptions import RankWarning
        except ImportError:  # pragma: no cover - NumPy < 1.25
            from numpy import RankWarning  # type: ignore[attr-defined,no-redef]
        warnings.warn("Polyfit may be poorly conditioned", RankWarning, stacklevel=4)

    return c


def _polyder(p: np.ndarray, m: int) -> np.ndarray:
    """The m-th derivative of the polynomials in the columns of ``p`` (highest power first)."""
    if m == 0:
        return p
    n = p.shape[0]
    if n <= m:
        return np.zeros_like(p[:1, ...])
    dp = np.array(p[:-m, ...], copy=True)
    for k in range(m):
        rng = np.arange(n - k - 1, m - k - 1, -1, dtype=p.dtype)
        dp *= rng.reshape((n - m,) + (1,) * (p.ndim - 1))
    return dp


def _fit_edge(
    x: np.ndarray,
    window_start: int,
    window_stop: int,
    interp_start: int,
    interp_stop: int,
    axis: int,
    polyorder: int,
    deriv: int,
    delta: float,
    y: np.ndarray,
) -> None:
    """Fit a polynomial to ``x[window_start:window_stop]`` along ``axis`` and write its
    ``deriv``-th derivative into ``y[interp_start:interp_stop]`` (in place)."""
    sl = [slice(None)] * x.ndim
    sl[axis] = slice(window_start, window_stop)
    x_edge = x[tuple(sl)]

    swapped = not (axis == 0 or axis == -x.ndim)
    xx_edge = np.swapaxes(x_edge, axis, 0) if swapped else x_edge
    xx_edge = np.reshape(xx_edge, (xx_edge.shape[0], -1))

    poly_coeffs = _polyfit(
        np.arange(0, window_stop - window_start, dtype=x.dtype), xx_edge, polyorder
    )

    if deriv > 0:
        poly_coeffs = _polyder(poly_coeffs, deriv)

    # Horner's rule at the positions to interpolate
    i = np.arange(interp_start - window_start, interp_stop - window_start, dtype=poly_coeffs.dtype)
    t = i.reshape(-1, 1)
    values = np.zeros_like(t)
    for j in range(poly_coeffs.shape[0]):
        values = values * t + poly_coeffs[j, ...]
    values = values / (delta**deriv)

    shp = list(y.shape)
    shp[0], shp[axis] = shp[axis], shp[0]
    values = values.reshape((interp_stop - interp_start, *shp[1:]))
    if swapped:
        values = np.swapaxes(values, 0, axis)

    sl[axis] = slice(interp_start, interp_stop)
    y[tuple(sl)] = values


def savgol_filter(
    x: np.ndarray,
    window_length: int,
    polyorder: int,
    deriv: int = 0,
    delta: float = 1.0,
    axis: int = -1,
    mode: str = "interp",
    cval: float = 0.0,
) -> np.ndarray:
    """scipy.signal.savgol_filter, for the odd windows that `delta` admits."""
    if mode not in ["mirror", "constant", "nearest", "interp", "wrap"]:
        raise ValueError("mode must be 'mirror', 'constant', 'nearest' 'wrap' or 'interp'.")

    x = np.asarray(x)
    # Single or double precision floating point, as scipy
    if x.dtype != np.float64 and x.dtype != np.float32:
        x = x.astype(np.float64)

    coeffs = _savgol_coeffs(window_length, polyorder, deriv, delta)

    if mode == "interp":
        if window_length > x.shape[axis]:
            raise ValueError(
                "If mode is 'interp', window_length must be less " "than or equal to the size of x."
            )
        # No padding: within window_length // 2 of either end, use the
        # polynomial fitted to the first (last) window_length samples.
        y = _convolve1d(x, coeffs, axis, "constant", 0.0)
        halflen = window_length // 2
        n = x.shape[axis]
        _fit_edge(x, 0, window_length, 0, halflen, axis, polyorder, deriv, delta, y)
        _fit_edge(x, n - window_length, n, n - halflen, n, axis, polyorder, deriv, delta, y)
        return y

    return _convolve1d(x, coeffs, axis, mode, cval)


def stack_memory(data: np.ndarray, *, n_steps: int = 2, delay: int = 1, **kwargs: Any) -> np.ndarray:
    """Short-term history embedding, as ``librosa.feature.stack_memory``:
    ``data`` stacked with ``n_steps - 1`` copies of itself shifted by
    multiples of ``delay`` columns (from the past if ``delay > 0``, from the
    future if ``delay < 0``), padded by ``numpy.pad(**kwargs)`` (default zeros).

    Parameters
    ----------
    data : np.ndarray [shape=(..., d, t)]
        Input data; a vector is a row matrix.
    n_steps : int > 0
        Embedding dimension.
    delay : int != 0
        Columns between steps.
    **kwargs
        Passed to `numpy.pad`.

    Returns
    -------
    data_history : np.ndarray [shape=(..., n_steps * d, t)]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.feature.stack_memory(np.arange(4.0), n_steps=2)
    array([[0., 1., 2., 3.],
           [0., 0., 1., 2.]])
    """
    if n_steps < 1:
        raise ParameterError("n_steps must be a positive integer")
    if delay == 0:
        raise ParameterError("delay must be a non-zero integer")
    data = np.atleast_2d(data)
    t = data.shape[-1]
    if t < 1:
        raise ParameterError("Cannot stack memory when input data has "
                             f"no columns. Given data.shape={data.shape}")
    kwargs.setdefault("mode", "constant")
    if kwargs["mode"] == "constant":
        kwargs.setdefault("constant_values", [0])
    padding = [(0, 0) for _ in range(data.ndim)]
    # the padding at the end rolls to the front below
    if delay > 0:
        padding[-1] = (int((n_steps - 1) * delay), 0)
    else:
        padding[-1] = (0, int((n_steps - 1) * -delay))
    data = np.pad(data, padding, **kwargs)
    shape = list(data.shape)
    shape[-2] = shape[-2] * n_steps
    shape[-1] = t
    history = np.empty_like(data, shape=tuple(shape))
    if history.dtype == np.float16:
        # librosa's compiled stacking loop has no half-precision version
        raise NotImplementedError("float16")
    d = data.shape[-2]
    for step in range(n_steps):
        q = n_steps - 1 - step
        # block `step` is the data shifted by q * delay columns
        start = q * delay if delay > 0 else data.shape[-1] - t + q * delay
        history[..., step * d:(step + 1) * d, :] = data[..., start:start + t]
    return history
