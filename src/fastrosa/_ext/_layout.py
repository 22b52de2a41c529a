"""The array layout the C kernels take: a 2-D batch of rows, the last axis
contiguous (the Python layer moves the working axis last before calling)."""

from __future__ import annotations

import numpy as np


def _as_rows(x: np.ndarray, dtype=None) -> np.ndarray:
    """``x`` of shape (..., n) as a C-contiguous (rows, n) array of ``dtype``:
    the 2-D batch layout the C kernels take."""
    x = np.asarray(x, dtype=dtype)
    rows = int(np.prod(x.shape[:-1], dtype=np.int64))
    return np.ascontiguousarray(x.reshape(rows, x.shape[-1]))
