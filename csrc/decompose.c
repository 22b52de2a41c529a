/* Soft masks and HPSS products (see fastrosa/decompose.h). */
#include "fastrosa/decompose.h"
#include "fastrosa/parallel.h"
#include "fastrosa/simd.h"

#include <float.h>
#include <math.h>

/* Elements per thread below which a pass stays on one thread. */
#define MIN_PER_THREAD 65536

#define FR_PRECISION 32
#include "decompose_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "decompose_impl.h"
