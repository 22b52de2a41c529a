"""First-order ``scipy.signal.lfilter`` without scipy: the arguments, shapes,
dtypes and errors by scipy's rules, the recursion a C loop (csrc/filter.c) in
the data's precision and in scipy's order of operations, so the numbers are
scipy's. Used by effects.preemphasis / deemphasis and pcen.
"""

from __future__ import annotations

from typing import Tuple

import numpy as np

from .._ext import _filter
from .._ext._layout import _as_rows

KERNEL_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _c_shape(shape) -> str:
    """A shape as scipy's C code prints it: "2,1"."""
    return ",".join(str(n) for n in shape)


def state(zi: np.ndarray, x: np.ndarray, fir: bool) -> np.ndarray:
    """scipy.signal.lfilter's initial state for one delay along the last axis
    of ``x``: ``zi`` with the same number of dimensions, each one equal to
    x's or 1 (broadcast), the last one 1. scipy words its errors differently
    in its FIR path (``len(a) == 1``, Python) and its IIR path (C)."""
    zi = np.asarray(zi)
    if zi.ndim != x.ndim:
        raise ValueError("Dimensions of parameters x and zi must match, but "
                         f"x.ndim={x.ndim}, zi.ndim={zi.ndim}!" if fir else
                         "object of too small depth for desired array")
    expected = x.shape[:-1] + (1,)
    if zi.shape != expected:
        for k, (got, want) in enumerate(zip(zi.shape, expected)):
            if got != want and not (k != x.ndim - 1 and got == 1):
                if fir:
                    raise ValueError("Unexpected shape for parameter zi: "
                                     f"expected {expected}, found {zi.shape}.")
                raise ValueError(f"Unexpected shape for zi:  expected ({_c_shape(expected)}), "
                                 f"found ({_c_shape(zi.shape)}).")
        zi = np.broadcast_to(zi, expected)
    return zi


def lfilter1(b: np.ndarray, a: np.ndarray, x: np.ndarray,
              zi: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``scipy.signal.lfilter(b, a, x, zi=zi)`` along the last axis for
    ``len(b) == 2, a == [1]`` or ``b == [1], len(a) == 2`` (the arrays
    already in the data's dtype)."""
    fir = len(a) == 1
    if x.ndim == 0:
        raise ValueError("x must be at least 1-D")
    if fir:
        zi = state(zi, x, fir)
    elif np.ndim(zi) != x.ndim:
        state(zi, x, fir)  # scipy's C path: the depth first, then the type, then the shape
    dtype = np.result_type(b, a, x, zi)
    # scipy's FIR path (NumPy's convolve) filters Python objects, its C one not
    if dtype.char not in ("fdgFDGO" if fir else "fdgFDG"):
        raise NotImplementedError(f"Parameter's dtypes produced result type '{dtype}', "
                                  "which is not supported!" if fir else
                                  f"input type '{dtype}' not supported\n")
    if not fir:
        zi = state(zi, x, fir)
    if fir and 0 in x.shape[:-1]:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    if fir and x.shape[-1] == 0:
        raise ValueError("v cannot be empty")  # np.convolve's
    b = np.asarray(b, dtype=dtype) / a[0]
    a = np.asarray(a, dtype=dtype) / a[0]
    b0, b1 = (b[0], b[1]) if len(b) == 2 else (b[0], dtype.type(0))
    a1 = a[1] if len(a) == 2 else dtype.type(0)
    shape = x.shape
    x = _as_rows(x, dtype)
    z = np.ascontiguousarray(zi, dtype=dtype).reshape(-1)
    if dtype in KERNEL_DTYPES:
        out, zf = np.empty_like(x), np.empty_like(z)
        _filter.lfilter1(x, float(b0), float(b1), float(a1), z, out, zf)
        if not fir and a1 == 0:
            _recursion_nan(out, zf)
    elif dtype.kind == "c" and dtype.itemsize <= 16 and not any(
            np.imag(v) for v in (b0, b1, a1)) and np.isfinite(x).all() and np.isfinite(z).all():
        # real coefficients: the real and imaginary parts filter apart (but a
        # complex product spreads NaN from one part to the other: 0 * inf)
        real = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
        out, zf = np.empty_like(x), np.empty_like(z)
        for part in ("real", "imag"):
            xp = np.ascontiguousarray(getattr(x, part))
            op, zp = np.empty_like(xp), np.empty(len(z), real)
            _filter.lfilter1(xp, float(b0.real), float(b1.real), float(a1.real),
                             np.ascontiguousarray(getattr(z, part)), op, zp)
            setattr(out, part, op)
            setattr(zf, part, zp)
    elif fir:  # the rest as the C kernel's fir1, in NumPy's arithmetic
        out = b0 * x
        out[:, 1:] += b1 * x[:, :-1]
        out[:, 0] += z
        zf = b1 * x[:, -1]
    else:  # long double, complex coefficients or values: the recursion in NumPy scalars
        out, zf = np.empty_like(x), np.empty_like(z)
        for r in range(x.shape[0]):
            s = z[r]
            for i in range(x.shape[1]):
                v = s + b0 * x[r, i]
                s = x[r, i] * b1 - v * a1
                out[r, i] = v
            zf[r] = s
    return out.reshape(shape), zf.reshape(shape[:-1] + (1,))


def _recursion_nan(out: np.ndarray, zf: np.ndarray) -> None:
    """The kernel's a1 == 0 shortcut is the convolution; scipy's recursion (len(a)
    == 2) still multiplies each output by a1 = 0 into the state, so after a
    non-finite output (NaN * 0, inf * 0) every later output and the final state
    are NaN. Applied in place to (rows, n) outputs."""
    bad = ~np.isfinite(out)
    if not bad.any():
        return
    seen = np.cumsum(bad, axis=1)
    out[(seen - bad) > 0] = np.nan
    zf[seen[:, -1] > 0] = np.nan


def maximum_filter1d(x: np.ndarray, size: int, axis: int) -> np.ndarray:
    """scipy.ndimage.maximum_filter1d(x, size, axis=axis) (mode 'reflect')."""
    x = np.moveaxis(x, axis, -1)
    n = x.shape[-1]
    if n == 0:  # nothing to filter: the empty array
        return np.moveaxis(x.copy(), -1, axis)
    s1 = size // 2
    j = np.arange(-s1, n - s1 + size - 1)
    m = np.mod(j, 2 * n)
    ext = x[..., np.where(m < n, m, 2 * n - 1 - m)]
    out = ext[..., 0:n].copy()
    for k in range(1, size):
        np.maximum(out, ext[..., k:k + n], out=out)
    return np.moveaxis(out, -1, axis)
