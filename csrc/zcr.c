/* Zero-crossing kernels (see fastrosa/zcr.h). */
#include "fastrosa/zcr.h"

#include <math.h>

#define NAN_CLASS 2

#define FR_PRECISION 32
#include "zcr_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "zcr_impl.h"
