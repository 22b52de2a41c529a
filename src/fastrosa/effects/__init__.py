"""Time-domain audio effects (librosa.effects equivalents)."""

from .. import _delegate
from ._hpss import harmonic, hpss, percussive

__all__ = ["hpss", "harmonic", "percussive"]

__getattr__, __dir__ = _delegate.attach(__name__)
