/* Decibel kernels (see fastrosa/db.h). */
#include "fastrosa/db.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fastrosa/simd.h"

#define FR_PRECISION 32
#include "db_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "db_impl.h"
