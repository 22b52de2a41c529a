"""Utilities (librosa.util equivalents)."""

from .. import _delegate
from . import exceptions
from .exceptions import ParameterError
from .utils import *  # noqa: F401,F403
from .utils import __all__ as _utils_all
from .files import find_files
from .matching import match_events

__all__ = ["exceptions", "ParameterError", "find_files", "match_events", *_utils_all]

__getattr__, __dir__ = _delegate.attach(__name__)
