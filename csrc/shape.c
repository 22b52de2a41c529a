/* Spectral contrast and RMS kernels (see fastrosa/shape.h). */
#include "fastrosa/shape.h"
#include "fastrosa/parallel.h"

#include <math.h>
#include <stdlib.h>

#define FR_PRECISION 32
#include "shape_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "shape_impl.h"
