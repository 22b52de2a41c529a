# cython: language_level=3
# The owner of the process-wide kernel state (see _runtime.pyx).
from fastrosa._ext._kernels cimport fr_runtime

cdef fr_runtime shared() noexcept
