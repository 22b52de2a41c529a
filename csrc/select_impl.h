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

#define FR_EXTREMES_GROUPS 32 /* the most groups: FR_SMALL_Q rounded up to 8 */
#define FR_EXTREMES_CAND 64    /* the most candidates ranked */

/* The q largest (up: smallest) of g[0..n) into l[0..q), in order, by rank:
 * the rank of g[i] is the number of values before it in the order (ties by
 * position), counted in loops that vectorise, and g[i] goes to l[rank]; no
 * data-dependent branches (each mispredicts as often as not in the
 * insertion into a sorted list). l holds q + 1 values (the last is a dump). */
static void FR_FN(rank_top)(const T *restrict g, ptrdiff_t n, ptrdiff_t q, T *restrict l, int up) {
    for (ptrdiff_t i = 0; i < n; i++) {
        const T v = g[i];
        int r = 0;
        if (up) {
            for (ptrdiff_t j = 0; j < n; j++) r += (g[j] < v) | ((g[j] == v) & (j < i));
        } else {
            for (ptrdiff_t j = 0; j < n; j++) r += (g[j] > v) | ((g[j] == v) & (j < i));
        }
        l[r < q ? r : q] = v;
    }
}

/* The q largest (up: smallest) of a run x[0..m) into l[0..q) in order, from
 * its L groups' maxima (minima) g: the q-th largest maximum bounds the q-th
 * largest value from below (the q largest maxima are q values at least that
 * large), so the values past that bound, in the groups that reach it, hold
 * the q largest. 0 when they number more than FR_EXTREMES_CAND (ties). */
static int FR_FN(run_top)(const T *restrict x, ptrdiff_t m, ptrdiff_t L, const T *restrict g,
                          ptrdiff_t q, T *restrict l, int up) {
    T cand[FR_EXTREMES_CAND + 1]; /* the last is a dump for the overflow */
    ptrdiff_t groups[FR_EXTREMES_GROUPS], n_groups = 0, n = 0;
    FR_FN(rank_top)(g, L, q, l, up);
    const T bound = l[q - 1];
    for (ptrdiff_t j = 0; j < L; j++) {
        groups[n_groups] = j;
        n_groups += up ? g[j] <= bound : g[j] >= bound;
    }
    for (ptrdiff_t i = 0; i < n_groups; i++) {
        for (ptrdiff_t k = groups[i]; k < m; k += L) {
            cand[n < FR_EXTREMES_CAND ? n : FR_EXTREMES_CAND] = x[k];
            n += up ? x[k] <= bound : x[k] >= bound;
        }
    }
    if (n > FR_EXTREMES_CAND) return 0;
    FR_FN(rank_top)(cand, n, q, l, up);
    return 1;
}

/* extremes of a run of consecutive bins x[0..m) (same q, m bounds; 0 when
 * ties leave too many candidates): the values fall into L >= q groups, group j
 * holding x[j], x[j + L], ..., whose extremes are the elementwise maxima and
 * minima of rows of L values, a loop that vectorises; then `run_top`. The
 * same lists, so the same sums, as `extremes`. */
static int FR_FN(extremes_run)(const T *restrict x, ptrdiff_t m, ptrdiff_t q, double *lo_sum,
                               double *hi_sum) {
    enum { G = FR_EXTREMES_GROUPS };
    /* q rounded up to a multiple of 8 groups (fewer groups: less to rank,
     * more values in each), at most m / 4 (>= q: 4 values or more each) */
    ptrdiff_t L = (q + 7) / 8 * 8;
    L = L < m / 4 ? L : m / 4;
    T gmax[G], gmin[G];
    for (ptrdiff_t j = 0; j < L; j++) gmax[j] = gmin[j] = x[j];
    ptrdiff_t r = L;
    for (; r + L <= m; r += L) {
        const T *restrict row = x + r;
        for (ptrdiff_t j = 0; j < L; j++) {
            gmax[j] = row[j] > gmax[j] ? row[j] : gmax[j];
            gmin[j] = row[j] < gmin[j] ? row[j] : gmin[j];
        }
    }
    for (ptrdiff_t j = 0; r + j < m; j++) {
        gmax[j] = x[r + j] > gmax[j] ? x[r + j] : gmax[j];
        gmin[j] = x[r + j] < gmin[j] ? x[r + j] : gmin[j];
    }
    /* a NaN among the group extremes would leave ranks unfilled: the
     * insertion path takes that band (a NaN elsewhere is never a candidate) */
    int nan = 0;
    for (ptrdiff_t j = 0; j < L; j++) nan |= (gmax[j] != gmax[j]) | (gmin[j] != gmin[j]);
    if (nan) return 0;
    T low[FR_SMALL_Q + 1], high[FR_SMALL_Q + 1]; /* low ascending, high descending */
    if (!FR_FN(run_top)(x, m, L, gmax, q, high, 0) || !FR_FN(run_top)(x, m, L, gmin, q, low, 1))
        return 0;
    double lo = 0, hi = 0;
    for (ptrdiff_t j = 0; j < q; j++) {
        lo += low[j];
        hi += high[j];
    }
    *lo_sum = lo;
    *hi_sum = hi;
    return 1;
}

/* Whether ix[0..m) are consecutive bins. */
static int FR_FN(consecutive)(const ptrdiff_t *restrict ix, ptrdiff_t m) {
    int gaps = 0;
    for (ptrdiff_t k = 1; k < m; k++) gaps |= ix[k] != ix[0] + k;
    return !gaps;
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
        if (q <= FR_SMALL_Q && 4 * q <= m && FR_FN(consecutive)(ix, m) &&
            FR_FN(extremes_run)(s + ix[0], m, q, &lo, &hi)) {
        } else if (q <= FR_SMALL_Q && 4 * q <= m) {
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
