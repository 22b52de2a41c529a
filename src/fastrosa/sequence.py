"""Sequential modeling: librosa.sequence's functions, taken from librosa on first use.

fastrosa provides none of them itself (see `fastrosa.provenance`).
"""

from . import _delegate

__getattr__, __dir__ = _delegate.attach(__name__)
