"""Spectral features (librosa.feature.spectral equivalents).

Adapted from librosa (ISC licence); the per-frame loops are C kernels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._ext import _signal
from ..core.audio import _zc_real, _zc_threshold
from ..util import utils as util
from ..util.exceptions import ParameterError

__all__ = ["zero_crossing_rate"]


def _zc_options(*, threshold=1e-10, ref_magnitude=None, pad=True, zero_pos=True, axis=-1):
    """The keyword arguments of `fastrosa.zero_crossings` (unknown ones raise TypeError)."""
    return threshold, ref_magnitude, pad, zero_pos


def zero_crossing_rate(
    y: np.ndarray,
    *,
    frame_length: int = 2048,
    hop_length: int = 512,
    center: bool = True,
    **kwargs: Any,
) -> np.ndarray:
    """Zero-crossing rate of an audio time series, as ``librosa.feature.zero_crossing_rate``.

    The fraction of sign changes in each frame. Centred frames see the signal
    extended by repeating its edge samples. Computed in one pass over the
    signal, without framing it.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)]
    frame_length : int > 0
    hop_length : int > 0
    center : bool
        If True, frames are centred by padding ``y`` with its edge values.
    **kwargs
        ``threshold``, ``ref_magnitude``, ``pad`` (default False here) and
        ``zero_pos``, as for `fastrosa.zero_crossings`.

    Returns
    -------
    zcr : np.ndarray [shape=(..., 1, t), dtype=float64]

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.sign(np.sin(2 * np.pi * 100 * np.arange(22050) / 22050))
    >>> float(fastrosa.feature.zero_crossing_rate(y)[0, 10]) * 2048  # 200/s: 18 in 2048 samples
    18.0
    """
    util.valid_audio(y)
    kwargs["axis"] = -2
    kwargs.setdefault("pad", False)
    threshold, ref_magnitude, pad, zero_pos = _zc_options(**kwargs)

    if frame_length < 1:  # librosa fails with an IndexError here
        raise ParameterError(f"Invalid frame_length: {frame_length}")
    x = util._as_rows(_zc_real(y))
    n = x.shape[-1]
    half = int(frame_length // 2) if center else 0
    if center and n == 0:
        np.pad(x, [(0, 0), (half, half)], mode="edge")  # raises numpy's error, as librosa
    # util.frame's checks (and frame count) on a zero-copy stand-in of the padded signal
    stand_in = np.broadcast_to(np.zeros((), dtype=x.dtype), (n + 2 * half,))
    n_frames = util.frame(stand_in, frame_length=frame_length, hop_length=hop_length).shape[-1]

    def framed():  # only for a callable ref_magnitude, which sees every frame
        xp = np.pad(x, [(0, 0), (half, half)], mode="edge")
        return util.frame(xp, frame_length=frame_length, hop_length=hop_length)

    threshold = _zc_threshold(framed, threshold, ref_magnitude)
    out = np.empty((x.shape[0], n_frames), dtype=np.float64)
    _signal.zcr(x, frame_length, hop_length, -half, float(threshold), bool(zero_pos), bool(pad), out)
    return out.reshape(y.shape[:-1] + (1, n_frames))
