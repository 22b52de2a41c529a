/* fr_scan: what np.isfinite(x).all() and np.any(x < 0) tell of an array,
 * from the bits of its values tested as integers (loops that vectorise
 * without any relaxed floating-point rules), a block at a time. */
#include "fastrosa/finite.h"

#include <stdint.h>
#include <string.h>

enum { SCAN_BLOCK = 4096 };

int fr_scan_f32(const float *x, ptrdiff_t n) {
    int flags = 0;
    for (ptrdiff_t i0 = 0; i0 < n; i0 += SCAN_BLOCK) {
        const ptrdiff_t m = n - i0 < SCAN_BLOCK ? n - i0 : SCAN_BLOCK;
        uint32_t bad = 0, neg = 0;
        for (ptrdiff_t i = 0; i < m; i++) {
            uint32_t b;
            memcpy(&b, x + i0 + i, sizeof b);
            const uint32_t a = b & 0x7fffffffu;
            bad |= (uint32_t)(a >= 0x7f800000u);
            /* below zero: the sign set on a magnitude from the smallest
             * subnormal to inf (not -0.0, not NaN) */
            neg |= (b >> 31) & (uint32_t)(a - 1u < 0x7f800000u);
        }
        flags |= (bad ? FR_SCAN_NONFINITE : 0) | (neg ? FR_SCAN_NEGATIVE : 0);
    }
    return flags;
}

int fr_scan_f64(const double *x, ptrdiff_t n) {
    int flags = 0;
    for (ptrdiff_t i0 = 0; i0 < n; i0 += SCAN_BLOCK) {
        const ptrdiff_t m = n - i0 < SCAN_BLOCK ? n - i0 : SCAN_BLOCK;
        uint64_t bad = 0, neg = 0;
        for (ptrdiff_t i = 0; i < m; i++) {
            uint64_t b;
            memcpy(&b, x + i0 + i, sizeof b);
            const uint64_t a = b & 0x7fffffffffffffffull;
            bad |= (uint64_t)(a >= 0x7ff0000000000000ull);
            neg |= (b >> 63) & (uint64_t)(a - 1u < 0x7ff0000000000000ull);
        }
        flags |= (bad ? FR_SCAN_NONFINITE : 0) | (neg ? FR_SCAN_NEGATIVE : 0);
    }
    return flags;
}
