"""Time-domain audio effects (librosa.effects equivalents)."""

from .. import _delegate
from ._emphasis import deemphasis, preemphasis
from ._hpss import harmonic, hpss, percussive
from ._silence import remix, split, trim

__all__ = ["hpss", "harmonic", "percussive", "trim", "split", "remix", "preemphasis", "deemphasis"]

__getattr__, __dir__ = _delegate.attach(__name__)
