/* FFTW, loaded at run time, with a process-wide plan cache. */
#ifndef FASTROSA_FFT_H
#define FASTROSA_FFT_H

#include "fastrosa/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Open the double- and single-precision FFTW libraries (file names or paths
 * as accepted by dlopen/LoadLibrary) and resolve the symbols fastrosa uses.
 * Idempotent: once loaded, later calls return FR_OK and change nothing.
 * Thread-safe. On failure, fr_fftw_error() describes what went wrong. */
int fr_fftw_load(const char *lib_double, const char *lib_float);
int fr_fftw_loaded(void);
const char *fr_fftw_error(void);
/* FFTW's version string, e.g. "fftw-3.3.10-sse2-avx" (NULL before loading). */
const char *fr_fftw_version(void);

/* Planner rigour for new plans: 0 = FFTW_ESTIMATE (default), 1 = FFTW_MEASURE.
 * Plans already in the cache are kept. */
void fr_fftw_set_rigor(int measure);

/* Release every cached plan (for tests and at exit). Not to be called while
 * another thread is executing a transform. */
void fr_fftw_clear_plans(void);

/* Aligned scratch memory from fftw_malloc; free with fr_fftw_free. */
void *fr_fftw_malloc(size_t nbytes);
void fr_fftw_free(void *p);

/* Real-to-complex (forward) and complex-to-real (backward) plans of length n,
 * both unnormalised like FFTW. fr_plan_* looks the plan up in the cache and
 * creates it under the planner lock when missing; *plan stays owned by the
 * cache. fr_*_exec runs without any lock, on fftw_malloc'd buffers only
 * (FFTW's new-array rule: same alignment as at planning). c2r destroys its
 * input. */
typedef struct fr_plan fr_plan;
int fr_plan_rfft(ptrdiff_t n, int single, const fr_plan **plan);
int fr_plan_irfft(ptrdiff_t n, int single, const fr_plan **plan);
void fr_rfft_exec_f32(const fr_plan *p, float *in, fr_cfloat *out);
void fr_rfft_exec_f64(const fr_plan *p, double *in, fr_cdouble *out);
void fr_irfft_exec_f32(const fr_plan *p, fr_cfloat *in, float *out);
void fr_irfft_exec_f64(const fr_plan *p, fr_cdouble *in, double *out);

#ifdef __cplusplus
}
#endif
#endif
