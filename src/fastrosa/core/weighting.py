"""Frequency weighting curves, in dB (librosa.core.convert's ``A_weighting`` ...
``multi_frequency_weighting``).

Adapted from librosa (ISC licence): the IEC 61672 A, B and C curves (one
formula, `_iec`) and the D curve, in librosa's order of operations, so results,
dtypes (the curves' constants are float64) and the warnings of ``log10(0)``
are librosa's.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Optional

import numpy as np

__all__ = [
    "A_weighting",
    "B_weighting",
    "C_weighting",
    "D_weighting",
    "Z_weighting",
    "frequency_weighting",
    "multi_frequency_weighting",
]


def _clip(weights: Any, min_db: Optional[float]) -> Any:
    return weights if min_db is None else np.maximum(min_db, weights)


def _iec(frequencies: Any, offset: float, power: float, poles: list) -> Any:
    """librosa's A, B and C curves (dB), in its order of operations:
    ``offset + 20 (log10 p0² + power log10 f² - log10(f² + p0²) - log10(f² + p1²)
    - ½ log10(f² + p2²) - ...)``, the poles ``p`` in Hz."""
    f_sq = np.asanyarray(frequencies) ** 2.0
    const = np.array(poles) ** 2.0
    total = (np.log10(const[0]) + power * np.log10(f_sq)
             - np.log10(f_sq + const[0]) - np.log10(f_sq + const[1]))
    for pole in const[2:]:
        total = total - 0.5 * np.log10(f_sq + pole)
    return offset + 20.0 * total


def A_weighting(frequencies: Any, *, min_db: Optional[float] = -80.0) -> Any:  # noqa: N802
    """The A-weighting (dB) of frequencies (Hz).

    Parameters
    ----------
    frequencies : scalar or np.ndarray [shape=(n,)]
        One or more frequencies (Hz).
    min_db : float or None
        Clip weights below this threshold; None clips nothing.

    Returns
    -------
    A_weighting : scalar or np.ndarray [shape=(n,)]
        The A-weighting of each frequency.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.A_weighting([100, 1000, 10000]).round(2)
    array([-19.14,   0.  ,  -2.49])
    """
    return _clip(_iec(frequencies, 2.0, 2, [12194.217, 20.598997, 107.65265, 737.86223]), min_db)


def B_weighting(frequencies: Any, *, min_db: Optional[float] = -80.0) -> Any:  # noqa: N802
    """The B-weighting (dB) of frequencies (Hz); arguments as `A_weighting`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.B_weighting([100, 1000, 10000]).round(2)
    array([-5.65,  0.  , -4.3 ])
    """
    return _clip(_iec(frequencies, 0.17, 1.5, [12194.217, 20.598997, 158.48932]), min_db)


def C_weighting(frequencies: Any, *, min_db: Optional[float] = -80.0) -> Any:  # noqa: N802
    """The C-weighting (dB) of frequencies (Hz); arguments as `A_weighting`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.C_weighting([100, 1000, 10000]).round(2)
    array([-0.3 ,  0.  , -4.41])
    """
    return _clip(_iec(frequencies, 0.062, 1, [12194.217, 20.598997]), min_db)


def D_weighting(frequencies: Any, *, min_db: Optional[float] = -80.0) -> Any:  # noqa: N802
    """The D-weighting (dB) of frequencies (Hz); arguments as `A_weighting`.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.D_weighting([100, 1000, 10000]).round(2)
    array([-7.2 , -0.  ,  3.44])
    """
    f_sq = np.asanyarray(frequencies) ** 2.0

    const = np.array([8.3046305e-3, 1018.7, 1039.6, 3136.5, 3424, 282.7, 1160]) ** 2.0
    weights = 20.0 * (
        0.5 * np.log10(f_sq)
        - np.log10(const[0])
        + 0.5
        * (
            +np.log10((const[1] - f_sq) ** 2 + const[2] * f_sq)
            - np.log10((const[3] - f_sq) ** 2 + const[4] * f_sq)
            - np.log10(const[5] + f_sq)
            - np.log10(const[6] + f_sq)
        )
    )
    return _clip(weights, min_db)


def Z_weighting(frequencies: Any, *, min_db: Optional[float] = None) -> np.ndarray:  # noqa: N802
    """No weighting: zeros (float64) of ``len(frequencies)``, clipped below at ``min_db`` if given.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.Z_weighting([100, 1000])
    array([0., 0.])
    """
    return _clip(np.zeros(len(frequencies)), min_db)


WEIGHTING_FUNCTIONS: Dict[Optional[str], Callable[..., Any]] = {
    "A": A_weighting,
    "B": B_weighting,
    "C": C_weighting,
    "D": D_weighting,
    "Z": Z_weighting,
    None: Z_weighting,
}


def frequency_weighting(frequencies: Any, *, kind: str = "A", **kwargs: Any) -> Any:
    """The weighting of frequencies (Hz) by the curve ``kind``.

    Parameters
    ----------
    frequencies : scalar or np.ndarray [shape=(n,)]
        One or more frequencies (Hz).
    kind : str or None
        ``'A'``, ``'B'``, ``'C'``, ``'D'`` or ``'Z'`` (either case); None is ``'Z'``.
    **kwargs
        Passed to the curve's function (``min_db``).

    Returns
    -------
    weighting : scalar or np.ndarray [shape=(n,)]

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.frequency_weighting([100, 1000], kind='c').round(2)
    array([-0.3,  0. ])
    """
    if isinstance(kind, str):
        kind = kind.upper()
    return WEIGHTING_FUNCTIONS[kind](frequencies, **kwargs)


def multi_frequency_weighting(
    frequencies: Any, *, kinds: Iterable[str] = "ZAC", **kwargs: Any
) -> np.ndarray:
    """Several weightings of frequencies (Hz), one row per kind.

    Parameters
    ----------
    frequencies : scalar or np.ndarray [shape=(n,)]
        One or more frequencies (Hz).
    kinds : iterable of str
        The curves, e.g. ``'ZAD'`` or ``('Z', 'B')``.
    **kwargs
        Passed to each curve's function.

    Returns
    -------
    weighting : np.ndarray [shape=(len(kinds), n)]

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.multi_frequency_weighting([100, 1000], kinds='ZA').round(2)
    array([[  0.  ,   0.  ],
           [-19.14,   0.  ]])
    """
    return np.stack([frequency_weighting(frequencies, kind=k, **kwargs) for k in kinds], axis=0)
