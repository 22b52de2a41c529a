"""Finding and opening FFTW, once, at the first transform.

fastrosa does not link FFTW at build time; it opens a shared library at run
time, in this order:

1. ``FASTROSA_FFTW_LIBS``: two paths (double, then single precision)
   separated by ``os.pathsep``;
2. a system FFTW found by the dynamic loader (``libfftw3.so.3`` and
   ``libfftw3f.so.3``, or the platform's equivalents);
3. the copy that pyFFTW's wheel bundles. Its files carry a content hash in
   their names that changes between pyFFTW releases, so they are found by
   pattern next to the ``pyfftw`` package, which is located without being
   imported (importing it costs more than half a second).

``info()`` reports which library was opened.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import sys
import threading

_lock = threading.Lock()
_info: dict | None = None

if sys.platform == "win32":
    _SYSTEM = [("libfftw3-3.dll", "libfftw3f-3.dll")]
    _PATTERNS = ("libfftw3-3*.dll", "libfftw3f-3*.dll")
elif sys.platform == "darwin":
    # dyld's default fallback path covers /usr/local/lib (Homebrew on Intel)
    # but not Homebrew on Apple silicon or MacPorts, so those are named in full.
    _SYSTEM = [("libfftw3.3.dylib", "libfftw3f.3.dylib")] + [
        (f"{d}/libfftw3.3.dylib", f"{d}/libfftw3f.3.dylib")
        for d in ("/opt/homebrew/lib", "/opt/local/lib")
    ]
    _PATTERNS = ("libfftw3.*dylib", "libfftw3f.*dylib")
else:
    _SYSTEM = [("libfftw3.so.3", "libfftw3f.so.3")]
    _PATTERNS = ("libfftw3-*.so*", "libfftw3f-*.so*")


def _pyfftw_candidates():
    """Pairs of (double, float) libraries shipped inside pyFFTW's wheel."""
    spec = importlib.util.find_spec("pyfftw")
    if spec is None or not spec.submodule_search_locations:
        return []
    pkg = list(spec.submodule_search_locations)[0]
    site = os.path.dirname(pkg)
    dirs = [os.path.join(site, "pyFFTW.libs"), os.path.join(site, "pyfftw.libs"),
            os.path.join(pkg, ".dylibs"), pkg]
    pairs = []
    for d in dirs:
        dbl, flt = (sorted(glob.glob(os.path.join(d, p))) for p in _PATTERNS)
        # also accept unhashed names (libfftw3.so.3) in the same folders
        dbl = dbl or sorted(glob.glob(os.path.join(d, "libfftw3.so*")))
        flt = flt or sorted(glob.glob(os.path.join(d, "libfftw3f.so*")))
        if dbl and flt:
            pairs.append((dbl[-1], flt[-1]))
    return pairs


def _candidates():
    env = os.environ.get("FASTROSA_FFTW_LIBS")
    if env:
        parts = env.split(os.pathsep)
        if len(parts) != 2:
            raise OSError("FASTROSA_FFTW_LIBS must hold two paths (double, float) "
                          f"separated by {os.pathsep!r}")
        return [("FASTROSA_FFTW_LIBS", tuple(parts))]
    return [("system", p) for p in _SYSTEM] + [("pyfftw", p) for p in _pyfftw_candidates()]


def ensure_loaded() -> dict:
    """Open FFTW if that has not been done yet; return ``info()``."""
    global _info
    if _info is not None:
        return _info
    from ._ext import _runtime

    with _lock:
        if _info is not None:
            return _info
        errors = []
        for source, (dbl, flt) in _candidates():
            try:
                _runtime.load_fftw(dbl, flt)
            except OSError as exc:
                errors.append(f"{source}: {exc}")
                continue
            _info = {"source": source, "double": dbl, "float": flt,
                     "version": _runtime.fftw_version()}
            return _info
        raise ImportError(
            "fastrosa could not open FFTW. Install pyfftw (pip install pyfftw), "
            "which ships it, or a system FFTW 3. Tried:\n  " + "\n  ".join(errors or ["nothing found"])
        )


def info() -> dict:
    """Which FFTW fastrosa uses: source (system, pyfftw, FASTROSA_FFTW_LIBS), paths, version."""
    return ensure_loaded()
