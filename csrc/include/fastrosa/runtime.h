/* Process-wide state shared by every extension module.
 *
 * The kernels library is static and linked into each extension module, so
 * each module has its own copy of its globals: FFTW's loaded library, the
 * plan cache and planner lock (fftw.c), and the active SIMD table (simd.c).
 * One module owns them (fastrosa._ext._runtime); every other module adopts
 * the owner's at import, before it runs any kernel, so that a kernel that
 * transforms may live in any module and one fr_simd_select applies
 * everywhere. */
#ifndef FASTROSA_RUNTIME_H
#define FASTROSA_RUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fr_runtime {
    void *fftw; /* struct fr_fftw_state * (fftw.c) */
    void *simd; /* struct fr_simd_state * (simd.c) */
} fr_runtime;

/* This copy's own state, for the owner to hand out. */
fr_runtime fr_runtime_own(void);

/* Use the owner's state from now on (a no-op for the owner's own). */
void fr_runtime_adopt(fr_runtime owner);

#ifdef __cplusplus
}
#endif
#endif
