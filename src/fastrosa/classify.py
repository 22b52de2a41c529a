"""Music genre classification from GTZAN feature tables.

The commands ``fastrosa train``, ``fastrosa predict`` and ``fastrosa plot``,
and their Python functions:

- `train_model` reads a features CSV (the columns of the published GTZAN
  ``features_30_sec.csv`` / ``features_3_sec.csv``: ``filename, length,
  <feature columns>, label``), estimates the accuracy of a scikit-learn
  pipeline by nested cross-validation (hyperparameters chosen by an inner CV
  inside each outer training fold, never on the outer test fold; scaling
  fitted inside each fold), then fits the final model on all rows and saves
  it with joblib together with the feature schema it was trained on.
- `predict_files` extracts the features of audio files with the schema of a
  saved model and returns the genre and class probabilities of each file;
  `predict_table` does the same for the rows of a features CSV.
- `plot_file` draws the waveform, log-frequency spectrogram, MFCC and
  chromagram of one file.

Rows of segment tables (``--segment`` extraction: ``clip.K.ext`` file names
and a constant ``length``) are split by clip (``StratifiedGroupKFold``):
segments of one clip are near-duplicates, so a random split of segments puts
the same recording on both sides and overstates accuracy.

scikit-learn, joblib and matplotlib (the ``ml`` extra) are imported inside
the functions, so ``import fastrosa`` stays light.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .extract._recipe import COLUMNS, SR

__all__ = [
    "MODELS",
    "DEFAULT_MODEL",
    "SchemaError",
    "read_table",
    "segment_clips",
    "make_estimator",
    "train_model",
    "load_model",
    "check_schema",
    "predict_files",
    "predict_table",
    "plot_file",
    "add_commands",
]

#: Built-in model names, in the order of ``--model``'s choices.
MODELS = ("svm", "knn", "mlp", "hgb", "logreg", "rf", "ensemble")
#: ``fastrosa train``'s default: the most accurate on the GTZAN table in nested
#: cross-validation (``python benchmarks/genre_cv.py``; README.md lists the accuracies).
DEFAULT_MODEL = "ensemble"

#: Columns of a features table that are not model inputs.
META_COLUMNS = ("filename", "length", "label")

_FORMAT = "fastrosa-genre-model"
_FORMAT_VERSION = 1

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
        None), ``filenames``, ``lengths`` (int array or None).

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


def segment_clips(filenames: Sequence[str], lengths=None) -> Optional[List[str]]:
    """Clip id of each row of a segment table, or None for a table of whole clips.

    A table is a segment table when every file name has the form
    ``clip.K.ext`` with an unpadded segment index ``K`` (``blues.00000.3.wav``
    -> clip ``blues.00000``) and every row has the same ``length``. GTZAN
    30-s names (``blues.00000.au``, a zero-padded track number) do not match.

    Examples
    --------
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


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------
def log_variances(X, columns=()):
    """Natural log of the variance columns (``*_var``) of a feature matrix.

    The variances of GTZAN features span several decades and are strongly
    skewed; on a log scale they are close to normal, which suits the
    distance- and gradient-based models. Other columns pass unchanged.
    (A module-level function so that a saved pipeline can be unpickled.)
    """
    X = np.array(X, dtype=np.float64, copy=True)
    if len(columns):
        X[:, columns] = np.log(np.maximum(X[:, columns], 1e-12))
    return X


def make_estimator(model: str, columns: Sequence[str], *, seed: int = 0, n_fit: Optional[int] = None):
    """A scikit-learn pipeline and its hyperparameter grid for a built-in model.

    Every pipeline starts with `log_variances` and a scaler (fitted inside
    each cross-validation fold, as the whole pipeline is) and ends with a
    classifier that has ``predict_proba``:

    - ``svm``: RBF SVM on quantile-normalised features, probabilities by
      temperature scaling; grid C x gamma.
    - ``knn``: k nearest neighbours (distance-weighted); grid k.
    - ``mlp``: one hidden layer of 128 units (L-BFGS); grid alpha.
    - ``hgb``: histogram gradient boosting; grid max_leaf_nodes.
    - ``logreg``: multinomial logistic regression; grid C.
    - ``rf``: random forest of 500 trees; grid max_features.
    - ``ensemble``: soft vote of the SVM and 300 extremely randomised trees;
      grid the SVM's C.

    Parameters
    ----------
    model : str
        One of `MODELS`.
    columns : sequence of str
        The feature column names (to find the ``*_var`` columns).
    seed : int
        Random state of the stochastic models.
    n_fit : int or None
        The smallest number of rows the pipeline will be fitted on (caps the
        quantile transform's number of quantiles).

    Returns
    -------
    estimator, param_grid : Pipeline, dict
        ``param_grid`` may be empty (nothing to choose).
    """
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
        VotingClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, QuantileTransformer, StandardScaler
    from sklearn.svm import SVC

    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    var_cols = [i for i, c in enumerate(columns) if c.endswith("_var")]
    n_quantiles = 300 if n_fit is None else int(max(2, min(300, n_fit)))

    def head(scaler="standard"):
        logv = FunctionTransformer(log_variances, kw_args={"columns": var_cols})
        if scaler == "quantile":
            sc = QuantileTransformer(n_quantiles=n_quantiles, output_distribution="normal", random_state=seed)
        else:
            sc = StandardScaler()
        return [("logvar", logv), ("scale", sc)]

    def svm():
        # temperature scaling turns the SVM's decision values into probabilities
        # without changing which class wins
        clf = CalibratedClassifierCV(
            SVC(kernel="rbf", C=10.0, gamma=0.03), method="temperature", ensemble=False, cv=3
        )
        return Pipeline(head("quantile") + [("clf", clf)])

    def logreg():
        return Pipeline(head("quantile") + [("clf", LogisticRegression(C=0.3, max_iter=5000))])

    def mlp():
        clf = MLPClassifier(
            (128,), alpha=3.0, solver="lbfgs", max_iter=1000, random_state=seed
        )
        return Pipeline(head("quantile") + [("clf", clf)])

    if model == "svm":
        return svm(), {"clf__estimator__C": [3.0, 10.0, 30.0], "clf__estimator__gamma": [0.01, 0.03]}
    if model == "logreg":
        return logreg(), {"clf__C": [0.1, 0.3, 1.0]}
    if model == "mlp":
        return mlp(), {"clf__alpha": [1.0, 3.0, 10.0]}
    if model == "knn":
        est = Pipeline(head("quantile") + [("clf", KNeighborsClassifier(weights="distance"))])
        ks = [k for k in (5, 10, 20) if n_fit is None or k < n_fit] or [max(1, int(n_fit) - 1)]
        return est, {"clf__n_neighbors": ks}
    if model == "hgb":
        clf = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.1, early_stopping=False, random_state=seed
        )
        return Pipeline(head() + [("clf", clf)]), {"clf__max_leaf_nodes": [7, 15]}
    if model == "rf":
        clf = RandomForestClassifier(n_estimators=500, random_state=seed, n_jobs=1)
        return Pipeline(head() + [("clf", clf)]), {"clf__max_features": ["sqrt", 0.25]}
    # ensemble: soft vote of the SVM and extremely randomised trees (trees see the
    # raw features: they are invariant to the monotone log and quantile maps)
    trees = ExtraTreesClassifier(n_estimators=300, random_state=seed, n_jobs=1)
    est = VotingClassifier([("svm", svm()), ("trees", trees)], voting="soft")
    return est, {"svm__clf__estimator__C": [3.0, 10.0]}


def _splitters(folds: int, inner_folds: int, seed: int, grouped: bool):
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if grouped:
        return (
            StratifiedGroupKFold(folds, shuffle=True, random_state=seed),
            StratifiedGroupKFold(inner_folds, shuffle=True, random_state=seed + 1),
        )
    return (
        StratifiedKFold(folds, shuffle=True, random_state=seed),
        StratifiedKFold(inner_folds, shuffle=True, random_state=seed + 1),
    )


def _smallest_fit(outer, inner, X, y, groups) -> int:
    """Rows of the smallest training set of the nested CV (inner folds of every outer fold)."""
    sizes = [len(tr) for tr, _ in inner.split(X, y, groups)]
    for tr, _ in outer.split(X, y, groups):
        g = None if groups is None else groups[tr]
        sizes.extend(len(itr) for itr, _ in inner.split(X[tr], y[tr], g))
    return min(sizes)


def _fit_selected(estimator, grid, X, y, groups, inner, n_jobs):
    """Fit ``estimator`` on (X, y), choosing the grid point by the inner CV."""
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV

    if not grid or all(len(v) == 1 for v in grid.values()):
        est = clone(estimator).set_params(**{k: v[0] for k, v in grid.items()})
        return est.fit(X, y), {k: v[0] for k, v in grid.items()}
    gs = GridSearchCV(clone(estimator), grid, cv=inner, scoring="accuracy", n_jobs=n_jobs, refit=True)
    gs.fit(X, y, groups=groups)
    return gs.best_estimator_, gs.best_params_


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


@contextlib.contextmanager
def _convergence_summary(out):
    """scikit-learn warns once per fit that stops at ``max_iter`` (an MLP
    does so in most of a grid search's hundreds of fits): the warnings are
    silenced, here and in joblib's worker processes (started with this
    environment), and one line says how many there were in this process."""
    from sklearn.exceptions import ConvergenceWarning

    key = "PYTHONWARNINGS"
    rule = "ignore::sklearn.exceptions.ConvergenceWarning"
    saved = os.environ.get(key)
    os.environ[key] = f"{saved},{rule}" if saved else rule
    marker: List[int] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            yield marker
    finally:
        if saved is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = saved
    n = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    for w in caught:
        if not issubclass(w.category, ConvergenceWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if n:
        print(f"  note: {n} fit(s) here stopped at max_iter before converging "
              "(ConvergenceWarning; fits in worker processes are not counted)", file=out)


def _check_folds(y, groups, folds, inner_folds):
    if folds < 2 or inner_folds < 2:
        raise ValueError(f"folds={folds}, inner_folds={inner_folds}: need at least 2 of each")
    labels, counts = np.unique(y, return_counts=True)
    if len(labels) < 2:
        raise ValueError("the table has a single label: nothing to classify")
    unit = "rows"
    if groups is not None:
        counts = np.array([len(set(np.asarray(groups)[y == lab])) for lab in labels])
        unit = "clips"
    # every outer test fold gets one of each class, and the rest feeds the inner CV
    ok = (counts >= folds) & (counts - np.ceil(counts / folds) >= inner_folds)
    if not np.all(ok):
        raise ValueError(
            f"too few {unit} per genre for {folds}-fold CV with {inner_folds}-fold inner CV: "
            + ", ".join(f"{lab} ({c})" for lab, c, g in zip(labels, counts, ok) if not g)
        )


def train_model(
    csv_path,
    model_path,
    *,
    model: str = "svm",
    folds: int = 10,
    seed: int = 0,
    report_dir=None,
    inner_folds: int = 5,
    compat: str = "kaggle",
    segments: str = "auto",
    n_jobs: Optional[int] = None,
    verbose: bool = True,
) -> Dict[str, Any]:
    """Cross-validate a genre classifier on a features CSV, then fit and save it.

    Parameters
    ----------
    csv_path : str or Path
        Features table (``filename, length, <features>, label``).
    model_path : str or Path
        Where the fitted model is written (joblib).
    model : str
        One of `MODELS`. ``fastrosa train`` defaults to `DEFAULT_MODEL`
        (``ensemble``, the most accurate); this function to the faster ``svm``.
    folds : int >= 2
        Outer folds: stratified k-fold for whole clips, stratified group
        k-fold by clip for segment rows.
    seed : int
        Seed of the fold shuffles and the stochastic models.
    report_dir : str or Path or None
        Folder of the confusion-matrix PNG (default: beside the model).
    inner_folds : int >= 2
        Folds of the inner CV that chooses hyperparameters within each outer
        training fold (and on all rows, for the saved model).
    compat : {"kaggle", "current"}
        The extractor's compatibility mode the table was made with; recorded
        in the model and used by `predict_files`.
    segments : {"auto", "yes", "no"}
        Whether the rows are segments of clips (``auto``: `segment_clips`).
    n_jobs : int or None
        Parallel fits of the grid search (scikit-learn's meaning).
    verbose : bool
        Print the report.

    Returns
    -------
    dict
        ``accuracy``, ``macro_f1``, ``per_genre`` (genre -> precision, recall,
        f1, support), ``labels``, ``confusion`` (rows: true, columns:
        predicted), ``best_params`` (per outer fold and ``final``),
        ``grouped``, ``model``, ``model_path``, ``confusion_png``.
    """
    import joblib
    from sklearn import __version__ as skl_version
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    if compat not in ("kaggle", "current"):
        raise ValueError(f"compat={compat!r}: 'kaggle' or 'current'")
    if segments not in ("auto", "yes", "no"):
        raise ValueError(f"segments={segments!r}: 'auto', 'yes' or 'no'")
    out = sys.stdout if verbose else open(os.devnull, "w")
    try:
        table = read_table(csv_path)
        X, y, columns = table["X"], table["y"], table["columns"]
        if not np.all(np.isfinite(X)):
            raise SchemaError(f"{csv_path}: non-finite feature values")
        clips = None
        if segments != "no":
            clips = segment_clips(table["filenames"], table["lengths"])
            if clips is None and segments == "yes":
                raise SchemaError(
                    f"{csv_path}: --segments yes, but the file names are not clip.K.ext "
                    "with one length"
                )
        grouped = clips is not None
        seg_len = int(table["lengths"][0]) if grouped and table["lengths"] is not None else None
        if grouped:
            print(
                f"warning: {len(y)} rows are segments of {len(set(clips))} clips. Random splits of "
                "segments leak (segments of one clip are near-duplicates and would sit on both "
                "sides), so the folds are grouped by clip (StratifiedGroupKFold).",
                file=sys.stderr,
            )
        _check_folds(y, clips, folds, inner_folds)
        outer, inner = _splitters(folds, inner_folds, seed, grouped)
        groups = np.asarray(clips) if grouped else None
        n_fit = _smallest_fit(outer, inner, X, y, groups)
        estimator, grid = make_estimator(model, columns, seed=seed, n_fit=n_fit)

        print(
            f"{model}: {folds}-fold {'group ' if grouped else ''}CV on {len(y)} rows, "
            f"{len(columns)} features, {len(np.unique(y))} genres; hyperparameters by "
            f"{inner_folds}-fold inner CV over {_grid_size(grid)} settings",
            file=out,
        )
        pred = np.empty(len(y), dtype=y.dtype)
        fold_params = []
        t_start = time.perf_counter()
        with _convergence_summary(out) as fits:
            for k, (tr, te) in enumerate(outer.split(X, y, groups)):
                est, params = _fit_selected(
                    estimator, grid, X[tr], y[tr], None if groups is None else groups[tr], inner,
                    n_jobs)
                pred[te] = est.predict(X[te])
                fold_params.append(params)
                acc_k = accuracy_score(y[te], pred[te])
                # the final fit on all rows costs about one more fold
                left = (time.perf_counter() - t_start) / (k + 1) * (folds - k)
                print(f"  fold {k + 1:2d}/{folds}: accuracy {acc_k:.3f}  {_fmt_params(params)}"
                      f"  (about {_duration(left)} left)", file=out, flush=True)
            fits.append(1)

        labels = sorted(np.unique(y).tolist())
        acc = float(accuracy_score(y, pred))
        f1 = float(f1_score(y, pred, average="macro"))
        p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
        per_genre = {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)
        }
        cm = confusion_matrix(y, pred, labels=labels)

        # the saved model: hyperparameters chosen by the inner CV on all rows
        with _convergence_summary(out):
            final, final_params = _fit_selected(estimator, grid, X, y, groups, inner, n_jobs)

        model_path = Path(model_path)
        model_path.parent.mkdir(parents=True, exist_ok=True)
        schema = {
            "columns": list(columns),
            "header": list(table["header"]),
            "compat": compat,
            "segment_length": seg_len,
            "segment_seconds": None if seg_len is None else round(seg_len / SR, 3),
            "sr": SR,
        }
        bundle = {
            "format": _FORMAT,
            "version": _FORMAT_VERSION,
            "model": model,
            "estimator": final,
            "classes": [str(c) for c in final.classes_],
            "schema": schema,
            "params": final_params,
            "cv": {"folds": folds, "grouped": grouped, "accuracy": acc, "macro_f1": f1, "seed": seed},
            "sklearn_version": skl_version,
        }
        joblib.dump(bundle, model_path)

        rdir = Path(report_dir) if report_dir is not None else model_path.parent
        rdir.mkdir(parents=True, exist_ok=True)
        png = rdir / (model_path.stem + "_confusion.png")
        _plot_confusion(cm, labels, png, title=f"{model}: {folds}-fold CV accuracy {acc:.3f}")

        print(_report_table(per_genre, acc, f1), file=out)
        print(f"final model {_fmt_params(final_params)}", file=out)
        print(f"model      : {model_path}", file=out)
        print(f"confusion  : {png}", file=out)
        return {
            "model": model,
            "accuracy": acc,
            "macro_f1": f1,
            "per_genre": per_genre,
            "labels": labels,
            "confusion": cm.tolist(),
            "best_params": {"folds": fold_params, "final": final_params},
            "grouped": grouped,
            "predictions": pred.tolist(),
            "model_path": str(model_path),
            "confusion_png": str(png),
        }
    finally:
        if out is not sys.stdout:
            out.close()


def _grid_size(grid) -> int:
    n = 1
    for v in grid.values():
        n *= len(v)
    return n


def _fmt_params(params) -> str:
    if not params:
        return ""
    return "(" + ", ".join(f"{k.split('__')[0] + '.' if k.count('__') > 1 else ''}{k.rsplit('__', 1)[-1]}={v}"
                           for k, v in params.items()) + ")"


def _report_table(per_genre, acc, f1) -> str:
    width = max(8, max(len(g) for g in per_genre))
    lines = [f"{'genre':<{width}}  precision  recall     f1  support"]
    for g, m in per_genre.items():
        lines.append(
            f"{g:<{width}}  {m['precision']:9.3f}  {m['recall']:6.3f}  {m['f1']:5.3f}  {m['support']:7d}"
        )
    lines.append(f"{'accuracy':<{width}}  {acc:.4f}")
    lines.append(f"{'macro-F1':<{width}}  {f1:.4f}")
    return "\n".join(lines)


def _plot_confusion(cm, labels, path, title=""):
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    n = len(labels)
    fig = Figure(figsize=(1.0 + 0.6 * n, 0.8 + 0.55 * n), layout="constrained")
    ax = fig.subplots()
    im = ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    thresh = cm.max() / 2.0 if cm.size else 0
    for i in range(n):
        for j in range(n):
            ax.text(j, i, str(cm[i, j]), ha="center", va="center",
                    color="white" if cm[i, j] > thresh else "black", fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.8)
    fig.savefig(path, dpi=100)


# ---------------------------------------------------------------------------
# Using a saved model
# ---------------------------------------------------------------------------
def load_model(model_path) -> Dict[str, Any]:
    """Load a model saved by `train_model` (a dict: estimator, classes, schema ...)."""
    import joblib

    bundle = joblib.load(model_path)
    if not isinstance(bundle, dict) or bundle.get("format") != _FORMAT:
        raise SchemaError(f"{model_path}: not a fastrosa genre model")
    if bundle.get("version") != _FORMAT_VERSION:
        raise SchemaError(
            f"{model_path}: model format version {bundle.get('version')}, this fastrosa reads "
            f"{_FORMAT_VERSION}"
        )
    return bundle


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
        A model saved by `train_model` (or already loaded by `load_model`).
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
    from . import extract

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


# ---------------------------------------------------------------------------
# Plot of one file
# ---------------------------------------------------------------------------
def plot_file(path, out_path, *, sr: Optional[float] = 22050, duration: Optional[float] = None) -> str:
    """Waveform, log-frequency spectrogram, MFCC and chromagram of one audio file.

    The four panels of the GTZAN tutorials, drawn with `fastrosa.display`
    from fastrosa's own features, saved as a PNG (or any format matplotlib
    infers from ``out_path``'s suffix).

    Parameters
    ----------
    path : str or Path
        Audio file (read with ``fastrosa.load``).
    out_path : str or Path
        The image to write.
    sr : number or None
        Sampling rate to load at (None: the file's own).
    duration : float or None
        Only the first ``duration`` seconds.

    Returns
    -------
    str
        ``out_path``.
    """
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    import fastrosa
    from . import display

    y, sr = fastrosa.load(path, sr=sr, duration=duration)
    S_db = fastrosa.amplitude_to_db(np.abs(fastrosa.stft(y)), ref=np.max)
    mfcc = fastrosa.feature.mfcc(y=y, sr=sr, n_mfcc=20)
    chroma = fastrosa.feature.chroma_stft(y=y, sr=sr)

    fig = Figure(figsize=(10, 11), layout="constrained")
    axes = fig.subplots(4, 1, sharex=True)
    display.waveshow(y, sr=sr, ax=axes[0])
    axes[0].set(title=f"{Path(path).name}: waveform", xlabel=None)
    img = display.specshow(S_db, sr=sr, x_axis="time", y_axis="log", ax=axes[1])
    fig.colorbar(img, ax=axes[1], format="%+2.0f dB")
    axes[1].set(title="log-frequency power spectrogram", xlabel=None)
    # each coefficient standardised over time, so that MFCC 0 does not swamp the rest
    mfcc = (mfcc - mfcc.mean(axis=1, keepdims=True)) / (mfcc.std(axis=1, keepdims=True) + 1e-10)
    img = display.specshow(mfcc, sr=sr, x_axis="time", ax=axes[2])
    fig.colorbar(img, ax=axes[2])
    axes[2].set(title="MFCC 1-20 (each standardised)", ylabel="coefficient", xlabel=None)
    img = display.specshow(chroma, sr=sr, x_axis="time", y_axis="chroma", ax=axes[3], cmap="coolwarm")
    fig.colorbar(img, ax=axes[3])
    axes[3].set(title="chromagram", xlim=(0, len(y) / sr))
    fig.savefig(out_path, dpi=90)
    return str(out_path)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def _cmd_train(args) -> int:
    try:
        train_model(
            args.csv,
            args.output,
            model=args.model,
            folds=args.folds,
            seed=args.seed,
            report_dir=args.report_dir,
            inner_folds=args.inner_folds,
            compat=args.compat,
            segments=args.segments,
            n_jobs=args.jobs,
        )
    except (SchemaError, ValueError, OSError) as exc:
        print(f"fastrosa train: error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_predict(args) -> int:
    from .extract._runner import find_audio, tsv_field

    status = 0
    try:
        bundle = load_model(args.model)
    except (SchemaError, OSError) as exc:
        print(f"fastrosa predict: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a file that is not a model: one line, not a traceback
        print(f"fastrosa predict: error: {args.model} is not a model written by 'fastrosa train' "
              f"({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    files = []
    for f in args.files:  # a folder stands for the audio files under it
        files.extend(find_audio(f) if os.path.isdir(f) else [f])
    if not files:
        print(f"fastrosa predict: error: no audio files under {', '.join(args.files)}",
              file=sys.stderr)
        return 2
    for f in files:
        try:
            if str(f).lower().endswith(".csv"):
                res = predict_table(bundle, f)
            else:
                res = [_predict_file(bundle, f)]
        except SchemaError as exc:
            print(f"fastrosa predict: error: {exc}", file=sys.stderr)
            return 2
        except Exception as exc:  # noqa: BLE001 - report the file and go on
            print(f"{f}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        for name, genre, probs in res:
            ranked = sorted(probs.items(), key=lambda kv: -kv[1])
            if args.top:
                ranked = ranked[: args.top]
            print(f"{tsv_field(os.fspath(name))}\t{genre}\t"
                  + "  ".join(f"{g} {p:.3f}" for g, p in ranked))
    return status


def _cmd_plot(args) -> int:
    try:
        out = plot_file(args.file, args.output, duration=args.duration)
    except Exception as exc:  # noqa: BLE001
        print(f"fastrosa plot: error: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0


def add_commands(subparsers) -> None:
    """Register ``train``, ``predict`` and ``plot`` on an argparse subparsers object.

    Each sets ``func``: a callable taking the parsed arguments and returning
    the exit code.
    """
    p = subparsers.add_parser(
        "train",
        help="cross-validate and fit a genre classifier on a features CSV",
        description="Nested cross-validation (hyperparameters chosen inside each training fold) "
        "of a scikit-learn pipeline on a GTZAN-style features CSV; prints accuracy, macro-F1 and "
        "a per-genre table, saves a confusion-matrix PNG and the model fitted on all rows.",
    )
    p.add_argument("csv", help="features CSV (filename, length, features..., label)")
    p.add_argument("-o", "--output", required=True, help="model file to write (joblib)")
    p.add_argument("--model", choices=MODELS, default=DEFAULT_MODEL, help=f"default: {DEFAULT_MODEL}")
    p.add_argument("--folds", type=int, default=10, help="outer CV folds (default: 10)")
    p.add_argument("--inner-folds", type=int, default=5, help="inner CV folds (default: 5)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--report-dir", default=None, help="folder of the confusion-matrix PNG (default: beside the model)")
    p.add_argument("--compat", choices=("kaggle", "current"), default="kaggle",
                   help="extractor mode the CSV was made with, used by predict (default: kaggle)")
    p.add_argument("--segments", choices=("auto", "yes", "no"), default="auto",
                   help="rows are segments of clips: group the folds by clip (default: detect)")
    p.add_argument("--jobs", type=int, default=-1, help="parallel fits (default: all cores)")
    p.set_defaults(func=_cmd_train)

    p = subparsers.add_parser(
        "predict",
        help="genre and class probabilities of audio files (or rows of a features CSV)",
        description="Print, for each audio file (folders stand for the audio files under them) "
        "or each row of a features CSV, the most probable genre and the class probabilities, "
        "one line each: name, genre, probabilities (tab-separated; a tab, newline or backslash "
        "in a name is written \\t, \\n, \\\\).",
    )
    p.add_argument("model", help="model file written by 'fastrosa train'")
    p.add_argument("files", nargs="+", metavar="FILE", help="audio files or folders, or features CSVs")
    p.add_argument("--top", type=int, default=0, help="print only the K most probable genres")
    p.set_defaults(func=_cmd_predict)

    p = subparsers.add_parser(
        "plot", help="waveform, log-frequency spectrogram, MFCC and chromagram of a file",
        description="Draw a file's waveform, log-frequency spectrogram, MFCCs and chromagram "
        "into one image (matplotlib, in the 'ml' extra).",
    )
    p.add_argument("file", help="audio file")
    p.add_argument("-o", "--output", required=True, help="image to write (e.g. out.png)")
    p.add_argument("--duration", type=float, default=None, help="only the first SECONDS")
    p.set_defaults(func=_cmd_plot)
