# cython: language_level=3
# The one place where a kernel's status code becomes a Python exception.
from fastrosa._ext._kernels cimport fr_strerror

ctypedef fused real_t:
    float
    double


cdef inline int check(int status) except -1:
    if status == 0:
        return 0
    msg = fr_strerror(status).decode()
    if status == 1:
        raise MemoryError(msg)
    if status == 2 or status == 6:
        raise ValueError(msg)
    raise RuntimeError(msg)
