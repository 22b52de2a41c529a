"""Figures of the genre workflow: `plot_file` (``fastrosa plot``), `plot_confusion` and
`save_mel_image` (``fastrosa export --images``).

Drawn with `fastrosa.display` on matplotlib figures without pyplot (no GUI
backend, no global state). matplotlib (the ``ml`` extra) is imported inside
the functions, so importing this module stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np

__all__ = ["plot_file", "plot_confusion", "save_mel_image"]


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
    from . import display  # imports matplotlib

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


def plot_confusion(cm, labels, out_path, *, title: str = "") -> str:
    """A confusion matrix as a heat map with the count in each cell.

    Parameters
    ----------
    cm : array of int, shape (n, n)
        Rows: true class, columns: predicted (as `fastrosa.genre.TrainReport.confusion`).
    labels : sequence of str
        The classes, in the order of ``cm``'s rows.
    out_path : str or Path
        The image to write (PNG, or any format matplotlib infers from the suffix).
    title : str
        Title of the figure.

    Returns
    -------
    str
        ``out_path``.
    """
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
    fig.savefig(out_path, dpi=100)
    return str(out_path)


def save_mel_image(y, sr, out, *, n_fft: int = 2048, hop_length: int = 512,
                   n_mels: int = 128) -> None:
    """A signal's mel spectrogram (dB relative to its peak) as a borderless
    432 x 288 PNG, the size and look of Kaggle's GTZAN ``images_original``;
    ``out`` is a path or a binary file."""
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state

    import fastrosa
    from . import display

    S = fastrosa.feature.melspectrogram(y=y, sr=sr, n_fft=n_fft, hop_length=hop_length,
                                        n_mels=n_mels)
    fig = Figure(figsize=(4.32, 2.88))
    ax = fig.add_axes((0, 0, 1, 1))
    display.specshow(fastrosa.power_to_db(S, ref=np.max), sr=sr, hop_length=hop_length,
                     y_axis="mel", ax=ax)
    ax.set_axis_off()
    fig.savefig(out, dpi=100, format="png")
