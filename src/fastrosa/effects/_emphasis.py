"""Pre- and de-emphasis filters (librosa.effects.preemphasis, deemphasis).

Adapted from librosa (ISC licence). librosa filters with
``scipy.signal.lfilter``; here the same first-order recursion is a C loop
(csrc/filter.c) in the data's precision and in scipy's order of operations,
so the numbers are scipy's. The arguments, the initial states and their
shapes are checked by scipy's rules, with scipy's errors.
"""

from __future__ import annotations

from typing import Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike

from .._ext import _filter
from .._ext._layout import _as_rows

__all__ = ["preemphasis", "deemphasis"]

_KERNEL = (np.dtype(np.float32), np.dtype(np.float64))


def _state(zi: np.ndarray, x: np.ndarray, fir: bool) -> np.ndarray:
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
                raise ValueError(f"Unexpected shape for {'parameter ' if fir else ''}zi: "
                                 f"expected {expected}, found {zi.shape}.")
        zi = np.broadcast_to(zi, expected)
    return zi


def _lfilter1(b: np.ndarray, a: np.ndarray, x: np.ndarray,
              zi: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``scipy.signal.lfilter(b, a, x, zi=zi)`` along the last axis for
    ``len(b) == 2, a == [1]`` or ``b == [1], len(a) == 2`` (the arrays
    already in the data's dtype)."""
    fir = len(a) == 1
    if x.ndim == 0:
        raise ValueError("x must be at least 1-D")
    zi = _state(zi, x, fir)
    dtype = np.result_type(b, a, x, zi)
    if dtype.char not in "fdgFDG":
        raise NotImplementedError(f"Parameter's dtypes produced result type '{dtype}', "
                                  "which is not supported!" if fir else
                                  f"input type '{dtype}' not supported\n")
    if fir and x.shape[-1] == 0:
        raise ValueError("v cannot be empty")  # np.convolve's
    b = np.asarray(b, dtype=dtype) / a[0]
    a = np.asarray(a, dtype=dtype) / a[0]
    b0, b1 = (b[0], b[1]) if len(b) == 2 else (b[0], dtype.type(0))
    a1 = a[1] if len(a) == 2 else dtype.type(0)
    shape = x.shape
    x = _as_rows(x, dtype)
    z = np.ascontiguousarray(zi, dtype=dtype).reshape(-1)
    if dtype in _KERNEL:
        out, zf = np.empty_like(x), np.empty_like(z)
        _filter.lfilter1(x, float(b0), float(b1), float(a1), z, out, zf)
    elif dtype.kind == "c" and dtype.itemsize <= 16 and not any(
            np.imag(v) for v in (b0, b1, a1)):
        # real coefficients: the real and imaginary parts filter apart
        real = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
        out, zf = np.empty_like(x), np.empty_like(z)
        for part in ("real", "imag"):
            xp = np.ascontiguousarray(getattr(x, part))
            op, zp = np.empty_like(xp), np.empty(len(z), real)
            _filter.lfilter1(xp, float(b0.real), float(b1.real), float(a1.real),
                             np.ascontiguousarray(getattr(z, part)), op, zp)
            setattr(out, part, op)
            setattr(zf, part, zp)
    else:  # long double, or complex coefficients: the recursion in NumPy scalars
        out, zf = np.empty_like(x), np.empty_like(z)
        for r in range(x.shape[0]):
            s = z[r]
            for i in range(x.shape[1]):
                v = s + b0 * x[r, i]
                s = x[r, i] * b1 - v * a1
                out[r, i] = v
            zf[r] = s
    return out.reshape(shape), zf.reshape(shape[:-1] + (1,))


def preemphasis(y: np.ndarray, *, coef: float = 0.97, zi: Optional[ArrayLike] = None,
                return_zf: bool = False) -> Union[np.ndarray, Tuple[np.ndarray, np.ndarray]]:
    """Pre-emphasize an audio signal with a first-order differencing filter,
    ``y[n] -> y[n] - coef * y[n-1]``, as ``librosa.effects.preemphasis``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio signal; multi-channel is supported.
    coef : positive number
        Pre-emphasis coefficient (0: unchanged, 1: first-order difference).
    zi : number or np.ndarray [shape=(..., 1)]
        Initial filter state; by default ``2*y[..., 0] - y[..., 1]`` (linear
        extrapolation). Pass the ``zf`` of the previous block to filter a
        signal in blocks.
    return_zf : bool
        Also return the final filter state.

    Returns
    -------
    y_out : np.ndarray
        The pre-emphasized signal.
    zf : np.ndarray [shape=(..., 1)]
        The final filter state, if ``return_zf``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.array([1.0, 2.0, 4.0, 8.0])
    >>> fastrosa.effects.preemphasis(y, coef=0.5)
    array([0.5, 1.5, 3. , 6. ])
    >>> y1, zf = fastrosa.effects.preemphasis(y[:2], coef=0.5, return_zf=True)
    >>> y2 = fastrosa.effects.preemphasis(y[2:], coef=0.5, zi=zf)
    >>> np.concatenate([y1, y2])
    array([0.5, 1.5, 3. , 6. ])
    """
    b = np.asarray([1.0, -coef], dtype=y.dtype)
    a = np.asarray([1.0], dtype=y.dtype)
    if zi is None:
        zi = 2 * y[..., 0:1] - y[..., 1:2]  # linear extrapolation
    zi = np.atleast_1d(zi)
    y_out, z_f = _lfilter1(b, a, y, np.asarray(zi, dtype=y.dtype))
    if return_zf:
        return y_out, z_f
    return y_out


def deemphasis(y: np.ndarray, *, coef: float = 0.97, zi: Optional[ArrayLike] = None,
               return_zf: bool = False) -> Union[np.ndarray, Tuple[np.ndarray, np.ndarray]]:
    """De-emphasize an audio signal, inverting `preemphasis`:
    ``x[i] = y[i] + coef * x[i-1]``, as ``librosa.effects.deemphasis``.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
        Audio signal; multi-channel is supported.
    coef : positive number
        Pre-emphasis coefficient.
    zi : number or np.ndarray [shape=(..., 1)]
        Initial filter state; the same value as given to `preemphasis` inverts
        it. By default the state that inverts preemphasis's default,
        ``((2 - coef) * y[0] - y[1]) / (3 - coef)``.
    return_zf : bool
        Also return the final filter state.

    Returns
    -------
    y_out : np.ndarray
        The de-emphasized signal.
    zf : np.ndarray [shape=(..., 1)]
        The final filter state, if ``return_zf``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    >>> x = fastrosa.effects.deemphasis(fastrosa.effects.preemphasis(y))
    >>> np.allclose(x, y)
    True
    """
    b = np.array([1.0, -coef], dtype=y.dtype)
    a = np.array([1.0], dtype=y.dtype)
    if zi is None:
        zi = np.zeros(list(y.shape[:-1]) + [1], dtype=y.dtype)
        y_out, zf = _lfilter1(a, b, y, zi)
        # the default state folded in afterwards, as librosa
        c = ((2 - coef) * y[..., 0:1] - y[..., 1:2]) / (3 - coef)
        if c.shape == zi.shape and y_out.dtype in _KERNEL and np.ndim(coef) == 0:
            rows = y_out.reshape(-1, y_out.shape[-1])
            _filter.sub_powers(rows, np.ascontiguousarray(c, dtype=np.float64).reshape(-1),
                               float(coef))
        else:
            y_out -= c * (coef ** np.arange(y.shape[-1]))
    else:
        zi = np.atleast_1d(zi)
        y_out, zf = _lfilter1(a, b, y, zi.astype(y.dtype))
    if return_zf:
        return y_out, zf
    return y_out
