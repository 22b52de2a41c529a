"""Spectrogram decomposition (librosa.decompose equivalents)."""

from .. import _delegate
from ._hpss import hpss

__all__ = ["hpss"]

__getattr__, __dir__ = _delegate.attach(__name__)
