"""librosa's public names that fastrosa does not provide, taken from librosa on first use.

Every fastrosa module that mirrors a librosa module ends with one line::

    __getattr__, __dir__ = _delegate.attach(__name__)

(PEP 562). The names the module defines are fastrosa's own. A public name of
the librosa module at the same path (listed in `_librosa_names`, so deciding
what is librosa's never imports librosa) that fastrosa lacks is imported from
librosa when first used and kept in the module's namespace: it is librosa's
own object, running librosa's code. Without librosa such a name raises an
AttributeError naming it and ``pip install librosa``; any other name raises
the usual AttributeError, so ``hasattr`` and ``getattr(..., default)`` behave.
``submodules`` are fastrosa's own modules, imported on first use as
librosa's lazy loader imports its own.
"""

from __future__ import annotations

import importlib
import sys
from typing import Callable, Iterable

from ._librosa_names import NAMES

# fastrosa module name -> the librosa names that module takes from librosa
_DELEGATED: dict[str, frozenset[str]] = {}


def _librosa_path(module_name: str) -> str:
    """The module's path below the package: "fastrosa.feature.inverse" -> "feature.inverse"."""
    return module_name.partition(".")[2]


def attach(module_name: str, submodules: Iterable[str] = ()) -> tuple[Callable, Callable]:
    """The module-level ``__getattr__`` and ``__dir__`` of the fastrosa module ``module_name``.

    Call it at the end of the module, once everything the module provides is
    defined: what is in its namespace then is fastrosa's.
    """
    namespace = sys.modules[module_name].__dict__
    path = _librosa_path(module_name)
    lazy = frozenset(submodules)
    delegated = NAMES.get(path, frozenset()) - namespace.keys() - lazy
    _DELEGATED[module_name] = delegated

    def __getattr__(name: str):
        if name in lazy:
            try:
                return importlib.import_module(f"{module_name}.{name}")
            except ImportError as exc:  # e.g. display without matplotlib
                raise AttributeError(f"{module_name}.{name} cannot be imported: {exc}") from exc
        if name not in delegated:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        source = "librosa" + ("." + path if path else "")
        try:
            value = getattr(importlib.import_module(source), name)
        except ImportError as exc:
            raise AttributeError(
                f"{module_name}.{name} is not provided by fastrosa; it comes from librosa: "
                f"pip install librosa (importing {source} failed: {exc})"
            ) from exc
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(namespace.keys() | delegated | lazy)

    return __getattr__, __dir__


def provenance(name: str) -> str:
    """Whether ``fastrosa.<name>`` is fastrosa's own or librosa's, passed through.

    Parameters
    ----------
    name : str
        A dotted path below the package, as after ``librosa.``:
        ``"stft"``, ``"effects.time_stretch"``, ``"feature.inverse.mel_to_audio"``.

    Returns
    -------
    str
        ``"fastrosa"`` if fastrosa provides it (C-accelerated or re-implemented
        in NumPy), ``"librosa"`` if fastrosa hands it over to librosa (librosa's
        own object, imported on first use). Answering never imports librosa;
        it imports the fastrosa module named (``display`` needs matplotlib).

    Raises
    ------
    AttributeError
        If neither fastrosa nor librosa 0.11.0 has a public ``name``.
    ImportError
        If fastrosa has no module at the path before the last dot.

    Examples
    --------
    >>> import fastrosa
    >>> fastrosa.provenance("stft"), fastrosa.provenance("effects.time_stretch")
    ('fastrosa', 'librosa')
    """
    path, _, attribute = name.rpartition(".")
    module_name = "fastrosa" + ("." + path if path else "")
    module = importlib.import_module(module_name)
    if attribute in _DELEGATED.get(module_name, ()):
        return "librosa"
    getattr(module, attribute)  # the module's own AttributeError for a name neither has
    return "fastrosa"
