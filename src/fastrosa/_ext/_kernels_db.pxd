# cython: language_level=3
# Declarations of the decibel kernels (csrc/db.c).

cdef extern from "fastrosa/db.h" nogil:
    int fr_power_to_db_f32(const float *x, Py_ssize_t n, double amin, double ref_db,
                           double top_db, float *out)
    int fr_power_to_db_f64(const double *x, Py_ssize_t n, double amin, double ref_db,
                           double top_db, double *out)
