"""Size, rate and kernel arguments, checked before any work.

librosa lets many degenerate values through to arithmetic that then fails by
accident (``ZeroDivisionError`` for ``sr=0``, scipy's ``ValueError`` for
``n_fft=0``, ``TypeError`` for ``hop_length=1.5``) or asks for work no machine
finishes (a median kernel of 10**9). fastrosa refuses each with a
`ParameterError` that names the argument and its value. The rules are by
argument name, one table for every public function: `checked` applies them to
the keyword arguments a call passes (the defaults are valid), including those
a function forwards through ``**kwargs``.
"""

from __future__ import annotations

import functools
import numbers
from typing import Any, Callable, Optional

import numpy as np

from .exceptions import ParameterError

# The longest window, frame or FFT a size argument may ask for: 2**24 samples
# (12.7 minutes at 22050 Hz); one such window in float64 is 128 MiB.
MAX_WINDOW = 1 << 24
# The longest autocorrelation window in frames (tempogram): 2**20 frames are
# 6.8 hours at librosa's default frame rate.
MAX_LAGS = 1 << 20
# The most values one result or intermediate array of a call may hold (8 GiB
# of float32): past it a call is refused, not left to run out of memory.
MAX_VALUES = 1 << 31
# The most elementary steps (window elements visited) one call may ask for:
# minutes of work on one core, where the calls people make take milliseconds.
MAX_STEPS = 1 << 38


def size(value: Any, name: str, *, low: int = 1, high: Optional[int] = None) -> int:
    """``value`` as an int in ``[low, high]``: a Python or NumPy integer, not a bool."""
    if type(value) is int and low <= value and (high is None or value <= high):
        return value  # the common case, without the ABC checks below
    kind = {0: "a non-negative integer", 1: "a positive integer"}.get(low, f"an integer >= {low}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise ParameterError(f"{name}={value} must be {kind}")  # librosa's wording
    value = int(value)
    if value < low:
        raise ParameterError(f"{name}={value} must be {kind}")
    if high is not None and value > high:
        raise ParameterError(f"{name}={value} is more than {high}, the most fastrosa computes")
    return value


def rate(value: Any, name: str = "sr") -> float:
    """``value`` as a finite positive real number (a sampling rate, a frequency)."""
    if type(value) in (int, float) and 0 < value < float("inf"):
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise ParameterError(f"{name}={value!r} must be a positive number")
    if not (np.isfinite(value) and value > 0):
        raise ParameterError(f"{name}={value!r} must be a positive finite number")
    return value


def values(count: int, what: str) -> None:
    """Refuse a result or intermediate of more than MAX_VALUES values."""
    if count > MAX_VALUES:
        raise ParameterError(f"{what} would hold {count} values, more than 2**31: "
                             "a size argument asks for more than fastrosa computes")


def steps(count: int, what: str) -> None:
    """Refuse a computation of more than MAX_STEPS elementary steps."""
    if count > MAX_STEPS:
        raise ParameterError(f"{what} would take {count} steps, more than 2**38: "
                             "a size argument asks for more than fastrosa computes")


def kernel(value: Any, name: str = "kernel_size"):
    """A median-filter kernel: a positive integer or a pair of them."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return size(value[0], name, high=MAX_WINDOW), size(value[1], name, high=MAX_WINDOW)
    k = size(value, name, high=MAX_WINDOW)
    return k, k


def _window(value, name):
    return None if value is None else size(value, name, high=MAX_WINDOW)


def _count(value, name):
    # librosa's filters.mel casts n_mels with int(): a float that is an integer passes
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and value == int(value):
        value = int(value)
    return size(value, name, low=0, high=MAX_VALUES)


def _positive(value, name):
    return size(value, name, high=MAX_VALUES)


def _hop(value, name):
    # an integer below 1 is left to each function's own check, which librosa
    # words differently by function ("Invalid hop_length: 0" when framing)
    return None if value is None else size(value, name, low=-MAX_VALUES)


def _real(value, name):
    if not isinstance(value, (numbers.Real, np.number, np.ndarray)):
        raise ParameterError(f"{name}={value!r} must be a number")
    return value


def _nonzero(value, name):
    if np.ndim(_real(value, name)) == 0 and value == 0:
        raise ParameterError(f"{name}=0: the {name}-norm's exponent 1/{name} is undefined")
    return value


def _dct(value, name):
    if isinstance(value, (bool, np.bool_)) or value not in (1, 2, 3, 4):
        raise ParameterError(f"{name}={value!r} must be 1, 2, 3 or 4")
    return value


# Argument name -> its check. Applied to the names a call passes, so a name
# means the same in every function that takes it.
RULES: dict = {
    "sr": rate,
    "n_fft": _window,
    "win_length": _window,
    "frame_length": _window,
    "hop_length": _hop,
    "n_mels": _count,
    "n_mfcc": _count,
    "n_chroma": _positive,
    "lag": _positive,
    "max_size": _positive,
    "kernel_size": kernel,
    "n_frames": _count,
    "resolution": rate,
    "ac_size": rate,
    "power": _real,
    "p": _nonzero,
    "dct_type": _dct,
}


def checked(func: Callable) -> Callable:
    """``func`` with the keyword arguments of each call that `RULES` names
    checked before it runs."""

    @functools.wraps(func)
    def call(*args, **kwargs):
        for name in kwargs.keys() & RULES.keys():
            RULES[name](kwargs[name], name)
        return func(*args, **kwargs)

    return call
