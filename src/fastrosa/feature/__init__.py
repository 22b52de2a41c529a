"""Feature extraction (librosa.feature equivalents)."""

from .spectral import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403
from .rhythm import *  # noqa: F401,F403
