"""The saved model file: what `save_model` writes and `load_model` reads.

A joblib file holding a dict: the fitted estimator, its classes, the feature
schema it was trained on, the chosen hyperparameters and the cross-validated
scores. joblib (the ``ml`` extra) is imported inside the functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from .report import TrainReport
from .table import SchemaError

__all__ = ["save_model", "load_model"]

_FORMAT = "fastrosa-genre-model"
_FORMAT_VERSION = 1


def save_model(report: TrainReport, model_path) -> Path:
    """Write the model of a `TrainReport`, with its feature schema, to a joblib file.

    Parameters
    ----------
    report : TrainReport
        What `fastrosa.genre.train` returned.
    model_path : str or Path
        The file to write; its folder is made if it does not exist.

    Returns
    -------
    Path
        ``model_path``.
    """
    import joblib
    from sklearn import __version__ as skl_version

    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    bundle = {
        "format": _FORMAT,
        "version": _FORMAT_VERSION,
        "model": report.model,
        "estimator": report.estimator,
        "classes": report.classes,
        "schema": report.schema,
        "params": report.final_params,
        "cv": {"folds": report.folds, "grouped": report.grouped, "accuracy": report.accuracy,
               "macro_f1": report.macro_f1, "seed": report.seed},
        "sklearn_version": skl_version,
    }
    joblib.dump(bundle, model_path)
    return model_path


def load_model(model_path) -> Dict[str, Any]:
    """Load a model saved by `save_model` (or a network saved by `save_cnn`).

    Returns
    -------
    dict
        ``estimator``, ``classes``, ``schema``, ``params`` (the chosen
        hyperparameters), ``cv`` (folds and scores) ...

    Raises
    ------
    SchemaError
        Not a fastrosa genre model, another format version, or a model saved
        by a fastrosa older than ``fastrosa.genre``.
    """
    import zipfile

    import joblib

    if zipfile.is_zipfile(model_path):  # torch.save's format: a CNN
        from .cnn import load_cnn

        return load_cnn(model_path)
    try:
        bundle = joblib.load(model_path)
    except ModuleNotFoundError as exc:
        if exc.name != "fastrosa.classify":
            raise
        # the pipelines of fastrosa before fastrosa.genre named fastrosa.classify.log_variances
        raise SchemaError(f"{model_path}: a model saved by an older fastrosa (fastrosa.classify); "
                          "train it again with 'fastrosa train'") from None
    if not isinstance(bundle, dict) or bundle.get("format") != _FORMAT:
        raise SchemaError(f"{model_path}: not a fastrosa genre model")
    if bundle.get("version") != _FORMAT_VERSION:
        raise SchemaError(
            f"{model_path}: model format version {bundle.get('version')}, this fastrosa reads "
            f"{_FORMAT_VERSION}"
        )
    bundle.setdefault("kind", "features")
    return bundle
