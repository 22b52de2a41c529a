"""Convolutional genre classifiers on the segment arrays of ``fastrosa export``.

`train_cnn` cross-validates a CNN with folds grouped by clip (segments of one
clip never on both sides), stops each fit early on a validation split of the
training fold's own clips, then fits the final network on every clip the same
way. A clip's class is the mean of its segments' probabilities; the report
gives segment and clip accuracy, and the clip-level macro-F1, per-genre table
and confusion matrix.

Two networks (`CNN_MODELS`):

- ``cnn-tutorial``: the GTZAN tutorials' network on (frames x coefficients)
  inputs: three blocks of convolution (32, 32 and 64 filters; 3x3, 3x3 and
  2x2 kernels), ReLU, max-pooling and batch normalisation, then a dense layer
  of 128 with dropout 0.3 and the softmax (about 142,000 parameters on
  13 x 130 MFCC segments).
- ``cnn`` (the default): four blocks of a 3x3 convolution with batch
  normalisation (16, 32, 64, 64 filters), ReLU and 2x2 max-pooling, then
  global average pooling, dropout 0.3 and the linear layer. Pooling over the
  whole map makes it see a pattern the same wherever it falls in the segment
  (a beat, a chord change), and it has less than half the tutorial's weights
  (about 60,000, none in a dense layer over positions) to overfit a small
  corpus with; each layer's cost is kept small by pooling after every
  convolution.

Inputs are standardised per feature row with the training fold's mean and
standard deviation (recorded in the model). Training is seeded and, on the
CPU, repeatable: the same data, seed and thread count give the same weights.
PyTorch (the ``cnn`` extra) and scikit-learn are imported inside the functions.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

from .report import FoldResult, Progress, genre_scores, genre_table

__all__ = ["CNN_MODELS", "DEFAULT_CNN", "CNNReport", "EpochResult", "train_cnn", "save_cnn",
           "load_cnn", "cnn_probabilities"]

CNN_MODELS = ("cnn", "cnn-tutorial")
DEFAULT_CNN = "cnn"

_FORMAT = "fastrosa-genre-cnn"
_FORMAT_VERSION = 1


def _torch():
    try:
        import torch
    except ImportError:
        raise ImportError("the CNN models need PyTorch: pip install 'fastrosa[cnn]'") from None
    return torch


@dataclass(frozen=True)
class EpochResult:
    """One training epoch done."""

    #: outer fold (from 1), or 0 for the final fit on every clip
    fold: int
    folds: int
    epoch: int
    epochs: int
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float
    #: a guess: this fold's remaining epochs at most, and the later fits at the mean so far
    seconds_left: float

    def text(self) -> str:
        which = f"fold {self.fold}/{self.folds}" if self.fold else "final fit"
        return (f"  {which} epoch {self.epoch:3d}/{self.epochs}: loss {self.loss:.3f} "
                f"accuracy {self.accuracy:.3f}, validation loss {self.val_loss:.3f} "
                f"accuracy {self.val_accuracy:.3f}  (at most {_duration(self.seconds_left)} left)")


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


@dataclass
class CNNReport:
    """What `train_cnn` returns: cross-validated scores and the final network."""

    model: str
    folds: int
    seed: int
    #: clip-level: a clip's class is the mean of its segments' probabilities
    accuracy: float
    macro_f1: float
    segment_accuracy: float
    segment_macro_f1: float
    labels: List[str]
    per_genre: Dict[str, Dict[str, float]]
    #: clips; rows: true genre, columns: predicted
    confusion: np.ndarray
    #: the epoch each fit stopped at (best validation loss), per outer fold
    fold_epochs: List[int]
    final_epochs: int
    #: the network's weights, architecture and feature schema (what `save_cnn` writes)
    bundle: Dict[str, Any]
    grouped: bool = True
    warnings: List[str] = field(default_factory=list)

    @property
    def classes(self) -> List[str]:
        return list(self.bundle["classes"])

    def text(self) -> str:
        lines = [genre_table(self.per_genre, self.accuracy, self.macro_f1, unit="clip")]
        lines.append(f"segment accuracy {self.segment_accuracy:.4f}, "
                     f"segment macro-F1 {self.segment_macro_f1:.4f}")
        lines.append(f"final model: {self.model}, best epoch {self.final_epochs}")
        return "\n".join(lines)


def _network(model: str, shape, n_classes: int):
    """The PyTorch module of ``model`` for inputs (N, 1, features, frames)."""
    from ..util.exceptions import ParameterError

    torch = _torch()
    nn = torch.nn

    class _Frames(nn.Module):  # (N, 1, features, frames) -> (N, 1, frames, features)
        def forward(self, x):
            return x.transpose(2, 3)

    if model == "cnn-tutorial":
        body = nn.Sequential(
            _Frames(),
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1), nn.BatchNorm2d(32),
            nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1), nn.BatchNorm2d(32),
            nn.Conv2d(32, 64, 2), nn.ReLU(), nn.MaxPool2d(2, 2, ceil_mode=True),
            nn.BatchNorm2d(64), nn.Flatten(),
        )
        try:
            with torch.no_grad():
                width = body(torch.zeros(1, 1, *shape)).shape[1]
        except RuntimeError:
            raise ParameterError(f"segments of {shape[0]} x {shape[1]} are too small for the "
                                 "tutorial's CNN (at least 8 features and 8 frames)") from None
        return nn.Sequential(body, nn.Linear(width, 128), nn.ReLU(), nn.Dropout(0.3),
                             nn.Linear(128, n_classes))
    if model == "cnn":
        def block(i, o):
            return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(),
                    nn.MaxPool2d(2, ceil_mode=True)]

        return nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64), *block(64, 64),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3),
                             nn.Linear(64, n_classes))
    raise ParameterError(f"model={model!r} is not one of {CNN_MODELS}")


def _device(device: str):
    torch = _torch()
    if device == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        return torch.device("mps" if mps is not None and mps.is_available() else "cpu")
    return torch.device(device)


@contextlib.contextmanager
def _deterministic():
    torch = _torch()
    saved = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(saved)


def _standardizer(X):
    """Per feature row mean and standard deviation over segments and frames."""
    mean = X.mean(axis=(0, 2), dtype=np.float64)
    std = X.std(axis=(0, 2), dtype=np.float64)
    return mean.astype(np.float32), np.maximum(std, 1e-6).astype(np.float32)


def _standardized(X, mean, std):
    return (X - mean[None, :, None]) / std[None, :, None]


def _predict(net, X, device, batch: int = 256) -> np.ndarray:
    torch = _torch()
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(X), batch):
            xb = torch.from_numpy(np.ascontiguousarray(X[i:i + batch])).unsqueeze(1).to(device)
            out.append(torch.softmax(net(xb), dim=1).cpu().numpy())
    return np.concatenate(out).astype(np.float64)


def _fit(model, X, y, groups, n_classes, *, seed, epochs, patience, batch_size, lr, device,
         on_epoch):
    """Fit one network with early stopping on a grouped validation split of (X, y):
    returns ``(network, mean, std, best_epoch)``."""
    torch = _torch()
    fit_i, val_i = clip_folds(y, groups, 5, seed)[0]  # a fifth of the clips validates
    mean, std = _standardizer(X[fit_i])
    Xs = _standardized(X, mean, std).astype(np.float32)
    torch.manual_seed(seed)
    net = _network(model, X.shape[1:], n_classes).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    xf = torch.from_numpy(Xs[fit_i]).unsqueeze(1)
    yf = torch.from_numpy(y[fit_i].astype(np.int64))
    g = torch.Generator().manual_seed(seed)
    best, best_epoch, best_state, waited = np.inf, 0, None, 0
    for epoch in range(1, epochs + 1):
        net.train()
        order = torch.randperm(len(fit_i), generator=g)
        total, right = 0.0, 0
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            if len(idx) < 2 and i:  # batch normalisation needs two samples
                continue
            xb, yb = xf[idx].to(device), yf[idx].to(device)
            opt.zero_grad()
            logits = net(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
            right += int((logits.argmax(1) == yb).sum())
        p = _predict(net, Xs[val_i], device)
        val_loss = float(-np.mean(np.log(np.maximum(p[np.arange(len(val_i)), y[val_i]], 1e-12))))
        val_acc = float(np.mean(p.argmax(1) == y[val_i]))
        on_epoch(epoch, total / len(fit_i), right / len(fit_i), val_loss, val_acc)
        if val_loss < best - 1e-4:
            best, best_epoch, waited = val_loss, epoch, 0
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            waited += 1
            if waited >= patience:
                break
    net.load_state_dict(best_state)
    return net, mean, std, best_epoch


def train_cnn(
    export_dir,
    *,
    model: str = DEFAULT_CNN,
    folds: int = 5,
    seed: int = 0,
    epochs: int = 40,
    patience: int = 6,
    batch_size: int = 32,
    lr: float = 1e-3,
    device: str = "auto",
    progress: Optional[Progress] = None,
) -> CNNReport:
    """Cross-validate a CNN on the segment arrays of an export, then fit it on every clip.

    Parameters
    ----------
    export_dir : str or Path
        A folder written by `fastrosa.extract.export_dir` (``fastrosa export``).
    model : str
        One of `CNN_MODELS`.
    folds : int >= 2
        Outer folds, stratified and grouped by clip (``StratifiedGroupKFold``).
    seed : int
        Seed of the folds, the weights and the batches.
    epochs, patience : int
        At most ``epochs`` passes; a fit stops when the validation loss has not
        improved for ``patience`` epochs, and keeps its best epoch's weights.
        The validation split is a fifth of the training fold's clips.
    batch_size : int
    lr : float
        Adam's learning rate.
    device : str
        ``auto`` (CUDA, else Apple's MPS, else the CPU), or a torch device name.
    progress : Progress or None
        Told of the warnings, each epoch (``epoch``) and each outer fold.

    Returns
    -------
    CNNReport
    """
    from ..extract._export import read_segments
    from .table import SchemaError

    torch = _torch()
    progress = progress or Progress()
    data = read_segments(export_dir)
    X, labels, clips = data["X"], data["y"], data["clips"]
    if not np.all(np.isfinite(X)):
        raise SchemaError(f"{export_dir}: non-finite feature values")
    classes = sorted(set(labels.tolist()))
    y = np.searchsorted(classes, labels)
    _check_clips(y, clips, classes, folds)
    dev = _device(device)
    note = (f"{len(y)} segments of {len(set(clips))} clips: the folds are grouped by clip "
            "(StratifiedGroupKFold), so no clip has segments on both sides")
    progress.warning(note)
    proba = np.zeros((len(y), len(classes)))
    fold_epochs: List[int] = []
    t_start = time.perf_counter()
    n_epochs = [0]

    def on_epoch(fold):
        def report(epoch, loss, acc, val_loss, val_acc):
            n_epochs[0] += 1
            per = (time.perf_counter() - t_start) / n_epochs[0]
            later = folds - fold if fold else 0
            typical = np.mean(fold_epochs) + patience if fold_epochs else epochs
            progress.epoch(EpochResult(fold, folds, epoch, epochs, loss, acc, val_loss, val_acc,
                                       per * ((epochs - epoch) + later * min(typical, epochs))))
        return report

    with _deterministic():
        for k, (tr, te) in enumerate(clip_folds(y, clips, folds, seed)):
            net, mean, std, best = _fit(model, X[tr], y[tr], clips[tr], len(classes),
                                        seed=seed + k, epochs=epochs, patience=patience,
                                        batch_size=batch_size, lr=lr, device=dev,
                                        on_epoch=on_epoch(k + 1))
            proba[te] = _predict(net, _standardized(X[te], mean, std), dev)
            fold_epochs.append(best)
            left = (time.perf_counter() - t_start) / (k + 1) * (folds - k)
            clip_true, clip_pred = _by_clip(proba[te], y[te], clips[te])
            progress.fold(FoldResult(fold=k + 1, folds=folds,
                                     accuracy=float(np.mean(clip_true == clip_pred)),
                                     params={"epochs": best}, seconds_left=left))
        net, mean, std, best = _fit(model, X, y, clips, len(classes), seed=seed,
                                    epochs=epochs, patience=patience, batch_size=batch_size,
                                    lr=lr, device=dev, on_epoch=on_epoch(0))

    seg_scores = genre_scores(y, proba.argmax(1), range(len(classes)))
    clip_true, clip_pred = _by_clip(proba, y, clips)
    acc, f1, per_genre, cm = genre_scores(clip_true, clip_pred, range(len(classes)))
    options = data["options"]
    schema = {k: options[k] for k in ("features", "sr", "segment", "n_fft", "hop_length",
                                      "n_mfcc", "n_mels")}
    schema.update(shape=list(X.shape[1:]), mean=mean.tolist(), std=std.tolist())
    bundle = {
        "format": _FORMAT, "version": _FORMAT_VERSION, "kind": "cnn", "model": model,
        "classes": classes, "schema": schema,
        "state_dict": {k: v.detach().cpu() for k, v in net.state_dict().items()},
        "cv": {"folds": folds, "grouped": True, "accuracy": acc, "macro_f1": f1,
               "segment_accuracy": seg_scores[0], "seed": seed},
        "torch_version": str(torch.__version__),
    }
    return CNNReport(
        model=model, folds=folds, seed=seed, accuracy=acc, macro_f1=f1,
        segment_accuracy=seg_scores[0], segment_macro_f1=seg_scores[1], labels=classes,
        per_genre={classes[int(i)]: m for i, m in per_genre.items()}, confusion=cm,
        fold_epochs=fold_epochs, final_epochs=best, bundle=bundle, warnings=[note],
    )


def clip_folds(y, clips, folds: int, seed: int):
    """The outer folds ``(train, test)`` of `train_cnn`: stratified by genre and
    grouped by clip, so that no clip has segments on both sides."""
    from sklearn.model_selection import StratifiedGroupKFold

    return list(StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(y, y, clips))


def _check_clips(y, clips, classes, folds) -> None:
    if folds < 2:
        raise ValueError(f"folds={folds}: need at least 2")
    if len(classes) < 2:
        raise ValueError("the export has a single label: nothing to classify")
    # every outer test fold gets a clip of each genre, and the rest leaves
    # a validation split of at least one clip per genre
    counts = [len(set(clips[y == c])) for c in range(len(classes))]
    few = [f"{classes[c]} ({n})" for c, n in enumerate(counts)
           if n < folds or n - np.ceil(n / folds) < 2]
    if few:
        raise ValueError(f"too few clips per genre for {folds}-fold CV with a validation "
                         f"split: {', '.join(few)}")


def _by_clip(proba, y, clips):
    """Each clip's true class and predicted class (argmax of its segments' mean probabilities)."""
    names, inverse = np.unique(clips, return_inverse=True)
    mean = np.zeros((len(names), proba.shape[1]))
    np.add.at(mean, inverse, proba)
    truth = np.zeros(len(names), dtype=y.dtype)
    truth[inverse] = y
    return truth, mean.argmax(1)


def save_cnn(report: CNNReport, model_path) -> Path:
    """Write a `CNNReport`'s network, classes and feature schema (``torch.save``)."""
    torch = _torch()
    model_path = Path(model_path)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(report.bundle, model_path)
    return model_path


def load_cnn(model_path) -> Dict[str, Any]:
    """Load a network saved by `save_cnn` (weights only: no code is unpickled)."""
    from .table import SchemaError

    torch = _torch()
    try:
        bundle = torch.load(model_path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - a zip file that is not a saved network
        raise SchemaError(f"{model_path}: not a fastrosa genre model ({exc})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != _FORMAT:
        raise SchemaError(f"{model_path}: not a fastrosa genre model")
    if bundle.get("version") != _FORMAT_VERSION:
        raise SchemaError(f"{model_path}: CNN format version {bundle.get('version')}, this "
                          f"fastrosa reads {_FORMAT_VERSION}")
    return bundle


def cnn_probabilities(bundle, arrays) -> np.ndarray:
    """Class probabilities (segments x classes) of segment arrays under a loaded network."""
    from .table import SchemaError

    torch = _torch()
    schema = bundle["schema"]
    if list(arrays.shape[1:]) != list(schema["shape"]):
        raise SchemaError(f"segments of shape {tuple(arrays.shape[1:])}, the model's are "
                          f"{tuple(schema['shape'])}")
    net = _network(bundle["model"], schema["shape"], len(bundle["classes"]))
    net.load_state_dict(bundle["state_dict"])
    mean = np.asarray(schema["mean"], dtype=np.float32)
    std = np.asarray(schema["std"], dtype=np.float32)
    return _predict(net, _standardized(arrays, mean, std).astype(np.float32),
                    torch.device("cpu"))
