"""Matching events to events (librosa.util.matching.match_events).

Adapted from librosa (ISC licence): its compiled (numba) helper as array
operations, with numba's quicksort's order of ties and its integer arithmetic.
"""

from __future__ import annotations

import numpy as np

from .exceptions import ParameterError

__all__ = ["match_events"]


def match_events(events_from, events_to, left: bool = True, right: bool = True) -> np.ndarray:
    """Match one set of events to another: for each of ``events_from``, the index
    of the nearest of ``events_to`` (librosa.util.match_events).

    Parameters
    ----------
    events_from : ndarray [shape=(n,)]
        Events to match.
    events_to : ndarray [shape=(m,)]
        Events to match against.
    left : bool
        Whether a match may lie before the event.
    right : bool
        Whether a match may lie after the event.

    Returns
    -------
    event_mapping : np.ndarray [shape=(n,), dtype=int32]
        ``event_mapping[i]`` is the index of the ``events_to`` nearest
        ``events_from[i]`` (with ``left`` / ``right`` as constraints).

    Raises
    ------
    ParameterError
        An empty list of events, or constraints no event can satisfy.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> fastrosa.util.match_events(np.array([1, 9, 22]), np.array([0, 10, 20]))
    array([0, 1, 2], dtype=int32)
    >>> fastrosa.util.match_events(np.array([1, 9, 22]), np.array([0, 10, 20]), right=False)
    array([0, 0, 2], dtype=int32)
    """
    if len(events_from) == 0 or len(events_to) == 0:
        raise ParameterError("Attempting to match empty event list")
    # If we can't match left or right, then only strict equivalence counts as a match.
    if not (left or right) and not np.all(np.isin(events_from, events_to)):
        raise ParameterError(
            "Cannot match events with left=right=False "
            "and events_from is not contained "
            "in events_to"
        )
    if (not left) and max(events_to) < max(events_from):
        raise ParameterError(
            "Cannot match events with left=False "
            "and max(events_to) < max(events_from)"
        )
    if (not right) and min(events_to) > min(events_from):
        raise ParameterError(
            "Cannot match events with right=False "
            "and min(events_to) > min(events_from)"
        )
    events_from = _event_array(events_from)
    events_to = _event_array(events_to)
    # librosa's loop over the sorted events, each step as one array operation
    from_idx = _jit_argsort(events_from)
    sorted_from = events_from[from_idx]
    to_idx = _jit_argsort(events_to)
    sorted_to = events_to[to_idx]
    n_to = len(sorted_to)
    middle = np.searchsorted(sorted_to, sorted_from)
    middle = np.where(middle == n_to, middle - 1, middle)
    left_flag = np.asarray(bool(left) & (middle > 0))
    right_flag = np.asarray(bool(right) & (middle < n_to - 1))
    left_ind = np.maximum(middle - 1, 0)
    right_ind = np.minimum(middle + 1, n_to - 1)
    mid_diff = _distance(sorted_to[middle], sorted_from)
    zero = np.zeros_like(mid_diff)
    left_diff = np.where(left_flag, _distance(sorted_to[left_ind], sorted_from), zero)
    right_diff = np.where(right_flag, _distance(sorted_to[right_ind], sorted_from), zero)
    take_left = left_flag & (
        ((not right) & (sorted_to[middle] > sorted_from))
        | (~right_flag & (left_diff < mid_diff))
        | ((left_diff < right_diff) & (left_diff < mid_diff))
    )
    take_right = ~take_left & right_flag & (right_diff < mid_diff)
    chosen = np.where(take_left, left_ind, np.where(take_right, right_ind, middle))
    output = np.empty(len(events_from), dtype=np.int32)
    output[from_idx] = to_idx[chosen]
    return output


def _event_array(x) -> np.ndarray:
    """Events in the width librosa's compiled helper computes with: 64-bit integers."""
    x = np.asarray(x)
    if x.dtype.kind in "ib" and x.dtype.itemsize < 8:
        return x.astype(np.int64)
    if x.dtype.kind == "u" and x.dtype.itemsize < 8:
        return x.astype(np.uint64)
    return x


def _distance(a, b):
    """``abs(a - b)`` as librosa's compiled helper computes it (numba's integer
    typing): two unsigned events subtract with wrap-around and the absolute
    value is taken as a float64; an unsigned and a signed one subtract as
    64-bit signed integers."""
    if a.dtype.kind == "u" and b.dtype.kind == "u":
        return (a - b).astype(np.float64)
    if a.dtype.kind in "iu" and b.dtype.kind in "iu":
        return abs(a.astype(np.int64) - b.astype(np.int64))
    return abs(a - b)


def _jit_argsort(a: np.ndarray) -> np.ndarray:
    """``np.argsort`` as librosa's compiled helper computes it (numba's quicksort:
    median-of-three partitions, insertion sort under 16 items, NaN last). Equal
    values come out in that algorithm's order, which NumPy's differs from; without
    ties any sort gives the same order, so NumPy's is used."""
    if len(np.unique(a)) == len(a):
        return np.argsort(a)
    values = a.tolist()
    nan = [v != v for v in values]

    def lt(i, j):
        return values[i] < values[j] or (nan[j] and not nan[i])

    R = list(range(len(values)))

    def insertion_sort(low, high):
        for i in range(low + 1, high + 1):
            k = R[i]
            j = i
            while j > low and lt(k, R[j - 1]):
                R[j] = R[j - 1]
                j -= 1
            R[j] = k

    def partition(low, high):
        mid = (low + high) >> 1
        if lt(R[mid], R[low]):
            R[low], R[mid] = R[mid], R[low]
        if lt(R[high], R[mid]):
            R[high], R[mid] = R[mid], R[high]
        if lt(R[mid], R[low]):
            R[low], R[mid] = R[mid], R[low]
        pivot = R[mid]
        R[high], R[mid] = R[mid], R[high]
        i, j = low, high - 1
        while True:
            while i < high and lt(R[i], pivot):
                i += 1
            while j >= low and lt(pivot, R[j]):
                j -= 1
            if i >= j:
                break
            R[i], R[j] = R[j], R[i]
            i += 1
            j -= 1
        R[i], R[high] = R[high], R[i]
        return i

    stack = [(0, len(R) - 1)]
    while stack:
        low, high = stack.pop()
        while high - low >= 15:
            i = partition(low, high)
            if high - i > i - low:  # push the larger side, go on with the smaller
                if high > i:
                    stack.append((i + 1, high))
                high = i - 1
            else:
                if i > low:
                    stack.append((low, i - 1))
                low = i + 1
        insertion_sort(low, high)
    return np.array(R, dtype=np.intp)
