"""Predicting with a saved model: the genre and class probabilities of audio files or table rows.

Features are checked against the model's schema (columns, their order and,
for segment models, the segment length) before any prediction.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

import numpy as np

from .modelfile import load_model
from .table import SchemaError, check_schema, read_table, segment_clips

__all__ = ["predict_table", "predict_files"]


def predict_table(model_path, csv_path) -> List[Tuple[str, str, Dict[str, float]]]:
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
    table = read_table(csv_path, require_label=False)
    schema = bundle["schema"]
    check_schema(schema, table["columns"], lengths=table["lengths"], source=str(csv_path))
    if schema.get("segment_length") is None and table["lengths"] is not None:
        if segment_clips(table["filenames"], table["lengths"]) is not None:
            raise SchemaError(
                f"{csv_path}: rows are segments, the model was trained on whole clips"
            )
    proba = bundle["estimator"].predict_proba(table["X"])
    return _results(table["filenames"], proba, bundle["classes"])


def _results(names, proba, classes):
    out = []
    for name, p in zip(names, proba):
        out.append((name, classes[int(np.argmax(p))], {c: float(v) for c, v in zip(classes, p)}))
    return out


def predict_files(model_path, files) -> List[Tuple[str, str, Dict[str, float]]]:
    """Genre and class probabilities of audio files.

    Each file's features are extracted by ``fastrosa.extract.extract_file``
    with the compatibility mode (and, for segment models, the segment length)
    the model was trained on, and checked against the model's schema. For a
    segment model the class probabilities of a file are the mean over its
    segments.

    Parameters
    ----------
    model_path : str or Path or dict
        A model saved by `save_model` (or already loaded by `load_model`).
    files : sequence of str or Path
        Audio files.

    Returns
    -------
    list of (file, genre, {genre: probability})

    Raises
    ------
    SchemaError
        The extractor's rows do not match the model's feature schema.
    """
    bundle = _bundle(model_path)
    return [_predict_file(bundle, f) for f in files]


def _bundle(model):
    """A loaded model (as `load_model` returns) or the path of one."""
    return model if isinstance(model, dict) else load_model(model)


def _predict_file(bundle, f) -> Tuple[str, str, Dict[str, float]]:
    from .. import extract

    schema = bundle["schema"]
    f = str(f)
    if schema.get("segment_seconds") is not None:
        rows = extract.extract_file(f, compat=schema["compat"], segment=schema["segment_seconds"])
    else:
        rows = extract.extract_file(f, compat=schema["compat"])
    if not rows:
        raise SchemaError(f"{f}: the extractor returned no rows (shorter than one segment?)")
    names = list(rows[0].keys())
    check_schema(
        schema,
        names,
        lengths=[r["length"] for r in rows] if "length" in names else None,
        source=f"{f} (extractor output)",
    )
    X = np.array([[float(r[c]) for c in schema["columns"]] for r in rows])
    p = bundle["estimator"].predict_proba(X).mean(axis=0)
    return _results([f], [p], bundle["classes"])[0]
