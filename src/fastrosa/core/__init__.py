"""Core functionality: audio I/O, spectral transforms, unit conversion, notation,
frequency weighting, synthetic signals and mu-law companding."""

from .. import _delegate
from .audio import *  # noqa: F401,F403
from .convert import *  # noqa: F401,F403
from .spectrum import *  # noqa: F401,F403
from .pitch import *  # noqa: F401,F403
from .notation import *  # noqa: F401,F403
from .weighting import *  # noqa: F401,F403
from .synth import *  # noqa: F401,F403
from .mulaw import *  # noqa: F401,F403
from .constantq import *  # noqa: F401,F403

__getattr__, __dir__ = _delegate.attach(__name__)
