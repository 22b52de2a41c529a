/* Body of the STFT/ISTFT kernels for one precision; see template.h. */
#include "fastrosa/template.h"

#include "select_impl.h"

/* A float32 rolloff whose threshold lies closer than this (relative to the
 * frame's total) to a running sum is computed again from a double transform:
 * the float32 FFT's rounding (about 1e-7 of the frame's peak per bin) must not
 * move the crossing that librosa, transforming in double, finds. */
#ifndef FR_ROLLOFF_MARGIN
#define FR_ROLLOFF_MARGIN 1e-5
#endif

typedef struct {
    const T *x;
    ptrdiff_t ldx, n_frames, hop, n_fft;
    const T *window;
    const fr_plan *plan;
    CT *out; /* complex spectra (fr_stft), or NULL */
    ptrdiff_t ldout;
    T *rout; /* |X|^power, optionally projected on bands (fr_stft_power) */
    ptrdiff_t ldrout, ld_band;
    double power;
    const FR_PFN(fr_bands) *bands;
    const fr_reducer *red; /* per-frame reduction into dout (fr_stft_reduce), or NULL */
    const fr_plan *plan64; /* float rolloff refined in double (red->window64), or NULL */
    double *dout;
    ptrdiff_t lddout, ldvalue;
    const FR_PFN(fr_csr) *csr; /* sparse basis times the spectrum into cout (fr_stft_csr) */
    int magnitude;
    void *cout;
    ptrdiff_t ldc_row, ldc_bin, ldc_frame;
} FR_FN(stft_ctx);

/* |X|^power of one spectrum into pw (power 2 and 1 without pow()). Other
 * powers square in double: in float, |X|^2 would overflow for |X| > 1.8e19
 * (and underflow below 1e-19) where |X| itself, as librosa's hypot, does not. */
static void FR_FN(power_spectrum)(const CT *restrict spec, ptrdiff_t n_freq, double power,
                                  T *restrict pw) {
    if (power == 2.0) {
        for (ptrdiff_t k = 0; k < n_freq; k++)
            pw[k] = spec[k].re * spec[k].re + spec[k].im * spec[k].im;
    } else if (power == 1.0) {
#if FR_SINGLE
        /* In float first (twice the SIMD width); a spectrum with a bin whose
         * square overflows or underflows is done again in double. */
        int bad = 0;
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            float re = spec[k].re, im = spec[k].im, r2 = re * re + im * im;
            pw[k] = sqrtf(r2);
            bad |= (r2 > FLT_MAX) | ((r2 < FLT_MIN) & ((re != 0) | (im != 0)));
        }
        if (!bad) return;
#endif
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            double re = spec[k].re, im = spec[k].im;
            pw[k] = (T)sqrt(re * re + im * im);
        }
    } else {
        for (ptrdiff_t k = 0; k < n_freq; k++) {
            double re = spec[k].re, im = spec[k].im;
            pw[k] = (T)pow(sqrt(re * re + im * im), power);
        }
    }
}

/* NumPy's pairwise sum of a[0..n) in T (numpy/_core/src/umath/loops_utils.h),
 * so that a float32 sum rounds as NumPy's does. */
static T FR_FN(pairwise_sum)(const T *a, ptrdiff_t n) {
    if (n < 8) {
        T res = 0;
        for (ptrdiff_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        T r[8], res;
        ptrdiff_t i;
        for (int j = 0; j < 8; j++) r[j] = a[j];
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    ptrdiff_t n2 = n / 2;
    n2 -= n2 % 8;
    return FR_FN(pairwise_sum)(a, n2) + FR_FN(pairwise_sum)(a + n2, n - n2);
}

/* Sum of a[0..n) in T, in the order of an fr_sum_mode. */
static T FR_FN(sum_in_order)(const T *a, ptrdiff_t n, int mode) {
    if (mode == FR_SUM_PAIRWISE) return FR_FN(pairwise_sum)(a, n);
    T res = 0;
    for (ptrdiff_t i = 0; i < n; i++) res += a[i];
    return res;
}

/* The rolloff bin of s[0..n) (s >= 0): the first k whose running sum, in T
 * as NumPy's cumsum, is not below roll_percent (in T) of the total; n when
 * the threshold is NaN. The running sums go to cum[0..n) (non-decreasing, so
 * the crossing is found by bisection). When margin is given, it receives
 * the distance of the threshold from the nearer running sum on either side
 * of the crossing, relative to the total. */
static ptrdiff_t FR_FN(rolloff_cross)(const T *restrict cum, ptrdiff_t n, double roll_percent,
                                     double *margin);

static ptrdiff_t FR_FN(rolloff_bin)(const T *restrict s, ptrdiff_t n, double roll_percent,
                                   T *restrict cum, double *margin) {
    T run = 0;
    for (ptrdiff_t k = 0; k < n; k++) cum[k] = run += s[k];
    return FR_FN(rolloff_cross)(cum, n, roll_percent, margin);
}

#if FR_PRECISION == 32
/* The running sums of four spectra s + j*n side by side into cum + j*n: four
 * independent chains of adds instead of one, each in order (the same values
 * as rolloff_bin's). */
static void FR_FN(cumsum4)(const T *restrict s, ptrdiff_t n, T *restrict cum) {
    T r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (ptrdiff_t k = 0; k < n; k++) {
        cum[k] = r0 += s[k];
        cum[n + k] = r1 += s[n + k];
        cum[2 * n + k] = r2 += s[2 * n + k];
        cum[3 * n + k] = r3 += s[3 * n + k];
    }
}
#endif

/* rolloff_bin's crossing, given the running sums cum[0..n). */
static ptrdiff_t FR_FN(rolloff_cross)(const T *restrict cum, ptrdiff_t n, double roll_percent,
                                     double *margin) {
    const T total = cum[n - 1], thr = (T)roll_percent * total;
    if (thr != thr) return n;
    ptrdiff_t lo = 0, hi = n - 1; /* cum[hi] >= thr always: roll_percent < 1 */
    if (!(cum[hi] >= thr)) return n;
    while (lo < hi) {
        const ptrdiff_t mid = lo + (hi - lo) / 2;
        if (cum[mid] < thr) lo = mid + 1;
        else hi = mid;
    }
    if (margin) {
        double d = (double)cum[lo] - (double)thr;
        if (lo > 0 && (double)thr - (double)cum[lo - 1] < d) d = (double)thr - (double)cum[lo - 1];
        *margin = total > 0 ? d / (double)total : 1.0; /* silence: nothing to move */
    }
    return lo;
}

/* One value from the spectrum s[0..n) of one frame; see fr_reducer in
 * spectrum.h. scratch holds 2*n values of T. Sums are in double except
 * rolloff's running sum, which is in T as librosa's cumsum is (its threshold
 * crossing must agree bin for bin), and flatness's in NumPy's orders. */
static double FR_FN(reduce_frame)(const T *restrict s, ptrdiff_t n, const fr_reducer *red,
                                  T *restrict scratch) {
    const double *restrict f = red->freq;
    const double tiny = FR_SINGLE ? (double)FLT_MIN : DBL_MIN;
    switch (red->kind) {
    case FR_REDUCE_CENTROID:
    case FR_REDUCE_BANDWIDTH: {
        /* four interleaved partial sums, so the loop runs in SIMD lanes */
        double L4[4] = {0, 0, 0, 0}, m4[4] = {0, 0, 0, 0}, acc = 0;
        ptrdiff_t k = 0;
        for (; k + 4 <= n; k += 4)
            for (int u = 0; u < 4; u++) {
                L4[u] += s[k + u];
                m4[u] += f[k + u] * s[k + u];
            }
        for (; k < n; k++) {
            L4[0] += s[k];
            m4[0] += f[k] * s[k];
        }
        double L = (L4[0] + L4[1]) + (L4[2] + L4[3]), m1 = (m4[0] + m4[1]) + (m4[2] + m4[3]);
        if (!(L >= tiny)) L = 1.0;
        const double c = m1 / L;
        if (red->kind == FR_REDUCE_CENTROID) return c;
        const double p = red->p;
        if (p == 2.0) {
            double a4[4] = {0, 0, 0, 0};
            for (k = 0; k + 4 <= n; k += 4)
                for (int u = 0; u < 4; u++) a4[u] += s[k + u] * (f[k + u] - c) * (f[k + u] - c);
            for (; k < n; k++) a4[0] += s[k] * (f[k] - c) * (f[k] - c);
            acc = (a4[0] + a4[1]) + (a4[2] + a4[3]);
        } else if (p == 1.0) {
            for (k = 0; k < n; k++) acc += s[k] * fabs(f[k] - c);
        } else {
            for (k = 0; k < n; k++) acc += s[k] * pow(fabs(f[k] - c), p);
        }
        if (red->norm) acc /= L;
        return p == 2.0 ? sqrt(acc) : pow(acc, 1.0 / p);
    }
    case FR_REDUCE_ROLLOFF: {
        const ptrdiff_t k0 = FR_FN(rolloff_bin)(s, n, red->roll_percent, scratch, NULL);
        return k0 < n ? f[k0] : NAN; /* n only when the threshold is NaN */
    }
    case FR_REDUCE_FLATNESS: {
        const T amin = (T)red->amin;
        double lg = 0, am = 0;
        if (red->sum_mode != FR_SUM_DOUBLE) {
            T *restrict v = scratch, *restrict lv = scratch + n;
            for (ptrdiff_t k = 0; k < n; k++) v[k] = s[k] > amin ? s[k] : amin;
#if FR_PRECISION == 32
            for (ptrdiff_t k = 0; k < n; k++) lv[k] = FR_LV(vlogf)(v[k]); /* vectorised */
#else
            for (ptrdiff_t k = 0; k < n; k++) lv[k] = FR_LV(vlog)(v[k]);
#endif
            const T gm = (T)exp((double)(FR_FN(sum_in_order)(lv, n, red->sum_mode) / (T)n));
            return (double)(gm / (FR_FN(sum_in_order)(v, n, red->sum_mode) / (T)n));
        }
        /* chunk by chunk, the logs first (a loop that vectorises), then
         * both sums in order */
        for (ptrdiff_t k0 = 0; k0 < n; k0 += 256) {
            const ptrdiff_t m = n - k0 < 256 ? n - k0 : 256;
            double lgs[256];
            for (ptrdiff_t k = 0; k < m; k++)
                lgs[k] = FR_LV(vlog)((double)(s[k0 + k] > amin ? s[k0 + k] : amin));
            for (ptrdiff_t k = 0; k < m; k++) {
                lg += lgs[k];
                am += s[k0 + k] > amin ? s[k0 + k] : amin;
            }
        }
        return (double)(T)exp(lg / (double)n) / (double)(T)(am / (double)n);
    }
    default:
        return NAN;
    }
}

/* The values of one frame's reduction into o[v*ld]: one for most kinds, the
 * n_bands valleys then the n_bands peaks for FR_REDUCE_CONTRAST. */
static void FR_FN(reduce_into)(const T *restrict s, ptrdiff_t n, const fr_reducer *red,
                               T *restrict scratch, double *o, ptrdiff_t ld) {
    if (red->kind == FR_REDUCE_CONTRAST)
        FR_FN(band_extremes)(s, red->n_bands, red->start, red->idx, red->q, scratch, o,
                             o + red->n_bands * ld, ld);
    else
        o[0] = FR_FN(reduce_frame)(s, n, red, scratch);
}

/* o[m * ld] = sum over band m's bins, in order, of weight times power (one
 * accumulator per band, multiply then add). Four bands are summed side by
 * side: four independent chains of adds instead of one, the same values. */
static void FR_FN(project_bands)(const T *restrict pw, const FR_PFN(fr_bands) *b, T *restrict o,
                                 ptrdiff_t ld) {
    ptrdiff_t m = 0;
    for (; m + 4 <= b->n_bands; m += 4) {
        const T *restrict w0 = b->weights + b->offset[m];
        const T *restrict w1 = b->weights + b->offset[m + 1];
        const T *restrict w2 = b->weights + b->offset[m + 2];
        const T *restrict w3 = b->weights + b->offset[m + 3];
        const T *restrict p0 = pw + b->lo[m], *restrict p1 = pw + b->lo[m + 1];
        const T *restrict p2 = pw + b->lo[m + 2], *restrict p3 = pw + b->lo[m + 3];
        const ptrdiff_t n0 = b->hi[m] - b->lo[m], n1 = b->hi[m + 1] - b->lo[m + 1];
        const ptrdiff_t n2 = b->hi[m + 2] - b->lo[m + 2], n3 = b->hi[m + 3] - b->lo[m + 3];
        ptrdiff_t n = n0 < n1 ? n0 : n1;
        n = n < n2 ? n : n2;
        n = n < n3 ? n : n3;
        T a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        ptrdiff_t k = 0;
        for (; k < n; k++) {
            a0 += w0[k] * p0[k];
            a1 += w1[k] * p1[k];
            a2 += w2[k] * p2[k];
            a3 += w3[k] * p3[k];
        }
        for (ptrdiff_t j = k; j < n0; j++) a0 += w0[j] * p0[j];
        for (ptrdiff_t j = k; j < n1; j++) a1 += w1[j] * p1[j];
        for (ptrdiff_t j = k; j < n2; j++) a2 += w2[j] * p2[j];
        for (ptrdiff_t j = k; j < n3; j++) a3 += w3[j] * p3[j];
        o[m * ld] = a0;
        o[(m + 1) * ld] = a1;
        o[(m + 2) * ld] = a2;
        o[(m + 3) * ld] = a3;
    }
    for (; m < b->n_bands; m++) {
        const T *restrict wm = b->weights + b->offset[m], *restrict pm = pw + b->lo[m];
        T acc = 0;
        for (ptrdiff_t k = 0; k < b->hi[m] - b->lo[m]; k++) acc += wm[k] * pm[k];
        o[m * ld] = acc;
    }
}

/* The sparse basis times one spectrum (fr_stft_csr): filters two at a time
 * (two independent chains of adds, each in order of its entries). The real
 * and imaginary parts are summed in separate loops: written side by side,
 * GCC recognises a complex multiply-add and fuses it (vfmaddsub) at the
 * AVX2 level despite -ffp-contract=off, which would change the bits. */
static void FR_FN(csr_product)(const CT *restrict spec, const FR_PFN(fr_csr) *B, CT *restrict o,
                               ptrdiff_t ld) {
    const ptrdiff_t *restrict p = B->indptr, *restrict idx = B->indices;
    const CT *restrict w = B->data;
    ptrdiff_t b = 0;
    for (; b + 2 <= B->n_bins; b += 2) {
        const ptrdiff_t j0 = p[b], j1 = p[b + 1], e0 = p[b + 1], e1 = p[b + 2];
        T r0 = 0, r1 = 0, i0 = 0, i1 = 0;
        ptrdiff_t k0 = j0, k1 = j1;
        for (; k0 < e0 && k1 < e1; k0++, k1++) {
            r0 += w[k0].re * spec[idx[k0]].re - w[k0].im * spec[idx[k0]].im;
            r1 += w[k1].re * spec[idx[k1]].re - w[k1].im * spec[idx[k1]].im;
        }
        for (; k0 < e0; k0++) r0 += w[k0].re * spec[idx[k0]].re - w[k0].im * spec[idx[k0]].im;
        for (; k1 < e1; k1++) r1 += w[k1].re * spec[idx[k1]].re - w[k1].im * spec[idx[k1]].im;
        for (k0 = j0, k1 = j1; k0 < e0 && k1 < e1; k0++, k1++) {
            i0 += w[k0].re * spec[idx[k0]].im + w[k0].im * spec[idx[k0]].re;
            i1 += w[k1].re * spec[idx[k1]].im + w[k1].im * spec[idx[k1]].re;
        }
        for (; k0 < e0; k0++) i0 += w[k0].re * spec[idx[k0]].im + w[k0].im * spec[idx[k0]].re;
        for (; k1 < e1; k1++) i1 += w[k1].re * spec[idx[k1]].im + w[k1].im * spec[idx[k1]].re;
        o[b * ld].re = r0; o[b * ld].im = i0;
        o[(b + 1) * ld].re = r1; o[(b + 1) * ld].im = i1;
    }
    for (; b < B->n_bins; b++) {
        T re = 0, im = 0;
        for (ptrdiff_t j = p[b]; j < p[b + 1]; j++)
            re += w[j].re * spec[idx[j]].re - w[j].im * spec[idx[j]].im;
        for (ptrdiff_t j = p[b]; j < p[b + 1]; j++)
            im += w[j].re * spec[idx[j]].im + w[j].im * spec[idx[j]].re;
        o[b * ld].re = re; o[b * ld].im = im;
    }
}

/* |basis| times |spectrum| (fr_stft_csr with magnitude), with pw the
 * spectrum's magnitudes: librosa's pseudo-CQT. */
static void FR_FN(csr_magnitude)(const T *restrict pw, const FR_PFN(fr_csr) *B, T *restrict o,
                                 ptrdiff_t ld) {
    const ptrdiff_t *restrict p = B->indptr, *restrict idx = B->indices;
    const CT *restrict w = B->data;
    for (ptrdiff_t b = 0; b < B->n_bins; b++) {
        T acc = 0;
        for (ptrdiff_t j = p[b]; j < p[b + 1]; j++)
            acc += (T)hypot(w[j].re, w[j].im) * pw[idx[j]];
        o[b * ld] = acc;
    }
}

#if FR_PRECISION == 32
/* stft_range for a float32 rolloff (c->plan64 set): frames four at a time,
 * their running sums side by side (cumsum4: four chains of adds, each in
 * order), then each frame's crossing; a frame whose threshold lies within
 * float32 rounding of a running sum is transformed again in double with
 * the double window and its spectrum rounded to float. */
static int FR_FN(rolloff_range)(const FR_FN(stft_ctx) *c, ptrdiff_t begin, ptrdiff_t end, float *buf,
                             fr_cfloat *spec, double *buf64, fr_cdouble *spec64) {
    const ptrdiff_t n_fft = c->n_fft, n_freq = n_fft / 2 + 1;
    const double rp = c->red->roll_percent;
    float *pw = (float *)malloc((size_t)(8 * n_freq) * sizeof(float)), *cum = pw + 4 * n_freq;
    if (!pw) return FR_ERR_ALLOC;
    for (ptrdiff_t i0 = begin; i0 < end; i0 += 4) {
        const ptrdiff_t g = end - i0 < 4 ? end - i0 : 4;
        for (ptrdiff_t j = 0; j < g; j++) {
            const ptrdiff_t r = (i0 + j) / c->n_frames, t = (i0 + j) % c->n_frames;
            const float *restrict frame = c->x + r * c->ldx + t * c->hop;
            for (ptrdiff_t q = 0; q < n_fft; q++) buf[q] = frame[q] * c->window[q];
            fr_rfft_exec_f32(c->plan, buf, spec);
            FR_FN(power_spectrum)(spec, n_freq, c->power, pw + j * n_freq);
        }
        if (g == 4) {
            FR_FN(cumsum4)(pw, n_freq, cum);
        } else {
            for (ptrdiff_t j = 0; j < g; j++) {
                float run = 0;
                for (ptrdiff_t k = 0; k < n_freq; k++) cum[j * n_freq + k] = run += pw[j * n_freq + k];
            }
        }
        for (ptrdiff_t j = 0; j < g; j++) {
            const ptrdiff_t r = (i0 + j) / c->n_frames, t = (i0 + j) % c->n_frames;
            float *pj = pw + j * n_freq, *cj = cum + j * n_freq;
            double margin;
            ptrdiff_t k0 = FR_FN(rolloff_cross)(cj, n_freq, rp, &margin);
            if (k0 < n_freq && margin < FR_ROLLOFF_MARGIN) {
                const float *restrict frame = c->x + r * c->ldx + t * c->hop;
                const double *restrict w64 = c->red->window64;
                for (ptrdiff_t q = 0; q < n_fft; q++) buf64[q] = (double)frame[q] * w64[q];
                fr_rfft_exec_f64(c->plan64, buf64, spec64);
                for (ptrdiff_t k = 0; k < n_freq; k++) {
                    const double re = spec64[k].re, im = spec64[k].im, m = sqrt(re * re + im * im);
                    pj[k] = (float)(c->power == 1.0 ? m : pow(m, c->power));
                }
                k0 = FR_FN(rolloff_bin)(pj, n_freq, rp, cj, NULL);
            }
            c->dout[r * c->lddout + t] = k0 < n_freq ? c->red->freq[k0] : NAN;
        }
    }
    free(pw);
    return FR_OK;
}
#endif

/* Frames [begin, end) of the flattened (row, frame) index, each windowed,
 * transformed and written while in cache; scratch is per call so that
 * chunks can run on separate threads. */
static int FR_FN(stft_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(stft_ctx) *c = (const FR_FN(stft_ctx) *)arg;
    const ptrdiff_t n_fft = c->n_fft, n_freq = n_fft / 2 + 1;
    T *buf = (T *)fr_fftw_malloc((size_t)n_fft * sizeof(T));
    CT *spec = (CT *)fr_fftw_malloc((size_t)n_freq * sizeof(CT));
    /* the power spectrum, and scratch for a reducer after it */
    const int need_pw = c->rout || c->red || (c->csr && c->magnitude);
    T *pw = need_pw ? (T *)malloc((size_t)(3 * n_freq) * sizeof(T)) : NULL;
    double *buf64 = NULL;
    fr_cdouble *spec64 = NULL;
    int st = FR_OK;
    if (c->plan64) {
        buf64 = (double *)fr_fftw_malloc((size_t)n_fft * sizeof(double));
        spec64 = (fr_cdouble *)fr_fftw_malloc((size_t)n_freq * sizeof(fr_cdouble));
        if (!buf64 || !spec64) {
            st = FR_ERR_ALLOC;
            goto cleanup;
        }
    }
    if (!buf || !spec || (need_pw && !pw)) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
#if FR_PRECISION == 32
    if (c->plan64) { /* float32 rolloff, refined where float32 rounding could move it */
        st = FR_FN(rolloff_range)(c, begin, end, buf, spec, buf64, spec64);
        goto cleanup;
    }
#endif
    for (ptrdiff_t i = begin; i < end; i++) {
        const ptrdiff_t r = i / c->n_frames, t = i % c->n_frames;
        const T *restrict frame = c->x + r * c->ldx + t * c->hop;
        const T *restrict w = c->window;
        for (ptrdiff_t j = 0; j < n_fft; j++) buf[j] = frame[j] * w[j];
        FR_PFN(fr_rfft_exec)(c->plan, buf, spec);
        if (c->out) {
            memcpy(c->out + r * c->ldout + t * n_freq, spec, (size_t)n_freq * sizeof(CT));
            continue;
        }
        if (c->csr) {
            const ptrdiff_t at = r * c->ldc_row + t * c->ldc_frame;
            if (c->magnitude) {
                FR_FN(power_spectrum)(spec, n_freq, 1.0, pw);
                FR_FN(csr_magnitude)(pw, c->csr, (T *)c->cout + at, c->ldc_bin);
            } else {
                FR_FN(csr_product)(spec, c->csr, (CT *)c->cout + at, c->ldc_bin);
            }
            continue;
        }
        FR_FN(power_spectrum)(spec, n_freq, c->power, pw);
        if (c->red) {
#if FR_PRECISION == 64
            if (c->red->single) { /* reduce the float32 rounding of the spectrum, as float32 */
                float *restrict pf = (float *)(pw + n_freq);
                for (ptrdiff_t k = 0; k < n_freq; k++) pf[k] = (float)pw[k];
                FR_LV(reduce_into_f32)(pf, n_freq, c->red, pf + n_freq,
                                       c->dout + r * c->lddout + t, c->ldvalue);
                continue;
            }
#endif
            FR_FN(reduce_into)(pw, n_freq, c->red, pw + n_freq, c->dout + r * c->lddout + t,
                               c->ldvalue);
            continue;
        }
        T *restrict o = c->rout + r * c->ldrout + t;
        const FR_PFN(fr_bands) *b = c->bands;
        if (!b) {
            for (ptrdiff_t k = 0; k < n_freq; k++) o[k * c->ld_band] = pw[k];
            continue;
        }
        FR_FN(project_bands)(pw, b, o, c->ld_band);
    }
cleanup:
    fr_fftw_free(buf);
    fr_fftw_free(spec);
    fr_fftw_free(buf64);
    fr_fftw_free(spec64);
    free(pw);
    return st;
}

static int FR_FN(run_frames)(FR_FN(stft_ctx) *c, ptrdiff_t n_rows, int n_threads) {
    int st;
    if (n_rows < 0 || c->n_frames < 0 || c->n_fft < 1 || c->hop < 1) return FR_ERR_SIZE;
    if (n_rows == 0 || c->n_frames == 0) return FR_OK;
    st = fr_plan_rfft(c->n_fft, FR_SINGLE, &c->plan);
    if (st != FR_OK) return st;
    /* Threads only pay off past a few hundred thousand samples of work. */
    if ((double)n_rows * (double)c->n_frames * (double)c->n_fft < (double)(1 << 19)) n_threads = 1;
    return fr_parallel_for(n_rows * c->n_frames, n_threads, FR_FN(stft_range), c);
}

int FR_FN(fr_stft)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                   ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft,
                   CT *restrict out, ptrdiff_t ldout, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.out = out; c.ldout = ldout;
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

int FR_FN(fr_stft_power)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                         ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft, double power,
                         const FR_PFN(fr_bands) *bands, T *restrict out, ptrdiff_t ldout,
                         ptrdiff_t ld_band, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    if (bands) {
        for (ptrdiff_t m = 0; m < bands->n_bands; m++)
            if (bands->lo[m] < 0 || bands->hi[m] > n_fft / 2 + 1 || bands->lo[m] > bands->hi[m])
                return FR_ERR_SIZE;
    }
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.rout = out; c.ldrout = ldout; c.ld_band = ld_band;
    c.power = power; c.bands = bands;
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

int FR_FN(fr_stft_csr)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                       ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft,
                       const FR_PFN(fr_csr) *basis, int magnitude, void *out, ptrdiff_t ld_row,
                       ptrdiff_t ld_bin, ptrdiff_t ld_frame, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    if (basis->n_bins < 0 || basis->indptr[0] < 0) return FR_ERR_SIZE;
    for (ptrdiff_t b = 0; b < basis->n_bins; b++) {
        if (basis->indptr[b] > basis->indptr[b + 1]) return FR_ERR_SIZE;
        for (ptrdiff_t j = basis->indptr[b]; j < basis->indptr[b + 1]; j++)
            if (basis->indices[j] < 0 || basis->indices[j] > n_fft / 2) return FR_ERR_SIZE;
    }
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.csr = basis; c.magnitude = magnitude; c.cout = out;
    c.ldc_row = ld_row; c.ldc_bin = ld_bin; c.ldc_frame = ld_frame;
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

/* FR_OK when a contrast reducer's bands are well formed for n_freq bins. */
static int FR_FN(check_reducer)(const fr_reducer *red, ptrdiff_t n_freq) {
    if (red->kind != FR_REDUCE_CONTRAST) return FR_OK;
    if (red->n_bands < 0 || red->start[0] != 0) return FR_ERR_SIZE;
    for (ptrdiff_t b = 0; b < red->n_bands; b++) {
        if (red->start[b + 1] < red->start[b] || red->q[b] < 1) return FR_ERR_SIZE;
        if (red->start[b + 1] - red->start[b] > n_freq + 1) return FR_ERR_SIZE; /* scratch */
        for (ptrdiff_t k = red->start[b]; k < red->start[b + 1]; k++)
            if (red->idx[k] < 0 || red->idx[k] >= n_freq) return FR_ERR_SIZE;
    }
    return FR_OK;
}

int FR_FN(fr_stft_reduce)(const T *restrict x, ptrdiff_t n_rows, ptrdiff_t ldx, ptrdiff_t n_frames,
                          ptrdiff_t hop, const T *restrict window, ptrdiff_t n_fft, double power,
                          const fr_reducer *red, double *restrict out, ptrdiff_t ldout,
                          ptrdiff_t ld_value, int n_threads) {
    FR_FN(stft_ctx) c = {0};
    if (!red || FR_FN(check_reducer)(red, n_fft / 2 + 1) != FR_OK) return FR_ERR_SIZE;
    c.x = x; c.ldx = ldx; c.n_frames = n_frames; c.hop = hop; c.n_fft = n_fft;
    c.window = window; c.power = power; c.red = red; c.dout = out; c.lddout = ldout;
    c.ldvalue = ld_value;
    if (FR_SINGLE && red->kind == FR_REDUCE_ROLLOFF && red->window64 && n_rows > 0 && n_frames > 0) {
        const int st = fr_plan_rfft(n_fft, 0, &c.plan64);
        if (st != FR_OK) return st;
    }
    return FR_FN(run_frames)(&c, n_rows, n_threads);
}

typedef struct {
    const T *S;
    ptrdiff_t lds, ld_bin, ld_frame, n_freq, n_frames;
    const fr_reducer *red;
    double *out;
    ptrdiff_t ldout, ldvalue;
} FR_FN(spec_ctx);

/* Items [begin, end) of the flattened (row, frame) index of a stored
 * spectrogram. Frames stored bin after bin (ld_bin == 1) are reduced where
 * they lie; otherwise a few frames at a time are gathered into contiguous
 * spectra (reading each bin's stretch of the block at once), then reduced. */
static int FR_FN(spec_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    enum { BLOCK = 64 };
    const FR_FN(spec_ctx) *c = (const FR_FN(spec_ctx) *)arg;
    const ptrdiff_t n_freq = c->n_freq, ldb = c->ld_bin, ldf = c->ld_frame;
    T *buf = (T *)malloc((size_t)((BLOCK + 2) * n_freq) * sizeof(T)); /* + scratch */
    if (!buf) return FR_ERR_ALLOC;
    for (ptrdiff_t i = begin; i < end;) {
        const ptrdiff_t r = i / c->n_frames, t0 = i % c->n_frames;
        ptrdiff_t nb = c->n_frames - t0;
        if (nb > BLOCK) nb = BLOCK;
        if (nb > end - i) nb = end - i;
        const T *restrict col = c->S + r * c->lds + t0 * ldf;
        double *o = c->out + r * c->ldout + t0;
        if (ldb == 1) {
            for (ptrdiff_t j = 0; j < nb; j++)
                FR_FN(reduce_into)(col + j * ldf, n_freq, c->red, buf + BLOCK * n_freq, o + j,
                                   c->ldvalue);
        } else {
            for (ptrdiff_t k = 0; k < n_freq; k++)
                for (ptrdiff_t j = 0; j < nb; j++) buf[j * n_freq + k] = col[k * ldb + j * ldf];
            for (ptrdiff_t j = 0; j < nb; j++)
                FR_FN(reduce_into)(buf + j * n_freq, n_freq, c->red, buf + BLOCK * n_freq, o + j,
                                   c->ldvalue);
        }
        i += nb;
    }
    free(buf);
    return FR_OK;
}

int FR_FN(fr_spec_reduce)(const T *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_bin,
                          ptrdiff_t ld_frame, ptrdiff_t n_freq, ptrdiff_t n_frames,
                          const fr_reducer *red, double *restrict out, ptrdiff_t ldout,
                          ptrdiff_t ld_value, int n_threads) {
    FR_FN(spec_ctx) c;
    if (!red || n_rows < 0 || n_freq < 1 || n_frames < 0) return FR_ERR_SIZE;
    if (FR_FN(check_reducer)(red, n_freq) != FR_OK) return FR_ERR_SIZE;
    if (n_rows == 0 || n_frames == 0) return FR_OK;
    c.S = S; c.lds = lds; c.ld_bin = ld_bin; c.ld_frame = ld_frame; c.n_freq = n_freq;
    c.n_frames = n_frames; c.red = red; c.out = out; c.ldout = ldout; c.ldvalue = ld_value;
    if ((double)n_rows * (double)n_frames * (double)n_freq < (double)(1 << 18)) n_threads = 1;
    return fr_parallel_for(n_rows * n_frames, n_threads, FR_FN(spec_range), &c);
}

/* fr_hpss_istft's inputs (frame-major, one spectrogram) and second output. */
typedef struct {
    const T *harm, *perc, *mag;
    const CT *D;
    double margin_h, margin_p, power;
    int split_zeros;
    T *y_p;
} FR_FN(hpss_src);

typedef struct {
    const CT *S;
    ptrdiff_t lds, ld_frame, ld_bin, n_frames, n_fft, hop, offset, y_len, chunk, n_chunks;
    const T *window, *wscaled;
    const fr_plan *plan;
    T *wss; /* y_len values: the window's sum of squares */
    T *y;
    ptrdiff_t ldy;
    const FR_FN(hpss_src) *hp; /* fr_hpss_istft: the spectra made from the masks, or NULL */
} FR_FN(istft_ctx);

/* The frames [t0, t1) of frames that overlap samples [s0, s1) of the output:
 * frame t covers t*hop - offset .. t*hop - offset + n_fft - 1. */
static void FR_FN(istft_frames)(const FR_FN(istft_ctx) *c, ptrdiff_t s0, ptrdiff_t s1,
                                ptrdiff_t *t0, ptrdiff_t *t1) {
    /* first t with t*hop - offset + n_fft > s0; last t with t*hop - offset < s1 */
    ptrdiff_t a = s0 + c->offset - c->n_fft + 1, b = s1 - 1 + c->offset;
    ptrdiff_t lo = a <= 0 ? 0 : (a + c->hop - 1) / c->hop;
    ptrdiff_t hi = b < 0 ? 0 : b / c->hop + 1;
    *t0 = lo;
    *t1 = hi < c->n_frames ? hi : c->n_frames;
}

/* Chunks [begin, end) of the output samples (c->chunk each): the window's
 * sum of squares there, frame after frame as librosa accumulates it. */
static int FR_FN(istft_wss_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    const FR_FN(istft_ctx) *c = (const FR_FN(istft_ctx) *)arg;
    const ptrdiff_t s0 = begin * c->chunk;
    const ptrdiff_t s1 = end * c->chunk < c->y_len ? end * c->chunk : c->y_len;
    ptrdiff_t t0, t1;
    FR_FN(istft_frames)(c, s0, s1, &t0, &t1);
    for (ptrdiff_t t = t0; t < t1; t++) {
        const ptrdiff_t lo = t * c->hop - c->offset;
        const ptrdiff_t j0 = s0 - lo > 0 ? s0 - lo : 0;
        const ptrdiff_t j1 = s1 - lo < c->n_fft ? s1 - lo : c->n_fft;
        T *restrict w = c->wss + lo;
        for (ptrdiff_t j = j0; j < j1; j++) w[j] += c->window[j] * c->window[j];
    }
    return FR_OK;
}

/* Items [begin, end) of the flattened (row, chunk) index: the samples of
 * each row's chunks, from every frame that overlaps them, in frame order
 * (so each sample sums its frames in the same order whatever the split; a
 * frame straddling two threads' spans is transformed by both). Frames are
 * gathered BLOCK at a time: when the frames of a bin are adjacent in memory
 * (ld_frame == 1), a block reads whole cache lines of each bin. */
static int FR_FN(istft_range)(void *arg, ptrdiff_t begin, ptrdiff_t end) {
    enum { BLOCK = 8 };
    const FR_FN(istft_ctx) *c = (const FR_FN(istft_ctx) *)arg;
    const ptrdiff_t n_fft = c->n_fft, n_freq = n_fft / 2 + 1;
    const ptrdiff_t ldspec = (n_freq + 7) / 8 * 8; /* keeps each spectrum aligned as the first */
    const FR_FN(hpss_src) *hp = c->hp;
    /* with hp, the percussive spectra follow the harmonic ones */
    CT *spec = (CT *)fr_fftw_malloc((size_t)((hp ? 2 : 1) * BLOCK * ldspec) * sizeof(CT));
    T *buf = (T *)fr_fftw_malloc((size_t)n_fft * sizeof(T));
    const T tiny = FR_SINGLE ? (T)FLT_MIN : (T)DBL_MIN;
    int st = FR_OK;
    if (!spec || !buf) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    for (ptrdiff_t i = begin; i < end;) {
        const ptrdiff_t r = i / c->n_chunks, q0 = i % c->n_chunks;
        ptrdiff_t q1 = c->n_chunks;
        if (q1 - q0 > end - i) q1 = q0 + (end - i);
        i += q1 - q0;
        const ptrdiff_t s0 = q0 * c->chunk;
        const ptrdiff_t s1 = q1 * c->chunk < c->y_len ? q1 * c->chunk : c->y_len;
        const CT *restrict Sr = c->S + r * c->lds;
        T *restrict yr = c->y + r * c->ldy;
        ptrdiff_t t0, t1;
        FR_FN(istft_frames)(c, s0, s1, &t0, &t1);
        for (ptrdiff_t tb = t0; tb < t1; tb += BLOCK) {
            const ptrdiff_t nb = t1 - tb < BLOCK ? t1 - tb : BLOCK;
            if (hp) {
                for (ptrdiff_t b = 0; b < nb; b++) {
                    const ptrdiff_t at = (tb + b) * n_freq;
                    st = FR_PFN(fr_hpss_masks)(hp->harm + at, hp->perc + at, n_freq, hp->margin_h,
                                              hp->margin_p, hp->power, hp->split_zeros,
                                              hp->mag + at, hp->D + at, NULL, NULL,
                                              spec + b * ldspec,
                                              spec + (BLOCK + b) * ldspec, 1);
                    if (st != FR_OK) goto cleanup;
                }
            } else if (c->ld_bin == 1) {
                for (ptrdiff_t b = 0; b < nb; b++)
                    memcpy(spec + b * ldspec, Sr + (tb + b) * c->ld_frame,
                           (size_t)n_freq * sizeof(CT));
            } else {
                for (ptrdiff_t k = 0; k < n_freq; k++) {
                    const CT *restrict sk = Sr + k * c->ld_bin + tb * c->ld_frame;
                    for (ptrdiff_t b = 0; b < nb; b++) spec[b * ldspec + k] = sk[b * c->ld_frame];
                }
            }
            for (ptrdiff_t b = 0; b < nb; b++) {
                const ptrdiff_t lo = (tb + b) * c->hop - c->offset;
                const ptrdiff_t j0 = s0 - lo > 0 ? s0 - lo : 0;
                const ptrdiff_t j1 = s1 - lo < n_fft ? s1 - lo : n_fft;
                if (j0 >= j1) continue;
                for (int part = 0; part < (hp ? 2 : 1); part++) {
                    FR_PFN(fr_irfft_exec)(c->plan, spec + (part * BLOCK + b) * ldspec, buf);
                    const T *restrict w = c->wscaled;
                    T *restrict o = (part ? hp->y_p : yr) + lo;
                    for (ptrdiff_t j = j0; j < j1; j++) o[j] += w[j] * buf[j];
                }
            }
        }
        for (ptrdiff_t s = s0; s < s1; s++)
            if (c->wss[s] > tiny) yr[s] /= c->wss[s];
        if (hp)
            for (ptrdiff_t s = s0; s < s1; s++)
                if (c->wss[s] > tiny) hp->y_p[s] /= c->wss[s];
    }
cleanup:
    fr_fftw_free(spec);
    fr_fftw_free(buf);
    return st;
}

/* fr_istft, or with hp (and then S = hp->D, one row, frame-major)
 * fr_hpss_istft. */
static int FR_FN(istft_run)(const CT *restrict S, ptrdiff_t n_rows, ptrdiff_t lds,
                            ptrdiff_t ld_frame, ptrdiff_t ld_bin, ptrdiff_t n_frames,
                            ptrdiff_t n_fft, ptrdiff_t hop, const T *restrict window,
                            ptrdiff_t offset, T *restrict y, ptrdiff_t ldy, ptrdiff_t y_len,
                            const FR_FN(hpss_src) *hp, int n_threads) {
    FR_FN(istft_ctx) c;
    T *wss = NULL, *wscaled = NULL;
    int st;

    if (n_rows < 0 || n_frames < 0 || n_fft < 1 || hop < 1 || y_len < 0 || offset < 0)
        return FR_ERR_SIZE;
    if (n_rows == 0 || y_len == 0 || n_frames == 0) return FR_OK;
    st = fr_plan_irfft(n_fft, FR_SINGLE, &c.plan);
    if (st != FR_OK) return st;
    wscaled = (T *)malloc((size_t)n_fft * sizeof(T));
    wss = (T *)calloc((size_t)y_len, sizeof(T));
    if (!wss || !wscaled) {
        st = FR_ERR_ALLOC;
        goto cleanup;
    }
    /* The backward transform is unnormalised: fold 1/n_fft into the window. */
    for (ptrdiff_t j = 0; j < n_fft; j++) wscaled[j] = window[j] / (T)n_fft;
    c.S = S; c.lds = lds; c.ld_frame = ld_frame; c.ld_bin = ld_bin; c.n_frames = n_frames;
    c.n_fft = n_fft; c.hop = hop; c.offset = offset; c.y_len = y_len; c.window = window;
    c.wscaled = wscaled; c.wss = wss; c.y = y; c.ldy = ldy; c.hp = hp;
    /* chunks of whole hops, at least a few frames long, so that the frames
     * recomputed at a thread's boundary are few next to its own */
    c.chunk = 16 * (n_fft > hop ? n_fft : hop);
    c.n_chunks = (y_len + c.chunk - 1) / c.chunk;
    if ((double)n_rows * (double)n_frames * (double)n_fft < (double)(1 << 18)) n_threads = 1;
    st = fr_parallel_for(c.n_chunks, n_threads, FR_FN(istft_wss_range), &c);
    if (st == FR_OK) st = fr_parallel_for(n_rows * c.n_chunks, n_threads, FR_FN(istft_range), &c);
cleanup:
    free(wss);
    free(wscaled);
    return st;
}

int FR_FN(fr_istft)(const CT *restrict S, ptrdiff_t n_rows, ptrdiff_t lds, ptrdiff_t ld_frame,
                    ptrdiff_t ld_bin, ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop,
                    const T *restrict window, ptrdiff_t offset, T *restrict y, ptrdiff_t ldy,
                    ptrdiff_t y_len, int n_threads) {
    return FR_FN(istft_run)(S, n_rows, lds, ld_frame, ld_bin, n_frames, n_fft, hop, window,
                            offset, y, ldy, y_len, NULL, n_threads);
}

int FR_FN(fr_hpss_istft)(const T *harm, const T *perc, const T *mag, const CT *D,
                         ptrdiff_t n_frames, ptrdiff_t n_fft, ptrdiff_t hop, double margin_h,
                         double margin_p, double power, int split_zeros, const T *window,
                         ptrdiff_t offset, T *y_h, T *y_p, ptrdiff_t y_len, int n_threads) {
    FR_FN(hpss_src) hp;
    if (!isfinite(power) || n_fft < 1) return FR_ERR_SIZE;
    hp.harm = harm; hp.perc = perc; hp.mag = mag; hp.D = D;
    hp.margin_h = margin_h; hp.margin_p = margin_p; hp.power = power;
    hp.split_zeros = split_zeros; hp.y_p = y_p;
    return FR_FN(istft_run)(D, 1, 0, n_fft / 2 + 1, 1, n_frames, n_fft, hop, window, offset,
                            y_h, 0, y_len, &hp, n_threads);
}
