"""Process-wide settings: how many threads one large transform may use."""

from __future__ import annotations

import contextlib
import os
import threading


def _default_threads() -> int:
    env = os.environ.get("FASTROSA_NUM_THREADS")
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_num_threads = _default_threads()
_here = threading.local()  # a thread's own count, inside `threads_here`


def set_num_threads(n: int) -> None:
    """Set how many threads one large STFT may use (default: the CPUs available,
    or ``FASTROSA_NUM_THREADS``). Use 1 when parallelising over files yourself."""
    global _num_threads
    if int(n) < 1:
        raise ValueError(f"number of threads must be at least 1, got {n}")
    _num_threads = int(n)


def get_num_threads() -> int:
    """How many threads one large STFT may use."""
    n = getattr(_here, "n", None)
    return _num_threads if n is None else n


@contextlib.contextmanager
def threads_here(n: int):
    """Inside this scope, this thread's kernels use ``n`` threads (for a
    pipeline that runs branches side by side, one core each)."""
    previous = getattr(_here, "n", None)
    _here.n = int(n)
    try:
        yield
    finally:
        _here.n = previous
