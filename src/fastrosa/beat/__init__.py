"""Beat and tempo (librosa.beat equivalents)."""

from .. import _delegate
from .beat import *  # noqa: F401,F403
from .beat import __all__  # noqa: F401

__getattr__, __dir__ = _delegate.attach(__name__)
