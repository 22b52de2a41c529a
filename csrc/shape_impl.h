/* Body of the contrast and RMS kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#include "select_impl.h"

typedef struct {
    const T *S;
    ptrdiff_t lds, n_freq, n_frames, n_bands;
    int frame_major;
    const ptrdiff_t *start, *idx, *q;
    double *valley, *peak;
    ptrdiff_t ldout;
} FR_FN(contrast_ctx);

/* Frames [begin, end) of the flattened (row, frame) index: a few frames at a
 * time are gathered into contiguous spectra (read in place when frame-major),
 * then each band is selected. */
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
        const T *restrict frames = c->S + r * c->lds + t0 * n_freq;
        if (!c->frame_major) {
            const T *restrict col = c->S + r * c->lds + t0;
            for (ptrdiff_t k = 0; k < n_freq; k++)
                for (ptrdiff_t j = 0; j < nb; j++) buf[j * n_freq + k] = col[k * c->n_frames + j];
            frames = buf;
        }
        for (ptrdiff_t j = 0; j < nb; j++) {
            const T *restrict s = frames + j * n_freq;
            double *o = c->valley + r * c->ldout + t0 + j, *p = c->peak + r * c->ldout + t0 + j;
            FR_FN(band_extremes)(s, c->n_bands, c->start, c->idx, c->q, band, o, p, c->n_frames);
        }
        i += nb;
    }
    free(buf);
    free(band);
    return FR_OK;
}

int FR_FN(fr_contrast)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t n_freq,
                       ptrdiff_t n_frames, int frame_major, ptrdiff_t n_bands,
                       const ptrdiff_t *start,
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
    c.frame_major = frame_major;
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
