"""Core functionality: audio I/O, spectral transforms, unit conversion."""

from .audio import *  # noqa: F401,F403
from .convert import *  # noqa: F401,F403
from .spectrum import *  # noqa: F401,F403
from .pitch import *  # noqa: F401,F403
