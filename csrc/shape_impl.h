/* Body of the contrast and RMS kernels for one precision; see template.h. */
#include "fastrosa/template.h"

/* Partially order a[0..m) so that a[0..k) holds its k smallest values
 * (k in [0, m]); quickselect with a median-of-three pivot. */
static void FR_FN(select_k)(T *a, ptrdiff_t m, ptrdiff_t k) {
    ptrdiff_t lo = 0, hi = m - 1;
    while (lo < hi && k > lo && k <= hi) {
        const ptrdiff_t mid = lo + (hi - lo) / 2;
        T x = a[lo], y = a[mid], z = a[hi];
        T pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (pivot < a[j]) j--;
            if (i <= j) {
                T tmp = a[i];
                a[i] = a[j];
                a[j] = tmp;
                i++;
                j--;
            }
        }
        /* now a[lo..j] <= pivot <= a[i..hi], j < i, and a[j+1..i-1] == pivot */
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

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

typedef struct {
    const T *S;
    ptrdiff_t lds, n_freq, n_frames, n_bands;
    const ptrdiff_t *start, *idx, *q;
    double *valley, *peak;
    ptrdiff_t ldout;
} FR_FN(contrast_ctx);

/* Frames [begin, end) of the flattened (row, frame) index: a few frames at a
 * time are gathered into contiguous spectra, then each band is selected. */
static int FR_FN(contrast_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    enum { BLOCK = 64 };
    const FR_FN(contrast_ctx) *c = (const FR_FN(contrast_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, n_sel = c->start[c->n_bands];
    T *buf = (T *)malloc((size_t)(BLOCK * n_freq) * sizeof(T));
    T *band = (T *)malloc((size_t)(n_sel > 0 ? n_sel : 1) * sizeof(T));
    if (!buf || !band) {
        free(buf);
        free(band);
        return FR_ERR_ALLOC;
    }
    for (ptrdiff_t i = begin; i < end;) {
        const ptrdiff_t r = i / c->n_frames, t0 = i % c->n_frames;
        ptrdiff_t nb = c->n_frames - t0;
        if (nb > BLOCK) nb = BLOCK;
        if (nb > end - i) nb = end - i;
        const T *restrict col = c->S + r * c->lds + t0;
        for (ptrdiff_t k = 0; k < n_freq; k++)
            for (ptrdiff_t j = 0; j < nb; j++) buf[j * n_freq + k] = col[k * c->n_frames + j];
        for (ptrdiff_t j = 0; j < nb; j++) {
            const T *restrict s = buf + j * n_freq;
            for (ptrdiff_t b = 0; b < c->n_bands; b++) {
                const ptrdiff_t m = c->start[b + 1] - c->start[b];
                const ptrdiff_t *restrict ix = c->idx + c->start[b];
                const ptrdiff_t at = r * c->ldout + b * c->n_frames + t0 + j;
                const ptrdiff_t q = c->q[b] < m ? c->q[b] : m;
                double lo = 0, hi = 0;
                if (m == 0) {
                    c->valley[at] = c->peak[at] = NAN;
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
                c->valley[at] = (double)(T)(lo / (double)q);
                c->peak[at] = (double)(T)(hi / (double)q);
            }
        }
        i += nb;
    }
    free(buf);
    free(band);
    return FR_OK;
}

int FR_FN(fr_contrast)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                       ptrdiff_t n_frames, ptrdiff_t n_bands, const ptrdiff_t *start,
                       const ptrdiff_t *idx, const ptrdiff_t *q, double *valley, double *peak,
                       ptrdiff_t ldout, int n_threads) {
    FR_FN(contrast_ctx) c;
    if (n_rows < 0 || n_freq < 1 || n_frames < 0 || n_bands < 0 || start[0] != 0) return FR_ERR_SIZE;
    for (ptrdiff_t b = 0; b < n_bands; b++) {
        if (start[b + 1] < start[b] || q[b] < 1) return FR_ERR_SIZE;
        for (ptrdiff_t k = start[b]; k < start[b + 1]; k++)
            if (idx[k] < 0 || idx[k] >= n_freq) return FR_ERR_SIZE;
    }
    if (n_rows == 0 || n_frames == 0) return FR_OK;
    c.S = S; c.lds = lds; c.n_freq = n_freq; c.n_frames = n_frames; c.n_bands = n_bands;
    c.start = start; c.idx = idx; c.q = q; c.valley = valley; c.peak = peak; c.ldout = ldout;
    if ((double)n_rows * (double)n_frames * (double)n_freq < (double)(1 << 17)) n_threads = 1;
    return fr_parallel_for(n_rows * n_frames, n_threads, FR_FN(contrast_range), &c);
}

/* Sum of squares of x[lo..hi) clipped to [0, n), in double with four
 * interleaved partial sums (independent chains the processor can overlap). */
static double FR_FN(sum_squares)(const T *restrict x, ptrdiff_t n, ptrdiff_t lo, ptrdiff_t hi) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    if (lo < 0) lo = 0;
    if (hi > n) hi = n;
    ptrdiff_t j = lo;
    for (; j + 4 <= hi; j += 4) {
        a0 += (double)x[j] * x[j];
        a1 += (double)x[j + 1] * x[j + 1];
        a2 += (double)x[j + 2] * x[j + 2];
        a3 += (double)x[j + 3] * x[j + 3];
    }
    for (; j < hi; j++) a0 += (double)x[j] * x[j];
    return (a0 + a1) + (a2 + a3);
}

int FR_FN(fr_rms)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                  ptrdiff_t frame_length, ptrdiff_t hop, ptrdiff_t start, ptrdiff_t n_frames,
                  double *restrict out, ptrdiff_t ldout) {
    if (n_rows < 0 || n < 0 || n_frames < 0 || frame_length < 1 || hop < 1) return FR_ERR_SIZE;
    if (n_frames == 0) return FR_OK;
    if (frame_length % hop == 0) {
        /* frames made of whole hops: each hop's sum of squares once, then
         * frame t sums hops t .. t + frame_length/hop - 1 */
        const ptrdiff_t per = frame_length / hop, n_blocks = n_frames - 1 + per;
        double *blocks = (double *)malloc((size_t)n_blocks * sizeof(double));
        if (!blocks) return FR_ERR_ALLOC;
        for (ptrdiff_t r = 0; r < n_rows; r++) {
            const T *restrict xr = x + r * ldx;
            for (ptrdiff_t b = 0; b < n_blocks; b++)
                blocks[b] = FR_FN(sum_squares)(xr, n, start + b * hop, start + (b + 1) * hop);
            for (ptrdiff_t t = 0; t < n_frames; t++) {
                double acc = 0;
                for (ptrdiff_t j = 0; j < per; j++) acc += blocks[t + j];
                out[r * ldout + t] = sqrt(acc / (double)frame_length);
            }
        }
        free(blocks);
        return FR_OK;
    }
    for (ptrdiff_t r = 0; r < n_rows; r++)
        for (ptrdiff_t t = 0; t < n_frames; t++) {
            const ptrdiff_t lo = start + t * hop;
            out[r * ldout + t] =
                sqrt(FR_FN(sum_squares)(x + r * ldx, n, lo, lo + frame_length) / (double)frame_length);
        }
    return FR_OK;
}
