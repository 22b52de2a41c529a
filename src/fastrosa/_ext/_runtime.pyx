# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The process-wide state of the kernels (private; see fastrosa._fftw and
fastrosa.simd_level).

Every extension module links its own copy of the C kernels library. This
module's copy owns what the process holds once: FFTW's libraries and plan
cache, and the active SIMD level. Every other module calls
``fr_runtime_adopt(shared())`` at import, so that they all use this state.

The SIMD level is chosen here, once, at import: the best the CPU has,
capped by the environment variable ``FASTROSA_SIMD`` (``baseline``,
``avx2`` or ``avx512``).
"""

import os
import warnings

from fastrosa._ext._kernels cimport *

LEVELS = tuple(fr_simd_name(i).decode() for i in range(3))


cdef fr_runtime shared() noexcept:
    return fr_runtime_own()


def load_fftw(str lib_double, str lib_float):
    """Open FFTW; raise OSError with the loader's message on failure."""
    cdef bytes d = os.fsencode(lib_double), f = os.fsencode(lib_float)
    if fr_fftw_load(d, f) != 0:
        raise OSError(fr_fftw_error().decode(errors="replace"))


def fftw_loaded():
    return bool(fr_fftw_loaded())


def fftw_version():
    cdef const char *v = fr_fftw_version()
    return None if v == NULL else v.decode()


def set_planner_rigor(bint measure):
    fr_fftw_set_rigor(measure)


def clear_plans():
    fr_fftw_clear_plans()


def simd_level():
    """The name of the active SIMD level."""
    return LEVELS[fr_simd_level()]


def simd_levels():
    """The levels this build and CPU can run, from the baseline up."""
    return LEVELS[:fr_simd_best() + 1]


def select_simd(str name):
    """Make ``name`` (capped at the best level the CPU has) the active level
    and return the name of the previous one. For start-up and for tests: not
    to be called while other threads run kernels."""
    previous = simd_level()
    if name not in LEVELS:
        raise ValueError(f"unknown SIMD level {name!r}; expected one of {', '.join(LEVELS)}")
    fr_simd_select(LEVELS.index(name))
    return previous


def _select_from_environment():
    cap = os.environ.get("FASTROSA_SIMD", "").strip().lower()
    if cap and cap not in LEVELS:
        warnings.warn(f"FASTROSA_SIMD={cap!r} is not one of {', '.join(LEVELS)}; "
                      "using the best level this CPU has", RuntimeWarning, stacklevel=2)
        cap = ""
    fr_simd_select(LEVELS.index(cap) if cap else 2)


_select_from_environment()
