/* Per-channel energy normalisation (see fastrosa/filter.h), one copy per
 * SIMD level. The recursion is scalar (two rows interleaved); the
 * elementwise compression is a branch-free loop over one row, which the
 * compiler vectorises at the level's width, with vmath_impl.h's exp and log
 * (the same bits at every level). */
#include "simd_level.h"
#include "fastrosa/common.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmath_impl.h"

#define FR_PRECISION 32
#include "pcen_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "pcen_impl.h"
