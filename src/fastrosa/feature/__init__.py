"""Feature extraction (librosa.feature equivalents)."""

from .. import _delegate
from .spectral import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403
from .rhythm import *  # noqa: F401,F403
from ._constantq import *  # noqa: F401,F403

__getattr__, __dir__ = _delegate.attach(__name__, ("inverse",))
