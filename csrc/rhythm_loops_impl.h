/* The per-frame loops of the time-averaged tempogram (rhythm_impl.h,
 * tgmean_range) for one precision and SIMD level; see template.h. */
#include "fastrosa/template.h"

/* buf[j] = x[j] * w[j], j < n; returns sum_j buf[j]^2 (in double, four
 * partial sums: no long chain of dependent adds). */
double FR_FN(fr_window_energy)(const T *restrict x, const T *restrict w, ptrdiff_t n,
                                   T *restrict buf) {
    double e0 = 0, e1 = 0, e2 = 0, e3 = 0;
    ptrdiff_t j = 0;
    for (; j + 4 <= n; j += 4) {
        buf[j] = x[j] * w[j];
        buf[j + 1] = x[j + 1] * w[j + 1];
        buf[j + 2] = x[j + 2] * w[j + 2];
        buf[j + 3] = x[j + 3] * w[j + 3];
        e0 += (double)buf[j] * (double)buf[j];
        e1 += (double)buf[j + 1] * (double)buf[j + 1];
        e2 += (double)buf[j + 2] * (double)buf[j + 2];
        e3 += (double)buf[j + 3] * (double)buf[j + 3];
    }
    for (; j < n; j++) {
        buf[j] = x[j] * w[j];
        e0 += (double)buf[j] * (double)buf[j];
    }
    return (e0 + e1) + (e2 + e3);
}

/* acc[k] += |spec[k]|^2 * scale, k < n (in double). */
void FR_FN(fr_add_scaled_power)(const CT *restrict spec, ptrdiff_t n, double scale,
                                    double *restrict acc) {
    for (ptrdiff_t k = 0; k < n; k++) {
        const double re = spec[k].re, im = spec[k].im;
        acc[k] += (re * re + im * im) * scale;
    }
}

