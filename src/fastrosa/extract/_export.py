"""A folder of music to segment arrays for spectrogram learning (``fastrosa export``).

Each audio file is cut into consecutive segments (the layout of the published
3-second GTZAN table, `segment_bounds`) and each segment's features are one
float32 array, computed as the tutorials do with librosa 0.11.0's calls:

- ``mfcc``: ``feature.mfcc(y=seg, sr=sr, n_mfcc=13, n_fft=2048, hop_length=512)``;
- ``mel``: ``power_to_db(feature.melspectrogram(y=seg, sr=sr, n_fft=2048,
  hop_length=512, n_mels=128), ref=np.max)``.

The output folder holds, and is read without fastrosa as::

    index.csv                    one row per segment: array,row,clip,label,start,segments
    arrays/<label>/<file>.npy    float32 (segments, features, frames) of one file
    export.json                  the options the arrays were made with
    errors.tsv                   the files that failed, and why
    images/<label>/<stem>.png    with images=True: the whole file's mel spectrogram
                                 (the layout of Kaggle's GTZAN ``images_original``)

    idx = pandas.read_csv("OUT/index.csv")
    x = numpy.load("OUT/" + idx.array[0])[idx.row[0]]     # (13, 130) for mfcc

An array is written to a temporary name and renamed, then its index rows are
appended in one write: an interruption loses at most the files in flight, and
a re-run skips every file whose rows are all in the index (a cut-off last line
is dropped first). A file's rows carry its segment count, so a file is taken
as done only when all of them are there.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import time
from pathlib import Path
from typing import Optional

import numpy as np

from ..util.exceptions import ParameterError
from ._files import check_span, read_audio, whole_segments
from ._runner import (
    _ENCODING, AUDIO_EXTENSIONS, RunSummary, _csv_text, _exclusive, _read_settings,
    _write_settings, check_jobs, collect, find_audio, label_of, plan, write_errors,
)

__all__ = ["FEATURES", "EXPORT_DEFAULTS", "segment_features", "export_dir", "read_segments"]

#: The kinds of segment arrays.
FEATURES = ("mfcc", "mel")

#: The tutorials' settings: 3-s segments at 22050 Hz, 2048-point FFT, hop 512,
#: 13 MFCCs, 128 mel bands.
EXPORT_DEFAULTS = {"sr": 22050, "segment": 3.0, "n_fft": 2048, "hop_length": 512,
                   "n_mfcc": 13, "n_mels": 128}

INDEX_HEADER = ("array", "row", "clip", "label", "start", "segments")

_FORMAT = "fastrosa-segments"


def segment_features(y, sr, *, features: str = "mfcc", n_mfcc: int = 13, n_mels: int = 128,
                     n_fft: int = 2048, hop_length: int = 512) -> np.ndarray:
    """The feature array of one segment: ``(n_mfcc, frames)`` MFCCs or
    ``(n_mels, frames)`` mel bands in dB relative to the segment's peak (see
    the module documentation for the librosa calls), float32."""
    from .. import feature
    from ..core.spectrum import power_to_db

    if features == "mfcc":
        x = feature.mfcc(y=y, sr=sr, n_mfcc=n_mfcc, n_fft=n_fft, hop_length=hop_length)
    elif features == "mel":
        x = power_to_db(feature.melspectrogram(y=y, sr=sr, n_fft=n_fft, hop_length=hop_length,
                                               n_mels=n_mels), ref=np.max)
    else:
        raise ParameterError(f"features={features!r} is not one of {FEATURES}")
    return np.asarray(x, dtype=np.float32)


def _feature_options(options) -> dict:
    return {k: options[k] for k in ("features", "n_mfcc", "n_mels", "n_fft", "hop_length")}


def clip_segments(y, options):
    """``(arrays, starts)``: the stacked feature arrays of every whole segment of
    signal ``y`` and each segment's start (samples)."""
    sr = options["sr"]
    bounds = whole_segments(y.shape[-1], options["segment"], sr)
    arrays = np.stack([segment_features(y[a:b], sr, **_feature_options(options))
                       for a, b in bounds])
    return arrays, [a for a, _ in bounds]


def _array_name(label: str, path) -> str:
    return f"arrays/{label}/{Path(path).name}.npy"


def _image_name(label: str, path) -> str:
    # Kaggle's images_original: blues/blues00000.png for blues.00000.wav
    return f"images/{label}/{Path(path).stem.replace('.', '')}.png"


def _export_file(path, *, root, out, options):
    """One file's work (in a worker): write its arrays (and image), return its index rows."""
    label = label_of(path)
    y, _ = read_audio(path, sr=options["sr"], offset=options["offset"],
                      duration=options["duration"])
    arrays, starts = clip_segments(y, options)
    rel = _array_name(label, path)
    _save_atomic(Path(out) / rel, lambda f: np.save(f, arrays))
    if options["images"]:
        from ..plot import save_mel_image

        _save_atomic(Path(out) / _image_name(label, path),
                     lambda f: save_mel_image(y, options["sr"], f, n_fft=options["n_fft"],
                                              hop_length=options["hop_length"],
                                              n_mels=options["n_mels"]))
    clip = Path(os.path.relpath(path, root)).as_posix()
    sr = options["sr"]
    return [(rel, k, clip, label, round(options["offset"] + a / sr, 6), len(starts))
            for k, a in enumerate(starts)]


def _save_atomic(target: Path, write) -> None:
    """``write(file)`` to a temporary name beside ``target``, then rename it over."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{id(write)}.tmp")
    try:
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _read_index(index: Path):
    """The complete files' rows of ``index`` (repaired after an interruption)."""
    with open(index, newline="", **_ENCODING) as f:
        text = f.read()
    if not text:
        return []
    cut = text.rfind("\n") + 1
    repaired = cut != len(text)  # a last line without its newline was cut off mid-write
    records = list(csv.reader(io.StringIO(text[:cut])))
    if not records or tuple(records[0]) != INDEX_HEADER:
        raise ParameterError(f"{index} is not an index written by fastrosa export; choose "
                             "another output folder")
    by_clip: dict = {}
    for r in records[1:]:
        if len(r) == len(INDEX_HEADER):
            by_clip.setdefault(r[2], []).append(r)
    rows = []
    for clip, rs in by_clip.items():
        if sorted(int(r[1]) for r in rs) == list(range(int(rs[0][5]))):
            rows.extend(rs)
        else:
            repaired = True
    if repaired or len(rows) != len(records) - 1:
        _write_index(index, rows)
    return rows


def _write_index(index: Path, rows) -> None:
    _save_atomic(index, lambda f: f.write(_csv_text([INDEX_HEADER, *rows]).encode(
        _ENCODING["encoding"], _ENCODING["errors"])))


def _check_options(options) -> None:
    if options["features"] not in FEATURES:
        raise ParameterError(f"features={options['features']!r} is not one of {FEATURES}")
    for k in ("n_fft", "hop_length", "n_mfcc", "n_mels"):
        v = options[k]
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{k}={v!r} must be a positive integer")
    sr, seg = options["sr"], options["segment"]
    if isinstance(sr, bool) or not isinstance(sr, (int, np.integer)) or sr < 1:
        raise ParameterError(f"sr={sr!r} must be a positive integer (Hz)")
    if not (isinstance(seg, (int, float)) and options["n_fft"] / sr <= seg < float("inf")):
        raise ParameterError(f"segment={seg!r} must be a finite number of seconds, at least "
                             f"one {options['n_fft']}-sample frame at {sr} Hz")
    check_span(options["offset"], options["duration"])


def export_dir(
    root,
    out,
    *,
    features: str = "mfcc",
    segment: float = EXPORT_DEFAULTS["segment"],
    n_mfcc: int = EXPORT_DEFAULTS["n_mfcc"],
    n_mels: int = EXPORT_DEFAULTS["n_mels"],
    n_fft: int = EXPORT_DEFAULTS["n_fft"],
    hop_length: int = EXPORT_DEFAULTS["hop_length"],
    sr: int = EXPORT_DEFAULTS["sr"],
    offset: float = 0.0,
    duration: Optional[float] = None,
    images: bool = False,
    jobs: Optional[int] = None,
    executor: str = "thread",
    dask: Optional[str] = None,
    errors=None,
    progress=True,
) -> RunSummary:
    """Export the segment feature arrays of every audio file under ``root`` into ``out``.

    Parameters
    ----------
    root : path
        A folder, walked recursively; each file's label is its folder's name.
    out : path
        The output folder (see the module documentation for its layout). If it
        holds an export, files already in its index are skipped (a resumed
        run); it must have been made with the same options.
    features : {'mfcc', 'mel'}
        The arrays: ``n_mfcc`` MFCCs, or ``n_mels`` mel bands in dB.
    segment : float
        Seconds per segment (at least one ``n_fft`` frame).
    n_mfcc, n_mels, n_fft, hop_length, sr : int
        The feature settings (the tutorials' by default).
    offset, duration : float
        Only the part of each file from ``offset`` seconds, for at most
        ``duration`` seconds (None: to the end).
    images : bool
        Also draw each file's mel spectrogram as ``images/<label>/<stem>.png``.
    jobs, executor, dask, errors, progress
        As for `extract_dir`. With ``dask``, ``out`` must be reachable at the
        same path on the workers (they write the arrays).

    Returns
    -------
    RunSummary
        ``rows`` counts segments.
    """
    options = {"format": _FORMAT, "features": features, "sr": sr, "segment": segment,
               "n_fft": n_fft, "hop_length": hop_length, "n_mfcc": n_mfcc, "n_mels": n_mels,
               "offset": offset, "duration": duration, "images": bool(images)}
    _check_options(options)
    options["segment"] = float(segment)
    jobs = check_jobs(jobs)
    out = Path(out)
    index = out / "index.csv"
    errors = Path(errors) if errors is not None else out / "errors.tsv"
    summary = RunSummary(output=os.fspath(index), errors_path=os.fspath(errors))
    t0 = time.perf_counter()
    paths = find_audio(root)
    summary.found = len(paths)
    if not paths:
        raise ParameterError(
            f"no audio files under {root} (looked for {', '.join(sorted(AUDIO_EXTENSIONS))})")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"the output {out} is a file; name a folder")
    out.mkdir(parents=True, exist_ok=True)
    if not errors.parent.is_dir():
        raise ParameterError(f"the folder of the errors file {errors} does not exist")
    with _exclusive(index):
        _export_locked(summary, root, paths, out, index, errors, options, jobs, executor,
                       dask, progress)
    summary.seconds = time.perf_counter() - t0
    return summary


def _export_locked(summary, root, paths, out, index, errors, options, jobs, executor, dask,
                   progress) -> None:
    settings = out / "export.json"
    rows = []
    if index.exists() and index.stat().st_size:
        _read_settings(settings, index, options, "an export", "export")
        rows = _read_index(index)
    done = {(r[3], Path(r[2]).name) for r in rows}
    pending, labels = plan(summary, paths, done, "arrays")
    if options["images"]:
        seen = {}
        for p in list(pending):
            name = _image_name(labels[os.fspath(p)], p)
            if name in seen:
                pending.remove(p)
                summary.failed.append((os.fspath(p), f"its image {name} would overwrite that "
                                                     f"of {seen[name]}"))
            seen[name] = os.fspath(p)
    _write_settings(settings, options)
    work = functools.partial(_export_file, root=os.path.abspath(root), out=os.path.abspath(out),
                             options=options)
    pending = [os.path.abspath(p) for p in pending]
    new = not index.exists() or index.stat().st_size == 0
    with open(index, "a", newline="", **_ENCODING) as f:
        if new:
            f.write(_csv_text([INDEX_HEADER]))
            f.flush()

        def write(path, clip_rows):
            f.write(_csv_text(clip_rows))
            f.flush()
            summary.rows += len(clip_rows)

        collect(summary, pending, work, write, jobs=jobs, executor=executor, dask=dask,
                progress=progress)
    write_errors(summary, errors)
    if not summary.interrupted:  # the index in (label, clip, segment) order
        rows = _read_index(index)
        rows.sort(key=lambda r: (r[3], r[2], int(r[1])))
        _write_index(index, rows)
        _write_settings(settings, options, complete=True)


def read_segments(out) -> dict:
    """Read an export: every indexed segment's array, label and clip.

    Returns
    -------
    dict
        ``X`` (float32, segments x features x frames), ``y`` (labels),
        ``clips`` (the source file of each segment, relative to the exported
        folder), ``starts`` (seconds), ``options`` (what `export_dir` was
        given: features, sr, segment, n_fft, hop_length, n_mfcc, n_mels, ...).

    Raises
    ------
    ParameterError
        ``out`` is not an export, or holds no segments.
    """
    out = Path(out)
    index, settings = out / "index.csv", out / "export.json"
    if not index.is_file() or not settings.is_file():
        raise ParameterError(f"{out} is not a folder written by fastrosa export "
                             "(no index.csv and export.json)")
    options = json.loads(settings.read_text(encoding="utf-8"))
    if not isinstance(options, dict) or options.get("format") != _FORMAT:
        raise ParameterError(f"{settings} is not what fastrosa export wrote")
    with open(index, newline="", **_ENCODING) as f:
        records = list(csv.reader(f))
    if not records or tuple(records[0]) != INDEX_HEADER:
        raise ParameterError(f"{index} is not an index written by fastrosa export")
    rows = records[1:]
    if not rows:
        raise ParameterError(f"{out} holds no segments")
    arrays: dict = {}
    X = []
    for r in rows:
        if r[0] not in arrays:
            arrays[r[0]] = np.load(out / r[0])
        X.append(arrays[r[0]][int(r[1])])
    return {"X": np.stack(X), "y": np.array([r[3] for r in rows]),
            "clips": np.array([r[2] for r in rows]),
            "starts": np.array([float(r[4]) for r in rows]), "options": options}
