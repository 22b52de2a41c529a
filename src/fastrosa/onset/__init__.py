"""Onset detection (librosa.onset equivalents)."""

from .. import _delegate
from .onset import *  # noqa: F401,F403
from .onset import __all__  # noqa: F401

__getattr__, __dir__ = _delegate.attach(__name__)
