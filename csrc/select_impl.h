/* Band extremes for spectral contrast, for one precision (included by the
 * kernels that need them after template.h; all functions are static). */

#include "quickselect_impl.h"

#ifndef FR_SMALL_Q
#define FR_SMALL_Q 32 /* the largest q of the one-pass selection */
#endif

/* Sums of the q smallest and the q largest of s[ix[0..m)] (q <= FR_SMALL_Q,
 * q <= m) in one pass, keeping both as sorted lists: after the first few
 * values almost every value fails both comparisons, a well-predicted branch
 * (a quickselect's data-dependent branches mispredict half the time). */
static void FR_FN(extremes)(const T *restrict s, const ptrdiff_t *restrict ix, ptrdiff_t m,
                            ptrdiff_t q, double *lo_sum, double *hi_sum) {
    T low[FR_SMALL_Q], high[FR_SMALL_Q]; /* low ascending, high descending */
    for (ptrdiff_t k = 0; k < q; k++) {
        T v = s[ix[k]];
        ptrdiff_t a = k, b = k;
        while (a > 0 && low[a - 1] > v) { low[a] = low[a - 1]; a--; }
        low[a] = v;
        while (b > 0 && high[b - 1] < v) { high[b] = high[b - 1]; b--; }
        high[b] = v;
    }
    for (ptrdiff_t k = q; k < m; k++) {
        const T v = s[ix[k]];
        if (v < low[q - 1]) {
            ptrdiff_t a = q - 1;
            while (a > 0 && low[a - 1] > v) { low[a] = low[a - 1]; a--; }
            low[a] = v;
        }
        if (v > high[q - 1]) {
            ptrdiff_t b = q - 1;
            while (b > 0 && high[b - 1] < v) { high[b] = high[b - 1]; b--; }
            high[b] = v;
        }
    }
    double lo = 0, hi = 0;
    for (ptrdiff_t k = 0; k < q; k++) {
        lo += low[k];
        hi += high[k];
    }
    *lo_sum = lo;
    *hi_sum = hi;
}

/* Valley and peak of each band of the spectrum s: band b holds the bins
 * ix[start[b] .. start[b+1]) (m of them) and averages its q[b] (at most m)
 * smallest and largest values, rounded to T as librosa's means are; an empty
 * band gives NaN. Band b's results go to valley[b*ld] and peak[b*ld]. band is
 * scratch for the largest band. */
static void FR_FN(band_extremes)(const T *restrict s, ptrdiff_t n_bands,
                                 const ptrdiff_t *restrict start, const ptrdiff_t *restrict idx,
                                 const ptrdiff_t *restrict qs, T *restrict band,
                                 double *valley, double *peak, ptrdiff_t ld) {
    for (ptrdiff_t b = 0; b < n_bands; b++) {
        const ptrdiff_t m = start[b + 1] - start[b];
        const ptrdiff_t *restrict ix = idx + start[b];
        const ptrdiff_t q = qs[b] < m ? qs[b] : m;
        double lo = 0, hi = 0;
        if (m == 0) {
            valley[b * ld] = peak[b * ld] = NAN;
            continue;
        }
        if (q <= FR_SMALL_Q && 4 * q <= m) {
            FR_FN(extremes)(s, ix, m, q, &lo, &hi);
        } else {
            for (ptrdiff_t k = 0; k < m; k++) band[k] = s[ix[k]];
            FR_FN(select_k)(band, m, q);
            for (ptrdiff_t k = 0; k < q; k++) lo += band[k];
            FR_FN(select_k)(band, m, m - q);
            for (ptrdiff_t k = m - q; k < m; k++) hi += band[k];
        }
        valley[b * ld] = (double)(T)(lo / (double)q);
        peak[b * ld] = (double)(T)(hi / (double)q);
    }
}
