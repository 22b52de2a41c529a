"""Dynamic-programming beat tracking (librosa.beat equivalents).

Adapted from librosa (ISC licence). The tracker itself (local score, dynamic
programme, last beat, backtracking and trimming) is one C call per envelope
(csrc/rhythm.c) reproducing librosa 0.11's compiled loops step by step, so
the same frames come out.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional, Tuple, Union

import numpy as np

from .. import core, onset
from .._ext import _rhythm
from .._ext._layout import _as_rows
from ..feature.rhythm import tempo as _tempo
from ..util import utils as util
from ..util.exceptions import ParameterError
from ..util._checks import checked

__all__ = ["beat_track", "tempo"]


@checked
def tempo(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    onset_envelope: Optional[np.ndarray] = None,
    tg: Optional[np.ndarray] = None,
    hop_length: int = 512,
    start_bpm: float = 120,
    std_bpm: float = 1.0,
    ac_size: float = 8.0,
    max_tempo: Optional[float] = 320.0,
    aggregate: Optional[Any] = np.mean,
    prior: Optional[Any] = None,
) -> np.ndarray:
    """Deprecated alias of `fastrosa.feature.tempo` (as ``librosa.beat.tempo``,
    with the same FutureWarning).

    Examples
    --------
    >>> import warnings, numpy as np, fastrosa
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     fastrosa.beat.tempo(onset_envelope=np.zeros(100))
    array([117.45383523])
    """
    warnings.warn(
        "librosa.beat.tempo\n\tThis function was moved to 'librosa.feature.rhythm.tempo' in "
        "librosa version 0.10.0.\n\tThis alias will be removed in librosa version 1.0.",
        category=FutureWarning,
        stacklevel=2,
    )
    return _tempo(y=y, sr=sr, onset_envelope=onset_envelope, tg=tg, hop_length=hop_length,
                  start_bpm=start_bpm, std_bpm=std_bpm, ac_size=ac_size, max_tempo=max_tempo,
                  aggregate=aggregate, prior=prior)


@checked
def beat_track(
    *,
    y: Optional[np.ndarray] = None,
    sr: float = 22050,
    onset_envelope: Optional[np.ndarray] = None,
    hop_length: int = 512,
    start_bpm: float = 120.0,
    tightness: float = 100,
    trim: bool = True,
    bpm: Optional[Union[float, np.ndarray]] = None,
    prior: Optional[Any] = None,
    units: str = "frames",
    sparse: bool = True,
) -> Tuple[Union[float, np.ndarray], np.ndarray]:
    r"""Dynamic programming beat tracker (Ellis 2007), as ``librosa.beat.beat_track``.

    1. onset strength (median over mel bands), 2. tempo from the onset
    autocorrelation, 3. the beat sequence best agreeing with both.

    Parameters
    ----------
    y : np.ndarray [shape=(..., n)] or None
    sr : number > 0
    onset_envelope : np.ndarray [shape=(..., m)] or None
    hop_length : int > 0
    start_bpm : float > 0
        Initial guess for the tempo estimator.
    tightness : float > 0
        How closely the beats follow the tempo.
    trim : bool
        Trim leading and trailing beats with weak onsets.
    bpm : float, np.ndarray or None
        The tempo to use instead of estimating it (per channel, or per frame).
    prior : scipy.stats.rv_continuous or None
        A prior over tempo for the estimator (``start_bpm`` is then ignored).
    units : {'frames', 'samples', 'time'}
    sparse : bool
        Beats as indices (True; mono only) or a boolean array per frame.

    Returns
    -------
    tempo : float or np.ndarray
        The tempo (an array of one element for mono input; 0.0 when there
        are no onsets).
    beats : np.ndarray
        Beat positions in ``units`` (sparse), or a boolean array.

    Raises
    ------
    ParameterError
        If neither ``y`` nor ``onset_envelope`` is given, ``units`` is invalid,
        ``sparse`` with multichannel input, or ``bpm``/``tightness`` are not positive.

    Examples
    --------
    >>> import numpy as np, fastrosa
    >>> y = np.zeros(22050 * 10, dtype=np.float32)
    >>> y[::11025] = 1.0  # clicks at 120 bpm
    >>> tempo, beats = fastrosa.beat.beat_track(y=y, sr=22050)
    >>> tempo, beats[:4]
    (array([117.45383523]), array([22, 44, 65, 87]))
    """
    if onset_envelope is None:
        if y is None:
            raise ParameterError("y or onset_envelope must be provided")

        onset_envelope = onset.onset_strength(
            y=y, sr=sr, hop_length=hop_length, aggregate=np.median
        )

    if sparse and onset_envelope.ndim != 1:
        raise ParameterError(f"sparse=True (default) does not support "
                f"{onset_envelope.ndim}-dimensional inputs. "
                f"Either set sparse=False or convert the signal to mono.")

    if not onset_envelope.any():
        if sparse:
            return (0.0, np.array([], dtype=int))
        else:
            return (np.zeros(shape=onset_envelope.shape[:-1], dtype=float),
                    np.zeros_like(onset_envelope, dtype=bool))

    if bpm is None:
        bpm = _tempo(
            onset_envelope=onset_envelope,
            sr=sr,
            hop_length=hop_length,
            start_bpm=start_bpm,
            prior=prior,
        )

    _bpm = np.atleast_1d(bpm)
    bpm_expanded = util.expand_to(_bpm, ndim=onset_envelope.ndim, axes=range(_bpm.ndim))

    beats = _beat_tracker(onset_envelope, bpm_expanded, float(sr) / hop_length, tightness, trim)

    if sparse:
        beats = np.flatnonzero(beats)

        if units == "frames":
            pass
        elif units == "samples":
            return (bpm, core.frames_to_samples(beats, hop_length=hop_length))
        elif units == "time":
            return (bpm, core.frames_to_time(beats, hop_length=hop_length, sr=sr))
        else:
            raise ParameterError(f"Invalid unit type: {units}")
    return (bpm, beats)


def _beat_tracker(onset_envelope, bpm, frame_rate, tightness, trim):
    """librosa's ``__beat_tracker``: validation, then the C tracker per channel."""
    if np.any(bpm <= 0):
        raise ParameterError(f"bpm={bpm} must be strictly positive")

    if tightness <= 0:
        raise ParameterError("tightness must be strictly positive")

    if bpm.shape[-1] not in (1, onset_envelope.shape[-1]):
        raise ParameterError(f"Invalid bpm shape={bpm.shape} does not match onset envelope shape={onset_envelope.shape}")

    frames_per_beat = np.round(frame_rate * 60.0 / bpm)

    # normalise by the standard deviation (librosa's __normalize_onsets)
    norm = onset_envelope.std(ddof=1, axis=-1, keepdims=True)
    onsets = onset_envelope / (norm + util.tiny(onset_envelope))

    # librosa's compiled loops run in float32 only when both the envelope and
    # the tempo are float32 (or narrower), otherwise in float64
    single = np.result_type(onsets.dtype, frames_per_beat.dtype) in (np.float16, np.float32)
    work = np.float32 if single else np.float64

    lead = np.broadcast_shapes(onsets.shape[:-1], frames_per_beat.shape[:-1])
    n = onsets.shape[-1]
    x = _as_rows(np.broadcast_to(onsets, lead + (n,)), work)
    fpb = _as_rows(np.broadcast_to(frames_per_beat, lead + frames_per_beat.shape[-1:]), work)
    if not np.all(np.isfinite(fpb)):
        raise ParameterError(f"bpm={bpm} must be strictly positive")
    if n < 2:
        raise IndexError(f"index -2 is out of bounds for axis 0 with size {n}")
    flags = np.zeros(x.shape, dtype=np.uint8)
    _rhythm.beat_track(x, fpb, float(np.float32(tightness)), bool(trim), flags)
    return flags.view(bool).reshape(lead + (n,))
