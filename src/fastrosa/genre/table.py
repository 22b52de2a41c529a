"""The features table: reading and validating a GTZAN-style CSV, and the feature schema.

A features table has the columns of the published GTZAN ``features_30_sec.csv``
/ ``features_3_sec.csv``: ``filename, length, <feature columns>, label``.
Rows of segment tables (``--segment`` extraction: ``clip.K.ext`` file names
and a constant ``length``) are told apart from whole clips by `segment_clips`.
A model's schema (`make_schema`) records the columns and segment length it was
trained on; `check_schema` refuses features that differ from it.
"""

from __future__ import annotations

import csv
import os
import re
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..extract._recipe import COLUMNS, SR

__all__ = ["SchemaError", "META_COLUMNS", "SR", "read_table", "segment_clips", "make_schema",
           "check_schema", "undefined_as_zero"]

#: Columns of a features table that are not model inputs.
META_COLUMNS = ("filename", "length", "label")

# clip.K.ext: K, the segment index, is an unpadded integer ("0", "12"; not "00012",
# which is the track number of a GTZAN 30-s file name such as blues.00012.au)
_SEGMENT_RE = re.compile(r"^(?P<clip>.+)\.(?P<k>0|[1-9][0-9]*)\.(?P<ext>[A-Za-z0-9]+)$")


class SchemaError(ValueError):
    """A features table or extractor output does not match a model's feature schema."""


# ---------------------------------------------------------------------------
# Reading a features table
# ---------------------------------------------------------------------------
def read_table(csv_path, *, require_label: bool = True) -> Dict[str, Any]:
    """Read a features CSV.

    Parameters
    ----------
    csv_path : str or Path
        A table with a header row: ``filename``, optionally ``length``, the
        numeric feature columns, and ``label`` (the genre).
    require_label : bool
        Fail when the table has no ``label`` column.

    Returns
    -------
    dict
        ``header`` (all column names), ``columns`` (the feature column names,
        in order), ``X`` (float64 array, rows x features), ``y`` (labels or
        None), ``filenames``, ``lengths`` (int array or None), ``preset``
        ('fma' for a table in the FMA layout, whose three header rows become
        columns named ``feature_statistic_number``; else 'gtzan').

    Raises
    ------
    SchemaError
        Missing ``filename``/``label`` column, no rows, a non-numeric value, a
        column that looks like a saved DataFrame index, a repeated row, or
        labels that differ only in case.

    Notes
    -----
    A table to train on (``require_label``) that holds every GTZAN feature
    column is read for exactly those; other columns are left out, with a
    warning. A UTF-8 byte-order mark (as
    Excel writes) is skipped.
    """
    csv_path = Path(csv_path)
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise SchemaError(f"{csv_path}: empty file") from None
        rows = [r for r in reader if r]
    header = [h.strip() for h in header]
    preset = "gtzan"
    if header[:1] == ["feature"] and [r[:1] for r in rows[:2]] == [["statistics"], ["number"]]:
        # the FMA layout (fastrosa extract --preset fma): three header rows; columns
        # named feature_statistic_number, the first the file's path
        preset = "fma"
        header = ["filename"] + ["_".join(t) for t in zip(header[1:-1], rows[0][1:-1], rows[1][1:-1])] \
            + header[-1:]
        rows = rows[2:]
    if "filename" not in header:
        raise SchemaError(f"{csv_path}: no 'filename' column (header: {', '.join(header[:4])}, ...)")
    if require_label and "label" not in header:
        raise SchemaError(f"{csv_path}: no 'label' column: cannot train without genre labels")
    if not rows:
        raise SchemaError(f"{csv_path}: no rows")
    columns = _feature_columns(csv_path, header, training=require_label)
    idx = [header.index(c) for c in columns]
    X = np.empty((len(rows), len(columns)))
    for i, r in enumerate(rows):
        if len(r) != len(header):
            raise SchemaError(f"{csv_path}: row {i + 2} has {len(r)} fields, the header {len(header)}")
        try:
            X[i] = [float(r[j]) for j in idx]
        except ValueError:
            bad = next(columns[k] for k, j in enumerate(idx) if not _is_float(r[j]))
            raise SchemaError(f"{csv_path}: row {i + 2}: column {bad!r} is not a number") from None
    fi = header.index("filename")
    _check_rows(csv_path, rows, fi, header.index("label") if "label" in header else None)
    out: Dict[str, Any] = {
        "header": header,
        "columns": columns,
        "X": X,
        "filenames": [r[fi] for r in rows],
        "y": np.array([r[header.index("label")] for r in rows]) if "label" in header else None,
        "lengths": None,
        "preset": preset,
    }
    if "length" in header:
        li = header.index("length")
        try:
            out["lengths"] = np.array([int(float(r[li])) for r in rows])
        except ValueError:
            raise SchemaError(f"{csv_path}: the 'length' column is not numeric") from None
    return out


def _feature_columns(csv_path, header, training: bool) -> List[str]:
    """The model inputs among ``header``'s columns (see read_table); a table to
    predict keeps every column, for the model's schema check to judge."""
    gtzan = set(COLUMNS) - set(META_COLUMNS)
    rest = [c for c in header if c not in META_COLUMNS]
    if training and gtzan <= set(header):
        extra = [c for c in rest if c not in gtzan]
        if extra:
            warnings.warn(f"{csv_path}: columns that are not GTZAN features are left out: "
                          f"{', '.join(repr(c) for c in extra)}", UserWarning, stacklevel=3)
        return [c for c in rest if c in gtzan]
    index = [c for c in rest if c == "" or c.lower() == "index" or c.startswith("Unnamed:")]
    if index:
        raise SchemaError(f"{csv_path}: column {index[0]!r} looks like a saved DataFrame index, "
                          "not a feature; drop it (pandas: to_csv(index=False))")
    if not rest:
        raise SchemaError(f"{csv_path}: no feature columns")
    return rest


def _check_rows(csv_path, rows, fi, li) -> None:
    """No row twice, and no two labels that differ only in case."""
    seen: Dict[Tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        key = (r[fi], r[li] if li is not None else "")
        if key in seen:
            raise SchemaError(f"{csv_path}: row {i + 2} repeats row {seen[key] + 2} "
                              f"({r[fi]!r}); remove the duplicates")
        seen[key] = i
    if li is not None:
        by_case: Dict[str, set] = {}
        for r in rows:
            by_case.setdefault(r[li].casefold(), set()).add(r[li])
        clash = next((sorted(v) for v in by_case.values() if len(v) > 1), None)
        if clash:
            raise SchemaError(f"{csv_path}: labels that differ only in case: "
                              f"{', '.join(clash)}; spell each genre one way")


def _is_float(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def undefined_as_zero(X):
    """``(X, n)``: the feature matrix with its NaN values taken as 0, and how many
    there were. NaN is what scipy.stats (and so the FMA table) gives for the skew
    and kurtosis of a constant feature row (a pitch class that never sounds):
    no spread, nothing skewed; the models need a number."""
    nan = np.isnan(X)
    n = int(nan.sum())
    return (np.where(nan, 0.0, X) if n else X), n


def segment_clips(filenames: Sequence[str], lengths=None) -> Optional[List[str]]:
    """Clip id of each row of a segment table, or None for a table of whole clips.

    A table is a segment table when every file name has the form
    ``clip.K.ext`` with an unpadded segment index ``K`` (``blues.00000.3.wav``
    -> clip ``blues.00000``) and every row has the same ``length``. GTZAN
    30-s names (``blues.00000.au``, a zero-padded track number) do not match.

    Examples
    --------
    >>> from fastrosa.genre import segment_clips
    >>> segment_clips(["a.00000.0.wav", "a.00000.1.wav"], [66149, 66149])
    ['a.00000', 'a.00000']
    >>> segment_clips(["blues.00000.au", "blues.00001.au"], [661794, 661794]) is None
    True
    """
    matches = [_SEGMENT_RE.match(os.path.basename(f)) for f in filenames]
    if not matches or not all(matches):
        return None
    if lengths is not None:
        # one length, and that of a segment as extract writes it: a whole
        # number of milliseconds of samples at SR, less one (an unpadded
        # track number, blues.5.wav, is not a segment index)
        if len(np.unique(lengths)) != 1 or (int(lengths[0]) + 1) * 1000 % SR != 0:
            return None
    clips = [m.group("clip") for m in matches]  # type: ignore[union-attr]
    if len(set(clips)) == len(clips):  # one row per "clip": not segments
        return None
    return clips


def make_schema(table: Dict[str, Any], *, compat: str, segment_length: Optional[int]) -> Dict[str, Any]:
    """The feature schema of a model trained on ``table`` (as `read_table` returns).

    ``compat`` is the extractor mode the table was made with; ``segment_length``
    the ``length`` of its rows when they are segments of clips (else None).
    A table of whole clips with a ``length`` column also gives the clip length
    (``clip_length``, the median) and the shortest clip (``min_length``), by
    which `fastrosa.genre.predict_files` cuts longer audio into windows.
    """
    whole = segment_length is None and table.get("lengths") is not None
    return {
        "clip_length": int(np.median(table["lengths"])) if whole else None,
        "min_length": int(np.min(table["lengths"])) if whole else None,
        "columns": list(table["columns"]),
        "header": list(table["header"]),
        "compat": compat,
        "segment_length": segment_length,
        "segment_seconds": None if segment_length is None else round(segment_length / SR, 3),
        "sr": SR,
        "preset": table.get("preset", "gtzan"),
    }


def check_schema(schema: Dict[str, Any], columns: Sequence[str], *, lengths=None, source: str = "input") -> None:
    """Refuse features whose columns (names and order) or segment length differ from ``schema``.

    Parameters
    ----------
    schema : dict
        The ``schema`` of a saved model.
    columns : sequence of str
        Feature column names of the input, in order (meta columns are ignored).
    lengths : array of int or None
        The input's ``length`` values, checked against a segment model's.
    source : str
        Named in the error message.

    Raises
    ------
    SchemaError
    """
    got = [c for c in columns if c not in META_COLUMNS]
    want = list(schema["columns"])
    if got != want:
        missing = [c for c in want if c not in got]
        extra = [c for c in got if c not in want]
        if missing or extra:
            detail = []
            if missing:
                detail.append(f"missing {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
            if extra:
                detail.append(f"unexpected {', '.join(extra[:5])}{' ...' if len(extra) > 5 else ''}")
            detail = "; ".join(detail)
        else:
            k = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b)
            detail = f"column {k + 1} is {got[k]!r}, the model's is {want[k]!r}"
        raise SchemaError(
            f"{source}: features do not match the model's schema ({len(want)} columns): {detail}"
        )
    seg = schema.get("segment_length")
    if lengths is not None and len(lengths):
        lengths = np.asarray(lengths)
        if seg is not None and np.any(lengths != seg):
            bad = int(lengths[lengths != seg][0])
            raise SchemaError(
                f"{source}: the model was trained on {schema['segment_seconds']} s segments "
                f"(length {seg}); the input has length {bad}"
            )
