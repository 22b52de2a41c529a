"""Time-domain audio effects (librosa.effects equivalents)."""

from ._hpss import harmonic, hpss, percussive

__all__ = ["hpss", "harmonic", "percussive"]
