"""Onset detection (librosa.onset equivalents)."""

from .onset import *  # noqa: F401,F403
from .onset import __all__  # noqa: F401
