"""Predicting with a saved model: the genre and class probabilities of audio files or table rows.

Features are checked against the model's schema (columns, their order and,
for segment models, the segment length) before any prediction.
"""

from __future__ import annotations

import os
from typing import Dict, List, NamedTuple, Optional, Tuple

import numpy as np

from .modelfile import load_model
from .table import SR, SchemaError, check_schema, read_table, segment_clips, undefined_as_zero

__all__ = ["Prediction", "predict_table", "predict_files", "window_bounds"]


def predict_table(model_path, csv_path) -> List[Prediction]:
    """Genre and class probabilities of each row of a features CSV.

    The table must have the model's feature columns in the model's order
    (a ``label`` column, if present, is ignored). Rows of a segment model's
    table are predicted one by one (one result per row).

    Raises
    ------
    SchemaError
        The columns or segment length do not match the model's.
    """
    bundle = _bundle(model_path)
    if bundle.get("kind") == "cnn":
        raise SchemaError(f"{csv_path}: a CNN predicts from audio files, not from a features table")
    table = read_table(csv_path, require_label=False)
    schema = bundle["schema"]
    check_schema(schema, table["columns"], lengths=table["lengths"], source=str(csv_path))
    if schema.get("segment_length") is None and table["lengths"] is not None:
        if segment_clips(table["filenames"], table["lengths"]) is not None:
            raise SchemaError(
                f"{csv_path}: rows are segments, the model was trained on whole clips"
            )
    proba = bundle["estimator"].predict_proba(undefined_as_zero(table["X"])[0])
    return _results(table["filenames"], proba, bundle["classes"])


class Prediction(NamedTuple):
    """The genre of one file (or table row): the class of the mean probabilities of its
    windows, and each window's own, as ``(start seconds, genre, probabilities)``."""

    name: str
    genre: str
    probs: Dict[str, float]
    windows: Tuple[Tuple[float, str, Dict[str, float]], ...] = ()


def _ranked(p, classes):
    return classes[int(np.argmax(p))], {c: float(v) for c, v in zip(classes, p)}


def _results(names, proba, classes):
    return [Prediction(name, *_ranked(p, classes)) for name, p in zip(names, proba)]


def _prediction(name, starts, proba, classes) -> Prediction:
    windows = tuple((float(t), *_ranked(p, classes)) for t, p in zip(starts, proba))
    return Prediction(name, *_ranked(np.mean(proba, axis=0), classes), windows)


def predict_files(model_path, files, *, offset: float = 0.0,
                  duration: Optional[float] = None) -> List[Prediction]:
    """Genre and class probabilities of audio files, window by window.

    Audio longer than what the model was trained on is cut into consecutive
    windows of that length: the segment length of a segment or CNN model, the
    clip length of a whole-clip model (the median ``length`` of its table;
    the tail after the last whole window is left out). A file's class
    probabilities are the mean of its windows'. Audio shorter than one segment
    (or than the shortest clip of a whole-clip model's table) is refused.
    Each window's features are extracted as the model's were (recipe,
    sampling rate, segment layout) and checked against its schema.

    Parameters
    ----------
    model_path : str or Path or dict
        A model saved by `save_model` or `save_cnn` (or loaded by `load_model`).
    files : sequence of str or Path
        Audio files.
    offset, duration : float
        Only the part of each file from ``offset`` seconds, for at most
        ``duration`` seconds (None: to the end).

    Returns
    -------
    list of Prediction
        ``(file, genre, {genre: probability}, windows)`` per file.

    Raises
    ------
    SchemaError
        The extractor's rows do not match the model's feature schema.
    ParameterError
        The audio is shorter than one window.
    """
    bundle = _bundle(model_path)
    return [_predict_file(bundle, f, offset, duration) for f in files]


def window_bounds(n: int, length: int, shortest: int):
    """``(start, stop)`` of the consecutive ``length``-sample windows of ``n`` samples:
    the whole signal when it is shorter than ``length`` but not than ``shortest``."""
    from ..util.exceptions import ParameterError

    if n < shortest:
        raise ParameterError(f"the audio holds {n / SR:.2f} s, shorter than the {shortest / SR:.2f}-s "
                             "clips the model was trained on")
    if n < length:
        return [(0, n)]
    return [(k * length, (k + 1) * length) for k in range(n // length)]


def _bundle(model):
    """A loaded model (as `load_model` returns) or the path of one."""
    return model if isinstance(model, dict) else load_model(model)


def _predict_file(bundle, f, offset, duration) -> Prediction:
    from .. import extract

    schema = bundle["schema"]
    f = str(f)
    if bundle.get("kind") == "cnn":
        from ..extract._export import clip_segments
        from .cnn import cnn_probabilities

        sr = schema["sr"]
        y, _ = extract.read_audio(f, sr=sr, offset=offset, duration=duration)
        options = {**schema, "offset": offset}
        arrays, starts = clip_segments(y, options)
        return _prediction(f, [offset + a / sr for a in starts],
                           cnn_probabilities(bundle, arrays), bundle["classes"])
    preset = schema.get("preset", "gtzan")
    y, sr = extract.read_audio(f, sr=None if preset == "fma" else SR, offset=offset,
                               duration=duration)
    name = os.path.basename(f)
    seconds = schema.get("segment_seconds")
    if seconds is not None:
        rows = extract.clip_rows(y, name, segment=seconds, compat=schema["compat"])
        starts = [k * round(seconds * SR) / SR for k in range(len(rows))]
    elif schema.get("clip_length") is not None:
        bounds = window_bounds(y.shape[-1], schema["clip_length"], schema["min_length"])
        rows = [extract.clip_rows(y[a:b], name, compat=schema["compat"])[0] for a, b in bounds]
        starts = [a / SR for a, _ in bounds]
    else:  # a table without a length column (an FMA table): the file as one clip
        rows = extract.clip_rows(y, name, compat=schema["compat"], sr=sr, preset=preset)
        starts = [0.0]
    # an FMA row's keys are (feature, statistic, number); its table's columns join them
    rows = [{k if isinstance(k, str) else "_".join(k): v for k, v in r.items()} for r in rows]
    names = list(rows[0].keys())
    check_schema(
        schema,
        names,
        lengths=[r["length"] for r in rows] if "length" in names else None,
        source=f"{f} (extractor output)",
    )
    X = undefined_as_zero(np.array([[float(r[c]) for c in schema["columns"]] for r in rows]))[0]
    return _prediction(f, [offset + t for t in starts], bundle["estimator"].predict_proba(X),
                       bundle["classes"])
