"""fastrosa: C-accelerated, librosa-exact audio feature extraction.

``import fastrosa as librosa`` works for every function fastrosa provides.
"""

from . import util, filters, feature  # noqa: F401
from . import onset, beat  # noqa: F401
from .core import *  # noqa: F401,F403
from . import decompose, effects  # noqa: F401
from .util.exceptions import ParameterError  # noqa: F401
from ._config import get_num_threads, set_num_threads  # noqa: F401
from ._ext._runtime import simd_level, simd_levels  # noqa: F401

__version__ = "0.1.0"
