# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The process-wide state of the kernels (private; see fastrosa._fftw and
fastrosa.simd_level).

Every extension module links its own copy of the C kernels library. This
module's copy owns what the process holds once: FFTW's libraries and plan
cache, and the active SIMD level. Every other module calls
``fr_runtime_adopt(shared())`` at import, so that they all use this state.

It also holds the cache of large blocks (csrc/pool.c) and the NumPy memory
handler that allocates from it (`reuse_blocks`).

The SIMD level is chosen here, once, at import: the best the CPU has,
capped by the environment variable ``FASTROSA_SIMD`` (``baseline``,
``avx2`` or ``avx512``).
"""

import contextlib
import os
import warnings

from cpython.pycapsule cimport PyCapsule_New
from libc.stdint cimport uint8_t
from libc.string cimport memcpy

from fastrosa._ext._kernels cimport *


cdef extern from "numpy/arrayobject.h":
    ctypedef struct PyDataMemAllocator:
        void *ctx
        void *(*malloc)(void *ctx, size_t size) noexcept nogil
        void *(*calloc)(void *ctx, size_t nelem, size_t elsize) noexcept nogil
        void *(*realloc)(void *ctx, void *ptr, size_t new_size) noexcept nogil
        void (*free)(void *ctx, void *ptr, size_t size) noexcept nogil
    ctypedef struct PyDataMem_Handler:
        char name[127]
        uint8_t version
        PyDataMemAllocator allocator
    object PyDataMem_SetHandler(object handler)
    int _import_array() except -1

_import_array()

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


# NumPy's handler for the pool: the handler is per context (a contextvar in
# NumPy), so a scope affects only the arrays its own thread allocates, and
# every array is freed by the handler that allocated it.
cdef PyDataMem_Handler pool_handler
memcpy(pool_handler.name, b"fastrosa_pool\0", 14)
pool_handler.version = 1
pool_handler.allocator.ctx = NULL
pool_handler.allocator.malloc = fr_pool_malloc
pool_handler.allocator.calloc = fr_pool_calloc
pool_handler.allocator.realloc = fr_pool_realloc
pool_handler.allocator.free = fr_pool_free
_POOL = PyCapsule_New(&pool_handler, b"mem_handler", NULL)


@contextlib.contextmanager
def reuse_blocks():
    """A scope in which this thread's new NumPy arrays come from the cache of
    large blocks (see csrc/include/fastrosa/pool.h): for the pipelines that
    compute the same large arrays file after file. Scopes nest and may be
    open in several threads at once; when the last one closes, the cache
    keeps at most 64 MiB (`pool_trim` frees that too)."""
    fr_pool_enter()
    previous = PyDataMem_SetHandler(_POOL)
    try:
        yield
    finally:
        PyDataMem_SetHandler(previous)
        fr_pool_leave()


def pool_trim():
    """Free the blocks the cache keeps."""
    fr_pool_trim()


def pool_idle():
    """(blocks, bytes) kept in the cache now."""
    return fr_pool_idle_blocks(), fr_pool_idle_bytes()
