/* fr_all_finite: the exponent field of each value, all ones for an infinity
 * or a NaN, tested as integers (a loop that vectorises without any relaxed
 * floating-point rules), a block at a time. */
#include "fastrosa/finite.h"

#include <stdint.h>
#include <string.h>

enum { FINITE_BLOCK = 4096 };

int fr_all_finite_f32(const float *x, ptrdiff_t n) {
    for (ptrdiff_t i0 = 0; i0 < n; i0 += FINITE_BLOCK) {
        const ptrdiff_t m = n - i0 < FINITE_BLOCK ? n - i0 : FINITE_BLOCK;
        uint32_t bad = 0;
        for (ptrdiff_t i = 0; i < m; i++) {
            uint32_t b;
            memcpy(&b, x + i0 + i, sizeof b);
            bad |= (uint32_t)((b & 0x7f800000u) == 0x7f800000u);
        }
        if (bad) return 0;
    }
    return 1;
}

int fr_all_finite_f64(const double *x, ptrdiff_t n) {
    for (ptrdiff_t i0 = 0; i0 < n; i0 += FINITE_BLOCK) {
        const ptrdiff_t m = n - i0 < FINITE_BLOCK ? n - i0 : FINITE_BLOCK;
        uint64_t bad = 0;
        for (ptrdiff_t i = 0; i < m; i++) {
            uint64_t b;
            memcpy(&b, x + i0 + i, sizeof b);
            bad |= (uint64_t)((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull);
        }
        if (bad) return 0;
    }
    return 1;
}
