"""What a training run reports: its plan, each outer fold, the result, and their text.

`fastrosa.genre.train` returns a `TrainReport` and tells a `Progress` (if
given one) what it is doing; it prints nothing itself. The ``text()``
methods give the lines ``fastrosa train`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple

import numpy as np

__all__ = ["CVPlan", "FoldResult", "TrainReport", "Progress"]


@dataclass(frozen=True)
class CVPlan:
    """The nested cross-validation about to run."""

    model: str
    folds: int
    inner_folds: int
    rows: int
    features: int
    genres: int
    grouped: bool
    #: points of the hyperparameter grid the inner CV chooses from
    settings: int

    def text(self) -> str:
        return (
            f"{self.model}: {self.folds}-fold {'group ' if self.grouped else ''}CV on {self.rows} "
            f"rows, {self.features} features, {self.genres} genres; hyperparameters by "
            f"{self.inner_folds}-fold inner CV over {self.settings} settings"
        )


@dataclass(frozen=True)
class FoldResult:
    """One outer fold done: its test accuracy and the hyperparameters the inner CV chose."""

    fold: int  # from 1
    folds: int
    accuracy: float
    params: Dict[str, Any]
    #: a guess from the folds so far, counting the final fit on all rows as one more fold
    seconds_left: float

    def text(self) -> str:
        return (f"  fold {self.fold:2d}/{self.folds}: accuracy {self.accuracy:.3f}  "
                f"{format_params(self.params)}  (about {_duration(self.seconds_left)} left)")


@dataclass
class TrainReport:
    """The result of `fastrosa.genre.train`: cross-validated scores and the final model.

    The scores are those of the outer folds' predictions (``predictions``,
    one per row); ``estimator`` is the model fitted on all rows with the
    hyperparameters the inner CV chose there (``final_params``).
    """

    model: str
    folds: int
    inner_folds: int
    seed: int
    #: the folds were grouped by clip (the rows are segments)
    grouped: bool
    accuracy: float
    macro_f1: float
    #: the genres, sorted: the order of ``confusion``'s rows and columns
    labels: List[str]
    #: genre -> precision, recall, f1, support
    per_genre: Dict[str, Dict[str, float]]
    #: rows: true genre, columns: predicted
    confusion: np.ndarray
    predictions: np.ndarray
    #: the hyperparameters chosen in each outer fold
    fold_params: List[Dict[str, Any]]
    final_params: Dict[str, Any]
    estimator: Any
    #: the feature schema of the saved model (`fastrosa.genre.make_schema`)
    schema: Dict[str, Any]
    #: what the user should know about the table (e.g. the folds were grouped by clip)
    warnings: List[str] = field(default_factory=list)
    #: fits in this process that stopped at max_iter before converging, in the
    #: cross-validation and in the final fit (fits in worker processes are not counted)
    unconverged: Tuple[int, int] = (0, 0)

    @property
    def classes(self) -> List[str]:
        """The genres in the order of the estimator's ``predict_proba`` columns."""
        return [str(c) for c in self.estimator.classes_]

    def text(self) -> str:
        """The notes on unconverged fits, the per-genre table, accuracy, macro-F1, final hyperparameters."""
        lines = [f"  note: {n} fit(s) here stopped at max_iter before converging "
                 "(ConvergenceWarning; fits in worker processes are not counted)"
                 for n in self.unconverged if n]
        lines.append(genre_table(self.per_genre, self.accuracy, self.macro_f1))
        lines.append(f"final model {format_params(self.final_params)}")
        return "\n".join(lines)


class Progress:
    """What `fastrosa.genre.train` tells as it goes; each method does nothing here.

    Subclass it to show progress (``fastrosa train`` prints each call).
    """

    def warning(self, message: str) -> None:
        """Something about the table the user should know (also in `TrainReport.warnings`)."""

    def start(self, plan: CVPlan) -> None:
        """The cross-validation is about to start."""

    def fold(self, result: FoldResult) -> None:
        """An outer fold is done."""

    def epoch(self, result) -> None:
        """A CNN training epoch is done (a `fastrosa.genre.cnn.EpochResult`)."""


def genre_scores(y, pred, labels):
    """``(accuracy, macro_f1, per_genre, confusion)`` of predictions ``pred`` of ``y``:
    per_genre maps each label to its precision, recall, f1 and support; the
    confusion matrix's rows are the true labels, its columns the predicted, in
    the order of ``labels``."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(labels)
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    per_genre = {
        lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
        for i, lab in enumerate(labels)
    }
    return (float(accuracy_score(y, pred)), float(f1_score(y, pred, average="macro", labels=labels)),
            per_genre, confusion_matrix(y, pred, labels=labels))


def genre_table(per_genre, accuracy: float, macro_f1: float, unit: str = "") -> str:
    """The per-genre precision/recall/f1/support table, then accuracy and macro-F1
    (``unit``: what was counted, e.g. ``clip``, named in the last two lines)."""
    width = max(8 + len(unit) + bool(unit), max(len(str(g)) for g in per_genre))
    unit = f"{unit} " if unit else ""
    lines = [f"{'genre':<{width}}  precision  recall     f1  support"]
    for g, m in per_genre.items():
        lines.append(f"{str(g):<{width}}  {m['precision']:9.3f}  {m['recall']:6.3f}  "
                     f"{m['f1']:5.3f}  {m['support']:7d}")
    lines.append(f"{unit + 'accuracy':<{width}}  {accuracy:.4f}")
    lines.append(f"{unit + 'macro-F1':<{width}}  {macro_f1:.4f}")
    return "\n".join(lines)


def format_params(params: Dict[str, Any]) -> str:
    """``(C=10.0, gamma=0.03)``: the hyperparameters by their short names ('' for none)."""
    if not params:
        return ""
    return "(" + ", ".join(f"{k.split('__')[0] + '.' if k.count('__') > 1 else ''}{k.rsplit('__', 1)[-1]}={v}"
                           for k, v in params.items()) + ")"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
