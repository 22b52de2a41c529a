/* First-order IIR filters (see fastrosa/filter.h): recursions, so scalar C,
 * compiled once. */
#include "fastrosa/filter.h"

#include <math.h>

#define FR_PRECISION 32
#include "filter_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "filter_impl.h"
