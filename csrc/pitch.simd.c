/* Pitch-tracking kernels and the banded projection (see fastrosa/pitch.h),
 * one copy per SIMD level (see simd_level.h). */
#include "simd_level.h"
#include "fastrosa/pitch.h"
#include "fastrosa/parallel.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define FR_PRECISION 32
#include "pitch_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "pitch_impl.h"
