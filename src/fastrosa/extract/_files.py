"""Feature rows of one audio file, whole or cut into fixed-length segments."""

from __future__ import annotations

import os
import re
from typing import Optional

from .._ext._runtime import reuse_blocks
from ..util.exceptions import ParameterError
from ._recipe import COMPAT_MODES, SR
from ._summary import summarize

__all__ = ["extract_file", "read_audio", "clip_rows", "check_span", "segment_name",
           "segment_bounds", "whole_segments", "source_name"]


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


def check_span(offset, duration) -> None:
    """Refuse an ``offset`` / ``duration`` (seconds) that is not a usable part of a file."""
    if not (isinstance(offset, (int, float)) and 0 <= offset < float("inf")):
        raise ParameterError(f"offset={offset!r} must be a finite number of seconds >= 0")
    if duration is not None and not (isinstance(duration, (int, float))
                                     and 0 < duration < float("inf")):
        raise ParameterError(f"duration={duration!r} must be a positive number of seconds")


def read_audio(path, *, sr: Optional[float] = SR, offset: float = 0.0,
               duration: Optional[float] = None):
    """``(y, sr)``: the mono signal of an audio file at ``sr`` (None: the file's own
    rate) as `fastrosa.load` reads it, from ``offset`` seconds for at most
    ``duration``; a WAV or AIFF file cut short is refused."""
    check_span(offset, duration)
    from ..core.audio import load

    _check_complete(path)
    return load(path, sr=sr, mono=True, offset=offset, duration=duration)


def clip_rows(y, name: str, *, segment: Optional[float] = None, compat: str = "kaggle",
              sr: float = SR, preset: str = "gtzan") -> list:
    """The feature rows of signal ``y``, named after the file ``name``: one row for the
    whole signal, or one per whole segment of ``segment`` seconds (`segment_bounds`)."""
    if segment is None:
        return [{"filename": name, **summarize(y, sr, compat=compat, preset=preset)}]
    return [{"filename": segment_name(name, k), **summarize(y[a:b], sr, compat=compat)}
            for k, (a, b) in enumerate(whole_segments(y.shape[-1], segment, sr))]


def whole_segments(n: int, seconds: float, sr: float = SR):
    """`segment_bounds`, refusing a signal shorter than one segment."""
    bounds = segment_bounds(n, seconds, sr)
    if not bounds:
        raise ParameterError(
            f"the audio holds {n / sr:.2f} s, shorter than one {seconds:g}-s segment")
    return bounds


def extract_file(path, *, segment: Optional[float] = None, compat: str = "kaggle",
                 offset: float = 0.0, duration: Optional[float] = None,
                 preset: str = "gtzan") -> list:
    """The GTZAN (or FMA) feature rows of one audio file.

    The file is read with `fastrosa.load`, mono: at 22050 Hz, as in the
    published GTZAN recipe, or at its own rate for ``preset='fma'``, as in FMA's.

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
    preset : {'gtzan', 'fma'}
        The feature set (see `summarize`); 'fma' takes no ``segment``.
    offset, duration : float
        Only the part of the file from ``offset`` seconds, for at most
        ``duration`` seconds (None: to the end), as `fastrosa.load` reads it.

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
    if preset == "fma" and segment is not None:
        raise ParameterError("the FMA preset has one row per file: no segment")
    y, sr = read_audio(path, sr=None if preset == "fma" else SR, offset=offset, duration=duration)
    return clip_rows(y, os.path.basename(os.fspath(path)), segment=segment, compat=compat, sr=sr,
                     preset=preset)


def _task(path, work, single_thread):
    """One unit of work for a pool or a dask worker: ``(path, work(path), None)`` or
    ``(path, None, reason)``. Failures are values, so one bad file never stops
    a run and nothing but plain data crosses a process boundary. ``work`` is a
    picklable callable (a `functools.partial` of a module-level function)."""
    if single_thread:  # a worker process: one file at a time, one thread per transform
        import warnings

        from .._config import set_num_threads

        set_num_threads(1)
        warnings.simplefilter("ignore")  # nobody would see which file a warning was about
    try:
        with reuse_blocks():  # decoding and features reuse the last file's memory
            return path, work(path), None
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        reason = str(exc).replace("\n", " ").replace("\t", " ").strip()
        return path, None, f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
