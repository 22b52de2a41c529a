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


def _as_matrices(x: np.ndarray, dtype=None) -> np.ndarray:
    """``x`` of shape (..., m, n) as a (batch, m, n) stack of ``dtype`` for the
    kernels that gather by strides: any memory order is read in place (stft's
    frame-major memory without a transposing copy), copied only where a stride
    is not a whole number of items."""
    x = np.asarray(x)
    if dtype is not None:
        x = x.astype(dtype, copy=False)
    rows = int(np.prod(x.shape[:-2], dtype=np.int64))
    x = x.reshape(rows, x.shape[-2], x.shape[-1])
    if any(st % x.itemsize for st in x.strides):
        x = np.ascontiguousarray(x)
    return x
