/* The state shared between extension modules (see fastrosa/runtime.h). */
#include "fastrosa/runtime.h"

/* fftw.c and simd.c */
void *fr_fftw_state_own(void);
void fr_fftw_state_use(void *state);
void *fr_simd_state_own(void);
void fr_simd_state_use(void *state);

fr_runtime fr_runtime_own(void) {
    fr_runtime rt;
    rt.fftw = fr_fftw_state_own();
    rt.simd = fr_simd_state_own();
    return rt;
}

void fr_runtime_adopt(fr_runtime owner) {
    fr_fftw_state_use(owner.fftw);
    fr_simd_state_use(owner.simd);
}
