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
        width = max(8, max(len(g) for g in self.per_genre))
        lines.append(f"{'genre':<{width}}  precision  recall     f1  support")
        for g, m in self.per_genre.items():
            lines.append(f"{g:<{width}}  {m['precision']:9.3f}  {m['recall']:6.3f}  "
                         f"{m['f1']:5.3f}  {m['support']:7d}")
        lines.append(f"{'accuracy':<{width}}  {self.accuracy:.4f}")
        lines.append(f"{'macro-F1':<{width}}  {self.macro_f1:.4f}")
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


def format_params(params: Dict[str, Any]) -> str:
    """``(C=10.0, gamma=0.03)``: the hyperparameters by their short names ('' for none)."""
    if not params:
        return ""
    return "(" + ", ".join(f"{k.split('__')[0] + '.' if k.count('__') > 1 else ''}{k.rsplit('__', 1)[-1]}={v}"
                           for k, v in params.items()) + ")"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"
