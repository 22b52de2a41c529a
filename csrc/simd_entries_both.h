/* simd_entries.h for both precisions, with the caller's FR_SIMD_ENTRY,
 * FR_SIMD_PUBLIC and (for one level's names) FR_SIMD_SFX. */
#define FR_PRECISION 32
#include "simd_entries.h"
#undef FR_PRECISION
#define FR_PRECISION 64
#include "simd_entries.h"
#undef FR_PRECISION
