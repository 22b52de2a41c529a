"""mu-law companding (librosa.core.audio's ``mu_compress`` and ``mu_expand``).

Adapted from librosa (ISC licence), formula for formula.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..util.exceptions import ParameterError

__all__ = ["mu_compress", "mu_expand"]


def mu_compress(x: Any, *, mu: float = 255, quantize: bool = True) -> np.ndarray:
    """mu-law compression: ``sign(x) * ln(1 + mu |x|) / ln(1 + mu)`` of ``-1 <= x <= 1``.

    Parameters
    ----------
    x : np.ndarray with values in [-1, +1]
        The signal to compress.
    mu : positive number
        The compression parameter (commonly ``2**n - 1``).
    quantize : bool
        If True, quantize to the ``1 + mu`` integers from ``-(1 + mu) // 2``.

    Returns
    -------
    x_compressed : np.ndarray
        Integers if ``quantize``, otherwise values in [-1, +1].

    Raises
    ------
    ParameterError
        If ``x`` has values outside [-1, +1], or ``mu <= 0``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> x = np.linspace(-1, 1, num=8)
    >>> fastrosa.mu_compress(x, mu=15)
    array([-8, -7, -5, -3,  3,  5,  7,  7])
    >>> fastrosa.mu_compress(x, quantize=False).round(3)
    array([-1.   , -0.94 , -0.848, -0.653,  0.653,  0.848,  0.94 ,  1.   ])
    """
    if mu <= 0:
        raise ParameterError(f"mu-law compression parameter mu={mu} must be strictly positive.")

    if np.any(x < -1) or np.any(x > 1):
        raise ParameterError(f"mu-law input x={x} must be in the range [-1, +1].")

    x_comp: np.ndarray = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)

    if quantize:
        bins = np.linspace(-1, 1, num=int(1 + mu), endpoint=True)
        y: np.ndarray = np.digitize(x_comp, bins, right=True) - int(mu + 1) // 2
        return y

    return x_comp


def mu_expand(x: Any, *, mu: float = 255.0, quantize: bool = True) -> np.ndarray:
    """mu-law expansion, the inverse of `mu_compress`: ``sign(x) / mu * ((1 + mu)**|x| - 1)``.

    Parameters
    ----------
    x : np.ndarray
        The compressed signal: values in [-1, +1], or with ``quantize`` the
        ``1 + mu`` integers `mu_compress` gives.
    mu : positive number
        The compression parameter.
    quantize : bool
        If True, ``x`` holds quantized integers.

    Returns
    -------
    x_expanded : np.ndarray with values in [-1, +1]

    Raises
    ------
    ParameterError
        If ``x`` (after scaling, when ``quantize``) has values outside [-1, +1],
        or ``mu <= 0``.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.mu_expand(np.array([-8, -4, 0, 4, 7]), mu=15).round(3)
    array([-1.   , -0.2  ,  0.   ,  0.2  ,  0.688])
    """
    if mu <= 0:
        raise ParameterError(
            f"Inverse mu-law compression parameter mu={mu} must be strictly positive."
        )

    if quantize:
        x = x * 2.0 / (1 + mu)

    if np.any(x < -1) or np.any(x > 1):
        raise ParameterError(f"Inverse mu-law input x={x} must be in the range [-1, +1].")

    return np.sign(x) / mu * (np.power(1 + mu, np.abs(x)) - 1)
