/* Body of the PCEN kernel for one precision of S and ref (the arithmetic is
 * double either way, as librosa's); see template.h. */
#include "fastrosa/template.h"
#include "fastrosa/filter.h"

/* The compression of one row: o holds M (the smoothed ref) on entry and the
 * PCEN values on return; s is the row of S, u scratch of n values. */
static void FR_FN(pcen_row)(const T *restrict s, double *restrict o, double *restrict u, ptrdiff_t n,
                            double gain, double eps, double power, double bias, double bias_pow,
                            int mode) {
    const double ng = -gain;
    /* smooth = exp(-gain * (log(eps) + log1p(M / eps))), in place, as
     * exp(-gain * log(eps + M)): the same number within an ulp of the
     * logarithm, with one logarithm instead of two */
    for (ptrdiff_t i = 0; i < n; i++) o[i] = FR_LV(vexp)(ng * FR_LV(vlog)(eps + o[i]));
    if (mode == FR_PCEN_LOG1P) {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = FR_LV(vlog1p)((double)s[i] * o[i]);
    } else if (mode == FR_PCEN_POW) {
        /* NumPy takes log(S) in S's precision */
        for (ptrdiff_t i = 0; i < n; i++)
            o[i] = FR_LV(vexp)(power * ((double)(T)FR_LV(vlog)((double)s[i]) + FR_LV(vlog)(o[i])));
    } else if (mode == FR_PCEN_SQRT) {
        /* expm1(log1p(v) / 2) = sqrt(1 + v) - 1 = v / (sqrt(1 + v) + 1) */
        for (ptrdiff_t i = 0; i < n; i++) {
            double v = (double)s[i] * o[i] / bias;
            double r = bias_pow * (v / (sqrt(1.0 + v) + 1.0));
            o[i] = v == INFINITY ? v : r;
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) o[i] = power * FR_LV(vlog1p)((double)s[i] * o[i] / bias);
        for (ptrdiff_t i = 0; i < n; i++) u[i] = FR_LV(vexp)(o[i]);
        for (ptrdiff_t i = 0; i < n; i++) o[i] = bias_pow * FR_LV(expm1_from)(u[i], o[i]);
    }
}

/* Frame-major memory (a frame's rows adjacent, as librosa's stft lays out a
 * spectrogram): the recursion steps every row of a frame at once, a loop the
 * compiler vectorises across rows, then the frame is compressed while in
 * cache. The same operations per value as the row-major loop below. */
static int FR_FN(pcen_frames)(const T *S, const T *ref, ptrdiff_t n_rows, ptrdiff_t lds,
                              ptrdiff_t ldref, ptrdiff_t n, const double *zi, double b0,
                              double b1, double a1, double gain, double eps, double power,
                              double bias, double bias_pow, int mode, double *out,
                              ptrdiff_t ldout, double *zf) {
    double *z = malloc((size_t)(2 * n_rows) * sizeof *z);
    if (!z) return FR_ERR_ALLOC;
    double *u = z + n_rows;
    memcpy(z, zi, (size_t)n_rows * sizeof *z);
    for (ptrdiff_t t = 0; t < n; t++) {
        const T *x = ref + t * ldref;
        double *o = out + t * ldout;
        for (ptrdiff_t r = 0; r < n_rows; r++) {
            double ur = (double)x[r];
            double v = z[r] + b0 * ur;
            z[r] = ur * b1 - v * a1;
            o[r] = v;
        }
        FR_FN(pcen_row)(S + t * lds, o, u, n_rows, gain, eps, power, bias, bias_pow, mode);
    }
    if (zf) memcpy(zf, z, (size_t)n_rows * sizeof *z);
    free(z);
    return FR_OK;
}

int FR_FN(fr_pcen)(const T *S, const T *ref, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ldref,
                   ptrdiff_t n, const double *zi, double b, double gain, double eps, double power,
                   double bias, double bias_pow, int mode, double *out, ptrdiff_t ldout,
                   double *zf, int frame_major) {
    if (n_rows < 0 || n < 0) return FR_ERR_SIZE;
    if (mode < FR_PCEN_LOG1P || mode > FR_PCEN_SQRT || !(eps > 0)) return FR_ERR_VALUE;
    /* scipy's lfilter([b], [1, b - 1]): b0 = b, b1 = 0 (padded), a1 = b - 1 */
    const double b0 = b, b1 = 0.0, a1 = b - 1.0;
    if (frame_major)
        return n_rows ? FR_FN(pcen_frames)(S, ref, n_rows, lds, ldref, n, zi, b0, b1, a1, gain,
                                           eps, power, bias, bias_pow, mode, out, ldout, zf)
                      : FR_OK;
    double *u = malloc((size_t)(n > 0 ? n : 1) * sizeof *u);
    if (!u) return FR_ERR_ALLOC;
    ptrdiff_t r = 0;
    for (; r + 1 < n_rows; r += 2) {
        const T *x0 = ref + r * ldref, *x1 = x0 + ldref;
        double *o0 = out + r * ldout, *o1 = o0 + ldout;
        double z0 = zi[r], z1 = zi[r + 1];
        for (ptrdiff_t i = 0; i < n; i++) {
            double u0 = (double)x0[i], u1 = (double)x1[i];
            double v0 = z0 + b0 * u0, v1 = z1 + b0 * u1;
            z0 = u0 * b1 - v0 * a1;
            z1 = u1 * b1 - v1 * a1;
            o0[i] = v0;
            o1[i] = v1;
        }
        if (zf) {
            zf[r] = z0;
            zf[r + 1] = z1;
        }
        FR_FN(pcen_row)(S + r * lds, o0, u, n, gain, eps, power, bias, bias_pow, mode);
        FR_FN(pcen_row)(S + (r + 1) * lds, o1, u, n, gain, eps, power, bias, bias_pow, mode);
    }
    for (; r < n_rows; r++) {
        const T *xr = ref + r * ldref;
        double *o = out + r * ldout;
        double z = zi[r];
        for (ptrdiff_t i = 0; i < n; i++) {
            double u = (double)xr[i];
            double v = z + b0 * u;
            z = u * b1 - v * a1;
            o[i] = v;
        }
        if (zf) zf[r] = z;
        FR_FN(pcen_row)(S + r * lds, o, u, n, gain, eps, power, bias, bias_pow, mode);
    }
    free(u);
    return FR_OK;
}
