/* Body of the rhythm kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#include "quickselect_impl.h"

/* ---- helpers ------------------------------------------------------------ */

/* NumPy's median of a[0..n), n >= 1: the middle value, or the mean (in T) of
 * the middle pair; NaN when any value is NaN. Reorders a. */
static T FR_FN(median)(T *a, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++)
        if (a[i] != a[i]) return a[i];
    T lower = 0, upper = FR_FN(kth_smallest)(a, n, n / 2, n % 2 ? NULL : &lower);
    if (n % 2) return upper;
    T s = lower + upper;
    return s / (T)2;
}

/* ---- spectral flux -------------------------------------------------------- */

/* Frames t0 .. t0+len of row f of the reference: S's rows f - size/2 ..
 * f + (size-1)/2 (mirrored at the edges), maximised frame by frame into buf. */
static void FR_FN(max_filter_row)(const T *restrict S, ptrdiff_t n_bins, ptrdiff_t n_frames,
                                  ptrdiff_t f, ptrdiff_t size, ptrdiff_t t0, ptrdiff_t len,
                                  T *restrict buf) {
    ptrdiff_t s1 = size / 2, s2 = size - s1 - 1;
    memcpy(buf, S + reflect_index(f - s1, n_bins) * n_frames + t0, (size_t)len * sizeof(T));
    for (ptrdiff_t j = f - s1 + 1; j <= f + s2; j++) {
        const T *restrict row = S + reflect_index(j, n_bins) * n_frames + t0;
        for (ptrdiff_t t = 0; t < len; t++) buf[t] = row[t] > buf[t] ? row[t] : buf[t];
    }
}

/* Frames are aggregated by median in blocks of FLUX_BLOCK, the block's
 * rectified differences gathered frame by frame in a buffer that stays in
 * cache. */
#ifndef FLUX_BLOCK
#define FLUX_BLOCK 64
#endif

/* The median of one frame's nb rectified differences, given its p positive
 * (or NaN) values pos[0..p) (reordered) and nan set when one is NaN: the
 * nb - p others are zeros, which sort first. As NumPy: the middle value, or
 * the mean (in T) of the middle pair. */
static T FR_FN(rectified_median)(T *pos, ptrdiff_t p, ptrdiff_t nb, int nan) {
    if (nan) {
        for (ptrdiff_t i = 0; i < p; i++)
            if (pos[i] != pos[i]) return pos[i];
    }
    const ptrdiff_t z = nb - p, h = nb / 2;
    if (h < z) return (T)0; /* the middle value(s) are zeros */
    /* lower stays 0 when the middle pair's lower value is one of the zeros */
    T lower = 0, upper = FR_FN(kth_smallest)(pos, p, h - z, nb % 2 ? NULL : &lower);
    if (nb % 2) return upper;
    T s = lower + upper;
    return s / (T)2;
}

int FR_FN(fr_onset_flux)(const T *restrict S, const T *restrict ref, ptrdiff_t n_rows,
                         ptrdiff_t lds, ptrdiff_t n_bins, ptrdiff_t n_frames, ptrdiff_t lag,
                         ptrdiff_t max_size, const ptrdiff_t *lo, const ptrdiff_t *hi,
                         ptrdiff_t n_channels, int agg, T *restrict out, ptrdiff_t ldout) {
    const ptrdiff_t nt = n_frames - lag;
    ptrdiff_t widest = 0;
    T *rbuf = NULL, *acc = NULL;
    ptrdiff_t *npos = NULL;
    unsigned char *nan = NULL;
    int st = FR_OK;
    if (n_rows < 0 || n_bins < 1 || lag < 1 || nt < 1 || max_size < 1 || n_channels < 0)
        return FR_ERR_SIZE;
    if (agg != FR_AGG_MEAN && agg != FR_AGG_MEDIAN) return FR_ERR_SIZE;
    for (ptrdiff_t c = 0; c < n_channels; c++) {
        if (lo[c] < 0 || hi[c] > n_bins || lo[c] >= hi[c]) return FR_ERR_SIZE;
        if (hi[c] - lo[c] > widest) widest = hi[c] - lo[c];
    }
    if (!ref && max_size > 1) {
        rbuf = (T *)malloc((size_t)n_frames * sizeof(T));
        if (!rbuf) return FR_ERR_ALLOC;
    }
    if (agg == FR_AGG_MEAN) {
        acc = (T *)malloc((size_t)nt * sizeof(T));
    } else {
        acc = (T *)malloc((size_t)FLUX_BLOCK * (size_t)widest * sizeof(T));
        npos = (ptrdiff_t *)malloc((size_t)FLUX_BLOCK * sizeof(ptrdiff_t));
        nan = (unsigned char *)malloc((size_t)FLUX_BLOCK);
    }
    if (!acc || (agg == FR_AGG_MEDIAN && (!npos || !nan))) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const T *Sr = S + r * lds;
        for (ptrdiff_t c = 0; c < n_channels; c++) {
            const ptrdiff_t nb = hi[c] - lo[c];
            T *restrict o = out + r * ldout + c * nt;
            if (agg == FR_AGG_MEAN) {
                memset(acc, 0, (size_t)nt * sizeof(T));
                for (ptrdiff_t f = lo[c]; f < hi[c]; f++) {
                    const T *restrict R;
                    if (ref) {
                        R = ref + r * lds + f * n_frames;
                    } else if (max_size > 1) {
                        FR_FN(max_filter_row)(Sr, n_bins, n_frames, f, max_size, 0, nt, rbuf);
                        R = rbuf;
                    } else {
                        R = Sr + f * n_frames;
                    }
                    const T *restrict Sf = Sr + f * n_frames + lag;
                    for (ptrdiff_t t = 0; t < nt; t++) {
                        T d = Sf[t] - R[t];
                        acc[t] += d < 0 ? (T)0 : d; /* NaN passes, as np.maximum */
                    }
                }
                const T count = (T)nb;
                for (ptrdiff_t t = 0; t < nt; t++) o[t] = acc[t] / count;
                continue;
            }
            for (ptrdiff_t t0 = 0; t0 < nt; t0 += FLUX_BLOCK) {
                const ptrdiff_t len = nt - t0 < FLUX_BLOCK ? nt - t0 : FLUX_BLOCK;
                memset(npos, 0, (size_t)len * sizeof(ptrdiff_t));
                memset(nan, 0, (size_t)len);
                for (ptrdiff_t f = lo[c]; f < hi[c]; f++) {
                    const T *restrict R;
                    if (ref) {
                        R = ref + r * lds + f * n_frames + t0;
                    } else if (max_size > 1) {
                        FR_FN(max_filter_row)(Sr, n_bins, n_frames, f, max_size, t0, len, rbuf);
                        R = rbuf;
                    } else {
                        R = Sr + f * n_frames + t0;
                    }
                    const T *restrict Sf = Sr + f * n_frames + lag + t0;
                    /* every difference is stored, only the positive (or NaN)
                     * ones kept: no branch on the data */
                    for (ptrdiff_t t = 0; t < len; t++) {
                        T d = Sf[t] - R[t];
                        acc[t * widest + npos[t]] = d;
                        npos[t] += !(d <= 0);
                        nan[t] |= d != d;
                    }
                }
                for (ptrdiff_t t = 0; t < len; t++)
                    o[t0 + t] = FR_FN(rectified_median)(acc + t * widest, npos[t], nb, nan[t]);
            }
        }
    }
cleanup:
    free(rbuf);
    free(acc);
    free(npos);
    free(nan);
    return st;
}

/* ---- peak picking ----------------------------------------------------------- */

/* Largest of x[lo..hi) (NaN if any is NaN, as numba's np.max). */
static T FR_FN(window_max)(const T *x, ptrdiff_t lo, ptrdiff_t hi) {
    T m = x[lo];
    if (m != m) return m;
    for (ptrdiff_t i = lo + 1; i < hi; i++) {
        if (x[i] != x[i]) return x[i];
        if (x[i] > m) m = x[i];
    }
    return m;
}

/* mean(x[lo..hi)) + delta as librosa's compiled peak picker forms it: summed in
 * order in T, divided in double, rounded to T, delta added in T. */
static T FR_FN(window_mean_delta)(const T *x, ptrdiff_t lo, ptrdiff_t hi, float delta) {
    T c = 0;
    for (ptrdiff_t i = lo; i < hi; i++) c += x[i];
    T mean = (T)((double)c / (double)(hi - lo));
    return mean + (T)delta;
}

int FR_FN(fr_peak_pick)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n,
                        ptrdiff_t pre_max, ptrdiff_t post_max, ptrdiff_t pre_avg,
                        ptrdiff_t post_avg, float delta, ptrdiff_t wait,
                        unsigned char *restrict flags, ptrdiff_t ldf) {
    if (n_rows < 0 || n < 0 || pre_max < 0 || post_max < 1 || pre_avg < 0 || post_avg < 1 ||
        wait < 0)
        return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows && n > 0; r++) {
        const T *xr = x + r * ldx;
        unsigned char *p = flags + r * ldf;
        memset(p, 0, (size_t)n);
        int first = xr[0] >= FR_FN(window_max)(xr, 0, post_max < n ? post_max : n);
        first = first && xr[0] >= FR_FN(window_mean_delta)(xr, 0, post_avg < n ? post_avg : n, delta);
        p[0] = (unsigned char)first;
        ptrdiff_t i = first ? wait + 1 : 1;
        while (i < n) {
            ptrdiff_t a = i - pre_max > 0 ? i - pre_max : 0;
            ptrdiff_t b = i + post_max < n ? i + post_max : n;
            if (!(xr[i] == FR_FN(window_max)(xr, a, b))) {
                i++;
                continue;
            }
            a = i - pre_avg > 0 ? i - pre_avg : 0;
            b = i + post_avg < n ? i + post_avg : n;
            if (!(xr[i] >= FR_FN(window_mean_delta)(xr, a, b, delta))) {
                i++;
                continue;
            }
            p[i] = 1;
            i += wait + 1;
        }
    }
    return FR_OK;
}

/* ---- beat tracking -------------------------------------------------------- */

/* The Gaussian weights exp(-0.5 * ((k - fpb) * 32 / fpb)^2), k = 0 .. 2 fpb. */
static void FR_FN(beat_window)(double fpb, ptrdiff_t K, double *w) {
    for (ptrdiff_t k = 0; k < K; k++) {
        double a = (-fpb + (double)k) * 32.0 / fpb;
        w[k] = exp(-0.5 * (a * a));
    }
}

/* logf for float tempi (numba takes the log of a float32 in float32). */
static double FR_FN(log_fpb)(T fpb) {
#if FR_PRECISION == 32
    return (double)logf(fpb);
#else
    return log(fpb);
#endif
}

static int FR_FN(beat_row)(const T *restrict e, ptrdiff_t n, const T *restrict fpb, ptrdiff_t n_fpb,
                           double tight, int trim, unsigned char *restrict beats, T *restrict ls,
                           T *restrict cs, ptrdiff_t *restrict bl, T *restrict sel,
                           double **win, ptrdiff_t *win_cap, double **pen, ptrdiff_t *pen_cap) {
    const int tv = n_fpb > 1;

    /* 1. local score: a same-mode correlation with the window (frame 0 of the
     * envelope never contributes, as in librosa's loop bounds). */
    for (ptrdiff_t i = 0; i < n; i++) {
        if (i == 0 || tv) {
            double f = (double)fpb[tv ? i : 0];
            ptrdiff_t K = 2 * (ptrdiff_t)f + 1;
            if (K > *win_cap) {
                double *w = (double *)realloc(*win, (size_t)K * sizeof(double));
                if (!w) return FR_ERR_ALLOC;
                *win = w;
                *win_cap = K;
            }
            FR_FN(beat_window)(f, K, *win);
        }
        const double *w = *win;
        const ptrdiff_t K = 2 * (ptrdiff_t)(double)fpb[tv ? i : 0] + 1, h = K / 2;
        ptrdiff_t k0 = i + h - n + 1 > 0 ? i + h - n + 1 : 0;
        ptrdiff_t k1 = i + h < K ? i + h : K;
        T acc = 0;
        for (ptrdiff_t k = k0; k < k1; k++) acc = (T)((double)acc + w[k] * (double)e[i + h - k]);
        ls[i] = acc;
    }

    /* 2. dynamic programme */
    T lmax = ls[0];
    for (ptrdiff_t i = 1; i < n; i++) {
        if (lmax != lmax) break;
        if (ls[i] != ls[i] || ls[i] > lmax) lmax = ls[i];
    }
    const double score_thresh = 0.01 * (double)lmax;
    int first_beat = 1;
    double lf = 0;
    ptrdiff_t d_lo = 0, d_hi = -1;
    if (!tv) { /* the penalty of each admissible lag, once */
        double f = (double)fpb[0];
        lf = FR_FN(log_fpb)(fpb[0]);
        d_lo = (ptrdiff_t)nearbyint(f / 2);
        d_hi = (ptrdiff_t)(2 * f);
        if (d_hi + 1 > *pen_cap) {
            double *p = (double *)realloc(*pen, (size_t)(d_hi + 1) * sizeof(double));
            if (!p) return FR_ERR_ALLOC;
            *pen = p;
            *pen_cap = d_hi + 1;
        }
        for (ptrdiff_t d = d_lo; d <= d_hi; d++) {
            double a = log((double)d) - lf;
            (*pen)[d] = tight * (a * a);
        }
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        double best = -INFINITY;
        ptrdiff_t where = -1;
        if (!tv) {
            for (ptrdiff_t d = d_lo; d <= d_hi; d++) {
                ptrdiff_t loc = i - d;
                if (loc < 0) break;
                double score = (double)cs[loc] - (*pen)[d];
                if (score > best) {
                    best = score;
                    where = loc;
                }
            }
        } else {
            double f = (double)fpb[i];
            lf = FR_FN(log_fpb)(fpb[i]);
            ptrdiff_t start = i - (ptrdiff_t)nearbyint(f / 2), stop = i - (ptrdiff_t)(2 * f) - 1;
            for (ptrdiff_t loc = start; loc > stop; loc--) {
                if (loc < 0) break;
                double a = log((double)(i - loc)) - lf;
                double score = (double)cs[loc] - tight * (a * a);
                if (score > best) {
                    best = score;
                    where = loc;
                }
            }
        }
        cs[i] = where >= 0 ? (T)((double)ls[i] + best) : ls[i];
        if (first_beat && (double)ls[i] < score_thresh) {
            bl[i] = -1;
        } else {
            bl[i] = where;
            first_beat = 0;
        }
    }

    /* 3. last beat: the last local maximum of cs at least half their median */
    ptrdiff_t m = 0;
    for (ptrdiff_t i = 1; i < n; i++) {
        int is_max = cs[i] > cs[i - 1] && (i == n - 1 || cs[i] >= cs[i + 1]);
        if (is_max) sel[m++] = cs[i];
    }
    ptrdiff_t tail = n - 1;
    if (m > 0) {
        T med = FR_FN(median)(sel, m);
        T thresh = med * (T)0.5;
        for (ptrdiff_t i = n - 1; i >= 1; i--) {
            int is_max = cs[i] > cs[i - 1] && (i == n - 1 || cs[i] >= cs[i + 1]);
            if (is_max && cs[i] >= thresh) {
                tail = i;
                break;
            }
        }
    }

    /* 4. backtrack */
    memset(beats, 0, (size_t)n);
    for (ptrdiff_t i = tail; i >= 0; i = bl[i]) beats[i] = 1;

    /* 5. trim: half the RMS of the beats' local scores smoothed by a 5-point
     * Hann window (same-mode slice of the full convolution, as librosa) */
    double threshold = 0.0;
    if (trim) {
        static const double hw[5] = {0.0, 0.5, 1.0, 0.5, 0.0};
        ptrdiff_t nb = 0;
        for (ptrdiff_t i = 0; i < n; i++)
            if (beats[i]) sel[nb++] = ls[i];
        ptrdiff_t end = n + 2 < nb + 4 ? n + 2 : nb + 4;
        double sq = 0.0;
        for (ptrdiff_t q = 2; q < end; q++) {
            double s = 0.0;
            ptrdiff_t j0 = q - 4 > 0 ? q - 4 : 0, j1 = q < nb - 1 ? q : nb - 1;
            for (ptrdiff_t j = j0; j <= j1; j++) s += (double)sel[j] * hw[q - j];
            sq += s * s;
        }
        threshold = 0.5 * pow(sq / (double)(end - 2), 0.5);
    }
    for (ptrdiff_t i = 0; i < n && (double)ls[i] <= threshold; i++) beats[i] = 0;
    for (ptrdiff_t i = n - 1; i >= 0 && (double)ls[i] <= threshold; i--) beats[i] = 0;
    return FR_OK;
}

int FR_FN(fr_beat_track)(const T *restrict onsets, ptrdiff_t n_rows, ptrdiff_t ldo, ptrdiff_t n,
                         const T *restrict fpb, ptrdiff_t n_fpb, ptrdiff_t ldfpb, float tightness,
                         int trim, unsigned char *restrict beats, ptrdiff_t ldb) {
    T *ls = NULL, *cs = NULL, *sel = NULL;
    ptrdiff_t *bl = NULL;
    double *win = NULL, *pen = NULL;
    ptrdiff_t win_cap = 0, pen_cap = 0;
    int st = FR_OK;
    if (n_rows < 0 || n < 2 || (n_fpb != 1 && n_fpb != n)) return FR_ERR_SIZE;
    for (ptrdiff_t r = 0; r < n_rows; r++)
        for (ptrdiff_t i = 0; i < n_fpb; i++) {
            double f = (double)fpb[r * ldfpb + i];
            if (!(f >= 0) || f > 1e9) return FR_ERR_SIZE;
        }
    ls = (T *)malloc((size_t)n * sizeof(T));
    cs = (T *)calloc((size_t)n, sizeof(T));
    sel = (T *)malloc((size_t)n * sizeof(T));
    bl = (ptrdiff_t *)malloc((size_t)n * sizeof(ptrdiff_t));
    if (!ls || !cs || !sel || !bl) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    for (ptrdiff_t r = 0; r < n_rows && st == FR_OK; r++)
        st = FR_FN(beat_row)(onsets + r * ldo, n, fpb + r * ldfpb, n_fpb,
                             (double)tightness, trim, beats + r * ldb, ls, cs, bl, sel,
                             &win, &win_cap, &pen, &pen_cap);
cleanup:
    free(ls);
    free(cs);
    free(sel);
    free(bl);
    free(win);
    free(pen);
    return st;
}

/* ---- autocorrelation tempogram --------------------------------------------- */

typedef struct {
    const T *x;
    ptrdiff_t ldx, n_frames;
    const T *window;
    ptrdiff_t win_length, n_pad;
    int norm_inf;
    const fr_plan *fwd, *bwd;
    T *out;
    ptrdiff_t ldout;
} FR_FN(tgram_ctx);

/* Frames are done in blocks of TG_BLOCK so that each lag's values go out as
 * one contiguous run of the (lag, frame) output. */
#ifndef TG_BLOCK
#define TG_BLOCK 32
#endif
static int FR_FN(tgram_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(tgram_ctx) *c = (const FR_FN(tgram_ctx) *)arg;
    const ptrdiff_t W = c->win_length, P = c->n_pad, nf = P / 2 + 1;
    const T fct = (T)(1.0 / (double)P), tiny = FR_SINGLE ? (T)FLT_MIN : (T)DBL_MIN;
    T *buf = (T *)fr_fftw_malloc((size_t)P * sizeof(T));
    CT *spec = (CT *)fr_fftw_malloc((size_t)nf * sizeof(CT));
    T *block = (T *)malloc((size_t)W * TG_BLOCK * sizeof(T));
    int st = FR_OK;
    if (!buf || !spec || !block) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    for (ptrdiff_t i0 = begin; i0 < end;) {
        /* a block: consecutive frames of one row */
        const ptrdiff_t r = i0 / c->n_frames, t0 = i0 % c->n_frames;
        ptrdiff_t nb = c->n_frames - t0;
        if (nb > end - i0) nb = end - i0;
        if (nb > TG_BLOCK) nb = TG_BLOCK;
        for (ptrdiff_t b = 0; b < nb; b++) {
            const T *restrict xf = c->x + r * c->ldx + t0 + b;
            for (ptrdiff_t j = 0; j < W; j++) buf[j] = xf[j] * c->window[j];
            memset(buf + W, 0, (size_t)(P - W) * sizeof(T));
            FR_FN(fr_rfft_exec)(c->fwd, buf, spec);
            for (ptrdiff_t k = 0; k < nf; k++) {
                spec[k].re = spec[k].re * spec[k].re + spec[k].im * spec[k].im;
                spec[k].im = 0;
            }
            FR_FN(fr_irfft_exec)(c->bwd, spec, buf);
            T peak = 0;
            int has_nan = 0;
            for (ptrdiff_t k = 0; k < W; k++) {
                buf[k] *= fct;
                T a = buf[k] < 0 ? -buf[k] : buf[k];
                if (a != a) has_nan = 1;
                else if (a > peak) peak = a;
            }
            if (c->norm_inf && !has_nan && peak >= tiny)
                for (ptrdiff_t k = 0; k < W; k++) buf[k] /= peak;
            T *restrict bl = block + b;
            for (ptrdiff_t k = 0; k < W; k++) bl[k * TG_BLOCK] = buf[k];
        }
        T *restrict o = c->out + r * c->ldout + t0;
        for (ptrdiff_t k = 0; k < W; k++)
            memcpy(o + k * c->n_frames, block + k * TG_BLOCK, (size_t)nb * sizeof(T));
        i0 += nb;
    }
cleanup:
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    free(block);
    return st;
}

int FR_FN(fr_tempogram)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                        const T *restrict window, ptrdiff_t win_length, ptrdiff_t n_pad,
                        int norm_inf, T *restrict out, ptrdiff_t ldout, int n_threads) {
    FR_FN(tgram_ctx) c;
    int st;
    if (n_rows < 0 || n_frames < 0 || win_length < 1 || n_pad < 2 * win_length - 1)
        return FR_ERR_SIZE;
    if (n_rows == 0 || n_frames == 0) return FR_OK;
    st = fr_plan_rfft(n_pad, FR_SINGLE, &c.fwd);
    if (st != FR_OK) return st;
    st = fr_plan_irfft(n_pad, FR_SINGLE, &c.bwd);
    if (st != FR_OK) return st;
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.window = window;
    c.win_length = win_length; c.n_pad = n_pad; c.norm_inf = norm_inf;
    c.out = out; c.ldout = ldout;
    if ((double)n_rows * (double)n_frames * (double)n_pad < (double)(1 << 19)) n_threads = 1;
    return fr_parallel_for(n_rows * n_frames, n_threads, FR_FN(tgram_range), &c);
}

/* ---- time-averaged tempogram ---------------------------------------------- */

/* The frames of each row are cut into chunks of TGM_CHUNK; every chunk keeps
 * its own partial sum, and the partial sums are added in chunk order, so the
 * result does not depend on how the chunks are split over threads. */
#ifndef TGM_CHUNK
#define TGM_CHUNK 64
#endif

typedef struct {
    const T *x;
    ptrdiff_t ldx, n_frames, n_chunks;
    const T *window;
    ptrdiff_t win_length, n_pad;
    const fr_plan *fwd;
    double *part; /* (n_rows * n_chunks) x (n_pad/2 + 1) */
} FR_FN(tgmean_ctx);

/* Chunks [begin, end) (counted over rows): the sum over the chunk's frames of
 * each frame's power spectrum divided by its energy (the autocorrelation's
 * value at lag 0, its largest magnitude). */
static int FR_FN(tgmean_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(tgmean_ctx) *c = (const FR_FN(tgmean_ctx) *)arg;
    const ptrdiff_t W = c->win_length, P = c->n_pad, nf = P / 2 + 1;
    const double tiny = FR_SINGLE ? (double)FLT_MIN : DBL_MIN;
    T *buf = (T *)fr_fftw_malloc((size_t)P * sizeof(T));
    CT *spec = (CT *)fr_fftw_malloc((size_t)nf * sizeof(CT));
    int st = FR_OK;
    if (!buf || !spec) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    memset(buf + W, 0, (size_t)(P - W) * sizeof(T));
    for (ptrdiff_t i = begin; i < end; i++) {
        const ptrdiff_t r = i / c->n_chunks, t0 = (i % c->n_chunks) * TGM_CHUNK;
        const ptrdiff_t t1 = t0 + TGM_CHUNK < c->n_frames ? t0 + TGM_CHUNK : c->n_frames;
        double *restrict acc = c->part + i * nf;
        memset(acc, 0, (size_t)nf * sizeof(double));
        for (ptrdiff_t t = t0; t < t1; t++) {
            const T *restrict xf = c->x + r * c->ldx + t;
            const double energy = FR_SIMD()->FR_PFN(fr_window_energy)(xf, c->window, W, buf);
            if (energy == 0) continue;
            FR_FN(fr_rfft_exec)(c->fwd, buf, spec); /* keeps buf's zero tail */
            FR_SIMD()->FR_PFN(fr_add_scaled_power)(spec, nf, energy >= tiny ? 1.0 / energy : 1.0, acc);
        }
    }
cleanup:
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    return st;
}

int FR_FN(fr_tempogram_mean)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx,
                             ptrdiff_t n_frames, const T *restrict window, ptrdiff_t win_length,
                             ptrdiff_t n_pad, T *restrict out, ptrdiff_t ldout, int n_threads) {
    FR_FN(tgmean_ctx) c;
    const ptrdiff_t nf = n_pad / 2 + 1;
    T *buf = NULL;
    CT *spec = NULL;
    int st;
    if (n_rows < 0 || n_frames < 1 || win_length < 1 || n_pad < 2 * win_length - 1)
        return FR_ERR_SIZE;
    if (n_rows == 0) return FR_OK;
    st = fr_plan_rfft(n_pad, FR_SINGLE, &c.fwd);
    if (st != FR_OK) return st;
    const fr_plan *bwd;
    st = fr_plan_irfft(n_pad, FR_SINGLE, &bwd);
    if (st != FR_OK) return st;
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.window = window;
    c.win_length = win_length; c.n_pad = n_pad;
    c.n_chunks = (n_frames + TGM_CHUNK - 1) / TGM_CHUNK;
    c.part = (double *)malloc((size_t)(n_rows * c.n_chunks * nf) * sizeof(double));
    buf = (T *)fr_fftw_malloc((size_t)n_pad * sizeof(T));
    spec = (CT *)fr_fftw_malloc((size_t)nf * sizeof(CT));
    if (!c.part || !buf || !spec) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    if ((double)n_rows * (double)n_frames * (double)n_pad < (double)(1 << 19)) n_threads = 1;
    st = fr_parallel_for(n_rows * c.n_chunks, n_threads, FR_FN(tgmean_range), &c);
    if (st != FR_OK) goto cleanup;
    /* per row: the chunks' sums in order, back to lags, divided by the
     * transform's length and the number of frames */
    const double fct = 1.0 / ((double)n_pad * (double)n_frames);
    for (ptrdiff_t r = 0; r < n_rows; r++) {
        const double *part = c.part + r * c.n_chunks * nf;
        for (ptrdiff_t k = 0; k < nf; k++) {
            double s = 0;
            for (ptrdiff_t q = 0; q < c.n_chunks; q++) s += part[q * nf + k];
            spec[k].re = (T)s;
            spec[k].im = 0;
        }
        FR_FN(fr_irfft_exec)(bwd, spec, buf);
        for (ptrdiff_t k = 0; k < win_length; k++) out[r * ldout + k] = (T)((double)buf[k] * fct);
    }
cleanup:
    free(c.part);
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    return st;
}
