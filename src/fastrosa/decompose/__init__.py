"""Spectrogram decomposition (librosa.decompose equivalents)."""

from ._hpss import hpss

__all__ = ["hpss"]
