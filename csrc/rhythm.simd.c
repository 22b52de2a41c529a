/* The time-averaged tempogram's per-frame loops (rhythm_loops_impl.h), one
 * copy per SIMD level (see simd_level.h). */
#include "simd_level.h"
#include "fastrosa/common.h"

#define FR_PRECISION 32
#include "rhythm_loops_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "rhythm_loops_impl.h"
