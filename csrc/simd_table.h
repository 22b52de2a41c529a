/* The dispatch table (private to the kernels library; see fastrosa/simd.h):
 * one function pointer per entry of simd_entries.h and precision, and
 * FR_SIMD(), the active level's table. */
#ifndef FASTROSA_SIMD_TABLE_H
#define FASTROSA_SIMD_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "fastrosa/common.h"
#include "fastrosa/simd.h"
#include "fastrosa/spectrum.h" /* fr_bands_*, fr_reducer */

typedef struct fr_simd_table {
#define FR_SIMD_ENTRY(ret, name, params) ret(*FR_PFN(name)) params;
#define FR_SIMD_PUBLIC(ret, name, params, args) FR_SIMD_ENTRY(ret, name, params)
#include "simd_entries_both.h"
#undef FR_SIMD_ENTRY
#undef FR_SIMD_PUBLIC
} fr_simd_table;

/* The active level and its table; shared between modules (runtime.h). */
typedef struct fr_simd_state {
    const fr_simd_table *table;
    int level;
} fr_simd_state;

extern fr_simd_state *fr_simd_state_in_use;

#define FR_SIMD() (fr_simd_state_in_use->table)

#endif
