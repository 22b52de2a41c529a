"""Nested cross-validation and the final fit of a genre classifier.

`train` estimates the accuracy of a scikit-learn pipeline by nested
cross-validation (hyperparameters chosen by an inner CV inside each outer
training fold, never on the outer test fold; scaling fitted inside each
fold), then fits the final model on all rows. Rows of segment tables are
split by clip (``StratifiedGroupKFold``): segments of one clip are
near-duplicates, so a random split of segments puts the same recording on
both sides and overstates accuracy.

scikit-learn is imported inside the functions, so importing this module stays light.
(The module is not called ``train.py``: ``fastrosa.genre.train`` is the function.)
"""

from __future__ import annotations

import contextlib
import os
import time
import warnings
from typing import List, Optional

import numpy as np

from .models import DEFAULT_MODEL, make_estimator
from .report import CVPlan, FoldResult, Progress, TrainReport, genre_scores
from .table import SchemaError, make_schema, read_table, segment_clips, undefined_as_zero

__all__ = ["train"]


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


@contextlib.contextmanager
def _unconverged_fits():
    """Count the fits that stop at ``max_iter`` instead of warning once each.

    scikit-learn warns once per fit that stops at ``max_iter`` (an MLP does so
    in most of a grid search's hundreds of fits): the warnings are silenced,
    here and in joblib's worker processes (started with this environment).
    Yields a list that holds, on exit, the number of them in this process.
    """
    from sklearn.exceptions import ConvergenceWarning

    key = "PYTHONWARNINGS"
    rule = "ignore::sklearn.exceptions.ConvergenceWarning"
    saved = os.environ.get(key)
    os.environ[key] = f"{saved},{rule}" if saved else rule
    count: List[int] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            yield count
    finally:
        if saved is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = saved
    count.append(sum(issubclass(w.category, ConvergenceWarning) for w in caught))
    for w in caught:
        if not issubclass(w.category, ConvergenceWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


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


def _grid_size(grid) -> int:
    n = 1
    for v in grid.values():
        n *= len(v)
    return n


def train(
    csv_path,
    *,
    model: str = DEFAULT_MODEL,
    folds: int = 10,
    seed: int = 0,
    inner_folds: int = 5,
    compat: str = "kaggle",
    segments: str = "auto",
    n_jobs: Optional[int] = None,
    progress: Optional[Progress] = None,
) -> TrainReport:
    """Cross-validate a genre classifier on a features CSV, then fit it on all rows.

    Nothing is printed, plotted or saved: `save_model` writes the returned
    report's model, `fastrosa.plot.plot_confusion` draws its confusion matrix.

    Parameters
    ----------
    csv_path : str or Path
        Features table (``filename, length, <features>, label``).
    model : str
        One of `MODELS` (default `DEFAULT_MODEL`, as ``fastrosa train``).
    folds : int >= 2
        Outer folds: stratified k-fold for whole clips, stratified group
        k-fold by clip for segment rows.
    seed : int
        Seed of the fold shuffles and the stochastic models.
    inner_folds : int >= 2
        Folds of the inner CV that chooses hyperparameters within each outer
        training fold (and on all rows, for the final model).
    compat : {"kaggle", "current"}
        The extractor's compatibility mode the table was made with; recorded
        in the schema and used by `predict_files`.
    segments : {"auto", "yes", "no"}
        Whether the rows are segments of clips (``auto``: `segment_clips`).
    n_jobs : int or None
        Parallel fits of the grid search (scikit-learn's meaning).
    progress : Progress or None
        Told of the table's warnings, the plan and each outer fold as they come.

    Returns
    -------
    TrainReport
        Accuracy, macro-F1, the per-genre table and the confusion matrix of
        the outer folds' predictions, the hyperparameters chosen, the fitted
        model and its schema, and the warnings.

    Raises
    ------
    SchemaError
        The table cannot be read, has non-finite values, or is not a segment
        table although ``segments="yes"``.
    ValueError
        Too few rows (clips) per genre for the folds, a single genre, or an
        unknown ``model``, ``compat`` or ``segments``.
    """
    from sklearn.metrics import accuracy_score

    if compat not in ("kaggle", "current"):
        raise ValueError(f"compat={compat!r}: 'kaggle' or 'current'")
    if segments not in ("auto", "yes", "no"):
        raise ValueError(f"segments={segments!r}: 'auto', 'yes' or 'no'")
    progress = progress or Progress()
    table = read_table(csv_path)
    X, y, columns = table["X"], table["y"], table["columns"]
    X, undefined = undefined_as_zero(X)
    if not np.all(np.isfinite(X)):
        raise SchemaError(f"{csv_path}: infinite feature values")
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
    notes = []
    if undefined:
        notes.append(f"{undefined} values are NaN (the skew or kurtosis of a constant feature "
                     "row); they are taken as 0, here and when predicting")
    if grouped:
        notes.append(
            f"{len(y)} rows are segments of {len(set(clips))} clips. Random splits of "
            "segments leak (segments of one clip are near-duplicates and would sit on both "
            "sides), so the folds are grouped by clip (StratifiedGroupKFold)."
        )
    for note in notes:
        progress.warning(note)
    _check_folds(y, clips, folds, inner_folds)
    outer, inner = _splitters(folds, inner_folds, seed, grouped)
    groups = np.asarray(clips) if grouped else None
    n_fit = _smallest_fit(outer, inner, X, y, groups)
    estimator, grid = make_estimator(model, columns, seed=seed, n_fit=n_fit)

    progress.start(CVPlan(model=model, folds=folds, inner_folds=inner_folds, rows=len(y),
                          features=len(columns), genres=len(np.unique(y)), grouped=grouped,
                          settings=_grid_size(grid)))
    pred = np.empty(len(y), dtype=y.dtype)
    fold_params = []
    t_start = time.perf_counter()
    with _unconverged_fits() as cv_unconverged:
        for k, (tr, te) in enumerate(outer.split(X, y, groups)):
            est, params = _fit_selected(
                estimator, grid, X[tr], y[tr], None if groups is None else groups[tr], inner,
                n_jobs)
            pred[te] = est.predict(X[te])
            fold_params.append(params)
            # the final fit on all rows costs about one more fold
            left = (time.perf_counter() - t_start) / (k + 1) * (folds - k)
            progress.fold(FoldResult(fold=k + 1, folds=folds, accuracy=accuracy_score(y[te], pred[te]),
                                     params=params, seconds_left=left))

    labels = sorted(np.unique(y).tolist())
    accuracy, macro_f1, per_genre, confusion = genre_scores(y, pred, labels)

    # the final model: hyperparameters chosen by the inner CV on all rows
    with _unconverged_fits() as final_unconverged:
        final, final_params = _fit_selected(estimator, grid, X, y, groups, inner, n_jobs)

    return TrainReport(
        model=model,
        folds=folds,
        inner_folds=inner_folds,
        seed=seed,
        grouped=grouped,
        accuracy=accuracy,
        macro_f1=macro_f1,
        labels=labels,
        per_genre=per_genre,
        confusion=confusion,
        predictions=pred,
        fold_params=fold_params,
        final_params=final_params,
        estimator=final,
        schema=make_schema(table, compat=compat, segment_length=seg_len),
        warnings=notes,
        unconverged=(cv_unconverged[0], final_unconverged[0]),
    )
