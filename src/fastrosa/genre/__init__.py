"""Music genre classification from GTZAN feature tables.

The Python side of ``fastrosa train`` and ``fastrosa predict``:

- `train` reads a features CSV (the columns of the published GTZAN
  ``features_30_sec.csv`` / ``features_3_sec.csv``: ``filename, length,
  <feature columns>, label``), estimates the accuracy of a scikit-learn
  pipeline by nested cross-validation, fits the final model on all rows and
  returns a `TrainReport`; `save_model` writes that model with the feature
  schema it was trained on.
- `predict_files` extracts the features of audio files with the schema of a
  saved model and returns the genre and class probabilities of each file
  (the mean over windows of the model's clip or segment length);
  `predict_table` does the same for the rows of a features CSV.
- `train_cnn` cross-validates a CNN (PyTorch, the ``cnn`` extra) on the
  segment arrays of ``fastrosa export``, grouped by clip; `save_cnn` writes it.

The parts: `table` (reading and validating a features table, the schema),
`models` (the built-in pipelines), `training` (nested cross-validation),
`report` (what training returns), `modelfile` (saving and loading a model),
`predict`, `cnn`. The figures (`fastrosa.plot`) and the printing (``fastrosa``'s
command line) live outside this package.

scikit-learn and joblib (the ``ml`` extra) are imported inside the functions,
so ``import fastrosa.genre`` stays light.
"""

from .table import META_COLUMNS, SR, SchemaError, check_schema, make_schema, read_table, segment_clips
from .models import DEFAULT_MODEL, MODELS, log_variances, make_estimator
from .report import CVPlan, FoldResult, Progress, TrainReport
from .training import train
from .modelfile import load_model, save_model
from .predict import Prediction, predict_files, predict_table, window_bounds
from .cnn import CNN_MODELS, DEFAULT_CNN, CNNReport, EpochResult, load_cnn, save_cnn, train_cnn

__all__ = [
    "MODELS",
    "DEFAULT_MODEL",
    "META_COLUMNS",
    "SR",
    "SchemaError",
    "read_table",
    "segment_clips",
    "make_schema",
    "check_schema",
    "log_variances",
    "make_estimator",
    "CVPlan",
    "FoldResult",
    "Progress",
    "TrainReport",
    "train",
    "save_model",
    "load_model",
    "Prediction",
    "predict_files",
    "predict_table",
    "window_bounds",
    "CNN_MODELS",
    "DEFAULT_CNN",
    "CNNReport",
    "EpochResult",
    "train_cnn",
    "save_cnn",
    "load_cnn",
]
