"""Pre- and de-emphasis filters (librosa.effects.preemphasis, deemphasis).

Adapted from librosa (ISC licence). librosa filters with
``scipy.signal.lfilter``; here with `core._lfilter`, scipy's numbers and
errors without scipy.
"""

from __future__ import annotations

from typing import Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike

from .._ext import _filter
from ..core._lfilter import KERNEL_DTYPES, lfilter1

__all__ = ["preemphasis", "deemphasis"]


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
    array([1. , 1.5, 3. , 6. ])
    >>> y1, zf = fastrosa.effects.preemphasis(y[:2], coef=0.5, return_zf=True)
    >>> y2 = fastrosa.effects.preemphasis(y[2:], coef=0.5, zi=zf)
    >>> np.concatenate([y1, y2])
    array([1. , 1.5, 3. , 6. ])
    """
    b = np.asarray([1.0, -coef], dtype=y.dtype)
    a = np.asarray([1.0], dtype=y.dtype)
    if zi is None:
        zi = 2 * y[..., 0:1] - y[..., 1:2]  # linear extrapolation
    zi = np.atleast_1d(zi)
    y_out, z_f = lfilter1(b, a, y, np.asarray(zi, dtype=y.dtype))
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
        y_out, zf = lfilter1(a, b, y, zi)
        # the default state folded in afterwards, as librosa
        c = ((2 - coef) * y[..., 0:1] - y[..., 1:2]) / (3 - coef)
        if c.shape == zi.shape and y_out.dtype in KERNEL_DTYPES and np.ndim(coef) == 0:
            rows = y_out.reshape(-1, y_out.shape[-1])
            _filter.sub_powers(rows, np.ascontiguousarray(c, dtype=np.float64).reshape(-1),
                               float(coef))
        else:
            y_out -= c * (coef ** np.arange(y.shape[-1]))
    else:
        zi = np.atleast_1d(zi)
        y_out, zf = lfilter1(a, b, y, zi.astype(y.dtype))
    if return_zf:
        return y_out, zf
    return y_out
