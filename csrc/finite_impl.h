/* Body of fr_scan for one precision; see template.h. I is the signed
 * integer of T's width (signed compares are what SSE2 has), ABS the mask of
 * the magnitude bits and EXP the exponent field (the bits of +inf). */
#include "fastrosa/template.h"

int FR_FN(fr_scan)(const T *x, ptrdiff_t n) {
    int flags = 0;
    for (ptrdiff_t i0 = 0; i0 < n; i0 += SCAN_BLOCK) {
        const ptrdiff_t m = n - i0 < SCAN_BLOCK ? n - i0 : SCAN_BLOCK;
        I bad = 0, neg = 0;
        for (ptrdiff_t i = 0; i < m; i++) {
            I b;
            memcpy(&b, x + i0 + i, sizeof b);
            const I a = b & ABS;
            bad |= (I)(a >= EXP);
            /* below zero: the sign set on a magnitude from the smallest
             * subnormal to inf (not -0.0, not NaN) */
            neg |= (I)(b < 0) & (I)(a > 0) & (I)(a <= EXP);
        }
        flags |= (bad ? FR_SCAN_NONFINITE : 0) | (neg ? FR_SCAN_NEGATIVE : 0);
    }
    return flags;
}

#undef I
#undef ABS
#undef EXP
