/* Decibel kernels (see fastrosa/db.h), one copy per SIMD level. */
#include "simd_level.h"
#include "fastrosa/common.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>


#define FR_PRECISION 32
#include "db_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "db_impl.h"
