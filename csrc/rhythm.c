/* Onset strength, peak picking, tempogram and beat tracking kernels
 * (see fastrosa/rhythm.h). */
#include "fastrosa/rhythm.h"
#include "fastrosa/fft.h"
#include "fastrosa/parallel.h"
#include "simd_table.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Index j of a line of n samples extended by mirroring about its edges
 * (scipy.ndimage's 'reflect': d c b a | a b c d | d c b a ...). */
static ptrdiff_t reflect_index(ptrdiff_t j, ptrdiff_t n) {
    ptrdiff_t m = j % (2 * n);
    if (m < 0) m += 2 * n;
    return m < n ? m : 2 * n - 1 - m;
}

#define FR_PRECISION 32
#include "rhythm_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "rhythm_impl.h"
