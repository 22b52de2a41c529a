/* STFT and inverse STFT kernels (see fastrosa/spectrum.h), one copy per
 * SIMD level (see simd_level.h): the per-frame loops around the FFTs
 * (windowing, magnitudes, band sums, overlap-add) vectorise at the level's
 * width; flatness's logs are vmath_impl.h's. */
#include "simd_level.h"
#include "fastrosa/spectrum.h"
#include "fastrosa/decompose.h"
#include "fastrosa/fft.h"
#include "fastrosa/parallel.h"
#include "vmath_impl.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FR_PRECISION 32
#include "stft_impl.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "stft_impl.h"
