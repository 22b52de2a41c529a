/* fastrosa C kernels: shared definitions (plain C99, no Python). */
#ifndef FASTROSA_COMMON_H
#define FASTROSA_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by every kernel that can fail. */
typedef enum fr_status {
    FR_OK = 0,
    FR_ERR_ALLOC = 1,        /* out of memory */
    FR_ERR_SIZE = 2,         /* a size or count argument is out of range */
    FR_ERR_FFT_PLAN = 3,     /* FFTW returned no plan */
    FR_ERR_FFTW_MISSING = 4, /* FFTW has not been loaded (call fr_fftw_load first) */
    FR_ERR_FFTW_LOAD = 5,    /* the FFTW shared library could not be opened or lacks a symbol */
    FR_ERR_VALUE = 6         /* a numeric argument is outside its domain */
} fr_status;

/* A static, human-readable description of a status code. */
const char *fr_strerror(int status);

/* Interleaved complex numbers, layout-compatible with C99 complex and NumPy. */
typedef struct { float re, im; } fr_cfloat;
typedef struct { double re, im; } fr_cdouble;

#ifdef __cplusplus
}
#endif
#endif
