/* The split and merge passes of fftw.c's half-length real FFTs, one copy
 * per SIMD level (see simd_level.h). */
#include "simd_level.h"
#include "fastrosa/common.h"

#include <stdint.h>
#include <string.h>

#define FR_PRECISION 32
#include "rfft_split_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "rfft_split_impl.h"
