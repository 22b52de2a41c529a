/* simd_entries_both.h once per built level, in level order, with
 * FR_SIMD_SFX set to the level's suffix and FR_SIMD_LEVEL_OPEN /
 * FR_SIMD_LEVEL_CLOSE (the caller's; empty for declarations, braces for the
 * tables' initialisers) around each. */
#define FR_SIMD_SFX _baseline
FR_SIMD_LEVEL_OPEN
#include "simd_entries_both.h"
FR_SIMD_LEVEL_CLOSE
#undef FR_SIMD_SFX
#ifdef FR_SIMD_X86
#define FR_SIMD_SFX _avx2
FR_SIMD_LEVEL_OPEN
#include "simd_entries_both.h"
FR_SIMD_LEVEL_CLOSE
#undef FR_SIMD_SFX
#define FR_SIMD_SFX _avx512
FR_SIMD_LEVEL_OPEN
#include "simd_entries_both.h"
FR_SIMD_LEVEL_CLOSE
#undef FR_SIMD_SFX
#endif
