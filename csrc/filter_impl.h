/* Body of the first-order filters for one precision; see template.h. */
#include "fastrosa/template.h"

/* a == (1, 0): scipy convolves instead (np.convolve(b, x), zi added to the
 * first output), so there is no recursion: y[i] = b0*x[i] + b1*x[i-1],
 * zf = b1*x[n-1], and a NaN stays where it is. */
static void FR_FN(fir1)(const T *restrict x, ptrdiff_t n, T b0, T b1, T zi, T *restrict y,
                        T *zf) {
    y[0] = b0 * x[0] + zi;
    for (ptrdiff_t i = 1; i < n; i++) y[i] = b0 * x[i] + b1 * x[i - 1];
    if (zf) *zf = b1 * x[n - 1];
}

/* Two rows at a time where there are two, so the two recursions' latencies
 * overlap; each row's operations are the same either way. */
int FR_FN(fr_lfilter1)(const T *x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n, double b0,
                       double b1, double a1, const T *zi, T *y, ptrdiff_t ldy, T *zf) {
    const T tb0 = (T)b0, tb1 = (T)b1, ta1 = (T)a1;
    if (n_rows < 0 || n < 0) return FR_ERR_SIZE;
    if (ta1 == 0 && n > 0) {
        for (ptrdiff_t r = 0; r < n_rows; r++)
            FR_FN(fir1)(x + r * ldx, n, tb0, tb1, zi[r], y + r * ldy, zf ? zf + r : NULL);
        return FR_OK;
    }
    ptrdiff_t r = 0;
    for (; r + 1 < n_rows; r += 2) {
        const T *x0 = x + r * ldx, *x1 = x0 + ldx;
        T *y0 = y + r * ldy, *y1 = y0 + ldy;
        T z0 = zi[r], z1 = zi[r + 1];
        for (ptrdiff_t i = 0; i < n; i++) {
            T u0 = x0[i], u1 = x1[i];
            T v0 = z0 + tb0 * u0, v1 = z1 + tb0 * u1;
            z0 = u0 * tb1 - v0 * ta1;
            z1 = u1 * tb1 - v1 * ta1;
            y0[i] = v0;
            y1[i] = v1;
        }
        if (zf) {
            zf[r] = z0;
            zf[r + 1] = z1;
        }
    }
    for (; r < n_rows; r++) {
        const T *xr = x + r * ldx;
        T *yr = y + r * ldy;
        T z = zi[r];
        for (ptrdiff_t i = 0; i < n; i++) {
            T u = xr[i];
            T v = z + tb0 * u;
            z = u * tb1 - v * ta1;
            yr[i] = v;
        }
        if (zf) zf[r] = z;
    }
    return FR_OK;
}

/* Past the first power that underflows to zero (|coef| < 1), each term is a
 * signed zero: c * (+-0), whose sign alternates with negative coef. */
int FR_FN(fr_sub_powers)(T *y, ptrdiff_t n_rows, ptrdiff_t ldy, ptrdiff_t n, const double *c,
                         double coef) {
    if (n_rows < 0 || n < 0) return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        T *yr = y + r * ldy;
        const double cr = c[r];
        ptrdiff_t i = 0;
        for (; i < n; i++) {
            double p = pow(coef, (double)i);
            yr[i] = (T)((double)yr[i] - cr * p);
            if (p == 0 && fabs(coef) < 1 && isfinite(cr)) {
                i++;
                break;
            }
        }
        if (i < n) {
            const double even = cr * 0.0, odd = cr * (coef < 0 ? -0.0 : 0.0);
            for (; i < n; i++) yr[i] = (T)((double)yr[i] - ((i & 1) ? odd : even));
        }
    }
    return FR_OK;
}
