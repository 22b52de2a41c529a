"""The model zoo: the built-in scikit-learn pipelines and their hyperparameter grids.

scikit-learn is imported inside `make_estimator`, so importing this module stays light.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

__all__ = ["MODELS", "DEFAULT_MODEL", "log_variances", "make_estimator"]

#: Built-in model names, in the order of ``--model``'s choices.
MODELS = ("svm", "knn", "mlp", "hgb", "logreg", "rf", "ensemble")
#: The default of `fastrosa.genre.train` and of ``fastrosa train``: the most accurate on the
#: GTZAN table in nested cross-validation (``python benchmarks/genre_cv.py``; README.md lists
#: the accuracies).
DEFAULT_MODEL = "ensemble"


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
