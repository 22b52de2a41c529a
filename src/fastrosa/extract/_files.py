"""Feature rows of one audio file, whole or cut into fixed-length segments."""

from __future__ import annotations

import os
import re
from typing import Optional

from ..util.exceptions import ParameterError
from ._recipe import COMPAT_MODES, SR
from ._summary import summarize

__all__ = ["extract_file", "segment_name", "segment_bounds", "source_name"]


def segment_name(filename: str, k: int) -> str:
    """``clip.K.ext``: the name of segment ``k`` of ``clip.ext`` (as the published
    3-second GTZAN CSV names them, ``blues.00000.3.wav``)."""
    stem, ext = os.path.splitext(filename)
    return f"{stem}.{k}{ext}"


def source_name(filename: str) -> str:
    """The file a segment row came from: ``clip.ext`` for ``clip.K.ext``."""
    stem, ext = os.path.splitext(filename)
    base, dot, k = stem.rpartition(".")
    if not dot or not k.isdigit():
        raise ValueError(f"{filename!r} is not a segment name (clip.K.ext)")
    return base + ext


def segment_bounds(n: int, seconds: float, sr: float = SR):
    """``(start, stop)`` of each whole segment of a signal of ``n`` samples.

    Segment ``K`` starts at ``K * m`` with ``m = round(seconds * sr)`` and holds
    ``m - 1`` samples: the layout of the published 3-second GTZAN CSV, whose
    length column is 66149 for 3 s at 22050 Hz. A short last segment is dropped.
    """
    m = int(round(seconds * sr))
    if m < 2:
        raise ParameterError(f"segment={seconds} s is shorter than two samples at {sr} Hz")
    return [(k * m, k * m + m - 1) for k in range(n // m + 1) if k * m + m - 1 <= n]


_SHORT_CHUNK = re.compile(r"^(?:data|SSND)\s*:\s*(\d+)\s*\(should be (\d+)\)", re.M)


def _check_complete(path) -> None:
    """Refuse a WAV or AIFF file cut short (a copy or download that stopped):
    libsndfile reads what is there without an error, so its rows would come
    from part of the file. Its header log says "data : N (should be M)"."""
    import soundfile as sf

    try:
        with sf.SoundFile(os.fsencode(path) if os.name != "nt" else path) as f:
            log = f.extra_info
    except Exception:  # noqa: BLE001 - load() reports an unreadable file itself
        return
    m = _SHORT_CHUNK.search(log)
    if m and int(m.group(1)) > int(m.group(2)):
        raise ValueError(f"the file is truncated: its header promises {int(m.group(1))} bytes "
                         f"of audio, it holds {int(m.group(2))}")


def extract_file(path, *, segment: Optional[float] = None, compat: str = "kaggle") -> list:
    """The GTZAN feature rows of one audio file.

    The file is read with `fastrosa.load` (22050 Hz, mono), as in the
    published recipe.

    Parameters
    ----------
    path : str or os.PathLike
        An audio file soundfile can read (WAV, AU, FLAC, Ogg, MP3, ...).
    segment : float > 0 or None
        None: one row for the whole file. Otherwise one row per consecutive
        segment of this many seconds, named ``clip.K.ext`` (see
        `segment_bounds`; a short last segment is dropped).
    compat : {'kaggle', 'current'}
        The recipe (see `summarize`).

    Returns
    -------
    rows : list of dict
        ``{'filename': name, <COLUMNS>...}`` per row, in order; ``name`` is the
        file's base name (or the segment's name).
    """
    if compat not in COMPAT_MODES:
        raise ParameterError(f"compat={compat!r} is not one of {COMPAT_MODES}")
    if segment is not None and not segment > 0:
        raise ParameterError(f"segment={segment!r} must be a positive number of seconds")
    from ..core.audio import load

    _check_complete(path)
    y, sr = load(path, sr=SR, mono=True)
    name = os.path.basename(os.fspath(path))
    if segment is None:
        return [{"filename": name, **summarize(y, sr, compat=compat)}]
    bounds = segment_bounds(y.shape[-1], segment, sr)
    if not bounds:
        raise ParameterError(
            f"the file holds {y.shape[-1] / sr:.2f} s, shorter than one {segment:g}-s segment"
        )
    return [{"filename": segment_name(name, k), **summarize(y[a:b], sr, compat=compat)}
            for k, (a, b) in enumerate(bounds)]


def _task(path, segment, compat, single_thread):
    """One unit of work for a pool or a dask worker: ``(path, rows, None)`` or
    ``(path, None, reason)``. Failures are values, so one bad file never stops
    a run and nothing but plain data crosses a process boundary."""
    if single_thread:  # a worker process: one file at a time, one thread per transform
        import warnings

        from .._config import set_num_threads

        set_num_threads(1)
        warnings.simplefilter("ignore")  # nobody would see which file a warning was about
    try:
        return path, extract_file(path, segment=segment, compat=compat), None
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        reason = str(exc).replace("\n", " ").replace("\t", " ").strip()
        return path, None, f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
