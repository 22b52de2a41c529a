/* The dense projection of fastrosa/pitch.h (fr_project), one copy per SIMD
 * level (see simd_level.h). */
#include "simd_level.h"
#include "fastrosa/common.h"
#include "fastrosa/parallel.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FR_PRECISION 32
#include "project_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "project_impl.h"
