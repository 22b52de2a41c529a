/* Soft masks and HPSS products (see fastrosa/decompose.h), one copy per
 * SIMD level. */
#include "simd_level.h"
#include "fastrosa/common.h"
#include "fastrosa/parallel.h"

#include <float.h>
#include <math.h>

/* Elements per thread below which a pass stays on one thread. */
#define MIN_PER_THREAD 65536

#define FR_PRECISION 32
#include "decompose_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "decompose_impl.h"
