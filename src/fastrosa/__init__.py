"""fastrosa: C-accelerated, librosa-exact audio feature extraction.

``import fastrosa as librosa`` works for every public name of librosa 0.11.0:
fastrosa's own where it provides one, librosa's own otherwise, imported from
librosa on first use (`provenance` says which; `_delegate` is the mechanism).
``display``, ``segment`` and ``sequence`` are imported on first use, as in librosa.
"""

from . import _delegate
from . import util, filters, feature  # noqa: F401
from . import onset, beat  # noqa: F401
from .core import *  # noqa: F401,F403
from . import decompose, effects  # noqa: F401
from .util.exceptions import LibrosaError, ParameterError  # noqa: F401
from ._config import get_num_threads, set_num_threads  # noqa: F401
from ._delegate import provenance  # noqa: F401
from ._ext._runtime import simd_level, simd_levels  # noqa: F401

__version__ = "0.1.0"

__getattr__, __dir__ = _delegate.attach(__name__, ("display", "segment", "sequence"))
