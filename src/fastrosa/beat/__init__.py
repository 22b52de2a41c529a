"""Beat and tempo (librosa.beat equivalents)."""

from .beat import *  # noqa: F401,F403
from .beat import __all__  # noqa: F401
